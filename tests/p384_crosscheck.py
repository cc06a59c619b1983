#!/usr/bin/env python3
"""p384_crosscheck.py: IEEE 1609.2 signatures made by 'v2x cert' and 'v2x
sign' on the 384-bit curves (NIST P-384, brainpoolP384r1) checked by an
implementation that is not ours: python3-ecdsa (pure Python, Debian), with
the hash construction of IEEE 1609.2-2016 clause 5.3.1 recomputed here from
the COER bytes (tshark 4.0 does not verify signatures).  P-256 curves run
through the same code as a control of the parser.

Per curve: the AT certificate's signature by the root, the root's own, and
the signed BSM's (x-only and compressed r); the choice tags of the
signature and key alternatives are the standard's; negative cases: a
flipped byte in the signed data, in the signature, in the signer
certificate, and the other hash (SHA-256 for SHA-384) all fail.
Needs python3-ecdsa (SKIP without it); re-executes under /usr/bin/python3
when the python3 on PATH lacks it."""
import os
import sys

try:
    import ecdsa
except ImportError:
    deb = "/usr/bin/python3"
    if os.path.exists(deb) and os.path.realpath(sys.executable) != os.path.realpath(deb) \
            and not os.environ.get("P384_REEXEC"):
        os.environ["P384_REEXEC"] = "1"
        os.execv(deb, [deb] + sys.argv)
    ecdsa = None

import hashlib
import json
import subprocess
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.lib import Reporter, REPO, v2x_binary  # noqa: E402

R = Reporter()
V2X = v2x_binary()

# IEEE 1609.2-2016 (with 1609.2a-2017), 6.3.28 Signature and 6.4.36
# PublicVerificationKey: CHOICE { nistP256, brainpoolP256r1, ...,
# brainpoolP384r1, nistP384 }; COER tags 0x80 + index, the alternatives
# after the extension marker as open types (a length octet first).
CURVES = {
    # v2x name: (python-ecdsa curve, hash, CHOICE index, octets)
    "p256": ("NIST256p", hashlib.sha256, 0, 32),
    "brainpoolp256": ("BRAINPOOLP256r1", hashlib.sha256, 1, 32),
    "p384": ("NIST384p", hashlib.sha384, 3, 48),
    "brainpoolp384": ("BRAINPOOLP384r1", hashlib.sha384, 2, 48),
}


class Bad(Exception):
    pass


class Rd:
    """A reader of canonical OER (ITU-T X.696) octets."""

    def __init__(self, b, off=0):
        self.b, self.o = b, off

    def take(self, n):
        if self.o + n > len(self.b):
            raise Bad("truncated at %d (+%d of %d)" % (self.o, n, len(self.b)))
        v = self.b[self.o:self.o + n]
        self.o += n
        return v

    def u8(self):
        return self.take(1)[0]

    def length(self):
        n = self.u8()
        if n < 0x80:
            return n
        return int.from_bytes(self.take(n & 0x7f), "big")

    def opaque(self):
        return self.take(self.length())


def curve_point(rd, size):
    """EccP256/P384CurvePoint: (tag, x, y or None)."""
    t = rd.u8()
    if t in (0x80, 0x82, 0x83):       # x-only, compressed-y-0, compressed-y-1
        return t, rd.take(size), None
    if t == 0x84:                     # uncompressed
        return t, rd.take(size), rd.take(size)
    raise Bad("curve point tag 0x%02x" % t)


def signature(rd):
    """Signature: (choice index, r as int, s as int); the extension
    alternatives (the 384-bit ones) are open types."""
    t = rd.u8()
    if t & 0xc0 != 0x80:
        raise Bad("signature tag 0x%02x" % t)
    idx = t & 0x3f
    inner = rd
    if idx >= 2:
        inner = Rd(rd.opaque())
    size = 48 if idx >= 2 else 32
    _, x, _ = curve_point(inner, size)
    s = inner.take(size)
    if inner is not rd and inner.o != len(inner.b):
        raise Bad("open type of the signature has %d octets left" % (len(inner.b) - inner.o))
    return idx, int.from_bytes(x, "big"), int.from_bytes(s, "big")


def certificate(b):
    """CertificateBase (6.4.2): {issuer: (kind, value), tbs: bytes,
    key: (index, tag, x), sig: (index, r, s), end}."""
    rd = Rd(b)
    pre = rd.u8()                     # preamble: signature OPTIONAL
    if rd.u8() != 3:
        raise Bad("certificate version")
    if rd.u8() != 0:
        raise Bad("certificate type not explicit")
    t = rd.u8()                       # IssuerIdentifier (6.4.7)
    if t == 0x80:
        issuer = ("sha256AndDigest", rd.take(8))
    elif t == 0x81:
        issuer = ("self", rd.u8())    # HashAlgorithm: 0 sha256, 1 sha384
    elif t == 0x82:
        v = rd.opaque()
        if len(v) != 8:
            raise Bad("sha384AndDigest of %d octets" % len(v))
        issuer = ("sha384AndDigest", v)
    else:
        raise Bad("issuer tag 0x%02x" % t)
    start = rd.o
    # ToBeSignedCertificate (6.4.8) ends with verifyKeyIndicator; rather
    # than parse every permission, the signature is read from the end and
    # the key found just before it
    if not pre & 0x80:
        raise Bad("certificate without signature")
    for siglen in (2 + 97, 1 + 65):     # 384-bit (open type), 256-bit
        try:
            srd = Rd(b, len(b) - siglen)
            sig = signature(srd)
            if srd.o == len(b):
                break
        except Bad:
            continue
    else:
        raise Bad("no signature at the end")
    tbs = b[start:len(b) - siglen]
    return {"issuer": issuer, "tbs": tbs, "sig": sig}


