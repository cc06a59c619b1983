/*
 * engine.c: rsud's receive path (DESIGN.md): one received unit (a frame,
 * a datagram, or a message rsud sent itself) through peel (link, WSMP or
 * GeoNetworking/BTP, IEEE 1609.2), the security stage, JER decoding and
 * the feed, with the counters of every outcome.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "btp.h"
#include "jer.h"
#include "rsud.h"

static const char *
topic_type(const struct peel *pe)
{
	if (pe->known_type != NULL)
		return pe->known_type;
	return msg_type_name(pe->msg.type);
}

static void
publish(enum source src, const uint8_t *raw, size_t n,
    const struct timeval *rx)
{
	struct rsud	*r = rsud;
	struct peel	*pe = &r->pe;
	struct buf	*j = &r->json;
	struct type_count *tc;
	struct uplink_topic *ut;
	const char	*fam = msg_family_str(pe->family), *type;
	char		 topic[160], err[256];
	int		 verdict;

	type = topic_type(pe);
	if (type == NULL)
		type = "unknown";
	snprintf(topic, sizeof(topic), "v2x/%s/%s/%s", fam, type,
	    conf_str(&r->conf, K_RSU_ID));
	ut = uplink_topic(&r->up, topic);
	buf_reset(j);
	buf_addf(j, "{\"seq\":%llu,\"tseq\":%llu,\"rsu\":",
	    (unsigned long long)r->up.seq, (unsigned long long)ut->tseq);
	jer_string(j, conf_str(&r->conf, K_RSU_ID),
	    strlen(conf_str(&r->conf, K_RSU_ID)));
	buf_adds(j, ",\"rx\":\"");
	rfc3339(j, rx);
	buf_addf(j, "\",\"source\":\"%s\",\"layers\":[", source_str(src));
	buf_add(j, pe->layers.p, pe->layers.len);
	buf_adds(j, "],\"security\":");
	verdict = secure_verdict(&r->sec, pe, &r->st, j,
	    src == SRC_COMMAND ? NULL : rx, src == SRC_RADIO || src == SRC_UDP);
	buf_adds(j, ",\"message\":");
	if (pe->known_type != NULL)
		buf_addf(j, "{\"family\":\"%s\",\"type\":\"%s\","
		    "\"decoded\":false,\"length\":%zu}", fam, type,
		    pe->raw_len);
	else {
		size_t mark = j->len;
		err[0] = '\0';
		if (jer_write_msg(j, &pe->msg, err, sizeof(err)) !=
		    REASON_OK) {
			j->len = mark;
			buf_addf(j, "{\"family\":\"%s\",\"type\":\"%s\","
			    "\"error\":", fam, type);
			jer_string(j, err, strlen(err));
			buf_addc(j, '}');
		}
	}
	buf_addc(j, '}');
	if (j->oom)
		fatalx("out of memory");
	if (uplink_publish(&r->up, ut, j, raw, n) == 0) {
		r->st.published[src]++;
		/* verdicts add up to what was published */
		if (verdict >= 0 && verdict < V_MAX)
			r->st.verdict[verdict]++;
		if ((tc = stats_type(&r->st, fam, type)) != NULL)
			tc->published++;
	}
}

static void
outcome(enum source src, enum reason rc, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	struct rsud	*r = rsud;
	struct type_count *tc;
	const char	*name;

	if (rc == REASON_OK) {
		publish(src, p, n, rx);
		return;
	}
	if (rc == REASON_NOT_V2X) {
		r->st.not_v2x[src]++;
		return;
	}
	if (rc > 0 && rc < REASON_MAX)
		r->st.reason[src][rc]++;
	if (r->pe.btp_port > 0 &&
	    (name = btp_port_name((uint16_t)r->pe.btp_port)) != NULL &&
	    (tc = stats_type(&r->st, "etsi", name)) != NULL)
		tc->failed++;
	log_debug("%s: %zu bytes: %s: %s", source_str(src), n,
	    reason_str(rc), r->pe.detail);
}

void
engine_frame(enum source src, int dlt, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	rsud->st.rx[src]++;
	outcome(src, peel_frame(&rsud->pe, dlt, p, n, 0), p, n, rx);
}

void
engine_datagram(enum source src, const uint8_t *p, size_t n,
    const struct timeval *rx)
{
	rsud->st.rx[src]++;
	outcome(src, peel_datagram(&rsud->pe, p, n, 0), p, n, rx);
}

void
engine_publish_own(const uint8_t *wire, size_t n, uint32_t psid)
{
	struct timeval	 tv;

	(void)psid;
	gettimeofday(&tv, NULL);
	rsud->st.rx[SRC_COMMAND]++;
	outcome(SRC_COMMAND, peel_bytes(&rsud->pe, wire, n, 0), wire, n, &tv);
}

/* --- time ----------------------------------------------------------------- */

double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
rfc3339(struct buf *b, const struct timeval *tv)
{
	struct tm	 tm;
	time_t		 t = tv->tv_sec;
	char		 s[40];

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_addf(b, "%s.%06ldZ", s, (long)tv->tv_usec);
}

int
parse_time(const char *s, int64_t *out)
{
	struct tm	 tm;
	char		*end;
	long long	 v;

	v = strtoll(s, &end, 10);
	if (*s != '\0' && *end == '\0') {
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*end == '.')
		for (end++; *end >= '0' && *end <= '9'; end++)
			;
	if (strcmp(end, "Z") != 0 && strcmp(end, "+00:00") != 0)
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}
