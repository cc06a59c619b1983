#!/usr/bin/env python3
"""radiotap_tshark.py: our radiotap parser against tshark, on headers built here.

The radiotap headers are built by this script from the specification
(radiotap.org: version 0, it_len, it_present words chained by bit 31, bit 29
back to the radiotap namespace, bit 30 a vendor namespace whose 6-octet field
OUI, sub_namespace, skip_length is aligned to 2 and whose data is skipped by
skip_length, every field aligned to its size from the start of the header,
bit 28 a TLV list), not by our C code: a Cohda-like header (standard fields,
then the vendor namespace of OUI 04:e5:48, Cohda Wireless in Wireshark's
manuf, then the radiotap namespace again for an antenna), a multi-antenna one
(three radiotap namespaces), one with every field 0..27 at odd offsets and two
vendor namespaces, a TLV list, a field we do not know (bit 35), and one
without an FCS.  Under each, an 802.11 OCB QoS data frame with LLC/SNAP, WSMP
(PSID 0x20) and a BSM from `v2x encode`, with its FCS when Flags says so.

They are written to a pcap (link type 127) and read by `v2x decode -i pcap`
and `tshark -T json`: every radiotap field both show must be equal, the fields
the header holds must be shown by us, the BSM must decode (no error, no
UNSUPPORTED), and what we do not understand must be a warning, not a failure.
Malformed headers (it_len past the frame, presence words past it_len, a
vendor skip_length past it_len, a field past it_len) must give an error whose
detail says why.

Exception, with its proof: field 25 (HE-MU-other-user) is 6 octets aligned
to 2 (radiotap.org, fields/HE-MU-other-user: u16 per_user_1, u16 per_user_2,
u8 per_user_position, u8 per_user_known, "requiring alignment of only
two"); tshark 4.0 has no size for it and reports "Radiotap data goes past the
end of the radiotap header" on any header that holds it, so it is checked
against the built offsets only (unit_link), not here.  tshark 4.0 does not
name field 16 (RTS retries) either: it is skipped as 1 octet, compared by
where the next field lands.

Environment: V2X, TSHARK (default tshark on PATH).  SKIP when tshark is absent.
"""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Reporter, v2x_binary  # noqa: E402

R = Reporter("radiotap_tshark ")

# radiotap.org "Defined fields": bit -> (alignment, size)
DEF = {0: (8, 8), 1: (1, 1), 2: (1, 1), 3: (2, 4), 4: (2, 2), 5: (1, 1), 6: (1, 1),
       7: (2, 2), 8: (2, 2), 9: (2, 2), 10: (1, 1), 11: (1, 1), 12: (1, 1), 13: (1, 1),
       14: (2, 2), 15: (2, 2), 16: (1, 1), 17: (1, 1), 18: (4, 8), 19: (1, 3), 20: (4, 8),
       21: (2, 12), 22: (8, 12), 23: (2, 12), 24: (2, 12), 25: (2, 6), 26: (1, 1),
       27: (2, 4)}
COHDA = (0x04, 0xE5, 0x48)
SRC = bytes([0x02, 0x11, 0x22, 0x33, 0x44, 0x55])

BSM = {"messageId": 20, "value": {"coreData": {
    "msgCnt": 7, "id": "01020304", "secMark": 1000, "lat": 375000000, "long": -1220000000,
    "elev": 150, "accuracy": {"semiMajor": 255, "semiMinor": 255, "orientation": 65535},
    "transmission": "unavailable", "speed": 800, "heading": 28800, "angle": 127,
    "accelSet": {"long": 2001, "lat": 2001, "vert": -127, "yaw": 0},
    "brakes": {"wheelBrakes": "00", "traction": "unavailable", "abs": "unavailable",
               "scs": "unavailable", "brakeBoost": "unavailable",
               "auxBrakes": "unavailable"},
    "size": {"width": 200, "length": 500}}}}


def pad(b, a):
    while len(b) % a:
        b.append(0)


