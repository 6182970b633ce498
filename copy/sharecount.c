/*
 * sharecount.c: pending openings of share codes and the one thread that
 * writes them (see sharecount.h).
 *
 * One mutex guards the table of pending openings, the batch being
 * written and the flags of the thread.  It is held only to note an
 * opening, to swap the pending table out as the batch and to mark the
 * batch written or put it back: never while the batch is written and
 * committed (an fsync), so that views do not wait for the disk.
 *
 * A reader (sharecount_read) adds to its snapshot what the snapshot
 * cannot hold, exactly once: everything pending, and the batch while it
 * is in flight unless the snapshot already holds its commit (the
 * snapshot's transaction id is at least the batch's, store_txn_id).  A
 * batch marked written after the snapshot began is gone from memory and
 * missing from the snapshot: the reader sees that (its snapshot is older
 * than the last batch written) and reads again, under the mutex, so that
 * no batch can be marked meanwhile.  A flush that fails puts its batch
 * back before it gives up the writer's lock (so no other writer's commit
 * can take the batch's transaction id while the batch is in flight) and
 * the thread then waits a whole interval, however urgent, rather than
 * try again on every view while the command line holds the lock.
 *
 * The flusher takes the mutex while it holds the store's writer's lock,
 * and nothing that holds that lock waits for the mutex but the flusher,
 * so the two cannot deadlock.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "share.h"
#include "sharecount.h"

/* The pending openings of one code: how many, and the latest times. */
struct pend {
	char		 code[SHARE_CODE_LEN + 1];
	uint64_t	 n;
	int64_t		 t[SHARE_OPENED_MAX];	/* oldest first */
	size_t		 nt;
};

struct sharecount {
	struct store	*st;
	pthread_mutex_t	 mu;		/* all below but thread */
	pthread_cond_t	 cv;		/* stop, or urgent */
	pthread_mutex_t	 flushing;	/* one flush at a time */
	struct pend	*pending;
	size_t		 npending, cap;
	struct pend	*batch;		/* being written */
	size_t		 nbatch;
	uint64_t	 batch_txn;	/* its commit's id; 0: not begun */
	uint64_t	 last_txn;	/* the last batch written's id */
	unsigned int	 interval_ms;
	int		 stop, urgent, started;
	int		 backoff;	/* the last flush failed */
	pthread_t	 thread;
};

/* The counter of this process; set and cleared by start and stop. */
static struct sharecount	*running;
static pthread_mutex_t		 running_mu = PTHREAD_MUTEX_INITIALIZER;

/* Adds n openings, the latest at times t (nt of them, oldest first). */
static void
pend_add(struct pend *p, uint64_t n, const int64_t *t, size_t nt)
{
	size_t	 i;

	p->n += n;
	for (i = 0; i < nt; i++) {
		if (p->nt == SHARE_OPENED_MAX) {
			memmove(p->t, p->t + 1, (SHARE_OPENED_MAX - 1) *
			    sizeof(p->t[0]));
			p->nt--;
		}
		p->t[p->nt++] = t[i];
	}
}

static struct pend *
pend_find(struct pend *tab, size_t n, const char *code)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (memcmp(tab[i].code, code, SHARE_CODE_LEN) == 0)
			return &tab[i];
	return NULL;
}

/* The pending entry of code, made when missing; NULL when full. */
static struct pend *
pend_get(struct sharecount *sc, const char *code, int force)
{
	struct pend	*p;
	size_t		 cap;

	p = pend_find(sc->pending, sc->npending, code);
	if (p != NULL)
		return p;
	if (sc->npending >= SHARECOUNT_MAX && !force)
		return NULL;
	if (sc->npending == sc->cap) {
		cap = sc->cap ? sc->cap * 2 : 64;
		p = reallocarray(sc->pending, cap, sizeof(*p));
		if (p == NULL)
			return NULL;
		sc->pending = p;
		sc->cap = cap;
	}
	p = &sc->pending[sc->npending++];
	memset(p, 0, sizeof(*p));
	memcpy(p->code, code, SHARE_CODE_LEN);
	return p;
}

/*
 * Puts a batch that could not be written back in front of what was noted
 * meanwhile (its times are older).  Called with mu held.
 */
