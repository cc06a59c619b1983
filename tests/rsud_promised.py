#!/usr/bin/env python3
"""What README.md, rsud(8) and the schemas promise of rsud and no other test
ran, one function per behaviour, over real ZeroMQ sockets on loopback:
security.verify = none (signed input published "not-checked", nothing
verified); input.file with input.file_exit (rsud exits 0 by itself after
publishing every frame); input.filter and input.snaplen on a live capture of
`lo` (root only); each tx.udp_format that `rsud --help-config` lists (the
datagram decoded and compared with the message sent); "store full" at
store.max_entries; DEALER clients with several requests in flight; SIGTERM
flushing the feed to a slow subscriber.
No fixed sleeps: rsud is ready when a `status` round trip answers, a
subscriber when `status` counts it, input is done when the counters reach
what was sent and stop moving."""
import collections
import os
import re
import shutil
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403
import pcapng  # noqa: E402

N = "rsud_promised"
NAMES = [N + s for s in ("_verify_none", "_file_exit", "_live_filter", "_live_snaplen", "_udp_format",
                         "_store_full", "_dealer", "_sigterm_flush")]
need_zmq(NAMES)
SIM = os.path.join(ROOT, "build/bin/v2xsim")
TMP = tempfile.mkdtemp(prefix="rsud-promised-")


# --- readiness, counters ----------------------------------------------------

def status(r, timeout=20.0):
    """The status reply, waiting for rsud to answer (its readiness); None if
    rsud exits or stays silent."""
    s = zmq.Context.instance().socket(zmq.REQ)
    s.setsockopt(zmq.LINGER, 0)
    s.connect(r.ctl)
    s.send(b'{"cmd":"status"}')
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            if s.poll(200):
                return json.loads(s.recv())
            if r.proc is None or r.proc.poll() is not None:
                return None
        return None
    finally:
        s.close()


def start(binary, conf):
    """rsud started and answering `status`, or None (and a log to show)."""
    r = Rsud(binary, conf)
    r.start(wait=0)
    if status(r) is None:
        return r, None
    return r, r


def wait_for(r, cond, timeout=30.0):
    """Poll `status` until cond(status) holds, then until the counters stop
    moving (two equal replies 100 ms apart; the command counters, which
    count these polls, left out); the last status."""
    end = time.monotonic() + timeout
    st = status(r)
    while st is not None and not cond(st) and time.monotonic() < end:
        time.sleep(0.05)
        st = status(r)
    while st is not None and time.monotonic() < end:
        time.sleep(0.1)
        again = status(r)
        if again is None or moving(again) == moving(st):
            return again or st
        st = again
    return st


def moving(st):
    return {k: v for k, v in st["counters"].items() if k != "commands"}


def subscribed(r, sock_count=1):
    """Wait until rsud's XPUB has seen sock_count subscriptions."""
    st = wait_for(r, lambda s: s["queues"]["feedSubscribers"] >= sock_count, timeout=20)
    return st is not None and st["queues"]["feedSubscribers"] >= sock_count


def published(st, src):
    return st["counters"]["published"][src] if st else -1


def decode_hex(h, *extra):
    """v2x decode of one hex message: the JSON line, or None."""
    p = v2x("decode", "-i", "hex", *extra, input=h + "\n")
    try:
        return json.loads(p.stdout.splitlines()[0])
    except (ValueError, IndexError):
        return None


def denm_hex():
    """A DENM of our ETSI test vectors (asn1/etsi/test-vectors.txt)."""
    with open(os.path.join(ROOT, "asn1", "etsi", "test-vectors.txt")) as f:
        for line in f:
            if line.startswith("DENM "):
                return line.split()[2]
    return None


def ifm_fields(dg):
    """The Key=Value lines of an immediate forward message."""
    return dict(l.split("=", 1) for l in dg.decode(errors="replace").splitlines() if "=" in l)


# --- a test PKI (v2x cert), made once --------------------------------------

_pki = {}


