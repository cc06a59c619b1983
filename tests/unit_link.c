/*
 * unit_link.c: unit tests of the link and network layers (link.c):
 * radiotap (namespaces, alignment, unknown fields), 802.11 data frames
 * (OCB, QoS, DS bits, FCS), LLC/SNAP, Ethernet with VLAN tags and 802.3
 * lengths, SLL / SLL2, IPv4, IPv6 with extension headers, UDP; round
 * trips, reasons, truncation at every byte, JSON.  Prints PASS/FAIL.
 *
 * "unit_link --seeds DIR" writes instead the seed corpus of
 * tests/fuzz/fuzz_link.c into DIR (tests/fuzz/corpus/link): frames made by
 * our builders, each after the octet that picks its link type there.
 * "unit_link --frames" prints UDP frames for tests/wsmp_tshark.py, one a
 * line: "dlt ipversion sport dport udplength hex".
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "check.h"
#include "fwd.h"
#include "ifm.h"
#include "link.h"
#include "wsmp.h"

static const uint8_t src[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t wsm[] = { 0x03, 0x00, 0x20, 0x05, 0x03, 0x80, 0x02,
    0x00, 0x14 };

/* The layers of f as a JSON array; valid, and containing want. */
static int
json_has(const struct link_frame *f, const char *want)
{
	struct buf	 b;
	int		 ok;

	buf_init(&b);
	buf_addc(&b, '[');
	link_json(&b, f);
	buf_addc(&b, ']');
	ok = check_json(buf_cstr(&b), CHECK_JSON_LAX) &&
	    strstr(b.p, want) != NULL;
	if (!ok)
		printf("# %s\n", b.p);
	buf_free(&b);
	return ok;
}

/* Parse b, rebuild, compare; then cut at every byte before the payload
 * (every byte before the end for IP, whose length is known): a reason
 * each time.  Returns the parse reason. */
static enum reason
roundtrip(int dlt, const struct buf *b, struct link_frame *f, int *same,
    int *cuts)
{
	struct link_frame g;
	struct buf	 c;
	enum reason	 r;
	size_t		 k, lim;

	r = link_parse(dlt, (const uint8_t *)b->p, b->len, f);
	*same = 0;
	*cuts = 1;
	if (r != REASON_OK)
		return r;
	buf_init(&c);
	*same = link_build(&c, f) == 0 && c.len == b->len &&
	    memcmp(c.p, b->p, b->len) == 0;
	buf_free(&c);
	lim = (f->layers & (LINK_L_IPV4 | LINK_L_IPV6)) ?
	    b->len - f->trailing : f->payload_off;
	if ((f->layers & LINK_L_RADIOTAP) && (f->rt.flags & LINK_RTF_FCS))
		lim = 0;	/* a cut frame has another "FCS" */
	for (k = 0; k < lim; k++) {
		r = link_parse(dlt, (const uint8_t *)b->p, k, &g);
		if (r != REASON_TRUNCATED && r != REASON_BAD_LENGTH) {
			printf("# cut at %zu of %zu: %s\n", k, b->len,
			    reason_str(r));
			*cuts = 0;
		}
	}
	/* and beyond: any answer, no crash (run under ASan) */
	for (; k < b->len; k++)
		(void)link_parse(dlt, (const uint8_t *)b->p, k, &g);
	return REASON_OK;
}

static void
test_misc(void)
{
	struct link_frame f;

	CHECK("crc32 check value", link_crc32((const uint8_t *)"123456789",
	    9) == 0xcbf43926);
	CHECK("channel 172", link_freq_channel(5860) == 172);
	CHECK("channel 178", link_freq_channel(5890) == 178);
	CHECK("channel 184", link_freq_channel(5920) == 184);
	CHECK("channel 1", link_freq_channel(2412) == 1);
	CHECK("channel 14", link_freq_channel(2484) == 14);
	CHECK("channel 36", link_freq_channel(5180) == 36);
	CHECK("no channel", link_freq_channel(5861) == -1);
	CHECK("unknown link type", link_parse(9999, wsm, sizeof(wsm), &f) ==
	    REASON_UNKNOWN_TYPE);
}

static void
test_ether(void)
{
	struct link_frame f;
	struct buf	 b;
	int		 same, cuts;

	buf_init(&b);
	CHECK("ether build", link_ether_build(&b, src, bcast, LINK_ET_WSMP,
	    wsm, sizeof(wsm)) == 0 && b.len == 14 + sizeof(wsm));
	CHECK("ether parse", roundtrip(LINK_EN10MB, &b, &f, &same, &cuts) ==
	    REASON_OK && f.ethertype == LINK_ET_WSMP &&
	    memcmp(f.src, src, 6) == 0 && memcmp(f.dst, bcast, 6) == 0 &&
	    f.payload_off == 14 && f.payload_len == sizeof(wsm) &&
	    memcmp(f.payload, wsm, sizeof(wsm)) == 0 &&
	    f.layers == LINK_L_ETHER);
	CHECK("ether round trip", same);
	CHECK("ether cuts", cuts);
	CHECK("ether JSON", json_has(&f, "{\"layer\":\"ethernet\",\"dst\":"
	    "\"ff:ff:ff:ff:ff:ff\",\"src\":\"02:11:22:33:44:55\","
	    "\"ethertype\":\"0x88dc\"}"));

	/* two VLAN tags */
	link_init_ether(&f, src, bcast, LINK_ET_GN);
	f.n_vlan = 2;
	f.vlan_tpid[0] = LINK_ET_QINQ;
	f.vlan_tci[0] = 0x0064;
	f.vlan_tpid[1] = LINK_ET_VLAN;
	f.vlan_tci[1] = 0x2005;
	f.payload = wsm;
	f.payload_len = sizeof(wsm);
	buf_reset(&b);
	CHECK("vlan build", link_build(&b, &f) == 0 && b.len == 22 +
	    sizeof(wsm));
	CHECK("vlan parse", roundtrip(LINK_EN10MB, &b, &f, &same, &cuts) ==
	    REASON_OK && f.n_vlan == 2 && f.vlan_tci[1] == 0x2005 &&
	    f.ethertype == LINK_ET_GN && f.payload_off == 22 && same && cuts);
	CHECK("vlan JSON", json_has(&f, "\"vlan\":[100,5]"));
	/* a third tag */
	b.p[20] = 0x81;
	b.p[21] = 0x00;
	CHECK("three vlan tags", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_UNSUPPORTED);
	b.p[12] = 0x05;
	b.p[13] = (char)0xf0;
	CHECK("ethertype 0x05f0", link_parse(LINK_EN10MB, (uint8_t *)b.p,
	    b.len, &f) == REASON_BAD_VALUE);

	/* 802.3 length, LLC/SNAP, padding to the minimum frame */
	link_init_ether(&f, src, bcast, LINK_ET_WSMP);
	f.layers |= LINK_L_LLC;
	f.lenfield = 1;		/* any non-zero: computed */
	f.llc.dsap = f.llc.ssap = 0xaa;
	f.llc.ctl = 3;
	f.payload = wsm;
	f.payload_len = sizeof(wsm);
	f.trailing = 60 - 14 - 8 - sizeof(wsm);
	buf_reset(&b);
	CHECK("802.3 build", link_build(&b, &f) == 0 && b.len == 60 &&
	    (uint8_t)b.p[13] == 8 + sizeof(wsm));
	CHECK("802.3 parse", roundtrip(LINK_EN10MB, &b, &f, &same, &cuts) ==
	    REASON_OK && f.lenfield == 8 + sizeof(wsm) &&
	    f.ethertype == LINK_ET_WSMP && f.payload_len == sizeof(wsm) &&
	    f.trailing == 60 - 14 - 8 - sizeof(wsm) && same && cuts);
	b.p[14] = 0x42;
	CHECK("802.3 not SNAP", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_NOT_V2X);
	b.p[13] = 100;
	CHECK("802.3 length beyond", link_parse(LINK_EN10MB, (uint8_t *)b.p,
	    b.len, &f) == REASON_TRUNCATED);
	buf_free(&b);
}

