#!/bin/sh
# make demo: the whole chain on this machine, loopback only, no root.
#  1. v2xsim generates a short signed highway trace (J2735 BSM, MAP, and a
#     stopped-vehicle hazard that makes the nearest RSU broadcast TIMs, and
#     probe data: the RSUs' PDMs, the vehicles' PVDs);
#  2. rsud starts with a demo configuration: UDP input, verification on,
#     the ZeroMQ feed and command sockets on ipc:// endpoints;
#  3. the traffic-centre side subscribes (v2x sub), the hazard warnings are
#     shown live as they arrive;
#  4. v2xsim replays the trace into rsud at twice its pace;
#  5. the centre asks rsud for its status, rsud stops cleanly, and the feed
#     is summed up: messages per type, verdicts, hazard warnings.
set -eu
cd "$(dirname "$0")/.."
B=build/bin
D=build/demo
rm -rf "$D"
mkdir -p "$D"
port=$((20000 + $$ % 20000))
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

step() { printf '\n== %s\n' "$*"; }

step "1. a signed highway trace: 5 km of the Gyeongbu Expressway, 60 vehicles, 12 s, a stopped vehicle at km 2.5 from second 4, probe data (PDM, PVD)"
$B/v2xsim highway --km 5 --lanes 2 --vehicles 60 --duration 12 \
    --hazard 2.5@4:stopped --probe --sign "$D/pki" --start now \
    -o "$D/highway.pcapng"

step "2. rsud with the demo configuration ($D/rsud.conf)"
cat > "$D/rsud.conf" <<CONF
# rsud demo configuration: loopback only
rsu.id = demo-rsu
feed.endpoint = "ipc://$PWD/$D/feed"
control.endpoint = "ipc://$PWD/$D/control"
udp.listen = "127.0.0.1:$port"
security.verify = all
security.trust = $PWD/$D/pki
store.file = $PWD/$D/store.json
log.level = info
CONF
$B/rsud -d -c "$D/rsud.conf" 2> "$D/rsud.log" &
rsud=$!
pids="$rsud"
sleep 0.5
if ! kill -0 "$rsud" 2>/dev/null; then
	echo "rsud did not start:"; cat "$D/rsud.log"; exit 1
fi
echo "rsud running (pid $rsud), feed ipc://$D/feed, UDP 127.0.0.1:$port"

step "3. the traffic centre subscribes to the feed"
$B/v2x sub "ipc://$PWD/$D/feed" --timeout 4 > "$D/feed.json" &
pids="$pids $!"
sub=$!
$B/v2x sub "ipc://$PWD/$D/feed" v2x/j2735/TravelerInformation/ \
    --summary --timeout 4 > "$D/hazards.txt" 2>&1 &
pids="$pids $!"
live=$!
sleep 0.3

step "4. replaying the trace into rsud over UDP (the WSMP packets, as an RSU forwards them), at twice its pace"
$B/v2xsim replay "$D/highway.pcapng" --to "udp:127.0.0.1:$port" --speed 2 \
    --layer wsmp
echo "hazard warnings (TIM) the centre received:"
sleep 0.5
grep -m 5 TravelerInformation "$D/hazards.txt" | sed 's/^/  /' || true

step "5. status from the centre (v2x cmd), then a clean stop"
$B/v2x cmd "ipc://$PWD/$D/control" '{"cmd":"status"}' | cut -c1-400
echo
kill -TERM "$rsud"
wait "$rsud" && echo "rsud stopped (exit 0)"
wait "$sub" 2>/dev/null || true
wait "$live" 2>/dev/null || true
pids=""

step "what the traffic centre received ($D/feed.json)"
printf '  %d messages\n' "$(wc -l < "$D/feed.json")"
echo "  per type:"
grep -o '"message":{"family":"[a-z0-9]*","pdu":"[A-Za-z]*","type":"[A-Za-z]*"' \
    "$D/feed.json" | sed 's/.*"type":"//; s/"$//' | sort | uniq -c |
    sed 's/^/    /' || true
echo "  verdicts:"
grep -o '"verdict":"[A-Z_]*"' "$D/feed.json" | sort | uniq -c |
    sed 's/^/    /' || true
echo
echo "Files: $D/ (trace, configuration, rsud.log, feed.json)"
