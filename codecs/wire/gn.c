/*
 * gn.c: ETSI EN 302 636-4-1 v1.4.1 (2020-01) GeoNetworking: parse and build
 * the basic header (clause 9.6), the common header (9.7) and the extended
 * headers of beacon, GUC, GAC, GBC, TSB, SHB and LS packets (9.8), and
 * describe a packet in JSON.  Secured packets (TS 103 097) stop at the
 * basic header; their signed payload goes through gn_parse_inner().
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "gn.h"
#include "jer.h"
#include "reason.h"

/* Extended header lengths, clause 9.8 (figures 14 to 22). */
#define EXT_BEACON	(GN_LPV_LEN)
#define EXT_GUC		(4 + GN_LPV_LEN + GN_SPV_LEN)
#define EXT_GXC		(4 + GN_LPV_LEN + 16)
#define EXT_TSB		(4 + GN_LPV_LEN)
#define EXT_SHB		(GN_LPV_LEN + 4)
#define EXT_LS_REQ	(4 + GN_LPV_LEN + GN_ADDR_LEN)
#define EXT_LS_REP	(4 + GN_LPV_LEN + GN_SPV_LEN)

/* Lifetime base (clause 9.6.4, table 7). */
static const unsigned long lt_unit[4] = { 50, 1000, 10000, 100000 };

size_t
gn_inner_hdr_len(uint8_t ht, uint8_t hst)
{
	size_t	 ext = 0;

	switch (ht) {
	case GN_HT_BEACON:
		if (hst == 0)
			ext = EXT_BEACON;
		break;
	case GN_HT_GUC:
		if (hst == 0)
			ext = EXT_GUC;
		break;
	case GN_HT_GAC:
	case GN_HT_GBC:
		if (hst <= GN_HST_ELLIPSE)
			ext = EXT_GXC;
		break;
	case GN_HT_TSB:
		if (hst == GN_HST_SHB)
			ext = EXT_SHB;
		else if (hst == GN_HST_MULTIHOP)
			ext = EXT_TSB;
		break;
	case GN_HT_LS:
		if (hst == GN_HST_LS_REQUEST)
			ext = EXT_LS_REQ;
		else if (hst == GN_HST_LS_REPLY)
			ext = EXT_LS_REP;
		break;
	}
	return ext ? GN_CH_LEN + ext : 0;
}

const char *
gn_type_str(uint8_t ht, uint8_t hst)
{
	static const char *const gac[] = { "gac-circle", "gac-rectangle",
	    "gac-ellipse" };
	static const char *const gbc[] = { "gbc-circle", "gbc-rectangle",
	    "gbc-ellipse" };

	if (gn_inner_hdr_len(ht, hst) == 0)
		return NULL;
	switch (ht) {
	case GN_HT_BEACON:
		return "beacon";
	case GN_HT_GUC:
		return "guc";
	case GN_HT_GAC:
		return gac[hst];
	case GN_HT_GBC:
		return gbc[hst];
	case GN_HT_TSB:
		return hst == GN_HST_SHB ? "tsb-shb" : "tsb-multihop";
	default:
		return hst == GN_HST_LS_REQUEST ? "ls-request" : "ls-reply";
	}
}

unsigned long
gn_lifetime_ms(const struct gn_packet *g)
{
	return g->lt_mult * lt_unit[g->lt_base & 3];
}

int
gn_lifetime_set(struct gn_packet *g, unsigned long ms)
{
	unsigned long	 m;
	int		 base;

	for (base = 0; base < 4; base++)
		if (ms % lt_unit[base] == 0 && ms / lt_unit[base] <= 63)
			goto found;
	for (base = 0; base < 4; base++)
		if ((ms + lt_unit[base] - 1) / lt_unit[base] <= 63)
			goto found;
	return -1;
 found:
	m = (ms + lt_unit[base] - 1) / lt_unit[base];
	g->lt_mult = (uint8_t)m;
	g->lt_base = (uint8_t)base;
	return 0;
}

/* --- parsing ------------------------------------------------------------ */

static void
get_addr(const uint8_t *p, struct gn_addr *a)
{
	a->manual = p[0] >> 7;
	a->station_type = (p[0] >> 2) & 0x1f;
	a->reserved = (uint16_t)((p[0] & 3) << 8 | p[1]);
	memcpy(a->mid, p + 2, sizeof(a->mid));
}

