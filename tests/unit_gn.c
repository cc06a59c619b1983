/*
 * unit_gn.c: unit tests of the GeoNetworking codec (gn.c, EN 302 636-4-1
 * v1.4.1) with BTP (btp.c): build then parse is the identity and parse then
 * build gives the same bytes for every packet type on generated packets;
 * truncation at every byte, lying payload lengths, wrong versions, unknown
 * types; the ms-van3t capture (every frame rebuilt) and vanetza's secured
 * CAM from $VECTORS.  Prints PASS/FAIL/SKIP lines.
 *   unit_gn --emit        print "NAME FRAME-HEX GN-JSON BTP-JSON" lines of
 *                         Ethernet frames for tests/gn_tshark.py
 *   unit_gn --corpus DIR  write fuzz seeds (tests/fuzz/corpus/gn/)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "btp.h"
#include "buf.h"
#include "check.h"
#include "gn.h"
#include "reason.h"

#define SEEDS		300	/* generated packets per type */
#define PAYLOAD_MAX	96

/* xorshift64*: deterministic, enough for test data. */
struct rng {
	uint64_t	 s;
};

static uint64_t
rnd(struct rng *r)
{
	return check_rnd(&r->s);
}

static long
rnd_range(struct rng *r, long lo, long hi)
{
	return lo + (long)(rnd(r) % (uint64_t)(hi - lo + 1));
}

/* The twelve packet types gn.c knows. */
static const struct {
	uint8_t	 ht, hst;
} types[] = {
	{ GN_HT_BEACON, 0 },
	{ GN_HT_GUC, 0 },
	{ GN_HT_GAC, GN_HST_CIRCLE },
	{ GN_HT_GAC, GN_HST_RECT },
	{ GN_HT_GAC, GN_HST_ELLIPSE },
	{ GN_HT_GBC, GN_HST_CIRCLE },
	{ GN_HT_GBC, GN_HST_RECT },
	{ GN_HT_GBC, GN_HST_ELLIPSE },
	{ GN_HT_TSB, GN_HST_SHB },
	{ GN_HT_TSB, GN_HST_MULTIHOP },
	{ GN_HT_LS, GN_HST_LS_REQUEST },
	{ GN_HT_LS, GN_HST_LS_REPLY },
};
#define NTYPES	(sizeof(types) / sizeof(types[0]))

static int
has_sn(uint8_t ht, uint8_t hst)
{
	return !(ht == GN_HT_BEACON || (ht == GN_HT_TSB && hst == GN_HST_SHB));
}

static void
gen_addr(struct rng *r, struct gn_addr *a, int odd)
{
	size_t	 i;

	a->manual = rnd(r) & 1;
	a->station_type = rnd(r) & 31;
	a->reserved = odd ? rnd(r) & 1023 : 0;
	for (i = 0; i < sizeof(a->mid); i++)
		a->mid[i] = (uint8_t)rnd(r);
}

/*
 * A random packet of the type with every field the type has, the others
 * zero as gn_parse leaves them.  odd: reserved fields and positions take
 * any value (wire identity); otherwise they are valid.
 */
static void
gen(struct rng *r, uint8_t ht, uint8_t hst, int odd, struct gn_packet *g,
    uint8_t *pay)
{
	size_t	 i, len;

	memset(g, 0, sizeof(*g));
	g->version = GN_VERSION;
	g->bh_nh = GN_BH_COMMON;
	g->bh_reserved = odd ? (uint8_t)rnd(r) : 0;
	g->lt_mult = rnd(r) & 63;
	g->lt_base = rnd(r) & 3;
	g->has_common = 1;
	g->nh = rnd(r) & 3;
	g->ch_reserved1 = odd ? rnd(r) & 15 : 0;
	g->ht = ht;
	g->hst = hst;
	g->tc = (uint8_t)rnd(r);
	g->flags = odd ? (uint8_t)rnd(r) : (uint8_t)(rnd(r) & GN_FLAG_MOBILE);
	g->mhl = (uint8_t)rnd_range(r, 1, 255);
	g->rhl = (uint8_t)rnd_range(r, 0, g->mhl);
	if (ht == GN_HT_TSB && hst == GN_HST_SHB)
		g->mhl = g->rhl = 1;
	g->ch_reserved2 = odd ? (uint8_t)rnd(r) : 0;
	if (has_sn(ht, hst)) {
		g->sn = (uint16_t)rnd(r);
		g->ext_reserved = odd ? (uint16_t)rnd(r) : 0;
	}
	gen_addr(r, &g->so.addr, odd);
	g->so.tst = (uint32_t)rnd(r);
	g->so.lat = odd ? (int32_t)rnd(r) : rnd_range(r, -900000000, 900000000);
	g->so.lon = odd ? (int32_t)rnd(r) :
	    rnd_range(r, -1800000000, 1800000000);
	g->so.pai = rnd(r) & 1;
	g->so.speed = (int16_t)rnd_range(r, -16384, 16383);
	g->so.heading = odd ? (uint16_t)rnd(r) : rnd_range(r, 0, 3599);
	if (ht == GN_HT_GUC || (ht == GN_HT_LS && hst == GN_HST_LS_REPLY)) {
		gen_addr(r, &g->de.addr, odd);
		g->de.tst = (uint32_t)rnd(r);
		g->de.lat = rnd_range(r, -900000000, 900000000);
		g->de.lon = rnd_range(r, -1800000000, 1800000000);
	} else if (ht == GN_HT_LS)
		gen_addr(r, &g->ls_addr, odd);
	else if (ht == GN_HT_GAC || ht == GN_HT_GBC) {
		g->area.lat = rnd_range(r, -900000000, 900000000);
		g->area.lon = rnd_range(r, -1800000000, 1800000000);
		g->area.a = (uint16_t)rnd(r);
		g->area.b = hst == GN_HST_CIRCLE ? 0 : (uint16_t)rnd(r);
		g->area.angle = hst == GN_HST_CIRCLE ? 0 : rnd_range(r, 0, 359);
		g->area.reserved = odd ? (uint16_t)rnd(r) : 0;
	} else if (ht == GN_HT_TSB && hst == GN_HST_SHB)
		g->mdd = odd ? (uint32_t)rnd(r) : 0;
	/* beacons and LS packets carry no payload, but the wire allows it */
	len = (ht == GN_HT_BEACON || ht == GN_HT_LS) && !odd ? 0 :
	    (size_t)rnd_range(r, 0, PAYLOAD_MAX);
	if (len == 0)
		g->nh = GN_NH_ANY;
	for (i = 0; i < len; i++)
		pay[i] = (uint8_t)rnd(r);
	g->pl = (uint16_t)len;
	g->payload = pay;
}

