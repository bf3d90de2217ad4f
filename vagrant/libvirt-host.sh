#!/bin/sh
# Starts and stops libvirt by hand on a host whose PID 1 is not systemd (containers, CI
# sandboxes), for vagrant-libvirt. Run as root.
#   sh vagrant/libvirt-host.sh start   # qemu as root (9p passthrough), virtlogd, libvirtd, pool
#   sh vagrant/libvirt-host.sh stop    # stops both daemons, restores net.ipv4.ip_forward
# libvirt's networks turn on IP forwarding; start saves the old value and stop puts it back.
set -eu
state=/run/sct-libvirt
conf=/etc/libvirt/qemu.conf
pool_dir=/var/lib/libvirt/images

daemon_pid() { [ -f "/run/$1.pid" ] && kill -0 "$(cat "/run/$1.pid")" 2>/dev/null && cat "/run/$1.pid"; }

start() {
	mkdir -p "$state"
	[ -f "$state/ip_forward" ] || cat /proc/sys/net/ipv4/ip_forward >"$state/ip_forward"
	# 9p passthrough writes files as the qemu process's user: run qemu as root
	if ! grep -q '^user = "root"' "$conf"; then
		printf '\n# sct: vagrant/libvirt-host.sh (9p passthrough)\nuser = "root"\ngroup = "root"\n' >>"$conf"
	fi
	daemon_pid virtlogd >/dev/null || virtlogd -d
	daemon_pid libvirtd >/dev/null || libvirtd -d
	for _ in $(seq 50); do virsh -q list >/dev/null 2>&1 && break; sleep 0.2; done
	if ! virsh -q pool-info default >/dev/null 2>&1; then
		mkdir -p "$pool_dir"
		virsh -q pool-define-as default dir --target "$pool_dir" >/dev/null
	fi
	virsh -q pool-start default >/dev/null 2>&1 || true
	echo "libvirt-host: libvirtd $(daemon_pid libvirtd), virtlogd $(daemon_pid virtlogd), pool default at $pool_dir"
}

stop() {
	running=$(virsh -q list --name 2>/dev/null | grep -c . || true)
	[ "$running" -eq 0 ] || echo "libvirt-host: warning: $running domain(s) still running (vagrant destroy -f first)" >&2
	for d in libvirtd virtlogd; do
		if pid=$(daemon_pid $d); then
			kill "$pid"
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
		fi
	done
	# libvirt leaves its dnsmasq for each network it started
	for f in /run/libvirt/network/*.pid; do
		[ "${f##*/}" = driver.pid ] && continue
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
	done
	if [ -f "$state/ip_forward" ]; then
		cat "$state/ip_forward" >/proc/sys/net/ipv4/ip_forward
		rm -f "$state/ip_forward"
	fi
	echo "libvirt-host: stopped; ip_forward $(cat /proc/sys/net/ipv4/ip_forward)"
}

case ${1:-} in
start) start ;;
stop) stop ;;
*) echo "usage: libvirt-host.sh start|stop" >&2; exit 2 ;;
esac
