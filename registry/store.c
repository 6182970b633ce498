/*
 * store.c: the LMDB environment behind the registry, and the one code path
 * that appends to its log (see store.h for the layout).
 *
 * Appending keeps three things in step inside one write transaction: the
 * event, the Merkle hashes it completes, and the derived state (the record's
 * event list and the lookup indexes).  The checkpoint over the new tree is
 * signed and stored just before commit, so a crash leaves either all of it
 * or none.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fold.h"
#include "grow.h"
#include "store.h"

/*
 * A registry's meta "format" is STORE_FORMAT_NAME followed by its version:
 * STORE_VERSION is this sogoc's; every registry written before it
 * (sogoc-registry/1: some of the STORE_DB_LATER databases, kept counts
 * missing) reads, but only `sogoc upgrade` writes to it (STORE_UPGRADE).
 * Older sogoc compare the whole string, so they refuse a newer registry.
 */
#define STORE_FORMAT_NAME	"sogoc-registry/"
#define STORE_FORMAT		STORE_FORMAT_NAME "2"
#define NAME_KEY_MAX	400	/* folded name bytes kept in an index key */

#define STORE_MAXDBS	32	/* the registry's and the modules' */

const struct store_db store_dbs[STORE_NDBS] = {
	{ "meta", 0 }, { "keys", 0 }, { "events", 0 }, { "hashes", 0 },
	{ "checkpoints", 0 }, { "records", 0 }, { "serials", 0 },
	{ "names", 0 }, { "sources", 0 }, { "staging", 0 }, { "ready", 0 },
	{ "published", 0 }, { "heads", STORE_DB_LATER },
	{ "issued", STORE_DB_LATER }, { "counts", STORE_DB_LATER },
	{ "cosigs", STORE_DB_LATER }, { "statuslist", STORE_DB_LATER },
};

#define STORE_RDPOOL	64	/* reset read transactions kept */

struct store {
	MDB_env			*env;
	const struct store_db	*def[STORE_MAXDBS]; /* store_dbs first */
	MDB_dbi			 dbi[STORE_MAXDBS];
	size_t			 ndbs;
	int			 lockfd;	/* -1 for readers */
	int			 rdonly;
	int			 shared;	/* STORE_SHARED */
	pthread_mutex_t		 wlock;	/* shared: one writer */
	uint32_t		 absent;	/* bit i: database i is not
						   there (readers of an older
						   registry) */
	uint32_t		 unused;	/* bit i: database i is not
						   this kind of store's (the
						   registry's, in another) */
	char			*format;	/* meta "format" */
	int			 version;	/* a registry's, as found */
	int			 upgrade;	/* STORE_UPGRADE */
	int			 other;		/* not a registry
						   (store_open_env()) */
	uint64_t		 id;		/* this process's number */
	char			*dir;
	char			*map;		/* LMDB's map of data.mdb, */
	size_t			 maplen;	/* NULL when not found */
	/*
	 * Read transactions ended and kept for the next store_rd_begin(),
	 * reset: renewing one keeps its slot in LMDB's reader table, where
	 * beginning one takes the table's process-shared lock (one a
	 * request of the public service).  MDB_NOTLS lets any thread renew
	 * one.  It never holds more than the most views once open at the
	 * same time, so it takes no reader slot (LMDB has 126 for every
	 * process together) the process had not taken at its peak; those
	 * stay taken until store_close(), which aborts them.  Under rdlock.
	 */
	pthread_mutex_t		 rdlock;
	MDB_txn			*rdpool[STORE_RDPOOL];
	size_t			 nrdpool;
	store_commit_fn		*hook;		/* store_on_commit() */
	void			*hook_arg;
	_Atomic unsigned long	 hook_failed;	/* its failures so far */
};

/* A read view: a read transaction, or a write transaction's. */
struct store_rd {
	struct store	*st;
	MDB_txn		*txn;
};

/* An event this transaction appended, for its record's head. */
struct store_touch {
	uint64_t	 record, index;
	uint8_t		 leaf[MERKLE_HASH_LEN];
};

/* A write transaction in progress, with the tree's size as it grows. */
struct store_txn {
	struct store_rd		 rd;	/* its view: st, txn again */
	struct store		*st;
	MDB_txn			*txn;
	uint64_t		 size;	/* leaves, including this txn's */
	uint64_t		 start;	/* leaves when the txn began */
	int			 locked; /* holds a shared store's lock */
	struct store_touch	*touched; /* its appends, freed at the commit
					     or abort */
	size_t			 ntouched, captouched;
	struct store_leaves	*leaves;  /* its leaves' bytes, for the
					     commit hook (NULL: none) */
};

/*
 * The bytes of the leaves a write appended, kept for the commit hook
 * (store_hook_leaf()) so that it need not decode and re-encode them:
 * leaf start + i is buf[off[i] .. off[i + 1]) (off[n] is len).
 */
struct store_leaves {
	struct store	*st;
	uint64_t	 start;
	uint8_t		*buf;
	size_t		 len, cap;
	size_t		*off;
	size_t		 n, offcap;
};

/* The leaves of the commit whose hook this thread is running, or NULL. */
static _Thread_local const struct store_leaves	*hook_leaves;

/* The handle of one of the registry's own databases (store_dbs). */
#define DBI(st, db)	((st)->dbi[(db) - store_dbs])

/*
 * The last error, one per thread: the threads of a server share a store,
 * and each reads the message of its own failure.
 */
static _Thread_local char	 store_err[512];

#ifdef SOGOC_FAULT_INJECTION
/*
 * Fault injection, for test builds only (configure --enable-fault-
 * injection, store.h): the number of write steps so far in this process,
 * the one that fails (0: none), the caller's trace function, and in each
 * thread the step that failed last, for the message.
 */
static long			 fault_steps;
static long			 fault_at;
static store_fault_trace_fn	*fault_trace_fn;
static void			*fault_trace_arg;
static pthread_mutex_t		 fault_trace_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t		 fault_once = PTHREAD_ONCE_INIT;
static _Thread_local long	 fault_fired;

static void
fault_env(void)
{
	const char	*s = getenv("SOGOC_FAULT");
	char		*end;
	long		 v;

	if (s != NULL && s[0] != '\0') {
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && v > 0)
			__atomic_store_n(&fault_at, v, __ATOMIC_RELAXED);
	}
}

void
store_fault_set(long n)
{
	pthread_once(&fault_once, fault_env);
	__atomic_store_n(&fault_steps, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&fault_at, n, __ATOMIC_RELAXED);
}

long
store_fault_steps(void)
{
	return __atomic_load_n(&fault_steps, __ATOMIC_RELAXED);
}

void
store_fault_trace(store_fault_trace_fn *fn, void *arg)
{
	pthread_mutex_lock(&fault_trace_mu);
	fault_trace_fn = fn;
	fault_trace_arg = arg;
	pthread_mutex_unlock(&fault_trace_mu);
}

/*
 * One write step, named what: EIO when it is the one to fail, else 0.
 * The trace function is called under a mutex, so that it is never called
 * after store_fault_trace() has replaced it.
 */
static int
fault(const char *what)
{
	long	 n;

	pthread_once(&fault_once, fault_env);
	n = __atomic_add_fetch(&fault_steps, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&fault_trace_mu);
	if (fault_trace_fn != NULL)
		fault_trace_fn(n, what, fault_trace_arg);
	pthread_mutex_unlock(&fault_trace_mu);
	if (n != __atomic_load_n(&fault_at, __ATOMIC_RELAXED))
		return 0;
	fault_fired = n;
	return EIO;
}

/* Tells the trace function of what happened, not a step: n is 0. */
static void
fault_note(const char *what)
{
	pthread_mutex_lock(&fault_trace_mu);
	if (fault_trace_fn != NULL)
		fault_trace_fn(0, what, fault_trace_arg);
	pthread_mutex_unlock(&fault_trace_mu);
}

/* A fault injected in step what, as the caller reports an error. */
static int
fault_fail(struct store *st, const char *what)
{
	fault_fired = 0;
	return store_fail(st, STORE_EIO, "%s: injected fault at write step "
	    "%ld (SOGOC_FAULT)", what, __atomic_load_n(&fault_at,
	    __ATOMIC_RELAXED));
}
#else
/* Release builds: no step fails, and the compiler drops the checks. */
#define fault(what)		0
#define fault_note(what)	do { } while (0)
#define fault_fail(st, what)	STORE_EIO
#endif

int
store_fail(struct store *st, int code, const char *fmt, ...)
{
	va_list	 ap;

	(void)st;
	va_start(ap, fmt);
	vsnprintf(store_err, sizeof(store_err), fmt, ap);
	va_end(ap);
	return code;
}

/* Maps an LMDB return code to a STORE_* code with a message about what. */
static int
lmdb_fail(struct store *st, int rc, const char *what)
{
#ifdef SOGOC_FAULT_INJECTION
	if (rc == EIO && fault_fired != 0)
		return fault_fail(st, what);
#endif
	/* The registry's databases in another kind of store have an
	 * invalid handle (list_dbs()): every registry-only call ends here. */
	if (rc == EINVAL && st != NULL && st->other)
		return store_fail(st, STORE_EINPUT, "%s: %s is a %s store, not "
		    "a registry", what, st->dir, st->format);
	switch (rc) {
	case MDB_MAP_FULL:
	case ENOSPC:
		return store_fail(st, STORE_EFULL, "%s: the registry is full "
		    "(map size or disk space); nothing was changed", what);
	case ENOMEM:
		return store_fail(st, STORE_ENOMEM, "%s: out of memory", what);
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
		return store_fail(st, STORE_ECORRUPT, "%s: %s", what,
		    mdb_strerror(rc));
	}
	return store_fail(st, STORE_EIO, "%s: %s", what, mdb_strerror(rc));
}

const char *
store_errmsg(const struct store *st)
{
	(void)st;
	return store_err;
}

/*
 * mdb_put() on one of the registry's own databases, for this file: a
 * write step, as store_put() is.  Returns LMDB's code (EIO for an
 * injected fault); map it with lmdb_fail().
 */
static int
mput(struct store *st, MDB_txn *txn, const struct store_db *db, MDB_val *k,
    MDB_val *v, unsigned int flags)
{
	if (fault(db->name) != 0)
		return EIO;
	return mdb_put(txn, DBI(st, db), k, v, flags);
}

/* mdb_del() (any data) likewise. */
static int
mdel(struct store *st, MDB_txn *txn, const struct store_db *db, MDB_val *k)
{
	if (fault(db->name) != 0)
		return EIO;
	return mdb_del(txn, DBI(st, db), k, NULL);
}

/* Commits a writer's txn (a write step), or a reader's. */
static int
txn_commit(struct store *st, MDB_txn *txn)
{
	int	 rc;

	if (st->rdonly)
		return mdb_txn_commit(txn);
	if (fault("commit") != 0) {
		mdb_txn_abort(txn);
		return EIO;
	}
	rc = mdb_txn_commit(txn);
	if (rc == 0)
		fault_note("committed");
	return rc;
}

