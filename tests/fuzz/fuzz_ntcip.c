/*
 * fuzz_ntcip.c: libFuzzer target for the NTCIP 1202 SPaT blob parser
 * (ntcip.c).  Any input gives a reason without reading past it; a blob
 * that parses must rebuild to exactly its input and its JSON must be
 * valid.  Anything else aborts.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ntcip.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntcip_spat	 s;
	struct buf		 b;
	json_error_t		 e;
	json_t			*j;
	char			 err[64];
	enum reason		 r;

	r = ntcip_spat_parse(&s, data, size, err, sizeof(err));
	if (r >= REASON_MAX || (r != REASON_OK && err[0] == '\0')) {
		fprintf(stderr, "reason %d without a message\n", (int)r);
		abort();
	}
	if (r != REASON_OK)
		return 0;
	buf_init(&b);
	if (ntcip_spat_build(&b, &s) == -1 || b.len != size ||
	    memcmp(b.p, data, size) != 0) {
		fprintf(stderr, "parsed blob does not rebuild to its input\n");
		abort();
	}
	buf_reset(&b);
	ntcip_spat_json(&b, &s);
	if ((j = json_loads(buf_cstr(&b), 0, &e)) == NULL) {
		fprintf(stderr, "JSON invalid (%s): %s\n", e.text, b.p);
		abort();
	}
	json_decref(j);
	buf_free(&b);
	return 0;
}
