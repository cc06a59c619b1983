/*
 * sub.c: "v2x sub ENDPOINT [TOPIC]": a subscriber to rsud's feed (DESIGN.md,
 * ZeroMQ interface) that prints each message's JSON, or with --summary one
 * line per message, and counts the messages it missed of the topics it
 * subscribed to: gaps in each topic's tseq, and at each heartbeat
 * (rsud/heartbeat/<rsu-id>) the messages sent since the last one received.
 */
#define _GNU_SOURCE	/* timegm */
#include <sys/time.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
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
"usage: v2x sub ENDPOINT [TOPIC] [--summary] [--latency] [--heartbeat]\n"
"               [--count N] [--timeout S] [--server-key Z85 --secret-key Z85]\n"
"\n"
"Subscribe to rsud's feed (e.g. tcp://rsu1:7700) and print each message's\n"
"JSON on a line.  TOPIC filters by prefix, e.g. v2x/j2735/SPAT/.\n"
"  --summary      one line per message: seq, topic, source, rx, bytes;\n"
"                 at the end the count per topic and the messages missed\n"
"                 of the topics subscribed to (gaps in tseq, and what\n"
"                 rsud's heartbeat says was sent after the last received)\n"
"  --heartbeat    print rsud's heartbeats (rsud/heartbeat/...) too\n"
"  --count N      stop after N messages\n"
"  --latency      print only, at the end, receipt time minus rx (same\n"
"                 host clock): p50, p99, p99.9, max in milliseconds\n"
"  --timeout S    stop after S seconds without a message (heartbeats\n"
"                 do not count)\n"
"  --server-key   rsud's CURVE public key; --secret-key: ours (Z85)\n"
"Exit status: 0, or 2 on a usage or connection error, or when nothing at\n"
"all (no message, no heartbeat) arrived.\n");
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

#define HEARTBEAT	"rsud/heartbeat/"

/* One topic of the feed: messages received and missed, the last tseq. */
struct topic_count {
	char		*topic;
	unsigned long	 n, missed;
	long long	 last;		/* tseq received or announced, -1 */
};

