#!/usr/bin/env python3
"""rsud commands (ROUTER socket): broadcast (JSON and hex, sent to a UDP
socket of the test as immediate forward text), store-and-repeat entries
transmitted at their interval, surviving kill -9 (the state file) and
SIGHUP, list and delete; malformed commands get {"ok": false, "error"}.

No check races a clock (issue 22): repeats are counted, not expected in a
wall-clock window.  An entry with a stop time is sent until it expires,
then every datagram received, every feed message of source "command" and
status store.sent agree exactly; the list's per-entry "sent" is at least
what had arrived when it was asked.  The interval is measured from the
feed's rx times of the repeats (rsud's own clock, not the test's
scheduling): never faster than asked (the span of n repeats is at least
n-2 intervals: a late repeat moves only its own slot, store.c), and at
least a quarter of the gaps within 1.5 intervals (a stalled rsud, ASan, a
loaded host lengthen some gaps; while rsud runs, it repeats on time: only
an rsud stopped most of the time, for longer than the interval each time,
fails this).  SIGHUP's effects are awaited on
rsud's log lines ("reloaded;", "keeping the old one"), not a sleep."""
import datetime
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_commands"])
# the longest any count-based wait may take (ASan on a loaded host)
DEADLINE = float(os.environ.get("RSUD_COMMANDS_DEADLINE", "60"))


def parse_ifm(d):
    kv = dict(l.split("=", 1) for l in d.decode().splitlines() if "=" in l)
    return kv


def collect(u, idle):
    """Immediate forward datagrams already sent: read until idle seconds
    pass without one (only after what sends them has stopped or been
    answered, so idle bounds nothing that is still to come), by Type."""
    out = {}
    u.settimeout(idle)
    while True:
        try:
            kv = parse_ifm(u.recv(65536))
        except socket.timeout:
            break
        out.setdefault(kv.get("Type"), []).append(kv)
    return out


def collect_until(u, want, got=None, deadline=DEADLINE):
    """Datagrams by Type until want(counts) holds or deadline passes."""
    got = got if got is not None else {}
    end = time.time() + deadline
    while not want({k: len(v) for k, v in got.items()}) and time.time() < end:
        u.settimeout(max(0.01, end - time.time()))
        try:
            kv = parse_ifm(u.recv(65536))
        except socket.timeout:
            break
        got.setdefault(kv.get("Type"), []).append(kv)
    return got


def counts(got):
    return {k: len(v) for k, v in got.items()}


def feed_until(s, want, deadline=DEADLINE):
    """Feed messages of source command, by message type, until want(counts)
    holds or deadline passes."""
    got = {}
    end = time.time() + deadline
    while not want(counts(got)) and time.time() < end:
        if s.poll(int(max(10, (end - time.time()) * 1000))) == 0:
            break
        parts = s.recv_multipart()
        m = json.loads(parts[1])
        if m.get("source") == "command":
            got.setdefault(m["message"]["type"], []).append(m)
    return got