static void
get_lpv(const uint8_t *p, struct gn_lpv *v)
{
	uint16_t	 ps;

	get_addr(p, &v->addr);
	v->tst = rd_be32(p + 8);
	v->lat = (int32_t)rd_be32(p + 12);
	v->lon = (int32_t)rd_be32(p + 16);
	ps = rd_be16(p + 20);
	v->pai = ps >> 15;
	/* 15-bit two's complement */
	v->speed = (int16_t)((ps & 0x3fff) - (ps & 0x4000));
	v->heading = rd_be16(p + 22);
}

static void
get_spv(const uint8_t *p, struct gn_spv *v)
{
	get_addr(p, &v->addr);
	v->tst = rd_be32(p + 8);
	v->lat = (int32_t)rd_be32(p + 12);
	v->lon = (int32_t)rd_be32(p + 16);
}

/* Common and extended headers from p[0..n); *len set to their length. */
static enum reason
parse_inner(const uint8_t *p, size_t n, struct gn_packet *g, size_t *len)
{
	const uint8_t	*e;
	size_t		 hl;

	if (n < GN_CH_LEN)
		return REASON_TRUNCATED;
	g->nh = p[0] >> 4;
	g->ch_reserved1 = p[0] & 0x0f;
	g->ht = p[1] >> 4;
	g->hst = p[1] & 0x0f;
	g->tc = p[2];
	g->flags = p[3];
	g->pl = rd_be16(p + 4);
	g->mhl = p[6];
	g->ch_reserved2 = p[7];
	if (g->nh > GN_NH_IPV6)
		return REASON_UNKNOWN_TYPE;
	if ((hl = gn_inner_hdr_len(g->ht, g->hst)) == 0)
		return REASON_UNKNOWN_TYPE;
	if (n < hl)
		return REASON_TRUNCATED;

	e = p + GN_CH_LEN;
	switch (g->ht) {
	case GN_HT_BEACON:
		get_lpv(e, &g->so);
		break;
	case GN_HT_TSB:
		if (g->hst == GN_HST_SHB) {
			get_lpv(e, &g->so);
			g->mdd = rd_be32(e + GN_LPV_LEN);
			break;
		}
		/* FALLTHROUGH */
	default:
		g->sn = rd_be16(e);
		g->ext_reserved = rd_be16(e + 2);
		get_lpv(e + 4, &g->so);
		e += 4 + GN_LPV_LEN;
		if (g->ht == GN_HT_GUC ||
		    (g->ht == GN_HT_LS && g->hst == GN_HST_LS_REPLY))
			get_spv(e, &g->de);
		else if (g->ht == GN_HT_LS)
			get_addr(e, &g->ls_addr);
		else if (g->ht == GN_HT_GAC || g->ht == GN_HT_GBC) {
			g->area.lat = (int32_t)rd_be32(e);
			g->area.lon = (int32_t)rd_be32(e + 4);
			g->area.a = rd_be16(e + 8);
			g->area.b = rd_be16(e + 10);
			g->area.angle = rd_be16(e + 12);
			g->area.reserved = rd_be16(e + 14);
		}
		break;
	}
	g->has_common = 1;
	*len = hl;
	return REASON_OK;
}

enum reason
gn_parse(const uint8_t *p, size_t n, struct gn_packet *g)
{
	enum reason	 r;
	size_t		 hl;

	memset(g, 0, sizeof(*g));
	if (n < 1)
		return REASON_TRUNCATED;
	g->version = p[0] >> 4;
	g->bh_nh = p[0] & 0x0f;
	if (g->version != GN_VERSION)
		return REASON_UNKNOWN_VERSION;
	if (n < GN_BH_LEN)
		return REASON_TRUNCATED;
	g->bh_reserved = p[1];
	g->lt_mult = p[2] >> 2;
	g->lt_base = p[2] & 3;
	g->rhl = p[3];
	g->hdr_len = GN_BH_LEN;

	switch (g->bh_nh) {
	case GN_BH_COMMON:
		break;
	case GN_BH_SECURED:
		if (n == GN_BH_LEN)
			return REASON_TRUNCATED;
		g->secured = p + GN_BH_LEN;
		g->secured_off = GN_BH_LEN;
		g->secured_len = n - GN_BH_LEN;
		return REASON_OK;
	case GN_BH_ANY:
		return REASON_UNSUPPORTED;
	default:
		return REASON_UNKNOWN_TYPE;
	}

	if ((r = parse_inner(p + GN_BH_LEN, n - GN_BH_LEN, g, &hl)) !=
	    REASON_OK)
		return r;
	g->hdr_len += hl;
	if (n - g->hdr_len < g->pl)
		return REASON_BAD_LENGTH;
	g->payload = p + g->hdr_len;
	g->trailing = n - g->hdr_len - g->pl;
	return REASON_OK;
}