static int
addr_eq(const struct gn_addr *a, const struct gn_addr *b)
{
	return a->manual == b->manual && a->station_type == b->station_type &&
	    a->reserved == b->reserved && memcmp(a->mid, b->mid, 6) == 0;
}

/* Every header field and the payload bytes; why names the first that
 * differs. */
static int
pkt_eq(const struct gn_packet *a, const struct gn_packet *b, const char **why)
{
#define F(x)	if (a->x != b->x) { *why = #x; return 0; }
	F(version) F(bh_nh) F(bh_reserved) F(lt_mult) F(lt_base) F(rhl)
	F(has_common) F(nh) F(ch_reserved1) F(ht) F(hst) F(tc) F(flags) F(pl)
	F(mhl) F(ch_reserved2) F(sn) F(ext_reserved)
	F(so.tst) F(so.lat) F(so.lon) F(so.pai) F(so.speed) F(so.heading)
	F(de.tst) F(de.lat) F(de.lon)
	F(area.lat) F(area.lon) F(area.a) F(area.b) F(area.angle)
	F(area.reserved) F(mdd)
#undef F
	if (!addr_eq(&a->so.addr, &b->so.addr)) {
		*why = "so.addr";
		return 0;
	}
	if (!addr_eq(&a->de.addr, &b->de.addr)) {
		*why = "de.addr";
		return 0;
	}
	if (!addr_eq(&a->ls_addr, &b->ls_addr)) {
		*why = "ls_addr";
		return 0;
	}
	if ((a->payload == NULL) != (b->payload == NULL) ||
	    (a->payload != NULL && memcmp(a->payload, b->payload, a->pl))) {
		*why = "payload";
		return 0;
	}
	return 1;
}

/* --- generated packets -------------------------------------------------- */

/* Build, parse, compare; parse's JSON reads as JSON with the right type;
 * build again gives the same bytes.  Also the inner part alone. */
static void
test_identity(void)
{
	struct gn_packet g, back;
	struct buf	 b, b2, js;
	struct rng	 r = { 0x9e3779b97f4a7c15ULL };
	uint8_t		 pay[PAYLOAD_MAX];
	char		 name[64], why[256];
	const char	*w;
	json_t		*j;
	json_error_t	 je;
	size_t		 t;
	int		 i, odd, bad;
	enum reason	 e;

	buf_init(&b);
	buf_init(&b2);
	buf_init(&js);
	for (t = 0; t < NTYPES; t++) {
		bad = 0;
		why[0] = '\0';
		for (i = 0; i < SEEDS && !bad; i++) {
			odd = i % 3 == 2;
			gen(&r, types[t].ht, types[t].hst, odd, &g, pay);
			buf_reset(&b);
			buf_reset(&b2);
			buf_reset(&js);
			if (gn_build(&b, &g) != 0) {
				snprintf(why, sizeof(why), "seed %d: build", i);
				bad = 1;
				break;
			}
			if (b.len != gn_inner_hdr_len(g.ht, g.hst) +
			    GN_BH_LEN + g.pl) {
				snprintf(why, sizeof(why), "seed %d: %zu bytes",
				    i, b.len);
				bad = 1;
				break;
			}
			if ((e = gn_parse((uint8_t *)b.p, b.len, &back)) !=
			    REASON_OK) {
				snprintf(why, sizeof(why), "seed %d: parse: %s",
				    i, reason_str(e));
				bad = 1;
				break;
			}
			if (!pkt_eq(&g, &back, &w) || back.trailing != 0 ||
			    back.hdr_len + back.pl != b.len) {
				snprintf(why, sizeof(why), "seed %d: field %s",
				    i, w);
				bad = 1;
				break;
			}
			if (!odd && gn_check(&back, &w) != REASON_OK) {
				snprintf(why, sizeof(why), "seed %d: check: %s",
				    i, w);
				bad = 1;
				break;
			}
			back.payload = NULL;	/* headers only, then pl */
			if (gn_build(&b2, &back) != 0 ||
			    b2.len + back.pl != b.len ||
			    memcmp(b.p, b2.p, b2.len) != 0) {
				snprintf(why, sizeof(why), "seed %d: rebuild",
				    i);
				bad = 1;
				break;
			}
			gn_json(&js, &g);
			if ((j = json_loadb(js.p, js.len, 0, &je)) == NULL ||
			    strcmp(json_string_value(json_object_get(j,
			    "type")), gn_type_str(g.ht, g.hst)) != 0 ||
			    json_integer_value(json_object_get(json_object_get(
			    j, "source"), "lat")) != g.so.lat ||
			    json_integer_value(json_object_get(j,
			    "lifetimeMs")) != (json_int_t)gn_lifetime_ms(&g)) {
				snprintf(why, sizeof(why), "seed %d: JSON %.150s",
				    i, buf_cstr(&js));
				bad = 1;
			}
			json_decref(j);

			/* the inner part on its own, as a secured packet
			 * carries it */
			buf_reset(&b2);
			back = g;
			if (gn_build_inner(&b2, &g) != 0 ||
			    b2.len + GN_BH_LEN != b.len ||
			    memcmp(b2.p, b.p + GN_BH_LEN, b2.len) != 0 ||
			    gn_parse_inner((uint8_t *)b2.p, b2.len, &back) !=
			    REASON_OK || !pkt_eq(&g, &back, &w)) {
				snprintf(why, sizeof(why), "seed %d: inner",
				    i);
				bad = 1;
			}
		}
		snprintf(name, sizeof(name), "identity %s (%d packets)",
		    gn_type_str(types[t].ht, types[t].hst), i);
		report(name, bad, why);
	}
	buf_free(&b);
	buf_free(&b2);
	buf_free(&js);
}

