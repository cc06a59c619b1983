/*
 * emit.c: the messages of the highway trace, SAE J2735 (2020): the BSM
 * (DF_BSMcoreData, Part II VehicleSafetyExtensions with event flags), the
 * MAP of each RSU's stretch of road and the TIM of a hazard; each in WSMP
 * (IEEE 1609.3-2020) in an 802.11 OCB QoS data frame under radiotap, on
 * channel 172 (5860 MHz, BSM) or 180 (5900 MHz, RSU).  And ETSI ITS-G5:
 * the CAM (EN 302 637-2 v1.4.1) and DENM (EN 302 637-3 v1.3.1) in BTP-B
 * (EN 302 636-5-1) in GeoNetworking (EN 302 636-4-1 v1.4.1: SHB for CAMs,
 * a GeoBroadcast circle for DENMs) on channel 180 (5900 MHz, the G5-CCH).
 * Probe data (J2735 PDM from the RSUs, PVD from the vehicles) travels
 * under PSID 0x84 (IEEE 1609.12 mobile probe exchanges) on channel 180.
 * Values are built as JER text and encoded by the library (jer_read_msg,
 * msg_encode); with a signer, IEEE 1609.2 / TS 103 097 signedData.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "btp.h"
#include "gn.h"
#include "jer.h"
#include "link.h"
#include "msg.h"
#include "psid.h"
#include "sec.h"
#include "wsmp.h"
#include "sim.h"

static const uint8_t	 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* TAI microseconds of t_ns from the start. */
static uint64_t
tai_us(const struct emit_ctx *e, int64_t t_ns)
{
	return sim_tai_us(e->t0_unix_ns + t_ns);
}

void
emit_init(struct emit_ctx *e, const struct road *r, int64_t t0_unix_ns)
{
	memset(e, 0, sizeof(*e));
	e->road = r;
	e->t0_unix_ns = t0_unix_ns;
	buf_init(&e->msg);
	buf_init(&e->frame);
	buf_init(&e->json);
}

void
emit_free(struct emit_ctx *e)
{
	buf_free(&e->msg);
	buf_free(&e->frame);
	buf_free(&e->json);
}

/* DSecond: milliseconds within the UTC minute. */
static long
secmark(const struct emit_ctx *e, int64_t t_ns)
{
	int64_t	 ms = (e->t0_unix_ns + t_ns) / 1000000;

	return (long)(ms % 60000);
}

/* MinuteOfTheYear (UTC). */
static long
moy(const struct emit_ctx *e, int64_t t_ns)
{
	time_t		 s = (e->t0_unix_ns + t_ns) / NS_PER_S;
	struct tm	 tm;

	gmtime_r(&s, &tm);
	return ((long)tm.tm_yday * 24 + tm.tm_hour) * 60 + tm.tm_min;
}

static long
lround7(double deg)
{
	return lround(deg * 1e7);
}

/* e->json, a value of type td (NULL: the family's frame, as J2735's
 * MessageFrame), encoded into e->msg. */
static int
json_encode(struct emit_ctx *e, enum msg_family fam,
    struct asn_TYPE_descriptor_s *td)
{
	struct msg	 m;
	enum reason	 r;

	memset(&m, 0, sizeof(m));
	buf_reset(&e->msg);
	if ((r = jer_read_msg(&m, fam, td, e->json.p, e->json.len,
	    e->err, sizeof(e->err))) != REASON_OK)
		return -1;
	r = msg_encode(&m, &e->msg, e->err, sizeof(e->err));
	msg_clear(&m);
	return r == REASON_OK ? 0 : -1;
}

/* p[0..n) as IEEE 1609.2 signedData for psid, generated at the frame's
 * time t_ns, into out. */
static int
sign_at(struct emit_ctx *e, uint64_t psid, int64_t t_ns, const uint8_t *p,
    size_t n, struct buf *out)
{
	struct sec_sign_opts	 so;

	sec_sign_opts_init(&so, psid);
	so.generation_time = tai_us(e, t_ns);
	return sec_sign(e->signer, &so, p, n, out, e->err, sizeof(e->err)) ==
	    REASON_OK ? 0 : -1;
}

