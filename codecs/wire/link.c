/*
 * link.c: IEEE 802.11-2020 data frames (clause 9.3.2), LLC/SNAP (IEEE
 * 802.2, RFC 1042), Ethernet II and 802.3 with 802.1Q tags and Linux
 * cooked SLL / SLL2 (libpcap), by pcap link type; radiotap is radiotap.c,
 * IPv4, IPv6 and UDP ip.c.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "link.h"
#include "link_int.h"

static const uint8_t wildcard[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define ARPHRD_IEEE80211		801
#define ARPHRD_IEEE80211_RADIOTAP	803

uint32_t
link_crc32(const uint8_t *p, size_t n)
{
	static const uint32_t nib[16] = {
		0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
		0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
		0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
		0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c
	};
	uint32_t c = 0xffffffff;
	size_t	 i;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		c = (c >> 4) ^ nib[c & 15];
		c = (c >> 4) ^ nib[c & 15];
	}
	return ~c;
}

/* ---- link layers ------------------------------------------------- */

/* What follows the link: IP, or the payload of another EtherType. */
static enum reason
network(const uint8_t *base, size_t total, size_t off, size_t end,
    struct link_frame *f)
{
	if (f->ethertype == LINK_ET_IPV4 || f->ethertype == LINK_ET_IPV6)
		return ip_parse(base, total, off, end, f);
	f->payload_off = off;
	f->payload = base + off;
	f->payload_len = end - off;
	f->trailing = total - end;
	return REASON_OK;
}

/* LLC at p[off..end): SNAP gives the EtherType. */
static enum reason
llc(const uint8_t *p, size_t total, size_t off, size_t end,
    struct link_frame *f)
{
	if (end - off < 3)
		return REASON_TRUNCATED;
	f->llc.dsap = p[off];
	f->llc.ssap = p[off + 1];
	f->llc.ctl = p[off + 2];
	if (p[off] != 0xaa || p[off + 1] != 0xaa || p[off + 2] != 0x03)
		return REASON_NOT_V2X;
	if (end - off < 8)
		return REASON_TRUNCATED;
	memcpy(f->llc.oui, p + off + 3, 3);
	f->ethertype = rd_be16(p + off + 6);
	f->layers |= LINK_L_LLC;
	return network(p, total, off + 8, end, f);
}

static int
is_wildcard(const uint8_t *a)
{
	return memcmp(a, wildcard, 6) == 0;
}

/* An 802.11 frame at p[off..n); fcs: it ends with the FCS; pad: the
 * radiotap data-pad flag. */
static enum reason
ieee80211(const uint8_t *p, size_t n, size_t off, int fcs, int pad,
    struct link_frame *f)
{
	struct link_80211 *w = &f->w;
	const uint8_t	*h = p + off;
	size_t		 end = n, hl;
	uint16_t	 fc;
	int		 sub;

