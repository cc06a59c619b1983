/*
 * jail.c: rsud's chroot(2), as OpenBSD's ntpd and bgpd chroot into an
 * empty directory once their sockets are open.  The files rsud reads again
 * after start-up (the configuration and the files it names, on SIGHUP) are
 * reached through descriptors of their directories opened before.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rsud.h"

#define JAIL_MAX_DIRS	8

static struct {
	char		*dir;		/* as the configuration names it */
	int		 fd;
} kept[JAIL_MAX_DIRS];
static int	 nkept;
static char	 root[1024];		/* empty: not chrooted */

/* The directory part of path, in out. */
static void
dir_of(const char *path, char *out, size_t len)
{
	char	 copy[1024];

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(out, len, "%s", dirname(copy));
}

int
jail_keep(const char *path)
{
	char	 dir[1024];
	int	 i, fd;

	if (*path == '\0')
		return 0;
	dir_of(path, dir, sizeof(dir));
	for (i = 0; i < nkept; i++)
		if (strcmp(kept[i].dir, dir) == 0)
			return 0;
	if (nkept == JAIL_MAX_DIRS) {
		log_warnx("chroot: more than %d directories to keep",
		    JAIL_MAX_DIRS);
		return -1;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 &&
	    (fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_warn("chroot: %s", dir);
		return -1;
	}
	if ((kept[nkept].dir = strdup(dir)) == NULL)
		fatal("strdup");
	kept[nkept++].fd = fd;
	return 0;
}

int
jail_enter(const char *dir)
{
	if (chroot(dir) == -1 || chdir("/") == -1) {
		log_warn("chroot %s", dir);
		return -1;
	}
	snprintf(root, sizeof(root), "%s", dir);
	log_info("chrooted to %s", dir);
	return 0;
}

const char *
jail_root(void)
{
	return root[0] != '\0' ? root : NULL;
}

const char *
jail_path(const char *path)
{
	static char	 name[1024];
	char		 dir[1024], copy[1024];
	int		 i;

	if (root[0] == '\0' || *path == '\0')
		return path;
	dir_of(path, dir, sizeof(dir));
	for (i = 0; i < nkept; i++)
		if (strcmp(kept[i].dir, dir) == 0)
			break;
	if (i == nkept || fchdir(kept[i].fd) == -1) {
		log_warnx("%s: not reachable in the chroot %s: needs a "
		    "restart", path, root);
		return path;
	}
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(name, sizeof(name), "%s", basename(copy));
	return name;
}

void
jail_leave(void)
{
	int	 e = errno;

	if (root[0] != '\0' && chdir("/") == -1)
		fatal("chdir / in the chroot");
	errno = e;
}

void
jail_close(void)
{
	int	 i;

	for (i = 0; i < nkept; i++) {
		close(kept[i].fd);
		free(kept[i].dir);
	}
	nkept = 0;
}
