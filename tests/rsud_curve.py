#!/usr/bin/env python3
"""CURVE on rsud's feed and command sockets (curve.secret_key, curve.allow
checked by rsud's ZAP handler): a centre with an allowed key gets the feed
and command replies; a client with another key, or without CURVE, gets
nothing.  Also v2x sub / v2x cmd with --server-key and --secret-key, and
how a centre learns rsud's public key (log line, rsud -n), never the
secret."""
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
r = Rsud(binary, {"curve.secret_key": srv_sec.decode(),
                  "curve.allow": "%s, %s" % (ok2_pub.decode(), ok_pub.decode())})
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()
good = subscriber(r.feed, curve=(srv_pub, ok_pub, ok_sec))
bad = subscriber(r.feed, curve=(srv_pub, bad_pub, bad_sec))
plain = subscriber(r.feed)
cli = subprocess.Popen([V2X, "sub", r.feed, "--summary", "--timeout", "3", "--server-key", srv_pub.decode(),
                        "--secret-key", ok_sec.decode()], stdout=subprocess.PIPE, text=True)
time.sleep(0.8)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d = bytes.fromhex(encode_hex(sample("spat.json")))
for i in range(20):
    u.sendto(d, ("127.0.0.1", r.udp_port))
g = receive(good, idle=1.5)
b = receive(bad, idle=0.5)
p = receive(plain, idle=0.5)
check(n + "_feed_allowed", len(g) == 20, "allowed subscriber got %d of 20" % len(g))
check(n + "_feed_refused", not b and not p, "other key got %d, plain got %d" % (len(b), len(p)))
out, _ = cli.communicate(timeout=30)
check(n + "_v2x_sub", "# received 20, missed 0 (gaps in seq)" in out, out[-200:])
x = r.cmd({"cmd": "status"}, curve=(srv_pub, ok_pub, ok_sec))
y = r.cmd({"cmd": "status"}, curve=(srv_pub, bad_pub, bad_sec), timeout=1.5)
z = r.cmd({"cmd": "status"}, timeout=1.5)
check(n + "_cmd", x and x["ok"] and y is None and z is None, "allowed %s, other %s, plain %s" % (bool(x), y, z))
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
for s in (good, bad, plain):
    s.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
