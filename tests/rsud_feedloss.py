#!/usr/bin/env python3
"""Loss on the feed is told (issue 12, item 2).  A burst into rsud over UDP
with feed.hwm small and slow subscribers that read nothing during it (small
ZMQ_RCVHWM; or v2x sub stopped by SIGSTOP): each slow subscriber counts
exactly what it missed of the topics it subscribed to, with and without a
topic filter, the loss at the end of the burst included (nothing follows
the burst but the heartbeat); rsud's feedDropped (status, heartbeat,
Prometheus) moves and counts only messages some subscriber missed; a fast
subscriber alongside gets everything.  v2x sub on a dead endpoint exits 2."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

n = "rsud_feedloss"
NAMES = [n + s for s in ("_fast_complete", "_py_all_reported", "_py_topic_reported",
                         "_end_of_burst", "_v2x_all_reported", "_v2x_topic_reported",
                         "_counter", "_counter_consistent", "_heartbeat_schema",
                         "_v2x_dead_exit", "_v2x_usage", "_sigterm", "_setup")]
need_zmq(NAMES)
import zmq  # noqa: E402

HB = b"rsud/heartbeat/"
N = 20000                       # the burst, half BSM half SPAT
HWM = 1000                      # feed.hwm


class PySub:
    """A slow pyzmq subscriber that counts its loss from tseq and the
    heartbeat, on its own (the same rules as v2x sub, written again)."""

    def __init__(self, feed, topic):
        self.topic = topic.decode()
        s = zmq.Context.instance().socket(zmq.SUB)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.RCVHWM, 10)
        s.setsockopt(zmq.RCVBUF, 4096)
        s.connect(feed)
        s.setsockopt(zmq.SUBSCRIBE, topic)
        s.setsockopt(zmq.SUBSCRIBE, HB)
        self.s = s
        self.seqs = []
        self.last = {}          # topic: last tseq received or announced
        self.beat_seen = False
        self.gaps = 0           # missed, seen from tseq gaps alone
        self.at_beat = 0        # missed, told by a heartbeat
        self.beats = []

    def lost(self, topic, upto, counter):
        if topic in self.last:
            start = self.last[topic] + 1
        elif self.beat_seen:
            start = 0
        else:
            return
        if upto >= start:
            setattr(self, counter, getattr(self, counter) + upto - start + 1)

    def one(self, timeout_ms):
        """Read one message; the heartbeat's JSON, or None."""
        if self.s.poll(timeout_ms) == 0:
            return None
        p = self.s.recv_multipart()
        j = json.loads(p[1])
        if p[0].startswith(HB):
            self.beats.append(j)
            for t, v in j.get("topics", {}).items():
                if t.startswith(self.topic):
                    self.lost(t, v, "at_beat")
                    self.last[t] = v
            self.beat_seen = True
            return j
        t = p[0].decode()
        self.seqs.append(j["seq"])
        if "tseq" in j:
            self.lost(t, j["tseq"] - 1, "gaps")
            self.last[t] = j["tseq"]
        return None

    def drain(self, final_seq, limit=60):
        """Read until a heartbeat sent after the burst (its seq is the
        last one published)."""
        t0 = time.time()
        while time.time() - t0 < limit:
            j = self.one(1000)
            if j is not None and j.get("seq") == final_seq:
                return True
        return False


def v2x_sub(feed, topic, out, extra=()):
    args = [V2X, "sub", feed] + ([topic] if topic else []) + ["--summary"] + list(extra)
    return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)


def lines_of(f):
    f.flush()
    with open(f.name) as g:
        return g.read().splitlines()


def wait_line(f, pred, limit=30):
    t0 = time.time()
    while time.time() - t0 < limit:
        if any(pred(l) for l in lines_of(f)):
            return True
        time.sleep(0.05)
    return False


def summary(lines):
    """(seqs received, printed missed) of a v2x sub --summary output."""
    seqs = [int(l.split()[0]) for l in lines if l[:1].isdigit()]
    rec = [l for l in lines if l.startswith("# received")]
    missed = int(rec[0].split()[4]) if rec else None
    return seqs, missed


def status(r):
    return r.cmd({"cmd": "status"}) or {}


def prometheus(port):
    try:
        t = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5).read().decode()
    except OSError:
        return None
    for l in t.splitlines():
        if l.startswith("rsud_feed_dropped_total "):
            return int(float(l.split()[1]))
    return None


