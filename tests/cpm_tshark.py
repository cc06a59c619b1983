#!/usr/bin/env python3
"""ETSI CPM (TS 103 324 v2.1.1, messageID 14) through v2x, against tshark.

- ms-van3t trace: every frame whose ItsPduHeader tshark reads as messageID
  14 (562) decodes as CollectivePerceptionMessage, with its containers
  (open types by containerId) decoded too, and 'v2x encode' of that JSON
  gives back the bytes tshark shows (header fields + the rest, byte for
  byte).  tshark 4.0 has no CPM dissector ("No subdissector found"), so
  the fields both show are the ItsPduHeader ones (protocolVersion,
  messageId, stationId), compared frame by frame; and the CPM's
  referencePosition is the GeoNetworking source position tshark shows
  (ms-van3t fills both from one fix): 63 bits that sit after the 42-bit
  referenceTime, a check of the whole layout before them.
- A tshark that has a CPM dissector (Wireshark 4.2 on: "cpm" fields) is
  compared leaf by leaf as tests/etsi_vectors.py does for the other types;
  with tshark 4.0 that step is a SKIP.
- Messages we write (asn1/etsi/test-vectors.txt CPM lines: every container
  type, every Shape alternative, both velocity and acceleration forms) and
  random ones decode and re-encode to the same bytes, and tshark dissects
  them wrapped in GeoNetworking/BTP with no malformed packet; the same bytes
  with protocolVersion 1 (the pre-standard TR 103 562 CPM's) are refused,
  not decoded as this schema.
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter()
V2X = lib.v2x_binary()
VEC = lib.vectors_dir()
PDU = "CollectivePerceptionMessage"
N_TRACE = 562
N_RANDOM = 40


def v2x(args, data=None, tmo=120):
    return lib.run(V2X, args, data, tmo=tmo)


def tshark_fields(tshark, pcap, flt, fields):
    r = subprocess.run([tshark, "-r", pcap, "-Y", flt, "-T", "fields"] +
                       sum([["-e", f] for f in fields], []),
                       capture_output=True, text=True)
    return [l.split("\t") for l in r.stdout.splitlines()]


def trace(tshark):
    f = os.path.join(VEC, "ms-van3t", "sample_trace.pcapng")
    if not os.path.exists(f):
        R.skip("trace", "no %s (set VECTORS)" % f)
        return
    r = v2x(["decode", "--raw", "-i", "pcap", f])
    objs = r.objects()
    cpms = [o for o in objs if o.get("pdu") == PDU]
    theirs = tshark_fields(tshark, f, "its.messageID == 14",
                           ["frame.number", "its.protocolVersion",
                            "its.messageID", "its.stationID",
                            "geonw.src_pos.lat", "geonw.src_pos.long",
                            "data.data"])
    R.check("trace/decode", len(cpms) == N_TRACE == len(theirs) and
            r.rc == 0 and not any("error" in o for o in objs),
            lambda: "%d CPMs decoded, tshark sees %d; %s" % (
                len(cpms), len(theirs),
                [o for o in objs if "error" in o or
                 o.get("type") == "CPM"][:1] or r.describe()[:200]))
    if not cpms:
        return
    by_frame = {o.get("frame"): o for o in cpms}
    kinds = collections.Counter()
    for o in cpms:
        for c in o["value"]["payload"]["cpmContainers"]:
            kinds[c["containerId"]] += isinstance(c["containerData"], dict)
    R.check("trace/containers", kinds[1] == N_TRACE and kinds[5] > 0 and
            not any("unknown" in json.dumps(o["value"]) for o in cpms),
            lambda: "containers decoded by id: %s" % dict(kinds))

    e = v2x(["encode"], "".join(json.dumps(o) + "\n" for o in cpms))
    got = e.lines()
    same = sum(1 for o, h in zip(cpms, got) if o["raw"] == h)
    R.check("trace/reencode", same == N_TRACE and e.rc == 0,
            lambda: "%d of %d re-encode to the same bytes (%s)" % (
                same, len(cpms), e.describe()[:200]))

    hdr, pos, raw, n = [], [], [], 0
    for t in theirs:
        o = by_frame.get(int(t[0]))
        if o is None:
            hdr.append("frame %s not decoded" % t[0])
            continue
        n += 1
        h = o["value"]["header"]
        if [h["protocolVersion"], h["messageId"], h["stationId"]] != \
                [int(x) for x in t[1:4]]:
            hdr.append("frame %s: ours %s, tshark %s" % (t[0], h, t[1:4]))
        rp = o["value"]["payload"]["managementContainer"]["referencePosition"]
        gn = [int(t[4]), int(t[5])]
        if gn == [-2**31, -2**31]:
            continue	# the 3 GN headers without a position
        d = max(abs(rp["latitude"] - gn[0]), abs(rp["longitude"] - gn[1]))
        if d:
            pos.append((d, "frame %s: ours %s,%s, GN %s,%s" % (
                t[0], rp["latitude"], rp["longitude"], gn[0], gn[1])))
        tsbytes = "%02x%02x%08x%s" % (int(t[1]), int(t[2]), int(t[3]), t[6])
        if o["raw"] != tsbytes:
            raw.append("frame %s: ours %s, tshark %s" % (t[0], o["raw"][:40],
                                                         tsbytes[:40]))
    R.check("trace/tshark-header", n == N_TRACE and not hdr,
            lambda: "%d compared; %s" % (n, hdr[:3]))
    R.check("trace/tshark-bytes", n == N_TRACE and not raw,
            lambda: "%d compared; %s" % (n, raw[:3]))
    # A few frames carry a fix some metres newer in one layer than in the
    # other; a field out of place would differ everywhere, by far more.
    R.check("trace/gn-position", n == N_TRACE and len(pos) <= 5 and
            all(d < 1000 for d, _ in pos),
            lambda: "%d of %d differ: %s" % (len(pos), n,
                                             sorted(pos)[-3:]))
    dissector(tshark, f, cpms)


def leaves(o, out, key=None):
    if isinstance(o, dict):
        for k, v in o.items():
            leaves(v, out, k)
    elif isinstance(o, list):
        for v in o:
            leaves(v, out, key)
    elif isinstance(o, int) and not isinstance(o, bool) and key:
        out.setdefault(key, []).append(o)


def tshark_leaves(o, out):
    if isinstance(o, dict):
        for k, v in o.items():
            if isinstance(v, (dict, list)):
                tshark_leaves(v, out)
            elif k + "_tree" not in o and not k.startswith("per.") and \
                    "." in k:
                try:
                    out.setdefault(k.split(".")[-1], []).append(int(v))
                except (TypeError, ValueError):
                    pass
    elif isinstance(o, list):
        for v in o:
            tshark_leaves(v, out)


def dissector(tshark, pcap, cpms):
    """Every integer leaf of ours among tshark's values of that name, where
    tshark has a CPM dissector."""
    g = subprocess.run([tshark, "-G", "protocols"], capture_output=True,
                       text=True)
    if not any(l.split("\t")[2:3] == ["cpm"] for l in
               g.stdout.splitlines()):
        R.skip("trace/tshark-fields", "this tshark has no CPM dissector "
               "(Wireshark 4.2 on has one): header fields only")
        return
    js = subprocess.run([tshark, "-r", pcap, "-Y", "its.messageID == 14",
                         "-T", "json"], capture_output=True, text=True)
    frames = json.loads(js.stdout)
    mism, compared = [], 0
    for o, f in zip(cpms, frames):
        ours, theirs = {}, {}
        leaves(o["value"]["payload"], ours)
        layers = f["_source"]["layers"]
        tshark_leaves({k: v for k, v in layers.items() if k in
                       ("its", "cpm")}, theirs)
        for k, vals in ours.items():
            if k in theirs:
                compared += len(vals)
                miss = collections.Counter(vals) - collections.Counter(
                    theirs[k])
                if miss:
                    mism.append("frame %s %s: %s" % (o.get("frame"), k,
                                                     sorted(miss)[:4]))
    R.check("trace/tshark-fields", not mism and compared > len(cpms),
            lambda: "%d compared; %s" % (compared, mism[:4]))


def written(tshark, tmp):
    """Our messages: the test vectors, then random ones."""
    tv = os.path.join(lib.REPO, "asn1", "etsi", "test-vectors.txt")
    hexes = [l.split()[2] for l in open(tv)
             if l.split()[:1] == ["CPM"] and len(l.split()) == 3]
    r = v2x(["decode", "--family", "etsi", "-t", PDU, "-i", "hex"],
            "".join(h + "\n" for h in hexes))
    made = [o for o in r.objects() if o.get("pdu") == PDU]
    kinds = set()
    shapes = set()
    for o in made:
        for c in o["value"]["payload"]["cpmContainers"]:
            kinds.add(c["containerId"])
        find_shapes(o["value"], shapes)
    R.check("vectors/decode", len(hexes) >= 2 and len(made) == len(hexes)
            and kinds == {1, 2, 3, 4, 5} and len(shapes) == 6,
            lambda: "%d of %d decoded; containers %s, shapes %s; %s" % (
                len(made), len(hexes), sorted(kinds), sorted(shapes),
                r.describe()[:200]))
    # protocolVersion 1 at messageID 14 is not this schema (TR 103 562's
    # pre-standard CPM): refused by the header, not decoded as garbage.
    old = v2x(["decode", "-i", "hex"], "01" + hexes[-1][2:] + "\n") \
        if hexes else None
    R.check("vectors/version1", old is not None and
            [o.get("error") for o in old.objects()] == ["UNKNOWN_VERSION"],
            lambda: old.describe()[:200] if old else "no vectors")
    rnd = v2x(["random", "--family", "etsi", "-t", PDU, "-n", str(N_RANDOM),
               "--seed", "19", "-o", "json"])
    rand = [o for o in rnd.objects() if o.get("pdu") == PDU]
    for o in rand:	# a receiver tells the message by its header
        o["value"]["header"]["protocolVersion"] = 2
        o["value"]["header"]["messageId"] = 14
    R.check("random", len(rand) == N_RANDOM, lambda: rnd.describe()[:200])
    allm = made + rand
    e = v2x(["encode"], "".join(json.dumps(o) + "\n" for o in allm))
    enc = e.lines()
    back = v2x(["decode", "--family", "etsi", "-t", PDU, "-i", "hex"],
               "".join(h + "\n" for h in enc)).objects()
    same = sum(1 for o, b in zip(allm, back) if o["value"] == b.get("value"))
    R.check("roundtrip", len(enc) == len(allm) and same == len(allm) and
            enc[:len(hexes)] == hexes,
            lambda: "%d of %d equal after encode/decode; vectors %s" % (
                same, len(allm), enc[:len(hexes)] == hexes))
    pcap = os.path.join(tmp, "cpm.pcap")
    e = v2x(["encode", "--gn", "shb", "-o", "pcap", "-w", pcap],
            "".join(json.dumps(o) + "\n" for o in allm))
    bad = tshark_fields(tshark, pcap, "_ws.malformed || "
                        "_ws.expert.severity >= warning || "
                        "!(btpb.dstport == 2009)",
                        ["frame.number", "_ws.expert.message"])
    R.check("tshark/clean", allm and e.rc == 0 and not bad,
            lambda: "%s; flagged %s" % (e.describe()[:200], bad[:3]))


def find_shapes(o, out):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in ("perceptionRegionShape", "clusterBoundingBoxShape") \
                    and isinstance(v, dict):
                out.update(v.keys())
            find_shapes(v, out)
    elif isinstance(o, list):
        for v in o:
            find_shapes(v, out)


def main():
    if not os.path.exists(V2X):
        R.fail("v2x", "%s not built" % V2X)
        return R.finish()
    tshark = shutil.which("tshark")
    if tshark is None:
        R.skip("tshark", "tshark is not installed")
        return R.finish()
    trace(tshark)
    with tempfile.TemporaryDirectory() as tmp:
        written(tshark, tmp)
    return R.finish()


if __name__ == "__main__":
    sys.exit(main())
