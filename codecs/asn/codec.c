/*
 * codec.c: generic wrapper over asn1c 0.9.28 generated code: UPER decode and
 * encode, constraint checks, and the classification of type descriptors.
 *
 * asn1c 0.9.28 gives a derived type (Latitude ::= INTEGER (...)) its own
 * descriptor whose operations copy the base type's pointers into it on first
 * use.  codec_init() makes that happen for every reachable descriptor, after
 * which the operation pointers tell the kind of a type, and keeps each
 * type's own constraint checker, which the inheritance would drop.
 */
#include <stdio.h>
#include <string.h>

#include "asn_application.h"
#include "per_decoder.h"
#include "per_encoder.h"
#include "constraints.h"
#include "constr_SEQUENCE.h"
#include "constr_CHOICE.h"
#include "constr_SET_OF.h"
#include "constr_SEQUENCE_OF.h"
#include "NativeInteger.h"
#include "NativeEnumerated.h"
#include "BOOLEAN.h"
#include "NULL.h"
#include "asn_SET_OF.h"
#include "OCTET_STRING.h"
#include "BIT_STRING.h"
#include "INTEGER.h"
#include "UTF8String.h"

#include "asn_int.h"
#include "codec.h"

/* Bound on recursion inside asn1c, against hostile nesting. */
#define CODEC_MAX_STACK	(256 * 1024)

static int
extensible(const asn_per_constraints_t *pc)
{
	return pc != NULL && ((pc->value.flags | pc->size.flags) &
	    APC_EXTENSIBLE);
}

/* An alternative of a later edition decodes as present == 0 in an
 * extensible CHOICE (asn1/SKELETONS.md 3): a valid value on receipt, which
 * asn1c's checker calls "no CHOICE element given".  The encoders and the
 * JSON reader still refuse it. */
static int
choice_check(asn_TYPE_descriptor_t *td, const void *sptr,
    asn_app_constraint_failed_f *cb, void *key)
{
	if (sptr != NULL && codec_choice_present(td, sptr) == 0)
		return 0;
	return CHOICE_constraint(td, sptr, cb, key);
}

static void
settle(asn_TYPE_descriptor_t *td, int depth)
{
	asn_constr_check_f *check;
	int	 i;

	if (td == NULL || depth > 64)
		return;
	/* A NULL structure is a no-op for every free routine, but the
	 * derived type's wrapper inherits the base operations first.  The
	 * inheritance also overwrites the type's own constraint checker
	 * with the base type's (an asn1c 0.9.28 bug that silently turns
	 * constraint checks off after first use): keep ours. */
	check = td->check_constraints;
	td->free_struct(td, NULL, 0);
	/* asn1c 0.9.28 checks an extensible constraint (1..255, ...) as if
	 * it were not: values beyond the root, valid and encodable, fail.
	 * Such types keep the base type's checker (codec_check's own walk
	 * still checks what is not extensible). */
	if (!extensible(td->per_constraints))
		td->check_constraints = check;
	if (td->check_constraints == CHOICE_constraint &&
	    ((const asn_CHOICE_specifics_t *)td->specifics)->ext_start >= 0)
		td->check_constraints = choice_check;
	for (i = 0; i < td->elements_count; i++) {
		if (extensible(td->elements[i].per_constraints))
			td->elements[i].memb_constraints = NULL;
		settle(td->elements[i].type, depth + 1);
	}
}

void
codec_init(asn_TYPE_descriptor_t *const *roots)
{
	for (; *roots != NULL; roots++)
		settle(*roots, 0);
}

enum codec_kind
codec_kind(const asn_TYPE_descriptor_t *td)
{
	asn_struct_print_f *pr = td->print_struct;

	if (pr == SEQUENCE_print)
		return CK_SEQUENCE;
	if (pr == CHOICE_print)
		return CK_CHOICE;
	if (pr == SEQUENCE_OF_print || pr == SET_OF_print)
		return CK_SEQOF;
	if (pr == NativeInteger_print)
		return td->uper_decoder == NativeEnumerated_decode_uper ?
		    CK_ENUM : CK_INTEGER;
	if (pr == BOOLEAN_print)
		return CK_BOOLEAN;
	if (pr == NULL_print)
		return CK_NULL;
	if (pr == BIT_STRING_print)
		return CK_BITS;
	if (pr == OCTET_STRING_print)
		return CK_OCTETS;
	if (pr == OCTET_STRING_print_utf8)
		return CK_STRING;
	if (pr == UTF8String_print)
		return CK_UTF8;
	if (pr == INTEGER_print)
		return CK_BIGINT;
	return CK_OTHER;
}