def pki():
    if not _pki:
        d = os.path.join(TMP, "pki")
        for args in (["root", "-o", d + "/root"],
                     ["issue", "--ca", d + "/root", "--kind", "aa", "-o", d + "/aa"],
                     ["issue", "--ca", d + "/aa", "--kind", "at", "-o", d + "/at", "--psid", "0x82"]):
            p = v2x("cert", *args)
            if p.returncode != 0:
                return None, "v2x cert %s: %s" % (args[0], p.stderr.strip())
        os.makedirs(d + "/trust")
        shutil.copy(d + "/root.cert", d + "/trust")
        shutil.copy(d + "/aa.cert", d + "/trust")
        _pki.update(dir=d, trust=d + "/trust")
    return _pki, None


# --- the behaviours -----------------------------------------------------------

def test_verify_none(pfx, binary):
    """security.verify = none: signed input is published with the verdict
    "not-checked" (feed.schema.json: "the policy does not ask") and nothing
    is verified (the valid and failed counters stay 0) although a trust
    store is configured; a second rsud with verify = all finds the same
    datagrams VALID, so the input is verifiable and the first did not."""
    n = pfx + N + "_verify_none"
    k, err = pki()
    if k is None:
        FAIL(n, err)
        return
    spat = encode_hex(sample("spat.json"))
    hexfile = os.path.join(TMP, "spat.hex")
    with open(hexfile, "w") as f:
        f.write((spat + "\n") * 3)
    out = {}
    for policy in ("none", "all"):
        # signed now: the verifier of the control checks the generation time
        p = v2x("sign", "--key", k["dir"] + "/at.key", "--cert", k["dir"] + "/at.cert", "--psid", "0x82",
                "-i", "hex", hexfile)
        signed = p.stdout.split()
        if p.returncode != 0 or len(signed) != 3:
            FAIL(n, "v2x sign: %s" % p.stderr.strip())
            return
        grams = [ifm("SPAT", 0x82, h) for h in signed] + [ifm("SPAT", 0x82, spat)]
        r, ok = start(binary, {"security.verify": policy, "security.trust": k["trust"]})
        if not ok:
            FAIL(n, "rsud (verify = %s) did not start: %s" % (policy, r.logtext()[-400:]))
            r.stop()
            return
        s = subscriber(r.feed)
        subscribed(r)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for g in grams:
            u.sendto(g, ("127.0.0.1", r.udp_port))
        u.close()
        st = wait_for(r, lambda x: x["counters"]["rx"]["udp"] >= len(grams))
        msgs = receive(s, idle=5.0, limit=published(st, "udp"))
        s.close()
        out[policy] = (st, msgs, r.stop())
    st, msgs, rc = out["none"]
    sec = [m[1]["security"] for m in msgs]
    cnt = st["counters"]["security"] if st else {}
    check(n, st is not None and rc == 0 and len(msgs) == 4 and
          all(x["signed"] is True and x["verdict"] == "not-checked" and "generationTime" in x and
              "signer" not in x and "reason" not in x for x in sec[:3]) and
          sec[3] == {"signed": False, "verdict": "unsigned"} and
          all(any(l["layer"] == "ieee1609dot2" for l in m[1]["layers"]) for m in msgs[:3]) and
          cnt.get("valid") == 0 and sum(cnt.get("failed", {"x": 1}).values()) == 0 and
          cnt.get("notChecked") == 3 and cnt.get("unsigned") == 1 and
          st["security"] == {"policy": "none", "canVerify": False},
          "exit %s, %d published, verdicts %s, counters %s, status security %s" %
          (rc, len(msgs), sec, cnt, st and st["security"]))
    st, msgs, rc = out["all"]
    check(n + "_control", [m[1]["security"]["verdict"] for m in msgs] == ["VALID"] * 3 + ["unsigned"] and
          st["counters"]["security"]["valid"] == 3,
          "verify = all: verdicts %s" % [m[1]["security"]["verdict"] for m in msgs])


