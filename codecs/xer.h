/*
 * xer.h: XML (XER) in and out as asn1c-based tools print it, generic over
 * the asn1c type descriptors, with open types decoded in place inside a
 * type-name element (<value><SPAT>...</SPAT></value>).
 */
#ifndef XER_H
#define XER_H

#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "reason.h"

struct asn_TYPE_descriptor_s;

/* Append the XER of value v of type td, pretty-printed, ending in newline. */
enum reason	 xer_write(struct buf *, struct asn_TYPE_descriptor_s *td,
		    const void *v, char *err, size_t errlen);

/* Append the XER of a decoded message's PDU (its MessageFrame value in
 * place, pre-decoded). */
enum reason	 xer_write_msg(struct buf *, const struct msg *, char *err,
		    size_t errlen);

/* Build a message from one XER document whose root element names the PDU
 * (deftype, if not NULL, must match it). */
enum reason	 xer_read_msg(struct msg *m, enum msg_family,
		    struct asn_TYPE_descriptor_s *deftype, const char *text,
		    size_t len, char *err, size_t errlen);

#endif