/* pkt (of EtherType et) broadcast from src on freq (MHz), in an 802.11
 * OCB frame under radiotap in e->frame. */
static int
link_out(struct emit_ctx *e, const uint8_t src[6], uint16_t et,
    uint16_t freq, uint16_t seq, const struct buf *pkt)
{
	struct link_frame	 lf;

	buf_reset(&e->frame);
	link_init_80211_ocb(&lf, src, bcast, et, 5, freq, 12);
	lf.w.seq = (seq & 0x0fff) << 4;
	lf.payload = (const uint8_t *)pkt->p;
	lf.payload_len = pkt->len;
	if (link_build(&e->frame, &lf) == -1 || e->frame.oom) {
		snprintf(e->err, sizeof(e->err), "link_build failed");
		return -1;
	}
	return 0;
}

/* e->json (a MessageFrame) encoded, signed when e->signer, in WSMP, in a
 * frame in e->frame. */
static int
frame_out(struct emit_ctx *e, uint32_t psid, const uint8_t src[6],
    uint16_t seq, uint16_t freq, uint8_t channel, int64_t t_ns)
{
	struct wsmp_hdr		 w;
	struct buf		 sd, wsm;
	const struct buf	*pay = &e->msg;
	int			 rc = -1;

	if (json_encode(e, FAMILY_J2735, NULL) == -1)
		return -1;
	buf_init(&sd);
	buf_init(&wsm);
	if (e->signer != NULL) {
		if (sign_at(e, psid, t_ns, (const uint8_t *)e->msg.p,
		    e->msg.len, &sd) == -1)
			goto done;
		pay = &sd;
	}
	wsmp_init(&w, psid);
	w.has_channel = 1;
	w.channel = channel;
	w.has_rate = 1;
	w.data_rate = 12;		/* 6 Mb/s */
	w.has_txpower = 1;
	w.tx_power = 20;
	w.payload = (const uint8_t *)pay->p;
	w.payload_len = pay->len;
	if (wsmp_build(&wsm, &w) == -1) {
		snprintf(e->err, sizeof(e->err), "wsmp_build failed");
		goto done;
	}
	rc = link_out(e, src, WSMP_ETHERTYPE, freq, seq, &wsm);
done:
	buf_free(&sd);
	buf_free(&wsm);
	return rc;
}

void
emit_snap(const struct emit_ctx *e, const struct veh *v, int64_t t_ns,
    struct probe_snap *sn)
{
	double	 lat, lon, hdg;
	long	 spd = lround(v->v / 0.02);

	traffic_pos(e->road, v, &lat, &lon, &hdg);
	sn->ts = t_ns;
	sn->lat = lround7(lat);
	sn->lon = lround7(lon);
	sn->hdg = lround(hdg / 0.0125) % 28800;
	sn->hdg_deg = hdg;
	sn->spd = spd > 8190 ? 8190 : spd;
	sn->events = v->events;
	sn->braking = v->a < -1.5;
	sn->park = v->v < 0.01;
}

