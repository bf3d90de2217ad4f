#!/bin/sh
# The project's own vitest projects, run with node directly (npm over 9p is slow).
# The addon in native/build was built on the host (same Debian 12 userland).
cd "$SCT_SHARE" || exit 1
exec node node_modules/vitest/vitest.mjs run --project unit --project native \
	--passWithNoTests --reporter=./vagrant/vitest-tap-reporter.ts
