/*
 * fuzz_link.c: libFuzzer target for the envelope path under a message:
 * link_parse (the first octet picks the link type), then WSMP for EtherType
 * 0x88DC, and for a UDP payload the RSU forward classifier and what it
 * points at.  Every layer parsed must rebuild to bytes that parse again to
 * the same payload, and rebuild to the same bytes again (a fixed point);
 * a WSMP header with no flags must rebuild to exactly its input; every
 * JSON written must be valid.  Anything else aborts.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fwd.h"
#include "ifm.h"
#include "link.h"
#include "wsmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int dlts[] = {
	LINK_EN10MB, LINK_IEEE802_11, LINK_IEEE802_11_RADIO, LINK_LINUX_SLL,
	LINK_LINUX_SLL2, LINK_RAW, LINK_IPV4, LINK_IPV6,
	-1,		/* the bytes are a WSMP packet */
	-2		/* the bytes are a UDP payload */
};
#define NDLTS	(sizeof(dlts) / sizeof(dlts[0]))

static void
json_check(struct buf *b, const char *what)
{
	json_error_t	 e;
	json_t		*j;

	if ((j = json_loads(buf_cstr(b), JSON_ALLOW_NUL |
	    JSON_DECODE_INT_AS_REAL, &e)) == NULL) {
		fprintf(stderr, "%s JSON invalid (%s): %s\n", what, e.text,
		    b->p);
		abort();
	}
	json_decref(j);
}

static void
wsmp_check(const uint8_t *p, size_t n)
{
	struct wsmp_hdr	 h, g;
	struct buf	 b, c;

	if (wsmp_parse(p, n, &h) != REASON_OK)
		return;
	if (h.hdr_len + h.payload_len + h.trailing != n ||
	    h.payload != p + h.hdr_len) {
		fprintf(stderr, "wsmp lengths do not add up\n");
		abort();
	}
	buf_init(&b);
	buf_init(&c);
	if (wsmp_build(&b, &h) == -1 || wsmp_parse((uint8_t *)b.p, b.len,
	    &g) != REASON_OK || g.psid != h.psid || g.trailing != 0 ||
	    g.payload_len != h.payload_len || wsmp_build(&c, &g) == -1 ||
	    c.len != b.len || memcmp(c.p, b.p, b.len) != 0) {
		fprintf(stderr, "wsmp does not rebuild to a fixed point\n");
		abort();
	}
	if (h.flags == 0 && (b.len != n - h.trailing ||
	    memcmp(b.p, p, b.len) != 0)) {
		fprintf(stderr, "wsmp without flags rebuilds differently\n");
		abort();
	}
	buf_reset(&b);
	wsmp_json(&b, &h);
	json_check(&b, "wsmp");
	buf_free(&b);
	buf_free(&c);
}

static void
udp_check(const uint8_t *p, size_t n)
{
	struct fwd_result r;
	struct ifm_msg	 m;
	struct buf	 b;
	size_t		 i;

	if (fwd_classify(p, n, &r) != REASON_OK)
		return;
	buf_init(&b);
	for (i = 0; i < r.n; i++) {
		if (r.c[i].off > n || (r.c[i].len && r.c[i].off + r.c[i].len >
		    n)) {
			fprintf(stderr, "fwd candidate out of bounds\n");
			abort();
		}
		buf_reset(&b);
		fwd_json(&b, p, &r.c[i]);
		json_check(&b, "fwd");
		switch (r.c[i].kind) {
		case FWD_WSMP:
		case FWD_TYPE_WSMP:
			wsmp_check(p + r.c[i].off, n - r.c[i].off);
			break;
		case FWD_IFM:
			if (ifm_parse(p, n, &m) == REASON_OK) {
				buf_reset(&b);
				ifm_json(&b, &m);
				json_check(&b, "ifm");
			}
			break;
		default:
			break;
		}
	}
	buf_free(&b);
}

/* What radiotap_parse found lies inside the header. */
static void
rt_check(const struct link_radiotap *rt)
{
	int	 i;

	for (i = 0; i < 28; i++)
		if ((rt->seen & (1u << i)) &&
		    (size_t)rt->foff[i] + rt->flen[i] > rt->len)
			goto bad;
	for (i = 0; i < rt->nvendor; i++)
		if ((size_t)rt->vendor[i].off + rt->vendor[i].skip > rt->len)
			goto bad;
	if (rt->nwarn > LINK_RT_NWARN || rt->nvendor > LINK_RT_NVENDOR ||
	    rt->nant > LINK_RT_NANT)
		goto bad;
	return;
bad:
	fprintf(stderr, "radiotap fields outside the header\n");
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_frame f, g, h;
	struct buf	 b, c, j;
	int		 dlt;

	if (size < 1)
		return 0;
	dlt = dlts[data[0] % NDLTS];
	data++;
	size--;
	if (dlt == -1) {
		wsmp_check(data, size);
		return 0;
	}
	if (dlt == -2) {
		udp_check(data, size);
		return 0;
	}
	if (link_parse(dlt, data, size, &f) != REASON_OK) {
		if (memchr(f.why, '\0', sizeof(f.why)) == NULL) {
			fprintf(stderr, "link why is not a string\n");
			abort();
		}
		return 0;
	}
	if (f.layers & LINK_L_RADIOTAP)
		rt_check(&f.rt);
	if (f.payload_off + f.payload_len + f.trailing +
	    (f.w.fcs != LINK_SUM_NONE ? 4 : 0) != size ||
	    f.payload != data + f.payload_off) {
		fprintf(stderr, "link lengths do not add up\n");
		abort();
	}
	buf_init(&b);
	buf_init(&c);
	buf_init(&j);
	if (link_build(&b, &f) == -1) {
		fprintf(stderr, "parsed frame does not rebuild\n");
		abort();
	}
	if (link_parse(dlt, (uint8_t *)b.p, b.len, &g) != REASON_OK ||
	    g.payload_len != f.payload_len || g.ethertype != f.ethertype ||
	    memcmp(g.payload, f.payload, f.payload_len) != 0 ||
	    link_build(&c, &g) == -1 || c.len != b.len ||
	    memcmp(c.p, b.p, b.len) != 0 ||
	    link_parse(dlt, (uint8_t *)c.p, c.len, &h) != REASON_OK) {
		fprintf(stderr, "link does not rebuild to a fixed point\n");
		abort();
	}
	buf_addc(&j, '[');
	link_json(&j, &f);
	buf_addc(&j, ']');
	json_check(&j, "link");
	if (f.ethertype == LINK_ET_WSMP)
		wsmp_check(f.payload, f.payload_len);
	if (f.layers & LINK_L_UDP)
		udp_check(f.payload, f.payload_len);
	buf_free(&b);
	buf_free(&c);
	buf_free(&j);
	return 0;
}
