/*
 * fwd.c: forward compatibility of asn1c's UPER runtime (ITU-T X.691
 * extensibility) with our asn1/skeletons.patch.  Built twice: against
 * FwdV1.asn (fwd_v1) and, with -DFWD_V2, against its next edition
 * FwdV2.asn (fwd_v2).  Driven by ../fwdcompat.sh.
 *
 *   fwd_vN enc CASES             "name hex" for each case this version has
 *   fwd_vN cmp CASES FILE        encode the cases of FILE, compare with it
 *   fwd_vN dec [-1gs] [-o OUT] CASES [FILE]
 *                                decode "name hex" lines, check each value
 *                                against its case and re-encode it; PASS/FAIL
 *   fwd_vN trunc [FILE]          decode every truncation and bit flip of each
 *                                line: RC_WMORE for truncations, no crash
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asn_application.h"
#include "per_decoder.h"
#include "per_encoder.h"
#include "NativeEnumerated.h"
#include "Msg.h"

#ifdef FWD_V2
#define VERSION		2
#else
#define VERSION		1
#endif

#define MAXCASES	256
#define MAXLINE		(2 * 65536 + 256)

/* One line of cases.txt: every field a number, -1 when absent. */
struct fc {
	char	 name[64];
	long	 id, colour, shape, square, speed, points, label, flags, name_;
	long	 inner, wide, wide64, many, big, extra1, extra2, extra3, group;
	long	 extra4;
	char	 shapes[16];
};

static const struct {
	const char	*key;
	size_t		 off;
} keys[] = {
	{ "id", offsetof(struct fc, id) },
	{ "colour", offsetof(struct fc, colour) },
	{ "shape", offsetof(struct fc, shape) },
	{ "square", offsetof(struct fc, square) },
	{ "speed", offsetof(struct fc, speed) },
	{ "points", offsetof(struct fc, points) },
	{ "label", offsetof(struct fc, label) },
	{ "flags", offsetof(struct fc, flags) },
	{ "name", offsetof(struct fc, name_) },
	{ "inner", offsetof(struct fc, inner) },
	{ "wide", offsetof(struct fc, wide) },
	{ "wide64", offsetof(struct fc, wide64) },
	{ "many", offsetof(struct fc, many) },
	{ "big", offsetof(struct fc, big) },
	{ "extra1", offsetof(struct fc, extra1) },
	{ "extra2", offsetof(struct fc, extra2) },
	{ "extra3", offsetof(struct fc, extra3) },
	{ "group", offsetof(struct fc, group) },
	{ "extra4", offsetof(struct fc, extra4) },
};

static struct fc cases[MAXCASES];
static int ncases;
static int npass, nfail;

static void
fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL v%d %s: ", VERSION, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	nfail++;
}

static void *
xcalloc(size_t n)
{
	void	*p = calloc(1, n);

	if (p == NULL) {
		perror("calloc");
		exit(2);
	}
	return p;
}

static long *
newlong(long v)
{
	long	*p = xcalloc(sizeof(*p));

	*p = v;
	return p;
}

static void
read_cases(const char *path)
{
	char	 line[1024], *tok, *eq, *end;
	FILE	*f;
	size_t	 i;
	long	 v;

	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "fwd: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct fc *c;

		if (line[0] == '#' || (tok = strtok(line, " \t\r\n")) == NULL)
			continue;
		if (ncases == MAXCASES) {
			fprintf(stderr, "fwd: too many cases\n");
			exit(2);
		}
		c = &cases[ncases++];
		memset(c, 0, sizeof(*c));
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			*(long *)((char *)c + keys[i].off) = -1;
		c->id = 7, c->colour = 0, c->shape = 1, c->speed = 100;
		c->points = 2;
		snprintf(c->name, sizeof(c->name), "%s", tok);
		while ((tok = strtok(NULL, " \t\r\n")) != NULL) {
			if ((eq = strchr(tok, '=')) == NULL)
				goto bad;
			*eq++ = '\0';
			if (strcmp(tok, "shapes") == 0) {
				snprintf(c->shapes, sizeof(c->shapes), "%s", eq);
				continue;
			}
			errno = 0;
			v = strtol(eq, &end, 10);
			if (errno || *end != '\0')
				goto bad;
			for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
				if (strcmp(tok, keys[i].key) == 0)
					break;
			if (i == sizeof(keys) / sizeof(keys[0]))
				goto bad;
			*(long *)((char *)c + keys[i].off) = v;
		}
	}
	fclose(f);
	return;
