#!/usr/bin/env python3
"""rsud under bad input: random and malformed UDP datagrams at a high rate
are counted by reason (status command), rsud keeps running and keeps
forwarding the good datagrams sent among them."""
import os
import random
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403

need_zmq(["rsud_badinput"])

spat = encode_hex(sample("spat.json"))
good = ifm("SPAT", 0x82, spat)
rng = random.Random(1234)


def malformed(i):
    k = i % 8
    if k == 0:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300)))
    if k == 1:
        return good[: rng.randint(1, len(good) - 1)]              # truncated text
    if k == 2:
        return good.replace(b"Version=0.7", b"Version=9.9")        # bad version
    if k == 3:
        return good.replace(b"Payload=00", b"Payload=0Z")          # bad hex
    if k == 4:
        return bytes.fromhex(spat)[:5]                              # truncated UPER
    if k == 5:
        return bytes.fromhex("03" + "81" * 20)                      # 1609.2 garbage
    if k == 6:
        return bytes.fromhex("1200500a" + "00" * 10)                # GN truncated
    return bytes.fromhex("0b8000")                                  # WSMP-ish junk


CHUNK = 200     # datagrams sent as fast as this host goes, then wait for rsud to take them


def counts(st):
    c = st["counters"]
    return c["rx"]["udp"], c.get("rxDropped", {}).get("udp", 0)


for pfx, binary in variants():
    n = pfx + "rsud_badinput"
    r = Rsud(binary, {"udp.rcvbuf": "8388608", "feed.hwm": "100000"})
    if not r.start():
        FAIL(n, "rsud did not start: %s" % r.logtext()[-300:])
        continue
    s = subscriber(r.feed, hwm=0)     # reads at the end: no limit
    r.wait_subscriptions(1)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dst = ("127.0.0.1", r.udp_port)
    bad_sent = good_sent = 0
    stalled = None
    t0 = time.time()
    # Flow control by count, not by clock: after each chunk, until rsud has
    # taken every datagram sent so far (received or counted as dropped by
    # the kernel), so a slow rsud (ASan, a loaded host) is waited for and
    # a fast one is not slowed down; a chunk is far below the buffer.
    for i in range(20000):
        u.sendto(malformed(i), dst)
        bad_sent += 1
        if i % 100 == 0:
            u.sendto(good, dst)
            good_sent += 1
        if i % CHUNK == CHUNK - 1 or i == 19999:
            sent = bad_sent + good_sent
            st = r.wait_status(lambda st: sum(counts(st)) >= sent)
            if st is None or sum(counts(st)) < sent:
                stalled = "rsud took %s of %d datagrams" % (st and counts(st), sent)
                break
    rate = (bad_sent + good_sent) / (time.time() - t0)
    st = r.cmd({"cmd": "status"})
    alive = r.proc.poll() is None
    check(n + "_alive", alive and st is not None and st.get("ok") and not stalled,
          "rsud died or no status reply; %s" % stalled)
    # every published message is read: as many as rsud says it published
    published = st["counters"]["published"]["udp"] if st else 0
    msgs = receive(s, idle=30.0, limit=published)
    spats = [m for m in msgs if m[0] == "v2x/j2735/SPAT/t1" and m[2] == good]
    dropped = counts(st)[1] if st else -1
    check(n + "_good_forwarded", len(spats) == good_sent and dropped == 0,
          "%d of %d good datagrams published, %d of %d messages read, %d dropped by the kernel "
          "(%.0f datagrams/s)" % (len(spats), good_sent, len(msgs), published, dropped, rate))
    if st:
        c = st["counters"]
        reasons = c["reasons"]["udp"]
        counted = sum(reasons.values()) + c["notV2x"]["udp"] + c["published"]["udp"]
        check(n + "_counted", c["rx"]["udp"] + dropped == bad_sent + good_sent and counted == c["rx"]["udp"],
              "rx %s + rxDropped %d, sent %d, counted %d: %s" % (c["rx"]["udp"], dropped, bad_sent + good_sent,
                                                                 counted, reasons))
        check(n + "_reasons", len(reasons) >= 3 and "UNKNOWN_VERSION" in reasons,
              "reasons %s" % reasons)
        print("# %.0f datagrams/s; reasons %s; feedDropped %s" % (rate, reasons, st["queues"]["feedDropped"]))
    s.close()
    check(n + "_sigterm", r.stop() == 0, "exit status not 0")
finish()
