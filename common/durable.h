/*
 * durable.h: files written so that a crash leaves either the old file or
 * the whole new one, in batches cheap enough for thousands of files a
 * publish (the log's tiles, tlog/tiles.c).  Sunlight's order
 * (internal/durable): each file is written to a temporary file in
 * ROOT/.tmp, then one syncfs() makes every temporary file's bytes durable
 * at once (a batch of one file is fsync()ed instead), then each is
 * renamed into place, then the directories entries were renamed into or
 * created in are made durable: the one directory fsync()ed, or several
 * by a second syncfs(), one journal commit instead of one per directory.
 * One fsync per file would cost ~3.6 ms each here (design16.md 5.1).
 *
 * An immutable file (DURABLE_IMMUTABLE) gets mode 0444 and is never
 * replaced: when it exists already its bytes are compared with the new
 * ones; equal, it is left as it is; different, the batch fails naming
 * it (DURABLE_EDIFFER) and nothing of the batch is renamed.  Other files
 * get mode 0644 and are replaced.
 *
 * Paths given to a batch are relative to ROOT, with no "." or ".."
 * components, no empty ones, and not starting with '.' at the top (ROOT's
 * dot files are the batch's own).  Missing directories are created 0755.
 *
 * Errors: DURABLE_* codes, with a sentence in the caller's err buffer
 * naming the path; nothing is printed.  A batch is one thread's; two
 * batches on one ROOT at a time are the caller's to prevent (a lock);
 * the functions keep no other state.
 */
#ifndef SOGOC_COMMON_DURABLE_H
#define SOGOC_COMMON_DURABLE_H

#include <stddef.h>

#define DURABLE_OK	0
#define DURABLE_EIO	1	/* a system call failed */
#define DURABLE_ENOMEM	2
#define DURABLE_EINVAL	3	/* a path that is not allowed */
#define DURABLE_EDIFFER	4	/* an immutable file holds other bytes */
#define DURABLE_ENOENT	5	/* durable_compare(): the file is missing */

#define DURABLE_IMMUTABLE	0x1	/* 0444, compared, never replaced */
#define DURABLE_CLEAN		0x2	/* durable_begin(): empty ROOT/.tmp */

struct durable;

/*
 * Begins a batch of writes under directory root (which must exist) into
 * *out: creates root/.tmp when missing; with DURABLE_CLEAN it removes the
 * files a crashed writer left there (the caller must hold the lock that
 * keeps other writers out).  Free with durable_free().
 */
int		 durable_begin(const char *root, int flags,
		    struct durable **out, char *err, size_t errsz);

/*
 * Adds file rel with len bytes data (copied out at once, to a temporary
 * file) and flags (DURABLE_IMMUTABLE or 0).  An immutable rel that exists
 * with the same bytes is skipped; with other bytes it is DURABLE_EDIFFER.
 * *skipped (unless NULL) says whether it was skipped.  After an error the
 * batch may still be freed, not committed.
 */
int		 durable_add(struct durable *d, const char *rel,
		    const void *data, size_t len, int flags, int *skipped,
		    char *err, size_t errsz);

/* The number of files added and not skipped so far. */
size_t		 durable_pending(const struct durable *d);

/*
 * Makes the batch durable and visible: sync, renames, directory fsyncs.
 * The batch is empty afterwards (it may take more files).  On failure some
 * files may already be in place (each whole); the rest stay temporary
 * until durable_free() removes them.
 */
int		 durable_commit(struct durable *d, char *err, size_t errsz);

/* Removes the batch's uncommitted temporary files and frees it; NULL ok. */
void		 durable_free(struct durable *d);

/*
 * Compares file rel under root with len bytes data: DURABLE_OK when
 * equal, DURABLE_ENOENT when missing (no message), DURABLE_EDIFFER when
 * different (its length or bytes), DURABLE_EIO when it cannot be read.
 */
int		 durable_compare(const char *root, const char *rel,
		    const void *data, size_t len, char *err, size_t errsz);

#endif /* SOGOC_COMMON_DURABLE_H */
