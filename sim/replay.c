/*
 * replay.c: "v2xsim replay": captured traces (pcap, pcapng) sent again with
 * their original inter-frame timing (or faster, or as fast as possible),
 * filtered by message type, PSID, BTP port and source, from the layer asked
 * down, to a capture file, UDP, an interface or ZeroMQ.  Send times are
 * absolute deadlines on CLOCK_MONOTONIC (clock_nanosleep TIMER_ABSTIME),
 * so errors do not accumulate.
 */
#include <sys/mman.h>
#include <sys/prctl.h>

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "btp.h"
#include "gn.h"
#include "link.h"
#include "msg.h"
#include "peel.h"
#include "reason.h"
#include "wsmp.h"
#include "sim.h"

/* What --layer selects. */
enum layer {
	L_DEFAULT = 0,		/* frame for files and interfaces, else net */
	L_FRAME,
	L_NET,			/* the WSMP or GeoNetworking packet */
	L_WSMP,
	L_GN,
	L_DOT2,
	L_MESSAGE
};

#define MAXF	8		/* values per filter key */
#define MAXT	64		/* message type names counted */

struct filter {
	char		*type[MAXF];
	int		 ntype;
	uint32_t	 psid[MAXF];
	int		 npsid;
	long		 port[MAXF];
	int		 nport;
	uint8_t		 src[MAXF][6];
	int		 nsrc;
};

struct rframe {
	int64_t		 ts;		/* ns, original (plus file offset) */
	size_t		 off;		/* into the data buffer */
	uint32_t	 len;
	int32_t		 net_off, net_len;	/* WSMP / GN packet, -1 */
	int32_t		 dot2_off, dot2_len;	/* 1609.2 data, -1 */
	int32_t		 msg_off, msg_len;	/* the message, -1 */
	uint16_t	 ethertype;
	int16_t		 type;		/* index in types[] */
	uint8_t		 reason;	/* peel's */
	uint8_t		 pass;		/* passes the filter */
};

struct replay {
	struct rframe	*f;
	size_t		 nf, capf;
	struct buf	 data;
	int		 dlt;
	const char	*types[MAXT];
	size_t		 sent_type[MAXT];
	size_t		 sent_reason[REASON_MAX];
	size_t		 nfiltered, nnolayer, nfailed, nsent;
	struct filter	 flt;
	enum layer	 layer;
	double		 speed;
	int		 max;
	long		 loops;
	int		 quiet;
	int		 refresh;
	struct refresh	*rf;
	struct peel	 pl;
	int64_t		*late;		/* lateness of each send, ns */
	size_t		 nlate, caplate;
};

static volatile sig_atomic_t	 stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
replay_usage(FILE *f)
{
	fprintf(f,
"usage: v2xsim replay FILE... --to DEST [options]\n"
"  --to file:OUT        a capture file: OUT.pcapng (pcapng) or else pcap, both\n"
"                       with nanosecond timestamps; frames are written at once\n"
"                       with the scheduled times (the first frame's original\n"
"                       time plus the offsets divided by --speed)\n"
"  --to udp:HOST:PORT   one datagram per frame: the layer of --layer\n"
"  --to iface:NAME      the whole frame, pcap_inject (needs the privilege)\n"
"  --to zmq:ENDPOINT    a ZeroMQ PUSH socket (connects; binds if ENDPOINT has\n"
"                       '*'); zmq-pub:ENDPOINT a PUB socket that binds.  One\n"
"                       message per frame: the bytes of --layer\n"
"  --speed X            X times the original rate (default 1)\n"
"  --max                as fast as possible\n"
"  --loop N             play the files N times (0: until interrupted)\n"
"  --filter EXPR        comma-separated key=value terms, all must hold;\n"
"                       a key given twice matches either value: type=BSM,\n"
"                       psid=0x20, port=2001, src=MAC (link source)\n"
"  --layer L            frame, wsmp, gn (the WSMP or GeoNetworking packet,\n"
"                       default for udp and zmq), dot2, message\n"
"  --refresh-times      set the time fields to the send time: J2735 secMark,\n"
"                       timeStamp, moy; ETSI generationDeltaTime; 1609.2\n"
"                       generationTime; the GeoNetworking source timestamp.\n"
"                       Capture files then start now.  A signed message\n"
"                       keeps its old signature, unless:\n"
"  --resign --key K.key --cert C.cert   sign the rewritten message anew\n"
"                       (IEEE 1609.2 signedData, the original PSID; implies\n"
"                       --refresh-times)\n"
"  --rt                 SCHED_FIFO priority and locked memory, for the timing\n"
"                       on a loaded host (needs CAP_SYS_NICE)\n"
"  -q                   no progress line\n"
"At the end: frames sent by message type and by peel reason, and for real-\n"
"time sends the lateness against the schedule (median, p99, max).\n");
}

