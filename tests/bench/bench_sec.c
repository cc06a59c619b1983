/*
 * bench_sec.c: IEEE 1609.2 signing and verification speed, one core, per
 * curve, beside OpenSSL's own raw ECDSA rate for the same curve measured in
 * the same process (EVP_PKEY_sign / EVP_PKEY_verify of a prepared digest
 * with a reused context: the floor every 1609.2 implementation pays).
 *   sign:   sec_sign of a 39-octet BSM, digest signer (what a CAM/BSM
 *           sender does between certificates), Ieee1609Dot2Data out.
 *   verify: sec_verify_bytes (COER parse + verification) of messages from
 *           a signer already known (digest signer resolved from the cache,
 *           chain not redone, key not decompressed again).
 * Goals: verify >= 90% and sign >= 85% of the raw rate.
 * usage: bench_sec [SECONDS-PER-FIGURE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include "check.h"
#include "pki.h"
#include "sec.h"

#define NMSG	256

static double	seconds = 0.5;

static const uint8_t bsm[] = {
	0x00, 0x14, 0x25, 0x03, 0x97, 0x2e, 0x09, 0x4b, 0xbf, 0xc4, 0x2c, 0x80,
	0x00, 0x7f, 0xff, 0xff, 0xff, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x7f,
	0xff, 0x80, 0x00, 0x07, 0xd0, 0x7d, 0x07, 0xd0, 0x7f, 0xff, 0x80, 0x00,
	0x00, 0x00, 0x00
};

static const char *const groups[] = {
	[ECC_NISTP256] = "prime256v1",
	[ECC_BRAINPOOLP256R1] = "brainpoolP256r1",
	[ECC_NISTP384] = "secp384r1",
	[ECC_BRAINPOOLP384R1] = "brainpoolP384r1",
};

/*
 * Two operations timed in alternating slices (20 of each in the time of a
 * figure), so that the load of the machine weighs on both alike: the
 * ratio holds even when the absolute rates move.
 */
typedef int (*op_fn)(void *, long);

static int
rate2(op_fn a, void *ca, op_fn b, void *cb, double *ra, double *rb)
{
	double	 ta = 0, tb = 0, t0, slice = seconds / 20;
	long	 na = 0, nb = 0, i;
	int	 k;

	for (k = 0; k < 20; k++) {
		t0 = check_now();
		for (i = 0; check_now() - t0 < slice; i++)
			if (a(ca, na + i) == -1)
				return -1;
		ta += check_now() - t0;
		na += i;
		t0 = check_now();
		for (i = 0; check_now() - t0 < slice; i++)
			if (b(cb, nb + i) == -1)
				return -1;
		tb += check_now() - t0;
		nb += i;
	}
	*ra = na / ta;
	*rb = nb / tb;
	return 0;
}

/* OpenSSL alone: a prepared digest, reused contexts. */
struct raw {
	EVP_PKEY	*pk;
	EVP_PKEY_CTX	*sc, *vc;
	uint8_t		 dg[48], sig[160];
	size_t		 sl, n;
};

static int
raw_sign(void *arg, long i)
{
	struct raw *r = arg;
	size_t	 sl = sizeof(r->sig);

	r->dg[0] = (uint8_t)i;
	if (EVP_PKEY_sign(r->sc, r->sig, &sl, r->dg, r->n) <= 0)
		return -1;
	r->sl = sl;		/* the last one is what raw_verify checks */
	return 0;
}

static int
raw_verify(void *arg, long i)
{
	struct raw *r = arg;

	(void)i;
	return EVP_PKEY_verify(r->vc, r->sig, r->sl, r->dg, r->n) == 1 ? 0 : -1;
}

static int
raw_init(struct raw *r, enum ecc_curve c)
{
	memset(r, 0, sizeof(*r));
	memset(r->dg, 0x5a, sizeof(r->dg));
	r->n = ecc_curve_len(c);
	r->sl = sizeof(r->sig);
	if ((r->pk = EVP_EC_gen(groups[c])) == NULL ||
	    (r->sc = EVP_PKEY_CTX_new(r->pk, NULL)) == NULL ||
	    (r->vc = EVP_PKEY_CTX_new(r->pk, NULL)) == NULL ||
	    EVP_PKEY_sign_init(r->sc) <= 0 ||
	    EVP_PKEY_verify_init(r->vc) <= 0 ||
	    EVP_PKEY_sign(r->sc, r->sig, &r->sl, r->dg, r->n) <= 0)
		return -1;
	return 0;
}

static void
raw_free(struct raw *r)
{
	EVP_PKEY_CTX_free(r->sc);
	EVP_PKEY_CTX_free(r->vc);
	EVP_PKEY_free(r->pk);
}

/* Ours. */
struct ours {
	struct sec_signer	*s;
	struct sec_sign_opts	 o;
	struct sec_ctx		*v;
	struct buf		 out;
	struct buf		*msgs;
	uint64_t		 t_gen;
};

static int
our_sign(void *arg, long i)
{
	struct ours	*u = arg;
	char		 err[200];

	u->o.generation_time = u->t_gen + (uint64_t)i;
	buf_reset(&u->out);
	return sec_sign(u->s, &u->o, bsm, sizeof(bsm), &u->out, err,
	    sizeof(err)) == REASON_OK ? 0 : -1;
}

static int
our_verify(void *arg, long i)
{
	struct ours	*u = arg;
	struct sec_result res;
	const struct buf *m = &u->msgs[1 + i % (NMSG - 1)];

	if (sec_verify_bytes(u->v, (uint8_t *)m->p, m->len, u->t_gen, &res) !=
	    SEC_VALID) {
		fprintf(stderr, "bench_sec: %s %s\n",
		    sec_verdict_str(res.verdict), res.detail);
		return -1;
	}
	return 0;
}

