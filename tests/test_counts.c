/*
 * test_counts.c: the staged rows' figures the registry keeps per page
 * (registry/staging_counts.h) against a recount from the rows: after
 * every step of random sequences of imports (JSONL, CSV, pages to key),
 * reviews, decisions, double keying, keying by hand, publishing (also
 * import --publish of a CSV staged before), corrections and revocations,
 * many seeds; after writes that fail at every write step (fault
 * injection, when built in); and in a registry made before the counts
 * (no version entry, a stale page entry), read-only and writable.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "records.h"
#include "staging.h"
#include "staging_counts.h"
#include "tmpstore.h"

/* Made once with note.GenerateKey (Go, x/mod 0.7.0), as test_note.c. */
#define SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"

#define MAXPAGES	32

static struct staging_volume vol = { NULL, "THPT", 1998, NULL, NULL, 0 };
static struct staging_volume vol2 = { NULL, "THPT", 1999, NULL, NULL, 1 };

static const char *const names[] = {
	"Lê Văn Tám", "Phạm Thị Hoa", "Ngô Bảo Châu", "Trần Thị Bích",
};
static const char *const people[] = { "a", "b", "c" };

/* One sequence: its registry, signer, random state and step. */
struct run {
	struct fixture		*f;
	struct note_signer	*signer;
	uint64_t		 rnd;
	unsigned int		 seed, step;
};

static unsigned int
rnd(struct run *r, unsigned int n)
{
	r->rnd ^= r->rnd << 13;
	r->rnd ^= r->rnd >> 7;
	r->rnd ^= r->rnd << 17;
	return (unsigned int)(r->rnd % n);
}

/* Pages handed to a staging_page_fn, kept for comparing. */
struct pages {
	struct staging_page_count	 v[MAXPAGES];
	size_t				 n;
};

static int
keep(void *arg, const struct staging_page_count *pg)
{
	struct pages	*p = arg;

	assert_true(p->n < MAXPAGES);
	p->v[p->n++] = *pg;
	return 0;
}

static const char *const figure[] = {
	"entries", "rows", "published", "held", "unsettled", "flagged",
	"confirmed", "set", "illegible", "accepted", "accepted_changed",
	"to_key", "keyed", "key_rows",
};

/* Which figures were ever above 0: the sequences must reach them all. */
static int	 reached[sizeof(figure) / sizeof(figure[0])];

/* Fails, saying where, unless the kept figures are the recount's. */
static void
check(struct run *r, const char *what)
{
	struct pages	 kept, count;
	const int	*a, *b;
	size_t		 i, j;

	memset(&kept, 0, sizeof(kept));
	memset(&count, 0, sizeof(count));
	assert_int_equal(staging_counts_pages(r->f->st, keep, &kept),
	    STORE_OK);
	assert_int_equal(staging_counts_recount(r->f->st, NULL, keep,
	    &count), STORE_OK);
	if (kept.n != count.n)
		fail_msg("seed %u step %u (%s): %zu pages kept, %zu counted",
		    r->seed, r->step, what, kept.n, count.n);
	for (i = 0; i < kept.n; i++) {
		if (strcmp(kept.v[i].id, count.v[i].id) != 0 ||
		    strcmp(kept.v[i].source, count.v[i].source) != 0)
			fail_msg("seed %u step %u (%s): page %s (%s) kept, "
			    "%s (%s) counted", r->seed, r->step, what,
			    kept.v[i].id, kept.v[i].source, count.v[i].id,
			    count.v[i].source);
		a = &kept.v[i].c.entries;
		b = &count.v[i].c.entries;
		assert_int_equal(sizeof(kept.v[i].c), sizeof(figure) /
		    sizeof(figure[0]) * sizeof(int));
		for (j = 0; j < sizeof(figure) / sizeof(figure[0]); j++) {
			if (a[j] > 0)
				reached[j] = 1;
			if (a[j] != b[j])
				fail_msg("seed %u step %u (%s): page %s: %s "
				    "%d kept, %d counted", r->seed, r->step,
				    what, kept.v[i].id, figure[j], a[j], b[j]);
		}
	}
}

static const char *
status(struct run *r)
{
	return rnd(r, 3) == 0 ? "review" : "accepted";
}

