/*
 * dot2_cert.c: IEEE 1609.2 certificates (1609.2-2016 6.4, with the 2022
 * ToBeSignedCertificate additions; ETSI TS 103 097 v1.3.1 clause 7 profiles
 * them) in canonical OER: Certificate, IssuerIdentifier,
 * ToBeSignedCertificate, CertificateId, VerificationKeyIndicator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot2_int.h"

#define TBS_NKNOWN	4	/* flags, appExtensions, certIssue..., certRequest... */

/* Well-formed UTF-8 (RFC 3629): no overlongs, surrogates or > U+10FFFF. */
static int
utf8_ok(const uint8_t *p, size_t n)
{
	size_t		 i = 0, k, len;
	uint32_t	 cp;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			len = 2;
			cp = p[i] & 0x1f;
		} else if ((p[i] & 0xf0) == 0xe0) {
			len = 3;
			cp = p[i] & 0x0f;
		} else if ((p[i] & 0xf8) == 0xf0) {
			len = 4;
			cp = p[i] & 0x07;
		} else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static enum reason
rd_cert_id(struct dot2_ctx *c, struct oer_rd *r, struct dot2_cert_id *id)
{
	uint32_t	 pre;
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "CertificateId", DOT2_CERTID_NONE, &tag));
	id->kind = (enum dot2_certid_kind)tag;
	switch (id->kind) {
	case DOT2_CERTID_LINKAGE:
		TRY(c, r, "LinkageData", oer_get_preamble(r, 1, &pre));
		TRY(c, r, "LinkageData", oer_get_u16(r, &id->icert));
		TRY(c, r, "LinkageData", oer_get_fixed(r, 9,
		    &id->linkage_value));
		if (pre) {
			id->has_group = 1;
			TRY(c, r, "GroupLinkageValue", oer_get_fixed(r, 4,
			    &id->group_j));
			TRY(c, r, "GroupLinkageValue", oer_get_fixed(r, 9,
			    &id->group_value));
		}
		break;
	case DOT2_CERTID_NAME:
		TRY(c, r, "Hostname", oer_get_octets(r, &id->name.p,
		    &id->name.len));
		if (id->name.len > 255 || !utf8_ok(id->name.p, id->name.len))
			return dot2_fail(c, r, REASON_BAD_VALUE, "Hostname");
		break;
	case DOT2_CERTID_BINARY:
		TRY(c, r, "binaryId", oer_get_octets(r, &id->name.p,
		    &id->name.len));
		if (id->name.len < 1 || id->name.len > 64)
			return dot2_fail(c, r, REASON_BAD_VALUE, "binaryId");
		break;
	case DOT2_CERTID_NONE:
		break;
	}
	return REASON_OK;
}

static enum reason
wr_cert_id(struct buf *b, const struct dot2_cert_id *id)
{
	switch (id->kind) {
	case DOT2_CERTID_LINKAGE:
		if (id->linkage_value == NULL || (id->has_group &&
		    (id->group_j == NULL || id->group_value == NULL)))
			return REASON_BAD_VALUE;
		oer_put_tag(b, id->kind);
		oer_put_preamble(b, 1, id->has_group ? 1 : 0);
		oer_put_u16(b, id->icert);
		buf_add(b, id->linkage_value, 9);
		if (id->has_group) {
			buf_add(b, id->group_j, 4);
			buf_add(b, id->group_value, 9);
		}
		return REASON_OK;
	case DOT2_CERTID_NAME:
		if (id->name.len > 255 || (id->name.len > 0 &&
		    id->name.p == NULL) || !utf8_ok(id->name.p, id->name.len))
			return REASON_BAD_VALUE;
		oer_put_tag(b, id->kind);
		oer_put_octets(b, id->name.p, id->name.len);
		return REASON_OK;
	case DOT2_CERTID_BINARY:
		if (id->name.len < 1 || id->name.len > 64 || id->name.p == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, id->kind);
		oer_put_octets(b, id->name.p, id->name.len);
		return REASON_OK;
	case DOT2_CERTID_NONE:
		oer_put_tag(b, id->kind);
		return REASON_OK;
	}
	return REASON_BAD_VALUE;
}

/* The 2022 extension additions of ToBeSignedCertificate. */
static enum reason
tbs_ext(struct dot2_ctx *c, void *arg, unsigned i, struct oer_rd *sub)
{
	struct dot2_tbs_cert	*t = arg;
	const uint8_t		*p;

	switch (i) {
	case 0:
		TRY(c, sub, "flags", oer_get_fixed(sub, 1, &p));
		t->has_flags = 1;
		t->flags = p[0];
		return REASON_OK;
	case 1:
		t->has_app_ext = 1;
		t->app_ext.p = sub->p;
		t->app_ext.len = oer_left(sub);
		break;
	case 2:
		t->has_issue_ext = 1;
		t->issue_ext.p = sub->p;
		t->issue_ext.len = oer_left(sub);
		break;
	default:
		t->has_request_ext = 1;
		t->request_ext.p = sub->p;
		t->request_ext.len = oer_left(sub);
		break;
	}
	if (oer_left(sub) == 0)	/* SIZE(1..MAX): at least a quantity */
		return dot2_fail(c, sub, REASON_BAD_LENGTH, "certExtensions");
	sub->p = sub->end;
	return REASON_OK;
}

