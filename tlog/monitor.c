/*
 * monitor.c: one run of the monitor on one log (monitor.h).  It opens the
 * log's checkpoint with the log's key, compares it with the state kept
 * from the last run, fetches the entry bundles from the last verified
 * size's bundle on, hashes their entries into the kept edge tiles, checks
 * each tile that becomes full against the served one, recomputes the
 * root and compares it with the checkpoint's.  Because the new tree is
 * built on the kept edges, a root that matches also proves the new tree
 * extends the one verified before (consistency).  Then one write
 * transaction keeps the new state; any failure before leaves it as it
 * was.  monitor_recheck.c fetches old full tiles again.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"
#include "monitor_int.h"
#include "note.h"
#include "store.h"

const struct store_db monitor_dbs[] = {
	{ "logs", 0 },
	{ "tiles", 0 },
	{ NULL, 0 }
};

int
mon_fail(struct mon_run *r, int code, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(r->res->msg, sizeof(r->res->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* Compares the served tile (L, n) of width w with hashes h. */
static int
check_tile(struct mon_run *r, int L, uint64_t n, unsigned int w,
    const uint8_t h[][MERKLE_HASH_LEN])
{
	char	 path[TILE_PATH_MAX], *body = NULL;
	int	 rc;

	rc = mon_get_tile(r, L, n, w, &body, path, sizeof(path));
	if (rc != MONITOR_OK)
		return rc;
	rc = memcmp(body, h, (size_t)w * MERKLE_HASH_LEN) == 0 ? MONITOR_OK :
	    mon_fail(r, MONITOR_EBAD, "%s rewritten or wrong: its hashes "
	    "are not those of the entries", path);
	free(body);
	return rc;
}

/* Keeps (L, n, subtree) for the `tiles` database. */
static int
keep_tile(struct mon_run *r, int L, uint64_t n, const uint8_t *h)
{
	struct mon_tile	*p;

	if (r->ntiles == r->captiles) {
		r->captiles = r->captiles == 0 ? 64 : 2 * r->captiles;
		p = realloc(r->tiles, r->captiles * sizeof(*p));
		if (p == NULL)
			return mon_fail(r, MONITOR_ELOCAL, "out of memory");
		r->tiles = p;
	}
	r->tiles[r->ntiles].level = L;
	r->tiles[r->ntiles].n = n;
	memcpy(r->tiles[r->ntiles].hash, h, MERKLE_HASH_LEN);
	r->ntiles++;
	return MONITOR_OK;
}

/*
 * Appends leaf hash h to the state (its size already counts the leaf):
 * each level's edge that becomes full is checked against the served tile
 * and its subtree hash goes up a level.
 */
static int
push_leaf(struct mon_run *r, const uint8_t *h)
{
	struct monitor_state	*s = r->s;
	uint8_t			 up[MERKLE_HASH_LEN];
	uint64_t		 n;
	int			 L, rc;

	memcpy(up, h, MERKLE_HASH_LEN);
	for (L = 0; L < MONITOR_LEVELS; L++) {
		memcpy(s->edge[L][s->w[L]++], up, MERKLE_HASH_LEN);
		if (s->w[L] < TILE_WIDTH)
			return MONITOR_OK;
		n = (s->size >> (TILE_HEIGHT * (L + 1))) - 1;
		rc = check_tile(r, L, n, TILE_WIDTH,
		    (const uint8_t (*)[MERKLE_HASH_LEN])s->edge[L]);
		if (rc != MONITOR_OK)
			return rc;
		if (tile_subtree((const uint8_t (*)[MERKLE_HASH_LEN])
		    s->edge[L], TILE_WIDTH, up) != TILE_OK)
			return mon_fail(r, MONITOR_ELOCAL, "hashing failed");
		rc = keep_tile(r, L, n, up);
		if (rc != MONITOR_OK)
			return rc;
		s->w[L] = 0;
	}
	return mon_fail(r, MONITOR_EBAD, "tree too large");
}

/*
 * Fetches entry bundle n of the tree of size `to` and adds its entries:
 * those the state holds already (the old partial's) must hash to its
 * edge, the others are appended.
 */
static int
do_bundle(struct mon_run *r, uint64_t n, uint64_t to)
{
	struct monitor_state	*s = r->s;
	struct tile_entry	 e[TILE_WIDTH];
	uint8_t			 h[MERKLE_HASH_LEN];
	char			 path[TILE_PATH_MAX], *body = NULL;
	unsigned int		 w, have = s->w[0], k;
	int			 rc;

	w = n < tile_full(to, 0) ? TILE_WIDTH : tile_width(to, 0);
	rc = mon_get_bundle(r, n, w, &body, e, path, sizeof(path));
	for (k = 0; rc == MONITOR_OK && k < w; k++) {
		if (merkle_leaf_hash(e[k].data, e[k].len, h) != MERKLE_OK)
			rc = mon_fail(r, MONITOR_ELOCAL, "hashing failed");
		else if (k < have && memcmp(h, s->edge[0][k], sizeof(h)) != 0)
			rc = mon_fail(r, MONITOR_EBAD, "%s: entry %u is not "
			    "the one verified before", path, k);
		else if (k >= have) {
			s->size++;
			rc = push_leaf(r, h);
		}
	}
	free(body);
	return rc;
}

