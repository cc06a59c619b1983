/*
 * unit_fwd.c: unit tests of the RSU forward classifier (fwd.c): each form
 * built by our builders (MessageFrame, 1609.2 unsecured data, WSMP, every
 * prefix layout, type octet and WSMP, immediate forward text, unknown
 * header before 1609.2 data) comes back first, and fwd_build of the first
 * candidate gives the datagram back; the jpo-ode UDP receiver vectors (when
 * $VECTORS has them) are located where their expected files say.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "fwd.h"
#include "ifm.h"
#include "wsmp.h"

/* MessageFrame-shaped: messageId, length, value octets. */
static size_t
msgframe(uint8_t *out, unsigned id, size_t len)
{
	size_t	 k = 0, i;

	out[k++] = (uint8_t)(id >> 8);
	out[k++] = (uint8_t)id;
	if (len < 128)
		out[k++] = (uint8_t)len;
	else {
		out[k++] = (uint8_t)(0x80 | len >> 8);
		out[k++] = (uint8_t)len;
	}
	for (i = 0; i < len; i++)
		out[k++] = (uint8_t)(i * 5 + 1);
	return k;
}

static size_t
dot2(uint8_t *out, const uint8_t *in, size_t n)
{
	size_t	 k = 0;

	out[k++] = 3;
	out[k++] = 0x80;
	if (n < 128)
		out[k++] = (uint8_t)n;
	else {
		out[k++] = 0x82;
		out[k++] = (uint8_t)(n >> 8);
		out[k++] = (uint8_t)n;
	}
	memcpy(out + k, in, n);
	return k + n;
}

/* Classify; the first candidate must be of kind k at offset off, and
 * (for the kinds fwd_build knows) rebuild the datagram from inner. */
static int
first_is(const uint8_t *p, size_t n, enum fwd_kind k, size_t off,
    const uint8_t *inner, size_t in)
{
	struct fwd_result r;
	struct buf	 b;
	size_t		 i, cut;
	int		 ok;

	if (fwd_classify(p, n, &r) != REASON_OK || r.n == 0) {
		printf("# nothing found\n");
		return 0;
	}
	ok = r.c[0].kind == k && r.c[0].off == off;
	buf_init(&b);
	for (i = 0; i < r.n; i++) {
		buf_reset(&b);
		fwd_json(&b, p, &r.c[i]);
		if (!check_json(buf_cstr(&b), CHECK_JSON_LAX))
			ok = 0;
		if (!ok)
			printf("# %zu: %s\n", i, b.p);
	}
	if (ok && inner != NULL) {
		buf_reset(&b);
		ok = fwd_build(&b, &r.c[0], inner, in) == 0 && b.len == n &&
		    memcmp(b.p, p, n) == 0;
		if (!ok)
			printf("# fwd_build differs\n");
	}
	buf_free(&b);
	for (cut = 0; cut < n; cut++)	/* no crash on any prefix */
		(void)fwd_classify(p, cut, &r);
	return ok;
}

