/*
 * sub.c: "v2x sub ENDPOINT [TOPIC]": a subscriber to rsud's feed (DESIGN.md,
 * ZeroMQ interface) that prints each message's JSON, or with --summary one
 * line per message, and counts the gaps in seq (messages it missed).
 */
#define _GNU_SOURCE	/* timegm */
#include <sys/time.h>
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "cli.h"

static volatile sig_atomic_t stop;

static void
on_int(int sig)
{
	(void)sig;
	stop = 1;
}

static void
sub_usage(FILE *f)
{
	fprintf(f,
"usage: v2x sub ENDPOINT [TOPIC] [--summary] [--count N] [--timeout S]\n"
"               [--server-key Z85 --secret-key Z85]\n"
"\n"
"Subscribe to rsud's feed (e.g. tcp://rsu1:7700) and print each message's\n"
"JSON on a line.  TOPIC filters by prefix, e.g. v2x/j2735/SPAT/.\n"
"  --summary      one line per message: seq, topic, source, rx, bytes;\n"
"                 at the end the count per topic and the messages missed\n"
"                 (gaps in seq)\n"
"  --count N      stop after N messages\n"
"  --latency      print only, at the end, receipt time minus rx (same\n"
"                 host clock): p50, p99, p99.9, max in milliseconds\n"
"  --timeout S    stop after S seconds without a message\n"
"  --server-key   rsud's CURVE public key; --secret-key: ours (Z85)\n"
"Exit status: 0, or 2 on a usage or connection error.\n");
}

/* Shared with cmd.c: CURVE client keys. */
int
cli_curve(void *sock, const char *server, const char *secret)
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

/* The value after key in the JSON text p[0..n): a number (returned), or
 * a string copied to out.  -1 / "?" when absent. */
static long long
field(const char *p, size_t n, const char *key, char *out, size_t outlen)
{
	size_t		 kl = strlen(key), i, j;

	if (out != NULL)
		snprintf(out, outlen, "?");
	for (i = 0; i + kl < n; i++) {
		if (memcmp(p + i, key, kl) != 0)
			continue;
		i += kl;
		if (out == NULL) {
			long long v = 0;
			for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
				v = v * 10 + (p[i] - '0');
			return v;
		}
		for (j = 0; i < n && p[i] != '"' && j + 1 < outlen; i++)
			out[j++] = p[i];
		out[j] = '\0';
		return 0;
	}
	return -1;
}

