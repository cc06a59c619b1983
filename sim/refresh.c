/*
 * refresh.c: "replay --refresh-times" and "--resign": a captured frame made
 * to look current.  The message's time fields are set from the send time:
 * J2735 (2020) secMark and IntersectionState timeStamp (DSecond, ms in the
 * minute), moy and the messages' timeStamp (MinuteOfTheYear); ETSI TS 102
 * 894-2 generationDeltaTime (TimestampIts mod 65536); the IEEE 1609.2
 * headerInfo generationTime (Time64, TAI); the GeoNetworking source
 * position vector's timestamp (EN 302 636-4-1 9.5.2).  With a signer the
 * 1609.2 signedData is made anew over the rewritten payload (sec.h);
 * without one a signed message keeps its stale signature.  Frames are
 * rebuilt through WSMP or GeoNetworking and the link layers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "btp.h"
#include "dot2.h"
#include "gn.h"
#include "jer.h"
#include "link.h"
#include "msg.h"
#include "peel.h"
#include "sec.h"
#include "wsmp.h"
#include "sim.h"

struct refresh {
	struct sec_signer	*signer;
	struct peel		 pl;
	char			 err[256];
	/* the send time in the units of the fields */
	long			 dsecond, moy;
	uint64_t		 tai_us;
	size_t			 n_ok, n_signed, n_same, n_failed;
};