def rx_time(m):
    return datetime.datetime.strptime(m["rx"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def rate(msgs, interval_ms):
    """None when the repeats' rx times fit interval_ms, else why not."""
    t = [rx_time(m) for m in msgs]
    iv = interval_ms / 1000.0
    if len(t) < 3:
        return "only %d repeats" % len(t)
    gaps = sorted(b - a for a, b in zip(t, t[1:]))
    q1 = gaps[len(gaps) // 4]
    span = t[-1] - t[0]
    if span < (len(t) - 2) * iv - 0.002:
        return "%d repeats in %.3f s: faster than every %d ms" % (len(t), span, interval_ms)
    if q1 > 1.5 * iv:
        return "a quarter of the gaps is %.0f ms or more for an interval of %d ms (gaps %s)" % (
            q1 * 1000, interval_ms, ["%.0f" % (g * 1000) for g in gaps])
    return None


def wait_log(r, text, timeout=DEADLINE):
    end = time.time() + timeout
    while text not in r.logtext() and time.time() < end and r.proc.poll() is None:
        time.sleep(0.05)
    return text in r.logtext()


def entry_sent(lst, id_):
    return [e.get("sent") for e in (lst or {}).get("entries", []) if e["id"] == id_][:1] or [None]


spat = sample("spat.json")
mapd = sample("map.json")
tim_hex = encode_hex(sample("tim.json"))

for pfx, binary in variants():
    n = pfx + "rsud_commands"
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    r = Rsud(binary, {"tx.udp": "127.0.0.1:%d" % u.getsockname()[1]})
    if not r.start():
        FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
        continue
    s = subscriber(r.feed)
    if r.wait_subscriptions(1) is None:
        FAIL(n, "the feed subscription never reached rsud")

    # malformed commands
    bad = ["{", "[1,2]", '{"cmd": 5}', '{"cmd":"fly"}', '{"cmd":"broadcast"}',
           '{"cmd":"broadcast","hex":"xyz"}', '{"cmd":"broadcast","hex":"0013"}',
           '{"cmd":"broadcast","message":{"messageId":19,"value":{"bogus":1}}}',
           '{"cmd":"broadcast","type":"NoSuchType","message":{}}',
           '{"cmd":"store","hex":"%s"}' % tim_hex,
           '{"cmd":"store","hex":"%s","intervalMs":"often"}' % tim_hex,
           '{"cmd":"store","hex":"%s","intervalMs":100,"start":"yesterday"}' % tim_hex,
           '{"cmd":"delete"}', '{"cmd":"delete","id":"nope"}', b"\xff\xfe", "",
           # a MessageFrame given as a bare MapData: decodes, with bytes left over
           '{"cmd":"broadcast","type":"MapData","hex":"%s"}' % encode_hex(sample("map.json"))]
    replies = [r.cmd(b) for b in bad]
    ok = all(x is not None and x.get("ok") is False and isinstance(x.get("error"), str) and x["error"]
             for x in replies)
    check(n + "_malformed", ok, "replies: %s" % [x for x in replies if not (x and x.get("ok") is False)])

    # broadcast: JSON and hex (sent before the reply: the datagram is
    # already in our socket when the reply comes)
    x = r.cmd({"cmd": "broadcast", "message": spat})
    got = collect_until(u, lambda c: c, deadline=5)
    check(n + "_broadcast_json", x and x["ok"] and x["psid"] == 0x82 and "SPAT" in got and
          got["SPAT"][0]["PSID"] == "0x8002" and got["SPAT"][0]["Payload"].lower() == encode_hex(spat),
          "reply %s, received %s" % (x, got))
    x = r.cmd({"cmd": "broadcast", "hex": tim_hex, "channel": 180})
    got = collect_until(u, lambda c: c, deadline=5)
    check(n + "_broadcast_hex", x and x["ok"] and "TIM" in got and got["TIM"][0]["PSID"] == "0x8003" and
          got["TIM"][0]["TxChannel"] == "180", "reply %s, received %s" % (x, got))
    fb = feed_until(s, lambda c: sum(c.values()) >= 2, deadline=10)
    check(n + "_broadcast_feed", counts(fb) == {"SPAT": 1, "TravelerInformation": 1},
          "feed copies of the two broadcasts: %s" % counts(fb))

    # a repeat with a stop: sent until it expires, then every count agrees
    stop = int(time.time()) + 3
    e = r.cmd({"cmd": "store", "id": "e1", "message": spat, "intervalMs": 100, "stop": stop})
    early = collect_until(u, lambda c: c.get("SPAT", 0) >= 3)
    lst = r.cmd({"cmd": "list"})
    listed = entry_sent(lst, "e1")[0]
    st = r.wait_status(lambda st: st["store"]["expired"] >= 1)
    sent = st and st["store"]["expired"] >= 1 and st["store"]["sent"]
    rest = collect(u, 0.3)
    udp_n = len(early.get("SPAT", [])) + len(rest.get("SPAT", []))
    fe = feed_until(s, lambda c: c.get("SPAT", 0) >= (sent or 1), deadline=10)
    fe_n = len(fe.get("SPAT", []))
    check(n + "_repeat_counted", e and e["ok"] and sent and sent == udp_n == fe_n and
          set(counts(early)) | set(counts(rest)) == {"SPAT"} and listed is not None and
          len(early.get("SPAT", [])) <= listed <= sent,
          "store %s; expired with store.sent %s, received %d datagrams and %d feed repeats; "
          "list said sent %s after %d had arrived; other types %s" %
          (e, sent, udp_n, fe_n, listed, len(early.get("SPAT", [])), counts(rest)))
    why = rate(fe.get("SPAT", []), 100)
    check(n + "_repeat_rate", why is None, "e1 every 100 ms: %s" % why)

    # store-and-repeat without a stop, and one not started yet
    a = r.cmd({"cmd": "store", "id": "spat1", "message": spat, "intervalMs": 100})
    b = r.cmd({"cmd": "store", "message": mapd, "intervalMs": 200})
    c = r.cmd({"cmd": "store", "hex": tim_hex, "intervalMs": 100,
               "start": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))})
    check(n + "_store", all(x and x["ok"] for x in (a, b, c)), "replies %s %s %s" % (a, b, c))
    got = collect_until(u, lambda c: c.get("SPAT", 0) >= 20 and c.get("MAP", 0) >= 10)
    fr = feed_until(s, lambda c: c.get("SPAT", 0) >= 20 and c.get("MapData", 0) >= 10)
    lst = r.cmd({"cmd": "list"})
    st = r.cmd({"cmd": "status"})
    cnt = counts(got)
    ids = sorted(e["id"] for e in lst["entries"]) if lst else []
    map_id = b and b.get("id")
    s_sent, m_sent = entry_sent(lst, "spat1")[0], entry_sent(lst, map_id)[0]
    check(n + "_repeat", cnt.get("SPAT", 0) >= 20 and cnt.get("MAP", 0) >= 10 and "TIM" not in cnt and
          s_sent is not None and m_sent is not None and
          s_sent >= cnt["SPAT"] and m_sent >= cnt["MAP"] and
          st and st["store"]["sent"] >= sent + s_sent + m_sent,
          "received %s; list sent spat1 %s, map %s; store.sent %s (e1 %s)" %
          (cnt, s_sent, m_sent, st and st["store"]["sent"], sent))
    why = [w for w in (rate(fr.get("SPAT", []), 100), rate(fr.get("MapData", []), 200)) if w]
    check(n + "_repeat_rates", not why, "SPAT every 100 ms, MAP every 200 ms: %s" % why)
    check(n + "_list", len(ids) == 3 and "spat1" in ids and
          [e["state"] for e in lst["entries"] if e["type"] == "TravelerInformation"] == ["waiting"],
          "list %s" % lst)
    s.close()

    # kill -9 (stop() waits until it is gone: what it sent is in our
    # socket), restart: every entry is still there and transmission resumes
    r.stop(signal.SIGKILL)
    collect(u, 0.3)
    quiet = collect(u, 0.3)
    r2 = Rsud(binary, dict(r.conf), keep_dir=r.dir)
    r2.conf = dict(r.conf)
    r2.start()
    lst2 = r2.cmd({"cmd": "list"})
    ids2 = sorted(e["id"] for e in lst2["entries"]) if lst2 else []
    got = collect_until(u, lambda c: c.get("SPAT", 0) >= 7 and c.get("MAP", 0) >= 3)
    cnt = counts(got)
    check(n + "_kill9_kept", ids2 == ids and not quiet, "before %s, after %s; after the kill %s" %
          (ids, ids2, counts(quiet)))
    check(n + "_kill9_resumes", cnt.get("SPAT", 0) >= 7 and cnt.get("MAP", 0) >= 3 and "TIM" not in cnt,
          "after restart, in %d s: %s" % (DEADLINE, cnt))

    # delete, SIGHUP keeps the table, kill -9 again
    d1 = r2.cmd({"cmd": "delete", "id": "spat1"})
    d2 = r2.cmd({"cmd": "delete", "id": "spat1"})
    check(n + "_delete", d1 and d1["ok"] and d1["entries"] == 2 and d2 and not d2["ok"], "%s %s" % (d1, d2))
    r2.conf["feed.hwm"] = "77"          # needs a restart: kept, and said
    r2.conf["tx.channel"] = "176"       # applied
    r2.write_conf()
    r2.proc.send_signal(signal.SIGHUP)
    reloaded = wait_log(r2, "reloaded;")
    lst3 = r2.cmd({"cmd": "list"})
    x = r2.cmd({"cmd": "broadcast", "message": spat})
    check(n + "_sighup", reloaded and r2.proc.poll() is None and lst3 and len(lst3["entries"]) == 2 and
          "feed.hwm changed: needs a restart" in r2.logtext() and
          x and x["channel"] == 176, "after SIGHUP: %s, %s" % (lst3, x))
    with open(os.path.join(r2.dir, "rsud.conf"), "a") as f:
        f.write("no.such.key = 1\n")
    r2.proc.send_signal(signal.SIGHUP)
    kept = wait_log(r2, "keeping the old one")
    check(n + "_sighup_bad_config", kept and r2.proc.poll() is None and r2.cmd({"cmd": "status"}) is not None and
          "unknown key 'no.such.key'" in r2.logtext(),
          "rsud after a bad reload: %s" % r2.logtext()[-300:])
    r2.stop(signal.SIGKILL)
    r3 = Rsud(binary, dict(r.conf), keep_dir=r.dir)
    r3.conf = dict(r.conf)
    r3.start()
    lst4 = r3.cmd({"cmd": "list"})
    check(n + "_delete_persisted", lst4 and sorted(e["id"] for e in lst4["entries"]) ==
          sorted(i for i in ids if i != "spat1"), "after delete and kill -9: %s" % lst4)
    st = r3.cmd({"cmd": "status"})
    check(n + "_status", st and st["ok"] and st["queues"]["storeEntries"] == 2 and "clock" in st and
          "uptime" in st, "status %s" % st)
    check(n + "_sigterm", r3.stop() == 0, "exit status not 0")
    u.close()
finish()
