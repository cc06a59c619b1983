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

/* Append an integer in network (big-endian) or little-endian order. */
void	 buf_add_be16(struct buf *, uint16_t);
void	 buf_add_be32(struct buf *, uint32_t);
void	 buf_add_be64(struct buf *, uint64_t);
void	 buf_add_le16(struct buf *, uint16_t);
void	 buf_add_le32(struct buf *, uint32_t);

/* One character; inline, as printers call it for every token. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap && buf_reserve(b, 1) == -1)
		return;
	b->p[b->len++] = c;
}

/* Decode hex text (spaces, tabs, ':' allowed between byte pairs) into out,
 * at most cap bytes.  Returns the byte count, or -1 on a bad character, an
 * odd number of digits or overflow of cap. */
long	 hex_decode(const char *, size_t, uint8_t *out, size_t cap);

#endif