/* Cut every packet at every byte: inside the headers TRUNCATED, inside
 * the payload BAD_LENGTH (the payload length says more than there is);
 * gn_parse_inner likewise.  A payload length above or below the truth. */
static void
test_truncation_and_length(void)
{
	struct gn_packet g, back;
	struct buf	 b;
	struct rng	 r = { 12345 };
	uint8_t		 pay[PAYLOAD_MAX], *q;
	char		 name[80], why[160];
	size_t		 t, k, hl;
	int		 bad, badl;
	enum reason	 e, want;

	buf_init(&b);
	for (t = 0; t < NTYPES; t++) {
		bad = badl = 0;
		why[0] = '\0';
		gen(&r, types[t].ht, types[t].hst, 0, &g, pay);
		if (g.pl < 2) {		/* at least 2 octets, for pl-1 */
			g.pl = 7;
			memset(pay, 0xa5, 7);
		}
		buf_reset(&b);
		if (gn_build(&b, &g) != 0) {
			report("truncation build", 1, "build");
			continue;
		}
		hl = b.len - g.pl;
		for (k = 0; k < b.len && !bad; k++) {
			/* a copy of exactly k bytes, for ASan */
			if ((q = malloc(k ? k : 1)) == NULL)
				abort();
			memcpy(q, b.p, k);
			want = k < hl ? REASON_TRUNCATED : REASON_BAD_LENGTH;
			if ((e = gn_parse(q, k, &back)) != want) {
				snprintf(why, sizeof(why), "cut at %zu: %s, "
				    "want %s", k, reason_str(e),
				    reason_str(want));
				bad = 1;
			}
			if (k >= GN_BH_LEN && (e = gn_parse_inner(q +
			    GN_BH_LEN, k - GN_BH_LEN, &back)) != want) {
				snprintf(why, sizeof(why), "inner cut at %zu: "
				    "%s, want %s", k, reason_str(e),
				    reason_str(want));
				bad = 1;
			}
			free(q);
		}
		snprintf(name, sizeof(name), "truncated at every byte %s "
		    "(%zu cuts)", gn_type_str(g.ht, g.hst), k);
		report(name, bad, why);

		/* lying payload lengths: common header octets 4-5 */
		q = (uint8_t *)b.p + GN_BH_LEN + 4;
		q[0] = (g.pl + 1) >> 8;
		q[1] = (g.pl + 1) & 0xff;
		if ((e = gn_parse((uint8_t *)b.p, b.len, &back)) !=
		    REASON_BAD_LENGTH) {
			snprintf(why, sizeof(why), "pl+1: %s", reason_str(e));
			badl = 1;
		}
		if ((e = gn_parse_inner((uint8_t *)b.p + GN_BH_LEN,
		    b.len - GN_BH_LEN, &back)) != REASON_BAD_LENGTH) {
			snprintf(why, sizeof(why), "inner pl+1: %s",
			    reason_str(e));
			badl = 1;
		}
		q[0] = 0xff;
		q[1] = 0xff;
		if ((e = gn_parse((uint8_t *)b.p, b.len, &back)) !=
		    REASON_BAD_LENGTH) {
			snprintf(why, sizeof(why), "pl 65535: %s",
			    reason_str(e));
			badl = 1;
		}
		/* less than there is: link padding outside, a lie inside */
		q[0] = (g.pl - 1) >> 8;
		q[1] = (g.pl - 1) & 0xff;
		if ((e = gn_parse((uint8_t *)b.p, b.len, &back)) != REASON_OK ||
		    back.trailing != 1 || back.pl != g.pl - 1) {
			snprintf(why, sizeof(why), "pl-1: %s, trailing %zu",
			    reason_str(e), back.trailing);
			badl = 1;
		}
		if ((e = gn_parse_inner((uint8_t *)b.p + GN_BH_LEN,
		    b.len - GN_BH_LEN, &back)) != REASON_BAD_LENGTH) {
			snprintf(why, sizeof(why), "inner pl-1: %s",
			    reason_str(e));
			badl = 1;
		}
		snprintf(name, sizeof(name), "lying payload length %s",
		    gn_type_str(g.ht, g.hst));
		report(name, badl, why);
	}
	buf_free(&b);
}

