/*
 * unit_sec.c: unit tests of IEEE 1609.2 / TS 103 097 signing and
 * verification (sec_*.c, pki.c): our PKI on every curve, sign/verify round
 * trips, one verdict per negative case, the certificate cache, P2PCD, the
 * trust store directory, canonical forms, and the real signed CAM of
 * $VECTORS/vanetza (SKIP without it).  Prints PASS/FAIL/SKIP lines.
 *
 *   unit_sec corpus DIR    writes fuzz seeds for fuzz_verify (signed
 *                          messages, certificates, a trust store prefix)
 */
#define _GNU_SOURCE	/* memmem */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dot2.h"
#include "peel.h"
#include "pki.h"
#include "sec.h"
#include "sec_int.h"
#include "tai.h"

/* A verdict check that says what came instead. */
#define VERDICT(name, got, want, res) do {				\
	if ((got) == (want))						\
		check_pass("%s", (name));				\
	else								\
		check_fail("%s: %s instead of %s (%s) (line %d)",	\
		    (name), sec_verdict_str(got), sec_verdict_str(want),\
		    (res)->detail, __LINE__);				\
} while (0)

#define DAY	86400U

static uint64_t	 now;		/* TAI us */
static uint32_t	 now_s;		/* TAI s */

/* A root, an AA under it and an AT under that. */
struct pki {
	struct ecc_key	*rk, *ak, *tk;
	struct buf	 root, aa, at;
	uint8_t		 root_id[8], aa_id[8], at_id[8];
};

static int
issue(struct buf *out, enum pki_kind kind, uint32_t start, uint32_t days,
    const uint64_t *psids, size_t np, const struct ecc_key *subject,
    const struct ecc_key *ca, const struct buf *ca_cert)
{
	struct pki_opts	 o;
	char		 err[200];
	size_t		 i;

	pki_opts_init(&o, kind);
	o.start = start;
	o.days = days;
	o.name = kind == PKI_AT ? NULL : pki_kind_str(kind);
	for (i = 0; i < np; i++)
		o.psid[o.n_psid++].psid = psids[i];
	buf_reset(out);
	if (pki_issue(out, &o, subject, ca, ca_cert ? (uint8_t *)ca_cert->p :
	    NULL, ca_cert ? ca_cert->len : 0, err, sizeof(err)) != REASON_OK) {
		printf("    pki_issue: %s\n", err);
		return -1;
	}
	return 0;
}

static int
mkpki(struct pki *p, enum ecc_curve rc, enum ecc_curve c, uint32_t at_start,
    uint32_t at_days, const uint64_t *psids, size_t np)
{
	static const uint64_t aa_psids[] = { 32, 36, 37, 0x8002, 0x8003 };

	memset(p, 0, sizeof(*p));
	buf_init(&p->root);
	buf_init(&p->aa);
	buf_init(&p->at);
	if ((p->rk = ecc_key_generate(rc)) == NULL ||
	    (p->ak = ecc_key_generate(c)) == NULL ||
	    (p->tk = ecc_key_generate(c)) == NULL)
		return -1;
	if (issue(&p->root, PKI_ROOT, now_s - 10 * DAY, 365, NULL, 0, p->rk,
	    p->rk, NULL) == -1 ||
	    issue(&p->aa, PKI_AA, now_s - 9 * DAY, 300, aa_psids, 5, p->ak,
	    p->rk, &p->root) == -1 ||
	    issue(&p->at, PKI_AT, at_start, at_days, psids, np, p->tk, p->ak,
	    &p->aa) == -1)
		return -1;
	sec_cert_id((uint8_t *)p->root.p, p->root.len, p->root_id, NULL);
	sec_cert_id((uint8_t *)p->aa.p, p->aa.len, p->aa_id, NULL);
	sec_cert_id((uint8_t *)p->at.p, p->at.len, p->at_id, NULL);
	return 0;
}

static void
pki_free(struct pki *p)
{
	ecc_key_free(p->rk);
	ecc_key_free(p->ak);
	ecc_key_free(p->tk);
	buf_free(&p->root);
	buf_free(&p->aa);
	buf_free(&p->at);
}

/* A verifier trusting p's root and knowing its AA. */
static struct sec_ctx *
verifier(const struct pki *p, int with_aa)
{
	struct sec_ctx	*c = sec_new(NULL);
	char		 err[200];

	if (c == NULL)
		return NULL;
	if (sec_add_cert(c, (uint8_t *)p->root.p, p->root.len, SEC_TRUST_ROOT,
	    NULL, err, sizeof(err)) != SEC_VALID ||
	    (with_aa && sec_add_cert(c, (uint8_t *)p->aa.p, p->aa.len, 0,
	    NULL, err, sizeof(err)) != SEC_VALID)) {
		printf("    verifier: %s\n", err);
		sec_free(c);
		return NULL;
	}
	return c;
}

/* A signer with the AT of p. */
static struct sec_signer *
signer(struct pki *p)
{
	struct sec_signer *s;
	struct ecc_key	*k;
	char		 err[200];
	uint8_t		 x[48], y[48];

	/* the signer takes the key: give it its own copy via PEM */
	char path[] = "/tmp/unit_sec_XXXXXX";
	int fd = mkstemp(path);

	close(fd);
	(void)x;
	(void)y;
	if (ecc_key_save(p->tk, path, err, sizeof(err)) == -1 ||
	    ecc_key_load(path, &k, err, sizeof(err)) != REASON_OK) {
		unlink(path);
		return NULL;
	}
	unlink(path);
	if (sec_signer_new(&s, k, (uint8_t *)p->at.p, p->at.len, err,
	    sizeof(err)) != REASON_OK) {
		printf("    signer: %s\n", err);
		ecc_key_free(k);
		return NULL;
	}
	return s;
}

static const uint8_t msg_bsm[] = {
	0x00, 0x14, 0x25, 0x03, 0x97, 0x2e, 0x09, 0x4b, 0xbf, 0xc4, 0x2c, 0x80,
	0x00, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x7f,
	0xff, 0x80, 0x00, 0x07, 0xd0, 0x7d, 0x07, 0xd0, 0x7f, 0xff, 0x80, 0x00,
	0x00, 0x00, 0x00
};

static int
sign1(struct sec_signer *s, uint64_t psid, uint64_t gen,
    enum sec_signer_mode mode, struct buf *out)
{
	struct sec_sign_opts o;
	char		 err[200];

