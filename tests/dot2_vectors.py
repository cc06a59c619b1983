#!/usr/bin/env python3
"""IEEE 1609.2 codec against the shared public vectors (shared/vectors/SOURCES.md).

Driven through `unit_dot2 parse [-l] HEX` (one JSON line: reason, used
octets, the application payload, whether our builder gives back the same
octets and the same ToBeSignedData, the "layers" object, the certificates):

  1. jpo-ode kafka-1609dot2-input/decoder-input-*.json: BSM and TIM are signed
     data whose payload is the MessageFrame at the start of expected-*.xml;
     PSM is a bare MessageFrame, not 1609.2 (UNKNOWN_VERSION); SPAT, SRM and
     SSM declare an unsecuredData longer than they hold: BAD_LENGTH strictly,
     the MessageFrame recovered with lenient mode (and said so).
  2. jpo-ode udp-receiver BSM: the 1609.2 unsecuredData after the RSU header.
  3. wydot-cv-pilot-logs rxMsg_TIM_Asn1DecoderInput.xml: unsecuredData whose
     MessageFrame `v2x decode` must print as rxMsg_TIM_Asn1DecoderOutput.xml.
  4. vanetza cam_v3_certificate.dat: GeoNetworking basic header (next header
     2, secured), then TS 103 097 signed data with a full certificate: psid
     36, generated 2019-11-21, the certificate's validity and PSIDs; rebuilt
     to the same octets.

Usage: tests/dot2_vectors.py   (env DOT2_TOOL=build/tests/unit_dot2, VECTORS, V2X)
"""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402
from lib.xerjson import Rule, compare  # noqa: E402

R = lib.Reporter("dot2_vectors ")
VEC = lib.vectors_dir()
TOOL = lib.resolve_binary(os.environ.get("DOT2_TOOL", "build/tests/unit_dot2"))
V2X = lib.v2x_binary()
MSGID = {20: "BasicSafetyMessage", 19: "SPAT", 31: "TravelerInformation",
         29: "SignalRequestMessage", 30: "SignalStatusMessage",
         32: "PersonalSafetyMessage"}


def parse(hexstr, *flags):
    p = subprocess.run([TOOL, "parse"] + list(flags) + [hexstr], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"reason": "tool failed: exit %d %s" % (p.returncode, p.stderr[-300:])}


def mf_own_length(data):
    """(messageId, octets) of the UPER MessageFrame at the start of data."""
    if len(data) < 3 or data[0] & 0x80:
        return None
    mid = ((data[0] & 0x7F) << 8) | data[1]
    if data[2] & 0x80 == 0:
        return mid, 3 + data[2]
    if data[2] & 0xC0 == 0x80 and len(data) >= 4:
        return mid, 4 + (((data[2] & 0x3F) << 8) | data[3])
    return None


def v2x_decode(payload_hex, name):
    """v2x decode of one MessageFrame; the object, or None (SKIP/FAIL said)."""
    if not os.path.exists(V2X):
        R.skip(name, "%s not built" % V2X)
        return None
    r = lib.run(V2X, ["decode", "-i", "hex"], payload_hex + "\n")
    if r.crash():
        R.fail(name, r.crash())
        return None
    try:
        objs = r.objects()
    except ValueError as e:
        R.fail(name, str(e))
        return None
    if len(objs) != 1 or "error" in objs[0]:
        R.fail(name, r.describe())
        return None
    return objs[0]


