/*
 * encode.c: 'v2x encode': JSON lines (decode's own output, or bare JER
 * values of -t TYPE) or XER documents to UPER, in hex lines or binary.
 */
#include <sys/time.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "jer.h"
#include "msg.h"
#include "xer.h"
#include "cli.h"
#include "wrap.h"

struct enc {
	struct asn_TYPE_descriptor_s *type;	/* -t, or NULL */
	enum msg_family		 family;
	int			 xer;		/* -i xer */
	int			 binary;	/* -o uper */
	struct wrap_opts	 wrap;		/* --wsmp, --gn, --link */
	pcap_t			*pd;		/* -o pcap */
	pcap_dumper_t		*dump;
	struct buf		 frame;
	const char		*tname;		/* -t */
	int			 pcap_out;	/* -o pcap */
	const char		*pcapfile;	/* -w, -o pcap:FILE */
	const char		*file;		/* named in errors when > 1 */
	struct buf		 in;
	struct buf		 out;
	unsigned long		 bad;
};

static void
encode_usage(FILE *f)
{
	fprintf(f,
"usage: v2x encode [-t TYPE] [--family j2735|etsi] [-i json|xer]\n"
"                  [-o hex|uper|pcap -w OUT.pcap] [--wsmp PSID [--channel N]\n"
"                  [--dot2-unsecured]] [--gn shb|gbc [--pos LAT,LON]\n"
"                  [--radius M]] [--link ether|80211] [FILE...]\n"
"\n"
"Encode V2X messages given as JSON, one object per line (stdin when no FILE\n"
"is given), or as XER documents, into UPER: the inverse of 'v2x decode'.\n"
"A JSON line is either what 'v2x decode' prints (its \"pdu\" names the type;\n"
"\"family\", \"type\" and \"trailing\" are read or ignored), or the bare JER\n"
"value of TYPE (-t), by default a MessageFrame.  Open types (MessageFrame\n"
"value, regional extensions, BSM Part II) are given as the JSON of their\n"
"value, or as hex.  Every constraint is checked before encoding.\n"
"\n"
"Options:\n"
"  -t, --type TYPE      the type of bare values (default MessageFrame); with\n"
"                       -i xer, the root element must name it.\n"
"      --family FAMILY  j2735 (default) or etsi.\n"
"  -i, --input FORMAT   json (default), or xer: XER documents as 'v2x decode\n"
"                       -o xer' or asn1c-based tools print them, one after\n"
"                       the other (each may start with an XML declaration;\n"
"                       a document ends with its root element, whose name\n"
"                       is the PDU's type, e.g. <MessageFrame>).  Open types\n"
"                       are given decoded inside an element named after\n"
"                       their type (<value><SPAT>...</SPAT></value>), or as\n"
"                       hex.  Lines outside documents that are not markup\n"
"                       (such as decode's error objects) fail one by one.\n"
"  -o, --output FORMAT  hex (default): one line of hex per message;\n"
"                       uper: the encodings back to back, binary;\n"
"                       pcap: frames in a capture file (-w OUT, or\n"
"                       -o pcap:OUT), Ethernet unless --link 80211.\n"
"  -w FILE              the capture file of -o pcap.\n"
"\n"
"Envelopes (for sending, or to build test captures):\n"
"      --wsmp PSID      a WSMP (IEEE 1609.3) packet with this PSID (hex\n"
"                       0x20 or decimal), with the channel number element\n"
"                       (--channel, default 172; -1 leaves it out).\n"
"      --dot2-unsecured inside WSMP, an IEEE 1609.2 unsecuredData first.\n"
"      --gn shb|gbc     GeoNetworking single-hop broadcast or geo-broadcast\n"
"                       (a circle of --radius metres, default 1000, around\n"
"                       --pos) with BTP-B to the message type's port (CAM\n"
"                       2001, DENM 2002, ...); source position --pos LAT,LON\n"
"                       in degrees (default 0,0).\n"
"      --link ether|80211  an Ethernet frame, or an 802.11 OCB QoS-data frame\n"
"                       with radiotap and LLC/SNAP (channel 180, 5.9 GHz).\n"
"  -h, --help           this text.\n");
	print_types_help(f);
	fprintf(f,
"A message that fails prints {\"error\": REASON, \"detail\": ..., \"line\": N}\n"
"(the line where its JSON line or XER document starts; to stderr with\n"
"-o uper) and encoding goes on.  Exit status: 0 all encoded, 1 some failed,\n"
"2 usage or I/O error.\n"
"\n"
"Examples:\n"
"  v2x decode msgs.hex | v2x encode     # gives msgs.hex back\n"
"  v2x decode -o xer msgs.hex | v2x encode -i xer\n"
"  v2x encode --wsmp 0x20 --dot2-unsecured -o pcap -w bsm.pcap bsm.json\n"
"  v2x encode -t CAM --gn shb --link 80211 -o pcap -w cam.pcap cam.json\n");
}

