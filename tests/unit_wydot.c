/*
 * unit_wydot.c: unit tests of the WYDOT CV Pilot OBU log reader (wydot.c):
 * records built by hand for each layout, layout guessing, truncation at
 * every byte, garbage, gzip (one and several members, truncated, bad), and
 * the shared vectors (every record of wydot-cv-pilot-logs/ and the jpo-ode
 * UDP receiver's BSM sample) peeled down to their messages.
 *
 * "unit_wydot --dump FILE [TYPE]" prints instead one JSON line per record
 * for tests/wydot_vectors.py: {"reason":..,"wydot":{layer},"peel":..,
 * "message":{jer_write_msg}} (TYPE: bsmTx, rxMsg...; default: by the file
 * name, else guessed).
 */
#include <sys/stat.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "check.h"
#include "jer.h"
#include "peel.h"
#include "wydot.h"

/* The file's bytes, decompressed when gzip. */
static int
load(const char *path, struct buf *raw, struct buf *data)
{
	char	 err[128];

	buf_reset(data);
	if (check_read_file(path, raw) == -1)
		return -1;
	if (wydot_is_gzip((uint8_t *)raw->p, raw->len))
		return wydot_gunzip((uint8_t *)raw->p, raw->len, data, err,
		    sizeof(err));
	buf_add(data, raw->p, raw->len);
	return data->oom ? -1 : 0;
}

/* --- records built by hand --------------------------------------------- */

/* Fort Collins, 2018-05-01T15:30:25.399Z */
static void
put_loc_time(struct buf *b)
{
	buf_add_le32(b, (uint32_t)405660962);
	buf_add_le32(b, (uint32_t)-1050317754);
	buf_add_le32(b, 14409);
	buf_add_le16(b, 14);
	buf_add_le16(b, 25060);
	buf_add_le32(b, 1525188625);
	buf_add_le16(b, 399);
}

static const uint8_t frame_1609[] = {	/* 1609.2 unsecured, 4 bytes */
	0x03, 0x80, 0x04, 0x00, 0x14, 0x01, 0x00
};

static void
add_tagged(struct buf *b, uint8_t tag, uint8_t sec)
{
	buf_addc(b, (char)tag);
	put_loc_time(b);
	buf_addc(b, (char)sec);
	buf_add_le16(b, sizeof(frame_1609));
	buf_add(b, frame_1609, sizeof(frame_1609));
}

static void
add_dn(struct buf *b)
{
	put_loc_time(b);
	buf_addc(b, 0);
	buf_add_le16(b, sizeof(frame_1609));
	buf_add(b, frame_1609, sizeof(frame_1609));
}

static void
add_alert(struct buf *b, const char *s)
{
	put_loc_time(b);
	buf_add_le16(b, strlen(s));
	buf_adds(b, s);
}

