/*
 * unit_ifm.c: unit tests of the RSU 4.1 immediate forward message (ifm.c):
 * the exact text built, the forms accepted (and flagged) as senders write
 * them, reasons, truncation at every byte, round trips on generated
 * messages, JSON.  Prints PASS/FAIL lines.
 *
 * "unit_ifm --seeds DIR" writes instead the seed corpus of
 * tests/fuzz/fuzz_ifm.c into DIR (tests/fuzz/corpus/ifm): messages built by
 * ifm_build, and the same with the forms other senders use.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "ifm.h"

static const uint8_t spat[] = { 0x00, 0x13, 0x05, 0x00, 0x08, 0x17, 0xa7,
    0x80 };

static const char canonical[] =
    "Version=0.7\n"
    "Type=SPAT\n"
    "PSID=0x8002\n"
    "Priority=7\n"
    "TxMode=CONT\n"
    "TxChannel=172\n"
    "TxInterval=0\n"
    "DeliveryStart=\n"
    "DeliveryStop=\n"
    "Signature=False\n"
    "Encryption=False\n"
    "Payload=001305000817A780\n";

static enum reason
parse(const char *s, struct ifm_msg *m)
{
	return ifm_parse((const uint8_t *)s, strlen(s), m);
}

static void
test_canonical(void)
{
	struct ifm_msg	 m, p;
	struct buf	 b, c;
	uint8_t		 out[16];

	buf_init(&b);
	buf_init(&c);
	ifm_init(&m, "SPAT", 0x82, 172, spat, sizeof(spat));
	CHECK("build canonical text", ifm_build(&b, &m) == 0 &&
	    strcmp(buf_cstr(&b), canonical) == 0);
	CHECK("parse canonical text", parse(canonical, &p) == REASON_OK &&
	    p.flags == 0 && p.present == IFM_ALL && p.psid == 0x82 &&
	    p.priority == 7 && p.txmode == IFM_CONT && p.channel == 172 &&
	    p.interval == 0 && p.start.len == 0 && !p.signature &&
	    !p.encryption && p.payload_len == sizeof(spat) &&
	    p.type.len == 4 && memcmp(p.type.p, "SPAT", 4) == 0);
	CHECK("payload decodes", ifm_payload(&p, out, sizeof(out)) ==
	    (long)sizeof(spat) && memcmp(out, spat, sizeof(spat)) == 0);
	CHECK("rebuild from parse", ifm_build(&c, &p) == 0 &&
	    strcmp(buf_cstr(&c), canonical) == 0);
	buf_reset(&b);
	ifm_json(&b, &p);
	CHECK("JSON", check_json(buf_cstr(&b), CHECK_JSON_LAX) && strcmp(b.p,
	    "{\"layer\":\"immediate-forward\",\"version\":\"0.7\","
	    "\"type\":\"SPAT\",\"psid\":130,\"psidHex\":\"0x82\","
	    "\"psidEncoded\":\"8002\",\"priority\":7,\"txMode\":\"CONT\","
	    "\"txChannel\":172,\"txInterval\":0,\"deliveryStart\":\"\","
	    "\"deliveryStop\":\"\",\"signature\":false,\"encryption\":false,"
	    "\"length\":8}") == 0);
	CHECK("probe", ifm_probe((const uint8_t *)canonical,
	    sizeof(canonical) - 1) && !ifm_probe(spat, sizeof(spat)));
	buf_free(&b);
	buf_free(&c);
}

/* Forms senders write: accepted, flagged. */
static void
test_forms(void)
{
	struct ifm_msg	 m;

	CHECK("CR LF", parse("Version=0.7\r\nType=MAP\r\nPSID=0xE0000017\r\n"
	    "Priority=7\r\nTxMode=ALT\r\nTxChannel=178\r\nTxInterval=1\r\n"
	    "DeliveryStart=01/01/2017, 06:00\r\nDeliveryStop=12/31/2017, "
	    "23:59\r\nSignature=True\r\nEncryption=False\r\nPayload=0012ab"
	    "\r\n", &m) == REASON_OK && m.flags == IFM_F_FORM &&
	    m.psid == 0x204097 && m.txmode == IFM_ALT && m.interval == 1 &&
	    m.signature && m.start.len == 17);
	CHECK("blank after '='", parse("Version=0.7\nType=SPAT\nPSID=0x8002\n"
	    "Priority=7\nTxMode=CONT\nTxChannel=172\nTxInterval=0\n"
	    "DeliveryStart=\nDeliveryStop=\nSignature= True\n"
	    "Encryption=False\nPayload=00\n", &m) == REASON_OK &&
	    m.signature && m.flags == IFM_F_FORM);
	CHECK("SCH, no final newline", parse("Version=0.7\nType=SPAT\n"
	    "PSID=0x8002\nPriority=7\nTxMode=CONT\nTxChannel=SCH\n"
	    "TxInterval=0\nDeliveryStart=\nDeliveryStop=\nSignature=True\n"
	    "Encryption=False\nPayload=0013", &m) == REASON_OK &&
	    m.channel == -1 && m.channel_name.len == 3 &&
	    m.flags == IFM_F_FORM);
	CHECK("optional keys missing", parse("Version=0.7\nType=BSM\n"
	    "PSID=0x20\nPriority=2\nTxMode=CONT\nTxChannel=183\n"
	    "Payload=0014\n", &m) == REASON_OK && m.flags == IFM_F_FORM &&
	    m.psid == 0x20 && m.present != IFM_ALL);
	CHECK("order", parse("Type=BSM\nVersion=0.7\nPSID=0x20\nPriority=2\n"
	    "TxMode=CONT\nTxChannel=183\nTxInterval=0\nDeliveryStart=\n"
	    "DeliveryStop=\nSignature=False\nEncryption=False\n"
	    "Payload=0014\n", &m) == REASON_OK && m.flags == IFM_F_ORDER);
	CHECK("lower-case PSID", parse("Version=0.7\nType=X\nPSID=0xbfee\n"
	    "Priority=0\nTxMode=CONT\nTxChannel=172\nPayload=00\n", &m) ==
	    REASON_OK && m.psid == 0x3fee + 0x80 && (m.flags & IFM_F_FORM));
	CHECK("trailing NUL", ifm_parse((const uint8_t *)canonical,
	    sizeof(canonical), &m) == REASON_OK && m.flags == IFM_F_FORM);
}

