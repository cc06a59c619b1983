/*
 * rsud.c: the roadside daemon of DESIGN.md: options, start-up (open the
 * captures, sockets and keys, then chroot and drop privileges), the
 * one-thread zmq_poll() event loop and signals through a self-pipe.  The
 * receive path is engine.c.
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

#include "rsud.h"

struct rsud		*rsud;
static struct rsud	 the_rsud;
static int		 sigpipe[2] = { -1, -1 };
static volatile sig_atomic_t got_term, got_hup;

/* The usage: on stdout with status 0 when asked for (-h, --help), else
 * on stderr with status 2. */
static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: rsud -c FILE [-d] [-D key=value]...\n"
	    "       rsud -n -c FILE [-D key=value]...   check and print the "
	    "configuration\n"
	    "       rsud --help-config                   every key, documented\n"
	    "       rsud --help-commands                 every command\n"
	    "       rsud -h | --help                     this usage\n");
	exit(status);
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

static int
level_of(long idx)
{
	static const int lv[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

	return lv[idx >= 0 && idx < 4 ? idx : 2];
}

/* --- feed subscribers -------------------------------------------------- */

#define FEEDMON_EP	"inproc://rsud.feed.monitor"

/* Watch the feed's connections: XPUB tells subscriptions, not who makes
 * them (one subscriber may hold many, or none yet).  A connection counts
 * from its acceptance (a client CURVE refuses, until it is dropped). */
static void
feedmon_open(struct rsud *r)
{
	int	 zero = 0;

	if (zmq_socket_monitor(r->up.sock, FEEDMON_EP,
	    ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) == -1 ||
	    (r->feedmon = zmq_socket(r->zctx, ZMQ_PAIR)) == NULL)
		fatalx("feed monitor: %s", zmq_strerror(errno));
	zmq_setsockopt(r->feedmon, ZMQ_LINGER, &zero, sizeof(zero));
	if (zmq_connect(r->feedmon, FEEDMON_EP) == -1)
		fatalx("feed monitor: %s", zmq_strerror(errno));
}

/* Events: a 6-byte frame (event, descriptor), then the endpoint. */
static void
feedmon_dispatch(struct rsud *r)
{
	zmq_msg_t	 m;
	uint16_t	 ev = 0;
	uint32_t	 fd = 0;
	int		 i, first;

	for (first = 1;; ) {
		zmq_msg_init(&m);
		if (zmq_msg_recv(&m, r->feedmon, ZMQ_DONTWAIT) == -1) {
			zmq_msg_close(&m);
			return;
		}
		if (first && zmq_msg_size(&m) == 6) {
			memcpy(&ev, zmq_msg_data(&m), 2);
			memcpy(&fd, (uint8_t *)zmq_msg_data(&m) + 2, 4);
		}
		first = !zmq_msg_more(&m);
		zmq_msg_close(&m);
		if (!first)
			continue;
		for (i = 0; i < r->npeers && r->peers[i] != (int)fd; i++)
			;
		if (ev == ZMQ_EVENT_ACCEPTED && i == r->npeers) {
			if (r->npeers == r->peers_cap) {
				r->peers_cap = r->peers_cap ? 2 * r->peers_cap :
				    16;
				r->peers = reallocarray(r->peers,
				    (size_t)r->peers_cap, sizeof(int));
				if (r->peers == NULL)
					fatal("feed subscribers");
			}
			r->peers[r->npeers++] = (int)fd;
		} else if (ev == ZMQ_EVENT_DISCONNECTED && i < r->npeers)
			r->peers[i] = r->peers[--r->npeers];
		ev = 0;
	}
}

/* --- start-up, reload -------------------------------------------------- */

/* control.insecure: commands open to the network without CURVE; said
 * loudly at every start (config.c refuses it unless asked for). */
static void
warn_insecure(struct rsud *r)
{
	const char	*ep = conf_str(&r->conf, K_CONTROL_ENDPOINT);
	char		 why[300];

	if (*ep == '\0' || *conf_str(&r->conf, K_CURVE_SECRET) != '\0' ||
	    conf_endpoint(ep, why, sizeof(why)) != 0)
		return;
	log_warnx("WARNING: control.insecure: commands on %s without CURVE: "
	    "anyone who reaches it can broadcast and store messages", ep);
}

/* Open the captures, sockets, keys and trust store: everything rsud needs
 * privileges or the whole file system for. */
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
		fatalx("cannot open the feed (feed.endpoint)");
	feedmon_open(r);
	if (*conf_str(c, K_CONTROL_ENDPOINT) != '\0' &&
	    control_open(&r->ctl, r->zctx, conf_str(c, K_CONTROL_ENDPOINT),
	    curve) == -1)
		fatalx("cannot open the command socket (control.endpoint)");
	warn_insecure(r);
	r->live.fd = r->file.fd = -1;
	if (*conf_str(c, K_INPUT_IFACE) != '\0' &&
	    capture_open_live(&r->live, conf_str(c, K_INPUT_IFACE),
	    conf_str(c, K_INPUT_FILTER), (int)conf_int(c, K_INPUT_SNAPLEN)) ==
	    -1)
		fatalx("cannot capture (input.interface)");
	if (*conf_str(c, K_INPUT_FILE) != '\0') {
		if (capture_open_file(&r->file, conf_str(c, K_INPUT_FILE),
		    conf_int(c, K_INPUT_PACE) == 1) == -1)
			fatalx("cannot read input.file");
		r->file_open = 1;
		r->file.waiting = (int)conf_int(c, K_INPUT_FILE_WAIT);
	}
	n = conf_list(conf_str(c, K_UDP_LISTEN), copy, sizeof(copy), it,
	    RSUD_MAX_UDP);
	for (i = 0; i < n && i < RSUD_MAX_UDP; i++) {
		if (udp_open(&r->udp[i], it[i],
		    (int)conf_int(c, K_UDP_RCVBUF)) == -1)
			fatalx("cannot listen on udp %s (udp.listen)", it[i]);
		r->nudp++;
	}
	if (secure_init(&r->sec, c) == -1)
		fatalx("cannot start the security stage (security.*)");
	if (tx_open(&r->tx, c, r->live.pcap) == -1)
		fatalx("cannot open the transmitter (tx.*)");
	if (store_init(&r->store, conf_str(c, K_STORE_FILE),
	    (int)conf_int(c, K_STORE_MAX)) == -1)
		fatalx("cannot use the state file (store.file)");
	r->st.mhd_fd = -1;
	if (*conf_str(c, K_STATS_LISTEN) != '\0' &&
	    stats_http_start(&r->st, conf_str(c, K_STATS_LISTEN)) == -1)
		fatalx("cannot serve the metrics (stats.listen)");
}