static void
test_layouts(void)
{
	struct wydot_reader	*rd;
	struct wydot_record	 r;
	struct buf		 b, j;
	enum reason		 rs;

	buf_init(&b);
	buf_init(&j);
	add_tagged(&b, 0, 0);
	add_tagged(&b, 1, 2);
	rd = wydot_open_type((uint8_t *)b.p, b.len, WYDOT_BSM_TX);
	rs = wydot_next(rd, &r);
	CHECK("bsmTx record", rs == REASON_OK && r.type == WYDOT_BSM_TX &&
	    r.offset == 0 && r.size == 26 + sizeof(frame_1609) &&
	    r.has_direction && r.direction == 0 && !r.has_rx_source &&
	    r.latitude == 405660962 && r.longitude == -1050317754 &&
	    r.elevation == 14409 && r.speed == 14 && r.heading == 25060 &&
	    r.utc_time == 1525188625 && r.msec == 399 && r.has_security &&
	    r.security == 0 && r.length == sizeof(frame_1609) &&
	    r.payload == (uint8_t *)b.p + 26 && r.text == NULL);
	wydot_json(&j, &r);
	CHECK("bsmTx JSON", check_json(buf_cstr(&j), 0) && strstr(j.p,
	    "\"recordType\":\"bsmTx\",\"offset\":0,\"direction\":\"EV\","
	    "\"location\":{\"latitude\":40.5660962,\"longitude\":-105.0317754,"
	    "\"elevation\":1440.9,\"speed\":0.28,\"heading\":313.2500},"
	    "\"utcTimeInSec\":1525188625,\"msec\":399,\"generatedAt\":"
	    "\"2018-05-01T15:30:25.399Z\",\"securityResultCode\":\"success\","
	    "\"length\":7}") != NULL);
	rs = wydot_next(rd, &r);
	CHECK("bsmTx second record", rs == REASON_OK && r.direction == 1 &&
	    r.security == 2 && r.offset == 26 + sizeof(frame_1609));
	CHECK("bsmTx end", wydot_next(rd, &r) == WYDOT_END &&
	    wydot_next(rd, &r) == WYDOT_END);
	wydot_free(rd);

	rd = wydot_open((uint8_t *)b.p, b.len);
	CHECK("bsmTx guessed as tagged", wydot_type(rd) == WYDOT_BSM_TX ||
	    wydot_type(rd) == WYDOT_RX_MSG);
	wydot_free(rd);

	buf_reset(&b);
	add_tagged(&b, 2, 0);
	add_tagged(&b, 3, 1);
	rd = wydot_open((uint8_t *)b.p, b.len);
	CHECK("rxMsg guessed by rxSource", wydot_type(rd) == WYDOT_RX_MSG);
	CHECK("rxMsg record", wydot_next(rd, &r) == REASON_OK &&
	    r.has_rx_source && r.rx_source == 2 && !r.has_direction);
	buf_reset(&j);
	wydot_next(rd, &r);
	wydot_json(&j, &r);
	CHECK("rxMsg JSON", check_json(buf_cstr(&j), 0) &&
	    strstr(j.p, "\"rxSource\":\"SNMP\"") != NULL &&
	    strstr(j.p, "\"securityResultCode\":\"unknown\"") != NULL);
	wydot_free(rd);

	buf_reset(&b);
	add_dn(&b);
	add_dn(&b);
	rd = wydot_open((uint8_t *)b.p, b.len);
	CHECK("dnMsg guessed", wydot_type(rd) == WYDOT_DN_MSG);
	CHECK("dnMsg record", wydot_next(rd, &r) == REASON_OK &&
	    r.size == 25 + sizeof(frame_1609) && r.has_security &&
	    !r.has_direction && !r.has_rx_source && r.payload != NULL &&
	    r.msec == 399);
	wydot_free(rd);

	buf_reset(&b);
	add_alert(&b, "ICW");
	add_alert(&b, "Slow \"vehicle\" ahead");
	rd = wydot_open((uint8_t *)b.p, b.len);
	CHECK("driverAlert guessed", wydot_type(rd) == WYDOT_DRIVER_ALERT);
	rs = wydot_next(rd, &r);
	CHECK("driverAlert record", rs == REASON_OK && r.text != NULL &&
	    r.length == 3 && memcmp(r.text, "ICW", 3) == 0 &&
	    r.payload == NULL && !r.has_security && r.size == 27);
	buf_reset(&j);
	wydot_next(rd, &r);
	wydot_json(&j, &r);
	CHECK("driverAlert JSON escapes the text",
	    check_json(buf_cstr(&j), 0) &&
	    strstr(j.p, "\"alert\":\"Slow \\\"vehicle\\\" ahead\"") != NULL &&
	    strstr(j.p, "securityResultCode") == NULL);
	wydot_free(rd);

	/* Unavailable location values print as null. */
	buf_reset(&b);
	buf_addc(&b, 0);
	buf_add_le32(&b, WYDOT_LAT_NA);
	buf_add_le32(&b, WYDOT_LON_NA);
	buf_add_le32(&b, (uint32_t)WYDOT_ELEV_NA);
	buf_add_le16(&b, WYDOT_SPEED_NA);
	buf_add_le16(&b, WYDOT_HEADING_NA);
	buf_add_le32(&b, 1525188625);
	buf_add_le16(&b, 0);
	buf_addc(&b, 0);
	buf_add_le16(&b, sizeof(frame_1609));
	buf_add(&b, frame_1609, sizeof(frame_1609));
	rd = wydot_open_type((uint8_t *)b.p, b.len, WYDOT_BSM_EVENT);
	buf_reset(&j);
	CHECK("unavailable location", wydot_next(rd, &r) == REASON_OK);
	wydot_json(&j, &r);
	CHECK("unavailable location JSON", check_json(buf_cstr(&j), 0) &&
	    strstr(j.p, "\"recordType\":\"bsmLogDuringEvent\"") != NULL &&
	    strstr(j.p, "{\"latitude\":null,\"longitude\":null,\"elevation\":"
	    "null,\"speed\":null,\"heading\":null}") != NULL);
	wydot_free(rd);

	/* Records ended by '\n', as Commsignia units write them. */
	buf_reset(&b);
	add_alert(&b, "ICW");
	buf_addc(&b, '\n');
	add_alert(&b, "FCW");
	buf_addc(&b, '\n');
	add_alert(&b, "EEBL");
	rd = wydot_open((uint8_t *)b.p, b.len);
	CHECK("newline-ended records", wydot_type(rd) == WYDOT_DRIVER_ALERT &&
	    wydot_next(rd, &r) == REASON_OK && r.size == 28 &&
	    wydot_next(rd, &r) == REASON_OK && r.offset == 28 &&
	    r.length == 3 && memcmp(r.text, "FCW", 3) == 0 &&
	    wydot_next(rd, &r) == REASON_OK && r.size == 28 &&
	    r.length == 4 && wydot_next(rd, &r) == WYDOT_END);
	wydot_free(rd);
	buf_reset(&b);
	add_tagged(&b, 0, 0);
	buf_addc(&b, '\n');
	add_tagged(&b, 0, 0);
	buf_addc(&b, '\n');
	rd = wydot_open_type((uint8_t *)b.p, b.len, WYDOT_RX_MSG);
	CHECK("newline-ended records, type given", wydot_type(rd) ==
	    WYDOT_RX_MSG && wydot_next(rd, &r) == REASON_OK &&
	    r.size == 27 + sizeof(frame_1609) && wydot_next(rd, &r) ==
	    REASON_OK && r.offset == 27 + sizeof(frame_1609) &&
	    wydot_next(rd, &r) == WYDOT_END);
	wydot_free(rd);

	CHECK("empty input ends", (rd = wydot_open(NULL, 0)) != NULL &&
	    wydot_next(rd, &r) == WYDOT_END);
	wydot_free(rd);
	wydot_free(NULL);
	buf_free(&b);
	buf_free(&j);
}