def test_file_exit(pfx, binary):
    """input.file with input.file_exit = yes: rsud publishes every frame of
    the file (seq 0..n-1, source file) and then exits by itself with
    status 0, saying so in its log."""
    n = pfx + N + "_file_exit"
    cap = os.path.join(TMP, "highway.pcapng")
    if not os.path.exists(cap):
        p = run([SIM, "highway", "-o", cap, "--family", "j2735", "--duration", "2", "--vehicles", "4",
                 "--km", "1", "--seed", "7"], capture_output=True, text=True)
        if p.returncode != 0:
            FAIL(n, "v2xsim highway: %s" % p.stderr.strip())
            return
    frames = len(pcapng.frames(cap))
    dec = v2x("decode", "-i", "pcap", cap)
    decoded = sum(1 for l in dec.stdout.splitlines() if '"error"' not in l[:10])
    r = Rsud(binary, {"input.file": cap, "input.file_wait": "yes", "input.file_exit": "yes"})
    r.start(wait=0)
    s = subscriber(r.feed)  # rsud reads the file once this has subscribed
    msgs, end = [], time.monotonic() + 60
    while time.monotonic() < end:
        msgs += receive(s, idle=0.2)
        if r.proc.poll() is not None:
            break
    exited = r.proc.poll()
    msgs += receive(s, idle=1.0)
    s.close()
    log = r.logtext()
    rc = r.stop()
    check(n, exited == 0 and rc == 0 and frames > 50 and decoded == frames and len(msgs) == frames and
          [m[1]["seq"] for m in msgs] == list(range(frames)) and
          all(m[1]["source"] == "file" for m in msgs) and
          ("input.file: done (%d frames)" % frames) in log and ("stopping: %d published" % frames) in log,
          "%d frames (%d decode), %d published, exit status %s (%s by itself); log %s" %
          (frames, decoded, len(msgs), rc, "exited" if exited is not None else "did not exit", log[-300:]))


def test_live(pfx, binary):
    """input.filter and input.snaplen on a live capture of `lo`: datagrams to
    two UDP ports, a BPF filter selecting one: only that port's messages are
    captured and published; input.snaplen 200: the frames within it are
    published whole, the immediate-forward frames longer than it are
    counted TRUNCATED and not published."""
    nf, ns = pfx + N + "_live_filter", pfx + N + "_live_snaplen"
    if os.geteuid() != 0:
        for x in (nf, ns):
            SKIP(x, "needs root (live capture of lo)")
        return
    a, b = free_port(socket.SOCK_DGRAM), free_port(socket.SOCK_DGRAM)
    while b == a:
        b = free_port(socket.SOCK_DGRAM)
    snaplen = 200
    r, ok = start(binary, {"udp.listen": "", "input.interface": "lo", "input.filter": "udp dst port %d" % a,
                           "input.snaplen": str(snaplen)})
    if not ok:
        for x in (nf, ns):
            FAIL(x, "rsud did not start: %s" % r.logtext()[-400:])
        r.stop()
        return
    s = subscriber(r.feed)
    subscribed(r)
    spat, mp = encode_hex(sample("spat.json")), encode_hex(sample("map.json"))
    big = ifm("SPAT", 0x82, spat)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # the other port first: had the filter let it in, it is counted before
    # the last frame the wait below looks for
    for i in range(4):
        u.sendto(bytes.fromhex(spat), ("127.0.0.1", b))
    for h in (spat, mp, spat, mp, spat, mp):
        u.sendto(bytes.fromhex(h), ("127.0.0.1", a))
    for i in range(2):
        u.sendto(big, ("127.0.0.1", a))
    u.close()
    st = wait_for(r, lambda x: x["counters"]["rx"]["radio"] >= 8)
    msgs = receive(s, idle=5.0, limit=max(published(st, "radio"), 1))
    msgs += receive(s, idle=0.3)
    s.close()
    rc = r.stop()
    c = st["counters"] if st else {}
    ports = collections.Counter(l.get("dstPort") for m in msgs for l in m[1]["layers"] if l["layer"] == "udp")
    types = collections.Counter(m[0].split("/")[2] for m in msgs)
    check(nf, rc == 0 and len(msgs) == 6 and ports == {a: 6} and c["rx"]["radio"] == 8 and
          c["published"]["radio"] == 6 and types == {"SPAT": 3, "MapData": 3} and
          all(m[1]["source"] == "radio" for m in msgs),
          "port %d selected, published dst ports %s, types %s, rx %s, published %s" %
          (a, dict(ports), dict(types), c.get("rx"), c.get("published")))
    whole = [len(m[2]) == 42 + len(bytes.fromhex(spat if m[0].split("/")[2] == "SPAT" else mp)) for m in msgs]
    check(ns, c and c["reasons"]["radio"] == {"TRUNCATED": 2} and len(big) + 42 > snaplen and
          whole and all(whole) and
          not any(l["layer"] == "immediate-forward" for m in msgs for l in m[1]["layers"]),
          "frames of %d bytes with snaplen %d: radio reasons %s, published raw lengths %s" %
          (len(big) + 42, snaplen, c and c["reasons"]["radio"], [len(m[2]) for m in msgs]))


