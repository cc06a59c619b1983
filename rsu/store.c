/*
 * store.c: the store-and-repeat table: entries the traffic centre stored,
 * sent at their interval between their start and stop times by the event
 * loop's timer, and dropped once their stop has passed.  The table is
 * persisted to the state file on every change (write a temporary file,
 * fsync, keep the previous file as FILE.bak, rename, fsync the directory,
 * all through a descriptor of the directory, which the chroot leaves
 * reachable) and reloaded at start, so that a crash or kill -9 loses no
 * entry.  A file that does not parse, or entries that cannot be read, are
 * kept aside as FILE.bad-TIME (logged, counted in status); rsud starts
 * with what it can read (FILE.bak when FILE does not parse).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "jer.h"
#include "rsud.h"

static void
entry_json(const struct store_entry *e, struct buf *b, int state)
{
	buf_adds(b, "{\"id\":");
	jer_string(b, e->id, strlen(e->id));
	buf_addf(b, ",\"family\":\"%s\",\"pdu\":\"%s\",\"type\":\"%s\","
	    "\"hex\":\"", msg_family_str(e->m.family), e->m.pdu, e->m.type);
	buf_addhex(b, e->m.uper, e->m.uper_len);
	buf_addf(b, "\",\"psid\":%u,\"intervalMs\":%ld", e->m.psid,
	    e->interval_ms);
	if (e->m.channel >= 0)
		buf_addf(b, ",\"channel\":%d", e->m.channel);
	if (e->m.btp_port >= 0)
		buf_addf(b, ",\"btpPort\":%d", e->m.btp_port);
	if (e->m.gbc)
		buf_addf(b, ",\"area\":{\"lat\":%.7f,\"lon\":%.7f,"
		    "\"radius\":%u}", e->m.gbc_lat / 1e7, e->m.gbc_lon / 1e7,
		    e->m.gbc_radius);
	if (e->m.sign >= 0)
		buf_addf(b, ",\"sign\":%s", e->m.sign ? "true" : "false");
	if (e->start)
		buf_addf(b, ",\"start\":%lld", (long long)e->start);
	if (e->stop)
		buf_addf(b, ",\"stop\":%lld", (long long)e->stop);
	if (state) {
		time_t now = time(NULL);
		buf_addf(b, ",\"sent\":%llu,\"failed\":%llu,"
		    "\"state\":\"%s\"", (unsigned long long)e->sent,
		    (unsigned long long)e->failed,
		    e->start && now < e->start ? "waiting" : "active");
	}
	buf_addc(b, '}');
}

void
store_json(const struct store *s, struct buf *b)
{
	int	 i;

	buf_addc(b, '[');
	for (i = 0; i < s->n; i++) {
		if (i)
			buf_addc(b, ',');
		entry_json(&s->e[i], b, 1);
	}
	buf_addc(b, ']');
}

/* The table as the state file holds it; -1 when out of memory. */
static int
store_text(const struct store *s, struct buf *b)
{
	int	 i;

	buf_addf(b, "{\"version\":1,\"nextId\":%llu,\"entries\":[",
	    (unsigned long long)s->next_id);
	for (i = 0; i < s->n; i++) {
		if (i)
			buf_adds(b, ",\n");
		entry_json(&s->e[i], b, 0);
	}
	buf_adds(b, "]}\n");
	return b->oom ? -1 : 0;
}

