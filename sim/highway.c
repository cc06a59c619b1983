/*
 * highway.c: "v2xsim highway": a deterministic synthetic expressway trace.
 * Vehicles (traffic.c) on the default road (road.c) send BSMs at 10 Hz
 * (SAE J2735 over WSMP, PSID 0x20; emit.c); RSUs every few kilometres send
 * their MAP at 1 Hz and, while a hazard is on, the nearest RSU a TIM at
 * 1 Hz.  With --probe, each RSU also sends a ProbeDataManagement at 1 Hz
 * and the vehicles that hear it take snapshots and send ProbeVehicleData
 * as it asks (SAE J2735 2020, PSID 0x84).  Output: a capture with
 * per-frame timestamps, and a summary.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "sec.h"
#include "tai.h"
#include "sim.h"

#define MAXHZ		8
#define STEP_NS		100000000LL	/* 100 ms: the BSM period */
#define VEF_HAZARD_LIGHTS	0	/* VehicleEventFlags bits */
#define VEF_HARD_BRAKING	7
#define VEF_DISABLED		11

struct out_frame {
	int64_t		 ts;
	size_t		 off, len;
	uint32_t	 order;
};

struct hw_stats {
	size_t		 bsm, map, tim, cam, denm, frames, failed;
	size_t		 pdm, pvd, snaps;	/* snaps: sent in PVDs */
	size_t		 tim_hz[MAXHZ];
	double		 tim_first[MAXHZ];
	size_t		 events;
};

/* The options, as given. */
struct hw_opts {
	const char	*out;		/* -o */
	const char	*pkidir;	/* --sign */
	double		 km, lanes, nveh, dur, seed, rsu_every;
	int64_t		 t0;		/* wall time of t = 0, UTC ns */
	int		 etsi;		/* --family etsi */
	int		 probe;		/* --probe */
	struct hazard	 hz[MAXHZ];
	size_t		 nhz;
};

/* One step's frames, sent in time order. */
struct batch {
	struct out_frame *f;
	size_t		 n, cap;
	struct buf	 data;
};

/* A run: the road, its traffic and RSUs, and what they have sent. */
struct highway {
	struct hw_opts	 o;
	struct road	 road;
	struct traffic	 tr;
	struct emit_ctx	 em;
	struct hw_stats	 st;
	struct batch	 b;
	struct sink	*k;
	struct testpki	*tp;		/* --sign */
	struct sec_signer **rsu_signer;	/* --sign: one AT per RSU */
	int		*tim_cnt;	/* TIM msgCnt per RSU */
	size_t		 nrsu, peak;
	int64_t		 end;		/* ns from the start */
};

/* hw_options: go on with the run (else the exit status). */
#define HW_RUN		(-1)

static void
highway_usage(FILE *f)
{
	fprintf(f,
"usage: v2xsim highway -o OUT.pcapng [options]\n"
"  -o FILE              output: .pcapng (nanosecond timestamps), else pcap\n"
"  --km N               road length, km (default 10; the default road, the\n"
"                       Gyeongbu Expressway from Singal JC south, has 58)\n"
"  --lanes N            lanes each way (default 3)\n"
"  --vehicles N         vehicles on the road at once (default 400)\n"
"  --duration S         seconds (default 60)\n"
"  --family j2735|etsi  j2735: BSM (10 Hz), MAP, TIM over WSMP; etsi: CAM\n"
"                       (EN 302 637-2 generation rules), DENM over\n"
"                       GeoNetworking/BTP, MAPEM\n"
"  --seed N             random seed (default 1); same seed, same bytes\n"
"  --probe              J2735 probe data: each RSU sends a ProbeData-\n"
"                       Management at 1 Hz; the vehicles within 1 km of it\n"
"                       take snapshots as it asks (every 2 s at or below\n"
"                       10 m/s, every 1 s at or above 25 m/s) and send them\n"
"                       in a ProbeVehicleData every 5 s, for 120 s after\n"
"                       they last heard it\n"
"  --rsu-every KM       RSU spacing (default 2)\n"
"  --hazard KM@S:KIND[:north|south]  from S seconds at km KM: stopped\n"
"                       (a stopped vehicle in the right lane), roadworks\n"
"                       (right lane closed over 300 m), slow (slow traffic)\n"
"  --start TIME|now     wall time of the first frame (RFC 3339; default\n"
"                       now with --sign, so that a signed trace verifies\n"
"                       today, else 2025-06-02T00:00:00Z, so that traces\n"
"                       are reproducible)\n"
"  --sign PKI-DIR       sign every message (IEEE 1609.2), each vehicle and\n"
"                       RSU with its own AT issued by PKI-DIR's AA (see\n"
"                       v2xsim testpki; made there if absent, valid from an\n"
"                       hour before --start for 30 days; a warning if an\n"
"                       existing one does not cover the trace).  Signatures and\n"
"                       keys are random: the same seed no longer gives the\n"
"                       same bytes\n");
}

