/*
 * capture.c: frames from libpcap: a live capture (immediate mode, a BPF
 * filter for WSMP and GeoNetworking, non-blocking, its selectable fd in
 * the event loop) and capture files (pcap, pcapng) read as fast as
 * possible or at their own pace (the timer of the event loop).
 */
#include <errno.h>
#include <string.h>
#include <sys/time.h>

#include <pcap/pcap.h>

#include "rsud.h"

static void
on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *p)
{
	struct capture	*c = (struct capture *)user;

	engine_frame(c->live ? SRC_RADIO : SRC_FILE, c->dlt, p, h->caplen,
	    &h->ts);
}

int
capture_open_live(struct capture *c, const char *iface, const char *filter,
    int snaplen)
{
	char		 err[PCAP_ERRBUF_SIZE];
	struct bpf_program bpf;
	pcap_t		*p;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if ((p = pcap_create(iface, err)) == NULL) {
		log_warnx("capture %s: %s", iface, err);
		return -1;
	}
	pcap_set_snaplen(p, snaplen);
	pcap_set_promisc(p, 1);
	pcap_set_immediate_mode(p, 1);
	pcap_set_buffer_size(p, 4 << 20);
	if (pcap_activate(p) < 0) {
		log_warnx("capture %s: %s", iface, pcap_geterr(p));
		pcap_close(p);
		return -1;
	}
	if (filter != NULL && *filter != '\0') {
		if (pcap_compile(p, &bpf, filter, 1, PCAP_NETMASK_UNKNOWN) ==
		    -1 || pcap_setfilter(p, &bpf) == -1) {
			log_warnx("capture %s: filter '%s': %s", iface, filter,
			    pcap_geterr(p));
			pcap_close(p);
			return -1;
		}
		pcap_freecode(&bpf);
	}
	/* not our own transmissions (tx.interface may be this one) */
	if (pcap_setdirection(p, PCAP_D_IN) == -1)
		log_warnx("capture %s: cannot ignore outgoing frames: %s",
		    iface, pcap_geterr(p));
	if (pcap_setnonblock(p, 1, err) == -1) {
		log_warnx("capture %s: %s", iface, err);
		pcap_close(p);
		return -1;
	}
	if ((c->fd = pcap_get_selectable_fd(p)) == -1) {
		log_warnx("capture %s: no selectable fd", iface);
		pcap_close(p);
		return -1;
	}
	c->pcap = p;
	c->dlt = pcap_datalink(p);
	c->live = 1;
	log_info("capturing on %s (link type %d, filter '%s')", iface, c->dlt,
	    filter);
	return 0;
}

int
capture_open_file(struct capture *c, const char *path, int pace_own)
{
	char	 err[PCAP_ERRBUF_SIZE];

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if ((c->pcap = pcap_open_offline(path, err)) == NULL) {
		log_warnx("input.file %s: %s", path, err);
		return -1;
	}
	c->dlt = pcap_datalink(c->pcap);
	c->pace_own = pace_own;
	log_info("reading %s (link type %d, %s)", path, c->dlt,
	    pace_own ? "own pace" : "as fast as possible");
	return 0;
}

static int
file_next(struct capture *c)
{
	struct pcap_pkthdr *h;
	const u_char	*d;
	int		 r;

	r = pcap_next_ex(c->pcap, &h, &d);
	if (r == 1) {
		c->next_data = d;
		c->next_len = h->caplen;
		c->next_ts = h->ts;
		c->have_next = 1;
		return 0;
	}
	if (r == -1)
		log_warnx("input.file: %s", pcap_geterr(c->pcap));
	c->have_next = 0;
	c->done = 1;
	return -1;
}

/* Wall time at which the next frame is due, in ms from now. */
static long
due_in(struct capture *c)
{
	struct timeval	 now, rel, due;

	timersub(&c->next_ts, &c->t0_file, &rel);
	timeradd(&c->t0_wall, &rel, &due);
	gettimeofday(&now, NULL);
	if (!timercmp(&due, &now, >))
		return 0;
	timersub(&due, &now, &rel);
	return rel.tv_sec * 1000 + (rel.tv_usec + 999) / 1000;
}

int
capture_dispatch(struct capture *c, int max)
{
	int	 n = 0;

	if (c->pcap == NULL || c->done || c->waiting)
		return 0;
	if (c->live) {
		n = pcap_dispatch(c->pcap, max, on_frame, (u_char *)c);
		if (n == PCAP_ERROR) {
			log_warnx("capture: %s", pcap_geterr(c->pcap));
			return 0;
		}
		return n;
	}
	if (!c->pace_own) {
		struct pcap_pkthdr *h;
		const u_char	*d;
		int		 r;

		while (n < max) {
			if ((r = pcap_next_ex(c->pcap, &h, &d)) != 1) {
				if (r == -1)
					log_warnx("input.file: %s",
					    pcap_geterr(c->pcap));
				c->done = 1;
				break;
			}
			engine_frame(SRC_FILE, c->dlt, d, h->caplen, &h->ts);
			n++;
		}
		return n;
	}
	if (!c->have_next) {
		if (file_next(c) == -1)
			return 0;
		c->t0_file = c->next_ts;
		gettimeofday(&c->t0_wall, NULL);
	}
	while (n < max && c->have_next && due_in(c) == 0) {
		engine_frame(SRC_FILE, c->dlt, c->next_data, c->next_len,
		    &c->next_ts);
		n++;
		file_next(c);
	}
	return n;
}

long
capture_timeout(struct capture *c)
{
	if (c->pcap == NULL || c->live || c->done || c->waiting)
		return -1;
	if (!c->pace_own || !c->have_next)
		return 0;
	return due_in(c);
}

void
capture_close(struct capture *c)
{
	if (c->pcap != NULL)
		pcap_close(c->pcap);
	c->pcap = NULL;
	c->fd = -1;
}

int
capture_inject(void *pcap, const uint8_t *p, size_t n)
{
	if (pcap_inject(pcap, p, n) == -1) {
		log_warnx("inject: %s", pcap_geterr(pcap));
		return -1;
	}
	return 0;
}

/* What a cumulative 32-bit count grew by since *last. */
static uint32_t
grown(uint32_t now, uint32_t *last)
{
	uint32_t	 d = now - *last;

	*last = now;
	/* a step "backwards": libpcap's ps_ifdrop adds (0 - its last
	 * sysfs reading) once the chroot hides /sys; not a drop */
	return d > UINT32_MAX / 2 ? 0 : d;
}

/*
 * ps_drop: frames that passed the filter but found the ring full;
 * ps_ifdrop: the interface's own drops (rx_missed, rx_fifo), while
 * /sys/class/net is reachable (not in the chroot).
 */
void
capture_stats(struct capture *c, struct stats *st)
{
	struct pcap_stat ps;

	if (c->pcap == NULL || !c->live || pcap_stats(c->pcap, &ps) != 0)
		return;
	c->dropped += grown(ps.ps_drop, &c->last_drop);
	c->dropped += grown(ps.ps_ifdrop, &c->last_ifdrop);
	st->capture_drop = st->rx_dropped[SRC_RADIO] = c->dropped;
}
