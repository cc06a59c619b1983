#!/usr/bin/env python3
"""sim_resign.py: v2xsim replay --refresh-times and --resign, and highway
--sign: a signed trace from 2020 whose certificates expired verifies as
EXPIRED after --refresh-times alone and VALID after --refresh-times
--resign with a current test certificate; time fields follow the send
time; a signed highway trace verifies 100%.  PASS/FAIL lines."""
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import failed, report, spawn  # noqa: E402

SIM = os.environ.get("V2XSIM", "build/bin/v2xsim")


def run(args):
    p = spawn([SIM] + args)
    return p.returncode, p.stdout, p.stderr


def inspect(trust, path):
    rc, so, se = run(["inspect", "--verify", trust, path])
    return [json.loads(l) for l in so.splitlines()]


def verdicts(frames):
    return collections.Counter(f.get("verdict") for f in frames)


def main():
    if not os.path.exists(SIM):
        print("FAIL sim_resign: %s not built" % SIM)
        return 1
    tmp = tempfile.mkdtemp(prefix="sim_resign.")
    old, new = os.path.join(tmp, "pki-2020"), os.path.join(tmp, "pki-now")
    rc, so, se = run(["testpki", "--start", "2020-01-01T00:00:00Z",
                      "--days", "30", old])
    rc2, so, se2 = run(["testpki", new])
    report("testpki_makes_dirs", rc == 0 and rc2 == 0 and
           os.path.exists(os.path.join(new, "at.cert")), se + se2)
    mode = os.stat(os.path.join(new, "at.key")).st_mode & 0o777
    report("testpki_key_private", mode == 0o600, oct(mode))

    trace = os.path.join(tmp, "old.pcapng")
    rc, so, se = run(["highway", "-o", trace, "--km", "2", "--vehicles",
                      "30", "--duration", "3", "--sign", old, "--start",
                      "2020-01-10T08:00:00Z", "--hazard", "1@1:roadworks"])
    fr = inspect(old, trace) if rc == 0 else []
    v = verdicts(fr)
    report("signed_trace_valid_in_2020", rc == 0 and fr and
           v == {"VALID": len(fr)}, "rc %d %s %s" % (rc, v, se[-200:]))

    stale = os.path.join(tmp, "stale.pcapng")
    rc, so, se = run(["replay", "-q", trace, "--to", "file:" + stale,
                      "--refresh-times"])
    fr = inspect(old, stale) if rc == 0 else []
    v = verdicts(fr)
    report("refresh_without_resign_expired", rc == 0 and fr and
           v == {"EXPIRED": len(fr)}, "rc %d %s %s" % (rc, v, so + se))
    bad = 0
    for f in fr:
        m = f["message"]["value"]["value"]
        if f["type"] == "BasicSafetyMessage" and \
           m["coreData"]["secMark"] != (f["ts"] // 10**6) % 60000:
            bad += 1
    report("refresh_secmark_is_send_time", fr and bad == 0,
           "%d BSMs with another secMark" % bad)

    fresh = os.path.join(tmp, "fresh.pcapng")
    rc, so, se = run(["replay", "-q", trace, "--to", "file:" + fresh,
                      "--refresh-times", "--resign", "--key",
                      os.path.join(new, "at.key"), "--cert",
                      os.path.join(new, "at.cert")])
    fr = inspect(new, fresh) if rc == 0 else []
    v = verdicts(fr)
    report("refresh_resign_valid_now", rc == 0 and fr and
           v == {"VALID": len(fr)}, "rc %d %s %s" % (rc, v, so + se))
    report("resign_summary", "signed anew" in so and
           "%d rewritten (%d signed anew)" % (len(fr), len(fr)) in so,
           so)
    rc, so, se = run(["replay", "-q", trace, "--to", "file:" + fresh,
                      "--resign"])
    report("resign_needs_key", rc == 2, "rc %d" % rc)

    # A signed highway trace, now, with a PKI made on the way.
    auto = os.path.join(tmp, "auto-pki")
    sig = os.path.join(tmp, "sig.pcapng")
    rc, so, se = run(["highway", "-o", sig, "--km", "3", "--vehicles",
                      "150", "--duration", "4", "--sign", auto, "--hazard",
                      "1.5@1:stopped"])
    fr = inspect(auto, sig) if rc == 0 else []
    v = verdicts(fr)
    types = collections.Counter(f.get("type") for f in fr)
    report("highway_signed_verifies_100pct", rc == 0 and fr and
           v == {"VALID": len(fr)} and len(types) == 3,
           "rc %d %s %s %s" % (rc, v, types, se[-200:]))

    # Without --start, a signed trace is made now: it verifies today, as
    # rsud verifies it (at the current time), not only at its capture time.
    v2x = os.environ.get("V2X", "build/bin/v2x")
    p = spawn([v2x, "verify", "--trust", auto, "--at", "now", sig])
    vs = collections.Counter(json.loads(l).get("verdict")
                             for l in p.stdout.splitlines() if l.strip())
    report("highway_signed_default_start_valid_now", p.returncode == 0 and
           vs and set(vs) == {"VALID"}, "rc %d %s %s" % (p.returncode, vs,
                                                         p.stderr[-200:]))
    # An existing PKI whose certificates do not cover the trace: a warning
    # that names the validity, and the trace still made.
    late = os.path.join(tmp, "late.pcapng")
    rc, so, se = run(["highway", "-o", late, "--km", "2", "--vehicles",
                      "10", "--duration", "2", "--sign", old])
    report("highway_sign_warns_pki_validity", rc == 0 and
           "certificates are valid from 2020-01-01T00:00:00Z" in se and
           "will not verify" in se, "rc %d %s" % (rc, se[-300:]))
    rc, so, se = run(["highway", "-o", late, "--km", "2", "--vehicles",
                      "10", "--duration", "2", "--sign", old, "--start",
                      "2020-01-10T08:00:00Z"])
    report("highway_sign_no_warning_inside_validity", rc == 0 and
           "will not verify" not in se, se[-300:])
    return 1 if failed() else 0


if __name__ == "__main__":
    sys.exit(main())