def cert_key(tbs, index, size):
    """The verificationKey (6.4.35 VerificationKeyIndicator 0x80,
    PublicVerificationKey) at the end of a ToBeSignedCertificate."""
    for tag in (0x82, 0x83):
        if index >= 2:
            head = bytes([0x80, 0x80 | index, 1 + size, tag])
        else:
            head = bytes([0x80, 0x80 | index, tag])
        if tbs.endswith(head + tbs[-size:]) and len(tbs) > size + len(head):
            return tag, tbs[-size:]
    raise Bad("no compressed verificationKey of choice %d at the end of "
              "toBeSigned" % index)


def signed_data(b, msg, signer):
    """Ieee1609Dot2Data with signedData (6.3.4, 6.3.9): (hashId, tbsData
    bytes, signer certificate bytes, signature), checking that the payload
    is msg as unsecuredData and the header carries a PSID."""
    rd = Rd(b)
    if rd.u8() != 3 or rd.u8() != 0x81:
        raise Bad("not protocolVersion 3 signedData")
    hash_id = rd.u8()                 # HashAlgorithm: 0 sha256, 1 sha384
    t0 = rd.o
    # ToBeSignedData: SignedDataPayload (6.3.7: data, extDataHash, ...)
    if rd.u8() != 0x40:
        raise Bad("payload preamble: want data only")
    if rd.u8() != 3 or rd.u8() != 0x80:
        raise Bad("payload not unsecuredData")
    if rd.opaque() != msg:
        raise Bad("payload is not the message signed")
    # HeaderInfo (6.3.9): psid, then OPTIONAL generationTime,
    # expiryTime, generationLocation, p2pcdLearningRequest,
    # missingCrlIdentifier, encryptionKey, extensions
    pre = rd.u8()
    if pre & 0x83:
        raise Bad("header preamble 0x%02x: fields this test does not read" % pre)
    psid = int.from_bytes(rd.opaque(), "big")
    if pre & 0x40:
        rd.take(8)                    # Time64
    if pre & 0x20:
        rd.take(8)
    if pre & 0x10:
        rd.take(10)                   # ThreeDLocation
    if pre & 0x08:
        rd.take(3)
    if pre & 0x04:
        raise Bad("missingCrlIdentifier")
    tbs = b[t0:rd.o]
    # SignerIdentifier (6.3.24): certificate, SEQUENCE OF one Certificate
    if rd.u8() != 0x81:
        raise Bad("signer is not a certificate")
    if rd.take(2) != b"\x01\x01":
        raise Bad("signer: not exactly one certificate")
    cert = rd.take(len(signer))
    if cert != signer:
        raise Bad("the signer is not the AT certificate")
    sig = signature(rd)
    if rd.o != len(b):
        raise Bad("%d octets after the signature" % (len(b) - rd.o))
    return hash_id, tbs, cert, sig, psid


def verify(curve, hashf, pub, data_hash_input, sig):
    """ECDSA over data_hash_input with hashf, by python-ecdsa."""
    c = getattr(ecdsa, curve)
    vk = ecdsa.VerifyingKey.from_string(pub, curve=c)
    _, r, s = sig
    n = c.order
    r %= n          # x-only r: the x coordinate of R, reduced mod n
    size = c.baselen
    raw = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    try:
        return vk.verify(raw, data_hash_input, hashfunc=hashf,
                         sigdecode=ecdsa.util.sigdecode_string)
    except ecdsa.BadSignatureError:
        return False


def v2x(*args, data=None):
    return subprocess.run([V2X] + list(args), input=data, capture_output=True)


