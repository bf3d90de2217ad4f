# Helpers of vagrant/suites/kernel.sh (sourced; kept under lib/ so that the runner does not list it
# as a suite). The module's behaviour is tested by the named C tests of kernel/selftests/, which
# ksft runs and reports; the k_* functions are the checks that stay in shell (build, insmod, the
# overhead table, the harness's `sct` commands): each prints what went wrong and returns non-zero.
# Measured numbers go to /tmp/k-notes; kcheck prints them as TAP comments right after the check.
B=/tmp/sct-build
CTL=$B/kernel/tools/sct-ctl
KO=$B/kernel/sct.ko
SELFTESTS=$B/kernel/selftests
# kselftest_harness.h, extracted on the host from Debian's linux-source-6.1 (ci/kselftest-harness.sh)
KSFT_INCLUDE=$SCT_SHARE/.vm-cache/kselftest
. "$SCT_SHARE/vagrant/suites/lib/nr.sh" # NR_openat=257 ... (generated from the syscall tables)

note() { echo "$*" >>/tmp/k-notes; }

# check NAME FN, then the notes FN wrote as TAP comments at once (a later hang keeps them)
kcheck() {
	: >/tmp/k-notes
	check "$@"
	sed "s/^/# /" /tmp/k-notes
}

k_build() {
	rm -rf $B && mkdir -p $B &&
		cp -r "$SCT_SHARE/kernel" "$SCT_SHARE/include" $B/ &&
		(cd $B/kernel && make clean >/dev/null 2>&1; make KDIR=/lib/modules/$(uname -r)/build 2>&1 | grep -E 'warning|error' ; true) &&
		[ -f $KO ] && (cd $B/kernel/tools && rm -f sct-ctl && make 2>&1) && [ -x $CTL ] &&
		make -s -C $SELFTESTS clean all KSFT_INCLUDE="$KSFT_INCLUDE" 2>&1
}