def radiotap(nss, it_len=None):
    """A radiotap header from its namespaces, in order: ("rt", {bit: bytes},
    tlvs or None) or ("vendor", oui, subns, presence bits, data).  Returns the
    header and where each field of the first namespace starts."""
    words = []
    for k, ns in enumerate(nss):
        if ns[0] == "rt":
            bits = set(ns[1]) | ({28} if ns[2] is not None else set())
        else:
            bits = set(b for b in range(29) if ns[3] >> b & 1)
        ws = [0] * (max([b // 32 for b in bits] + [0]) + 1)
        for b in bits:
            ws[b // 32] |= 1 << (b % 32)
        if k + 1 < len(nss):
            ws[-1] |= 1 << (29 if nss[k + 1][0] == "rt" else 30)
        words += ws
    words = [w | 1 << 31 for w in words[:-1]] + words[-1:]
    h = bytearray(struct.pack("<BBH", 0, 0, 0) + b"".join(struct.pack("<I", w) for w in words))
    at = {}
    for k, ns in enumerate(nss):
        if ns[0] == "rt":
            for b in sorted(ns[1]):
                if b < 28:
                    pad(h, DEF[b][0])
                    if k == 0:
                        at[b] = len(h)
                    h += ns[1][b]
            if ns[2] is not None:
                pad(h, 4)
                for t, d in ns[2]:
                    h += struct.pack("<HH", t, len(d)) + d
                    pad(h, 4)
        else:
            h += ns[4]
        if k + 1 < len(nss) and nss[k + 1][0] == "vendor":
            v = nss[k + 1]
            pad(h, 2)
            h += bytes(v[1]) + bytes([v[2]]) + struct.pack("<H", len(v[4]))
    struct.pack_into("<H", h, 2, len(h) if it_len is None else it_len)
    return bytes(h), at


def ocb(wsmp, fcs):
    """802.11 OCB QoS data (wildcard BSSID), LLC/SNAP 0x88DC, WSMP, FCS."""
    f = (struct.pack("<HH", 0x0088, 0) + b"\xff" * 6 + SRC + b"\xff" * 6 +
         struct.pack("<HH", 0x0120, 5) + bytes([0xAA, 0xAA, 0x03, 0, 0, 0, 0x88, 0xDC]) + wsmp)
    return f + struct.pack("<I", zlib.crc32(f)) if fcs else f


def pattern(bit, n):
    return bytes((bit * 16 + i + 1) & 0xFF for i in range(n))


def fields(bits, **over):
    d = {b: pattern(b, DEF.get(b, (1, 4))[1]) for b in bits}
    d.update({int(k[1:]): v for k, v in over.items()})
    return d


FCS = bytes([0x10])
CHAN = struct.pack("<HH", 5890, 0x0140)     # channel 178, OFDM 5 GHz


def cases():
    """(name, header, first-namespace offsets, fcs, bits of the first namespace)."""
    out = []

    def add(name, nss, fcs=True):
        h, at = radiotap(nss)
        out.append((name, h, at, fcs))

    add("cohda", [("rt", fields([0, 1, 2, 3, 5, 6, 11], b1=FCS, b2=b"\x0c", b3=CHAN,
                                b5=b"\xc4", b6=b"\xa1", b11=b"\x00"), None),
                  ("vendor", COHDA, 0, 0x0000000D, bytes(range(1, 8))),   # 7: odd
                  ("rt", {5: b"\xc2", 11: b"\x01"}, None)])
    add("three antennas", [("rt", fields([0, 1, 2, 3, 5, 14, 19, 20], b1=FCS, b3=CHAN,
                                         b5=b"\xc0"), None),
                           ("rt", {5: b"\xbe", 11: b"\x00"}, None),
                           ("rt", {5: b"\xbc", 11: b"\x01"}, None)])
    every = [b for b in range(28) if b not in (25, 26)]    # 26: no frame follows
    add("every field, two vendors", [
        ("rt", fields(every, b1=FCS, b3=CHAN, b18=struct.pack("<IHBB", 0x140, 5890, 178, 33),
                      b5=b"\xc8", b6=b"\x9c"), None),
        ("vendor", COHDA, 1, 0x1, b""),
        ("vendor", (0x00, 0x13, 0x74), 0, 0x3, bytes(range(5))),
        ("rt", {5: b"\xc6", 6: b"\x9d", 11: b"\x02"}, None)])
    add("odd offsets", [("rt", fields([1, 3, 4, 7, 10, 12, 15, 17, 20, 22], b1=FCS,
                                      b3=CHAN, b10=b"\x14"), None)])
    add("TLVs", [("rt", fields([1, 2, 3], b1=FCS, b2=b"\x0c", b3=CHAN),
                  [(5, b"\xb8"), (28, b""), (6, b"\x9b"), (30, bytes(COHDA) + b"\x02\x00\x00\x00\x00"
                   + b"vendor"), (22, struct.pack("<QH", 1234567, 99)), (10, b"\x17")])])
    add("no FCS", [("rt", fields([2, 3, 10], b2=b"\x0c", b3=CHAN, b10=b"\x14"), None)],
        fcs=False)
    add("unknown field 35", [("rt", fields([1, 3, 5, 35], b1=FCS, b3=CHAN, b5=b"\xc1"),
                              None)])
    return out


def flat(x, out):
    """tshark's JSON tree as {field: [values in order]} (it repeats keys)."""
    for k, v in x:
        if isinstance(v, list) and v and isinstance(v[0], tuple):
            flat(v, out)
        else:
            out.setdefault(k, []).append(v)
    return out


def hook(items):
    return items


# our JSON key -> (tshark field, how to compare)
def num(s):
    return int(s, 0) if isinstance(s, str) else s


def pairs_of(ours, t, at, hdr):
    """[(name, our value, tshark value)] for every field both show."""
    res = []

    def both(name, mine, field, conv=num, idx=0):
        vals = t.get(field, [])
        if mine is not None and len(vals) > idx:
            res.append((name, mine, conv(vals[idx])))

    both("length", ours.get("length"), "radiotap.length")
    words = ours.get("presentWords") or [ours.get("present")]
    for i, w in enumerate(words):
        both("present word %d" % i, num(w), "radiotap.present.word", idx=i)
    both("tsft", ours.get("tsft"), "radiotap.mactime")
    both("flags", num(ours.get("flags")) if "flags" in ours else None, "radiotap.flags")
    both("rate", ours.get("dataRate"), "radiotap.datarate", float)
    both("frequency", ours.get("frequency"), "radiotap.channel.freq")
    both("channel flags", num(ours["channelFlags"]) if "channelFlags" in ours else None,
         "radiotap.channel.flags")
    both("channel", ours.get("channel"), "wlan_radio.channel")
    both("fhss hop set", (ours.get("fhss") or {}).get("hopSet"), "radiotap.fhss.hopset")
    both("fhss pattern", (ours.get("fhss") or {}).get("hopPattern"), "radiotap.fhss.pattern")
    both("signal", ours.get("signal"), "radiotap.dbm_antsignal")
    both("noise", ours.get("noise"), "radiotap.dbm_antnoise")
    both("lock quality", ours.get("lockQuality"), "radiotap.quality")
    both("tx attenuation", ours.get("txAttenuation"), "radiotap.txattenuation")
    both("dB tx attenuation", ours.get("dbTxAttenuation"), "radiotap.db_txattenuation")
    both("tx power", ours.get("txPower"), "radiotap.txpower")
    both("antenna", ours.get("antenna"), "radiotap.antenna")
    both("dB signal", ours.get("dbSignal"), "radiotap.db_antsignal")
    both("dB noise", ours.get("dbNoise"), "radiotap.db_antnoise")
    both("rx flags", num(ours["rxFlags"]) if "rxFlags" in ours else None, "radiotap.rxflags")
    both("tx flags", num(ours["txFlags"]) if "txFlags" in ours else None, "radiotap.txflags")
    both("data retries", ours.get("dataRetries"), "radiotap.data_retries")
    x = ours.get("xchannel") or {}
    both("xchannel flags", num(x["flags"]) if x else None, "radiotap.xchannel.flags")
    both("xchannel frequency", x.get("frequency"), "radiotap.xchannel.freq")
    both("xchannel channel", x.get("channelNumber"), "radiotap.xchannel.channel")
    both("xchannel max power", x.get("maxPower"), "radiotap.xchannel.max_power")
    both("mcs known", num(ours["mcsKnown"]) if "mcsKnown" in ours else None,
         "radiotap.mcs.known")
    a = ours.get("ampdu") or {}
    both("ampdu reference", a.get("reference"), "radiotap.ampdu.reference")
    both("ampdu flags", num(a["flags"]) if a else None, "radiotap.ampdu.flags")
    if "vht" in ours:
        both("vht bandwidth", bytes.fromhex(ours["vht"])[3], "radiotap.vht.bw")
    ts = ours.get("timestamp") or {}
    both("timestamp", ts.get("value"), "radiotap.timestamp.ts")
    both("timestamp unit", ts.get("unit"), "radiotap.timestamp.unit")
    both("timestamp position", ts.get("position"), "radiotap.timestamp.samplingpos")
    for key, field, n in (("he", "radiotap.he.data_%d", 6), ("heMu", "radiotap.he_mu.flags_%d", 2),
                          ("lsig", "radiotap.l_sig.data_%d", 2)):
        if key in ours:
            v = bytes.fromhex(ours[key])
            for i in range(n):
                both("%s %d" % (key, i + 1), struct.unpack_from("<H", v, 2 * i)[0],
                     field % (i + 1))
    both("0-length PSDU", ours.get("zeroLengthPsdu"), "radiotap.0_length_psdu.type")
    for i, ant in enumerate(ours.get("antennas", [])):
        base = 1 if "signal" in ours else 0
        both("antenna %d signal" % (i + 1), ant.get("signal"), "radiotap.dbm_antsignal",
             idx=base + i)
        base = 1 if "antenna" in ours else 0
        both("antenna %d antenna" % (i + 1), ant.get("antenna"), "radiotap.antenna",
             idx=base + i)
    for i, v in enumerate(ours.get("vendor", [])):
        oui = int(v["oui"].replace(":", ""), 16)
        if v.get("tlv"):
            continue
        both("vendor %d OUI" % i, oui, "radiotap.vendor_oui", idx=i)
        both("vendor %d sub-namespace" % i, v["subNamespace"], "radiotap.vendor_subns", idx=i)
        both("vendor %d length" % i, v["length"], "radiotap.vendor_data_len", idx=i)
    return res


# fields of the first namespace that our JSON must show, by bit
SHOWN = {0: "tsft", 1: "flags", 2: "dataRate", 3: "frequency", 4: "fhss", 5: "signal",
         6: "noise", 7: "lockQuality", 8: "txAttenuation", 9: "dbTxAttenuation",
         10: "txPower", 11: "antenna", 12: "dbSignal", 13: "dbNoise", 14: "rxFlags",
         15: "txFlags", 16: "rtsRetries", 17: "dataRetries", 18: "xchannel", 19: "mcs",
         20: "ampdu", 21: "vht", 22: "timestamp", 23: "he", 24: "heMu", 25: "heMuUser",
         26: "zeroLengthPsdu", 27: "lsig"}


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          env=dict(os.environ, LC_ALL="C"), **kw)


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 127))
        for i, b in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(b), len(b)) + b)


