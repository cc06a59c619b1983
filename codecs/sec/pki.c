/*
 * pki.c: test PKI certificates (IEEE 1609.2-2016 6.4 explicit certificates
 * as ETSI TS 103 097 v1.3.1 clause 7.2 profiles them): root CA
 * (self-signed, certIssuePermissions), AA (certIssuePermissions for its
 * PSIDs), AT (appPermissions with SSPs, no name).  The signature is over
 * Hash(Hash(toBeSigned) || Hash(issuer certificate)), Hash("") for a root.
 */
#include <stdio.h>
#include <string.h>

#include "pki.h"
#include "sec_int.h"	/* curve, hash and signature helpers */

void
pki_opts_init(struct pki_opts *o, enum pki_kind kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->days = 365;
}

const char *
pki_kind_str(enum pki_kind k)
{
	return k == PKI_ROOT ? "root" : k == PKI_AA ? "aa" : "at";
}

void
pki_validity(uint32_t start, uint32_t days, struct dot2_validity *v)
{
	uint64_t hours = (uint64_t)days * 24;

	v->start = start;
	if (hours <= 65535) {
		v->unit = DOT2_DUR_HOURS;
		v->duration = (uint16_t)hours;
	} else {
		/* 1609.2 years are 31556952 s (365.2425 days) */
		uint64_t years = ((uint64_t)days * 10000 + 3652424) / 3652425;

		v->unit = DOT2_DUR_YEARS;
		v->duration = years > 65535 ? 65535 : (uint16_t)years;
	}
}

/* A certificate being issued and the storage its pointers lead to. */
struct issue {
	struct dot2_cert	 ct;
	struct dot2_psid_ssp	 app[PKI_MAX_PSID];
	struct dot2_psid_range	 ranges[PKI_MAX_PSID];
	struct dot2_group_perm	 grp;
	uint8_t			 x[48], y[48];		/* subject key */
	uint8_t			 ca_id[8], ca_hash[48];	/* issuer */
	uint8_t			 r[48], s[48];		/* signature */
};

static int
check_opts(const struct pki_opts *o, const uint8_t *ca_cert, char *err,
    size_t errlen)
{
	if (o->kind == PKI_AT && o->n_psid == 0) {
		snprintf(err, errlen, "an authorization ticket needs a psid");
		return -1;
	}
	if ((ca_cert == NULL) != (o->kind == PKI_ROOT)) {
		snprintf(err, errlen, "a root is self-signed, the others have "
		    "an issuer");
		return -1;
	}
	if (o->n_psid > PKI_MAX_PSID) {
		snprintf(err, errlen, "at most %d psids", PKI_MAX_PSID);
		return -1;
	}
	return 0;
}

/* appPermissions (an AT) or certIssuePermissions (a CA) of the PSIDs. */
static void
set_permissions(struct issue *is, const struct pki_opts *o)
{
	struct dot2_tbs_cert	*t = &is->ct.tbs;
	size_t			 i;

	for (i = 0; i < o->n_psid; i++) {
		is->app[i].psid = is->ranges[i].psid = o->psid[i].psid;
		if (o->psid[i].has_ssp) {
			is->app[i].has_ssp = 1;
			is->app[i].ssp_kind = o->psid[i].ssp_kind;
			is->app[i].ssp.p = o->psid[i].ssp;
			is->app[i].ssp.len = o->psid[i].ssp_len;
		}
	}
	if (o->kind == PKI_AT) {
		t->has_app = 1;
		t->n_app = o->n_psid;
		t->app = is->app;
		return;
	}
	is->grp.kind = o->n_psid ? DOT2_SUBJECT_EXPLICIT : DOT2_SUBJECT_ALL;
	is->grp.n = o->n_psid;
	is->grp.ranges = is->ranges;
	is->grp.min_chain_length = 1;
	/* a root issues ATs directly or through one AA */
	is->grp.chain_length_range = o->kind == PKI_ROOT ? 1 : 0;
	is->grp.ee_type = 0x80;
	t->has_issue = 1;
	t->n_issue = 1;
	t->issue = &is->grp;
}

