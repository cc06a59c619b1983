/*
 * scalar.c: INTEGER and ENUMERATED values of asn1c 0.9.28 structures as
 * the JER and XER printers and readers write them: the number, signed or
 * not as the type says, and enumerators by value and by name (with
 * "(extension N)" for a value of a later edition, as NativeEnumerated
 * keeps it).
 */
#include <stdio.h>
#include <string.h>

#include "asn_int.h"
#include "buf.h"

void
integer_print(struct buf *b, const asn_TYPE_descriptor_t *td, const void *p)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;

	if (sp != NULL && sp->field_unsigned)
		buf_addulong(b, *(const unsigned long *)p);
	else
		buf_addlong(b, *(const long *)p);
}

const asn_INTEGER_enum_map_t *
enum_by_value(const asn_TYPE_descriptor_t *td, long v)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;
	int	 lo = 0, hi, mid;

	if (sp == NULL)
		return NULL;
	hi = sp->map_count - 1;
	while (lo <= hi) {	/* value2enum is sorted by value */
		mid = (lo + hi) / 2;
		if (sp->value2enum[mid].nat_value == v)
			return &sp->value2enum[mid];
		if (sp->value2enum[mid].nat_value < v)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int
enum_by_name(const asn_TYPE_descriptor_t *td, const char *s, size_t n,
    long *v)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;
	int	 i, ext, used = 0;

	/* A later edition's value, as the printers write it. */
	if (sscanf(s, "(extension %d)%n", &ext, &used) == 1 &&
	    (size_t)used == n && ext >= 0 && ext < 0x10000 && sp != NULL &&
	    sp->extension) {
		*v = ASN_ENUM_UNKNOWN(ext);
		return 0;
	}
	for (i = 0; sp != NULL && i < sp->map_count; i++)
		if (sp->value2enum[i].enum_len == n &&
		    memcmp(sp->value2enum[i].enum_name, s, n) == 0) {
			*v = sp->value2enum[i].nat_value;
			return 0;
		}
	return -1;
}
