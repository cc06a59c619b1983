/*
 * unit_ntcip.c: unit tests of the NTCIP 1202 v03 SPaT blob parser
 * (ntcip.c): a controller's blob from V2X-Hub's test, a blob written here
 * octet by octet at the layout's offsets (not with ntcip_spat_build), the
 * build -> parse round trip, every malformed case and every truncation.
 *
 * "unit_ntcip --corpus DIR" writes the fuzz seeds instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "ntcip.h"

/*
 * The blob of usdot-fhwa-OPS/V2X-Hub src/v2i-hub/SpatPlugin/test/
 * test_NTCIP1202.cpp (241 octets, older form without pedestrian call and
 * detect): 16 phases, phases 2 and 6 green with 11.8 s to change, phases 4
 * and 8 red with 16.8 s, status 0x80 (flash bit), second of day 68293.
 */
static const char v2xhub_hex[] =
    "cd10"
    "01000000000000000000000000" "02007600760000000000000000"
    "03000000000000000000000000" "0400a800a80000000000000000"
    "05000000000000000000000000" "06007600760000000000000000"
    "07000000000000000000000000" "0800a800a80000000000000000"
    "09000000000000000000000000" "0a000000000000000000000000"
    "0b000000000000000000000000" "0c000000000000000000000000"
    "0d000000000000000000000000" "0e000000000000000000000000"
    "0f000000000000000000000000" "10000000000000000000000000"
    "ffdd" "0000" "0022" "ffff" "0000" "0000" "ffff" "0000" "0000" "0000"
    "0000"
    "80" "00" "08" "67" "010ac5" "0000";

static void
put16(uint8_t *p, size_t off, unsigned v)
{
	p[off] = (uint8_t)(v >> 8);
	p[off + 1] = (uint8_t)v;
}

/*
 * A 245-octet blob written at the offsets V2X-Hub's packed struct gives:
 * header 0, count 1, entries of 13 octets from 2 (phase, then six 16-bit
 * times), 11 bit groups from 210, status 232, timebase 233, discontinuous
 * 234, sequence 235, 24-bit second of day 236, msec 239, ped call 241,
 * ped detect 243.  Every field holds a value of its own.
 */
static void
handmade(uint8_t *p)
{
	int	 i, k;

	memset(p, 0, NTCIP_SPAT_LEN);
	p[0] = 0xcd;
	p[1] = 8;
	for (i = 0; i < 16; i++) {
		uint8_t *e = p + 2 + 13 * i;

		e[0] = i < 8 ? (uint8_t)(8 - i) : 0;	/* phases 8..1 */
		for (k = 0; k < 6; k++)
			put16(e, 1 + 2 * k, (unsigned)(i * 1000 + k * 10 + 1));
	}
	for (k = 0; k < 11; k++)
		put16(p, 210 + 2 * k, (unsigned)(0x1101 * (k + 1)));
	p[232] = 0x81;
	p[233] = 7;
	p[234] = 1;
	p[235] = 200;
	p[236] = 0x01;		/* 86399 = 0x01517f */
	p[237] = 0x51;
	p[238] = 0x7f;
	put16(p, 239, 999);
	put16(p, 241, 0xa5a5);
	put16(p, 243, 0x5a5a);
}

