/*
 * fuzz_ifm.c: libFuzzer target for the RSU 4.1 immediate forward text
 * (ifm.c).  A message that parses must rebuild to text that parses to the
 * same fields and rebuilds to the same text; one parsed without flags must
 * rebuild to exactly its input; its payload must decode to payload_len
 * octets; its JSON must be valid.  Anything else aborts.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ifm.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
same(const struct ifm_msg *a, const struct ifm_msg *b)
{
	return a->present == b->present && a->psid == b->psid &&
	    a->priority == b->priority && a->txmode == b->txmode &&
	    a->channel == b->channel && a->interval == b->interval &&
	    a->signature == b->signature && a->encryption == b->encryption &&
	    a->payload_len == b->payload_len &&
	    a->type.len == b->type.len && a->start.len == b->start.len &&
	    a->stop.len == b->stop.len &&
	    a->channel_name.len == b->channel_name.len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifm_msg	 m, p;
	struct buf	 b, c;
	json_error_t	 e;
	json_t		*j;
	uint8_t		*out;
	long		 n;

	if (ifm_parse(data, size, &m) != REASON_OK)
		return 0;
	buf_init(&b);
	buf_init(&c);
	if (ifm_build(&b, &m) == -1) {
		fprintf(stderr, "parsed message does not rebuild\n");
		abort();
	}
	if (ifm_parse((uint8_t *)b.p, b.len, &p) != REASON_OK ||
	    !same(&m, &p) ||
	    (p.flags & IFM_F_ORDER) || ifm_build(&c, &p) == -1 ||
	    c.len != b.len || memcmp(c.p, b.p, b.len) != 0) {
		fprintf(stderr, "rebuilt message is not a fixed point:\n%s\n",
		    buf_cstr(&b));
		abort();
	}
	if (m.flags == 0 && (b.len != size || memcmp(b.p, data, size) != 0)) {
		fprintf(stderr, "message without flags rebuilds differently\n");
		abort();
	}
	if ((out = malloc(m.payload_len + 1)) == NULL)
		abort();
	n = ifm_payload(&m, out, m.payload_len + 1);
	free(out);
	if (n != (long)m.payload_len) {
		fprintf(stderr, "payload does not decode\n");
		abort();
	}
	buf_reset(&b);
	ifm_json(&b, &m);
	if ((j = json_loads(buf_cstr(&b), JSON_ALLOW_NUL |
	    JSON_DECODE_INT_AS_REAL, &e)) == NULL) {
		fprintf(stderr, "JSON invalid (%s): %s\n", e.text, b.p);
		abort();
	}
	json_decref(j);
	buf_free(&b);
	buf_free(&c);
	return 0;
}
