#!/usr/bin/env python3
"""sec_cli.py: `v2x cert`, `v2x sign` and `v2x verify` end to end.

A test PKI per curve (nistP256, brainpoolP256r1, nistP384) made with
`v2x cert`; every J2735 message type (from `v2x random`, else the shipped
samples through `v2x encode`) signed and verified VALID; ETSI CAM and DENM
as TS 103 097 secured GeoNetworking; pcap output and input; one verdict per
negative case (flipped bits, validity, trust, PSID, time window, replay,
unknown digest, revocation, region); the audit (--summary); the real signed
CAM of $VECTORS/vanetza (SKIP without it); key file modes; --help.

Environment: V2X (default build/bin/v2x), VECTORS.
"""

import json
import os
import shutil
import stat
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lib  # noqa: E402

R = lib.Reporter("sec_cli ")
V2X = lib.v2x_binary()
J2735_TYPES = ["BasicSafetyMessage", "SPAT", "MapData", "TravelerInformation",
               "RoadSideAlert", "SignalRequestMessage", "SignalStatusMessage",
               "PersonalSafetyMessage"]
# The CAM of the vanetza vector (ItsPduHeader v2, messageID 2), taken apart
# here so that the test does not need the vector: a real CAM's UPER.
CAM = ("02024ce0b8903571005a9d4225ee35bbfc824a2446d835a354583be121008302968a"
       "af33f081fe9a103fa0141980")
VECTOR_AT = "127cff384ce0b890"
VECTOR_ISSUER = "56dfd6d627a362dc"
VECTOR_TIME = "2019-11-21T13:27:55.646830Z"


def v2x(*args, data=None):
    return lib.run(V2X, [str(a) for a in args], data=data, tmo=120)


def objects(res, name):
    try:
        return res.objects()
    except ValueError as e:
        R.fail(name, str(e))
        return []


def no_crash(name, res):
    c = res.crash()
    if c:
        R.fail(name + " (crash)", c)
        return False
    return True


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Pki:
    """root -> aa -> at under dir, with `v2x cert`."""

    def __init__(self, d, curve="p256", at_args=(), aa_args=()):
        self.dir = d
        os.makedirs(os.path.join(d, "trust"), exist_ok=True)
        self.trust = os.path.join(d, "trust")
        self.root = os.path.join(self.trust, "root")
        self.aa = os.path.join(self.trust, "aa")
        self.at = os.path.join(d, "at")
        self.ok = True
        self.out = []
        for args in (["cert", "root", "-o", self.root, "--curve", curve,
                      "--start", rfc3339(time.time() - 10 * 86400)],
                     ["cert", "issue", "--ca", self.root, "--kind", "aa",
                      "-o", self.aa, "--psid", "32,36,37,0x8002,0x8003,99",
                      "--start", rfc3339(time.time() - 9 * 86400)]
                     + list(aa_args),
                     ["cert", "issue", "--ca", self.aa, "--kind", "at",
                      "-o", self.at, "--psid", "32,36,37,0x8002,0x8003",
                      "--start", rfc3339(time.time() - 8 * 86400)]
                     + list(at_args)):
            r = v2x(*args)
            if r.rc != 0:
                self.ok = False
                self.err = r.describe()
                return
            self.out.append(json.loads(r.text))

    def sign(self, data, *args):
        return v2x("sign", "--key", self.at + ".key", "--cert",
                   self.at + ".cert", *args, data=data)


def random_messages():
    """One MessageFrame hex per J2735 type."""
    found = {}
    r = v2x("random", "-t", "MessageFrame", "-n", "200", "--seed", "7",
            "-o", "hex")
    if r.rc == 0:
        for line in r.lines():
            d = v2x("decode", data=line + "\n")
            try:
                t = json.loads(d.text).get("type")
            except ValueError:
                continue
            if t in J2735_TYPES and t not in found:
                found[t] = line.strip()
            if len(found) == len(J2735_TYPES):
                break
    if len(found) < len(J2735_TYPES):
        samples = os.path.join(lib.REPO, "sim", "samples")
        for f in sorted(os.listdir(samples)) if os.path.isdir(samples) else []:
            if f.endswith(".json"):
                e = v2x("encode", os.path.join(samples, f))
                for line in e.lines():
                    d = v2x("decode", data=line + "\n")
                    t = json.loads(d.text).get("type")
                    found.setdefault(t, line.strip())
    return found


