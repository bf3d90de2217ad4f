#!/bin/sh
# Runs inside the guest, started by the image's /sbin/sct-init (PID 1) once the
# checkout is mounted at /mnt/host. Runs one suite, copies its TAP to the console
# and to <share>/<sct_results>/<suite>.tap, then powers the guest off.
# Kernel command line: sct_suite=NAME sct_results=REL/DIR sct_kernel=VERSION
# [sct_projects=P1,P2] (SCT_VM_PROJECTS on the host: the functional suite's vitest projects)
# [sct_full=1] (SCT_VM_FULL=1 on the host: the functional suite's left-out tests too)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root
export PATH HOME

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 10
	poweroff -f
}

suite=$(arg sct_suite)
results=$(arg sct_results)
SCT_EXPECT_KERNEL=$(arg sct_kernel)
SCT_SHARE=/mnt/host
SCT_VM_PROJECTS=$(arg sct_projects)
SCT_VM_FULL=$(arg sct_full)
export SCT_EXPECT_KERNEL SCT_SHARE SCT_VM_PROJECTS SCT_VM_FULL

echo "# sct-guest: init at uptime $(cut -d' ' -f1 /proc/uptime)s, suite ${suite:-?}"
script="$SCT_SHARE/vagrant/suites/$suite.sh"
if [ -z "$suite" ] || [ -z "$results" ] || [ ! -f "$script" ]; then
	echo "# sct-guest: no such suite '${suite}' (sct_suite=, sct_results= on the kernel command line)"
	poweroff_now
fi

mount -t tmpfs tmpfs /tmp
# cgroup2, where sct watch attaches its FAIL hooks (cgroup socket programs), as on the host
grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts || mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/console ||
	echo "# sct-guest: could not mount cgroup2 on /sys/fs/cgroup"
# no NIC (-nic none), but tests talk to servers on 127.0.0.1
ip link set lo up
out="$SCT_SHARE/$results/$suite.tap"
mkdir -p "$(dirname "$out")"
cd "$SCT_SHARE" || poweroff_now

# The suite's stdout is TAP: to the console (which the host watches live) and to
# the results file. Its stderr goes to the console only.
status_file=/tmp/suite-status
{ sh "$script" 2>/dev/console; echo $? >"$status_file"; } | tee "$out"
echo "# sct-guest: suite $suite exit $(cat "$status_file") at uptime $(cut -d' ' -f1 /proc/uptime)s"
poweroff_now
