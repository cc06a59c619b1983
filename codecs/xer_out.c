/*
 * xer_out.c: XER output (placeholder until the XER printer lands).
 */
#include <stdio.h>

#include "xer.h"

enum reason
xer_write(struct buf *b, struct asn_TYPE_descriptor_s *td, const void *v,
    char *err, size_t errlen)
{
	(void)b; (void)td; (void)v;
	snprintf(err, errlen, "XER output is not implemented yet");
	return REASON_UNKNOWN_TYPE;
}

enum reason
xer_write_msg(struct buf *b, const struct msg *m, char *err, size_t errlen)
{
	return xer_write(b, m->pdu, m->value, err, errlen);
}