bad:
	fprintf(stderr, "fwd: %s: bad field \"%s\" in case %s\n", path, tok,
	    cases[ncases - 1].name);
	exit(2);
}

static const struct fc *
find_case(const char *name)
{
	int	 i;

	for (i = 0; i < ncases; i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	return NULL;
}

/* Uses something that only FwdV2.asn has. */
static int
needs_v2(const struct fc *c)
{
	return c->colour > 3 || c->shape > 3 || c->square > 0 ||
	    c->inner > 1 || c->extra2 > 1 || c->extra3 >= 0 || c->group > 0 ||
	    c->extra4 >= 0 || strpbrk(c->shapes, "45") != NULL ||
	    c->wide > 1 || c->wide64 > 1 || c->many > 2 || c->big > 2;
}

/* Some SEQUENCE has an extension addition present: its extension bit-map
 * is as long as the encoder's version has additions (X.691 19.7). */
static int
has_seq_ext(const struct fc *c)
{
	return c->extra1 >= 0 || c->extra2 >= 0 || c->extra3 >= 0 ||
	    c->group > 0 || c->extra4 >= 0 || c->square > 0 || c->inner > 1 ||
	    c->wide > 0 || c->wide64 > 0;
}

/* An extension addition group [[ ]] is present: asn1c 0.9.28 flattens
 * groups into single additions, so its V2 code cannot read X.691's form. */
static int
has_group(const struct fc *c)
{
	return c->group > 0 || (c->square > 0 && (c->square & 2));
}

/* Some SEQUENCE that has a [[ ]] group in V2 has an addition present:
 * asn1c's V2 bit-map then counts the group's members one by one. */
static int
group_bitmap(const struct fc *c)
{
	return c->extra1 >= 0 || c->extra2 >= 0 || c->extra3 >= 0 ||
	    c->group > 0 || c->extra4 >= 0 || c->square > 0;
}

/* What is left of c after a V1 decoder: V2's SEQUENCE additions go. */
static struct fc
view(const struct fc *c, int v1)
{
	struct fc v = *c;

	if (!v1)
		return v;
	v.square = -1;
	if (v.inner > 1)
		v.inner = 1;
	if (v.extra2 > 1)
		v.extra2 = 1;
	v.extra3 = v.group = v.extra4 = -1;
	if (v.wide > 1)
		v.wide = 1;
	if (v.wide64 > 1)
		v.wide64 = 1;
	return v;
}

/* An unknown ENUMERATED value (NativeEnumerated.h) or a known one. */
static long
enum_value(long v, long nknown, long nroot)
{
	return v < nknown ? v : ASN_ENUM_UNKNOWN(v - nroot);
}

/* CHOICE alternative as seen here: 0 when this version does not know it. */
static int
choice_seen(long alt, long nalt)
{
	return alt <= nalt ? (int)alt : 0;
}

#ifdef FWD_V2
#define COLOURS	6
#define SHAPES	5
#define MANYS	72
#define BIGS	71
#else
#define COLOURS	4
#define SHAPES	3
#define MANYS	3
#define BIGS	2
#endif

static int
unknown_choice(const struct fc *c)
{
	const char *s;

	if (choice_seen(c->shape, SHAPES) == 0 ||
	    (c->big > 0 && choice_seen(c->big, BIGS) == 0))
		return 1;
	for (s = c->shapes; *s; s++)
		if (choice_seen(*s - '0', SHAPES) == 0)
			return 1;
	return 0;
}

/* ---- building a value ---------------------------------------------- */

static void
set_octets(OCTET_STRING_t *os, long n, int mul, int add)
{
	long	 i;

	os->buf = xcalloc(n + 1);
	os->size = n;
	for (i = 0; i < n; i++)
		os->buf[i] = (uint8_t)(i * mul + add);
}

static void
build_square(Square_t *sq, long ext)
{
	sq->side = 500;
#ifdef FWD_V2
	if (ext > 0 && (ext & 1))
		sq->colour = newlong(4);
	if (ext > 0 && (ext & 2)) {
		sq->rot = newlong(270);
		sq->filled = xcalloc(sizeof(BOOLEAN_t));
		*sq->filled = 1;
	}
#else
	(void)ext;
#endif
}

static void
build_shape(Shape_t *s, long alt, long sqext)
{
	s->present = (Shape_PR)alt;
	switch (alt) {
	case 1:
		s->choice.circle = 42;
		break;
	case 2:
		build_square(&s->choice.square, sqext);
		break;
	case 3:
		s->choice.none = 0;
		break;
#ifdef FWD_V2
	case 4:
		s->choice.triangle.a = 3;
		s->choice.triangle.b = 4;
		s->choice.triangle.c = 5;
		break;
	case 5:
		set_octets(&s->choice.star, 4, 0, 'x');
		memcpy(s->choice.star.buf, "star", 4);
		break;
#endif
	}
}

static Inner_t *
build_inner(long kind)
{
	Inner_t *in = xcalloc(sizeof(*in));

	in->a = 1;
	in->b = newlong(5);
#ifdef FWD_V2
	if (kind > 1) {
		in->c = newlong(99999);
		in->d = newlong(5);
	}
#else
	(void)kind;
#endif
	return in;
}

/* Wide, Wide64: "a", then the additions, every other one TRUE. */
static void *
build_wide(asn_TYPE_descriptor_t *td, size_t size, long n)
{
	char	*w = xcalloc(size);
	long	 i;

	*(long *)(w + td->elements[0].memb_offset) = 1;
	for (i = 1; i <= n && i < td->elements_count; i++) {
		BOOLEAN_t *b = xcalloc(sizeof(*b));

		*b = i % 2;
		*(BOOLEAN_t **)(w + td->elements[i].memb_offset) = b;
	}
	return w;
}

static Big_t *
build_big(long alt)
{
	Big_t	*b = xcalloc(sizeof(*b));

	b->present = (Big_PR)alt;
	*(BOOLEAN_t *)((char *)b + asn_DEF_Big.elements[alt - 1].memb_offset) =
	    1;
	return b;
}

static Msg_t *
build(const struct fc *c)
{
	Msg_t	*m = xcalloc(sizeof(*m));
	long	 i;
	const char *s;

	m->id = c->id;
	m->colour = c->colour;
	build_shape(&m->shape, c->shape, c->square);
	m->speed = c->speed;
	for (i = 0; i < c->points; i++) {
		Point_t *p = xcalloc(sizeof(*p));

		p->x = i * 10 - 20;
		p->y = -i;
		ASN_SEQUENCE_ADD(&m->points.list, p);
	}
	if (c->label >= 0) {
		m->label = xcalloc(sizeof(*m->label));
		set_octets(m->label, c->label, 37, 1);
	}
	if (c->flags >= 0) {
		m->flags = xcalloc(sizeof(*m->flags));
		m->flags->buf = xcalloc((c->flags + 7) / 8 + 1);
		m->flags->size = (c->flags + 7) / 8;
		m->flags->bits_unused = (8 - c->flags % 8) % 8;
		for (i = 0; i < c->flags; i += 3)
			m->flags->buf[i / 8] |= 0x80 >> (i % 8);
	}
	if (c->name_ >= 0) {
		m->name = xcalloc(sizeof(*m->name));
		set_octets(m->name, c->name_, 1, 'a');
	}
	if (c->inner >= 0)
		m->inner = build_inner(c->inner);
	if (c->shapes[0] != '\0') {
		m->shapes = xcalloc(sizeof(*m->shapes));
		for (s = c->shapes; *s; s++) {
			Shape_t *sh = xcalloc(sizeof(*sh));

			build_shape(sh, *s - '0', 0);
			ASN_SEQUENCE_ADD(&m->shapes->list, sh);
		}
	}
	if (c->wide >= 0)
		m->wide = build_wide(&asn_DEF_Wide, sizeof(Wide_t), c->wide);
	if (c->wide64 >= 0)
		m->wide64 = build_wide(&asn_DEF_Wide64, sizeof(Wide64_t),
		    c->wide64);
	if (c->many >= 0)
		m->many = newlong(c->many);
	if (c->big > 0)
		m->big = build_big(c->big);
	if (c->extra1 >= 0)
		m->extra1 = newlong(c->extra1);
	if (c->extra2 >= 0)
		m->extra2 = build_inner(c->extra2);
#ifdef FWD_V2
	if (c->extra3 >= 0)
		m->extra3 = newlong(c->extra3);
	if (c->group > 0)
		m->g1 = newlong(6);
	if (c->group > 1) {
		m->g2 = xcalloc(sizeof(BOOLEAN_t));
		*m->g2 = 1;
	}
	if (c->extra4 >= 0) {
		m->extra4 = xcalloc(sizeof(*m->extra4));
		set_octets(m->extra4, c->extra4, 13, 5);
	}
#endif
	return m;
}

/* ---- checking a decoded value against the view of its case --------- */

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		snprintf(why, whylen, __VA_ARGS__);			\
		return -1;						\
	}								\
} while (0)