/* An IPv4 or IPv6 UDP frame set up on f. */
static void
udp_frame(struct link_frame *f, int v6)
{
	static const uint8_t s4[4] = { 192, 0, 2, 1 }, d4[4] = { 198, 51, 100,
	    7 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t d6[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02,
	    0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 };

	f->layers |= (v6 ? LINK_L_IPV6 : LINK_L_IPV4) | LINK_L_UDP;
	f->ethertype = v6 ? LINK_ET_IPV6 : LINK_ET_IPV4;
	f->ip.version = v6 ? 6 : 4;
	memcpy(f->ip.src, v6 ? s6 : s4, v6 ? 16 : 4);
	memcpy(f->ip.dst, v6 ? d6 : d4, v6 ? 16 : 4);
	f->ip.proto = 17;
	f->ip.ttl = 64;
	f->ip.id = 0x1234;
	f->ip.frag = 0x4000;	/* DF */
	f->ip.tos = v6 ? 0xb8 : 0;
	f->ip.flow = v6 ? 0x12345 : 0;
	f->udp.sport = 40000;
	f->udp.dport = 1516;
	f->udp.csum = LINK_SUM_GOOD;
	f->payload = wsm;
	f->payload_len = sizeof(wsm);
}

static void
test_ip(void)
{
	struct link_frame f;
	struct buf	 b;
	int		 same, cuts;
	/* hop-by-hop (PadN) then destination options (PadN), then UDP */
	static const uint8_t ext[16] = { 60, 0, 1, 4, 0, 0, 0, 0,
	    17, 0, 1, 4, 0, 0, 0, 0 };
	static const uint8_t opts[4] = { 1, 1, 1, 0 };	/* NOP NOP NOP EOL */

	buf_init(&b);
	/* Ethernet, IPv4, UDP, padded to 60 octets */
	link_init_ether(&f, src, bcast, LINK_ET_IPV4);
	udp_frame(&f, 0);
	f.trailing = 60 - 14 - 20 - 8 - sizeof(wsm);
	CHECK("ipv4 build", link_build(&b, &f) == 0 && b.len == 60);
	CHECK("ipv4 parse", roundtrip(LINK_EN10MB, &b, &f, &same, &cuts) ==
	    REASON_OK && f.ip.version == 4 && f.ip.csum == LINK_SUM_GOOD &&
	    f.udp.csum == LINK_SUM_GOOD && f.udp.dport == 1516 &&
	    f.payload_off == 42 && f.payload_len == sizeof(wsm) &&
	    memcmp(f.payload, wsm, sizeof(wsm)) == 0 && f.trailing == 9);
	CHECK("ipv4 round trip", same);
	CHECK("ipv4 cuts", cuts);
	CHECK("ipv4 JSON", json_has(&f, "{\"layer\":\"ipv4\",\"src\":"
	    "\"192.0.2.1\",\"dst\":\"198.51.100.7\",\"protocol\":17") &&
	    json_has(&f, "{\"layer\":\"udp\",\"srcPort\":40000,"
	    "\"dstPort\":1516,\"length\":17,\"checksum\":\"good\"}"));
	b.p[14 + 20 + 8] ^= 1;
	CHECK("udp checksum flagged", link_parse(LINK_EN10MB, (uint8_t *)b.p,
	    b.len, &f) == REASON_OK && f.udp.csum == LINK_SUM_BAD);
	b.p[14 + 10] ^= 1;
	CHECK("ip checksum flagged", link_parse(LINK_EN10MB, (uint8_t *)b.p,
	    b.len, &f) == REASON_OK && f.ip.csum == LINK_SUM_BAD);
	b.p[14 + 6] = 0x20;	/* MF */
	CHECK("ipv4 fragment", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_UNSUPPORTED);
	b.p[14 + 6] = 0x40;
	b.p[14] = 0x44;
	CHECK("ipv4 ihl 4", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_BAD_LENGTH);
	b.p[14] = 0x45;
	b.p[14 + 3] = 19;
	CHECK("ipv4 total below header", link_parse(LINK_EN10MB,
	    (uint8_t *)b.p, b.len, &f) == REASON_BAD_LENGTH);
	b.p[14 + 3] = 37;
	b.p[14 + 20 + 5] = 7;
	CHECK("udp length 7", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_BAD_LENGTH);
	b.p[14 + 20 + 5] = 18;
	CHECK("udp length beyond ip", link_parse(LINK_EN10MB, (uint8_t *)b.p,
	    b.len, &f) == REASON_BAD_LENGTH);
	b.p[14] = 0x55;
	CHECK("ip version 5", link_parse(LINK_EN10MB, (uint8_t *)b.p, b.len,
	    &f) == REASON_UNKNOWN_VERSION);

	/* raw IPv4 with options and no UDP checksum */
	memset(&f, 0, sizeof(f));
	f.dlt = LINK_RAW;
	udp_frame(&f, 0);
	f.ip.opts = opts;
	f.ip.opts_len = 4;
	f.udp.csum = LINK_SUM_NONE;
	buf_reset(&b);
	CHECK("ipv4 options build", link_build(&b, &f) == 0 &&
	    b.len == 24 + 8 + sizeof(wsm) && b.p[0] == 0x46 &&
	    b.p[24 + 6] == 0 && b.p[24 + 7] == 0);
	CHECK("ipv4 options parse", roundtrip(LINK_RAW, &b, &f, &same,
	    &cuts) == REASON_OK && f.ip.opts_len == 4 &&
	    f.udp.csum == LINK_SUM_NONE && f.payload_off == 32 && same &&
	    cuts);
	CHECK("raw DLT 12", link_parse(LINK_RAW_DLT, (uint8_t *)b.p, b.len,
	    &f) == REASON_OK && f.ethertype == LINK_ET_IPV4);
	CHECK("link_parse_ip", link_parse_ip((uint8_t *)b.p, b.len, &f) ==
	    REASON_OK && f.payload_off == 32 && f.udp.sport == 40000);

	/* raw IPv6 with two extension headers */
	memset(&f, 0, sizeof(f));
	f.dlt = LINK_IPV6;
	udp_frame(&f, 1);
	f.ip.opts = ext;
	f.ip.opts_len = 16;
	f.ip.nh = 0;
	buf_reset(&b);
	CHECK("ipv6 build", link_build(&b, &f) == 0 && b.len == 40 + 16 + 8 +
	    sizeof(wsm));
	CHECK("ipv6 parse", roundtrip(LINK_IPV6, &b, &f, &same, &cuts) ==
	    REASON_OK && f.ip.version == 6 && f.ip.proto == 17 &&
	    f.ip.nh == 0 && f.ip.opts_len == 16 && f.ip.flow == 0x12345 &&
	    f.ip.tos == 0xb8 && f.udp.csum == LINK_SUM_GOOD &&
	    f.payload_off == 64 && f.payload_len == sizeof(wsm));
	CHECK("ipv6 round trip", same);
	CHECK("ipv6 cuts", cuts);
	CHECK("ipv6 JSON", json_has(&f, "\"src\":\"2001:db8::1\",\"dst\":"
	    "\"fe80::211:22ff:fe33:4455\",\"nextHeader\":17"));
	b.p[40 + 8 + 1] = 9;	/* destination options longer than the data */
	CHECK("ipv6 extension beyond", link_parse(LINK_IPV6, (uint8_t *)b.p,
	    b.len, &f) == REASON_BAD_LENGTH);
	b.p[40 + 8 + 1] = 0;
	b.p[40 + 8] = 50;	/* ESP */
	CHECK("ipv6 ESP", link_parse(LINK_IPV6, (uint8_t *)b.p, b.len, &f) ==
	    REASON_UNSUPPORTED);
	b.p[40 + 8] = 44;	/* fragment header, offset 8 */
	b.p[40 + 8 + 2] = 0;
	b.p[40 + 8 + 3] = 0x40;
	CHECK("ipv6 fragment", link_parse(LINK_IPV6, (uint8_t *)b.p, b.len,
	    &f) == REASON_UNSUPPORTED);
	b.p[40 + 8 + 3] = 0;
	b.p[40 + 8] = 17;
	b.p[40 + 8 + 8] = 17;	/* atomic fragment then UDP */
	CHECK("ipv6 atomic fragment", link_parse(LINK_IPV6, (uint8_t *)b.p,
	    b.len, &f) == REASON_OK && f.ip.proto == 17 && f.ip.opts_len == 16);
	b.p[4] = b.p[5] = 0;
	b.p[6] = 0;
	CHECK("ipv6 jumbogram", link_parse(LINK_IPV6, (uint8_t *)b.p, b.len,
	    &f) == REASON_UNSUPPORTED);
	buf_free(&b);
}

static void
test_sll(void)
{
	struct link_frame f, g;
	struct buf	 b;
	int		 same, cuts, v2;

	buf_init(&b);
	for (v2 = 0; v2 <= 1; v2++) {
		memset(&f, 0, sizeof(f));
		f.dlt = v2 ? LINK_LINUX_SLL2 : LINK_LINUX_SLL;
		f.layers = v2 ? LINK_L_SLL2 : LINK_L_SLL;
		f.sll.pkttype = 4;
		f.sll.hatype = 1;
		f.sll.halen = 6;
		memcpy(f.sll.addr, src, 6);
		f.sll.proto = LINK_ET_IPV4;
		f.sll.ifindex = 3;
		udp_frame(&f, v2);
		f.sll.proto = f.ethertype;
		buf_reset(&b);
		CHECK(v2 ? "sll2 build" : "sll build", link_build(&b, &f) == 0);
		CHECK(v2 ? "sll2 parse" : "sll parse", roundtrip(f.dlt, &b, &g,
		    &same, &cuts) == REASON_OK && same && cuts &&
		    g.sll.pkttype == 4 && memcmp(g.src, src, 6) == 0 &&
		    g.udp.dport == 1516 && g.payload_len == sizeof(wsm) &&
		    (!v2 || g.sll.ifindex == 3));
		CHECK(v2 ? "sll2 JSON" : "sll JSON", json_has(&g, v2 ?
		    "\"version\":2,\"packetType\":4,\"hatype\":1,"
		    "\"ifindex\":3" :
		    "\"version\":1,\"packetType\":4"));
	}
	/* SLL carrying radiotap and 802.11 (ARPHRD_IEEE80211_RADIOTAP) */
	link_init_80211_ocb(&f, src, bcast, LINK_ET_WSMP, 5, 5890, 12);
	f.dlt = LINK_LINUX_SLL;
	f.layers |= LINK_L_SLL;
	f.sll.hatype = 803;
	f.sll.proto = 0x0003;
	f.payload = wsm;
	f.payload_len = sizeof(wsm);
	buf_reset(&b);
	CHECK("sll radiotap build", link_build(&b, &f) == 0);
	CHECK("sll radiotap parse", roundtrip(LINK_LINUX_SLL, &b, &g, &same,
	    &cuts) == REASON_OK && same && cuts && g.rt.freq == 5890 &&
	    g.w.ocb && g.ethertype == LINK_ET_WSMP &&
	    g.payload_len == sizeof(wsm));
	buf_free(&b);
}

static void
test_80211(void)
{
	struct link_frame f, g;
	struct buf	 b;
	int		 same, cuts, tid;
	size_t		 hl;

	buf_init(&b);
	/* OCB QoS data under radiotap, with an FCS */
	for (tid = 0; tid < 8; tid++) {
		link_init_80211_ocb(&f, src, bcast, LINK_ET_WSMP, (uint8_t)tid,
		    5860 + 10 * (tid % 7), 12);
		f.rt.has |= 1u << LINK_RT_FLAGS | 1u << LINK_RT_DBM_SIGNAL |
		    1u << LINK_RT_TSFT | 1u << LINK_RT_ANTENNA |
		    1u << LINK_RT_MCS | 1u << LINK_RT_TX_FLAGS;
		f.rt.flags = (tid & 1) ? LINK_RTF_FCS : 0;
		f.rt.signal = -70 + tid;
		f.rt.tsft = 0x0102030405060708ULL;
		f.rt.antenna = 1;
		f.rt.mcs[0] = 0x07;
		f.rt.mcs[2] = 3;
		f.rt.txflags = 0x0008;
		f.payload = wsm;
		f.payload_len = sizeof(wsm);
		buf_reset(&b);
		if (link_build(&b, &f) == -1 || roundtrip(f.dlt, &b, &g, &same,
		    &cuts) != REASON_OK || !same || !cuts ||
		    g.rt.freq != f.rt.freq || g.rt.rate != 12 ||
		    g.rt.signal != f.rt.signal || g.rt.tsft != f.rt.tsft ||
		    g.rt.mcs[2] != 3 || g.rt.txflags != 8 ||
		    g.rt.antenna != 1 ||
		    !g.w.ocb || g.w.qos != tid ||
		    g.w.fcs != ((tid & 1) ? LINK_SUM_GOOD : LINK_SUM_NONE) ||
		    g.ethertype != LINK_ET_WSMP ||
		    g.payload_len != sizeof(wsm) ||
		    memcmp(g.payload, wsm, sizeof(wsm)) != 0 || g.trailing != 0)
			break;
		/* build again from the parsed fields, not the raw header */
		g.rt.raw = NULL;
		buf_reset(&b);
		if (link_build(&b, &g) == -1 || roundtrip(g.dlt, &b, &f, &same,
		    &cuts) != REASON_OK || !same || f.rt.signal != g.rt.signal)
			break;
	}
	CHECK("ocb radiotap round trips", tid == 8);
	CHECK("ocb JSON", json_has(&f, "{\"layer\":\"radiotap\"") &&
	    json_has(&f, "\"frequency\":5860,\"channel\":172") &&
	    json_has(&f, "\"ocb\":true") &&
	    json_has(&f, "\"fcs\":\"good\"") &&
	    json_has(&f, "\"llc\":\"snap\",\"ethertype\":\"0x88dc\""));
	b.p[b.len - 1] ^= 0xff;
	CHECK("bad FCS flagged", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_OK && g.w.fcs == LINK_SUM_BAD);
	hl = g.rt.len;
	b.p[0] = 1;
	CHECK("radiotap version 1", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_UNKNOWN_VERSION);
	b.p[0] = 0;
	b.p[2] = 7;
	CHECK("radiotap length 7", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_BAD_LENGTH);
	b.p[2] = (char)hl;
	b.p[hl] = 0x89;		/* 802.11 version 1 */
	CHECK("802.11 version 1", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_UNKNOWN_VERSION);
	b.p[hl] = (char)0x80;	/* beacon */
	CHECK("beacon is not V2X", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_NOT_V2X);
	b.p[hl] = (char)0xc8;	/* QoS null */
	CHECK("QoS null is not V2X", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_NOT_V2X);
	b.p[hl] = (char)0x88;
	b.p[hl + 1] = 0x40;	/* protected */
	CHECK("protected unsupported", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_UNSUPPORTED);
	b.p[hl + 1] = 0x04;	/* more fragments */
	CHECK("fragment unsupported", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_UNSUPPORTED);
	b.p[hl + 1] = 0;
	b.p[hl + 24] |= (char)0x80;	/* A-MSDU present */
	CHECK("A-MSDU unsupported", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &g) == REASON_UNSUPPORTED);

	/* plain 802.11 (no radiotap), non-QoS data */
	buf_reset(&b);
	CHECK("ocb build", link_80211_ocb_build(&b, src, bcast, LINK_ET_GN, 2,
	    wsm, sizeof(wsm)) == 0 && b.len == 26 + 8 + sizeof(wsm));
	CHECK("ocb parse", roundtrip(LINK_IEEE802_11, &b, &g, &same, &cuts) ==
	    REASON_OK && same && cuts && g.w.ocb && g.w.qos == 2 &&
	    g.ethertype == LINK_ET_GN && memcmp(g.src, src, 6) == 0);
	/* the same with its FCS: found by its CRC */
	{
		uint8_t	 fcs[4];
		uint32_t crc = link_crc32((uint8_t *)b.p, b.len);

		fcs[0] = crc;
		fcs[1] = crc >> 8;
		fcs[2] = crc >> 16;
		fcs[3] = crc >> 24;
		buf_add(&b, fcs, 4);
	}
	CHECK("802.11 FCS without radiotap", roundtrip(LINK_IEEE802_11, &b,
	    &g, &same, &cuts) == REASON_OK && same &&
	    g.w.fcs == LINK_SUM_GOOD &&
	    g.payload_len == sizeof(wsm) && g.trailing == 0);
	/* ToDS, 4 addresses, QoS with HT control, data pad */
	link_init_80211_ocb(&f, src, bcast, LINK_ET_IPV4, 0, 5180, 0);
	f.w.fc = LINK_FC_QOS_DATA | LINK_FC_TODS | LINK_FC_FROMDS |
	    LINK_FC_ORDER | LINK_FC_RETRY;
	memcpy(f.w.a4, src, 6);
	f.w.a3[0] = 0x12;
	f.w.htc = 0xdeadbeef;
	f.w.seq = 0x1230;
	f.rt.has |= 1u << LINK_RT_FLAGS;
	f.rt.flags = LINK_RTF_DATAPAD | LINK_RTF_FCS;
	udp_frame(&f, 0);
	buf_reset(&b);
	CHECK("4-address build", link_build(&b, &f) == 0);
	CHECK("4-address parse", roundtrip(f.dlt, &b, &g, &same, &cuts) ==
	    REASON_OK && same && g.w.htc == 0xdeadbeef && g.w.seq == 0x1230 &&
	    memcmp(g.src, src, 6) == 0 && g.dst[0] == 0x12 &&
	    g.udp.dport == 1516 && g.payload_len == sizeof(wsm) &&
	    g.w.fcs == LINK_SUM_GOOD && !g.w.ocb);
	/* ToDS only: BSSID first */
	link_init_80211_ocb(&f, src, bcast, LINK_ET_WSMP, 0, 0, 0);
	f.dlt = LINK_IEEE802_11;
	f.layers &= ~LINK_L_RADIOTAP;
	f.w.fc = 0x0008 | LINK_FC_TODS;		/* data, to DS */
	f.payload = wsm;
	f.payload_len = sizeof(wsm);
	buf_reset(&b);
	CHECK("to-DS parse", link_build(&b, &f) == 0 && roundtrip(f.dlt, &b,
	    &g, &same, &cuts) == REASON_OK && same && cuts &&
	    memcmp(g.bssid, bcast, 6) == 0 && memcmp(g.dst, f.w.a3, 6) == 0 &&
	    !g.w.ocb);
	b.p[24] = 0x42;		/* LLC that is not SNAP */
	CHECK("LLC not SNAP", link_parse(LINK_IEEE802_11, (uint8_t *)b.p,
	    b.len, &g) == REASON_NOT_V2X);
	buf_free(&b);
}

