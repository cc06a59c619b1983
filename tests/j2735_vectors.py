#!/usr/bin/env python3
"""J2735 decode/encode against the shared public vectors (see shared/vectors/SOURCES.md).

  1. jpo-ode asn1-decoder-output (ODE, J2735 2024 schema): the UPER MessageFrame
     hex in <metadata><asn1> is decoded with `v2x decode -i hex`; the JSON is
     compared with <payload><data><MessageFrame> (asn1c XER) through
     lib.xerjson, with the 2024 -> 2020 map below; bytes after the end of the
     MessageFrame must show up as "trailing": N; `v2x encode` of the decoded
     line must give back the message's own bytes.  Element names of SEQUENCE
     OF items and open-type wrappers (which JSON does not carry) are compared
     with our own `decode -o xer`.  decoder-output-tim.xml is a signed 1609.2
     frame: decoded through that layer, its MessageFrame compared the same way.
     Known defects of a vector's XER (VECTOR_DEFECTS) do not excuse anything:
     our value must equal the value on the wire that the entry cites.
  2. jpo-asn-pojos-2024: bare types decoded with `-i uper -t TYPE` and compared
     with their XER; bsm_mf_*.bin MessageFrames must decode with Part II decoded
     in place.
  3. Every vector (also the MessageFrame hex in jpo-ode udp-receiver/*.json and
     kafka-1609dot2-input/expected-*.xml) must round-trip: decode, encode the
     JSON, same bytes.
  4. SDSM (a 2024 message type, messageId 41) must give an UNKNOWN_TYPE error
     object, exit status 1, no crash.

Usage: tests/j2735_vectors.py   (env V2X=path/to/v2x, VECTORS=dir, V2X_TIMEOUT=s)
"""

import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402
from lib.xerjson import Rule, apply_rules, compare  # noqa: E402

R = lib.Reporter()
VEC = lib.vectors_dir()
V2X = lib.v2x_binary()

# ---------------------------------------------------------------------------
# J2735 2024 -> 2020 differences met in these vectors.  The XER files were made
# with the 2024 edition; our baseline is 2020.  Each rule rewrites the 2024 XER
# into what a 2020 decoder must print.  Paths use the XER's own (2024) names.
EDITION_RULES = [
    # TravelerDataFrame (TravelerInformation module): 2020 names the four legacy
    # SSPindex fields notUsed, notUsed1, notUsed2, notUsed3; 2024 renamed them
    # doNotUse1..doNotUse4.  Same type and position, so the same UPER bits.
    Rule("*/TravelerDataFrame/doNotUse1", "rename", "notUsed",
         why="TravelerDataFrame: 2020 notUsed = 2024 doNotUse1"),
    Rule("*/TravelerDataFrame/doNotUse2", "rename", "notUsed1",
         why="TravelerDataFrame: 2020 notUsed1 = 2024 doNotUse2"),
    Rule("*/TravelerDataFrame/doNotUse3", "rename", "notUsed2",
         why="TravelerDataFrame: 2020 notUsed2 = 2024 doNotUse3"),
    Rule("*/TravelerDataFrame/doNotUse4", "rename", "notUsed3",
         why="TravelerDataFrame: 2020 notUsed3 = 2024 doNotUse4"),
    # SupplementalVehicleExtensions (BSM Part II, partII-Id 2): 2020 has
    # weatherReport, weatherProbe, obstacle, speedProfile, theRTCM; 2024 keeps the
    # same types in the same places as doNotUse1..doNotUse5.
    Rule("*/SupplementalVehicleExtensions/doNotUse1", "rename", "weatherReport",
         why="SupplementalVehicleExtensions: 2020 weatherReport = 2024 doNotUse1 (WeatherReport)"),
    Rule("*/SupplementalVehicleExtensions/doNotUse2", "rename", "weatherProbe",
         why="SupplementalVehicleExtensions: 2020 weatherProbe = 2024 doNotUse2 (WeatherProbe)"),
    # ... and the ODE BSM sample prints one more <weatherProbe> level inside
    # <doNotUse2> (doNotUse2 is a plain WeatherProbe SEQUENCE in 2024 too):
    Rule("*/SupplementalVehicleExtensions/doNotUse2/weatherProbe", "unwrap",
         why="ODE XER nests <weatherProbe> inside <doNotUse2> (WeatherProbe)"),
    Rule("*/SupplementalVehicleExtensions/doNotUse3", "rename", "obstacle",
         why="SupplementalVehicleExtensions: 2020 obstacle = 2024 doNotUse3 (ObstacleDetection)"),
    Rule("*/SupplementalVehicleExtensions/doNotUse4", "rename", "speedProfile",
         why="SupplementalVehicleExtensions: 2020 speedProfile = 2024 doNotUse4 (SpeedProfile)"),
    Rule("*/SupplementalVehicleExtensions/doNotUse5", "rename", "theRTCM",
         why="SupplementalVehicleExtensions: 2020 theRTCM = 2024 doNotUse5 (RTCMPackage)"),
    # 2024 extension additions (after the '...'): a 2020 decoder skips them, so
    # they are absent from our JSON and cannot come back on re-encoding.
    Rule("*/IntersectionState/roadAuthorityID", "drop",
         why="IntersectionState.roadAuthorityID is a 2024 extension addition"),
    Rule("*/IntersectionGeometry/roadAuthorityID", "drop",
         why="IntersectionGeometry.roadAuthorityID is a 2024 extension addition"),
    Rule("*/TravelerDataFrame/contentNew", "drop",
         why="TravelerDataFrame.contentNew is a 2024 extension addition"),
]