static int
issue(struct buf *out, enum pki_kind kind, const struct ecc_key *subject,
    const struct ecc_key *ca, const struct buf *ca_cert)
{
	struct pki_opts	 o;
	char		 err[200];

	pki_opts_init(&o, kind);
	o.days = kind == PKI_ROOT ? 30 : kind == PKI_AA ? 20 : 10;
	o.start = (uint32_t)(sec_now() / 1000000) - 86400;
	o.name = kind == PKI_AT ? NULL : "bench";
	o.n_psid = 1;
	o.psid[0].psid = 32;
	if (pki_issue(out, &o, subject, ca, ca_cert ? (uint8_t *)ca_cert->p :
	    NULL, ca_cert ? ca_cert->len : 0, err, sizeof(err)) != REASON_OK) {
		fprintf(stderr, "bench_sec: %s\n", err);
		return -1;
	}
	return 0;
}

static int
bench_curve(enum ecc_curve c)
{
	struct ecc_key	*rk, *ak, *tk;
	struct sec_config cfg;
	struct sec_result res;
	struct raw	 raw;
	struct ours	 u;
	struct buf	 root, aa, at;
	char		 err[200];
	double		 rs, rv, rs2, sign, verify, sign_cert;
	long		 i;

	memset(&u, 0, sizeof(u));
	u.t_gen = sec_now();
	buf_init(&root);
	buf_init(&aa);
	buf_init(&at);
	buf_init(&u.out);
	if ((rk = ecc_key_generate(c)) == NULL ||
	    (ak = ecc_key_generate(c)) == NULL ||
	    (tk = ecc_key_generate(c)) == NULL ||
	    issue(&root, PKI_ROOT, rk, rk, NULL) == -1 ||
	    issue(&aa, PKI_AA, ak, rk, &root) == -1 ||
	    issue(&at, PKI_AT, tk, ak, &aa) == -1 ||
	    sec_signer_new(&u.s, tk, (uint8_t *)at.p, at.len, err,
	    sizeof(err)) != REASON_OK)
		return -1;
	sec_config_default(&cfg);
	cfg.no_replay = 1;
	if ((u.v = sec_new(&cfg)) == NULL ||
	    sec_add_cert(u.v, (uint8_t *)root.p, root.len, SEC_TRUST_ROOT,
	    NULL, err, sizeof(err)) != SEC_VALID ||
	    sec_add_cert(u.v, (uint8_t *)aa.p, aa.len, 0, NULL, err,
	    sizeof(err)) != SEC_VALID || raw_init(&raw, c) == -1)
		return -1;

	/* messages to verify: the first carries the certificate */
	sec_sign_opts_init(&u.o, 32);
	if ((u.msgs = calloc(NMSG, sizeof(*u.msgs))) == NULL)
		return -1;
	for (i = 0; i < NMSG; i++) {
		u.o.mode = i == 0 ? SEC_SIGNER_CERT : SEC_SIGNER_DIGEST;
		u.o.generation_time = u.t_gen + (uint64_t)i;
		buf_init(&u.msgs[i]);
		if (sec_sign(u.s, &u.o, bsm, sizeof(bsm), &u.msgs[i], err,
		    sizeof(err)) != REASON_OK)
			return -1;
	}
	if (sec_verify_bytes(u.v, (uint8_t *)u.msgs[0].p, u.msgs[0].len,
	    u.t_gen, &res) != SEC_VALID) {
		fprintf(stderr, "bench_sec: %s\n", res.detail);
		return -1;
	}
	u.o.mode = SEC_SIGNER_DIGEST;
	if (rate2(raw_sign, &raw, our_sign, &u, &rs, &sign) == -1)
		return -1;
	u.o.mode = SEC_SIGNER_CERT;
	if (rate2(raw_sign, &raw, our_sign, &u, &rs2, &sign_cert) == -1)
		return -1;
	if (rate2(raw_verify, &raw, our_verify, &u, &rv, &verify) == -1)
		return -1;

	printf("%-16s | %9.0f %9.0f %5.1f%% %9.0f %5.1f%% | %9.0f %9.0f "
	    "%5.1f%%\n", ecc_curve_str(c), rs, sign, 100 * sign / rs,
	    sign_cert, 100 * sign_cert / rs2, rv, verify, 100 * verify / rv);
	for (i = 0; i < NMSG; i++)
		buf_free(&u.msgs[i]);
	free(u.msgs);
	raw_free(&raw);
	sec_free(u.v);
	sec_signer_free(u.s);
	ecc_key_free(rk);
	ecc_key_free(ak);
	buf_free(&root);
	buf_free(&aa);
	buf_free(&at);
	buf_free(&u.out);
	return 0;
}

int
main(int argc, char **argv)
{
	static const enum ecc_curve curves[] = {
		ECC_NISTP256, ECC_BRAINPOOLP256R1, ECC_NISTP384
	};
	size_t	 i;
	int	 rc = 0;

	if (argc > 1)
		seconds = atof(argv[1]);
	if (seconds <= 0)
		seconds = 0.5;
	printf("IEEE 1609.2 sign/verify, one core, %.1f s per figure; per "
	    "second (ratio to OpenSSL raw ECDSA of a digest)\n", seconds);
	printf("%-16s | %9s %9s %6s %9s %6s | %9s %9s %6s\n", "curve",
	    "raw sign", "sign", "ratio", "sign+cert", "ratio", "raw verif",
	    "verify", "ratio");
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
		if (bench_curve(curves[i]) == -1) {
			fprintf(stderr, "bench_sec: %s failed\n",
			    ecc_curve_str(curves[i]));
			rc = 1;
		}
	printf("goals: sign >= 85%%, verify (known signer) >= 90%% of raw\n");
	return rc;
}
