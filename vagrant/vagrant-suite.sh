#!/bin/sh
# Runs one VM suite in a Vagrant guest, as the direct-boot runner would (TAP on stdout):
#   vagrant ssh -c 'sh /sct/vagrant/vagrant-suite.sh smoke'
# The checkout is shared at /sct (vagrant/Vagrantfile). The expected kernel is the one the
# guest has modules for (the box's own), since Vagrant boots it rather than the runner.
set -eu
suite=${1:?usage: vagrant-suite.sh SUITE}
SCT_SHARE=${SCT_SHARE:-/sct}
SCT_EXPECT_KERNEL=${SCT_EXPECT_KERNEL:-$(ls /lib/modules | tail -n 1)}
export SCT_SHARE SCT_EXPECT_KERNEL
[ -f "$SCT_SHARE/vagrant/suites/$suite.sh" ] || { echo "vagrant-suite: no suite $suite under $SCT_SHARE/vagrant/suites" >&2; exit 2; }
cd "$SCT_SHARE"
exec sudo --preserve-env=SCT_SHARE,SCT_EXPECT_KERNEL sh "vagrant/suites/$suite.sh"
