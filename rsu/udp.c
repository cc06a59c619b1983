/*
 * udp.c: UDP listeners for RSU forwards and the immediate forward text
 * messages (USDOT RSU specification v4.1, port 1516): non-blocking
 * sockets in the event loop, every datagram into the pipeline, and what
 * the kernel dropped because rsud did not read in time: the count that
 * SO_RXQ_OVFL puts on each datagram and SO_MEMINFO's, whichever is
 * higher (the first misses drops after the last datagram read).  A port
 * already bound is an error (no SO_REUSEADDR: it lets a second socket
 * take the datagrams of the first).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rsud.h"

#ifndef SO_RXQ_OVFL
#define SO_RXQ_OVFL	40
#endif
#ifndef SO_MEMINFO
#define SO_MEMINFO	55
#endif

int
udp_addr(const char *hostport, void *ss, unsigned *sslen, int passive)
{
	struct addrinfo	 hints, *res;
	char		 host[256], *colon;
	const char	*port;

	snprintf(host, sizeof(host), "%s", hostport);
	if ((colon = strrchr(host, ':')) == NULL || colon[1] == '\0')
		return -1;
	*colon = '\0';
	port = colon + 1;
	if (host[0] == '[' && colon > host + 1 && colon[-1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	if (getaddrinfo(*host && strcmp(host, "*") ? host : NULL, port,
	    &hints, &res) != 0)
		return -1;
	if (res->ai_addrlen > *sslen) {
		freeaddrinfo(res);
		return -1;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Ask for rcvbuf bytes of receive buffer; say when the kernel gave less. */
static void
set_rcvbuf(struct udp_in *u, int rcvbuf)
{
	socklen_t	 sl = sizeof(int);
	int		 got = 0, max = 0;
	FILE		*f;

	/* SO_RCVBUFFORCE passes net.core.rmem_max when we may (root) */
	if (setsockopt(u->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	    sizeof(rcvbuf)) == -1 && setsockopt(u->fd, SOL_SOCKET, SO_RCVBUF,
	    &rcvbuf, sizeof(rcvbuf)) == -1)
		log_warn("udp %s: SO_RCVBUF", u->name);
	/* Linux reports twice what it grants (its bookkeeping overhead) */
	if (getsockopt(u->fd, SOL_SOCKET, SO_RCVBUF, &got, &sl) == -1 ||
	    got / 2 >= rcvbuf)
		return;
	if ((f = fopen("/proc/sys/net/core/rmem_max", "r")) != NULL) {
		if (fscanf(f, "%d", &max) != 1)
			max = 0;
		fclose(f);
	}
	log_warnx("udp %s: udp.rcvbuf %d asked, the kernel gave %d "
	    "(net.core.rmem_max %d without CAP_NET_ADMIN): a burst may be "
	    "dropped sooner (counted in rxDropped)", u->name, rcvbuf, got / 2,
	    max);
}

int
udp_open(struct udp_in *u, const char *hostport, int rcvbuf)
{
	struct sockaddr_storage ss;
	unsigned	 sl = sizeof(ss);
	int		 one = 1;

	memset(u, 0, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", hostport);
	if (udp_addr(hostport, &ss, &sl, 1) == -1) {
		log_warnx("udp %s: not HOST:PORT", hostport);
		return -1;
	}
	if ((u->fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1) {
		log_warn("udp %s: socket", hostport);
		return -1;
	}
	if (setsockopt(u->fd, SOL_SOCKET, SO_RXQ_OVFL, &one,
	    sizeof(one)) == -1)
		log_warn("udp %s: SO_RXQ_OVFL (kernel drops are counted "
		    "from SO_MEMINFO only)", hostport);
	if (rcvbuf > 0)
		set_rcvbuf(u, rcvbuf);
	if (bind(u->fd, (struct sockaddr *)&ss, sl) == -1) {
		if (errno == EADDRINUSE)
			log_warnx("udp %s: port in use: another program (another "
			    "rsud?) listens on it", hostport);
		else
			log_warn("udp %s: bind", hostport);
		close(u->fd);
		u->fd = -1;
		return -1;
	}
	log_info("listening on udp %s", hostport);
	return 0;
}

/* A new cumulative kernel count (32 bits, may wrap) into u->dropped. */
static void
drops_seen(struct udp_in *u, uint32_t k)
{
	uint32_t	 d = k - u->kdrops;

	/* a datagram's count can be older than SO_MEMINFO's */
	if (d == 0 || d > UINT32_MAX / 2)
		return;
	u->kdrops = k;
	u->dropped += d;
}

uint64_t
udp_drops(struct udp_in *u)
{
	uint32_t	 mi[SK_MEMINFO_VARS];
	socklen_t	 sl = sizeof(mi);

	if (u->fd >= 0 && getsockopt(u->fd, SOL_SOCKET, SO_MEMINFO, mi,
	    &sl) == 0 && sl > SK_MEMINFO_DROPS * sizeof(uint32_t))
		drops_seen(u, mi[SK_MEMINFO_DROPS]);
	return u->dropped;
}

int
udp_dispatch(struct udp_in *u, int max)
{
	static uint8_t	 b[65536];
	union {
		struct cmsghdr	 h;
		uint8_t		 b[CMSG_SPACE(sizeof(uint32_t))];
	}		 cm;
	struct cmsghdr	*c;
	struct iovec	 iov;
	struct msghdr	 mh;
	struct timeval	 tv;
	uint32_t	 k;
	ssize_t		 n;
	int		 done = 0;

	while (done < max) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = b;
		iov.iov_len = sizeof(b);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cm.b;
		mh.msg_controllen = sizeof(cm.b);
		if ((n = recvmsg(u->fd, &mh, 0)) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("udp %s: recv", u->name);
			break;
		}
		for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SO_RXQ_OVFL) {
				memcpy(&k, CMSG_DATA(c), sizeof(k));
				drops_seen(u, k);
			}
		gettimeofday(&tv, NULL);
		engine_datagram(SRC_UDP, b, (size_t)n, &tv);
		done++;
	}
	/* SO_MEMINFO (drops after the last datagram) is asked when the
	 * count is read (udp_drops, stats_refresh), not per batch */
	return done;
}

void
udp_close(struct udp_in *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}
