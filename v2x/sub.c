/*
 * sub.c: "v2x sub ENDPOINT [TOPIC]": a subscriber to rsud's feed (DESIGN.md,
 * ZeroMQ interface) that prints each message's JSON, or with --summary one
 * line per message, and counts the gaps in seq (messages it missed).
 */
#define _GNU_SOURCE	/* timegm */
#include <sys/time.h>
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

struct sub {
	struct zclient	 z;
	const char	*topic;		/* prefix subscribed to */
	int		 summary;	/* --summary */
	int		 latency;	/* --latency */
	unsigned long	 count;		/* --count: stop after; 0 never */
	unsigned long	 got, missed;
	long long	 last;		/* seq of the last message, or -1 */
	struct topic_count *tc;
	size_t		 ntc;
	double		*lat;		/* --latency: milliseconds */
	size_t		 nlat, caplat;
};

/* ENDPOINT, TOPIC and the options into su; ARGS_OK, or the exit status. */
static int
sub_args(int argc, char **argv, struct sub *su)
{
	int	 i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			sub_usage(stdout);
			return EXIT_ALLOK;
		} else if (!strcmp(argv[i], "--summary"))
			su->summary = 1;
		else if (!strcmp(argv[i], "--latency"))
			su->latency = 1;
		else if (!strcmp(argv[i], "--count") && i + 1 < argc)
			su->count = strtoul(argv[++i], NULL, 10);
		else if (zclient_opt(&su->z, argc, argv, &i))
			continue;
		else if (argv[i][0] == '-' && argv[i][1] == '-') {
			sub_usage(stderr);
			return EXIT_USAGE;
		} else if (su->z.endpoint == NULL)
			su->z.endpoint = argv[i];
		else if (*su->topic == '\0')
			su->topic = argv[i];
		else {
			sub_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (su->z.endpoint == NULL) {
		sub_usage(stderr);
		return EXIT_USAGE;
	}
	return ARGS_OK;
}

/* The parts of one message, the first three kept; how many kept. */
static int
recv_parts(void *s, zmq_msg_t part[3])
{
	zmq_msg_t	 m;
	int		 np = 0, more = 1;

	while (more) {
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
	return np;
}

/* Receipt time minus rsud's rx (same host clock), in milliseconds. */
static void
add_latency(struct sub *su, const char *rx)
{
	struct timeval	 tv;
	double		 t = rx_seconds(rx);

	gettimeofday(&tv, NULL);
	if (su->nlat == su->caplat) {
		su->caplat = su->caplat ? su->caplat * 2 : 4096;
		su->lat = realloc(su->lat, su->caplat * sizeof(*su->lat));
	}
	if (su->lat != NULL && t > 0)
		su->lat[su->nlat++] = ((double)tv.tv_sec + tv.tv_usec / 1e6 -
		    t) * 1000.0;
}

static void
count_topic(struct sub *su, const char *topic, size_t len)
{
	size_t	 k;

	for (k = 0; k < su->ntc; k++)
		if (strlen(su->tc[k].topic) == len &&
		    !memcmp(su->tc[k].topic, topic, len))
			break;
	if (k == su->ntc) {
		su->tc = realloc(su->tc, (su->ntc + 1) * sizeof(*su->tc));
		su->tc[su->ntc].topic = strndup(topic, len);
		su->tc[su->ntc++].n = 0;
	}
	su->tc[k].n++;
}

/* One message: topic, JSON and the raw bytes. */
static void
sub_message(struct sub *su, zmq_msg_t *part, int np)
{
	const char	*js = zmq_msg_data(&part[1]);
	size_t		 jl = zmq_msg_size(&part[1]);
	char		 src[16], rx[40];
	long long	 seq;

	/* rsud writes seq first, then rsu, rx, source: read them without
	 * parsing the whole message */
	seq = field(js, jl, "\"seq\":", NULL, 0);
	field(js, jl, "\"rx\":\"", rx, sizeof(rx));
	field(js, jl, "\"source\":\"", src, sizeof(src));
	if (su->latency)
		add_latency(su, rx);
	if (su->last >= 0 && seq > su->last + 1)
		su->missed += (unsigned long)(seq - su->last - 1);
	su->last = seq;
	if (su->summary) {
		printf("%lld %.*s %s %s %zu\n", seq,
		    (int)zmq_msg_size(&part[0]), (char *)zmq_msg_data(&part[0]),
		    src, rx, np >= 3 ? zmq_msg_size(&part[2]) : 0);
		count_topic(su, zmq_msg_data(&part[0]), zmq_msg_size(&part[0]));
	} else if (!su->latency) {
		fwrite(js, 1, jl, stdout);
		putchar('\n');
	}
}

static void
sub_report(struct sub *su)
{
	size_t	 k, n = su->nlat;

	if (su->summary) {
		for (k = 0; k < su->ntc; k++) {
			printf("# %s %lu\n", su->tc[k].topic, su->tc[k].n);
			free(su->tc[k].topic);
		}
		printf("# received %lu, missed %lu (gaps in seq)\n", su->got,
		    su->missed);
	}
	if (su->latency && n > 0) {
		qsort(su->lat, n, sizeof(*su->lat), cmp_double);
		printf("# latency ms p50 %.3f p99 %.3f p99.9 %.3f max %.3f "
		    "(%zu messages)\n", su->lat[n / 2], su->lat[n * 99 / 100],
		    su->lat[n * 999 / 1000], su->lat[n - 1], n);
	}
}

int
cmd_sub(int argc, char **argv)
{
	struct sub	 su;
	zmq_msg_t	 part[3];
	int		 i, np, rc, to, ev;
	size_t		 el;

	memset(&su, 0, sizeof(su));
	su.topic = "";
	su.last = -1;
	if ((rc = sub_args(argc, argv, &su)) != ARGS_OK)
		return rc;
	signal(SIGINT, on_int);
	signal(SIGTERM, on_int);
	if (zclient_connect(&su.z, "sub", ZMQ_SUB) == -1) {
		zclient_close(&su.z);
		return EXIT_USAGE;
	}
	zmq_setsockopt(su.z.s, ZMQ_SUBSCRIBE, su.topic, strlen(su.topic));
	to = su.z.timeout > 0 ? (int)(su.z.timeout * 1000) : 250;
	zmq_setsockopt(su.z.s, ZMQ_RCVTIMEO, &to, sizeof(to));
	while (!stop && (su.count == 0 || su.got < su.count)) {
		if ((np = recv_parts(su.z.s, part)) == 0) {
			if (su.z.timeout > 0)
				break;
			continue;
		}
		su.got++;
		if (np >= 2)
			sub_message(&su, part, np);
		/* flush when nothing more is waiting: streaming to a pipe
		 * without a write per message */
		ev = 0;
		el = sizeof(ev);
		if (zmq_getsockopt(su.z.s, ZMQ_EVENTS, &ev, &el) == 0 &&
		    !(ev & ZMQ_POLLIN))
			fflush(stdout);
		for (i = 0; i < np; i++)
			zmq_msg_close(&part[i]);
	}
	sub_report(&su);
	free(su.lat);
	free(su.tc);
	zclient_close(&su.z);
	return EXIT_ALLOK;
}
