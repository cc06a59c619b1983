/*
 * unit_wsmp.c: unit tests of the IEEE 1609.3 WSMP codec (wsmp.c): PSID
 * p-encoding at every length, the Length/Count encoding, extensions,
 * reasons, truncation at every byte, round trips on generated headers,
 * JSON.  Prints PASS/FAIL lines.
 *
 * "unit_wsmp --frames" prints instead, one per line, frames built by our
 * builders for tests/wsmp_tshark.py: "dlt psid channel rate power length
 * freq rtrate fcs hex" (a "-" for what is left out; the last three are
 * the radiotap channel frequency, rate and FCS flag).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "link.h"
#include "psid.h"
#include "wsmp.h"

static const uint32_t psids[] = {
	0, 1, 0x20, 0x7f,			/* 1 octet */
	0x80, 0x82, 0x83, 0x1000, 0x407f,	/* 2 octets */
	0x4080, 0x4081, 0x10000, 0x20407f,	/* 3 octets */
	0x204080, 0x204097, 0x1000000, WSMP_PSID_MAX	/* 4 octets */
};
#define NPSIDS	(sizeof(psids) / sizeof(psids[0]))

static void
test_psid(void)
{
	uint8_t		 o[4];
	uint32_t	 v, x;
	size_t		 k, i;
	int		 ok = 1;

	CHECK("psid 0x20 one octet", wsmp_psid_encode(0x20, o) == 1 &&
	    o[0] == 0x20);
	CHECK("psid 0x82 is 80 02", wsmp_psid_encode(0x82, o) == 2 &&
	    o[0] == 0x80 && o[1] == 0x02);
	CHECK("psid 0x204097 is e0 00 00 17",
	    wsmp_psid_encode(0x204097, o) == 4 && o[0] == 0xe0 &&
	    o[1] == 0 && o[2] == 0 && o[3] == 0x17);
	CHECK("psid c0 00 00 is 0x4080", wsmp_psid_decode((const uint8_t *)
	    "\xc0\x00\x00", 3, &v) == 3 && v == 0x4080);
	CHECK("psid beyond 4 octets", wsmp_psid_encode(WSMP_PSID_MAX + 1,
	    o) == 0);
	CHECK("psid f0 invalid", wsmp_psid_decode((const uint8_t *)"\xf0",
	    1, &v) == -1);
	CHECK("psid short input", wsmp_psid_decode((const uint8_t *)"\xe0\x01",
	    2, &v) == 0);
	for (i = 0; i < NPSIDS; i++) {
		k = wsmp_psid_encode(psids[i], o);
		if (k == 0 || wsmp_psid_decode(o, k, &v) != (int)k ||
		    v != psids[i])
			ok = 0;
	}
	/* every boundary: the length grows exactly where the range ends */
	for (x = 0; x < 0x30000; x += 7) {
		k = wsmp_psid_encode(x, o);
		if (k != (x < 0x80 ? 1u : x < 0x4080 ? 2u : 3u) ||
		    wsmp_psid_decode(o, k, &v) != (int)k || v != x)
			ok = 0;
	}
	CHECK("psid round trip at all lengths", ok);
}

static void
test_count(void)
{
	uint8_t	 o[2];
	size_t	 v;

	CHECK("count 127 one octet", wsmp_count_encode(127, o) == 1 &&
	    o[0] == 127);
	CHECK("count 128 two octets", wsmp_count_encode(128, o) == 2 &&
	    o[0] == 0x80 && o[1] == 0x80);
	CHECK("count 16383", wsmp_count_encode(16383, o) == 2 &&
	    wsmp_count_decode(o, 2, &v) == 2 && v == 16383);
	CHECK("count 16384 refused", wsmp_count_encode(16384, o) == 0);
	CHECK("count two-octet 5 noncanonical",
	    wsmp_count_decode((const uint8_t *)"\x80\x05", 2, &v) == -2);
	CHECK("count 11xxxxxx refused",
	    wsmp_count_decode((const uint8_t *)"\xc0\x05", 2, &v) == -1);
}

