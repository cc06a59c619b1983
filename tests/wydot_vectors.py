#!/usr/bin/env python3
"""WYDOT CV Pilot OBU logs (shared/vectors/wydot-cv-pilot-logs, see SOURCES.md
section 2) read by codecs/wydot.c, through `unit_wydot --dump FILE` (one JSON
line per record: the "wydot" layer, the peel reason, the decoded message).

  1. Every record of every log parses and (but for driver alerts) peels to a
     BSM, TIM or MAP; the records agree with a reading of the layouts written
     here from jpo-ode's data/wydotLogRecords.h and importer parsers
     (little-endian; Commsignia logs end each record with '\\n'), field by
     field.
  2. The BSMs agree with the ODE JSON beside them (bsmTx.json,
     bsmLogDuringEvent.json: one line per record, not in record order, matched
     by id, msgCnt and secMark): position, elevation, speed, heading,
     acceleration, accuracy, size, in ODE's units; and the record header with
     ODE's metadata (location, time, securityResultCode, bsmSource).
  3. The driver alerts agree with driverAlert.json (text, location, time); the
     distress notification and the received TIMs with dnMsg.json and
     rxMsg_TIM_GeneratedBy_RSU.json (msgCnt, timeStamp, packetID, header).
  4. The jpo-ode UDP receiver's BSM sample is read as a bsmTx record and gives
     the same message as the first record of bsmTx.bin.
  5. With a v2x that knows `decode -i wydot`, its output has one message per
     record with a "wydot" layer.

Usage: tests/wydot_vectors.py   (env VECTORS=dir, WYDOT_DUMP=path/to/unit_wydot,
V2X=path/to/v2x)
"""

import gzip
import json
import os
import struct
import subprocess
import sys
import tempfile
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter()
VEC = os.path.join(os.environ.get("VECTORS") or "/work/shared/vectors")
LOGS = os.path.join(VEC, "wydot-cv-pilot-logs")

FILES = {  # file: (record type, what it carries)
    "bsmTx.bin": ("bsmTx", {20}),
    "bsmTx_commsignia.gz": ("bsmTx", {20}),
    "bsmLogDuringEvent.bin": ("bsmLogDuringEvent", {20}),
    "dnMsg.bin": ("dnMsg", {31}),
    "driverAlert.bin": ("driverAlert", None),
    "rxMsg_BSM_and_TIM.gz": ("rxMsg", {20, 31}),
    "rxMsg_TIM_GeneratedBy_RSU.gz": ("rxMsg", {31}),
    "rxMsg_commsignia_map.gz": ("rxMsg", {18}),
    "rxMsg_commsignia_tim.gz": ("rxMsg", {31}),
    "rxMsg_map_and_tim.gz": ("rxMsg", {18, 31}),
}
# Records ODE's own import test counts in the Commsignia logs
# (jpo-ode FfmlibNativeLogImportTest).
ODE_COUNTS = {"bsmTx_commsignia.gz": 33, "rxMsg_commsignia_map.gz": 103,
              "rxMsg_commsignia_tim.gz": 279, "bsmTx.bin": 16}

# securityResultCode by value (data/wydotLogRecords.h; 1 is ODE's "unknown")
SECURITY = """success unknown inconsistentInputParameters spduParsingInvalidInput
spduParsingUnsupportedCriticalInformationField spduParsingCertificateNotFound
spduParsingGenerationTimeNotAvailable spduParsingGenerationLocationNotAvailable
spduCertificateChainNotEnoughInformationToConstructChain
spduCertificateChainChainEndedAtUntrustedRoot
spduCertificateChainChainWasTooLongForImplementation spduCertificateChainCertificateRevoked
spduCertificateChainOverdueCRL spduCertificateChainInconsistentExpiryTimes
spduCertificateChainInconsistentStartTimes spduCertificateChainInconsistentChainPermissions
spduCryptoVerificationFailure spduConsistencyFutureCertificateAtGenerationTime
spduConsistencyExpiredCertificateAtGenerationTime spduConsistencyExpiryDateTooEarly
spduConsistencyExpiryDateTooLate spduConsistencyGenerationLocationOutsideValidityRegion
spduConsistencyNoGenerationLocation spduConsistencyUnauthorizedPSID
spduInternalConsistencyExpiryTimeBeforeGenerationTime
spduInternalConsistencyextDataHashDoesntMatch spduInternalConsistencynoExtDataHashProvided
spduInternalConsistencynoExtDataHashPresent spduLocalConsistencyPSIDsDontMatch
spduLocalConsistencyChainWasTooLongForSDEE spduRelevanceGenerationTimeTooFarInPast
spduRelevanceGenerationTimeTooFarInFuture spduRelevanceExpiryTimeInPast
spduRelevanceGenerationLocationTooDistant spduRelevanceReplayedSpdu spduCertificateExpired""".split()
RX_SOURCE = ["RSU", "SAT", "RV", "SNMP"]


