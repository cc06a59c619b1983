/*
 * random.c: 'v2x random': random valid values of a type (by default J2735
 * MessageFrames carrying random messages), as hex lines, decode-style JSON
 * lines or binary UPER; for tests, cross-checks and benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "jer.h"
#include "msg.h"
#include "rvg.h"
#include "cli.h"

enum out_fmt { OUT_HEX, OUT_JSON, OUT_UPER };

static void
random_usage(FILE *f)
{
	fprintf(f,
"usage: v2x random [-t TYPE] [-n COUNT] [--seed N] [-o hex|json|uper]\n"
"                  [--family j2735|etsi] [--optional PCT] [--max-list N]\n"
"                  [--max-string N] [--ext PCT] [--unknown PCT]\n"
"\n"
"Print COUNT random values of TYPE that satisfy every constraint of the\n"
"schema: INTEGER ranges, SIZE of strings and lists, permitted alphabets,\n"
"ENUMERATED roots, CHOICE alternatives, OPTIONAL members.  Open types get a\n"
"random value of a type their id selects, encoded into their octets: a\n"
"MessageFrame always carries one of the messages 'v2x decode' knows (its\n"
"messageId picked at random), regional extensions and BSM Part II content\n"
"sometimes carry an id without a known type and random octets.  Every value\n"
"is checked and encoded before it is printed, so 'v2x decode' reads all of\n"
"them back.  The output depends only on the options: the same --seed gives\n"
"the same values, and the first K values of -n N (N > K) are those of -n K.\n"
"\n"
"Options:\n"
"  -t, --type TYPE      the type of the values (default the J2735\n"
"                       MessageFrame; ETSI has none: give -t, e.g. CAM).\n"
"      --family FAMILY  j2735 (default) or etsi.\n"
"  -n, --count COUNT    how many values (default 1).\n"
"  -s, --seed N         seed of the generator, 0 to 2^64-1 (default 1).\n"
"  -o, --output FORMAT  hex (default): one line of hex per value;\n"
"                       json: one line per value as 'v2x decode' prints it\n"
"                       ({\"family\", \"pdu\", \"type\", \"value\"}, open types\n"
"                       decoded in place);\n"
"                       uper: the encodings back to back, binary.\n"
"      --optional PCT   chance in percent that an OPTIONAL member is\n"
"                       present (default 50).\n"
"      --max-list N     a SEQUENCE OF has at most N items above its minimum\n"
"                       size (default 4).\n"
"      --max-string N   a string or OCTET STRING has at most N octets above\n"
"                       its minimum size, a BIT STRING 8*N bits (default 16).\n"
"      --ext PCT        chance in percent of each extension addition\n"
"                       (default 20; the J2735 2020 modules have none).\n"
"      --unknown PCT    chance in percent that a regional extension or Part\n"
"                       II content carries an id with no known type\n"
"                       (default 10).\n"
"  -h, --help           this text.\n");
	print_types_help(f);
	fprintf(f,
"Exit status: 0 all values printed, 1 some could not be built, 2 usage or\n"
"I/O error.\n"
"\n"
"Examples:\n"
"  v2x random -n 100 --seed 7 > frames.hex    # 100 MessageFrames\n"
"  v2x random -t SPAT -o json                 # one bare SPAT, as JSON\n"
"  v2x random -t MapData -n 1000 -o uper > maps.uper\n"
"  v2x random -n 50 | v2x decode | v2x encode  # gives the same 50 lines\n");
}

static int
parse_num(const char *opt, const char *s, unsigned long long max,
    unsigned long long *out)
{
	char	*end;

	errno = 0;
	if (*s == '-' || *s == '\0' ||
	    ((*out = strtoull(s, &end, 0)), errno != 0) || *end != '\0' ||
	    *out > max) {
		log_warnx("random: %s %s: expected a number from 0 to %llu", opt,
		    s, max);
		return -1;
	}
	return 0;
}

/* Print value v of td (already encoded into enc) in the chosen format. */
static enum reason
print_value(enum out_fmt fmt, enum msg_family fam,
    struct asn_TYPE_descriptor_s *td, const struct buf *enc, struct buf *out,
    char *err, size_t errlen)
{
	struct msg	 m;
	enum reason	 r;

	buf_reset(out);
	switch (fmt) {
	case OUT_UPER:
		buf_add(out, enc->p, enc->len);
		break;
	case OUT_HEX:
		buf_addhex(out, (const uint8_t *)enc->p, enc->len);
		buf_addc(out, '\n');
		break;
	case OUT_JSON:
		/* Through the decoder, so the line is what decode prints. */
		if ((r = msg_decode(&m, fam, td, (const uint8_t *)enc->p,
		    enc->len, err, errlen)) != REASON_OK)
			return r;
		r = jer_write_msg(out, &m, err, errlen);
		msg_clear(&m);
		if (r != REASON_OK)
			return r;
		buf_addc(out, '\n');
		break;
	}
	return out->oom ? REASON_NOMEM : REASON_OK;
}

