#!/usr/bin/env python3
"""rsud end to end on capture files: every decodable frame of a capture
comes out of the ZeroMQ feed exactly once, with the right topic, consecutive
seq, layers, verdict and raw bytes; SIGTERM stops rsud with status 0.
Captures: ../shared/vectors/ms-van3t/sample_trace.pcapng (367 CAM + 562 CPM,
each published decoded under its ASN.1 name), and a J2735 capture made by
v2xsim highway (BSM, MAP over WSMP)."""
import collections
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_e2e"])


def run_file(binary, path, extra=None, idle=3.0, want=None):
    """rsud on a capture file: its feed until want messages (long idle:
    no race with a slow rsud), then a short idle for any more; without
    want, until idle seconds pass without one."""
    conf = {"input.file": path, "input.file_wait": "yes"}
    conf.update(extra or {})
    r = Rsud(binary, conf)
    if not r.start():
        return r, None, None, r.logtext()
    s = subscriber(r.feed)
    t0 = time.time()
    if want:
        msgs = receive(s, idle=READY_TIMEOUT, limit=want)
        elapsed = time.time() - t0
        msgs += receive(s, idle=0.5)
    else:
        msgs = receive(s, idle=idle)
        elapsed = time.time() - t0 - idle
    s.close()
    rc = r.stop()
    return r, msgs, rc, elapsed


def seq_ok(msgs):
    return [m[1]["seq"] for m in msgs] == list(range(len(msgs)))


for pfx, binary in variants():
    n = pfx + "rsud_e2e_trace"
    trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
    if not os.path.exists(binary):
        FAIL(n, "%s not built" % binary)
        continue
    if not os.path.exists(trace):
        SKIP(n, "%s absent" % trace)
    else:
        r, msgs, rc, _ = run_file(binary, trace, want=367 + 562)
        if msgs is None:
            FAIL(n, "rsud did not start: %s" % rc)
        else:
            topics = collections.Counter(m[0] for m in msgs)
            check(n + "_count", topics == {"v2x/etsi/CAM/t1": 367,
                                           "v2x/etsi/CollectivePerceptionMessage/t1": 562},
                  "topics %s" % dict(topics))
            check(n + "_seq", seq_ok(msgs), "seq not 0..N-1")
            cam = [m for m in msgs if "/CAM/" in m[0]]
            cpm = [m for m in msgs if "/CollectivePerceptionMessage/" in m[0]]
            ok = all(m[1]["message"].get("type") == "CAM" and "value" in m[1]["message"] and
                     m[1]["source"] == "file" and m[1]["rsu"] == "t1" and
                     [l["layer"] for l in m[1]["layers"]] == ["ethernet", "gn", "btp"]
                     for m in cam)
            check(n + "_cam_decoded", ok, "a CAM without value or wrong layers: %s" % (cam[0][1] if cam else None))
            ok = cpm and all(m[1]["message"].get("type") == "CollectivePerceptionMessage" and
                             m[1]["message"]["value"]["payload"]["cpmContainers"] for m in cpm)
            check(n + "_cpm_decoded", ok, "a CPM without value: %s" % (cpm[0][1] if cpm else None))
            ok = all(m[1]["security"]["verdict"] == "unsigned" for m in msgs)
            check(n + "_verdict", ok, "verdicts %s" % collections.Counter(m[1]["security"]["verdict"] for m in msgs))
            ok = all(len(m[2]) > 40 and m[2][12:14] == b"\x89\x47" for m in msgs)
            check(n + "_raw", ok, "raw part is not the Ethernet frame")
            check(n + "_sigterm", rc == 0, "exit status %s; log: %s" % (rc, r.logtext()[-500:]))

    n = pfx + "rsud_e2e_j2735"
    sim = os.path.join(ROOT, "build/bin/v2xsim")
    if not os.path.exists(sim):
        SKIP(n, "build/bin/v2xsim not built")
        continue
    d = tempfile.mkdtemp(prefix="rsud-hw-")
    cap = os.path.join(d, "hw.pcapng")
    p = run([sim, "highway", "-o", cap, "--family", "j2735", "--duration", "3",
                        "--vehicles", "5", "--km", "1", "--seed", "7"], capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(cap):
        SKIP(n, "v2xsim highway failed: %s" % p.stderr.strip()[:200])
        continue
    frames = int([l for l in p.stdout.splitlines() + p.stderr.splitlines() if "frames" in l][0]
                 .split("(")[1].split()[0]) if "frames" in p.stdout + p.stderr else None
    r, msgs, rc, _ = run_file(binary, cap, want=frames)
    topics = collections.Counter(m[0] for m in msgs or [])
    check(n + "_count", msgs is not None and len(msgs) == frames and
          set(topics) <= {"v2x/j2735/BasicSafetyMessage/t1", "v2x/j2735/MapData/t1",
                          "v2x/j2735/TravelerInformation/t1"},
          "%s frames, got %s" % (frames, dict(topics)))
    check(n + "_seq", msgs and seq_ok(msgs), "seq not consecutive")
    ok = msgs and all(any(l["layer"] == "wsmp" for l in m[1]["layers"]) and
                      m[1]["message"]["value"]["messageId"] in (18, 20, 31) for m in msgs)
    check(n + "_wsmp", ok, "a message without WSMP layer or MessageFrame")
    check(n + "_sigterm", rc == 0, "exit status %s" % rc)
    # the same capture at its own pace takes about as long as it lasts
    r, msgs2, rc, elapsed = run_file(binary, cap, {"input.pace": "own"}, want=frames)
    check(n + "_own_pace", msgs2 is not None and len(msgs2) == frames and elapsed > 1.5,
          "%s messages in %.2f s" % (len(msgs2 or []), elapsed))
finish()