	sec_sign_opts_init(&o, psid);
	o.generation_time = gen;
	o.mode = mode;
	o.any_psid = 1;
	buf_reset(out);
	if (sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), out, err, sizeof(err)) !=
	    REASON_OK) {
		printf("    sec_sign: %s\n", err);
		return -1;
	}
	return 0;
}

static enum sec_verdict
vb(struct sec_ctx *c, const struct buf *b, uint64_t at, struct sec_result *r)
{
	return sec_verify_bytes(c, (uint8_t *)b->p, b->len, at, r);
}

/* --- round trips --------------------------------------------------------- */

static void
test_roundtrip(enum ecc_curve rc, enum ecc_curve c)
{
	static const uint64_t psids[] = { 32, 36, 37 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_ctx	*v;
	struct sec_sign_opts o;
	struct dot2_data *d;
	struct pki	 p;
	struct buf	 m;
	char		 name[160], err[200];
	enum sec_verdict r;
	int		 i, ok;

	snprintf(name, sizeof(name), "%s/%s", ecc_curve_str(rc),
	    ecc_curve_str(c));
	if (mkpki(&p, rc, c, now_s - DAY, 30, psids, 3) == -1) {
		check_fail("%s: PKI", name);
		return;
	}
	v = verifier(&p, 1);
	s = signer(&p);
	buf_init(&m);
	CHECK(name, v != NULL && s != NULL);
	if (v == NULL || s == NULL)
		goto out;

	r = sec_verify_cert(v, (uint8_t *)p.at.p, p.at.len, now, &res);
	snprintf(name, sizeof(name), "%s: AT chain verifies",
	    ecc_curve_str(c));
	VERDICT(name, r, SEC_VALID, &res);
	CHECK("  ...anchored at the root", res.anchor == SEC_ANCHOR_ROOT &&
	    res.chain_len == 3 && memcmp(res.chain[2], p.root_id, 8) == 0);

	/* certificate, then digest, then compressed R */
	for (ok = 1, i = 0; i < 6; i++) {
		sec_sign_opts_init(&o, 36);
		o.generation_time = now - 1000 + (uint64_t)i;
		o.mode = i == 0 ? SEC_SIGNER_CERT : SEC_SIGNER_DIGEST;
		o.r_form = i >= 3 ? SEC_R_COMPRESSED : SEC_R_X_ONLY;
		buf_reset(&m);
		if (sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), &m, err,
		    sizeof(err)) != REASON_OK) {
			printf("    %s\n", err);
			ok = 0;
			continue;
		}
		r = vb(v, &m, now, &res);
		if (r != SEC_VALID) {
			printf("    message %d: %s (%s)\n", i,
			    sec_verdict_str(r), res.detail);
			ok = 0;
		}
		if (dot2_parse(&d, (uint8_t *)m.p, m.len, 0, NULL, NULL, 0) ==
		    REASON_OK) {
			const struct dot2_signed *sd = dot2_first_signed(d);

			if (sd->signature.r.form != (i >= 3 ?
			    (sd->signature.r.form == DOT2_POINT_COMPRESSED_Y1 ?
			    DOT2_POINT_COMPRESSED_Y1 :
			    DOT2_POINT_COMPRESSED_Y0) : DOT2_POINT_X_ONLY) ||
			    sd->hash_id != sec_curve_hash(c) ||
			    sd->signer.kind != (i == 0 ?
			    DOT2_SIGNER_CERTIFICATE : DOT2_SIGNER_DIGEST))
				ok = 0;
			dot2_free(d);
		} else
			ok = 0;
	}
	snprintf(name, sizeof(name), "%s: sign/verify, certificate then "
	    "digest, x-only and compressed R", ecc_curve_str(c));
	CHECK(name, ok);
	CHECK("  ...signer identified", res.has_signer &&
	    memcmp(res.signer, p.at_id, 8) == 0 && res.psid == 36 &&
	    res.generation_time == now - 1000 + 5);
 out:
	buf_free(&m);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- negative cases ------------------------------------------------------ */

/* Offset of the signer certificate inside an encoded message. */
static size_t
cert_offset(const struct buf *m, size_t *len, size_t *tbs_off)
{
	struct dot2_data *d;
	const struct dot2_signed *sd;
	size_t	 off = 0;

	if (dot2_parse(&d, (uint8_t *)m->p, m->len, 0, NULL, NULL, 0) !=
	    REASON_OK)
		return 0;
	sd = dot2_first_signed(d);
	if (sd->signer.kind == DOT2_SIGNER_CERTIFICATE) {
		off = (size_t)(sd->signer.certs[0].enc.p - (uint8_t *)m->p);
		*len = sd->signer.certs[0].enc.len;
		*tbs_off = (size_t)(sd->signer.certs[0].tbs_enc.p -
		    (uint8_t *)m->p);
	}
	dot2_free(d);
	return off;
}

static void
flip(struct buf *m, size_t off, uint8_t bit)
{
	m->p[off] ^= bit;
}

/* Payload, header, signature, certificate bit flips. */
static void
neg_flips(struct sec_signer *s, struct sec_ctx *v, struct buf *m)
{
	struct sec_result res;
	size_t		 off, clen = 0, toff = 0;
	enum sec_verdict r;

	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	flip(m, 8, 0x01);	/* the payload's second octet (03 81 00 40
				   03 80 LEN ...) */
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the payload: SIG_BAD", r, SEC_SIG_BAD, &res);
	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	/* the generationTime's last octet: after psid (1 octet), the
	   HeaderInfo preamble; find it as the 8 octets of now */
	{
		uint8_t	 t[8];
		int	 i;
		char	*q;

		for (i = 0; i < 8; i++)
			t[i] = (uint8_t)(now >> (56 - 8 * i));
		q = memmem(m->p, m->len, t, 8);
		CHECK("generationTime found in the encoding", q != NULL);
		if (q != NULL)
			q[7] ^= 0x10;
	}
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the header: SIG_BAD", r, SEC_SIG_BAD, &res);
	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	flip(m, m->len - 1, 0x80);
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the signature: SIG_BAD", r, SEC_SIG_BAD, &res);
	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	flip(m, m->len - 40, 0x04);	/* r */
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the signature's r: SIG_BAD", r, SEC_SIG_BAD,
	    &res);
	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	off = cert_offset(m, &clen, &toff);
	CHECK("signer certificate found", off > 0);
	/* a bit of the AT's toBeSigned (its crlSeries octets) */
	flip(m, toff + 6, 0x01);
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the certificate: SIG_BAD", r, SEC_SIG_BAD,
	    &res);
	sign1(s, 36, now, SEC_SIGNER_CERT, m);
	flip(m, off + clen - 1, 0x02);	/* the certificate's signature */
	r = vb(v, m, now, &res);
	VERDICT("flipped bit in the certificate's signature: SIG_BAD", r,
	    SEC_SIG_BAD, &res);
}

