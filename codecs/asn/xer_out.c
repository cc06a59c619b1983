/*
 * xer_out.c: XML output, basic XER (ITU-T X.693) as asn1c 0.9.28 prints it,
 * generic over asn1c type descriptors, pretty-printed with canonical content
 * (hex without spaces, bits on one line).  Open types (see msg.h) are
 * decoded in place inside an element named after their type.
 */
#include <stdio.h>
#include <string.h>

#include "constr_SET_OF.h"

#include "asn_int.h"
#include "codec.h"
#include "xer.h"

#define XER_MAX_DEPTH	64
#define XER_INDENT	"    "	/* asn1c's xer_fprint indents by four */

struct xw {
	struct buf	*b;
	const struct msg *m;	/* for its pre-decoded MessageFrame value */
	enum reason	 r;
	char		*err;
	size_t		 errlen;
};

static int	w_content(struct xw *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, const void *, const char *, int);
static void	w_element(struct xw *, const char *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, const void *, const char *, int);

/*
 * Control characters in strings, as asn1c's OCTET_STRING_encode_xer_utf8
 * writes them (X.680 clause 11.15.5; asn1c spells dc1..dc4 "de1".."de4").
 * Tab and line feed stay as they are; carriage return becomes a character
 * reference, which survives XML's line-end normalisation.
 */
const char *const xer_control_names[32] = {
	"nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel",
	"bs", NULL, NULL, "vt", "ff", NULL, "so", "si",
	"dle", "de1", "de2", "de3", "de4", "nak", "syn", "etb",
	"can", "em", "sub", "esc", "is4", "is3", "is2", "is1",
};

static int
w_fail(struct xw *w, enum reason r, const char *what, const char *name)
{
	if (w->r == REASON_OK) {
		snprintf(w->err, w->errlen, "%s: %s", name, what);
		w->r = r;
	}
	return 0;
}

static void
w_indent(struct buf *b, int level)
{
	buf_addc(b, '\n');
	while (level-- > 0)
		buf_adds(b, XER_INDENT);
}

static void
w_hex(struct buf *b, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";	/* as asn1c */
	size_t	 i;

	if (buf_reserve(b, 2 * n) == -1)
		return;
	for (i = 0; i < n; i++) {
		b->p[b->len++] = hex[p[i] >> 4];
		b->p[b->len++] = hex[p[i] & 0xf];
	}
}

static void
w_octets(struct buf *b, const OCTET_STRING_t *os)
{
	if (os->buf != NULL && os->size > 0)
		w_hex(b, os->buf, (size_t)os->size);
}

static void
w_bits(struct buf *b, const BIT_STRING_t *bs)
{
	size_t	 i, nbits;

	if (bs->buf == NULL || bs->size <= 0)
		return;
	nbits = (size_t)bs->size * 8 - (size_t)(bs->bits_unused & 7);
	if (buf_reserve(b, nbits) == -1)
		return;
	for (i = 0; i < nbits; i++)
		b->p[b->len++] = (bs->buf[i / 8] & (0x80 >> (i % 8))) ? '1' : '0';
}

/* Length of the UTF-8 sequence at p[0..n), 0 if not well formed. */
static size_t
utf8_len(const uint8_t *p, size_t n)
{
	size_t	 len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond Unicode, U+FFFE/U+FFFF (not XML
	 * characters). */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
	    cp > 0x10ffff || cp == 0xfffe || cp == 0xffff)
		return 0;
	return len;
}

/* A character string as XML text; 0 (and w->r set) if it is not UTF-8. */
static int
w_string(struct xw *w, const asn_TYPE_descriptor_t *td,
    const OCTET_STRING_t *os)
{
	const uint8_t	*p = os->buf;
	size_t		 i, n = os->buf != NULL ? (size_t)os->size : 0, k;

	for (i = 0; i < n; i += k) {
		k = 1;
		switch (p[i]) {
		case '&':
			buf_adds(w->b, "&amp;");
			continue;
		case '<':
			buf_adds(w->b, "&lt;");
			continue;
		case '>':
			buf_adds(w->b, "&gt;");
			continue;
		case '\r':
			buf_adds(w->b, "&#13;");
			continue;
		case '\t':
		case '\n':
			buf_addc(w->b, (char)p[i]);
			continue;
		}
		if (p[i] < 0x20) {
			buf_addc(w->b, '<');
			buf_adds(w->b, xer_control_names[p[i]]);
			buf_adds(w->b, "/>");
			continue;
		}
		if ((k = utf8_len(p + i, n - i)) == 0)
			return w_fail(w, REASON_CONSTRAINT,
			    "string is not valid UTF-8", td->name);
		buf_add(w->b, p + i, k);
	}
	return 1;
}

/*
 * The element of an open type: the decoded value inside an element named
 * after its type, or the octets in hex when the id is unknown or they do not
 * decode.
 */
