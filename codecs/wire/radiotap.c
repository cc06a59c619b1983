/*
 * radiotap.c: the radiotap header (radiotap.org: every defined field 0..27,
 * extended presence words, the radiotap namespace again per antenna,
 * vendor namespaces skipped by their skip_length, the TLV list of bit 28)
 * under IEEE 802.11 frames: read, built back, described in JSON.  What we
 * do not understand is a warning, never a failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "link.h"
#include "link_int.h"

/*
 * Alignment and size of the fields 0..27 of the radiotap namespace
 * (radiotap.org, "Defined fields"; alignment counted from the start of
 * the header).
 */
static const struct {
	uint8_t		 align, size;
} rt_def[28] = {
	{ 8, 8 },	/* 0 TSFT */
	{ 1, 1 },	/* 1 Flags */
	{ 1, 1 },	/* 2 Rate */
	{ 2, 4 },	/* 3 Channel: frequency, flags */
	{ 2, 2 },	/* 4 FHSS: hop set, hop pattern */
	{ 1, 1 },	/* 5 dBm antenna signal */
	{ 1, 1 },	/* 6 dBm antenna noise */
	{ 2, 2 },	/* 7 Lock quality */
	{ 2, 2 },	/* 8 TX attenuation */
	{ 2, 2 },	/* 9 dB TX attenuation */
	{ 1, 1 },	/* 10 dBm TX power */
	{ 1, 1 },	/* 11 Antenna */
	{ 1, 1 },	/* 12 dB antenna signal */
	{ 1, 1 },	/* 13 dB antenna noise */
	{ 2, 2 },	/* 14 RX flags */
	{ 2, 2 },	/* 15 TX flags */
	{ 1, 1 },	/* 16 RTS retries */
	{ 1, 1 },	/* 17 data retries */
	{ 4, 8 },	/* 18 XChannel: flags, frequency, channel, power */
	{ 1, 3 },	/* 19 MCS: known, flags, index */
	{ 4, 8 },	/* 20 A-MPDU status */
	{ 2, 12 },	/* 21 VHT */
	{ 8, 12 },	/* 22 timestamp */
	{ 2, 12 },	/* 23 HE */
	{ 2, 12 },	/* 24 HE-MU */
	{ 2, 6 },	/* 25 HE-MU-other-user */
	{ 1, 1 },	/* 26 0-length-PSDU */
	{ 2, 4 }	/* 27 L-SIG */
};
#define RT_MAXSIZE	12

/* Fields link_build writes from struct link_radiotap. */
#define RT_BUILDABLE	(1u << LINK_RT_TSFT | 1u << LINK_RT_FLAGS |	\
	1u << LINK_RT_RATE | 1u << LINK_RT_CHANNEL |			\
	1u << LINK_RT_DBM_SIGNAL | 1u << LINK_RT_DBM_NOISE |		\
	1u << LINK_RT_DBM_TXPOWER | 1u << LINK_RT_ANTENNA |		\
	1u << LINK_RT_RX_FLAGS | 1u << LINK_RT_TX_FLAGS | 1u << LINK_RT_MCS)

/* A walk over the header p[0..len). */
struct rt_walk {
	const uint8_t		*p;
	size_t			 len;
	size_t			 pos;		/* next field */
	struct link_radiotap	*rt;
	int			 ns;		/* radiotap namespaces so far */
	char			*why;
	size_t			 whylen;
};

static void
rt_warn(struct link_radiotap *rt, int code, unsigned arg)
{
	int	 i;

	for (i = 0; i < rt->nwarn; i++)
		if (rt->warn[i].code == code && rt->warn[i].arg == arg)
			return;
	if (rt->nwarn == LINK_RT_NWARN)
		return;
	rt->warn[rt->nwarn].code = (uint8_t)code;
	rt->warn[rt->nwarn++].arg = (uint16_t)arg;
}