enum reason
gn_parse_inner(const uint8_t *p, size_t n, struct gn_packet *g)
{
	enum reason	 r;
	size_t		 hl;

	g->has_common = 0;
	g->payload = NULL;
	g->hdr_len = 0;
	g->trailing = 0;
	if ((r = parse_inner(p, n, g, &hl)) != REASON_OK)
		return r;
	g->hdr_len = hl;
	if (n - hl != g->pl)
		return REASON_BAD_LENGTH;
	g->payload = p + hl;
	return REASON_OK;
}

/* --- building ----------------------------------------------------------- */

static int
addr_ok(const struct gn_addr *a)
{
	return a->manual <= 1 && a->station_type <= 31 && a->reserved <= 1023;
}

static void
put_addr(struct buf *b, const struct gn_addr *a)
{
	uint8_t	 o[2];

	o[0] = (uint8_t)(a->manual << 7 | a->station_type << 2 |
	    a->reserved >> 8);
	o[1] = a->reserved & 0xff;
	buf_add(b, o, sizeof(o));
	buf_add(b, a->mid, sizeof(a->mid));
}

static void
put_lpv(struct buf *b, const struct gn_lpv *v)
{
	put_addr(b, &v->addr);
	buf_add_be32(b, v->tst);
	buf_add_be32(b, (uint32_t)v->lat);
	buf_add_be32(b, (uint32_t)v->lon);
	buf_add_be16(b, (uint16_t)(v->pai << 15 | ((uint16_t)v->speed & 0x7fff)));
	buf_add_be16(b, v->heading);
}

static void
put_spv(struct buf *b, const struct gn_spv *v)
{
	put_addr(b, &v->addr);
	buf_add_be32(b, v->tst);
	buf_add_be32(b, (uint32_t)v->lat);
	buf_add_be32(b, (uint32_t)v->lon);
}

int
gn_build_inner(struct buf *b, const struct gn_packet *g)
{
	uint8_t	 ch[GN_CH_LEN];
	int	 seq;

	if (g->nh > 15 || g->ch_reserved1 > 15 ||
	    gn_inner_hdr_len(g->ht, g->hst) == 0 || !addr_ok(&g->so.addr) ||
	    g->so.pai > 1 || g->so.speed < -16384 || g->so.speed > 16383)
		return -1;
	seq = !(g->ht == GN_HT_BEACON ||
	    (g->ht == GN_HT_TSB && g->hst == GN_HST_SHB));
	if ((g->ht == GN_HT_GUC || (g->ht == GN_HT_LS &&
	    g->hst == GN_HST_LS_REPLY)) && !addr_ok(&g->de.addr))
		return -1;
	if (g->ht == GN_HT_LS && g->hst == GN_HST_LS_REQUEST &&
	    !addr_ok(&g->ls_addr))
		return -1;

	ch[0] = (uint8_t)(g->nh << 4 | g->ch_reserved1);
	ch[1] = (uint8_t)(g->ht << 4 | g->hst);
	ch[2] = g->tc;
	ch[3] = g->flags;
	wr_be16(ch + 4, g->pl);
	ch[6] = g->mhl;
	ch[7] = g->ch_reserved2;
	buf_add(b, ch, sizeof(ch));
	if (seq) {
		buf_add_be16(b, g->sn);
		buf_add_be16(b, g->ext_reserved);
	}
	put_lpv(b, &g->so);
	switch (g->ht) {
	case GN_HT_GUC:
		put_spv(b, &g->de);
		break;
	case GN_HT_GAC:
	case GN_HT_GBC:
		buf_add_be32(b, (uint32_t)g->area.lat);
		buf_add_be32(b, (uint32_t)g->area.lon);
		buf_add_be16(b, g->area.a);
		buf_add_be16(b, g->area.b);
		buf_add_be16(b, g->area.angle);
		buf_add_be16(b, g->area.reserved);
		break;
	case GN_HT_TSB:
		if (g->hst == GN_HST_SHB)
			buf_add_be32(b, g->mdd);
		break;
	case GN_HT_LS:
		if (g->hst == GN_HST_LS_REQUEST)
			put_addr(b, &g->ls_addr);
		else
			put_spv(b, &g->de);
		break;
	}
	if (g->payload != NULL)
		buf_add(b, g->payload, g->pl);
	return b->oom ? -1 : 0;
}

