/*
 * wrap.c: envelopes for 'v2x encode': WSMP (IEEE 1609.3) with an optional
 * IEEE 1609.2 unsecuredData, GeoNetworking (EN 302 636-4-1) SHB or
 * circular GBC with BTP-B (EN 302 636-5-1, port by message type), and
 * Ethernet or 802.11 OCB (radiotap) frames.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <pcap/pcap.h>

#include "btp.h"
#include "dot2.h"
#include "gn.h"
#include "link.h"
#include "msg.h"
#include "tai.h"
#include "wsmp.h"
#include "wrap.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void
wrap_init(struct wrap_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->channel = 172;
	o->radius = 1000;
	o->src[0] = 0x02;	/* locally administered */
}

int
wrap_dlt(const struct wrap_opts *o)
{
	return o->link == WRAP_80211 ? DLT_IEEE802_11_RADIO : DLT_EN10MB;
}

/* The BTP port of an ETSI message type: the port table's entry naming it. */
static int
port_of(const char *tname)
{
	const struct asn_TYPE_descriptor_s *td;
	unsigned	 p;
	const char	*name;

	/* The port's service is named as the message (CAM) or by the
	 * registry's short name of it (CPM: CollectivePerceptionMessage). */
	for (p = 2001; p < 2100; p++)
		if ((name = btp_port_name((uint16_t)p)) != NULL &&
		    (strcmp(name, tname) == 0 ||
		    ((td = msg_type_find(name, FAMILY_ETSI, NULL)) != NULL &&
		    strcmp(msg_type_name(td), tname) == 0)))
			return (int)p;
	return -1;
}

/* A WSMP packet (IEEE 1609.3), the message in an IEEE 1609.2
 * unsecuredData first with --dot2-unsecured; 0, or -1 with err. */
static int
wrap_wsmp(const struct wrap_opts *o, const uint8_t *p, size_t n,
    struct buf *out, char *err, size_t errlen)
{
	struct wsmp_hdr	 w;
	struct dot2_data d;
	struct buf	 d2;
	int		 rc = -1;

	buf_init(&d2);
	if (o->dot2) {
		memset(&d, 0, sizeof(d));
		d.content = DOT2_UNSECURED;
		d.opaque.p = p;
		d.opaque.len = n;
		if (dot2_build(&d2, &d) != REASON_OK) {
			snprintf(err, errlen, "IEEE 1609.2 unsecuredData of %zu "
			    "bytes", n);
			goto done;
		}
		p = (const uint8_t *)d2.p;
		n = d2.len;
	}
	wsmp_init(&w, o->psid);
	if (o->channel >= 0) {
		w.has_channel = 1;
		w.channel = (uint8_t)o->channel;
	}
	w.payload = p;
	w.payload_len = n;
	if (wsmp_build(out, &w) == -1) {
		snprintf(err, errlen, "WSMP: PSID %#x or length %zu out of "
		    "range", (unsigned)o->psid, n);
		goto done;
	}
	rc = 0;
 done:
	buf_free(&d2);
	return rc;
}

/* A GeoNetworking SHB or GBC packet with BTP-B to the port of the
 * message type (EN 302 636-4-1, EN 302 636-5-1); 0, or -1 with err. */
static int
wrap_gn(const struct wrap_opts *o, const char *tname, const uint8_t *p,
    size_t n, struct buf *out, char *err, size_t errlen)
{
	struct gn_packet g;
	struct btp_hdr	 b;
	struct buf	 pay;
	struct timespec	 ts;
	int		 port, rc = -1;

	if ((port = port_of(tname)) == -1) {
		snprintf(err, errlen, "no BTP port for a %s: GeoNetworking "
		    "carries ETSI messages", tname);
		return -1;
	}
	buf_init(&pay);
	memset(&b, 0, sizeof(b));
	b.type = BTP_B;
	b.dst_port = (uint16_t)port;
	b.payload = p;
	b.payload_len = n;
	if (btp_build(&pay, &b) == -1)
		goto done;
	memset(&g, 0, sizeof(g));
	g.version = GN_VERSION;
	g.bh_nh = GN_BH_COMMON;
	g.nh = GN_NH_BTP_B;
	if (o->net == WRAP_GN_SHB) {
		g.ht = GN_HT_TSB;
		g.hst = GN_HST_SHB;
		g.tc = 2;
		g.rhl = g.mhl = 1;
		gn_lifetime_set(&g, 1000);
	} else {
		g.ht = GN_HT_GBC;
		g.hst = GN_HST_CIRCLE;
		g.tc = 1;
		g.rhl = g.mhl = 3;
		gn_lifetime_set(&g, 60000);
		g.area.lat = (int32_t)lround(o->lat * 1e7);
		g.area.lon = (int32_t)lround(o->lon * 1e7);
		g.area.a = (uint16_t)o->radius;	/* a circle: b = 0 */
	}
	g.so.addr.station_type = 15;	/* roadside unit */
	memcpy(g.so.addr.mid, o->src, 6);
	clock_gettime(CLOCK_REALTIME, &ts);
	/* GN timestamps: TAI milliseconds modulo 2^32 */
	g.so.tst = (uint32_t)((uint64_t)tai_from_unix(ts.tv_sec) * 1000 +
	    (uint64_t)ts.tv_nsec / 1000000);
	g.so.lat = (int32_t)lround(o->lat * 1e7);
	g.so.lon = (int32_t)lround(o->lon * 1e7);
	g.payload = (const uint8_t *)pay.p;
	g.pl = (uint16_t)pay.len;
	if (gn_build(out, &g) == -1) {
		snprintf(err, errlen, "GeoNetworking: a header field out of "
		    "range");
		goto done;
	}
	rc = 0;
 done:
	buf_free(&pay);
	return rc;
}

/* The network layer the options ask for around the message. */
static int
net(const struct wrap_opts *o, const char *tname, const uint8_t *p, size_t n,
    struct buf *out, char *err, size_t errlen)
{
	switch (o->net) {
	case WRAP_WSMP:
		return wrap_wsmp(o, p, n, out, err, errlen);
	case WRAP_GN_SHB:
	case WRAP_GN_GBC:
		return wrap_gn(o, tname, p, n, out, err, errlen);
	default:
		buf_add(out, p, n);
		return 0;
	}
}

int
wrap(const struct wrap_opts *o, const char *tname, const uint8_t *p,
    size_t n, struct buf *out, char *err, size_t errlen)
{
	struct link_frame lf;
	struct buf	 pkt;
	uint16_t	 et;
	int		 rc;

	if (o->link == WRAP_NOLINK)
		return net(o, tname, p, n, out, err, errlen);
	buf_init(&pkt);
	if ((rc = net(o, tname, p, n, &pkt, err, errlen)) == 0) {
		et = o->net == WRAP_WSMP ? LINK_ET_WSMP : LINK_ET_GN;
		if (o->net == WRAP_NONE) {
			snprintf(err, errlen, "a link frame needs --wsmp or "
			    "--gn around the message");
			rc = -1;
		} else if (o->link == WRAP_ETHER)
			rc = link_ether_build(out, o->src, bcast, et,
			    (uint8_t *)pkt.p, pkt.len);
		else {
			link_init_80211_ocb(&lf, o->src, bcast, et, 5, 5900,
			    12);
			lf.payload = (const uint8_t *)pkt.p;
			lf.payload_len = pkt.len;
			rc = link_build(out, &lf);
		}
		if (rc == -1 && err[0] == '\0')
			snprintf(err, errlen, "link frame of %zu bytes",
			    pkt.len);
	}
	buf_free(&pkt);
	return rc;
}
