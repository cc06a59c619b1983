/*
 * fuzz_gn.c: libFuzzer target for GeoNetworking (EN 302 636-4-1 v1.4.1)
 * and BTP (EN 302 636-5-1) on raw bytes: gn_parse, JSON of whatever it
 * filled (must be valid JSON), and when the parse succeeds the rebuilt
 * packet must be the same bytes.  A secured packet's 1609.2 part is fed to
 * gn_parse_inner as if it were the unwrapped payload.  BTP likewise on
 * the payload.  Anything else aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "btp.h"
#include "buf.h"
#include "gn.h"
#include "reason.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail(const char *what, const struct buf *js)
{
	fprintf(stderr, "fuzz_gn: %s\n%s\n", what,
	    js->p != NULL ? js->p : "");
	abort();
}

static void
json_valid(struct buf *js)
{
	json_error_t	 je;
	json_t		*j;

	if ((j = json_loadb(js->p, js->len, 0, &je)) == NULL ||
	    !json_is_object(j))
		fail("JSON does not read back", js);
	json_decref(j);
}

/* BTP on a GN payload: parse, JSON, rebuild. */
static void
btp_round(const struct gn_packet *g, struct buf *js)
{
	struct btp_hdr	 h;
	struct buf	 b;

	if (g->nh != GN_NH_BTP_A && g->nh != GN_NH_BTP_B)
		return;
	if (btp_parse(g->payload, g->pl, g->nh, &h) != REASON_OK) {
		if (g->pl >= BTP_HDR_LEN)
			fail("BTP refused a whole header", js);
		return;
	}
	buf_reset(js);
	btp_json(js, &h);
	json_valid(js);
	buf_init(&b);
	if (btp_build(&b, &h) != 0 || b.len != g->pl ||
	    memcmp(b.p, g->payload, b.len) != 0)
		fail("BTP does not rebuild", js);
	buf_free(&b);
}

/* The common header onwards: rebuilt must equal p[0..n). */
static void
inner_round(const uint8_t *p, size_t n, struct gn_packet *g, struct buf *js)
{
	struct buf	 b;

	if (gn_parse_inner(p, n, g) != REASON_OK)
		return;
	buf_reset(js);
	gn_json(js, g);
	json_valid(js);
	buf_init(&b);
	if (gn_build_inner(&b, g) != 0 || b.len != n ||
	    memcmp(b.p, p, n) != 0)
		fail("inner packet does not rebuild", js);
	buf_free(&b);
	btp_round(g, js);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gn_packet g;
	struct buf	 js, b;
	enum reason	 e;

	buf_init(&js);
	buf_init(&b);
	e = gn_parse(data, size, &g);
	gn_json(&js, &g);		/* whatever was filled */
	json_valid(&js);
	if (e != REASON_OK)
		goto out;
	if (gn_build(&b, &g) != 0)
		fail("parsed packet does not build", &js);
	if (g.bh_nh == GN_BH_SECURED) {
		if (b.len != size || memcmp(b.p, data, size) != 0)
			fail("secured packet does not rebuild", &js);
		inner_round(g.secured, g.secured_len, &g, &js);
		goto out;
	}
	if (b.len != g.hdr_len + g.pl || g.hdr_len + g.pl + g.trailing !=
	    size || memcmp(b.p, data, b.len) != 0)
		fail("packet does not rebuild", &js);
	btp_round(&g, &js);
 out:
	buf_free(&js);
	buf_free(&b);
	return 0;
}
