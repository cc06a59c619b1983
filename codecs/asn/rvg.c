/*
 * rvg.c: random valid values of any type of the schema, generic over the
 * asn1c 0.9.28 type descriptors: PER-visible constraints (X.691) from the
 * descriptors, the rest from the generated constraint checkers; open types
 * (msg.h) filled with the encoding of a random value of their id's type.
 * Random numbers: xoshiro256** seeded by splitmix64 (Blackman, Vigna 2018).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "constr_SEQUENCE.h"

#include "asn_int.h"
#include "buf.h"
#include "codec.h"
#include "msg.h"
#include "rvg.h"

/* Past RVG_SOFT_DEPTH only what is mandatory is built, lists at their
 * minimum; past RVG_MAX_DEPTH we give up (the JSON writer stops at 64). */
#define RVG_SOFT_DEPTH	32
#define RVG_MAX_DEPTH	56
/* Tries at a value the constraint checker accepts, for constraints that
 * are not PER-visible. */
#define RVG_TRIES	16
/* Open type ids scanned for ones that resolve to a type. */
#define RVG_MAX_IDS	1024

struct gen {
	struct rvg	*r;
	char		*err;
	size_t		 errlen;
};

static enum reason g_value(struct gen *, const asn_TYPE_member_t *,
		    asn_TYPE_descriptor_t *, void *, const char *, int);

