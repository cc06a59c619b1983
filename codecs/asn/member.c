/*
 * member.c: where a member of an asn1c 0.9.28 SEQUENCE or CHOICE structure
 * lives: at memb_offset, in place or (ATF_POINTER: OPTIONAL members and
 * recursive types) behind a pointer.
 */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "asn_int.h"
#include "codec.h"
#include "constr_SEQUENCE.h"

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

/*
 * The marks of a group stand-in in asn1c's tables (see LaneInformation.c in
 * build/gen/etsi), all required: an extension addition (between ext_after
 * and ext_before) that is OPTIONAL (ATF_POINTER: X.691 19.9 makes a group
 * one optional addition, even with mandatory components), whose type is a
 * SEQUENCE defined in place (its descriptor is named after the member,
 * where a referenced type is named after the type), not extensible itself
 * (a group has no "..."), and named "ext" and digits, the name asn1c gives
 * a group from version 0.9.29 on.  tests/unit_codecs.c checks that these
 * marks find exactly the groups the modules declare ("-- V2 group").
 */
int
member_is_group(const asn_TYPE_descriptor_t *td, int i)
{
	const asn_SEQUENCE_specifics_t *sp, *isp;
	const asn_TYPE_member_t *m;
	const char	*s;

	if (codec_kind(td) != CK_SEQUENCE || i < 0 || i >= td->elements_count)
		return 0;
	sp = td->specifics;
	m = &td->elements[i];
	if (sp == NULL || i <= sp->ext_after || i >= sp->ext_before ||
	    !(m->flags & ATF_POINTER) || codec_kind(m->type) != CK_SEQUENCE ||
	    strcmp(m->type->name, m->name) != 0)
		return 0;
	isp = m->type->specifics;
	if (isp == NULL || isp->ext_after >= 0 || isp->ext_before >= 0)
		return 0;
	if (strncmp(m->name, "ext", 3) != 0 || m->name[3] == '\0')
		return 0;
	for (s = m->name + 3; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}