/* Endpoints whose ipc:// socket file rsud removes at exit: libzmq cannot
 * from inside the chroot. */
static const enum conf_key ipc_keys[] = { K_FEED_ENDPOINT, K_CONTROL_ENDPOINT };

/*
 * chroot into the empty directory of the "chroot" key, as ntpd and bgpd do:
 * by default only when started as root and the directory exists; asked for
 * by the configuration, it must succeed.  What SIGHUP reads again (the
 * configuration and the files it names) stays reachable through
 * descriptors of their directories; the state file keeps its own
 * (store.c).
 */
static void
enter_chroot(struct rsud *r)
{
	const char	*dir = conf_str(&r->conf, K_CHROOT), *ep;
	int		 asked = r->conf.v[K_CHROOT].line != 0;
	int		 k;

	if (*dir == '\0')
		return;
	if (!asked && (geteuid() != 0 || access(dir, X_OK) == -1)) {
		log_debug("chroot %s: %s: not chrooting", dir,
		    geteuid() != 0 ? "not root" : strerror(errno));
		return;
	}
	if (jail_keep(r->conffile) == -1)
		fatalx("cannot keep the configuration's directory");
	for (k = 0; k < (int)nitems(ipc_keys); k++) {
		ep = conf_str(&r->conf, ipc_keys[k]);
		if (strncmp(ep, "ipc://", 6) == 0 && jail_keep(ep + 6) == -1)
			fatalx("cannot keep the directory of %s",
			    conf_name(ipc_keys[k]));
	}
	for (k = 0; k < K_MAX; k++)
		if (conf_type(k) == C_FILE &&
		    jail_keep(conf_str(&r->conf, k)) == -1)
			fatalx("cannot keep the directory of %s", conf_name(k));
	if (jail_enter(dir) == -1)
		fatalx("cannot chroot to %s (chroot)", dir);
}

