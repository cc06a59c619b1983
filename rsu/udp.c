/*
 * udp.c: UDP listeners for RSU forwards and the immediate forward text
 * messages (USDOT RSU specification v4.1, port 1516): non-blocking
 * sockets in the event loop, every datagram into the pipeline.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rsud.h"

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

int
udp_open(struct udp_in *u, const char *hostport, int rcvbuf)
{
	struct sockaddr_storage ss;
	unsigned	 sl = sizeof(ss);
	int		 one = 1;

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
	setsockopt(u->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* SO_RCVBUFFORCE passes net.core.rmem_max when we may (root) */
	if (rcvbuf > 0 && setsockopt(u->fd, SOL_SOCKET, SO_RCVBUFFORCE,
	    &rcvbuf, sizeof(rcvbuf)) == -1 && setsockopt(u->fd, SOL_SOCKET,
	    SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) == -1)
		log_warn("udp %s: SO_RCVBUF", hostport);
	if (bind(u->fd, (struct sockaddr *)&ss, sl) == -1) {
		log_warn("udp %s: bind", hostport);
		close(u->fd);
		u->fd = -1;
		return -1;
	}
	log_info("listening on udp %s", hostport);
	return 0;
}

int
udp_dispatch(struct udp_in *u, int max)
{
	static uint8_t	 b[65536];
	struct timeval	 tv;
	ssize_t		 n;
	int		 done = 0;

	while (done < max) {
		if ((n = recv(u->fd, b, sizeof(b), 0)) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("udp %s: recv", u->name);
			break;
		}
		gettimeofday(&tv, NULL);
		engine_datagram(SRC_UDP, b, (size_t)n, &tv);
		done++;
	}
	return done;
}

void
udp_close(struct udp_in *u)
{
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}
