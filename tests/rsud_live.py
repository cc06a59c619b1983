#!/usr/bin/env python3
"""rsud live.

In a network namespace the test creates with a veth pair (va, vb): rsud
captures on va (libpcap, immediate mode, BPF filter), frames injected on vb
with a raw socket (WSMP frames built from our encoder's output,
GeoNetworking frames from the ms-van3t capture, and traffic the filter must
drop) come out of the feed decoded; a "broadcast" command makes rsud
transmit on va, and tcpdump on vb sees a frame that tshark dissects.

Without a namespace (where ip netns is refused, as in a chroot; or with
RSUD_LIVE_NO_NETNS=1): every namespace check prints its own SKIP line with
the reason, and what needs no namespace still runs:
- lo: rsud captures on the loopback interface with input.filter "udp dst
  port P"; UPER MessageFrames sent as UDP datagrams to 127.0.0.1:P come out
  of the feed (Ethernet, IPv4, UDP layers, source radio), datagrams to
  another port are filtered out and not counted;
- tx: rsud's pcap_inject transmit on a dummy interface the test makes (a
  veth pair when the kernel has no dummy driver), seen by tcpdump on it.
A pcap_inject into a file-backed handle is not possible: libpcap's
pcap_open_dead() handles refuse pcap_inject ("Packets can't be sent on
pcap_open_dead pcap_t's"), and tx.interface names an interface; the file
side of transmit is the "feed" copy of each broadcast (rsud_commands.py).
All of this needs root (CAP_NET_RAW, CAP_NET_ADMIN): SKIP lines otherwise.

No fixed sleeps (issue 22): rsud is ready when it answers a status
(Rsud.start), a subscriber when rsud holds its subscription
(wait_subscriptions), tcpdump when it says "listening on"; the feed is read
until the expected count (frames the filter must drop are injected first,
datagrams it must drop are followed by a fence datagram it keeps, so once
the count is in, they were seen), a capture file until it holds the frames
sent; only "nothing more" checks wait a short idle, after that."""
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

NS_CHECKS = ["capture", "decoded", "filtered", "broadcast_reply", "broadcast_on_wire",
             "broadcast_etsi", "tshark", "no_echo", "sigterm", "radiotap"]
LO_CHECKS = ["lo_capture", "lo_layers", "lo_filtered"]
TX_CHECKS = ["tx_inject_reply", "tx_inject_on_wire"]
need_zmq(["rsud_live"])


def skip_all(names, why):
    for pfx, _ in variants():
        for c in names:
            SKIP(pfx + "rsud_live_" + c, why)


NS = "rsudtest%d" % os.getpid()
INJECT = r'''
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("vb", 0))
for line in sys.stdin:
    if line.strip():
        s.send(bytes.fromhex(line.strip()))
'''


