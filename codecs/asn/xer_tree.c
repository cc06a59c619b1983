/*
 * xer_tree.c: the XER (ITU-T X.693) reader's structured values: open types,
 * SEQUENCE, CHOICE, SEQUENCE OF and SET OF, and the dispatch on a type
 * descriptor that reads any value (see xer_in.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "constr_SET_OF.h"

#include "codec.h"
#include "xer_int.h"

#define XER_MAX_DEPTH	64

/* Encode the value inside n as open type o into the octets os, or take
 * n's hex. */
static enum reason
r_open(struct xr *r, const struct msg_open *o, xmlNode *n, OCTET_STRING_t *os,
    int depth)
{
	xmlNode		*c;
	void		*v;
	enum reason	 e;

	if ((c = first_elem(n)) == NULL)
		return xr_octets(r, n, os);
	if ((e = xr_only_elements(r, n)) != REASON_OK)
		return e;
	if (xr_elem_count(n) != 1)
		return xr_fail(r, REASON_JSON_TYPE, n,
		    "expected one element (the value) or hex");
	if (o->td == NULL)
		return xr_fail(r, REASON_JSON_TYPE, n,
		    "no type is known for %s "
		    "%ld: give the value as hex", o->idname, o->id);
	if (strcmp(nm(c), o->td->xml_tag) != 0)
		return xr_fail(r, REASON_JSON_TYPE, n,
		    "expected <%s> (the type "
		    "of %s %ld), found <%.64s>", o->td->xml_tag, o->idname,
		    o->id, nm(c));
	if ((v = calloc(1, codec_struct_size(o->td))) == NULL)
		return xr_nomem(r);
	if ((e = xr_value(r, NULL, o->td, c, v, o->td->name, depth + 1)) !=
	    REASON_OK ||
	    (e = codec_check(o->td, v, r->err, r->errlen)) != REASON_OK) {
		codec_free(o->td, v);
		return e;
	}
	return codec_encode_open(o->td, v, os, r->err, r->errlen);
}

/* Whether name is the element of a member of td after the i-th, or of a
 * component of an extension addition group stand-in after it (its own
 * name, such as "ext1", is no element: see w_sequence in xer_out.c). */
static int
member_later(const asn_TYPE_descriptor_t *td, int i, const char *name)
{
	for (i++; i < td->elements_count; i++) {
		if (member_is_group(td, i)) {
			if (member_later(td->elements[i].type, -1, name))
				return 1;
		} else if (strcmp(td->elements[i].name, name) == 0)
			return 1;
	}
	return 0;
}

/* The name of an extension addition group stand-in of td, or NULL. */
static const char *
group_name(const asn_TYPE_descriptor_t *td, const char *name)
{
	int	 i;

	for (i = 0; i < td->elements_count; i++)
		if (member_is_group(td, i) &&
		    strcmp(td->elements[i].name, name) == 0)
			return td->elements[i].name;
	return NULL;
}

/*
 * The members of SEQUENCE td from the elements at *cp on, in definition
 * order, into sptr; *cp is left at the first element not taken.  A group
 * stand-in is present when the next element is one of its components,
 * which are read from the same level (X.693 has no element for a group);
 * parent is the SEQUENCE holding group td, NULL when td is no group: a
 * group that has begun must be complete, since the parent's loop would
 * take the element where a mandatory component is missing.
 */
static enum reason
r_members(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, xmlNode **cp,
    void *sptr, const char *owner, const asn_TYPE_descriptor_t *parent,
    int depth)
{
	struct msg_open	 o;
	xmlNode		*c = *cp;
	enum reason	 e;
	void		*slot;
	int		 i;
	const char	*shown = parent != NULL ? parent->name : td->name;

	for (i = 0; i < td->elements_count; i++) {
		const asn_TYPE_member_t *m = &td->elements[i];

		if (member_is_group(td, i)) {
			if (c == NULL || !member_later(m->type, -1, nm(c)))
				continue;
			if ((slot = member_slot(m, sptr)) == NULL)
				return xr_nomem(r);
			if ((e = r_members(r, m->type, n, &c, slot, td->name,
			    td, depth + 1)) != REASON_OK)
				return e;
			continue;
		}
		if (c == NULL || strcmp(nm(c), m->name) != 0) {
			if ((m->flags & ATF_POINTER) || m->optional)
				continue;
			if (c != NULL && parent == NULL &&
			    !member_later(td, i, nm(c)))
				break;	/* a stranger, or one seen before */
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "%s needs member <%s>%s", shown, m->name,
			    c != NULL ? " here" : "");
		}
		if ((slot = member_slot(m, sptr)) == NULL)
			return xr_nomem(r);
		if (msg_open_resolve(td, owner, sptr, &o) && i == o.member)
			e = r_open(r, &o, c, slot, depth);
		else
			e = xr_value(r, m, m->type, c, slot, td->name, depth + 1);
		if (e != REASON_OK)
			return e;
		c = next_elem(c->next);
	}
	*cp = c;
	return REASON_OK;
}

/* SEQUENCE: the members' elements in their definition order. */
static enum reason
r_sequence(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *sptr,
    const char *owner, int depth)
{
	xmlNode		*c;
	enum reason	 e;

	if ((e = xr_only_elements(r, n)) != REASON_OK)
		return e;
	c = first_elem(n);
	if ((e = r_members(r, td, n, &c, sptr, owner, NULL, depth)) !=
	    REASON_OK || c == NULL)
		return e;
	if (group_name(td, nm(c)) != NULL)
		return xr_fail(r, REASON_JSON_TYPE, c,
		    "<%s> is no XER element: "
		    "a group's components go directly in <%s> (X.693)",
		    nm(c), nm(n));
	if (member_later(td, -1, nm(c)))
		return xr_fail(r, REASON_JSON_TYPE, c, "member <%s> of %s is "
		    "repeated or out of order (XER keeps the definition "
		    "order)", nm(c), td->name);
	return xr_fail(r, REASON_JSON_TYPE, c, "%s has no member <%.64s>",
	    td->name, nm(c));
}

