#!/bin/sh
# Forward compatibility of asn1c's UPER runtime with asn1/skeletons.patch
# (ITU-T X.691 extensibility; see asn1/SKELETONS.md): a decoder built from
# tests/fwdcompat/FwdV1.asn must read every value of its next edition
# FwdV2.asn, skipping or keeping as unknown what it does not know, and the
# other way round; and asn1c's encoders, fixed, give Erlang/OTP's bytes for
# the scratch module tests/fwdcompat/Bugs.asn (bugs.txt).  Everything runs under ASan+UBSan; one PASS or FAIL line
# per check (-v: also each value's).
#
# usage: tests/fwdcompat.sh [-v]
cd "$(dirname "$0")/.." || exit 2
verbose=0
[ "${1:-}" = -v ] && verbose=1
src=tests/fwdcompat
out=build/fwdcompat
skel=build/gen/skel
status=0

if ! command -v asn1c >/dev/null 2>&1; then
	echo "SKIP fwdcompat: asn1c not installed"
	exit 0
fi
mkdir -p "$out"

# The patched runtime, as the main build makes it.
if ! make -s "$skel/sources.mk" >"$out/build.log" 2>&1; then
	echo "FAIL fwdcompat build: $skel (see $out/build.log)"
	exit 1
fi

# gen DIR MODULE: asn1c output for a module, without the runtime; redone
# when the module or asn1c changes.
gen() {
	dir=$out/$1
	hash=$( { asn1c -h 2>&1 | head -1; cat "$src/$2"; } |
	    sha256sum | cut -d' ' -f1)
	if [ -f "$dir/.hash" ] && [ "$(cat "$dir/.hash")" = "$hash" ]; then
		return 0
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && asn1c -gen-PER -fcompound-names -fincludes-quoted \
	    "../../../$src/$2" >asn1c.log 2>&1) || return 1
	for f in "$skel"/*.[ch]; do
		rm -f "$dir/$(basename "$f")"
	done
	rm -f "$dir/converter-sample.c" "$dir/Makefile.am.sample"
	echo "$hash" >"$dir/.hash"
}
for m in v1:FwdV1.asn v2:FwdV2.asn bugs.gen:Bugs.asn; do
	if ! gen "${m%%:*}" "${m#*:}"; then
		echo "FAIL fwdcompat build: asn1c ${m#*:} (see $out/${m%%:*}/asn1c.log)"
		exit 1
	fi
done
if ! make -s -j"$(nproc 2>/dev/null || echo 2)" -f "$src/fwdcompat.mk" \
    >>"$out/build.log" 2>&1; then
	echo "FAIL fwdcompat build: test programs (see $out/build.log)"
	exit 1
fi

# check NAME WHAT INPUT COMMAND...: runs a check whose input has one value
# a line, and wants them all passed or left out.
check() {
	name=$1 what=$2 input=$3
	shift 3
	log=$out/$name.log
	"$@" >"$log" 2>&1
	rc=$?
	[ $verbose -eq 1 ] && cat "$log"
	n=$(grep -cv '^#' "$input")
	set -- $(sed -n 's/^# .*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) left out.*/\1 \2 \3/p' "$log")
	if [ $rc -eq 0 ] && [ $# -eq 3 ] && [ "$2" -eq 0 ] &&
	    [ "$1" -gt 0 ] && [ $(($1 + $3)) -eq "$n" ]; then
		counts="$1 values"
		[ "$3" -gt 0 ] && counts="$counts, $3 left out"
		echo "PASS fwdcompat $name: $what ($counts)"
	else
		why=$(grep -m1 '^FAIL' "$log" || tail -1 "$log")
		echo "FAIL fwdcompat $name: $what: ${why:-exit $rc} (see $log)"
		status=1
	fi
}

cases=$src/cases.txt
vectors=$src/vectors.txt
# Encodings made here: each version's encoder, every case it can express.
if ! $out/fwd_v2 enc "$cases" >"$out/v2.hex" 2>"$out/enc.log" ||
    ! $out/fwd_v1 enc "$cases" >"$out/v1.hex" 2>>"$out/enc.log"; then
	echo "FAIL fwdcompat encode: $(head -1 "$out/enc.log") (see $out/enc.log)"
	exit 1
fi

check v2-to-v1 "V1 decodes V2 values (asn1c encoder), unknown parts skipped or kept" \
    "$out/v2.hex" $out/fwd_v1 dec -o "$out/relay.hex" "$cases" "$out/v2.hex"
check x691-to-v1 "V1 decodes V2 values encoded by Erlang/OTP asn1" \
    "$vectors" $out/fwd_v1 dec "$cases" "$vectors"
check v1-to-v2 "V2 decodes V1 values" \
    "$out/v1.hex" $out/fwd_v2 dec "$cases" "$out/v1.hex"
check x691-to-v2 "V2 decodes the Erlang/OTP values (without [[ ]] groups)" \
    "$vectors" $out/fwd_v2 dec -g "$cases" "$vectors"
check v1-roundtrip "V1 re-encodes its own values unchanged" \
    "$out/v1.hex" $out/fwd_v1 dec -s "$cases" "$out/v1.hex"
check v2-roundtrip "V2 re-encodes its own values unchanged" \
    "$out/v2.hex" $out/fwd_v2 dec -s "$cases" "$out/v2.hex"
check relay "V2 decodes what V1 re-encoded (unknown ENUMERATED values kept)" \
    "$out/relay.hex" $out/fwd_v2 dec -1 "$cases" "$out/relay.hex"
check v2-encoder "V2 encodes as Erlang/OTP (without [[ ]] groups)" \
    "$vectors" $out/fwd_v2 cmp "$cases" "$vectors"
check v1-encoder "V1 encodes as Erlang/OTP (values without additions)" \
    "$vectors" $out/fwd_v1 cmp "$cases" "$vectors"
check truncated-v2 "V1 on every truncation and bit flip of the V2 values" \
    "$out/v2.hex" $out/fwd_v1 trunc "$out/v2.hex"
check truncated-x691 "V1 on every truncation and bit flip of the Erlang/OTP values" \
    "$vectors" $out/fwd_v1 trunc "$vectors"
check bugs "asn1c encodes Bugs.asn as Erlang/OTP and decodes it back (SKELETONS.md hunk 8; open bugs left out)" \
    "$src/bugs.txt" $out/bugs "$src/bugs.txt"
exit $status
