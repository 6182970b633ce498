/*
 * test_share.c: share codes in a real registry in a temporary directory,
 * with a clock of the test's own: what may be typed as a code, the last
 * day a graduate may choose, opening (counted, the latest times kept),
 * expiry, extending, withdrawal (for good), a code of another request,
 * and the code printed on a copy, which never expires nor changes.  And
 * the counting of openings off the read path (sharecount.h): batched,
 * exact before and after a flush, kept while another process writes or
 * when any write step of a flush fails, written at stop, exact under
 * threads.
 */
#include "config.h"

#include <sys/file.h>

#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "copydb.h"
#include "share.h"
#include "sharecount.h"
#include "store.h"

static const struct store_db *const tmpstore_dbs[] = { copy_dbs, NULL };
#define TMPSTORE_DBS	tmpstore_dbs
#include "tmpstore.h"

#define DAY	86400

/* A code of request, for the copy at index 5 of record 3. */
static void
add(struct fixture *f, uint64_t request, int64_t expires, char *code)
{
	struct store_txn	*t;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(share_add(t, 3, 5, request, expires, code),
	    STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	assert_int_equal(strlen(code), SHARE_CODE_LEN);
}

static void
test_canon(void **state)
{
	char	 out[SHARE_CODE_LEN + 1], disp[SHARE_DISPLAY_LEN + 1];

	(void)state;
	assert_int_equal(share_canon("ABCD-EFGH-JKMN", out), 0);
	assert_string_equal(out, "ABCDEFGHJKMN");
	/* As people type it: lower case, spaces, O for 0, I and L for 1. */
	assert_int_equal(share_canon("abcd efgh-jkmn", out), 0);
	assert_string_equal(out, "ABCDEFGHJKMN");
	assert_int_equal(share_canon("oOiI-lL00-1111", out), 0);
	assert_string_equal(out, "001111001111");
	share_display("ABCDEFGHJKMN", disp);
	assert_string_equal(disp, "ABCD-EFGH-JKMN");
	/* U is not a symbol; too short, too long, other bytes. */
	assert_int_equal(share_canon("ABCD-EFGH-JKMU", out), -1);
	assert_int_equal(share_canon("ABCD-EFGH-JKM", out), -1);
	assert_int_equal(share_canon("ABCD-EFGH-JKMNP", out), -1);
	assert_int_equal(share_canon("ABCD/EFGH/JKMN", out), -1);
	assert_int_equal(share_canon("ÁBCD-EFGH-JKMN", out), -1);
	assert_int_equal(share_canon("", out), -1);
	assert_int_equal(share_canon(NULL, out), -1);
}

static void
test_end_of_day(void **state)
{
	/* 2026-12-02 03:00 UTC is 10:00 in Viet Nam. */
	int64_t	 now = 1796180400, t;

	(void)state;
	assert_int_equal(share_end_of_day("2026-12-03", now, &t), 0);
	/* 23:59:59 of 3 December in Viet Nam is 16:59:59 UTC. */
	assert_int_equal(t, 1796317199);
	/* Today is not a last day to choose: from tomorrow. */
	assert_int_equal(share_end_of_day("2026-12-02", now, &t), -1);
	assert_int_equal(share_end_of_day("2026-12-01", now, &t), -1);
	/* At 23:59 in Viet Nam, tomorrow is still a day away. */
	assert_int_equal(share_end_of_day("2026-12-03", 1796230740, &t), 0);
	assert_int_equal(share_end_of_day("2026-12-02", 1796230740, &t), -1);
	assert_int_equal(share_end_of_day("2027-12-03", now, &t), 0);
	assert_int_equal(share_end_of_day("2027-12-05", now, &t), -1);
	assert_int_equal(share_end_of_day("2027-02-29", now, &t), -1);
	assert_int_equal(share_end_of_day("3/12/2026", now, &t), -1);
	assert_int_equal(share_end_of_day("2026-12-3", now, &t), -1);
	assert_int_equal(share_end_of_day(NULL, now, &t), -1);
}

static void
test_open_and_expire(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL), end = now + 10 * DAY;
	json_t		*info;
	struct sharecount *sc;
	int		 i;

	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	add(f, 7, end, code);
	assert_int_equal(share_open(f->st, code, now + 60, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 60), SHARE_OPEN);
	assert_int_equal(json_integer_value(json_object_get(info, "record")),
	    3);
	assert_int_equal(json_integer_value(json_object_get(info, "copy")), 5);
	json_decref(info);
	for (i = 0; i < SHARE_OPENED_MAX + 5; i++) {
		assert_int_equal(share_open(f->st, code, now + 100 + i, &info),
		    STORE_OK);
		json_decref(info);
	}
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(info, "opens")),
	    SHARE_OPENED_MAX + 6);
	/* Only the latest times are kept, the newest last. */
	assert_int_equal(json_array_size(json_object_get(info, "opened")),
	    SHARE_OPENED_MAX);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
	    info, "opened"), SHARE_OPENED_MAX - 1)), now + 100 +
	    SHARE_OPENED_MAX + 4);
	json_decref(info);
	/* A second after its end, expired; opening it counts nothing. */
	assert_int_equal(share_open(f->st, code, end + 1, &info), STORE_OK);
	assert_int_equal(share_state(info, end + 1), SHARE_EXPIRED);
	json_decref(info);
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(info, "opens")),
	    SHARE_OPENED_MAX + 6);
	json_decref(info);
	/* Extended, it opens again. */
	assert_int_equal(share_update(f->st, code, 7, end + 20 * DAY, 0,
	    end + 1), STORE_OK);
	assert_int_equal(share_open(f->st, code, end + 2, &info), STORE_OK);
	assert_int_equal(share_state(info, end + 2), SHARE_OPEN);
	json_decref(info);
	/* Written when counting stops, every opening there. */
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(json_integer_value(json_object_get(info, "opens")),
	    SHARE_OPENED_MAX + 7);
	json_decref(info);
}

