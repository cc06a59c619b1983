/*
 * xer.h: XML (XER) in and out as asn1c-based tools print it, generic over
 * the asn1c type descriptors, with open types decoded in place inside a
 * type-name element (<value><SPAT>...</SPAT></value>).  Basic XER of
 * ITU-T X.693 in asn1c 0.9.28's dialect; reading by libxml2.
 */
#ifndef XER_H
#define XER_H

#include <stddef.h>

#include "buf.h"
#include "msg.h"
#include "reason.h"

struct asn_TYPE_descriptor_s;

/* Append the XER of value v of type td, pretty-printed, ending in newline:
 * the root element is the type's name, OCTET STRING is hex in one piece,
 * BIT STRING its bits on one line, an empty element <x/>.  Open types that
 * cannot be decoded are written as hex. */
enum reason	 xer_write(struct buf *, struct asn_TYPE_descriptor_s *td,
		    const void *v, char *err, size_t errlen);

/* Append the XER of a decoded message's PDU (its MessageFrame value in
 * place, pre-decoded). */
enum reason	 xer_write_msg(struct buf *, const struct msg *, char *err,
		    size_t errlen);

/* Build a value of type td from one XER document whose root element is the
 * type's name.  Unparsable XML is REASON_BAD_JSON, a wrong shape
 * REASON_JSON_TYPE (details start "XML:"). */
enum reason	 xer_read(struct asn_TYPE_descriptor_s *td, const char *text,
		    size_t len, void **out, char *err, size_t errlen);

/* Build a message from one XER document whose root element names the PDU
 * (deftype, if not NULL, must match it).  m is filled for msg_encode(). */
enum reason	 xer_read_msg(struct msg *m, enum msg_family,
		    struct asn_TYPE_descriptor_s *deftype, const char *text,
		    size_t len, char *err, size_t errlen);

/* Find the next document in p[0..n) of XER documents written one after the
 * other: [*start, *end) is its prolog (XML declaration, comments) and root
 * element up to its end tag.  Text outside markup at the top level makes a
 * document of the rest of its line (which then fails to parse); a document
 * that does not end takes the rest of the input.  Returns 0 when p[0..n)
 * holds nothing more than white space, comments and processing
 * instructions. */
int		 xer_next(const char *p, size_t n, size_t *start, size_t *end);

/* asn1c's names of the control characters 0..31 in strings (<nul/>, ...),
 * NULL for those written as themselves. */
extern const char *const xer_control_names[32];

#endif