/* The ToBeSignedCertificate but for the issuer: name, validity, region,
 * permissions and the subject's key (compressed).  -1: no public key. */
static int
set_tbs(struct issue *is, const struct pki_opts *o,
    const struct ecc_key *subject)
{
	static const uint8_t	 craca[3];
	struct dot2_tbs_cert	*t = &is->ct.tbs;
	enum ecc_curve		 sc = ecc_key_curve(subject);

	is->ct.type = DOT2_CERT_EXPLICIT;
	if (o->name != NULL) {
		t->id.kind = DOT2_CERTID_NAME;
		t->id.name.p = (const uint8_t *)o->name;
		t->id.name.len = strlen(o->name);
	} else
		t->id.kind = DOT2_CERTID_NONE;
	t->craca_id = craca;
	pki_validity(o->start ? o->start : (uint32_t)(sec_now() / 1000000),
	    o->days ? o->days : 365, &t->validity);
	if (o->has_region) {
		t->has_region = 1;
		t->region.kind = DOT2_REGION_CIRCULAR;
		t->region.center.lat = o->lat;
		t->region.center.lon = o->lon;
		t->region.radius = o->radius;
	}
	set_permissions(is, o);
	if (ecc_key_public(subject, is->x, is->y) == -1)
		return -1;
	t->vki = DOT2_VKI_KEY;
	t->key.alg = sec_curve_key(sc);
	t->key.point.form = (is->y[ecc_curve_len(sc) - 1] & 1) ?
	    DOT2_POINT_COMPRESSED_Y1 : DOT2_POINT_COMPRESSED_Y0;
	t->key.point.x = is->x;
	t->key.point.size = ecc_curve_len(sc);
	return 0;
}

/* With clamp, end the validity where the issuer's ends. */
static void
clamp_validity(struct dot2_validity *v, const struct dot2_cert *ca)
{
	uint64_t start = (uint64_t)v->start * 1000000;
	uint64_t ca_end = dot2_validity_end(&ca->tbs.validity), left;

	if (dot2_validity_end(v) <= ca_end || start >= ca_end)
		return;
	left = (ca_end - start) / 1000000;
	if (left / 3600 <= 65535) {
		v->unit = DOT2_DUR_HOURS;
		v->duration = (uint16_t)(left / 3600);
	} else {
		v->unit = DOT2_DUR_YEARS;
		v->duration = (uint16_t)(left / 31556952);
	}
}

/* Why the issuer ca cannot sign the certificate being issued, or NULL. */
static const char *
issuer_refuses(const struct dot2_cert *ca, const struct dot2_validity *v,
    size_t hl, enum dot2_hash h, enum ecc_curve cc)
{
	uint64_t start = (uint64_t)v->start * 1000000;

	if (hl != sec_hash_len(h) || sec_key_curve(ca->tbs.key.alg) != (int)cc)
		return "issuer key is not the issuer certificate's curve";
	if (start < (uint64_t)ca->tbs.validity.start * 1000000 ||
	    dot2_validity_end(v) > dot2_validity_end(&ca->tbs.validity) ||
	    v->duration == 0)
		return "validity not within the issuer's (check --start and "
		    "--days)";
	if (!ca->tbs.has_issue)
		return "the issuer is not a CA (no certIssuePermissions)";
	return NULL;
}

/* The issuer: self (a root) or the digest of ca_cert, once it is found
 * able to sign this certificate.  -1 with err set if not. */