int
emit_bsm(struct emit_ctx *e, const struct veh *v, int64_t t_ns)
{
	struct probe_snap sn;
	long	 acc;

	emit_snap(e, v, t_ns, &sn);
	acc = lround(v->a * 100);
	if (acc < -2000)
		acc = -2000;
	if (acc > 2000)
		acc = 2000;
	buf_reset(&e->json);
	buf_addf(&e->json, "{\"messageId\":20,\"value\":{\"coreData\":{"
	    "\"msgCnt\":%d,\"id\":\"%08x\",\"secMark\":%ld,\"lat\":%ld,"
	    "\"long\":%ld,\"elev\":%ld,\"accuracy\":{\"semiMajor\":30,"
	    "\"semiMinor\":20,\"orientation\":%ld},\"transmission\":"
	    "\"%s\",\"speed\":%ld,\"heading\":%ld,\"angle\":0,\"accelSet\":"
	    "{\"long\":%ld,\"lat\":0,\"vert\":0,\"yaw\":0},\"brakes\":{"
	    "\"wheelBrakes\":\"%s\",\"traction\":\"off\",\"abs\":\"%s\","
	    "\"scs\":\"off\",\"brakeBoost\":\"off\",\"auxBrakes\":\"off\"},"
	    "\"size\":{\"width\":%ld,\"length\":%ld}}",
	    v->msgcnt, v->id, secmark(e, t_ns), sn.lat, sn.lon,
	    lround(e->road->elev * 10),
	    lround(sn.hdg_deg / 360 * 65535) % 65535,
	    sn.park ? "park" : "forwardGears", sn.spd, sn.hdg, acc,
	    sn.braking ? "78" : "00", v->a < -6 ? "engaged" : "off",
	    lround(v->width * 100), lround(v->len * 100));
	if (v->events != 0) {
		unsigned bits = 0, i;

		/* named bit n is the n-th bit of the string, first first */
		for (i = 0; i < 13; i++)
			if (v->events & (1u << i))
				bits |= 0x8000u >> i;
		buf_addf(&e->json, ",\"partII\":[{\"partII-Id\":0,"
		    "\"partII-Value\":{\"events\":{\"value\":\"%04x\","
		    "\"length\":13}}}]", bits);
	}
	buf_adds(&e->json, "}}");
	return frame_out(e, PSID_BSM, v->mac, (uint16_t)v->msgcnt, 5860, 172,
	    t_ns);
}

static void
rsu_mac(int rsu, uint8_t mac[6])
{
	mac[0] = 0x02;
	mac[1] = 0x52;		/* 'R' */
	mac[2] = 0x53;		/* 'S' */
	mac[3] = 0x55;		/* 'U' */
	mac[4] = (uint8_t)(rsu >> 8);
	mac[5] = (uint8_t)rsu;
}

/* Lat/lon nodes of a lane from chainage a to b (either order). */
static void
lane_nodes(struct emit_ctx *e, double a, double b, double d, int dir)
{
	double	 s, lat, lon, hdg, step = 250;
	int	 n, i, first = 1;

	n = (int)ceil(fabs(b - a) / step);
	if (n < 1)
		n = 1;
	buf_adds(&e->json, "\"nodeList\":{\"nodes\":[");
	for (i = 0; i <= n; i++) {
		s = a + (b - a) * i / n;
		road_pos(e->road, s, d * dir, &lat, &lon, &hdg);
		buf_addf(&e->json, "%s{\"delta\":{\"node-LatLon\":{\"lon\":%ld,"
		    "\"lat\":%ld}}}", first ? "" : ",", lround7(lon),
		    lround7(lat));
		first = 0;
	}
	buf_adds(&e->json, "]}");
}

/* The MapData of the RSU at chainage s, appended to e->json: one
 * "intersection" with a lane per lane and direction over the 2 km around
 * it, as lat/lon nodes. */
static void
map_body(struct emit_ctx *e, int rsu, double s)
{
	double	 lat, lon, hdg, a, b, d;
	int	 dir, lane, id = 1, L = e->road->lanes;

	a = fmax(0, s - 1000);
	b = fmin(e->road->length, s + 1000);
	road_pos(e->road, s, 0, &lat, &lon, &hdg);
	buf_addf(&e->json, "{\"msgIssueRevision\":1,\"layerType\":"
	    "\"roadwaySectionData\",\"intersections\":[{\"id\":{\"id\":%d},"
	    "\"revision\":1,\"refPoint\":{\"lat\":%ld,\"long\":%ld,"
	    "\"elevation\":%ld},\"laneWidth\":%ld,\"laneSet\":[",
	    rsu + 1, lround7(lat), lround7(lon), lround(e->road->elev * 10),
	    lround(e->road->lane_w * 100));
	for (dir = 1; dir >= -1; dir -= 2)
		for (lane = 0; lane < L; lane++) {
			d = traffic_lane_offset(e->road, lane);
			buf_addf(&e->json, "%s{\"laneID\":%d,\"%s\":%d,"
			    "\"laneAttributes\":{\"directionalUse\":\"80\","
			    "\"sharedWith\":\"0000\",\"laneType\":{\"vehicle\":"
			    "{\"value\":\"00\",\"length\":8}}},\"maneuvers\":"
			    "\"8000\",", id > 1 ? "," : "", id,
			    "ingressApproach", dir > 0 ? 1 : 2);
			if (dir > 0)
				lane_nodes(e, a, b, d, dir);
			else
				lane_nodes(e, b, a, d, dir);
			buf_adds(&e->json, "}");
			id++;
		}
	buf_adds(&e->json, "]}]}");
}