static void
test_v2xhub(void)
{
	struct ntcip_spat	 s;
	uint8_t			 blob[300];
	long			 n;
	char			 err[128];
	const struct ntcip_phase_time *t;

	n = check_unhex(v2xhub_hex, blob, sizeof(blob));
	CHECK("v2xhub-length", n == NTCIP_SPAT_LEN_SHORT);
	CHECK("v2xhub-parse", ntcip_spat_parse(&s, blob, (size_t)n, err,
	    sizeof(err)) == REASON_OK);
	CHECK("v2xhub-count", s.num_phases == 16 && !s.has_ped);
	t = ntcip_spat_phase(&s, 2);
	CHECK("v2xhub-phase2", t != NULL && t->veh_min == 118 &&
	    t->veh_max == 118 && t->ped_min == 0);
	t = ntcip_spat_phase(&s, 8);
	CHECK("v2xhub-phase8", t != NULL && t->veh_min == 168 &&
	    t->veh_max == 168);
	CHECK("v2xhub-green", ntcip_bit(s.phase_green, 2) &&
	    ntcip_bit(s.phase_green, 6) && !ntcip_bit(s.phase_green, 4) &&
	    s.phase_green == 0x0022);
	CHECK("v2xhub-red", !ntcip_bit(s.phase_red, 2) &&
	    ntcip_bit(s.phase_red, 4) && s.phase_red == 0xffdd &&
	    s.phase_dont_walk == 0xffff && s.overlap_red == 0xffff);
	CHECK("v2xhub-status", s.status == 0x80 && s.discontinuous == 8 &&
	    s.seq == 103 && s.seconds == 68293 && s.msec == 0);
}

static void
test_handmade(void)
{
	struct ntcip_spat	 s;
	uint8_t			 p[NTCIP_SPAT_LEN];
	const struct ntcip_phase_time *t;
	char			 err[128];
	int			 i, ok;

	handmade(p);
	CHECK("handmade-parse", ntcip_spat_parse(&s, p, sizeof(p), err,
	    sizeof(err)) == REASON_OK);
	CHECK("handmade-header", s.header == 0xcd && s.num_phases == 8 &&
	    s.has_ped);
	ok = 1;
	for (i = 0; i < 16; i++) {
		t = &s.times[i];
		ok &= t->phase == (i < 8 ? 8 - i : 0);
		ok &= t->veh_min == i * 1000 + 1 && t->veh_max == i * 1000 + 11;
		ok &= t->ped_min == i * 1000 + 21 && t->ped_max == i * 1000 + 31;
		ok &= t->ovl_min == i * 1000 + 41 && t->ovl_max == i * 1000 + 51;
	}
	CHECK("handmade-times", ok);
	t = ntcip_spat_phase(&s, 1);
	CHECK("handmade-find", t == &s.times[7] &&
	    ntcip_spat_phase(&s, 9) == NULL && ntcip_spat_phase(&s, 0) == NULL);
	CHECK("handmade-groups", s.phase_red == 0x1101 &&
	    s.phase_yellow == 0x2202 && s.phase_green == 0x3303 &&
	    s.phase_dont_walk == 0x4404 && s.phase_ped_clear == 0x5505 &&
	    s.phase_walk == 0x6606 && s.overlap_red == 0x7707 &&
	    s.overlap_yellow == 0x8808 && s.overlap_green == 0x9909 &&
	    s.flash_phase == 0xaa0a && s.flash_overlap == 0xbb0b);
	CHECK("handmade-tail", s.status == 0x81 && s.timebase_action == 7 &&
	    s.discontinuous == 1 && s.seq == 200 && s.seconds == 86399 &&
	    s.msec == 999 && s.ped_call == 0xa5a5 && s.ped_detect == 0x5a5a);
	CHECK("bits", ntcip_bit(0x8001, 1) && ntcip_bit(0x8001, 16) &&
	    !ntcip_bit(0x8001, 2) && !ntcip_bit(0xffff, 0) &&
	    !ntcip_bit(0xffff, 17));
}

