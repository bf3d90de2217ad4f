#!/bin/sh
# A deliberate kernel crash: exercises the runner's panic path (qemu exits on its own).
. "$SCT_SHARE/vagrant/suites/lib.sh"
tap_start
check "before the panic" true
check "crash-the-kernel" sh -c 'sync; echo c >/proc/sysrq-trigger'
tap_end
