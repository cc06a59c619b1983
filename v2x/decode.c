/*
 * decode.c: 'v2x decode': V2X messages from hex lines, binary UPER back to
 * back, or captures (pcap, pcapng), peeled of their envelopes (peel.h) and
 * printed as one JSON object or one XER document per message, as DESIGN.md
 * describes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jer.h"
#include "msg.h"
#include "peel.h"
#include "wydot.h"
#include "xer.h"
#include "cli.h"
#include "input.h"

#define NCOUNT	64
#define DECODE_INPUTS	(INPUT_ACCEPTS(INPUT_HEX) | \
			 INPUT_ACCEPTS(INPUT_UPER) | INPUT_ACCEPTS(INPUT_PCAP))

struct count {
	char		 name[64];
	unsigned long	 n;
};

struct dec {
	enum input_fmt		 in;		/* -i */
	int			 wydot;		/* -i wydot */
	const char		*tname;		/* -t */
	int			 xer;		/* -o xer */
	int			 summary;	/* --summary */
	int			 raw;		/* --raw */
	unsigned		 flags;		/* PEEL_LENIENT */
	enum msg_family		 family;
	struct asn_TYPE_descriptor_s *type;	/* -t: bare values of it */
	const char		*file;		/* named in errors when > 1 */
	struct buf		 out;
	struct peel		 pe;
	unsigned long		 ok, bad, known, skipped;
	struct count		 stacks[NCOUNT], types[NCOUNT], reasons[NCOUNT];
};

static void
count(struct count *c, const char *name)
{
	int	 i;

	for (i = 0; i < NCOUNT - 1 && c[i].name[0] != '\0'; i++)
		if (strcmp(c[i].name, name) == 0)
			break;
	if (c[i].name[0] == '\0')
		snprintf(c[i].name, sizeof(c[i].name), "%s", name);
	c[i].n++;
}

/* "ethernet/gn/btp" from the layers JSON of a peel. */
static void
stack_of(struct peel *pe, char *out, size_t len)
{
	const char	*p = buf_cstr(&pe->layers), *q;
	size_t		 o = 0;

	out[0] = '\0';
	while ((p = strstr(p, "\"layer\":\"")) != NULL) {
		p += 9;
		if ((q = strchr(p, '"')) == NULL)
			break;
		o += (size_t)snprintf(out + o, len > o ? len - o : 0, "%s%.*s",
		    o ? "/" : "", (int)(q - p), p);
		if (o >= len)
			break;
		p = q;
	}
	if (out[0] == '\0')
		snprintf(out, len, "(bare)");
}

