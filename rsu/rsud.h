/*
 * rsud.h: the roadside daemon of DESIGN.md: shared types and the functions
 * of each file, grouped by the file that defines them.  One thread, one
 * zmq_poll() loop (rsud.c) over every input; the receive path in engine.c.
 */
#ifndef RSUD_H
#define RSUD_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>

#include "buf.h"
#include "msg.h"
#include "peel.h"
#include "reason.h"
#include "sec.h"
#include "log.h"

#define RSUD_VERSION	"0.1.0"
#define RSUD_MAX_UDP	8		/* UDP listeners */
#define RSUD_MAX_TYPES	64		/* message types counted by name */
#define RSUD_MAX_ALLOW	64		/* CURVE keys allowed */
#define RSUD_FEED_MAX_IN 4096		/* largest frame a subscriber sends:
					   a subscription, a handshake */

#ifndef nitems
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))	/* as OpenBSD's */
#endif

/* config.c ---------------------------------------------------------------- */
enum conf_type { C_STR, C_INT, C_DOUBLE, C_BOOL, C_ENUM, C_FILE };

enum conf_key {
	K_RSU_ID = 0, K_RSU_LAT, K_RSU_LON, K_LOG_LEVEL, K_USER, K_CHROOT,
	K_FEED_ENDPOINT, K_FEED_HWM, K_CONTROL_ENDPOINT, K_CONTROL_INSECURE,
	K_CONTROL_MAX_MSG, K_CURVE_SECRET, K_CURVE_ALLOW,
	K_INPUT_FILE, K_INPUT_PACE, K_INPUT_FILE_WAIT, K_INPUT_FILE_EXIT,
	K_INPUT_IFACE, K_INPUT_FILTER, K_INPUT_SNAPLEN,
	K_UDP_LISTEN, K_UDP_RCVBUF,
	K_SEC_VERIFY, K_SEC_VERIFY_PSID, K_SEC_WINDOW, K_SEC_TRUST,
	K_SEC_CERT, K_SEC_KEY,
	K_SEC_SIGN,
	K_TX_IFACE, K_TX_LINK, K_TX_UDP, K_TX_UDP_FORMAT, K_TX_CHANNEL,
	K_STORE_FILE, K_STORE_MAX,
	K_STATS_LISTEN,
	K_MAX
};

struct conf_val {
	char		*s;		/* as written (owned) */
	long		 i;		/* C_INT, C_BOOL, C_ENUM index */
	double		 d;		/* C_DOUBLE */
	int		 line;		/* 0: default, -1: -D, else file line */
};

struct config {
	char		*file;
	struct conf_val	 v[K_MAX];
};

/* Parse file (NULL: defaults only), then the -D overrides ("key=value").
 * Errors are logged as "file:line: why"; 0 or -1. */
int		 conf_load(struct config *, const char *file, char **defs,
		    int ndefs);
void		 conf_free(struct config *);
void		 conf_print(const struct config *, FILE *);
void		 conf_help(FILE *);
const char	*conf_str(const struct config *, enum conf_key);
const char	*conf_name(enum conf_key);
enum conf_type	 conf_type(enum conf_key);
long		 conf_int(const struct config *, enum conf_key);
double		 conf_double(const struct config *, enum conf_key);
/* Split a comma-separated list value into at most max trimmed items, in
 * the caller's storage (a copy of the value).  Returns the count. */
int		 conf_list(const char *, char *copy, size_t copylen,
		    char **items, int max);
/* A ZeroMQ endpoint rsud can bind (tcp://HOST:PORT, ipc://PATH): 1 when
 * local (ipc, loopback), 0 when open to the network, -1 (why set) when
 * not an endpoint rsud can bind. */
int		 conf_endpoint(const char *, char *why, size_t whylen);
/* security.window "PAST[,FUTURE]" seconds into microseconds; 0 or -1. */
int		 conf_window(const char *, uint64_t *past_us,
		    uint64_t *future_us);
/* The Z85 public key of a Z85 CURVE secret key into out[41]; 0 or -1. */
int		 conf_public_key(const char *secret, char *out);

/* log: v2x/app/log.h (the programs' one log API) */

/* stats.c ----------------------------------------------------------------- */
enum source { SRC_RADIO = 0, SRC_UDP, SRC_FILE, SRC_COMMAND, SRC_MAX };

/* The security verdicts as the feed writes them: the verifier's
 * (codecs/sec.h, "VALID", "TIME_WINDOW"...), then rsud's own. */
enum feed_verdict {
	V_UNSIGNED = SEC_VERDICT_MAX,	/* "unsigned" */
	V_NOTCHECKED,			/* "not-checked": policy */
	V_OWN,				/* "own": rsud's broadcast */
	V_MAX
};