# ksft BINARY: runs one selftest binary of kernel/selftests/ as root with SCT_KO set, and turns
# its kselftest TAP into this suite's: each C test becomes one result named "BINARY: fixture.test"
# (a skip keeps its name and reason, which kselftest's own "ok N # SKIP" line lacks), numbered on
# from the suite's count; "# running:" before each, the test's log lines as comments, and a failed
# test's log again as the YAML block. A binary that reports fewer results than it planned (it
# died, or never ran) adds one failed result saying so.
ksft() {
	SCT_KO=$KO "$SELFTESTS/$1" 2>&1 | awk -v bin="$1" -v n="$tap_n" -v counts=/tmp/ksft-counts '
		function result(line) { n++; seen++; print line; fflush() }
		/^TAP version / || /^# Starting / || /^# (PASSED|FAILED): / || /^# Totals: / || /^#  +(OK|FAIL)  / { next }
		/^1\.\.[0-9]+$/ { planned = substr($0, 4) + 0; next }
		/^#  RUN / { name = $3; log_ = ""; print "# running: " bin ": " name; fflush(); next }
		/^ok [0-9]+ # SKIP/ { sub(/^ok [0-9]+ # SKIP */, ""); result("ok " n + 1 " - " bin ": " name " # SKIP " $0); next }
		/^ok [0-9]+ / { result("ok " n + 1 " - " bin ": " $3); next }
		/^not ok [0-9]+ / {
			failed++
			result("not ok " n + 1 " - " bin ": " $4)
			print "  ---"; print "  output: |"; printf "%s", log_; print "  ..."; fflush(); next
		}
		{ line = /^#/ ? $0 : "# " $0; print line; fflush(); log_ = log_ "    " line "\n" }
		END {
			if (seen < planned || planned == 0) {
				failed++
				result("not ok " n + 1 " - " bin ": " (planned ? planned - seen " of " planned " tests gave no result" : "did not run"))
			}
			print n, failed + 0 > counts
		}'
	read tap_n ksft_failed </tmp/ksft-counts
	tap_failed=$((tap_failed + ksft_failed))
}

k_insmod() {
	dmesg -C
	insmod $KO || return 1
	[ -c /dev/sct ] && $CTL version
}

# smaller of two numbers, an empty one ignored
min2() { if [ -z "$1" ] || { [ -n "$2" ] && [ "$2" -lt "$1" ]; }; then echo "$2"; else echo "$1"; fi; }

k_overhead() {
	# no assertion on timing (TCG numbers are not the hardware's). The four set-ups take turns,
	# three rounds, and each keeps its fastest: a noisy host slows one run or another, not the code.
	N=200000 rounds=3
	a= b= c= d=
	r=0
	while [ $r -lt $rounds ]; do
		rmmod sct 2>/dev/null
		a=$(min2 "$a" "$($CTL bench $N)")
		insmod $KO || return 1
		b=$(min2 "$b" "$($CTL bench $N)")
		$CTL load "$NR_fchdir:fail:1,argeq=0=-42" >/dev/null || return 1
		c=$(min2 "$c" "$($CTL bench $N)")
		$CTL load "$NR_getppid:fail:1,argeq=0=12345" >/dev/null || return 1
		d=$(min2 "$d" "$($CTL bench $N)")
		$CTL clear >/dev/null
		r=$((r + 1))
	done
	ratio() { awk -v x="$1" -v y="$a" 'BEGIN { printf "%.2f", x / y }'; }
	note "| getppid ns/call | $N calls, min of 5 runs x $rounds rounds (TCG guest) | vs no module |"
	note "| --- | ---: | ---: |"
	note "| module not loaded | $a | 1.00 |"
	note "| loaded, no rule | $b | $(ratio $b) |"
	note "| rule on another syscall (fchdir) | $c | $(ratio $c) |"
	note "| getppid hooked, filter not matching | $d | $(ratio $d) |"
	note "overhead: none=$a loaded=$b other_rule=$c hooked_nomatch=$d"
	echo "getppid ns/call: no module $a, loaded $b, rule on fchdir $c, getppid hooked (no match) $d"
	[ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] && [ -n "$d" ]
}

k_cli() {
	# the harness's commands from sources, bundled once with esbuild (tsx per call is slow
	# under emulation, npm over 9p too)
	cli=$SCT_SHARE/native/kmod/build/sct-kmod-cli.mjs
	"$SCT_SHARE/node_modules/esbuild/bin/esbuild" "$SCT_SHARE/harness/src/cli/kmod-main.ts" --bundle --platform=node \
		--format=esm --packages=external --outfile="$cli" --log-level=warning || return 1
	sct() { node "$cli" "$@"; }
	[ -f "$SCT_SHARE/native/kmod/build/Release/sct_kmod.node" ] || { echo "native/kmod addon not built (node native/build.mjs native/kmod on the host)"; return 1; }
	echo c >/tmp/c1
	cat >/tmp/rules.sct <<'R'
rule
{
  syscall_name = openat
  rule_name = deny_c1
  filter_expression { path == "/tmp/c1" }
  action { type = FAIL; error = EACCES }
}
rule
{
  syscall_name = unlinkat
  rule_name = who_deletes
  action { type = LOG }
}
R
	sct log >/dev/null 2>&1
	out=$(sct load /tmp/rules.sct 2>&1) || { echo "$out"; return 1; }
	echo "$out"
	cat /tmp/c1 2>/dev/null && { echo "cat /tmp/c1 should fail"; sct clear; return 1; }
	echo z >/tmp/c2 && rm /tmp/c2
	rules=$(sct rules 2>&1)
	echo "$rules"
	log=$(sct log --json 2>&1)
	echo "$log" | tail -3
	text=$(sct log 2>&1)
	perm=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "cd /tmp; node $cli load /tmp/rules.sct" 2>&1)
	echo "non-root: $perm"
	cleared=$(sct clear 2>&1)
	echo "$cleared"
	# sct resume --kernel TID: one command for both engines (cli/commands/resume.ts)
	echo s >/tmp/c3
	$CTL load "$NR_openat:suspend:0,streq=1=/tmp/c3" >/dev/null || return 1
	cat /tmp/c3 >/tmp/c3.out &
	cp=$!
	sleep 2
	held=$($CTL list | grep -o 'suspended [0-9]*')
	resumed=$(sct resume --kernel $cp 2>&1)
	rst=$?
	wait $cp
	cst=$?
	nothing=$(sct resume --kernel $cp 2>&1)
	nst=$?
	$CTL clear
	echo "before resume: $held; sct resume --kernel $cp: '$resumed' (exit $rst); cat exit $cst output $(cat /tmp/c3.out); again: '$nothing' (exit $nst)"
	echo "$rules" | grep -q "deny_c1'\?: matched 1, acted 1" && echo "$log" | grep -q '"comm":"rm"' &&
		echo "$log" | grep -q '"path":"/tmp/c2"' && echo "$perm" | grep -q 'CAP_SYS_ADMIN' &&
		echo "$cleared" | grep -q 'cleared generation' &&
		[ "$held" = "suspended 1" ] && [ $rst -eq 0 ] && echo "$resumed" | grep -q 'resumed 1 thread' &&
		[ $cst -eq 0 ] && [ "$(cat /tmp/c3.out)" = s ] && [ $nst -ne 0 ]
}

