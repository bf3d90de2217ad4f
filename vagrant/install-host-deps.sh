#!/bin/sh
# Installs the host tools that vagrant/build-image.mjs and vagrant/run-vm.mjs need,
# from Debian's packages, and only those that are missing. Run as root.
set -eu

exec bash "$(dirname "$0")/../ci/apt-install-missing.sh" install-host-deps debootstrap qemu-system-x86 qemu-utils e2fsprogs
