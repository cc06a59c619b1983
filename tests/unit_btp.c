/*
 * unit_btp.c: unit tests of the BTP codec (btp.c, EN 302 636-5-1 v2.2.1)
 * and its port registry (TS 103 248 v2.1.1): build then parse is the
 * identity and parse then build the same bytes for BTP-A and BTP-B on
 * generated headers; truncation at every byte; unknown header types; the
 * well-known ports and the messages they carry; JSON.  PASS/FAIL lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "btp.h"
#include "buf.h"
#include "check.h"
#include "reason.h"

#define SEEDS	2000

static void
test_identity(int type)
{
	struct btp_hdr	 h, back;
	struct buf	 b, b2;
	uint64_t	 s = 0x5eed0000ULL + (uint64_t)type;
	uint8_t		 pay[64];
	char		 name[64], why[128] = "";
	size_t		 j;
	int		 i, bad = 0;
	enum reason	 e;

	buf_init(&b);
	buf_init(&b2);
	for (i = 0; i < SEEDS && !bad; i++) {
		memset(&h, 0, sizeof(h));
		h.type = type;
		h.dst_port = (uint16_t)check_rnd(&s);
		if (type == BTP_A)
			h.src_port = (uint16_t)check_rnd(&s);
		else
			h.dst_port_info = (uint16_t)check_rnd(&s);
		h.payload_len = check_rnd(&s) % sizeof(pay);
		for (j = 0; j < h.payload_len; j++)
			pay[j] = (uint8_t)check_rnd(&s);
		h.payload = pay;
		buf_reset(&b);
		buf_reset(&b2);
		if (btp_build(&b, &h) != 0 || b.len != BTP_HDR_LEN +
		    h.payload_len) {
			snprintf(why, sizeof(why), "seed %d: build", i);
			bad = 1;
			break;
		}
		if ((e = btp_parse((uint8_t *)b.p, b.len, type, &back)) !=
		    REASON_OK || back.type != type ||
		    back.dst_port != h.dst_port || back.src_port != h.src_port ||
		    back.dst_port_info != h.dst_port_info ||
		    back.payload_len != h.payload_len ||
		    back.payload != (uint8_t *)b.p + BTP_HDR_LEN ||
		    memcmp(back.payload, pay, h.payload_len) != 0) {
			snprintf(why, sizeof(why), "seed %d: parse %s", i,
			    reason_str(e));
			bad = 1;
			break;
		}
		if (btp_build(&b2, &back) != 0 || b2.len != b.len ||
		    memcmp(b.p, b2.p, b.len) != 0) {
			snprintf(why, sizeof(why), "seed %d: rebuild", i);
			bad = 1;
		}
	}
	snprintf(name, sizeof(name), "identity BTP-%c (%d headers)",
	    type == BTP_A ? 'A' : 'B', i);
	report(name, bad, why);
	buf_free(&b);
	buf_free(&b2);
}

static void
test_truncation_and_types(void)
{
	static const uint8_t whole[] = { 0x07, 0xd1, 0x00, 0x00 };
	struct btp_hdr	 h;
	struct buf	 b;
	uint8_t		*q;
	char		 why[128] = "";
	size_t		 k;
	int		 t, bad = 0;
	enum reason	 e;

	for (t = BTP_A; t <= BTP_B; t++)
		for (k = 0; k < BTP_HDR_LEN; k++) {
			if ((q = malloc(k ? k : 1)) == NULL)
				abort();
			memcpy(q, whole, k);
			if ((e = btp_parse(q, k, t, &h)) != REASON_TRUNCATED) {
				snprintf(why, sizeof(why), "type %d, %zu "
				    "octets: %s", t, k, reason_str(e));
				bad = 1;
			}
			free(q);
		}
	if (btp_parse(whole, 4, BTP_B, &h) != REASON_OK ||
	    h.payload_len != 0 || h.dst_port != 2001) {
		snprintf(why, sizeof(why), "header alone");
		bad = 1;
	}
	report("BTP truncated at every byte -> TRUNCATED", bad, why);

	bad = 0;
	for (t = -1; t < 16; t++) {
		if (t == BTP_A || t == BTP_B)
			continue;
		if ((e = btp_parse(whole, 4, t, &h)) != REASON_UNKNOWN_TYPE) {
			snprintf(why, sizeof(why), "type %d: %s", t,
			    reason_str(e));
			bad = 1;
		}
	}
	buf_init(&b);
	memset(&h, 0, sizeof(h));
	h.type = 3;
	if (btp_build(&b, &h) != -1 || b.len != 0) {
		snprintf(why, sizeof(why), "built type 3");
		bad = 1;
	}
	buf_free(&b);
	report("BTP unknown header types -> UNKNOWN_TYPE", bad, why);
}

static void
test_ports(void)
{
	static const struct {
		uint16_t	 port;
		const char	*message;
		int		 msgid;
	} want[] = {
		{ 2001, "CAM", 2 }, { 2002, "DENM", 1 }, { 2003, "MAPEM", 5 },
		{ 2004, "SPATEM", 4 }, { 2005, "SAEM", 12 },
		{ 2006, "IVIM", 6 }, { 2007, "SREM", 9 }, { 2008, "SSEM", 10 },
		{ 2009, "CPM", 14 }, { 2010, "EVCSN", 11 },
		{ 2013, "RTCMEM", 13 }, { 2018, "VAM", 16 },
		{ 2019, "IMZM", 15 },
	};
	const struct btp_port *bp;
	struct btp_hdr	 h;
	char		 why[128] = "";
	size_t		 i;
	unsigned	 p;
	int		 bad = 0, known = 0;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bp = btp_port_find(want[i].port);
		if (bp == NULL || strcmp(bp->message, want[i].message) != 0 ||
		    bp->msgid != want[i].msgid || bp->port != want[i].port ||
		    btp_port_name(want[i].port) != bp->message) {
			snprintf(why, sizeof(why), "port %u", want[i].port);
			bad = 1;
		}
	}
	for (p = 0; p < 65536; p++)
		if ((bp = btp_port_find((uint16_t)p)) != NULL) {
			known++;
			if (bp->port != p || bp->service == NULL)
				bad = 1;
		}
	if (known != 19 || btp_port_find(2000) != NULL ||
	    btp_port_name(2020) != NULL) {
		snprintf(why, sizeof(why), "%d well-known ports", known);
		bad = 1;
	}
	memset(&h, 0, sizeof(h));
	h.type = BTP_A;
	h.dst_port = 40000;
	h.src_port = 2002;	/* a reply to the DEN service */
	if ((bp = btp_service(&h)) == NULL || strcmp(bp->message, "DENM")) {
		snprintf(why, sizeof(why), "BTP-A reply service");
		bad = 1;
	}
	h.type = BTP_B;
	if (btp_service(&h) != NULL) {
		snprintf(why, sizeof(why), "BTP-B looked at the info");
		bad = 1;
	}
	report("well-known ports (TS 103 248) and their messages", bad, why);
}