def signed_ok(name, o, exp_hex, msgid):
    """A signed vector: payload = the MessageFrame that expected-*.xml starts with."""
    if not R.check(name + ": parses strictly", o["reason"] == "OK", o):
        return
    layer = o["layer"]
    R.check(name + ": signedData", layer["content"] == "signedData" and
            layer["payload"]["content"] == "unsecuredData", layer)
    R.check(name + ": rebuilds to the same octets", o.get("rebuild") == "same", o.get("rebuild"))
    R.check(name + ": ToBeSignedData rebuilds to its span", o.get("tbs") == "same", o.get("tbs"))
    pl = bytes.fromhex(o.get("payload", ""))
    own = mf_own_length(pl)
    R.check(name + ": payload is one whole MessageFrame (messageId %d)" % msgid,
            own is not None and own[0] == msgid and own[1] == len(pl),
            "payload %d octets, MessageFrame header says %s" % (len(pl), own))
    R.check(name + ": payload starts expected-*.xml",
            exp_hex.lower().startswith(o.get("payload", "-")),
            "expected %s..., payload %s..." % (exp_hex[:40], o.get("payload", "")[:40]))
    if "generationTime" in layer:
        R.check(name + ": generationTime in UTC",
                re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", layer["generationTime"]),
                layer["generationTime"])
    d = v2x_decode(o.get("payload", ""), name + ": payload decodes (v2x)")
    if d is not None:
        R.check(name + ": payload decodes (v2x)",
                d.get("type") in (MSGID[msgid], "BSM", "TIM") and "trailing" not in d,
                json.dumps(d)[:200])


