/*
 * traffic.c: vehicles on the road: the Intelligent Driver Model for car
 * following (Treiber, Hennecke, Helbing, Phys. Rev. E 62, 1805, 2000),
 * MOBIL-like lane changes (Kesting, Treiber, Helbing, TRR 1999, 2007),
 * vehicles entering at the ends and leaving at the other, and the hazards
 * (a stopped vehicle, road works closing the right lane, slow traffic).
 * Deterministic for a seed (xoshiro256**).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sec.h"
#include "sim.h"

#define IDM_S0		2.0	/* jam distance, m */
#define IDM_DELTA	4.0
#define A_MIN		-9.0	/* physical braking limit, m/s^2 */
#define MEDIAN		1.5	/* half the median strip, m */
#define ROADWORKS_LEN	300.0	/* closed length of the right lane, m */
#define ZONE_BEFORE	800.0	/* reduced speed before a hazard, m */

/* xoshiro256** seeded by splitmix64: the library's generator, so that a
 * seed gives the same traffic everywhere. */
uint64_t
traffic_rand(struct traffic *t)
{
	return rvg_next(&t->rng);
}

double
traffic_uniform(struct traffic *t, double lo, double hi)
{
	return lo + (hi - lo) * ((traffic_rand(t) >> 11) * 0x1.0p-53);
}

const char *
hazard_kind_str(int k)
{
	switch (k) {
	case HAZ_STOPPED:
		return "stopped";
	case HAZ_ROADWORKS:
		return "roadworks";
	case HAZ_SLOW:
		return "slow";
	}
	return "?";
}

/* KM@SECONDS:KIND[:north|south] */
int
hazard_parse(const char *s, struct hazard *h)
{
	char	 kind[32], dir[16] = "south";
	int	 n;

	memset(h, 0, sizeof(*h));
	if (sscanf(s, "%lf@%lf:%31[a-z]%n", &h->km, &h->t, kind, &n) < 3)
		return -1;
	if (s[n] == ':' && sscanf(s + n + 1, "%15s", dir) != 1)
		return -1;
	else if (s[n] != ':' && s[n] != '\0')
		return -1;
	if (strcmp(kind, "stopped") == 0)
		h->kind = HAZ_STOPPED;
	else if (strcmp(kind, "roadworks") == 0)
		h->kind = HAZ_ROADWORKS;
	else if (strcmp(kind, "slow") == 0)
		h->kind = HAZ_SLOW;
	else
		return -1;
	if (strcmp(dir, "south") == 0)
		h->dir = 1;
	else if (strcmp(dir, "north") == 0)
		h->dir = -1;
	else
		return -1;
	return h->km >= 0 && h->t >= 0 ? 0 : -1;
}

void
traffic_init(struct traffic *t, const struct road *r, size_t target,
    uint64_t seed, struct hazard *hz, size_t nhz)
{
	memset(t, 0, sizeof(*t));
	t->road = r;
	t->target = target;
	t->hz = hz;
	t->nhz = nhz;
	rvg_seed(&t->rng, seed);
	t->amin_seen = 0;
}

void
traffic_free(struct traffic *t)
{
	size_t	 i;

	for (i = 0; i < t->nv; i++) {
		sec_signer_free(t->v[i].signer);
		free(t->v[i].probe);
	}
	free(t->v);
	t->v = NULL;
}

/* Distance travelled along the vehicle's direction. */
static double
xpos(const struct traffic *t, const struct veh *v)
{
	return v->dir > 0 ? v->s : t->road->length - v->s;
}

static void
set_x(const struct traffic *t, struct veh *v, double x)
{
	v->s = v->dir > 0 ? x : t->road->length - x;
}