	f->layers |= LINK_L_80211;
	if (fcs) {
		if (n - off < 4)
			return REASON_TRUNCATED;
		end = n - 4;
		w->fcs_val = rd_le32(p + end);
		w->fcs = link_crc32(h, end - off) == w->fcs_val ?
		    LINK_SUM_GOOD : LINK_SUM_BAD;
	}
	if (end - off < 2)
		return REASON_TRUNCATED;
	w->fc = fc = rd_le16(h);
	if (fc & 3)
		return REASON_UNKNOWN_VERSION;
	if (((fc >> 2) & 3) != 2)
		return REASON_NOT_V2X;	/* management, control, extension */
	sub = (fc >> 4) & 15;
	if (end - off < 24)
		return REASON_TRUNCATED;
	w->duration = rd_le16(h + 2);
	memcpy(w->a1, h + 4, 6);
	memcpy(w->a2, h + 10, 6);
	memcpy(w->a3, h + 16, 6);
	w->seq = rd_le16(h + 22);
	hl = 24;
	if ((fc & LINK_FC_TODS) && (fc & LINK_FC_FROMDS)) {
		if (end - off < 30)
			return REASON_TRUNCATED;
		memcpy(w->a4, h + 24, 6);
		hl = 30;
	}
	if (sub & 8) {
		if (end - off < hl + 2)
			return REASON_TRUNCATED;
		w->qos = rd_le16(h + hl);
		hl += 2;
		if (fc & LINK_FC_ORDER) {
			if (end - off < hl + 4)
				return REASON_TRUNCATED;
			w->htc = rd_le32(h + hl);
			hl += 4;
		}
	}
	switch (fc & (LINK_FC_TODS | LINK_FC_FROMDS)) {
	case 0:
		memcpy(f->dst, w->a1, 6);
		memcpy(f->src, w->a2, 6);
		memcpy(f->bssid, w->a3, 6);
		w->ocb = is_wildcard(w->a3);
		break;
	case LINK_FC_TODS:
		memcpy(f->bssid, w->a1, 6);
		memcpy(f->src, w->a2, 6);
		memcpy(f->dst, w->a3, 6);
		break;
	case LINK_FC_FROMDS:
		memcpy(f->dst, w->a1, 6);
		memcpy(f->bssid, w->a2, 6);
		memcpy(f->src, w->a3, 6);
		break;
	default:
		memcpy(f->dst, w->a3, 6);
		memcpy(f->src, w->a4, 6);
		break;
	}
	if (sub & 4)
		return REASON_NOT_V2X;		/* null data: no body */
	if (fc & LINK_FC_PROTECTED)
		return REASON_UNSUPPORTED;
	if ((fc & LINK_FC_MOREFRAG) || (w->seq & 15))
		return REASON_UNSUPPORTED;
	if ((sub & 8) && (w->qos & 0x80))
		return REASON_UNSUPPORTED;	/* A-MSDU */
	if (pad)
		hl = (hl + 3) & ~(size_t)3;
	if (end - off < hl)
		return REASON_TRUNCATED;
	return llc(p, end, off + hl, end, f);	/* the FCS is no padding */
}

/* Without radiotap nothing says whether the frame ends with its FCS: it
 * does when the last four octets are the CRC of the others (a chance of
 * 2^-32 otherwise). */
static int
has_fcs(const uint8_t *p, size_t n)
{
	return n >= 28 && link_crc32(p, n - 4) == rd_le32(p + n - 4);
}

static enum reason
radiotap(const uint8_t *p, size_t n, size_t off, struct link_frame *f)
{
	enum reason	 r;

	f->layers |= LINK_L_RADIOTAP;
	if ((r = radiotap_parse(p + off, n - off, &f->rt, f->why,
	    sizeof(f->why))) != REASON_OK)
		return r;
	if (f->rt.seen & (1u << LINK_RT_ZERO_PSDU)) {
		snprintf(f->why, sizeof(f->why), "radiotap 0-length-PSDU: "
		    "no 802.11 frame was captured");
		return REASON_NOT_V2X;
	}
	return ieee80211(p, n, off + f->rt.len,
	    (f->rt.flags & LINK_RTF_FCS) != 0,
	    (f->rt.flags & LINK_RTF_DATAPAD) != 0, f);
}

static enum reason
ether(const uint8_t *p, size_t n, struct link_frame *f)
{
	size_t		 off = 14, end = n;
	uint16_t	 type;

	f->layers |= LINK_L_ETHER;
	if (n < 14)
		return REASON_TRUNCATED;
	memcpy(f->dst, p, 6);
	memcpy(f->src, p + 6, 6);
	type = rd_be16(p + 12);
	while (type == LINK_ET_VLAN || type == LINK_ET_QINQ || type == 0x9100) {
		if (f->n_vlan == 2)
			return REASON_UNSUPPORTED;
		if (n - off < 4)
			return REASON_TRUNCATED;
		f->vlan_tpid[f->n_vlan] = type;
		f->vlan_tci[f->n_vlan++] = rd_be16(p + off);
		type = rd_be16(p + off + 2);
		off += 4;
	}
	if (type <= 1500) {
		f->lenfield = type;
		if (n - off < type)
			return REASON_TRUNCATED;
		end = off + type;
		return llc(p, n, off, end, f);
	}
	if (type < 0x0600)
		return REASON_BAD_VALUE;
	f->ethertype = type;
	return network(p, n, off, end, f);
}

