/*
 * dot2.c: IEEE 1609.2 secured data (1609.2-2016 6.3 with 1609.2a-2017 and
 * the 2022 additions; ETSI TS 103 097 v1.3.1/v1.4.1) in canonical OER:
 * Ieee1609Dot2Data, SignedData, ToBeSignedData, HeaderInfo, and the public
 * entry points.  EncryptedData is in dot2_enc.c, the parse context (arena,
 * failure record, extension additions) in dot2_rd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot2_int.h"

#define HDR_NKNOWN	4	/* inlineP2pcdRequest .. contributedExtensions */
#define PAYLOAD_NKNOWN	1	/* omitted */

static enum reason rd_data(struct dot2_ctx *, struct oer_rd *, int,
		    struct dot2_data *);
static enum reason wr_data(struct buf *, const struct dot2_data *, int);

/* --- HeaderInfo ---------------------------------------------------------------- */

static enum reason
rd_missing_crl(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_missing_crl *m)
{
	uint32_t	 pre;

	TRY(c, r, "MissingCrlIdentifier", oer_get_preamble(r, 1, &pre));
	TRY(c, r, "MissingCrlIdentifier", oer_get_fixed(r, 3, &m->craca_id));
	TRY(c, r, "MissingCrlIdentifier", oer_get_u16(r, &m->crl_series));
	if (pre)
		PUT(dot2_rd_exts(c, r, 0, NULL, NULL, &m->ext));
	return REASON_OK;
}

static enum reason
rd_contrib(struct dot2_ctx *c, struct oer_rd *r, size_t *n,
    const struct dot2_contrib **out)
{
	struct dot2_contrib	*cb;
	struct dot2_bytes	*ex;
	struct oer_rd		 sub;
	size_t			 i, j;
	void			*a;

	TRY(c, r, "ContributedExtensionBlocks", oer_get_quantity(r, n));
	if (*n == 0)
		return dot2_fail(c, r, REASON_BAD_VALUE,
		    "ContributedExtensionBlocks");
	TRY(c, r, "ContributedExtensionBlocks", dot2_array(c, r, *n,
	    sizeof(*cb), 4, &a));
	cb = a;
	for (i = 0; i < *n; i++) {
		TRY(c, r, "ContributedExtensionBlock",
		    oer_get_u8(r, &cb[i].id));
		TRY(c, r, "ContributedExtensionBlock",
		    oer_get_quantity(r, &cb[i].n));
		if (cb[i].n == 0)
			return dot2_fail(c, r, REASON_BAD_VALUE,
			    "ContributedExtensionBlock extns");
		TRY(c, r, "ContributedExtensionBlock", dot2_array(c, r,
		    cb[i].n, sizeof(*ex), 1, &a));
		ex = a;
		for (j = 0; j < cb[i].n; j++) {
			TRY(c, r, "ContributedExtensionBlock",
			    oer_get_open(r, &sub));
			ex[j].p = sub.p;
			ex[j].len = oer_left(&sub);
		}
		cb[i].extns = ex;
	}
	*out = cb;
	return REASON_OK;
}

static enum reason
hdr_ext(struct dot2_ctx *c, void *arg, unsigned i, struct oer_rd *sub)
{
	struct dot2_header	*h = arg;
	struct dot2_cert	*ct;

	switch (i) {
	case 0:
		h->has_inline_p2pcd = 1;
		TRY(c, sub, "inlineP2pcdRequest",
		    oer_get_quantity(sub, &h->n_inline_p2pcd));
		if (h->n_inline_p2pcd > oer_left(sub) / 3)
			return dot2_fail(c, sub, REASON_BAD_LENGTH,
			    "inlineP2pcdRequest");
		TRY(c, sub, "inlineP2pcdRequest", oer_get_fixed(sub,
		    h->n_inline_p2pcd * 3, &h->inline_p2pcd));
		return REASON_OK;
	case 1:
		if ((ct = dot2_zalloc(c, sizeof(*ct))) == NULL)
			return dot2_fail(c, sub, REASON_NOMEM,
			    "requestedCertificate");
		PUT(dot2_rd_cert(c, sub, ct));
		h->requested_cert = ct;
		return REASON_OK;
	case 2:
		h->has_pdu_type = 1;
		TRY(c, sub, "pduFunctionalType", oer_get_u8(sub, &h->pdu_type));
		return REASON_OK;
	default:
		h->has_contrib = 1;
		return rd_contrib(c, sub, &h->n_contrib, &h->contrib);
	}
}

