/*
 * dot2_base.c: IEEE 1609.2 base types (Ieee1609Dot2BaseTypes, 1609.2-2016
 * clause 6.4 with the 2022 additions) in canonical OER: curve points,
 * signatures, keys, locations and regions, PSID/SSP and permissions,
 * validity periods.  Readers and writers for dot2.c and dot2_cert.c.
 */
#include <string.h>

#include "dot2_int.h"

/* ASN.1 value ranges (1609.2 6.4.37-6.4.41: NinetyDegreeInt etc.). */
#define LAT_MIN		(-900000000)
#define LAT_MAX		900000001	/* unknown */
#define LON_MIN		(-1799999999)
#define LON_MAX		1800000001	/* unknown */

size_t
dot2_sig_size(enum dot2_sig_type t)
{
	return (t == DOT2_SIG_ECDSA_BRAINPOOL_P384R1 ||
	    t == DOT2_SIG_ECDSA_NIST_P384) ? 48 : 32;
}

size_t
dot2_key_size(enum dot2_key_alg a)
{
	return (a == DOT2_KEY_ECDSA_BRAINPOOL_P384R1 ||
	    a == DOT2_KEY_ECDSA_NIST_P384) ? 48 : 32;
}

enum reason
dot2_rd_hash(struct dot2_ctx *c, struct oer_rd *r, enum dot2_hash *h)
{
	long	 v;

	TRY(c, r, "HashAlgorithm", oer_get_enum(r, &v));
	if (v < 0 || v > DOT2_HASH_SM3)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "HashAlgorithm");
	*h = (enum dot2_hash)v;
	return REASON_OK;
}

enum reason
dot2_wr_hash(struct buf *b, enum dot2_hash h)
{
	if ((unsigned)h > DOT2_HASH_SM3)
		return REASON_BAD_VALUE;
	oer_put_enum(b, h);
	return REASON_OK;
}

/* EccP256CurvePoint / EccP384CurvePoint: a root-only CHOICE. */
enum reason
dot2_rd_point(struct dot2_ctx *c, struct oer_rd *r, size_t size,
    struct dot2_point *pt)
{
	unsigned	 tag;

	memset(pt, 0, sizeof(*pt));
	pt->size = size;
	TRY(c, r, "EccCurvePoint", oer_get_tag(r, &tag));
	switch (tag) {
	case DOT2_POINT_X_ONLY:
	case DOT2_POINT_COMPRESSED_Y0:
	case DOT2_POINT_COMPRESSED_Y1:
		TRY(c, r, "EccCurvePoint", oer_get_fixed(r, size, &pt->x));
		break;
	case DOT2_POINT_FILL:
		break;
	case DOT2_POINT_UNCOMPRESSED:
		TRY(c, r, "EccCurvePoint", oer_get_fixed(r, size, &pt->x));
		TRY(c, r, "EccCurvePoint", oer_get_fixed(r, size, &pt->y));
		break;
	default:
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "EccCurvePoint");
	}
	pt->form = (enum dot2_point_form)tag;
	return REASON_OK;
}

enum reason
dot2_wr_point(struct buf *b, const struct dot2_point *pt, size_t size)
{
	switch (pt->form) {
	case DOT2_POINT_X_ONLY:
	case DOT2_POINT_COMPRESSED_Y0:
	case DOT2_POINT_COMPRESSED_Y1:
		if (pt->x == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, pt->form);
		buf_add(b, pt->x, size);
		return REASON_OK;
	case DOT2_POINT_FILL:
		oer_put_tag(b, pt->form);
		return REASON_OK;
	case DOT2_POINT_UNCOMPRESSED:
		if (pt->x == NULL || pt->y == NULL)
			return REASON_BAD_VALUE;
		oer_put_tag(b, pt->form);
		buf_add(b, pt->x, size);
		buf_add(b, pt->y, size);
		return REASON_OK;
	}
	return REASON_BAD_VALUE;
}

/* Signature: ecdsaNistP256Signature and ecdsaBrainpoolP256r1Signature in
 * the root, the P-384 ones and sm2Signature as extensions (open types). */
