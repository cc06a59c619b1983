/*
 * sec_sign.c: IEEE 1609.2-2016 signed data (6.3.4 SignedData, 5.3.1 the
 * signature over Hash(Hash(tbsData) || Hash(signer certificate))) with the
 * ETSI TS 103 097 v1.3.1 signer rules (7.1.1: a CAM carries the
 * certificate once a second, else the digest, and the certificate when a
 * peer asks with inlineP2pcdRequest; a DENM always the certificate) and the
 * inline P2PCD answer (1609.2 clause 8: requestedCertificate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include "psid.h"
#include "sec_int.h"

#define MAX_CERT	65536
#define CERT_EVERY_US	1000000	/* TS 103 097 7.1.1: once a second */

struct sec_signer {
	struct ecc_key	*key;
	enum ecc_curve	 curve;
	enum dot2_hash	 hash;
	uint8_t		*enc;		/* canonical certificate */
	size_t		 len;
	struct dot2_cert *cert;
	uint8_t		 id[8];
	uint8_t		 h3[3];
	uint8_t		 chash[48];	/* whole-certificate hash */
	uint8_t		*ienc;		/* issuer's certificate */
	struct dot2_cert *icert;
	uint8_t		 ih3[3];
	uint64_t	 last_cert;	/* generation time it was last sent */
	int		 sent_cert;
	int		 want_cert;	/* a peer asked for it */
	int		 want_issuer;
	struct buf	 tbs;
	struct sec_md	 md;
	/* for R in compressed form */
	EC_GROUP	*group;
	EC_POINT	*q;
	BN_CTX		*bn;
};

int
sec_signer_mode_parse(const char *s, enum sec_signer_mode *m)
{
	if (strcmp(s, "auto") == 0)
		*m = SEC_SIGNER_AUTO;
	else if (strcmp(s, "cert") == 0 || strcmp(s, "certificate") == 0)
		*m = SEC_SIGNER_CERT;
	else if (strcmp(s, "digest") == 0)
		*m = SEC_SIGNER_DIGEST;
	else
		return -1;
	return 0;
}

void
sec_sign_opts_init(struct sec_sign_opts *o, uint64_t psid)
{
	memset(o, 0, sizeof(*o));
	o->psid = psid;
}

/* Parse a certificate into its canonical copy: *enc, *ct. */
static enum reason
cert_copy(const uint8_t *p, size_t n, uint8_t **enc, size_t *len,
    struct dot2_cert **ct, char *err, size_t errlen)
{
	struct dot2_cert *c;
	struct buf	 b;
	size_t		 used;
	enum reason	 r;
	int		 canon;

	*enc = NULL;
	*ct = NULL;
	if ((r = dot2_cert_parse(&c, p, n, &used, err, errlen)) != REASON_OK)
		return r;
	if (used != n) {
		dot2_cert_free(c);
		snprintf(err, errlen, "%zu octets after the certificate",
		    n - used);
		return REASON_BAD_LENGTH;
	}
	buf_init(&b);
	if ((canon = sec_cert_canonical(c, &b)) < 0) {
		dot2_cert_free(c);
		buf_free(&b);
		snprintf(err, errlen, "certificate cannot be made canonical");
		return REASON_BAD_VALUE;
	}
	if (canon) {
		buf_add(&b, p, n);
	}
	dot2_cert_free(c);
	if (b.oom) {
		buf_free(&b);
		return REASON_NOMEM;
	}
	*enc = (uint8_t *)b.p;		/* the buffer becomes the copy */
	*len = b.len;
	if ((r = dot2_cert_parse(ct, *enc, *len, NULL, err, errlen)) !=
	    REASON_OK) {
		free(*enc);
		*enc = NULL;
	}
	return r;
}

