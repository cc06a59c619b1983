/*
 * gn.h: ETSI EN 302 636-4-1 v1.4.1 (2020-01) GeoNetworking packets: the
 * basic header, the common header and the extended headers of every packet
 * type (clause 9), parsed in place and built back byte for byte.
 */
#ifndef GN_H
#define GN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define GN_VERSION	1	/* itsGnProtocolVersion (annex H) */
#define GN_BH_LEN	4	/* basic header, clause 9.6 */
#define GN_CH_LEN	8	/* common header, clause 9.7 */
#define GN_ADDR_LEN	8	/* GN_ADDR, clause 6.3 */
#define GN_LPV_LEN	24	/* long position vector, clause 9.5.2 */
#define GN_SPV_LEN	20	/* short position vector, clause 9.5.3 */

/* Basic header Next Header (clause 9.6.3, table 6). */
enum gn_bh_nh {
	GN_BH_ANY = 0,
	GN_BH_COMMON = 1,
	GN_BH_SECURED = 2	/* a TS 103 097 / 1609.2 packet follows */
};

/* Common header Next Header (clause 9.7.3, table 7). */
enum gn_nh {
	GN_NH_ANY = 0,
	GN_NH_BTP_A = 1,
	GN_NH_BTP_B = 2,
	GN_NH_IPV6 = 3
};

/* Header type (clause 9.7.4, table 9) and the subtypes used with it. */
enum gn_ht {
	GN_HT_ANY = 0,
	GN_HT_BEACON = 1,
	GN_HT_GUC = 2,		/* GeoUnicast */
	GN_HT_GAC = 3,		/* GeoAnycast */
	GN_HT_GBC = 4,		/* GeoBroadcast */
	GN_HT_TSB = 5,		/* topologically-scoped broadcast */
	GN_HT_LS = 6		/* location service */
};
#define GN_HST_CIRCLE		0	/* GAC, GBC */
#define GN_HST_RECT		1
#define GN_HST_ELLIPSE		2
#define GN_HST_SHB		0	/* TSB: single-hop broadcast */
#define GN_HST_MULTIHOP		1	/* TSB: multi-hop */
#define GN_HST_LS_REQUEST	0	/* LS */
#define GN_HST_LS_REPLY		1

/* Traffic class octet (clause 9.7.5): SCF, channel offload, TC ID. */
#define GN_TC_SCF		0x80
#define GN_TC_OFFLOAD		0x40
#define GN_TC_ID(tc)		((tc) & 0x3f)
/* Flags octet (clause 9.7.6): bit 0 says the station is mobile. */
#define GN_FLAG_MOBILE		0x80

/* GN_ADDR (clause 6.3): M, ITS-S type, 10 reserved bits (the country code
 * of v1.2.1), MID (a link-layer address). */
struct gn_addr {
	uint8_t		 manual;	/* 0 or 1 */
	uint8_t		 station_type;	/* 0..31 */
	uint16_t	 reserved;	/* 0..1023 */
	uint8_t		 mid[6];
};

/* Long position vector (clause 9.5.2).  lat, lon in 1/10 microdegree,
 * speed in 0.01 m/s (15-bit signed), heading in 0.1 degree. */
struct gn_lpv {
	struct gn_addr	 addr;
	uint32_t	 tst;		/* ms, TAI modulo 2^32 */
	int32_t		 lat;
	int32_t		 lon;
	uint8_t		 pai;		/* position accuracy indicator, 0 or 1 */
	int16_t		 speed;		/* -16384..16383 */
	uint16_t	 heading;
};

/* Short position vector (clause 9.5.3). */
struct gn_spv {
	struct gn_addr	 addr;
	uint32_t	 tst;
	int32_t		 lat;
	int32_t		 lon;
};

/* GeoArea of GAC and GBC (clause 9.8.5, EN 302 931): centre in 1/10
 * microdegree, distances a, b in metres, angle in degrees from north. */
struct gn_area {
	int32_t		 lat;
	int32_t		 lon;
	uint16_t	 a;
	uint16_t	 b;
	uint16_t	 angle;
	uint16_t	 reserved;
};

/*
 * One GeoNetworking packet.  Every field of every header is kept, reserved
 * ones included, so that gn_build() gives back the parsed bytes.  Pointers
 * point into the parsed buffer.  Which extended fields mean something
 * depends on ht/hst: sn and ext_reserved for GUC, GAC, GBC, multi-hop TSB
 * and LS; de for GUC and LS reply; area for GAC and GBC; ls_addr for LS
 * request; mdd for SHB.
 */
struct gn_packet {
	/* basic header (clause 9.6) */
	uint8_t		 version;	/* 4 bits */
	uint8_t		 bh_nh;		/* 4 bits, enum gn_bh_nh */
	uint8_t		 bh_reserved;
	uint8_t		 lt_mult;	/* lifetime multiplier, 6 bits */
	uint8_t		 lt_base;	/* 0: 50 ms, 1: 1 s, 2: 10 s, 3: 100 s */
	uint8_t		 rhl;		/* remaining hop limit */

	/* bh_nh == GN_BH_SECURED: the Ieee1609Dot2Data after the basic
	 * header, to the end of the input (its own encoding says where it
	 * ends).  secured_off is its offset in the parsed buffer. */
	const uint8_t	*secured;
	size_t		 secured_off;
	size_t		 secured_len;

	/* set when the common header and what follows were parsed */
	int		 has_common;