static enum reason
rd_sig_body(struct dot2_ctx *c, struct oer_rd *r, struct dot2_signature *s)
{
	size_t	 size = dot2_sig_size(s->type);

	if (s->type == DOT2_SIG_SM2) {
		memset(&s->r, 0, sizeof(s->r));
		s->r.form = DOT2_POINT_X_ONLY;
		s->r.size = 32;
		TRY(c, r, "EcsigP256Signature", oer_get_fixed(r, 32, &s->r.x));
	} else
		PUT(dot2_rd_point(c, r, size, &s->r));
	TRY(c, r, "Signature sSig", oer_get_fixed(r, size, &s->s));
	return REASON_OK;
}

enum reason
dot2_rd_signature(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_signature *s)
{
	struct oer_rd	 sub;
	const uint8_t	*start = r->p;
	unsigned	 tag;

	memset(s, 0, sizeof(*s));
	PUT(dot2_rd_tag(c, r, "Signature", DOT2_SIG_SM2, &tag));
	s->type = (enum dot2_sig_type)tag;
	if (tag <= DOT2_SIG_ECDSA_BRAINPOOL_P256R1)
		PUT(rd_sig_body(c, r, s));
	else {
		TRY(c, r, "Signature", oer_get_open(r, &sub));
		PUT(rd_sig_body(c, &sub, s));
		TRY(c, &sub, "Signature", dot2_open_done(&sub));
	}
	s->enc.p = start;
	s->enc.len = (size_t)(r->p - start);
	return REASON_OK;
}

static enum reason
wr_sig_body(struct buf *b, const struct dot2_signature *s)
{
	size_t	 size = dot2_sig_size(s->type);

	if (s->type == DOT2_SIG_SM2) {
		if (s->r.x == NULL)
			return REASON_BAD_VALUE;
		buf_add(b, s->r.x, 32);
	} else
		PUT(dot2_wr_point(b, &s->r, size));
	if (s->s == NULL)
		return REASON_BAD_VALUE;
	buf_add(b, s->s, size);
	return REASON_OK;
}

enum reason
dot2_wr_signature(struct buf *b, const struct dot2_signature *s)
{
	size_t	 mark;

	if ((unsigned)s->type > DOT2_SIG_SM2)
		return REASON_BAD_VALUE;
	oer_put_tag(b, s->type);
	if (s->type <= DOT2_SIG_ECDSA_BRAINPOOL_P256R1)
		return wr_sig_body(b, s);
	mark = oer_open_begin(b);
	PUT(wr_sig_body(b, s));
	oer_open_end(b, mark);
	return REASON_OK;
}

/* PublicVerificationKey: two root alternatives, three extensions. */
enum reason
dot2_rd_verify_key(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_verify_key *k)
{
	struct oer_rd	 sub;
	unsigned	 tag;

	PUT(dot2_rd_tag(c, r, "PublicVerificationKey", DOT2_KEY_ECSIG_SM2,
	    &tag));
	k->alg = (enum dot2_key_alg)tag;
	if (tag <= DOT2_KEY_ECDSA_BRAINPOOL_P256R1)
		return dot2_rd_point(c, r, 32, &k->point);
	TRY(c, r, "PublicVerificationKey", oer_get_open(r, &sub));
	PUT(dot2_rd_point(c, &sub, dot2_key_size(k->alg), &k->point));
	TRY(c, &sub, "PublicVerificationKey", dot2_open_done(&sub));
	return REASON_OK;
}

enum reason
dot2_wr_verify_key(struct buf *b, const struct dot2_verify_key *k)
{
	size_t	 mark;

	if ((unsigned)k->alg > DOT2_KEY_ECSIG_SM2)
		return REASON_BAD_VALUE;
	oer_put_tag(b, k->alg);
	if (k->alg <= DOT2_KEY_ECDSA_BRAINPOOL_P256R1)
		return dot2_wr_point(b, &k->point, 32);
	mark = oer_open_begin(b);
	PUT(dot2_wr_point(b, &k->point, dot2_key_size(k->alg)));
	oer_open_end(b, mark);
	return REASON_OK;
}

static enum reason
rd_symm_alg(struct dot2_ctx *c, struct oer_rd *r, enum dot2_symm_alg *a)
{
	long	 v;

	TRY(c, r, "SymmAlgorithm", oer_get_enum(r, &v));
	if (v < 0 || v > DOT2_SYMM_SM4CCM)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "SymmAlgorithm");
	*a = (enum dot2_symm_alg)v;
	return REASON_OK;
}

