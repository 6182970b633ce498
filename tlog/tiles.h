/*
 * tiles.h: the registry's log written out as C2SP tlog-tiles (tlog-tiles.md
 * at C2SP commit 1cd32db; docs/registry.md "Tiles") in a directory DIR
 * that a plain web server serves as the log's URL prefix:
 *   DIR/checkpoint             the latest signed checkpoint, as
 *                              store_checkpoint() gives it
 *   DIR/tile/L/N[.p/W]         hash tiles (registry/tile.h)
 *   DIR/tile/entries/N[.p/W]   entry bundles: each leaf's bytes
 *                              (event_leaf()), uint16 length first
 *   DIR/.lock, DIR/.tmp/       the writer's; never served
 * Full tiles and bundles are written once, mode 0444, and never replaced
 * (an existing one is compared byte for byte).  A partial tile is written
 * for every checkpointed size whose tile at that level is still partial
 * at the size DIR is brought to; older partials are left in place
 * (clients of older checkpoints may still want them; the spec allows
 * deleting them once the full tile exists, which this does not do).  The
 * checkpoint is written last, after every tile it implies is durable
 * (common/durable.h), and never goes back to a smaller size: a reader
 * that sees a checkpoint finds all of its tiles.
 *
 * Errors: TILES_* codes with a sentence in the caller's err buffer,
 * naming DIR or the file at fault; nothing is printed.  Thread-safe: a
 * call takes an flock() on DIR/.lock (exclusive to write, shared to
 * check), so threads and processes writing one DIR take turns.
 */
#ifndef SOGOC_TLOG_TILES_H
#define SOGOC_TLOG_TILES_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define TILES_OK	0
#define TILES_ENOMEM	1
#define TILES_EIO	2	/* DIR cannot be read or written */
#define TILES_ESTORE	3	/* the registry failed (store_errmsg()) */
#define TILES_EFOREIGN	4	/* DIR's checkpoint is another log's, a
				   rewritten log's, or ahead of ours */
#define TILES_EDIFFER	5	/* a tile or bundle in DIR holds other
				   bytes than the log gives */
#define TILES_EMISSING	6	/* TILES_CHECK: a file DIR needs is not
				   there */
#define TILES_EINPUT	7	/* a leaf too long for a bundle */

#define TILES_REBUILD	0x1	/* write (or compare) every tile from 0 */
#define TILES_CHECK	0x2	/* compare DIR with the log up to DIR's
				   own checkpoint; write nothing */

/* What a call did. */
struct tiles_stats {
	uint64_t	 from;		/* DIR's size before (0: none) */
	uint64_t	 to;		/* DIR's size after (checked) */
	uint64_t	 written;	/* files written */
	uint64_t	 same;		/* files there already, equal */
	uint64_t	 bytes;		/* bytes of the files written */
	uint64_t	 bad;		/* TILES_CHECK: files missing or
					   different (err names the first) */
};

/* A sentence naming error code rc (static; never NULL). */
const char	*tiles_strerror(int rc);

/*
 * Brings DIR (which must exist) up to st's latest checkpoint: reads the
 * size in DIR/checkpoint (none: 0), refuses (TILES_EFOREIGN, nothing
 * written) a DIR whose checkpoint names another origin, a size above
 * st's, or a root that is not st's at that size; then writes the tiles
 * and bundles newly full since that size (every one with TILES_REBUILD,
 * comparing those there), the partials of the checkpointed sizes since
 * (TILES_REBUILD: of all, and the older partials there, whose tile is
 * full by now, compared), makes them durable, and then writes
 * DIR/checkpoint.  A log with nothing published writes nothing.  With
 * TILES_CHECK it writes nothing and compares every file DIR's own
 * checkpoint implies (and the older partials there), counting each one missing or different in
 * stats->bad and failing with the first (TILES_EMISSING or
 * TILES_EDIFFER, naming its path).  stats may be NULL.  Uses st's read
 * views only: it may run while st is being written (a commit hook,
 * store_on_commit()), and sees at least the commits returned before it.
 */
int		 tiles_sync(struct store *st, const char *dir, int flags,
		    struct tiles_stats *stats, char *err, size_t errsz);

#endif /* SOGOC_TLOG_TILES_H */
