#!/usr/bin/env python3
"""rsud live, in a network namespace the test creates with a veth pair
(va, vb): rsud captures on va (libpcap, immediate mode, BPF filter), frames
injected on vb with a raw socket (WSMP frames built from our encoder's
output, GeoNetworking frames from the ms-van3t capture, and traffic the
filter must drop) come out of the feed decoded; a "broadcast" command makes
rsud transmit on va, and tcpdump on vb sees a frame that tshark dissects.
Needs root and ip netns; says SKIP otherwise."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "rsud"))
from harness import *  # noqa: E402,F403
import pcapng  # noqa: E402

NAMES = ["rsud_live"]
need_zmq(NAMES)
if os.geteuid() != 0:
    SKIP("rsud_live", "needs root (network namespace, raw sockets)")
    sys.exit(0)
if shutil.which("ip") is None or subprocess.run(["ip", "netns", "list"], capture_output=True).returncode:
    SKIP("rsud_live", "ip netns unavailable")
    sys.exit(0)

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


err = setup()
if err:
    SKIP("rsud_live", "cannot create the namespace: %s" % err)
    sh("ip", "netns", "del", NS)
    sys.exit(0)

try:
    for pfx, binary in variants():
        n = pfx + "rsud_live"
        d = tempfile.mkdtemp(prefix="rsud-live-")
        r = Rsud(binary, {"feed.endpoint": "ipc://%s/feed" % d, "control.endpoint": "ipc://%s/ctl" % d,
                          "udp.listen": "", "input.interface": "va", "tx.interface": "va"},
                 keep_dir=d, ns=NS)
        if not r.start(wait=0.5):
            FAIL(n, "rsud did not start: %s" % r.logtext()[-400:])
            continue
        s = subscriber(r.feed)
        time.sleep(0.3)
        src = mac("vb")
        spat = encode_hex(sample("spat.json"))
        bsm = encode_hex(sample("bsm.json"))
        frames = [wsmp_frame(src, b"\x80\x02", spat), wsmp_frame(src, b"\x20", bsm)] * 5
        trace = os.path.join(VECTORS, "ms-van3t", "sample_trace.pcapng")
        gn = pcapng.frames(trace)[:10] if os.path.exists(trace) else []
        other = [b"\xff" * 6 + src + b"\x08\x00" + b"\x45" + b"\x00" * 40] * 3   # IPv4: filtered out
        inj = sh("ip", "netns", "exec", NS, sys.executable, "-c", INJECT,
                 input="\n".join(f.hex() for f in frames + gn + other) + "\n")
        msgs = receive(s, idle=1.5)
        topics = [m[0] for m in msgs]
        want = len(frames) + len(gn)
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
        time.sleep(0.2)
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
        time.sleep(1.0)
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
        msgs = receive(s, idle=0.5)
        check(n + "_no_echo", all(m[1]["source"] == "command" for m in msgs),
              "feed after broadcast: %s" % [(m[0], m[1]["source"]) for m in msgs])
        s.close()
        check(n + "_sigterm", r.stop() == 0, "exit status not 0")

        # tx.link radiotap: radiotap + 802.11 OCB + LLC/SNAP frames (for a
        # monitor-mode radio); the veth carries the bytes as they are, and a
        # capture of them relabelled as link type 127 decodes
        r = Rsud(binary, {"feed.endpoint": "ipc://%s/feed2" % d, "control.endpoint": "ipc://%s/ctl2" % d,
                          "udp.listen": "", "tx.interface": "va", "tx.link": "radiotap", "tx.channel": "178"},
                 keep_dir=d, ns=NS)
        r.start(wait=0.5)
        capf = os.path.join(d, "rt.pcap")
        td = subprocess.Popen(["ip", "netns", "exec", NS, "tcpdump", "-i", "vb", "-U", "-w", capf],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        td.stderr.readline()
        time.sleep(0.2)
        x = r.cmd({"cmd": "broadcast", "message": sample("spat.json")})
        time.sleep(1.0)
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
        msgs = [m for m in receive(s2, idle=1.5) if m[0] == "v2x/j2735/SPAT/t1"]
        s2.close()
        r2.stop()
        layers = [l["layer"] for l in msgs[0][1]["layers"]] if msgs else []
        t = sh("tshark", "-r", rt, "-V") if shutil.which("tshark") else None
        check(n + "_radiotap", x and x["ok"] and len(msgs) == 1 and layers[:2] == ["radiotap", "ieee80211"] and
              "wsmp" in layers and (t is None or "wave short message protocol" in t.stdout.lower()),
              "reply %s, layers %s" % (x, layers))
finally:
    sh("ip", "netns", "del", NS)
finish()
