/*
 * oer.c: canonical OER (ITU-T X.696, CANONICAL-OER) primitives.  Every
 * reader rejects the non-minimal forms the canonical variant forbids with
 * REASON_NONCANONICAL, and running out of input with REASON_TRUNCATED.
 */
#include <string.h>

#include "bytes.h"
#include "oer.h"

enum reason
oer_get_u8(struct oer_rd *r, uint8_t *v)
{
	if (oer_left(r) < 1)
		return REASON_TRUNCATED;
	*v = *r->p++;
	return REASON_OK;
}

enum reason
oer_get_u16(struct oer_rd *r, uint16_t *v)
{
	if (oer_left(r) < 2)
		return REASON_TRUNCATED;
	*v = rd_be16(r->p);
	r->p += 2;
	return REASON_OK;
}

enum reason
oer_get_u32(struct oer_rd *r, uint32_t *v)
{
	if (oer_left(r) < 4)
		return REASON_TRUNCATED;
	*v = rd_be32(r->p);
	r->p += 4;
	return REASON_OK;
}

enum reason
oer_get_u64(struct oer_rd *r, uint64_t *v)
{
	if (oer_left(r) < 8)
		return REASON_TRUNCATED;
	*v = rd_be64(r->p);
	r->p += 8;
	return REASON_OK;
}

enum reason
oer_get_i32(struct oer_rd *r, int32_t *v)
{
	uint32_t	 u;
	enum reason	 e;

	if ((e = oer_get_u32(r, &u)) != REASON_OK)
		return e;
	*v = (int32_t)u;	/* two's complement on every target we build */
	return REASON_OK;
}

enum reason
oer_get_fixed(struct oer_rd *r, size_t n, const uint8_t **p)
{
	if (oer_left(r) < n)
		return REASON_TRUNCATED;
	*p = r->p;
	r->p += n;
	return REASON_OK;
}

enum reason
oer_get_length(struct oer_rd *r, size_t *len)
{
	size_t	 n, v = 0, i;
	uint8_t	 b;

	if (oer_left(r) < 1)
		return REASON_TRUNCATED;
	b = *r->p++;
	if ((b & 0x80) == 0) {
		*len = b;
		return REASON_OK;
	}
	n = b & 0x7f;
	if (n == 0)
		return REASON_NONCANONICAL;	/* 0x80 has no length octets */
	if (oer_left(r) < n)
		return REASON_TRUNCATED;
	if (r->p[0] == 0)
		return REASON_NONCANONICAL;	/* leading zero octet */
	if (n > sizeof(size_t))
		return REASON_BAD_LENGTH;
	for (i = 0; i < n; i++)
		v = v << 8 | r->p[i];
	r->p += n;
	if (v < 128)
		return REASON_NONCANONICAL;	/* short form was required */
	*len = v;
	return REASON_OK;
}

enum reason
oer_get_octets(struct oer_rd *r, const uint8_t **p, size_t *len)
{
	enum reason	 e;
	size_t		 n;

	if ((e = oer_get_length(r, &n)) != REASON_OK)
		return e;
	if (n > oer_left(r))
		return REASON_BAD_LENGTH;
	*p = r->p;
	*len = n;
	r->p += n;
	return REASON_OK;
}

enum reason
oer_get_open(struct oer_rd *r, struct oer_rd *sub)
{
	const uint8_t	*p;
	size_t		 n;
	enum reason	 e;

	if ((e = oer_get_octets(r, &p, &n)) != REASON_OK)
		return e;
	sub->p = p;
	sub->end = p + n;
	return REASON_OK;
}

/* The value octets of a length-prefixed integer. */
static enum reason
int_octets(struct oer_rd *r, const uint8_t **p, size_t *n)
{
	enum reason	 e;

	if ((e = oer_get_octets(r, p, n)) != REASON_OK)
		return e;
	if (*n == 0)
		return REASON_BAD_LENGTH;	/* an integer has at least one */
	return REASON_OK;
}

enum reason
oer_get_uvar(struct oer_rd *r, uint64_t *v)
{
	const uint8_t	*p;
	uint64_t	 x = 0;
	size_t		 n, i;
	enum reason	 e;

	if ((e = int_octets(r, &p, &n)) != REASON_OK)
		return e;
	if (n > 1 && p[0] == 0)
		return REASON_NONCANONICAL;
	if (n > 8)
		return REASON_UNSUPPORTED;	/* beyond 64 bits */
	for (i = 0; i < n; i++)
		x = x << 8 | p[i];
	*v = x;
	return REASON_OK;
}

enum reason
oer_get_svar(struct oer_rd *r, int64_t *v)
{
	const uint8_t	*p;
	uint64_t	 x;
	size_t		 n, i;
	enum reason	 e;

	if ((e = int_octets(r, &p, &n)) != REASON_OK)
		return e;
	if (n > 1 && ((p[0] == 0x00 && (p[1] & 0x80) == 0) ||
	    (p[0] == 0xff && (p[1] & 0x80) != 0)))
		return REASON_NONCANONICAL;
	if (n > 8)
		return REASON_UNSUPPORTED;
	x = (p[0] & 0x80) ? UINT64_MAX : 0;
	for (i = 0; i < n; i++)
		x = x << 8 | p[i];
	*v = (int64_t)x;
	return REASON_OK;
}

