/*
 * audit.c: the audit of 'v2x verify --summary': over all the messages
 * verified (IEEE 1609.2 / ETSI TS 103 097), the counts per verdict and per
 * PSID, the signers (verdicts, PSIDs, certificate validity), the
 * certificates seen (validity when used and now) and the PSID mismatches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dot2.h"
#include "tai.h"
#include "cli.h"
#include "audit.h"

struct signer_stat {
	uint8_t		 id[8];
	unsigned long	 verdicts[SEC_VERDICT_MAX];
	unsigned long	 messages;
	unsigned long	 with_cert;	/* messages carrying the certificate */
	uint64_t	 psids[8];
	size_t		 npsids;
	int		 has_cert;
	uint64_t	 start, end;
	int		 has_issuer;
	uint8_t		 issuer[8];
	uint64_t	 first, last;	/* generation times */
};

struct cert_stat {
	uint8_t		 id[8];
	unsigned long	 seen;
	uint64_t	 start, end;
	int		 self;
	uint8_t		 issuer[8];
	uint64_t	 psids[8];
	size_t		 npsids;
	uint64_t	 last_use;	/* verification time of its last use */
};

struct mismatch {
	uint64_t	 a, b;		/* envelope and 1609.2 psid, or signer
					   and psid */
	uint8_t		 id[8];
	unsigned long	 count;
};

struct audit {
	unsigned long	 messages, not_v2x;
	unsigned long	 verdicts[SEC_VERDICT_MAX];
	struct signer_stat *signers;
	size_t		 nsigners, capsigners;
	struct cert_stat *certs;
	size_t		 ncerts, capcerts;
	struct mismatch	*permits;	/* PSID_NOT_PERMITTED per signer */
	size_t		 npermits, cappermits;
	struct mismatch	*envelope;	/* WSMP psid != 1609.2 psid */
	size_t		 nenvelope, capenvelope;
	struct {
		uint64_t	 psid;
		unsigned long	 messages, valid;
	}		*psids;
	size_t		 npsids, cappsids;
	uint64_t	 first, last;	/* generation times */
	int		 has_times;
};


static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	void	*q;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	if ((q = realloc(p, *cap * size)) == NULL) {
		fprintf(stderr, "v2x: out of memory\n");
		exit(EXIT_USAGE);
	}
	return q;
}

static struct signer_stat *
signer_get(struct audit *a, const uint8_t id[8])
{
	size_t	 i;

	for (i = 0; i < a->nsigners; i++)
		if (memcmp(a->signers[i].id, id, 8) == 0)
			return &a->signers[i];
	a->signers = grow(a->signers, &a->capsigners, a->nsigners,
	    sizeof(*a->signers));
	memset(&a->signers[a->nsigners], 0, sizeof(a->signers[0]));
	memcpy(a->signers[a->nsigners].id, id, 8);
	return &a->signers[a->nsigners++];
}

static void
add_psid(uint64_t *v, size_t *n, uint64_t psid)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if (v[i] == psid)
			return;
	if (*n < 8)
		v[(*n)++] = psid;
}

static void
cert_seen(struct audit *a, const struct dot2_cert *ct, uint64_t at)
{
	struct cert_stat *c;
	uint8_t	 id[8];
	size_t	 i;

	if (sec_cert_id(ct->enc.p, ct->enc.len, id, NULL) == 0)
		return;
	for (i = 0; i < a->ncerts; i++)
		if (memcmp(a->certs[i].id, id, 8) == 0) {
			a->certs[i].seen++;
			a->certs[i].last_use = at;
			return;
		}
	a->certs = grow(a->certs, &a->capcerts, a->ncerts, sizeof(*a->certs));
	c = &a->certs[a->ncerts++];
	memset(c, 0, sizeof(*c));
	memcpy(c->id, id, 8);
	c->seen = 1;
	c->last_use = at;
	c->start = (uint64_t)ct->tbs.validity.start * 1000000;
	c->end = dot2_validity_end(&ct->tbs.validity);
	c->self = ct->issuer.kind == DOT2_ISSUER_SELF;
	if (!c->self && ct->issuer.digest != NULL)
		memcpy(c->issuer, ct->issuer.digest, 8);
	for (i = 0; i < ct->tbs.n_app; i++)
		add_psid(c->psids, &c->npsids, ct->tbs.app[i].psid);
}

static void
mismatch_add(struct mismatch **v, size_t *n, size_t *cap, uint64_t a,
    uint64_t b, const uint8_t *id)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].a == a && (*v)[i].b == b && (id == NULL ||
		    memcmp((*v)[i].id, id, 8) == 0)) {
			(*v)[i].count++;
			return;
		}
	*v = grow(*v, cap, *n, sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].a = a;
	(*v)[*n].b = b;
	if (id != NULL)
		memcpy((*v)[*n].id, id, 8);
	(*v)[(*n)++].count = 1;
}