static void
test_names(void)
{
	CHECK("type from name", wydot_type_from_name("bsmTx.bin") ==
	    WYDOT_BSM_TX && wydot_type_from_name("/x/y/rxMsg_1.gz") ==
	    WYDOT_RX_MSG && wydot_type_from_name("bsmLogDuringEvent.bin") ==
	    WYDOT_BSM_EVENT && wydot_type_from_name("dnMsg.bin") ==
	    WYDOT_DN_MSG && wydot_type_from_name("driverAlert_x") ==
	    WYDOT_DRIVER_ALERT && wydot_type_from_name("foo/bsmTx") ==
	    WYDOT_BSM_TX && wydot_type_from_name("bsmtx.bin") == WYDOT_AUTO &&
	    wydot_type_from_name("rxMsg/x.bin") == WYDOT_AUTO &&
	    wydot_type_from_name(NULL) == WYDOT_AUTO);
	CHECK("names", strcmp(wydot_type_str(WYDOT_DN_MSG), "dnMsg") == 0 &&
	    strcmp(wydot_type_str((enum wydot_type)99), "unknown") == 0 &&
	    strcmp(wydot_security_str(35), "spduCertificateExpired") == 0 &&
	    strcmp(wydot_security_str(36), "unknown") == 0 &&
	    strcmp(wydot_rx_source_str(1), "SAT") == 0 &&
	    strcmp(wydot_rx_source_str(4), "unknown") == 0);
}

