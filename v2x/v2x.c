/*
 * v2x.c: the v2x command-line tool over the codecs library: dispatch of the
 * subcommands (decode, encode; sign, verify, cert, sub, cmd come later).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"


static void
usage(FILE *f)
{
	fprintf(f,
"usage: v2x COMMAND [OPTIONS] [FILE...]\n"
"\n"
"V2X messages (SAE J2735, ETSI ITS) through their envelopes (802.11, WSMP,\n"
"GeoNetworking/BTP, IEEE 1609.2): decode, encode, sign, verify, and talk to\n"
"rsud, the roadside daemon.\n"
"\n"
"Commands:\n"
"  decode    hex, UPER, pcap/pcapng, WYDOT logs -> one JSON object per message\n"
"  encode    JSON or XER -> UPER, WSMP/GN packets, frames, captures\n"
"  random    random valid messages of a type (tests, benchmarks)\n"
"  cert      a test PKI: root, AA and AT certificates; show one as JSON\n"
"  sign      sign messages (IEEE 1609.2 / TS 103 097, WSMP or GN)\n"
"  verify    verify signed messages against a trust store; audit\n"
"  sub       print rsud's ZeroMQ feed\n"
"  cmd       send a command to rsud and print the reply\n"
"  help      this text; 'v2x COMMAND --help' explains a command\n"
"  version   print the version\n"
"\n"
"Exit status: 0 all messages done, 1 some messages failed, 2 usage or I/O\n"
"error.\n");
}

int
main(int argc, char **argv)
{
	log_init("v2x", 1, LOG_INFO);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "decode") == 0)
		return cmd_decode(argc - 1, argv + 1);
	if (strcmp(argv[1], "encode") == 0)
		return cmd_encode(argc - 1, argv + 1);
	if (strcmp(argv[1], "random") == 0)
		return cmd_random(argc - 1, argv + 1);
	if (strcmp(argv[1], "cert") == 0)
		return cmd_cert(argc - 1, argv + 1);
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "sub") == 0)
		return cmd_sub(argc - 1, argv + 1);
	if (strcmp(argv[1], "cmd") == 0)
		return cmd_cmd(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_ALLOK;
	}
	if (strcmp(argv[1], "version") == 0 ||
	    strcmp(argv[1], "--version") == 0) {
		printf("v2x %s\n", V2X_VERSION);
		return EXIT_ALLOK;
	}
	log_warnx("unknown command '%s' (try 'v2x help')", argv[1]);
	return EXIT_USAGE;
}