def flip(hexline, off, bit=1):
    b = bytearray.fromhex(hexline)
    b[off] ^= bit
    return b.hex()


def test_cert(tmp):
    p = Pki(os.path.join(tmp, "c"))
    if not R.check("cert root/issue aa/issue at", p.ok,
                   lambda: getattr(p, "err", "")):
        return
    R.check("cert: JSON lines name kind, id, curve",
            [o["kind"] for o in p.out] == ["root", "aa", "at"] and
            all(len(o["id"]) == 16 and o["curve"] == "nistP256"
                for o in p.out), p.out)
    modes = [stat.S_IMODE(os.stat(p.at + ext).st_mode)
             for ext in (".key", ".cert")]
    R.check("cert: key 0600, certificate 0644", modes == [0o600, 0o644],
            oct(modes[0]) + " " + oct(modes[1]))
    r = v2x("cert", "issue", "--ca", p.aa, "--kind", "at", "-o", p.at,
            "--psid", "32")
    R.check("cert: existing files not overwritten", r.rc == 2 and
            "exists" in r.stderr.decode(), r.describe())
    r = v2x("cert", "issue", "--ca", p.aa, "--kind", "at", "-o", p.at,
            "--psid", "32", "--force")
    R.check("cert: --force overwrites", r.rc == 0, r.describe())
    r = v2x("cert", "show", "--trust", p.trust, p.at + ".cert")
    o = objects(r, "cert show")
    R.check("cert show: JSON with id, certificate, trust VALID",
            r.rc == 0 and o and o[0]["id"] == json.loads(r.text)["id"] and
            o[0]["certificate"]["toBeSigned"]["appPermissions"][0]["psid"]
            == 32 and o[0]["trust"]["verdict"] == "VALID" and
            o[0]["trust"]["signer"]["anchor"] == "root", r.describe())
    r = v2x("cert", "show", p.root + ".cert")
    o = objects(r, "cert show root")
    R.check("cert show: a root is self-signed", o and o[0]["selfSigned"]
            is True, r.describe())
    r = v2x("cert", "issue", "--ca", p.aa, "--kind", "at", "-o",
            os.path.join(tmp, "c", "long"), "--psid", "32", "--days",
            "50000")
    R.check("cert: validity beyond the CA's refused", r.rc == 2 and
            "within" in r.stderr.decode(), r.describe())
    # Default validity (365 days for an AT) cut by a 10-day root: a
    # warning names the new end; a validity that fits gives none.
    short = os.path.join(tmp, "c", "short")
    r = v2x("cert", "root", "-o", short, "--days", "10")
    r1 = v2x("cert", "issue", "--ca", short, "--kind", "at", "-o",
             short + "-at", "--psid", "32")
    r2 = v2x("cert", "issue", "--ca", short, "--kind", "at", "-o",
             short + "-at5", "--psid", "32", "--days", "5")
    end = (objects(r, "cert root short") or [{}])[0].get("validityEnd", "?")
    R.check("cert: a validity cut by the issuer's is warned of",
            r1.rc == 0 and "validity cut by the issuer's: ends " + end
            in r1.stderr.decode() and r2.rc == 0 and
            "cut" not in r2.stderr.decode(),
            r1.describe() + r2.describe())
    r = v2x("cert", "issue", "--ca", p.aa, "--kind", "at", "-o",
            os.path.join(tmp, "c", "x"))
    R.check("cert: an AT without --psid refused", r.rc == 2, r.describe())
    os.chmod(p.at + ".key", 0o644)
    r = p.sign("00\n", "--psid", "32")
    R.check("sign: a key readable by others refused", r.rc == 2 and
            "chmod 600" in r.stderr.decode(), r.describe())
    os.chmod(p.at + ".key", 0o600)
    r = v2x("cert", "show", os.path.join(tmp, "c", "at.key"))
    R.check("cert show: not a certificate: error object, exit 1",
            r.rc == 1 and "error" in r.text, r.describe())