/* --- bad input ------------------------------------------------------- */

/* Read everything; check that the records and skips cover the input in
 * order and that only the documented reasons come back.  Returns the
 * number of bad records, or -1 if the walk is inconsistent. */
static int
walk(const uint8_t *p, size_t n, enum wydot_type t, int *ok)
{
	struct wydot_reader	*rd;
	struct wydot_record	 r;
	enum reason		 rs;
	size_t			 pos = 0, steps = 0;
	int			 bad = 0;

	if ((rd = wydot_open_type(p, n, t)) == NULL) {
		*ok = 0;
		return -1;
	}
	while ((rs = wydot_next(rd, &r)) != WYDOT_END) {
		if (r.offset != pos || ++steps > n + 1) {
			*ok = 0;
			break;
		}
		if (rs == REASON_OK) {
			if (r.size == 0 || r.offset + r.size > n ||
			    (r.payload == NULL) == (r.text == NULL))
				*ok = 0;
			pos += r.size;
			continue;
		}
		if (rs != REASON_TRUNCATED && rs != REASON_BAD_LENGTH &&
		    rs != REASON_BAD_VALUE && rs != REASON_UNKNOWN_TYPE)
			*ok = 0;
		if (r.skipped == 0 || r.offset + r.skipped > n)
			*ok = 0;
		pos += r.skipped;
		bad++;
	}
	if (pos != n)
		*ok = 0;
	wydot_free(rd);
	return bad;
}

static void
test_truncation(void)
{
	struct buf	 b;
	size_t		 k, rec;
	int		 ok = 1, ok2 = 1, bad;
	enum wydot_type	 t;

	buf_init(&b);
	add_tagged(&b, 0, 0);
	rec = b.len;
	add_tagged(&b, 0, 0);
	add_tagged(&b, 0, 0);
	for (k = 0; k < b.len; k++) {
		bad = walk((uint8_t *)b.p, k, WYDOT_BSM_TX, &ok);
		/* Records that are whole stay good. */
		if (k % rec == 0 ? bad != 0 : bad != 1)
			ok2 = 0;
		for (t = WYDOT_AUTO; t <= WYDOT_DRIVER_ALERT; t++)
			(void)walk((uint8_t *)b.p, k, t, &ok);
	}
	CHECK("truncation at every byte: consistent", ok);
	CHECK("truncation at every byte: one bad record", ok2);

	/* A bad length in the middle: the reader finds the next record. */
	ok = 1;
	b.p[rec + 24] = (char)0xff;
	b.p[rec + 25] = (char)0x7f;
	bad = walk((uint8_t *)b.p, b.len, WYDOT_BSM_TX, &ok);
	CHECK("bad length resyncs to the next record", ok && bad == 1);
	b.p[rec + 24] = sizeof(frame_1609);
	b.p[rec + 25] = 0;
	b.p[rec] = 9;
	ok = 1;
	bad = walk((uint8_t *)b.p, b.len, WYDOT_BSM_TX, &ok);
	CHECK("bad direction is BAD_VALUE", ok && bad == 1);
	b.p[rec] = 0;
	b.p[rec + 23] = 36;
	ok = 1;
	bad = walk((uint8_t *)b.p, b.len, WYDOT_BSM_TX, &ok);
	CHECK("bad securityResultCode is BAD_VALUE", ok && bad == 1);
	buf_free(&b);
}

