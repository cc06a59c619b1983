/*
 * cert.c: 'v2x cert': a test PKI of IEEE 1609.2 / ETSI TS 103 097 explicit
 * certificates (root CA, authorization authority, authorization ticket)
 * with PEM keys, and 'v2x cert show' to print a certificate as JSON.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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
"                       1095, AT 365, cut at the end of the CA's.\n"
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

static int
read_bytes(const char *path, struct buf *b)
{
	return read_file(path, b);
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pki_opts	 o;
	struct ecc_key	*key = NULL, *cakey = NULL;
	struct buf	 cacert, out, js;
	struct dot2_cert *ct = NULL;
	const char	*prefix = NULL, *ca = NULL, *kind = NULL;
	char		 path[4096], kpath[4096], err[512], *end;
	enum ecc_curve	 curve = ECC_NISTP256;
	uint64_t	 us;
	uint8_t		 id[8];
	unsigned long	 days;
	int		 ch, has_curve = 0, has_days = 0, force = 0;
	int		 rc = EXIT_USAGE;

	pki_opts_init(&o, root ? PKI_ROOT : PKI_AT);
	buf_init(&cacert);
	buf_init(&out);
	buf_init(&js);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			prefix = optarg;
			break;
		case 'c':
			ca = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		case 'C':
			if (ecc_curve_parse(optarg, &curve) == -1) {
				log_warnx("cert: --curve %s: expected p256, "
				    "brainpoolp256, p384 or brainpoolp384",
				    optarg);
				goto out;
			}
			has_curve = 1;
			break;
		case 'd':
			days = strtoul(optarg, &end, 10);
			if (*end != '\0' || days == 0 || days > 365 * 200) {
				log_warnx("cert: --days %s: a number of days",
				    optarg);
				goto out;
			}
			o.days = (uint32_t)days;
			has_days = 1;
			break;
		case 's':
			if (strcmp(optarg, "now") == 0)
				us = sec_now();
			else if (tai_parse(optarg, strlen(optarg), &us) == -1) {
				log_warnx("cert: --start %s: expected RFC 3339 or "
				    "now", optarg);
				goto out;
			}
			o.start = (uint32_t)(us / 1000000);
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'p':
			if (parse_psids(optarg, &o) == -1) {
				log_warnx("cert: --psid %s: expected PSIDs "
				    "separated by commas (at most %d)", optarg,
				    PKI_MAX_PSID);
				goto out;
			}
			break;
		case 'S':
			if (parse_ssp(optarg, &o) == -1) {
				log_warnx("cert: --ssp: expected PSID=HEX or "
				    "PSID=bitmap:HEX (1 to 31 octets)");
				goto out;
			}
			break;
		case 'r':
			if (parse_region(optarg, &o) == -1) {
				log_warnx("cert: --region %s: expected circle:"
				    "LAT,LON,RADIUS_M", optarg);
				goto out;
			}
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			cert_usage(stdout);
			rc = EXIT_ALLOK;
			goto out;
		default:
			cert_usage(stderr);
			goto out;
		}
	}
	if (prefix == NULL || optind != argc) {
		log_warnx("cert: -o PREFIX is required (and no other argument)");
		goto out;
	}
	if (!root) {
		if (ca == NULL || kind == NULL) {
			log_warnx("cert issue: --ca PREFIX and --kind aa|at are "
			    "required");
			goto out;
		}
		if (strcmp(kind, "aa") == 0)
			o.kind = PKI_AA;
		else if (strcmp(kind, "at") == 0)
			o.kind = PKI_AT;
		else {
			log_warnx("cert issue: --kind %s: expected aa or at",
			    kind);
			goto out;
		}
		if (o.kind == PKI_AT && o.n_psid == 0) {
			log_warnx("cert issue: an AT needs --psid");
			goto out;
		}
		snprintf(path, sizeof(path), "%s.key", ca);
		if (ecc_key_load(path, &cakey, err, sizeof(err)) != REASON_OK) {
			log_warnx("cert issue: %s", err);
			goto out;
		}
		snprintf(path, sizeof(path), "%s.cert", ca);
		if (read_bytes(path, &cacert) == -1)
			goto out;
		if (!has_curve)
			curve = ecc_key_curve(cakey);
	}
	for (size_t i = 0; i < o.n_psid; i++)
		if (o.psid[i].has_ssp && o.kind != PKI_AT) {
			log_warnx("cert: --ssp is for ATs");
			goto out;
		}
	if (o.name == NULL && o.kind != PKI_AT)
		o.name = base_name(prefix);
	if (!has_days) {
		/* Defaults, cut at the issuer's end. */
		o.days = o.kind == PKI_ROOT ? 3650 : o.kind == PKI_AA ? 1095 :
		    365;
		o.clamp = 1;
	}
	if ((key = ecc_key_generate(curve)) == NULL) {
		log_warnx("cert: cannot generate a %s key", ecc_curve_str(curve));
		goto out;
	}
	if (pki_issue(&out, &o, key, root ? key : cakey,
	    root ? NULL : (uint8_t *)cacert.p, root ? 0 : cacert.len, err,
	    sizeof(err)) != REASON_OK) {
		log_warnx("cert: %s", err);
		goto out;
	}
	snprintf(path, sizeof(path), "%s.cert", prefix);
	snprintf(kpath, sizeof(kpath), "%s.key", prefix);
	if (make_dirs(prefix) == -1) {
		log_warnx("%s: cannot create its directory: %s", prefix,
		    strerror(errno));
		goto out;
	}
	if (!force && access(kpath, F_OK) == 0) {
		log_warnx("%s: exists (--force overwrites)", kpath);
		goto out;
	}
	if (write_new(path, out.p, out.len, force) == -1)
		goto out;
	if (force)
		unlink(kpath);
	if (ecc_key_save(key, kpath, err, sizeof(err)) == -1) {
		log_warnx("cert: %s", err);
		unlink(path);
		goto out;
	}
	sec_cert_id((uint8_t *)out.p, out.len, id, NULL);
	if (dot2_cert_parse(&ct, (uint8_t *)out.p, out.len, NULL, NULL, 0) ==
	    REASON_OK) {
		buf_adds(&js, "{\"cert\":");
		jer_string(&js, path, strlen(path));
		buf_adds(&js, ",\"key\":");
		jer_string(&js, kpath, strlen(kpath));
		buf_addf(&js, ",\"kind\":\"%s\",\"id\":\"",
		    pki_kind_str(o.kind));
		buf_addhex(&js, id, 8);
		buf_addf(&js, "\",\"curve\":\"%s\",\"validityStart\":\"",
		    ecc_curve_str(curve));
		tai_format(&js, ct->tbs.validity.start);
		buf_adds(&js, "\",\"validityEnd\":\"");
		tai_format(&js, (int64_t)(dot2_validity_end(&ct->tbs.validity) /
		    1000000));
		buf_adds(&js, "\"}\n");
		fwrite(js.p, 1, js.len, stdout);
	}
	rc = EXIT_ALLOK;
 out:
	dot2_cert_free(ct);
	ecc_key_free(key);
	ecc_key_free(cakey);
	buf_free(&cacert);
	buf_free(&out);
	buf_free(&js);
	return rc;
}

