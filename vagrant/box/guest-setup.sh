#!/bin/sh
# Runs in a chroot of the test image (vagrant/build-box.mjs): what a Vagrant box needs on top of
# it. systemd as init, sshd, sudo, the vagrant user with Vagrant's insecure key (Vagrant swaps it
# for a fresh one on first `vagrant up`), DHCP on the first NIC through systemd-networkd.
# $1: the insecure public key, $2: the kernel version.
set -eu
pubkey=$1
kver=$2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends systemd-sysv openssh-server sudo ifupdown- >/dev/null
apt-get clean
rm -rf /var/lib/apt/lists/*

id vagrant >/dev/null 2>&1 || useradd -m -s /bin/bash vagrant
echo vagrant:vagrant | chpasswd
echo root:vagrant | chpasswd
install -d -m 700 -o vagrant -g vagrant /home/vagrant/.ssh
printf '%s\n' "$pubkey" >/home/vagrant/.ssh/authorized_keys
chown vagrant:vagrant /home/vagrant/.ssh/authorized_keys
chmod 600 /home/vagrant/.ssh/authorized_keys
echo 'vagrant ALL=(ALL) NOPASSWD:ALL' >/etc/sudoers.d/vagrant
chmod 440 /etc/sudoers.d/vagrant
printf 'UseDNS no\n' >/etc/ssh/sshd_config.d/vagrant.conf
# every box would share these: generate them at first boot instead
rm -f /etc/ssh/ssh_host_*
mkdir -p /etc/systemd/system/ssh.service.d
# (the unit's own ExecStartPre, sshd -t, fails without keys: replace the list, keys first)
printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
	>/etc/systemd/system/ssh.service.d/host-keys.conf

cat >/etc/systemd/network/20-dhcp.network <<NET
[Match]
Name=en* eth*
[Network]
DHCP=ipv4
NET
systemctl enable systemd-networkd ssh >/dev/null 2>&1
echo sct-guest >/etc/hostname # as in the image's /etc/hosts
printf 'LABEL=root / ext4 defaults 0 1\n' >/etc/fstab
# the VM suites' init (/sbin/sct-init) is not PID 1 here; 9p modules load on demand for the share
printf '9p\n9pnet_virtio\nvirtio_net\n' >/etc/modules-load.d/sct.conf
# the small initramfs of the image lists its modules; add the NIC's for an early network
grep -qx virtio_net /etc/initramfs-tools/modules || echo virtio_net >>/etc/initramfs-tools/modules
update-initramfs -u -k "$kver" >/dev/null 2>&1
