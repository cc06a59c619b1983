#!/usr/bin/env python3
"""rsud's UDP input loses nothing in silence and keeps its port: a burst
of datagrams, as fast as this sender goes, into a small udp.rcvbuf (so the
kernel must drop), then every datagram sent is either published or
counted: sent == published + rxDropped + failures (+ notV2x), to the
datagram, in the status reply, in /metrics and as the kernel counts it
(/proc/net/udp).  A receive buffer the kernel cuts is said in the log.  A
second rsud on the same udp.listen fails to start, and the first one
still gets the datagrams."""
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_flood"])
n = "rsud_flood"
BURST = 20000           # datagrams a burst
RCVBUF = 32768          # the kernel doubles it: some tens of datagrams
BAD_EVERY = 10          # one datagram in ten refused (TRUNCATED)


def status_counts(r):
    st = r.cmd({"cmd": "status"}, timeout=10)
    if not st or not st.get("ok"):
        return None
    c = st["counters"]
    fails = sum(c["reasons"]["udp"].values())
    return {"rx": c["rx"]["udp"], "published": c["published"]["udp"],
            "dropped": c.get("rxDropped", {}).get("udp", 0), "failed": fails,
            "notV2x": c["notV2x"]["udp"], "feedSeq": st["queues"]["feedSeq"]}


def drained(r, sent, limit=90.0):
    """Poll status until every datagram is accounted for and the counters
    stand still, or they stand still for 3 s (rsud done, something
    missing), or limit seconds pass; the last counts."""
    t0 = time.time()
    last, still = None, time.time()
    while time.time() - t0 < limit:
        c = status_counts(r)
        if c is None:
            return None
        total = c["published"] + c["dropped"] + c["failed"] + c["notV2x"]
        if c != last:
            last, still = c, time.time()
        elif total == sent and time.time() - still > 0.5:
            return c
        elif time.time() - still > 3.0:
            return c
        time.sleep(0.1)
    return last


def proc_udp_drops(port):
    """The kernel's drop count of the socket bound to 127.0.0.1:port."""
    want = "0100007F:%04X" % port
    try:
        with open("/proc/net/udp") as f:
            for line in f.readlines()[1:]:
                fl = line.split()
                if fl[1] == want:
                    return int(fl[-1])
    except OSError:
        pass
    return None


def metric(port, name):
    try:
        body = urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10).read().decode()
    except Exception:  # noqa: BLE001
        return None
    for line in body.splitlines():
        if line.startswith(name + " "):
            return int(float(line.split()[1]))
    return None


def softnet_drops():
    """Packets the kernel dropped before any socket (backlog full)."""
    try:
        with open("/proc/net/softnet_stat") as f:
            return sum(int(l.split()[1], 16) for l in f)
    except OSError:
        return 0


good = bytes.fromhex(encode_hex(sample("spat.json")))
bad = b"Version=0.7\nType=SPAT\n"
if not good:
    FAIL(n, "v2x encode gave nothing")
    finish()

