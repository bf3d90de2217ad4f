#!/usr/bin/env bash
# The kernel's selftest harness (kselftest_harness.h and the kselftest.h it includes) for the named
# C tests of the module (kernel/selftests/), taken from Debian's own linux-source-6.1 package: the
# same kernel series the VM guest runs, and no copy kept in the repo. Installs the package when
# missing (root; otherwise prints the apt-get line), extracts only those two headers from
# /usr/src/linux-source-6.1.tar.xz into .vm-cache/kselftest/ once, with the package version in
# .vm-cache/kselftest/SOURCE. The guest sees that folder through the 9p share of the checkout.
#
#   ci/kselftest-harness.sh         prints the folder that holds the headers
set -euo pipefail
cd "$(dirname "$0")/.."

series=6.1
out=.vm-cache/kselftest
headers=(kselftest_harness.h kselftest.h)

have_all() {
  local h
  for h in "${headers[@]}"; do [[ -s $out/$h ]] || return 1; done
}
if ! have_all; then
  bash ci/apt-install-missing.sh ci/kselftest-harness.sh "linux-source-$series"
  tarball=/usr/src/linux-source-$series.tar.xz
  members=()
  for h in "${headers[@]}"; do members+=("linux-source-$series/tools/testing/selftests/$h"); done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  start=$SECONDS
  # tar decompresses the whole 1.3 GB stream up to the headers (entries 81,794 and 81,799 of
  # 83,731): 10-16 s; --occurrence spares it the last 2%
  tar -xJf "$tarball" -C "$tmp" --occurrence=1 "${members[@]}"
  mkdir -p "$out"
  for h in "${headers[@]}"; do mv "$tmp/linux-source-$series/tools/testing/selftests/$h" "$out/$h"; done
  echo "linux-source-$series $(dpkg-query -W -f='${Version}' "linux-source-$series")" >"$out/SOURCE"
  echo "ci/kselftest-harness.sh: ${headers[*]} from $tarball in $((SECONDS - start)) s" >&2
fi
echo "$out"