def kafka():
    base = os.path.join(VEC, "jpo-ode", "kafka-1609dot2-input")
    if not os.path.isdir(base):
        R.skip("kafka-1609dot2-input", "%s absent (VECTORS)" % base)
        return
    for kind, msgid in (("bsm", 20), ("tim", 31), ("psm", 32), ("spat", 19),
                        ("srm", 29), ("ssm", 30)):
        name = "kafka " + kind
        with open(os.path.join(base, "decoder-input-%s.json" % kind)) as f:
            hx = json.load(f)["payload"]["data"]["bytes"]
        with open(os.path.join(base, "expected-%s.xml" % kind)) as f:
            exp = re.search(r"<bytes>([0-9A-Fa-f]+)</bytes>", f.read()).group(1)
        strict = parse(hx)
        if kind in ("bsm", "tim"):
            signed_ok(name, strict, exp, msgid)
            if strict.get("reason") == "OK":
                R.check(name + ": trailing octets counted",
                        strict["used"] + strict["trailing"] == len(hx) // 2, strict)
                if kind == "bsm":
                    R.check(name + ": psid 32, digest signer",
                            strict["layer"]["psid"] == 32 and
                            strict["layer"]["signer"] == "digest", strict["layer"])
                else:
                    c = strict["layer"].get("certificate", {})
                    R.check(name + ": implicit certificate signer",
                            strict["layer"]["signer"] == "certificate" and
                            c.get("type") == "implicit" and
                            c.get("keyType") == "reconstructionValue" and
                            strict["layer"]["psid"] in c.get("psids", []), strict["layer"])
        elif kind == "psm":
            R.check(name + ": not 1609.2 (UNKNOWN_VERSION)",
                    strict["reason"] == "UNKNOWN_VERSION", strict)
            R.check(name + ": not 1609.2 leniently either",
                    parse(hx, "-l")["reason"] == "UNKNOWN_VERSION", "lenient parse differs")
        else:
            R.check(name + ": strict parse says BAD_LENGTH",
                    strict["reason"] == "BAD_LENGTH", strict)
            o = parse(hx, "-l")
            if not R.check(name + ": lenient parse recovers", o["reason"] == "OK" and
                           o["layer"].get("lenient") is True, o):
                continue
            R.check(name + ": recovered payload is expected-*.xml",
                    o.get("payload") == exp.lower(),
                    "expected %s, payload %s" % (exp[:40], o.get("payload", "")[:40]))
            pl = bytes.fromhex(o["payload"])
            own = mf_own_length(pl)
            R.check(name + ": it holds a whole MessageFrame (messageId %d)" % msgid,
                    own is not None and own[0] == msgid and own[1] <= len(pl),
                    "MessageFrame header says %s, %d octets" % (own, len(pl)))
            d = v2x_decode(o["payload"], name + ": recovered payload decodes (v2x)")
            if d is not None:
                R.check(name + ": recovered payload decodes (v2x)",
                        d.get("type") in (MSGID[msgid], "SPAT", "SRM", "SSM"),
                        json.dumps(d)[:200])


def udp_bsm():
    base = os.path.join(VEC, "jpo-ode", "udp-receiver")
    path = os.path.join(base, "BsmReceiverTest_ValidBSM.txt")
    if not os.path.exists(path):
        R.skip("udp bsm", "%s absent (VECTORS)" % path)
        return
    with open(path) as f:
        hx = f.read().strip().lower()
    with open(os.path.join(base, "BsmReceiverTest_ValidBSM_expected.json")) as f:
        want = json.load(f)["payload"]["data"]["bytes"].lower()
    at = hx.find("038081bc")
    if not R.check("udp bsm: 1609.2 header found", at >= 0 and at % 2 == 0, "no 038081bc"):
        return
    o = parse(hx[at:])
    R.check("udp bsm: unsecuredData of 0xbc octets", o["reason"] == "OK" and
            o["layer"]["content"] == "unsecuredData" and o["layer"]["length"] == 0xBC, o)
    R.check("udp bsm: payload is the expected MessageFrame", o.get("payload") == want,
            "expected %s..., payload %s..." % (want[:40], o.get("payload", "")[:40]))
    R.check("udp bsm: rebuilds", o.get("rebuild") == "same", o.get("rebuild"))


# asn1c 2020 names of the 2024 XER's TravelerDataFrame fields.
WYDOT_RULES = [
    Rule("*/TravelerDataFrame/doNotUse1", "rename", "notUsed"),
    Rule("*/TravelerDataFrame/doNotUse2", "rename", "notUsed1"),
    Rule("*/TravelerDataFrame/doNotUse3", "rename", "notUsed2"),
    Rule("*/TravelerDataFrame/doNotUse4", "rename", "notUsed3"),
]
# The XER says 0 for the four SSPindex fields; the UPER holds 1 (bits 90-94
# of the TIM are 00001 for the first; decoded by hand; asn1/j2735/NOTES.md
# "Oddities"): a defect of the XER.  Our value there must be the wire's, 1.
WYDOT_WIRE = {"$.value.dataFrames[0].%s" % f: 1
              for f in ("notUsed", "notUsed1", "notUsed2", "notUsed3")}


def wydot():
    base = os.path.join(VEC, "wydot-cv-pilot-logs")
    inp = os.path.join(base, "rxMsg_TIM_Asn1DecoderInput.xml")
    if not os.path.exists(inp):
        R.skip("wydot", "%s absent (VECTORS)" % inp)
        return
    with open(inp) as f:
        text = f.read()
    hx = re.search(r"<bytes>([0-9A-Fa-f]+)</bytes>", text).group(1)
    R.check("wydot: input says Ieee1609Dot2Data in COER",
            "<elementType>Ieee1609Dot2Data</elementType>" in text and
            "<encodingRule>COER</encodingRule>" in text, "metadata differs")
    o = parse(hx)
    if not R.check("wydot: parses", o["reason"] == "OK", o):
        return
    layer = o["layer"]
    R.check("wydot: protocolVersion 3, unsecuredData of 75 octets",
            layer["protocolVersion"] == 3 and layer["content"] == "unsecuredData" and
            layer["length"] == 75 and o["used"] == len(hx) // 2 and o["trailing"] == 0, layer)
    R.check("wydot: rebuilds to the same octets", o.get("rebuild") == "same", o.get("rebuild"))
    own = mf_own_length(bytes.fromhex(o["payload"]))
    R.check("wydot: payload is one MessageFrame (TIM, 31)",
            own == (31, 75), "MessageFrame header says %s" % (own,))
    d = v2x_decode(o["payload"], "wydot: payload decodes (v2x)")
    if d is None:
        return
    root = ET.parse(os.path.join(base, "rxMsg_TIM_Asn1DecoderOutput.xml")).getroot()
    mf = root.find("./payload/data/MessageFrame")
    r = lib.run(V2X, ["decode", "-i", "hex", "-o", "xer"], o["payload"] + "\n")
    ours = ET.fromstring(r.stdout.decode().split("\n<!--")[0]) if r.rc == 0 else None
    if not R.check("wydot: payload decodes to XER (v2x)", ours is not None, r.describe()):
        return
    met = []
    diffs = compare(mf, d["value"], WYDOT_RULES, ours=ours, wire=WYDOT_WIRE, used=met)
    diffs += ["%s: known XER defect entry met nothing (stale?)" % p
              for p in WYDOT_WIRE if p not in met]
    R.check("wydot: MessageFrame as rxMsg_TIM_Asn1DecoderOutput.xml, SEQUENCE OF item names "
            "as our XER, and the wire's 1 where the XER shows 0 in %d SSPindex fields"
            % len(WYDOT_WIRE), not diffs, diffs[:5])


def vanetza():
    path = os.path.join(VEC, "vanetza", "cam_v3_certificate.dat")
    if not os.path.exists(path):
        R.skip("vanetza", "%s absent (VECTORS)" % path)
        return
    with open(path, "rb") as f:
        pkt = f.read()
    R.check("vanetza: GeoNetworking basic header v1, next header secured",
            pkt[0] >> 4 == 1 and pkt[0] & 0x0F == 2, "first octet %02x" % pkt[0])
    R.check("vanetza: the basic header itself is not 1609.2",
            parse(pkt.hex())["reason"] == "UNKNOWN_VERSION", "parsed")
    o = parse(pkt[4:].hex())
    if not R.check("vanetza: secured part parses", o["reason"] == "OK", o):
        return
    layer = o["layer"]
    R.check("vanetza: whole packet used", o["used"] == len(pkt) - 4 and o["trailing"] == 0, o)
    R.check("vanetza: signedData, sha256, psid 36", layer["content"] == "signedData" and
            layer["hashId"] == "sha256" and layer["psid"] == 36, layer)
    R.check("vanetza: generated 2019-11-21", layer["generationTime"] ==
            "2019-11-21T13:27:55.646830Z" and layer["generationTimeTai"] == 501427680646830,
            layer.get("generationTime"))
    c = layer.get("certificate", {})
    R.check("vanetza: full certificate signer", layer["signer"] == "certificate" and
            len(o["certificates"]) == 1 and c.get("type") == "explicit", layer["signer"])
    R.check("vanetza: certificate valid 2019-11-19T03:00:00Z for 168 hours",
            c.get("validityStart") == "2019-11-19T03:00:00Z" and
            c.get("validityEnd") == "2019-11-26T03:00:00Z" and
            c.get("duration") == {"hours": 168}, c)
    R.check("vanetza: certificate issuer, PSIDs, key", c.get("issuer") ==
            {"sha256AndDigest": "56dfd6d627a362dc"} and c.get("psids") == [36, 37] and
            c.get("keyType") == "ecdsaNistP256", c)
    full = o["certificates"][0]["toBeSigned"]
    R.check("vanetza: CAM and DENM bitmap SSPs", full.get("appPermissions") == [
        {"psid": 36, "ssp": {"bitmapSsp": "010000"}},
        {"psid": 37, "ssp": {"bitmapSsp": "01901a25"}}], full.get("appPermissions"))
    R.check("vanetza: rebuilds to the same octets", o.get("rebuild") == "same", o.get("rebuild"))
    R.check("vanetza: ToBeSignedData rebuilds to its span", o.get("tbs") == "same", o.get("tbs"))
    pl = bytes.fromhex(o.get("payload", ""))
    R.check("vanetza: payload is the GeoNetworking common header (next header BTP-B)",
            len(pl) == 86 and pl[0] >> 4 == 2, "payload %s" % pl[:4].hex())


def main():
    if not os.path.isdir(VEC):
        R.skip("vectors", "%s absent (set VECTORS)" % VEC)
        R.finish()
    if not os.path.exists(TOOL):
        R.fail("tool", "%s not built (make)" % TOOL)
        R.finish()
    kafka()
    udp_bsm()
    wydot()
    vanetza()
    R.finish()


main()
