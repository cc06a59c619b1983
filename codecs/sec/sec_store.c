/*
 * sec_store.c: the verifier's state for IEEE 1609.2 / ETSI TS 103 097: the
 * trust store (roots, pinned certificates and digests, deny-list), the
 * certificate cache by HashedId8 (1609.2 6.4.3: the low-order 8 octets of
 * the whole-certificate hash of the canonical encoding) with a clock
 * eviction of learned certificates, and the replay cache.
 * The trust store directory is read by sec_trustdir.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sec_int.h"
#include "tai.h"

#define MIN_CACHE	16

/* --- verdicts ------------------------------------------------------------ */

static const char *const verdicts[SEC_VERDICT_MAX] = {
	[SEC_VALID] = "VALID",
	[SEC_MALFORMED] = "MALFORMED",
	[SEC_UNSIGNED] = "UNSIGNED",
	[SEC_UNSUPPORTED] = "UNSUPPORTED",
	[SEC_SIG_BAD] = "SIG_BAD",
	[SEC_CERT_UNKNOWN] = "CERT_UNKNOWN",
	[SEC_ISSUER_UNTRUSTED] = "ISSUER_UNTRUSTED",
	[SEC_CHAIN] = "CHAIN",
	[SEC_REVOKED] = "REVOKED",
	[SEC_EXPIRED] = "EXPIRED",
	[SEC_NOT_YET_VALID] = "NOT_YET_VALID",
	[SEC_PSID_NOT_PERMITTED] = "PSID_NOT_PERMITTED",
	[SEC_REGION] = "REGION",
	[SEC_TIME_WINDOW] = "TIME_WINDOW",
	[SEC_REPLAY] = "REPLAY",
};

const char *
sec_verdict_str(enum sec_verdict v)
{
	return (unsigned)v < SEC_VERDICT_MAX ? verdicts[v] : "UNKNOWN";
}

enum sec_verdict
sec_verdict_from_str(const char *s)
{
	int	 i;

	for (i = 0; i < SEC_VERDICT_MAX; i++)
		if (strcmp(s, verdicts[i]) == 0)
			return (enum sec_verdict)i;
	return SEC_VERDICT_MAX;
}

enum reason
sec_verdict_reason(enum sec_verdict v)
{
	switch (v) {
	case SEC_VALID:
	case SEC_UNSIGNED:
		return REASON_OK;
	case SEC_MALFORMED:
		return REASON_BAD_VALUE;
	case SEC_UNSUPPORTED:
		return REASON_UNSUPPORTED;
	case SEC_SIG_BAD:
		return REASON_SIG_BAD;
	case SEC_CERT_UNKNOWN:
	case SEC_ISSUER_UNTRUSTED:
		return REASON_CERT_UNKNOWN;
	case SEC_EXPIRED:
	case SEC_NOT_YET_VALID:
	case SEC_TIME_WINDOW:
		return REASON_EXPIRED;
	case SEC_REPLAY:
		return REASON_REPLAY;
	default:
		return REASON_BAD_VALUE;
	}
}

const char *
sec_anchor_str(enum sec_anchor a)
{
	switch (a) {
	case SEC_ANCHOR_ROOT:
		return "root";
	case SEC_ANCHOR_PINNED:
		return "pinned";
	case SEC_ANCHOR_ISSUER:
		return "pinned-issuer";
	default:
		return "none";
	}
}

uint64_t
sec_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)tai_from_unix(ts.tv_sec) * 1000000 +
	    (uint64_t)ts.tv_nsec / 1000;
}

/* --- id sets ------------------------------------------------------------- */

static uint64_t
id64(const uint8_t id[8])
{
	uint64_t v;

	memcpy(&v, id, 8);
	return v;
}

static size_t
id_slot(uint64_t v, size_t cap)
{
	/* HashedIds are hash output: mixing is only against crafted ones */
	v ^= v >> 29;
	v *= 0xbf58476d1ce4e5b9ULL;
	v ^= v >> 32;
	return (size_t)v & (cap - 1);
}

