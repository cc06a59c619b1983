/*
 * inspect.c: "v2xsim inspect FILE...": every frame of a capture peeled
 * and decoded, one JSON object a line: {"n":N,"ts":ns,"reason":..,
 * "type":..,"psid":..,"port":..,"src":"mac"[,"verdict":..],"message":{JER}},
 * with --verify DIR the 1609.2 verdict at the frame's time (DIR a trust
 * store as sec_store_load reads it, e.g. a testpki directory), so that
 * tests and users can check what replay and highway produce without tshark.
 */
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "jer.h"
#include "link.h"
#include "msg.h"
#include "peel.h"
#include "sec.h"
#include "sim.h"

/* Verification of 1609.2 signed data at the frame's time (--verify). */
static struct sec_ctx	*vctx;

static void
verify(struct buf *out, const struct peel *pl, int64_t ts_ns, size_t *nbad)
{
	struct sec_result	 res;
	enum sec_verdict	 v;

	if (vctx == NULL)
		return;
	if (pl->dot2 == NULL) {
		buf_adds(out, ",\"verdict\":\"UNSIGNED\"");
		return;
	}
	v = sec_verify(vctx, pl->dot2, sim_tai_us(ts_ns), &res);
	buf_addf(out, ",\"verdict\":\"%s\"", sec_verdict_str(v));
	if (v != SEC_VALID) {
		(*nbad)++;
		if (res.detail[0] != '\0') {
			buf_adds(out, ",\"verdictDetail\":");
			jer_string(out, res.detail, strlen(res.detail));
		}
	}
}

static int
inspect_file(const char *path, size_t *nbad)
{
	char			 ebuf[PCAP_ERRBUF_SIZE], err[256];
	pcap_t			*pd;
	struct pcap_pkthdr	*h;
	const u_char		*data;
	struct peel		 pl;
	struct link_frame	 lf;
	struct buf		 out;
	size_t			 n = 0;
	int			 dlt, rc;

	if ((pd = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, ebuf)) == NULL) {
		log_warnx("%s", ebuf);
		return -1;
	}
	dlt = pcap_datalink(pd);
	peel_init(&pl);
	buf_init(&out);
	while ((rc = pcap_next_ex(pd, &h, &data)) == 1) {
		buf_reset(&out);
		peel_frame(&pl, dlt, data, h->caplen, 0);
		buf_addf(&out, "{\"n\":%zu,\"ts\":%lld,\"reason\":\"%s\"", n++,
		    (long long)h->ts.tv_sec * NS_PER_S + h->ts.tv_usec,
		    reason_str(pl.reason));
		if (pl.reason != REASON_OK)
			(*nbad)++;
		if (pl.msg.type != NULL)
			buf_addf(&out, ",\"type\":\"%s\"",
			    msg_type_name(pl.msg.type));
		if (pl.has_psid)
			buf_addf(&out, ",\"psid\":%lu", (unsigned long)pl.psid);
		if (pl.btp_port >= 0)
			buf_addf(&out, ",\"port\":%d", pl.btp_port);
		if (link_parse(dlt, data, h->caplen, &lf) == REASON_OK)
			buf_addf(&out, ",\"src\":\"%02x:%02x:%02x:%02x:%02x:"
			    "%02x\"", lf.src[0], lf.src[1], lf.src[2],
			    lf.src[3], lf.src[4], lf.src[5]);
		verify(&out, &pl, (int64_t)h->ts.tv_sec * NS_PER_S +
		    h->ts.tv_usec, nbad);
		if (pl.reason == REASON_OK && pl.msg.value != NULL) {
			buf_adds(&out, ",\"message\":");
			if (jer_write_msg(&out, &pl.msg, err, sizeof(err)) !=
			    REASON_OK)
				buf_adds(&out, "null");
		} else if (pl.detail[0] != '\0') {
			buf_adds(&out, ",\"detail\":");
			jer_string(&out, pl.detail, strlen(pl.detail));
		}
		buf_adds(&out, "}\n");
		fwrite(out.p, 1, out.len, stdout);
	}
	if (rc == -1)
		log_warnx("%s: %s", path, pcap_geterr(pd));
	buf_free(&out);
	peel_free(&pl);
	pcap_close(pd);
	return rc == -1 ? -1 : 0;
}

static void
inspect_usage(FILE *f)
{
	fprintf(f, "usage: v2xsim inspect [--verify TRUST-DIR] FILE...\n");
}

int
inspect_main(int argc, char **argv)
{
	char	 err[256];
	size_t	 nbad = 0;
	int	 i = 1, rc = 0;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		inspect_usage(stdout);
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "--verify") == 0) {
		if ((vctx = sec_new(NULL)) == NULL ||
		    sec_store_load(vctx, argv[2], err, sizeof(err)) == -1) {
			log_warnx("--verify: %s", err);
			return 2;
		}
		i = 3;
	}
	if (i >= argc || argv[i][0] == '-') {
		inspect_usage(stderr);
		return 2;
	}
	msg_init();
	for (; i < argc && rc == 0; i++)
		if (inspect_file(argv[i], &nbad) == -1)
			rc = 2;
	sec_free(vctx);
	vctx = NULL;
	return rc ? rc : nbad > 0 ? 1 : 0;
}