static enum reason
rd_tbs(struct dot2_ctx *c, struct oer_rd *r, struct dot2_tbs_cert *t)
{
	const uint8_t	*p;
	uint32_t	 pre;
	unsigned	 tag;

	/* Extension bit and seven OPTIONAL components. */
	TRY(c, r, "ToBeSignedCertificate", oer_get_preamble(r, 8, &pre));
	PUT(rd_cert_id(c, r, &t->id));
	TRY(c, r, "cracaId", oer_get_fixed(r, 3, &t->craca_id));
	TRY(c, r, "crlSeries", oer_get_u16(r, &t->crl_series));
	PUT(dot2_rd_validity(c, r, &t->validity));
	if (OER_BIT(pre, 8, 1)) {
		t->has_region = 1;
		PUT(dot2_rd_region(c, r, &t->region));
	}
	if (OER_BIT(pre, 8, 2)) {
		t->has_assurance = 1;
		TRY(c, r, "SubjectAssurance", oer_get_fixed(r, 1, &p));
		t->assurance = p[0];
	}
	if (OER_BIT(pre, 8, 3)) {
		t->has_app = 1;
		PUT(dot2_rd_psid_ssps(c, r, &t->n_app, &t->app));
	}
	if (OER_BIT(pre, 8, 4)) {
		t->has_issue = 1;
		PUT(dot2_rd_group_perms(c, r, &t->n_issue, &t->issue));
	}
	if (OER_BIT(pre, 8, 5)) {
		t->has_request = 1;
		PUT(dot2_rd_group_perms(c, r, &t->n_request, &t->request));
	}
	if (OER_BIT(pre, 8, 6))
		t->can_request_rollover = 1;
	if (OER_BIT(pre, 8, 7)) {
		t->has_enc_key = 1;
		PUT(dot2_rd_public_enc_key(c, r, &t->enc_key));
	}
	TRY(c, r, "VerificationKeyIndicator", oer_get_tag(r, &tag));
	if (tag == DOT2_VKI_KEY) {
		t->vki = DOT2_VKI_KEY;
		PUT(dot2_rd_verify_key(c, r, &t->key));
	} else if (tag == DOT2_VKI_RECONSTRUCTION) {
		t->vki = DOT2_VKI_RECONSTRUCTION;
		PUT(dot2_rd_point(c, r, 32, &t->reconstruction));
	} else
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE,
		    "VerificationKeyIndicator");
	if (OER_BIT(pre, 8, 0))
		PUT(dot2_rd_exts(c, r, TBS_NKNOWN, tbs_ext, t, &t->ext));
	if (!t->has_app && !t->has_issue && !t->has_request)
		return dot2_fail(c, r, REASON_BAD_VALUE,
		    "ToBeSignedCertificate permissions");
	return REASON_OK;
}

static void
wr_raw_ext(struct buf *b, const struct dot2_bytes *v)
{
	size_t	 mark = oer_open_begin(b);

	if (v->len > 0)
		buf_add(b, v->p, v->len);
	oer_open_end(b, mark);
}

