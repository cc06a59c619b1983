/*
 * sim.h: v2xsim, the replay simulator and synthetic highway traffic
 * generator: the shared types, and the prototypes grouped by the file that
 * defines them.  sim/ uses codecs/ only.
 */
#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "log.h"
#include "rvg.h"

struct sec_signer;

#define NS_PER_S	1000000000LL

/* util.c: clocks, time and options (the log is v2x/app/log.h) */
int64_t		 sim_mono_ns(void);		/* CLOCK_MONOTONIC */
int64_t		 sim_real_ns(void);		/* CLOCK_REALTIME */
/* IEEE 1609.2 Time64 (TAI microseconds) of a POSIX time in ns. */
uint64_t	 sim_tai_us(int64_t unix_ns);
/* A duration or number option: -1 if not a number in [lo, hi]. */
int		 sim_parse_double(const char *, double lo, double hi,
		    double *out);

/* pcapng.c: a small pcapng writer (SHB, one IDB, EPBs; nanosecond
 * timestamps), for output that libpcap's pcap_dump cannot write */
struct pcapng;
struct pcapng	*pcapng_open(const char *path, int dlt, const char *comment,
		    char *err, size_t errlen);
int		 pcapng_write(struct pcapng *, int64_t ts_ns, const uint8_t *,
		    size_t);
/* Flush and close; 0, or -1 if a write failed on the way. */
int		 pcapng_close(struct pcapng *);

/* sink.c: where replayed frames go (--to) */
enum sink_kind {
	SINK_FILE = 0,		/* file:OUT (.pcapng: pcapng, else pcap) */
	SINK_UDP,		/* udp:HOST:PORT */
	SINK_IFACE,		/* iface:NAME (pcap_inject) */
	SINK_ZMQ		/* zmq:ENDPOINT (PUSH), zmq-pub:ENDPOINT */
};
struct sink;
struct sink	*sink_open(const char *spec, int dlt, char *err,
		    size_t errlen);
enum sink_kind	 sink_kind(const struct sink *);
/* Send (or write, with timestamp ts_ns) one frame or packet; 0 or -1. */
int		 sink_send(struct sink *, const uint8_t *, size_t,
		    int64_t ts_ns);
int		 sink_close(struct sink *);

/* refresh.c: --refresh-times, --resign */
struct refresh;
/* key, cert: re-sign with them (NULL: keep the old signatures). */
struct refresh	*refresh_new(const char *key, const char *cert, char *err,
		    size_t errlen);
void		 refresh_free(struct refresh *);
/* Frame p[0..n) of link type dlt with its time fields set to now_ns
 * (UTC ns) into out: 0; 1 nothing to rewrite (out empty); -1 failed. */
int		 refresh_frame(struct refresh *, int dlt, const uint8_t *p,
		    size_t n, int64_t now_ns, struct buf *out);
void		 refresh_summary(const struct refresh *, FILE *);

/* testpki.c: a test PKI (root, AA, ATs) for --sign and --resign */
struct testpki;
struct sec_signer;
int		 testpki_main(int, char **);
int		 testpki_make(const char *dir, uint32_t start, uint32_t days,
		    char *err, size_t errlen);
int		 testpki_time(const char *, uint32_t *t32);
/* The AA of dir, to issue ATs (valid while it is). */
struct testpki	*testpki_load(const char *dir, char *err, size_t errlen);
void		 testpki_free(struct testpki *);
/* Warn when the PKI's certificates do not cover [from, to] (TAI s). */
void		 testpki_check(const struct testpki *, const char *dir,
		    int64_t from, int64_t to);
/* A new key and AT, as a signer. */
struct sec_signer *testpki_signer(struct testpki *, char *err,
		    size_t errlen);

/* replay.c */
int		 replay_main(int, char **);

/* inspect.c */
int		 inspect_main(int, char **);

/* highway.c */
int		 highway_main(int, char **);

