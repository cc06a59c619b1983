/*
 * sec_verify.c: verification of IEEE 1609.2-2016 signed data (5.2, 5.3.1,
 * 6.3.4) and of certificate chains (5.1.2, 6.4), with the ETSI TS 103 097
 * v1.3.1 profile: the signer (a HashedId8 from the cache, or certificates
 * carried in the message, learned once their chain verifies), the chain up
 * to an anchor of the trust store, revocation, validity periods, issue
 * permissions, the PSID, the region, the generation time window and replay.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jer.h"
#include "sec_int.h"
#include "tai.h"

static enum sec_verdict
fail(struct sec_result *res, enum sec_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum sec_verdict
fail(struct sec_result *res, enum sec_verdict v, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
	return v;
}

/* --- chains -------------------------------------------------------------- */

/*
 * Verify the chain of the certificate in slot s up to an anchor: issuer
 * found, issuer's own chain, the signature, the link rules.  A verified
 * entry keeps its issuer's slot and generation, so that the next message
 * from it costs a walk up the parents; an evicted parent makes it verify
 * again.
 */
static enum sec_verdict
chain_check(struct sec_ctx *c, int32_t s, int level, struct sec_result *res)
{
	struct sec_ent	*e = &c->ents[s], *p;
	const struct dot2_issuer *is = &e->cert->issuer;
	struct ecc_pub	*pub;
	enum dot2_hash	 h;
	char		 hx[17], why[160];
	int32_t		 j;
	enum sec_verdict v;

	sec_idhex(e->id, hx);
	if (level >= SEC_MAX_CHAIN)
		return fail(res, SEC_CHAIN, "chain longer than %d certificates",
		    SEC_MAX_CHAIN);
	if (e->flags & ENT_VERIFIED) {
		if (e->parent < 0)
			return SEC_VALID;
		p = &c->ents[e->parent];
		if (p->in_use && p->gen == e->parent_gen) {
			if ((v = chain_check(c, e->parent, level + 1, res)) ==
			    SEC_VALID)
				return SEC_VALID;
			e->flags &= ~ENT_VERIFIED;
			return v;
		}
		e->flags &= ~(ENT_VERIFIED | ENT_ISSUER_PIN);
	}
	if ((v = sec_cert_sane(e->cert, why, sizeof(why))) != SEC_VALID)
		return fail(res, v, "certificate %s: %s", hx, why);
	if (e->flags & (ENT_ROOT | ENT_PINNED)) {
		e->flags |= ENT_VERIFIED;
		e->parent = -1;
		e->depth = 1;
		return SEC_VALID;
	}
	if (is->kind == DOT2_ISSUER_SELF)
		return fail(res, SEC_ISSUER_UNTRUSTED, "certificate %s is "
		    "self-signed and not a root of the trust store", hx);
	if (is->kind != DOT2_ISSUER_SHA256_DIGEST &&
	    is->kind != DOT2_ISSUER_SHA384_DIGEST)
		return fail(res, SEC_UNSUPPORTED, "certificate %s: issuer "
		    "identifier kind", hx);
	if ((j = sec_ent_find(c, is->digest)) < 0) {
		if (sec_idset_has(&c->pins, is->digest)) {
			e->flags |= ENT_VERIFIED | ENT_ISSUER_PIN;
			e->parent = -1;
			e->depth = 2;
			return SEC_VALID;
		}
		sec_idhex(is->digest, hx);
		sec_want(c, is->digest);
		return fail(res, SEC_ISSUER_UNTRUSTED, "issuer %s is not "
		    "known or trusted", hx);
	}
	if (j == s)
		return fail(res, SEC_CHAIN, "certificate %s names itself as "
		    "its issuer", hx);
	if ((v = chain_check(c, j, level + 1, res)) != SEC_VALID)
		return v;
	e = &c->ents[s];
	p = &c->ents[j];
	h = is->kind == DOT2_ISSUER_SHA384_DIGEST ? DOT2_HASH_SHA384 :
	    DOT2_HASH_SHA256;
	if (sec_hash_len(h) != p->hlen)
		return fail(res, SEC_CHAIN, "certificate %s: issuer digest "
		    "kind does not match the issuer's key", hx);
	if (p->depth + 1 > SEC_MAX_CHAIN)
		return fail(res, SEC_CHAIN, "chain longer than %d certificates",
		    SEC_MAX_CHAIN);
	if ((pub = sec_ent_pub(c, p)) == NULL)
		return fail(res, SEC_SIG_BAD, "issuer of %s: key not on its "
		    "curve", hx);
	if (sec_sig_check(&c->md, pub, h, e->cert->tbs_enc.p,
	    e->cert->tbs_enc.len,
	    p->hash, &e->cert->signature, NULL) != REASON_OK)
		return fail(res, SEC_SIG_BAD, "certificate %s: its issuer's "
		    "signature does not verify", hx);
	if ((v = sec_link_check(e->cert, p->cert, e->start, e->end, p->start,
	    p->end, why, sizeof(why))) != SEC_VALID)
		return fail(res, v, "certificate %s: %s", hx, why);
	e->flags |= ENT_VERIFIED;
	e->parent = j;
	e->parent_gen = p->gen;
	e->depth = p->depth + 1;
	c->st.chains++;
	return SEC_VALID;
}

