/*
 * config.c: rsud's configuration: one table of keys (name, type, range,
 * default, help) that parses "key = value" files, applies -D overrides,
 * validates with file:line errors and prints the effective configuration.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <ctype.h>
#include <errno.h>
#include <ifaddrs.h>
#include <limits.h>
#include <libgen.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "rsud.h"

struct conf_def {
	enum conf_key	 key;
	const char	*name;
	enum conf_type	 type;
	double		 min, max;
	const char	*def;
	const char	*choices;	/* C_ENUM: "a|b|c" */
	const char	*help;
};

/* Keys whose value is never printed ("(set)"): -n runs in ExecStartPre,
 * its output goes to the journal. */
#define SECRET(k)	((k) == K_CURVE_SECRET)

static const struct conf_def defs[K_MAX] = {
	{ K_RSU_ID, "rsu.id", C_STR, 1, 63, "rsu1", NULL,
	  "identifier of this RSU in feed topics and messages ([A-Za-z0-9._-])" },
	{ K_RSU_LAT, "rsu.latitude", C_DOUBLE, -90, 90, "0", NULL,
	  "RSU position, degrees (GeoNetworking source position)" },
	{ K_RSU_LON, "rsu.longitude", C_DOUBLE, -180, 180, "0", NULL,
	  "RSU position, degrees" },
	{ K_LOG_LEVEL, "log.level", C_ENUM, 0, 0, "info",
	  "error|warning|info|debug", "least severe messages logged" },
	{ K_USER, "user", C_STR, 0, 63, "", NULL,
	  "drop privileges to this user after opening captures, sockets, keys" },
	{ K_CHROOT, "chroot", C_STR, 0, 255, "/var/empty", NULL,
	  "empty directory to chroot into after opening captures, sockets, keys "
	  "and trust store (empty: none; the default only when started as root "
	  "and the directory exists); SIGHUP still reads the configuration and "
	  "the files it names, through their directories kept open" },
	{ K_FEED_ENDPOINT, "feed.endpoint", C_STR, 1, 255, "tcp://*:7700", NULL,
	  "ZeroMQ PUB endpoint of the feed to the traffic centre" },
	{ K_FEED_HWM, "feed.hwm", C_INT, 1, 10000000, "10000", NULL,
	  "messages queued per subscriber before dropping (never blocks)" },
	{ K_CONTROL_ENDPOINT, "control.endpoint", C_STR, 0, 255,
	  "tcp://127.0.0.1:7701", NULL,
	  "ZeroMQ ROUTER endpoint for commands (empty: none); without "
	  "curve.secret_key it must be local (ipc://, tcp://127.x.x.x, "
	  "tcp://[::1], tcp://lo) unless control.insecure is yes" },
	{ K_CONTROL_INSECURE, "control.insecure", C_BOOL, 0, 1, "no", NULL,
	  "allow a non-local control.endpoint without CURVE: anyone who "
	  "reaches it can broadcast (logged as a warning at start)" },
	{ K_CONTROL_MAX_MSG, "control.max_message", C_INT, 4096, 67108864,
	  "1048576", NULL,
	  "largest command frame in bytes (ZMQ_MAXMSGSIZE): a client sending "
	  "more is disconnected before rsud stores it" },
	{ K_CURVE_SECRET, "curve.secret_key", C_STR, 0, 40, "", NULL,
	  "Z85 CURVE secret key of rsud: both sockets use CURVE when set; "
	  "never printed (rsud -n prints the public key derived from it as "
	  "curve.public_key)" },
	{ K_CURVE_ALLOW, "curve.allow", C_STR, 0, 4095, "", NULL,
	  "comma-separated Z85 public keys of the traffic centres allowed" },
	{ K_INPUT_FILE, "input.file", C_FILE, 0, 1023, "", NULL,
	  "capture file (pcap, pcapng) to read" },
	{ K_INPUT_PACE, "input.pace", C_ENUM, 0, 0, "max", "max|own",
	  "input.file: as fast as possible, or at its own pace" },
	{ K_INPUT_FILE_WAIT, "input.file_wait", C_BOOL, 0, 1, "no", NULL,
	  "input.file: start when the first subscriber has subscribed" },
	{ K_INPUT_FILE_EXIT, "input.file_exit", C_BOOL, 0, 1, "no", NULL,
	  "input.file: exit when the file is done" },
	{ K_INPUT_IFACE, "input.interface", C_STR, 0, 63, "", NULL,
	  "network interface to capture from (live, immediate mode)" },
	{ K_INPUT_FILTER, "input.filter", C_STR, 0, 1023,
	  "ether proto 0x88dc or ether proto 0x8947", NULL,
	  "BPF filter of the live capture (WSMP, GeoNetworking)" },
	{ K_INPUT_SNAPLEN, "input.snaplen", C_INT, 64, 65535, "65535", NULL,
	  "bytes captured per frame" },
	{ K_UDP_LISTEN, "udp.listen", C_STR, 0, 1023, "0.0.0.0:1516", NULL,
	  "comma-separated HOST:PORT UDP listeners (RSU forwards, immediate "
	  "forward text)" },
	{ K_UDP_RCVBUF, "udp.rcvbuf", C_INT, 0, 268435456, "8388608", NULL,
	  "UDP receive buffer in bytes (0: system default)" },
	{ K_SEC_VERIFY, "security.verify", C_ENUM, 0, 0, "none",
	  "none|all|ondemand", "which signed messages are verified" },
	{ K_SEC_VERIFY_PSID, "security.verify_psid", C_STR, 0, 1023, "", NULL,
	  "ondemand: comma-separated PSIDs (hex 0x.. or decimal) to verify" },
	{ K_SEC_WINDOW, "security.window", C_STR, 1, 63, "30,5", NULL,
	  "generation time accepted: at most PAST seconds before the time of "
	  "reception and FUTURE after it, as PAST[,FUTURE] (as v2x verify "
	  "--window; FUTURE defaults to 5)" },
	{ K_SEC_TRUST, "security.trust", C_FILE, 0, 1023, "", NULL,
	  "directory of trusted certificates for verification" },
	{ K_SEC_CERT, "security.cert", C_FILE, 0, 1023, "", NULL,
	  "signing certificate (COER, as v2x cert writes it)" },
	{ K_SEC_KEY, "security.key", C_FILE, 0, 1023, "", NULL,
	  "signing private key (PEM)" },
	{ K_SEC_SIGN, "security.sign", C_BOOL, 0, 1, "no", NULL,
	  "sign broadcast messages by default" },
	{ K_TX_IFACE, "tx.interface", C_STR, 0, 63, "", NULL,
	  "interface to transmit on with pcap_inject (empty: none)" },
	{ K_TX_LINK, "tx.link", C_ENUM, 0, 0, "ether", "ether|radiotap",
	  "frames injected: Ethernet II, or radiotap + 802.11 OCB" },
	{ K_TX_UDP, "tx.udp", C_STR, 0, 255, "", NULL,
	  "HOST:PORT of an external radio to send to (empty: none)" },
	{ K_TX_UDP_FORMAT, "tx.udp_format", C_ENUM, 0, 0, "ifm", "ifm|raw",
	  "UDP output: immediate forward text, or the raw WSMP/GN packet" },
	{ K_TX_CHANNEL, "tx.channel", C_INT, 0, 255, "172", NULL,
	  "default channel number of broadcasts" },
	{ K_STORE_FILE, "store.file", C_STR, 1, 1023,
	  "/var/lib/rsud/store.json", NULL,
	  "store-and-repeat state file (atomically replaced on every change)" },
	{ K_STORE_MAX, "store.max_entries", C_INT, 1, 100000, "256", NULL,
	  "most store-and-repeat entries" },
	{ K_STATS_LISTEN, "stats.listen", C_STR, 0, 255, "", NULL,
	  "HOST:PORT of the Prometheus HTTP endpoint /metrics (empty: none)" },
};

