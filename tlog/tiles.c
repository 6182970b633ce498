/*
 * tiles.c: the registry's log as C2SP tlog-tiles in a directory (tiles.h):
 * which tiles, bundles and partials a sync writes or a check compares,
 * built from the store's stored hashes (tile_hash_index()) and events
 * (event_leaf()), written in one durable batch, the checkpoint last.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "durable.h"
#include "errmsg.h"
#include "event.h"
#include "merkle.h"
#include "note.h"
#include "store.h"
#include "tile.h"
#include "tiles.h"

#define CHECKPOINT	"checkpoint"
#define LOCKFILE	".lock"
#define CHECKPOINT_MAX	65536	/* bytes of DIR/checkpoint we read */

/* One call's state. */
struct sync {
	struct store		*st;
	struct store_rd		*rd;
	struct store_hashes	 hashes;
	const char		*dir;
	int			 flags;
	struct durable		*d;		/* NULL when checking */
	struct tiles_stats	*stats;
	uint64_t		 size;		/* the size DIR is brought to */
	uint8_t			*buf;		/* a tile or a bundle */
	size_t			 bufcap;
	char			*err;
	size_t			 errsz;
	int			 rc;		/* TILES_CHECK: the first
						   mismatch */
	int			 optional;	/* put(): compare what is
						   there, write nothing */
};

const char *
tiles_strerror(int rc)
{
	switch (rc) {
	case TILES_OK:
		return "no error";
	case TILES_ENOMEM:
		return "out of memory";
	case TILES_EIO:
		return "the tiles directory cannot be read or written";
	case TILES_ESTORE:
		return "the registry failed";
	case TILES_EFOREIGN:
		return "the tiles directory holds another log";
	case TILES_EDIFFER:
		return "a tile differs from the log";
	case TILES_EMISSING:
		return "a tile is missing";
	case TILES_EINPUT:
		return "a leaf is too long for an entry bundle";
	default:
		return "unknown tiles error";
	}
}

static int
store_failed(struct sync *s)
{
	return errmsg(s->err, s->errsz, TILES_ESTORE, "%s",
	    store_errmsg(s->st));
}

/* Room for n bytes in s->buf. */
static int
reserve(struct sync *s, size_t n)
{
	uint8_t		*b;

	if (n <= s->bufcap)
		return TILES_OK;
	b = realloc(s->buf, n);
	if (b == NULL)
		return errmsg(s->err, s->errsz, TILES_ENOMEM, "out of memory");
	s->buf = b;
	s->bufcap = n;
	return TILES_OK;
}

/*
 * A file missing or different when checking: counted, the first one's
 * message kept, and the check goes on.
 */
static int
check_bad(struct sync *s, int rc, const char *rel, const char *msg)
{
	s->stats->bad++;
	if (s->rc == TILES_OK)
		s->rc = rc == DURABLE_ENOENT ? errmsg(s->err, s->errsz,
		    TILES_EMISSING, "%s/%s: missing", s->dir, rel) :
		    errmsg(s->err, s->errsz, TILES_EDIFFER, "%s", msg);
	return TILES_OK;
}

/*
 * Writes (or compares) file rel of len bytes from s->buf, immutable.  An
 * optional file (s->optional) is only compared, and may be missing.
 */
static int
put(struct sync *s, const char *rel, size_t len)
{
	char		 msg[512];
	int		 rc, skipped;

	if (s->d != NULL && !s->optional) {
		rc = durable_add(s->d, rel, s->buf, len, DURABLE_IMMUTABLE,
		    &skipped, msg, sizeof(msg));
		if (rc == DURABLE_OK) {
			if (skipped)
				s->stats->same++;
			else {
				s->stats->written++;
				s->stats->bytes += len;
			}
			return TILES_OK;
		}
	} else {
		rc = durable_compare(s->dir, rel, s->buf, len, msg,
		    sizeof(msg));
		if (rc == DURABLE_OK)
			s->stats->same++;
		if (rc == DURABLE_OK || (rc == DURABLE_ENOENT && s->optional))
			return TILES_OK;
		if (s->d == NULL &&
		    (rc == DURABLE_ENOENT || rc == DURABLE_EDIFFER))
			return check_bad(s, rc, rel, msg);
	}
	return errmsg(s->err, s->errsz, rc == DURABLE_EDIFFER ? TILES_EDIFFER :
	    rc == DURABLE_ENOMEM ? TILES_ENOMEM : TILES_EIO, "%s", msg);
}

