/*
 * durable.c: batches of crash-safe file writes (durable.h): temporary
 * files in ROOT/.tmp, one sync, renames, directory fsyncs; immutable
 * files compared, never replaced.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "durable.h"
#include "errmsg.h"

#define TMPDIR		".tmp"
#define TMPNAME_MAX	48

struct pending {
	char		*rel;
	char		 tmp[TMPNAME_MAX];
};

struct durable {
	char		*root;
	int		 rootfd;
	int		 tmpfd;
	unsigned long	 seq;
	struct pending	*p;
	size_t		 np, pcap;
	char		**dirs;		/* to fsync, relative to root, or "." */
	size_t		 ndirs, dcap;
};

/* Whether rel is a path a batch may write (durable.h). */
static int
rel_ok(const char *rel)
{
	const char	*c = rel, *e;
	size_t		 n;

	if (rel[0] == '\0' || rel[0] == '/' || rel[0] == '.' ||
	    strlen(rel) >= PATH_MAX)
		return 0;
	for (;;) {
		e = strchr(c, '/');
		n = e != NULL ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		if (e == NULL)
			return 1;
		c = e + 1;
	}
}

/* Compares file rel under dirfd with data; see durable_compare(). */
static int
compare_at(int dirfd, const char *root, const char *rel, const void *data,
    size_t len, char *err, size_t errsz)
{
	unsigned char	 b[65536];
	struct stat	 sb;
	size_t		 off = 0;
	ssize_t		 r;
	int		 fd, rc = DURABLE_OK;

	fd = openat(dirfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return DURABLE_ENOENT;
	if (fd == -1 || fstat(fd, &sb) == -1) {
		rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s", root, rel,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || (size_t)sb.st_size != len) {
		rc = errmsg(err, errsz, DURABLE_EDIFFER, "%s/%s: %lld bytes, "
		    "not the %zu it must hold", root, rel,
		    (long long)sb.st_size, len);
		goto out;
	}
	while (off < len) {
		r = read(fd, b, sizeof(b) < len - off ? sizeof(b) : len - off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0) {
			rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s", root,
			    rel, r == 0 ? "shorter than it was" :
			    strerror(errno));
			goto out;
		}
		if (memcmp(b, (const unsigned char *)data + off,
		    (size_t)r) != 0) {
			rc = errmsg(err, errsz, DURABLE_EDIFFER, "%s/%s: its "
			    "bytes differ from what it must hold", root, rel);
			goto out;
		}
		off += (size_t)r;
	}
out:
	if (fd != -1)
		close(fd);
	return rc;
}

int
durable_compare(const char *root, const char *rel, const void *data,
    size_t len, char *err, size_t errsz)
{
	int		 fd, rc;

	if (!rel_ok(rel))
		return errmsg(err, errsz, DURABLE_EINVAL, "%s: not a path to "
		    "write under %s", rel, root);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1)
		return errmsg(err, errsz, DURABLE_EIO, "%s: %s", root,
		    strerror(errno));
	rc = compare_at(fd, root, rel, data, len, err, errsz);
	close(fd);
	return rc;
}

/* Removes what a crashed writer left in ROOT/.tmp. */
static int
clean_tmp(struct durable *d, char *err, size_t errsz)
{
	struct dirent	*de;
	DIR		*dir;
	int		 fd, rc = DURABLE_OK;

	fd = dup(d->tmpfd);
	if (fd == -1 || (dir = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s", d->root,
		    TMPDIR, strerror(errno));
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(d->tmpfd, de->d_name, 0) == -1 &&
		    errno != ENOENT) {
			rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s/%s: %s",
			    d->root, TMPDIR, de->d_name, strerror(errno));
			break;
		}
	}
	closedir(dir);
	return rc;
}

int
durable_begin(const char *root, int flags, struct durable **out, char *err,
    size_t errsz)
{
	struct durable	*d;
	int		 rc;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL || (d->root = strdup(root)) == NULL) {
		free(d);
		return errmsg(err, errsz, DURABLE_ENOMEM, "out of memory");
	}
	d->tmpfd = -1;
	d->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->rootfd == -1) {
		rc = errmsg(err, errsz, DURABLE_EIO, "%s: %s", root,
		    strerror(errno));
		goto bad;
	}
	if (mkdirat(d->rootfd, TMPDIR, 0700) == -1 && errno != EEXIST) {
		rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s", root, TMPDIR,
		    strerror(errno));
		goto bad;
	}
	d->tmpfd = openat(d->rootfd, TMPDIR, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (d->tmpfd == -1) {
		rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s", root, TMPDIR,
		    strerror(errno));
		goto bad;
	}
	if (flags & DURABLE_CLEAN) {
		rc = clean_tmp(d, err, errsz);
		if (rc != DURABLE_OK)
			goto bad;
	}
	*out = d;
	return DURABLE_OK;
