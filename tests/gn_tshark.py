#!/usr/bin/env python3
"""gn_tshark.py: cross-check of our GeoNetworking and BTP builders (gn.c,
btp.c; EN 302 636-4-1 v1.4.1, EN 302 636-5-1) against Wireshark's dissectors.

build/tests/unit_gn --emit prints one Ethernet frame per line (every packet
type, varied fields, BTP-A and BTP-B, a tiny CAM, secured packets with an
unsecuredData wrapper) with our own JSON of it.  The frames go into pcaps
(one per group), tshark reads each pcap once, and for every frame we check:
no malformed packet, no expert info of severity warning or above, and the
GN fields (version, next headers, type and subtype, lifetime, hop limits,
traffic class, flags, payload length, sequence number, source position
vector, destination position vector or area, LS address) and BTP ports
equal ours.  Python 3 standard library only; SKIP without tshark.
"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EMIT = os.environ.get("GN_EMIT", os.path.join(ROOT, "build/tests/unit_gn"))

PI_WARN = 0x00600000    # epan/proto.h: expert severity "warning"

HT = {"beacon": (1, 0), "guc": (2, 0), "gac-circle": (3, 0),
      "gac-rectangle": (3, 1), "gac-ellipse": (3, 2), "gbc-circle": (4, 0),
      "gbc-rectangle": (4, 1), "gbc-ellipse": (4, 2), "tsb-shb": (5, 0),
      "tsb-multihop": (5, 1), "ls-request": (6, 0), "ls-reply": (6, 1)}
BH_NH = {"any": 0, "common": 1, "secured": 2}
CH_NH = {"any": 0, "btp-a": 1, "btp-b": 2, "ipv6": 3}


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            if len(fr) < 60:            # Ethernet minimum: padding
                fr = fr + bytes(60 - len(fr))
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr),
                                len(fr)))
            f.write(fr)


def flatten(node, out):
    """Every "key": value pair of tshark's JSON tree, values in lists."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, (dict, list)):
                flatten(v, out)
                if isinstance(v, list) and all(isinstance(x, str)
                                               for x in v):
                    out.setdefault(k, []).extend(v)
            else:
                out.setdefault(k, []).append(v)
    elif isinstance(node, list):
        for v in node:
            flatten(v, out)


def num(s):
    return int(s, 0)


def expect_addr(exp, prefix, a):
    exp[prefix + ".manual"] = int(a["manual"])
    exp[prefix + ".type"] = a["stationType"]
    exp[prefix + ".country"] = a.get("reserved", 0)
    exp[prefix + ".mid"] = a["mid"]


def expected(gn, btp):
    """tshark field -> value, from our JSON of the packet."""
    ht, hst = HT[gn["type"]]
    e = {
        "geonw.bh.version": gn["version"],
        "geonw.bh.nh": BH_NH[gn["nextHeader"]],
        "geonw.bh.lt.mult": gn["lifetime"]["multiplier"],
        "geonw.bh.lt.base": gn["lifetime"]["base"],
        "geonw.bh.rhl": gn["hopLimit"],
        "geonw.ch.nh": CH_NH[gn["transport"]],
        "geonw.ch.htype": ht << 4 | hst,
        "geonw.ch.tc.buffer": int(gn["trafficClass"]["scf"]),
        "geonw.ch.tc.offload": int(gn["trafficClass"]["channelOffload"]),
        "geonw.ch.tc.id": gn["trafficClass"]["id"],
        "geonw.ch.flags.mob": int(gn["mobile"]),
        "geonw.ch.plength": gn["payloadLength"],
        "geonw.ch.mhl": gn["maxHopLimit"],
    }
    if "sequenceNumber" in gn:
        e["geonw.seq_num"] = gn["sequenceNumber"]
    s = gn["source"]
    expect_addr(e, "geonw.src_pos.addr", s)
    e.update({"geonw.src_pos.tst": s["timestamp"],
              "geonw.src_pos.lat": s["lat"],
              "geonw.src_pos.long": s["long"],
              "geonw.src_pos.pai": int(s["pai"]),
              "geonw.src_pos.speed": s["speed"],
              "geonw.src_pos.hdg": s["heading"]})
    if "destination" in gn:
        d = gn["destination"]
        expect_addr(e, "geonw.dst_pos.addr", d)
        e.update({"geonw.dst_pos.tst": d["timestamp"],
                  "geonw.dst_pos.lat": d["lat"],
                  "geonw.dst_pos.long": d["long"]})
    if "requestedAddress" in gn:
        expect_addr(e, "geonw.ls_req.addr", gn["requestedAddress"])
    if "destinationArea" in gn:
        a = gn["destinationArea"]
        e.update({"geonw.gxc.latitude": a["lat"],
                  "geonw.gxc.longitude": a["long"],
                  "geonw.gxc.angle": a["angle"]})
        if a["shape"] == "circle":
            e["geonw.gxc.radius"] = a["a"]
        else:
            e["geonw.gxc.distancea"] = a["a"]
            e["geonw.gxc.distanceb"] = a["b"]
    if btp is not None:
        p = "btpa" if btp["type"] == "A" else "btpb"
        e[p + ".dstport"] = btp["dstPort"]
        if btp["type"] == "A":
            e["btpa.srcport"] = btp["srcPort"]
        else:
            e["btpb.dstportinf"] = btp["dstPortInfo"]
    return e


