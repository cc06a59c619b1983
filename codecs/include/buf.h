/*
 * buf.h: a growable byte buffer for building output (JSON, XER, frames),
 * and hexadecimal conversion.  A failed allocation sets buf.oom; callers
 * check it once at the end instead of after every append.
 */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 oom;
};

void	 buf_init(struct buf *);
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
void	 buf_free(struct buf *);
int	 buf_reserve(struct buf *, size_t);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_addhex(struct buf *, const uint8_t *, size_t);	/* lower case */
void	 buf_addlong(struct buf *, long);
void	 buf_addulong(struct buf *, unsigned long);
const char *buf_cstr(struct buf *);		/* NUL-terminated view */

/* Append the n (1 to 8) low-order octets of v in network (big-endian)
 * order, or little-endian with le; the usual sizes by name below. */
void	 buf_add_uint(struct buf *, uint64_t v, size_t n, int le);
#define buf_add_be16(b, v)	buf_add_uint((b), (uint16_t)(v), 2, 0)
#define buf_add_be32(b, v)	buf_add_uint((b), (uint32_t)(v), 4, 0)
#define buf_add_be64(b, v)	buf_add_uint((b), (uint64_t)(v), 8, 0)
#define buf_add_le16(b, v)	buf_add_uint((b), (uint16_t)(v), 2, 1)
#define buf_add_le32(b, v)	buf_add_uint((b), (uint32_t)(v), 4, 1)

/* One character; inline, as printers call it for every token. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap && buf_reserve(b, 1) == -1)
		return;
	b->p[b->len++] = c;
}

/* The value of hexadecimal digit c (either case), or -1. */
int	 hex_digit(int c);

/* Decode hex text (spaces, tabs, ':' allowed between byte pairs) into out,
 * at most cap bytes.  Returns the byte count, or -1 on a bad character, an
 * odd number of digits or overflow of cap. */
long	 hex_decode(const char *, size_t, uint8_t *out, size_t cap);

#endif