enum reason
oer_get_quantity(struct oer_rd *r, size_t *q)
{
	uint64_t	 v;
	enum reason	 e;

	if ((e = oer_get_uvar(r, &v)) != REASON_OK)
		return e == REASON_UNSUPPORTED ? REASON_BAD_LENGTH : e;
	if (v > SIZE_MAX)
		return REASON_BAD_LENGTH;
	*q = (size_t)v;
	return REASON_OK;
}

enum reason
oer_get_enum(struct oer_rd *r, long *v)
{
	const uint8_t	*p;
	uint8_t		 b;
	size_t		 n, i;
	uint64_t	 x;
	enum reason	 e;

	if ((e = oer_get_u8(r, &b)) != REASON_OK)
		return e;
	if ((b & 0x80) == 0) {
		*v = b;
		return REASON_OK;
	}
	n = b & 0x7f;
	if (n == 0)
		return REASON_BAD_LENGTH;
	if ((e = oer_get_fixed(r, n, &p)) != REASON_OK)
		return e;
	if (n > 1 && ((p[0] == 0x00 && (p[1] & 0x80) == 0) ||
	    (p[0] == 0xff && (p[1] & 0x80) != 0)))
		return REASON_NONCANONICAL;
	if (n > sizeof(long))
		return REASON_UNSUPPORTED;
	x = (p[0] & 0x80) ? UINT64_MAX : 0;
	for (i = 0; i < n; i++)
		x = x << 8 | p[i];
	if ((int64_t)x >= 0 && (int64_t)x < 128)
		return REASON_NONCANONICAL;	/* short form was required */
	*v = (long)(int64_t)x;
	return REASON_OK;
}

enum reason
oer_get_tag(struct oer_rd *r, unsigned *tag)
{
	uint8_t		 b;
	unsigned	 v = 0;
	enum reason	 e;
	int		 first = 1;

	if ((e = oer_get_u8(r, &b)) != REASON_OK)
		return e;
	if ((b & 0xc0) != 0x80)
		return REASON_BAD_VALUE;	/* only context-specific tags */
	if ((b & 0x3f) != 0x3f) {
		*tag = b & 0x3f;
		return REASON_OK;
	}
	do {
		if ((e = oer_get_u8(r, &b)) != REASON_OK)
			return e;
		if (first && b == 0x80)
			return REASON_NONCANONICAL;	/* leading zero group */
		first = 0;
		if (v > (~0u >> 8))
			return REASON_UNKNOWN_TYPE;	/* absurd tag number */
		v = v << 7 | (b & 0x7f);
	} while (b & 0x80);
	if (v < 63)
		return REASON_NONCANONICAL;	/* fits the first octet */
	*tag = v;
	return REASON_OK;
}

enum reason
oer_get_preamble(struct oer_rd *r, unsigned nbits, uint32_t *bits)
{
	const uint8_t	*p;
	size_t		 n = (nbits + 7) / 8, i;
	uint32_t	 x = 0;
	enum reason	 e;

	*bits = 0;
	if (nbits == 0)
		return REASON_OK;
	if ((e = oer_get_fixed(r, n, &p)) != REASON_OK)
		return e;
	for (i = 0; i < n; i++)
		x = x << 8 | p[i];
	if (x & ((1u << (n * 8 - nbits)) - 1))
		return REASON_NONCANONICAL;	/* padding bits not zero */
	*bits = x >> (n * 8 - nbits);
	return REASON_OK;
}

enum reason
oer_get_extmap(struct oer_rd *r, unsigned *nbits, const uint8_t **map)
{
	const uint8_t	*p;
	size_t		 n, i;
	unsigned	 unused;
	int		 any = 0;
	enum reason	 e;

	if ((e = oer_get_octets(r, &p, &n)) != REASON_OK)
		return e;
	if (n < 2)
		return REASON_BAD_LENGTH;	/* unused-bits octet and bits */
	unused = p[0];
	if (unused > 7)
		return REASON_BAD_VALUE;
	if (n - 1 > (0xffffu / 8))
		return REASON_UNSUPPORTED;
	if (p[n - 1] & ((1u << unused) - 1))
		return REASON_NONCANONICAL;
	for (i = 1; i < n; i++)
		any |= p[i];
	if (!any)
		return REASON_NONCANONICAL;	/* extension bit set, nothing */
	*nbits = (unsigned)((n - 1) * 8 - unused);
	*map = p + 1;
	return REASON_OK;
}

void
oer_put_u8(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v & 0xff));
}

void
oer_put_u16(struct buf *b, unsigned v)
{
	buf_add_be16(b, (uint16_t)v);
}

void
oer_put_u32(struct buf *b, uint32_t v)
{
	buf_add_be32(b, v);
}