struct rnd {
	const char	*tname;		/* -t */
	struct asn_TYPE_descriptor_s *type;
	enum msg_family	 family;
	enum out_fmt	 fmt;
	unsigned long long count, seed, optional, maxlist, maxstring, ext,
			 unknown;
};

/* A numeric option of ch into r; 0, or -1 with a message. */
static int
number_opt(struct rnd *r, int ch, const char *arg)
{
	switch (ch) {
	case 'n':
		return parse_num("-n", arg, ~0ULL, &r->count);
	case 's':
		return parse_num("--seed", arg, ~0ULL, &r->seed);
	case 'P':
		return parse_num("--optional", arg, 100, &r->optional);
	case 'L':
		return parse_num("--max-list", arg, 1000, &r->maxlist);
	case 'S':
		return parse_num("--max-string", arg, 100000, &r->maxstring);
	case 'E':
		return parse_num("--ext", arg, 100, &r->ext);
	default:	/* 'U' */
		return parse_num("--unknown", arg, 100, &r->unknown);
	}
}

/* The type of -t, or the family's MessageFrame; NULL with a message. */
static struct asn_TYPE_descriptor_s *
random_type(const char *tname, enum msg_family *family)
{
	struct asn_TYPE_descriptor_s *type;

	if (tname != NULL)
		return cli_type("random", tname, family);
	if ((type = msg_frame_type(*family)) == NULL) {
		log_warnx("random: family %s has no MessageFrame; give -t TYPE; "
		    "types:", msg_family_str(*family));
		print_types(stderr);
	}
	return type;
}

/* One option into r (a struct rnd); 0, or -1 with a message. */
static int
random_opt(void *ctx, int ch, char *arg)
{
	struct rnd	*r = ctx;

	switch (ch) {
	case 't':
		r->tname = arg;
		return 0;
	case 'o':
		if (strcmp(arg, "hex") == 0)
			r->fmt = OUT_HEX;
		else if (strcmp(arg, "json") == 0)
			r->fmt = OUT_JSON;
		else if (strcmp(arg, "uper") == 0)
			r->fmt = OUT_UPER;
		else {
			log_warnx("random: -o %s: expected hex, json or uper",
			    arg);
			return -1;
		}
		return 0;
	case 'F':
		return cli_family("random", arg, &r->family);
	default:
		return number_opt(r, ch, arg);
	}
}

/* Print r->count values; how many could not be built. */
static unsigned long long
generate(const struct rnd *r)
{
	struct rvg	 g;
	struct buf	 enc, out;
	char		 err[256];
	enum reason	 e;
	unsigned long long i, bad = 0;
	void		*v;

	rvg_seed(&g, r->seed);
	g.optional_pct = (int)r->optional;
	g.max_list = (int)r->maxlist;
	g.max_string = (int)r->maxstring;
	g.ext_pct = (int)r->ext;
	g.unknown_pct = (int)r->unknown;
	buf_init(&enc);
	buf_init(&out);
	for (i = 0; i < r->count; i++) {
		buf_reset(&enc);
		if ((e = rvg_value(&g, r->type, &v, err, sizeof(err))) ==
		    REASON_OK) {
			if ((e = codec_encode(r->type, v, &enc, err,
			    sizeof(err))) == REASON_OK)
				e = print_value(r->fmt, r->family, r->type, &enc,
				    &out, err, sizeof(err));
			codec_free(r->type, v);
		}
		if (e != REASON_OK) {
			fflush(stdout);
			log_warnx("random: value %llu: %s: %s", i + 1,
			    reason_str(e), err);
			bad++;
			if (e == REASON_NOMEM || bad >= 10)
				break;	/* the same again and again */
			continue;
		}
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			break;
	}
	buf_free(&enc);
	buf_free(&out);
	return bad;
}

int
cmd_random(int argc, char **argv)
{
	static const struct option longopts[] = {
		TYPE_LONGOPTS,
		{ "count", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "optional", required_argument, NULL, 'P' },
		{ "max-list", required_argument, NULL, 'L' },
		{ "max-string", required_argument, NULL, 'S' },
		{ "ext", required_argument, NULL, 'E' },
		{ "unknown", required_argument, NULL, 'U' },
		HELP_LONGOPTS
	};
	struct rnd	 r = {
		.family = FAMILY_J2735, .fmt = OUT_HEX, .count = 1, .seed = 1,
		.optional = 50, .maxlist = 4, .maxstring = 16, .ext = 20,
		.unknown = 10
	};
	unsigned long long bad;
	int		 rc;

	if ((rc = cli_getopt(argc, argv, "t:n:s:o:h", longopts, random_usage,
	    random_opt, &r)) != ARGS_OK)
		return rc;
	if (optind < argc) {
		log_warnx("random: unexpected argument '%s'", argv[optind]);
		random_usage(stderr);
		return EXIT_USAGE;
	}
	if ((r.type = random_type(r.tname, &r.family)) == NULL)
		return EXIT_USAGE;
	bad = generate(&r);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		log_warnx("random: stdout: %s", strerror(errno));
		return EXIT_USAGE;
	}
	return bad > 0 ? EXIT_SOMEBAD : EXIT_ALLOK;
}