static int
check_octets(const OCTET_STRING_t *os, long n, int mul, int add, char *why,
    size_t whylen, const char *what)
{
	long	 i;

	CHECK(os != NULL, "%s absent", what);
	CHECK(os->size == n, "%s has %d octets, not %ld", what, os->size, n);
	for (i = 0; i < n; i++)
		CHECK(os->buf[i] == (uint8_t)(i * mul + add),
		    "%s octet %ld differs", what, i);
	return 0;
}

static int
check_shape(const Shape_t *s, long alt, long sqext, char *why, size_t whylen)
{
	int	 want = choice_seen(alt, SHAPES);

	CHECK((int)s->present == want, "shape alternative %d, not %d",
	    (int)s->present, want);
	switch (want) {
	case 1:
		CHECK(s->choice.circle == 42, "circle %ld", s->choice.circle);
		break;
	case 2:
		CHECK(s->choice.square.side == 500, "square side");
#ifdef FWD_V2
		CHECK((s->choice.square.colour != NULL) ==
		    (sqext > 0 && (sqext & 1)), "square colour presence");
		CHECK(s->choice.square.colour == NULL ||
		    *s->choice.square.colour == 4, "square colour");
		CHECK((s->choice.square.rot != NULL) ==
		    (sqext > 0 && (sqext & 2)), "square rot presence");
		CHECK(s->choice.square.rot == NULL ||
		    (*s->choice.square.rot == 270 && s->choice.square.filled &&
		    *s->choice.square.filled), "square [[rot, filled]]");
#else
		(void)sqext;
#endif
		break;
#ifdef FWD_V2
	case 4:
		CHECK(s->choice.triangle.a == 3 && s->choice.triangle.b == 4 &&
		    s->choice.triangle.c == 5, "triangle");
		break;
	case 5:
		CHECK(s->choice.star.size == 4 &&
		    memcmp(s->choice.star.buf, "star", 4) == 0, "star");
		break;
#endif
	}
	return 0;
}