/* PublicEncryptionKey { supportedSymmAlg, publicKey BasePublicEncryptionKey } */
enum reason
dot2_rd_public_enc_key(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_public_enc_key *k)
{
	struct oer_rd	 sub;
	unsigned	 tag;

	memset(k, 0, sizeof(*k));
	PUT(rd_symm_alg(c, r, &k->symm));
	PUT(dot2_rd_tag(c, r, "BasePublicEncryptionKey", DOT2_ENC_ECENC_SM2,
	    &tag));
	k->alg = (enum dot2_enc_alg)tag;
	if (tag <= DOT2_ENC_ECIES_BRAINPOOL_P256R1)
		return dot2_rd_point(c, r, 32, &k->point);
	TRY(c, r, "BasePublicEncryptionKey", oer_get_open(r, &sub));
	PUT(dot2_rd_point(c, &sub, 32, &k->point));
	TRY(c, &sub, "BasePublicEncryptionKey", dot2_open_done(&sub));
	return REASON_OK;
}

enum reason
dot2_wr_public_enc_key(struct buf *b, const struct dot2_public_enc_key *k)
{
	size_t	 mark;

	if ((unsigned)k->symm > DOT2_SYMM_SM4CCM ||
	    (unsigned)k->alg > DOT2_ENC_ECENC_SM2)
		return REASON_BAD_VALUE;
	oer_put_enum(b, k->symm);
	oer_put_tag(b, k->alg);
	if (k->alg <= DOT2_ENC_ECIES_BRAINPOOL_P256R1)
		return dot2_wr_point(b, &k->point, 32);
	mark = oer_open_begin(b);
	PUT(dot2_wr_point(b, &k->point, 32));
	oer_open_end(b, mark);
	return REASON_OK;
}

/* EncryptionKey { public, symmetric SymmetricEncryptionKey } */
enum reason
dot2_rd_encryption_key(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_encryption_key *k)
{
	unsigned	 tag;

	memset(k, 0, sizeof(*k));
	TRY(c, r, "EncryptionKey", oer_get_tag(r, &tag));
	if (tag == DOT2_ENCKEY_PUBLIC) {
		k->kind = DOT2_ENCKEY_PUBLIC;
		return dot2_rd_public_enc_key(c, r, &k->pub);
	}
	if (tag != DOT2_ENCKEY_SYMMETRIC)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, "EncryptionKey");
	k->kind = DOT2_ENCKEY_SYMMETRIC;
	TRY(c, r, "SymmetricEncryptionKey", oer_get_tag(r, &tag));
	if (tag == DOT2_SYMM_AES128CCM) {
		k->symm = DOT2_SYMM_AES128CCM;
		TRY(c, r, "SymmetricEncryptionKey",
		    oer_get_fixed(r, 16, &k->key));
		return REASON_OK;
	}
	if (tag != DOT2_SYMM_SM4CCM)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE,
		    "SymmetricEncryptionKey");
	k->symm = DOT2_SYMM_SM4CCM;
	PUT(dot2_rd_open_fixed(c, r, "SymmetricEncryptionKey", 16, &k->key));
	return REASON_OK;
}

enum reason
dot2_wr_encryption_key(struct buf *b, const struct dot2_encryption_key *k)
{
	size_t	 mark;

	if (k->kind == DOT2_ENCKEY_PUBLIC) {
		oer_put_tag(b, DOT2_ENCKEY_PUBLIC);
		return dot2_wr_public_enc_key(b, &k->pub);
	}
	if (k->kind != DOT2_ENCKEY_SYMMETRIC || k->key == NULL ||
	    (unsigned)k->symm > DOT2_SYMM_SM4CCM)
		return REASON_BAD_VALUE;
	oer_put_tag(b, DOT2_ENCKEY_SYMMETRIC);
	oer_put_tag(b, k->symm);
	if (k->symm == DOT2_SYMM_AES128CCM) {
		buf_add(b, k->key, 16);
		return REASON_OK;
	}
	mark = oer_open_begin(b);
	buf_add(b, k->key, 16);
	oer_open_end(b, mark);
	return REASON_OK;
}

/* --- locations and regions ------------------------------------------------ */

static enum reason
rd_latlon(struct dot2_ctx *c, struct oer_rd *r, int32_t *lat, int32_t *lon)
{
	TRY(c, r, "Latitude", oer_get_i32(r, lat));
	if (*lat < LAT_MIN || *lat > LAT_MAX)
		return dot2_fail(c, r, REASON_BAD_VALUE, "Latitude");
	TRY(c, r, "Longitude", oer_get_i32(r, lon));
	if (*lon < LON_MIN || *lon > LON_MAX)
		return dot2_fail(c, r, REASON_BAD_VALUE, "Longitude");
	return REASON_OK;
}