static void
unbatch(struct sharecount *sc)
{
	struct pend	 old, *p;
	size_t		 i;

	for (i = 0; i < sc->nbatch; i++) {
		p = pend_get(sc, sc->batch[i].code, 1);
		if (p == NULL)
			continue;	/* out of memory: lost */
		old = sc->batch[i];
		pend_add(&old, p->n, p->t, p->nt);
		*p = old;
	}
}

/*
 * Ends the batch in flight: written (rc STORE_OK) and so forgotten, or
 * put back in front of what is pending.  Takes mu.
 */
static void
batch_done(struct sharecount *sc, int rc)
{
	pthread_mutex_lock(&sc->mu);
	if (rc == STORE_OK)
		sc->last_txn = sc->batch_txn;
	else
		unbatch(sc);
	sc->backoff = rc != STORE_OK;
	free(sc->batch);
	sc->batch = NULL;
	sc->nbatch = 0;
	sc->batch_txn = 0;
	pthread_mutex_unlock(&sc->mu);
}

/* Writes what is pending; wait: for the lock, as the command line does. */
static int
flush(struct sharecount *sc, int wait)
{
	struct store_txn	*t = NULL;
	size_t			 i;
	int			 rc = STORE_OK;

	pthread_mutex_lock(&sc->flushing);
	pthread_mutex_lock(&sc->mu);
	sc->batch = sc->pending;
	sc->nbatch = sc->npending;
	sc->batch_txn = 0;
	sc->pending = NULL;
	sc->npending = sc->cap = 0;
	sc->urgent = 0;
	pthread_mutex_unlock(&sc->mu);
	if (sc->nbatch == 0)
		goto out;
	rc = wait ? store_wr_begin_wait(sc->st, &t) :
	    store_wr_begin(sc->st, &t);
	if (rc == STORE_OK) {
		/* Before the commit, which readers may see at once. */
		pthread_mutex_lock(&sc->mu);
		sc->batch_txn = store_txn_id(store_txn_rd(t));
		pthread_mutex_unlock(&sc->mu);
	}
	for (i = 0; rc == STORE_OK && i < sc->nbatch; i++) {
		rc = share_add_opens(t, sc->batch[i].code, sc->batch[i].n,
		    sc->batch[i].t, sc->batch[i].nt);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;	/* no such code: nothing to count */
	}
	if (rc == STORE_OK) {
		/* Outside mu: views go on during the commit's fsync. */
		rc = store_wr_commit(t, NULL);
		batch_done(sc, rc);
	} else {
		/* Put back while the lock still keeps other writers out. */
		batch_done(sc, rc);
		store_wr_abort(t);	/* NULL when it did not begin */
	}
out:
	pthread_mutex_unlock(&sc->flushing);
	return rc;
}

int
sharecount_flush(struct sharecount *sc)
{
	return flush(sc, 0);
}

/* The writing thread: a flush every interval, or sooner when urged. */
static void *
flusher(void *arg)
{
	struct sharecount	*sc = arg;
	struct timespec		 until;
	int			 rc;

	pthread_mutex_lock(&sc->mu);
	while (!sc->stop) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += sc->interval_ms / 1000;
		until.tv_nsec += (long)(sc->interval_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		rc = 0;
		/* After a failure, a whole interval whatever the urgency. */
		while (!sc->stop && !(sc->urgent && !sc->backoff) &&
		    rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&sc->cv, &sc->mu, &until);
		if (sc->stop)
			break;
		pthread_mutex_unlock(&sc->mu);
		/* A failure keeps them pending for the next round. */
		(void)sharecount_flush(sc);
		pthread_mutex_lock(&sc->mu);
	}
	pthread_mutex_unlock(&sc->mu);
	return NULL;
}

static void
sharecount_free(struct sharecount *sc)
{
	pthread_mutex_destroy(&sc->mu);
	pthread_mutex_destroy(&sc->flushing);
	pthread_cond_destroy(&sc->cv);
	free(sc->pending);
	free(sc);
}

int
sharecount_start(struct store *st, unsigned int interval_ms,
    struct sharecount **out)
{
	struct sharecount	*sc;
	pthread_condattr_t	 ca;
	int			 rc = STORE_OK;