for pfx, binary in variants():
    sport = free_port()
    r = Rsud(binary, {"udp.rcvbuf": str(RCVBUF), "stats.listen": "127.0.0.1:%d" % sport,
                      "log.level": "info"})
    if not r.start():
        FAIL(pfx + n, "rsud did not start: %s" % r.logtext()[-300:])
        continue
    if r.cmd({"cmd": "status"}) is None:
        FAIL(pfx + n, "no status reply")
        r.stop()
        continue
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    dest = ("127.0.0.1", r.udp_port)
    sent = sent_bad = 0
    sn0 = softnet_drops()
    c = None
    # flood until the kernel had to drop (a burst or a few on a fast host)
    for burst in range(5):
        for i in range(BURST):
            d = bad if i % BAD_EVERY == 0 else good
            try:
                u.sendto(d, dest)
            except OSError:
                continue    # not sent: not counted
            sent += 1
            sent_bad += d is bad
        c = drained(r, sent)
        if c is None or c["dropped"] > 0:
            break
    if c is None:
        FAIL(pfx + n, "no status reply after the flood: %s" % r.logtext()[-300:])
        r.stop()
        continue
    total = c["published"] + c["dropped"] + c["failed"] + c["notV2x"]
    why = "sent %d (%d bad): published %d + rxDropped %d + failed %d + notV2x %d = %d; rx %d; " \
          "softnet drops %d" % (sent, sent_bad, c["published"], c["dropped"], c["failed"], c["notV2x"],
                                total, c["rx"], softnet_drops() - sn0)
    print("# " + why)
    check(pfx + n + "_overflowed", c["dropped"] > 0, "the kernel dropped nothing (or rsud does not say): " + why)
    check(pfx + n + "_accounted", total == sent and c["rx"] + c["dropped"] == sent, why)
    check(pfx + n + "_rx_sum", c["rx"] == c["published"] + c["failed"] + c["notV2x"] and
          c["feedSeq"] == c["published"], why + "; feedSeq %d" % c["feedSeq"])
    kd = proc_udp_drops(r.udp_port)
    check(pfx + n + "_kernel_agrees", kd is None or kd == c["dropped"],
          "/proc/net/udp drops %s, rxDropped %d" % (kd, c["dropped"]))
    m = metric(sport, 'rsud_rx_dropped_total{source="udp"}')
    check(pfx + n + "_metric", m == c["dropped"], "rsud_rx_dropped_total{source=\"udp\"} %s, status %d" %
          (m, c["dropped"]))

    # 8. a second rsud on the same UDP port must not start
    r2 = Rsud(binary, {"udp.listen": "127.0.0.1:%d" % r.udp_port})
    r2.start()      # returns when it answers a status (wrongly) or exits
    rc2 = r2.proc.poll()
    log2 = r2.logtext()
    r2.stop(timeout=5)
    check(pfx + n + "_port_in_use", rc2 not in (None, 0) and "127.0.0.1:%d" % r.udp_port in log2 and
          "in use" in log2, "second rsud: exit %s, log %s" % (rc2, log2[-300:]))
    before = status_counts(r)
    u.sendto(good, dest)
    t0 = time.time()
    after = before
    while time.time() - t0 < 5 and after and before and after["published"] == before["published"]:
        time.sleep(0.05)
        after = status_counts(r)
    check(pfx + n + "_port_kept", before and after and after["published"] == before["published"] + 1,
          "the first rsud's published: %s then %s" % (before and before["published"],
                                                        after and after["published"]))
    check(pfx + n + "_sigterm", r.stop() == 0, "exit status not 0")

# a buffer the kernel cuts (no CAP_NET_ADMIN: SO_RCVBUF up to rmem_max) is said in the log
binary = variants()[0][1]
try:
    rmem_max = int(open("/proc/sys/net/core/rmem_max").read())
except OSError:
    rmem_max = 0
setpriv = "/usr/bin/setpriv"
if os.geteuid() == 0 and os.path.exists(setpriv) and rmem_max and \
        subprocess.run([setpriv, "--bounding-set", "-net_admin", "true"]).returncode == 0:
    wrap = os.path.join(tempfile.mkdtemp(prefix="rsud-flood-"), "rsud")
    with open(wrap, "w") as f:
        f.write("#!/bin/sh\nexec %s --bounding-set -net_admin %s \"$@\"\n" % (setpriv, binary))
    os.chmod(wrap, 0o755)
    ask = rmem_max * 2
    r = Rsud(wrap, {"udp.rcvbuf": str(ask)})
    ok = r.start() and r.cmd({"cmd": "status"}) is not None
    log = r.logtext()
    r.stop()
    check(n + "_rcvbuf_cut", ok and "udp.rcvbuf" in log and str(ask) in log and "rmem_max" in log,
          "log: %s" % log[-400:])
else:
    SKIP(n + "_rcvbuf_cut", "needs root, setpriv and /proc/sys/net/core/rmem_max")
finish()
