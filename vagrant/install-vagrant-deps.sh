#!/bin/sh
# Installs Vagrant with the libvirt provider from Debian's packages (only what is missing),
# for `vagrant/build-box.mjs` and `SCT_VAGRANT_BOX=local vagrant up`. Run as root.
# Also the host tools vagrant/build-box.mjs needs: sfdisk (fdisk), grub-install for BIOS (grub-pc-bin,
# grub2-common).
set -eu

# package:command (or file) that proves it is installed
wanted="vagrant:vagrant vagrant-libvirt:/usr/share/rubygems-integration/all/specifications/vagrant-libvirt-0.11.2.gemspec
libvirt-daemon-system:libvirtd qemu-system-x86:qemu-system-x86_64 qemu-utils:qemu-img fdisk:sfdisk
grub-pc-bin:/usr/lib/grub/i386-pc/boot.img grub2-common:grub-install dnsmasq-base:dnsmasq"

missing=""
for pair in $wanted; do
	pkg=${pair%%:*}
	what=${pair#*:}
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then continue; fi
	case $what in
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	missing="$missing $pkg"
done

if [ -z "$missing" ]; then
	echo "install-vagrant-deps: all present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-vagrant-deps: need root to install:$missing" >&2
	exit 1
fi
echo "install-vagrant-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing
