/*
 * test_store.c: the store's accessors (store.h) on a real registry in a
 * temporary directory: get, put and delete, walks over ranges and
 * prefixes (early stops, an error from the callback, an empty database),
 * a database a module declares and an older registry lacks, another kind
 * of store (store_open_env()) kept apart from a registry, a write's
 * own read view, how long a value stays valid, a second writer, and, in
 * builds with fault injection, a fault at each write step leaving the
 * store as it was; the commit hook (store_on_commit()).
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "store.h"

/* Databases of a module of the test's own, as copy/ and staff/ have. */
static const struct store_db test_dbs[] = {
	{ "t_main", 0 },
	{ "t_later", STORE_DB_LATER },
	{ NULL, 0 },
};
#define T_MAIN	(&test_dbs[0])
#define T_LATER	(&test_dbs[1])

static const struct store_db *const tmpstore_dbs[] = { test_dbs, NULL };
#define TMPSTORE_DBS	tmpstore_dbs
#include "tmpstore.h"
#include "upgrade.h"

/* Puts each of keys (NUL-terminated) with its key as value, committed. */
static void
fill(struct fixture *f, const struct store_db *db, const char *const *keys)
{
	struct store_txn	*t;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	for (; *keys != NULL; keys++)
		assert_int_equal(store_put(t, db, *keys, strlen(*keys), *keys,
		    strlen(*keys), 0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

enum op { PUT, PUT_NEW, APPEND, GET, DEL };

/* One step of test_get_put_del: the op, its key and value, the result. */
struct step {
	enum op		 op;
	const char	*key;
	size_t		 klen;		/* 0: strlen(key) */
	const char	*val;		/* PUT: stored; GET: expected */
	int		 rc;
};

static const struct step steps[] = {
	{ GET, "a", 0, NULL, STORE_ENOTFOUND },
	{ PUT, "a", 0, "1", STORE_OK },
	{ GET, "a", 0, "1", STORE_OK },
	{ PUT, "a", 0, "22", STORE_OK },		/* replaces */
	{ GET, "a", 0, "22", STORE_OK },
	{ PUT_NEW, "a", 0, "3", STORE_EEXIST },	/* keeps the old */
	{ GET, "a", 0, "22", STORE_OK },
	{ PUT_NEW, "b", 0, "4", STORE_OK },
	{ APPEND, "c", 0, "5", STORE_OK },
	{ APPEND, "bb", 0, "6", STORE_EEXIST },	/* sorts before "c" */
	{ GET, "bb", 0, NULL, STORE_ENOTFOUND },
	{ PUT, "", 0, "7", STORE_EINPUT },		/* no empty keys */
	{ GET, "", 0, NULL, STORE_ENOTFOUND },
	{ PUT, "k", 512, "8", STORE_EINPUT },		/* nor long ones */
	{ GET, "k", 512, NULL, STORE_ENOTFOUND },
	{ PUT, "x\0y", 3, "", STORE_OK },		/* any bytes, empty */
	{ GET, "x\0y", 3, "", STORE_OK },
	{ GET, "x", 0, NULL, STORE_ENOTFOUND },
	{ DEL, "a", 0, NULL, STORE_OK },
	{ DEL, "a", 0, NULL, STORE_ENOTFOUND },
	{ GET, "a", 0, NULL, STORE_ENOTFOUND },
	{ DEL, "zz", 0, NULL, STORE_ENOTFOUND },
};

static void
test_get_put_del(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	*t;
	struct store_val	 v, old;
	char			 big[512];
	const struct step	*s;
	const char		*key;
	size_t			 i, kl, n;
	int			 rc = STORE_OK;

	memset(big, 'k', sizeof(big));
	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		s = &steps[i];
		key = s->klen > sizeof("x\0y") ? big : s->key;
		kl = s->klen ? s->klen : strlen(s->key);
		switch (s->op) {
		case PUT:
		case PUT_NEW:
		case APPEND:
			old.data = NULL;
			rc = store_put(t, T_MAIN, key, kl, s->val,
			    strlen(s->val), s->op == PUT ? 0 : s->op ==
			    PUT_NEW ? STORE_NOOVERWRITE : STORE_APPEND, &old);
			if (s->op == PUT_NEW && rc == STORE_EEXIST) {
				assert_non_null(old.data);
				assert_int_equal(old.len, 2);
			}
			break;
		case GET:
			rc = store_get(store_txn_rd(t), T_MAIN, key, kl, &v);
			if (rc == STORE_OK) {
				assert_int_equal(v.len, strlen(s->val));
				assert_memory_equal(v.data, s->val, v.len);
			}
			break;
		case DEL:
			rc = store_del(t, T_MAIN, key, kl);
			break;
		}
		if (rc != s->rc)
			fail_msg("step %zu: %d, not %d (%s)", i, rc, s->rc,
			    store_errmsg(f->st));
	}
	assert_int_equal(store_count(store_txn_rd(t), T_MAIN, &n), STORE_OK);
	assert_int_equal(n, 3);		/* b, c, x\0y */
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

/* What a walk saw, and where its callback stops or fails. */
struct walk {
	char	 seen[64];	/* the keys, each followed by ',' */
	int	 calls;
	int	 stop_at;	/* return STORE_STOP at this call, from 1 */
	int	 fail_at;	/* return STORE_ECORRUPT at this call */
};

static int
walk_fn(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct walk	*w = arg;
	size_t		 l = strlen(w->seen);

	assert_int_equal(k->len, v->len);	/* fill() stores the key */
	assert_memory_equal(k->data, v->data, k->len);
	assert_true(l + k->len + 1 < sizeof(w->seen));
	memcpy(w->seen + l, k->data, k->len);
	w->seen[l + k->len] = ',';
	w->seen[l + k->len + 1] = '\0';
	w->calls++;
	if (w->calls == w->fail_at)
		return STORE_ECORRUPT;
	return w->calls == w->stop_at ? STORE_STOP : STORE_OK;
}

/* One walk of test_each: from, prefix, stops, and what it must see. */
struct walk_case {
	const char	*from;		/* NULL: from the first */
	size_t		 prefixlen;
	int		 rev;
	int		 stop_at, fail_at;
	const char	*want;
	int		 rc;
};

static const struct walk_case walks[] = {
	{ NULL, 0, 0, 0, 0, "a,ab,abc,b,ba,c,", STORE_OK },
	{ NULL, 0, 1, 0, 0, "c,ba,b,abc,ab,a,", STORE_OK },
	{ "ab", 0, 0, 0, 0, "ab,abc,b,ba,c,", STORE_OK },
	{ "aa", 0, 0, 0, 0, "ab,abc,b,ba,c,", STORE_OK },	/* range */
	{ "a", 1, 0, 0, 0, "a,ab,abc,", STORE_OK },		/* prefix */
	{ "ab", 2, 0, 0, 0, "ab,abc,", STORE_OK },
	{ "b", 1, 0, 0, 0, "b,ba,", STORE_OK },
	{ "bb", 1, 0, 0, 0, "", STORE_OK },		/* prefix, none */
	{ "d", 0, 0, 0, 0, "", STORE_OK },		/* past the end */
	{ "abc", 3, 0, 0, 0, "abc,", STORE_OK },	/* one key */
	{ NULL, 0, 0, 2, 0, "a,ab,", STORE_OK },		/* early stop */
	{ "b", 1, 0, 1, 0, "b,", STORE_OK },
	{ NULL, 0, 1, 1, 0, "c,", STORE_OK },
	{ NULL, 0, 0, 0, 3, "a,ab,abc,", STORE_ECORRUPT },	/* error */
	{ "a", 1, 0, 0, 1, "a,", STORE_ECORRUPT },
	{ NULL, 0, 1, 0, 2, "c,ba,", STORE_ECORRUPT },
	{ "a", 2, 0, 0, 0, "", STORE_EINPUT },	/* prefix > from */
};

static void
test_each(void **state)
{
	static const char *const keys[] = {
		"c", "a", "ba", "abc", "b", "ab", NULL
	};
	struct fixture		*f = *state;
	struct store_rd		*rd;
	struct walk		 w;
	const struct walk_case	*c;
	size_t			 i, n;
	int			 rc;

	fill(f, T_MAIN, keys);
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	for (i = 0; i < sizeof(walks) / sizeof(walks[0]); i++) {
		c = &walks[i];
		memset(&w, 0, sizeof(w));
		w.stop_at = c->stop_at;
		w.fail_at = c->fail_at;
		rc = c->rev ? store_each_rev(rd, T_MAIN, walk_fn, &w) :
		    store_each(rd, T_MAIN, c->from, c->from ?
		    strlen(c->from) : 0, c->prefixlen, walk_fn, &w);
		if (rc != c->rc || strcmp(w.seen, c->want) != 0)
			fail_msg("walk %zu: %d \"%s\", not %d \"%s\"", i, rc,
			    w.seen, c->rc, c->want);
	}
	/* An empty database: no call, no error, nothing first or last. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(store_each(rd, T_LATER, NULL, 0, 0, walk_fn, &w),
	    STORE_OK);
	assert_int_equal(store_each_rev(rd, T_LATER, walk_fn, &w), STORE_OK);
	assert_int_equal(w.calls, 0);
	assert_int_equal(store_first(rd, T_LATER, NULL, NULL),
	    STORE_ENOTFOUND);
	assert_int_equal(store_last(rd, T_LATER, NULL, NULL),
	    STORE_ENOTFOUND);
	assert_int_equal(store_count(rd, T_LATER, &n), STORE_OK);
	assert_int_equal(n, 0);
	store_rd_end(rd);
}

static void
test_first_last_count(void **state)
{
	static const char *const keys[] = { "m", "b", "y", NULL };
	struct fixture		*f = *state;
	struct store_rd		*rd;
	struct store_val	 k, v;
	size_t			 n;

	fill(f, T_MAIN, keys);
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_first(rd, T_MAIN, &k, &v), STORE_OK);
	assert_int_equal(k.len, 1);
	assert_memory_equal(k.data, "b", 1);
	assert_int_equal(store_last(rd, T_MAIN, &k, NULL), STORE_OK);
	assert_memory_equal(k.data, "y", 1);
	assert_int_equal(store_count(rd, T_MAIN, &n), STORE_OK);
	assert_int_equal(n, 3);
	store_rd_end(rd);
}

/*
 * A registry no writer with test_dbs opened: a reader finds the later
 * database absent (empty, and store_has_db() says so), refuses to open
 * without a database that is not later, and a database never given to
 * store_open() is an error, not an empty one.
 */
static void
test_absent(void **state)
{
	static const struct store_db other[] = { { "t_other", 0 },
						 { NULL, 0 } };
	static const struct store_db *const need[] = { other, NULL };
	static const struct store_db *const later[] = { test_dbs + 1, NULL };
	struct fixture		*f = *state;
	struct store		*st;
	struct store_rd		*rd;
	struct store_val	 v;
	struct walk		 w;
	char			 dir[sizeof(f->dir) + 8], err[512];
	size_t			 n;

	snprintf(dir, sizeof(dir), "%s/old", f->dir);
	assert_int_equal(store_open(dir, STORE_CREATE, (size_t)16 << 20, NULL,
	    &st, err, sizeof(err)), STORE_OK);
	store_close(st);
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, need, &st, err,
	    sizeof(err)), STORE_ENOTFOUND);
	assert_null(st);
	assert_non_null(strstr(err, "t_other"));
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, later, &st, err,
	    sizeof(err)), STORE_OK);
	assert_false(store_has_db(st, T_LATER));
	assert_false(store_has_db(st, T_MAIN));		/* not opened */
	assert_true(store_has_db(st, DB_EVENTS));
	assert_int_equal(store_rd_begin(st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, T_LATER, "a", 1, &v), STORE_ENOTFOUND);
	memset(&w, 0, sizeof(w));
	assert_int_equal(store_each(rd, T_LATER, NULL, 0, 0, walk_fn, &w),
	    STORE_OK);
	assert_int_equal(w.calls, 0);
	assert_int_equal(store_count(rd, T_LATER, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_get(rd, T_MAIN, "a", 1, &v), STORE_EINPUT);
	assert_non_null(strstr(store_errmsg(st), "t_main"));
	assert_int_equal(store_each(rd, T_MAIN, NULL, 0, 0, walk_fn, &w),
	    STORE_EINPUT);
	store_rd_end(rd);
	store_close(st);
	/* A writer creates it; a reader then finds it. */
	assert_int_equal(store_open(dir, 0, 0, later, &st, err, sizeof(err)),
	    STORE_OK);
	store_close(st);
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, later, &st, err,
	    sizeof(err)), STORE_OK);
	assert_true(store_has_db(st, T_LATER));
	store_close(st);
}

