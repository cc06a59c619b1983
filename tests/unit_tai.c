/*
 * unit_tai.c: unit tests of tai.c, IEEE 1609.2 TAI time <-> UTC: the epoch,
 * both sides of every leap second since 2004, the far future, RFC 3339
 * parsing and printing, and agreement with tshark's conversion (a constant
 * 5 leap seconds, right since 2017).  Prints PASS/FAIL lines.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "tai.h"

#define E	TAI_EPOCH_UNIX

/* The table, written out again: POSIX midnight after each leap second and
 * the UTC day that had it. */
static const struct {
	int64_t		 after;
	const char	*day;
	const char	*next;
} leaps[] = {
	{ 1136073600, "2005-12-31", "2006-01-01" },
	{ 1230768000, "2008-12-31", "2009-01-01" },
	{ 1341100800, "2012-06-30", "2012-07-01" },
	{ 1435708800, "2015-06-30", "2015-07-01" },
	{ 1483228800, "2016-12-31", "2017-01-01" },
};
#define NLEAPS	(int)(sizeof(leaps) / sizeof(leaps[0]))

static const char *
fmt(int64_t t)
{
	static struct buf	 b;

	buf_reset(&b);
	tai_format(&b, t);
	return buf_cstr(&b);
}

static const char *
fmt_us(uint64_t us)
{
	static struct buf	 b;

	buf_reset(&b);
	tai_format_us(&b, us);
	return buf_cstr(&b);
}

static int
parses_to(const char *s, uint64_t want)
{
	uint64_t	 got = 0;

	return tai_parse(s, strlen(s), &got) == 0 && got == want;
}

static int
rejects(const char *s)
{
	uint64_t	 got;

	return tai_parse(s, strlen(s), &got) == -1;
}

static void
test_epoch(void)
{
	int	 leap = -1;

	CHECK("2004-01-01T00:00:00Z is TAI 0", tai_from_unix(E) == 0);
	CHECK("TAI 0 is 2004-01-01T00:00:00Z",
	    tai_to_unix(0, &leap) == E && leap == 0 &&
	    strcmp(fmt(0), "2004-01-01T00:00:00Z") == 0);
	CHECK("TAI 0 parses", parses_to("2004-01-01T00:00:00Z", 0));
	CHECK("no leap second inserted at the epoch", tai_leaps(0) == 0);
	CHECK("before the epoch: negative TAI", tai_from_unix(E - 1) == -1);
}

static void
test_leaps(void)
{
	char	 name[128], s[64];
	int64_t	 t;
	int	 k, leap;

	for (k = 0; k < NLEAPS; k++) {
		/* The leap second: k came before it. */
		t = leaps[k].after - E + k;
		snprintf(name, sizeof(name), "leap %s: 23:59:59 before it",
		    leaps[k].day);
		snprintf(s, sizeof(s), "%sT23:59:59Z", leaps[k].day);
		CHECK(name, tai_from_unix(leaps[k].after - 1) == t - 1 &&
		    strcmp(fmt(t - 1), s) == 0 &&
		    parses_to(s, (uint64_t)(t - 1) * 1000000) &&
		    tai_leaps(t - 1) == k);
		snprintf(name, sizeof(name), "leap %s: 23:59:60 itself",
		    leaps[k].day);
		snprintf(s, sizeof(s), "%sT23:59:60Z", leaps[k].day);
		CHECK(name, tai_to_unix(t, &leap) == leaps[k].after - 1 &&
		    leap == 1 && strcmp(fmt(t), s) == 0 &&
		    parses_to(s, (uint64_t)t * 1000000) &&
		    tai_leaps(t) == k + 1);
		snprintf(s, sizeof(s), "%sT23:59:60.999999Z", leaps[k].day);
		snprintf(name, sizeof(name), "leap %s: 23:59:60.999999",
		    leaps[k].day);
		CHECK(name, strcmp(fmt_us((uint64_t)t * 1000000 + 999999),
		    s) == 0 && parses_to(s, (uint64_t)t * 1000000 + 999999));
		snprintf(name, sizeof(name), "leap %s: midnight after it",
		    leaps[k].day);
		snprintf(s, sizeof(s), "%sT00:00:00Z", leaps[k].next);
		CHECK(name, tai_from_unix(leaps[k].after) == t + 1 &&
		    tai_to_unix(t + 1, &leap) == leaps[k].after && leap == 0 &&
		    strcmp(fmt(t + 1), s) == 0 &&
		    parses_to(s, (uint64_t)(t + 1) * 1000000));
		snprintf(name, sizeof(name), "leap %s: in another offset",
		    leaps[k].day);
		snprintf(s, sizeof(s), "%sT01:29:60+01:30", leaps[k].next);
		CHECK(name, parses_to(s, (uint64_t)t * 1000000));
	}
	CHECK("23:59:60 on a day without a leap second is refused",
	    rejects("2007-12-31T23:59:60Z") && rejects("2017-06-30T23:59:60Z")
	    && rejects("2016-12-31T22:59:60Z"));
	CHECK("TAI-UTC grew from 32 s to 37 s: 5 leap seconds by 2017",
	    tai_from_unix(leaps[NLEAPS - 1].after) ==
	    leaps[NLEAPS - 1].after - E + 5);
}

