# Helpers of vagrant/suites/kernel.sh (sourced; kept under lib/ so that the runner does not list it as a suite): each function is one check; it prints what went wrong and
# returns non-zero. Measured numbers go to /tmp/k-notes; kcheck prints them as TAP comments right after the check.
B=/tmp/sct-build
CTL=$B/kernel/tools/sct-ctl
KO=$B/kernel/sct.ko
NR_openat=257
NR_unlinkat=263
NR_write=1
NR_getppid=110
NR_fchdir=81

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
		[ -f $KO ] && (cd $B/kernel/tools && rm -f sct-ctl && make 2>&1) && [ -x $CTL ]
}

k_insmod() {
	dmesg -C
	insmod $KO || return 1
	[ -c /dev/sct ] && $CTL version
}

k_coverage() {
	cat /sys/module/sct/parameters/coverage
	grep -q 'not covered: 32-bit' /sys/module/sct/parameters/coverage
}

k_eperm() {
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups $CTL load "$NR_fchdir:fail:1" 2>&1)
	echo "$out"
	echo "$out" | grep -q 'Operation not permitted'
}

k_log() {
	$CTL events >/dev/null
	$CTL load "$NR_openat:log,streq=1=/etc/hostname" >/dev/null || return 1
	cat /etc/hostname >/dev/null
	ev=$($CTL events)
	$CTL clear
	echo "$ev"
	echo "$ev" | grep -q 'comm cat exe /usr/bin/cat nr 257 .* str /etc/hostname'
}

k_fail() {
	echo secret >/tmp/f1
	$CTL load "$NR_openat:fail:13,streq=1=/tmp/f1" >/dev/null || return 1
	out=$(cat /tmp/f1 2>&1)
	st=$?
	$CTL clear
	echo "$out (exit $st)"
	[ $st -ne 0 ] && echo "$out" | grep -q 'Permission denied' && [ "$(cat /tmp/f1)" = secret ]
}

