/*
 * unit_codecs.c: unit tests of the codecs library (buf, hex, reasons, the
 * message registry, JER in and out, open types).  Prints PASS/FAIL lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn_int.h"
#include "buf.h"
#include "check.h"
#include "codec.h"
#include "jer.h"
#include "msg.h"
#include "reason.h"

static void
test_hex(void)
{
	uint8_t	 out[8];

	CHECK("hex plain", hex_decode("0aFf", 4, out, 8) == 2 &&
	    out[0] == 0x0a && out[1] == 0xff);
	CHECK("hex separators", hex_decode("0a ff:01", 8, out, 8) == 3);
	CHECK("hex odd digits", hex_decode("0af", 3, out, 8) == -1);
	CHECK("hex split byte", hex_decode("0 a", 3, out, 8) == -1);
	CHECK("hex bad char", hex_decode("0g", 2, out, 8) == -1);
	CHECK("hex overflow", hex_decode("000000", 6, out, 2) == -1);
	CHECK("hex empty", hex_decode("", 0, out, 8) == 0);
}

static void
test_buf(void)
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	for (i = 0; i < 10000; i++)
		buf_addlong(&b, -i);
	CHECK("buf grows", !b.oom && b.len > 10000 && b.p[0] == '0' &&
	    b.p[1] == '-');
	buf_reset(&b);
	buf_addlong(&b, -9223372036854775807L - 1);
	CHECK("buf LONG_MIN", strcmp(buf_cstr(&b), "-9223372036854775808") == 0);
	buf_reset(&b);
	buf_addhex(&b, (const uint8_t *)"\x01\xab", 2);
	CHECK("buf hex", strcmp(buf_cstr(&b), "01ab") == 0);
	buf_free(&b);
}

static void
test_reasons(void)
{
	int	 i, ok = 1;

	for (i = 0; i < REASON_MAX; i++)
		if (reason_from_str(reason_str(i)) != (enum reason)i)
			ok = 0;
	CHECK("reason names round trip", ok);
	CHECK("reason out of range", strcmp(reason_str(REASON_MAX), "UNKNOWN") == 0);
}

/* Encode JSON as TYPE, expect reason want; on success decode and compare. */
static enum reason
json_roundtrip(const char *type, const char *json, char *again, size_t cap)
{
	struct asn_TYPE_descriptor_s *td = NULL;
	struct msg	 m, d;
	struct buf	 enc, js;
	char		 err[256];
	enum reason	 r;

	if (type != NULL)
		td = msg_type_find(type, FAMILY_J2735, NULL);
	r = jer_read_msg(&m, FAMILY_J2735, td, json, strlen(json), err,
	    sizeof(err));
	if (r != REASON_OK)
		return r;
	buf_init(&enc);
	r = msg_encode(&m, &enc, err, sizeof(err));
	msg_clear(&m);
	if (r != REASON_OK) {
		buf_free(&enc);
		return r;
	}
	r = msg_decode(&d, FAMILY_J2735, td, (uint8_t *)enc.p, enc.len, err,
	    sizeof(err));
	buf_free(&enc);
	if (r != REASON_OK)
		return r;
	buf_init(&js);
	r = jer_write(&js, d.pdu, d.value, NULL, err, sizeof(err));
	snprintf(again, cap, "%s", buf_cstr(&js));
	buf_free(&js);
	msg_clear(&d);
	return r;
}

static void
test_jer(void)
{
	const char *pos = "{\"lat\":372512345,\"long\":1270123456,\"elevation\":450}";
	char	 again[4096];

	CHECK("jer Position3D round trip",
	    json_roundtrip("Position3D", pos, again, sizeof(again)) == REASON_OK &&
	    strcmp(again, pos) == 0);
	CHECK("jer out of range is CONSTRAINT",
	    json_roundtrip("Position3D", "{\"lat\":900000002,\"long\":0}",
	    again, sizeof(again)) == REASON_CONSTRAINT);
	CHECK("jer missing member is JSON_TYPE",
	    json_roundtrip("Position3D", "{\"lat\":1}", again,
	    sizeof(again)) == REASON_JSON_TYPE);
	CHECK("jer unknown member is JSON_TYPE",
	    json_roundtrip("Position3D", "{\"lat\":1,\"long\":2,\"x\":3}", again,
	    sizeof(again)) == REASON_JSON_TYPE);
	CHECK("jer wrong JSON type is JSON_TYPE",
	    json_roundtrip("Position3D", "{\"lat\":\"1\",\"long\":2}", again,
	    sizeof(again)) == REASON_JSON_TYPE);
	CHECK("jer garbage is BAD_JSON",
	    json_roundtrip("Position3D", "{\"lat\":", again,
	    sizeof(again)) == REASON_BAD_JSON);
	CHECK("jer duplicate key is BAD_JSON",
	    json_roundtrip("Position3D", "{\"lat\":1,\"lat\":1,\"long\":2}",
	    again, sizeof(again)) == REASON_BAD_JSON);

	/* A regional extension with a region id we do not know: kept as hex,
	 * with a note, and encoded back from the hex. */
	CHECK("jer unknown region kept as hex",
	    json_roundtrip("Position3D", "{\"lat\":1,\"long\":2,\"regional\":"
	    "[{\"regionId\":99,\"regExtValue\":\"0102\"}]}", again,
	    sizeof(again)) == REASON_OK &&
	    strstr(again, "\"regExtValue\":\"0102\",\"unknown\":") != NULL);
	/* addGrpC (3) extends Position3D with an altitude. */
	CHECK("jer addGrpC region decoded in place",
	    json_roundtrip("Position3D", "{\"lat\":1,\"long\":2,\"regional\":"
	    "[{\"regionId\":3,\"regExtValue\":{\"altitude\":{\"value\":1200,"
	    "\"confidence\":\"alt-000-20\"}}}]}", again,
	    sizeof(again)) == REASON_OK &&
	    strstr(again, "\"altitude\":{\"value\":1200") != NULL);
	CHECK("jer unknown enumerator is JSON_TYPE",
	    json_roundtrip("Position3D", "{\"lat\":1,\"long\":2,\"regional\":"
	    "[{\"regionId\":3,\"regExtValue\":{\"altitude\":{\"value\":1200,"
	    "\"confidence\":\"nope\"}}}]}", again,
	    sizeof(again)) == REASON_JSON_TYPE);
}

