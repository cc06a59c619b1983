/*
 * roundtrip.h: the body shared by the message fuzz targets: decode, print
 * JSON, and check that the JSON is a fixed point (read back, encoded,
 * decoded and printed again, it is the same JSON) and that a decoded value
 * re-encodes.  Bytes need not come back the same: an open type may carry
 * junk after its value, which the canonical re-encoding drops.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jer.h"
#include "msg.h"

static inline void
fuzz_roundtrip(enum msg_family fam, struct asn_TYPE_descriptor_s *td,
    const uint8_t *data, size_t size)
{
	struct msg	 m, back;
	struct buf	 json, enc, enc2;
	char		 err[256];

	if (msg_decode(&m, fam, td, data, size, err, sizeof(err)) !=
	    REASON_OK)
		return;
	buf_init(&json);
	buf_init(&enc);
	buf_init(&enc2);
	if (jer_write_msg(&json, &m, err, sizeof(err)) != REASON_OK)
		goto out;	/* e.g. nesting too deep: a reason, fine */
	/* A CHOICE alternative of a later edition was skipped: the message
	 * decodes, but cannot be encoded again (by design). */
	if (strstr(buf_cstr(&json), "\"(extension)\":null") != NULL)
		goto out;
	if (msg_encode(&m, &enc, err, sizeof(err)) != REASON_OK) {
		fprintf(stderr, "decoded value does not re-encode: %s\n", err);
		abort();
	}
	if (jer_read_msg(&back, fam, td, json.p, json.len, err,
	    sizeof(err)) != REASON_OK) {
		fprintf(stderr, "printed JSON does not read back: %s\n%s\n",
		    err, buf_cstr(&json));
		abort();
	}
	if (msg_encode(&back, &enc2, err, sizeof(err)) != REASON_OK) {
		fprintf(stderr, "JSON does not encode: %s\n%s\n", err,
		    buf_cstr(&json));
		abort();
	}
	msg_clear(&back);
	if (msg_decode(&back, fam, td, (uint8_t *)enc2.p, enc2.len,
	    err, sizeof(err)) != REASON_OK) {
		fprintf(stderr, "re-encoding does not decode: %s\n%s\n", err,
		    buf_cstr(&json));
		abort();
	}
	back.trailing = m.trailing;
	buf_reset(&enc);	/* reused for the second JSON */
	if (jer_write_msg(&enc, &back, err, sizeof(err)) != REASON_OK ||
	    enc.len != json.len || memcmp(enc.p, json.p, json.len) != 0) {
		fprintf(stderr, "JSON round trip is not a fixed point:\n%s\n%s\n",
		    buf_cstr(&json), buf_cstr(&enc));
		abort();
	}
	msg_clear(&back);
 out:
	msg_clear(&m);
	buf_free(&json);
	buf_free(&enc);
	buf_free(&enc2);
}
