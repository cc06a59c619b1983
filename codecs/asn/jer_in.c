/*
 * jer_in.c: JSON input shaped like ITU-T X.697 (JER) into asn1c structures,
 * generic over the type descriptors; parsing by jansson.  Open types are
 * given as the JSON of their value and encoded here into their octets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "asn_int.h"
#include "codec.h"
#include "jer.h"
#include "msg_int.h"

#define JER_MAX_DEPTH	64

struct jr {
	char	*err;
	size_t	 errlen;
	char	 path[256];	/* where we are, for messages: .a.b[3].c */
};

static enum reason r_value(struct jr *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, json_t *, void *, const char *, int);

static enum reason
fail(struct jr *r, enum reason why, const char *what)
{
	snprintf(r->err, r->errlen, "at %s: %s", r->path[0] ? r->path : "top",
	    what);
	return why;
}

static size_t
path_push(struct jr *r, const char *name, long idx)
{
	size_t	 n = strlen(r->path);

	if (name != NULL)
		snprintf(r->path + n, sizeof(r->path) - n, ".%s", name);
	else
		snprintf(r->path + n, sizeof(r->path) - n, "[%ld]", idx);
	return n;
}

static enum reason
r_hex(struct jr *r, json_t *j, uint8_t **out, size_t *len)
{
	const char	*s;
	size_t		 n;
	long		 got;

	if (!json_is_string(j))
		return fail(r, REASON_JSON_TYPE, "expected a hex string");
	s = json_string_value(j);
	n = json_string_length(j);
	if ((*out = malloc(n / 2 + 1)) == NULL)
		return REASON_NOMEM;
	if ((got = hex_decode(s, n, *out, n / 2 + 1)) < 0) {
		free(*out);
		*out = NULL;
		return fail(r, REASON_BAD_HEX, "not a hex string");
	}
	(*out)[got] = 0;
	*len = (size_t)got;
	return REASON_OK;
}

/* Encode JSON j as open type td into the octets os. */
static enum reason
r_open(struct jr *r, const struct msg_open *o, json_t *j, OCTET_STRING_t *os,
    int depth)
{
	void		*v;
	enum reason	 e;
	uint8_t		*p;
	size_t		 n;

	if (json_is_string(j) || o->td == NULL) {
		if ((e = r_hex(r, j, &p, &n)) != REASON_OK)
			return e;
		os->buf = p;
		os->size = (int)n;
		return REASON_OK;
	}
	if ((v = calloc(1, codec_struct_size(o->td))) == NULL)
		return REASON_NOMEM;
	if ((e = r_value(r, NULL, o->td, j, v, o->td->name, depth + 1)) !=
	    REASON_OK ||
	    (e = codec_check(o->td, v, r->err, r->errlen)) != REASON_OK) {
		codec_free(o->td, v);
		return e;
	}
	return codec_encode_open(o->td, v, os, r->err, r->errlen);
}

/* Whether key names a member of td, or of an extension addition group
 * stand-in of td, whose components JER puts in td's object (jer_out.c). */
static int
known_key(const asn_TYPE_descriptor_t *td, const char *key)
{
	int	 i;

	for (i = 0; i < td->elements_count; i++) {
		if (member_is_group(td, i)) {
			if (known_key(td->elements[i].type, key))
				return 1;
		} else if (strcmp(td->elements[i].name, key) == 0)
			return 1;
	}
	return 0;
}

/* Whether object j holds a component of group type gt: the group is
 * present when one of its components is (X.691 19.9). */
static int
group_present(const asn_TYPE_descriptor_t *gt, json_t *j)
{
	int	 i;

	for (i = 0; i < gt->elements_count; i++)
		if (json_object_get(j, gt->elements[i].name) != NULL)
			return 1;
	return 0;
}

/* The members of SEQUENCE td from object j into sptr; a group stand-in
 * reads its components from the same object. */