static int
check_inner(const Inner_t *in, long kind, char *why, size_t whylen,
    const char *what)
{
	if (kind < 0) {
		CHECK(in == NULL, "%s present", what);
		return 0;
	}
	CHECK(in != NULL, "%s absent", what);
	CHECK(in->a == 1 && in->b != NULL && *in->b == 5, "%s root", what);
#ifdef FWD_V2
	CHECK((in->c != NULL) == (kind > 1) && (in->d != NULL) == (kind > 1),
	    "%s additions presence", what);
	CHECK(in->c == NULL || (*in->c == 99999 && *in->d == 5),
	    "%s additions", what);
#endif
	return 0;
}

static int
check_wide(asn_TYPE_descriptor_t *td, const void *w, long n, char *why,
    size_t whylen)
{
	long	 i;

	if (n < 0) {
		CHECK(w == NULL, "%s present", td->name);
		return 0;
	}
	CHECK(w != NULL, "%s absent", td->name);
	CHECK(*(const long *)((const char *)w + td->elements[0].memb_offset) ==
	    1, "%s.a", td->name);
	for (i = 1; i < td->elements_count; i++) {
		const BOOLEAN_t *b = *(BOOLEAN_t *const *)((const char *)w +
		    td->elements[i].memb_offset);

		CHECK((b != NULL) == (i <= n), "%s.%s presence", td->name,
		    td->elements[i].name);
		CHECK(b == NULL || *b == i % 2, "%s.%s", td->name,
		    td->elements[i].name);
	}
	return 0;
}

