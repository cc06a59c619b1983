/*
 * store.c: the store-and-repeat table: entries the traffic centre stored,
 * sent at their interval between their start and stop times by the event
 * loop's timer.  The table is persisted to the state file on every change
 * (write a temporary file, fsync, rename, fsync the directory, all through
 * a descriptor of the directory, which the chroot leaves reachable) and
 * reloaded at start, so that a crash or kill -9 loses no entry.
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
		buf_addf(b, ",\"sent\":%llu,\"state\":\"%s\"",
		    (unsigned long long)e->sent,
		    e->stop && now >= e->stop ? "expired" :
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
load_entry(json_t *o, struct store_entry *e)
{
	char	 err[256];
	json_t	*v;

	memset(e, 0, sizeof(*e));
	if (!json_is_string(json_object_get(o, "id")))
		return -1;
	snprintf(e->id, sizeof(e->id), "%s",
	    json_string_value(json_object_get(o, "id")));
	if (tx_msg_from_json(&e->m, o, err, sizeof(err)) == -1) {
		log_warnx("store entry %s: %s", e->id, err);
		return -1;
	}
	if ((v = json_object_get(o, "intervalMs")) == NULL ||
	    (e->interval_ms = (long)json_integer_value(v)) <= 0)
		return -1;
	e->start = json_integer_value(json_object_get(o, "start"));
	e->stop = json_integer_value(json_object_get(o, "stop"));
	return 0;
}

int
store_init(struct store *s, const char *path, int max)
{
	json_error_t	 je;
	json_t		*root, *arr, *o;
	size_t		 i;

	memset(s, 0, sizeof(*s));
	s->dirfd = -1;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->max = max;
	s->next_id = 1;
	if ((s->e = calloc((size_t)max, sizeof(*s->e))) == NULL)
		fatal("calloc");
	if (open_dir(s) == -1)
		return -1;
	if (access(path, F_OK) == -1) {
		if (errno != ENOENT) {
			log_warn("store %s", path);
			return -1;
		}
		/* First start: make sure the file can be written. */
		if (store_save(s) == -1)
			return -1;
		log_info("store %s: new", path);
		return 0;
	}
	if ((root = json_load_file(path, 0, &je)) == NULL) {
		log_warnx("store %s:%d: %s", path, je.line, je.text);
		return -1;
	}
	if (json_is_integer(json_object_get(root, "nextId")))
		s->next_id = (uint64_t)json_integer_value(
		    json_object_get(root, "nextId"));
	arr = json_object_get(root, "entries");
	json_array_foreach(arr, i, o) {
		if (s->n == s->max) {
			log_warnx("store %s: more than store.max_entries "
			    "(%d): the rest is ignored", path, s->max);
			break;
		}
		if (load_entry(o, &s->e[s->n]) == -1) {
			log_warnx("store %s: entry %zu unreadable, skipped",
			    path, i);
			continue;
		}
		s->e[s->n].next = now_ms();
		s->n++;
	}
	json_decref(root);
	log_info("store %s: %d entries reloaded", path, s->n);
	return 0;
}

int
store_add(struct store *s, struct store_entry *e, char *err, size_t errlen)
{
	struct store_entry old;
	int		 i, replaced = -1;

	if (e->id[0] == '\0')
		snprintf(e->id, sizeof(e->id), "%llu",
		    (unsigned long long)s->next_id++);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].id, e->id) == 0)
			replaced = i;
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

	for (i = 0; i < s->n; i++)
		if (strcmp(s->e[i].id, id) == 0)
			break;
	if (i == s->n)
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

long
store_run(struct store *s, struct tx *t, struct secure *sec)
{
	double		 now = now_ms(), best = -1, wait;
	time_t		 wall = time(NULL);
	char		 err[256];
	int		 i;

	for (i = 0; i < s->n; i++) {
		struct store_entry *e = &s->e[i];

		if (e->stop && wall >= e->stop)
			continue;
		if (e->start && wall < e->start) {
			wait = (double)(e->start - wall) * 1000.0;
			if (best < 0 || wait < best)
				best = wait;
			continue;
		}
		if (e->next <= now) {
			if (tx_send(t, sec, &e->m, NULL, err, sizeof(err)) ==
			    -1)
				log_debug("store %s: %s", e->id, err);
			e->sent++;
			e->next += (double)e->interval_ms;
			if (e->next <= now)
				e->next = now + (double)e->interval_ms;
		}
		wait = e->next - now;
		if (best < 0 || wait < best)
			best = wait;
	}
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
