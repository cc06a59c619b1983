/*
 * bench_codec.c: J2735 codec speed, one core, against plain asn1c usage in
 * the same run.  Per message type: decode (ours: msg_decode with its
 * constraint checks; asn1c: uper_decode_complete of the frame and of its
 * value, then ASN_STRUCT_FREE), decode to JSON (ours) beside asn1c's own
 * UPER -> XER (xer_encode), and encode.  Messages come from the shipped
 * samples (sim/samples) and, when present, the shared vectors.
 * usage: bench_codec [SECONDS-PER-FIGURE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asn_application.h"
#include "per_decoder.h"
#include "xer_encoder.h"
#include "MessageFrame.h"

#include "buf.h"
#include "check.h"
#include "codec.h"
#include "jer.h"
#include "msg.h"

#define MAXMSG	64

struct sample {
	const char	*type;
	uint8_t		*p[MAXMSG];
	size_t		 n[MAXMSG];
	int		 count;
};

static double	seconds = 0.5;

static void
add(struct sample *s, int ns, const char *type, const uint8_t *p, size_t n)
{
	int	 i;

	for (i = 0; i < ns; i++)
		if (strcmp(s[i].type, type) == 0 && s[i].count < MAXMSG) {
			s[i].p[s[i].count] = malloc(n);
			memcpy(s[i].p[s[i].count], p, n);
			s[i].n[s[i].count++] = n;
			return;
		}
}

/* Add every message of a file of JSON lines or hex lines. */
static void
load(struct sample *s, int ns, const char *path, int json)
{
	struct msg	 m;
	struct buf	 enc;
	char		 line[65536], err[256];
	uint8_t		 bin[32768];
	FILE		*f;
	long		 n;

	if ((f = fopen(path, "r")) == NULL)
		return;
	buf_init(&enc);
	while (fgets(line, sizeof(line), f) != NULL) {
		buf_reset(&enc);
		if (json) {
			if (jer_read_msg(&m, FAMILY_J2735, NULL, line,
			    strlen(line), err, sizeof(err)) != REASON_OK)
				continue;
			if (msg_encode(&m, &enc, err, sizeof(err)) == REASON_OK)
				add(s, ns, msg_type_name(m.type),
				    (uint8_t *)enc.p, enc.len);
			msg_clear(&m);
		} else {
			if ((n = hex_decode(line, strlen(line), bin,
			    sizeof(bin))) <= 0)
				continue;
			if (msg_decode(&m, FAMILY_J2735, NULL, bin, (size_t)n,
			    err, sizeof(err)) != REASON_OK)
				continue;
			add(s, ns, msg_type_name(m.type), bin, m.len);
			msg_clear(&m);
		}
	}
	buf_free(&enc);
	fclose(f);
}

/* Messages per second of one operation over the sample set. */
typedef int (*op_fn)(const uint8_t *, size_t, struct buf *);

static double
rate(op_fn op, const struct sample *s)
{
	struct buf	 b;
	double		 t0, t;
	long		 done = 0;
	int		 i;

	buf_init(&b);
	t0 = check_now();
	do {
		for (i = 0; i < s->count; i++) {
			if (op(s->p[i], s->n[i], &b) != 0) {
				fprintf(stderr, "bench: operation failed on "
				    "a %s\n", s->type);
				exit(1);
			}
			done++;
		}
	} while ((t = check_now() - t0) < seconds);
	buf_free(&b);
	return done / t;
}

static int
op_ours_decode(const uint8_t *p, size_t n, struct buf *b)
{
	struct msg	 m;
	char		 err[256];

	(void)b;
	if (msg_decode(&m, FAMILY_ANY, NULL, p, n, err, sizeof(err)) !=
	    REASON_OK)
		return -1;
	msg_clear(&m);
	return 0;
}

static int
op_ours_json(const uint8_t *p, size_t n, struct buf *b)
{
	struct msg	 m;
	char		 err[256];
	enum reason	 r;

	if (msg_decode(&m, FAMILY_ANY, NULL, p, n, err, sizeof(err)) !=
	    REASON_OK)
		return -1;
	buf_reset(b);
	r = jer_write_msg(b, &m, err, sizeof(err));
	msg_clear(&m);
	return r == REASON_OK ? 0 : -1;
}

/* Encodings per second of already decoded messages. */
static double
rate_encode(const struct sample *s)
{
	struct msg	 m[MAXMSG];
	struct buf	 b;
	char		 err[256];
	double		 t0, t;
	long		 done = 0;
	int		 i;

	for (i = 0; i < s->count; i++)
		if (msg_decode(&m[i], FAMILY_ANY, NULL, s->p[i], s->n[i],
		    err, sizeof(err)) != REASON_OK)
			return 0;
	buf_init(&b);
	t0 = check_now();
	do {
		for (i = 0; i < s->count; i++) {
			buf_reset(&b);
			if (msg_encode(&m[i], &b, err, sizeof(err)) !=
			    REASON_OK)
				return 0;
			done++;
		}
	} while ((t = check_now() - t0) < seconds);
	buf_free(&b);
	for (i = 0; i < s->count; i++)
		msg_clear(&m[i]);
	return done / t;
}

/* Plain asn1c: a J2735 frame, then the value by messageId, both freed;
 * an ETSI PDU (by its ItsPduHeader messageID) in one go (*mf NULL). */
