/*
 * asker.c: the log asks its witnesses to cosign its latest checkpoint
 * (asker.h): the add-checkpoint requests, one thread a witness, the
 * checks of their answers, and the one write transaction that keeps the
 * cosignatures and what each witness said.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "asker.h"
#include "b64.h"
#include "cosig.h"
#include "merkle.h"
#include "note.h"

const struct store_db tlog_dbs[] = {
	{ "witnesses", STORE_DB_LATER },
	{ NULL, 0 },
};

#define MAX_ANSWER	(16 << 10)	/* bytes of a witness's answer */
#define MAX_TRIES	3		/* requests per witness and publish */

/* One witness being asked, in its own thread. */
struct job {
	const struct asker_witness	*w;
	struct note_verifier		*v;
	struct store			*st;
	asker_post_fn			*post;
	void				*postarg;
	uint64_t			 size;	/* the checkpoint's */
	const char			*note;	/* its signed note */
	uint64_t			 old;	/* what the witness holds */
	long				 timeout_ms;
	char				*line;	/* its verified cosignature */
	struct asker_result		*res;
};

static void	 say(struct job *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Sets the job's result to state and a formatted message. */
static void
say(struct job *j, int state, const char *fmt, ...)
{
	va_list	 ap;

	j->res->state = state;
	va_start(ap, fmt);
	vsnprintf(j->res->msg, sizeof(j->res->msg), fmt, ap);
	va_end(ap);
}

static int64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The add-checkpoint body: "old N\n", the consistency proof from old to
 * the job's size in base64 lines, a blank line, the signed checkpoint.
 * Malloc'd into *out; STORE_* code.
 */
static int
request_body(struct job *j, char **out, size_t *len)
{
	uint8_t			 proof[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	struct store_hashes	 h = { j->st, NULL, STORE_OK };
	size_t			 n = 0, i, cap, off;
	char			*b;
	int			 rc, k;

	if (j->old > 0 && j->old < j->size) {
		rc = store_rd_begin(j->st, &h.rd);
		if (rc != STORE_OK)
			return rc;
		rc = merkle_prove_consistency(j->old, j->size,
		    store_read_hash, &h, proof, &n);
		store_rd_end(h.rd);
		if (rc != MERKLE_OK)
			return h.rc != STORE_OK ? h.rc : STORE_EIO;
	}
	cap = 32 + n * 46 + 1 + strlen(j->note) + 1;
	b = malloc(cap);
	if (b == NULL)
		return STORE_ENOMEM;
	k = snprintf(b, cap, "old %" PRIu64 "\n", j->old);
	off = (size_t)k;
	for (i = 0; i < n; i++) {
		k = b64_encode(proof[i], MERKLE_HASH_LEN, b + off, cap - off);
		if (k < 0) {
			free(b);
			return STORE_EIO;
		}
		off += (size_t)k;
		b[off++] = '\n';
	}
	b[off++] = '\n';
	memcpy(b + off, j->note, strlen(j->note) + 1);
	*len = off + strlen(j->note);
	*out = b;
	return STORE_OK;
}

/* The size in a 409's body: "N\n", decimal, no leading zero. */
static int
parse_size(const char *ctype, const char *body, uint64_t *size)
{
	const char	*p;
	uint64_t	 v = 0;

	if (ctype == NULL || strncmp(ctype, "text/x.tlog.size", 16) != 0 ||
	    (ctype[16] != '\0' && ctype[16] != ';'))
		return -1;
	if (body[0] < '0' || body[0] > '9' || (body[0] == '0' &&
	    body[1] != '\n'))
		return -1;
	for (p = body; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (strcmp(p, "\n") != 0)
		return -1;
	*size = v;
	return 0;
}

/*
 * A 200's body: the cosignature lines.  The one by the witness's key must
 * verify over the checkpoint we sent; it becomes j->line.
 */
static void
take_cosig(struct job *j, const char *body)
{
	struct cosig_seen	 seen;
	const char		*p, *e;
	char			*msg, *name;
	uint32_t		 id;
	uint64_t		 ts;
	size_t			 textlen;
	int			 rc;

	if (asprintf(&msg, "%s%s", j->note, body) < 0) {
		say(j, ASKER_DOWN, "out of memory");
		return;
	}
	memset(&seen, 0, sizeof(seen));
	rc = cosig_open(msg, strlen(msg), &j->v, 1, &textlen, &seen);
	free(msg);
	if (rc != NOTE_OK || !seen.verified) {
		say(j, ASKER_DOWN, "its answer carries no valid cosignature "
		    "by its key (%s)", note_strerror(rc));
		return;
	}
	for (p = body; *p != '\0'; p = e + 1) {
		e = strchr(p, '\n');
		if (e == NULL)
			break;
		if (cosig_line_parse(p, (size_t)(e - p + 1), &name, &id,
		    &ts) != NOTE_OK)
			continue;
		rc = strcmp(name, note_verifier_name(j->v)) == 0 &&
		    id == note_verifier_id(j->v);
		free(name);
		if (rc) {
			j->line = strndup(p, (size_t)(e - p + 1));
			break;
		}
	}
	if (j->line == NULL)
		say(j, ASKER_DOWN, "out of memory");
	else
		say(j, ASKER_OK, "cosigned size %" PRIu64, j->size);
}

/*
 * One answer: done (1), or ask again with j->old updated (0).
 */
static int
answer(struct job *j, long status, const char *ctype, const char *body)
{
	uint64_t	 held;

	j->res->status = status;
	if (status == 200) {
		j->res->size = j->size;
		take_cosig(j, body);
		if (j->res->state != ASKER_OK)
			j->res->size = j->old;
		return 1;
	}
	if (status == 409) {
		if (parse_size(ctype, body, &held) != 0) {
			say(j, ASKER_DOWN, "409 without a tree size in "
			    "text/x.tlog.size");
			return 1;
		}
		j->res->size = held;
		if (held > j->size) {
			say(j, ASKER_REFUSED, "it holds size %" PRIu64 " of "
			    "our origin, larger than our %" PRIu64 ": a split "
			    "view or a rollback", held, j->size);
			return 1;
		}
		if (held == j->old) {
			say(j, ASKER_REFUSED, "409 naming the size we sent "
			    "(%" PRIu64 ")", held);
			return 1;
		}
		j->old = held;
		say(j, ASKER_DOWN, "409: it holds size %" PRIu64, held);
		return 0;
	}
	if (status == 422)
		say(j, ASKER_REFUSED, "422: it holds a tree of our origin "
		    "that size %" PRIu64 " does not extend (a split view?)",
		    j->size);
	else if (status == 400 || status == 403 || status == 404)
		say(j, ASKER_REFUSED, "%ld: it %s", status, status == 404 ?
		    "does not know our origin" : status == 403 ?
		    "does not take our log's key" : "calls our request "
		    "malformed");
	else
		say(j, ASKER_DOWN, "HTTP %ld", status);
	return 1;
}

static void *
ask_one(void *arg)
{
	struct job	*j = arg;
	char		 url[2048], err[256], *body, *ctype, *rbody;
	int64_t		 deadline = now_ms() + j->timeout_ms, left;
	size_t		 len;
	long		 status;
	int		 tries, n, done = 0;

	n = snprintf(url, sizeof(url), "%s%sadd-checkpoint", j->w->url,
	    j->w->url[0] != '\0' && j->w->url[strlen(j->w->url) - 1] ==
	    '/' ? "" : "/");
	if (n < 0 || (size_t)n >= sizeof(url)) {
		say(j, ASKER_REFUSED, "its URL is too long");
		return NULL;
	}
	for (tries = 0; !done && tries < MAX_TRIES; tries++) {
		left = deadline - now_ms();
		if (left <= 0) {
			say(j, ASKER_DOWN, "no answer in %ld ms",
			    j->timeout_ms);
			break;
		}
		if (request_body(j, &body, &len) != STORE_OK) {
			say(j, ASKER_DOWN, "the consistency proof from size "
			    "%" PRIu64 " could not be made", j->old);
			break;
		}
		ctype = rbody = NULL;
		if (j->post(j->postarg, url, body, len, MAX_ANSWER, left,
		    &status, &ctype, &rbody, err, sizeof(err)) != 0) {
			say(j, ASKER_DOWN, "%s", err);
			done = 1;
		} else
			done = answer(j, status, ctype, rbody != NULL ?
			    rbody : "");
		free(body);
		free(ctype);
		free(rbody);
	}
	return NULL;
}

/* Decodes witness vkey's kept state (len bytes of JSON) into *s. */
static int
state_decode(struct store *st, const char *vkey, size_t vlen,
    const void *data, size_t len, struct asker_state *s)
{
	json_t	*o;

	memset(s, 0, sizeof(*s));
	o = json_loadb(data, len, 0, NULL);
	if (o == NULL || vlen >= sizeof(s->vkey)) {
		json_decref(o);
		return store_fail(st, STORE_ECORRUPT, "witnesses: a state is "
		    "malformed");
	}
	memcpy(s->vkey, vkey, vlen);
	snprintf(s->name, sizeof(s->name), "%s",
	    json_string_value(json_object_get(o, "name")) ?: "");
	snprintf(s->msg, sizeof(s->msg), "%s",
	    json_string_value(json_object_get(o, "message")) ?: "");
	s->state = (int)json_integer_value(json_object_get(o, "state"));
	s->status = (long)json_integer_value(json_object_get(o, "status"));
	s->size = (uint64_t)json_integer_value(json_object_get(o, "size"));
	s->at = (int64_t)json_integer_value(json_object_get(o, "at"));
	json_decref(o);
	return STORE_OK;
}

/* The kept state of witness vkey into *s; STORE_ENOTFOUND when none. */
static int
state_get(struct store_rd *rd, const char *vkey, struct asker_state *s)
{
	struct store_val	 v;
	int			 rc;

	memset(s, 0, sizeof(*s));
	rc = store_get(rd, DB_WITNESSES, vkey, strlen(vkey), &v);
	if (rc != STORE_OK)
		return rc;
	return state_decode(store_rd_store(rd), vkey, strlen(vkey), v.data,
	    v.len, s);
}

static int
state_put(struct store_txn *t, const struct job *j)
{
	json_t	*o;
	char	*s;
	int	 rc;

	o = json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:s}", "name",
	    j->w->name, "url", j->w->url, "state", j->res->state, "status",
	    (json_int_t)j->res->status, "size", (json_int_t)j->res->size,
	    "at", (json_int_t)time(NULL), "message", j->res->msg);
	s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (s == NULL)
		return STORE_ENOMEM;
	rc = store_put(t, DB_WITNESSES, j->w->vkey, strlen(j->w->vkey), s,
	    strlen(s), 0, NULL);
	free(s);
	return rc;
}

/* Keeps every job's state and every verified cosignature, in one write. */
static int
keep(struct store *st, struct job *jobs, size_t n)
{
	struct store_txn	*t;
	size_t			 i;
	int			 rc;

	rc = store_wr_begin_wait(st, &t);
	if (rc != STORE_OK)
		return rc;
	for (i = 0; rc == STORE_OK && i < n; i++) {
		if (jobs[i].line != NULL)
			rc = store_cosig_put(t, jobs[i].size, jobs[i].w->vkey,
			    jobs[i].line);
		if (rc == STORE_OK)
			rc = state_put(t, &jobs[i]);
	}
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}

/* The latest checkpoint, and each witness's job, ready to run. */
static int
prepare(struct store *st, const struct asker_witness *w, size_t n,
    struct job *jobs, char **note, uint64_t *size, char *err, size_t errsz)
{
	struct asker_state	 s;
	struct store_rd		*rd;
	size_t			 i;
	int			 rc;

	rc = store_rd_begin(st, &rd);
	if (rc != STORE_OK)
		return rc;
	rc = store_checkpoint(st, rd, 0, note, size);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		if (note_verifier_new_type(w[i].vkey, NOTE_TYPE_COSIG,
		    &jobs[i].v) != NOTE_OK) {
			snprintf(err, errsz, "witness %s: not a cosignature "
			    "key: %.60s", w[i].name, w[i].vkey);
			rc = STORE_EINPUT;
			break;
		}
		rc = state_get(rd, w[i].vkey, &s);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;
		/* A size above ours is the witness's claim to check. */
		jobs[i].old = s.size <= *size ? s.size : 0;
	}
	store_rd_end(rd);
	if (rc != STORE_OK && err[0] == '\0')
		snprintf(err, errsz, "%s", store_errmsg(st));
	return rc;
}