static struct veh *
new_veh(struct traffic *t)
{
	struct veh	*v, *nv;
	size_t		 i;

	for (i = 0; i < t->nv; i++)
		if (!t->v[i].active)
			break;
	if (i == t->nv) {
		if (t->nv == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 256;
			if ((nv = realloc(t->v, t->cap * sizeof(*nv))) == NULL)
				return NULL;
			t->v = nv;
		}
		memset(&t->v[t->nv], 0, sizeof(*t->v));
		t->nv++;
	}
	v = &t->v[i];
	sec_signer_free(v->signer);	/* of the one that left */
	free(v->probe);
	memset(v, 0, sizeof(*v));
	v->active = 1;
	v->id = (uint32_t)traffic_rand(t);
	for (i = 0; i < 6; i++)
		v->mac[i] = (uint8_t)traffic_rand(t);
	v->mac[0] = (v->mac[0] & 0xfe) | 0x02;	/* local, unicast */
	v->msgcnt = traffic_rand(t) % 128;
	v->next_tx = traffic_rand(t) % 100000000;	/* phase in 100 ms */
	t->total++;
	return v;
}

/* Draw a vehicle: 85 % cars, 15 % trucks (which keep to the right). */
static void
draw_kind(struct traffic *t, struct veh *v)
{
	int	 L = t->road->lanes;

	if (traffic_uniform(t, 0, 1) < 0.15) {
		v->len = traffic_uniform(t, 10, 16);
		v->width = 2.5;
		v->v0 = traffic_uniform(t, 80, 90) / 3.6;
		v->lane = L > 1 ? (int)(traffic_rand(t) % 2) : 0;
	} else {
		v->len = traffic_uniform(t, 4.2, 5.2);
		v->width = traffic_uniform(t, 1.75, 1.95);
		v->v0 = traffic_uniform(t, 95, 120) / 3.6;
		v->lane = (int)(traffic_rand(t) % L);
	}
}

/* Sorted index of vehicles per (direction, lane), by x. */
struct lanes {
	size_t	*idx;		/* all, grouped */
	size_t	 start[2 * 16 + 1];
};

static const struct traffic *sort_t;

