/*
 * zclient.c: the ZeroMQ client socket of 'v2x sub' and 'v2x cmd' (DESIGN.md,
 * ZeroMQ interface): its options, the CURVE client keys (ZeroMQ RFC 26
 * CurveZMQ, keys in Z85 of RFC 32) and the connection to rsud.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "cli.h"

int
zclient_opt(struct zclient *z, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return 0;
	if (strcmp(argv[*i], "--timeout") == 0)
		z->timeout = strtod(argv[*i + 1], NULL);
	else if (strcmp(argv[*i], "--server-key") == 0)
		z->server = argv[*i + 1];
	else if (strcmp(argv[*i], "--secret-key") == 0)
		z->secret = argv[*i + 1];
	else
		return 0;
	(*i)++;
	return 1;
}

/* CURVE client keys: ours from the secret, and the server's. */
static int
curve(void *sock, const char *server, const char *secret)
{
	char	 pub[41];

	if (server == NULL && secret == NULL)
		return 0;
	if (server == NULL || secret == NULL || strlen(server) != 40 ||
	    strlen(secret) != 40) {
		log_warnx("--server-key and --secret-key go together (Z85, 40 "
		    "characters each)");
		return -1;
	}
	if (zmq_curve_public(pub, secret) == -1) {
		log_warnx("--secret-key: not a Z85 key");
		return -1;
	}
	if (zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server, 40) == -1 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, pub, 40) == -1 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, secret, 40) == -1) {
		log_warnx("CURVE keys: %s", zmq_strerror(errno));
		return -1;
	}
	return 0;
}

int
zclient_connect(struct zclient *z, const char *cmd, int type)
{
	int	 zero = 0;

	z->ctx = zmq_ctx_new();
	z->s = zmq_socket(z->ctx, type);
	/* Nothing waits at exit for a message rsud did not take. */
	zmq_setsockopt(z->s, ZMQ_LINGER, &zero, sizeof(zero));
	if (curve(z->s, z->server, z->secret) == -1)
		return -1;
	if (zmq_connect(z->s, z->endpoint) == -1) {
		log_warnx("%s: %s: %s", cmd, z->endpoint, zmq_strerror(errno));
		return -1;
	}
	return 0;
}

void
zclient_close(struct zclient *z)
{
	if (z->s != NULL)
		zmq_close(z->s);
	if (z->ctx != NULL)
		zmq_ctx_term(z->ctx);
	z->s = z->ctx = NULL;
}
