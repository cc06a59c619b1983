/*
 * ifm.c: the immediate forward message of the USDOT DSRC Roadside Unit
 * Specifications v4.1 ("Version=0.7" text lines), parsed in place and
 * built.  The PSID is the p-encoded form of IEEE 1609.3 / 1609.12.
 */
#include <string.h>

#include "buf.h"
#include "ifm.h"
#include "jer.h"
#include "wsmp.h"

static const char *const keys[IFM_K_MAX] = {
	"Version", "Type", "PSID", "Priority", "TxMode", "TxChannel",
	"TxInterval", "DeliveryStart", "DeliveryStop", "Signature",
	"Encryption", "Payload"
};

#define REQUIRED	(1u << IFM_K_VERSION | 1u << IFM_K_TYPE |	\
	1u << IFM_K_PSID | 1u << IFM_K_PRIORITY | 1u << IFM_K_TXMODE |	\
	1u << IFM_K_TXCHANNEL | 1u << IFM_K_PAYLOAD)

const char *
ifm_key_str(enum ifm_key k)
{
	return (unsigned)k < IFM_K_MAX ? keys[k] : "?";
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static int
eq_nocase(const char *s, size_t n, const char *lit)
{
	size_t	 i;
	char	 a, b;

	if (strlen(lit) != n)
		return 0;
	for (i = 0; i < n; i++) {
		a = s[i];
		b = lit[i];
		if (a >= 'a' && a <= 'z')
			a -= 'a' - 'A';
		if (b >= 'a' && b <= 'z')
			b -= 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

/* Decimal 0..max without sign; *form set for leading zeros. */
static int
decimal(const char *s, size_t n, unsigned long max, unsigned long *v,
    unsigned *flags)
{
	size_t	 i;

	if (n == 0 || n > 10)
		return -1;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned long)(s[i] - '0');
	}
	if (*v > max)
		return -1;
	if (n > 1 && s[0] == '0')
		*flags |= IFM_F_FORM;
	return 0;
}

static int
boolean(const char *s, size_t n, int *v, unsigned *flags)
{
	if (eq_nocase(s, n, "True"))
		*v = 1;
	else if (eq_nocase(s, n, "False"))
		*v = 0;
	else
		return -1;
	if (!eq(s, n, "True") && !eq(s, n, "False"))
		*flags |= IFM_F_FORM;
	return 0;
}

/* "0x" and the p-encoded octets in hexadecimal. */
static int
psid(const char *s, size_t n, uint32_t *v, unsigned *flags)
{
	uint8_t		 o[4];
	uint32_t	 x = 0;
	size_t		 i, k;
	int		 d;

	if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || n > 10)
		return -1;
	if (s[1] == 'X')
		*flags |= IFM_F_FORM;
	for (i = 2; i < n; i++) {
		if ((d = hex_digit((unsigned char)s[i])) < 0)
			return -1;
		if (s[i] >= 'a' && s[i] <= 'f')
			*flags |= IFM_F_FORM;
		x = x << 4 | (uint32_t)d;
	}
	if (x <= 0x7f)
		k = 1;
	else if (x >= 0x8000 && x <= 0xbfff)
		k = 2;
	else if (x >= 0xc00000 && x <= 0xdfffff)
		k = 3;
	else if (x >= 0xe0000000 && x <= 0xefffffff)
		k = 4;
	else
		return -1;
	if (n - 2 != 2 * k)
		*flags |= IFM_F_FORM;
	for (i = 0; i < k; i++)
		o[i] = (uint8_t)(x >> (8 * (k - 1 - i)));
	return wsmp_psid_decode(o, k, v) == (int)k ? 0 : -1;
}

