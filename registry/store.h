/*
 * store.h: the registry's store, an LMDB environment behind an opaque
 * handle, with typed accessors for every module (as LMDB's header is to its
 * callers), and the append-only log in it.  Only registry/store.c sees
 * LMDB; a module that needs storage of its own declares its databases
 * (struct store_db) and reaches them through these functions.
 *
 * One environment (a directory, default ./sogoc.db) holds named
 * databases.  The registry's own:
 *   meta         "format", "origin"
 *   keys         verifier key text -> u64 tree size it first signed
 *   events       u64 leaf index -> event, store encoding (event.h)
 *   hashes       u64 stored hash index -> 32-byte hash (merkle.h)
 *   checkpoints  u64 tree size -> signed checkpoint note
 *   records      u64 record -> u64 leaf index of each of its events
 *   serials      normalised serial number -> u64 record
 *   names        folded name 0x1f date of birth 0x1f u64 record -> ""
 *   sources      SHA-256 of an imported file -> JSON (path, volume)
 *   staging      SHA-256, u32 page, u32 row -> JSON staged row
 *   ready        staging key -> folded serial 0x00 person, rows to publish
 *   published    staging key -> u64 record (top bit: a duplicate of it)
 *   heads        u64 record -> its signed record head (note.h), renewed
 *                with every commit that appends an event of the record
 *                it did not issue
 *   issued       u64 first record -> signed issue heads of the records a
 *                commit issued (note.h), while they have one event
 *   counts       staging key's SHA-256 and u32 page -> the page's kept
 *                figures, and "version" once they are whole
 *                (staging_counts.h)
 *   cosigs       u64 tree size, witness verifier key -> that witness's
 *                cosignature line of the checkpoint of that size, checked
 *                before it was kept (cosigs.c)
 *   statuslist   the credentials' status list: index -> record, record
 *                -> its indexes, the packed bits (statuslist.h)
 * Those of the modules above it, declared by them: requests, shares and
 * copies (copy/copydb.h), users (staff/account.h).  docs/architecture.md
 * says which module owns which database.
 * Integers in keys and values are big-endian, so LMDB's byte order is
 * numeric order.  docs/registry.md describes all of it.
 *
 * Writers take an exclusive lock file first, so a second writer gets a
 * clear error instead of waiting on LMDB's writer mutex for ever: a
 * command-line writer waits for it up to SOGOC_LOCK_WAIT seconds (default
 * STORE_LOCK_WAIT) and then fails with STORE_EBUSY.  Every write is one
 * LMDB transaction: it commits whole or not at all, and an append of events
 * always commits together with the signed checkpoint of the new tree.
 */
#ifndef SOGOC_REGISTRY_STORE_H
#define SOGOC_REGISTRY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "merkle.h"
#include "note.h"

#define STORE_OK	0
#define STORE_ENOMEM	1
#define STORE_EIO	2	/* LMDB or the file system failed */
#define STORE_EFULL	3	/* the map (or the disk) is full */
#define STORE_EBUSY	4	/* another process is writing */
#define STORE_EINPUT	5	/* the request is wrong; nothing changed */
#define STORE_ENOTFOUND	6
#define STORE_ECONFLICT	7	/* would contradict what is published */
#define STORE_EKEY	8	/* a wrong signing key */
#define STORE_ECORRUPT	9	/* stored data fails a check */
#define STORE_EEXIST	10	/* store_put(): the key is taken */
#define STORE_EVERSION	11	/* a registry of another format version:
				   newer, or older opened to write */
#define STORE_STOP	(-1)	/* store_each() callback: stop here */

#define STORE_RDONLY	0x1	/* open for reading only */
#define STORE_CREATE	0x2	/* create the directory when missing */
#define STORE_SHARED	0x4	/* may write, but takes the writer's lock
				   only for each write transaction */
#define STORE_UPGRADE	0x8	/* a writer that opens an older registry
				   to upgrade it (store_set_version()) */

/*
 * The version of the registry's format this sogoc writes: meta "format"
 * is "sogoc-registry/2".  Version 1 (every registry written before it)
 * may lack the STORE_DB_LATER databases and the kept counts.
 */
#define STORE_VERSION	2

#define STORE_DEFAULT_MAPSIZE	((size_t)64 << 30)
#define STORE_LOCK_WAIT		10	/* seconds a writer waits for the lock */