int
emit_map(struct emit_ctx *e, int rsu, double s, int64_t t_ns)
{
	uint8_t	 mac[6];

	buf_reset(&e->json);
	buf_adds(&e->json, "{\"messageId\":18,\"value\":");
	map_body(e, rsu, s);
	buf_adds(&e->json, "}");
	rsu_mac(rsu, mac);
	return frame_out(e, PSID_MAP, mac, (uint16_t)(t_ns / NS_PER_S),
	    5900, 180, t_ns);
}

int
emit_tim(struct emit_ctx *e, int rsu, double s, const struct hazard *h,
    int64_t t_ns, int msgcnt)
{
	double	 hs = h->km * 1000, as, lat, lon, hdg, plat, plon, alat, alon;
	int	 i, n = 4;
	long	 start = moy(e, (int64_t)(h->t * NS_PER_S));
	uint8_t	 mac[6];
	const char *content;

	(void)s;
	/* The region: 1 km upstream of the hazard up to it. */
	as = hs - h->dir * 1000;
	if (as < 0)
		as = 0;
	if (as > e->road->length)
		as = e->road->length;
	road_pos(e->road, hs, 0, &lat, &lon, &hdg);
	road_pos(e->road, as, 0, &alat, &alon, &hdg);
	buf_reset(&e->json);
	buf_addf(&e->json, "{\"messageId\":31,\"value\":{\"msgCnt\":%d,"
	    "\"timeStamp\":%ld,\"packetID\":\"4b5253%04x%08x\","
	    "\"dataFrames\":[{\"notUsed\":0,\"frameType\":\"advisory\","
	    "\"msgId\":{\"roadSignID\":{\"position\":{\"lat\":%ld,"
	    "\"long\":%ld},\"viewAngle\":\"ffff\",\"mutcdCode\":\"warning\"}},"
	    "\"startTime\":%ld,\"durationTime\":60,\"priority\":5,"
	    "\"notUsed1\":0,\"regions\":[{\"anchor\":{\"lat\":%ld,\"long\":"
	    "%ld},\"laneWidth\":%ld,\"directionality\":\"forward\","
	    "\"closedPath\":false,\"direction\":\"ffff\",\"description\":{"
	    "\"path\":{\"offset\":{\"xy\":{\"nodes\":[",
	    msgcnt & 127, moy(e, t_ns), rsu & 0xffff,
	    (unsigned)(lround(h->km * 1000) ^ ((unsigned)h->kind << 28)),
	    lround7(lat), lround7(lon), start, lround7(alat), lround7(alon),
	    lround(e->road->lane_w * 100));
	plat = alat;
	plon = alon;
	for (i = 1; i <= n; i++) {
		double ns = as + (hs - as) * i / n, x, y;

		road_pos(e->road, ns, 0, &lat, &lon, &hdg);
		x = (lon - plon) * 111319.49 * cos(lat * M_PI / 180) * 100;
		y = (lat - plat) * 111132.95 * 100;
		buf_addf(&e->json, "%s{\"delta\":{\"node-XY6\":{\"x\":%ld,"
		    "\"y\":%ld}}}", i > 1 ? "," : "", lround(x), lround(y));
		/* the next delta from where this one really ends */
		plat += lround(y) / 100.0 / 111132.95;
		plon += lround(x) / 100.0 / (111319.49 *
		    cos(lat * M_PI / 180));
	}
	switch (h->kind) {
	case HAZ_ROADWORKS:
		content = "\"workZone\":[{\"item\":{\"itis\":1025}},"
		    "{\"item\":{\"text\":\"Lane closed\"}}]";
		break;
	case HAZ_SLOW:
		content = "\"advisory\":[{\"item\":{\"text\":"
		    "\"Slow traffic\"}}]";
		break;
	default:
		content = "\"advisory\":[{\"item\":{\"text\":"
		    "\"Stopped vehicle\"}}]";
		break;
	}
	buf_addf(&e->json, "]}}}}}],\"notUsed2\":0,\"notUsed3\":0,"
	    "\"content\":{%s}}]}}", content);
	rsu_mac(rsu, mac);
	return frame_out(e, PSID_TIM, mac, (uint16_t)msgcnt, 5900, 180, t_ns);
}