static const struct conf_def *
find(const char *name)
{
	int	 i;

	for (i = 0; i < K_MAX; i++)
		if (strcmp(defs[i].name, name) == 0)
			return &defs[i];
	return NULL;
}

static int
enum_index(const char *choices, const char *v)
{
	const char	*p = choices, *e;
	int		 i = 0;
	size_t		 n = strlen(v);

	for (;;) {
		e = strchr(p, '|');
		if ((size_t)((e ? e : p + strlen(p)) - p) == n &&
		    strncmp(p, v, n) == 0)
			return i;
		if (e == NULL)
			return -1;
		p = e + 1;
		i++;
	}
}

/* Set one key; why gets the reason on failure. */
static int
set(struct config *c, const struct conf_def *d, const char *v, int line,
    char *why, size_t whylen)
{
	struct conf_val	*cv = &c->v[d->key];
	char		*end;
	long		 l;
	double		 x;
	size_t		 n = strlen(v);

	switch (d->type) {
	case C_STR:
	case C_FILE:
		if (n < (size_t)d->min || n > (size_t)d->max) {
			snprintf(why, whylen, "%s: length %zu not in %g..%g",
			    d->name, n, d->min, d->max);
			return -1;
		}
		break;
	case C_INT:
		errno = 0;
		l = strtol(v, &end, 0);
		if (*v == '\0' || *end != '\0' || errno != 0) {
			snprintf(why, whylen, "%s: '%s' is not an integer",
			    d->name, v);
			return -1;
		}
		if (l < d->min || l > d->max) {
			snprintf(why, whylen, "%s: %ld not in %.0f..%.0f",
			    d->name, l, d->min, d->max);
			return -1;
		}
		cv->i = l;
		break;
	case C_DOUBLE:
		errno = 0;
		x = strtod(v, &end);
		if (*v == '\0' || *end != '\0' || errno != 0) {
			snprintf(why, whylen, "%s: '%s' is not a number",
			    d->name, v);
			return -1;
		}
		if (x < d->min || x > d->max) {
			snprintf(why, whylen, "%s: %g not in %g..%g", d->name,
			    x, d->min, d->max);
			return -1;
		}
		cv->d = x;
		break;
	case C_BOOL:
		if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
			cv->i = 1;
		else if (!strcmp(v, "no") || !strcmp(v, "false") ||
		    !strcmp(v, "0"))
			cv->i = 0;
		else {
			snprintf(why, whylen, "%s: '%s' is not yes or no",
			    d->name, v);
			return -1;
		}
		v = cv->i ? "yes" : "no";
		break;
	case C_ENUM:
		if ((l = enum_index(d->choices, v)) < 0) {
			snprintf(why, whylen, "%s: '%s' is not one of %s",
			    d->name, v, d->choices);
			return -1;
		}
		cv->i = l;
		break;
	}
	free(cv->s);
	if ((cv->s = strdup(v)) == NULL)
		fatal("strdup");
	cv->line = line;
	return 0;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* "key = value" with an optional "quoted value"; '#' starts a comment
 * outside quotes. */
static int
parse_line(char *s, char **key, char **val, char *why, size_t whylen)
{
	char	*eq, *v, *q;

	if ((q = strchr(s, '#')) != NULL) {
		char *dq = strchr(s, '"');
		if (dq == NULL || q < dq)
			*q = '\0';
	}
	s = trim(s);
	if (*s == '\0') {
		*key = NULL;
		return 0;
	}
	if ((eq = strchr(s, '=')) == NULL) {
		snprintf(why, whylen, "expected 'key = value'");
		return -1;
	}
	*eq = '\0';
	*key = trim(s);
	v = trim(eq + 1);
	if (*v == '"') {
		if ((q = strrchr(v + 1, '"')) == NULL) {
			snprintf(why, whylen, "unterminated quoted value");
			return -1;
		}
		*q = '\0';
		if (*trim(q + 1) != '\0' && *trim(q + 1) != '#') {
			snprintf(why, whylen, "text after the quoted value");
			return -1;
		}
		v++;
	}
	*val = v;
	return 0;
}

static void
where(const struct config *c, enum conf_key k, char *out, size_t len)
{
	if (c->v[k].line > 0)
		snprintf(out, len, "%s:%d", c->file, c->v[k].line);
	else if (c->v[k].line < 0)
		snprintf(out, len, "-D %s", defs[k].name);
	else
		snprintf(out, len, "default %s", defs[k].name);
}

/* The errors of validate(), logged in the order of the file's lines, then
 * the -D overrides, then the defaults. */
#define CONF_MAX_ERRORS	64
static struct conf_error {
	int		 order;		/* line; -D, defaults last */
	int		 seq;		/* as found, within a line */
	char		 msg[1280];
} errors[CONF_MAX_ERRORS];
static int	 nerrors;

/* An error about key k: "file:line: key: why" (or "-D key", "default
 * key"). */
static void
bad_key(const struct config *c, enum conf_key k, int *bad, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
bad_key(const struct config *c, enum conf_key k, int *bad, const char *fmt,
    ...)
{
	struct conf_error *e;
	char		 w[600], msg[600];
	va_list		 ap;
	int		 line = c->v[k].line;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	where(c, k, w, sizeof(w));
	*bad = 1;
	if (nerrors == CONF_MAX_ERRORS) {
		log_warnx("%s: %s: %s", w, defs[k].name, msg);
		return;
	}
	e = &errors[nerrors];
	e->seq = nerrors++;
	e->order = line > 0 ? line : line < 0 ? INT_MAX - 1 : INT_MAX;
	snprintf(e->msg, sizeof(e->msg), "%s: %s: %s", w, defs[k].name, msg);
}

static int
error_cmp(const void *a, const void *b)
{
	const struct conf_error *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
log_errors(void)
{
	int	 i;

	qsort(errors, (size_t)nerrors, sizeof(errors[0]), error_cmp);
	for (i = 0; i < nerrors; i++)
		log_warnx("%s", errors[i].msg);
	nerrors = 0;
}

/* A port in decimal, 1..65535; 0 or -1. */
static int
port_ok(const char *p)
{
	char	*end;
	long	 l;

	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	l = strtol(p, &end, 10);
	return *end == '\0' && errno == 0 && l >= 1 && l <= 65535 ? 0 : -1;
}

/* "HOST:PORT" as udp.c and stats.c use it: the port in range (getaddrinfo
 * takes 99999 and binds another port) and the host resolved. */
static int
hostport_ok(const char *s, int passive, char *why, size_t len)
{
	const char	*colon = strrchr(s, ':');
	uint8_t		 ss[128];
	unsigned	 sl = sizeof(ss);

	if (colon == NULL || colon == s) {
		snprintf(why, len, "'%s' is not HOST:PORT", s);
		return -1;
	}
	if (port_ok(colon + 1) == -1) {
		snprintf(why, len, "'%s': port '%s' is not 1..65535", s,
		    colon + 1);
		return -1;
	}
	if (udp_addr(s, ss, &sl, passive) == -1) {
		snprintf(why, len, "'%s': cannot resolve '%.*s'", s,
		    (int)(colon - s), s);
		return -1;
	}
	return 0;
}

/* Whether the interface name is up in this network namespace, and a
 * loopback one. -1: no such interface. */
static int
iface_loopback(const char *name)
{
	struct ifaddrs	*ifa, *i;
	int		 rc = -1;

	if (if_nametoindex(name) == 0)
		return -1;
	if (getifaddrs(&ifa) == -1)
		return 0;
	for (i = ifa, rc = 0; i != NULL; i = i->ifa_next)
		if (strcmp(i->ifa_name, name) == 0 &&
		    (i->ifa_flags & IFF_LOOPBACK))
			rc = 1;
	freeifaddrs(ifa);
	return rc;
}

int
conf_endpoint(const char *ep, char *why, size_t len)
{
	struct in6_addr	 a6;
	struct in_addr	 a4;
	char		 host[256];
	const char	*colon;
	size_t		 n;
	int		 lo;

	if (strncmp(ep, "ipc://", 6) == 0) {
		n = strlen(ep + 6);
		if (n == 0 || n >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
			snprintf(why, len, "'%s': an ipc:// path is 1..%zu "
			    "characters", ep, sizeof(((struct sockaddr_un *)0)
			    ->sun_path) - 1);
			return -1;
		}
		return 1;
	}
	if (strncmp(ep, "tcp://", 6) != 0) {
		snprintf(why, len, "'%s': not tcp://HOST:PORT or ipc://PATH",
		    ep);
		return -1;
	}
	if ((colon = strrchr(ep + 6, ':')) == NULL || port_ok(colon + 1)) {
		snprintf(why, len, "'%s': needs a port 1..65535 "
		    "(tcp://HOST:PORT)", ep);
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - ep - 6), ep + 6);
	n = strlen(host);
	if (n > 2 && host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6) == 1)
			return IN6_IS_ADDR_LOOPBACK(&a6);
	} else if (strcmp(host, "*") == 0)
		return 0;
	else if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	else if ((lo = iface_loopback(host)) >= 0)
		return lo;
	snprintf(why, len, "'%s': '%s' is not *, an IPv4 address, [an IPv6 "
	    "address] or an interface here (ZeroMQ binds no host names)", ep,
	    host);
	return -1;
}