static enum reason
parse_patched(const struct buf *b, size_t off, uint8_t v,
    struct gn_packet *out)
{
	uint8_t	 q[256];
	size_t	 n = b->len < sizeof(q) ? b->len : sizeof(q);

	memcpy(q, b->p, n);
	q[off] = v;
	return gn_parse(q, n, out);
}

/* Versions 0 and 2..15; next headers, header types and subtypes that
 * the standard does not define. */
static void
test_versions_and_types(void)
{
	struct gn_packet g, back;
	struct buf	 b;
	struct rng	 r = { 777 };
	uint8_t		 pay[PAYLOAD_MAX], v, x;
	char		 why[160];
	int		 bad = 0;
	size_t		 t;
	enum reason	 e, want;

	buf_init(&b);
	gen(&r, GN_HT_TSB, GN_HST_SHB, 0, &g, pay);
	if (gn_build(&b, &g) != 0)
		abort();
	why[0] = '\0';
	for (v = 0; v < 16; v++) {
		if (v == GN_VERSION)
			continue;
		e = parse_patched(&b, 0, (uint8_t)(v << 4 | GN_BH_COMMON),
		    &back);
		if (e != REASON_UNKNOWN_VERSION || back.version != v) {
			snprintf(why, sizeof(why), "version %u: %s "
			    "(reported %u)", v, reason_str(e), back.version);
			bad = 1;
		}
	}
	/* a lone octet is enough to tell the version */
	if (gn_parse((const uint8_t *)"\x21", 1, &back) !=
	    REASON_UNKNOWN_VERSION || back.version != 2) {
		snprintf(why, sizeof(why), "one octet, version 2");
		bad = 1;
	}
	report("wrong versions 0, 2..15 -> UNKNOWN_VERSION", bad, why);

	bad = 0;
	for (v = 0; v < 16; v++) {
		if (v == GN_BH_COMMON || v == GN_BH_SECURED)
			continue;
		e = parse_patched(&b, 0, (uint8_t)(GN_VERSION << 4 | v),
		    &back);
		want = v == GN_BH_ANY ? REASON_UNSUPPORTED :
		    REASON_UNKNOWN_TYPE;
		if (e != want) {
			snprintf(why, sizeof(why), "basic NH %u: %s", v,
			    reason_str(e));
			bad = 1;
		}
	}
	for (v = 4; v < 16; v++) {
		x = (uint8_t)(v << 4);
		if ((e = parse_patched(&b, GN_BH_LEN, x, &back)) !=
		    REASON_UNKNOWN_TYPE) {
			snprintf(why, sizeof(why), "common NH %u: %s", v,
			    reason_str(e));
			bad = 1;
		}
	}
	/* every header type / subtype octet: undefined ones UNKNOWN_TYPE,
	 * defined ones parse or fail on their (other) length only */
	for (t = 0; t < 256; t++) {
		x = (uint8_t)t;
		e = parse_patched(&b, GN_BH_LEN + 1, x, &back);
		if (gn_inner_hdr_len(x >> 4, x & 15) == 0 ?
		    e != REASON_UNKNOWN_TYPE : (e != REASON_OK &&
		    e != REASON_TRUNCATED && e != REASON_BAD_LENGTH)) {
			snprintf(why, sizeof(why), "header type 0x%02zx: %s",
			    t, reason_str(e));
			bad = 1;
		}
	}
	report("unknown next headers, header types, subtypes -> UNKNOWN_TYPE",
	    bad, why);

	/* what the builder refuses */
	bad = 0;
	back = g;
	back.ht = GN_HT_ANY;
	bad |= gn_build(&b, &back) != -1;
	back = g;
	back.hst = 3;
	back.ht = GN_HT_GBC;
	bad |= gn_build(&b, &back) != -1;
	back = g;
	back.lt_mult = 64;
	bad |= gn_build(&b, &back) != -1;
	back = g;
	back.so.speed = 16384;
	bad |= gn_build(&b, &back) != -1;
	back = g;
	back.so.addr.station_type = 32;
	bad |= gn_build(&b, &back) != -1;
	report("builder refuses fields out of range", bad, "accepted");
	buf_free(&b);
}

/* Secured: basic header, then the 1609.2 data to the end; the inner part
 * comes back through gn_parse_inner. */