def burst(r, dg_a, dg_b):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(N):
        u.sendto(dg_a if i % 2 == 0 else dg_b, ("127.0.0.1", r.udp_port))
        if i % 100 == 99:
            time.sleep(0.008)
    u.close()
    # done when rsud has taken every datagram the kernel gave it
    last, t0 = -1, time.time()
    while time.time() - t0 < 30:
        rx = status(r).get("counters", {}).get("rx", {}).get("udp", 0)
        if rx >= N + 1 or rx == last:
            break
        last = rx
        time.sleep(0.5)


def main():
    binary = variants()[0][1]
    sport = free_port()
    r = Rsud(binary, {"feed.hwm": str(HWM), "udp.rcvbuf": "16777216",
                      "stats.listen": "127.0.0.1:%d" % sport})
    r.start()
    dg_a = bytes.fromhex(encode_hex(sample("bsm.json")))
    dg_b = bytes.fromhex(encode_hex(sample("spat.json")))
    files = {k: open(os.path.join(r.dir, k + ".txt"), "w+")
             for k in ("fast", "v2x_all", "v2x_a")}
    # the topic filter: BSM only (from the probe's topic below)
    fast = v2x_sub(r.feed, None, files["fast"], ["--timeout", "8"])
    slow_all = PySub(r.feed, b"v2x/")
    # readiness: one BSM reaches every subscriber (the filter is its topic)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t0 = time.time()
    topic_a = None
    while topic_a is None and time.time() - t0 < 20:
        u.sendto(dg_a, ("127.0.0.1", r.udp_port))
        if slow_all.s.poll(500):
            p = slow_all.s.recv_multipart()
            if not p[0].startswith(HB):
                topic_a = "/".join(p[0].decode().split("/")[:3]) + "/"
                slow_all.seqs.append(json.loads(p[1])["seq"])
    slow_a = PySub(r.feed, topic_a.encode())
    v_all = v2x_sub(r.feed, None, files["v2x_all"], ["--heartbeat"])
    v_a = v2x_sub(r.feed, topic_a, files["v2x_a"], ["--heartbeat"])
    # every subscriber has the heartbeat (its subscriptions are in effect)
    ready = wait_line(files["v2x_all"], lambda l: '"topics"' in l) and \
        wait_line(files["v2x_a"], lambda l: '"topics"' in l)
    for sub in (slow_all, slow_a):
        t0 = time.time()
        while not sub.beats and time.time() - t0 < 20:
            sub.one(1000)
        ready = ready and bool(sub.beats)
    if not ready:
        FAIL(n + "_setup", "v2x sub printed no heartbeat")
    v_all.send_signal(signal.SIGSTOP)
    v_a.send_signal(signal.SIGSTOP)

    base = status(r)["queues"]["feedSeq"]
    burst(r, dg_a, dg_b)
    st = status(r)
    final_seq = st["queues"]["feedSeq"] - 1
    published = st["counters"]["published"]["udp"]
    v_all.send_signal(signal.SIGCONT)
    v_a.send_signal(signal.SIGCONT)
    ok_all = slow_all.drain(final_seq)
    ok_a = slow_a.drain(final_seq)
    done = lambda l: l.startswith("{") and '"seq":%d,' % final_seq in l  # noqa: E731
    wait_line(files["v2x_all"], done, 60)
    wait_line(files["v2x_a"], done, 60)
    for p in (v_all, v_a):
        p.send_signal(signal.SIGINT)
        p.wait(10)
    fast.wait(60)
    st = status(r)
    dropped = st["queues"]["feedDropped"]
    prom = prometheus(sport)
    hb = slow_all.beats[-1] if slow_all.beats else {}

    # what was sent: before the burst BSM (the probes), then BSM and SPAT
    # in turn, as sent (loopback keeps the order; every datagram published)
    check(n + "_setup", final_seq + 1 - base == N,
          "%d of the %d datagrams published: the kernel dropped some" % (final_seq + 1 - base, N))
    all_seqs = set(range(final_seq + 1))
    a_seqs = {s for s in all_seqs if s < base or (s - base) % 2 == 0}
    def since_join(seqs, got):
        """The seqs of seqs sent once this subscriber was there (from the
        first it received: nothing was lost before the burst)."""
        return {x for x in seqs if got and x >= min(got)}

    fseqs, fmissed = summary(lines_of(files["fast"]))
    wrong = [l for l in lines_of(files["fast"]) if l[:1].isdigit() and
             (int(l.split()[0]) in a_seqs) != l.split()[1].startswith(topic_a)]
    check(n + "_fast_complete", fseqs and min(fseqs) <= base and fmissed == 0 and not wrong and
          fseqs == sorted(since_join(all_seqs, fseqs)),
          "fast subscriber got %d of %d (seq 0..%d), says missed %s; topics not as sent: %s" %
          (len(fseqs), final_seq + 1, final_seq, fmissed, wrong[:2]))


    truth_all = len(since_join(all_seqs, slow_all.seqs) - set(slow_all.seqs))
    told_all = slow_all.gaps + slow_all.at_beat
    check(n + "_py_all_reported", ok_all and truth_all > 0 and told_all == truth_all,
          "slow subscriber missed %d of %d, counted %d (gaps %d, heartbeat %d)%s" %
          (truth_all, len(all_seqs), told_all, slow_all.gaps, slow_all.at_beat,
           "" if ok_all else "; no heartbeat after the burst"))
    truth_a = len(since_join(a_seqs, slow_a.seqs) - set(slow_a.seqs))
    told_a = slow_a.gaps + slow_a.at_beat
    check(n + "_py_topic_reported", ok_a and truth_a > 0 and told_a == truth_a,
          "slow %s subscriber missed %d of %d, counted %d (gaps %d, heartbeat %d)" %
          (topic_a, truth_a, len(a_seqs), told_a, slow_a.gaps, slow_a.at_beat))
    check(n + "_end_of_burst", slow_all.at_beat > 0 and slow_a.at_beat > 0,
          "the tail of the burst lost by the slow subscribers was not told "
          "(heartbeat counted %d and %d)" % (slow_all.at_beat, slow_a.at_beat))

    vs, vm = summary(lines_of(files["v2x_all"]))
    vtruth = len(since_join(all_seqs, vs) - set(vs))
    check(n + "_v2x_all_reported", vtruth > 0 and vm == vtruth,
          "stopped v2x sub missed %d of %d, says %s" % (vtruth, len(all_seqs), vm))
    vas, vam = summary(lines_of(files["v2x_a"]))
    vatruth = len(since_join(a_seqs, vas) - set(vas))
    check(n + "_v2x_topic_reported", vatruth > 0 and vam == vatruth,
          "stopped v2x sub %s missed %d of %d, says %s" % (topic_a, vatruth, len(a_seqs), vam))

    check(n + "_counter", dropped > 0 and prom == dropped and hb.get("feedDropped") == dropped,
          "feedDropped %s, rsud_feed_dropped_total %s, heartbeat %s" %
          (dropped, prom, hb.get("feedDropped")))
    # each message counted found a subscriber's queue full, and that
    # subscriber missed it: at most the messages some subscriber missed
    missed_any = (since_join(all_seqs, slow_all.seqs) - set(slow_all.seqs)) | \
        (since_join(all_seqs, vs) - set(vs)) | \
        (since_join(a_seqs, slow_a.seqs) - set(slow_a.seqs)) | \
        (since_join(a_seqs, vas) - set(vas)) | (all_seqs - set(fseqs))
    check(n + "_counter_consistent", 0 < dropped <= len(missed_any),
          "feedDropped %d, messages some subscriber missed %d" % (dropped, len(missed_any)))
    schema_check(hb)
    print("# burst %d, published %d, feed.hwm %d: slow subscribers missed %d (all), "
          "%d (%s), %d (v2x sub), %d (v2x sub %s); feedDropped %d" %
          (N, published, HWM, truth_all, truth_a, topic_a, vtruth, vatruth, topic_a, dropped))
    for f in files.values():
        f.close()
    check(n + "_sigterm", r.stop() == 0, "exit status not 0")


def schema_check(hb):
    try:
        import jsonschema
    except ImportError:
        SKIP(n + "_heartbeat_schema", "python3-jsonschema is not installed")
        return
    sch = json.load(open(os.path.join(ROOT, "doc", "feed.schema.json")))
    hs = sch.get("definitions", {}).get("heartbeat")
    errs = list(jsonschema.Draft7Validator(hs).iter_errors(hb)) if hs else ["no definitions.heartbeat"]
    check(n + "_heartbeat_schema", not errs, "%s: %s" % (hb, errs[:1]))


def v2x_checks():
    port = free_port()
    t0 = time.time()
    p = v2x("sub", "tcp://127.0.0.1:%d" % port, "--timeout", "1")
    check(n + "_v2x_dead_exit", p.returncode == 2 and "nothing arrived" in p.stderr,
          "exit %d after %.1f s, stderr %r" % (p.returncode, time.time() - t0, p.stderr[-200:]))
    h = v2x("sub", "--help")
    check(n + "_v2x_usage", "--latency" in h.stdout.split("\n\n")[0], h.stdout[:200])


main()
v2x_checks()
finish()