static void
check_id(const struct config *c, int *bad)
{
	const char	*s;

	for (s = conf_str(c, K_RSU_ID); *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s)) {
			bad_key(c, K_RSU_ID, bad, "'%c' not allowed", *s);
			break;
		}
}

static void
check_files(const struct config *c, int *bad)
{
	int	 i, rc;

	for (i = 0; i < K_MAX; i++) {
		if (defs[i].type != C_FILE || c->v[i].s[0] == '\0')
			continue;
		rc = access(jail_path(c->v[i].s), R_OK);
		jail_leave();
		if (rc == -1)
			bad_key(c, i, bad, "%s: %s", c->v[i].s,
			    strerror(errno));
	}
}

int
conf_window(const char *s, uint64_t *past_us, uint64_t *future_us)
{
	char	*end;
	double	 p, f = 5;

	p = strtod(s, &end);
	if (end == s || !(p >= 0 && p <= 1e9))
		return -1;
	if (*end == ',') {
		s = end + 1;
		f = strtod(s, &end);
		if (end == s || !(f >= 0 && f <= 1e9))
			return -1;
	}
	if (*end != '\0')
		return -1;
	*past_us = (uint64_t)(p * 1e6);
	*future_us = (uint64_t)(f * 1e6);
	return 0;
}