static void
test_secured(void)
{
	struct gn_packet g, back, inner;
	struct buf	 b, in, b2;
	struct rng	 r = { 4242 };
	uint8_t		 pay[PAYLOAD_MAX];
	char		 why[160] = "";
	int		 bad = 0;
	size_t		 t;
	enum reason	 e;

	buf_init(&b);
	buf_init(&in);
	buf_init(&b2);
	for (t = 0; t < NTYPES && !bad; t++) {
		gen(&r, types[t].ht, types[t].hst, 0, &g, pay);
		buf_reset(&in);
		buf_reset(&b);
		buf_reset(&b2);
		if (gn_build_inner(&in, &g) != 0)
			abort();
		/* a stand-in for the Ieee1609Dot2Data: unsecuredData */
		g.bh_nh = GN_BH_SECURED;
		g.secured = NULL;
		if (gn_build(&b, &g) != 0 || b.len != GN_BH_LEN) {
			snprintf(why, sizeof(why), "basic header alone");
			bad = 1;
			break;
		}
		buf_add(&b, "\x03\x80", 2);
		buf_addc(&b, (char)in.len);	/* < 128 here */
		buf_add(&b, in.p, in.len);
		if ((e = gn_parse((uint8_t *)b.p, b.len, &back)) !=
		    REASON_OK || back.has_common || back.secured_off != 4 ||
		    back.secured != (uint8_t *)b.p + 4 ||
		    back.secured_len != b.len - 4 || back.payload != NULL) {
			snprintf(why, sizeof(why), "%s: parse %s",
			    gn_type_str(g.ht, g.hst), reason_str(e));
			bad = 1;
			break;
		}
		if (gn_build(&b2, &back) != 0 || b2.len != b.len ||
		    memcmp(b2.p, b.p, b.len) != 0) {
			snprintf(why, sizeof(why), "rebuild");
			bad = 1;
			break;
		}
		inner = back;
		if (gn_parse_inner((uint8_t *)b.p + 7, b.len - 7, &inner) !=
		    REASON_OK || !inner.has_common || inner.bh_nh !=
		    GN_BH_SECURED || inner.ht != g.ht || inner.hst != g.hst ||
		    inner.so.lat != g.so.lat || inner.pl != g.pl ||
		    inner.secured != back.secured) {
			snprintf(why, sizeof(why), "%s: inner",
			    gn_type_str(g.ht, g.hst));
			bad = 1;
		}
	}
	if (!bad && (gn_parse((const uint8_t *)"\x12\x00\x05\x01", 4,
	    &back) != REASON_TRUNCATED)) {
		snprintf(why, sizeof(why), "secured basic header alone");
		bad = 1;
	}
	report("secured packets: basic header, secured part, inner", bad, why);
	buf_free(&b);
	buf_free(&in);
	buf_free(&b2);
}

static void
test_lifetime_and_check(void)
{
	static const struct {
		unsigned long	 ms;
		uint8_t		 mult, base;
		unsigned long	 back;
	} lt[] = {
		{ 0, 0, 0, 0 }, { 50, 1, 0, 50 }, { 1000, 20, 0, 1000 },
		{ 3150, 63, 0, 3150 }, { 3200, 4, 1, 4000 },
		{ 60000, 60, 1, 60000 }, { 600000, 60, 2, 600000 },
		{ 6300000, 63, 3, 6300000 }, { 75, 2, 0, 100 },
	};
	struct gn_packet g;
	struct rng	 r = { 99 };
	uint8_t		 pay[PAYLOAD_MAX];
	const char	*w = NULL;
	char		 why[160] = "";
	size_t		 i;
	int		 bad = 0;

	memset(&g, 0, sizeof(g));
	for (i = 0; i < sizeof(lt) / sizeof(lt[0]); i++) {
		if (gn_lifetime_set(&g, lt[i].ms) != 0 || g.lt_mult !=
		    lt[i].mult || g.lt_base != lt[i].base ||
		    gn_lifetime_ms(&g) != lt[i].back) {
			snprintf(why, sizeof(why), "%lu ms: %u x base %u",
			    lt[i].ms, g.lt_mult, g.lt_base);
			bad = 1;
		}
	}
	if (gn_lifetime_set(&g, 6300001) != -1) {
		snprintf(why, sizeof(why), "6300001 ms accepted");
		bad = 1;
	}
	report("lifetime multiplier and base", bad, why);

	bad = 0;
	gen(&r, GN_HT_GBC, GN_HST_ELLIPSE, 0, &g, pay);
	bad |= gn_check(&g, &w) != REASON_OK;
	g.so.lat = 900000001;
	bad |= gn_check(&g, &w) != REASON_BAD_VALUE || w == NULL;
	g.so.lat = 0;
	g.area.angle = 360;
	bad |= gn_check(&g, &w) != REASON_BAD_VALUE;
	g.area.angle = 0;
	g.so.heading = 3600;
	bad |= gn_check(&g, &w) != REASON_BAD_VALUE;
	g.so.heading = 0;
	g.rhl = 2;
	g.mhl = 1;
	bad |= gn_check(&g, &w) != REASON_BAD_VALUE;
	report("gn_check flags forbidden values", bad, w ? w : "");
}

/* --- vectors ------------------------------------------------------------ */

/* Every frame of ms-van3t's capture: Ethernet, GN SHB, BTP-B; 367 CAMs
 * (2001) and 562 CPMs (2009); headers and whole frames rebuilt. */
