#!/usr/bin/env python3
"""pvd.py: SAE J2735 (2020) ProbeVehicleData (id 26) and ProbeDataManagement
(id 25) through v2x: the type names and the aliases PVD and PDM, bare and in
a MessageFrame (decoded in place, not hex); known-answer UPER of a PDM and a
PVD, written here bit by bit from the constraints asn1/j2735/NOTES.md cites
(so that a wrong bound, a missing extension marker or a wrong field order
shows); random values round-trip through JSON and XER to the same bytes;
XER names its list items after their types (Snapshot, VehicleStatusRequest);
constraints are checked on encode.  PASS/FAIL lines."""
import json
import os
import subprocess
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import failed, report  # noqa: E402

V2X = os.environ.get("V2X", "build/bin/v2x")


def v2x(args, data=""):
    p = subprocess.run([V2X] + args, input=data, capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


class Bits:
    """An unaligned PER (X.691) bit writer, as much of it as we need."""

    def __init__(self):
        self.b = ""

    def bit(self, v):
        self.b += "1" if v else "0"

    def bits(self, s):
        self.b += s

    def int(self, v, lo, hi):
        """a constrained whole number: v - lo in the fewest bits."""
        n = (hi - lo).bit_length()
        self.b += format(v - lo, "0%db" % n) if n else ""

    def hex(self):
        b = self.b + "0" * (-len(self.b) % 8)
        return "%0*x" % (len(b) // 4, int(b, 2)) if b else ""


PDM = {"timeStamp": 218880,
       "sample": {"sampleStart": 0, "sampleEnd": 255},
       "directions": "ffff",
       "term": {"termtime": 120},
       "snapshot": {"snapshotTime": {"speed1": 10, "time1": 2,
                                     "speed2": 25, "time2": 1}},
       "txInterval": 5,
       "dataElements": [{"dataType": "lights"},
                        {"dataType": "speedC", "subType": 3,
                         "sendOnLessThenValue": -100, "sendAll": True}]}


def pdm_bits():
    w = Bits()
    w.bit(0)                      # extension bit: no additions
    w.bits("110")                 # timeStamp, dataElements; no regional
    w.int(218880, 0, 527040)      # MinuteOfTheYear
    w.int(0, 0, 255)              # Sample (not extensible)
    w.int(255, 0, 255)
    w.bits("1" * 16)              # HeadingSlice, SIZE(16): no length
    w.bit(0)                      # term: termtime (no extension marker)
    w.int(120, 1, 1800)           # TermTime
    w.bit(0)                      # snapshot: snapshotTime
    w.int(10, 0, 31)              # GrossSpeed
    w.int(2, 0, 61)               # SecondOfTime
    w.int(25, 0, 31)
    w.int(1, 0, 61)
    w.int(5, 0, 61)               # txInterval
    w.int(2, 1, 32)               # VehicleStatusRequestList SIZE(1..32)
    w.bit(0)                      # VehicleStatusRequest: extension bit
    w.bits("0000")
    w.bit(0)                      # VehicleStatusDeviceTypeTag: root value
    w.int(1, 0, 28)               # lights
    w.bit(0)
    w.bits("1101")                # subType, sendOnLess..., sendAll
    w.bit(0)
    w.int(28, 0, 28)              # speedC
    w.int(3, 1, 15)               # subType
    w.int(-100, -32767, 32767)    # sendOnLessThenValue
    w.bit(1)                      # sendAll
    return w.hex()


PVD = {"segNum": 7,
       "probeID": {"id": {"entityID": "0d9fb713"}},
       "startVector": {"long": 1271036156, "lat": 372840156},
       "vehicleType": {"keyType": 10},
       "snapshots": [{"thePosition": {"long": 1271038049, "lat": 372850780,
                                      "heading": 15046},
                      "dataSet": {"lights": {"value": "8800",
                                             "length": 9}}}]}


def pvd_bits():
    w = Bits()
    w.bit(0)                      # extension bit
    w.bits("0110")                # segNum, probeID; no timeStamp, regional
    w.int(7, 0, 32767)            # ProbeSegmentNumber
    w.bit(0)                      # VehicleIdent: extension bit
    w.bits("000100")              # only id
    w.bit(0)                      # VehicleID: entityID (no extension)
    w.bits(format(0x0d9fb713, "032b"))   # TemporaryID, SIZE(4)
    w.bit(0)                      # FullPositionVector: extension bit
    w.bits("0" * 8)               # none of its 8 OPTIONAL members
    w.int(1271036156, -1799999999, 1800000001)
    w.int(372840156, -900000000, 900000001)
    w.bit(0)                      # VehicleClassification: extension bit
    w.bits("100000000")           # keyType only
    w.int(10, 0, 255)
    w.int(1, 1, 32)               # snapshots SIZE(1..32)
    w.bit(0)                      # Snapshot: extension bit
    w.bits("01")                  # dataSet; no safetyExt
    w.bit(0)
    w.bits("00100000")            # heading
    w.int(1271038049, -1799999999, 1800000001)
    w.int(372850780, -900000000, 900000001)
    w.int(15046, 0, 28800)        # Heading
    w.bit(0)                      # VehicleStatus: extension bit
    w.bits("1" + "0" * 21)        # lights of its 22 OPTIONAL members
    w.bit(0)                      # ExteriorLights SIZE(9, ...): in root
    w.bits("100010000")
    return w.hex()


def known_answers():
    for name, alias, value, want in (
            ("ProbeDataManagement", "PDM", PDM, pdm_bits()),
            ("ProbeVehicleData", "PVD", PVD, pvd_bits())):
        rc, out, err = v2x(["encode", "-t", alias], json.dumps(value))
        report("pvd_known_answer_%s" % alias.lower(),
               rc == 0 and out.strip() == want,
               "rc %d: ours %s, by hand %s %s" % (rc, out.strip(), want,
                                                  err[:200]))
        rc, out, err = v2x(["decode", "-i", "hex", "-t", name], want + "\n")
        d = json.loads(out) if rc == 0 and out else {}
        report("pvd_decode_%s" % alias.lower(),
               d.get("pdu") == name and d.get("value") == value,
               "rc %d %s %s" % (rc, out[:300], err[:200]))


def frames():
    """ids 25 and 26 in a MessageFrame: decoded in place, typed."""
    for mid, name, value in ((25, "ProbeDataManagement", PDM),
                             (26, "ProbeVehicleData", PVD)):
        rc, hx, err = v2x(["encode"], json.dumps({"messageId": mid,
                                                  "value": value}))
        rc2, out, err2 = v2x(["decode", "-i", "hex"], hx)
        d = json.loads(out) if rc2 == 0 and out else {}
        report("pvd_messageframe_%d" % mid,
               rc == 0 and d.get("type") == name and
               d.get("value", {}).get("value") == value,
               "rc %d/%d %s %s" % (rc, rc2, out[:300], err + err2))


def roundtrips():
    for t in ("ProbeVehicleData", "ProbeDataManagement"):
        rc, hx, err = v2x(["random", "-t", t, "-n", "200", "--seed", "19"])
        vals = hx.split()
        rc2, js, _ = v2x(["decode", "-i", "hex", "-t", t], hx)
        rc3, back, _ = v2x(["encode"], js)
        report("pvd_json_roundtrip_%s" % t, rc == 0 and len(vals) == 200 and
               back.split() == vals, "rc %d/%d/%d, %d of %d back" %
               (rc, rc2, rc3, sum(a == b for a, b in
                                  zip(vals, back.split())), len(vals)))
        rc4, xer, _ = v2x(["decode", "-i", "hex", "-t", t, "-o", "xer"],
                          "\n".join(vals[:40]) + "\n")
        rc5, xback, err5 = v2x(["encode", "-i", "xer", "-t", t], xer)
        report("pvd_xer_roundtrip_%s" % t, rc4 == 0 and rc5 == 0 and
               xback.split() == vals[:40], "rc %d/%d %s" % (rc4, rc5,
                                                          err5[:300]))


def xer_names():
    rc, x1, _ = v2x(["decode", "-i", "hex", "-t", "PVD", "-o", "xer"],
                    pvd_bits() + "\n")
    rc2, x2, _ = v2x(["decode", "-i", "hex", "-t", "PDM", "-o", "xer"],
                     pdm_bits() + "\n")
    report("pvd_xer_item_names", "<snapshots><Snapshot>" in
           x1.replace("\n", "").replace(" ", "") and
           "<dataElements><VehicleStatusRequest>" in
           x2.replace("\n", "").replace(" ", ""), (x1 + x2)[:600])


def constraints():
    bad = dict(PVD, snapshots=PVD["snapshots"] * 33)
    rc, out, err = v2x(["encode", "-t", "PVD"], json.dumps(bad))
    report("pvd_33_snapshots_refused", rc == 1 and
           '"error":"CONSTRAINT"' in out, "rc %d %s" % (rc, out[:200]))
    bad = dict(PDM, term={"termtime": 0})
    rc, out, err = v2x(["encode", "-t", "PDM"], json.dumps(bad))
    report("pdm_termtime_0_refused", rc == 1 and
           '"error":"CONSTRAINT"' in out and "TermTime" in out,
           "rc %d %s" % (rc, out[:200]))


def main():
    if not os.path.exists(V2X):
        print("FAIL pvd: %s not built" % V2X)
        return 1
    known_answers()
    frames()
    roundtrips()
    xer_names()
    constraints()
    return 1 if failed() else 0


if __name__ == "__main__":
    sys.exit(main())