/* PSID not permitted; generation time window; expiry; replay. */
static void
neg_times(struct sec_signer *s, struct sec_ctx *v, struct buf *m)
{
	struct sec_result res;
	struct sec_sign_opts o;
	char		 err[200];
	enum sec_verdict r;

	sign1(s, 99, now, SEC_SIGNER_CERT, m);
	r = vb(v, m, now, &res);
	VERDICT("psid not in the certificate: PSID_NOT_PERMITTED", r,
	    SEC_PSID_NOT_PERMITTED, &res);
	sign1(s, 36, now - 60000000, SEC_SIGNER_CERT, m);
	r = vb(v, m, now, &res);
	VERDICT("generated 60 s ago: TIME_WINDOW", r, SEC_TIME_WINDOW, &res);
	sign1(s, 36, now + 10000000, SEC_SIGNER_CERT, m);
	r = vb(v, m, now, &res);
	VERDICT("generated 10 s ahead: TIME_WINDOW", r, SEC_TIME_WINDOW, &res);
	sec_set_window(v, 120000000, 20000000);
	r = vb(v, m, now, &res);
	VERDICT("...VALID with a 20 s future window", r, SEC_VALID, &res);
	sec_set_window(v, 30000000, 5000000);
	sec_sign_opts_init(&o, 36);
	o.generation_time = now - 2000000;
	o.has_expiry_time = 1;
	o.expiry_time = now - 1000000;
	buf_reset(m);
	sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), m, err, sizeof(err));
	r = vb(v, m, now, &res);
	VERDICT("expiryTime passed: TIME_WINDOW", r, SEC_TIME_WINDOW, &res);
	sign1(s, 36, now - 5, SEC_SIGNER_CERT, m);
	r = vb(v, m, now, &res);
	VERDICT("first copy VALID", r, SEC_VALID, &res);
	r = vb(v, m, now + 100, &res);
	VERDICT("the same message again: REPLAY", r, SEC_REPLAY, &res);
}

/* Unknown digest signer, learned from a certificate message. */
static void
neg_digest(const struct pki *p, struct sec_signer *s, struct buf *m,
    struct buf *m2)
{
	struct sec_result res;
	struct sec_ctx	*v2 = verifier(p, 1);
	enum sec_verdict r;
	uint8_t		 want[4][3];

	sign1(s, 36, now - 10, SEC_SIGNER_DIGEST, m);
	r = vb(v2, m, now, &res);
	VERDICT("digest signer never seen: CERT_UNKNOWN", r,
	    SEC_CERT_UNKNOWN, &res);
	CHECK("  ...its HashedId3 wanted for P2PCD, once",
	    sec_p2pcd_wanted(v2, want, 4) == 1 &&
	    memcmp(want[0], p->at_id + 5, 3) == 0 &&
	    sec_p2pcd_wanted(v2, want, 4) == 0);
	sign1(s, 36, now - 9, SEC_SIGNER_CERT, m2);
	r = vb(v2, m2, now, &res);
	VERDICT("its certificate arrives: VALID", r, SEC_VALID, &res);
	CHECK("  ...and is learned", res.learned);
	r = vb(v2, m, now, &res);
	VERDICT("then the digest message: VALID", r, SEC_VALID, &res);
	sec_free(v2);
}

/* Untrusted issuer: another root's AT. */
static void
neg_untrusted(struct sec_ctx *v, struct buf *m)
{
	static const uint64_t psids[] = { 32, 36, 37 };
	struct sec_result res;
	struct sec_signer *s2;
	struct pki	 p2;
	char		 err[200];
	enum sec_verdict r;

	if (mkpki(&p2, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30, psids,
	    3) == 0 && (s2 = signer(&p2)) != NULL) {
		sign1(s2, 36, now - 30, SEC_SIGNER_CERT, m);
		r = vb(v, m, now, &res);
		VERDICT("AT of an AA we do not know: ISSUER_UNTRUSTED", r,
		    SEC_ISSUER_UNTRUSTED, &res);
		sec_add_cert(v, (uint8_t *)p2.aa.p, p2.aa.len, 0, NULL, err,
		    sizeof(err));
		r = vb(v, m, now, &res);
		VERDICT("AA known, its root not trusted: ISSUER_UNTRUSTED", r,
		    SEC_ISSUER_UNTRUSTED, &res);
		sec_signer_free(s2);
	}
	pki_free(&p2);
}

/* Expired and not yet valid ATs. */
static void
neg_validity(struct buf *m)
{
	static const uint64_t psids[] = { 32, 36, 37 };
	struct sec_result res;
	struct sec_signer *s2;
	struct pki	 pe, pf;
	enum sec_verdict r;

	if (mkpki(&pe, ECC_NISTP256, ECC_NISTP256, now_s - 5 * DAY, 2, psids,
	    3) == 0 && (s2 = signer(&pe)) != NULL) {
		struct sec_ctx *v2 = verifier(&pe, 1);

		sign1(s2, 36, now - 40, SEC_SIGNER_CERT, m);
		r = vb(v2, m, now, &res);
		VERDICT("AT expired 3 days ago: EXPIRED", r, SEC_EXPIRED, &res);
		r = vb(v2, m, now - 4ULL * DAY * 1000000, &res);
		VERDICT("...checked inside its validity, a message generated "
		    "after it: EXPIRED", r, SEC_EXPIRED, &res);
		CHECK("  ...at the generation time",
		    strstr(res.detail, "generation time") != NULL);
		sec_free(v2);
		sec_signer_free(s2);
	}
	pki_free(&pe);
	if (mkpki(&pf, ECC_NISTP256, ECC_NISTP256, now_s + DAY, 2, psids,
	    3) == 0 && (s2 = signer(&pf)) != NULL) {
		struct sec_ctx *v2 = verifier(&pf, 1);

		sign1(s2, 36, now - 50, SEC_SIGNER_CERT, m);
		r = vb(v2, m, now, &res);
		VERDICT("AT valid from tomorrow: NOT_YET_VALID", r,
		    SEC_NOT_YET_VALID, &res);
		sec_free(v2);
		sec_signer_free(s2);
	}
	pki_free(&pf);

	/* an AT with a psid its AA may not grant */
	{
		static const uint64_t bad[] = { 36, 4242 };
		struct pki pc;

		if (mkpki(&pc, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30,
		    bad, 2) == 0 && (s2 = signer(&pc)) != NULL) {
			struct sec_ctx *v2 = verifier(&pc, 1);

			sign1(s2, 36, now - 60, SEC_SIGNER_CERT, m);
			r = vb(v2, m, now, &res);
			VERDICT("AT with a psid beyond its AA's: CHAIN", r,
			    SEC_CHAIN, &res);
			sec_free(v2);
			sec_signer_free(s2);
		}
		pki_free(&pc);
	}
}

