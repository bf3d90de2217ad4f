#!/usr/bin/env bash
# VM suites, as CI runs them and as anyone can rerun them:
#   ci/vm-suite.sh SUITE... [run-vm options...]     e.g. ci/vm-suite.sh functional stress
#   ci/vm-suite.sh prepare                          the host tools and the image only
# Installs the host tools when missing (root), and for the kernel suite kselftest_harness.h
# (ci/kselftest-harness.sh), builds the guest image or reuses the cached one
# (.vm-cache/images/<key>: cache that folder between CI runs), then boots it once per SUITE.
# Prints how long each part took. Exit: run-vm's (0 all passed, 1 a failure/hang/panic, 2 usage).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 1 && $1 != -* ]] || { echo "usage: ci/vm-suite.sh SUITE... [run-vm options...]" >&2; exit 2; }
suites=()
while [[ $# -gt 0 && $1 != -* ]]; do suites+=("$1"); shift; done

# step NAME CMD...: runs CMD, prints how long it took, returns CMD's status. (Called as
# `step ... || status=$?`, `set -e` is off inside the function, so the status is passed on here.)
step() {
  local name=$1; shift
  local start=$SECONDS rc=0
  echo "::: $name"
  "$@" || rc=$?
  echo "::: $name took $((SECONDS - start)) s$([[ $rc -eq 0 ]] || echo ", exit $rc")"
  return "$rc"
}

step vm-host-deps sh vagrant/install-host-deps.sh
# the kernel suite's C tests build against kselftest_harness.h from Debian's linux-source-6.1,
# extracted once into .vm-cache/kselftest/ (the guest sees it over 9p)
[[ " ${suites[*]} " == *" kernel "* || ${suites[*]} == prepare ]] && step kselftest-harness bash ci/kselftest-harness.sh
# the guest runs the checkout's build (dist/, native/build) over 9p
[[ -f dist/harness/src/cli/main.js && -d native/build ]] || step build npm run build
step vm-image node vagrant/build-image.mjs
# the kernel suite LOADs the filter-program corpus (test/helpers/prog-corpus) into the module
[[ " ${suites[*]} " != *" kernel "* ]] || step prog-corpus npm run -s corpus:prog -- .vm-cache/prog-corpus.bin
# `ci/vm-suite.sh prepare`: the host tools and the image only (.ci/run builds the image first,
# then starts each suite only if its time is left).
[[ ${suites[*]} == prepare ]] && exit 0
step "vm-$(IFS=+; echo "${suites[*]}")" node vagrant/run-vm.mjs "${suites[@]}" "$@"
