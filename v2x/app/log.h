/*
 * log.h: the one log API of v2x, rsud and v2xsim (v2x/app/log.c), after
 * OpenBSD's log.h.  Programs only: the library (codecs/) never logs.
 */
#ifndef V2X_APP_LOG_H
#define V2X_APP_LOG_H

#include <syslog.h>	/* LOG_* levels */

/* Name the program; foreground logs to stderr, else to syslog (daemon). */
void		 log_init(const char *prog, int foreground, int level);
void		 log_setlevel(int level);	/* LOG_* of syslog.h */
const char	*log_progname(void);
void		 log_warn(const char *, ...)	/* appends strerror(errno) */
		    __attribute__((format(printf, 1, 2)));
void		 log_warnx(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 fatal(const char *, ...)	/* log_warn, then exit(1) */
		    __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...)	/* log_warnx, then exit(1) */
		    __attribute__((format(printf, 1, 2), noreturn));

#endif
