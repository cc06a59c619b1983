/*
 * verify.c: 'v2x verify': IEEE 1609.2 / ETSI TS 103 097 verification of
 * every message of hex lines, raw files or captures (pcap, pcapng) against
 * a trust store, one JSON verdict per message, and with --summary the
 * audit of the whole input (signers, certificates, PSIDs, verdicts).
 */
#define _GNU_SOURCE		/* fmemopen */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "dot2.h"
#include "jer.h"
#include "msg.h"
#include "peel.h"
#include "sec.h"
#include "tai.h"
#include "cli.h"

enum vin { VIN_AUTO, VIN_HEX, VIN_PCAP, VIN_RAW };

/* --- the audit ----------------------------------------------------------- */

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

struct ver {
	struct sec_ctx	*sec;
	enum vin	 in;
	int		 at_now;	/* --at now */
	int		 has_at;	/* --at TIME */
	uint64_t	 at;
	int		 summary;
	const char	*file;		/* named when > 1 */
	struct buf	 out;
	struct peel	 pe;
	struct audit	 au;
	unsigned long	 ok, bad;
	int		 io_error;
};

static void
verify_usage(FILE *f)
{
	fprintf(f,
"usage: v2x verify [--trust DIR] [--pin ID]... [--at TIME] [--window S[,F]]\n"
"                  [-i auto|hex|pcap|raw] [--summary] [--cache N]\n"
"                  [--no-replay] [FILE...]\n"
"\n"
"Verify IEEE 1609.2 / ETSI TS 103 097 signed messages and print one JSON\n"
"verdict per message (stdin when no FILE is given):\n"
"  {\"frame\":1,\"verdict\":\"VALID\",\"psid\":36,\n"
"   \"generationTime\":\"2019-11-21T13:27:55.646830Z\",\n"
"   \"generationTimeTai\":N,\"signer\":{\"type\":\"certificate\",\n"
"   \"id\":\"127cff384ce0b890\",\"validityStart\":..,\"validityEnd\":..,\n"
"   \"issuer\":\"56dfd6d627a362dc\",\"anchor\":\"pinned\",\"chain\":[..]},\n"
"   \"type\":\"CAM\"}\n"
"Whatever carries the message is peeled first: 802.11, Ethernet, SLL,\n"
"IP/UDP, RSU forward wrappers, WSMP, GeoNetworking (a secured GN packet is\n"
"verified as TS 103 097 specifies: the signed payload is the common header\n"
"onwards).  The signature is over Hash(Hash(ToBeSignedData) || Hash(signer\n"
"certificate)); the signer's chain must end at an anchor of the trust\n"
"store; every certificate must be valid now and at the generation time,\n"
"not revoked, its permissions and region within its issuer's; the PSID\n"
"must be in the signer's appPermissions, the generation location inside\n"
"its region, the generation time inside the window; a message seen\n"
"before is a replay.  Certificates carried by messages are cached by\n"
"HashedId8 once their chain verifies, so that later messages signed with\n"
"the digest verify too.\n"
"\n"
"Verdicts (the first failing check, in this order): MALFORMED (with\n"
"\"reason\": TRUNCATED, BAD_LENGTH, ...), UNSIGNED, UNSUPPORTED,\n"
"CERT_UNKNOWN (a digest signer never seen with its certificate),\n"
"ISSUER_UNTRUSTED, CHAIN, SIG_BAD (a certificate's), REVOKED, EXPIRED,\n"
"NOT_YET_VALID, SIG_BAD (the message's), EXPIRED or NOT_YET_VALID at the\n"
"generation time, PSID_NOT_PERMITTED, REGION, TIME_WINDOW, REPLAY; VALID.\n"
"\"detail\" says which certificate and why.\n"
"\n"
"Options:\n"
"      --trust DIR      the trust store:\n"
"                         DIR/NAME.cert   COER certificates: self-signed\n"
"                                         ones are roots (self-signature\n"
"                                         checked), the others CA\n"
"                                         certificates (AA) that must chain\n"
"                                         to a root\n"
"                         DIR/pinned/NAME.cert  trusted as they are (an AA\n"
"                                         or AT whose issuer you lack)\n"
"                         DIR/anchors.txt HashedId8s (hex, one a line, #\n"
"                                         comments): a certificate with that\n"
"                                         digest, or issued by it, is an\n"
"                                         anchor\n"
"                         DIR/deny.txt    HashedId8s of revoked certificates\n"
"      --pin ID         trust HashedId8 ID (16 hex digits) as anchors.txt\n"
"                       does; repeatable.\n"
"      --at TIME        verify as of TIME: RFC 3339 (2019-11-21T13:27:55Z,\n"
"                       UTC; converted to TAI with leap seconds) or 'now'.\n"
"                       Default: each frame's capture time for captures,\n"
"                       now otherwise.\n"
"      --window S[,F]   accept a generation time at most S seconds before\n"
"                       the verification time and F seconds after it\n"
"                       (default 30,5; S alone leaves F at 5).  Fractions\n"
"                       allowed.  An expiryTime in the past is a\n"
"                       TIME_WINDOW too.\n"
"  -i, --input FORMAT   hex: one message per line (as 'v2x sign' prints\n"
"                       them: Ieee1609Dot2Data, WSMP or GeoNetworking);\n"
"                       pcap: a pcap or pcapng capture (any link type\n"
"                       libpcap reports that peel knows); raw: the file is\n"
"                       one message; auto (default): by content.\n"
"      --summary        print only the audit of all the input, one JSON\n"
"                       object: counts per verdict, per PSID, signers (their\n"
"                       verdicts, PSIDs, certificate validity), certificates\n"
"                       seen (validity, expired when used, expired now),\n"
"                       PSID mismatches (a PSID outside the signer's\n"
"                       permissions; a WSMP PSID other than the 1609.2 one).\n"
"      --cache N        certificates learned from messages kept (default\n"
"                       4096; the store's are always kept).\n"
"      --no-replay      do not reject messages seen before.\n"
"  -h, --help           this text.\n"
"\n"
"Frames that carry no V2X message are counted (\"notV2x\" in the summary)\n"
"and skipped.  Exit status: 0 every message VALID, 1 some were not, 2\n"
"usage or I/O error.\n"
"\n"
"Examples:\n"
"  v2x verify --trust pki/ signed.hex\n"
"  v2x verify --trust pki/ --summary capture.pcapng\n"
"  v2x verify --pin 127cff384ce0b890 --at 2019-11-21T13:27:56Z cam.dat\n");
}