void
store_u64(uint64_t v, uint8_t *out)
{
	int	 i;

	for (i = 7; i >= 0; i--) {
		out[i] = (uint8_t)v;
		v >>= 8;
	}
}

uint64_t
store_get_u64(const uint8_t *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * The databases to open: the registry's own first, at the index of their
 * declaration in store_dbs (DBI()), then those of schemas (store_open()).
 */
static int
list_dbs(struct store *st, const struct store_db *const *schemas)
{
	const struct store_db	*d;
	size_t			 i;

	/* Another kind of store keeps the slots, so DBI() still works,
	 * but has only meta of the registry's databases. */
	for (i = 0; i < STORE_NDBS; i++) {
		if (st->other && &store_dbs[i] != DB_META) {
			st->unused |= UINT32_C(1) << i;
			st->dbi[i] = (MDB_dbi)-1;	/* LMDB: EINVAL */
		}
		st->def[st->ndbs++] = &store_dbs[i];
	}
	for (; schemas != NULL && *schemas != NULL; schemas++)
		for (d = *schemas; d->name != NULL; d++) {
			if (st->ndbs == STORE_MAXDBS)
				return store_fail(st, STORE_EINPUT, "more "
				    "than %d databases", STORE_MAXDBS);
			st->def[st->ndbs++] = d;
		}
	return STORE_OK;
}

/*
 * The version of a registry's format string v (n bytes), or 0 when it is
 * not "sogoc-registry/N" with N a decimal number without leading zeros.
 */
static int
format_version(const char *v, size_t n)
{
	size_t	 i, pre = strlen(STORE_FORMAT_NAME);
	int	 ver = 0;

	if (n <= pre || n > pre + 6 || memcmp(v, STORE_FORMAT_NAME, pre) != 0 ||
	    v[pre] == '0')
		return 0;
	for (i = pre; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		ver = ver * 10 + (v[i] - '0');
	}
	return ver;
}

/*
 * A registry of format version ver: this sogoc's reads and writes; an
 * older one reads, but writes only to be upgraded; a newer one neither,
 * since its encodings may have changed under a reader too.
 */
static int
check_version(struct store *st, int ver)
{
	st->version = ver;
	if (ver > STORE_VERSION)
		return store_fail(st, STORE_EVERSION, "%s is a registry of "
		    "format %s%d, newer than this sogoc's (%s): use the sogoc "
		    "that wrote it, or a newer one; nothing was changed",
		    st->dir, STORE_FORMAT_NAME, ver, STORE_FORMAT);
	if (ver < STORE_VERSION && !st->rdonly && !st->upgrade)
		return store_fail(st, STORE_EVERSION, "%s is a registry of "
		    "format %s%d, older than this sogoc's (%s): it can be "
		    "read, but run `sogoc upgrade --db %s` (after a backup) "
		    "before writing to it; nothing was changed", st->dir,
		    STORE_FORMAT_NAME, ver, STORE_FORMAT, st->dir);
	return STORE_OK;
}

/*
 * Checks meta's "format" in txn, or writes it in a new store, before any
 * other database is created: a writer that opens another kind of store
 * must not leave its tables in it, nor one that refuses its version.
 */
static int
check_format(struct store *st, MDB_txn *txn)
{
	MDB_val		 k = { 6, "format" }, v;
	int		 rc, ver;

	rc = mdb_dbi_open(txn, DB_META->name, 0, &DBI(st, DB_META));
	if (rc == MDB_NOTFOUND && !st->rdonly)
		rc = mdb_dbi_open(txn, DB_META->name, MDB_CREATE,
		    &DBI(st, DB_META));
	if (rc == MDB_NOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "%s is not a sogoc "
		    "%s (no meta database); import or publish something "
		    "first", st->dir, st->other ? "store" : "registry");
	if (rc != 0)
		return lmdb_fail(st, rc, "opening the store");
	rc = mdb_get(txn, DBI(st, DB_META), &k, &v);
	if (rc == MDB_NOTFOUND && !st->rdonly) {
		st->version = STORE_VERSION;
		v.mv_data = st->format;
		v.mv_size = strlen(st->format);
		rc = mput(st, txn, DB_META, &k, &v, 0);
		return rc == 0 ? STORE_OK :
		    lmdb_fail(st, rc, "creating the store");
	}
	ver = rc == 0 && !st->other ? format_version(v.mv_data, v.mv_size) :
	    0;
	if (ver > 0)
		return check_version(st, ver);
	if (rc != 0 || v.mv_size != strlen(st->format) ||
	    memcmp(v.mv_data, st->format, v.mv_size) != 0)
		return store_fail(st, STORE_ECORRUPT, "%s is not a %s of this "
		    "version of sogoc (format is not %s)", st->dir,
		    st->other ? "store" : "registry", st->format);
	return STORE_OK;
}

/* Opens (writers: creates) every named database and checks the format. */
static int
open_dbs(struct store *st)
{
	MDB_txn		*txn;
	unsigned int	 flags = st->rdonly ? 0 : MDB_CREATE;
	size_t		 i;
	int		 rc;

	rc = mdb_txn_begin(st->env, NULL, st->rdonly ? MDB_RDONLY : 0, &txn);
	if (rc != 0)
		return lmdb_fail(st, rc, "opening the store");
	rc = check_format(st, txn);
	for (i = 0; rc == STORE_OK && i < st->ndbs; i++) {
		if (st->def[i] == DB_META ||
		    (st->unused & UINT32_C(1) << i) != 0)
			continue;
		rc = mdb_dbi_open(txn, st->def[i]->name, flags, &st->dbi[i]);
		if (rc == MDB_NOTFOUND &&
		    (st->def[i]->flags & STORE_DB_LATER)) {
			/* A registry no writer has opened since. */
			st->absent |= 1u << i;
			rc = STORE_OK;
		} else if (rc == MDB_NOTFOUND)
			rc = store_fail(st, STORE_ENOTFOUND, "%s is not a "
			    "sogoc %s (no %s database); import or publish "
			    "something first", st->dir, st->other ? "store" :
			    "registry", st->def[i]->name);
		else if (rc != 0)
			rc = lmdb_fail(st, rc, "opening the store");
	}
	if (rc != STORE_OK) {
		mdb_txn_abort(txn);
		return rc;
	}
	/* Committing, even a read, keeps the database handles open. */
	rc = txn_commit(st, txn);
	if (rc != 0)
		return lmdb_fail(st, rc, "opening the store");
	return STORE_OK;
}

/* Removes a registry directory made by store_create() that failed. */
static void
remove_new(const char *dir)
{
	static const char *const files[] = {
		"data.mdb", "lock.mdb", "sogoc.lock"
	};
	char	 path[4096];
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (snprintf(path, sizeof(path), "%s/%s", dir, files[i]) <
		    (int)sizeof(path))
			unlink(path);
	rmdir(dir);
}

/*
 * A new registry appears whole or not at all: it is made in a temporary
 * directory beside dir and renamed into place, so that a crash while LMDB
 * writes its first pages leaves no half-made registry to trip over.
 */
static int
store_create(struct store *st, const char *dir, size_t mapsize)
{
	struct store	*nst;
	char		 tmp[4096], err[512];
	int		 n, rc;

	n = snprintf(tmp, sizeof(tmp), "%s.new-%ld", dir, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return store_fail(st, STORE_EINPUT, "%s: path too long", dir);
	if (mkdir(tmp, 0700) == -1)
		return store_fail(st, STORE_EIO, "cannot create %s: %s", tmp,
		    strerror(errno));
	rc = st->other ? store_open_env(tmp, 0, mapsize, st->format, NULL,
	    &nst, err, sizeof(err)) : store_open(tmp, 0, mapsize, NULL, &nst,
	    err, sizeof(err));
	if (rc != STORE_OK) {
		remove_new(tmp);
		return store_fail(st, rc, "%s", err);
	}
	store_close(nst);
	if (rename(tmp, dir) == -1) {
		n = errno;
		remove_new(tmp);
		/* Someone else made it meanwhile: use theirs. */
		if (n == EEXIST || n == ENOTEMPTY)
			return STORE_OK;
		return store_fail(st, STORE_EIO, "cannot create %s: %s", dir,
		    strerror(n));
	}
	return STORE_OK;
}

/* Why flock() on the lock file failed (errno). */
static int
lock_failed(struct store *st)
{
	if (errno == EWOULDBLOCK)
		return store_fail(st, STORE_EBUSY, "%s: another sogoc process "
		    "is writing to this registry; try again when it has "
		    "finished", st->dir);
	return store_fail(st, STORE_EIO, "%s: %s", st->dir, strerror(errno));
}

/*
 * Refuses a data file shorter than the pages the environment says it uses
 * (a disk that filled, a copy cut short): LMDB maps the file and would
 * die of SIGBUS on the first read past its end.  The environment's last
 * page is read before the file's size, so that a writer of another
 * process growing the file meanwhile (it only grows) cannot make a whole
 * file look short.
 */
static int
check_size(struct store *st)
{
	MDB_envinfo	 info;
	MDB_stat	 ms;
	struct stat	 sb;
	mdb_filehandle_t fd;
	uint64_t	 need;
	int		 rc;

	rc = mdb_env_info(st->env, &info);
	if (rc == 0)
		rc = mdb_env_stat(st->env, &ms);
	if (rc == 0)
		rc = mdb_env_get_fd(st->env, &fd);
	if (rc != 0)
		return lmdb_fail(st, rc, st->dir);
	if (fstat(fd, &sb) == -1)
		return store_fail(st, STORE_EIO, "%s/data.mdb: %s", st->dir,
		    strerror(errno));
	need = ((uint64_t)info.me_last_pgno + 1) * ms.ms_psize;
	if ((uint64_t)sb.st_size < need)
		return store_fail(st, STORE_ECORRUPT, "%s/data.mdb is %lld "
		    "bytes but the registry uses %" PRIu64 ": it was cut "
		    "short; restore it from a backup", st->dir,
		    (long long)sb.st_size, need);
	return STORE_OK;
}

/*
 * An empty data.mdb is a registry cut to nothing, not a new one: LMDB
 * would make a fresh environment in it for a writer.  A new registry
 * never has one (store_create() renames a whole one into place).
 */
static int
check_not_empty(struct store *st)
{
	struct stat	 sb;
	char		 path[4096];
	int		 n;

	n = snprintf(path, sizeof(path), "%s/data.mdb", st->dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return store_fail(st, STORE_EINPUT, "%s: path too long",
		    st->dir);
	if (stat(path, &sb) == 0 && sb.st_size == 0)
		return store_fail(st, STORE_ECORRUPT, "%s is 0 bytes: it was "
		    "cut short; restore it from a backup", path);
	return STORE_OK;
}

long
store_lock_wait_ms(void)
{
	const char	*s = getenv("SOGOC_LOCK_WAIT");
	char		*end;
	long		 v;

	if (s == NULL || s[0] == '\0')
		return STORE_LOCK_WAIT * 1000L;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 3600)
		return STORE_LOCK_WAIT * 1000L;
	return v * 1000L;
}

/*
 * Takes the writer's lock, waiting up to store_lock_wait_ms() for another
 * process to finish its write: a view counter's flush or a console write
 * holds it for milliseconds, and the command line should not fail for
 * that.  Polls, since flock() has no timeout.
 */
static int
lock_take(struct store *st)
{
	struct timespec	 t0, now, nap = { 0, 20 * 1000000 };
	long		 wait = store_lock_wait_ms(), waited;

	if (fault("the writer's lock") != 0)
		return fault_fail(st, "taking the writer's lock");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (flock(st->lockfd, LOCK_EX | LOCK_NB) == 0)
			return STORE_OK;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return lock_failed(st);
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (now.tv_sec - t0.tv_sec) * 1000 +
		    (now.tv_nsec - t0.tv_nsec) / 1000000;
		if (waited >= wait)
			return store_fail(st, STORE_EBUSY, "%s: another sogoc "
			    "process is writing to this registry (waited %ld "
			    "s, see SOGOC_LOCK_WAIT); try again when it has "
			    "finished", st->dir, wait / 1000);
		nanosleep(&nap, NULL);
	}
}

/* Opens and takes the lock file of a writer's registry in dir. */
static int
lock_open(struct store *st, const char *dir)
{
	char	 path[4096];
	int	 n;

	n = snprintf(path, sizeof(path), "%s/sogoc.lock", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return store_fail(st, STORE_EINPUT, "%s: path too long", dir);
	st->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (st->lockfd == -1)
		return store_fail(st, STORE_EIO, "%s: %s", path,
		    strerror(errno));
	return lock_take(st);
}

/* Creates and opens the LMDB environment of dir, mapsize 0 the default. */
static int
env_open(struct store *st, const char *dir, size_t mapsize)
{
	int	 rc;

	rc = mdb_env_create(&st->env);
	if (rc == 0)
		rc = mdb_env_set_maxdbs(st->env, STORE_MAXDBS);
	if (rc == 0)
		rc = mdb_env_set_mapsize(st->env,
		    mapsize ? mapsize : STORE_DEFAULT_MAPSIZE);
	if (rc != 0)
		return lmdb_fail(st, rc, dir);
	rc = mdb_env_open(st->env, dir,
	    MDB_NOTLS | (st->rdonly ? MDB_RDONLY : 0), 0600);
	if (rc == 0)
		return STORE_OK;
	if (rc == ENOENT)
		return store_fail(st, STORE_ENOTFOUND, "%s: no registry "
		    "here yet (see --db)", dir);
	if (rc == MDB_INVALID)
		return store_fail(st, STORE_ECORRUPT, "%s: data.mdb is "
		    "not an LMDB file", dir);
	return lmdb_fail(st, rc, dir);
}

/*
 * An address inside st's map: a key of the main database, which a read
 * transaction reads in place.  0 when there is none.
 */
static uintptr_t
map_inside(struct store *st)
{
	MDB_txn		*txn;
	MDB_cursor	*c;
	MDB_dbi		 main;
	MDB_val		 k, v;
	uintptr_t	 at = 0;

	if (mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn) != 0)
		return 0;
	if (mdb_dbi_open(txn, NULL, 0, &main) == 0 &&
	    mdb_cursor_open(txn, main, &c) == 0) {
		if (mdb_cursor_get(c, &k, &v, MDB_FIRST) == 0)
			at = (uintptr_t)k.mv_data;
		mdb_cursor_close(c);
	}
	mdb_txn_abort(txn);
	return at;
}

/*
 * Finds LMDB's read-only map of data.mdb in /proc/self/maps (LMDB tells
 * its address only to an environment opened with MDB_FIXEDMAP), for
 * store_release_cache(): the mapping of the file that holds an address
 * read through st, not another store's map of the same file, which may
 * be unmapped before st is closed.  Not finding it (not Linux, or no
 * database yet) leaves st->map NULL.
 */
static void
map_find(struct store *st)
{
	struct stat	 sb;
	FILE		*fp;
	char		 line[4352], *p, *e;
	unsigned long	 maj, mnr;
	uintptr_t	 lo, hi, at;
	int		 fd, i;

	at = map_inside(st);
	if (at == 0 || mdb_env_get_fd(st->env, &fd) != 0 ||
	    fstat(fd, &sb) != 0)
		return;
	fp = fopen("/proc/self/maps", "r");
	if (fp == NULL)
		return;
	/* start-end perms offset major:minor inode path */
	while (fgets(line, sizeof(line), fp) != NULL) {
		lo = (uintptr_t)strtoull(line, &p, 16);
		if (*p != '-')
			continue;
		hi = (uintptr_t)strtoull(p + 1, &p, 16);
		for (i = 0; i < 2 && p != NULL; i++)
			p = strchr(p + 1, ' ');
		if (p == NULL)
			continue;
		maj = strtoul(p + 1, &e, 16);
		if (*e != ':')
			continue;
		mnr = strtoul(e + 1, &e, 16);
		if (maj == major(sb.st_dev) && mnr == minor(sb.st_dev) &&
		    strtoull(e, NULL, 10) == (unsigned long long)sb.st_ino &&
		    lo <= at && at < hi) {
			st->map = (char *)lo;
			st->maplen = hi - lo;
			break;
		}
	}
	fclose(fp);
}

int
store_release_cache(struct store *st)
{
	MDB_envinfo	 info;
	MDB_stat	 ms;
	size_t		 len;

	if (st->map == NULL || mdb_env_info(st->env, &info) != 0 ||
	    mdb_env_stat(st->env, &ms) != 0)
		return STORE_OK;
	/* Only the pages in use: the rest of the map was never touched. */
	len = (info.me_last_pgno + 1) * (size_t)ms.ms_psize;
	if (len > st->maplen)
		len = st->maplen;
	if (madvise(st->map, len, MADV_DONTNEED) != 0)
		return store_fail(st, STORE_EIO, "releasing the registry's "
		    "pages: %s", strerror(errno));
	return STORE_OK;
}

/* Tells stores apart for the caches of their readers (proof.c). */
static uint64_t	 store_ids;

/*
 * store_open() and store_open_env(): a store of format, a registry when
 * format is STORE_FORMAT.
 */
static int
open_store(const char *dir, int flags, size_t mapsize, const char *format,
    const struct store_db *const *schemas, struct store **out, char *err,
    size_t errsz)
{
	struct store	*st;
	struct stat	 sb;
	int		 rc, dead;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		snprintf(err, errsz, "out of memory");
		return STORE_ENOMEM;
	}
	st->other = strcmp(format, STORE_FORMAT) != 0;
	st->lockfd = -1;
	st->rdonly = (flags & STORE_RDONLY) != 0;
	st->shared = !st->rdonly && (flags & STORE_SHARED) != 0;
	st->upgrade = !st->rdonly && (flags & STORE_UPGRADE) != 0;
	if (pthread_mutex_init(&st->wlock, NULL) != 0) {
		free(st);
		snprintf(err, errsz, "out of memory");
		return STORE_ENOMEM;
	}
	if (pthread_mutex_init(&st->rdlock, NULL) != 0) {
		pthread_mutex_destroy(&st->wlock);
		free(st);
		snprintf(err, errsz, "out of memory");
		return STORE_ENOMEM;
	}
	st->id = __atomic_add_fetch(&store_ids, 1, __ATOMIC_RELAXED);
	st->dir = strdup(dir);
	st->format = strdup(format);
	if (st->dir == NULL || st->format == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto fail;
	}
	rc = list_dbs(st, schemas);
	if (rc != STORE_OK)
		goto fail;
	if (stat(dir, &sb) == -1) {
		if (errno != ENOENT || !(flags & STORE_CREATE) || st->rdonly) {
			rc = store_fail(st, STORE_ENOTFOUND, "%s: %s%s", dir,
			    strerror(errno), errno == ENOENT ?
			    " (no registry here yet; see --db)" : "");
			goto fail;
		}
		rc = store_create(st, dir, mapsize);
		if (rc != STORE_OK)
			goto fail;
	} else if (!S_ISDIR(sb.st_mode)) {
		rc = store_fail(st, STORE_EINPUT, "%s is not a directory",
		    dir);
		goto fail;
	}
	if (!st->rdonly) {
		rc = lock_open(st, dir);
		if (rc != STORE_OK)
			goto fail;
	}
	rc = check_not_empty(st);
	if (rc != STORE_OK)
		goto fail;
	rc = env_open(st, dir, mapsize);
	if (rc != STORE_OK)
		goto fail;
	rc = check_size(st);
	if (rc != STORE_OK)
		goto fail;
	/* Readers that died hold slots; clear them before we start. */
	mdb_reader_check(st->env, &dead);
	rc = open_dbs(st);
	if (rc != STORE_OK)
		goto fail;
	map_find(st);
	/* A shared writer holds the lock only while it writes. */
	if (st->shared)
		flock(st->lockfd, LOCK_UN);
	*out = st;
	return STORE_OK;
fail:
	snprintf(err, errsz, "%s", store_err);
	store_close(st);
	return rc;
}

