/*
 * buf.c: growable byte buffer and hexadecimal helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->oom = 0;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	buf_init(b);
}

int
buf_reserve(struct buf *b, size_t more)
{
	size_t	 ncap;
	char	*np;

	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + more + 1) {
		if (ncap > SIZE_MAX / 2) {
			b->oom = 1;
			return -1;
		}
		ncap *= 2;
	}
	if ((np = realloc(b->p, ncap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap && buf_reserve(b, n) == -1)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_addhex(struct buf *b, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char	*o;
	size_t	 i;

	if (n > SIZE_MAX / 2 || buf_reserve(b, 2 * n) == -1)
		return;
	o = b->p + b->len;
	for (i = 0; i < n; i++) {
		*o++ = digits[p[i] >> 4];
		*o++ = digits[p[i] & 0xf];
	}
	b->len += 2 * n;
}

void
buf_addulong(struct buf *b, unsigned long v)
{
	char	 tmp[24], *e = tmp + sizeof(tmp), *s = e;

	do {
		*--s = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_add(b, s, (size_t)(e - s));
}

void
buf_addlong(struct buf *b, long v)
{
	if (v < 0) {
		buf_addc(b, '-');
		buf_addulong(b, 0UL - (unsigned long)v);
	} else
		buf_addulong(b, (unsigned long)v);
}

const char *
buf_cstr(struct buf *b)
{
	if (buf_reserve(b, 0) == -1)
		return "";
	b->p[b->len] = '\0';
	return b->p;
}

void
buf_add_uint(struct buf *b, uint64_t v, size_t n, int le)
{
	uint8_t	 o[8];
	size_t	 i;

	if (n > sizeof(o))
		n = sizeof(o);
	for (i = 0; i < n; i++, v >>= 8)
		o[le ? i : n - 1 - i] = (uint8_t)v;
	buf_add(b, o, n);
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
hex_decode(const char *s, size_t n, uint8_t *out, size_t cap)
{
	size_t	 i, o = 0;
	int	 hi = -1, v;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == ':' ||
		    s[i] == '\r' || s[i] == '\n') {
			if (hi != -1)
				return -1;	/* a lone digit before a gap */
			continue;
		}
		if ((v = hex_digit((unsigned char)s[i])) == -1)
			return -1;
		if (hi == -1) {
			hi = v;
			continue;
		}
		if (o >= cap)
			return -1;
		out[o++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi != -1)
		return -1;
	return (long)o;
}