static int
asn1c_decode_both(const uint8_t *p, size_t n, MessageFrame_t **mf,
    asn_TYPE_descriptor_t **td, void **inner)
{
	asn_dec_rval_t	 rv;

	*mf = NULL;
	*inner = NULL;
	if (n > 1 && p[0] != 0) {
		*td = msg_id_type(FAMILY_ETSI, p[1], NULL);
		rv = uper_decode_complete(NULL, *td, inner, p, n);
		return rv.code == RC_OK ? 0 : -1;
	}
	rv = uper_decode_complete(NULL, &asn_DEF_MessageFrame, (void **)mf,
	    p, n);
	if (rv.code != RC_OK)
		return -1;
	*td = msg_id_type(FAMILY_J2735, (*mf)->messageId, NULL);
	rv = uper_decode_complete(NULL, *td, inner, (*mf)->value.buf,
	    (*mf)->value.size);
	return rv.code == RC_OK ? 0 : -1;
}

static int
op_asn1c_decode(const uint8_t *p, size_t n, struct buf *b)
{
	MessageFrame_t		*mf;
	asn_TYPE_descriptor_t	*td;
	void			*inner;
	int			 rc;

	(void)b;
	rc = asn1c_decode_both(p, n, &mf, &td, &inner);
	if (inner != NULL)
		ASN_STRUCT_FREE(*td, inner);
	if (mf != NULL)
		ASN_STRUCT_FREE(asn_DEF_MessageFrame, mf);
	return rc;
}

static int
to_buf(const void *p, size_t n, void *key)
{
	buf_add(key, p, n);
	return 0;
}

static int
op_asn1c_xer(const uint8_t *p, size_t n, struct buf *b)
{
	MessageFrame_t		*mf;
	asn_TYPE_descriptor_t	*td;
	void			*inner;
	int			 rc;

	buf_reset(b);
	if ((rc = asn1c_decode_both(p, n, &mf, &td, &inner)) == 0) {
		/* asn1c prints the open type as hex: print the frame, then
		 * the message, as a tool built on it does. */
		if ((mf != NULL && xer_encode(&asn_DEF_MessageFrame, mf,
		    XER_F_BASIC, to_buf, b).encoded < 0) ||
		    xer_encode(td, inner, XER_F_BASIC, to_buf, b).encoded < 0)
			rc = -1;
	}
	if (inner != NULL)
		ASN_STRUCT_FREE(*td, inner);
	if (mf != NULL)
		ASN_STRUCT_FREE(asn_DEF_MessageFrame, mf);
	return rc;
}

/* ETSI messages of asn1/etsi/test-vectors.txt: "TYPE PORT HEX" lines. */
static void
load_etsi(struct sample *s, int ns, const char *path)
{
	char	 line[65536], type[32], hex[65000];
	uint8_t	 bin[32768];
	FILE	*f;
	long	 n;
	int	 port;

	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%31s %d %64999s", type, &port, hex) == 3 &&
		    (n = hex_decode(hex, strlen(hex), bin, sizeof(bin))) > 0)
			add(s, ns, type, bin, (size_t)n);
	fclose(f);
}

int
main(int argc, char **argv)
{
	struct sample	 s[] = {
		{ .type = "BasicSafetyMessage" }, { .type = "SPAT" },
		{ .type = "MapData" }, { .type = "TravelerInformation" },
		{ .type = "SignalRequestMessage" },
		{ .type = "SignalStatusMessage" },
		{ .type = "PersonalSafetyMessage" },
		{ .type = "CAM" }, { .type = "DENM" }, { .type = "SPATEM" },
		{ .type = "MAPEM" }, { .type = "IVIM" },
	};
	const int	 ns = sizeof(s) / sizeof(s[0]);
	const char	*vec = getenv("VECTORS");
	char		 path[1024];
	double		 od, ad, oj, ax, oe;
	long		 bytes;
	int		 i, k;
	static const char *files[] = { "bsm", "map", "spat", "srm", "ssm",
	    "psm" };

	if (argc > 1)
		seconds = atof(argv[1]);
	msg_init();
	load(s, ns, "sim/samples/bsm.json", 1);
	load(s, ns, "sim/samples/spat.json", 1);
	load(s, ns, "sim/samples/map.json", 1);
	load(s, ns, "sim/samples/tim.json", 1);
	if (vec == NULL)
		vec = "../shared/vectors";
	for (k = 0; k < 6; k++) {
		snprintf(path, sizeof(path), "build/bench/%s.hex", files[k]);
		load(s, ns, path, 0);
	}
	(void)vec;
	load_etsi(s, ns, "asn1/etsi/test-vectors.txt");

	printf("J2735 and ETSI codecs, one core, %.1f s per figure; messages/s "
	    "(higher is better)\n", seconds);
	printf("%-22s %4s %6s | %11s %11s %6s | %11s %11s %6s | %11s\n",
	    "type", "msgs", "bytes", "decode", "asn1c", "ratio",
	    "to JSON", "asn1c XER", "ratio", "encode");
	for (i = 0; i < ns; i++) {
		if (s[i].count == 0)
			continue;
		for (bytes = 0, k = 0; k < s[i].count; k++)
			bytes += (long)s[i].n[k];
		od = rate(op_ours_decode, &s[i]);
		ad = rate(op_asn1c_decode, &s[i]);
		oj = rate(op_ours_json, &s[i]);
		ax = rate(op_asn1c_xer, &s[i]);
		oe = rate_encode(&s[i]);
		printf("%-22s %4d %6ld | %11.0f %11.0f %6.2f | %11.0f %11.0f "
		    "%6.2f | %11.0f\n", s[i].type, s[i].count,
		    bytes / s[i].count, od, ad, od / ad, oj, ax, oj / ax, oe);
	}
	return 0;
}