	/* common header (clause 9.7) */
	uint8_t		 nh;		/* 4 bits, enum gn_nh */
	uint8_t		 ch_reserved1;	/* 4 bits */
	uint8_t		 ht;		/* 4 bits, enum gn_ht */
	uint8_t		 hst;		/* 4 bits */
	uint8_t		 tc;		/* traffic class, GN_TC_* */
	uint8_t		 flags;		/* GN_FLAG_MOBILE, reserved bits */
	uint16_t	 pl;		/* payload length */
	uint8_t		 mhl;		/* maximum hop limit */
	uint8_t		 ch_reserved2;

	/* extended header (clause 9.8) */
	uint16_t	 sn;		/* sequence number */
	uint16_t	 ext_reserved;	/* after SN */
	struct gn_lpv	 so;		/* source position vector */
	struct gn_spv	 de;		/* destination position vector */
	struct gn_area	 area;
	struct gn_addr	 ls_addr;	/* LS request: the address sought */
	uint32_t	 mdd;		/* SHB media-dependent data (DCC-MCO) */

	/* payload: pl bytes (BTP header, or IPv6), in the parsed buffer */
	const uint8_t	*payload;
	size_t		 hdr_len;	/* of the headers parsed by this call:
					 * from the common header for
					 * gn_parse_inner */
	size_t		 trailing;	/* bytes after the payload (link
					 * padding), gn_parse only */
};

/*
 * Parse a GeoNetworking packet p[0..n) into out (no allocation; pointers
 * into p).  A secured packet (bh_nh == GN_BH_SECURED) stops after the
 * basic header with out->secured set and has_common 0: unwrap the 1609.2
 * data and go on with gn_parse_inner() on its payload.
 * TRUNCATED: input ends inside a header, or nothing follows a secured
 * basic header; BAD_LENGTH: the payload length says more than there is;
 * UNKNOWN_VERSION: version != 1 (out->version holds it); UNKNOWN_TYPE:
 * a next header, header type or subtype the standard does not define;
 * UNSUPPORTED: basic next header "any".  Bytes after the payload (link
 * padding) are allowed and counted in out->trailing.
 */
enum reason	 gn_parse(const uint8_t *p, size_t n, struct gn_packet *out);

/* Parse the common header, the extended header and the payload from
 * p[0..n), the payload of a secured packet, into out (which keeps the
 * basic header of gn_parse).  The payload length must match exactly:
 * BAD_LENGTH otherwise.  Other reasons as gn_parse. */
enum reason	 gn_parse_inner(const uint8_t *p, size_t n,
		    struct gn_packet *out);

/* Append the packet: the basic header, then for GN_BH_SECURED the
 * secured bytes (if secured is not NULL), else what gn_build_inner()
 * appends.  0, or -1 on a field out of range or a type without layout. */
int		 gn_build(struct buf *, const struct gn_packet *);

/* Append the common header, the extended header and, if payload is not
 * NULL, pl payload bytes (otherwise the caller appends them): the part a
 * secured packet signs.  0 or -1. */
int		 gn_build_inner(struct buf *, const struct gn_packet *);

/* Length of the common plus extended header of a type, 0 if none. */
size_t		 gn_inner_hdr_len(uint8_t ht, uint8_t hst);

/* Lifetime in milliseconds. */
unsigned long	 gn_lifetime_ms(const struct gn_packet *);

/* Lifetime fields for a duration: the smallest base that represents ms
 * exactly (or rounded up to the next step).  -1 beyond 6300 s. */
int		 gn_lifetime_set(struct gn_packet *, unsigned long ms);

/* Name of the packet type, e.g. "tsb-shb", "gbc-circle", "guc";
 * NULL for a type gn_parse rejects. */
const char	*gn_type_str(uint8_t ht, uint8_t hst);

/* BAD_VALUE if a field holds a value the standard forbids (latitude
 * beyond +-90 degrees, longitude beyond +-180, heading >= 360 degrees,
 * remaining hop limit above the maximum, an SHB whose maximum hop limit
 * is not 1, a beacon or LS packet with a payload); *why (may be NULL)
 * says which.  gn_parse does not check. */
enum reason	 gn_check(const struct gn_packet *, const char **why);

/*
 * Append one JSON object describing the packet, for a decoded message's
 * "layers" array:
 * {"layer":"gn","version":1,"nextHeader":"common"|"secured"|"any",
 *  "lifetime":{"multiplier":M,"base":B},"lifetimeMs":N,"hopLimit":RHL,
 *  ["secured":{"offset":4,"length":N},]
 *  then when the common header is known:
 *  "transport":"any"|"btp-a"|"btp-b"|"ipv6","type":"tsb-shb"|...,
 *  "trafficClass":{"scf":b,"channelOffload":b,"id":N},"mobile":b,
 *  "payloadLength":N,"maxHopLimit":N,["sequenceNumber":N,]
 *  "source":{"address":"hex16","manual":b,"stationType":N,"mid":"aa:..",
 *   "timestamp":ms,"lat":N,"long":N,"latDeg":D,"longDeg":D,"pai":b,
 *   "speed":N,"heading":N},
 *  ["destination":{address..., "timestamp","lat","long","latDeg","longDeg"},]
 *  ["requestedAddress":{"address":..,"manual":..,"stationType":..,"mid":..},]
 *  ["destinationArea":{"shape":"circle"|"rectangle"|"ellipse","lat":N,
 *   "long":N,"latDeg":D,"longDeg":D,"a":m,"b":m,"angle":deg},]
 *  ["mediaDependent":"hex8",]["trailing":N]}
 * lat/long: raw integers in 1/10 microdegree, and latDeg/longDeg the same
 * in degrees (7 decimals, exact); speed raw (0.01 m/s), heading raw (0.1
 * degree).  When a reserved field is not zero: "reserved":{"basic":N,
 * "common":[N,N],"flags":N,"extended":N}, and "reserved":N inside an
 * address or area.
 */
void		 gn_json(struct buf *, const struct gn_packet *);

#endif