/* The PSID of the WSMP layer, when there is one (from the layers JSON). */
static int
wsmp_psid(const struct peel *pe, uint64_t *psid)
{
	json_t	*j, *l, *p;
	size_t	 i;
	int	 found = 0;

	if (pe->layers.len == 0)
		return 0;
	{
		struct buf b;

		buf_init(&b);
		buf_addc(&b, '[');
		buf_add(&b, pe->layers.p, pe->layers.len);
		buf_addc(&b, ']');
		j = json_loadb(b.p, b.len, 0, NULL);
		buf_free(&b);
	}
	if (j == NULL)
		return 0;
	json_array_foreach(j, i, l) {
		const char *name = json_string_value(json_object_get(l,
		    "layer"));

		if (name != NULL && strcmp(name, "wsmp") == 0 &&
		    json_is_integer(p = json_object_get(l, "psid"))) {
			*psid = (uint64_t)json_integer_value(p);
			found = 1;
			break;
		}
	}
	json_decref(j);
	return found;
}

void
audit_add(struct audit *a, const struct peel *pe, const struct sec_result *r,
    uint64_t at)
{
	const struct dot2_signed *sd;
	struct signer_stat *s;
	uint64_t wpsid;
	size_t	 i;

	a->messages++;
	a->verdicts[r->verdict]++;
	if (r->has_psid) {
		for (i = 0; i < a->npsids; i++)
			if (a->psids[i].psid == r->psid)
				break;
		if (i == a->npsids) {
			a->psids = grow(a->psids, &a->cappsids, a->npsids,
			    sizeof(*a->psids));
			memset(&a->psids[i], 0, sizeof(a->psids[0]));
			a->psids[i].psid = r->psid;
			a->npsids++;
		}
		a->psids[i].messages++;
		if (r->verdict == SEC_VALID)
			a->psids[i].valid++;
		if (wsmp_psid(pe, &wpsid) && wpsid != r->psid)
			mismatch_add(&a->envelope, &a->nenvelope,
			    &a->capenvelope, wpsid, r->psid, NULL);
	}
	if (r->has_generation_time) {
		if (!a->has_times || r->generation_time < a->first)
			a->first = r->generation_time;
		if (!a->has_times || r->generation_time > a->last)
			a->last = r->generation_time;
		a->has_times = 1;
	}
	if (pe->dot2 != NULL && (sd = dot2_first_signed(pe->dot2)) != NULL) {
		if (sd->signer.kind == DOT2_SIGNER_CERTIFICATE)
			for (i = 0; i < sd->signer.n_certs; i++)
				cert_seen(a, &sd->signer.certs[i], at);
		if (sd->header.requested_cert != NULL)
			cert_seen(a, sd->header.requested_cert, at);
	}
	if (!r->has_signer)
		return;
	s = signer_get(a, r->signer);
	s->messages++;
	s->verdicts[r->verdict]++;
	if (r->signer_kind == DOT2_SIGNER_CERTIFICATE)
		s->with_cert++;
	if (r->has_psid)
		add_psid(s->psids, &s->npsids, r->psid);
	if (r->has_cert) {
		s->has_cert = 1;
		s->start = r->cert_start;
		s->end = r->cert_end;
	}
	if (r->has_issuer) {
		s->has_issuer = 1;
		memcpy(s->issuer, r->issuer, 8);
	}
	if (r->has_generation_time) {
		if (s->first == 0 || r->generation_time < s->first)
			s->first = r->generation_time;
		if (r->generation_time > s->last)
			s->last = r->generation_time;
	}
	if (r->verdict == SEC_PSID_NOT_PERMITTED)
		mismatch_add(&a->permits, &a->npermits, &a->cappermits, 0,
		    r->psid, r->signer);
}

static void
add_hex8(struct buf *b, const uint8_t id[8])
{
	buf_addc(b, '"');
	buf_addhex(b, id, 8);
	buf_addc(b, '"');
}

static void
add_time(struct buf *b, const char *name, uint64_t us, int seconds)
{
	buf_addf(b, ",\"%s\":\"", name);
	if (seconds)
		tai_format(b, (int64_t)(us / 1000000));
	else
		tai_format_us(b, us);
	buf_addc(b, '"');
}

static void
add_verdicts(struct buf *b, const unsigned long *v)
{
	int	 i, first = 1;

	buf_addc(b, '{');
	for (i = 0; i < SEC_VERDICT_MAX; i++) {
		if (v[i] == 0)
			continue;
		buf_addf(b, "%s\"%s\":%lu", first ? "" : ",",
		    sec_verdict_str((enum sec_verdict)i), v[i]);
		first = 0;
	}
	buf_addc(b, '}');
}

static void
add_psids(struct buf *b, const uint64_t *v, size_t n)
{
	size_t	 i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%llu", i ? "," : "", (unsigned long long)v[i]);
	buf_addc(b, ']');
}