/*
 * The store, a read view and a write transaction are opaque: only
 * registry/store.c knows they are LMDB's.  A read view (struct store_rd)
 * is one consistent snapshot; a write transaction gives one too
 * (store_txn_rd()), which sees its own writes, so that every read helper
 * works inside a write.
 */
struct store;
struct store_rd;
struct store_txn;

/*
 * A named database of the environment, declared by the module that owns
 * its schema and named in calls by the address of its declaration.  Its
 * name is LMDB's, on disk: never change it.  STORE_DB_LATER marks one
 * added after format 1, which a reader of an older registry may not find:
 * then it reads as empty (store_has_db() says so).
 */
struct store_db {
	const char	*name;
	unsigned int	 flags;
};
#define STORE_DB_LATER	0x1

/* The registry's own databases (the list at the top of this file). */
extern const struct store_db store_dbs[];
#define DB_META		(&store_dbs[0])
#define DB_KEYS		(&store_dbs[1])
#define DB_EVENTS	(&store_dbs[2])
#define DB_HASHES	(&store_dbs[3])
#define DB_CHECKPOINTS	(&store_dbs[4])
#define DB_RECORDS	(&store_dbs[5])
#define DB_SERIALS	(&store_dbs[6])
#define DB_NAMES	(&store_dbs[7])
#define DB_SOURCES	(&store_dbs[8])
#define DB_STAGING	(&store_dbs[9])
#define DB_READY	(&store_dbs[10])
#define DB_PUBLISHED	(&store_dbs[11])
#define DB_HEADS	(&store_dbs[12])	/* STORE_DB_LATER */
#define DB_ISSUED	(&store_dbs[13])	/* STORE_DB_LATER */
#define DB_COUNTS	(&store_dbs[14])	/* STORE_DB_LATER */
#define DB_COSIGS	(&store_dbs[15])	/* STORE_DB_LATER */
#define DB_STATUSLIST	(&store_dbs[16])	/* STORE_DB_LATER */
#define STORE_NDBS	17

/*
 * A byte string in the store.  One that a read gives back points into the
 * map: it is valid until the transaction ends, or, in a write transaction,
 * until its next store_put() or store_del(); copy it to keep it longer, and
 * never write through it.
 */
struct store_val {
	const void	*data;
	size_t		 len;
};

/*
 * Opens the registry in dir.  Writers (flags without STORE_RDONLY) take the
 * lock file dir/sogoc.lock, waiting store_lock_wait_ms() at most, and fail
 * with STORE_EBUSY when another process still holds it.  With STORE_SHARED
 * they take it only from store_wr_begin() to the commit or abort, without
 * waiting, so that other processes may write in between; the threads of
 * the process then write one at a time.  A data file shorter than the
 * pages in use (cut short) or empty is STORE_ECORRUPT.  mapsize 0 means
 * STORE_DEFAULT_MAPSIZE.  Besides the registry's own databases (store_dbs),
 * it opens (a writer creates) those of the upper modules listed in
 * schemas, a NULL-terminated list of tables each ended by an entry with a
 * NULL name (copy_dbs, staff_dbs); schemas may be NULL.  A registry of a
 * newer format version than STORE_VERSION is STORE_EVERSION, for readers
 * too; an older one opens for reading, and for writing only with
 * STORE_UPGRADE (else STORE_EVERSION, saying to run `sogoc upgrade`),
 * before anything in it changes.  A database is
 * opened here or not at all: LMDB wants it opened in a committed
 * transaction before others use it.  On failure *out is NULL and err
 * (errsz bytes) says why.  Close with store_close() (NULL is fine), after
 * every transaction on it has ended.  A store may be shared by threads:
 * every call below is thread-safe unless it says otherwise, but a
 * transaction belongs to the thread that began it.
 */
int		 store_open(const char *dir, int flags, size_t mapsize,
		    const struct store_db *const *schemas, struct store **out,
		    char *err, size_t errsz);
void		 store_close(struct store *st);

/*
 * Opens a store of another kind than a registry (a witness's, a
 * monitor's) in dir, as store_open() does, but with only "meta" of the
 * registry's databases besides the tables of schemas, and format (e.g.
 * "sogoc-witness/1", not the registry's) as meta's "format": a store of
 * another format, a registry included, is STORE_ECORRUPT, and
 * store_open() refuses this one likewise.  The generic calls (read views,
 * write transactions, store_get, store_put, store_each, ...) work on it;
 * the registry's calls (the log, records, checkpoints, heads) refuse it
 * with STORE_EINPUT, and so does a store_get() on a registry database.
 */
