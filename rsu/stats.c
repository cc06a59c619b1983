/*
 * stats.c: rsud's counters (per source, per reason, per message type),
 * what the kernel and pcap dropped before rsud could read it, the
 * security verdicts of what was published (the feed's words), clock
 * health, and their Prometheus text exposition (format 0.0.4) over HTTP
 * with libmicrohttpd, run from the event loop through its epoll fd.
 */
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "rsud.h"

static const char *sources[SRC_MAX] = { "radio", "udp", "file", "command" };

const char *
source_str(enum source s)
{
	return s < SRC_MAX ? sources[s] : "?";
}

struct type_count *
stats_type(struct stats *st, const char *family, const char *name)
{
	int	 i;

	for (i = 0; i < st->ntypes; i++)
		if (strcmp(st->types[i].name, name) == 0 &&
		    strcmp(st->types[i].family, family) == 0)
			return &st->types[i];
	if (st->ntypes == RSUD_MAX_TYPES)
		return NULL;
	i = st->ntypes++;
	snprintf(st->types[i].name, sizeof(st->types[i].name), "%s", name);
	snprintf(st->types[i].family, sizeof(st->types[i].family), "%s",
	    family);
	return &st->types[i];
}

void
stats_clock(struct stats *st, double off)
{
	if (st->clock_samples == 0) {
		st->clock_min_ms = st->clock_max_ms = st->clock_ewma_ms = off;
	} else {
		if (off < st->clock_min_ms)
			st->clock_min_ms = off;
		if (off > st->clock_max_ms)
			st->clock_max_ms = off;
		st->clock_ewma_ms += (off - st->clock_ewma_ms) / 16;
	}
	st->clock_last_ms = off;
	st->clock_samples++;
}

void
stats_refresh(struct stats *st)
{
	uint64_t	 d = 0;
	int		 i;

	if (rsud == NULL)
		return;
	for (i = 0; i < rsud->nudp; i++)
		d += udp_drops(&rsud->udp[i]);
	st->rx_dropped[SRC_UDP] = d;
	capture_stats(&rsud->live, st);
}

/* "name":{"radio":n,"udp":n,...} */
static void
json_sources(struct buf *b, const char *name, const uint64_t *v)
{
	int	 s;

	buf_addf(b, "\"%s\":{", name);
	for (s = 0; s < SRC_MAX; s++)
		buf_addf(b, "%s\"%s\":%llu", s ? "," : "", sources[s],
		    (unsigned long long)v[s]);
	buf_addc(b, '}');
}

/* A counter by source, with its HELP and TYPE lines. */
static void
prom_sources(struct buf *b, const char *metric, const char *help,
    const uint64_t *v)
{
	int	 s;

	buf_addf(b, "# HELP %s %s\n# TYPE %s counter\n", metric, help,
	    metric);
	for (s = 0; s < SRC_MAX; s++)
		buf_addf(b, "%s{source=\"%s\"} %llu\n", metric, sources[s],
		    (unsigned long long)v[s]);
}

/* "security":{"valid":n,...,"failed":{VERDICT:n},"verdicts":{...}} */
static void
json_verdicts(const struct stats *st, struct buf *b)
{
	int	 v, first;

	buf_addf(b, "\"security\":{\"valid\":%llu,\"notChecked\":%llu,"
	    "\"unsigned\":%llu,\"own\":%llu,\"failed\":{",
	    (unsigned long long)st->verdict[SEC_VALID],
	    (unsigned long long)st->verdict[V_NOTCHECKED],
	    (unsigned long long)st->verdict[V_UNSIGNED],
	    (unsigned long long)st->verdict[V_OWN]);
	for (first = 1, v = SEC_VALID + 1; v < SEC_VERDICT_MAX; v++)
		if (st->verdict[v] != 0) {
			buf_addf(b, "%s\"%s\":%llu", first ? "" : ",",
			    verdict_str(v), (unsigned long long)st->verdict[v]);
			first = 0;
		}
	buf_adds(b, "},\"verdicts\":{");
	for (v = 0; v < V_MAX; v++)
		buf_addf(b, "%s\"%s\":%llu", v ? "," : "", verdict_str(v),
		    (unsigned long long)st->verdict[v]);
	buf_adds(b, "}}");
}