static enum reason
wr_latlon(struct buf *b, int32_t lat, int32_t lon)
{
	if (lat < LAT_MIN || lat > LAT_MAX || lon < LON_MIN || lon > LON_MAX)
		return REASON_BAD_VALUE;
	oer_put_i32(b, lat);
	oer_put_i32(b, lon);
	return REASON_OK;
}

static enum reason
rd_2d(struct dot2_ctx *c, struct oer_rd *r, struct dot2_2d *p)
{
	return rd_latlon(c, r, &p->lat, &p->lon);
}

enum reason
dot2_rd_3d(struct dot2_ctx *c, struct oer_rd *r, struct dot2_3d *p)
{
	PUT(rd_latlon(c, r, &p->lat, &p->lon));
	TRY(c, r, "Elevation", oer_get_u16(r, &p->elevation));
	return REASON_OK;
}

enum reason
dot2_wr_3d(struct buf *b, const struct dot2_3d *p)
{
	PUT(wr_latlon(b, p->lat, p->lon));
	oer_put_u16(b, p->elevation);
	return REASON_OK;
}

/* SEQUENCE OF count and its zeroed array. */
static enum reason
rd_seqof(struct dot2_ctx *c, struct oer_rd *r, const char *what, size_t size,
    size_t minenc, size_t *n, void **a)
{
	TRY(c, r, what, oer_get_quantity(r, n));
	TRY(c, r, what, dot2_array(c, r, *n, size, minenc, a));
	return REASON_OK;
}

static enum reason
rd_idregion(struct dot2_ctx *c, struct oer_rd *r, struct dot2_idregion *id)
{
	struct dot2_subregions	*subs;
	uint16_t		*u16;
	uint8_t			*u8;
	const uint8_t		*p;
	size_t			 i, j;
	unsigned		 tag;
	void			*a;

	PUT(dot2_rd_tag(c, r, "IdentifiedRegion", DOT2_IDREG_COUNTRY_AND_SUBREGIONS,
	    &tag));
	id->kind = (enum dot2_idregion_kind)tag;
	TRY(c, r, "UnCountryId", oer_get_u16(r, &id->country));
	if (tag == DOT2_IDREG_COUNTRY_ONLY)
		return REASON_OK;
	if (tag == DOT2_IDREG_COUNTRY_AND_REGIONS) {
		PUT(rd_seqof(c, r, "SequenceOfUint8", 1, 1, &id->n, &a));
		u8 = a;
		TRY(c, r, "SequenceOfUint8", oer_get_fixed(r, id->n, &p));
		if (id->n > 0)
			memcpy(u8, p, id->n);
		id->regions = u8;
		return REASON_OK;
	}
	PUT(rd_seqof(c, r, "SequenceOfRegionAndSubregions", sizeof(*subs), 3,
	    &id->n, &a));
	subs = a;
	for (i = 0; i < id->n; i++) {
		TRY(c, r, "RegionAndSubregions",
		    oer_get_u8(r, &subs[i].region));
		PUT(rd_seqof(c, r, "SequenceOfUint16", 2, 2, &subs[i].n, &a));
		u16 = a;
		for (j = 0; j < subs[i].n; j++)
			TRY(c, r, "SequenceOfUint16", oer_get_u16(r, &u16[j]));
		subs[i].subregions = u16;
	}
	id->subs = subs;
	return REASON_OK;
}

static enum reason
wr_idregion(struct buf *b, const struct dot2_idregion *id)
{
	size_t	 i, j;

	if ((unsigned)id->kind > DOT2_IDREG_COUNTRY_AND_SUBREGIONS)
		return REASON_BAD_VALUE;
	oer_put_tag(b, id->kind);
	oer_put_u16(b, id->country);
	if (id->kind == DOT2_IDREG_COUNTRY_ONLY)
		return REASON_OK;
	oer_put_quantity(b, id->n);
	if (id->kind == DOT2_IDREG_COUNTRY_AND_REGIONS) {
		if (id->n > 0 && id->regions == NULL)
			return REASON_BAD_VALUE;
		if (id->n > 0)
			buf_add(b, id->regions, id->n);
		return REASON_OK;
	}
	if (id->n > 0 && id->subs == NULL)
		return REASON_BAD_VALUE;
	for (i = 0; i < id->n; i++) {
		oer_put_u8(b, id->subs[i].region);
		oer_put_quantity(b, id->subs[i].n);
		if (id->subs[i].n > 0 && id->subs[i].subregions == NULL)
			return REASON_BAD_VALUE;
		for (j = 0; j < id->subs[i].n; j++)
			oer_put_u16(b, id->subs[i].subregions[j]);
	}
	return REASON_OK;
}

