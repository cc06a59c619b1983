/*
 * tx.c: the transmit path of DESIGN.md: a message from the traffic centre
 * (JSON as v2x decode prints it, a JER value with its type, or hex) is
 * encoded with the codecs, signed when the build can, wrapped (WSMP,
 * IEEE 1609.3-2020, for J2735; GeoNetworking EN 302 636-4-1 SHB or GBC with
 * BTP-B, EN 302 636-5-1, for ETSI) and sent with pcap_inject and/or UDP
 * (the USDOT RSU v4.1 immediate forward text, or the raw packet).
 * The PSID / ITS-AID of each message type: psid.h.
 */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <net/if.h>
#include <sys/time.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <pcap/pcap.h>

#include "btp.h"
#include "gn.h"
#include "ifm.h"
#include "jer.h"
#include "link.h"
#include "psid.h"
#include "tai.h"
#include "wsmp.h"
#include "rsud.h"

uint32_t
tx_default_psid(enum msg_family fam, const char *type)
{
	const struct psid_msg	*pm;

	if ((pm = psid_by_type(type)) != NULL)
		return pm->psid;
	return fam == FAMILY_ETSI ? 0 : PSID_BSM;
}

/* Type= of the immediate forward. */
static const char *
ifm_type(const char *type)
{
	const struct psid_msg	*pm;

	return (pm = psid_by_type(type)) != NULL ? pm->name : type;
}

int
tx_default_port(const char *type)
{
	const struct asn_TYPE_descriptor_s *td;
	const char	*n;
	int		 p;

	/* By the service's name (CAM) or the type it names (CPM). */
	for (p = BTP_PORT_CAM; p <= BTP_PORT_IMZM; p++)
		if ((n = btp_port_name((uint16_t)p)) != NULL &&
		    (strcmp(n, type) == 0 ||
		    ((td = msg_type_find(n, FAMILY_ETSI, NULL)) != NULL &&
		    strcmp(msg_type_name(td), type) == 0)))
			return p;
	return -1;
}

static int
iface_mac(const char *ifname, uint8_t mac[6])
{
	struct ifreq	 ifr;
	int		 s;

	memset(mac, 0, 6);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) == -1) {
		close(s);
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);
	return 0;
}

int
tx_open(struct tx *t, const struct config *c, void *capture_pcap)
{
	char		 err[PCAP_ERRBUF_SIZE];
	const char	*ifname = conf_str(c, K_TX_IFACE);

	memset(t, 0, sizeof(*t));
	t->udp_fd = -1;
	t->channel = (int)conf_int(c, K_TX_CHANNEL);
	t->sign_default = (int)conf_int(c, K_SEC_SIGN);
	t->lat = (int32_t)(conf_double(c, K_RSU_LAT) * 1e7);
	t->lon = (int32_t)(conf_double(c, K_RSU_LON) * 1e7);
	t->link_radiotap = conf_int(c, K_TX_LINK) == 1;
	if (*ifname != '\0') {
		if (capture_pcap != NULL &&
		    strcmp(ifname, conf_str(c, K_INPUT_IFACE)) == 0)
			t->pcap = capture_pcap;
		else {
			pcap_t *p = pcap_create(ifname, err);
			if (p == NULL || pcap_activate(p) < 0) {
				log_warnx("tx.interface %s: %s", ifname,
				    p ? pcap_geterr(p) : err);
				if (p)
					pcap_close(p);
				return -1;
			}
			t->pcap = p;
			t->own_pcap = 1;
		}
		if (iface_mac(ifname, t->mac) == -1)
			log_warn("tx.interface %s: no MAC address, using "
			    "00:00:00:00:00:00", ifname);
		log_info("transmitting on %s (%s)", ifname,
		    t->link_radiotap ? "radiotap 802.11 OCB" : "Ethernet");
	}
	if (*conf_str(c, K_TX_UDP) != '\0') {
		t->udp_sslen = sizeof(t->udp_ss);
		if (udp_addr(conf_str(c, K_TX_UDP), t->udp_ss, &t->udp_sslen,
		    0) == -1) {
			log_warnx("tx.udp %s: not HOST:PORT",
			    conf_str(c, K_TX_UDP));
			return -1;
		}
		if ((t->udp_fd = socket(((struct sockaddr *)t->udp_ss)->
		    sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) ==
		    -1) {
			log_warn("tx.udp socket");
			return -1;
		}
		t->udp_ifm = conf_int(c, K_TX_UDP_FORMAT) == 0;
		log_info("transmitting to udp %s (%s)", conf_str(c, K_TX_UDP),
		    t->udp_ifm ? "immediate forward" : "raw");
	}
	return 0;
}

void
tx_close(struct tx *t)
{
	if (t->pcap != NULL && t->own_pcap)
		pcap_close(t->pcap);
	t->pcap = NULL;
	if (t->udp_fd >= 0)
		close(t->udp_fd);
	t->udp_fd = -1;
}

void
tx_msg_free(struct tx_msg *m)
{
	free(m->uper);
	m->uper = NULL;
}

int
tx_msg_copy(struct tx_msg *d, const struct tx_msg *s)
{
	*d = *s;
	if ((d->uper = malloc(s->uper_len ? s->uper_len : 1)) == NULL)
		return -1;
	memcpy(d->uper, s->uper, s->uper_len);
	return 0;
}

static int
get_uint(json_t *v, unsigned long max, unsigned long *out)
{
	char	*end;

	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    (unsigned long)json_integer_value(v) <= max) {
		*out = (unsigned long)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		*out = strtoul(json_string_value(v), &end, 0);
		if (*json_string_value(v) != '\0' && *end == '\0' &&
		    *out <= max)
			return 0;
	}
	return -1;
}