# Defects of the vector files themselves (not of the 2024 edition): the path
# in our JSON whose XER counterpart is known bad, the value the wire holds
# there (our JSON must equal it), and the proof.
VECTOR_DEFECTS = {
    "ode-map/xer": [
        ("$.value.intersections[0].laneSet[15].laneAttributes.laneType.vehicle",
         {"value": "00", "length": 8},
         "decoder-output-map.xml line 993 holds '00002024-12-10T17:32:22.099782646Z 0000' "
         "(a time stamp pasted into the 8-bit LaneAttributes-Vehicle; the 27 other lanes "
         "read 00000000; the wire holds 00000000: asn1/j2735/NOTES.md 'Oddities', and "
         "ode-map/roundtrip gives the vector's exact octets back from our value)"),
    ],
    # decoder-output-tim.xml prints 0 in the four SSPindex fields of
    # TravelerDataFrame (2024 doNotUse1..4, 2020 notUsed..notUsed3); the UPER
    # holds 1 in each 5-bit field (bits 90-94 of the TIM read 00001, decoded
    # by hand; asn1/j2735/NOTES.md 'Oddities'; the wydot TIM XER has the same
    # defect, the jpo-asn-pojos TIM pair prints what its wire holds).
    "ode-tim/xer": [("$.value.dataFrames[0].%s" % f, 1,
                     "decoder-output-tim.xml prints 0, the wire holds 1")
                    for f in ("notUsed", "notUsed1", "notUsed2", "notUsed3")],
}

# bsm_mf_*.bin have no expected decode.  These carry J2735 2024 extension
# additions (found by decoding them with an asn1c 2020 decoder that reports
# the extension bitmaps), which a 2020 decoder skips: exact bytes cannot come
# back from our JSON.
BSM_MF_2024_EXTENSIONS = {
    "suppext": ["VehicleData has the 2024 extension additions trailerPresent, pivotPoint, "
                "axles, leanAngle",
                "SupplementalVehicleExtensions has the 2024 extension additions "
                "fhwaVehicleClass, trailers, schoolBus"],
}
BSM_MF_2024_EXTENSIONS["allext"] = BSM_MF_2024_EXTENSIONS["suppext"]

ALIASES = {"BasicSafetyMessage": "BSM", "TravelerInformation": "TIM", "RoadSideAlert": "RSA",
           "SignalRequestMessage": "SRM", "SignalStatusMessage": "SSM",
           "PersonalSafetyMessage": "PSM"}
MSGID = {20: "BasicSafetyMessage", 18: "MapData", 19: "SPAT", 31: "TravelerInformation",
         27: "RoadSideAlert", 29: "SignalRequestMessage", 30: "SignalStatusMessage",
         32: "PersonalSafetyMessage"}


def type_ok(got, asn1name):
    return got in (asn1name, ALIASES.get(asn1name))


def unhex(s):
    return bytes.fromhex("".join(s.split()))


