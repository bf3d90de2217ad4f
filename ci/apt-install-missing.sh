#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet; as another user than root,
# prints the apt-get line to run instead and fails. Shared by every install script of the repo.
#
#   ci/apt-install-missing.sh LABEL PACKAGE...
set -euo pipefail

label=$1; shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "$label: missing Debian packages: ${missing[*]}" >&2
  echo "$label: install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "$label: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
