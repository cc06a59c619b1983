/*
 * peel.h: the receive pipeline of DESIGN.md up to the message: a frame from
 * a capture (by its link type), a UDP datagram from an RSU or a controller,
 * or bytes of unknown framing, peeled through link, IP/UDP, RSU forward
 * wrappers, WSMP (IEEE 1609.3), GeoNetworking/BTP (EN 302 636), the IEEE
 * 1609.2 / TS 103 097 structure, down to the UPER message, which is decoded.
 * Verification is a separate stage (the caller's policy decides).
 */
#ifndef PEEL_H
#define PEEL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "msg.h"
#include "reason.h"

struct dot2_data;

#define PEEL_LENIENT	0x01	/* recover what a strict parser refuses
				 * (1609.2 lengths that lie), and say so */
#define PEEL_NODECODE	0x02	/* stop at the message bytes */

/* What a frame or datagram was found to carry. */
enum peel_stage {
	PEEL_LINK = 0,		/* failed in the link / IP / UDP headers */
	PEEL_ENVELOPE,		/* in WSMP, GeoNetworking, BTP, a wrapper */
	PEEL_SECURITY,		/* in the 1609.2 structure */
	PEEL_MESSAGE,		/* in the message itself */
	PEEL_DONE
};

struct peel {
	/* Results, valid after peel_*() whatever it returned. */
	enum reason		 reason;	/* REASON_OK, or why it stopped */
	enum peel_stage		 stage;		/* where it stopped */
	char			 detail[256];
	struct buf		 layers;	/* JSON array of layer objects */
	int			 nlayers;

	/* What the layers say about the message. */
	enum msg_family		 family;	/* by PSID / BTP port / content */
	int			 has_psid;
	uint32_t		 psid;		/* WSMP, 1609.2 or wrapper */
	int			 btp_port;	/* -1 if none */
	const char		*known_type;	/* a type recognised by its port
						 * or id but not decoded (CPM) */
	struct dot2_data	*dot2;		/* outermost 1609.2 data, or NULL */
	const uint8_t		*raw;		/* the message bytes */
	size_t			 raw_len;
	struct msg		 msg;		/* the decoded message */
	unsigned		 flags;
	struct buf		 scratch;	/* bytes decoded from text (the
						 * immediate forward payload) */
	struct buf		 warnings;	/* JSON strings, comma-separated:
						 * values a layer should not hold,
						 * flagged, not rejected */
	int			 nwarnings;
	struct dot2_data	*dot2_more[8];	/* inner 1609.2 layers, freed
						 * with the peel */
	int			 ndot2_more;
};

void		 peel_init(struct peel *);
/* Release what the last peel_*() kept; the struct can be reused. */
void		 peel_clear(struct peel *);
void		 peel_free(struct peel *);	/* peel_clear, then the buffers */

/* A captured frame of pcap link type dlt (LINK_* of link.h). */
enum reason	 peel_frame(struct peel *, int dlt, const uint8_t *p, size_t n,
		    unsigned flags);
/* A UDP payload as RSUs and back offices send them. */
enum reason	 peel_datagram(struct peel *, const uint8_t *p, size_t n,
		    unsigned flags);
/* Bytes of unknown framing: WSMP, GeoNetworking, 1609.2, an ETSI
 * ItsPduHeader or a J2735 MessageFrame, by what the first octets allow. */
enum reason	 peel_bytes(struct peel *, const uint8_t *p, size_t n,
		    unsigned flags);

/* REASON_NOT_V2X means the frame carries no V2X message at all (other
 * traffic): count and skip it, it is not a failure. */

#endif
