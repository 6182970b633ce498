/*
 * regbench.c: in-process latency of the registry's read paths, against
 * the floor LMDB itself sets in the same run.
 *
 *   regbench DB QUERIES SEED
 *
 * For QUERIES random records it times, each in its own read transaction as
 * a server would: a lookup (serial index, then the record's latest event,
 * decoded), a full inclusion proof (event, leaf, O(log n) hashes, signed
 * checkpoint, JSON text), and the peer: one mdb_get of the same serial key.
 * Prints median and 99th percentile in microseconds.
 *
 * The peer is LMDB itself, so this program alone opens the registry's
 * environment a second time with LMDB's own calls (peer_open()); it never
 * touches the store's handles, which are registry/store.c's.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <lmdb.h>

#include "proof.h"
#include "records.h"
#include "sample.h"
#include "store.h"
#include "timing.h"

/* The peer's own view of the environment in dir and its serials index. */
static void
peer_open(const char *dir, MDB_env **env, MDB_dbi *serials)
{
	MDB_txn	*txn;

	if (mdb_env_create(env) != 0 || mdb_env_set_maxdbs(*env, 32) != 0 ||
	    mdb_env_set_mapsize(*env, STORE_DEFAULT_MAPSIZE) != 0 ||
	    mdb_env_open(*env, dir, MDB_RDONLY | MDB_NOTLS, 0600) != 0 ||
	    mdb_txn_begin(*env, NULL, MDB_RDONLY, &txn) != 0)
		errx(1, "%s: LMDB cannot open it", dir);
	if (mdb_dbi_open(txn, "serials", 0, serials) != 0 ||
	    mdb_txn_commit(txn) != 0)
		errx(1, "%s: no serials database", dir);
}

/* The records asked about: their serials, numbers and event indexes. */
struct picked {
	char		**serial;
	uint64_t	 *rec;
	uint64_t	 *idx;
};

static void
pick(size_t i, uint64_t rec, uint64_t evidx, const struct event *ev,
    void *arg)
{
	struct picked	*p = arg;

	p->rec[i] = rec;
	p->idx[i] = evidx;
	p->serial[i] = strdup(ev->field[FIELD_SERIAL_NO].value ?
	    ev->field[FIELD_SERIAL_NO].value : "");
}

int
main(int argc, char **argv)
{
	struct store	*st;
	struct event	 ev;
	struct store_rd	*txn;
	struct picked	 p;
	MDB_env		*env;
	MDB_txn		*mtxn;
	MDB_dbi		 serials;
	MDB_val		 k, v;
	json_t		*o;
	char		**serial, *sk, *text;
	uint64_t	*rec, *idx, r, ix;
	double		*tl, *tp, *tg, t0;
	size_t		 n, i;

	if (argc != 4)
		errx(2, "usage: regbench DB QUERIES SEED");
	n = strtoul(argv[2], NULL, 10);
	p.serial = calloc(n, sizeof(*p.serial));
	p.rec = calloc(n, sizeof(*p.rec));
	p.idx = calloc(n, sizeof(*p.idx));
	tl = calloc(n, sizeof(*tl));
	tp = calloc(n, sizeof(*tp));
	tg = calloc(n, sizeof(*tg));
	if (!p.serial || !p.rec || !p.idx || !tl || !tp || !tg)
		err(1, NULL);
	st = sample_records(argv[1], n, (unsigned)strtoul(argv[3], NULL, 10),
	    pick, &p);
	peer_open(argv[1], &env, &serials);
	serial = p.serial;
	rec = p.rec;
	idx = p.idx;

	for (i = 0; i < n; i++) {
		t0 = now_us();
		if (store_rd_begin(st, &txn) != STORE_OK ||
		    store_by_serial(st, txn, serial[i], &r) != STORE_OK ||
		    store_record(st, txn, r, &ev, &ix) != STORE_OK)
			errx(1, "lookup %s: %s", serial[i], store_errmsg(st));
		event_clear(&ev);
		store_rd_end(txn);
		tl[i] = now_us() - t0;

		t0 = now_us();
		if (proof_inclusion(st, idx[i], 0, PROOF_DEFAULT, &o) !=
		    STORE_OK)
			errx(1, "proof: %s", store_errmsg(st));
		text = json_dumps(o, JSON_COMPACT);
		json_decref(o);
		free(text);
		tp[i] = now_us() - t0;

		sk = store_serial_key(serial[i]);
		t0 = now_us();
		if (mdb_txn_begin(env, NULL, MDB_RDONLY, &mtxn) != 0)
			errx(1, "txn");
		k.mv_data = sk;
		k.mv_size = strlen(sk);
		if (mdb_get(mtxn, serials, &k, &v) != 0)
			errx(1, "mdb_get");
		mdb_txn_abort(mtxn);
		tg[i] = now_us() - t0;
		free(sk);
	}
	report("lookup", tl, n);
	report("proof", tp, n);
	report("mdb_get", tg, n);
	for (i = 0; i < n; i++)
		free(serial[i]);
	free(serial);
	free(rec);
	free(idx);
	free(tl);
	free(tp);
	free(tg);
	mdb_env_close(env);
	store_close(st);
	return 0;
}