static int
set_issuer(struct issue *is, const struct pki_opts *o, const uint8_t *ca_cert,
    size_t ca_len, enum ecc_curve cc, char *err, size_t errlen)
{
	struct dot2_cert	*ca = NULL;
	enum dot2_hash		 h = sec_curve_hash(cc);
	const char		*why;
	size_t			 hl;

	if (ca_cert == NULL) {
		is->ct.issuer.kind = DOT2_ISSUER_SELF;
		is->ct.issuer.self_hash = h;
		return 0;
	}
	if ((hl = sec_cert_id(ca_cert, ca_len, is->ca_id, is->ca_hash)) == 0 ||
	    dot2_cert_parse(&ca, ca_cert, ca_len, NULL, err, errlen) !=
	    REASON_OK) {
		snprintf(err, errlen, "issuer certificate does not parse");
		return -1;
	}
	if (o->clamp && hl == sec_hash_len(h) &&
	    sec_key_curve(ca->tbs.key.alg) == (int)cc)
		clamp_validity(&is->ct.tbs.validity, ca);
	why = issuer_refuses(ca, &is->ct.tbs.validity, hl, h, cc);
	dot2_cert_free(ca);
	if (why != NULL) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	is->ct.issuer.kind = h == DOT2_HASH_SHA384 ?
	    DOT2_ISSUER_SHA384_DIGEST : DOT2_ISSUER_SHA256_DIGEST;
	is->ct.issuer.digest = is->ca_id;
	return 0;
}

/* Sign Hash(Hash(tbs) || Hash(issuer certificate or "")) with ca_key and
 * append the certificate. */
static enum reason
sign_build(struct buf *out, struct issue *is, const struct ecc_key *ca_key,
    int self, char *err, size_t errlen)
{
	enum ecc_curve	 cc = ecc_key_curve(ca_key);
	enum dot2_hash	 h = sec_curve_hash(cc);
	struct buf	 tbs;
	uint8_t		 cat[96], digest[48];
	size_t		 hl;
	enum reason	 e;

	buf_init(&tbs);
	if ((e = dot2_cert_build_tbs(&tbs, &is->ct.tbs)) != REASON_OK) {
		buf_free(&tbs);
		snprintf(err, errlen, "ToBeSignedCertificate: %s",
		    reason_str(e));
		return e;
	}
	hl = sec_hash(h, tbs.p, tbs.len, cat);
	if (!self)
		memcpy(cat + hl, is->ca_hash, hl);
	else
		sec_hash(h, "", 0, cat + hl);
	sec_hash(h, cat, 2 * hl, digest);
	buf_free(&tbs);
	if (ecc_sign(ca_key, digest, is->r, is->s) == -1) {
		snprintf(err, errlen, "signing failed");
		return REASON_BAD_VALUE;
	}
	is->ct.has_signature = 1;
	is->ct.signature.type = sec_curve_sig(cc);
	is->ct.signature.r.form = DOT2_POINT_X_ONLY;
	is->ct.signature.r.x = is->r;
	is->ct.signature.r.size = ecc_curve_len(cc);
	is->ct.signature.s = is->s;
	if ((e = dot2_cert_build(out, &is->ct)) != REASON_OK)
		snprintf(err, errlen, "Certificate: %s", reason_str(e));
	return e;
}

enum reason
pki_issue(struct buf *out, const struct pki_opts *o,
    const struct ecc_key *subject, const struct ecc_key *ca_key,
    const uint8_t *ca_cert, size_t ca_len, char *err, size_t errlen)
{
	struct issue	 is;

	if (check_opts(o, ca_cert, err, errlen) == -1)
		return REASON_BAD_VALUE;
	memset(&is, 0, sizeof(is));
	if (set_tbs(&is, o, subject) == -1) {
		snprintf(err, errlen, "no public key");
		return REASON_BAD_VALUE;
	}
	if (set_issuer(&is, o, ca_cert, ca_len, ecc_key_curve(ca_key), err,
	    errlen) == -1)
		return REASON_BAD_VALUE;
	return sign_build(out, &is, ca_key, ca_cert == NULL, err, errlen);
}