/* Encode one message given as text p[0..n), starting on line lineno. */
static void
encode_one(struct enc *e, const char *p, size_t n, size_t lineno)
{
	struct msg	 m;
	struct buf	 h;
	char		 err[256], tname[64];
	enum reason	 r;

	if (e->xer)
		r = xer_read_msg(&m, e->family, e->type, p, n, err,
		    sizeof(err));
	else
		r = jer_read_msg(&m, e->family, e->type, p, n, err,
		    sizeof(err));
	tname[0] = '\0';
	if (r == REASON_OK) {
		buf_reset(&e->out);
		r = msg_encode(&m, &e->out, err, sizeof(err));
		snprintf(tname, sizeof(tname), "%s", msg_type_name(m.type));
		msg_clear(&m);
	}
	if (r != REASON_OK) {
		if (e->binary) {
			fflush(stdout);
			log_warnx("%s%sline %zu: %s: %s", e->file ? e->file : "",
			    e->file ? ": " : "", lineno, reason_str(r), err);
		} else
			print_error(reason_str(r), err, e->file, "line",
			    lineno);
		e->bad++;
		return;
	}
	if (e->wrap.net != WRAP_NONE || e->wrap.link != WRAP_NOLINK ||
	    e->dump != NULL) {
		buf_reset(&e->frame);
		if (wrap(&e->wrap, tname, (uint8_t *)e->out.p,
		    e->out.len, &e->frame, err, sizeof(err)) == -1) {
			log_warnx("%s%sline %zu: %s", e->file ? e->file : "",
			    e->file ? ": " : "", lineno, err);
			e->bad++;
			return;
		}
		buf_reset(&e->out);
		buf_add(&e->out, e->frame.p, e->frame.len);
	}
	if (e->dump != NULL) {
		struct pcap_pkthdr ph;

		gettimeofday(&ph.ts, NULL);
		ph.caplen = ph.len = (bpf_u_int32)e->out.len;
		pcap_dump((u_char *)e->dump, &ph, (u_char *)e->out.p);
		return;
	}
	if (e->binary) {
		fwrite(e->out.p, 1, e->out.len, stdout);
		return;
	}
	buf_init(&h);
	buf_addhex(&h, (uint8_t *)e->out.p, e->out.len);
	buf_addc(&h, '\n');
	fwrite(h.p, 1, h.len, stdout);
	buf_free(&h);
}

static void
encode_json(struct enc *e, char *text, size_t len)
{
	char	*line, *end = text + len, *nl;
	size_t	 lineno = 0, n;

	for (line = text; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - line);
		while (n > 0 && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		if (n == 0 || *line == '#')
			continue;
		encode_one(e, line, n, lineno);
	}
}

