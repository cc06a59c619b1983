#!/usr/bin/env python3
"""wsmp_tshark.py: tshark as an oracle for our WSMP, 802.11, IP and UDP builders.

The frames come from our C builders: `build/tests/unit_wsmp --frames` prints
WSMP packets (wsmp_build) framed by link_build, as Ethernet II with EtherType
0x88DC and as 802.11 OCB QoS data with radiotap and LLC/SNAP (some with an
FCS).  This script only wraps them in pcap records, one file per link type,
runs tshark once per file, and compares what tshark dissects (PSID, channel,
data rate, transmit power, WSM length, radiotap frequency and rate, the OCB
wildcard BSSID, the FCS) with what was built.  `build/tests/unit_link
--frames` prints UDP datagrams (IPv4, IPv6 with an extension header) under
Ethernet, VLAN, raw IP, SLL, SLL2 and radiotap 802.11 from link_build: tshark
must find the ports, the UDP length and good IP and UDP checksums.  The
display filter `_ws.malformed || _ws.expert.severity >= warning` must match
no frame.

Environment: UNIT_WSMP (default build/tests/unit_wsmp), UNIT_LINK (default
build/tests/unit_link), TSHARK (default tshark on PATH).  SKIP when tshark is absent.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import REPO, Reporter  # noqa: E402

R = Reporter("wsmp_tshark ")


def pairs(items):
    """JSON object hook keeping repeated keys (tshark repeats them)."""
    d = {}
    for k, v in items:
        if k in d:
            if not isinstance(d[k], list) or not getattr(d[k], "_multi", False):
                m = _Multi([d[k]])
                d[k] = m
            d[k].append(v)
        else:
            d[k] = v
    return d


class _Multi(list):
    _multi = True


def first(v):
    return v[0] if isinstance(v, _Multi) else v


def write_pcap(path, dlt, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, dlt))
        for i, b in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(b), len(b)))
            f.write(b)


def opt(s):
    return None if s == "-" else int(s)


def load_frames():
    exe = os.environ.get("UNIT_WSMP", os.path.join(REPO, "build", "tests", "unit_wsmp"))
    if not os.path.exists(exe):
        R.fail("frames", "%s not built" % exe)
        return None
    p = subprocess.run([exe, "--frames"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if p.returncode != 0:
        R.fail("frames", "unit_wsmp --frames exited %d: %s" % (p.returncode, p.stderr[-300:]))
        return None
    out = []
    for line in p.stdout.decode().split("\n"):
        if not line.strip():
            continue
        f = line.split()
        out.append({
            "dlt": int(f[0]), "psid": int(f[1]), "channel": opt(f[2]), "rate": opt(f[3]),
            "power": opt(f[4]), "length": int(f[5]), "freq": opt(f[6]), "rtrate": opt(f[7]),
            "fcs": opt(f[8]), "bytes": bytes.fromhex(f[9]),
        })
    return out


def ies(wsmp):
    """{element id: data bytes} of the N-Header extensions tshark shows."""
    res = {}
    n = first(wsmp.get("WSMP-N-Header", {}))
    ext = n.get("WAVE Information Element Extension")
    if ext is None:
        return res
    for k, v in ext.items():
        for e in (v if isinstance(v, _Multi) else [v]):
            if isinstance(e, dict) and "wsmp.wave_ie" in e:
                res[int(first(e["wsmp.wave_ie"]))] = bytes.fromhex(
                    first(e.get("wsmp.wave_ie_data", "")).replace(":", ""))
    return res


def compare(i, want, layers):
    """Differences between a built frame and tshark's dissection."""
    bad = []
    w = layers.get("wsmp")
    if w is None:
        return ["no wsmp layer (protocols %s)" % layers.get("frame", {}).get("frame.protocols")]
    w = first(w)
    t = first(w.get("WSMP-T-Header", {}))
    psid = int(first(t.get("wsmp.psid", "-1")), 0)
    if psid != want["psid"]:
        bad.append("psid %d != %d" % (psid, want["psid"]))
    length = int(first(t.get("wsmp.wave_ie_len", "-1")))
    if length != want["length"]:
        bad.append("WSM length %d != %d" % (length, want["length"]))
    protos = first(first(layers.get("frame", {})).get("frame.protocols", ""))
    if want["psid"] in (0x20, 0x82) and not protos.endswith(":wsmp:ieee1609dot2"):
        bad.append("1609.2 payload not dissected: %s" % protos)
    e = ies(w)
    got = {
        "channel": e[15][0] if 15 in e and len(e[15]) == 1 else None,
        "rate": e[16][0] if 16 in e and len(e[16]) == 1 else None,
        "power": e[4][0] - 128 if 4 in e and len(e[4]) == 1 else None,
    }
    for k in ("channel", "rate", "power"):
        if got[k] != want[k]:
            bad.append("%s %r != %r" % (k, got[k], want[k]))
    if want["dlt"] == 127:
        rt = first(layers.get("radiotap", {}))
        freq = rt.get("radiotap.channel.freq")
        if freq is None or int(first(freq)) != want["freq"]:
            bad.append("radiotap frequency %r != %d" % (freq, want["freq"]))
        rate = rt.get("radiotap.datarate")
        if rate is None or float(first(rate)) != want["rtrate"] / 2:
            bad.append("radiotap rate %r != %s" % (rate, want["rtrate"] / 2))
        wl = first(layers.get("wlan", {}))
        if first(wl.get("wlan.bssid", "")) != "ff:ff:ff:ff:ff:ff":
            bad.append("bssid %r" % wl.get("wlan.bssid"))
        if first(wl.get("wlan.fc.type_subtype", "")) not in ("0x0028", "40"):
            bad.append("not QoS data: %r" % wl.get("wlan.fc.type_subtype"))
        if want["fcs"]:
            st = first(wl.get("wlan.fcs.status", wl.get("wlan.fcs_tree", {}).get(
                "wlan.fcs.status", "")))
            if st not in ("1", "Good"):
                bad.append("FCS status %r" % st)
        llc = first(layers.get("llc", {}))
        if first(llc.get("llc.type", "")) != "0x88dc":
            bad.append("LLC type %r" % llc.get("llc.type"))
    else:
        eth = first(layers.get("eth", {}))
        if first(eth.get("eth.type", "")) != "0x88dc":
            bad.append("eth.type %r" % eth.get("eth.type"))
    return bad