static int view_v1 = VERSION == 1;

static int
check(const Msg_t *m, const struct fc *c, char *why, size_t whylen)
{
	struct fc v = view(c, view_v1);
	long	 i, want;
	const char *s;

	CHECK(m->id == v.id, "id %ld", m->id);
	want = enum_value(v.colour, COLOURS, 3);
	CHECK(m->colour == want, "colour %ld, not %ld", m->colour, want);
	if (check_shape(&m->shape, v.shape, v.square, why, whylen))
		return -1;
	CHECK(m->speed == v.speed, "speed %ld, not %ld", m->speed, v.speed);
	CHECK(m->points.list.count == v.points, "%d points, not %ld",
	    m->points.list.count, v.points);
	for (i = 0; i < v.points; i++)
		CHECK(m->points.list.array[i]->x == i * 10 - 20 &&
		    m->points.list.array[i]->y == -i, "point %ld", i);
	if (v.label < 0)
		CHECK(m->label == NULL, "label present");
	else if (check_octets(m->label, v.label, 37, 1, why, whylen, "label"))
		return -1;
	if (v.flags < 0)
		CHECK(m->flags == NULL, "flags present");
	else {
		CHECK(m->flags != NULL, "flags absent");
		CHECK(m->flags->size * 8 - m->flags->bits_unused == v.flags,
		    "flags of %d bits", m->flags->size * 8 -
		    m->flags->bits_unused);
		for (i = 0; i < v.flags; i++)
			CHECK(!(m->flags->buf[i / 8] & (0x80 >> (i % 8))) ==
			    !(i % 3 == 0), "flag bit %ld", i);
	}
	if (v.name_ < 0)
		CHECK(m->name == NULL, "name present");
	else if (check_octets(m->name, v.name_, 1, 'a', why, whylen, "name"))
		return -1;
	if (check_inner(m->inner, v.inner, why, whylen, "inner"))
		return -1;
	if (v.shapes[0] == '\0')
		CHECK(m->shapes == NULL, "shapes present");
	else {
		CHECK(m->shapes != NULL, "shapes absent");
		CHECK(m->shapes->list.count == (int)strlen(v.shapes),
		    "%d shapes", m->shapes->list.count);
		for (s = v.shapes, i = 0; *s; s++, i++)
			if (check_shape(m->shapes->list.array[i], *s - '0', 0,
			    why, whylen))
				return -1;
	}
	if (check_wide(&asn_DEF_Wide, m->wide, v.wide, why, whylen) ||
	    check_wide(&asn_DEF_Wide64, m->wide64, v.wide64, why, whylen))
		return -1;
	if (v.many < 0)
		CHECK(m->many == NULL, "many present");
	else {
		want = enum_value(v.many, MANYS, 2);
		CHECK(m->many != NULL && *m->many == want, "many %ld, not %ld",
		    m->many ? *m->many : -1, want);
	}
	if (v.big <= 0)
		CHECK(m->big == NULL, "big present");
	else {
		want = choice_seen(v.big, BIGS);
		CHECK(m->big != NULL && (long)m->big->present == want,
		    "big alternative %d, not %ld",
		    m->big ? (int)m->big->present : -1, want);
		CHECK(want == 0 || *(BOOLEAN_t *)((char *)m->big +
		    asn_DEF_Big.elements[want - 1].memb_offset) == 1, "big value");
	}
	if (v.extra1 < 0)
		CHECK(m->extra1 == NULL, "extra1 present");
	else
		CHECK(m->extra1 != NULL && *m->extra1 == v.extra1, "extra1");
	if (check_inner(m->extra2, v.extra2, why, whylen, "extra2"))
		return -1;
#ifdef FWD_V2
	if (v.extra3 < 0)
		CHECK(m->extra3 == NULL, "extra3 present");
	else
		CHECK(m->extra3 != NULL && *m->extra3 == v.extra3, "extra3");
	CHECK((m->g1 != NULL) == (v.group > 0) && (m->g2 != NULL) ==
	    (v.group > 1), "[[g1, g2]] presence");
	CHECK(m->g1 == NULL || *m->g1 == 6, "g1");
	CHECK(m->g2 == NULL || *m->g2 == 1, "g2");
	if (v.extra4 < 0)
		CHECK(m->extra4 == NULL, "extra4 present");
	else if (check_octets(m->extra4, v.extra4, 13, 5, why, whylen,
	    "extra4"))
		return -1;
#endif
	return 0;
}

