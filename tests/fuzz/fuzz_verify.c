/*
 * fuzz_verify.c: libFuzzer target for IEEE 1609.2 / TS 103 097 verification
 * (sec_*.c over dot2*.c): malformed certificates, chains and signatures
 * must never crash, leak or verify.
 *
 * Input: octet 0 flags; with bit 7 set the rest is one certificate, added
 * to a store (bit 0: as a root, bit 1: pinned) and verified.  Otherwise:
 * octets 1..8 the verification time (TAI us, big endian), octet 9 a count
 * of certificates, each with a 2-octet length, added to the store (the
 * first as a root when bit 0 is set, pinned when bit 1 is), then an
 * Ieee1609Dot2Data verified at that time.  Checks: the result's JSON reads
 * back; a VALID message verified again is a REPLAY; a VALID message with
 * one bit of its signature's s flipped is not VALID.  Anything else
 * aborts.  Seeds: 'unit_sec corpus DIR'.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "dot2.h"
#include "sec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *what, const struct sec_result *r)
{
	fprintf(stderr, "fuzz_verify: %s (%s: %s)\n", what,
	    sec_verdict_str(r->verdict), r->detail);
	abort();
}

static void
json_ok(const struct sec_result *r)
{
	struct buf	 b;
	json_t		*j;

	buf_init(&b);
	buf_addc(&b, '{');
	sec_result_json(&b, r);
	buf_addc(&b, '}');
	if (b.oom || (j = json_loadb(b.p, b.len, 0, NULL)) == NULL ||
	    !json_is_object(j))
		fail("result JSON does not read back", r);
	json_decref(j);
	buf_free(&b);
}

static struct sec_ctx *
ctx_new(void)
{
	struct sec_config cfg;

	sec_config_default(&cfg);
	cfg.cert_cache = 16;
	cfg.replay_cache = 16;
	return sec_new(&cfg);
}

static void
one_cert(const uint8_t *p, size_t n, int flags)
{
	struct sec_result r;
	struct sec_ctx	*c;
	char		 err[200];
	uint8_t		 id[8], h[48];

	if ((c = ctx_new()) == NULL)
		return;
	(void)sec_cert_id(p, n, id, h);
	(void)sec_add_cert(c, p, n, (flags & 1) ? SEC_TRUST_ROOT :
	    (flags & 2) ? SEC_TRUST_PIN : 0, id, err, sizeof(err));
	(void)sec_verify_cert(c, p, n, sec_now(), &r);
	json_ok(&r);
	sec_free(c);
}

/* The offset of the outermost signature's s in p, or -1. */
static long
s_offset(const uint8_t *p, size_t n)
{
	const struct dot2_signed *sd;
	struct dot2_data *d;
	long	 off = -1;

	if (dot2_parse(&d, p, n, 0, NULL, NULL, 0) != REASON_OK)
		return -1;
	if ((sd = dot2_first_signed(d)) != NULL && sd->signature.s != NULL)
		off = (long)(sd->signature.s - p);
	dot2_free(d);
	return off;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sec_result r, r2;
	struct sec_ctx	*c;
	const uint8_t	*p;
	uint8_t		*copy;
	char		 err[200];
	uint64_t	 at = 0;
	size_t		 n, len;
	long		 off;
	int		 i, k, flags;

	if (size < 1)
		return 0;
	flags = data[0];
	if (flags & 0x80) {
		one_cert(data + 1, size - 1, flags);
		return 0;
	}
	if (size < 10)
		return 0;
	for (i = 1; i <= 8; i++)
		at = at << 8 | data[i];
	k = data[9];
	p = data + 10;
	n = size - 10;
	if ((c = ctx_new()) == NULL)
		return 0;
	for (i = 0; i < k && n >= 2; i++) {
		len = (size_t)p[0] << 8 | p[1];
		if (len > n - 2)
			break;
		(void)sec_add_cert(c, p + 2, len, i > 0 ? 0 : (flags & 1) ?
		    SEC_TRUST_ROOT : (flags & 2) ? SEC_TRUST_PIN : 0, NULL,
		    err, sizeof(err));
		p += 2 + len;
		n -= 2 + len;
	}
	(void)sec_verify_bytes(c, p, n, at, &r);
	json_ok(&r);
	if (r.verdict == SEC_VALID) {
		if (sec_verify_bytes(c, p, n, at, &r2) != SEC_REPLAY)
			fail("VALID twice: no replay", &r2);
		if ((off = s_offset(p, n)) >= 0 && (copy = malloc(n)) != NULL) {
			memcpy(copy, p, n);
			copy[off + (long)(at % 32)] ^=
			    (uint8_t)(1u << (at % 8));
			if (sec_verify_bytes(c, copy, n, at, &r2) == SEC_VALID)
				fail("a flipped signature bit verifies", &r2);
			free(copy);
		}
	}
	sec_free(c);
	return 0;
}
