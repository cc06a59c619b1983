#!/bin/sh
# make bench: prepares inputs (the shared vectors when present) and runs
# every benchmark.  usage: tests/bench/run.sh [SECONDS-PER-FIGURE]
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-0.5}
vec=${VECTORS:-../shared/vectors}
mkdir -p build/bench
d=$vec/jpo-ode/asn1-decoder-output
if [ -d "$d" ]; then
	for t in bsm map spat srm ssm psm; do
		tr -d ' \t\r\n' < "$d/decoder-output-$t.xml" |
		    grep -o '<asn1>[0-9A-Fa-f]*</asn1>' |
		    sed 's/<[^>]*>//g' > "build/bench/$t.hex"
	done
else
	echo "bench: $vec absent: benchmarking the shipped samples only"
fi
echo "== machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
build/bench/bench_codec "$secs"
