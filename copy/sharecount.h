/*
 * sharecount.h: the openings of share codes, counted off the read path.
 *
 * An employer opening /c/CODE only reads the registry.  The opening is
 * noted in memory (one table, one mutex) and a thread of its own writes
 * the pending openings of every code in one write transaction every
 * interval, and once more when counting stops (sogoc serve: on SIGTERM),
 * so that views never take the registry's writer's lock and never keep
 * the command line from writing.  share_get() adds what is still pending
 * to what it read, so the graduate's status page is exact at once; a
 * process killed outright (SIGKILL, power) loses at most one interval's
 * count.
 *
 * One counter per process at a time, registered for its store:
 * share_open() and share_get() find it through sharecount_of().
 */
#ifndef SOGOC_COPY_SHARECOUNT_H
#define SOGOC_COPY_SHARECOUNT_H

#include <stdint.h>

#include <jansson.h>

#include "store.h"

#define SHARECOUNT_INTERVAL_MS	5000	/* sogoc serve's flush interval */
#define SHARECOUNT_MAX		4096	/* codes pending at once; past it an
					   opening is not counted */

struct sharecount;

/*
 * Starts counting the openings of st's codes (st writable, opened
 * STORE_SHARED), flushed every interval_ms (0: only by sharecount_flush
 * and sharecount_stop).  STORE_ECONFLICT when a counter is running in
 * this process already; STORE_ENOMEM.  Stop it before closing st, once
 * no thread calls share_open() or share_get() on st any more.
 */
int		 sharecount_start(struct store *st, unsigned int interval_ms,
		    struct sharecount **out);

/*
 * Writes every pending opening now, in one write transaction, without
 * holding up views or status pages meanwhile.  On failure (another
 * process writing, a full disk) they stay pending for the next flush and
 * the STORE_* code is returned; the thread then waits a whole interval
 * before it tries again, however many codes are pending.  Thread-safe.
 */
int		 sharecount_flush(struct sharecount *sc);

/*
 * Stops the thread, writes what is pending (waiting for the writer's lock
 * as long as the command line would) and frees sc; NULL is accepted.
 * Returns the last flush's code: STORE_OK when nothing was lost.
 */
int		 sharecount_stop(struct sharecount *sc);

/* The counter running for st, or NULL. */
struct sharecount *sharecount_of(const struct store *st);

/*
 * Notes one opening of code at now.  STORE_EFULL when SHARECOUNT_MAX
 * codes are pending already (the opening is not counted).  Thread-safe.
 */
int		 sharecount_note(struct sharecount *sc, const char *code,
		    int64_t now);

/*
 * Calls read(st, code, info, &snap) (share.c: a read transaction, snap
 * its store_txn_id) and adds to *info the openings of code that snapshot
 * does not hold yet, each exactly once, without waiting for a flush's
 * commit.  When a batch was written since the snapshot began, reads again
 * under the counter's mutex.  sc may be NULL (only read).  Thread-safe.
 */
int		 sharecount_read(struct sharecount *sc, struct store *st,
		    const char *code,
		    int (*read)(struct store *, const char *, json_t **,
		    uint64_t *), json_t **info);

/* How many openings are pending (not yet written).  Thread-safe. */
uint64_t	 sharecount_pending(struct sharecount *sc);

#endif /* SOGOC_COPY_SHARECOUNT_H */