static void
decode_usage(FILE *f)
{
	fprintf(f,
"usage: v2x decode [-i auto|hex|uper|pcap|wydot] [-o json|xer] [-t TYPE]\n"
"                  [--family j2735|etsi] [--lenient] [--summary] [--raw]\n"
"                  [FILE...]\n"
"\n"
"Decode V2X messages and print one JSON object per message, one per line\n"
"(stdin when no FILE is given):\n"
"  {\"family\":\"j2735\",\"pdu\":\"MessageFrame\",\"type\":\"SPAT\",\"value\":{...}}\n"
"'value' is the JER (ITU-T X.697) form of the whole PDU, open types (the\n"
"MessageFrame value, regional extensions, BSM Part II) decoded in place.\n"
"\"trailing\": N counts bytes left after a complete message.  With -o xer,\n"
"one XER document per message instead.\n"
"\n"
"Without -t, each message is peeled of its envelopes first: 802.11 (with or\n"
"without radiotap), Ethernet, Linux cooked, IP/UDP, RSU forward wrappers,\n"
"the immediate-forward text, WSMP (IEEE 1609.3), GeoNetworking/BTP and\n"
"IEEE 1609.2 (not verified: see 'v2x verify'), down to a J2735 MessageFrame\n"
"or an ETSI PDU (by its ItsPduHeader), whichever the first octets allow.\n"
"What was peeled is listed in \"layers\" (PSID, channel, GeoNetworking\n"
"positions and area, BTP port, 1609.2 signer and generation time...).\n"
"Frames of a type recognised but not decoded (VAM, IMZM) print {\"type\":..,\n"
"\"known\":true,\"raw\":hex}; frames with no V2X message in them (other\n"
"traffic in a capture) are counted and skipped, not failures.\n"
"\n"
"Options:\n"
"  -i, --input FORMAT   hex: one message per line in hexadecimal (blank lines\n"
"                       and lines starting with # are skipped);\n"
"                       uper: a binary file of bare messages back to back;\n"
"                       pcap: a pcap or pcapng capture, frame by frame;\n"
"                       wydot: a Wyoming CV pilot OBU log (bsmTx,\n"
"                       bsmLogDuringEvent, rxMsg, dnMsg, driverAlert; the\n"
"                       kind from the file name, gzip or not): each record's\n"
"                       header is the first layer;\n"
"                       auto (default): a capture by its magic number, hex\n"
"                       if the input is hex text, else uper; the choice is\n"
"                       said on stderr.\n"
"  -o, --output FORMAT  json (default), or xer: one XER document per message\n"
"                       as asn1c-based tools print it, open types decoded\n"
"                       in place inside an element named after their type\n"
"                       (<value><SPAT>...</SPAT></value>).  A document is\n"
"                       its root element (the PDU's type name, no XML\n"
"                       declaration): it starts a line, its end tag ends\n"
"                       one, and the next message's document follows on\n"
"                       the next line.  Bytes after a complete message show\n"
"                       as a comment line after its document,\n"
"                       <!-- trailing: N -->.  Errors stay JSON objects, one\n"
"                       line each, between the documents.\n"
"  -t, --type TYPE      decode bare values of TYPE (no envelopes).\n"
"      --family FAMILY  j2735 (default) or etsi, for a TYPE in both.\n"
"      --lenient        recover what the strict parsers refuse (a 1609.2\n"
"                       length that runs past the data) and say so in the\n"
"                       layer (\"lenient\": true).\n"
"      --summary        at the end, counts per layer stack, message type and\n"
"                       reason on stderr.\n"
"      --raw            add \"raw\": the message's bytes in hex, as peeled.\n"
"  -h, --help           this text.\n");
	print_types_help(f);
	fprintf(f,
"A message that fails prints {\"error\": REASON, \"detail\": ..., \"stage\": ...,\n"
"\"line\"|\"offset\"|\"frame\": N} with the layers peeled before it, and decoding\n"
"goes on.  Exit status: 0 all decoded, 1 some failed, 2 usage\n"
"or I/O error.\n"
"\n"
"Examples:\n"
"  echo 001480... | v2x decode\n"
"  v2x decode -i uper -t SPAT spat.uper\n"
"  v2x decode --summary trace.pcapng > trace.json\n"
"  v2x decode -o xer msgs.hex | v2x encode -i xer    # msgs.hex again\n");
}

/* Print a decoded message as a JSON line or an XER document. */
static enum reason
print_msg(struct dec *d, const struct msg *m, char *err, size_t errlen)
{
	enum reason	 r;

	buf_reset(&d->out);
	if (d->xer) {
		if ((r = xer_write_msg(&d->out, m, err, errlen)) ==
		    REASON_OK && m->trailing > 0)	/* no room in XER */
			buf_addf(&d->out, "<!-- trailing: %zu -->\n",
			    m->trailing);
	} else if ((r = jer_write_msg(&d->out, m, err, errlen)) == REASON_OK)
		buf_addc(&d->out, '\n');
	if (r == REASON_OK)
		fwrite(d->out.p, 1, d->out.len, stdout);
	return r;
}

static const char *const stage_names[] = {
	"link", "envelope", "security", "message", "done"
};

/* Append ,"frame":N,"rx":"..." or ,"line":N for where a message was. */
static void
add_where(struct buf *b, const char *where, size_t pos,
    const struct timeval *rx)
{
	char		 t[64];
	struct tm	 tm;
	time_t		 sec;

	if (where != NULL)
		buf_addf(b, ",\"%s\":%zu", where, pos);
	if (rx != NULL) {
		sec = rx->tv_sec;
		gmtime_r(&sec, &tm);
		strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
		buf_addf(b, ",\"rx\":\"%s.%06ldZ\"", t, (long)rx->tv_usec);
	}
}

/* Print what a peel found: a message with its layers, a known type left
 * undecoded, or the error with the layers peeled before it. */