static void
test_msvan3t(void)
{
	struct gn_packet g;
	struct btp_hdr	 h;
	struct pcap_pkthdr *ph;
	struct buf	 b;
	pcap_t		*pc;
	const uint8_t	*d;
	char		 path[1024], err[PCAP_ERRBUF_SIZE], why[256] = "";
	long		 frames = 0, cam = 0, cpm = 0, other = 0, badpos = 0;
	int		 rc, bad = 0;
	enum reason	 e;

	snprintf(path, sizeof(path), "%s/ms-van3t/sample_trace.pcapng",
	    check_vectors());
	if ((pc = pcap_open_offline(path, err)) == NULL) {
		check_skip("ms-van3t sample_trace: %s", err);
		return;
	}
	buf_init(&b);
	while ((rc = pcap_next_ex(pc, &ph, &d)) == 1) {
		frames++;
		if (bad)
			continue;
		if (ph->caplen < 14 || d[12] != 0x89 || d[13] != 0x47) {
			snprintf(why, sizeof(why), "frame %ld: not GN", frames);
			bad = 1;
			continue;
		}
		if ((e = gn_parse(d + 14, ph->caplen - 14, &g)) != REASON_OK) {
			snprintf(why, sizeof(why), "frame %ld: %s", frames,
			    reason_str(e));
			bad = 1;
			continue;
		}
		if (g.ht != GN_HT_TSB || g.hst != GN_HST_SHB ||
		    g.nh != GN_NH_BTP_B || g.trailing != 0) {
			snprintf(why, sizeof(why), "frame %ld: not a clean "
			    "SHB with BTP-B", frames);
			bad = 1;
			continue;
		}
		if ((e = btp_parse(g.payload, g.pl, g.nh, &h)) != REASON_OK) {
			snprintf(why, sizeof(why), "frame %ld: BTP %s", frames,
			    reason_str(e));
			bad = 1;
			continue;
		}
		/* some frames carry the "unknown" position INT32_MIN */
		if (gn_check(&g, NULL) != REASON_OK)
			badpos++;
		if (h.dst_port == BTP_PORT_CAM)
			cam++;
		else if (h.dst_port == BTP_PORT_CPM)
			cpm++;
		else
			other++;
		/* headers alone, then the whole frame from the parts */
		buf_reset(&b);
		g.payload = NULL;
		h.payload = NULL;
		if (gn_build(&b, &g) != 0 || btp_build(&b, &h) != 0 ||
		    b.len != g.hdr_len + BTP_HDR_LEN ||
		    memcmp(b.p, d + 14, b.len) != 0) {
			snprintf(why, sizeof(why), "frame %ld: headers do not "
			    "rebuild", frames);
			bad = 1;
			continue;
		}
		buf_reset(&b);
		g.payload = d + 14 + g.hdr_len;
		if (gn_build(&b, &g) != 0 || b.len != ph->caplen - 14 ||
		    memcmp(b.p, d + 14, b.len) != 0) {
			snprintf(why, sizeof(why), "frame %ld: frame does not "
			    "rebuild", frames);
			bad = 1;
		}
	}
	pcap_close(pc);
	buf_free(&b);
	if (!bad)
		snprintf(why, sizeof(why), "%ld frames", frames);
	report("ms-van3t: every frame Ethernet + GN SHB + BTP-B, rebuilt",
	    bad || frames != 929, why);
	printf("ms-van3t: %ld frames, %ld with a position out of range\n",
	    frames, badpos);
	snprintf(why, sizeof(why), "%ld CAM, %ld CPM, %ld other", cam, cpm,
	    other);
	report("ms-van3t: 367 CAM (2001), 562 CPM (2009)",
	    cam != 367 || cpm != 562 || other != 0, why);
}

/* vanetza's secured CAM: basic header NH=2, the 1609.2 data right after
 * it; its unsecuredData payload (found by hand here: signedData, sha256,
 * tbsData with data = Ieee1609Dot2Data v3 unsecuredData of one-octet
 * length) is common header, SHB and BTP-B 2001. */
static void
test_vanetza(void)
{
	struct gn_packet g;
	struct btp_hdr	 h;
	struct buf	 b;
	FILE		*f;
	uint8_t		 d[2048];
	char		 path[1024], why[160] = "";
	size_t		 n;
	int		 bad = 0;
	enum reason	 e;

	snprintf(path, sizeof(path), "%s/vanetza/cam_v3_certificate.dat",
	    check_vectors());
	if ((f = fopen(path, "rb")) == NULL) {
		check_skip("vanetza cam_v3_certificate: %s",
		    strerror(errno));
		return;
	}
	n = fread(d, 1, sizeof(d), f);
	fclose(f);
	if ((e = gn_parse(d, n, &g)) != REASON_OK || g.bh_nh != GN_BH_SECURED ||
	    g.secured_off != 4 || g.secured != d + 4 || g.secured_len != n - 4 ||
	    g.has_common || g.lt_mult != 1 || g.lt_base != 1 || g.rhl != 1) {
		snprintf(why, sizeof(why), "parse: %s", reason_str(e));
		bad = 1;
	}
	buf_init(&b);
	if (!bad && (gn_build(&b, &g) != 0 || b.len != n ||
	    memcmp(b.p, d, n) != 0)) {
		snprintf(why, sizeof(why), "rebuild");
		bad = 1;
	}
	report("vanetza secured CAM: secured part at offset 4", bad, why);

	bad = 0;
	if (n < 11 || memcmp(d + 4, "\x03\x81\x00\x40\x03\x80", 6) != 0 ||
	    d[10] >= 0x80 || (size_t)d[10] + 11 > n) {
		report("vanetza secured CAM: inner", 1, "layout not as known");
		buf_free(&b);
		return;
	}
	if ((e = gn_parse_inner(d + 11, d[10], &g)) != REASON_OK ||
	    g.ht != GN_HT_TSB || g.hst != GN_HST_SHB || g.nh != GN_NH_BTP_B ||
	    g.bh_nh != GN_BH_SECURED ||
	    btp_parse(g.payload, g.pl, g.nh, &h) != REASON_OK ||
	    h.dst_port != BTP_PORT_CAM || h.payload_len < 2 ||
	    h.payload[0] != 2 || h.payload[1] != 2) {
		snprintf(why, sizeof(why), "inner: %s", reason_str(e));
		bad = 1;
	}
	buf_reset(&b);
	if (!bad && (gn_build_inner(&b, &g) != 0 || b.len != d[10] ||
	    memcmp(b.p, d + 11, b.len) != 0)) {
		snprintf(why, sizeof(why), "inner rebuild");
		bad = 1;
	}
	report("vanetza secured CAM: inner SHB, BTP-B 2001, CAM v2", bad, why);
	buf_free(&b);
}

/* --- frames for tshark, fuzz seeds --------------------------------------- */

struct bits {
	uint8_t	 o[64];
	size_t	 n;		/* bits */
};