static void
test_reasons(void)
{
	static const char *const bad[][2] = {
		{ "Version=1.0\n", "UNKNOWN_VERSION" },
		{ "Colour=red\n", "BAD_VALUE" },
		{ "Type=SPAT\n", "BAD_VALUE" },		/* twice */
		{ "Priority=8\n", "BAD_VALUE" },
		{ "TxMode=BURST\n", "BAD_VALUE" },
		{ "PSID=0x82\n", "BAD_VALUE" },		/* not p-encoded */
		{ "PSID=0xF0000000\n", "BAD_VALUE" },
		{ "PSID=32\n", "BAD_VALUE" },
		{ "TxChannel=256\n", "BAD_VALUE" },
		{ "TxInterval=-1\n", "BAD_VALUE" },
		{ "Signature=Yes\n", "BAD_VALUE" },
		{ "Type=SP AT\n", "BAD_VALUE" },
		{ "no equals sign\n", "BAD_VALUE" },
		{ "Payload=0g\n", "BAD_HEX" },
		{ "Payload=001\n", "BAD_HEX" },
		{ "Payload=\n", "BAD_HEX" },
	};
	struct ifm_msg	 m;
	struct buf	 b;
	size_t		 i;
	enum reason	 r;
	int		 ok = 1;

	buf_init(&b);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* the bad line replaces its key's line, or goes first */
		buf_reset(&b);
		buf_adds(&b, bad[i][0]);
		buf_adds(&b, strncmp(bad[i][0], "Version", 7) == 0 ?
		    canonical + 12 : canonical);
		if (strncmp(bad[i][0], "Payload", 7) == 0) {
			buf_reset(&b);
			buf_add(&b, canonical, strstr(canonical, "Payload") -
			    canonical);
			buf_adds(&b, bad[i][0]);
		}
		r = ifm_parse((uint8_t *)b.p, b.len, &m);
		if (strcmp(reason_str(r), bad[i][1]) != 0) {
			printf("# %s: %s, not %s\n", bad[i][0], reason_str(r),
			    bad[i][1]);
			ok = 0;
		}
	}
	CHECK("reasons for bad values", ok);
	CHECK("required key missing", parse("Version=0.7\nType=BSM\n"
	    "Priority=2\nTxMode=CONT\nTxChannel=183\nPayload=0014\n", &m) ==
	    REASON_BAD_VALUE);
	CHECK("empty", ifm_parse((const uint8_t *)"", 0, &m) ==
	    REASON_TRUNCATED);
	buf_free(&b);
}

static void
test_truncation(void)
{
	struct ifm_msg	 m;
	size_t		 k, pl = strstr(canonical, "Payload=") - canonical;
	enum reason	 r;
	int		 ok = 1;

	for (k = 0; k < sizeof(canonical) - 1; k++) {
		r = ifm_parse((const uint8_t *)canonical, k, &m);
		if (k < pl + 8 + 1 ? r != REASON_TRUNCATED &&
		    !(k >= pl && r == REASON_BAD_HEX) :
		    !(r == REASON_OK || r == REASON_BAD_HEX)) {
			printf("# cut at %zu: %s\n", k, reason_str(r));
			ok = 0;
		}
	}
	CHECK("truncation at every byte", ok);
}

