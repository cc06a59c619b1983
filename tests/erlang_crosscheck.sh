#!/bin/sh
# erlang_crosscheck.sh: our UPER codecs (asn1c 0.9.28) against an independent
# ASN.1 implementation, Erlang/OTP's asn1 application, over our SAE J2735
# (2020) modules and our ETSI ITS modules.  Both
# directions, for every message type:
#   asn1c -> Erlang  'v2x random' values: Erlang decodes them and encodes
#                    them again to the same bytes, also every open type
#                    inside (by its own id tables), and its values equal
#                    'v2x decode's JSON of them, leaf by leaf;
#   Erlang -> asn1c  Erlang's random values: 'v2x decode | v2x encode' gives
#                    Erlang's bytes back, and our JSON equals Erlang's values.
# Both sides compile OUR modules, so a name that differs from the standards'
# cannot show here: tests/asn1_names.py checks the names against outside data.
# The Erlang side is tests/erlang/uper_crosscheck.escript; its builds go to
# build/erlang/FAMILY, redone only when a module, the escript or Erlang
# changed.
#
# usage: tests/erlang_crosscheck.sh [j2735|etsi ...]
#   ERLANG_N     values per type and direction (default 150)
#   ERLANG_SEED  seed of both generators (default 1)
#   ERLANG_ETSI_GEN_N  Erlang-generated ETSI values per type (default 30)
#   V2X          the v2x binary (default build/bin/v2x)
# Prints PASS/FAIL/SKIP lines; exits 1 when something failed.
cd "$(dirname "$0")/.." || exit 2
V2X=${V2X:-build/bin/v2x}
N=${ERLANG_N:-150}
SEED=${ERLANG_SEED:-1}
ESC=tests/erlang/uper_crosscheck.escript
FAMILIES=${*:-j2735 etsi}
J2735_TYPES="MessageFrame BasicSafetyMessage SPAT MapData TravelerInformation
RoadSideAlert SignalRequestMessage SignalStatusMessage PersonalSafetyMessage
ProbeDataManagement ProbeVehicleData"
ETSI_TYPES="CAM DENM SPATEM MAPEM IVIM SREM SSEM RTCMEM
CollectivePerceptionMessage"

if ! command -v escript >/dev/null 2>&1; then
	echo "SKIP erlang_crosscheck: escript not found" \
	    "(apt-get install erlang-base erlang-asn1)"
	exit 0
fi
if ! erl -noshell -eval 'case code:lib_dir(asn1) of {error, _} ->
    halt(1); _ -> halt(0) end.' >/dev/null 2>&1; then
	echo "SKIP erlang_crosscheck: Erlang's asn1 application is missing" \
	    "(apt-get install erlang-asn1)"
	exit 0
fi
if [ ! -x "$V2X" ]; then
	echo "FAIL erlang_crosscheck: $V2X is not built (make)"
	exit 1
fi
# Erlang's VM shuts down gracefully on SIGTERM, which a busy process can
# hold up: stop it with SIGKILL; and a memory limit, against a runaway.
erl_run() {	# erl_run SECONDS escript-args...
	secs=$1
	shift
	(ulimit -v 4000000 2>/dev/null; exec timeout -s KILL "$secs" \
	    escript "$ESC" "$@")
}

erlvsn=$(erl -noshell -eval 'application:load(asn1), io:format("~s ~s",
    [erlang:system_info(otp_release), element(2, application:get_key(asn1,
    vsn))]), halt().' 2>/dev/null)
fail=0

# report NAME TYPE CHECKFILE: PASS or FAIL from a check's lines of TYPE.
# Only OK passes: BYTES (our JSON could not hold the value, "not supported
# in JSON", so only the bytes were compared) is a failure, as our JSON is
# what consumers read.
report() {
	grep "^$2 " "$3" | cut -d' ' -f2- >"$3.$2"
	total=$(wc -l <"$3.$2")
	ok=$(grep -c '^OK' "$3.$2")
	inner=$(awk '/^OK/ { n += $2 } END { print n + 0 }' "$3.$2")
	if [ "$total" -gt 0 ] && [ "$ok" -eq "$total" ]; then
		echo "PASS $1: $total values, $inner open types inside"
		return 0
	fi
	line=$(grep -vn '^OK' "$3.$2" | head -1 | cut -d: -f1)
	bytes=$(grep -c '^BYTES' "$3.$2")
	echo "FAIL $1: $((total - ok)) of $total values not equal as values" \
	    "($bytes of them only as bytes: our JSON cannot hold them); value" \
	    "$line: $(sed -n "${line}p" "$3.$2" | cut -c1-900)"
	fail=1
	return 1
}

