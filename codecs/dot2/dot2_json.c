/*
 * dot2_json.c: JSON for IEEE 1609.2 structures: the one-object summary of
 * an Ieee1609Dot2Data for a decoded message's "layers" array, and
 * certificates in full (JER-shaped, ITU-T X.697 field names) or in short.
 * Times are also given in UTC (tai.c).
 */
#include <stdio.h>
#include <string.h>

#include "dot2_int.h"
#include "tai.h"

/* --- names ------------------------------------------------------------------- */

const char *
dot2_content_str(enum dot2_content c)
{
	static const char *const n[] = { "unsecuredData", "signedData",
	    "encryptedData", "signedCertificateRequest",
	    "signedX509CertificateRequest" };

	return (unsigned)c < 5 ? n[c] : "unknown";
}

const char *
dot2_hash_str(enum dot2_hash h)
{
	static const char *const n[] = { "sha256", "sha384", "sm3" };

	return (unsigned)h < 3 ? n[h] : "unknown";
}

const char *
dot2_sig_str(enum dot2_sig_type t)
{
	static const char *const n[] = { "ecdsaNistP256Signature",
	    "ecdsaBrainpoolP256r1Signature", "ecdsaBrainpoolP384r1Signature",
	    "ecdsaNistP384Signature", "sm2Signature" };

	return (unsigned)t < 5 ? n[t] : "unknown";
}

const char *
dot2_key_str(enum dot2_key_alg a)
{
	static const char *const n[] = { "ecdsaNistP256",
	    "ecdsaBrainpoolP256r1", "ecdsaBrainpoolP384r1", "ecdsaNistP384",
	    "ecsigSm2" };

	return (unsigned)a < 5 ? n[a] : "unknown";
}

const char *
dot2_signer_str(enum dot2_signer_kind k)
{
	static const char *const n[] = { "digest", "certificate", "self" };

	return (unsigned)k < 3 ? n[k] : "unknown";
}

static const char *
symm_str(enum dot2_symm_alg a)
{
	return a == DOT2_SYMM_AES128CCM ? "aes128Ccm" : "sm4Ccm";
}

/* --- helpers ---------------------------------------------------------------- */

static void
key(struct buf *b, int *first, const char *k)
{
	if (!*first)
		buf_addc(b, ',');
	*first = 0;
	buf_addc(b, '"');
	buf_adds(b, k);
	buf_adds(b, "\":");
}

static void
hex(struct buf *b, const uint8_t *p, size_t n)
{
	buf_addc(b, '"');
	if (p != NULL)
		buf_addhex(b, p, n);
	buf_addc(b, '"');
}

/* "s" and {"s": (s needs no escaping: our own names). */
static void
qstr(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	buf_adds(b, s);
	buf_addc(b, '"');
}

static void
okey(struct buf *b, const char *s)
{
	buf_adds(b, "{\"");
	buf_adds(b, s);
	buf_adds(b, "\":");
}

/* A JSON string of UTF-8 text (checked by the parser). */
static void
text(struct buf *b, const uint8_t *p, size_t n)
{
	size_t	 i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)p[i]);
		} else if (p[i] < 0x20 || p[i] == 0x7f)
			buf_addf(b, "\\u%04x", p[i]);
		else
			buf_addc(b, (char)p[i]);
	}
	buf_addc(b, '"');
}

static void
u64(struct buf *b, uint64_t v)
{
	char	 t[24], *e = t + sizeof(t), *p = e;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, p, (size_t)(e - p));
}

static void
point(struct buf *b, const struct dot2_point *pt, size_t size)
{
	switch (pt->form) {
	case DOT2_POINT_X_ONLY:
		buf_adds(b, "{\"x-only\":");
		break;
	case DOT2_POINT_FILL:
		buf_adds(b, "{\"fill\":null}");
		return;
	case DOT2_POINT_COMPRESSED_Y0:
		buf_adds(b, "{\"compressed-y-0\":");
		break;
	case DOT2_POINT_COMPRESSED_Y1:
		buf_adds(b, "{\"compressed-y-1\":");
		break;
	case DOT2_POINT_UNCOMPRESSED:
		buf_adds(b, size == 48 ? "{\"uncompressedP384\":{\"x\":" :
		    "{\"uncompressedP256\":{\"x\":");
		hex(b, pt->x, size);
		buf_adds(b, ",\"y\":");
		hex(b, pt->y, size);
		buf_adds(b, "}}");
		return;
	}
	hex(b, pt->x, size);
	buf_addc(b, '}');
}