static void
bits_put(struct bits *w, uint64_t v, int width)
{
	while (width-- > 0) {
		if (v >> width & 1)
			w->o[w->n / 8] |= (uint8_t)(0x80 >> (w->n % 8));
		w->n++;
	}
}

/* A minimal CAM (EN 302 637-2 v1.4.1, UPER) from a road-side unit:
 * header, generation time, basic container, RSU high-frequency container
 * without its optional zones. */
static size_t
tiny_cam(uint8_t *out, uint32_t station, int32_t lat, int32_t lon)
{
	struct bits w;

	memset(&w, 0, sizeof(w));
	bits_put(&w, 2, 8);		/* protocolVersion */
	bits_put(&w, 2, 8);		/* messageID cam */
	bits_put(&w, station, 32);
	bits_put(&w, 12345, 16);	/* generationDeltaTime */
	bits_put(&w, 0, 1);		/* CamParameters: no extension */
	bits_put(&w, 0, 2);		/* no low-frequency, special */
	bits_put(&w, 0, 1);		/* BasicContainer: no extension */
	bits_put(&w, 15, 8);		/* stationType roadSideUnit */
	bits_put(&w, (uint64_t)((int64_t)lat + 900000000), 31);
	bits_put(&w, (uint64_t)((int64_t)lon + 1800000000), 32);
	bits_put(&w, 4095, 12);		/* semiMajorConfidence unavailable */
	bits_put(&w, 4095, 12);
	bits_put(&w, 3601, 12);		/* semiMajorOrientation unavailable */
	bits_put(&w, 800001 + 100000, 20);	/* altitude unavailable */
	bits_put(&w, 15, 4);		/* altitudeConfidence unavailable */
	bits_put(&w, 0, 1);		/* HighFrequencyContainer: root */
	bits_put(&w, 1, 1);		/* rsuContainerHighFrequency */
	bits_put(&w, 0, 1);		/* no extension */
	bits_put(&w, 0, 1);		/* no protected zones */
	memcpy(out, w.o, (w.n + 7) / 8);
	return (w.n + 7) / 8;
}

/* A valid packet with plausible field values for frame i of a type. */
static void
gen_plausible(struct rng *r, size_t t, int i, struct gn_packet *g,
    uint8_t *pay)
{
	gen(r, types[t].ht, types[t].hst, 0, g, pay);
	g->so.addr.reserved = 0;
	g->so.addr.mid[0] &= 0xfe;	/* unicast MAC */
	g->de.addr.mid[0] &= 0xfe;
	g->ls_addr.mid[0] &= 0xfe;
	g->so.heading = (uint16_t)rnd_range(r, 0, 3599);
	g->sn = (uint16_t)(1000 + t * 16 + (size_t)i);
	if (g->ht == GN_HT_GAC || g->ht == GN_HT_GBC)
		g->area.a = (uint16_t)rnd_range(r, 1, 5000);
	if (g->ht == GN_HT_TSB && g->hst == GN_HST_SHB)
		g->mdd = i == 1 ? 0x11223340 : 0;
}

/* Wrap a GN packet into an Ethernet frame and print one emit line:
 * name, frame hex, gn_json, btp_json (or null), tab-separated. */
static void
emit(const char *name, const struct gn_packet *g, const struct btp_hdr *h,
    const struct buf *gnbytes)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct buf	 f, line;

	buf_init(&f);
	buf_init(&line);
	buf_add(&f, bcast, 6);
	buf_add(&f, g->so.addr.mid, 6);
	buf_add(&f, "\x89\x47", 2);
	buf_add(&f, gnbytes->p, gnbytes->len);
	buf_adds(&line, name);
	buf_addc(&line, '\t');
	buf_addhex(&line, (uint8_t *)f.p, f.len);
	buf_addc(&line, '\t');
	gn_json(&line, g);
	buf_addc(&line, '\t');
	if (h != NULL)
		btp_json(&line, h);
	else
		buf_adds(&line, "null");
	printf("%s\n", buf_cstr(&line));
	buf_free(&f);
	buf_free(&line);
}

static void
coer_len(struct buf *b, size_t n)
{
	if (n >= 256)
		buf_addc(b, (char)0x82), buf_addc(b, (char)(n >> 8));
	else if (n >= 128)
		buf_addc(b, (char)0x81);
	buf_addc(b, (char)(n & 0xff));
}

/* An IEEE 1609.2 v3 (TS 103 097 v1.3.1) signedData around inner, COER:
 * sha256, payload data = unsecuredData, headerInfo psid 36 (CA basic
 * service) and generationTime, signer digest, a zero ECDSA P-256
 * signature.  Only for dissectors: nothing verifies it. */
static void
signed_stub(struct buf *b, const struct buf *inner)
{
	static const uint8_t tail[] = {
		0x40, 0x01, 0x24,			/* headerInfo, psid 36 */
		0x00, 0x02, 0x3a, 0x5c, 0x24, 0x1d, 0x9c, 0x00, /* time */
		0x80, 1, 2, 3, 4, 5, 6, 7, 8,		/* signer digest */
		0x80, 0x80,				/* P-256, x-only */
	};
	uint8_t	 zero[64];

	memset(zero, 0, sizeof(zero));
	buf_add(b, "\x03\x81\x00\x40\x03\x80", 6);
	coer_len(b, inner->len);
	buf_add(b, inner->p, inner->len);
	buf_add(b, tail, sizeof(tail));
	buf_add(b, zero, sizeof(zero));
}

/*
 * Frames of every type with varied fields: BTP-A and BTP-B on ports
 * Wireshark 4.0 does not dissect further (a dummy payload), a tiny CAM on
 * 2001, beacons and LS without payload, IPv6 next header avoided (tshark
 * would dissect the dummy as IPv6); and every type secured, with a
 * signedData stub.  Calls out(name, packet, btp, bytes).
 */
