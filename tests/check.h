/*
 * check.h: what the unit tests and benchmarks share: the PASS, FAIL and
 * SKIP lines tests/run counts, the failures that make the exit status, and
 * small helpers (JSON, hex, files, $VECTORS, a seeded generator, a clock).
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "buf.h"

/* Every FAIL line printed so far; check_exit() turns it into the status. */
static int check_failures __attribute__((unused));

/* Prints "PASS " and the formatted name. */
static inline void __attribute__((format(printf, 1, 2)))
check_pass(const char *fmt, ...)
{
	va_list	 ap;

	fputs("PASS ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Prints "FAIL " and the formatted "name: why", and counts a failure. */
static inline void __attribute__((format(printf, 1, 2)))
check_fail(const char *fmt, ...)
{
	va_list	 ap;

	fputs("FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	check_failures++;
}

/* Prints "SKIP " and the formatted "name: why" (outside data absent). */
static inline void __attribute__((format(printf, 1, 2)))
check_skip(const char *fmt, ...)
{
	va_list	 ap;

	fputs("SKIP ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* PASS name when cond holds, else FAIL with the condition and its line. */
#define CHECK(name, cond) do {						\
	if (cond)							\
		check_pass("%s", (name));				\
	else								\
		check_fail("%s: %s (line %d)", (name), #cond, __LINE__);\
} while (0)

/* PASS name, or FAIL name: why when bad (why says what went wrong). */
static inline void
report(const char *name, int bad, const char *why)
{
	if (bad)
		check_fail("%s: %s", name, why);
	else
		check_pass("%s", name);
}

/* The exit status of a test program: 1 when anything failed. */
static inline int
check_exit(void)
{
	return check_failures ? 1 : 0;
}

/* The flags our JSON writers are held to by most tests: NUL escapes
 * allowed, integers beyond int64 read as reals. */
#define CHECK_JSON_LAX	(JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL)

/* 1 when s reads as JSON under the jansson decoding flags; else prints
 * "# bad JSON" (not a FAIL line: the caller's CHECK says FAIL) and 0. */
static inline int
check_json(const char *s, size_t flags)
{
	json_error_t	 e;
	json_t		*j;

	if ((j = json_loads(s, flags, &e)) == NULL) {
		printf("# bad JSON: %s: %s\n", e.text, s);
		return 0;
	}
	json_decref(j);
	return 1;
}

/* The octets of a NUL-terminated hex string (hex_decode's rules). */
static inline long
check_unhex(const char *hex, uint8_t *out, size_t cap)
{
	return hex_decode(hex, strlen(hex), out, cap);
}

/* The directory of outside test data: $VECTORS, else ../shared/vectors. */
static inline const char *
check_vectors(void)
{
	const char *v = getenv("VECTORS");

	return v != NULL && *v != '\0' ? v : "../shared/vectors";
}

/* A whole file into b (reset first); 0, or -1 when unreadable. */
static inline int
check_read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 tmp[65536];
	size_t	 k;

	buf_reset(b);
	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(b, tmp, k);
	fclose(f);
	return b->oom ? -1 : 0;
}

/* n octets into a new file; 0, or -1 after saying why on stderr. */
static inline int
check_write_file(const char *path, const void *p, size_t n)
{
	FILE	*f;
	int	 bad;

	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		return -1;
	}
	bad = fwrite(p, 1, n, f) != n;
	if (fclose(f) != 0 || bad) {
		perror(path);
		return -1;
	}
	return 0;
}

/* xorshift64*: deterministic test data from a seed (never 0). */
static inline uint64_t
check_rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/* Monotonic time in seconds, for benchmarks. */
static inline double
check_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Monotonic time in nanoseconds. */
static inline int64_t
check_now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#endif /* CHECK_H */