/* Add a certificate met in a message and verify its chain; a new one
 * whose chain fails is dropped again. */
static enum sec_verdict
learn(struct sec_ctx *c, const struct dot2_cert *ct, int32_t *slot,
    int *added, struct sec_result *res)
{
	char		 why[160];
	enum sec_verdict v;

	*slot = -1;
	*added = 0;
	if (ct->enc.p == NULL)
		return fail(res, SEC_MALFORMED, "certificate without encoding");
	if ((v = sec_ent_add(c, ct->enc.p, ct->enc.len, 0, slot, added, why,
	    sizeof(why))) != SEC_VALID)
		return fail(res, v, "signer certificate: %s", why);
	if ((v = chain_check(c, *slot, 0, res)) != SEC_VALID) {
		if (*added)
			sec_ent_remove(c, *slot);
		*slot = -1;
		*added = 0;
		return v;
	}
	if (*added)
		c->st.learned++;
	return SEC_VALID;
}

/* The chain of a verified entry into res; REVOKED and validity at t
 * (EXPIRED, NOT_YET_VALID) checked on every certificate. */
static enum sec_verdict
walk(struct sec_ctx *c, int32_t s, struct sec_result *res)
{
	struct sec_ent	*e;
	char		 hx[17];
	size_t		 k = 0;

	res->anchor = SEC_ANCHOR_NONE;
	while (s >= 0 && k < SEC_MAX_CHAIN) {
		e = &c->ents[s];
		memcpy(res->chain[k++], e->id, 8);
		if (sec_idset_has(&c->deny, e->id)) {
			res->chain_len = k;
			sec_idhex(e->id, hx);
			return fail(res, SEC_REVOKED, "certificate %s is "
			    "revoked", hx);
		}
		if (e->parent >= 0) {
			s = e->parent;
			continue;
		}
		if (e->flags & ENT_ISSUER_PIN) {
			res->anchor = SEC_ANCHOR_ISSUER;
			if (k < SEC_MAX_CHAIN)
				memcpy(res->chain[k++],
				    e->cert->issuer.digest, 8);
			if (sec_idset_has(&c->deny, e->cert->issuer.digest)) {
				res->chain_len = k;
				sec_idhex(e->cert->issuer.digest, hx);
				return fail(res, SEC_REVOKED, "issuer %s is "
				    "revoked", hx);
			}
		} else
			res->anchor = (e->flags & ENT_ROOT) ? SEC_ANCHOR_ROOT :
			    SEC_ANCHOR_PINNED;
		break;
	}
	res->chain_len = k;
	return SEC_VALID;
}

/* Every certificate of the chain valid at t (what names the instant). */
static enum sec_verdict
valid_at(struct sec_ctx *c, int32_t s, uint64_t t, const char *what,
    struct sec_result *res)
{
	struct sec_ent	*e;
	struct buf	 b;
	char		 hx[17];
	int		 k;
	enum sec_verdict v = SEC_VALID;

	for (k = 0; s >= 0 && k < SEC_MAX_CHAIN; k++, s = e->parent) {
		e = &c->ents[s];
		if (t >= e->start && t < e->end)
			continue;
		sec_idhex(e->id, hx);
		buf_init(&b);
		if (t < e->start) {
			tai_format(&b, (int64_t)(e->start / 1000000));
			v = fail(res, SEC_NOT_YET_VALID, "certificate %s valid "
			    "from %s, %s", hx, buf_cstr(&b), what);
		} else {
			tai_format(&b, (int64_t)(e->end / 1000000));
			v = fail(res, SEC_EXPIRED, "certificate %s expired at "
			    "%s, %s", hx, buf_cstr(&b), what);
		}
		buf_free(&b);
		break;
	}
	return v;
}