static void
test_json(void)
{
	struct btp_hdr	 h;
	struct buf	 b;
	json_error_t	 je;
	json_t		*j;
	int		 bad = 0;

	buf_init(&b);
	memset(&h, 0, sizeof(h));
	h.type = BTP_B;
	h.dst_port = 2001;
	btp_json(&b, &h);
	if (strcmp(buf_cstr(&b), "{\"layer\":\"btp\",\"type\":\"B\","
	    "\"dstPort\":2001,\"dstPortInfo\":0,\"service\":\"CAM\"}") != 0)
		bad = 1;
	buf_reset(&b);
	h.type = BTP_A;
	h.dst_port = 7;
	h.src_port = 65535;
	btp_json(&b, &h);
	if ((j = json_loadb(b.p, b.len, 0, &je)) == NULL ||
	    json_integer_value(json_object_get(j, "srcPort")) != 65535 ||
	    json_object_get(j, "service") != NULL ||
	    strcmp(json_string_value(json_object_get(j, "type")), "A") != 0)
		bad = 1;
	json_decref(j);
	report("BTP JSON", bad, buf_cstr(&b));
	buf_free(&b);
}

int
main(void)
{
	test_identity(BTP_A);
	test_identity(BTP_B);
	test_truncation_and_types();
	test_ports();
	test_json();
	return check_exit();
}