static void
print_peel(struct dec *d, const char *where, size_t pos,
    const struct timeval *rx)
{
	struct peel	*pe = &d->pe;
	char		 err[256], stack[128];
	enum reason	 r = pe->reason;

	stack_of(pe, stack, sizeof(stack));
	if (r == REASON_NOT_V2X) {
		d->skipped++;
		count(d->stacks, stack);
		return;
	}
	buf_reset(&d->out);
	if (r == REASON_OK && pe->known_type != NULL) {
		buf_addf(&d->out, "{\"family\":\"%s\",\"type\":",
		    msg_family_str(pe->family));
		jer_string(&d->out, pe->known_type, strlen(pe->known_type));
		buf_adds(&d->out, ",\"known\":true,\"raw\":\"");
		buf_addhex(&d->out, pe->raw, pe->raw_len);
		buf_addc(&d->out, '"');
		d->known++;
		count(d->types, pe->known_type);
	} else if (r == REASON_OK) {
		if (d->xer) {
			if ((r = xer_write_msg(&d->out, &pe->msg, err,
			    sizeof(err))) == REASON_OK) {
				if (pe->nlayers > 0)
					buf_addf(&d->out, "<!-- layers: [%.*s] -->\n",
					    (int)pe->layers.len, pe->layers.p);
				if (pe->msg.trailing > 0)
					buf_addf(&d->out,
					    "<!-- trailing: %zu -->\n",
					    pe->msg.trailing);
				fwrite(d->out.p, 1, d->out.len, stdout);
				d->ok++;
				count(d->types, msg_type_name(pe->msg.type));
				count(d->stacks, stack);
				return;
			}
		} else if ((r = jer_write_msg(&d->out, &pe->msg, err,
		    sizeof(err))) == REASON_OK) {
			d->out.len--;		/* reopen the object */
			d->ok++;
			count(d->types, msg_type_name(pe->msg.type));
			if (d->raw) {
				buf_adds(&d->out, ",\"raw\":\"");
				buf_addhex(&d->out, pe->raw, pe->raw_len);
				buf_addc(&d->out, '"');
			}
		}
		if (r != REASON_OK) {
			buf_reset(&d->out);
			snprintf(pe->detail, sizeof(pe->detail), "%s", err);
			pe->stage = PEEL_MESSAGE;
		}
	}
	if (r != REASON_OK) {
		buf_addf(&d->out, "{\"error\":\"%s\",\"detail\":",
		    reason_str(r));
		jer_string(&d->out, pe->detail, strlen(pe->detail));
		buf_addf(&d->out, ",\"stage\":\"%s\"",
		    stage_names[pe->stage]);
		if (d->file != NULL) {
			buf_adds(&d->out, ",\"file\":");
			jer_string(&d->out, d->file, strlen(d->file));
		}
		d->bad++;
		count(d->reasons, reason_str(r));
	}
	count(d->stacks, stack);
	if (pe->nlayers > 0) {
		buf_adds(&d->out, ",\"layers\":[");
		buf_add(&d->out, pe->layers.p, pe->layers.len);
		buf_addc(&d->out, ']');
	}
	if (pe->nwarnings > 0) {
		buf_adds(&d->out, ",\"warnings\":[");
		buf_add(&d->out, pe->warnings.p, pe->warnings.len);
		buf_addc(&d->out, ']');
		count(d->reasons, "warning (flagged, not rejected)");
	}
	/* A message says where it was only in a capture (frame and time);
	 * an error always does. */
	if (r != REASON_OK || rx != NULL)
		add_where(&d->out, where, pos, rx);
	buf_adds(&d->out, "}\n");
	fwrite(d->out.p, 1, d->out.len, stdout);
}

/* Decode one message (hex line): a bare value of -t TYPE, or peeled. */
static void
decode_bytes(struct dec *d, const uint8_t *p, size_t n, const char *where,
    size_t pos)
{
	struct msg	 m;
	char		 err[256];
	enum reason	 r;

	if (d->type == NULL) {
		/* The bytes as they are first; failing that, a line may be
		 * what an RSU forwards over UDP, behind a wrapper. */
		if (peel_bytes(&d->pe, p, n, d->flags) != REASON_OK &&
		    d->pe.reason != REASON_NOT_V2X) {
			struct peel	 other;

			peel_init(&other);
			if (peel_datagram(&other, p, n, d->flags) == REASON_OK &&
			    other.layers.len > 0) {
				peel_free(&d->pe);
				d->pe = other;
			} else
				peel_free(&other);
		}
		print_peel(d, where, pos, NULL);
		return;
	}
	r = msg_decode(&m, d->family, d->type, p, n, err, sizeof(err));
	if (r == REASON_OK) {
		r = print_msg(d, &m, err, sizeof(err));
		msg_clear(&m);
	}
	if (r != REASON_OK) {
		print_error(reason_str(r), err, d->file, where, pos);
		d->bad++;
		count(d->reasons, reason_str(r));
		return;
	}
	d->ok++;
	count(d->types, msg_type_name(d->type));
}