def one_curve(name, tmp, msg_hex):
    curve, hashf, index, size = CURVES[name]
    d = os.path.join(tmp, name)
    root, at = os.path.join(d, "root"), os.path.join(d, "at")
    p = v2x("cert", "root", "-o", root, "--curve", name)
    q = v2x("cert", "issue", "--ca", root, "--kind", "at", "--psid", "32", "-o", at)
    if p.returncode or q.returncode:
        R.fail(name + "_pki", (p.stderr + q.stderr).decode()[-300:])
        return
    want = {"p256": "nistP256", "brainpoolp256": "brainpoolP256r1",
            "p384": "nistP384", "brainpoolp384": "brainpoolP384r1"}[name]
    R.check(name + "_pki", json.loads(q.stdout)["curve"] == want, q.stdout)
    rootb = open(root + ".cert", "rb").read()
    atb = open(at + ".cert", "rb").read()
    try:
        rc, ac = certificate(rootb), certificate(atb)
        rkey, akey = cert_key(rc["tbs"], index, size), cert_key(ac["tbs"], index, size)
    except Bad as e:
        R.fail(name + "_cert_parse", str(e))
        return
    R.ok(name + "_cert_parse")
    sha = "sha384" if size == 48 else "sha256"
    rpub, apub = bytes([rkey[0] - 0x80]) + rkey[1], bytes([akey[0] - 0x80]) + akey[1]

    # certificates: Hash(Hash(tbs) || Hash(issuer cert)), Hash("") for a
    # self-signed root (1609.2-2016 5.3.1.2.2 and 6.4.3)
    R.check(name + "_root_issuer", rc["issuer"] == ("self", 1 if size == 48 else 0),
            "root issuer %s" % (rc["issuer"],))
    kind = "sha384AndDigest" if size == 48 else "sha256AndDigest"
    R.check(name + "_at_issuer", ac["issuer"] == (kind, hashf(rootb).digest()[-8:]),
            "AT issuer %s, want %s of the root" % (ac["issuer"], kind))
    R.check(name + "_sig_choice", rc["sig"][0] == index and ac["sig"][0] == index,
            "signature CHOICE %d/%d, the standard's %d" % (rc["sig"][0], ac["sig"][0], index))
    h = lambda x: hashf(x).digest()  # noqa: E731
    R.check(name + "_root_self_signature",
            verify(curve, hashf, rpub, h(rc["tbs"]) + h(b""), rc["sig"]),
            "python-ecdsa rejects the root's self-signature")
    R.check(name + "_at_cert_signature",
            verify(curve, hashf, rpub, h(ac["tbs"]) + h(rootb), ac["sig"]),
            "python-ecdsa rejects the root's signature on the AT")

    msg = bytes.fromhex(msg_hex)
    for rform in ("x-only", "compressed"):
        n = "%s_signed_%s" % (name, rform.replace("-", ""))
        p = v2x("sign", "--key", at + ".key", "--cert", at + ".cert", "--psid", "32",
                "--signer", "cert", "--r", rform, data=(msg_hex + "\n").encode())
        if p.returncode:
            R.fail(n, p.stderr.decode()[-300:])
            continue
        sd = bytes.fromhex(p.stdout.decode().split()[0])
        try:
            hash_id, tbs, cert, sig, psid = signed_data(sd, msg, atb)
        except Bad as e:
            R.fail(n + "_parse", str(e))
            continue
        R.check(n + "_parse", psid == 32 and
                hash_id == (1 if size == 48 else 0) and sig[0] == index,
                "psid %d, hashId %d (want %s), signature CHOICE %d" % (psid, hash_id, sha, sig[0]))
        R.check(n, verify(curve, hashf, apub, h(tbs) + h(cert), sig),
                "python-ecdsa rejects Hash(Hash(tbsData) || Hash(signer)) with %s" % sha)
        if rform != "x-only":
            continue
        # negative cases: each must fail
        flip = bytearray(tbs)
        flip[len(flip) // 2] ^= 0x01
        R.check(n + "_flipped_data", not verify(curve, hashf, apub, h(bytes(flip)) + h(cert), sig),
                "a flipped byte of tbsData still verifies")
        R.check(n + "_flipped_sig", not verify(curve, hashf, apub, h(tbs) + h(cert),
                                               (sig[0], sig[1], sig[2] ^ 1)),
                "a flipped bit of sSig still verifies")
        other = bytearray(cert)
        other[-1] ^= 0x80
        R.check(n + "_other_signer", not verify(curve, hashf, apub, h(tbs) + h(bytes(other)), sig),
                "Hash of another certificate still verifies")
        if size == 48:
            R.check(n + "_not_sha256", not verify(curve, hashlib.sha256, apub,
                                                  hashlib.sha256(tbs).digest() +
                                                  hashlib.sha256(cert).digest(), sig),
                    "verifies with SHA-256 too")


def main():
    names = ["p256", "brainpoolp256", "p384", "brainpoolp384"]
    if ecdsa is None:
        for n in names:
            R.skip(n + "_crosscheck", "python3-ecdsa is not installed (apt-get install python3-ecdsa)")
        R.finish()
    if not os.path.exists(V2X):
        R.fail("p384_crosscheck", "%s not built" % V2X)
        R.finish()
    with open(os.path.join(REPO, "sim", "samples", "bsm.json")) as f:
        p = v2x("encode", data=f.read().encode())
    msg_hex = p.stdout.decode().strip()
    if p.returncode or not msg_hex:
        R.fail("p384_crosscheck", "v2x encode bsm.json: %s" % p.stderr.decode())
        R.finish()
    tmp = tempfile.mkdtemp(prefix="p384x.")
    for n in names:
        one_curve(n, tmp, msg_hex)
    R.finish()


main()
