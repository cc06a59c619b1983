/*
 * xer_leaf.c: the XER (ITU-T X.693) reader's leaf values, from the text of
 * one element: OCTET STRING, BIT STRING, character strings, INTEGER,
 * ENUMERATED and BOOLEAN (see xer_in.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "xer.h"
#include "xer_int.h"

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
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "element <%.64s> "
			    "where text was expected", nm(c));
		default:
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
		}
	}
	buf_cstr(b);
	return b->oom ? xr_nomem(r) : REASON_OK;
}

/* The text of a leaf element without any white space in it. */
enum reason
xr_leaf_token(struct xr *r, xmlNode *n, struct buf *b)
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

enum reason
xr_octets(struct xr *r, xmlNode *n, OCTET_STRING_t *os)
{
	struct buf	 b;
	enum reason	 e;
	uint8_t		*p;
	size_t		 i;
	long		 got;

	buf_init(&b);
	if ((e = xr_leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	for (i = 0; i < b.len; i++)
		if (!strchr("0123456789abcdefABCDEF", b.p[i]))
			break;
	if ((p = malloc(b.len / 2 + 1)) == NULL) {
		e = xr_nomem(r);
		goto out;
	}
	if (i < b.len || (got = hex_decode(b.p, b.len, p, b.len / 2 + 1)) < 0) {
		free(p);
		e = xr_fail(r, REASON_BAD_HEX, n,
		    "expected hexadecimal octets");
		goto out;
	}
	p[got] = 0;
	os->buf = p;
	os->size = (int)got;
 out:
	buf_free(&b);
	return e;
}

enum reason
xr_bits(struct xr *r, xmlNode *n, BIT_STRING_t *bs)
{
	struct buf	 b;
	enum reason	 e;
	uint8_t		*p;
	size_t		 i;

	buf_init(&b);
	if ((e = xr_leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	if (b.len > INT_MAX / 2) {
		e = xr_fail(r, REASON_CONSTRAINT, n, "bit string too long");
		goto out;
	}
	if ((p = calloc(1, b.len / 8 + 1)) == NULL) {
		e = xr_nomem(r);
		goto out;
	}
	for (i = 0; i < b.len; i++) {
		if (b.p[i] == '1')
			p[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		else if (b.p[i] != '0') {
			free(p);
			e = xr_fail(r, REASON_JSON_TYPE, n,
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

enum reason
xr_string(struct xr *r, xmlNode *n, OCTET_STRING_t *os)
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
			if (!xr_is_empty(c) || (ch = control_char(nm(c))) < 0)
				e = xr_fail(r, REASON_JSON_TYPE, n, "element "
				    "<%.64s> in a string (only control "
				    "characters such as <nul/>)", nm(c));
			else
				buf_addc(&b, (char)ch);
			break;
		default:
			e = xr_fail(r, REASON_JSON_TYPE, n,
			    "entity references are not accepted");
			break;
		}
	}
	if (e == REASON_OK) {
		buf_cstr(&b);	/* a buffer even for "" */
		if (b.oom || OCTET_STRING_fromBuf(os, b.p, (int)b.len) != 0)
			e = xr_nomem(r);
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

enum reason
xr_integer(struct xr *r, asn_TYPE_descriptor_t *td, xmlNode *n, void *p)
{
	const asn_INTEGER_specifics_t *isp = td->specifics;
	struct buf	 b;
	enum reason	 e;
	char		*end;
	long		 v;
	unsigned long	 u;

	buf_init(&b);
	if ((e = xr_leaf_token(r, n, &b)) != REASON_OK)
		goto out;
	if (!is_decimal(b.p, 1)) {
		e = xr_fail(r, REASON_JSON_TYPE, n,
		    "expected an integer, found "
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
			e = xr_fail(r, REASON_CONSTRAINT, n,
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
		e = xr_fail(r, REASON_CONSTRAINT, n,
		    "integer %.32s out of range",
		    b.p);
 out:
	buf_free(&b);
	return e;
}

enum reason
xr_enum_lookup(struct xr *r, const asn_TYPE_descriptor_t *td, xmlNode *n,
    const char *s, long *out)
{
	if (enum_by_name(td, s, strlen(s), out) == 0)
		return REASON_OK;
	return xr_fail(r, REASON_JSON_TYPE, n, "%s has no enumerator \"%.64s\"",
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
enum reason
xr_enum(struct xr *r, const asn_TYPE_descriptor_t *td, xmlNode *n, long *out)
{
	struct buf	 b;
	enum reason	 e;
	xmlNode		*c;

	if ((c = first_elem(n)) != NULL) {
		if ((e = xr_only_elements(r, n)) != REASON_OK)
			return e;
		if (xr_elem_count(n) != 1 || !xr_is_empty(c))
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "expected one enumerator such as <%s/>",
			    enum_example(td));
		return xr_enum_lookup(r, td, c, nm(c), out);
	}
	buf_init(&b);
	if ((e = xr_leaf_token(r, n, &b)) == REASON_OK) {
		if (b.len == 0 || is_decimal(b.p, 1))
			e = xr_fail(r, REASON_JSON_TYPE, n,
			    "expected an enumerator such as <%s/>",
			    enum_example(td));
		else
			e = xr_enum_lookup(r, td, n, b.p, out);
	}
	buf_free(&b);
	return e;
}

enum reason
xr_bool_token(struct xr *r, xmlNode *n, const char *s, BOOLEAN_t *out)
{
	if (strcmp(s, "true") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0)
		*out = 0;
	else
		return xr_fail(r, REASON_JSON_TYPE, n, "expected <true/> or "
		    "<false/>, found \"%.32s\"", s);
	return REASON_OK;
}

enum reason
xr_bool(struct xr *r, xmlNode *n, BOOLEAN_t *out)
{
	struct buf	 b;
	enum reason	 e;
	xmlNode		*c;

	if ((c = first_elem(n)) != NULL) {
		if ((e = xr_only_elements(r, n)) != REASON_OK)
			return e;
		if (xr_elem_count(n) != 1 || !xr_is_empty(c))
			return xr_fail(r, REASON_JSON_TYPE, n,
			    "expected <true/> or <false/>");
		return xr_bool_token(r, c, nm(c), out);
	}
	buf_init(&b);
	if ((e = xr_leaf_token(r, n, &b)) == REASON_OK)
		e = xr_bool_token(r, n, b.p, out);
	buf_free(&b);
	return e;
}
