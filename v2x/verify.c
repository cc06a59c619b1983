/*
 * verify.c: 'v2x verify': IEEE 1609.2 / ETSI TS 103 097 verification of
 * every message of hex lines, raw files or captures (pcap, pcapng) against
 * a trust store, one JSON verdict per message, and with --summary the
 * audit of the whole input (signers, certificates, PSIDs, verdicts).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jer.h"
#include "msg.h"
#include "peel.h"
#include "sec.h"
#include "tai.h"
#include "audit.h"
#include "cli.h"
#include "input.h"

#define VERIFY_INPUTS	(INPUT_ACCEPTS(INPUT_HEX) | \
			 INPUT_ACCEPTS(INPUT_PCAP) | INPUT_ACCEPTS(INPUT_RAW))
#define MAXPINS		64

struct ver {
	struct sec_ctx	*sec;
	struct sec_config cfg;
	const char	*trust;		/* --trust DIR */
	const char	*pins[MAXPINS];	/* --pin ID */
	size_t		 npins;
	enum input_fmt	 in;
	int		 at_now;	/* --at now */
	int		 has_at;	/* --at TIME */
	uint64_t	 at;
	int		 summary;
	const char	*file;		/* named when > 1 */
	struct buf	 out;
	struct peel	 pe;
	struct audit	*au;
	unsigned long	 ok, bad;
};

