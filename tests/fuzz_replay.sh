#!/bin/sh
# Replays every fuzz corpus (tests/fuzz/corpus/NAME) through its target,
# built without libFuzzer and with ASan+UBSan (build/asan/tests/).
cd "$(dirname "$0")/.." || exit 2
rc=0
for dir in tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	bin=build/asan/tests/fuzz_replay_$name
	[ -x "$bin" ] || bin=build/tests/fuzz_replay_$name
	if [ ! -x "$bin" ]; then
		echo "FAIL replay $name: $bin not built"
		rc=1
		continue
	fi
	"$bin" "$dir" || { echo "FAIL replay $name: crashed or aborted"; rc=1; }
done
exit $rc