/* --- random numbers ------------------------------------------------------ */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rvg_seed(struct rvg *r, uint64_t seed)
{
	int	 i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
	r->optional_pct = 50;
	r->max_list = 4;
	r->max_string = 16;
	r->ext_pct = 20;
	r->unknown_pct = 10;
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rvg_next(struct rvg *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, span]. */
static uint64_t
below(struct rvg *r, uint64_t span)
{
	uint64_t x, lim;

	if (span == UINT64_MAX)
		return rvg_next(r);
	/* Reject the top partial bucket: unbiased, and still deterministic. */
	lim = UINT64_MAX - (UINT64_MAX % (span + 1) + 1) % (span + 1);
	do
		x = rvg_next(r);
	while (x > lim);
	return x % (span + 1);
}

long
rvg_range(struct rvg *r, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return (long)((uint64_t)lo + below(r, (uint64_t)hi - (uint64_t)lo));
}

static int
chance(struct rvg *r, int pct)
{
	return (int)below(r, 99) < pct;
}

/* An offset in [0, span] that favours the ends, where encoders break. */
static uint64_t
offset(struct rvg *r, uint64_t span)
{
	uint64_t small = span < 3 ? span : 3;

	switch (below(r, 7)) {
	case 0:
		return 0;
	case 1:
		return span;
	case 2:
		return below(r, small);
	case 3:
		return span - below(r, small);
	default:
		return below(r, span);
	}
}

/* --- helpers ------------------------------------------------------------- */

static enum reason
fail(struct gen *g, enum reason why, const char *fmt, const char *name)
{
	snprintf(g->err, g->errlen, fmt, name);
	return why;
}

static enum reason
nomem(struct gen *g)
{
	snprintf(g->err, g->errlen, "out of memory");
	return REASON_NOMEM;
}

static asn_per_constraints_t *
per_of(const asn_TYPE_member_t *m, const asn_TYPE_descriptor_t *td)
{
	if (m != NULL && m->per_constraints != NULL)
		return m->per_constraints;
	return td->per_constraints;
}

/* Does the value at p satisfy the constraints of td as member m? */
static int
valid(const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td, const void *p)
{
	asn_constr_check_f *f = td->check_constraints;

	if (m != NULL && m->memb_constraints != NULL)
		f = m->memb_constraints;
	return f == NULL || f(td, p, NULL, NULL) == 0;
}

/* Storage for member m of structure sptr, allocating pointed-to members
 * (member_slot), failing on a type whose structure we cannot size. */
static enum reason
g_slot(struct gen *g, const asn_TYPE_member_t *m, void *sptr, void **slot)
{
	if ((m->flags & ATF_POINTER) && member_ptr(m, sptr) == NULL &&
	    codec_struct_size(m->type) == 0)
		return fail(g, REASON_UNKNOWN_TYPE, "%s: cannot build values of "
		    "this type", m->type->name);
	if ((*slot = member_slot(m, sptr)) == NULL)
		return nomem(g);
	return REASON_OK;
}

/* A size in [lb, ub] of a constraint (lb, ub -1: none), at most cap above
 * the minimum; the minimum only when deep. */
static long
pick_size(struct rvg *r, long lb, long ub, long cap, int depth)
{
	if (lb < 0)
		lb = 0;
	if (ub < lb || ub - lb > cap)
		ub = lb + cap;
	if (depth > RVG_SOFT_DEPTH)
		return lb;
	return lb + (long)offset(r, (uint64_t)(ub - lb));
}

/* --- integers and enumerations ------------------------------------------- */

static long
pick_integer(struct rvg *r, asn_per_constraints_t *pc, int is_unsigned)
{
	const asn_per_constraint_t *v = pc != NULL ? &pc->value : NULL;
	uint64_t span;

	if (v != NULL && (v->flags & APC_CONSTRAINED)) {
		if (is_unsigned)
			span = (uint64_t)(unsigned long)v->upper_bound -
			    (uint64_t)(unsigned long)v->lower_bound;
		else
			span = (uint64_t)v->upper_bound -
			    (uint64_t)v->lower_bound;
		return (long)((uint64_t)v->lower_bound + offset(r, span));
	}
	if (v != NULL && (v->flags & APC_SEMI_CONSTRAINED))
		return (long)((uint64_t)v->lower_bound +
		    offset(r, chance(r, 50) ? 300 : 0xffffffffULL));
	/* Unconstrained: mostly small, sometimes any 64-bit value. */
	switch (below(r, 3)) {
	case 0:
		return rvg_range(r, -130, 130);
	case 1:
		return rvg_range(r, -2147483648L, 2147483647L);
	default:
		return is_unsigned ? (long)below(r, 0xffffffffULL) :
		    (long)rvg_next(r);
	}
}

static enum reason
g_integer(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    long *p)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;
	asn_per_constraints_t *pc = per_of(m, td);
	int	 i, uns = sp != NULL && sp->field_unsigned;

	for (i = 0; i < RVG_TRIES; i++) {
		*p = pick_integer(g->r, pc, uns);
		if (valid(m, td, p))
			return REASON_OK;
	}
	/* A constraint the PER view does not show: try the bounds. */
	if (pc != NULL && (pc->value.flags & APC_CONSTRAINED)) {
		*p = pc->value.lower_bound;
		if (valid(m, td, p))
			return REASON_OK;
		*p = pc->value.upper_bound;
		if (valid(m, td, p))
			return REASON_OK;
	}
	return fail(g, REASON_CONSTRAINT, "%s: found no valid integer",
	    td->name);
}

/* INTEGER_t: asn1c's big integer, for ranges wider than 32 bits. */
static enum reason
g_big_integer(struct gen *g, const asn_TYPE_member_t *m,
    asn_TYPE_descriptor_t *td, void *p)
{
	asn_per_constraints_t *pc = per_of(m, td);
	int	 i;

	for (i = 0; i < RVG_TRIES; i++) {
		if (codec_bigint_set(p, pick_integer(g->r, pc, 0)) == -1)
			return nomem(g);
		if (valid(m, td, p))
			return REASON_OK;
	}
	return fail(g, REASON_CONSTRAINT, "%s: found no valid integer",
	    td->name);
}

