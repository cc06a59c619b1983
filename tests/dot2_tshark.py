#!/usr/bin/env python3
"""IEEE 1609.2 encodings we build, checked against tshark's dissector.

`unit_dot2 samples` prints the samples the codec builds; those made of what
tshark 4.0 knows (IEEE 1609.2-2016 ASN.1) are wrapped here in WSMP (IEEE
1609.3: N-header 0x03, TPID 0, PSID, length) over Ethernet (ethertype 0x88DC),
written to a pcap and dissected with `tshark -T pdml`.  For every frame:
no malformed packet and no expert information, and the same content type,
hash, PSID, generation time (TAI and UTC), signer kind, digest, certificate
fields, signature type and payload as `unit_dot2 parse` reports.  The
jpo-ode kafka BSM and TIM (signed, digest and implicit certificate) go the
same way when the shared vectors are there.

tshark converts TAI to UTC with a constant 5 leap seconds (right since
2017-01-01); earlier instants must differ from ours by 5 minus the leap
seconds inserted by then (tshark is early), which is checked too.

Usage: tests/dot2_tshark.py   (env DOT2_TOOL=build/tests/unit_dot2, TSHARK)
"""

import datetime
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter("dot2_tshark ")
TOOL = lib.resolve_binary(os.environ.get("DOT2_TOOL", "build/tests/unit_dot2"))
TSHARK = os.environ.get("TSHARK") or shutil.which("tshark")
EPOCH = datetime.datetime(2004, 1, 1, tzinfo=datetime.timezone.utc)
# POSIX midnights after each leap second since the 1609.2 epoch (IERS).
LEAPS = [1136073600, 1230768000, 1341100800, 1435708800, 1483228800]


def tool(*args):
    p = subprocess.run([TOOL] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def wsmp(psid, data):
    """WSMP v3 header (1609.3-2016 8.3): N-header, TPID 0, p-encoded PSID
    of one octet, WSM length (one octet below 128, else two with 10 on top)."""
    assert psid < 0x80
    n = len(data)
    length = bytes([n]) if n < 0x80 else struct.pack(">H", 0x8000 | n)
    return bytes([0x03, 0x00, psid]) + length + data


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, data in enumerate(frames):
            eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xdc" + data
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(eth), len(eth)))
            f.write(eth)


def first(e, name):
    """Shallowest descendant field called ieee1609dot2.NAME (breadth first)."""
    if e is None:
        return None
    todo = list(e)
    while todo:
        nxt = []
        for c in todo:
            if c.get("name") == "ieee1609dot2." + name:
                return c
            nxt.extend(list(c))
        todo = nxt
    return None


def choice(e):
    """'content: signedData (1)' -> 'signedData'."""
    if e is None:
        return None
    s = e.get("showname", "")
    s = s.split(": ", 1)[1] if ": " in s else s
    return s.rsplit(" (", 1)[0]


def hexof(e):
    return None if e is None else e.get("show", "").replace(":", "")


def tshark_utc(e):
    """'generationTime: 2024-05-01 12:00:00.123456 (641...)' -> datetime."""
    s = e.get("showname").split(": ", 1)[1].rsplit(" (", 1)[0]
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in s else "%Y-%m-%d %H:%M:%S"
    return datetime.datetime.strptime(s, fmt).replace(tzinfo=datetime.timezone.utc)


def our_utc(s):
    s = s.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in s else "%Y-%m-%dT%H:%M:%S"
    return datetime.datetime.strptime(s, fmt).replace(tzinfo=datetime.timezone.utc)


def leaps_by(tai_seconds):
    """Leap seconds inserted by TAI second t (an independent table)."""
    n = 0
    for k, u in enumerate(LEAPS):
        if u - 1072915200 + k <= tai_seconds:
            n += 1
    return n


def check_time(name, field, our_text, tai_seconds):
    ts = tshark_utc(field)
    ours = our_utc(our_text)
    want = leaps_by(tai_seconds) - 5
    got = (ts - ours).total_seconds()
    R.check(name, abs(got - want) < 1e-6,
            "tshark %s, ours %s: differ by %s s, expected %s" % (ts, ours, got, want))