/* JSON of ETSI type name -> UPER (hex into hex) -> JSON again (into again). */
static enum reason
etsi_roundtrip(const char *name, const char *json, char *hex, char *again,
    size_t cap)
{
	struct asn_TYPE_descriptor_s *td;
	struct buf	 enc, js;
	char		 err[256];
	void		*v = NULL, *d = NULL;
	size_t		 used;
	enum reason	 r;

	hex[0] = again[0] = '\0';
	if ((td = msg_type_find(name, FAMILY_ETSI, NULL)) == NULL)
		return REASON_UNKNOWN_TYPE;
	if ((r = jer_read(td, json, strlen(json), &v, err, sizeof(err))) !=
	    REASON_OK)
		return r;
	buf_init(&enc);
	buf_init(&js);
	if ((r = codec_check(td, v, err, sizeof(err))) == REASON_OK &&
	    (r = codec_encode(td, v, &enc, err, sizeof(err))) == REASON_OK) {
		struct buf h;

		buf_init(&h);
		buf_addhex(&h, (const uint8_t *)enc.p, enc.len);
		snprintf(hex, cap, "%s", buf_cstr(&h));
		buf_free(&h);
		if ((r = codec_decode(td, (const uint8_t *)enc.p, enc.len, &d,
		    &used, err, sizeof(err))) == REASON_OK &&
		    (r = jer_write(&js, td, d, NULL, err, sizeof(err))) ==
		    REASON_OK)
			snprintf(again, cap, "%s", buf_cstr(&js));
	}
	codec_free(td, v);
	codec_free(td, d);
	buf_free(&enc);
	buf_free(&js);
	return r;
}

/* Walk every SEQUENCE reachable from the types of collection c, adding
 * "Type.member" of each group stand-in to out. */
static void
find_groups(asn_TYPE_descriptor_t *td, struct buf *out,
    asn_TYPE_descriptor_t **seen, size_t *nseen, size_t cap)
{
	size_t	 k;
	int	 i;

	for (k = 0; k < *nseen; k++)
		if (seen[k] == td)
			return;
	if (*nseen == cap)
		return;
	seen[(*nseen)++] = td;
	if (codec_kind(td) != CK_SEQUENCE && codec_kind(td) != CK_CHOICE &&
	    codec_kind(td) != CK_SEQOF)
		return;
	for (i = 0; i < td->elements_count; i++) {
		if (member_is_group(td, i))
			buf_addf(out, "%s.%s ", td->name, td->elements[i].name);
		find_groups(td->elements[i].type, out, seen, nseen, cap);
	}
}

extern asn_TYPE_descriptor_t *etsi_pdu_collection[];
extern asn_TYPE_descriptor_t *j2735_pdu_collection[];

/*
 * Extension addition groups [[ ]] (issue 19): our modules write one as an
 * OPTIONAL addition "ext1 SEQUENCE {...}" (asn1c 0.9.28 cannot compile a
 * group); JER puts its components in the enclosing object (X.697, X.680
 * 25) and reads them back from there, to the bytes X.691 19.9 gives: the
 * expected hex is Erlang/OTP 25's UPER of the same value of a module with
 * the group written as [[ ]] (LaneInformation's shape).
 */
