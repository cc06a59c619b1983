#!/usr/bin/env python3
"""CURVE on rsud's feed and command sockets (curve.secret_key, curve.allow
checked by rsud's ZAP handler): a centre with an allowed key gets the feed
and command replies; a client with another key, or without CURVE, gets
nothing.  Also v2x sub / v2x cmd with --server-key and --secret-key, and
how a centre learns rsud's public key (log line, rsud -n), never the
secret."""
import json
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_curve"])
if not zmq.has("curve"):
    SKIP("rsud_curve", "libzmq built without CURVE")
    sys.exit(0)

n = "rsud_curve"
srv_pub, srv_sec = zmq.curve_keypair()
ok_pub, ok_sec = zmq.curve_keypair()
ok2_pub, _ = zmq.curve_keypair()
bad_pub, bad_sec = zmq.curve_keypair()
binary = variants()[0][1]
OK = (srv_pub, ok_pub, ok_sec)
r = Rsud(binary, {"curve.secret_key": srv_sec.decode(),
                  "curve.allow": "%s, %s" % (ok2_pub.decode(), ok_pub.decode())})
if not r.start(curve=OK):
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()
EVENTS = {getattr(zmq, k): k[len("EVENT_"):] for k in dir(zmq) if k.startswith("EVENT_HANDSHAKE")}
REFUSED = {"HANDSHAKE_FAILED_AUTH", "HANDSHAKE_FAILED_PROTOCOL", "HANDSHAKE_FAILED_NO_DETAIL"}
monitors = []


def monitored(sock):
    """A monitor of sock's handshakes: how the client learns it was refused."""
    addr = "inproc://curve-monitor-%d" % len(monitors)
    sock.monitor(addr, zmq.EVENT_ALL)
    m = zmq.Context.instance().socket(zmq.PAIR)
    m.connect(addr)
    monitors.append(m)
    return m


def refusal(m, timeout=10.0):
    """Wait until the client's handshake failed; the event's name, or None."""
    end = time.time() + timeout
    while time.time() < end:
        if m.poll(100):
            ev = zmq.utils.monitor.parse_monitor_message(m.recv_multipart())
            name = EVENTS.get(ev["event"])
            if name in REFUSED:
                return name
    return None


import zmq.utils.monitor  # noqa: E402

# the refused clients first, then the allowed ones on the same endpoint:
# "nothing" below means refused, not "not connected yet", once the allowed
# subscriber (the positive control) has received what was sent after all
# of them tried
bad = subscriber(r.feed, curve=(srv_pub, bad_pub, bad_sec))
plain = subscriber(r.feed)
bad_m, plain_m = monitored(bad), monitored(plain)
good = subscriber(r.feed, curve=OK)
cli = subprocess.Popen([V2X, "sub", r.feed, "--summary", "--count", "20", "--timeout", "60", "--server-key",
                        srv_pub.decode(), "--secret-key", ok_sec.decode()], stdout=subprocess.PIPE, text=True)
# rsud holds the subscriptions of both allowed subscribers (good, v2x sub)
st = r.wait_subscriptions(2, curve=OK)
refused = (refusal(bad_m), refusal(plain_m))
print("# subscriptions %s; handshakes of the other key, plain: %s" % (st and st["queues"], refused))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d = bytes.fromhex(encode_hex(sample("spat.json")))
for i in range(20):
    u.sendto(d, ("127.0.0.1", r.udp_port))
g = receive(good, idle=30.0, limit=20)      # the positive control: all 20, however long it takes
b = receive(bad, idle=0.5)
p = receive(plain, idle=0.5)
check(n + "_feed_allowed", len(g) == 20, "allowed subscriber got %d of 20" % len(g))
check(n + "_feed_refused", len(g) == 20 and not b and not p,
      "other key got %d, plain got %d, the allowed one (positive control) %d of 20; handshakes %s" %
      (len(b), len(p), len(g), refused))
out, _ = cli.communicate(timeout=90)
check(n + "_v2x_sub", "# received 20, missed 0 (gaps in seq)" in out, out[-200:])


def status_by(curve):
    """A status request; (reply or None, the refusal the client saw)."""
    s = zmq.Context.instance().socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    if curve:
        s.curve_serverkey, s.curve_publickey, s.curve_secretkey = curve
    m = monitored(s)
    s.connect(r.ctl)
    s.send(b'{"cmd":"status"}')
    why = None
    if curve == OK:
        reply = json.loads(s.recv()) if s.poll(30000) else None
    else:
        why = refusal(m)        # refused, as the client learns it; then no reply either
        reply = json.loads(s.recv()) if s.poll(500) else None
    s.close()
    return reply, why


x, _ = status_by(OK)            # the positive control
y, ywhy = status_by((srv_pub, bad_pub, bad_sec))
z, zwhy = status_by(None)
check(n + "_cmd", x and x["ok"] and y is None and z is None,
      "allowed %s, other %s (%s), plain %s (%s)" % (bool(x), y, ywhy, z, zwhy))
c = run([V2X, "cmd", r.ctl, '{"cmd":"list"}', "--server-key", srv_pub.decode(), "--secret-key",
                    ok_sec.decode()], capture_output=True, text=True)
c2 = run([V2X, "cmd", r.ctl, '{"cmd":"list"}', "--timeout", "1"], capture_output=True, text=True)
check(n + "_v2x_cmd", c.returncode == 0 and '"ok":true' in c.stdout and c2.returncode == 2,
      "%s / %s" % (c.stdout + c.stderr, c2.stdout + c2.stderr))
check(n + "_logged", "refused client key %s" % bad_pub.decode() in r.logtext(), "no log line for the refused key")
# how a centre gets rsud's public key: the command socket's log line and
# rsud -n say it; the secret key is in neither
check(n + "_log_public_key", "commands on %s (CURVE, rsud's public key %s)" % (r.ctl, srv_pub.decode())
      in r.logtext() and srv_sec.decode() not in r.logtext(), r.logtext()[-400:])
p = run([binary, "-n", "-c", r.write_conf()], capture_output=True, text=True)
check(n + "_check_public_key", p.returncode == 0 and 'curve.public_key = "%s"' % srv_pub.decode() in
      p.stdout.splitlines() and "curve.secret_key = (set)" in p.stdout.splitlines() and
      srv_sec.decode() not in p.stdout + p.stderr, p.stdout[-600:] + p.stderr[-300:])
for s in [good, bad, plain] + monitors:
    s.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
