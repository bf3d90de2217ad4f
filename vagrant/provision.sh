#!/bin/sh
# Vagrant's shell provisioner (vagrant/Vagrantfile), as root in the guest: what the VM suites
# need, installed only when missing. The local box (build-box.mjs) already has all of it.
set -eu
export DEBIAN_FRONTEND=noninteractive
kver=$(uname -r)

need=""
for pkg in make gcc libc6-dev strace bpftool iproute2 procps kmod "linux-headers-$kver"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need="$need $pkg"
done

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -f /tmp/sct-node ]; then
	install -m 755 /tmp/sct-node /usr/local/bin/node
	rm -f /tmp/sct-node
fi
if ! command -v node >/dev/null 2>&1; then
	need="$need nodejs"
fi

if [ -n "$need" ]; then
	echo "provision: installing$need"
	apt-get update -qq
	# shellcheck disable=SC2086 # a list of packages
	apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
if [ "$(node_major)" -lt 20 ]; then
	echo "provision: warning: node $(node --version) is older than the project's engines (>= 20.5);" \
		"set SCT_VAGRANT_NODE to a Linux x86_64 node 20 binary and run vagrant provision" >&2
fi
echo "provision: $(node --version 2>/dev/null || echo 'no node'), kernel $kver"