k_return() {
	echo x >/tmp/r1
	$CTL load "$NR_unlinkat:return:0,streq=1=/tmp/r1" >/dev/null || return 1
	rm /tmp/r1
	st=$?
	$CTL clear
	echo "rm exit $st"
	[ $st -eq 0 ] && [ -f /tmp/r1 ]
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

k_delay() {
	echo d >/tmp/d1
	$CTL load "$NR_openat:delay:500000,streq=1=/tmp/d1" >/dev/null || return 1
	t0=$(now_ms)
	cat /tmp/d1 >/dev/null
	t1=$(now_ms)
	cat /etc/hostname >/dev/null
	t2=$(now_ms)
	$CTL clear
	echo "delayed open: $((t1 - t0)) ms; other open: $((t2 - t1)) ms"
	note "DELAY 500 ms rule: cat took $((t1 - t0)) ms (cat of another file $((t2 - t1)) ms)"
	[ $((t1 - t0)) -ge 500 ] && [ $((t2 - t1)) -lt 500 ]
}

k_suspend() {
	echo s >/tmp/s1
	$CTL load "$NR_openat:suspend:0,streq=1=/tmp/s1" >/dev/null || return 1
	cat /tmp/s1 >/tmp/s1.out &
	pid=$!
	sleep 2
	$CTL list | head -1
	state=$(awk '/^State/ {print $2}' /proc/$pid/status)
	echo "cat $pid state $state"
	$CTL list | grep -q 'suspended 1' || { $CTL resume 0; $CTL clear; return 1; }
	kill -0 $pid || { $CTL clear; return 1; }
	$CTL resume $pid || { $CTL clear; return 1; }
	wait $pid
	st=$?
	$CTL clear
	echo "cat exit $st, output $(cat /tmp/s1.out)"
	[ $st -eq 0 ] && [ "$(cat /tmp/s1.out)" = s ]
}

k_suspend_timeout() {
	echo s >/tmp/s2
	$CTL load "$NR_openat:suspend:700000,streq=1=/tmp/s2" >/dev/null || return 1
	t0=$(now_ms)
	out=$(cat /tmp/s2)
	t1=$(now_ms)
	$CTL clear
	echo "took $((t1 - t0)) ms, output $out"
	[ "$out" = s ] && [ $((t1 - t0)) -ge 700 ]
}

k_kill() {
	echo k >/tmp/k1
	$CTL load "$NR_openat:kill:9,streq=1=/tmp/k1" >/dev/null || return 1
	sh -c 'cat /tmp/k1; echo "cat exit $?" >/tmp/k1.st'
	$CTL clear
	cat /tmp/k1.st
	grep -q 'cat exit 137' /tmp/k1.st
}

k_alter_reg() {
	# read(0, buf, 6) by dd: the count register becomes 3, so dd copies a short block
	printf hello >/tmp/h
	$CTL load --comm dd "0:alter_reg:3,arg=2,argeq=0=0" >/dev/null || return 1
	out=$(dd bs=6 count=1 </tmp/h 2>/dev/null)
	$CTL clear
	echo "dd printed '$out'"
	[ "$out" = hel ]
}

k_alter_str() {
	echo AAA >/tmp/a
	echo BBB >/tmp/b
	$CTL load "$NR_openat:alter_str:0,arg=1,str=/tmp/b,streq=1=/tmp/a" >/dev/null || return 1
	out=$(cat /tmp/a)
	$CTL clear
	echo "cat /tmp/a printed '$out'"
	[ "$out" = BBB ] && [ "$(cat /tmp/a)" = AAA ]
}

k_alter_ret() {
	rm -f /tmp/missing
	$CTL load "$NR_unlinkat:alter_ret:0,after,streq=1=/tmp/missing" >/dev/null || return 1
	rm /tmp/missing
	st=$?
	$CTL clear
	echo "rm exit $st"
	[ $st -eq 0 ]
}

k_scope_pid() {
	echo p >/tmp/p1
	sh -c 'sleep 1; cat /tmp/p1 >/tmp/p1.a 2>&1; echo $? >>/tmp/p1.a' &
	pid=$!
	$CTL load --pid $pid "$NR_openat:fail:13,streq=1=/tmp/p1" >/dev/null || return 1
	cat /tmp/p1 >/tmp/p1.b 2>&1
	echo $? >>/tmp/p1.b
	wait $pid
	$CTL clear
	echo "inside: $(cat /tmp/p1.a | tr '\n' ' ') outside: $(cat /tmp/p1.b | tr '\n' ' ')"
	grep -q 'Permission denied' /tmp/p1.a && grep -q '^p$' /tmp/p1.b
}

k_counters() {
	$CTL load "$NR_fchdir:fail:33,argeq=0=-42" "$NR_fchdir:log,argeq=0=-43,noevent" >/dev/null || return 1
	perl -e 'for (1..5) { syscall(81, -42); } for (1..2) { syscall(81, -43); } syscall(81, -44);'
	out=$($CTL list)
	$CTL clear
	echo "$out"
	echo "$out" | grep -q 'rule 1 nr 81 phase 0 action fail matched 5 acted 5' &&
		echo "$out" | grep -q 'rule 2 nr 81 phase 0 action log matched 2 acted 2'
}

k_background_rm() {
	echo v >/tmp/victim
	$CTL events >/dev/null
	$CTL load "$NR_unlinkat:log" >/dev/null || return 1
	(sleep 1; rm /tmp/victim) &
	bg=$!
	wait
	ev=$($CTL events)
	$CTL clear
	echo "$ev" | grep victim
	echo "$ev" | grep -q "comm rm exe /usr/bin/rm nr 263 .* str /tmp/victim" && [ ! -e /tmp/victim ]
}

k_unload_busy() {
	echo u >/tmp/u1
	echo u >/tmp/u2
	$CTL load "$NR_openat:suspend:0,streq=1=/tmp/u1" "$NR_openat:delay:20000000,streq=1=/tmp/u2" >/dev/null || return 1
	cat /tmp/u1 >/tmp/u1.out &
	p1=$!
	cat /tmp/u2 >/tmp/u2.out &
	p2=$!
	sleep 2
	$CTL list | head -1
	t0=$(now_ms)
	rmmod sct || return 1
	t1=$(now_ms)
	wait $p1
	s1=$?
	wait $p2
	s2=$?
	echo "rmmod took $((t1 - t0)) ms; suspended cat exit $s1 ($(cat /tmp/u1.out)), delayed cat exit $s2 ($(cat /tmp/u2.out))"
	note "rmmod with one suspended and one delayed (20 s) thread: $((t1 - t0)) ms, both released"
	insmod $KO || return 1
	[ $s1 -eq 0 ] && [ $s2 -eq 0 ] && [ $((t1 - t0)) -lt 10000 ]
}

k_stress() {
	# 4 threads on 2 vCPUs call fchdir(-42) (a FAIL EDOM rule) and fchdir(-43) (RETURN 7) while
	# the module is loaded and unloaded 50 times, each load replacing the rule set 20 times and
	# then clearing it: 1000 generations. The acted counters of every retired generation, summed,
	# must equal what the threads saw.
	threads=4 cycles=50 reloads=20
	lsmod | grep -q '^sct ' && rmmod sct
	$CTL hammer $threads /tmp/hammer.out &
	hp=$!
	sleep 1
	: >/tmp/sums
	t0=$(now_ms)
	i=0
	while [ $i -lt $cycles ]; do
		insmod $KO || { kill $hp; return 1; }
		$CTL reload $reloads >>/tmp/sums || { kill $hp; return 1; }
		rmmod sct || { kill $hp; return 1; }
		i=$((i + 1))
		# progress on the console (not the TAP): a hang names the cycle it hung in
		[ $((i % 10)) -eq 0 ] && echo "# stress: $i of $cycles load/unload cycles, $(($(now_ms) - t0)) ms" >/dev/console
	done
	t1=$(now_ms)
	kill -TERM $hp
	wait $hp
	read edom seven calls </tmp/hammer.out
	s1=$(awk '{s += $1} END {print s}' /tmp/sums)
	s2=$(awk '{s += $2} END {print s}' /tmp/sums)
	gens=$(awk '{s += $3} END {print s}' /tmp/sums)
	echo "stressors: $calls calls, EDOM $edom, returned-7 $seven; module acted sums: fail $s1, return $s2; $gens generations; $((t1 - t0)) ms"
	note "stress: threads=$threads vcpus=$(nproc) cycles=$cycles replacements=$((cycles * reloads)) generations=$gens calls=$calls edom=$edom fail_acted=$s1 seven=$seven return_acted=$s2 ms=$((t1 - t0))"
	insmod $KO || return 1
	[ "$edom" = "$s1" ] && [ "$seven" = "$s2" ] && [ "$s1" -gt 0 ] && [ "$s2" -gt 0 ] && [ "$gens" -eq $((cycles * reloads)) ]
}

# kernel problems in the log since line $1 of dmesg (0: all)
dmesg_bad() {
	dmesg | tail -n +$(($1 + 1)) | grep -E 'WARNING|BUG|Oops|Call Trace|general protection|UBSAN|KASAN|soft lockup|hung_task|blocked for more than|RCU stall|rcu_sched detected'
}

k_fuzz() {
	before=$(dmesg | wc -l)
	out1=$($CTL fuzz 10000 12345) || { echo "$out1"; return 1; }
	out2=$($CTL fuzz 10000 777) || { echo "$out2"; return 1; }
	echo "$out1"
	echo "$out2"
	d=$(dmesg_bad $before)
	sent=$(echo "$out1 $out2" | grep -o 'sent=[0-9]*' | awk -F= '{s += $2} END {print s}')
	rej=$(echo "$out1 $out2" | grep -o 'rejected=[0-9]*' | awk -F= '{s += $2} END {print s}')
	acc=$(echo "$out1 $out2" | grep -o 'accepted=[0-9]*' | awk -F= '{s += $2} END {print s}')
	note "fuzz: sent=$sent rejected=$rej accepted=$acc kernel_warnings=$(printf '%s' "$d" | grep -c .) (seeds 12345 and 777)"
	[ -z "$d" ] || { echo "$d"; return 1; }
	[ "$rej" -eq "$sent" ] && [ "$acc" -eq 0 ]
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

k_dmesg_clean() {
	# the whole suite's log (cleared once, before the first insmod)
	d=$(dmesg_bad 0)
	note "dmesg: bad_lines=$(printf '%s' "$d" | grep -c .) sct_loaded=$(dmesg | grep -c 'sct: loaded') sct_unloaded=$(dmesg | grep -c 'sct: unloaded')"
	[ -z "$d" ] || { echo "$d"; return 1; }
}
