/*
 * encode.c: 'v2x encode': JSON lines (decode's own output, or bare JER
 * values of -t TYPE) or XER documents to UPER, in hex lines or binary.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "jer.h"
#include "msg.h"
#include "xer.h"
#include "cli.h"

struct enc {
	struct asn_TYPE_descriptor_s *type;	/* -t, or NULL */
	enum msg_family		 family;
	int			 xer;		/* -i xer */
	int			 binary;	/* -o uper */
	const char		*file;		/* named in errors when > 1 */
	struct buf		 out;
	unsigned long		 bad;
};

static void
encode_usage(FILE *f)
{
	fprintf(f,
"usage: v2x encode [-t TYPE] [--family j2735|etsi] [-i json|xer] [-o hex|uper]\n"
"                  [FILE...]\n"
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
"                       uper: the encodings back to back, binary.\n"
"  -h, --help           this text.\n"
"\n"
"TYPE is an ASN.1 type name or a short alias:\n");
	print_types(f);
	fprintf(f,
"\n"
"A message that fails prints {\"error\": REASON, \"detail\": ..., \"line\": N}\n"
"(the line where its JSON line or XER document starts; to stderr with\n"
"-o uper) and encoding goes on.  Exit status: 0 all encoded, 1 some failed,\n"
"2 usage or I/O error.\n"
"\n"
"Examples:\n"
"  v2x decode msgs.hex | v2x encode     # gives msgs.hex back\n"
"  v2x decode -o xer msgs.hex | v2x encode -i xer\n");
}

/* Encode one message given as text p[0..n), starting on line lineno. */
static void
encode_one(struct enc *e, const char *p, size_t n, size_t lineno)
{
	struct msg	 m;
	struct buf	 h;
	char		 err[256];
	enum reason	 r;

	if (e->xer)
		r = xer_read_msg(&m, e->family, e->type, p, n, err,
		    sizeof(err));
	else
		r = jer_read_msg(&m, e->family, e->type, p, n, err,
		    sizeof(err));
	if (r == REASON_OK) {
		buf_reset(&e->out);
		r = msg_encode(&m, &e->out, err, sizeof(err));
		msg_clear(&m);
	}
	if (r != REASON_OK) {
		if (e->binary) {
			fflush(stdout);
			warnx_("%s%sline %zu: %s: %s", e->file ? e->file : "",
			    e->file ? ": " : "", lineno, reason_str(r), err);
		} else
			print_error(reason_str(r), err, e->file, "line",
			    lineno);
		e->bad++;
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

int
cmd_encode(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "type", required_argument, NULL, 't' },
		{ "family", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct enc	 e;
	struct buf	 in;
	const char	*tname = NULL;
	int		 ch, i, rc = EXIT_ALLOK;

	memset(&e, 0, sizeof(e));
	e.family = FAMILY_J2735;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:o:t:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			if (strcmp(optarg, "json") == 0)
				e.xer = 0;
			else if (strcmp(optarg, "xer") == 0)
				e.xer = 1;
			else {
				warnx_("encode: -i %s: expected json or xer",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			if (strcmp(optarg, "hex") == 0)
				e.binary = 0;
			else if (strcmp(optarg, "uper") == 0)
				e.binary = 1;
			else {
				warnx_("encode: -o %s: expected hex or uper",
				    optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			tname = optarg;
			break;
		case 'F':
			if (msg_family_parse(optarg, &e.family) == -1) {
				warnx_("encode: --family %s: expected j2735 "
				    "or etsi", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			encode_usage(stdout);
			return EXIT_ALLOK;
		default:
			encode_usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (tname != NULL &&
	    (e.type = msg_type_find(tname, e.family, NULL)) == NULL) {
		warnx_("encode: unknown type '%s' in family %s; types:", tname,
		    msg_family_str(e.family));
		print_types(stderr);
		return EXIT_USAGE;
	}

	buf_init(&in);
	buf_init(&e.out);
	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		const char	*path = argc > 0 ? argv[i] : NULL;

		e.file = argc > 1 ? path : NULL;
		if (read_file(path, &in) == -1) {
			rc = EXIT_USAGE;
			continue;
		}
		if (e.xer)
			encode_xer(&e, in.p, in.len);
		else
			encode_json(&e, in.p, in.len);
	}
	fflush(stdout);
	buf_free(&in);
	buf_free(&e.out);
	if (rc == EXIT_ALLOK && e.bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