struct type_count {
	char		 name[32];
	char		 family[8];
	uint64_t	 published;
	uint64_t	 failed;
};

struct stats {
	uint64_t	 rx[SRC_MAX];			/* frames, datagrams */
	uint64_t	 rx_dropped[SRC_MAX];		/* by the kernel, pcap */
	uint64_t	 published[SRC_MAX];
	uint64_t	 not_v2x[SRC_MAX];
	uint64_t	 reason[SRC_MAX][REASON_MAX];	/* failures */
	uint64_t	 verdict[V_MAX];	/* published, by feed verdict */
	uint64_t	 feed_dropped;			/* a subscriber's queue full */
	uint64_t	 feed_bytes;
	uint64_t	 cmd_ok, cmd_err;
	uint64_t	 tx_frames, tx_udp, tx_err;
	uint64_t	 capture_drop;	/* pcap_stats ps_drop + ps_ifdrop */
	struct type_count types[RSUD_MAX_TYPES];
	int		 ntypes;
	/* clock health: system clock at receipt minus 1609.2 generation */
	uint64_t	 clock_samples;
	double		 clock_last_ms, clock_min_ms, clock_max_ms, clock_ewma_ms;
	/* Prometheus */
	void		*mhd;
	int		 mhd_fd;
};

const char	*source_str(enum source);
struct type_count *stats_type(struct stats *, const char *family,
		    const char *name);
void		 stats_clock(struct stats *, double offset_ms);
/* Read the kernel's and pcap's drop counts into rx_dropped (the JSON and
 * Prometheus writers do it first). */
void		 stats_refresh(struct stats *);
/* Append the counters as a JSON object (status command). */
void		 stats_json(struct stats *, struct buf *);
/* Prometheus text exposition. */
void		 stats_prometheus(struct stats *, struct buf *);
int		 stats_http_start(struct stats *, const char *listen);
void		 stats_http_run(struct stats *);
void		 stats_http_stop(struct stats *);

/* uplink.c (feed, XPUB) --------------------------------------------------- */
#define UPLINK_BEAT_MS	1000		/* heartbeat period */
struct uplink_topic {
	char		*name;		/* v2x/<family>/<TYPE>/<rsu-id> */
	uint64_t	 tseq;		/* the next message's tseq */
};
struct uplink {
	void		*sock;
	uint64_t	 seq;		/* the next message's seq */
	int		 subscribers;	/* subscriptions seen minus cancelled */
	struct uplink_topic *topics;	/* every topic published */
	int		 ntopics, maxtopics, last;
	struct buf	 beat;		/* the heartbeat's JSON */
	double		 next_beat;	/* monotonic ms */
};
int		 uplink_open(struct uplink *, void *ctx, const char *endpoint,
		    int hwm, const char *curve_secret);
/* Read subscription messages (XPUB). */
void		 uplink_dispatch(struct uplink *);
/* The topic's entry (its tseq), added on first use. */
struct uplink_topic *uplink_topic(struct uplink *, const char *topic);
/* Publish topic, JSON (written with u->seq and t->tseq, which this then
 * advances), raw bytes; never blocks.  0, or -1 when no subscriber got it.
 * A subscriber's full queue is counted in feed_dropped. */
int		 uplink_publish(struct uplink *, struct uplink_topic *,
		    const struct buf *json, const uint8_t *raw, size_t rawlen);
/* Send the heartbeat if due; milliseconds until the next one, -1 none. */
long		 uplink_heartbeat(struct uplink *, const char *rsu_id);
void		 uplink_close(struct uplink *);

/* secure.c ---------------------------------------------------------------- */
enum verify_policy { VERIFY_NONE = 0, VERIFY_ALL, VERIFY_ONDEMAND };

struct sec_ctx;
struct sec_signer;
struct secure {
	enum verify_policy policy;
	struct sec_ctx	*ctx;		/* verifier (codecs/sec.h) */
	struct sec_signer *signer;
	int		 ncerts;	/* trust store certificates */
	char		 note[256];
	uint32_t	 psids[32];	/* ondemand */
	int		 npsids;
	int		 can_verify;
	int		 can_sign;
	int64_t		 cert_expiry;	/* POSIX seconds, 0: none */
	char		 cert_file[256];
};
int		 secure_init(struct secure *, const struct config *);
void		 secure_free(struct secure *);
/* Append the "security" object of a peeled message (the caller writes
 * "security":); returns its verdict (enum sec_verdict or feed_verdict),
 * which the caller counts once the message is published. */
