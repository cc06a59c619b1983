#!/usr/bin/env python3
"""Back-pressure on the feed: a subscriber that reads nothing for a while
does not stop rsud's input or the other subscribers (the reading one gets
every message, consecutive seq); what the idle one missed is told by its
own count (gaps in tseq, and the heartbeat that says what was sent after
its last message) and counted by rsud (feedDropped, a lower bound: see
rsud_feedloss.py); rsud's memory stays bounded (feed.hwm).

Nothing races a clock (issue 22): the sender paces itself on the reading
subscriber's progress (never more than WINDOW messages ahead of what it has
printed, fewer than feed.hwm), so the reading one cannot lose a message and
rsud's UDP socket never holds more than WINDOW datagrams, however slow rsud
or the host is (ASan, a stall).  Then the counts must agree exactly: sent
= rx.udp + rxDropped.udp (rxDropped 0) = published; the reader got all of
them; the idle one's received + missed = sent, its misses bound
feedDropped from above.  NOSLOW=1 connects the idle subscriber nowhere (to
see the other checks without it)."""
import os
import socket
import sys
import subprocess
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_backpressure"])
DEADLINE = float(os.environ.get("RSUD_BACKPRESSURE_DEADLINE", "120"))
WINDOW = 200        # printed-behind: + a batch + libzmq's credit lag (hwm/2) < feed.hwm 1000
HB = b"rsud/heartbeat/"


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for l in f:
            if l.startswith("VmRSS:"):
                return int(l.split()[1])
    return 0


class Reader(threading.Thread):
    """v2x sub's --summary lines as they come: the last seq printed."""

    def __init__(self, proc):
        threading.Thread.__init__(self, daemon=True)
        self.proc, self.lines, self.last = proc, [], -1
        self.cv = threading.Condition()

    def run(self):
        for l in self.proc.stdout:
            l = l.rstrip("\n")
            with self.cv:
                self.lines.append(l)
                if l and not l.startswith("#"):
                    self.last = int(l.split()[0])
                self.cv.notify_all()
        with self.cv:
            self.cv.notify_all()

    def wait_seq(self, seq, timeout):
        end = time.time() + timeout
        with self.cv:
            while self.last < seq and time.time() < end and self.proc.poll() is None:
                self.cv.wait(min(1.0, max(0.01, end - time.time())))
            return self.last >= seq


binary = variants()[0][1]
n = "rsud_backpressure"
r = Rsud(binary, {"feed.hwm": "1000", "udp.rcvbuf": "16777216"})
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()
N = 20000
# the reading subscriber: v2x sub, a C process that reads all the time
fastp = subprocess.Popen([V2X, "sub", r.feed, "--summary", "--count", str(N), "--timeout", str(int(DEADLINE))],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
reader = Reader(fastp)
reader.start()
# the idle one: a small queue, a small TCP buffer, v2x/ and the heartbeat
slow = zmq.Context.instance().socket(zmq.SUB)
slow.setsockopt(zmq.LINGER, 0)
slow.setsockopt(zmq.RCVHWM, 200)
slow.setsockopt(zmq.RCVBUF, 4096)
subs = 1
if not os.environ.get("NOSLOW"):
    slow.connect(r.feed)
    slow.setsockopt(zmq.SUBSCRIBE, b"v2x/")
    slow.setsockopt(zmq.SUBSCRIBE, HB)
    subs = 3
ready = r.wait_subscriptions(subs)
check(n + "_subscribed", ready is not None, "feedSubscriptions never reached %d" % subs)
bsm = encode_hex(sample("bsm.json"))
dgram = bytes.fromhex(bsm)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rss0 = None
t0 = time.time()
stalled = None
for i in range(N):
    if i % 100 == 0 and i >= WINDOW and not reader.wait_seq(i - WINDOW, DEADLINE):
        stalled = i
        break
    u.sendto(dgram, ("127.0.0.1", r.udp_port))
    if i == N // 3:
        rss0 = rss_kb(r.proc.pid)
sent = stalled if stalled is not None else N
try:
    fastp.wait(DEADLINE)
except subprocess.TimeoutExpired:
    fastp.kill()
    fastp.wait()
reader.join(10)
rate = sent / (time.time() - t0)
rss1 = rss_kb(r.proc.pid)
got = [l for l in reader.lines if l and not l.startswith("#")]
summary = [l for l in reader.lines if l.startswith("# received")]
seqs = [int(l.split()[0]) for l in got]
check(n + "_fast_complete", stalled is None and len(got) == N and seqs == list(range(N)) and
      summary == ["# received %d, missed 0 (gaps in seq)" % N],
      "sent %d (%s); the reading subscriber got %d (%.0f msg/s): %s" %
      (sent, "it stopped reading at %d" % reader.last if stalled is not None else "all", len(got), rate, summary))

# the idle one reads now: until a heartbeat says the whole burst was sent
topic = "v2x/j2735/BasicSafetyMessage/t1"
slow_msgs, beat = [], None
end = time.time() + (DEADLINE if subs == 3 else 0)
while time.time() < end:
    if slow.poll(int(max(10, (end - time.time()) * 1000))) == 0:
        break
    parts = slow.recv_multipart()
    m = json.loads(parts[1])
    if parts[0].startswith(HB):
        if m["topics"].get(topic, -1) >= sent - 1:
            beat = m
            break
    else:
        slow_msgs.append(m)
tseq = [m["tseq"] for m in slow_msgs]
missed = (tseq[0] if tseq else 0) + sum(b - a - 1 for a, b in zip(tseq, tseq[1:])) + \
    ((beat["topics"][topic] - tseq[-1]) if tseq and beat else (sent if not tseq else 0))
check(n + "_slow_dropped", beat is not None and 0 < len(slow_msgs) < sent and
      len(slow_msgs) + missed == sent and beat["seq"] == sent - 1 and
      [m["seq"] for m in slow_msgs] == tseq,
      "idle subscriber got %d of %d, missed %d by tseq; heartbeat %s" % (len(slow_msgs), sent, missed, beat))
st = r.cmd({"cmd": "status"})
c = st and st["counters"]
check(n + "_input_unblocked", c and c["published"]["udp"] == sent and c["rx"]["udp"] == sent and
      c["rxDropped"]["udp"] == 0,
      "sent %d; rx %s, rxDropped %s, published %s" % (sent, c and c["rx"], c and c["rxDropped"], c and c["published"]))
fd = st and st["queues"]["feedDropped"]
check(n + "_slow_counted", fd and 0 < fd <= missed and beat and beat["feedDropped"] <= fd,
      "feedDropped %s (heartbeat %s) for %d messages the idle subscriber missed" %
      (fd, beat and beat["feedDropped"], missed))
check(n + "_memory_bounded", rss0 is not None and rss1 - rss0 < 30000, "RSS %s kB -> %d kB" % (rss0, rss1))
print("# %.0f msg/s; idle subscriber received %d and missed %d (tseq, heartbeat); "
      "rsud RSS %s -> %d kB; feedDropped %s" % (rate, len(slow_msgs), missed, rss0, rss1, fd))
slow.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