size_t
codec_struct_size(const asn_TYPE_descriptor_t *td)
{
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return ((const asn_SEQUENCE_specifics_t *)td->specifics)->struct_size;
	case CK_CHOICE:
		return ((const asn_CHOICE_specifics_t *)td->specifics)->struct_size;
	case CK_SEQOF:
		return ((const asn_SET_OF_specifics_t *)td->specifics)->struct_size;
	case CK_INTEGER:
	case CK_ENUM:
		return sizeof(long);
	case CK_BOOLEAN:
		return sizeof(BOOLEAN_t);
	case CK_NULL:
		return sizeof(NULL_t);
	case CK_BITS:
		return sizeof(BIT_STRING_t);
	case CK_BIGINT:
		return sizeof(INTEGER_t);
	case CK_OCTETS:
	case CK_STRING:
	case CK_UTF8:
		if (td->specifics != NULL)
			return ((const asn_OCTET_STRING_specifics_t *)
			    td->specifics)->struct_size;
		return sizeof(OCTET_STRING_t);
	default:
		return 0;
	}
}

int
codec_size_range(const asn_TYPE_member_t *m, const asn_TYPE_descriptor_t *td,
    long *lb, long *ub)
{
	const asn_per_constraints_t *pc = NULL;

	if (m != NULL && m->per_constraints != NULL)
		pc = m->per_constraints;
	else
		pc = td->per_constraints;
	*lb = *ub = -1;
	if (pc == NULL || !(pc->size.flags & APC_CONSTRAINED))
		return 0;
	*lb = pc->size.lower_bound;
	*ub = pc->size.upper_bound;
	return *lb == *ub && !(pc->size.flags & APC_EXTENSIBLE);
}