void
stats_json(struct stats *st, struct buf *b)
{
	int	 s, r, first;

	stats_refresh(st);
	buf_addc(b, '{');
	json_sources(b, "rx", st->rx);
	buf_addc(b, ',');
	json_sources(b, "rxDropped", st->rx_dropped);
	buf_addc(b, ',');
	json_sources(b, "published", st->published);
	buf_addc(b, ',');
	json_sources(b, "notV2x", st->not_v2x);
	buf_adds(b, ",\"reasons\":{");
	for (s = 0; s < SRC_MAX; s++) {
		buf_addf(b, "%s\"%s\":{", s ? "," : "", sources[s]);
		for (first = 1, r = 1; r < REASON_MAX; r++) {
			if (st->reason[s][r] == 0)
				continue;
			buf_addf(b, "%s\"%s\":%llu", first ? "" : ",",
			    reason_str(r),
			    (unsigned long long)st->reason[s][r]);
			first = 0;
		}
		buf_addc(b, '}');
	}
	buf_adds(b, "},\"types\":[");
	for (r = 0; r < st->ntypes; r++)
		buf_addf(b, "%s{\"family\":\"%s\",\"type\":\"%s\","
		    "\"published\":%llu,\"failed\":%llu}", r ? "," : "",
		    st->types[r].family, st->types[r].name,
		    (unsigned long long)st->types[r].published,
		    (unsigned long long)st->types[r].failed);
	buf_adds(b, "],");
	json_verdicts(st, b);
	buf_addf(b, ",\"feed\":{\"dropped\":%llu,\"bytes\":%llu},"
	    "\"commands\":{\"ok\":%llu,\"error\":%llu},"
	    "\"tx\":{\"frames\":%llu,\"udp\":%llu,\"errors\":%llu},"
	    "\"captureDropped\":%llu}",
	    (unsigned long long)st->feed_dropped,
	    (unsigned long long)st->feed_bytes,
	    (unsigned long long)st->cmd_ok, (unsigned long long)st->cmd_err,
	    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_udp,
	    (unsigned long long)st->tx_err,
	    (unsigned long long)st->capture_drop);
}