/* Rows of a page of scan 1 or 2 (2 is keyed twice), or a page to key. */
static int
op_import(struct run *r)
{
	struct staging_import_stats	 s;
	char				 text[4096], path[128];
	unsigned int			 scan = 1 + rnd(r, 2), i, n;
	size_t				 len = 0;
	int				 k;

	if (rnd(r, 5) == 0)
		k = snprintf(text, sizeof(text), "{\"source\":\"scan%u.png\","
		    "\"page\":3,\"status\":\"key\",\"why\":\"no-table\","
		    "\"error\":\"none\",\"rows\":%u}\n", scan, 1 + rnd(r, 9));
	else
		k = 0;
	len = (size_t)k;
	n = k > 0 ? 0 : 1 + rnd(r, 3);
	for (i = 0; i < n; i++) {
		k = snprintf(text + len, sizeof(text) - len, "{\"source\":"
		    "\"scan%u.png\",\"page\":%u,\"row\":%u,\"fields\":{"
		    "\"full_name\":{\"value\":\"%s\",\"conf\":0.9,\"status\":"
		    "\"%s\"},\"date_of_birth\":{\"value\":\"1980-05-1%u\","
		    "\"conf\":0.5,\"status\":\"%s\"},\"serial_no\":{\"value\":"
		    "\"Q000000%u\",\"conf\":0.9,\"status\":\"%s\"}}}\n", scan,
		    1 + rnd(r, 2), 1 + rnd(r, 3), names[rnd(r, 4)], status(r),
		    rnd(r, 9), status(r), 1 + rnd(r, 6), status(r));
		assert_true(k > 0 && (size_t)k < sizeof(text) - len);
		len += (size_t)k;
	}
	put_file(r->f, "in.jsonl", text, strlen(text), path,
	    sizeof(path));
	return staging_import_jsonl(r->f->st, path, NULL, r->f->dir,
	    scan == 2 ? &vol2 : &vol, "a", &s);
}

/* Typed rows of a CSV, staged, or published straight (import --publish). */
static int
op_csv(struct run *r)
{
	struct staging_import_stats	 is;
	struct staging_publish_stats	 ps;
	char				 text[512], path[128];
	int				 k;

	k = snprintf(text, sizeof(text), "full_name,date_of_birth,serial_no\n"
	    "%s,1%u/5/1980,Q00000%u1\n", names[rnd(r, 4)], rnd(r, 3),
	    1 + rnd(r, 3));
	assert_true(k > 0 && (size_t)k < sizeof(text));
	if (rnd(r, 2) == 0)
		put_file(r->f, "led.csv", text, strlen(text), path,
		    sizeof(path));
	else
		snprintf(path, sizeof(path), "%s/led.csv", r->f->dir);
	if (rnd(r, 2) == 0)
		return staging_import_csv(r->f->st, path, &vol, "a", &is);
	memset(&ps, 0, sizeof(ps));
	return staging_import_csv_publish(r->f->st, path, &vol, "a",
	    r->signer, 2, &is, &ps, NULL, NULL);
}

/* Finds a staged entry: a row not published, or a page to key. */
struct pick {
	struct run	*r;
	int		 to_key;
	char		 id[64];
	unsigned int	 seen;
};

static int
pick_one(void *arg, const char *id, json_t *row)
{
	struct pick	*p = arg;
	json_t		*tk = json_object_get(row, "to_key");

	if ((tk != NULL) != p->to_key || json_object_get(tk, "keyed"))
		return 0;
	/* Each one replaces the pick with odds 1/seen: any, evenly. */
	if (rnd(p->r, ++p->seen) == 0)
		snprintf(p->id, sizeof(p->id), "%s", id);
	return 0;
}

static int
pick(struct run *r, int to_key, char *id, size_t sz)
{
	struct pick	 p;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.to_key = to_key;
	assert_int_equal(staging_list(r->f->st, 0, pick_one, &p), STORE_OK);
	snprintf(id, sz, "%s", p.id);
	return p.seen > 0;
}