/* --- small maps ---------------------------------------------------------- */

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

static void
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
audit_print(struct ver *v)
{
	struct audit	*a = &v->au;
	struct sec_stats st;
	struct buf	*b = &v->out;
	uint64_t	 now = sec_now();
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
	for (i = 0; i < a->nsigners; i++) {
		struct signer_stat *s = &a->signers[i];

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
	buf_adds(b, "],\"certificates\":[");
	for (i = 0; i < a->ncerts; i++) {
		struct cert_stat *c = &a->certs[i];

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
	sec_stats(v->sec, &st);
	buf_addf(b, "],\"cache\":{\"certificates\":%zu,\"learned\":%lu,"
	    "\"chainsVerified\":%lu,\"hits\":%lu,\"evicted\":%lu}}}\n",
	    st.certs, st.learned, st.chains, st.cache_hits, st.evicted);
	fwrite(b->p, 1, b->len, stdout);
}

/* --- one message --------------------------------------------------------- */

static void
one(struct ver *v, enum reason pr, const char *where, size_t pos, uint64_t at)
{
	struct peel	*pe = &v->pe;
	struct sec_result res;
	const char	*type = NULL;

	if (pe->dot2 == NULL && pr == REASON_NOT_V2X) {
		v->au.not_v2x++;
		return;
	}
	memset(&res, 0, sizeof(res));
	if (pe->dot2 != NULL)
		sec_verify(v->sec, pe->dot2, at, &res);
	else if (pr != REASON_OK && pe->stage <= PEEL_SECURITY) {
		res.verdict = SEC_MALFORMED;
		res.reason = pr;
		snprintf(res.detail, sizeof(res.detail), "%.190s", pe->detail);
	} else {
		res.verdict = SEC_UNSIGNED;
		res.reason = REASON_OK;
		snprintf(res.detail, sizeof(res.detail), "no IEEE 1609.2 "
		    "layer");
		if (pe->has_psid) {
			res.has_psid = 1;
			res.psid = pe->psid;
		}
	}
	if (res.verdict == SEC_VALID)
		v->ok++;
	else
		v->bad++;
	if (v->summary) {
		audit_add(&v->au, pe, &res, at);
		return;
	}
	if (pe->msg.type != NULL)
		type = msg_type_name(pe->msg.type);
	else if (pe->known_type != NULL)
		type = pe->known_type;
	buf_reset(&v->out);
	buf_addc(&v->out, '{');
	if (v->file != NULL) {
		buf_adds(&v->out, "\"file\":");
		jer_string(&v->out, v->file, strlen(v->file));
		buf_addc(&v->out, ',');
	}
	if (where != NULL)
		buf_addf(&v->out, "\"%s\":%zu,", where, pos);
	sec_result_json(&v->out, &res);
	if (type != NULL) {
		buf_adds(&v->out, ",\"type\":");
		jer_string(&v->out, type, strlen(type));
	}
	if (pe->dot2 != NULL && pr != REASON_OK) {
		buf_adds(&v->out, ",\"messageError\":\"");
		buf_adds(&v->out, reason_str(pr));
		buf_addc(&v->out, '"');
	}
	buf_adds(&v->out, "}\n");
	fwrite(v->out.p, 1, v->out.len, stdout);
}

static uint64_t
at_time(struct ver *v)
{
	return v->has_at ? v->at : sec_now();
}

static void
run_hex(struct ver *v, const char *text, size_t len)
{
	const char	*line = text, *end = text + len, *nl;
	uint8_t		*bin;
	size_t		 lineno = 0, n;
	long		 got;
	enum reason	 r;

	if ((bin = malloc(len / 2 + 1)) == NULL) {
		log_warnx("out of memory");
		v->io_error = 1;
		return;
	}
	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - line);
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		while (n > 0 && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		if (n == 0 || *line == '#')
			continue;
		if ((got = hex_decode(line, n, bin, len / 2 + 1)) < 0) {
			print_error("BAD_HEX", "line is not hexadecimal",
			    v->file, "line", lineno);
			v->bad++;
			continue;
		}
		r = peel_bytes(&v->pe, bin, (size_t)got, 0);
		one(v, r, "line", lineno, at_time(v));
	}
	free(bin);
}

static void
run_pcap(struct ver *v, const struct buf *in, const char *name)
{
	struct pcap_pkthdr *h;
	const u_char	*data;
	char		 errbuf[PCAP_ERRBUF_SIZE];
	pcap_t		*pc;
	FILE		*f;
	size_t		 frame = 0;
	uint64_t	 at;
	int		 dlt, rc;
	enum reason	 r;

	if ((f = fmemopen(in->p, in->len, "rb")) == NULL ||
	    (pc = pcap_fopen_offline_with_tstamp_precision(f,
	    PCAP_TSTAMP_PRECISION_MICRO, errbuf)) == NULL) {
		log_warnx("%s: %s", name, f == NULL ? "cannot read" : errbuf);
		if (f != NULL)
			fclose(f);
		v->io_error = 1;
		return;
	}
	dlt = pcap_datalink(pc);
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		frame++;
		r = peel_frame(&v->pe, dlt, data, h->caplen, 0);
		if (v->has_at)
			at = v->at;
		else if (v->at_now)
			at = sec_now();
		else
			at = (uint64_t)tai_from_unix(h->ts.tv_sec) * 1000000 +
			    (uint64_t)h->ts.tv_usec;
		one(v, r, "frame", frame, at);
	}
	if (rc == -1) {
		log_warnx("%s: frame %zu: %s", name, frame + 1, pcap_geterr(pc));
		v->io_error = 1;
	}
	pcap_close(pc);		/* closes f */
}



