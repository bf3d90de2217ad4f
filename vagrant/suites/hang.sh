#!/bin/sh
# A deliberately hanging test: exercises the runner's timeout path.
. "$SCT_SHARE/vagrant/suites/lib.sh"
tap_start
check "before the hang" true
check "hang-forever" sleep 100000
tap_end
