# Helpers for suites/stress.sh (sourced): run a stressor under rules with the CLI and read
# back the stressors' own counts and sct's per-rule table.
#   sct_run NAME RULES-FILE COMMAND...: runs `sct run -c RULES -- COMMAND`; stdout to
#     $work/NAME.out, stderr (the table) to $work/NAME.err, exit status to $work/NAME.status
#   rule_count NAME RULE matches|injections: a number from the table of run NAME
#   sum_field FILE calls|eacces: the sum over the stressor's "proc ..." lines in FILE
#   thread_counts FILE: every thread's EACCES count, one a line
sct_run() {
	name=$1 rules=$2
	shift 2
	node "$SCT_SHARE/dist/harness/src/cli/main.js" run --timeout "$STRESS_TIMEOUT_MS" -c "$rules" -- "$@" \
		>"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.status"
}

# sct's table: "sct: 1 every_third  2     3200     1066" (index, name, tier, matches, injections)
rule_count() {
	awk -v rule="$2" -v col="$3" '$1 == "sct:" && $3 == rule { print (col == "matches" ? $5 : $6); found = 1 }
		END { if (!found) print "missing" }' "$work/$1.err"
}

sum_field() {
	awk -v key="$2" '$1 == "proc" { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) s += kv[2] } }
		END { print s + 0 }' "$1"
}

proc_lines() { grep -c '^proc ' "$1"; }

thread_counts() { sed -n 's/^proc .*thread_eacces=//p' "$1" | tr ',' '\n'; }

# expect WHAT GOT WANT: prints the comparison, fails when they differ
expect() {
	echo "$1: got $2, want $3"
	[ "$2" = "$3" ]
}
