#!/bin/sh
# Installs the host tools that vagrant/build-image.mjs and vagrant/run-vm.mjs need,
# from Debian's packages, and only those that are missing. Run as root.
set -eu

# package:command that proves it is installed
wanted="debootstrap:debootstrap qemu-system-x86:qemu-system-x86_64 qemu-utils:qemu-img e2fsprogs:mkfs.ext4"

missing=""
for pair in $wanted; do
	pkg=${pair%%:*}
	cmd=${pair#*:}
	if ! command -v "$cmd" >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $pkg"
	fi
done

if [ -z "$missing" ]; then
	echo "install-host-deps: all present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-host-deps: need root to install:$missing" >&2
	exit 1
fi

echo "install-host-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing
