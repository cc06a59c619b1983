/*
 * sec_cert.c: IEEE 1609.2-2016 certificate rules for the verifier and the
 * signer: hash algorithms (6.4.3), canonical encoding for hashing (6.4.3
 * encoding considerations), the signature input Hash(Hash(data) ||
 * Hash(signer)) (5.3.1), consistency with the issuing certificate
 * (PsidGroupPermissions, SspRange, BitmapSsp, validity, region: 6.4.8ff,
 * 5.1.2.4) and geographic regions (6.4.17ff).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "sec_int.h"

enum dot2_hash
sec_curve_hash(enum ecc_curve c)
{
	return ecc_curve_len(c) == 48 ? DOT2_HASH_SHA384 : DOT2_HASH_SHA256;
}

size_t
sec_hash_len(enum dot2_hash h)
{
	return h == DOT2_HASH_SHA384 ? 48 : h == DOT2_HASH_SHA256 ? 32 : 0;
}

size_t
sec_hash(enum dot2_hash h, const void *p, size_t n, uint8_t *out)
{
	if (h == DOT2_HASH_SHA384) {
		ecc_sha384(p, n, out);
		return 48;
	}
	ecc_sha256(p, n, out);
	return 32;
}

int
sec_md_init(struct sec_md *m)
{
	m->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	m->sha384 = EVP_MD_fetch(NULL, "SHA384", NULL);
	m->ctx = EVP_MD_CTX_new();
	if (m->sha256 == NULL || m->sha384 == NULL || m->ctx == NULL) {
		sec_md_free(m);
		return -1;
	}
	return 0;
}

void
sec_md_free(struct sec_md *m)
{
	EVP_MD_free(m->sha256);
	EVP_MD_free(m->sha384);
	EVP_MD_CTX_free(m->ctx);
	memset(m, 0, sizeof(*m));
}

size_t
sec_md_hash(struct sec_md *m, enum dot2_hash h, const void *p, size_t n,
    uint8_t *out)
{
	unsigned int	 len;

	if (m == NULL || m->ctx == NULL ||
	    !EVP_DigestInit_ex2(m->ctx, h == DOT2_HASH_SHA384 ? m->sha384 :
	    m->sha256, NULL) || !EVP_DigestUpdate(m->ctx, p, n) ||
	    !EVP_DigestFinal_ex(m->ctx, out, &len))
		return sec_hash(h, p, n, out);
	return len;
}

int
sec_key_curve(enum dot2_key_alg a)
{
	switch (a) {
	case DOT2_KEY_ECDSA_NIST_P256:
		return ECC_NISTP256;
	case DOT2_KEY_ECDSA_BRAINPOOL_P256R1:
		return ECC_BRAINPOOLP256R1;
	case DOT2_KEY_ECDSA_BRAINPOOL_P384R1:
		return ECC_BRAINPOOLP384R1;
	case DOT2_KEY_ECDSA_NIST_P384:
		return ECC_NISTP384;
	default:
		return -1;
	}
}

int
sec_sig_curve(enum dot2_sig_type t)
{
	switch (t) {
	case DOT2_SIG_ECDSA_NIST_P256:
		return ECC_NISTP256;
	case DOT2_SIG_ECDSA_BRAINPOOL_P256R1:
		return ECC_BRAINPOOLP256R1;
	case DOT2_SIG_ECDSA_BRAINPOOL_P384R1:
		return ECC_BRAINPOOLP384R1;
	case DOT2_SIG_ECDSA_NIST_P384:
		return ECC_NISTP384;
	default:
		return -1;
	}
}

enum dot2_sig_type
sec_curve_sig(enum ecc_curve c)
{
	switch (c) {
	case ECC_BRAINPOOLP256R1:
		return DOT2_SIG_ECDSA_BRAINPOOL_P256R1;
	case ECC_NISTP384:
		return DOT2_SIG_ECDSA_NIST_P384;
	case ECC_BRAINPOOLP384R1:
		return DOT2_SIG_ECDSA_BRAINPOOL_P384R1;
	default:
		return DOT2_SIG_ECDSA_NIST_P256;
	}
}

enum dot2_key_alg
sec_curve_key(enum ecc_curve c)
{
	switch (c) {
	case ECC_BRAINPOOLP256R1:
		return DOT2_KEY_ECDSA_BRAINPOOL_P256R1;
	case ECC_NISTP384:
		return DOT2_KEY_ECDSA_NIST_P384;
	case ECC_BRAINPOOLP384R1:
		return DOT2_KEY_ECDSA_BRAINPOOL_P384R1;
	default:
		return DOT2_KEY_ECDSA_NIST_P256;
	}
}

void
sec_idhex(const uint8_t id[8], char out[17])
{
	static const char hx[] = "0123456789abcdef";
	int	 i;

	for (i = 0; i < 8; i++) {
		out[2 * i] = hx[id[i] >> 4];
		out[2 * i + 1] = hx[id[i] & 15];
	}
	out[16] = '\0';
}

/* --- canonical form ------------------------------------------------------ */

static int
point_compressed(const struct dot2_point *pt)
{
	return pt->form == DOT2_POINT_COMPRESSED_Y0 ||
	    pt->form == DOT2_POINT_COMPRESSED_Y1;
}

/* An uncompressed point made compressed, in place. */
static void
point_compress(struct dot2_point *pt)
{
	if (pt->form != DOT2_POINT_UNCOMPRESSED || pt->y == NULL)
		return;
	pt->form = (pt->y[pt->size - 1] & 1) ? DOT2_POINT_COMPRESSED_Y1 :
	    DOT2_POINT_COMPRESSED_Y0;
	pt->y = NULL;
}

int
sec_cert_canonical(const struct dot2_cert *ct, struct buf *b)
{
	struct dot2_cert c;
	int		 ok = 1;

	if (ct->tbs.vki == DOT2_VKI_KEY &&
	    !point_compressed(&ct->tbs.key.point))
		ok = 0;
	if (ct->tbs.vki == DOT2_VKI_RECONSTRUCTION &&
	    !point_compressed(&ct->tbs.reconstruction))
		ok = 0;
	if (ct->tbs.has_enc_key && !point_compressed(&ct->tbs.enc_key.point))
		ok = 0;
	if (ct->has_signature && ct->signature.type != DOT2_SIG_SM2 &&
	    ct->signature.r.form != DOT2_POINT_X_ONLY)
		ok = 0;
	if (ok)
		return 1;
	c = *ct;
	if (c.tbs.vki == DOT2_VKI_KEY)
		point_compress(&c.tbs.key.point);
	else
		point_compress(&c.tbs.reconstruction);
	if (c.tbs.has_enc_key)
		point_compress(&c.tbs.enc_key.point);
	if (c.has_signature && c.signature.r.form != DOT2_POINT_FILL &&
	    c.signature.type != DOT2_SIG_SM2) {
		c.signature.r.form = DOT2_POINT_X_ONLY;
		c.signature.r.y = NULL;
	}
	return dot2_cert_build(b, &c) == REASON_OK ? 0 : -1;
}

/* --- keys and signatures ------------------------------------------------- */

struct ecc_pub *
sec_point_pub(enum ecc_curve c, const struct dot2_point *pt)
{
	if (pt->x == NULL || pt->size != ecc_curve_len(c))
		return NULL;
	switch (pt->form) {
	case DOT2_POINT_UNCOMPRESSED:
		return pt->y != NULL ? ecc_pub_new(c, pt->x, pt->y, 0) : NULL;
	case DOT2_POINT_COMPRESSED_Y0:
		return ecc_pub_new(c, pt->x, NULL, 0);
	case DOT2_POINT_COMPRESSED_Y1:
		return ecc_pub_new(c, pt->x, NULL, 1);
	default:
		return NULL;
	}
}

enum reason
sec_sig_check(struct sec_md *md, struct ecc_pub *pub, enum dot2_hash h,
    const uint8_t *data,
    size_t len, const uint8_t *signer_hash, const struct dot2_signature *sig,
    uint8_t *data_hash)
{
	uint8_t		 cat[96], digest[48];
	size_t		 hl;
	int		 c;

	if ((c = sec_sig_curve(sig->type)) < 0 ||
	    (enum ecc_curve)c != ecc_pub_curve(pub) ||
	    sec_curve_hash((enum ecc_curve)c) != h ||
	    sig->r.x == NULL || sig->s == NULL ||
	    sig->r.form == DOT2_POINT_FILL || sig->r.size != ecc_curve_len(c))
		return REASON_SIG_BAD;
	hl = sec_md_hash(md, h, data, len, cat);
	if (data_hash != NULL)
		memcpy(data_hash, cat, hl);
	if (signer_hash != NULL)
		memcpy(cat + hl, signer_hash, hl);
	else
		sec_md_hash(md, h, "", 0, cat + hl);
	sec_md_hash(md, h, cat, 2 * hl, digest);
	return ecc_verify(pub, digest, sig->r.x, sig->s);
}

/* --- permissions --------------------------------------------------------- */

/* Bitmap consistency: for every bit set in mask, v's bit equals val's. */
static int
bitmap_ok(const struct dot2_bytes *v, const struct dot2_bytes *val,
    const struct dot2_bytes *mask)
{
	size_t	 i;

	if (val->len != mask->len || v->len != val->len)
		return 0;
	for (i = 0; i < mask->len; i++)
		if ((v->p[i] ^ val->p[i]) & mask->p[i])
			return 0;
	return 1;
}

static int
opaque_has(const struct dot2_psid_range *r, const uint8_t *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		if (r->opaque[i].len == n &&
		    (n == 0 || memcmp(r->opaque[i].p, p, n) == 0))
			return 1;
	return 0;
}

/* An appPermissions entry within a PsidSspRange (psids equal). */
static int
ssp_in_range(const struct dot2_psid_ssp *a, const struct dot2_psid_range *r)
{
	if (!r->has_range || r->kind == DOT2_SSPR_ALL)
		return 1;
	if (r->kind == DOT2_SSPR_OPAQUE) {
		if (!a->has_ssp)
			return opaque_has(r, NULL, 0);
		return a->ssp_kind == DOT2_SSP_OPAQUE &&
		    opaque_has(r, a->ssp.p, a->ssp.len);
	}
	return a->has_ssp && a->ssp_kind == DOT2_SSP_BITMAP &&
	    bitmap_ok(&a->ssp, &r->value, &r->mask);
}

/* A subject's PsidSspRange within an issuer's (psids equal). */
static int
range_in_range(const struct dot2_psid_range *s, const struct dot2_psid_range *r)
{
	size_t	 i;

	if (!r->has_range || r->kind == DOT2_SSPR_ALL)
		return 1;
	if (!s->has_range || s->kind != r->kind)
		return 0;
	if (r->kind == DOT2_SSPR_OPAQUE) {
		for (i = 0; i < s->n; i++)
			if (!opaque_has(r, s->opaque[i].p, s->opaque[i].len))
				return 0;
		return 1;
	}
	/* bitmap: every bit R constrains, P constrains to the same value */
	if (s->mask.len != r->mask.len || s->value.len != r->value.len ||
	    r->value.len != r->mask.len)
		return 0;
	for (i = 0; i < r->mask.len; i++)
		if ((r->mask.p[i] & ~s->mask.p[i]) ||
		    ((s->value.p[i] ^ r->value.p[i]) & r->mask.p[i]))
			return 0;
	return 1;
}

/* The range of psid in an explicit group, or NULL. */
static const struct dot2_psid_range *
group_range(const struct dot2_group_perm *g, uint64_t psid)
{
	size_t	 i;

	if (g->kind != DOT2_SUBJECT_EXPLICIT)
		return NULL;
	for (i = 0; i < g->n; i++)
		if (g->ranges[i].psid == psid)
			return &g->ranges[i];
	return NULL;
}

/* Whether chain length len (certificates below the issuer) is allowed. */
static int
length_ok(const struct dot2_group_perm *g, int64_t lo, int64_t hi)
{
	if (lo < g->min_chain_length)
		return 0;
	if (g->chain_length_range < 0)
		return 1;
	return hi >= 0 && hi <= g->min_chain_length + g->chain_length_range;
}

/*
 * The groups of issuer that speak for psid: the explicit ones naming it,
 * or if none does, the "all" ones (1609.2 6.4.8: "all" covers the PSIDs
 * the other entries do not name).
 */
static int
names_psid(const struct dot2_tbs_cert *is, uint64_t psid)
{
	size_t	 i;

	for (i = 0; i < is->n_issue; i++)
		if (group_range(&is->issue[i], psid) != NULL)
			return 1;
	return 0;
}

/* An app permission of a subject at chain length 1 under issuer. */
static int
app_covered(const struct dot2_tbs_cert *is, const struct dot2_psid_ssp *a)
{
	const struct dot2_group_perm *g;
	const struct dot2_psid_range *r;
	size_t	 i;
	int	 named = names_psid(is, a->psid);

	for (i = 0; i < is->n_issue; i++) {
		g = &is->issue[i];
		if (!(g->ee_type & 0x80) || !length_ok(g, 1, 1))
			continue;
		if (g->kind == DOT2_SUBJECT_ALL) {
			if (!named)
				return 1;
			continue;
		}
		if ((r = group_range(g, a->psid)) != NULL && ssp_in_range(a, r))
			return 1;
	}
	return 0;
}

/* A group of a subject CA's certIssuePermissions under issuer. */
static int
group_covered(const struct dot2_tbs_cert *is, const struct dot2_group_perm *s)
{
	const struct dot2_group_perm *g;
	const struct dot2_psid_range *r;
	int64_t	 lo, hi;
	size_t	 i, k;
	int	 ok;

	lo = s->min_chain_length + 1;
	hi = s->chain_length_range < 0 ? -1 :
	    s->min_chain_length + s->chain_length_range + 1;
	if (s->kind == DOT2_SUBJECT_ALL) {
		for (i = 0; i < is->n_issue; i++) {
			g = &is->issue[i];
			if (g->kind == DOT2_SUBJECT_ALL &&
			    (s->ee_type & ~g->ee_type) == 0 &&
			    length_ok(g, lo, hi))
				return 1;
		}
		return 0;
	}
	for (k = 0; k < s->n; k++) {
		int named = names_psid(is, s->ranges[k].psid);

		for (ok = 0, i = 0; i < is->n_issue && !ok; i++) {
			g = &is->issue[i];
			if ((s->ee_type & ~g->ee_type) != 0 ||
			    !length_ok(g, lo, hi))
				continue;
			if (g->kind == DOT2_SUBJECT_ALL)
				ok = !named;
			else if ((r = group_range(g, s->ranges[k].psid)) !=
			    NULL)
				ok = range_in_range(&s->ranges[k], r);
		}
		if (!ok)
			return 0;
	}
	return 1;
}

enum sec_verdict
sec_cert_sane(const struct dot2_cert *ct, char *why, size_t whylen)
{
	const struct dot2_tbs_cert *t = &ct->tbs;
	size_t	 i, j;

	if (!t->has_app && !t->has_issue && !t->has_request) {
		snprintf(why, whylen, "no permissions at all");
		return SEC_CHAIN;
	}
	for (i = 0; i < t->n_app; i++)
		for (j = i + 1; j < t->n_app; j++)
			if (t->app[i].psid == t->app[j].psid) {
				snprintf(why, whylen, "psid %llu twice in "
				    "appPermissions",
				    (unsigned long long)t->app[i].psid);
				return SEC_CHAIN;
			}
	for (i = 0; i < t->n_issue; i++)
		if (t->issue[i].min_chain_length < 1 ||
		    t->issue[i].chain_length_range < -1 ||
		    t->issue[i].ee_type == 0) {
			snprintf(why, whylen, "certIssuePermissions entry %zu: "
			    "minChainLength %lld, chainLengthRange %lld", i,
			    (long long)t->issue[i].min_chain_length,
			    (long long)t->issue[i].chain_length_range);
			return SEC_CHAIN;
		}
	return SEC_VALID;
}

/* --- regions ------------------------------------------------------------- */

#define EARTH_R		6371008.8	/* mean radius, metres */
#define DEG(v)		((double)(v) / 1e7)
#define RAD(d)		((d) * M_PI / 180.0)

static double
distance_m(double lat1, double lon1, double lat2, double lon2)
{
	double	 a, dlat = RAD(lat2 - lat1), dlon = RAD(lon2 - lon1);

	a = sin(dlat / 2) * sin(dlat / 2) + cos(RAD(lat1)) * cos(RAD(lat2)) *
	    sin(dlon / 2) * sin(dlon / 2);
	return 2 * EARTH_R * asin(fmin(1.0, sqrt(a)));
}

static int
rect_has(const struct dot2_rect *r, int32_t lat, int32_t lon)
{
	if (lat > r->nw.lat || lat < r->se.lat)
		return 0;
	if (r->nw.lon <= r->se.lon)
		return lon >= r->nw.lon && lon <= r->se.lon;
	return lon >= r->nw.lon || lon <= r->se.lon;	/* across 180 */
}

static int
polygon_has(const struct dot2_2d *v, size_t n, int32_t lat, int32_t lon)
{
	size_t	 i, j;
	int	 in = 0;

	for (i = 0, j = n - 1; i < n; j = i++) {
		double yi = v[i].lat, yj = v[j].lat, xi = v[i].lon,
		    xj = v[j].lon;

		if ((yi > lat) != (yj > lat) &&
		    lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
			in = !in;
	}
	return in;
}

int
sec_region_has(const struct dot2_region *r, int32_t lat, int32_t lon)
{
	size_t	 i;

	switch (r->kind) {
	case DOT2_REGION_CIRCULAR:
		return distance_m(DEG(r->center.lat), DEG(r->center.lon),
		    DEG(lat), DEG(lon)) <= (double)r->radius;
	case DOT2_REGION_RECTANGULAR:
		for (i = 0; i < r->n; i++)
			if (rect_has(&r->rects[i], lat, lon))
				return 1;
		return 0;
	case DOT2_REGION_POLYGONAL:
		return r->n >= 3 && polygon_has(r->points, r->n, lat, lon);
	default:
		return 1;	/* identified: no map of countries here */
	}
}

/* Points that stand for a region when checking it lies inside another:
 * a circle's centre and its four extreme points (shrunk by 0.1% against
 * rounding), rectangle corners, polygon vertices. */
static size_t
region_points(const struct dot2_region *r, struct dot2_2d *pt, size_t max)
{
	double	 dlat, dlon, lat;
	size_t	 i, n = 0;

	switch (r->kind) {
	case DOT2_REGION_CIRCULAR:
		lat = DEG(r->center.lat);
		dlat = (double)r->radius * 0.999 / EARTH_R * 180.0 / M_PI;
		dlon = cos(RAD(lat)) > 1e-6 ? dlat / cos(RAD(lat)) : 0;
		pt[n++] = r->center;
		pt[n].lat = r->center.lat + (int32_t)(dlat * 1e7);
		pt[n++].lon = r->center.lon;
		pt[n].lat = r->center.lat - (int32_t)(dlat * 1e7);
		pt[n++].lon = r->center.lon;
		pt[n].lat = r->center.lat;
		pt[n++].lon = r->center.lon + (int32_t)(dlon * 1e7);
		pt[n].lat = r->center.lat;
		pt[n++].lon = r->center.lon - (int32_t)(dlon * 1e7);
		return n;
	case DOT2_REGION_RECTANGULAR:
		for (i = 0; i < r->n && n + 4 <= max; i++) {
			pt[n++] = r->rects[i].nw;
			pt[n++] = r->rects[i].se;
			pt[n].lat = r->rects[i].nw.lat;
			pt[n++].lon = r->rects[i].se.lon;
			pt[n].lat = r->rects[i].se.lat;
			pt[n++].lon = r->rects[i].nw.lon;
		}
		return n;
	case DOT2_REGION_POLYGONAL:
		for (i = 0; i < r->n && n < max; i++)
			pt[n++] = r->points[i];
		return n;
	default:
		return 0;
	}
}

/* Identified regions: the subject's countries must be the issuer's. */
static int
ids_within(const struct dot2_region *s, const struct dot2_region *is)
{
	size_t	 i, j;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < is->n; j++)
			if (s->ids[i].country == is->ids[j].country &&
			    (is->ids[j].kind == DOT2_IDREG_COUNTRY_ONLY ||
			    s->ids[i].kind != DOT2_IDREG_COUNTRY_ONLY))
				break;
		if (j == is->n)
			return 0;
	}
	return 1;
}