/* GeographicRegion: an extensible CHOICE of four. */
enum reason
dot2_rd_region(struct dot2_ctx *c, struct oer_rd *r, struct dot2_region *g)
{
	struct dot2_rect	*rects;
	struct dot2_2d		*pts;
	struct dot2_idregion	*ids;
	unsigned		 tag;
	size_t			 i;
	void			*a;

	memset(g, 0, sizeof(*g));
	PUT(dot2_rd_tag(c, r, "GeographicRegion", DOT2_REGION_IDENTIFIED,
	    &tag));
	g->kind = (enum dot2_region_kind)tag;
	switch (g->kind) {
	case DOT2_REGION_CIRCULAR:
		PUT(rd_2d(c, r, &g->center));
		TRY(c, r, "CircularRegion", oer_get_u16(r, &g->radius));
		break;
	case DOT2_REGION_RECTANGULAR:
		PUT(rd_seqof(c, r, "SequenceOfRectangularRegion",
		    sizeof(*rects), 16, &g->n, &a));
		rects = a;
		for (i = 0; i < g->n; i++) {
			PUT(rd_2d(c, r, &rects[i].nw));
			PUT(rd_2d(c, r, &rects[i].se));
		}
		g->rects = rects;
		break;
	case DOT2_REGION_POLYGONAL:
		PUT(rd_seqof(c, r, "PolygonalRegion", sizeof(*pts), 8, &g->n,
		    &a));
		if (g->n < 3)
			return dot2_fail(c, r, REASON_BAD_VALUE,
			    "PolygonalRegion");
		pts = a;
		for (i = 0; i < g->n; i++)
			PUT(rd_2d(c, r, &pts[i]));
		g->points = pts;
		break;
	case DOT2_REGION_IDENTIFIED:
		PUT(rd_seqof(c, r, "SequenceOfIdentifiedRegion", sizeof(*ids),
		    3, &g->n, &a));
		ids = a;
		for (i = 0; i < g->n; i++)
			PUT(rd_idregion(c, r, &ids[i]));
		g->ids = ids;
		break;
	}
	return REASON_OK;
}

enum reason
dot2_wr_region(struct buf *b, const struct dot2_region *g)
{
	size_t	 i;

	if ((unsigned)g->kind > DOT2_REGION_IDENTIFIED)
		return REASON_BAD_VALUE;
	oer_put_tag(b, g->kind);
	switch (g->kind) {
	case DOT2_REGION_CIRCULAR:
		PUT(wr_latlon(b, g->center.lat, g->center.lon));
		oer_put_u16(b, g->radius);
		return REASON_OK;
	case DOT2_REGION_RECTANGULAR:
		if (g->n > 0 && g->rects == NULL)
			return REASON_BAD_VALUE;
		oer_put_quantity(b, g->n);
		for (i = 0; i < g->n; i++) {
			PUT(wr_latlon(b, g->rects[i].nw.lat,
			    g->rects[i].nw.lon));
			PUT(wr_latlon(b, g->rects[i].se.lat,
			    g->rects[i].se.lon));
		}
		return REASON_OK;
	case DOT2_REGION_POLYGONAL:
		if (g->n < 3 || g->points == NULL)
			return REASON_BAD_VALUE;
		oer_put_quantity(b, g->n);
		for (i = 0; i < g->n; i++)
			PUT(wr_latlon(b, g->points[i].lat, g->points[i].lon));
		return REASON_OK;
	case DOT2_REGION_IDENTIFIED:
		if (g->n > 0 && g->ids == NULL)
			return REASON_BAD_VALUE;
		oer_put_quantity(b, g->n);
		for (i = 0; i < g->n; i++)
			PUT(wr_idregion(b, &g->ids[i]));
		return REASON_OK;
	}
	return REASON_BAD_VALUE;
}

/* --- PSID, SSP, permissions --------------------------------------------- */