static void
check_security(const struct config *c, int *bad)
{
	char		 copy[1024], *it[33], *end;
	unsigned long	 v;
	uint64_t	 p, f;
	int		 i, n;

	if (*conf_str(c, K_SEC_CERT) != '\0' && *conf_str(c, K_SEC_KEY) == '\0')
		bad_key(c, K_SEC_CERT, bad, "needs security.key");
	if (*conf_str(c, K_SEC_KEY) != '\0' && *conf_str(c, K_SEC_CERT) == '\0')
		bad_key(c, K_SEC_KEY, bad, "needs security.cert");
	if (conf_int(c, K_SEC_SIGN) && *conf_str(c, K_SEC_CERT) == '\0')
		bad_key(c, K_SEC_SIGN, bad, "needs security.cert and "
		    "security.key");
	if (conf_int(c, K_SEC_VERIFY) == VERIFY_ONDEMAND &&
	    *conf_str(c, K_SEC_VERIFY_PSID) == '\0')
		bad_key(c, K_SEC_VERIFY, bad, "ondemand needs "
		    "security.verify_psid");
	n = conf_list(conf_str(c, K_SEC_VERIFY_PSID), copy, sizeof(copy), it,
	    33);
	if (n > 32)
		bad_key(c, K_SEC_VERIFY_PSID, bad, "more than 32 PSIDs");
	for (i = 0; i < n && i < 32; i++) {
		errno = 0;
		v = strtoul(it[i], &end, 0);
		if (!isdigit((unsigned char)*it[i]) || *end != '\0' ||
		    errno != 0 || v > 0x1020407fUL)
			bad_key(c, K_SEC_VERIFY_PSID, bad, "'%s' is not a PSID "
			    "(0..0x1020407F, decimal or 0x hex)", it[i]);
	}
	if (conf_window(conf_str(c, K_SEC_WINDOW), &p, &f) == -1)
		bad_key(c, K_SEC_WINDOW, bad, "'%s' is not PAST[,FUTURE] in "
		    "seconds", conf_str(c, K_SEC_WINDOW));
}