/* A Wyoming CV pilot OBU log (gzip or not): each record's header is the
 * first layer, its payload peeled like any message. */
static int
decode_wydot(struct dec *d, const char *path, const uint8_t *p, size_t n)
{
	struct wydot_reader	*wr;
	struct wydot_record	 rec;
	struct buf		 gz, lay;
	char			 err[256];
	enum reason		 r;
	int			 rc = 0;

	buf_init(&gz);
	if (wydot_is_gzip(p, n)) {
		if (wydot_gunzip(p, n, &gz, err, sizeof(err)) == -1) {
			log_warnx("%s: %s", path ? path : "stdin", err);
			return -1;
		}
		p = (const uint8_t *)gz.p;
		n = gz.len;
	}
	if ((wr = wydot_open_type(p, n, path != NULL ?
	    wydot_type_from_name(path) : WYDOT_AUTO)) == NULL) {
		log_warnx("%s: not a Wyoming pilot log", path ? path : "stdin");
		buf_free(&gz);
		return -1;
	}
	buf_init(&lay);
	while ((r = wydot_next(wr, &rec)) != WYDOT_END) {
		buf_reset(&lay);
		wydot_json(&lay, &rec);
		if (r != REASON_OK) {
			peel_clear(&d->pe);
			d->pe.reason = r;
			d->pe.stage = PEEL_LINK;
			snprintf(d->pe.detail, sizeof(d->pe.detail),
			    "log record at offset %zu", rec.offset);
		} else if (rec.payload == NULL) {	/* a driver alert */
			buf_reset(&d->out);
			buf_adds(&d->out, "{\"text\":");
			jer_string(&d->out, rec.text, rec.length);
			buf_adds(&d->out, ",\"layers\":[");
			buf_add(&d->out, lay.p, lay.len);
			buf_adds(&d->out, "]}\n");
			fwrite(d->out.p, 1, d->out.len, stdout);
			d->ok++;
			count(d->types, "driverAlert (text)");
			continue;
		} else
			peel_bytes(&d->pe, rec.payload, rec.length, d->flags);
		/* The record's layer goes first. */
		if (d->pe.nlayers > 0)
			buf_addc(&lay, ',');
		buf_add(&lay, d->pe.layers.p, d->pe.layers.len);
		buf_reset(&d->pe.layers);
		buf_add(&d->pe.layers, lay.p, lay.len);
		d->pe.nlayers++;
		print_peel(d, "offset", rec.offset, NULL);
		if (r != REASON_OK && rec.skipped == 0)
			break;		/* no way to the next record */
	}
	wydot_free(wr);
	buf_free(&lay);
	buf_free(&gz);
	return rc;
}

static void
print_counts(const char *title, const struct count *c)
{
	int	 i;

	if (c[0].name[0] == '\0')
		return;
	fprintf(stderr, "%s:\n", title);
	for (i = 0; i < NCOUNT && c[i].name[0] != '\0'; i++)
		fprintf(stderr, "  %10lu  %s\n", c[i].n, c[i].name);
}

static void
print_summary(const struct dec *d)
{
	fprintf(stderr, "summary: %lu decoded, %lu known but not decoded, "
	    "%lu failed, %lu without a V2X message\n", d->ok, d->known,
	    d->bad, d->skipped);
	print_counts("layer stacks", d->stacks);
	print_counts("message types", d->types);
	print_counts("reasons", d->reasons);
}

/* One message of the input, as the iterator found it. */
static void
decode_item(struct dec *d, const struct input_msg *it)
{
	char		 err[256];
	enum reason	 r;

	switch (it->status) {
	case INPUT_NOT_HEX:
		print_error("BAD_HEX", "line is not hexadecimal", d->file,
		    it->where, it->pos);
		d->bad++;
		count(d->reasons, "BAD_HEX");
		return;
	case INPUT_NO_END:	/* no way to find the next message */
		print_error(reason_str(it->reason), it->detail, d->file,
		    it->where, it->pos);
		d->bad++;
		count(d->reasons, reason_str(it->reason));
		return;
	case INPUT_OK:
		break;
	}
	if (it->fmt == INPUT_PCAP) {
		peel_frame(&d->pe, it->dlt, it->p, it->n, d->flags);
		print_peel(d, it->where, it->pos, it->ts);
	} else if (it->fmt == INPUT_HEX)
		decode_bytes(d, it->p, it->n, it->where, it->pos);
	else if (it->msg == NULL) {
		/* Not a bare message but an envelope (GeoNetworking, WSMP,
		 * 1609.2): the file is one packet. */
		peel_bytes(&d->pe, it->p, it->n, d->flags);
		print_peel(d, it->where, it->pos, NULL);
	} else {
		count(d->types, msg_type_name(it->msg->type));
		if ((r = print_msg(d, it->msg, err, sizeof(err))) == REASON_OK)
			d->ok++;
		else {
			print_error(reason_str(r), err, d->file, it->where,
			    it->pos);
			d->bad++;
		}
	}
}