/* road.c: the road model, a polyline in WGS-84 with chainage in metres */
struct road_pt {
	double		 lat, lon;	/* degrees */
	double		 s;		/* metres from the first point */
	double		 hdg;		/* degrees from north, towards next */
};
struct road {
	const char	*name;
	struct road_pt	*pt;
	size_t		 npt;
	double		 length;	/* metres */
	double		 lane_w;	/* metres */
	int		 lanes;		/* per direction */
	double		 elev;		/* metres */
};
/* The default road cut to km kilometres (0: all of it); lanes per
 * direction.  0 or -1. */
int		 road_default(struct road *, double km, int lanes);
void		 road_free(struct road *);
/* Position at chainage s (clamped) and lateral offset d (metres, + to
 * the right of the direction of increasing s): lat, lon, heading. */
void		 road_pos(const struct road *, double s, double d,
		    double *lat, double *lon, double *hdg);
/* Distance in metres between two points (equirectangular, local). */
double		 road_dist(double lat1, double lon1, double lat2,
		    double lon2);

/* Probe data (SAE J2735 2020 PDM, PVD): what each RSU's PDM asks, one
 * set for the whole trace (highway.c sends it, the vehicles follow it). */
struct pdm_params {
	int		 sample_start, sample_end;	/* DF_Sample */
	unsigned	 directions;	/* HeadingSlice, bit 15 = slice 0 */
	int		 term_s;	/* term: termtime, seconds */
	int		 speed1, time1;	/* snapshotTime: at or below speed1
					 * (m/s) every time1 s, */
	int		 speed2, time2;	/* at or above speed2 every time2 s */
	int		 tx_s;		/* txInterval, seconds */
	double		 range_m;	/* how far from its RSU it is heard */
};
/* A snapshot as a BSM of the same instant would carry it. */
struct probe_snap {
	int64_t		 ts;		/* ns from the start */
	long		 lat, lon;	/* 1e-7 degrees */
	long		 hdg, spd;	/* 0.0125 degrees, 0.02 m/s */
	double		 hdg_deg;	/* heading, degrees, unrounded */
	unsigned	 events;	/* VehicleEventFlags bits */
	int		 braking, park;
};
#define PROBE_MAXSNAP	32		/* SIZE(1..32) OF Snapshot */
/* A vehicle under a PDM: until when, its next snapshot and PVD. */
struct probe {
	int64_t		 until, snap_next, pvd_next;
	int		 seg;		/* ProbeSegmentNumber of the next PVD */
	size_t		 n;
	struct probe_snap s[PROBE_MAXSNAP];
};

/* traffic.c: vehicles and car following (IDM) */
struct veh {
	uint32_t	 id;		/* TemporaryID, stable for the trace */
	int		 dir;		/* +1 increasing chainage, -1 back */
	int		 lane;		/* 0 = rightmost */
	double		 s;		/* chainage, metres */
	double		 v;		/* m/s */
	double		 a;		/* m/s^2, last step */
	double		 v0;		/* desired speed */
	double		 len, width;	/* metres */
	int		 active;
	int		 stopped_hazard;	/* the stopped vehicle itself */
	int		 msgcnt;
	int64_t		 next_tx;	/* ns from the start */
	uint8_t		 mac[6];
	unsigned	 events;	/* VehicleEventFlags bits */
	int		 hazard_near;	/* within a hazard zone */
	struct sec_signer *signer;	/* --sign: its own AT */
	/* CAM generation (EN 302 637-2 6.1.3): the last CAM's time (-1:
	 * none), state, the current T_GenCam and how many more CAMs keep
	 * it; the last low-frequency container */
	int64_t		 cam_t, cam_lf_t, cam_tgen;
	double		 cam_hdg, cam_lat, cam_lon, cam_v;
	int		 cam_n;
	unsigned	 exempt;	/* 1 << hazard: too close to stop when
					 * the lane closed, drives through */
	struct probe	*probe;		/* --probe: under a PDM, or NULL */
};
struct hazard {
	double		 km;		/* position, km from the start */
	double		 t;		/* seconds from the start */
	int		 dir;		/* direction affected (+1, -1) */
	int		 kind;		/* HAZ_* */
	int		 active;
};
#define HAZ_STOPPED	0
#define HAZ_ROADWORKS	1
#define HAZ_SLOW	2
const char	*hazard_kind_str(int);
int		 hazard_parse(const char *, struct hazard *);