/*
 * Extends the state to size `to`, then checks its partial tiles, but for
 * one at the same path as the last verified size's, fetched then.
 */
static int
extend(struct mon_run *r, uint64_t to)
{
	struct monitor_state	*s = r->s;
	uint64_t		 from = s->size, n;
	int			 L, rc;

	for (n = from >> TILE_HEIGHT; s->size < to; n++) {
		rc = n < r->pre_next ? MONITOR_OK : mon_prefetch(r, n, to);
		if (rc == MONITOR_OK)
			rc = do_bundle(r, n, to);
		if (rc != MONITOR_OK)
			return rc;
		if (r->io->progress != NULL)
			r->io->progress(r->io->progress_arg, r->log->origin,
			    s->size - from, to - from);
	}
	s->levels = tile_levels(to);
	for (L = 0; L < s->levels; L++) {
		if (s->w[L] == 0 || (tile_full(from, L) == tile_full(to, L) &&
		    tile_width(from, L) == s->w[L]))
			continue;
		rc = check_tile(r, L, tile_full(to, L), s->w[L],
		    (const uint8_t (*)[MERKLE_HASH_LEN])s->edge[L]);
		if (rc != MONITOR_OK)
			return rc;
	}
	return MONITOR_OK;
}

/*
 * Fetches and opens the checkpoint: signed by the log's key, of its
 * origin.  On MONITOR_OK r->note (malloc'd) is the whole note.
 */
static int
get_checkpoint(struct mon_run *r, uint64_t *size, uint8_t *root)
{
	char	*origin = NULL;
	size_t	 textlen;
	int	 rc;

	rc = mon_get(r, "checkpoint", MONITOR_NOTE_MAX, &r->note, &r->notelen);
	if (rc != MONITOR_OK)
		return rc;
	rc = note_open(r->note, r->notelen, r->log->keys, r->log->nkeys,
	    &textlen, NULL);
	if (rc == NOTE_EUNKNOWN)
		return mon_fail(r, MONITOR_EBAD, "checkpoint not signed by "
		    "the log's key");
	if (rc == NOTE_ENOMEM || rc == NOTE_ECRYPTO)
		return mon_fail(r, MONITOR_ELOCAL, "checkpoint: %s",
		    note_strerror(rc));
	if (rc != NOTE_OK)
		return mon_fail(r, MONITOR_EBAD, "checkpoint refused: %s",
		    note_strerror(rc));
	rc = checkpoint_parse(r->note, textlen, &origin, size, root);
	if (rc != NOTE_OK)
		return mon_fail(r, MONITOR_EBAD, "checkpoint refused: %s",
		    note_strerror(rc));
	rc = strcmp(origin, r->log->origin) == 0 ? MONITOR_OK :
	    mon_fail(r, MONITOR_EBAD, "checkpoint of another origin (%s)",
	    origin);
	free(origin);
	return rc;
}

/* Compares the checkpoint with the verified state, then extends it. */
static int
follow(struct mon_run *r, uint64_t size, const uint8_t *root)
{
	uint8_t	 got[MERKLE_HASH_LEN];
	int	 rc;

	if (size < r->s->size)
		return mon_fail(r, MONITOR_EBAD, "log went backwards: "
		    "checkpoint of size %llu after %llu",
		    (unsigned long long)size, (unsigned long long)r->s->size);
	if (size == r->s->size)
		return memcmp(root, r->s->root, MERKLE_HASH_LEN) == 0 ?
		    MONITOR_OK : mon_fail(r, MONITOR_EBAD, "two checkpoints "
		    "of size %llu with different roots",
		    (unsigned long long)size);
	rc = extend(r, size);
	if (rc != MONITOR_OK)
		return rc;
	if (monitor_state_root(r->s, got) != MONITOR_OK)
		return mon_fail(r, MONITOR_ELOCAL, "hashing failed");
	if (memcmp(got, root, MERKLE_HASH_LEN) != 0)
		return mon_fail(r, MONITOR_EBAD, "root mismatch at size %llu: "
		    "split view or rewritten entries",
		    (unsigned long long)size);
	memcpy(r->s->root, root, MERKLE_HASH_LEN);
	r->s->note = r->note;
	r->s->notelen = r->notelen;
	return mon_save(r);
}

int
monitor_run(struct store *st, const struct monitor_log *log,
    const struct monitor_io *io, struct monitor_result *res)
{
	struct mon_run	 r;
	uint64_t	 size;
	uint8_t		 root[MERKLE_HASH_LEN];
	int		 rc;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.log = log;
	r.io = io;
	r.res = res;
	r.s = malloc(sizeof(*r.s));
	if (r.s == NULL)
		return mon_fail(&r, MONITOR_ELOCAL, "out of memory");
	rc = mon_load(&r);
	res->old = res->size = r.s->size;
	if (rc == MONITOR_OK && io->recheck > 0)
		rc = mon_recheck(&r);
	if (rc == MONITOR_OK)
		rc = get_checkpoint(&r, &size, root);
	if (rc == MONITOR_OK)
		rc = follow(&r, size, root);
	if (rc == MONITOR_OK)
		res->size = size;
	mon_prefetch_clear(&r);
	free(r.pre);
	free(r.note);
	free(r.tiles);
	free(r.s);
	return rc;
}