def dump_binary():
    p = os.environ.get("WYDOT_DUMP")
    if p:
        return lib.resolve_binary(p)
    for c in ("build/tests/unit_wydot", "build/asan/tests/unit_wydot"):
        c = os.path.join(lib.REPO, c)
        if os.path.exists(c):
            return c
    return None


def dump(binary, path, rtype=None):
    cmd = [binary, "--dump", path] + ([rtype] if rtype else [])
    p = subprocess.run(cmd, capture_output=True, timeout=lib.timeout() * 4)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), p.returncode,
                                                  p.stderr.decode(errors="replace")[:300]))
    err = p.stderr.decode(errors="replace")
    for m in lib.SANITIZER_MARKS:
        if m in err:
            raise RuntimeError("sanitizer: " + err[:300])
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


# --- our own reading of the layouts ------------------------------------------

def walk(data, rtype):
    """Records as dicts with the raw header fields, offset, size."""
    tagged = rtype in ("bsmTx", "bsmLogDuringEvent", "rxMsg")
    alert = rtype == "driverAlert"
    hlen = (1 if tagged else 0) + 16 + 6 + (0 if alert else 1) + 2
    out, off = [], 0
    nl = None
    while off < len(data):
        o = off
        rec = {"offset": off}
        if off + hlen > len(data):
            raise ValueError("truncated header at %d" % off)
        if tagged:
            rec["tag"] = data[o]
            o += 1
        (rec["lat"], rec["lon"], rec["elev"], rec["speed"], rec["heading"],
         rec["time"], rec["msec"]) = struct.unpack_from("<iiiHHIH", data, o)
        o += 22
        if not alert:
            rec["security"] = data[o]
            o += 1
        rec["length"] = struct.unpack_from("<H", data, o)[0]
        o += 2
        if o + rec["length"] > len(data):
            raise ValueError("truncated payload at %d" % off)
        rec["payload"] = data[o:o + rec["length"]]
        o += rec["length"]
        if nl is None:
            nl = o < len(data) and data[o] == 0x0a
        if nl and o < len(data) and data[o] == 0x0a:
            o += 1
        rec["size"] = o - off
        out.append(rec)
        off = o
    return out


def fixed(v, scale):
    return Decimal(v).scaleb(-scale)


def dec(x):
    return None if x is None else Decimal(str(x))


def iso(t, ms):
    import datetime
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % ms