/* Radiotap written by hand: three namespaces (radiotap, radiotap again for
 * a second antenna, a vendor namespace with 4 octets of data), then a
 * field we do not know. */
static void
test_radiotap_ns(void)
{
	uint8_t		 t[128];
	struct link_frame f;
	struct buf	 b, c;
	size_t		 n, k, len;
	int		 same, cuts;

	memset(t, 0, sizeof(t));
	wr_le32(t + 4, 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5 |
	    1u << 29 | 1u << 31);
	wr_le32(t + 8, 1u << 5 | 1u << 11 | 1u << 30 | 1u << 31);
	wr_le32(t + 12, 1u << 3);	/* vendor namespace: ignored bits */
	n = 16;
	/* TSFT, aligned to 8 */
	wr_le32(t + n, 0x11223344);
	wr_le32(t + n + 4, 0x55667788);
	n += 8;
	t[n++] = LINK_RTF_FCS;		/* flags */
	t[n++] = 12;			/* rate */
	t[n++] = 0x02;			/* channel 5890: 0x1702 */
	t[n++] = 0x17;
	t[n++] = 0x40;
	t[n++] = 0x01;
	t[n++] = (uint8_t)-55;		/* signal, combined */
	t[n++] = (uint8_t)-60;		/* signal, antenna 1 */
	t[n++] = 1;			/* antenna */
	n = (n + 1) & ~(size_t)1;	/* vendor namespace header, align 2 */
	t[n++] = 0x00;
	t[n++] = 0x11;
	t[n++] = 0x22;
	t[n++] = 0;
	t[n++] = 4;			/* skip_length */
	t[n++] = 0;
	memset(t + n, 0xee, 4);		/* vendor data */
	n += 4;
	len = n;
	t[2] = (uint8_t)len;
	buf_init(&b);
	buf_add(&b, t, len);
	/* the 802.11 frame with its FCS */
	buf_init(&c);
	link_80211_ocb_build(&c, src, bcast, LINK_ET_WSMP, 0, wsm,
	    sizeof(wsm));
	k = b.len;
	buf_add(&b, c.p, c.len);
	wr_le32(t, link_crc32((uint8_t *)b.p + k, c.len));
	buf_add(&b, t, 4);
	CHECK("radiotap namespaces", roundtrip(LINK_IEEE802_11_RADIO, &b, &f,
	    &same, &cuts) == REASON_OK && same && cuts &&
	    f.rt.len == len && !f.rt.partial && f.rt.signal == -55 &&
	    f.rt.antenna == 0 && f.rt.freq == 5890 && f.rt.rate == 12 &&
	    f.rt.tsft == 0x5566778811223344ULL && f.w.fcs == LINK_SUM_GOOD &&
	    f.payload_len == sizeof(wsm));
	CHECK("radiotap namespaces JSON", json_has(&f, "\"antennas\":"
	    "[{\"antenna\":1,\"signal\":-60}]") && json_has(&f,
	    "\"vendor\":[{\"oui\":\"00:11:22\",\"subNamespace\":0,"
	    "\"length\":4}]") && json_has(&f, "\"presentWords\":"
	    "[\"0xa000002f\",\"0xc0000820\",\"0x00000008\"]"));
	/* the TLV bit where bits 29..31 are set too: a warning */
	((uint8_t *)b.p)[7] |= 0x10;
	CHECK("radiotap TLV bit with namespace bits", link_parse(
	    LINK_IEEE802_11_RADIO, (uint8_t *)b.p, b.len, &f) == REASON_OK &&
	    f.rt.nwarn == 1 && f.rt.warn[0].code == LINK_RTW_TLV_HIGHER &&
	    f.rt.partial && f.payload_len == sizeof(wsm));
	/* both namespace bits: a warning, the rest unread */
	((uint8_t *)b.p)[7] = 0xe0;
	CHECK("radiotap both namespace bits", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &f) == REASON_OK && f.rt.partial &&
	    f.rt.warn[0].code == LINK_RTW_BOTH_NS && f.rt.nant == 0 &&
	    f.payload_len == sizeof(wsm) && json_has(&f, "\"warnings\":"
	    "[\"present word 0 sets both namespace bits"));
	((uint8_t *)b.p)[7] = 0xa0;
	/* a field beyond the header's length */
	((uint8_t *)b.p)[2] = 20;
	CHECK("radiotap field beyond length", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &f) == REASON_BAD_LENGTH &&
	    strstr(f.why, "field 0 is past it_len 20") != NULL);
	((uint8_t *)b.p)[2] = 12;
	CHECK("radiotap words beyond length", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &f) == REASON_BAD_LENGTH &&
	    strstr(f.why, "present words run past it_len 12") != NULL);
	((uint8_t *)b.p)[2] = (uint8_t)len;
	wr_le16((uint8_t *)b.p + 38, 5);	/* skip_length 4 -> 5 */
	CHECK("radiotap vendor skip beyond length", link_parse(
	    LINK_IEEE802_11_RADIO, (uint8_t *)b.p, b.len, &f) ==
	    REASON_BAD_LENGTH && strstr(f.why, "skip_length 5") != NULL);
	wr_le16((uint8_t *)b.p + 2, (uint16_t)(b.len + 1));
	CHECK("radiotap length beyond the frame", link_parse(
	    LINK_IEEE802_11_RADIO, (uint8_t *)b.p, b.len, &f) ==
	    REASON_TRUNCATED && strstr(f.why, "past the end of the frame") !=
	    NULL);
	buf_free(&b);
	buf_free(&c);
}

