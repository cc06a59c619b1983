/*
 * member.c: where a member of an asn1c 0.9.28 SEQUENCE or CHOICE structure
 * lives: at memb_offset, in place or (ATF_POINTER: OPTIONAL members and
 * recursive types) behind a pointer.
 */
#include <stdlib.h>
#include <string.h>

#include "asn_int.h"
#include "codec.h"

const void *
member_ptr(const asn_TYPE_member_t *m, const void *sptr)
{
	const void *p = (const char *)sptr + m->memb_offset;

	if (m->flags & ATF_POINTER)
		p = *(const void *const *)p;
	return p;
}

int
member_index(const asn_TYPE_descriptor_t *td, const char *name)
{
	int	 i;

	for (i = 0; i < td->elements_count; i++)
		if (strcmp(td->elements[i].name, name) == 0)
			return i;
	return -1;
}

void *
member_slot(const asn_TYPE_member_t *m, void *sptr)
{
	void	**pp, *p = (char *)sptr + m->memb_offset;

	if (!(m->flags & ATF_POINTER))
		return p;
	pp = p;
	if (*pp == NULL)
		*pp = calloc(1, codec_struct_size(m->type));
	return *pp;
}
