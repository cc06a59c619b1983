#!/bin/sh
# Generate C code from ASN.1 with asn1c, only when something it depends on
# changed (a stamp holds a hash of the inputs, the flags and the compiler).
#
#   mk/asn1gen.sh skel OUT-DIR
#       asn1c's runtime (skeletons) from /usr/share/asn1c into OUT-DIR, with
#       our reviewed fixes (asn1/skeletons.patch, if present) applied;
#       writes OUT-DIR/sources.mk with SKEL_SRCS.
#   mk/asn1gen.sh FAMILY MODULE-DIR OUT-DIR
#       one family of modules into OUT-DIR (without the skeletons); writes
#       OUT-DIR/sources.mk with GEN_<FAMILY>_SRCS.  The PDU table is renamed
#       <family>_pdu_collection.
set -eu
flags="-gen-PER -fcompound-names -fincludes-quoted -pdu=all"
asn1c=${ASN1C:-asn1c}
command -v "$asn1c" >/dev/null || {
	echo "asn1gen: $asn1c not found (apt-get install asn1c)" >&2; exit 1; }
skeldir=$(dirname "$(command -v "$asn1c")")/../share/asn1c
patchfile=asn1/skeletons.patch

uptodate() {	# uptodate OUT HASH
	if [ -f "$1/.hash" ] && [ "$(cat "$1/.hash")" = "$2" ] &&
	    [ -f "$1/sources.mk" ]; then
		touch "$1/sources.mk"
		return 0
	fi
	return 1
}

if [ "$1" = skel ]; then
	out=$2
	hash=$( { "$asn1c" -h 2>&1 | head -1; cat "$skeldir"/*.[ch];
	    [ -f "$patchfile" ] && cat "$patchfile"; cat "$0"; } |
	    sha256sum | cut -d' ' -f1)
	uptodate "$out" "$hash" && exit 0
	echo "asn1c: copying the runtime into $out"
	rm -rf "$out"
	mkdir -p "$out"
	cp "$skeldir"/*.[ch] "$out"/
	rm -f "$out/converter-sample.c"
	if [ -f "$patchfile" ]; then
		echo "asn1c: applying $patchfile"
		patch -s -d "$out" -p1 < "$patchfile"
	fi
	{
		printf 'SKEL_SRCS :='
		for f in "$out"/*.c; do printf ' \\\n\t%s' "$f"; done
		printf '\n'
	} > "$out/sources.mk"
	echo "$hash" > "$out/.hash"
	exit 0
fi

family=$1 src=$2 out=$3
hash=$( { "$asn1c" -h 2>&1 | head -1; echo "$flags"; cat "$src"/*.asn;
    cat "$0"; } | sha256sum | cut -d' ' -f1)
uptodate "$out" "$hash" && exit 0

echo "asn1c: generating $family into $out"
rm -rf "$out"
mkdir -p "$out"
srcabs=$(cd "$src" && pwd)
(cd "$out" && "$asn1c" $flags "$srcabs"/*.asn > asn1c.log 2>&1) || {
	cat "$out/asn1c.log" >&2; exit 1; }
rm -f "$out/converter-sample.c" "$out/Makefile.am.sample"
# The runtime comes from the skel step, patched: drop asn1c's copies.
for f in "$skeldir"/*.[ch]; do
	rm -f "$out/$(basename "$f")"
done
sed -i "s/\basn_pdu_collection\b/${family}_pdu_collection/" "$out/pdu_collection.c"
upper=$(echo "$family" | tr a-z A-Z)
{
	printf 'GEN_%s_SRCS :=' "$upper"
	for f in "$out"/*.c; do printf ' \\\n\t%s' "$f"; done
	printf '\n'
} > "$out/sources.mk"
echo "$hash" > "$out/.hash"
