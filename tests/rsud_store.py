#!/usr/bin/env python3
"""rsud's store-and-repeat table and what it refuses (issue 12):
a signature asked for (broadcast or store, J2735 and ETSI) without a
certificate is an error and nothing is sent; an entry stored without an id
never takes the id of another; a truncated state file does not stop rsud
(it is moved aside as FILE.bad-TIME and FILE.bak, the file before the last
change, is read), unreadable entries are quarantined in FILE.bad-TIME
(counted in status) and survive the next save there; a repeat that cannot
be transmitted counts as failed, not sent; a store whose stop is past is
refused, entries expire out of the table (at run time and at load); store
and broadcast without a transmitter say which keys to set; every repeat is
on the feed (source command), as many as status counts sent; {"cmd": 5}
and a request with both hex and message are refused; kill -9 during a
burst of store commands never leaves a torn state file: after each kill
the file parses and holds a prefix of the burst, with every entry whose
reply came back.  SEED=N repeats the kill -9 rounds of an earlier run (its
seed is on the "# kill -9 burst" line)."""
import atexit
import glob
import json
import os
import random
import shutil
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403
import pcapng  # noqa: E402

need_zmq(["rsud_store"])
spawned = []


def new_rsud(*args, **kw):
    r = Rsud(*args, **kw)
    spawned.append(r)
    return r


@atexit.register
def cleanup():
    """No rsud left running, no directory left behind, whatever failed."""
    for r in spawned:
        if r.proc is not None:
            r.stop(signal.SIGKILL)
    for d in set(r.dir for r in spawned):
        shutil.rmtree(d, ignore_errors=True)


binary = variants()[0][1]
spat = sample("spat.json")
tim_hex = encode_hex(sample("tim.json"))


def udp_sink():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    return u, "127.0.0.1:%d" % u.getsockname()[1]


def datagrams(u, idle=0.3, most=3.0):
    """What arrives until idle seconds pass without a datagram (most
    seconds in all)."""
    out = []
    end = time.time() + most
    u.settimeout(idle)
    try:
        while time.time() < end:
            out.append(u.recv(65536))
    except socket.timeout:
        pass
    return out


def wait_for(fn, timeout=8.0, step=0.05):
    """fn() until it is true or timeout passes; its last value."""
    end = time.time() + timeout
    v = fn()
    while not v and time.time() < end:
        time.sleep(step)
        v = fn()
    return v


def store_status(r):
    """status "store" ({} when rsud has none or does not answer)."""
    st = r.cmd({"cmd": "status"})
    return (st or {}).get("store") or {}


def entries(r):
    lst = r.cmd({"cmd": "list"})
    return lst["entries"] if lst and lst.get("ok") else None


def entry(id_, interval=1000, **kw):
    e = {"id": id_, "family": "j2735", "pdu": "MessageFrame", "type": "TravelerInformation",
         "hex": tim_hex, "psid": 131, "intervalMs": interval}
    e.update(kw)
    return e


def write_store(path, entries, next_id=1):
    with open(path, "w") as f:
        f.write(json.dumps({"version": 1, "nextId": next_id, "entries": entries}))


def restart(r):
    r2 = new_rsud(binary, dict(r.conf), keep_dir=r.dir)
    r2.conf = dict(r.conf)
    return r2


cams = []
trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
if os.path.exists(trace):
    cams = [f[58:] for f in pcapng.frames(trace) if f[12:14] == b"\x89\x47" and f[54:56] == b"\x07\xd1"]

# --- 1. refusals, ids, feed --------------------------------------------------
n = "rsud_store"
u, to = udp_sink()
r = new_rsud(binary, {"tx.udp": to})
if not r.start():
    FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
    finish()

# a signature that cannot be made is an error, and nothing goes out
x = r.cmd({"cmd": "broadcast", "message": spat, "sign": True})
y = r.cmd({"cmd": "store", "id": "s", "message": spat, "sign": True, "intervalMs": 100})
z = r.cmd({"cmd": "broadcast", "family": "etsi", "hex": cams[0].hex(), "sign": True}) if cams else \
    {"ok": False, "error": "security.cert (no CAM to try)"}
got = datagrams(u)
lst = r.cmd({"cmd": "list"})
check(n + "_sign_refused", x and x["ok"] is False and "security.cert" in x["error"] and
      y and y["ok"] is False and "security.cert" in y["error"] and
      z and z["ok"] is False and "security.cert" in z["error"] and not got and lst["entries"] == [],
      "broadcast %s, store %s, etsi %s, %d datagrams sent, list %s" % (x, y, z, len(got), lst))

# a store without an id never takes another's
a = r.cmd({"cmd": "store", "id": "2", "message": spat, "intervalMs": 60000})
b = r.cmd({"cmd": "store", "hex": tim_hex, "intervalMs": 60000})
c = r.cmd({"cmd": "store", "hex": tim_hex, "intervalMs": 60000})
lst = r.cmd({"cmd": "list"})
ids = {e["id"]: e["type"] for e in lst["entries"]} if lst else {}
check(n + "_generated_ids", a and b and c and a["ok"] and b["ok"] and c["ok"] and
      len({a["id"], b["id"], c["id"]}) == 3 and ids.get("2") == "SPAT" and len(ids) == 3,
      "replies %s %s %s; list %s" % (a, b, c, ids))
