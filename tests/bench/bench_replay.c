/*
 * bench_replay.c: v2xsim replay timing to UDP on loopback.  Writes traces
 * of evenly spaced frames at 1,000 and 10,000 frames/s, replays each with
 * build/bin/v2xsim replay --to udp:127.0.0.1:PORT --layer frame, and
 * takes each datagram's arrival time from the kernel (SO_TIMESTAMPNS), so
 * that the receiver's own scheduling does not count: the lateness
 * (arrival minus offset, less the smallest such difference) gives the
 * median and p99, at normal and (--rt) real-time priority; then --max
 * gives the highest rate replay sustains.  The host's load shows in the
 * tail: read the figures with the load average beside them.
 * usage: bench_replay [SECONDS-PER-FIGURE]
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "check.h"

extern char **environ;

#define SIM	"build/bin/v2xsim"

static int
cmp64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* n Ethernet frames of 120 bytes, one every gap_ns, sequence-numbered. */
static int
write_trace(const char *path, size_t n, int64_t gap_ns)
{
	pcap_t			*pd;
	pcap_dumper_t		*d;
	struct pcap_pkthdr	 h;
	uint8_t			 f[120];
	size_t			 i;
	int64_t			 t = 1700000000LL * 1000000000LL;

	pd = pcap_open_dead_with_tstamp_precision(1, 65535,
	    PCAP_TSTAMP_PRECISION_NANO);
	if (pd == NULL || (d = pcap_dump_open(pd, path)) == NULL)
		return -1;
	memset(f, 0, sizeof(f));
	memset(f, 0xff, 6);
	f[6] = 0x02;
	f[12] = 0x88;
	f[13] = 0xb5;		/* local experimental EtherType */
	for (i = 0; i < n; i++, t += gap_ns) {
		memcpy(f + 14, &i, sizeof(i));
		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = t / 1000000000LL;
		h.ts.tv_usec = t % 1000000000LL;
		h.caplen = h.len = sizeof(f);
		pcap_dump((u_char *)d, &h, f);
	}
	pcap_dump_close(d);
	pcap_close(pd);
	return 0;
}

/* Replay path to our socket; arrival times into at[seq] (-1: lost).
 * Returns the wall time from the first to the last arrival, ns. */
static int64_t
replay(const char *path, size_t n, const char *speed, const char *rt,
    int64_t *at,
    size_t *got, char *summary, size_t sumlen)
{
	struct sockaddr_in	 sa;
	socklen_t		 sl = sizeof(sa);
	char			 dest[64], buf[2048];
	char			*argv[12];
	int			 s, rcv = 64 << 20, argc = 0, st, pfd[2];
	int			 one = 1;
	pid_t			 pid;
	posix_spawn_file_actions_t fa;
	struct pollfd		 p;
	int64_t			 first = -1, last = -1, t;
	ssize_t			 k;
	size_t			 seq, sl2 = 0;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	setsockopt(s, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &sl) == -1)
		return -1;
	snprintf(dest, sizeof(dest), "udp:127.0.0.1:%u", ntohs(sa.sin_port));
	argv[argc++] = SIM;
	argv[argc++] = "replay";
	argv[argc++] = (char *)path;
	argv[argc++] = "--to";
	argv[argc++] = dest;
	argv[argc++] = "--layer";
	argv[argc++] = "frame";
	argv[argc++] = "-q";
	if (speed != NULL)
		argv[argc++] = (char *)speed;
	if (rt != NULL)
		argv[argc++] = (char *)rt;
	argv[argc] = NULL;
	if (pipe(pfd) == -1)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	if (posix_spawn(&pid, SIM, &fa, NULL, argv, environ) != 0) {
		fprintf(stderr, "bench_replay: cannot run %s\n", SIM);
		return -1;
	}
	close(pfd[1]);
	for (seq = 0; seq < n; seq++)
		at[seq] = -1;
	*got = 0;
	p.fd = s;
	p.events = POLLIN;
	/* until the replay ends and the socket stays quiet for 200 ms */
	for (;;) {
		if (poll(&p, 1, 200) <= 0) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			continue;
		}
		for (;;) {
			struct msghdr	 mh;
			struct iovec	 iov = { buf, sizeof(buf) };
			struct cmsghdr	*cm;
			char		 ctl[256];

			memset(&mh, 0, sizeof(mh));
			mh.msg_iov = &iov;
			mh.msg_iovlen = 1;
			mh.msg_control = ctl;
			mh.msg_controllen = sizeof(ctl);
			if ((k = recvmsg(s, &mh, MSG_DONTWAIT)) <= 0)
				break;
			/* the kernel's arrival time, not when we ran */
			t = check_now_ns();
			for (cm = CMSG_FIRSTHDR(&mh); cm != NULL;
			    cm = CMSG_NXTHDR(&mh, cm))
				if (cm->cmsg_level == SOL_SOCKET &&
				    cm->cmsg_type == SCM_TIMESTAMPNS) {
					struct timespec ts;

					memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
					t = ts.tv_sec * 1000000000LL +
					    ts.tv_nsec;
				}
			if (k < 14 + (ssize_t)sizeof(seq))
				continue;
			memcpy(&seq, buf + 14, sizeof(seq));
			if (seq < n && at[seq] == -1) {
				at[seq] = t;
				(*got)++;
			}
			if (first == -1)
				first = t;
			last = t;
		}
	}
	while ((k = read(pfd[0], summary + sl2, sumlen - 1 - sl2)) > 0)
		sl2 += k;
	summary[sl2] = '\0';
	close(pfd[0]);
	close(s);
	return last - first;
}