/* A radiotap header written by hand, field by field, aligned as
 * radiotap.org says (from the start of the header). */
struct rtb {
	uint8_t		 t[256];
	size_t		 n;
};

static void
rtb_start(struct rtb *r, const uint32_t *w, size_t nw)
{
	size_t	 i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < nw; i++)
		wr_le32(r->t + 4 + 4 * i, w[i]);
	r->n = 4 + 4 * nw;
}

static size_t
rtb_put(struct rtb *r, size_t align, const void *p, size_t len)
{
	size_t	 at;

	r->n = (r->n + align - 1) & ~(align - 1);
	at = r->n;
	memcpy(r->t + at, p, len);
	r->n += len;
	wr_le16(r->t + 2, (uint16_t)r->n);
	return at;
}

static void
rtb_tlv(struct rtb *r, unsigned type, const void *p, size_t len)
{
	uint8_t	 h[4];

	wr_le16(h, (uint16_t)type);
	wr_le16(h + 2, (uint16_t)len);
	rtb_put(r, 4, h, 4);
	rtb_put(r, 1, p, len);
	r->n = (r->n + 3) & ~(size_t)3;
	wr_le16(r->t + 2, (uint16_t)r->n);
}

/* The header of r, then an OCB frame with its FCS (the flags say so). */
static void
rtb_frame(const struct rtb *r, struct buf *b)
{
	struct buf	 c;
	uint8_t		 fcs[4];

	buf_reset(b);
	buf_add(b, r->t, r->n);
	buf_init(&c);
	link_80211_ocb_build(&c, src, bcast, LINK_ET_WSMP, 0, wsm,
	    sizeof(wsm));
	buf_add(b, c.p, c.len);
	wr_le32(fcs, link_crc32((uint8_t *)c.p, c.len));
	buf_add(b, fcs, 4);
	buf_free(&c);
}

