#!/usr/bin/env python3
"""ETSI ITS end to end through v2x (EN 302 637-2/-3, TS 103 301, EN 302 636).

- ms-van3t sample trace (pcapng, read by libpcap): 367 CAMs decode and
  re-encode to the same bytes; the 562 CPMs decode (TS 103 324, checked
  in tests/cpm_tshark.py); the three GeoNetworking headers with a position
  of INT_MIN are flagged (a warning), not rejected.
- vanetza's signed CAM: the GeoNetworking layer is parsed, the secured part
  located (IEEE 1609.2, psid 36) and the CAM inside decodes.
- Wireshark as the oracle: messages we encode (the hand-made test messages of
  asn1/etsi/test-vectors.txt, and at least 20 random values per type from
  v2x random: optional fields, CHOICE alternatives, extensions, regional
  extensions), wrapped in Ethernet/GeoNetworking/BTP into one pcap per
  type, are dissected by tshark with no malformed packet and no expert item
  of warning severity or above, and the values tshark shows equal ours.
- IVI's extension addition groups in XER (issue 19): the IVIMs of
  test-vectors.txt and 100 random ones go through v2x decode -o xer and
  v2x encode -i xer to the same bytes, no <ext1> printed; a group's
  components are elements of TcPart and LaneInformation, child for child
  as tshark shows them; family of a bare ETSI-only -t name (v2x decode,
  encode, random) is etsi, SPAT j2735 unless --family etsi.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter()
V2X = lib.v2x_binary()
VEC = lib.vectors_dir()
TYPES = {"CAM": 2, "DENM": 1, "SPATEM": 4, "MAPEM": 5, "IVIM": 6,
         "SREM": 9, "SSEM": 10}
PER_TYPE = 20
# Size extensions the hand-made IVIM carries on purpose: tshark 4.0 flags
# lengths beyond a root as "too many items" although X.691 allows them.
TSHARK_EXTENSION_NOTE = "Size constraint: too many items"


def v2x(args, data=None, tmo=120):
    return lib.run(V2X, args, data, tmo=tmo)


def ms_van3t():
    f = os.path.join(VEC, "ms-van3t", "sample_trace.pcapng")
    if not os.path.exists(f):
        R.skip("ms-van3t", "no %s (set VECTORS)" % f)
        return
    r = v2x(["decode", "--raw", "-i", "pcap", f])
    objs = r.objects()
    cams = [o for o in objs if o.get("pdu") == "CAM"]
    cpms = [o for o in objs if o.get("pdu") == "CollectivePerceptionMessage"]
    errs = [o for o in objs if "error" in o]
    R.check("ms-van3t/count", len(objs) == 929 and len(cams) == 367 and
            len(cpms) == 562 and not errs,
            lambda: "%d lines, %d CAM, %d CPM, %d errors (%s)" % (
                len(objs), len(cams), len(cpms), len(errs),
                errs[:1]))
    R.check("ms-van3t/exit", r.rc == 0, lambda: r.describe())
    warned = [o for o in objs if o.get("warnings")]
    R.check("ms-van3t/int-min-flagged", len(warned) == 3 and all(
        any("position" in w for w in o["warnings"]) and
        o.get("pdu") == "CollectivePerceptionMessage"
        for o in warned), lambda: "%d flagged: %s" % (len(warned),
                                                      [o.get("warnings") for o in warned]))
    lines = "".join(json.dumps(o) + "\n" for o in cams)
    e = v2x(["encode"], lines)
    got = e.lines()
    same = sum(1 for o, h in zip(cams, got) if o["raw"] == h)
    R.check("ms-van3t/reencode", same == 367 and e.rc == 0,
            lambda: "%d of 367 CAMs re-encode to the same bytes (%s)" % (
                same, e.describe()[:200]))
    hdr = all(o["value"]["header"]["messageID"] == 2 for o in cams)
    R.check("ms-van3t/header", hdr, "a CAM whose ItsPduHeader is not a CAM's")


def vanetza():
    f = os.path.join(VEC, "vanetza", "cam_v3_certificate.dat")
    if not os.path.exists(f):
        R.skip("vanetza", "no %s (set VECTORS)" % f)
        return
    r = v2x(["decode", "--raw", f])
    objs = [o for o in r.objects() if "pdu" in o or "error" in o]
    ok = len(objs) == 1 and objs[0].get("pdu") == "CAM"
    R.check("vanetza/decode", ok, lambda: r.describe()[:300])
    if not ok:
        return
    layers = objs[0].get("layers", [])
    names = [l.get("layer") for l in layers]
    R.check("vanetza/layers", names[:2] == ["gn", "ieee1609dot2"] and
            "btp" in names, lambda: "layers %s" % names)
    gn = layers[0]
    R.check("vanetza/secured-located", gn.get("nextHeader") == "secured" and
            gn.get("secured", {}).get("offset") == 4,
            lambda: json.dumps(gn)[:200])
    d2 = layers[1]
    R.check("vanetza/security", d2.get("psid") == 36 and
            d2.get("signer") == "certificate" and
            d2.get("generationTime", "").startswith("2019-11-21"),
            lambda: json.dumps(d2)[:300])
    e = v2x(["encode"], json.dumps(objs[0]) + "\n")
    R.check("vanetza/reencode", e.lines() == [objs[0]["raw"]],
            lambda: e.describe()[:200])


def tame(o):
    """Leave out what tshark 4.0 cannot dissect although the encoding is
    right: DangerousGoodsExtended.companyName, a UTF8String with a SIZE
    constraint (not PER-visible for UTF8String, X.691 30.5: the length is
    unconstrained, as asn1c encodes it; tshark reads a constrained length
    and loses the rest of the message), and unconstrained INTEGERs beyond
    32 bits (AddGrpC Node.id: tshark's "too long integer")."""
    if isinstance(o, dict):
        o.pop("companyName", None)
        for k, v in list(o.items()):
            if k == "id" and isinstance(v, int) and not -2**31 <= v < 2**31:
                o[k] = v % 2**31
            tame(v)
    elif isinstance(o, list):
        for v in o:
            tame(v)


def messages():
    """JSON lines per type: the hand-made ones, then random values."""
    out = {t: [] for t in TYPES}
    tv = os.path.join(lib.REPO, "asn1", "etsi", "test-vectors.txt")
    hexes = {t: [] for t in TYPES}
    for line in open(tv):
        f = line.split()
        if len(f) == 3 and f[0] in TYPES:
            hexes[f[0]].append(f[2])
    for t in TYPES:
        if hexes[t]:
            r = v2x(["decode", "--family", "etsi", "-t", t, "-i", "hex"],
                    "\n".join(hexes[t]) + "\n")
            made = [o for o in r.objects() if "pdu" in o]
            for o in made:
                tame(o["value"])
            out[t] += made
        r = v2x(["random", "-t", t, "-n", str(PER_TYPE), "--seed", "7",
                 "-o", "json"])
        rnd = [o for o in r.objects() if "pdu" in o]
        for o in rnd:
            # a receiver tells the message by its header: make it right
            o["value"]["header"]["protocolVersion"] = 2
            o["value"]["header"]["messageID"] = TYPES[t]
            tame(o["value"])
        R.check("random/%s" % t, len(rnd) == PER_TYPE,
                lambda: "v2x random -t %s: %s" % (t, r.describe()[:200]))
        out[t] += rnd
    return out


def flatten(o, out, key=None):
    if isinstance(o, dict):
        for k, v in o.items():
            flatten(v, out, k)
    elif isinstance(o, list):
        for v in o:
            flatten(v, out, key)
    elif isinstance(o, bool):
        pass
    elif isinstance(o, int) and key is not None:
        out.setdefault(key, []).append(o)


def tshark_leaves(o, out):
    """name -> [int values] of the dissected ITS layers ("its.stationID"
    counts as "stationID"); per.* bookkeeping fields are left out."""
    if isinstance(o, dict):
        for k, v in o.items():
            if isinstance(v, (dict, list)):
                tshark_leaves(v, out)
            elif k + "_tree" in o:
                pass	# a list's item count or a CHOICE's index
            elif not k.startswith("per.") and "." in k:
                try:
                    out.setdefault(k.split(".")[-1], []).append(int(v))
                except (TypeError, ValueError):
                    pass
    elif isinstance(o, list):
        for v in o:
            tshark_leaves(v, out)


def oracle(msgs, tmp):
    tshark = shutil.which("tshark")
    if tshark is None:
        R.skip("tshark", "tshark is not installed")
        return
    for t, objs in msgs.items():
        n = "tshark/%s" % t
        if len(objs) < PER_TYPE:
            R.fail(n, "only %d messages" % len(objs))
            continue
        pcap = os.path.join(tmp, t + ".pcap")
        e = v2x(["encode", "--gn", "shb", "-o", "pcap", "-w", pcap],
                "".join(json.dumps(o) + "\n" for o in objs))
        if e.rc != 0:
            R.fail(n + "/encode", e.describe()[:300])
            continue
        bad = subprocess.run([tshark, "-r", pcap, "-Y",
                              "_ws.malformed || _ws.expert.severity >= warning",
                              "-T", "fields", "-e", "frame.number",
                              "-e", "_ws.expert.message"],
                             capture_output=True, text=True)
        flagged = [l for l in bad.stdout.splitlines() if l.strip() and
                   not all(TSHARK_EXTENSION_NOTE in m or "Remain Hop Limit" in m
                           for m in l.split("\t", 1)[-1].split(","))]
        R.check(n + "/clean", not flagged,
                lambda: "%d of %d frames flagged: %s" % (
                    len(flagged), len(objs), flagged[:3]))
        js = subprocess.run([tshark, "-r", pcap, "-T", "json"],
                            capture_output=True, text=True)
        try:
            frames = json.loads(js.stdout)
        except ValueError:
            R.fail(n + "/values", "tshark -T json gave no JSON")
            continue
        mism = []
        compared = 0
        for i, (o, f) in enumerate(zip(objs, frames)):
            ours, theirs = {}, {}
            flatten(o["value"], ours)
            tshark_leaves(f["_source"]["layers"].get("its", {}), theirs)
            # tshark also shows ENUMERATED and CHOICE indices under field
            # names, so every value of ours must be among its values of the
            # same name (a multiset inclusion), not the other way round.
            for k, vals in ours.items():
                if k in theirs:
                    compared += len(vals)
                    missing = collections.Counter(vals) - \
                        collections.Counter(theirs[k])
                    if missing:
                        mism.append("frame %d %s: ours %s not in tshark's %s"
                                    % (i + 1, k, sorted(missing)[:4],
                                       sorted(theirs[k])[:8]))
        R.check(n + "/values", not mism and compared > 5 * len(objs),
                lambda: "%d fields compared; %s" % (compared, mism[:4]))


# The SEQUENCEs holding a group, and the group's components (IVI.asn).
GROUP_PARTS = {
    "TcPart": {"iviType", "laneStatus", "vehicleCharacteristics"},
    "LaneInformation": {"detectionZoneIds", "relevanceZoneIds",
                        "laneCharacteristics",
                        "laneSurfaceStaticCharacteristics",
                        "laneSurfaceDynamicCharacteristics"}}
GROUPED = tuple(GROUP_PARTS)


def ivim_objects():
    """The IVIMs of test-vectors.txt and 100 random ones, as JSON lines
    with a header tshark accepts (and tame()d), and their UPER hex."""
    tv = os.path.join(lib.REPO, "asn1", "etsi", "test-vectors.txt")
    hexes = [f[2] for f in (l.split() for l in open(tv))
             if len(f) == 3 and f[0] == "IVIM"]
    r = v2x(["decode", "--family", "etsi", "-t", "IVIM", "-i", "hex"],
            "".join(h + "\n" for h in hexes))
    objs = [o for o in r.objects() if "pdu" in o]
    r = v2x(["random", "-t", "IVIM", "-n", "100", "--seed", "19",
             "-o", "json"])
    rnd = [o for o in r.objects() if "pdu" in o]
    for o in rnd:
        o["value"]["header"]["protocolVersion"] = 2
        o["value"]["header"]["messageID"] = TYPES["IVIM"]
    objs += rnd
    for o in objs:
        tame(o["value"])
    e = v2x(["encode"], "".join(json.dumps(o) + "\n" for o in objs))
    return objs, e.lines(), len(hexes)


def xer_docs(text):
    return re.findall(r"^<IVIM>$.*?^</IVIM>$", text, re.S | re.M)


def grouped_children(doc):
    """[(element, [child names])] of the TcParts and LaneInformations of
    an XER document, in document order."""
    return [(e.tag, [c.tag for c in e]) for e in ET.fromstring(doc).iter()
            if e.tag in GROUPED]


def tshark_children(frame):
    """The same from tshark's -T json of a frame (keys kept in order and
    duplicates; ivi.x, ivi.x_tree and ivi.x_element are one child x)."""
    out = []

    def kids(pairs):
        names = []
        for k, _ in pairs:
            if k.startswith("per.") or "." not in k:
                continue
            n = re.sub(r"_(element|tree)$", "", k.split(".", 1)[1])
            if not names or names[-1] != n:
                names.append(n)
        return names

    def walk(o):
        if isinstance(o, list):
            for k, v in o:
                if k in ["ivi.%s_element" % t for t in GROUPED]:
                    out.append((k[4:-8], kids(v)))
                walk(v)
    walk(frame)
    return out


def ivim_xer(tmp):
    """IVIMs through XER and back, and their group components checked
    against tshark's dissection."""
    objs, hexes, nhand = ivim_objects()
    R.check("ivim-xer/count", nhand >= 2 and len(hexes) == len(objs) ==
            nhand + 100, lambda: "%d hand-made, %d objects, %d encoded" %
            (nhand, len(objs), len(hexes)))
    x = v2x(["decode", "--family", "etsi", "-t", "IVIM", "-i", "hex",
             "-o", "xer"], "".join(h + "\n" for h in hexes))
    docs = xer_docs(x.text)
    e = v2x(["encode", "--family", "etsi", "-t", "IVIM", "-i", "xer"], x.text)
    R.check("ivim-xer/roundtrip", len(docs) == len(hexes) and
            e.lines() == hexes and e.rc == 0, lambda: "%d documents, "
            "%d of %d lines equal: %s" % (len(docs), sum(
                a == b for a, b in zip(e.lines(), hexes)), len(hexes),
                e.describe()[:300]))
    with_group = sum(1 for d in docs for t, kids in grouped_children(d)
                     if GROUP_PARTS[t] & set(kids))
    R.check("ivim-xer/no-ext1", "<ext1" not in x.text and with_group >= 20,
            lambda: "<ext1> printed, or only %d elements with group "
            "components" % with_group)
    tshark = shutil.which("tshark")
    if tshark is None:
        R.skip("ivim-xer/tshark", "tshark is not installed")
        return
    pcap = os.path.join(tmp, "ivim-groups.pcap")
    w = v2x(["encode", "--gn", "shb", "-o", "pcap", "-w", pcap],
            "".join(json.dumps(o) + "\n" for o in objs))
    js = subprocess.run([tshark, "-r", pcap, "-T", "json"],
                        capture_output=True, text=True)
    try:
        frames = json.loads(js.stdout, object_pairs_hook=lambda p: p)
    except ValueError:
        R.fail("ivim-xer/tshark", "tshark -T json gave no JSON; %s" %
               w.describe()[:200])
        return
    mism, compared = [], 0
    for i, (d, f) in enumerate(zip(xer_docs(v2x(["decode", "-o", "xer",
                                                  pcap]).text), frames)):
        ours, theirs = grouped_children(d), tshark_children(f)
        compared += sum(1 for t, k in ours if GROUP_PARTS[t] & set(k))
        if ours != theirs:
            mism.append("frame %d: ours %s, tshark %s" % (i + 1, ours[:2],
                                                          theirs[:2]))
    R.check("ivim-xer/tshark", len(frames) == len(objs) and not mism and
            compared >= 20, lambda: "%d frames, %d elements with group "
            "components; %s" % (len(frames), compared, mism[:3]))


def family_labels():
    """A -t name that only ETSI has is etsi without --family (DESIGN:
    --family settles a name both families have; SPAT is one: j2735 by
    default, ETSI's DSRC SPAT with --family etsi); encode takes the same
    names back to the same bytes."""
    for t, fam, args in (("CAM", "etsi", []), ("CPM", "etsi", []),
                         ("DENM", "etsi", ["--family", "j2735"]),
                         ("SPAT", "j2735", []),
                         ("SPAT", "etsi", ["--family", "etsi"]),
                         ("SPATEM", "etsi", [])):
        n = "family/%s%s" % (t, "".join(args).replace("--family", "-"))
        h = v2x(["random", "-t", t, "-n", "3", "--seed", "5"] + args)
        j = v2x(["random", "-t", t, "-n", "3", "--seed", "5", "-o",
                 "json"] + args)
        d = v2x(["decode", "-t", t, "-i", "hex"] + args, h.text)
        objs = [o for o in d.objects() + j.objects() if "pdu" in o]
        R.check(n, len(objs) == 6 and all(o["family"] == fam
                                          for o in objs),
                lambda: "want family %s: %s %s" % (fam, d.text[:200],
                                                   j.text[:100]))
        e = v2x(["encode", "-t", t] + args, d.text)
        R.check(n + "/encode", e.lines() == h.lines() and e.rc == 0,
                lambda: "%s, want %s" % (e.describe()[:200], h.lines()))


def main():
    if not os.path.exists(V2X):
        R.fail("v2x", "%s not built" % V2X)
        return R.finish()
    ms_van3t()
    vanetza()
    family_labels()
    with tempfile.TemporaryDirectory() as tmp:
        oracle(messages(), tmp)
        ivim_xer(tmp)
    return R.finish()


if __name__ == "__main__":
    sys.exit(main())
