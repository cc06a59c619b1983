#!/bin/sh
# rsud configuration: "rsud -n -c FILE" prints the effective configuration
# (diffed against tests/rsud/NAME.expected, as bgpd's regression tests do),
# -D overrides keys, and bad keys, values, combinations and missing
# certificates are refused with file:line and the reason.
cd "$(dirname "$0")/.." || exit 2
RSUD=${RSUD:-build/bin/rsud}
d=tests/rsud
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
[ -x "$RSUD" ] || { echo "FAIL rsud_config: $RSUD not built"; exit 1; }

for c in full empty; do
	if "$RSUD" -n -c $d/$c.conf >"$out" 2>"$err" && diff -u $d/$c.expected "$out" >"$err"; then
		echo "PASS rsud_config_print_$c"
	else
		echo "FAIL rsud_config_print_$c: $(head -c 400 "$err")"
	fi
done
if "$RSUD" -n -c $d/empty.conf -D rsu.id=over -D 'feed.hwm = 7' >"$out" 2>"$err" &&
    diff -u $d/defines.expected "$out" >"$err"; then
	echo "PASS rsud_config_defines"
else
	echo "FAIL rsud_config_defines: $(head -c 400 "$err")"
fi
check_bad() {	# name, expected stderr, rsud arguments...
	name=$1 exp=$2
	shift 2
	if "$RSUD" "$@" >"$out" 2>"$err"; then
		echo "FAIL rsud_config_$name: accepted"
	elif diff -u "$exp" "$err" >"$out"; then
		echo "PASS rsud_config_$name"
	else
		echo "FAIL rsud_config_$name: $(head -c 400 "$out")"
	fi
}
for c in bad_keys missing_cert bad_combo; do
	check_bad $c $d/$c.expected -n -c $d/$c.conf
done
check_bad bad_defines $d/bad_defines.expected -n -c $d/empty.conf -D feed.hwm=x -D nokey=1 -D junk
# refused at start too, not only with -n
if "$RSUD" -d -c $d/missing_cert.conf >"$out" 2>&1; then
	echo "FAIL rsud_config_refused_at_start: started"
elif grep -q 'missing_cert.conf:3: security.cert' "$out"; then
	echo "PASS rsud_config_refused_at_start"
else
	echo "FAIL rsud_config_refused_at_start: $(head -c 300 "$out")"
fi
# every key documented
n=$(grep -c '^[a-z_.]* = ' $d/empty.expected)
h=$("$RSUD" --help-config | grep -c '^[a-z][a-z_.]*$')
if [ "$n" -eq "$h" ] && [ "$n" -gt 20 ]; then
	echo "PASS rsud_config_help"
else
	echo "FAIL rsud_config_help: $n keys, $h documented"
fi
# the shipped example is valid
if "$RSUD" -n -c rsu/rsud.conf.example >"$out" 2>"$err"; then
	echo "PASS rsud_config_example"
else
	echo "FAIL rsud_config_example: $(head -c 300 "$err")"
fi
