#!/usr/bin/env python3
"""Back-pressure on the feed: a subscriber that reads nothing for a while
does not stop rsud's input or the other subscribers (the reading one gets
every message, consecutive seq); what the idle one missed is told by the
gaps in seq and counted by rsud (feedDropped, a lower bound: see
rsud_feedloss.py); rsud's memory stays bounded (feed.hwm)."""
import os
import socket
import sys
import subprocess
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_backpressure"])


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    return 0


binary = variants()[0][1]
n = "rsud_backpressure"
r = Rsud(binary, {"feed.hwm": "1000", "udp.rcvbuf": "16777216"})
r.start()
# the fast subscriber: v2x sub, a C process that reads all the time
fastout = open(os.path.join(r.dir, "fast.txt"), "w+")
fastp = subprocess.Popen([V2X, "sub", r.feed, "--summary", "--timeout", "3"],
                         stdout=fastout, stderr=subprocess.DEVNULL)
slow = subscriber(r.feed, hwm=200) if not os.environ.get("NOSLOW") else subscriber("tcp://127.0.0.1:1")
slow.setsockopt(zmq.RCVBUF, 4096)
time.sleep(0.5)
bsm = encode_hex(sample("bsm.json"))
dgram = bytes.fromhex(bsm)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
N = 20000
got = []
rss0 = None
t0 = time.time()
for i in range(N):
    u.sendto(dgram, ("127.0.0.1", r.udp_port))
    if i % 100 == 99:
        time.sleep(0.008)       # the fast subscriber keeps up; the slow one reads nothing
    if i == N // 3:
        rss0 = rss_kb(r.proc.pid)
fastp.wait(60)
fastout.seek(0)
lines = fastout.read().splitlines()
got = [l for l in lines if not l.startswith("#")]
summary = [l for l in lines if l.startswith("# received")]
rate = N / (time.time() - t0)
rss1 = rss_kb(r.proc.pid)
seqs = [int(l.split()[0]) for l in got]
check(n + "_fast_complete", len(got) == N and seqs == list(range(N)) and
      summary == ["# received %d, missed 0 (gaps in seq)" % N],
      "fast subscriber got %d of %d (%.0f msg/s): %s" % (len(got), N, rate, summary))
slow_msgs = receive(slow, idle=1.0)
sseq = [m[1]["seq"] for m in slow_msgs]
missed = 0
for a, b in zip(sseq, sseq[1:]):
    missed += b - a - 1
missed += (N - 1 - sseq[-1]) if sseq else N
missed += sseq[0] if sseq else 0
check(n + "_slow_dropped", 0 < len(slow_msgs) < N and missed == N - len(slow_msgs),
      "slow subscriber got %d, missed %d by seq" % (len(slow_msgs), missed))
st = r.cmd({"cmd": "status"})
check(n + "_input_unblocked", st and st["counters"]["published"]["udp"] == N and st["counters"]["rx"]["udp"] == N,
      "status %s" % (st and st["counters"]["rx"]))
fd = st and st["queues"]["feedDropped"]
check(n + "_slow_counted", fd and 0 < fd <= missed,
      "feedDropped %s for %d messages the slow subscriber missed" % (fd, missed))
check(n + "_memory_bounded", rss1 - rss0 < 30000, "RSS %d kB -> %d kB" % (rss0, rss1))
print("# %.0f msg/s; slow subscriber received %d and missed %d (seq gaps); "
      "rsud RSS %d -> %d kB; feedDropped %s" % (rate, len(slow_msgs), missed, rss0, rss1,
                                                 st and st["queues"]["feedDropped"]))
slow.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
