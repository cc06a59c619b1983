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

enum reason
pki_issue(struct buf *out, const struct pki_opts *o,
    const struct ecc_key *subject, const struct ecc_key *ca_key,
    const uint8_t *ca_cert, size_t ca_len, char *err, size_t errlen)
{
	struct dot2_psid_ssp	 app[PKI_MAX_PSID];
	struct dot2_psid_range	 ranges[PKI_MAX_PSID];
	struct dot2_group_perm	 grp;
	struct dot2_cert	 ct, *ca = NULL;
	struct dot2_tbs_cert	*t = &ct.tbs;
	struct buf		 tbs;
	static const uint8_t	 craca[3];
	uint8_t			 x[48], y[48], ca_id[8], ca_hash[48];
	uint8_t			 cat[96], digest[48], r[48], s[48];
	enum ecc_curve		 sc = ecc_key_curve(subject);
	enum ecc_curve		 cc = ecc_key_curve(ca_key);
	enum dot2_hash		 h = sec_curve_hash(cc);
	size_t			 i, hl;
	uint64_t		 start, end;
	enum reason		 e;

	if (o->kind == PKI_AT && o->n_psid == 0) {
		snprintf(err, errlen, "an authorization ticket needs a psid");
		return REASON_BAD_VALUE;
	}
	if ((ca_cert == NULL) != (o->kind == PKI_ROOT)) {
		snprintf(err, errlen, "a root is self-signed, the others have "
		    "an issuer");
		return REASON_BAD_VALUE;
	}
	if (o->n_psid > PKI_MAX_PSID) {
		snprintf(err, errlen, "at most %d psids", PKI_MAX_PSID);
		return REASON_BAD_VALUE;
	}
	memset(&ct, 0, sizeof(ct));
	ct.type = DOT2_CERT_EXPLICIT;
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
	memset(app, 0, sizeof(app));
	memset(ranges, 0, sizeof(ranges));
	for (i = 0; i < o->n_psid; i++) {
		app[i].psid = ranges[i].psid = o->psid[i].psid;
		if (o->psid[i].has_ssp) {
			app[i].has_ssp = 1;
			app[i].ssp_kind = o->psid[i].ssp_kind;
			app[i].ssp.p = o->psid[i].ssp;
			app[i].ssp.len = o->psid[i].ssp_len;
		}
	}
	if (o->kind == PKI_AT) {
		t->has_app = 1;
		t->n_app = o->n_psid;
		t->app = app;
	} else {
		memset(&grp, 0, sizeof(grp));
		grp.kind = o->n_psid ? DOT2_SUBJECT_EXPLICIT : DOT2_SUBJECT_ALL;
		grp.n = o->n_psid;
		grp.ranges = ranges;
		grp.min_chain_length = 1;
		/* a root issues ATs directly or through one AA */
		grp.chain_length_range = o->kind == PKI_ROOT ? 1 : 0;
		grp.ee_type = 0x80;
		t->has_issue = 1;
		t->n_issue = 1;
		t->issue = &grp;
	}
	if (ecc_key_public(subject, x, y) == -1) {
		snprintf(err, errlen, "no public key");
		return REASON_BAD_VALUE;
	}
	t->vki = DOT2_VKI_KEY;
	t->key.alg = sec_curve_key(sc);
	t->key.point.form = (y[ecc_curve_len(sc) - 1] & 1) ?
	    DOT2_POINT_COMPRESSED_Y1 : DOT2_POINT_COMPRESSED_Y0;
	t->key.point.x = x;
	t->key.point.size = ecc_curve_len(sc);

	start = (uint64_t)t->validity.start * 1000000;
	end = dot2_validity_end(&t->validity);
	if (ca_cert == NULL) {
		ct.issuer.kind = DOT2_ISSUER_SELF;
		ct.issuer.self_hash = h;
	} else {
		if ((hl = sec_cert_id(ca_cert, ca_len, ca_id, ca_hash)) == 0 ||
		    dot2_cert_parse(&ca, ca_cert, ca_len, NULL, err, errlen) !=
		    REASON_OK) {
			snprintf(err, errlen, "issuer certificate does not "
			    "parse");
			return REASON_BAD_VALUE;
		}
		if (hl != sec_hash_len(h) ||
		    sec_key_curve(ca->tbs.key.alg) != (int)cc) {
			dot2_cert_free(ca);
			snprintf(err, errlen, "issuer key is not the issuer "
			    "certificate's curve");
			return REASON_BAD_VALUE;
		}
		if (o->clamp && end > dot2_validity_end(&ca->tbs.validity) &&
		    start < dot2_validity_end(&ca->tbs.validity)) {
			uint64_t left = (dot2_validity_end(&ca->tbs.validity) -
			    start) / 1000000;

			if (left / 3600 <= 65535) {
				t->validity.unit = DOT2_DUR_HOURS;
				t->validity.duration = (uint16_t)(left / 3600);
			} else {
				t->validity.unit = DOT2_DUR_YEARS;
				t->validity.duration = (uint16_t)(left /
				    31556952);
			}
			end = dot2_validity_end(&t->validity);
		}
		if (start < (uint64_t)ca->tbs.validity.start * 1000000 ||
		    end > dot2_validity_end(&ca->tbs.validity) ||
		    t->validity.duration == 0) {
			dot2_cert_free(ca);
			snprintf(err, errlen, "validity not within the "
			    "issuer's (check --start and --days)");
			return REASON_BAD_VALUE;
		}
		if (!ca->tbs.has_issue) {
			dot2_cert_free(ca);
			snprintf(err, errlen, "the issuer is not a CA (no "
			    "certIssuePermissions)");
			return REASON_BAD_VALUE;
		}
		dot2_cert_free(ca);
		ct.issuer.kind = h == DOT2_HASH_SHA384 ?
		    DOT2_ISSUER_SHA384_DIGEST : DOT2_ISSUER_SHA256_DIGEST;
		ct.issuer.digest = ca_id;
	}

	buf_init(&tbs);
	if ((e = dot2_cert_build_tbs(&tbs, t)) != REASON_OK) {
		buf_free(&tbs);
		snprintf(err, errlen, "ToBeSignedCertificate: %s",
		    reason_str(e));
		return e;
	}
	hl = sec_hash(h, tbs.p, tbs.len, cat);
	if (ca_cert != NULL)
		memcpy(cat + hl, ca_hash, hl);
	else
		sec_hash(h, "", 0, cat + hl);
	sec_hash(h, cat, 2 * hl, digest);
	buf_free(&tbs);
	if (ecc_sign(ca_key, digest, r, s) == -1) {
		snprintf(err, errlen, "signing failed");
		return REASON_BAD_VALUE;
	}
	ct.has_signature = 1;
	ct.signature.type = sec_curve_sig(cc);
	ct.signature.r.form = DOT2_POINT_X_ONLY;
	ct.signature.r.x = r;
	ct.signature.r.size = ecc_curve_len(cc);
	ct.signature.s = s;
	if ((e = dot2_cert_build(out, &ct)) != REASON_OK)
		snprintf(err, errlen, "Certificate: %s", reason_str(e));
	return e;
}
