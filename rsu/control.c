/*
 * control.c: commands from the traffic centre (DESIGN.md): a ROUTER socket
 * (clients use REQ or DEALER) taking JSON requests: status, broadcast,
 * store, list, delete.  Every request gets a JSON reply with "ok" and, on
 * failure, "error".  Also the ZAP handler (RFC 27/ZAP) that admits only
 * the CURVE public keys of curve.allow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

#include <jansson.h>
#include <zmq.h>

#include "jer.h"
#include "rsud.h"
#include "zsock.h"

#define CTL_MAX_FRAMES	8

int
control_open(struct control *c, void *ctx, const char *endpoint,
    const char *curve_secret)
{
	/* a reply to a client that went away is dropped, not an error; a
	 * frame over control.max_message drops its connection before it is
	 * stored */
	const struct zsock_opt opts[] = {
		{ ZMQ_LINGER, 0 }, { ZMQ_SNDHWM, 1000 },
		{ ZMQ_ROUTER_MANDATORY, 0 },
		{ ZMQ_MAXMSGSIZE, conf_int(&rsud->conf, K_CONTROL_MAX_MSG) }
	};
	char	 err[300], pub[41];

	if ((c->sock = zsock_server(ctx, ZMQ_ROUTER, endpoint, opts,
	    nitems(opts), curve_secret, "rsud", err,
	    sizeof(err))) == NULL) {
		log_warnx("control: %s", err);
		return -1;
	}
	if (curve_secret != NULL && conf_public_key(curve_secret, pub) == 0)
		log_info("commands on %s (CURVE, rsud's public key %s)",
		    endpoint, pub);
	else
		log_info("commands on %s (no CURVE)", endpoint);
	return 0;
}

int
control_zap_open(struct control *c, void *ctx, const char *allow)
{
	char	 copy[4096], *it[RSUD_MAX_ALLOW];
	int	 i, n, zero = 0;

	n = conf_list(allow, copy, sizeof(copy), it, RSUD_MAX_ALLOW);
	for (i = 0; i < n && i < RSUD_MAX_ALLOW; i++)
		if (zmq_z85_decode(c->allow[c->nallow], it[i]) == NULL) {
			log_warnx("curve.allow: '%s' is not a Z85 key", it[i]);
			return -1;
		} else
			c->nallow++;
	if ((c->zap = zmq_socket(ctx, ZMQ_REP)) == NULL)
		return -1;
	zmq_setsockopt(c->zap, ZMQ_LINGER, &zero, sizeof(zero));
	if (zmq_bind(c->zap, "inproc://zeromq.zap.01") == -1) {
		log_warnx("ZAP handler: %s", zmq_strerror(errno));
		return -1;
	}
	log_info("CURVE on: %d centre key%s allowed", c->nallow,
	    c->nallow == 1 ? "" : "s");
	return 0;
}

void
control_zap_dispatch(struct control *c)
{
	zmq_msg_t	 f[8];
	int		 n = 0, i, more, ok = 0;
	size_t		 sz;
	const char	*status;

	for (;;) {
		zmq_msg_init(&f[n]);
		if (zmq_msg_recv(&f[n], c->zap, ZMQ_DONTWAIT) == -1) {
			zmq_msg_close(&f[n]);
			if (n == 0)
				return;
			break;
		}
		more = zmq_msg_more(&f[n]);
		if (n < 7)
			n++;
		else
			zmq_msg_close(&f[n]);
		if (!more)
			break;
	}
	/* version, request id, domain, address, identity, mechanism,
	 * credentials (the client's CURVE public key) */
	if (n >= 7 && zmq_msg_size(&f[5]) == 5 &&
	    memcmp(zmq_msg_data(&f[5]), "CURVE", 5) == 0 &&
	    zmq_msg_size(&f[6]) == 32)
		for (i = 0; i < c->nallow; i++)
			if (memcmp(c->allow[i], zmq_msg_data(&f[6]), 32) == 0)
				ok = 1;
	if (!ok) {
		char key[41] = "?";
		if (n >= 7 && zmq_msg_size(&f[6]) == 32)
			zmq_z85_encode(key, zmq_msg_data(&f[6]), 32);
		log_warnx("CURVE: refused client key %s from %.*s", key,
		    n >= 4 ? (int)zmq_msg_size(&f[3]) : 1,
		    n >= 4 ? (char *)zmq_msg_data(&f[3]) : "?");
	}
	status = ok ? "200" : "400";
	zmq_send(c->zap, "1.0", 3, ZMQ_SNDMORE);
	sz = n >= 2 ? zmq_msg_size(&f[1]) : 0;
	zmq_send(c->zap, n >= 2 ? zmq_msg_data(&f[1]) : "", sz, ZMQ_SNDMORE);
	zmq_send(c->zap, status, 3, ZMQ_SNDMORE);
	zmq_send(c->zap, ok ? "OK" : "key not allowed", ok ? 2 : 15,
	    ZMQ_SNDMORE);
	zmq_send(c->zap, "", 0, ZMQ_SNDMORE);
	zmq_send(c->zap, "", 0, 0);
	for (i = 0; i < n; i++)
		zmq_msg_close(&f[i]);
}