def compare(name, pkt, ours):
    layer = ours["layer"]
    text = ET.tostring(pkt, encoding="unicode")
    R.check(name + ": no malformed packet or expert info",
            "_ws.malformed" not in text and "_ws.expert" not in text,
            "tshark reports a problem: %s" % [
                f.get("showname") for f in pkt.iter("field")
                if f.get("name", "").startswith("_ws.")][:3])
    top = first(pkt, "Ieee1609Dot2Data_element")
    if not R.check(name + ": tshark sees Ieee1609Dot2Data", top is not None,
                   "no ieee1609dot2 in the frame"):
        return
    R.check(name + ": protocolVersion", first(top, "protocolVersion").get("show") == "3",
            "version %s" % first(top, "protocolVersion").get("show"))
    content = first(top, "content")
    R.check(name + ": content", choice(content) == layer["content"],
            "tshark %s, ours %s" % (choice(content), layer["content"]))
    if layer["content"] == "unsecuredData":
        R.check(name + ": unsecuredData", hexof(first(top, "unsecuredData")) == ours["payload"],
                "payload differs")
        return
    if layer["content"] == "signedCertificateRequest":
        req = hexof(first(top, "signedCertificateRequest"))
        R.check(name + ": request length", req is not None and len(req) // 2 == layer["length"],
                "tshark %s, ours %s octets" % (None if req is None else len(req) // 2,
                                               layer["length"]))
        return
    if layer["content"] != "signedData":
        return
    sd = first(top, "signedData_element")
    R.check(name + ": hashId", choice(first(sd, "hashId")) == layer["hashId"],
            "tshark %s, ours %s" % (choice(first(sd, "hashId")), layer["hashId"]))
    hdr = first(sd, "headerInfo_element")
    R.check(name + ": psid", int(first(hdr, "psid").get("show")) == layer["psid"],
            "tshark %s, ours %s" % (first(hdr, "psid").get("show"), layer["psid"]))
    gt = first(hdr, "generationTime")
    if "generationTime" in layer:
        R.check(name + ": generationTime (TAI)",
                gt is not None and int(gt.get("show")) == layer["generationTimeTai"],
                "tshark %s, ours %s" % (None if gt is None else gt.get("show"),
                                        layer["generationTimeTai"]))
        if gt is not None:
            check_time(name + ": generationTime (UTC)", gt, layer["generationTime"],
                       layer["generationTimeTai"] // 1000000)
    else:
        R.check(name + ": no generationTime", gt is None, "tshark shows one")
    if "generationLocation" in layer:
        loc = first(hdr, "generationLocation_element")
        got = [int(first(loc, k).get("show")) for k in ("latitude", "longitude", "elevation")]
        want = [layer["generationLocation"][k] for k in ("latitude", "longitude", "elevation")]
        got[0] = got[0] - (1 << 32) if got[0] >= 1 << 31 else got[0]
        got[1] = got[1] - (1 << 32) if got[1] >= 1 << 31 else got[1]
        R.check(name + ": generationLocation", got == want, "tshark %s, ours %s" % (got, want))
    if "inlineP2pcdRequest" in layer:
        items = [hexof(f) for f in first(hdr, "inlineP2pcdRequest").iter("field")
                 if f.get("name") == "ieee1609dot2.HashedId3"]
        R.check(name + ": inlineP2pcdRequest", items == layer["inlineP2pcdRequest"],
                "tshark %s, ours %s" % (items, layer["inlineP2pcdRequest"]))
    if "requestedCertificate" in layer:
        R.check(name + ": requestedCertificate",
                first(hdr, "requestedCertificate_element") is not None, "tshark shows none")
    inner = first(first(sd, "payload_element"), "unsecuredData")
    R.check(name + ": payload", hexof(inner) == ours.get("payload"),
            "tshark %s, ours %s" % (hexof(inner), ours.get("payload")))
    signer = first(sd, "signer")
    R.check(name + ": signer", choice(signer) == layer["signer"],
            "tshark %s, ours %s" % (choice(signer), layer["signer"]))
    if layer["signer"] == "digest":
        R.check(name + ": digest", hexof(first(signer, "digest")) == layer["digest"],
                "digest differs")
    if layer["signer"] == "certificate":
        certs = [f for f in signer.iter("field")
                 if f.get("name") == "ieee1609dot2.Certificate_element"]
        R.check(name + ": certificate count", len(certs) == len(ours["certificates"]),
                "tshark %d, ours %d" % (len(certs), len(ours["certificates"])))
        for i, (tc, oc) in enumerate(zip(certs, ours["certificates"])):
            cn = "%s: certificate %d" % (name, i)
            tbs = oc["toBeSigned"]
            R.check(cn + " type", choice(first(tc, "type")) == oc["type"], "type differs")
            start = first(tc, "start")
            R.check(cn + " validity start (TAI)",
                    int(start.get("show")) == tbs["validityPeriod"]["start"], "start differs")
            check_time(cn + " validity start (UTC)", start, oc["validityStart"],
                       tbs["validityPeriod"]["start"])
            dur = choice(first(tc, "duration"))
            R.check(cn + " duration", dur in tbs["validityPeriod"]["duration"],
                    "tshark %s, ours %s" % (dur, tbs["validityPeriod"]["duration"]))
            psids = [int(f.get("show")) for f in first(tc, "appPermissions").iter("field")
                     if f.get("name") == "ieee1609dot2.psid"] \
                if first(tc, "appPermissions") is not None else []
            want = [p["psid"] for p in tbs.get("appPermissions", [])]
            R.check(cn + " appPermissions", psids == want, "tshark %s, ours %s" % (psids, want))
            idc = choice(first(tc, "id"))
            R.check(cn + " id", idc in tbs["id"], "tshark %s, ours %s" % (idc, tbs["id"]))
            if "name" in tbs["id"]:
                R.check(cn + " name", first(tc, "name").get("show") == tbs["id"]["name"],
                        "name differs")
    sig = first(sd, "signature")
    R.check(name + ": signature type", choice(sig) == layer["signatureType"],
            "tshark %s, ours %s" % (choice(sig), layer["signatureType"]))


def main():
    if not TSHARK:
        R.skip("tshark", "tshark is not installed")
        R.finish()
    if not os.path.exists(TOOL):
        R.fail("tool", "%s not built (make)" % TOOL)
        R.finish()
    ver = subprocess.run([TSHARK, "--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode().split("\n")[0]
    rc, out, err = tool("samples")
    if not R.check("samples", rc == 0 and out, "unit_dot2 samples: %s" % err):
        R.finish()
    samples = [json.loads(l) for l in out.split("\n") if l.strip()]
    samples = [s for s in samples if s["tshark"]]
    # Real signed messages too (jpo-ode kafka inputs), when the vectors are
    # there: parsed and rebuilt by us, dissected by tshark.
    kafka = os.path.join(lib.vectors_dir(), "jpo-ode", "kafka-1609dot2-input")
    for kind in ("bsm", "tim"):
        path = os.path.join(kafka, "decoder-input-%s.json" % kind)
        if not os.path.exists(path):
            R.skip("vector " + kind, "no %s (VECTORS)" % path)
            continue
        with open(path) as f:
            hx = json.load(f)["payload"]["data"]["bytes"].lower()
        rc, o, e = tool("parse", hx)
        o = json.loads(o)
        if not R.check("vector %s parses and rebuilds" % kind,
                       o["reason"] == "OK" and o["rebuild"] == "same", o):
            continue
        samples.append({"name": "jpo-ode " + kind, "hex": hx[:2 * o["used"]]})
    ours, frames = [], []
    for s in samples:
        rc, o, e = tool("parse", s["hex"])
        ours.append(json.loads(o))
        data = bytes.fromhex(s["hex"])
        frames.append(wsmp(0x20, data))
    with tempfile.TemporaryDirectory() as tmp:
        pcap = os.path.join(tmp, "dot2.pcap")
        write_pcap(pcap, frames)
        p = subprocess.run([TSHARK, "-n", "-r", pcap, "-T", "pdml"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    if not R.check("tshark runs (%s)" % ver, p.returncode == 0,
                   "exit %d: %s" % (p.returncode, p.stderr.decode()[-400:])):
        R.finish()
    root = ET.fromstring(p.stdout)
    pkts = root.findall("packet")
    R.check("one dissected frame per sample", len(pkts) == len(samples),
            "%d frames, %d samples" % (len(pkts), len(samples)))
    for s, o, pkt in zip(samples, ours, pkts):
        compare(s["name"], pkt, o)
    R.finish()


main()