static void
check_curve(const struct config *c, int *bad)
{
	char		 copy[4096], *it[RSUD_MAX_ALLOW + 1];
	const char	*s = conf_str(c, K_CURVE_SECRET);
	uint8_t		 key[32];
	int		 i, n;

	/* the key itself is never shown */
	if (*s != '\0' && (strlen(s) != 40 || zmq_z85_decode(key, s) == NULL))
		bad_key(c, K_CURVE_SECRET, bad, "not a Z85 key of 40 "
		    "characters");
	if (*conf_str(c, K_CURVE_ALLOW) == '\0')
		return;
	if (*s == '\0')
		bad_key(c, K_CURVE_ALLOW, bad, "needs curve.secret_key");
	n = conf_list(conf_str(c, K_CURVE_ALLOW), copy, sizeof(copy), it,
	    RSUD_MAX_ALLOW + 1);
	if (n > RSUD_MAX_ALLOW)
		bad_key(c, K_CURVE_ALLOW, bad, "more than %d keys",
		    RSUD_MAX_ALLOW);
	for (i = 0; i < n && i < RSUD_MAX_ALLOW; i++)
		if (strlen(it[i]) != 40 || zmq_z85_decode(key, it[i]) == NULL)
			bad_key(c, K_CURVE_ALLOW, bad, "'%s' is not a Z85 key "
			    "of 40 characters", it[i]);
}