static int
cmp_veh(const void *a, const void *b)
{
	const struct veh *x = &sort_t->v[*(const size_t *)a];
	const struct veh *y = &sort_t->v[*(const size_t *)b];
	int	 gx = (x->dir > 0) * 16 + x->lane, gy = (y->dir > 0) * 16 + y->lane;
	double	 px = xpos(sort_t, x), py = xpos(sort_t, y);

	if (gx != gy)
		return gx - gy;
	if (px != py)
		return px < py ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
group(const struct veh *v)
{
	return (v->dir > 0) * 16 + v->lane;
}

static void
lanes_build(struct traffic *t, struct lanes *ln)
{
	size_t	 i, n = 0, g;

	ln->idx = malloc((t->nv + 1) * sizeof(size_t));
	for (i = 0; i < t->nv; i++)
		if (t->v[i].active)
			ln->idx[n++] = i;
	sort_t = t;
	qsort(ln->idx, n, sizeof(size_t), cmp_veh);
	for (g = 0, i = 0; g <= 32; g++) {
		while (i < n && group(&t->v[ln->idx[i]]) < (int)g)
			i++;
		ln->start[g] = i;
	}
}

/* Desired speed at x for a vehicle in direction dir (hazard zones). */
static double
speed_cap(const struct traffic *t, int dir, double x, double now)
{
	double	 cap = 1e9, hx;
	size_t	 i;

	for (i = 0; i < t->nhz; i++) {
		const struct hazard *h = &t->hz[i];

		if (h->dir != dir || now < h->t)
			continue;
		hx = dir > 0 ? h->km * 1000 : t->road->length - h->km * 1000;
		switch (h->kind) {
		case HAZ_ROADWORKS:
			if (x > hx - ZONE_BEFORE && x < hx + ROADWORKS_LEN)
				cap = fmin(cap, 60 / 3.6);
			break;
		case HAZ_SLOW:
			if (x > hx - 1000 && x < hx + 500)
				cap = fmin(cap, 30 / 3.6);
			break;
		case HAZ_STOPPED:
			if (x > hx - 500 && x < hx + 50)
				cap = fmin(cap, 80 / 3.6);
			break;
		}
	}
	return cap;
}

/* A closed stretch in front of x in this lane: the x where it starts. */
static double
obstacle(const struct traffic *t, int dir, int lane, double x, double now,
    unsigned exempt)
{
	double	 best = 1e12, hx;
	size_t	 i;

	for (i = 0; i < t->nhz; i++) {
		const struct hazard *h = &t->hz[i];

		if (h->dir != dir || now < h->t || lane != 0 ||
		    h->kind != HAZ_ROADWORKS || (exempt & (1u << i)))
			continue;
		hx = dir > 0 ? h->km * 1000 : t->road->length - h->km * 1000;
		hx -= ROADWORKS_LEN / 2;
		if (hx >= x && x < hx + ROADWORKS_LEN && hx < best)
			best = hx;
	}
	return best;
}

static double
idm(const struct veh *v, double vcap, double gap, double vlead, double T)
{
	double	 a = 1.2, b = 2.0, v0 = fmin(v->v0, vcap), ss, acc;

	ss = IDM_S0 + fmax(0, v->v * T + v->v * (v->v - vlead) /
	    (2 * sqrt(a * b)));
	if (gap < 0.1)
		gap = 0.1;
	/* Above the desired speed (a new limit), slow down comfortably
	 * rather than by IDM's (v/v0)^4, which is unbounded. */
	acc = fmax(a * (1 - pow(v->v / v0, IDM_DELTA)), -1.5) -
	    a * (ss / gap) * (ss / gap);
	return fmax(acc, A_MIN);
}

/* Gap and speed of the leader in front of x in (dir, lane): a vehicle or
 * a closure; none: a far gap. */
static void
leader(const struct traffic *t, const struct lanes *ln, int dir, int lane,
    double x, size_t self, double now, double *gap, double *vl,
    size_t *lead_i)
{
	int	 g = (dir > 0) * 16 + lane;
	size_t	 lo = ln->start[g], hi = ln->start[g + 1], m;
	double	 ox;

	/* first vehicle with x' > x */
	while (lo < hi) {
		m = (lo + hi) / 2;
		if (xpos(t, &t->v[ln->idx[m]]) <= x)
			lo = m + 1;
		else
			hi = m;
	}
	while (lo < ln->start[g + 1] && ln->idx[lo] == self)
		lo++;
	*gap = 1e4;
	*vl = 50;
	*lead_i = (size_t)-1;
	if (lo < ln->start[g + 1]) {
		const struct veh *l = &t->v[ln->idx[lo]];

		*gap = xpos(t, l) - l->len - x;
		*vl = l->v;
		*lead_i = ln->idx[lo];
	}
	ox = obstacle(t, dir, lane, x, now, self != (size_t)-1 ?
	    t->v[self].exempt : 0);
	if (ox - x < *gap) {
		*gap = ox - x;
		*vl = 0;
		*lead_i = (size_t)-1;
	}
}

/* The follower behind x in (dir, lane), or (size_t)-1. */
static size_t
follower(const struct traffic *t, const struct lanes *ln, int dir, int lane,
    double x)
{
	int	 g = (dir > 0) * 16 + lane;
	size_t	 lo = ln->start[g], hi = ln->start[g + 1], m;

	while (lo < hi) {
		m = (lo + hi) / 2;
		if (xpos(t, &t->v[ln->idx[m]]) < x)
			lo = m + 1;
		else
			hi = m;
	}
	return lo > ln->start[g] ? ln->idx[lo - 1] : (size_t)-1;
}

static double
headway(const struct veh *v)
{
	return v->len > 8 ? 1.8 : 1.4;
}

/* Starting speeds: from the front of each lane backwards, no faster than
 * the vehicle ahead nor than the gap allows, so that nobody starts in an
 * emergency stop. */
static void
settle(struct traffic *t)
{
	struct lanes	 ln;
	size_t		 k;
	int		 g;

	lanes_build(t, &ln);
	for (g = 0; g < 32; g++) {
		double vl = 1e9, xl = 1e12, ll = 0;

		for (k = ln.start[g + 1]; k > ln.start[g]; k--) {
			struct veh *v = &t->v[ln.idx[k - 1]];
			double x = xpos(t, v), gap = xl - ll - x;

			v->v = fmin(v->v0, fmin(vl, fmax(0, (gap - IDM_S0) /
			    headway(v))));
			vl = v->v;
			xl = x;
			ll = v->len;
		}
	}
	free(ln.idx);
}

void
traffic_populate(struct traffic *t)
{
	size_t	 i, per;
	int	 dir, lane, L = t->road->lanes;
	double	 x, spacing;
	struct veh *v;

	per = t->target / (2 * L);
	if (per == 0)
		per = 1;
	spacing = t->road->length / per;
	for (dir = -1; dir <= 1; dir += 2)
		for (lane = 0; lane < L; lane++)
			for (i = 0; i < per; i++) {
				if ((v = new_veh(t)) == NULL)
					return;
				draw_kind(t, v);
				v->dir = dir;
				v->lane = lane;
				x = (i + traffic_uniform(t, 0.1, 0.5)) *
				    spacing;
				set_x(t, v, x);
			}
	settle(t);
}

static void
enter(struct traffic *t, const struct lanes *ln, size_t active, double now)
{
	int	 dir, lane, g, L = t->road->lanes;
	struct veh *v, *first;
	double	 need, vin;

	for (dir = -1; dir <= 1 && active < t->target; dir += 2)
		for (lane = 0; lane < L && active < t->target; lane++) {
			g = (dir > 0) * 16 + lane;
			first = ln->start[g] < ln->start[g + 1] ?
			    &t->v[ln->idx[ln->start[g]]] : NULL;
			vin = first ? fmin(first->v + 2, 30) : 30;
			need = first ? xpos(t, first) - first->len : 1e9;
			if (need < IDM_S0 + 6 + vin * 1.4)
				continue;
			if (traffic_uniform(t, 0, 1) > 0.5)
				continue;	/* spread arrivals */
			if ((v = new_veh(t)) == NULL)
				return;
			draw_kind(t, v);
			v->dir = dir;
			v->lane = lane;
			set_x(t, v, 0);
			v->v = fmin(vin, fmin(v->v0, speed_cap(t, dir, 0,
			    now)));
			active++;
		}
}

/* Hazards that start now: the vehicle in the right lane nearest before
 * the place brakes to a stop (4 m/s^2) and stays there. */
static void
hazards_start(struct traffic *t, double now, double dt)
{
	struct veh	*v, *best;
	size_t		 i, j;
	double		 hx, x, bx;

	for (i = 0; i < t->nhz; i++) {
		struct hazard *h = &t->hz[i];

		if (h->active || now + dt / 2 < h->t)
			continue;
		h->active = 1;
		hx = h->dir > 0 ? h->km * 1000 : t->road->length - h->km * 1000;
		if (h->kind == HAZ_ROADWORKS) {
			/* who cannot stop at 3 m/s^2 before the cones */
			for (j = 0; j < t->nv; j++) {
				v = &t->v[j];
				x = xpos(t, v);
				if (v->active && v->dir == h->dir &&
				    x > hx - ROADWORKS_LEN / 2 - v->v * v->v /
				    6 - 30)
					v->exempt |= 1u << i;
			}
			continue;
		}
		if (h->kind != HAZ_STOPPED)
			continue;
		best = NULL;
		bx = -1;
		for (j = 0; j < t->nv; j++) {
			v = &t->v[j];
			if (!v->active || v->dir != h->dir || v->lane != 0 ||
			    v->stopped_hazard)
				continue;
			x = xpos(t, v);
			if (x <= hx && x > bx) {
				bx = x;
				best = v;
			}
		}
		if (best != NULL) {
			best->stopped_hazard = 1;
			continue;
		}
		if ((v = new_veh(t)) == NULL)	/* nobody there: appears */
			continue;
		v->len = 4.6;
		v->width = 1.85;
		v->dir = h->dir;
		v->lane = 0;
		v->v0 = 1;
		set_x(t, v, hx);
		v->stopped_hazard = 1;
	}
}

void
traffic_step(struct traffic *t, double now, double dt)
{
	struct lanes	 ln;
	double		*acc, gap, vl, x, cap, g2, v2, a_new, a_fol, gain;
	size_t		 i, li, fi, active = 0;
	int		 L = t->road->lanes, tl, d;

	hazards_start(t, now, dt);
	lanes_build(t, &ln);
	acc = calloc(t->nv + 1, sizeof(double));
	for (i = 0; i < t->nv; i++) {
		struct veh *v = &t->v[i];

		if (!v->active)
			continue;
		active++;
		if (v->stopped_hazard) {
			acc[i] = v->v > 0 ? -4 : 0;
			continue;
		}
		x = xpos(t, v);
		cap = speed_cap(t, v->dir, x, now);
		leader(t, &ln, v->dir, v->lane, x, i, now, &gap, &vl, &li);
		acc[i] = idm(v, cap, gap, vl, headway(v));
		/* Lane change, considered about once a second each. */
		if (traffic_rand(t) % 10 != 0 && gap > 60)
			continue;
		for (d = -1; d <= 1; d += 2) {
			tl = v->lane + d;
			if (tl < 0 || tl >= L || (v->len > 8 && tl > 1))
				continue;
			leader(t, &ln, v->dir, tl, x, i, now, &g2, &v2, &li);
			if (g2 < IDM_S0 + 2)
				continue;
			a_new = idm(v, cap, g2, v2, headway(v));
			fi = follower(t, &ln, v->dir, tl, x);
			a_fol = 0;
			if (fi != (size_t)-1) {
				struct veh *f = &t->v[fi];
				double fg = x - v->len - xpos(t, f);

				if (fg < IDM_S0 + 2)
					continue;
				a_fol = idm(f, speed_cap(t, f->dir,
				    xpos(t, f), now), fg, v->v, headway(f));
				if (a_fol < -3)
					continue;	/* unsafe */
			}
			gain = a_new - acc[i] + 0.2 * fmin(a_fol, 0) +
			    (d < 0 ? 0.15 : -0.15);	/* keep right */
			if (gain > 0.3) {
				v->lane = tl;
				acc[i] = a_new;
				break;
			}
		}
	}
	/* Move everyone with the accelerations of the same instant. */
	for (i = 0; i < t->nv; i++) {
		struct veh *v = &t->v[i];
		double nvv;

		if (!v->active)
			continue;
		nvv = v->v + acc[i] * dt;
		if (nvv < 0)
			nvv = 0;
		v->a = (nvv - v->v) / dt;
		x = xpos(t, v) + (v->v + nvv) / 2 * dt;
		v->v = nvv;
		set_x(t, v, x);
		if (x > t->road->length) {
			v->active = 0;	/* left the section */
			active--;
			continue;
		}
		if (v->v > t->vmax_seen)
			t->vmax_seen = v->v;
		if (v->a < t->amin_seen)
			t->amin_seen = v->a;
		if (v->a > t->amax_seen)
			t->amax_seen = v->a;
		v->hazard_near = speed_cap(t, v->dir, x, now) < 1e9;
	}
	free(acc);
	free(ln.idx);
	lanes_build(t, &ln);
	enter(t, &ln, active, now);
	free(ln.idx);
}

double
traffic_lane_offset(const struct road *r, int lane)
{
	return MEDIAN + (r->lanes - lane - 0.5) * r->lane_w;
}

void
traffic_pos(const struct road *r, const struct veh *v, double *lat,
    double *lon, double *hdg)
{
	road_pos(r, v->s, v->dir * traffic_lane_offset(r, v->lane), lat, lon,
	    hdg);
	if (v->dir < 0)
		*hdg = fmod(*hdg + 180, 360);
}