void
link_rt_warn_str(char *buf, size_t len, int code, unsigned arg)
{
	switch (code) {
	case LINK_RTW_UNKNOWN_FIELD:
		snprintf(buf, len, "field %u unknown: the fields after it "
		    "are not read", arg);
		break;
	case LINK_RTW_BOTH_NS:
		snprintf(buf, len, "present word %u sets both namespace bits "
		    "(29, 30): the fields after it are not read", arg);
		break;
	case LINK_RTW_TLV_HIGHER:
		snprintf(buf, len, "present word %u sets bits above the TLV "
		    "bit (28): the TLVs are not read", arg);
		break;
	case LINK_RTW_TLV_TYPE:
		snprintf(buf, len, "TLV type %u unknown: skipped", arg);
		break;
	case LINK_RTW_TLV_SHORT:
		snprintf(buf, len, "TLV type %u too short: skipped", arg);
		break;
	case LINK_RTW_MANY:
		snprintf(buf, len, "more namespaces than the %u listed", arg);
		break;
	default:
		snprintf(buf, len, "warning %d (%u)", code, arg);
		break;
	}
}

/* Field idx (n octets at f, fewer than its size: the rest are zero) into
 * the scalars of rt. */
static void
rt_field(struct link_radiotap *rt, int idx, const uint8_t *data, size_t n)
{
	uint8_t	 f[RT_MAXSIZE];

	if (!(RT_BUILDABLE & (1u << idx)) || (rt->has & (1u << idx)))
		return;		/* kept: the first of each (combined antenna) */
	memset(f, 0, sizeof(f));
	memcpy(f, data, n < rt_def[idx].size ? n : rt_def[idx].size);
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

/* Field idx found at p[off], n octets: kept for the first namespace (and
 * TLVs), the antenna fields of the others. */
static void
rt_found(struct rt_walk *w, int idx, size_t off, size_t n)
{
	struct link_radiotap *rt = w->rt;
	struct link_rt_ant *a;

	if (w->ns == 0) {
		if (rt->seen & (1u << idx))
			return;
		rt->seen |= 1u << idx;
		rt->foff[idx] = (uint16_t)off;
		rt->flen[idx] = (uint8_t)(n < rt_def[idx].size ? n :
		    rt_def[idx].size);
		rt_field(rt, idx, w->p + off, n);
		return;
	}
	if (w->ns > LINK_RT_NANT)
		return;
	a = &rt->ant[w->ns - 1];
	switch (idx) {
	case LINK_RT_DBM_SIGNAL:
		a->signal = (int8_t)w->p[off];
		break;
	case LINK_RT_DBM_NOISE:
		a->noise = (int8_t)w->p[off];
		break;
	case LINK_RT_ANTENNA:
		a->antenna = w->p[off];
		break;
	default:
		return;
	}
	a->has |= 1u << idx;
}

static enum reason rt_bad(struct rt_walk *, enum reason, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Fail with reason r, saying why. */
static enum reason
rt_bad(struct rt_walk *w, enum reason r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(w->why, w->whylen, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * The TLV list that fills the rest of the header (radiotap.org, "TLV
 * fields", bit 28): u16 type, u16 length, data, padding to 4.  Types
 * 0..27 are the fields of the same bits, maybe cut short; 28 padding;
 * 30 vendor data (OUI, subtype, presence type, reserved, data).
 */
static enum reason
rt_tlvs(struct rt_walk *w)
{
	struct link_radiotap *rt = w->rt;
	struct link_rt_vendor *v;
	size_t	 pos = (w->pos + 3) & ~(size_t)3, tl;
	unsigned t;

	rt->tlv = 1;
	while (pos + 4 <= w->len) {
		t = rd_le16(w->p + pos);
		tl = rd_le16(w->p + pos + 2);
		if (pos + 4 + tl > w->len)
			return rt_bad(w, REASON_BAD_LENGTH, "radiotap TLV type "
			    "%u of %u octets is past it_len", t, (unsigned)tl);
		if (t < 28)
			rt_found(w, (int)t, pos + 4, tl);
		else if (t == 30 && tl < 8)
			rt_warn(rt, LINK_RTW_TLV_SHORT, t);
		else if (t == 30 && rt->nvendor == LINK_RT_NVENDOR)
			rt_warn(rt, LINK_RTW_MANY, LINK_RT_NVENDOR);
		else if (t == 30) {
			v = &rt->vendor[rt->nvendor++];
			memcpy(v->oui, w->p + pos + 4, 3);
			v->subns = w->p[pos + 7];
			v->ptype = rd_le16(w->p + pos + 8);
			v->tlv = 1;
			v->off = (uint16_t)(pos + 12);
			v->skip = (uint16_t)(tl - 8);
		} else if (t != 28)
			rt_warn(rt, LINK_RTW_TLV_TYPE, t);
		pos += 4 + ((tl + 3) & ~(size_t)3);
	}
	return REASON_OK;
}

/* The fields of present word i, of the radiotap namespace from bit base;
 * *stop when the rest cannot be read. */
static enum reason
rt_word(struct rt_walk *w, uint32_t word, int base, unsigned i, int *stop)
{
	int	 b, idx;
	size_t	 a;

	for (b = 0; b < 28; b++) {
		if (!(word & (1u << b)))
			continue;
		idx = base + b;
		if (idx >= 28) {
			rt_warn(w->rt, LINK_RTW_UNKNOWN_FIELD, (unsigned)idx);
			*stop = 1;
			return REASON_OK;
		}
		a = rt_def[idx].align;
		w->pos = (w->pos + a - 1) & ~(a - 1);
		if (w->pos + rt_def[idx].size > w->len)
			return rt_bad(w, REASON_BAD_LENGTH, "radiotap field %u "
			    "is past it_len %u", (unsigned)idx,
			    (unsigned)w->len);
		rt_found(w, idx, w->pos, rt_def[idx].size);
		w->pos += rt_def[idx].size;
	}
	if (!(word & (1u << LINK_RT_TLV)))
		return REASON_OK;
	if (base != 0) {
		rt_warn(w->rt, LINK_RTW_UNKNOWN_FIELD, (unsigned)base + 28);
		*stop = 1;
		return REASON_OK;
	}
	*stop = 1;
	if (word & 0xe0000000u) {	/* where would the TLVs end? */
		rt_warn(w->rt, LINK_RTW_TLV_HIGHER, i);
		return REASON_OK;
	}
	return rt_tlvs(w);
}

/* A vendor namespace field at w->pos (aligned to 2): OUI, sub_namespace,
 * skip_length; *end: where its data ends. */
static enum reason
rt_vendor(struct rt_walk *w, size_t *end)
{
	struct link_radiotap *rt = w->rt;
	struct link_rt_vendor *v;
	size_t	 skip;

	w->pos = (w->pos + 1) & ~(size_t)1;
	if (w->pos + 6 > w->len)
		return rt_bad(w, REASON_BAD_LENGTH, "radiotap vendor namespace "
		    "at %u is past it_len %u", (unsigned)w->pos,
		    (unsigned)w->len);
	skip = rd_le16(w->p + w->pos + 4);
	if (w->pos + 6 + skip > w->len)
		return rt_bad(w, REASON_BAD_LENGTH, "radiotap vendor namespace "
		    "skip_length %u is past it_len %u", (unsigned)skip,
		    (unsigned)w->len);
	if (rt->nvendor < LINK_RT_NVENDOR) {
		v = &rt->vendor[rt->nvendor++];
		memcpy(v->oui, w->p + w->pos, 3);
		v->subns = w->p[w->pos + 3];
		v->skip = (uint16_t)skip;
		v->off = (uint16_t)(w->pos + 6);
	} else
		rt_warn(rt, LINK_RTW_MANY, LINK_RT_NVENDOR);
	w->pos += 6;
	*end = w->pos + skip;
	return REASON_OK;
}

/*
 * Radiotap header (radiotap.org): version 0, pad, it_len, it_present
 * words (bit 31: another follows).  The fields follow the last word in
 * bit order, each aligned to its size from the start of the header.  Bit
 * 29 makes the next word the radiotap namespace again (per antenna), bit
 * 30 a vendor namespace: a field OUI, sub_namespace, skip_length, then
 * skip_length octets of its data.  Bit 28 (TLV): the rest of the header is
 * a TLV list.  A field we do not know stops the reading of fields, not
 * the frame: it_len still says where the 802.11 frame starts.
 */
enum reason
radiotap_parse(const uint8_t *p, size_t n, struct link_radiotap *rt,
    char *why, size_t whylen)
{
	struct rt_walk w;
	size_t	 len, off, vend = 0;
	uint32_t word;
	unsigned i;
	int	 base = 0, vendor = 0, stop = 0;
	enum reason r;

	memset(&w, 0, sizeof(w));
	w.why = why;
	w.whylen = whylen;
	w.rt = rt;
	if (n < 8)
		return rt_bad(&w, REASON_TRUNCATED, "radiotap header of %u "
		    "octets (8 at least)", (unsigned)n);
	rt->version = p[0];
	if (p[0] != 0)
		return rt_bad(&w, REASON_UNKNOWN_VERSION, "radiotap version %u",
		    p[0]);
	len = rd_le16(p + 2);
	if (len < 8)
		return rt_bad(&w, REASON_BAD_LENGTH, "radiotap it_len %u "
		    "(8 at least)", (unsigned)len);
	if (len > n)
		return rt_bad(&w, REASON_TRUNCATED, "radiotap it_len %u is past "
		    "the end of the frame (%u octets)", (unsigned)len,
		    (unsigned)n);
	rt->len = (uint16_t)len;
	rt->raw = p;
	rt->present = rd_le32(p + 4);
	for (off = 4; rd_le32(p + off) & (1u << LINK_RT_EXT); off += 4)
		if (off + 8 > len)
			return rt_bad(&w, REASON_BAD_LENGTH, "radiotap present "
			    "words run past it_len %u", (unsigned)len);
	rt->nwords = (uint16_t)((off - 4) / 4 + 1);
	w.p = p;
	w.len = len;
	w.pos = off + 4;
	for (i = 0; i < rt->nwords && !stop; i++) {
		word = rd_le32(p + 4 + 4 * i);
		if (vendor == 1) {	/* its data, not understood */
			w.pos = vend;
			vendor = 2;
		} else if (!vendor && (r = rt_word(&w, word, base, i,
		    &stop)) != REASON_OK)
			return r;
		if (stop)
			break;
		if ((word & (1u << LINK_RT_RADIOTAP_NS)) &&
		    (word & (1u << LINK_RT_VENDOR_NS))) {
			rt_warn(rt, LINK_RTW_BOTH_NS, i);
			stop = 1;
		} else if (word & (1u << LINK_RT_RADIOTAP_NS)) {
			vendor = base = 0;
			if (++w.ns <= LINK_RT_NANT)
				rt->nant = w.ns;
			else if (w.ns == LINK_RT_NANT + 1)
				rt_warn(rt, LINK_RTW_MANY, LINK_RT_NANT);
		} else if (word & (1u << LINK_RT_VENDOR_NS)) {
			if ((r = rt_vendor(&w, &vend)) != REASON_OK)
				return r;
			vendor = 1;
			base = 0;
		} else if (!vendor)
			base += 32;
	}
	rt->partial = stop && !rt->tlv;
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
		pos = (pos + rt_def[idx].align - 1) & ~(size_t)(rt_def[idx].align - 1);
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
		pos += rt_def[idx].size;
	}
	wr_le16(t + 2, (uint16_t)pos);
	wr_le32(t + 4, rt->has);
	buf_add(b, t, pos);
	return 0;
}

/* Field idx of the first namespace, zero-extended into f. */
static const uint8_t *
rt_get(const struct link_radiotap *rt, int idx, uint8_t *f)
{
	memset(f, 0, RT_MAXSIZE);
	memcpy(f, rt->raw + rt->foff[idx], rt->flen[idx]);
	return f;
}

static void
rt_json_hex(struct buf *b, const char *name, const uint8_t *f, size_t n)
{
	buf_addf(b, ",\"%s\":\"", name);
	buf_addhex(b, f, n);
	buf_addc(b, '"');
}

/* The fields of the first namespace that the scalars do not hold. */
static void
rt_json_more(struct buf *b, const struct link_radiotap *rt)
{
	static const char *const u16s[28] = {
		[7] = "lockQuality", [8] = "txAttenuation",
		[9] = "dbTxAttenuation"
	};
	static const char *const u8s[28] = {
		[12] = "dbSignal", [13] = "dbNoise", [16] = "rtsRetries",
		[17] = "dataRetries", [26] = "zeroLengthPsdu"
	};
	static const char *const hexs[28] = {
		[21] = "vht", [23] = "he", [24] = "heMu", [25] = "heMuUser",
		[27] = "lsig"
	};
	uint8_t	 f[RT_MAXSIZE];
	int	 i, ch;

	if (rt->raw == NULL)
		return;
	for (i = 0; i < 28; i++) {
		if (!(rt->seen & (1u << i)))
			continue;
		rt_get(rt, i, f);
		if (u16s[i] != NULL)
			buf_addf(b, ",\"%s\":%u", u16s[i], rd_le16(f));
		else if (u8s[i] != NULL)
			buf_addf(b, ",\"%s\":%u", u8s[i], f[0]);
		else if (hexs[i] != NULL)
			rt_json_hex(b, hexs[i], f, rt_def[i].size);
		else if (i == 4)
			buf_addf(b, ",\"fhss\":{\"hopSet\":%u,\"hopPattern\":%u}",
			    f[0], f[1]);
		else if (i == LINK_RT_XCHANNEL) {
			buf_addf(b, ",\"xchannel\":{\"flags\":\"0x%08lx\","
			    "\"frequency\":%u", (unsigned long)rd_le32(f),
			    rd_le16(f + 4));
			if ((ch = link_freq_channel(rd_le16(f + 4))) >= 0)
				buf_addf(b, ",\"channel\":%d", ch);
			buf_addf(b, ",\"channelNumber\":%u,\"maxPower\":%u}",
			    f[6], f[7]);
		} else if (i == 20)
			buf_addf(b, ",\"ampdu\":{\"reference\":%lu,\"flags\":"
			    "\"0x%04x\",\"delimiterCrc\":%u}",
			    (unsigned long)rd_le32(f), rd_le16(f + 4), f[6]);
		else if (i == LINK_RT_TIMESTAMP)
			buf_addf(b, ",\"timestamp\":{\"value\":%llu,"
			    "\"accuracy\":%u,\"unit\":%u,\"position\":%u,"
			    "\"flags\":\"0x%02x\"}",
			    (unsigned long long)rd_le64(f), rd_le16(f + 8),
			    f[10] & 0x0f, f[10] >> 4, f[11]);
	}
}

/* Per-antenna fields, vendor namespaces, warnings. */
static void
rt_json_lists(struct buf *b, const struct link_radiotap *rt)
{
	const struct link_rt_vendor *v;
	const struct link_rt_ant *a;
	const char *sep;
	char	 t[128];
	int	 i;

	if (rt->nant > 0)
		buf_adds(b, ",\"antennas\":[");
	for (i = 0; i < rt->nant; i++) {
		a = &rt->ant[i];
		sep = "";
		buf_adds(b, i ? ",{" : "{");
		if (a->has & (1u << LINK_RT_ANTENNA)) {
			buf_addf(b, "\"antenna\":%u", (unsigned)a->antenna);
			sep = ",";
		}
		if (a->has & (1u << LINK_RT_DBM_SIGNAL)) {
			buf_addf(b, "%s\"signal\":%d", sep, (int)a->signal);
			sep = ",";
		}
		if (a->has & (1u << LINK_RT_DBM_NOISE))
			buf_addf(b, "%s\"noise\":%d", sep, (int)a->noise);
		buf_addc(b, '}');
	}
	if (rt->nant > 0)
		buf_addc(b, ']');
	if (rt->nvendor > 0)
		buf_adds(b, ",\"vendor\":[");
	for (i = 0; i < rt->nvendor; i++) {
		v = &rt->vendor[i];
		buf_addf(b, "%s{\"oui\":\"%02x:%02x:%02x\",\"subNamespace\":%u,"
		    "\"length\":%u", i ? "," : "", v->oui[0], v->oui[1],
		    v->oui[2], v->subns, v->skip);
		if (v->tlv)
			buf_addf(b, ",\"tlv\":true,\"presenceType\":%u",
			    v->ptype);
		buf_addc(b, '}');
	}
	if (rt->nvendor > 0)
		buf_addc(b, ']');
	if (rt->nwarn > 0)
		buf_adds(b, ",\"warnings\":[");
	for (i = 0; i < rt->nwarn; i++) {
		link_rt_warn_str(t, sizeof(t), rt->warn[i].code,
		    rt->warn[i].arg);
		if (i)
			buf_addc(b, ',');
		buf_addf(b, "\"%s\"", t);	/* our text: no quotes */
	}
	if (rt->nwarn > 0)
		buf_addc(b, ']');
}

void
link_radiotap_json(struct buf *b, const struct link_frame *f)
{
	const struct link_radiotap *rt = &f->rt;
	unsigned i;
	int	 ch;

	if (!(f->layers & LINK_L_RADIOTAP))
		return;
	buf_addf(b, "{\"layer\":\"radiotap\",\"length\":%u,\"present\":"
	    "\"0x%08lx\"", (unsigned)rt->len, (unsigned long)rt->present);
	if (rt->raw != NULL && rt->nwords > 1) {
		buf_adds(b, ",\"presentWords\":[");
		for (i = 0; i < rt->nwords; i++)
			buf_addf(b, "%s\"0x%08lx\"", i ? "," : "",
			    (unsigned long)rd_le32(rt->raw + 4 + 4 * i));
		buf_addc(b, ']');
	}
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
		buf_addf(b, ",\"mcs\":%u,\"mcsKnown\":\"0x%02x\",\"mcsFlags\":"
		    "\"0x%02x\"", (unsigned)rt->mcs[2], rt->mcs[0],
		    rt->mcs[1]);
	if (rt->has & (1u << LINK_RT_DBM_SIGNAL))
		buf_addf(b, ",\"signal\":%d", (int)rt->signal);
	if (rt->has & (1u << LINK_RT_DBM_NOISE))
		buf_addf(b, ",\"noise\":%d", (int)rt->noise);
	if (rt->has & (1u << LINK_RT_DBM_TXPOWER))
		buf_addf(b, ",\"txPower\":%d", (int)rt->txpower);
	if (rt->has & (1u << LINK_RT_ANTENNA))
		buf_addf(b, ",\"antenna\":%u", (unsigned)rt->antenna);
	if (rt->has & (1u << LINK_RT_RX_FLAGS))
		buf_addf(b, ",\"rxFlags\":\"0x%04x\"", (unsigned)rt->rxflags);
	if (rt->has & (1u << LINK_RT_TX_FLAGS))
		buf_addf(b, ",\"txFlags\":\"0x%04x\"", (unsigned)rt->txflags);
	rt_json_more(b, rt);
	if (rt->tlv)
		buf_adds(b, ",\"tlv\":true");
	rt_json_lists(b, rt);
	if (rt->partial)
		buf_adds(b, ",\"partial\":true");
	buf_addc(b, '}');
}