static void
test_groups(void)
{
	static asn_TYPE_descriptor_t *seen[8192];
	const char *li = "{\"laneNumber\":1,\"direction\":0,\"laneType\":0,"
	    "\"laneStatus\":0,\"detectionZoneIds\":[3]}";
	char	 hex[4096], again[4096];
	struct buf groups;
	size_t	 nseen = 0;
	int	 i;

	CHECK("jer group components in the enclosing object",
	    etsi_roundtrip("LaneInformation", li, hex, again, sizeof(again)) ==
	    REASON_OK && strcmp(again, li) == 0);
	CHECK("jer group encodes as X.691 19.9 (Erlang's bytes)",
	    strcmp(hex, "82000020500080") == 0);
	CHECK("jer no group component: no group",
	    etsi_roundtrip("LaneInformation", "{\"laneNumber\":1,\"direction\":"
	    "0,\"laneType\":0,\"laneStatus\":0}", hex, again,
	    sizeof(again)) == REASON_OK && strcmp(hex, "020000") == 0 &&
	    strstr(again, "ext1") == NULL);
	CHECK("jer group member name is not a JSON key",
	    etsi_roundtrip("LaneInformation", "{\"laneNumber\":1,\"direction\":"
	    "0,\"laneType\":0,\"laneStatus\":0,\"ext1\":{\"detectionZoneIds\""
	    ":[3]}}", hex, again, sizeof(again)) == REASON_JSON_TYPE);
	/* TcPart's group has a mandatory component: needed once any is. */
	CHECK("jer group mandatory component needed",
	    etsi_roundtrip("TcPart", "{\"relevanceZoneIds\":[1],\"data\":\"\","
	    "\"laneStatus\":1}", hex, again, sizeof(again)) ==
	    REASON_JSON_TYPE);
	CHECK("jer group with mandatory component round trip",
	    etsi_roundtrip("TcPart", "{\"relevanceZoneIds\":[1],\"data\":\"\","
	    "\"iviType\":0,\"laneStatus\":1}", hex, again, sizeof(again)) ==
	    REASON_OK && strcmp(again, "{\"relevanceZoneIds\":[1],\"data\":"
	    "\"\",\"iviType\":0,\"laneStatus\":1}") == 0);

	/* The marks find exactly the groups asn1/ declares ("-- V2 group"
	 * in asn1/etsi/IVI.asn; none in asn1/j2735). */
	buf_init(&groups);
	for (i = 0; etsi_pdu_collection[i] != NULL; i++)
		find_groups(etsi_pdu_collection[i], &groups, seen, &nseen,
		    sizeof(seen) / sizeof(seen[0]));
	for (i = 0; j2735_pdu_collection[i] != NULL; i++)
		find_groups(j2735_pdu_collection[i], &groups, seen, &nseen,
		    sizeof(seen) / sizeof(seen[0]));
	CHECK("group marks find IVI's two groups only, over every type",
	    nseen < sizeof(seen) / sizeof(seen[0]) &&
	    (strcmp(buf_cstr(&groups), "TcPart.ext1 LaneInformation.ext1 ")
	    == 0 || strcmp(buf_cstr(&groups),
	    "LaneInformation.ext1 TcPart.ext1 ") == 0));
	if (check_failures)
		printf("    groups found: %s\n", buf_cstr(&groups));
	buf_free(&groups);
}

static void
test_decode_errors(void)
{
	static const uint8_t spat[] = { 0x00, 0x13, 0x1a, 0x00, 0x18, 0x02,
	    0x58, 0x81, 0x00, 0x00, 0x71, 0xe8, 0x07, 0x72, 0x40, 0x10, 0x01,
	    0x04, 0x64, 0x3c, 0xf0, 0x3d, 0x09, 0x00, 0x10, 0x21, 0x81, 0xec,
	    0x30 };
	uint8_t		 more[sizeof(spat) + 3];
	struct msg	 m;
	char		 err[256];
	size_t		 n;
	int		 ok = 1;

	CHECK("decode sample SPAT", msg_decode(&m, FAMILY_J2735, NULL, spat,
	    sizeof(spat), err, sizeof(err)) == REASON_OK &&
	    strcmp(msg_type_name(m.type), "SPAT") == 0 && m.trailing == 0);
	msg_clear(&m);
	memcpy(more, spat, sizeof(spat));
	memset(more + sizeof(spat), 0xee, 3);
	CHECK("decode counts trailing bytes", msg_decode(&m, FAMILY_J2735,
	    NULL, more, sizeof(more), err, sizeof(err)) == REASON_OK &&
	    m.trailing == 3);
	msg_clear(&m);
	for (n = 0; n < sizeof(spat) - 1; n++) {
		enum reason r = msg_decode(&m, FAMILY_J2735, NULL, spat, n,
		    err, sizeof(err));

		if (r == REASON_OK) {
			ok = 0;
			msg_clear(&m);
		}
	}
	CHECK("decode every truncation fails", ok);
	CHECK("decode empty is TRUNCATED", msg_decode(&m, FAMILY_J2735, NULL,
	    spat, 0, err, sizeof(err)) == REASON_TRUNCATED);
	more[1] = 0x63;		/* messageId 99 */
	CHECK("decode unknown messageId is UNKNOWN_TYPE", msg_decode(&m,
	    FAMILY_J2735, NULL, more, sizeof(more), err, sizeof(err)) ==
	    REASON_UNKNOWN_TYPE);
}

int
main(void)
{
	test_hex();
	test_buf();
	test_reasons();
	test_jer();
	test_groups();
	test_decode_errors();
	return check_exit();
}
