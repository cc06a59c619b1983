/*
 * btp.c: ETSI EN 302 636-5-1 v2.2.1 Basic Transport Protocol headers
 * (clause 7: BTP-A, BTP-B) and the port registry of ETSI TS 103 248
 * v2.1.1 (2021-08).
 */
#include <string.h>

#include "btp.h"
#include "buf.h"
#include "bytes.h"
#include "jer.h"
#include "reason.h"

/* TS 103 248 table 2; messageIDs from TS 102 894-2 ItsPduHeader. */
static const struct btp_port ports[] = {
	{ BTP_PORT_CAM,		"CA",		"CAM",		2 },
	{ BTP_PORT_DENM,	"DEN",		"DENM",		1 },
	{ BTP_PORT_MAPEM,	"RLT",		"MAPEM",	5 },
	{ BTP_PORT_SPATEM,	"TLM",		"SPATEM",	4 },
	{ BTP_PORT_SAEM,	"SA",		"SAEM",		12 },
	{ BTP_PORT_IVIM,	"IVI",		"IVIM",		6 },
	{ BTP_PORT_SREM,	"TLC",		"SREM",		9 },
	{ BTP_PORT_SSEM,	"TLC",		"SSEM",		10 },
	{ BTP_PORT_CPM,		"CP",		"CPM",		14 },
	{ BTP_PORT_EVCSN,	"EVCSN POI",	"EVCSN",	11 },
	{ BTP_PORT_TPG,		"TPG",		"TISTPG",	8 },
	{ BTP_PORT_CHARGING,	"Charging",	"EV-RSR",	7 },
	{ BTP_PORT_RTCMEM,	"GPC",		"RTCMEM",	13 },
	{ BTP_PORT_CTL,		"CTL",		"CTLM",		-1 },
	{ BTP_PORT_CRL,		"CRL",		"CRLM",		-1 },
	{ BTP_PORT_CERTREQ,	"Certificate request", "CertificateRequest",
	    -1 },
	{ BTP_PORT_MCD,		"MCD",		"MCDM",		-1 },
	{ BTP_PORT_VAM,		"VA",		"VAM",		16 },
	{ BTP_PORT_IMZM,	"IMZ",		"IMZM",		15 },
};

const struct btp_port *
btp_port_find(uint16_t port)
{
	size_t	 i;

	for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (ports[i].port == port)
			return &ports[i];
	return NULL;
}

const char *
btp_port_name(uint16_t port)
{
	const struct btp_port *bp = btp_port_find(port);

	return bp != NULL ? bp->message : NULL;
}

const struct btp_port *
btp_service(const struct btp_hdr *h)
{
	const struct btp_port *bp = btp_port_find(h->dst_port);

	if (bp == NULL && h->type == BTP_A)
		bp = btp_port_find(h->src_port);
	return bp;
}

enum reason
btp_parse(const uint8_t *p, size_t n, int type, struct btp_hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (type != BTP_A && type != BTP_B)
		return REASON_UNKNOWN_TYPE;
	h->type = type;
	if (n < BTP_HDR_LEN)
		return REASON_TRUNCATED;
	h->dst_port = rd_be16(p);
	if (type == BTP_A)
		h->src_port = rd_be16(p + 2);
	else
		h->dst_port_info = rd_be16(p + 2);
	h->payload = p + BTP_HDR_LEN;
	h->payload_len = n - BTP_HDR_LEN;
	return REASON_OK;
}

int
btp_build(struct buf *b, const struct btp_hdr *h)
{
	uint16_t	 second;

	if (h->type == BTP_A)
		second = h->src_port;
	else if (h->type == BTP_B)
		second = h->dst_port_info;
	else
		return -1;
	buf_add_be16(b, h->dst_port);
	buf_add_be16(b, second);
	if (h->payload != NULL)
		buf_add(b, h->payload, h->payload_len);
	return b->oom ? -1 : 0;
}

void
btp_json(struct buf *b, const struct btp_hdr *h)
{
	const struct btp_port *bp = btp_service(h);

	buf_addf(b, "{\"layer\":\"btp\",\"type\":\"%s\",\"dstPort\":%u",
	    h->type == BTP_A ? "A" : "B", h->dst_port);
	if (h->type == BTP_A)
		buf_addf(b, ",\"srcPort\":%u", h->src_port);
	else
		buf_addf(b, ",\"dstPortInfo\":%u", h->dst_port_info);
	if (bp != NULL) {
		buf_adds(b, ",\"service\":");
		jer_string(b, bp->message, strlen(bp->message));
	}
	buf_addc(b, '}');
}
