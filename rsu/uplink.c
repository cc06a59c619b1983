/*
 * uplink.c: the feed to the traffic centre (DESIGN.md "ZeroMQ interface"):
 * an XPUB socket (a PUB that also tells us about subscriptions) sending
 * topic, JSON, raw bytes, the per-publisher seq and per-topic tseq that
 * number them, and the heartbeat (rsud/heartbeat/<rsu-id>) that tells a
 * subscriber the last numbers sent.  Sends never block.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "jer.h"
#include "rsud.h"
#include "zsock.h"

int
uplink_open(struct uplink *u, void *ctx, const char *endpoint, int hwm,
    const char *curve_secret)
{
	/* every subscribe and unsubscribe, so the count stays right; what
	 * a subscriber sends (subscriptions) is small */
	const struct zsock_opt opts[] = {
		{ ZMQ_SNDHWM, hwm }, { ZMQ_LINGER, 0 }, { ZMQ_XPUB_VERBOSER, 1 },
		{ ZMQ_MAXMSGSIZE, RSUD_FEED_MAX_IN }
	};
	char	 err[300];
	int	 one = 1;

	memset(u, 0, sizeof(*u));
	if ((u->sock = zsock_server(ctx, ZMQ_XPUB, endpoint, opts,
	    nitems(opts), curve_secret, "rsud", err,
	    sizeof(err))) == NULL) {
		log_warnx("feed: %s", err);
		return -1;
	}
	/* Outside the option list above on purpose: uplink_publish turns it
	 * off and on around a retry. */
	if (zmq_setsockopt(u->sock, ZMQ_XPUB_NODROP, &one, sizeof(one)) ==
	    -1) {
		log_warnx("feed: ZMQ_XPUB_NODROP: %s", zmq_strerror(errno));
		zmq_close(u->sock);
		u->sock = NULL;
		return -1;
	}
	buf_init(&u->beat);
	u->next_beat = now_ms() + UPLINK_BEAT_MS;
	log_info("feed on %s (hwm %d%s)", endpoint, hwm,
	    curve_secret && *curve_secret ? ", CURVE" : "");
	return 0;
}

void
uplink_dispatch(struct uplink *u)
{
	uint8_t	 b[256];
	int	 n;

	while ((n = zmq_recv(u->sock, b, sizeof(b), ZMQ_DONTWAIT)) >= 0) {
		if (n < 1)
			continue;
		if (b[0] == 1)
			u->subscribers++;
		else if (b[0] == 0 && u->subscribers > 0)
			u->subscribers--;
		log_debug("feed: %s '%.*s'", b[0] ? "subscribe" :
		    "unsubscribe", n > 1 ? (n - 1 > 64 ? 64 : n - 1) : 0,
		    (char *)b + 1);
	}
}

/* The three parts; -1 when the first is refused (then nothing is queued:
 * libzmq queues a multipart message whole), else 0. */
static int
send_parts(void *sock, const char *topic, const void *json, size_t jsonlen,
    const void *raw, size_t rawlen)
{
	if (zmq_send(sock, topic, strlen(topic),
	    ZMQ_DONTWAIT | ZMQ_SNDMORE) == -1)
		return -1;
	zmq_send(sock, json, jsonlen, ZMQ_DONTWAIT | ZMQ_SNDMORE);
	zmq_send(sock, raw, rawlen, ZMQ_DONTWAIT);
	return 0;
}

/*
 * Send to every subscriber that has room.  With ZMQ_XPUB_NODROP set, libzmq
 * refuses the first part (EAGAIN) when one matching subscriber's queue is
 * full, instead of dropping for it in silence: that is how rsud learns of
 * the loss.  The message then goes out again lossy (ZMQ_XPUB_NODROP off for
 * three parts) so that the subscribers with room still get it.  The retry is
 * clean in libzmq 4.3.4 (xpub.cpp: when check_hwm fails nothing is written,
 * the pipes stay matched and _more_send stays false, so the first part is
 * matched again); an experiment with two subscribers, one not reading,
 * showed both.  It also showed the limit: the lossy send marks the full
 * subscriber's pipe inactive (dist.cpp), and until that subscriber has read
 * half its queue libzmq skips it without EAGAIN.  Those later messages it
 * misses are not refused and cannot be counted here; the subscriber sees
 * them by tseq and the heartbeat.  Returns 1 when a queue was full, 0 when
 * every subscriber took it, -1 when nobody did (errno).
 */
