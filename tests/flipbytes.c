/*
 * flipbytes.c: a test tool that damages published data inside a registry's
 * LMDB file, as an insider with write access to the disk might.
 *
 *   flipbytes DIR SEED [DB...]
 *
 * It finds where every key and value of the named databases (default: all
 * the log's databases) lies in DIR/data.mdb, picks one byte of one of them
 * with the seed, flips some of its bits in the file, and prints what it hit.
 *
 * It forges corruption on purpose, so it is the one program besides
 * registry/store.c (and bench/regbench.c's LMDB peer) that opens LMDB
 * itself: it needs the raw pages, which the store never shows.
 */
#include "config.h"

#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lmdb.h>

/*
 * The file offset of a pointer into LMDB's map: pages are aligned to the
 * page size in the map, and each page starts with its own page number.
 */
static size_t
file_offset(const void *p, size_t psize)
{
	uintptr_t	 page = (uintptr_t)p & ~(uintptr_t)(psize - 1);
	uint64_t	 pgno;

	memcpy(&pgno, (const void *)page, sizeof(pgno));
	return (size_t)pgno * psize + (size_t)((uintptr_t)p - page);
}

struct span {
	size_t		 off, len;
	const char	*db;
	int		 iskey;
};

static const char *const log_dbs[] = {
	"meta", "keys", "events", "hashes", "checkpoints", "records",
	"serials", "names", NULL
};

int
main(int argc, char **argv)
{
	MDB_env		*env;
	MDB_txn		*txn;
	MDB_dbi		 dbi;
	MDB_cursor	*c;
	MDB_val		 k, v;
	MDB_stat	 ms;
	struct span	*sp = NULL;
	const char	*const *dbs;
	char		 path[4096];
	size_t		 n = 0, cap = 0, total = 0, pick, i;
	unsigned long	 seed;
	uint8_t		 b, mask;
	int		 fd, op;

	if (argc < 3)
		errx(2, "usage: flipbytes DIR SEED [DB...]");
	seed = strtoul(argv[2], NULL, 10);
	srandom((unsigned)seed);
	dbs = argc > 3 ? (const char *const *)argv + 3 : log_dbs;
	if (mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 32) != 0 ||
	    mdb_env_open(env, argv[1], MDB_RDONLY, 0600) != 0)
		errx(1, "%s: cannot open", argv[1]);
	mdb_env_stat(env, &ms);
	if (mdb_txn_begin(env, NULL, MDB_RDONLY, &txn) != 0)
		errx(1, "txn");
	for (; *dbs != NULL; dbs++) {
		if (mdb_dbi_open(txn, *dbs, 0, &dbi) != 0)
			errx(1, "no database %s", *dbs);
		if (mdb_cursor_open(txn, dbi, &c) != 0)
			errx(1, "cursor");
		for (op = MDB_FIRST; mdb_cursor_get(c, &k, &v, op) == 0;
		    op = MDB_NEXT) {
			if (n + 2 > cap) {
				cap = cap ? cap * 2 : 1024;
				sp = reallocarray(sp, cap, sizeof(*sp));
				if (sp == NULL)
					err(1, NULL);
			}
			sp[n].off = file_offset(k.mv_data, ms.ms_psize);
			sp[n].len = k.mv_size;
			sp[n].db = *dbs;
			sp[n++].iskey = 1;
			total += k.mv_size;
			if (v.mv_size == 0)
				continue;
			sp[n].off = file_offset(v.mv_data, ms.ms_psize);
			sp[n].len = v.mv_size;
			sp[n].db = *dbs;
			sp[n++].iskey = 0;
			total += v.mv_size;
		}
		mdb_cursor_close(c);
	}
	if (total == 0)
		errx(1, "nothing to damage");
	pick = (size_t)random() % total;
	for (i = 0; i < n && pick >= sp[i].len; i++)
		pick -= sp[i].len;
	mdb_txn_abort(txn);
	mdb_env_close(env);

	snprintf(path, sizeof(path), "%s/data.mdb", argv[1]);
	fd = open(path, O_RDWR);
	if (fd == -1)
		err(1, "%s", path);
	if (pread(fd, &b, 1, (off_t)(sp[i].off + pick)) != 1)
		err(1, "read");
	mask = (uint8_t)(1 + random() % 255);
	b ^= mask;
	if (pwrite(fd, &b, 1, (off_t)(sp[i].off + pick)) != 1)
		err(1, "write");
	close(fd);
	printf("%s %s byte %zu of %zu (file offset %zu) ^ 0x%02x\n",
	    sp[i].db, sp[i].iskey ? "key" : "value", pick, sp[i].len,
	    sp[i].off + pick, mask);
	free(sp);
	return 0;
}