/* A reviewer's decision on a date of birth, or on a row or page. */
static int
op_review(struct run *r)
{
	const char	*res, *by = people[rnd(r, 3)];
	char		 id[64];
	size_t		 n;

	if (!pick(r, 0, id, sizeof(id)))
		return STORE_ENOTFOUND;
	switch (rnd(r, 4)) {
	case 0:
		return staging_review(r->f->st, id, FIELD_DATE_OF_BIRTH,
		    rnd(r, 2) ? "3/4/1981" : NULL, rnd(r, 4) == 0, NULL, NULL,
		    by, &res);
	case 1:
		return staging_review(r->f->st, id, FIELD_FULL_NAME,
		    names[rnd(r, 4)], 0, NULL, NULL, by, &res);
	case 2:
		return staging_decide(r->f->st, id, 0, FIELD_UNKNOWN, NULL, by,
		    &n);
	default:
		*strrchr(id, ':') = '\0';
		return staging_decide(r->f->st, id, 1, FIELD_UNKNOWN, NULL, by,
		    &n);
	}
}

/* A page to key, keyed by hand. */
static int
op_key(struct run *r)
{
	json_t	*rows, *bad = NULL;
	char	 id[64];
	size_t	 n;
	int	 rc;

	if (!pick(r, 1, id, sizeof(id)))
		return STORE_ENOTFOUND;
	*strrchr(id, ':') = '\0';
	rows = json_pack("[{s:s, s:s}, {s:s, s:s}]", "full_name",
	    names[rnd(r, 4)], "date_of_birth", "1/2/1980", "full_name",
	    names[rnd(r, 4)], "date_of_birth", rnd(r, 2) ? "2/2/1980" : "x");
	assert_non_null(rows);
	rc = staging_key_page(r->f->st, id, rows, "a", &n, &bad);
	json_decref(rows);
	json_decref(bad);
	return rc;
}

static int
op_publish(struct run *r)
{
	struct staging_publish_stats	 ps;
	char				 id[64];
	const char			*page = NULL;

	if (rnd(r, 3) == 0 && pick(r, 0, id, sizeof(id))) {
		*strrchr(id, ':') = '\0';
		page = id;
	}
	memset(&ps, 0, sizeof(ps));
	return staging_publish(r->f->st, r->signer, 1 + rnd(r, 3), page, "b",
	    &ps, NULL, NULL);
}

/* A registrar corrects (or revokes, reissues) a record. */
static int
op_correct(struct run *r)
{
	static const enum event_kind	 kinds[] = {
		EVENT_CORRECT, EVENT_CORRECT, EVENT_REVOKE, EVENT_REISSUE,
	};
	struct records_change		 ch;
	struct store_rd			*rd;
	uint64_t			 n, idx;
	int				 rc;

	assert_int_equal(store_rd_begin(r->f->st, &rd), STORE_OK);
	rc = store_record_count(r->f->st, rd, &n);
	store_rd_end(rd);
	if (rc != STORE_OK || n == 0)
		return STORE_ENOTFOUND;
	memset(&ch, 0, sizeof(ch));
	ch.kind = kinds[rnd(r, 4)];
	ch.decision = "1/QĐ";
	ch.decision_date = "2026-01-02";
	ch.reason = "cấp sai";
	ch.set[FIELD_FULL_NAME] = ch.kind == EVENT_CORRECT ?
	    names[rnd(r, 4)] : NULL;
	return records_change(r->f->st, r->signer, 1 + rnd(r, (unsigned)n),
	    &ch, &idx);
}

/* The operations a sequence draws from, as often as they are listed. */
static const struct op {
	const char	*name;
	int		(*fn)(struct run *);
} ops[] = {
	{ "import", op_import }, { "import", op_import },
	{ "csv", op_csv }, { "review", op_review }, { "review", op_review },
	{ "review", op_review }, { "key", op_key }, { "publish", op_publish },
	{ "publish", op_publish }, { "correct", op_correct },
};
#define NOPS	(sizeof(ops) / sizeof(ops[0]))

static void
run_begin(struct run *r, unsigned int seed)
{
	char	 path[128];

	memset(r, 0, sizeof(*r));
	r->seed = seed;
	r->rnd = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seed << 32 | seed);
	assert_int_equal(setup((void **)&r->f), 0);
	assert_int_equal(note_signer_new(SKEY, &r->signer), NOTE_OK);
	put_file(r->f, "scan1.png", "scan one", 8, path, sizeof(path));
	put_file(r->f, "scan2.png", "scan two", 8, path, sizeof(path));
}