/* The ZeroMQ endpoints, and the command socket closed to the network
 * unless CURVE guards it or the configuration says otherwise. */
static void
check_endpoints(const struct config *c, int *bad)
{
	const char	*ctl = conf_str(c, K_CONTROL_ENDPOINT);
	char		 why[600];
	int		 local;

	if (conf_endpoint(conf_str(c, K_FEED_ENDPOINT), why, sizeof(why)) ==
	    -1)
		bad_key(c, K_FEED_ENDPOINT, bad, "%s", why);
	if (*ctl == '\0')
		return;
	if ((local = conf_endpoint(ctl, why, sizeof(why))) == -1)
		bad_key(c, K_CONTROL_ENDPOINT, bad, "%s", why);
	else if (!local && *conf_str(c, K_CURVE_SECRET) == '\0' &&
	    !conf_int(c, K_CONTROL_INSECURE))
		bad_key(c, K_CONTROL_ENDPOINT, bad, "'%s' is open to the "
		    "network without CURVE: set curve.secret_key and "
		    "curve.allow, use a local endpoint (tcp://127.0.0.1:PORT, "
		    "ipc://PATH), or say control.insecure = yes", ctl);
}

static void
check_hostports(const struct config *c, int *bad)
{
	char	 copy[1024], *it[RSUD_MAX_UDP + 1], why[600];
	int	 i, n;

	n = conf_list(conf_str(c, K_UDP_LISTEN), copy, sizeof(copy), it,
	    RSUD_MAX_UDP + 1);
	if (n > RSUD_MAX_UDP)
		bad_key(c, K_UDP_LISTEN, bad, "more than %d listeners",
		    RSUD_MAX_UDP);
	for (i = 0; i < n && i < RSUD_MAX_UDP; i++)
		if (hostport_ok(it[i], 1, why, sizeof(why)) == -1)
			bad_key(c, K_UDP_LISTEN, bad, "%s", why);
	if (*conf_str(c, K_TX_UDP) != '\0' &&
	    hostport_ok(conf_str(c, K_TX_UDP), 0, why, sizeof(why)) == -1)
		bad_key(c, K_TX_UDP, bad, "%s", why);
	if (*conf_str(c, K_STATS_LISTEN) != '\0' &&
	    hostport_ok(conf_str(c, K_STATS_LISTEN), 1, why, sizeof(why)) ==
	    -1)
		bad_key(c, K_STATS_LISTEN, bad, "%s", why);
}