/* A FullPositionVector of snapshot sn (the time in UTC, to the
 * millisecond), appended to e->json. */
static void
fpv(struct emit_ctx *e, const struct probe_snap *sn)
{
	int64_t		 ns = e->t0_unix_ns + sn->ts;
	time_t		 t = ns / NS_PER_S;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	buf_addf(&e->json, "{\"utcTime\":{\"year\":%d,\"month\":%d,\"day\":%d,"
	    "\"hour\":%d,\"minute\":%d,\"second\":%ld},\"long\":%ld,"
	    "\"lat\":%ld,\"elevation\":%ld,\"heading\":%ld,\"speed\":{"
	    "\"transmisson\":\"%s\",\"speed\":%ld}}", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    secmark(e, sn->ts), sn->lon, sn->lat, lround(e->road->elev * 10),
	    sn->hdg, sn->park ? "park" : "forwardGears", sn->spd);
}

int
emit_pdm(struct emit_ctx *e, int rsu, const struct pdm_params *p,
    int64_t t_ns)
{
	uint8_t	 mac[6];

	buf_reset(&e->json);
	buf_addf(&e->json, "{\"messageId\":25,\"value\":{\"timeStamp\":%ld,"
	    "\"sample\":{\"sampleStart\":%d,\"sampleEnd\":%d},\"directions\":"
	    "\"%04x\",\"term\":{\"termtime\":%d},\"snapshot\":{\"snapshotTime\":"
	    "{\"speed1\":%d,\"time1\":%d,\"speed2\":%d,\"time2\":%d}},"
	    "\"txInterval\":%d,\"dataElements\":[{\"dataType\":\"lights\"},"
	    "{\"dataType\":\"brakes\"}]}}", moy(e, t_ns), p->sample_start,
	    p->sample_end, p->directions & 0xffff, p->term_s, p->speed1,
	    p->time1, p->speed2, p->time2, p->tx_s);
	rsu_mac(rsu, mac);
	return frame_out(e, PSID_PROBE, mac, (uint16_t)(t_ns / NS_PER_S),
	    5900, 180, t_ns);
}

/* A snapshot with the data the PDM asks for (lights, brakes). */
static void
snapshot(struct emit_ctx *e, const struct probe_snap *sn)
{
	/* ExteriorLights: low beam (0), and hazard lights (4) when on */
	unsigned lights = 0x8000u | (sn->events & 1u ? 0x0800u : 0);

	buf_adds(&e->json, "{\"thePosition\":");
	fpv(e, sn);
	buf_addf(&e->json, ",\"dataSet\":{\"lights\":{\"value\":\"%04x\","
	    "\"length\":9},\"brakeStatus\":{\"wheelBrakes\":\"%s\","
	    "\"traction\":\"off\",\"abs\":\"off\",\"scs\":\"off\","
	    "\"brakeBoost\":\"off\",\"auxBrakes\":\"off\"}}}", lights,
	    sn->braking ? "78" : "00");
}