static void
cert_info(struct sec_ctx *c, int32_t s, struct sec_result *res)
{
	struct sec_ent	*e = &c->ents[s];

	res->has_signer = 1;
	memcpy(res->signer, e->id, 8);
	res->has_cert = 1;
	res->cert_start = e->start;
	res->cert_end = e->end;
	if (e->cert->issuer.kind != DOT2_ISSUER_SELF &&
	    e->cert->issuer.digest != NULL) {
		res->has_issuer = 1;
		memcpy(res->issuer, e->cert->issuer.digest, 8);
	}
}

/* Signer in the message: its slot, after learning what it carries. */
static enum sec_verdict
signer_slot(struct sec_ctx *c, const struct dot2_signed *sd, int32_t *slot,
    struct sec_result *res)
{
	const struct dot2_signer *sg = &sd->signer;
	struct sec_result scratch;
	const struct dot2_cert *ct;
	char		 hx[17];
	int32_t		 s;
	size_t		 k;
	int		 added;
	enum sec_verdict v;

	res->has_signer = 1;
	res->signer_kind = sg->kind;
	switch (sg->kind) {
	case DOT2_SIGNER_DIGEST:
		memcpy(res->signer, sg->digest, 8);
		if ((*slot = sec_ent_find(c, sg->digest)) < 0) {
			sec_want(c, sg->digest);
			sec_idhex(sg->digest, hx);
			return fail(res, SEC_CERT_UNKNOWN, "signer %s is not "
			    "in the certificate cache", hx);
		}
		return SEC_VALID;
	case DOT2_SIGNER_CERTIFICATE:
		/* Issuers that come along first, top down. */
		for (k = sg->n_certs; k-- > 1;) {
			memset(&scratch, 0, sizeof(scratch));
			(void)learn(c, &sg->certs[k], &s, &added, &scratch);
		}
		ct = &sg->certs[0];
		if (sec_cert_id(ct->enc.p, ct->enc.len, res->signer, NULL) == 0)
			memset(res->signer, 0, 8);
		if ((v = learn(c, ct, slot, &added, res)) != SEC_VALID) {
			res->has_cert = 1;
			res->cert_start = (uint64_t)ct->tbs.validity.start *
			    1000000;
			res->cert_end = dot2_validity_end(&ct->tbs.validity);
			if (ct->issuer.kind != DOT2_ISSUER_SELF &&
			    ct->issuer.digest != NULL) {
				res->has_issuer = 1;
				memcpy(res->issuer, ct->issuer.digest, 8);
			}
			return v;
		}
		res->learned = added;
		return SEC_VALID;
	default:
		return fail(res, SEC_UNSUPPORTED, "signer 'self'");
	}
}

static enum sec_verdict
window(const struct sec_ctx *c, const struct dot2_header *h, uint64_t now,
    struct sec_result *res)
{
	if (!h->has_generation_time)
		return fail(res, SEC_TIME_WINDOW, "no generationTime");
	if (h->generation_time + c->cfg.past_us < now)
		return fail(res, SEC_TIME_WINDOW, "generated %.3f s before now "
		    "(window %.3f s)", (double)(now - h->generation_time) / 1e6,
		    (double)c->cfg.past_us / 1e6);
	if (h->generation_time > now + c->cfg.future_us)
		return fail(res, SEC_TIME_WINDOW, "generated %.3f s after now "
		    "(window %.3f s)", (double)(h->generation_time - now) / 1e6,
		    (double)c->cfg.future_us / 1e6);
	if (h->has_expiry_time && h->expiry_time <= h->generation_time)
		return fail(res, SEC_TIME_WINDOW, "expiryTime not after "
		    "generationTime");
	if (h->has_expiry_time && now >= h->expiry_time)
		return fail(res, SEC_TIME_WINDOW, "expired %.3f s ago "
		    "(expiryTime)", (double)(now - h->expiry_time) / 1e6);
	return SEC_VALID;
}

static enum sec_verdict
verify(struct sec_ctx *c, const struct dot2_data *d, uint64_t now,
    struct sec_result *res)
{
	const struct dot2_signed *sd;
	const struct dot2_header *h;
	struct sec_result scratch;
	struct sec_ent	*e;
	struct ecc_pub	*pub;
	uint8_t		 htbs[48], key[16];
	int32_t		 s, k;
	int		 added, was;
	enum sec_verdict v;