/* CHOICE: the chosen alternative's element c. */
static enum reason
r_alternative(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *c,
    void *sptr, int depth)
{
	void		*slot;
	int		 i;

	if ((i = member_index(td, nm(c))) < 0)
		return xr_fail(r, REASON_JSON_TYPE, c,
		    "%s has no alternative <%.64s>", td->name, nm(c));
	choice_select(td, sptr, i);
	if ((slot = member_slot(&td->elements[i], sptr)) == NULL)
		return xr_nomem(r);
	return xr_value(r, &td->elements[i], td->elements[i].type, c, slot,
	    td->name, depth + 1);
}

static enum reason
r_choice(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *sptr,
    int depth)
{
	enum reason	 e;
	int		 k;

	if ((e = xr_only_elements(r, n)) != REASON_OK)
		return e;
	if ((k = xr_elem_count(n)) != 1)
		return xr_fail(r, REASON_JSON_TYPE, n,
		    "expected one alternative "
		    "of %s, found %d elements", td->name, k);
	return r_alternative(r, td, first_elem(n), sptr, depth);
}

/* An item of a list written without wrapper elements: the item is c
 * itself (<name/>, <true/>, <NULL/>, or a CHOICE's alternative). */
static enum reason
r_bare(struct xr *r, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    xmlNode *c, void *p, const char *owner, int depth)
{
	enum codec_kind	 k = codec_kind(td);

	if (k == CK_CHOICE)
		return r_alternative(r, td, c, p, depth);
	if (k != CK_ENUM && k != CK_BOOLEAN && k != CK_NULL)
		return xr_value(r, mem, td, c, p, owner, depth);
	if (!xr_is_empty(c))
		return xr_fail(r, REASON_JSON_TYPE, c,
		    "expected an empty element "
		    "(an item of a list of %s)", td->name);
	if (k == CK_ENUM)
		return xr_enum_lookup(r, td, c, nm(c), p);
	if (k == CK_BOOLEAN)
		return xr_bool_token(r, c, nm(c), p);
	if (strcmp(nm(c), td->xml_tag) != 0)
		return xr_fail(r, REASON_JSON_TYPE, c, "expected <%s/>",
		    td->xml_tag);
	return REASON_OK;
}

static enum reason
r_list(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *p,
    const char *owner, int depth)
{
	const asn_SET_OF_specifics_t *sp = td->specifics;
	const asn_TYPE_member_t *mem = &td->elements[0];
	asn_TYPE_descriptor_t *et = mem->type;
	const char	*name = NULL;
	xmlNode		*c;
	enum reason	 e;
	void		*elem;

	if ((e = xr_only_elements(r, n)) != REASON_OK)
		return e;
	if (!sp->as_XMLValueList)
		name = *mem->name ? mem->name : et->xml_tag;
	for (c = first_elem(n); c != NULL; c = next_elem(c->next)) {
		if (name != NULL && strcmp(nm(c), name) != 0)
			return xr_fail(r, REASON_JSON_TYPE, c,
			    "expected <%s> (an "
			    "item of %s), found <%.64s>", name, td->name,
			    nm(c));
		if ((elem = calloc(1, codec_struct_size(et))) == NULL)
			return xr_nomem(r);
		if (name != NULL)
			e = xr_value(r, mem, et, c, elem, owner, depth + 1);
		else
			e = r_bare(r, mem, et, c, elem, owner, depth + 1);
		if (e == REASON_OK && asn_set_add(p, elem) != 0)
			e = xr_nomem(r);
		if (e != REASON_OK) {
			codec_free(et, elem);
			return e;
		}
	}
	return REASON_OK;
}

/* The value of type td held by element n, into p. */
enum reason
xr_value(struct xr *r, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    xmlNode *n, void *p, const char *owner, int depth)
{
	(void)mem;
	if (depth > XER_MAX_DEPTH)
		return xr_fail(r, REASON_TOO_DEEP, n, "nesting too deep");
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return r_sequence(r, td, n, p, owner, depth);
	case CK_CHOICE:
		return r_choice(r, td, n, p, depth);
	case CK_SEQOF:
		return r_list(r, td, n, p, owner, depth);
	case CK_INTEGER:
	case CK_BIGINT:
		return xr_integer(r, td, n, p);
	case CK_ENUM:
		return xr_enum(r, td, n, p);
	case CK_BOOLEAN:
		return xr_bool(r, n, p);
	case CK_NULL:
		if (!xr_is_empty(n))
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "expected an empty element (NULL)");
		return REASON_OK;
	case CK_OCTETS:
		return xr_octets(r, n, p);
	case CK_STRING:
	case CK_UTF8:
		return xr_string(r, n, p);
	case CK_BITS:
		return xr_bits(r, n, p);
	default:
		return xr_fail(r, REASON_UNKNOWN_TYPE, n,
		    "%s: type not supported "
		    "in XER", td->name);
	}
}

enum reason
xr_read_value(asn_TYPE_descriptor_t *td, xmlNode *root, void **out, char *err,
    size_t errlen)
{
	struct xr	 r;
	enum reason	 e;
	void		*v;

	r.err = err;
	r.errlen = errlen;
	*out = NULL;
	if ((v = calloc(1, codec_struct_size(td))) == NULL)
		return xr_nomem(&r);
	if ((e = xr_value(&r, NULL, td, root, v, td->name, 0)) != REASON_OK) {
		codec_free(td, v);
		return e;
	}
	*out = v;
	return REASON_OK;
}
