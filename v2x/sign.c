/*
 * sign.c: 'v2x sign': IEEE 1609.2 signedData over each input message (hex
 * lines or UPER back to back), as Ieee1609Dot2Data, WSMP (IEEE 1609.3)
 * carrying it, or an ETSI TS 103 097 secured GeoNetworking packet (EN 302
 * 636-4-1: basic header, then the signed common header, SHB extended
 * header, BTP-B and message); hex lines or a pcap of Ethernet frames.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btp.h"
#include "gn.h"
#include "link.h"
#include "msg.h"
#include "sec.h"
#include "tai.h"
#include "wsmp.h"
#include "cli.h"
#include "input.h"

enum swrap { WRAP_NONE, WRAP_WSMP, WRAP_GN };

struct sgn {
	const char	*key, *cert;	/* --key, --cert */
	int		 has_psid;	/* --psid given */
	enum input_fmt	 in;		/* -i */
	struct sec_signer *signer;
	struct sec_sign_opts opts;
	enum swrap	 wrap;
	int		 pcap;
	int		 has_time;
	uint64_t	 time;		/* next generation time, TAI us */
	uint64_t	 interval;	/* us */
	uint64_t	 expiry;	/* us after generation, 0 none */
	int		 btp_port;	/* -1: from the ETSI message */
	uint8_t		 p2pcd[3 * 8];
	struct buf	 inner, sec, out, line;
	unsigned long	 ok, bad;
};

static void
sign_usage(FILE *f)
{
	fprintf(f,
"usage: v2x sign --key K.key --cert C.cert --psid P\n"
"                [--signer auto|cert|digest] [-i auto|hex|uper]\n"
"                [-o hex|pcap] [--wsmp | --gn]\n"
"                [--time TIME] [--interval MS] [--expiry SECONDS]\n"
"                [--location LAT,LON[,ELEV]] [--r x-only|compressed]\n"
"                [--request ID3[,ID3...]] [--btp-port N] [--any-psid] [FILE]\n"
"\n"
"Sign each input message (stdin when no FILE is given) with the key of an\n"
"authorization ticket and print one IEEE 1609.2 Ieee1609Dot2Data per\n"
"message, in hexadecimal, one per line: signedData with hashId sha256\n"
"(sha384 for a P-384 key), the message as unsecuredData in the payload,\n"
"a HeaderInfo with the PSID and generationTime (TAI microseconds, leap\n"
"seconds counted) and the optional expiryTime and generationLocation, the\n"
"signer (the certificate or its HashedId8) and the ECDSA signature over\n"
"Hash(Hash(ToBeSignedData) || Hash(certificate)) (IEEE 1609.2-2016 5.3.1).\n"
"'v2x verify' checks them.\n"
"\n"
"Options:\n"
"      --key FILE       PEM private key (refused when group or others may\n"
"                       read it: chmod 600).\n"
"      --cert FILE      its certificate (COER), as 'v2x cert issue' writes.\n"
"      --psid P         the PSID / ITS-AID (decimal or 0x hex): 32 BSM, 36\n"
"                       CAM, 37 DENM, 0x8002 SPAT/MAP, ...  It must be in\n"
"                       the certificate's appPermissions (--any-psid signs\n"
"                       anyway, for tests of verifiers).\n"
"      --signer MODE    auto (default): for CAM (36) and BSM (32) the\n"
"                       HashedId8 digest, with the whole certificate at\n"
"                       most once a second (ETSI TS 103 097 7.1.1), and\n"
"                       for every other PSID (DENM...) the certificate;\n"
"                       cert: always the certificate; digest: always the\n"
"                       digest (the receiver must have seen the\n"
"                       certificate before).\n"
"  -i, --input FORMAT   hex: one message per line; uper: binary messages\n"
"                       back to back (UPER J2735 MessageFrames or ETSI\n"
"                       messages); auto (default): hex if the input is hex\n"
"                       text.\n"
"  -o, --output FORMAT  hex (default): one line per message; pcap: a pcap\n"
"                       of Ethernet II frames to stdout (ethertype 0x88DC\n"
"                       WSMP, or 0x8947 with --gn; WSMP is implied without\n"
"                       --gn), time stamped with the generation times.\n"
"      --wsmp           put the signed data in a WSMP packet (IEEE 1609.3,\n"
"                       version 3, the PSID in its header).\n"
"      --gn             an ETSI TS 103 097 secured GeoNetworking packet:\n"
"                       basic header (next header 'secured'), and signed:\n"
"                       common header, single-hop broadcast header (source\n"
"                       position from --location, station type 15), BTP-B\n"
"                       to the port of the ETSI message (CAM 2001, DENM\n"
"                       2002, MAPEM 2003, SPATEM 2004, IVIM 2006, ...) and\n"
"                       the message.\n"
"      --time TIME      generation time of the first message, RFC 3339 or\n"
"                       now; the next ones follow at --interval.  Default:\n"
"                       the clock when each message is signed.\n"
"      --interval MS    between generation times with --time (default 100).\n"
"      --expiry SECONDS expiryTime this long after the generation time.\n"
"      --location LAT,LON[,ELEV]  generationLocation in degrees (and\n"
"                       metres); DENMs should have one.\n"
"      --r FORM         the signature's R: x-only (default) or compressed.\n"
"      --request ID3,.. inlineP2pcdRequest: HashedId3s (6 hex digits) of\n"
"                       certificates this station asks its peers for.\n"
"      --btp-port N     with --gn: the BTP destination port.\n"
"  -h, --help           this text.\n"
"\n"
"Exit status: 0 all signed, 1 some messages failed, 2 usage or I/O error.\n"
"\n"
"Examples:\n"
"  v2x cert root -o pki/root && v2x cert issue --ca pki/root --kind aa \\\n"
"      -o pki/aa && v2x cert issue --ca pki/aa --kind at --psid 32 -o at\n"
"  v2x random -t MessageFrame -n 10 | v2x sign --key at.key --cert at.cert \\\n"
"      --psid 32 | v2x verify --trust pki\n"
"  v2x random --family etsi -t CAM | v2x sign --key at.key --cert at.cert \\\n"
"      --psid 36 --gn -o pcap > cam.pcap\n");
}

