/*
 * cert.c: 'v2x cert': a test PKI of IEEE 1609.2 / ETSI TS 103 097 explicit
 * certificates (root CA, authorization authority, authorization ticket)
 * with PEM keys, and 'v2x cert show' to print a certificate as JSON.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dot2.h"
#include "jer.h"
#include "pki.h"
#include "sec.h"
#include "tai.h"
#include "cli.h"

static void
cert_usage(FILE *f)
{
	fprintf(f,
"usage: v2x cert root -o PREFIX [--curve CURVE] [--days N] [--start TIME]\n"
"                     [--name NAME] [--psid P[,P...]] [--region REGION]\n"
"       v2x cert issue --ca PREFIX --kind aa|at -o PREFIX [--curve CURVE]\n"
"                     [--psid P[,P...]] [--ssp PSID=[bitmap:]HEX]...\n"
"                     [--days N] [--start TIME] [--name NAME]\n"
"                     [--region REGION]\n"
"       v2x cert show [--trust DIR [--at TIME]] FILE...\n"
"\n"
"A test PKI of IEEE 1609.2-2016 explicit certificates as ETSI TS 103 097\n"
"v1.3.1 profiles them, in canonical COER (compressed keys, x-only r):\n"
"PREFIX.cert is the certificate, PREFIX.key its PEM private key (mode\n"
"0600).  Each certificate is signed over Hash(Hash(toBeSigned) ||\n"
"Hash(issuer certificate)), Hash(\"\") for a root.  Existing files are not\n"
"overwritten (--force does); missing directories are made.  One JSON\n"
"line tells what was written:\n"
"  {\"cert\":\"pki/root.cert\",\"key\":\"pki/root.key\",\"kind\":\"root\",\n"
"   \"id\":\"HashedId8\",\"curve\":\"nistP256\",\"validityStart\":..,\n"
"   \"validityEnd\":..}\n"
"\n"
"  root     a self-signed root CA: certIssuePermissions for all PSIDs (or\n"
"           --psid), chain length 1 or 2 (ATs directly or through AAs).\n"
"  issue    a certificate signed by the CA at --ca PREFIX (PREFIX.cert and\n"
"           PREFIX.key):\n"
"           --kind aa: an authorization authority, certIssuePermissions\n"
"             for --psid (any SSP) or all PSIDs, for ATs below it;\n"
"           --kind at: an authorization ticket, appPermissions for --psid\n"
"             (required) with the SSPs of --ssp, anonymous (id none).\n"
"           Its validity must lie within the CA's.\n"
"  show     print each certificate as JSON: {\"file\",\"id\" (HashedId8),\n"
"           \"hashedId3\",\"selfSigned\",\"certificate\":{...}} (the\n"
"           JER-shaped fields, validity also in UTC); with --trust,\n"
"           \"trust\" holds the verdict of its chain as 'v2x verify'\n"
"           gives it.\n"
"\n"
"Options:\n"
"  -o, --out PREFIX     where to write PREFIX.cert and PREFIX.key.\n"
"      --ca PREFIX      the issuing CA.\n"
"      --kind KIND      aa or at.\n"
"      --curve CURVE    p256 (nistP256, default for a root; an issued key\n"
"                       defaults to its CA's curve), brainpoolp256, p384,\n"
"                       brainpoolp384.  P-384 keys hash with SHA-384.\n"
"      --days N         validity in days; hours in the certificate when\n"
"                       they fit, else years.  Default: root 3650, AA\n"
"                       1095, AT 365, cut at the end of the CA's (with a\n"
"                       warning that gives the new end).\n"
"      --start TIME     start of validity, RFC 3339 or now (default now).\n"
"      --name NAME      the CertificateId name (default: the PREFIX's file\n"
"                       name for root and AA; ATs have none).\n"
"      --psid P,...     PSIDs / ITS-AIDs, decimal or 0x hex (32 BSM, 36\n"
"                       CAM, 37 DENM, 0x8002 SPAT/MAP...).\n"
"      --ssp PSID=HEX   the AT's SSP for PSID: opaque octets, or\n"
"                       PSID=bitmap:HEX for a bitmapSsp (ETSI CAM/DENM).\n"
"      --region circle:LAT,LON,RADIUS_M  a circular validity region\n"
"                       (degrees, metres).\n"
"      --trust DIR      show: verify the chain against this trust store\n"
"                       (layout in 'v2x verify --help').\n"
"      --at TIME        show: as of TIME (default now).\n"
"      --force          overwrite PREFIX.cert and PREFIX.key.\n"
"  -h, --help           this text.\n"
"\n"
"Example (a root, an AA, an AT for CAM and DENM around Torino):\n"
"  v2x cert root -o pki/root\n"
"  v2x cert issue --ca pki/root --kind aa -o pki/aa --psid 36,37\n"
"  v2x cert issue --ca pki/aa --kind at -o at --psid 36,37 --days 7 \\\n"
"      --ssp 36=bitmap:010000 --region circle:45.07,7.68,20000\n");
}

static int
parse_psid(const char *s, uint64_t *v)
{
	char	*end;

	if (*s == '-' || *s == '\0')
		return -1;
	*v = strtoull(s, &end, 0);
	return *end == '\0' ? 0 : -1;
}

static int
parse_psids(char *s, struct pki_opts *o)
{
	char	*tok, *save = NULL;
	uint64_t v;

	for (tok = strtok_r(s, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (parse_psid(tok, &v) == -1 || o->n_psid >= PKI_MAX_PSID)
			return -1;
		o->psid[o->n_psid++].psid = v;
	}
	return o->n_psid > 0 ? 0 : -1;
}

/* PSID=HEX or PSID=bitmap:HEX onto a PSID of o (added if missing). */
static int
parse_ssp(char *s, struct pki_opts *o)
{
	char	*eq = strchr(s, '='), *hex;
	uint64_t psid;
	size_t	 i;
	long	 n;
	int	 bitmap = 0;

	if (eq == NULL)
		return -1;
	*eq = '\0';
	if (parse_psid(s, &psid) == -1)
		return -1;
	hex = eq + 1;
	if (strncmp(hex, "bitmap:", 7) == 0) {
		bitmap = 1;
		hex += 7;
	}
	for (i = 0; i < o->n_psid; i++)
		if (o->psid[i].psid == psid)
			break;
	if (i == o->n_psid) {
		if (o->n_psid >= PKI_MAX_PSID)
			return -1;
		o->psid[o->n_psid++].psid = psid;
	}
	n = *hex ? hex_decode(hex, strlen(hex), o->psid[i].ssp,
	    bitmap ? 31 : sizeof(o->psid[i].ssp)) : 0;
	if (n < 0 || (bitmap && n == 0))
		return -1;
	o->psid[i].has_ssp = 1;
	o->psid[i].ssp_kind = bitmap ? DOT2_SSP_BITMAP : DOT2_SSP_OPAQUE;
	o->psid[i].ssp_len = (size_t)n;
	return 0;
}