bad:
	durable_free(d);
	return rc;
}

/* Notes directory dir (relative to root; "." for root) to be fsynced. */
static int
want_dir(struct durable *d, const char *dir, size_t n)
{
	char		**nd, *s;
	size_t		 i;

	if (n == 0) {
		dir = ".";
		n = 1;
	}
	for (i = d->ndirs; i-- > 0; )
		if (strncmp(d->dirs[i], dir, n) == 0 && d->dirs[i][n] == '\0')
			return DURABLE_OK;
	if (d->ndirs == d->dcap) {
		nd = reallocarray(d->dirs, d->dcap ? 2 * d->dcap : 16,
		    sizeof(*nd));
		if (nd == NULL)
			return DURABLE_ENOMEM;
		d->dirs = nd;
		d->dcap = d->dcap ? 2 * d->dcap : 16;
	}
	s = strndup(dir, n);
	if (s == NULL)
		return DURABLE_ENOMEM;
	d->dirs[d->ndirs++] = s;
	return DURABLE_OK;
}

/* The length of path's parent directory's name (0: ROOT itself). */
static size_t
parent_len(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL ? (size_t)(s - path) : 0;
}

/*
 * Creates the missing directories of rel's parent, noting each new one's
 * parent for an fsync; then notes rel's parent itself.
 */
static int
make_parents(struct durable *d, const char *rel, char *err, size_t errsz)
{
	char		 path[PATH_MAX];
	const char	*s;
	size_t		 n;

	for (s = strchr(rel, '/'); s != NULL; s = strchr(s + 1, '/')) {
		n = (size_t)(s - rel);
		memcpy(path, rel, n);
		path[n] = '\0';
		if (mkdirat(d->rootfd, path, 0755) == 0) {
			if (want_dir(d, path, parent_len(path)) != DURABLE_OK)
				return errmsg(err, errsz, DURABLE_ENOMEM,
				    "out of memory");
		} else if (errno != EEXIST)
			return errmsg(err, errsz, DURABLE_EIO, "%s/%s: %s",
			    d->root, path, strerror(errno));
	}
	if (want_dir(d, rel, parent_len(rel)) != DURABLE_OK)
		return errmsg(err, errsz, DURABLE_ENOMEM, "out of memory");
	return DURABLE_OK;
}

/* Writes data to a new temporary file; its name into p->tmp. */
static int
write_tmp(struct durable *d, struct pending *p, const void *data,
    size_t len, int flags, char *err, size_t errsz)
{
	size_t		 off = 0;
	ssize_t		 w;
	int		 fd, r;

	r = snprintf(p->tmp, sizeof(p->tmp), "%ld.%lu", (long)getpid(),
	    d->seq++);
	if (r < 0 || (size_t)r >= sizeof(p->tmp))
		return errmsg(err, errsz, DURABLE_EINVAL, "temporary name");
	fd = openat(d->tmpfd, p->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    (flags & DURABLE_IMMUTABLE) ? 0444 : 0644);
	if (fd == -1)
		return errmsg(err, errsz, DURABLE_EIO, "%s/%s/%s: %s", d->root,
		    TMPDIR, p->tmp, strerror(errno));
	while (off < len) {
		w = write(fd, (const char *)data + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			r = errno;
			close(fd);
			(void)unlinkat(d->tmpfd, p->tmp, 0);
			return errmsg(err, errsz, DURABLE_EIO, "%s/%s/%s: %s",
			    d->root, TMPDIR, p->tmp, strerror(r));
		}
		off += (size_t)w;
	}
	/*
	 * Start writing it out now, so that the batch's one sync finds
	 * most of it on disk already; a hint, whose failure changes nothing.
	 */
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	if (close(fd) == -1) {
		r = errno;
		(void)unlinkat(d->tmpfd, p->tmp, 0);
		return errmsg(err, errsz, DURABLE_EIO, "%s/%s/%s: %s", d->root,
		    TMPDIR, p->tmp, strerror(r));
	}
	return DURABLE_OK;
}

