#!/bin/sh
# The syscalltrack kernel module (kernel/) in the guest: build against the running kernel,
# insmod, one functional test per action on real programs, "which process deleted that file",
# SMP stress (rule-set replacement and load/unload while threads hammer hooked syscalls), the
# protocol fuzz test, unload with suspended and delayed threads, overhead on unhooked calls,
# and the harness's `sct` commands through the native/kmod addon. TAP on stdout. The SMP stress
# runs last (before the dmesg check), so that a hang there leaves the other results standing.
. "$SCT_SHARE/vagrant/suites/lib.sh"
. "$SCT_SHARE/vagrant/suites/lib/kernel.sh"

tap_start
kcheck "build sct.ko and sct-ctl against $(uname -r)" k_build
kcheck "insmod sct.ko; /dev/sct answers VERSION" k_insmod
kcheck "module reports what it does not cover (ia32, x32)" k_coverage
kcheck "non-root: LOAD is refused with EPERM" k_eperm
kcheck "LOG: cat /etc/hostname is logged with pid, comm, exe, path" k_log
kcheck "FAIL: cat of a file fails with EACCES" k_fail
kcheck "RETURN: rm returns 0 but the file stays" k_return
kcheck "DELAY: openat delayed by 0.5 s" k_delay
kcheck "SUSPEND: cat stops until RESUME tid" k_suspend
kcheck "SUSPEND with a timeout resumes by itself" k_suspend_timeout
kcheck "KILL: cat is killed by SIGKILL before its open" k_kill
kcheck "ALTER register: read count 6 -> 3 (dd copies 'hel')" k_alter_reg
kcheck "ALTER string: openat of /tmp/a opens /tmp/b" k_alter_str
kcheck "ALTER return value (after): rm of a missing file succeeds" k_alter_ret
kcheck "scope by pid: only that process tree is affected" k_scope_pid
kcheck "counters: matched/acted per rule" k_counters
kcheck "a background process deletes a file: the log names it" k_background_rm
kcheck "unload while threads are suspended and delayed: they finish, no oops" k_unload_busy
kcheck "protocol fuzz: 20000 malformed messages, every one rejected, no kernel warnings" k_fuzz
kcheck "overhead: getppid ns/call without module, loaded, rule elsewhere (table)" k_overhead
kcheck "sct load/rules/log --json/clear/resume --kernel through the harness (native/kmod)" k_cli
kcheck "SMP stress: 50 load/unload x 20 rule-set replacements (1000 generations) under 4 hammering threads" k_stress
kcheck "filter corpus: the module accepts exactly the programs prog_check.h accepts" k_prog_corpus
kcheck "dmesg: no oops, WARNING, BUG or lockup in the whole suite" k_dmesg_clean
tap_end
