/*
 * encode.c: 'v2x encode': JSON lines (decode's own output, or bare JER
 * values of -t TYPE) to UPER, in hex lines or binary.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "jer.h"
#include "msg.h"
#include "cli.h"

static void
encode_usage(FILE *f)
{
	fprintf(f,
"usage: v2x encode [-t TYPE] [--family j2735|etsi] [-i json] [-o hex|uper]\n"
"                  [FILE...]\n"
"\n"
"Encode V2X messages given as JSON, one object per line (stdin when no FILE\n"
"is given), into UPER: the inverse of 'v2x decode'.  A line is either what\n"
"'v2x decode' prints (its \"pdu\" names the type; \"family\", \"type\" and\n"
"\"trailing\" are read or ignored), or the bare JER value of TYPE (-t), by\n"
"default a MessageFrame.  Open types (MessageFrame value, regional\n"
"extensions, BSM Part II) are given as the JSON of their value, or as hex.\n"
"Every constraint is checked before encoding.\n"
"\n"
"Options:\n"
"  -t, --type TYPE      the type of bare values (default MessageFrame).\n"
"      --family FAMILY  j2735 (default) or etsi.\n"
"  -i, --input FORMAT   json (default).\n"
"  -o, --output FORMAT  hex (default): one line of hex per message;\n"
"                       uper: the encodings back to back, binary.\n"
"  -h, --help           this text.\n"
"\n"
"TYPE is an ASN.1 type name or a short alias:\n");
	print_types(f);
	fprintf(f,
"\n"
"A line that fails prints {\"error\": REASON, \"detail\": ..., \"line\": N} (to\n"
"stderr with -o uper) and encoding goes on.  Exit status: 0 all encoded,\n"
"1 some failed, 2 usage or I/O error.\n"
"\n"
"Example:\n"
"  v2x decode msgs.hex | v2x encode     # gives msgs.hex back\n");
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
	struct asn_TYPE_descriptor_s *type = NULL;
	enum msg_family	 family = FAMILY_J2735;
	struct buf	 in, out;
	struct msg	 m;
	const char	*tname = NULL, *file;
	char		 err[256];
	enum reason	 r;
	unsigned long	 bad = 0;
	int		 ch, i, rc = EXIT_ALLOK, binary = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:o:t:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			if (strcmp(optarg, "json") != 0) {
				warnx_("encode: -i %s: only json is "
				    "supported", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			if (strcmp(optarg, "hex") == 0)
				binary = 0;
			else if (strcmp(optarg, "uper") == 0)
				binary = 1;
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
			if (msg_family_parse(optarg, &family) == -1) {
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
	    (type = msg_type_find(tname, family, NULL)) == NULL) {
		warnx_("encode: unknown type '%s' in family %s; types:", tname,
		    msg_family_str(family));
		print_types(stderr);
		return EXIT_USAGE;
	}

	buf_init(&in);
	buf_init(&out);
	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		const char	*path = argc > 0 ? argv[i] : NULL;
		char		*line, *end, *nl;
		size_t		 lineno = 0, n;

		file = argc > 1 ? path : NULL;
		if (read_file(path, &in) == -1) {
			rc = EXIT_USAGE;
			continue;
		}
		end = in.p + in.len;
		for (line = in.p; line < end; line = nl + 1) {
			if ((nl = memchr(line, '\n', (size_t)(end - line))) ==
			    NULL)
				nl = end;
			lineno++;
			n = (size_t)(nl - line);
			while (n > 0 && isspace((unsigned char)*line)) {
				line++;
				n--;
			}
			if (n == 0 || *line == '#')
				continue;
			r = jer_read_msg(&m, family, type, line, n, err,
			    sizeof(err));
			if (r == REASON_OK) {
				buf_reset(&out);
				r = msg_encode(&m, &out, err, sizeof(err));
				msg_clear(&m);
			}
			if (r != REASON_OK) {
				if (binary) {
					fflush(stdout);
					warnx_("%s%sline %zu: %s: %s",
					    file ? file : "", file ? ": " : "",
					    lineno, reason_str(r), err);
				} else
					print_error(reason_str(r), err, file,
					    "line", lineno);
				bad++;
				continue;
			}
			if (binary)
				fwrite(out.p, 1, out.len, stdout);
			else {
				struct buf h;

				buf_init(&h);
				buf_addhex(&h, (uint8_t *)out.p, out.len);
				buf_addc(&h, '\n');
				fwrite(h.p, 1, h.len, stdout);
				buf_free(&h);
			}
		}
	}
	fflush(stdout);
	buf_free(&in);
	buf_free(&out);
	if (rc == EXIT_ALLOK && bad > 0)
		rc = EXIT_SOMEBAD;
	return rc;
}