/* The hand-made headers: for the tests and the fuzz seeds.  0: fields
 * 25 and 27 after an odd offset; 1: TLVs; 2: field 35 unknown; 3: six
 * radiotap namespaces; 4: 0-length-PSDU; 5: as Cohda Wireless radios
 * write (standard fields, their vendor namespace, 7 octets, the radiotap
 * namespace again for the antenna). */
#define RTB_N	6
static void
rtb_case(struct rtb *r, int k, size_t *at)
{
	static const uint8_t flags = LINK_RTF_FCS, sig = 0xc4;
	static const uint8_t mu[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t lsig[4] = { 0x11, 0x22, 0x33, 0x44 };
	static const uint8_t ch[4] = { 0x02, 0x17, 0x40, 0x01 };
	static const uint8_t ts[8] = { 0x87, 0xd6, 0x12 };	/* of 12 */
	static const uint8_t ven[11] = { 0x04, 0xe5, 0x48, 2, 7, 0, 0, 0,
	    0xaa, 0xbb, 0xcc };
	uint32_t w[6];
	int	 i;

	switch (k) {
	case 0:
		w[0] = 1u << 1 | 1u << 25 | 1u << 27;
		rtb_start(r, w, 1);
		rtb_put(r, 1, &flags, 1);
		at[0] = rtb_put(r, 2, mu, 6);
		at[1] = rtb_put(r, 2, lsig, 4);
		break;
	case 1:
		w[0] = 1u << 1 | 1u << 3 | 1u << 28;
		rtb_start(r, w, 1);
		rtb_put(r, 1, &flags, 1);
		rtb_put(r, 2, ch, 4);
		rtb_tlv(r, 5, &sig, 1);
		rtb_tlv(r, 28, "", 0);
		rtb_tlv(r, 22, ts, 3);
		rtb_tlv(r, 30, ven, 11);
		rtb_tlv(r, 30, ven, 5);		/* too short */
		rtb_tlv(r, 40, ven, 2);		/* unknown */
		break;
	case 2:
		w[0] = 1u << 1 | 1u << 31;
		w[1] = 1u << 3;			/* field 35 */
		rtb_start(r, w, 2);
		rtb_put(r, 1, &flags, 1);
		rtb_put(r, 1, ven, 4);		/* its data, unread */
		break;
	case 3:
		for (i = 0; i < 6; i++)
			w[i] = 1u << 5 | (i < 5 ? 1u << 29 | 1u << 31 : 0);
		w[0] |= 1u << 1;
		rtb_start(r, w, 6);
		rtb_put(r, 1, &flags, 1);
		for (i = 0; i < 6; i++)
			rtb_put(r, 1, &sig, 1);
		break;
	case 5:
		w[0] = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5 |
		    1u << 30 | 1u << 31;
		w[1] = 1u << 0 | 1u << 2 | 1u << 29 | 1u << 31;	/* vendor's */
		w[2] = 1u << 5 | 1u << 11;
		rtb_start(r, w, 3);
		rtb_put(r, 8, "\x15\xcd\x5b\x07\0\0\0\0", 8);
		rtb_put(r, 1, &flags, 1);
		rtb_put(r, 1, "\x0c", 1);
		rtb_put(r, 2, ch, 4);
		rtb_put(r, 1, &sig, 1);
		at[0] = rtb_put(r, 2, ven, 3);		/* OUI */
		rtb_put(r, 1, "\0\x07\0", 3);		/* subns, skip 7 */
		rtb_put(r, 1, "vendor!", 7);
		at[1] = rtb_put(r, 1, "\xc2\x01", 2);
		break;
	default:
		w[0] = 1u << 1 | 1u << 26;
		rtb_start(r, w, 1);
		rtb_put(r, 1, &flags, 1);
		rtb_put(r, 1, &flags, 1);
		break;
	}
}

static void
test_radiotap_fields(void)
{
	struct rtb	 r;
	struct link_frame f;
	struct buf	 b;
	size_t		 at[2];
	int		 same, cuts;

	buf_init(&b);
	rtb_case(&r, 0, at);
	rtb_frame(&r, &b);
	CHECK("radiotap HE-MU-other-user 6 at 2, L-SIG 4 at 2",
	    at[0] == 10 && at[1] == 16 && roundtrip(LINK_IEEE802_11_RADIO, &b,
	    &f, &same, &cuts) == REASON_OK && same && cuts &&
	    f.rt.len == 20 && f.rt.foff[25] == 10 && f.rt.foff[27] == 16 &&
	    !f.rt.partial && f.w.fcs == LINK_SUM_GOOD &&
	    json_has(&f, "\"heMuUser\":\"010203040506\",\"lsig\":\"11223344\""));

	rtb_case(&r, 1, at);
	rtb_frame(&r, &b);
	CHECK("radiotap TLVs", roundtrip(LINK_IEEE802_11_RADIO, &b, &f, &same,
	    &cuts) == REASON_OK && same && cuts && f.rt.tlv &&
	    !f.rt.partial && f.rt.signal == -60 && f.rt.freq == 5890 &&
	    f.rt.flen[22] == 3 && f.rt.nvendor == 1 &&
	    f.rt.vendor[0].tlv && f.rt.vendor[0].skip == 3 &&
	    f.rt.vendor[0].ptype == 7 && f.rt.nwarn == 2 &&
	    f.rt.warn[0].code == LINK_RTW_TLV_SHORT &&
	    f.rt.warn[1].code == LINK_RTW_TLV_TYPE && f.rt.warn[1].arg == 40 &&
	    f.w.fcs == LINK_SUM_GOOD && json_has(&f, "\"timestamp\":"
	    "{\"value\":1234567,") && json_has(&f, "\"oui\":\"04:e5:48\","
	    "\"subNamespace\":2,\"length\":3,\"tlv\":true,\"presenceType\":7")
	    && json_has(&f, "\"TLV type 40 unknown: skipped\""));
	wr_le16((uint8_t *)b.p + r.n - 6, 5);	/* the last TLV: 5 octets */
	CHECK("radiotap TLV beyond length", link_parse(LINK_IEEE802_11_RADIO,
	    (uint8_t *)b.p, b.len, &f) == REASON_BAD_LENGTH &&
	    strstr(f.why, "TLV type 40 of 5 octets") != NULL);

	rtb_case(&r, 2, at);
	rtb_frame(&r, &b);
	CHECK("radiotap unknown field", roundtrip(LINK_IEEE802_11_RADIO, &b,
	    &f, &same, &cuts) == REASON_OK && same && cuts && f.rt.partial &&
	    f.rt.warn[0].code == LINK_RTW_UNKNOWN_FIELD &&
	    f.rt.warn[0].arg == 35 && f.payload_len == sizeof(wsm) &&
	    f.w.fcs == LINK_SUM_GOOD && json_has(&f, "\"warnings\":"
	    "[\"field 35 unknown: the fields after it are not read\"]"));

	rtb_case(&r, 3, at);
	rtb_frame(&r, &b);
	CHECK("radiotap six namespaces", roundtrip(LINK_IEEE802_11_RADIO, &b,
	    &f, &same, &cuts) == REASON_OK && same && cuts &&
	    f.rt.nant == LINK_RT_NANT && f.rt.ant[3].signal == -60 &&
	    f.rt.nwarn == 1 && f.rt.warn[0].code == LINK_RTW_MANY &&
	    f.payload_len == sizeof(wsm));

	rtb_case(&r, 5, at);
	rtb_frame(&r, &b);
	CHECK("radiotap Cohda-like vendor namespace", at[0] == 32 &&
	    at[1] == 45 && roundtrip(LINK_IEEE802_11_RADIO, &b, &f, &same,
	    &cuts) == REASON_OK && same && cuts && f.rt.len == 47 &&
	    f.rt.tsft == 123456789 && f.rt.freq == 5890 && f.rt.rate == 12 &&
	    f.rt.signal == -60 && f.rt.nvendor == 1 &&
	    f.rt.vendor[0].skip == 7 && f.rt.vendor[0].off == 38 &&
	    f.rt.nant == 1 && f.rt.ant[0].signal == -62 &&
	    f.rt.ant[0].antenna == 1 && f.rt.nwarn == 0 && !f.rt.partial &&
	    f.w.fcs == LINK_SUM_GOOD && f.payload_len == sizeof(wsm) &&
	    json_has(&f, "\"vendor\":[{\"oui\":\"04:e5:48\","
	    "\"subNamespace\":0,\"length\":7}]"));

	rtb_case(&r, 4, at);
	rtb_frame(&r, &b);
	CHECK("radiotap 0-length PSDU: no frame", link_parse(
	    LINK_IEEE802_11_RADIO, (uint8_t *)b.p, b.len, &f) ==
	    REASON_NOT_V2X && strstr(f.why, "0-length-PSDU") != NULL);
	buf_free(&b);
}

/* ---- seed corpus for fuzz_link ------------------------------------------- */

/* fuzz_link.c's selector octets */
enum { S_ETHER, S_80211, S_RADIO, S_SLL, S_SLL2, S_RAW, S_IPV4, S_IPV6,
    S_WSMP, S_UDP };

static int
seed(const char *dir, const char *name, int sel, const void *p, size_t n)
{
	char	 path[1024];
	FILE	*f;
	uint8_t	 c = (uint8_t)sel;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		return -1;
	}
	fwrite(&c, 1, 1, f);
	fwrite(p, 1, n, f);
	return fclose(f);
}