int
store_open(const char *dir, int flags, size_t mapsize,
    const struct store_db *const *schemas, struct store **out, char *err,
    size_t errsz)
{
	return open_store(dir, flags, mapsize, STORE_FORMAT, schemas, out,
	    err, errsz);
}

int
store_open_env(const char *dir, int flags, size_t mapsize,
    const char *format, const struct store_db *const *schemas,
    struct store **out, char *err, size_t errsz)
{
	*out = NULL;
	/* The registry's own format would make it a registry without its
	 * tables: refused, as is a format that could not be told apart. */
	if (format == NULL || format[0] == '\0' ||
	    strncmp(format, STORE_FORMAT_NAME,
	    strlen(STORE_FORMAT_NAME)) == 0) {
		snprintf(err, errsz, "store_open_env: format \"%s\" is not "
		    "another kind of store", format ? format : "");
		return STORE_EINPUT;
	}
	return open_store(dir, flags, mapsize, format, schemas, out, err,
	    errsz);
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Every transaction has ended: the kept ones go before the env. */
	while (st->nrdpool > 0)
		mdb_txn_abort(st->rdpool[--st->nrdpool]);
	if (st->env != NULL)
		mdb_env_close(st->env);
	if (st->lockfd != -1)
		close(st->lockfd);
	pthread_mutex_destroy(&st->rdlock);
	pthread_mutex_destroy(&st->wlock);
	free(st->dir);
	free(st->format);
	free(st);
}

/*
 * The slot of db in st: 0, or STORE_ENOTFOUND when it is not there, or
 * STORE_EINPUT when it was not given to store_open().
 */
