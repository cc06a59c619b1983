/*
 * road.c: the road model: a polyline in WGS-84 with its chainage, lanes in
 * both directions, positions along it and across it.  The default road is
 * a section of the Gyeongbu Expressway (Expressway No. 1, Korea) from the
 * Singal junction near Suwon south past Osan to the Cheonan junction.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define EARTH_R		6371008.8	/* mean radius, metres */
#define DEG		(M_PI / 180.0)

/*
 * Points entered by hand, southbound, at the interchanges and junctions
 * of the Gyeongbu Expressway.  Sources, honestly: the Cheonan junction is
 * the coordinate of Wikipedia's "Cheonan Junction" article (36 deg 46' 07"
 * N, 127 deg 10' 57" E); the others are approximate positions (within a
 * few hundred metres) typed from the author's reading of OpenStreetMap
 * around each named interchange, not a survey and not a traced geometry.
 * Between them the real road curves; here it is straight.  Good enough
 * for plausible positions and headings, not for map matching.
 */
static const struct {
	const char	*name;
	double		 lat, lon;
} gyeongbu[] = {
	{ "Singal JC",		37.2855, 127.1040 },
	{ "Giheung IC",		37.2350, 127.0950 },
	{ "Dongtan (Giheung-Dongtan IC)", 37.2000, 127.0890 },
	{ "Osan IC",		37.1630, 127.0880 },
	{ "Anseong JC",		37.0370, 127.1330 },
	{ "Anseong IC",		37.0050, 127.1460 },
	{ "Bukcheonan IC",	36.8735, 127.1640 },
	{ "Cheonan JC",		36.768639, 127.182389 },
};

double
road_dist(double lat1, double lon1, double lat2, double lon2)
{
	double	 x, y;

	x = (lon2 - lon1) * DEG * cos((lat1 + lat2) / 2 * DEG);
	y = (lat2 - lat1) * DEG;
	return sqrt(x * x + y * y) * EARTH_R;
}

static double
bearing(double lat1, double lon1, double lat2, double lon2)
{
	double	 x, y, h;

	x = (lon2 - lon1) * cos((lat1 + lat2) / 2 * DEG);
	y = lat2 - lat1;
	h = atan2(x, y) / DEG;
	return h < 0 ? h + 360 : h;
}

int
road_default(struct road *r, double km, int lanes)
{
	size_t	 i, n = sizeof(gyeongbu) / sizeof(gyeongbu[0]);
	double	 s = 0, d, want = km * 1000, f;

	memset(r, 0, sizeof(*r));
	if ((r->pt = calloc(n, sizeof(*r->pt))) == NULL)
		return -1;
	r->name = "Gyeongbu Expressway, Singal JC - Cheonan JC (southbound "
	    "chainage)";
	r->lanes = lanes;
	r->lane_w = 3.6;	/* Korean expressway lanes */
	r->elev = 60;
	for (i = 0; i < n; i++) {
		r->pt[i].lat = gyeongbu[i].lat;
		r->pt[i].lon = gyeongbu[i].lon;
		if (i > 0) {
			d = road_dist(r->pt[i - 1].lat, r->pt[i - 1].lon,
			    r->pt[i].lat, r->pt[i].lon);
			if (want > 0 && s + d >= want) {
				/* cut inside this segment */
				f = (want - s) / d;
				r->pt[i].lat = r->pt[i - 1].lat + f *
				    (r->pt[i].lat - r->pt[i - 1].lat);
				r->pt[i].lon = r->pt[i - 1].lon + f *
				    (r->pt[i].lon - r->pt[i - 1].lon);
				d = want - s;
				n = i + 1;
			}
			s += d;
		}
		r->pt[i].s = s;
	}
	r->npt = n;
	r->length = s;
	for (i = 0; i + 1 < n; i++)
		r->pt[i].hdg = bearing(r->pt[i].lat, r->pt[i].lon,
		    r->pt[i + 1].lat, r->pt[i + 1].lon);
	r->pt[n - 1].hdg = r->pt[n - 2].hdg;
	return 0;
}

void
road_free(struct road *r)
{
	free(r->pt);
	r->pt = NULL;
}

#define BLEND	150.0	/* metres either side of a vertex */

/* Heading between a (w = 0) and b (w = 1), the short way round. */
static double
blend(double a, double b, double w)
{
	double	 d = fmod(b - a + 540, 360) - 180, h = a + w * d;

	return h < 0 ? h + 360 : h >= 360 ? h - 360 : h;
}

void
road_pos(const struct road *r, double s, double d, double *lat, double *lon,
    double *hdg)
{
	size_t	 i = 0;
	double	 f, la, lo, h, seg;

	if (s < 0)
		s = 0;
	if (s > r->length)
		s = r->length;
	while (i + 2 < r->npt && r->pt[i + 1].s < s)
		i++;
	seg = r->pt[i + 1].s - r->pt[i].s;
	f = seg > 0 ? (s - r->pt[i].s) / seg : 0;
	la = r->pt[i].lat + f * (r->pt[i + 1].lat - r->pt[i].lat);
	lo = r->pt[i].lon + f * (r->pt[i + 1].lon - r->pt[i].lon);
	h = r->pt[i].hdg;
	/* Near a vertex turn gradually to the bisector, so that a point
	 * off the axis moves continuously round the corner. */
	if (i > 0 && s - r->pt[i].s < BLEND)
		h = blend(r->pt[i - 1].hdg, h, 0.5 + 0.5 * (s - r->pt[i].s) /
		    BLEND);
	else if (i + 2 < r->npt && r->pt[i + 1].s - s < BLEND)
		h = blend(r->pt[i + 1].hdg, h, 0.5 + 0.5 * (r->pt[i + 1].s -
		    s) / BLEND);
	/* d metres to the right of the heading */
	la += d * cos((h + 90) * DEG) / EARTH_R / DEG;
	lo += d * sin((h + 90) * DEG) / (EARTH_R * cos(la * DEG)) / DEG;
	*lat = la;
	*lon = lo;
	*hdg = h;
}