int
durable_add(struct durable *d, const char *rel, const void *data,
    size_t len, int flags, int *skipped, char *err, size_t errsz)
{
	struct pending	*np;
	int		 rc;

	if (skipped != NULL)
		*skipped = 0;
	if (!rel_ok(rel))
		return errmsg(err, errsz, DURABLE_EINVAL, "%s: not a path to "
		    "write under %s", rel, d->root);
	if (flags & DURABLE_IMMUTABLE) {
		rc = compare_at(d->rootfd, d->root, rel, data, len, err,
		    errsz);
		if (rc == DURABLE_OK && skipped != NULL)
			*skipped = 1;
		if (rc != DURABLE_ENOENT)
			return rc;
	}
	if (d->np == d->pcap) {
		np = reallocarray(d->p, d->pcap ? 2 * d->pcap : 64,
		    sizeof(*np));
		if (np == NULL)
			return errmsg(err, errsz, DURABLE_ENOMEM,
			    "out of memory");
		d->p = np;
		d->pcap = d->pcap ? 2 * d->pcap : 64;
	}
	rc = make_parents(d, rel, err, errsz);
	if (rc != DURABLE_OK)
		return rc;
	np = &d->p[d->np];
	np->rel = strdup(rel);
	if (np->rel == NULL)
		return errmsg(err, errsz, DURABLE_ENOMEM, "out of memory");
	rc = write_tmp(d, np, data, len, flags, err, errsz);
	if (rc != DURABLE_OK) {
		free(np->rel);
		return rc;
	}
	d->np++;
	return DURABLE_OK;
}

size_t
durable_pending(const struct durable *d)
{
	return d->np;
}

/* Makes the temporary files' bytes durable: one fsync, or one syncfs. */
static int
sync_tmps(struct durable *d, char *err, size_t errsz)
{
	int		 fd, rc = 0;

	if (d->np == 1) {
		fd = openat(d->tmpfd, d->p[0].tmp, O_RDONLY | O_CLOEXEC);
		if (fd == -1 || fsync(fd) == -1)
			rc = -1;
		if (fd != -1)
			close(fd);
	} else if (d->np > 1)
		rc = syncfs(d->tmpfd);
	if (rc == -1)
		return errmsg(err, errsz, DURABLE_EIO, "%s/%s: sync: %s",
		    d->root, TMPDIR, strerror(errno));
	return DURABLE_OK;
}

/*
 * Makes the renames durable: an fsync of the one directory written into,
 * or, for several, one syncfs(), which commits the file system's journal
 * once where an fsync of each directory would commit it each time.
 * Forgets the directories either way.
 */
static int
sync_dirs(struct durable *d, char *err, size_t errsz)
{
	size_t		 i;
	int		 fd = -1, rc = DURABLE_OK;

	if (d->ndirs == 1) {
		fd = openat(d->rootfd, d->dirs[0], O_RDONLY | O_DIRECTORY |
		    O_CLOEXEC);
		if (fd == -1 || fsync(fd) == -1)
			rc = errmsg(err, errsz, DURABLE_EIO, "%s/%s: fsync: %s",
			    d->root, d->dirs[0], strerror(errno));
		if (fd != -1)
			close(fd);
	} else if (d->ndirs > 1 && syncfs(d->rootfd) == -1)
		rc = errmsg(err, errsz, DURABLE_EIO, "%s: sync: %s", d->root,
		    strerror(errno));
	for (i = 0; i < d->ndirs; i++)
		free(d->dirs[i]);
	d->ndirs = 0;
	return rc;
}

int
durable_commit(struct durable *d, char *err, size_t errsz)
{
	size_t		 i, done;
	int		 rc;

	rc = sync_tmps(d, err, errsz);
	if (rc != DURABLE_OK)
		return rc;
	for (done = 0; done < d->np; done++)
		if (renameat(d->tmpfd, d->p[done].tmp, d->rootfd,
		    d->p[done].rel) == -1) {
			rc = errmsg(err, errsz, DURABLE_EIO,
			    "%s/%s: rename: %s", d->root, d->p[done].rel,
			    strerror(errno));
			break;
		}
	/* Those renamed are done; the rest stay for durable_free(). */
	for (i = 0; i < done; i++)
		free(d->p[i].rel);
	if (done < d->np)
		memmove(d->p, d->p + done, (d->np - done) * sizeof(*d->p));
	d->np -= done;
	if (rc != DURABLE_OK)
		return rc;
	return sync_dirs(d, err, errsz);
}

void
durable_free(struct durable *d)
{
	size_t		 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->np; i++) {
		(void)unlinkat(d->tmpfd, d->p[i].tmp, 0);
		free(d->p[i].rel);
	}
	for (i = 0; i < d->ndirs; i++)
		free(d->dirs[i]);
	free(d->dirs);
	free(d->p);
	if (d->tmpfd != -1)
		close(d->tmpfd);
	if (d->rootfd != -1)
		close(d->rootfd);
	free(d->root);
	free(d);
}