void
oer_put_u64(struct buf *b, uint64_t v)
{
	buf_add_be64(b, v);
}

void
oer_put_i32(struct buf *b, int32_t v)
{
	oer_put_u32(b, (uint32_t)v);
}

/* Length determinant octets into o (9 at most); returns their count. */
static size_t
length_octets(size_t v, uint8_t *o)
{
	size_t	 n = 0, i;
	size_t	 x;

	if (v < 128) {
		o[0] = (uint8_t)v;
		return 1;
	}
	for (x = v; x != 0; x >>= 8)
		n++;
	o[0] = (uint8_t)(0x80 | n);
	for (i = 0; i < n; i++)
		o[n - i] = (uint8_t)(v >> (8 * i));
	return n + 1;
}

void
oer_put_length(struct buf *b, size_t v)
{
	uint8_t	 o[16];

	buf_add(b, o, length_octets(v, o));
}

void
oer_put_octets(struct buf *b, const uint8_t *p, size_t n)
{
	oer_put_length(b, n);
	if (n > 0)
		buf_add(b, p, n);
}

void
oer_put_uvar(struct buf *b, uint64_t v)
{
	uint8_t	 o[8];
	int	 n = 0, i;

	do {
		o[7 - n++] = (uint8_t)v;
		v >>= 8;
	} while (v != 0);
	oer_put_length(b, (size_t)n);
	for (i = 8 - n; i < 8; i++)
		buf_addc(b, (char)o[i]);
}

/* Minimal two's complement octets of v into o (8); returns the first. */
static int
svar_octets(int64_t v, uint8_t *o, int *n)
{
	uint64_t u = (uint64_t)v;
	int	 i;

	for (i = 7; i >= 0; i--, u >>= 8)
		o[i] = (uint8_t)u;
	/* Drop leading octets that only repeat the sign. */
	i = 0;
	*n = 8;
	while (*n > 1 && ((o[i] == 0x00 && (o[i + 1] & 0x80) == 0) ||
	    (o[i] == 0xff && (o[i + 1] & 0x80) != 0))) {
		i++;
		(*n)--;
	}
	return i;
}

void
oer_put_svar(struct buf *b, int64_t v)
{
	uint8_t	 o[8];
	int	 n, i;

	i = svar_octets(v, o, &n);
	oer_put_length(b, (size_t)n);
	buf_add(b, o + i, (size_t)n);
}

void
oer_put_quantity(struct buf *b, size_t q)
{
	oer_put_uvar(b, (uint64_t)q);
}

void
oer_put_enum(struct buf *b, long v)
{
	uint8_t	 o[8];
	int	 n, i;

	if (v >= 0 && v < 128) {
		buf_addc(b, (char)v);
		return;
	}
	i = svar_octets(v, o, &n);
	buf_addc(b, (char)(0x80 | n));
	buf_add(b, o + i, (size_t)n);
}

void
oer_put_tag(struct buf *b, unsigned tag)
{
	uint8_t	 o[8];
	int	 n = 0, i;

	if (tag < 63) {
		buf_addc(b, (char)(0x80 | tag));
		return;
	}
	buf_addc(b, (char)0xbf);
	do {
		o[n++] = (uint8_t)(tag & 0x7f);
		tag >>= 7;
	} while (tag != 0);
	for (i = n - 1; i >= 0; i--)
		buf_addc(b, (char)(o[i] | (i > 0 ? 0x80 : 0)));
}

void
oer_put_preamble(struct buf *b, unsigned nbits, uint32_t bits)
{
	size_t	 n = (nbits + 7) / 8, i;
	uint32_t x;

	if (nbits == 0)
		return;
	x = bits << (n * 8 - nbits);
	for (i = 0; i < n; i++)
		buf_addc(b, (char)(x >> (8 * (n - 1 - i))));
}

void
oer_put_extmap(struct buf *b, unsigned nbits, uint32_t present)
{
	size_t	 n = (nbits + 7) / 8, i;
	uint8_t	 o;
	unsigned bit;

	oer_put_length(b, n + 1);
	buf_addc(b, (char)(n * 8 - nbits));
	for (i = 0; i < n; i++) {
		o = 0;
		for (bit = 0; bit < 8; bit++) {
			unsigned k = (unsigned)i * 8 + bit;
			if (k < nbits && k < 32 && ((present >> k) & 1))
				o |= (uint8_t)(0x80 >> bit);
		}
		buf_addc(b, (char)o);
	}
}

size_t
oer_open_begin(struct buf *b)
{
	return b->len;
}

void
oer_open_end(struct buf *b, size_t mark)
{
	uint8_t	 o[16];
	size_t	 n, vlen;

	if (b->oom || mark > b->len)
		return;
	vlen = b->len - mark;
	n = length_octets(vlen, o);
	if (buf_reserve(b, n) == -1)
		return;
	memmove(b->p + mark + n, b->p + mark, vlen);
	memcpy(b->p + mark, o, n);
	b->len += n;
}
