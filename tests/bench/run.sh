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
build/bench/bench_sec "$secs"
build/bench/bench_replay "$secs"
python3 tests/bench/rsud_bench.py "$secs"

# Wireshark beside us on the same ETSI messages: a capture of the test
# messages (GeoNetworking/BTP over Ethernet) repeated, dissected in full by
# tshark and decoded to JSON by v2x, each timed as a whole process.
if command -v tshark >/dev/null 2>&1; then
	grep -v '^#' asn1/etsi/test-vectors.txt | awk 'NF == 3' |
	    while read -r t port hex; do
		echo "$hex" | build/bin/v2x decode --family etsi -t "$t" 2>/dev/null
	    done > build/bench/etsi.json
	: > build/bench/etsi-many.json
	i=0
	while [ $i -lt 250 ]; do
		cat build/bench/etsi.json >> build/bench/etsi-many.json
		i=$((i + 1))
	done
	build/bin/v2x encode --gn shb -o pcap -w build/bench/etsi.pcap \
	    build/bench/etsi-many.json
	n=$(wc -l < build/bench/etsi-many.json)
	t0=$(date +%s.%N)
	tshark -r build/bench/etsi.pcap -V > /dev/null 2>&1
	t1=$(date +%s.%N)
	build/bin/v2x decode -i pcap build/bench/etsi.pcap > /dev/null
	t2=$(date +%s.%N)
	awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	    ts = b - a; us = c - b;
	    printf("== ETSI capture of %d frames (CAM, DENM, SPATEM, MAPEM, IVIM, SREM, SSEM, RTCMEM)\n", n);
	    printf("tshark -V     %8.3f s  %9.0f frames/s\n", ts, n / ts);
	    printf("v2x decode    %8.3f s  %9.0f frames/s  (%.1f x tshark)\n", us, n / us, ts / us) }'
fi

# Captures of signed WSMP BSMs peeled to JSON (no verification): a v2xsim
# trace, every frame radiotap/802.11/WSMP/1609.2/BSM, decoded by v2x in one
# process; beside it, the same BSMs given bare (hex MessageFrames), so the
# ratio is what the envelopes cost.
if [ -x build/bin/v2xsim ]; then
	rm -rf build/bench/pki
	build/bin/v2xsim highway --km 5 --vehicles 200 --duration 10 \
	    --sign build/bench/pki -o build/bench/signed.pcapng > /dev/null
	build/bin/v2x decode --raw -i pcap build/bench/signed.pcapng 2>/dev/null |
	    grep '"type":"BasicSafetyMessage"' |
	    sed 's/.*"raw":"\([0-9a-f]*\)".*/\1/' > build/bench/bsm-bare.hex
	n=$(wc -l < build/bench/bsm-bare.hex)
	t0=$(date +%s.%N)
	build/bin/v2x decode -i pcap build/bench/signed.pcapng > /dev/null 2>&1
	t1=$(date +%s.%N)
	build/bin/v2x decode -i hex build/bench/bsm-bare.hex > /dev/null 2>&1
	t2=$(date +%s.%N)
	f=$(build/bin/v2x decode -i pcap build/bench/signed.pcapng 2>/dev/null | wc -l)
	awk -v f="$f" -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	    p = b - a; q = c - b;
	    printf("== signed WSMP capture (%d frames, %d BSMs), peeled to JSON, no verification\n", f, n);
	    printf("peeled frames   %8.3f s  %9.0f frames/s\n", p, f / p);
	    printf("bare BSMs       %8.3f s  %9.0f msgs/s  (envelopes cost %.0f%%)\n", q, n / q, (p / f) / (q / n) * 100 - 100) }'
fi