# crosscheck FAMILY TYPE...: both directions, all types in one Erlang run
# per step.
crosscheck() {
	fam=$1 out=build/erlang/$1 run=$RUN/$1
	shift
	types=$*
	gn=$N
	[ "$fam" = etsi ] && gn=${ERLANG_ETSI_GEN_N:-30}
	mkdir -p "$run"

	# asn1c -> Erlang: 'v2x random', its JSON by 'v2x decode'.
	: >"$run/asn1c.in"
	for t in "$@"; do
		if ! "$V2X" random --family "$fam" -t "$t" -n "$N" --seed \
		    "$SEED" >"$run/$t.asn1c.hex" 2>"$run/$t.asn1c.err"; then
			echo "FAIL erlang $fam asn1c->erlang $t: v2x random" \
			    "failed: $(head -c 300 "$run/$t.asn1c.err")"
			fail=1
			continue
		fi
		"$V2X" decode --family "$fam" -t "$t" -i hex \
		    "$run/$t.asn1c.hex" >"$run/$t.asn1c.json" 2>/dev/null
		paste -d' ' "$run/$t.asn1c.hex" "$run/$t.asn1c.json" |
		    sed "s/^/$t /" >>"$run/asn1c.in"
	done
	erl_run 300 check "$fam" "$out" <"$run/asn1c.in" \
	    >"$run/asn1c.check" 2>&1
	for t in "$@"; do
		[ -s "$run/$t.asn1c.hex" ] &&
		    report "erlang $fam asn1c->erlang $t" "$t" "$run/asn1c.check"
	done

	# Erlang -> asn1c: the bytes back through our JSON, and the values.
	# asn1ct's generator now and then runs away (see the escript): a type
	# it did not finish is skipped, not failed.
	erl_run 300 gen "$fam" "$out" "$gn" "$SEED" "$@" >"$run/erlang.hex" \
	    2>"$run/erlang.err"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
		echo "FAIL erlang $fam erlang->asn1c: Erlang's generator" \
		    "failed: $(tr -s ' \n' ' ' <"$run/erlang.err" | cut -c1-600)"
		fail=1
		return
	fi
	: >"$run/erlang.in"
	set --
	for t in $types; do
		grep "^$t " "$run/erlang.hex" | cut -d' ' -f2 >"$run/$t.erlang.hex"
		if [ "$(wc -l <"$run/$t.erlang.hex")" -ne "$gn" ]; then
			echo "SKIP erlang $fam erlang->asn1c $t: Erlang's" \
			    "generator did not finish in time"
			continue
		fi
		set -- "$@" "$t"
		"$V2X" decode --family "$fam" -t "$t" -i hex \
		    "$run/$t.erlang.hex" >"$run/$t.erlang.json" 2>/dev/null
		"$V2X" encode --family "$fam" <"$run/$t.erlang.json" \
		    >"$run/$t.erlang.back" 2>/dev/null
		paste -d' ' "$run/$t.erlang.hex" "$run/$t.erlang.json" |
		    sed "s/^/$t /" >>"$run/erlang.in"
	done
	erl_run 300 check "$fam" "$out" <"$run/erlang.in" \
	    >"$run/erlang.check" 2>&1
	for t in "$@"; do
		# Every value must come back, also one our JSON cannot hold.
		line=$(paste -d' ' "$run/$t.erlang.hex" "$run/$t.erlang.back" |
		    awk '$1 != $2 { print NR; exit }')
		if [ -n "$line" ]; then
			echo "FAIL erlang $fam erlang->asn1c $t: value $line:" \
			    "Erlang $(sed -n "${line}p" "$run/$t.erlang.hex")," \
			    "'v2x decode | v2x encode'" \
			    "$(sed -n "${line}p" "$run/$t.erlang.back" |
			    cut -c1-300)"
			echo "    decode: $(sed -n "${line}p" \
			    "$run/$t.erlang.json" | cut -c1-600)"
			fail=1
			continue
		fi
		report "erlang $fam erlang->asn1c $t" "$t" "$run/erlang.check"
	done
}

