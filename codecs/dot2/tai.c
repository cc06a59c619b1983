/*
 * tai.c: IEEE 1609.2 TAI time <-> UTC.  Leap seconds from IERS Bulletin C
 * (TAI-UTC was 32 s at the 2004 epoch, 37 s since 2017-01-01; IERS Bulletin
 * C 69, January 2025, announced none for the end of June 2025).  Add a row
 * when IERS announces the next one.  Calendar arithmetic is done here
 * rather than with timegm()/gmtime(), which know nothing of leap seconds.
 */
#include <string.h>

#include "tai.h"

/* POSIX time of the UTC midnight that follows each inserted leap second. */
static const int64_t leap_after[] = {
	1136073600LL,	/* 2005-12-31T23:59:60Z, TAI-UTC 33 s */
	1230768000LL,	/* 2008-12-31T23:59:60Z, 34 s */
	1341100800LL,	/* 2012-06-30T23:59:60Z, 35 s */
	1435708800LL,	/* 2015-06-30T23:59:60Z, 36 s */
	1483228800LL,	/* 2016-12-31T23:59:60Z, 37 s */
};
#define NLEAPS	(int)(sizeof(leap_after) / sizeof(leap_after[0]))

/* TAI second (since the epoch) of leap second k (0-based): 23:59:60. */
static int64_t
leap_tai(int k)
{
	/* k leap seconds came before it: 23:59:59 is U - 1 - E + k. */
	return leap_after[k] - TAI_EPOCH_UNIX + k;
}

int
tai_leaps(int64_t t)
{
	int	 k, n = 0;

	for (k = 0; k < NLEAPS; k++)
		if (leap_tai(k) <= t)
			n++;
	return n;
}

int64_t
tai_from_unix(int64_t u)
{
	int	 k, n = 0;

	for (k = 0; k < NLEAPS; k++)
		if (leap_after[k] <= u)
			n++;
	return u - TAI_EPOCH_UNIX + n;
}

int64_t
tai_to_unix(int64_t t, int *leap)
{
	int	 k, n = 0, l = 0;

	for (k = 0; k < NLEAPS; k++) {
		if (leap_tai(k) == t)
			l = 1;
		if (leap_tai(k) < t)
			n++;
	}
	if (leap != NULL)
		*leap = l;
	return t + TAI_EPOCH_UNIX - n - l;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's algorithms). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t		 era;
	unsigned	 doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* n decimal digits of v, then the separator sep (none if 0). */
static void
digits_out(struct buf *b, unsigned v, int n, char sep)
{
	char	 t[12];
	int	 i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		t[i] = (char)('0' + v % 10);
	if (sep)
		t[n++] = sep;
	buf_add(b, t, (size_t)n);
}

/* "YYYY-MM-DDTHH:MM:SS" of TAI second t. */
static void
format_sec(struct buf *b, int64_t t)
{
	int64_t		 u, days, y;
	unsigned	 m, d, sod;
	int		 leap;

	u = tai_to_unix(t, &leap);
	days = floor_div(u, 86400);
	sod = (unsigned)(u - days * 86400);
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {	/* not RFC 3339, but still a date */
		buf_addf(b, "%04lld-%02u-%02uT%02u:%02u:%02u", (long long)y,
		    m, d, sod / 3600, sod / 60 % 60, sod % 60 +
		    (unsigned)leap);
		return;
	}
	/* Called for every message: no printf. */
	digits_out(b, (unsigned)y, 4, '-');
	digits_out(b, m, 2, '-');
	digits_out(b, d, 2, 'T');
	digits_out(b, sod / 3600, 2, ':');
	digits_out(b, sod / 60 % 60, 2, ':');
	digits_out(b, sod % 60 + (unsigned)leap, 2, 0);
}

void
tai_format_us(struct buf *b, uint64_t us)
{
	format_sec(b, (int64_t)(us / 1000000));
	buf_addc(b, '.');
	digits_out(b, (unsigned)(us % 1000000), 6, 'Z');
}

void
tai_format(struct buf *b, int64_t t)
{
	format_sec(b, t);
	buf_addc(b, 'Z');
}

/* n decimal digits at s into *v; -1 if any is not a digit. */
static int
digits(const char *s, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
month_days(int y, int m)
{
	static const int md[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

int
tai_parse(const char *s, size_t n, uint64_t *out)
{
	int	 y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0, k;
	int64_t	 u, t, us = 0, scale = 100000;
	size_t	 i;

	if (n < 20 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    s[16] != ':' || digits(s + 17, 2, &sec))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	i = 19;
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return -1;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			us += (s[i] - '0') * scale;	/* beyond 1 us: dropped */
			scale /= 10;
		}
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z'))
		i++;
	else if (i < n && (s[i] == '+' || s[i] == '-')) {
		sign = s[i] == '-' ? -1 : 1;
		if (n - i < 6 || digits(s + i + 1, 2, &oh) || s[i + 3] != ':' ||
		    digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		i += 6;
	} else
		return -1;
	if (i != n)
		return -1;
	u = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	    h * 3600 + mi * 60 + (sec == 60 ? 59 : sec);
	u -= sign * (oh * 3600 + om * 60);	/* to UTC */
	t = tai_from_unix(u);
	if (sec == 60) {
		/* Valid only as the last second of a UTC day with a leap. */
		for (k = 0; k < NLEAPS; k++)
			if (leap_after[k] == u + 1)
				break;
		if (k == NLEAPS)
			return -1;
		t = leap_tai(k);
	}
	if (t < 0)
		return -1;
	*out = (uint64_t)t * 1000000 + (uint64_t)us;
	return 0;
}