static enum reason
sll(const uint8_t *p, size_t n, int v2, struct link_frame *f)
{
	struct link_sll	*s = &f->sll;
	size_t		 off;

	if (v2) {
		f->layers |= LINK_L_SLL2;
		if (n < 20)
			return REASON_TRUNCATED;
		s->proto = rd_be16(p);
		s->reserved = rd_be16(p + 2);
		s->ifindex = rd_be32(p + 4);
		s->hatype = rd_be16(p + 8);
		s->pkttype = p[10];
		s->halen = p[11];
		memcpy(s->addr, p + 12, 8);
		off = 20;
	} else {
		f->layers |= LINK_L_SLL;
		if (n < 16)
			return REASON_TRUNCATED;
		s->pkttype = rd_be16(p);
		s->hatype = rd_be16(p + 2);
		s->halen = rd_be16(p + 4);
		memcpy(s->addr, p + 6, 8);
		s->proto = rd_be16(p + 14);
		off = 16;
	}
	if (s->halen == 6)
		memcpy(f->src, s->addr, 6);
	if (s->hatype == ARPHRD_IEEE80211)
		return ieee80211(p, n, off, has_fcs(p + off, n - off), 0, f);
	if (s->hatype == ARPHRD_IEEE80211_RADIOTAP)
		return radiotap(p, n, off, f);
	if (s->proto == 0x0004)		/* ETH_P_802_2: LLC follows */
		return llc(p, n, off, n, f);
	if (s->proto < 0x0600)
		return REASON_NOT_V2X;	/* other Linux pseudo protocols */
	f->ethertype = s->proto;
	return network(p, n, off, n, f);
}

enum reason
link_parse(int dlt, const uint8_t *p, size_t n, struct link_frame *out)
{
	memset(out, 0, sizeof(*out));
	out->dlt = dlt;
	switch (dlt) {
	case LINK_EN10MB:
		return ether(p, n, out);
	case LINK_IEEE802_11:
		return ieee80211(p, n, 0, has_fcs(p, n), 0, out);
	case LINK_IEEE802_11_RADIO:
		return radiotap(p, n, 0, out);
	case LINK_LINUX_SLL:
		return sll(p, n, 0, out);
	case LINK_LINUX_SLL2:
		return sll(p, n, 1, out);
	case LINK_RAW:
	case LINK_RAW_DLT:
	case LINK_RAW_DLT_OBSD:
	case LINK_IPV4:
	case LINK_IPV6:
		out->ethertype = (n >= 1 && (p[0] >> 4) == 6) ?
		    LINK_ET_IPV6 : LINK_ET_IPV4;
		return network(p, n, 0, n, out);
	default:
		return REASON_UNKNOWN_TYPE;
	}
}

/* ---- builders ---------------------------------------------------- */

static int
net_build(struct buf *b, const struct link_frame *f)
{
	size_t	 i;

	if (f->layers & (LINK_L_IPV4 | LINK_L_IPV6)) {
		if (ip_build(b, f) == -1)
			return -1;
	} else if (f->payload_len)
		buf_add(b, f->payload, f->payload_len);
	for (i = 0; i < f->trailing; i++)
		buf_addc(b, 0);
	return 0;
}

static int
llc_build(struct buf *b, const struct link_frame *f)
{
	if (!(f->layers & LINK_L_LLC))
		return -1;
	buf_addc(b, 0xaa);
	buf_addc(b, 0xaa);
	buf_addc(b, 0x03);
	buf_add(b, f->llc.oui, 3);
	buf_add_be16(b, f->ethertype);
	return 0;
}

