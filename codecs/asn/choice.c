/*
 * choice.c: the presence indicator of an asn1c 0.9.28 CHOICE structure
 * (asn_CHOICE_specifics_t: an int, short or char at pres_offset, holding
 * the alternative's index + 1, 0 for none).
 */
#include <stdint.h>

#include "constr_CHOICE.h"

#include "asn_int.h"

int
choice_present(const asn_TYPE_descriptor_t *td, const void *sptr)
{
	const asn_CHOICE_specifics_t *sp = td->specifics;
	const char *p = (const char *)sptr + sp->pres_offset;

	switch (sp->pres_size) {
	case sizeof(int):
		return *(const int *)p;
	case sizeof(short):
		return *(const short *)p;
	case sizeof(char):
		return *(const signed char *)p;
	default:
		return 0;
	}
}

void
choice_select(const asn_TYPE_descriptor_t *td, void *sptr, int i)
{
	const asn_CHOICE_specifics_t *sp = td->specifics;
	char	*p = (char *)sptr + sp->pres_offset;

	switch (sp->pres_size) {
	case sizeof(int):
		*(int *)p = i + 1;
		break;
	case sizeof(short):
		*(short *)p = (short)(i + 1);
		break;
	default:
		*(signed char *)p = (signed char)(i + 1);
		break;
	}
}