static enum reason
r_members(struct jr *r, asn_TYPE_descriptor_t *td, json_t *j, void *sptr,
    const char *owner, int depth)
{
	struct msg_open	 o;
	json_t		*v;
	enum reason	 e;
	size_t		 mark;
	void		*slot;
	int		 i, open;

	for (i = 0; i < td->elements_count; i++) {
		const asn_TYPE_member_t *m = &td->elements[i];

		if (member_is_group(td, i)) {
			if (!group_present(m->type, j))
				continue;
			if ((slot = member_slot(m, sptr)) == NULL)
				return REASON_NOMEM;
			if ((e = r_members(r, m->type, j, slot, td->name,
			    depth + 1)) != REASON_OK)
				return e;
			continue;
		}
		if ((v = json_object_get(j, m->name)) == NULL) {
			char what[160];

			if ((m->flags & ATF_POINTER) || m->optional)
				continue;
			snprintf(what, sizeof(what), "%s needs member \"%s\"",
			    td->name, m->name);
			return fail(r, REASON_JSON_TYPE, what);
		}
		if ((slot = member_slot(m, sptr)) == NULL)
			return REASON_NOMEM;
		mark = path_push(r, m->name, 0);
		open = msg_open_resolve(td, owner, sptr, &o);
		if (open && i == o.member)
			e = r_open(r, &o, v, slot, depth);
		else
			e = r_value(r, m, m->type, v, slot, td->name, depth + 1);
		if (e != REASON_OK)
			return e;
		r->path[mark] = '\0';
	}
	return REASON_OK;
}

static enum reason
r_sequence(struct jr *r, asn_TYPE_descriptor_t *td, json_t *j, void *sptr,
    const char *owner, int depth)
{
	const char	*key;
	json_t		*v;

	if (!json_is_object(j))
		return fail(r, REASON_JSON_TYPE, "expected an object");
	json_object_foreach(j, key, v) {
		if (!known_key(td, key) && strcmp(key, "unknown") != 0) {
			char what[160];

			snprintf(what, sizeof(what), "%s has no member \"%.64s\"",
			    td->name, key);
			return fail(r, REASON_JSON_TYPE, what);
		}
	}
	return r_members(r, td, j, sptr, owner, depth);
}

static enum reason
r_choice(struct jr *r, asn_TYPE_descriptor_t *td, json_t *j, void *sptr,
    int depth)
{
	const char	*key;
	json_t		*v;
	enum reason	 e;
	size_t		 mark;
	void		*slot;
	int		 i;

	if (!json_is_object(j) || json_object_size(j) != 1)
		return fail(r, REASON_JSON_TYPE,
		    "expected an object with one alternative");
	key = json_object_iter_key(json_object_iter(j));
	v = json_object_iter_value(json_object_iter(j));
	if (strcmp(key, "(extension)") == 0)
		return fail(r, REASON_CONSTRAINT, "an alternative of a later "
		    "edition, unknown to this schema, cannot be encoded");
	if ((i = member_index(td, key)) < 0) {
		char what[160];

		snprintf(what, sizeof(what), "%s has no alternative \"%.64s\"",
		    td->name, key);
		return fail(r, REASON_JSON_TYPE, what);
	}
	choice_select(td, sptr, i);
	if ((slot = member_slot(&td->elements[i], sptr)) == NULL)
		return REASON_NOMEM;
	mark = path_push(r, key, 0);
	e = r_value(r, &td->elements[i], td->elements[i].type, v, slot,
	    td->name, depth + 1);
	if (e == REASON_OK)
		r->path[mark] = '\0';
	return e;
}

static enum reason
r_enum(struct jr *r, const asn_TYPE_descriptor_t *td, json_t *j, long *out)
{
	const char	*s;

	if (!json_is_string(j))
		return fail(r, REASON_JSON_TYPE, "expected an enumerator name");
	s = json_string_value(j);
	if (enum_by_name(td, s, json_string_length(j), out) == 0)
		return REASON_OK;
	{
		char what[160];

		snprintf(what, sizeof(what), "%s has no enumerator \"%.64s\"",
		    td->name, s);
		return fail(r, REASON_JSON_TYPE, what);
	}
}

