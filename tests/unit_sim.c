/*
 * unit_sim.c: unit tests of the simulator's building blocks, linked from
 * sim/'s objects: the pcapng writer (read back by libpcap, bytes and nanosecond
 * timestamps), the road (the default polyline's length, positions that
 * move continuously round its vertices), the traffic model (over minutes
 * with every kind of hazard: no vehicle overlaps the one ahead in its
 * lane, speeds and accelerations stay physical, chainage on the road) and
 * the --hazard syntax.  PASS/FAIL lines.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "check.h"
#include "sim.h"

static void
test_pcapng(void)
{
	char			 path[] = "/tmp/unit_sim.XXXXXX", err[256];
	char			 ebuf[PCAP_ERRBUF_SIZE], why[256] = "";
	struct pcapng		*w;
	pcap_t			*pd;
	struct pcap_pkthdr	*h;
	const u_char		*d;
	uint8_t			 f[300];
	int64_t			 ts[100];
	size_t			 len[100], i, n = 0;
	int			 fd, bad = 0;

	if ((fd = mkstemp(path)) == -1) {
		report("pcapng_roundtrip", 1, "mkstemp");
		return;
	}
	close(fd);
	if ((w = pcapng_open(path, 127, "unit", err, sizeof(err))) == NULL) {
		report("pcapng_roundtrip", 1, err);
		return;
	}
	for (i = 0; i < 100; i++) {
		ts[i] = 1748822400123456789LL + (int64_t)i * 100000007;
		len[i] = 1 + i * 3 % 297;
		memset(f, (int)i, len[i]);
		pcapng_write(w, ts[i], f, len[i]);
	}
	if (pcapng_close(w) == -1)
		bad = 1;
	pd = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (pd == NULL) {
		report("pcapng_roundtrip", 1, ebuf);
		return;
	}
	if (pcap_datalink(pd) != 127)
		bad = 1, snprintf(why, sizeof(why), "link type %d",
		    pcap_datalink(pd));
	while (pcap_next_ex(pd, &h, &d) == 1 && n < 100) {
		memset(f, (int)n, len[n]);
		if (h->caplen != len[n] || memcmp(d, f, len[n]) != 0 ||
		    (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec !=
		    ts[n]) {
			bad = 1;
			snprintf(why, sizeof(why), "frame %zu differs", n);
		}
		n++;
	}
	if (n != 100)
		bad = 1, snprintf(why, sizeof(why), "%zu frames", n);
	pcap_close(pd);
	unlink(path);
	report("pcapng_roundtrip", bad, why);
}

static void
test_road(void)
{
	struct road	 r;
	double		 s, lat, lon, hdg, plat, plon, d, worst = 0;
	char		 why[128];
	int		 side;

	road_default(&r, 0, 3);
	snprintf(why, sizeof(why), "%.1f km", r.length / 1000);
	report("road_default_length", r.length < 50000 || r.length > 65000,
	    why);
	road_pos(&r, 0, 0, &lat, &lon, &hdg);
	report("road_starts_at_singal", fabs(lat - 37.2855) > 1e-9 ||
	    fabs(lon - 127.104) > 1e-9, "first point");
	for (side = -1; side <= 1; side += 2) {
		road_pos(&r, 0, side * 12.3, &plat, &plon, &hdg);
		for (s = 1; s <= r.length; s += 1) {
			road_pos(&r, s, side * 12.3, &lat, &lon, &hdg);
			d = road_dist(plat, plon, lat, lon);
			if (d > worst)
				worst = d;
			plat = lat;
			plon = lon;
		}
	}
	snprintf(why, sizeof(why), "a 1 m step moved %.2f m", worst);
	report("road_offset_continuous", worst > 1.2, why);
	road_free(&r);
	road_default(&r, 10, 2);
	snprintf(why, sizeof(why), "%.3f km", r.length / 1000);
	report("road_cut_to_km", fabs(r.length - 10000) > 0.5, why);
	road_free(&r);
}

static int
cmp_x(const void *a, const void *b)
{
	const struct veh *x = *(struct veh * const *)a;
	const struct veh *y = *(struct veh * const *)b;
	double	 px = x->dir > 0 ? x->s : -x->s, py = y->dir > 0 ? y->s : -y->s;

	if (x->dir != y->dir)
		return x->dir - y->dir;
	if (x->lane != y->lane)
		return x->lane - y->lane;
	return px < py ? -1 : px > py;
}

static void
test_traffic(void)
{
	struct road	 r;
	struct traffic	 t;
	struct hazard	 hz[3];
	struct veh	**o;
	char		 why[256] = "";
	double		 now;
	size_t		 i, n, step, overlaps = 0, bad_v = 0, bad_s = 0;
	size_t		 stopped = 0;

	road_default(&r, 10, 3);
	hazard_parse("3@20:stopped", &hz[0]);
	hazard_parse("6@10:roadworks:north", &hz[1]);
	hazard_parse("8@30:slow", &hz[2]);
	traffic_init(&t, &r, 600, 42, hz, 3);
	traffic_populate(&t);
	o = calloc(4096, sizeof(*o));
	for (step = 0; step < 1200; step++) {	/* two minutes */
		now = step * 0.1;
		traffic_step(&t, now, 0.1);
		for (i = 0, n = 0; i < t.nv && n < 4096; i++)
			if (t.v[i].active)
				o[n++] = &t.v[i];
		qsort(o, n, sizeof(*o), cmp_x);
		for (i = 0; i < n; i++) {
			struct veh *v = o[i];

			if (v->v < 0 || v->v > 45 || v->a < -9.0001 ||
			    v->a > 3) {
				bad_v++;
				snprintf(why, sizeof(why), "v %.2f a %.2f",
				    v->v, v->a);
			}
			if (v->s < -0.001 || v->s > r.length + 60)
				bad_s++;
			if (v->stopped_hazard && v->v == 0)
				stopped = 1;
			if (i + 1 < n && o[i + 1]->dir == v->dir &&
			    o[i + 1]->lane == v->lane &&
			    fabs(o[i + 1]->s - v->s) < o[i + 1]->len - 0.01)
				overlaps++;	/* o[i + 1] is ahead */
		}
	}
	report("traffic_physical", bad_v > 0, why);
	snprintf(why, sizeof(why), "%zu vehicle-steps overlap", overlaps);
	report("traffic_no_overlap", overlaps > 0, why);
	report("traffic_on_road", bad_s > 0, "chainage off the road");
	report("traffic_hazard_stops_a_vehicle", !stopped, "none stopped");
	snprintf(why, sizeof(why), "%zu entered in all", t.total);
	report("traffic_vehicles_enter", t.total <= 600, why);
	free(o);
	traffic_free(&t);
	road_free(&r);
}

static void
test_hazard_parse(void)
{
	struct hazard	 h;
	int		 bad = 0;

	bad |= hazard_parse("5@20:stopped", &h) != 0 || h.km != 5 ||
	    h.t != 20 || h.kind != HAZ_STOPPED || h.dir != 1;
	bad |= hazard_parse("1.5@0.5:roadworks:north", &h) != 0 ||
	    h.kind != HAZ_ROADWORKS || h.dir != -1;
	bad |= hazard_parse("2@3:slow", &h) != 0 || h.kind != HAZ_SLOW;
	bad |= hazard_parse("2@3:fire", &h) == 0;
	bad |= hazard_parse("2:slow", &h) == 0;
	bad |= hazard_parse("2@3:slow:east", &h) == 0;
	bad |= hazard_parse("-1@3:slow", &h) == 0;
	bad |= hazard_parse("2@3:slowx", &h) == 0;
	report("hazard_parse", bad, "a string parsed wrong");
}

int
main(void)
{
	test_pcapng();
	test_road();
	test_traffic();
	test_hazard_parse();
	return check_exit();
}
