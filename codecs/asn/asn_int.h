/*
 * asn_int.h: access to asn1c 0.9.28 structures through their type
 * descriptors, shared by the UPER wrapper, the JER and XER readers and
 * writers and the random value generator: which CHOICE alternative is
 * present, where a member of a SEQUENCE or CHOICE lives, INTEGER and
 * ENUMERATED values as text; and the asn1c skeleton headers they all use.
 */
#ifndef ASN_INT_H
#define ASN_INT_H

#include "asn_application.h"
#include "asn_SET_OF.h"
#include "constr_CHOICE.h"
#include "INTEGER.h"
#include "BOOLEAN.h"
#include "OCTET_STRING.h"
#include "BIT_STRING.h"
#include "NativeEnumerated.h"

#include "buf.h"

/* Index + 1 of the alternative present in a CHOICE value, 0 if none. */
int		 choice_present(const asn_TYPE_descriptor_t *, const void *sptr);

/* Mark alternative i (0-based) present in a CHOICE value; the value of the
 * alternative itself is left to the caller. */
void		 choice_select(const asn_TYPE_descriptor_t *, void *sptr, int i);

/* The index of the member called name, or -1. */
int		 member_index(const asn_TYPE_descriptor_t *, const char *name);

/* The value of member m in structure sptr: NULL for an absent pointed-to
 * (OPTIONAL) member. */
const void	*member_ptr(const asn_TYPE_member_t *m, const void *sptr);

/* Whether member i of SEQUENCE td stands for an extension addition group
 * [[ ... ]] (X.680 25.1): asn1c 0.9.28 cannot compile a group (it flattens
 * it into separate additions, wrong on the wire, asn1/SKELETONS.md), so our
 * modules write one as an OPTIONAL extension addition "extN SEQUENCE
 * { ... }" (asn1/etsi/IVI.asn), which X.691 19.9 encodes alike.  JER and XER
 * put its components directly in the enclosing object (X.697, X.693), so
 * the readers and writers must know it: see member.c for the marks. */
int		 member_is_group(const asn_TYPE_descriptor_t *td, int i);

/* Storage for member m in structure sptr, allocating (zeroed) a pointed-to
 * member that is not there yet; NULL if that allocation fails. */
void		*member_slot(const asn_TYPE_member_t *m, void *sptr);

/* Append the number p points to, of INTEGER type td (scalar.c). */
void		 integer_print(struct buf *, const asn_TYPE_descriptor_t *td,
		    const void *p);
/* The enumerator of value v of ENUMERATED type td, or NULL. */
const asn_INTEGER_enum_map_t *enum_by_value(const asn_TYPE_descriptor_t *td,
		    long v);
/* The value of the enumerator named s[0..n) of td, or of "(extension N)"
 * (a later edition's value N, of an extensible type): 0, or -1. */
int		 enum_by_name(const asn_TYPE_descriptor_t *td, const char *s,
		    size_t n, long *v);

/* Replace the octets of open type os with the UPER encoding of v, of type
 * td, which is freed (codec.c). */
enum reason	 codec_encode_open(asn_TYPE_descriptor_t *td, void *v,
		    OCTET_STRING_t *os, char *err, size_t errlen);

#endif