static int
cmp_frame(const void *a, const void *b)
{
	const struct out_frame *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
batch_add(struct batch *b, int64_t ts, const struct buf *frame)
{
	struct out_frame *nf;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 4096;
		if ((nf = realloc(b->f, b->cap * sizeof(*nf))) == NULL)
			return -1;
		b->f = nf;
	}
	b->f[b->n].ts = ts;
	b->f[b->n].off = b->data.len;
	b->f[b->n].len = frame->len;
	b->f[b->n].order = b->n;
	b->n++;
	buf_add(&b->data, frame->p, frame->len);
	return b->data.oom ? -1 : 0;
}

/* The CAM generation rules of EN 302 637-2 v1.4.1 6.1.3, checked every
 * 100 ms (T_CheckCamGen): a CAM when heading changed by more than 4
 * degrees, position by more than 4 m or speed by more than 0.5 m/s since
 * the last one (and T_GenCam becomes the time since, for N_GenCam = 3
 * CAMs), or when T_GenCam (at first T_GenCamMax, 1 s) has passed. */
static int
cam_due(const struct road *r, struct veh *v, int64_t ts)
{
	double	 lat, lon, hdg, dh;
	int64_t	 dt;
	int	 dyn;

	traffic_pos(r, v, &lat, &lon, &hdg);
	if (v->cam_tgen == 0) {
		v->cam_tgen = NS_PER_S;
		goto due;
	}
	dt = ts - v->cam_t;
	dh = fabs(fmod(hdg - v->cam_hdg + 540, 360) - 180);
	dyn = dh > 4 || road_dist(lat, lon, v->cam_lat, v->cam_lon) > 4 ||
	    fabs(v->v - v->cam_v) > 0.5;
	if (dt >= STEP_NS - 1000000 && dyn) {
		v->cam_tgen = dt < NS_PER_S ? dt : NS_PER_S;
		v->cam_n = 3;
		goto due;
	}
	if (dt >= v->cam_tgen - 1000000) {
		if (v->cam_n > 0 && --v->cam_n == 0)
			v->cam_tgen = NS_PER_S;
		goto due;
	}
	return 0;
due:
	v->cam_t = ts;
	v->cam_hdg = hdg;
	v->cam_lat = lat;
	v->cam_lon = lon;
	v->cam_v = v->v;
	return 1;
}

static void
set_events(struct traffic *t)
{
	size_t	 i;

	for (i = 0; i < t->nv; i++) {
		struct veh *v = &t->v[i];

		if (!v->active)
			continue;
		v->events = 0;
		if (v->stopped_hazard)
			v->events = 1u << VEF_HAZARD_LIGHTS |
			    1u << VEF_DISABLED;
		else {
			if (v->a < -4)
				v->events |= 1u << VEF_HARD_BRAKING;
			/* Drivers warn those behind when they slow down
			 * at a hazard. */
			if (v->hazard_near && (v->v < 40 / 3.6 ||
			    v->a < -2))
				v->events |= 1u << VEF_HAZARD_LIGHTS;
		}
	}
}

