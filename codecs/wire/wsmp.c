/*
 * wsmp.c: IEEE 1609.3-2016 / 2020 WSMP version 3 (clause 8.3), parsed in
 * place and built back byte for byte.  The layout is the UPER encoding of
 * 1609.3's ShortMsgNpdu (annex), which is octet-aligned throughout.
 */
#include <string.h>

#include "buf.h"
#include "wsmp.h"

size_t
wsmp_psid_encode(uint32_t psid, uint8_t out[4])
{
	uint32_t	 v;

	if (psid < 0x80) {
		out[0] = psid;
		return 1;
	}
	if (psid < 0x4080) {
		v = psid - 0x80;
		out[0] = 0x80 | (v >> 8);
		out[1] = v;
		return 2;
	}
	if (psid < 0x204080) {
		v = psid - 0x4080;
		out[0] = 0xc0 | (v >> 16);
		out[1] = v >> 8;
		out[2] = v;
		return 3;
	}
	if (psid <= WSMP_PSID_MAX) {
		v = psid - 0x204080;
		out[0] = 0xe0 | (v >> 24);
		out[1] = v >> 16;
		out[2] = v >> 8;
		out[3] = v;
		return 4;
	}
	return 0;
}

int
wsmp_psid_decode(const uint8_t *p, size_t n, uint32_t *psid)
{
	if (n < 1)
		return 0;
	if ((p[0] & 0x80) == 0) {
		*psid = p[0];
		return 1;
	}
	if ((p[0] & 0xc0) == 0x80) {
		if (n < 2)
			return 0;
		*psid = (((uint32_t)(p[0] & 0x3f) << 8) | p[1]) + 0x80;
		return 2;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		if (n < 3)
			return 0;
		*psid = (((uint32_t)(p[0] & 0x1f) << 16) |
		    ((uint32_t)p[1] << 8) | p[2]) + 0x4080;
		return 3;
	}
	if ((p[0] & 0xf0) == 0xe0) {
		if (n < 4)
			return 0;
		*psid = (((uint32_t)(p[0] & 0x0f) << 24) |
		    ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]) +
		    0x204080;
		return 4;
	}
	return -1;
}

size_t
wsmp_count_encode(size_t v, uint8_t out[2])
{
	if (v < 0x80) {
		out[0] = v;
		return 1;
	}
	if (v <= WSMP_COUNT_MAX) {
		out[0] = 0x80 | (v >> 8);
		out[1] = v;
		return 2;
	}
	return 0;
}

int
wsmp_count_decode(const uint8_t *p, size_t n, size_t *v)
{
	if (n < 1)
		return 0;
	if ((p[0] & 0x80) == 0) {
		*v = p[0];
		return 1;
	}
	if ((p[0] & 0xc0) != 0x80)
		return -1;	/* UPER fragmentation: never in a WSM */
	if (n < 2)
		return 0;
	*v = ((size_t)(p[0] & 0x3f) << 8) | p[1];
	return *v < 0x80 ? -2 : 2;
}

static enum reason
count_reason(int r)
{
	if (r == 0)
		return REASON_TRUNCATED;
	return r == -1 ? REASON_BAD_VALUE : REASON_NONCANONICAL;
}

/* Rank of an extension in the order wsmp_build writes them. */
static int
ext_rank(uint8_t id)
{
	switch (id) {
	case WSMP_EID_CHANNEL:
		return 0;
	case WSMP_EID_DATARATE:
		return 1;
	case WSMP_EID_TXPOWER:
		return 2;
	default:
		return 3;
	}
}

/* Parse Count, then Count elements of (id, Length, value).  Known N-Header
 * ids are decoded into h when nhdr is set; the rest go to list. */