int		 store_open_env(const char *dir, int flags, size_t mapsize,
		    const char *format, const struct store_db *const *schemas,
		    struct store **out, char *err, size_t errsz);

/* The flags st was opened with: STORE_RDONLY, STORE_SHARED. */
int		 store_flags(const struct store *st);

/* The directory st was opened in; valid until store_close(). */
const char	*store_dir(const struct store *st);

/*
 * Lets the kernel take back the registry's pages this process has read:
 * LMDB maps data.mdb read-only, and every page a lookup or an insert reads
 * stays resident and counts in the process's RSS (RssFile) until unmapped,
 * though it is only page cache.  A bulk writer calls this every so many
 * rows, even inside a write transaction, so they do not pile up; later
 * reads fault them in again from the page cache.  Nothing is lost: the
 * store writes the file with write(), never through the map.  STORE_OK,
 * also where the map cannot be found (then it does nothing); STORE_EIO
 * when madvise() fails.  Thread-safe.
 */
int		 store_release_cache(struct store *st);

/*
 * A number that tells open stores apart for the whole process (caches of
 * their readers key on it: proof.c).  Never 0.
 */
uint64_t	 store_id(const struct store *st);

/*
 * The format version of the registry st as it was opened (STORE_VERSION
 * for a new one), 0 for another kind of store.
 */
int		 store_version(const struct store *st);

/*
 * Marks t's registry as of format STORE_VERSION, when it commits: the last
 * step of an upgrade, once t has added what the older version lacked.
 * STORE_EINPUT on another kind of store.
 */
int		 store_set_version(struct store_txn *t);

/* Copies the environment, compacted, into the directory dir (backup). */
int		 store_copy(struct store *st, const char *dir);

/*
 * How long a writer waits for another process's lock, in milliseconds:
 * the environment's SOGOC_LOCK_WAIT (whole seconds, 0 to 3600; 0 fails at
 * once), else STORE_LOCK_WAIT seconds.  Thread-safe.
 */
long		 store_lock_wait_ms(void);

/*
 * The message of this thread's last error on a store, for the user; valid
 * until the thread's next call into the store.
 */
const char	*store_errmsg(const struct store *st);