def decode(v2x, path):
    p = run([v2x, "decode", "-i", "pcap", path])
    return [json.loads(l) for l in p.stdout.decode().split("\n") if l.strip()]


def good_frames(v2x, tshark, tmp, wsmp):
    cs = cases()
    path = os.path.join(tmp, "radiotap.pcap")
    write_pcap(path, [h + ocb(wsmp, fcs) for _, h, _, fcs in cs])
    ours = decode(v2x, path)
    p = run([tshark, "-n", "-o", "wlan.check_checksum:TRUE", "-r", path, "-T", "json"])
    pkts = json.loads(p.stdout.decode("utf-8", "replace"), object_pairs_hook=hook)
    R.check("frame count", len(ours) == len(cs) == len(pkts),
            "wrote %d, v2x %d, tshark %d" % (len(cs), len(ours), len(pkts)))
    total = 0
    for (name, h, at, fcs), o, pk in zip(cs, ours, pkts):
        src = dict(pk)["_source"]
        lay = dict(dict(src)["layers"])
        t = flat(lay.get("radiotap", []), {})
        t.update(flat(lay.get("wlan_radio", []), {}))
        rt = (o.get("layers") or [{}])[0]
        R.check(name + ": BSM decoded", o.get("type") == "BasicSafetyMessage" and
                o["value"]["value"]["coreData"]["msgCnt"] == 7 and "error" not in o,
                json.dumps(o)[:400])
        prs = pairs_of(rt, t, at, h)
        bad = ["%s: ours %r, tshark %r" % p3 for p3 in prs if p3[1] != p3[2]]
        total += len(prs)
        R.check(name + ": %d radiotap fields equal tshark's" % len(prs),
                prs and not bad, lambda: "; ".join(bad) or "nothing compared")
        missing = [SHOWN[b] for b in at if SHOWN[b] not in rt]
        R.check(name + ": every field of the header shown", not missing,
                "not shown: %s" % missing)
        wl = flat(lay.get("wlan", []), {})
        want_fcs = "good" if fcs else None
        ours80211 = o["layers"][1] if len(o.get("layers", [])) > 1 else {}
        R.check(name + ": 802.11 and FCS", ours80211.get("fcs", "none") == (want_fcs or "none") and
                ours80211.get("src") == wl.get("wlan.sa", [None])[0] and
                (not fcs or wl.get("wlan.fcs.status", [None])[0] == "1"),
                "ours %r, tshark sa %r fcs %r" % (ours80211, wl.get("wlan.sa"),
                                                   wl.get("wlan.fcs.status")))
        exp = [pk2 for pk2 in ("_ws.malformed",) if pk2 in json.dumps(lay)]
        R.check(name + ": tshark finds nothing malformed", not exp, "tshark: malformed")
        if name == "unknown field 35":
            R.check(name + ": a warning, the frame decoded",
                    rt.get("partial") is True and any("35" in w for w in rt.get("warnings", [])),
                    json.dumps(rt))
        elif name == "TLVs":
            R.check(name + ": TLV fields and the vendor TLV read",
                    rt.get("signal") == -72 and rt.get("noise") == -101 and
                    rt.get("txPower") == 23 and rt.get("timestamp", {}).get("value") == 1234567
                    and rt.get("vendor", [{}])[0].get("oui") == "04:e5:48" and
                    rt["vendor"][0].get("length") == 6 and not rt.get("warnings"),
                    json.dumps(rt))
        else:
            R.check(name + ": no warning", not rt.get("warnings") and not rt.get("partial"),
                    json.dumps(rt))
    R.check("fields compared in all (%d)" % total, total >= 120, "only %d" % total)