struct traffic {
	const struct road *road;
	struct veh	*v;
	size_t		 nv, cap;
	size_t		 target;	/* vehicles to keep on the road */
	size_t		 total;		/* ever created */
	struct rvg	 rng;
	struct hazard	*hz;
	size_t		 nhz;
	double		 vmax_seen, amin_seen, amax_seen;
};
void		 traffic_init(struct traffic *, const struct road *,
		    size_t target, uint64_t seed, struct hazard *, size_t nhz);
void		 traffic_free(struct traffic *);
/* Place the initial vehicles along the road. */
void		 traffic_populate(struct traffic *);
/* Advance dt seconds at time t (seconds from the start). */
void		 traffic_step(struct traffic *, double t, double dt);
uint64_t	 traffic_rand(struct traffic *);
/* Lateral offset of a lane's centre from the road's axis, metres. */
double		 traffic_lane_offset(const struct road *, int lane);
/* Where a vehicle is: lat, lon (degrees), heading of travel. */
void		 traffic_pos(const struct road *, const struct veh *,
		    double *lat, double *lon, double *hdg);
double		 traffic_uniform(struct traffic *, double lo, double hi);

/* emit.c: messages (J2735 BSM, MAP, TIM over WSMP in 802.11 OCB frames) */
struct emit_ctx {
	const struct road *road;
	struct sec_signer *signer;	/* sign with it when set */
	int64_t		 t0_unix_ns;	/* wall time of t = 0 */
	struct buf	 msg;		/* scratch */
	struct buf	 frame;
	struct buf	 json;
	char		 err[256];
};
void		 emit_init(struct emit_ctx *, const struct road *,
		    int64_t t0_unix_ns);
void		 emit_free(struct emit_ctx *);
/* A BSM of v at t_ns (ns from the start) as an 802.11 OCB frame with
 * radiotap, in e->frame.  0 or -1 (e->err). */
int		 emit_bsm(struct emit_ctx *, const struct veh *, int64_t t_ns);
/* The MAP of the RSU at chainage s (its stretch of road), and a TIM for a
 * hazard, each in e->frame. */
int		 emit_map(struct emit_ctx *, int rsu, double s, int64_t t_ns);
int		 emit_tim(struct emit_ctx *, int rsu, double s,
		    const struct hazard *, int64_t t_ns, int msgcnt);
/* ETSI: a CAM of v (lf: with the low-frequency container), and a DENM of
 * hazard number hz_index from the RSU at chainage s. */
int		 emit_cam(struct emit_ctx *, const struct veh *, int64_t t_ns,
		    int lf);
int		 emit_mapem(struct emit_ctx *, int rsu, double s,
		    int64_t t_ns);
int		 emit_denm(struct emit_ctx *, int rsu, double s,
		    const struct hazard *, int hz_index, int64_t t_ns);
/* J2735 probe data: RSU rsu's PDM (p); v's PVD of its snapshots, sent at
 * t_ns from where v is then.  Each in e->frame, 0 or -1 (e->err). */
int		 emit_pdm(struct emit_ctx *, int rsu, const struct pdm_params *,
		    int64_t t_ns);
int		 emit_pvd(struct emit_ctx *, const struct veh *, int64_t t_ns);
/* The snapshot of v at t_ns (the values of its BSM then). */
void		 emit_snap(const struct emit_ctx *, const struct veh *,
		    int64_t t_ns, struct probe_snap *);
/* Frame link type of what emit_* builds. */
#define EMIT_DLT	127	/* LINKTYPE_IEEE802_11_RADIOTAP */

#endif
