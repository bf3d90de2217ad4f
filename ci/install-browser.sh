#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report test (test/native/explore/html-report.test.ts),
# which drives it with playwright-core at /usr/bin/chromium. Never downloads a browser build of
# its own: playwright-core is only the driver.
#
#   ci/install-browser.sh    install chromium when root and missing; print its version
set -euo pipefail

if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "ci/install-browser.sh: chromium is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
  echo "ci/install-browser.sh: installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version
