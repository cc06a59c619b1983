#!/usr/bin/env python3
"""rsud counts security verdicts in the feed's words: a test PKI made by
'v2x cert' and messages signed by 'v2x sign' so that each verdict occurs
(VALID, TIME_WINDOW, PSID_NOT_PERMITTED, REVOKED, REGION, EXPIRED,
NOT_YET_VALID, CHAIN, ISSUER_UNTRUSTED, CERT_UNKNOWN, SIG_BAD, REPLAY,
not-checked, unsigned, own), sent over UDP as immediate forward messages
and broadcast; the status reply (counters.security) and /metrics
(rsud_verdicts_total{verdict=...}) carry exactly the verdict strings the
feed printed, as many times, and the totals add up to what was published.
rsud_clock_offset_ms is absent until a signed message gave a sample."""
import collections
import datetime
import json
import os
import shutil
import socket
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_verdicts"])
n = "rsud_verdicts"
if run([V2X, "cert", "--help"], capture_output=True).returncode != 0:
    SKIP(n, "v2x cert not available")
    sys.exit(0)


def when(days=0, hours=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days, hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


d = tempfile.mkdtemp(prefix="rsud-verdicts-")
pki = os.path.join(d, "pki")
ids = {}
s3, s2 = when(days=-3), when(days=-2)
for name, args in (
        ("root", ["root", "--start", s3]),
        ("aa", ["issue", "--ca", pki + "/root", "--kind", "aa", "--start", s3]),
        ("at", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20,0x82,0x8002", "--start", s2]),
        ("at_spat", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x8002", "--start", s2]),
        ("at_rev", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20", "--start", s2]),
        ("at_reg", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20", "--start", s2,
                    "--region", "circle:45.07,7.68,1000"]),
        ("at_old", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20", "--start", s2, "--days", "1"]),
        ("at_fut", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20", "--start", when(days=1)]),
        ("at_dig", ["issue", "--ca", pki + "/aa", "--kind", "at", "--psid", "0x20", "--start", s2]),
        ("aa_lim", ["issue", "--ca", pki + "/root", "--kind", "aa", "--psid", "0x8002", "--start", s3]),
        ("at_chain", ["issue", "--ca", pki + "/aa_lim", "--kind", "at", "--psid", "0x20", "--start", s2]),
        ("root2", ["root", "--start", s3]),
        ("at_foreign", ["issue", "--ca", pki + "/root2", "--kind", "at", "--psid", "0x20", "--start", s2])):
    p = v2x("cert", *(args[:1] + ["-o", os.path.join(pki, name)] + args[1:]))
    if p.returncode != 0:
        FAIL(n, "v2x cert %s %s: %s" % (name, args[0], p.stderr))
        finish()
    ids[name] = json.loads(p.stdout.splitlines()[-1])["id"]
trust = os.path.join(d, "trust")
os.makedirs(trust)
for f in ("root", "aa", "aa_lim"):
    shutil.copy(os.path.join(pki, f + ".cert"), trust)
with open(os.path.join(trust, "deny.txt"), "w") as f:
    f.write(ids["at_rev"] + "\n")

bsm_hex = encode_hex(sample("bsm.json"))
msgfile = os.path.join(d, "bsm.hex")
with open(msgfile, "w") as f:
    f.write(bsm_hex + "\n")


def sign(at, psid, *extra, signer="cert"):
    p = v2x("sign", "--key", os.path.join(pki, at + ".key"), "--cert", os.path.join(pki, at + ".cert"),
            "--psid", psid, "--signer", signer, *extra, msgfile)
    if p.returncode != 0 or not p.stdout.strip():
        FAIL(n, "v2x sign %s %s: %s" % (at, extra, p.stderr))
        finish()
    return p.stdout.strip().splitlines()[0]


def make_cases():
    """(payload hex, IFM PSID, the verdict the feed should print), made
    just before they are sent: VALID must be inside the 30 s window."""
    valid = sign("at", "0x20")
    badsig = sign("at", "0x20")
    badsig = badsig[:-2] + "%02x" % (int(badsig[-2:], 16) ^ 0x01)
    cases = [
        (valid, 0x20, "VALID"),
        (valid, 0x20, "REPLAY"),
        (sign("at", "0x20", "--time", when(hours=-1)), 0x20, "TIME_WINDOW"),
        (sign("at_spat", "0x20", "--any-psid"), 0x20, "PSID_NOT_PERMITTED"),
        (sign("at_rev", "0x20"), 0x20, "REVOKED"),
        (sign("at_reg", "0x20", "--location", "48.85,2.35"), 0x20, "REGION"),
        (sign("at_old", "0x20"), 0x20, "EXPIRED"),
        (sign("at_fut", "0x20"), 0x20, "NOT_YET_VALID"),
        (sign("at_chain", "0x20"), 0x20, "CHAIN"),
        (sign("at_foreign", "0x20"), 0x20, "ISSUER_UNTRUSTED"),
        (sign("at_dig", "0x20", signer="digest"), 0x20, "CERT_UNKNOWN"),
        (badsig, 0x20, "SIG_BAD"),
        (sign("at", "0x82"), 0x82, "not-checked"),    # ondemand: 0x20 only
        (bsm_hex, 0x20, "unsigned"),
    ]
    return cases


def metrics(port):
    try:
        return urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=10).read().decode()
    except Exception as e:  # noqa: BLE001
        return "error %s" % e


def prom_verdicts(body):
    out = {}
    for line in body.splitlines():
        if line.startswith('rsud_verdicts_total{verdict="'):
            v = line.split('"')[1]
            out[v] = int(float(line.split()[-1]))
    return out


for pfx, binary in variants():
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    sport = free_port()
    r = Rsud(binary, {"security.verify": "ondemand", "security.verify_psid": "0x20", "security.trust": trust,
                      "security.cert": pki + "/at.cert", "security.key": pki + "/at.key",
                      "tx.udp": "127.0.0.1:%d" % sink.getsockname()[1],
                      "stats.listen": "127.0.0.1:%d" % sport})
    if not r.start():
        FAIL(pfx + n, "rsud did not start: %s" % r.logtext()[-400:])
        continue
    s = subscriber(r.feed)
    # the subscription itself, not only the connection (feedSubscribers)
    r.wait_subscriptions(1)
    body = metrics(sport)
    check(pfx + n + "_no_clock_sample", "rsud_clock_offset_ms" not in body and "rsud_verdicts_total" in body,
          "before any signed message: %s" %
          [l for l in body.splitlines() if "clock" in l or l.startswith("error")])
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cases = make_cases()
    # one at a time, each seen on the feed before the next (REPLAY after VALID)
    msgs = []
    for payload, psid, want in cases:
        u.sendto(ifm("BSM", psid, payload), ("127.0.0.1", r.udp_port))
        msgs += receive(s, idle=5.0, limit=1)
    b = r.cmd({"cmd": "broadcast", "message": sample("spat.json"), "sign": True})
    msgs += receive(s, idle=5.0, limit=1)
    msgs += receive(s, idle=0.5)
    want = [c[2] for c in cases] + ["own"]
    got = [m[1]["security"]["verdict"] for m in msgs]
    feed = collections.Counter(got)
    check(pfx + n + "_feed", got == want, "broadcast %s; feed verdicts %s, meant %s" % (b, got, want))
    st = r.cmd({"cmd": "status"})
    sec = st["counters"]["security"] if st else {}
    verdicts = {k: v for k, v in sec.get("verdicts", {}).items() if v}
    check(pfx + n + "_status", verdicts == dict(feed), "status verdicts %s, feed %s" % (sec.get("verdicts"), feed))
    mine = {"VALID", "unsigned", "not-checked", "own"}
    failed = {k: v for k, v in feed.items() if k not in mine}
    check(pfx + n + "_status_failed", sec.get("failed") == failed and sec.get("valid") == feed["VALID"] and
          sec.get("unsigned") == feed["unsigned"] and sec.get("notChecked") == feed["not-checked"] and
          sec.get("own") == feed["own"], "status security %s, feed %s" % (sec, dict(feed)))
    published = sum(st["counters"]["published"].values()) if st else -1
    check(pfx + n + "_add_up", sum(sec.get("verdicts", {}).values()) == published == len(msgs),
          "verdicts %d, published %d, feed %d" % (sum(sec.get("verdicts", {}).values()), published, len(msgs)))
    body = metrics(sport)
    pv = prom_verdicts(body)
    check(pfx + n + "_prometheus", {k: v for k, v in pv.items() if v} == dict(feed) and
          set(pv) >= set(want), "rsud_verdicts_total %s, feed %s" % (pv, dict(feed)))
    check(pfx + n + "_clock_sample", "rsud_clock_offset_ms " in body and "rsud_clock_samples_total " in body,
          "after signed messages: %s" % [l for l in body.splitlines() if "clock" in l])
    s.close()
    check(pfx + n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
