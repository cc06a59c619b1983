/*
 * jer_out.c: JSON output shaped like ITU-T X.697 (JER), generic over asn1c
 * type descriptors.  Open types (see msg.h) are decoded in place.
 */
#include <stdio.h>
#include <string.h>

#include "asn_int.h"
#include "codec.h"
#include "jer.h"

#define JER_MAX_DEPTH	64

struct jw {
	struct buf	*b;
	const struct msg *m;	/* for its pre-decoded MessageFrame value */
	int		 unknown;
	enum reason	 r;
	char		*err;
	size_t		 errlen;
};

static void	w_value(struct jw *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, const void *, const char *, int);

void
jer_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t	 i, run = 0;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		default:
			buf_adds(b, "\\u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 0xf]);
			break;
		}
	}
	buf_add(b, s + run, n - run);
	buf_addc(b, '"');
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t	 len, i;
	unsigned cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
jer_string_utf8(struct buf *b, const char *s, size_t n)
{
	size_t	 i, l;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			break;
	if (i == n) {
		jer_string(b, s, n);
		return;
	}
	/* Valid UTF-8 goes out as it is; a byte that is not (the string
	 * breaks its type) is escaped as a Latin-1 code point. */
	buf_addc(b, '"');
	for (i = 0; i < n; i += l) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 && (l = utf8_len((const unsigned char *)s + i,
		    n - i)) > 0) {
			buf_add(b, s + i, l);
			continue;
		}
		l = 1;
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf_addc(b, (char)c);
		else {
			struct buf one;

			buf_init(&one);
			jer_string(&one, s + i, 1);	/* "\u00XX" */
			buf_add(b, one.p + 1, one.len - 2);
			buf_free(&one);
		}
	}
	buf_addc(b, '"');
}

static void
w_key(struct buf *b, const char *name)
{
	buf_addc(b, '"');
	buf_adds(b, name);	/* ASN.1 identifiers need no escaping */
	buf_adds(b, "\":");
}

static void
w_hexstr(struct buf *b, const uint8_t *p, size_t n)
{
	buf_addc(b, '"');
	buf_addhex(b, p, n);
	buf_addc(b, '"');
}

/* An open type: decode its octets with the resolved type, or keep hex. */
static void
w_open(struct jw *w, const struct msg_open *o, const OCTET_STRING_t *os,
    const void *container, int depth, const char **note)
{
	char		 err[128];
	void		*v = NULL;
	size_t		 used;
	const void	*pre = NULL;

	*note = NULL;
	if (w->m != NULL && w->m->inner != NULL && container == w->m->value)
		pre = w->m->inner;
	if (pre != NULL) {
		w_value(w, NULL, o->td, pre, o->td->name, depth + 1);
		return;
	}
	if (o->td == NULL) {
		*note = "no type known for this id";
	} else if (codec_decode(o->td, os->buf, os->size, &v, &used, err,
	    sizeof(err)) != REASON_OK ||
	    codec_check(o->td, v, err, sizeof(err)) != REASON_OK) {
		*note = "does not decode as its type";
	} else {
		w_value(w, NULL, o->td, v, o->td->name, depth + 1);
		codec_free(o->td, v);
		return;
	}
	codec_free(o->td, v);
	w->unknown++;
	w_hexstr(w->b, os->buf, os->size);
}

/*
 * The members of SEQUENCE td present in sptr, as "name":value pairs.  An
 * extension addition group stand-in (member_is_group) adds its components
 * here, not as a member of its own: X.697 encodes a SEQUENCE value as an
 * object with one member per component present, and the components of a
 * group [[ ]] are components of the enclosing SEQUENCE (X.680 25), the
 * group itself having no name.  A group with no component present is
 * absent (X.691 19.9 encodes it so).
 */
static void
w_members(struct jw *w, asn_TYPE_descriptor_t *td, const void *sptr,
    const char *owner, int depth, int *first, const char **note,
    struct msg_open *o)
{
	int		 i, open;