# `sct watch --backend kmod` (issue #18): who deleted the file, a process it did not start; SIGHUP
# loads a changed rule file over the old one; SIGINT prints the summary and exits 0. Uses the CLI
# k_cli bundled (kmod-main.ts registers watch).
k_watch() {
	cli=$SCT_SHARE/native/kmod/build/sct-kmod-cli.mjs
	[ -f "$cli" ] || { echo "no $cli: k_cli bundles it"; return 1; }
	lsmod | grep -q "^sct " || insmod $KO || return 1
	$CTL clear >/dev/null 2>&1
	printf 'rule { syscall_name = unlinkat rule_name = who_a filter_expression { path ~= "^/tmp/w-" } action { type = LOG } }\n' >/tmp/w.sct
	rm -f /tmp/w.out /tmp/w.err
	node "$cli" watch --backend kmod -c /tmp/w.sct >/tmp/w.out 2>/tmp/w.err &
	wpid=$!
	wait_for() { i=0; while ! grep -q "$1" "$2" 2>/dev/null; do i=$((i + 1)); [ $i -gt 300 ] && return 1; sleep 0.1; done; }
	wait_for 'sct: watching 1 rule(s) on 1 syscall(s) (kmod)' /tmp/w.err || { cat /tmp/w.err; kill -INT $wpid; return 1; }
	echo x >/tmp/w-one; echo y >/tmp/elsewhere
	setsid sh -c 'rm /tmp/w-one /tmp/elsewhere'
	wait_for 'w-one' /tmp/w.out
	printf 'rule { syscall_name = unlinkat rule_name = who_b filter_expression { path ~= "^/tmp/w-two" } action { type = LOG } }\n' >/tmp/w.sct
	kill -HUP $wpid
	wait_for 'SIGHUP: reloaded' /tmp/w.err
	echo x >/tmp/w-one; echo z >/tmp/w-two
	setsid sh -c 'rm /tmp/w-one /tmp/w-two'
	wait_for 'w-two' /tmp/w.out
	kill -INT $wpid
	wait $wpid
	st=$?
	cat /tmp/w.out /tmp/w.err
	# one event per deletion the rule in force names, each naming rm (with its exe)
	[ $st -eq 0 ] && [ "$(grep -c w-one /tmp/w.out)" = 1 ] && ! grep -q elsewhere /tmp/w.out &&
		[ "$(grep -c w-two /tmp/w.out)" = 1 ] && [ "$(grep -c ' rm (/usr/bin/rm, ppid ' /tmp/w.out)" = 2 ] &&
		grep -q 'SIGHUP: replaced .*unlinkat before LOG: matched 1, acted 1' /tmp/w.err &&
		grep -q 'SIGHUP: reloaded, watching 1 rule(s) on 1 syscall(s) (kmod)' /tmp/w.err &&
		grep -q 'SIGINT: stopped watching, rules cleared' /tmp/w.err
}

# every program of the filter corpus (test/helpers/prog-corpus, written on the host by
# ci/vm-suite.sh) LOADed as a rule: the module accepts exactly what include/sct/prog_check.h accepts
k_prog_corpus() {
	corpus=$SCT_SHARE/.vm-cache/prog-corpus.bin
	lsmod | grep -q "^sct " || insmod $KO || return 1
	[ -f "$corpus" ] || { echo "no $corpus: on the host, npm run corpus:prog -- .vm-cache/prog-corpus.bin"; return 1; }
	$CTL check-corpus "$corpus" >/tmp/corpus.out
	st=$?
	grep -v '^[0-9]* \(accepted\|rejected\) ' /tmp/corpus.out
	note "$(tail -n 1 /tmp/corpus.out)"
	[ $st -eq 0 ] && tail -n 1 /tmp/corpus.out | grep -q 'disagree=0 unexpected=0 other_errno=0$'
}

