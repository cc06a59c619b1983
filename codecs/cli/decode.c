/*
 * decode.c: 'v2x decode': UPER messages (hex lines or binary back to back)
 * to one JSON object or one XER document per message, as DESIGN.md
 * describes.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jer.h"
#include "msg.h"
#include "xer.h"
#include "cli.h"

enum input { IN_AUTO, IN_HEX, IN_UPER };

struct dec {
	enum input		 in;
	int			 xer;		/* -o xer */
	enum msg_family		 family;
	struct asn_TYPE_descriptor_s *type;	/* -t, or NULL: MessageFrame */
	const char		*file;		/* named in errors when > 1 */
	struct buf		 out;
	unsigned long		 ok, bad;
};

static void
decode_usage(FILE *f)
{
	fprintf(f,
"usage: v2x decode [-i auto|hex|uper] [-o json|xer] [-t TYPE]\n"
"                  [--family j2735|etsi] [FILE...]\n"
"\n"
"Decode UPER-encoded V2X messages and print one JSON object per message,\n"
"one per line (stdin when no FILE is given):\n"
"  {\"family\":\"j2735\",\"pdu\":\"MessageFrame\",\"type\":\"SPAT\",\"value\":{...}}\n"
"'value' is the JER (ITU-T X.697) form of the whole PDU, open types (the\n"
"MessageFrame value, regional extensions, BSM Part II) decoded in place.\n"
"\"trailing\": N counts bytes left after a complete message.  With -o xer,\n"
"one XER document per message instead.\n"
"\n"
"Options:\n"
"  -i, --input FORMAT   hex: one message per line in hexadecimal (blank lines\n"
"                       and lines starting with # are skipped);\n"
"                       uper: a binary file of messages back to back;\n"
"                       auto (default): hex if the input is hex text, else\n"
"                       uper; captures (pcap, pcapng) are not read yet.\n"
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
"  -t, --type TYPE      decode bare values of TYPE instead of MessageFrames.\n"
"      --family FAMILY  j2735 (default) or etsi, for a TYPE in both.\n"
"  -h, --help           this text.\n"
"\n"
"TYPE is an ASN.1 type name or a short alias:\n");
	print_types(f);
	fprintf(f,
"\n"
"A message that fails prints {\"error\": REASON, \"detail\": ..., \"line\"|\"offset\": N}\n"
"and decoding goes on.  Exit status: 0 all decoded, 1 some failed, 2 usage\n"
"or I/O error.\n"
"\n"
"Examples:\n"
"  echo 001480... | v2x decode\n"
"  v2x decode -i uper -t SPAT spat.uper\n"
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

/* Decode one message; print it or its error.  Returns bytes used or 0. */
static size_t
decode_one(struct dec *d, const uint8_t *p, size_t n, const char *where,
    size_t pos, int whole)
{
	struct msg	 m;
	char		 err[256];
	enum reason	 r;
	size_t		 used = 0;

	r = msg_decode(&m, d->family, d->type, p, n, err, sizeof(err));
	if (r == REASON_OK) {
		if ((r = print_msg(d, &m, err, sizeof(err))) == REASON_OK)
			used = whole ? n : m.len;
		msg_clear(&m);
	}
	if (r != REASON_OK) {
		print_error(reason_str(r), err, d->file, where, pos);
		d->bad++;
		return 0;
	}
	d->ok++;
	return used;
}

static void
decode_hex(struct dec *d, const char *text, size_t len)
{
	const char	*line = text, *end = text + len, *nl;
	uint8_t		*bin;
	size_t		 lineno = 0, n;
	long		 got;

	if ((bin = malloc(len / 2 + 1)) == NULL) {
		warnx_("out of memory");
		d->bad++;
		return;
	}
	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		lineno++;
		n = (size_t)(nl - line);
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		while (n > 0 && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		if (n == 0 || *line == '#')
			continue;
		if ((got = hex_decode(line, n, bin, len / 2 + 1)) < 0) {
			print_error("BAD_HEX", "line is not hexadecimal",
			    d->file, "line", lineno);
			d->bad++;
			continue;
		}
		decode_one(d, bin, (size_t)got, "line", lineno, 1);
	}
	free(bin);
}

static void
decode_uper(struct dec *d, const uint8_t *p, size_t len)
{
	size_t	 off = 0, used;

	while (off < len) {
		/* Messages back to back: each ends where the next starts, so
		 * what follows one is not "trailing". */
		struct msg	 m;
		char		 err[256];
		enum reason	 r;

		r = msg_decode(&m, d->family, d->type, p + off, len - off, err,
		    sizeof(err));
		if (r != REASON_OK) {
			print_error(reason_str(r), err, d->file, "offset", off);
			d->bad++;
			return;		/* no way to find the next message */
		}
		used = m.len;
		m.trailing = 0;
		if ((r = print_msg(d, &m, err, sizeof(err))) == REASON_OK)
			d->ok++;
		else {
			print_error(reason_str(r), err, d->file, "offset", off);
			d->bad++;
		}
		msg_clear(&m);
		off += used;
		/* Zero padding after the last message is not a message. */
		while (off < len && p[off] == 0 && len - off < 2)
			off++;
	}
}

static int
is_capture(const uint8_t *p, size_t n)
{
	static const uint8_t magic[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};
	size_t	 i;

	for (i = 0; n >= 4 && i < sizeof(magic) / sizeof(magic[0]); i++)
		if (memcmp(p, magic[i], 4) == 0)
			return 1;
	return 0;
}

static int
is_hex_text(const uint8_t *p, size_t n)
{
	size_t	 i;
	int	 comment = 0, digits = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			comment = 0;
			continue;
		}
		if (comment)
			continue;
		if (p[i] == '#')
			comment = 1;
		else if (isxdigit(p[i]))
			digits++;
		else if (!isspace(p[i]) && p[i] != ':')
			return 0;
	}
	return digits > 0;
}