def test_roundtrip(tmp, msgs):
    for curve in ("p256", "brainpoolp256", "p384"):
        p = Pki(os.path.join(tmp, "rt-" + curve), curve)
        if not R.check("%s: PKI" % curve, p.ok, lambda: getattr(p, "err", "")):
            continue
        types = sorted(msgs)
        data = "".join(msgs[t] + "\n" for t in types)
        s = p.sign(data, "--psid", "32")
        if not no_crash("%s sign" % curve, s):
            continue
        lines = s.lines()
        R.check("%s: sign: one signed line per message" % curve,
                s.rc == 0 and len(lines) == len(types), s.describe())
        v = v2x("verify", "--trust", p.trust, data="\n".join(lines) + "\n")
        no_crash("%s verify" % curve, v)
        o = objects(v, "%s verify" % curve)
        got = [(x.get("verdict"), x.get("type")) for x in o]
        R.check("%s: every J2735 type VALID (%s)" % (curve, ", ".join(types)),
                v.rc == 0 and got == [("VALID", t) for t in types],
                lambda: "%s %s" % (got, v.describe()))
        if o:
            R.check("%s: first message with the certificate, then digests"
                    % curve, o[0]["signer"]["type"] == "certificate" and
                    all(x["signer"]["type"] == "digest" for x in o[1:]) and
                    o[0]["signer"]["chain"][0] == p.out[2]["id"] and
                    o[0]["signer"]["anchor"] == "root", o[0])
        s = p.sign(data, "--psid", "32", "--r", "compressed", "--signer",
                   "cert", "--wsmp")
        v = v2x("verify", "--trust", p.trust, data=s.text)
        o = objects(v, "%s wsmp" % curve)
        R.check("%s: WSMP, certificate signer, compressed R: VALID" % curve,
                s.rc == 0 and v.rc == 0 and len(o) == len(types) and
                all(x["verdict"] == "VALID" and x["signer"]["type"] ==
                    "certificate" for x in o), v.describe())


def test_gn(tmp):
    p = Pki(os.path.join(tmp, "gn"))
    if not p.ok:
        R.fail("gn: PKI", p.err)
        return
    s = p.sign(CAM + "\n", "--psid", "36", "--gn", "--location", "45.07,7.68")
    v = v2x("verify", "--trust", p.trust, data=s.text)
    o = objects(v, "gn cam")
    R.check("GN: secured CAM (TS 103 097): VALID, type CAM",
            s.rc == 0 and v.rc == 0 and o and o[0]["verdict"] == "VALID" and
            o[0]["type"] == "CAM" and o[0]["psid"] == 36, v.describe())
    R.check("GN: basic header says secured", s.text[:2] == "12",
            s.text[:40])
    d = v2x("decode", data=s.text)
    R.check("GN: 'v2x decode' peels it too", d.rc in (0, 1) and
            ("CAM" in d.text or "error" in d.text), d.describe())
    s = p.sign(CAM + "\n", "--psid", "37", "--gn", "--btp-port", "2002",
               "--location", "45.07,7.68,240")
    v = v2x("verify", "--trust", p.trust, data=s.text)
    o = objects(v, "gn denm")
    R.check("GN: DENM psid 37 on port 2002: VALID, certificate signer",
            s.rc == 0 and o and o[0]["verdict"] == "VALID" and
            o[0]["signer"]["type"] == "certificate", v.describe())
    s = p.sign("00140102\n", "--psid", "36", "--gn")
    R.check("GN: a J2735 message without --btp-port refused", s.rc == 1,
            s.describe())
    # pcap out, pcap in (auto-detected), --summary
    pc = os.path.join(tmp, "gn", "cams.pcap")
    s = p.sign((CAM + "\n") * 5, "--psid", "36", "--gn", "-o", "pcap",
               "--time", rfc3339(time.time() - 1), "--interval", "100")
    with open(pc, "wb") as f:
        f.write(s.stdout)
    v = v2x("verify", "--trust", p.trust, "--at", "now", pc)
    o = objects(v, "pcap")
    R.check("pcap: 5 secured GN frames VALID, numbered",
            v.rc == 0 and [x.get("frame") for x in o] == [1, 2, 3, 4, 5] and
            all(x["verdict"] == "VALID" for x in o), v.describe())
    v = v2x("verify", "--trust", p.trust, pc)
    o = objects(v, "pcap capture time")
    R.check("pcap: verified at the capture times by default",
            v.rc == 0 and all(x["verdict"] == "VALID" for x in o),
            v.describe())
    v = v2x("verify", "--trust", p.trust, "--summary", "--at", "now", pc, pc)
    o = objects(v, "summary")
    if o:
        sm = o[0]["summary"]
        R.check("summary: counts, signer, certificate, replays",
                sm["messages"] == 10 and sm["verdicts"] ==
                {"VALID": 5, "REPLAY": 5} and len(sm["signers"]) == 1 and
                sm["signers"][0]["id"] == p.out[2]["id"] and
                sm["signers"][0]["withCertificate"] == 2 and
                sm["certificates"][0]["expiredNow"] is False and
                sm["psids"] == [{"psid": 36, "messages": 10, "valid": 5}],
                json.dumps(sm)[:600])
    else:
        R.fail("summary", v.describe())


