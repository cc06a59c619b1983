/*
 * peel.c: the receive pipeline from a frame, a datagram or bytes down to a
 * decoded message, recording every layer it peels (see peel.h).  Each
 * envelope's parser lives in its own module (link, wsmp, gn, btp, fwd,
 * dot2); this file only chooses the next one.
 */
#include <stdio.h>
#include <string.h>

#include "btp.h"
#include "dot2.h"
#include "fwd.h"
#include "gn.h"
#include "ifm.h"
#include "jer.h"
#include "link.h"
#include "peel.h"
#include "wsmp.h"

#define PEEL_MAX_DEPTH	8	/* envelopes inside envelopes */

static enum reason peel_any(struct peel *, const uint8_t *, size_t, int);

void
peel_init(struct peel *pe)
{
	memset(pe, 0, sizeof(*pe));
	buf_init(&pe->layers);
	buf_init(&pe->scratch);
	buf_init(&pe->warnings);
	pe->btp_port = -1;
	pe->msg.id = -1;
}

void
peel_clear(struct peel *pe)
{
	struct buf	 keep = pe->layers, scratch = pe->scratch;
	struct buf	 warnings = pe->warnings;

	int		 i;

	msg_clear(&pe->msg);
	dot2_free(pe->dot2);
	for (i = 0; i < pe->ndot2_more; i++)
		dot2_free(pe->dot2_more[i]);
	memset(pe, 0, sizeof(*pe));
	pe->layers = keep;
	pe->scratch = scratch;
	pe->warnings = warnings;
	buf_reset(&pe->layers);
	buf_reset(&pe->scratch);
	buf_reset(&pe->warnings);
	pe->btp_port = -1;
	pe->msg.id = -1;
}

void
peel_free(struct peel *pe)
{
	peel_clear(pe);
	buf_free(&pe->layers);
	buf_free(&pe->scratch);
	buf_free(&pe->warnings);
}

/* Start the next object of the "layers" array. */
static struct buf *
layer(struct peel *pe)
{
	if (pe->nlayers++ > 0)
		buf_addc(&pe->layers, ',');
	return &pe->layers;
}

/* A value the standard forbids, kept: the frame still goes on. */
static void
warn(struct peel *pe, const char *layer_, const char *why)
{
	char	 w[160];

	snprintf(w, sizeof(w), "%s: %s", layer_, why);
	if (pe->nwarnings++ > 0)
		buf_addc(&pe->warnings, ',');
	jer_string(&pe->warnings, w, strlen(w));
}

static enum reason
fail(struct peel *pe, enum peel_stage stage, enum reason r, const char *what,
    const char *err)
{
	pe->stage = stage;
	pe->reason = r;
	snprintf(pe->detail, sizeof(pe->detail), "%s%s%s", what,
	    err != NULL && *err ? ": " : "", err != NULL ? err : "");
	return r;
}

/* The message itself, of a family the envelopes told (or FAMILY_ANY). */
static enum reason
peel_message(struct peel *pe, const uint8_t *p, size_t n, enum msg_family fam)
{
	char		 err[256];
	enum reason	 r;

	pe->raw = p;
	pe->raw_len = n;
	if (fam != FAMILY_ANY)
		pe->family = fam;
	if (pe->known_type != NULL) {	/* recognised, not decoded: CPM */
		pe->stage = PEEL_DONE;
		return pe->reason = REASON_OK;
	}
	if (pe->flags & PEEL_NODECODE) {
		pe->stage = PEEL_DONE;
		return pe->reason = REASON_OK;
	}
	err[0] = '\0';
	if ((r = msg_decode(&pe->msg, fam, NULL, p, n, err, sizeof(err))) !=
	    REASON_OK)
		return fail(pe, PEEL_MESSAGE, r, "message", err);
	pe->family = pe->msg.family;
	pe->stage = PEEL_DONE;
	return pe->reason = REASON_OK;
}

/* BTP and the ETSI message behind it. */
static enum reason
peel_btp(struct peel *pe, const uint8_t *p, size_t n, int type)
{
	const struct btp_port *port;
	struct btp_hdr	 b;
	enum reason	 r;

	if ((r = btp_parse(p, n, type, &b)) != REASON_OK)
		return fail(pe, PEEL_ENVELOPE, r, "BTP header", NULL);
	btp_json(layer(pe), &b);
	port = btp_service(&b);
	pe->btp_port = port != NULL ? port->port : b.dst_port;
	if (port != NULL && port->message != NULL &&
	    msg_type_find(port->message, FAMILY_ETSI, NULL) == NULL)
		pe->known_type = port->message;
	return peel_message(pe, b.payload, b.payload_len, FAMILY_ETSI);
}