static int
region_within(const struct dot2_region *s, const struct dot2_region *is)
{
	struct dot2_2d	 pt[64];
	size_t		 i, n;

	if (is->kind == DOT2_REGION_IDENTIFIED)
		return s->kind != DOT2_REGION_IDENTIFIED || ids_within(s, is);
	if (s->kind == DOT2_REGION_IDENTIFIED)
		return 1;	/* no map to compare with */
	n = region_points(s, pt, sizeof(pt) / sizeof(pt[0]));
	for (i = 0; i < n; i++)
		if (!sec_region_has(is, pt[i].lat, pt[i].lon))
			return 0;
	return 1;
}

/* --- the link ------------------------------------------------------------ */

enum sec_verdict
sec_link_check(const struct dot2_cert *sc, const struct dot2_cert *ic,
    uint64_t sstart, uint64_t send, uint64_t istart, uint64_t iend,
    char *why, size_t whylen)
{
	const struct dot2_tbs_cert *s = &sc->tbs, *is = &ic->tbs;
	size_t	 i;

	if (!is->has_issue || is->n_issue == 0) {
		snprintf(why, whylen, "issuer has no certIssuePermissions");
		return SEC_CHAIN;
	}
	if (sstart < istart || send > iend) {
		snprintf(why, whylen, "validity not within the issuer's");
		return SEC_CHAIN;
	}
	if (s->has_region && is->has_region &&
	    !region_within(&s->region, &is->region)) {
		snprintf(why, whylen, "region not within the issuer's");
		return SEC_CHAIN;
	}
	for (i = 0; i < s->n_app; i++)
		if (!app_covered(is, &s->app[i])) {
			snprintf(why, whylen, "issuer may not grant psid %llu "
			    "(with that SSP)",
			    (unsigned long long)s->app[i].psid);
			return SEC_CHAIN;
		}
	for (i = 0; i < s->n_issue; i++)
		if (!group_covered(is, &s->issue[i])) {
			snprintf(why, whylen, "certIssuePermissions entry %zu "
			    "beyond the issuer's", i);
			return SEC_CHAIN;
		}
	return SEC_VALID;
}

int
sec_psid_permitted(const struct dot2_cert *ct, uint64_t psid)
{
	size_t	 i;

	for (i = 0; i < ct->tbs.n_app; i++)
		if (ct->tbs.app[i].psid == psid)
			return 1;
	return 0;
}
