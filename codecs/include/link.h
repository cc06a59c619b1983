/*
 * link.h: the link and network layers under a V2X message, from a pcap
 * link type down to the first payload that is not link: radiotap, IEEE
 * 802.11-2020 data frames (QoS, OCB with the wildcard BSSID), LLC/SNAP
 * (IEEE 802.2, RFC 1042), Ethernet II / 802.3 with 802.1Q tags, Linux
 * cooked SLL and SLL2, IPv4 (RFC 791), IPv6 (RFC 8200) and UDP (RFC 768).
 * Parsed in place; frames built back byte for byte.
 */
#ifndef LINK_H
#define LINK_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "reason.h"

/* Link types: the LINKTYPE_ values of capture files, and the DLT_ values
 * libpcap returns where they differ (raw IP). */
#define LINK_EN10MB		1
#define LINK_RAW_DLT		12	/* DLT_RAW on most systems */
#define LINK_RAW_DLT_OBSD	14	/* DLT_RAW on OpenBSD */
#define LINK_RAW		101	/* LINKTYPE_RAW */
#define LINK_IEEE802_11		105
#define LINK_LINUX_SLL		113
#define LINK_IEEE802_11_RADIO	127
#define LINK_IPV4		228
#define LINK_IPV6		229
#define LINK_LINUX_SLL2		276

/* EtherTypes. */
#define LINK_ET_IPV4		0x0800
#define LINK_ET_VLAN		0x8100
#define LINK_ET_IPV6		0x86dd
#define LINK_ET_QINQ		0x88a8
#define LINK_ET_WSMP		0x88dc
#define LINK_ET_GN		0x8947

/* Layers found (link_frame.layers). */
#define LINK_L_RADIOTAP		0x0001
#define LINK_L_80211		0x0002
#define LINK_L_ETHER		0x0004
#define LINK_L_SLL		0x0008
#define LINK_L_SLL2		0x0010
#define LINK_L_LLC		0x0020	/* LLC/SNAP header */
#define LINK_L_IPV4		0x0040
#define LINK_L_IPV6		0x0080
#define LINK_L_UDP		0x0100

/* Radiotap fields (bit numbers of the present word, radiotap.org). */
#define LINK_RT_TSFT		0
#define LINK_RT_FLAGS		1
#define LINK_RT_RATE		2
#define LINK_RT_CHANNEL		3
#define LINK_RT_DBM_SIGNAL	5
#define LINK_RT_DBM_NOISE	6
#define LINK_RT_DBM_TXPOWER	10
#define LINK_RT_ANTENNA		11
#define LINK_RT_RX_FLAGS	14
#define LINK_RT_TX_FLAGS	15
#define LINK_RT_XCHANNEL	18
#define LINK_RT_MCS		19
#define LINK_RT_TIMESTAMP	22
#define LINK_RT_ZERO_PSDU	26	/* no 802.11 frame follows */
#define LINK_RT_LSIG		27
#define LINK_RT_TLV		28	/* the rest of the header is TLVs */
#define LINK_RT_RADIOTAP_NS	29	/* next word: radiotap namespace */
#define LINK_RT_VENDOR_NS	30	/* next word: a vendor namespace */
#define LINK_RT_EXT		31
/* Radiotap Flags field. */
#define LINK_RTF_FCS		0x10	/* frame ends with the FCS */
#define LINK_RTF_DATAPAD	0x20	/* padding after the 802.11 header */
#define LINK_RTF_BADFCS		0x40

/* 802.11 frame control (little endian in the frame). */
#define LINK_FC_TODS		0x0100
#define LINK_FC_FROMDS		0x0200
#define LINK_FC_MOREFRAG	0x0400
#define LINK_FC_RETRY		0x0800
#define LINK_FC_PROTECTED	0x4000
#define LINK_FC_ORDER		0x8000
#define LINK_FC_QOS_DATA	0x0088	/* type 2, subtype 8 */

