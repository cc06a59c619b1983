#!/usr/bin/env python3
"""Bad input for `v2x decode` / `v2x encode` (J2735): it must never crash or hang.

Every bad message gives an error object {"error": REASON, "detail": ..., "line": N}
(or "offset" for -i uper) and decoding goes on; exit status 1 when some message
failed, 2 for usage and I/O errors (DESIGN.md).  Checked:
  - every strict prefix of a few vectors (TRUNCATED)
  - seeded bit flips: an error, or a decode whose JSON survives encode -> decode
  - seeded random bytes, and valid MessageFrame headers with random contents
  - bad hex, hex/uper edge cases (huge line, fragmented length)
  - encode: garbage JSON, wrong JSON types, missing mandatory fields, unknown
    fields, out-of-range values, unknown enumerators, bad CHOICEs
  - a good line after bad ones still decodes/encodes, line numbers are right
  - usage errors: unknown -t TYPE, missing file, unknown option -> exit 2
Runs against build/bin/v2x (or $V2X) and, when present, build/asan/bin/v2x (or
$V2X_ASAN); a sanitizer report on stderr, a signal, a timeout or an exit status
other than 0/1/2 is a FAIL.  V2X_FUZZ_N scales the random counts (default 1).
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
SCALE = max(0.1, float(os.environ.get("V2X_FUZZ_N", "1")))
REASON_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
KNOWN = {"TRUNCATED", "BAD_LENGTH", "UNKNOWN_TYPE", "UPER_FAIL", "CONSTRAINT", "BAD_HEX",
         "BAD_JSON", "JSON_TYPE"}
MSGIDS = {18: "MapData", 19: "SPAT", 20: "BasicSafetyMessage", 27: "RoadSideAlert",
          29: "SignalRequestMessage", 30: "SignalStatusMessage", 31: "TravelerInformation",
          32: "PersonalSafetyMessage"}
TYPES = ["BasicSafetyMessage", "SPAT", "MapData", "TravelerInformation", "RoadSideAlert",
         "SignalRequestMessage", "SignalStatusMessage", "PersonalSafetyMessage", "MessageFrame"]


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

        def mutated(fn):
            o = json.loads(good_line)
            fn(o["value"]["value"], o)
            return json.dumps(o)

        def setp(path, val):
            def fn(m, o):
                tgt = m
                for k in path[:-1]:
                    tgt = tgt[k]
                tgt[path[-1]] = val
            return fn

        def delp(path):
            def fn(m, o):
                tgt = m
                for k in path[:-1]:
                    tgt = tgt[k]
                del tgt[path[-1]]
            return fn

        req0 = ["requests", 0, "request"]
        garbage = ["{", "not json", "[1,2", "{\"a\":}", "{\"pdu\": \"MessageFrame\", \"value\": {\"messageId\": 29,}}",
                   "\x00\x01\x02", "[" * 100000, "{\"a\":" * 50000,
                   good_line[:len(good_line) // 2]]
        nonobject = ["null", "42", "\"MessageFrame\"", "[]", "true"]
        groups = [
            ("garbage", [(g, {"BAD_JSON"}) for g in garbage]),
            ("not-an-object", [(g, {"BAD_JSON", "JSON_TYPE"}) for g in nonobject]),
            ("wrong-type", [(mutated(f), {"JSON_TYPE"}) for f in [
                setp(["second"], "0"), setp(["second"], 1.5), setp(["second"], True),
                setp(["second"], None), setp(["second"], [0]), setp(["requests"], {}),
                setp(["requestor"], []), setp(["requestor", "id"], "x"),
                setp(["requestor", "type", "role"], 3), setp(["requestor", "id", "stationID"], "2366845094"),
                setp(req0 + ["id"], 12109), setp(["requests", 0, "duration"], {}),
                lambda m, o: o["value"].__setitem__("messageId", "29"),
                lambda m, o: o["value"].__setitem__("value", 5),
                lambda m, o: o.__setitem__("value", [])]]),
            ("missing-field", [(mutated(f), None) for f in [
                delp(["second"]), delp(["requestor"]), delp(["requestor", "id"]),
                delp(req0 + ["id", "id"]), delp(req0 + ["requestType"]), delp(req0 + ["inBoundLane"]),
                lambda m, o: o["value"].__delitem__("messageId"),
                lambda m, o: o["value"].__delitem__("value"),
                lambda m, o: o.__delitem__("value")]]),
            ("no-pdu", [(g, None) for g in ["{}", "{\"value\": \"\\ud800\"}",
                                            "{\"family\": \"j2735\", \"type\": \"SRM\"}"]]),
            ("unknown-field", [(mutated(f), None) for f in [
                setp(["bogusField"], 1), setp(["requestor", "bogus"], "x"),
                setp(req0 + ["id", "extra"], 0)]]),
            ("bad-choice", [(mutated(f), None) for f in [
                setp(["requestor", "id"], {"bogusAlternative": 1}),
                setp(["requestor", "id"], {}),
                setp(["requestor", "id"], {"entityID": "01020304", "stationID": 1}),
                setp(req0 + ["inBoundLane"], {"lane": 1, "approach": 2})]]),
            ("out-of-range", [(mutated(f), {"CONSTRAINT"}) for f in [
                setp(["second"], 65536), setp(["second"], -1), setp(["sequenceNumber"], 128),
                setp(req0 + ["requestID"], 256), setp(["requestor", "id", "stationID"], 4294967296),
                setp(["second"], 18446744073709551617), setp(["second"], -18446744073709551617),
                setp(["requestor", "position", "position", "lat"], 900000002),
                setp(["requests"], []),
                setp(["requests"], [json.loads(good_line)["value"]["value"]["requests"][0]] * 33),
                setp(["requestor", "id"], {"entityID": "0102"}),
                setp(["requestor", "id"], {"entityID": "010203040506"})]]),
            ("bad-messageid", [(mutated(f), {"CONSTRAINT", "UNKNOWN_TYPE"}) for f in [
                lambda m, o: o["value"].__setitem__("messageId", 32768),
                lambda m, o: o["value"].__setitem__("messageId", -1),
                lambda m, o: o["value"].__setitem__("messageId", 41)]]),
            ("unknown-pdu", [(json.dumps(dict(json.loads(good_line), pdu="NoSuchPdu")), {"UNKNOWN_TYPE"})]),
            ("unknown-enumerator", [(mutated(f), {"JSON_TYPE", "CONSTRAINT"}) for f in [
                setp(req0 + ["requestType"], "noSuchRequestType"),
                setp(["requestor", "type", "role"], "spaceship"),
                setp(["requestor", "type", "role"], "")]]),
            ("bad-hex-value", [(mutated(f), {"JSON_TYPE", "CONSTRAINT", "BAD_HEX"}) for f in [
                setp(["requestor", "id"], {"entityID": "zzzzzzzz"}),
                setp(["requestor", "id"], {"entityID": "0102030"})]]),
        ]
        for gname, cases in groups:
            n = self.name("encode/" + gname)
            # each bad line followed by the good line: one error, then hex
            lines = []
            for line, _ in cases:
                lines += [line, good_line]
            r = self.run(["encode"], "".join(l + "\n" for l in lines), tmo=lib.timeout() * 2)
            crash = r.crash()
            if crash:
                self.R.fail(n, crash)
                continue
            out = r.lines()
            why = None
            if len(out) != len(lines):
                why = "%d input lines, %d output lines: %s" % (len(lines), len(out), r.describe())
            for i, (line, allowed) in enumerate(cases):
                if why:
                    break
                e_line, g_line = out[2 * i].strip(), out[2 * i + 1].strip()
                try:
                    e = json.loads(e_line)
                    if not isinstance(e, dict):
                        raise ValueError("not an object")
                except ValueError:
                    why = "input %r: output %r is not an error object" % (line[:120], e_line[:120])
                    break
                why = self.bad_error(e, "line", 2 * i + 1, allowed)
                if why:
                    why = "input %r: %s" % (line[:160], why)
                    break
                if g_line.startswith("{"):
                    why = "the good line after %r failed: %s" % (line[:80], g_line[:200])
            if why is None and r.rc != 1:
                why = "exit status %d, expected 1" % r.rc
            self.R.check(n, why is None, why)
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
        self.random_bytes()
        self.bad_hex(good_hex)
        self.continues(good_hex, sdsm_hex)
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