/* Tile (level, n) of width w, from the stored hashes. */
static int
do_tile(struct sync *s, int level, uint64_t n, unsigned int w)
{
	char		 path[TILE_PATH_MAX];
	unsigned int	 k;
	int		 rc;

	rc = reserve(s, TILE_FULL_BYTES);
	if (rc != TILES_OK)
		return rc;
	for (k = 0; k < w; k++)
		if (store_read_hash(&s->hashes, tile_hash_index(level, n, k),
		    s->buf + (size_t)k * MERKLE_HASH_LEN) != 0)
			return store_failed(s);
	if (tile_path(level, n, w, path, sizeof(path)) != TILE_OK)
		return errmsg(s->err, s->errsz, TILES_EIO, "tile %d/%" PRIu64
		    " has no path", level, n);
	return put(s, path, (size_t)w * MERKLE_HASH_LEN);
}

/*
 * The bytes of leaf i into *leaf (*owned: malloc'd, the caller frees):
 * the commit hook's copy when the commit running it appended i, else
 * the event re-encoded.
 */
static int
get_leaf(struct sync *s, uint64_t i, const void **leaf, size_t *len,
    char **owned)
{
	struct event	 ev;
	int		 rc;

	*owned = NULL;
	if (store_hook_leaf(s->st, i, leaf, len) == STORE_OK)
		return TILES_OK;
	if (store_event(s->st, s->rd, i, &ev) != STORE_OK)
		return store_failed(s);
	rc = event_leaf(&ev, owned, len);
	event_clear(&ev);
	if (rc != EVENT_OK)
		return errmsg(s->err, s->errsz, rc == EVENT_ENOMEM ?
		    TILES_ENOMEM : TILES_ESTORE, "leaf %" PRIu64 ": %s", i,
		    event_strerror(rc));
	*leaf = *owned;
	return TILES_OK;
}

/* Entry bundle n of width w, from the events' leaves. */
static int
do_bundle(struct sync *s, uint64_t n, unsigned int w)
{
	char		 path[TILE_PATH_MAX], *owned;
	const void	*leaf;
	size_t		 len = 0, leaflen;
	uint64_t	 i;
	unsigned int	 k;
	int		 rc;

	for (k = 0; k < w; k++) {
		i = n * TILE_WIDTH + k;
		rc = get_leaf(s, i, &leaf, &leaflen, &owned);
		if (rc != TILES_OK)
			return rc;
		if (leaflen > TILE_ENTRY_MAX)
			rc = errmsg(s->err, s->errsz, TILES_EINPUT, "leaf %"
			    PRIu64 " is %zu bytes, over 65,535", i, leaflen);
		else
			rc = reserve(s, len + TILE_BUNDLE_ENTRY_SIZE(leaflen));
		if (rc == TILES_OK)
			(void)tile_bundle_put(s->buf + len, leaf, leaflen);
		free(owned);
		if (rc != TILES_OK)
			return rc;
		len += TILE_BUNDLE_ENTRY_SIZE(leaflen);
	}
	if (tile_path(TILE_ENTRIES, n, w, path, sizeof(path)) != TILE_OK)
		return errmsg(s->err, s->errsz, TILES_EIO, "bundle %" PRIu64
		    " has no path", n);
	return put(s, path, len);
}

/* A tile or a bundle (level TILE_ENTRIES). */
static int
do_one(struct sync *s, int level, uint64_t n, unsigned int w)
{
	return level == TILE_ENTRIES ? do_bundle(s, n, w) :
	    do_tile(s, level, n, w);
}

