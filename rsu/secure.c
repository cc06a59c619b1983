/*
 * secure.c: the security stage of rsud as a thin adapter over the codecs'
 * IEEE 1609.2-2016 / ETSI TS 103 097 v1.3.1 services (codecs/sec.h): the
 * verification policy (all, none, ondemand by PSID) and the verdict written
 * into each feed message, signing of broadcasts with the configured
 * certificate, the certificate's expiry, and the clock offset seen in the
 * generation times of signed messages received live.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "dot2.h"
#include "ecc.h"
#include "sec.h"
#include "tai.h"
#include "rsud.h"

static int
load_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
	return b->oom ? -1 : 0;
}

/* The verification policy and the PSIDs of "ondemand". */
static int
init_policy(struct secure *s, const struct config *c)
{
	char		 copy[1024], *it[32], *end;
	unsigned long	 v;
	int		 i, n;

	s->policy = (enum verify_policy)conf_int(c, K_SEC_VERIFY);
	n = conf_list(conf_str(c, K_SEC_VERIFY_PSID), copy, sizeof(copy), it,
	    32);
	for (i = 0; i < n && i < 32; i++) {
		v = strtoul(it[i], &end, 0);
		if (*end != '\0') {
			log_warnx("security.verify_psid: '%s' is not a PSID",
			    it[i]);
			return -1;
		}
		s->psids[s->npsids++] = (uint32_t)v;
	}
	return 0;
}

/* The verifier and its trust store (security.trust). */
static int
init_verifier(struct secure *s, const struct config *c)
{
	const char	*trust = conf_str(c, K_SEC_TRUST);
	char		 err[256];
	uint64_t	 past, future;

	if ((s->ctx = sec_new(NULL)) == NULL)
		fatalx("out of memory");
	if (conf_window(conf_str(c, K_SEC_WINDOW), &past, &future) == 0)
		sec_set_window(s->ctx, past, future);	/* security.window */
	s->can_verify = 1;
	if (*trust == '\0') {
		log_warnx("security.verify without security.trust: no signer "
		    "can be trusted (ISSUER_UNTRUSTED)");
		return 0;
	}
	err[0] = '\0';
	s->ncerts = sec_store_load(s->ctx, jail_path(trust), err,
	    sizeof(err));
	jail_leave();
	if (s->ncerts == -1) {
		log_warnx("security.trust %s: %s", trust, err);
		return -1;
	}
	log_info("security.trust %s: %d certificates", trust, s->ncerts);
	return 0;
}

/*
 * Inside the chroot the codecs see the name jail_path() gave, not the
 * configured path: put the configured one back at the head of an error.
 */
static void
name_error(char *err, size_t errlen, const char *name, const char *path)
{
	char	 rest[256];
	size_t	 n = strlen(name);

	if (name == path || strncmp(err, name, n) != 0 || err[n] != ':')
		return;
	snprintf(rest, sizeof(rest), "%s", err + n);
	snprintf(err, errlen, "%s%s", path, rest);
}

