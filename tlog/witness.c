/*
 * witness.c: the add-checkpoint logic of a tlog-witness (see witness.h).
 *
 * The order of the checks is Sunlight's (internal/witness/witness.go):
 * the body, the origin, the log's signature, the checkpoint, the sizes;
 * then, in one write transaction, the stored size, the proof, the
 * cosignature and the update.  LMDB has one writer at a time, so two
 * requests with the same old size are ordered: the second finds the
 * first's size and gets 409, never a second cosignature.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "b64.h"
#include "cosig.h"
#include "log.h"
#include "merkle.h"
#include "utf8.h"
#include "witness.h"

const struct store_db witness_dbs[] = {
	{ "wlogs", 0 },
	{ "wrefused", 0 },
	{ NULL, 0 },
};

#define STATE_HEAD	(8 + 32)	/* size and root before the note */

struct witness {
	struct store		*st;
	struct note_signer	*signer;
	struct logsfile		*logs;		/* under lock */
	pthread_rwlock_t	 lock;
};

/* A checkpoint that passed the checks before the transaction. */
struct cp {
	char		*origin;
	uint64_t	 size;
	uint8_t		 root[32];
	char		*text;		/* canonical body, to cosign */
	size_t		 textlen;
};

/* The decimal number in [p, e), no sign, no leading zero, into *v. */
static int
dec(const char *p, const char *e, uint64_t *v)
{
	uint64_t	 n = 0;

	if (p >= e || (p[0] == '0' && e - p > 1))
		return -1;
	for (; p < e; p++) {
		if (*p < '0' || *p > '9' || n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*v = n;
	return 0;
}

int
witness_parse(const char *body, size_t len, struct witness_req *req,
    const char **why)
{
	const char	*p, *e, *nl, *cut;
	size_t		 n;

	memset(req, 0, sizeof(*req));
	cut = len < 2 ? NULL : memmem(body, len, "\n\n", 2);
	if (cut == NULL) {
		*why = "no blank line before the checkpoint";
		return -1;
	}
	e = cut + 1;
	nl = memchr(body, '\n', (size_t)(e - body));
	if (nl - body < 4 || memcmp(body, "old ", 4) != 0 ||
	    dec(body + 4, nl, &req->old) != 0) {
		*why = "the first line is not \"old <size>\"";
		return -1;
	}
	for (p = nl + 1; p < e; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(e - p));
		if (req->nproof == WITNESS_PROOF_MAX) {
			*why = "more than 63 proof lines";
			return -1;
		}
		if (b64_decode(p, (size_t)(nl - p), req->proof[req->nproof],
		    32, &n) != 0 || n != 32) {
			*why = "a proof line is not one base64 hash";
			return -1;
		}
		req->nproof++;
	}
	req->note = cut + 2;
	req->notelen = len - (size_t)(cut + 2 - body);
	return 0;
}

void
witness_answer_clear(struct witness_answer *a)
{
	free(a->body);
	memset(a, 0, sizeof(*a));
}

/* Sets a to status with the formatted text (and a newline) as body. */
static int
answer(struct witness_answer *a, int status, const char *type,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
answer(struct witness_answer *a, int status, const char *type,
    const char *fmt, ...)
{
	va_list	 ap;
	char	 b[512];
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof(b) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(b) - 1)
		n = (int)sizeof(b) - 2;
	b[n++] = '\n';
	free(a->body);
	a->status = status;
	a->type = type;
	a->body = malloc((size_t)n);
	a->len = a->body != NULL ? (size_t)n : 0;
	if (a->body != NULL)
		memcpy(a->body, b, (size_t)n);
	return status;
}

#define TEXT	"text/plain; charset=utf-8"

int
witness_new(struct store *st, struct note_signer *signer,
    struct logsfile *lf, struct witness **out)
{
	struct witness	*w;

	*out = NULL;
	if (note_signer_type(signer) != NOTE_TYPE_COSIG) {
		note_signer_free(signer);
		logsfile_free(lf);
		return NOTE_EKEY;
	}
	w = calloc(1, sizeof(*w));
	if (w == NULL || pthread_rwlock_init(&w->lock, NULL) != 0) {
		free(w);
		note_signer_free(signer);
		logsfile_free(lf);
		return NOTE_ENOMEM;
	}
	w->st = st;
	w->signer = signer;
	w->logs = lf;
	*out = w;
	return NOTE_OK;
}

void
witness_free(struct witness *w)
{
	if (w == NULL)
		return;
	pthread_rwlock_destroy(&w->lock);
	note_signer_free(w->signer);
	logsfile_free(w->logs);
	free(w);
}

void
witness_set_logs(struct witness *w, struct logsfile *lf)
{
	struct logsfile	*old;

	pthread_rwlock_wrlock(&w->lock);
	old = w->logs;
	w->logs = lf;
	pthread_rwlock_unlock(&w->lock);
	logsfile_free(old);
}

static void
cp_clear(struct cp *c)
{
	free(c->origin);
	free(c->text);
	memset(c, 0, sizeof(*c));
}

/*
 * The checks before the transaction (caller holds w->lock to read):
 * the origin is a known log, one of its keys signed, the checkpoint is
 * three canonical lines, old <= size, an empty tree has the empty root.
 * 0, or the status of the answer made in a.
 */
static int
precheck(struct witness *w, const struct witness_req *rq, struct cp *c,
    struct witness_answer *a)
{
	const struct logsfile_log	*l;
	const char			*nl;
	size_t				 textlen;
	int				 rc;

	nl = memchr(rq->note, '\n', rq->notelen);
	if (nl == NULL || nl == rq->note)
		return answer(a, 400, TEXT, "no origin line");
	l = logsfile_find(w->logs, rq->note, (size_t)(nl - rq->note));
	if (l == NULL)
		return answer(a, 404, TEXT, "unknown log");
	rc = note_open(rq->note, rq->notelen, l->keys, l->nkeys, &textlen,
	    NULL);
	if (rc == NOTE_EFORMAT || rc == NOTE_ENOMEM)
		return answer(a, rc == NOTE_EFORMAT ? 400 : 500, TEXT,
		    "the checkpoint: %s", note_strerror(rc));
	if (rc != NOTE_OK)
		return answer(a, 403, TEXT, "no valid signature of the log: "
		    "%s", note_strerror(rc));
	rc = checkpoint_parse(rq->note, textlen, &c->origin, &c->size,
	    c->root);
	if (rc == NOTE_OK)
		rc = checkpoint_format(c->origin, c->size, c->root, &c->text);
	if (rc != NOTE_OK)
		return answer(a, rc == NOTE_ENOMEM ? 500 : 400, TEXT,
		    "not a checkpoint: %s", note_strerror(rc));
	/* Cosign exactly the three lines checked: no extension lines. */
	c->textlen = strlen(c->text);
	if (c->textlen != textlen || memcmp(c->text, rq->note, textlen) != 0)
		return answer(a, 400, TEXT, "extension lines or a "
		    "non-canonical checkpoint");
	if (rq->old > c->size)
		return answer(a, 400, TEXT, "old size %" PRIu64 " is larger "
		    "than the checkpoint's %" PRIu64, rq->old, c->size);
	return 0;
}

/* The empty tree's root, SHA-256 of nothing. */
static void
empty_root(uint8_t *root)
{
	SHA256((const uint8_t *)"", 0, root);
}

/*
 * Whether the checkpoint c extends the stored tree (size old, root
 * oldroot) by the proof of rq: 0, or a 422 answer in a.
 */
static int
consistent(const struct witness_req *rq, const uint8_t *oldroot,
    const struct cp *c, struct witness_answer *a)
{
	uint8_t	 e[32];

	if (c->size == 0) {
		empty_root(e);
		if (memcmp(c->root, e, 32) != 0)
			return answer(a, 422, TEXT, "an empty tree with "
			    "another root than the empty tree's");
	}
	if ((rq->old == 0 || rq->old == c->size) && rq->nproof != 0)
		return answer(a, 422, TEXT, "a proof where none is needed");
	if (rq->old == c->size && memcmp(oldroot, c->root, 32) != 0)
		return answer(a, 422, TEXT, "another root for size %" PRIu64,
		    c->size);
	if (rq->old != 0 && rq->old != c->size &&
	    merkle_verify_consistency(rq->old, c->size, oldroot, c->root,
	    (const uint8_t (*)[32])rq->proof, rq->nproof) != MERKLE_OK)
		return answer(a, 422, TEXT, "the consistency proof from "
		    "%" PRIu64 " to %" PRIu64 " fails", rq->old, c->size);
	return 0;
}

/*
 * The stored state of c's log in t: *size and root (0 and the empty
 * root when never cosigned).  0, or a 500 answer in a.
 */
static int
stored(struct store_txn *t, const struct cp *c, uint64_t *size,
    uint8_t *root, struct witness_answer *a)
{
	struct store_val	 v;
	int			 rc;

	rc = store_get(store_txn_rd(t), WITNESS_DB_LOGS, c->origin,
	    strlen(c->origin), &v);
	if (rc == STORE_ENOTFOUND) {
		*size = 0;
		empty_root(root);
		return 0;
	}
	if (rc != STORE_OK || v.len < STATE_HEAD)
		return answer(a, 500, TEXT, "the witness's store: %s",
		    rc != STORE_OK ? store_errmsg(store_txn_store(t)) :
		    "a short state");
	*size = store_get_u64(v.data);
	memcpy(root, (const uint8_t *)v.data + 8, 32);
	return 0;
}

/* The new state of c's log: size, root, the note with line appended. */
static int
put_state(struct store_txn *t, const struct witness_req *rq,
    const struct cp *c, const char *line)
{
	char	*note, *val;
	size_t	 n;
	int	 rc;

	if (note_add_sigs(rq->note, rq->notelen, line, strlen(line), &note) !=
	    NOTE_OK)
		return STORE_ENOMEM;
	n = strlen(note);
	val = malloc(STATE_HEAD + n);
	if (val == NULL) {
		free(note);
		return STORE_ENOMEM;
	}
	store_u64(c->size, (uint8_t *)val);
	memcpy(val + 8, c->root, 32);
	memcpy(val + STATE_HEAD, note, n);
	free(note);
	rc = store_put(t, WITNESS_DB_LOGS, c->origin, strlen(c->origin), val,
	    STATE_HEAD + n, 0, NULL);
	free(val);
	return rc;
}

/*
 * The check and the update, one write transaction: the stored size, the
 * proof, the cosignature, the new state, the commit.  The answer in a.
 */
static int
update(struct witness *w, const struct witness_req *rq, const struct cp *c,
    uint64_t now, struct witness_answer *a)
{
	struct store_txn	*t;
	uint64_t		 size = 0;
	uint8_t			 root[32];
	char			*line = NULL;
	int			 rc;

	if (store_wr_begin_wait(w->st, &t) != STORE_OK)
		return answer(a, 500, TEXT, "the witness's store: %s",
		    store_errmsg(w->st));
	if (stored(t, c, &size, root, a) != 0)
		goto refuse;
	if (rq->old != size) {
		answer(a, 409, "text/x.tlog.size", "%" PRIu64, size);
		goto refuse;
	}
	if (consistent(rq, root, c, a) != 0)
		goto refuse;
	rc = cosig_sign(w->signer, c->text, c->textlen, now, &line);
	if (rc != NOTE_OK) {
		answer(a, 500, TEXT, "cosigning: %s", note_strerror(rc));
		goto refuse;
	}
	if (put_state(t, rq, c, line) != STORE_OK) {
		answer(a, 500, TEXT, "the witness's store: %s",
		    store_errmsg(w->st));
		goto refuse;
	}
	/* No cosignature leaves before the state that backs it is kept. */
	if (store_wr_commit(t, NULL) != STORE_OK) {
		free(line);
		return answer(a, 500, TEXT, "the witness's store: %s",
		    store_errmsg(w->st));
	}
	free(a->body);
	a->status = 200;
	a->type = TEXT;
	a->body = line;
	a->len = strlen(line);
	return 200;
refuse:
	store_wr_abort(t);
	free(line);
	return a->status;
}

/*
 * Keeps a 422's request as evidence, once per signed note: the log
 * signed a checkpoint inconsistent with one it signed before (or someone
 * sent a wrong proof with it; the body says which).
 */
static void
keep_evidence(struct witness *w, const struct witness_req *rq,
    const char *body, size_t len, uint64_t now,
    const struct witness_answer *a)
{
	struct store_txn	*t;
	uint8_t			 key[SHA256_DIGEST_LENGTH];
	char			 head[600];
	char			*val;
	int			 n, rc;

	n = snprintf(head, sizeof(head), "%" PRIu64 " %d %.*s", now,
	    a->status, (int)a->len, a->body != NULL ? a->body : "\n");
	if (n < 0 || (size_t)n >= sizeof(head))
		return;
	val = malloc((size_t)n + len);
	if (val == NULL)
		return;
	memcpy(val, head, (size_t)n);
	memcpy(val + n, body, len);
	SHA256((const uint8_t *)rq->note, rq->notelen, key);
	rc = store_wr_begin_wait(w->st, &t);
	if (rc == STORE_OK) {
		rc = store_put(t, WITNESS_DB_REFUSED, key, sizeof(key), val,
		    (size_t)n + len, STORE_NOOVERWRITE, NULL);
		if (rc == STORE_OK)
			rc = store_wr_commit(t, NULL);
		else
			store_wr_abort(t);
	}
	if (rc != STORE_OK && rc != STORE_EEXIST)
		log_msg(LOG_ERR, "witness: the evidence of a refusal was not "
		    "kept: %s", store_errmsg(w->st));
	free(val);
}

/*
 * The origin line of rq's note for the log, when it is printable UTF-8
 * (a refused request's origin may be anyone's bytes), else "-".
 */
static void
origin_of(const struct witness_req *rq, char *buf, size_t sz)
{
	const char	*nl;
	size_t		 n;

	nl = memchr(rq->note, '\n', rq->notelen);
	n = nl != NULL ? (size_t)(nl - rq->note) : 0;
	if (n == 0 || n >= sz || !utf8_valid(rq->note, n, UTF8_NO_CONTROLS))
		snprintf(buf, sz, "-");
	else {
		memcpy(buf, rq->note, n);
		buf[n] = '\0';
	}
}

/* Logs what a answered to rq (c as far as it was parsed). */
static void
log_answer(const struct witness_req *rq, const struct cp *c,
    const struct witness_answer *a)
{
	char	 origin[256], size[24];

	origin_of(rq, origin, sizeof(origin));
	if (c->origin != NULL)
		snprintf(size, sizeof(size), "%" PRIu64, c->size);
	else
		snprintf(size, sizeof(size), "-");
	if (a->status == 200)
		log_msg(LOG_INFO, "witness: cosigned %s size %s (old %" PRIu64
		    ")", origin, size, rq->old);
	else
		log_msg(a->status >= 409 ? LOG_WARNING : LOG_NOTICE,
		    "witness: refused %s old %" PRIu64 " size %s (%d): %.*s",
		    origin, rq->old, size, a->status, (int)(a->len > 0 ?
		    a->len - 1 : 0), a->body != NULL ? a->body : "");
}

int
witness_check(struct witness *w, const char *body, size_t len,
    uint64_t now, struct witness_answer *a)
{
	struct witness_req	*rq;
	struct cp		 c;
	const char		*why;

	memset(a, 0, sizeof(*a));
	memset(&c, 0, sizeof(c));
	rq = malloc(sizeof(*rq));
	if (rq == NULL)
		return answer(a, 500, TEXT, "out of memory");
	if (witness_parse(body, len, rq, &why) != 0) {
		answer(a, 400, TEXT, "%s", why);
		log_msg(LOG_NOTICE, "witness: refused a request (400): %s",
		    why);
		free(rq);
		return 400;
	}
	pthread_rwlock_rdlock(&w->lock);
	if (precheck(w, rq, &c, a) == 0)
		update(w, rq, &c, now, a);
	pthread_rwlock_unlock(&w->lock);
	if (a->status == 422)
		keep_evidence(w, rq, body, len, now, a);
	log_answer(rq, &c, a);
	cp_clear(&c);
	free(rq);
	return a->status;
}