static size_t
count_lines(const char *p, size_t n)
{
	const char	*end = p + n;
	size_t		 k = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

static void
encode_xer(struct enc *e, const char *text, size_t len)
{
	size_t	 off = 0, s, t, lineno = 1;

	while (off < len && xer_next(text + off, len - off, &s, &t)) {
		lineno += count_lines(text + off, s);
		encode_one(e, text + off + s, t - s, lineno);
		lineno += count_lines(text + off + s, t - s);
		off += t;
	}
}

/* --wsmp, --channel, --dot2-unsecured, --gn, --pos, --radius, --link into
 * w; 0, or -1 with a message. */
static int
wrap_opt(struct wrap_opts *w, int ch, const char *arg)
{
	char		*end;
	unsigned long	 v;

	switch (ch) {
	case 'W':
		v = strtoul(arg, &end, 0);
		if (*arg == '\0' || *end != '\0' || v > 0x1020407fUL) {
			log_warnx("encode: --wsmp %s: a PSID, e.g. 0x20", arg);
			return -1;
		}
		w->net = WRAP_WSMP;
		w->psid = (uint32_t)v;
		return 0;
	case 'C':
		w->channel = (int)strtol(arg, &end, 10);
		if (*end != '\0' || w->channel < -1 || w->channel > 255) {
			log_warnx("encode: --channel %s: 0..255, or -1", arg);
			return -1;
		}
		return 0;
	case 'U':
		w->dot2 = 1;
		return 0;
	case 'G':
		if (strcmp(arg, "shb") == 0)
			w->net = WRAP_GN_SHB;
		else if (strcmp(arg, "gbc") == 0)
			w->net = WRAP_GN_GBC;
		else {
			log_warnx("encode: --gn %s: expected shb or gbc", arg);
			return -1;
		}
		return 0;
	case 'P':
		if (sscanf(arg, "%lf,%lf", &w->lat, &w->lon) != 2 ||
		    w->lat < -90 || w->lat > 90 || w->lon < -180 ||
		    w->lon > 180) {
			log_warnx("encode: --pos %s: LAT,LON in degrees", arg);
			return -1;
		}
		return 0;
	case 'R':
		v = strtoul(arg, &end, 10);
		if (*end != '\0' || v == 0 || v > 65535) {
			log_warnx("encode: --radius %s: 1..65535 metres", arg);
			return -1;
		}
		w->radius = (unsigned)v;
		return 0;
	default:	/* 'K' */
		if (strcmp(arg, "ether") == 0)
			w->link = WRAP_ETHER;
		else if (strcmp(arg, "80211") == 0)
			w->link = WRAP_80211;
		else {
			log_warnx("encode: --link %s: expected ether or 80211",
			    arg);
			return -1;
		}
		return 0;
	}
}

/* One option into e (a struct enc); 0, or -1 with a message. */
static int
encode_opt(void *ctx, int ch, char *arg)
{
	struct enc	*e = ctx;

	switch (ch) {
	case 'i':
		return cli_xer("encode", "-i", arg, &e->xer);
	case 'o':
		if (strcmp(arg, "hex") == 0)
			e->binary = 0;
		else if (strcmp(arg, "uper") == 0)
			e->binary = 1;
		else if (strcmp(arg, "pcap") == 0)
			e->pcap_out = 1;
		else if (strncmp(arg, "pcap:", 5) == 0) {
			e->pcap_out = 1;
			e->pcapfile = arg + 5;
		} else {
			log_warnx("encode: -o %s: expected hex, uper or pcap",
			    arg);
			return -1;
		}
		return 0;
	case 'w':
		e->pcapfile = arg;
		return 0;
	case 't':
		e->tname = arg;
		return 0;
	case 'F':
		return cli_family("encode", arg, &e->family);
	default:
		return wrap_opt(&e->wrap, ch, arg);
	}
}

/* The checks after the options; ARGS_OK, or the exit status. */
static int
encode_check(struct enc *e)
{
	if (e->tname != NULL &&
	    (e->type = cli_type("encode", e->tname, &e->family)) == NULL)
		return EXIT_USAGE;
	if (e->wrap.dot2 && e->wrap.net != WRAP_WSMP) {
		log_warnx("encode: --dot2-unsecured goes with --wsmp");
		return EXIT_USAGE;
	}
	return ARGS_OK;
}

/* One input file (NULL: stdin) of ctx (a struct enc), name in errors
 * when not NULL; -1 when it cannot be read. */
static int
encode_file(void *ctx, const char *path, const char *name)
{
	struct enc	*e = ctx;

	e->file = name;
	if (read_file(path, &e->in) == -1)
		return -1;
	if (e->xer)
		encode_xer(e, e->in.p, e->in.len);
	else
		encode_json(e, e->in.p, e->in.len);
	return 0;
}

/* -o pcap: the capture file, after the checks; 0, or -1 with a message. */
static int
open_dump(struct enc *e)
{
	if (e->pcapfile == NULL) {
		log_warnx("encode: -o pcap needs -w FILE");
		return -1;
	}
	if (e->wrap.net == WRAP_NONE) {
		log_warnx("encode: -o pcap needs --wsmp or --gn: a frame "
		    "carries a packet");
		return -1;
	}
	if (e->wrap.link == WRAP_NOLINK)
		e->wrap.link = WRAP_ETHER;
	if ((e->pd = pcap_open_dead(wrap_dlt(&e->wrap), 65535)) == NULL ||
	    (e->dump = pcap_dump_open(e->pd, e->pcapfile)) == NULL) {
		log_warnx("encode: %s: %s", e->pcapfile,
		    e->pd ? pcap_geterr(e->pd) : "cannot open");
		return -1;
	}
	return 0;
}

int
cmd_encode(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		TYPE_LONGOPTS,
		{ "wsmp", required_argument, NULL, 'W' },
		{ "channel", required_argument, NULL, 'C' },
		{ "dot2-unsecured", no_argument, NULL, 'U' },
		{ "gn", required_argument, NULL, 'G' },
		{ "pos", required_argument, NULL, 'P' },
		{ "radius", required_argument, NULL, 'R' },
		{ "link", required_argument, NULL, 'K' },
		HELP_LONGOPTS
	};
	struct enc	 e;
	int		 rc;

	memset(&e, 0, sizeof(e));
	e.family = FAMILY_J2735;
	wrap_init(&e.wrap);
	if ((rc = cli_getopt(argc, argv, "i:o:t:w:h", longopts, encode_usage,
	    encode_opt, &e)) != ARGS_OK || (rc = encode_check(&e)) != ARGS_OK)
		return rc;
	argc -= optind;
	argv += optind;
	if (e.pcap_out && open_dump(&e) == -1) {
		if (e.pd != NULL)
			pcap_close(e.pd);
		return EXIT_USAGE;
	}
	rc = EXIT_ALLOK;
	buf_init(&e.in);
	buf_init(&e.out);
	buf_init(&e.frame);
	if (cli_files(argc, argv, encode_file, &e) == -1)
		rc = EXIT_USAGE;
	fflush(stdout);
	if (e.dump != NULL)
		pcap_dump_close(e.dump);
	if (e.pd != NULL)
		pcap_close(e.pd);
	buf_free(&e.in);
	buf_free(&e.out);
	buf_free(&e.frame);
	if (rc == EXIT_ALLOK && e.bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
