/*
 * v2xsim.c: the simulator's main: dispatch to "replay" (captured traces
 * sent again with their timing), "highway" (a synthetic expressway trace),
 * "testpki" and "inspect", from a table that also gives the usage.
 */
#include <stdio.h>
#include <string.h>

#include "sim.h"

/* Each command parses its own options and answers its own --help. */
static const struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;		/* synopsis, after "v2xsim " */
} commands[] = {
	{ "replay", replay_main,
"replay FILE... --to file:OUT|udp:HOST:PORT|iface:NAME|\n"
"           zmq:ENDPOINT [--speed X | --max] [--loop N] [--rt]\n"
"           [--filter type=..,psid=..,port=..,src=..]\n"
"           [--layer frame|wsmp|gn|dot2|message] [--refresh-times]\n"
"           [--resign --key K --cert C] [-q]" },
	{ "highway", highway_main,
"highway -o OUT.pcapng [--km N] [--lanes N] [--vehicles N]\n"
"           [--duration S] [--family j2735|etsi] [--seed N] [--rsu-every KM]\n"
"           [--hazard KM@SECONDS:KIND] [--start TIME|now] [--sign PKI-DIR]" },
	{ "testpki", testpki_main,
"testpki [--start TIME|now] [--days N] DIR" },
	{ "inspect", inspect_main,
"inspect [--verify TRUST-DIR] FILE..." },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *f)
{
	size_t	 i;

	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "%s v2xsim %s\n", i == 0 ? "usage:" : "      ",
		    commands[i].help);
	fprintf(f, "       v2xsim COMMAND --help\n");
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init("v2xsim", 1, LOG_INFO);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	log_warnx("unknown command %s", argv[1]);
	usage(stderr);
	return 2;
}