/* Sets dir's meta "format" to fmt, with a writer that may open anything. */
static void
set_format(const char *dir, const char *fmt)
{
	struct store		*st;
	struct store_txn	*t;
	char			 err[512];

	assert_int_equal(store_open(dir, STORE_UPGRADE, 0, NULL, &st, err,
	    sizeof(err)), STORE_OK);
	assert_int_equal(store_wr_begin(st, &t), STORE_OK);
	assert_int_equal(store_put(t, DB_META, "format", 6, fmt, strlen(fmt),
	    0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	store_close(st);
}

/*
 * The format version: a new registry is STORE_VERSION; an older one opens
 * to read, is refused to write (saying to upgrade), opens with
 * STORE_UPGRADE and upgrade_registry() brings it to STORE_VERSION, once;
 * a newer one is refused to everyone; a malformed version is not a
 * registry.
 */
static void
test_version(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 dir[sizeof(f->dir) + 8], err[512];
	int		 from;

	snprintf(dir, sizeof(dir), "%s/ver", f->dir);
	assert_int_equal(store_open(dir, STORE_CREATE, (size_t)16 << 20, NULL,
	    &st, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_version(st), STORE_VERSION);
	store_close(st);
	set_format(dir, "sogoc-registry/1");
	assert_int_equal(store_open(dir, 0, 0, NULL, &st, err, sizeof(err)),
	    STORE_EVERSION);
	assert_null(st);
	assert_non_null(strstr(err, "sogoc upgrade --db"));
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, NULL, &st, err,
	    sizeof(err)), STORE_OK);
	assert_int_equal(store_version(st), 1);
	assert_int_equal(upgrade_registry(st, &from), STORE_EINPUT);
	store_close(st);
	assert_int_equal(store_open(dir, STORE_UPGRADE, 0, NULL, &st, err,
	    sizeof(err)), STORE_OK);
	assert_int_equal(upgrade_registry(st, &from), STORE_OK);
	assert_int_equal(from, 1);
	store_close(st);
	assert_int_equal(store_open(dir, 0, 0, NULL, &st, err, sizeof(err)),
	    STORE_OK);
	assert_int_equal(store_version(st), STORE_VERSION);
	assert_int_equal(upgrade_registry(st, &from), STORE_OK);
	assert_int_equal(from, STORE_VERSION);
	store_close(st);
	set_format(dir, "sogoc-registry/3");
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, NULL, &st, err,
	    sizeof(err)), STORE_EVERSION);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(store_open(dir, STORE_UPGRADE, 0, NULL, &st, err,
	    sizeof(err)), STORE_EVERSION);
	snprintf(dir, sizeof(dir), "%s/ver0", f->dir);
	assert_int_equal(store_open(dir, STORE_CREATE, (size_t)16 << 20, NULL,
	    &st, err, sizeof(err)), STORE_OK);
	store_close(st);
	set_format(dir, "sogoc-registry/02");
	assert_int_equal(store_open(dir, STORE_RDONLY, 0, NULL, &st, err,
	    sizeof(err)), STORE_ECORRUPT);
}

