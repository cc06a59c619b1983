#!/usr/bin/env python3
"""Privilege drop: started as root with "user = nobody", rsud opens its
sockets, then runs as nobody, still answers commands and still writes its
state file (in a directory that user owns).  SKIP when not root."""
import os
import pwd
import socket
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_privdrop"])
n = "rsud_privdrop"
if os.geteuid() != 0:
    SKIP(n, "needs root")
    sys.exit(0)
try:
    pw = pwd.getpwnam("nobody")
except KeyError:
    SKIP(n, "no user nobody")
    sys.exit(0)
state = tempfile.mkdtemp(prefix="rsud-priv-")
os.chmod(state, 0o755)
os.chown(state, pw.pw_uid, pw.pw_gid)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 0))
r = Rsud(variants()[0][1], {"user": "nobody", "store.file": os.path.join(state, "store.json"),
                            "tx.udp": "127.0.0.1:%d" % u.getsockname()[1]})
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()
uid = None
with open("/proc/%d/status" % r.proc.pid) as f:
    for line in f:
        if line.startswith("Uid:"):
            uid = [int(x) for x in line.split()[1:]]
check(n + "_uid", uid == [pw.pw_uid] * 4, "Uid line %s, nobody is %d" % (uid, pw.pw_uid))
x = r.cmd({"cmd": "store", "message": sample("spat.json"), "intervalMs": 1000})
st = os.stat(os.path.join(state, "store.json"))
check(n + "_works", x and x["ok"] and st.st_uid == pw.pw_uid, "store reply %s, file uid %d" % (x, st.st_uid))
check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
