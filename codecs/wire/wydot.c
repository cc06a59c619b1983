/*
 * wydot.c: records of the WYDOT Connected Vehicle Pilot OBU logs, laid out
 * as jpo-ode's data/wydotLogRecords.h and importer parsers read them
 * (packed, little-endian), and the gzip files they come in (zlib).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "buf.h"
#include "bytes.h"
#include "jer.h"
#include "peel.h"
#include "wydot.h"

/*
 * The three layouts.  Every record is a header, then length bytes:
 *   TAGGED (bsmTx, bsmLogDuringEvent, rxMsg): direction or rxSource (1),
 *	location (16), utcTimeInSec (4), mSec (2), securityResultCode (1),
 *	length (2);
 *   DN (dnMsg): location, time, securityResultCode, length;
 *   ALERT (driverAlert): location, time, length, then text.
 * location: latitude, longitude, elevation (4 each), speed, heading (2
 * each), in J2735 units.  Logs written by Commsignia units end every
 * record with a '\n' (jpo-ode's bsmTx_commsignia.gz, rxMsg_commsignia_*).
 */
enum layout {
	L_NONE = 0,
	L_TAGGED,
	L_DN,
	L_ALERT
};

#define LOC_LEN		16
#define DETECT_RECORDS	32	/* records a layout must explain */
/* Times a real log holds: 2010-01-01 .. 2100-01-01 (the pilot ran from
 * 2017).  Used only to guess a layout and to find the next record. */
#define TIME_MIN	1262304000UL
#define TIME_MAX	4102444800UL

struct wydot_reader {
	const uint8_t	*p;
	size_t		 n;
	size_t		 off;
	enum wydot_type	 type;
	enum layout	 layout;
	int		 nl;	/* records end with '\n' */
};

static const char *const type_names[] = {
	"unknown", "bsmTx", "bsmLogDuringEvent", "rxMsg", "dnMsg",
	"driverAlert"
};

/* data/wydotLogRecords.h's securityResultCode; 1 is not defined there
 * (ODE's own enumeration calls it unknown). */
static const char *const security_names[WYDOT_MAX_SECURITY + 1] = {
	"success", "unknown", "inconsistentInputParameters",
	"spduParsingInvalidInput",
	"spduParsingUnsupportedCriticalInformationField",
	"spduParsingCertificateNotFound",
	"spduParsingGenerationTimeNotAvailable",
	"spduParsingGenerationLocationNotAvailable",
	"spduCertificateChainNotEnoughInformationToConstructChain",
	"spduCertificateChainChainEndedAtUntrustedRoot",
	"spduCertificateChainChainWasTooLongForImplementation",
	"spduCertificateChainCertificateRevoked",
	"spduCertificateChainOverdueCRL",
	"spduCertificateChainInconsistentExpiryTimes",
	"spduCertificateChainInconsistentStartTimes",
	"spduCertificateChainInconsistentChainPermissions",
	"spduCryptoVerificationFailure",
	"spduConsistencyFutureCertificateAtGenerationTime",
	"spduConsistencyExpiredCertificateAtGenerationTime",
	"spduConsistencyExpiryDateTooEarly",
	"spduConsistencyExpiryDateTooLate",
	"spduConsistencyGenerationLocationOutsideValidityRegion",
	"spduConsistencyNoGenerationLocation",
	"spduConsistencyUnauthorizedPSID",
	"spduInternalConsistencyExpiryTimeBeforeGenerationTime",
	"spduInternalConsistencyextDataHashDoesntMatch",
	"spduInternalConsistencynoExtDataHashProvided",
	"spduInternalConsistencynoExtDataHashPresent",
	"spduLocalConsistencyPSIDsDontMatch",
	"spduLocalConsistencyChainWasTooLongForSDEE",
	"spduRelevanceGenerationTimeTooFarInPast",
	"spduRelevanceGenerationTimeTooFarInFuture",
	"spduRelevanceExpiryTimeInPast",
	"spduRelevanceGenerationLocationTooDistant",
	"spduRelevanceReplayedSpdu",
	"spduCertificateExpired"
};

static const char *const rx_source_names[] = { "RSU", "SAT", "RV", "SNMP" };