static void
test_roundtrip(void)
{
	static const char *const types[] = { "SPAT", "MAP", "TIM", "BSM",
	    "RSA", "PSM", "SSM", "SRM" };
	static const uint32_t psids[] = { 0x20, 0x7f, 0x80, 0x82, 0x83, 0x407f,
	    0x4080, 0x20407f, 0x204080, 0x204097, 0x1020407f };
	static uint8_t	 pl[600];
	struct ifm_msg	 m, p;
	struct buf	 b, c, j;
	unsigned	 i, bad = 0, json_bad = 0;
	size_t		 k;

	for (k = 0; k < sizeof(pl); k++)
		pl[k] = (uint8_t)(k * 31 + 7);
	buf_init(&b);
	buf_init(&c);
	buf_init(&j);
	for (i = 0; i < 8 * 11 * 16; i++) {
		ifm_init(&m, types[i % 8], psids[(i / 8) % 11],
		    172 + 2 * (int)(i % 7), pl, 1 + (i * 37) % sizeof(pl));
		m.signature = (i >> 4) & 1;
		m.encryption = (i >> 5) & 1;
		m.txmode = (i >> 6) & 1 ? IFM_ALT : IFM_CONT;
		m.priority = i % 8;
		m.interval = i % 3;
		if (i % 5 == 0) {
			m.start.p = "01/02/2024, 10:00";
			m.start.len = 17;
		}
		buf_reset(&b);
		buf_reset(&c);
		if (ifm_build(&b, &m) == -1 ||
		    ifm_parse((uint8_t *)b.p, b.len, &p) != REASON_OK ||
		    p.flags != 0 || p.psid != m.psid ||
		    p.signature != m.signature ||
		    p.encryption != m.encryption || p.txmode != m.txmode ||
		    p.priority != m.priority || p.interval != m.interval ||
		    p.channel != m.channel || p.payload_len != m.payload_len ||
		    p.start.len != m.start.len ||
		    ifm_build(&c, &p) == -1 || c.len != b.len ||
		    memcmp(c.p, b.p, b.len) != 0) {
			if (bad++ < 3)
				printf("# case %u\n", i);
			continue;
		}
		buf_reset(&j);
		ifm_json(&j, &p);
		if (!check_json(buf_cstr(&j), CHECK_JSON_LAX))
			json_bad++;
	}
	CHECK("round trip of generated messages", bad == 0);
	CHECK("JSON of generated messages", json_bad == 0);
	ifm_init(&m, "X", 0x1020407f + 1, 172, pl, 1);
	CHECK("build refuses psid", ifm_build(&b, &m) == -1);
	ifm_init(&m, "X", 1, 172, pl, 1);
	m.priority = 8;
	CHECK("build refuses priority", ifm_build(&b, &m) == -1);
	buf_free(&b);
	buf_free(&c);
	buf_free(&j);
}

/* Write b as DIR/name, and a variant with the forms other senders use:
 * CR LF line ends, a blank after '=', no final newline. */
static int
seed(const char *dir, const char *name, const struct buf *b)
{
	char	 path[1024];
	FILE	*f;
	size_t	 i;
	int	 r = 0, eq = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	fwrite(b->p, 1, b->len, f);
	r |= fclose(f);
	snprintf(path, sizeof(path), "%s/%s-crlf", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	for (i = 0; i + 1 < b->len; i++) {
		if (b->p[i] == '\n')
			fputc('\r', f);
		fputc(b->p[i], f);
		if (b->p[i] == '=' && eq++ == 9)	/* Signature= True */
			fputc(' ', f);
	}
	return r | fclose(f);
}

static int
seeds(const char *dir)
{
	static const uint8_t tim[] = { 0x00, 0x1f, 0x06, 0x10, 0x20, 0x30,
	    0x40, 0x50, 0x60 };
	struct ifm_msg	 m;
	struct buf	 b;
	int		 r = 0;

	buf_init(&b);
	ifm_init(&m, "SPAT", 0x82, 172, spat, sizeof(spat));
	ifm_build(&b, &m);
	r |= seed(dir, "spat", &b);
	ifm_init(&m, "TIM", 0x83, 178, tim, sizeof(tim));
	m.txmode = IFM_ALT;
	m.interval = 1;
	m.signature = 1;
	m.start.p = "01/01/2024, 06:00";
	m.start.len = 17;
	m.stop.p = "12/31/2024, 23:59";
	m.stop.len = 17;
	buf_reset(&b);
	ifm_build(&b, &m);
	r |= seed(dir, "tim-alt-delivery", &b);
	ifm_init(&m, "RWM", 0x204097, -1, tim, sizeof(tim));
	m.channel_name.p = "SCH";
	m.channel_name.len = 3;
	m.present &= ~(1u << IFM_K_START | 1u << IFM_K_STOP);
	buf_reset(&b);
	ifm_build(&b, &m);
	r |= seed(dir, "psid4-sch-no-delivery", &b);
	buf_free(&b);
	return r ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--seeds") == 0)
		return seeds(argv[2]);
	test_canonical();
	test_forms();
	test_reasons();
	test_truncation();
	test_roundtrip();
	return check_exit();
}