enum reason
sec_signer_new(struct sec_signer **out, struct ecc_key *key,
    const uint8_t *cert, size_t n, char *err, size_t errlen)
{
	struct sec_signer *s;
	struct ecc_pub	*pub;
	uint8_t		 kx[48], ky[48], cx[48], cy[48], h[48];
	size_t		 hl, len;
	int		 curve;
	enum reason	 r;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return REASON_NOMEM;
	buf_init(&s->tbs);
	if (sec_md_init(&s->md) == -1) {
		r = REASON_NOMEM;
		goto bad;
	}
	if ((r = cert_copy(cert, n, &s->enc, &s->len, &s->cert, err,
	    errlen)) != REASON_OK)
		goto bad;
	r = REASON_BAD_VALUE;
	if (s->cert->type != DOT2_CERT_EXPLICIT ||
	    (curve = sec_key_curve(s->cert->tbs.key.alg)) < 0) {
		snprintf(err, errlen, "not an explicit ECDSA certificate");
		r = REASON_UNSUPPORTED;
		goto bad;
	}
	if ((enum ecc_curve)curve != ecc_key_curve(key)) {
		snprintf(err, errlen, "key on %s, certificate on %s",
		    ecc_curve_str(ecc_key_curve(key)),
		    ecc_curve_str((enum ecc_curve)curve));
		goto bad;
	}
	len = ecc_curve_len((enum ecc_curve)curve);
	pub = sec_point_pub((enum ecc_curve)curve, &s->cert->tbs.key.point);
	if (pub == NULL || ecc_pub_point(pub, cx, cy) == -1 ||
	    ecc_key_public(key, kx, ky) == -1 || memcmp(kx, cx, len) != 0 ||
	    memcmp(ky, cy, len) != 0) {
		ecc_pub_free(pub);
		snprintf(err, errlen, "the key is not the certificate's");
		goto bad;
	}
	ecc_pub_free(pub);
	s->curve = (enum ecc_curve)curve;
	s->hash = sec_curve_hash(s->curve);
	hl = sec_hash(s->hash, s->enc, s->len, h);
	memcpy(s->chash, h, hl);
	memcpy(s->id, h + hl - 8, 8);
	memcpy(s->h3, h + hl - 3, 3);
	s->key = key;
	*out = s;
	return REASON_OK;
 bad:
	sec_signer_free(s);
	return r;
}