static void
verify_usage(FILE *f)
{
	fprintf(f,
"usage: v2x verify [--trust DIR] [--pin ID]... [--at TIME] [--window S[,F]]\n"
"                  [-i auto|hex|pcap|raw] [--summary] [--cache N]\n"
"                  [--no-replay] [FILE...]\n"
"\n"
"Verify IEEE 1609.2 / ETSI TS 103 097 signed messages and print one JSON\n"
"verdict per message (stdin when no FILE is given):\n"
"  {\"frame\":1,\"verdict\":\"VALID\",\"psid\":36,\n"
"   \"generationTime\":\"2019-11-21T13:27:55.646830Z\",\n"
"   \"generationTimeTai\":N,\"signer\":{\"type\":\"certificate\",\n"
"   \"id\":\"127cff384ce0b890\",\"validityStart\":..,\"validityEnd\":..,\n"
"   \"issuer\":\"56dfd6d627a362dc\",\"anchor\":\"pinned\",\"chain\":[..]},\n"
"   \"type\":\"CAM\"}\n"
"Whatever carries the message is peeled first: 802.11, Ethernet, SLL,\n"
"IP/UDP, RSU forward wrappers, WSMP, GeoNetworking (a secured GN packet is\n"
"verified as TS 103 097 specifies: the signed payload is the common header\n"
"onwards).  The signature is over Hash(Hash(ToBeSignedData) || Hash(signer\n"
"certificate)); the signer's chain must end at an anchor of the trust\n"
"store; every certificate must be valid now and at the generation time,\n"
"not revoked, its permissions and region within its issuer's; the PSID\n"
"must be in the signer's appPermissions, the generation location inside\n"
"its region, the generation time inside the window; a message seen\n"
"before is a replay.  Certificates carried by messages are cached by\n"
"HashedId8 once their chain verifies, so that later messages signed with\n"
"the digest verify too.\n"
"\n"
"Verdicts (the first failing check, in this order): MALFORMED (with\n"
"\"reason\": TRUNCATED, BAD_LENGTH, ...), UNSIGNED, UNSUPPORTED,\n"
"CERT_UNKNOWN (a digest signer never seen with its certificate),\n"
"ISSUER_UNTRUSTED, CHAIN, SIG_BAD (a certificate's), REVOKED, EXPIRED,\n"
"NOT_YET_VALID, SIG_BAD (the message's), EXPIRED or NOT_YET_VALID at the\n"
"generation time, PSID_NOT_PERMITTED, REGION, TIME_WINDOW, REPLAY; VALID.\n"
"\"detail\" says which certificate and why.\n"
"\n"
"Options:\n"
"      --trust DIR      the trust store:\n"
"                         DIR/NAME.cert   COER certificates: self-signed\n"
"                                         ones are roots (self-signature\n"
"                                         checked), the others CA\n"
"                                         certificates (AA) that must chain\n"
"                                         to a root\n"
"                         DIR/pinned/NAME.cert  trusted as they are (an AA\n"
"                                         or AT whose issuer you lack)\n"
"                         DIR/anchors.txt HashedId8s (hex, one a line, #\n"
"                                         comments): a certificate with that\n"
"                                         digest, or issued by it, is an\n"
"                                         anchor\n"
"                         DIR/deny.txt    HashedId8s of revoked certificates\n"
"      --pin ID         trust HashedId8 ID (16 hex digits) as anchors.txt\n"
"                       does; repeatable.\n"
"      --at TIME        verify as of TIME: RFC 3339 (2019-11-21T13:27:55Z,\n"
"                       UTC; converted to TAI with leap seconds) or 'now'.\n"
"                       Default: each frame's capture time for captures,\n"
"                       now otherwise.\n"
"      --window S[,F]   accept a generation time at most S seconds before\n"
"                       the verification time and F seconds after it\n"
"                       (default 30,5; S alone leaves F at 5).  Fractions\n"
"                       allowed.  An expiryTime in the past is a\n"
"                       TIME_WINDOW too.\n"
"  -i, --input FORMAT   hex: one message per line (as 'v2x sign' prints\n"
"                       them: Ieee1609Dot2Data, WSMP or GeoNetworking);\n"
"                       pcap: a pcap or pcapng capture (any link type\n"
"                       libpcap reports that peel knows); raw: the file is\n"
"                       one message; auto (default): by content.\n"
"      --summary        print only the audit of all the input, one JSON\n"
"                       object: counts per verdict, per PSID, signers (their\n"
"                       verdicts, PSIDs, certificate validity), certificates\n"
"                       seen (validity, expired when used, expired now),\n"
"                       PSID mismatches (a PSID outside the signer's\n"
"                       permissions; a WSMP PSID other than the 1609.2 one).\n"
"      --cache N        certificates learned from messages kept (default\n"
"                       4096; the store's are always kept).\n"
"      --no-replay      do not reject messages seen before.\n"
"  -h, --help           this text.\n"
"\n"
"Frames that carry no V2X message are counted (\"notV2x\" in the summary)\n"
"and skipped.  Exit status: 0 every message VALID, 1 some were not, 2\n"
"usage or I/O error.\n"
"\n"
"Examples:\n"
"  v2x verify --trust pki/ signed.hex\n"
"  v2x verify --trust pki/ --summary capture.pcapng\n"
"  v2x verify --pin 127cff384ce0b890 --at 2019-11-21T13:27:56Z cam.dat\n");
}

/* --- one message --------------------------------------------------------- */