def test_negative(tmp, msg):
    p = Pki(os.path.join(tmp, "neg"))
    if not p.ok:
        R.fail("negative: PKI", p.err)
        return
    now = time.time()

    def verdict(name, line, want, *vargs, trust=None):
        v = v2x("verify", "--trust", trust or p.trust, *vargs,
                data=line + "\n")
        no_crash(name, v)
        o = objects(v, name)
        got = o[0].get("verdict") if o else None
        R.check("%s: %s" % (name, want), got == want and
                v.rc == (0 if want == "VALID" else 1),
                lambda: "%s; %s" % (got, v.text[:400]))
        return o[0] if o else {}

    good = p.sign(msg + "\n", "--psid", "32", "--signer", "cert").lines()[0]
    verdict("baseline", good, "VALID")
    n = len(msg) // 2
    # 03 81 00 | 40 03 80 LEN payload | header | signer | signature
    pos = bytes.fromhex(good).index(bytes.fromhex(msg))
    verdict("flipped bit in the payload", flip(good, pos + 1), "SIG_BAD")
    hdr = pos + n + 2        # the HeaderInfo's psid octet
    verdict("flipped bit in the header (psid)", flip(good, hdr), "SIG_BAD")
    verdict("flipped bit in the header (generationTime)",
            flip(good, hdr + 8, 4), "SIG_BAD")
    verdict("flipped bit in the signature", flip(good, len(good) // 2 - 1),
            "SIG_BAD")
    verdict("flipped bit in the certificate", flip(good, hdr + 9 + 3 + 14),
            "SIG_BAD")
    other = Pki(os.path.join(tmp, "other"))
    line = other.sign(msg + "\n", "--psid", "32").lines()[0]
    o = verdict("AT of another root", line, "ISSUER_UNTRUSTED")
    R.check("  ...detail names the issuer", other.out[1]["id"] in
            o.get("detail", ""), o)
    line = p.sign(msg + "\n", "--psid", "99", "--any-psid").lines()[0]
    verdict("psid 99 not in the AT", line, "PSID_NOT_PERMITTED")
    line = p.sign(msg + "\n", "--psid", "32", "--time",
                  rfc3339(now - 60)).lines()[0]
    verdict("generated 60 s ago", line, "TIME_WINDOW")
    verdict("...with --window 120", line, "VALID", "--window", "120")
    line = p.sign(msg + "\n", "--psid", "32", "--time",
                  rfc3339(now + 30)).lines()[0]
    verdict("generated 30 s ahead", line, "TIME_WINDOW")
    verdict("...with --window 30,60", line, "VALID", "--window", "30,60")
    line = p.sign(msg + "\n", "--psid", "32", "--expiry", "0.001").lines()[0]
    time.sleep(0.01)
    verdict("expiryTime passed", line, "TIME_WINDOW")
    v = v2x("verify", "--trust", p.trust, data=good + "\n" + good + "\n")
    o = objects(v, "replay")
    R.check("the same message twice: VALID then REPLAY",
            [x.get("verdict") for x in o] == ["VALID", "REPLAY"], v.describe())
    v = v2x("verify", "--trust", p.trust, "--no-replay",
            data=good + "\n" + good + "\n")
    R.check("  ...not with --no-replay", v.rc == 0, v.describe())
    line = p.sign(msg + "\n", "--psid", "32", "--signer", "digest").lines()[0]
    verdict("digest signer never seen", line, "CERT_UNKNOWN")
    v = v2x("verify", "--trust", p.trust, data=good + "\n" + line + "\n")
    o = objects(v, "digest after cert")
    R.check("digest signer after its certificate: VALID",
            [x.get("verdict") for x in o] == ["VALID", "VALID"], v.describe())
    with open(os.path.join(p.trust, "deny.txt"), "w") as f:
        f.write("# revoked\n%s\n" % p.out[2]["id"])
    verdict("AT in deny.txt", good, "REVOKED")
    os.unlink(os.path.join(p.trust, "deny.txt"))
    verdict("truncated", good[:-20], "MALFORMED")
    oer_len = "%02x" % n if n < 128 else "81%02x" % n if n < 256 else \
        "82%04x" % n
    verdict("unsecuredData", "0380" + oer_len + msg, "UNSIGNED")
    # validity
    for name, start, days, want in (
            ("AT expired yesterday", now - 3 * 86400, 2, "EXPIRED"),
            ("AT valid from tomorrow", now + 86400, 2, "NOT_YET_VALID")):
        q = Pki(os.path.join(tmp, want), at_args=(
            "--start", rfc3339(start), "--days", str(days)))
        if not q.ok:
            R.fail(name, q.err)
            continue
        line = q.sign(msg + "\n", "--psid", "32").lines()[0]
        verdict(name, line, want, trust=q.trust)
    # region
    q = Pki(os.path.join(tmp, "region"),
            at_args=("--region", "circle:45.07,7.68,2000"))
    if q.ok:
        line = q.sign(msg + "\n", "--psid", "32", "--location",
                      "45.08,7.68").lines()[0]
        verdict("generated 1.1 km from the centre of a 2 km AT", line,
                "VALID", trust=q.trust)
        line = q.sign(msg + "\n", "--psid", "32", "--location",
                      "45.10,7.68").lines()[0]
        verdict("generated 3.3 km away", line, "REGION", trust=q.trust)
    # an AT whose PSID its AA may not grant
    q = Pki(os.path.join(tmp, "chain"), at_args=("--psid", "4242"))
    if q.ok:
        line = q.sign(msg + "\n", "--psid", "32").lines()[0]
        verdict("AT with a psid beyond its AA's", line, "CHAIN",
                trust=q.trust)


def test_vector(tmp):
    path = os.path.join(lib.vectors_dir(), "vanetza", "cam_v3_certificate.dat")
    if not os.path.exists(path):
        R.skip("vector", path + " absent")
        return
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty, exist_ok=True)
    anchors = os.path.join(tmp, "anchors")
    os.makedirs(anchors, exist_ok=True)
    with open(os.path.join(anchors, "anchors.txt"), "w") as f:
        f.write("%s  # the vanetza AT\n" % VECTOR_AT)
    for name, args, want in (
            ("its AT pinned, at its generation time",
             ["--trust", anchors, "--at", VECTOR_TIME], "VALID"),
            ("its issuer's digest pinned",
             ["--pin", VECTOR_ISSUER, "--at", VECTOR_TIME], "VALID"),
            ("nothing pinned", ["--trust", empty, "--at", VECTOR_TIME],
             "ISSUER_UNTRUSTED"),
            ("pinned, today", ["--trust", anchors], "EXPIRED")):
        v = v2x("verify", *args, path)
        no_crash("vector " + name, v)
        o = objects(v, "vector")
        got = o[0] if o else {}
        R.check("vector: %s: %s" % (name, want), got.get("verdict") == want
                and got.get("psid") == 36 and got.get("type") == "CAM" and
                got.get("generationTime") == VECTOR_TIME and
                got.get("signer", {}).get("id") == VECTOR_AT, v.describe())