enum reason
dot2_cert_build_tbs(struct buf *b, const struct dot2_tbs_cert *t)
{
	uint32_t	 known = 0, pre = 0;
	unsigned	 nbits;
	size_t		 mark;

	if (t->craca_id == NULL ||
	    (!t->has_app && !t->has_issue && !t->has_request))
		return REASON_BAD_VALUE;
	if (t->has_flags)
		known |= 1;
	if (t->has_app_ext)
		known |= 2;
	if (t->has_issue_ext)
		known |= 4;
	if (t->has_request_ext)
		known |= 8;
	if (known || t->ext.n > 0)
		pre |= 0x80;
	pre |= t->has_region ? 0x40 : 0;
	pre |= t->has_assurance ? 0x20 : 0;
	pre |= t->has_app ? 0x10 : 0;
	pre |= t->has_issue ? 0x08 : 0;
	pre |= t->has_request ? 0x04 : 0;
	pre |= t->can_request_rollover ? 0x02 : 0;
	pre |= t->has_enc_key ? 0x01 : 0;
	oer_put_preamble(b, 8, pre);
	PUT(wr_cert_id(b, &t->id));
	buf_add(b, t->craca_id, 3);
	oer_put_u16(b, t->crl_series);
	PUT(dot2_wr_validity(b, &t->validity));
	if (t->has_region)
		PUT(dot2_wr_region(b, &t->region));
	if (t->has_assurance)
		oer_put_u8(b, t->assurance);
	if (t->has_app)
		PUT(dot2_wr_psid_ssps(b, t->n_app, t->app));
	if (t->has_issue)
		PUT(dot2_wr_group_perms(b, t->n_issue, t->issue));
	if (t->has_request)
		PUT(dot2_wr_group_perms(b, t->n_request, t->request));
	if (t->has_enc_key)
		PUT(dot2_wr_public_enc_key(b, &t->enc_key));
	if (t->vki == DOT2_VKI_KEY) {
		oer_put_tag(b, DOT2_VKI_KEY);
		PUT(dot2_wr_verify_key(b, &t->key));
	} else if (t->vki == DOT2_VKI_RECONSTRUCTION) {
		oer_put_tag(b, DOT2_VKI_RECONSTRUCTION);
		PUT(dot2_wr_point(b, &t->reconstruction, 32));
	} else
		return REASON_BAD_VALUE;
	if ((pre & 0x80) == 0)
		return REASON_OK;
	nbits = dot2_ext_nbits(&t->ext, TBS_NKNOWN, known);
	oer_put_extmap(b, nbits, known | dot2_ext_unknown_bits(&t->ext));
	if (t->has_flags) {
		mark = oer_open_begin(b);
		oer_put_u8(b, t->flags);
		oer_open_end(b, mark);
	}
	if (t->has_app_ext)
		wr_raw_ext(b, &t->app_ext);
	if (t->has_issue_ext)
		wr_raw_ext(b, &t->issue_ext);
	if (t->has_request_ext)
		wr_raw_ext(b, &t->request_ext);
	return dot2_wr_ext_unknown(b, &t->ext, TBS_NKNOWN);
}

/* IssuerIdentifier: sha256AndDigest, self; sha384AndDigest, sm3AndDigest
 * as extensions. */
static enum reason
rd_issuer(struct dot2_ctx *c, struct oer_rd *r, struct dot2_issuer *is)
{
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "IssuerIdentifier", DOT2_ISSUER_SM3_DIGEST,
	    &tag));
	is->kind = (enum dot2_issuer_kind)tag;
	switch (is->kind) {
	case DOT2_ISSUER_SHA256_DIGEST:
		TRY(c, r, "IssuerIdentifier", oer_get_fixed(r, 8, &is->digest));
		break;
	case DOT2_ISSUER_SELF:
		PUT(dot2_rd_hash(c, r, &is->self_hash));
		break;
	default:
		PUT(dot2_rd_open_fixed(c, r, "IssuerIdentifier", 8,
		    &is->digest));
		break;
	}
	return REASON_OK;
}

static enum reason
wr_issuer(struct buf *b, const struct dot2_issuer *is)
{
	size_t	 mark;

	if ((unsigned)is->kind > DOT2_ISSUER_SM3_DIGEST)
		return REASON_BAD_VALUE;
	oer_put_tag(b, is->kind);
	if (is->kind == DOT2_ISSUER_SELF)
		return dot2_wr_hash(b, is->self_hash);
	if (is->digest == NULL)
		return REASON_BAD_VALUE;
	if (is->kind == DOT2_ISSUER_SHA256_DIGEST) {
		buf_add(b, is->digest, 8);
		return REASON_OK;
	}
	mark = oer_open_begin(b);
	buf_add(b, is->digest, 8);
	oer_open_end(b, mark);
	return REASON_OK;
}

/* Certificate ::= CertificateBase (ImplicitCertificate |
 * ExplicitCertificate): the type decides the key form and the signature. */
static int
profile_ok(const struct dot2_cert *ct)
{
	if (ct->type == DOT2_CERT_EXPLICIT)
		return ct->tbs.vki == DOT2_VKI_KEY && ct->has_signature;
	return ct->type == DOT2_CERT_IMPLICIT &&
	    ct->tbs.vki == DOT2_VKI_RECONSTRUCTION && !ct->has_signature;
}