static void
one(struct ver *v, enum reason pr, const char *where, size_t pos, uint64_t at)
{
	struct peel	*pe = &v->pe;
	struct sec_result res;
	const char	*type = NULL;

	if (pe->dot2 == NULL && pr == REASON_NOT_V2X) {
		audit_not_v2x(v->au);
		return;
	}
	memset(&res, 0, sizeof(res));
	if (pe->dot2 != NULL)
		sec_verify(v->sec, pe->dot2, at, &res);
	else if (pr != REASON_OK && pe->stage <= PEEL_SECURITY) {
		res.verdict = SEC_MALFORMED;
		res.reason = pr;
		snprintf(res.detail, sizeof(res.detail), "%.190s", pe->detail);
	} else {
		res.verdict = SEC_UNSIGNED;
		res.reason = REASON_OK;
		snprintf(res.detail, sizeof(res.detail), "no IEEE 1609.2 "
		    "layer");
		if (pe->has_psid) {
			res.has_psid = 1;
			res.psid = pe->psid;
		}
	}
	if (res.verdict == SEC_VALID)
		v->ok++;
	else
		v->bad++;
	if (v->summary) {
		audit_add(v->au, pe, &res, at);
		return;
	}
	if (pe->msg.type != NULL)
		type = msg_type_name(pe->msg.type);
	else if (pe->known_type != NULL)
		type = pe->known_type;
	buf_reset(&v->out);
	buf_addc(&v->out, '{');
	if (v->file != NULL) {
		buf_adds(&v->out, "\"file\":");
		jer_string(&v->out, v->file, strlen(v->file));
		buf_addc(&v->out, ',');
	}
	if (where != NULL)
		buf_addf(&v->out, "\"%s\":%zu,", where, pos);
	sec_result_json(&v->out, &res);
	if (type != NULL) {
		buf_adds(&v->out, ",\"type\":");
		jer_string(&v->out, type, strlen(type));
	}
	if (pe->dot2 != NULL && pr != REASON_OK) {
		buf_adds(&v->out, ",\"messageError\":\"");
		buf_adds(&v->out, reason_str(pr));
		buf_addc(&v->out, '"');
	}
	buf_adds(&v->out, "}\n");
	fwrite(v->out.p, 1, v->out.len, stdout);
}

/* The verification time of a message: --at, else a frame's capture time,
 * else now. */
static uint64_t
at_time(const struct ver *v, const struct input_msg *it)
{
	if (v->has_at)
		return v->at;
	if (it->ts != NULL && !v->at_now)
		return (uint64_t)tai_from_unix(it->ts->tv_sec) * 1000000 +
		    (uint64_t)it->ts->tv_usec;
	return sec_now();
}

static void
verify_item(struct ver *v, const struct input_msg *it)
{
	enum reason	 r;

	if (it->status != INPUT_OK) {
		print_error("BAD_HEX", "line is not hexadecimal", v->file,
		    it->where, it->pos);
		v->bad++;
		return;
	}
	if (it->fmt == INPUT_PCAP)
		r = peel_frame(&v->pe, it->dlt, it->p, it->n, 0);
	else
		r = peel_bytes(&v->pe, it->p, it->n, 0);
	one(v, r, it->where, it->pos, at_time(v, it));
}

/* One input file (NULL: stdin) of ctx (a struct ver), name in errors
 * when not NULL; -1 on an I/O error. */
static int
verify_file(void *ctx, const char *path, const char *name)
{
	struct input_opts o;
	struct input_msg it;
	struct input	*in;
	struct ver	*v = ctx;
	int		 rv;

	v->file = name;
	memset(&o, 0, sizeof(o));
	o.fmt = v->in;
	o.accept = VERIFY_INPUTS;
	if ((in = input_open(path, &o)) == NULL)
		return -1;
	while ((rv = input_next(in, &it)) == 1)
		verify_item(v, &it);
	input_free(in);
	return rv;
}

/* "now" or RFC 3339 into TAI microseconds. */
static int
parse_time(const char *s, uint64_t *us, int *now)
{
	*now = 0;
	if (strcmp(s, "now") == 0) {
		*now = 1;
		*us = sec_now();
		return 0;
	}
	return tai_parse(s, strlen(s), us);
}

static int
parse_window(const char *s, uint64_t *past, uint64_t *future)
{
	char	*end;
	double	 p, f;

	p = strtod(s, &end);
	if (end == s || p < 0 || p > 1e9)
		return -1;
	if (*end == ',') {
		s = end + 1;
		f = strtod(s, &end);
		if (end == s || f < 0 || f > 1e9)
			return -1;
		*future = (uint64_t)(f * 1e6);
	}
	if (*end != '\0')
		return -1;
	*past = (uint64_t)(p * 1e6);
	return 0;
}