const char *
wydot_type_str(enum wydot_type t)
{
	if ((unsigned)t >= sizeof(type_names) / sizeof(type_names[0]))
		return "unknown";
	return type_names[t];
}

const char *
wydot_security_str(unsigned c)
{
	return c <= WYDOT_MAX_SECURITY ? security_names[c] : "unknown";
}

const char *
wydot_rx_source_str(unsigned s)
{
	return s < 4 ? rx_source_names[s] : "unknown";
}

enum wydot_type
wydot_type_from_name(const char *path)
{
	const char	*base;
	size_t		 i, l;

	if (path == NULL)
		return WYDOT_AUTO;
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	for (i = WYDOT_BSM_TX; i <= WYDOT_DRIVER_ALERT; i++) {
		l = strlen(type_names[i]);
		if (strncmp(base, type_names[i], l) == 0)
			return (enum wydot_type)i;
	}
	return WYDOT_AUTO;
}

static enum layout
type_layout(enum wydot_type t)
{
	switch (t) {
	case WYDOT_BSM_TX:
	case WYDOT_BSM_EVENT:
	case WYDOT_RX_MSG:
		return L_TAGGED;
	case WYDOT_DN_MSG:
		return L_DN;
	case WYDOT_DRIVER_ALERT:
		return L_ALERT;
	default:
		return L_NONE;
	}
}

static size_t
hdr_len(enum layout l)
{
	switch (l) {
	case L_TAGGED:
		return 1 + LOC_LEN + 6 + 1 + 2;
	case L_DN:
		return LOC_LEN + 6 + 1 + 2;
	case L_ALERT:
		return LOC_LEN + 6 + 2;
	default:
		return 0;
	}
}

/* The header at p[0..n) read as layout l into r; the payload is not
 * looked at.  Only TRUNCATED can fail. */
static enum reason
parse_hdr(const uint8_t *p, size_t n, enum layout l, struct wydot_record *r)
{
	size_t	 o = 0;

	if (n < hdr_len(l))
		return REASON_TRUNCATED;
	if (l == L_TAGGED) {
		if (r->type == WYDOT_RX_MSG) {
			r->has_rx_source = 1;
			r->rx_source = p[o];
		} else {
			r->has_direction = 1;
			r->direction = p[o];
		}
		o++;
	}
	r->latitude = (int32_t)rd_le32(p + o);
	r->longitude = (int32_t)rd_le32(p + o + 4);
	r->elevation = (int32_t)rd_le32(p + o + 8);
	r->speed = rd_le16(p + o + 12);
	r->heading = rd_le16(p + o + 14);
	o += LOC_LEN;
	r->utc_time = rd_le32(p + o);
	r->msec = rd_le16(p + o + 4);
	o += 6;
	if (l != L_ALERT) {
		r->has_security = 1;
		r->security = p[o++];
	}
	r->length = rd_le16(p + o);
	return REASON_OK;
}

static size_t
max_length(enum layout l)
{
	return l == L_ALERT ? WYDOT_MAX_ALERT : WYDOT_MAX_PAYLOAD;
}

/* Could a record of layout l start at p[0..n)?  Stricter than
 * frame(): the time must be that of a real log and the payload must
 * start as the layout's payloads do.  With hdr_only, the payload may
 * lie beyond n. */
static int
plausible(const uint8_t *p, size_t n, enum layout l, int hdr_only)
{
	struct wydot_record	 r;
	const uint8_t		*q;
	size_t			 h = hdr_len(l), i;

	memset(&r, 0, sizeof(r));
	if (l == L_NONE || parse_hdr(p, n, l, &r) != REASON_OK)
		return 0;
	if (l == L_TAGGED && p[0] > 3)
		return 0;
	if (r.utc_time < TIME_MIN || r.utc_time >= TIME_MAX || r.msec > 999)
		return 0;
	if ((r.has_security && r.security > WYDOT_MAX_SECURITY) ||
	    r.length == 0 || r.length > max_length(l))
		return 0;
	if (h + r.length > n)
		return hdr_only;
	q = p + h;
	if (l != L_ALERT)	/* IEEE 1609.2 or WSMP version 3, or a bare
				 * MessageFrame (messageId < 128) */
		return (q[0] & 7) == 3 || q[0] == 0;
	for (i = 0; i < r.length; i++)
		if (q[i] < 0x20 && q[i] != '\t' && q[i] != '\n' &&
		    q[i] != '\r' && q[i] != 0)
			return 0;
	return 1;
}