def bad_frames(v2x, tmp, wsmp):
    body = ocb(wsmp, True)
    h, _ = radiotap([("rt", fields([0, 1, 3], b1=FCS, b3=CHAN), None),
                     ("vendor", COHDA, 0, 1, bytes(6))])
    vend = h.index(bytes(COHDA))
    cases_ = []
    # it_len past the frame
    b = bytearray(h + body)
    struct.pack_into("<H", b, 2, len(b) + 10)
    cases_.append(("it_len past the frame", bytes(b), "past the end of the frame"))
    # presence words past it_len: every word says another follows
    b = bytearray(h + body)
    for off in range(4, len(h), 4):
        struct.pack_into("<I", b, off, 0x80000000)
    cases_.append(("presence words past it_len", bytes(b), "present words run past it_len"))
    # vendor skip_length past it_len
    b = bytearray(h + body)
    struct.pack_into("<H", b, vend + 4, 200)
    cases_.append(("vendor skip_length past it_len", bytes(b), "skip_length 200 is past it_len"))
    # a field past it_len
    b = bytearray(h + body)
    struct.pack_into("<H", b, 2, 20)
    cases_.append(("field past it_len", bytes(b), "is past it_len 20"))
    path = os.path.join(tmp, "bad.pcap")
    write_pcap(path, [c[1] for c in cases_])
    p = run([v2x, "decode", "-i", "pcap", path])
    err = p.stderr.decode("utf-8", "replace")
    R.check("malformed: v2x exits without a crash", p.returncode in (0, 1) and
            "Sanitizer" not in err, "exit %d: %s" % (p.returncode, err[-300:]))
    outs = [json.loads(l) for l in p.stdout.decode().split("\n") if l.strip()]
    for (name, _, want), o in zip(cases_, outs):
        R.check("malformed: " + name, o.get("stage") == "link" and want in o.get("detail", ""),
                json.dumps(o)[:300])
    R.check("malformed: one answer each", len(outs) == len(cases_),
            "%d answers for %d frames" % (len(outs), len(cases_)))


