/*
 * rsud.c: the roadside daemon of DESIGN.md: options, start-up (open the
 * captures, sockets and keys, then drop privileges), the one-thread
 * zmq_poll() event loop, signals through a self-pipe, and the receive
 * engine: peel -> verify by policy -> decode -> publish on the feed.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "btp.h"
#include "jer.h"
#include "rsud.h"

struct rsud		*rsud;
static struct rsud	 the_rsud;
static int		 sigpipe[2] = { -1, -1 };
static volatile sig_atomic_t got_term, got_hup;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: rsud -c FILE [-d] [-D key=value]...\n"
	    "       rsud -n -c FILE [-D key=value]...   check and print the "
	    "configuration\n"
	    "       rsud --help-config                   every key, documented\n");
	exit(2);
}

static void
on_signal(int sig)
{
	int	 e = errno;
	char	 c = (char)sig;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
	if (sigpipe[1] >= 0)
		(void)write(sigpipe[1], &c, 1);
	errno = e;
}

double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
rfc3339(struct buf *b, const struct timeval *tv)
{
	struct tm	 tm;
	time_t		 t = tv->tv_sec;
	char		 s[40];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(b, "%s.%06ldZ", s, (long)tv->tv_usec);
}

int
parse_time(const char *s, int64_t *out)
{
	struct tm	 tm;
	char		*end;
	long long	 v;

	v = strtoll(s, &end, 10);
	if (*s != '\0' && *end == '\0') {
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
	if (strcmp(end, "Z") != 0 && strcmp(end, "+00:00") != 0)
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

static int
level_of(long idx)
{
	static const int lv[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

	return lv[idx >= 0 && idx < 4 ? idx : 2];
}

/* --- engine ------------------------------------------------------------ */

static const char *
topic_type(const struct peel *pe)
{
	if (pe->known_type != NULL)
		return pe->known_type;
	return msg_type_name(pe->msg.type);
}

static void
publish(enum source src, const uint8_t *raw, size_t n,
    const struct timeval *rx)
{
	struct rsud	*r = rsud;
	struct peel	*pe = &r->pe;
	struct buf	*j = &r->json;
	struct type_count *tc;
	const char	*fam = msg_family_str(pe->family), *type;
	char		 topic[160], err[256];

	type = topic_type(pe);
	if (type == NULL)
		type = "unknown";
	snprintf(topic, sizeof(topic), "v2x/%s/%s/%s", fam, type,
	    conf_str(&r->conf, K_RSU_ID));
	buf_reset(j);
	buf_addf(j, "{\"seq\":%llu,\"rsu\":", (unsigned long long)r->up.seq);
	jer_string(j, conf_str(&r->conf, K_RSU_ID),
	    strlen(conf_str(&r->conf, K_RSU_ID)));
	buf_adds(j, ",\"rx\":\"");
	rfc3339(j, rx);
	buf_addf(j, "\",\"source\":\"%s\",\"layers\":[", source_str(src));
	buf_add(j, pe->layers.p, pe->layers.len);
	buf_adds(j, "],\"security\":");
	secure_verdict(&r->sec, pe, &r->st, j, src == SRC_COMMAND ? NULL : rx,
	    src == SRC_RADIO || src == SRC_UDP);
	buf_adds(j, ",\"message\":");
	if (pe->known_type != NULL)
		buf_addf(j, "{\"family\":\"%s\",\"type\":\"%s\","
		    "\"decoded\":false,\"length\":%zu}", fam, type,
		    pe->raw_len);
	else {
		size_t mark = j->len;
		err[0] = '\0';
		if (jer_write_msg(j, &pe->msg, err, sizeof(err)) !=
		    REASON_OK) {
			j->len = mark;
			buf_addf(j, "{\"family\":\"%s\",\"type\":\"%s\","
			    "\"error\":", fam, type);
			jer_string(j, err, strlen(err));
			buf_addc(j, '}');
		}
	}
	buf_addc(j, '}');
	if (j->oom)
		fatalx("out of memory");
	if (uplink_publish(&r->up, topic, j, raw, n) == 0) {
		r->up.seq++;
		r->st.published[src]++;
		if ((tc = stats_type(&r->st, fam, type)) != NULL)
			tc->published++;
	}
}