/* err = "what: REASON: err" */
static void
reason_err(char *err, size_t errlen, const char *what, enum reason r)
{
	char	 e2[200];

	snprintf(e2, sizeof(e2), "%s", err);
	snprintf(err, errlen, "%s: %s: %s", what, reason_str(r), e2);
}

/* "family", and "pdu" or "type": the family and the type (NULL: any) the
 * message is read as. */
static int
read_type(json_t *j, enum msg_family *fam,
    struct asn_TYPE_descriptor_s **type, char *err, size_t errlen)
{
	enum msg_family	 found;
	json_t		*v;

	*fam = FAMILY_J2735;
	*type = NULL;
	if ((v = json_object_get(j, "family")) != NULL) {
		if (!json_is_string(v) ||
		    msg_family_parse(json_string_value(v), fam) == -1) {
			snprintf(err, errlen, "\"family\" must be \"j2735\" "
			    "or \"etsi\"");
			return -1;
		}
	}
	/* "pdu" (stored entries) names the type of the bytes exactly;
	 * "type" is the message type the centre gives */
	if ((v = json_object_get(j, "pdu")) == NULL)
		v = json_object_get(j, "type");
	if (v != NULL) {
		if (!json_is_string(v) || (*type = msg_type_find(
		    json_string_value(v), *fam, &found)) == NULL) {
			snprintf(err, errlen, "unknown \"type\" or \"pdu\"");
			return -1;
		}
		*fam = found;
	}
	return 0;
}

/* "hex": the bytes as they are, decoded into m to learn their type. */
static int
read_hex(struct tx_msg *t, struct msg *m, json_t *j, enum msg_family fam,
    struct asn_TYPE_descriptor_s *type, char *err, size_t errlen)
{
	const char	*h = json_string_value(json_object_get(j, "hex"));
	enum reason	 r;
	long		 n;