/* A frame written by hand from the standard's layout: option indicator,
 * three extensions (channel 172, 6 Mb/s, 20 dBm), TPID 0, PSID 0x20. */
static void
test_known(void)
{
	static const uint8_t f[] = {
		0x0b, 0x03, 0x0f, 0x01, 0xac, 0x10, 0x01, 0x0c, 0x04, 0x01,
		0x94, 0x00, 0x20, 0x05, 0x03, 0x80, 0x02, 0x00, 0x14
	};
	struct wsmp_hdr	 h;
	struct buf	 b;

	CHECK("known frame parses", wsmp_parse(f, sizeof(f), &h) ==
	    REASON_OK);
	CHECK("known frame fields", h.has_channel && h.channel == 172 &&
	    h.has_rate && h.data_rate == 12 && h.has_txpower &&
	    h.tx_power == 20 && h.tpid == 0 && h.psid == 0x20 &&
	    h.payload_len == 5 && h.payload == f + 14 && h.trailing == 0 &&
	    h.hdr_len == 14 && h.flags == 0);
	buf_init(&b);
	CHECK("known frame rebuilds", wsmp_build(&b, &h) == 0 &&
	    b.len == sizeof(f) && memcmp(b.p, f, b.len) == 0);
	buf_reset(&b);
	wsmp_json(&b, &h);
	CHECK("known frame JSON", check_json(buf_cstr(&b), CHECK_JSON_LAX) &&
	    strstr(b.p, "\"psid\":32,\"psidHex\":\"0x20\"") != NULL &&
	    strstr(b.p, "\"channel\":172") != NULL &&
	    strstr(b.p, "\"txPower\":20") != NULL &&
	    strncmp(b.p, "{\"layer\":\"wsmp\"", 15) == 0);
	buf_free(&b);
}

static enum reason
parse_hex(const char *hex, struct wsmp_hdr *h)
{
	static uint8_t	 t[256];
	long		 n;

	n = check_unhex(hex, t, sizeof(t));
	if (n < 0)
		return REASON_BAD_HEX;
	return wsmp_parse(t, (size_t)n, h);
}

static void
test_reasons(void)
{
	struct wsmp_hdr	 h;

	CHECK("empty", parse_hex("", &h) == REASON_TRUNCATED);
	CHECK("version 2", parse_hex("02002001aa", &h) ==
	    REASON_UNKNOWN_VERSION && h.version == 2);
	CHECK("subtype 1 unsupported", parse_hex("13002001aa", &h) ==
	    REASON_UNSUPPORTED);
	CHECK("subtype 4 reserved", parse_hex("43002001aa", &h) ==
	    REASON_BAD_VALUE);
	CHECK("tpid 2 unsupported", parse_hex("03022001aa", &h) ==
	    REASON_UNSUPPORTED);
	CHECK("tpid 6 reserved", parse_hex("03062001aa", &h) ==
	    REASON_BAD_VALUE);
	CHECK("psid f0 reserved", parse_hex("0300f001aa", &h) ==
	    REASON_BAD_VALUE);
	CHECK("length 11xxxxxx", parse_hex("030020c001aa", &h) ==
	    REASON_BAD_VALUE);
	CHECK("length non-minimal", parse_hex("0300208001aa", &h) ==
	    REASON_NONCANONICAL);
	CHECK("count non-minimal", parse_hex("0b800100002001aa", &h) ==
	    REASON_NONCANONICAL);
	CHECK("channel twice", parse_hex("0b020f01ac0f01b000200100", &h) ==
	    REASON_BAD_VALUE);
	CHECK("channel of two octets", parse_hex("0b010f02ac0000200100", &h) ==
	    REASON_BAD_LENGTH);
	CHECK("length beyond data", parse_hex("03002003aabb", &h) ==
	    REASON_TRUNCATED);
	CHECK("count beyond data", parse_hex("0b020f01ac", &h) ==
	    REASON_TRUNCATED);
	CHECK("too many extensions", parse_hex("0b0901000200030005000600"
	    "0700080009000a0000200100", &h) == REASON_UNSUPPORTED);
	CHECK("eight unknown extensions kept", parse_hex("0b0801000200030005"
	    "00060007000800090000200100", &h) == REASON_OK && h.n_ext == 8);
	CHECK("trailing padding counted", parse_hex("03002001aa000000", &h) ==
	    REASON_OK && h.trailing == 3 && h.payload_len == 1);
	CHECK("empty extension field", parse_hex("0b0000200100", &h) ==
	    REASON_OK && h.opt && h.n_ext == 0 && !h.has_channel);
	CHECK("order flagged", parse_hex("0b0204019e0f01ac00200100", &h) ==
	    REASON_OK && (h.flags & WSMP_F_ORDER) && h.tx_power == 30 &&
	    h.channel == 172);
	CHECK("t-header extension", parse_hex("0301802001020103050102030405",
	    &h) == REASON_OK && h.tpid == 1 && h.psid == 0xa0 &&
	    h.n_text == 1 && h.text[0].id == 2 && h.text[0].len == 1 &&
	    h.payload_len == 5);
}

