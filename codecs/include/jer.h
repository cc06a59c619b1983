/*
 * jer.h: JSON in and out, shaped like ITU-T X.697 (JER), generic over the
 * asn1c type descriptors: SEQUENCE object without absent OPTIONAL members,
 * CHOICE {"alternative": value}, ENUMERATED identifier, OCTET STRING hex,
 * BIT STRING hex (fixed size) or {"value": hex, "length": bits}, SEQUENCE OF
 * array; open types as the JSON of their decoded value.
 */
#ifndef JER_H
#define JER_H

#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "reason.h"

struct asn_TYPE_descriptor_s;

/* Append the JER of value v of type td.  Open types that cannot be decoded
 * are written as hex with an "unknown" member beside them and counted in
 * *unknown (may be NULL). */
enum reason	 jer_write(struct buf *, struct asn_TYPE_descriptor_s *td,
		    const void *v, int *unknown, char *err, size_t errlen);

/* Append a decoded message as one JSON object (no newline):
 * {"family":..,"pdu":..,"type":..,"value":..[,"trailing":N]} */
enum reason	 jer_write_msg(struct buf *, const struct msg *, char *err,
		    size_t errlen);

/* Build a value of type td from JSON text. */
enum reason	 jer_read(struct asn_TYPE_descriptor_s *td, const char *text,
		    size_t len, void **out, char *err, size_t errlen);

/* Build a message from one JSON line: either jer_write_msg's object (its
 * "pdu" names the type), or a bare value of type deftype (NULL: the
 * family's MessageFrame).  m is filled for msg_encode(). */
enum reason	 jer_read_msg(struct msg *m, enum msg_family,
		    struct asn_TYPE_descriptor_s *deftype, const char *text,
		    size_t len, char *err, size_t errlen);

/* Append s as a JSON string literal (7-bit text; other bytes escaped as
 * \u00XX). */
void		 jer_string(struct buf *, const char *s, size_t n);
/* The same for UTF-8 text: valid sequences are kept as they are. */
void		 jer_string_utf8(struct buf *, const char *s, size_t n);

#endif