static void
timing(size_t rate, double secs, const char *rt)
{
	char		 path[256], sum[4096], *tl;
	size_t		 n = (size_t)(rate * secs), i, got, m = 0;
	int64_t		 gap = 1000000000LL / rate, *at, *late, base;

	if (n < 200)
		n = 200;
	snprintf(path, sizeof(path), "build/bench/replay_%zu.pcap", rate);
	at = calloc(n, sizeof(*at));
	late = calloc(n, sizeof(*late));
	if (at == NULL || late == NULL || write_trace(path, n, gap) == -1 ||
	    replay(path, n, NULL, rt, at, &got, sum, sizeof(sum)) < 0) {
		printf("replay %zu frames/s: failed\n", rate);
		return;
	}
	base = INT64_MAX;
	for (i = 0; i < n; i++)
		if (at[i] >= 0 && at[i] - (int64_t)i * gap < base)
			base = at[i] - (int64_t)i * gap;
	for (i = 0; i < n; i++)
		if (at[i] >= 0)
			late[m++] = at[i] - (int64_t)i * gap - base;
	qsort(late, m, sizeof(*late), cmp64);
	printf("replay to UDP loopback at %5zu frames/s%s: lateness at the "
	    "receiver median %6.1f us, p99 %7.1f us, max %7.1f us (%zu "
	    "frames, %zu lost)\n", rate, rt ? " --rt" : "",
	    m ? late[m / 2] / 1e3 : 0,
	    m ? late[(size_t)(m * 0.99)] / 1e3 : 0, m ? late[m - 1] / 1e3 : 0,
	    n, n - got);
	if ((tl = strstr(sum, "timing: ")) != NULL)
		printf("    sender's own: %.*s\n", (int)strcspn(tl, "\n"), tl);
	free(at);
	free(late);
}

static void
maxrate(double secs)
{
	char		 path[256], sum[4096], *r;
	size_t		 n = (size_t)(200000 * secs), got;
	int64_t		*at, span;

	if (n < 20000)
		n = 20000;
	snprintf(path, sizeof(path), "build/bench/replay_max.pcap");
	if ((at = calloc(n, sizeof(*at))) == NULL ||
	    write_trace(path, n, 100000) == -1 ||
	    (span = replay(path, n, "--max", NULL, at, &got, sum,
	    sizeof(sum))) <
	    0) {
		printf("replay --max: failed\n");
		return;
	}
	r = strstr(sum, " s (");
	printf("replay --max to UDP loopback: %.0f frames/s sent (%s), %.0f "
	    "frames/s received, %zu of %zu received\n",
	    r ? strtod(r + 4, NULL) : 0.0, "v2xsim's count",
	    span > 0 ? got / (span / 1e9) : 0.0, got, n);
	free(at);
}

int
main(int argc, char **argv)
{
	double	 secs = argc > 1 ? strtod(argv[1], NULL) : 0.5;

	if (access(SIM, X_OK) == -1) {
		printf("bench_replay: %s not built\n", SIM);
		return 0;
	}
	if (secs < 0.1)
		secs = 0.1;
	{
		double	 la[1];

		if (getloadavg(la, 1) == 1)
			printf("bench_replay: load average %.2f on this host\n",
			    la[0]);
	}
	/* a few seconds each: the tail needs samples */
	timing(1000, secs * 4, NULL);
	timing(10000, secs * 4, NULL);
	/* the same at real-time priority, where the host allows it */
	timing(1000, secs * 4, "--rt");
	timing(10000, secs * 4, "--rt");
	maxrate(secs * 4);
	return 0;
}