int
cmd_decode(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 't' },
		{ "family", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dec	 d;
	struct buf	 in;
	const char	*tname = NULL;
	enum input	 mode;
	int		 ch, i, rc = EXIT_ALLOK;

	memset(&d, 0, sizeof(d));
	d.in = IN_AUTO;
	d.family = FAMILY_J2735;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:o:t:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			if (strcmp(optarg, "auto") == 0)
				d.in = IN_AUTO;
			else if (strcmp(optarg, "hex") == 0)
				d.in = IN_HEX;
			else if (strcmp(optarg, "uper") == 0)
				d.in = IN_UPER;
			else if (strcmp(optarg, "pcap") == 0) {
				warnx_("decode: -i pcap: reading captures is "
				    "not supported yet");
				return EXIT_USAGE;
			} else {
				warnx_("decode: -i %s: expected auto, hex or "
				    "uper", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			if (strcmp(optarg, "json") == 0)
				d.xer = 0;
			else if (strcmp(optarg, "xer") == 0)
				d.xer = 1;
			else {
				warnx_("decode: -o %s: expected json or xer",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			tname = optarg;
			break;
		case 'F':
			if (msg_family_parse(optarg, &d.family) == -1) {
				warnx_("decode: --family %s: expected j2735 "
				    "or etsi", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			decode_usage(stdout);
			return EXIT_ALLOK;
		default:
			decode_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (tname != NULL &&
	    (d.type = msg_type_find(tname, d.family, NULL)) == NULL) {
		warnx_("decode: unknown type '%s' in family %s; types:",
		    tname, msg_family_str(d.family));
		print_types(stderr);
		return EXIT_USAGE;
	}
	if (d.type == NULL && msg_frame_type(d.family) == NULL) {
		warnx_("decode: family %s is not supported yet",
		    msg_family_str(d.family));
		return EXIT_USAGE;
	}

	buf_init(&in);
	buf_init(&d.out);
	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		const char *path = argc > 0 ? argv[i] : NULL;

		d.file = argc > 1 ? path : NULL;
		if (read_file(path, &in) == -1) {
			rc = EXIT_USAGE;
			continue;
		}
		mode = d.in;
		if (mode == IN_AUTO || mode == IN_UPER) {
			if (is_capture((uint8_t *)in.p, in.len)) {
				warnx_("%s: a pcap/pcapng capture: reading "
				    "captures is not supported yet",
				    path ? path : "stdin");
				rc = EXIT_USAGE;
				continue;
			}
		}
		if (mode == IN_AUTO)
			mode = is_hex_text((uint8_t *)in.p, in.len) ?
			    IN_HEX : IN_UPER;
		if (mode == IN_HEX)
			decode_hex(&d, in.p, in.len);
		else
			decode_uper(&d, (uint8_t *)in.p, in.len);
	}
	fflush(stdout);
	buf_free(&in);
	buf_free(&d.out);
	if (rc == EXIT_ALLOK && d.bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
