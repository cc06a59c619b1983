/*
 * wsmp.h: IEEE 1609.3-2016 / 1609.3-2020 WAVE Short Message Protocol,
 * version 3 (clause 8.3): the WSMP-N-Header with its WAVE information
 * element extensions, the TPID, the WSMP-T-Header (PSID, WSM length) and
 * the WSM data.  Parsed in place, built back byte for byte.
 */
#ifndef WSMP_H
#define WSMP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

#define WSMP_ETHERTYPE		0x88dc	/* IEEE 802 EtherType of WSMP */
#define WSMP_VERSION		3	/* ShortMsgVersion of 1609.3-2016 */

/* Subtype (ShortMsgSubtype, 4 bits).  1609.3-2016 defines only 0; 2020
 * names 1..3, whose bodies we do not parse; 4..15 are reserved. */
#define WSMP_SUBTYPE_NULL	0	/* null networking */
#define WSMP_SUBTYPE_ITSFWD	1	/* ITS station-internal forwarding */
#define WSMP_SUBTYPE_NHOP	2	/* N-hop forwarding */
#define WSMP_SUBTYPE_GEO	3	/* GeoNetworking features */

/* TPID (ShortMsgTpdus: 7-bit alternative, then the presence bit of the
 * T-Header extensions).  0 and 1 are bcMode (a PSID); 2..5 are 2020's
 * ITS port and LPP forms, which we do not parse; the rest are reserved. */
#define WSMP_TPID_PSID		0
#define WSMP_TPID_PSID_EXT	1

/* WAVE element IDs of the N-Header extensions (clause 8.3.4, table 21). */
#define WSMP_EID_TXPOWER	4	/* Transmit Power Used, TXpower80211 */
#define WSMP_EID_CHANNEL	15	/* Channel Number, ChannelNumber80211 */
#define WSMP_EID_DATARATE	16	/* Data Rate, DataRate80211 */
#define WSMP_EID_CHANLOAD	23	/* Channel Load (2020) */

#define WSMP_MAX_EXT		8	/* other extensions kept per header */
#define WSMP_COUNT_MAX		16383	/* largest 1609.3 Length / Count */
#define WSMP_PSID_MAX		0x1020407fUL	/* largest p-encodable PSID */

/* Parse flags (wsmp_hdr.flags). */
#define WSMP_F_ORDER	0x01	/* N-Header extensions not in the order
				 * wsmp_build writes (channel, data rate,
				 * transmit power, the others): the standard
				 * allows any order, but the bytes rebuilt
				 * differ */

/* An extension element kept as it is: id, and the value's octets. */
struct wsmp_ext {
	uint8_t		 id;
	const uint8_t	*val;
	size_t		 len;
};

/*
 * One WSMP packet.  The three N-Header extensions that 1609.3 defines for
 * WSMP are decoded (each at most once; value octet 1609.3's UPER encoding:
 * channel and data rate unsigned, transmit power dBm + 128).  Every other
 * extension is kept in ext[] (N-Header) or text[] (T-Header, TPID 1), in
 * the order received.  Pointers point into the parsed buffer.
 */
struct wsmp_hdr {
	uint8_t		 subtype;	/* 4 bits */
	uint8_t		 version;	/* 3 bits, WSMP_VERSION */
	int		 opt;		/* N-Header option indicator: the
					 * extension field is present (the
					 * builder sets it anyway when an
					 * extension is) */
	int		 has_channel;
	uint8_t		 channel;	/* IEEE 802.11 channel number */
	int		 has_rate;
	uint8_t		 data_rate;	/* 500 kb/s units, e.g. 12 = 6 Mb/s */
	int		 has_txpower;
	int8_t		 tx_power;	/* dBm */
	struct wsmp_ext	 ext[WSMP_MAX_EXT];
	size_t		 n_ext;

	uint8_t		 tpid;
	uint32_t	 psid;		/* value, 0..WSMP_PSID_MAX */
	struct wsmp_ext	 text[WSMP_MAX_EXT];	/* TPID 1 only */
	size_t		 n_text;

	const uint8_t	*payload;	/* WSM data */
	size_t		 payload_len;	/* the WSM length */
	size_t		 hdr_len;	/* bytes before the payload */
	size_t		 trailing;	/* bytes after it (link padding) */
	unsigned	 flags;		/* WSMP_F_* */
};

/*
 * Parse a WSMP packet p[0..n) into out (no allocation; pointers into p).
 * TRUNCATED: the input ends inside the headers or the WSM data;
 * BAD_LENGTH: an extension's length disagrees with its type;
 * UNKNOWN_VERSION: version != 3 (out->version holds it); BAD_VALUE: a
 * reserved subtype or TPID, a PSID whose first octet is 1111xxxx, a
 * Length or Count starting 11, a known extension twice;
 * NONCANONICAL: a two-octet Length or Count below 128 (UPER allows only
 * the one-octet form); UNSUPPORTED: subtype 1..3, TPID 2..5, more than
 * WSMP_MAX_EXT other extensions.  A p-encoded PSID has no non-minimal
 * form (each length starts where the shorter one ends), so every PSID
 * encoding is canonical.  Bytes after the WSM data are allowed and
 * counted in out->trailing.
 */
enum reason	 wsmp_parse(const uint8_t *p, size_t n, struct wsmp_hdr *out);

/* Append the packet (headers, then payload_len bytes of payload when
 * payload is not NULL; otherwise the caller appends them).  N-Header
 * extensions go out as channel, data rate, transmit power, then ext[].
 * 0, or -1 on a value out of range (version, subtype, TPID, PSID,
 * lengths, counts). */
int		 wsmp_build(struct buf *, const struct wsmp_hdr *);

/* A header for a PSID with nothing else set (version 3, subtype 0,
 * TPID 0). */
void		 wsmp_init(struct wsmp_hdr *, uint32_t psid);

/* P-encoding (1609.3 clause 8.1.3, 1609.12): octets written to out[4]
 * and their count (1..4), or 0 when psid > WSMP_PSID_MAX. */
size_t		 wsmp_psid_encode(uint32_t psid, uint8_t out[4]);

/* Decode a p-encoded PSID from p[0..n): octets used (1..4), 0 when n is
 * too short, -1 when the first octet is 1111xxxx. */
int		 wsmp_psid_decode(const uint8_t *p, size_t n, uint32_t *psid);

/* The 1609.3 Length / Count encoding (clause 8.1.3): 1 octet for 0..127,
 * 2 octets 10xxxxxx for 128..16383.  Encode returns the octets written
 * (0 when v > WSMP_COUNT_MAX); decode returns the octets used, 0 when n
 * is too short, -1 for 11xxxxxx, -2 for a two-octet value below 128. */
size_t		 wsmp_count_encode(size_t v, uint8_t out[2]);
int		 wsmp_count_decode(const uint8_t *p, size_t n, size_t *v);

/* Append {"layer":"wsmp",...}: version, subtype, tpid, psid (number),
 * psidHex (the value, "0x20"), psidEncoded (the p-encoded octets in hex),
 * channel, dataRate (Mb/s: 6, 5.5), txPower (dBm) when present, other
 * extensions as [{"id":N,"value":hex}], length. */
void		 wsmp_json(struct buf *, const struct wsmp_hdr *);

#endif