enum reason
codec_decode(asn_TYPE_descriptor_t *td, const uint8_t *p, size_t n,
    void **out, size_t *used, char *err, size_t errlen)
{
	asn_codec_ctx_t	 ctx;
	asn_dec_rval_t	 rv;
	void		*v = NULL;

	*out = NULL;
	*used = 0;
	if (n == 0) {
		snprintf(err, errlen, "%s: no data", td->name);
		return REASON_TRUNCATED;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.max_stack_size = CODEC_MAX_STACK;
	rv = uper_decode(&ctx, td, &v, p, n, 0, 0);
	switch (rv.code) {
	case RC_OK:
		break;
	case RC_WMORE:
		snprintf(err, errlen, "%s: input ends inside the message "
		    "(%zu bytes)", td->name, n);
		codec_free(td, v);
		return REASON_TRUNCATED;
	default:
		snprintf(err, errlen, "%s: UPER decoding failed near bit %zu",
		    td->name, rv.consumed);
		codec_free(td, v);
		return REASON_UPER_FAIL;
	}
	*out = v;
	*used = (rv.consumed + 7) / 8;
	if (*used == 0)		/* an empty encoding still takes an octet */
		*used = 1;
	if (*used > n) {
		codec_free(td, v);
		*out = NULL;
		snprintf(err, errlen, "%s: input ends inside the message",
		    td->name);
		return REASON_TRUNCATED;
	}
	return REASON_OK;
}

static int
add_to_buf(const void *p, size_t n, void *key)
{
	struct buf *b = key;

	buf_add(b, p, n);
	return b->oom ? -1 : 0;
}

enum reason
codec_encode(asn_TYPE_descriptor_t *td, const void *v, struct buf *out,
    char *err, size_t errlen)
{
	asn_enc_rval_t	 er;
	size_t		 start = out->len;

	er = uper_encode(td, (void *)v, add_to_buf, out);
	if (er.encoded < 0) {
		out->len = start;
		if (out->oom)
			return REASON_NOMEM;
		snprintf(err, errlen, "%s: UPER encoding failed at %s",
		    td->name, er.failed_type ? er.failed_type->name : "?");
		return REASON_ENCODE_FAIL;
	}
	if (er.encoded == 0)	/* a complete encoding is at least one octet */
		buf_addc(out, 0);
	return out->oom ? REASON_NOMEM : REASON_OK;
}

enum reason
codec_encode_open(asn_TYPE_descriptor_t *td, void *v, OCTET_STRING_t *os,
    char *err, size_t errlen)
{
	struct buf	 b;
	enum reason	 e;

	buf_init(&b);
	e = codec_encode(td, v, &b, err, errlen);
	codec_free(td, v);
	if (e != REASON_OK) {
		buf_free(&b);
		return e;
	}
	buf_cstr(&b);	/* buf's spare byte: NUL-ended, as asn1c keeps them */
	free(os->buf);
	os->buf = (uint8_t *)b.p;
	os->size = (int)b.len;
	return REASON_OK;
}

/*
 * Constraints asn1c 0.9.28 does not check: a SEQUENCE OF's SIZE (its UPER
 * decoder even accepts a count past the upper bound, which the count field
 * has room for), and an unsigned INTEGER whose range is the whole of
 * 0..4294967295 (it assumes an unsigned long cannot exceed it).  Values
 * that pass asn1c's check but cannot be encoded.
 */
static int
check_extra(const asn_TYPE_member_t *mem, asn_TYPE_descriptor_t *td,
    const void *p, int depth, char *err, size_t errlen)
{
	const asn_anonymous_set_ *list;
	const asn_per_constraints_t *pc;
	const asn_INTEGER_specifics_t *isp;
	const void	*mp;
	int		 i, pres;

	if (p == NULL || depth > 64)
		return 0;
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		for (i = 0; i < td->elements_count; i++) {
			const asn_TYPE_member_t *m = &td->elements[i];

			mp = member_ptr(m, p);
			if (check_extra(m, m->type, mp, depth + 1, err,
			    errlen) == -1)
				return -1;
		}
		return 0;
	case CK_CHOICE:
		pres = choice_present(td, p);
		if (pres <= 0 || pres > td->elements_count)
			return 0;
		mp = member_ptr(&td->elements[pres - 1], p);
		return check_extra(&td->elements[pres - 1],
		    td->elements[pres - 1].type, mp, depth + 1, err, errlen);
	case CK_SEQOF:
		list = p;
		pc = mem != NULL && mem->per_constraints != NULL ?
		    mem->per_constraints : td->per_constraints;
		if (pc != NULL && (pc->size.flags & APC_CONSTRAINED) &&
		    !(pc->size.flags & APC_EXTENSIBLE) &&
		    (list->count < pc->size.lower_bound ||
		    list->count > pc->size.upper_bound)) {
			snprintf(err, errlen, "%s: %d elements, outside "
			    "SIZE(%ld..%ld)", mem != NULL ? mem->name :
			    td->name, list->count, pc->size.lower_bound,
			    pc->size.upper_bound);
			return -1;
		}
		for (i = 0; i < list->count; i++)
			if (check_extra(&td->elements[0], td->elements[0].type,
			    list->array[i], depth + 1, err, errlen) == -1)
				return -1;
		return 0;
	case CK_BIGINT:
	case CK_INTEGER:
		pc = mem != NULL && mem->per_constraints != NULL ?
		    mem->per_constraints : td->per_constraints;
		if (pc == NULL || !(pc->value.flags & APC_CONSTRAINED) ||
		    (pc->value.flags & APC_EXTENSIBLE))
			return 0;
		isp = td->specifics;
		if (codec_kind(td) == CK_BIGINT) {
			long v;

			if (codec_bigint_get(p, &v) == 0 &&
			    v >= pc->value.lower_bound &&
			    v <= pc->value.upper_bound)
				return 0;
			snprintf(err, errlen, "%s: outside %ld..%ld",
			    mem != NULL ? mem->name : td->name,
			    pc->value.lower_bound, pc->value.upper_bound);
		} else if (isp != NULL && isp->field_unsigned) {
			unsigned long v = *(const unsigned long *)p;

			if (v >= (unsigned long)pc->value.lower_bound &&
			    v <= (unsigned long)pc->value.upper_bound)
				return 0;
			snprintf(err, errlen, "%s: %lu outside %ld..%ld",
			    mem != NULL ? mem->name : td->name, v,
			    pc->value.lower_bound, pc->value.upper_bound);
		} else {
			long v = *(const long *)p;

			if (v >= pc->value.lower_bound &&
			    v <= pc->value.upper_bound)
				return 0;
			snprintf(err, errlen, "%s: %ld outside %ld..%ld",
			    mem != NULL ? mem->name : td->name, v,
			    pc->value.lower_bound, pc->value.upper_bound);
		}
		return -1;
	default:
		return 0;
	}
}

int
codec_choice_present(const asn_TYPE_descriptor_t *td, const void *sptr)
{
	return choice_present(td, sptr);
}

enum reason
codec_check(asn_TYPE_descriptor_t *td, const void *v, char *err,
    size_t errlen)
{
	char	 msg[160], *src;
	size_t	 len = sizeof(msg);

	msg[0] = '\0';
	if (asn_check_constraints(td, v, msg, &len) != 0) {
		/* asn1c appends " (File.c:NN)" of the generated source. */
		if ((src = strstr(msg, " (")) != NULL &&
		    strstr(src, ".c:") != NULL)
			*src = '\0';
		snprintf(err, errlen, "%s", msg);
		return REASON_CONSTRAINT;
	}
	if (check_extra(NULL, td, v, 0, err, errlen) == -1)
		return REASON_CONSTRAINT;
	return REASON_OK;
}

int
codec_bigint_get(const void *p, long *v)
{
	return asn_INTEGER2long(p, v) == 0 ? 0 : -1;
}

int
codec_bigint_set(void *p, long v)
{
	return asn_long2INTEGER(p, v) == 0 ? 0 : -1;
}

void
codec_free(asn_TYPE_descriptor_t *td, void *v)
{
	if (v != NULL)
		td->free_struct(td, v, 0);
}
