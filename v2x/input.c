/*
 * input.c: the one reader of 'v2x decode', 'sign' and 'verify' inputs:
 * hex lines, UPER messages back to back, pcap/pcapng frames through
 * libpcap, or the whole input, each message with where it was.
 */
#define _GNU_SOURCE		/* fmemopen */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "cli.h"
#include "input.h"

struct input {
	struct input_opts o;
	const char	*name;		/* for messages: the path, or "stdin" */
	enum input_fmt	 fmt;		/* chosen */
	struct buf	 in;		/* all of it, unless a pcap stream */
	size_t		 off;		/* hex, UPER: next byte; raw: 1 when done */
	size_t		 lineno;
	uint8_t		*bin;		/* hex: a line's bytes */
	size_t		 bincap;
	struct msg	 m;		/* UPER: the last message */
	int		 has_m;
	int		 done;		/* UPER: no way to the next message */
	pcap_t		*pc;
	size_t		 frame;
};

static const char *const fmt_names[] = {
	"auto", "hex", "uper", "pcap", "raw"
};

int
input_fmt_parse(const char *s, unsigned accept, enum input_fmt *fmt)
{
	size_t	 i;

	for (i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (strcmp(s, fmt_names[i]) == 0 &&
		    (i == INPUT_AUTO || (accept & INPUT_ACCEPTS(i)))) {
			*fmt = (enum input_fmt)i;
			return 0;
		}
	return -1;
}

/* A pcap or pcapng file, by its magic number. */
static int
is_capture(const uint8_t *p, size_t n)
{
	static const uint8_t magic[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x0a, 0x0d, 0x0d, 0x0a },
	};
	size_t	 i;

	for (i = 0; n >= 4 && i < sizeof(magic) / sizeof(magic[0]); i++)
		if (memcmp(p, magic[i], 4) == 0)
			return 1;
	return 0;
}

/* Hex text: hex digits, white space, ':' and # comment lines only. */
static int
is_hex_text(const uint8_t *p, size_t n)
{
	size_t	 i;
	int	 comment = 0, digits = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			comment = 0;
			continue;
		}
		if (comment)
			continue;
		if (p[i] == '#')
			comment = 1;
		else if (isxdigit(p[i]))
			digits++;
		else if (!isspace(p[i]) && p[i] != ':')
			return 0;
	}
	return digits > 0;
}

static enum input_fmt
guess(const struct input *in)
{
	const uint8_t	*p = (const uint8_t *)in->in.p;

	if ((in->o.accept & INPUT_ACCEPTS(INPUT_PCAP)) &&
	    is_capture(p, in->in.len))
		return INPUT_PCAP;
	if (is_hex_text(p, in->in.len))
		return INPUT_HEX;
	return (in->o.accept & INPUT_ACCEPTS(INPUT_UPER)) ? INPUT_UPER :
	    INPUT_RAW;
}

