/*
 * v2xsim.c: the simulator's main: dispatch to "replay" (captured traces
 * sent again with their timing) and "highway" (a synthetic expressway
 * trace).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: v2xsim replay FILE... --to file:OUT|udp:HOST:PORT|iface:NAME|\n"
"           zmq:ENDPOINT [--speed X | --max] [--loop N] [--rt]\n"
"           [--filter type=..,psid=..,port=..,src=..]\n"
"           [--layer frame|wsmp|gn|dot2|message] [--refresh-times]\n"
"           [--resign --key K --cert C] [-q]\n"
"       v2xsim highway -o OUT.pcapng [--km N] [--lanes N] [--vehicles N]\n"
"           [--duration S] [--family j2735|etsi] [--seed N] [--rsu-every KM]\n"
"           [--hazard KM@SECONDS:KIND] [--start TIME|now] [--sign PKI-DIR]\n"
"       v2xsim testpki [--start TIME|now] [--days N] DIR\n"
"       v2xsim inspect [--verify TRUST-DIR] FILE...\n"
"       v2xsim COMMAND --help\n");
}

int
main(int argc, char **argv)
{
	log_init("v2xsim", 1, LOG_INFO);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "replay") == 0)
		return replay_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "highway") == 0)
		return highway_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "testpki") == 0)
		return testpki_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "inspect") == 0)
		return inspect_main(argc - 1, argv + 1);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	log_warnx("unknown command %s", argv[1]);
	usage(stderr);
	return 2;
}