static void
test_negative(void)
{
	static const uint64_t psids[] = { 32, 36, 37 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_ctx	*v;
	struct pki	 p;
	struct buf	 m, m2;
	enum sec_verdict r;

	buf_init(&m);
	buf_init(&m2);
	if (mkpki(&p, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30, psids,
	    3) == -1 || (s = signer(&p)) == NULL ||
	    (v = verifier(&p, 1)) == NULL) {
		check_fail("negative: setup");
		return;
	}

	neg_flips(s, v, &m);
	neg_times(s, v, &m);
	neg_digest(&p, s, &m, &m2);

	/* revoked AT, revoked AA */
	sec_deny(v, p.at_id);
	sign1(s, 36, now - 20, SEC_SIGNER_CERT, &m);
	r = vb(v, &m, now, &res);
	VERDICT("AT on the deny-list: REVOKED", r, SEC_REVOKED, &res);
	sec_free(v);
	v = verifier(&p, 1);
	sec_deny(v, p.aa_id);
	r = vb(v, &m, now, &res);
	VERDICT("its AA on the deny-list: REVOKED", r, SEC_REVOKED, &res);
	sec_free(v);
	v = verifier(&p, 1);

	neg_untrusted(v, &m);
	neg_validity(&m);

	/* malformed and unsigned */
	sign1(s, 36, now - 70, SEC_SIGNER_CERT, &m);
	r = sec_verify_bytes(v, (uint8_t *)m.p, m.len - 10, now, &res);
	VERDICT("truncated: MALFORMED", r, SEC_MALFORMED, &res);
	CHECK("  ...reason TRUNCATED", res.reason == REASON_TRUNCATED);
	{
		static const uint8_t uns[] = { 0x03, 0x80, 0x02, 0xaa, 0xbb };

		r = sec_verify_bytes(v, uns, sizeof(uns), now, &res);
		VERDICT("unsecuredData: UNSIGNED", r, SEC_UNSIGNED, &res);
	}

	buf_free(&m);
	buf_free(&m2);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- region -------------------------------------------------------------- */

/* Reissue p's AT (psid 37) with a 2 km circle around Torino. */
static void
issue_torino_at(struct pki *p)
{
	struct pki_opts	 po;
	char		 err[200];

	pki_opts_init(&po, PKI_AT);
	po.start = now_s - DAY;
	po.days = 30;
	po.n_psid = 1;
	po.psid[0].psid = 37;
	po.has_region = 1;
	po.lat = 450703000;
	po.lon = 76869000;
	po.radius = 2000;
	buf_reset(&p->at);
	pki_issue(&p->at, &po, p->tk, p->ak, (uint8_t *)p->aa.p, p->aa.len,
	    err, sizeof(err));
}

static void
test_region(void)
{
	struct sec_result res;
	struct sec_signer *s;
	struct sec_sign_opts o;
	struct sec_ctx	*v;
	struct pki_opts	 po;
	struct pki	 p;
	struct buf	 m;
	char		 err[200];
	static const uint64_t psids[] = { 37 };
	enum sec_verdict r;

	buf_init(&m);
	if (mkpki(&p, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30, psids,
	    1) == -1)
		return;
	issue_torino_at(&p);
	s = signer(&p);
	v = verifier(&p, 1);
	sec_sign_opts_init(&o, 37);
	o.generation_time = now - 100;
	o.has_location = 1;
	o.location.lat = 450713000;	/* 111 m north */
	o.location.lon = 76869000;
	sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), &m, err, sizeof(err));
	r = vb(v, &m, now, &res);
	VERDICT("generation location inside the AT's circle: VALID", r,
	    SEC_VALID, &res);
	o.generation_time = now - 99;
	o.location.lat = 450903000;	/* 2.2 km north */
	buf_reset(&m);
	sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), &m, err, sizeof(err));
	r = vb(v, &m, now, &res);
	VERDICT("generation location 2.2 km away: REGION", r, SEC_REGION,
	    &res);

	/* an AA whose region the AT's does not lie in */
	pki_opts_init(&po, PKI_AA);
	po.start = now_s - 9 * DAY;
	po.days = 300;
	po.has_region = 1;
	po.lat = 480000000;	/* somewhere else */
	po.lon = 110000000;
	po.radius = 10000;
	buf_reset(&p.aa);
	pki_issue(&p.aa, &po, p.ak, p.rk, (uint8_t *)p.root.p, p.root.len,
	    err, sizeof(err));
	issue_torino_at(&p);
	sec_free(v);
	v = verifier(&p, 1);
	r = sec_verify_cert(v, (uint8_t *)p.at.p, p.at.len, now, &res);
	VERDICT("AT region outside its AA's: CHAIN", r, SEC_CHAIN, &res);
	buf_free(&m);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- signer policy and P2PCD --------------------------------------------- */

static int
signer_kind(const struct buf *m, int *has_requested)
{
	struct dot2_data *d;
	int	 k = -1;

	if (dot2_parse(&d, (uint8_t *)m->p, m->len, 0, NULL, NULL, 0) ==
	    REASON_OK) {
		k = dot2_first_signed(d)->signer.kind;
		if (has_requested != NULL)
			*has_requested =
			    dot2_first_signed(d)->header.requested_cert != NULL;
		dot2_free(d);
	}
	return k;
}