static int
slot(const struct store *st, const struct store_db *db, size_t *i)
{
	if (db >= store_dbs && db < store_dbs + STORE_NDBS)
		*i = (size_t)(db - store_dbs);
	else
		for (*i = STORE_NDBS; *i < st->ndbs; (*i)++)
			if (st->def[*i] == db)
				break;
	if (*i == st->ndbs || (st->unused & UINT32_C(1) << *i) != 0)
		return STORE_EINPUT;
	return (st->absent & UINT32_C(1) << *i) != 0 ? STORE_ENOTFOUND : 0;
}

int
store_has_db(const struct store *st, const struct store_db *db)
{
	size_t	 i;

	return slot(st, db, &i) == 0;
}

int
store_flags(const struct store *st)
{
	return (st->rdonly ? STORE_RDONLY : 0) |
	    (st->shared ? STORE_SHARED : 0);
}

const char *
store_dir(const struct store *st)
{
	return st->dir;
}

uint64_t
store_id(const struct store *st)
{
	return st->id;
}

int
store_version(const struct store *st)
{
	return st->other ? 0 : st->version;
}

int
store_set_version(struct store_txn *t)
{
	struct store	*st = t->st;
	MDB_val		 k = { 6, "format" }, v;
	int		 rc;

	if (st->other)
		return store_fail(st, STORE_EINPUT, "%s is not a registry",
		    st->dir);
	v.mv_data = st->format;
	v.mv_size = strlen(st->format);
	rc = mput(st, t->txn, DB_META, &k, &v, 0);
	if (rc != 0)
		return lmdb_fail(st, rc, "writing the format");
	return STORE_OK;
}

int
store_copy(struct store *st, const char *dir)
{
	int	 rc;

	rc = mdb_env_copy2(st->env, dir, MDB_CP_COMPACT);
	if (rc != 0)
		return lmdb_fail(st, rc, "writing the backup");
	return STORE_OK;
}

/*
 * A shared store's lock, for one write transaction of one thread: taken
 * at once or not at all, or (wait set) as a command-line writer takes it.
 */
static int
shared_lock(struct store *st, int wait)
{
	int	 rc;

	pthread_mutex_lock(&st->wlock);
	if (wait)
		rc = lock_take(st);
	else if (fault("the writer's lock") != 0)
		rc = fault_fail(st, "taking the writer's lock");
	else if (flock(st->lockfd, LOCK_EX | LOCK_NB) == 0)
		rc = STORE_OK;
	else
		rc = lock_failed(st);
	if (rc != STORE_OK)
		pthread_mutex_unlock(&st->wlock);
	return rc;
}

static void
shared_unlock(struct store_txn *t)
{
	if (!t->locked)
		return;
	t->locked = 0;
	flock(t->st->lockfd, LOCK_UN);
	pthread_mutex_unlock(&t->st->wlock);
}

int
store_rd_begin(struct store *st, struct store_rd **rd)
{
	int	 rc;

	MDB_txn	*txn = NULL;

	*rd = malloc(sizeof(**rd));
	if (*rd == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	(*rd)->st = st;
	pthread_mutex_lock(&st->rdlock);
	if (st->nrdpool > 0)
		txn = st->rdpool[--st->nrdpool];
	pthread_mutex_unlock(&st->rdlock);
	/* A kept one sees the latest commit once renewed, as a new one. */
	if (txn != NULL && mdb_txn_renew(txn) != 0) {
		mdb_txn_abort(txn);
		txn = NULL;
	}
	rc = txn != NULL ? 0 : mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn);
	if (rc != 0) {
		free(*rd);
		*rd = NULL;
		return lmdb_fail(st, rc, "reading the registry");
	}
	(*rd)->txn = txn;
	return STORE_OK;
}

void
store_rd_end(struct store_rd *rd)
{
	struct store	*st;

	if (rd == NULL)
		return;
	st = rd->st;
	mdb_txn_reset(rd->txn);
	pthread_mutex_lock(&st->rdlock);
	if (st->nrdpool < STORE_RDPOOL) {
		st->rdpool[st->nrdpool++] = rd->txn;
		rd->txn = NULL;
	}
	pthread_mutex_unlock(&st->rdlock);
	if (rd->txn != NULL)
		mdb_txn_abort(rd->txn);
	free(rd);
}

uint64_t
store_txn_id(const struct store_rd *rd)
{
	return (uint64_t)mdb_txn_id(rd->txn);
}

/*
 * The LMDB handle of db for an access through rd: 0, or STORE_ENOTFOUND
 * when it is not there (it reads as empty), or STORE_EINPUT with a
 * message when it was never opened.
 */
static int
handle(struct store_rd *rd, const struct store_db *db, MDB_dbi *dbi)
{
	size_t	 i;
	int	 rc;

	rc = slot(rd->st, db, &i);
	if (rc == STORE_EINPUT)
		return store_fail(rd->st, rc, "the %s database was not opened",
		    db->name);
	if (rc == 0)
		*dbi = rd->st->dbi[i];
	return rc;
}

static void
to_val(const MDB_val *m, struct store_val *v)
{
	if (v == NULL)
		return;
	v->data = m->mv_data;
	v->len = m->mv_size;
}

int
store_get(struct store_rd *rd, const struct store_db *db, const void *key,
    size_t klen, struct store_val *v)
{
	MDB_val	 k = { klen, (void *)key }, d;
	MDB_dbi	 dbi;
	int	 rc;

	rc = handle(rd, db, &dbi);
	if (rc != 0)
		return rc;
	if (klen == 0 || klen > 511)
		return STORE_ENOTFOUND;
	rc = mdb_get(rd->txn, dbi, &k, &d);
	if (rc == MDB_NOTFOUND)
		return STORE_ENOTFOUND;
	if (rc != 0)
		return lmdb_fail(rd->st, rc, db->name);
	to_val(&d, v);
	return STORE_OK;
}

int
store_put(struct store_txn *t, const struct store_db *db, const void *key,
    size_t klen, const void *data, size_t len, unsigned int flags,
    struct store_val *old)
{
	MDB_val		 k = { klen, (void *)key };
	MDB_val		 d = { len, (void *)data };
	MDB_dbi		 dbi;
	unsigned int	 mf = 0;
	int		 rc;

	rc = handle(&t->rd, db, &dbi);
	if (rc != 0)
		return rc == STORE_ENOTFOUND ? store_fail(t->st, STORE_EINPUT,
		    "the %s database is not there", db->name) : rc;
	if (klen == 0 || klen > 511)
		return store_fail(t->st, STORE_EINPUT, "a key of %zu bytes "
		    "for %s", klen, db->name);
	if (flags & STORE_NOOVERWRITE)
		mf |= MDB_NOOVERWRITE;
	if (flags & STORE_APPEND)
		mf |= MDB_APPEND;
	rc = fault(db->name);
	if (rc == 0)
		rc = mdb_put(t->txn, dbi, &k, &d, mf);
	if (rc == MDB_KEYEXIST) {
		if (flags & STORE_NOOVERWRITE)
			to_val(&d, old);
		return store_fail(t->st, STORE_EEXIST, "%s: the key is taken",
		    db->name);
	}
	return rc == 0 ? STORE_OK : lmdb_fail(t->st, rc, db->name);
}

int
store_del(struct store_txn *t, const struct store_db *db, const void *key,
    size_t klen)
{
	MDB_val	 k = { klen, (void *)key };
	MDB_dbi	 dbi;
	int	 rc;

	rc = handle(&t->rd, db, &dbi);
	if (rc != 0)
		return rc;
	if (klen == 0 || klen > 511)
		return STORE_ENOTFOUND;
	rc = fault(db->name);
	if (rc == 0)
		rc = mdb_del(t->txn, dbi, &k, NULL);
	if (rc == MDB_NOTFOUND)
		return STORE_ENOTFOUND;
	return rc == 0 ? STORE_OK : lmdb_fail(t->st, rc, db->name);
}

/*
 * Walks db from the cursor operation first on, with next after each entry
 * (store_each() and store_each_rev()); prefixlen as store_each() says.
 */
static int
walk(struct store_rd *rd, const struct store_db *db, MDB_val *k,
    MDB_cursor_op first, MDB_cursor_op next, size_t prefixlen,
    store_each_fn *fn, void *arg)
{
	struct store_val	 kv, vv;
	MDB_cursor		*c;
	MDB_val			 from = *k, d;
	MDB_dbi			 dbi;
	int			 rc, frc = STORE_OK;

	rc = handle(rd, db, &dbi);
	if (rc != 0)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	rc = mdb_cursor_open(rd->txn, dbi, &c);
	if (rc != 0)
		return lmdb_fail(rd->st, rc, db->name);
	for (rc = mdb_cursor_get(c, k, &d, first); rc == 0;
	    rc = mdb_cursor_get(c, k, &d, next)) {
		if (prefixlen > 0 && (k->mv_size < prefixlen ||
		    memcmp(k->mv_data, from.mv_data, prefixlen) != 0)) {
			rc = MDB_NOTFOUND;
			break;
		}
		to_val(k, &kv);
		to_val(&d, &vv);
		frc = fn(&kv, &vv, arg);
		if (frc != STORE_OK)
			break;
	}
	mdb_cursor_close(c);
	if (frc != STORE_OK)
		return frc == STORE_STOP ? STORE_OK : frc;
	return rc == MDB_NOTFOUND ? STORE_OK : lmdb_fail(rd->st, rc,
	    db->name);
}

int
store_each(struct store_rd *rd, const struct store_db *db, const void *from,
    size_t fromlen, size_t prefixlen, store_each_fn *fn, void *arg)
{
	MDB_val	 k = { fromlen, (void *)from };

	if (prefixlen > fromlen)
		return store_fail(rd->st, STORE_EINPUT, "a prefix longer than "
		    "its key");
	return walk(rd, db, &k, from != NULL && fromlen > 0 ? MDB_SET_RANGE :
	    MDB_FIRST, MDB_NEXT, prefixlen, fn, arg);
}

int
store_each_rev(struct store_rd *rd, const struct store_db *db,
    store_each_fn *fn, void *arg)
{
	MDB_val	 k = { 0, NULL };

	return walk(rd, db, &k, MDB_LAST, MDB_PREV, 0, fn, arg);
}

/* The entry op (MDB_FIRST or MDB_LAST) of db. */
static int
end_entry(struct store_rd *rd, const struct store_db *db, MDB_cursor_op op,
    struct store_val *k, struct store_val *v)
{
	MDB_cursor	*c;
	MDB_val		 mk, md;
	MDB_dbi		 dbi;
	int		 rc;

	rc = handle(rd, db, &dbi);
	if (rc != 0)
		return rc;
	rc = mdb_cursor_open(rd->txn, dbi, &c);
	if (rc != 0)
		return lmdb_fail(rd->st, rc, db->name);
	rc = mdb_cursor_get(c, &mk, &md, op);
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		return STORE_ENOTFOUND;
	if (rc != 0)
		return lmdb_fail(rd->st, rc, db->name);
	to_val(&mk, k);
	to_val(&md, v);
	return STORE_OK;
}