/* Checksum / FCS state. */
#define LINK_SUM_NONE		0	/* absent or not checked */
#define LINK_SUM_GOOD		1
#define LINK_SUM_BAD		2

/* What a radiotap header held that we did not understand (never a
 * failure: the header's length still says where the 802.11 frame is). */
enum link_rt_warn {
	LINK_RTW_UNKNOWN_FIELD = 1,	/* arg: bit index in its namespace;
					 * the fields after it are unread */
	LINK_RTW_BOTH_NS,	/* arg: word; bits 29 and 30 both set */
	LINK_RTW_TLV_HIGHER,	/* arg: word; TLV bit with bits 29-31 */
	LINK_RTW_TLV_TYPE,	/* arg: a TLV type we do not know, skipped */
	LINK_RTW_TLV_SHORT,	/* arg: type; vendor TLV under 8 octets */
	LINK_RTW_MANY		/* arg: LINK_RT_NVENDOR or LINK_RT_NANT:
				 * more namespaces than listed */
};
#define LINK_RT_NWARN		4
#define LINK_RT_NVENDOR		4
#define LINK_RT_NANT		4

struct link_rt_vendor {
	uint8_t		 oui[3];
	uint8_t		 subns;		/* sub_namespace; TLV: subtype */
	uint16_t	 skip;		/* octets of vendor data */
	uint16_t	 off;		/* where they start in raw */
	int		 tlv;		/* a vendor TLV (type 30) */
	uint16_t	 ptype;		/* TLV: its presence type */
};

/* The fields of a radiotap namespace after the first (per antenna). */
struct link_rt_ant {
	uint32_t	 has;		/* 1 << LINK_RT_DBM_SIGNAL, _NOISE,
					 * _ANTENNA */
	int8_t		 signal, noise;
	uint8_t		 antenna;
};

struct link_radiotap {
	uint8_t		 version;
	uint16_t	 len;		/* whole radiotap header */
	uint32_t	 present;	/* first present word */
	uint16_t	 nwords;	/* present words */
	uint32_t	 has;		/* 1 << LINK_RT_*: fields read */
	int		 partial;	/* fields after an unknown one unread */
	uint32_t	 seen;		/* 1 << bit: fields of the first
					 * namespace (or TLVs 0..27) found,
					 * at raw + foff[bit], flen[bit]
					 * octets (fewer than the field's
					 * size: the rest are zero) */
	uint16_t	 foff[28];
	uint8_t		 flen[28];
	int		 tlv;		/* TLVs read */
	struct link_rt_vendor vendor[LINK_RT_NVENDOR];
	int		 nvendor;
	struct link_rt_ant ant[LINK_RT_NANT];
	int		 nant;
	struct {
		uint8_t		 code;	/* enum link_rt_warn */
		uint16_t	 arg;
	}		 warn[LINK_RT_NWARN];
	int		 nwarn;
	uint64_t	 tsft;
	uint8_t		 flags;		/* LINK_RTF_* */
	uint8_t		 rate;		/* 500 kb/s units */
	uint16_t	 freq;		/* MHz */
	uint16_t	 chflags;
	int8_t		 signal;	/* dBm */
	int8_t		 noise;		/* dBm */
	int8_t		 txpower;	/* dBm */
	uint8_t		 antenna;
	uint16_t	 rxflags;
	uint16_t	 txflags;
	uint8_t		 mcs[3];	/* known, flags, index */
	const uint8_t	*raw;		/* parsed: the header as received,
					 * which link_build copies; NULL: built
					 * from the fields in has */
};

struct link_80211 {
	uint16_t	 fc;		/* frame control, LINK_FC_* */
	uint16_t	 duration;
	uint8_t		 a1[6], a2[6], a3[6];
	uint8_t		 a4[6];		/* ToDS and FromDS */
	uint16_t	 seq;		/* sequence number << 4 | fragment */
	uint16_t	 qos;		/* QoS control (QoS data) */
	uint32_t	 htc;		/* HT control (QoS, Order bit) */
	int		 ocb;		/* outside a BSS: no DS bits, BSSID
					 * ff:ff:ff:ff:ff:ff */
	int		 fcs;		/* LINK_SUM_*: NONE without an FCS.
					 * Radiotap says whether there is one;
					 * otherwise there is when the last 4
					 * octets are the CRC of the frame.
					 * link_build appends one unless NONE
					 * (or, under radiotap, per its flag) */
	uint32_t	 fcs_val;
};