/* The signing certificate (security.cert): its expiry and the signer. */
static int
init_signer(struct secure *s, const struct config *c)
{
	const char	*keyfile = conf_str(c, K_SEC_KEY), *name;
	struct dot2_cert *cert;
	struct ecc_key	*key;
	struct buf	 b;
	char		 err[256];
	size_t		 used;
	int		 rc = -1;

	snprintf(s->cert_file, sizeof(s->cert_file), "%s",
	    conf_str(c, K_SEC_CERT));
	buf_init(&b);
	rc = load_file(jail_path(s->cert_file), &b);
	jail_leave();
	if (rc == -1) {
		log_warn("security.cert %s", s->cert_file);
		goto out;
	}
	rc = -1;
	if (dot2_cert_parse(&cert, (uint8_t *)b.p, b.len, &used, err,
	    sizeof(err)) != REASON_OK) {
		log_warnx("security.cert %s: not a 1609.2 certificate: %s",
		    s->cert_file, err);
		goto out;
	}
	s->cert_expiry = tai_to_unix((int64_t)(dot2_validity_end(
	    &cert->tbs.validity) / 1000000), NULL);
	dot2_cert_free(cert);
	err[0] = '\0';
	name = jail_path(keyfile);
	if (ecc_key_load(name, &key, err, sizeof(err)) != REASON_OK) {
		jail_leave();
		name_error(err, sizeof(err), name, keyfile);
		log_warnx("security.key %s with security.cert %s: %s", keyfile,
		    s->cert_file, err);
		goto out;
	}
	jail_leave();
	if (sec_signer_new(&s->signer, key, (uint8_t *)b.p, b.len, err,
	    sizeof(err)) != REASON_OK) {
		ecc_key_free(key);
		log_warnx("security.key %s with security.cert %s: %s: %s",
		    keyfile, s->cert_file, s->cert_file, err);
		goto out;
	}
	s->can_sign = 1;
	log_info("signing with %s (valid until %lld)", s->cert_file,
	    (long long)s->cert_expiry);
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
secure_init(struct secure *s, const struct config *c)
{
	memset(s, 0, sizeof(*s));
	if (init_policy(s, c) == -1)
		return -1;
	if ((s->policy != VERIFY_NONE && init_verifier(s, c) == -1) ||
	    (*conf_str(c, K_SEC_CERT) != '\0' && init_signer(s, c) == -1)) {
		secure_free(s);
		return -1;
	}
	return 0;
}

void
secure_free(struct secure *s)
{
	if (s->ctx != NULL)
		sec_free(s->ctx);
	if (s->signer != NULL)
		sec_signer_free(s->signer);
	s->ctx = NULL;
	s->signer = NULL;
}

static int
wants(const struct secure *s, const struct peel *pe)
{
	int	 i;

	if (s->policy == VERIFY_ALL)
		return 1;
	if (s->policy == VERIFY_NONE || !pe->has_psid)
		return 0;
	for (i = 0; i < s->npsids; i++)
		if (s->psids[i] == pe->psid)
			return 1;
	return 0;
}

const char *
verdict_str(int v)
{
	switch (v) {
	case V_UNSIGNED:
		return "unsigned";
	case V_NOTCHECKED:
		return "not-checked";
	case V_OWN:
		return "own";
	default:
		return sec_verdict_str((enum sec_verdict)v);
	}
}

int
secure_verdict(struct secure *s, struct peel *pe, struct stats *st,
    struct buf *b, const struct timeval *rx, int live)
{
	const struct dot2_signed *sd = NULL;
	struct sec_result res;
	struct timeval	 now;
	int		 v;

	if (pe->dot2 != NULL)
		sd = dot2_first_signed(pe->dot2);
	if (sd == NULL) {
		buf_adds(b, "{\"signed\":false,\"verdict\":\"unsigned\"}");
		return V_UNSIGNED;
	}
	if (!live && rx == NULL) {
		/* our own broadcast (source command): signed by us, and
		 * verifying it would put it in the replay cache */
		buf_adds(b, "{\"signed\":true,\"verdict\":\"own\"}");
		return V_OWN;
	}
	if (!wants(s, pe) || s->ctx == NULL) {
		v = V_NOTCHECKED;
		buf_adds(b, "{\"signed\":true,\"verdict\":\"not-checked\"");
		if (sd->header.has_generation_time) {
			buf_adds(b, ",\"generationTime\":\"");
			tai_format_us(b, sd->header.generation_time);
			buf_addc(b, '"');
		}
	} else {
		memset(&res, 0, sizeof(res));
		/* at the time of reception: a capture file is verified as
		 * it would have been when it was captured */
		v = sec_verify(s->ctx, pe->dot2, (uint64_t)tai_from_unix(
		    rx->tv_sec) * 1000000 + (uint64_t)rx->tv_usec, &res);
		if (v < 0 || v >= SEC_VERDICT_MAX)
			v = res.verdict = SEC_MALFORMED;	/* not seen */
		buf_adds(b, "{\"signed\":true,");
		sec_result_json(b, &res);
	}
	if (live && sd->header.has_generation_time) {
		/* our clock at receipt minus the sender's at generation,
		 * both UTC (leap seconds removed) */
		int64_t us = (int64_t)sd->header.generation_time;
		int64_t gen_s = tai_to_unix(us / 1000000, NULL);
		double gen_ms = (double)gen_s * 1000.0 +
		    (double)(us % 1000000) / 1000.0, off;
		gettimeofday(&now, NULL);
		off = (double)now.tv_sec * 1000.0 +
		    (double)now.tv_usec / 1000.0 - gen_ms;
		stats_clock(st, off);
		buf_addf(b, ",\"ageMs\":%.3f", off);
	}
	buf_addc(b, '}');
	return v;
}

int
secure_sign(struct secure *s, uint32_t psid, const uint8_t *p, size_t n,
    struct buf *out, const char **note)
{
	struct sec_sign_opts o;
	char		 err[200];

	if (s->signer == NULL) {
		*note = "no signing certificate configured "
		    "(security.cert, security.key)";
		return -1;
	}
	sec_sign_opts_init(&o, psid);
	err[0] = '\0';
	if (sec_sign(s->signer, &o, p, n, out, err, sizeof(err)) !=
	    REASON_OK) {
		snprintf(s->note, sizeof(s->note), "signing refused: %s", err);
		*note = s->note;
		return -1;
	}
	return 0;
}
