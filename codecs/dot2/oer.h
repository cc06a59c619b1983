/*
 * oer.h: canonical Octet Encoding Rules (ITU-T X.696 (02/2021), clause 11
 * onwards, CANONICAL-OER) primitives: a bounded reader that rejects every
 * non-canonical form, and writers that append to a struct buf.  Used by the
 * IEEE 1609.2 codec (dot2*.c).
 */
#ifndef OER_H
#define OER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

/* A reader over [p, end).  Readers never move past end. */
struct oer_rd {
	const uint8_t	*p;
	const uint8_t	*end;
};

static inline size_t
oer_left(const struct oer_rd *r)
{
	return (size_t)(r->end - r->p);
}

/* Fixed-size unsigned integers (X.696 10.2: 1, 2, 4, 8 octets). */
enum reason	 oer_get_u8(struct oer_rd *, uint8_t *);
enum reason	 oer_get_u16(struct oer_rd *, uint16_t *);
enum reason	 oer_get_u32(struct oer_rd *, uint32_t *);
enum reason	 oer_get_u64(struct oer_rd *, uint64_t *);
/* Four-octet two's complement (X.696 10.3 b). */
enum reason	 oer_get_i32(struct oer_rd *, int32_t *);
/* n octets as they are (fixed-size OCTET STRING, BIT STRING). */
enum reason	 oer_get_fixed(struct oer_rd *, size_t n, const uint8_t **);
/* Length determinant (X.696 8.6), minimal form.  Not checked against the
 * data left: callers decide between BAD_LENGTH and lenient recovery. */
enum reason	 oer_get_length(struct oer_rd *, size_t *);
/* Length determinant and that many octets; BAD_LENGTH past the end. */
enum reason	 oer_get_octets(struct oer_rd *, const uint8_t **, size_t *);
/* Open type (X.696 30): length determinant, then a reader over the value. */
enum reason	 oer_get_open(struct oer_rd *, struct oer_rd *sub);
/* Semi-constrained whole numbers with a length prefix (X.696 10.4 a, c):
 * unsigned (lower bound 0) up to 64 bits, signed up to 64 bits. */
enum reason	 oer_get_uvar(struct oer_rd *, uint64_t *);
enum reason	 oer_get_svar(struct oer_rd *, int64_t *);
/* SEQUENCE OF quantity field (X.696 21.1). */
enum reason	 oer_get_quantity(struct oer_rd *, size_t *);
/* ENUMERATED (X.696 11): short form below 128, long form above. */
enum reason	 oer_get_enum(struct oer_rd *, long *);
/* CHOICE tag (X.696 20, 8.7): context-specific class only. */
enum reason	 oer_get_tag(struct oer_rd *, unsigned *);
/* SEQUENCE preamble (X.696 16.2) of nbits bits (extension bit first if
 * the type is extensible, then one per OPTIONAL or DEFAULT component);
 * bit i of the preamble is (*bits >> (nbits - 1 - i)) & 1. */
enum reason	 oer_get_preamble(struct oer_rd *, unsigned nbits, uint32_t *);
/* Extension addition presence bitmap (X.696 16.4): *nbits bits, at least
 * one of them set; *map points at the first octet of the bits. */
enum reason	 oer_get_extmap(struct oer_rd *, unsigned *nbits,
		    const uint8_t **map);

#define OER_BIT(bits, n, i)	(((bits) >> ((n) - 1 - (i))) & 1)
/* Bit i (0 = first) of an extension bitmap as oer_get_extmap returns it. */
#define OER_MAPBIT(map, i)	(((map)[(i) / 8] >> (7 - (i) % 8)) & 1)

void	 oer_put_u8(struct buf *, unsigned);
void	 oer_put_u16(struct buf *, unsigned);
void	 oer_put_u32(struct buf *, uint32_t);
void	 oer_put_u64(struct buf *, uint64_t);
void	 oer_put_i32(struct buf *, int32_t);
void	 oer_put_length(struct buf *, size_t);
void	 oer_put_octets(struct buf *, const uint8_t *, size_t);
void	 oer_put_uvar(struct buf *, uint64_t);
void	 oer_put_svar(struct buf *, int64_t);
void	 oer_put_quantity(struct buf *, size_t);
void	 oer_put_enum(struct buf *, long);
void	 oer_put_tag(struct buf *, unsigned);
void	 oer_put_preamble(struct buf *, unsigned nbits, uint32_t bits);
/* Bitmap of nbits bits; bit i set when (present >> i) & 1 (i < 32). */
void	 oer_put_extmap(struct buf *, unsigned nbits, uint32_t present);
/* An open type: oer_open_begin() before appending the value, then
 * oer_open_end() with what it returned inserts the length in front. */
size_t	 oer_open_begin(struct buf *);
void	 oer_open_end(struct buf *, size_t mark);

#endif