/* Every tile and bundle full at s->size and not full at from. */
static int
do_full(struct sync *s, uint64_t from)
{
	uint64_t	 n;
	int		 level, rc;

	for (level = TILE_ENTRIES; level < tile_levels(s->size); level++)
		for (n = tile_full(from, level); n < tile_full(s->size, level);
		    n++) {
			rc = do_one(s, level, n, TILE_WIDTH);
			if (rc != TILES_OK)
				return rc;
		}
	return TILES_OK;
}

/* What each_partial() walks: the partials written so far, per level. */
struct partials {
	struct sync	*s;
	uint64_t	 last_n[TILE_MAX_LEVEL + 2];
	unsigned int	 last_w[TILE_MAX_LEVEL + 2];
	int		 rc;
};

/* Whether DIR has tile (level, n) of width w. */
static int
tile_there(struct sync *s, int level, uint64_t n, unsigned int w)
{
	char		 rel[TILE_PATH_MAX], path[4096];
	struct stat	 sb;

	if (tile_path(level, n, w, rel, sizeof(rel)) != TILE_OK)
		return 0;
	if (snprintf(path, sizeof(path), "%s/%s", s->dir, rel) >=
	    (int)sizeof(path))
		return 0;
	return lstat(path, &sb) == 0;
}

/*
 * The partials of checkpointed size key, at each level where its tile is
 * still partial at s->size.  An older partial, whose tile is full by now,
 * is not written again (the spec lets a reader fall back to the full
 * tile); a rebuild or a check compares it when it is there.
 */
static int
each_partial(const struct store_val *k, const struct store_val *v,
    void *arg)
{
	struct partials	*p = arg;
	struct sync	*s = p->s;
	uint64_t	 size, n;
	unsigned int	 w;
	int		 level, old;

	(void)v;
	if (k->len != 8) {
		p->rc = errmsg(s->err, s->errsz, TILES_ESTORE, "a checkpoint "
		    "key is malformed");
		return p->rc;
	}
	size = store_get_u64(k->data);
	if (size > s->size)
		return STORE_STOP;
	for (level = TILE_ENTRIES; level < tile_levels(size); level++) {
		n = tile_full(size, level);
		w = tile_width(size, level);
		if (w == 0 ||
		    (p->last_n[level + 1] == n && p->last_w[level + 1] == w))
			continue;
		old = n < tile_full(s->size, level);
		if (old && (!(s->flags & (TILES_REBUILD | TILES_CHECK)) ||
		    !tile_there(s, level, n, w)))
			continue;
		s->optional = old;
		p->rc = do_one(s, level, n, w);
		s->optional = 0;
		if (p->rc != TILES_OK)
			return p->rc;
		p->last_n[level + 1] = n;
		p->last_w[level + 1] = w;
	}
	return STORE_OK;
}

/* The partials of every checkpointed size in (from, s->size]. */
static int
do_partials(struct sync *s, uint64_t from)
{
	struct partials	 p;
	uint8_t		 key[8];
	int		 rc;

	memset(&p, 0, sizeof(p));
	p.s = s;
	store_u64(from + 1, key);
	rc = store_each(s->rd, DB_CHECKPOINTS, key, sizeof(key), 0,
	    each_partial, &p);
	if (p.rc != TILES_OK)
		return p.rc;
	if (rc != STORE_OK)
		return store_failed(s);
	return TILES_OK;
}

/*
 * Reads DIR/checkpoint into *text (malloc'd, NUL-terminated; NULL when
 * there is none) and its body's size, root and origin.
 */
