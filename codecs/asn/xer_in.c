/*
 * xer_in.c: XML input, basic XER (ITU-T X.693) as asn1c 0.9.28 writes it,
 * into asn1c structures, generic over the type descriptors; parsing by
 * libxml2 without network access, DTDs or entity expansion.  Open types are
 * given as their value inside an element named after their type (encoded
 * here into their octets), or as hex.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "constr_SET_OF.h"

#include "asn_int.h"
#include "codec.h"
#include "msg_int.h"
#include "xer.h"

#define XER_MAX_DEPTH	64
#define XER_PATH_MAX	300	/* libxml2 stops at 256 levels anyway */
#define XER_PATH_SHOWN	100	/* characters of a path in messages */

struct xr {
	char	*err;
	size_t	 errlen;
};

static enum reason r_value(struct xr *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, xmlNode *, void *, const char *, int);

static const char *
nm(const xmlNode *n)
{
	return (const char *)n->name;
}

static int
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
all_ws(const xmlChar *s)
{
	if (s == NULL)
		return 1;
	for (; *s != '\0'; s++)
		if (!is_ws(*s))
			return 0;
	return 1;
}

/* Where n is: Root/member/Item[3]/..., for messages. */
static void
node_path(const xmlNode *n, char *out, size_t len)
{
	const xmlNode	*chain[XER_PATH_MAX], *s;
	size_t		 off = 0;
	int		 depth = 0, i, idx, same;

	for (; n != NULL && n->type == XML_ELEMENT_NODE && depth < XER_PATH_MAX;
	    n = n->parent)
		chain[depth++] = n;
	out[0] = '\0';
	for (i = depth - 1; i >= 0 && off < len; i--) {
		idx = same = 0;
		for (s = chain[i]->parent ? chain[i]->parent->children : NULL;
		    s != NULL; s = s->next) {
			if (s->type != XML_ELEMENT_NODE ||
			    strcmp(nm(s), nm(chain[i])) != 0)
				continue;
			same++;
			if (s == chain[i])
				idx = same;
		}
		off += snprintf(out + off, len - off, "%s%.64s", off ? "/" : "",
		    nm(chain[i]));
		if (same > 1 && off < len)
			off += snprintf(out + off, len - off, "[%d]", idx);
	}
}

static enum reason
fail(struct xr *r, enum reason why, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum reason
fail(struct xr *r, enum reason why, const xmlNode *n, const char *fmt, ...)
{
	char		 what[200], path[1024];
	const char	*tail;
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	node_path(n, path, sizeof(path));
	/* What went wrong first; of a long path, its end is what tells. */
	if (strlen(path) > XER_PATH_SHOWN &&
	    (tail = strchr(path + strlen(path) - XER_PATH_SHOWN, '/')) != NULL)
		snprintf(r->err, r->errlen, "XML: %s (at ...%s, line %ld of "
		    "the document)", what, tail, xmlGetLineNo(n));
	else
		snprintf(r->err, r->errlen, "XML: %s (at %s, line %ld of the "
		    "document)", what, path, xmlGetLineNo(n));
	return why;
}

static enum reason
nomem(struct xr *r)
{
	snprintf(r->err, r->errlen, "out of memory");
	return REASON_NOMEM;
}

static xmlNode *
next_elem(xmlNode *c)
{
	for (; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static xmlNode *
first_elem(xmlNode *n)
{
	return next_elem(n->children);
}

static int
elem_count(xmlNode *n)
{
	xmlNode	*c;
	int	 k = 0;

	for (c = first_elem(n); c != NULL; c = next_elem(c->next))
		k++;
	return k;
}

/* Content made of elements only (white space, comments and processing
 * instructions between them are ignored). */
static enum reason
only_elements(struct xr *r, xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		switch (c->type) {
		case XML_ELEMENT_NODE:
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!all_ws(c->content))
				return fail(r, REASON_JSON_TYPE, n,
				    "text \"%.32s\" where elements were "
				    "expected", (const char *)c->content);
			break;
		default:
			return fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
		}
	}
	return REASON_OK;
}

/* An element without content, such as <true/>. */
static int
is_empty(xmlNode *n)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE ||
		    ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && !all_ws(c->content)) ||
		    c->type == XML_ENTITY_REF_NODE)
			return 0;
	return 1;
}

