#!/usr/bin/env python3
"""ext_json.py: values of a later J2735 edition through our 2020 decoder,
as README.md ("Later editions") promises: an ENUMERATED value beyond the
root prints as "(extension N)" and encodes back to the same bits; a CHOICE
alternative beyond the root prints as {"(extension)": null} and cannot be
encoded again; an unknown extension addition of a SEQUENCE is skipped.

The bits are made here by ITU-T X.691 (UPER) rules, not by our encoder:
- TravelerInfoType (TIM frameType, ENUMERATED {4 values, ...}): the
  position of its index is found by encoding the sample TIM with two
  frameTypes and diffing; the extension bit and 2-bit index are replaced
  by 1, a normally small number 0 + 6 bits (X.691 13.2, 11.6); the TIM
  is wrapped into its MessageFrame by hand (messageId 31, open type).
- GeographicalPath (TIM.asn): written bit by bit: extension bit 1, the
  9-bit presence bitmap with only description, description's CHOICE
  extension bit 1, index 5, its open type (X.691 23.8), then one unknown
  extension addition (X.691 19.7: bitmap length, bitmap, open type)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.lib import Reporter, REPO, v2x_binary, run  # noqa: E402

R = Reporter()
V2X = v2x_binary()


def bits(b):
    return "".join(format(x, "08b") for x in b)


def octets(s):
    s += "0" * (-len(s) % 8)
    return bytes(int(s[i:i + 8], 2) for i in range(0, len(s), 8))


def v2x(args, data):
    r = run(V2X, args, data.encode() if isinstance(data, str) else data)
    objs = []
    for line in r.text.splitlines():
        try:
            objs.append(json.loads(line))
        except ValueError:
            pass
    return r, objs


def enc_bare(value):
    r, _ = v2x(["encode", "-t", "TravelerInformation"], json.dumps(value) + "\n")
    return bytes.fromhex(r.text.strip()) if r.rc == 0 else None


def test_enumerated():
    with open(os.path.join(REPO, "sim", "samples", "tim.json")) as f:
        sample = json.load(f)
    tim = sample["value"]["value"]
    variants = {}
    for ft in ("unknown", "advisory", "roadSignage"):
        tim["dataFrames"][0]["frameType"] = ft
        variants[ft] = enc_bare(tim)
    tim["dataFrames"][0]["frameType"] = "advisory"
    a, b, u = (bits(variants[k]) for k in ("advisory", "roadSignage", "unknown"))
    diff = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    ok = len(diff) == 2 and diff[1] == diff[0] + 1 and len(a) == len(b) == len(u)
    p = diff[0] if ok else 0
    ok = ok and a[p - 1:p + 2] == "001" and b[p - 1:p + 2] == "010" and u[p - 1:p + 2] == "000"
    if not R.check("enum_located", ok, "frameType's bits not found by diff (%s)" % diff):
        return
    frame_hex = run(V2X, ["encode"], (json.dumps(sample) + "\n").encode()).text.strip()
    orig = bytes.fromhex(frame_hex)
    for n in (0, 5):
        # extension bit 1, then "0" + 6 bits: the index among the additions
        s = a[:p - 1] + "1" + "0" + format(n, "06b") + a[p + 2:]
        bare = octets(s)
        if n == 0:
            # the hand wrap is right: the sample's frame is wrapped alike
            R.check("enum_wrap", bytes([0x00, 0x1f, len(variants["advisory"])]) +
                    variants["advisory"] == orig, "our wrap differs from v2x encode's frame")
        # our encoder's padding was 0..7 zero bits, 5 more may make a whole
        # zero octet: then the decoder says "trailing": 1 and we drop it
        for attempt in (0, 1):
            assert len(bare) < 128
            # MessageFrame: ext 0, messageId 31 in 15 bits, open type
            mf = bytes([0x00, 0x1f, len(bare)]) + bare
            r, objs = v2x(["decode", "-i", "hex"], mf.hex() + "\n")
            o = objs[0] if objs else {}
            if o.get("trailing") == 1 and bare[-1] == 0 and attempt == 0:
                bare = bare[:-1]
                continue
            break
        got = o.get("value", {}).get("value", {})
        want = json.loads(json.dumps(tim))
        want["dataFrames"][0]["frameType"] = "(extension %d)" % n
        R.check("enum_decode_%d" % n, r.rc == 0 and got == want and "trailing" not in o,
                "exit %s: %s" % (r.rc, (got.get("dataFrames") or [{}])[0].get("frameType", r.text[:300])))
        r2, _ = v2x(["encode"], json.dumps(o) + "\n")
        R.check("enum_encode_back_%d" % n, r2.rc == 0 and r2.text.strip() == mf.hex(),
                "exit %s: %s, want %s" % (r2.rc, (r2.text + r2.stderr.decode())[:200], mf.hex()))


def test_choice():
    # GeographicalPath: ext 1; 9 OPTIONAL bits (name id anchor laneWidth
    # directionality closedPath direction description regional), only
    # description; description: ext 1, index 5 (0 + 000101), open type of
    # 2 octets; then the additions: bitmap length-1 (0 + 000000), bitmap 1,
    # one open type of 3 octets
    s = "1" + "000000010" + "1" + "0" + "000101" + "00000010" + bits(b"\xab\xcd") + \
        "0" + "000000" + "1" + "00000011" + bits(b"\x01\x02\x03")
    gp = octets(s)
    r, objs = v2x(["decode", "-i", "hex", "-t", "GeographicalPath"], gp.hex() + "\n")
    o = objs[0] if objs else {}
    R.check("choice_decode", r.rc == 0 and o.get("value") == {"description": {"(extension)": None}}
            and "trailing" not in o, "exit %s: %s" % (r.rc, r.text[:300]))
    # the same without the unknown addition decodes alike: it was skipped
    s0 = "0" + s[1:1 + 9 + 1 + 7 + 8 + 16]
    r0, objs0 = v2x(["decode", "-i", "hex", "-t", "GeographicalPath"], octets(s0).hex() + "\n")
    R.check("addition_skipped", r0.rc == 0 and objs0 and objs and
            objs0[0].get("value") == o.get("value"), "exit %s: %s" % (r0.rc, r0.text[:300]))
    r2, _ = v2x(["encode", "-t", "GeographicalPath"], json.dumps(o.get("value")) + "\n")
    e = r2.objects()[0] if r2.rc == 1 and r2.objects() else {}
    R.check("choice_no_encode", r2.rc == 1 and e.get("error") == "CONSTRAINT" and
            "later edition" in e.get("detail", ""),
            "exit %s: %s" % (r2.rc, (r2.text + r2.stderr.decode())[:200]))


def main():
    if not os.path.exists(V2X):
        R.fail("ext_json", "%s not built" % V2X)
        R.finish()
    test_enumerated()
    test_choice()
    R.finish()


main()