int
sec_idset_has(const struct sec_idset *s, const uint8_t id[8])
{
	uint64_t v = id64(id);
	size_t	 i;

	if (v == 0)
		return s->has_zero;
	if (s->cap == 0)
		return 0;
	for (i = id_slot(v, s->cap); s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == v)
			return 1;
	return 0;
}

static void
idset_put(uint64_t *t, size_t cap, uint64_t v)
{
	size_t	 i;

	for (i = id_slot(v, cap); t[i] != 0 && t[i] != v; i = (i + 1) &
	    (cap - 1))
		;
	t[i] = v;
}

int
sec_idset_add(struct sec_idset *s, const uint8_t id[8])
{
	uint64_t v = id64(id), *t;
	size_t	 i, cap;

	if (v == 0) {
		s->has_zero = 1;
		return 0;
	}
	if (sec_idset_has(s, id))
		return 0;
	if ((s->n + 1) * 2 > s->cap) {
		cap = s->cap ? s->cap * 2 : 16;
		if ((t = calloc(cap, sizeof(*t))) == NULL)
			return -1;
		for (i = 0; i < s->cap; i++)
			if (s->v[i] != 0)
				idset_put(t, cap, s->v[i]);
		free(s->v);
		s->v = t;
		s->cap = cap;
	}
	idset_put(s->v, s->cap, v);
	s->n++;
	return 0;
}

void
sec_idset_free(struct sec_idset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* --- context ------------------------------------------------------------- */

void
sec_config_default(struct sec_config *c)
{
	memset(c, 0, sizeof(*c));
	c->past_us = 30000000;
	c->future_us = 5000000;
	c->cert_cache = 4096;
	c->replay_cache = 65536;
}

static size_t
pow2_at_least(size_t n)
{
	size_t	 p = 16;

	while (p < n)
		p *= 2;
	return p;
}

struct sec_ctx *
sec_new(const struct sec_config *cfg)
{
	struct sec_ctx	*c;
	size_t		 i;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if (cfg != NULL)
		c->cfg = *cfg;
	else
		sec_config_default(&c->cfg);
	if (c->cfg.cert_cache < MIN_CACHE)
		c->cfg.cert_cache = MIN_CACHE;
	if (c->cfg.replay_cache < MIN_CACHE)
		c->cfg.replay_cache = MIN_CACHE;
	c->free = -1;
	buf_init(&c->scratch);
	c->nbuckets = pow2_at_least(c->cfg.cert_cache * 2);
	c->nring = c->cfg.replay_cache;
	c->nrbuckets = pow2_at_least(c->nring * 2);
	if ((c->buckets = malloc(c->nbuckets * sizeof(int32_t))) == NULL ||
	    (c->ring = calloc(c->nring, sizeof(*c->ring))) == NULL ||
	    (c->rbuckets = malloc(c->nrbuckets * sizeof(int32_t))) == NULL) {
		sec_free(c);
		return NULL;
	}
	if (sec_md_init(&c->md) == -1) {
		sec_free(c);
		return NULL;
	}
	for (i = 0; i < c->nbuckets; i++)
		c->buckets[i] = -1;
	for (i = 0; i < c->nrbuckets; i++)
		c->rbuckets[i] = -1;
	return c;
}

static void
ent_clear(struct sec_ent *e)
{
	free(e->enc);
	dot2_cert_free(e->cert);
	ecc_pub_free(e->pub);
	e->enc = NULL;
	e->cert = NULL;
	e->pub = NULL;
	e->in_use = 0;
}

void
sec_free(struct sec_ctx *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nents; i++)
		if (c->ents[i].in_use)
			ent_clear(&c->ents[i]);
	free(c->ents);
	free(c->buckets);
	free(c->ring);
	free(c->rbuckets);
	sec_idset_free(&c->pins);
	sec_idset_free(&c->deny);
	sec_md_free(&c->md);
	buf_free(&c->scratch);
	free(c);
}

void
sec_set_window(struct sec_ctx *c, uint64_t past_us, uint64_t future_us)
{
	c->cfg.past_us = past_us;
	c->cfg.future_us = future_us;
}

void
sec_stats(const struct sec_ctx *c, struct sec_stats *st)
{
	*st = c->st;
	st->certs = c->ncerts;
}