def negative(tshark, tmp, frames):
    """The oracle must see damage: a frame with a wrong FCS, and one whose
    PSID octet is 1111xxxx, must match the warning filter."""
    fcs = [f for f in frames if f["dlt"] == 127 and f["fcs"]]
    eth = [f for f in frames if f["dlt"] == 1 and f["channel"] is None]
    if not fcs or not eth:
        R.fail("negative control", "no frames to damage")
        return
    b = bytearray(fcs[0]["bytes"])
    b[-1] ^= 0xFF
    e = bytearray(eth[0]["bytes"])
    e[14 + 2] = 0xF0            # Ethernet header, N-Header octet, TPID, PSID
    env = dict(os.environ, LC_ALL="C")
    for name, dlt, frame in (("bad FCS", 127, b), ("bad PSID", 1, e)):
        path = os.path.join(tmp, "negative.pcap")
        write_pcap(path, dlt, [bytes(frame)])
        p = subprocess.run([tshark, "-n", "-o", "wlan.check_checksum:TRUE", "-r", path, "-Y",
                            "_ws.malformed || _ws.expert.severity >= warning"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, env=env)
        R.check("negative control: " + name + " is flagged",
                p.stdout.decode("utf-8", "replace").strip() != "",
                "tshark's filter matched nothing: the oracle would not see it")

CHECKS = ["-o", "wlan.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
          "-o", "ip.check_checksum:TRUE"]


def udp_frames(tshark, tmp):
    exe = os.environ.get("UNIT_LINK", os.path.join(REPO, "build", "tests", "unit_link"))
    if not os.path.exists(exe):
        R.fail("udp frames", "%s not built" % exe)
        return
    p = subprocess.run([exe, "--frames"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if p.returncode != 0:
        R.fail("udp frames", "unit_link --frames exited %d" % p.returncode)
        return
    frames = []
    for line in p.stdout.decode().split("\n"):
        f = line.split()
        if f:
            frames.append({"dlt": int(f[0]), "ipv": int(f[1]), "sport": int(f[2]),
                           "dport": int(f[3]), "ulen": int(f[4]), "bytes": bytes.fromhex(f[5])})
    env = dict(os.environ, LC_ALL="C")
    bad = []
    warned = []
    for dlt in sorted(set(f["dlt"] for f in frames)):
        sel = [f for f in frames if f["dlt"] == dlt]
        path = os.path.join(tmp, "udp-%d.pcap" % dlt)
        write_pcap(path, dlt, [f["bytes"] for f in sel])
        base = [tshark, "-n"] + CHECKS + ["-r", path]
        p = subprocess.run(base + ["-T", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=300, env=env)
        if p.returncode != 0:
            bad.append("link type %d: tshark exit %d" % (dlt, p.returncode))
            continue
        pkts = json.loads(p.stdout.decode("utf-8", "replace"), object_pairs_hook=pairs)
        if len(pkts) != len(sel):
            bad.append("link type %d: %d frames, wrote %d" % (dlt, len(pkts), len(sel)))
            continue
        for want, pkt in zip(sel, pkts):
            try:
                lay = first(first(pkt["_source"])["layers"])
                u = first(lay["udp"])
                got = (int(first(u["udp.srcport"])), int(first(u["udp.dstport"])),
                       int(first(u["udp.length"])))
                if got != (want["sport"], want["dport"], want["ulen"]):
                    bad.append("link type %d port %d: udp %r" % (dlt, want["sport"], got))
                st = first(u.get("udp.checksum.status", u.get("udp.checksum_tree", {}).get(
                    "udp.checksum.status", "")))
                csum = first(u.get("udp.checksum", ""))
                if st != "1" and not (want["ipv"] == 4 and csum == "0x0000"):
                    bad.append("link type %d port %d: udp checksum status %r" % (
                        dlt, want["sport"], st))
                if want["ipv"] == 4:
                    ip = first(lay["ip"])
                    st = first(ip.get("ip.checksum.status", ""))
                    if st != "1":
                        bad.append("link type %d port %d: ip checksum status %r" % (
                            dlt, want["sport"], st))
                elif "ipv6" not in lay:
                    bad.append("link type %d port %d: no ipv6" % (dlt, want["sport"]))
            except (AttributeError, KeyError, TypeError, ValueError, IndexError) as ex:
                bad.append("link type %d: unexpected tshark JSON: %r" % (dlt, ex))
        p = subprocess.run(base + ["-Y", "_ws.malformed || _ws.expert.severity >= warning"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, env=env)
        out = p.stdout.decode("utf-8", "replace").strip()
        if out:
            warned.append("link type %d: %s" % (dlt, out[:300]))
    R.check("udp frames: ports, lengths, checksums (%d frames)" % len(frames),
            frames and not bad, lambda: " | ".join(bad[:5]) or "no frames")
    R.check("udp frames: no malformed or warning", not warned, lambda: " | ".join(warned))


def main():
    tshark = os.environ.get("TSHARK") or shutil.which("tshark")
    if not tshark:
        R.skip("tshark", "tshark not installed")
        R.finish()
    frames = load_frames()
    if frames is None:
        R.finish()
    tmp = tempfile.mkdtemp(prefix="wsmp_tshark.")
    try:
        for dlt, name in ((1, "ethernet"), (127, "80211-radiotap")):
            sel = [f for f in frames if f["dlt"] == dlt]
            if not sel:
                R.fail(name, "no frames of link type %d" % dlt)
                continue
            path = os.path.join(tmp, name + ".pcap")
            write_pcap(path, dlt, [f["bytes"] for f in sel])
            env = dict(os.environ, LC_ALL="C")
            # check the FCS (unverified by default)
            base = [tshark, "-n", "-o", "wlan.check_checksum:TRUE", "-r", path]
            p = subprocess.run(base + ["-T", "json"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=300, env=env)
            if p.returncode != 0:
                R.fail(name + " tshark", "exit %d: %s" % (p.returncode, p.stderr[-300:]))
                continue
            pkts = json.loads(p.stdout.decode("utf-8", "replace"), object_pairs_hook=pairs)
            R.check(name + " frame count", len(pkts) == len(sel),
                    "tshark shows %d frames, we wrote %d" % (len(pkts), len(sel)))
            bad = []
            for i, (want, pkt) in enumerate(zip(sel, pkts)):
                try:
                    d = compare(i, want, first(first(pkt["_source"])["layers"]))
                except (AttributeError, KeyError, TypeError, ValueError, IndexError) as ex:
                    d = ["unexpected tshark JSON: %r" % ex]
                if d:
                    bad.append("frame %d: %s" % (i + 1, "; ".join(d)))
            R.check(name + " fields (%d frames)" % len(sel), not bad,
                    lambda: " | ".join(bad[:5]))
            p = subprocess.run(base + ["-Y",
                                "_ws.malformed || _ws.expert.severity >= warning"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
                               env=env)
            out = p.stdout.decode("utf-8", "replace").strip()
            R.check(name + " no malformed or warning", p.returncode == 0 and out == "",
                    "exit %d: %s" % (p.returncode, out[:600]))
        udp_frames(tshark, tmp)
        negative(tshark, tmp, frames)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    R.finish()


if __name__ == "__main__":
    main()