/* --- pcap output --------------------------------------------------------- */

static void
put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);	/* native order: the magic tells readers */
}

static void
pcap_header(void)
{
	uint8_t	 h[24];
	uint16_t v;

	put32(h, 0xa1b2c3d4);
	v = 2;
	memcpy(h + 4, &v, 2);
	v = 4;
	memcpy(h + 6, &v, 2);
	put32(h + 8, 0);
	put32(h + 12, 0);
	put32(h + 16, 65535);
	put32(h + 20, LINK_EN10MB);
	fwrite(h, 1, sizeof(h), stdout);
}

static void
pcap_record(uint64_t tai_us, const void *p, size_t n)
{
	uint8_t	 h[16];
	int64_t	 t = tai_to_unix((int64_t)(tai_us / 1000000), NULL);

	put32(h, (uint32_t)t);
	put32(h + 4, (uint32_t)(tai_us % 1000000));
	put32(h + 8, (uint32_t)n);
	put32(h + 12, (uint32_t)n);
	fwrite(h, 1, sizeof(h), stdout);
	fwrite(p, 1, n, stdout);
}

/* --- one message --------------------------------------------------------- */

/* BTP port of an ETSI message by its ItsPduHeader messageID (octet 1). */
static int
etsi_port(const uint8_t *p, size_t n)
{
	const struct btp_port *bp;
	unsigned	 port;

	if (n < 6)
		return -1;
	for (port = BTP_PORT_CAM; port <= BTP_PORT_IMZM; port++)
		if ((bp = btp_port_find((uint16_t)port)) != NULL &&
		    bp->msgid == p[1])
			return (int)port;
	return -1;
}

