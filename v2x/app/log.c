/*
 * log.c: the log of the three programs (v2x, rsud, v2xsim), as OpenBSD's
 * daemons have it: "PROG: message" on stderr in the foreground, syslog
 * otherwise.  log_warn appends strerror(errno), log_warnx does not; fatal
 * and fatalx exit with status 1 (start-up errors, broken invariants).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static const char *progname = "v2x";
static int	 foreground = 1;
static int	 verbose = LOG_INFO;

void
log_init(const char *prog, int fg, int level)
{
	progname = prog;
	foreground = fg;
	verbose = level;
	if (!fg)
		openlog(prog, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

const char *
log_progname(void)
{
	return progname;
}

void
log_setlevel(int level)
{
	verbose = level;
}

static void
vlog(int pri, const char *fmt, va_list ap, int err)
{
	char	 msg[1024];

	if (pri > verbose)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (foreground) {
		if (err)
			fprintf(stderr, "%s: %s: %s\n", progname, msg,
			    strerror(err));
		else
			fprintf(stderr, "%s: %s\n", progname, msg);
		fflush(stderr);
	} else if (err)
		syslog(pri, "%s: %s", msg, strerror(err));
	else
		syslog(pri, "%s", msg);
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 e = errno;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, e != 0 ? e : EIO);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 e = errno;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, e != 0 ? e : EIO);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	exit(1);
}