static int
parse_region(const char *s, struct pki_opts *o)
{
	double	 lat, lon, r;
	char	*end;

	if (strncmp(s, "circle:", 7) != 0)
		return -1;
	s += 7;
	lat = strtod(s, &end);
	if (end == s || *end != ',')
		return -1;
	s = end + 1;
	lon = strtod(s, &end);
	if (end == s || *end != ',')
		return -1;
	s = end + 1;
	r = strtod(s, &end);
	if (end == s || *end != '\0' || lat < -90 || lat > 90 || lon < -180 ||
	    lon > 180 || r < 1 || r > 65535)
		return -1;
	o->has_region = 1;
	o->lat = (int32_t)lround(lat * 1e7);
	o->lon = (int32_t)lround(lon * 1e7);
	o->radius = (uint16_t)lround(r);
	return 0;
}

/* Write p to path (mode 0644), refusing to overwrite without force. */
static int
write_new(const char *path, const void *p, size_t n, int force)
{
	FILE	*f;
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
	    (force ? O_TRUNC : O_EXCL), 0644);
	if (fd == -1) {
		log_warnx("%s: %s%s", path, strerror(errno), errno == EEXIST ?
		    " (--force overwrites)" : "");
		return -1;
	}
	if ((f = fdopen(fd, "wb")) == NULL) {
		close(fd);
		return -1;
	}
	fwrite(p, 1, n, f);
	if (fclose(f) != 0) {
		log_warnx("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* mkdir -p of the directory part of prefix. */
static int
make_dirs(const char *prefix)
{
	char	 dir[4096], *s;

	if (strlen(prefix) >= sizeof(dir))
		return -1;
	strcpy(dir, prefix);
	if ((s = strrchr(dir, '/')) == NULL || s == dir)
		return 0;
	*s = '\0';
	for (s = dir + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(dir, 0755) == -1 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	if (mkdir(dir, 0755) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

static const char *
base_name(const char *prefix)
{
	const char *s = strrchr(prefix, '/');

	return s != NULL ? s + 1 : prefix;
}

struct make {
	struct pki_opts	 o;
	int		 root;		/* cert root, else cert issue */
	const char	*prefix;	/* -o */
	const char	*ca;		/* --ca */
	const char	*kind;		/* --kind */
	enum ecc_curve	 curve;
	int		 has_curve, has_days, force;
};

/* The options of cert root/issue that go into the certificate; 0, or -1
 * with a message. */
static int
cert_opt(struct make *mk, int ch, char *arg)
{
	char		*end;
	uint64_t	 us;
	unsigned long	 days;

	switch (ch) {
	case 'C':
		if (ecc_curve_parse(arg, &mk->curve) == -1) {
			log_warnx("cert: --curve %s: expected p256, "
			    "brainpoolp256, p384 or brainpoolp384", arg);
			return -1;
		}
		mk->has_curve = 1;
		return 0;
	case 'd':
		days = strtoul(arg, &end, 10);
		if (*end != '\0' || days == 0 || days > 365 * 200) {
			log_warnx("cert: --days %s: a number of days", arg);
			return -1;
		}
		mk->o.days = (uint32_t)days;
		mk->has_days = 1;
		return 0;
	case 's':
		if (strcmp(arg, "now") == 0)
			us = sec_now();
		else if (tai_parse(arg, strlen(arg), &us) == -1) {
			log_warnx("cert: --start %s: expected RFC 3339 or now",
			    arg);
			return -1;
		}
		mk->o.start = (uint32_t)(us / 1000000);
		return 0;
	case 'p':
		if (parse_psids(arg, &mk->o) == -1) {
			log_warnx("cert: --psid %s: expected PSIDs separated by "
			    "commas (at most %d)", arg, PKI_MAX_PSID);
			return -1;
		}
		return 0;
	case 'S':
		if (parse_ssp(arg, &mk->o) == -1) {
			log_warnx("cert: --ssp: expected PSID=HEX or "
			    "PSID=bitmap:HEX (1 to 31 octets)");
			return -1;
		}
		return 0;
	default:	/* 'r' */
		if (parse_region(arg, &mk->o) == -1) {
			log_warnx("cert: --region %s: expected circle:"
			    "LAT,LON,RADIUS_M", arg);
			return -1;
		}
		return 0;
	}
}

/* One option of cert root/issue into ctx (a struct make); 0 or -1. */
static int
make_opt(void *ctx, int ch, char *arg)
{
	struct make	*mk = ctx;

	switch (ch) {
	case 'o':
		mk->prefix = arg;
		return 0;
	case 'c':
		mk->ca = arg;
		return 0;
	case 'k':
		mk->kind = arg;
		return 0;
	case 'n':
		mk->o.name = arg;
		return 0;
	case 'f':
		mk->force = 1;
		return 0;
	default:
		return cert_opt(mk, ch, arg);
	}
}

/* cert issue: the kind, and the CA's key and certificate; 0 or -1. */
static int
load_ca(struct make *mk, struct ecc_key **cakey, struct buf *cacert)
{
	char	 path[4096], err[512];

	if (mk->ca == NULL || mk->kind == NULL) {
		log_warnx("cert issue: --ca PREFIX and --kind aa|at are "
		    "required");
		return -1;
	}
	if (strcmp(mk->kind, "aa") == 0)
		mk->o.kind = PKI_AA;
	else if (strcmp(mk->kind, "at") == 0)
		mk->o.kind = PKI_AT;
	else {
		log_warnx("cert issue: --kind %s: expected aa or at", mk->kind);
		return -1;
	}
	if (mk->o.kind == PKI_AT && mk->o.n_psid == 0) {
		log_warnx("cert issue: an AT needs --psid");
		return -1;
	}
	snprintf(path, sizeof(path), "%s.key", mk->ca);
	if (ecc_key_load(path, cakey, err, sizeof(err)) != REASON_OK) {
		log_warnx("cert issue: %s", err);
		return -1;
	}
	snprintf(path, sizeof(path), "%s.cert", mk->ca);
	if (read_file(path, cacert) == -1)
		return -1;
	if (!mk->has_curve)
		mk->curve = ecc_key_curve(*cakey);
	return 0;
}

/* The defaults that depend on the kind; 0, or -1 with a message. */
static int
make_defaults(struct make *mk)
{
	size_t	 i;

	for (i = 0; i < mk->o.n_psid; i++)
		if (mk->o.psid[i].has_ssp && mk->o.kind != PKI_AT) {
			log_warnx("cert: --ssp is for ATs");
			return -1;
		}
	if (mk->o.name == NULL && mk->o.kind != PKI_AT)
		mk->o.name = base_name(mk->prefix);
	if (!mk->has_days) {
		/* Defaults, cut at the issuer's end. */
		mk->o.days = mk->o.kind == PKI_ROOT ? 3650 :
		    mk->o.kind == PKI_AA ? 1095 : 365;
		mk->o.clamp = 1;
	}
	return 0;
}

/* PREFIX.cert and PREFIX.key, not overwritten without --force; 0 or -1. */
static int
write_pair(const struct make *mk, const struct buf *cert,
    const struct ecc_key *key, const char *path, const char *kpath)
{
	char	 err[512];

	if (make_dirs(mk->prefix) == -1) {
		log_warnx("%s: cannot create its directory: %s", mk->prefix,
		    strerror(errno));
		return -1;
	}
	if (!mk->force && access(kpath, F_OK) == 0) {
		log_warnx("%s: exists (--force overwrites)", kpath);
		return -1;
	}
	if (write_new(path, cert->p, cert->len, mk->force) == -1)
		return -1;
	if (mk->force)
		unlink(kpath);
	if (ecc_key_save(key, kpath, err, sizeof(err)) == -1) {
		log_warnx("cert: %s", err);
		unlink(path);
		return -1;
	}
	return 0;
}

/* The JSON line that tells what was written. */
static void
print_made(const struct make *mk, const struct buf *cert, const char *path,
    const char *kpath)
{
	struct dot2_cert *ct = NULL;
	struct buf	 js;
	uint8_t		 id[8];

	sec_cert_id((uint8_t *)cert->p, cert->len, id, NULL);
	if (dot2_cert_parse(&ct, (uint8_t *)cert->p, cert->len, NULL, NULL,
	    0) != REASON_OK)
		return;
	buf_init(&js);
	buf_adds(&js, "{\"cert\":");
	jer_string(&js, path, strlen(path));
	buf_adds(&js, ",\"key\":");
	jer_string(&js, kpath, strlen(kpath));
	buf_addf(&js, ",\"kind\":\"%s\",\"id\":\"", pki_kind_str(mk->o.kind));
	buf_addhex(&js, id, 8);
	buf_addf(&js, "\",\"curve\":\"%s\",\"validityStart\":\"",
	    ecc_curve_str(mk->curve));
	tai_format(&js, ct->tbs.validity.start);
	buf_adds(&js, "\",\"validityEnd\":\"");
	tai_format(&js, (int64_t)(dot2_validity_end(&ct->tbs.validity) /
	    1000000));
	buf_adds(&js, "\"}\n");
	fwrite(js.p, 1, js.len, stdout);
	buf_free(&js);
	dot2_cert_free(ct);
}

/* The issuer's validity ended the certificate earlier than asked (the
 * defaults are cut at the issuer's end): say so, with the new end. */
static void
warn_cut(const struct make *mk, const struct buf *cert)
{
	struct dot2_validity	 asked;
	struct dot2_cert	*ct = NULL;
	struct buf		 a, b;

	if (mk->root || dot2_cert_parse(&ct, (uint8_t *)cert->p, cert->len,
	    NULL, NULL, 0) != REASON_OK)
		return;
	pki_validity(ct->tbs.validity.start, mk->o.days, &asked);
	if (dot2_validity_end(&ct->tbs.validity) < dot2_validity_end(&asked)) {
		buf_init(&a);
		buf_init(&b);
		tai_format(&a, (int64_t)(dot2_validity_end(&asked) / 1000000));
		tai_format(&b, (int64_t)(dot2_validity_end(&ct->tbs.validity) /
		    1000000));
		log_warnx("%s: validity cut by the issuer's: ends %.*s, not "
		    "%.*s (%u days from its start)", mk->prefix, (int)b.len, b.p,
		    (int)a.len, a.p, mk->o.days);
		buf_free(&a);
		buf_free(&b);
	}
	dot2_cert_free(ct);
}

/* A new key and its certificate, signed by the CA or itself (root). */
static int
make_cert(struct make *mk, struct ecc_key *cakey, const struct buf *cacert)
{
	struct ecc_key	*key;
	struct buf	 out;
	char		 path[4096], kpath[4096], err[512];
	int		 rc = -1;

	if ((key = ecc_key_generate(mk->curve)) == NULL) {
		log_warnx("cert: cannot generate a %s key",
		    ecc_curve_str(mk->curve));
		return -1;
	}
	buf_init(&out);
	if (pki_issue(&out, &mk->o, key, mk->root ? key : cakey,
	    mk->root ? NULL : (uint8_t *)cacert->p, mk->root ? 0 : cacert->len,
	    err, sizeof(err)) != REASON_OK) {
		log_warnx("cert: %s", err);
		goto out;
	}
	snprintf(path, sizeof(path), "%s.cert", mk->prefix);
	snprintf(kpath, sizeof(kpath), "%s.key", mk->prefix);
	if (write_pair(mk, &out, key, path, kpath) == -1)
		goto out;
	warn_cut(mk, &out);
	print_made(mk, &out, path, kpath);
	rc = 0;
 out:
	ecc_key_free(key);
	buf_free(&out);
	return rc;
}

static int
cert_make(int argc, char **argv, int root)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "ca", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "curve", required_argument, NULL, 'C' },
		{ "days", required_argument, NULL, 'd' },
		{ "start", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ "psid", required_argument, NULL, 'p' },
		{ "ssp", required_argument, NULL, 'S' },
		{ "region", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'f' },
		HELP_LONGOPTS
	};
	struct make	 mk;
	struct ecc_key	*cakey = NULL;
	struct buf	 cacert;
	int		 rc;

	memset(&mk, 0, sizeof(mk));
	mk.root = root;
	mk.curve = ECC_NISTP256;
	pki_opts_init(&mk.o, root ? PKI_ROOT : PKI_AT);
	if ((rc = cli_getopt(argc, argv, "o:h", longopts, cert_usage,
	    make_opt, &mk)) != ARGS_OK)
		return rc;
	if (mk.prefix == NULL || optind != argc) {
		log_warnx("cert: -o PREFIX is required (and no other argument)");
		return EXIT_USAGE;
	}
	buf_init(&cacert);
	rc = EXIT_USAGE;
	if ((root || load_ca(&mk, &cakey, &cacert) == 0) &&
	    make_defaults(&mk) == 0 && make_cert(&mk, cakey, &cacert) == 0)
		rc = EXIT_ALLOK;
	ecc_key_free(cakey);
	buf_free(&cacert);
	return rc;
}

struct show {
	const char	*trust;		/* --trust DIR */
	struct sec_ctx	*sec;		/* its store */
	int		 has_at;	/* --at TIME */
	uint64_t	 at;
	struct buf	 in, js;
};

/* One option of cert show into ctx (a struct show); 0 or -1. */
static int
show_opt(void *ctx, int ch, char *arg)
{
	struct show	*sh = ctx;

	if (ch == 'T') {
		sh->trust = arg;
		return 0;
	}
	/* 'A' */
	if (strcmp(arg, "now") == 0)
		sh->at = sec_now();
	else if (tai_parse(arg, strlen(arg), &sh->at) == -1) {
		log_warnx("cert show: --at %s: expected RFC 3339 or now", arg);
		return -1;
	}
	sh->has_at = 1;
	return 0;
}

/* One certificate file as a JSON line: an exit status. */
static int
show_one(struct show *sh, const char *path)
{
	struct sec_result res;
	struct dot2_cert *ct;
	struct buf	*js = &sh->js;
	const uint8_t	*p;
	char		 err[512];
	uint8_t		 id[8], hash[48];
	size_t		 hl, used;
	enum reason	 r;
	int		 rc = EXIT_ALLOK;

	if (read_file(path, &sh->in) == -1)
		return EXIT_USAGE;
	p = (const uint8_t *)sh->in.p;
	buf_reset(js);
	if ((r = dot2_cert_parse(&ct, p, sh->in.len, &used, err,
	    sizeof(err))) != REASON_OK) {
		print_error(reason_str(r), err, path, NULL, 0);
		return EXIT_SOMEBAD;
	}
	buf_adds(js, "{\"file\":");
	jer_string(js, path, strlen(path));
	if ((hl = sec_cert_id(p, sh->in.len, id, hash)) > 0) {
		buf_adds(js, ",\"id\":\"");
		buf_addhex(js, id, 8);
		buf_adds(js, "\",\"hashedId3\":\"");
		buf_addhex(js, hash + hl - 3, 3);
		buf_addc(js, '"');
	}
	buf_addf(js, ",\"selfSigned\":%s",
	    ct->issuer.kind == DOT2_ISSUER_SELF ? "true" : "false");
	if (used != sh->in.len)
		buf_addf(js, ",\"trailing\":%zu", sh->in.len - used);
	buf_adds(js, ",\"certificate\":");
	dot2_cert_json(js, ct);
	if (sh->sec != NULL) {
		sec_verify_cert(sh->sec, p, used, sh->has_at ? sh->at :
		    sec_now(), &res);
		buf_adds(js, ",\"trust\":{");
		sec_result_json(js, &res);
		buf_addc(js, '}');
		if (res.verdict != SEC_VALID)
			rc = EXIT_SOMEBAD;
	}
	buf_adds(js, "}\n");
	fwrite(js->p, 1, js->len, stdout);
	dot2_cert_free(ct);
	return rc;
}

static int
cert_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 'T' },
		{ "at", required_argument, NULL, 'A' },
		HELP_LONGOPTS
	};
	struct show	 sh;
	char		 err[512];
	int		 i, rc, one;

	memset(&sh, 0, sizeof(sh));
	if ((rc = cli_getopt(argc, argv, "h", longopts, cert_usage, show_opt,
	    &sh)) != ARGS_OK)
		return rc;
	if (optind == argc) {
		log_warnx("cert show: FILE required");
		return EXIT_USAGE;
	}
	if (sh.trust != NULL && ((sh.sec = sec_new(NULL)) == NULL ||
	    sec_store_load(sh.sec, sh.trust, err, sizeof(err)) == -1)) {
		log_warnx("cert show: trust store: %s", err);
		sec_free(sh.sec);
		return EXIT_USAGE;
	}
	buf_init(&sh.in);
	buf_init(&sh.js);
	rc = EXIT_ALLOK;
	for (i = optind; i < argc; i++)
		if ((one = show_one(&sh, argv[i])) != EXIT_ALLOK)
			rc = one;
	buf_free(&sh.in);
	buf_free(&sh.js);
	sec_free(sh.sec);
	return rc;
}

int
cmd_cert(int argc, char **argv)
{
	if (argc < 2) {
		cert_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "root") == 0)
		return cert_make(argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "issue") == 0)
		return cert_make(argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "show") == 0)
		return cert_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		cert_usage(stdout);
		return EXIT_ALLOK;
	}
	log_warnx("cert: unknown subcommand '%s' (root, issue, show)", argv[1]);
	return EXIT_USAGE;
}