/* The text of a leaf element, appended to b (NUL-terminated). */
static enum reason
leaf_text(struct xr *r, xmlNode *n, struct buf *b)
{
	xmlNode	*c;

	for (c = n->children; c != NULL; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				buf_adds(b, (const char *)c->content);
			break;
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		case XML_ELEMENT_NODE:
			return fail(r, REASON_JSON_TYPE, n, "element <%.64s> "
			    "where text was expected", nm(c));
		default:
			return fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
		}
	}
	buf_cstr(b);
	return b->oom ? nomem(r) : REASON_OK;
}

/* The text of a leaf element without any white space in it. */
static enum reason
leaf_token(struct xr *r, xmlNode *n, struct buf *b)
{
	enum reason	 e;
	size_t		 i, k = 0;

	if ((e = leaf_text(r, n, b)) != REASON_OK)
		return e;
	for (i = 0; i < b->len; i++)
		if (!is_ws((unsigned char)b->p[i]))
			b->p[k++] = b->p[i];
	b->len = k;
	buf_cstr(b);
	return REASON_OK;
}

static enum reason
r_octets(struct xr *r, xmlNode *n, OCTET_STRING_t *os)
{
	struct buf	 b;
	enum reason	 e;
	uint8_t		*p;
	size_t		 i;
	long		 got;

	buf_init(&b);
	if ((e = leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	for (i = 0; i < b.len; i++)
		if (!strchr("0123456789abcdefABCDEF", b.p[i]))
			break;
	if ((p = malloc(b.len / 2 + 1)) == NULL) {
		e = nomem(r);
		goto out;
	}
	if (i < b.len || (got = hex_decode(b.p, b.len, p, b.len / 2 + 1)) < 0) {
		free(p);
		e = fail(r, REASON_BAD_HEX, n, "expected hexadecimal octets");
		goto out;
	}
	p[got] = 0;
	os->buf = p;
	os->size = (int)got;
 out:
	buf_free(&b);
	return e;
}

static enum reason
r_bits(struct xr *r, xmlNode *n, BIT_STRING_t *bs)
{
	struct buf	 b;
	enum reason	 e;
	uint8_t		*p;
	size_t		 i;

	buf_init(&b);
	if ((e = leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	if (b.len > INT_MAX / 2) {
		e = fail(r, REASON_CONSTRAINT, n, "bit string too long");
		goto out;
	}
	if ((p = calloc(1, b.len / 8 + 1)) == NULL) {
		e = nomem(r);
		goto out;
	}
	for (i = 0; i < b.len; i++) {
		if (b.p[i] == '1')
			p[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		else if (b.p[i] != '0') {
			free(p);
			e = fail(r, REASON_JSON_TYPE, n,
			    "expected bits (0 and 1), found '%c'", b.p[i]);
			goto out;
		}
	}
	bs->buf = p;
	bs->size = (int)((b.len + 7) / 8);
	bs->bits_unused = (int)(bs->size * 8 - b.len);
 out:
	buf_free(&b);
	return e;
}

/* Control characters are elements (<nul/>, X.680 clause 11.15.5). */
static int
control_char(const char *name)
{
	static const char *const x680[] = { "dc1", "dc2", "dc3", "dc4" };
	int	 i;

	for (i = 0; i < 32; i++)
		if (xer_control_names[i] != NULL &&
		    strcmp(xer_control_names[i], name) == 0)
			return i;
	for (i = 0; i < 4; i++)
		if (strcmp(x680[i], name) == 0)
			return 17 + i;
	if (strcmp(name, "ht") == 0)
		return '\t';
	if (strcmp(name, "lf") == 0)
		return '\n';
	if (strcmp(name, "cr") == 0)
		return '\r';
	if (strcmp(name, "del") == 0)
		return 0x7f;
	return -1;
}

static enum reason
r_string(struct xr *r, xmlNode *n, OCTET_STRING_t *os)
{
	struct buf	 b;
	enum reason	 e = REASON_OK;
	xmlNode		*c;
	int		 ch;

	buf_init(&b);
	for (c = n->children; c != NULL && e == REASON_OK; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content != NULL)
				buf_adds(&b, (const char *)c->content);
			break;
		case XML_COMMENT_NODE:
		case XML_PI_NODE:
			break;
		case XML_ELEMENT_NODE:
			if (!is_empty(c) || (ch = control_char(nm(c))) < 0)
				e = fail(r, REASON_JSON_TYPE, n, "element "
				    "<%.64s> in a string (only control "
				    "characters such as <nul/>)", nm(c));
			else
				buf_addc(&b, (char)ch);
			break;
		default:
			e = fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
			break;
		}
	}
	if (e == REASON_OK) {
		buf_cstr(&b);	/* a buffer even for "" */
		if (b.oom || OCTET_STRING_fromBuf(os, b.p, (int)b.len) != 0)
			e = nomem(r);
	}
	buf_free(&b);
	return e;
}

/* A decimal integer: -?[0-9]+ */
static int
is_decimal(const char *s, int sign)
{
	if (sign && *s == '-')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static enum reason
r_integer(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *p)
{
	const asn_INTEGER_specifics_t *isp = td->specifics;
	struct buf	 b;
	enum reason	 e;
	char		*end;
	long		 v;
	unsigned long	 u;

	buf_init(&b);
	if ((e = leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	if (!is_decimal(b.p, 1)) {
		e = fail(r, REASON_JSON_TYPE, n, "expected an integer, found "
		    "\"%.32s\"", b.p);
		goto out;
	}
	errno = 0;
	if (codec_kind(td) == CK_BIGINT) {
		v = strtol(b.p, &end, 10);
		if (errno == 0 && codec_bigint_set(p, v) == -1)
			e = REASON_NOMEM;
	} else if (isp != NULL && isp->field_unsigned) {
		if (b.p[0] == '-') {
			e = fail(r, REASON_CONSTRAINT, n,
			    "negative value for an unsigned type");
			goto out;
		}
		u = strtoul(b.p, &end, 10);
		if (errno == 0)
			*(unsigned long *)p = u;
	} else {
		v = strtol(b.p, &end, 10);
		if (errno == 0)
			*(long *)p = v;
	}
	if (errno != 0)
		e = fail(r, REASON_CONSTRAINT, n, "integer %.32s out of range",
		    b.p);
 out:
	buf_free(&b);
	return e;
}

static enum reason
enum_lookup(struct xr *r, const asn_TYPE_descriptor_t *td, xmlNode *n,
    const char *s, long *out)
{
	if (enum_by_name(td, s, strlen(s), out) == 0)
		return REASON_OK;
	return fail(r, REASON_JSON_TYPE, n, "%s has no enumerator \"%.64s\"",
	    td->name, s);
}

static const char *
enum_example(const asn_TYPE_descriptor_t *td)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;

	return sp != NULL && sp->map_count > 0 ?
	    sp->value2enum[0].enum_name : "name";
}

/* ENUMERATED: <x><name/></x>; also accepted: the name as text.  A number
 * (what the printer writes for a value without a name) is refused, as in
 * JSON: asn1c cannot encode it. */
static enum reason
r_enum(struct xr *r, const asn_TYPE_descriptor_t *td, xmlNode *n, long *out)
{
	struct buf	 b;
	enum reason	 e;
	xmlNode		*c;

	if ((c = first_elem(n)) != NULL) {
		if ((e = only_elements(r, n)) != REASON_OK)
			return e;
		if (elem_count(n) != 1 || !is_empty(c))
			return fail(r, REASON_JSON_TYPE, n,
			    "expected one enumerator such as <%s/>",
			    enum_example(td));
		return enum_lookup(r, td, c, nm(c), out);
	}
	buf_init(&b);
	if ((e = leaf_token(r, n, &b)) == REASON_OK) {
		if (b.len == 0 || is_decimal(b.p, 1))
			e = fail(r, REASON_JSON_TYPE, n,
			    "expected an enumerator such as <%s/>",
			    enum_example(td));
		else
			e = enum_lookup(r, td, n, b.p, out);
	}
	buf_free(&b);
	return e;
}

static enum reason
bool_token(struct xr *r, xmlNode *n, const char *s, BOOLEAN_t *out)
{
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return fail(r, REASON_JSON_TYPE, n, "expected <true/> or "
		    "<false/>, found \"%.32s\"", s);
	return REASON_OK;
}

static enum reason
r_bool(struct xr *r, xmlNode *n, BOOLEAN_t *out)
{
	struct buf	 b;
	enum reason	 e;
	xmlNode		*c;

	if ((c = first_elem(n)) != NULL) {
		if ((e = only_elements(r, n)) != REASON_OK)
			return e;
		if (elem_count(n) != 1 || !is_empty(c))
			return fail(r, REASON_JSON_TYPE, n,
			    "expected <true/> or <false/>");
		return bool_token(r, c, nm(c), out);
	}
	buf_init(&b);
	if ((e = leaf_token(r, n, &b)) == REASON_OK)
		e = bool_token(r, n, b.p, out);
	buf_free(&b);
	return e;
}

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
		return r_octets(r, n, os);
	if ((e = only_elements(r, n)) != REASON_OK)
		return e;
	if (elem_count(n) != 1)
		return fail(r, REASON_JSON_TYPE, n,
		    "expected one element (the value) or hex");
	if (o->td == NULL)
		return fail(r, REASON_JSON_TYPE, n, "no type is known for %s "
		    "%ld: give the value as hex", o->idname, o->id);
	if (strcmp(nm(c), o->td->xml_tag) != 0)
		return fail(r, REASON_JSON_TYPE, n, "expected <%s> (the type "
		    "of %s %ld), found <%.64s>", o->td->xml_tag, o->idname,
		    o->id, nm(c));
	if ((v = calloc(1, codec_struct_size(o->td))) == NULL)
		return nomem(r);
	if ((e = r_value(r, NULL, o->td, c, v, o->td->name, depth + 1)) !=
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
				return nomem(r);
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
			return fail(r, REASON_JSON_TYPE, n,
			    "%s needs member <%s>%s", shown, m->name,
			    c != NULL ? " here" : "");
		}
		if ((slot = member_slot(m, sptr)) == NULL)
			return nomem(r);
		if (msg_open_resolve(td, owner, sptr, &o) && i == o.member)
			e = r_open(r, &o, c, slot, depth);
		else
			e = r_value(r, m, m->type, c, slot, td->name, depth + 1);
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

	if ((e = only_elements(r, n)) != REASON_OK)
		return e;
	c = first_elem(n);
	if ((e = r_members(r, td, n, &c, sptr, owner, NULL, depth)) !=
	    REASON_OK || c == NULL)
		return e;
	if (group_name(td, nm(c)) != NULL)
		return fail(r, REASON_JSON_TYPE, c, "<%s> is no XER element: "
		    "a group's components go directly in <%s> (X.693)",
		    nm(c), nm(n));
	if (member_later(td, -1, nm(c)))
		return fail(r, REASON_JSON_TYPE, c, "member <%s> of %s is "
		    "repeated or out of order (XER keeps the definition "
		    "order)", nm(c), td->name);
	return fail(r, REASON_JSON_TYPE, c, "%s has no member <%.64s>",
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
		return fail(r, REASON_JSON_TYPE, c,
		    "%s has no alternative <%.64s>", td->name, nm(c));
	choice_select(td, sptr, i);
	if ((slot = member_slot(&td->elements[i], sptr)) == NULL)
		return nomem(r);
	return r_value(r, &td->elements[i], td->elements[i].type, c, slot,
	    td->name, depth + 1);
}

static enum reason
r_choice(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *sptr,
    int depth)
{
	enum reason	 e;
	int		 k;

	if ((e = only_elements(r, n)) != REASON_OK)
		return e;
	if ((k = elem_count(n)) != 1)
		return fail(r, REASON_JSON_TYPE, n, "expected one alternative "
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
		return r_value(r, mem, td, c, p, owner, depth);
	if (!is_empty(c))
		return fail(r, REASON_JSON_TYPE, c, "expected an empty element "
		    "(an item of a list of %s)", td->name);
	if (k == CK_ENUM)
		return enum_lookup(r, td, c, nm(c), p);
	if (k == CK_BOOLEAN)
		return bool_token(r, c, nm(c), p);
	if (strcmp(nm(c), td->xml_tag) != 0)
		return fail(r, REASON_JSON_TYPE, c, "expected <%s/>",
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

	if ((e = only_elements(r, n)) != REASON_OK)
		return e;
	if (!sp->as_XMLValueList)
		name = *mem->name ? mem->name : et->xml_tag;
	for (c = first_elem(n); c != NULL; c = next_elem(c->next)) {
		if (name != NULL && strcmp(nm(c), name) != 0)
			return fail(r, REASON_JSON_TYPE, c, "expected <%s> (an "
			    "item of %s), found <%.64s>", name, td->name,
			    nm(c));
		if ((elem = calloc(1, codec_struct_size(et))) == NULL)
			return nomem(r);
		if (name != NULL)
			e = r_value(r, mem, et, c, elem, owner, depth + 1);
		else
			e = r_bare(r, mem, et, c, elem, owner, depth + 1);
		if (e == REASON_OK && asn_set_add(p, elem) != 0)
			e = nomem(r);
		if (e != REASON_OK) {
			codec_free(et, elem);
			return e;
		}
	}
	return REASON_OK;
}

/* The value of type td held by element n, into p. */
static enum reason
r_value(struct xr *r, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    xmlNode *n, void *p, const char *owner, int depth)
{
	(void)mem;
	if (depth > XER_MAX_DEPTH)
		return fail(r, REASON_TOO_DEEP, n, "nesting too deep");
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return r_sequence(r, td, n, p, owner, depth);
	case CK_CHOICE:
		return r_choice(r, td, n, p, depth);
	case CK_SEQOF:
		return r_list(r, td, n, p, owner, depth);
	case CK_INTEGER:
	case CK_BIGINT:
		return r_integer(r, td, n, p);
	case CK_ENUM:
		return r_enum(r, td, n, p);
	case CK_BOOLEAN:
		return r_bool(r, n, p);
	case CK_NULL:
		if (!is_empty(n))
			return fail(r, REASON_JSON_TYPE, n,
			    "expected an empty element (NULL)");
		return REASON_OK;
	case CK_OCTETS:
		return r_octets(r, n, p);
	case CK_STRING:
	case CK_UTF8:
		return r_string(r, n, p);
	case CK_BITS:
		return r_bits(r, n, p);
	default:
		return fail(r, REASON_UNKNOWN_TYPE, n, "%s: type not supported "
		    "in XER", td->name);
	}
}

static enum reason
read_value(asn_TYPE_descriptor_t *td, xmlNode *root, void **out, char *err,
    size_t errlen)
{
	struct xr	 r;
	enum reason	 e;
	void		*v;

	r.err = err;
	r.errlen = errlen;
	*out = NULL;
	if ((v = calloc(1, codec_struct_size(td))) == NULL)
		return nomem(&r);
	if ((e = r_value(&r, NULL, td, root, v, td->name, 0)) != REASON_OK) {
		codec_free(td, v);
		return e;
	}
	*out = v;
	return REASON_OK;
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
	xmlInitParser();
}

static int
contains(const char *p, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	for (; n >= k; p++, n--)
		if (*p == *s && memcmp(p, s, k) == 0)
			return 1;
	return 0;
}

/* Parse one document; NULL with err set (REASON_BAD_JSON, or *why). */
static xmlDoc *
parse(const char *text, size_t len, enum reason *why, char *err,
    size_t errlen)
{
	xmlParserCtxt	*ctxt;
	xmlDoc		*doc;
	xmlError	*xe;
	size_t		 k;

	pthread_once(&xml_once, xml_init);
	*why = REASON_BAD_JSON;
	if (len > INT_MAX) {
		snprintf(err, errlen, "XML: document too large");
		return NULL;
	}
	/* No DTD, so no entity can be declared, expanded or fetched. */
	if (contains(text, len, "<!DOCTYPE") || contains(text, len, "<!ENTITY")) {
		snprintf(err, errlen, "XML: DOCTYPE and ENTITY declarations "
		    "are not accepted");
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		*why = REASON_NOMEM;
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (doc == NULL) {
		xe = xmlCtxtGetLastError(ctxt);
		if (xe != NULL && xe->message != NULL) {
			k = strlen(xe->message);
			while (k > 0 && is_ws((unsigned char)xe->message[k - 1]))
				k--;
			snprintf(err, errlen, "XML: %.*s (line %d of the "
			    "document)", (int)k, xe->message, xe->line);
		} else
			snprintf(err, errlen, "XML: not well-formed");
	} else if (doc->intSubset != NULL || doc->extSubset != NULL ||
	    xmlDocGetRootElement(doc) == NULL) {
		snprintf(err, errlen, "XML: %s", xmlDocGetRootElement(doc) ?
		    "DOCTYPE declarations are not accepted" : "no root element");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

enum reason
xer_read(asn_TYPE_descriptor_t *td, const char *text, size_t len, void **out,
    char *err, size_t errlen)
{
	struct xr	 r;
	xmlDoc		*doc;
	xmlNode		*root;
	enum reason	 e;

	msg_init();
	*out = NULL;
	if ((doc = parse(text, len, &e, err, errlen)) == NULL)
		return e;
	root = xmlDocGetRootElement(doc);
	r.err = err;
	r.errlen = errlen;
	if (strcmp(nm(root), td->xml_tag) != 0)
		e = fail(&r, REASON_JSON_TYPE, root, "expected the root element "
		    "<%s>", td->xml_tag);
	else
		e = read_value(td, root, out, err, errlen);
	xmlFreeDoc(doc);
	return e;
}

enum reason
xer_read_msg(struct msg *m, enum msg_family fam,
    asn_TYPE_descriptor_t *deftype, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct xr	 r;
	xmlDoc		*doc;
	xmlNode		*root;
	asn_TYPE_descriptor_t *td = deftype;
	enum reason	 e;
	void		*v;

	msg_init();
	memset(m, 0, sizeof(*m));
	m->id = -1;
	if ((doc = parse(text, len, &e, err, errlen)) == NULL)
		return e;
	root = xmlDocGetRootElement(doc);
	r.err = err;
	r.errlen = errlen;
	if (td != NULL && strcmp(nm(root), td->xml_tag) != 0) {
		e = fail(&r, REASON_JSON_TYPE, root, "expected the root element "
		    "<%s>", td->xml_tag);
		goto out;
	}
	if (td == NULL && ((td = msg_type_find(nm(root), fam, NULL)) == NULL ||
	    strcmp(td->xml_tag, nm(root)) != 0)) {
		e = fail(&r, REASON_UNKNOWN_TYPE, root, "the root element "
		    "<%.64s> names no type of family %s", nm(root),
		    msg_family_str(fam));
		goto out;
	}
	if ((e = read_value(td, root, &v, err, errlen)) == REASON_OK)
		msg_adopt(m, fam, td, v);
 out:
	xmlFreeDoc(doc);
	if (e != REASON_OK)
		msg_clear(m);
	return e;
}

static int
starts(const char *p, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	return n >= k && memcmp(p, s, k) == 0;
}

/* Index just past the first s in p[i..n), or n. */
static size_t
past(const char *p, size_t i, size_t n, const char *s)
{
	size_t	 k = strlen(s);

	for (; i + k <= n; i++)
		if (memcmp(p + i, s, k) == 0)
			return i + k;
	return n;
}

/* Index just past the '>' ending the tag or declaration at p[i] (quoted
 * values and bracketed internal subsets may hold '>'), 0 if it does not
 * end. */
static size_t
tag_end(const char *p, size_t i, size_t n)
{
	char	 q = 0;
	int	 brackets = 0;

	for (i++; i < n; i++) {
		if (q != 0) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'')
			q = p[i];
		else if (p[i] == '[')
			brackets++;
		else if (p[i] == ']' && brackets > 0)
			brackets--;
		else if (p[i] == '>' && brackets == 0)
			return i + 1;
	}
	return 0;
}

int
xer_next(const char *p, size_t n, size_t *start, size_t *end)
{
	const char	*nl;
	size_t		 i = 0, j, s = 0;
	int		 depth = 0, begun = 0, rooted = 0;

	*start = *end = n;
	while (i < n) {
		if (depth == 0 && is_ws((unsigned char)p[i])) {
			i++;
			continue;
		}
		if (p[i] != '<') {
			if (depth > 0) {
				i++;
				continue;
			}
			/* Text outside any element: the rest of its line. */
			*start = i;
			nl = memchr(p + i, '\n', n - i);
			*end = nl != NULL ? (size_t)(nl - p) : n;
			return 1;
		}
		if (!begun) {
			s = i;
			begun = 1;
		}
		if (starts(p + i, n - i, "<!--"))
			i = past(p, i + 4, n, "-->");
		else if (starts(p + i, n - i, "<![CDATA["))
			i = past(p, i + 9, n, "]]>");
		else if (starts(p + i, n - i, "<?")) {
			/* An XML declaration starts a new document. */
			if (depth == 0 && !rooted && i + 5 < n &&
			    starts(p + i, n - i, "<?xml") && is_ws(p[i + 5]))
				s = i;
			i = past(p, i + 2, n, "?>");
		} else if (starts(p + i, n - i, "<!")) {
			if ((i = tag_end(p, i, n)) == 0)
				i = n;
		} else {
			rooted = 1;
			if ((j = tag_end(p, i, n)) == 0) {
				i = n;
				break;
			}
			if (p[i + 1] == '/')
				depth--;
			else if (p[j - 2] != '/')
				depth++;
			i = j;
			if (depth <= 0)
				break;
		}
	}
	if (!rooted)
		return 0;
	*start = s;
	*end = i;
	return 1;
}