static void
test_roundtrip(void)
{
	struct ntcip_spat	 s, r;
	struct buf		 b, c;
	uint8_t			 p[NTCIP_SPAT_LEN], v[300];
	long			 n;

	buf_init(&b);
	buf_init(&c);
	handmade(p);
	ntcip_spat_parse(&s, p, sizeof(p), NULL, 0);
	CHECK("roundtrip-245", ntcip_spat_build(&b, &s) == 0 &&
	    b.len == sizeof(p) && memcmp(b.p, p, sizeof(p)) == 0);
	n = check_unhex(v2xhub_hex, v, sizeof(v));
	ntcip_spat_parse(&s, v, (size_t)n, NULL, 0);
	buf_reset(&b);
	CHECK("roundtrip-241", ntcip_spat_build(&b, &s) == 0 &&
	    b.len == (size_t)n && memcmp(b.p, v, (size_t)n) == 0);

	/* struct -> bytes -> struct */
	memset(&s, 0, sizeof(s));
	s.header = NTCIP_SPAT_HEADER;
	s.num_phases = 2;
	s.times[0].phase = 2;
	s.times[0].veh_min = 50;
	s.times[0].veh_max = 300;
	s.times[1].phase = 4;
	s.times[1].ped_max = 65535;
	s.phase_green = 0x0002;
	s.phase_red = 0xfffd;
	s.seconds = 3599;
	s.msec = 900;
	s.has_ped = 1;
	s.ped_call = 0x0008;
	buf_reset(&b);
	CHECK("roundtrip-struct", ntcip_spat_build(&b, &s) == 0 &&
	    ntcip_spat_parse(&r, (uint8_t *)b.p, b.len, NULL, 0) ==
	    REASON_OK && ntcip_spat_build(&c, &r) == 0 && c.len == b.len &&
	    memcmp(c.p, b.p, b.len) == 0 && r.times[1].ped_max == 65535 &&
	    r.seconds == 3599 && r.msec == 900 && r.ped_call == 8);

	/* build refuses what parse refuses */
	r = s;
	r.header = 0xcc;
	CHECK("build-refuses-header", ntcip_spat_build(&b, &r) == -1);
	r = s;
	r.num_phases = 17;
	CHECK("build-refuses-count", ntcip_spat_build(&b, &r) == -1);
	r = s;
	r.times[3].phase = 17;
	CHECK("build-refuses-phase", ntcip_spat_build(&b, &r) == -1);
	r = s;
	r.seconds = NTCIP_SPAT_DAY;
	CHECK("build-refuses-time", ntcip_spat_build(&b, &r) == -1);

	buf_reset(&b);
	ntcip_spat_json(&b, &s);
	CHECK("json-valid", check_json(buf_cstr(&b), CHECK_JSON_LAX) &&
	    strstr(b.p, "\"layer\":\"ntcip-spat\"") != NULL &&
	    strstr(b.p, "\"phaseGreen\":\"0x0002\"") != NULL &&
	    strstr(b.p, "\"pedCall\":\"0x0008\"") != NULL);
	buf_free(&b);
	buf_free(&c);
}

/* Parse a copy of exactly n octets (so ASan sees any read past it). */
static enum reason
parse_copy(const uint8_t *p, size_t n, struct ntcip_spat *s, char *err,
    size_t errlen)
{
	uint8_t		*q = malloc(n ? n : 1);
	enum reason	 r;

	if (q == NULL)
		abort();
	memcpy(q, p, n);
	r = ntcip_spat_parse(s, q, n, err, errlen);
	free(q);
	return r;
}

static void
expect(const char *name, const uint8_t *p, size_t n, enum reason want)
{
	struct ntcip_spat	 s;
	char			 err[128];
	enum reason		 got;

	strcpy(err, "");
	got = parse_copy(p, n, &s, err, sizeof(err));
	if (got == want && (want == REASON_OK || err[0] != '\0'))
		check_pass("%s", name);
	else
		check_fail("%s: %s (%s), want %s", name, reason_str(got), err,
		    reason_str(want));
}