static void
signature(struct buf *b, const struct dot2_signature *s)
{
	size_t	 size = dot2_sig_size(s->type);

	okey(b, dot2_sig_str(s->type));
	buf_adds(b, "{\"rSig\":");
	if (s->type == DOT2_SIG_SM2)
		hex(b, s->r.x, 32);
	else
		point(b, &s->r, size);
	buf_adds(b, ",\"sSig\":");
	hex(b, s->s, size);
	buf_adds(b, "}}");
}

static void
verify_key(struct buf *b, const struct dot2_verify_key *k)
{
	okey(b, dot2_key_str(k->alg));
	point(b, &k->point, dot2_key_size(k->alg));
	buf_addc(b, '}');
}

static void
public_enc_key(struct buf *b, const struct dot2_public_enc_key *k)
{
	static const char *const n[] = { "eciesNistP256",
	    "eciesBrainpoolP256r1", "ecencSm2" };

	buf_addf(b, "{\"supportedSymmAlg\":\"%s\",\"publicKey\":{\"%s\":",
	    symm_str(k->symm), (unsigned)k->alg < 3 ? n[k->alg] : "unknown");
	point(b, &k->point, 32);
	buf_adds(b, "}}");
}

static void
encryption_key(struct buf *b, const struct dot2_encryption_key *k)
{
	if (k->kind == DOT2_ENCKEY_PUBLIC) {
		buf_adds(b, "{\"public\":");
		public_enc_key(b, &k->pub);
		buf_addc(b, '}');
		return;
	}
	buf_adds(b, "{\"symmetric\":");
	okey(b, symm_str(k->symm));
	hex(b, k->key, 16);
	buf_adds(b, "}}");
}

static void
latlon(struct buf *b, int32_t lat, int32_t lon)
{
	buf_adds(b, "{\"latitude\":");
	buf_addlong(b, lat);
	buf_adds(b, ",\"longitude\":");
	buf_addlong(b, lon);
}

static void
region(struct buf *b, const struct dot2_region *g)
{
	const struct dot2_idregion *id;
	size_t	 i, j, k;

	switch (g->kind) {
	case DOT2_REGION_CIRCULAR:
		buf_adds(b, "{\"circularRegion\":{\"center\":");
		latlon(b, g->center.lat, g->center.lon);
		buf_adds(b, "},\"radius\":");
		buf_addulong(b, g->radius);
		buf_adds(b, "}}");
		return;
	case DOT2_REGION_RECTANGULAR:
		buf_adds(b, "{\"rectangularRegion\":[");
		for (i = 0; i < g->n; i++) {
			buf_adds(b, i ? ",{\"northWest\":" : "{\"northWest\":");
			latlon(b, g->rects[i].nw.lat, g->rects[i].nw.lon);
			buf_adds(b, "},\"southEast\":");
			latlon(b, g->rects[i].se.lat, g->rects[i].se.lon);
			buf_adds(b, "}}");
		}
		buf_adds(b, "]}");
		return;
	case DOT2_REGION_POLYGONAL:
		buf_adds(b, "{\"polygonalRegion\":[");
		for (i = 0; i < g->n; i++) {
			if (i)
				buf_addc(b, ',');
			latlon(b, g->points[i].lat, g->points[i].lon);
			buf_addc(b, '}');
		}
		buf_adds(b, "]}");
		return;
	case DOT2_REGION_IDENTIFIED:
		buf_adds(b, "{\"identifiedRegion\":[");
		for (i = 0; i < g->n; i++) {
			id = &g->ids[i];
			if (i)
				buf_addc(b, ',');
			if (id->kind == DOT2_IDREG_COUNTRY_ONLY) {
				buf_addf(b, "{\"countryOnly\":%u}", id->country);
				continue;
			}
			if (id->kind == DOT2_IDREG_COUNTRY_AND_REGIONS) {
				buf_addf(b, "{\"countryAndRegions\":{"
				    "\"countryOnly\":%u,\"regions\":[",
				    id->country);
				for (j = 0; j < id->n; j++)
					buf_addf(b, j ? ",%u" : "%u",
					    id->regions[j]);
				buf_adds(b, "]}}");
				continue;
			}
			buf_addf(b, "{\"countryAndSubregions\":{\"countryOnly\""
			    ":%u,\"regionAndSubregions\":[", id->country);
			for (j = 0; j < id->n; j++) {
				buf_addf(b, "%s{\"region\":%u,\"subregions\":[",
				    j ? "," : "", id->subs[j].region);
				for (k = 0; k < id->subs[j].n; k++)
					buf_addf(b, k ? ",%u" : "%u",
					    id->subs[j].subregions[k]);
				buf_adds(b, "]}");
			}
			buf_adds(b, "]}}");
		}
		buf_adds(b, "]}");
		return;
	}
	buf_adds(b, "null");
}