/* --start: "now" (to the millisecond) or an RFC 3339 time, as UTC ns. */
static int
hw_start(const char *s, int64_t *t0)
{
	uint64_t	 us;

	if (strcmp(s, "now") == 0)
		*t0 = sim_real_ns() / 1000000 * 1000000;
	else if (tai_parse(s, strlen(s), &us) == 0)
		*t0 = (tai_to_unix(us / 1000000, NULL) * 1000000 +
		    us % 1000000) * 1000;
	else
		return -1;
	return 0;
}

/* A numeric option: -1 if out of its range. */
static int
hw_number(struct hw_opts *o, int ch, const char *arg)
{
	const struct {
		int	 ch;
		double	 lo, hi;
		double	*v;
	} num[] = {
		{ 'k', 0.5, 1000, &o->km },
		{ 'l', 1, 6, &o->lanes },
		{ 'n', 1, 1e6, &o->nveh },
		{ 'd', 0.1, 86400, &o->dur },
		{ 's', 0, 1e18, &o->seed },
		{ 'r', 0.2, 1000, &o->rsu_every }
	};
	size_t	 i;

	for (i = 0; i < sizeof(num) / sizeof(num[0]); i++)
		if (num[i].ch == ch)
			return sim_parse_double(arg, num[i].lo, num[i].hi,
			    num[i].v);
	return -1;
}

static int
hw_options(int argc, char **argv, struct hw_opts *o)
{
	static const struct option longopts[] = {
		{ "km", required_argument, NULL, 'k' },
		{ "lanes", required_argument, NULL, 'l' },
		{ "vehicles", required_argument, NULL, 'n' },
		{ "duration", required_argument, NULL, 'd' },
		{ "family", required_argument, NULL, 'F' },
		{ "seed", required_argument, NULL, 's' },
		{ "rsu-every", required_argument, NULL, 'r' },
		{ "hazard", required_argument, NULL, 'H' },
		{ "start", required_argument, NULL, 'S' },
		{ "sign", required_argument, NULL, 'g' },
		{ "probe", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch, li = 0;

	o->km = 10;
	o->lanes = 3;
	o->nveh = 400;
	o->dur = 60;
	o->seed = 1;
	o->rsu_every = 2;
	o->t0 = -1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, &li)) != -1) {
		switch (ch) {
		case 'o':
			o->out = optarg;
			break;
		case 'k':
		case 'l':
		case 'n':
		case 'd':
		case 's':
		case 'r':
			if (hw_number(o, ch, optarg) == -1 ||
			    o->lanes != floor(o->lanes))
				goto bad;
			break;
		case 'F':
			if (strcmp(optarg, "etsi") == 0)
				o->etsi = 1;
			else if (strcmp(optarg, "j2735") != 0)
				goto bad;
			break;
		case 'H':
			if (o->nhz == MAXHZ ||
			    hazard_parse(optarg, &o->hz[o->nhz]) == -1) {
				log_warnx("--hazard: KM@SECONDS:stopped|"
				    "roadworks|slow[:north|south], at most %d",
				    MAXHZ);
				return 2;
			}
			o->nhz++;
			break;
		case 'S':
			if (hw_start(optarg, &o->t0) == -1)
				goto bad;
			break;
		case 'g':
			o->pkidir = optarg;
			break;
		case 'P':
			o->probe = 1;
			break;
		case 'h':
			highway_usage(stdout);
			return 0;
		default:
			highway_usage(stderr);
			return 2;
		}
	}
	if (o->out == NULL || optind != argc) {
		highway_usage(stderr);
		return 2;
	}
	if (o->probe && o->etsi) {
		log_warnx("--probe: J2735 probe data, not with --family etsi");
		return 2;
	}
	if (o->t0 == -1 && o->pkidir != NULL)
		hw_start("now", &o->t0);	/* certificates valid today */
	else if (o->t0 == -1)
		o->t0 = 1748822400LL * NS_PER_S;	/* 2025-06-02 */
	return HW_RUN;
bad:
	log_warnx("bad value for --%s: %s", longopts[li].name, optarg);
	highway_usage(stderr);
	return 2;
}

/* --sign: the test PKI (made if absent) and an AT for each RSU; the
 * vehicles get theirs when they first send. */
