#!/usr/bin/env python3
"""rsud's counters in Prometheus text format over HTTP (stats.listen,
libmicrohttpd in the event loop): /metrics counts what came in by source
and reason and what went out by type; other paths get 404."""
import os
import socket
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_metrics"])
n = "rsud_metrics"
port = free_port()
r = Rsud(variants()[0][1], {"stats.listen": "127.0.0.1:%d" % port})
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d = bytes.fromhex(encode_hex(sample("spat.json")))
for i in range(7):
    u.sendto(d, ("127.0.0.1", r.udp_port))
for i in range(3):
    u.sendto(b"Version=0.7\nType=SPAT\n", ("127.0.0.1", r.udp_port))
# until rsud counted all ten it was sent (not a fixed sleep)
r.wait_status(lambda st: st["counters"]["rx"]["udp"] >= 10)
try:
    resp = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5)
    body = resp.read().decode()
    ctype = resp.headers.get("Content-Type", "")
except Exception as e:  # noqa: BLE001
    body, ctype = "", str(e)
want = ['rsud_received_total{source="udp"} 10', 'rsud_published_total{source="udp"} 7',
        'rsud_messages_total{family="j2735",type="SPAT"} 7', 'rsud_failed_total{source="udp",reason="TRUNCATED"} 3',
        'rsud_rx_dropped_total{source="udp"} 0', 'rsud_verdicts_total{verdict="unsigned"} 7',
        "# TYPE rsud_received_total counter"]
missing = [w for w in want if w not in body]
check(n + "_values", not missing and ctype.startswith("text/plain"), "missing %s; %s" % (missing, ctype))
try:
    urllib.request.urlopen("http://127.0.0.1:%d/other" % port, timeout=5)
    code = 200
except urllib.error.HTTPError as e:
    code = e.code
check(n + "_404", code == 404, "status %s" % code)
st = r.cmd({"cmd": "status"})
check(n + "_loop_alive", st and st["ok"], "no status reply after HTTP")
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