static int
same(const struct wsmp_hdr *a, const struct wsmp_hdr *b)
{
	size_t	 i;

	if (a->subtype != b->subtype || a->version != b->version ||
	    a->has_channel != b->has_channel || a->has_rate != b->has_rate ||
	    a->has_txpower != b->has_txpower || a->tpid != b->tpid ||
	    a->psid != b->psid || a->n_ext != b->n_ext ||
	    a->n_text != b->n_text || a->payload_len != b->payload_len)
		return 0;
	if ((a->has_channel && a->channel != b->channel) ||
	    (a->has_rate && a->data_rate != b->data_rate) ||
	    (a->has_txpower && a->tx_power != b->tx_power))
		return 0;
	for (i = 0; i < a->n_ext; i++)
		if (a->ext[i].id != b->ext[i].id ||
		    a->ext[i].len != b->ext[i].len ||
		    memcmp(a->ext[i].val, b->ext[i].val, a->ext[i].len))
			return 0;
	for (i = 0; i < a->n_text; i++)
		if (a->text[i].id != b->text[i].id ||
		    a->text[i].len != b->text[i].len ||
		    memcmp(a->text[i].val, b->text[i].val, a->text[i].len))
			return 0;
	return memcmp(a->payload, b->payload, a->payload_len) == 0;
}

/* Header number i of the generated set. */
static void
gen(struct wsmp_hdr *h, unsigned i, const uint8_t *payload)
{
	static const uint8_t ev[200] = { 0x5a, 0xa5 };
	static const size_t lens[] = { 0, 1, 5, 127, 128, 300, 1400 };

	wsmp_init(h, psids[i % NPSIDS]);
	i /= NPSIDS;
	h->has_channel = i & 1;
	h->channel = 172 + 2 * (i % 7);
	h->has_rate = (i >> 1) & 1;
	h->data_rate = 12;
	h->has_txpower = (i >> 2) & 1;
	h->tx_power = (int8_t)(-128 + (int)((i * 37) % 256));
	if ((i >> 3) & 1) {
		h->ext[0].id = WSMP_EID_CHANLOAD;
		h->ext[0].val = ev;
		h->ext[0].len = 1;
		h->ext[1].id = 200;
		h->ext[1].val = ev;
		h->ext[1].len = (i & 16) ? 130 : 0;	/* 2-octet length */
		h->n_ext = 2;
	}
	if ((i >> 5) & 1) {
		h->tpid = WSMP_TPID_PSID_EXT;
		h->text[0].id = 7;
		h->text[0].val = ev;
		h->text[0].len = 2;
		h->n_text = (i >> 6) & 1;
	}
	h->payload = payload;
	h->payload_len = lens[(i >> 7) % 7];
}