int
emit_pvd(struct emit_ctx *e, const struct veh *v, int64_t t_ns)
{
	const struct probe *pr = v->probe;
	struct probe_snap now;
	size_t		 i;

	emit_snap(e, v, t_ns, &now);
	buf_reset(&e->json);
	buf_addf(&e->json, "{\"messageId\":26,\"value\":{\"timeStamp\":%ld,"
	    "\"segNum\":%d,\"probeID\":{\"id\":{\"entityID\":\"%08x\"}},"
	    "\"startVector\":", moy(e, t_ns), pr->seg, v->id);
	fpv(e, &now);
	/* DE_BasicVehicleClass: passenger vehicle or truck, type unknown */
	buf_addf(&e->json, ",\"vehicleType\":{\"keyType\":%d},"
	    "\"snapshots\":[", v->len > 8 ? 25 : 10);
	for (i = 0; i < pr->n; i++) {
		if (i > 0)
			buf_adds(&e->json, ",");
		snapshot(e, &pr->s[i]);
	}
	buf_adds(&e->json, "]}}");
	return frame_out(e, PSID_PROBE, v->mac, (uint16_t)pr->seg, 5900, 180,
	    t_ns);
}

/* e->json (an ETSI message of type name) encoded into e->msg. */
static int
etsi_encode(struct emit_ctx *e, const char *name)
{
	struct asn_TYPE_descriptor_s	*td;
	enum msg_family			 fam;

	if ((td = msg_type_find(name, FAMILY_ETSI, &fam)) == NULL ||
	    fam != FAMILY_ETSI) {
		snprintf(e->err, sizeof(e->err), "no ETSI type %s", name);
		return -1;
	}
	return json_encode(e, FAMILY_ETSI, td);
}

/* e->msg in BTP-B to port, in the GeoNetworking packet g (headers set but
 * the payload), signed when e->signer, in an 802.11 frame in e->frame. */
static int
gn_out(struct emit_ctx *e, struct gn_packet *g, uint16_t port,
    uint64_t aid, const uint8_t src[6], uint16_t seq, int64_t t_ns)
{
	struct btp_hdr		 b;
	struct buf		 pay, pkt, inner, sd;
	int			 rc = -1;

	buf_init(&pay);
	buf_init(&pkt);
	buf_init(&inner);
	buf_init(&sd);
	memset(&b, 0, sizeof(b));
	b.type = BTP_B;
	b.dst_port = port;
	b.payload = (const uint8_t *)e->msg.p;
	b.payload_len = e->msg.len;
	if (btp_build(&pay, &b) == -1)
		goto done;
	g->payload = (const uint8_t *)pay.p;
	g->pl = pay.len;
	if (e->signer != NULL) {
		g->bh_nh = GN_BH_SECURED;
		if (gn_build_inner(&inner, g) == -1)
			goto done;
		if (sign_at(e, aid, t_ns, (const uint8_t *)inner.p,
		    inner.len, &sd) == -1)
			goto done;
		g->secured = (const uint8_t *)sd.p;
		g->secured_len = sd.len;
	}
	if (gn_build(&pkt, g) == -1) {
		snprintf(e->err, sizeof(e->err), "gn_build failed");
		goto done;
	}
	rc = link_out(e, src, LINK_ET_GN, 5900, seq, &pkt);
done:
	buf_free(&pay);
	buf_free(&pkt);
	buf_free(&inner);
	buf_free(&sd);
	return rc;
}

static void
gn_init(struct gn_packet *g, int ht, int hst, int station_type,
    const uint8_t mid[6], const struct emit_ctx *e, int64_t t_ns,
    double lat, double lon, double v, double hdg)
{
	memset(g, 0, sizeof(*g));
	g->version = GN_VERSION;
	g->bh_nh = GN_BH_COMMON;
	gn_lifetime_set(g, ht == GN_HT_TSB ? 1000 : 60000);
	g->nh = GN_NH_BTP_B;
	g->ht = ht;
	g->hst = hst;
	g->tc = ht == GN_HT_TSB ? 2 : 1;
	g->flags = station_type == 15 ? 0 : GN_FLAG_MOBILE;
	g->rhl = g->mhl = ht == GN_HT_TSB ? 1 : 3;
	g->so.addr.station_type = station_type;
	memcpy(g->so.addr.mid, mid, 6);
	g->so.tst = (uint32_t)(tai_us(e, t_ns) / 1000);
	g->so.lat = (int32_t)lround7(lat);
	g->so.lon = (int32_t)lround7(lon);
	g->so.pai = 1;
	g->so.speed = (int16_t)fmin(lround(v * 100), 16383);
	g->so.heading = (uint16_t)(lround(hdg * 10) % 3600);
}