static void
test_far(void)
{
	CHECK("2100-01-01T00:00:00Z (no leap second announced since 2016)",
	    tai_from_unix(4102444800LL) == 3029529605LL &&
	    strcmp(fmt(3029529605LL), "2100-01-01T00:00:00Z") == 0 &&
	    parses_to("2100-01-01T00:00:00Z", 3029529605ULL * 1000000));
	CHECK("largest Time32 is 2140-02-07T06:28:10Z",
	    strcmp(fmt(0xffffffffLL), "2140-02-07T06:28:10Z") == 0);
	CHECK("largest Time64 prints", strlen(fmt_us(UINT64_MAX)) > 20);
}

/* Times seen in real messages, as tshark 4.0 shows them. */
static void
test_known(void)
{
	CHECK("vanetza CAM generationTime",
	    strcmp(fmt_us(501427680646830ULL),
	    "2019-11-21T13:27:55.646830Z") == 0);
	CHECK("vanetza certificate start",
	    strcmp(fmt(501217205), "2019-11-19T03:00:00Z") == 0);
	CHECK("jpo-ode BSM generationTime",
	    strcmp(fmt_us(636913807899000ULL),
	    "2024-03-07T16:30:02.899000Z") == 0);
}

static void
test_parse(void)
{
	CHECK("parse: fraction and offset",
	    parses_to("2019-11-21T14:27:55.646830+01:00", 501427680646830ULL));
	CHECK("parse: lower-case t and z, short fraction",
	    parses_to("2019-11-21t13:27:55.5z", 501427680500000ULL));
	CHECK("parse: digits beyond microseconds are dropped",
	    parses_to("2019-11-21T13:27:55.646830999Z", 501427680646830ULL));
	CHECK("parse: negative offset",
	    parses_to("2019-11-21T08:27:55-05:00", 501427680000000ULL));
	CHECK("parse: 29 February of a leap year",
	    parses_to("2024-02-29T00:00:00Z",
	    (uint64_t)(1709164800LL - E + 5) * 1000000));
	CHECK("parse: malformed dates refused",
	    rejects("2023-02-29T00:00:00Z") && rejects("2024-02-30T00:00:00Z")
	    && rejects("2024-13-01T00:00:00Z") &&
	    rejects("2024-01-01T24:00:00Z") && rejects("2024-01-01T00:60:00Z")
	    && rejects("2024-01-01T00:00:00") &&
	    rejects("2024-01-01T00:00:00Zx") && rejects("2024-01-01T00:00:00.Z")
	    && rejects("2024-01-01T00:00:00+25:00") &&
	    rejects("2024-1-01T00:00:00Z") && rejects(""));
	CHECK("parse: before the epoch refused",
	    rejects("2003-12-31T23:59:59Z") &&
	    rejects("2004-01-01T00:30:00+01:00"));
}

/* format -> parse and unix -> TAI -> unix over 2004..2040. */
static void
test_roundtrip(void)
{
	struct buf	 b;
	uint64_t	 us, back;
	int64_t		 t, u;
	int		 ok = 1, tshark = 1, leap;

	buf_init(&b);
	for (t = 0; t < 1150000000LL && ok; t += 86399 * 3 + 7) {
		us = (uint64_t)t * 1000000 + (uint64_t)(t % 1000000);
		buf_reset(&b);
		tai_format_us(&b, us);
		if (tai_parse(b.p, b.len, &back) != 0 || back != us)
			ok = 0;
		u = tai_to_unix(t, &leap);
		if (!leap && tai_from_unix(u) != t)
			ok = 0;
		/* tshark: secs = v + 1072915200 - 5, right from 2017. */
		if (u >= 1483228800LL && u != t + E - 5)
			tshark = 0;
	}
	CHECK("format and parse round trip, 2004-2040", ok);
	CHECK("same instants as tshark's conversion since 2017", tshark);
	buf_free(&b);
}

int
main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_epoch();
	test_leaps();
	test_far();
	test_known();
	test_parse();
	test_roundtrip();
	return check_exit();
}
