#!/bin/sh
# Many processes and threads hammering openat under sct rules (seccomp engine, the CLI), then
# exact accounting: per rule, sct's matches and injections equal what the stressors counted
# themselves, and nothing is lost or injected twice. Sized for TCG (syscalls 10-20x slower):
# each run is bounded by its iteration counts and by sct's --timeout.
#   STRESS_PROCS (4) x STRESS_THREADS (4) threads, STRESS_CALLS (400) openat calls each
# Then LEAK_RUNS (1000) runWithRules() in one node process: fds and RSS stay flat, within
# LEAK_BUDGET_S (600) seconds (test/native/helpers/many-runs.mjs).
. "$SCT_SHARE/vagrant/suites/lib.sh"
. "$SCT_SHARE/vagrant/suites/stress-lib.sh"

P=${STRESS_PROCS:-4}
T=${STRESS_THREADS:-4}
C=${STRESS_CALLS:-400}
STRESS_TIMEOUT_MS=${STRESS_TIMEOUT_MS:-300000}
TOTAL=$((P * T * C))
LEAK_RUNS=${LEAK_RUNS:-1000}
LEAK_BUDGET_S=${LEAK_BUDGET_S:-600}
work=$(mktemp -d /tmp/sct-stress.XXXXXX)
stressor=$work/stress_open
missing=$work/missing # never created: every openat fails with ENOENT unless a rule acts

# rules FILE NAME WHEN-TRIGGER [PATH]: one FAIL EACCES rule on openat of PATH
rules() {
	cat >"$1" <<RULES
rule
{
  syscall_name = openat
  rule_name = $2
  filter_expression { path == "${4:-$missing-$2}" }
  action { type = FAIL; error = EACCES }
  $3
}
RULES
}

builds() { cc -O2 -Wall -pthread -o "$stressor" "$SCT_SHARE/test/c/stress_open.c"; }

tree_every_third() {
	rules "$work/tree.sct" tree 'trigger { when = 3+3; count = tree }'
	sct_run tree "$work/tree.sct" "$stressor" "$P" "$T" "$C" "$missing-tree"
	out=$work/tree.out
	expect "sct exit" "$(cat "$work/tree.status")" 0 &&
		expect "processes that reported" "$(proc_lines "$out")" "$P" &&
		expect "calls the stressors made" "$(sum_field "$out" calls)" "$TOTAL" &&
		expect "sct matches" "$(rule_count tree tree matches)" "$TOTAL" &&
		expect "sct injections" "$(rule_count tree tree injections)" $((TOTAL / 3)) &&
		expect "EACCES the stressors saw" "$(sum_field "$out" eacces)" $((TOTAL / 3))
}

thread_every_fourth() {
	rules "$work/thread.sct" thread 'trigger { when = 4+4; count = thread }'
	sct_run thread "$work/thread.sct" "$stressor" "$P" "$T" "$C" "$missing-thread"
	out=$work/thread.out
	want_threads=$(yes "$((C / 4))" | head -n $((P * T)) | tr '\n' ' ')
	expect "sct exit" "$(cat "$work/thread.status")" 0 &&
		expect "each thread's EACCES" "$(thread_counts "$out" | tr '\n' ' ')" "$want_threads" &&
		expect "sct matches" "$(rule_count thread thread matches)" "$TOTAL" &&
		expect "sct injections" "$(rule_count thread thread injections)" $((P * T * (C / 4)))
}

process_with_max() {
	max=$((TOTAL / 8))
	rules "$work/max.sct" max "trigger { when = 10+; count = process; max = $max }"
	sct_run max "$work/max.sct" "$stressor" "$P" "$T" "$C" "$missing-max"
	out=$work/max.out
	expect "sct exit" "$(cat "$work/max.status")" 0 &&
		expect "sct matches" "$(rule_count max max matches)" "$TOTAL" &&
		expect "sct injections (max)" "$(rule_count max max injections)" "$max" &&
		expect "EACCES the stressors saw" "$(sum_field "$out" eacces)" "$max"
}

