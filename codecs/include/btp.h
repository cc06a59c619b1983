/*
 * btp.h: ETSI EN 302 636-5-1 v2.2.1 (2019-05) Basic Transport Protocol:
 * BTP-A and BTP-B headers, and the well-known ports of ETSI TS 103 248
 * v2.1.1 (2021-08) with the ITS message each one carries.
 */
#ifndef BTP_H
#define BTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define BTP_HDR_LEN	4

/* Header types, numbered as the GeoNetworking next header (gn.h). */
enum btp_type {
	BTP_A = 1,		/* interactive: destination and source port */
	BTP_B = 2		/* non-interactive: destination port and info */
};

/* Well-known ports, TS 103 248 clause 5 (table 2). */
#define BTP_PORT_CAM	2001
#define BTP_PORT_DENM	2002
#define BTP_PORT_MAPEM	2003
#define BTP_PORT_SPATEM	2004
#define BTP_PORT_SAEM	2005
#define BTP_PORT_IVIM	2006
#define BTP_PORT_SREM	2007
#define BTP_PORT_SSEM	2008
#define BTP_PORT_CPM	2009
#define BTP_PORT_EVCSN	2010
#define BTP_PORT_TPG	2011
#define BTP_PORT_CHARGING 2012
#define BTP_PORT_RTCMEM	2013
#define BTP_PORT_CTL	2014
#define BTP_PORT_CRL	2015
#define BTP_PORT_CERTREQ 2016
#define BTP_PORT_MCD	2017
#define BTP_PORT_VAM	2018
#define BTP_PORT_IMZM	2019

struct btp_hdr {
	int		 type;		/* BTP_A or BTP_B */
	uint16_t	 dst_port;
	uint16_t	 src_port;	/* BTP-A */
	uint16_t	 dst_port_info;	/* BTP-B */
	const uint8_t	*payload;	/* into the parsed buffer */
	size_t		 payload_len;
};

/* A well-known port: the service of TS 103 248, the message it carries
 * (ASN.1 name as in our registry) and the ItsPduHeader messageID of that
 * message (TS 102 894-2), -1 when it has none. */
struct btp_port {
	uint16_t	 port;
	const char	*service;	/* e.g. "CA" */
	const char	*message;	/* e.g. "CAM" */
	int		 msgid;		/* e.g. 2 */
};

/* Parse a BTP header of type (BTP_A or BTP_B: the GN next header) from
 * p[0..n); the rest is the payload.  TRUNCATED, UNKNOWN_TYPE. */
enum reason	 btp_parse(const uint8_t *p, size_t n, int type,
		    struct btp_hdr *out);

/* Append the header and, if payload is not NULL, payload_len bytes.
 * 0, or -1 for an unknown type. */
int		 btp_build(struct buf *, const struct btp_hdr *);

/* The well-known port, NULL if port is not one. */
const struct btp_port *btp_port_find(uint16_t port);

/* Message name for a port, e.g. "CAM" for 2001; NULL if not well known. */
const char	*btp_port_name(uint16_t port);

/* The service port of a header: BTP-B its destination; BTP-A the
 * destination, or the source if only that one is well known (a reply). */
const struct btp_port *btp_service(const struct btp_hdr *);

/* Append one JSON object for a decoded message's "layers" array:
 * {"layer":"btp","type":"A"|"B","dstPort":N,("srcPort":N|"dstPortInfo":N)
 *  [,"service":"CAM"]}; service is the message the port carries. */
void		 btp_json(struct buf *, const struct btp_hdr *);

#endif
