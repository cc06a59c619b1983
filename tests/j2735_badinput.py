#!/usr/bin/env python3
"""Bad input for `v2x decode` / `v2x encode` (J2735): it must never crash or hang.

Every bad message gives an error object {"error": REASON, "detail": ..., "line": N}
(or "offset" for -i uper) and decoding goes on; exit status 1 when some message
failed, 2 for usage and I/O errors (DESIGN.md).  Checked:
  - every strict prefix of a few vectors (TRUNCATED)
  - seeded bit flips and byte edits: an error, or a decode whose JSON survives
    encode -> decode (an encode error is allowed and counted)
  - seeded random bytes, and valid MessageFrame headers with random contents
  - bad hex, hex/uper edge cases (huge line, fragmented length), harmless hex
    variants (CRLF, blanks, upper case)
  - encode: garbage JSON, wrong JSON types, missing mandatory fields, unknown
    fields, out-of-range values, unknown enumerators, bad CHOICEs; every leaf
    of decoded vectors set to edge values (refused, or encoded exactly)
  - encode takes decode's own lines (also with control characters in strings)
  - a good line after bad ones still decodes/encodes, line numbers are right
  - usage errors: unknown -t TYPE, missing file, unknown option -> exit 2
Runs against build/bin/v2x (or $V2X) and, when present, build/asan/bin/v2x (or
$V2X_ASAN); a sanitizer report on stderr, a signal, a timeout or an exit status
other than 0/1/2 is a FAIL.  V2X_FUZZ_N scales the random counts (default 3).
"""

import json
import os
import random
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

VEC = lib.vectors_dir()
SEED = 2735
SCALE = max(0.1, float(os.environ.get("V2X_FUZZ_N", "3")))
REASON_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
MSGIDS = {18: "MapData", 19: "SPAT", 20: "BasicSafetyMessage", 27: "RoadSideAlert",
          29: "SignalRequestMessage", 30: "SignalStatusMessage", 31: "TravelerInformation",
          32: "PersonalSafetyMessage"}
TYPES = ["BasicSafetyMessage", "SPAT", "MapData", "TravelerInformation", "RoadSideAlert",
         "SignalRequestMessage", "SignalStatusMessage", "PersonalSafetyMessage", "MessageFrame"]


DELETE = object()  # marker: remove the member