def sh(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def setup():
    sh("ip", "netns", "del", NS)
    for cmd in (["ip", "netns", "add", NS],
                ["ip", "netns", "exec", NS, "ip", "link", "add", "va", "type", "veth", "peer", "name", "vb"],
                ["ip", "netns", "exec", NS, "ip", "link", "set", "va", "up"],
                ["ip", "netns", "exec", NS, "ip", "link", "set", "vb", "up"],
                ["ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up"]):
        p = sh(*cmd)
        if p.returncode != 0:
            return "%s: %s" % (" ".join(cmd), p.stderr.strip())
    return None


def mac(ifname):
    p = sh("ip", "netns", "exec", NS, "cat", "/sys/class/net/%s/address" % ifname)
    return bytes.fromhex(p.stdout.strip().replace(":", ""))


def wsmp_frame(src, psid_enc, uper_hex):
    payload = bytes.fromhex(uper_hex)
    assert len(payload) < 128
    wsmp = bytes([0x03, 0x00]) + psid_enc + bytes([len(payload)]) + payload
    return b"\xff" * 6 + src + b"\x88\xdc" + wsmp


def ns_suite():
    if os.environ.get("RSUD_LIVE_NO_NETNS"):
        skip_all(NS_CHECKS, "RSUD_LIVE_NO_NETNS is set: no network namespace")
        return
    if shutil.which("ip") is None or sh("ip", "netns", "list").returncode:
        skip_all(NS_CHECKS, "ip netns unavailable")
        return
    err = setup()
    if err:
        skip_all(NS_CHECKS, "cannot create the namespace: %s" % err)
        sh("ip", "netns", "del", NS)
        return
    try:
        for pfx, binary in variants():
            n = pfx + "rsud_live"
            d = tempfile.mkdtemp(prefix="rsud-live-")
            r = Rsud(binary, {"feed.endpoint": "ipc://%s/feed" % d, "control.endpoint": "ipc://%s/ctl" % d,
                              "udp.listen": "", "input.interface": "va", "tx.interface": "va"},
                     keep_dir=d, ns=NS)
            if not r.start():
                FAIL(n, "rsud did not start: %s" % r.logtext()[-400:])
                continue
            s = subscriber(r.feed)
            if r.wait_subscriptions(1) is None:
                FAIL(n + "_subscribed", "the feed subscription never reached rsud")
            src = mac("vb")
            spat = encode_hex(sample("spat.json"))
            bsm = encode_hex(sample("bsm.json"))
            frames = [wsmp_frame(src, b"\x80\x02", spat), wsmp_frame(src, b"\x20", bsm)] * 5
            trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
            gn = pcapng.frames(trace)[:10] if os.path.exists(trace) else []
            other = [b"\xff" * 6 + src + b"\x08\x00" + b"\x45" + b"\x00" * 40] * 3   # IPv4: filtered out
            inj = sh("ip", "netns", "exec", NS, sys.executable, "-c", INJECT,
                     input="\n".join(f.hex() for f in other + frames + gn) + "\n")
            want = len(frames) + len(gn)
            msgs = receive(s, idle=READY_TIMEOUT, limit=want)
            msgs += receive(s, idle=0.3)       # and nothing more
            topics = [m[0] for m in msgs]
            check(n + "_capture", inj.returncode == 0 and len(msgs) == want and
                  topics.count("v2x/j2735/SPAT/t1") == 5 and topics.count("v2x/j2735/BasicSafetyMessage/t1") == 5 and
                  all(m[1]["source"] == "radio" for m in msgs),
                  "injected %d V2X frames (%s), received %d: %s" % (want, inj.stderr.strip()[:200], len(msgs),
                                                                   sorted(set(topics))))
            ok = all(m[2] in frames + gn for m in msgs) and \
                all(m[1]["layers"][0]["layer"] == "ethernet" for m in msgs)
            check(n + "_decoded", ok and any(m[1]["message"].get("value", {}).get("messageId") == 19 for m in msgs),
                  "raw bytes or layers differ")
            st = r.cmd({"cmd": "status"})
            check(n + "_filtered", st and st["counters"]["rx"]["radio"] == want,
                  "radio rx %s, expected %d (IPv4 frames must be filtered)" % (st and st["counters"]["rx"], want))

            # broadcast on va, seen on vb
            capf = os.path.join(d, "tx.pcap")
            td = subprocess.Popen(["ip", "netns", "exec", NS, "tcpdump", "-i", "vb", "-U", "-w", capf,
                                   "ether proto 0x88dc or ether proto 0x8947"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            td.stderr.readline()      # "listening on vb": tcpdump is ready
            x = r.cmd({"cmd": "broadcast", "message": sample("spat.json")})
            y = r.cmd({"cmd": "broadcast", "message": sample("tim.json")})
            # ETSI: a CAM of the ms-van3t capture (after Ethernet, GN SHB, BTP-B)
            # as single-hop broadcast, and as GeoBroadcast
            cams = [f[58:] for f in gn if f[12:14] == b"\x89\x47" and f[54:56] == b"\x07\xd1"]
            etsi = []
            if cams:
                etsi.append(r.cmd({"cmd": "broadcast", "family": "etsi", "hex": cams[0].hex()}))
                etsi.append(r.cmd({"cmd": "broadcast", "family": "etsi", "hex": cams[0].hex(),
                                   "area": {"lat": 45.01, "lon": 7.56, "radius": 500}}))
            wait_frames(capf, 2 + len(etsi))
            td.terminate()
            td.wait()
            check(n + "_broadcast_reply", x and x["ok"] and x["outputs"] == 1 and y and y["ok"], "replies %s %s" % (x, y))
            got = pcapng.frames(capf) if os.path.exists(capf) else []
            check(n + "_broadcast_on_wire", len(got) == 2 + len(etsi) and got[0][12:14] == b"\x88\xdc" and
                  got[0].endswith(bytes.fromhex(spat)), "captured %d frames" % len(got))
            if cams:
                check(n + "_broadcast_etsi", all(e and e["ok"] and e["btpPort"] == 2001 and e["psid"] == 36
                                                 for e in etsi) and
                      [e["gn"] for e in etsi] == ["tsb-shb", "gbc-circle"] and
                      all(f[12:14] == b"\x89\x47" and f.endswith(cams[0]) for f in got[2:]),
                      "replies %s" % etsi)
            else:
                SKIP(n + "_broadcast_etsi", "no CAM (ms-van3t capture absent)")
            if shutil.which("tshark"):
                t = sh("tshark", "-r", capf, "-V")
                check(n + "_tshark", "wave short message protocol" in t.stdout.lower() and
                      "psid-intersection-safety-and-awareness(130)" in t.stdout and
                      "psid-traveller-information-and-roadside-signage(131)" in t.stdout and
                      (not cams or ("eth:ethertype:gnw:btpb:its" in t.stdout and
                                    "geobroadcast packet" in t.stdout.lower() and
                                    "single-hop broadcast (shb)" in t.stdout.lower())),
                      "tshark: %s" % (t.stdout[-600:] + t.stderr[-200:]))
            else:
                SKIP(n + "_tshark", "tshark not installed")
            # own transmissions are not captured back (direction in only)
            msgs = receive(s, idle=READY_TIMEOUT, limit=2 + len(etsi))
            msgs += receive(s, idle=0.5)       # and nothing more
            check(n + "_no_echo", len(msgs) == 2 + len(etsi) and all(m[1]["source"] == "command" for m in msgs),
                  "feed after broadcast: %s" % [(m[0], m[1]["source"]) for m in msgs])
            s.close()
            check(n + "_sigterm", r.stop() == 0, "exit status not 0")

            # tx.link radiotap: radiotap + 802.11 OCB + LLC/SNAP frames (for a
            # monitor-mode radio); the veth carries the bytes as they are, and a
            # capture of them relabelled as link type 127 decodes
            r = Rsud(binary, {"feed.endpoint": "ipc://%s/feed2" % d, "control.endpoint": "ipc://%s/ctl2" % d,
                              "udp.listen": "", "tx.interface": "va", "tx.link": "radiotap", "tx.channel": "178"},
                     keep_dir=d, ns=NS)
            r.start()
            capf = os.path.join(d, "rt.pcap")
            td = subprocess.Popen(["ip", "netns", "exec", NS, "tcpdump", "-i", "vb", "-U", "-w", capf],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            td.stderr.readline()
            x = r.cmd({"cmd": "broadcast", "message": sample("spat.json")})
            wait_frames(capf, 1)
            td.terminate()
            td.wait()
            r.stop()
            raw = open(capf, "rb").read()
            rt = os.path.join(d, "rt127.pcap")
            open(rt, "wb").write(raw[:20] + (127).to_bytes(4, "little" if raw[:4] == b"\xd4\xc3\xb2\xa1" else "big")
                                 + raw[24:])
            r2 = Rsud(binary, {"input.file": rt, "input.file_wait": "yes", "udp.listen": ""})
            r2.start()
            s2 = subscriber(r2.feed)
            # the whole file read (input.file_wait: after our subscription)
            nfr = len(pcapng.frames(rt))
            st = r2.wait_status(lambda st: st["counters"]["rx"]["file"] >= nfr)
            pub = st["counters"]["published"]["file"] if st else 0
            allm = receive(s2, idle=READY_TIMEOUT, limit=pub) + receive(s2, idle=0.3)
            msgs = [m for m in allm if m[0] == "v2x/j2735/SPAT/t1"]
            s2.close()
            r2.stop()
            layers = [l["layer"] for l in msgs[0][1]["layers"]] if msgs else []
            t = sh("tshark", "-r", rt, "-V") if shutil.which("tshark") else None
            check(n + "_radiotap", x and x["ok"] and len(msgs) == 1 and layers[:2] == ["radiotap", "ieee80211"] and
                  "wsmp" in layers and (t is None or "wave short message protocol" in t.stdout.lower()),
                  "reply %s, layers %s" % (x, layers))
    finally:
        sh("ip", "netns", "del", NS)


def wait_frames(capf, want, timeout=READY_TIMEOUT):
    """Until tcpdump's file holds want frames; then a short idle for any
    more (the caller checks there are none)."""
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(capf) and os.path.getsize(capf) > 24 and len(pcapng.frames(capf)) >= want:
            break
        time.sleep(0.05)
    time.sleep(0.3)


def feed_ready(r, s, send, timeout=None):
    """Send probes until the subscriber (whose subscription rsud holds)
    receives one (the capture is up), then until rsud has captured every probe sent and the
    subscriber has every one it published: the status then, or None."""
    end = time.time() + (READY_TIMEOUT if timeout is None else timeout)
    sent = 0
    while time.time() < end:
        send()
        sent += 1
        if receive(s, idle=0.2, limit=1):
            st = r.wait_status(lambda st: st["counters"]["rx"]["radio"] >= sent)
            if not st or st["counters"]["rx"]["radio"] != sent:
                return None
            receive(s, idle=READY_TIMEOUT, limit=st["counters"]["published"]["radio"] - 1)
            return st
    return None


def lo_suite():
    """Capture on lo with a BPF filter: UDP datagrams to our port only."""
    keep = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # a sink: no ICMP
    keep.bind(("127.0.0.1", 0))
    port = keep.getsockname()[1]
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind(("127.0.0.1", 0))
    oport = other.getsockname()[1]
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    spat = bytes.fromhex(encode_hex(sample("spat.json")))
    bsm = bytes.fromhex(encode_hex(sample("bsm.json")))
    try:
        for pfx, binary in variants():
            n = pfx + "rsud_live_lo"
            r = Rsud(binary, {"udp.listen": "", "input.interface": "lo",
                              "input.filter": "udp dst port %d" % port})
            if not r.start():
                FAIL(n + "_capture", "rsud did not start: %s" % r.logtext()[-400:])
                continue
            s = subscriber(r.feed)
            if r.wait_subscriptions(1) is None:
                FAIL(n + "_subscribed", "the feed subscription never reached rsud")
            st0 = feed_ready(r, s, lambda: tx.sendto(bsm, ("127.0.0.1", port)))
            if not st0:
                FAIL(n + "_capture", "no probe came through (or more than were sent): %s" % r.logtext()[-300:])
                s.close()
                r.stop()
                continue
            for _ in range(5):
                tx.sendto(spat, ("127.0.0.1", port))
                tx.sendto(bsm, ("127.0.0.1", port))
                tx.sendto(spat, ("127.0.0.1", oport))     # filtered out
            tx.sendto(bsm, ("127.0.0.1", port))           # the fence: captured after all of them
            r0 = st0["counters"]["rx"]["radio"]
            st1 = r.wait_status(lambda st: st["counters"]["rx"]["radio"] >= r0 + 11)
            # bounded: a capture without the filter sees all of lo
            msgs = receive(s, idle=READY_TIMEOUT, limit=11)
            msgs += receive(s, idle=0.3, limit=100)
            fence = msgs[10:11]
            msgs = msgs[:10] + msgs[11:]
            topics = [m[0] for m in msgs]
            check(n + "_capture", len(msgs) == 10 and topics.count("v2x/j2735/SPAT/t1") == 5 and
                  topics.count("v2x/j2735/BasicSafetyMessage/t1") == 5 and
                  all(m[1]["source"] == "radio" for m in msgs),
                  "received %d of 10: %s" % (len(msgs), sorted(set(topics))))
            layers = [[l["layer"] for l in m[1]["layers"]][:3] for m in msgs]
            udp = [l for m in msgs for l in m[1]["layers"] if l["layer"] == "udp"]
            check(n + "_layers", msgs and all(x == ["ethernet", "ipv4", "udp"] for x in layers) and
                  len(udp) == len(msgs) and all(u.get("dstPort") == port for u in udp),
                  "layers %s, udp %s" % (layers[:2], udp[:1]))
            d = st1 and st1["counters"]["rx"]["radio"] - r0
            check(n + "_filtered", d == 11 and [m[0] for m in fence] == ["v2x/j2735/BasicSafetyMessage/t1"],
                  "radio rx grew by %s, expected 10 and the fence (datagrams to port %d must be filtered)" %
                  (d, oport))
            s.close()
            r.stop()
    finally:
        keep.close()
        other.close()
        tx.close()


def make_tx_iface():
    """A dummy interface of ours (a veth pair when there is no dummy
    driver): (name, cleanup command) or (None, why)."""
    name = "rsdl%d" % (os.getpid() % 100000)
    p = sh("ip", "link", "add", name, "type", "dummy")
    if p.returncode != 0:
        why = p.stderr.strip()
        p = sh("ip", "link", "add", name, "type", "veth", "peer", "name", name + "p")
        if p.returncode != 0:
            return None, "ip link add (dummy: %s; veth: %s)" % (why, p.stderr.strip())
        sh("ip", "link", "set", name + "p", "up")
    if sh("ip", "link", "set", name, "up").returncode != 0:
        sh("ip", "link", "del", name)
        return None, "ip link set up refused"
    return name, None


def tx_suite():
    ifname, why = make_tx_iface()
    if ifname is None:
        skip_all(TX_CHECKS, "cannot make an interface: %s" % why)
        return
    spat = encode_hex(sample("spat.json"))
    try:
        for pfx, binary in variants():
            n = pfx + "rsud_live_tx"
            r = Rsud(binary, {"udp.listen": "", "tx.interface": ifname})
            if not r.start():
                FAIL(n + "_inject_reply", "rsud did not start: %s" % r.logtext()[-400:])
                continue
            capf = os.path.join(r.dir, "tx.pcap")
            td = subprocess.Popen(["tcpdump", "-i", ifname, "-U", "-n", "-w", capf,
                                   "ether proto 0x88dc"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            td.stderr.readline()          # "listening on": ready
            x = r.cmd({"cmd": "broadcast", "message": sample("spat.json")})
            got = []
            end = time.time() + 5
            while time.time() < end and not got:
                time.sleep(0.1)
                got = pcapng.frames(capf) if os.path.getsize(capf) > 24 else []
            time.sleep(0.3)               # and nothing more
            td.terminate()
            td.wait()
            got = pcapng.frames(capf)
            r.stop()
            check(n + "_inject_reply", x and x["ok"] and x["outputs"] == 1, "reply %s" % x)
            check(n + "_inject_on_wire", len(got) == 1 and got[0][:6] == b"\xff" * 6 and
                  got[0][12:14] == b"\x88\xdc" and got[0].endswith(bytes.fromhex(spat)),
                  "captured %d frames on %s: %s" % (len(got), ifname, [f.hex()[:80] for f in got]))
    finally:
        sh("ip", "link", "del", ifname)


if os.geteuid() != 0:
    skip_all(NS_CHECKS + LO_CHECKS + TX_CHECKS, "needs root (capture, raw sockets, interfaces)")
    finish()
ns_suite()
lo_suite()
tx_suite()
finish()
