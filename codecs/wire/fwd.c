/*
 * fwd.c: classification of RSU forward datagrams by structure: SAE J2735
 * (2020) MessageFrame in UPER, IEEE 1609.2-2016 Ieee1609Dot2Data in COER,
 * IEEE 1609.3 WSMP, short prefixes, and the RSU 4.1 immediate forward
 * text.  Each form is checked by its own length fields; nothing decodes.
 */
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "fwd.h"
#include "ifm.h"
#include "wsmp.h"

static const char *const kinds[FWD_KIND_MAX] = {
	"msgframe", "ieee1609dot2", "wsmp", "length-prefix", "type-wsmp",
	"immediate-forward", "scan-ieee1609dot2", "scan-msgframe"
};

const char *
fwd_kind_str(enum fwd_kind k)
{
	return (unsigned)k < FWD_KIND_MAX ? kinds[k] : "?";
}

/* MessageFrame ::= SEQUENCE { messageId (0..32767), value, ... }: the
 * extension bit, 15 bits of id, then the open type's length determinant
 * (X.691 10.9: 0xxxxxxx, or 10xxxxxx xxxxxxxx; 11 is fragmentation, never
 * seen for a single message).  Every messageId in use is below 256, so the
 * first octet is 0. */
size_t
fwd_msgframe_len(const uint8_t *p, size_t n, long *msgid)
{
	size_t	 hl, l;

	*msgid = -1;
	if (n < 3 || p[0] != 0)		/* no messageId above 255 is used */
		return 0;
	*msgid = (long)rd_be16(p);
	if ((p[2] & 0x80) == 0) {
		hl = 3;
		l = p[2];
	} else if ((p[2] & 0xc0) == 0x80) {
		if (n < 4)
			return 0;
		hl = 4;
		l = ((size_t)(p[2] & 0x3f) << 8) | p[3];
	} else
		return 0;
	if (l == 0 || l > n - hl)
		return 0;
	return hl + l;
}

/* Ieee1609Dot2Data ::= SEQUENCE { protocolVersion (3), content CHOICE }:
 * COER puts the CHOICE tag (context-specific [0]..[4]: 0x80..0x84) after
 * the version; unsecuredData is an OER length determinant and octets. */
size_t
fwd_dot2_len(const uint8_t *p, size_t n, int *content)
{
	size_t	 l, ll, i;

	*content = -1;
	if (n < 3 || p[0] != 3 || p[1] < 0x80 || p[1] > 0x84)
		return 0;
	*content = p[1];
	if (p[1] != 0x80)
		return 0;
	if ((p[2] & 0x80) == 0) {
		ll = 1;
		l = p[2];
	} else {
		ll = p[2] & 0x7f;
		if (ll < 1 || ll > 2 || n < 3 + ll)
			return 0;
		for (l = 0, i = 0; i < ll; i++)
			l = l << 8 | p[3 + i];
		ll++;
	}
	if (l > n - 2 - ll)
		return 0;
	return 2 + ll + l;
}

static int
known_id(long id)
{
	return (id >= 18 && id <= 44) || (id >= 240 && id <= 255);
}

static void
add(struct fwd_result *r, const struct fwd_cand *c)
{
	size_t	 i, j;

	for (i = 0; i < r->n; i++)
		if (r->c[i].kind == c->kind && r->c[i].off == c->off) {
			if (c->score <= r->c[i].score)
				return;
			for (j = i; j + 1 < r->n; j++)	/* re-insert */
				r->c[j] = r->c[j + 1];
			r->n--;
			break;
		}
	/* keep the best FWD_MAX: insert in order */
	for (i = 0; i < r->n; i++)
		if (c->score > r->c[i].score ||
		    (c->score == r->c[i].score && c->off < r->c[i].off))
			break;
	if (i == FWD_MAX)
		return;
	if (r->n < FWD_MAX)
		r->n++;
	for (j = r->n - 1; j > i; j--)
		r->c[j] = r->c[j - 1];
	r->c[i] = *c;
}

static void
cand_init(struct fwd_cand *c, enum fwd_kind k, size_t off)
{
	memset(c, 0, sizeof(*c));
	c->kind = k;
	c->off = off;
	c->msgid = -1;
}

static int
mf_score(size_t len, size_t rest, long id)
{
	return 40 + (known_id(id) ? 20 : 0) + (len == rest ? 35 : 10);
}

static void
try_msgframe(const uint8_t *p, size_t n, struct fwd_result *r)
{
	struct fwd_cand	 c;
	size_t		 len;
	long		 id;

	if ((len = fwd_msgframe_len(p, n, &id)) == 0)
		return;
	cand_init(&c, FWD_MSGFRAME, 0);
	c.len = len;
	c.msgid = id;
	c.score = mf_score(len, n, id);
	add(r, &c);
}

static void
try_dot2(const uint8_t *p, size_t n, struct fwd_result *r)
{
	struct fwd_cand	 c;
	size_t		 len;
	int		 content;

	len = fwd_dot2_len(p, n, &content);
	if (content < 0)
		return;
	cand_init(&c, FWD_DOT2, 0);
	c.len = len;
	if (content == 0x80)
		c.score = len == 0 ? 0 : len == n ? 90 : 50;
	else if (content == 0x81)	/* signedData: hashId sha256..sm3 */
		c.score = p[2] <= 2 ? 70 : 0;
	else
		c.score = 45;
	if (c.score > 0)
		add(r, &c);
}