/* Write all of b to a new tmp in the state file's directory, fsync'd. */
static int
write_tmp(struct store *s, const char *tmp, const struct buf *b)
{
	char	 name[300];
	size_t	 off = 0;
	ssize_t	 w;
	int	 fd;

	snprintf(name, sizeof(name), "%s.tmp", s->base);
	if ((fd = openat(s->dirfd, name, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600)) == -1) {
		log_warn("store %s", tmp);
		return -1;
	}
	while (off < b->len) {
		if ((w = write(fd, b->p + off, b->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("store %s: write", tmp);
			close(fd);
			unlinkat(s->dirfd, name, 0);
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1 || close(fd) == -1) {
		log_warn("store %s: fsync", tmp);
		unlinkat(s->dirfd, name, 0);
		return -1;
	}
	return 0;
}

/*
 * The file about to be replaced becomes FILE.bak (a second link to it,
 * renamed into place: FILE itself never disappears).  Not fatal: the
 * first save after the privileges are dropped cannot link a file that
 * root created (fs.protected_hardlinks).
 */
static void
keep_bak(struct store *s)
{
	char	 bak[300], tmp[300];

	snprintf(bak, sizeof(bak), "%s.bak", s->base);
	snprintf(tmp, sizeof(tmp), "%s.bak.tmp", s->base);
	(void)unlinkat(s->dirfd, tmp, 0);
	if (linkat(s->dirfd, s->base, s->dirfd, tmp, 0) == -1) {
		if (errno != ENOENT)
			log_debug("store %s: no %s: %s", s->path, bak,
			    strerror(errno));
		return;
	}
	if (renameat(s->dirfd, tmp, s->dirfd, bak) == -1) {
		log_debug("store %s: rename to %s: %s", s->path, bak,
		    strerror(errno));
		(void)unlinkat(s->dirfd, tmp, 0);
	}
}

/*
 * Through the descriptor of the file's directory opened at start (so that
 * it works inside the chroot too): write a temporary file, fsync it,
 * rename it over the state file, fsync the directory.
 */
int
store_save(struct store *s)
{
	char		 tmp[600], name[300];
	struct buf	 b;
	int		 rc;

	buf_init(&b);
	if (store_text(s, &b) == -1) {
		buf_free(&b);
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->path);
	snprintf(name, sizeof(name), "%s.tmp", s->base);
	rc = write_tmp(s, tmp, &b);
	buf_free(&b);
	if (rc == -1)
		return -1;
	keep_bak(s);
	if (renameat(s->dirfd, name, s->dirfd, s->base) == -1) {
		log_warn("store: rename %s", s->path);
		unlinkat(s->dirfd, name, 0);
		return -1;
	}
	(void)fsync(s->dirfd);
	return 0;
}

/* The descriptor of the state file's directory, kept for store_save. */
static int
open_dir(struct store *s)
{
	char	 dir[600], base[600];
	const char *d;

	snprintf(dir, sizeof(dir), "%s", s->path);
	snprintf(base, sizeof(base), "%s", s->path);
	snprintf(s->base, sizeof(s->base), "%s", basename(base));
	d = dirname(dir);
	/* O_PATH when the directory cannot be read: all but the fsync */
	if ((s->dirfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 &&
	    (s->dirfd = open(d, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("store %s.tmp", s->path);
		return -1;
	}
	return 0;
}

static int
find(const struct store *s, const char *id)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].id, id) == 0)
			return i;
	return -1;
}

/* An integer member in lo..hi, or absent (*out = 0 when optional). */
static int
get_int(json_t *o, const char *key, int optional, long long lo,
    long long hi, int64_t *out)
{
	json_t	*v = json_object_get(o, key);

	*out = 0;
	if (v == NULL)
		return optional ? 0 : -1;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* One entry of the file into e; -1 with *err set when it cannot be. */
static int
load_entry(const struct store *s, json_t *o, struct store_entry *e,
    char *err, size_t errlen)
{
	json_t	*id = json_object_get(o, "id");
	int64_t	 iv;

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o) || !json_is_string(id) ||
	    json_string_length(id) == 0 ||
	    json_string_length(id) >= sizeof(e->id)) {
		snprintf(err, errlen, "no \"id\" of 1..%zu characters",
		    sizeof(e->id) - 1);
		return -1;
	}
	snprintf(e->id, sizeof(e->id), "%s", json_string_value(id));
	if (find(s, e->id) >= 0) {
		snprintf(err, errlen, "a second entry with this id");
		return -1;
	}
	if (get_int(o, "intervalMs", 0, 10, 86400000, &iv) == -1 ||
	    get_int(o, "start", 1, 0, INT64_MAX, &e->start) == -1 ||
	    get_int(o, "stop", 1, 0, INT64_MAX, &e->stop) == -1) {
		snprintf(err, errlen, "\"intervalMs\" (10..86400000), "
		    "\"start\" or \"stop\" (POSIX seconds) wrong");
		return -1;
	}
	e->interval_ms = (long)iv;
	return tx_msg_from_json(&e->m, o, err, errlen);
}

/* name.bad-TIME[-N], a name not in use in the state file's directory. */
static void
bad_name(struct store *s, const char *name, char *out, size_t len)
{
	char	 t[32];
	time_t	 now = time(NULL);
	int	 i;

	strftime(t, sizeof(t), "%Y%m%dT%H%M%SZ", gmtime(&now));
	snprintf(out, len, "%s.bad-%s", name, t);
	for (i = 2; faccessat(s->dirfd, out, F_OK, 0) == 0 && i < 1000; i++)
		snprintf(out, len, "%s.bad-%s-%d", name, t, i);
}

/* A copy of the file's text as name.bad-TIME; 0 or -1 (logged). */
static int
keep_copy(struct store *s, const char *name, const char *text, size_t len,
    char *bad, size_t badlen)
{
	ssize_t	 w;
	size_t	 off = 0;
	int	 fd;

	bad_name(s, name, bad, badlen);
	if ((fd = openat(s->dirfd, bad, O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0600)) == -1) {
		log_warn("store: %s", bad);
		return -1;
	}
	while (off < len)
		if ((w = write(fd, text + off, len - off)) > 0)
			off += (size_t)w;
		else if (w == -1 && errno != EINTR)
			break;
	if (off < len || fsync(fd) == -1) {
		log_warn("store: %s", bad);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* The text of name in the state file's directory (NUL-terminated, *len
 * without it); NULL with errno set. */
static char *
read_text(struct store *s, const char *name, size_t *len)
{
	char	*p = NULL, *np;
	size_t	 cap = 0;
	ssize_t	 r;
	int	 fd, e;

	*len = 0;
	if ((fd = openat(s->dirfd, name, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	for (;;) {
		if (*len + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if ((np = realloc(p, cap)) == NULL)
				fatal("store");
			p = np;
		}
		if ((r = read(fd, p + *len, cap - *len - 1)) == 0)
			break;
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			e = errno;
			free(p);
			close(fd);
			errno = e;
			return NULL;
		}
		*len += (size_t)r;
	}
	close(fd);
	p[*len] = '\0';
	return p;
}

/*
 * The entries of the file name: 1 read, 0 absent, -1 it does not parse,
 * -2 it cannot be read (*why set; nothing loaded).  Entries that cannot be read, or beyond
 * store.max_entries, are quarantined: the file is copied to
 * name.bad-TIME and each is logged; expired ones are dropped.  *changed
 * when the table differs from the file.
 */
static int
load_file(struct store *s, const char *name, char *why, size_t whylen,
    int *changed)
{
	json_error_t	 je;
	json_t		*root, *arr, *o;
	char		*text, err[300], bad[300] = "";
	size_t		 len, i;
	time_t		 wall = time(NULL);
	int		 nbad = 0;

	if ((text = read_text(s, name, &len)) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(why, whylen, "%s", strerror(errno));
		return -2;
	}
	if ((root = json_loadb(text, len, 0, &je)) == NULL ||
	    !json_is_array(arr = json_object_get(root, "entries")) ||
	    json_integer_value(json_object_get(root, "version")) != 1) {
		if (root == NULL)
			snprintf(why, whylen, "line %d: %s", je.line, je.text);
		else
			snprintf(why, whylen, "not a version 1 state file");
		json_decref(root);
		free(text);
		return -1;
	}
	if (json_is_integer(json_object_get(root, "nextId")) &&
	    json_integer_value(json_object_get(root, "nextId")) > 0)
		s->next_id = (uint64_t)json_integer_value(
		    json_object_get(root, "nextId"));
	json_array_foreach(arr, i, o) {
		struct store_entry *e = &s->e[s->n];

		if (s->n == s->max)
			snprintf(err, sizeof(err), "more than "
			    "store.max_entries (%d)", s->max);
		else if (load_entry(s, o, e, err, sizeof(err)) == 0) {
			if (e->stop && wall >= e->stop) {
				log_info("store %s: entry %s expired (stop "
				    "%lld), dropped", s->path, e->id,
				    (long long)e->stop);
				tx_msg_free(&e->m);
				s->expired++;
				*changed = 1;
				continue;
			}
			e->next = now_ms();
			s->n++;
			continue;
		}
		if (nbad++ == 0 && keep_copy(s, name, text, len, bad,
		    sizeof(bad)) == -1)
			snprintf(bad, sizeof(bad), "(no copy)");
		log_warnx("store %s: entry %zu (id %.64s) cannot be read: %s;"
		    " quarantined in %s", s->path, i,
		    json_is_string(json_object_get(o, "id")) ?
		    json_string_value(json_object_get(o, "id")) : "none", err,
		    bad);
	}
	s->quarantined += nbad;
	if (nbad)
		*changed = 1;
	json_decref(root);
	free(text);
	return 1;
}

/* name does not parse: moved aside to name.bad-TIME (logged). */
static void
quarantine_file(struct store *s, const char *name, const char *why)
{
	char	 bad[300];

	bad_name(s, name, bad, sizeof(bad));
	if (renameat(s->dirfd, name, s->dirfd, bad) == -1) {
		log_warn("store %s: %s does not parse (%s); cannot move it "
		    "aside", s->path, name, why);
		return;
	}
	(void)fsync(s->dirfd);
	log_warnx("store %s: %s does not parse (%s): moved to %s", s->path,
	    name, why, bad);
	s->quarantined++;
}

int
store_init(struct store *s, const char *path, int max)
{
	char	 why[300], bak[300];
	int	 rc, changed = 0;

	memset(s, 0, sizeof(*s));
	s->dirfd = -1;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->max = max;
	s->next_id = 1;
	if ((s->e = calloc((size_t)max, sizeof(*s->e))) == NULL)
		fatal("calloc");
	if (open_dir(s) == -1)
		return -1;
	snprintf(bak, sizeof(bak), "%s.bak", s->base);
	if ((rc = load_file(s, s->base, why, sizeof(why), &changed)) == -2) {
		/* permissions, I/O: not the file's fault, not moved aside */
		log_warnx("store %s: %s", path, why);
		return -1;
	}
	if (rc == 0) {
		/* First start: make sure the file can be written. */
		if (store_save(s) == -1)
			return -1;
		log_info("store %s: new", path);
		return 0;
	}
	if (rc == -1) {
		/* Not a restart loop: start with the last good file. */
		quarantine_file(s, s->base, why);
		changed = 1;
		if ((rc = load_file(s, bak, why, sizeof(why), &changed)) == 1) {
			snprintf(s->recovered, sizeof(s->recovered), "%s.bak",
			    path);
			log_warnx("store %s: started from %s.bak, the file "
			    "before the last change", path, path);
		} else if (rc == -1)
			quarantine_file(s, bak, why);
		else if (rc == -2)
			log_warnx("store %s.bak: %s", path, why);
		if (rc != 1)
			log_warnx("store %s: no good file: starting empty",
			    path);
	}
	if (changed && store_save(s) == -1)
		return -1;
	log_info("store %s: %d entries reloaded", path, s->n);
	return 0;
}

int
store_add(struct store *s, struct store_entry *e, char *err, size_t errlen)
{
	struct store_entry old;
	int		 replaced;

	/* a generated id never names an entry there is */
	if (e->id[0] == '\0')
		do
			snprintf(e->id, sizeof(e->id), "%llu",
			    (unsigned long long)s->next_id++);
		while (find(s, e->id) >= 0);
	replaced = find(s, e->id);
	if (replaced < 0 && s->n == s->max) {
		snprintf(err, errlen, "store full (store.max_entries %d)",
		    s->max);
		return -1;
	}
	e->next = now_ms();
	if (replaced >= 0) {
		old = s->e[replaced];
		s->e[replaced] = *e;
	} else
		s->e[s->n++] = *e;
	if (store_save(s) == -1) {
		if (replaced >= 0)
			s->e[replaced] = old;
		else
			s->n--;
		snprintf(err, errlen, "cannot write the state file %s",
		    s->path);
		return -1;
	}
	if (replaced >= 0)
		tx_msg_free(&old.m);
	return 0;
}

int
store_delete(struct store *s, const char *id)
{
	struct store_entry gone;
	int		 i;

	if ((i = find(s, id)) < 0)
		return -1;
	gone = s->e[i];
	memmove(&s->e[i], &s->e[i + 1], (size_t)(s->n - i - 1) *
	    sizeof(*s->e));
	s->n--;
	if (store_save(s) == -1) {
		memmove(&s->e[i + 1], &s->e[i], (size_t)(s->n - i) *
		    sizeof(*s->e));
		s->e[i] = gone;
		s->n++;
		return -2;
	}
	tx_msg_free(&gone.m);
	return 0;
}

/* Entry i's stop has passed: out of the table (the caller saves). */
static void
expire(struct store *s, int i)
{
	struct store_entry *e = &s->e[i];

	log_info("store %s: entry %s expired (stop %lld), dropped after %llu"
	    " sent, %llu failed", s->path, e->id, (long long)e->stop,
	    (unsigned long long)e->sent, (unsigned long long)e->failed);
	tx_msg_free(&e->m);
	memmove(&s->e[i], &s->e[i + 1], (size_t)(s->n - i - 1) *
	    sizeof(*s->e));
	s->n--;
	s->expired++;
}

/* One transmission of e: counted as sent or failed; a failure is logged
 * when it starts and when it ends, not at every repeat. */
static void
repeat(struct store *s, struct store_entry *e, struct tx *t,
    struct secure *sec)
{
	char	 err[512];

	if (tx_send(t, sec, &e->m, NULL, err, sizeof(err)) == 0) {
		if (e->failing)
			log_info("store %s: sent again after %llu failed",
			    e->id, (unsigned long long)e->failed);
		e->failing = 0;
		e->sent++;
		s->sent++;
		return;
	}
	if (!e->failing)
		log_warnx("store %s: not sent: %s (counted as failed, logged "
		    "again when it is sent)", e->id, err);
	e->failing = 1;
	e->failed++;
	s->failed++;
}

long
store_run(struct store *s, struct tx *t, struct secure *sec)
{
	double		 now = now_ms(), best = -1, wait;
	time_t		 wall = time(NULL);
	int		 i, expired = 0;

	for (i = 0; i < s->n; i++) {
		struct store_entry *e = &s->e[i];

		if (e->stop && wall >= e->stop) {
			expire(s, i--);
			expired++;
			continue;
		}
		if (e->start && wall < e->start) {
			wait = (double)(e->start - wall) * 1000.0;
			if (best < 0 || wait < best)
				best = wait;
			continue;
		}
		if (e->next <= now) {
			repeat(s, e, t, sec);
			e->next += (double)e->interval_ms;
			if (e->next <= now)
				e->next = now + (double)e->interval_ms;
		}
		wait = e->next - now;
		if (best < 0 || wait < best)
			best = wait;
	}
	if (expired && store_save(s) == -1)
		log_warnx("store %s: cannot write the state file; the "
		    "expired entries are dropped again at the next start",
		    s->path);
	return best < 0 ? -1 : (long)(best + 0.999);
}

void
store_free(struct store *s)
{
	int	 i;

	for (i = 0; i < s->n; i++)
		tx_msg_free(&s->e[i].m);
	free(s->e);
	s->e = NULL;
	s->n = 0;
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = -1;
}
