/*
 * sink.c: where replayed frames go: a capture file (pcapng by our writer
 * when the name ends in .pcapng, else pcap by libpcap, nanosecond
 * timestamps), UDP, a network interface (pcap_inject) or ZeroMQ (a PUSH
 * socket that connects, or binds when the endpoint has '*'; zmq-pub: a PUB
 * socket that binds).  One ZeroMQ message per packet, the bytes only.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>
#include <zmq.h>

#include "sim.h"

struct sink {
	enum sink_kind	 kind;
	struct pcapng	*ng;
	pcap_t		*pd;		/* file (dead) or interface */
	pcap_dumper_t	*dump;
	int		 fd;
	struct sockaddr_storage	 sa;	/* UDP destination */
	socklen_t	 salen;
	void		*zctx, *zsock;
};

static int
has_suffix(const char *s, const char *suf)
{
	size_t	 a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static int
open_file(struct sink *k, const char *path, int dlt, char *err,
    size_t errlen)
{
	if (has_suffix(path, ".pcapng")) {
		k->ng = pcapng_open(path, dlt, "v2xsim replay", err, errlen);
		return k->ng ? 0 : -1;
	}
	k->pd = pcap_open_dead_with_tstamp_precision(dlt, 262144,
	    PCAP_TSTAMP_PRECISION_NANO);
	if (k->pd == NULL) {
		snprintf(err, errlen, "pcap_open_dead failed");
		return -1;
	}
	if ((k->dump = pcap_dump_open(k->pd, path)) == NULL) {
		snprintf(err, errlen, "%s", pcap_geterr(k->pd));
		return -1;
	}
	return 0;
}

static int
open_udp(struct sink *k, const char *hostport, char *err, size_t errlen)
{
	struct addrinfo	 hints, *res, *ai;
	char		 host[256];
	const char	*port;
	int		 e;

	if ((port = strrchr(hostport, ':')) == NULL ||
	    (size_t)(port - hostport) >= sizeof(host)) {
		snprintf(err, errlen, "udp:HOST:PORT expected");
		return -1;
	}
	memcpy(host, hostport, port - hostport);
	host[port - hostport] = '\0';
	port++;
	/* [v6]:port */
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	if ((e = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", hostport, gai_strerror(e));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((k->fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1)
			continue;
		/* Not connected: an ICMP port unreachable must not make
		 * the next send fail. */
		memcpy(&k->sa, ai->ai_addr, ai->ai_addrlen);
		k->salen = ai->ai_addrlen;
		break;
	}
	freeaddrinfo(res);
	if (k->fd == -1) {
		snprintf(err, errlen, "%s: %s", hostport, strerror(errno));
		return -1;
	}
	return 0;
}

static int
open_iface(struct sink *k, const char *name, int dlt, char *err,
    size_t errlen)
{
	char	 ebuf[PCAP_ERRBUF_SIZE];

	if ((k->pd = pcap_create(name, ebuf)) == NULL) {
		snprintf(err, errlen, "%s: %s", name, ebuf);
		return -1;
	}
	if (pcap_activate(k->pd) < 0) {
		snprintf(err, errlen, "%s: %s", name, pcap_geterr(k->pd));
		return -1;
	}
	if (dlt >= 0 && pcap_datalink(k->pd) != dlt)
		log_warnx("%s: link type %d differs from the trace's %d; "
		    "frames are sent as they are", name,
		    pcap_datalink(k->pd), dlt);
	return 0;
}

static int
open_zmq(struct sink *k, const char *ep, int pub, char *err, size_t errlen)
{
	int	 hwm = 0, linger = 2000, r;

	if ((k->zctx = zmq_ctx_new()) == NULL ||
	    (k->zsock = zmq_socket(k->zctx, pub ? ZMQ_PUB : ZMQ_PUSH)) ==
	    NULL) {
		snprintf(err, errlen, "zmq: %s", zmq_strerror(zmq_errno()));
		return -1;
	}
	/* A replay must not lose messages to the high-water mark. */
	zmq_setsockopt(k->zsock, ZMQ_SNDHWM, &hwm, sizeof(hwm));
	zmq_setsockopt(k->zsock, ZMQ_LINGER, &linger, sizeof(linger));
	if (pub || strchr(ep, '*') != NULL)
		r = zmq_bind(k->zsock, ep);
	else
		r = zmq_connect(k->zsock, ep);
	if (r != 0) {
		snprintf(err, errlen, "%s: %s", ep, zmq_strerror(zmq_errno()));
		return -1;
	}
	if (pub)
		usleep(300000);	/* let subscribers join first */
	return 0;
}

struct sink *
sink_open(const char *spec, int dlt, char *err, size_t errlen)
{
	struct sink	*k;
	int		 r;

	if ((k = calloc(1, sizeof(*k))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->fd = -1;
	if (strncmp(spec, "file:", 5) == 0) {
		k->kind = SINK_FILE;
		r = open_file(k, spec + 5, dlt, err, errlen);
	} else if (strncmp(spec, "udp:", 4) == 0) {
		k->kind = SINK_UDP;
		r = open_udp(k, spec + 4, err, errlen);
	} else if (strncmp(spec, "iface:", 6) == 0) {
		k->kind = SINK_IFACE;
		r = open_iface(k, spec + 6, dlt, err, errlen);
	} else if (strncmp(spec, "zmq:", 4) == 0) {
		k->kind = SINK_ZMQ;
		r = open_zmq(k, spec + 4, 0, err, errlen);
	} else if (strncmp(spec, "zmq-pub:", 8) == 0) {
		k->kind = SINK_ZMQ;
		r = open_zmq(k, spec + 8, 1, err, errlen);
	} else {
		snprintf(err, errlen, "%s: expected file:, udp:, iface:, "
		    "zmq: or zmq-pub:", spec);
		r = -1;
	}
	if (r == -1) {
		sink_close(k);
		return NULL;
	}
	return k;
}

enum sink_kind
sink_kind(const struct sink *k)
{
	return k->kind;
}

int
sink_send(struct sink *k, const uint8_t *p, size_t n, int64_t ts_ns)
{
	struct pcap_pkthdr	 h;

	switch (k->kind) {
	case SINK_FILE:
		if (k->ng != NULL)
			return pcapng_write(k->ng, ts_ns, p, n);
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = ts_ns / NS_PER_S;
		h.ts.tv_usec = ts_ns % NS_PER_S;	/* ns: nano dumper */
		h.caplen = h.len = n;
		pcap_dump((u_char *)k->dump, &h, p);
		return 0;
	case SINK_UDP:
		return sendto(k->fd, p, n, 0, (struct sockaddr *)&k->sa,
		    k->salen) == (ssize_t)n ? 0 : -1;
	case SINK_IFACE:
		return pcap_inject(k->pd, p, n) == (int)n ? 0 : -1;
	case SINK_ZMQ:
		return zmq_send(k->zsock, p, n, 0) == (int)n ? 0 : -1;
	}
	return -1;
}

int
sink_close(struct sink *k)
{
	int	 r = 0;

	if (k == NULL)
		return 0;
	if (k->ng != NULL && pcapng_close(k->ng) == -1)
		r = -1;
	if (k->dump != NULL) {
		if (pcap_dump_flush(k->dump) == -1)
			r = -1;
		pcap_dump_close(k->dump);
	}
	if (k->pd != NULL)
		pcap_close(k->pd);
	if (k->fd != -1)
		close(k->fd);
	if (k->zsock != NULL)
		zmq_close(k->zsock);
	if (k->zctx != NULL)
		zmq_ctx_term(k->zctx);
	free(k);
	return r;
}