typedef void	 emit_fn(const char *, const struct gn_packet *,
		    const struct btp_hdr *, const struct buf *);

static void
frames(emit_fn *out)
{
	static const uint16_t quiet[] = { 2005, 2014, 2015, 2016, 2017, 2019,
	    5000, 40000 };
	struct gn_packet g;
	struct btp_hdr	 h, *bt;
	struct buf	 b, in, pl;
	struct rng	 r = { 20240911 };
	uint8_t		 pay[PAYLOAD_MAX], cam[64];
	char		 name[64];
	size_t		 t, n;
	int		 k;

	buf_init(&b);
	buf_init(&in);
	buf_init(&pl);
	for (t = 0; t < NTYPES; t++) {
		for (k = 0; k < 3; k++) {
			gen_plausible(&r, t, k, &g, pay);
			buf_reset(&b);
			buf_reset(&pl);
			memset(&h, 0, sizeof(h));
			bt = NULL;
			if (g.ht == GN_HT_BEACON || g.ht == GN_HT_LS) {
				/* no payload (clause 10.3.7.1, 10.3.4) */
				g.nh = GN_NH_ANY;
				g.pl = 0;
				g.payload = NULL;
			} else {
				bt = &h;
				g.nh = k == 1 ? GN_NH_BTP_A : GN_NH_BTP_B;
				h.type = g.nh;
				if (k == 2 && h.type == BTP_B) {
					h.dst_port = BTP_PORT_CAM;
					n = tiny_cam(cam, 1000 + (uint32_t)t,
					    g.so.lat, g.so.lon);
					h.payload = cam;
					h.payload_len = n;
				} else {
					h.dst_port = quiet[rnd(&r) % 8];
					h.src_port = quiet[rnd(&r) % 8];
					h.dst_port_info = (uint16_t)rnd(&r);
					h.payload = pay;
					h.payload_len = rnd(&r) % 40;
				}
				if (btp_build(&pl, &h) != 0)
					abort();
				g.pl = (uint16_t)pl.len;
				g.payload = (uint8_t *)pl.p;
			}
			if (gn_build(&b, &g) != 0)
				abort();
			snprintf(name, sizeof(name), "%s-%d",
			    gn_type_str(g.ht, g.hst), k);
			out(name, &g, bt, &b);

			/* the same, secured */
			if (k != 0)
				continue;
			buf_reset(&in);
			buf_reset(&b);
			if (gn_build_inner(&in, &g) != 0)
				abort();
			g.bh_nh = GN_BH_SECURED;
			g.secured = NULL;
			if (gn_build(&b, &g) != 0)
				abort();
			signed_stub(&b, &in);
			g.secured_off = GN_BH_LEN;
			g.secured = (uint8_t *)b.p + GN_BH_LEN;
			g.secured_len = b.len - GN_BH_LEN;
			snprintf(name, sizeof(name), "secured-%s",
			    gn_type_str(g.ht, g.hst));
			out(name, &g, bt, &b);
		}
	}
	buf_free(&b);
	buf_free(&in);
	buf_free(&pl);
}

static const char *corpus_dir;
static int corpus_count;

static void
write_seed(const char *name, const struct gn_packet *g,
    const struct btp_hdr *h, const struct buf *b)
{
	char	 path[1024];
	FILE	*f;

	(void)g;
	(void)h;
	snprintf(path, sizeof(path), "%s/%s", corpus_dir, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(b->p, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	corpus_count++;
}

/* Seeds: every emitted packet without Ethernet, plus packets with odd
 * reserved fields and padding. */
static int
write_corpus(const char *dir)
{
	struct gn_packet g;
	struct buf	 b, in;
	struct rng	 r = { 31337 };
	uint8_t		 pay[PAYLOAD_MAX];
	char		 name[64];
	size_t		 t;

	corpus_dir = dir;
	frames(write_seed);
	buf_init(&b);
	buf_init(&in);
	for (t = 0; t < NTYPES; t++) {
		gen(&r, types[t].ht, types[t].hst, 1, &g, pay);
		buf_reset(&b);
		if (gn_build(&b, &g) != 0)
			abort();
		buf_add(&b, "\0\0\0\0\0\0", (size_t)(t % 4) * 2);
		snprintf(name, sizeof(name), "odd-%s",
		    gn_type_str(g.ht, g.hst));
		write_seed(name, &g, NULL, &b);

		/* secured basic header with the bare inner packet after it,
		 * which the target feeds to gn_parse_inner */
		buf_reset(&in);
		buf_reset(&b);
		if (gn_build_inner(&in, &g) != 0)
			abort();
		g.bh_nh = GN_BH_SECURED;
		g.secured = (uint8_t *)in.p;
		g.secured_len = in.len;
		if (gn_build(&b, &g) != 0)
			abort();
		snprintf(name, sizeof(name), "inner-%s",
		    gn_type_str(g.ht, g.hst));
		write_seed(name, &g, NULL, &b);
	}
	buf_free(&in);
	buf_free(&b);
	printf("%d seeds in %s\n", corpus_count, dir);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--emit") == 0) {
		frames(emit);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
		return write_corpus(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: unit_gn [--emit | --corpus DIR]\n");
		return 2;
	}
	test_identity();
	test_truncation_and_length();
	test_versions_and_types();
	test_secured();
	test_lifetime_and_check();
	test_msvan3t();
	test_vanetza();
	return check_exit();
}