	if ((sd = dot2_first_signed(d)) == NULL) {
		if (d->content == DOT2_UNSECURED)
			return fail(res, SEC_UNSIGNED, "unsecuredData");
		return fail(res, SEC_UNSUPPORTED, "%s",
		    dot2_content_str(d->content));
	}
	h = &sd->header;
	if (sd->incomplete) {
		res->reason = REASON_TRUNCATED;
		return fail(res, SEC_MALFORMED, "signedData cut short");
	}
	res->has_psid = 1;
	res->psid = h->psid;
	res->has_generation_time = h->has_generation_time;
	res->generation_time = h->generation_time;
	res->has_expiry_time = h->has_expiry_time;
	res->expiry_time = h->expiry_time;
	if (sd->payload.data == NULL)
		return fail(res, SEC_UNSUPPORTED, "payload is an external data "
		    "hash");
	if (sd->hash_id != DOT2_HASH_SHA256 && sd->hash_id != DOT2_HASH_SHA384)
		return fail(res, SEC_UNSUPPORTED, "hash %s",
		    dot2_hash_str(sd->hash_id));
	if (sd->signature.type == DOT2_SIG_SM2)
		return fail(res, SEC_UNSUPPORTED, "SM2 signature");
	/* Inline P2PCD: a certificate someone asked for. */
	if (h->requested_cert != NULL) {
		memset(&scratch, 0, sizeof(scratch));
		(void)learn(c, h->requested_cert, &s, &added, &scratch);
	}
	if ((v = signer_slot(c, sd, &s, res)) != SEC_VALID)
		return v;
	was = (c->ents[s].flags & ENT_VERIFIED) != 0;
	cert_info(c, s, res);
	if ((v = chain_check(c, s, 0, res)) != SEC_VALID)
		return v;
	if (was)
		c->st.cache_hits++;
	if ((v = walk(c, s, res)) != SEC_VALID)
		return v;
	if ((v = valid_at(c, s, now, "now", res)) != SEC_VALID)
		return v;
	e = &c->ents[s];
	if ((pub = sec_ent_pub(c, e)) == NULL)
		return fail(res, SEC_SIG_BAD, "signer key not on its curve");
	if (sec_sig_check(&c->md, pub, sd->hash_id, sd->tbs_enc.p,
	    sd->tbs_enc.len,
	    e->hash, &sd->signature, htbs) != REASON_OK)
		return fail(res, SEC_SIG_BAD, "message signature does not "
		    "verify");
	if (h->has_generation_time && (v = valid_at(c, s, h->generation_time,
	    "at the generation time", res)) != SEC_VALID)
		return v;
	if (!sec_psid_permitted(e->cert, h->psid))
		return fail(res, SEC_PSID_NOT_PERMITTED, "psid %llu not in the "
		    "signer's appPermissions", (unsigned long long)h->psid);
	if (h->has_location)
		for (k = s; k >= 0; k = c->ents[k].parent)
			if (c->ents[k].cert->tbs.has_region &&
			    !sec_region_has(&c->ents[k].cert->tbs.region,
			    h->location.lat, h->location.lon)) {
				char hx[17];

				sec_idhex(c->ents[k].id, hx);
				return fail(res, SEC_REGION, "generation "
				    "location outside the region of %s", hx);
			}
	if ((v = window(c, h, now, res)) != SEC_VALID)
		return v;
	if (!c->cfg.no_replay) {
		memcpy(key, htbs, 8);
		memcpy(key + 8, sd->signature.r.x, 8);
		if (sec_replay_check(c, key))
			return fail(res, SEC_REPLAY, "seen before");
	}
	return SEC_VALID;
}

enum sec_verdict
sec_verify(struct sec_ctx *c, const struct dot2_data *d, uint64_t now,
    struct sec_result *res)
{
	struct sec_result local;
	enum sec_verdict v;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	v = verify(c, d, now, res);
	res->verdict = v;
	if (v != SEC_MALFORMED || res->reason == REASON_OK)
		res->reason = sec_verdict_reason(v);
	c->st.verified[v]++;
	return v;
}

enum sec_verdict
sec_verify_bytes(struct sec_ctx *c, const uint8_t *p, size_t n, uint64_t now,
    struct sec_result *res)
{
	struct sec_result local;
	struct dot2_data *d;
	enum reason	 r;
	enum sec_verdict v;