int
store_first(struct store_rd *rd, const struct store_db *db,
    struct store_val *k, struct store_val *v)
{
	return end_entry(rd, db, MDB_FIRST, k, v);
}

int
store_last(struct store_rd *rd, const struct store_db *db,
    struct store_val *k, struct store_val *v)
{
	return end_entry(rd, db, MDB_LAST, k, v);
}

int
store_count(struct store_rd *rd, const struct store_db *db, size_t *n)
{
	MDB_stat	 ms;
	MDB_dbi		 dbi = 0;
	int		 rc;

	*n = 0;
	rc = handle(rd, db, &dbi);
	if (rc != 0)
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	rc = mdb_stat(rd->txn, dbi, &ms);
	if (rc != 0)
		return lmdb_fail(rd->st, rc, db->name);
	*n = ms.ms_entries;
	return STORE_OK;
}

int
store_size(struct store *st, struct store_rd *rd, uint64_t *size)
{
	MDB_txn		*txn = rd->txn;
	MDB_cursor	*c;
	MDB_val		 k, v;
	int		 rc;

	*size = 0;
	rc = mdb_cursor_open(txn, DBI(st, DB_CHECKPOINTS), &c);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading checkpoints");
	rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc != 0)
		return lmdb_fail(st, rc, "reading checkpoints");
	if (k.mv_size != 8)
		return store_fail(st, STORE_ECORRUPT, "a checkpoint key is "
		    "not a tree size");
	*size = store_get_u64(k.mv_data);
	return STORE_OK;
}

static int
wr_begin(struct store *st, struct store_txn *t, int wait)
{
	int	 rc;

	memset(t, 0, sizeof(*t));
	t->st = st;
	if (st->rdonly)
		return store_fail(st, STORE_EINPUT, "registry opened "
		    "read-only");
	if (st->shared) {
		rc = shared_lock(st, wait);
		if (rc != STORE_OK)
			return rc;
		t->locked = 1;
	}
	rc = fault("a write transaction");
	if (rc == 0)
		rc = mdb_txn_begin(st->env, NULL, 0, &t->txn);
	if (rc != 0) {
		shared_unlock(t);
		return lmdb_fail(st, rc, "writing the registry");
	}
	t->rd.st = st;
	t->rd.txn = t->txn;
	/* Another kind of store has no log: its size stays 0. */
	rc = st->other ? STORE_OK : store_size(st, &t->rd, &t->size);
	/* Only a store with a hook keeps what only the hook reads. */
	if (rc == STORE_OK && st->hook != NULL) {
		t->leaves = calloc(1, sizeof(*t->leaves));
		if (t->leaves == NULL)
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
		else {
			t->leaves->st = st;
			t->leaves->start = t->size;
		}
	}
	if (rc != STORE_OK) {
		mdb_txn_abort(t->txn);
		t->txn = NULL;
		shared_unlock(t);
		return rc;
	}
	t->start = t->size;
	return STORE_OK;
}

