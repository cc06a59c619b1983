/*
 * util.c: file reading and error printing for the v2x tool.
 */
#include <ctype.h>
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
	    "    PersonalSafetyMessage (PSM), and any other type of the schema\n"
	    "    by its ASN.1 name (e.g. Position3D, VehicleSafetyExtensions).\n");
}

int
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

int
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