def mf_own_length(data):
    """Octets of a UPER MessageFrame (SEQUENCE {messageId INTEGER (0..32767),
    value open type, ...}) from its first bits: extension bit, 15-bit id, then
    the open type's length determinant (octet aligned here) and its octets.
    Returns (messageId, own_length) or None."""
    if len(data) < 3:
        return None
    if data[0] & 0x80:
        return None  # extension additions present: not expected here
    mid = ((data[0] & 0x7F) << 8) | data[1]
    b = data[2]
    if b & 0x80 == 0:
        return mid, 3 + b
    if b & 0xC0 == 0x80:
        if len(data) < 4:
            return None
        return mid, 4 + (((b & 0x3F) << 8) | data[3])
    return None  # fragmented length: not expected here


# ---------------------------------------------------------------------------

def decode(args, data, name):
    """Run v2x decode; returns (result, objects) or (None, None) after a FAIL."""
    r = lib.run(V2X, ["decode"] + args, data)
    crash = r.crash()
    if crash:
        R.fail(name, crash)
        return None, None
    try:
        objs = r.objects()
    except ValueError as e:
        R.fail(name, "%s; %s" % (e, r.describe()))
        return None, None
    return r, objs


def encode_line(line, name, args=()):
    """Run v2x encode on one JSON line; returns the hex string or None after a FAIL."""
    r = lib.run(V2X, ["encode"] + list(args), line + "\n")
    crash = r.crash()
    if crash:
        R.fail(name, crash)
        return None
    lines = r.lines()
    if r.rc != 0 or len(lines) != 1:
        R.fail(name, "encode: expected exit 0 and one hex line, got %s" % r.describe())
        return None
    h = lines[0].strip()
    try:
        bytes.fromhex(h)
    except ValueError:
        R.fail(name, "encode printed %r, not hex" % h[:200])
        return None
    return h.lower()


def one_message(r, objs, name):
    """The single decoded object, or None after a FAIL."""
    if len(objs) != 1:
        R.fail(name, "expected one JSON line, got %d: %s" % (len(objs), r.describe()))
        return None
    o = objs[0]
    if "error" in o:
        R.fail(name, "decode error %s (exit %d): %s" % (o.get("error"), r.rc, json.dumps(o)[:300]))
        return None
    if r.rc != 0:
        R.fail(name, "decoded but exit status %d (expected 0)" % r.rc)
        return None
    missing = [k for k in ("family", "pdu", "type", "value") if k not in o]
    if missing or o.get("family") != "j2735":
        R.fail(name, "output object lacks %s or family != j2735: %s" % (missing, json.dumps(o)[:300]))
        return None
    return o