/* How well layout l explains the start of p[0..n): two points per record,
 * one more if the walk ends at the end of the data or inside a record
 * whose header is plausible. */
static int
score(const uint8_t *p, size_t n, enum layout l, int nl, int *max_tag)
{
	struct wydot_record	 r;
	size_t			 off = 0;
	int			 s = 0, k;

	*max_tag = 0;
	for (k = 0; k < DETECT_RECORDS; k++) {
		if (off == n)
			return s + 1;
		if (!plausible(p + off, n - off, l, 1))
			return s;
		memset(&r, 0, sizeof(r));
		(void)parse_hdr(p + off, n - off, l, &r);
		if (hdr_len(l) + r.length > n - off)
			return s + 1;
		if (l == L_TAGGED && p[off] > *max_tag)
			*max_tag = p[off];
		off += hdr_len(l) + r.length;
		if (nl && off < n && p[off++] != '\n')
			return s;
		s += 2;
	}
	return s + 1;
}

/* 1 if the first record's message is a J2735 BSM (messageId 20). */
static int
first_is_bsm(const uint8_t *p, size_t n)
{
	struct wydot_record	 r;
	struct peel		 pe;
	size_t			 h = hdr_len(L_TAGGED);
	int			 bsm;

	memset(&r, 0, sizeof(r));
	if (parse_hdr(p, n, L_TAGGED, &r) != REASON_OK ||
	    h + r.length > n)
		return 0;
	peel_init(&pe);
	bsm = peel_bytes(&pe, p + h, r.length, PEEL_NODECODE) == REASON_OK &&
	    pe.raw != NULL && pe.raw_len >= 2 && pe.raw[0] == 0x00 &&
	    pe.raw[1] == 0x14;
	peel_free(&pe);
	return bsm;
}

/* The layout (unless given) and the record ending that explain the
 * data best; with no '\n' ending on a tie. */
static void
detect(struct wydot_reader *rd, enum layout given)
{
	static const enum layout order[] = { L_TAGGED, L_DN, L_ALERT };
	size_t	 i;
	int	 s, best = 0, tag, best_tag = 0, nl;

	rd->layout = L_NONE;
	rd->nl = 0;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (given != L_NONE && order[i] != given)
			continue;
		for (nl = 0; nl <= 1; nl++) {
			if ((s = score(rd->p, rd->n, order[i], nl, &tag)) >
			    best) {
				best = s;
				best_tag = tag;
				rd->layout = order[i];
				rd->nl = nl;
			}
		}
	}
	if (given != L_NONE) {
		rd->layout = given;
		return;
	}
	rd->type = WYDOT_AUTO;
	switch (rd->layout) {
	case L_TAGGED:
		/* bsmTx and rxMsg differ only in what they carry. */
		rd->type = best_tag <= 1 && first_is_bsm(rd->p, rd->n) ?
		    WYDOT_BSM_TX : WYDOT_RX_MSG;
		break;
	case L_DN:
		rd->type = WYDOT_DN_MSG;
		break;
	case L_ALERT:
		rd->type = WYDOT_DRIVER_ALERT;
		break;
	default:
		break;
	}
}

struct wydot_reader *
wydot_open_type(const uint8_t *p, size_t n, enum wydot_type t)
{
	struct wydot_reader	*rd;

	if ((rd = calloc(1, sizeof(*rd))) == NULL)
		return NULL;
	rd->p = p;
	rd->n = p != NULL ? n : 0;
	rd->type = t;
	detect(rd, type_layout(t));
	return rd;
}

struct wydot_reader *
wydot_open(const uint8_t *p, size_t n)
{
	return wydot_open_type(p, n, WYDOT_AUTO);
}

void
wydot_free(struct wydot_reader *rd)
{
	free(rd);
}

enum wydot_type
wydot_type(const struct wydot_reader *rd)
{
	return rd->type;
}

