/*
 * sec_trustdir.c: loading the verifier's trust store (IEEE 1609.2 / ETSI
 * TS 103 097 certificates, HashedId8 lists) from a directory.
 *
 * Layout (sec_store_load):
 *   DIR/NAME.cert         COER certificates.  Self-signed: trusted roots, their
 *                      self-signature checked at load.  Others: CA
 *                      certificates (AA) known in advance, trusted only
 *                      once they chain to an anchor.
 *   DIR/pinned/NAME.cert  certificates trusted as they are: the chain stops at
 *                      them (an AA or AT whose issuer we do not have).
 *   DIR/anchors.txt    HashedId8s in hex, one a line (blank lines and # to
 *                      the end of a line ignored): a certificate with that
 *                      digest is an anchor when it is seen; a certificate
 *                      issued by that digest is anchored without checking
 *                      its signature (we have no key for it).
 *   DIR/deny.txt       HashedId8s, same syntax: revoked certificates; a
 *                      chain through one is REVOKED.  (A 1609.2 CRL reader
 *                      is to come; this list is what it will fill.)
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sec_int.h"

#define MAX_FILE	65536	/* a certificate file */

static int
read_all(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE	*f;
	size_t	 n;

	buf_reset(b);
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (buf_reserve(b, MAX_FILE + 1) == -1) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	n = fread(b->p, 1, MAX_FILE + 1, f);
	if (ferror(f) || n > MAX_FILE) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ?
		    strerror(errno) : "too large for a certificate");
		fclose(f);
		return -1;
	}
	fclose(f);
	b->len = n;
	return 0;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), k = strlen(suffix);

	return n > k && strcmp(s + n - k, suffix) == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's *.cert files, in name order, into *names (*n of
 * them; a failed allocation ends the list).  -1 if dir cannot be read. */
static int
cert_names(const char *dir, char ***names, size_t *n)
{
	struct dirent	*de;
	DIR		*d;
	char		**nn;
	size_t		 cap = 0;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!ends_with(de->d_name, ".cert"))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			if ((nn = realloc(*names, cap * sizeof(*nn))) == NULL)
				break;
			*names = nn;
		}
		if (((*names)[*n] = strdup(de->d_name)) == NULL)
			break;
		(*n)++;
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

/* One certificate file's content: pinned, a root when self-signed, else a
 * CA certificate to chain to an anchor. */
static enum sec_verdict
add_file_cert(struct sec_ctx *c, const struct buf *b, int pinned, char *why,
    size_t whylen)
{
	struct dot2_cert *ct;
	int		 self = 0;

	if (pinned)
		return sec_add_cert(c, (uint8_t *)b->p, b->len, SEC_TRUST_PIN,
		    NULL, why, whylen);
	if (dot2_cert_parse(&ct, (uint8_t *)b->p, b->len, NULL, NULL, 0) ==
	    REASON_OK) {
		self = ct->issuer.kind == DOT2_ISSUER_SELF;
		dot2_cert_free(ct);
	}
	return sec_add_cert(c, (uint8_t *)b->p, b->len,
	    self ? SEC_TRUST_ROOT : 0, NULL, why, whylen);
}

/* Every *.cert of dir, in name order.  -1 on error; a missing dir is not
 * one when optional. */
static int
load_certs(struct sec_ctx *c, const char *dir, int pinned, int optional,
    char *err, size_t errlen)
{
	struct buf	 b;
	char		 path[4096], why[200], **names;
	size_t		 n, i;
	int		 count = 0, rc = 0;
	enum sec_verdict v;

	if (cert_names(dir, &names, &n) == -1) {
		if (optional && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	buf_init(&b);
	for (i = 0; i < n && rc == 0; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (read_all(path, &b, err, errlen) == -1) {
			rc = -1;
			break;
		}
		if ((v = add_file_cert(c, &b, pinned, why, sizeof(why))) !=
		    SEC_VALID) {
			snprintf(err, errlen, "%s: %s: %s", path,
			    sec_verdict_str(v), why);
			rc = -1;
		} else
			count++;
	}
	buf_free(&b);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc == 0 ? count : -1;
}

/* Read HashedId8 lines into a set. */
static int
load_ids(struct sec_ctx *c, const char *path, int deny, char *err,
    size_t errlen)
{
	FILE	*f;
	char	 line[512], *s, *e;
	uint8_t	 id[8];
	int	 lineno = 0;
	long	 n;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if ((s = strchr(line, '#')) != NULL)
			*s = '\0';
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		for (e = s + strlen(s); e > s && (e[-1] == '\n' ||
		    e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		if (e == s)
			continue;
		n = hex_decode(s, (size_t)(e - s), id, sizeof(id));
		if (n != 8) {
			snprintf(err, errlen, "%s:%d: not a HashedId8 (16 hex "
			    "digits)", path, lineno);
			fclose(f);
			return -1;
		}
		if ((deny ? sec_deny(c, id) : sec_pin_digest(c, id)) == -1) {
			snprintf(err, errlen, "%s: out of memory", path);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int
sec_store_load(struct sec_ctx *c, const char *dir, char *err, size_t errlen)
{
	struct stat	 st;
	char		 path[4096];
	int		 n, m;

	if (stat(dir, &st) == -1) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/anchors.txt", dir);
	if (load_ids(c, path, 0, err, errlen) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/deny.txt", dir);
	if (load_ids(c, path, 1, err, errlen) == -1)
		return -1;
	if ((n = load_certs(c, dir, 0, 0, err, errlen)) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/pinned", dir);
	if ((m = load_certs(c, path, 1, 1, err, errlen)) == -1)
		return -1;
	return n + m;
}