static void
reply_error(struct buf *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reply_error(struct buf *r, const char *fmt, ...)
{
	char	 e[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(e, sizeof(e), fmt, ap);
	va_end(ap);
	buf_reset(r);
	buf_adds(r, "{\"ok\":false,\"error\":");
	jer_string(r, e, strlen(e));
	buf_addc(r, '}');
}

static void
time_str(struct buf *b, int64_t t)
{
	struct timeval	 tv = { (time_t)t, 0 };

	buf_addc(b, '"');
	rfc3339(b, &tv);
	buf_addc(b, '"');
}

static void
cmd_status(json_t *req, struct buf *r)
{
	struct rsud	*d = rsud;
	struct timeval	 now;
	struct timex	 tx;
	int		 state;

	(void)req;
	gettimeofday(&now, NULL);
	buf_adds(r, "{\"ok\":true,\"rsu\":");
	jer_string(r, conf_str(&d->conf, K_RSU_ID),
	    strlen(conf_str(&d->conf, K_RSU_ID)));
	buf_addf(r, ",\"version\":\"%s\",\"now\":", RSUD_VERSION);
	buf_addc(r, '"');
	rfc3339(r, &now);
	buf_addf(r, "\",\"uptime\":%ld,\"counters\":",
	    (long)(now.tv_sec - d->started.tv_sec));
	stats_json(&d->st, r);
	buf_addf(r, ",\"queues\":{\"feedSeq\":%llu,\"feedSubscribers\":%d,"
	    "\"feedSubscriptions\":%d,"
	    "\"feedHwm\":%ld,\"feedDropped\":%llu,\"storeEntries\":%d,"
	    "\"captureDropped\":%llu,\"fileActive\":%s}",
	    (unsigned long long)d->up.seq, d->npeers, d->up.subscribers,
	    conf_int(&d->conf, K_FEED_HWM),
	    (unsigned long long)d->st.feed_dropped, d->store.n,
	    (unsigned long long)d->st.capture_drop,
	    d->file_open ? "true" : "false");
	buf_addf(r, ",\"store\":{\"entries\":%d,\"sent\":%llu,"
	    "\"failed\":%llu,\"expired\":%llu,\"quarantined\":%d,"
	    "\"recoveredFrom\":", d->store.n,
	    (unsigned long long)d->store.sent,
	    (unsigned long long)d->store.failed,
	    (unsigned long long)d->store.expired, d->store.quarantined);
	if (d->store.recovered[0] != '\0')
		jer_string(r, d->store.recovered, strlen(d->store.recovered));
	else
		buf_adds(r, "null");
	buf_addc(r, '}');
	buf_adds(r, ",\"certificate\":");
	if (d->sec.cert_file[0] != '\0') {
		buf_adds(r, "{\"file\":");
		jer_string(r, d->sec.cert_file, strlen(d->sec.cert_file));
		buf_adds(r, ",\"expires\":");
		time_str(r, d->sec.cert_expiry);
		buf_addf(r, ",\"secondsLeft\":%lld,\"canSign\":%s}",
		    (long long)(d->sec.cert_expiry - now.tv_sec),
		    d->sec.can_sign ? "true" : "false");
	} else
		buf_adds(r, "null");
	buf_addf(r, ",\"security\":{\"policy\":\"%s\",\"canVerify\":%s}",
	    conf_str(&d->conf, K_SEC_VERIFY),
	    d->sec.can_verify ? "true" : "false");
	/* Clock health: what the 1609.2 generation-time window depends on. */
	memset(&tx, 0, sizeof(tx));
	state = adjtimex(&tx);
	buf_addf(r, ",\"clock\":{\"measures\":\"system clock at receipt "
	    "minus the IEEE 1609.2 generationTime of signed messages "
	    "received live (radio, udp); the kernel's NTP state\","
	    "\"samples\":%llu", (unsigned long long)d->st.clock_samples);
	if (d->st.clock_samples)
		buf_addf(r, ",\"offsetMs\":{\"last\":%.3f,\"min\":%.3f,"
		    "\"max\":%.3f,\"average\":%.3f}", d->st.clock_last_ms,
		    d->st.clock_min_ms, d->st.clock_max_ms,
		    d->st.clock_ewma_ms);
	buf_addf(r, ",\"kernel\":{\"synchronized\":%s,\"maxErrorUs\":%ld,"
	    "\"estErrorUs\":%ld}}}",
	    state != -1 && state != TIME_ERROR ? "true" : "false",
	    (long)tx.maxerror, (long)tx.esterror);
}

static void
cmd_broadcast(json_t *req, struct buf *r)
{
	struct tx_msg	 m;
	char		 err[512];

	if (tx_msg_from_json(&m, req, err, sizeof(err)) == -1) {
		reply_error(r, "broadcast: %s", err);
		return;
	}
	buf_adds(r, "{\"ok\":true,");
	if (tx_send(&rsud->tx, &rsud->sec, &m, r, err, sizeof(err)) != 0)
		reply_error(r, "broadcast: %s", err);
	else
		buf_addc(r, '}');
	tx_msg_free(&m);
}

static int
get_time(json_t *v, int64_t *out)
{
	if (v == NULL) {
		*out = 0;
		return 0;
	}
	/* before 1970 is refused: the state file holds POSIX seconds >= 0
	 * (store.c), and an entry it cannot read is quarantined at start */
	if (json_is_integer(v))
		*out = json_integer_value(v);
	else if (!json_is_string(v) ||
	    parse_time(json_string_value(v), out) == -1)
		return -1;
	return *out < 0 ? -1 : 0;
}

static void
cmd_store(json_t *req, struct buf *r)
{
	struct store_entry e;
	json_t		*v;
	char		 err[512];

	memset(&e, 0, sizeof(e));
	if ((v = json_object_get(req, "intervalMs")) == NULL ||
	    !json_is_integer(v) || json_integer_value(v) < 10 ||
	    json_integer_value(v) > 86400000) {
		reply_error(r, "store: \"intervalMs\" must be an integer "
		    "10..86400000");
		return;
	}
	e.interval_ms = (long)json_integer_value(v);
	if (get_time(json_object_get(req, "start"), &e.start) == -1 ||
	    get_time(json_object_get(req, "stop"), &e.stop) == -1) {
		reply_error(r, "store: \"start\" and \"stop\" must be RFC 3339 "
		    "UTC times (2026-01-31T12:00:00Z) or POSIX seconds, "
		    "not before 1970");
		return;
	}
	if (e.start && e.stop && e.stop <= e.start) {
		reply_error(r, "store: \"stop\" is not after \"start\"");
		return;
	}
	if (e.stop && e.stop <= (int64_t)time(NULL)) {
		reply_error(r, "store: \"stop\" is in the past: the entry "
		    "would never be sent");
		return;
	}
	if ((v = json_object_get(req, "id")) != NULL) {
		if (!json_is_string(v) || strlen(json_string_value(v)) == 0 ||
		    strlen(json_string_value(v)) >= sizeof(e.id)) {
			reply_error(r, "store: \"id\" must be a string of 1..%zu"
			    " characters", sizeof(e.id) - 1);
			return;
		}
		snprintf(e.id, sizeof(e.id), "%s", json_string_value(v));
	}
	if (tx_msg_from_json(&e.m, req, err, sizeof(err)) == -1) {
		reply_error(r, "store: %s", err);
		return;
	}
	if (tx_check(&rsud->tx, &rsud->sec, &e.m, err, sizeof(err)) == -1) {
		tx_msg_free(&e.m);
		reply_error(r, "store: %s", err);
		return;
	}
	if (store_add(&rsud->store, &e, err, sizeof(err)) == -1) {
		tx_msg_free(&e.m);
		reply_error(r, "store: %s", err);
		return;
	}
	buf_adds(r, "{\"ok\":true,\"id\":");
	jer_string(r, e.id, strlen(e.id));
	buf_addf(r, ",\"type\":\"%s\",\"psid\":%u,\"intervalMs\":%ld,"
	    "\"entries\":%d}", e.m.type, e.m.psid, e.interval_ms,
	    rsud->store.n);
}

static void
cmd_delete(json_t *req, struct buf *r)
{
	json_t	*v = json_object_get(req, "id");
	int	 rc;

	if (!json_is_string(v)) {
		reply_error(r, "delete: \"id\" (a string) is required");
		return;
	}
	if ((rc = store_delete(&rsud->store, json_string_value(v))) == -1)
		reply_error(r, "delete: no entry with id \"%.64s\"",
		    json_string_value(v));
	else if (rc == -2)
		reply_error(r, "delete: cannot write the state file");
	else
		buf_addf(r, "{\"ok\":true,\"entries\":%d}", rsud->store.n);
}

static void
cmd_list(json_t *req, struct buf *r)
{
	(void)req;
	buf_adds(r, "{\"ok\":true,\"entries\":");
	store_json(&rsud->store, r);
	buf_addc(r, '}');
}

/* The commands (command.schema.json), in the order errors list them. */
static const struct command {
	const char	*name;
	void		(*fn)(json_t *, struct buf *);
	const char	*help;
} commands[] = {
	{ "status", cmd_status,
	  "counters, queues, certificate, security and clock health" },
	{ "broadcast", cmd_broadcast,
	  "send a message once (message or hex, type, family, psid, "
	  "channel, btpPort, area, sign)" },
	{ "store", cmd_store,
	  "repeat a message every intervalMs between start and stop; "
	  "persisted" },
	{ "list", cmd_list, "the store-and-repeat entries and their state" },
	{ "delete", cmd_delete, "remove the store-and-repeat entry id" },
};

/* "status, broadcast, store, list, delete", from the table. */
static const char *
command_names(void)
{
	static char	 names[128];
	size_t		 i;

	if (names[0] == '\0')
		for (i = 0; i < nitems(commands); i++)
			snprintf(names + strlen(names),
			    sizeof(names) - strlen(names), "%s%s",
			    i ? ", " : "", commands[i].name);
	return names;
}

void
control_help(FILE *f)
{
	size_t	 i;

	for (i = 0; i < nitems(commands); i++)
		fprintf(f, "%-10s %s\n", commands[i].name, commands[i].help);
}

static void
handle(const char *body, size_t len, struct buf *r)
{
	json_error_t	 je;
	json_t		*req, *cmd;
	const char	*c;
	size_t		 i;

	if ((req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL) {
		reply_error(r, "request is not JSON: %s (column %d)", je.text,
		    je.column);
		return;
	}
	if (!json_is_object(req)) {
		reply_error(r, "request must be a JSON object");
		goto out;
	}
	if ((cmd = json_object_get(req, "cmd")) == NULL) {
		reply_error(r, "missing \"cmd\" (%s)", command_names());
		goto out;
	}
	if (!json_is_string(cmd)) {
		reply_error(r, "\"cmd\" must be a string (%s)",
		    command_names());
		goto out;
	}
	c = json_string_value(cmd);
	for (i = 0; i < nitems(commands); i++)
		if (strcmp(c, commands[i].name) == 0)
			break;
	if (i < nitems(commands))
		commands[i].fn(req, r);
	else
		reply_error(r, "unknown cmd \"%.32s\" (%s)", c,
		    command_names());
out:
	json_decref(req);
}

void
control_dispatch(struct control *c)
{
	zmq_msg_t	 f[CTL_MAX_FRAMES];
	struct buf	 r;
	int		 n, i, more, handled = 0;

	buf_init(&r);
	while (handled++ < 64) {
		n = 0;
		for (;;) {
			zmq_msg_init(&f[n]);
			if (zmq_msg_recv(&f[n], c->sock, ZMQ_DONTWAIT) == -1) {
				zmq_msg_close(&f[n]);
				for (i = 0; i < n; i++)
					zmq_msg_close(&f[i]);
				goto done;
			}
			more = zmq_msg_more(&f[n]);
			if (n < CTL_MAX_FRAMES - 1)
				n++;
			else
				zmq_msg_close(&f[n]);	/* excess frames */
			if (!more)
				break;
		}
		/* f[0] identity, [empty delimiter (REQ)], body last */
		buf_reset(&r);
		/* no frame is over control.max_message: ZMQ_MAXMSGSIZE
		 * (control_open; the key needs a restart) drops the
		 * connection first */
		if (n < 2)
			reply_error(&r, "no request body");
		else
			handle(zmq_msg_data(&f[n - 1]), zmq_msg_size(&f[n - 1]),
			    &r);
		if (r.oom)
			fatalx("out of memory");
		if (r.len > 6 && memcmp(r.p, "{\"ok\":t", 7) == 0)
			rsud->st.cmd_ok++;
		else
			rsud->st.cmd_err++;
		for (i = 0; i < n - 1 || (n == 1 && i == 0); i++)
			zmq_send(c->sock, zmq_msg_data(&f[i]),
			    zmq_msg_size(&f[i]), ZMQ_SNDMORE | ZMQ_DONTWAIT);
		zmq_send(c->sock, r.p, r.len, ZMQ_DONTWAIT);
		for (i = 0; i < n; i++)
			zmq_msg_close(&f[i]);
	}
done:
	buf_free(&r);
}

void
control_close(struct control *c)
{
	if (c->sock != NULL)
		zmq_close(c->sock);
	if (c->zap != NULL)
		zmq_close(c->zap);
	c->sock = c->zap = NULL;
}