/* ---- encodings ------------------------------------------------------- */

static void
print_hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	size_t	 i;

	fprintf(f, "%s ", name);
	for (i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fprintf(f, "\n");
}

/* Reads "name hex"; returns the octet count, or -1 at the end. */
static ssize_t
read_hex(FILE *f, char *line, char **name, uint8_t *buf)
{
	char	*hex;
	size_t	 n, i;

	while (fgets(line, MAXLINE, f) != NULL) {
		if (line[0] == '#' || (*name = strtok(line, " \t\r\n")) == NULL)
			continue;
		if ((hex = strtok(NULL, " \t\r\n")) == NULL)
			hex = "";
		n = strlen(hex) / 2;
		for (i = 0; i < n; i++) {
			unsigned int b;

			if (sscanf(hex + 2 * i, "%2x", &b) != 1)
				break;
			buf[i] = b;
		}
		return i;
	}
	return -1;
}

static asn_dec_rval_t
decode(Msg_t **m, const uint8_t *p, size_t n, int unused_bits)
{
	asn_codec_ctx_t ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.max_stack_size = 256 * 1024;
	*m = NULL;
	return uper_decode(&ctx, &asn_DEF_Msg, (void **)m, p, n, 0,
	    unused_bits);
}

static int
do_enc(void)
{
	void	*buf;
	ssize_t	 n;
	int	 i;

	for (i = 0; i < ncases; i++) {
		Msg_t	*m;

		if (VERSION == 1 && needs_v2(&cases[i]))
			continue;
		m = build(&cases[i]);
		n = uper_encode_to_new_buffer(&asn_DEF_Msg, NULL, m, &buf);
		if (n <= 0) {
			fail(cases[i].name, "encoding failed");
		} else {
			print_hex(stdout, cases[i].name, buf, n);
			free(buf);
		}
		ASN_STRUCT_FREE(asn_DEF_Msg, m);
	}
	return nfail ? 1 : 0;
}

/* Encodes every case of FILE and compares with its hex, when this version
 * can agree: not with [[ ]] groups (see group_bitmap()), and V1 not with
 * additions (its bit-maps are shorter). */