def udp_formats(binary):
    """The formats of tx.udp_format as `rsud --help-config` lists them."""
    p = run([binary, "--help-config"], capture_output=True, text=True)
    m = re.search(r"^tx\.udp_format\n.*\n\s+type: ([a-z|]+);", p.stdout, re.M)
    return m.group(1).split("|") if m else []


def check_ifm(dg, feed_raw, uper, family, want):
    """An immediate forward (USDOT RSU v4.1): its fields, and its Payload
    decoded: the UPER (J2735) or the GeoNetworking packet (ETSI) sent."""
    kv = ifm_fields(dg)
    pay = kv.get("Payload", "")
    d = decode_hex(pay)
    ok = dg.startswith(b"Version=") and d is not None and d.get("value") == want
    if family == "j2735":
        ok = ok and pay.lower() == uper.lower() and kv.get("Type") == "SPAT" and \
            kv.get("PSID", "").lower() == "0x8002" and kv.get("TxChannel") == "172"
    else:
        ok = ok and bytes.fromhex(pay) == feed_raw and kv.get("Type") == "DENM" and \
            [l["layer"] for l in d.get("layers", [])] == ["gn", "btp"]
    return ok, "fields %s; payload decodes to %s" % ({x: kv[x] for x in kv if x != "Payload"},
                                                       d and (d.get("layers"), d.get("type")))


def check_raw(dg, feed_raw, uper, family, want):
    """The raw packet: WSMP (J2735) or GeoNetworking + BTP (ETSI), as the
    feed's part 3 shows it, decoded by 'v2x decode -i auto'."""
    f = os.path.join(TMP, "datagram.bin")
    with open(f, "wb") as fh:
        fh.write(dg)
    p = v2x("decode", "-i", "auto", f)
    try:
        d = json.loads(p.stdout.splitlines()[0])
    except (ValueError, IndexError):
        d = {}
    layers = d.get("layers", [])
    ok = dg == feed_raw and d.get("value") == want
    if family == "j2735":
        ok = ok and [l["layer"] for l in layers] == ["wsmp"] and layers[0].get("psid") == 0x82 and \
            layers[0].get("channel") == 172 and dg.endswith(bytes.fromhex(uper))
    else:
        ok = ok and [l["layer"] for l in layers] == ["gn", "btp"] and layers[1].get("dstPort") == 2002
    return ok, "v2x decode -i auto: layers %s, type %s, %s" % (layers, d.get("type"), p.stderr.strip()[:200])


def test_udp_format(pfx, binary):
    """tx.udp_format, each format `rsud --help-config` lists: a broadcast
    (J2735 SPAT, ETSI DENM) reaches the tx.udp port in that format, the
    bytes decode to the message sent."""
    n = pfx + N + "_udp_format"
    formats = udp_formats(binary)
    known = {"ifm": check_ifm, "raw": check_raw}
    if not formats:
        FAIL(n, "rsud --help-config lists no tx.udp_format values")
        return
    spat, denm = encode_hex(sample("spat.json")), denm_hex()
    want = {"j2735": decode_hex(spat)["value"], "etsi": decode_hex(denm)["value"]}
    for fmt in formats:
        if fmt not in known:
            FAIL(n + "_" + fmt, "a tx.udp_format this test does not know: add its check")
            continue
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        u.settimeout(10)
        r, ok = start(binary, {"tx.udp": "127.0.0.1:%d" % u.getsockname()[1], "tx.udp_format": fmt})
        if not ok:
            FAIL(n + "_" + fmt, "rsud did not start: %s" % r.logtext()[-400:])
            r.stop()
            continue
        s = subscriber(r.feed)
        subscribed(r)
        for family, req, uper in (("j2735", {"cmd": "broadcast", "message": sample("spat.json")}, spat),
                                  ("etsi", {"cmd": "broadcast", "family": "etsi", "hex": denm}, denm)):
            x = r.cmd(req)
            try:
                dg = u.recv(65536)
            except socket.timeout:
                dg = b""
            fm = receive(s, idle=5.0, limit=1)
            feed_raw = fm[0][2] if fm and fm[0][1]["source"] == "command" else None
            good, why = known[fmt](dg, feed_raw, uper, family, want[family])
            check(n + "_" + fmt + "_" + family, x and x.get("ok") and x["outputs"] == 1 and good,
                  "reply %s; %d bytes: %r...; %s" % (x, len(dg), dg[:40], why))
        s.close()
        u.close()
        r.stop()


