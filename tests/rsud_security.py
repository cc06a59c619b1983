#!/usr/bin/env python3
"""rsud's security stage over codecs/sec.h, with a test PKI made by
'v2x cert': a capture of signed J2735 messages (v2xsim highway --sign)
verified by policy (all: every message VALID; ondemand by PSID: only BSMs
checked; an untrusted AA: every message refused by reason); broadcasts
signed with security.cert/key (J2735 in WSMP, ETSI in a secured
GeoNetworking packet) that 'v2x verify' accepts and that rsud itself
verifies VALID when they come back over UDP, which also feeds the clock
health of the status command; a missing certificate is refused at start."""
import collections
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403
import pcapng  # noqa: E402

need_zmq(["rsud_security"])
n = "rsud_security"
sim = os.path.join(ROOT, "build/bin/v2xsim")
if run([V2X, "cert", "--help"], capture_output=True).returncode != 0:
    SKIP(n, "v2x cert not available")
    sys.exit(0)
d = tempfile.mkdtemp(prefix="rsud-sec-")
pki = os.path.join(d, "pki")
for args in (["root", "-o", pki + "/root"], ["issue", "--ca", pki + "/root", "--kind", "aa", "-o", pki + "/aa"],
             ["issue", "--ca", pki + "/aa", "--kind", "at", "-o", pki + "/at", "--psid", "0x20,0x82,0x83,36,37"]):
    p = v2x("cert", *args)
    if p.returncode != 0:
        FAIL(n, "v2x cert %s: %s" % (args[0], p.stderr))
        finish()
trust = os.path.join(pki, "trust")
os.makedirs(trust)
shutil.copy(pki + "/root.cert", trust)
shutil.copy(pki + "/aa.cert", trust)


def run_capture(binary, cap, conf):
    c = {"input.file": cap, "input.file_wait": "yes"}
    c.update(conf)
    r = Rsud(binary, c)
    r.start()
    s = subscriber(r.feed)
    msgs = receive(s, idle=2.0)
    st = r.cmd({"cmd": "status"})
    s.close()
    rc = r.stop()
    return msgs, st, rc