static int
seed_frame(const char *dir, const char *name, int sel,
    const struct link_frame *f)
{
	struct buf	 b;
	int		 r;

	buf_init(&b);
	r = link_build(&b, f) == 0 ? seed(dir, name, sel, b.p, b.len) : -1;
	buf_free(&b);
	return r;
}

/* What the seeds are made of: a MessageFrame, 1609.2 unsecured data
 * around it, WSMP around that. */
struct seed_base {
	uint8_t		 mf[64], d2[80], w[128];
	size_t		 nmf, nd2, nw;
};

static void
seed_base(struct seed_base *s)
{
	struct wsmp_hdr	 h;
	struct buf	 b;
	size_t		 i;

	s->nmf = 0;
	s->mf[s->nmf++] = 0x00;
	s->mf[s->nmf++] = 0x14;
	s->mf[s->nmf++] = 40;
	for (i = 0; i < 40; i++)
		s->mf[s->nmf++] = (uint8_t)(i * 11 + 5);
	s->nd2 = 0;
	s->d2[s->nd2++] = 0x03;
	s->d2[s->nd2++] = 0x80;
	s->d2[s->nd2++] = (uint8_t)s->nmf;
	memcpy(s->d2 + s->nd2, s->mf, s->nmf);
	s->nd2 += s->nmf;
	wsmp_init(&h, 0x20);
	h.has_channel = h.has_rate = h.has_txpower = 1;
	h.channel = 172;
	h.data_rate = 12;
	h.tx_power = 20;
	h.payload = s->d2;
	h.payload_len = s->nd2;
	buf_init(&b);
	wsmp_build(&b, &h);
	s->nw = b.len;
	memcpy(s->w, b.p, s->nw);
	buf_free(&b);
}

