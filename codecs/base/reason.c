/*
 * reason.c: names of the rejection reasons of reason.h.
 */
#include <string.h>

#include "reason.h"

static const char *const names[REASON_MAX] = {
	[REASON_OK] = "OK",
	[REASON_TRUNCATED] = "TRUNCATED",
	[REASON_BAD_LENGTH] = "BAD_LENGTH",
	[REASON_UNKNOWN_VERSION] = "UNKNOWN_VERSION",
	[REASON_UNKNOWN_TYPE] = "UNKNOWN_TYPE",
	[REASON_UPER_FAIL] = "UPER_FAIL",
	[REASON_CONSTRAINT] = "CONSTRAINT",
	[REASON_ENCODE_FAIL] = "ENCODE_FAIL",
	[REASON_BAD_HEX] = "BAD_HEX",
	[REASON_BAD_JSON] = "BAD_JSON",
	[REASON_JSON_TYPE] = "JSON_TYPE",
	[REASON_NOMEM] = "NOMEM",
	[REASON_NOT_V2X] = "NOT_V2X",
	[REASON_TOO_DEEP] = "TOO_DEEP",
	[REASON_SIG_BAD] = "SIG_BAD",
	[REASON_CERT_UNKNOWN] = "CERT_UNKNOWN",
	[REASON_EXPIRED] = "EXPIRED",
	[REASON_REPLAY] = "REPLAY",
	[REASON_NONCANONICAL] = "NONCANONICAL",
	[REASON_UNSUPPORTED] = "UNSUPPORTED",
	[REASON_BAD_VALUE] = "BAD_VALUE",
};

const char *
reason_str(enum reason r)
{
	if ((unsigned)r >= REASON_MAX || names[r] == NULL)
		return "UNKNOWN";
	return names[r];
}

enum reason
reason_from_str(const char *s)
{
	int i;

	for (i = 0; i < REASON_MAX; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return REASON_MAX;
}
