# TAP 14 helpers for the suites (sourced). Each check prints "# running: NAME"
# first, so a hang names the test that hung, then "ok N - NAME" or "not ok N - NAME"
# with the command's output as a YAML block.
tap_n=0
tap_failed=0

tap_start() { echo "TAP version 14"; }

# check NAME COMMAND...: passes when COMMAND exits 0
check() {
	name=$1
	shift
	tap_n=$((tap_n + 1))
	echo "# running: $name"
	if output=$("$@" 2>&1); then
		echo "ok $tap_n - $name"
	else
		status=$?
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $name"
		echo "  ---"
		echo "  exit: $status"
		echo "  output: |"
		printf '%s\n' "$output" | tail -n 20 | sed 's/^/    /'
		echo "  ..."
	fi
}

tap_end() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