int
emit_cam(struct emit_ctx *e, const struct veh *v, int64_t t_ns, int lf)
{
	struct gn_packet g;
	double		 lat, lon, hdg;
	long		 acc = lround(v->a * 10);
	int		 st = v->len > 8 ? 8 : 5;
	unsigned	 lights = 0x80;	/* low beam */

	traffic_pos(e->road, v, &lat, &lon, &hdg);
	if (acc < -160)
		acc = -160;
	if (acc > 160)
		acc = 160;
	if (v->events & 1u)		/* hazard lights: both indicators */
		lights |= 0x30;
	buf_reset(&e->json);
	buf_addf(&e->json, "{\"header\":{\"protocolVersion\":2,"
	    "\"messageID\":2,\"stationID\":%u},\"cam\":{"
	    "\"generationDeltaTime\":%ld,\"camParameters\":{"
	    "\"basicContainer\":{\"stationType\":%d,\"referencePosition\":{"
	    "\"latitude\":%ld,\"longitude\":%ld,\"positionConfidenceEllipse\":"
	    "{\"semiMajorConfidence\":150,\"semiMinorConfidence\":100,"
	    "\"semiMajorOrientation\":%ld},\"altitude\":{\"altitudeValue\":%ld,"
	    "\"altitudeConfidence\":\"unavailable\"}}},"
	    "\"highFrequencyContainer\":{\"basicVehicleContainerHighFrequency\":"
	    "{\"heading\":{\"headingValue\":%ld,\"headingConfidence\":10},"
	    "\"speed\":{\"speedValue\":%ld,\"speedConfidence\":5},"
	    "\"driveDirection\":\"forward\",\"vehicleLength\":{"
	    "\"vehicleLengthValue\":%ld,\"vehicleLengthConfidenceIndication\":"
	    "\"noTrailerPresent\"},\"vehicleWidth\":%ld,"
	    "\"longitudinalAcceleration\":{\"longitudinalAccelerationValue\":"
	    "%ld,\"longitudinalAccelerationConfidence\":10},\"curvature\":{"
	    "\"curvatureValue\":0,\"curvatureConfidence\":\"unavailable\"},"
	    "\"curvatureCalculationMode\":\"yawRateUsed\",\"yawRate\":{"
	    "\"yawRateValue\":0,\"yawRateConfidence\":\"unavailable\"}}}",
	    v->id, (long)((tai_us(e, t_ns) / 1000) % 65536), st,
	    lround7(lat), lround7(lon), lround(hdg * 10) % 3600,
	    lround(e->road->elev * 100), lround(hdg * 10) % 3600,
	    lround(fmin(v->v * 100, 16382)), lround(fmin(v->len * 10, 1022)),
	    lround(fmin(v->width * 10, 61)), acc);
	if (lf)
		buf_addf(&e->json, ",\"lowFrequencyContainer\":{"
		    "\"basicVehicleContainerLowFrequency\":{\"vehicleRole\":"
		    "\"default\",\"exteriorLights\":\"%02x\",\"pathHistory\":"
		    "[]}}", lights);
	buf_adds(&e->json, "}}}");
	if (etsi_encode(e, "CAM") == -1)
		return -1;
	gn_init(&g, GN_HT_TSB, GN_HST_SHB, st, v->mac, e, t_ns, lat, lon,
	    v->v, hdg);
	return gn_out(e, &g, BTP_PORT_CAM, ITS_AID_CAM, v->mac,
	    (uint16_t)v->msgcnt, t_ns);
}