static void
test_garbage(void)
{
	uint8_t		*g;
	uint32_t	 x = 12345;
	size_t		 n, i;
	int		 ok = 1, round;
	enum wydot_type	 t;

	if ((g = malloc(4096)) == NULL) {
		CHECK("garbage: malloc", 0);
		return;
	}
	for (round = 0; round < 200; round++) {
		n = (size_t)(round * 37) % 4096;
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			g[i] = (uint8_t)(x >> 16);
			if (round % 3 == 0)	/* small lengths, more framing */
				g[i] &= 0x0f;
		}
		for (t = WYDOT_AUTO; t <= WYDOT_DRIVER_ALERT; t++)
			(void)walk(g, n, t, &ok);
	}
	CHECK("garbage: records and skips cover the input", ok);
	free(g);
}

/* --- gzip ------------------------------------------------------------ */

static int
gzip(const uint8_t *p, size_t n, struct buf *out)
{
	z_stream	 z;
	int		 r;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	if (buf_reserve(out, deflateBound(&z, n) + 64) == -1) {
		deflateEnd(&z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = n;
	z.next_out = (Bytef *)out->p + out->len;
	z.avail_out = out->cap - out->len - 1;
	r = deflate(&z, Z_FINISH);
	out->len = out->cap - 1 - z.avail_out;
	deflateEnd(&z);
	return r == Z_STREAM_END ? 0 : -1;
}

static void
test_gzip(void)
{
	struct buf	 plain, gz, out;
	char		 err[128];
	size_t		 i, one;
	int		 ok = 1;

	buf_init(&plain);
	buf_init(&gz);
	buf_init(&out);
	for (i = 0; i < 20000; i++)
		add_tagged(&plain, 0, 0);	/* 660 kB: several chunks */
	CHECK("gzip: compress", gzip((uint8_t *)plain.p, plain.len, &gz) ==
	    0);
	one = gz.len;
	CHECK("gzip: is gzip", wydot_is_gzip((uint8_t *)gz.p, gz.len) &&
	    !wydot_is_gzip((uint8_t *)plain.p, plain.len) &&
	    !wydot_is_gzip((uint8_t *)gz.p, 1));
	CHECK("gzip: round trip", wydot_gunzip((uint8_t *)gz.p, gz.len, &out,
	    err, sizeof(err)) == 0 && out.len == plain.len &&
	    memcmp(out.p, plain.p, plain.len) == 0);
	/* Two members, then zero padding. */
	gzip((uint8_t *)plain.p, 100, &gz);
	buf_add(&gz, "\0\0\0", 3);
	buf_reset(&out);
	CHECK("gzip: two members", wydot_gunzip((uint8_t *)gz.p, gz.len,
	    &out, err, sizeof(err)) == 0 && out.len == plain.len + 100 &&
	    memcmp(out.p + plain.len, plain.p, 100) == 0);
	/* Appends to what out holds. */
	buf_reset(&out);
	buf_adds(&out, "x");
	CHECK("gzip: appends", wydot_gunzip((uint8_t *)gz.p, one, &out, err,
	    sizeof(err)) == 0 && out.len == plain.len + 1 && out.p[0] == 'x');
	for (i = 0; i < one; i += (i < 64 ? 1 : 97)) {
		buf_reset(&out);
		if (wydot_gunzip((uint8_t *)gz.p, i, &out, err, sizeof(err)) !=
		    -1 || out.len != 0 || err[0] == '\0')
			ok = 0;
	}
	CHECK("gzip: every truncation refused", ok);
	gz.p[one / 2] ^= 0x55;
	gz.p[one / 2 + 1] ^= 0x55;
	buf_reset(&out);
	CHECK("gzip: corrupt data refused", wydot_gunzip((uint8_t *)gz.p, one,
	    &out, err, sizeof(err)) == -1);
	CHECK("gzip: not gzip refused", wydot_gunzip((uint8_t *)plain.p,
	    plain.len, &out, err, sizeof(err)) == -1 &&
	    strstr(err, "gzip") != NULL);
	buf_free(&plain);
	buf_free(&gz);
	buf_free(&out);
}

/* --- vectors --------------------------------------------------------- */

struct tally {
	int	 records, bad, peeled, bsm, tim, map, other, alerts;
};

static void
count_file(const uint8_t *p, size_t n, enum wydot_type t, struct tally *c,
    struct peel *pe)
{
	struct wydot_reader	*rd;
	struct wydot_record	 r;
	enum reason		 rs;

	memset(c, 0, sizeof(*c));
	if ((rd = wydot_open_type(p, n, t)) == NULL)
		return;
	while ((rs = wydot_next(rd, &r)) != WYDOT_END) {
		c->records++;
		if (rs != REASON_OK) {
			c->bad++;
			continue;
		}
		if (r.text != NULL) {
			c->alerts++;
			continue;
		}
		if (peel_bytes(pe, r.payload, r.length, 0) != REASON_OK) {
			printf("# record at %zu: %s: %s\n", r.offset,
			    reason_str(pe->reason), pe->detail);
			continue;
		}
		c->peeled++;
		switch (pe->msg.id) {
		case 20:
			c->bsm++;
			break;
		case 31:
			c->tim++;
			break;
		case 18:
			c->map++;
			break;
		default:
			c->other++;
			break;
		}
	}
	wydot_free(rd);
}

/* Every record of each log parses and peels, with its layout given and
 * guessed. */
static void
vectors_files(struct peel *pe)
{
	static const struct {
		const char	*name;
		enum wydot_type	 type;
		int		 alerts;	/* driver alerts, not messages */
	} files[] = {
		{ "bsmTx.bin", WYDOT_BSM_TX, 0 },
		{ "bsmTx_commsignia.gz", WYDOT_BSM_TX, 0 },
		{ "bsmLogDuringEvent.bin", WYDOT_BSM_EVENT, 0 },
		{ "dnMsg.bin", WYDOT_DN_MSG, 0 },
		{ "driverAlert.bin", WYDOT_DRIVER_ALERT, 1 },
		{ "rxMsg_BSM_and_TIM.gz", WYDOT_RX_MSG, 0 },
		{ "rxMsg_TIM_GeneratedBy_RSU.gz", WYDOT_RX_MSG, 0 },
		{ "rxMsg_commsignia_map.gz", WYDOT_RX_MSG, 0 },
		{ "rxMsg_commsignia_tim.gz", WYDOT_RX_MSG, 0 },
		{ "rxMsg_map_and_tim.gz", WYDOT_RX_MSG, 0 }
	};
	struct buf		 raw, data, name;
	struct tally		 c, g;
	struct wydot_reader	*rd;
	enum wydot_type		 guessed;
	char			 path[1024];
	size_t			 i;
	int			 fileok;

	buf_init(&raw);
	buf_init(&data);
	buf_init(&name);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/wydot-cv-pilot-logs/%s",
		    check_vectors(), files[i].name);
		buf_reset(&name);
		buf_addf(&name, "vector %s", files[i].name);
		if (load(path, &raw, &data) == -1) {
			check_fail("%s: cannot read or decompress %s",
			    name.p, path);
			continue;
		}
		count_file((uint8_t *)data.p, data.len, files[i].type, &c, pe);
		printf("# %s: %d records, %d bad, %d peeled (%d BSM, %d TIM, "
		    "%d MAP, %d other), %d alerts\n", files[i].name, c.records,
		    c.bad, c.peeled, c.bsm, c.tim, c.map, c.other, c.alerts);
		fileok = c.records > 0 && c.bad == 0 && c.other == 0 &&
		    (files[i].alerts ? c.alerts == c.records :
		    c.peeled == c.records);
		buf_adds(&name, ": every record parses and peels");
		CHECK(buf_cstr(&name), fileok);
		/* The guessed layout reads the same records. */
		rd = wydot_open((uint8_t *)data.p, data.len);
		guessed = wydot_type(rd);
		wydot_free(rd);
		count_file((uint8_t *)data.p, data.len, guessed, &g, pe);
		buf_reset(&name);
		buf_addf(&name, "vector %s: guessed layout (%s) reads the same",
		    files[i].name, wydot_type_str(guessed));
		CHECK(buf_cstr(&name), g.records == c.records && g.bad == 0 &&
		    g.peeled == c.peeled && g.alerts == c.alerts &&
		    (guessed == files[i].type ||
		    (files[i].type == WYDOT_BSM_EVENT &&
		    guessed == WYDOT_BSM_TX)));
		buf_reset(&name);
		buf_addf(&name, "vector %s: type from its name", files[i].name);
		CHECK(buf_cstr(&name), wydot_type_from_name(files[i].name) ==
		    files[i].type);
	}
	buf_free(&raw);
	buf_free(&data);
	buf_free(&name);
}