/* chroot, then become the configured user (looked up before the chroot:
 * the password file is outside). */
static void
drop_privileges(struct rsud *r)
{
	const char	*user = conf_str(&r->conf, K_USER);
	struct passwd	*pw = NULL;

	if (*user != '\0' && (pw = getpwnam(user)) == NULL)
		fatalx("user %s: no such user", user);
	enter_chroot(r);
	if (pw == NULL)
		return;
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		fatal("cannot drop privileges to %s", user);
	log_info("running as %s", user);
}

/* Keys that take effect only at start. */
static const enum conf_key restart_keys[] = {
	K_USER, K_CHROOT, K_FEED_ENDPOINT, K_FEED_HWM, K_CONTROL_ENDPOINT,
	K_CONTROL_INSECURE, K_CONTROL_MAX_MSG, K_CURVE_SECRET, K_CURVE_ALLOW, K_INPUT_FILE, K_INPUT_IFACE,
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
	for (i = 0; i < nitems(restart_keys); i++)
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

enum { P_FEED, P_MON, P_CTL, P_ZAP, P_SIG, P_LIVE, P_HTTP, P_UDP };

/* The poll items of every input; returns how many. */
static int
poll_items(struct rsud *r, zmq_pollitem_t *it)
{
	int	 i;

	memset(it, 0, sizeof(*it) * (P_UDP + RSUD_MAX_UDP));
	it[P_FEED].socket = r->up.sock;
	it[P_FEED].events = ZMQ_POLLIN;
	it[P_MON].socket = r->feedmon;
	it[P_MON].events = ZMQ_POLLIN;
	it[P_CTL].socket = r->ctl.sock;
	it[P_CTL].events = r->ctl.sock ? ZMQ_POLLIN : 0;
	it[P_ZAP].socket = r->ctl.zap;
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
	/* Unused entries: no socket, fd -1, no events.  zmq_poll skips fd
	 * -1 with no events. */
	for (i = P_CTL; i < P_UDP + r->nudp; i++)
		if (it[i].events == 0 && it[i].socket == NULL)
			it[i].fd = -1;
	return P_UDP + r->nudp;
}

/* Milliseconds zmq_poll may wait: the next file frame, store entry or feed
 * heartbeat due, at most a second. */
static int
poll_timeout(struct rsud *r)
{
	int	 timeout = 1000;
	long	 t;

	if (r->file_open && (t = capture_timeout(&r->file)) >= 0 &&
	    t < timeout)
		timeout = (int)t;
	if ((t = store_run(&r->store, &r->tx, &r->sec)) >= 0 && t < timeout)
		timeout = (int)t;
	if ((t = uplink_heartbeat(&r->up, conf_str(&r->conf, K_RSU_ID))) >= 0 &&
	    t < timeout)
		timeout = (int)t;
	return timeout;
}

/* The capture file, as fast as it goes or at its pace; 1 when rsud is to
 * exit because it is done (input.file_exit). */
static int
file_input(struct rsud *r)
{
	if (!r->file_open)
		return 0;
	capture_dispatch(&r->file, 256);
	if (!r->file.done)
		return 0;
	log_info("input.file: done (%llu frames)",
	    (unsigned long long)r->st.rx[SRC_FILE]);
	capture_close(&r->file);
	r->file_open = 0;
	return conf_int(&r->conf, K_INPUT_FILE_EXIT) != 0;
}

static void
loop(struct rsud *r)
{
	zmq_pollitem_t	 it[P_UDP + RSUD_MAX_UDP];
	int		 i, n, timeout;
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
		n = poll_items(r, it);
		timeout = poll_timeout(r);
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
		if (it[P_MON].revents & ZMQ_POLLIN)
			feedmon_dispatch(r);
		if (it[P_CTL].revents & ZMQ_POLLIN)
			control_dispatch(&r->ctl);
		if (it[P_LIVE].revents & ZMQ_POLLIN)
			capture_dispatch(&r->live, 256);
		for (i = 0; i < r->nudp; i++)
			if (it[P_UDP + i].revents & ZMQ_POLLIN)
				udp_dispatch(&r->udp[i], 256);
		if (r->st.mhd != NULL)
			stats_http_run(&r->st);
		if (file_input(r))
			break;
		if (r->live.pcap != NULL && now_ms() - last_stats > 1000) {
			last_stats = now_ms();
			capture_stats(&r->live, &r->st);
		}
	}
}