	open = o != NULL && msg_open_resolve(td, owner, sptr, o);
	for (i = 0; i < td->elements_count; i++) {
		const asn_TYPE_member_t *m = &td->elements[i];
		const void *p = member_ptr(m, sptr);

		if (p == NULL)
			continue;
		if (member_is_group(td, i)) {
			w_members(w, m->type, p, td->name, depth + 1, first,
			    NULL, NULL);
			continue;
		}
		if (!*first)
			buf_addc(w->b, ',');
		*first = 0;
		w_key(w->b, m->name);
		if (open && i == o->member)
			w_open(w, o, p, sptr, depth, note);
		else
			w_value(w, m, m->type, p, td->name, depth + 1);
	}
}

static void
w_sequence(struct jw *w, asn_TYPE_descriptor_t *td, const void *sptr,
    const char *owner, int depth)
{
	struct msg_open	 o;
	const char	*note = NULL;
	int		 first = 1;

	buf_addc(w->b, '{');
	w_members(w, td, sptr, owner, depth, &first, &note, &o);
	if (note != NULL) {
		buf_adds(w->b, ",\"unknown\":");
		buf_addf(w->b, "\"%s %ld: %s\"", o.idname, o.id, note);
	}
	buf_addc(w->b, '}');
}

static void
w_choice(struct jw *w, asn_TYPE_descriptor_t *td, const void *sptr,
    int depth)
{
	const asn_TYPE_member_t *m;
	const void	*p;
	int		 pres = choice_present(td, sptr);

	if (pres == 0 && ((const asn_CHOICE_specifics_t *)
	    td->specifics)->ext_start >= 0) {
		/* An alternative of a later edition, skipped by the decoder:
		 * kept as a mark (it cannot be encoded again). */
		buf_adds(w->b, "{\"(extension)\":null}");
		return;
	}
	if (pres <= 0 || pres > td->elements_count) {
		snprintf(w->err, w->errlen, "%s: no alternative present",
		    td->name);
		w->r = REASON_CONSTRAINT;
		buf_adds(w->b, "null");
		return;
	}
	m = &td->elements[pres - 1];
	p = member_ptr(m, sptr);
	buf_addc(w->b, '{');
	w_key(w->b, m->name);
	if (p == NULL)
		buf_adds(w->b, "null");
	else
		w_value(w, m, m->type, p, td->name, depth + 1);
	buf_addc(w->b, '}');
}

static void
w_enum(struct buf *b, const asn_TYPE_descriptor_t *td, long v)
{
	const asn_INTEGER_enum_map_t *em = enum_by_value(td, v);

	if (em != NULL) {
		buf_addc(b, '"');
		buf_add(b, em->enum_name, em->enum_len);
		buf_addc(b, '"');
	} else if (ASN_ENUM_IS_UNKNOWN(v)) {	/* a later edition's value */
		buf_adds(b, "\"(extension ");
		buf_addlong(b, ASN_ENUM_UNKNOWN_INDEX(v));
		buf_adds(b, ")\"");
	} else
		buf_addlong(b, v);
}