def test_help():
    for cmd, words in (("cert", ["root", "issue", "show", "PREFIX.key",
                                 "--region"]),
                       ("sign", ["--signer", "--gn", "Hash(Hash(",
                                 "Exit status"]),
                       ("verify", ["anchors.txt", "deny.txt", "REPLAY",
                                   "--summary", "Exit status"])):
        r = v2x(cmd, "--help")
        R.check("%s --help" % cmd, r.rc == 0 and
                all(w in r.text for w in words), r.describe())
    r = v2x("verify", "x")
    R.check("verify without a trust store: usage error", r.rc == 2,
            r.describe())
    r = v2x("verify", "--trust", "/nonexistent/dir", "x")
    R.check("verify with a missing trust store: usage error", r.rc == 2,
            r.describe())


def main():
    if not os.path.exists(V2X):
        R.fail("v2x", V2X + " not built")
        R.finish()
    tmp = tempfile.mkdtemp(prefix="sec_cli_")
    try:
        test_help()
        test_cert(tmp)
        msgs = random_messages()
        R.check("messages of every J2735 type to sign",
                sorted(msgs) == sorted(J2735_TYPES), sorted(msgs))
        test_roundtrip(tmp, msgs)
        test_gn(tmp)
        test_negative(tmp, msgs.get("BasicSafetyMessage") or
                      next(iter(msgs.values())))
        test_vector(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    R.finish()


if __name__ == "__main__":
    main()