static int
w_build(struct buf *b, const struct link_frame *f, int fcs, int pad)
{
	const struct link_80211 *w = &f->w;
	size_t		 start = b->len;
	uint8_t		 t[4];
	uint16_t	 fc = w->fc;

	wr_le16(t, fc);
	buf_add(b, t, 2);
	wr_le16(t, w->duration);
	buf_add(b, t, 2);
	buf_add(b, w->a1, 6);
	buf_add(b, w->a2, 6);
	buf_add(b, w->a3, 6);
	wr_le16(t, w->seq);
	buf_add(b, t, 2);
	if ((fc & LINK_FC_TODS) && (fc & LINK_FC_FROMDS))
		buf_add(b, w->a4, 6);
	if (((fc >> 4) & 8) != 0) {
		wr_le16(t, w->qos);
		buf_add(b, t, 2);
		if (fc & LINK_FC_ORDER) {
			wr_le32(t, w->htc);
			buf_add(b, t, 4);
		}
	}
	while (pad && (b->len - start) % 4)
		buf_addc(b, 0);
	if (llc_build(b, f) == -1 || net_build(b, f) == -1 || b->oom)
		return -1;
	if (fcs) {
		wr_le32(t, link_crc32((uint8_t *)b->p + start,
		    b->len - start));
		buf_add(b, t, 4);
	}
	return 0;
}

static int
radio_build(struct buf *b, const struct link_frame *f)
{
	uint8_t	 flags = f->rt.flags;

	if (f->rt.raw == NULL && !(f->rt.has & (1u << LINK_RT_FLAGS)))
		flags = 0;
	if (radiotap_build(b, &f->rt) == -1)
		return -1;
	return w_build(b, f, (flags & LINK_RTF_FCS) != 0,
	    (flags & LINK_RTF_DATAPAD) != 0);
}

static int
ether_build(struct buf *b, const struct link_frame *f)
{
	size_t	 lenpos, i;
	int	 k;

	buf_add(b, f->dst, 6);
	buf_add(b, f->src, 6);
	for (k = 0; k < f->n_vlan && k < 2; k++) {
		buf_add_be16(b, f->vlan_tpid[k]);
		buf_add_be16(b, f->vlan_tci[k]);
	}
	lenpos = b->len;
	if (f->lenfield == 0) {
		buf_add_be16(b, f->ethertype);
		return net_build(b, f);
	}
	buf_add_be16(b, 0);
	if (llc_build(b, f) == -1)
		return -1;
	/* the 802.3 length counts up to the end of the LLC payload */
	if (f->layers & (LINK_L_IPV4 | LINK_L_IPV6)) {
		struct link_frame g = *f;

		g.trailing = 0;
		if (net_build(b, &g) == -1)
			return -1;
	} else if (f->payload_len)
		buf_add(b, f->payload, f->payload_len);
	if (b->oom || b->len - lenpos - 2 > 1500)
		return -1;
	wr_be16((uint8_t *)b->p + lenpos, (uint16_t)(b->len - lenpos - 2));
	for (i = 0; i < f->trailing; i++)
		buf_addc(b, 0);
	return 0;
}

static int
sll_build(struct buf *b, const struct link_frame *f, int v2)
{
	const struct link_sll *s = &f->sll;

	if (v2) {
		buf_add_be16(b, s->proto);
		buf_add_be16(b, s->reserved);
		buf_add_be32(b, s->ifindex);
		buf_add_be16(b, s->hatype);
		buf_addc(b, (uint8_t)s->pkttype);
		buf_addc(b, (uint8_t)s->halen);
	} else {
		buf_add_be16(b, s->pkttype);
		buf_add_be16(b, s->hatype);
		buf_add_be16(b, s->halen);
	}
	buf_add(b, s->addr, 8);
	if (!v2)
		buf_add_be16(b, s->proto);
	if (s->hatype == ARPHRD_IEEE80211)
		return w_build(b, f, f->w.fcs != LINK_SUM_NONE, 0);
	if (s->hatype == ARPHRD_IEEE80211_RADIOTAP)
		return radio_build(b, f);
	if (s->proto == 0x0004 && llc_build(b, f) == -1)
		return -1;
	return net_build(b, f);
}