/* 1609.2: record it (the outermost is kept for verification), then what it
 * carries: a message, or for GeoNetworking the rest of the packet. */
static enum reason
peel_dot2(struct peel *pe, const uint8_t *p, size_t n, struct dot2_data **out)
{
	const struct dot2_signed *sd;
	struct dot2_data *d;
	char		 err[256];
	enum reason	 r;
	size_t		 used;

	err[0] = '\0';
	r = dot2_parse(&d, p, n, (pe->flags & PEEL_LENIENT) ? DOT2_LENIENT : 0,
	    &used, err, sizeof(err));
	if (r != REASON_OK)
		return fail(pe, PEEL_SECURITY, r, "IEEE 1609.2", err);
	dot2_json(layer(pe), d);
	if ((sd = dot2_first_signed(d)) != NULL) {
		pe->has_psid = 1;
		pe->psid = (uint32_t)sd->header.psid;
	}
	if (pe->dot2 == NULL)
		pe->dot2 = d;
	else if (pe->ndot2_more < (int)(sizeof(pe->dot2_more) /
	    sizeof(pe->dot2_more[0])))
		pe->dot2_more[pe->ndot2_more++] = d;
	else {
		dot2_free(d);
		return fail(pe, PEEL_SECURITY, REASON_TOO_DEEP,
		    "IEEE 1609.2 nested too deep", NULL);
	}
	*out = d;
	return REASON_OK;
}

static enum reason
peel_gn(struct peel *pe, const uint8_t *p, size_t n, int depth)
{
	struct gn_packet g;
	struct dot2_data *d;
	struct dot2_bytes inner;
	const char	*why = NULL;
	enum reason	 r;

	if ((r = gn_parse(p, n, &g)) != REASON_OK)
		return fail(pe, PEEL_ENVELOPE, r, "GeoNetworking", NULL);
	if (g.secured != NULL) {
		gn_json(layer(pe), &g);
		if ((r = peel_dot2(pe, g.secured, g.secured_len, &d)) !=
		    REASON_OK)
			return r;
		if ((r = dot2_payload(d, &inner)) != REASON_OK)
			return fail(pe, PEEL_SECURITY, r,
			    "IEEE 1609.2 payload", NULL);
		if ((r = gn_parse_inner(inner.p, inner.len, &g)) != REASON_OK)
			return fail(pe, PEEL_ENVELOPE, r,
			    "GeoNetworking (secured part)", NULL);
	}
	/* Secured: the basic header was listed before the 1609.2 layer;
	 * now the whole packet, with the headers from its signed part. */
	gn_json(layer(pe), &g);
	if (gn_check(&g, &why) != REASON_OK)
		warn(pe, "gn", why != NULL ? why : "a value out of range");
	(void)depth;
	switch (g.nh) {
	case GN_NH_BTP_A:
		return peel_btp(pe, g.payload, g.pl, BTP_A);
	case GN_NH_BTP_B:
		return peel_btp(pe, g.payload, g.pl, BTP_B);
	default:
		pe->stage = PEEL_ENVELOPE;
		return pe->reason = REASON_NOT_V2X;	/* beacon, IPv6... */
	}
}

static enum reason
peel_wsmp(struct peel *pe, const uint8_t *p, size_t n, int depth)
{
	struct wsmp_hdr	 w;
	enum reason	 r;

	if ((r = wsmp_parse(p, n, &w)) != REASON_OK)
		return fail(pe, PEEL_ENVELOPE, r, "WSMP", NULL);
	wsmp_json(layer(pe), &w);
	pe->has_psid = 1;
	pe->psid = w.psid;
	return peel_any(pe, w.payload, w.payload_len, depth + 1);
}

/* What WSMP, a forward wrapper or 1609.2 carries, by its first octets. */
static enum reason
peel_any(struct peel *pe, const uint8_t *p, size_t n, int depth)
{
	struct dot2_data *d;
	struct dot2_bytes inner;
	enum reason	 r;

	if (depth > PEEL_MAX_DEPTH)
		return fail(pe, PEEL_ENVELOPE, REASON_TOO_DEEP,
		    "envelopes nested too deep", NULL);
	if (n == 0)
		return fail(pe, PEEL_ENVELOPE, REASON_TRUNCATED, "no payload",
		    NULL);
	if (p[0] == 0x03 && n > 1 && (p[1] & 0x80)) {	/* 1609.2 v3 */
		if ((r = peel_dot2(pe, p, n, &d)) != REASON_OK)
			return r;
		if ((r = dot2_payload(d, &inner)) != REASON_OK)
			return fail(pe, PEEL_SECURITY, r,
			    "IEEE 1609.2 payload", "no data to peel");
		return peel_any(pe, inner.p, inner.len, depth + 1);
	}
	if ((p[0] & 0x07) == 3 && (p[0] >> 4) <= 3)	/* WSMP v3 */
		return peel_wsmp(pe, p, n, depth);
	if ((p[0] >> 4) == 1 && (p[0] & 0x0f) <= 2)	/* GN basic header */
		return peel_gn(pe, p, n, depth);
	return peel_message(pe, p, n, FAMILY_ANY);
}