/* The part of a secured GeoNetworking packet that is signed (common
 * header, SHB header, BTP-B, message) into s->inner, and the packet's
 * headers into g; 0 or -1 with a message. */
static int
gn_signed_part(struct sgn *s, const struct sec_sign_opts *o,
    struct gn_packet *g, const uint8_t *msg, size_t n,
    const struct input_msg *it)
{
	const uint8_t	*id = sec_signer_id(s->signer);
	struct btp_hdr	 bh;
	int		 port;

	if ((port = s->btp_port) < 0 && (port = etsi_port(msg, n)) < 0) {
		log_warnx("%s %zu: not an ETSI message with a known BTP "
		    "port: give --btp-port", it->where, it->pos);
		return -1;
	}
	memset(g, 0, sizeof(*g));
	g->version = GN_VERSION;
	g->bh_nh = GN_BH_SECURED;
	gn_lifetime_set(g, 1000);
	g->rhl = 1;
	g->has_common = 1;
	g->nh = GN_NH_BTP_B;
	g->ht = GN_HT_TSB;
	g->hst = GN_HST_SHB;
	g->pl = (uint16_t)(BTP_HDR_LEN + n);
	g->mhl = 1;
	g->so.addr.station_type = 15;	/* roadSideUnit */
	memcpy(g->so.addr.mid, id + 2, 6);
	g->so.tst = (uint32_t)((o->generation_time / 1000) & 0xffffffffU);
	if (o->has_location) {
		g->so.lat = o->location.lat;
		g->so.lon = o->location.lon;
	}
	memset(&bh, 0, sizeof(bh));
	bh.type = BTP_B;
	bh.dst_port = (uint16_t)port;
	if (n > 65535 - BTP_HDR_LEN || gn_build_inner(&s->inner, g) == -1 ||
	    btp_build(&s->inner, &bh) == -1) {
		log_warnx("%s %zu: cannot build the GeoNetworking packet",
		    it->where, it->pos);
		return -1;
	}
	buf_add(&s->inner, msg, n);
	return 0;
}

/* The signed data s->sec in its envelope, into s->out; 0 or -1. */
static int
envelope(struct sgn *s, const struct sec_sign_opts *o, struct gn_packet *g,
    const struct input_msg *it)
{
	struct wsmp_hdr	 w;

	if (s->wrap == WRAP_GN) {
		g->secured = (const uint8_t *)s->sec.p;
		g->secured_len = s->sec.len;
		gn_build(&s->out, g);
	} else if (s->wrap == WRAP_WSMP) {
		wsmp_init(&w, (uint32_t)o->psid);
		w.payload = (const uint8_t *)s->sec.p;
		w.payload_len = s->sec.len;
		if (o->psid > WSMP_PSID_MAX || wsmp_build(&s->out, &w) == -1) {
			log_warnx("%s %zu: cannot build the WSMP packet",
			    it->where, it->pos);
			return -1;
		}
	} else
		buf_add(&s->out, s->sec.p, s->sec.len);
	if (s->out.oom) {
		log_warnx("out of memory");
		return -1;
	}
	return 0;
}

/* s->out as a hex line, or an Ethernet frame in the pcap output. */
static void
emit(struct sgn *s, uint64_t gen)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t		 src[6];

	buf_reset(&s->line);
	if (s->pcap) {
		memcpy(src, sec_signer_id(s->signer) + 2, 6);
		src[0] = (uint8_t)((src[0] & 0xfe) | 0x02);	/* local */
		link_ether_build(&s->line, src, bcast, s->wrap == WRAP_GN ?
		    LINK_ET_GN : LINK_ET_WSMP, (uint8_t *)s->out.p,
		    s->out.len);
		pcap_record(gen, s->line.p, s->line.len);
	} else {
		buf_addhex(&s->line, (uint8_t *)s->out.p, s->out.len);
		buf_addc(&s->line, '\n');
		fwrite(s->line.p, 1, s->line.len, stdout);
	}
}