int
link_build(struct buf *b, const struct link_frame *f)
{
	int	 r;

	switch (f->dlt) {
	case LINK_EN10MB:
		r = ether_build(b, f);
		break;
	case LINK_IEEE802_11:
		r = w_build(b, f, f->w.fcs != LINK_SUM_NONE, 0);
		break;
	case LINK_IEEE802_11_RADIO:
		r = radio_build(b, f);
		break;
	case LINK_LINUX_SLL:
		r = sll_build(b, f, 0);
		break;
	case LINK_LINUX_SLL2:
		r = sll_build(b, f, 1);
		break;
	case LINK_RAW:
	case LINK_RAW_DLT:
	case LINK_RAW_DLT_OBSD:
	case LINK_IPV4:
	case LINK_IPV6:
		r = net_build(b, f);
		break;
	default:
		r = -1;
		break;
	}
	return (r == -1 || b->oom) ? -1 : 0;
}

void
link_init_80211_ocb(struct link_frame *f, const uint8_t src[6],
    const uint8_t dst[6], uint16_t ethertype, uint8_t tid, uint16_t freq,
    uint8_t rate)
{
	memset(f, 0, sizeof(*f));
	f->dlt = LINK_IEEE802_11_RADIO;
	f->layers = LINK_L_RADIOTAP | LINK_L_80211 | LINK_L_LLC;
	if (freq) {
		f->rt.has |= 1u << LINK_RT_CHANNEL;
		f->rt.freq = freq;
		f->rt.chflags = 0x0140;		/* OFDM, 5 GHz */
	}
	if (rate) {
		f->rt.has |= 1u << LINK_RT_RATE;
		f->rt.rate = rate;
	}
	f->w.fc = LINK_FC_QOS_DATA;
	memcpy(f->w.a1, dst, 6);
	memcpy(f->w.a2, src, 6);
	memcpy(f->w.a3, wildcard, 6);
	f->w.qos = tid & 7;
	f->w.ocb = 1;
	memcpy(f->dst, dst, 6);
	memcpy(f->src, src, 6);
	memcpy(f->bssid, wildcard, 6);
	f->llc.dsap = f->llc.ssap = 0xaa;
	f->llc.ctl = 0x03;
	f->ethertype = ethertype;
}

void
link_init_ether(struct link_frame *f, const uint8_t src[6],
    const uint8_t dst[6], uint16_t ethertype)
{
	memset(f, 0, sizeof(*f));
	f->dlt = LINK_EN10MB;
	f->layers = LINK_L_ETHER;
	memcpy(f->dst, dst, 6);
	memcpy(f->src, src, 6);
	f->ethertype = ethertype;
}

int
link_80211_ocb_build(struct buf *b, const uint8_t src[6],
    const uint8_t dst[6], uint16_t ethertype, uint8_t tid,
    const uint8_t *payload, size_t n)
{
	struct link_frame f;

	link_init_80211_ocb(&f, src, dst, ethertype, tid, 0, 0);
	f.dlt = LINK_IEEE802_11;
	f.layers &= ~LINK_L_RADIOTAP;
	f.payload = payload;
	f.payload_len = n;
	return link_build(b, &f);
}

int
link_ether_build(struct buf *b, const uint8_t src[6], const uint8_t dst[6],
    uint16_t ethertype, const uint8_t *payload, size_t n)
{
	struct link_frame f;

	link_init_ether(&f, src, dst, ethertype);
	f.payload = payload;
	f.payload_len = n;
	return link_build(b, &f);
}

int
link_freq_channel(unsigned freq)
{
	if (freq >= 2412 && freq <= 2472 && (freq - 2407) % 5 == 0)
		return (freq - 2407) / 5;
	if (freq == 2484)
		return 14;
	if (freq >= 4910 && freq <= 4980 && freq % 5 == 0)
		return (freq - 4000) / 5;
	if (freq > 5000 && freq <= 5925 && freq % 5 == 0)
		return (freq - 5000) / 5;
	return -1;
}

/* ---- JSON -------------------------------------------------------- */

static void
json_mac(struct buf *b, const char *name, const uint8_t *a)
{
	buf_addf(b, ",\"%s\":\"%02x:%02x:%02x:%02x:%02x:%02x\"", name,
	    a[0], a[1], a[2], a[3], a[4], a[5]);
}