static int
do_cmp(FILE *in)
{
	static char line[MAXLINE];
	static uint8_t buf[65536 + 16];
	char	*name;
	void	*enc;
	ssize_t	 n, en;
	int	 skipped = 0;

	while ((n = read_hex(in, line, &name, buf)) >= 0) {
		const struct fc *c = find_case(name);
		Msg_t	*m;

		if (c == NULL) {
			fail(name, "no such case in the case file");
			continue;
		}
		if (group_bitmap(c) || (VERSION == 1 && (needs_v2(c) ||
		    has_seq_ext(c)))) {
			skipped++;
			continue;
		}
		m = build(c);
		en = uper_encode_to_new_buffer(&asn_DEF_Msg, NULL, m, &enc);
		ASN_STRUCT_FREE(asn_DEF_Msg, m);
		if (en != n || memcmp(enc, buf, n) != 0)
			fail(name, "encoded otherwise than in the file");
		else {
			npass++;
			printf("PASS v%d %s encoded as in the file\n", VERSION,
			    name);
		}
		if (en > 0)
			free(enc);
	}
	printf("# v%d cmp: %d passed, %d failed, %d left out\n",
	    VERSION, npass, nfail, skipped);
	return nfail ? 1 : 0;
}

/*
 * -s: the input came from this same version, every re-encoding must give
 *     the input back.  -g: leave out values with a [[ ]] group.  -1: V2
 *     reads what V1 re-encoded: expect V1's view.
 */
static int
do_dec(FILE *in, FILE *out, int same, int nogroups)
{
	static char line[MAXLINE];
	static uint8_t buf[65536 + 16];
	char	 why[200], *name;
	void	*re;
	ssize_t	 n, rn;
	int	 skipped = 0;
	asn_dec_rval_t rv;

	while ((n = read_hex(in, line, &name, buf)) >= 0) {
		const struct fc *c = find_case(name);
		Msg_t	*m, *m2;
		int	 identical;

		if (c == NULL) {
			fail(name, "no such case in the case file");
			continue;
		}
		if (nogroups && has_group(c)) {
			skipped++;
			continue;
		}
		rv = decode(&m, buf, n, 0);
		if (rv.code != RC_OK) {
			fail(name, "decoding gave %s", rv.code == RC_WMORE ?
			    "RC_WMORE" : "RC_FAIL");
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			continue;
		}
		if ((size_t)(rv.consumed + 7) / 8 != (size_t)n) {
			fail(name, "decoding used %zu of %zd octets",
			    (size_t)(rv.consumed + 7) / 8, n);
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			continue;
		}
		if (check(m, c, why, sizeof(why))) {
			fail(name, "decoded value: %s", why);
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			continue;
		}
		/* Re-encoding: lossless unless V2 additions were dropped
		 * (the SEQUENCE bit-maps then differ); impossible with an
		 * unknown CHOICE alternative (present = 0). */
		rn = uper_encode_to_new_buffer(&asn_DEF_Msg, NULL, m, &re);
		if (unknown_choice(c)) {
			if (rn > 0) {
				fail(name, "re-encoded a CHOICE without "
				    "alternative");
				free(re);
			} else {
				npass++;
				printf("PASS v%d %s (re-encoding refused: "
				    "unknown CHOICE alternative)\n", VERSION,
				    name);
			}
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			continue;
		}
		if (rn <= 0) {
			fail(name, "re-encoding failed");
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			continue;
		}
		identical = rn == n && memcmp(re, buf, n) == 0;
		if ((same || !has_seq_ext(c)) && !identical) {
			fail(name, "re-encoding differs from the input");
		} else {
			rv = decode(&m2, re, rn, 0);
			if (rv.code != RC_OK || check(m2, c, why, sizeof(why)))
				fail(name, "re-encoding decodes to another "
				    "value");
			else {
				npass++;
				printf("PASS v%d %s%s\n", VERSION, name,
				    identical ? "" :
				    " (re-encoded without V2's additions)");
			}
			ASN_STRUCT_FREE(asn_DEF_Msg, m2);
		}
		if (out != NULL)
			print_hex(out, name, re, rn);
		free(re);
		ASN_STRUCT_FREE(asn_DEF_Msg, m);
	}
	printf("# v%d dec: %d passed, %d failed, %d left out ([[ ]] groups)\n",
	    VERSION, npass, nfail, skipped);
	return nfail ? 1 : 0;
}