/* Every truncation of real logs: records and skips cover the input;
 * the whole records before the cut stay good. */
static void
vectors_truncations(void)
{
	static const char *const cut[] = { "bsmTx.bin", "dnMsg.bin",
	    "driverAlert.bin", "bsmTx_commsignia.gz" };
	struct buf	 raw, data;
	enum wydot_type	 ct;
	char		 path[1024];
	size_t		 i, m, lim;
	int		 ok = 1;

	buf_init(&raw);
	buf_init(&data);
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		snprintf(path, sizeof(path), "%s/wydot-cv-pilot-logs/%s",
		    check_vectors(), cut[i]);
		if (load(path, &raw, &data) == -1) {
			ok = 0;
			continue;
		}
		lim = data.len < 1200 ? data.len : 1200;
		for (m = 0; m <= lim; m++)
			for (ct = WYDOT_AUTO; ct <= WYDOT_DRIVER_ALERT; ct++)
				(void)walk((uint8_t *)data.p, m, ct, &ok);
	}
	CHECK("vectors: every truncation consistent", ok);
	buf_free(&raw);
	buf_free(&data);
}

/* The UDP receiver's BSM sample is the first record of bsmTx.bin. */
static void
vectors_udp(struct peel *pe)
{
	struct buf		 raw, data, hex;
	struct wydot_reader	*rd;
	struct wydot_record	 r;
	char			 path[1024];
	long			 k;
	json_t			*j, *bytes;
	json_error_t		 je;

	buf_init(&raw);
	buf_init(&data);
	buf_init(&hex);
	snprintf(path, sizeof(path),
	    "%s/jpo-ode/udp-receiver/BsmReceiverTest_ValidBSM.txt",
	    check_vectors());
	if (check_read_file(path, &hex) == -1) {
		check_skip("udp-receiver BSM: %s absent", path);
		goto out;
	}
	buf_reset(&raw);
	buf_reserve(&raw, hex.len / 2 + 1);
	while (hex.len > 0 && (hex.p[hex.len - 1] == '\n' ||
	    hex.p[hex.len - 1] == '\r'))
		hex.len--;
	k = hex_decode(hex.p, hex.len, (uint8_t *)raw.p, raw.cap);
	CHECK("udp-receiver BSM: hex", k > 0);
	if (k <= 0)
		goto out;
	raw.len = (size_t)k;
	snprintf(path, sizeof(path), "%s/wydot-cv-pilot-logs/bsmTx.bin",
	    check_vectors());
	CHECK("udp-receiver BSM: same bytes as bsmTx.bin's first record",
	    check_read_file(path, &data) == 0 && data.len >= raw.len &&
	    memcmp(data.p, raw.p, raw.len) == 0);
	rd = wydot_open((uint8_t *)raw.p, raw.len);
	CHECK("udp-receiver BSM: one bsmTx record", wydot_type(rd) ==
	    WYDOT_BSM_TX && wydot_next(rd, &r) == REASON_OK &&
	    r.size == raw.len && r.direction == 0);
	CHECK("udp-receiver BSM: peels to a BSM",
	    peel_bytes(pe, r.payload, r.length, 0) == REASON_OK &&
	    pe->msg.id == 20);
	CHECK("udp-receiver BSM: then ends", wydot_next(rd, &r) ==
	    WYDOT_END);
	wydot_free(rd);
	snprintf(path, sizeof(path),
	    "%s/jpo-ode/udp-receiver/BsmReceiverTest_ValidBSM_expected.json",
	    check_vectors());
	j = json_load_file(path, 0, &je);
	bytes = json_object_get(json_object_get(json_object_get(j, "payload"),
	    "data"), "bytes");
	buf_reset(&hex);
	if (pe->raw != NULL)
		buf_addhex(&hex, pe->raw, pe->raw_len);
	CHECK("udp-receiver BSM: MessageFrame as expected", json_is_string(
	    bytes) && strlen(json_string_value(bytes)) == hex.len &&
	    strncasecmp(json_string_value(bytes), hex.p, hex.len) == 0);
	json_decref(j);
out:
	buf_free(&raw);
	buf_free(&data);
	buf_free(&hex);
}