int
emit_mapem(struct emit_ctx *e, int rsu, double s, int64_t t_ns)
{
	struct gn_packet g;
	double		 lat, lon, hdg;
	uint8_t		 mac[6];

	buf_reset(&e->json);
	buf_addf(&e->json, "{\"header\":{\"protocolVersion\":2,"
	    "\"messageID\":5,\"stationID\":%u},\"map\":",
	    0x52530000u | (uint32_t)rsu);
	map_body(e, rsu, s);
	buf_adds(&e->json, "}");
	if (etsi_encode(e, "MAPEM") == -1)
		return -1;
	rsu_mac(rsu, mac);
	road_pos(e->road, s, 0, &lat, &lon, &hdg);
	gn_init(&g, GN_HT_TSB, GN_HST_SHB, 15, mac, e, t_ns, lat, lon, 0, 0);
	return gn_out(e, &g, BTP_PORT_MAPEM, ITS_AID_MAPEM, mac,
	    (uint16_t)(t_ns / NS_PER_S), t_ns);
}

int
emit_denm(struct emit_ctx *e, int rsu, double s, const struct hazard *h,
    int hz_index, int64_t t_ns)
{
	struct gn_packet g;
	double		 lat, lon, hdg, rlat, rlon;
	uint32_t	 station = 0x52530000u | (uint32_t)rsu;
	int		 cause, sub = 0;
	uint8_t		 mac[6];

	switch (h->kind) {
	case HAZ_ROADWORKS:
		cause = 3;		/* roadworks */
		break;
	case HAZ_SLOW:
		cause = 1;		/* trafficCondition */
		sub = 2;		/* trafficJamSlowlyIncreasing */
		break;
	default:
		cause = 94;		/* stationaryVehicle */
		break;
	}
	road_pos(e->road, h->km * 1000, 0, &lat, &lon, &hdg);
	road_pos(e->road, s, 0, &rlat, &rlon, &hdg);
	buf_reset(&e->json);
	buf_addf(&e->json, "{\"header\":{\"protocolVersion\":2,"
	    "\"messageID\":1,\"stationID\":%u},\"denm\":{\"management\":{"
	    "\"actionID\":{\"originatingStationID\":%u,\"sequenceNumber\":%d},"
	    "\"detectionTime\":%llu,\"referenceTime\":%llu,\"eventPosition\":{"
	    "\"latitude\":%ld,\"longitude\":%ld,\"positionConfidenceEllipse\":"
	    "{\"semiMajorConfidence\":500,\"semiMinorConfidence\":500,"
	    "\"semiMajorOrientation\":0},\"altitude\":{\"altitudeValue\":%ld,"
	    "\"altitudeConfidence\":\"unavailable\"}},\"relevanceDistance\":"
	    "\"lessThan1000m\",\"relevanceTrafficDirection\":"
	    "\"upstreamTraffic\",\"validityDuration\":60,"
	    "\"transmissionInterval\":1000,\"stationType\":15},"
	    "\"situation\":{\"informationQuality\":3,\"eventType\":{"
	    "\"causeCode\":%d,\"subCauseCode\":%d}}}}",
	    station, station, hz_index + 1,
	    (unsigned long long)(tai_us(e, (int64_t)(h->t * NS_PER_S)) / 1000),
	    (unsigned long long)(tai_us(e, t_ns) / 1000), lround7(lat),
	    lround7(lon), lround(e->road->elev * 100), cause, sub);
	if (etsi_encode(e, "DENM") == -1)
		return -1;
	rsu_mac(rsu, mac);
	gn_init(&g, GN_HT_GBC, GN_HST_CIRCLE, 15, mac, e, t_ns, rlat, rlon, 0,
	    0);
	g.sn = (uint16_t)(t_ns / NS_PER_S);
	g.area.lat = (int32_t)lround7(lat);
	g.area.lon = (int32_t)lround7(lon);
	g.area.a = 1000;		/* metres around the hazard */
	return gn_out(e, &g, BTP_PORT_DENM, ITS_AID_DENM, mac, g.sn, t_ns);
}