static void
test_roundtrip(void)
{
	static uint8_t	 payload[1400];
	struct wsmp_hdr	 h, p, q;
	struct buf	 b, c, j;
	unsigned	 i, cases = 0, bad = 0, trunc_bad = 0, json_bad = 0;
	size_t		 k;
	enum reason	 r;

	for (k = 0; k < sizeof(payload); k++)
		payload[k] = (uint8_t)(k * 7 + 3);
	buf_init(&b);
	buf_init(&c);
	buf_init(&j);
	for (i = 0; i < NPSIDS * 128 * 7; i++) {
		gen(&h, i, payload);
		buf_reset(&b);
		buf_reset(&c);
		cases++;
		if (wsmp_build(&b, &h) == -1 || wsmp_parse((uint8_t *)b.p,
		    b.len, &p) != REASON_OK || !same(&h, &p) || p.flags ||
		    p.trailing || wsmp_build(&c, &p) == -1 || c.len != b.len ||
		    memcmp(b.p, c.p, b.len) != 0) {
			if (bad++ < 3)
				printf("# round trip case %u failed\n", i);
			continue;
		}
		/* every truncation is a reason, never a crash */
		for (k = 0; k < b.len; k++) {
			r = wsmp_parse((uint8_t *)b.p, k, &q);
			if (r != REASON_TRUNCATED && r != REASON_BAD_LENGTH) {
				if (trunc_bad++ < 3)
					printf("# case %u cut at %zu: %s\n", i,
					    k, reason_str(r));
			}
		}
		if (i % 97 == 0) {
			buf_reset(&j);
			wsmp_json(&j, &p);
			if (!check_json(buf_cstr(&j), CHECK_JSON_LAX))
				json_bad++;
		}
	}
	printf("# %u generated headers\n", cases);
	CHECK("round trip build-parse-build", bad == 0);
	CHECK("truncation at every byte", trunc_bad == 0);
	CHECK("JSON of generated headers", json_bad == 0);
	/* out of range */
	wsmp_init(&h, WSMP_PSID_MAX + 1);
	CHECK("build refuses psid", wsmp_build(&b, &h) == -1);
	wsmp_init(&h, 1);
	h.payload_len = 16384;
	h.payload = NULL;
	CHECK("build refuses length", wsmp_build(&b, &h) == -1);
	wsmp_init(&h, 1);
	h.tpid = 2;
	CHECK("build refuses tpid", wsmp_build(&b, &h) == -1);
	buf_free(&b);
	buf_free(&c);
	buf_free(&j);
}

/* A 1609.2 unsecuredData around a small MessageFrame-shaped payload, so
 * that tshark's 1609.2 dissector (called for PSID 0x20 and 0x82) sees
 * well-formed data. */
static size_t
dot2_payload(uint8_t *out, size_t n)
{
	size_t	 i, k = 0;

	out[k++] = 0x03;
	out[k++] = 0x80;
	if (n < 128)
		out[k++] = (uint8_t)n;
	else {
		out[k++] = 0x82;
		out[k++] = (uint8_t)(n >> 8);
		out[k++] = (uint8_t)n;
	}
	for (i = 0; i < n; i++)
		out[k++] = (uint8_t)(i * 13 + 1);
	return k;
}

static void
print_frame(const struct link_frame *lf, const struct wsmp_hdr *h,
    const struct buf *f)
{
	size_t	 i;

	printf("%d %lu ", lf->dlt, (unsigned long)h->psid);
	if (h->has_channel)
		printf("%u ", h->channel);
	else
		printf("- ");
	if (h->has_rate)
		printf("%u ", h->data_rate);
	else
		printf("- ");
	if (h->has_txpower)
		printf("%d ", h->tx_power);
	else
		printf("- ");
	printf("%zu ", h->payload_len);
	if (lf->layers & LINK_L_RADIOTAP)
		printf("%u %u %d ", (unsigned)lf->rt.freq,
		    (unsigned)lf->rt.rate, (lf->rt.flags & LINK_RTF_FCS) != 0);
	else
		printf("- - - ");
	for (i = 0; i < f->len; i++)
		printf("%02x", (uint8_t)f->p[i]);
	printf("\n");
}