enum reason
dot2_rd_psid(struct dot2_ctx *c, struct oer_rd *r, uint64_t *psid)
{
	TRY(c, r, "Psid", oer_get_uvar(r, psid));
	return REASON_OK;
}

static enum reason
rd_psid_ssp(struct dot2_ctx *c, struct oer_rd *r, struct dot2_psid_ssp *ps)
{
	struct oer_rd	 sub;
	uint32_t	 pre;
	unsigned	 tag;

	TRY(c, r, "PsidSsp", oer_get_preamble(r, 1, &pre));
	PUT(dot2_rd_psid(c, r, &ps->psid));
	if (!pre)
		return REASON_OK;
	ps->has_ssp = 1;
	TRY(c, r, "ServiceSpecificPermissions", oer_get_tag(r, &tag));
	if (tag == DOT2_SSP_OPAQUE) {
		ps->ssp_kind = DOT2_SSP_OPAQUE;
		TRY(c, r, "ServiceSpecificPermissions",
		    oer_get_octets(r, &ps->ssp.p, &ps->ssp.len));
		return REASON_OK;
	}
	if (tag != DOT2_SSP_BITMAP)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE,
		    "ServiceSpecificPermissions");
	ps->ssp_kind = DOT2_SSP_BITMAP;
	TRY(c, r, "BitmapSsp", oer_get_open(r, &sub));
	TRY(c, &sub, "BitmapSsp", oer_get_octets(&sub, &ps->ssp.p,
	    &ps->ssp.len));
	if (ps->ssp.len > 31)
		return dot2_fail(c, &sub, REASON_BAD_VALUE, "BitmapSsp");
	TRY(c, &sub, "BitmapSsp", dot2_open_done(&sub));
	return REASON_OK;
}

static enum reason
wr_psid_ssp(struct buf *b, const struct dot2_psid_ssp *ps)
{
	size_t	 mark;

	oer_put_preamble(b, 1, ps->has_ssp ? 1 : 0);
	oer_put_uvar(b, ps->psid);
	if (!ps->has_ssp)
		return REASON_OK;
	if (ps->ssp.len > 0 && ps->ssp.p == NULL)
		return REASON_BAD_VALUE;
	if (ps->ssp_kind == DOT2_SSP_OPAQUE) {
		oer_put_tag(b, DOT2_SSP_OPAQUE);
		oer_put_octets(b, ps->ssp.p, ps->ssp.len);
		return REASON_OK;
	}
	if (ps->ssp_kind != DOT2_SSP_BITMAP || ps->ssp.len > 31)
		return REASON_BAD_VALUE;
	oer_put_tag(b, DOT2_SSP_BITMAP);
	mark = oer_open_begin(b);
	oer_put_octets(b, ps->ssp.p, ps->ssp.len);
	oer_open_end(b, mark);
	return REASON_OK;
}

enum reason
dot2_rd_psid_ssps(struct dot2_ctx *c, struct oer_rd *r, size_t *n,
    const struct dot2_psid_ssp **out)
{
	struct dot2_psid_ssp	*ps;
	size_t			 i;
	void			*a;

	PUT(rd_seqof(c, r, "SequenceOfPsidSsp", sizeof(*ps), 3, n, &a));
	ps = a;
	for (i = 0; i < *n; i++)
		PUT(rd_psid_ssp(c, r, &ps[i]));
	*out = ps;
	return REASON_OK;
}

enum reason
dot2_wr_psid_ssps(struct buf *b, size_t n, const struct dot2_psid_ssp *ps)
{
	size_t	 i;

	if (n > 0 && ps == NULL)
		return REASON_BAD_VALUE;
	oer_put_quantity(b, n);
	for (i = 0; i < n; i++)
		PUT(wr_psid_ssp(b, &ps[i]));
	return REASON_OK;
}

static enum reason
rd_bitmap_range(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_psid_range *pr)
{
	TRY(c, r, "BitmapSspRange", oer_get_octets(r, &pr->value.p,
	    &pr->value.len));
	TRY(c, r, "BitmapSspRange", oer_get_octets(r, &pr->mask.p,
	    &pr->mask.len));
	if (pr->value.len < 1 || pr->value.len > 32 || pr->mask.len < 1 ||
	    pr->mask.len > 32)
		return dot2_fail(c, r, REASON_BAD_VALUE, "BitmapSspRange");
	return REASON_OK;
}

