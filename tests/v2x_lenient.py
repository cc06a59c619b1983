#!/usr/bin/env python3
"""v2x_lenient.py: 'v2x decode --lenient' does what its help promises:
"recover what the strict parsers refuse (a 1609.2 length that runs past
the data) and say so in the layer ("lenient": true)".

The case: an Ethernet frame (ethertype 0x88DC) carrying WSMP and an IEEE
1609.2 signedData whose unsecuredData length says 6 octets more than the
frame holds, the BSM inside complete (a sender that counts its length
wrong, or a capture cut after the message).  Strict: an error, nothing
decoded.  --lenient: the BSM as a plain decode gives it, the 1609.2 layer
marked "lenient": true and "incomplete": true.  A sound frame is decoded
alike in both modes and never marked.  In a pcap file (-i pcap), where no
heuristic scan of RSU forward wrappers applies."""
import json
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.lib import Reporter, REPO, v2x_binary, run  # noqa: E402

R = Reporter()
V2X = v2x_binary()


def pcap(frames):
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1700000000 + i, 0, len(f), len(f)) + f
    return out


def ether(d):
    # IEEE 1609.3-2016 8.3.3: the WSM length, one octet below 128, else two
    # with the top bits 10
    n = bytes([len(d)]) if len(d) < 128 else struct.pack(">H", 0x8000 | len(d))
    wsmp = bytes([0x03, 0x00, 0x20]) + n + d
    return b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xdc" + wsmp


def frame(msg, claim):
    """Ethernet + WSMP (PSID 0x20) + the start of a 1609.2 signedData as
    v2x sign builds it, cut after the message; claim: the unsecuredData
    length written."""
    # Ieee1609Dot2Data v3, signedData (0x81), hashId sha256, ToBeSignedData:
    # SignedDataPayload {data} = Ieee1609Dot2Data v3 unsecuredData (0x80)
    d = bytes([3, 0x81, 0, 0x40, 3, 0x80, claim]) + msg
    assert claim < 128 and len(d) < 128
    return ether(d)


def decode(path, *opts):
    r = run(V2X, ["decode", "-i", "pcap"] + list(opts) + [path])
    objs = []
    for line in r.text.splitlines():
        try:
            objs.append(json.loads(line))
        except ValueError:
            pass
    return r, objs


def dot2_layer(o):
    return next((l for l in o.get("layers", []) if l.get("layer") == "ieee1609dot2"), None)


def main():
    with open(os.path.join(REPO, "sim", "samples", "bsm.json")) as f:
        r = run(V2X, ["encode"], f.read().encode())
    msg = bytes.fromhex(r.text.strip())
    r = run(V2X, ["decode", "-i", "hex"], msg.hex().encode())
    plain = json.loads(r.text.splitlines()[0])["value"]
    tmp = tempfile.mkdtemp(prefix="v2x_lenient.")
    bad = os.path.join(tmp, "long.pcap")
    good = os.path.join(tmp, "sound.pcap")
    open(bad, "wb").write(pcap([frame(msg, len(msg) + 6)]))
    # the sound control: the same message signed by 'v2x sign' (P-256)
    pki = os.path.join(tmp, "pki")
    r1 = run(V2X, ["cert", "root", "-o", pki + "/root"])
    r2 = run(V2X, ["cert", "issue", "--ca", pki + "/root", "--kind", "at", "--psid", "32",
                   "-o", pki + "/at"])
    r3 = run(V2X, ["sign", "--key", pki + "/at.key", "--cert", pki + "/at.cert", "--psid", "32",
                   "--signer", "digest"], (msg.hex() + "\n").encode())
    if r1.rc or r2.rc or r3.rc:
        R.fail("sign", "v2x cert/sign: %s" % (r1.stderr + r2.stderr + r3.stderr)[-300:])
        R.finish()
    signed = bytes.fromhex(r3.text.split()[0])
    open(good, "wb").write(pcap([ether(signed)]))

    r, objs = decode(bad)
    o = objs[0] if objs else {}
    R.check("strict_refuses", r.rc == 1 and len(objs) == 1 and o.get("error") == "BAD_LENGTH"
            and "value" not in o,
            "exit %s, %s" % (r.rc, r.text[:300]))
    r, objs = decode(bad, "--lenient")
    o = objs[0] if objs else {}
    lay = dot2_layer(o) or {}
    R.check("lenient_recovers", r.rc == 0 and len(objs) == 1 and o.get("value") == plain and
            o.get("type") == "BasicSafetyMessage",
            "exit %s, %s" % (r.rc, r.text[:300]))
    R.check("lenient_says_so", lay.get("lenient") is True and lay.get("incomplete") is True and
            [l.get("layer") for l in o.get("layers", [])][-2:] == ["wsmp", "ieee1609dot2"],
            "layers %s" % o.get("layers"))

    for opts in ([], ["--lenient"]):
        r, objs = decode(good, *opts)
        o = objs[0] if objs else {}
        lay = dot2_layer(o) or {}
        R.check("sound_%s" % ("lenient" if opts else "strict"),
                r.rc == 0 and o.get("value") == plain and lay and "lenient" not in lay and
                "incomplete" not in lay, "exit %s, %s" % (r.rc, r.text[:300]))
    R.finish()


main()