static int
read_dir_checkpoint(struct sync *s, char **text, uint64_t *size,
    uint8_t *root, char **origin)
{
	char		 path[4096], *t, *body;
	ssize_t		 r;
	size_t		 len = 0;
	int		 fd;

	*text = *origin = NULL;
	*size = 0;
	if (snprintf(path, sizeof(path), "%s/%s", s->dir, CHECKPOINT) >=
	    (int)sizeof(path))
		return errmsg(s->err, s->errsz, TILES_EIO, "%s: path too long",
		    s->dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return TILES_OK;
	if (fd == -1)
		return errmsg(s->err, s->errsz, TILES_EIO, "%s: %s", path,
		    strerror(errno));
	t = malloc(CHECKPOINT_MAX + 1);
	if (t == NULL) {
		close(fd);
		return errmsg(s->err, s->errsz, TILES_ENOMEM, "out of memory");
	}
	while (len < CHECKPOINT_MAX) {
		r = read(fd, t + len, CHECKPOINT_MAX - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	t[len] = '\0';
	*text = t;
	body = strstr(t, "\n\n");
	if (body == NULL || strlen(t) != len ||
	    checkpoint_parse(t, (size_t)(body - t) + 1, origin, size,
	    root) != NOTE_OK)
		return errmsg(s->err, s->errsz, TILES_EFOREIGN, "%s: not a "
		    "checkpoint this log signed", path);
	return TILES_OK;
}

/*
 * Refuses a DIR whose checkpoint (size, root, origin) is not one of this
 * log's: another origin, a size past ours, or another root at its size.
 */
static int
check_prefix(struct sync *s, uint64_t latest, uint64_t size,
    const uint8_t *root, const char *origin)
{
	uint8_t		 ours[MERKLE_HASH_LEN];
	char		*mine;
	int		 same;

	if (store_origin(s->st, s->rd, &mine) != STORE_OK)
		return store_failed(s);
	same = mine != NULL && strcmp(mine, origin) == 0;
	free(mine);
	if (!same)
		return errmsg(s->err, s->errsz, TILES_EFOREIGN, "%s holds the "
		    "tiles of another log (origin %s)", s->dir, origin);
	if (size > latest)
		return errmsg(s->err, s->errsz, TILES_EFOREIGN, "%s is at size "
		    "%" PRIu64 ", past this log's %" PRIu64 ": another copy "
		    "of the log, or a rewritten one", s->dir, size, latest);
	if (merkle_root(size, store_read_hash, &s->hashes, ours) !=
	    MERKLE_OK)
		return store_failed(s);
	if (memcmp(ours, root, MERKLE_HASH_LEN) != 0)
		return errmsg(s->err, s->errsz, TILES_EFOREIGN, "%s: its root "
		    "at size %" PRIu64 " is not this log's: another log, or "
		    "a rewritten one", s->dir, size);
	return TILES_OK;
}

/* Signature lines of a note. */
static size_t
sig_lines(const char *note)
{
	const char	*p;
	size_t		 n = 0;

	for (p = note; (p = strstr(p, "\n\xe2\x80\x94 ")) != NULL; p++)
		n++;
	return n;
}

/*
 * Writes DIR/checkpoint, last: at a larger size than old's, or at the
 * same size when it carries more signatures (cosignatures added later).
 */
static int
write_checkpoint(struct sync *s, const char *old, uint64_t oldsize)
{
	struct durable	*d = NULL;
	char		*note, msg[512];
	uint64_t	 got;
	int		 rc;

	if (store_checkpoint(s->st, s->rd, s->size, &note, &got) !=
	    STORE_OK)
		return store_failed(s);
	if (old != NULL && oldsize == s->size &&
	    (strcmp(old, note) == 0 || sig_lines(note) <= sig_lines(old))) {
		free(note);
		return TILES_OK;
	}
	rc = durable_begin(s->dir, 0, &d, msg, sizeof(msg));
	if (rc == DURABLE_OK)
		rc = durable_add(d, CHECKPOINT, note, strlen(note), 0, NULL,
		    msg, sizeof(msg));
	if (rc == DURABLE_OK)
		rc = durable_commit(d, msg, sizeof(msg));
	durable_free(d);
	if (rc == DURABLE_OK) {
		s->stats->written++;
		s->stats->bytes += strlen(note);
	}
	free(note);
	if (rc != DURABLE_OK)
		return errmsg(s->err, s->errsz, rc == DURABLE_ENOMEM ?
		    TILES_ENOMEM : TILES_EIO, "%s", msg);
	return TILES_OK;
}

/* Takes DIR/.lock: exclusive to write, shared to check.  *fd -1: none. */
static int
lock_dir(struct sync *s, int *fd)
{
	char		 path[4096];
	int		 check = s->flags & TILES_CHECK;

	*fd = -1;
	if (snprintf(path, sizeof(path), "%s/%s", s->dir, LOCKFILE) >=
	    (int)sizeof(path))
		return errmsg(s->err, s->errsz, TILES_EIO, "%s: path too long",
		    s->dir);
	*fd = open(path, (check ? O_RDONLY : O_RDWR | O_CREAT) | O_CLOEXEC,
	    0644);
	/* A check of a DIR no writer ever locked needs no lock. */
	if (*fd == -1 && check && errno == ENOENT)
		return TILES_OK;
	if (*fd == -1)
		return errmsg(s->err, s->errsz, TILES_EIO, "%s: %s", path,
		    strerror(errno));
	while (flock(*fd, check ? LOCK_SH : LOCK_EX) == -1)
		if (errno != EINTR)
			return errmsg(s->err, s->errsz, TILES_EIO, "%s: lock: "
			    "%s", path, strerror(errno));
	return TILES_OK;
}

/* Writes what DIR lacks up to s->size, then the checkpoint. */
static int
sync_write(struct sync *s, const char *old, uint64_t oldsize)
{
	char		 msg[512];
	uint64_t	 from = (s->flags & TILES_REBUILD) ? 0 : oldsize;
	int		 rc;

	if (durable_begin(s->dir, DURABLE_CLEAN, &s->d, msg, sizeof(msg)) !=
	    DURABLE_OK)
		return errmsg(s->err, s->errsz, TILES_EIO, "%s", msg);
	rc = do_full(s, from);
	if (rc == TILES_OK)
		rc = do_partials(s, from);
	if (rc == TILES_OK && durable_commit(s->d, msg, sizeof(msg)) !=
	    DURABLE_OK)
		rc = errmsg(s->err, s->errsz, TILES_EIO, "%s", msg);
	durable_free(s->d);
	s->d = NULL;
	if (rc == TILES_OK)
		rc = write_checkpoint(s, old, oldsize);
	return rc;
}

/* With DIR locked and a read view: compare, or bring DIR up to date. */
static int
sync_locked(struct sync *s)
{
	uint8_t		 root[MERKLE_HASH_LEN];
	uint64_t	 latest, dsize;
	char		*text = NULL, *origin = NULL;
	int		 rc;

	if (store_size(s->st, s->rd, &latest) != STORE_OK)
		return store_failed(s);
	rc = read_dir_checkpoint(s, &text, &dsize, root, &origin);
	if (rc == TILES_OK && text != NULL)
		rc = check_prefix(s, latest, dsize, root, origin);
	s->stats->from = dsize;
	if (rc != TILES_OK)
		goto out;
	if (s->flags & TILES_CHECK) {
		if (text == NULL) {
			rc = errmsg(s->err, s->errsz, TILES_EMISSING, "%s/%s: "
			    "missing", s->dir, CHECKPOINT);
			goto out;
		}
		s->size = dsize;
		rc = do_full(s, 0);
		if (rc == TILES_OK)
			rc = do_partials(s, 0);
		if (rc == TILES_OK)
			rc = s->rc;
	} else if (latest > 0) {
		s->size = latest;
		rc = sync_write(s, text, dsize);
	}
	s->stats->to = s->size;
out:
	free(text);
	free(origin);
	return rc;
}

int
tiles_sync(struct store *st, const char *dir, int flags,
    struct tiles_stats *stats, char *err, size_t errsz)
{
	struct tiles_stats	 dummy;
	struct sync		 s;
	int			 fd, rc;

	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	s.st = st;
	s.dir = dir;
	s.flags = flags;
	s.stats = stats;
	s.err = err;
	s.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	rc = lock_dir(&s, &fd);
	if (rc == TILES_OK && store_rd_begin(st, &s.rd) != STORE_OK)
		rc = store_failed(&s);
	if (rc == TILES_OK) {
		s.hashes.st = st;
		s.hashes.rd = s.rd;
		rc = sync_locked(&s);
	}
	store_rd_end(s.rd);
	free(s.buf);
	if (fd != -1)
		close(fd);
	return rc;
}