static void
outcome(enum source src, enum reason rc, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	struct rsud	*r = rsud;
	struct type_count *tc;
	const char	*name;

	if (rc == REASON_OK) {
		publish(src, p, n, rx);
		return;
	}
	if (rc == REASON_NOT_V2X) {
		r->st.not_v2x[src]++;
		return;
	}
	if (rc > 0 && rc < REASON_MAX)
		r->st.reason[src][rc]++;
	if (r->pe.btp_port > 0 &&
	    (name = btp_port_name((uint16_t)r->pe.btp_port)) != NULL &&
	    (tc = stats_type(&r->st, "etsi", name)) != NULL)
		tc->failed++;
	log_debug("%s: %zu bytes: %s: %s", source_str(src), n,
	    reason_str(rc), r->pe.detail);
}

void
engine_frame(enum source src, int dlt, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	rsud->st.rx[src]++;
	outcome(src, peel_frame(&rsud->pe, dlt, p, n, 0), p, n, rx);
}

void
engine_datagram(enum source src, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	rsud->st.rx[src]++;
	outcome(src, peel_datagram(&rsud->pe, p, n, 0), p, n, rx);
}

void
engine_publish_own(const uint8_t *wire, size_t n, uint32_t psid)
{
	struct timeval	 tv;

	(void)psid;
	gettimeofday(&tv, NULL);
	rsud->st.rx[SRC_COMMAND]++;
	outcome(SRC_COMMAND, peel_bytes(&rsud->pe, wire, n, 0), wire, n, &tv);
}

/* --- start-up, reload -------------------------------------------------- */

static void
drop_privileges(const char *user)
{
	struct passwd	*pw;

	if (*user == '\0')
		return;
	if ((pw = getpwnam(user)) == NULL)
		fatalx("user %s: no such user", user);
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatal("cannot drop privileges to %s", user);
	log_info("running as %s", user);
}

static void
open_all(struct rsud *r)
{
	struct config	*c = &r->conf;
	char		 copy[1024], *it[RSUD_MAX_UDP];
	const char	*curve = conf_str(c, K_CURVE_SECRET);
	int		 i, n;

	if ((r->zctx = zmq_ctx_new()) == NULL)
		fatalx("zmq_ctx_new failed");
	if (*curve != '\0' &&
	    control_zap_open(&r->ctl, r->zctx, conf_str(c, K_CURVE_ALLOW)) ==
	    -1)
		fatalx("cannot start the CURVE allow-list handler");
	if (uplink_open(&r->up, r->zctx, conf_str(c, K_FEED_ENDPOINT),
	    (int)conf_int(c, K_FEED_HWM), curve) == -1)
		exit(1);
	if (*conf_str(c, K_CONTROL_ENDPOINT) != '\0' &&
	    control_open(&r->ctl, r->zctx, conf_str(c, K_CONTROL_ENDPOINT),
	    curve) == -1)
		exit(1);
	r->live.fd = r->file.fd = -1;
	if (*conf_str(c, K_INPUT_IFACE) != '\0' &&
	    capture_open_live(&r->live, conf_str(c, K_INPUT_IFACE),
	    conf_str(c, K_INPUT_FILTER), (int)conf_int(c, K_INPUT_SNAPLEN)) ==
	    -1)
		exit(1);
	if (*conf_str(c, K_INPUT_FILE) != '\0') {
		if (capture_open_file(&r->file, conf_str(c, K_INPUT_FILE),
		    conf_int(c, K_INPUT_PACE) == 1) == -1)
			exit(1);
		r->file_open = 1;
		r->file.waiting = (int)conf_int(c, K_INPUT_FILE_WAIT);
	}
	n = conf_list(conf_str(c, K_UDP_LISTEN), copy, sizeof(copy), it,
	    RSUD_MAX_UDP);
	for (i = 0; i < n && i < RSUD_MAX_UDP; i++) {
		if (udp_open(&r->udp[i], it[i],
		    (int)conf_int(c, K_UDP_RCVBUF)) == -1)
			exit(1);
		r->nudp++;
	}
	if (secure_init(&r->sec, c) == -1)
		exit(1);
	if (tx_open(&r->tx, c, r->live.pcap) == -1)
		exit(1);
	if (store_init(&r->store, conf_str(c, K_STORE_FILE),
	    (int)conf_int(c, K_STORE_MAX)) == -1)
		exit(1);
	r->st.mhd_fd = -1;
	if (*conf_str(c, K_STATS_LISTEN) != '\0' &&
	    stats_http_start(&r->st, conf_str(c, K_STATS_LISTEN)) == -1)
		exit(1);
}

