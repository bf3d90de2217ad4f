#!/bin/sh
# Installs Vagrant with the libvirt provider from Debian's packages (only what is missing),
# for `vagrant/build-box.mjs` and `SCT_VAGRANT_BOX=local vagrant up`. Run as root.
# Also the host tools vagrant/build-box.mjs needs: sfdisk (fdisk), grub-install for BIOS (grub-pc-bin,
# grub2-common).
set -eu

exec bash "$(dirname "$0")/../ci/apt-install-missing.sh" install-vagrant-deps vagrant vagrant-libvirt libvirt-daemon-system qemu-system-x86 qemu-utils fdisk grub-pc-bin grub2-common dnsmasq-base