def test_store_full(pfx, binary):
    """store.max_entries: with the table full one more store is refused
    ("store full (store.max_entries N)", the only wording rsud has: the
    documents do not give one) and the table, listed and on disk, is
    unchanged; the same request succeeds once an entry is deleted."""
    n = pfx + N + "_store_full"
    sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sink.bind(("127.0.0.1", 0))
    r, ok = start(binary, {"tx.udp": "127.0.0.1:%d" % sink.getsockname()[1], "store.max_entries": "2"})
    if not ok:
        FAIL(n, "rsud did not start: %s" % r.logtext()[-400:])
        r.stop()
        return

    def store(i):
        return r.cmd({"cmd": "store", "id": "e%d" % i, "message": sample("spat.json"), "intervalMs": 86400000})

    first = [store(1), store(2)]
    before = r.cmd({"cmd": "list"})
    path = r.conf["store.file"]
    with open(path, "rb") as f:
        disk = f.read()
    third = store(3)
    after = r.cmd({"cmd": "list"})
    with open(path, "rb") as f:
        disk2 = f.read()
    st = status(r)
    gone = r.cmd({"cmd": "delete", "id": "e1"})
    again = store(3)
    rc = r.stop()
    sink.close()
    ids = lambda l: [e["id"] for e in (l or {}).get("entries", [])]  # noqa: E731
    strip = lambda l: [{k: v for k, v in e.items() if k != "sent"} for e in (l or {}).get("entries", [])]  # noqa
    check(n, all(x and x["ok"] for x in first) and ids(before) == ["e1", "e2"] and
          third == {"ok": False, "error": "store: store full (store.max_entries 2)"} and
          strip(after) == strip(before) and disk2 == disk and st["queues"]["storeEntries"] == 2 and
          gone and gone["ok"] and again and again["ok"] and again["entries"] == 2 and rc == 0,
          "stores %s; third %s; list %s -> %s; file %s; after a delete %s" %
          (first, third, ids(before), ids(after), "unchanged" if disk2 == disk else "changed", again))


def test_dealer(pfx, binary):
    """DEALER clients on the command socket: requests with an empty
    delimiter frame, many in flight on two sockets at once; each socket gets
    its own replies, in order, each as [empty, JSON] and answering its
    request (a delete names its id in the error; status and list are ok)."""
    n = pfx + N + "_dealer"
    r = Rsud(binary, {})
    r.start(wait=0)  # no REQ handshake: the DEALERs' requests wait for rsud
    ctx = zmq.Context.instance()
    socks = {}
    for name in ("a", "b"):
        d = ctx.socket(zmq.DEALER)
        d.setsockopt(zmq.LINGER, 0)
        d.connect(r.ctl)
        socks[name] = d
    sent = {"a": [], "b": []}
    for i in range(20):
        for name, d in socks.items():
            req = [{"cmd": "delete", "id": "%s-%d" % (name, i)}, {"cmd": "status"}, {"cmd": "list"}][i % 3]
            d.send_multipart([b"", json.dumps(req).encode()])
            sent[name].append(req)
    got = {"a": [], "b": []}
    end = time.monotonic() + 20
    while time.monotonic() < end and any(len(got[k]) < len(sent[k]) for k in got):
        for name, d in socks.items():
            while d.poll(50):
                got[name].append(d.recv_multipart())
    for d in socks.values():
        d.close()
    rc = r.stop()
    bad = []
    for name in socks:
        if len(got[name]) != len(sent[name]):
            bad.append("%s: %d replies to %d requests" % (name, len(got[name]), len(sent[name])))
            continue
        for req, rep in zip(sent[name], got[name]):
            if len(rep) != 2 or rep[0] != b"":
                bad.append("%s: reply frames %r" % (name, rep[:3]))
                break
            j = json.loads(rep[1])
            if req["cmd"] == "delete":
                good = j.get("ok") is False and ('"%s"' % req["id"]) in j.get("error", "")
            elif req["cmd"] == "status":
                good = j.get("ok") is True and j.get("rsu") == "t1" and "counters" in j
            else:
                good = j == {"ok": True, "entries": []}
            if not good:
                bad.append("%s: %s answered %s" % (name, req, str(j)[:120]))
                break
    check(n, not bad and rc == 0, "; ".join(bad) or "exit status %s" % rc)


