/*
 * codec.h: the one wrapper over asn1c (0.9.28) generated code.  Everything
 * else in the library reaches asn1c's UPER decoder and encoder, constraint
 * checker and structures through these calls and the type descriptors.
 */
#ifndef CODEC_H
#define CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

struct asn_TYPE_descriptor_s;
struct asn_TYPE_member_s;

/* What a descriptor is, seen from a generic walker (JER, XER, random). */
enum codec_kind {
	CK_OTHER = 0,
	CK_SEQUENCE,
	CK_CHOICE,
	CK_SEQOF,		/* SEQUENCE OF and SET OF */
	CK_INTEGER,		/* native long / unsigned long */
	CK_ENUM,		/* native ENUMERATED */
	CK_BOOLEAN,
	CK_NULL,
	CK_OCTETS,		/* OCTET STRING (and open types, as we model them) */
	CK_BITS,		/* BIT STRING */
	CK_STRING,		/* IA5String, VisibleString, ... (7-bit) */
	CK_UTF8,		/* UTF8String */
	CK_BIGINT,		/* INTEGER_t: ranges beyond a long's 32 bits
				 * that asn1c does not make native */
};

/* Settle asn1c's lazily inherited descriptors reachable from the NULL
 * terminated list, so that codec_kind() can tell them apart.  Idempotent;
 * call before any other codec_ function (msg_init() does). */
void		codec_init(struct asn_TYPE_descriptor_s *const *roots);

enum codec_kind	codec_kind(const struct asn_TYPE_descriptor_s *);

/* Size of the C structure that represents a value of the type. */
size_t		codec_struct_size(const struct asn_TYPE_descriptor_s *);

/* Effective size constraint of a string or list type as seen from a member
 * (member may be NULL): lb, ub, or -1 when not constrained.  Returns 1 when
 * the size is fixed (lb == ub, not extensible). */
int		codec_size_range(const struct asn_TYPE_member_s *,
		    const struct asn_TYPE_descriptor_s *, long *lb, long *ub);

/* Decode one UPER value from p[0..n).  On success *out is the new structure
 * (free with codec_free) and *used the number of bytes it took (the last one
 * possibly partly).  Decoding does not check constraints: codec_check does. */
enum reason	codec_decode(struct asn_TYPE_descriptor_s *, const uint8_t *p,
		    size_t n, void **out, size_t *used, char *err, size_t errlen);

/* Append the UPER encoding of v to out. */
enum reason	codec_encode(struct asn_TYPE_descriptor_s *, const void *v,
		    struct buf *out, char *err, size_t errlen);

/* Check every constraint of v; REASON_CONSTRAINT with the failing one. */
enum reason	codec_check(struct asn_TYPE_descriptor_s *, const void *v,
		    char *err, size_t errlen);

/* Index + 1 of the alternative present in a CHOICE value, 0 if none. */
int		codec_choice_present(const struct asn_TYPE_descriptor_s *,
		    const void *);

/* A CK_BIGINT value as a long (they fit: our schemas stay within 63 bits);
 * -1 if it does not. */
int		codec_bigint_get(const void *, long *);
int		codec_bigint_set(void *, long);

/* Free a structure made by codec_decode or by the JSON/XER readers. */
void		codec_free(struct asn_TYPE_descriptor_s *, void *);

#endif
