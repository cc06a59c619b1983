/*
 * xer_int.h: what the XER (ITU-T X.693) reader files share and nobody else
 * needs: xer_in.c (documents, diagnostics, element helpers), xer_leaf.c
 * (leaf values) and xer_tree.c (structured values).
 */
#ifndef XER_INT_H
#define XER_INT_H

#include <libxml/tree.h>

#include "asn_int.h"
#include "msg_int.h"

/* State of one read: where its error message goes. */
struct xr {
	char	*err;
	size_t	 errlen;
};

static inline const char *
nm(const xmlNode *n)
{
	return (const char *)n->name;
}

static inline int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int
all_ws(const xmlChar *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!is_ws(*s))
			return 0;
	return 1;
}

static inline xmlNode *
next_elem(xmlNode *c)
{
	for (; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static inline xmlNode *
first_elem(xmlNode *n)
{
	return next_elem(n->children);
}

/* xer_in.c: a message in r->err about node n (with its path), returning
 * why; out of memory; and element content. */
enum reason	 xr_fail(struct xr *r, enum reason why, const xmlNode *n,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
enum reason	 xr_nomem(struct xr *r);
int		 xr_elem_count(xmlNode *n);
enum reason	 xr_only_elements(struct xr *r, xmlNode *n);
int		 xr_is_empty(xmlNode *n);

/* xer_leaf.c: leaf values. */
enum reason	 xr_leaf_token(struct xr *r, xmlNode *n, struct buf *b);
enum reason	 xr_octets(struct xr *r, xmlNode *n, OCTET_STRING_t *os);
enum reason	 xr_bits(struct xr *r, xmlNode *n, BIT_STRING_t *bs);
enum reason	 xr_string(struct xr *r, xmlNode *n, OCTET_STRING_t *os);
enum reason	 xr_integer(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n,
		    void *p);
enum reason	 xr_enum_lookup(struct xr *r, const asn_TYPE_descriptor_t *td,
		    xmlNode *n, const char *s, long *out);
enum reason	 xr_enum(struct xr *r, const asn_TYPE_descriptor_t *td,
		    xmlNode *n, long *out);
enum reason	 xr_bool_token(struct xr *r, xmlNode *n, const char *s,
		    BOOLEAN_t *out);
enum reason	 xr_bool(struct xr *r, xmlNode *n, BOOLEAN_t *out);

/* xer_tree.c: any value, and a whole one from its root element. */
enum reason	 xr_value(struct xr *r, const asn_TYPE_member_t *mem,
		    asn_TYPE_descriptor_t *td, xmlNode *n, void *p,
		    const char *owner, int depth);
enum reason	 xr_read_value(asn_TYPE_descriptor_t *td, xmlNode *root,
		    void **out, char *err, size_t errlen);

#endif