/* The hand-made radiotap headers (rtb_case) over an OCB frame. */
static int
seed_radiotap(const char *dir)
{
	static const char *const names[RTB_N] = { "radiotap-he-mu-lsig",
	    "radiotap-tlv", "radiotap-unknown-35", "radiotap-six-ns",
	    "radiotap-zero-psdu", "radiotap-cohda-vendor-ns" };
	struct rtb	 r;
	struct buf	 b;
	size_t		 at[2];
	int		 k, bad = 0;

	buf_init(&b);
	for (k = 0; k < RTB_N; k++) {
		rtb_case(&r, k, at);
		rtb_frame(&r, &b);
		bad |= seed(dir, names[k], S_RADIO, b.p, b.len);
	}
	buf_free(&b);
	return bad;
}

/* WSMP headers, and WSMP over Ethernet and 802.11 (with radiotap). */
static int
seed_link(const char *dir, const struct seed_base *s)
{
	struct wsmp_hdr	 h;
	struct link_frame f;
	struct buf	 b;
	int		 bad = 0;

	buf_init(&b);
	bad |= seed(dir, "wsmp-ext", S_WSMP, s->w, s->nw);
	wsmp_init(&h, 0x204097);
	h.tpid = WSMP_TPID_PSID_EXT;
	h.n_ext = 1;
	h.ext[0].id = WSMP_EID_CHANLOAD;
	h.ext[0].val = s->mf;
	h.ext[0].len = 1;
	h.n_text = 1;
	h.text[0].id = 9;
	h.text[0].val = s->mf;
	h.text[0].len = 3;
	h.payload = s->mf;
	h.payload_len = s->nmf;
	buf_reset(&b);
	wsmp_build(&b, &h);
	bad |= seed(dir, "wsmp-tpid1", S_WSMP, b.p, b.len);

	link_init_ether(&f, src, bcast, LINK_ET_WSMP);
	f.payload = s->w;
	f.payload_len = s->nw;
	bad |= seed_frame(dir, "ether-wsmp", S_ETHER, &f);
	f.n_vlan = 1;
	f.vlan_tpid[0] = LINK_ET_VLAN;
	f.vlan_tci[0] = 0x2064;
	f.ethertype = LINK_ET_GN;
	bad |= seed_frame(dir, "ether-vlan-gn", S_ETHER, &f);

	link_init_80211_ocb(&f, src, bcast, LINK_ET_WSMP, 3, 5890, 12);
	f.rt.has |= 1u << LINK_RT_FLAGS | 1u << LINK_RT_DBM_SIGNAL |
	    1u << LINK_RT_TSFT | 1u << LINK_RT_ANTENNA;
	f.rt.flags = LINK_RTF_FCS;
	f.rt.signal = -67;
	f.rt.tsft = 123456789;
	f.payload = s->w;
	f.payload_len = s->nw;
	bad |= seed_frame(dir, "radiotap-ocb-wsmp-fcs", S_RADIO, &f);
	bad |= seed_radiotap(dir);
	f.dlt = LINK_IEEE802_11;
	f.layers &= ~LINK_L_RADIOTAP;
	bad |= seed_frame(dir, "80211-ocb-wsmp", S_80211, &f);
	buf_free(&b);
	return bad;
}

/* UDP payloads (immediate forward, prefix, type + WSMP, 1609.2) alone
 * and over SLL, SLL2, raw IP, IPv4 and IPv6. */