for pfx, binary in variants():
    # 1. a signed capture made by our tools
    if not os.path.exists(sim):
        SKIP(pfx + n + "_capture", "v2xsim not built")
    else:
        cap = os.path.join(d, "signed.pcapng")
        simpki = os.path.join(d, "simpki")
        if not os.path.exists(cap):
            p = run([sim, "highway", "-o", cap, "--family", "j2735", "--duration", "2", "--vehicles",
                                "3", "--km", "1", "--sign", simpki], capture_output=True, text=True)
            os.makedirs(simpki + "/trust", exist_ok=True)
            for f in ("root.cert", "aa.cert"):
                if os.path.exists(os.path.join(simpki, f)):
                    shutil.copy(os.path.join(simpki, f), simpki + "/trust")
        nframes = len(pcapng.frames(cap)) if os.path.exists(cap) else 0
        msgs, st, rc = run_capture(binary, cap, {"security.verify": "all", "security.trust": simpki + "/trust"})
        v = collections.Counter(m[1]["security"]["verdict"] for m in msgs)
        check(pfx + n + "_capture_all_valid", nframes > 50 and v == {"VALID": nframes} and
              [m[1]["seq"] for m in msgs] == list(range(nframes)) and
              st["counters"]["security"]["valid"] == nframes,
              "%d frames, verdicts %s" % (nframes, dict(v)))
        ok = all(m[1]["security"]["signer"]["anchor"] == "root" and
                 any(l["layer"] == "ieee1609dot2" or "1609" in l["layer"] for l in m[1]["layers"]) for m in msgs)
        check(pfx + n + "_capture_layers", ok, "layers %s" % (msgs and [l["layer"] for l in msgs[0][1]["layers"]]))
        msgs, st, rc = run_capture(binary, cap, {"security.verify": "ondemand", "security.verify_psid": "0x20",
                                                 "security.trust": simpki + "/trust"})
        byt = collections.Counter((m[0].split("/")[2], m[1]["security"]["verdict"]) for m in msgs)
        check(pfx + n + "_capture_ondemand", set(v for (t, v) in byt) <= {"VALID", "not-checked"} and
              all((v == "VALID") == (t == "BasicSafetyMessage") for (t, v) in byt),
              "verdicts by type %s" % dict(byt))
        untrusted = os.path.join(d, "only-root")
        os.makedirs(untrusted, exist_ok=True)
        shutil.copy(os.path.join(simpki, "root.cert"), untrusted)
        msgs, st, rc = run_capture(binary, cap, {"security.verify": "all", "security.trust": untrusted})
        v = collections.Counter(m[1]["security"]["verdict"] for m in msgs)
        failed = st["counters"]["security"]["failed"] if st else {}
        check(pfx + n + "_capture_untrusted", len(msgs) == nframes and "VALID" not in v and
              sum(failed.values()) == nframes, "verdicts %s, failed %s" % (dict(v), failed))
        check(pfx + n + "_sigterm", rc == 0, "exit status %s" % rc)

    # 2. signed broadcasts
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    r = Rsud(binary, {"tx.udp": "127.0.0.1:%d" % u.getsockname()[1], "security.cert": pki + "/at.cert",
                      "security.key": pki + "/at.key", "security.sign": "yes", "security.verify": "all",
                      "security.trust": trust})
    if not r.start():
        FAIL(pfx + n + "_sign", "rsud did not start: %s" % r.logtext()[-400:])
        continue
    s = subscriber(r.feed)
    r.wait_subscriptions(1)
    x = r.cmd({"cmd": "broadcast", "message": sample("spat.json")})
    u.settimeout(2)
    dg = u.recv(65536)
    kv = dict(l.split("=", 1) for l in dg.decode().splitlines() if "=" in l)
    vf = os.path.join(d, "payload.hex")
    open(vf, "w").write(kv.get("Payload", "") + "\n")
    ver = v2x("verify", "--trust", trust, "-i", "hex", vf)
    check(pfx + n + "_sign_j2735", x and x["ok"] and x["signed"] is True and kv.get("Payload", "").startswith("03")
          and '"verdict":"VALID"' in ver.stdout.replace(" ", ""),
          "reply %s; v2x verify: %s %s" % (x, ver.stdout[:300], ver.stderr[:200]))
    u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u2.sendto(dg, ("127.0.0.1", r.udp_port))
    msgs = receive(s, idle=10.0, limit=2)     # the broadcast and its copy back over UDP
    cmdmsg = [m for m in msgs if m[1]["source"] == "command"]
    udpmsg = [m for m in msgs if m[1]["source"] == "udp"]
    check(pfx + n + "_sign_roundtrip", cmdmsg and udpmsg and cmdmsg[0][1]["security"]["verdict"] == "own" and
          udpmsg[0][1]["security"]["verdict"] == "VALID" and "ageMs" in udpmsg[0][1]["security"],
          "feed: %s" % [(m[1]["source"], m[1]["security"]) for m in msgs])
    st = r.cmd({"cmd": "status"})
    clk = st and st["clock"]
    check(pfx + n + "_clock_health", clk and clk["samples"] >= 1 and abs(clk["offsetMs"]["last"]) < 5000 and
          st["certificate"] and st["certificate"]["canSign"] and st["certificate"]["secondsLeft"] > 86400,
          "status clock %s, certificate %s" % (clk, st and st["certificate"]))
    trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
    cams = [f[58:] for f in pcapng.frames(trace) if f[12:14] == b"\x89\x47" and f[54:56] == b"\x07\xd1"] \
        if os.path.exists(trace) else []
    if cams:
        y = r.cmd({"cmd": "broadcast", "family": "etsi", "hex": cams[0].hex()})
        dg = u.recv(65536)
        kv = dict(l.split("=", 1) for l in dg.decode().splitlines() if "=" in l)
        msgs = receive(s, idle=10.0, limit=1)
        check(pfx + n + "_sign_etsi", y and y["ok"] and y["signed"] and kv.get("Payload", "")[:2] == "12" and
              msgs and msgs[0][1]["security"] == {"signed": True, "verdict": "own"} and
              [l["layer"] for l in msgs[0][1]["layers"]][:1] == ["gn"],
              "reply %s; feed %s" % (y, msgs and msgs[0][1]["security"]))
    else:
        SKIP(pfx + n + "_sign_etsi", "no CAM (ms-van3t capture absent)")
    s.close()
    check(pfx + n + "_sign_sigterm", r.stop() == 0, "exit status not 0")

# 3. a configured certificate that is missing is refused at start
r = Rsud(variants()[0][1], {"security.cert": "/nonexistent/at.cert", "security.key": pki + "/at.key"})
r.start()        # returns when rsud answers or exits
try:
    rc = r.proc.wait(READY_TIMEOUT)
except subprocess.TimeoutExpired:
    rc = None
log = r.logtext()
r.stop()
check(n + "_missing_cert", rc == 1 and "rsud.conf:" in log and "security.cert" in log and
      "No such file" in log, "exit %s, log %s" % (rc, log[-300:]))
finish()