enum reason
dot2_rd_cert(struct dot2_ctx *c, struct oer_rd *r, struct dot2_cert *ct)
{
	const uint8_t	*start = r->p;
	uint32_t	 pre;
	uint8_t		 version;
	long		 type;

	TRY(c, r, "Certificate", oer_get_preamble(r, 1, &pre));
	TRY(c, r, "Certificate", oer_get_u8(r, &version));
	if (version != DOT2_VERSION)
		return dot2_fail(c, r, REASON_UNKNOWN_VERSION,
		    "Certificate version");
	TRY(c, r, "CertificateType", oer_get_enum(r, &type));
	if (type != DOT2_CERT_EXPLICIT && type != DOT2_CERT_IMPLICIT)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "CertificateType");
	ct->type = (enum dot2_cert_type)type;
	PUT(rd_issuer(c, r, &ct->issuer));
	ct->tbs_enc.p = r->p;
	PUT(rd_tbs(c, r, &ct->tbs));
	ct->tbs_enc.len = (size_t)(r->p - ct->tbs_enc.p);
	if (pre) {
		ct->has_signature = 1;
		PUT(dot2_rd_signature(c, r, &ct->signature));
	}
	if (!profile_ok(ct))
		return dot2_fail(c, r, REASON_BAD_VALUE, "Certificate profile");
	ct->enc.p = start;
	ct->enc.len = (size_t)(r->p - start);
	return REASON_OK;
}

enum reason
dot2_rd_certs(struct dot2_ctx *c, struct oer_rd *r, size_t *n,
    struct dot2_cert **out)
{
	struct dot2_cert	*ct;
	size_t			 i;
	void			*a;

	TRY(c, r, "SequenceOfCertificate", oer_get_quantity(r, n));
	TRY(c, r, "SequenceOfCertificate", dot2_array(c, r, *n, sizeof(*ct),
	    20, &a));
	ct = a;
	for (i = 0; i < *n; i++)
		PUT(dot2_rd_cert(c, r, &ct[i]));
	*out = ct;
	return REASON_OK;
}

enum reason
dot2_wr_cert(struct buf *b, const struct dot2_cert *ct)
{
	if (!profile_ok(ct))
		return REASON_BAD_VALUE;
	oer_put_preamble(b, 1, ct->has_signature ? 1 : 0);
	oer_put_u8(b, DOT2_VERSION);
	oer_put_enum(b, ct->type);
	PUT(wr_issuer(b, &ct->issuer));
	PUT(dot2_cert_build_tbs(b, &ct->tbs));
	if (ct->has_signature)
		PUT(dot2_wr_signature(b, &ct->signature));
	return REASON_OK;
}

enum reason
dot2_cert_build(struct buf *b, const struct dot2_cert *ct)
{
	size_t		 mark = b->len;

	return dot2_built(b, mark, dot2_wr_cert(b, ct));
}

/* A whole Certificate. */
static enum reason
rd_top(struct dot2_ctx *c, struct oer_rd *r, void *ct)
{
	return dot2_rd_cert(c, r, ct);
}

enum reason
dot2_cert_parse(struct dot2_cert **out, const uint8_t *p, size_t len,
    size_t *used, char *err, size_t errlen)
{
	struct dot2_arena *a;
	void		*v;
	enum reason	 e;

	*out = NULL;
	if ((e = dot2_parse_top(p, len, 0, sizeof(**out), rd_top, &v, &a, used,
	    err, errlen)) != REASON_OK)
		return e;
	*out = v;
	(*out)->arena = a;
	return REASON_OK;
}

void
dot2_cert_free(struct dot2_cert *ct)
{
	if (ct != NULL && ct->arena != NULL)
		dot2_arena_free(ct->arena);	/* ct lives in it */
}

/* --- canonicalization ---------------------------------------------------------- */

/* A key in compressed form: the choice says the parity of y. */
int
dot2_canon_key(struct dot2_point *pt)
{
	if (pt->form != DOT2_POINT_UNCOMPRESSED || pt->y == NULL ||
	    pt->size == 0)
		return 0;
	pt->form = (pt->y[pt->size - 1] & 1) ? DOT2_POINT_COMPRESSED_Y1 :
	    DOT2_POINT_COMPRESSED_Y0;
	pt->y = NULL;
	return 1;
}

/* rSig as x-only: x is below n but for a 2^-128 chance (1609.2 6.3.29). */
int
dot2_canon_sig(struct dot2_signature *s)
{
	if (s->r.form != DOT2_POINT_COMPRESSED_Y0 &&
	    s->r.form != DOT2_POINT_COMPRESSED_Y1 &&
	    s->r.form != DOT2_POINT_UNCOMPRESSED)
		return 0;
	s->r.form = DOT2_POINT_X_ONLY;
	s->r.y = NULL;
	return 1;
}

int
dot2_cert_canonicalize(struct dot2_cert *ct)
{
	struct dot2_tbs_cert	*t = &ct->tbs;
	int			 n = 0;

	if (t->vki == DOT2_VKI_KEY) {
		t->key.point.size = dot2_key_size(t->key.alg);
		n += dot2_canon_key(&t->key.point);
	} else {
		t->reconstruction.size = 32;
		n += dot2_canon_key(&t->reconstruction);
	}
	if (t->has_enc_key) {
		t->enc_key.point.size = 32;
		n += dot2_canon_key(&t->enc_key.point);
	}
	if (ct->has_signature)
		n += dot2_canon_sig(&ct->signature);
	return n;
}
