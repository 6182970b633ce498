/*
 * sharecount.c: pending openings of share codes and the one thread that
 * writes them (see sharecount.h).
 *
 * One mutex guards the table of pending openings, the batch being
 * written and the flag that stops the thread.  A batch's commit and its
 * removal from memory happen under it, and so do a reader's snapshot and
 * its look-up of what is pending (sharecount_read), so an opening is
 * counted exactly once whatever moment the page is read: a view waits at
 * most for one commit every interval.  The flusher takes the mutex only
 * while it holds the store's writer's lock, and nothing that holds that
 * lock waits for the mutex but the flusher, so the two cannot deadlock.
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
	unsigned int	 interval_ms;
	int		 stop, urgent, started;
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

/* Writes what is pending; wait: for the lock, as the command line does. */
static int
flush(struct sharecount *sc, int wait)
{
	struct store_txn	 t;
	size_t			 i;
	int			 rc = STORE_OK;

	pthread_mutex_lock(&sc->flushing);
	pthread_mutex_lock(&sc->mu);
	sc->batch = sc->pending;
	sc->nbatch = sc->npending;
	sc->pending = NULL;
	sc->npending = sc->cap = 0;
	sc->urgent = 0;
	pthread_mutex_unlock(&sc->mu);
	if (sc->nbatch == 0)
		goto out;
	rc = wait ? store_wr_begin_wait(sc->st, &t) :
	    store_wr_begin(sc->st, &t);
	for (i = 0; rc == STORE_OK && i < sc->nbatch; i++) {
		rc = share_add_opens(&t, sc->batch[i].code, sc->batch[i].n,
		    sc->batch[i].t, sc->batch[i].nt);
		if (rc == STORE_ENOTFOUND)
			rc = STORE_OK;	/* no such code: nothing to count */
	}
	/* Committed and forgotten at once, as readers see it. */
	pthread_mutex_lock(&sc->mu);
	if (rc == STORE_OK)
		rc = store_wr_commit(&t, NULL);
	else if (t.txn != NULL)
		store_wr_abort(&t);
	if (rc != STORE_OK)
		unbatch(sc);
	free(sc->batch);
	sc->batch = NULL;
	sc->nbatch = 0;
	pthread_mutex_unlock(&sc->mu);
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
		while (!sc->stop && !sc->urgent && rc != ETIMEDOUT)
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
	/* Half full: write them now rather than refuse openings later. */
	if (sc->npending > SHARECOUNT_MAX / 2 && !sc->urgent) {
		sc->urgent = 1;
		pthread_cond_signal(&sc->cv);
	}
	pthread_mutex_unlock(&sc->mu);
	return rc;
}

/* Adds code's pending openings to info; mu held. */
static void
merge(struct sharecount *sc, const char *code, json_t *info)
{
	struct pend	*p;

	p = pend_find(sc->batch, sc->nbatch, code);
	if (p != NULL)
		share_opens_add(info, p->n, p->t, p->nt);
	p = pend_find(sc->pending, sc->npending, code);
	if (p != NULL)
		share_opens_add(info, p->n, p->t, p->nt);
}

int
sharecount_read(struct sharecount *sc, struct store *st, const char *code,
    int (*read)(struct store *, const char *, json_t **), json_t **info)
{
	int	 rc;

	if (sc == NULL)
		return read(st, code, info);
	pthread_mutex_lock(&sc->mu);
	rc = read(st, code, info);
	if (rc == STORE_OK)
		merge(sc, code, *info);
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