	if (h == NULL) {
		snprintf(err, errlen, "\"hex\" must be a string");
		return -1;
	}
	if ((t->uper = malloc(strlen(h) / 2 + 1)) == NULL ||
	    (n = hex_decode(h, strlen(h), t->uper, strlen(h) / 2 + 1)) <= 0) {
		snprintf(err, errlen, "\"hex\" is not hexadecimal");
		tx_msg_free(t);
		return -1;
	}
	t->uper_len = (size_t)n;
	if ((r = msg_decode(m, json_object_get(j, "family") ? fam :
	    (type ? fam : FAMILY_ANY), type, t->uper, t->uper_len, err,
	    errlen)) != REASON_OK) {
		reason_err(err, errlen, "hex does not decode", r);
		tx_msg_free(t);
		return -1;
	}
	if (m->trailing > 0) {
		snprintf(err, errlen, "hex: %zu bytes after the %s message "
		    "(another type?)", m->trailing,
		    m->pdu ? msg_type_name(m->pdu) : "decoded");
		msg_clear(m);
		tx_msg_free(t);
		return -1;
	}
	return 0;
}

/* "message": JSON (or JER text), read into m and encoded. */
static int
read_message(struct tx_msg *t, struct msg *m, json_t *v, enum msg_family fam,
    struct asn_TYPE_descriptor_s *type, char *err, size_t errlen)
{
	struct buf	 out;
	enum reason	 r;
	char		*text;

	if (json_is_string(v))
		text = strdup(json_string_value(v));
	else
		text = json_dumps(v, JSON_COMPACT);
	if (text == NULL) {
		snprintf(err, errlen, "\"message\" must be JSON");
		return -1;
	}
	err[0] = '\0';
	r = jer_read_msg(m, fam, type, text, strlen(text), err, errlen);
	free(text);
	if (r != REASON_OK) {
		reason_err(err, errlen, "message", r);
		msg_clear(m);
		return -1;
	}
	buf_init(&out);
	if ((r = msg_encode(m, &out, err, errlen)) != REASON_OK || out.oom) {
		reason_err(err, errlen, "encode", r);
		msg_clear(m);
		buf_free(&out);
		return -1;
	}
	t->uper = (uint8_t *)out.p;	/* taken from out */
	t->uper_len = out.len;
	return 0;
}

/* ETSI: the BTP port ("btpPort" or the type's) and the GeoBroadcast
 * circle ("area"). */
static int
read_etsi(struct tx_msg *t, json_t *j, char *err, size_t errlen)
{
	json_t		*v, *la, *lo, *ra;
	unsigned long	 u;

	t->btp_port = tx_default_port(t->type);
	if ((v = json_object_get(j, "btpPort")) != NULL) {
		if (get_uint(v, 65535, &u) == -1) {
			snprintf(err, errlen, "\"btpPort\" must be 0..65535");
			return -1;
		}
		t->btp_port = (int)u;
	}
	if (t->btp_port < 0) {
		snprintf(err, errlen, "no BTP port known for %s: give "
		    "\"btpPort\"", t->type);
		return -1;
	}
	if ((v = json_object_get(j, "area")) == NULL)
		return 0;
	la = json_object_get(v, "lat");
	lo = json_object_get(v, "lon");
	ra = json_object_get(v, "radius");
	if (!json_is_number(la) || !json_is_number(lo) ||
	    get_uint(ra, 65535, &u) == -1 ||
	    fabs(json_number_value(la)) > 90 ||
	    fabs(json_number_value(lo)) > 180) {
		snprintf(err, errlen, "\"area\" must be "
		    "{\"lat\":deg,\"lon\":deg,\"radius\":m}");
		return -1;
	}
	t->gbc = 1;
	t->gbc_lat = (int32_t)(json_number_value(la) * 1e7);
	t->gbc_lon = (int32_t)(json_number_value(lo) * 1e7);
	t->gbc_radius = (uint16_t)u;
	return 0;
}

/* How to send: "psid", "channel", the ETSI members, "sign". */
static int
read_sending(struct tx_msg *t, json_t *j, char *err, size_t errlen)
{
	json_t		*v;
	unsigned long	 u;

	t->psid = tx_default_psid(t->family, t->type);
	if ((v = json_object_get(j, "psid")) != NULL) {
		if (get_uint(v, WSMP_PSID_MAX, &u) == -1) {
			snprintf(err, errlen, "\"psid\" must be 0..0x%lx",
			    (unsigned long)WSMP_PSID_MAX);
			return -1;
		}
		t->psid = (uint32_t)u;
	}
	if ((v = json_object_get(j, "channel")) != NULL) {
		if (get_uint(v, 255, &u) == -1) {
			snprintf(err, errlen, "\"channel\" must be 0..255");
			return -1;
		}
		t->channel = (int)u;
	}
	if (t->family == FAMILY_ETSI && read_etsi(t, j, err, errlen) == -1)
		return -1;
	if ((v = json_object_get(j, "sign")) != NULL) {
		if (!json_is_boolean(v)) {
			snprintf(err, errlen, "\"sign\" must be true or false");
			return -1;
		}
		t->sign = json_is_true(v);
	}
	return 0;
}