int
asker_ask(struct store *st, const struct asker_witness *w, size_t n,
    long timeout_ms, asker_post_fn *post, void *postarg,
    struct asker_result *res, char *err, size_t errsz)
{
	struct job	*jobs;
	pthread_t	*th;
	char		*note = NULL;
	uint64_t	 size = 0;
	size_t		 i;
	int		 rc, *started;

	err[0] = '\0';
	if (n == 0)
		return STORE_OK;
	jobs = calloc(n, sizeof(*jobs));
	th = calloc(n, sizeof(*th));
	started = calloc(n, sizeof(*started));
	if (jobs == NULL || th == NULL || started == NULL) {
		rc = STORE_ENOMEM;
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	rc = prepare(st, w, n, jobs, &note, &size, err, errsz);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].size = jobs[i].old;
		jobs[i].w = &w[i];
		jobs[i].st = st;
		jobs[i].post = post;
		jobs[i].postarg = postarg;
		jobs[i].size = size;
		jobs[i].note = note;
		jobs[i].timeout_ms = timeout_ms;
		jobs[i].res = &res[i];
		started[i] = pthread_create(&th[i], NULL, ask_one,
		    &jobs[i]) == 0;
		if (!started[i])
			ask_one(&jobs[i]);
	}
	for (i = 0; i < n; i++)
		if (started[i])
			pthread_join(th[i], NULL);
	if (rc == STORE_OK) {
		rc = keep(st, jobs, n);
		if (rc != STORE_OK)
			snprintf(err, errsz, "%s", store_errmsg(st));
	}
out:
	for (i = 0; jobs != NULL && i < n; i++) {
		note_verifier_free(jobs[i].v);
		free(jobs[i].line);
	}
	free(jobs);
	free(th);
	free(started);
	free(note);
	return rc;
}

/* store_each() over the witnesses database, for asker_states(). */
struct states {
	asker_state_fn	*fn;
	void		*arg;
	struct store_rd	*rd;
};

static int
one_state(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct states		*x = arg;
	struct asker_state	 s;
	int			 rc;

	rc = state_decode(store_rd_store(x->rd), k->data, k->len, v->data,
	    v->len, &s);
	if (rc != STORE_OK)
		return rc;
	return x->fn(&s, x->arg);
}

int
asker_states(struct store_rd *rd, asker_state_fn *fn, void *arg)
{
	struct states	 x = { fn, arg, rd };

	return store_each(rd, DB_WITNESSES, NULL, 0, 0, one_state, &x);
}