static enum reason
rd_header(struct dot2_ctx *c, struct oer_rd *r, struct dot2_header *h)
{
	uint32_t	 pre;

	/* Extension bit and six OPTIONAL components. */
	TRY(c, r, "HeaderInfo", oer_get_preamble(r, 7, &pre));
	PUT(dot2_rd_psid(c, r, &h->psid));
	if (OER_BIT(pre, 7, 1)) {
		h->has_generation_time = 1;
		TRY(c, r, "generationTime", oer_get_u64(r,
		    &h->generation_time));
	}
	if (OER_BIT(pre, 7, 2)) {
		h->has_expiry_time = 1;
		TRY(c, r, "expiryTime", oer_get_u64(r, &h->expiry_time));
	}
	if (OER_BIT(pre, 7, 3)) {
		h->has_location = 1;
		PUT(dot2_rd_3d(c, r, &h->location));
	}
	if (OER_BIT(pre, 7, 4)) {
		h->has_p2pcd = 1;
		TRY(c, r, "p2pcdLearningRequest", oer_get_fixed(r, 3,
		    &h->p2pcd_learning_request));
	}
	if (OER_BIT(pre, 7, 5)) {
		h->has_missing_crl = 1;
		PUT(rd_missing_crl(c, r, &h->missing_crl));
	}
	if (OER_BIT(pre, 7, 6)) {
		h->has_enc_key = 1;
		PUT(dot2_rd_encryption_key(c, r, &h->enc_key));
	}
	if (OER_BIT(pre, 7, 0))
		PUT(dot2_rd_exts(c, r, HDR_NKNOWN, hdr_ext, h, &h->ext));
	return REASON_OK;
}

static enum reason
wr_header(struct buf *b, const struct dot2_header *h)
{
	uint32_t	 pre = 0, known = 0;
	size_t		 i, j, mark;

	known |= h->has_inline_p2pcd ? 1 : 0;
	known |= h->requested_cert != NULL ? 2 : 0;
	known |= h->has_pdu_type ? 4 : 0;
	known |= h->has_contrib ? 8 : 0;
	if (known || h->ext.n > 0)
		pre |= 0x40;
	pre |= h->has_generation_time ? 0x20 : 0;
	pre |= h->has_expiry_time ? 0x10 : 0;
	pre |= h->has_location ? 0x08 : 0;
	pre |= h->has_p2pcd ? 0x04 : 0;
	pre |= h->has_missing_crl ? 0x02 : 0;
	pre |= h->has_enc_key ? 0x01 : 0;
	oer_put_preamble(b, 7, pre);
	oer_put_uvar(b, h->psid);
	if (h->has_generation_time)
		oer_put_u64(b, h->generation_time);
	if (h->has_expiry_time)
		oer_put_u64(b, h->expiry_time);
	if (h->has_location)
		PUT(dot2_wr_3d(b, &h->location));
	if (h->has_p2pcd) {
		if (h->p2pcd_learning_request == NULL)
			return REASON_BAD_VALUE;
		buf_add(b, h->p2pcd_learning_request, 3);
	}
	if (h->has_missing_crl) {
		if (h->missing_crl.craca_id == NULL)
			return REASON_BAD_VALUE;
		oer_put_preamble(b, 1, h->missing_crl.ext.n > 0);
		buf_add(b, h->missing_crl.craca_id, 3);
		oer_put_u16(b, h->missing_crl.crl_series);
		if (h->missing_crl.ext.n > 0) {
			oer_put_extmap(b, dot2_ext_nbits(&h->missing_crl.ext,
			    0, 0), dot2_ext_unknown_bits(&h->missing_crl.ext));
			PUT(dot2_wr_ext_unknown(b, &h->missing_crl.ext, 0));
		}
	}
	if (h->has_enc_key)
		PUT(dot2_wr_encryption_key(b, &h->enc_key));
	if ((pre & 0x40) == 0)
		return REASON_OK;
	oer_put_extmap(b, dot2_ext_nbits(&h->ext, HDR_NKNOWN, known),
	    known | dot2_ext_unknown_bits(&h->ext));
	if (h->has_inline_p2pcd) {
		if (h->n_inline_p2pcd > 0 && h->inline_p2pcd == NULL)
			return REASON_BAD_VALUE;
		mark = oer_open_begin(b);
		oer_put_quantity(b, h->n_inline_p2pcd);
		if (h->n_inline_p2pcd > 0)
			buf_add(b, h->inline_p2pcd, h->n_inline_p2pcd * 3);
		oer_open_end(b, mark);
	}
	if (h->requested_cert != NULL) {
		mark = oer_open_begin(b);
		PUT(dot2_wr_cert(b, h->requested_cert));
		oer_open_end(b, mark);
	}
	if (h->has_pdu_type) {
		mark = oer_open_begin(b);
		oer_put_u8(b, h->pdu_type);
		oer_open_end(b, mark);
	}
	if (h->has_contrib) {
		if (h->n_contrib == 0 || h->contrib == NULL)
			return REASON_BAD_VALUE;
		mark = oer_open_begin(b);
		oer_put_quantity(b, h->n_contrib);
		for (i = 0; i < h->n_contrib; i++) {
			const struct dot2_contrib *cb = &h->contrib[i];

			if (cb->n == 0 || cb->extns == NULL)
				return REASON_BAD_VALUE;
			oer_put_u8(b, cb->id);
			oer_put_quantity(b, cb->n);
			for (j = 0; j < cb->n; j++) {
				if (cb->extns[j].len > 0 &&
				    cb->extns[j].p == NULL)
					return REASON_BAD_VALUE;
				oer_put_octets(b, cb->extns[j].p,
				    cb->extns[j].len);
			}
		}
		oer_open_end(b, mark);
	}
	return dot2_wr_ext_unknown(b, &h->ext, HDR_NKNOWN);
}

