/*
 * radiotap.c: the radiotap header (radiotap.org, with namespaces: the
 * radiotap namespace again for another antenna, vendor namespaces skipped)
 * under IEEE 802.11 frames: read, built back, described in JSON.
 */
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "link.h"
#include "link_int.h"

/* Alignment and size of the radiotap-namespace fields 0..27. */
static const uint8_t rt_align[28] = {
	8, 1, 1, 2, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2,
	1, 1, 4, 1, 4, 2, 8, 2, 2, 2, 1, 2
};
static const uint8_t rt_size[28] = {
	8, 1, 1, 4, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 2, 2,
	1, 1, 8, 3, 8, 12, 12, 12, 12, 6, 1, 4
};

/* Fields link_build writes from struct link_radiotap. */
#define RT_BUILDABLE	(1u << LINK_RT_TSFT | 1u << LINK_RT_FLAGS |	\
	1u << LINK_RT_RATE | 1u << LINK_RT_CHANNEL |			\
	1u << LINK_RT_DBM_SIGNAL | 1u << LINK_RT_DBM_NOISE |		\
	1u << LINK_RT_DBM_TXPOWER | 1u << LINK_RT_ANTENNA |		\
	1u << LINK_RT_RX_FLAGS | 1u << LINK_RT_TX_FLAGS | 1u << LINK_RT_MCS)

static void
rt_field(struct link_radiotap *rt, int idx, const uint8_t *f)
{
	if (!(RT_BUILDABLE & (1u << idx)) || (rt->has & (1u << idx)))
		return;		/* kept: the first of each (combined antenna) */
	rt->has |= 1u << idx;
	switch (idx) {
	case LINK_RT_TSFT:
		rt->tsft = rd_le64(f);
		break;
	case LINK_RT_FLAGS:
		rt->flags = f[0];
		break;
	case LINK_RT_RATE:
		rt->rate = f[0];
		break;
	case LINK_RT_CHANNEL:
		rt->freq = rd_le16(f);
		rt->chflags = rd_le16(f + 2);
		break;
	case LINK_RT_DBM_SIGNAL:
		rt->signal = (int8_t)f[0];
		break;
	case LINK_RT_DBM_NOISE:
		rt->noise = (int8_t)f[0];
		break;
	case LINK_RT_DBM_TXPOWER:
		rt->txpower = (int8_t)f[0];
		break;
	case LINK_RT_ANTENNA:
		rt->antenna = f[0];
		break;
	case LINK_RT_RX_FLAGS:
		rt->rxflags = rd_le16(f);
		break;
	case LINK_RT_TX_FLAGS:
		rt->txflags = rd_le16(f);
		break;
	case LINK_RT_MCS:
		memcpy(rt->mcs, f, 3);
		break;
	}
}

/*
 * Radiotap header: version, pad, length, present words (bit 31: another
 * follows).  Fields follow the last word, each aligned to its natural
 * boundary from the start of the header.  Bit 29 makes the next word
 * radiotap's namespace again (another antenna), bit 30 a vendor namespace
 * whose data (skip_length octets) we skip.  A field we do not know stops
 * the reading of fields, not the frame: the length still says where the
 * 802.11 frame starts.
 */
enum reason
radiotap_parse(const uint8_t *p, size_t n, struct link_radiotap *rt)
{
	size_t	 len, off, pos, words, i;
	uint32_t w;
	int	 b, idx, base = 0, vendor = 0, stop = 0, first = 1;
	size_t	 vskip = 0;

	if (n < 8)
		return REASON_TRUNCATED;
	rt->version = p[0];
	if (p[0] != 0)
		return REASON_UNKNOWN_VERSION;
	len = rd_le16(p + 2);
	if (len < 8)
		return REASON_BAD_LENGTH;
	if (len > n)
		return REASON_TRUNCATED;
	rt->len = len;
	rt->raw = p;
	rt->present = rd_le32(p + 4);
	for (off = 4; ; off += 4) {
		if (off + 4 > len)
			return REASON_BAD_LENGTH;
		if (!(rd_le32(p + off) & (1u << LINK_RT_EXT)))
			break;
	}
	words = (off - 4) / 4 + 1;
	pos = off + 4;
	for (i = 0; i < words && !stop; i++) {
		w = rd_le32(p + 4 + 4 * i);
		if (vendor) {
			if (vendor == 1) {	/* its first word */
				if (pos + vskip > len)
					return REASON_BAD_LENGTH;
				pos += vskip;
				vendor = 2;
			}
		} else {
			for (b = 0; b < 29 && !stop; b++) {
				if (!(w & (1u << b)))
					continue;
				idx = base + b;
				if (idx >= 28) {
					stop = 1;
					break;
				}
				pos = (pos + rt_align[idx] - 1) &
				    ~(size_t)(rt_align[idx] - 1);
				if (pos + rt_size[idx] > len)
					return REASON_BAD_LENGTH;
				if (first)	/* not per-antenna ones */
					rt_field(rt, idx, p + pos);
				pos += rt_size[idx];
			}
		}
		if (stop)
			break;
		if ((w & (1u << 29)) && (w & (1u << 30)))
			stop = 1;
		else if (w & (1u << 29)) {
			vendor = 0;
			base = 0;
			first = 0;
		} else if (w & (1u << 30)) {
			pos = (pos + 1) & ~(size_t)1;
			if (pos + 6 > len)
				return REASON_BAD_LENGTH;
			vskip = rd_le16(p + pos + 4);
			pos += 6;
			vendor = 1;
			first = 0;
		} else if (!vendor)
			base += 32;
	}
	rt->partial = stop;
	return REASON_OK;
}