static int
sign_one(struct sgn *s, const uint8_t *msg, size_t n,
    const struct input_msg *it)
{
	struct sec_sign_opts o = s->opts;
	struct gn_packet g;
	char		 err[256];
	uint64_t	 gen;

	gen = s->has_time ? s->time : sec_now();
	if (s->has_time)
		s->time += s->interval;
	o.generation_time = gen;
	if (s->expiry) {
		o.has_expiry_time = 1;
		o.expiry_time = gen + s->expiry;
	}
	buf_reset(&s->inner);
	buf_reset(&s->sec);
	buf_reset(&s->out);
	if (s->wrap == WRAP_GN) {
		if (gn_signed_part(s, &o, &g, msg, n, it) == -1)
			return -1;
		msg = (const uint8_t *)s->inner.p;
		n = s->inner.len;
	}
	if (sec_sign(s->signer, &o, msg, n, &s->sec, err, sizeof(err)) !=
	    REASON_OK) {
		log_warnx("%s %zu: %s", it->where, it->pos, err);
		return -1;
	}
	if (envelope(s, &o, &g, it) == -1)
		return -1;
	emit(s, gen);
	return 0;
}

static void
sign_item(struct sgn *s, const struct input_msg *it)
{
	if (it->status == INPUT_NO_END) {	/* the last one */
		log_warnx("offset %zu: %s: cannot find where the message "
		    "ends", it->pos, it->detail);
		s->bad++;
	} else if (it->status == INPUT_NOT_HEX ||
	    (it->fmt == INPUT_HEX && it->n == 0)) {
		log_warnx("line %zu: not hexadecimal", it->pos);
		s->bad++;
	} else if (sign_one(s, it->p, it->n, it) == 0)
		s->ok++;
	else
		s->bad++;
}

/* --- options ------------------------------------------------------------- */

static int
parse_u64(const char *s, uint64_t *v)
{
	char	*end;

	if (*s == '-' || *s == '\0')
		return -1;
	*v = strtoull(s, &end, 0);
	return *end == '\0' ? 0 : -1;
}

static int
parse_location(const char *s, struct dot2_3d *loc)
{
	double	 lat, lon, elev = NAN;
	char	*end;

	lat = strtod(s, &end);
	if (end == s || *end != ',')
		return -1;
	s = end + 1;
	lon = strtod(s, &end);
	if (end == s || (*end != ',' && *end != '\0'))
		return -1;
	if (*end == ',') {
		s = end + 1;
		elev = strtod(s, &end);
		if (end == s || *end != '\0')
			return -1;
	}
	if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
		return -1;
	loc->lat = (int32_t)lround(lat * 1e7);
	loc->lon = (int32_t)lround(lon * 1e7);
	/* Elevation: decimetres above -409.5 m; 61439 says unavailable */
	if (isnan(elev))
		loc->elevation = 61439;
	else if (elev < -409.5 || elev > 6143.9)
		return -1;
	else
		loc->elevation = (uint16_t)lround((elev + 409.5) * 10);
	return 0;
}

/* --request ID3,...: the HashedId3s of inlineP2pcdRequest; 0 or -1. */
static int
parse_request(const char *arg, struct sgn *s)
{
	const char	*p, *comma;
	size_t		 l;

	for (p = arg; *p != '\0' && s->opts.n_p2pcd < 8; s->opts.n_p2pcd++) {
		comma = strchr(p, ',');
		l = comma ? (size_t)(comma - p) : strlen(p);
		if (hex_decode(p, l, s->p2pcd + 3 * s->opts.n_p2pcd, 3) != 3)
			return -1;
		p += l + (comma != NULL);
	}
	s->opts.p2pcd = s->p2pcd;
	return 0;
}

