/*
 * zsock.h: a bound ZeroMQ socket with optional CURVE server keys
 * (RFC 26/CurveZMQ; clients admitted by a ZAP handler, RFC 27/ZAP), for
 * the programs (v2x/app/zsock.c).  Programs only: the library never links
 * libzmq.
 */
#ifndef V2X_APP_ZSOCK_H
#define V2X_APP_ZSOCK_H

#include <stddef.h>
#include <stdint.h>

/* An integer socket option (ZMQ_LINGER, ZMQ_SNDHWM...) and its value;
 * ZMQ_MAXMSGSIZE, the one int64_t option, too. */
struct zsock_opt {
	int		 name;
	int64_t		 value;
};

/* A socket of type (ZMQ_XPUB, ZMQ_ROUTER...) with the n options of opts,
 * a CURVE server with the Z85 secret key curve_secret in ZAP domain
 * zap_domain unless curve_secret is NULL or empty, bound to endpoint
 * (IPv6 on for a tcp://[address]).
 * NULL with err set ("bind tcp://...: Address in use"). */
void		*zsock_server(void *ctx, int type, const char *endpoint,
		    const struct zsock_opt *opts, size_t n,
		    const char *curve_secret, const char *zap_domain,
		    char *err, size_t errlen);

#endif
