#!/bin/sh
# Run asn1c on one family of ASN.1 modules into build/gen/<family>, only when
# the modules, the flags or the compiler changed (the stamp is a hash of all
# three).  Writes <out>/sources.mk listing the generated C files for make.
# usage: mk/asn1gen.sh FAMILY MODULE-DIR OUT-DIR SKEL-DIR
set -eu
family=$1 src=$2 out=$3 skel=$4
flags="-gen-PER -fcompound-names -fincludes-quoted -pdu=all"
asn1c=${ASN1C:-asn1c}
command -v "$asn1c" >/dev/null || { echo "asn1gen: $asn1c not found (apt-get install asn1c)" >&2; exit 1; }

hash=$( { "$asn1c" -h 2>&1 | head -1; echo "$flags"; cat "$src"/*.asn; cat "$0"; } | sha256sum | cut -d' ' -f1)
if [ -f "$out/.hash" ] && [ "$(cat "$out/.hash")" = "$hash" ] && [ -f "$out/sources.mk" ]; then
	touch "$out/sources.mk"; exit 0
fi

echo "asn1c: generating $family into $out"
rm -rf "$out"
mkdir -p "$out" "$skel"
srcabs=$(cd "$src" && pwd)
(cd "$out" && "$asn1c" $flags "$srcabs"/*.asn > asn1c.log 2>&1) || {
	cat "$out/asn1c.log" >&2; exit 1; }
rm -f "$out/converter-sample.c" "$out/Makefile.am.sample"
# The skeletons (asn1c's runtime) are shared by every family: keep one full
# copy, since the library calls into types a family may not use.
skeldir=$(dirname "$(command -v "$asn1c")")/../share/asn1c
for f in "$skeldir"/*.[ch]; do
	b=$(basename "$f")
	[ "$b" = converter-sample.c ] && continue
	rm -f "$out/$b"
	cmp -s "$f" "$skel/$b" 2>/dev/null || cp "$f" "$skel/$b"
done
# Each family has its own PDU table.
sed -i "s/\basn_pdu_collection\b/${family}_pdu_collection/" "$out/pdu_collection.c"
upper=$(echo "$family" | tr a-z A-Z)
{
	printf 'GEN_%s_SRCS :=' "$upper"
	for f in "$out"/*.c; do printf ' \\\n\t%s' "$f"; done
	printf '\nSKEL_SRCS_%s :=' "$upper"
	for f in "$skel"/*.c; do printf ' \\\n\t%s' "$f"; done
	printf '\n'
} > "$out/sources.mk"
echo "$hash" > "$out/.hash"