int
sec_pin_digest(struct sec_ctx *c, const uint8_t id[8])
{
	int32_t	 s;

	if (sec_idset_add(&c->pins, id) == -1)
		return -1;
	if ((s = sec_ent_find(c, id)) >= 0)
		c->ents[s].flags |= ENT_PINNED;
	return 0;
}

int
sec_deny(struct sec_ctx *c, const uint8_t id[8])
{
	return sec_idset_add(&c->deny, id);
}

/* --- certificate cache --------------------------------------------------- */

int32_t
sec_ent_find(struct sec_ctx *c, const uint8_t id[8])
{
	int32_t	 i;

	for (i = c->buckets[id_slot(id64(id), c->nbuckets)]; i >= 0;
	    i = c->ents[i].next)
		if (memcmp(c->ents[i].id, id, 8) == 0) {
			c->ents[i].used = 1;
			return i;
		}
	return -1;
}

static void
bucket_unlink(struct sec_ctx *c, int32_t slot)
{
	int32_t	*pp;

	pp = &c->buckets[id_slot(id64(c->ents[slot].id), c->nbuckets)];
	while (*pp >= 0 && *pp != slot)
		pp = &c->ents[*pp].next;
	if (*pp == slot)
		*pp = c->ents[slot].next;
}

void
sec_ent_remove(struct sec_ctx *c, int32_t slot)
{
	struct sec_ent	*e = &c->ents[slot];

	if (!e->in_use)
		return;
	bucket_unlink(c, slot);
	if (!(e->flags & ENT_STORE))
		c->nlearned--;
	c->ncerts--;
	ent_clear(e);
	e->gen++;
	e->next = c->free;
	c->free = slot;
}

/* Make room for a learned certificate: a clock over the learned ones. */
static void
evict_one(struct sec_ctx *c)
{
	size_t	 n;

	for (n = 0; n < 2 * c->nents + 1; n++) {
		struct sec_ent *e;

		if (c->hand >= c->nents)
			c->hand = 0;
		e = &c->ents[c->hand];
		if (e->in_use && !(e->flags & ENT_STORE)) {
			if (!e->used) {
				sec_ent_remove(c, (int32_t)c->hand);
				c->st.evicted++;
				c->hand++;
				return;
			}
			e->used = 0;
		}
		c->hand++;
	}
}

static int32_t
slot_new(struct sec_ctx *c)
{
	struct sec_ent	*n;
	size_t		 cap;
	int32_t		 s;

	if (c->free >= 0) {
		s = c->free;
		c->free = c->ents[s].next;
		return s;
	}
	if (c->nents == c->capents) {
		cap = c->capents ? c->capents * 2 : 64;
		if (cap > INT32_MAX ||
		    (n = realloc(c->ents, cap * sizeof(*n))) == NULL)
			return -1;
		c->ents = n;
		c->capents = cap;
	}
	memset(&c->ents[c->nents], 0, sizeof(c->ents[0]));
	return (int32_t)c->nents++;
}

size_t
sec_cert_id(const uint8_t *p, size_t n, uint8_t id[8], uint8_t *hash)
{
	struct dot2_cert *ct;
	struct buf	 b;
	uint8_t		 h[48];
	size_t		 hl = 0;
	int		 canon, curve;

	if (dot2_cert_parse(&ct, p, n, NULL, NULL, 0) != REASON_OK)
		return 0;
	buf_init(&b);
	curve = ct->tbs.vki == DOT2_VKI_KEY ? sec_key_curve(ct->tbs.key.alg) :
	    ECC_NISTP256;
	if (curve >= 0 && (canon = sec_cert_canonical(ct, &b)) >= 0) {
		hl = canon ? sec_hash(sec_curve_hash(curve), ct->enc.p,
		    ct->enc.len, h) : sec_hash(sec_curve_hash(curve),
		    b.p, b.len, h);
		memcpy(id, h + hl - 8, 8);
		if (hash != NULL)
			memcpy(hash, h, hl);
	}
	buf_free(&b);
	dot2_cert_free(ct);
	return hl;
}