/*
 * Another kind of store (store_open_env()): only meta and its own tables,
 * its own format; neither it nor a registry opens as the other, and the
 * registry's calls refuse it.
 */
static void
test_other_env(void **state)
{
	static const struct store_db *const own[] = { test_dbs, NULL };
	static const struct store_db events[] = { { "events", 0 },
						  { NULL, 0 } };
	static const struct store_db *const reg[] = { events, NULL };
	struct fixture		*f = *state;
	struct store		*st;
	struct store_rd		*rd;
	struct store_txn	*t;
	struct store_val	 v;
	char			 dir[sizeof(f->dir) + 8], err[512], *note;
	uint64_t		 n;

	snprintf(dir, sizeof(dir), "%s/w", f->dir);
	assert_int_equal(store_open_env(dir, STORE_CREATE, (size_t)16 << 20,
	    "sogoc-test/1", own, &st, err, sizeof(err)), STORE_OK);
	assert_true(store_has_db(st, DB_META));
	assert_true(store_has_db(st, T_MAIN));
	assert_false(store_has_db(st, DB_EVENTS));
	assert_int_equal(store_wr_begin(st, &t), STORE_OK);
	assert_int_equal(store_put(t, T_MAIN, "a", 1, "1", 1, 0, NULL),
	    STORE_OK);
	assert_int_equal(store_put(t, DB_CHECKPOINTS, "a", 1, "1", 1, 0,
	    NULL), STORE_EINPUT);
	assert_int_equal(store_check_signer(t, NULL), STORE_EINPUT);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	assert_int_equal(store_rd_begin(st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, T_MAIN, "a", 1, &v), STORE_OK);
	assert_int_equal(store_get(rd, DB_EVENTS, "a", 1, &v), STORE_EINPUT);
	assert_int_equal(store_size(st, rd, &n), STORE_EINPUT);
	assert_non_null(strstr(store_errmsg(st), "not a registry"));
	assert_int_equal(store_checkpoint(st, rd, 0, &note, &n),
	    STORE_EINPUT);
	store_rd_end(rd);
	store_close(st);
	/* Neither opens as the other; a writer leaves no table behind. */
	assert_int_equal(store_open(dir, 0, 0, NULL, &st, err, sizeof(err)),
	    STORE_ECORRUPT);
	assert_non_null(strstr(err, "sogoc-registry/2"));
	assert_int_equal(store_open_env(dir, STORE_RDONLY, 0, "sogoc-test/1",
	    reg, &st, err, sizeof(err)), STORE_ENOTFOUND);
	assert_int_equal(store_open_env(dir, 0, 0, "sogoc-test/2", own, &st,
	    err, sizeof(err)), STORE_ECORRUPT);
	assert_int_equal(store_open_env(f->dir, STORE_RDONLY, 0,
	    "sogoc-test/1", own, &st, err, sizeof(err)), STORE_ECORRUPT);
	assert_int_equal(store_open_env(dir, 0, 0, "sogoc-registry/1", own,
	    &st, err, sizeof(err)), STORE_EINPUT);
	assert_null(st);
	assert_int_equal(store_open_env(dir, STORE_RDONLY, 0, "sogoc-test/1",
	    own, &st, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_rd_begin(st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, T_MAIN, "a", 1, &v), STORE_OK);
	store_rd_end(rd);
	store_close(st);
}

/*
 * A write's own view sees its writes; a view begun before the commit
 * never does, one begun after it does.  A value read stays as it was
 * through other reads and walks until its transaction ends.
 */
static void
test_views(void **state)
{
	static const char *const keys[] = { "k", NULL };
	struct fixture		*f = *state;
	struct store_txn	*t;
	struct store_rd		*before, *after;
	struct store_val	 v, v2;
	struct walk		 w;

	fill(f, T_MAIN, keys);
	assert_int_equal(store_rd_begin(f->st, &before), STORE_OK);
	assert_int_equal(store_get(before, T_MAIN, "k", 1, &v), STORE_OK);
	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_ptr_equal(store_rd_store(store_txn_rd(t)), f->st);
	assert_ptr_equal(store_txn_store(t), f->st);
	assert_int_equal(store_put(t, T_MAIN, "k", 1, "new", 3, 0, NULL),
	    STORE_OK);
	assert_int_equal(store_put(t, T_MAIN, "n", 1, "n", 1, 0, NULL),
	    STORE_OK);
	assert_int_equal(store_get(store_txn_rd(t), T_MAIN, "k", 1, &v2),
	    STORE_OK);
	assert_int_equal(v2.len, 3);
	assert_memory_equal(v2.data, "new", 3);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	/* The old view, its value untouched by the commit and later reads. */
	memset(&w, 0, sizeof(w));
	assert_int_equal(store_each(before, T_MAIN, NULL, 0, 0, walk_fn, &w),
	    STORE_OK);
	assert_string_equal(w.seen, "k,");
	assert_int_equal(store_get(before, T_MAIN, "n", 1, &v2),
	    STORE_ENOTFOUND);
	assert_int_equal(v.len, 1);
	assert_memory_equal(v.data, "k", 1);
	assert_int_equal(store_rd_begin(f->st, &after), STORE_OK);
	assert_true(store_txn_id(after) > store_txn_id(before));
	assert_int_equal(store_get(after, T_MAIN, "k", 1, &v2), STORE_OK);
	assert_memory_equal(v2.data, "new", 3);
	store_rd_end(after);
	store_rd_end(before);
	store_rd_end(NULL);
	store_wr_abort(NULL);
}

/* A writer's view of key "n": the count it has put there, as text. */
static unsigned long
read_n(struct store *st)
{
	struct store_rd		*rd;
	struct store_val	 v;
	char			 b[32];

	assert_int_equal(store_rd_begin(st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, T_MAIN, "n", 1, &v), STORE_OK);
	assert_true(v.len < sizeof(b));
	memcpy(b, v.data, v.len);
	b[v.len] = '\0';
	store_rd_end(rd);
	return strtoul(b, NULL, 10);
}

static void
put_n(struct store *st, unsigned long n)
{
	struct store_txn	*t;
	char			 b[32];

	snprintf(b, sizeof(b), "%lu", n);
	assert_int_equal(store_wr_begin(st, &t), STORE_OK);
	assert_int_equal(store_put(t, T_MAIN, "n", 1, b, strlen(b), 0, NULL),
	    STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

struct reader {
	struct store	*st;
	unsigned long	 last;		/* the writer's last count */
	int		 backwards;	/* a view older than one before */
};

static void *
reader_run(void *arg)
{
	struct reader	*r = arg;
	unsigned long	 seen = 0, n;
	int		 i;

	for (i = 0; i < 2000; i++) {
		n = read_n(r->st);
		if (n < seen)
			r->backwards = 1;
		seen = n;
	}
	return NULL;
}

/*
 * Ended read views are kept and renewed (store.c's pool): a view begun
 * after a commit sees it, whether it is new or renewed, and views renewed
 * by several threads while a writer commits never go back in time.
 */
static void
test_kept_views(void **state)
{
	struct fixture	*f = *state;
	struct reader	 r[3];
	pthread_t	 th[3];
	unsigned long	 n;
	int		 i;

	for (n = 1; n <= 100; n++) {
		put_n(f->st, n);
		assert_int_equal(read_n(f->st), n);
	}
	for (i = 0; i < 3; i++) {
		r[i].st = f->st;
		r[i].backwards = 0;
		assert_int_equal(pthread_create(&th[i], NULL, reader_run,
		    &r[i]), 0);
	}
	for (; n <= 400; n++)
		put_n(f->st, n);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_false(r[i].backwards);
	}
	assert_int_equal(read_n(f->st), n - 1);
}

/* A second writer: refused at once, never left waiting. */
static void
test_second_writer(void **state)
{
	struct fixture		*f = *state;
	struct store		*a, *b;
	struct store_txn	*t, *t2;
	char			 err[512];

	setenv("SOGOC_LOCK_WAIT", "0", 1);
	/* The fixture's store is a writer: another process's writer waits
	 * for its lock, here 0 s. */
	assert_int_equal(store_open(f->dir, 0, 0, tmpstore_dbs, &b, err,
	    sizeof(err)), STORE_EBUSY);
	assert_null(b);
	assert_non_null(strstr(err, "another sogoc process"));
	store_close(f->st);
	f->st = NULL;
	/* Shared writers take the lock for each write only. */
	assert_int_equal(store_open(f->dir, STORE_SHARED, 0, tmpstore_dbs, &a,
	    err, sizeof(err)), STORE_OK);
	assert_int_equal(store_open(f->dir, STORE_SHARED, 0, tmpstore_dbs, &b,
	    err, sizeof(err)), STORE_OK);
	assert_int_equal(store_wr_begin(a, &t), STORE_OK);
	assert_int_equal(store_wr_begin(b, &t2), STORE_EBUSY);
	assert_null(t2);
	assert_int_equal(store_put(t, T_MAIN, "a", 1, "1", 1, 0, NULL),
	    STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	assert_int_equal(store_wr_begin(b, &t2), STORE_OK);
	store_wr_abort(t2);
	store_close(b);
	f->st = a;
	/* Nor may a reader write. */
	assert_int_equal(store_open(f->dir, STORE_RDONLY, 0, tmpstore_dbs, &b,
	    err, sizeof(err)), STORE_OK);
	assert_int_equal(store_wr_begin(b, &t2), STORE_EINPUT);
	store_close(b);
	unsetenv("SOGOC_LOCK_WAIT");
}

/* Reads "k" through st: its value must be "released". */
static void
read_back(struct store *st)
{
	struct store_rd		*rd;
	struct store_val	 v;

	assert_int_equal(store_rd_begin(st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, T_MAIN, "k", 1, &v), STORE_OK);
	assert_int_equal(v.len, 8);
	assert_memory_equal(v.data, "released", 8);
	store_rd_end(rd);
}

/*
 * store_release_cache() drops pages, never data, and only from the map
 * of the store it is given: with other stores of the same file opened and
 * closed around it (one of them at an address a closed one had), it
 * still succeeds and what it reads is intact.
 */
static void
test_release_cache(void **state)
{
	struct fixture		*f = *state;
	struct store_txn	*t;
	struct store		*r[4];
	char			 err[256];
	int			 i;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(store_put(t, T_MAIN, "k", 1, "released", 8, 0,
	    NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	read_back(f->st);
	assert_int_equal(store_release_cache(f->st), STORE_OK);
	read_back(f->st);
	/*
	 * Stores of the same file opened and closed around r[3]: it must
	 * release its own map, whichever addresses the kernel gives them.
	 */
	for (i = 0; i < 3; i++)
		assert_int_equal(store_open(f->dir, STORE_RDONLY, 0,
		    tmpstore_dbs, &r[i], err, sizeof(err)), STORE_OK);
	store_close(r[1]);
	assert_int_equal(store_open(f->dir, STORE_RDONLY, 0, tmpstore_dbs,
	    &r[3], err, sizeof(err)), STORE_OK);
	store_close(r[2]);
	for (i = 0; i < 3; i++) {
		assert_int_equal(store_release_cache(r[3]), STORE_OK);
		read_back(r[3]);
		assert_int_equal(store_release_cache(f->st), STORE_OK);
		read_back(f->st);
	}
	store_close(r[0]);
	store_close(r[3]);
}

/* What the commit hook of test_commit_hook saw. */
struct hook_seen {
	int		 calls;
	uint64_t	 old, size, stored;	/* stored: size it read */
	int		 leaves_ok;		/* store_hook_leaf() right */
	int		 rc;			/* what it returns */
};

/*
 * Whether store_hook_leaf() gives, for each leaf old .. size - 1 the
 * commit appended, the bytes event_leaf() makes of the stored event, and
 * nothing for the leaves around them.
 */
static int
leaves_match(struct store *st, struct store_rd *rd, uint64_t old,
    uint64_t size)
{
	struct event	 ev;
	const void	*p;
	char		*leaf;
	size_t		 len, leaflen;
	uint64_t	 i;
	int		 same;

	if ((old > 0 && store_hook_leaf(st, old - 1, &p, &len) !=
	    STORE_ENOTFOUND) ||
	    store_hook_leaf(st, size, &p, &len) != STORE_ENOTFOUND)
		return 0;
	for (i = old; i < size; i++) {
		if (store_hook_leaf(st, i, &p, &len) != STORE_OK ||
		    store_event(st, rd, i, &ev) != STORE_OK)
			return 0;
		if (event_leaf(&ev, &leaf, &leaflen) != EVENT_OK) {
			event_clear(&ev);
			return 0;
		}
		same = len == leaflen && memcmp(p, leaf, len) == 0;
		free(leaf);
		event_clear(&ev);
		if (!same)
			return 0;
	}
	return 1;
}

static int
hook(struct store *st, uint64_t old, uint64_t size, void *arg)
{
	struct hook_seen	*h = arg;
	struct store_rd		*rd;

	h->calls++;
	h->old = old;
	h->size = size;
	/* The commit is visible to a reader by now. */
	h->stored = UINT64_MAX;
	if (store_rd_begin(st, &rd) == STORE_OK &&
	    store_size(st, rd, &h->stored) != STORE_OK)
		h->stored = UINT64_MAX;
	h->leaves_ok = leaves_match(st, rd, old, size);
	store_rd_end(rd);
	return h->rc;
}

/* Appends n issue events of new records from first, committed. */
static void
append_n(struct fixture *f, const struct note_signer *signer,
    uint64_t first, int n)
{
	struct store_txn	*t;
	struct event		 ev;
	uint64_t		 idx;
	int			 i;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	for (i = 0; i < n; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVENT_ISSUE;
		ev.record = first + (uint64_t)i;
		ev.time = 1763942400;
		assert_int_equal(store_append(t, &ev, &idx), STORE_OK);
	}
	assert_int_equal(store_wr_commit(t, signer), STORE_OK);
}

/*
 * store_on_commit(): called once per commit that appended, with the old
 * and new sizes, after the commit is visible; not for a commit of no
 * events; its failure leaves the commit in place and is counted.
 */
static void
test_commit_hook(void **state)
{
	struct fixture		*f = *state;
	struct note_signer	*signer;
	struct hook_seen	 h = { 0 };
	struct store_rd		*rd;
	const void		*p;
	size_t			 len;
	char			*skey, *vkey;
	uint64_t		 size;

	assert_int_equal(note_keygen("example.org/hook", &skey, &vkey),
	    NOTE_OK);
	assert_int_equal(note_signer_new(skey, &signer), NOTE_OK);
	store_on_commit(f->st, hook, &h);
	append_n(f, signer, 1, 3);
	assert_int_equal(h.calls, 1);
	assert_int_equal(h.old, 0);
	assert_int_equal(h.size, 3);
	assert_int_equal(h.stored, 3);
	assert_true(h.leaves_ok);
	assert_int_equal(store_hook_leaf(f->st, 0, &p, &len),
	    STORE_ENOTFOUND);			/* only inside the hook */
	fill(f, T_MAIN, (const char *const[]){ "k", NULL });
	assert_int_equal(h.calls, 1);		/* no events: no call */
	h.rc = -1;
	append_n(f, signer, 4, 2);
	assert_int_equal(h.calls, 2);
	assert_int_equal(h.old, 3);
	assert_int_equal(h.size, 5);
	assert_true(h.leaves_ok);
	assert_int_equal(store_commit_hook_failures(f->st), 1);
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_size(f->st, rd, &size), STORE_OK);
	store_rd_end(rd);
	assert_int_equal(size, 5);		/* the commit stands */
	store_on_commit(f->st, NULL, NULL);
	append_n(f, signer, 6, 1);
	assert_int_equal(h.calls, 2);
	note_signer_free(signer);
	free(skey);
	free(vkey);
}

#ifdef SOGOC_FAULT_INJECTION
/* The whole of T_MAIN as "key=value;" text, to compare states. */
static void
dump(struct fixture *f, char *out, size_t sz)
{
	struct store_rd	*rd;
	struct walk	 w;

	memset(&w, 0, sizeof(w));
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_each(rd, T_MAIN, NULL, 0, 0, walk_fn, &w),
	    STORE_OK);
	store_rd_end(rd);
	assert_true(strlen(w.seen) < sz);
	snprintf(out, sz, "%s", w.seen);
}

/* One transaction of several writes: begin, puts, a delete, commit. */
static int
several(struct fixture *f)
{
	struct store_txn	*t;
	int			 rc;

	rc = store_wr_begin(f->st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = store_put(t, T_MAIN, "p", 1, "p", 1, 0, NULL);
	if (rc == STORE_OK)
		rc = store_del(t, T_MAIN, "a", 1);
	if (rc == STORE_OK)
		rc = store_put(t, T_MAIN, "q", 1, "q", 1, STORE_NOOVERWRITE,
		    NULL);
	if (rc == STORE_OK)
		rc = store_put(t, T_MAIN, "z", 1, "z", 1, STORE_APPEND, NULL);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}

/*
 * A fault at each write step of the transaction fails it with the
 * step's message and leaves the store as it was; the run with no fault
 * takes exactly those steps and changes it.
 */
static void
test_faults(void **state)
{
	static const char *const keys[] = { "a", "m", NULL };
	struct fixture	*f = *state;
	char		 before[64], now[64];
	long		 n, k;

	fill(f, T_MAIN, keys);
	dump(f, before, sizeof(before));
	store_fault_set(0);
	for (k = 1; k <= 6; k++) {
		store_fault_set(k);
		assert_int_equal(several(f), STORE_EIO);
		assert_non_null(strstr(store_errmsg(f->st), "injected fault"));
		dump(f, now, sizeof(now));
		if (strcmp(now, before) != 0)
			fail_msg("step %ld changed the store: %s", k, now);
	}
	store_fault_set(0);
	assert_int_equal(several(f), STORE_OK);
	n = store_fault_steps();
	assert_int_equal(n, 6);		/* begin, 4 writes, commit */
	dump(f, now, sizeof(now));
	assert_string_equal(now, "m,p,q,z,");
}
#endif

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_put_del, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_last_count, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_env, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_views, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_release_cache, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_second_writer, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commit_hook, setup,
		    teardown),
#ifdef SOGOC_FAULT_INJECTION
		cmocka_unit_test_setup_teardown(test_faults, setup, teardown),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