static void
psid_ssps(struct buf *b, size_t n, const struct dot2_psid_ssp *ps)
{
	size_t	 i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"psid\":" : "{\"psid\":");
		u64(b, ps[i].psid);
		if (ps[i].has_ssp) {
			buf_adds(b, ps[i].ssp_kind == DOT2_SSP_OPAQUE ?
			    ",\"ssp\":{\"opaque\":" : ",\"ssp\":{\"bitmapSsp\":");
			hex(b, ps[i].ssp.p, ps[i].ssp.len);
			buf_addc(b, '}');
		}
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void
group_perms(struct buf *b, size_t n, const struct dot2_group_perm *g)
{
	const struct dot2_psid_range *pr;
	size_t	 i, j, k;

	buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		buf_adds(b, i ? ",{\"subjectPermissions\":" :
		    "{\"subjectPermissions\":");
		if (g[i].kind == DOT2_SUBJECT_ALL)
			buf_adds(b, "{\"all\":null}");
		else {
			buf_adds(b, "{\"explicit\":[");
			for (j = 0; j < g[i].n; j++) {
				pr = &g[i].ranges[j];
				buf_adds(b, j ? ",{\"psid\":" : "{\"psid\":");
				u64(b, pr->psid);
				if (pr->has_range) {
					buf_adds(b, ",\"sspRange\":");
					if (pr->kind == DOT2_SSPR_ALL)
						buf_adds(b, "{\"all\":null}");
					else if (pr->kind == DOT2_SSPR_OPAQUE) {
						buf_adds(b, "{\"opaque\":[");
						for (k = 0; k < pr->n; k++) {
							if (k)
								buf_addc(b, ',');
							hex(b, pr->opaque[k].p,
							    pr->opaque[k].len);
						}
						buf_adds(b, "]}");
					} else {
						buf_adds(b, "{\"bitmapSspRange\""
						    ":{\"sspValue\":");
						hex(b, pr->value.p,
						    pr->value.len);
						buf_adds(b, ",\"sspBitmask\":");
						hex(b, pr->mask.p,
						    pr->mask.len);
						buf_adds(b, "}}");
					}
				}
				buf_addc(b, '}');
			}
			buf_adds(b, "]}");
		}
		if (g[i].min_chain_length != 1)
			buf_addf(b, ",\"minChainLength\":%lld",
			    (long long)g[i].min_chain_length);
		if (g[i].chain_length_range != 0)
			buf_addf(b, ",\"chainLengthRange\":%lld",
			    (long long)g[i].chain_length_range);
		if (g[i].ee_type != 0x80)
			buf_addf(b, ",\"eeType\":\"%02x\"", g[i].ee_type);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void
duration(struct buf *b, const struct dot2_validity *v)
{
	static const char *const n[] = { "microseconds", "milliseconds",
	    "seconds", "minutes", "hours", "sixtyHours", "years" };

	okey(b, (unsigned)v->unit < 7 ? n[v->unit] : "unknown");
	buf_addulong(b, v->duration);
	buf_addc(b, '}');
}

static void
issuer(struct buf *b, const struct dot2_issuer *is)
{
	static const char *const n[] = { "sha256AndDigest", "self",
	    "sha384AndDigest", "sm3AndDigest" };

	if (is->kind == DOT2_ISSUER_SELF) {
		buf_adds(b, "{\"self\":");
		qstr(b, dot2_hash_str(is->self_hash));
		buf_addc(b, '}');
		return;
	}
	okey(b, (unsigned)is->kind < 4 ? n[is->kind] :
	    "unknown");
	hex(b, is->digest, 8);
	buf_addc(b, '}');
}

static void
cert_id(struct buf *b, const struct dot2_cert_id *id)
{
	switch (id->kind) {
	case DOT2_CERTID_LINKAGE:
		buf_addf(b, "{\"linkageData\":{\"iCert\":%u,\"linkage-value\":",
		    id->icert);
		hex(b, id->linkage_value, 9);
		if (id->has_group) {
			buf_adds(b, ",\"group-linkage-value\":{\"jValue\":");
			hex(b, id->group_j, 4);
			buf_adds(b, ",\"value\":");
			hex(b, id->group_value, 9);
			buf_addc(b, '}');
		}
		buf_adds(b, "}}");
		return;
	case DOT2_CERTID_NAME:
		buf_adds(b, "{\"name\":");
		text(b, id->name.p, id->name.len);
		buf_addc(b, '}');
		return;
	case DOT2_CERTID_BINARY:
		buf_adds(b, "{\"binaryId\":");
		hex(b, id->name.p, id->name.len);
		buf_addc(b, '}');
		return;
	case DOT2_CERTID_NONE:
		buf_adds(b, "{\"none\":null}");
		return;
	}
	buf_adds(b, "null");
}

static void
exts_unknown(struct buf *b, int *first, const struct dot2_exts *ext)
{
	size_t	 i;

	if (ext->n == 0)
		return;
	key(b, first, "unknownExtensions");
	buf_addc(b, '[');
	for (i = 0; i < ext->n; i++) {
		buf_addf(b, "%s{\"index\":%u,\"value\":", i ? "," : "",
		    ext->unknown[i].bit);
		hex(b, ext->unknown[i].value.p, ext->unknown[i].value.len);
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

static void
validity_utc(struct buf *b, int *first, const struct dot2_validity *v)
{
	uint64_t end;

	key(b, first, "validityStart");
	buf_addc(b, '"');
	tai_format(b, v->start);
	buf_addc(b, '"');
	key(b, first, "validityEnd");
	buf_addc(b, '"');
	end = dot2_validity_end(v);
	if (end % 1000000 == 0)
		tai_format(b, (int64_t)(end / 1000000));
	else
		tai_format_us(b, end);
	buf_addc(b, '"');
}

/* --- certificates -------------------------------------------------------------- */

void
dot2_cert_json(struct buf *b, const struct dot2_cert *ct)
{
	const struct dot2_tbs_cert *t = &ct->tbs;
	int	 f = 1, g = 1;

	buf_addc(b, '{');
	key(b, &f, "version");
	buf_addulong(b, (unsigned long)(DOT2_VERSION));
	key(b, &f, "type");
	buf_adds(b, ct->type == DOT2_CERT_EXPLICIT ? "\"explicit\"" :
	    "\"implicit\"");
	key(b, &f, "issuer");
	issuer(b, &ct->issuer);
	key(b, &f, "toBeSigned");
	buf_addc(b, '{');
	key(b, &g, "id");
	cert_id(b, &t->id);
	key(b, &g, "cracaId");
	hex(b, t->craca_id, 3);
	key(b, &g, "crlSeries");
	buf_addulong(b, (unsigned long)(t->crl_series));
	key(b, &g, "validityPeriod");
	buf_adds(b, "{\"start\":");
	buf_addulong(b, t->validity.start);
	buf_adds(b, ",\"duration\":");
	duration(b, &t->validity);
	buf_addc(b, '}');
	if (t->has_region) {
		key(b, &g, "region");
		region(b, &t->region);
	}
	if (t->has_assurance) {
		key(b, &g, "assuranceLevel");
		hex(b, &t->assurance, 1);
	}
	if (t->has_app) {
		key(b, &g, "appPermissions");
		psid_ssps(b, t->n_app, t->app);
	}
	if (t->has_issue) {
		key(b, &g, "certIssuePermissions");
		group_perms(b, t->n_issue, t->issue);
	}
	if (t->has_request) {
		key(b, &g, "certRequestPermissions");
		group_perms(b, t->n_request, t->request);
	}
	if (t->can_request_rollover) {
		key(b, &g, "canRequestRollover");
		buf_adds(b, "null");
	}
	if (t->has_enc_key) {
		key(b, &g, "encryptionKey");
		public_enc_key(b, &t->enc_key);
	}
	key(b, &g, "verifyKeyIndicator");
	if (t->vki == DOT2_VKI_KEY) {
		buf_adds(b, "{\"verificationKey\":");
		verify_key(b, &t->key);
	} else {
		buf_adds(b, "{\"reconstructionValue\":");
		point(b, &t->reconstruction, 32);
	}
	buf_addc(b, '}');
	if (t->has_flags) {
		key(b, &g, "flags");
		hex(b, &t->flags, 1);
	}
	if (t->has_app_ext) {
		key(b, &g, "appExtensions");
		hex(b, t->app_ext.p, t->app_ext.len);
	}
	if (t->has_issue_ext) {
		key(b, &g, "certIssueExtensions");
		hex(b, t->issue_ext.p, t->issue_ext.len);
	}
	if (t->has_request_ext) {
		key(b, &g, "certRequestExtension");
		hex(b, t->request_ext.p, t->request_ext.len);
	}
	exts_unknown(b, &g, &t->ext);
	buf_addc(b, '}');
	if (ct->has_signature) {
		key(b, &f, "signature");
		signature(b, &ct->signature);
	}
	validity_utc(b, &f, &t->validity);
	if (ct->has_hashed_id8) {
		key(b, &f, "hashedId8");
		hex(b, ct->hashed_id8, 8);
	}
	buf_addc(b, '}');
}

void
dot2_cert_summary_json(struct buf *b, const struct dot2_cert *ct)
{
	const struct dot2_tbs_cert *t = &ct->tbs;
	size_t	 i;
	int	 f = 1;

	buf_addc(b, '{');
	key(b, &f, "type");
	buf_adds(b, ct->type == DOT2_CERT_EXPLICIT ? "\"explicit\"" :
	    "\"implicit\"");
	key(b, &f, "id");
	cert_id(b, &t->id);
	key(b, &f, "issuer");
	issuer(b, &ct->issuer);
	validity_utc(b, &f, &t->validity);
	key(b, &f, "duration");
	duration(b, &t->validity);
	if (t->has_app) {
		key(b, &f, "psids");
		buf_addc(b, '[');
		for (i = 0; i < t->n_app; i++) {
			if (i)
				buf_addc(b, ',');
			u64(b, t->app[i].psid);
		}
		buf_addc(b, ']');
	}
	if (t->has_issue) {
		key(b, &f, "certIssuePermissions");
		buf_addulong(b, (unsigned long)(t->n_issue));
	}
	if (t->has_region) {
		key(b, &f, "region");
		region(b, &t->region);
	}
	if (t->has_assurance) {
		key(b, &f, "assuranceLevel");
		hex(b, &t->assurance, 1);
	}
	key(b, &f, "keyType");
	if (t->vki == DOT2_VKI_KEY)
		qstr(b, dot2_key_str(t->key.alg));
	else
		buf_adds(b, "\"reconstructionValue\"");
	if (ct->has_signature) {
		key(b, &f, "signatureType");
		qstr(b, dot2_sig_str(ct->signature.type));
	}
	if (ct->has_hashed_id8) {
		key(b, &f, "hashedId8");
		hex(b, ct->hashed_id8, 8);
	}
	buf_addc(b, '}');
}

/* --- secured data ---------------------------------------------------------------- */

static void	content(struct buf *, int *, const struct dot2_data *, int);

static void
header(struct buf *b, int *f, const struct dot2_header *h)
{
	size_t	 i, j;

	key(b, f, "psid");
	u64(b, h->psid);
	if (h->has_generation_time) {
		key(b, f, "generationTime");
		buf_addc(b, '"');
		tai_format_us(b, h->generation_time);
		buf_addc(b, '"');
		key(b, f, "generationTimeTai");
		u64(b, h->generation_time);
	}
	if (h->has_expiry_time) {
		key(b, f, "expiryTime");
		buf_addc(b, '"');
		tai_format_us(b, h->expiry_time);
		buf_addc(b, '"');
		key(b, f, "expiryTimeTai");
		u64(b, h->expiry_time);
	}
	if (h->has_location) {
		key(b, f, "generationLocation");
		latlon(b, h->location.lat, h->location.lon);
		buf_adds(b, ",\"elevation\":");
		buf_addulong(b, h->location.elevation);
		buf_addc(b, '}');
	}
	if (h->has_p2pcd) {
		key(b, f, "p2pcdLearningRequest");
		hex(b, h->p2pcd_learning_request, 3);
	}
	if (h->has_missing_crl) {
		key(b, f, "missingCrlIdentifier");
		buf_adds(b, "{\"cracaId\":");
		hex(b, h->missing_crl.craca_id, 3);
		buf_adds(b, ",\"crlSeries\":");
		buf_addulong(b, h->missing_crl.crl_series);
		buf_addc(b, '}');
	}
	if (h->has_enc_key) {
		key(b, f, "encryptionKey");
		encryption_key(b, &h->enc_key);
	}
	if (h->has_inline_p2pcd) {
		key(b, f, "inlineP2pcdRequest");
		buf_addc(b, '[');
		for (i = 0; i < h->n_inline_p2pcd; i++) {
			if (i)
				buf_addc(b, ',');
			hex(b, h->inline_p2pcd + 3 * i, 3);
		}
		buf_addc(b, ']');
	}
	if (h->requested_cert != NULL) {
		key(b, f, "requestedCertificate");
		dot2_cert_summary_json(b, h->requested_cert);
	}
	if (h->has_pdu_type) {
		key(b, f, "pduFunctionalType");
		buf_addulong(b, (unsigned long)(h->pdu_type));
	}
	if (h->has_contrib) {
		key(b, f, "contributedExtensions");
		buf_addc(b, '[');
		for (i = 0; i < h->n_contrib; i++) {
			buf_addf(b, "%s{\"contributorId\":%u,\"extns\":[",
			    i ? "," : "", h->contrib[i].id);
			for (j = 0; j < h->contrib[i].n; j++) {
				if (j)
					buf_addc(b, ',');
				hex(b, h->contrib[i].extns[j].p,
				    h->contrib[i].extns[j].len);
			}
			buf_adds(b, "]}");
		}
		buf_addc(b, ']');
	}
	exts_unknown(b, f, &h->ext);
}

static void
signed_data(struct buf *b, int *f, const struct dot2_signed *sd, int depth)
{
	const struct dot2_payload *pl = &sd->payload;
	size_t	 i;
	int	 g = 1;

	key(b, f, "hashId");
	qstr(b, dot2_hash_str(sd->hash_id));
	if (!sd->incomplete)
		header(b, f, &sd->header);
	if (pl->data != NULL) {
		key(b, f, "payload");
		buf_addc(b, '{');
		content(b, &g, pl->data, depth + 1);
		buf_addc(b, '}');
	}
	if (pl->has_ext_hash) {
		static const char *const n[] = { "sha256HashedData",
		    "sha384HashedData", "sm3HashedData" };

		key(b, f, "extDataHash");
		okey(b, n[pl->ext_hash_alg]);
		hex(b, pl->ext_hash, pl->ext_hash_alg == DOT2_HASH_SHA384 ?
		    48 : 32);
		buf_addc(b, '}');
	}
	if (pl->omitted) {
		key(b, f, "omitted");
		buf_adds(b, "null");
	}
	if (sd->incomplete) {
		key(b, f, "incomplete");
		buf_adds(b, "true");
		return;
	}
	key(b, f, "signer");
	qstr(b, dot2_signer_str(sd->signer.kind));
	if (sd->signer.kind == DOT2_SIGNER_DIGEST) {
		key(b, f, "digest");
		hex(b, sd->signer.digest, 8);
	} else if (sd->signer.kind == DOT2_SIGNER_CERTIFICATE) {
		key(b, f, "certificate");
		dot2_cert_summary_json(b, &sd->signer.certs[0]);
		if (sd->signer.n_certs > 1) {
			key(b, f, "chain");
			buf_addc(b, '[');
			for (i = 1; i < sd->signer.n_certs; i++) {
				if (i > 1)
					buf_addc(b, ',');
				dot2_cert_summary_json(b, &sd->signer.certs[i]);
			}
			buf_addc(b, ']');
		}
	}
	key(b, f, "signatureType");
	qstr(b, dot2_sig_str(sd->signature.type));
	key(b, f, "signature");
	signature(b, &sd->signature);
}

static void
symm_ct(struct buf *b, const struct dot2_symm_ct *s)
{
	buf_addf(b, "{\"%s\":{\"nonce\":", s->alg == DOT2_SYMM_AES128CCM ?
	    "aes128ccm" : "sm4Ccm");
	hex(b, s->nonce, 12);
	buf_addf(b, ",\"length\":%zu}}", s->ct.len);
}

static void
encrypted(struct buf *b, int *f, const struct dot2_encrypted *en)
{
	static const char *const rk[] = { "pskRecipInfo", "symmRecipInfo",
	    "certRecipInfo", "signedDataRecipInfo", "rekRecipInfo" };
	static const char *const ek[] = { "eciesNistP256",
	    "eciesBrainpoolP256r1", "ecencSm2256" };
	const struct dot2_recipient *ri;
	size_t	 i;

	key(b, f, "recipients");
	buf_addc(b, '[');
	for (i = 0; i < en->n; i++) {
		ri = &en->recipients[i];
		buf_addf(b, "%s{\"%s\":", i ? "," : "", rk[ri->kind]);
		if (ri->kind == DOT2_RECIP_PSK) {
			hex(b, ri->id, 8);
			buf_addc(b, '}');
			continue;
		}
		buf_adds(b, "{\"recipientId\":");
		hex(b, ri->id, 8);
		buf_adds(b, ",\"encKey\":");
		if (ri->kind == DOT2_RECIP_SYMM)
			symm_ct(b, &ri->enc_key);
		else
			qstr(b, ek[ri->ek_alg]);
		buf_adds(b, "}}");
	}
	buf_addc(b, ']');
	key(b, f, "ciphertext");
	symm_ct(b, &en->ciphertext);
}

static void
content(struct buf *b, int *f, const struct dot2_data *d, int depth)
{
	int	 g = 1;

	key(b, f, "content");
	qstr(b, dot2_content_str(d->content));
	if (depth >= DOT2_MAX_DEPTH)
		return;
	switch (d->content) {
	case DOT2_UNSECURED:
		key(b, f, "length");
		buf_addulong(b, (unsigned long)(d->opaque.len));
		if (d->inner != NULL) {
			key(b, f, "inner");
			buf_addc(b, '{');
			content(b, &g, d->inner, depth + 1);
			buf_addc(b, '}');
		}
		break;
	case DOT2_SIGNED:
		signed_data(b, f, d->signed_data, depth);
		break;
	case DOT2_ENCRYPTED:
		encrypted(b, f, d->encrypted);
		break;
	default:
		key(b, f, "length");
		buf_addulong(b, (unsigned long)(d->opaque.len));
		break;
	}
}

void
dot2_json(struct buf *b, const struct dot2_data *d)
{
	int	 f = 1;

	buf_addc(b, '{');
	key(b, &f, "layer");
	buf_adds(b, "\"ieee1609dot2\"");
	key(b, &f, "protocolVersion");
	buf_addulong(b, (unsigned long)(DOT2_VERSION));
	content(b, &f, d, 0);
	if (d->lenient) {
		key(b, &f, "lenient");
		buf_adds(b, "true");
	}
	buf_addc(b, '}');
}
