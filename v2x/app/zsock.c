/*
 * zsock.c: the programs' ZeroMQ server socket (zsock.h): options, CURVE
 * server keys (RFC 26/CurveZMQ) with a ZAP domain (RFC 27/ZAP), bind.
 * Options go first: libzmq applies most of them to connections made
 * after they are set.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <zmq.h>

#include "zsock.h"

void *
zsock_server(void *ctx, int type, const char *endpoint,
    const struct zsock_opt *opts, size_t n, const char *curve_secret,
    const char *zap_domain, char *err, size_t errlen)
{
	void	*s;
	size_t	 i;
	int	 one = 1, rc;

	if ((s = zmq_socket(ctx, type)) == NULL) {
		snprintf(err, errlen, "zmq_socket: %s", zmq_strerror(errno));
		return NULL;
	}
	for (i = 0; i < n; i++) {
		int v = (int)opts[i].value;

		if (opts[i].name == ZMQ_MAXMSGSIZE)
			rc = zmq_setsockopt(s, opts[i].name, &opts[i].value,
			    sizeof(opts[i].value));
		else
			rc = zmq_setsockopt(s, opts[i].name, &v, sizeof(v));
		if (rc == -1) {
			snprintf(err, errlen, "socket option %d: %s",
			    opts[i].name, zmq_strerror(errno));
			zmq_close(s);
			return NULL;
		}
	}
	if (strncmp(endpoint, "tcp://[", 7) == 0)
		zmq_setsockopt(s, ZMQ_IPV6, &one, sizeof(one));
	if (curve_secret != NULL && *curve_secret != '\0') {
		zmq_setsockopt(s, ZMQ_CURVE_SERVER, &one, sizeof(one));
		if (zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, curve_secret,
		    40) == -1) {
			snprintf(err, errlen, "CURVE secret key: %s",
			    zmq_strerror(errno));
			zmq_close(s);
			return NULL;
		}
		if (zap_domain != NULL)
			zmq_setsockopt(s, ZMQ_ZAP_DOMAIN, zap_domain,
			    strlen(zap_domain));
	}
	if (zmq_bind(s, endpoint) == -1) {
		snprintf(err, errlen, "bind %s: %s", endpoint,
		    zmq_strerror(errno));
		zmq_close(s);
		return NULL;
	}
	return s;
}