	*out = NULL;
	sc = calloc(1, sizeof(*sc));
	if (sc == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	sc->st = st;
	sc->interval_ms = interval_ms;
	pthread_mutex_init(&sc->mu, NULL);
	pthread_mutex_init(&sc->flushing, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sc->cv, &ca);
	pthread_condattr_destroy(&ca);
	pthread_mutex_lock(&running_mu);
	if (running != NULL)
		rc = store_fail(st, STORE_ECONFLICT, "share codes are "
		    "counted by another counter already");
	else if (interval_ms > 0 &&
	    pthread_create(&sc->thread, NULL, flusher, sc) != 0)
		rc = store_fail(st, STORE_ENOMEM, "cannot start the thread "
		    "that counts share codes");
	else {
		sc->started = interval_ms > 0;
		__atomic_store_n(&running, sc, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&running_mu);
	if (rc != STORE_OK) {
		sharecount_free(sc);
		return rc;
	}
	*out = sc;
	return STORE_OK;
}

int
sharecount_stop(struct sharecount *sc)
{
	int	 rc;

	if (sc == NULL)
		return STORE_OK;
	if (sc->started) {
		pthread_mutex_lock(&sc->mu);
		sc->stop = 1;
		pthread_cond_signal(&sc->cv);
		pthread_mutex_unlock(&sc->mu);
		pthread_join(sc->thread, NULL);
	}
	/* The last openings wait for the lock as the command line does. */
	rc = flush(sc, 1);
	pthread_mutex_lock(&running_mu);
	if (running == sc)
		__atomic_store_n(&running, NULL, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&running_mu);
	sharecount_free(sc);
	return rc;
}

struct sharecount *
sharecount_of(const struct store *st)
{
	struct sharecount	*sc = __atomic_load_n(&running,
				    __ATOMIC_ACQUIRE);

	return sc != NULL && sc->st == st ? sc : NULL;
}

int
sharecount_note(struct sharecount *sc, const char *code, int64_t now)
{
	struct pend	*p;
	int		 rc = STORE_OK;

	pthread_mutex_lock(&sc->mu);
	p = pend_get(sc, code, 0);
	if (p == NULL)
		rc = STORE_EFULL;
	else
		pend_add(p, 1, &now, 1);
	/* Half full: write them now rather than refuse openings later,
	 * unless the last flush failed (the thread waits its interval). */
	if (sc->npending > SHARECOUNT_MAX / 2 && !sc->urgent &&
	    !sc->backoff) {
		sc->urgent = 1;
		pthread_cond_signal(&sc->cv);
	}
	pthread_mutex_unlock(&sc->mu);
	return rc;
}

/*
 * Adds to info, read in the snapshot snap, code's openings that it does
 * not hold: the pending ones, and the batch's unless its commit is in
 * snap; mu held.
 */
static void
merge(struct sharecount *sc, const char *code, json_t *info, uint64_t snap)
{
	struct pend	*p;

	if (sc->batch_txn == 0 || snap < sc->batch_txn) {
		p = pend_find(sc->batch, sc->nbatch, code);
		if (p != NULL)
			share_opens_add(info, p->n, p->t, p->nt);
	}
	p = pend_find(sc->pending, sc->npending, code);
	if (p != NULL)
		share_opens_add(info, p->n, p->t, p->nt);
}

int
sharecount_read(struct sharecount *sc, struct store *st, const char *code,
    int (*read)(struct store *, const char *, json_t **, uint64_t *),
    json_t **info)
{
	uint64_t	 snap;
	int		 rc;

	if (sc == NULL)
		return read(st, code, info, &snap);
	rc = read(st, code, info, &snap);
	if (rc != STORE_OK)
		return rc;
	pthread_mutex_lock(&sc->mu);
	if (snap < sc->last_txn) {
		/* A batch was written and forgotten since the snapshot
		 * began: read again, with no batch marked meanwhile. */
		json_decref(*info);
		*info = NULL;
		rc = read(st, code, info, &snap);
	}
	if (rc == STORE_OK)
		merge(sc, code, *info, snap);
	pthread_mutex_unlock(&sc->mu);
	return rc;
}

uint64_t
sharecount_pending(struct sharecount *sc)
{
	uint64_t	 n = 0;
	size_t		 i;

	pthread_mutex_lock(&sc->mu);
	for (i = 0; i < sc->npending; i++)
		n += sc->pending[i].n;
	for (i = 0; i < sc->nbatch; i++)
		n += sc->batch[i].n;
	pthread_mutex_unlock(&sc->mu);
	return n;
}
