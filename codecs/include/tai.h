/*
 * tai.h: IEEE 1609.2 time (Time32: TAI seconds, Time64: TAI microseconds,
 * both since 2004-01-01T00:00:00 UTC, IEEE 1609.2-2016 6.4.13-6.4.14) to
 * and from UTC, with the table of leap seconds inserted since that epoch.
 * Times on the wire count every elapsed second, leap seconds included;
 * POSIX time does not, so the two drift apart by one at each leap second.
 */
#ifndef TAI_H
#define TAI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* 2004-01-01T00:00:00Z in POSIX seconds. */
#define TAI_EPOCH_UNIX	1072915200LL

/* Leap seconds inserted after the epoch and no later than TAI second t
 * (a leap second itself counts as inserted). */
int	 tai_leaps(int64_t t);

/* TAI seconds since the epoch of a POSIX time. */
int64_t	 tai_from_unix(int64_t unix_sec);

/* POSIX time of TAI second t.  During an inserted leap second (23:59:60)
 * *leap is set to 1 (else 0; leap may be NULL) and the result is the
 * POSIX second before, 23:59:59. */
int64_t	 tai_to_unix(int64_t t, int *leap);

/* Append the UTC instant of TAI microseconds as RFC 3339 with six
 * fractional digits, e.g. "2019-11-21T10:53:01.123456Z". */
void	 tai_format_us(struct buf *, uint64_t tai_us);

/* Append the UTC instant of TAI seconds as RFC 3339, e.g.
 * "2019-11-21T10:53:01Z". */
void	 tai_format(struct buf *, int64_t tai);

/* Parse an RFC 3339 date-time (fraction and offset optional, 23:59:60
 * only at a real leap second) into TAI microseconds since the epoch.
 * Returns 0, or -1 if malformed or before the epoch. */
int	 tai_parse(const char *, size_t, uint64_t *tai_us);

#endif
