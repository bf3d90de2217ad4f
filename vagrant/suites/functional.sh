#!/bin/sh
# The project's vitest projects `native` and `watch` (the tests that run the engine on a kernel: the guest's
# Debian 6.1 one here), with node directly (npm over 9p is slow) and the guest's config
# (vagrant/vitest.vm.config.ts: the same files, timeouts x10). The addon in native/build was built
# on the host (same Debian 12 userland).
# Sized for 2 vCPUs under TCG: forks, two workers (vitest's default would be one: cores - 1).
# Tests that read SCT_SLOW_MACHINE (test/helpers/scale.ts) scale their trial counts, not their
# assertions; supervisor-death reads SCT_DEATH_TRIALS (50 per tier on the host).
# SCT_VM_PROJECTS=watch (comma-separated; set on the host, see docs/vm.md) runs only those projects.
# Left out unless SCT_VM_FULL=1, to keep .ci/run under an hour (named on stderr):
# the `unit` project (no kernel involved), the pack-and-install test (the guest has no network, it
# would skip) and the reproducer check (16 explorations of explore's own logic, ~50 s on the host).
cd "$SCT_SHARE" || exit 1
SCT_SLOW_MACHINE=${SCT_SLOW_MACHINE:-1}
SCT_DEATH_TRIALS=${SCT_DEATH_TRIALS:-10}
export SCT_SLOW_MACHINE SCT_DEATH_TRIALS
if [ -n "${SCT_VM_PROJECTS:-}" ]; then
	# SCT_VM_PROJECTS=watch on the host (run-vm passes it as sct_projects=): those projects only
	echo "functional: only the vitest project(s) $SCT_VM_PROJECTS (SCT_VM_PROJECTS)" >&2
	set --
	for p in $(echo "$SCT_VM_PROJECTS" | tr ',' ' '); do set -- "$@" --project "$p"; done
elif [ "${SCT_VM_FULL:-0}" = 1 ]; then
	set -- --project unit --project native --project watch
else
	echo "functional: not run in the guest (SCT_VM_FULL=1 runs them): project unit, test/native/package/, test/native/explore/reproducers.test.ts" >&2
	set -- --project native --project watch --exclude 'test/native/package/**' --exclude test/native/explore/reproducers.test.ts
fi
exec node node_modules/vitest/vitest.mjs run --config vagrant/vitest.vm.config.ts "$@" \
	--pool=forks --maxWorkers="${SCT_VM_WORKERS:-2}" \
	--passWithNoTests --reporter=./vagrant/vitest-tap-reporter.ts