struct link_llc {
	uint8_t		 dsap, ssap, ctl;	/* 0xaa 0xaa 0x03 for SNAP */
	uint8_t		 oui[3];
};

struct link_sll {
	uint16_t	 pkttype;	/* 0 host .. 4 outgoing */
	uint16_t	 hatype;	/* ARPHRD_* */
	uint16_t	 halen;
	uint8_t		 addr[8];
	uint16_t	 proto;
	uint16_t	 reserved;	/* SLL2 */
	uint32_t	 ifindex;	/* SLL2 */
};

struct link_ip {
	uint8_t		 version;	/* 4 or 6 */
	uint8_t		 src[16], dst[16];	/* IPv4 in the first 4 */
	uint8_t		 proto;		/* protocol / last next header */
	uint8_t		 tos;		/* IPv4 TOS, IPv6 traffic class */
	uint32_t	 flow;		/* IPv6 flow label */
	uint16_t	 id;		/* IPv4 */
	uint16_t	 frag;		/* IPv4 flags and fragment offset */
	uint8_t		 ttl;		/* TTL / hop limit */
	uint8_t		 nh;		/* IPv6 next header of the fixed one */
	const uint8_t	*opts;		/* IPv4 options, IPv6 extension
					 * headers, kept as received */
	size_t		 opts_len;
	int		 csum;		/* IPv4 header checksum: LINK_SUM_* */
};

struct link_udp {
	uint16_t	 sport, dport;
	uint16_t	 len;
	uint16_t	 csum_val;
	int		 csum;		/* LINK_SUM_*; NONE: zero (IPv4) */
};

/*
 * A frame peeled from its link type down to its payload.  layers says
 * which parts were present; ethertype is the protocol after the link
 * layer (WSMP, GeoNetworking, IP...).  For IP, the payload is the UDP
 * payload, or the IP payload of another protocol (ip.proto).  Pointers
 * point into the parsed buffer.
 */
struct link_frame {
	int		 dlt;
	unsigned	 layers;		/* LINK_L_* */
	uint8_t		 src[6], dst[6];	/* link addresses, when known */
	uint8_t		 bssid[6];		/* 802.11 */
	uint16_t	 ethertype;
	uint16_t	 lenfield;	/* 802.3 length instead of a type */
	uint16_t	 vlan_tpid[2];	/* 802.1Q / 802.1ad tags, outer first */
	uint16_t	 vlan_tci[2];
	int		 n_vlan;
	struct link_radiotap rt;
	struct link_80211 w;
	struct link_llc	 llc;
	struct link_sll	 sll;
	struct link_ip	 ip;
	struct link_udp	 udp;
	const uint8_t	*payload;
	size_t		 payload_off;
	size_t		 payload_len;
	size_t		 trailing;	/* after the IP datagram or 802.3
					 * length: padding (an 802.11 FCS is
					 * not counted here) */
	char		 why[96];	/* a failed parse: what, when a layer
					 * says more than its reason (radiotap) */
};

/*
 * Parse p[0..n) captured with link type dlt (LINK_*) into out.
 * TRUNCATED: the input ends inside a header or an IP datagram;
 * BAD_LENGTH: a length field disagrees with the data (radiotap, IPv4
 * header length, IPv6 extension header, UDP length); UNKNOWN_VERSION:
 * radiotap, 802.11 or IP version; UNKNOWN_TYPE: a link type we do not
 * know; BAD_VALUE: an EtherType 1501..1535; NOT_V2X: an 802.11 management
 * or control frame, a data frame without a body, LLC that is not SNAP,
 * a radiotap header whose 0-length-PSDU field says no frame follows;
 * UNSUPPORTED: protected (encrypted) or fragmented 802.11 frames, A-MSDU,
 * IP fragments, ESP, jumbograms, more than two VLAN tags.  Checksums and
 * the FCS are checked and their state recorded, never a failure.  On a
 * failure, out->why may say more (radiotap: which length, which field).
 * What a radiotap header holds that we do not understand is a warning
 * (out->rt.warn), never a failure.
 */
