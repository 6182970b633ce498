/*
 * monitor_db.c: the monitor's stored state (monitor.h): loading a log's
 * state, keeping a new one in one write transaction, and --recheck,
 * which fetches full tiles verified in earlier runs again and compares
 * them with the subtree hashes kept in `tiles`.
 */
#include "config.h"

#include <sys/random.h>

#include <stdlib.h>
#include <string.h>

#include "monitor_int.h"
#include "store.h"

#define DB_LOGS		(&monitor_dbs[0])
#define DB_TILES	(&monitor_dbs[1])
#define TILE_KEY_MAX	(MONITOR_ORIGIN_MAX + 1 + 1 + 8)

/* The `tiles` key of (origin, L, n) into k; its length. */
static size_t
tile_key(const char *origin, int L, uint64_t n, uint8_t *k)
{
	size_t	 ol = strlen(origin);

	memcpy(k, origin, ol);
	k[ol] = 0;
	k[ol + 1] = (uint8_t)L;
	store_u64(n, k + ol + 2);
	return ol + 2 + 8;
}

int
monitor_open(const char *dir, int flags, size_t mapsize, struct store **out,
    char *err, size_t errsz)
{
	const struct store_db	*const schemas[] = { monitor_dbs, NULL };

	return store_open_env(dir, flags, mapsize, MONITOR_FORMAT, schemas,
	    out, err, errsz);
}

static int
store_failed(struct mon_run *r)
{
	return mon_fail(r, MONITOR_ELOCAL, "the monitor's store: %s",
	    store_errmsg(r->st));
}

int
mon_load(struct mon_run *r)
{
	struct store_rd		*rd = NULL;
	struct store_val	 v;
	const char		*o = r->log->origin;
	int			 rc;

	memset(r->s, 0, sizeof(*r->s));
	if (strlen(o) == 0 || strlen(o) > MONITOR_ORIGIN_MAX)
		return mon_fail(r, MONITOR_ELOCAL, "origin of %zu bytes",
		    strlen(o));
	rc = store_rd_begin(r->st, &rd);
	if (rc == STORE_OK)
		rc = store_get(rd, DB_LOGS, o, strlen(o), &v);
	if (rc == STORE_ENOTFOUND) {
		store_rd_end(rd);
		if (merkle_root(0, NULL, NULL, r->s->root) != MERKLE_OK)
			return mon_fail(r, MONITOR_ELOCAL, "hashing failed");
		memcpy(r->old_root, r->s->root, MERKLE_HASH_LEN);
		return MONITOR_OK;
	}
	if (rc != STORE_OK) {
		store_rd_end(rd);
		return store_failed(r);
	}
	rc = monitor_state_decode(v.data, v.len, r->s, r->res->msg,
	    sizeof(r->res->msg));
	/* The note points into the map; the run keeps no old note. */
	r->s->note = NULL;
	r->s->notelen = 0;
	store_rd_end(rd);
	r->known = 1;
	r->old_size = r->s->size;
	memcpy(r->old_root, r->s->root, MERKLE_HASH_LEN);
	return rc;
}

/* Within t: whether the stored state is still the one mon_load() saw. */
static int
unchanged(struct mon_run *r, struct store_txn *t)
{
	struct store_val	 v;
	const uint8_t		*p;
	const char		*o = r->log->origin;
	int			 rc;

	rc = store_get(store_txn_rd(t), DB_LOGS, o, strlen(o), &v);
	if (rc == STORE_ENOTFOUND)
		return !r->known;
	if (rc != STORE_OK || v.len < 1 + 8 + MERKLE_HASH_LEN)
		return 0;
	p = v.data;
	return r->known && store_get_u64(p + 1) == r->old_size &&
	    memcmp(p + 9, r->old_root, MERKLE_HASH_LEN) == 0;
}

int
mon_save(struct mon_run *r)
{
	struct store_txn	*t = NULL;
	uint8_t			*buf = NULL, k[TILE_KEY_MAX];
	const char		*o = r->log->origin;
	size_t			 len, i, kl;
	int			 rc;

	if (monitor_state_encode(r->s, &buf, &len) != MONITOR_OK)
		return mon_fail(r, MONITOR_ELOCAL, "out of memory");
	rc = store_wr_begin_wait(r->st, &t);
	if (rc != STORE_OK) {
		free(buf);
		return store_failed(r);
	}
	if (!unchanged(r, t)) {
		store_wr_abort(t);
		free(buf);
		return mon_fail(r, MONITOR_ELOCAL, "another run changed the "
		    "state of this log meanwhile; nothing kept");
	}
	rc = store_put(t, DB_LOGS, o, strlen(o), buf, len, 0, NULL);
	for (i = 0; rc == STORE_OK && i < r->ntiles; i++) {
		kl = tile_key(o, r->tiles[i].level, r->tiles[i].n, k);
		rc = store_put(t, DB_TILES, k, kl, r->tiles[i].hash,
		    MERKLE_HASH_LEN, 0, NULL);
	}
	free(buf);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return store_failed(r);
	}
	rc = store_wr_commit(t, NULL);
	return rc == STORE_OK ? MONITOR_OK : store_failed(r);
}

