/*
 * fuzz_dot2.c: libFuzzer target for the IEEE 1609.2 COER codec: the input
 * is parsed as an Ieee1609Dot2Data strictly, leniently and with unwrapping,
 * and as a Certificate.  Whatever parses must print as valid JSON, and (unless
 * recovered leniently) rebuild to exactly the octets it came from, as must
 * every ToBeSignedData and certificate span inside.  A strict success must be
 * a lenient success too, and its canonical form (dot2_canonicalize) must
 * build and parse back as canonical.  Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "dot2.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *what, const struct buf *b)
{
	fprintf(stderr, "fuzz_dot2: %s\n", what);
	if (b != NULL && b->p != NULL)
		fprintf(stderr, "%.*s\n", (int)b->len, b->p);
	abort();
}

static void
json_ok(struct buf *b)
{
	json_error_t	 err;
	json_t		*j;

	/* PSIDs and Time64 values go up to 2^64 - 1, wider than json_int_t;
	 * a certificate name may hold U+0000. */
	if ((j = json_loadb(b->p, b->len, JSON_DECODE_INT_AS_REAL |
	    JSON_ALLOW_NUL, &err)) == NULL) {
		fprintf(stderr, "JSON error: %s\n", err.text);
		fail("printed JSON does not parse", b);
	}
	json_decref(j);
}

static int
same(const struct buf *b, const uint8_t *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->p, p, n) == 0);
}

static void
check_cert(const struct dot2_cert *ct)
{
	struct buf	 b;

	buf_init(&b);
	dot2_cert_json(&b, ct);
	json_ok(&b);
	buf_reset(&b);
	if (dot2_cert_build(&b, ct) != REASON_OK || !same(&b, ct->enc.p,
	    ct->enc.len))
		fail("certificate does not rebuild to its span", NULL);
	buf_reset(&b);
	if (dot2_cert_build_tbs(&b, &ct->tbs) != REASON_OK ||
	    !same(&b, ct->tbs_enc.p, ct->tbs_enc.len))
		fail("toBeSigned does not rebuild to its span", NULL);
	buf_free(&b);
}

/* Every span inside a strictly parsed message rebuilds to itself. */
static void
check_spans(const struct dot2_data *d, int depth)
{
	const struct dot2_signed *s;
	struct buf	 b;
	size_t		 i;

	if (d == NULL || depth > DOT2_MAX_DEPTH)
		return;
	buf_init(&b);
	if (dot2_build(&b, d) != REASON_OK || !same(&b, d->enc.p, d->enc.len))
		fail("nested data does not rebuild to its span", NULL);
	buf_free(&b);
	check_spans(d->inner, depth + 1);
	if (d->content != DOT2_SIGNED)
		return;
	s = d->signed_data;
	buf_init(&b);
	if (dot2_build_tbs(&b, s) != REASON_OK ||
	    !same(&b, s->tbs_enc.p, s->tbs_enc.len))
		fail("ToBeSignedData does not rebuild to its span", NULL);
	buf_free(&b);
	if (s->signer.kind == DOT2_SIGNER_CERTIFICATE)
		for (i = 0; i < s->signer.n_certs; i++)
			check_cert(&s->signer.certs[i]);
	if (s->header.requested_cert != NULL)
		check_cert(s->header.requested_cert);
	check_spans(s->payload.data, depth + 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[] = { 0, DOT2_LENIENT, DOT2_UNWRAP,
	    DOT2_LENIENT | DOT2_UNWRAP };
	struct dot2_data	*d, *l;
	struct dot2_cert	*ct;
	struct dot2_bytes	 pl;
	struct buf		 b;
	char			 err[256];
	size_t			 used, lused, m;

	buf_init(&b);
	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		if (dot2_parse(&d, data, size, modes[m], &used, err,
		    sizeof(err)) != REASON_OK)
			continue;
		if (used > size)
			fail("used more than the input", NULL);
		buf_reset(&b);
		dot2_json(&b, d);
		json_ok(&b);
		(void)dot2_payload(d, &pl);
		(void)dot2_first_signed(d);
		if (!d->lenient) {
			buf_reset(&b);
			if (dot2_build(&b, d) != REASON_OK)
				fail("parsed message does not rebuild", NULL);
			if (!same(&b, data, used))
				fail("rebuilt message differs from the input",
				    NULL);
			check_spans(d, 0);
		}
		if (modes[m] == 0) {
			if (dot2_parse(&l, data, size, DOT2_LENIENT, &lused,
			    NULL, 0) != REASON_OK || lused != used ||
			    l->lenient)
				fail("strict success is not a lenient one", NULL);
			dot2_free(l);
			/* Canonical form: builds, parses, is a fixed point. */
			(void)dot2_canonicalize(d);
			buf_reset(&b);
			if (dot2_build(&b, d) != REASON_OK)
				fail("canonical form does not build", NULL);
			if (dot2_parse(&l, (uint8_t *)b.p, b.len, 0, &lused,
			    NULL, 0) != REASON_OK || lused != b.len ||
			    dot2_canonicalize(l) != 0)
				fail("canonical form does not parse as one",
				    NULL);
			dot2_free(l);
		}
		dot2_free(d);
	}
	if (dot2_cert_parse(&ct, data, size, &used, err, sizeof(err)) ==
	    REASON_OK) {
		check_cert(ct);
		buf_reset(&b);
		dot2_cert_summary_json(&b, ct);
		json_ok(&b);
		dot2_cert_free(ct);
	}
	buf_free(&b);
	return 0;
}
