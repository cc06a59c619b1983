#!/usr/bin/env python3
"""RSU forwards as a back office receives them (jpo-ode udp-receiver
samples): each datagram, given to 'v2x decode' as a hex line, is peeled of
whatever wraps it (a length prefix, a 1609.2 frame, the Wyoming log record
header of the BSM sample) down to the MessageFrame its *_expected.json
holds (payload.data.bytes).  SDSM is a J2735 (2024) type we do not decode:
a clear UNKNOWN_TYPE error, with the layers peeled."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter()
V2X = lib.v2x_binary()
BASE = os.path.join(lib.vectors_dir(), "jpo-ode", "udp-receiver")
CASES = [("BsmReceiverTest_ValidBSM", "BasicSafetyMessage"),
         ("MapReceiverTest_ValidMAP", "MapData"),
         ("PsmReceiverTest_ValidPSM", "PersonalSafetyMessage"),
         ("SpatReceiverTest_ValidSPAT", "SPAT"),
         ("SrmReceiverTest_ValidData", "SignalRequestMessage"),
         ("SsmReceiverTest_ValidSSM", "SignalStatusMessage"),
         ("TimReceiverTest_ValidTIM", "TravelerInformation")]


def expected(name):
    for f in (name + "_expected.json", name.replace("ValidData", "ExpectedOutput") + ".json"):
        p = os.path.join(BASE, f)
        if os.path.exists(p):
            return json.load(open(p))["payload"]["data"]["bytes"].lower()
    return None


def main():
    if not os.path.isdir(BASE):
        R.skip("udp-receiver", "%s not found (set VECTORS)" % BASE)
        return R.finish()
    for name, tname in CASES:
        n = "udp/" + name
        hx = open(os.path.join(BASE, name + ".txt")).read().strip()
        want = expected(name)
        r = lib.run(V2X, ["decode", "--raw", "-i", "hex"], hx + "\n")
        objs = r.objects()
        ok = len(objs) == 1 and objs[0].get("type") == tname
        R.check(n + "/decode", ok, lambda: r.describe()[:300])
        if not ok:
            continue
        raw = objs[0].get("raw", "")
        # The expected record keeps whatever followed the prefix; the PSM
        # sample's declares 29 octets, the MessageFrame's own length, and
        # 13 more follow it (the same 13 as decoder-output-psm.xml's).
        R.check(n + "/messageframe", want is not None and len(raw) > 8 and
                want.startswith(raw),
                lambda: "peeled %s..., expected %s..." % (raw[:40], (want or "")[:40]))
        layers = [l.get("layer") for l in objs[0].get("layers", [])]
        R.check(n + "/layers", hx.lower().startswith(want) or layers,
                lambda: "no layer listed for a wrapped frame")
    hx = open(os.path.join(BASE, "SdsmReceiverTest_ValidSDSM.txt")).read().strip()
    r = lib.run(V2X, ["decode", "-i", "hex"], hx + "\n")
    objs = r.objects()
    R.check("udp/sdsm-unknown-type", len(objs) == 1 and
            objs[0].get("error") == "UNKNOWN_TYPE" and r.rc == 1 and
            "sensorDataSharingMessage" in objs[0].get("detail", ""),
            lambda: r.describe()[:300])
    return R.finish()


if __name__ == "__main__":
    sys.exit(main())