/* "now" or RFC 3339 into TAI microseconds. */
static int
parse_time(const char *s, uint64_t *us, int *now)
{
	*now = 0;
	if (strcmp(s, "now") == 0) {
		*now = 1;
		*us = sec_now();
		return 0;
	}
	return tai_parse(s, strlen(s), us);
}

static int
parse_window(const char *s, uint64_t *past, uint64_t *future)
{
	char	*end;
	double	 p, f;

	p = strtod(s, &end);
	if (end == s || p < 0 || p > 1e9)
		return -1;
	if (*end == ',') {
		s = end + 1;
		f = strtod(s, &end);
		if (end == s || f < 0 || f > 1e9)
			return -1;
		*future = (uint64_t)(f * 1e6);
	}
	if (*end != '\0')
		return -1;
	*past = (uint64_t)(p * 1e6);
	return 0;
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 'T' },
		{ "pin", required_argument, NULL, 'P' },
		{ "at", required_argument, NULL, 'A' },
		{ "window", required_argument, NULL, 'W' },
		{ "input", required_argument, NULL, 'i' },
		{ "summary", no_argument, NULL, 'S' },
		{ "cache", required_argument, NULL, 'C' },
		{ "no-replay", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sec_config cfg;
	struct ver	 v;
	struct buf	 in;
	const char	*trust = NULL, *pins[64];
	char		 err[512], *end;
	uint8_t		 id[8];
	size_t		 npins = 0, k;
	enum vin	 mode;
	int		 ch, i, now;
	long		 n;

	memset(&v, 0, sizeof(v));
	sec_config_default(&cfg);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			trust = optarg;
			break;
		case 'P':
			if (npins == sizeof(pins) / sizeof(pins[0])) {
				log_warnx("verify: too many --pin");
				return EXIT_USAGE;
			}
			pins[npins++] = optarg;
			break;
		case 'A':
			if (parse_time(optarg, &v.at, &now) == -1) {
				log_warnx("verify: --at %s: expected RFC 3339 "
				    "(2019-11-21T13:27:55Z) or now", optarg);
				return EXIT_USAGE;
			}
			v.at_now = now;
			v.has_at = !now;
			break;
		case 'W':
			if (parse_window(optarg, &cfg.past_us,
			    &cfg.future_us) == -1) {
				log_warnx("verify: --window %s: expected SECONDS "
				    "or PAST,FUTURE", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'i':
			if (strcmp(optarg, "auto") == 0)
				v.in = VIN_AUTO;
			else if (strcmp(optarg, "hex") == 0)
				v.in = VIN_HEX;
			else if (strcmp(optarg, "pcap") == 0)
				v.in = VIN_PCAP;
			else if (strcmp(optarg, "raw") == 0)
				v.in = VIN_RAW;
			else {
				log_warnx("verify: -i %s: expected auto, hex, "
				    "pcap or raw", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			v.summary = 1;
			break;
		case 'C':
			cfg.cert_cache = strtoul(optarg, &end, 10);
			if (*end != '\0' || cfg.cert_cache == 0) {
				log_warnx("verify: --cache %s: expected a count",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'R':
			cfg.no_replay = 1;
			break;
		case 'h':
			verify_usage(stdout);
			return EXIT_ALLOK;
		default:
			verify_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (trust == NULL && npins == 0) {
		log_warnx("verify: --trust DIR (or --pin ID) is required: nothing "
		    "would verify");
		verify_usage(stderr);
		return EXIT_USAGE;
	}
	if ((v.sec = sec_new(&cfg)) == NULL) {
		log_warnx("verify: out of memory");
		return EXIT_USAGE;
	}
	if (trust != NULL && sec_store_load(v.sec, trust, err,
	    sizeof(err)) == -1) {
		log_warnx("verify: trust store: %s", err);
		sec_free(v.sec);
		return EXIT_USAGE;
	}
	for (k = 0; k < npins; k++) {
		n = hex_decode(pins[k], strlen(pins[k]), id, sizeof(id));
		if (n != 8) {
			log_warnx("verify: --pin %s: expected a HashedId8 (16 hex "
			    "digits)", pins[k]);
			sec_free(v.sec);
			return EXIT_USAGE;
		}
		sec_pin_digest(v.sec, id);
	}

	buf_init(&in);
	buf_init(&v.out);
	peel_init(&v.pe);
	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		const char *path = argc > 0 ? argv[i] : NULL;
		const char *name = path != NULL ? path : "stdin";

		v.file = argc > 1 ? path : NULL;
		if (read_file(path, &in) == -1) {
			v.io_error = 1;
			continue;
		}
		mode = v.in;
		if (mode == VIN_AUTO) {
			if (is_capture((uint8_t *)in.p, in.len))
				mode = VIN_PCAP;
			else if (is_hex_text((uint8_t *)in.p, in.len))
				mode = VIN_HEX;
			else
				mode = VIN_RAW;
		}
		switch (mode) {
		case VIN_PCAP:
			run_pcap(&v, &in, name);
			break;
		case VIN_HEX:
			run_hex(&v, in.p, in.len);
			break;
		default:
			one(&v, peel_bytes(&v.pe, (uint8_t *)in.p, in.len, 0),
			    NULL, 0, at_time(&v));
			break;
		}
	}
	if (v.summary)
		audit_print(&v);
	fflush(stdout);
	peel_free(&v.pe);
	buf_free(&in);
	buf_free(&v.out);
	free(v.au.signers);
	free(v.au.certs);
	free(v.au.permits);
	free(v.au.envelope);
	free(v.au.psids);
	sec_free(v.sec);
	if (v.io_error)
		return EXIT_USAGE;
	return v.bad > 0 ? EXIT_SOMEBAD : EXIT_ALLOK;
}