static void
test_policy(void)
{
	static const uint64_t psids[] = { 36, 37 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_sign_opts o;
	struct sec_ctx	*v;
	struct dot2_data *d;
	struct pki	 p;
	struct buf	 m, req;
	char		 err[200];
	uint8_t		 h3[3], hash[48], id[8];
	size_t		 hl;
	int		 k, rq;
	enum sec_verdict r;

	buf_init(&m);
	buf_init(&req);
	if (mkpki(&p, ECC_NISTP256, ECC_BRAINPOOLP256R1, now_s - DAY, 30,
	    psids, 2) == -1 || (s = signer(&p)) == NULL)
		return;
	sign1(s, 36, now, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: first message carries the certificate",
	    signer_kind(&m, NULL) == DOT2_SIGNER_CERTIFICATE);
	sign1(s, 36, now + 100000, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: 0.1 s later the digest",
	    signer_kind(&m, NULL) == DOT2_SIGNER_DIGEST);
	sign1(s, 36, now + 1000000, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: 1 s after the certificate, the certificate again",
	    signer_kind(&m, NULL) == DOT2_SIGNER_CERTIFICATE);
	sign1(s, 37, now + 1100000, SEC_SIGNER_AUTO, &m);
	CHECK("auto DENM: always the certificate",
	    signer_kind(&m, NULL) == DOT2_SIGNER_CERTIFICATE);
	sign1(s, 36, now + 1200000, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: digest again",
	    signer_kind(&m, NULL) == DOT2_SIGNER_DIGEST);

	/* A peer asks for our certificate with inlineP2pcdRequest. */
	hl = sec_cert_id((uint8_t *)p.at.p, p.at.len, id, hash);
	memcpy(h3, hash + hl - 3, 3);
	{
		struct sec_signer *peer;
		struct pki	 q;

		if (mkpki(&q, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30,
		    psids, 2) == 0 && (peer = signer(&q)) != NULL) {
			sec_sign_opts_init(&o, 36);
			o.generation_time = now + 1250000;
			o.n_p2pcd = 1;
			o.p2pcd = h3;
			sec_sign(peer, &o, msg_bsm, sizeof(msg_bsm), &req, err,
			    sizeof(err));
			if (dot2_parse(&d, (uint8_t *)req.p, req.len, 0, NULL,
			    NULL, 0) == REASON_OK) {
				sec_signer_heard(s, d);
				dot2_free(d);
			}
			sec_signer_free(peer);
		}
		pki_free(&q);
	}
	sign1(s, 36, now + 1300000, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: a peer asked for it: the certificate",
	    signer_kind(&m, NULL) == DOT2_SIGNER_CERTIFICATE);
	sign1(s, 36, now + 1400000, SEC_SIGNER_AUTO, &m);
	CHECK("auto CAM: then the digest again",
	    signer_kind(&m, NULL) == DOT2_SIGNER_DIGEST);

	/* A peer asks for our AA: requestedCertificate; a verifier that
	 * trusts only the root learns the AA from it. */
	CHECK("issuer set", sec_signer_set_issuer(s, (uint8_t *)p.aa.p,
	    p.aa.len) == REASON_OK);
	CHECK("a non-issuer refused", sec_signer_set_issuer(s,
	    (uint8_t *)p.root.p, p.root.len) == REASON_BAD_VALUE);
	v = verifier(&p, 0);
	sign1(s, 36, now + 1500000, SEC_SIGNER_CERT, &m);
	r = vb(v, &m, now + 1500000, &res);
	VERDICT("AA unknown to the verifier: ISSUER_UNTRUSTED", r,
	    SEC_ISSUER_UNTRUSTED, &res);
	hl = sec_cert_id((uint8_t *)p.aa.p, p.aa.len, id, hash);
	memcpy(h3, hash + hl - 3, 3);
	{
		struct buf b;

		/* a learning request naming the AA */
		buf_init(&b);
		if (dot2_parse(&d, (uint8_t *)req.p, req.len, 0, NULL, NULL,
		    0) == REASON_OK) {
			struct dot2_signed *sd = d->signed_data;

			sd->header.inline_p2pcd = h3;
			sec_signer_heard(s, d);
			dot2_free(d);
		}
		buf_free(&b);
	}
	sign1(s, 36, now + 1600000, SEC_SIGNER_CERT, &m);
	signer_kind(&m, &rq);
	CHECK("asked for our AA: requestedCertificate sent", rq == 1);
	r = vb(v, &m, now + 1600000, &res);
	VERDICT("...the verifier learns the AA, the message VALID", r,
	    SEC_VALID, &res);
	sign1(s, 36, now + 1700000, SEC_SIGNER_AUTO, &m);
	k = signer_kind(&m, &rq);
	CHECK("...and sends it once", rq == 0 && k == DOT2_SIGNER_DIGEST);
	buf_free(&m);
	buf_free(&req);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- cache --------------------------------------------------------------- */

static void
test_cache(void)
{
	static const uint64_t psids[] = { 36 };
	struct sec_config cfg;
	struct sec_result res;
	struct sec_stats st;
	struct sec_signer *s[40];
	struct ecc_key	*k;
	struct sec_ctx	*v;
	struct pki	 p;
	struct buf	 m, at;
	char		 err[200];
	int		 i, ok = 1, n = 40;
	enum sec_verdict r;

	buf_init(&m);
	buf_init(&at);
	if (mkpki(&p, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30, psids,
	    1) == -1)
		return;
	sec_config_default(&cfg);
	cfg.cert_cache = 16;
	v = sec_new(&cfg);
	sec_add_cert(v, (uint8_t *)p.root.p, p.root.len, SEC_TRUST_ROOT, NULL,
	    err, sizeof(err));
	sec_add_cert(v, (uint8_t *)p.aa.p, p.aa.len, 0, NULL, err, sizeof(err));
	for (i = 0; i < n; i++) {
		k = ecc_key_generate(ECC_NISTP256);
		issue(&at, PKI_AT, now_s - DAY, 30, psids, 1, k, p.ak, &p.aa);
		if (sec_signer_new(&s[i], k, (uint8_t *)at.p, at.len, err,
		    sizeof(err)) != REASON_OK) {
			ecc_key_free(k);
			s[i] = NULL;
			ok = 0;
			continue;
		}
		sign1(s[i], 36, now - 100 + (uint64_t)i, SEC_SIGNER_CERT, &m);
		if ((r = vb(v, &m, now, &res)) != SEC_VALID) {
			printf("    AT %d: %s %s\n", i, sec_verdict_str(r),
			    res.detail);
			ok = 0;
		}
	}
	sec_stats(v, &st);
	CHECK("40 ATs through a cache of 16: all VALID", ok);
	CHECK("  ...16 learned kept, the store's kept", st.certs == 18 &&
	    st.evicted == 24);
	sign1(s[0], 36, now - 10, SEC_SIGNER_DIGEST, &m);
	r = vb(v, &m, now, &res);
	VERDICT("digest of an evicted AT: CERT_UNKNOWN", r, SEC_CERT_UNKNOWN,
	    &res);
	sign1(s[n - 1], 36, now - 9, SEC_SIGNER_DIGEST, &m);
	r = vb(v, &m, now, &res);
	VERDICT("digest of a recent AT: VALID", r, SEC_VALID, &res);
	sec_stats(v, &st);
	CHECK("cache hits counted", st.cache_hits >= 1 && st.chains >= 41);
	for (i = 0; i < n; i++)
		sec_signer_free(s[i]);
	buf_free(&m);
	buf_free(&at);
	sec_free(v);
	pki_free(&p);
}

/* --- P-384 and mixed chains ---------------------------------------------- */

static void
test_mixed(void)
{
	static const uint64_t psids[] = { 36 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_ctx	*v;
	struct pki	 p;
	struct buf	 m;
	enum sec_verdict r;

	buf_init(&m);
	if (mkpki(&p, ECC_NISTP384, ECC_NISTP256, now_s - DAY, 30, psids,
	    1) == -1 || (s = signer(&p)) == NULL || (v = verifier(&p, 1)) ==
	    NULL) {
		check_fail("mixed: setup");
		return;
	}
	sign1(s, 36, now - 10, SEC_SIGNER_CERT, &m);
	r = vb(v, &m, now, &res);
	VERDICT("P-384 root (sha384AndDigest), P-256 AA and AT: VALID", r,
	    SEC_VALID, &res);
	buf_free(&m);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- canonical encodings ------------------------------------------------- */

static void
test_canonical(void)
{
	static const uint64_t psids[] = { 36 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_ctx	*v;
	struct dot2_data *d;
	struct dot2_cert *ct;
	struct pki	 p;
	struct buf	 m, m2;
	uint8_t		 x[48], y[48], id[8];
	enum sec_verdict r;

	buf_init(&m);
	buf_init(&m2);
	if (mkpki(&p, ECC_NISTP256, ECC_NISTP256, now_s - DAY, 30, psids,
	    1) == -1 || (s = signer(&p)) == NULL || (v = verifier(&p, 1)) ==
	    NULL)
		return;
	sign1(s, 36, now - 10, SEC_SIGNER_CERT, &m);
	ecc_key_public(p.tk, x, y);
	/* The same message with the AT's key uncompressed. */
	if (dot2_parse(&d, (uint8_t *)m.p, m.len, 0, NULL, NULL, 0) ==
	    REASON_OK) {
		ct = &d->signed_data->signer.certs[0];
		ct->tbs.key.point.form = DOT2_POINT_UNCOMPRESSED;
		ct->tbs.key.point.x = x;
		ct->tbs.key.point.y = y;
		dot2_build(&m2, d);
		dot2_free(d);
	}
	CHECK("non-canonical copy is longer", m2.len == m.len + 32);
	r = vb(v, &m2, now, &res);
	VERDICT("AT with an uncompressed key: canonicalised, VALID", r,
	    SEC_VALID, &res);
	sec_cert_id((uint8_t *)p.at.p, p.at.len, id, NULL);
	CHECK("  ...with the canonical HashedId8",
	    memcmp(res.signer, id, 8) == 0);
	buf_free(&m);
	buf_free(&m2);
	sec_signer_free(s);
	sec_free(v);
	pki_free(&p);
}

/* --- trust store directory ----------------------------------------------- */

static void
test_store(void)
{
	static const uint64_t psids[] = { 36 };
	struct sec_result res;
	struct sec_signer *s;
	struct sec_ctx	*v;
	struct pki	 p;
	struct buf	 m;
	char		 dir[] = "/tmp/unit_sec_store_XXXXXX";
	char		 path[512], err[300];
	char		 hx[17], line[64];
	enum sec_verdict r;
	int		 n;

	buf_init(&m);
	if (mkdtemp(dir) == NULL || mkpki(&p, ECC_NISTP256, ECC_NISTP256,
	    now_s - DAY, 30, psids, 1) == -1 || (s = signer(&p)) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/root.cert", dir);
	check_write_file(path, p.root.p, p.root.len);
	snprintf(path, sizeof(path), "%s/aa.cert", dir);
	check_write_file(path, p.aa.p, p.aa.len);
	snprintf(path, sizeof(path), "%s/README", dir);
	check_write_file(path, "x", 1);
	v = sec_new(NULL);
	n = sec_store_load(v, dir, err, sizeof(err));
	CHECK("store: root and AA loaded", n == 2);
	sign1(s, 36, now - 10, SEC_SIGNER_CERT, &m);
	r = vb(v, &m, now, &res);
	VERDICT("store: AT through the stored AA: VALID", r, SEC_VALID, &res);
	sec_free(v);

	sec_idhex(p.at_id, hx);
	snprintf(line, sizeof(line), "# revoked\n%s\n", hx);
	snprintf(path, sizeof(path), "%s/deny.txt", dir);
	check_write_file(path, line, strlen(line));
	v = sec_new(NULL);
	sec_store_load(v, dir, err, sizeof(err));
	r = vb(v, &m, now, &res);
	VERDICT("store: deny.txt: REVOKED", r, SEC_REVOKED, &res);
	sec_free(v);
	unlink(path);

	/* only the AA, pinned */
	snprintf(path, sizeof(path), "%s/root.cert", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/aa.cert", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/pinned", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/pinned/aa.cert", dir);
	check_write_file(path, p.aa.p, p.aa.len);
	v = sec_new(NULL);
	n = sec_store_load(v, dir, err, sizeof(err));
	r = vb(v, &m, now, &res);
	VERDICT("store: pinned AA: VALID", r, SEC_VALID, &res);
	CHECK("  ...anchor 'pinned', chain of 2", n == 1 &&
	    res.anchor == SEC_ANCHOR_PINNED && res.chain_len == 2);
	sec_free(v);
	unlink(path);
	snprintf(path, sizeof(path), "%s/pinned", dir);
	rmdir(path);

	/* the AA's digest in anchors.txt */
	sec_idhex(p.aa_id, hx);
	snprintf(line, sizeof(line), "  %s   # our AA\n\n", hx);
	snprintf(path, sizeof(path), "%s/anchors.txt", dir);
	check_write_file(path, line, strlen(line));
	v = sec_new(NULL);
	sec_store_load(v, dir, err, sizeof(err));
	r = vb(v, &m, now, &res);
	VERDICT("store: anchors.txt with the AA's digest: VALID", r,
	    SEC_VALID, &res);
	CHECK("  ...anchor 'pinned-issuer'", res.anchor == SEC_ANCHOR_ISSUER);
	sec_free(v);
	check_write_file(path, "zz\n", 3);
	v = sec_new(NULL);
	CHECK("store: a bad anchors.txt line refused",
	    sec_store_load(v, dir, err, sizeof(err)) == -1 &&
	    strstr(err, "anchors.txt:1") != NULL);
	sec_free(v);
	unlink(path);
	snprintf(path, sizeof(path), "%s/bad.cert", dir);
	check_write_file(path, "\x80\x03", 2);
	v = sec_new(NULL);
	CHECK("store: a broken certificate refused",
	    sec_store_load(v, dir, err, sizeof(err)) == -1);
	sec_free(v);
	unlink(path);
	/* a root whose self-signature is broken */
	p.root.p[p.root.len - 1] ^= 1;
	snprintf(path, sizeof(path), "%s/root.cert", dir);
	check_write_file(path, p.root.p, p.root.len);
	v = sec_new(NULL);
	CHECK("store: a root with a bad self-signature refused",
	    sec_store_load(v, dir, err, sizeof(err)) == -1 &&
	    strstr(err, "SIG_BAD") != NULL);
	sec_free(v);
	unlink(path);
	v = sec_new(NULL);
	CHECK("store: a missing directory refused",
	    sec_store_load(v, "/nonexistent/trust", err, sizeof(err)) == -1);
	sec_free(v);
	rmdir(dir);
	buf_free(&m);
	sec_signer_free(s);
	pki_free(&p);
}

/* --- the real vector ----------------------------------------------------- */

static void
test_vector(void)
{
	struct sec_result res;
	struct sec_ctx	*v;
	struct peel	 pe;
	char		 path[1024], err[200];
	uint8_t		 data[4096], id[8];
	uint64_t	 at, gen;
	size_t		 n;
	FILE		*f;
	enum sec_verdict r;
	static const uint8_t issuer[8] = {
		0x56, 0xdf, 0xd6, 0xd6, 0x27, 0xa3, 0x62, 0xdc
	};
	static const uint8_t at_id[8] = {
		0x12, 0x7c, 0xff, 0x38, 0x4c, 0xe0, 0xb8, 0x90
	};

	snprintf(path, sizeof(path), "%s/vanetza/cam_v3_certificate.dat",
	    check_vectors());
	if ((f = fopen(path, "rb")) == NULL) {
		check_skip("vector: %s absent", path);
		return;
	}
	n = fread(data, 1, sizeof(data), f);
	fclose(f);
	peel_init(&pe);
	peel_bytes(&pe, data, n, 0);
	CHECK("vector: peels to a 1609.2 signed CAM", pe.dot2 != NULL &&
	    pe.reason == REASON_OK);
	if (pe.dot2 == NULL) {
		peel_free(&pe);
		return;
	}
	gen = dot2_first_signed(pe.dot2)->header.generation_time;
	tai_parse("2019-11-21T13:27:55.646830Z", 27, &at);
	CHECK("vector: generated 2019-11-21T13:27:55.646830Z", gen == at);

	v = sec_new(NULL);
	r = sec_verify(v, pe.dot2, gen, &res);
	VERDICT("vector: nothing pinned: ISSUER_UNTRUSTED", r,
	    SEC_ISSUER_UNTRUSTED, &res);
	CHECK("  ...names the AT and its issuer", memcmp(res.signer, at_id,
	    8) == 0 && res.has_issuer && memcmp(res.issuer, issuer, 8) == 0);
	sec_free(v);

	v = sec_new(NULL);
	sec_pin_digest(v, at_id);
	r = sec_verify(v, pe.dot2, gen, &res);
	VERDICT("vector: AT digest pinned, at its generation time: VALID", r,
	    SEC_VALID, &res);
	CHECK("  ...psid 36, anchor pinned", res.psid == 36 &&
	    res.anchor == SEC_ANCHOR_PINNED);
	r = sec_verify(v, pe.dot2, sec_now(), &res);
	VERDICT("vector: pinned, today: EXPIRED", r, SEC_EXPIRED, &res);
	sec_free(v);

	v = sec_new(NULL);
	{
		const struct dot2_cert *ct =
		    &dot2_first_signed(pe.dot2)->signer.certs[0];

		r = sec_add_cert(v, ct->enc.p, ct->enc.len, SEC_TRUST_PIN, id,
		    err, sizeof(err));
		CHECK("vector: its certificate pinned",
		    r == SEC_VALID && memcmp(id, at_id, 8) == 0);
	}
	r = sec_verify(v, pe.dot2, gen + 500000, &res);
	VERDICT("vector: certificate pinned, 0.5 s later: VALID", r,
	    SEC_VALID, &res);
	sec_free(v);

	v = sec_new(NULL);
	sec_pin_digest(v, issuer);
	r = sec_verify(v, pe.dot2, gen, &res);
	VERDICT("vector: issuer digest pinned: VALID", r, SEC_VALID, &res);
	CHECK("  ...anchor pinned-issuer, chain AT then issuer",
	    res.anchor == SEC_ANCHOR_ISSUER && res.chain_len == 2 &&
	    memcmp(res.chain[1], issuer, 8) == 0);
	sec_free(v);

	/* a flipped payload bit, pinned */
	data[40] ^= 0x01;
	peel_bytes(&pe, data, n, PEEL_NODECODE);
	v = sec_new(NULL);
	sec_pin_digest(v, at_id);
	r = pe.dot2 != NULL ? sec_verify(v, pe.dot2, gen, &res) : SEC_MALFORMED;
	VERDICT("vector: a flipped payload bit: SIG_BAD", r, SEC_SIG_BAD, &res);
	sec_free(v);
	peel_free(&pe);
}

/* --- SSP and permission rules -------------------------------------------- */

static void
test_ssp(void)
{
	struct dot2_cert is, sub;
	struct dot2_group_perm g;
	struct dot2_psid_range rg;
	struct dot2_psid_ssp a;
	static const uint8_t val[] = { 0x01, 0x80 }, mask[] = { 0xff, 0x80 };
	static const uint8_t ok1[] = { 0x01, 0x80 }, ok2[] = { 0x01, 0xc0 },
	    bad[] = { 0x01, 0x00 };
	char	 why[160];

	memset(&is, 0, sizeof(is));
	memset(&sub, 0, sizeof(sub));
	memset(&g, 0, sizeof(g));
	memset(&rg, 0, sizeof(rg));
	memset(&a, 0, sizeof(a));
	rg.psid = 36;
	rg.has_range = 1;
	rg.kind = DOT2_SSPR_BITMAP;
	rg.value.p = val;
	rg.value.len = 2;
	rg.mask.p = mask;
	rg.mask.len = 2;
	g.kind = DOT2_SUBJECT_EXPLICIT;
	g.n = 1;
	g.ranges = &rg;
	g.min_chain_length = 1;
	g.ee_type = 0x80;
	is.tbs.has_issue = 1;
	is.tbs.n_issue = 1;
	is.tbs.issue = &g;
	a.psid = 36;
	a.has_ssp = 1;
	a.ssp_kind = DOT2_SSP_BITMAP;
	a.ssp.len = 2;
	sub.tbs.has_app = 1;
	sub.tbs.n_app = 1;
	sub.tbs.app = &a;
	a.ssp.p = ok1;
	CHECK("bitmap SSP equal to the range value: consistent",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_VALID);
	a.ssp.p = ok2;
	CHECK("bitmap SSP differing in a free bit: consistent",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_VALID);
	a.ssp.p = bad;
	CHECK("bitmap SSP differing in a masked bit: CHAIN",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_CHAIN);
	a.ssp.p = ok1;
	g.min_chain_length = 2;
	CHECK("AT below a group of minChainLength 2: CHAIN",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_CHAIN);
	g.min_chain_length = 1;
	g.ee_type = 0x40;
	CHECK("group for enrolment only: CHAIN",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_CHAIN);
	g.ee_type = 0x80;
	CHECK("validity beyond the issuer's: CHAIN",
	    sec_link_check(&sub, &is, 1, 4, 0, 3, why, sizeof(why)) ==
	    SEC_CHAIN);
	g.kind = DOT2_SUBJECT_ALL;
	CHECK("issuer 'all': consistent",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_VALID);
	a.psid = 77;
	CHECK("issuer 'all' covers another psid too",
	    sec_link_check(&sub, &is, 1, 2, 0, 3, why, sizeof(why)) ==
	    SEC_VALID);
}

/* --- corpus for fuzz_verify ---------------------------------------------- */

static void
put_certs(struct buf *seed, int flags, uint64_t at, const struct buf **certs,
    int k)
{
	int	 i;

	buf_reset(seed);
	buf_addc(seed, (char)flags);
	for (i = 0; i < 8; i++)
		buf_addc(seed, (char)(at >> (56 - 8 * i)));
	buf_addc(seed, (char)k);
	for (i = 0; i < k; i++) {
		buf_addc(seed, (char)(certs[i]->len >> 8));
		buf_addc(seed, (char)certs[i]->len);
		buf_add(seed, certs[i]->p, certs[i]->len);
	}
}

/*
 * Seeds in the format of fuzz_verify.c: flags, the verification time (8
 * octets, TAI us, big endian), a count of certificates each with a 2-octet
 * length (the first one a root when flags has 1, pinned when it has 2),
 * then a signed message; or flags with bit 7 set and a certificate.
 */
static int
corpus(const char *dir)
{
	static const uint64_t psids[] = { 32, 36, 37 };
	enum ecc_curve	 curves[] = { ECC_NISTP256, ECC_BRAINPOOLP256R1,
	    ECC_NISTP384 };
	struct sec_sign_opts o;
	struct sec_signer *s;
	const struct buf *certs[2];
	struct pki	 p;
	struct buf	 m, seed;
	char		 path[1024], err[200];
	int		 i, j, n = 0;

	buf_init(&m);
	buf_init(&seed);
	for (i = 0; i < 3; i++) {
		if (mkpki(&p, curves[i], curves[i], now_s - DAY, 30, psids,
		    3) == -1 || (s = signer(&p)) == NULL)
			return 1;
		for (j = 0; j < 5; j++) {
			sec_sign_opts_init(&o, j == 3 ? 37 : 36);
			o.generation_time = now;
			o.mode = j == 0 ? SEC_SIGNER_DIGEST : SEC_SIGNER_CERT;
			o.r_form = j == 2 ? SEC_R_COMPRESSED : SEC_R_X_ONLY;
			if (j == 3) {
				o.has_location = 1;
				o.location.lat = 450703000;
				o.location.lon = 76869000;
				o.has_expiry_time = 1;
				o.expiry_time = now + 60000000;
			}
			buf_reset(&m);
			if (sec_sign(s, &o, msg_bsm, sizeof(msg_bsm), &m, err,
			    sizeof(err)) != REASON_OK)
				continue;
			certs[0] = &p.root;
			certs[1] = &p.aa;
			if (j == 4) {		/* the AT pinned */
				certs[0] = &p.at;
				put_certs(&seed, 2, now, certs, 1);
			} else
				put_certs(&seed, 1, now, certs, 2);
			buf_add(&seed, m.p, m.len);
			snprintf(path, sizeof(path), "%s/msg-%s-%d", dir,
			    ecc_curve_str(curves[i]), j);
			check_write_file(path, seed.p, seed.len);
			n++;
		}
		buf_reset(&seed);
		buf_addc(&seed, (char)0x80);
		buf_add(&seed, p.at.p, p.at.len);
		snprintf(path, sizeof(path), "%s/cert-at-%s", dir,
		    ecc_curve_str(curves[i]));
		check_write_file(path, seed.p, seed.len);
		buf_reset(&seed);
		buf_addc(&seed, (char)0x81);
		buf_add(&seed, p.root.p, p.root.len);
		snprintf(path, sizeof(path), "%s/cert-root-%s", dir,
		    ecc_curve_str(curves[i]));
		check_write_file(path, seed.p, seed.len);
		n += 2;
		sec_signer_free(s);
		pki_free(&p);
	}
	buf_free(&m);
	buf_free(&seed);
	printf("%d seeds in %s\n", n, dir);
	return 0;
}

int
main(int argc, char **argv)
{
	now = sec_now();
	now_s = (uint32_t)(now / 1000000);
	if (argc == 3 && strcmp(argv[1], "corpus") == 0)
		return corpus(argv[2]);
	test_roundtrip(ECC_NISTP256, ECC_NISTP256);
	test_roundtrip(ECC_BRAINPOOLP256R1, ECC_BRAINPOOLP256R1);
	test_roundtrip(ECC_NISTP384, ECC_NISTP384);
	test_roundtrip(ECC_BRAINPOOLP384R1, ECC_BRAINPOOLP384R1);
	test_negative();
	test_region();
	test_policy();
	test_cache();
	test_mixed();
	test_canonical();
	test_store();
	test_ssp();
	test_vector();
	return check_exit();
}
