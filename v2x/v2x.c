/*
 * v2x.c: the v2x command-line tool over the codecs library: the table of
 * its commands, the usage printed from it, and the dispatch.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int	cmd_help(int, char **);
static int	cmd_version(int, char **);

/* Each command with its line of 'v2x help'; aliases have none. */
static const struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
} commands[] = {
	{ "decode", cmd_decode,
	    "hex, UPER, pcap/pcapng, WYDOT logs -> one JSON object per message" },
	{ "encode", cmd_encode,
	    "JSON or XER -> UPER, WSMP/GN packets, frames, captures" },
	{ "random", cmd_random,
	    "random valid messages of a type (tests, benchmarks)" },
	{ "cert", cmd_cert,
	    "a test PKI: root, AA and AT certificates; show one as JSON" },
	{ "sign", cmd_sign,
	    "sign messages (IEEE 1609.2 / TS 103 097, WSMP or GN)" },
	{ "verify", cmd_verify,
	    "verify signed messages against a trust store; audit" },
	{ "sub", cmd_sub, "print rsud's ZeroMQ feed" },
	{ "cmd", cmd_cmd, "send a command to rsud and print the reply" },
	{ "help", cmd_help,
	    "this text; 'v2x COMMAND --help' explains a command" },
	{ "--help", cmd_help, NULL },
	{ "-h", cmd_help, NULL },
	{ "version", cmd_version, "print the version" },
	{ "--version", cmd_version, NULL },
};

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f,
"usage: v2x COMMAND [OPTIONS] [FILE...]\n"
"\n"
"V2X messages (SAE J2735, ETSI ITS) through their envelopes (802.11, WSMP,\n"
"GeoNetworking/BTP, IEEE 1609.2): decode, encode, sign, verify, and talk to\n"
"rsud, the roadside daemon.\n"
"\n"
"Commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].help != NULL)
			fprintf(f, "  %-10s%s\n", commands[i].name,
			    commands[i].help);
	fprintf(f,
"\n"
"Exit status: 0 all messages done, 1 some messages failed, 2 usage or I/O\n"
"error.\n");
}

static int
cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_ALLOK;
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("v2x %s\n", V2X_VERSION);
	return EXIT_ALLOK;
}

int
main(int argc, char **argv)
{
	size_t	 i;

	log_init("v2x", 1, LOG_INFO);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	log_warnx("unknown command '%s' (try 'v2x help')", argv[1]);
	return EXIT_USAGE;
}