enum sec_verdict
sec_ent_add(struct sec_ctx *c, const uint8_t *p, size_t n, unsigned flags,
    int32_t *slot, int *added, char *err, size_t errlen)
{
	struct dot2_cert *ct;
	struct sec_ent	*e;
	uint8_t		 h[48], id[8], *enc;
	size_t		 hl, used;
	int		 canon, curve;
	int32_t		 s;
	enum reason	 r;

	*slot = -1;
	*added = 0;
	if ((r = dot2_cert_parse(&ct, p, n, &used, err, errlen)) != REASON_OK)
		return SEC_MALFORMED;
	if (used != n) {
		dot2_cert_free(ct);
		snprintf(err, errlen, "%zu octets after the certificate",
		    n - used);
		return SEC_MALFORMED;
	}
	if (ct->type != DOT2_CERT_EXPLICIT ||
	    (curve = sec_key_curve(ct->tbs.key.alg)) < 0 ||
	    ct->issuer.kind == DOT2_ISSUER_SM3_DIGEST ||
	    (ct->issuer.kind == DOT2_ISSUER_SELF &&
	    ct->issuer.self_hash == DOT2_HASH_SM3) ||
	    sec_sig_curve(ct->signature.type) < 0) {
		dot2_cert_free(ct);
		snprintf(err, errlen, "implicit certificate, SM2 or SM3");
		return SEC_UNSUPPORTED;
	}
	buf_reset(&c->scratch);
	if ((canon = sec_cert_canonical(ct, &c->scratch)) < 0) {
		dot2_cert_free(ct);
		snprintf(err, errlen, "certificate cannot be made canonical");
		return SEC_MALFORMED;
	}
	dot2_cert_free(ct);
	if (!canon) {
		p = (const uint8_t *)c->scratch.p;
		n = c->scratch.len;
	}
	hl = sec_md_hash(&c->md, sec_curve_hash(curve), p, n, h);
	memcpy(id, h + hl - 8, 8);
	if ((s = sec_ent_find(c, id)) >= 0) {
		e = &c->ents[s];
		if (e->len != n || memcmp(e->enc, p, n) != 0) {
			snprintf(err, errlen, "another certificate has the "
			    "same HashedId8");
			return SEC_CHAIN;
		}
		if ((flags & ENT_STORE) && !(e->flags & ENT_STORE))
			c->nlearned--;
		e->flags |= flags;
		*slot = s;
		return SEC_VALID;
	}
	if (!(flags & ENT_STORE) && c->nlearned >= c->cfg.cert_cache)
		evict_one(c);
	if ((enc = malloc(n)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return SEC_MALFORMED;
	}
	memcpy(enc, p, n);
	if ((s = slot_new(c)) < 0) {
		free(enc);
		snprintf(err, errlen, "out of memory");
		return SEC_MALFORMED;
	}
	e = &c->ents[s];
	if (dot2_cert_parse(&e->cert, enc, n, NULL, err, errlen) != REASON_OK) {
		free(enc);
		e->next = c->free;
		c->free = s;
		return SEC_MALFORMED;
	}
	e->enc = enc;
	e->len = n;
	memcpy(e->id, id, 8);
	memcpy(e->hash, h, hl);
	e->hlen = (uint8_t)hl;
	e->in_use = 1;
	e->used = 1;
	e->flags = flags;
	if (sec_idset_has(&c->pins, id))
		e->flags |= ENT_PINNED;
	e->parent = -1;
	e->depth = 0;
	e->start = (uint64_t)e->cert->tbs.validity.start * 1000000;
	e->end = dot2_validity_end(&e->cert->tbs.validity);
	e->next = c->buckets[id_slot(id64(id), c->nbuckets)];
	c->buckets[id_slot(id64(id), c->nbuckets)] = s;
	if (!(flags & ENT_STORE))
		c->nlearned++;
	c->ncerts++;
	*slot = s;
	*added = 1;
	return SEC_VALID;
}

struct ecc_pub *
sec_ent_pub(struct sec_ctx *c, struct sec_ent *e)
{
	int	 curve;

	(void)c;
	if (e->pub == NULL &&
	    (curve = sec_key_curve(e->cert->tbs.key.alg)) >= 0)
		e->pub = sec_point_pub((enum ecc_curve)curve,
		    &e->cert->tbs.key.point);
	return e->pub;
}

const struct dot2_cert *
sec_cert_find(struct sec_ctx *c, const uint8_t id[8])
{
	int32_t	 s = sec_ent_find(c, id);

	return s >= 0 ? c->ents[s].cert : NULL;
}

enum sec_verdict
sec_add_cert(struct sec_ctx *c, const uint8_t *p, size_t n, unsigned flags,
    uint8_t id[8], char *err, size_t errlen)
{
	struct sec_ent	*e;
	unsigned	 ef = ENT_STORE;
	int32_t		 s;
	int		 added;
	enum sec_verdict v;

	if (flags & SEC_TRUST_PIN)
		ef |= ENT_PINNED;
	if ((v = sec_ent_add(c, p, n, ef, &s, &added, err, errlen)) !=
	    SEC_VALID)
		return v;
	e = &c->ents[s];
	if (id != NULL)
		memcpy(id, e->id, 8);
	if (!(flags & SEC_TRUST_ROOT))
		return SEC_VALID;
	if (e->cert->issuer.kind != DOT2_ISSUER_SELF) {
		snprintf(err, errlen, "not self-signed: not a root");
		if (added)
			sec_ent_remove(c, s);
		return SEC_CHAIN;
	}
	if (sec_ent_pub(c, e) == NULL ||
	    sec_sig_check(&c->md, e->pub, e->cert->issuer.self_hash,
	    e->cert->tbs_enc.p,
	    e->cert->tbs_enc.len, NULL, &e->cert->signature, NULL) !=
	    REASON_OK) {
		snprintf(err, errlen, "self-signature does not verify");
		if (added)
			sec_ent_remove(c, s);
		return SEC_SIG_BAD;
	}
	e->flags |= ENT_ROOT;
	return SEC_VALID;
}

/* --- P2PCD -------------------------------------------------------------- */

void
sec_want(struct sec_ctx *c, const uint8_t id[8])
{
	size_t	 i;

	for (i = 0; i < c->nwant; i++)
		if (memcmp(c->want[i], id + 5, 3) == 0)
			return;
	if (c->nwant == sizeof(c->want) / sizeof(c->want[0])) {
		memmove(c->want[0], c->want[1], (c->nwant - 1) * 3);
		c->nwant--;
	}
	memcpy(c->want[c->nwant++], id + 5, 3);	/* HashedId3: low 3 */
}

size_t
sec_p2pcd_wanted(struct sec_ctx *c, uint8_t (*ids)[3], size_t max)
{
	size_t	 n = c->nwant < max ? c->nwant : max;

	memcpy(ids, c->want, n * 3);
	memmove(c->want[0], c->want[n], (c->nwant - n) * 3);
	c->nwant -= n;
	return n;
}

/* --- replay cache -------------------------------------------------------- */

int
sec_replay_check(struct sec_ctx *c, const uint8_t key[16])
{
	struct sec_replay *r;
	int32_t	*pp, i;
	size_t	 b = id_slot(id64(key) ^ id64(key + 8), c->nrbuckets);

	for (i = c->rbuckets[b]; i >= 0; i = c->ring[i].next)
		if (memcmp(c->ring[i].key, key, 16) == 0)
			return 1;
	/* Reuse the oldest slot. */
	r = &c->ring[c->ringpos];
	if (r->in_use) {
		pp = &c->rbuckets[id_slot(id64(r->key) ^ id64(r->key + 8),
		    c->nrbuckets)];
		while (*pp >= 0 && *pp != (int32_t)c->ringpos)
			pp = &c->ring[*pp].next;
		if (*pp >= 0)
			*pp = r->next;
	}
	memcpy(r->key, key, 16);
	r->in_use = 1;
	r->next = c->rbuckets[b];
	c->rbuckets[b] = (int32_t)c->ringpos;
	c->ringpos = (c->ringpos + 1) % c->nring;
	return 0;
}