three_stressors_two_rules() {
	# Three stressor trees at once under one sct: rule a acts on every 2nd call to path a,
	# rule b on every call to path b; the calls to path c match no rule and must stay untouched.
	cat >"$work/mixed.sct" <<RULES
rule { syscall_name = openat; rule_name = a; filter_expression { path == "$missing-a" }; action { type = FAIL; error = EACCES }; trigger { when = 2+2 } }
rule { syscall_name = openat; rule_name = b; filter_expression { path == "$missing-b" }; action { type = FAIL; error = EACCES } }
RULES
	cat >"$work/mixed-run.sh" <<RUN
"$stressor" $P $T $C "$missing-a" >"$work/mixed-a.out" &
"$stressor" $P $T $C "$missing-b" >"$work/mixed-b.out" &
"$stressor" 2 2 $C "$missing-c" >"$work/mixed-c.out" &
wait
RUN
	sct_run mixed "$work/mixed.sct" /bin/sh "$work/mixed-run.sh"
	expect "sct exit" "$(cat "$work/mixed.status")" 0 &&
		expect "processes that reported" "$(cat "$work"/mixed-?.out | grep -c '^proc ')" $((P + P + 2)) &&
		expect "rule a matches" "$(rule_count mixed a matches)" "$TOTAL" &&
		expect "rule a injections" "$(rule_count mixed a injections)" $((TOTAL / 2)) &&
		expect "EACCES on path a" "$(sum_field "$work/mixed-a.out" eacces)" $((TOTAL / 2)) &&
		expect "rule b matches" "$(rule_count mixed b matches)" "$TOTAL" &&
		expect "rule b injections" "$(rule_count mixed b injections)" "$TOTAL" &&
		expect "EACCES on path b" "$(sum_field "$work/mixed-b.out" eacces)" "$TOTAL" &&
		expect "calls on path c" "$(sum_field "$work/mixed-c.out" calls)" $((2 * 2 * C)) &&
		expect "EACCES on path c (no rule)" "$(sum_field "$work/mixed-c.out" eacces)" 0
}

# (its figures are printed after the check as a TAP comment, whether it passes or not)
many_runs() {
	node --expose-gc "$SCT_SHARE/test/native/helpers/many-runs.mjs" "$LEAK_RUNS" "$LEAK_BUDGET_S" >"$work/many-runs.out" 2>&1
	status=$?
	cat "$work/many-runs.out"
	return $status
}

# Issue #13: a target that kills its keeper, kill(0, SIGKILL)s its group with a setsid child, or
# whose keeper is killed from outside; tiers 2 and 3; 0 un-faulted calls and 0 survivors each.
# GUARD_TRIALS per case (50) within GUARD_BUDGET_S per case (60; the count run is printed).
GUARD_TRIALS=${GUARD_TRIALS:-50}
GUARD_BUDGET_S=${GUARD_BUDGET_S:-60}
supervision_trials() {
	(cd "$SCT_SHARE" && SCT_SLOW_MACHINE=${SCT_SLOW_MACHINE:-1} SCT_GUARD_TRIALS=$GUARD_TRIALS \
		SCT_GUARD_BUDGET_MS=$((GUARD_BUDGET_S * 1000)) timeout $((GUARD_BUDGET_S * 6 + 300)) \
		node node_modules/vitest/vitest.mjs run --config vagrant/vitest.vm.config.ts --project native \
		test/native/engine/supervision.test.ts) >"$work/supervision.log" 2>&1 || { tail -40 "$work/supervision.log"; return 1; }
	grep 'trials within' "$work/supervision.log" | sed 's/^/# /'
}

tap_start
echo "# stress: $P processes x $T threads x $C calls = $TOTAL openat calls per stressor"
check "the stressor builds (test/c/stress_open.c)" builds
check "tree-wide every 3rd call fails: matches = $TOTAL calls made, injections = EACCES seen = $((TOTAL / 3))" tree_every_third
check "per-thread every 4th call fails: each of $((P * T)) threads sees exactly $((C / 4)) EACCES" thread_every_fourth
check "per-process counting with max = $((TOTAL / 8)): exactly max injections in all" process_with_max
check "three stressor trees, two rules at once: each rule counts only its own path, the third path is untouched" three_stressors_two_rules
check "$LEAK_RUNS runWithRules() in one process: the fd count stays flat, RSS within 10%, in under $LEAK_BUDGET_S s" many_runs
echo "# many runs: $(head -n 1 "$work/many-runs.out")"
check "target vs its supervision: $GUARD_TRIALS trials per case and tier (keeper killed by the target, kill(0) with a setsid child, keeper killed from outside): 0 un-faulted calls, 0 survivors" supervision_trials
rm -rf "$work"
tap_end