enum reason	 link_parse(int dlt, const uint8_t *p, size_t n,
		    struct link_frame *out);

/* Parse an IPv4 or IPv6 datagram (and UDP) into out's ip, udp, payload;
 * reasons as link_parse. */
enum reason	 link_parse_ip(const uint8_t *p, size_t n,
		    struct link_frame *out);

/* Append the frame that link_parse would return as f: the headers of the
 * link type f->dlt and of f->layers, lengths and checksums computed, and
 * the payload.  A radiotap header is copied from rt.raw if set, else
 * written from the fields in rt.has (those defined above).  The FCS is
 * appended when rt.flags has LINK_RTF_FCS.  0, or -1 on what cannot be
 * written. */
int		 link_build(struct buf *, const struct link_frame *);

/* Set f up for an 802.11 OCB QoS data frame (ToDS and FromDS clear,
 * BSSID wildcard, user priority tid) with LLC/SNAP for ethertype, from
 * src to dst, under a radiotap header with the channel frequency freq
 * (MHz, 0: none) and the rate (500 kb/s units, 0: none). */
void		 link_init_80211_ocb(struct link_frame *f, const uint8_t src[6],
		    const uint8_t dst[6], uint16_t ethertype, uint8_t tid,
		    uint16_t freq, uint8_t rate);

/* Set f up for an Ethernet II frame. */
void		 link_init_ether(struct link_frame *f, const uint8_t src[6],
		    const uint8_t dst[6], uint16_t ethertype);

/* Append an 802.11 OCB QoS data frame (no radiotap) with LLC/SNAP for
 * ethertype and the payload.  0 or -1. */
int		 link_80211_ocb_build(struct buf *, const uint8_t src[6],
		    const uint8_t dst[6], uint16_t ethertype, uint8_t tid,
		    const uint8_t *payload, size_t n);

/* Append an Ethernet II frame.  0 or -1. */
int		 link_ether_build(struct buf *, const uint8_t src[6],
		    const uint8_t dst[6], uint16_t ethertype,
		    const uint8_t *payload, size_t n);

/* Channel number of a frequency in MHz (2.4, 5 and 5.9 GHz), -1 if none. */
int		 link_freq_channel(unsigned freq);

/* IEEE 802.3 CRC-32 (the 802.11 FCS). */
uint32_t	 link_crc32(const uint8_t *, size_t);

/* Text of a radiotap warning (enum link_rt_warn, its arg) into buf. */
void		 link_rt_warn_str(char *buf, size_t len, int code,
		    unsigned arg);

/* One JSON object per layer: {"layer":"radiotap",...},
 * {"layer":"ieee80211",...} (LLC/SNAP inside), {"layer":"ethernet",...},
 * {"layer":"sll",...}, {"layer":"ipv4"|"ipv6",...}, {"layer":"udp",...}.
 * Nothing is written for a layer not in f->layers. */
void		 link_radiotap_json(struct buf *, const struct link_frame *);
void		 link_80211_json(struct buf *, const struct link_frame *);
void		 link_ether_json(struct buf *, const struct link_frame *);
void		 link_sll_json(struct buf *, const struct link_frame *);
void		 link_ip_json(struct buf *, const struct link_frame *);
void		 link_udp_json(struct buf *, const struct link_frame *);

/* All of them, in order, separated by commas (the elements of a
 * "layers" array, without the brackets). */
void		 link_json(struct buf *, const struct link_frame *);

#endif