static enum reason
r_bits(struct jr *r, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    json_t *j, BIT_STRING_t *bs)
{
	json_t		*hv = j, *lv = NULL;
	enum reason	 e;
	uint8_t		*p;
	size_t		 n;
	long		 lb, ub, bits;
	int		 fixed = codec_size_range(mem, td, &lb, &ub);

	if (json_is_object(j)) {
		hv = json_object_get(j, "value");
		lv = json_object_get(j, "length");
		if (hv == NULL || !json_is_integer(lv) ||
		    json_object_size(j) != 2)
			return fail(r, REASON_JSON_TYPE,
			    "expected {\"value\": hex, \"length\": bits}");
	} else if (!fixed)
		return fail(r, REASON_JSON_TYPE,
		    "expected {\"value\": hex, \"length\": bits}");
	if ((e = r_hex(r, hv, &p, &n)) != REASON_OK)
		return e;
	bits = lv != NULL ? (long)json_integer_value(lv) : lb;
	if (bits < 0 || (size_t)(bits + 7) / 8 != n) {
		free(p);
		return fail(r, REASON_JSON_TYPE,
		    "bit string length does not match its hex");
	}
	bs->buf = p;
	bs->size = (int)n;
	bs->bits_unused = (int)(n * 8 - (size_t)bits);
	if (n > 0)	/* unused bits are zero on the wire */
		p[n - 1] &= (uint8_t)(0xff << bs->bits_unused);
	return REASON_OK;
}

static enum reason
r_value(struct jr *r, const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    json_t *j, void *p, const char *owner, int depth)
{
	const asn_INTEGER_specifics_t *isp;
	OCTET_STRING_t	*os;
	json_t		*v;
	enum reason	 e;
	size_t		 i, mark;
	void		*elem;

	if (depth > JER_MAX_DEPTH)
		return fail(r, REASON_TOO_DEEP, "nesting too deep");
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return r_sequence(r, td, j, p, owner, depth);
	case CK_CHOICE:
		return r_choice(r, td, j, p, depth);
	case CK_SEQOF:
		if (!json_is_array(j))
			return fail(r, REASON_JSON_TYPE, "expected an array");
		json_array_foreach(j, i, v) {
			asn_TYPE_descriptor_t *et = td->elements[0].type;

			if ((elem = calloc(1, codec_struct_size(et))) == NULL)
				return REASON_NOMEM;
			mark = path_push(r, NULL, (long)i);
			e = r_value(r, &td->elements[0], et, v, elem, owner,
			    depth + 1);
			if (e != REASON_OK || asn_set_add(p, elem) != 0) {
				codec_free(et, elem);
				return e != REASON_OK ? e : REASON_NOMEM;
			}
			r->path[mark] = '\0';
		}
		return REASON_OK;
	case CK_INTEGER:
		if (!json_is_integer(j))
			return fail(r, REASON_JSON_TYPE, "expected an integer");
		isp = td->specifics;
		if (isp != NULL && isp->field_unsigned) {
			if (json_integer_value(j) < 0)
				return fail(r, REASON_CONSTRAINT,
				    "negative value for an unsigned type");
			*(unsigned long *)p = (unsigned long)json_integer_value(j);
		} else
			*(long *)p = (long)json_integer_value(j);
		return REASON_OK;
	case CK_ENUM:
		return r_enum(r, td, j, p);
	case CK_BOOLEAN:
		if (!json_is_boolean(j))
			return fail(r, REASON_JSON_TYPE, "expected true or false");
		*(BOOLEAN_t *)p = json_is_true(j);
		return REASON_OK;
	case CK_NULL:
		if (!json_is_null(j))
			return fail(r, REASON_JSON_TYPE, "expected null");
		return REASON_OK;
	case CK_OCTETS: {
		uint8_t	*bp;
		size_t	 n;

		if ((e = r_hex(r, j, &bp, &n)) != REASON_OK)
			return e;
		os = p;
		os->buf = bp;
		os->size = (int)n;
		return REASON_OK;
	}
	case CK_BIGINT:
		if (!json_is_integer(j))
			return fail(r, REASON_JSON_TYPE, "expected an integer");
		if (codec_bigint_set(p, (long)json_integer_value(j)) == -1)
			return REASON_NOMEM;
		return REASON_OK;
	case CK_STRING:
	case CK_UTF8:
		if (!json_is_string(j))
			return fail(r, REASON_JSON_TYPE, "expected a string");
		os = p;
		if (OCTET_STRING_fromBuf(os, json_string_value(j),
		    (int)json_string_length(j)) != 0)
			return REASON_NOMEM;
		return REASON_OK;
	case CK_BITS:
		return r_bits(r, mem, td, j, p);
	default:
		return fail(r, REASON_UNKNOWN_TYPE, "type not supported in JSON");
	}
}