static int
cert_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 'T' },
		{ "at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sec_result res;
	struct dot2_cert *ct;
	struct sec_ctx	*sec = NULL;
	struct buf	 in, js;
	const char	*trust = NULL;
	char		 err[512];
	uint8_t		 id[8], hash[48];
	uint64_t	 at = 0;
	size_t		 hl, used;
	int		 ch, i, rc = EXIT_ALLOK, has_at = 0;
	enum reason	 r;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'T':
			trust = optarg;
			break;
		case 'A':
			if (strcmp(optarg, "now") == 0)
				at = sec_now();
			else if (tai_parse(optarg, strlen(optarg), &at) == -1) {
				log_warnx("cert show: --at %s: expected RFC 3339 "
				    "or now", optarg);
				return EXIT_USAGE;
			}
			has_at = 1;
			break;
		case 'h':
			cert_usage(stdout);
			return EXIT_ALLOK;
		default:
			cert_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind == argc) {
		log_warnx("cert show: FILE required");
		return EXIT_USAGE;
	}
	if (trust != NULL) {
		if ((sec = sec_new(NULL)) == NULL ||
		    sec_store_load(sec, trust, err, sizeof(err)) == -1) {
			log_warnx("cert show: trust store: %s", err);
			sec_free(sec);
			return EXIT_USAGE;
		}
	}
	buf_init(&in);
	buf_init(&js);
	for (i = optind; i < argc; i++) {
		if (read_bytes(argv[i], &in) == -1) {
			rc = EXIT_USAGE;
			continue;
		}
		buf_reset(&js);
		if ((r = dot2_cert_parse(&ct, (uint8_t *)in.p, in.len, &used,
		    err, sizeof(err))) != REASON_OK) {
			print_error(reason_str(r), err, argv[i], NULL, 0);
			rc = EXIT_SOMEBAD;
			continue;
		}
		buf_adds(&js, "{\"file\":");
		jer_string(&js, argv[i], strlen(argv[i]));
		if ((hl = sec_cert_id((uint8_t *)in.p, in.len, id,
		    hash)) > 0) {
			buf_adds(&js, ",\"id\":\"");
			buf_addhex(&js, id, 8);
			buf_adds(&js, "\",\"hashedId3\":\"");
			buf_addhex(&js, hash + hl - 3, 3);
			buf_addc(&js, '"');
		}
		buf_addf(&js, ",\"selfSigned\":%s",
		    ct->issuer.kind == DOT2_ISSUER_SELF ? "true" : "false");
		if (used != in.len)
			buf_addf(&js, ",\"trailing\":%zu", in.len - used);
		buf_adds(&js, ",\"certificate\":");
		dot2_cert_json(&js, ct);
		if (sec != NULL) {
			sec_verify_cert(sec, (uint8_t *)in.p, used,
			    has_at ? at : sec_now(), &res);
			buf_adds(&js, ",\"trust\":{");
			sec_result_json(&js, &res);
			buf_addc(&js, '}');
			if (res.verdict != SEC_VALID)
				rc = EXIT_SOMEBAD;
		}
		buf_adds(&js, "}\n");
		fwrite(js.p, 1, js.len, stdout);
		dot2_cert_free(ct);
	}
	buf_free(&in);
	buf_free(&js);
	sec_free(sec);
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
