/*
 * bugs.c: asn1c 0.9.28 encoder bugs (asn1/SKELETONS.md: hunk 8, and "not
 * yet fixed"), checked against Erlang/OTP's encodings of
 * the types of Bugs.asn.  Driven by ../fwdcompat.sh:
 *
 *   bugs FILE    for each "TYPE VALUE HEX" line: encode VALUE, compare with
 *                HEX; decode HEX, compare with VALUE (a named BIT STRING
 *                without its trailing zero bits) and re-encode it to HEX.
 *                One PASS/FAIL line each, then "# bugs: N passed, M failed,
 *                L left out": a line marked "open" (a bug not fixed yet)
 *                is left out if it fails, a FAIL if it passes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn_application.h"
#include "per_decoder.h"
#include "per_encoder.h"
#include "Semi.h"
#include "Semi0.h"
#include "SemiNeg.h"
#include "Enu.h"
#include "Enu2.h"
#include "EnuPlain.h"
#include "Named.h"
#include "NamedR.h"
#include "NamedU.h"
#include "NamedF.h"
#include "Plain.h"
#include "PlainU.h"

enum kind { K_INT, K_ENUM, K_BITS, K_NAMED };

static const struct {
	const char		*name;
	asn_TYPE_descriptor_t	*td;
	enum kind		 kind;
} types[] = {
	{ "Semi", &asn_DEF_Semi, K_INT },
	{ "Semi0", &asn_DEF_Semi0, K_INT },
	{ "SemiNeg", &asn_DEF_SemiNeg, K_INT },
	{ "Enu", &asn_DEF_Enu, K_ENUM },
	{ "Enu2", &asn_DEF_Enu2, K_ENUM },
	{ "EnuPlain", &asn_DEF_EnuPlain, K_ENUM },
	{ "Named", &asn_DEF_Named, K_NAMED },
	{ "NamedR", &asn_DEF_NamedR, K_NAMED },
	{ "NamedU", &asn_DEF_NamedU, K_NAMED },
	{ "NamedF", &asn_DEF_NamedF, K_NAMED },
	{ "Plain", &asn_DEF_Plain, K_BITS },
	{ "PlainU", &asn_DEF_PlainU, K_BITS },
};

/* The value of a line: a long (INTEGER, ENUMERATED) or bits as 0s, 1s. */
struct val {
	long		 n;
	BIT_STRING_t	 bits;
	uint8_t		 buf[16];
};

static int
parse(int t, const char *s, struct val *v)
{
	const asn_INTEGER_specifics_t *sp;
	size_t i, n = strlen(s);
	int k;

	memset(v, 0, sizeof(*v));
	switch (types[t].kind) {
	case K_INT:
		v->n = strtol(s, NULL, 10);
		return 0;
	case K_ENUM:
		sp = types[t].td->specifics;
		for (k = 0; k < sp->map_count; k++)
			if (strcmp(sp->value2enum[k].enum_name, s) == 0) {
				v->n = sp->value2enum[k].nat_value;
				return 0;
			}
		return -1;
	default:
		if (n > 8 * sizeof(v->buf))
			return -1;
		for (i = 0; i < n; i++)
			if (s[i] == '1')
				v->buf[i / 8] |= 0x80 >> (i % 8);
		v->bits.buf = v->buf;
		v->bits.size = (n + 7) / 8;
		v->bits.bits_unused = (int)(8 * v->bits.size - n);
		return 0;
	}
}

static size_t
nbits(const BIT_STRING_t *b)
{
	return b->size ? 8 * b->size - (size_t)b->bits_unused : 0;
}

static int
bit(const BIT_STRING_t *b, size_t i)
{
	return i < nbits(b) && (b->buf[i / 8] & (0x80 >> (i % 8)));
}

/* Equal values; named BIT STRINGs as sets of bits (X.680 22.7). */
static int
same(int t, const struct val *want, void *got)
{
	const BIT_STRING_t *g = got;
	size_t i, n;

	switch (types[t].kind) {
	case K_INT:
	case K_ENUM:
		return *(long *)got == want->n;
	case K_BITS:
		if (nbits(g) != nbits(&want->bits))
			return 0;
		/* FALLTHROUGH */
	default:
		n = nbits(g) > nbits(&want->bits) ? nbits(g) : nbits(&want->bits);
		for (i = 0; i < n; i++)
			if (bit(g, i) != bit(&want->bits, i))
				return 0;
		return 1;
	}
}

static void
hex(char *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

/* Encodes sptr into out as hex; -1 when the encoder fails. */
static int
enc(int t, void *sptr, char *out)
{
	uint8_t buf[64];
	asn_enc_rval_t er;

	er = uper_encode_to_buffer(types[t].td, sptr, buf, sizeof(buf));
	if (er.encoded < 0)
		return -1;
	hex(out, buf, (size_t)(er.encoded + 7) / 8);
	return 0;
}

static const char *
check(int t, const char *value, const char *want)
{
	static char why[256];
	struct val v;
	uint8_t in[64];
	char got[160];
	void *sptr, *dec = NULL;
	asn_dec_rval_t rv;
	size_t i, n = strlen(want) / 2;
	unsigned b;
	const char *fail = NULL;

	if (parse(t, value, &v) != 0 || n > sizeof(in))
		return "bad line";
	sptr = types[t].kind <= K_ENUM ? (void *)&v.n : (void *)&v.bits;
	if (enc(t, sptr, got) != 0)
		return "encoder failed";
	if (strcmp(got, want) != 0) {
		snprintf(why, sizeof(why), "encoded %s, Erlang %s", got, want);
		return why;
	}
	for (i = 0; i < n; i++) {
		if (sscanf(want + 2 * i, "%2x", &b) != 1)
			return "bad hex";
		in[i] = (uint8_t)b;
	}
	rv = uper_decode_complete(NULL, types[t].td, &dec, in, n);
	if (rv.code != RC_OK)
		fail = "decoder failed";
	else if (!same(t, &v, dec))
		fail = "decoded another value";
	else if (enc(t, dec, got) != 0 || strcmp(got, want) != 0)
		fail = "decoded value re-encoded differently";
	ASN_STRUCT_FREE(*types[t].td, dec);
	return fail;
}

int
main(int argc, char **argv)
{
	char line[256], *type, *value, *want, *mark;
	const char *why;
	int t, pass = 0, fail = 0, open = 0;
	FILE *f;

	if (argc != 2 || (f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: bugs FILE\n");
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' ||
		    (type = strtok(line, " \t\r\n")) == NULL ||
		    (value = strtok(NULL, " \t\r\n")) == NULL ||
		    (want = strtok(NULL, " \t\r\n")) == NULL)
			continue;
		mark = strtok(NULL, " \t\r\n");
		for (t = 0; t < (int)(sizeof(types) / sizeof(types[0])); t++)
			if (strcmp(types[t].name, type) == 0)
				break;
		why = t < (int)(sizeof(types) / sizeof(types[0])) ?
		    check(t, value, want) : "unknown type";
		if (mark != NULL && strcmp(mark, "open") == 0) {
			if (why != NULL) {
				printf("OPEN %s %s: %s\n", type, value, why);
				open++;
			} else {
				printf("FAIL %s %s: passes, drop its open mark\n",
				    type, value);
				fail++;
			}
		} else if (why == NULL) {
			printf("PASS %s %s %s\n", type, value, want);
			pass++;
		} else {
			printf("FAIL %s %s: %s\n", type, value, why);
			fail++;
		}
	}
	fclose(f);
	printf("# bugs: %d passed, %d failed, %d left out (open bugs)\n",
	    pass, fail, open);
	return fail ? 1 : 0;
}