/* The opens of code as share_get() sees them. */
static int64_t
opens(struct fixture *f, const char *code)
{
	json_t	*info;
	int64_t	 n;

	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	n = json_integer_value(json_object_get(info, "opens"));
	json_decref(info);
	return n;
}

/* The latest opening time of code as share_get() sees it. */
static int64_t
last_opened(struct fixture *f, const char *code)
{
	json_t	*info, *a;
	int64_t	 t;

	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	a = json_object_get(info, "opened");
	t = json_integer_value(json_array_get(a, json_array_size(a) - 1));
	json_decref(info);
	return t;
}

/* Reopens the fixture's registry STORE_SHARED, as sogoc serve does. */
static void
reopen_shared(struct fixture *f)
{
	store_close(f->st);
	assert_int_equal(store_open(f->dir, STORE_SHARED, 0, tmpstore_dbs,
	    &f->st, f->err, sizeof(f->err)), STORE_OK);
}

/*
 * Openings are noted, not written: the registry is unchanged until a
 * flush, which writes every code's in one transaction; the counts add up
 * exactly before, across and after it, and a code of no share (never
 * noted: share_open() reads first) counts nothing.
 */
static void
test_count_batched(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc, *other;
	char			 a[SHARE_CODE_LEN + 1], b[SHARE_CODE_LEN + 1];
	int64_t			 now = (int64_t)time(NULL);
	json_t			*info;
	size_t			 i;

	reopen_shared(f);
	add(f, 7, now + 10 * DAY, a);
	add(f, 8, now + 10 * DAY, b);
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	/* One counter per process. */
	assert_int_equal(sharecount_start(f->st, 0, &other), STORE_ECONFLICT);
	assert_null(other);
	for (i = 0; i < 7; i++) {
		assert_int_equal(share_open(f->st, a, now + (int64_t)i,
		    &info), STORE_OK);
		/* What the employer's page gets counts this opening. */
		assert_int_equal(json_integer_value(json_object_get(info,
		    "opens")), (int64_t)i + 1);
		json_decref(info);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(share_open(f->st, b, now, &info), STORE_OK);
		json_decref(info);
	}
	assert_int_equal(share_open(f->st, "ABCDEFGHJKMN", now, &info),
	    STORE_ENOTFOUND);
	assert_int_equal(sharecount_pending(sc), 10);
	assert_int_equal(opens(f, a), 7);
	assert_int_equal(last_opened(f, a), now + 6);
	assert_int_equal(sharecount_flush(sc), STORE_OK);
	assert_int_equal(sharecount_pending(sc), 0);
	/* Written once, counted once. */
	assert_int_equal(opens(f, a), 7);
	assert_int_equal(opens(f, b), 3);
	assert_int_equal(share_open(f->st, a, now + 100, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(opens(f, a), 8);
	assert_int_equal(sharecount_flush(sc), STORE_OK);
	assert_int_equal(sharecount_flush(sc), STORE_OK);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	/* No counter now: what is there was written. */
	assert_null(sharecount_of(f->st));
	assert_int_equal(opens(f, a), 8);
	assert_int_equal(last_opened(f, a), now + 100);
	assert_int_equal(opens(f, b), 3);
}

/* Opens code n times, at now, now + 1, ... */
static void
open_n(struct fixture *f, const char *code, int64_t now, int n)
{
	json_t	*info;
	int	 i;

	for (i = 0; i < n; i++) {
		assert_int_equal(share_open(f->st, code, now + i, &info),
		    STORE_OK);
		json_decref(info);
	}
}

/* Gives back the lock on *arg a moment later. */
static void *
unlock_later(void *arg)
{
	usleep(300 * 1000);
	flock(*(int *)arg, LOCK_UN);
	return NULL;
}

/*
 * Another process holding the writer's lock: a flush fails, keeps every
 * opening pending in order (older ones first) and still shows them; the
 * next flush writes them all; stopping waits for the lock to write what
 * is left.
 */
static void
test_count_busy(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc;
	char			 a[SHARE_CODE_LEN + 1], path[128];
	int64_t			 now = (int64_t)time(NULL);
	json_t			*info;
	pthread_t		 th;
	int			 fd;

	reopen_shared(f);
	add(f, 7, now + 10 * DAY, a);
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	open_n(f, a, now, 5);
	snprintf(path, sizeof(path), "%s/sogoc.lock", f->dir);
	fd = open(path, O_RDWR | O_CLOEXEC);
	assert_true(fd != -1);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(sharecount_flush(sc), STORE_EBUSY);
	assert_int_equal(sharecount_pending(sc), 5);
	assert_int_equal(share_open(f->st, a, now + 10, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(opens(f, a), 6);
	assert_int_equal(last_opened(f, a), now + 10);
	assert_int_equal(flock(fd, LOCK_UN), 0);
	assert_int_equal(sharecount_flush(sc), STORE_OK);
	assert_int_equal(opens(f, a), 6);
	assert_int_equal(last_opened(f, a), now + 10);
	/* Stopping while the lock is taken, then given back within the
	 * wait: the last openings are written, none lost. */
	assert_int_equal(share_open(f->st, a, now + 15, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(pthread_create(&th, NULL, unlock_later, &fd), 0);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	pthread_join(th, NULL);
	assert_int_equal(opens(f, a), 7);
	/* Past the wait, the openings left are lost, and it says so. */
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	assert_int_equal(share_open(f->st, a, now + 20, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	setenv("SOGOC_LOCK_WAIT", "0", 1);
	assert_int_equal(sharecount_stop(sc), STORE_EBUSY);
	unsetenv("SOGOC_LOCK_WAIT");
	close(fd);
	assert_int_equal(opens(f, a), 7);
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	assert_int_equal(share_open(f->st, a, now + 30, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	assert_int_equal(opens(f, a), 8);
}

/*
 * Each write step of a flush failing once (store.h's fault hook): the
 * flush reports it, keeps every opening pending and shows it, and the
 * next flush writes them all, once.
 */
#ifdef SOGOC_FAULT_INJECTION
static void
test_count_faults(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc;
	char			 a[SHARE_CODE_LEN + 1], b[SHARE_CODE_LEN + 1];
	int64_t			 now = (int64_t)time(NULL), want = 0;
	json_t			*info;
	long			 steps, k;

	reopen_shared(f);
	add(f, 7, now + 10 * DAY, a);
	add(f, 8, now + 10 * DAY, b);
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	/* The steps of a flush of two codes. */
	assert_int_equal(share_open(f->st, a, now, &info), STORE_OK);
	json_decref(info);
	assert_int_equal(share_open(f->st, b, now, &info), STORE_OK);
	json_decref(info);
	want = 1;
	store_fault_set(0);
	assert_int_equal(sharecount_flush(sc), STORE_OK);
	steps = store_fault_steps();
	assert_true(steps >= 5);	/* lock, begin, 2 puts, commit */
	for (k = 1; k <= steps; k++) {
		assert_int_equal(share_open(f->st, a, now + k, &info),
		    STORE_OK);
		json_decref(info);
		assert_int_equal(share_open(f->st, b, now + k, &info),
		    STORE_OK);
		json_decref(info);
		want++;
		store_fault_set(k);
		assert_int_equal(sharecount_flush(sc), STORE_EIO);
		assert_non_null(strstr(store_errmsg(f->st), "injected fault"));
		assert_int_equal(sharecount_pending(sc), 2);
		assert_int_equal(opens(f, a), want);
		assert_int_equal(last_opened(f, b), now + k);
		store_fault_set(0);
		assert_int_equal(sharecount_flush(sc), STORE_OK);
		assert_int_equal(sharecount_pending(sc), 0);
		assert_int_equal(opens(f, a), want);
		assert_int_equal(opens(f, b), want);
	}
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	assert_int_equal(opens(f, a), want);
	assert_int_equal(opens(f, b), want);
}

#define SLOW_COMMIT_MS	800	/* how long the flush's commit takes */
#define VIEW_MAX_MS	200	/* a view taking longer waited for it */

static int64_t
ms_since(const struct timespec *t0)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	    (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * A commit slowed down: 1 once a flush is in its commit step, 2 once
 * the commit is done (readers see it) and the flush not yet on.
 */
struct slow {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 phase;
};

/*
 * store.h's trace function: the commit step sleeps, as a slow fsync
 * would, and so does the moment after it, before the flush goes on.
 */
static void
slow_commit(long n, const char *what, void *arg)
{
	struct slow	*s = arg;
	int		 phase;

	(void)n;
	if (strcmp(what, "commit") == 0)
		phase = 1;
	else if (strcmp(what, "committed") == 0)
		phase = 2;
	else
		return;
	pthread_mutex_lock(&s->mu);
	s->phase = phase;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	usleep(SLOW_COMMIT_MS * 1000);
}

static void
slow_wait(struct slow *s, int phase)
{
	pthread_mutex_lock(&s->mu);
	while (s->phase < phase)
		pthread_cond_wait(&s->cv, &s->mu);
	pthread_mutex_unlock(&s->mu);
}

/* Opens code at now and reads its status page, each within VIEW_MAX_MS. */
static void
view_quickly(struct fixture *f, const char *code, int64_t now,
    int64_t want)
{
	struct timespec	 t0;
	json_t		*info;
	int64_t		 ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(share_open(f->st, code, now, &info), STORE_OK);
	json_decref(info);
	ms = ms_since(&t0);
	print_message("# a view during a %d ms commit took %lld ms\n",
	    SLOW_COMMIT_MS, (long long)ms);
	assert_true(ms < VIEW_MAX_MS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(opens(f, code), want);
	assert_true(ms_since(&t0) < VIEW_MAX_MS);
	assert_int_equal(last_opened(f, code), now);
}

static void *
flush_thread(void *arg)
{
	return (void *)(intptr_t)sharecount_flush(arg);
}

/*
 * A flush whose commit is slow (a slow disk's fsync): views and the
 * status page go on meanwhile, at once, and count every opening exactly
 * once whether read before the commit, once readers see it but before
 * the flush marks it written, or after.
 */
static void
test_count_slow_commit(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc;
	struct slow		 s;
	char			 a[SHARE_CODE_LEN + 1];
	int64_t			 now = (int64_t)time(NULL);
	pthread_t		 th;
	void			*rc;
	int			 i;

	reopen_shared(f);
	add(f, 7, now + 10 * DAY, a);
	assert_int_equal(sharecount_start(f->st, 0, &sc), STORE_OK);
	open_n(f, a, now, 3);
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	s.phase = 0;
	store_fault_set(0);
	store_fault_trace(slow_commit, &s);
	assert_int_equal(pthread_create(&th, NULL, flush_thread, sc), 0);
	/* The batch of 3 is being committed: not in the snapshot yet. */
	slow_wait(&s, 1);
	view_quickly(f, a, now + 10, 4);
	/* Committed, in the snapshot, not yet marked written. */
	slow_wait(&s, 2);
	view_quickly(f, a, now + 20, 5);
	/* Read again and again while the flush marks it. */
	for (i = 0; i < 100000 && pthread_tryjoin_np(th, &rc) != 0; i++)
		assert_int_equal(opens(f, a), 5);
	if (i == 100000)
		pthread_join(th, &rc);
	store_fault_trace(NULL, NULL);
	assert_int_equal((int)(intptr_t)rc, STORE_OK);
	assert_int_equal(sharecount_pending(sc), 2);
	assert_int_equal(opens(f, a), 5);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	assert_int_equal(opens(f, a), 5);
	assert_int_equal(last_opened(f, a), now + 20);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
}

/*
 * The command line holding the writer's lock while more than half of
 * SHARECOUNT_MAX codes are pending: the first urgent flush fails, and
 * the views after it do not start another one each (one attempt takes
 * the lock step once) but wait for the next round.
 */
static void
test_count_backoff(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc;
	struct timespec		 t0;
	char			 code[SHARE_CODE_LEN + 2], path[128];
	long			 tries;
	int			 fd, i;

	reopen_shared(f);
	snprintf(path, sizeof(path), "%s/sogoc.lock", f->dir);
	fd = open(path, O_RDWR | O_CLOEXEC);
	assert_true(fd != -1);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(sharecount_start(f->st, 60 * 1000, &sc), STORE_OK);
	store_fault_set(0);
	/* Codes nobody has: only their number matters here. */
	for (i = 0; i <= SHARECOUNT_MAX / 2; i++) {
		snprintf(code, sizeof(code), "A%011d", i);
		assert_int_equal(sharecount_note(sc, code, 1), STORE_OK);
	}
	/* The urgent flush, failing. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (store_fault_steps() == 0 && ms_since(&t0) < 5000)
		usleep(1000);
	assert_int_equal(store_fault_steps(), 1);
	/* 300 views, 1 ms apart: time for 300 more flushes. */
	for (i = 0; i < 300; i++) {
		snprintf(code, sizeof(code), "B%011d", i);
		assert_int_equal(sharecount_note(sc, code, 1), STORE_OK);
		usleep(1000);
	}
	tries = store_fault_steps();
	print_message("# %ld flushes for 300 views while the lock was "
	    "taken\n", tries);
	assert_true(tries <= 2);
	assert_int_equal(sharecount_pending(sc), SHARECOUNT_MAX / 2 + 301);
	/* The lock given back, stopping writes them all. */
	assert_int_equal(flock(fd, LOCK_UN), 0);
	close(fd);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
}
#endif /* SOGOC_FAULT_INJECTION */

#define OPENERS		4
#define OPENS_EACH	300

struct opener {
	struct fixture	*f;
	const char	*code;
};

static void *
opener(void *arg)
{
	struct opener	*o = arg;
	json_t		*info;
	int		 i;

	for (i = 0; i < OPENS_EACH; i++) {
		if (share_open(o->f->st, o->code, (int64_t)time(NULL),
		    &info) == STORE_OK)
			json_decref(info);
	}
	return NULL;
}

/*
 * Threads open a code while the counter's own thread flushes every
 * millisecond and another reads: the count never goes down nor past the
 * total (no opening counted twice while a batch commits), and after
 * stopping it is exactly the total.
 */
static void
test_count_threads(void **state)
{
	struct fixture		*f = *state;
	struct sharecount	*sc;
	struct opener		 o;
	char			 a[SHARE_CODE_LEN + 1];
	pthread_t		 th[OPENERS];
	int64_t			 n, last = 0;
	int			 i;

	reopen_shared(f);
	add(f, 7, (int64_t)time(NULL) + 10 * DAY, a);
	assert_int_equal(sharecount_start(f->st, 1, &sc), STORE_OK);
	o.f = f;
	o.code = a;
	for (i = 0; i < OPENERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, opener, &o), 0);
	for (i = 0; i < 2000; i++) {
		n = opens(f, a);
		assert_true(n >= last);
		assert_true(n <= OPENERS * OPENS_EACH);
		last = n;
	}
	for (i = 0; i < OPENERS; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(opens(f, a), OPENERS * OPENS_EACH);
	assert_int_equal(sharecount_stop(sc), STORE_OK);
	assert_int_equal(opens(f, a), OPENERS * OPENS_EACH);
}

static void
test_withdraw(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1], other[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);
	json_t		*info;

	add(f, 7, now + 30 * DAY, code);
	add(f, 8, now + 30 * DAY, other);
	assert_string_not_equal(code, other);
	/* Only the request's own codes. */
	assert_int_equal(share_update(f->st, other, 7, 0, 1, now),
	    STORE_ENOTFOUND);
	assert_int_equal(share_update(f->st, code, 0, 0, 1, now),
	    STORE_ENOTFOUND);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now), STORE_OK);
	assert_int_equal(share_open(f->st, code, now + 1, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 1), SHARE_WITHDRAWN);
	assert_int_equal(json_integer_value(json_object_get(info,
	    "withdrawn")), now);
	json_decref(info);
	/* For good: neither extended nor withdrawn again. */
	assert_int_equal(share_update(f->st, code, 7, now + 40 * DAY, 0,
	    now + 2), STORE_ECONFLICT);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now + 2),
	    STORE_ECONFLICT);
	/* The other request's code is untouched. */
	assert_int_equal(share_open(f->st, other, now + 3, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 3), SHARE_OPEN);
	json_decref(info);
}

static void
test_forever(void **state)
{
	struct fixture	*f = *state;
	char		 code[SHARE_CODE_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);
	json_t		*info;

	/* The code printed on a copy: it checks the copy for good. */
	add(f, 7, SHARE_FOREVER, code);
	assert_int_equal(share_open(f->st, code, now + 20 * 366 * DAY,
	    &info), STORE_OK);
	assert_int_equal(share_state(info, now + 20 * 366 * DAY), SHARE_OPEN);
	json_decref(info);
	assert_int_equal(share_update(f->st, code, 7, now + 30 * DAY, 0, now),
	    STORE_ECONFLICT);
	assert_int_equal(share_update(f->st, code, 7, 0, 1, now),
	    STORE_ECONFLICT);
	assert_int_equal(share_get(f->st, code, &info), STORE_OK);
	assert_int_equal(share_state(info, now + 1), SHARE_OPEN);
	json_decref(info);
}

static void
test_unknown(void **state)
{
	struct fixture	*f = *state;
	json_t		*info = NULL;

	assert_int_equal(share_get(f->st, "ABCDEFGHJKMN", &info),
	    STORE_ENOTFOUND);
	assert_null(info);
	assert_int_equal(share_open(f->st, "ABCDEFGHJKMN", 1, &info),
	    STORE_ENOTFOUND);
	assert_null(info);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_end_of_day),
		cmocka_unit_test_setup_teardown(test_open_and_expire, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_withdraw, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_forever, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_batched, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_busy, setup,
		    teardown),
#ifdef SOGOC_FAULT_INJECTION
		cmocka_unit_test_setup_teardown(test_count_faults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_count_slow_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_count_backoff, setup,
		    teardown),
#endif
		cmocka_unit_test_setup_teardown(test_count_threads, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