int		 secure_verdict(struct secure *, struct peel *, struct stats *,
		    struct buf *, const struct timeval *rx, int live);
/* A verdict as the feed writes it. */
const char	*verdict_str(int);
/* Sign payload for psid into out (1609.2 data).  -1 when unable, with
 * why in *note (the caller then refuses the request: nothing is sent
 * unsigned). */
int		 secure_sign(struct secure *, uint32_t psid, const uint8_t *p,
		    size_t n, struct buf *out, const char **note);

/* capture.c --------------------------------------------------------------- */
struct capture {
	void		*pcap;		/* pcap_t */
	int		 fd;		/* live: selectable fd */
	int		 dlt;
	int		 live;
	int		 pace_own;
	int		 done;
	int		 waiting;	/* file: for a subscriber */
	/* own pace */
	int		 have_next;
	struct timeval	 t0_file, t0_wall;
	const uint8_t	*next_data;
	struct timeval	 next_ts;
	uint32_t	 next_len;
	/* live: pcap_stats' drops, as last read, and their sum */
	uint32_t	 last_drop, last_ifdrop;
	uint64_t	 dropped;
};
int		 capture_open_live(struct capture *, const char *iface,
		    const char *filter, int snaplen);
int		 capture_open_file(struct capture *, const char *path,
		    int pace_own);
/* Live: read what is ready.  File: up to max frames, or those due.
 * Returns frames handled. */
int		 capture_dispatch(struct capture *, int max);
/* Milliseconds until the next file frame is due, -1 none, 0 now. */
long		 capture_timeout(struct capture *);
void		 capture_close(struct capture *);
void		 capture_stats(struct capture *, struct stats *);
/* pcap_inject on the live handle (or a handle opened for tx). */
int		 capture_inject(void *pcap, const uint8_t *, size_t);

/* udp.c ------------------------------------------------------------------- */
struct udp_in {
	int		 fd;
	char		 name[64];
	uint32_t	 kdrops;	/* the kernel's count (wraps) */
	uint64_t	 dropped;	/* by the kernel since open */
};
int		 udp_open(struct udp_in *, const char *hostport, int rcvbuf);
int		 udp_dispatch(struct udp_in *, int max);
/* Datagrams the kernel dropped on this socket since it was opened. */
uint64_t	 udp_drops(struct udp_in *);
void		 udp_close(struct udp_in *);
/* Resolve "host:port" into a sockaddr; 0 or -1. */
int		 udp_addr(const char *hostport, void *ss, unsigned *sslen,
		    int passive);

/* engine.c ---------------------------------------------------------------- */
/* One received unit through the pipeline: peel, verify, publish. */
void		 engine_frame(enum source, int dlt, const uint8_t *, size_t,
		    const struct timeval *rx);
void		 engine_datagram(enum source, const uint8_t *, size_t,
		    const struct timeval *rx);
/* Publish a message rsud itself built (source command). */
void		 engine_publish_own(const uint8_t *wire, size_t n, uint32_t psid);
double		 now_ms(void);		/* CLOCK_MONOTONIC, ms */
void		 rfc3339(struct buf *, const struct timeval *);
int		 parse_time(const char *, int64_t *);	/* RFC 3339 or epoch */

/* jail.c ------------------------------------------------------------------ */
/* Before the chroot: keep the directory of path reachable after it (a
 * descriptor).  0 or -1 (logged). */
int		 jail_keep(const char *path);
/* chroot(dir) and chdir("/"); 0 or -1 (logged). */
int		 jail_enter(const char *dir);
/* The chroot directory, or NULL when not chrooted. */
const char	*jail_root(void);
/* The name under which path opens now: path itself when not chrooted,
 * else its last component with the working directory moved to its kept
 * directory (jail_leave() moves it back).  Borrowed until the next call. */
const char	*jail_path(const char *path);
void		 jail_leave(void);
void		 jail_close(void);