int
gn_build(struct buf *b, const struct gn_packet *g)
{
	uint8_t	 bh[GN_BH_LEN];

	if (g->version > 15 || g->bh_nh > 15 || g->lt_mult > 63 ||
	    g->lt_base > 3)
		return -1;
	bh[0] = (uint8_t)(g->version << 4 | g->bh_nh);
	bh[1] = g->bh_reserved;
	bh[2] = (uint8_t)(g->lt_mult << 2 | g->lt_base);
	bh[3] = g->rhl;
	buf_add(b, bh, sizeof(bh));
	if (g->bh_nh == GN_BH_SECURED) {
		if (g->secured != NULL)
			buf_add(b, g->secured, g->secured_len);
		return b->oom ? -1 : 0;
	}
	return gn_build_inner(b, g);
}

/* --- checks and JSON ---------------------------------------------------- */

static int
pos_ok(int32_t lat, int32_t lon)
{
	return lat >= -900000000 && lat <= 900000000 &&
	    lon >= -1800000000 && lon <= 1800000000;
}

enum reason
gn_check(const struct gn_packet *g, const char **why)
{
	const char	*w = NULL;

	if (!g->has_common)
		return REASON_OK;
	if (!pos_ok(g->so.lat, g->so.lon))
		w = "source position out of range";
	else if (g->so.heading > 3599)
		w = "source heading out of range";
	else if ((g->ht == GN_HT_GUC ||
	    (g->ht == GN_HT_LS && g->hst == GN_HST_LS_REPLY)) &&
	    !pos_ok(g->de.lat, g->de.lon))
		w = "destination position out of range";
	else if ((g->ht == GN_HT_GAC || g->ht == GN_HT_GBC) &&
	    !pos_ok(g->area.lat, g->area.lon))
		w = "area centre out of range";
	else if ((g->ht == GN_HT_GAC || g->ht == GN_HT_GBC) &&
	    g->area.angle > 359)
		w = "area angle out of range";
	else if (g->rhl > g->mhl)
		w = "remaining hop limit above the maximum";
	else if (g->ht == GN_HT_TSB && g->hst == GN_HST_SHB && g->mhl != 1)
		w = "single-hop broadcast with a maximum hop limit other than 1";
	else if ((g->ht == GN_HT_BEACON || g->ht == GN_HT_LS) && g->pl != 0)
		w = "beacon or location service packet with a payload";
	if (why != NULL)
		*why = w;
	return w == NULL ? REASON_OK : REASON_BAD_VALUE;
}

static void
json_bool(struct buf *b, const char *key, int v)
{
	buf_addf(b, ",\"%s\":%s", key, v ? "true" : "false");
}

/* 1/10 microdegree as exact degrees with 7 decimals. */
static void
json_deg(struct buf *b, const char *key, int32_t v)
{
	long long	 a = v;
	const char	*sign = "";

	if (a < 0) {
		a = -a;
		sign = "-";
	}
	buf_addf(b, ",\"%s\":%s%lld.%07lld", key, sign, a / 10000000,
	    a % 10000000);
}

static void
json_addr(struct buf *b, const struct gn_addr *a)
{
	char	 mid[18];
	uint8_t	 o[2];

	o[0] = (uint8_t)(a->manual << 7 | a->station_type << 2 |
	    (a->reserved >> 8 & 3));
	o[1] = a->reserved & 0xff;
	buf_adds(b, "\"address\":\"");
	buf_addhex(b, o, 2);
	buf_addhex(b, a->mid, 6);
	buf_addc(b, '"');
	json_bool(b, "manual", a->manual);
	buf_addf(b, ",\"stationType\":%u", a->station_type);
	if (a->reserved)
		buf_addf(b, ",\"reserved\":%u", a->reserved);
	snprintf(mid, sizeof(mid), "%02x:%02x:%02x:%02x:%02x:%02x",
	    a->mid[0], a->mid[1], a->mid[2], a->mid[3], a->mid[4], a->mid[5]);
	buf_adds(b, ",\"mid\":");
	jer_string(b, mid, strlen(mid));
}

static void
json_pos(struct buf *b, uint32_t tst, int32_t lat, int32_t lon)
{
	buf_addf(b, ",\"timestamp\":%lu,\"lat\":%ld,\"long\":%ld",
	    (unsigned long)tst, (long)lat, (long)lon);
	json_deg(b, "latDeg", lat);
	json_deg(b, "longDeg", lon);
}