/* One option into v (a struct ver); 0, or -1 with a message. */
static int
verify_opt(void *ctx, int ch, char *arg)
{
	struct ver	*v = ctx;
	char		*end;
	int		 now;

	switch (ch) {
	case 'T':
		v->trust = arg;
		return 0;
	case 'P':
		if (v->npins == MAXPINS) {
			log_warnx("verify: too many --pin");
			return -1;
		}
		v->pins[v->npins++] = arg;
		return 0;
	case 'A':
		if (parse_time(arg, &v->at, &now) == -1) {
			log_warnx("verify: --at %s: expected RFC 3339 "
			    "(2019-11-21T13:27:55Z) or now", arg);
			return -1;
		}
		v->at_now = now;
		v->has_at = !now;
		return 0;
	case 'W':
		if (parse_window(arg, &v->cfg.past_us, &v->cfg.future_us) ==
		    -1) {
			log_warnx("verify: --window %s: expected SECONDS or "
			    "PAST,FUTURE", arg);
			return -1;
		}
		return 0;
	case 'i':
		if (input_fmt_parse(arg, VERIFY_INPUTS, &v->in) == -1) {
			log_warnx("verify: -i %s: expected auto, hex, pcap or "
			    "raw", arg);
			return -1;
		}
		return 0;
	case 'S':
		v->summary = 1;
		return 0;
	case 'C':
		v->cfg.cert_cache = strtoul(arg, &end, 10);
		if (*end != '\0' || v->cfg.cert_cache == 0) {
			log_warnx("verify: --cache %s: expected a count", arg);
			return -1;
		}
		return 0;
	default:	/* 'R' */
		v->cfg.no_replay = 1;
		return 0;
	}
}

/* The verifier with the trust store and the pinned digests; 0 or -1. */
static int
verify_trust(struct ver *v)
{
	char		 err[512];
	uint8_t		 id[8];
	size_t		 k;

	if ((v->sec = sec_new(&v->cfg)) == NULL) {
		log_warnx("verify: out of memory");
		return -1;
	}
	if (v->trust != NULL && sec_store_load(v->sec, v->trust, err,
	    sizeof(err)) == -1) {
		log_warnx("verify: trust store: %s", err);
		return -1;
	}
	for (k = 0; k < v->npins; k++) {
		if (hex_decode(v->pins[k], strlen(v->pins[k]), id,
		    sizeof(id)) != 8) {
			log_warnx("verify: --pin %s: expected a HashedId8 (16 hex "
			    "digits)", v->pins[k]);
			return -1;
		}
		sec_pin_digest(v->sec, id);
	}
	return 0;
}

int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 'T' },
		{ "pin", required_argument, NULL, 'P' },
		{ "at", required_argument, NULL, 'A' },
		{ "window", required_argument, NULL, 'W' },
		{ "input", required_argument, NULL, 'i' },
		{ "summary", no_argument, NULL, 'S' },
		{ "cache", required_argument, NULL, 'C' },
		{ "no-replay", no_argument, NULL, 'R' },
		HELP_LONGOPTS
	};
	struct ver	 v;
	int		 rc, io_error;

	memset(&v, 0, sizeof(v));
	sec_config_default(&v.cfg);
	if ((rc = cli_getopt(argc, argv, "i:h", longopts, verify_usage,
	    verify_opt, &v)) != ARGS_OK)
		return rc;
	if (v.trust == NULL && v.npins == 0) {
		log_warnx("verify: --trust DIR (or --pin ID) is required: nothing "
		    "would verify");
		verify_usage(stderr);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (verify_trust(&v) == -1) {
		sec_free(v.sec);
		return EXIT_USAGE;
	}
	v.au = audit_new();
	buf_init(&v.out);
	peel_init(&v.pe);
	io_error = cli_files(argc, argv, verify_file, &v) == -1;
	if (v.summary)
		audit_print(v.au, v.sec, &v.out);
	fflush(stdout);
	peel_free(&v.pe);
	buf_free(&v.out);
	audit_free(v.au);
	sec_free(v.sec);
	if (io_error)
		return EXIT_USAGE;
	return v.bad > 0 ? EXIT_SOMEBAD : EXIT_ALLOK;
}
