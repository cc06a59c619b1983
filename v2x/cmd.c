/*
 * cmd.c: "v2x cmd ENDPOINT JSON": send one command to rsud's command socket
 * (DESIGN.md, ZeroMQ interface) and print the JSON reply.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "cli.h"

static void
cmd_usage(FILE *f)
{
	fprintf(f,
"usage: v2x cmd ENDPOINT JSON [--timeout S] [--server-key Z85 --secret-key Z85]\n"
"\n"
"Send a command to rsud (e.g. tcp://rsu1:7701) and print its reply:\n"
"  '{\"cmd\":\"status\"}', '{\"cmd\":\"list\"}', '{\"cmd\":\"delete\",\"id\":\"ID\"}',\n"
"  '{\"cmd\":\"broadcast\",\"message\":{...}|\"hex\":\"..\"[,\"type\":T,\"psid\":P]}',\n"
"  '{\"cmd\":\"store\",...broadcast fields...,\"intervalMs\":N[,\"start\":T,\"stop\":T]}'\n"
"JSON '-' reads it from stdin.  Exit status: 0 \"ok\": true, 1 \"ok\": false,\n"
"2 usage error or no reply within the timeout (default 5 s).\n");
}

int
cmd_cmd(int argc, char **argv)
{
	const char	*endpoint = NULL, *json = NULL, *server = NULL,
			*secret = NULL;
	struct buf	 in;
	double		 timeout = 5;
	char		*reply;
	int		 i, to, n, zero = 0, rc;
	void		*ctx, *s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cmd_usage(stdout);
			return EXIT_ALLOK;
		} else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--server-key") && i + 1 < argc)
			server = argv[++i];
		else if (!strcmp(argv[i], "--secret-key") && i + 1 < argc)
			secret = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cmd_usage(stderr);
			return EXIT_USAGE;
		} else if (endpoint == NULL)
			endpoint = argv[i];
		else if (json == NULL)
			json = argv[i];
		else {
			cmd_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (endpoint == NULL || json == NULL) {
		cmd_usage(stderr);
		return EXIT_USAGE;
	}
	buf_init(&in);
	if (strcmp(json, "-") == 0) {
		if (read_file("-", &in) == -1)
			return EXIT_USAGE;
	} else
		buf_adds(&in, json);
	ctx = zmq_ctx_new();
	s = zmq_socket(ctx, ZMQ_REQ);
	zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof(zero));
	if (cli_curve(s, server, secret) == -1)
		return EXIT_USAGE;
	if (zmq_connect(s, endpoint) == -1) {
		log_warnx("cmd: %s: %s", endpoint, zmq_strerror(errno));
		return EXIT_USAGE;
	}
	to = (int)(timeout * 1000);
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &to, sizeof(to));
	zmq_send(s, in.p, in.len, 0);
	buf_free(&in);
	if ((reply = malloc(1 << 22)) == NULL)
		return EXIT_USAGE;
	if ((n = zmq_recv(s, reply, (1 << 22) - 1, 0)) == -1) {
		log_warnx("cmd: no reply from %s within %g s", endpoint, timeout);
		rc = EXIT_USAGE;
	} else {
		if (n > (1 << 22) - 1)
			n = (1 << 22) - 1;
		reply[n] = '\0';
		printf("%s\n", reply);
		rc = strstr(reply, "\"ok\":true") != NULL ? EXIT_ALLOK :
		    EXIT_SOMEBAD;
	}
	free(reply);
	zmq_close(s);
	zmq_ctx_term(ctx);
	return rc;
}