void
gn_json(struct buf *b, const struct gn_packet *g)
{
	static const char *const bhnh[] = { "any", "common", "secured" };
	static const char *const nh[] = { "any", "btp-a", "btp-b", "ipv6" };
	static const char *const shape[] = { "circle", "rectangle",
	    "ellipse" };
	const char	*type;

	buf_addf(b, "{\"layer\":\"gn\",\"version\":%u,\"nextHeader\":",
	    g->version);
	if (g->bh_nh < 3)
		jer_string(b, bhnh[g->bh_nh], strlen(bhnh[g->bh_nh]));
	else
		buf_addf(b, "%u", g->bh_nh);
	buf_addf(b, ",\"lifetime\":{\"multiplier\":%u,\"base\":%u}"
	    ",\"lifetimeMs\":%lu,\"hopLimit\":%u", g->lt_mult, g->lt_base,
	    gn_lifetime_ms(g), g->rhl);
	if (g->secured != NULL)
		buf_addf(b, ",\"secured\":{\"offset\":%zu,\"length\":%zu}",
		    g->secured_off, g->secured_len);
	if (g->has_common && (type = gn_type_str(g->ht, g->hst)) != NULL) {
		buf_adds(b, ",\"transport\":");
		if (g->nh < 4)
			jer_string(b, nh[g->nh], strlen(nh[g->nh]));
		else
			buf_addf(b, "%u", g->nh);
		buf_adds(b, ",\"type\":");
		jer_string(b, type, strlen(type));
		buf_adds(b, ",\"trafficClass\":{");
		buf_addf(b, "\"scf\":%s", g->tc & GN_TC_SCF ? "true" : "false");
		json_bool(b, "channelOffload", g->tc & GN_TC_OFFLOAD);
		buf_addf(b, ",\"id\":%u}", GN_TC_ID(g->tc));
		json_bool(b, "mobile", g->flags & GN_FLAG_MOBILE);
		buf_addf(b, ",\"payloadLength\":%u,\"maxHopLimit\":%u", g->pl,
		    g->mhl);
		if (!(g->ht == GN_HT_BEACON ||
		    (g->ht == GN_HT_TSB && g->hst == GN_HST_SHB)))
			buf_addf(b, ",\"sequenceNumber\":%u", g->sn);

		buf_adds(b, ",\"source\":{");
		json_addr(b, &g->so.addr);
		json_pos(b, g->so.tst, g->so.lat, g->so.lon);
		json_bool(b, "pai", g->so.pai);
		buf_addf(b, ",\"speed\":%d,\"heading\":%u}", g->so.speed,
		    g->so.heading);

		if (g->ht == GN_HT_GUC ||
		    (g->ht == GN_HT_LS && g->hst == GN_HST_LS_REPLY)) {
			buf_adds(b, ",\"destination\":{");
			json_addr(b, &g->de.addr);
			json_pos(b, g->de.tst, g->de.lat, g->de.lon);
			buf_addc(b, '}');
		} else if (g->ht == GN_HT_LS) {
			buf_adds(b, ",\"requestedAddress\":{");
			json_addr(b, &g->ls_addr);
			buf_addc(b, '}');
		} else if (g->ht == GN_HT_GAC || g->ht == GN_HT_GBC) {
			buf_adds(b, ",\"destinationArea\":{\"shape\":");
			jer_string(b, shape[g->hst], strlen(shape[g->hst]));
			buf_addf(b, ",\"lat\":%ld,\"long\":%ld",
			    (long)g->area.lat, (long)g->area.lon);
			json_deg(b, "latDeg", g->area.lat);
			json_deg(b, "longDeg", g->area.lon);
			buf_addf(b, ",\"a\":%u,\"b\":%u,\"angle\":%u",
			    g->area.a, g->area.b, g->area.angle);
			if (g->area.reserved)
				buf_addf(b, ",\"reserved\":%u",
				    g->area.reserved);
			buf_addc(b, '}');
		} else if (g->ht == GN_HT_TSB && g->hst == GN_HST_SHB) {
			buf_addf(b, ",\"mediaDependent\":\"%08lx\"",
			    (unsigned long)g->mdd);
		}
	}
	if (g->bh_reserved || (g->has_common && (g->ch_reserved1 ||
	    g->ch_reserved2 || g->ext_reserved || (g->flags & 0x7f))))
		buf_addf(b, ",\"reserved\":{\"basic\":%u,\"common\":[%u,%u]"
		    ",\"flags\":%u,\"extended\":%u}", g->bh_reserved,
		    g->ch_reserved1, g->ch_reserved2, g->flags & 0x7f,
		    g->ext_reserved);
	if (g->trailing)
		buf_addf(b, ",\"trailing\":%zu", g->trailing);
	buf_addc(b, '}');
}