static void
w_open(struct xw *w, const char *name, const struct msg_open *o,
    const OCTET_STRING_t *os, const void *container, int level)
{
	char		 err[128];
	const void	*v = NULL;
	void		*dec = NULL;
	size_t		 used, open;

	if (w->m != NULL && w->m->inner != NULL && container == w->m->value)
		v = w->m->inner;
	else if (o->td != NULL && os->buf != NULL && os->size > 0 &&
	    codec_decode(o->td, os->buf, (size_t)os->size, &dec, &used, err,
	    sizeof(err)) == REASON_OK &&
	    codec_check(o->td, dec, err, sizeof(err)) == REASON_OK)
		v = dec;
	buf_addc(w->b, '<');
	buf_adds(w->b, name);
	open = w->b->len;
	buf_addc(w->b, '>');
	if (v != NULL) {
		w_indent(w->b, level + 1);
		w_element(w, o->td->xml_tag, NULL, o->td, v, o->td->name,
		    level + 1);
		w_indent(w->b, level);
	} else if (os->buf != NULL && os->size > 0)
		w_octets(w->b, os);
	else {
		w->b->len = open;
		buf_adds(w->b, "/>");
		codec_free(o->td, dec);
		return;
	}
	buf_adds(w->b, "</");
	buf_adds(w->b, name);
	buf_addc(w->b, '>');
	codec_free(o->td, dec);
}

/*
 * The elements of the members of SEQUENCE td present in sptr; whether there
 * was one.  An extension addition group stand-in (member_is_group) adds the
 * elements of its components here, not an element of its own: X.693 writes
 * a SEQUENCE value as one element per component present, and the
 * components of a group [[ ]] are components of the enclosing SEQUENCE
 * (X.680 25), the group having no identifier to name an element (asn1c
 * itself, given a real group, prints its components in the parent).  A
 * group with no component present is absent (X.691 19.9 encodes it so).
 */
static int
w_sequence(struct xw *w, asn_TYPE_descriptor_t *td, const void *sptr,
    const char *owner, int level)
{
	struct msg_open	 o;
	int		 i, open, any = 0;

	open = msg_open_resolve(td, owner, sptr, &o);
	for (i = 0; i < td->elements_count; i++) {
		const asn_TYPE_member_t *m = &td->elements[i];
		const void *p = member_ptr(m, sptr);

		if (p == NULL)
			continue;
		if (member_is_group(td, i)) {
			any |= w_sequence(w, m->type, p, td->name, level);
			continue;
		}
		any = 1;
		w_indent(w->b, level + 1);
		if (open && i == o.member)
			w_open(w, m->name, &o, p, sptr, level + 1);
		else
			w_element(w, m->name, m, m->type, p, td->name,
			    level + 1);
	}
	return any;
}

/* The chosen alternative's element, <alt>value</alt>. */
static void
w_alternative(struct xw *w, asn_TYPE_descriptor_t *td, const void *sptr,
    int level)
{
	const asn_TYPE_member_t *m;
	const void	*p;
	int		 pres = choice_present(td, sptr);

	if (pres <= 0 || pres > td->elements_count) {
		w_fail(w, REASON_CONSTRAINT, "no alternative present",
		    td->name);
		return;
	}
	m = &td->elements[pres - 1];
	if ((p = member_ptr(m, sptr)) == NULL) {
		w_fail(w, REASON_CONSTRAINT, "alternative without a value",
		    td->name);
		return;
	}
	w_element(w, m->name, m, m->type, p, td->name, level);
}

/*
 * An item of a list whose items XER writes without a wrapper element
 * (asn1c's as_XMLValueList: ENUMERATED, BOOLEAN, NULL as <value/>, CHOICE
 * as its alternative's element).
 */
static void
w_bare(struct xw *w, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    const void *p, const char *owner, int level)
{
	size_t	 mark = w->b->len;

	switch (codec_kind(td)) {
	case CK_CHOICE:
		w_alternative(w, td, p, level);
		return;
	case CK_ENUM:
		if (enum_by_value(td, *(const long *)p) == NULL) {
			w_fail(w, REASON_CONSTRAINT, "ENUMERATED value without "
			    "a name cannot be a list item in XER", td->name);
			return;
		}
		break;
	default:
		break;
	}
	w_content(w, mem, td, p, owner, level);
	if (w->b->len == mark) {	/* NULL: asn1c writes <NULL/> */
		buf_addc(w->b, '<');
		buf_adds(w->b, td->xml_tag);
		buf_adds(w->b, "/>");
	}
}

static int
w_list(struct xw *w, asn_TYPE_descriptor_t *td, const void *p,
    const char *owner, int level)
{
	const asn_SET_OF_specifics_t *sp = td->specifics;
	const asn_anonymous_set_ *list = p;
	const asn_TYPE_member_t *mem = &td->elements[0];
	const char	*name = NULL;
	int		 i, any = 0;

	/* asn1c: an item is named after the member, else after its type. */
	if (!sp->as_XMLValueList)
		name = *mem->name ? mem->name : mem->type->xml_tag;
	for (i = 0; i < list->count; i++) {
		if (list->array[i] == NULL)
			continue;
		any = 1;
		w_indent(w->b, level + 1);
		if (name != NULL)
			w_element(w, name, mem, mem->type, list->array[i], owner,
			    level + 1);
		else
			w_bare(w, mem, mem->type, list->array[i], owner,
			    level + 1);
	}
	return any;
}

