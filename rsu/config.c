/*
 * config.c: rsud's configuration: one table of keys (name, type, range,
 * default, help) that parses "key = value" files, applies -D overrides,
 * validates with file:line errors and prints the effective configuration.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	  "tcp://*:7701", NULL,
	  "ZeroMQ ROUTER endpoint for commands (empty: none)" },
	{ K_CURVE_SECRET, "curve.secret_key", C_STR, 0, 40, "", NULL,
	  "Z85 CURVE secret key of rsud: both sockets use CURVE when set" },
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

/* Checks across keys and on the system (files that must exist). */
static int
validate(struct config *c)
{
	char		 w[600];
	const char	*s;
	int		 i, rc, bad = 0;

	for (s = conf_str(c, K_RSU_ID); *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s)) {
			where(c, K_RSU_ID, w, sizeof(w));
			log_warnx("%s: rsu.id: '%c' not allowed", w, *s);
			bad = 1;
			break;
		}
	for (i = 0; i < K_MAX; i++) {
		if (defs[i].type != C_FILE || c->v[i].s[0] == '\0')
			continue;
		rc = access(jail_path(c->v[i].s), R_OK);
		jail_leave();
		if (rc == -1) {
			where(c, i, w, sizeof(w));
			log_warnx("%s: %s: %s: %s", w, defs[i].name,
			    c->v[i].s, strerror(errno));
			bad = 1;
		}
	}
	if ((*conf_str(c, K_SEC_CERT) == '\0') !=
	    (*conf_str(c, K_SEC_KEY) == '\0')) {
		where(c, *conf_str(c, K_SEC_CERT) ? K_SEC_CERT : K_SEC_KEY, w,
		    sizeof(w));
		log_warnx("%s: security.cert and security.key go together", w);
		bad = 1;
	}
	if (conf_int(c, K_SEC_SIGN) && *conf_str(c, K_SEC_CERT) == '\0') {
		where(c, K_SEC_SIGN, w, sizeof(w));
		log_warnx("%s: security.sign needs security.cert and "
		    "security.key", w);
		bad = 1;
	}
	s = conf_str(c, K_CURVE_SECRET);
	if (*s != '\0' && strlen(s) != 40) {
		where(c, K_CURVE_SECRET, w, sizeof(w));
		log_warnx("%s: curve.secret_key: a Z85 key is 40 characters", w);
		bad = 1;
	}
	if (*conf_str(c, K_CURVE_ALLOW) != '\0' && *s == '\0') {
		where(c, K_CURVE_ALLOW, w, sizeof(w));
		log_warnx("%s: curve.allow needs curve.secret_key", w);
		bad = 1;
	}
	if (*conf_str(c, K_CURVE_ALLOW) != '\0') {
		char copy[4096], *it[RSUD_MAX_ALLOW + 1];
		int n = conf_list(conf_str(c, K_CURVE_ALLOW), copy,
		    sizeof(copy), it, RSUD_MAX_ALLOW + 1);
		if (n > RSUD_MAX_ALLOW) {
			where(c, K_CURVE_ALLOW, w, sizeof(w));
			log_warnx("%s: curve.allow: more than %d keys", w,
			    RSUD_MAX_ALLOW);
			bad = 1;
		}
		for (i = 0; i < n && i < RSUD_MAX_ALLOW; i++)
			if (strlen(it[i]) != 40) {
				where(c, K_CURVE_ALLOW, w, sizeof(w));
				log_warnx("%s: curve.allow: '%s' is not a Z85 "
				    "key of 40 characters", w, it[i]);
				bad = 1;
			}
	}
	if (conf_int(c, K_SEC_VERIFY) == VERIFY_ONDEMAND &&
	    *conf_str(c, K_SEC_VERIFY_PSID) == '\0') {
		where(c, K_SEC_VERIFY, w, sizeof(w));
		log_warnx("%s: security.verify ondemand needs "
		    "security.verify_psid", w);
		bad = 1;
	}
	{
		char copy[1024], *it[RSUD_MAX_UDP + 1];
		int n = conf_list(conf_str(c, K_UDP_LISTEN), copy,
		    sizeof(copy), it, RSUD_MAX_UDP + 1);
		uint8_t ss[128];
		unsigned sl;
		if (n > RSUD_MAX_UDP) {
			where(c, K_UDP_LISTEN, w, sizeof(w));
			log_warnx("%s: udp.listen: more than %d listeners", w,
			    RSUD_MAX_UDP);
			bad = 1;
		}
		for (i = 0; i < n && i < RSUD_MAX_UDP; i++) {
			sl = sizeof(ss);
			if (udp_addr(it[i], ss, &sl, 1) == -1) {
				where(c, K_UDP_LISTEN, w, sizeof(w));
				log_warnx("%s: udp.listen: '%s' is not "
				    "HOST:PORT", w, it[i]);
				bad = 1;
			}
		}
	}
	if (*conf_str(c, K_TX_UDP) != '\0') {
		uint8_t ss[128];
		unsigned sl = sizeof(ss);
		if (udp_addr(conf_str(c, K_TX_UDP), ss, &sl, 0) == -1) {
			where(c, K_TX_UDP, w, sizeof(w));
			log_warnx("%s: tx.udp: '%s' is not HOST:PORT", w,
			    conf_str(c, K_TX_UDP));
			bad = 1;
		}
	}
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

void
conf_print(const struct config *c, FILE *f)
{
	const char	*s;
	int		 i;

	for (i = 0; i < K_MAX; i++) {
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
		    defs[i].name, defs[i].help, range, defs[i].def);
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
