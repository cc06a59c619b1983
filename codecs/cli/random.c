/*
 * random.c: 'v2x random' (placeholder until the random value generator lands).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_random(int argc, char **argv)
{
	(void)argc; (void)argv;
	warnx_("random: not implemented yet");
	return EXIT_USAGE;
}