/* Every prefix shorter than the encoding must starve (RC_WMORE); a flipped
 * bit may give anything but a crash, a leak or undefined behaviour. */
static int
do_trunc(FILE *in)
{
	static char line[MAXLINE];
	static uint8_t buf[65536 + 16], tmp[65536 + 16];
	char	*name;
	ssize_t	 n;
	size_t	 bits, b, step, nt, nf, ok;
	asn_dec_rval_t rv;

	while ((n = read_hex(in, line, &name, buf)) >= 0) {
		Msg_t	*m;
		int	 bad = 0;

		rv = decode(&m, buf, n, 0);
		ASN_STRUCT_FREE(asn_DEF_Msg, m);
		if (rv.code != RC_OK) {
			fail(name, "does not decode in full");
			continue;
		}
		bits = rv.consumed;
		step = bits > 2048 ? bits / 1024 : 1;
		for (b = 0, nt = 0; b < bits && !bad; b += step, nt++) {
			rv = decode(&m, buf, (b + 7) / 8, (8 - b % 8) % 8);
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			if (rv.code != RC_WMORE) {
				fail(name, "truncated to %zu bits: %s", b,
				    rv.code == RC_OK ? "RC_OK" : "RC_FAIL");
				bad = 1;
			}
		}
		step = bits > 1024 ? bits / 512 : 1;
		for (b = 0, nf = 0, ok = 0; b < bits; b += step, nf++) {
			memcpy(tmp, buf, n);
			tmp[b / 8] ^= 0x80 >> (b % 8);
			rv = decode(&m, tmp, n, 0);
			ASN_STRUCT_FREE(asn_DEF_Msg, m);
			ok += rv.code == RC_OK;
		}
		if (!bad) {
			npass++;
			printf("PASS v%d truncated %s (%zu prefixes: RC_WMORE; "
			    "%zu bit flips: %zu decode)\n", VERSION, name, nt,
			    nf, ok);
		}
	}
	printf("# v%d trunc: %d passed, %d failed, 0 left out\n", VERSION,
	    npass, nfail);
	return nfail ? 1 : 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fwd_v%d enc CASES\n"
	    "       fwd_v%d cmp CASES FILE\n"
	    "       fwd_v%d dec [-1gs] [-o OUT] CASES [FILE]\n"
	    "       fwd_v%d trunc [FILE]\n", VERSION, VERSION, VERSION,
	    VERSION);
	exit(2);
}

static FILE *
open_or(const char *path, const char *mode, FILE *dflt)
{
	FILE	*f;

	if (path == NULL)
		return dflt;
	if ((f = fopen(path, mode)) == NULL) {
		fprintf(stderr, "fwd: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return f;
}

int
main(int argc, char *argv[])
{
	const char *outpath = NULL;
	FILE	*out;
	int	 same = 0, nogroups = 0, i, rc;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "enc") == 0) {
		if (argc != 3)
			usage();
		read_cases(argv[2]);
		return do_enc();
	}
	if (strcmp(argv[1], "cmp") == 0) {
		if (argc != 4)
			usage();
		read_cases(argv[2]);
		return do_cmp(open_or(argv[3], "r", stdin));
	}
	if (strcmp(argv[1], "trunc") == 0) {
		if (argc > 3)
			usage();
		return do_trunc(open_or(argc == 3 ? argv[2] : NULL, "r",
		    stdin));
	}
	if (strcmp(argv[1], "dec") != 0)
		usage();
	for (i = 2; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-s") == 0)
			same = 1;
		else if (strcmp(argv[i], "-g") == 0)
			nogroups = 1;
		else if (strcmp(argv[i], "-1") == 0)
			view_v1 = 1;
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			outpath = argv[++i];
		else
			usage();
	}
	if (i != argc - 1 && i != argc - 2)
		usage();
	read_cases(argv[i]);
	out = open_or(outpath, "w", NULL);
	rc = do_dec(open_or(i + 1 < argc ? argv[i + 1] : NULL, "r", stdin),
	    out, same, nogroups);
	if (out != NULL)
		fclose(out);
	return rc;
}