/* --- SignedData ------------------------------------------------------------------ */

/* HashedData: sha256HashedData; sha384HashedData, sm3HashedData as
 * extensions. */
static enum reason
rd_hashed_data(struct dot2_ctx *c, struct oer_rd *r, struct dot2_payload *p)
{
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "HashedData", DOT2_HASH_SM3, &tag));
	p->ext_hash_alg = (enum dot2_hash)tag;
	if (tag == DOT2_HASH_SHA256) {
		TRY(c, r, "HashedData", oer_get_fixed(r, 32, &p->ext_hash));
		return REASON_OK;
	}
	return dot2_rd_open_fixed(c, r, "HashedData",
	    tag == DOT2_HASH_SHA384 ? 48 : 32, &p->ext_hash);
}

static enum reason
payload_ext(struct dot2_ctx *c, void *arg, unsigned i, struct oer_rd *sub)
{
	struct dot2_payload	*p = arg;

	(void)c;
	(void)i;
	(void)sub;			/* NULL: nothing to read */
	p->omitted = 1;
	return REASON_OK;
}

static enum reason
rd_signed(struct dot2_ctx *c, struct oer_rd *r, int depth,
    struct dot2_signed *sd)
{
	struct dot2_payload	*pl = &sd->payload;
	uint32_t		 pre;
	unsigned		 tag;

	PUT(dot2_rd_hash(c, r, &sd->hash_id));
	sd->tbs_enc.p = r->p;
	/* SignedDataPayload: extension bit, data, extDataHash. */
	TRY(c, r, "SignedDataPayload", oer_get_preamble(r, 3, &pre));
	if (OER_BIT(pre, 3, 1)) {
		if ((pl->data = dot2_zalloc(c, sizeof(*pl->data))) == NULL)
			return dot2_fail(c, r, REASON_NOMEM, "SignedDataPayload");
		PUT(rd_data(c, r, depth + 1, pl->data));
		if (c->stop) {
			sd->incomplete = 1;
			sd->tbs_enc.len = (size_t)(r->p - sd->tbs_enc.p);
			return REASON_OK;
		}
	}
	if (OER_BIT(pre, 3, 2)) {
		pl->has_ext_hash = 1;
		PUT(rd_hashed_data(c, r, pl));
	}
	if (OER_BIT(pre, 3, 0))
		PUT(dot2_rd_exts(c, r, PAYLOAD_NKNOWN, payload_ext, pl,
		    &pl->ext));
	if (pl->data == NULL && !pl->has_ext_hash && !pl->omitted)
		return dot2_fail(c, r, REASON_BAD_VALUE, "SignedDataPayload");
	PUT(rd_header(c, r, &sd->header));
	sd->tbs_enc.len = (size_t)(r->p - sd->tbs_enc.p);
	TRY(c, r, "SignerIdentifier", oer_get_tag(r, &tag));
	switch (tag) {
	case DOT2_SIGNER_DIGEST:
		TRY(c, r, "SignerIdentifier", oer_get_fixed(r, 8,
		    &sd->signer.digest));
		break;
	case DOT2_SIGNER_CERTIFICATE:
		PUT(dot2_rd_certs(c, r, &sd->signer.n_certs,
		    &sd->signer.certs));
		if (sd->signer.n_certs == 0)
			return dot2_fail(c, r, REASON_BAD_VALUE,
			    "SignerIdentifier certificate");
		break;
	case DOT2_SIGNER_SELF:
		break;
	default:
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "SignerIdentifier");
	}
	sd->signer.kind = (enum dot2_signer_kind)tag;
	PUT(dot2_rd_signature(c, r, &sd->signature));
	return REASON_OK;
}

