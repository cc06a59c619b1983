#!/usr/bin/env python3
"""rsud is closed by default (issue 12): the command socket listens on the
loopback unless CURVE guards it; a plain command socket open to the network
is refused at start unless control.insecure says so, and then logged as a
warning; a 64 MB command or subscription is dropped by ZeroMQ
(ZMQ_MAXMSGSIZE: control.max_message, a small limit on the feed) before rsud
stores it, and rsud goes on answering; a big but legitimate request (a MAP
of many lanes, pretty-printed) still passes.  Also the generation-time
window of the verifier (security.window, as v2x verify --window), and
the status' feedSubscribers, which counts subscribers (feedSubscriptions
their topic subscriptions)."""
import json
import os
import re
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

n = "rsud_closed"
need_zmq([n])
binary = variants()[0][1]
MB = 1 << 20


def mem(r):
    """rsud's resident set and its peak, in bytes."""
    v = {}
    with open("/proc/%d/status" % r.proc.pid) as f:
        for line in f:
            k, _, rest = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                v[k] = int(rest.split()[0]) * 1024
    return v["VmRSS"], v["VmHWM"]


def ready(r, subscriptions=0, timeout=10.0, key="feedSubscriptions", exact=False):
    """A status round trip (rsud is up), and until the feed counts the
    subscriptions wanted (or key reaches the number)."""
    end = time.time() + timeout
    while time.time() < end:
        st = r.cmd({"cmd": "status"}, timeout=2.0)
        if st and (key not in st["queues"] and not exact or
                   (st["queues"].get(key) == subscriptions if exact else
                    st["queues"].get(key, 0) >= subscriptions)):
            return st
        time.sleep(0.05)
    return st


def port_free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()


# 1. the default command socket: 127.0.0.1:7701, and said so
if not port_free(7701):
    SKIP(n + "_default_local", "port 7701 is in use here")
else:
    r = Rsud(binary)
    del r.conf["control.endpoint"]
    up = r.start()
    r.conf["control.endpoint"] = "tcp://127.0.0.1:7701"
    st = ready(r) if up else None
    if not up and "Address already in use" in r.logtext():
        SKIP(n + "_default_local", "port 7701 taken meanwhile")
    else:
        check(n + "_default_local", st is not None and
              "commands on tcp://127.0.0.1:7701 (no CURVE)" in r.logtext(),
              "started %s, status %s, log %s" % (up, bool(st), r.logtext()[-300:]))
    r.stop()

# 2. open to the network without CURVE: refused at start, with file:line
r = Rsud(binary, {"control.endpoint": "tcp://0.0.0.0:%d" % free_port()})
up = r.start()
rc = r.stop() if up else r.proc.wait()
check(n + "_open_refused", not up and rc != 0 and
      re.search(r"rsud\.conf:\d+: control\.endpoint: 'tcp://0\.0\.0\.0:", r.logtext()) and
      "open to the network without CURVE" in r.logtext(),
      "started %s, log %s" % (up, r.logtext()[-400:]))

# 3. ... unless control.insecure says so: then a warning at start
r = Rsud(binary, {"control.endpoint": "tcp://0.0.0.0:%d" % free_port(), "control.insecure": "yes"})
up = r.start()
st = ready(r) if up else None
check(n + "_insecure_warned", st is not None and
      "WARNING: control.insecure: commands on tcp://0.0.0.0:" in r.logtext(),
      "started %s, log %s" % (up, r.logtext()[-400:]))
r.stop()

# 4. message size limits
radio = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
radio.bind(("127.0.0.1", 0))
radio.settimeout(5)
r = Rsud(binary, {"tx.udp": "127.0.0.1:%d" % radio.getsockname()[1]})
if not r.start() or ready(r) is None:
    FAIL(n + "_start", "rsud did not start: %s" % r.logtext()[-300:])
    finish()
maxmsg = 1048576

# the biggest legitimate request measured: a MapData of 63 lanes of 25
# nodes (8 kB in UPER, more than a radio frame carries), pretty-printed
m = sample("map.json")
it = m["value"]["value"]["intersections"][0]
lane = it["laneSet"][0]
it["laneSet"] = []
for i in range(63):
    ln = json.loads(json.dumps(lane))
    ln["laneID"] = i + 1
    ln["nodeList"]["nodes"] = [{"delta": {"node-XY6": {"x": 30000 - j, "y": -20000 + j}}} for j in range(25)]
    it["laneSet"].append(ln)
big = json.dumps({"cmd": "broadcast", "message": m}, indent=2)
x = r.cmd(big, timeout=10)
try:
    got = radio.recv(65536)
except socket.timeout:
    got = b""
check(n + "_big_map_passes", x is not None and x.get("ok") is True and len(big) < maxmsg and b"Payload=" in got,
      "request %d bytes: reply %s, radio %d bytes" % (len(big), x and str(x)[:200], len(got)))

rss0, hwm0 = mem(r)