static enum reason
value(struct ifm_msg *m, enum ifm_key k, const char *s, size_t n)
{
	unsigned long	 v;
	size_t		 i;

	switch (k) {
	case IFM_K_VERSION:
		m->version.p = s;
		m->version.len = n;
		if (n == 0)
			return REASON_BAD_VALUE;
		return eq(s, n, IFM_VERSION) ? REASON_OK :
		    REASON_UNKNOWN_VERSION;
	case IFM_K_TYPE:
		if (n == 0)
			return REASON_BAD_VALUE;
		for (i = 0; i < n; i++)
			if (!((s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
			    s[i] == '-'))
				return REASON_BAD_VALUE;
		m->type.p = s;
		m->type.len = n;
		return REASON_OK;
	case IFM_K_PSID:
		return psid(s, n, &m->psid, &m->flags) == 0 ? REASON_OK :
		    REASON_BAD_VALUE;
	case IFM_K_PRIORITY:
		if (decimal(s, n, 7, &v, &m->flags) == -1)
			return REASON_BAD_VALUE;
		m->priority = (uint8_t)v;
		return REASON_OK;
	case IFM_K_TXMODE:
		if (eq_nocase(s, n, "CONT"))
			m->txmode = IFM_CONT;
		else if (eq_nocase(s, n, "ALT"))
			m->txmode = IFM_ALT;
		else
			return REASON_BAD_VALUE;
		if (!eq(s, n, "CONT") && !eq(s, n, "ALT"))
			m->flags |= IFM_F_FORM;
		return REASON_OK;
	case IFM_K_TXCHANNEL:
		if (eq_nocase(s, n, "CCH") || eq_nocase(s, n, "SCH")) {
			if (!eq(s, n, "CCH") && !eq(s, n, "SCH"))
				m->flags |= IFM_F_FORM;
			m->channel = -1;
			m->channel_name.p = s;
			m->channel_name.len = n;
			return REASON_OK;
		}
		if (decimal(s, n, 255, &v, &m->flags) == -1)
			return REASON_BAD_VALUE;
		m->channel = (int)v;
		return REASON_OK;
	case IFM_K_TXINTERVAL:
		if (decimal(s, n, 65535, &v, &m->flags) == -1)
			return REASON_BAD_VALUE;
		m->interval = v;
		return REASON_OK;
	case IFM_K_START:
		m->start.p = s;
		m->start.len = n;
		return REASON_OK;
	case IFM_K_STOP:
		m->stop.p = s;
		m->stop.len = n;
		return REASON_OK;
	case IFM_K_SIGNATURE:
		return boolean(s, n, &m->signature, &m->flags) == 0 ?
		    REASON_OK : REASON_BAD_VALUE;
	case IFM_K_ENCRYPTION:
		return boolean(s, n, &m->encryption, &m->flags) == 0 ?
		    REASON_OK : REASON_BAD_VALUE;
	case IFM_K_PAYLOAD:
		if (n == 0 || n % 2)
			return REASON_BAD_HEX;
		for (i = 0; i < n; i++)
			if (hex_digit((unsigned char)s[i]) < 0)
				return REASON_BAD_HEX;
		m->payload_hex.p = s;
		m->payload_hex.len = n;
		m->payload_len = n / 2;
		return REASON_OK;
	default:
		return REASON_BAD_VALUE;
	}
}

enum reason
ifm_parse(const uint8_t *p, size_t n, struct ifm_msg *out)
{
	const char	*s = (const char *)p, *e;
	size_t		 o = 0, eol, end, ks, ke, vs, ve, i;
	enum reason	 r;
	int		 k, last = -1, term;

	memset(out, 0, sizeof(*out));
	while (n > 0 && s[n - 1] == '\0') {
		n--;
		out->flags |= IFM_F_FORM;
	}
	while (o < n) {
		for (eol = o; eol < n && s[eol] != '\n'; eol++)
			;
		term = eol < n;
		end = eol;
		if (end > o && s[end - 1] == '\r') {
			end--;
			out->flags |= IFM_F_FORM;
		}
		for (i = o; i < end && is_blank(s[i]); i++)
			;
		if (i == end) {			/* blank line */
			out->flags |= IFM_F_FORM;
			o = eol + 1;
			continue;
		}
		if ((e = memchr(s + o, '=', end - o)) == NULL)
			return term ? REASON_BAD_VALUE : REASON_TRUNCATED;
		ks = o;
		ke = (size_t)(e - s);
		vs = ke + 1;
		ve = end;
		while (ks < ke && is_blank(s[ks]))
			ks++;
		while (ke > ks && is_blank(s[ke - 1]))
			ke--;
		while (vs < ve && is_blank(s[vs]))
			vs++;
		while (ve > vs && is_blank(s[ve - 1]))
			ve--;
		if (ks != o || ke != (size_t)(e - s) ||
		    vs != (size_t)(e - s) + 1 || ve != end)
			out->flags |= IFM_F_FORM;
		for (k = 0; k < IFM_K_MAX; k++)
			if (eq(s + ks, ke - ks, keys[k]))
				break;
		if (k == IFM_K_MAX)
			return term ? REASON_BAD_VALUE : REASON_TRUNCATED;
		if (out->present & (1u << k))
			return REASON_BAD_VALUE;
		out->present |= 1u << k;
		if (k < last)
			out->flags |= IFM_F_ORDER;
		last = k;
		r = value(out, k, s + vs, ve - vs);
		if (r != REASON_OK)
			return (!term && k != IFM_K_PAYLOAD) ?
			    REASON_TRUNCATED : r;
		if (!term)
			out->flags |= IFM_F_FORM;
		o = eol + 1;
	}
	if (!(out->present & (1u << IFM_K_PAYLOAD)))
		return REASON_TRUNCATED;
	if ((out->present & REQUIRED) != REQUIRED)
		return REASON_BAD_VALUE;
	if (out->present != IFM_ALL)
		out->flags |= IFM_F_FORM;
	return REASON_OK;
}

static void
add_str(struct buf *b, const struct ifm_str *s)
{
	if (s->len > 0)
		buf_add(b, s->p, s->len);
}

int
ifm_build(struct buf *b, const struct ifm_msg *m)
{
	static const char hx[] = "0123456789ABCDEF";
	uint8_t		 ps[4];
	size_t		 k, i, np;
	int		 key;

	for (key = 0; key < IFM_K_MAX; key++) {
		if (!(m->present & (1u << key)))
			continue;
		buf_adds(b, keys[key]);
		buf_addc(b, '=');
		switch (key) {
		case IFM_K_VERSION:
			if (m->version.p != NULL)
				add_str(b, &m->version);
			else
				buf_adds(b, IFM_VERSION);
			break;
		case IFM_K_TYPE:
			if (m->type.len == 0)
				return -1;
			add_str(b, &m->type);
			break;
		case IFM_K_PSID:
			if ((np = wsmp_psid_encode(m->psid, ps)) == 0)
				return -1;
			buf_adds(b, "0x");
			for (i = 0; i < np; i++) {
				buf_addc(b, hx[ps[i] >> 4]);
				buf_addc(b, hx[ps[i] & 15]);
			}
			break;
		case IFM_K_PRIORITY:
			if (m->priority > 7)
				return -1;
			buf_addulong(b, m->priority);
			break;
		case IFM_K_TXMODE:
			buf_adds(b, m->txmode == IFM_ALT ? "ALT" : "CONT");
			break;
		case IFM_K_TXCHANNEL:
			if (m->channel >= 0 && m->channel <= 255)
				buf_addulong(b, (unsigned long)m->channel);
			else if (m->channel_name.len > 0)
				add_str(b, &m->channel_name);
			else
				return -1;
			break;
		case IFM_K_TXINTERVAL:
			if (m->interval > 65535)
				return -1;
			buf_addulong(b, m->interval);
			break;
		case IFM_K_START:
			add_str(b, &m->start);
			break;
		case IFM_K_STOP:
			add_str(b, &m->stop);
			break;
		case IFM_K_SIGNATURE:
			buf_adds(b, m->signature ? "True" : "False");
			break;
		case IFM_K_ENCRYPTION:
			buf_adds(b, m->encryption ? "True" : "False");
			break;
		case IFM_K_PAYLOAD:
			if (m->payload != NULL) {
				if (m->payload_len == 0)
					return -1;
				for (k = 0; k < m->payload_len; k++) {
					buf_addc(b, hx[m->payload[k] >> 4]);
					buf_addc(b, hx[m->payload[k] & 15]);
				}
			} else {
				if (m->payload_hex.len == 0)
					return -1;
				add_str(b, &m->payload_hex);
			}
			break;
		}
		buf_addc(b, '\n');
	}
	return b->oom ? -1 : 0;
}

void
ifm_init(struct ifm_msg *m, const char *type, uint32_t psid, int channel,
    const uint8_t *payload, size_t n)
{
	memset(m, 0, sizeof(*m));
	m->present = IFM_ALL;
	m->version.p = IFM_VERSION;
	m->version.len = strlen(IFM_VERSION);
	m->type.p = type;
	m->type.len = strlen(type);
	m->psid = psid;
	m->priority = 7;
	m->txmode = IFM_CONT;
	m->channel = channel;
	m->payload = payload;
	m->payload_len = n;
}

long
ifm_payload(const struct ifm_msg *m, uint8_t *out, size_t cap)
{
	if (m->payload != NULL) {
		if (m->payload_len > cap)
			return -1;
		memcpy(out, m->payload, m->payload_len);
		return (long)m->payload_len;
	}
	return hex_decode(m->payload_hex.p, m->payload_hex.len, out, cap);
}

int
ifm_probe(const uint8_t *p, size_t n)
{
	static const char v[] = "Version=";

	while (n > 0 && (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' ||
	    p[0] == '\n')) {
		p++;
		n--;
	}
	return n >= sizeof(v) - 1 && memcmp(p, v, sizeof(v) - 1) == 0;
}

static void
json_str(struct buf *b, const char *name, const struct ifm_str *s)
{
	buf_addf(b, ",\"%s\":", name);
	jer_string(b, s->p != NULL ? s->p : "", s->len);
}

void
ifm_json(struct buf *b, const struct ifm_msg *m)
{
	uint8_t	 ps[4];
	size_t	 k;

	buf_adds(b, "{\"layer\":\"immediate-forward\"");
	if (m->present & (1u << IFM_K_VERSION))
		json_str(b, "version", &m->version);
	if (m->present & (1u << IFM_K_TYPE))
		json_str(b, "type", &m->type);
	if (m->present & (1u << IFM_K_PSID)) {
		buf_addf(b, ",\"psid\":%lu,\"psidHex\":\"0x%lx\"",
		    (unsigned long)m->psid, (unsigned long)m->psid);
		if ((k = wsmp_psid_encode(m->psid, ps)) > 0) {
			buf_adds(b, ",\"psidEncoded\":\"");
			buf_addhex(b, ps, k);
			buf_addc(b, '"');
		}
	}
	if (m->present & (1u << IFM_K_PRIORITY))
		buf_addf(b, ",\"priority\":%u", (unsigned)m->priority);
	if (m->present & (1u << IFM_K_TXMODE))
		buf_addf(b, ",\"txMode\":\"%s\"",
		    m->txmode == IFM_ALT ? "ALT" : "CONT");
	if (m->present & (1u << IFM_K_TXCHANNEL)) {
		if (m->channel >= 0)
			buf_addf(b, ",\"txChannel\":%d", m->channel);
		else
			json_str(b, "txChannel", &m->channel_name);
	}
	if (m->present & (1u << IFM_K_TXINTERVAL))
		buf_addf(b, ",\"txInterval\":%lu", m->interval);
	if (m->present & (1u << IFM_K_START))
		json_str(b, "deliveryStart", &m->start);
	if (m->present & (1u << IFM_K_STOP))
		json_str(b, "deliveryStop", &m->stop);
	if (m->present & (1u << IFM_K_SIGNATURE))
		buf_addf(b, ",\"signature\":%s", m->signature ? "true" :
		    "false");
	if (m->present & (1u << IFM_K_ENCRYPTION))
		buf_addf(b, ",\"encryption\":%s", m->encryption ? "true" :
		    "false");
	if (m->present & (1u << IFM_K_PAYLOAD))
		buf_addf(b, ",\"length\":%zu", m->payload_len);
	buf_addc(b, '}');
}