/* libpcap over f, which it closes; 0 or -1 with a message. */
static int
open_capture(struct input *in, FILE *f)
{
	char	 eb[PCAP_ERRBUF_SIZE];

	if ((in->pc = pcap_fopen_offline_with_tstamp_precision(f,
	    PCAP_TSTAMP_PRECISION_MICRO, eb)) == NULL) {
		log_warnx("%s: %s", in->name, eb);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	return 0;
}

struct input *
input_open(const char *path, const struct input_opts *o)
{
	struct input	*in;
	FILE		*f;
	int		 stdin_ = path == NULL || strcmp(path, "-") == 0;

	if ((in = calloc(1, sizeof(*in))) == NULL) {
		log_warnx("out of memory");
		return NULL;
	}
	in->o = *o;
	in->name = path != NULL ? path : "stdin";
	in->fmt = o->fmt;
	buf_init(&in->in);
	if (in->fmt == INPUT_PCAP) {	/* a stream: captures can be large */
		if (stdin_)
			f = stdin;
		else if ((f = fopen(path, "rb")) == NULL) {
			log_warnx("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (open_capture(in, f) == -1)
			goto fail;
		return in;
	}
	if (read_file(path, &in->in) == -1)
		goto fail;
	if (in->fmt == INPUT_AUTO)
		in->fmt = guess(in);
	if (in->fmt == INPUT_HEX) {
		in->bincap = in->in.len / 2 + 1;
		if ((in->bin = malloc(in->bincap)) == NULL) {
			log_warnx("out of memory");
			goto fail;
		}
	}
	return in;
 fail:
	input_free(in);
	return NULL;
}

enum input_fmt
input_fmt(const struct input *in)
{
	return in->fmt;
}

static void
item_init(struct input_msg *it, enum input_fmt fmt, const char *where,
    size_t pos)
{
	memset(it, 0, sizeof(*it));
	it->fmt = fmt;
	it->where = where;
	it->pos = pos;
}

/* The next line with something on it, blanks around it and # comments
 * skipped, as bytes. */
static int
next_hex(struct input *in, struct input_msg *it)
{
	const char	*line, *end = in->in.p + in->in.len, *nl;
	size_t		 n;
	long		 got;

	for (; in->off < in->in.len; ) {
		line = in->in.p + in->off;
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		in->off = (size_t)(nl - in->in.p) + 1;
		in->lineno++;
		n = (size_t)(nl - line);
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			n--;
		while (n > 0 && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		if (n == 0 || *line == '#')
			continue;
		item_init(it, INPUT_HEX, "line", in->lineno);
		if ((got = hex_decode(line, n, in->bin, in->bincap)) < 0)
			it->status = INPUT_NOT_HEX;
		else {
			it->p = in->bin;
			it->n = (size_t)got;
		}
		return 1;
	}
	return 0;
}

/* Messages back to back: each ends where the next starts, so what follows
 * one is not "trailing". */
static int
next_uper(struct input *in, struct input_msg *it)
{
	const uint8_t	*p = (const uint8_t *)in->in.p;
	size_t		 len = in->in.len;

	if (in->has_m) {
		msg_clear(&in->m);
		in->has_m = 0;
	}
	if (in->done || in->off >= len)
		return 0;
	item_init(it, INPUT_UPER, "offset", in->off);
	if (in->o.envelope && in->off == 0 && p[0] > 0x02) {
		it->p = p;
		it->n = len;
		in->done = 1;
		return 1;
	}
	if ((it->reason = msg_decode(&in->m, in->o.family, in->o.type,
	    p + in->off, len - in->off, it->detail, sizeof(it->detail))) !=
	    REASON_OK) {
		it->status = INPUT_NO_END;
		in->done = 1;
		return 1;
	}
	in->has_m = 1;
	in->m.trailing = 0;
	it->msg = &in->m;
	it->p = p + in->off;
	it->n = in->m.len;
	in->off += in->m.len;
	/* Zero padding after the last message is not a message. */
	while (in->off < len && p[in->off] == 0 && len - in->off < 2)
		in->off++;
	return 1;
}

static int
next_frame(struct input *in, struct input_msg *it)
{
	struct pcap_pkthdr	*h;
	const u_char		*data;
	FILE			*f;
	int			 rv;

	if (in->pc == NULL) {	/* a capture in memory, opened when read */
		if (in->done)
			return -1;
		in->done = 1;
		if ((f = fmemopen(in->in.p, in->in.len, "rb")) == NULL) {
			log_warnx("%s: cannot read", in->name);
			return -1;
		}
		if (open_capture(in, f) == -1)
			return -1;
	}
	if ((rv = pcap_next_ex(in->pc, &h, &data)) == 1) {
		item_init(it, INPUT_PCAP, "frame", ++in->frame);
		it->p = data;
		it->n = h->caplen;
		it->ts = &h->ts;
		it->dlt = pcap_datalink(in->pc);
		return 1;
	}
	if (rv == PCAP_ERROR) {
		log_warnx("%s: frame %zu: %s", in->name, in->frame + 1,
		    pcap_geterr(in->pc));
		return -1;
	}
	return 0;
}

int
input_next(struct input *in, struct input_msg *it)
{
	switch (in->fmt) {
	case INPUT_HEX:
		return next_hex(in, it);
	case INPUT_UPER:
		return next_uper(in, it);
	case INPUT_PCAP:
		return next_frame(in, it);
	default:
		if (in->off > 0)
			return 0;
		in->off = 1;
		item_init(it, INPUT_RAW, NULL, 0);
		it->p = (const uint8_t *)in->in.p;
		it->n = in->in.len;
		return 1;
	}
}

void
input_free(struct input *in)
{
	if (in == NULL)
		return;
	if (in->pc != NULL)
		pcap_close(in->pc);	/* closes its FILE */
	if (in->has_m)
		msg_clear(&in->m);
	free(in->bin);
	buf_free(&in->in);
	free(in);
}