def test_sigterm_flush(pfx, binary):
    """SIGTERM flushes the feed (rsud(8)): a slow subscriber (not reading,
    on an ipc:// feed) connected, a burst of datagrams into rsud's UDP
    input, SIGTERM right after; then the subscriber reads: it gets every
    message rsud says it published ("stopping: N published, 0 dropped by
    the feed"), seq 0..N-1, and rsud exits 0.  rsud.c gives the flush a
    second (ZMQ_LINGER 1000); this reader drains in a fraction of that."""
    n = pfx + N + "_sigterm_flush"
    burst = 3000
    # ipc: a stalled reader of a TCP feed closes its window and the sender's
    # zero-window probes back off (seen: 26 s), beyond rsud's one second;
    # a Unix socket has no such timer and small buffers, so the backlog
    # sits in rsud's queue, where the flush is what delivers it
    r, ok = start(binary, {"feed.hwm": "100000", "udp.rcvbuf": "33554432",
                           "feed.endpoint": "ipc://%s/feed" % TMP})
    if not ok:
        FAIL(n, "rsud did not start: %s" % r.logtext()[-400:])
        r.stop()
        return
    s = zmq.Context.instance().socket(zmq.SUB)
    s.setsockopt(zmq.LINGER, 0)
    # libzmq's default queue: 1000 of the burst wait there and in the
    # kernel, the rest in rsud's (feed.hwm).  (With a queue of 20, the
    # last ~50 messages were lost on the subscriber's side when rsud
    # disconnected, whatever rsud's linger: not what is tested here.)
    s.setsockopt(zmq.RCVHWM, 1000)
    s.connect(r.feed)
    s.setsockopt(zmq.SUBSCRIBE, b"")
    if not subscribed(r):
        FAIL(n, "the subscriber is not counted by rsud")
        s.close()
        r.stop()
        return
    spat = bytes.fromhex(encode_hex(sample("spat.json")))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(burst):
        u.sendto(spat, ("127.0.0.1", r.udp_port))
    u.close()
    # every datagram published: what the subscriber has not read is queued
    # in rsud (beyond the kernel's socket buffers, some MB) at the signal
    st = wait_for(r, lambda x: published(x, "udp") >= burst)
    r.proc.send_signal(signal.SIGTERM)
    t0 = time.monotonic()
    raw, end, last = [], t0 + 30, t0
    while time.monotonic() < end:
        while s.poll(100):
            raw.append(s.recv_multipart())
            last = time.monotonic()
        if r.proc.poll() is not None and not s.poll(1000):
            break
    s.close()
    exited = r.proc.poll()
    log = r.logtext()
    rc = r.stop()
    m = re.search(r"stopping: (\d+) published, (\d+) dropped by the feed", log)
    pub, dropped = (int(m.group(1)), int(m.group(2))) if m else (-1, -1)
    seqs = [json.loads(p[1])["seq"] for p in raw]
    print("# sigterm_flush: %d datagrams sent, %d published, %d received after SIGTERM, the last %.2f s after it"
          % (burst, pub, len(raw), last - t0))
    check(n, exited == 0 and rc == 0 and pub == published(st, "udp") == burst and dropped == 0 and len(raw) == pub and
          seqs == list(range(pub)),
          "burst %d, rsud published %d (dropped %d), subscriber received %d (seq %s..%s), exit %s" %
          (burst, pub, dropped, len(raw), seqs[:1], seqs[-1:], rc))


TESTS = [test_verify_none, test_file_exit, test_live, test_udp_format, test_store_full, test_dealer,
         test_sigterm_flush]

for pfx, binary in variants():
    for t in TESTS:
        t0 = time.monotonic()
        t(pfx, binary)
        print("# %s%s: %.1f s" % (pfx, t.__name__, time.monotonic() - t0), flush=True)
shutil.rmtree(TMP, ignore_errors=True)
finish()