/* Allocates *out and begins it, or frees it and sets NULL. */
static int
wr_new(struct store *st, struct store_txn **out, int wait)
{
	int	 rc;

	*out = malloc(sizeof(**out));
	if (*out == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = wr_begin(st, *out, wait);
	if (rc != STORE_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

int
store_wr_begin(struct store *st, struct store_txn **t)
{
	return wr_new(st, t, 0);
}

int
store_wr_begin_wait(struct store *st, struct store_txn **t)
{
	return wr_new(st, t, 1);
}

static void
leaves_free(struct store_leaves *l)
{
	if (l == NULL)
		return;
	free(l->buf);
	free(l->off);
	free(l);
}

/*
 * Keeps the bytes of the leaf t appends, when a commit hook will want
 * them (store_hook_leaf()).
 */
static int
keep_leaf(struct store_txn *t, const void *leaf, size_t len)
{
	struct store_leaves	*l = t->leaves;
	uint8_t			*nb;
	size_t			 cap;

	if (l == NULL)
		return STORE_OK;
	if (grow(&l->off, &l->offcap, l->n + 1, sizeof(*l->off), 1024) != 0)
		return store_fail(t->st, STORE_ENOMEM, "out of memory");
	if (l->cap - l->len < len) {
		cap = l->cap ? l->cap : 1 << 20;
		while (cap - l->len < len)
			cap *= 2;
		nb = realloc(l->buf, cap);
		if (nb == NULL)
			return store_fail(t->st, STORE_ENOMEM,
			    "out of memory");
		l->buf = nb;
		l->cap = cap;
	}
	memcpy(l->buf + l->len, leaf, len);
	l->off[l->n++] = l->len;
	l->len += len;
	return STORE_OK;
}

int
store_hook_leaf(struct store *st, uint64_t index, const void **data,
    size_t *len)
{
	const struct store_leaves	*l = hook_leaves;
	uint64_t			 i;

	if (l == NULL || l->st != st || index < l->start ||
	    index - l->start >= l->n)
		return STORE_ENOTFOUND;
	i = index - l->start;
	*data = l->buf + l->off[i];
	*len = (i + 1 < l->n ? l->off[i + 1] : l->len) - l->off[i];
	return STORE_OK;
}

/* Ends t without committing, keeping t itself. */
static void
wr_end(struct store_txn *t)
{
	if (t->txn != NULL)
		mdb_txn_abort(t->txn);
	t->txn = NULL;
	t->rd.txn = NULL;
	free(t->touched);
	t->touched = NULL;
	t->ntouched = t->captouched = 0;
	leaves_free(t->leaves);
	t->leaves = NULL;
	shared_unlock(t);
}

void
store_wr_abort(struct store_txn *t)
{
	if (t == NULL)
		return;
	wr_end(t);
	free(t);
}

struct store_rd *
store_txn_rd(struct store_txn *t)
{
	return &t->rd;
}

uint64_t
store_txn_size(const struct store_txn *t)
{
	return t->size;
}

struct store *
store_txn_store(const struct store_txn *t)
{
	return t->st;
}

struct store *
store_rd_store(const struct store_rd *rd)
{
	return rd->st;
}

int
store_origin(struct store *st, struct store_rd *rd, char **origin)
{
	MDB_txn	*txn = rd->txn;
	MDB_val	 k = { 6, "origin" }, v;
	int	 rc;

	*origin = NULL;
	rc = mdb_get(txn, DBI(st, DB_META), &k, &v);
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc != 0)
		return lmdb_fail(st, rc, "reading the log origin");
	*origin = strndup(v.mv_data, v.mv_size);
	if (*origin == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	return STORE_OK;
}

int
store_check_signer(struct store_txn *t, const struct note_signer *signer)
{
	struct store	*st = t->st;
	char		*origin;
	int		 rc;

	if (st->other)
		return store_fail(st, STORE_EINPUT, "%s is a %s store, not a "
		    "registry", st->dir, st->format);
	if (signer == NULL)
		return store_fail(st, STORE_EKEY, "a signing key is needed "
		    "to change the log (--key)");
	rc = store_origin(st, &t->rd, &origin);
	if (rc != STORE_OK)
		return rc;
	if (origin != NULL && strcmp(origin, note_signer_name(signer)) != 0)
		rc = store_fail(st, STORE_EKEY, "the key is named \"%s\" but "
		    "this log's checkpoints are signed as \"%s\"; use a key "
		    "made with `sogoc keygen --name %s`",
		    note_signer_name(signer), origin, origin);
	free(origin);
	return rc;
}

int
store_read_hash(void *arg, uint64_t idx, uint8_t *out)
{
	struct store_hashes	*h = arg;
	uint8_t			 kb[8];
	MDB_val			 k = { 8, kb }, v;
	int			 rc;

	store_u64(idx, kb);
	rc = mdb_get(h->rd->txn, DBI(h->st, DB_HASHES), &k, &v);
	if (rc != 0) {
		h->rc = rc == MDB_NOTFOUND ?
		    store_fail(h->st, STORE_ECORRUPT, "stored hash %" PRIu64
		    " is missing", idx) :
		    lmdb_fail(h->st, rc, "reading a hash");
		return -1;
	}
	if (v.mv_size != MERKLE_HASH_LEN) {
		h->rc = store_fail(h->st, STORE_ECORRUPT, "stored hash %"
		    PRIu64 " is %zu bytes, not 32", idx, v.mv_size);
		return -1;
	}
	memcpy(out, v.mv_data, MERKLE_HASH_LEN);
	return 0;
}

/* Signs and stores the checkpoint of the tree t has grown to. */
static int
sign_checkpoint(struct store_txn *t, const struct note_signer *signer)
{
	struct store		*st = t->st;
	struct store_hashes	 h = { st, &t->rd, STORE_OK };
	uint8_t			 root[MERKLE_HASH_LEN], kb[8];
	char			*body = NULL, *note = NULL, *vkey = NULL;
	MDB_val			 k, v;
	int			 rc;

	rc = store_check_signer(t, signer);
	if (rc != STORE_OK)
		return rc;
	if (fault("signing the checkpoint") != 0)
		return fault_fail(st, "signing the checkpoint");
	if (merkle_root(t->size, store_read_hash, &h, root) != MERKLE_OK)
		return h.rc != STORE_OK ? h.rc :
		    store_fail(st, STORE_ECORRUPT, "cannot compute the root");
	rc = checkpoint_format(note_signer_name(signer), t->size, root, &body);
	if (rc == NOTE_OK)
		rc = note_sign(signer, body, strlen(body), &note);
	if (rc != NOTE_OK) {
		rc = store_fail(st, STORE_EKEY, "signing the checkpoint: %s",
		    note_strerror(rc));
		goto out;
	}
	store_u64(t->size, kb);
	k.mv_data = kb;
	k.mv_size = 8;
	v.mv_data = note;
	v.mv_size = strlen(note);
	rc = mput(st, t->txn, DB_CHECKPOINTS, &k, &v, MDB_APPEND);
	if (rc != 0) {
		rc = lmdb_fail(st, rc, "storing the checkpoint");
		goto out;
	}
	k.mv_data = "origin";
	k.mv_size = 6;
	v.mv_data = (void *)note_signer_name(signer);
	v.mv_size = strlen(v.mv_data);
	rc = mput(st, t->txn, DB_META, &k, &v, 0);
	if (rc != 0) {
		rc = lmdb_fail(st, rc, "storing the origin");
		goto out;
	}
	/* Every key that ever signed stays listed, with its first size. */
	vkey = note_signer_vkey(signer);
	if (vkey == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	k.mv_data = vkey;
	k.mv_size = strlen(vkey);
	v.mv_data = kb;
	v.mv_size = 8;
	rc = mput(st, t->txn, DB_KEYS, &k, &v, MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST)
		rc = 0;
	if (rc != 0)
		rc = lmdb_fail(st, rc, "storing the verifier key");
	else
		rc = STORE_OK;
out:
	free(body);
	free(note);
	free(vkey);
	return rc;
}

/* The number of events record has in txn, into *n (0: none). */
static int
record_event_count(struct store *st, MDB_txn *txn, uint64_t record,
    uint64_t *n)
{
	uint8_t	 rb[8];
	MDB_val	 k = { 8, rb }, v;
	int	 rc;

	*n = 0;
	store_u64(record, rb);
	rc = mdb_get(txn, DBI(st, DB_RECORDS), &k, &v);
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc != 0)
		return lmdb_fail(st, rc, "reading a record");
	if (v.mv_size == 0 || v.mv_size % 8 != 0)
		return store_fail(st, STORE_ECORRUPT, "record %" PRIu64
		    ": event list is malformed", record);
	*n = v.mv_size / 8;
	return STORE_OK;
}

/*
 * Signs and stores, in txn, the head h (note.h) under the key of signer:
 * a record head under its record in heads, issue heads under their first
 * record in issued.
 */
static int
put_head(struct store *st, MDB_txn *txn, const struct note_signer *signer,
    const struct note_head *h)
{
	uint8_t	 rb[8];
	char	*body = NULL, *note = NULL;
	MDB_val	 k = { 8, rb }, v;
	int	 rc;

	rc = head_format(note_signer_name(signer), h, &body);
	if (rc == NOTE_OK)
		rc = note_sign(signer, body, strlen(body), &note);
	free(body);
	if (rc != NOTE_OK)
		return store_fail(st, STORE_EKEY, "signing record %" PRIu64
		    "'s head: %s", h->record, note_strerror(rc));
	store_u64(h->record, rb);
	v.mv_data = note;
	v.mv_size = strlen(note);
	rc = mput(st, txn, h->range ? DB_ISSUED : DB_HEADS, &k, &v, 0);
	free(note);
	if (rc != 0)
		return lmdb_fail(st, rc, "storing a record head");
	return STORE_OK;
}

static int
touch_cmp(const void *x, const void *y)
{
	const struct store_touch *a = x, *b = y;

	if (a->record != b->record)
		return a->record < b->record ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * Heads being signed, in record order: the records with one event, their
 * issue, at consecutive leaves, gather into one run that one signature
 * covers (issue heads), so that a bulk publish signs once per batch, not
 * once per record; every other record gets its own record head.
 */
struct head_runs {
	struct store			*st;
	MDB_txn				*txn;
	const struct note_signer	*signer;
	struct note_head		 run;
	int				 in_run;
};

/* Signs the run gathered so far, if any. */
static int
runs_end(struct head_runs *r)
{
	if (!r->in_run)
		return STORE_OK;
	r->in_run = 0;
	return put_head(r->st, r->txn, r->signer, &r->run);
}

/* Adds the head h (h->events counted): to the run, or signed alone. */
static int
runs_add(struct head_runs *r, const struct note_head *h)
{
	int	 rc;

	if (h->events == 1 && r->in_run && h->size == r->run.size &&
	    h->record == r->run.last + 1 &&
	    h->index == r->run.index + (r->run.last - r->run.record) + 1) {
		r->run.last = h->record;
		return STORE_OK;
	}
	rc = runs_end(r);
	if (rc != STORE_OK)
		return rc;
	if (h->events != 1)
		return put_head(r->st, r->txn, r->signer, h);
	r->run = *h;
	r->run.range = 1;
	r->run.last = h->record;
	r->in_run = 1;
	return STORE_OK;
}

/*
 * The heads, at the new tree size, of the records t appended an event of:
 * a record's latest event is its last in t, so after sorting, the last of
 * each run of one record.
 */
static int
sign_touched_heads(struct store_txn *t, const struct note_signer *signer)
{
	const struct store_touch	*x = t->touched;
	struct head_runs		 r = { .st = t->st, .txn = t->txn,
					    .signer = signer };
	struct note_head		 h;
	size_t				 i;
	int				 rc;

	qsort(t->touched, t->ntouched, sizeof(*t->touched), touch_cmp);
	for (i = 0; i < t->ntouched; i++) {
		if (i + 1 < t->ntouched && x[i + 1].record == x[i].record)
			continue;
		memset(&h, 0, sizeof(h));
		h.size = t->size;
		h.record = x[i].record;
		h.index = x[i].index;
		memcpy(h.leaf, x[i].leaf, MERKLE_HASH_LEN);
		rc = record_event_count(t->st, t->txn, h.record, &h.events);
		if (rc == STORE_OK)
			rc = runs_add(&r, &h);
		if (rc != STORE_OK)
			return rc;
	}
	return runs_end(&r);
}

/* Notes that t appends the event of record with leaf hash leafh. */
static int
touch(struct store_txn *t, uint64_t record, const uint8_t *leafh)
{
	struct store_touch	*nv;
	size_t			 ncap;

	if (t->ntouched == t->captouched) {
		ncap = t->captouched > 0 ? t->captouched * 2 : 64;
		nv = reallocarray(t->touched, ncap, sizeof(*nv));
		if (nv == NULL)
			return store_fail(t->st, STORE_ENOMEM, "out of memory");
		t->touched = nv;
		t->captouched = ncap;
	}
	t->touched[t->ntouched].record = record;
	t->touched[t->ntouched].index = t->size;
	memcpy(t->touched[t->ntouched].leaf, leafh, MERKLE_HASH_LEN);
	t->ntouched++;
	return STORE_OK;
}

/*
 * The stored note under record in heads, or the issue heads in issued
 * whose first record is the greatest at most record: *note malloc'd, or
 * STORE_ENOTFOUND.
 */
static int
head_note(struct store *st, MDB_txn *txn, const struct store_db *db,
    uint64_t record, char **note)
{
	uint8_t		 rb[8];
	MDB_val		 k = { 8, rb }, v;
	MDB_cursor	*c;
	int		 rc;

	*note = NULL;
	if (!store_has_db(st, db))
		return STORE_ENOTFOUND;
	store_u64(record, rb);
	if (db == DB_HEADS)
		rc = mdb_get(txn, DBI(st, db), &k, &v);
	else {
		rc = mdb_cursor_open(txn, DBI(st, db), &c);
		if (rc != 0)
			return lmdb_fail(st, rc, "reading record heads");
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
		if (rc == 0 && (k.mv_size != 8 ||
		    store_get_u64(k.mv_data) != record))
			rc = mdb_cursor_get(c, &k, &v, MDB_PREV);
		else if (rc == MDB_NOTFOUND)
			rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
		mdb_cursor_close(c);
	}
	if (rc == MDB_NOTFOUND)
		return STORE_ENOTFOUND;
	if (rc != 0)
		return lmdb_fail(st, rc, "reading a record head");
	*note = strndup(v.mv_data, v.mv_size);
	if (*note == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	return STORE_OK;
}

int
store_head(struct store *st, struct store_rd *rd, uint64_t record,
    char **note, struct note_head *h)
{
	MDB_txn			*txn = rd->txn;
	struct note_head	 mine;
	uint64_t		 idx;
	char			*sep, *origin = NULL;
	int			 rc;

	/* A record's own head, once it has one, is newer than the issue
	 * heads of the commit that issued it. */
	rc = head_note(st, txn, DB_HEADS, record, note);
	if (rc == STORE_ENOTFOUND)
		rc = head_note(st, txn, DB_ISSUED, record, note);
	if (rc != STORE_OK)
		return rc;
	/* The text ends where the one blank line before the signatures
	 * starts (the signature is the audit's and the reader's to check). */
	h = h != NULL ? h : &mine;
	sep = strstr(*note, "\n\n");
	rc = sep == NULL ? NOTE_EFORMAT : head_parse(*note,
	    (size_t)(sep - *note) + 1, &origin, h);
	free(origin);
	if (rc == NOTE_OK && !head_covers(h, record, &idx)) {
		/* Issue heads of records before it: it has none. */
		free(*note);
		*note = NULL;
		return h->range ? STORE_ENOTFOUND : store_fail(st,
		    STORE_ECORRUPT, "record %" PRIu64 "'s head is another "
		    "record's", record);
	}
	if (rc != NOTE_OK) {
		free(*note);
		*note = NULL;
		return store_fail(st, STORE_ECORRUPT, "record %" PRIu64 "'s "
		    "head is malformed", record);
	}
	return STORE_OK;
}

/* Whether record's stored head names its latest event latest. */
static int
head_current(struct store *st, struct store_rd *rd, uint64_t record,
    uint64_t latest)
{
	struct note_head	 h;
	uint64_t		 idx;
	char			*note;
	int			 cur;

	cur = store_head(st, rd, record, &note, &h) == STORE_OK &&
	    head_covers(&h, record, &idx) && idx == latest;
	free(note);
	return cur;
}

int
store_heads_sign(struct store *st, const struct note_signer *signer,
    int all, uint64_t *nsigned)
{
	struct store_txn	*t;
	struct store_hashes	 hs;
	struct head_runs	 r = { .st = st, .signer = signer };
	struct note_head	 h;
	MDB_cursor		*c = NULL;
	MDB_val			 k, v;
	int			 rc, op = MDB_FIRST;

	*nsigned = 0;
	rc = store_wr_begin_wait(st, &t);
	if (rc != STORE_OK)
		return rc;
	r.txn = t->txn;
	rc = store_check_signer(t, signer);
	if (rc == STORE_OK && t->size == 0)
		rc = store_fail(st, STORE_EINPUT, "the log is empty: nothing "
		    "to sign");
	if (rc == STORE_OK && mdb_cursor_open(t->txn, DBI(st, DB_RECORDS),
	    &c) != 0)
		rc = store_fail(st, STORE_EIO, "cannot read the records");
	hs.st = st;
	hs.rd = &t->rd;
	while (rc == STORE_OK) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND) {
			rc = STORE_OK;
			break;
		}
		if (rc != 0 || k.mv_size != 8 || v.mv_size == 0 ||
		    v.mv_size % 8 != 0) {
			rc = rc != 0 ? lmdb_fail(st, rc, "reading "
			    "records") : store_fail(st, STORE_ECORRUPT,
			    "a record's event list is malformed");
			break;
		}
		memset(&h, 0, sizeof(h));
		h.size = t->size;
		h.record = store_get_u64(k.mv_data);
		h.index = store_get_u64((uint8_t *)v.mv_data + v.mv_size - 8);
		h.events = v.mv_size / 8;
		if (!all && head_current(st, &t->rd, h.record, h.index))
			continue;
		hs.rc = STORE_OK;
		if (store_read_hash(&hs, merkle_stored_count(h.index),
		    h.leaf) != 0) {
			rc = hs.rc;
			break;
		}
		rc = runs_add(&r, &h);
		if (rc == STORE_OK)
			(*nsigned)++;
	}
	if (rc == STORE_OK)
		rc = runs_end(&r);
	mdb_cursor_close(c);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, signer);
}

int
store_wr_commit(struct store_txn *t, const struct note_signer *signer)
{
	struct store		*st = t->st;
	struct store_leaves	*leaves;
	uint64_t		 old, size;
	int		 rc;

	if (t->size > t->start) {
		rc = sign_checkpoint(t, signer);
		if (rc == STORE_OK)
			rc = sign_touched_heads(t, signer);
		if (rc != STORE_OK) {
			store_wr_abort(t);
			return rc;
		}
	}
	rc = txn_commit(st, t->txn);
	t->txn = NULL;
	old = t->start;
	size = t->size;
	leaves = t->leaves;
	t->leaves = NULL;
	wr_end(t);
	free(t);
	if (rc != 0) {
		leaves_free(leaves);
		return lmdb_fail(st, rc, "committing");
	}
	/* The log is the truth: what the hook fails to copy stays done. */
	if (size > old && st->hook != NULL) {
		hook_leaves = leaves;
		if (st->hook(st, old, size, st->hook_arg) != 0)
			st->hook_failed++;
		hook_leaves = NULL;
	}
	leaves_free(leaves);
	return STORE_OK;
}

void
store_on_commit(struct store *st, store_commit_fn *fn, void *arg)
{
	st->hook = fn;
	st->hook_arg = arg;
}

unsigned long
store_commit_hook_failures(struct store *st)
{
	return st->hook_failed;
}

char *
store_serial_key(const char *serial)
{
	return norm_fold(serial);
}

int
store_name_key(const char *name, const char *dob, uint64_t record,
    uint8_t **key, size_t *len)
{
	char	*f;
	size_t	 fl, dl;
	uint8_t	*k;

	*key = NULL;
	f = norm_fold(name);
	if (f == NULL)
		return STORE_ENOMEM;
	fl = strlen(f);
	if (fl > NAME_KEY_MAX)
		fl = NAME_KEY_MAX;
	dl = strnlen(dob, 32);
	k = malloc(fl + dl + 2 + 8);
	if (k == NULL) {
		free(f);
		return STORE_ENOMEM;
	}
	memcpy(k, f, fl);
	k[fl] = 0x1f;
	memcpy(k + fl + 1, dob, dl);
	k[fl + 1 + dl] = 0x1f;
	*len = fl + dl + 2;
	if (record != 0) {
		store_u64(record, k + *len);
		*len += 8;
	}
	free(f);
	*key = k;
	return STORE_OK;
}

/* Adds (add = 1) or removes the index entries of the state ev. */
static int
index_update(struct store_txn *t, const struct event *ev, int add)
{
	struct store	*st = t->st;
	const char	*serial = ev->field[FIELD_SERIAL_NO].value;
	const char	*name = ev->field[FIELD_FULL_NAME].value;
	const char	*dob = ev->field[FIELD_DATE_OF_BIRTH].value;
	uint8_t		 rb[8], *nk = NULL;
	size_t		 nl;
	char		*sk;
	MDB_val		 k, v;
	int		 rc = 0;

	store_u64(ev->record, rb);
	if (serial != NULL && serial[0] != '\0') {
		sk = store_serial_key(serial);
		if (sk == NULL)
			return store_fail(st, STORE_ENOMEM, "out of memory");
		k.mv_data = sk;
		k.mv_size = strlen(sk);
		if (k.mv_size == 0 || k.mv_size > 400) {
			free(sk);
			return store_fail(st, STORE_EINPUT, "record %" PRIu64
			    ": serial number \"%s\" has no letters or digits "
			    "or is too long", ev->record, serial);
		}
		if (add) {
			v.mv_data = rb;
			v.mv_size = 8;
			rc = mput(st, t->txn, DB_SERIALS, &k, &v,
			    MDB_NOOVERWRITE);
			if (rc == MDB_KEYEXIST && (v.mv_size != 8 ||
			    store_get_u64(v.mv_data) != ev->record)) {
				rc = store_fail(st, STORE_ECONFLICT, "serial "
				    "number %s is already record %" PRIu64
				    " of another person", serial,
				    v.mv_size == 8 ?
				    store_get_u64(v.mv_data) : 0);
				free(sk);
				return rc;
			}
			if (rc == MDB_KEYEXIST)
				rc = 0;
		} else {
			rc = mdel(st, t->txn, DB_SERIALS, &k);
			if (rc == MDB_NOTFOUND)
				rc = 0;
		}
		free(sk);
		if (rc != 0)
			return lmdb_fail(st, rc, "updating the serial "
			    "index");
	}
	if (name == NULL || name[0] == '\0')
		return STORE_OK;
	if (store_name_key(name, dob ? dob : "", ev->record, &nk, &nl) !=
	    STORE_OK)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	k.mv_data = nk;
	k.mv_size = nl;
	v.mv_data = "";
	v.mv_size = 0;
	if (add)
		rc = mput(st, t->txn, DB_NAMES, &k, &v, 0);
	else {
		rc = mdel(st, t->txn, DB_NAMES, &k);
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	free(nk);
	if (rc != 0)
		return lmdb_fail(st, rc, "updating the name index");
	return STORE_OK;
}

/* Whether the indexed values of a and b differ. */
static int
index_differs(const struct event *a, const struct event *b)
{
	static const enum field keys[] = {
		FIELD_SERIAL_NO, FIELD_FULL_NAME, FIELD_DATE_OF_BIRTH
	};
	const char	*x, *y;
	size_t		 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		x = a->field[keys[i]].value;
		y = b->field[keys[i]].value;
		if ((x == NULL) != (y == NULL) ||
		    (x != NULL && strcmp(x, y) != 0))
			return 1;
	}
	return 0;
}

/* Stores an event's encoding as the next leaf and the hashes it makes. */
static int
append_leaf(struct store_txn *t, const uint8_t *enc, size_t enclen,
    const uint8_t *leafh)
{
	struct store		*st = t->st;
	struct store_hashes	 h = { st, &t->rd, STORE_OK };
	uint8_t			 hs[MERKLE_MAX_APPEND][MERKLE_HASH_LEN];
	uint8_t			 kb[8];
	uint64_t		 base;
	size_t			 nh, i;
	MDB_val			 k = { 8, kb }, v;
	int			 rc;

	store_u64(t->size, kb);
	v.mv_data = (void *)enc;
	v.mv_size = enclen;
	rc = mput(st, t->txn, DB_EVENTS, &k, &v, MDB_APPEND);
	if (rc != 0)
		return lmdb_fail(st, rc, "storing an event");
	if (merkle_append(t->size, leafh, store_read_hash, &h, hs, &nh) !=
	    MERKLE_OK)
		return h.rc != STORE_OK ? h.rc :
		    store_fail(st, STORE_ECORRUPT, "cannot extend the tree");
	base = merkle_stored_count(t->size);
	for (i = 0; i < nh; i++) {
		store_u64(base + i, kb);
		v.mv_data = hs[i];
		v.mv_size = MERKLE_HASH_LEN;
		rc = mput(st, t->txn, DB_HASHES, &k, &v, MDB_APPEND);
		if (rc != 0)
			return lmdb_fail(st, rc, "storing a hash");
	}
	t->size++;
	return STORE_OK;
}

int
store_append(struct store_txn *t, const struct event *ev, uint64_t *index)
{
	struct store		*st = t->st;
	struct event		 prev = { 0 };
	uint8_t			 leafh[MERKLE_HASH_LEN], rb[8];
	uint8_t			*enc = NULL, *list = NULL;
	uint64_t		 previdx = 0;
	size_t			 enclen, leaflen, i;
	char			*leaf = NULL;
	MDB_val			 k, v;
	int			 rc, have_prev = 0;

	rc = event_encode(ev, &enc, &enclen);
	if (rc == EVENT_OK)
		rc = event_leaf(ev, &leaf, &leaflen);
	if (rc != EVENT_OK) {
		rc = store_fail(st, rc == EVENT_ENOMEM ? STORE_ENOMEM :
		    STORE_EINPUT, "record %" PRIu64 ": %s", ev->record,
		    event_strerror(rc));
		goto out;
	}
	/* The record's event list, and its state before this event. */
	store_u64(ev->record, rb);
	k.mv_data = rb;
	k.mv_size = 8;
	rc = mdb_get(t->txn, DBI(st, DB_RECORDS), &k, &v);
	if (rc == 0) {
		if (v.mv_size == 0 || v.mv_size % 8 != 0) {
			rc = store_fail(st, STORE_ECORRUPT, "record %" PRIu64
			    ": event list is malformed", ev->record);
			goto out;
		}
		if (ev->kind == EVENT_ISSUE) {
			rc = store_fail(st, STORE_ECONFLICT, "record %" PRIu64
			    " already exists", ev->record);
			goto out;
		}
		list = malloc(v.mv_size + 8);
		if (list == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto out;
		}
		memcpy(list, v.mv_data, v.mv_size);
		i = v.mv_size;
		previdx = store_get_u64(list + i - 8);
		rc = store_event(st, &t->rd, previdx, &prev);
		if (rc != STORE_OK)
			goto out;
		have_prev = 1;
	} else if (rc == MDB_NOTFOUND) {
		if (ev->kind != EVENT_ISSUE) {
			rc = store_fail(st, STORE_ENOTFOUND, "record %" PRIu64
			    " does not exist", ev->record);
			goto out;
		}
		list = malloc(8);
		if (list == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto out;
		}
		i = 0;
	} else {
		rc = lmdb_fail(st, rc, "reading a record");
		goto out;
	}
	*index = t->size;
	store_u64(t->size, list + i);
	v.mv_data = list;
	v.mv_size = i + 8;
	rc = mput(st, t->txn, DB_RECORDS, &k, &v, 0);
	if (rc != 0) {
		rc = lmdb_fail(st, rc, "storing a record");
		goto out;
	}
	/* Indexes follow the record's current state. */
	if (!have_prev || index_differs(&prev, ev)) {
		if (have_prev) {
			rc = index_update(t, &prev, 0);
			if (rc != STORE_OK)
				goto out;
		}
		rc = index_update(t, ev, 1);
		if (rc != STORE_OK)
			goto out;
	}
	if (merkle_leaf_hash(leaf, leaflen, leafh) != MERKLE_OK) {
		rc = store_fail(st, STORE_ENOMEM, "hashing an event failed");
		goto out;
	}
	rc = touch(t, ev->record, leafh);
	if (rc == STORE_OK)
		rc = keep_leaf(t, leaf, leaflen);
	if (rc == STORE_OK)
		rc = append_leaf(t, enc, enclen, leafh);
out:
	event_clear(&prev);
	free(enc);
	free(leaf);
	free(list);
	return rc;
}

int
store_prepare(const struct event *ev, struct store_prepared *p)
{
	const char	*serial = ev->field[FIELD_SERIAL_NO].value;
	const char	*name = ev->field[FIELD_FULL_NAME].value;
	const char	*dob = ev->field[FIELD_DATE_OF_BIRTH].value;
	char		*leaf = NULL;
	size_t		 leaflen;
	int		 rc;

	memset(p, 0, sizeof(*p));
	p->record = ev->record;
	rc = event_encode(ev, &p->enc, &p->enclen);
	if (rc == EVENT_OK)
		rc = event_leaf(ev, &leaf, &leaflen);
	if (rc != EVENT_OK) {
		store_prepared_clear(p);
		return rc == EVENT_ENOMEM ? STORE_ENOMEM : STORE_EINPUT;
	}
	rc = merkle_leaf_hash(leaf, leaflen, p->leaf);
	p->leaf_bytes = leaf;
	p->leaf_len = leaflen;
	if (rc != MERKLE_OK) {
		store_prepared_clear(p);
		return STORE_ENOMEM;
	}
	if (serial != NULL && serial[0] != '\0') {
		p->serial_key = store_serial_key(serial);
		if (p->serial_key == NULL)
			goto nomem;
	}
	if (name != NULL && name[0] != '\0' && store_name_key(name,
	    dob ? dob : "", ev->record, &p->name_key, &p->name_keylen) !=
	    STORE_OK)
		goto nomem;
	return STORE_OK;
nomem:
	store_prepared_clear(p);
	return STORE_ENOMEM;
}

void
store_prepared_clear(struct store_prepared *p)
{
	if (p == NULL)
		return;
	free(p->enc);
	free(p->leaf_bytes);
	free(p->serial_key);
	free(p->name_key);
	memset(p, 0, sizeof(*p));
}

int
store_append_issue(struct store_txn *t, const struct store_prepared *p,
    uint64_t *index)
{
	struct store	*st = t->st;
	uint8_t		 rb[8], ib[8];
	MDB_val		 k = { 8, rb }, v = { 8, ib };
	size_t		 kl;
	int		 rc;

	/* A new record: its event list is this one event. */
	store_u64(p->record, rb);
	store_u64(t->size, ib);
	rc = mput(st, t->txn, DB_RECORDS, &k, &v, MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST)
		return store_fail(st, STORE_ECONFLICT, "record %" PRIu64
		    " already exists", p->record);
	if (rc != 0)
		return lmdb_fail(st, rc, "storing a record");
	if (p->serial_key != NULL) {
		kl = strlen(p->serial_key);
		if (kl == 0 || kl > 400)
			return store_fail(st, STORE_EINPUT, "record %" PRIu64
			    ": its serial number has no letters or digits or "
			    "is too long", p->record);
		k.mv_data = p->serial_key;
		k.mv_size = kl;
		v.mv_data = rb;
		v.mv_size = 8;
		rc = mput(st, t->txn, DB_SERIALS, &k, &v,
		    MDB_NOOVERWRITE);
		if (rc == MDB_KEYEXIST)
			return store_fail(st, STORE_ECONFLICT, "serial number "
			    "%s is already record %" PRIu64, p->serial_key,
			    v.mv_size == 8 ? store_get_u64(v.mv_data) : 0);
		if (rc != 0)
			return lmdb_fail(st, rc, "updating the serial "
			    "index");
	}
	if (p->name_key != NULL) {
		k.mv_data = p->name_key;
		k.mv_size = p->name_keylen;
		v.mv_data = "";
		v.mv_size = 0;
		rc = mput(st, t->txn, DB_NAMES, &k, &v, 0);
		if (rc != 0)
			return lmdb_fail(st, rc, "updating the name "
			    "index");
	}
	*index = t->size;
	rc = touch(t, p->record, p->leaf);
	if (rc == STORE_OK && t->leaves != NULL) {
		if (p->leaf_bytes == NULL)
			return store_fail(st, STORE_EINPUT, "record %" PRIu64
			    ": prepared without its leaf", p->record);
		rc = keep_leaf(t, p->leaf_bytes, p->leaf_len);
	}
	if (rc != STORE_OK)
		return rc;
	return append_leaf(t, p->enc, p->enclen, p->leaf);
}

int
store_event(struct store *st, struct store_rd *rd, uint64_t index,
    struct event *ev)
{
	MDB_txn	*txn = rd->txn;
	uint8_t	 kb[8];
	MDB_val	 k = { 8, kb }, v;
	int	 rc;

	memset(ev, 0, sizeof(*ev));
	store_u64(index, kb);
	rc = mdb_get(txn, DBI(st, DB_EVENTS), &k, &v);
	if (rc == MDB_NOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no event at index %"
		    PRIu64, index);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading an event");
	rc = event_decode(v.mv_data, v.mv_size, ev);
	if (rc == EVENT_ENOMEM)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (rc != EVENT_OK)
		return store_fail(st, STORE_ECORRUPT, "event %" PRIu64 ": %s",
		    index, event_strerror(rc));
	return STORE_OK;
}

int
store_record_events(struct store *st, struct store_rd *rd, uint64_t record,
    uint64_t **idx, size_t *n)
{
	MDB_txn		*txn = rd->txn;
	uint8_t		 rb[8];
	MDB_val		 k = { 8, rb }, v;
	size_t		 i;
	int		 rc;

	*idx = NULL;
	*n = 0;
	store_u64(record, rb);
	rc = mdb_get(txn, DBI(st, DB_RECORDS), &k, &v);
	if (rc == MDB_NOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no record %" PRIu64,
		    record);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading a record");
	if (v.mv_size == 0 || v.mv_size % 8 != 0)
		return store_fail(st, STORE_ECORRUPT, "record %" PRIu64
		    ": event list is malformed", record);
	*idx = malloc(v.mv_size / 8 * sizeof(**idx));
	if (*idx == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < v.mv_size / 8; i++)
		(*idx)[i] = store_get_u64((uint8_t *)v.mv_data + 8 * i);
	*n = v.mv_size / 8;
	return STORE_OK;
}

int
store_record(struct store *st, struct store_rd *rd, uint64_t record,
    struct event *ev, uint64_t *index)
{
	uint64_t	*idx;
	size_t		 n;
	int		 rc;

	memset(ev, 0, sizeof(*ev));
	rc = store_record_events(st, rd, record, &idx, &n);
	if (rc != STORE_OK)
		return rc;
	*index = idx[n - 1];
	free(idx);
	rc = store_event(st, rd, *index, ev);
	if (rc == STORE_OK && ev->record != record) {
		event_clear(ev);
		rc = store_fail(st, STORE_ECORRUPT, "event %" PRIu64 " belongs "
		    "to record %" PRIu64 ", not %" PRIu64, *index, ev->record,
		    record);
	}
	return rc;
}

int
store_record_count(struct store *st, struct store_rd *rd, uint64_t *n)
{
	MDB_txn		*txn = rd->txn;
	MDB_cursor	*c;
	MDB_val		 k, v;
	int		 rc;

	*n = 0;
	rc = mdb_cursor_open(txn, DBI(st, DB_RECORDS), &c);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading records");
	rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		return STORE_OK;
	if (rc != 0)
		return lmdb_fail(st, rc, "reading records");
	if (k.mv_size != 8)
		return store_fail(st, STORE_ECORRUPT, "a record key is "
		    "malformed");
	*n = store_get_u64(k.mv_data);
	return STORE_OK;
}

int
store_by_serial(struct store *st, struct store_rd *rd, const char *serial,
    uint64_t *record)
{
	MDB_txn	*txn = rd->txn;
	MDB_val	 k, v;
	char	*sk;
	int	 rc;

	*record = 0;
	sk = store_serial_key(serial);
	if (sk == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	k.mv_data = sk;
	k.mv_size = strlen(sk);
	rc = k.mv_size == 0 || k.mv_size > 400 ? MDB_NOTFOUND :
	    mdb_get(txn, DBI(st, DB_SERIALS), &k, &v);
	free(sk);
	if (rc == MDB_NOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no diploma with "
		    "serial number %s", serial);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading the serial index");
	if (v.mv_size != 8)
		return store_fail(st, STORE_ECORRUPT, "serial index entry "
		    "is malformed");
	*record = store_get_u64(v.mv_data);
	return STORE_OK;
}

int
store_by_name(struct store *st, struct store_rd *rd, const char *name,
    const char *dob, uint64_t **recs, size_t *n)
{
	MDB_txn		*txn = rd->txn;
	MDB_cursor	*c = NULL;
	MDB_val		 k, v;
	uint8_t		*prefix = NULL;
	uint64_t	*nr;
	size_t		 plen, cap = 0;
	int		 rc, op = MDB_SET_RANGE;

	*recs = NULL;
	*n = 0;
	if (store_name_key(name, dob, 0, &prefix, &plen) != STORE_OK)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	rc = mdb_cursor_open(txn, DBI(st, DB_NAMES), &c);
	if (rc != 0) {
		rc = lmdb_fail(st, rc, "reading the name index");
		goto out;
	}
	k.mv_data = prefix;
	k.mv_size = plen;
	for (;;) {
		rc = mdb_cursor_get(c, &k, &v, op);
		op = MDB_NEXT;
		if (rc == MDB_NOTFOUND)
			break;
		if (rc != 0) {
			rc = lmdb_fail(st, rc, "reading the name index");
			goto out;
		}
		if (k.mv_size != plen + 8 || memcmp(k.mv_data, prefix, plen))
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 4;
			nr = reallocarray(*recs, cap, sizeof(**recs));
			if (nr == NULL) {
				rc = store_fail(st, STORE_ENOMEM, "out of memory");
				goto out;
			}
			*recs = nr;
		}
		(*recs)[(*n)++] = store_get_u64((uint8_t *)k.mv_data + plen);
	}
	rc = STORE_OK;
out:
	if (rc != STORE_OK) {
		free(*recs);
		*recs = NULL;
		*n = 0;
	}
	mdb_cursor_close(c);
	free(prefix);
	return rc;
}

int
store_checkpoint(struct store *st, struct store_rd *rd, uint64_t size,
    char **note, uint64_t *got)
{
	MDB_txn		*txn = rd->txn;
	MDB_cursor	*c;
	MDB_val		 k, v;
	uint8_t		 kb[8];
	int		 rc;

	*note = NULL;
	rc = mdb_cursor_open(txn, DBI(st, DB_CHECKPOINTS), &c);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading checkpoints");
	if (size == 0)
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	else {
		store_u64(size, kb);
		k.mv_data = kb;
		k.mv_size = 8;
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, size == 0 ?
		    "nothing has been published yet" :
		    "no checkpoint was signed at size %" PRIu64, size);
	if (rc != 0)
		return lmdb_fail(st, rc, "reading checkpoints");
	if (k.mv_size != 8)
		return store_fail(st, STORE_ECORRUPT, "a checkpoint key is "
		    "malformed");
	*got = store_get_u64(k.mv_data);
	*note = strndup(v.mv_data, v.mv_size);
	if (*note == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	/* The witnesses' cosignatures of that tree go with it. */
	rc = store_cosigs_append(rd, *got, note);
	if (rc != STORE_OK) {
		free(*note);
		*note = NULL;
	}
	return rc;
}
