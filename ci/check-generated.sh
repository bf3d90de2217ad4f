#!/usr/bin/env bash
# Fails when the generated syscall/errno/flag tables, the shared enums (include/sct/abi.h, abi.ts)
# or vagrant/suites/lib/nr.sh differ from a fresh run of gen/main.ts
# (someone edited gen/data or the generator without running `npm run gen`, or the Debian
# headers on this machine changed).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent gen:check
