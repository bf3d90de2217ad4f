#!/bin/sh
# The project's own vitest projects (unit, native), every test, with node directly (npm over 9p
# is slow) and the guest's config (vagrant/vitest.vm.config.ts: the same files, timeouts x10).
# The addon in native/build was built on the host (same Debian 12 userland).
# Sized for 2 vCPUs under TCG: forks, two workers (vitest's default would be one: cores - 1).
# Tests that read SCT_SLOW_MACHINE (test/helpers/scale.ts) scale their trial counts, not their
# assertions; supervisor-death reads SCT_DEATH_TRIALS (50 per tier on the host).
cd "$SCT_SHARE" || exit 1
SCT_SLOW_MACHINE=${SCT_SLOW_MACHINE:-1}
SCT_DEATH_TRIALS=${SCT_DEATH_TRIALS:-10}
export SCT_SLOW_MACHINE SCT_DEATH_TRIALS
exec node node_modules/vitest/vitest.mjs run --config vagrant/vitest.vm.config.ts \
	--project unit --project native --pool=forks --maxWorkers="${SCT_VM_WORKERS:-2}" \
	--passWithNoTests --reporter=./vagrant/vitest-tap-reporter.ts
