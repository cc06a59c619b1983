#!/bin/sh
# house.sh: the structure of the tree holds as doc/ARCHITECTURE.md says
# (issue "the house in order"): no function over 150 lines in the library
# and the programs, the library neither prints nor exits, only codecs/asn
# sees asn1c's generated headers, and the programs include the library's
# public headers only.  PASS/FAIL lines for tests/run.
cd "$(dirname "$0")/.." || exit 2
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# 1. Function length (generated code is under build/, never here).
for dir in codecs rsu sim v2x; do
	long=$(find $dir -name '*.c' | sort | xargs awk -v LIMIT=150 -f mk/funclen.awk)
	if [ -z "$long" ]; then
		pass "funclen-$dir"
	else
		fail "funclen-$dir" "functions over 150 lines: $(echo "$long" | tr '\n' ';')"
	fi
done

# 2. The library is pure: no printing to the terminal, no exit, no syslog.
bad=$(grep -rnE '(^|[^a-z_])(printf|puts|exit|_exit|abort|syslog|perror)\(|std(out|err)' \
    --include='*.c' --include='*.h' codecs | grep -v '^[^:]*:[0-9]*:\s*\*')
if [ -z "$bad" ]; then pass "codecs-pure"; else fail "codecs-pure" "$(echo "$bad" | head -3 | tr '\n' ';')"; fi

# 3. Includes: every quoted include of a source resolves to its own folder,
# the public headers (codecs/include), or for programs v2x/app.  A header of
# asn1c's (build/gen) is allowed in codecs/asn only.
check_includes() {	# name, allowed dirs..., -- files...
	name=$1; shift
	dirs=""
	while [ "$1" != "--" ]; do dirs="$dirs $1"; shift; done
	shift
	bad=""
	for f in "$@"; do
		own=$(dirname "$f")
		for h in $(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
			ok=0
			for d in "$own" $dirs; do
				[ -f "$d/$h" ] && ok=1 && break
			done
			[ $ok -eq 1 ] || bad="$bad $f:$h"
		done
	done
	if [ -z "$bad" ]; then pass "$name"; else fail "$name" "not allowed:$bad"; fi
}
check_includes include-codecs-public codecs/include -- codecs/include/*.h
for part in base wire dot2 sec; do
	check_includes include-codecs-$part codecs/include -- codecs/$part/*.[ch]
done
check_includes include-programs codecs/include v2x/app -- \
    v2x/*.[ch] v2x/app/*.[ch] rsu/*.[ch] sim/*.[ch]
# codecs/asn may also include asn1c's headers: they are not in the tree, so
# an unresolved include there must name no file of ours.
bad=""
for f in codecs/asn/*.[ch]; do
	for h in $(sed -n 's/^#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
		[ -f "codecs/asn/$h" ] || [ -f "codecs/include/$h" ] && continue
		find codecs rsu sim v2x -name "$h" | grep -q . && bad="$bad $f:$h"
	done
done
if [ -z "$bad" ]; then pass "include-codecs-asn"; else fail "include-codecs-asn" "private header of another part:$bad"; fi

# 4. sim/ never uses rsu/; the library uses no program.
if grep -rnE '#[ \t]*include[ \t]*"[^"]*(rsud\.h|\.\./rsu/)' sim >/dev/null; then
	fail "sim-not-rsu" "sim/ includes rsu/"
else
	pass "sim-not-rsu"
fi
exit 0
