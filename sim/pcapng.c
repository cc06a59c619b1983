/*
 * pcapng.c: a minimal pcapng writer (draft-ietf-opsawg-pcapng: Section
 * Header Block, one Interface Description Block with if_tsresol 9, so
 * nanosecond timestamps, and Enhanced Packet Blocks), little endian.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "sim.h"

struct pcapng {
	FILE	*f;
	int	 failed;
};

/* Append an option (code, value, padding) at p; returns bytes written. */
static size_t
opt(uint8_t *p, uint16_t code, const void *v, size_t n)
{
	size_t	 pad = (4 - n % 4) % 4;

	wr_le16(p, code);
	wr_le16(p + 2, (uint16_t)n);
	memcpy(p + 4, v, n);
	memset(p + 4 + n, 0, pad);
	return 4 + n + pad;
}

struct pcapng *
pcapng_open(const char *path, int dlt, const char *comment, char *err,
    size_t errlen)
{
	struct pcapng	*w;
	uint8_t		 b[1024];
	size_t		 n, clen;
	uint8_t		 tsresol = 9;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->f = fopen(path, "wb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	/* SHB */
	clen = comment ? strlen(comment) : 0;
	if (clen > 512)
		clen = 512;
	wr_le32(b, 0x0a0d0d0a);
	wr_le32(b + 8, 0x1a2b3c4d);
	wr_le16(b + 12, 1);
	wr_le16(b + 14, 0);
	memset(b + 16, 0xff, 8);	/* section length unknown */
	n = 24;
	if (clen > 0) {
		n += opt(b + n, 1, comment, clen);	/* opt_comment */
		n += opt(b + n, 0, "", 0);
	}
	n += 4;
	wr_le32(b + 4, n);
	wr_le32(b + n - 4, n);
	fwrite(b, 1, n, w->f);
	/* IDB */
	wr_le32(b, 1);
	wr_le16(b + 8, (uint16_t)dlt);
	wr_le16(b + 10, 0);
	wr_le32(b + 12, 0);		/* snaplen: no limit */
	n = 16;
	n += opt(b + n, 9, &tsresol, 1);	/* if_tsresol: 10^-9 */
	n += opt(b + n, 0, "", 0);
	n += 4;
	wr_le32(b + 4, n);
	wr_le32(b + n - 4, n);
	fwrite(b, 1, n, w->f);
	if (ferror(w->f)) {
		snprintf(err, errlen, "%s: write failed", path);
		fclose(w->f);
		free(w);
		return NULL;
	}
	return w;
}

int
pcapng_write(struct pcapng *w, int64_t ts_ns, const uint8_t *p, size_t len)
{
	uint8_t		 h[28], t[8] = { 0 };
	size_t		 pad = (4 - len % 4) % 4;
	uint32_t	 total = 28 + len + pad + 4;
	uint64_t	 ts = (uint64_t)ts_ns;

	wr_le32(h, 6);
	wr_le32(h + 4, total);
	wr_le32(h + 8, 0);		/* interface 0 */
	wr_le32(h + 12, (uint32_t)(ts >> 32));
	wr_le32(h + 16, (uint32_t)ts);
	wr_le32(h + 20, len);
	wr_le32(h + 24, len);
	wr_le32(t + pad, total);
	if (fwrite(h, 1, sizeof(h), w->f) != sizeof(h) ||
	    fwrite(p, 1, len, w->f) != len ||
	    fwrite(t, 1, pad + 4, w->f) != pad + 4) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

int
pcapng_close(struct pcapng *w)
{
	int	 r;

	if (w == NULL)
		return 0;
	r = w->failed ? -1 : 0;
	if (fclose(w->f) != 0)
		r = -1;
	free(w);
	return r;
}