static enum reason
wr_tbs(struct buf *b, const struct dot2_signed *sd, int depth)
{
	const struct dot2_payload *pl = &sd->payload;
	uint32_t	 pre = 0, known;
	size_t		 mark;

	if (sd->incomplete ||
	    (pl->data == NULL && !pl->has_ext_hash && !pl->omitted))
		return REASON_BAD_VALUE;
	known = pl->omitted ? 1 : 0;
	if (known || pl->ext.n > 0)
		pre |= 4;
	pre |= pl->data != NULL ? 2 : 0;
	pre |= pl->has_ext_hash ? 1 : 0;
	oer_put_preamble(b, 3, pre);
	if (pl->data != NULL)
		PUT(wr_data(b, pl->data, depth + 1));
	if (pl->has_ext_hash) {
		if (pl->ext_hash == NULL || (unsigned)pl->ext_hash_alg >
		    DOT2_HASH_SM3)
			return REASON_BAD_VALUE;
		oer_put_tag(b, pl->ext_hash_alg);
		if (pl->ext_hash_alg == DOT2_HASH_SHA256)
			buf_add(b, pl->ext_hash, 32);
		else {
			mark = oer_open_begin(b);
			buf_add(b, pl->ext_hash,
			    pl->ext_hash_alg == DOT2_HASH_SHA384 ? 48 : 32);
			oer_open_end(b, mark);
		}
	}
	if (pre & 4) {
		oer_put_extmap(b, dot2_ext_nbits(&pl->ext, PAYLOAD_NKNOWN,
		    known), known | dot2_ext_unknown_bits(&pl->ext));
		if (pl->omitted)
			oer_put_length(b, 0);	/* NULL in an open type */
		PUT(dot2_wr_ext_unknown(b, &pl->ext, PAYLOAD_NKNOWN));
	}
	return wr_header(b, &sd->header);
}

static enum reason
wr_signed(struct buf *b, const struct dot2_signed *sd, int depth)
{
	size_t	 i;

	PUT(dot2_wr_hash(b, sd->hash_id));
	PUT(wr_tbs(b, sd, depth));
	switch (sd->signer.kind) {
	case DOT2_SIGNER_DIGEST:
		if (sd->signer.digest == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, DOT2_SIGNER_DIGEST);
		buf_add(b, sd->signer.digest, 8);
		break;
	case DOT2_SIGNER_CERTIFICATE:
		if (sd->signer.n_certs == 0 || sd->signer.certs == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, DOT2_SIGNER_CERTIFICATE);
		oer_put_quantity(b, sd->signer.n_certs);
		for (i = 0; i < sd->signer.n_certs; i++)
			PUT(dot2_wr_cert(b, &sd->signer.certs[i]));
		break;
	case DOT2_SIGNER_SELF:
		oer_put_tag(b, DOT2_SIGNER_SELF);
		break;
	default:
		return REASON_BAD_VALUE;
	}
	return dot2_wr_signature(b, &sd->signature);
}

/* --- Ieee1609Dot2Data --------------------------------------------------------- */

/* unsecuredData: the one place where DOT2_LENIENT may take what is left
 * when the length says more. */
static enum reason
rd_unsecured(struct dot2_ctx *c, struct oer_rd *r, int depth,
    struct dot2_data *d)
{
	struct dot2_data	*inner;
	struct oer_rd		 sub;
	size_t			 n;
	int			 flags, failed;
	enum reason		 e;