static int
read_cert(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL ||
	    buf_reserve(b, MAX_CERT + 1) == -1) {
		snprintf(err, errlen, "%s: cannot read", path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	n = fread(b->p, 1, MAX_CERT + 1, f);
	fclose(f);
	if (n == 0 || n > MAX_CERT) {
		snprintf(err, errlen, "%s: empty or too large", path);
		return -1;
	}
	b->len = n;
	return 0;
}

enum reason
sec_signer_load(struct sec_signer **out, const char *keypath,
    const char *certpath, char *err, size_t errlen)
{
	struct ecc_key	*k;
	struct buf	 b;
	enum reason	 r;

	*out = NULL;
	if ((r = ecc_key_load(keypath, &k, err, errlen)) != REASON_OK)
		return r;
	buf_init(&b);
	if (read_cert(certpath, &b, err, errlen) == -1) {
		buf_free(&b);
		ecc_key_free(k);
		return REASON_NOT_V2X;
	}
	if ((r = sec_signer_new(out, k, (uint8_t *)b.p, b.len, err,
	    errlen)) != REASON_OK) {
		size_t	 l = strlen(err);

		if (l + strlen(certpath) + 3 < errlen) {
			memmove(err + strlen(certpath) + 2, err, l + 1);
			memcpy(err, certpath, strlen(certpath));
			memcpy(err + strlen(certpath), ": ", 2);
		}
		ecc_key_free(k);
	}
	buf_free(&b);
	return r;
}

void
sec_signer_free(struct sec_signer *s)
{
	if (s == NULL)
		return;
	ecc_key_free(s->key);
	free(s->enc);
	dot2_cert_free(s->cert);
	free(s->ienc);
	dot2_cert_free(s->icert);
	buf_free(&s->tbs);
	sec_md_free(&s->md);
	EC_POINT_free(s->q);
	EC_GROUP_free(s->group);
	BN_CTX_free(s->bn);
	free(s);
}

const uint8_t *
sec_signer_id(const struct sec_signer *s)
{
	return s->id;
}

const struct dot2_cert *
sec_signer_cert(const struct sec_signer *s)
{
	return s->cert;
}

enum reason
sec_signer_set_issuer(struct sec_signer *s, const uint8_t *p, size_t n)
{
	uint8_t		*enc, h[48], id[8];
	struct dot2_cert *ct;
	char		 err[160];
	size_t		 len, hl;
	int		 curve;
	enum reason	 r;

	if ((r = cert_copy(p, n, &enc, &len, &ct, err, sizeof(err))) !=
	    REASON_OK)
		return r;
	if ((curve = sec_key_curve(ct->tbs.key.alg)) < 0) {
		free(enc);
		dot2_cert_free(ct);
		return REASON_UNSUPPORTED;
	}
	hl = sec_hash(sec_curve_hash((enum ecc_curve)curve), enc, len, h);
	memcpy(id, h + hl - 8, 8);
	if (s->cert->issuer.kind == DOT2_ISSUER_SELF ||
	    memcmp(s->cert->issuer.digest, id, 8) != 0) {
		free(enc);
		dot2_cert_free(ct);
		return REASON_BAD_VALUE;
	}
	free(s->ienc);
	dot2_cert_free(s->icert);
	s->ienc = enc;
	s->icert = ct;
	memcpy(s->ih3, h + hl - 3, 3);
	return REASON_OK;
}

static void
heard_id(struct sec_signer *s, const uint8_t *h3)
{
	if (memcmp(h3, s->h3, 3) == 0)
		s->want_cert = 1;
	else if (s->icert != NULL && memcmp(h3, s->ih3, 3) == 0)
		s->want_issuer = 1;
}

void
sec_signer_heard(struct sec_signer *s, const struct dot2_data *d)
{
	const struct dot2_signed *sd;
	size_t	 i;

	if (d == NULL || (sd = dot2_first_signed(d)) == NULL)
		return;
	if (sd->header.has_p2pcd && sd->header.p2pcd_learning_request != NULL)
		heard_id(s, sd->header.p2pcd_learning_request);
	if (sd->header.has_inline_p2pcd)
		for (i = 0; i < sd->header.n_inline_p2pcd; i++)
			heard_id(s, sd->header.inline_p2pcd + 3 * i);
}

/* The parity of R's y from (r, s) and the digest: R = (e/s) G + (r/s) Q,
 * as a verifier computes it (ECDSA gives r only). */
static int
r_ybit(struct sec_signer *s, const uint8_t *digest, const uint8_t *r,
    const uint8_t *sv, int *ybit)
{
	static const int nids[ECC_CURVE_MAX] = {
		NID_X9_62_prime256v1, NID_brainpoolP256r1, NID_secp384r1,
		NID_brainpoolP384r1
	};
	BIGNUM		*e, *br, *bs, *w, *u1, *u2, *x, *y, *qx, *qy;
	const BIGNUM	*n;
	EC_POINT	*R = NULL;
	uint8_t		 kx[48], ky[48];
	size_t		 len = ecc_curve_len(s->curve);
	int		 ok = 0;

	if (s->group == NULL) {
		if ((s->bn = BN_CTX_new()) == NULL ||
		    (s->group = EC_GROUP_new_by_curve_name(nids[s->curve])) ==
		    NULL || (s->q = EC_POINT_new(s->group)) == NULL ||
		    ecc_key_public(s->key, kx, ky) == -1)
			return -1;
		BN_CTX_start(s->bn);
		qx = BN_CTX_get(s->bn);
		qy = BN_CTX_get(s->bn);
		ok = qy != NULL && BN_bin2bn(kx, (int)len, qx) != NULL &&
		    BN_bin2bn(ky, (int)len, qy) != NULL &&
		    EC_POINT_set_affine_coordinates(s->group, s->q, qx, qy,
		    s->bn);
		BN_CTX_end(s->bn);
		if (!ok) {
			EC_POINT_free(s->q);
			s->q = NULL;
			EC_GROUP_free(s->group);
			s->group = NULL;
			return -1;
		}
		ok = 0;
	}
	BN_CTX_start(s->bn);
	e = BN_CTX_get(s->bn);
	br = BN_CTX_get(s->bn);
	bs = BN_CTX_get(s->bn);
	w = BN_CTX_get(s->bn);
	u1 = BN_CTX_get(s->bn);
	u2 = BN_CTX_get(s->bn);
	x = BN_CTX_get(s->bn);
	y = BN_CTX_get(s->bn);
	n = EC_GROUP_get0_order(s->group);
	if (y == NULL || (R = EC_POINT_new(s->group)) == NULL ||
	    BN_bin2bn(digest, (int)len, e) == NULL ||
	    BN_bin2bn(r, (int)len, br) == NULL ||
	    BN_bin2bn(sv, (int)len, bs) == NULL ||
	    BN_mod_inverse(w, bs, n, s->bn) == NULL ||
	    !BN_mod_mul(u1, e, w, n, s->bn) ||
	    !BN_mod_mul(u2, br, w, n, s->bn) ||
	    !EC_POINT_mul(s->group, R, u1, s->q, u2, s->bn) ||
	    !EC_POINT_get_affine_coordinates(s->group, R, x, y, s->bn) ||
	    BN_cmp(x, br) != 0)
		goto out;
	*ybit = BN_is_odd(y);
	ok = 1;
 out:
	EC_POINT_free(R);
	BN_CTX_end(s->bn);
	return ok ? 0 : -1;
}

/* Whether this message carries the full certificate. */
static int
with_cert(struct sec_signer *s, const struct sec_sign_opts *o, uint64_t gen)
{
	switch (o->mode) {
	case SEC_SIGNER_CERT:
		return 1;
	case SEC_SIGNER_DIGEST:
		return 0;
	default:
		if (o->psid != ITS_AID_CAM && o->psid != PSID_BSM)
			return 1;	/* DENM and the like */
		return s->want_cert || !s->sent_cert || gen < s->last_cert ||
		    gen - s->last_cert >= CERT_EVERY_US;
	}
}

enum reason
sec_sign(struct sec_signer *s, const struct sec_sign_opts *o,
    const uint8_t *payload, size_t n, struct buf *out, char *err,
    size_t errlen)
{
	struct dot2_data inner, d;
	struct dot2_signed sd;
	struct dot2_header *h = &sd.header;
	uint8_t		 cat[96], digest[48], r[48], sv[48];
	size_t		 hl, len = ecc_curve_len(s->curve);
	uint64_t	 gen;
	int		 cert, ybit;
	enum reason	 e;

	if (!o->any_psid && !sec_psid_permitted(s->cert, o->psid)) {
		snprintf(err, errlen, "psid %llu is not in the certificate's "
		    "appPermissions", (unsigned long long)o->psid);
		return REASON_BAD_VALUE;
	}
	gen = o->generation_time ? o->generation_time : sec_now();
	cert = with_cert(s, o, gen);

	memset(&inner, 0, sizeof(inner));
	inner.content = DOT2_UNSECURED;
	inner.opaque.p = payload;
	inner.opaque.len = n;
	memset(&sd, 0, sizeof(sd));
	sd.hash_id = s->hash;
	sd.payload.data = &inner;
	h->psid = o->psid;
	h->has_generation_time = 1;
	h->generation_time = gen;
	h->has_expiry_time = o->has_expiry_time;
	h->expiry_time = o->expiry_time;
	h->has_location = o->has_location;
	h->location = o->location;
	if (o->n_p2pcd > 0) {
		h->has_inline_p2pcd = 1;
		h->n_inline_p2pcd = o->n_p2pcd;
		h->inline_p2pcd = o->p2pcd;
	}
	if (s->want_issuer && s->icert != NULL)
		h->requested_cert = s->icert;
	if (cert) {
		sd.signer.kind = DOT2_SIGNER_CERTIFICATE;
		sd.signer.n_certs = 1;
		sd.signer.certs = s->cert;
	} else {
		sd.signer.kind = DOT2_SIGNER_DIGEST;
		sd.signer.digest = s->id;
	}

	buf_reset(&s->tbs);
	if ((e = dot2_build_tbs(&s->tbs, &sd)) != REASON_OK) {
		snprintf(err, errlen, "ToBeSignedData: %s", reason_str(e));
		return e;
	}
	hl = sec_md_hash(&s->md, s->hash, s->tbs.p, s->tbs.len, cat);
	memcpy(cat + hl, s->chash, hl);
	sec_md_hash(&s->md, s->hash, cat, 2 * hl, digest);
	if (ecc_sign(s->key, digest, r, sv) == -1) {
		snprintf(err, errlen, "ECDSA signing failed");
		return REASON_BAD_VALUE;
	}
	sd.signature.type = sec_curve_sig(s->curve);
	sd.signature.r.form = DOT2_POINT_X_ONLY;
	sd.signature.r.x = r;
	sd.signature.r.size = len;
	sd.signature.s = sv;
	if (o->r_form == SEC_R_COMPRESSED) {
		if (r_ybit(s, digest, r, sv, &ybit) == -1) {
			snprintf(err, errlen, "cannot recover R");
			return REASON_BAD_VALUE;
		}
		sd.signature.r.form = ybit ? DOT2_POINT_COMPRESSED_Y1 :
		    DOT2_POINT_COMPRESSED_Y0;
	}
	memset(&d, 0, sizeof(d));
	d.content = DOT2_SIGNED;
	d.signed_data = &sd;
	if ((e = dot2_build(out, &d)) != REASON_OK) {
		snprintf(err, errlen, "Ieee1609Dot2Data: %s", reason_str(e));
		return e;
	}
	if (cert) {
		s->sent_cert = 1;
		s->last_cert = gen;
		s->want_cert = 0;
	}
	if (h->requested_cert != NULL)
		s->want_issuer = 0;
	return REASON_OK;
}