static void
test_malformed(void)
{
	uint8_t		 p[600];

	memset(p, 0, sizeof(p));
	handmade(p);
	expect("bad-empty", p, 0, REASON_TRUNCATED);
	expect("bad-one-octet", p, 1, REASON_TRUNCATED);
	expect("bad-short-240", p, 240, REASON_TRUNCATED);
	expect("bad-242", p, 242, REASON_BAD_LENGTH);
	expect("bad-244", p, 244, REASON_BAD_LENGTH);
	expect("bad-long-246", p, 246, REASON_BAD_LENGTH);
	expect("bad-long-500", p, 500, REASON_BAD_LENGTH);
	expect("ok-241", p, 241, REASON_OK);
	p[0] = 0xcc;
	expect("bad-header", p, NTCIP_SPAT_LEN, REASON_UNKNOWN_TYPE);
	p[0] = 0x00;
	expect("bad-header-zero", p, 1, REASON_UNKNOWN_TYPE);
	handmade(p);
	p[1] = 17;
	expect("bad-count-17", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	p[1] = 255;
	expect("bad-count-255", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	handmade(p);
	p[2 + 13 * 4] = 17;			/* entry 5: phase 17 */
	expect("bad-phase-17", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	p[2 + 13 * 4] = 255;
	expect("bad-phase-255", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	handmade(p);
	p[2 + 13 * 15] = 3;			/* entry 16: phase 3 again */
	expect("bad-phase-twice", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	handmade(p);
	p[2 + 13 * 15] = 16;			/* entry 16: phase 16 */
	expect("ok-phase-16", p, NTCIP_SPAT_LEN, REASON_OK);
	handmade(p);
	p[238] = 0x80;				/* 86400 = 0x015180 */
	expect("bad-seconds-86400", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
	handmade(p);
	put16(p, 239, 1000);
	expect("bad-msec-1000", p, NTCIP_SPAT_LEN, REASON_BAD_VALUE);
}

static void
test_truncation(void)
{
	struct ntcip_spat	 s;
	uint8_t			 p[NTCIP_SPAT_LEN];
	char			 err[8];	/* short: messages are cut */
	size_t			 n;
	int			 bad = 0;
	enum reason		 r, want;

	handmade(p);
	for (n = 0; n <= sizeof(p); n++) {
		r = parse_copy(p, n, &s, err, sizeof(err));
		if (n == NTCIP_SPAT_LEN_SHORT || n == NTCIP_SPAT_LEN)
			want = REASON_OK;
		else if (n < NTCIP_SPAT_LEN_SHORT)
			want = REASON_TRUNCATED;
		else
			want = REASON_BAD_LENGTH;
		if (r != want) {
			printf("# %zu octets: %s\n", n, reason_str(r));
			bad++;
		}
		if (n > 0 && s.header != 0xcd)
			bad++;
	}
	if (bad == 0)
		check_pass("truncation-every-length (%zu)", sizeof(p) + 1);
	else
		check_fail("truncation-every-length: %d wrong", bad);
	CHECK("truncation-null-err", ntcip_spat_parse(&s, p, 10, NULL, 0) ==
	    REASON_TRUNCATED);
}

/* Seeds for tests/fuzz/corpus/ntcip/. */
static int
write_corpus(const char *dir)
{
	uint8_t	 p[NTCIP_SPAT_LEN], v[300];
	char	 path[512];
	long	 n;

	handmade(p);
	n = check_unhex(v2xhub_hex, v, sizeof(v));
	snprintf(path, sizeof(path), "%s/handmade-245", dir);
	if (check_write_file(path, p, sizeof(p)) == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/v2xhub-241", dir);
	if (check_write_file(path, v, (size_t)n) == -1)
		return 1;
	snprintf(path, sizeof(path), "%s/truncated-100", dir);
	if (check_write_file(path, p, 100) == -1)
		return 1;
	p[2 + 13 * 4] = 17;
	snprintf(path, sizeof(path), "%s/phase-17", dir);
	if (check_write_file(path, p, sizeof(p)) == -1)
		return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--corpus") == 0)
		return write_corpus(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: unit_ntcip [--corpus DIR]\n");
		return 2;
	}
	test_v2xhub();
	test_handmade();
	test_roundtrip();
	test_malformed();
	test_truncation();
	return check_exit();
}