/* A directory rsud will create files in. */
static void
check_dir(const struct config *c, enum conf_key k, const char *path,
    int *bad)
{
	char	 copy[1024], *dir;

	snprintf(copy, sizeof(copy), "%s", path);
	dir = dirname(copy);
	if (access(dir, W_OK | X_OK) == -1)
		bad_key(c, k, bad, "directory %s: %s", dir, strerror(errno));
}

/* What start-up would find missing on this system: the user, the
 * interfaces, the directories of the state file and of ipc:// sockets.
 * Inside the chroot (SIGHUP) the files are not there to look at; those
 * keys need a restart anyway. */
static void
check_system(const struct config *c, int *bad)
{
	static const enum conf_key ifs[] = { K_INPUT_IFACE, K_TX_IFACE };
	static const enum conf_key eps[] = { K_FEED_ENDPOINT,
	    K_CONTROL_ENDPOINT };
	const char	*s;
	size_t		 i;

	for (i = 0; i < nitems(ifs); i++) {
		s = conf_str(c, ifs[i]);
		if (*s != '\0' && if_nametoindex(s) == 0)
			bad_key(c, ifs[i], bad, "no interface '%s' here", s);
	}
	if (jail_root() != NULL)
		return;
	s = conf_str(c, K_USER);
	if (*s != '\0' && getpwnam(s) == NULL)
		bad_key(c, K_USER, bad, "no such user '%s'", s);
	check_dir(c, K_STORE_FILE, conf_str(c, K_STORE_FILE), bad);
	for (i = 0; i < nitems(eps); i++) {
		s = conf_str(c, eps[i]);
		if (strncmp(s, "ipc://", 6) == 0 && s[6] != '@')
			check_dir(c, eps[i], s + 6, bad);
	}
}

/* Checks across keys and on the system; everything that can be checked
 * without binding, each error with its file:line. */
static int
validate(struct config *c)
{
	int	 bad = 0;

	check_id(c, &bad);
	check_files(c, &bad);
	check_security(c, &bad);
	check_curve(c, &bad);
	check_endpoints(c, &bad);
	check_hostports(c, &bad);
	check_system(c, &bad);
	log_errors();
	return bad ? -1 : 0;
}

int
conf_load(struct config *c, const char *file, char **dv, int ndefs)
{
	const struct conf_def *d;
	FILE		*f;
	char		*line = NULL, *key, *val, why[512];
	size_t		 cap = 0;
	int		 i, lineno = 0, bad = 0;

	memset(c, 0, sizeof(*c));
	c->file = strdup(file != NULL ? file : "(none)");
	for (i = 0; i < K_MAX; i++) {
		if (defs[i].key != (enum conf_key)i)
			fatalx("config table out of order at %s", defs[i].name);
		if (set(c, &defs[i], defs[i].def, 0, why, sizeof(why)) == -1)
			fatalx("default: %s", why);
	}
	if (file != NULL) {
		f = fopen(jail_path(file), "r");
		jail_leave();
		if (f == NULL) {
			log_warn("%s", file);
			return -1;
		}
		while (getline(&line, &cap, f) != -1) {
			lineno++;
			if (parse_line(line, &key, &val, why, sizeof(why)) ==
			    -1) {
				log_warnx("%s:%d: %s", file, lineno, why);
				bad = 1;
				continue;
			}
			if (key == NULL)
				continue;
			if ((d = find(key)) == NULL) {
				log_warnx("%s:%d: unknown key '%s'", file,
				    lineno, key);
				bad = 1;
				continue;
			}
			if (c->v[d->key].line > 0) {
				log_warnx("%s:%d: %s already set at line %d",
				    file, lineno, key, c->v[d->key].line);
				bad = 1;
				continue;
			}
			if (set(c, d, val, lineno, why, sizeof(why)) == -1) {
				log_warnx("%s:%d: %s", file, lineno, why);
				bad = 1;
			}
		}
		free(line);
		fclose(f);
	}
	for (i = 0; i < ndefs; i++) {
		char *copy = strdup(dv[i]);
		if (copy == NULL)
			fatal("strdup");
		if (parse_line(copy, &key, &val, why, sizeof(why)) == -1 ||
		    key == NULL) {
			log_warnx("-D %s: expected key=value", dv[i]);
			bad = 1;
		} else if ((d = find(key)) == NULL) {
			log_warnx("-D %s: unknown key '%s'", dv[i], key);
			bad = 1;
		} else if (set(c, d, val, -1, why, sizeof(why)) == -1) {
			log_warnx("-D %s", why);
			bad = 1;
		}
		free(copy);
	}
	if (bad)
		return -1;
	return validate(c);
}