static enum reason
g_enum(struct gen *g, asn_TYPE_descriptor_t *td, long *p, int depth)
{
	const asn_INTEGER_specifics_t *sp = td->specifics;
	int	 root, k;

	if (sp == NULL || sp->map_count == 0)
		return fail(g, REASON_UNKNOWN_TYPE, "%s: no enumerators",
		    td->name);
	/* value2enum is sorted by value; the root comes first (asn1c's
	 * NativeEnumerated encodes the index into it). */
	root = sp->extension ? sp->extension - 1 : sp->map_count;
	if (root < sp->map_count && depth <= RVG_SOFT_DEPTH &&
	    chance(g->r, g->r->ext_pct))
		k = root + (int)below(g->r, (uint64_t)(sp->map_count - root - 1));
	else if (root > 0)
		k = (int)below(g->r, (uint64_t)(root - 1));
	else
		k = 0;
	*p = sp->value2enum[k].nat_value;
	return REASON_OK;
}

/* --- strings ------------------------------------------------------------- */

/* Octets per character of a string type (BMPString 2, UniversalString 4). */
static int
char_width(const asn_TYPE_descriptor_t *td)
{
	const asn_OCTET_STRING_specifics_t *sp = td->specifics;

	if (sp != NULL && sp->subvariant == ASN_OSUBV_U16)
		return 2;
	if (sp != NULL && sp->subvariant == ASN_OSUBV_U32)
		return 4;
	return 1;
}

static int
put_chars(OCTET_STRING_t *os, int width, const unsigned char *c, long n)
{
	long	 i;

	free(os->buf);
	if ((os->buf = calloc(1, (size_t)(n * width) + 1)) == NULL) {
		os->size = 0;
		return -1;
	}
	os->size = (int)(n * width);
	for (i = 0; i < n; i++)		/* big-endian code points */
		os->buf[i * width + width - 1] = c[i];
	return 0;
}

/* The printable ASCII characters a string of n characters may use: each
 * alone repeated n times must pass the checker (a FROM constraint holds
 * for every character).  Returns how many. */
static int
alphabet(const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td, long n,
    int width, unsigned char *set, OCTET_STRING_t *tmp)
{
	unsigned char	*c;
	int		 k = 0, ch;

	if ((c = malloc((size_t)n)) == NULL)
		return -1;
	for (ch = 0x20; ch < 0x7f; ch++) {
		memset(c, ch, (size_t)n);
		if (put_chars(tmp, width, c, n) == -1) {
			free(c);
			return -1;
		}
		if (valid(m, td, tmp))
			set[k++] = (unsigned char)ch;
	}
	free(c);
	return k;
}

static enum reason
g_string(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    OCTET_STRING_t *os, int depth)
{
	unsigned char	 set[96], *c = NULL;
	long		 lb, ub, n = 0, i;
	int		 k, try, width = char_width(td);
	enum reason	 e = REASON_NOMEM;

	codec_size_range(m, td, &lb, &ub);
	for (try = 0; try < RVG_TRIES; try++) {
		/* A size constraint that is not PER-visible (UTF8String):
		 * random sizes first, then the small ones in turn. */
		if (try < RVG_TRIES / 2)
			n = pick_size(g->r, lb, ub, g->r->max_string, depth);
		else
			n = (lb > 0 ? lb : 0) + try - RVG_TRIES / 2;
		free(c);
		if ((c = malloc((size_t)n + 1)) == NULL)
			goto out;
		if (n == 0) {
			if (put_chars(os, width, c, 0) == -1)
				goto out;
			if (valid(m, td, os))
				break;
			continue;
		}
		if ((k = alphabet(m, td, n, width, set, os)) == -1)
			goto out;
		if (k == 0) {	/* not a per-character constraint: guess */
			for (i = 0; i < n; i++)
				c[i] = (unsigned char)(0x20 + below(g->r, 0x5e));
		} else
			for (i = 0; i < n; i++)
				c[i] = set[below(g->r, (uint64_t)(k - 1))];
		if (put_chars(os, width, c, n) == -1)
			goto out;
		if (valid(m, td, os))
			break;
	}
	e = try < RVG_TRIES ? REASON_OK : fail(g, REASON_CONSTRAINT,
	    "%s: found no valid string", td->name);
 out:
	free(c);
	return e == REASON_NOMEM ? nomem(g) : e;
}