/* tx.c -------------------------------------------------------------------- */
/* What to send: the message bytes (UPER) and how to wrap them. */
struct tx_msg {
	enum msg_family	 family;
	char		 type[32];	/* ASN.1 name of the message */
	char		 pdu[32];	/* type of uper: MessageFrame or bare */
	uint8_t		*uper;
	size_t		 uper_len;
	uint32_t	 psid;		/* J2735: WSMP PSID; ETSI: ITS-AID */
	int		 btp_port;	/* ETSI */
	int		 channel;
	int		 gbc;		/* ETSI: GeoBroadcast circle */
	int32_t		 gbc_lat, gbc_lon;	/* 1/10 microdegree */
	uint16_t	 gbc_radius;	/* m */
	int		 sign;		/* -1: configured default */
};
struct tx {
	void		*pcap;		/* tx.interface */
	int		 own_pcap;
	int		 link_radiotap;
	uint8_t		 mac[6];
	int		 udp_fd;
	uint8_t		 udp_ss[128];
	unsigned	 udp_sslen;
	int		 udp_ifm;
	int		 channel;
	int		 sign_default;
	uint16_t	 gn_sn;
	int32_t		 lat, lon;
};
int		 tx_open(struct tx *, const struct config *, void *capture_pcap);
void		 tx_close(struct tx *);
/* Fill m from a JSON request (message/hex/type/family/psid/channel...).
 * 0, or -1 with *err set. */
int		 tx_msg_from_json(struct tx_msg *, const void *json_t, char *err,
		    size_t errlen);
void		 tx_msg_free(struct tx_msg *);
int		 tx_msg_copy(struct tx_msg *dst, const struct tx_msg *src);
/* Whether m can be sent as asked: a transmitter is configured and, when
 * m is to be signed, a trial signature works.  0, or -1 with *err set. */
int		 tx_check(struct tx *, struct secure *, const struct tx_msg *,
		    char *err, size_t errlen);
/* Wrap and transmit (publishing what went out on the feed); *info gets a
 * JSON object's members.  0, or -1 with *err set: nothing is sent
 * unsigned when a signature was asked for. */
int		 tx_send(struct tx *, struct secure *, const struct tx_msg *,
		    struct buf *info, char *err, size_t errlen);
/* Default PSID / ITS-AID and BTP port for a message type. */
uint32_t	 tx_default_psid(enum msg_family, const char *type);
int		 tx_default_port(const char *type);

/* store.c ----------------------------------------------------------------- */
struct store_entry {
	char		 id[64];
	struct tx_msg	 m;
	long		 interval_ms;
	int64_t		 start, stop;	/* POSIX seconds, 0: none */
	double		 next;		/* monotonic ms */
	uint64_t	 sent;		/* transmitted */
	uint64_t	 failed;	/* due but not transmitted */
	int		 failing;	/* the last attempt failed (logged) */
};
struct store {
	char		 path[512];
	struct store_entry *e;
	int		 n, max;
	uint64_t	 next_id;
	int		 dirfd;		/* the file's directory (chroot) */
	char		 base[256];	/* the file's name in it */
	/* since start: repeats sent and failed, entries dropped when
	 * their stop passed, entries of the file that could not be read
	 * (kept in base.bad-TIME), the file read instead of base */
	uint64_t	 sent, failed, expired;
	int		 quarantined;
	char		 recovered[520];
};
int		 store_init(struct store *, const char *path, int max);
int		 store_save(struct store *);
int		 store_add(struct store *, struct store_entry *, char *err,
		    size_t errlen);
int		 store_delete(struct store *, const char *id);
/* Send what is due; returns ms until the next, -1 if none. */
long		 store_run(struct store *, struct tx *, struct secure *);
void		 store_json(const struct store *, struct buf *);
void		 store_free(struct store *);

/* control.c --------------------------------------------------------------- */
struct control {
	void		*sock;
	void		*zap;		/* ZAP handler (CURVE allow-list) */
	uint8_t		 allow[RSUD_MAX_ALLOW][32];
	int		 nallow;
};
int		 control_open(struct control *, void *ctx, const char *endpoint,
		    const char *curve_secret);
int		 control_zap_open(struct control *, void *ctx, const char *allow);
void		 control_dispatch(struct control *);
void		 control_zap_dispatch(struct control *);
void		 control_close(struct control *);
/* Every command with its purpose, one a line (rsud --help-commands). */
void		 control_help(FILE *);

/* rsud.c ------------------------------------------------------------------ */
/* The daemon's state. */
struct rsud {
	struct config	 conf;
	const char	*conffile;
	char	       **defs;
	int		 ndefs;
	void		*zctx;
	struct uplink	 up;
	struct control	 ctl;
	struct capture	 live, file;
	struct udp_in	 udp[RSUD_MAX_UDP];
	int		 nudp;
	struct tx	 tx;
	struct secure	 sec;
	struct store	 store;
	struct stats	 st;
	struct peel	 pe;
	struct buf	 json;
	struct timeval	 started;
	int		 file_open;
	/* feed subscribers (connections accepted and not yet gone), from
	 * the feed socket's monitor: XPUB only sees subscriptions */
	void		*feedmon;
	int		*peers;		/* their descriptors */
	int		 npeers, peers_cap;
};
extern struct rsud *rsud;

#endif