const char *
link_sum_str(int s)
{
	return s == LINK_SUM_GOOD ? "good" : s == LINK_SUM_BAD ? "bad" :
	    "none";
}

void
link_80211_json(struct buf *b, const struct link_frame *f)
{
	const struct link_80211 *w = &f->w;
	int	 qos = (w->fc & 0x80) != 0;

	if (!(f->layers & LINK_L_80211))
		return;
	buf_addf(b, "{\"layer\":\"ieee80211\",\"type\":\"%s\",\"fc\":"
	    "\"0x%04x\",\"duration\":%u", qos ? "qos-data" : "data",
	    (unsigned)w->fc, (unsigned)w->duration);
	json_mac(b, "dst", f->dst);
	json_mac(b, "src", f->src);
	if ((w->fc & (LINK_FC_TODS | LINK_FC_FROMDS)) !=
	    (LINK_FC_TODS | LINK_FC_FROMDS))
		json_mac(b, "bssid", f->bssid);
	buf_addf(b, ",\"ocb\":%s,\"seq\":%u,\"retry\":%s", w->ocb ? "true" :
	    "false", (unsigned)(w->seq >> 4),
	    (w->fc & LINK_FC_RETRY) ? "true" : "false");
	if (qos)
		buf_addf(b, ",\"tid\":%u", (unsigned)(w->qos & 15));
	if (w->fcs != LINK_SUM_NONE)
		buf_addf(b, ",\"fcs\":\"%s\"", link_sum_str(w->fcs));
	if (f->layers & LINK_L_LLC)
		buf_addf(b, ",\"llc\":\"snap\",\"ethertype\":\"0x%04x\"",
		    (unsigned)f->ethertype);
	buf_addc(b, '}');
}

void
link_ether_json(struct buf *b, const struct link_frame *f)
{
	int	 k;

	if (!(f->layers & LINK_L_ETHER))
		return;
	buf_adds(b, "{\"layer\":\"ethernet\"");
	json_mac(b, "dst", f->dst);
	json_mac(b, "src", f->src);
	if (f->n_vlan) {
		buf_adds(b, ",\"vlan\":[");
		for (k = 0; k < f->n_vlan; k++)
			buf_addf(b, "%s%u", k ? "," : "",
			    (unsigned)(f->vlan_tci[k] & 0xfff));
		buf_addc(b, ']');
	}
	if (f->lenfield)
		buf_addf(b, ",\"length\":%u", (unsigned)f->lenfield);
	buf_addf(b, ",\"ethertype\":\"0x%04x\"}", (unsigned)f->ethertype);
}

void
link_sll_json(struct buf *b, const struct link_frame *f)
{
	const struct link_sll *s = &f->sll;
	int	 v2 = (f->layers & LINK_L_SLL2) != 0;

	if (!(f->layers & (LINK_L_SLL | LINK_L_SLL2)))
		return;
	buf_addf(b, "{\"layer\":\"sll\",\"version\":%d,\"packetType\":%u,"
	    "\"hatype\":%u", v2 ? 2 : 1, (unsigned)s->pkttype,
	    (unsigned)s->hatype);
	if (v2)
		buf_addf(b, ",\"ifindex\":%lu", (unsigned long)s->ifindex);
	buf_adds(b, ",\"address\":\"");
	buf_addhex(b, s->addr, s->halen < 8 ? s->halen : 8);
	buf_addf(b, "\",\"protocol\":\"0x%04x\"}", (unsigned)s->proto);
}

void
link_json(struct buf *b, const struct link_frame *f)
{
	void	(*fn[])(struct buf *, const struct link_frame *) = {
		link_sll_json, link_radiotap_json, link_80211_json,
		link_ether_json, link_ip_json, link_udp_json
	};
	size_t	 i, before;
	int	 first = 1;

	for (i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
		before = b->len;
		if (!first)
			buf_addc(b, ',');
		fn[i](b, f);
		if (b->len == before + (first ? 0 : 1))
			b->len = before;	/* nothing written */
		else
			first = 0;
	}
}