/* Records a formatted error message on st and returns code. */
int		 store_fail(struct store *st, int code, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * Begins a read view of st into *rd (NULL on failure); end it with
 * store_rd_end() (NULL is fine), which frees it.  Readers never wait for
 * writers nor for each other.  The view sees every commit that returned
 * before it began.  Ended views' transactions are kept by the store and
 * renewed by the next store_rd_begin() of any thread (LMDB's reader slot
 * is taken once, not a request); store_close() releases them.
 * Thread-safe.
 */
int		 store_rd_begin(struct store *st, struct store_rd **rd);
void		 store_rd_end(struct store_rd *rd);

/*
 * The read view of write transaction t, valid until t ends: reads through
 * it see t's writes.  Do not end it with store_rd_end().
 */
struct store_rd	*store_txn_rd(struct store_txn *t);

/* The size of the log as t sees it: with the events t appended. */
uint64_t	 store_txn_size(const struct store_txn *t);

/* The store a transaction or a read view is on. */
struct store	*store_txn_store(const struct store_txn *t);
struct store	*store_rd_store(const struct store_rd *rd);

/*
 * LMDB's id of rd's transaction: for a reader, the last commit its
 * snapshot holds;
 * for a writer, the id its commit will have.  A reader begun after a
 * writer's commit returned has an id at least the writer's; one begun
 * before it committed, a smaller one.  Thread-safe.
 */
uint64_t	 store_txn_id(const struct store_rd *rd);

/*
 * Begins a write transaction into *t (NULL on failure).  A STORE_SHARED
 * store takes the writer's lock here: store_wr_begin() fails at once with
 * STORE_EBUSY when another process holds it, store_wr_begin_wait() waits
 * store_lock_wait_ms() first.  End it with store_wr_commit() or
 * store_wr_abort(), which free it.  One writer at a time: the threads of a
 * STORE_SHARED store wait for each other here, and a writer that is not
 * shared must not begin a second write before the first ends.
 */
int		 store_wr_begin(struct store *st, struct store_txn **t);
int		 store_wr_begin_wait(struct store *st, struct store_txn **t);

/*
 * Whether database db is in the registry: not when it is STORE_DB_LATER
 * and a reader opened a registry made before it, nor when db was not
 * given to store_open().
 */
int		 store_has_db(const struct store *st,
		    const struct store_db *db);

/*
 * Checks, before any work, that signer may sign this log's checkpoints:
 * its name is the log's origin (or the log has none yet).
 */
int		 store_check_signer(struct store_txn *t,
		    const struct note_signer *signer);

/*
 * Commits t.  When t appended events, signer signs a checkpoint of the new
 * tree and, for each record t appended an event of, that record's head at
 * the new tree size (note.h), which all commit with them; signer must be
 * the log's key (its name is the log's origin, set by the first publish).
 */
int		 store_wr_commit(struct store_txn *t,
		    const struct note_signer *signer);
void		 store_wr_abort(struct store_txn *t);

/*
 * A commit hook: fn(st, old_size, new_size, arg) runs after each
 * store_wr_commit() that appended events (old_size < new_size), in the
 * committing thread, once the transaction has ended and a STORE_SHARED
 * store's writer's lock is given back (another writer may already be
 * appending: fn sees at least new_size, not only it).  It copies the
 * log elsewhere (tlog/tiles.c writes its tiles).  The log is the truth:
 * fn's failure (non-zero) does not undo the commit, store_wr_commit()
 * still returns STORE_OK; fn reports what failed itself (it knows what
 * it copies), and store_commit_hook_failures() counts its failures, for a
 * program to exit with a warning status.  Since a later commit's fn
 * sees every earlier commit too, fn can repair what an earlier call
 * left undone.  Set it once, after store_open() and before any write
 * (not thread-safe against writers); fn NULL removes it.  fn may run in
 * several threads at once in a server: it must be thread-safe.
 */
typedef int	 store_commit_fn(struct store *st, uint64_t old_size,
		    uint64_t new_size, void *arg);
void		 store_on_commit(struct store *st, store_commit_fn *fn,
		    void *arg);
unsigned long	 store_commit_hook_failures(struct store *st);

/*
 * In a commit hook, and only in its thread: the bytes of leaf index
 * (event_leaf()) when the commit that called the hook appended it, into
 * *data and *len, valid until the hook returns; STORE_ENOTFOUND for any
 * other index, or outside a hook.  A hook that copies leaves (tiles'
 * entry bundles) so need not read and re-encode the events just written.
 */
int		 store_hook_leaf(struct store *st, uint64_t index,
		    const void **data, size_t *len);

/*
 * The accessors.  Each returns STORE_OK or a STORE_* code with a message
 * (store_errmsg()), except that STORE_ENOTFOUND comes without one: the
 * caller says what was not found.  A database that is not there
 * (store_has_db()) reads as empty.  Keys are 1 to 511 bytes.
 *
 * store_get: the value of key in db into *v (see struct store_val for how
 * long it stays valid); STORE_ENOTFOUND when there is none.
 */
int		 store_get(struct store_rd *rd, const struct store_db *db,
		    const void *key, size_t klen, struct store_val *v);

/*
 * store_put and store_del write in t; every module writes through them,
 * so that the fault hook below sees each write step.  Flags for store_put:
 * STORE_NOOVERWRITE fails with STORE_EEXIST when key has a value (then *old,
 * unless NULL, gets it); STORE_APPEND promises key sorts after every key
 * of db (a faster append; STORE_EEXIST when it does not).  store_del:
 * STORE_ENOTFOUND when key has no value.  Data is copied: the caller keeps
 * its buffers.
 */
#define STORE_NOOVERWRITE	0x1
#define STORE_APPEND		0x2
int		 store_put(struct store_txn *t, const struct store_db *db,
		    const void *key, size_t klen, const void *data, size_t len,
		    unsigned int flags, struct store_val *old);
int		 store_del(struct store_txn *t, const struct store_db *db,
		    const void *key, size_t klen);

/*
 * Calls fn(key, value, arg) on the entries of db in key order (or in
 * reverse, store_each_rev()), starting at the first key at or after from
 * (fromlen bytes; NULL: the first key).  With prefixlen > 0 it stops at the
 * first key whose first prefixlen bytes are not those of from.  fn returns
 * STORE_OK to go on, STORE_STOP to stop (store_each() then returns
 * STORE_OK), or any other code, which store_each() returns at once.  The
 * key and value are valid during the call only.  fn may write in the
 * write transaction the view is from (store_txn_rd()): to db too, but then
 * it must copy the key before it writes, and not delete entries it has not
 * been called on yet.
 */
typedef int	 store_each_fn(const struct store_val *k,
		    const struct store_val *v, void *arg);
int		 store_each(struct store_rd *rd, const struct store_db *db,
		    const void *from, size_t fromlen, size_t prefixlen,
		    store_each_fn *fn, void *arg);
int		 store_each_rev(struct store_rd *rd,
		    const struct store_db *db, store_each_fn *fn, void *arg);

/*
 * The first (lowest) and last (highest) entry of db: STORE_ENOTFOUND when
 * it is empty.  k or v may be NULL.
 */
int		 store_first(struct store_rd *rd, const struct store_db *db,
		    struct store_val *k, struct store_val *v);
int		 store_last(struct store_rd *rd, const struct store_db *db,
		    struct store_val *k, struct store_val *v);

/* The number of entries of db, in constant time. */
int		 store_count(struct store_rd *rd, const struct store_db *db,
		    size_t *n);

#ifdef SOGOC_FAULT_INJECTION
/*
 * Fault injection, for tests only: compiled in only when configure is
 * given --enable-fault-injection (--enable-sanitizers and --enable-tsan
 * turn it on; release builds have none of it, and these functions and
 * the SOGOC_FAULT variable do not exist there).  Every write step of this
 * process is numbered from 1: taking the writer's lock, beginning a write
 * transaction, each put or delete, signing a checkpoint, each commit of a
 * writer (the one store_open() makes too).  When step n comes, it fails
 * as an I/O error would ("injected fault at write step n"), and the
 * transaction is aborted by the caller as for any error.  The environment
 * sets n for a whole process: SOGOC_FAULT=n.  store_fault_set(n) sets it
 * from a test program (0: none) and restarts the count;
 * store_fault_steps() is the count so far.  store_fault_trace(fn, arg)
 * has fn(n, what, arg) called at each step before it runs (NULL: none),
 * in the thread that takes the step and while no other step is traced;
 * what is a static string naming it.  fn is also called with n 0 and
 * what "committed" once a writer's commit succeeded (readers see it)
 * and before the writer's lock is given back: not a step, it cannot
 * fail.  The library itself never writes
 * the trace anywhere: the program or test does, in fn.  Thread-safe; the
 * count is process-wide.
 */
typedef void	 store_fault_trace_fn(long n, const char *what, void *arg);

void		 store_fault_set(long n);
long		 store_fault_steps(void);
void		 store_fault_trace(store_fault_trace_fn *fn, void *arg);
#endif

/* Big-endian u64 keys. */
void		 store_u64(uint64_t v, uint8_t *out);
uint64_t	 store_get_u64(const uint8_t *p);

/* The size of the log, from the latest checkpoint (0 when none). */
int		 store_size(struct store *st, struct store_rd *rd,
		    uint64_t *size);

/*
 * Appends ev as the next leaf: stores the event, its Merkle hashes, and
 * updates the record's event list and the indexes.  *index gets its leaf
 * index.
 */
int		 store_append(struct store_txn *t, const struct event *ev,
		    uint64_t *index);

/*
 * An issue event made ready to append away from the write transaction
 * (another thread may do it): its store encoding, its leaf hash and its
 * index keys.  store_prepare() is thread-safe and touches no store.
 */
struct store_prepared {
	uint8_t		*enc;
	size_t		 enclen;
	uint8_t		 leaf[MERKLE_HASH_LEN];
	char		*leaf_bytes;	/* what leaf hashes (event_leaf()) */
	size_t		 leaf_len;
	char		*serial_key;	/* NULL when the record has none */
	uint8_t		*name_key;	/* NULL when it has no name */
	size_t		 name_keylen;
	uint64_t	 record;
};

int		 store_prepare(const struct event *ev,
		    struct store_prepared *p);
void		 store_prepared_clear(struct store_prepared *p);

/*
 * Appends a prepared issue event of a new record, as store_append() does
 * for any event, but with the hashing and folding already done.
 */
int		 store_append_issue(struct store_txn *t,
		    const struct store_prepared *p, uint64_t *index);

/* Reads and decodes the event at leaf index into *ev (event_clear it). */
int		 store_event(struct store *st, struct store_rd *rd,
		    uint64_t index, struct event *ev);

/*
 * The leaf indexes of record's events, oldest first: *idx is malloc'd
 * (caller frees) with *n entries.
 */
int		 store_record_events(struct store *st, struct store_rd *rd,
		    uint64_t record, uint64_t **idx, size_t *n);

/* The latest event of record (its current state) and its leaf index. */
int		 store_record(struct store *st, struct store_rd *rd,
		    uint64_t record, struct event *ev, uint64_t *index);

/* Number of records (the highest record number). */
int		 store_record_count(struct store *st, struct store_rd *rd,
		    uint64_t *n);

/* The record with normalised serial number serial. */
int		 store_by_serial(struct store *st, struct store_rd *rd,
		    const char *serial, uint64_t *record);

/*
 * Records whose folded name and date of birth match: *recs malloc'd, *n
 * entries (0 is not an error).
 */
int		 store_by_name(struct store *st, struct store_rd *rd,
		    const char *name, const char *dob, uint64_t **recs,
		    size_t *n);

/* Index keys: normalised serial and folded name + dob, malloc'd. */
char		*store_serial_key(const char *serial);
int		 store_name_key(const char *name, const char *dob,
		    uint64_t record, uint8_t **key, size_t *len);

/* Hash reader over the hashes database, for merkle.h. */
struct store_hashes {
	struct store	*st;
	struct store_rd	*rd;
	int		 rc;
};
int		 store_read_hash(void *arg, uint64_t idx, uint8_t *out);

/*
 * The signed checkpoint of tree size (0: the latest), malloc'd into *note,
 * its size into *got: the log's note followed by the cosignature lines the
 * witnesses gave for it (store_cosig_put()), in key order.
 */
int		 store_checkpoint(struct store *st, struct store_rd *rd,
		    uint64_t size, char **note, uint64_t *got);

/*
 * Keeps witness wvkey's cosignature line of the checkpoint of tree size
 * size, in write transaction t (a commit without events: no signer
 * needed).  The caller has checked the line against the witness's key
 * and the checkpoint (cosig.h); the store checks only its shape: one
 * signature line "\u2014 <name> <base64>\n" whose name is the key's, and
 * a checkpoint of that size.  A witness's earlier line for the same size
 * is replaced.  STORE_EINPUT for a line of another shape, STORE_ENOTFOUND
 * without the checkpoint.
 */
int		 store_cosig_put(struct store_txn *t, uint64_t size,
		    const char *wvkey, const char *line);

/*
 * Appends to the malloc'd note *note the kept cosignature lines of tree
 * size size (reallocating it).  What store_checkpoint() does; for readers
 * that have the log's note from elsewhere.
 */
int		 store_cosigs_append(struct store_rd *rd, uint64_t size,
		    char **note);

/*
 * Checks every kept cosignature line against its witness's key and the
 * log's checkpoint of its size (the audit's pass): problem(arg, msg) for
 * each that does not verify; *n gets how many were checked.
 */
int		 store_cosigs_audit(struct store_rd *rd,
		    void (*problem)(void *, const char *), void *arg,
		    uint64_t *n);

/*
 * The signed head of record (note.h): its own record head, else the issue
 * heads that cover it; malloc'd into *note, and, unless h is NULL, its
 * text parsed into *h (the signature is not checked; one that does not
 * parse is STORE_ECORRUPT): STORE_ENOTFOUND when the record has none (a
 * registry written before heads: see store_heads_sign()).
 */
int		 store_head(struct store *st, struct store_rd *rd,
		    uint64_t record, char **note, struct note_head *h);

/*
 * Signs, at the latest checkpoint's tree size, the head of every record
 * whose stored head is missing or does not name its latest event (all
 * records when all is set), in one write transaction, with the log's key
 * signer; *nsigned gets how many it signed.  For registries written before
 * heads existed; every later append keeps them current by itself.
 */
int		 store_heads_sign(struct store *st,
		    const struct note_signer *signer, int all,
		    uint64_t *nsigned);

/* The log's origin (key name), or NULL before the first publish. */
int		 store_origin(struct store *st, struct store_rd *rd,
		    char **origin);

#endif /* SOGOC_REGISTRY_STORE_H */
