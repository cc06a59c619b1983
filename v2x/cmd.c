/*
 * cmd.c: "v2x cmd ENDPOINT JSON": send one command to rsud's command socket
 * (DESIGN.md, ZeroMQ interface) and print the JSON reply.
 */
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

/* ENDPOINT, JSON and the options; ARGS_OK, or the exit status. */
static int
cmd_args(int argc, char **argv, struct zclient *z, const char **json)
{
	int	 i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cmd_usage(stdout);
			return EXIT_ALLOK;
		} else if (zclient_opt(z, argc, argv, &i))
			continue;
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			cmd_usage(stderr);
			return EXIT_USAGE;
		} else if (z->endpoint == NULL)
			z->endpoint = argv[i];
		else if (*json == NULL)
			*json = argv[i];
		else {
			cmd_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (z->endpoint == NULL || *json == NULL) {
		cmd_usage(stderr);
		return EXIT_USAGE;
	}
	return ARGS_OK;
}

int
cmd_cmd(int argc, char **argv)
{
	struct zclient	 z;
	const char	*json = NULL;
	struct buf	 in;
	char		*reply;
	int		 to, n, rc;

	memset(&z, 0, sizeof(z));
	z.timeout = 5;
	if ((rc = cmd_args(argc, argv, &z, &json)) != ARGS_OK)
		return rc;
	buf_init(&in);
	if (strcmp(json, "-") == 0) {
		if (read_file("-", &in) == -1)
			return EXIT_USAGE;
	} else
		buf_adds(&in, json);
	if (zclient_connect(&z, "cmd", ZMQ_REQ) == -1) {
		zclient_close(&z);
		buf_free(&in);
		return EXIT_USAGE;
	}
	to = (int)(z.timeout * 1000);
	zmq_setsockopt(z.s, ZMQ_RCVTIMEO, &to, sizeof(to));
	zmq_send(z.s, in.p, in.len, 0);
	buf_free(&in);
	if ((reply = malloc(1 << 22)) == NULL) {
		zclient_close(&z);
		return EXIT_USAGE;
	}
	if ((n = zmq_recv(z.s, reply, (1 << 22) - 1, 0)) == -1) {
		log_warnx("cmd: no reply from %s within %g s", z.endpoint,
		    z.timeout);
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
	zclient_close(&z);
	return rc;
}