struct sub {
	struct zclient	 z;
	const char	*topic;		/* prefix subscribed to */
	int		 summary;	/* --summary */
	int		 latency;	/* --latency */
	int		 beats;		/* --heartbeat: print them */
	unsigned long	 count;		/* --count: stop after; 0 never */
	unsigned long	 got, missed, nbeat;
	long long	 last;		/* seq of the last message, or -1 */
	int		 beat_seen;	/* topics absent since start at tseq 0 */
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
		else if (!strcmp(argv[i], "--heartbeat"))
			su->beats = 1;
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

static struct topic_count *
topic_entry(struct sub *su, const char *topic, size_t len)
{
	struct topic_count *tc;
	size_t	 k;

	for (k = 0; k < su->ntc; k++)
		if (strlen(su->tc[k].topic) == len &&
		    !memcmp(su->tc[k].topic, topic, len))
			return &su->tc[k];
	if ((tc = realloc(su->tc, (su->ntc + 1) * sizeof(*tc))) == NULL ||
	    (tc[su->ntc].topic = strndup(topic, len)) == NULL) {
		log_warnx("sub: out of memory");
		exit(EXIT_SOMEBAD);
	}
	su->tc = tc;
	tc = &su->tc[su->ntc++];
	tc->n = tc->missed = 0;
	tc->last = -1;
	return tc;
}

/* Up to tseq t the topic's messages were sent; from tc->last + 1 on (or
 * 0 when a heartbeat before said the topic had none) we did not get them. */
static void
lost_until(struct sub *su, struct topic_count *tc, long long t)
{
	long long	 from;

	if (tc->last >= 0)
		from = tc->last + 1;
	else if (su->beat_seen)
		from = 0;
	else
		from = t + 1;		/* joined late: what came before is
					 * not ours to count */
	if (t >= from) {
		tc->missed += (unsigned long)(t - from + 1);
		su->missed += (unsigned long)(t - from + 1);
	}
}

/* A heartbeat: for each topic we subscribed to, the messages sent after
 * the last we received are lost (the heartbeat follows them in the same
 * queue).  Then a topic it does not name has sent nothing yet. */
static void
sub_heartbeat(struct sub *su, const char *js, size_t jl)
{
	json_t		*root, *topics, *v;
	struct topic_count *tc;
	const char	*name;
	size_t		 plen = strlen(su->topic);

	su->nbeat++;
	if (su->beats) {
		fwrite(js, 1, jl, stdout);
		putchar('\n');
	}
	if ((root = json_loadb(js, jl, 0, NULL)) == NULL)
		return;
	topics = json_object_get(root, "topics");
	json_object_foreach(topics, name, v) {
		if (!json_is_integer(v) || strncmp(name, su->topic, plen) != 0)
			continue;
		tc = topic_entry(su, name, strlen(name));
		if (json_integer_value(v) >= tc->last)	/* else restarted */
			lost_until(su, tc, json_integer_value(v));
		tc->last = json_integer_value(v);
	}
	su->beat_seen = 1;
	json_decref(root);
}

/* One message: topic, JSON and the raw bytes. */
static void
sub_message(struct sub *su, zmq_msg_t *part, int np)
{
	const char	*js = zmq_msg_data(&part[1]);
	size_t		 jl = zmq_msg_size(&part[1]);
	const char	*topic = zmq_msg_data(&part[0]);
	size_t		 tl = zmq_msg_size(&part[0]);
	struct topic_count *tc;
	char		 src[16], rx[40];
	long long	 seq, tseq;

	/* rsud writes seq, tseq, then rsu, rx, source: read them without
	 * parsing the whole message */
	seq = field(js, jl, "\"seq\":", NULL, 0);
	tseq = field(js, jl, "\"tseq\":", NULL, 0);
	field(js, jl, "\"rx\":\"", rx, sizeof(rx));
	field(js, jl, "\"source\":\"", src, sizeof(src));
	if (su->latency)
		add_latency(su, rx);
	tc = topic_entry(su, topic, tl);
	tc->n++;
	if (tseq >= 0) {
		if (tseq > tc->last)		/* else rsud restarted */
			lost_until(su, tc, tseq - 1);
		tc->last = tseq;
	} else if (su->last >= 0 && seq > su->last + 1)	/* older rsud */
		su->missed += (unsigned long)(seq - su->last - 1);
	su->last = seq;
	if (su->summary)
		printf("%lld %.*s %s %s %zu\n", seq, (int)tl, topic, src, rx,
		    np >= 3 ? zmq_msg_size(&part[2]) : 0);
	else if (!su->latency) {
		fwrite(js, 1, jl, stdout);
		putchar('\n');
	}
}

static void
sub_report(struct sub *su)
{
	size_t	 k, n = su->nlat;

	if (su->summary) {
		for (k = 0; k < su->ntc; k++)
			printf("# %s %lu, missed %lu\n", su->tc[k].topic,
			    su->tc[k].n, su->tc[k].missed);
		printf("# received %lu, missed %lu (gaps in seq)\n", su->got,
		    su->missed);
		printf("# heartbeats %lu\n", su->nbeat);
	}
	if (su->latency && n > 0) {
		qsort(su->lat, n, sizeof(*su->lat), cmp_double);
		printf("# latency ms p50 %.3f p99 %.3f p99.9 %.3f max %.3f "
		    "(%zu messages)\n", su->lat[n / 2], su->lat[n * 99 / 100],
		    su->lat[n * 999 / 1000], su->lat[n - 1], n);
	}
}

static double
mono(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The topic and rsud's heartbeat (unless the topic already covers it),
 * the topic first: its subscription is in effect when the first heartbeat
 * comes, which a heartbeat's "nothing yet" relies on. */
static void
sub_subscribe(struct sub *su)
{
	int	 to = 250;

	zmq_setsockopt(su->z.s, ZMQ_SUBSCRIBE, su->topic, strlen(su->topic));
	if (strncmp(HEARTBEAT, su->topic, strlen(su->topic)) != 0)
		zmq_setsockopt(su->z.s, ZMQ_SUBSCRIBE, HEARTBEAT,
		    strlen(HEARTBEAT));
	zmq_setsockopt(su->z.s, ZMQ_RCVTIMEO, &to, sizeof(to));
}

/* Receive until interrupted, --count messages, or --timeout seconds
 * without one (heartbeats do not count). */
static void
sub_loop(struct sub *su)
{
	zmq_msg_t	 part[3];
	double		 idle = mono();
	int		 i, np, ev;
	size_t		 el;

	while (!stop && (su->count == 0 || su->got < su->count)) {
		if (su->z.timeout > 0 && mono() - idle >= su->z.timeout)
			break;
		if ((np = recv_parts(su->z.s, part)) == 0)
			continue;
		if (np >= 2 && zmq_msg_size(&part[0]) >= strlen(HEARTBEAT) &&
		    !memcmp(zmq_msg_data(&part[0]), HEARTBEAT,
		    strlen(HEARTBEAT)))
			sub_heartbeat(su, zmq_msg_data(&part[1]),
			    zmq_msg_size(&part[1]));
		else {
			idle = mono();
			su->got++;
			if (np >= 2)
				sub_message(su, part, np);
		}
		/* flush when nothing more is waiting: streaming to a pipe
		 * without a write per message */
		ev = 0;
		el = sizeof(ev);
		if (zmq_getsockopt(su->z.s, ZMQ_EVENTS, &ev, &el) == 0 &&
		    !(ev & ZMQ_POLLIN))
			fflush(stdout);
		for (i = 0; i < np; i++)
			zmq_msg_close(&part[i]);
	}
}

int
cmd_sub(int argc, char **argv)
{
	struct sub	 su;
	size_t		 k;
	int		 rc;

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
	sub_subscribe(&su);
	sub_loop(&su);
	sub_report(&su);
	rc = EXIT_ALLOK;
	/* rsud sends a heartbeat every second: silence is no rsud there, or
	 * a CURVE feed that did not accept us */
	if (su.got == 0 && su.nbeat == 0) {
		log_warnx("sub: nothing arrived from %s (no message, no "
		    "heartbeat): is rsud there?%s", su.z.endpoint,
		    su.z.server == NULL ? " A CURVE feed needs --server-key "
		    "and --secret-key." : " Are our keys allowed?");
		rc = EXIT_USAGE;
	}
	for (k = 0; k < su.ntc; k++)
		free(su.tc[k].topic);
	free(su.lat);
	free(su.tc);
	zclient_close(&su.z);
	return rc;
}