for i in list(ids):
    r.cmd({"cmd": "delete", "id": i})
datagrams(u)

# small refusals
x = r.cmd('{"cmd": 5}')
check(n + "_cmd_not_string", x and x["ok"] is False and "must be a string" in x["error"], "reply %s" % x)
x = r.cmd({"cmd": "broadcast", "message": spat, "hex": tim_hex})
y = r.cmd({"cmd": "store", "message": spat, "hex": tim_hex, "intervalMs": 100})
got = datagrams(u)
check(n + "_hex_and_message", x and x["ok"] is False and "not both" in x["error"] and
      y and y["ok"] is False and not got, "broadcast %s, store %s, %d sent" % (x, y, len(got)))
past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
x = r.cmd({"cmd": "store", "id": "old", "message": spat, "intervalMs": 100, "stop": past})
lst = r.cmd({"cmd": "list"})
check(n + "_stop_past", x and x["ok"] is False and "past" in x["error"] and lst["entries"] == [],
      "reply %s, list %s" % (x, lst))

# an entry expires out of the table when its stop passes
x = r.cmd({"cmd": "store", "id": "brief", "message": spat, "intervalMs": 100, "stop": int(time.time()) + 2})
gone = wait_for(lambda: entries(r) == [], timeout=8)
with open(r.conf["store.file"]) as f:
    left = json.load(f)["entries"]
st = store_status(r)
check(n + "_expire_run", x and x["ok"] and gone and left == [] and st.get("expired") == 1 and
      "entry brief expired" in r.logtext(),
      "store %s; list empty %s; file %s; status %s" % (x, gone, left, st))
for e in entries(r) or []:
    r.cmd({"cmd": "delete", "id": e["id"]})

# every repeat is on the feed, as many as status counts sent
s = subscriber(r.feed)
ready = wait_for(lambda: r.cmd({"cmd": "broadcast", "message": spat})["ok"] and
                 any(m[1]["source"] == "command" for m in receive(s, idle=0.2)), timeout=10, step=0)
receive(s, idle=0.3)
sent0 = store_status(r).get("sent", 0)
x = r.cmd({"cmd": "store", "id": "feed", "hex": tim_hex, "intervalMs": 50})
wait_for(lambda: [e for e in entries(r) or [] if e["sent"] >= 10])
r.cmd({"cmd": "delete", "id": "feed"})
sent = store_status(r).get("sent", 0) - sent0
msgs = [m for m in receive(s, idle=1.0) if m[1]["source"] == "command"]
tims = [m for m in msgs if m[1]["message"].get("type") == "TravelerInformation"]
check(n + "_repeats_on_feed", ready and len(tims) >= 10 and len(tims) == sent == len(msgs),
      "%d sent, %d on the feed (%d command messages)" % (sent, len(tims), len(msgs)))
s.close()
check(n + "_sigterm", r.stop() == 0, "exit status not 0")

# --- 2. without a transmitter ---------------------------------------------------
r = new_rsud(binary, {})
r.start()
x = r.cmd({"cmd": "store", "message": spat, "intervalMs": 100})
y = r.cmd({"cmd": "broadcast", "message": spat})
check(n + "_no_transmitter", all(q and q["ok"] is False and "tx.udp" in q["error"] and
                                 "tx.interface" in q["error"] and "configuration" in q["error"] for q in (x, y)),
      "store %s, broadcast %s" % (x, y))
r.stop()

# --- 3. a repeat that cannot be transmitted is failed, not sent ----------------
# (sendto to the broadcast address without SO_BROADCAST: EACCES, every time)
r = new_rsud(binary, {"tx.udp": "255.255.255.255:9"})
r.start()
x = r.cmd({"cmd": "store", "id": "f", "message": spat, "intervalMs": 20})
e = wait_for(lambda: [q for q in entries(r) or [] if q.get("failed", 0) >= 5 or q["sent"] >= 5])
st = store_status(r)
check(n + "_sent_counts_success", x and x["ok"] and e and e[0]["sent"] == 0 and st.get("sent") == 0 and
      st.get("failed", 0) >= 5 and r.logtext().count("store f: not sent") == 1,
      "store %s, entry %s, status %s" % (x, e, st))
r.stop()

# --- 4. the state file at load -------------------------------------------------
u2, to2 = udp_sink()
r = new_rsud(binary, {"tx.udp": to2})
path = r.conf["store.file"]
good = [entry("a"), entry("b", 2000)]
bad = [entry("c", hex="zz"), {"id": "d", "hex": tim_hex}, entry("e", 5), entry("a")]
expired = [entry("old", stop=int(time.time()) - 10)]
write_store(path, good + bad + expired, next_id=7)
text = open(path).read()
started = r.start()
lst = r.cmd({"cmd": "list"}) if started else None
st = store_status(r) if started else {}
q = glob.glob(path + ".bad-*")
check(n + "_quarantine", started and lst and sorted(e["id"] for e in lst["entries"]) == ["a", "b"] and
      len(q) == 1 and open(q[0]).read() == text and st.get("quarantined") == 4 and
      r.logtext().count("quarantined in") == 4,
      "started %s, list %s, quarantine %s, status %s" % (started, lst, q, st))
