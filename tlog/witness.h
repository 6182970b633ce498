/*
 * witness.h: a C2SP tlog-witness (v1.0.0, with HEAD's 422 for a second
 * root of one size): the add-checkpoint check of a log's new checkpoint
 * against the last one the witness cosigned, and its cosignature/v1.
 * The HTTP side is witness_http.h; this file knows no HTTP but the
 * status codes it answers.
 *
 * State lives in a store of its own (store_open_env() with
 * WITNESS_FORMAT and witness_dbs):
 *   wlogs     origin -> u64 size || 32-byte root || the cosigned note
 *             (the log's signed checkpoint and this witness's line)
 *   wrefused  SHA-256 of the log's signed note -> "<time> <code>
 *             <why>\n" and the request body: a 422 (a checkpoint with a
 *             valid log signature that is not consistent with what the
 *             witness cosigned) kept once, as evidence of a split view
 * Nothing else is ever written: any other refusal leaves the store as it
 * was.
 *
 * A struct witness is shared by the server's threads: witness_check()
 * is thread-safe (its check and update are one write transaction, and
 * LMDB's one writer orders them); witness_set_logs() may run at any time
 * (it waits for the checks under way).
 */
#ifndef SOGOC_TLOG_WITNESS_H
#define SOGOC_TLOG_WITNESS_H

#include <stddef.h>
#include <stdint.h>

#include "logsfile.h"
#include "note.h"
#include "store.h"

#define WITNESS_FORMAT		"sogoc-witness/1"
#define WITNESS_BODY_MAX	(128 * 1024)	/* bytes of a request */
#define WITNESS_PROOF_MAX	63		/* hashes of a proof */

extern const struct store_db witness_dbs[];
#define WITNESS_DB_LOGS		(&witness_dbs[0])
#define WITNESS_DB_REFUSED	(&witness_dbs[1])

/* An add-checkpoint request body, parsed (pointers into the body). */
struct witness_req {
	uint64_t	 old;
	uint8_t		 proof[WITNESS_PROOF_MAX][32];
	size_t		 nproof;
	const char	*note;		/* the signed checkpoint */
	size_t		 notelen;
};

/*
 * Parses an add-checkpoint body: "old <N>\n", 0 to 63 lines of one
 * base64 hash each, a blank line, then the signed checkpoint (not
 * checked here).  0, or -1 with why (a static message) when malformed.
 */
int	 witness_parse(const char *body, size_t len, struct witness_req *req,
	    const char **why);

/* What witness_check() answers. */
struct witness_answer {
	int		 status;	/* HTTP status: 200, 4xx, 500 */
	const char	*type;		/* its Content-Type */
	char		*body;		/* malloc'd, len bytes */
	size_t		 len;
};

struct witness;

/*
 * A witness cosigning with signer (type 0x04) the logs of lf, its state
 * in st (opened with store_open_env(..., WITNESS_FORMAT, witness_dbs)).
 * It takes signer and lf (freed by witness_free(), even on failure); st
 * stays the caller's and must outlive it.
 */
int	 witness_new(struct store *st, struct note_signer *signer,
	    struct logsfile *lf, struct witness **out);
void	 witness_free(struct witness *w);

/* Replaces the logs (SIGHUP); takes lf, frees the old list. */
void	 witness_set_logs(struct witness *w, struct logsfile *lf);

/*
 * Checks the add-checkpoint request body (len bytes) and, when it holds,
 * stores the new checkpoint and answers 200 with the cosignature line
 * made at time now (POSIX seconds, > 0).  Else, as tlog-witness says: 400
 * malformed (also a checkpoint with extension lines, or old > size), 404
 * unknown origin, 403 no valid signature by the origin's keys, 409 old is
 * not the size the witness holds (type text/x.tlog.size, body "<size>\n"),
 * 422 the proof fails or a second root of one size, 500 the store or
 * the key failed.  Every refusal is logged (log.h) with the origin, the
 * sizes and the code.  *a is filled in every case; free it with
 * witness_answer_clear().  Returns a->status.
 */
int	 witness_check(struct witness *w, const char *body, size_t len,
	    uint64_t now, struct witness_answer *a);
void	 witness_answer_clear(struct witness_answer *a);

#endif /* SOGOC_TLOG_WITNESS_H */