struct rows {
	struct mon_tile	*t;
	size_t		 n, cap;
	size_t		 ol;
};

static int
collect(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct rows		*rw = arg;
	struct mon_tile		*p;
	const uint8_t		*kp = k->data;

	if (k->len != rw->ol + 10 || v->len != MERKLE_HASH_LEN)
		return STORE_ECORRUPT;
	if (rw->n == rw->cap) {
		rw->cap = rw->cap == 0 ? 256 : 2 * rw->cap;
		p = realloc(rw->t, rw->cap * sizeof(*p));
		if (p == NULL)
			return STORE_ENOMEM;
		rw->t = p;
	}
	rw->t[rw->n].level = kp[rw->ol + 1];
	rw->t[rw->n].n = store_get_u64(kp + rw->ol + 2);
	memcpy(rw->t[rw->n].hash, v->data, MERKLE_HASH_LEN);
	rw->n++;
	return STORE_OK;
}

/* The bundle of full level-0 tile n must hash to the tile's hashes. */
static int
recheck_bundle(struct mon_run *r, uint64_t n, const char *tile)
{
	struct tile_entry	 e[TILE_WIDTH];
	uint8_t			 h[MERKLE_HASH_LEN];
	char			 path[TILE_PATH_MAX], *body = NULL;
	unsigned int		 k;
	int			 rc;

	rc = mon_get_bundle(r, n, TILE_WIDTH, &body, e, path, sizeof(path));
	for (k = 0; rc == MONITOR_OK && k < TILE_WIDTH; k++) {
		if (merkle_leaf_hash(e[k].data, e[k].len, h) != MERKLE_OK)
			rc = mon_fail(r, MONITOR_ELOCAL, "hashing failed");
		else if (memcmp(h, tile + (size_t)k * MERKLE_HASH_LEN,
		    MERKLE_HASH_LEN) != 0)
			rc = mon_fail(r, MONITOR_EBAD, "%s: entry %u rewritten "
			    "since it was verified", path, k);
	}
	free(body);
	return rc;
}

/* Fetches old full tile t again: the same subtree, the same entries. */
static int
recheck_one(struct mon_run *r, const struct mon_tile *t)
{
	uint8_t	 h[MERKLE_HASH_LEN];
	char	 path[TILE_PATH_MAX], *body = NULL;
	int	 rc;

	rc = mon_get_tile(r, t->level, t->n, TILE_WIDTH, &body, path,
	    sizeof(path));
	if (rc != MONITOR_OK)
		return rc;
	if (tile_subtree((const uint8_t (*)[MERKLE_HASH_LEN])body, TILE_WIDTH,
	    h) != TILE_OK)
		rc = mon_fail(r, MONITOR_ELOCAL, "hashing failed");
	else if (memcmp(h, t->hash, MERKLE_HASH_LEN) != 0)
		rc = mon_fail(r, MONITOR_EBAD, "%s rewritten since it was "
		    "verified", path);
	else if (t->level == 0)
		rc = recheck_bundle(r, t->n, body);
	free(body);
	return rc;
}

int
mon_recheck(struct mon_run *r)
{
	struct store_rd	*rd = NULL;
	struct mon_tile	 tmp;
	struct rows	 rw = { NULL, 0, 0, strlen(r->log->origin) };
	uint8_t		 from[TILE_KEY_MAX];
	uint64_t	 x;
	size_t		 i, j, n;
	int		 rc;

	memcpy(from, r->log->origin, rw.ol);
	from[rw.ol] = 0;
	rc = store_rd_begin(r->st, &rd);
	if (rc == STORE_OK)
		rc = store_each(rd, DB_TILES, from, rw.ol + 1, rw.ol + 1,
		    collect, &rw);
	store_rd_end(rd);
	if (rc != STORE_OK) {
		free(rw.t);
		return rc == STORE_ECORRUPT ? mon_fail(r, MONITOR_ELOCAL,
		    "the monitor's tiles database is damaged") :
		    store_failed(r);
	}
	n = r->io->recheck < rw.n ? (size_t)r->io->recheck : rw.n;
	/* A random n of them (Fisher-Yates' first n steps). */
	for (i = 0; n < rw.n && i < n; i++) {
		if (getentropy(&x, sizeof(x)) != 0)
			x = i * 0x9e3779b97f4a7c15ULL;
		j = i + (size_t)(x % (rw.n - i));
		tmp = rw.t[i];
		rw.t[i] = rw.t[j];
		rw.t[j] = tmp;
	}
	rc = MONITOR_OK;
	for (i = 0; rc == MONITOR_OK && i < n; i++)
		rc = recheck_one(r, &rw.t[i]);
	free(rw.t);
	return rc;
}
