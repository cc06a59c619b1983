/*
 * fuzz_j2735.c: libFuzzer target for the J2735 decode path: UPER decode of a
 * MessageFrame (or, chosen by the first byte, a bare message type), the
 * second-step open types, JSON printing, and the JSON reader and encoder on
 * what was printed (roundtrip.h).  Anything unexpected aborts.
 */
#include "roundtrip.h"

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
	fuzz_roundtrip(FAMILY_J2735, td, data, size);
	return 0;
}