# Real data: the CPMs (TS 103 324 v2.1.1) of the ms-van3t trace, 'v2x
# decode's bytes and JSON checked by Erlang as the random values are.
trace_cpms() {
	pcap=${VECTORS:-../shared/vectors}/ms-van3t/sample_trace.pcapng
	if [ ! -f "$pcap" ]; then
		echo "SKIP erlang etsi ms-van3t CPMs: no $pcap (set VECTORS)"
		return
	fi
	"$V2X" decode --raw -i pcap "$pcap" 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    if o.get("pdu") == "CollectivePerceptionMessage":
        print(o["pdu"], o["raw"], json.dumps(o["value"]))' >"$RUN/etsi/trace.in"
	erl_run 300 check etsi build/erlang/etsi <"$RUN/etsi/trace.in" \
	    >"$RUN/etsi/trace.check" 2>&1
	if [ "$(wc -l <"$RUN/etsi/trace.in")" -ne 562 ]; then
		echo "FAIL erlang etsi ms-van3t CPMs:" \
		    "$(wc -l <"$RUN/etsi/trace.in") of 562 decoded"
		fail=1
		return
	fi
	report "erlang etsi ms-van3t CPMs" CollectivePerceptionMessage \
	    "$RUN/etsi/trace.check"
}

# Our own scratch directory (the runner and a developer may run this at
# once), kept when something failed.
mkdir -p build/erlang
RUN=$(mktemp -d build/erlang/run.XXXXXX) || exit 2
for fam in $FAMILIES; do
	case $fam in
	j2735) types=$J2735_TYPES probe=MessageFrame ;;
	etsi) types=$ETSI_TYPES probe=CAM ;;
	*) echo "FAIL erlang_crosscheck: unknown family $fam"; fail=1; continue ;;
	esac
	src=asn1/$fam out=build/erlang/$fam
	if ! ls "$src"/*.asn >/dev/null 2>&1; then
		echo "SKIP erlang $fam: no modules in $src"
		continue
	fi
	# v2x builds random values of both families: a failure here is a
	# defect, not a family to skip.
	if ! "$V2X" random --family "$fam" -t "$probe" >/dev/null \
	    2>"$RUN/$fam.probe.err"; then
		echo "FAIL erlang $fam: 'v2x random --family $fam -t $probe'" \
		    "failed: $(head -c 300 "$RUN/$fam.probe.err")"
		fail=1
		continue
	fi

	# Comments a strict ASN.1 reader (X.680 12.6.3: "--" also ends a
	# comment) reads otherwise than asn1c: Erlang rejects those modules.
	lint=$(erl_run 60 lint "$src")
	if [ -n "$lint" ]; then
		echo "$lint" | sed "s/^/FAIL erlang $fam schema comments: /"
		fail=1
	else
		echo "PASS erlang $fam schema comments"
	fi

	# One build at a time (flock when there is one).
	exec 9>build/erlang/.lock
	command -v flock >/dev/null 2>&1 && flock 9
	hash=$( { echo "$erlvsn"; cat "$src"/*.asn "$ESC"; } | sha256sum |
	    cut -d' ' -f1)
	if [ ! -f "$out/.hash" ] || [ "$(cat "$out/.hash")" != "$hash" ]; then
		rm -rf "$out"
		mkdir -p "$out"
		if ! erl_run 300 compile "$fam" "$src" "$out" \
		    >"$out/compile.log" 2>&1; then
			echo "FAIL erlang $fam compile: Erlang's asn1 rejects" \
			    "$src: $(tr -s ' \n' ' ' <"$out/compile.log" |
			    cut -c1-600)"
			fail=1
			exec 9>&-
			continue
		fi
		echo "$hash" >"$out/.hash"
	fi
	exec 9>&-
	echo "PASS erlang $fam compile"
	grep '^NOTE' "$out/compile.log"

	# shellcheck disable=SC2086
	crosscheck "$fam" $types
	[ "$fam" = etsi ] && trace_cpms
done
[ "$fail" -eq 0 ] && rm -rf "$RUN"
exit $fail
