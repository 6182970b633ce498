/*
 * asker.h: the log's side of c2sp.org/tlog-witness (v1.0.0): after a
 * publish, the log sends its latest checkpoint, with a consistency proof
 * from the size each witness last cosigned, to every witness of its
 * config, checks the cosignatures that come back, and keeps them with the
 * checkpoint (store_cosig_put()), so that proofs, receipts and tiles
 * carry them.  What each witness last said is kept too (the witnesses
 * database below), for the console's home page and the next publish.
 *
 * A witness that is down, slow or answers garbage never fails the
 * publish: it is asked in its own thread with a deadline, and the log goes
 * on without its cosignature (ASKER_DOWN).  One that refuses (a 409 that
 * does not resolve, 422, 403, 404, 400) is ASKER_REFUSED, reported loudly
 * by the caller: the witness holds a tree of our origin that ours does not
 * extend (a split view, a rollback) or is set up wrong.
 *
 * Errors come back as STORE_* codes with a message in err.  asker_ask()
 * may run in several threads at once on one store: each takes the store's
 * write transactions in turn.  The witnesses it is given are read only.
 */
#ifndef SOGOC_TLOG_ASKER_H
#define SOGOC_TLOG_ASKER_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The database of witness states, for store_open()'s schemas. */
extern const struct store_db tlog_dbs[];	/* ended by a NULL name */
#define DB_WITNESSES	(&tlog_dbs[0])

/* A witness of the log's config (sogoc-serve.conf(5) `witness`). */
struct asker_witness {
	const char	*name;		/* a label for messages */
	const char	*vkey;		/* its cosignature key (type 0x04) */
	const char	*url;		/* its submission prefix */
};

/*
 * POSTs body (len bytes, text/plain) to url within timeout_ms: 0 with
 * the answer's HTTP status, its content type (malloc'd, or NULL) and its
 * body (malloc'd, NUL-terminated, at most max bytes); -1 with why in err
 * when there is no answer (refused, timed out, too long).  The default,
 * asker_post_http(), is http/fetch.h's; tests give their own.
 */
typedef int	 asker_post_fn(void *arg, const char *url, const char *body,
		    size_t len, size_t max, long timeout_ms, long *status,
		    char **ctype, char **rbody, char *err, size_t errsz);
asker_post_fn	 asker_post_http;

#define ASKER_OK	0	/* cosigned: its line is kept */
#define ASKER_DOWN	1	/* no usable answer in time */
#define ASKER_REFUSED	2	/* it refused the checkpoint */

/* What one witness did. */
struct asker_result {
	int		 state;		/* ASKER_* */
	long		 status;	/* its last HTTP status, or 0 */
	uint64_t	 size;		/* the size it holds now, as far as
					   the log knows */
	char		 msg[256];	/* what happened, for the log */
};

/*
 * Asks the n witnesses w to cosign the store's latest checkpoint, at
 * most timeout_ms each (retries of a 409 included), all at once; keeps
 * the cosignatures that verify and every witness's state in one write
 * transaction, and fills res (n entries).  STORE_OK when the asking was
 * done, whatever the witnesses said; another code when the store failed
 * (nothing kept), or STORE_EINPUT for a witness key that is not a
 * cosignature key.  post sends the requests (asker_post_http).
 */
int		 asker_ask(struct store *st, const struct asker_witness *w,
		    size_t n, long timeout_ms, asker_post_fn *post,
		    void *postarg, struct asker_result *res, char *err,
		    size_t errsz);

/* One witness's kept state, for the console and `sogoc witnesses`. */
struct asker_state {
	char		 vkey[400];
	char		 name[128];
	int		 state;		/* ASKER_* */
	long		 status;
	uint64_t	 size;		/* what it holds, as far as we know */
	int64_t		 at;		/* when it was last asked */
	char		 msg[256];
};

/*
 * Calls fn on the kept state of each witness ever asked, in key order;
 * fn returns STORE_OK to go on.  STORE_OK when there are none.
 */
typedef int	 asker_state_fn(const struct asker_state *s, void *arg);
int		 asker_states(struct store_rd *rd, asker_state_fn *fn,
		    void *arg);

#endif /* SOGOC_TLOG_ASKER_H */