static int
seed_udp(const char *dir, const struct seed_base *s)
{
	uint8_t		 ud[512];
	struct ifm_msg	 m;
	struct fwd_cand	 c;
	struct link_frame f;
	struct buf	 b;
	int		 bad = 0;

	buf_init(&b);
	ifm_init(&m, "BSM", 0x20, 172, s->d2, s->nd2);
	ifm_build(&b, &m);
	bad |= seed(dir, "udp-ifm", S_UDP, b.p, b.len);
	memset(&f, 0, sizeof(f));
	f.dlt = LINK_LINUX_SLL;
	f.layers = LINK_L_SLL | LINK_L_IPV4 | LINK_L_UDP;
	f.sll.hatype = 1;
	f.sll.halen = 6;
	memcpy(f.sll.addr, src, 6);
	f.sll.proto = LINK_ET_IPV4;
	f.ethertype = LINK_ET_IPV4;
	f.ip.version = 4;
	memcpy(f.ip.src, "\xc0\x00\x02\x01", 4);
	memcpy(f.ip.dst, "\xc0\x00\x02\x02", 4);
	f.ip.ttl = 64;
	f.ip.proto = 17;
	f.udp.sport = 5000;
	f.udp.dport = IFM_PORT;
	f.udp.csum = LINK_SUM_GOOD;
	memcpy(ud, b.p, b.len);
	f.payload = ud;
	f.payload_len = b.len;
	bad |= seed_frame(dir, "sll-ipv4-udp-ifm", S_SLL, &f);

	memset(&c, 0, sizeof(c));
	c.kind = FWD_PREFIX_MSGFRAME;
	c.has_type = 1;
	c.type = 1;
	c.lenbytes = 2;
	c.le = 1;
	buf_reset(&b);
	fwd_build(&b, &c, s->mf, s->nmf);
	bad |= seed(dir, "udp-prefix-msgframe", S_UDP, b.p, b.len);
	memcpy(ud, b.p, b.len);
	f.payload_len = b.len;
	f.dlt = LINK_RAW;
	f.layers = LINK_L_IPV4 | LINK_L_UDP;
	bad |= seed_frame(dir, "raw-ipv4-udp-prefix", S_RAW, &f);

	c.kind = FWD_TYPE_WSMP;
	buf_reset(&b);
	fwd_build(&b, &c, s->w, s->nw);
	bad |= seed(dir, "udp-type-wsmp", S_UDP, b.p, b.len);
	bad |= seed(dir, "udp-dot2", S_UDP, s->d2, s->nd2);
	bad |= seed(dir, "udp-msgframe", S_UDP, s->mf, s->nmf);
	memcpy(ud, b.p, b.len);
	f.payload_len = b.len;
	f.dlt = LINK_LINUX_SLL2;
	f.layers = LINK_L_SLL2 | LINK_L_IPV6 | LINK_L_UDP;
	f.sll.proto = LINK_ET_IPV6;
	f.sll.ifindex = 2;
	f.ethertype = LINK_ET_IPV6;
	f.ip.version = 6;
	memcpy(f.ip.src, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1", 16);
	memcpy(f.ip.dst, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16);
	f.ip.opts = (const uint8_t *)"\x11\x00\x01\x04\x00\x00\x00\x00";
	f.ip.opts_len = 8;
	f.ip.nh = 60;
	bad |= seed_frame(dir, "sll2-ipv6-dstopt-udp-type-wsmp", S_SLL2, &f);
	f.dlt = LINK_IPV6;
	f.layers = LINK_L_IPV6 | LINK_L_UDP;
	memcpy(ud, s->d2, s->nd2);
	f.payload_len = s->nd2;
	bad |= seed_frame(dir, "ipv6-udp-dot2", S_IPV6, &f);
	f.dlt = LINK_IPV4;
	f.layers = LINK_L_IPV4 | LINK_L_UDP;
	f.ip.version = 4;
	f.ip.opts = (const uint8_t *)"\x01\x01\x01\x00";
	f.ip.opts_len = 4;
	bad |= seed_frame(dir, "ipv4-options-udp-dot2", S_IPV4, &f);
	buf_free(&b);
	return bad;
}

static int
seeds(const char *dir)
{
	struct seed_base s;
	struct link_frame f;
	int		 bad = 0;

	seed_base(&s);
	bad |= seed_link(dir, &s);
	bad |= seed_udp(dir, &s);

	/* 802.3 length and LLC/SNAP, padded */
	link_init_ether(&f, src, bcast, LINK_ET_WSMP);
	f.layers |= LINK_L_LLC;
	f.lenfield = 1;
	f.llc.dsap = f.llc.ssap = 0xaa;
	f.llc.ctl = 3;
	f.payload = s.mf;
	f.payload_len = 4;
	f.trailing = 20;
	bad |= seed_frame(dir, "ether-8023-snap", S_ETHER, &f);
	return bad ? 1 : 0;
}

static void
print_udp(const struct link_frame *f)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b);
	if (link_build(&b, f) == -1)
		exit(1);
	printf("%d %u %u %u %zu ", f->dlt, (unsigned)f->ip.version,
	    (unsigned)f->udp.sport, (unsigned)f->udp.dport,
	    8 + f->payload_len);
	for (i = 0; i < b.len; i++)
		printf("%02x", (uint8_t)b.p[i]);
	printf("\n");
	buf_free(&b);
}

static int
frames(void)
{
	static const uint8_t ext[8] = { 17, 0, 1, 4, 0, 0, 0, 0 };
	static uint8_t	 pl[300];
	struct link_frame f;
	size_t		 i;
	int		 v6, k;

	for (i = 0; i < sizeof(pl); i++)
		pl[i] = (uint8_t)(i * 7 + 1);
	for (k = 0; k < 12; k++) {
		v6 = k & 1;
		switch (k / 2) {
		case 0:
			link_init_ether(&f, src, bcast, 0);
			break;
		case 1:
			memset(&f, 0, sizeof(f));
			f.dlt = LINK_RAW;
			break;
		case 2:
			memset(&f, 0, sizeof(f));
			f.dlt = LINK_LINUX_SLL;
			f.layers = LINK_L_SLL;
			f.sll.hatype = 1;
			f.sll.halen = 6;
			memcpy(f.sll.addr, src, 6);
			break;
		case 3:
			memset(&f, 0, sizeof(f));
			f.dlt = LINK_LINUX_SLL2;
			f.layers = LINK_L_SLL2;
			f.sll.hatype = 1;
			f.sll.ifindex = 7;
			f.sll.halen = 6;
			memcpy(f.sll.addr, src, 6);
			break;
		case 4:
			link_init_80211_ocb(&f, src, bcast, 0, 0, 5900, 12);
			break;
		default:
			link_init_ether(&f, src, bcast, 0);
			f.n_vlan = 1;
			f.vlan_tpid[0] = LINK_ET_VLAN;
			f.vlan_tci[0] = 42;
			break;
		}
		udp_frame(&f, v6);
		f.sll.proto = f.ethertype;
		f.udp.sport = (uint16_t)(1000 + k);
		f.payload = pl;
		f.payload_len = 13 + 23 * (size_t)k;
		if (v6 && k >= 6) {
			f.ip.opts = ext;
			f.ip.opts_len = 8;
			f.ip.nh = 60;
		}
		if (!v6 && k == 4)
			f.udp.csum = LINK_SUM_NONE;
		print_udp(&f);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--frames") == 0)
		return frames();
	if (argc > 2 && strcmp(argv[1], "--seeds") == 0)
		return seeds(argv[2]);
	test_misc();
	test_ether();
	test_ip();
	test_sll();
	test_80211();
	test_radiotap_ns();
	test_radiotap_fields();
	return check_exit();
}