static void
w_value(struct jw *w, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    const void *p, const char *owner, int depth)
{
	const OCTET_STRING_t *os;
	const BIT_STRING_t *bs;
	const asn_anonymous_set_ *list;
	long	 lb, ub;
	int	 i;

	if (depth > JER_MAX_DEPTH) {
		snprintf(w->err, w->errlen, "nesting deeper than %d",
		    JER_MAX_DEPTH);
		w->r = REASON_TOO_DEEP;
		buf_adds(w->b, "null");
		return;
	}
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		w_sequence(w, td, p, owner, depth);
		break;
	case CK_CHOICE:
		w_choice(w, td, p, depth);
		break;
	case CK_SEQOF:
		list = p;
		buf_addc(w->b, '[');
		for (i = 0; i < list->count; i++) {
			if (i > 0)
				buf_addc(w->b, ',');
			w_value(w, &td->elements[0], td->elements[0].type,
			    list->array[i], owner, depth + 1);
		}
		buf_addc(w->b, ']');
		break;
	case CK_INTEGER:
		integer_print(w->b, td, p);
		break;
	case CK_ENUM:
		w_enum(w->b, td, *(const long *)p);
		break;
	case CK_BOOLEAN:
		buf_adds(w->b, *(const BOOLEAN_t *)p ? "true" : "false");
		break;
	case CK_NULL:
		buf_adds(w->b, "null");
		break;
	case CK_OCTETS:
		os = p;
		w_hexstr(w->b, os->buf, os->size);
		break;
	case CK_STRING:
		os = p;
		jer_string(w->b, (const char *)os->buf, os->size);
		break;
	case CK_UTF8:
		os = p;
		jer_string_utf8(w->b, (const char *)os->buf, os->size);
		break;
	case CK_BIGINT: {
		long v;

		if (codec_bigint_get(p, &v) == -1) {
			snprintf(w->err, w->errlen, "%s: integer beyond 64 bits",
			    td->name);
			w->r = REASON_UNSUPPORTED;
			buf_adds(w->b, "null");
		} else
			buf_addlong(w->b, v);
		break;
	}
	case CK_BITS:
		bs = p;
		if (codec_size_range(mem, td, &lb, &ub)) {
			w_hexstr(w->b, bs->buf, bs->size);
		} else {
			buf_adds(w->b, "{\"value\":");
			w_hexstr(w->b, bs->buf, bs->size);
			buf_adds(w->b, ",\"length\":");
			buf_addlong(w->b, (long)bs->size * 8 - bs->bits_unused);
			buf_addc(w->b, '}');
		}
		break;
	default:
		snprintf(w->err, w->errlen, "%s: type not supported in JSON",
		    td->name);
		w->r = REASON_UNKNOWN_TYPE;
		buf_adds(w->b, "null");
		break;
	}
}

static enum reason
write_top(struct buf *b, const struct msg *m, asn_TYPE_descriptor_t *td,
    const void *v, int *unknown, char *err, size_t errlen)
{
	struct jw	 w;
	size_t		 start = b->len;

	memset(&w, 0, sizeof(w));
	w.b = b;
	w.m = m;
	w.err = err;
	w.errlen = errlen;
	w_value(&w, NULL, td, v, td->name, 0);
	if (unknown != NULL)
		*unknown = w.unknown;
	if (w.r == REASON_OK && b->oom)
		w.r = REASON_NOMEM;
	if (w.r != REASON_OK)
		b->len = start;
	return w.r;
}

enum reason
jer_write(struct buf *b, asn_TYPE_descriptor_t *td, const void *v,
    int *unknown, char *err, size_t errlen)
{
	msg_init();
	return write_top(b, NULL, td, v, unknown, err, errlen);
}

enum reason
jer_write_msg(struct buf *b, const struct msg *m, char *err, size_t errlen)
{
	enum reason	 r;
	size_t		 start = b->len;

	buf_adds(b, "{\"family\":\"");
	buf_adds(b, msg_family_str(m->family));
	buf_adds(b, "\",\"pdu\":\"");
	buf_adds(b, m->pdu->name);
	buf_adds(b, "\",\"type\":\"");
	buf_adds(b, m->type->name);
	buf_adds(b, "\",\"value\":");
	if ((r = write_top(b, m, m->pdu, m->value, NULL, err, errlen)) !=
	    REASON_OK) {
		b->len = start;
		return r;
	}
	if (m->trailing > 0) {
		buf_adds(b, ",\"trailing\":");
		buf_addulong(b, m->trailing);
	}
	buf_addc(b, '}');
	return b->oom ? REASON_NOMEM : REASON_OK;
}