static enum reason
g_octets(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    OCTET_STRING_t *os, int depth)
{
	long	 lb, ub, n, i;

	codec_size_range(m, td, &lb, &ub);
	n = pick_size(g->r, lb, ub, g->r->max_string, depth);
	if ((os->buf = malloc((size_t)n + 1)) == NULL)
		return nomem(g);
	for (i = 0; i < n; i++)
		os->buf[i] = (uint8_t)rvg_next(g->r);
	os->buf[n] = 0;
	os->size = (int)n;
	if (!valid(m, td, os))
		return fail(g, REASON_CONSTRAINT, "%s: found no valid octets",
		    td->name);
	return REASON_OK;
}

static enum reason
g_bits(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    BIT_STRING_t *bs, int depth)
{
	long	 lb, ub, bits, n, i;

	codec_size_range(m, td, &lb, &ub);
	bits = pick_size(g->r, lb, ub, 8L * g->r->max_string, depth);
	n = (bits + 7) / 8;
	if ((bs->buf = calloc(1, (size_t)n + 1)) == NULL)
		return nomem(g);
	for (i = 0; i < n; i++)
		bs->buf[i] = (uint8_t)rvg_next(g->r);
	bs->size = (int)n;
	bs->bits_unused = (int)(n * 8 - bits);
	if (n > 0)	/* unused bits are zero, as a decoder leaves them */
		bs->buf[n - 1] &= (uint8_t)(0xff << bs->bits_unused);
	if (!valid(m, td, bs))
		return fail(g, REASON_CONSTRAINT, "%s: found no valid bits",
		    td->name);
	return REASON_OK;
}

/* --- open types ---------------------------------------------------------- */

static int
is_frame(const asn_TYPE_descriptor_t *td)
{
	return td == msg_frame_type(FAMILY_J2735) ||
	    td == msg_frame_type(FAMILY_ETSI);
}

/* Fill the open type of SEQUENCE td at sptr: choose its id (member idm),
 * then the octets: the encoding of a random value of the id's type, or
 * random octets for an id that has none. */
static enum reason
g_open(struct gen *g, asn_TYPE_descriptor_t *td, void *sptr,
    const char *owner, int idm, int depth)
{
	const asn_TYPE_member_t *im = &td->elements[idm];
	asn_per_constraints_t *pc = per_of(im, im->type);
	struct msg_open	 o;
	OCTET_STRING_t	*os;
	long		*idp, lo = 0, hi = 255, id, known[RVG_MAX_IDS];
	int		 nknown = 0, unknown, i;
	void		*v, *slot;
	enum reason	 e;

	if ((e = g_slot(g, im, sptr, &slot)) != REASON_OK)
		return e;
	idp = slot;
	if (codec_kind(im->type) != CK_INTEGER)
		return fail(g, REASON_UNKNOWN_TYPE, "%s: open type id is not "
		    "an INTEGER", td->name);
	if (pc != NULL && (pc->value.flags & APC_CONSTRAINED)) {
		lo = pc->value.lower_bound;
		hi = pc->value.upper_bound;
	}
	for (id = lo; id <= hi && id - lo < RVG_MAX_IDS; id++) {
		*idp = id;
		if (msg_open_resolve(td, owner, sptr, &o) && o.td != NULL)
			known[nknown++] = id;
	}
	/* Deep down (open types can hold frames with open types of their
	 * own), only opaque octets. */
	unknown = nknown == 0 || (!is_frame(td) &&
	    (depth > RVG_SOFT_DEPTH || chance(g->r, g->r->unknown_pct)));
	if (unknown) {
		for (i = 0; i < RVG_TRIES; i++) {
			*idp = (long)((uint64_t)lo +
			    below(g->r, (uint64_t)hi - (uint64_t)lo));
			if (!msg_open_resolve(td, owner, sptr, &o) ||
			    o.td == NULL)
				break;
		}
		if (i == RVG_TRIES) {
			if (nknown == 0)
				return fail(g, REASON_UNKNOWN_TYPE, "%s: found "
				    "no open type id", td->name);
			unknown = 0;
		}
	}
	if (!unknown)
		*idp = known[below(g->r, (uint64_t)(nknown - 1))];
	if (!msg_open_resolve(td, owner, sptr, &o))
		return fail(g, REASON_UNKNOWN_TYPE, "%s: not an open type",
		    td->name);
	if ((e = g_slot(g, &td->elements[o.member], sptr, &slot)) !=
	    REASON_OK)
		return e;
	os = slot;
	if (o.td == NULL)
		return g_octets(g, NULL, td->elements[o.member].type, os,
		    depth + 1);

	if ((v = calloc(1, codec_struct_size(o.td))) == NULL)
		return nomem(g);
	if ((e = g_value(g, NULL, o.td, v, o.td->name, depth + 1)) !=
	    REASON_OK) {
		codec_free(o.td, v);
		return e;
	}
	return codec_encode_open(o.td, v, os, g->err, g->errlen);
}

