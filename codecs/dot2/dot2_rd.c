/*
 * dot2_rd.c: the reading machinery shared by the IEEE 1609.2-2016 (ETSI
 * TS 103 097 v1.3.1/v1.4.1) data and certificate codecs: parse context,
 * arena, failure record, top-level parse/build, CHOICE tags, open types
 * and extension additions (canonical OER, ITU-T X.696 8.7, 16.4, 20 and 30).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot2_int.h"

/* --- arena ----------------------------------------------------------------- */

struct dot2_blk {
	struct dot2_blk	*next;
	size_t		 used;
	size_t		 cap;
	/* then cap octets, 16-aligned */
};
struct dot2_arena {
	struct dot2_blk	*head;
};

#define BLK_HDR		((sizeof(struct dot2_blk) + 15) & ~(size_t)15)
#define BLK_MIN		4096

struct dot2_arena *
dot2_arena_new(void)
{
	return calloc(1, sizeof(struct dot2_arena));
}

void
dot2_arena_free(struct dot2_arena *a)
{
	struct dot2_blk	*b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
dot2_zalloc(struct dot2_ctx *c, size_t size)
{
	struct dot2_arena	*a = c->arena;
	struct dot2_blk		*b = a->head;
	size_t			 cap;
	void			*p;

	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	if (b == NULL || b->cap - b->used < size) {
		cap = size > BLK_MIN ? size : BLK_MIN;
		if (cap > SIZE_MAX - BLK_HDR ||
		    (b = calloc(1, BLK_HDR + cap)) == NULL)
			return NULL;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	p = (char *)b + BLK_HDR + b->used;
	b->used += size;
	return p;
}

enum reason
dot2_array(struct dot2_ctx *c, const struct oer_rd *r, size_t n, size_t size,
    size_t minenc, void **out)
{
	*out = NULL;
	if (n == 0)
		return REASON_OK;
	if (n > oer_left(r) / minenc)
		return REASON_BAD_LENGTH;	/* cannot all be there */
	if (n > SIZE_MAX / size)
		return REASON_BAD_LENGTH;
	if ((*out = dot2_zalloc(c, n * size)) == NULL)
		return REASON_NOMEM;
	return REASON_OK;
}

enum reason
dot2_fail(struct dot2_ctx *c, const struct oer_rd *r, enum reason e,
    const char *what)
{
	if (!c->failed) {
		c->failed = 1;
		c->fail_off = (size_t)(r->p - c->base);
		c->fail_what = what;
	}
	return e;
}

enum reason
dot2_parse_top(const uint8_t *p, size_t len, int flags, size_t size,
    dot2_top_fn rd, void **out, struct dot2_arena **arena, size_t *used,
    char *err, size_t errlen)
{
	struct dot2_ctx	 c;
	struct oer_rd	 r;
	void		*v;
	enum reason	 e;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.base = p;
	c.flags = flags;
	r.p = p;
	r.end = p + len;
	if ((c.arena = dot2_arena_new()) == NULL)
		return REASON_NOMEM;
	if ((v = dot2_zalloc(&c, size)) == NULL)
		e = REASON_NOMEM;
	else
		e = rd(&c, &r, v);
	if (e != REASON_OK) {
		if (err != NULL && errlen > 0) {
			if (c.failed)
				snprintf(err, errlen, "%s at offset %zu (%s)",
				    reason_str(e), c.fail_off, c.fail_what);
			else
				snprintf(err, errlen, "%s", reason_str(e));
		}
		dot2_arena_free(c.arena);
		return e;
	}
	*arena = c.arena;
	if (used != NULL)
		*used = (size_t)(r.p - p);
	*out = v;
	return REASON_OK;
}

enum reason
dot2_built(struct buf *b, size_t mark, enum reason e)
{
	if (e != REASON_OK) {
		b->len = mark;
		return e;
	}
	return b->oom ? REASON_NOMEM : REASON_OK;
}

enum reason
dot2_rd_tag(struct dot2_ctx *c, struct oer_rd *r, const char *what,
    unsigned max, unsigned *tag)
{
	TRY(c, r, what, oer_get_tag(r, tag));
	if (*tag > max)
		return dot2_fail(c, r, REASON_UNKNOWN_TYPE, what);
	return REASON_OK;
}

enum reason
dot2_open_done(const struct oer_rd *sub)
{
	return sub->p == sub->end ? REASON_OK : REASON_BAD_LENGTH;
}

enum reason
dot2_rd_open_fixed(struct dot2_ctx *c, struct oer_rd *r, const char *what,
    size_t n, const uint8_t **out)
{
	struct oer_rd	 sub;

	TRY(c, r, what, oer_get_open(r, &sub));
	TRY(c, &sub, what, oer_get_fixed(&sub, n, out));
	TRY(c, &sub, what, dot2_open_done(&sub));
	return REASON_OK;
}

/* --- extension additions ---------------------------------------------------- */

enum reason
dot2_rd_exts(struct dot2_ctx *c, struct oer_rd *r, unsigned nknown,
    dot2_ext_fn known, void *arg, struct dot2_exts *ext)
{
	struct dot2_ext_raw	*raw;
	struct oer_rd		 sub;
	const uint8_t		*map;
	unsigned		 nbits, i;
	size_t			 nunk = 0, k = 0;
	void			*a;

	TRY(c, r, "extension bitmap", oer_get_extmap(r, &nbits, &map));
	for (i = nknown; i < nbits; i++)
		if (OER_MAPBIT(map, i)) {
			if (i >= 32)
				return dot2_fail(c, r, REASON_UNSUPPORTED,
				    "extension bitmap");
			nunk++;
		}
	TRY(c, r, "extension additions", dot2_array(c, r, nunk, sizeof(*raw),
	    1, &a));
	raw = a;
	for (i = 0; i < nbits; i++) {
		if (!OER_MAPBIT(map, i))
			continue;
		TRY(c, r, "extension addition", oer_get_open(r, &sub));
		if (i < nknown) {
			PUT(known(c, arg, i, &sub));
			TRY(c, &sub, "extension addition",
			    dot2_open_done(&sub));
		} else {
			raw[k].bit = i;
			raw[k].value.p = sub.p;
			raw[k].value.len = oer_left(&sub);
			k++;
		}
	}
	ext->nbits = nbits;
	ext->n = nunk;
	ext->unknown = raw;
	return REASON_OK;
}

uint32_t
dot2_ext_unknown_bits(const struct dot2_exts *ext)
{
	uint32_t	 bits = 0;
	size_t		 i;

	for (i = 0; i < ext->n; i++)
		if (ext->unknown[i].bit < 32)
			bits |= 1u << ext->unknown[i].bit;
	return bits;
}

unsigned
dot2_ext_nbits(const struct dot2_exts *ext, unsigned nknown,
    uint32_t known_present)
{
	uint32_t	 all = known_present | dot2_ext_unknown_bits(ext);
	unsigned	 n = ext->nbits ? ext->nbits : nknown;

	while (n < 32 && (all >> n) != 0)
		n++;
	return n;
}

enum reason
dot2_wr_ext_unknown(struct buf *b, const struct dot2_exts *ext,
    unsigned nknown)
{
	size_t	 i, mark;

	for (i = 0; i < ext->n; i++) {
		if (ext->unknown[i].bit < nknown || ext->unknown[i].bit >= 32 ||
		    (i > 0 && ext->unknown[i].bit <= ext->unknown[i - 1].bit) ||
		    (ext->unknown[i].value.len > 0 &&
		    ext->unknown[i].value.p == NULL))
			return REASON_BAD_VALUE;
		mark = oer_open_begin(b);
		if (ext->unknown[i].value.len > 0)
			buf_add(b, ext->unknown[i].value.p,
			    ext->unknown[i].value.len);
		oer_open_end(b, mark);
	}
	return REASON_OK;
}
