/*
 * unit_rvg.c: unit tests of the random value generator (rvg.c): for every
 * J2735 message type and a thousand seeds (ETSI: three hundred), the value
 * passes the constraint checks, encodes, decodes back to the same encoding,
 * survives JSON (JER) out and in, and the same seed gives the same bytes;
 * then a few values of every type of both schemas.  Prints PASS/FAIL lines.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "codec.h"
#include "jer.h"
#include "msg.h"
#include "rvg.h"

#define SEEDS		1000
#define SEEDS_ETSI	300	/* per ETSI message type */
#define SEEDS_ANY	20	/* per type of the whole schema */

extern struct asn_TYPE_descriptor_s *j2735_pdu_collection[];
extern struct asn_TYPE_descriptor_s *etsi_pdu_collection[];

static const char *const j2735_msgs[] = { "MessageFrame",
	"BasicSafetyMessage", "SPAT", "MapData", "TravelerInformation",
	"RoadSideAlert", "SignalRequestMessage", "SignalStatusMessage",
	"PersonalSafetyMessage", NULL };
static const char *const etsi_msgs[] = { "CAM", "DENM", "SPATEM", "MAPEM",
	"IVIM", "SREM", "SSEM", "RTCMEM", NULL };

static int
same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* One value of td from seed through every round trip; 0, or -1 with why. */
static int
roundtrip(struct asn_TYPE_descriptor_s *td, uint64_t seed, char *why,
    size_t whylen)
{
	struct rvg	 r;
	struct buf	 enc, again, js;
	char		 err[256];
	void		*v = NULL, *d = NULL;
	size_t		 used;
	enum reason	 e;
	int		 rc = -1;

	buf_init(&enc);
	buf_init(&again);
	buf_init(&js);
	rvg_seed(&r, seed);
	if ((e = rvg_value(&r, td, &v, err, sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "generate: %s: %s", reason_str(e), err);
		goto out;
	}
	if ((e = codec_check(td, v, err, sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "check: %s", err);
		goto out;
	}
	if ((e = codec_encode(td, v, &enc, err, sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "encode: %s: %s", reason_str(e), err);
		goto out;
	}

	/* UPER decode, check, encode again. */
	if ((e = codec_decode(td, (uint8_t *)enc.p, enc.len, &d, &used, err,
	    sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "decode: %s: %s", reason_str(e), err);
		goto out;
	}
	if (used != enc.len) {
		snprintf(why, whylen, "decode used %zu of %zu bytes", used,
		    enc.len);
		goto out;
	}
	if ((e = codec_check(td, d, err, sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "check decoded: %s", err);
		goto out;
	}
	if ((e = codec_encode(td, d, &again, err, sizeof(err))) != REASON_OK ||
	    !same(&enc, &again)) {
		snprintf(why, whylen, "re-encoding differs");
		goto out;
	}
	codec_free(td, d);
	d = NULL;

	/* JSON out and in. */
	if ((e = jer_write(&js, td, v, NULL, err, sizeof(err))) != REASON_OK) {
		snprintf(why, whylen, "jer_write: %s: %s", reason_str(e), err);
		goto out;
	}
	if ((e = jer_read(td, js.p, js.len, &d, err, sizeof(err))) !=
	    REASON_OK) {
		snprintf(why, whylen, "jer_read: %s: %s", reason_str(e), err);
		goto out;
	}
	buf_reset(&again);
	if ((e = codec_check(td, d, err, sizeof(err))) != REASON_OK ||
	    (e = codec_encode(td, d, &again, err, sizeof(err))) != REASON_OK ||
	    !same(&enc, &again)) {
		snprintf(why, whylen, "JSON round trip differs (%s)",
		    e != REASON_OK ? err : "bytes");
		goto out;
	}
	codec_free(td, d);
	d = NULL;
	codec_free(td, v);
	v = NULL;

	/* The same seed again. */
	rvg_seed(&r, seed);
	buf_reset(&again);
	if ((e = rvg_value(&r, td, &v, err, sizeof(err))) != REASON_OK ||
	    (e = codec_encode(td, v, &again, err, sizeof(err))) != REASON_OK ||
	    !same(&enc, &again)) {
		snprintf(why, whylen, "same seed, different value");
		goto out;
	}
	rc = 0;
 out:
	if (d != NULL)
		codec_free(td, d);
	if (v != NULL)
		codec_free(td, v);
	buf_free(&enc);
	buf_free(&again);
	buf_free(&js);
	return rc;
}

static void
test_messages(enum msg_family fam, const char *const *types, int seeds)
{
	struct asn_TYPE_descriptor_s *td;
	char	 name[128], why[512];
	size_t	 i;
	uint64_t seed;

	for (i = 0; types[i] != NULL; i++) {
		snprintf(name, sizeof(name), "rvg %s %s x%d",
		    msg_family_str(fam), types[i], seeds);
		if ((td = msg_type_find(types[i], fam, NULL)) == NULL) {
			check_fail("%s: type not found", name);
			continue;
		}
		for (seed = 0; seed < (uint64_t)seeds; seed++)
			if (roundtrip(td, seed * 7919 + i, why,
			    sizeof(why)) == -1)
				break;
		if (seed == (uint64_t)seeds)
			check_pass("%s", name);
		else
			check_fail("%s: seed %llu: %s", name,
			    (unsigned long long)(seed * 7919 + i), why);
	}
}

/* Every type of a schema builds and round-trips. */
static void
test_every_type(const char *family, struct asn_TYPE_descriptor_s **coll)
{
	struct asn_TYPE_descriptor_s **pp;
	char	 why[512];
	int	 types = 0, bad = 0;
	uint64_t seed;

	codec_init(coll);
	for (pp = coll; *pp != NULL; pp++) {
		types++;
		for (seed = 0; seed < SEEDS_ANY; seed++)
			if (roundtrip(*pp, seed, why, sizeof(why)) == -1) {
				if (bad++ < 10)
					check_fail("rvg %s type %s: seed %llu: "
					    "%s", family, msg_type_name(*pp),
					    (unsigned long long)seed, why);
				break;
			}
	}
	if (bad == 0)
		check_pass("rvg every %s type (%d types x%d)", family,
		    types, SEEDS_ANY);
}

/* A MessageFrame carries a message we decode, and msg_decode agrees. */
static void
test_frames(void)
{
	struct asn_TYPE_descriptor_s *frame = msg_frame_type(FAMILY_J2735);
	struct rvg	 r;
	struct buf	 b;
	struct msg	 m;
	char		 err[256];
	void		*v;
	int		 i, ok = 1, seen[64];

	memset(seen, 0, sizeof(seen));
	rvg_seed(&r, 42);
	buf_init(&b);
	for (i = 0; i < 300 && ok; i++) {
		buf_reset(&b);
		if (rvg_value(&r, frame, &v, err, sizeof(err)) != REASON_OK) {
			ok = 0;
			break;
		}
		if (codec_encode(frame, v, &b, err, sizeof(err)) != REASON_OK ||
		    msg_decode(&m, FAMILY_J2735, NULL, (uint8_t *)b.p, b.len,
		    err, sizeof(err)) != REASON_OK)
			ok = 0;
		else {
			if (m.id >= 0 && m.id < 64)
				seen[m.id]++;
			msg_clear(&m);
		}
		codec_free(frame, v);
	}
	buf_free(&b);
	CHECK("rvg frames decode with msg_decode", ok);
	CHECK("rvg frames carry every message type", seen[18] && seen[19] &&
	    seen[20] && seen[27] && seen[29] && seen[30] && seen[31] &&
	    seen[32]);
}

static void
test_numbers(void)
{
	struct rvg	 r, q;
	long		 x;
	int		 i, ok = 1, wide = 0, lo = 0, hi = 0;

	rvg_seed(&r, 1);
	rvg_seed(&q, 1);
	for (i = 0; i < 100; i++)
		if (rvg_next(&r) != rvg_next(&q))
			ok = 0;
	CHECK("rvg deterministic", ok);
	rvg_seed(&q, 2);
	CHECK("rvg seeds differ", rvg_next(&r) != rvg_next(&q));
	for (i = 0; i < 10000; i++) {
		x = rvg_range(&r, 0, 4294967295L);
		if (x < 0 || x > 4294967295L)
			ok = 0;
		if (x > 2147483647L)
			wide++;
		x = rvg_range(&r, -3, 3);
		if (x < -3 || x > 3)
			ok = 0;
		lo += x == -3;
		hi += x == 3;
		x = rvg_range(&r, LONG_MIN, LONG_MAX);
		(void)x;
	}
	CHECK("rvg_range in bounds", ok);
	CHECK("rvg_range wider than 31 bits", wide > 4000 && wide < 6000);
	CHECK("rvg_range reaches both ends", lo > 1000 && hi > 1000);
	CHECK("rvg_range empty span", rvg_range(&r, 5, 5) == 5);
}

int
main(void)
{
	msg_init();
	test_numbers();
	test_frames();
	test_messages(FAMILY_J2735, j2735_msgs, SEEDS);
	test_messages(FAMILY_ETSI, etsi_msgs, SEEDS_ETSI);
	test_every_type("J2735", j2735_pdu_collection);
	test_every_type("ETSI", etsi_pdu_collection);
	return check_exit();
}