/* --- constructed types --------------------------------------------------- */

/* An extension addition group with no component present is absent
 * (X.691 19.9): drop the empty stand-in, or its encoding would not be the
 * one an X.691 encoder gives, nor survive JER (jer_out.c). */
static void
group_drop_empty(const asn_TYPE_member_t *m, void *sptr)
{
	void	**pp = (void **)((char *)sptr + m->memb_offset);
	int	 i;

	for (i = 0; i < m->type->elements_count; i++)
		if (member_ptr(&m->type->elements[i], *pp) != NULL)
			return;
	codec_free(m->type, *pp);
	*pp = NULL;
}

static enum reason
g_sequence(struct gen *g, asn_TYPE_descriptor_t *td, void *sptr,
    const char *owner, int depth)
{
	const asn_SEQUENCE_specifics_t *sp = td->specifics;
	struct msg_open	 o;
	enum reason	 e;
	void		*slot;
	int		 i, open, idm = -1, ext, present;

	if ((open = msg_open_resolve(td, owner, sptr, &o)) &&
	    (idm = member_index(td, o.idname)) == -1)
		open = 0;
	for (i = 0; i < td->elements_count; i++) {
		const asn_TYPE_member_t *m = &td->elements[i];

		if (open && i == o.member)
			continue;	/* filled by g_open() */
		ext = sp->ext_before >= 0 && i > sp->ext_after &&
		    i < sp->ext_before;
		if (open && i == idm)
			present = 1;
		else if (ext)
			present = depth <= RVG_SOFT_DEPTH &&
			    chance(g->r, g->r->ext_pct);
		else if ((m->flags & ATF_POINTER) && m->optional)
			present = depth <= RVG_SOFT_DEPTH &&
			    chance(g->r, g->r->optional_pct);
		else
			present = 1;
		/* An extension addition that is not a pointer cannot be
		 * absent. */
		if (!present && (m->flags & ATF_POINTER))
			continue;
		if ((e = g_slot(g, m, sptr, &slot)) != REASON_OK ||
		    (e = g_value(g, m, m->type, slot, td->name, depth + 1)) !=
		    REASON_OK)
			return e;
		if (member_is_group(td, i))
			group_drop_empty(m, sptr);
	}
	if (open)
		return g_open(g, td, sptr, owner, idm, depth);
	return REASON_OK;
}

