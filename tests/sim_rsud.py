#!/usr/bin/env python3
"""sim_rsud.py: v2xsim replay into rsud end to end on loopback: a signed
highway trace (its own test PKI) replayed to rsud's UDP input reaches the
ZeroMQ subscriber message for message, each verified VALID; an expired
trace from 2020 replayed with --refresh-times --resign likewise.
Needs python3-zmq (the harness SKIPs without it)."""
import collections
import os
import subprocess
import sys
import tempfile
import time
import threading

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import spawn  # noqa: E402

NAMES = ["sim_rsud_signed", "sim_rsud_resigned"]
need_zmq(NAMES)
SIM = os.path.join(ROOT, "build/bin/v2xsim")
RSUD = os.environ.get("RSUD", os.path.join(ROOT, "build/bin/rsud"))


def sim(*args):
    return spawn([SIM] + list(args))


def frames_of(out):
    for line in out.splitlines():
        if line.startswith("messages:"):
            return int(line.split("(")[1].split()[0])
    return None


def through_rsud(name, trust, trace, replay_args, want):
    r = Rsud(RSUD, {"security.verify": "all", "security.trust": trust})
    if not r.start():
        FAIL(name, "rsud did not start: %s" % r.logtext()[-300:])
        return
    s = subscriber(r.feed)
    got = []
    th = threading.Thread(target=lambda: got.extend(receive(s, idle=3.0)))
    th.start()
    p = sim("replay", "-q", trace, "--to", "udp:127.0.0.1:%d" % r.udp_port,
            *replay_args)
    th.join()
    s.close()
    rc = r.stop()
    verdicts = collections.Counter(m[1]["security"]["verdict"] for m in got)
    check(name + "_replayed", p.returncode == 0, p.stdout + p.stderr)
    check(name + "_delivered", len(got) == want,
          "%d of %d messages reached the subscriber" % (len(got), want))
    # security.verify=all: every message must come out VALID; "unverified"
    # (the verifier did not run) is a failure like any other verdict
    check(name + "_valid", got and
          {v.lower() for v in verdicts} == {"valid"},
          "verdicts %s under security.verify=all" % dict(verdicts))
    check(name + "_rsud_exit", rc == 0, "rsud exit %s" % rc)


def main():
    if not os.path.exists(SIM) or not os.path.exists(RSUD):
        for n in NAMES:
            SKIP(n, "build/bin/v2xsim or build/bin/rsud not built")
        finish()
    tmp = tempfile.mkdtemp(prefix="sim_rsud.")
    pki = os.path.join(tmp, "pki")
    trace = os.path.join(tmp, "now.pcapng")
    p = sim("highway", "-o", trace, "--km", "2", "--vehicles", "40",
            "--duration", "3", "--sign", pki, "--start", "now", "--hazard",
            "1@1:stopped")
    n = frames_of(p.stdout)
    if p.returncode != 0 or not n:
        FAIL(NAMES[0], "highway: %s" % p.stderr[-300:])
    else:
        # at its own pace, right away: generation times stay current
        through_rsud(NAMES[0], pki, trace, [], n)

    old, new = os.path.join(tmp, "pki-2020"), os.path.join(tmp, "pki-now")
    sim("testpki", "--start", "2020-01-01T00:00:00Z", "--days", "30", old)
    sim("testpki", new)
    trace = os.path.join(tmp, "old.pcapng")
    p = sim("highway", "-o", trace, "--km", "2", "--vehicles", "40",
            "--duration", "3", "--sign", old, "--start",
            "2020-01-10T08:00:00Z")
    n = frames_of(p.stdout)
    if p.returncode != 0 or not n:
        FAIL(NAMES[1], "highway: %s" % p.stderr[-300:])
    else:
        through_rsud(NAMES[1], new, trace,
                     ["--speed", "2", "--refresh-times", "--resign", "--key",
                      os.path.join(new, "at.key"), "--cert",
                      os.path.join(new, "at.cert")], n)
    finish()


main()
