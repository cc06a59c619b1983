/*
 * uplink.c: the feed to the traffic centre (DESIGN.md "ZeroMQ interface"):
 * an XPUB socket (a PUB that also tells us about subscriptions) sending
 * topic, JSON, raw bytes.  Sends never block: ZMQ_DONTWAIT, and libzmq
 * drops for a subscriber whose queue (feed.hwm) is full.
 */
#include <string.h>

#include <zmq.h>

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

	memset(u, 0, sizeof(*u));
	if ((u->sock = zsock_server(ctx, ZMQ_XPUB, endpoint, opts,
	    nitems(opts), curve_secret, "rsud", err,
	    sizeof(err))) == NULL) {
		log_warnx("feed: %s", err);
		return -1;
	}
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

int
uplink_publish(struct uplink *u, const char *topic, const struct buf *json,
    const uint8_t *raw, size_t rawlen)
{
	/* Multipart: once the first part is accepted the rest is too (the
	 * message is queued atomically), so only the first can fail. */
	if (zmq_send(u->sock, topic, strlen(topic),
	    ZMQ_DONTWAIT | ZMQ_SNDMORE) == -1) {
		rsud->st.feed_dropped++;
		return -1;
	}
	zmq_send(u->sock, json->p, json->len, ZMQ_DONTWAIT | ZMQ_SNDMORE);
	zmq_send(u->sock, raw, rawlen, ZMQ_DONTWAIT);
	rsud->st.feed_bytes += strlen(topic) + json->len + rawlen;
	return 0;
}

void
uplink_close(struct uplink *u)
{
	if (u->sock != NULL)
		zmq_close(u->sock);
	u->sock = NULL;
}