static int
type_index(struct replay *r, const char *name)
{
	int	 i;

	for (i = 0; i < MAXT && r->types[i] != NULL; i++)
		if (strcmp(r->types[i], name) == 0)
			return i;
	if (i == MAXT)
		return MAXT - 1;
	r->types[i] = strdup(name);
	return i;
}

static int
parse_mac(const char *s, uint8_t m[6])
{
	unsigned	 b[6];
	int		 i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
	    &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 255)
			return -1;
		m[i] = b[i];
	}
	return 0;
}

static int
parse_filter(struct filter *fl, const char *expr)
{
	char	*s, *tok, *save = NULL, *v, *end;
	int	 r = 0;

	if ((s = strdup(expr)) == NULL)
		return -1;
	for (tok = strtok_r(s, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((v = strchr(tok, '=')) == NULL) {
			log_warnx("--filter: %s: key=value expected", tok);
			r = -1;
			break;
		}
		*v++ = '\0';
		if (strcmp(tok, "type") == 0 && fl->ntype < MAXF)
			fl->type[fl->ntype++] = strdup(v);
		else if (strcmp(tok, "psid") == 0 && fl->npsid < MAXF) {
			fl->psid[fl->npsid++] = strtoul(v, &end, 0);
			if (*end != '\0')
				r = -1;
		} else if (strcmp(tok, "port") == 0 && fl->nport < MAXF) {
			fl->port[fl->nport++] = strtol(v, &end, 0);
			if (*end != '\0')
				r = -1;
		} else if (strcmp(tok, "src") == 0 && fl->nsrc < MAXF) {
			if (parse_mac(v, fl->src[fl->nsrc++]) == -1)
				r = -1;
		} else
			r = -1;
		if (r == -1) {
			log_warnx("--filter: bad term %s=%s", tok, v);
			break;
		}
	}
	free(s);
	return r;
}

/* Does a type name (as peel names it) match a filter value, which may be
 * an alias (BSM, TIM...) or the name in any case? */
static int
type_match(const char *name, const char *want)
{
	struct asn_TYPE_descriptor_s	*td;
	enum msg_family			 fam;

	if (strcasecmp(name, want) == 0)
		return 1;
	if ((td = msg_type_find(want, FAMILY_ANY, &fam)) != NULL &&
	    strcmp(msg_type_name(td), name) == 0)
		return 1;
	return 0;
}

static int
filter_pass(const struct filter *fl, const struct peel *pl,
    const struct link_frame *lf, int link_ok, const char *tname)
{
	int	 i, ok;

	if (fl->ntype > 0) {
		for (ok = 0, i = 0; i < fl->ntype && !ok; i++)
			ok = tname != NULL && type_match(tname, fl->type[i]);
		if (!ok)
			return 0;
	}
	if (fl->npsid > 0) {
		for (ok = 0, i = 0; i < fl->npsid && !ok; i++)
			ok = pl->has_psid && pl->psid == fl->psid[i];
		if (!ok)
			return 0;
	}
	if (fl->nport > 0) {
		for (ok = 0, i = 0; i < fl->nport && !ok; i++)
			ok = pl->btp_port >= 0 && pl->btp_port == fl->port[i];
		if (!ok)
			return 0;
	}
	if (fl->nsrc > 0) {
		for (ok = 0, i = 0; i < fl->nsrc && !ok; i++)
			ok = link_ok && memcmp(lf->src, fl->src[i], 6) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

/* The offsets of a frame's layers (WSMP / GN packet, 1609.2, message);
 * pl is left peeled. */
static int
layers_of(int dlt, struct peel *pl, const uint8_t *p, struct rframe *f,
    struct link_frame *lf)
{
	struct wsmp_hdr		 w;
	struct gn_packet	 g;
	int			 link_ok;

	f->net_off = f->dot2_off = f->msg_off = -1;
	f->net_len = f->dot2_len = f->msg_len = 0;
	peel_frame(pl, dlt, p, f->len, PEEL_LENIENT);
	f->reason = pl->reason;
	if (pl->raw != NULL && pl->raw >= p && pl->raw + pl->raw_len <=
	    p + f->len) {
		f->msg_off = pl->raw - p;
		f->msg_len = pl->raw_len;
	}
	link_ok = link_parse(dlt, p, f->len, lf) == REASON_OK;
	if (link_ok) {
		f->ethertype = lf->ethertype;
		if (lf->ethertype == LINK_ET_WSMP ||
		    lf->ethertype == LINK_ET_GN) {
			f->net_off = lf->payload_off;
			f->net_len = lf->payload_len;
		}
		if (lf->ethertype == LINK_ET_WSMP &&
		    wsmp_parse(lf->payload, lf->payload_len, &w) ==
		    REASON_OK && w.payload_len > 0 && w.payload[0] == 3) {
			f->dot2_off = w.payload - p;
			f->dot2_len = w.payload_len;
		}
		if (lf->ethertype == LINK_ET_GN &&
		    gn_parse(lf->payload, lf->payload_len, &g) == REASON_OK &&
		    g.secured != NULL) {
			f->dot2_off = g.secured - p;
			f->dot2_len = g.secured_len;
		}
	}
	return link_ok;
}

/* Peel one frame once: its type, the offsets of its layers, the filter. */
static void
classify(struct replay *r, struct peel *pl, struct rframe *f)
{
	const uint8_t		*p = (const uint8_t *)r->data.p + f->off;
	struct link_frame	 lf;
	const char		*tname = NULL;
	int			 link_ok;

	link_ok = layers_of(r->dlt, pl, p, f, &lf);
	if (pl->msg.type != NULL)
		tname = msg_type_name(pl->msg.type);
	else if (pl->known_type != NULL)
		tname = pl->known_type;
	f->type = type_index(r, tname != NULL ? tname :
	    pl->reason == REASON_NOT_V2X ? "(not V2X)" : "(undecoded)");
	f->pass = filter_pass(&r->flt, pl, &lf, link_ok, tname);
	peel_clear(pl);
}

static int
load(struct replay *r, const char *path, int64_t *next_start)
{
	char			 ebuf[PCAP_ERRBUF_SIZE];
	pcap_t			*pd;
	struct pcap_pkthdr	*h;
	const u_char		*data;
	struct peel		 pl;
	struct rframe		*f;
	int64_t			 first = -1, shift = 0, last = 0;
	int			 rc, dlt;
	size_t			 n0 = r->nf;

	if ((pd = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, ebuf)) == NULL) {
		log_warnx("%s", ebuf);
		return -1;
	}
	dlt = pcap_datalink(pd);
	if (r->dlt == -1)
		r->dlt = dlt;
	else if (dlt != r->dlt) {
		log_warnx("%s: link type %d, the files before have %d", path,
		    dlt, r->dlt);
		pcap_close(pd);
		return -1;
	}
	peel_init(&pl);
	while ((rc = pcap_next_ex(pd, &h, &data)) == 1) {
		if (r->nf == r->capf) {
			r->capf = r->capf ? r->capf * 2 : 1024;
			if ((f = reallocarray(r->f, r->capf, sizeof(*f))) ==
			    NULL) {
				log_warn("load");
				break;
			}
			r->f = f;
		}
		f = &r->f[r->nf];
		memset(f, 0, sizeof(*f));
		f->ts = (int64_t)h->ts.tv_sec * NS_PER_S + h->ts.tv_usec;
		/* Each file starts where the previous one ended. */
		if (first == -1) {
			first = f->ts;
			if (*next_start != -1)
				shift = *next_start - first;
		}
		f->ts += shift;
		last = f->ts;
		f->off = r->data.len;
		f->len = h->caplen;
		buf_add(&r->data, data, h->caplen);
		r->nf++;
	}
	if (rc == -1)
		log_warnx("%s: %s", path, pcap_geterr(pd));
	pcap_close(pd);
	if (r->data.oom) {
		log_warnx("out of memory");
		peel_free(&pl);
		return -1;
	}
	for (; n0 < r->nf; n0++)
		classify(r, &pl, &r->f[n0]);
	peel_free(&pl);
	if (first != -1)
		*next_start = last + 1000000;	/* 1 ms after the last */
	return rc == -1 ? -1 : 0;
}

/* The bytes of frame f at the chosen layer, or -1 if it has none. */
static int
select_layer(const struct replay *r, const struct rframe *f,
    const uint8_t *b, const uint8_t **p, size_t *n)
{
	int32_t		 off = 0, len = f->len;

	switch (r->layer) {
	case L_DEFAULT:
	case L_FRAME:
		break;
	case L_WSMP:
		if (f->ethertype != LINK_ET_WSMP)
			return -1;
		/* FALLTHROUGH */
	case L_GN:
		if (r->layer == L_GN && f->ethertype != LINK_ET_GN)
			return -1;
		/* FALLTHROUGH */
	case L_NET:
		off = f->net_off, len = f->net_len;
		break;
	case L_DOT2:
		off = f->dot2_off, len = f->dot2_len;
		break;
	case L_MESSAGE:
		off = f->msg_off, len = f->msg_len;
		break;
	}
	if (off < 0)
		return -1;
	*p = b + off;
	*n = len;
	return 0;
}

static void
progress(const struct replay *r, size_t done, size_t total, int64_t t0,
    int64_t now, int64_t span, int end)
{
	double	 el = (now - t0) / 1e9, eta = -1;

	if (span > 0 && !r->max)
		eta = (span - (now - t0)) / 1e9;
	else if (done > 0 && total > 0)
		eta = el * (total - done) / done;
	if (eta < 0)
		eta = 0;
	fprintf(stderr, "\r%zu/%zu frames  %.0f/s  elapsed %.1fs  ETA %.1fs   ",
	    done, total, el > 0 ? done / el : 0.0, el, eta);
	if (end)
		fputc('\n', stderr);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
summary(struct replay *r, int64_t elapsed)
{
	size_t	 i;
	int	 first;

	printf("replay: %zu sent, %zu filtered out, %zu without the layer, "
	    "%zu failed, in %.3f s (%.0f frames/s)\n", r->nsent, r->nfiltered,
	    r->nnolayer, r->nfailed, elapsed / 1e9,
	    elapsed > 0 ? r->nsent / (elapsed / 1e9) : 0.0);
	printf("by type:");
	for (i = 0, first = 1; i < MAXT && r->types[i] != NULL; i++)
		if (r->sent_type[i] > 0) {
			printf("%s %s %zu", first ? "" : ",", r->types[i],
			    r->sent_type[i]);
			first = 0;
		}
	printf("\nby reason:");
	for (i = 0, first = 1; i < REASON_MAX; i++)
		if (r->sent_reason[i] > 0) {
			printf("%s %s %zu", first ? "" : ",",
			    reason_str((enum reason)i), r->sent_reason[i]);
			first = 0;
		}
	printf("\n");
	if (r->nlate > 0) {
		qsort(r->late, r->nlate, sizeof(*r->late), cmp64);
		printf("timing: lateness against the schedule: median %.1f us, "
		    "p99 %.1f us, max %.1f us (%zu sends)\n",
		    r->late[r->nlate / 2] / 1e3,
		    r->late[(size_t)(r->nlate * 0.99)] / 1e3,
		    r->late[r->nlate - 1] / 1e3, r->nlate);
	}
}

/* When each frame goes: pass loop's frame f is due at t0 + (loop *
 * pass_len + f->ts - first) / speed. */
struct sched {
	int64_t	 start;		/* CLOCK_MONOTONIC at the start */
	int64_t	 t0;		/* the same, of the first send */
	int64_t	 first;		/* the first frame's original time */
	int64_t	 base;		/* the time files get for it */
	int64_t	 pass_len;	/* one pass, original ns */
	int64_t	 span;		/* all passes at --speed, ns */
	int	 filewrite;	/* a file: written at once */
	int	 wait;		/* real time: sleep to each deadline */
};

static void
sched_init(const struct replay *r, struct sink *k, struct sched *s)
{
	int64_t	 span;

	memset(s, 0, sizeof(*s));
	s->filewrite = sink_kind(k) == SINK_FILE;
	s->wait = !s->filewrite && !r->max;
	s->first = r->f[0].ts;
	/* Files get the original times, or with --refresh-times now's. */
	s->base = r->rf != NULL ? sim_real_ns() : s->first;
	span = r->f[r->nf - 1].ts - s->first;
	/* The next pass starts one mean gap after the last frame. */
	s->pass_len = span + (r->nf > 1 ? span / (int64_t)(r->nf - 1) : 0);
	s->span = (int64_t)((r->loops ? r->loops : 1) * s->pass_len /
	    r->speed);
	if (s->wait)
		prctl(PR_SET_TIMERSLACK, 1UL);
	s->start = sim_mono_ns();
	s->t0 = s->start + (s->wait ? 20000000 : 0);	/* to settle */
}

static void
sleep_until(int64_t deadline)
{
	struct timespec	 dl;

	dl.tv_sec = deadline / NS_PER_S;
	dl.tv_nsec = deadline % NS_PER_S;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL) ==
	    EINTR && !stop)
		;
}

/* Keep how late a real-time send was, for the summary. */
static void
note_late(struct replay *r, int64_t late)
{
	if (r->nlate == r->caplate) {
		r->caplate = r->caplate ? r->caplate * 2 : 4096;
		r->late = reallocarray(r->late, r->caplate, sizeof(*r->late));
		if (r->late == NULL)
			r->caplate = r->nlate = 0;
	}
	if (r->late != NULL)
		r->late[r->nlate++] = late;
}

/* The layer asked for, in frame f rewritten into tmp (--refresh-times). */
static int
relayer(struct replay *r, const struct rframe *f, const struct buf *tmp,
    const uint8_t **p, size_t *n)
{
	struct rframe		 nf = *f;
	struct link_frame	 lf;

	nf.len = tmp->len;
	layers_of(r->dlt, &r->pl, (const uint8_t *)tmp->p, &nf, &lf);
	peel_clear(&r->pl);
	return select_layer(r, &nf, (const uint8_t *)tmp->p, p, n);
}

/* Frame f of pass loop, at its time: 1 sent, 0 not (counted why). */
static int
send_frame(struct replay *r, struct sink *k, const struct sched *s,
    const struct rframe *f, long loop, struct buf *tmp)
{
	const uint8_t	*fp = (const uint8_t *)r->data.p + f->off, *p;
	size_t		 n;
	int64_t		 off, deadline, wts;

	if (select_layer(r, f, fp, &p, &n) == -1) {
		r->nnolayer++;
		return 0;
	}
	off = (int64_t)((double)(loop * s->pass_len + f->ts - s->first) /
	    r->speed);
	deadline = s->t0 + off;
	if (s->wait)
		sleep_until(deadline);
	wts = s->filewrite ? s->base + off : sim_real_ns();
	if (r->rf != NULL && refresh_frame(r->rf, r->dlt, fp, f->len, wts,
	    tmp) == 0 && relayer(r, f, tmp, &p, &n) == -1) {
		r->nnolayer++;
		return 0;
	}
	if (sink_send(k, p, n, wts) == -1) {
		r->nfailed++;
		return 0;
	}
	if (s->wait)
		note_late(r, sim_mono_ns() - deadline);
	r->nsent++;
	r->sent_type[f->type]++;
	r->sent_reason[f->reason]++;
	return 1;
}

static int
run(struct replay *r, struct sink *k)
{
	struct sched	 s;
	struct buf	 tmp;
	int64_t		 now, last_pg = 0;
	size_t		 i, done = 0, total = 0;
	long		 loop;
	int		 tty = !r->quiet && isatty(2);

	if (r->nf == 0)
		return 0;
	for (i = 0; i < r->nf; i++)
		total += r->f[i].pass;
	total *= r->loops > 0 ? (size_t)r->loops : 1;
	buf_init(&tmp);
	sched_init(r, k, &s);
	for (loop = 0; (r->loops == 0 || loop < r->loops) && !stop; loop++)
		for (i = 0; i < r->nf && !stop; i++) {
			if (!r->f[i].pass) {
				if (loop == 0)
					r->nfiltered++;
				continue;
			}
			if (!send_frame(r, k, &s, &r->f[i], loop, &tmp))
				continue;
			done++;
			if (!tty || (now = sim_mono_ns()) - last_pg <=
			    250000000)
				continue;
			progress(r, done, total, s.t0, now, s.span, 0);
			last_pg = now;
		}
	if (tty)
		progress(r, done, total, s.start, sim_mono_ns(), 0, 1);
	buf_free(&tmp);
	summary(r, sim_mono_ns() - s.start);
	return r->nfailed > 0 ? 1 : 0;
}

/* The options that are not kept in struct replay. */
struct replay_opts {
	const char	*to, *key, *cert;
	int		 resign;
	char		**files;
	int		 nfiles;
};

/* replay_options: go on with the run (else the exit status). */
#define REPLAY_RUN	(-1)

static int
parse_layer(const char *s, enum layer *l)
{
	static const struct {
		const char	*name;
		enum layer	 layer;
	} layers[] = {
		{ "frame", L_FRAME },
		{ "wsmp", L_WSMP },
		{ "gn", L_GN },
		{ "dot2", L_DOT2 },
		{ "message", L_MESSAGE }
	};
	size_t	 i;

	for (i = 0; i < sizeof(layers) / sizeof(layers[0]); i++)
		if (strcmp(s, layers[i].name) == 0) {
			*l = layers[i].layer;
			return 0;
		}
	return -1;
}

/* --rt: the timing of a loaded host, with real-time priority. */
static void
realtime(void)
{
	struct sched_param sp;

	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = 10;
	if (sched_setscheduler(0, SCHED_FIFO, &sp) == -1)
		log_warn("--rt: SCHED_FIFO");
	else if (mlockall(MCL_CURRENT | MCL_FUTURE) == -1)
		log_warn("--rt: mlockall");
}

static int
replay_options(int argc, char **argv, struct replay *r,
    struct replay_opts *o)
{
	static const struct option longopts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "speed", required_argument, NULL, 's' },
		{ "max", no_argument, NULL, 'm' },
		{ "loop", required_argument, NULL, 'l' },
		{ "filter", required_argument, NULL, 'f' },
		{ "layer", required_argument, NULL, 'L' },
		{ "refresh-times", no_argument, NULL, 'R' },
		{ "resign", no_argument, NULL, 'S' },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "rt", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	double	 d;
	int	 ch;

	while ((ch = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 't':
			o->to = optarg;
			break;
		case 's':
			if (sim_parse_double(optarg, 1e-6, 1e9, &r->speed)) {
				log_warnx("--speed: a positive number expected");
				return 2;
			}
			break;
		case 'm':
			r->max = 1;
			break;
		case 'l':
			if (sim_parse_double(optarg, 0, 1e12, &d) ||
			    d != (long)d) {
				log_warnx("--loop: a count expected");
				return 2;
			}
			r->loops = (long)d;
			break;
		case 'f':
			if (parse_filter(&r->flt, optarg) == -1)
				return 2;
			break;
		case 'L':
			if (parse_layer(optarg, &r->layer) == -1) {
				log_warnx("--layer: frame, wsmp, gn, dot2 or "
				    "message");
				return 2;
			}
			break;
		case 'R':
			r->refresh = 1;
			break;
		case 'S':
			o->resign = 1;
			break;
		case 'k':
			o->key = optarg;
			break;
		case 'c':
			o->cert = optarg;
			break;
		case 'q':
			r->quiet = 1;
			break;
		case 'T':
			realtime();
			break;
		case 'h':
			replay_usage(stdout);
			return 0;
		default:
			replay_usage(stderr);
			return 2;
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles == 0 || o->to == NULL) {
		replay_usage(stderr);
		return 2;
	}
	if (o->resign && (o->key == NULL || o->cert == NULL)) {
		log_warnx("--resign needs --key K and --cert C");
		return 2;
	}
	return REPLAY_RUN;
}

/* The files loaded and classified, the rewriter, the layer checked
 * against the destination, and the sink open. */
static struct sink *
replay_setup(struct replay *r, const struct replay_opts *o)
{
	const char	*to = o->to;
	struct sink	*k;
	char		 err[512];
	int64_t		 next_start = -1;
	int		 i, whole;

	msg_init();
	for (i = 0; i < o->nfiles; i++)
		if (load(r, o->files[i], &next_start) == -1)
			return NULL;
	if ((o->resign || r->refresh) && (r->rf = refresh_new(o->resign ?
	    o->key : NULL, o->cert, err, sizeof(err))) == NULL) {
		log_warnx("--resign: %s", err);
		return NULL;
	}
	whole = strncmp(to, "file:", 5) == 0 || strncmp(to, "iface:", 6) == 0;
	if (r->layer != L_DEFAULT && r->layer != L_FRAME && whole) {
		log_warnx("--layer: files and interfaces take whole frames");
		return NULL;
	}
	if (r->layer == L_DEFAULT && !whole)
		r->layer = L_NET;
	if ((k = sink_open(to, r->dlt, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		return NULL;
	}
	return k;
}

static void
replay_free(struct replay *r)
{
	int	 i;

	if (r->rf != NULL)
		refresh_free(r->rf);
	peel_free(&r->pl);
	for (i = 0; i < MAXT && r->types[i] != NULL; i++)
		free((char *)r->types[i]);
	for (i = 0; i < r->flt.ntype; i++)
		free(r->flt.type[i]);
	free(r->f);
	free(r->late);
	buf_free(&r->data);
}

int
replay_main(int argc, char **argv)
{
	struct replay		 r;
	struct replay_opts	 o;
	struct sink		*k;
	int			 rc;

	memset(&r, 0, sizeof(r));
	memset(&o, 0, sizeof(o));
	buf_init(&r.data);
	peel_init(&r.pl);
	r.dlt = -1;
	r.speed = 1;
	r.loops = 1;
	if ((rc = replay_options(argc, argv, &r, &o)) != REPLAY_RUN ||
	    (k = replay_setup(&r, &o)) == NULL) {
		replay_free(&r);
		return rc != REPLAY_RUN ? rc : 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	rc = run(&r, k);
	if (r.rf != NULL)
		refresh_summary(r.rf, stdout);
	if (sink_close(k) == -1) {
		log_warnx("%s: write failed", o.to);
		rc = 1;
	}
	replay_free(&r);
	return rc;
}
