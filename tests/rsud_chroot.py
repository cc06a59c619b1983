#!/usr/bin/env python3
"""chroot (rsud(8), SECURITY): started as root with "chroot" naming an
empty directory and "user = nobody", rsud runs inside it (/proc/PID/root)
as nobody; its ipc:// feed and command sockets work (a broadcast comes
back on the feed) and are removed at exit; store commands persist across a restart (the state file is rewritten
through its directory's descriptor); SIGHUP still reads the configuration,
the trust store, the certificate and the key; nothing is written into the
chroot.  SKIP when not root."""
import os
import pwd
import re
import signal
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_chroot"])
n = "rsud_chroot"
if os.geteuid() != 0:
    SKIP(n, "needs root")
    sys.exit(0)
try:
    pw = pwd.getpwnam("nobody")
except KeyError:
    SKIP(n, "no user nobody")
    sys.exit(0)
if run([V2X, "cert", "--help"], capture_output=True).returncode != 0:
    SKIP(n, "v2x cert not available")
    sys.exit(0)

top = tempfile.mkdtemp(prefix="rsud-chroot-")
os.chmod(top, 0o755)
empty, state, pki, rundir = (os.path.join(top, x) for x in ("empty", "state", "pki", "run"))
for x in (empty, rundir):
    os.makedirs(x, 0o755)
os.makedirs(state)
os.chown(state, pw.pw_uid, pw.pw_gid)
for args in (["root", "-o", pki + "/root"], ["issue", "--ca", pki + "/root", "--kind", "aa", "-o", pki + "/aa"],
             ["issue", "--ca", pki + "/aa", "--kind", "at", "-o", pki + "/at", "--psid", "0x20,0x82,0x83,36,37"]):
    p = v2x("cert", *args)
    if p.returncode != 0:
        FAIL(n, "v2x cert %s: %s" % (args[0], p.stderr))
        finish()
trust = os.path.join(pki, "trust")
os.makedirs(trust)
for f in ("root.cert", "aa.cert"):
    with open(os.path.join(pki, f), "rb") as i, open(os.path.join(trust, f), "wb") as o:
        o.write(i.read())
# nobody reads them again on SIGHUP (the key only by its owner)
for dirpath, dirs, files in os.walk(pki):
    for x in [dirpath] + [os.path.join(dirpath, f) for f in files]:
        os.chown(x, pw.pw_uid, pw.pw_gid)
os.chmod(pki, 0o755)

u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
conf = {"chroot": empty, "user": "nobody", "store.file": os.path.join(state, "store.json"),
        "feed.endpoint": "ipc://%s/feed" % state, "control.endpoint": "ipc://%s/ctl" % state,
        "tx.udp": "127.0.0.1:%d" % u.getsockname()[1], "security.verify": "all",
        "security.trust": trust, "security.cert": pki + "/at.cert", "security.key": pki + "/at.key"}
binary = variants()[0][1]
r = Rsud(binary, conf, keep_dir=rundir)
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-400:])
    finish()
os.chmod(os.path.join(rundir, "rsud.conf"), 0o644)
root = os.readlink("/proc/%d/root" % r.proc.pid)
with open("/proc/%d/status" % r.proc.pid) as f:
    uid = [int(x) for x in next(l for l in f if l.startswith("Uid:")).split()[1:]]
check(n + "_root", root == empty and uid == [pw.pw_uid] * 4,
      "/proc/PID/root %s (want %s), Uid %s" % (root, empty, uid))

spat = sample("spat.json")
s = subscriber(r.feed)
r.wait_subscriptions(1)
x = r.cmd({"cmd": "store", "id": "jailed", "message": spat, "intervalMs": 1000})
st = os.stat(os.path.join(state, "store.json"))
check(n + "_store", x and x["ok"] and st.st_uid == pw.pw_uid, "store reply %s, file uid %d" % (x, st.st_uid))

# SIGHUP: the configuration, the trust store, the certificate and the key
r.conf["tx.channel"] = "176"
r.write_conf()
os.chmod(os.path.join(rundir, "rsud.conf"), 0o644)
r.proc.send_signal(signal.SIGHUP)
t0 = time.time()        # until rsud says it reloaded (or gave up)
while time.time() - t0 < READY_TIMEOUT and r.proc.poll() is None and \
        not re.search(r"reloaded;|reload: .* refused", r.logtext()):
    time.sleep(0.05)
b = r.cmd({"cmd": "broadcast", "message": spat, "sign": True})
got = receive(s, idle=10.0, limit=1)
log = r.logtext()
check(n + "_sighup", r.proc.poll() is None and "reloaded" in log and log.count("certificates") == 2 and
      log.count("signing with") == 2 and b and b["ok"] and b["channel"] == 176 and b["signed"] and
      len(got) == 1, "broadcast %s, feed %d messages; log: %s" % (b, len(got), log[-600:]))
s.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
check(n + "_ipc_removed", not os.path.exists(os.path.join(state, "feed")) and
      not os.path.exists(os.path.join(state, "ctl")), "ipc socket files left: %s" % os.listdir(state))

# a restart: the entry stored inside the chroot is there
r2 = Rsud(binary, dict(r.conf), keep_dir=rundir)
r2.conf = dict(r.conf)
if not r2.start():
    FAIL(n + "_restart", "rsud did not start again: %s" % r2.logtext()[-400:])
    finish()
lst = r2.cmd({"cmd": "list"})
check(n + "_persisted", lst and [e["id"] for e in lst["entries"]] == ["jailed"], "list after restart: %s" % lst)
check(n + "_sigterm_again", r2.stop() == 0, "exit status not 0")
check(n + "_empty", os.listdir(empty) == [], "written into the chroot: %s" % os.listdir(empty))
u.close()
finish()
