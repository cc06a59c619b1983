#!/usr/bin/env python3
"""rsud_syslog.py: rsud without -d daemonizes and logs through syslog(3)
to /dev/log.  The test runs it in a private mount namespace (unshare -m)
whose /dev is a tmpfs with null, zero, urandom and random bound from the
real /dev and /dev/log bound to a UNIX datagram socket this test serves;
rsud's start-up lines must arrive as "<30>... rsud[PID]: ..." (facility
daemon = 3, severity info = 6), PID the daemon's own, which then stops on
SIGTERM with a line in the log.  Nothing outside the namespace is touched.
Needs root and unshare (SKIP with the reason otherwise)."""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

NAMES = ["rsud_syslog_lines", "rsud_syslog_tag", "rsud_syslog_facility", "rsud_syslog_stop"]
need_zmq(NAMES)

SETUP = r'''set -e
mount --make-rprivate /
mkdir -p "$T/olddev"
mount --rbind /dev "$T/olddev"
mount -t tmpfs none /dev
for n in null zero urandom random; do
	touch /dev/$n
	mount --bind "$T/olddev/$n" /dev/$n
done
touch /dev/log
mount --bind "$T/log.sock" /dev/log
exec "$RSUD" -c "$CONF"
'''


def main():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        for n in NAMES:
            SKIP(n, "needs root and unshare (a private mount namespace)")
        finish()
    p = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True)
    if p.returncode != 0:
        for n in NAMES:
            SKIP(n, "unshare -m refused: %s" % p.stderr.strip())
        finish()
    binary = variants()[0][1]
    tmp = tempfile.mkdtemp(prefix="rsud-syslog-")
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    srv.bind(os.path.join(tmp, "log.sock"))
    r = Rsud(binary, keep_dir=tmp)
    conf = r.write_conf()
    env = dict(os.environ, T=tmp, RSUD=binary, CONF=conf)
    p = subprocess.run(["unshare", "-m", "sh", "-c", SETUP], env=env, capture_output=True,
                       text=True, timeout=30)
    lines = []
    srv.settimeout(5)
    try:
        # until rsud answers a status command: every start-up line is sent
        end = time.time() + 10
        up = None
        while time.time() < end and up is None:
            up = r.cmd({"cmd": "status"}, timeout=0.5)
        srv.settimeout(0.5)
        while True:
            lines.append(srv.recv(65536).decode(errors="replace"))
    except socket.timeout:
        pass
    pat = re.compile(r"^<(\d+)>(\w{3} [ \d]\d \d\d:\d\d:\d\d )?rsud\[(\d+)\]: (.*)$")
    got = [pat.match(l.rstrip("\n")) for l in lines]
    pids = {int(m.group(3)) for m in got if m}
    check("rsud_syslog_lines", p.returncode == 0 and up is not None and len(lines) >= 2,
          "start exit %s (%s), status %s, %d lines: %s" %
          (p.returncode, (p.stdout + p.stderr)[-200:], up, len(lines), lines[:3]))
    pid = pids.pop() if len(pids) == 1 else None
    comm = ""
    if pid:
        try:
            comm = open("/proc/%d/comm" % pid).read().strip()
        except OSError:
            pass
    check("rsud_syslog_tag", lines and all(got) and pid and comm == "rsud",
          "lines not as 'rsud[PID]: ' or PID %s is not rsud (%r): %s" % (pid, comm, lines[:3]))
    check("rsud_syslog_facility", lines and all(m and int(m.group(1)) // 8 == 3 for m in got) and
          any(m and int(m.group(1)) % 8 == 6 for m in got),
          "priorities %s, want facility daemon (3) and info lines" % [m and m.group(1) for m in got])
    if pid and comm == "rsud":
        os.kill(pid, signal.SIGTERM)
        end = time.time() + 10
        while time.time() < end and os.path.exists("/proc/%d" % pid):
            time.sleep(0.05)
        more = []
        try:
            while True:
                more.append(srv.recv(65536).decode(errors="replace"))
        except socket.timeout:
            pass
        check("rsud_syslog_stop", not os.path.exists("/proc/%d" % pid) and
              any(("rsud[%d]:" % pid) in l for l in more),
              "after SIGTERM: alive %s, lines %s" % (os.path.exists("/proc/%d" % pid), more[:3]))
    else:
        FAIL("rsud_syslog_stop", "no daemon PID to stop")
    srv.close()
    finish()


main()
