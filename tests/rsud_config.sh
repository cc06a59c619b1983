#!/bin/sh
# rsud configuration: "rsud -n -c FILE" prints the effective configuration
# (diffed against tests/rsud/NAME.expected, as bgpd's regression tests do),
# -D overrides keys, and bad keys, values, combinations, missing
# certificates and what start-up would find missing on the system (store
# directory, interfaces, user, ports, endpoints) are refused with file:line
# and the reason; the command socket is closed to the network unless CURVE
# guards it or control.insecure says so; secrets are never printed.
cd "$(dirname "$0")/.." || exit 2
RSUD=${RSUD:-build/bin/rsud}
d=tests/rsud
out=$(mktemp) err=$(mktemp) dif=$(mktemp)
trap 'rm -f "$out" "$err" "$dif"' EXIT
[ -x "$RSUD" ] || { echo "FAIL rsud_config: $RSUD not built"; exit 1; }
# the default store.file is in /var/lib/rsud, which -n rightly refuses
# where it does not exist: an existing directory for the others
st="store.file=/tmp/rsud-config.json"

print_ok() {	# name, expected stdout, rsud arguments...
	name=$1 exp=$2
	shift 2
	if "$RSUD" "$@" >"$out" 2>"$err" && diff -u "$exp" "$out" >"$dif"; then
		echo "PASS rsud_config_$name"
	else
		echo "FAIL rsud_config_$name: $(head -c 400 "$dif" "$err")"
	fi
}
print_ok print_full $d/full.expected -n -c $d/full.conf
print_ok print_empty $d/empty.expected -n -c $d/empty.conf -D $st
if "$RSUD" -n -c $d/empty.conf -D $st -D rsu.id=over -D 'feed.hwm = 7' >"$out" 2>"$err" &&
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
for c in bad_keys missing_cert bad_combo bad_endpoint_port \
    bad_endpoint_transport bad_ipc_dir bad_stats_port bad_user bad_iface \
    bad_udp_port bad_psid bad_window bad_curve open_control; do
	check_bad $c $d/$c.expected -n -c $d/$c.conf -D $st
done
check_bad bad_store_dir $d/bad_store_dir.expected -n -c $d/bad_store_dir.conf
check_bad bad_defines $d/bad_defines.expected -n -c $d/empty.conf -D $st -D feed.hwm=x -D nokey=1 -D junk
# the command socket on the network without CURVE, as asked: loudly
print_ok insecure_control $d/insecure_control.expected -n -c $d/insecure_control.conf -D $st
if grep -q 'WARNING: control.insecure: commands on tcp://0.0.0.0:7701 without CURVE' "$err"; then
	echo "PASS rsud_config_insecure_warned"
else
	echo "FAIL rsud_config_insecure_warned: $(head -c 300 "$err")"
fi
# the default command socket is local
if "$RSUD" -n -c $d/empty.conf -D $st 2>/dev/null | grep -qx 'control.endpoint = "tcp://127.0.0.1:7701"'; then
	echo "PASS rsud_config_control_local"
else
	echo "FAIL rsud_config_control_local: $("$RSUD" -n -c $d/empty.conf -D $st 2>&1 | grep control.endpoint)"
fi
# CURVE: the secret key never printed (-n runs in ExecStartPre: the
# journal), its public key is
print_ok curve $d/curve.expected -n -c $d/curve.conf -D $st
secret=$(sed -n 's/^curve.secret_key = "\(.*\)"$/\1/p' $d/curve.conf)
if [ ${#secret} -eq 40 ] && ! grep -qF "$secret" "$out" "$err" &&
    ! "$RSUD" -n -c $d/empty.conf -D $st -D "curve.secret_key=$secret" 2>&1 | grep -qF "$secret" &&
    ! "$RSUD" --help-config | grep -qF "$secret"; then
	echo "PASS rsud_config_secret_hidden"
else
	echo "FAIL rsud_config_secret_hidden: the secret key is printed"
fi
# usage on request: stdout, status 0
for h in --help -h; do
	if "$RSUD" $h >"$out" 2>"$err" && grep -q '^usage: rsud' "$out"; then
		echo "PASS rsud_config_usage$h"
	else
		echo "FAIL rsud_config_usage$h: status $?, $(head -c 200 "$err")"
	fi
done
# refused at start too, not only with -n
if "$RSUD" -d -c $d/missing_cert.conf -D $st >"$out" 2>&1; then
	echo "FAIL rsud_config_refused_at_start: started"
elif grep -q 'missing_cert.conf:3: security.cert' "$out"; then
	echo "PASS rsud_config_refused_at_start"
else
	echo "FAIL rsud_config_refused_at_start: $(head -c 300 "$out")"
fi
# every key documented, by name: --help-config against the configuration
# table as rsud -n prints it for an empty configuration (every key, each at
# its default), both ways
keys_help=$(mktemp) keys_table=$(mktemp) keys_man=$(mktemp)
trap 'rm -f "$out" "$err" "$dif" "$keys_help" "$keys_table" "$keys_man"' EXIT
"$RSUD" --help-config | sed -n 's/^\([a-z][a-z0-9_.]*\)$/\1/p' | sort >"$keys_help"
"$RSUD" -n -c $d/empty.conf -D $st 2>/dev/null | sed -n 's/^\([a-z][a-z0-9_.]*\) = .*/\1/p' |
    grep -vx 'curve.public_key' | sort >"$keys_table"
if [ "$(wc -l <"$keys_help")" -gt 20 ] && diff "$keys_table" "$keys_help" >"$dif"; then
	echo "PASS rsud_config_help"
else
	echo "FAIL rsud_config_help: keys of rsud -n (<) and --help-config (>), $(wc -l <"$keys_table") and" \
	    "$(wc -l <"$keys_help"): $(grep '^[<>]' "$dif" | tr '\n' ' ' | head -c 400)"
fi
# rsud(8)'s key list (CONFIGURATION: "The keys, as --help-config prints
# them: ...", up to the next paragraph or section) names the same keys
sed -n '/^The keys, as$/,/^\.\(Pp\|Sh\|Ss\)/p' rsu/rsud.8 | sed '/^\./d' | tr '\n' ' ' |
    sed 's/^.*prints them://' | tr ', ' '\n\n' | sed 's/\.$//' | grep -x '[a-z][a-z0-9_.]*' |
    grep -vx 'and' | sort >"$keys_man"
if [ "$(wc -l <"$keys_help")" -gt 20 ] && diff "$keys_man" "$keys_help" >"$dif"; then
	echo "PASS rsud_config_man_keys"
else
	echo "FAIL rsud_config_man_keys: keys of rsud(8) (<) and --help-config (>), $(wc -l <"$keys_man") and" \
	    "$(wc -l <"$keys_help"): $(grep '^[<>]' "$dif" | tr '\n' ' ' | head -c 400)"
fi
# the shipped example is valid
if "$RSUD" -n -c rsu/rsud.conf.example -D $st >"$out" 2>"$err"; then
	echo "PASS rsud_config_example"
else
	echo "FAIL rsud_config_example: $(head -c 300 "$err")"
fi
