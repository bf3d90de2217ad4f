#!/bin/sh
# The syscalltrack kernel module (kernel/) in the guest: build it, sct-ctl and the module's named C
# tests (kernel/selftests/, kselftest style) against the running kernel, insmod, then the C tests:
# one per action on real programs, the protocol's defences (EPERM, fuzz), unload while threads are
# held, SMP stress; in shell, the overhead table and the harness's `sct` commands through the
# native/kmod addon. TAP on stdout, one named result per C test. The lifecycle tests (unload, SMP
# stress) run after the others, so that a hang there leaves the other results standing, and the
# kernel log check comes last.
. "$SCT_SHARE/vagrant/suites/lib.sh"
. "$SCT_SHARE/vagrant/suites/lib/kernel.sh"

tap_start
kcheck "build sct.ko, sct-ctl and kernel/selftests against $(uname -r)" k_build
kcheck "insmod sct.ko; /dev/sct answers VERSION" k_insmod
ksft actions_test
ksft protocol_test
kcheck "overhead: getppid ns/call without module, loaded, rule elsewhere (table)" k_overhead
kcheck "sct load/rules/log --json/clear/resume --kernel through the harness (native/kmod)" k_cli
kcheck "sct watch --backend kmod: who deleted the file (a process it did not start), SIGHUP reload, SIGINT summary" k_watch
kcheck "filter corpus: the module accepts exactly the programs prog_check.h accepts" k_prog_corpus
ksft lifecycle_test
ksft kernel_log_test
tap_end
