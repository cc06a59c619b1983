/*
 * testpki.c: the simulator's test PKI (IEEE 1609.2-2016 explicit
 * certificates through codecs/pki.h): "v2xsim testpki DIR" makes a root
 * CA, an authorization authority and one authorization ticket in DIR, and
 * --sign / --resign use them; highway issues every vehicle and RSU its
 * own AT from the AA.  DIR is also a trust store for sec_store_load():
 *   root.cert root.key   self-signed root
 *   aa.cert aa.key       the AA, issued by the root
 *   at.cert at.key       an AT for replay --resign
 * Keys are PEM, mode 0600.  For tests and demonstrations only.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ecc.h"
#include "pki.h"
#include "psid.h"
#include "sec.h"
#include "tai.h"
#include "sim.h"

/* What an AT may sign. */
static const uint64_t	 at_psids[] = { PSID_BSM, ITS_AID_CAM, ITS_AID_DENM,
	PSID_SPAT, PSID_TIM, PSID_MAP, ITS_AID_SPATEM, ITS_AID_MAPEM,
	PSID_PROBE };

static int
write_file(const char *path, const void *p, size_t n, char *err,
    size_t errlen)
{
	FILE	*f;

	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n ||
	    fclose(f) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
read_file(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE	*f;
	char	 tmp[4096];
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(b, tmp, n);
	fclose(f);
	return b->oom ? -1 : 0;
}

static void
at_opts(struct pki_opts *o, uint32_t start, uint32_t days)
{
	size_t	 i;

	pki_opts_init(o, PKI_AT);
	o->start = start;
	o->days = days;
	for (i = 0; i < sizeof(at_psids) / sizeof(at_psids[0]); i++)
		o->psid[o->n_psid++].psid = at_psids[i];
}

/* Issue and save NAME.key / NAME.cert in dir. */
static int
issue(const char *dir, const char *name, const struct pki_opts *o,
    struct ecc_key *ca_key, const struct buf *ca_cert, struct ecc_key **key,
    struct buf *cert, char *err, size_t errlen)
{
	char	 path[1024];

	if ((*key = ecc_key_generate(ECC_NISTP256)) == NULL) {
		snprintf(err, errlen, "key generation failed");
		return -1;
	}
	/* a root signs itself: pki_issue needs its key as ca_key too */
	if (pki_issue(cert, o, *key, ca_key ? ca_key : *key, ca_cert ?
	    (const uint8_t *)ca_cert->p : NULL, ca_cert ? ca_cert->len : 0,
	    err, errlen) != REASON_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.key", dir, name);
	if (ecc_key_save(*key, path, err, errlen) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.cert", dir, name);
	return write_file(path, cert->p, cert->len, err, errlen);
}

int
testpki_make(const char *dir, uint32_t start, uint32_t days, char *err,
    size_t errlen)
{
	struct pki_opts	 o;
	struct ecc_key	*rk = NULL, *ak = NULL, *tk = NULL;
	struct buf	 rc, ac, tc;
	int		 r = -1;

	buf_init(&rc);
	buf_init(&ac);
	buf_init(&tc);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	pki_opts_init(&o, PKI_ROOT);
	o.start = start;
	o.days = days + 2;
	o.name = "v2xsim test root";
	if (issue(dir, "root", &o, NULL, NULL, &rk, &rc, err, errlen) == -1)
		goto done;
	pki_opts_init(&o, PKI_AA);
	o.start = start;
	o.days = days + 1;
	o.name = "v2xsim test aa";
	if (issue(dir, "aa", &o, rk, &rc, &ak, &ac, err, errlen) == -1)
		goto done;
	at_opts(&o, start, days);
	if (issue(dir, "at", &o, ak, &ac, &tk, &tc, err, errlen) == -1)
		goto done;
	r = 0;
done:
	ecc_key_free(rk);
	ecc_key_free(ak);
	ecc_key_free(tk);
	buf_free(&rc);
	buf_free(&ac);
	buf_free(&tc);
	return r;
}

struct testpki {
	struct ecc_key	*aa_key;
	struct buf	 aa_cert;
	uint32_t	 start, days;
};

struct testpki *
testpki_load(const char *dir, char *err, size_t errlen)
{
	struct testpki	*tp;
	struct dot2_cert *ct;
	char		 path[1024];
	uint64_t	 end;

	if ((tp = calloc(1, sizeof(*tp))) == NULL)
		return NULL;
	buf_init(&tp->aa_cert);
	snprintf(path, sizeof(path), "%s/aa.key", dir);
	if (ecc_key_load(path, &tp->aa_key, err, errlen) != REASON_OK) {
		testpki_free(tp);
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/aa.cert", dir);
	if (read_file(path, &tp->aa_cert, err, errlen) == -1 ||
	    dot2_cert_parse(&ct, (const uint8_t *)tp->aa_cert.p,
	    tp->aa_cert.len, NULL, err, errlen) != REASON_OK) {
		testpki_free(tp);
		return NULL;
	}
	/* ATs get the AA's validity, a day shorter */
	tp->start = ct->tbs.validity.start;
	end = dot2_validity_end(&ct->tbs.validity) / 1000000;
	tp->days = end > tp->start + 2 * 86400 ?
	    (uint32_t)((end - tp->start) / 86400 - 1) : 1;
	dot2_cert_free(ct);
	return tp;
}

void
testpki_check(const struct testpki *tp, const char *dir, int64_t from,
    int64_t to)
{
	struct buf	 a, b, c;
	int64_t		 end = (int64_t)tp->start + (int64_t)tp->days * 86400;

	if (from >= (int64_t)tp->start && to <= end)
		return;
	buf_init(&a);
	buf_init(&b);
	buf_init(&c);
	tai_format(&a, tp->start);
	tai_format(&b, end);
	tai_format(&c, from);
	log_warnx("%s: its certificates are valid from %.*s to %.*s, the trace "
	    "starts %.*s: its signatures will not verify (EXPIRED); make a new "
	    "PKI (v2xsim testpki) or give --start within that time", dir,
	    (int)a.len, a.p, (int)b.len, b.p, (int)c.len, c.p);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

void
testpki_free(struct testpki *tp)
{
	if (tp == NULL)
		return;
	ecc_key_free(tp->aa_key);
	buf_free(&tp->aa_cert);
	free(tp);
}

struct sec_signer *
testpki_signer(struct testpki *tp, char *err, size_t errlen)
{
	struct pki_opts		 o;
	struct ecc_key		*k;
	struct buf		 c;
	struct sec_signer	*s = NULL;

	if ((k = ecc_key_generate(ECC_NISTP256)) == NULL) {
		snprintf(err, errlen, "key generation failed");
		return NULL;
	}
	buf_init(&c);
	at_opts(&o, tp->start, tp->days);
	if (pki_issue(&c, &o, k, tp->aa_key, (const uint8_t *)tp->aa_cert.p,
	    tp->aa_cert.len, err, errlen) != REASON_OK ||
	    sec_signer_new(&s, k, (const uint8_t *)c.p, c.len, err, errlen) !=
	    REASON_OK) {
		ecc_key_free(k);
		s = NULL;
	} else if (sec_signer_set_issuer(s, (const uint8_t *)tp->aa_cert.p,
	    tp->aa_cert.len) != REASON_OK) {
		/* not fatal: peers just cannot ask for the AA */
	}
	buf_free(&c);
	return s;
}

/* Time32 of an RFC 3339 time or "now". */
int
testpki_time(const char *s, uint32_t *t32)
{
	uint64_t	 us;

	if (strcmp(s, "now") == 0) {
		*t32 = (uint32_t)(sec_now() / 1000000);
		return 0;
	}
	if (tai_parse(s, strlen(s), &us) == -1)
		return -1;
	*t32 = (uint32_t)(us / 1000000);
	return 0;
}

static void
testpki_usage(FILE *f)
{
	fprintf(f, "usage: v2xsim testpki [--start TIME|now] [--days N] "
	    "DIR\n");
}

int
testpki_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "start", required_argument, NULL, 's' },
		{ "days", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char		 err[256];
	uint32_t	 start = 0;
	double		 days = 30;
	int		 ch;

	if (testpki_time("now", &start) == -1)
		return 2;
	start -= 3600;		/* valid from an hour ago */
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (testpki_time(optarg, &start) == -1) {
				log_warnx("--start: RFC 3339 time or now");
				return 2;
			}
			break;
		case 'd':
			if (sim_parse_double(optarg, 1, 36500, &days))
				return 2;
			break;
		case 'h':
			testpki_usage(stdout);
			return 0;
		default:
			testpki_usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		testpki_usage(stderr);
		return 2;
	}
	if (testpki_make(argv[optind], start, (uint32_t)days, err,
	    sizeof(err)) == -1) {
		log_warnx("%s", err);
		return 1;
	}
	printf("testpki: %s: root, aa, at (nistP256), valid %.0f days from "
	    "TAI %u\n", argv[optind], days, start);
	return 0;
}