def same(want, got):
    if isinstance(want, str):
        return got.lower() == want.lower()
    try:
        return num(got) == want
    except ValueError:
        return False


def check_frame(name, layers, gn, btp):
    """Problems with one frame, as a list of strings."""
    bad = []
    flat = {}
    flatten(layers, flat)
    if "_ws.malformed" in flat:
        bad.append("malformed")
    for sev in flat.get("_ws.expert.severity", []):
        if num(sev) >= PI_WARN:
            msgs = flat.get("_ws.expert.message", ["?"])
            bad.append("expert: " + "; ".join(msgs))
            break
    for field, want in expected(gn, btp).items():
        got = flat.get(field)
        if not got:
            bad.append("%s missing (want %r)" % (field, want))
        elif not same(want, got[0]):
            bad.append("%s: tshark %s, ours %r" % (field, got[0], want))
    if btp is not None and btp.get("service") == "CAM" and \
            btp["type"] == "B" and "cam.stationType" not in flat:
        bad.append("CAM not dissected")
    return bad


def main():
    tshark = shutil.which("tshark")
    if tshark is None:
        print("SKIP gn_tshark: tshark not installed")
        return 0
    if not os.access(EMIT, os.X_OK):
        print("FAIL gn_tshark: %s not built" % EMIT)
        return 1
    out = subprocess.run([EMIT, "--emit"], capture_output=True, text=True)
    if out.returncode != 0:
        print("FAIL gn_tshark: unit_gn --emit exited %d" % out.returncode)
        return 1
    groups = {"plain": [], "secured": []}
    for line in out.stdout.splitlines():
        name, hexframe, gnj, btpj = line.split("\t")
        g = "secured" if name.startswith("secured") else "plain"
        groups[g].append((name, bytes.fromhex(hexframe), json.loads(gnj),
                          json.loads(btpj)))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for gname, items in groups.items():
            path = os.path.join(tmp, gname + ".pcap")
            write_pcap(path, [fr for _, fr, _, _ in items])
            r = subprocess.run([tshark, "-r", path, "-T", "json"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL gn_tshark %s: tshark exited %d: %s" %
                      (gname, r.returncode, r.stderr.strip()[:200]))
                failed += 1
                continue
            pkts = json.loads(r.stdout)
            if len(pkts) != len(items):
                print("FAIL gn_tshark %s: %d frames read, %d written" %
                      (gname, len(pkts), len(items)))
                failed += 1
                continue
            for (name, _, gn, btp), pkt in zip(items, pkts):
                bad = check_frame(name, pkt["_source"]["layers"], gn, btp)
                if bad:
                    print("FAIL gn_tshark %s: %s" % (name, "; ".join(bad)))
                    failed += 1
                else:
                    print("PASS gn_tshark %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