check(n + "_expire_load", started and lst and "old" not in [e["id"] for e in lst["entries"]] and
      "old" not in open(path).read() and "entry old expired" in r.logtext() and st.get("expired") == 1,
      "list %s, status %s" % (lst, st))
if started:
    x = r.cmd({"cmd": "store", "message": spat, "intervalMs": 60000})
    check(n + "_quarantine_kept", x and x["ok"] and x["id"] not in ("a", "b") and
          q and glob.glob(path + ".bad-*") == q and open(q[0]).read() == text,
          "store %s; quarantine %s" % (x, glob.glob(path + ".bad-*")))
    r.stop(signal.SIGKILL)

# a truncated file: rsud starts from FILE.bak (the file before the last change)
r = restart(r)
r.start()
r.cmd({"cmd": "store", "id": "last", "message": spat, "intervalMs": 60000})
before = sorted(e["id"] for e in json.load(open(path + ".bak"))["entries"]) \
    if os.path.exists(path + ".bak") else ["(no .bak)"]
r.stop()
whole = open(path).read()
with open(path, "w") as f:
    f.write(whole[:len(whole) // 2])
r = restart(r)
started = r.start()
lst = r.cmd({"cmd": "list"}) if started else None
st = store_status(r) if started else {}
q = [p for p in glob.glob(path + ".bad-*") if open(p).read() == whole[:len(whole) // 2]]
check(n + "_truncated", started and lst and sorted(e["id"] for e in lst["entries"]) == before and
      "last" not in before and len(q) == 1 and st.get("quarantined") == 1 and
      st.get("recoveredFrom") == path + ".bak" and json.load(open(path))["entries"] is not None,
      "started %s (%s), list %s, .bak had %s, quarantine %s, status %s" %
      (started, r.logtext()[-200:], lst, before, q, st))
r.stop()

# --- 5. kill -9 during a burst of store commands --------------------------------
seed = int(os.environ.get("SEED") or random.randrange(1 << 30))
rng = random.Random(seed)
r = new_rsud(binary, {"tx.udp": to2, "store.max_entries": "2000"})
for p in glob.glob(r.conf["store.file"] + "*"):
    os.unlink(p)
path = r.conf["store.file"]
ROUNDS, BURST = 12, 80
have = []           # ids in the file, in order
torn = []
midburst = midwrite = 0
for k in range(ROUNDS):
    if not r.start() or not r.cmd({"cmd": "status"}):
        torn.append("round %d: rsud did not start: %s" % (k, r.logtext()[-300:]))
        break
    lst = [e["id"] for e in r.cmd({"cmd": "list"})["entries"]]
    if lst != have:
        torn.append("round %d: list after restart %d entries, file had %d" % (k, len(lst), len(have)))
    d = zmq.Context.instance().socket(zmq.DEALER)
    d.setsockopt(zmq.LINGER, 0)
    d.connect(r.ctl)
    ids = ["r%d-%d" % (k, i) for i in range(BURST)]
    for i in ids:
        d.send_multipart([b"", json.dumps({"cmd": "store", "id": i, "hex": tim_hex,
                                           "intervalMs": 3600000}).encode()])
    want = rng.randrange(0, BURST // 2)
    acked = 0
    while acked < want and d.poll(5000):
        rep = json.loads(d.recv_multipart()[-1])
        if rep.get("ok"):
            acked += 1
    r.stop(signal.SIGKILL)
    d.close()
    try:
        got = [e["id"] for e in json.load(open(path))["entries"]]
    except (OSError, ValueError) as ex:
        torn.append("round %d: the file does not parse: %s" % (k, ex))
        break
    m = len(got) - len(have)
    if got[:len(have)] != have or got[len(have):] != ids[:m] or m < acked:
        torn.append("round %d: %d acknowledged, file holds %s" % (k, acked, got[len(have):][:5]))
    if os.path.exists(path + ".bak"):
        try:
            json.load(open(path + ".bak"))
        except ValueError as ex:
            torn.append("round %d: .bak does not parse: %s" % (k, ex))
    midburst += 0 < m < BURST
    midwrite += os.path.exists(path + ".tmp")
    have = got
    r = restart(r)
if not torn and r.start():
    lst = entries(r)
    if lst is None or [e["id"] for e in lst] != have or store_status(r).get("quarantined"):
        torn.append("last start: %s entries, status %s" % (lst and len(lst), store_status(r)))
    r.stop()
check(n + "_kill9_burst", not torn and midburst >= ROUNDS // 2,
      "seed %d, %d of %d rounds killed mid-burst: %s" % (seed, midburst, ROUNDS, torn[:3]))
print("# kill -9 burst: seed %d, %d rounds, %d killed mid-burst, %d while a temporary file was "
      "being written, %d entries at the end" % (seed, ROUNDS, midburst, midwrite, len(have)))
u.close()
u2.close()
finish()