/* One input file (NULL: stdin) of ctx (a struct dec), name in errors
 * when not NULL; -1 on a usage or I/O error. */
static int
decode_file(void *ctx, const char *path, const char *name)
{
	static const char *const modes[] = {
		"auto", "hex text, one message per line",
		"binary UPER, messages back to back", "a capture (pcap/pcapng)"
	};
	struct input_opts o;
	struct input_msg it;
	struct input	*in;
	struct dec	*d = ctx;
	int		 rv;

	d->file = name;
	memset(&o, 0, sizeof(o));
	o.fmt = d->wydot ? INPUT_RAW : d->in;
	o.accept = DECODE_INPUTS;
	o.family = d->type != NULL ? d->family : FAMILY_ANY;
	o.type = d->type;
	o.envelope = d->type == NULL;
	if ((in = input_open(path, &o)) == NULL)
		return -1;
	if (o.fmt == INPUT_AUTO)
		log_warnx("%s: %s (-i auto)", path ? path : "stdin",
		    modes[input_fmt(in)]);
	if (o.fmt == INPUT_AUTO && input_fmt(in) == INPUT_PCAP &&
	    (path == NULL || strcmp(path, "-") == 0)) {
		log_warnx("stdin: read a capture from stdin with -i pcap");
		input_free(in);
		return -1;
	}
	if (d->wydot)		/* the whole log, read as one */
		rv = input_next(in, &it) == 1 ?
		    decode_wydot(d, path, it.p, it.n) : -1;
	else
		while ((rv = input_next(in, &it)) == 1)
			decode_item(d, &it);
	input_free(in);
	return rv;
}

/* One option into d (a struct dec); 0, or -1 with a message. */
static int
decode_opt(void *ctx, int ch, char *arg)
{
	struct dec	*d = ctx;

	switch (ch) {
	case 'i':
		if (strcmp(arg, "wydot") == 0)
			d->wydot = 1;
		else if (input_fmt_parse(arg, DECODE_INPUTS, &d->in) == 0)
			d->wydot = 0;
		else {
			log_warnx("decode: -i %s: expected auto, hex, uper, pcap "
			    "or wydot", arg);
			return -1;
		}
		return 0;
	case 'L':
		d->flags |= PEEL_LENIENT;
		return 0;
	case 'S':
		d->summary = 1;
		return 0;
	case 'R':
		d->raw = 1;
		return 0;
	case 'o':
		return cli_xer("decode", "-o", arg, &d->xer);
	case 't':
		d->tname = arg;
		return 0;
	default:	/* 'F' */
		return cli_family("decode", arg, &d->family);
	}
}

int
cmd_decode(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		TYPE_LONGOPTS,
		{ "lenient", no_argument, NULL, 'L' },
		{ "summary", no_argument, NULL, 'S' },
		{ "raw", no_argument, NULL, 'R' },
		HELP_LONGOPTS
	};
	struct dec	 d;
	int		 rc;

	memset(&d, 0, sizeof(d));
	d.in = INPUT_AUTO;
	d.family = FAMILY_J2735;
	if ((rc = cli_getopt(argc, argv, "i:o:t:h", longopts, decode_usage,
	    decode_opt, &d)) != ARGS_OK)
		return rc;
	if (d.tname != NULL &&
	    (d.type = cli_type("decode", d.tname, &d.family)) == NULL)
		return EXIT_USAGE;
	rc = EXIT_ALLOK;
	peel_init(&d.pe);
	buf_init(&d.out);
	if (cli_files(argc - optind, argv + optind, decode_file, &d) == -1)
		rc = EXIT_USAGE;
	fflush(stdout);
	if (d.summary)
		print_summary(&d);
	buf_free(&d.out);
	peel_free(&d.pe);
	if (rc == EXIT_ALLOK && d.bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