static void
test_forms(void)
{
	uint8_t		 mf[400], d2[420], w[500], t[600];
	struct wsmp_hdr	 h;
	struct ifm_msg	 m;
	struct fwd_cand	 c;
	struct fwd_result r;
	struct buf	 b;
	size_t		 nmf, nd2, nw, i;
	int		 tp, lb, le, ok;

	buf_init(&b);
	nmf = msgframe(mf, 19, 57);
	CHECK("bare MessageFrame", first_is(mf, nmf, FWD_MSGFRAME, 0, mf,
	    nmf));
	nmf = msgframe(mf, 18, 300);	/* two-octet length */
	CHECK("bare MessageFrame, long", first_is(mf, nmf, FWD_MSGFRAME, 0,
	    mf, nmf));
	nd2 = dot2(d2, mf, nmf);
	CHECK("1609.2 unsecured", first_is(d2, nd2, FWD_DOT2, 0, d2, nd2));
	wsmp_init(&h, 0x82);
	h.has_channel = 1;
	h.channel = 172;
	h.payload = d2;
	h.payload_len = nd2;
	wsmp_build(&b, &h);
	nw = b.len;
	memcpy(w, b.p, nw);
	CHECK("WSMP", first_is(w, nw, FWD_WSMP, 0, w, nw));

	/* every prefix layout around a MessageFrame */
	nmf = msgframe(mf, 32, 26);
	ok = 1;
	for (tp = 0; tp <= 1; tp++)
		for (lb = 1; lb <= 2; lb++)
			for (le = 0; le <= (lb == 2); le++) {
				memset(&c, 0, sizeof(c));
				c.kind = FWD_PREFIX_MSGFRAME;
				c.has_type = tp;
				c.type = 0x01;
				c.lenbytes = lb;
				c.le = le;
				buf_reset(&b);
				if (fwd_build(&b, &c, mf, nmf) == -1 ||
				    !first_is((uint8_t *)b.p, b.len,
				    FWD_PREFIX_MSGFRAME, tp + lb, mf, nmf))
					ok = 0;
			}
	CHECK("prefix layouts", ok);

	/* the RSU forward shape of jpo-ode's PSM test: type 01, length 29
	 * little endian, the MessageFrame, then 14 more octets */
	memset(&c, 0, sizeof(c));
	c.kind = FWD_PREFIX_MSGFRAME;
	c.has_type = 1;
	c.type = 1;
	c.lenbytes = 2;
	c.le = 1;
	buf_reset(&b);
	fwd_build(&b, &c, mf, nmf);
	for (i = 0; i < 14; i++)
		buf_addc(&b, (char)(i * 3));
	CHECK("prefix with octets after", first_is((uint8_t *)b.p, b.len,
	    FWD_PREFIX_MSGFRAME, 3, NULL, 0) &&
	    fwd_classify((uint8_t *)b.p, b.len, &r) == REASON_OK &&
	    r.c[0].declared == 29 && r.c[0].le && r.c[0].has_type &&
	    r.c[0].msgid == 32);

	/* a type octet before WSMP */
	memset(&c, 0, sizeof(c));
	c.kind = FWD_TYPE_WSMP;
	c.type = 0x02;
	buf_reset(&b);
	fwd_build(&b, &c, w, nw);
	CHECK("type octet and WSMP", first_is((uint8_t *)b.p, b.len,
	    FWD_TYPE_WSMP, 1, w, nw));

	/* immediate forward text */
	ifm_init(&m, "SPAT", 0x82, 172, mf, nmf);
	buf_reset(&b);
	ifm_build(&b, &m);
	memcpy(t, b.p, b.len);
	CHECK("immediate forward", first_is(t, b.len, FWD_IFM, 0, t, b.len));
	t[0] = 'v';
	CHECK("not immediate forward", fwd_classify(t, b.len, &r) ==
	    REASON_UNKNOWN_TYPE);

	/* 26 octets we do not know, then 1609.2 data */
	for (i = 0; i < 26; i++)
		t[i] = (uint8_t)(0x22 + i * 41);
	nmf = msgframe(mf, 20, 184);
	nd2 = dot2(t + 26, mf, nmf);
	CHECK("unknown header, then 1609.2", first_is(t, 26 + nd2,
	    FWD_SCAN_DOT2, 26, NULL, 0));
	CHECK("empty", fwd_classify(t, 0, &r) == REASON_TRUNCATED);
	CHECK("nothing plausible", fwd_classify((const uint8_t *)"hello", 5,
	    &r) == REASON_UNKNOWN_TYPE);
	memset(&c, 0, sizeof(c));
	c.kind = FWD_SCAN_DOT2;
	CHECK("no build for scans", fwd_build(&b, &c, mf, 1) == -1);
	buf_free(&b);
}

/* One line of hex from a file. */
static long
read_hex(const char *path, uint8_t *out, size_t cap)
{
	static char	 line[8192];
	FILE		*f;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(line, 1, sizeof(line) - 1, f);
	fclose(f);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
	    line[n - 1] == ' '))
		n--;
	return hex_decode(line, n, out, cap);
}

static void
test_vectors(void)
{
	static const struct {
		const char	*file;
		enum fwd_kind	 kind;
		size_t		 off;
	} v[] = {
		{ "PsmReceiverTest_ValidPSM.txt", FWD_PREFIX_MSGFRAME, 3 },
		{ "BsmReceiverTest_ValidBSM.txt", FWD_SCAN_DOT2, 26 },
		{ "SpatReceiverTest_ValidSPAT.txt", FWD_MSGFRAME, 0 },
		{ "MapReceiverTest_ValidMAP.txt", FWD_MSGFRAME, 0 },
		{ "TimReceiverTest_ValidTIM.txt", FWD_MSGFRAME, 0 },
		{ "SsmReceiverTest_ValidSSM.txt", FWD_MSGFRAME, 0 },
		{ "SrmReceiverTest_ValidData.txt", FWD_MSGFRAME, 0 },
	};
	static uint8_t	 p[4096];
	const char	*dir = check_vectors();
	char		 path[1024], name[128];
	size_t		 i;
	long		 n;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(path, sizeof(path), "%s/jpo-ode/udp-receiver/%s", dir,
		    v[i].file);
		snprintf(name, sizeof(name), "jpo-ode %s", v[i].file);
		if ((n = read_hex(path, p, sizeof(p))) < 0) {
			check_skip("%s: %s not readable", name, path);
			continue;
		}
		CHECK(name, first_is(p, (size_t)n, v[i].kind, v[i].off, NULL,
		    0));
	}
}

int
main(void)
{
	test_forms();
	test_vectors();
	return check_exit();
}