void
conf_free(struct config *c)
{
	int	 i;

	for (i = 0; i < K_MAX; i++)
		free(c->v[i].s);
	free(c->file);
	memset(c, 0, sizeof(*c));
}

/* The public key of a Z85 secret key, in out[41]; 0 or -1. */
int
conf_public_key(const char *secret, char *out)
{
	if (strlen(secret) != 40 || zmq_curve_public(out, secret) == -1)
		return -1;
	return 0;
}

void
conf_print(const struct config *c, FILE *f)
{
	const char	*s;
	char		 pub[41];
	int		 i;

	for (i = 0; i < K_MAX; i++) {
		if (SECRET(i)) {
			fprintf(f, "%s = %s\n", defs[i].name,
			    *c->v[i].s ? "(set)" : "\"\"");
			if (i == K_CURVE_SECRET &&
			    conf_public_key(c->v[i].s, pub) == 0)
				fprintf(f, "curve.public_key = \"%s\"\n", pub);
			continue;
		}
		switch (defs[i].type) {
		case C_STR:
		case C_FILE:
			fprintf(f, "%s = \"", defs[i].name);
			for (s = c->v[i].s; *s; s++)
				fputc(*s, f);
			fprintf(f, "\"\n");
			break;
		case C_INT:
			fprintf(f, "%s = %ld\n", defs[i].name, c->v[i].i);
			break;
		case C_DOUBLE:
			fprintf(f, "%s = %.7f\n", defs[i].name, c->v[i].d);
			break;
		default:
			fprintf(f, "%s = %s\n", defs[i].name, c->v[i].s);
			break;
		}
	}
}

void
conf_help(FILE *f)
{
	char	 range[128];
	int	 i;

	fprintf(f, "rsud configuration keys (\"key = value\" lines, '#' "
	    "comments; -D key=value overrides):\n\n");
	for (i = 0; i < K_MAX; i++) {
		switch (defs[i].type) {
		case C_INT:
			snprintf(range, sizeof(range), "integer %.0f..%.0f",
			    defs[i].min, defs[i].max);
			break;
		case C_DOUBLE:
			snprintf(range, sizeof(range), "number %g..%g",
			    defs[i].min, defs[i].max);
			break;
		case C_BOOL:
			snprintf(range, sizeof(range), "yes|no");
			break;
		case C_ENUM:
			snprintf(range, sizeof(range), "%s", defs[i].choices);
			break;
		case C_FILE:
			snprintf(range, sizeof(range), "path (must exist)");
			break;
		default:
			snprintf(range, sizeof(range), "string");
			break;
		}
		fprintf(f, "%s\n    %s\n    type: %s; default: \"%s\"\n",
		    defs[i].name, defs[i].help, range,
		    SECRET(i) && *defs[i].def ? "(set)" : defs[i].def);
	}
}

const char *
conf_str(const struct config *c, enum conf_key k)
{
	return c->v[k].s != NULL ? c->v[k].s : "";
}

const char *
conf_name(enum conf_key k)
{
	return defs[k].name;
}

enum conf_type
conf_type(enum conf_key k)
{
	return defs[k].type;
}

long
conf_int(const struct config *c, enum conf_key k)
{
	return c->v[k].i;
}

double
conf_double(const struct config *c, enum conf_key k)
{
	return c->v[k].d;
}

int
conf_list(const char *v, char *copy, size_t copylen, char **items, int max)
{
	char	*p, *tok, *save = NULL;
	int	 n = 0;

	snprintf(copy, copylen, "%s", v);
	for (p = copy; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		tok = trim(tok);
		if (*tok == '\0')
			continue;
		if (n < max)
			items[n] = tok;
		n++;
	}
	return n;
}