void
stats_prometheus(struct stats *st, struct buf *b)
{
	int	 s, r;

	stats_refresh(st);
	prom_sources(b, "rsud_received_total",
	    "Frames and datagrams received.", st->rx);
	prom_sources(b, "rsud_rx_dropped_total",
	    "Frames and datagrams the kernel or pcap dropped before rsud "
	    "read them.", st->rx_dropped);
	prom_sources(b, "rsud_published_total",
	    "Messages published on the feed.", st->published);
	prom_sources(b, "rsud_not_v2x_total",
	    "Frames carrying no V2X message.", st->not_v2x);
	buf_adds(b, "# HELP rsud_failed_total Inputs refused, by reason.\n"
	    "# TYPE rsud_failed_total counter\n");
	for (s = 0; s < SRC_MAX; s++)
		for (r = 1; r < REASON_MAX; r++)
			if (st->reason[s][r] != 0)
				buf_addf(b, "rsud_failed_total{source=\"%s\","
				    "reason=\"%s\"} %llu\n", sources[s],
				    reason_str(r),
				    (unsigned long long)st->reason[s][r]);
	buf_adds(b, "# HELP rsud_messages_total Messages published, by type.\n"
	    "# TYPE rsud_messages_total counter\n");
	for (r = 0; r < st->ntypes; r++)
		buf_addf(b, "rsud_messages_total{family=\"%s\",type=\"%s\"} "
		    "%llu\n", st->types[r].family, st->types[r].name,
		    (unsigned long long)st->types[r].published);
	buf_adds(b, "# HELP rsud_verdicts_total Messages published, by "
	    "security verdict as the feed writes it.\n"
	    "# TYPE rsud_verdicts_total counter\n");
	for (r = 0; r < V_MAX; r++)
		buf_addf(b, "rsud_verdicts_total{verdict=\"%s\"} %llu\n",
		    verdict_str(r), (unsigned long long)st->verdict[r]);
	buf_addf(b, "# HELP rsud_feed_dropped_total Feed messages that found "
	    "a subscriber's queue full (0: none lost; else a lower bound).\n"
	    "# TYPE rsud_feed_dropped_total counter\n"
	    "rsud_feed_dropped_total %llu\n"
	    "# TYPE rsud_commands_total counter\n"
	    "rsud_commands_total{result=\"ok\"} %llu\n"
	    "rsud_commands_total{result=\"error\"} %llu\n"
	    "# TYPE rsud_tx_total counter\n"
	    "rsud_tx_total{output=\"interface\"} %llu\n"
	    "rsud_tx_total{output=\"udp\"} %llu\n"
	    "# HELP rsud_clock_samples_total Signed messages received live "
	    "whose generation time was compared with the system clock.\n"
	    "# TYPE rsud_clock_samples_total counter\n"
	    "rsud_clock_samples_total %llu\n",
	    (unsigned long long)st->feed_dropped,
	    (unsigned long long)st->cmd_ok, (unsigned long long)st->cmd_err,
	    (unsigned long long)st->tx_frames, (unsigned long long)st->tx_udp,
	    (unsigned long long)st->clock_samples);
	/* no sample, no offset (rather than a 0 that looks measured) */
	if (st->clock_samples)
		buf_addf(b, "# HELP rsud_clock_offset_ms System clock at "
		    "receipt minus the generation time (moving average).\n"
		    "# TYPE rsud_clock_offset_ms gauge\n"
		    "rsud_clock_offset_ms %.3f\n", st->clock_ewma_ms);
}

static enum MHD_Result
on_http(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **con_cls)
{
	struct stats		*st = cls;
	struct MHD_Response	*r;
	struct buf		 b;
	enum MHD_Result		 ret;
	int			 code = MHD_HTTP_OK;

	(void)version; (void)upload; (void)upload_len; (void)con_cls;
	buf_init(&b);
	if (strcmp(method, "GET") != 0) {
		code = MHD_HTTP_METHOD_NOT_ALLOWED;
		buf_adds(&b, "GET only\n");
	} else if (strcmp(url, "/metrics") != 0) {
		code = MHD_HTTP_NOT_FOUND;
		buf_adds(&b, "see /metrics\n");
	} else
		stats_prometheus(st, &b);
	r = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_COPY);
	buf_free(&b);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
	    "text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

int
stats_http_start(struct stats *st, const char *listen)
{
	struct sockaddr_storage ss;
	unsigned	 sl = sizeof(ss);
	const union MHD_DaemonInfo *di;

	st->mhd_fd = -1;
	if (udp_addr(listen, &ss, &sl, 1) == -1) {
		log_warnx("stats.listen %s: not HOST:PORT", listen);
		return -1;
	}
	st->mhd = MHD_start_daemon(MHD_USE_EPOLL |
	    (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL,
	    on_http, st, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
	if (st->mhd == NULL) {
		log_warnx("stats.listen %s: cannot start the HTTP server",
		    listen);
		return -1;
	}
	di = MHD_get_daemon_info(st->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	st->mhd_fd = di != NULL ? di->epoll_fd : -1;
	log_info("Prometheus metrics on http://%s/metrics", listen);
	return 0;
}

void
stats_http_run(struct stats *st)
{
	if (st->mhd != NULL)
		MHD_run(st->mhd);
}

void
stats_http_stop(struct stats *st)
{
	if (st->mhd != NULL)
		MHD_stop_daemon(st->mhd);
	st->mhd = NULL;
}