	if (res == NULL)
		res = &local;
	if ((r = dot2_parse(&d, p, n, 0, NULL, res->detail,
	    sizeof(res->detail))) != REASON_OK) {
		char detail[sizeof(res->detail)];

		memcpy(detail, res->detail, sizeof(detail));
		memset(res, 0, sizeof(*res));
		memcpy(res->detail, detail, sizeof(detail));
		res->verdict = SEC_MALFORMED;
		res->reason = r;
		c->st.verified[SEC_MALFORMED]++;
		return SEC_MALFORMED;
	}
	v = sec_verify(c, d, now, res);
	dot2_free(d);
	return v;
}

enum sec_verdict
sec_verify_cert(struct sec_ctx *c, const uint8_t *p, size_t n, uint64_t now,
    struct sec_result *res)
{
	struct sec_result local;
	char		 why[160];
	int32_t		 s;
	int		 added;
	enum sec_verdict v;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	res->signer_kind = DOT2_SIGNER_CERTIFICATE;
	if ((v = sec_ent_add(c, p, n, 0, &s, &added, why, sizeof(why))) !=
	    SEC_VALID) {
		fail(res, v, "%s", why);
		goto out;
	}
	cert_info(c, s, res);
	if ((v = chain_check(c, s, 0, res)) != SEC_VALID) {
		if (added)
			sec_ent_remove(c, s);
		goto out;
	}
	res->learned = added;
	if ((v = walk(c, s, res)) == SEC_VALID)
		v = valid_at(c, s, now, "now", res);
 out:
	res->verdict = v;
	res->reason = sec_verdict_reason(v);
	return v;
}

/* --- JSON ---------------------------------------------------------------- */

/* A Uint64 as a JSON number, or a string beyond what JSON readers take as
 * an integer (2^63 - 1). */
static void
add_u64(struct buf *b, const char *name, uint64_t v)
{
	buf_addf(b, v > INT64_MAX ? ",\"%s\":\"%llu\"" : ",\"%s\":%llu", name,
	    (unsigned long long)v);
}

static void
add_id(struct buf *b, const uint8_t id[8])
{
	char	 hx[17];

	sec_idhex(id, hx);
	buf_addc(b, '"');
	buf_adds(b, hx);
	buf_addc(b, '"');
}

void
sec_result_json(struct buf *b, const struct sec_result *r)
{
	size_t	 i;

	buf_adds(b, "\"verdict\":\"");
	buf_adds(b, sec_verdict_str(r->verdict));
	buf_addc(b, '"');
	if (r->verdict != SEC_VALID) {
		buf_adds(b, ",\"reason\":\"");
		buf_adds(b, reason_str(r->reason));
		buf_addc(b, '"');
	}
	if (r->detail[0] != '\0') {
		buf_adds(b, ",\"detail\":");
		jer_string(b, r->detail, strlen(r->detail));
	}
	if (r->has_psid)
		add_u64(b, "psid", r->psid);
	if (r->has_generation_time) {
		buf_adds(b, ",\"generationTime\":\"");
		tai_format_us(b, r->generation_time);
		buf_addc(b, '"');
		add_u64(b, "generationTimeTai", r->generation_time);
	}
	if (r->has_expiry_time) {
		buf_adds(b, ",\"expiryTime\":\"");
		tai_format_us(b, r->expiry_time);
		buf_addc(b, '"');
	}
	if (!r->has_signer)
		return;
	buf_adds(b, ",\"signer\":{\"type\":\"");
	buf_adds(b, dot2_signer_str(r->signer_kind));
	buf_adds(b, "\",\"id\":");
	add_id(b, r->signer);
	if (r->has_cert) {
		buf_adds(b, ",\"validityStart\":\"");
		tai_format(b, (int64_t)(r->cert_start / 1000000));
		buf_adds(b, "\",\"validityEnd\":\"");
		tai_format(b, (int64_t)(r->cert_end / 1000000));
		buf_addc(b, '"');
	}
	if (r->has_issuer) {
		buf_adds(b, ",\"issuer\":");
		add_id(b, r->issuer);
	}
	if (r->anchor != SEC_ANCHOR_NONE) {
		buf_adds(b, ",\"anchor\":\"");
		buf_adds(b, sec_anchor_str(r->anchor));
		buf_addc(b, '"');
	}
	if (r->chain_len > 0) {
		buf_adds(b, ",\"chain\":[");
		for (i = 0; i < r->chain_len; i++) {
			if (i > 0)
				buf_addc(b, ',');
			add_id(b, r->chain[i]);
		}
		buf_addc(b, ']');
	}
	if (r->learned)
		buf_adds(b, ",\"learned\":true");
	buf_addc(b, '}');
}
