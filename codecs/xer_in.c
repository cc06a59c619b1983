/*
 * xer_in.c: XER input (placeholder until the XER reader lands).
 */
#include <stdio.h>
#include <string.h>

#include "xer.h"

enum reason
xer_read_msg(struct msg *m, enum msg_family fam,
    struct asn_TYPE_descriptor_s *deftype, const char *text, size_t len,
    char *err, size_t errlen)
{
	(void)fam; (void)deftype; (void)text; (void)len;
	memset(m, 0, sizeof(*m));
	snprintf(err, errlen, "XER input is not implemented yet");
	return REASON_UNKNOWN_TYPE;
}