static int
hw_signers(struct highway *h)
{
	const char	*dir = h->o.pkidir;
	char		 path[4096], err[256] = "out of memory";
	size_t		 i;

	snprintf(path, sizeof(path), "%s/aa.key", dir);
	if (access(path, F_OK) == -1 && testpki_make(dir,
	    (uint32_t)(tai_from_unix(h->o.t0 / NS_PER_S) - 3600), 30, err,
	    sizeof(err)) == -1)
		goto fail;
	if ((h->tp = testpki_load(dir, err, sizeof(err))) == NULL)
		goto fail;
	testpki_check(h->tp, dir, tai_from_unix(h->o.t0 / NS_PER_S),
	    tai_from_unix(h->o.t0 / NS_PER_S + (int64_t)h->o.dur + 1));
	if ((h->rsu_signer = calloc(h->nrsu, sizeof(*h->rsu_signer))) == NULL)
		goto fail;
	for (i = 0; i < h->nrsu; i++)
		if ((h->rsu_signer[i] = testpki_signer(h->tp, err,
		    sizeof(err))) == NULL)
			goto fail;
	return 0;
fail:
	log_warnx("--sign: %s", err);
	return -1;
}

static int
hw_setup(struct highway *h)
{
	const struct hw_opts *o = &h->o;
	char		 spec[4096], err[256];
	size_t		 i;

	msg_init();
	if (road_default(&h->road, o->km, (int)o->lanes) == -1) {
		log_warnx("out of memory");
		return -1;
	}
	for (i = 0; i < o->nhz; i++)
		if (o->hz[i].km * 1000 > h->road.length) {
			log_warnx("--hazard: km %.1f beyond the road (%.1f km)",
			    o->hz[i].km, h->road.length / 1000);
			return -1;
		}
	h->nrsu = (size_t)floor(h->road.length / (o->rsu_every * 1000)) + 1;
	if ((h->tim_cnt = calloc(h->nrsu, sizeof(int))) == NULL)
		return -1;
	if (o->pkidir != NULL && hw_signers(h) == -1)
		return -1;
	snprintf(spec, sizeof(spec), "file:%s", o->out);
	if ((h->k = sink_open(spec, EMIT_DLT, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		return -1;
	}
	traffic_init(&h->tr, &h->road, (size_t)o->nveh, (uint64_t)o->seed,
	    h->o.hz, o->nhz);
	traffic_populate(&h->tr);
	emit_init(&h->em, &h->road, o->t0);
	buf_init(&h->b.data);
	h->end = (int64_t)llround(o->dur * NS_PER_S);
	for (i = 0; i < MAXHZ; i++)
		h->st.tim_first[i] = -1;
	return 0;
}

/* What every RSU's PDM asks (--probe). */
static const struct pdm_params pdm = {
	0, 255,			/* sample: every vehicle */
	0xffff,			/* directions: every heading */
	120,			/* termtime */
	10, 2, 25, 1,		/* snapshotTime */
	5,			/* txInterval */
	1000			/* heard within 1 km of its RSU */
};

/* Whether v is one of those p asks: its sample number (from its id, not a
 * random draw, so that the trace without --probe stays as it was) within
 * the sample, its heading in one of the directions. */
static int
probe_asked(const struct highway *h, const struct pdm_params *p,
    const struct veh *v)
{
	double	 lat, lon, hdg;
	int	 sample = (int)((v->id * 2654435761u) >> 24), slice;

	traffic_pos(&h->road, v, &lat, &lon, &hdg);
	slice = (int)(hdg / 22.5) % 16;
	return sample >= p->sample_start && sample <= p->sample_end &&
	    (p->directions & (0x8000u >> slice)) != 0;
}

/* The snapshot interval of snapshotTime at speed v (m/s): time1 at or
 * below speed1, time2 at or above speed2, in between linear; in whole
 * steps, at least one. */
static int64_t
probe_every(const struct pdm_params *p, double v)
{
	double	 s;

	if (v <= p->speed1)
		s = p->time1;
	else if (v >= p->speed2)
		s = p->time2;
	else
		s = p->time1 + (p->time2 - p->time1) * (v - p->speed1) /
		    (p->speed2 - p->speed1);
	return (int64_t)fmax(1, llround(s * NS_PER_S / STEP_NS)) * STEP_NS;
}

/* RSU j at chainage s sends its PDM at ts; the vehicles in range that it
 * asks follow it from their next BSM on, for termtime. */
static void
hw_pdm(struct highway *h, size_t j, double s, int64_t ts)
{
	struct probe	*pr;
	size_t		 i;

	if (emit_pdm(&h->em, (int)j, &pdm, ts) == -1 ||
	    batch_add(&h->b, ts + 2000, &h->em.frame) == -1) {
		log_warnx("PDM: %s", h->em.err);
		h->st.failed++;
		return;
	}
	h->st.pdm++;
	for (i = 0; i < h->tr.nv; i++) {
		struct veh *v = &h->tr.v[i];

		if (!v->active || fabs(v->s - s) > pdm.range_m ||
		    !probe_asked(h, &pdm, v))
			continue;
		if (v->probe == NULL &&
		    (v->probe = calloc(1, sizeof(*v->probe))) == NULL) {
			log_warnx("PDM: out of memory");
			h->st.failed++;
			return;
		}
		pr = v->probe;
		if (pr->until == 0) {	/* not yet under a PDM */
			pr->n = 0;
			pr->snap_next = 0;
			pr->pvd_next = ts + pdm.tx_s * NS_PER_S;
		}
		pr->until = ts + pdm.term_s * NS_PER_S;
	}
}

/* v's PVD of the snapshots it holds, at ts (just after its BSM). */
static void
hw_pvd(struct highway *h, struct veh *v, int64_t ts)
{
	struct probe	*pr = v->probe;

	if (emit_pvd(&h->em, v, ts) == -1 ||
	    batch_add(&h->b, ts + 500, &h->em.frame) == -1) {
		log_warnx("PVD: %s", h->em.err);
		h->st.failed++;
	} else {
		h->st.pvd++;
		h->st.snaps += pr->n;
	}
	pr->seg = (pr->seg + 1) % 32768;
	pr->n = 0;
	pr->pvd_next = ts + pdm.tx_s * NS_PER_S;
}

/* v under a PDM at ts, the time of its BSM: a snapshot when one is due,
 * a PVD every txInterval (or when full); when the term is over, what is
 * left, and no more. */
static void
hw_probe(struct highway *h, struct veh *v, int64_t ts)
{
	struct probe	*pr = v->probe;

	if (pr == NULL || pr->until == 0)
		return;
	if (ts > pr->until) {
		if (pr->n > 0)
			hw_pvd(h, v, ts);
		pr->until = 0;
		return;
	}
	if (ts >= pr->snap_next && pr->n < PROBE_MAXSNAP) {
		emit_snap(&h->em, v, ts, &pr->s[pr->n++]);
		pr->snap_next = ts + probe_every(&pdm, v->v);
	}
	if (pr->n > 0 && (ts >= pr->pvd_next || pr->n == PROBE_MAXSNAP))
		hw_pvd(h, v, ts);
}

/* A vehicle's BSM, or with --family etsi its CAM when one is due, at ts. */
static void
hw_vehicle(struct highway *h, struct veh *v, int64_t ts)
{
	char	 err[256];
	int	 etsi = h->o.etsi, lf, r;

	if (h->tp != NULL && v->signer == NULL &&
	    (v->signer = testpki_signer(h->tp, err, sizeof(err))) == NULL) {
		log_warnx("--sign: %s", err);
		h->st.failed++;
		return;
	}
	h->em.signer = v->signer;
	if (etsi) {
		if (!cam_due(&h->road, v, ts))
			return;
		lf = v->cam_lf_t == 0 ||
		    ts - v->cam_lf_t >= NS_PER_S / 2 - 1000000;
		if (lf)
			v->cam_lf_t = ts > 0 ? ts : 1;
		r = emit_cam(&h->em, v, ts, lf);
	} else
		r = emit_bsm(&h->em, v, ts);
	if (r == -1 || batch_add(&h->b, ts, &h->em.frame) == -1) {
		log_warnx("%s: %s", etsi ? "CAM" : "BSM", h->em.err);
		h->st.failed++;
		return;
	}
	v->msgcnt = (v->msgcnt + 1) % 128;
	if (v->events)
		h->st.events++;
	if (etsi)
		h->st.cam++;
	else
		h->st.bsm++;
	if (h->o.probe)
		hw_probe(h, v, ts);
}

/* Every vehicle on the road in the step from t. */
static void
hw_vehicles(struct highway *h, int64_t t)
{
	size_t	 i, active = 0;
	int64_t	 ts;

	for (i = 0; i < h->tr.nv; i++) {
		struct veh *v = &h->tr.v[i];

		if (!v->active)
			continue;
		active++;
		ts = t + v->next_tx % STEP_NS;
		if (ts < h->end)
			hw_vehicle(h, v, ts);
	}
	if (active > h->peak)
		h->peak = active;
}

/* The RSU that warns of hazard i: the one nearest to it. */
static size_t
hw_near_rsu(const struct highway *h, size_t i)
{
	size_t	 near = (size_t)lround(h->o.hz[i].km / h->o.rsu_every);

	return near < h->nrsu ? near : h->nrsu - 1;
}

/* RSU j's TIM (or DENM) of hazard i at ts; s is the RSU's chainage. */
static void
hw_warn(struct highway *h, size_t j, double s, size_t i, int64_t ts)
{
	struct emit_ctx	*em = &h->em;
	const struct hazard *hz = &h->o.hz[i];
	int		 etsi = h->o.etsi;

	if ((etsi ? emit_denm(em, (int)j, s, hz, (int)i, ts) :
	    emit_tim(em, (int)j, s, hz, ts, h->tim_cnt[j]++)) == -1 ||
	    batch_add(&h->b, ts + 1000, &em->frame) == -1) {
		log_warnx("%s: %s", etsi ? "DENM" : "TIM", em->err);
		h->st.failed++;
		return;
	}
	if (etsi)
		h->st.denm++;
	else
		h->st.tim++;
	h->st.tim_hz[i]++;
	if (h->st.tim_first[i] < 0)
		h->st.tim_first[i] = ts / 1e9;
}

/* RSU j in the step from t: its MAP (or MAPEM) once a second, each RSU
 * in its own tenth, then its warnings of the hazards that are on. */
static void
hw_rsu(struct highway *h, size_t j, int64_t t)
{
	struct emit_ctx	*em = &h->em;
	double		 s;
	int64_t		 ts = t + (int64_t)(j * 37 % 100) * 1000000;
	size_t		 i;

	s = fmin(j * h->o.rsu_every * 1000, h->road.length);
	em->signer = h->rsu_signer ? h->rsu_signer[j] : NULL;
	if ((t / STEP_NS) % 10 != (int64_t)(j % 10) || ts >= h->end)
		return;
	if ((h->o.etsi ? emit_mapem(em, (int)j, s, ts) :
	    emit_map(em, (int)j, s, ts)) == -1 ||
	    batch_add(&h->b, ts, &em->frame) == -1) {
		log_warnx("MAP: %s", em->err);
		h->st.failed++;
	} else
		h->st.map++;
	if (h->o.probe)
		hw_pdm(h, j, s, ts);
	for (i = 0; i < h->o.nhz; i++)
		if (hw_near_rsu(h, i) == j && ts >= h->o.hz[i].t * 1e9)
			hw_warn(h, j, s, i, ts);
}

/* The step's frames in time order to the sink: 0 or -1. */
static int
hw_flush(struct highway *h)
{
	struct batch	*b = &h->b;
	size_t		 i;
	int		 rc = 0;

	qsort(b->f, b->n, sizeof(*b->f), cmp_frame);
	for (i = 0; i < b->n; i++)
		if (sink_send(h->k, (const uint8_t *)b->data.p + b->f[i].off,
		    b->f[i].len, h->o.t0 + b->f[i].ts) == -1) {
			log_warn("%s", h->o.out);
			rc = -1;
			break;
		}
	h->st.frames += b->n;
	return rc;
}

/* The trace, in steps of 100 ms: 0, or 1 if a message or a write failed. */
static int
hw_run(struct highway *h)
{
	int64_t	 t;
	size_t	 j;
	int	 rc = 0;

	for (t = 0; t < h->end && rc == 0; t += STEP_NS) {
		traffic_step(&h->tr, t / 1e9, STEP_NS / 1e9);
		set_events(&h->tr);
		h->b.n = 0;
		buf_reset(&h->b.data);
		hw_vehicles(h, t);
		for (j = 0; j < h->nrsu; j++)
			hw_rsu(h, j, t);
		if (hw_flush(h) == -1)
			rc = 1;
	}
	if (h->st.failed > 0)
		rc = 1;
	if (sink_close(h->k) == -1) {
		log_warnx("%s: write failed", h->o.out);
		rc = 1;
	}
	h->k = NULL;
	return rc;
}

static void
hw_summary(const struct highway *h)
{
	const struct hw_opts *o = &h->o;
	const struct hw_stats *st = &h->st;
	size_t		 i;

	printf("highway: %s, %.1f km, %d lanes each way, %.1f s, seed %.0f\n",
	    h->road.name, h->road.length / 1000, h->road.lanes, o->dur,
	    o->seed);
	printf("road:");
	for (i = 0; i < h->road.npt; i++)
		printf(" %.7f,%.7f", h->road.pt[i].lat, h->road.pt[i].lon);
	printf("\n");
	printf("vehicles: %zu in all, %zu at most at once; RSUs: %zu every "
	    "%.1f km\n", h->tr.total, h->peak, h->nrsu, o->rsu_every);
	if (o->etsi)
		printf("messages: CAM %zu, MAPEM %zu, DENM %zu (%zu frames, "
		    "%zu failed); CAMs with hazard lights %zu\n", st->cam,
		    st->map, st->denm, st->frames, st->failed, st->events);
	else
		printf("messages: BSM %zu, MAP %zu, TIM %zu (%zu frames, %zu "
		    "failed); BSMs with event flags %zu\n", st->bsm, st->map,
		    st->tim, st->frames, st->failed, st->events);
	if (o->probe)
		printf("probe data: PDM %zu, PVD %zu with %zu snapshots\n",
		    st->pdm, st->pvd, st->snaps);
	for (i = 0; i < o->nhz; i++)
		printf("hazard: %s at km %.2f %sbound from %.1f s: RSU %ld, "
		    "%zu %s from %.1f s\n", hazard_kind_str(o->hz[i].kind),
		    o->hz[i].km, o->hz[i].dir > 0 ? "south" : "north",
		    o->hz[i].t, (long)hw_near_rsu(h, i), st->tim_hz[i],
		    o->etsi ? "DENM" : "TIM", st->tim_first[i]);
	printf("dynamics: top speed %.1f m/s, acceleration %.2f .. %.2f "
	    "m/s^2\n", h->tr.vmax_seen, h->tr.amin_seen, h->tr.amax_seen);
}

static void
hw_free(struct highway *h)
{
	size_t	 i;

	if (h->k != NULL)
		sink_close(h->k);
	free(h->b.f);
	buf_free(&h->b.data);
	free(h->tim_cnt);
	for (i = 0; h->rsu_signer != NULL && i < h->nrsu; i++)
		sec_signer_free(h->rsu_signer[i]);
	free(h->rsu_signer);
	testpki_free(h->tp);
	emit_free(&h->em);
	traffic_free(&h->tr);
	road_free(&h->road);
}

int
highway_main(int argc, char **argv)
{
	struct highway	 h;
	int		 rc;

	memset(&h, 0, sizeof(h));
	if ((rc = hw_options(argc, argv, &h.o)) != HW_RUN)
		return rc;
	if (hw_setup(&h) == -1) {
		hw_free(&h);
		return 2;
	}
	rc = hw_run(&h);
	hw_summary(&h);
	hw_free(&h);
	return rc;
}