struct refresh *
refresh_new(const char *key, const char *cert, char *err, size_t errlen)
{
	struct refresh	*rf;

	if ((rf = calloc(1, sizeof(*rf))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	peel_init(&rf->pl);
	if (key != NULL && sec_signer_load(&rf->signer, key, cert, err,
	    errlen) != REASON_OK) {
		refresh_free(rf);
		return NULL;
	}
	return rf;
}

void
refresh_free(struct refresh *rf)
{
	if (rf == NULL)
		return;
	sec_signer_free(rf->signer);
	peel_free(&rf->pl);
	free(rf);
}

void
refresh_summary(const struct refresh *rf, FILE *f)
{
	fprintf(f, "refresh: %zu rewritten (%zu signed anew), %zu without time "
	    "fields, %zu failed%s%s\n", rf->n_ok, rf->n_signed, rf->n_same,
	    rf->n_failed, rf->err[0] ? "; last failure: " : "", rf->err);
}

static void
set_int(json_t *o, const char *k, long v)
{
	json_object_set_new(o, k, json_integer(v));
}

/* Walk the JER value and set the time fields; returns how many. */
static int
walk(struct refresh *rf, json_t *j)
{
	const char	*k;
	json_t		*v;
	size_t		 i;
	int		 n = 0, has_moy;
	json_int_t	 x;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			n += walk(rf, v);
		return n;
	}
	if (!json_is_object(j))
		return 0;
	has_moy = json_object_get(j, "moy") != NULL;
	json_object_foreach(j, k, v) {
		if (json_is_integer(v)) {
			x = json_integer_value(v);
			if (strcmp(k, "secMark") == 0 && x < 60000) {
				set_int(j, k, rf->dsecond);
				n++;
			} else if (strcmp(k, "moy") == 0 && x < 527040) {
				set_int(j, k, rf->moy);
				n++;
			} else if (strcmp(k, "timeStamp") == 0) {
				/* IntersectionState: DSecond beside moy */
				if (has_moy && x < 60000)
					set_int(j, k, rf->dsecond);
				else if (!has_moy && x < 527040)
					set_int(j, k, rf->moy);
				n++;
			} else if (strcmp(k, "generationDeltaTime") == 0) {
				set_int(j, k, (long)((rf->tai_us / 1000) %
				    65536));
				n++;
			}
		} else
			n += walk(rf, v);
	}
	return n;
}

/* The message m rewritten and encoded into out: 1, or 0 if it has no time
 * fields, -1 on failure. */
static int
rewrite_msg(struct refresh *rf, const struct msg *m, struct buf *out)
{
	struct buf	 js;
	json_t		*j;
	json_error_t	 je;
	struct msg	 m2;
	char		*txt;
	int		 n;
	enum reason	 r;

	buf_init(&js);
	if (jer_write_msg(&js, m, rf->err, sizeof(rf->err)) != REASON_OK) {
		buf_free(&js);
		return -1;
	}
	j = json_loadb(js.p, js.len, 0, &je);
	buf_free(&js);
	if (j == NULL) {
		snprintf(rf->err, sizeof(rf->err), "JSON: %s", je.text);
		return -1;
	}
	if ((n = walk(rf, json_object_get(j, "value"))) == 0) {
		json_decref(j);
		return 0;
	}
	txt = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (txt == NULL)
		return -1;
	memset(&m2, 0, sizeof(m2));
	r = jer_read_msg(&m2, m->family, NULL, txt, strlen(txt), rf->err,
	    sizeof(rf->err));
	free(txt);
	if (r == REASON_OK)
		r = msg_encode(&m2, out, rf->err, sizeof(rf->err));
	msg_clear(&m2);
	return r == REASON_OK ? 1 : -1;
}

/* A 1609.2 Ieee1609Dot2Data x with its payload replaced by pay[0..n): signed
 * anew, or with generationTime set and the old signature. */
static int
redot2(struct refresh *rf, const uint8_t *x, size_t xn, const uint8_t *pay,
    size_t n, struct buf *out)
{
	struct dot2_data	*d, *in;
	struct dot2_signed	*sd;
	struct sec_sign_opts	 o;
	enum reason		 r;

	if (dot2_parse(&d, x, xn, 0, NULL, rf->err, sizeof(rf->err)) !=
	    REASON_OK)
		return -1;
	sd = (struct dot2_signed *)dot2_first_signed(d);
	if (sd != NULL && rf->signer != NULL) {
		sec_sign_opts_init(&o, sd->header.psid);
		o.generation_time = rf->tai_us;
		if (sd->header.has_location) {
			o.has_location = 1;
			o.location = sd->header.location;
		}
		r = sec_sign(rf->signer, &o, pay, n, out, rf->err,
		    sizeof(rf->err));
		dot2_free(d);
		if (r == REASON_OK)
			rf->n_signed++;
		return r == REASON_OK ? 0 : -1;
	}
	in = d;
	if (sd != NULL) {
		if (sd->header.has_generation_time)
			sd->header.generation_time = rf->tai_us;
		in = sd->payload.data;
	}
	while (in != NULL && in->content != DOT2_UNSECURED && in->inner)
		in = in->inner;
	if (in == NULL || in->content != DOT2_UNSECURED) {
		snprintf(rf->err, sizeof(rf->err), "1609.2 content %s not "
		    "rewritten", in ? dot2_content_str(in->content) : "none");
		dot2_free(d);
		return -1;
	}
	in->opaque.p = pay;
	in->opaque.len = n;
	r = dot2_build(out, d);
	dot2_free(d);
	return r == REASON_OK ? 0 : -1;
}

/* A GeoNetworking packet rebuilt with message msg (and tst). */
static int
regn(struct refresh *rf, const uint8_t *p, size_t n, const uint8_t *msg,
    size_t mn, struct buf *out)
{
	struct gn_packet	 g;
	struct buf		 inner, pay, sec;
	struct dot2_data	*d = NULL;
	struct dot2_bytes	 db;
	int			 rc = -1;

	buf_init(&inner);
	buf_init(&pay);
	buf_init(&sec);
	if (gn_parse(p, n, &g) != REASON_OK)
		goto done;
	if (g.secured != NULL) {
		if (dot2_parse(&d, g.secured, g.secured_len, 0, NULL, rf->err,
		    sizeof(rf->err)) != REASON_OK ||
		    dot2_payload(d, &db) != REASON_OK ||
		    gn_parse_inner(db.p, db.len, &g) != REASON_OK)
			goto done;
	}
	if (!g.has_common || g.pl < BTP_HDR_LEN ||
	    (g.nh != GN_NH_BTP_A && g.nh != GN_NH_BTP_B))
		goto done;
	g.so.tst = (uint32_t)(rf->tai_us / 1000);
	buf_add(&pay, g.payload, BTP_HDR_LEN);
	buf_add(&pay, msg, mn);
	g.payload = (const uint8_t *)pay.p;
	g.pl = pay.len;
	if (g.secured == NULL) {
		rc = gn_build(out, &g);
		goto done;
	}
	if (gn_build_inner(&inner, &g) == -1 ||
	    redot2(rf, g.secured, g.secured_len, (const uint8_t *)inner.p,
	    inner.len, &sec) == -1)
		goto done;
	g.secured = (const uint8_t *)sec.p;
	g.secured_len = sec.len;
	rc = gn_build(out, &g);
done:
	if (d != NULL)
		dot2_free(d);
	buf_free(&inner);
	buf_free(&pay);
	buf_free(&sec);
	return rc;
}

int
refresh_frame(struct refresh *rf, int dlt, const uint8_t *p, size_t n,
    int64_t now_ns, struct buf *out)
{
	struct link_frame	 lf;
	struct wsmp_hdr		 w;
	struct buf		 msg, net, wsm;
	time_t			 s = now_ns / NS_PER_S;
	struct tm		 tm;
	int			 rc = -1, k;

	gmtime_r(&s, &tm);
	rf->dsecond = (long)(tm.tm_sec * 1000 + (now_ns / 1000000) % 1000);
	rf->moy = ((long)tm.tm_yday * 24 + tm.tm_hour) * 60 + tm.tm_min;
	rf->tai_us = sim_tai_us(now_ns);
	buf_reset(out);
	if (peel_frame(&rf->pl, dlt, p, n, 0) != REASON_OK ||
	    rf->pl.msg.value == NULL) {
		rf->n_same++;
		return 1;
	}
	buf_init(&msg);
	buf_init(&net);
	buf_init(&wsm);
	k = rewrite_msg(rf, &rf->pl.msg, &msg);
	if (k == 0 && rf->signer != NULL && rf->pl.dot2 != NULL &&
	    rf->pl.raw != NULL) {
		/* no time fields, but signed: sign it anew as it is */
		buf_add(&msg, rf->pl.raw, rf->pl.raw_len);
		k = 1;
	}
	if (k <= 0) {
		if (k == 0)
			rf->n_same++;
		else
			rf->n_failed++;
		rc = k == 0 ? 1 : -1;
		goto done;
	}
	if (link_parse(dlt, p, n, &lf) != REASON_OK)
		goto fail;
	if (lf.ethertype == LINK_ET_WSMP) {
		if (wsmp_parse(lf.payload, lf.payload_len, &w) != REASON_OK)
			goto fail;
		if (w.payload_len > 0 && w.payload[0] == 3) {
			if (redot2(rf, w.payload, w.payload_len,
			    (const uint8_t *)msg.p, msg.len, &net) == -1)
				goto fail;
		} else
			buf_add(&net, msg.p, msg.len);
		w.payload = (const uint8_t *)net.p;
		w.payload_len = net.len;
		if (wsmp_build(&wsm, &w) == -1)
			goto fail;
	} else if (lf.ethertype == LINK_ET_GN) {
		if (regn(rf, lf.payload, lf.payload_len,
		    (const uint8_t *)msg.p, msg.len, &wsm) == -1)
			goto fail;
	} else {
		snprintf(rf->err, sizeof(rf->err), "not WSMP nor "
		    "GeoNetworking");
		goto fail;
	}
	lf.payload = (const uint8_t *)wsm.p;
	lf.payload_len = wsm.len;
	if (link_build(out, &lf) == -1 || out->oom)
		goto fail;
	rf->n_ok++;
	rc = 0;
	goto done;
fail:
	if (rf->err[0] == '\0')
		snprintf(rf->err, sizeof(rf->err), "rebuild failed");
	rf->n_failed++;
done:
	buf_free(&msg);
	buf_free(&net);
	buf_free(&wsm);
	peel_clear(&rf->pl);
	return rc;
}