static enum reason
parse_exts(const uint8_t *p, size_t n, size_t *off, struct wsmp_hdr *h,
    int nhdr, struct wsmp_ext *list, size_t *nlist)
{
	size_t	 count, len, i, o = *off;
	int	 r, rank, last = 0;
	uint8_t	 id;

	if ((r = wsmp_count_decode(p + o, n - o, &count)) <= 0)
		return count_reason(r);
	o += r;
	for (i = 0; i < count; i++) {
		if (o >= n)
			return REASON_TRUNCATED;
		id = p[o++];
		if ((r = wsmp_count_decode(p + o, n - o, &len)) <= 0)
			return count_reason(r);
		o += r;
		if (len > n - o)
			return REASON_TRUNCATED;
		rank = nhdr ? ext_rank(id) : 3;
		if (rank < last)
			h->flags |= WSMP_F_ORDER;
		last = rank;
		if (rank < 3 && len != 1)
			return REASON_BAD_LENGTH;
		switch (rank) {
		case 0:
			if (h->has_channel)
				return REASON_BAD_VALUE;
			h->has_channel = 1;
			h->channel = p[o];
			break;
		case 1:
			if (h->has_rate)
				return REASON_BAD_VALUE;
			h->has_rate = 1;
			h->data_rate = p[o];
			break;
		case 2:
			if (h->has_txpower)
				return REASON_BAD_VALUE;
			h->has_txpower = 1;
			h->tx_power = (int)p[o] - 128;
			break;
		default:
			if (*nlist == WSMP_MAX_EXT)
				return REASON_UNSUPPORTED;
			list[*nlist].id = id;
			list[*nlist].val = p + o;
			list[*nlist].len = len;
			(*nlist)++;
			break;
		}
		o += len;
	}
	*off = o;
	return REASON_OK;
}

enum reason
wsmp_parse(const uint8_t *p, size_t n, struct wsmp_hdr *out)
{
	enum reason	 rs;
	size_t		 o = 0, len;
	int		 r;

	memset(out, 0, sizeof(*out));
	if (n < 1)
		return REASON_TRUNCATED;
	out->subtype = p[0] >> 4;
	out->opt = (p[0] >> 3) & 1;
	out->version = p[0] & 7;
	if (out->version != WSMP_VERSION)
		return REASON_UNKNOWN_VERSION;
	if (out->subtype > WSMP_SUBTYPE_GEO)
		return REASON_BAD_VALUE;
	if (out->subtype != WSMP_SUBTYPE_NULL)
		return REASON_UNSUPPORTED;
	o = 1;
	if (out->opt && (rs = parse_exts(p, n, &o, out, 1, out->ext,
	    &out->n_ext)) != REASON_OK)
		return rs;
	if (o >= n)
		return REASON_TRUNCATED;
	out->tpid = p[o++];
	if (out->tpid > 5)
		return REASON_BAD_VALUE;
	if (out->tpid > WSMP_TPID_PSID_EXT)
		return REASON_UNSUPPORTED;
	if ((r = wsmp_psid_decode(p + o, n - o, &out->psid)) <= 0)
		return r == 0 ? REASON_TRUNCATED : REASON_BAD_VALUE;
	o += r;
	if (out->tpid == WSMP_TPID_PSID_EXT && (rs = parse_exts(p, n, &o, out,
	    0, out->text, &out->n_text)) != REASON_OK)
		return rs;
	if ((r = wsmp_count_decode(p + o, n - o, &len)) <= 0)
		return count_reason(r);
	o += r;
	if (len > n - o)
		return REASON_TRUNCATED;
	out->hdr_len = o;
	out->payload = p + o;
	out->payload_len = len;
	out->trailing = n - o - len;
	return REASON_OK;
}

void
wsmp_init(struct wsmp_hdr *h, uint32_t psid)
{
	memset(h, 0, sizeof(*h));
	h->version = WSMP_VERSION;
	h->psid = psid;
}

static int
add_count(struct buf *b, size_t v)
{
	uint8_t	 c[2];
	size_t	 k;

	if ((k = wsmp_count_encode(v, c)) == 0)
		return -1;
	buf_add(b, c, k);
	return 0;
}

static int
add_ext(struct buf *b, uint8_t id, const uint8_t *val, size_t len)
{
	buf_addc(b, id);
	if (add_count(b, len) == -1)
		return -1;
	if (len > 0)
		buf_add(b, val, len);
	return 0;
}