def norm_time(s):
    """ISO 8601 time as ODE prints it ("...:00Z" when the milliseconds are 0)
    to (seconds, milliseconds)."""
    import datetime
    if s is None:
        return None
    d = datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (int(d.timestamp()), d.microsecond // 1000)


def check_header(name, rtype, ours, line):
    w = line["wydot"]
    why = []
    if w.get("recordType") != rtype:
        why.append("recordType %r" % w.get("recordType"))
    for k in ("offset",):
        if w.get(k) != ours[k]:
            why.append("%s %r != %r" % (k, w.get(k), ours[k]))
    if line.get("size") != ours["size"]:
        why.append("size %r != %r" % (line.get("size"), ours["size"]))
    loc = w.get("location", {})
    want = {"latitude": fixed(ours["lat"], 7), "longitude": fixed(ours["lon"], 7),
            "elevation": fixed(ours["elev"], 1), "speed": fixed(ours["speed"] * 2, 2),
            "heading": fixed(ours["heading"] * 125, 4)}
    for k, v in want.items():
        if dec(loc.get(k)) != v:
            why.append("%s %r != %s" % (k, loc.get(k), v))
    if w.get("utcTimeInSec") != ours["time"] or w.get("msec") != ours["msec"]:
        why.append("time")
    if w.get("generatedAt") != iso(ours["time"], ours["msec"]):
        why.append("generatedAt %r" % w.get("generatedAt"))
    if "security" in ours and w.get("securityResultCode") != SECURITY[ours["security"]]:
        why.append("securityResultCode %r" % w.get("securityResultCode"))
    if "security" not in ours and "securityResultCode" in w:
        why.append("securityResultCode in a driver alert")
    if w.get("length") != ours["length"]:
        why.append("length")
    if rtype == "rxMsg" and w.get("rxSource") != RX_SOURCE[ours["tag"]]:
        why.append("rxSource %r" % w.get("rxSource"))
    if rtype.startswith("bsm") and w.get("direction") != ("EV", "RV")[ours["tag"]]:
        why.append("direction %r" % w.get("direction"))
    if rtype == "driverAlert" and w.get("alert") != ours["payload"].decode():
        why.append("alert %r" % w.get("alert"))
    return why


def check_files(binary):
    lines_of = {}
    for fname, (rtype, ids) in FILES.items():
        path = os.path.join(LOGS, fname)
        if not os.path.exists(path):
            R.fail(fname, "missing from %s" % LOGS)
            continue
        try:
            lines = dump(binary, path)
            ours = walk(load(path), rtype)
        except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            R.fail(fname, e)
            continue
        lines_of[fname] = lines
        bad = [ln for ln in lines if ln["reason"] != "OK"]
        if bad:
            R.fail(fname + "/records", "%d bad records, first %s at %d" % (
                len(bad), bad[0]["reason"], bad[0]["offset"]))
        elif len(lines) != len(ours):
            R.fail(fname + "/records", "%d records, our reading has %d" % (len(lines), len(ours)))
        elif fname in ODE_COUNTS and len(lines) != ODE_COUNTS[fname]:
            R.fail(fname + "/records", "%d records, ODE counts %d" % (len(lines), ODE_COUNTS[fname]))
        else:
            R.ok(fname + "/records (%d)" % len(lines))
        why = []
        for o, ln in zip(ours, lines):
            w = check_header(fname, rtype, o, ln)
            if w:
                why.append("record at %d: %s" % (o["offset"], ", ".join(w)))
        if why:
            R.fail(fname + "/headers", "; ".join(why[:5]))
        else:
            R.ok(fname + "/headers")
        if ids is None:
            if any("peel" in ln or "message" in ln for ln in lines):
                R.fail(fname + "/text", "driver alerts peeled as messages")
            else:
                R.ok(fname + "/text")
            continue
        fails = [ln for ln in lines if ln.get("peel") != "OK" or not ln.get("message")]
        got = {ln["message"]["value"]["messageId"] for ln in lines if ln.get("message")}
        if fails:
            R.fail(fname + "/peel", "%d records do not peel, first at %d: %s" % (
                len(fails), fails[0]["offset"], fails[0].get("peel")))
        elif got != ids:
            R.fail(fname + "/peel", "message ids %s, expected %s" % (sorted(got), sorted(ids)))
        else:
            R.ok(fname + "/peel (ids %s)" % sorted(got))
    return lines_of


# --- against ODE's JSON --------------------------------------------------------

def ode_lines(fname):
    with open(os.path.join(LOGS, fname)) as f:
        return [json.loads(ln) for ln in f if ln.strip()]


def close(a, b):
    """a (ODE's, converted) equals b (ours, Decimal) or is null for unavailable."""
    if a is None:
        return True
    return Decimal(str(a)) == b


def bsm_core(line):
    return line["message"]["value"]["value"]["coreData"]


def compare_meta(meta, line):
    """ODE metadata against our wydot layer."""
    w = line["wydot"]
    why = []
    loc = meta.get("receivedMessageDetails", {}).get("locationData", {})
    for k in ("latitude", "longitude", "elevation", "speed", "heading"):
        if loc.get(k) is not None and Decimal(str(loc[k])) != dec(w["location"][k]):
            why.append("metadata %s %s != %s" % (k, loc[k], w["location"][k]))
    if norm_time(meta.get("recordGeneratedAt")) != norm_time(w.get("generatedAt")):
        why.append("recordGeneratedAt %s != %s" % (meta.get("recordGeneratedAt"), w.get("generatedAt")))
    if "securityResultCode" in meta and "securityResultCode" in w and \
            meta["securityResultCode"] != w["securityResultCode"]:
        why.append("securityResultCode %s != %s" % (meta["securityResultCode"], w["securityResultCode"]))
    if "bsmSource" in meta and meta["bsmSource"] != w.get("direction"):
        why.append("bsmSource %s != direction %s" % (meta["bsmSource"], w.get("direction")))
    rx = meta.get("receivedMessageDetails", {}).get("rxSource")
    if rx not in (None, "NA") and rx != w.get("rxSource"):
        why.append("rxSource %s != %s" % (rx, w.get("rxSource")))
    return why


def compare_bsm(ode, ours):
    c = ode["payload"]["data"]["coreData"]
    o = bsm_core(ours)
    why = []
    checks = [
        ("latitude", c["position"]["latitude"], fixed(o["lat"], 7)),
        ("longitude", c["position"]["longitude"], fixed(o["long"], 7)),
        ("elevation", c["position"].get("elevation"), fixed(o["elev"], 1)),
        ("speed", c.get("speed"), fixed(o["speed"] * 2, 2)),
        ("heading", c.get("heading"), fixed(o["heading"] * 125, 4)),
        ("accelLong", c.get("accelSet", {}).get("accelLong"), fixed(o["accelSet"]["long"], 2)),
        ("semiMajor", c.get("accuracy", {}).get("semiMajor"), fixed(o["accuracy"]["semiMajor"] * 5, 2)),
        ("semiMinor", c.get("accuracy", {}).get("semiMinor"), fixed(o["accuracy"]["semiMinor"] * 5, 2)),
        ("width", c.get("size", {}).get("width"), Decimal(o["size"]["width"])),
        ("length", c.get("size", {}).get("length"), Decimal(o["size"]["length"])),
    ]
    for name, a, b in checks:
        if not close(a, b):
            why.append("%s ODE %s ours %s" % (name, a, b))
    return why + compare_meta(ode["metadata"], ours)


def check_bsm_json(lines_of, fname, jname):
    if fname not in lines_of:
        R.skip(jname, "%s not read" % fname)
        return
    if not os.path.exists(os.path.join(LOGS, jname)):
        R.fail(jname, "missing")
        return
    ode = ode_lines(jname)
    ours = {}
    for ln in lines_of[fname]:
        o = bsm_core(ln)
        ours.setdefault((o["id"].upper(), o["msgCnt"], o["secMark"]), []).append(ln)
    unmatched, why, used = 0, [], 0
    for d in ode:
        c = d["payload"]["data"]["coreData"]
        key = (c["id"].upper(), c["msgCnt"], c["secMark"])
        cands = ours.get(key, [])
        if not cands:
            unmatched += 1
            continue
        errs = [compare_bsm(d, ln) for ln in cands]
        best = min(range(len(cands)), key=lambda i: len(errs[i]))
        if errs[best]:
            why.append("%s: %s" % (key, ", ".join(errs[best])))
        cands.pop(best)
        used += 1
    left = sum(len(v) for v in ours.values())
    if unmatched or left:
        R.fail(jname + "/match", "%d ODE lines without a record, %d records without a line"
               % (unmatched, left))
    else:
        R.ok(jname + "/match (%d BSMs)" % used)
    if why:
        R.fail(jname + "/fields", "; ".join(why[:5]))
    else:
        R.ok(jname + "/fields")


def check_alerts(lines_of):
    fname, jname = "driverAlert.bin", "driverAlert.json"
    if fname not in lines_of:
        R.skip(jname, "%s not read" % fname)
        return
    ours = {}
    for ln in lines_of[fname]:
        ours.setdefault((norm_time(ln["wydot"]["generatedAt"]), ln["wydot"]["alert"]), []).append(ln)
    why, n = [], 0
    for d in ode_lines(jname):
        key = (norm_time(d["metadata"]["recordGeneratedAt"]), d["payload"]["alert"])
        if not ours.get(key):
            why.append("no record for %s" % (key,))
            continue
        ln = ours[key].pop()
        why += compare_meta(d["metadata"], ln)
        n += 1
    left = sum(len(v) for v in ours.values())
    if left:
        why.append("%d records without a line" % left)
    if why:
        R.fail(jname, "; ".join(why[:5]))
    else:
        R.ok(jname + " (%d alerts)" % n)


def tim_of(ln):
    return ln["message"]["value"]["value"]


def check_tims(lines_of, fname, jname):
    if fname not in lines_of:
        R.skip(jname, "%s not read" % fname)
        return
    ours = {}
    for ln in lines_of[fname]:
        t = tim_of(ln)
        ours.setdefault((norm_time(ln["wydot"]["generatedAt"]), t.get("packetID", "").upper()),
                        []).append(ln)
    why, n = [], 0
    for d in ode_lines(jname):
        t = d["payload"]["data"]["MessageFrame"]["value"]["TravelerInformation"]
        key = (norm_time(d["metadata"]["recordGeneratedAt"]), t.get("packetID", "").upper())
        if not ours.get(key):
            why.append("no record for %s" % (key,))
            continue
        ln = ours[key].pop()
        o = tim_of(ln)
        for k in ("msgCnt", "timeStamp"):
            if t.get(k) != o.get(k):
                why.append("%s %s: ODE %s ours %s" % (key, k, t.get(k), o.get(k)))
        why += compare_meta(d["metadata"], ln)
        n += 1
    left = sum(len(v) for v in ours.values())
    if left:
        why.append("%d records without a line" % left)
    if why:
        R.fail(jname, "; ".join(why[:5]))
    else:
        R.ok(jname + " (%d TIMs)" % n)


def check_udp_sample(binary, lines_of):
    txt = os.path.join(VEC, "jpo-ode", "udp-receiver", "BsmReceiverTest_ValidBSM.txt")
    name = "udp-receiver/BsmReceiverTest_ValidBSM"
    if not os.path.exists(txt) or "bsmTx.bin" not in lines_of:
        R.skip(name, "sample or bsmTx.bin absent")
        return
    with open(txt) as f:
        raw = bytes.fromhex(f.read().strip())
    with tempfile.NamedTemporaryFile(suffix=".bin") as t:
        t.write(raw)
        t.flush()
        lines = dump(binary, t.name)  # no type in the name: guessed
    first = lines_of["bsmTx.bin"][0]
    if len(lines) != 1 or lines[0]["reason"] != "OK":
        R.fail(name, "not one good record: %s" % [ln["reason"] for ln in lines])
    elif lines[0]["wydot"] != first["wydot"] or lines[0].get("message") != first.get("message"):
        R.fail(name, "differs from bsmTx.bin's first record")
    else:
        R.ok(name + " = bsmTx.bin record 1")


def check_v2x():
    v2x = lib.v2x_binary()
    if not os.path.exists(v2x):
        R.skip("v2x decode -i wydot", "no %s" % v2x)
        return
    path = os.path.join(LOGS, "bsmTx.bin")
    p = subprocess.run([v2x, "decode", "-i", "wydot", path], capture_output=True,
                       timeout=lib.timeout())
    out = p.stdout.decode(errors="replace")
    if p.returncode != 0 and not out:
        R.skip("v2x decode -i wydot", "not supported by this v2x (exit %d)" % p.returncode)
        return
    lines = [ln for ln in out.splitlines() if ln.strip()]
    if len(lines) != 16 or not all('"layer":"wydot"' in ln for ln in lines):
        R.fail("v2x decode -i wydot", "%d lines, wydot layers in %d" % (
            len(lines), sum('"layer":"wydot"' in ln for ln in lines)))
    else:
        R.ok("v2x decode -i wydot bsmTx.bin")


def main():
    if not os.path.isdir(LOGS):
        R.skip("wydot vectors", "%s absent" % LOGS)
        return
    binary = dump_binary()
    if binary is None:
        R.skip("wydot vectors", "build/tests/unit_wydot not built")
        return
    lines_of = check_files(binary)
    check_bsm_json(lines_of, "bsmTx.bin", "bsmTx.json")
    check_bsm_json(lines_of, "bsmLogDuringEvent.bin", "bsmLogDuringEvent.json")
    check_alerts(lines_of)
    check_tims(lines_of, "dnMsg.bin", "dnMsg.json")
    check_tims(lines_of, "rxMsg_TIM_GeneratedBy_RSU.gz", "rxMsg_TIM_GeneratedBy_RSU.json")
    check_udp_sample(binary, lines_of)
    check_v2x()


if __name__ == "__main__":
    main()
    R.finish()