static int
feed_send(struct uplink *u, const char *topic, const void *json,
    size_t jsonlen, const void *raw, size_t rawlen)
{
	int	 on = 1, off = 0, rc;

	if (send_parts(u->sock, topic, json, jsonlen, raw, rawlen) == 0)
		return 0;
	if (errno != EAGAIN)
		return -1;
	zmq_setsockopt(u->sock, ZMQ_XPUB_NODROP, &off, sizeof(off));
	rc = send_parts(u->sock, topic, json, jsonlen, raw, rawlen);
	zmq_setsockopt(u->sock, ZMQ_XPUB_NODROP, &on, sizeof(on));
	return rc == 0 ? 1 : -1;
}

struct uplink_topic *
uplink_topic(struct uplink *u, const char *topic)
{
	struct uplink_topic *t;
	int	 i;

	/* A linear search, the last one found first.  Topics are never
	 * evicted (an evicted topic's tseq would restart at 0) and the
	 * table has no fixed size: it doubles as needed (fatal when out of
	 * memory).  What bounds it is the topic's words, none of them from
	 * the packet: family x the type names rsud knows (its ASN.1 types,
	 * the configured BTP ports, "unknown") x the rsu.id values a
	 * SIGHUP gave: a few dozen. */
	if (u->last >= 0 && u->last < u->ntopics &&
	    strcmp(u->topics[u->last].name, topic) == 0)
		return &u->topics[u->last];
	for (i = 0; i < u->ntopics; i++)
		if (strcmp(u->topics[i].name, topic) == 0)
			return &u->topics[u->last = i];
	if (u->ntopics == u->maxtopics) {
		u->maxtopics = u->maxtopics ? u->maxtopics * 2 : 16;
		if ((t = reallocarray(u->topics, (size_t)u->maxtopics,
		    sizeof(*t))) == NULL)
			fatal("feed topics");
		u->topics = t;
	}
	t = &u->topics[u->ntopics];
	if ((t->name = strdup(topic)) == NULL)
		fatal("feed topics");
	t->tseq = 0;
	u->last = u->ntopics++;
	return t;
}

int
uplink_publish(struct uplink *u, struct uplink_topic *t,
    const struct buf *json, const uint8_t *raw, size_t rawlen)
{
	int	 rc;

	/* numbered whether or not it goes out: what is lost leaves a gap */
	u->seq++;
	t->tseq++;
	if ((rc = feed_send(u, t->name, json->p, json->len, raw, rawlen)) ==
	    -1) {
		log_debug("feed: %s: %s", t->name, zmq_strerror(errno));
		rsud->st.feed_dropped++;
		return -1;
	}
	if (rc == 1)
		rsud->st.feed_dropped++;
	rsud->st.feed_bytes += strlen(t->name) + json->len + rawlen;
	return 0;
}

long
uplink_heartbeat(struct uplink *u, const char *rsu_id)
{
	struct buf	*b = &u->beat;
	struct timeval	 tv;
	char		 topic[128];
	double		 now = now_ms();
	int		 i;

	if (u->sock == NULL)
		return -1;
	if (now < u->next_beat)
		return (long)(u->next_beat - now) + 1;
	u->next_beat = now + UPLINK_BEAT_MS;
	gettimeofday(&tv, NULL);
	snprintf(topic, sizeof(topic), "rsud/heartbeat/%s", rsu_id);
	buf_reset(b);
	buf_adds(b, "{\"rsu\":");
	jer_string(b, rsu_id, strlen(rsu_id));
	buf_adds(b, ",\"time\":\"");
	rfc3339(b, &tv);
	buf_addf(b, "\",\"seq\":%lld,\"topics\":{", (long long)u->seq - 1);
	for (i = 0; i < u->ntopics; i++) {
		if (i > 0)
			buf_addc(b, ',');
		jer_string(b, u->topics[i].name, strlen(u->topics[i].name));
		buf_addf(b, ":%lld", (long long)u->topics[i].tseq - 1);
	}
	buf_addf(b, "},\"feedDropped\":%llu}",
	    (unsigned long long)rsud->st.feed_dropped);
	if (b->oom)
		fatalx("out of memory");
	/* not counted in feedDropped: the next heartbeat repeats it */
	if (feed_send(u, topic, b->p, b->len, "", 0) == -1)
		log_debug("feed: heartbeat: %s", zmq_strerror(errno));
	return UPLINK_BEAT_MS;
}

void
uplink_close(struct uplink *u)
{
	int	 i;

	if (u->sock != NULL)
		zmq_close(u->sock);
	u->sock = NULL;
	for (i = 0; i < u->ntopics; i++)
		free(u->topics[i].name);
	free(u->topics);
	u->topics = NULL;
	u->ntopics = u->maxtopics = 0;
	buf_free(&u->beat);
}