def zero_psdu(v2x, tshark, tmp, wsmp):
    """Field 26 (0-length-PSDU) says no frame was captured: tshark stops at
    radiotap, v2x skips the frame (not V2X) instead of reading the bytes
    after the header as 802.11."""
    h, _ = radiotap([("rt", fields([1, 3, 26], b1=FCS, b3=CHAN, b26=b"\x01"), None)])
    path = os.path.join(tmp, "zero.pcap")
    write_pcap(path, [h + ocb(wsmp, True)])
    p = run([v2x, "decode", "-i", "pcap", path])
    R.check("0-length PSDU: no message, no error", p.returncode == 0 and
            p.stdout.decode().strip() == "", "exit %d: %s" % (p.returncode, p.stdout[:300]))
    if tshark:
        p = run([tshark, "-n", "-r", path, "-T", "fields", "-e", "frame.protocols"])
        R.check("0-length PSDU: tshark stops at radiotap too",
                p.stdout.decode().strip() == "radiotap", p.stdout[:200])


def main():
    tshark = os.environ.get("TSHARK") or shutil.which("tshark")
    v2x = v2x_binary()
    p = run([v2x, "encode", "--wsmp", "0x20", "--dot2-unsecured", "-o", "hex"],
            input=(json.dumps(BSM) + "\n").encode())
    if p.returncode != 0:
        R.fail("encode", p.stderr.decode()[-300:])
        R.finish()
    wsmp = bytes.fromhex(p.stdout.decode().strip())
    tmp = tempfile.mkdtemp(prefix="radiotap_tshark.")
    try:
        bad_frames(v2x, tmp, wsmp)
        zero_psdu(v2x, tshark, tmp, wsmp)
        if not tshark:
            R.skip("tshark", "tshark not installed")
        else:
            good_frames(v2x, tshark, tmp, wsmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    R.finish()


if __name__ == "__main__":
    main()