/* The record at rd->off into r. */
static enum reason
frame(const struct wydot_reader *rd, struct wydot_record *r)
{
	const uint8_t	*p = rd->p + rd->off;
	size_t		 n = rd->n - rd->off, h = hdr_len(rd->layout);
	enum reason	 rs;

	if ((rs = parse_hdr(p, n, rd->layout, r)) != REASON_OK)
		return rs;
	if (r->length == 0 || r->length > max_length(rd->layout))
		return REASON_BAD_LENGTH;
	if (h + r->length > n)
		return REASON_TRUNCATED;
	r->size = h + r->length;
	if (rd->layout == L_ALERT)
		r->text = (const char *)p + h;
	else
		r->payload = p + h;
	if ((r->has_direction && r->direction > 1) ||
	    (r->has_rx_source && r->rx_source > 3) ||
	    (r->has_security && r->security > WYDOT_MAX_SECURITY))
		return REASON_BAD_VALUE;
	return REASON_OK;
}

/* After a bad record at from: the next offset where a plausible record
 * ends at the end of the data or is followed by another. */
static size_t
resync(const struct wydot_reader *rd, size_t from)
{
	struct wydot_record	 r;
	size_t			 o, end, h = hdr_len(rd->layout);

	for (o = from + 1; o + h <= rd->n; o++) {
		if (!plausible(rd->p + o, rd->n - o, rd->layout, 0))
			continue;
		memset(&r, 0, sizeof(r));
		(void)parse_hdr(rd->p + o, rd->n - o, rd->layout, &r);
		end = o + h + r.length;
		if (rd->nl && end < rd->n && rd->p[end] == '\n')
			end++;
		if (end == rd->n || plausible(rd->p + end, rd->n - end,
		    rd->layout, 1))
			return o;
	}
	return rd->n;
}

enum reason
wydot_next(struct wydot_reader *rd, struct wydot_record *out)
{
	enum reason	 rs;
	size_t		 next;

	memset(out, 0, sizeof(*out));
	if (rd->off >= rd->n)
		return WYDOT_END;
	out->type = rd->type;
	out->offset = rd->off;
	if (rd->layout == L_NONE) {
		out->skipped = rd->n - rd->off;
		rd->off = rd->n;
		return REASON_UNKNOWN_TYPE;
	}
	if ((rs = frame(rd, out)) == REASON_OK) {
		if (rd->nl && out->offset + out->size < rd->n &&
		    rd->p[out->offset + out->size] == '\n')
			out->size++;
		rd->off += out->size;
		return REASON_OK;
	}
	next = resync(rd, rd->off);
	out->skipped = next - rd->off;
	rd->off = next;
	return rs;
}

/* v in units of 10^-scale, as a JSON number. */
static void
add_fixed(struct buf *b, long long v, unsigned scale)
{
	unsigned long long	 a, div = 1;
	unsigned		 i;

	for (i = 0; i < scale; i++)
		div *= 10;
	a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	buf_addf(b, "%s%llu", v < 0 ? "-" : "", a / div);
	if (scale > 0)
		buf_addf(b, ".%0*llu", (int)scale, a % div);
}

static void
json_location(struct buf *b, const struct wydot_record *r)
{
	buf_adds(b, ",\"location\":{\"latitude\":");
	if (r->latitude == WYDOT_LAT_NA)
		buf_adds(b, "null");
	else
		add_fixed(b, r->latitude, 7);
	buf_adds(b, ",\"longitude\":");
	if (r->longitude == WYDOT_LON_NA)
		buf_adds(b, "null");
	else
		add_fixed(b, r->longitude, 7);
	buf_adds(b, ",\"elevation\":");
	if (r->elevation == WYDOT_ELEV_NA)
		buf_adds(b, "null");
	else
		add_fixed(b, r->elevation, 1);
	buf_adds(b, ",\"speed\":");	/* 0.02 m/s */
	if (r->speed == WYDOT_SPEED_NA)
		buf_adds(b, "null");
	else
		add_fixed(b, (long long)r->speed * 2, 2);
	buf_adds(b, ",\"heading\":");	/* 0.0125 degree */
	if (r->heading == WYDOT_HEADING_NA)
		buf_adds(b, "null");
	else
		add_fixed(b, (long long)r->heading * 125, 4);
	buf_addc(b, '}');
}

