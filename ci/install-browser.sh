#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report test (test/native/explore/html-report.test.ts),
# which drives it with playwright-core at /usr/bin/chromium. Never downloads a browser build of
# its own: playwright-core is only the driver.
#
#   ci/install-browser.sh    install chromium when root and missing; print its version
set -euo pipefail

bash "$(dirname "$0")/apt-install-missing.sh" ci/install-browser.sh chromium fonts-dejavu-core
/usr/bin/chromium --version