static void
test_vectors(void)
{
	struct peel	 pe;
	char		 path[1024];
	struct stat	 st;

	snprintf(path, sizeof(path), "%s/wydot-cv-pilot-logs", check_vectors());
	if (stat(path, &st) == -1) {
		check_skip("wydot vectors: %s absent", path);
		return;
	}
	peel_init(&pe);
	vectors_files(&pe);
	vectors_truncations();
	vectors_udp(&pe);
	peel_free(&pe);
}

/* --- dump ------------------------------------------------------------ */

static int
dump(const char *path, const char *type)
{
	struct buf		 raw, data, out;
	struct peel		 pe;
	struct wydot_reader	*rd;
	struct wydot_record	 r;
	enum wydot_type		 t = WYDOT_AUTO;
	enum reason		 rs;
	char			 err[256];

	buf_init(&raw);
	buf_init(&data);
	buf_init(&out);
	if (load(path, &raw, &data) == -1) {
		fprintf(stderr, "unit_wydot: %s: cannot read\n", path);
		return 2;
	}
	if (type != NULL) {
		for (t = WYDOT_BSM_TX; t <= WYDOT_DRIVER_ALERT; t++)
			if (strcmp(type, wydot_type_str(t)) == 0)
				break;
		if (t > WYDOT_DRIVER_ALERT)
			t = WYDOT_AUTO;
	} else
		t = wydot_type_from_name(path);
	if ((rd = wydot_open_type((uint8_t *)data.p, data.len, t)) == NULL)
		return 2;
	peel_init(&pe);
	while ((rs = wydot_next(rd, &r)) != WYDOT_END) {
		buf_reset(&out);
		buf_addf(&out, "{\"reason\":\"%s\",\"offset\":%zu,\"size\":%zu,"
		    "\"skipped\":%zu,\"wydot\":", reason_str(rs), r.offset,
		    r.size, r.skipped);
		wydot_json(&out, &r);
		if (rs == REASON_OK && r.payload != NULL) {
			rs = peel_bytes(&pe, r.payload, r.length, 0);
			buf_addf(&out, ",\"peel\":\"%s\"", reason_str(rs));
			if (rs == REASON_OK) {
				buf_adds(&out, ",\"message\":");
				if (jer_write_msg(&out, &pe.msg, err,
				    sizeof(err)) != REASON_OK)
					buf_adds(&out, "null");
			}
		}
		buf_adds(&out, "}\n");
		fwrite(out.p, 1, out.len, stdout);
	}
	wydot_free(rd);
	peel_free(&pe);
	buf_free(&raw);
	buf_free(&data);
	buf_free(&out);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--dump") == 0)
		return dump(argv[2], argc > 3 ? argv[3] : NULL);
	test_names();
	test_layouts();
	test_truncation();
	test_garbage();
	test_gzip();
	test_vectors();
	return check_exit();
}