static void
try_wsmp(const uint8_t *p, size_t n, size_t off, struct fwd_result *r)
{
	struct wsmp_hdr	 h;
	struct fwd_cand	 c;

	if (n <= off || wsmp_parse(p + off, n - off, &h) != REASON_OK)
		return;
	cand_init(&c, off ? FWD_TYPE_WSMP : FWD_WSMP, off);
	c.len = h.hdr_len + h.payload_len;
	if (off) {
		c.has_type = 1;
		c.type = p[0];
		c.score = h.trailing ? 35 : 70;
	} else
		c.score = h.trailing ? 55 : 92;
	add(r, &c);
}

/* [type octet] length (1 or 2 octets, either order), then a MessageFrame. */
static void
try_prefix(const uint8_t *p, size_t n, int has_type, int lenbytes, int le,
    struct fwd_result *r)
{
	struct fwd_cand	 c;
	size_t		 o = (has_type ? 1 : 0) + lenbytes, d, len;
	long		 id;

	if (n <= o)
		return;
	if (lenbytes == 1)
		d = p[o - 1];
	else
		d = le ? rd_le16(p + o - 2) : rd_be16(p + o - 2);
	if ((len = fwd_msgframe_len(p + o, n - o, &id)) == 0)
		return;
	cand_init(&c, FWD_PREFIX_MSGFRAME, o);
	c.len = len;
	c.msgid = id;
	c.has_type = has_type;
	c.type = has_type ? p[0] : 0;
	c.lenbytes = lenbytes;
	c.le = le;
	c.declared = d;
	if (d == len)
		c.score = len == n - o ? 85 : 75;
	else if (d == n - o)
		c.score = 45;
	else
		return;
	add(r, &c);
}

/* A 1609.2 unsecured or a MessageFrame that ends exactly at the end,
 * after octets we do not understand. */
static void
scan(const uint8_t *p, size_t n, struct fwd_result *r)
{
	struct fwd_cand	 c;
	size_t		 o, len;
	long		 id;
	int		 content;

	for (o = 1; o < n && o < FWD_SCAN_MAX; o++) {
		if (p[o] == 3 && (len = fwd_dot2_len(p + o, n - o,
		    &content)) == n - o) {
			cand_init(&c, FWD_SCAN_DOT2, o);
			c.len = len;
			c.score = 65;
			add(r, &c);
		}
		if (p[o] == 0 && (len = fwd_msgframe_len(p + o, n - o,
		    &id)) == n - o && known_id(id)) {
			cand_init(&c, FWD_SCAN_MSGFRAME, o);
			c.len = len;
			c.msgid = id;
			c.score = 60;
			add(r, &c);
		}
	}
}

enum reason
fwd_classify(const uint8_t *p, size_t n, struct fwd_result *out)
{
	struct ifm_msg	 m;
	struct fwd_cand	 c;
	int		 t, lb, le;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return REASON_TRUNCATED;
	if (ifm_probe(p, n)) {
		cand_init(&c, FWD_IFM, 0);
		c.score = ifm_parse(p, n, &m) == REASON_OK ? 100 : 30;
		add(out, &c);
	}
	try_msgframe(p, n, out);
	try_dot2(p, n, out);
	try_wsmp(p, n, 0, out);
	try_wsmp(p, n, 1, out);
	for (t = 0; t <= 1; t++)
		for (lb = 1; lb <= 2; lb++)
			for (le = 0; le <= (lb == 2); le++)
				try_prefix(p, n, t, lb, le, out);
	scan(p, n, out);
	return out->n ? REASON_OK : REASON_UNKNOWN_TYPE;
}

int
fwd_build(struct buf *b, const struct fwd_cand *c, const uint8_t *inner,
    size_t n)
{
	switch (c->kind) {
	case FWD_PREFIX_MSGFRAME:
		if (c->has_type)
			buf_addc(b, c->type);
		if (c->lenbytes == 1) {
			if (n > 0xff)
				return -1;
			buf_addc(b, n);
		} else if (c->lenbytes == 2) {
			if (n > 0xffff)
				return -1;
			if (c->le)
				buf_add_le16(b, (uint16_t)n);
			else
				buf_add_be16(b, (uint16_t)n);
		} else
			return -1;
		break;
	case FWD_TYPE_WSMP:
		buf_addc(b, c->type);
		break;
	case FWD_SCAN_DOT2:
	case FWD_SCAN_MSGFRAME:
	case FWD_KIND_MAX:
		return -1;
	default:
		break;
	}
	if (n > 0)
		buf_add(b, inner, n);
	return b->oom ? -1 : 0;
}

void
fwd_json(struct buf *b, const uint8_t *p, const struct fwd_cand *c)
{
	buf_addf(b, "{\"layer\":\"rsu-forward\",\"kind\":\"%s\",\"offset\":%zu,"
	    "\"confidence\":%d", fwd_kind_str(c->kind), c->off, c->score);
	if (c->off > 0) {
		buf_adds(b, ",\"prefix\":\"");
		buf_addhex(b, p, c->off);
		buf_addc(b, '"');
	}
	if (c->has_type)
		buf_addf(b, ",\"type\":%u", (unsigned)c->type);
	if (c->lenbytes)
		buf_addf(b, ",\"lengthOctets\":%d,\"byteOrder\":\"%s\","
		    "\"declared\":%zu", c->lenbytes, c->le ? "little" : "big",
		    c->declared);
	if (c->len)
		buf_addf(b, ",\"length\":%zu", c->len);
	if (c->msgid >= 0)
		buf_addf(b, ",\"messageId\":%ld", c->msgid);
	buf_addc(b, '}');
}
