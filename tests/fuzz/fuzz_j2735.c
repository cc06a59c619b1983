/*
 * fuzz_j2735.c: libFuzzer target for the J2735 decode path: UPER decode of a
 * MessageFrame (or, chosen by the first byte, a bare message type), the
 * second-step open types, JSON printing, and the JSON reader and encoder
 * on what was printed.  A decoded message must re-encode, and its JSON must
 * be a fixed point: read back, encoded, decoded and printed again it is the
 * same JSON.  (Bytes need not be: an open type may carry junk after its
 * value, which the canonical re-encoding drops.)  Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jer.h"
#include "msg.h"

static const char *const bare[] = {
	NULL, "BasicSafetyMessage", "SPAT", "MapData", "TravelerInformation",
	"RoadSideAlert", "SignalRequestMessage", "SignalStatusMessage",
	"PersonalSafetyMessage",
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct asn_TYPE_descriptor_s *td = NULL;
	struct msg	 m, back;
	struct buf	 json, enc, enc2;
	char		 err[256];
	const char	*name;

	if (size < 1)
		return 0;
	/* Most inputs are MessageFrames; a first byte >= 0xf8 picks a type. */
	if (data[0] >= 0xf8) {
		name = bare[(data[0] - 0xf8) % (sizeof(bare) / sizeof(bare[0]))];
		if (name != NULL)
			td = msg_type_find(name, FAMILY_J2735, NULL);
		data++;
		size--;
	}
	if (msg_decode(&m, FAMILY_J2735, td, data, size, err, sizeof(err)) !=
	    REASON_OK)
		return 0;
	buf_init(&json);
	buf_init(&enc);
	buf_init(&enc2);
	if (jer_write_msg(&json, &m, err, sizeof(err)) != REASON_OK)
		goto out;	/* e.g. nesting too deep: a reason, fine */
	if (msg_encode(&m, &enc, err, sizeof(err)) != REASON_OK) {
		fprintf(stderr, "decoded value does not re-encode: %s\n", err);
		abort();
	}
	if (jer_read_msg(&back, FAMILY_J2735, td, json.p, json.len, err,
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
	if (msg_decode(&back, FAMILY_J2735, td, (uint8_t *)enc2.p, enc2.len,
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
	return 0;
}