/* Seconds or milliseconds (scale: microseconds in one) up to 1e9; a zero
 * only when zero_ok.  0 or -1. */
static int
parse_duration(const char *arg, double scale, int zero_ok, uint64_t *us)
{
	char	*end;
	double	 d;

	d = strtod(arg, &end);
	if (end == arg || *end != '\0' || d < 0 || (d == 0 && !zero_ok) ||
	    d > 1e9)
		return -1;
	*us = (uint64_t)(d * scale);
	return 0;
}

/* What goes into the 1609.2 header: time, expiry, location, r, P2PCD;
 * 0, or -1 with a message. */
static int
header_opt(struct sgn *s, int ch, const char *arg)
{
	switch (ch) {
	case 'T':
		if (strcmp(arg, "now") == 0)
			s->time = sec_now();
		else if (tai_parse(arg, strlen(arg), &s->time) == -1) {
			log_warnx("sign: --time %s: expected RFC 3339 or now",
			    arg);
			return -1;
		}
		s->has_time = 1;
		return 0;
	case 'I':
		if (parse_duration(arg, 1000, 1, &s->interval) == -1) {
			log_warnx("sign: --interval %s: milliseconds", arg);
			return -1;
		}
		return 0;
	case 'E':
		if (parse_duration(arg, 1e6, 0, &s->expiry) == -1) {
			log_warnx("sign: --expiry %s: seconds", arg);
			return -1;
		}
		return 0;
	case 'L':
		if (parse_location(arg, &s->opts.location) == -1) {
			log_warnx("sign: --location %s: expected LAT,LON or "
			    "LAT,LON,ELEV in degrees and metres", arg);
			return -1;
		}
		s->opts.has_location = 1;
		return 0;
	case 'R':
		if (strcmp(arg, "x-only") == 0)
			s->opts.r_form = SEC_R_X_ONLY;
		else if (strcmp(arg, "compressed") == 0)
			s->opts.r_form = SEC_R_COMPRESSED;
		else {
			log_warnx("sign: --r %s: expected x-only or compressed",
			    arg);
			return -1;
		}
		return 0;
	default:	/* 'Q' */
		if (parse_request(arg, s) == -1) {
			log_warnx("sign: --request %s: expected HashedId3s (6 "
			    "hex digits)", arg);
			return -1;
		}
		return 0;
	}
}

/* The signer, the input and the envelope; 0, or -1 with a message. */
static int
signer_opt(struct sgn *s, int ch, const char *arg)
{
	uint64_t	 v;

	switch (ch) {
	case 'K':
		s->key = arg;
		return 0;
	case 'C':
		s->cert = arg;
		return 0;
	case 'P':
		if (parse_u64(arg, &s->opts.psid) == -1) {
			log_warnx("sign: --psid %s: expected a number", arg);
			return -1;
		}
		s->has_psid = 1;
		return 0;
	case 'S':
		if (sec_signer_mode_parse(arg, &s->opts.mode) == -1) {
			log_warnx("sign: --signer %s: expected auto, cert or "
			    "digest", arg);
			return -1;
		}
		return 0;
	case 'i':
		if (input_fmt_parse(arg, INPUT_ACCEPTS(INPUT_HEX) |
		    INPUT_ACCEPTS(INPUT_UPER), &s->in) == -1) {
			log_warnx("sign: -i %s: expected auto, hex or uper", arg);
			return -1;
		}
		return 0;
	case 'o':
		if (strcmp(arg, "hex") == 0)
			s->pcap = 0;
		else if (strcmp(arg, "pcap") == 0)
			s->pcap = 1;
		else {
			log_warnx("sign: -o %s: expected hex or pcap", arg);
			return -1;
		}
		return 0;
	case 'B':
		if (parse_u64(arg, &v) == -1 || v > 65535) {
			log_warnx("sign: --btp-port %s: a port", arg);
			return -1;
		}
		s->btp_port = (int)v;
		return 0;
	default:
		return header_opt(s, ch, arg);
	}
}

