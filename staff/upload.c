/*
 * upload.c: scans uploaded from the console (see upload.h).
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "image.h"
#include "upload.h"

struct upload {
	char		 dir[4096];		/* absolute or as scans is */
	char		 rel[256];		/* under the scans folder */
	char		*names[UPLOAD_FILES_MAX];
	int		 n;
	int		 fd;			/* the file being written */
	char		 cur[256];		/* its name as given */
	uint64_t	 size, total;
	int		 spoilt;
	char		 why[512];
};

struct upload *
upload_begin(const char *scans, const char *by, char *err, size_t errsz)
{
	struct upload	*u;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 up[4096], ts[32];

	u = calloc(1, sizeof(*u));
	if (u == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	u->fd = -1;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y%m%d-%H%M%S", &tm);
	snprintf(u->rel, sizeof(u->rel), "uploads/%s-%s", ts, by);
	snprintf(up, sizeof(up), "%s/uploads", scans);
	if ((mkdir(up, 0750) == -1 && errno != EEXIST) ||
	    snprintf(u->dir, sizeof(u->dir), "%s/%s", scans, u->rel) >=
	    (int)sizeof(u->dir) || mkdir(u->dir, 0750) == -1) {
		snprintf(err, errsz, "cannot make a folder for the upload in "
		    "%s: %s", scans, strerror(errno));
		free(u);
		return NULL;
	}
	return u;
}

/* The browser's file name as a safe base name; "" when it is no scan. */
static void
safe_name(const char *name, char *out, size_t outsz)
{
	const char	*b = strrchr(name, '/'), *p;
	size_t		 i = 0;

	b = b != NULL ? b + 1 : name;
	p = strrchr(b, '\\');
	b = p != NULL ? p + 1 : b;
	for (p = b; *p != '\0' && i + 1 < outsz; p++)
		out[i++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		    *p == '-' ? *p : '_';
	out[i] = '\0';
	if (out[0] == '.' || !batch_is_scan_name(out))
		out[0] = '\0';
}

/* The first reason the upload cannot be kept, into err too; -1. */
static int	 spoil(struct upload *, char *, size_t, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

static int
spoil(struct upload *u, char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (!u->spoilt) {
		va_start(ap, fmt);
		vsnprintf(u->why, sizeof(u->why), fmt, ap);
		va_end(ap);
	}
	u->spoilt = 1;
	snprintf(err, errsz, "%s", u->why);
	return -1;
}

static int
close_file(struct upload *u)
{
	int	 rc = 0;

	if (u->fd != -1 && close(u->fd) != 0)
		rc = -1;
	u->fd = -1;
	return rc;
}

int
upload_chunk(struct upload *u, const char *name, const char *data,
    uint64_t off, size_t size, char *err, size_t errsz)
{
	char		 safe[200], path[4400];
	ssize_t		 w;
	int		 i;

	if (u->spoilt)
		return spoil(u, err, errsz, "%s", u->why);
	if (u->fd == -1 || off == 0 || strcmp(name, u->cur) != 0) {
		if (close_file(u) != 0)
			return spoil(u, err, errsz, "%s could not be written",
			    u->cur);
		if (name[0] == '\0' && size == 0)
			return 0;	/* the form's file input left empty */
		if (u->n == UPLOAD_FILES_MAX)
			return spoil(u, err, errsz, "more than 500 files: "
			    "upload them in parts");
		safe_name(name, safe, sizeof(safe));
		if (safe[0] == '\0')
			return spoil(u, err, errsz, "%s is not a scan (PNG, "
			    "JPEG, TIFF, BMP, PNM or PDF)", name);
		for (i = 0; i < u->n; i++)
			if (strcmp(u->names[i], safe) == 0)
				return spoil(u, err, errsz, "%s is sent twice",
				    name);
		snprintf(path, sizeof(path), "%s/%s", u->dir, safe);
		u->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0640);
		u->names[u->n] = strdup(safe);
		if (u->fd == -1 || u->names[u->n] == NULL) {
			free(u->names[u->n]);
			u->names[u->n] = NULL;
			return spoil(u, err, errsz, "%s could not be written",
			    name);
		}
		u->n++;
		snprintf(u->cur, sizeof(u->cur), "%s", name);
		u->size = 0;
	}
	u->size += size;
	u->total += size;
	if (u->size > UPLOAD_FILE_MAX)
		return spoil(u, err, errsz, "%s is larger than 200 MB", name);
	if (u->total > UPLOAD_MAX)
		return spoil(u, err, errsz, "the upload is larger than 2 GB");
	while (size > 0) {
		w = write(u->fd, data, size);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return spoil(u, err, errsz, "%s could not be written "
			    "(disk full?)", name);
		data += w;
		size -= (size_t)w;
	}
	return 0;
}

void
upload_abort(struct upload *u)
{
	char	 path[4400];
	int	 i;

	if (u == NULL)
		return;
	close_file(u);
	for (i = 0; i < u->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", u->dir, u->names[i]);
		unlink(path);
		free(u->names[i]);
	}
	rmdir(u->dir);
	free(u);
}

int
upload_finish(struct upload *u, char *folder, size_t foldersz, int *n,
    char *err, size_t errsz)
{
	struct image	*img;
	char		 path[4400], why[256];
	int		 i;

	*n = 0;
	if (close_file(u) != 0)
		spoil(u, err, errsz, "%s could not be written", u->cur);
	if (!u->spoilt && u->n == 0)
		spoil(u, err, errsz, "no file was sent");
	for (i = 0; !u->spoilt && i < u->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", u->dir, u->names[i]);
		if (image_open(path, &img, why, sizeof(why)) != IMAGE_OK) {
			snprintf(u->why, sizeof(u->why), "%s is not an image "
			    "we can read: %s", u->names[i], why);
			u->spoilt = 1;
		} else
			image_close(img);
	}
	if (u->spoilt) {
		snprintf(err, errsz, "%s; nothing was kept", u->why);
		upload_abort(u);
		return -1;
	}
	snprintf(folder, foldersz, "%s", u->rel);
	*n = u->n;
	return 0;
}

void
upload_keep(struct upload *u)
{
	int	 i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++)
		free(u->names[i]);
	free(u);
}