static enum reason
rd_psid_range(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_psid_range *pr)
{
	struct dot2_bytes	*os;
	struct oer_rd		 sub;
	uint32_t		 pre;
	unsigned		 tag;
	size_t			 i;
	void			*a;

	TRY(c, r, "PsidSspRange", oer_get_preamble(r, 1, &pre));
	PUT(dot2_rd_psid(c, r, &pr->psid));
	if (!pre)
		return REASON_OK;
	pr->has_range = 1;
	PUT(dot2_rd_tag(c, r, "SspRange", DOT2_SSPR_BITMAP, &tag));
	pr->kind = (enum dot2_sspr_kind)tag;
	switch (pr->kind) {
	case DOT2_SSPR_OPAQUE:
		PUT(rd_seqof(c, r, "SequenceOfOctetString", sizeof(*os), 1,
		    &pr->n, &a));
		os = a;
		for (i = 0; i < pr->n; i++)
			TRY(c, r, "SequenceOfOctetString",
			    oer_get_octets(r, &os[i].p, &os[i].len));
		pr->opaque = os;
		break;
	case DOT2_SSPR_ALL:
		break;
	case DOT2_SSPR_BITMAP:
		TRY(c, r, "BitmapSspRange", oer_get_open(r, &sub));
		PUT(rd_bitmap_range(c, &sub, pr));
		TRY(c, &sub, "BitmapSspRange", dot2_open_done(&sub));
		break;
	}
	return REASON_OK;
}

static enum reason
wr_psid_range(struct buf *b, const struct dot2_psid_range *pr)
{
	size_t	 i, mark;

	oer_put_preamble(b, 1, pr->has_range ? 1 : 0);
	oer_put_uvar(b, pr->psid);
	if (!pr->has_range)
		return REASON_OK;
	if ((unsigned)pr->kind > DOT2_SSPR_BITMAP)
		return REASON_BAD_VALUE;
	oer_put_tag(b, pr->kind);
	switch (pr->kind) {
	case DOT2_SSPR_OPAQUE:
		if (pr->n > 0 && pr->opaque == NULL)
			return REASON_BAD_VALUE;
		oer_put_quantity(b, pr->n);
		for (i = 0; i < pr->n; i++) {
			if (pr->opaque[i].len > 0 && pr->opaque[i].p == NULL)
				return REASON_BAD_VALUE;
			oer_put_octets(b, pr->opaque[i].p, pr->opaque[i].len);
		}
		break;
	case DOT2_SSPR_ALL:
		break;
	case DOT2_SSPR_BITMAP:
		if (pr->value.len < 1 || pr->value.len > 32 ||
		    pr->mask.len < 1 || pr->mask.len > 32 ||
		    pr->value.p == NULL || pr->mask.p == NULL)
			return REASON_BAD_VALUE;
		mark = oer_open_begin(b);
		oer_put_octets(b, pr->value.p, pr->value.len);
		oer_put_octets(b, pr->mask.p, pr->mask.len);
		oer_open_end(b, mark);
		break;
	}
	return REASON_OK;
}

/* PsidGroupPermissions: three DEFAULT components; canonical OER leaves a
 * component out when it equals its default (X.696 16.2.4 via X.680). */
static enum reason
rd_group_perm(struct dot2_ctx *c, struct oer_rd *r,
    struct dot2_group_perm *g)
{
	struct dot2_psid_range	*pr;
	const uint8_t		*p;
	uint32_t		 pre;
	unsigned		 tag;
	size_t			 i;
	void			*a;

	TRY(c, r, "PsidGroupPermissions", oer_get_preamble(r, 3, &pre));
	PUT(dot2_rd_tag(c, r, "SubjectPermissions", DOT2_SUBJECT_ALL, &tag));
	g->kind = (enum dot2_subject_kind)tag;
	if (g->kind == DOT2_SUBJECT_EXPLICIT) {
		PUT(rd_seqof(c, r, "SequenceOfPsidSspRange", sizeof(*pr), 3,
		    &g->n, &a));
		pr = a;
		for (i = 0; i < g->n; i++)
			PUT(rd_psid_range(c, r, &pr[i]));
		g->ranges = pr;
	}
	g->min_chain_length = 1;
	g->chain_length_range = 0;
	g->ee_type = 0x80;
	if (OER_BIT(pre, 3, 0)) {
		TRY(c, r, "minChainLength", oer_get_svar(r,
		    &g->min_chain_length));
		if (g->min_chain_length == 1)
			return dot2_fail(c, r, REASON_NONCANONICAL,
			    "minChainLength");
	}
	if (OER_BIT(pre, 3, 1)) {
		TRY(c, r, "chainLengthRange", oer_get_svar(r,
		    &g->chain_length_range));
		if (g->chain_length_range == 0)
			return dot2_fail(c, r, REASON_NONCANONICAL,
			    "chainLengthRange");
	}
	if (OER_BIT(pre, 3, 2)) {
		TRY(c, r, "EndEntityType", oer_get_fixed(r, 1, &p));
		g->ee_type = p[0];
		if (g->ee_type == 0x80)
			return dot2_fail(c, r, REASON_NONCANONICAL,
			    "EndEntityType");
	}
	return REASON_OK;
}