	TRY(c, r, "unsecuredData", oer_get_length(r, &n));
	if (n > oer_left(r)) {
		if (!(c->flags & DOT2_LENIENT))
			return dot2_fail(c, r, REASON_BAD_LENGTH,
			    "unsecuredData");
		n = oer_left(r);
		c->stop = 1;
	}
	d->opaque.p = r->p;
	d->opaque.len = n;
	r->p += n;
	if (!(c->flags & DOT2_UNWRAP) || c->stop || n < 2 ||
	    d->opaque.p[0] != DOT2_VERSION)
		return REASON_OK;
	/* Try the contents as a whole Ieee1609Dot2Data; keep them opaque
	 * if they are not one (but a depth bomb stays an error). */
	if ((inner = dot2_zalloc(c, sizeof(*inner))) == NULL)
		return dot2_fail(c, r, REASON_NOMEM, "unsecuredData");
	sub.p = d->opaque.p;
	sub.end = d->opaque.p + n;
	flags = c->flags;
	failed = c->failed;
	c->flags &= ~DOT2_LENIENT;
	e = rd_data(c, &sub, depth + 1, inner);
	c->flags = flags;
	if (e == REASON_TOO_DEEP || e == REASON_NOMEM)
		return e;
	if (e == REASON_OK && sub.p == sub.end)
		d->inner = inner;
	else
		c->failed = failed;
	return REASON_OK;
}

static enum reason
rd_data(struct dot2_ctx *c, struct oer_rd *r, int depth, struct dot2_data *d)
{
	struct oer_rd	 sub;
	const uint8_t	*start = r->p;
	uint8_t		 version;
	unsigned	 tag;

	if (depth >= DOT2_MAX_DEPTH)
		return dot2_fail(c, r, REASON_TOO_DEEP, "Ieee1609Dot2Data");
	TRY(c, r, "protocolVersion", oer_get_u8(r, &version));
	if (version != DOT2_VERSION)
		return dot2_fail(c, r, REASON_UNKNOWN_VERSION,
		    "protocolVersion");
	PUT(dot2_rd_tag(c, r, "Ieee1609Dot2Content", DOT2_X509_CERT_REQUEST,
	    &tag));
	d->content = (enum dot2_content)tag;
	switch (d->content) {
	case DOT2_UNSECURED:
		PUT(rd_unsecured(c, r, depth, d));
		break;
	case DOT2_SIGNED:
		if ((d->signed_data = dot2_zalloc(c,
		    sizeof(*d->signed_data))) == NULL)
			return dot2_fail(c, r, REASON_NOMEM, "SignedData");
		PUT(rd_signed(c, r, depth, d->signed_data));
		break;
	case DOT2_ENCRYPTED:
		if ((d->encrypted = dot2_zalloc(c,
		    sizeof(*d->encrypted))) == NULL)
			return dot2_fail(c, r, REASON_NOMEM, "EncryptedData");
		PUT(dot2_rd_encrypted(c, r, d->encrypted));
		break;
	case DOT2_CERT_REQUEST:
		TRY(c, r, "signedCertificateRequest", oer_get_octets(r,
		    &d->opaque.p, &d->opaque.len));
		break;
	case DOT2_X509_CERT_REQUEST:
		TRY(c, r, "signedX509CertificateRequest", oer_get_open(r, &sub));
		TRY(c, &sub, "signedX509CertificateRequest",
		    oer_get_octets(&sub, &d->opaque.p, &d->opaque.len));
		TRY(c, &sub, "signedX509CertificateRequest",
		    dot2_open_done(&sub));
		break;
	}
	d->lenient = c->stop;
	d->enc.p = start;
	d->enc.len = (size_t)(r->p - start);
	return REASON_OK;
}

static enum reason
wr_data(struct buf *b, const struct dot2_data *d, int depth)
{
	size_t	 mark;

	if (depth >= DOT2_MAX_DEPTH)
		return REASON_TOO_DEEP;
	if ((unsigned)d->content > DOT2_X509_CERT_REQUEST)
		return REASON_BAD_VALUE;
	oer_put_u8(b, DOT2_VERSION);
	oer_put_tag(b, d->content);
	switch (d->content) {
	case DOT2_UNSECURED:
		if (d->inner != NULL) {
			mark = oer_open_begin(b);
			PUT(wr_data(b, d->inner, depth + 1));
			oer_open_end(b, mark);
			return REASON_OK;
		}
		/* FALLTHROUGH */
	case DOT2_CERT_REQUEST:
		if (d->lenient || (d->opaque.len > 0 && d->opaque.p == NULL))
			return REASON_BAD_VALUE;
		oer_put_octets(b, d->opaque.p, d->opaque.len);
		return REASON_OK;
	case DOT2_SIGNED:
		if (d->signed_data == NULL)
			return REASON_BAD_VALUE;
		return wr_signed(b, d->signed_data, depth);
	case DOT2_ENCRYPTED:
		if (d->encrypted == NULL)
			return REASON_BAD_VALUE;
		return dot2_wr_encrypted(b, d->encrypted);
	case DOT2_X509_CERT_REQUEST:
		if (d->opaque.len > 0 && d->opaque.p == NULL)
			return REASON_BAD_VALUE;
		mark = oer_open_begin(b);
		oer_put_octets(b, d->opaque.p, d->opaque.len);
		oer_open_end(b, mark);
		return REASON_OK;
	}
	return REASON_BAD_VALUE;
}