int
tx_msg_from_json(struct tx_msg *t, const void *jv, char *err, size_t errlen)
{
	json_t		*j = (json_t *)jv, *v;
	struct asn_TYPE_descriptor_s *type;
	enum msg_family	 fam;
	struct msg	 m;
	const char	*name;

	memset(t, 0, sizeof(*t));
	memset(&m, 0, sizeof(m));
	m.id = -1;
	t->sign = -1;
	t->btp_port = -1;
	t->channel = -1;
	if (read_type(j, &fam, &type, err, errlen) == -1)
		return -1;
	if (json_object_get(j, "hex") != NULL &&
	    json_object_get(j, "message") != NULL) {
		snprintf(err, errlen, "give the message as \"message\" or "
		    "\"hex\", not both");
		return -1;
	}
	if (json_object_get(j, "hex") != NULL) {
		if (read_hex(t, &m, j, fam, type, err, errlen) == -1)
			return -1;
	} else if ((v = json_object_get(j, "message")) != NULL) {
		if (read_message(t, &m, v, fam, type, err, errlen) == -1)
			return -1;
	} else {
		snprintf(err, errlen, "give the message as \"message\" (JSON) "
		    "or \"hex\"");
		return -1;
	}
	t->family = m.family;
	name = m.type != NULL ? msg_type_name(m.type) : "unknown";
	snprintf(t->type, sizeof(t->type), "%s", name);
	snprintf(t->pdu, sizeof(t->pdu), "%s", m.pdu != NULL ?
	    msg_type_name(m.pdu) : name);
	msg_clear(&m);
	if (read_sending(t, j, err, errlen) == -1) {
		tx_msg_free(t);
		return -1;
	}
	return 0;
}

/* The network packet: WSMP or GeoNetworking + BTP around the payload. */
static int
wrap(struct tx *t, struct secure *sec, const struct tx_msg *m,
    const uint8_t *p, size_t n, int channel, int sign, int *signed_ok,
    const char **note, struct buf *pkt, uint16_t *ethertype)
{
	if (m->family == FAMILY_J2735) {
		struct wsmp_hdr w;

		wsmp_init(&w, m->psid);
		w.has_channel = 1;
		w.channel = (uint8_t)channel;
		w.payload = p;
		w.payload_len = n;
		*ethertype = LINK_ET_WSMP;
		return wsmp_build(pkt, &w);
	} else {
		struct btp_hdr	 b;
		struct gn_packet g;
		struct buf	 bt;
		struct timeval	 tv;
		int		 rc;

		memset(&b, 0, sizeof(b));
		b.type = BTP_B;
		b.dst_port = (uint16_t)m->btp_port;
		b.payload = p;
		b.payload_len = n;
		buf_init(&bt);
		if (btp_build(&bt, &b) == -1 || bt.oom) {
			buf_free(&bt);
			return -1;
		}
		memset(&g, 0, sizeof(g));
		g.version = GN_VERSION;
		g.bh_nh = GN_BH_COMMON;
		gn_lifetime_set(&g, 60000);
		g.has_common = 1;
		g.nh = GN_NH_BTP_B;
		g.pl = (uint16_t)bt.len;
		g.so.addr.station_type = 15;	/* roadSideUnit */
		memcpy(g.so.addr.mid, t->mac, 6);
		gettimeofday(&tv, NULL);
		g.so.tst = (uint32_t)((uint64_t)(tai_from_unix(tv.tv_sec) *
		    1000 + tv.tv_usec / 1000));
		g.so.lat = t->lat;
		g.so.lon = t->lon;
		g.so.pai = 1;
		if (m->gbc) {
			g.ht = GN_HT_GBC;
			g.hst = GN_HST_CIRCLE;
			g.rhl = g.mhl = 10;
			g.sn = t->gn_sn++;
			g.area.lat = m->gbc_lat;
			g.area.lon = m->gbc_lon;
			g.area.a = m->gbc_radius;
		} else {
			g.ht = GN_HT_TSB;
			g.hst = GN_HST_SHB;
			g.rhl = g.mhl = 1;
		}
		g.payload = (uint8_t *)bt.p;
		*ethertype = LINK_ET_GN;
		if (sign) {
			/* TS 103 097: the secured packet signs the common
			 * header, the extended header and the payload */
			struct buf inner, sd;

			buf_init(&inner);
			buf_init(&sd);
			if (gn_build_inner(&inner, &g) == -1 || inner.oom)
				rc = -1;
			else if (secure_sign(sec, m->psid, (uint8_t *)inner.p,
			    inner.len, &sd, note) == -1)
				rc = -2;	/* not sent unsigned */
			else {
				g.bh_nh = GN_BH_SECURED;
				g.secured = (uint8_t *)sd.p;
				g.secured_len = sd.len;
				*signed_ok = 1;
				rc = gn_build(pkt, &g);
			}
			buf_free(&inner);
			buf_free(&sd);
		} else
			rc = gn_build(pkt, &g);
		buf_free(&bt);
		return rc;
	}
}