/* One option into s (a struct sgn); 0, or -1 with a message. */
static int
sign_opt(void *ctx, int ch, char *arg)
{
	struct sgn	*s = ctx;

	switch (ch) {
	case 'W':
		s->wrap = WRAP_WSMP;
		return 0;
	case 'G':
		s->wrap = WRAP_GN;
		return 0;
	case 'A':
		s->opts.any_psid = 1;
		return 0;
	default:
		return signer_opt(s, ch, arg);
	}
}

/* The checks after the options; ARGS_OK, or the exit status. */
static int
sign_check(struct sgn *s, int operands)
{
	if (s->key == NULL || s->cert == NULL || !s->has_psid ||
	    operands > 1) {
		log_warnx("sign: --key, --cert and --psid are required, and at "
		    "most one FILE");
		sign_usage(stderr);
		return EXIT_USAGE;
	}
	if (s->pcap && s->wrap == WRAP_NONE)
		s->wrap = WRAP_WSMP;
	return ARGS_OK;
}

/* Sign every message of path (NULL: stdin); -1 on an I/O error. */
static int
sign_file(struct sgn *s, const char *path)
{
	struct input_opts o;
	struct input_msg it;
	struct input	*in;
	int		 rv;

	memset(&o, 0, sizeof(o));
	o.fmt = s->in;
	o.accept = INPUT_ACCEPTS(INPUT_HEX) | INPUT_ACCEPTS(INPUT_UPER);
	o.family = FAMILY_ANY;
	if ((in = input_open(path, &o)) == NULL)
		return -1;
	if (s->pcap)
		pcap_header();
	while ((rv = input_next(in, &it)) == 1)
		sign_item(s, &it);
	input_free(in);
	return rv;
}

int
cmd_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key", required_argument, NULL, 'K' },
		{ "cert", required_argument, NULL, 'C' },
		{ "psid", required_argument, NULL, 'P' },
		{ "signer", required_argument, NULL, 'S' },
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "wsmp", no_argument, NULL, 'W' },
		{ "gn", no_argument, NULL, 'G' },
		{ "time", required_argument, NULL, 'T' },
		{ "interval", required_argument, NULL, 'I' },
		{ "expiry", required_argument, NULL, 'E' },
		{ "location", required_argument, NULL, 'L' },
		{ "r", required_argument, NULL, 'R' },
		{ "request", required_argument, NULL, 'Q' },
		{ "btp-port", required_argument, NULL, 'B' },
		{ "any-psid", no_argument, NULL, 'A' },
		HELP_LONGOPTS
	};
	struct sgn	 s;
	char		 err[512];
	int		 rc;

	memset(&s, 0, sizeof(s));
	s.interval = 100000;
	s.btp_port = -1;
	sec_sign_opts_init(&s.opts, 0);
	if ((rc = cli_getopt(argc, argv, "i:o:h", longopts, sign_usage,
	    sign_opt, &s)) != ARGS_OK ||
	    (rc = sign_check(&s, argc - optind)) != ARGS_OK)
		return rc;
	if (sec_signer_load(&s.signer, s.key, s.cert, err, sizeof(err)) !=
	    REASON_OK) {
		log_warnx("sign: %s", err);
		return EXIT_USAGE;
	}
	buf_init(&s.inner);
	buf_init(&s.sec);
	buf_init(&s.out);
	buf_init(&s.line);
	if (sign_file(&s, optind < argc ? argv[optind] : NULL) == -1)
		rc = EXIT_USAGE;
	else
		rc = fflush(stdout) == 0 ? EXIT_ALLOK : EXIT_USAGE;
	sec_signer_free(s.signer);
	buf_free(&s.inner);
	buf_free(&s.sec);
	buf_free(&s.out);
	buf_free(&s.line);
	if (rc == EXIT_ALLOK && s.bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
