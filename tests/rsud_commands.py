#!/usr/bin/env python3
"""rsud commands (ROUTER socket): broadcast (JSON and hex, sent to a UDP
socket of the test as immediate forward text), store-and-repeat entries
transmitted at their interval, surviving kill -9 (the state file) and
SIGHUP, list and delete; malformed commands get {"ok": false, "error"}."""
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_commands"])


def collect(u, seconds):
    """Immediate forward datagrams received for a while, by Type."""
    out = {}
    end = time.time() + seconds
    while time.time() < end:
        u.settimeout(max(0.01, end - time.time()))
        try:
            d = u.recv(65536).decode()
        except socket.timeout:
            break
        kv = dict(l.split("=", 1) for l in d.splitlines() if "=" in l)
        out.setdefault(kv.get("Type"), []).append(kv)
    return out


spat = sample("spat.json")
mapd = sample("map.json")
tim_hex = encode_hex(sample("tim.json"))

for pfx, binary in variants():
    n = pfx + "rsud_commands"
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    r = Rsud(binary, {"tx.udp": "127.0.0.1:%d" % u.getsockname()[1]})
    if not r.start():
        FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
        continue

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

    # broadcast: JSON and hex
    x = r.cmd({"cmd": "broadcast", "message": spat})
    got = collect(u, 0.5)
    check(n + "_broadcast_json", x and x["ok"] and x["psid"] == 0x82 and "SPAT" in got and
          got["SPAT"][0]["PSID"] == "0x8002" and got["SPAT"][0]["Payload"].lower() == encode_hex(spat),
          "reply %s, received %s" % (x, got))
    x = r.cmd({"cmd": "broadcast", "hex": tim_hex, "channel": 180})
    got = collect(u, 0.5)
    check(n + "_broadcast_hex", x and x["ok"] and "TIM" in got and got["TIM"][0]["PSID"] == "0x8003" and
          got["TIM"][0]["TxChannel"] == "180", "reply %s, received %s" % (x, got))

    # store-and-repeat
    a = r.cmd({"cmd": "store", "id": "spat1", "message": spat, "intervalMs": 100})
    b = r.cmd({"cmd": "store", "message": mapd, "intervalMs": 200})
    c = r.cmd({"cmd": "store", "hex": tim_hex, "intervalMs": 100,
               "start": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))})
    check(n + "_store", all(x and x["ok"] for x in (a, b, c)), "replies %s %s %s" % (a, b, c))
    got = collect(u, 1.0)
    cnt = {k: len(v) for k, v in got.items()}
    check(n + "_repeat", 7 <= cnt.get("SPAT", 0) <= 13 and 3 <= cnt.get("MAP", 0) <= 7 and "TIM" not in cnt,
          "in 1 s: %s" % cnt)
    lst = r.cmd({"cmd": "list"})
    ids = sorted(e["id"] for e in lst["entries"]) if lst else []
    check(n + "_list", len(ids) == 3 and "spat1" in ids and
          [e["state"] for e in lst["entries"] if e["type"] == "TravelerInformation"] == ["waiting"],
          "list %s" % lst)

    # kill -9, restart: every entry is still there and transmission resumes
    r.stop(signal.SIGKILL)
    collect(u, 0.3)
    quiet = collect(u, 0.3)
    r2 = Rsud(binary, dict(r.conf), keep_dir=r.dir)
    r2.conf = dict(r.conf)
    r2.start()
    lst2 = r2.cmd({"cmd": "list"})
    ids2 = sorted(e["id"] for e in lst2["entries"]) if lst2 else []
    got = collect(u, 1.0)
    cnt = {k: len(v) for k, v in got.items()}
    check(n + "_kill9_kept", ids2 == ids and not quiet, "before %s, after %s" % (ids, ids2))
    check(n + "_kill9_resumes", cnt.get("SPAT", 0) >= 7 and cnt.get("MAP", 0) >= 3, "after restart: %s" % cnt)

    # delete, SIGHUP keeps the table, kill -9 again
    d1 = r2.cmd({"cmd": "delete", "id": "spat1"})
    d2 = r2.cmd({"cmd": "delete", "id": "spat1"})
    check(n + "_delete", d1 and d1["ok"] and d1["entries"] == 2 and d2 and not d2["ok"], "%s %s" % (d1, d2))
    r2.conf["feed.hwm"] = "77"          # needs a restart: kept, and said
    r2.conf["tx.channel"] = "176"       # applied
    r2.write_conf()
    r2.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    lst3 = r2.cmd({"cmd": "list"})
    x = r2.cmd({"cmd": "broadcast", "message": spat})
    check(n + "_sighup", r2.proc.poll() is None and lst3 and len(lst3["entries"]) == 2 and
          "reloaded" in r2.logtext() and "feed.hwm changed: needs a restart" in r2.logtext() and
          x and x["channel"] == 176, "after SIGHUP: %s, %s" % (lst3, x))
    with open(os.path.join(r2.dir, "rsud.conf"), "a") as f:
        f.write("no.such.key = 1\n")
    r2.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    check(n + "_sighup_bad_config", r2.proc.poll() is None and r2.cmd({"cmd": "status"}) is not None and
          "unknown key 'no.such.key'" in r2.logtext() and "keeping the old one" in r2.logtext(),
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