enum reason
peel_bytes(struct peel *pe, const uint8_t *p, size_t n, unsigned flags)
{
	peel_clear(pe);
	pe->flags = flags;
	return peel_any(pe, p, n, 0);
}

/* One candidate reading of a datagram. */
static enum reason
peel_cand(struct peel *pe, const uint8_t *p, size_t n,
    const struct fwd_cand *c)
{
	struct ifm_msg	 ifm;
	enum reason	 r;
	long		 got;

	fwd_json(layer(pe), p, c);
	switch (c->kind) {
	case FWD_IFM:
		if ((r = ifm_parse(p, n, &ifm)) != REASON_OK)
			return fail(pe, PEEL_ENVELOPE, r, "immediate forward",
			    NULL);
		ifm_json(layer(pe), &ifm);
		pe->has_psid = 1;
		pe->psid = ifm.psid;
		if (buf_reserve(&pe->scratch, ifm.payload_hex.len / 2 + 1) == -1)
			return fail(pe, PEEL_ENVELOPE, REASON_NOMEM,
			    "immediate forward", NULL);
		if ((got = hex_decode(ifm.payload_hex.p, ifm.payload_hex.len,
		    (uint8_t *)pe->scratch.p, pe->scratch.cap)) < 0)
			return fail(pe, PEEL_ENVELOPE, REASON_BAD_HEX,
			    "immediate forward payload", NULL);
		return peel_any(pe, (uint8_t *)pe->scratch.p, (size_t)got, 1);
	default:
		return peel_any(pe, p + c->off, c->len, 1);
	}
}

enum reason
peel_datagram(struct peel *pe, const uint8_t *p, size_t n, unsigned flags)
{
	struct fwd_result fr;
	struct peel	 first;
	size_t		 i;
	enum reason	 r;

	peel_clear(pe);
	pe->flags = flags;
	if (fwd_classify(p, n, &fr) != REASON_OK || fr.n == 0)
		return peel_any(pe, p, n, 0);	/* GN over UDP and the like */
	/* Candidates come best first; keep the first one's failure to
	 * report if none works. */
	peel_init(&first);
	for (i = 0; i < fr.n; i++) {
		if (i > 0)
			peel_clear(pe);
		pe->flags = flags;
		if ((r = peel_cand(pe, p, n, &fr.c[i])) == REASON_OK) {
			peel_free(&first);
			return r;
		}
		if (i == 0) {
			first = *pe;	/* takes its buffers and results */
			peel_init(pe);
		}
	}
	peel_free(pe);
	*pe = first;
	return pe->reason;
}

enum reason
peel_frame(struct peel *pe, int dlt, const uint8_t *p, size_t n,
    unsigned flags)
{
	struct link_frame lf;
	enum reason	 r;

	peel_clear(pe);
	pe->flags = flags;
	if ((r = link_parse(dlt, p, n, &lf)) != REASON_OK)
		return fail(pe, PEEL_LINK, r, "link", lf.why);
	link_json(layer(pe), &lf);
	if (lf.layers & LINK_L_UDP) {
		struct buf keep = pe->layers;
		int nl = pe->nlayers;

		/* peel_datagram starts afresh: keep the link layers. */
		pe->layers.p = NULL;
		buf_init(&pe->layers);
		r = peel_datagram(pe, lf.payload, lf.payload_len, flags);
		if (pe->nlayers > 0) {
			buf_addc(&keep, ',');
			buf_add(&keep, pe->layers.p, pe->layers.len);
		}
		buf_free(&pe->layers);
		pe->layers = keep;
		pe->nlayers += nl;
		return r;
	}
	switch (lf.ethertype) {
	case LINK_ET_WSMP:
		return peel_wsmp(pe, lf.payload, lf.payload_len, 0);
	case LINK_ET_GN:
		return peel_gn(pe, lf.payload, lf.payload_len, 0);
	default:
		pe->stage = PEEL_LINK;
		snprintf(pe->detail, sizeof(pe->detail),
		    "ethertype 0x%04x carries no V2X message", lf.ethertype);
		return pe->reason = REASON_NOT_V2X;
	}
}