def roundtrip(name, obj, want_hex, lost_extensions=None):
    """encode(decoded line) must give want_hex.  When the XER showed 2024
    extension additions that a 2020 decoder drops (lost_extensions), exact bytes
    cannot come back: then the re-encoded bytes must decode to the same JSON."""
    line = json.dumps(obj)  # decode's own line as is ("trailing" included)
    h = encode_line(line, name)
    if h is None:
        return None
    if h == want_hex.lower():
        R.ok(name)
        return h
    if lost_extensions:
        pdu = obj["pdu"]
        args = ["-i", "hex"] + ([] if pdu == "MessageFrame" else ["-t", pdu])
        r, objs = decode(args, h + "\n", name)
        if r is None:
            return None
        o2 = one_message(r, objs, name)
        if o2 is None:
            return None
        if (o2.get("value") == obj.get("value") and not o2.get("trailing")
                and len(h) < len(want_hex)):
            R.ok(name + " (bytes differ as expected: %s; JSON stable)" % "; ".join(lost_extensions))
        else:
            R.fail(name, "re-encoded %d octets (original %d) decode to %s JSON (the 2024 "
                         "extension additions %s explain only missing octets)"
                   % (len(h) // 2, len(want_hex) // 2,
                      "the same" if o2.get("value") == obj.get("value") else "different",
                      lost_extensions))
        return h
    R.fail(name, "encode gave %d octets %s..., expected %d octets %s..." % (
        len(h) // 2, h[:48], len(want_hex) // 2, want_hex.lower()[:48]))
    return h


def our_xer(args, data, name):
    """Our own XER of the same input (decode -o xer): the root element, or
    None after a FAIL.  It gives the element names of SEQUENCE OF items that
    the JSON cannot carry."""
    r = lib.run(V2X, ["decode", "-o", "xer"] + args, data)
    crash = r.crash()
    if crash:
        R.fail(name, crash)
        return None
    text = r.stdout.decode("utf-8", "replace")
    end = text.find("\n<!--")
    try:
        return ET.fromstring(text[:end] if end >= 0 else text)
    except ET.ParseError as e:
        R.fail(name, "decode -o xer: %s; %s" % (e, r.describe()))
        return None


def xer_check(name, xer_root, value, ours):
    """The vector's XER against our JSON (and, for the names JSON does not
    carry, against our XER `ours`)."""
    xer2, used = apply_rules(xer_root, EDITION_RULES)
    defects = VECTOR_DEFECTS.get(name, [])
    met = []
    diffs = compare(xer2, value, ours=ours, wire={p: w for p, w, _ in defects}, used=met)
    diffs += ["%s: vector defect entry met nothing (stale? %s)" % (p, why)
              for p, _, why in defects if p not in met]
    if diffs:
        R.fail(name, "%d differences (2024->2020 rules used: %s): %s" % (
            len(diffs), [u["why"] for u in used] or "none", " | ".join(diffs[:12])))
    else:
        notes = []
        if used:
            notes.append("2024->2020: " + "; ".join(sorted({u["why"] for u in used})))
        notes += sorted({"vector defect, ours = wire value %s: %s" % (json.dumps(w), why)
                         for p, w, why in defects})
        R.ok(name + (" (%s)" % "; ".join(notes) if notes else ""))
    return used


def lost_by(used):
    return sorted({u["why"] for u in used if u["action"] == "drop"})


# ---------------------------------------------------------------------------
# 1. jpo-ode asn1-decoder-output

ODE_TYPES = [("bsm", "BasicSafetyMessage"), ("map", "MapData"), ("psm", "PersonalSafetyMessage"),
             ("spat", "SPAT"), ("srm", "SignalRequestMessage"), ("ssm", "SignalStatusMessage")]


def ode_decoder_output():
    base = os.path.join(VEC, "jpo-ode", "asn1-decoder-output")
    for short, tname in ODE_TYPES:
        n = "ode-%s" % short
        path = os.path.join(base, "decoder-output-%s.xml" % short)
        if not os.path.exists(path):
            R.skip(n, "vector %s not found" % path)
            continue
        doc = ET.parse(path).getroot()
        hx = "".join(doc.find("metadata/asn1").text.split()).lower()
        xer = doc.find("payload/data/MessageFrame")
        data = bytes.fromhex(hx)
        mid, own = mf_own_length(data)
        trailing = len(data) - own
        r, objs = decode(["-i", "hex"], hx + "\n", n + "/decode")
        if r is None:
            continue
        o = one_message(r, objs, n + "/decode")
        if o is None:
            continue
        if o["pdu"] == "MessageFrame" and type_ok(o["type"], tname):
            R.ok(n + "/decode")
        else:
            R.fail(n + "/decode", "pdu/type %r/%r, expected MessageFrame/%s" % (o["pdu"], o["type"], tname))
        if trailing:
            R.check(n + "/trailing", o.get("trailing") == trailing,
                    "message ends at octet %d of %d: expected \"trailing\": %d, got %r"
                    % (own, len(data), trailing, o.get("trailing")))
        else:
            R.check(n + "/trailing", not o.get("trailing"),
                    "no octets after the message, but \"trailing\": %r" % o.get("trailing"))
        ours = our_xer(["-i", "hex"], hx + "\n", n + "/xer")
        if ours is not None:
            used = xer_check(n + "/xer", xer, o["value"], ours)
            roundtrip(n + "/roundtrip", o, hx[:2 * own], lost_by(used))


def ode_tim():
    """decoder-output-tim.xml's <asn1> is a signed IEEE 1609.2 frame (03 81 00
    40 03 80 81 D4 ...: signedData whose tbsData holds unsecuredData of 212
    octets, then a digest signer and the signature), and its XER is the
    MessageFrame inside.  v2x decode peels the 1609.2 layer (reported in
    "layers"): the JSON of the MessageFrame is compared with the XER like the
    others; the MessageFrame's own octets (the unsecuredData) must come back
    from encode."""
    base = os.path.join(VEC, "jpo-ode", "asn1-decoder-output")
    n = "ode-tim"
    path = os.path.join(base, "decoder-output-tim.xml")
    if not os.path.exists(path):
        R.skip(n, "vector %s not found" % path)
        return
    doc = ET.parse(path).getroot()
    hx = "".join(doc.find("metadata/asn1").text.split()).lower()
    xer = doc.find("payload/data/MessageFrame")
    r, objs = decode(["-i", "hex"], hx + "\n", n + "/decode")
    if r is None:
        return
    o = one_message(r, objs, n + "/decode")
    if o is None:
        return
    layers = o.get("layers") or [{}]
    l0 = layers[0]
    ok = (o["pdu"] == "MessageFrame" and type_ok(o["type"], "TravelerInformation")
          and l0.get("layer") == "ieee1609dot2" and l0.get("content") == "signedData"
          and l0.get("payload", {}).get("content") == "unsecuredData"
          and l0.get("payload", {}).get("length") == 212)
    R.check(n + "/decode", ok, lambda: "expected a TIM MessageFrame inside 1609.2 signedData "
            "(unsecuredData of 212 octets): %s" % json.dumps(o)[:400])
    if not ok:
        return
    # the unsecuredData's octets: after 03 81 00 40 03 80 81 d4 (length 0xd4)
    at = hx.find("038081d4")
    inner = hx[at + 8:at + 8 + 2 * 212]
    mid, own = mf_own_length(bytes.fromhex(inner))
    R.check(n + "/trailing", own == 212 and not o.get("trailing"),
            "MessageFrame is %d of 212 octets; \"trailing\": %r" % (own, o.get("trailing")))
    ours = our_xer(["-i", "hex"], hx + "\n", n + "/xer")
    if ours is None:
        return
    used = xer_check(n + "/xer", xer, o["value"], ours)
    line = {k: v for k, v in o.items() if k != "layers"}
    roundtrip(n + "/roundtrip", line, inner[:2 * own], lost_by(used))


def ode_out_of_scope():
    base = os.path.join(VEC, "jpo-ode", "asn1-decoder-output")
    # SDSM (messageId 41) is a J2735 2024 type we do not support: a MessageFrame
    # with an unknown messageId must be an error object UNKNOWN_TYPE, exit 1.
    for n, path, getter in [
            ("sdsm/decoder-output", os.path.join(base, "decoder-output-sdsm.xml"),
             lambda p: ET.parse(p).getroot().find("metadata/asn1").text),
            ("sdsm/udp-receiver", os.path.join(VEC, "jpo-ode", "udp-receiver",
                                               "SdsmReceiverTest_ValidSDSM.txt"),
             lambda p: open(p).read())]:
        if not os.path.exists(path):
            R.skip(n, "vector %s not found" % path)
            continue
        hx = "".join(getter(path).split())
        r, objs = decode(["-i", "hex"], hx + "\n", n)
        if r is None:
            continue
        ok = (len(objs) == 1 and objs[0].get("error") == "UNKNOWN_TYPE" and r.rc == 1
              and objs[0].get("line") == 1)
        R.check(n, ok, lambda: "expected one {\"error\":\"UNKNOWN_TYPE\",...,\"line\":1} and "
                               "exit 1, got %s" % r.describe())


# ---------------------------------------------------------------------------
# 2. jpo-asn-pojos-2024 bare types

POJOS = [
    ("psm/psm_animal", "psm/psm_animal.uper", "psm/psm_animal.xml", "PersonalSafetyMessage"),
    ("psm/psm_human", "psm/psm_human.uper", "psm/psm_human.xml", "PersonalSafetyMessage"),
    ("psm/psm_motor", "psm/psm_motor.uper", "psm/psm_motor.xml", "PersonalSafetyMessage"),
    ("spat", "spat/spat_xml_rt.bin", "spat/spat_rt.xml", "SPAT"),
    ("srm", "srm/srm.bin", "srm/srm.xml", "SignalRequestMessage"),
    ("ssm", "ssm/ssm.bin", "ssm/ssm.xml", "SignalStatusMessage"),
    ("tim", "tim/tim.bin", "tim/tim.xml", "TravelerInformation"),
    ("map", "map/map-node-attribute-set-rt.bin", "map/map-node-attribute-set-rt.xml", "MapData"),
]

# Where the 2024 edition makes a 2020 decoder fail on a pojos vector: name ->
# (expected error reason, the 2024 difference that causes it).  Empty: every
# 2024 difference met in these vectors is a renamed field or an extension
# addition, which a 2020 decoder skips (checked with an asn1c 2020 decoder
# whose extension skipping works); none is a change to a root component.
POJOS_EXPECTED_FAIL = {
}


def pojos_bare():
    base = os.path.join(VEC, "jpo-asn-pojos-2024")
    for short, binf, xmlf, tname in POJOS:
        n = "pojos-%s" % short
        bpath, xpath = os.path.join(base, binf), os.path.join(base, xmlf)
        if not (os.path.exists(bpath) and os.path.exists(xpath)):
            R.skip(n, "vector %s or %s not found" % (bpath, xpath))
            continue
        data = open(bpath, "rb").read()
        xer = ET.parse(xpath).getroot()
        lost = lost_by(apply_rules(xer, EDITION_RULES)[1])
        r, objs = decode(["-i", "uper", "-t", tname, bpath], None, n + "/decode")
        if r is None:
            continue
        if lost and objs and "error" in objs[0]:
            R.fail(n + "/decode", "%s (%s); this vector carries J2735 2024 extension additions "
                   "(%s): a 2020 decoder must skip them (they are open-type encoded for that)"
                   % (objs[0].get("error"), objs[0].get("detail"), "; ".join(lost)))
            continue
        if short in POJOS_EXPECTED_FAIL:
            reason, why = POJOS_EXPECTED_FAIL[short]
            ok = len(objs) >= 1 and objs[0].get("error") == reason and r.rc == 1 \
                and "offset" in objs[0]
            R.check(n + "/decode", ok, lambda: "2024 difference (%s): expected error %s with "
                    "offset, exit 1; got %s" % (why, reason, r.describe()))
            continue
        o = one_message(r, objs, n + "/decode")
        if o is None:
            continue
        if o["pdu"] in (tname, ALIASES.get(tname)) and type_ok(o["type"], tname):
            R.ok(n + "/decode")
        else:
            R.fail(n + "/decode", "pdu/type %r/%r, expected %s" % (o["pdu"], o["type"], tname))
        R.check(n + "/trailing", not o.get("trailing"),
                "file holds exactly one message, but \"trailing\": %r" % o.get("trailing"))
        ours = our_xer(["-i", "uper", "-t", tname, bpath], None, n + "/xer")
        if ours is None:
            continue
        used = xer_check(n + "/xer", xer, o["value"], ours)
        h = roundtrip(n + "/roundtrip", o, data.hex(), lost_by(used))
        # the bare JER value with -t TYPE must encode to the same bytes
        if h is not None:
            h2 = encode_line(json.dumps(o["value"]), n + "/encode-bare", ["-t", tname])
            if h2 is not None:
                R.check(n + "/encode-bare", h2 == h,
                        "encode -t %s of the bare value gave %s..., the full line gave %s..."
                        % (tname, h2[:40], h[:40]))


def pojos_bsm_mf():
    base = os.path.join(VEC, "jpo-asn-pojos-2024", "bsm")
    names = ["noext", "safetyext", "specialext", "suppext", "allext"]
    for s in names:
        n = "pojos-bsm_mf_%s" % s
        path = os.path.join(base, "bsm_mf_%s_01.bin" % s)
        if not os.path.exists(path):
            R.skip(n, "vector %s not found" % path)
            continue
        data = open(path, "rb").read()
        own = mf_own_length(data)
        r, objs = decode(["-i", "uper", path], None, n + "/decode")
        if r is None:
            continue
        o = one_message(r, objs, n + "/decode")
        if o is None:
            continue
        v = o["value"]
        ext = BSM_MF_2024_EXTENSIONS.get(s)
        if ext and any("unknown" in p for p in v.get("value", {}).get("partII", [])):
            R.fail(n + "/decode", "Part II left undecoded (\"unknown\"); this vector carries "
                   "J2735 2024 extension additions (%s) that a 2020 decoder must skip"
                   % "; ".join(ext))
            continue
        if not (o["pdu"] == "MessageFrame" and type_ok(o["type"], "BasicSafetyMessage")
                and v.get("messageId") == 20 and isinstance(v.get("value"), dict)):
            R.fail(n + "/decode", "expected a MessageFrame with messageId 20 and a decoded BSM, got "
                   + json.dumps(o)[:300])
            continue
        R.ok(n + "/decode")
        bsm = v["value"]
        part2 = bsm.get("partII", [])
        if s == "noext":
            R.check(n + "/partII", not part2, "noext sample has partII %s" % json.dumps(part2)[:200])
        else:
            bad = [p for p in part2 if not isinstance(p.get("partII-Value"), dict) or "unknown" in p]
            R.check(n + "/partII", part2 and not bad,
                    lambda: "Part II not decoded in place: %s" % json.dumps(part2)[:300])
        if own:
            R.check(n + "/trailing", own[1] == len(data) and not o.get("trailing"),
                    "MessageFrame is %d of %d octets, trailing %r" % (own[1], len(data), o.get("trailing")))
        roundtrip(n + "/roundtrip", o, data.hex(), BSM_MF_2024_EXTENSIONS.get(s))


# ---------------------------------------------------------------------------
# 3. more MessageFrame hex, decode + round trip (no expected decode next to them)

def other_frames():
    out = []
    udp = os.path.join(VEC, "jpo-ode", "udp-receiver")
    for f in ["BsmReceiverTest_ValidBSM_expected.json", "MapReceiverTest_ValidMAP_expected.json",
              "PsmReceiverTest_ValidPSM_expected.json", "SpatReceiverTest_ValidSPAT_expected.json",
              "SrmReceiverTest_ExpectedOutput.json", "SsmReceiverTest_ValidSSM_expected.json",
              "TimReceiverTest_ValidTIM_expected.json"]:
        p = os.path.join(udp, f)
        if os.path.exists(p):
            with open(p) as fh:
                out.append(("udp-" + f.split("Receiver")[0].lower(), json.load(fh)["payload"]["data"]["bytes"]))
        else:
            out.append(("udp-" + f.split("Receiver")[0].lower(), None))
    kaf = os.path.join(VEC, "jpo-ode", "kafka-1609dot2-input")
    for t in ["bsm", "psm", "spat", "srm", "ssm", "tim"]:
        p = os.path.join(kaf, "expected-%s.xml" % t)
        if os.path.exists(p):
            out.append(("kafka-" + t, ET.parse(p).getroot().find("payload/data/bytes").text))
        else:
            out.append(("kafka-" + t, None))
    return out


def more_roundtrips():
    frames = other_frames()
    good = []  # frames that decode on their own, for the stream checks
    for n, hx in frames:
        if hx is None:
            R.skip(n, "vector not found")
            continue
        hx = "".join(hx.split())
        data = bytes.fromhex(hx)
        mid, own = mf_own_length(data)
        # the upper-case hex (TIM) is fed as is: hex input is case-insensitive
        r, objs = decode(["-i", "hex"], hx + "\n", n + "/decode")
        if r is None:
            continue
        o = one_message(r, objs, n + "/decode")
        if o is None:
            continue
        ok = o["pdu"] == "MessageFrame" and o["value"].get("messageId") == mid \
            and type_ok(o["type"], MSGID.get(mid, "?")) and isinstance(o["value"].get("value"), dict)
        R.check(n + "/decode", ok, lambda: "expected MessageFrame %d (%s) decoded: %s"
                % (mid, MSGID.get(mid), json.dumps(o)[:300]))
        if ok:
            good.append((hx, n))
        R.check(n + "/trailing", (o.get("trailing") or 0) == len(data) - own,
                "MessageFrame is %d of %d octets: expected trailing %d, got %r"
                % (own, len(data), len(data) - own, o.get("trailing")))
        roundtrip(n + "/roundtrip", o, data[:own].hex())
    # All of them in one hex stream: one line each, in order, decoding goes on.
    if len(good) < 2:
        R.skip("stream", "fewer than two vectors decode on their own")
    else:
        stream = "# all MessageFrame vectors, one per line\n\n" + "\n".join(h for h, _ in good) + "\n"
        r, objs = decode(["-i", "hex"], stream, "stream/hex")
        if r is not None:
            ok = len(objs) == len(good) and all("error" not in o for o in objs) and r.rc == 0
            R.check("stream/hex", ok, lambda: "expected %d decoded lines (comments and blank lines "
                    "skipped), got %d: %s" % (len(good), len(objs), r.describe()))
        # the same messages as one binary file, back to back, without trailers
        blob = b"".join(bytes.fromhex(h)[:mf_own_length(bytes.fromhex(h))[1]] for h, _ in good)
        r, objs = decode(["-i", "uper"], blob, "stream/uper")
        if r is not None:
            offs, off = [], 0
            for h, _ in good:
                offs.append(off)
                off += mf_own_length(bytes.fromhex(h))[1]
            ok = len(objs) == len(good) and all("error" not in o for o in objs) and r.rc == 0
            R.check("stream/uper", ok, lambda: "expected %d messages back to back at offsets %s, "
                    "got %s" % (len(good), offs, r.describe()))


def type_options():
    """-t aliases, -t MessageFrame, -o json, --family j2735, and a MessageFrame's
    contents decoded as the bare type give the same JSON."""
    base = os.path.join(VEC, "jpo-ode", "asn1-decoder-output")
    for short, tname in ODE_TYPES:
        n = "bare-content/ode-%s" % short
        path = os.path.join(base, "decoder-output-%s.xml" % short)
        if not os.path.exists(path):
            R.skip(n, "vector not found")
            continue
        data = unhex(ET.parse(path).getroot().find("metadata/asn1").text)
        mid, own = mf_own_length(data)
        inner = data[(4 if data[2] & 0x80 else 3):own]  # the open type's octets
        alias = ALIASES.get(tname, tname)
        r1 = lib.run(V2X, ["decode", "-i", "hex", "-o", "json", "--family", "j2735"], data.hex() + "\n")
        r2 = lib.run(V2X, ["decode", "-i", "hex", "-t", alias], inner.hex() + "\n")
        r3 = lib.run(V2X, ["decode", "-i", "hex", "-t", "MessageFrame"], data.hex() + "\n")
        bad = [x.crash() for x in (r1, r2, r3) if x.crash()]
        if bad:
            R.fail(n, bad[0])
            continue
        try:
            o1, o2, o3 = (x.objects()[0] if x.lines() else {} for x in (r1, r2, r3))
        except ValueError as e:
            R.fail(n, str(e))
            continue
        v1 = o1.get("value", {}).get("value")
        ok = (v1 is not None and o2.get("value") == v1 and o3.get("value") == o1.get("value")
              and o2.get("pdu") in (tname, alias) and not o2.get("trailing"))
        R.check(n, ok, lambda: "MessageFrame -> %s; -t %s on its %d content octets -> %s; "
                "-t MessageFrame -> %s" % (json.dumps(o1)[:150], alias, len(inner),
                                            json.dumps(o2)[:150], json.dumps(o3)[:150]))


def encode_uper_output():
    """-o uper writes the raw octets."""
    p = os.path.join(VEC, "jpo-asn-pojos-2024", "srm", "srm.bin")
    if not os.path.exists(p):
        R.skip("encode/uper-output", "vector not found")
        return
    data = open(p, "rb").read()
    r, objs = decode(["-i", "uper", "-t", "SignalRequestMessage", p], None, "encode/uper-output")
    if r is None:
        return
    o = one_message(r, objs, "encode/uper-output")
    if o is None:
        return
    e = lib.run(V2X, ["encode", "-o", "uper"], json.dumps(o) + "\n")
    crash = e.crash()
    if crash:
        R.fail("encode/uper-output", crash)
        return
    R.check("encode/uper-output", e.rc == 0 and e.stdout == data,
            lambda: "encode -o uper: exit %d, %d octets (expected %d octets equal to srm.bin)"
            % (e.rc, len(e.stdout), len(data)))


def main():
    if not os.path.isdir(VEC):
        R.skip("vectors", "vector directory %s not found (set VECTORS)" % VEC)
        R.finish()
    if not os.access(V2X, os.X_OK):
        R.fail("v2x", "binary %s not found or not executable (build with make, or set V2X)" % V2X)
        R.finish()
    ode_decoder_output()
    ode_tim()
    ode_out_of_scope()
    pojos_bare()
    pojos_bsm_mf()
    more_roundtrips()
    type_options()
    encode_uper_output()
    R.finish()


if __name__ == "__main__":
    main()