/* --- main ----------------------------------------------------------------- */

static void
parse_args(struct rsud *r, int argc, char **argv, int *debug, int *check)
{
	int	 ch;

	if ((r->defs = calloc((size_t)argc, sizeof(char *))) == NULL)
		fatal("calloc");
	while ((ch = getopt(argc, argv, "c:dD:nh")) != -1) {
		switch (ch) {
		case 'c':
			r->conffile = optarg;
			break;
		case 'd':
			*debug = 1;
			break;
		case 'D':
			r->defs[r->ndefs++] = optarg;
			break;
		case 'n':
			*check = 1;
			break;
		case 'h':
			usage(0);
		default:
			usage(2);
		}
	}
	if (optind != argc || r->conffile == NULL)
		usage(2);
}

/* -n: the keys, certificates and keys must load too; print the
 * effective configuration (never a secret). */
static int
check_config(struct rsud *r)
{
	if (secure_init(&r->sec, &r->conf) == -1)
		fatalx("%s: configuration refused", r->conffile);
	secure_free(&r->sec);
	warn_insecure(r);
	conf_print(&r->conf, stdout);
	fprintf(stderr, "configuration OK\n");
	return 0;
}

static void
signals(void)
{
	struct sigaction sa;

	if (pipe2(sigpipe, O_NONBLOCK | O_CLOEXEC) == -1)
		fatal("pipe");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
close_all(struct rsud *r)
{
	const char	*ep;
	int		 i, linger = 1000;

	/* flush what the feed has queued, for a second at most */
	zmq_setsockopt(r->up.sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_socket_monitor(r->up.sock, NULL, 0);
	uplink_close(&r->up);
	zmq_close(r->feedmon);
	free(r->peers);
	control_close(&r->ctl);
	capture_close(&r->live);
	capture_close(&r->file);
	for (i = 0; i < r->nudp; i++)
		udp_close(&r->udp[i]);
	tx_close(&r->tx);
	secure_free(&r->sec);
	stats_http_stop(&r->st);
	store_free(&r->store);
	zmq_ctx_term(r->zctx);
	for (i = 0; jail_root() != NULL && i < (int)nitems(ipc_keys); i++) {
		ep = conf_str(&r->conf, ipc_keys[i]);
		if (strncmp(ep, "ipc://", 6) == 0)
			(void)unlink(jail_path(ep + 6));
		jail_leave();
	}
	peel_free(&r->pe);
	buf_free(&r->json);
	conf_free(&r->conf);
	jail_close();
	free(r->defs);
}

int
main(int argc, char **argv)
{
	struct rsud	*r = &the_rsud;
	int		 debug = 0, check = 0, s;
	uint64_t	 published = 0;

	rsud = r;
	if (argc == 2 && strcmp(argv[1], "--help-config") == 0) {
		conf_help(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help-commands") == 0) {
		control_help(stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage(0);
	parse_args(r, argc, argv, &debug, &check);
	log_init("rsud", 1, LOG_INFO);
	if (conf_load(&r->conf, r->conffile, r->defs, r->ndefs) == -1)
		fatalx("%s: configuration refused", r->conffile);
	if (check)
		return check_config(r);
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");
	log_init("rsud", debug, level_of(conf_int(&r->conf, K_LOG_LEVEL)));
	signals();
	msg_init();
	peel_init(&r->pe);
	buf_init(&r->json);
	gettimeofday(&r->started, NULL);
	open_all(r);
	drop_privileges(r);
	log_info("rsud %s started as %s", RSUD_VERSION,
	    conf_str(&r->conf, K_RSU_ID));

	loop(r);

	for (s = 0; s < SRC_MAX; s++)
		published += r->st.published[s];
	log_info("stopping: %llu published, %llu dropped by the feed",
	    (unsigned long long)published,
	    (unsigned long long)r->st.feed_dropped);
	close_all(r);
	return 0;
}