static void
run_end(struct run *r)
{
	note_signer_free(r->signer);
	teardown((void **)&r->f);
}

/* Many seeds of random steps: the kept figures are the recount's. */
static void
test_random(void **state)
{
	struct run	 r;
	const struct op	*o;
	unsigned int	 seed, ok = 0, all = 0;
	size_t		 j;

	(void)state;
	memset(reached, 0, sizeof(reached));
	for (seed = 1; seed <= 40; seed++) {
		run_begin(&r, seed);
		for (r.step = 1; r.step <= 30; r.step++) {
			o = &ops[rnd(&r, NOPS)];
			if (o->fn(&r) == STORE_OK)
				ok++;
			all++;
			check(&r, o->name);
		}
		run_end(&r);
	}
	/* The sequences must do things, not only fail. */
	assert_true(ok > all / 3);
	for (j = 0; j < sizeof(figure) / sizeof(figure[0]); j++)
		if (!reached[j])
			fail_msg("no sequence made %s above 0", figure[j]);
}

#ifdef SOGOC_FAULT_INJECTION
/*
 * Every step of random sequences fails at each of its write steps in
 * turn before it runs whole: the figures stay those of the rows.
 */
static void
test_fault(void **state)
{
	struct run	 r;
	const struct op	*o;
	uint64_t	 saved;
	unsigned int	 seed;
	long		 n, steps;
	int		 rc;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		run_begin(&r, seed);
		for (r.step = 1; r.step <= 14; r.step++) {
			o = &ops[rnd(&r, NOPS)];
			saved = r.rnd;
			for (n = 1; n < 10000; n++) {
				r.rnd = saved;
				store_fault_set(n);
				rc = o->fn(&r);
				steps = store_fault_steps();
				store_fault_set(0);
				check(&r, o->name);
				if (rc == STORE_OK || steps < n)
					break;
			}
		}
		run_end(&r);
	}
}
#endif

/* Drops the version entry and leaves a stale page behind: an old store. */
static void
make_old(struct fixture *f)
{
	struct store_txn	*t;
	uint8_t			 key[36], fig[56];

	memset(key, 0xee, sizeof(key));
	memset(fig, 0, sizeof(fig));
	fig[3] = 5;
	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	assert_int_equal(store_del(t, DB_COUNTS, "version", 7), STORE_OK);
	assert_int_equal(store_put(t, DB_COUNTS, key, sizeof(key), fig,
	    sizeof(fig), 0, NULL), STORE_OK);
	assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
}

static void
reopen(struct fixture *f, int flags)
{
	store_close(f->st);
	f->st = NULL;
	assert_int_equal(store_open(f->dir, flags, (size_t)64 << 20, NULL,
	    &f->st, f->err, sizeof(f->err)), STORE_OK);
}

/*
 * A registry written before the counts: read-only, the rows are counted;
 * writable, the figures are built once, and kept from then on.
 */
static void
test_upgrade(void **state)
{
	struct run		 r;
	struct store_rd		*rd;
	struct store_val	 v;
	const struct op		*o;

	(void)state;
	run_begin(&r, 7);
	for (r.step = 1; r.step <= 20; r.step++)
		(void)ops[rnd(&r, NOPS)].fn(&r);
	make_old(r.f);
	reopen(r.f, STORE_RDONLY);
	check(&r, "read-only, old");
	reopen(r.f, 0);
	assert_int_equal(store_rd_begin(r.f->st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, DB_COUNTS, "version", 7, &v),
	    STORE_ENOTFOUND);
	store_rd_end(rd);
	check(&r, "built");
	assert_int_equal(store_rd_begin(r.f->st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, DB_COUNTS, "version", 7, &v),
	    STORE_OK);
	store_rd_end(rd);
	/* A writer before any reader builds them too. */
	make_old(r.f);
	for (r.step = 21; r.step <= 40; r.step++) {
		o = &ops[rnd(&r, NOPS)];
		(void)o->fn(&r);
		check(&r, o->name);
	}
	run_end(&r);
}

int
main(void)
{
	const struct CMUnitTest	 tests[] = {
		cmocka_unit_test(test_random),
#ifdef SOGOC_FAULT_INJECTION
		cmocka_unit_test(test_fault),
#endif
		cmocka_unit_test(test_upgrade),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