/* POSIX seconds of rsud's rx ("2026-01-31T12:00:00.123456Z"), or -1. */
static double
rx_seconds(const char *s)
{
	struct tm	 tm;
	char		*end;

	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	return (double)timegm(&tm) + (*end == '.' ? strtod(end, NULL) : 0);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct topic_count {
	char		*topic;
	unsigned long	 n;
};

int
cmd_sub(int argc, char **argv)
{
	const char	*endpoint = NULL, *topic = "", *server = NULL,
			*secret = NULL;
	struct topic_count *tc = NULL;
	size_t		 ntc = 0, k;
	unsigned long	 count = 0, got = 0, missed = 0;
	long long	 last = -1, seq;
	double		 timeout = 0;
	int		 i, summary = 0, rc = EXIT_ALLOK, to, latency = 0;
	double		*lat = NULL;
	size_t		 nlat = 0, caplat = 0;
	void		*ctx, *s;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			sub_usage(stdout);
			return EXIT_ALLOK;
		} else if (!strcmp(argv[i], "--summary"))
			summary = 1;
		else if (!strcmp(argv[i], "--latency"))
			latency = 1;
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			count = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--server-key") && i + 1 < argc)
			server = argv[++i];
		else if (!strcmp(argv[i], "--secret-key") && i + 1 < argc)
			secret = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			sub_usage(stderr);
			return EXIT_USAGE;
		} else if (endpoint == NULL)
			endpoint = argv[i];
		else if (*topic == '\0')
			topic = argv[i];
		else {
			sub_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (endpoint == NULL) {
		sub_usage(stderr);
		return EXIT_USAGE;
	}
	signal(SIGINT, on_int);
	signal(SIGTERM, on_int);
	ctx = zmq_ctx_new();
	s = zmq_socket(ctx, ZMQ_SUB);
	if (cli_curve(s, server, secret) == -1)
		return EXIT_USAGE;
	if (zmq_connect(s, endpoint) == -1) {
		log_warnx("sub: %s: %s", endpoint, zmq_strerror(errno));
		return EXIT_USAGE;
	}
	zmq_setsockopt(s, ZMQ_SUBSCRIBE, topic, strlen(topic));
	to = timeout > 0 ? (int)(timeout * 1000) : 250;
	zmq_setsockopt(s, ZMQ_RCVTIMEO, &to, sizeof(to));
	while (!stop && (count == 0 || got < count)) {
		zmq_msg_t	 part[3];
		int		 np = 0, more = 1;

		while (more) {
			zmq_msg_t m;
			zmq_msg_init(&m);
			if (zmq_msg_recv(&m, s, 0) == -1) {
				zmq_msg_close(&m);
				break;
			}
			more = zmq_msg_more(&m);
			if (np < 3)
				part[np++] = m;
			else
				zmq_msg_close(&m);
		}
		if (np == 0) {
			if (timeout > 0)
				break;
			continue;
		}
		got++;
		if (np >= 2) {
			const char *js = zmq_msg_data(&part[1]);
			size_t jl = zmq_msg_size(&part[1]);
			char src[16], rx[40];

			/* rsud writes seq first, then rsu, rx, source: read
			 * them without parsing the whole message */
			seq = field(js, jl, "\"seq\":", NULL, 0);
			field(js, jl, "\"rx\":\"", rx, sizeof(rx));
			field(js, jl, "\"source\":\"", src, sizeof(src));
			if (latency) {
				struct timeval tv;
				double t = rx_seconds(rx);
				gettimeofday(&tv, NULL);
				if (nlat == caplat) {
					caplat = caplat ? caplat * 2 : 4096;
					lat = realloc(lat, caplat * sizeof(*lat));
				}
				if (lat != NULL && t > 0)
					lat[nlat++] = ((double)tv.tv_sec +
					    tv.tv_usec / 1e6 - t) * 1000.0;
			}
			if (last >= 0 && seq > last + 1)
				missed += (unsigned long)(seq - last - 1);
			last = seq;
			if (summary) {
				printf("%lld %.*s %s %s %zu\n", seq,
				    (int)zmq_msg_size(&part[0]),
				    (char *)zmq_msg_data(&part[0]), src, rx,
				    np >= 3 ? zmq_msg_size(&part[2]) : 0);
				for (k = 0; k < ntc; k++)
					if (strlen(tc[k].topic) ==
					    zmq_msg_size(&part[0]) &&
					    !memcmp(tc[k].topic,
					    zmq_msg_data(&part[0]),
					    zmq_msg_size(&part[0])))
						break;
				if (k == ntc) {
					tc = realloc(tc, (ntc + 1) *
					    sizeof(*tc));
					tc[ntc].topic = strndup(
					    zmq_msg_data(&part[0]),
					    zmq_msg_size(&part[0]));
					tc[ntc++].n = 0;
				}
				tc[k].n++;
			} else if (!latency) {
				fwrite(js, 1, jl, stdout);
				putchar('\n');
			}
		}
		{
			/* flush when nothing more is waiting: streaming to a
			 * pipe without a write per message */
			int ev = 0;
			size_t el = sizeof(ev);
			if (zmq_getsockopt(s, ZMQ_EVENTS, &ev, &el) == 0 &&
			    !(ev & ZMQ_POLLIN))
				fflush(stdout);
		}
		for (i = 0; i < np; i++)
			zmq_msg_close(&part[i]);
	}
	if (summary) {
		for (k = 0; k < ntc; k++) {
			printf("# %s %lu\n", tc[k].topic, tc[k].n);
			free(tc[k].topic);
		}
		printf("# received %lu, missed %lu (gaps in seq)\n", got,
		    missed);
	}
	if (latency && nlat > 0) {
		qsort(lat, nlat, sizeof(*lat), cmp_double);
		printf("# latency ms p50 %.3f p99 %.3f p99.9 %.3f max %.3f "
		    "(%zu messages)\n", lat[nlat / 2], lat[nlat * 99 / 100],
		    lat[nlat * 999 / 1000], lat[nlat - 1], nlat);
	}
	free(lat);
	free(tc);
	zmq_close(s);
	zmq_ctx_term(ctx);
	return rc;
}