int
radiotap_build(struct buf *b, const struct link_radiotap *rt)
{
	uint8_t	 t[64];
	size_t	 pos = 8;
	int	 idx;

	if (rt->raw != NULL) {
		buf_add(b, rt->raw, rt->len);
		return 0;
	}
	if (rt->has & ~RT_BUILDABLE)
		return -1;
	memset(t, 0, sizeof(t));
	for (idx = 0; idx < 28; idx++) {
		if (!(rt->has & (1u << idx)))
			continue;
		pos = (pos + rt_align[idx] - 1) & ~(size_t)(rt_align[idx] - 1);
		switch (idx) {
		case LINK_RT_TSFT:
			wr_le64(t + pos, rt->tsft);
			break;
		case LINK_RT_FLAGS:
			t[pos] = rt->flags;
			break;
		case LINK_RT_RATE:
			t[pos] = rt->rate;
			break;
		case LINK_RT_CHANNEL:
			wr_le16(t + pos, rt->freq);
			wr_le16(t + pos + 2, rt->chflags);
			break;
		case LINK_RT_DBM_SIGNAL:
			t[pos] = (uint8_t)rt->signal;
			break;
		case LINK_RT_DBM_NOISE:
			t[pos] = (uint8_t)rt->noise;
			break;
		case LINK_RT_DBM_TXPOWER:
			t[pos] = (uint8_t)rt->txpower;
			break;
		case LINK_RT_ANTENNA:
			t[pos] = rt->antenna;
			break;
		case LINK_RT_RX_FLAGS:
			wr_le16(t + pos, rt->rxflags);
			break;
		case LINK_RT_TX_FLAGS:
			wr_le16(t + pos, rt->txflags);
			break;
		case LINK_RT_MCS:
			memcpy(t + pos, rt->mcs, 3);
			break;
		}
		pos += rt_size[idx];
	}
	wr_le16(t + 2, (uint16_t)pos);
	wr_le32(t + 4, rt->has);
	buf_add(b, t, pos);
	return 0;
}

void
link_radiotap_json(struct buf *b, const struct link_frame *f)
{
	const struct link_radiotap *rt = &f->rt;
	int	 ch;

	if (!(f->layers & LINK_L_RADIOTAP))
		return;
	buf_addf(b, "{\"layer\":\"radiotap\",\"length\":%u,\"present\":"
	    "\"0x%08lx\"", (unsigned)rt->len, (unsigned long)rt->present);
	if (rt->has & (1u << LINK_RT_TSFT))
		buf_addf(b, ",\"tsft\":%llu", (unsigned long long)rt->tsft);
	if (rt->has & (1u << LINK_RT_FLAGS))
		buf_addf(b, ",\"flags\":\"0x%02x\",\"fcs\":%s", rt->flags,
		    (rt->flags & LINK_RTF_FCS) ? "true" : "false");
	if (rt->has & (1u << LINK_RT_RATE))
		buf_addf(b, ",\"dataRate\":%u%s", rt->rate / 2,
		    (rt->rate & 1) ? ".5" : "");
	if (rt->has & (1u << LINK_RT_CHANNEL)) {
		buf_addf(b, ",\"frequency\":%u", (unsigned)rt->freq);
		if ((ch = link_freq_channel(rt->freq)) >= 0)
			buf_addf(b, ",\"channel\":%d", ch);
		buf_addf(b, ",\"channelFlags\":\"0x%04x\"",
		    (unsigned)rt->chflags);
	}
	if (rt->has & (1u << LINK_RT_MCS))
		buf_addf(b, ",\"mcs\":%u", (unsigned)rt->mcs[2]);
	if (rt->has & (1u << LINK_RT_DBM_SIGNAL))
		buf_addf(b, ",\"signal\":%d", (int)rt->signal);
	if (rt->has & (1u << LINK_RT_DBM_NOISE))
		buf_addf(b, ",\"noise\":%d", (int)rt->noise);
	if (rt->has & (1u << LINK_RT_DBM_TXPOWER))
		buf_addf(b, ",\"txPower\":%d", (int)rt->txpower);
	if (rt->has & (1u << LINK_RT_ANTENNA))
		buf_addf(b, ",\"antenna\":%u", (unsigned)rt->antenna);
	if (rt->partial)
		buf_adds(b, ",\"partial\":true");
	buf_addc(b, '}');
}
