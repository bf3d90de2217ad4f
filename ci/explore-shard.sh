#!/usr/bin/env bash
# One shard of a fault-space exploration, as CI runs it and as anyone can rerun it:
#   ci/explore-shard.sh SCENARIO I N [SEED]
# SCENARIO: a scenario name from `sct list`, a scenario file (its first scenario), or FILE:NAME
# (e.g. test/native/explore/targets.ts:explore-journal-fixed, the exploration targets).
# Runs `sct explore FILE --scenario NAME --shard I/N --seed SEED`: shards 1..N with the same seed
# together cover the seeded sequence once. The seed is fixed (SEED, else $SCT_EXPLORE_SEED, else
# 20260127, as the tests use) and printed first, with the command that replays this shard.
# Exit: sct explore's (1 when a failing schedule was found; the reproducer is under the out dir).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: ci/explore-shard.sh SCENARIO I N [SEED]" >&2; exit 2; }
[[ $# -ge 3 && $# -le 4 ]] || usage
scenario=$1 index=$2 count=$3
seed=${4:-${SCT_EXPLORE_SEED:-20260127}}
[[ $index =~ ^[1-9][0-9]*$ && $count =~ ^[1-9][0-9]*$ && $index -le $count ]] ||
  { echo "explore-shard: Expected I and N to be whole numbers with 1 <= I <= N, got \`$index\` \`$count\`" >&2; exit 2; }
[[ $seed =~ ^-?[0-9]+$ ]] || { echo "explore-shard: Expected SEED to be an integer, got \`$seed\`" >&2; exit 2; }

sct=(node dist/harness/src/cli/main.js)
[[ -f dist/harness/src/cli/main.js ]] || npm run --silent build
if [[ -f $scenario ]]; then
  file=$scenario name=()
  label=$(basename "$scenario" .ts)
elif [[ $scenario == *:* && -f ${scenario%:*} ]]; then
  file=${scenario%:*} name=(--scenario "${scenario##*:}")
  label=${scenario##*:}
else
  # `sct list` prints: NAME  DESCRIPTION  (FILE)
  file=$("${sct[@]}" list | awk -v n="$scenario" '$1 == n { f = $NF; gsub(/[()]/, "", f); print f }')
  [[ -n $file ]] || { echo "explore-shard: no scenario \`$scenario\` (see: ./sct list)" >&2; exit 2; }
  name=(--scenario "$scenario")
  label=$scenario
fi
out=${SCT_EXPLORE_OUT:-sct-explore}/$label-shard-$index-of-$count
args=(explore "$file" "${name[@]}" --shard "$index/$count" --seed "$seed" --out "$out" ${SCT_EXPLORE_ARGS:-})

echo "explore-shard: scenario $label, shard $index/$count, seed $seed"
echo "explore-shard: replay with: ci/explore-shard.sh $scenario $index $count $seed"
start=$SECONDS
status=0
"${sct[@]}" "${args[@]}" || status=$?
echo "explore-shard: exit $status after $((SECONDS - start)) s (seed $seed, out $out)"
exit "$status"
