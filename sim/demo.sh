#!/bin/sh
# make demo: encode the sample messages the project ships (sim/samples/*.json)
# with 'v2x encode', then decode them back with 'v2x decode' and show what a
# traffic centre would see.  Later the demo runs rsud and v2xsim end to end.
set -eu
cd "$(dirname "$0")/.."
v2x=build/bin/v2x
out=build/demo
mkdir -p "$out"

echo "== 1. encode the sample messages (JSON -> UPER MessageFrame, hex)"
: > "$out/samples.hex"
for f in sim/samples/*.json; do
	hex=$($v2x encode "$f")
	printf '%s\n' "$hex" >> "$out/samples.hex"
	printf '  %-12s %4d bytes  %.60s...\n' "$(basename "$f" .json)" \
	    $(( ${#hex} / 2 )) "$hex"
done

echo
echo "== 2. decode them (v2x decode $out/samples.hex)"
$v2x decode "$out/samples.hex" > "$out/decoded.json"
while IFS= read -r line; do
	printf '  %.150s...\n' "$line"
done < "$out/decoded.json"

echo
echo "== 3. round trip: re-encode the decoded JSON and compare"
$v2x encode "$out/decoded.json" > "$out/again.hex"
if cmp -s "$out/samples.hex" "$out/again.hex"; then
	echo "  identical bytes for all $(wc -l < "$out/samples.hex") messages"
else
	echo "  MISMATCH: compare $out/samples.hex and $out/again.hex"; exit 1
fi

echo
echo "== 4. a damaged message is reported, not fatal"
printf '%s\n' "$(head -1 "$out/samples.hex" | cut -c1-40)" | $v2x decode || true
echo
echo "Files: $out/"