static int
frames(void)
{
	static const uint8_t src[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint32_t ps[] = { 0x20, 0x82, 0x7f, 0x80, 0x83, 0x4080,
	    0x20407f, 0x204080, 0x204097, WSMP_PSID_MAX };
	static const size_t lens[] = { 1, 40, 127, 200 };
	uint8_t		 pl[512];
	struct wsmp_hdr	 h;
	struct link_frame f;
	struct buf	 w, b;
	unsigned	 i;
	int		 ether;

	buf_init(&w);
	buf_init(&b);
	for (i = 0; i < 2 * 10 * 8; i++) {
		ether = i & 1;
		wsmp_init(&h, ps[(i / 2) % 10]);
		h.has_channel = (i / 20) & 1;
		h.channel = 172 + 2 * (i % 6);
		h.has_rate = (i / 40) & 1;
		h.data_rate = (i & 2) ? 12 : 6;
		h.has_txpower = (i / 80) & 1;
		h.tx_power = (int8_t)((i % 50) - 20);
		if (h.psid == 0x20 || h.psid == 0x82) {
			h.payload_len = dot2_payload(pl, lens[i % 4]);
		} else {
			h.payload_len = lens[i % 4];
			memset(pl, 0x11 + i, h.payload_len);
		}
		h.payload = pl;
		buf_reset(&w);
		if (wsmp_build(&w, &h) == -1)
			return 1;
		if (ether)
			link_init_ether(&f, src, (const uint8_t *)
			    "\xff\xff\xff\xff\xff\xff", WSMP_ETHERTYPE);
		else {
			link_init_80211_ocb(&f, src, (const uint8_t *)
			    "\xff\xff\xff\xff\xff\xff", WSMP_ETHERTYPE,
			    (uint8_t)(i % 8), 5860 + 10 * (i % 7), 12);
			if (i & 4) {
				f.rt.has |= 1u << LINK_RT_FLAGS;
				f.rt.flags = LINK_RTF_FCS;
			}
		}
		f.payload = (uint8_t *)w.p;
		f.payload_len = w.len;
		buf_reset(&b);
		if (link_build(&b, &f) == -1)
			return 1;
		print_frame(&f, &h, &b);
	}
	buf_free(&w);
	buf_free(&b);
	return 0;
}

/* The PSID table (psid.c) both ways. */
static void
test_psid_table(void)
{
	const struct psid_msg	*m, *t;

	m = psid_by_type("MapData");
	CHECK("psid of MapData", m != NULL && m->psid == 0x204097 &&
	    strcmp(m->name, "MAP") == 0 && m->family == FAMILY_J2735);
	m = psid_by_type("RoadSideAlert");
	t = psid_by_value(0x83);
	CHECK("0x83 carries TIM first, RSA too", m != NULL && t != NULL &&
	    m->psid == 0x83 && strcmp(m->name, "RSA") == 0 &&
	    strcmp(t->type, "TravelerInformation") == 0);
	m = psid_by_value(ITS_AID_CAM);
	CHECK("ITS-AID 36 is CAM", m != NULL && m->family == FAMILY_ETSI &&
	    strcmp(m->type, "CAM") == 0);
	CHECK("unknown type and value", psid_by_type("Nothing") == NULL &&
	    psid_by_value(0x7f) == NULL);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--frames") == 0)
		return frames();
	test_psid();
	test_psid_table();
	test_count();
	test_known();
	test_reasons();
	test_roundtrip();
	return check_exit();
}