def hexnorm(v):
    """v with every hex-looking string in lower case (hex input is case-blind)."""
    if isinstance(v, dict):
        return {k: hexnorm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [hexnorm(x) for x in v]
    if isinstance(v, str) and all(c in "0123456789abcdefABCDEF" for c in v):
        return v.lower()
    return v


def n_(k):
    return max(1, int(k * SCALE))


def mf_own_length(data):
    mid = ((data[0] & 0x7F) << 8) | data[1]
    b = data[2]
    if b & 0x80 == 0:
        return mid, 3 + b
    return mid, 4 + (((b & 0x3F) << 8) | data[3])


def load_vectors():
    """[(name, bytes, type-or-None)]: MessageFrames (own octets only) and bare types."""
    out = []
    base = os.path.join(VEC, "jpo-ode", "asn1-decoder-output")
    for t in ["psm", "srm", "ssm", "spat", "bsm"]:
        p = os.path.join(base, "decoder-output-%s.xml" % t)
        if os.path.exists(p):
            hx = "".join(ET.parse(p).getroot().find("metadata/asn1").text.split())
            d = bytes.fromhex(hx)
            out.append(("mf-" + t, d[:mf_own_length(d)[1]], None))
    pj = os.path.join(VEC, "jpo-asn-pojos-2024")
    for rel, t in [("srm/srm.bin", "SignalRequestMessage"), ("psm/psm_animal.uper", "PSM")]:
        p = os.path.join(pj, rel)
        if os.path.exists(p):
            out.append(("bare-" + os.path.basename(rel).split(".")[0], open(p, "rb").read(), t))
    return out


class Suite:
    def __init__(self, binary, tag, R):
        self.bin = binary
        self.tag = tag
        self.R = R

    # -- helpers -----------------------------------------------------------
    def name(self, s):
        return "%s%s" % (self.tag, s)

    def run(self, args, data=None, tmo=None):
        return lib.run(self.bin, args, data, tmo)

    def dec(self, args, data=None, tmo=None):
        return lib.run(self.bin, ["decode"] + list(args), data, tmo)

    def objs_or_fail(self, r, name):
        crash = r.crash()
        if crash:
            self.R.fail(name, crash)
            return None
        if r.rc == 2:
            self.R.fail(name, "usage or I/O error (exit 2): %s" % r.describe())
            return None
        try:
            return r.objects()
        except ValueError as e:
            self.R.fail(name, "%s; %s" % (e, r.describe()))
            return None

    def bad_error(self, o, where_key, where, allowed=None):
        """None if o is a proper error object for input `where`, else why not."""
        if "error" not in o:
            return "expected an error object, got %s" % json.dumps(o)[:200]
        e = o["error"]
        if not isinstance(e, str) or not e or not set(e) <= REASON_CHARS:
            return "error reason %r is not a REASON name" % (e,)
        if allowed is not None and e not in allowed:
            return "reason %s, expected one of %s (%s)" % (e, sorted(allowed), json.dumps(o)[:200])
        if "detail" not in o:
            return "error object has no \"detail\": %s" % json.dumps(o)[:200]
        if where is not None and o.get(where_key) != where:
            return "error object has %s=%r, expected %r: %s" % (
                where_key, o.get(where_key), where, json.dumps(o)[:200])
        return None

    def hex_stream(self, lines):
        return "".join(l + "\n" for l in lines)

    # -- decode: truncation --------------------------------------------------
    def truncation(self, vectors):
        for vname, data, t in vectors:
            n = self.name("truncate/" + vname)
            args = ["-i", "hex"] + (["-t", t] if t else [])
            lines = [data[:k].hex() for k in range(1, len(data))]
            r = self.dec(args, self.hex_stream(lines))
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            if len(objs) != len(lines):
                self.R.fail(n, "%d prefixes in, %d lines out" % (len(lines), len(objs)))
                continue
            allowed = {"TRUNCATED"} if t is None else {"TRUNCATED", "UPER_FAIL", "BAD_LENGTH"}
            why = None
            for i, o in enumerate(objs):
                why = self.bad_error(o, "line", i + 1, allowed)
                if why:
                    why = "prefix of %d octets: %s" % (i + 1, why)
                    break
            if why is None and r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)
        # a truncated binary message: error with an offset
        for vname, data, t in vectors[:1] + [v for v in vectors if v[2]][:1]:
            n = self.name("truncate-uper/" + vname)
            with tempfile.NamedTemporaryFile(suffix=".uper", delete=False) as f:
                f.write(data[:len(data) // 2])
            try:
                r = self.dec(["-i", "uper"] + (["-t", t] if t else []) + [f.name])
            finally:
                os.unlink(f.name)
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            why = None if objs else "no output"
            if objs:
                why = self.bad_error(objs[0], "offset", 0)
            if why is None and r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)

    # -- decode: bit flips -----------------------------------------------------
    def bitflips(self, vectors):
        rnd = random.Random(SEED)
        for vname, data, t in vectors:
            n = self.name("bitflip/" + vname)
            args = ["-i", "hex"] + (["-t", t] if t else [])
            lines = []
            for k in range(n_(150)):
                b = bytearray(data)
                for _ in range(1 if k % 3 else rnd.randint(2, 4)):
                    pos = rnd.randrange(len(b) * 8)
                    b[pos // 8] ^= 0x80 >> (pos % 8)
                lines.append(b.hex())
            r = self.dec(args, self.hex_stream(lines))
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            if len(objs) != len(lines):
                self.R.fail(n, "%d lines in, %d out" % (len(lines), len(objs)))
                continue
            why = None
            decoded = []
            for i, o in enumerate(objs):
                if "error" in o:
                    why = self.bad_error(o, "line", i + 1)
                elif "value" in o and "pdu" in o:
                    decoded.append((i, o))
                else:
                    why = "line %d: neither an error nor a message: %s" % (i + 1, json.dumps(o)[:200])
                if why:
                    break
            if why is None:
                exp_rc = 0 if len(decoded) == len(objs) else 1
                if r.rc != exp_rc:
                    why = "exit status %d, expected %d" % (r.rc, exp_rc)
            if why:
                self.R.fail(n, why)
                continue
            self.R.ok("%s (%d of %d still decode)" % (n, len(decoded), len(lines)))
            self.reencode(n + "/roundtrip", [o for _, o in decoded])

    def reencode(self, n, decoded):
        """Decoded objects must encode (or give an error object), and what
        encodes must decode back to the same JSON value."""
        if not decoded:
            self.R.ok(n + " (nothing decoded)")
            return
        r = self.run(["encode"], "".join(json.dumps(o) + "\n" for o in decoded))
        crash = r.crash()
        if crash:
            self.R.fail(n, "encode: " + crash)
            return
        out = r.lines()
        if len(out) != len(decoded):
            self.R.fail(n, "encode: %d lines in, %d out: %s" % (len(decoded), len(out), r.describe()))
            return
        hexes, errors = [], 0
        for i, (l, o) in enumerate(zip(out, decoded)):
            l = l.strip()
            if l.startswith("{"):
                try:
                    e = json.loads(l)
                except ValueError:
                    self.R.fail(n, "encode line %d: not JSON: %r" % (i + 1, l[:200]))
                    return
                why = self.bad_error(e, "line", i + 1)
                if why:
                    self.R.fail(n, "encode line %d: %s" % (i + 1, why))
                    return
                errors += 1
                continue
            try:
                bytes.fromhex(l)
            except ValueError:
                self.R.fail(n, "encode line %d: %r is neither hex nor an error object" % (i + 1, l[:200]))
                return
            hexes.append((l, o))
        if not hexes:
            self.R.ok("%s (all %d re-encodings reported errors)" % (n, errors))
            return
        groups = {}
        for h, o in hexes:
            groups.setdefault(o["pdu"], []).append((h, o))
        for pdu, items in groups.items():
            args = ["-i", "hex"] + ([] if pdu == "MessageFrame" else ["-t", pdu])
            r2 = self.dec(args, "".join(h + "\n" for h, _ in items))
            objs = self.objs_or_fail(r2, n)
            if objs is None:
                return
            if len(objs) != len(items):
                self.R.fail(n, "re-decode: %d in, %d out" % (len(items), len(objs)))
                return
            for (h, o), o2 in zip(items, objs):
                if o2.get("value") != o.get("value"):
                    self.R.fail(n, "decoded JSON %s... encodes to %s which decodes to %s..." % (
                        json.dumps(o)[:150], h[:60], json.dumps(o2)[:150]))
                    return
        self.R.ok("%s (%d re-encoded and stable, %d encode errors)" % (n, len(hexes), errors))

    # -- decode: byte-level mutations --------------------------------------------
    def mutations(self, vectors):
        """Seeded byte edits (replace, insert, delete, duplicate, length byte)."""
        rnd = random.Random(SEED + 2)
        for vname, data, t in vectors:
            n = self.name("mutate/" + vname)
            lines = []
            for k in range(n_(150)):
                b = bytearray(data)
                op = k % 5
                pos = rnd.randrange(len(b))
                if op == 0:
                    b[pos] = rnd.randrange(256)
                elif op == 1:
                    b.insert(pos, rnd.randrange(256))
                elif op == 2 and len(b) > 1:
                    del b[pos]
                elif op == 3:
                    ln = rnd.randint(1, 16)
                    b[pos:pos] = b[pos:pos + ln]
                elif t is None and len(b) > 3:
                    b[2] = rnd.randrange(256)  # the MessageFrame's length octet
                else:
                    b[pos] ^= 0xFF
                lines.append(bytes(b).hex())
            args = ["-i", "hex"] + (["-t", t] if t else [])
            r = self.dec(args, self.hex_stream(lines))
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            why = None if len(objs) == len(lines) else "%d lines in, %d out" % (len(lines), len(objs))
            decoded = []
            for i, o in enumerate(objs if why is None else []):
                if "error" in o:
                    why = self.bad_error(o, "line", i + 1)
                else:
                    decoded.append(o)
                if why:
                    break
            if why:
                self.R.fail(n, why)
                continue
            self.R.ok("%s (%d of %d still decode)" % (n, len(decoded), len(lines)))
            self.reencode(n + "/roundtrip", decoded)

    # -- encode: values changed in valid JSON ---------------------------------------
    def json_values(self, vectors):
        """Every INTEGER / string leaf of decoded vectors set to edge values, one
        change per line: encode must give an error object, or bytes that decode
        back to exactly the JSON it was given (no silent wrapping or clipping)."""
        rnd = random.Random(SEED + 3)
        ints = [-1, 0, 1, 127, 128, 255, 256, 65535, 65536, -32768, 2 ** 31 - 1, 2 ** 31,
                -2 ** 31 - 1, 2 ** 32, 2 ** 63 - 1, -2 ** 63]
        for vname, data, t in vectors:
            n = self.name("json-values/" + vname)
            args = ["-i", "hex"] + (["-t", t] if t else [])
            r = self.dec(args, data.hex() + "\n")
            objs = self.objs_or_fail(r, n)
            if not objs or "error" in objs[0]:
                self.R.fail(n, "vector does not decode: %s" % r.describe())
                continue
            base = objs[0]
            base.pop("trailing", None)
            leaves = []

            def walk(v, path):
                if isinstance(v, dict):
                    for k, x in v.items():
                        walk(x, path + [k])
                elif isinstance(v, list):
                    for i, x in enumerate(v):
                        walk(x, path + [i])
                elif isinstance(v, bool) or v is None:
                    pass
                elif isinstance(v, (int, str)):
                    leaves.append((path, v))
            walk(base["value"], [])
            rnd.shuffle(leaves)
            leaves = leaves[:n_(120)]
            cases = []
            for path, v in leaves:
                if isinstance(v, int):
                    vals = rnd.sample(ints, 3) + [v + 1, v - 1]
                else:
                    vals = ["", "zz", v + "0", v * 3, v.upper() if v != v.upper() else v.lower()]
                for nv in vals:
                    o = json.loads(json.dumps(base))
                    tgt = o["value"]
                    for k in path[:-1]:
                        tgt = tgt[k]
                    tgt[path[-1]] = nv
                    cases.append((path, nv, o))
            e = self.run(["encode"], "".join(json.dumps(o) + "\n" for _, _, o in cases),
                         tmo=lib.timeout() * 2)
            crash = e.crash()
            if crash:
                self.R.fail(n, "encode: " + crash)
                continue
            out = e.lines()
            if len(out) != len(cases):
                self.R.fail(n, "encode: %d lines in, %d out" % (len(cases), len(out)))
                continue
            enc, bad, errs = [], [], 0
            for i, (l, c) in enumerate(zip(out, cases)):
                l = l.strip()
                if l.startswith("{"):
                    try:
                        why = self.bad_error(json.loads(l), "line", i + 1)
                    except ValueError:
                        why = "not JSON: %r" % l[:100]
                    if why:
                        bad.append("line %d: %s" % (i + 1, why))
                    errs += 1
                else:
                    enc.append((l, c))
            if enc:
                r2 = self.dec(args, "".join(h + "\n" for h, _ in enc))
                objs2 = self.objs_or_fail(r2, n)
                if objs2 is None:
                    continue
                if len(objs2) != len(enc):
                    self.R.fail(n, "re-decode: %d in, %d out" % (len(enc), len(objs2)))
                    continue
                for (h, (path, nv, o)), o2 in zip(enc, objs2):
                    if hexnorm(o2.get("value")) != hexnorm(o["value"]):
                        got = o2.get("value") if "error" not in o2 else o2
                        tgt = got
                        try:
                            for k in path:
                                tgt = tgt[k]
                        except (KeyError, IndexError, TypeError):
                            tgt = json.dumps(got)[:120]
                        bad.append("%s = %r was accepted and encoded as %s..., which decodes to %r"
                                   % ("".join("[%d]" % k if isinstance(k, int) else "." + k for k in path),
                                      nv, h[:32], tgt))
            self.R.check("%s (%d changes: %d encoded and stable, %d refused)" % (
                n, len(cases), len(enc) - len(bad), errs) if not bad else n, not bad,
                lambda: "%d problems: %s" % (len(bad), " | ".join(bad[:8])))

    # -- decode: random bytes ---------------------------------------------------
    def random_bytes(self):
        rnd = random.Random(SEED + 1)
        cases = [(None, [bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 120)))
                         for _ in range(n_(200))])]
        for t in TYPES:
            cases.append((t, [bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 80)))
                              for _ in range(n_(60))]))
        # valid MessageFrame headers of every known type with random contents,
        # to get past the frame into each message decoder
        frames = []
        for mid in sorted(MSGIDS):
            for _ in range(n_(60)):
                body = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 100)))
                frames.append(bytes([mid >> 8, mid & 0xFF, len(body)]) + body)
        cases.append(("frames", frames))
        for t, msgs in cases:
            n = self.name("random/%s" % (t or "MessageFrame-bytes"))
            args = ["-i", "hex"] + (["-t", t] if t and t != "frames" else [])
            r = self.dec(args, self.hex_stream(m.hex() for m in msgs))
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            why = None if len(objs) == len(msgs) else "%d in, %d out" % (len(msgs), len(objs))
            decoded = []
            for i, o in enumerate(objs if why is None else []):
                if "error" in o:
                    why = self.bad_error(o, "line", i + 1)
                else:
                    decoded.append(o)
                if why:
                    break
            if why is None and r.rc != (0 if len(decoded) == len(msgs) else 1):
                why = "exit status %d" % r.rc
            if why:
                self.R.fail(n, why)
                continue
            self.R.ok("%s (%d of %d decode)" % (n, len(decoded), len(msgs)))
            if decoded:
                self.reencode(n + "/roundtrip", decoded)
        # a random binary file: messages back to back, errors carry offsets
        n = self.name("random/uper-file")
        blob = bytes(rnd.randrange(256) for _ in range(4096))
        with tempfile.NamedTemporaryFile(suffix=".uper", delete=False) as f:
            f.write(blob)
        try:
            r = self.dec(["-i", "uper", f.name])
        finally:
            os.unlink(f.name)
        objs = self.objs_or_fail(r, n)
        if objs is not None:
            why = None if objs else "no output for 4096 random octets"
            for o in objs:
                if "error" in o:
                    why = why or self.bad_error(o, "offset", None)
                    if why is None and not isinstance(o.get("offset"), int):
                        why = "error object without an integer offset: %s" % json.dumps(o)[:200]
            if why is None and r.rc not in (0, 1):
                why = "exit status %d" % r.rc
            self.R.check(n, why is None, why)

    # -- decode: bad hex and edge cases -------------------------------------------
    def bad_hex(self, good_hex):
        cases = [("nonhex", "zz14"), ("odd-length", good_hex[:-1]), ("0x-prefix-junk", "0xg0"),
                 ("inner-junk", good_hex[:10] + "q" + good_hex[11:]),
                 ("non-ascii", "00\u00e914"), ("nul", "00\x0014"), ("dash", "00-14")]
        for cname, line in cases:
            n = self.name("badhex/" + cname)
            stream = line + "\n" + good_hex + "\n"
            r = self.dec(["-i", "hex"], stream.encode("utf-8"))
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            why = None
            if len(objs) != 2:
                why = "expected 2 output lines (error, then the good line), got %s" % r.describe()
            else:
                why = self.bad_error(objs[0], "line", 1, {"BAD_HEX"})
                if why is None and "error" in objs[1]:
                    why = "the good line after a bad one failed: %s" % json.dumps(objs[1])[:200]
                if why is None and r.rc != 1:
                    why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)
        # edge cases: must not crash or hang; one error line each
        edges = [("huge-line", "ff" * 500000),
                 ("fragmented-length", "0014c4" + "00" * 64),
                 ("max-length", "00148fff" + "00" * 16),
                 ("only-header", "0014"),
                 ("length-zero", "001400"),
                 ("ext-bit-set", "8014" + good_hex[4:]),
                 ("messageid-max", "7fff0100")]
        for cname, line in edges:
            n = self.name("edge/" + cname)
            r = self.dec(["-i", "hex"], line + "\n" + good_hex + "\n", tmo=lib.timeout() * 2)
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            why = None
            if len(objs) != 2:
                why = "expected 2 output lines, got %s" % r.describe()[:300]
            else:
                why = self.bad_error(objs[0], "line", 1)
                if why is None and "error" in objs[1]:
                    why = "the good line after a bad one failed: %s" % json.dumps(objs[1])[:200]
            self.R.check(n, why is None, why)

    def hex_forms(self, good_hex):
        """Harmless variants of a hex line decode like the plain line."""
        forms = [("crlf", good_hex + "\r\n"), ("spaces-around", "  " + good_hex + " \t\n"),
                 ("no-final-newline", good_hex), ("upper-case", good_hex.upper() + "\n"),
                 ("blank-lines", "\n   \n" + good_hex + "\n\t\n"),
                 ("comment", "# c1\n#\n" + good_hex + "\n")]
        want = None
        for cname, text in forms:
            n = self.name("hexform/" + cname)
            r = self.dec(["-i", "hex"], text)
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            ok = len(objs) == 1 and "error" not in objs[0] and r.rc == 0
            if ok and want is None:
                want = objs[0]
            self.R.check(n, ok and objs[0] == want,
                         lambda: "expected one decoded message like the plain line, got %s" % r.describe())

    def own_output(self):
        """encode must take decode's own lines as is, also when a character
        string holds control characters (IA5String allows 0..127, NUL too)."""
        # SignalRequestMessage {second 0, requestor {id stationID 1, routeName "A\0"}}
        for cname, hx in [("ia5-nul", "00000042000000020c1000"),
                          ("ia5-controls", "00000042000000020c0040")]:
            n = self.name("own-output/" + cname)
            r = self.dec(["-i", "hex", "-t", "SignalRequestMessage"], hx + "\n")
            objs = self.objs_or_fail(r, n)
            if objs is None:
                continue
            if len(objs) != 1 or "error" in objs[0]:
                self.R.fail(n, "does not decode: %s" % r.describe())
                continue
            e = self.run(["encode"], r.stdout)
            crash = e.crash()
            if crash:
                self.R.fail(n, crash)
                continue
            self.R.check(n, e.rc == 0 and e.text.strip().lower() == hx,
                         lambda: "decode printed %s; encode of that line gave %s"
                         % (r.text.strip()[:200], e.describe()))

    def continues(self, good_hex, sdsm_hex):
        """Line numbers are input lines (comments and blank lines counted) and
        decoding goes on after each failure."""
        n = self.name("continue/hex")
        lines = ["# comment", good_hex, "", "xyz", good_hex[:20], good_hex,
                 sdsm_hex, "# another comment", good_hex]
        expect = {2: None, 4: "BAD_HEX", 5: "TRUNCATED", 6: None, 7: "UNKNOWN_TYPE", 9: None}
        r = self.dec(["-i", "hex"], self.hex_stream(lines))
        objs = self.objs_or_fail(r, n)
        if objs is None:
            return
        why = None
        if len(objs) != len(expect):
            why = "expected %d output lines, got %s" % (len(expect), r.describe())
        else:
            for (ln, reason), o in zip(sorted(expect.items()), objs):
                if reason is None:
                    if "error" in o:
                        why = "input line %d (good) gave %s" % (ln, json.dumps(o)[:200])
                else:
                    why = self.bad_error(o, "line", ln, {reason})
                    if why:
                        why = "input line %d: %s" % (ln, why)
                if why:
                    break
            if why is None and r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
        self.R.check(n, why is None, why)
        # two files: the error of the second file's message is reported
        n = self.name("continue/files")
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.hex"), os.path.join(d, "b.hex")
            with open(a, "w") as f:
                f.write("zz\n" + good_hex + "\n")
            with open(b, "w") as f:
                f.write(good_hex + "\n")
            r = self.dec(["-i", "hex", a, b])
        objs = self.objs_or_fail(r, n)
        if objs is not None:
            why = None
            if len(objs) != 3 or "error" not in objs[0] or any("error" in o for o in objs[1:]):
                why = "expected error, message, message; got %s" % r.describe()
            elif r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)

    # -- usage errors ------------------------------------------------------------
    def usage(self, good_hex):
        missing = "/nonexistent/dir/x.hex"
        cases = [("decode-unknown-type", ["decode", "-i", "hex", "-t", "NoSuchType"], good_hex + "\n"),
                 ("encode-unknown-type", ["encode", "-t", "NoSuchType"], "{}\n"),
                 ("decode-missing-file", ["decode", "-i", "hex", missing], ""),
                 ("encode-missing-file", ["encode", missing], ""),
                 ("decode-bad-input-format", ["decode", "-i", "bogus"], good_hex + "\n"),
                 ("decode-bad-output-format", ["decode", "-i", "hex", "-o", "bogus"], good_hex + "\n"),
                 ("encode-bad-output-format", ["encode", "-o", "bogus"], "{}\n"),
                 ("decode-unknown-option", ["decode", "--no-such-option"], good_hex + "\n"),
                 ("decode-bad-family", ["decode", "-i", "hex", "--family", "bogus"], good_hex + "\n"),
                 ("missing-option-argument", ["decode", "-t"], ""),
                 ("unknown-command", ["no-such-command"], ""),
                 ("no-command", [], "")]
        for cname, args, data in cases:
            n = self.name("usage/" + cname)
            r = self.run(args, data)
            crash = r.crash()
            if crash:
                self.R.fail(n, crash)
                continue
            self.R.check(n, r.rc == 2, lambda: "expected exit status 2, got %s" % r.describe())

    # -- encode: bad JSON ----------------------------------------------------------
    def encode_bad(self, good_obj):
        good_line = json.dumps(good_obj)
        srm = json.loads(good_line)["value"]["value"]

        def mut(fn):
            o = json.loads(good_line)
            fn(o["value"]["value"], o)
            return json.dumps(o)

        def at(path, val):
            """the good SRM line with value.value.<path> set to val"""
            def fn(m, o):
                for k in path[:-1]:
                    m = m[k]
                m[path[-1]] = val
            return mut(fn)

        def without(path):
            def fn(m, o):
                for k in path[:-1]:
                    m = m[k]
                del m[path[-1]]
            return mut(fn)

        def frame(**kv):
            """the good line with value.<k> replaced (MessageFrame level)"""
            o = json.loads(good_line)
            for k, v in kv.items():
                if v is DELETE:
                    del o["value"][k]
                else:
                    o["value"][k] = v
            return json.dumps(o)

        def top(**kv):
            o = json.loads(good_line)
            for k, v in kv.items():
                if v is DELETE:
                    del o[k]
                else:
                    o[k] = v
            return json.dumps(o)

        R0 = ["requests", 0, "request"]
        BAD_JSON, JSON_TYPE = {"BAD_JSON"}, {"JSON_TYPE"}
        groups = [
            ("garbage", [
                ("unclosed object", "{", BAD_JSON),
                ("not JSON", "not json", BAD_JSON),
                ("unclosed array", "[1,2", BAD_JSON),
                ("missing value", "{\"a\":}", BAD_JSON),
                ("trailing comma", "{\"pdu\": \"MessageFrame\", \"value\": {\"messageId\": 29,}}", BAD_JSON),
                ("control bytes", "\x00\x01\x02", BAD_JSON),
                ("100000 nested arrays", "[" * 100000, BAD_JSON),
                ("50000 nested objects", "{\"a\":" * 50000, BAD_JSON),
                ("line cut in half", good_line[:len(good_line) // 2], BAD_JSON),
                ("two objects on a line", good_line + good_line, BAD_JSON)]),
            ("not-an-object", [(g, g, {"BAD_JSON", "JSON_TYPE"})
                               for g in ["null", "42", "\"MessageFrame\"", "[]", "true"]]),
            ("no-pdu", [
                ("empty object", "{}", None),
                ("lone surrogate", "{\"value\": \"\\ud800\"}", None),
                ("no value", "{\"family\": \"j2735\", \"type\": \"SRM\"}", None)]),
            ("wrong-type", [
                ("INTEGER as string", at(["second"], "0"), JSON_TYPE),
                ("INTEGER as 1.5", at(["second"], 1.5), JSON_TYPE),
                ("INTEGER as true", at(["second"], True), JSON_TYPE),
                ("INTEGER as null", at(["second"], None), JSON_TYPE),
                ("INTEGER as array", at(["second"], [0]), JSON_TYPE),
                ("SEQUENCE OF as object", at(["requests"], {}), JSON_TYPE),
                ("SEQUENCE as array", at(["requestor"], []), JSON_TYPE),
                ("CHOICE as string", at(["requestor", "id"], "x"), JSON_TYPE),
                ("ENUMERATED as number", at(["requestor", "type", "role"], 3), JSON_TYPE),
                ("ENUMERATED as object", at(["requestor", "type", "role"], {"publicTransport": None}), JSON_TYPE),
                ("INTEGER as quoted number", at(["requestor", "id", "stationID"], "2366845094"), JSON_TYPE),
                ("SEQUENCE as number", at(R0 + ["id"], 12109), JSON_TYPE),
                ("INTEGER as object", at(["requests", 0, "duration"], {}), JSON_TYPE),
                ("messageId as string", frame(messageId="29"), JSON_TYPE),
                ("open type as number", frame(value=5), JSON_TYPE),
                ("MessageFrame as array", top(value=[]), JSON_TYPE)]),
            ("missing-field", [
                ("SRM.second", without(["second"]), None),
                ("SRM.requestor", without(["requestor"]), None),
                ("RequestorDescription.id", without(["requestor", "id"]), None),
                ("IntersectionReferenceID.id", without(R0 + ["id", "id"]), None),
                ("SignalRequest.requestType", without(R0 + ["requestType"]), None),
                ("SignalRequest.inBoundLane", without(R0 + ["inBoundLane"]), None),
                ("MessageFrame.messageId", frame(messageId=DELETE), None),
                ("MessageFrame.value", frame(value=DELETE), None),
                ("line value", top(value=DELETE), None)]),
            ("unknown-field", [
                ("in SRM", at(["bogusField"], 1), None),
                ("in RequestorDescription", at(["requestor", "bogus"], "x"), None),
                ("in IntersectionReferenceID", at(R0 + ["id", "extra"], 0), None),
                ("in MessageFrame", frame(bogus=1), None)]),
            ("bad-choice", [
                ("unknown alternative", at(["requestor", "id"], {"bogusAlternative": 1}), None),
                ("no alternative", at(["requestor", "id"], {}), None),
                ("two alternatives", at(["requestor", "id"], {"entityID": "01020304", "stationID": 1}), None),
                ("two alternatives (lane)", at(R0 + ["inBoundLane"], {"lane": 1, "approach": 2}), None)]),
            ("out-of-range", [
                ("DSecond 65536", at(["second"], 65536), {"CONSTRAINT"}),
                ("DSecond -1", at(["second"], -1), {"CONSTRAINT"}),
                ("MsgCount 128", at(["sequenceNumber"], 128), {"CONSTRAINT"}),
                ("RequestID 256", at(R0 + ["requestID"], 256), {"CONSTRAINT"}),
                ("StationID 2^32", at(["requestor", "id", "stationID"], 4294967296), {"CONSTRAINT"}),
                ("DSecond 2^64+1", at(["second"], 18446744073709551617), {"CONSTRAINT", "BAD_JSON"}),
                ("DSecond -(2^64+1)", at(["second"], -18446744073709551617), {"CONSTRAINT", "BAD_JSON"}),
                ("DSecond 1e400", at(["second"], "@1e400@"), {"CONSTRAINT", "JSON_TYPE", "BAD_JSON"}),
                ("Latitude 900000002", at(["requestor", "position", "position", "lat"], 900000002), {"CONSTRAINT"}),
                ("SignalRequestList empty", at(["requests"], []), {"CONSTRAINT"}),
                ("SignalRequestList 33 items", at(["requests"], [srm["requests"][0]] * 33), {"CONSTRAINT"}),
                ("TemporaryID 2 octets", at(["requestor", "id"], {"entityID": "0102"}), {"CONSTRAINT"}),
                ("TemporaryID 6 octets", at(["requestor", "id"], {"entityID": "010203040506"}), {"CONSTRAINT"}),
                ("messageId 32768", frame(messageId=32768, value="00"), {"CONSTRAINT"}),
                ("messageId -1", frame(messageId=-1, value="00"), {"CONSTRAINT"})]),
            ("unknown-type", [
                ("messageId 41 (SDSM) with an SRM value", frame(messageId=41), {"UNKNOWN_TYPE", "JSON_TYPE"}),
                ("pdu NoSuchPdu", top(pdu="NoSuchPdu"), {"UNKNOWN_TYPE"})]),
            ("unknown-enumerator", [
                ("PriorityRequestType", at(R0 + ["requestType"], "noSuchRequestType"), {"JSON_TYPE", "CONSTRAINT"}),
                ("BasicVehicleRole", at(["requestor", "type", "role"], "spaceship"), {"JSON_TYPE", "CONSTRAINT"}),
                ("empty identifier", at(["requestor", "type", "role"], ""), {"JSON_TYPE", "CONSTRAINT"})]),
            ("bad-hex-value", [
                ("non-hex OCTET STRING", at(["requestor", "id"], {"entityID": "zzzzzzzz"}),
                 {"JSON_TYPE", "CONSTRAINT", "BAD_HEX"}),
                ("odd-length OCTET STRING", at(["requestor", "id"], {"entityID": "0102030"}),
                 {"JSON_TYPE", "CONSTRAINT", "BAD_HEX"})]),
        ]
        for gname, cases in groups:
            n = self.name("encode/" + gname)
            # each bad line followed by the good line: one error, then hex
            lines = []
            for _, line, _ in cases:
                lines += [line.replace('"@1e400@"', "1e400"), good_line]
            r = self.run(["encode"], "".join(l + "\n" for l in lines), tmo=lib.timeout() * 2)
            crash = r.crash()
            if crash:
                self.R.fail(n, crash)
                continue
            out = r.lines()
            if len(out) != len(lines):
                self.R.fail(n, "%d input lines, %d output lines: %s" % (len(lines), len(out), r.describe()))
                continue
            bad = []
            for i, (desc, line, allowed) in enumerate(cases):
                e_line, g_line = out[2 * i].strip(), out[2 * i + 1].strip()
                try:
                    e = json.loads(e_line)
                    if not isinstance(e, dict):
                        raise ValueError("not an object")
                except ValueError:
                    bad.append("%s: accepted, printed %r instead of an error object" % (desc, e_line[:80]))
                    continue
                why = self.bad_error(e, "line", 2 * i + 1, allowed)
                if why:
                    bad.append("%s: %s" % (desc, why))
                if g_line.startswith("{"):
                    bad.append("%s: the good line after it failed: %s" % (desc, g_line[:160]))
            if not bad and r.rc != 1:
                bad.append("exit status %d, expected 1" % r.rc)
            self.R.check(n, not bad, lambda: "%d of %d cases: %s" % (len(bad), len(cases), " | ".join(bad)))
        # -t TYPE with a bare value of the wrong shape
        n = self.name("encode/bare-wrong-shape")
        r = self.run(["encode", "-t", "SignalRequestMessage"], "[1,2,3]\n{\"second\": \"x\"}\n{}\n")
        objs = self.objs_or_fail(r, n)
        if objs is not None:
            why = None if len(objs) == 3 else "expected 3 error lines, got %s" % r.describe()
            for i, o in enumerate(objs if why is None else []):
                why = why or self.bad_error(o, "line", i + 1)
            if why is None and r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)

    def run_all(self, vectors):
        if not vectors:
            self.R.skip(self.name("all"), "no vectors found under %s (set VECTORS)" % VEC)
            return
        mf = [v for v in vectors if v[2] is None]
        good_hex = dict((v[0], v[1].hex()) for v in vectors).get("mf-srm", mf[0][1].hex())
        sdsm_hex = "0029250A010C0C0A301FA04EDB8816396666F30C34000A00002C43E94BBA4200020002EC00280002"
        # the good SRM decoded, as the base of the encode cases
        r = self.run(["decode", "-i", "hex"], good_hex + "\n")
        objs = self.objs_or_fail(r, self.name("setup/decode-srm"))
        good_obj = objs[0] if objs and "error" not in objs[0] else None
        self.truncation([v for v in vectors if v[0] in ("mf-psm", "mf-srm", "mf-ssm", "mf-spat",
                                                        "bare-srm")])
        self.bitflips(vectors)
        self.mutations(vectors)
        self.json_values([v for v in vectors if v[0] in ("mf-srm", "mf-bsm", "mf-spat", "mf-ssm",
                                                         "mf-psm", "bare-psm_animal")])
        self.random_bytes()
        self.bad_hex(good_hex)
        self.continues(good_hex, sdsm_hex)
        self.own_output()
        self.hex_forms(good_hex)
        self.usage(good_hex)
        if good_obj is None:
            self.R.fail(self.name("encode"), "cannot decode the SRM vector to build encode cases: %s"
                        % r.describe())
        else:
            self.encode_bad(good_obj)


def main():
    R = lib.Reporter()
    if not os.path.isdir(VEC):
        R.skip("vectors", "vector directory %s not found (set VECTORS)" % VEC)
        R.finish()
    vectors = load_vectors()
    targets = [(lib.v2x_binary(), "")]
    asan = lib.resolve_binary(os.environ.get("V2X_ASAN", "build/asan/bin/v2x"))
    if os.path.abspath(asan) != os.path.abspath(targets[0][0]):
        if os.access(asan, os.X_OK):
            targets.append((asan, "asan:"))
        else:
            R.skip("asan:all", "no ASan build at %s (make asan, or set V2X_ASAN)" % asan)
    for binary, tag in targets:
        if not os.access(binary, os.X_OK):
            R.fail(tag + "v2x", "binary %s not found or not executable" % binary)
            continue
        Suite(binary, tag, R).run_all(vectors)
    R.finish()


if __name__ == "__main__":
    main()
