/*
 * fuzz_etsi.c: libFuzzer target for the ETSI ITS decode path: UPER decode of
 * an ItsPduHeader-led PDU (CAM, DENM, SPATEM, MAPEM, IVIM, SREM, SSEM,
 * RTCMEM, CPM, chosen by its messageID), regional extensions and CPM
 * containers (open types), JSON printing,
 * and the JSON reader and encoder on what was printed (roundtrip.h).
 */
#include "roundtrip.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_roundtrip(FAMILY_ETSI, NULL, data, size);
	return 0;
}
