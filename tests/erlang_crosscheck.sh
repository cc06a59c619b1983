#!/bin/sh
# erlang_crosscheck.sh: our UPER codecs (asn1c 0.9.28) against an independent
# ASN.1 implementation, Erlang/OTP's asn1 application, over our SAE J2735
# (2020) modules.  Both directions, for every message type:
#   asn1c -> Erlang  'v2x random' values: Erlang decodes them and encodes
#                    them again to the same bytes, also every open type
#                    inside (by its own id tables), and its values equal our
#                    JSON of them, leaf by leaf;
#   Erlang -> asn1c  Erlang's random values: 'v2x decode | v2x encode' gives
#                    Erlang's bytes back, and our JSON equals Erlang's values.
# The Erlang side is tests/erlang/j2735_uper.escript; its build (module
# J2735, from the modules with comments cut at the end of the line) goes to
# build/erlang/j2735 and is redone only when a module or the escript changed.
#
# usage: tests/erlang_crosscheck.sh [TYPE...]
#   ERLANG_N     values per type and direction (default 150)
#   ERLANG_SEED  seed of both generators (default 1)
#   V2X          the v2x binary (default build/bin/v2x)
# Prints PASS/FAIL/SKIP lines; exits 1 when something failed.
cd "$(dirname "$0")/.." || exit 2
V2X=${V2X:-build/bin/v2x}
N=${ERLANG_N:-150}
SEED=${ERLANG_SEED:-1}
ESC=tests/erlang/j2735_uper.escript
SRC=asn1/j2735
OUT=build/erlang/j2735
RUN=build/erlang/run
TYPES=${*:-MessageFrame BasicSafetyMessage SPAT MapData TravelerInformation \
RoadSideAlert SignalRequestMessage SignalStatusMessage PersonalSafetyMessage}

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
fail=0

# Comments that a strict ASN.1 reader (X.680 12.6.3: "--" also ends a
# comment) reads differently from asn1c: Erlang rejects those modules.
lint=$(escript "$ESC" lint "$SRC")
if [ -n "$lint" ]; then
	echo "$lint" | sed 's/^/FAIL erlang schema comments: /'
	fail=1
else
	echo "PASS erlang schema comments"
fi

hash=$( { erl -noshell -eval 'io:format("~s ~s", [erlang:system_info(
    otp_release), element(2, application:get_key(asn1, vsn))]), halt().' \
    -s application load asn1 2>/dev/null; cat "$SRC"/*.asn "$ESC"; } |
    sha256sum | cut -d' ' -f1)
if [ ! -f "$OUT/J2735.beam" ] || [ "$(cat "$OUT/.hash" 2>/dev/null)" != "$hash" ]
then
	rm -rf "$OUT"
	mkdir -p "$OUT"
	if ! escript "$ESC" compile "$SRC" "$OUT" >"$OUT/compile.log" 2>&1; then
		echo "FAIL erlang compile: Erlang's asn1 rejects $SRC:" \
		    "$(tr -s ' \n' ' ' <"$OUT/compile.log" | cut -c1-600)"
		exit 1
	fi
	echo "$hash" >"$OUT/.hash"
fi
echo "PASS erlang compile"
grep '^NOTE' "$OUT/compile.log"

rm -rf "$RUN"
mkdir -p "$RUN"

# report NAME CHECKFILE HEXFILE: PASS or FAIL from a check's OK/FAIL lines.
report() {
	total=$(wc -l <"$3")
	ok=$(grep -c '^OK' "$2")
	inner=$(awk '/^OK/ { n += $2 } END { print n + 0 }' "$2")
	if [ "$total" -gt 0 ] && [ "$ok" -eq "$total" ]; then
		echo "PASS $1: $total values, $inner open types inside"
		return 0
	fi
	line=$(grep -vn '^OK' "$2" | head -1 | cut -d: -f1)
	echo "FAIL $1: $((total - ok)) of $total values differ; value" \
	    "$line: $(sed -n "${line}p" "$2" | cut -c1-900)"
	echo "    hex: $(sed -n "${line}p" "$3")"
	fail=1
	return 1
}

for t in $TYPES; do
	# asn1c -> Erlang
	base=$RUN/$t.asn1c
	if ! "$V2X" random -t "$t" -n "$N" --seed "$SEED" >"$base.hex" \
	    2>"$base.err" ||
	    ! "$V2X" random -t "$t" -n "$N" --seed "$SEED" -o json \
	    >"$base.json" 2>>"$base.err"; then
		echo "FAIL erlang asn1c->erlang $t: v2x random failed:" \
		    "$(head -c 300 "$base.err")"
		fail=1
	else
		paste -d' ' "$base.hex" "$base.json" |
		    escript "$ESC" check "$OUT" "$t" >"$base.check" 2>&1
		report "erlang asn1c->erlang $t" "$base.check" "$base.hex"
	fi

	# Erlang -> asn1c
	base=$RUN/$t.erlang
	if ! escript "$ESC" gen "$OUT" "$t" "$N" "$SEED" >"$base.hex" \
	    2>"$base.err"; then
		echo "FAIL erlang erlang->asn1c $t: Erlang's generator failed:" \
		    "$(tr -s ' \n' ' ' <"$base.err" | cut -c1-600)"
		fail=1
		continue
	fi
	"$V2X" decode -t "$t" -i hex "$base.hex" >"$base.json" 2>"$base.err"
	"$V2X" encode <"$base.json" >"$base.back" 2>>"$base.err"
	line=$(paste -d' ' "$base.hex" "$base.back" |
	    awk '$1 != $2 { print NR; exit }')
	if [ -n "$line" ]; then
		echo "FAIL erlang erlang->asn1c $t: value $line: Erlang" \
		    "$(sed -n "${line}p" "$base.hex"), 'v2x decode | v2x" \
		    "encode' $(sed -n "${line}p" "$base.back" | cut -c1-300)"
		echo "    decode: $(sed -n "${line}p" "$base.json" | cut -c1-600)"
		fail=1
		continue
	fi
	# The bytes agree; do the values?
	paste -d' ' "$base.hex" "$base.json" |
	    escript "$ESC" check "$OUT" "$t" >"$base.check" 2>&1
	report "erlang erlang->asn1c $t" "$base.check" "$base.hex"
done
exit $fail