/* A signature asked for and not made: the request fails, nothing is sent
 * unsigned. */
static void
sign_refused(char *err, size_t errlen, const char *note)
{
	if (note == NULL)
		note = "signing failed";
	snprintf(err, errlen, "cannot sign (\"sign\" or security.sign asks "
	    "for it): %s; nothing sent", note);
}

int
tx_check(struct tx *t, struct secure *sec, const struct tx_msg *m,
    char *err, size_t errlen)
{
	struct buf	 trial;
	const char	*note = NULL;
	int		 rc;

	if (t->pcap == NULL && t->udp_fd < 0) {
		snprintf(err, errlen, "no transmitter configured: set tx.udp "
		    "(HOST:PORT of a radio) or tx.interface (a network "
		    "interface) in the configuration");
		return -1;
	}
	if (!(m->sign >= 0 ? m->sign : t->sign_default))
		return 0;
	/* a trial signature: the certificate, the key, its PSIDs */
	buf_init(&trial);
	if ((rc = secure_sign(sec, m->psid, m->uper, m->uper_len, &trial,
	    &note)) == -1)
		sign_refused(err, errlen, note);
	buf_free(&trial);
	return rc;
}

/* The link frame of pkt on tx.interface. */
static int
tx_inject(struct tx *t, const struct buf *pkt, uint16_t et, int channel)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct link_frame f;
	struct buf	 frame;
	int		 rc;

	buf_init(&frame);
	if (t->link_radiotap) {
		link_init_80211_ocb(&f, t->mac, bcast, et, 0,
		    (uint16_t)(5000 + 5 * channel), 12);
		f.payload = (uint8_t *)pkt->p;
		f.payload_len = pkt->len;
		rc = link_build(&frame, &f);
	} else
		rc = link_ether_build(&frame, t->mac, bcast, et,
		    (uint8_t *)pkt->p, pkt->len);
	if (rc != -1 && !frame.oom)
		rc = capture_inject(t->pcap, (uint8_t *)frame.p, frame.len);
	else
		rc = -1;
	buf_free(&frame);
	return rc;
}