/* Keys that take effect only at start. */
static const enum conf_key restart_keys[] = {
	K_USER, K_FEED_ENDPOINT, K_FEED_HWM, K_CONTROL_ENDPOINT,
	K_CURVE_SECRET, K_CURVE_ALLOW, K_INPUT_FILE, K_INPUT_IFACE,
	K_INPUT_FILTER, K_INPUT_SNAPLEN, K_UDP_LISTEN, K_UDP_RCVBUF,
	K_TX_IFACE, K_TX_LINK, K_TX_UDP, K_TX_UDP_FORMAT, K_STORE_FILE,
	K_STATS_LISTEN
};

static void
reload(struct rsud *r)
{
	struct config	 nc;
	struct secure	 ns;
	size_t		 i;

	log_info("SIGHUP: reloading %s", r->conffile);
	if (conf_load(&nc, r->conffile, r->defs, r->ndefs) == -1) {
		log_warnx("reload: configuration refused, keeping the old one");
		conf_free(&nc);
		return;
	}
	if (secure_init(&ns, &nc) == -1) {
		log_warnx("reload: security settings refused, keeping the old "
		    "configuration");
		conf_free(&nc);
		return;
	}
	for (i = 0; i < sizeof(restart_keys) / sizeof(restart_keys[0]); i++)
		if (strcmp(conf_str(&nc, restart_keys[i]),
		    conf_str(&r->conf, restart_keys[i])) != 0) {
			log_warnx("reload: %s changed: needs a restart; the "
			    "running value is kept", conf_name(restart_keys[i]));
			free(nc.v[restart_keys[i]].s);
			nc.v[restart_keys[i]].s =
			    strdup(conf_str(&r->conf, restart_keys[i]));
			nc.v[restart_keys[i]].i =
			    conf_int(&r->conf, restart_keys[i]);
		}
	secure_free(&r->sec);
	r->sec = ns;
	r->tx.channel = (int)conf_int(&nc, K_TX_CHANNEL);
	r->tx.sign_default = (int)conf_int(&nc, K_SEC_SIGN);
	r->tx.lat = (int32_t)(conf_double(&nc, K_RSU_LAT) * 1e7);
	r->tx.lon = (int32_t)(conf_double(&nc, K_RSU_LON) * 1e7);
	log_setlevel(level_of(conf_int(&nc, K_LOG_LEVEL)));
	conf_free(&r->conf);
	r->conf = nc;
	log_info("reloaded; %d store-and-repeat entries kept", r->store.n);
}

/* --- the event loop ---------------------------------------------------- */

enum { P_FEED, P_CTL, P_ZAP, P_SIG, P_LIVE, P_HTTP, P_UDP };

static void
loop(struct rsud *r)
{
	zmq_pollitem_t	 it[P_UDP + RSUD_MAX_UDP];
	int		 i, n, timeout;
	long		 t;
	char		 drain[64];
	double		 last_stats = 0;

	for (;;) {
		if (got_term)
			break;
		if (got_hup) {
			got_hup = 0;
			reload(r);
		}
		if (r->file_open && r->file.waiting && r->up.subscribers > 0) {
			log_info("input.file: a subscriber is here, starting");
			r->file.waiting = 0;
		}
		memset(it, 0, sizeof(it));
		it[P_FEED].socket = r->up.sock;
		it[P_FEED].events = ZMQ_POLLIN;
		it[P_CTL].socket = r->ctl.sock;
		it[P_CTL].fd = -1;
		it[P_CTL].events = r->ctl.sock ? ZMQ_POLLIN : 0;
		it[P_ZAP].socket = r->ctl.zap;
		it[P_ZAP].fd = -1;
		it[P_ZAP].events = r->ctl.zap ? ZMQ_POLLIN : 0;
		it[P_SIG].fd = sigpipe[0];
		it[P_SIG].events = ZMQ_POLLIN;
		it[P_LIVE].fd = r->live.fd;
		it[P_LIVE].events = r->live.fd >= 0 ? ZMQ_POLLIN : 0;
		it[P_HTTP].fd = r->st.mhd_fd;
		it[P_HTTP].events = r->st.mhd_fd >= 0 ? ZMQ_POLLIN : 0;
		for (i = 0; i < r->nudp; i++) {
			it[P_UDP + i].fd = r->udp[i].fd;
			it[P_UDP + i].events = ZMQ_POLLIN;
		}
		/* Unused entries: no socket, fd -1, no events.  zmq_poll
		 * skips fd -1 with no events. */
		for (i = P_CTL; i < P_UDP + r->nudp; i++)
			if (it[i].events == 0 && it[i].socket == NULL)
				it[i].fd = -1;
		n = P_UDP + r->nudp;

		timeout = 1000;
		if (r->file_open && (t = capture_timeout(&r->file)) >= 0 &&
		    t < timeout)
			timeout = (int)t;
		if ((t = store_run(&r->store, &r->tx, &r->sec)) >= 0 &&
		    t < timeout)
			timeout = (int)t;
		if (zmq_poll(it, n, timeout) == -1) {
			if (errno == EINTR)
				continue;
			fatalx("zmq_poll: %s", zmq_strerror(errno));
		}
		if (it[P_SIG].revents & ZMQ_POLLIN)
			while (read(sigpipe[0], drain, sizeof(drain)) > 0)
				;
		if (it[P_ZAP].revents & ZMQ_POLLIN)
			control_zap_dispatch(&r->ctl);
		if (it[P_FEED].revents & ZMQ_POLLIN)
			uplink_dispatch(&r->up);
		if (it[P_CTL].revents & ZMQ_POLLIN)
			control_dispatch(&r->ctl);
		if (it[P_LIVE].revents & ZMQ_POLLIN)
			capture_dispatch(&r->live, 256);
		for (i = 0; i < r->nudp; i++)
			if (it[P_UDP + i].revents & ZMQ_POLLIN)
				udp_dispatch(&r->udp[i], 256);
		if (r->st.mhd != NULL)
			stats_http_run(&r->st);
		if (r->file_open) {
			capture_dispatch(&r->file, 256);
			if (r->file.done) {
				log_info("input.file: done (%llu frames)",
				    (unsigned long long)r->st.rx[SRC_FILE]);
				capture_close(&r->file);
				r->file_open = 0;
				if (conf_int(&r->conf, K_INPUT_FILE_EXIT))
					break;
			}
		}
		if (r->live.pcap != NULL && now_ms() - last_stats > 1000) {
			last_stats = now_ms();
			capture_stats(&r->live, &r->st);
		}
	}
}

