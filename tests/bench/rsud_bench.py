#!/usr/bin/env python3
"""make bench for rsud: figures on this machine.
 1. the highest frame rate from a capture file to a subscriber with no loss
    (capture files written at rising rates, replayed at their own pace;
    and the capture as fast as possible with a queue that holds it all);
 2. latency from frame arrival (rsud's rx time) to subscriber receipt, p50,
    p99, p99.9, at 1,000 and 10,000 messages/s of UDP on loopback;
 3. rsud's resident memory after 1 and 5 minutes at 10,000 messages/s
    (RSUD_BENCH_MINUTES=1,5; set e.g. 0.2,0.5 for a quick look).
usage: tests/bench/rsud_bench.py [SECONDS-PER-FIGURE]"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "rsud"))
from harness import *  # noqa: E402,F403

if zmq is None:
    print("rsud bench: python3-zmq missing, skipped")
    sys.exit(0)
secs = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
binary = os.path.join(ROOT, "build/bin/rsud")
work = tempfile.mkdtemp(prefix="rsud-bench-")


def write_pcap(path, frames, rate):
    """Ethernet pcap, frames spaced 1/rate seconds apart."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            t = i / rate
            f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(fr), len(fr)))
            f.write(fr)


def sub_process(endpoint, timeout):
    out = open(os.path.join(work, "sub.txt"), "w+")
    p = subprocess.Popen([V2X, "sub", endpoint, "--summary", "--timeout", str(timeout)],
                         stdout=out, stderr=subprocess.DEVNULL)
    return p, out


def sub_result(p, out):
    p.wait()
    out.seek(0)
    last = [l for l in out.read().splitlines() if l.startswith("# received")]
    out.close()
    if not last:
        return 0, 0
    w = last[0].split()
    return int(w[2].rstrip(",")), int(w[4])


def file_run(cap, n, pace, hwm):
    r = Rsud(binary, {"input.file": cap, "input.pace": pace, "input.file_wait": "yes",
                      "feed.hwm": str(hwm), "udp.listen": ""})
    r.start()
    p, out = sub_process(r.feed, 2)
    t0 = time.time()
    got, missed = sub_result(p, out)
    el = time.time() - t0 - 2
    st = r.stop()
    return got, missed, el


# --- 1. capture file to subscriber -----------------------------------------
trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
import importlib.util  # noqa: E402
spec = importlib.util.spec_from_file_location("pcapng", os.path.join(ROOT, "tests/rsud/pcapng.py"))
pcapng = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pcapng)
if os.path.exists(trace):
    base = pcapng.frames(trace)
    what = "ms-van3t CAM/CPM frames"
else:
    h = encode_hex(sample("spat.json"))
    base = [b"\xff" * 6 + b"\x02" * 6 + b"\x88\xdc" + bytes([3, 0, 0x80, 2, len(h) // 2]) + bytes.fromhex(h)]
    what = "WSMP SPAT frames"
print("== rsud: capture file -> feed subscriber (%s)" % what)
best = 0
for rate in (5000, 10000, 20000, 30000, 40000, 60000, 80000):
    n = max(2000, int(rate * max(secs * 2, 1.0)))
    frames = (base * (n // len(base) + 1))[:n]
    cap = os.path.join(work, "r%d.pcap" % rate)
    write_pcap(cap, frames, rate)
    got, missed, el = file_run(cap, n, "own", 10000)
    nominal = (n - 1) / rate
    ok = got == n and missed == 0 and el <= nominal * 1.2 + 0.3
    print("  %7d frames/s (own pace, feed.hwm 10000): %d of %d received in %.2f s (nominal %.2f s)%s" %
          (rate, got, n, el, nominal, "" if ok else (", LOSS" if got < n else ", FELL BEHIND")))
    if not ok:
        break
    best = rate
print("  highest rate without loss: %d frames/s (of the rates tried)" % best)
n = 50000
frames = (base * (n // len(base) + 1))[:n]
cap = os.path.join(work, "max.pcap")
write_pcap(cap, frames, 1000)
got, missed, el = file_run(cap, n, "max", n)
print("  as fast as possible (feed.hwm %d): %d of %d received in %.2f s = %.0f frames/s" %
      (n, got, n, el, got / el if el > 0 else 0))

# --- 2. latency ---------------------------------------------------------------
SENDER = r'''
import socket, sys, time
port, rate, secs, hexd = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
d = bytes.fromhex(hexd)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t0 = time.perf_counter(); i = 0
while True:
    t = t0 + i / rate
    now = time.perf_counter()
    if now - t0 > secs: break
    if now < t:
        if t - now > 0.001: time.sleep(t - now - 0.0005)
        continue
    u.sendto(d, ("127.0.0.1", port)); i += 1
print(i)
'''


def pct(v, p):
    return v[min(len(v) - 1, int(len(v) * p))]


print("== rsud: latency, UDP datagram arrival (rx) -> subscriber receipt")
hexd = encode_hex(sample("bsm.json"))
for rate in (1000, 10000):
    dur = max(3.0, secs * 6)
    r = Rsud(binary, {"feed.hwm": "100000", "udp.rcvbuf": "8388608"})
    r.start()
    out = open(os.path.join(work, "lat.txt"), "w+")
    p = subprocess.Popen([V2X, "sub", r.feed, "--latency", "--timeout", "2"], stdout=out,
                         stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    sender = subprocess.Popen([sys.executable, "-c", SENDER, str(r.udp_port), str(rate), str(dur), hexd],
                              stdout=subprocess.PIPE, text=True)
    sent = int(sender.communicate()[0])
    p.wait()
    r.stop()
    out.seek(0)
    res = [l for l in out.read().splitlines() if l.startswith("# latency")]
    print("  %5d msg/s: %d sent; %s" % (rate, sent, res[0][2:] if res else "no messages"))

# --- 3. memory at 10,000 messages/s -------------------------------------------
mins = [float(x) for x in os.environ.get("RSUD_BENCH_MINUTES", "1,5").split(",")]
print("== rsud: resident memory at 10,000 msg/s (UDP in, one subscriber)")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    return 0


r = Rsud(binary, {"feed.hwm": "10000", "udp.rcvbuf": "8388608"})
r.start()
p, out = sub_process(r.feed, 3)
time.sleep(0.3)
start_rss = rss_kb(r.proc.pid)
sender = subprocess.Popen([sys.executable, "-c", SENDER, str(r.udp_port), "10000", str(mins[-1] * 60 + 1), hexd],
                          stdout=subprocess.PIPE, text=True)
t0 = time.time()
marks = []
for m in mins:
    while time.time() - t0 < m * 60:
        time.sleep(0.5)
    marks.append((m, rss_kb(r.proc.pid)))
sent = int(sender.communicate()[0])
got, missed = sub_result(p, out)
st = r.cmd({"cmd": "status"})
r.stop()
print("  at start %d kB; " % start_rss + "; ".join("after %g min %d kB" % mk for mk in marks) +
      "; %d sent, %d received, %d missed" % (sent, got, missed))