void
wydot_json(struct buf *b, const struct wydot_record *r)
{
	struct tm	 tm;
	time_t		 t = (time_t)r->utc_time;

	buf_addf(b, "{\"layer\":\"wydot\",\"recordType\":\"%s\",\"offset\":%zu",
	    wydot_type_str(r->type), r->offset);
	if (r->has_direction)
		buf_addf(b, ",\"direction\":\"%s\"", r->direction == 0 ? "EV" :
		    r->direction == 1 ? "RV" : "unknown");
	if (r->has_rx_source)
		buf_addf(b, ",\"rxSource\":\"%s\"",
		    wydot_rx_source_str(r->rx_source));
	json_location(b, r);
	buf_addf(b, ",\"utcTimeInSec\":%lu,\"msec\":%u",
	    (unsigned long)r->utc_time, (unsigned)r->msec);
	if (gmtime_r(&t, &tm) != NULL && r->msec < 1000)
		buf_addf(b, ",\"generatedAt\":\"%04d-%02d-%02dT%02d:%02d:%02d"
		    ".%03uZ\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec, (unsigned)r->msec);
	if (r->has_security)
		buf_addf(b, ",\"securityResultCode\":\"%s\"",
		    wydot_security_str(r->security));
	buf_addf(b, ",\"length\":%u", (unsigned)r->length);
	if (r->text != NULL) {
		buf_adds(b, ",\"alert\":");
		jer_string_utf8(b, r->text, r->length);
	}
	buf_addc(b, '}');
}

int
wydot_is_gzip(const uint8_t *p, size_t n)
{
	return p != NULL && n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

static void
set_err(char *err, size_t errlen, const char *what, const z_stream *z)
{
	if (err == NULL || errlen == 0)
		return;
	if (z != NULL && z->msg != NULL)
		(void)snprintf(err, errlen, "%s: %s", what, z->msg);
	else
		(void)snprintf(err, errlen, "%s", what);
}

int
wydot_gunzip(const uint8_t *p, size_t n, struct buf *out, char *err,
    size_t errlen)
{
	z_stream	 z;
	size_t		 room, start = out->len, chunk;
	int		 zr, ended = 0;

	memset(&z, 0, sizeof(z));
	if (!wydot_is_gzip(p, n)) {
		set_err(err, errlen, "not gzip data", NULL);
		return -1;
	}
	if (inflateInit2(&z, 15 + 16) != Z_OK) {
		set_err(err, errlen, "inflateInit2 failed", &z);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	for (;;) {
		/* A member ended: another may follow (gzip -c a b > c). */
		if (ended) {
			if (n == 0 || !wydot_is_gzip(p, n))
				break;	/* trailing padding: ignored */
			if (inflateReset(&z) != Z_OK) {
				set_err(err, errlen, "inflateReset failed",
				    &z);
				goto fail;
			}
			ended = 0;
		}
		if (out->len - start >= WYDOT_MAX_GUNZIP) {
			set_err(err, errlen, "decompressed data too large",
			    NULL);
			goto fail;
		}
		if (buf_reserve(out, 65536) == -1) {
			set_err(err, errlen, "out of memory", NULL);
			goto fail;
		}
		room = out->cap - out->len - 1;
		if (room > 1U << 30)
			room = 1U << 30;
		chunk = n > (1U << 30) ? (1U << 30) : n;
		z.next_in = (Bytef *)(uintptr_t)p;
		z.avail_in = (uInt)chunk;
		z.next_out = (Bytef *)out->p + out->len;
		z.avail_out = (uInt)room;
		zr = inflate(&z, Z_NO_FLUSH);
		out->len += room - z.avail_out;
		p += chunk - z.avail_in;
		n -= chunk - z.avail_in;
		if (zr == Z_STREAM_END) {
			ended = 1;
			continue;
		}
		if (zr == Z_BUF_ERROR && n == 0) {
			set_err(err, errlen, "gzip data truncated", NULL);
			goto fail;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			set_err(err, errlen, zr == Z_MEM_ERROR ?
			    "out of memory" : "bad gzip data", &z);
			goto fail;
		}
	}
	inflateEnd(&z);
	out->p[out->len] = '\0';
	return 0;
fail:
	inflateEnd(&z);
	out->len = start;
	return -1;
}