static enum reason
read_value(asn_TYPE_descriptor_t *td, json_t *j, void **out, char *err,
    size_t errlen)
{
	struct jr	 r;
	enum reason	 e;
	void		*v;

	memset(&r, 0, sizeof(r));
	r.err = err;
	r.errlen = errlen;
	*out = NULL;
	if ((v = calloc(1, codec_struct_size(td))) == NULL)
		return REASON_NOMEM;
	if ((e = r_value(&r, NULL, td, j, v, td->name, 0)) != REASON_OK) {
		if (e == REASON_NOMEM)
			snprintf(err, errlen, "out of memory");
		codec_free(td, v);
		return e;
	}
	*out = v;
	return REASON_OK;
}

static json_t *
parse(const char *text, size_t len, char *err, size_t errlen)
{
	json_error_t	 je;
	json_t		*j;

	if ((j = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL |
	    JSON_DECODE_ANY, &je)) == NULL)
		snprintf(err, errlen, "JSON: %s (column %d)", je.text,
		    je.column);
	return j;
}

enum reason
jer_read(asn_TYPE_descriptor_t *td, const char *text, size_t len, void **out,
    char *err, size_t errlen)
{
	json_t		*j;
	enum reason	 e;

	msg_init();
	if ((j = parse(text, len, err, errlen)) == NULL)
		return REASON_BAD_JSON;
	e = read_value(td, j, out, err, errlen);
	json_decref(j);
	return e;
}

enum reason
jer_read_msg(struct msg *m, enum msg_family fam, asn_TYPE_descriptor_t *deftype,
    const char *text, size_t len, char *err, size_t errlen)
{
	json_t		*j, *pdu, *val, *jf;
	asn_TYPE_descriptor_t *td = deftype;
	enum reason	 e;
	void		*v;

	msg_init();
	memset(m, 0, sizeof(*m));
	m->id = -1;
	if ((j = parse(text, len, err, errlen)) == NULL)
		return REASON_BAD_JSON;
	val = j;
	pdu = json_object_get(j, "pdu");
	if (json_is_string(pdu) && (val = json_object_get(j, "value")) != NULL) {
		if ((jf = json_object_get(j, "family")) != NULL &&
		    (!json_is_string(jf) ||
		    msg_family_parse(json_string_value(jf), &fam) == -1)) {
			snprintf(err, errlen, "unknown \"family\"");
			e = REASON_JSON_TYPE;
			goto out;
		}
		if ((td = msg_type_find(json_string_value(pdu), fam, NULL)) ==
		    NULL) {
			snprintf(err, errlen, "unknown pdu \"%.64s\"",
			    json_string_value(pdu));
			e = REASON_UNKNOWN_TYPE;
			goto out;
		}
	} else {
		val = j;
		if (td == NULL && (td = msg_frame_type(fam)) == NULL) {
			snprintf(err, errlen, "no MessageFrame for family %s",
			    msg_family_str(fam));
			e = REASON_UNKNOWN_TYPE;
			goto out;
		}
	}
	if ((e = read_value(td, val, &v, err, errlen)) == REASON_OK)
		msg_adopt(m, fam, td, v);
 out:
	json_decref(j);
	if (e != REASON_OK)
		msg_clear(m);
	return e;
}
