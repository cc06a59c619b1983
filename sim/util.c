/*
 * util.c: what the simulator's commands share: clocks, 1609.2 time and
 * option parsing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tai.h"
#include "sim.h"

int64_t
sim_mono_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

int64_t
sim_real_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

uint64_t
sim_tai_us(int64_t unix_ns)
{
	return (uint64_t)tai_from_unix(unix_ns / NS_PER_S) * 1000000 +
	    (uint64_t)(unix_ns % NS_PER_S) / 1000;
}

int
sim_parse_double(const char *s, double lo, double hi, double *out)
{
	char	*end;
	double	 d;

	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(d >= lo && d <= hi))
		return -1;
	*out = d;
	return 0;
}