static enum reason
wr_group_perm(struct buf *b, const struct dot2_group_perm *g)
{
	uint32_t	 pre = 0;
	size_t		 i;

	if (g->min_chain_length != 1)
		pre |= 4;
	if (g->chain_length_range != 0)
		pre |= 2;
	if (g->ee_type != 0x80)
		pre |= 1;
	oer_put_preamble(b, 3, pre);
	if ((unsigned)g->kind > DOT2_SUBJECT_ALL)
		return REASON_BAD_VALUE;
	oer_put_tag(b, g->kind);
	if (g->kind == DOT2_SUBJECT_EXPLICIT) {
		if (g->n > 0 && g->ranges == NULL)
			return REASON_BAD_VALUE;
		oer_put_quantity(b, g->n);
		for (i = 0; i < g->n; i++)
			PUT(wr_psid_range(b, &g->ranges[i]));
	}
	if (pre & 4)
		oer_put_svar(b, g->min_chain_length);
	if (pre & 2)
		oer_put_svar(b, g->chain_length_range);
	if (pre & 1)
		oer_put_u8(b, g->ee_type);
	return REASON_OK;
}

enum reason
dot2_rd_group_perms(struct dot2_ctx *c, struct oer_rd *r, size_t *n,
    const struct dot2_group_perm **out)
{
	struct dot2_group_perm	*g;
	size_t			 i;
	void			*a;

	PUT(rd_seqof(c, r, "SequenceOfPsidGroupPermissions", sizeof(*g), 2,
	    n, &a));
	g = a;
	for (i = 0; i < *n; i++)
		PUT(rd_group_perm(c, r, &g[i]));
	*out = g;
	return REASON_OK;
}

enum reason
dot2_wr_group_perms(struct buf *b, size_t n, const struct dot2_group_perm *g)
{
	size_t	 i;

	if (n > 0 && g == NULL)
		return REASON_BAD_VALUE;
	oer_put_quantity(b, n);
	for (i = 0; i < n; i++)
		PUT(wr_group_perm(b, &g[i]));
	return REASON_OK;
}

/* ValidityPeriod { start Time32, duration Duration (root-only CHOICE) } */
enum reason
dot2_rd_validity(struct dot2_ctx *c, struct oer_rd *r, struct dot2_validity *v)
{
	unsigned	 tag;

	TRY(c, r, "ValidityPeriod", oer_get_u32(r, &v->start));
	PUT(dot2_rd_tag(c, r, "Duration", DOT2_DUR_YEARS, &tag));
	v->unit = (enum dot2_duration_unit)tag;
	TRY(c, r, "Duration", oer_get_u16(r, &v->duration));
	return REASON_OK;
}

enum reason
dot2_wr_validity(struct buf *b, const struct dot2_validity *v)
{
	if ((unsigned)v->unit > DOT2_DUR_YEARS)
		return REASON_BAD_VALUE;
	oer_put_u32(b, v->start);
	oer_put_tag(b, v->unit);
	oer_put_u16(b, v->duration);
	return REASON_OK;
}

uint64_t
dot2_validity_end(const struct dot2_validity *v)
{
	static const uint64_t unit_us[] = {
		1, 1000, 1000000, 60000000ULL, 3600000000ULL,
		216000000000ULL, 31556952000000ULL,
	};

	if ((unsigned)v->unit > DOT2_DUR_YEARS)
		return (uint64_t)v->start * 1000000;
	return (uint64_t)v->start * 1000000 +
	    (uint64_t)v->duration * unit_us[v->unit];
}