/* --- API -------------------------------------------------------------------------- */

/* A whole Ieee1609Dot2Data, at depth 0. */
static enum reason
rd_top(struct dot2_ctx *c, struct oer_rd *r, void *d)
{
	return rd_data(c, r, 0, d);
}

enum reason
dot2_parse(struct dot2_data **out, const uint8_t *p, size_t len, int flags,
    size_t *used, char *err, size_t errlen)
{
	struct dot2_arena *a;
	void		*v;
	enum reason	 e;

	*out = NULL;
	if ((e = dot2_parse_top(p, len, flags, sizeof(**out), rd_top, &v, &a,
	    used, err, errlen)) != REASON_OK)
		return e;
	*out = v;
	(*out)->arena = a;
	return REASON_OK;
}

void
dot2_free(struct dot2_data *d)
{
	if (d != NULL && d->arena != NULL)
		dot2_arena_free(d->arena);	/* d lives in it */
}

enum reason
dot2_build(struct buf *b, const struct dot2_data *d)
{
	size_t		 mark = b->len;

	return dot2_built(b, mark, wr_data(b, d, 0));
}

enum reason
dot2_build_tbs(struct buf *b, const struct dot2_signed *sd)
{
	size_t		 mark = b->len;

	return dot2_built(b, mark, wr_tbs(b, sd, 0));
}

enum reason
dot2_payload(const struct dot2_data *d, struct dot2_bytes *out)
{
	int	 i;

	for (i = 0; d != NULL && i < 2 * DOT2_MAX_DEPTH; i++) {
		switch (d->content) {
		case DOT2_UNSECURED:
			if (d->inner != NULL) {
				d = d->inner;
				continue;
			}
			*out = d->opaque;
			return REASON_OK;
		case DOT2_SIGNED:
			if (d->signed_data == NULL ||
			    d->signed_data->payload.data == NULL)
				return REASON_UNSUPPORTED;
			d = d->signed_data->payload.data;
			continue;
		default:
			return REASON_UNSUPPORTED;
		}
	}
	return d == NULL ? REASON_UNSUPPORTED : REASON_TOO_DEEP;
}

int
dot2_canonicalize(struct dot2_data *d)
{
	struct dot2_signed	*s;
	size_t			 i;
	int			 n = 0, depth;

	for (depth = 0; d != NULL && depth < DOT2_MAX_DEPTH; depth++) {
		if (d->content == DOT2_UNSECURED) {
			d = d->inner;
			continue;
		}
		if (d->content != DOT2_SIGNED || (s = d->signed_data) == NULL)
			break;
		if (s->header.has_enc_key &&
		    s->header.enc_key.kind == DOT2_ENCKEY_PUBLIC) {
			s->header.enc_key.pub.point.size = 32;
			n += dot2_canon_key(&s->header.enc_key.pub.point);
		}
		if (s->header.requested_cert != NULL)
			n += dot2_cert_canonicalize(s->header.requested_cert);
		if (s->signer.kind == DOT2_SIGNER_CERTIFICATE)
			for (i = 0; i < s->signer.n_certs; i++)
				n += dot2_cert_canonicalize(&s->signer.certs[i]);
		if (!s->incomplete)
			n += dot2_canon_sig(&s->signature);
		d = s->payload.data;
	}
	return n;
}

const struct dot2_signed *
dot2_first_signed(const struct dot2_data *d)
{
	int	 i;

	for (i = 0; d != NULL && i < 2 * DOT2_MAX_DEPTH; i++) {
		if (d->content == DOT2_SIGNED)
			return d->signed_data;
		if (d->content != DOT2_UNSECURED)
			break;
		d = d->inner;
	}
	return NULL;
}