static enum reason
g_choice(struct gen *g, asn_TYPE_descriptor_t *td, void *sptr, int depth)
{
	const asn_CHOICE_specifics_t *sp = td->specifics;
	const asn_TYPE_member_t *m;
	void		*slot;
	enum reason	 e;
	int		 root, i;

	if (td->elements_count == 0)
		return fail(g, REASON_UNKNOWN_TYPE, "%s: no alternatives",
		    td->name);
	root = sp->ext_start >= 0 ? sp->ext_start : td->elements_count;
	if (root < td->elements_count && depth <= RVG_SOFT_DEPTH &&
	    chance(g->r, g->r->ext_pct))
		i = root + (int)below(g->r,
		    (uint64_t)(td->elements_count - root - 1));
	else if (root > 0)
		i = (int)below(g->r, (uint64_t)(root - 1));
	else
		i = 0;
	choice_select(td, sptr, i);
	m = &td->elements[i];
	if ((e = g_slot(g, m, sptr, &slot)) != REASON_OK)
		return e;
	return g_value(g, m, m->type, slot, td->name, depth + 1);
}

static enum reason
g_list(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    void *list, const char *owner, int depth)
{
	asn_TYPE_member_t *em = &td->elements[0];
	asn_TYPE_descriptor_t *et = em->type;
	enum reason	 e;
	long		 lb, ub, n, i;
	void		*elem;

	codec_size_range(m, td, &lb, &ub);
	n = pick_size(g->r, lb, ub, g->r->max_list, depth);
	for (i = 0; i < n; i++) {
		if ((elem = calloc(1, codec_struct_size(et))) == NULL)
			return nomem(g);
		e = g_value(g, em, et, elem, owner, depth + 1);
		if (e == REASON_OK && asn_set_add(list, elem) != 0)
			e = nomem(g);
		if (e != REASON_OK) {
			codec_free(et, elem);
			return e;
		}
	}
	return REASON_OK;
}

static enum reason
g_value(struct gen *g, const asn_TYPE_member_t *m, asn_TYPE_descriptor_t *td,
    void *p, const char *owner, int depth)
{
	if (depth > RVG_MAX_DEPTH)
		return fail(g, REASON_TOO_DEEP, "%s: nesting too deep",
		    td->name);
	switch (codec_kind(td)) {
	case CK_SEQUENCE:
		return g_sequence(g, td, p, owner, depth);
	case CK_CHOICE:
		return g_choice(g, td, p, depth);
	case CK_SEQOF:
		return g_list(g, m, td, p, owner, depth);
	case CK_INTEGER:
		return g_integer(g, m, td, p);
	case CK_ENUM:
		return g_enum(g, td, p, depth);
	case CK_BOOLEAN:
		*(BOOLEAN_t *)p = (BOOLEAN_t)below(g->r, 1);
		return REASON_OK;
	case CK_NULL:
		return REASON_OK;
	case CK_OCTETS:
		return g_octets(g, m, td, p, depth);
	case CK_BITS:
		return g_bits(g, m, td, p, depth);
	case CK_STRING:
		return g_string(g, m, td, p, depth);
	case CK_UTF8:
		return g_string(g, m, td, p, depth);
	case CK_BIGINT:
		return g_big_integer(g, m, td, p);
	default:
		return fail(g, REASON_UNKNOWN_TYPE,
		    "%s: cannot build values of this type", td->name);
	}
}

enum reason
rvg_value(struct rvg *r, asn_TYPE_descriptor_t *td, void **out, char *err,
    size_t errlen)
{
	struct gen	 g;
	enum reason	 e;
	void		*v;
	size_t		 n;

	msg_init();
	*out = NULL;
	g.r = r;
	g.err = err;
	g.errlen = errlen;
	if ((n = codec_struct_size(td)) == 0)
		return fail(&g, REASON_UNKNOWN_TYPE,
		    "%s: cannot build values of this type", td->name);
	if ((v = calloc(1, n)) == NULL)
		return nomem(&g);
	if ((e = g_value(&g, NULL, td, v, td->name, 0)) == REASON_OK)
		e = codec_check(td, v, err, errlen);	/* our own bug if not */
	if (e != REASON_OK) {
		codec_free(td, v);
		return e;
	}
	*out = v;
	return REASON_OK;
}