int
main(int argc, char **argv)
{
	struct rsud	*r = &the_rsud;
	struct sigaction sa;
	const char	*file = NULL;
	int		 ch, debug = 0, check = 0, linger;

	rsud = r;
	if (argc == 2 && strcmp(argv[1], "--help-config") == 0) {
		conf_help(stdout);
		return 0;
	}
	r->defs = calloc((size_t)argc, sizeof(char *));
	while ((ch = getopt(argc, argv, "c:dD:nh")) != -1) {
		switch (ch) {
		case 'c':
			file = optarg;
			break;
		case 'd':
			debug = 1;
			break;
		case 'D':
			r->defs[r->ndefs++] = optarg;
			break;
		case 'n':
			check = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || file == NULL)
		usage();
	r->conffile = file;
	log_init("rsud", 1, LOG_INFO);
	if (conf_load(&r->conf, file, r->defs, r->ndefs) == -1) {
		log_warnx("%s: configuration refused", file);
		return 1;
	}
	if (check) {
		/* keys and certificates must load too */
		if (secure_init(&r->sec, &r->conf) == -1) {
			log_warnx("%s: configuration refused", file);
			return 1;
		}
		secure_free(&r->sec);
		conf_print(&r->conf, stdout);
		fprintf(stderr, "configuration OK\n");
		return 0;
	}
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");
	log_init("rsud", debug, level_of(conf_int(&r->conf, K_LOG_LEVEL)));

	if (pipe2(sigpipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	msg_init();
	peel_init(&r->pe);
	buf_init(&r->json);
	gettimeofday(&r->started, NULL);
	open_all(r);
	drop_privileges(conf_str(&r->conf, K_USER));
	log_info("rsud %s started as %s", RSUD_VERSION,
	    conf_str(&r->conf, K_RSU_ID));

	loop(r);

	log_info("stopping: %llu published, %llu dropped by the feed",
	    (unsigned long long)(r->st.published[0] + r->st.published[1] +
	    r->st.published[2] + r->st.published[3]),
	    (unsigned long long)r->st.feed_dropped);
	/* flush what the feed has queued, for a second at most */
	linger = 1000;
	zmq_setsockopt(r->up.sock, ZMQ_LINGER, &linger, sizeof(linger));
	uplink_close(&r->up);
	control_close(&r->ctl);
	capture_close(&r->live);
	capture_close(&r->file);
	for (ch = 0; ch < r->nudp; ch++)
		udp_close(&r->udp[ch]);
	tx_close(&r->tx);
	secure_free(&r->sec);
	stats_http_stop(&r->st);
	store_free(&r->store);
	zmq_ctx_term(r->zctx);
	peel_free(&r->pe);
	buf_free(&r->json);
	conf_free(&r->conf);
	free(r->defs);
	return 0;
}