/*
 * The content of an element of level `level' holding value p: inline text
 * or value tokens (returns 0), or child elements each on a line of its own
 * one level deeper (returns 1).
 */
static int
w_content(struct xw *w, const asn_TYPE_member_t *mem,
    asn_TYPE_descriptor_t *td, const void *p, const char *owner, int level)
{
	const asn_INTEGER_enum_map_t *em;

	(void)mem;	/* XER's bits carry their length: no size needed */
	if (level > XER_MAX_DEPTH)
		return w_fail(w, REASON_TOO_DEEP, "nesting too deep", td->name);
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return w_sequence(w, td, p, owner, level);
	case CK_CHOICE:
		w_indent(w->b, level + 1);
		w_alternative(w, td, p, level + 1);
		return 1;
	case CK_SEQOF:
		return w_list(w, td, p, owner, level);
	case CK_INTEGER:
		integer_print(w->b, td, p);
		return 0;
	case CK_ENUM:
		if ((em = enum_by_value(td, *(const long *)p)) != NULL) {
			buf_addc(w->b, '<');
			buf_add(w->b, em->enum_name, em->enum_len);
			buf_adds(w->b, "/>");
		} else if (ASN_ENUM_IS_UNKNOWN(*(const long *)p)) {
			/* a later edition's value, as in JSON */
			buf_adds(w->b, "(extension ");
			buf_addlong(w->b, ASN_ENUM_UNKNOWN_INDEX(*(const long *)p));
			buf_addc(w->b, ')');
		} else
			buf_addlong(w->b, *(const long *)p);
		return 0;
	case CK_BOOLEAN:
		buf_adds(w->b, *(const BOOLEAN_t *)p ? "<true/>" : "<false/>");
		return 0;
	case CK_NULL:
		return 0;
	case CK_OCTETS:
		w_octets(w->b, p);
		return 0;
	case CK_STRING:
	case CK_UTF8:
		w_string(w, td, p);
		return 0;
	case CK_BIGINT: {
		long v;

		if (codec_bigint_get(p, &v) == -1)
			return w_fail(w, REASON_UNSUPPORTED,
			    "integer beyond 64 bits", td->name);
		buf_addlong(w->b, v);
		return 0;
	}
	case CK_BITS:
		w_bits(w->b, p);
		return 0;
	default:
		return w_fail(w, REASON_UNKNOWN_TYPE, "type not supported in XER",
		    td->name);
	}
}

/* <name>content</name>, <name/> when the content is empty. */
static void
w_element(struct xw *w, const char *name, const asn_TYPE_member_t *mem,
    asn_TYPE_descriptor_t *td, const void *p, const char *owner, int level)
{
	size_t	 open, mark;

	buf_addc(w->b, '<');
	buf_adds(w->b, name);	/* ASN.1 names need no escaping */
	open = w->b->len;
	buf_addc(w->b, '>');
	mark = w->b->len;
	if (w_content(w, mem, td, p, owner, level))
		w_indent(w->b, level);
	else if (w->b->len == mark && !w->b->oom) {
		w->b->len = open;
		buf_adds(w->b, "/>");
		return;
	}
	buf_adds(w->b, "</");
	buf_adds(w->b, name);
	buf_addc(w->b, '>');
}

static enum reason
write_top(struct buf *b, const struct msg *m, asn_TYPE_descriptor_t *td,
    const void *v, char *err, size_t errlen)
{
	struct xw	 w;
	size_t		 start = b->len;

	msg_init();
	memset(&w, 0, sizeof(w));
	w.b = b;
	w.m = m;
	w.err = err;
	w.errlen = errlen;
	if (v == NULL) {
		snprintf(err, errlen, "%s: no value", td->name);
		return REASON_UNKNOWN_TYPE;
	}
	w_element(&w, td->xml_tag, NULL, td, v, td->name, 0);
	buf_addc(b, '\n');
	if (w.r == REASON_OK && b->oom) {
		snprintf(err, errlen, "out of memory");
		w.r = REASON_NOMEM;
	}
	if (w.r != REASON_OK)
		b->len = start;
	return w.r;
}

enum reason
xer_write(struct buf *b, asn_TYPE_descriptor_t *td, const void *v,
    char *err, size_t errlen)
{
	return write_top(b, NULL, td, v, err, errlen);
}

enum reason
xer_write_msg(struct buf *b, const struct msg *m, char *err, size_t errlen)
{
	return write_top(b, m, m->pdu, m->value, err, errlen);
}
