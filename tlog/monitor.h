/*
 * monitor.h: following other logs' C2SP tiles (`sogoc monitor`).  For
 * each log (origin, verifier key, tiles URL) one run fetches the signed
 * checkpoint, the entry bundles and tiles it has not verified yet,
 * recomputes the tree from the leaves and checks it against the
 * checkpoint and against everything verified before; only when all of it
 * holds does one write transaction keep the new state.  Any failure
 * leaves the stored state as it was.
 *
 * The state lives in the monitor's own store (monitor_open(), an
 * environment of format MONITOR_FORMAT with only its databases,
 * monitor_dbs): `logs` (origin -> the state of monitor_state.c: size,
 * root, the partial "edge" tile of each level and the checkpoint note)
 * and `tiles` (origin 0x00 u8 L u64 N -> the 32-byte subtree hash of full
 * tile L/N, for --recheck).  docs/architecture.md lists them.
 *
 * HTTP is http/fetch.h's: fetch_get(), and fetch_many() for the bundles
 * and tiles fetched ahead, unless struct monitor_io gives a get of its own
 * (a test's).  Errors come back as MONITOR_* codes with a message in the
 * result; nothing is printed.  monitor_run() may run on many threads at
 * once, on different logs of one store opened with STORE_SHARED; each
 * call's result and io are its own.
 */
#ifndef SOGOC_TLOG_MONITOR_H
#define SOGOC_TLOG_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "merkle.h"
#include "store.h"
#include "tile.h"

struct note_verifier;

#define MONITOR_OK	0
#define MONITOR_EBAD	1	/* the log is inconsistent or forged */
#define MONITOR_EFETCH	2	/* something could not be fetched */
#define MONITOR_ELOCAL	3	/* its own store, memory, hashing */

#define MONITOR_MSG_MAX		512
#define MONITOR_LEVELS		8	/* tile levels, 64-bit sizes */
#define MONITOR_ORIGIN_MAX	400	/* bytes: its keys fit LMDB's */
#define MONITOR_NOTE_MAX	(1 << 20)	/* a checkpoint's bytes */
#define MONITOR_RECHECK_ALL	UINT64_MAX

/* The monitor's databases, for store_open_env()'s schemas. */
extern const struct store_db monitor_dbs[];
#define MONITOR_FORMAT	"sogoc-monitor/1"

/*
 * Opens (with STORE_CREATE in flags, creates) the monitor's store in dir
 * as store_open_env() does, with format MONITOR_FORMAT and monitor_dbs:
 * STORE_OK, or a STORE_* code with why in err (errsz bytes); a registry
 * or a witness's store is refused.  Close it with store_close().
 */
int	 monitor_open(const char *dir, int flags, size_t mapsize,
	    struct store **out, char *err, size_t errsz);

/*
 * GETs url into *body (malloc'd, the callee's caller frees; at most max
 * bytes, *len of them) with the HTTP status in *status: 0, or -1 with why
 * in err (errsz bytes).  The signature of fetch_get() plus arg.
 */
typedef int	 monitor_get_fn(void *arg, const char *url, size_t max,
		    char **body, size_t *len, long *status, char *err,
		    size_t errsz);

/* Called after each entry bundle: leaves verified so far of total. */
typedef void	 monitor_progress_fn(void *arg, const char *origin,
		    uint64_t done, uint64_t total);

struct monitor_io {
	monitor_get_fn		*get;		/* NULL: fetch_get() */
	void			*get_arg;
	monitor_progress_fn	*progress;	/* may be NULL */
	void			*progress_arg;
	unsigned int		 parallel;	/* GETs at once of one
						   log's bundles and tiles
						   (0, 1: one at a time) */
	uint64_t		 recheck;	/* old full tiles to fetch
						   again: 0, N or
						   MONITOR_RECHECK_ALL */
};

/*
 * One log to follow (a logsfile_log's fields); the strings and keys stay
 * the caller's.  A checkpoint must be signed by one of the keys.
 */
struct monitor_log {
	const char			 *origin;
	struct note_verifier *const	 *keys;
	size_t				  nkeys;
	const char			 *url;	/* the tiles prefix */
};

/* What a run did. */
struct monitor_result {
	uint64_t	 old;		/* the size verified before */
	uint64_t	 size;		/* the size verified now */
	uint64_t	 requests;	/* GETs made */
	uint64_t	 bytes;		/* bytes of answers */
	char		 msg[MONITOR_MSG_MAX];	/* why, on failure */
};

/*
 * One run on log: see the top of this file.  MONITOR_OK (res->size is the
 * verified size, now stored); MONITOR_EBAD when the log is inconsistent
 * with itself, its key or what was verified before (res->msg says what,
 * naming the tile or bundle); MONITOR_EFETCH when an answer could not be
 * had (unreachable, a status other than 200, too long); MONITOR_ELOCAL
 * when the store failed.  Only MONITOR_OK changes st.
 */
int	 monitor_run(struct store *st, const struct monitor_log *log,
	    const struct monitor_io *io, struct monitor_result *res);

/*
 * The state of one log, as kept in `logs` (monitor_state.c).  edge[L]
 * holds the w[L] = (size >> 8L) & 255 hashes of level L's partial tile;
 * levels = tile_levels(size).  note points into the bytes decoded.
 */
struct monitor_state {
	uint64_t	 size;
	uint8_t		 root[MERKLE_HASH_LEN];
	int		 levels;
	unsigned int	 w[MONITOR_LEVELS];
	uint8_t		 edge[MONITOR_LEVELS][TILE_WIDTH]
			    [MERKLE_HASH_LEN];
	const char	*note;
	size_t		 notelen;
};

/*
 * Decodes buf (len bytes) strictly into *s: MONITOR_OK, or MONITOR_ELOCAL
 * when it is not a whole state of this version (a message in msg).
 */
int	 monitor_state_decode(const uint8_t *buf, size_t len,
	    struct monitor_state *s, char *msg, size_t msgsz);

/* Encodes s into *out (malloc'd, *len bytes): MONITOR_OK or ELOCAL. */
int	 monitor_state_encode(const struct monitor_state *s, uint8_t **out,
	    size_t *len);

/*
 * The root of the tree of s->size leaves from s's edge tiles into out:
 * MONITOR_OK, or MONITOR_ELOCAL when hashing failed.
 */
int	 monitor_state_root(const struct monitor_state *s, uint8_t *out);

#endif /* SOGOC_TLOG_MONITOR_H */