int
wsmp_build(struct buf *b, const struct wsmp_hdr *h)
{
	uint8_t	 ps[4], v;
	size_t	 k, i, count;

	if (h->version > 7 || h->subtype != WSMP_SUBTYPE_NULL ||
	    h->tpid > WSMP_TPID_PSID_EXT || h->n_ext > WSMP_MAX_EXT ||
	    h->n_text > WSMP_MAX_EXT)
		return -1;
	count = h->n_ext + (h->has_channel != 0) + (h->has_rate != 0) +
	    (h->has_txpower != 0);
	buf_addc(b, (h->subtype << 4) | ((h->opt || count) ? 0x08 : 0) |
	    h->version);
	if (h->opt || count) {
		if (add_count(b, count) == -1)
			return -1;
		if (h->has_channel && add_ext(b, WSMP_EID_CHANNEL,
		    &h->channel, 1) == -1)
			return -1;
		if (h->has_rate && add_ext(b, WSMP_EID_DATARATE,
		    &h->data_rate, 1) == -1)
			return -1;
		v = (uint8_t)(h->tx_power + 128);
		if (h->has_txpower && add_ext(b, WSMP_EID_TXPOWER, &v, 1) == -1)
			return -1;
		for (i = 0; i < h->n_ext; i++)
			if (add_ext(b, h->ext[i].id, h->ext[i].val,
			    h->ext[i].len) == -1)
				return -1;
	}
	buf_addc(b, h->tpid);
	if ((k = wsmp_psid_encode(h->psid, ps)) == 0)
		return -1;
	buf_add(b, ps, k);
	if (h->tpid == WSMP_TPID_PSID_EXT) {
		if (add_count(b, h->n_text) == -1)
			return -1;
		for (i = 0; i < h->n_text; i++)
			if (add_ext(b, h->text[i].id, h->text[i].val,
			    h->text[i].len) == -1)
				return -1;
	}
	if (add_count(b, h->payload_len) == -1)
		return -1;
	if (h->payload != NULL)
		buf_add(b, h->payload, h->payload_len);
	return b->oom ? -1 : 0;
}

static void
json_exts(struct buf *b, const char *name, const struct wsmp_ext *e,
    size_t n)
{
	size_t	 i;

	if (n == 0)
		return;
	buf_addf(b, ",\"%s\":[", name);
	for (i = 0; i < n; i++) {
		buf_addf(b, "%s{\"id\":%u,\"value\":\"", i ? "," : "",
		    (unsigned)e[i].id);
		buf_addhex(b, e[i].val, e[i].len);
		buf_adds(b, "\"}");
	}
	buf_addc(b, ']');
}

void
wsmp_json(struct buf *b, const struct wsmp_hdr *h)
{
	uint8_t	 ps[4];
	size_t	 k;

	buf_addf(b, "{\"layer\":\"wsmp\",\"version\":%u,\"subtype\":%u",
	    (unsigned)h->version, (unsigned)h->subtype);
	if (h->has_channel)
		buf_addf(b, ",\"channel\":%u", (unsigned)h->channel);
	if (h->has_rate)	/* in Mb/s, as radiotap's */
		buf_addf(b, ",\"dataRate\":%u%s", (unsigned)h->data_rate / 2,
		    (h->data_rate & 1) ? ".5" : "");
	if (h->has_txpower)
		buf_addf(b, ",\"txPower\":%d", (int)h->tx_power);
	json_exts(b, "extensions", h->ext, h->n_ext);
	buf_addf(b, ",\"tpid\":%u,\"psid\":%lu,\"psidHex\":\"0x%lx\"",
	    (unsigned)h->tpid, (unsigned long)h->psid,
	    (unsigned long)h->psid);
	if ((k = wsmp_psid_encode(h->psid, ps)) > 0) {
		buf_adds(b, ",\"psidEncoded\":\"");
		buf_addhex(b, ps, k);
		buf_addc(b, '"');
	}
	json_exts(b, "tExtensions", h->text, h->n_text);
	buf_addf(b, ",\"length\":%zu", h->payload_len);
	if (h->trailing)
		buf_addf(b, ",\"trailing\":%zu", h->trailing);
	buf_addc(b, '}');
}
