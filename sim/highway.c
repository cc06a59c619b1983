/*
 * highway.c: "v2xsim highway": a deterministic synthetic expressway trace.
 * Vehicles (traffic.c) on the default road (road.c) send BSMs at 10 Hz
 * (SAE J2735 over WSMP, PSID 0x20; emit.c); RSUs every few kilometres send
 * their MAP at 1 Hz and, while a hazard is on, the nearest RSU a TIM at
 * 1 Hz.  Output: a capture with per-frame timestamps, and a summary.
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
	size_t		 tim_hz[MAXHZ];
	double		 tim_first[MAXHZ];
	size_t		 events;
};

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
"  --rsu-every KM       RSU spacing (default 2)\n"
"  --hazard KM@S:KIND[:north|south]  from S seconds at km KM: stopped\n"
"                       (a stopped vehicle in the right lane), roadworks\n"
"                       (right lane closed over 300 m), slow (slow traffic)\n"
"  --start TIME|now     wall time of the first frame (RFC 3339; default\n"
"                       2025-06-02T00:00:00Z, so traces are reproducible)\n"
"  --sign PKI-DIR       sign every message (IEEE 1609.2), each vehicle and\n"
"                       RSU with its own AT issued by PKI-DIR's AA (see\n"
"                       v2xsim testpki; made there if absent, valid from an\n"
"                       hour before --start for 30 days).  Signatures and\n"
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

struct batch {
	struct out_frame *f;
	size_t		 n, cap;
	struct buf	 data;
};

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

int
highway_main(int argc, char **argv)
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct road	 road;
	struct traffic	 tr;
	struct emit_ctx	 em;
	struct hazard	 hz[MAXHZ];
	struct hw_stats	 st;
	struct batch	 b;
	struct sink	*k;
	const char	*out = NULL, *pkidir = NULL;
	struct testpki	*tp = NULL;
	struct sec_signer **rsu_signer = NULL;
	char		 spec[4096], err[256];
	double		 km = 10, lanes = 3, nveh = 400, dur = 60, seed = 1,
			 rsu_every = 2, d;
	int64_t		 t0 = 1748822400LL * NS_PER_S;	/* 2025-06-02 */
	int64_t		 t, end, ts;
	uint64_t	 us;
	size_t		 nhz = 0, i, j, nrsu, peak = 0, active;
	int		 ch, rc = 0, *tim_cnt, etsi = 0, li = 0;

	memset(&st, 0, sizeof(st));
	while ((ch = getopt_long(argc, argv, "o:h", longopts, &li)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'k':
			if (sim_parse_double(optarg, 0.5, 1000, &km))
				goto bad;
			break;
		case 'l':
			if (sim_parse_double(optarg, 1, 6, &lanes) ||
			    lanes != floor(lanes))
				goto bad;
			break;
		case 'n':
			if (sim_parse_double(optarg, 1, 1e6, &nveh))
				goto bad;
			break;
		case 'd':
			if (sim_parse_double(optarg, 0.1, 86400, &dur))
				goto bad;
			break;
		case 's':
			if (sim_parse_double(optarg, 0, 1e18, &seed))
				goto bad;
			break;
		case 'r':
			if (sim_parse_double(optarg, 0.2, 1000, &rsu_every))
				goto bad;
			break;
		case 'F':
			if (strcmp(optarg, "etsi") == 0)
				etsi = 1;
			else if (strcmp(optarg, "j2735") != 0)
				goto bad;
			break;
		case 'H':
			if (nhz == MAXHZ || hazard_parse(optarg, &hz[nhz]) ==
			    -1) {
				log_warnx("--hazard: KM@SECONDS:stopped|"
				    "roadworks|slow[:north|south], at most %d",
				    MAXHZ);
				return 2;
			}
			nhz++;
			break;
		case 'S':
			if (strcmp(optarg, "now") == 0)
				t0 = sim_real_ns() / 1000000 * 1000000;
			else if (tai_parse(optarg, strlen(optarg), &us) == 0)
				t0 = (tai_to_unix(us / 1000000, NULL) *
				    1000000 + us % 1000000) * 1000;
			else
				goto bad;
			break;
		case 'g':
			pkidir = optarg;
			break;
		case 'h':
			highway_usage(stdout);
			return 0;
		default:
			highway_usage(stderr);
			return 2;
		}
	}
	if (out == NULL || optind != argc) {
		highway_usage(stderr);
		return 2;
	}
	msg_init();
	if (road_default(&road, km, (int)lanes) == -1) {
		log_warnx("out of memory");
		return 2;
	}
	for (i = 0; i < nhz; i++)
		if (hz[i].km * 1000 > road.length) {
			log_warnx("--hazard: km %.1f beyond the road (%.1f km)",
			    hz[i].km, road.length / 1000);
			return 2;
		}
	nrsu = (size_t)floor(road.length / (rsu_every * 1000)) + 1;
	if ((tim_cnt = calloc(nrsu, sizeof(int))) == NULL)
		return 2;
	if (pkidir != NULL) {
		snprintf(spec, sizeof(spec), "%s/aa.key", pkidir);
		if (access(spec, F_OK) == -1 && testpki_make(pkidir,
		    (uint32_t)(tai_from_unix(t0 / NS_PER_S) - 3600), 30, err,
		    sizeof(err)) == -1) {
			log_warnx("--sign: %s", err);
			return 2;
		}
		if ((tp = testpki_load(pkidir, err, sizeof(err))) == NULL ||
		    (rsu_signer = calloc(nrsu, sizeof(*rsu_signer))) == NULL) {
			log_warnx("--sign: %s", err);
			return 2;
		}
		for (i = 0; i < nrsu; i++)
			if ((rsu_signer[i] = testpki_signer(tp, err,
			    sizeof(err))) == NULL) {
				log_warnx("--sign: %s", err);
				return 2;
			}
	}
	snprintf(spec, sizeof(spec), "file:%s", out);
	if ((k = sink_open(spec, EMIT_DLT, err, sizeof(err))) == NULL) {
		log_warnx("%s", err);
		return 2;
	}
	traffic_init(&tr, &road, (size_t)nveh, (uint64_t)seed, hz, nhz);
	traffic_populate(&tr);
	emit_init(&em, &road, t0);
	memset(&b, 0, sizeof(b));
	buf_init(&b.data);
	end = (int64_t)llround(dur * NS_PER_S);
	for (i = 0; i < MAXHZ; i++)
		st.tim_first[i] = -1;
	for (t = 0; t < end && rc == 0; t += STEP_NS) {
		traffic_step(&tr, t / 1e9, STEP_NS / 1e9);
		set_events(&tr);
		b.n = 0;
		buf_reset(&b.data);
		for (i = 0, active = 0; i < tr.nv; i++) {
			struct veh *v = &tr.v[i];

			if (!v->active)
				continue;
			active++;
			ts = t + v->next_tx % STEP_NS;
			if (ts >= end)
				continue;
			if (tp != NULL && v->signer == NULL &&
			    (v->signer = testpki_signer(tp, err,
			    sizeof(err))) == NULL) {
				log_warnx("--sign: %s", err);
				st.failed++;
				continue;
			}
			em.signer = v->signer;
			if (etsi) {
				int lf;

				if (!cam_due(&road, v, ts))
					continue;
				lf = v->cam_lf_t == 0 ||
				    ts - v->cam_lf_t >= NS_PER_S / 2 - 1000000;
				if (lf)
					v->cam_lf_t = ts > 0 ? ts : 1;
				if (emit_cam(&em, v, ts, lf) == -1 ||
				    batch_add(&b, ts, &em.frame) == -1) {
					log_warnx("CAM: %s", em.err);
					st.failed++;
					continue;
				}
				v->msgcnt = (v->msgcnt + 1) % 128;
				if (v->events)
					st.events++;
				st.cam++;
				continue;
			}
			if (emit_bsm(&em, v, ts) == -1 ||
			    batch_add(&b, ts, &em.frame) == -1) {
				log_warnx("BSM: %s", em.err);
				st.failed++;
				continue;
			}
			v->msgcnt = (v->msgcnt + 1) % 128;
			if (v->events)
				st.events++;
			st.bsm++;
		}
		if (active > peak)
			peak = active;
		/* RSUs: MAP once a second, TIM of active hazards. */
		for (j = 0; j < nrsu; j++) {
			double s = fmin(j * rsu_every * 1000, road.length);

			ts = t + (int64_t)(j * 37 % 100) * 1000000;
			em.signer = rsu_signer ? rsu_signer[j] : NULL;
			if ((t / STEP_NS) % 10 != (int64_t)(j % 10) ||
			    ts >= end)
				continue;
			if ((etsi ? emit_mapem(&em, (int)j, s, ts) :
			    emit_map(&em, (int)j, s, ts)) == -1 ||
			    batch_add(&b, ts, &em.frame) == -1) {
				log_warnx("MAP: %s", em.err);
				st.failed++;
			} else
				st.map++;
			for (i = 0; i < nhz; i++) {
				size_t near = (size_t)lround(hz[i].km /
				    rsu_every);

				if (near >= nrsu)
					near = nrsu - 1;
				if (near != j || ts < hz[i].t * 1e9)
					continue;
				if ((etsi ? emit_denm(&em, (int)j, s, &hz[i],
				    (int)i, ts) : emit_tim(&em, (int)j, s,
				    &hz[i], ts, tim_cnt[j]++)) == -1 ||
				    batch_add(&b, ts + 1000, &em.frame) == -1) {
					log_warnx("%s: %s", etsi ? "DENM" :
					    "TIM", em.err);
					st.failed++;
					continue;
				}
				if (etsi)
					st.denm++;
				else
					st.tim++;
				st.tim_hz[i]++;
				if (st.tim_first[i] < 0)
					st.tim_first[i] = ts / 1e9;
			}
		}
		qsort(b.f, b.n, sizeof(*b.f), cmp_frame);
		for (i = 0; i < b.n; i++)
			if (sink_send(k, (const uint8_t *)b.data.p + b.f[i].off,
			    b.f[i].len, t0 + b.f[i].ts) == -1) {
				log_warn("%s", out);
				rc = 1;
				break;
			}
		st.frames += b.n;
	}
	if (st.failed > 0)
		rc = 1;
	if (sink_close(k) == -1) {
		log_warnx("%s: write failed", out);
		rc = 1;
	}
	printf("highway: %s, %.1f km, %d lanes each way, %.1f s, seed %.0f\n",
	    road.name, road.length / 1000, road.lanes, dur, seed);
	printf("road:");
	for (i = 0; i < road.npt; i++)
		printf(" %.7f,%.7f", road.pt[i].lat, road.pt[i].lon);
	printf("\n");
	printf("vehicles: %zu in all, %zu at most at once; RSUs: %zu every "
	    "%.1f km\n", tr.total, peak, nrsu, rsu_every);
	if (etsi)
		printf("messages: CAM %zu, MAPEM %zu, DENM %zu (%zu frames, "
		    "%zu failed); CAMs with hazard lights %zu\n", st.cam,
		    st.map, st.denm, st.frames, st.failed, st.events);
	else
		printf("messages: BSM %zu, MAP %zu, TIM %zu (%zu frames, %zu "
		    "failed); BSMs with event flags %zu\n", st.bsm, st.map,
		    st.tim, st.frames, st.failed, st.events);
	for (i = 0; i < nhz; i++) {
		d = st.tim_first[i];
		printf("hazard: %s at km %.2f %sbound from %.1f s: RSU %ld, "
		    "%zu %s from %.1f s\n", hazard_kind_str(hz[i].kind),
		    hz[i].km, hz[i].dir > 0 ? "south" : "north", hz[i].t,
		    lround(hz[i].km / rsu_every) < (long)nrsu ?
		    lround(hz[i].km / rsu_every) : (long)nrsu - 1,
		    st.tim_hz[i], etsi ? "DENM" : "TIM", d);
	}
	printf("dynamics: top speed %.1f m/s, acceleration %.2f .. %.2f "
	    "m/s^2\n", tr.vmax_seen, tr.amin_seen, tr.amax_seen);
	free(b.f);
	buf_free(&b.data);
	free(tim_cnt);
	for (i = 0; rsu_signer != NULL && i < nrsu; i++)
		sec_signer_free(rsu_signer[i]);
	free(rsu_signer);
	testpki_free(tp);
	emit_free(&em);
	traffic_free(&tr);
	road_free(&road);
	return rc;
bad:
	log_warnx("bad value for --%s: %s", longopts[li].name, optarg);
	highway_usage(stderr);
	return 2;
}
