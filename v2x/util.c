/*
 * util.c: file reading, error printing and option parsing (getopt_long,
 * -t/--family) of the v2x tool.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "jer.h"
#include "cli.h"

int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	size_t	 n;
	int	 stdin_ = path == NULL || strcmp(path, "-") == 0;

	buf_reset(b);
	if (stdin_)
		f = stdin;
	else if ((f = fopen(path, "rb")) == NULL) {
		log_warnx("%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (buf_reserve(b, 65536) == -1) {
			log_warnx("%s: out of memory", stdin_ ? "stdin" : path);
			break;
		}
		n = fread(b->p + b->len, 1, 65536, f);
		b->len += n;
		if (n < 65536)
			break;
	}
	if (ferror(f) || b->oom) {
		if (ferror(f))
			log_warnx("%s: %s", stdin_ ? "stdin" : path,
			    strerror(errno));
		if (!stdin_)
			fclose(f);
		return -1;
	}
	if (!stdin_)
		fclose(f);
	buf_cstr(b);
	return 0;
}

void
print_error(const char *reason, const char *detail, const char *file,
    const char *where, size_t pos)
{
	struct buf	 b;

	buf_init(&b);
	buf_adds(&b, "{\"error\":\"");
	buf_adds(&b, reason);
	buf_adds(&b, "\",\"detail\":");
	jer_string(&b, detail, strlen(detail));
	if (file != NULL) {
		buf_adds(&b, ",\"file\":");
		jer_string(&b, file, strlen(file));
	}
	if (where != NULL)
		buf_addf(&b, ",\"%s\":%zu", where, pos);
	buf_adds(&b, "}\n");
	fwrite(b.p, 1, b.len, stdout);
	buf_free(&b);
}

void
print_types(FILE *f)
{
	fprintf(f,
	    "  J2735 (--family j2735, the default): MessageFrame,\n"
	    "    BasicSafetyMessage (BSM), SPAT, MapData (MAP),\n"
	    "    TravelerInformation (TIM), RoadSideAlert (RSA),\n"
	    "    SignalRequestMessage (SRM), SignalStatusMessage (SSM),\n"
	    "    PersonalSafetyMessage (PSM), ProbeDataManagement (PDM),\n"
	    "    ProbeVehicleData (PVD), and any other type of the schema\n"
	    "    by its ASN.1 name (e.g. Position3D, VehicleSafetyExtensions).\n");
}

int
cli_files(int argc, char **argv, int (*fn)(void *, const char *,
    const char *), void *ctx)
{
	int	 i, rc = 0;

	if (argc == 0)
		return fn(ctx, NULL, NULL);
	for (i = 0; i < argc; i++)
		if (fn(ctx, argv[i], argc > 1 ? argv[i] : NULL) == -1)
			rc = -1;
	return rc;
}

void
print_types_help(FILE *f)
{
	fprintf(f, "\nTYPE is an ASN.1 type name or a short alias:\n");
	print_types(f);
	fprintf(f, "\n");
}

int
cli_xer(const char *cmd, const char *opt, const char *arg, int *xer)
{
	if (strcmp(arg, "json") == 0)
		*xer = 0;
	else if (strcmp(arg, "xer") == 0)
		*xer = 1;
	else {
		log_warnx("%s: %s %s: expected json or xer", cmd, opt, arg);
		return -1;
	}
	return 0;
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts, void (*usage)(FILE *),
    int (*opt)(void *, int, char *), void *ctx)
{
	int	 ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	    -1) {
		if (ch == 'h') {
			usage(stdout);
			return EXIT_ALLOK;
		}
		if (ch == '?' || ch == ':') {
			usage(stderr);
			return EXIT_USAGE;
		}
		if (opt(ctx, ch, optarg) == -1)
			return EXIT_USAGE;
	}
	return ARGS_OK;
}

int
cli_family(const char *cmd, const char *s, enum msg_family *fam)
{
	if (msg_family_parse(s, fam) == -1) {
		log_warnx("%s: --family %s: expected j2735 or etsi", cmd, s);
		return -1;
	}
	return 0;
}

/*
 * A name that only one family has is that family's whatever --family says
 * (DESIGN: --family settles a bare name that exists in both), so *fam
 * becomes the family of the type found: CAM is etsi without --family.
 */
struct asn_TYPE_descriptor_s *
cli_type(const char *cmd, const char *name, enum msg_family *fam)
{
	struct asn_TYPE_descriptor_s *td;

	if ((td = msg_type_find(name, *fam, fam)) == NULL) {
		log_warnx("%s: unknown type '%s' in family %s; types:", cmd,
		    name, msg_family_str(*fam));
		print_types(stderr);
	}
	return td;
}