static void
print_signers(struct buf *b, const struct audit *a)
{
	size_t	 i;

	for (i = 0; i < a->nsigners; i++) {
		const struct signer_stat *s = &a->signers[i];

		buf_adds(b, i ? ",{\"id\":" : "{\"id\":");
		add_hex8(b, s->id);
		buf_addf(b, ",\"messages\":%lu,\"withCertificate\":%lu,"
		    "\"verdicts\":", s->messages, s->with_cert);
		add_verdicts(b, s->verdicts);
		buf_adds(b, ",\"psids\":");
		add_psids(b, s->psids, s->npsids);
		if (s->has_cert) {
			add_time(b, "validityStart", s->start, 1);
			add_time(b, "validityEnd", s->end, 1);
		}
		if (s->has_issuer) {
			buf_adds(b, ",\"issuer\":");
			add_hex8(b, s->issuer);
		}
		if (s->first != 0) {
			add_time(b, "firstGenerated", s->first, 0);
			add_time(b, "lastGenerated", s->last, 0);
		}
		buf_addc(b, '}');
	}
}

static void
print_certs(struct buf *b, const struct audit *a)
{
	uint64_t now = sec_now();
	size_t	 i;

	for (i = 0; i < a->ncerts; i++) {
		const struct cert_stat *c = &a->certs[i];

		buf_adds(b, i ? ",{\"id\":" : "{\"id\":");
		add_hex8(b, c->id);
		if (c->self)
			buf_adds(b, ",\"selfSigned\":true");
		else {
			buf_adds(b, ",\"issuer\":");
			add_hex8(b, c->issuer);
		}
		add_time(b, "validityStart", c->start, 1);
		add_time(b, "validityEnd", c->end, 1);
		buf_addf(b, ",\"seen\":%lu,\"expiredWhenUsed\":%s,"
		    "\"notYetValidWhenUsed\":%s,\"expiredNow\":%s,\"psids\":",
		    c->seen, c->last_use >= c->end ? "true" : "false",
		    c->last_use < c->start ? "true" : "false",
		    now >= c->end ? "true" : "false");
		add_psids(b, c->psids, c->npsids);
		buf_addc(b, '}');
	}
}

static void
print_mismatches(struct buf *b, const struct audit *a)
{
	size_t	 i;

	buf_adds(b, "],\"psidNotPermitted\":[");
	for (i = 0; i < a->npermits; i++) {
		buf_adds(b, i ? ",{\"signer\":" : "{\"signer\":");
		add_hex8(b, a->permits[i].id);
		buf_addf(b, ",\"psid\":%llu,\"messages\":%lu}",
		    (unsigned long long)a->permits[i].b, a->permits[i].count);
	}
	buf_adds(b, "],\"envelopePsidMismatches\":[");
	for (i = 0; i < a->nenvelope; i++)
		buf_addf(b, "%s{\"wsmp\":%llu,\"ieee1609dot2\":%llu,"
		    "\"messages\":%lu}", i ? "," : "",
		    (unsigned long long)a->envelope[i].a,
		    (unsigned long long)a->envelope[i].b, a->envelope[i].count);
}

void
audit_print(const struct audit *a, struct sec_ctx *sec, struct buf *b)
{
	struct sec_stats st;
	size_t		 i;

	buf_reset(b);
	buf_addf(b, "{\"summary\":{\"messages\":%lu,\"notV2x\":%lu,"
	    "\"verdicts\":", a->messages, a->not_v2x);
	add_verdicts(b, a->verdicts);
	if (a->has_times) {
		buf_adds(b, ",\"generationTimes\":{\"first\":\"");
		tai_format_us(b, a->first);
		buf_adds(b, "\",\"last\":\"");
		tai_format_us(b, a->last);
		buf_adds(b, "\"}");
	}
	buf_adds(b, ",\"psids\":[");
	for (i = 0; i < a->npsids; i++)
		buf_addf(b, "%s{\"psid\":%llu,\"messages\":%lu,\"valid\":%lu}",
		    i ? "," : "", (unsigned long long)a->psids[i].psid,
		    a->psids[i].messages, a->psids[i].valid);
	buf_adds(b, "],\"signers\":[");
	print_signers(b, a);
	buf_adds(b, "],\"certificates\":[");
	print_certs(b, a);
	print_mismatches(b, a);
	sec_stats(sec, &st);
	buf_addf(b, "],\"cache\":{\"certificates\":%zu,\"learned\":%lu,"
	    "\"chainsVerified\":%lu,\"hits\":%lu,\"evicted\":%lu}}}\n",
	    st.certs, st.learned, st.chains, st.cache_hits, st.evicted);
	fwrite(b->p, 1, b->len, stdout);
}

struct audit *
audit_new(void)
{
	struct audit	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL) {
		fprintf(stderr, "v2x: out of memory\n");
		exit(EXIT_USAGE);
	}
	return a;
}

void
audit_not_v2x(struct audit *a)
{
	a->not_v2x++;
}

void
audit_free(struct audit *a)
{
	if (a == NULL)
		return;
	free(a->signers);
	free(a->certs);
	free(a->permits);
	free(a->envelope);
	free(a->psids);
	free(a);
}
