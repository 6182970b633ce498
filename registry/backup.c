/*
 * backup.c: a registry's backup directory (backup.h): LMDB's compacted
 * copy of one read snapshot, its manifest, written atomically, checked
 * before a restore puts it in place.  The manifest's tree size and
 * checkpoint are read back from the copy itself, not from the live
 * registry, so they name exactly the snapshot the copy holds.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "backup.h"
#include "hex.h"
#include "sha256.h"
#include "store.h"
#include "timefmt.h"

#define BACKUP_KIND	"sogoc-backup/1"
#define PATH_LEN	4096

/* What a snapshot holds: its tree size and signed checkpoint. */
struct snap {
	uint64_t	 size;
	int		 version;
	char		*note;		/* malloc'd; "" without a checkpoint */
	char		 sha[SHA256_LEN * 2 + 1];
};

static int
say(char *err, size_t errsz, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
say(char *err, size_t errsz, int code, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return code;
}

/* dir/name into buf: 0, or -1 when it does not fit. */
static int
join(char *buf, const char *dir, const char *name)
{
	int	 n;

	n = snprintf(buf, PATH_LEN, "%s/%s", dir, name);
	return n < 0 || n >= PATH_LEN ? -1 : 0;
}

/* fsync()s the file or directory at path: 0 or -1 (errno). */
static int
sync_path(const char *path)
{
	int	 fd, rc, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = fsync(fd);
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

/* fsync()s the directory that holds path, where a rename landed. */
static int
sync_parent(const char *path)
{
	char	 buf[PATH_LEN], *slash;
	int	 n;

	n = snprintf(buf, sizeof(buf), "%s", path);
	if (n < 0 || n >= (int)sizeof(buf))
		return -1;
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return sync_path(".");
	if (slash == buf)
		slash[1] = '\0';
	else
		*slash = '\0';
	return sync_path(buf);
}

/* Removes a backup or scratch directory this file made. */
static void
remove_dir(const char *dir)
{
	static const char *const files[] = {
		BACKUP_DATA, BACKUP_MANIFEST, "lock.mdb"
	};
	char	 path[PATH_LEN];
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (join(path, dir, files[i]) == 0)
			unlink(path);
	rmdir(dir);
}

/*
 * Whether dir is missing or an empty directory (then removed: the backup
 * is renamed into its place).
 */
static int
free_place(const char *dir)
{
	return rmdir(dir) == 0 || errno == ENOENT;
}

/*
 * The tree size, checkpoint, version and data.mdb's SHA-256 of the
 * registry in dir, opened read-only (its lock.mdb removed after).
 */
static int
snap_read(const char *dir, struct snap *s, char *err, size_t errsz)
{
	struct store	*st;
	struct store_rd	*rd = NULL;
	uint8_t		 h[SHA256_LEN];
	char		 path[PATH_LEN];
	uint64_t	 got;
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (join(path, dir, BACKUP_DATA) != 0)
		return say(err, errsz, STORE_EINPUT, "%s: path too long", dir);
	if (sha256_file(path, h, err, errsz) != 0)
		return STORE_EIO;
	hex_encode(h, sizeof(h), s->sha);
	rc = store_open(dir, STORE_RDONLY, 0, NULL, &st, err, errsz);
	if (rc != STORE_OK)
		return rc;
	s->version = store_version(st);
	rc = store_rd_begin(st, &rd);
	if (rc == STORE_OK)
		rc = store_size(st, rd, &s->size);
	if (rc == STORE_OK && s->size > 0)
		rc = store_checkpoint(st, rd, 0, &s->note, &got);
	else if (rc == STORE_OK)
		s->note = strdup("");
	if (rc == STORE_OK && s->note == NULL)
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
	if (rc != STORE_OK)
		snprintf(err, errsz, "%s", store_errmsg(st));
	store_rd_end(rd);
	store_close(st);
	if (join(path, dir, "lock.mdb") == 0)
		unlink(path);
	return rc;
}

/* Writes s as dir's manifest and makes it durable. */
static int
manifest_write(const char *dir, const struct snap *s,
    struct backup_info *info, char *err, size_t errsz)
{
	json_t	*m;
	char	 path[PATH_LEN], fmt[32];
	int	 rc;

	if (time_iso((int64_t)time(NULL), info->created,
	    sizeof(info->created)) != 0 ||
	    join(path, dir, BACKUP_MANIFEST) != 0)
		return say(err, errsz, STORE_EINPUT, "%s: path too long", dir);
	snprintf(fmt, sizeof(fmt), "sogoc-registry/%d", s->version);
	m = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "backup", BACKUP_KIND,
	    "format", fmt, "tree_size", (json_int_t)s->size, "checkpoint",
	    s->note, "data_sha256", s->sha, "created", info->created);
	if (m == NULL)
		return say(err, errsz, STORE_ENOMEM, "out of memory");
	rc = json_dump_file(m, path, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(m);
	if (rc != 0 || sync_path(path) != 0)
		return say(err, errsz, STORE_EIO, "cannot write %s: %s", path,
		    strerror(errno));
	info->size = s->size;
	info->version = s->version;
	return STORE_OK;
}

/* Copies, reads back, describes and syncs the backup in tmp. */
static int
write_tmp(struct store *st, const char *tmp, struct backup_info *info)
{
	struct snap	 s;
	char		 err[512], path[PATH_LEN];
	int		 rc;

	rc = store_copy(st, tmp);
	if (rc != STORE_OK)
		return rc;
	rc = snap_read(tmp, &s, err, sizeof(err));
	if (rc == STORE_OK)
		rc = manifest_write(tmp, &s, info, err, sizeof(err));
	free(s.note);
	if (rc != STORE_OK)
		return store_fail(st, rc, "%s", err);
	if (join(path, tmp, BACKUP_DATA) != 0 || sync_path(path) != 0 ||
	    sync_path(tmp) != 0)
		return store_fail(st, STORE_EIO, "cannot sync %s: %s", tmp,
		    strerror(errno));
	return STORE_OK;
}

int
backup_write(struct store *st, const char *dir, struct backup_info *info)
{
	char	 tmp[PATH_LEN];
	int	 n, rc;

	memset(info, 0, sizeof(*info));
	if (!free_place(dir))
		return store_fail(st, STORE_EINPUT, "%s is not empty; a backup "
		    "goes into a new directory", dir);
	n = snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", dir, (long)getpid());
	if (n < 0 || n >= (int)sizeof(tmp))
		return store_fail(st, STORE_EINPUT, "%s: path too long", dir);
	if (mkdir(tmp, 0700) == -1)
		return store_fail(st, STORE_EIO, "cannot create %s: %s", tmp,
		    strerror(errno));
	rc = write_tmp(st, tmp, info);
	if (rc == STORE_OK && rename(tmp, dir) == -1)
		rc = store_fail(st, STORE_EIO, "cannot rename %s to %s: %s",
		    tmp, dir, strerror(errno));
	if (rc != STORE_OK) {
		remove_dir(tmp);
		return rc;
	}
	if (sync_parent(dir) != 0)
		return store_fail(st, STORE_EIO, "cannot sync the directory "
		    "of %s: %s", dir, strerror(errno));
	return STORE_OK;
}

/* Writes n bytes of buf to fd: 0, or -1 (errno). */
static int
write_all(int fd, const char *buf, size_t n)
{
	ssize_t	 k;

	while (n > 0) {
		k = write(fd, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Copies file src to a new file dst and syncs it. */
static int
copy_file(const char *src, const char *dst, char *err, size_t errsz)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 in, out, rc = STORE_OK;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in == -1)
		return say(err, errsz, STORE_ENOTFOUND, "%s: %s", src,
		    strerror(errno));
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out == -1) {
		close(in);
		return say(err, errsz, STORE_EIO, "%s: %s", dst,
		    strerror(errno));
	}
	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			break;
		if (n < 0 || write_all(out, buf, (size_t)n) != 0) {
			rc = say(err, errsz, STORE_EIO, "copying %s: %s", src,
			    strerror(errno));
			break;
		}
	}
	if (rc == STORE_OK && fsync(out) != 0)
		rc = say(err, errsz, STORE_EIO, "%s: %s", dst, strerror(errno));
	close(in);
	if (close(out) != 0 && rc == STORE_OK)
		rc = say(err, errsz, STORE_EIO, "%s: %s", dst, strerror(errno));
	return rc;
}

/* Reads dir's manifest into *m (the caller decrefs it) and checks it. */
static int
manifest_read(const char *dir, json_t **m, char *err, size_t errsz)
{
	json_error_t	 jerr;
	const char	*kind = NULL, *fmt, *note, *sha;
	json_int_t	 size;
	char		 path[PATH_LEN];

	if (join(path, dir, BACKUP_MANIFEST) != 0)
		return say(err, errsz, STORE_EINPUT, "%s: path too long", dir);
	*m = json_load_file(path, 0, &jerr);
	if (*m == NULL)
		return say(err, errsz, STORE_ENOTFOUND, "%s: not a sogoc "
		    "backup (%s)", dir, jerr.text);
	if (json_unpack(*m, "{s:s, s:s, s:I, s:s, s:s}", "backup", &kind,
	    "format", &fmt, "tree_size", &size, "checkpoint", &note,
	    "data_sha256", &sha) != 0 || strcmp(kind, BACKUP_KIND) != 0 ||
	    size < 0) {
		json_decref(*m);
		*m = NULL;
		return say(err, errsz, STORE_ECORRUPT, "%s: its %s is not a "
		    "%s manifest", dir, BACKUP_MANIFEST, BACKUP_KIND);
	}
	return STORE_OK;
}

/*
 * Checks the backup in dir against its manifest, with a copy of its
 * data.mdb in the new directory scratch, which stays (the caller removes
 * it, or puts it in place).
 */
static int
check_into(const char *dir, const char *scratch, struct backup_info *info,
    char *err, size_t errsz)
{
	json_t		*m;
	struct snap	 s = { 0 };
	char		 src[PATH_LEN], dst[PATH_LEN];
	int		 rc;

	memset(info, 0, sizeof(*info));
	rc = manifest_read(dir, &m, err, errsz);
	if (rc != STORE_OK)
		return rc;
	if (join(src, dir, BACKUP_DATA) != 0 ||
	    join(dst, scratch, BACKUP_DATA) != 0)
		rc = say(err, errsz, STORE_EINPUT, "%s: path too long", dir);
	else if (mkdir(scratch, 0700) == -1)
		rc = say(err, errsz, STORE_EIO, "cannot create %s: %s", scratch,
		    strerror(errno));
	else
		rc = copy_file(src, dst, err, errsz);
	if (rc == STORE_OK)
		rc = snap_read(scratch, &s, err, errsz);
	if (rc == STORE_OK && (strcmp(s.sha, json_string_value(json_object_get(
	    m, "data_sha256"))) != 0 || strcmp(s.note, json_string_value(
	    json_object_get(m, "checkpoint"))) != 0 || (json_int_t)s.size !=
	    json_integer_value(json_object_get(m, "tree_size"))))
		rc = say(err, errsz, STORE_ECORRUPT, "%s: its data.mdb is not "
		    "what its manifest says (SHA-256, tree size or checkpoint "
		    "differ)", dir);
	if (rc == STORE_OK) {
		info->size = s.size;
		info->version = s.version;
		snprintf(info->created, sizeof(info->created), "%s",
		    json_string_value(json_object_get(m, "created")) ?
		    json_string_value(json_object_get(m, "created")) : "");
	}
	free(s.note);
	json_decref(m);
	return rc;
}

int
backup_check(const char *dir, const char *scratch, struct backup_info *info,
    char *err, size_t errsz)
{
	int	 rc;

	rc = check_into(dir, scratch, info, err, errsz);
	remove_dir(scratch);
	return rc;
}

int
backup_restore(const char *from, const char *db, int force,
    struct backup_info *info, char *err, size_t errsz)
{
	struct stat	 sb;
	char		 tmp[PATH_LEN], old[PATH_LEN];
	int		 n, rc, exists;

	exists = stat(db, &sb) == 0;
	if (exists && !force)
		return say(err, errsz, STORE_EEXIST, "%s exists; a restore "
		    "does not replace a registry unless told to (--force), "
		    "after every sogoc using it has stopped", db);
	n = snprintf(tmp, sizeof(tmp), "%s.restore-%ld", db, (long)getpid());
	if (n < 0 || n >= (int)sizeof(tmp))
		return say(err, errsz, STORE_EINPUT, "%s: path too long", db);
	rc = check_into(from, tmp, info, err, errsz);
	if (rc != STORE_OK) {
		remove_dir(tmp);
		return rc;
	}
	n = snprintf(old, sizeof(old), "%s.replaced-%lld", db,
	    (long long)time(NULL));
	if (n < 0 || n >= (int)sizeof(old))
		rc = say(err, errsz, STORE_EINPUT, "%s: path too long", db);
	else if (exists && rename(db, old) == -1)
		rc = say(err, errsz, STORE_EIO, "cannot move %s aside: %s", db,
		    strerror(errno));
	else if (rename(tmp, db) == -1)
		rc = say(err, errsz, STORE_EIO, "cannot rename %s to %s: %s",
		    tmp, db, strerror(errno));
	if (rc != STORE_OK) {
		remove_dir(tmp);
		return rc;
	}
	if (sync_parent(db) != 0)
		return say(err, errsz, STORE_EIO, "cannot sync the directory "
		    "of %s: %s", db, strerror(errno));
	return STORE_OK;
}
