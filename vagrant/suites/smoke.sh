#!/bin/sh
# The guest is what the tests expect: the built kernel, the share, node, syscalls.
. "$SCT_SHARE/vagrant/suites/lib.sh"

kernel_matches() {
	echo "running $(uname -r), built $SCT_EXPECT_KERNEL"
	[ -n "$SCT_EXPECT_KERNEL" ] && [ "$(uname -r)" = "$SCT_EXPECT_KERNEL" ]
}
share_mounted() {
	# the runner's tag is hostshare, vagrant-libvirt's a hash of the host path
	awk -v d="$SCT_SHARE" '$2 == d && $3 == "9p" { found = 1 } END { exit !found }' /proc/mounts &&
		[ -f "$SCT_SHARE/package.json" ]
}
node_runs() {
	node -e 'const fs = require("node:fs"); const p = JSON.parse(fs.readFileSync("package.json", "utf8")); if (p.name !== "syscalltrack") process.exit(1); console.log(process.version)'
}
syscalls_work() {
	# open/read/close through node, and the same calls seen by strace (ptrace works)
	echo hello >/tmp/smoke.txt &&
		[ "$(node -e 'process.stdout.write(require("node:fs").readFileSync("/tmp/smoke.txt", "utf8"))')" = hello ] &&
		strace -f -e trace=openat -o /tmp/strace.out cat /tmp/smoke.txt >/dev/null &&
		grep -q 'openat(.*"/tmp/smoke.txt"' /tmp/strace.out
}
missing_file_fails() {
	# a failing syscall reports ENOENT as it should
	node -e 'try { require("node:fs").openSync("/nonexistent/x"); process.exit(1) } catch (e) { if (e.code !== "ENOENT") process.exit(2) }'
}
loopback_works() {
	node -e 'const net = require("node:net"); const s = net.createServer((c) => c.end("hi")).listen(0, "127.0.0.1", () => {
		net.connect(s.address().port, "127.0.0.1").on("data", (d) => { if (String(d) !== "hi") process.exit(1); process.exit(0); }).on("error", () => process.exit(2));
	})'
}
module_headers() {
	[ -f "/lib/modules/$(uname -r)/build/Makefile" ] && command -v make && command -v gcc
}

tap_start
check "kernel $(uname -r) is the built kernel" kernel_matches
check "checkout is mounted over 9p at $SCT_SHARE" share_mounted
check "node runs and reads the checkout" node_runs
check "syscalls work (open/read, strace sees openat)" syscalls_work
check "a missing file fails with ENOENT" missing_file_fails
check "loopback network works (127.0.0.1)" loopback_works
check "kernel modules load (9pnet_virtio)" test -d /sys/module/9pnet_virtio
check "bpftool runs" bpftool version
check "headers and build tools for $(uname -r)" module_headers
tap_end