/* tx.udp: the immediate forward text or the raw packet. */
static int
tx_udp(struct tx *t, const struct tx_msg *m, const uint8_t *payload,
    size_t plen, const struct buf *pkt, int channel, char *err,
    size_t errlen)
{
	struct buf	 d;
	struct ifm_msg	 im;

	buf_init(&d);
	if (t->udp_ifm) {
		/* J2735: the payload (signed or not); ETSI: the GN
		 * packet, which receivers peel by its first octet */
		if (m->family == FAMILY_J2735)
			ifm_init(&im, ifm_type(m->type), m->psid, channel,
			    payload, plen);
		else
			ifm_init(&im, ifm_type(m->type), m->psid, channel,
			    (uint8_t *)pkt->p, pkt->len);
		if (ifm_build(&d, &im) == -1) {
			snprintf(err, errlen, "cannot build the immediate "
			    "forward message");
			buf_free(&d);
			return -1;
		}
	} else
		buf_add(&d, pkt->p, pkt->len);
	if (sendto(t->udp_fd, d.p, d.len, 0, (struct sockaddr *)t->udp_ss,
	    t->udp_sslen) == -1) {
		rsud->st.tx_err++;
		snprintf(err, errlen, "udp send: %s", strerror(errno));
		buf_free(&d);
		return -1;
	}
	buf_free(&d);
	rsud->st.tx_udp++;
	return 0;
}

int
tx_send(struct tx *t, struct secure *sec, const struct tx_msg *m,
    struct buf *info, char *err, size_t errlen)
{
	struct buf	 signed_, pkt;
	const uint8_t	*payload = m->uper;
	size_t		 plen = m->uper_len;
	const char	*note = NULL;
	uint16_t	 et = 0;
	int		 channel = m->channel >= 0 ? m->channel : t->channel;
	int		 sign = m->sign >= 0 ? m->sign : t->sign_default;
	int		 sent = 0, signed_ok = 0, rc = -1;

	buf_init(&signed_);
	buf_init(&pkt);
	if (t->pcap == NULL && t->udp_fd < 0) {
		(void)tx_check(t, sec, m, err, errlen);
		goto out;
	}
	if (sign && m->family == FAMILY_J2735) {
		if (secure_sign(sec, m->psid, m->uper, m->uper_len, &signed_,
		    &note) == -1) {
			sign_refused(err, errlen, note);
			goto out;
		}
		payload = (uint8_t *)signed_.p;
		plen = signed_.len;
		signed_ok = 1;
	}
	if ((rc = wrap(t, sec, m, payload, plen, channel,
	    sign && m->family == FAMILY_ETSI, &signed_ok, &note, &pkt, &et)) ==
	    -2) {
		sign_refused(err, errlen, note);
		rc = -1;
		goto out;
	}
	if (rc == -1 || pkt.oom) {
		snprintf(err, errlen, "cannot build the %s packet (PSID 0x%x, "
		    "%zu bytes)", m->family == FAMILY_J2735 ? "WSMP" :
		    "GeoNetworking", m->psid, plen);
		rc = -1;
		goto out;
	}
	rc = -1;
	if (t->pcap != NULL) {
		if (tx_inject(t, &pkt, et, channel) == -1) {
			rsud->st.tx_err++;
			snprintf(err, errlen, "inject failed");
			goto out;
		}
		rsud->st.tx_frames++;
		sent++;
	}
	if (t->udp_fd >= 0) {
		if (tx_udp(t, m, payload, plen, &pkt, channel, err,
		    errlen) == -1)
			goto out;
		sent++;
	}
	rc = 0;
	/* the centre sees what went out, broadcast or repeat, on the feed */
	engine_publish_own((uint8_t *)pkt.p, pkt.len, m->psid);
	if (info != NULL) {
		buf_addf(info, "\"family\":\"%s\",\"type\":\"%s\",\"psid\":%u,"
		    "\"psidHex\":\"0x%x\",\"channel\":%d,\"bytes\":%zu,"
		    "\"outputs\":%d,\"signed\":%s",
		    msg_family_str(m->family), m->type, m->psid, m->psid,
		    channel, m->uper_len, sent, signed_ok ? "true" : "false");
		if (m->family == FAMILY_ETSI)
			buf_addf(info, ",\"btpPort\":%d,\"gn\":\"%s\"",
			    m->btp_port, m->gbc ? "gbc-circle" : "tsb-shb");
	}
out:
	buf_free(&signed_);
	buf_free(&pkt);
	return rc;
}