# 64 MB as a subscription on the feed: dropped the same way; the feed
# still serves another subscriber.  By hand in ZMTP 3.0 (RFC 23): a
# libzmq SUB would keep the subscription in its own trie and resend it.
def zmtp_subscribe_huge(endpoint, size):
    host, port = endpoint[len("tcp://"):].rsplit(":", 1)
    t = socket.create_connection((host, int(port)), timeout=10)
    t.sendall(b"\xff" + b"\0" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\0") + b"\0" * 32)
    ready_cmd = b"\x05READY" + b"\x0bSocket-Type" + (3).to_bytes(4, "big") + b"SUB"
    t.sendall(b"\x04" + bytes([len(ready_cmd)]) + ready_cmd)
    sent = 0
    try:
        t.sendall(b"\x02" + (size + 1).to_bytes(8, "big") + b"\x01")
        chunk = b"v" * MB
        while sent < size:
            t.sendall(chunk)
            sent += len(chunk)
    except OSError:
        pass
    t.close()
    return sent


sent = zmtp_subscribe_huge(r.feed, 64 * MB)
good = subscriber(r.feed)
ready(r, subscriptions=1)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d = bytes.fromhex(encode_hex(sample("spat.json")))
for i in range(5):
    u.sendto(d, ("127.0.0.1", r.udp_port))
got = receive(good, idle=10.0, limit=5)
rss1, hwm1 = mem(r)
check(n + "_64MB_subscription", len(got) == 5 and hwm1 - hwm0 < 8 * MB,
      "sent %d MB, feed gave %d of 5, peak memory %d -> %d kB" % (sent // MB, len(got), hwm0 // 1024,
                                                                 hwm1 // 1024))
good.close()
# 64 MB on the command socket: the connection is dropped before rsud
# stores the frame (no reply), rsud's peak memory stays put, and it still
# answers
s = zmq.Context.instance().socket(zmq.REQ)
s.setsockopt(zmq.LINGER, 0)
s.connect(r.ctl)
s.send(b'{"cmd":"status","pad":"' + b"x" * (64 * MB) + b'"}')
answered = s.poll(3000) != 0
s.close()
st = ready(r)
rss2, hwm2 = mem(r)
check(n + "_64MB_command", not answered and st is not None and hwm2 - hwm1 < 8 * MB,
      "answered %s, status %s, peak memory %d -> %d kB (resident %d -> %d kB)" %
      (answered, bool(st), hwm1 // 1024, hwm2 // 1024, rss1 // 1024, rss2 // 1024))

# feedSubscribers counts subscribers, feedSubscriptions their topics:
# two subscribers of three topics each, then one of them gone
subs = []
for i in range(2):
    q = subscriber(r.feed, b"v2x/j2735/")
    q.setsockopt(zmq.SUBSCRIBE, b"v2x/etsi/")
    q.setsockopt(zmq.SUBSCRIBE, b"v2x/j2735/SPAT")
    subs.append(q)
st = ready(r, subscriptions=6)
two = st and (st["queues"]["feedSubscribers"], st["queues"].get("feedSubscriptions"))
subs.pop().close()
st = ready(r, subscriptions=1, key="feedSubscribers", exact=True)
one = st and (st["queues"]["feedSubscribers"], st["queues"].get("feedSubscriptions"))
subs.pop().close()
check(n + "_feed_subscribers", two == (2, 6) and one == (1, 3), "two subscribers: %s, then one: %s" % (two, one))

check(n + "_sigterm", r.stop() == 0, "exit status not 0")

# 5. security.window: a BSM generated 60 s ago is TIME_WINDOW with the
# default (30 s, as v2x verify) and VALID with security.window = 120
d = tempfile.mkdtemp(prefix="rsud-closed-")
pki = os.path.join(d, "pki")
ok = True
start = ["--start", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))]
for args in (["root", "-o", pki + "/root"], ["issue", "--ca", pki + "/root", "--kind", "aa", "-o", pki + "/aa"],
             ["issue", "--ca", pki + "/aa", "--kind", "at", "-o", pki + "/at", "--psid", "0x20"]):
    ok = ok and v2x("cert", *(args + start)).returncode == 0
if not ok:
    SKIP(n + "_window", "v2x cert failed")
else:
    os.makedirs(pki + "/trust")
    for f in ("root.cert", "aa.cert"):
        shutil.copy(os.path.join(pki, f), pki + "/trust")
    t = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
    p = v2x("sign", "--key", pki + "/at.key", "--cert", pki + "/at.cert", "--psid", "0x20", "--wsmp",
            "--time", t, input=encode_hex(sample("bsm.json")) + "\n")
    wsm = bytes.fromhex(p.stdout.strip())
    verdicts = []
    for window in (None, "120"):
        c = {"security.verify": "all", "security.trust": pki + "/trust"}
        if window:
            c["security.window"] = window
        r = Rsud(binary, c)
        r.start()
        sub = subscriber(r.feed)
        ready(r, subscriptions=1)
        u.sendto(wsm, ("127.0.0.1", r.udp_port))
        got = receive(sub, idle=10.0, limit=1)
        sub.close()
        verdicts.append(got[0][1]["security"].get("verdict") if got else None)
        r.stop()
    check(n + "_window", verdicts == ["TIME_WINDOW", "VALID"], "verdicts %s" % verdicts)
shutil.rmtree(d, ignore_errors=True)
finish()
