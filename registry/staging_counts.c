/*
 * staging_counts.c: the staged rows' figures kept per page (the counts
 * database, staging_counts.h), the one function that says what a row
 * adds to them, and the recount from the rows.
 *
 * Every write of a staged row or of its published mark goes through
 * counts_apply() (staging_int.h) in the writer's transaction: the row's
 * part is taken off its page's entry before the change and added back
 * after it, so the figures commit, or abort, with the rows.  An import,
 * and each transaction of a publish, add their rows' parts up per page in
 * a struct counts_batch and write each page's entry once, before they
 * commit (counts_flush()).  The entry
 * "version" says the figures are whole: it is written in the transaction
 * that builds them from the rows, so a registry made before them (or a
 * build cut short) is never trusted, only rebuilt.
 */
#include "config.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "staging_counts.h"
#include "staging_int.h"

#define COUNTS_VERSION_KEY	"version"
#define COUNTS_VERSION		"1"

/* The figures in an entry's order: i32 big-endian each, then source. */
static const size_t count_off[] = {
	offsetof(struct staging_count, entries),
	offsetof(struct staging_count, rows),
	offsetof(struct staging_count, published),
	offsetof(struct staging_count, held),
	offsetof(struct staging_count, unsettled),
	offsetof(struct staging_count, flagged),
	offsetof(struct staging_count, confirmed),
	offsetof(struct staging_count, set),
	offsetof(struct staging_count, illegible),
	offsetof(struct staging_count, accepted),
	offsetof(struct staging_count, accepted_changed),
	offsetof(struct staging_count, to_key),
	offsetof(struct staging_count, keyed),
	offsetof(struct staging_count, key_rows),
};
#define NCOUNT		(sizeof(count_off) / sizeof(count_off[0]))
#define ENTRY_FIXED	(NCOUNT * 4)

#define FIGURE(c, i)	(*(int *)((char *)(c) + count_off[i]))

int
staging_unsettled(const char *s)
{
	return strcmp(s, "review") == 0 || strcmp(s, "keyed") == 0 ||
	    strcmp(s, "disputed") == 0;
}

void
staging_count_add(struct staging_count *c, const struct staging_count *d,
    int sign)
{
	size_t	 i;

	for (i = 0; i < NCOUNT; i++)
		FIGURE(c, i) += sign * FIGURE(d, i);
}

/*
 * The fields' part of a row's figures.  now is the record's state when
 * it was changed since its issue (NULL: as issued, which is the row).
 */
static void
count_fields(json_t *row, const struct event *now, struct staging_count *c)
{
	json_t		*fo;
	const char	*k, *s, *was, *v, *cur;
	enum field	 f;
	int		 by_hand = json_is_true(json_object_get(row, "by_hand"));

	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		s = json_string_value(json_object_get(fo, "status"));
		if (s == NULL)
			continue;
		if (staging_unsettled(s))
			c->unsettled++;
		/* Values keyed by hand were never OCR's: no part of its. */
		if (by_hand)
			continue;
		was = json_string_value(json_object_get(fo, "was_status"));
		if (strcmp(s, "accepted") != 0 && (was == NULL ||
		    strcmp(was, "accepted") != 0))
			c->flagged++;
		if (strcmp(s, "confirmed") == 0)
			c->confirmed++;
		else if (strcmp(s, "set") == 0)
			c->set++;
		else if (strcmp(s, "illegible") == 0)
			c->illegible++;
		if (was != NULL && strcmp(was, "accepted") == 0) {
			c->accepted++;
			c->accepted_changed++;
		} else if (strcmp(s, "accepted") == 0) {
			c->accepted++;
			/* A registrar's correction since publishing. */
			v = json_string_value(json_object_get(fo, "value"));
			f = field_from_key(k);
			cur = now != NULL && f != FIELD_UNKNOWN ?
			    now->field[f].value : NULL;
			if (v != NULL && cur != NULL && strcmp(v, cur) != 0)
				c->accepted_changed++;
		}
	}
}

/* The record's latest event into *now when it has more than its issue. */
static int
changed_record(struct store *st, struct store_rd *rd, uint64_t rec,
    struct event *now, int *changed)
{
	struct store_val	 v;
	uint64_t		 last;
	uint8_t			 k[8];
	int			 rc;

	*changed = 0;
	/* Its events' leaf indexes, 8 bytes each (store.h): how many. */
	store_u64(rec, k);
	rc = store_get(rd, DB_RECORDS, k, sizeof(k), &v);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && v.len < 16))
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	rc = store_record(st, rd, rec, now, &last);
	*changed = rc == STORE_OK;
	return rc;
}

int
staging_row_count(struct store *st, struct store_rd *rd, const uint8_t *key,
    json_t *row, struct staging_count *c)
{
	struct event	 now;
	json_t		*tk;
	const char	*w;
	uint64_t	 rec;
	int		 dup, pub, changed = 0, rc;

	memset(c, 0, sizeof(*c));
	c->entries = 1;
	/* A page to key is a page, not a row. */
	tk = json_object_get(row, "to_key");
	if (tk != NULL) {
		if (json_object_get(tk, "keyed") != NULL)
			c->keyed = 1;
		else
			c->to_key = 1;
		c->key_rows = (int)json_integer_value(json_object_get(tk,
		    "rows"));
		return STORE_OK;
	}
	c->rows = 1;
	pub = published_get(st, rd, key, &rec, &dup);
	if (pub)
		c->published = 1;
	else {
		w = row_blocker(row);
		if (w != NULL && strcmp(w, "fields to review") != 0)
			c->held = 1;
	}
	/* Only a record changed since its issue needs reading. */
	if (pub && !dup && !json_is_true(json_object_get(row, "by_hand"))) {
		rc = changed_record(st, rd, rec, &now, &changed);
		if (rc != STORE_OK)
			return rc;
	}
	count_fields(row, changed ? &now : NULL, c);
	if (changed)
		event_clear(&now);
	return STORE_OK;
}

/* "HEX:PAGE" of a staging key. */
static void
page_id(const uint8_t *key, char *out, size_t sz)
{
	char	 h[13];

	h[hex_encode(key, 6, h)] = '\0';
	snprintf(out, sz, "%s:%" PRIu32, h,
	    (uint32_t)(store_get_u64(key + 32) >> 32));
}

static void
entry_decode(const struct store_val *v, struct staging_page_count *pg)
{
	const uint8_t	*p = v->data;
	size_t		 i, sl;

	memset(&pg->c, 0, sizeof(pg->c));
	pg->source[0] = '\0';
	if (v->len < ENTRY_FIXED)
		return;
	for (i = 0; i < NCOUNT; i++)
		FIGURE(&pg->c, i) = (int)(int32_t)((uint32_t)p[4 * i] << 24 |
		    (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
		    p[4 * i + 3]);
	sl = v->len - ENTRY_FIXED;
	if (sl >= sizeof(pg->source))
		sl = sizeof(pg->source) - 1;
	memcpy(pg->source, p + ENTRY_FIXED, sl);
	pg->source[sl] = '\0';
}

static size_t
entry_encode(const struct staging_page_count *pg, uint8_t *out)
{
	uint32_t	 x;
	size_t		 i, sl = strlen(pg->source);

	for (i = 0; i < NCOUNT; i++) {
		x = (uint32_t)FIGURE(&pg->c, i);
		out[4 * i] = (uint8_t)(x >> 24);
		out[4 * i + 1] = (uint8_t)(x >> 16);
		out[4 * i + 2] = (uint8_t)(x >> 8);
		out[4 * i + 3] = (uint8_t)x;
	}
	memcpy(out + ENTRY_FIXED, pg->source, sl);
	return ENTRY_FIXED + sl;
}

/* Adds sign * c to the page entry of key; source names its rows. */
static int
page_delta(struct store_txn *t, const uint8_t *key,
    const struct staging_count *c, int sign, const char *source)
{
	struct staging_page_count	 pg;
	struct store_val		 v;
	uint8_t				 buf[ENTRY_FIXED + sizeof(pg.source)];
	size_t				 len;
	int				 rc;

	rc = store_get(store_txn_rd(t), DB_COUNTS, key, PAGE_KEYLEN, &v);
	if (rc == STORE_OK)
		entry_decode(&v, &pg);
	else if (rc == STORE_ENOTFOUND)
		memset(&pg, 0, sizeof(pg));
	else
		return rc;
	staging_count_add(&pg.c, c, sign);
	if (pg.c.entries <= 0) {
		rc = store_del(t, DB_COUNTS, key, PAGE_KEYLEN);
		return rc == STORE_ENOTFOUND ? STORE_OK : rc;
	}
	if (sign > 0 && source != NULL)
		snprintf(pg.source, sizeof(pg.source), "%s", source);
	len = entry_encode(&pg, buf);
	return store_put(t, DB_COUNTS, key, PAGE_KEYLEN, buf, len, 0, NULL);
}

/* Adds sign times row's part (row of key, as t sees it) to its page. */
static int
row_delta(struct store_txn *t, const uint8_t *key, json_t *row, int sign)
{
	struct staging_count	 c;
	int			 rc;

	rc = staging_row_count(store_txn_store(t), store_txn_rd(t), key, row,
	    &c);
	if (rc != STORE_OK)
		return rc;
	return page_delta(t, key, &c, sign,
	    json_string_value(json_object_get(row, "source")));
}

/* store_each() over the counts: drops every entry (a rebuild). */
static int
drop_entry(const struct store_val *k, const struct store_val *v, void *arg)
{
	uint8_t	 key[512];
	size_t	 len = k->len < sizeof(key) ? k->len : sizeof(key);

	(void)v;
	memcpy(key, k->data, len);
	return store_del(arg, DB_COUNTS, key, len);
}

/* store_each() over the staged rows: adds each to the counts. */
static int
build_row(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct store_txn	*t = arg;
	uint8_t			 key[STAGE_KEYLEN];
	json_error_t		 jerr;
	json_t			*row;
	int			 rc;

	if (k->len != STAGE_KEYLEN)
		return store_fail(store_txn_store(t), STORE_ECORRUPT, "a "
		    "staging key is malformed");
	memcpy(key, k->data, STAGE_KEYLEN);
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(store_txn_store(t), STORE_ECORRUPT, "a "
		    "staged row does not parse: %s", jerr.text);
	rc = row_delta(t, key, row, 1);
	json_decref(row);
	return rc;
}

/*
 * Makes sure t's registry has whole counts: when the version entry is
 * missing (or another), they are built again from every staged row in t.
 */
int
staging_counts_ready(struct store_txn *t)
{
	struct store_rd		*rd = store_txn_rd(t);
	struct store_val	 v;
	int			 rc;

	rc = store_get(rd, DB_COUNTS, COUNTS_VERSION_KEY,
	    strlen(COUNTS_VERSION_KEY), &v);
	if (rc == STORE_OK && v.len == strlen(COUNTS_VERSION) &&
	    memcmp(v.data, COUNTS_VERSION, v.len) == 0)
		return STORE_OK;
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return rc;
	rc = store_each(rd, DB_COUNTS, NULL, 0, 0, drop_entry, t);
	if (rc == STORE_OK)
		rc = store_each(rd, DB_STAGING, NULL, 0, 0, build_row, t);
	if (rc == STORE_OK)
		rc = store_put(t, DB_COUNTS, COUNTS_VERSION_KEY,
		    strlen(COUNTS_VERSION_KEY), COUNTS_VERSION,
		    strlen(COUNTS_VERSION), 0, NULL);
	return rc;
}

int
counts_flush(struct store_txn *t, struct counts_batch *cb)
{
	int	 rc;

	if (cb == NULL || !cb->have)
		return STORE_OK;
	rc = page_delta(t, cb->page, &cb->c, 1,
	    cb->source[0] != '\0' ? cb->source : NULL);
	cb->have = 0;
	memset(&cb->c, 0, sizeof(cb->c));
	cb->source[0] = '\0';
	return rc;
}

/* Adds sign * c to the batch of its page, writing another page's out. */
static int
batch_add(struct store_txn *t, struct counts_batch *cb, const uint8_t *key,
    const struct staging_count *c, int sign, const char *source)
{
	int	 rc;

	if (cb->have && memcmp(cb->page, key, PAGE_KEYLEN) != 0) {
		rc = counts_flush(t, cb);
		if (rc != STORE_OK)
			return rc;
	}
	memcpy(cb->page, key, PAGE_KEYLEN);
	cb->have = 1;
	staging_count_add(&cb->c, c, sign);
	if (sign > 0 && source != NULL)
		snprintf(cb->source, sizeof(cb->source), "%s", source);
	return STORE_OK;
}

/* Adds sign * c, the part of row key, to its page (or cb's batch). */
static int
apply_count(struct store_txn *t, struct counts_batch *cb, const uint8_t *key,
    const struct staging_count *c, int sign, json_t *row)
{
	const char	*source;

	source = json_string_value(json_object_get(row, "source"));
	if (cb == NULL)
		return page_delta(t, key, c, sign, source);
	return batch_add(t, cb, key, c, sign, source);
}

/*
 * Makes sure the counts are whole (once per batch), and the row of key
 * parsed into *own when row is NULL: *own stays NULL when there is none.
 */
static int
apply_begin(struct store_txn *t, struct counts_batch *cb, const uint8_t *key,
    json_t *row, json_t **own)
{
	struct store_val	 v;
	json_error_t		 jerr;
	int			 rc;

	*own = NULL;
	/* Built before the change, or the build would count it twice. */
	if (cb == NULL || !cb->ready) {
		rc = staging_counts_ready(t);
		if (rc != STORE_OK)
			return rc;
		if (cb != NULL)
			cb->ready = 1;
	}
	if (row != NULL)
		return STORE_OK;
	rc = store_get(store_txn_rd(t), DB_STAGING, key, STAGE_KEYLEN, &v);
	if (rc == STORE_ENOTFOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	*own = json_loadb(v.data, v.len, 0, &jerr);
	if (*own == NULL)
		return store_fail(store_txn_store(t), STORE_ECORRUPT, "a "
		    "staged row does not parse: %s", jerr.text);
	return STORE_OK;
}

int
counts_apply(struct store_txn *t, struct counts_batch *cb, const uint8_t *key,
    json_t *row, int sign)
{
	struct staging_count	 c;
	json_t			*own;
	int			 rc;

	rc = apply_begin(t, cb, key, row, &own);
	if (rc != STORE_OK || (row == NULL && own == NULL))
		return rc;
	if (row == NULL)
		row = own;
	rc = staging_row_count(store_txn_store(t), store_txn_rd(t), key, row,
	    &c);
	if (rc == STORE_OK)
		rc = apply_count(t, cb, key, &c, sign, row);
	json_decref(own);
	return rc;
}

/*
 * The part of row key once its published mark is written, its part
 * before being *before: what staging_row_count() says, without walking
 * the fields again.  They count the same, since a mark names a record
 * the same transaction has just issued (one event: no correction to
 * compare with) or, top bit set, the same person's record, which is
 * never compared; a row marked before, or a page to key, is counted
 * again whole.
 */
static int
published_count(struct store *st, struct store_rd *rd, const uint8_t *key,
    json_t *row, const struct staging_count *before, struct staging_count *c)
{
	if (before->rows == 0 || before->published)
		return staging_row_count(st, rd, key, row, c);
	*c = *before;
	c->published = 1;
	c->held = 0;
	return STORE_OK;
}

int
counts_put_published(struct store_txn *t, struct counts_batch *cb,
    const uint8_t *key, const uint8_t *mark, json_t *row)
{
	struct store		*st = store_txn_store(t);
	struct staging_count	 was, now;
	struct store_val	 v;
	json_t			*own;
	int			 rc;

	/* import --publish marks rows never staged: nothing to count. */
	if (row == NULL && store_get(store_txn_rd(t), DB_STAGING, key,
	    STAGE_KEYLEN, &v) == STORE_ENOTFOUND)
		return store_put(t, DB_PUBLISHED, key, STAGE_KEYLEN, mark, 8,
		    0, NULL);
	rc = apply_begin(t, cb, key, row, &own);
	if (rc != STORE_OK)
		return rc;
	if (row == NULL)
		row = own;
	if (row != NULL)
		rc = staging_row_count(st, store_txn_rd(t), key, row, &was);
	if (rc == STORE_OK)
		rc = store_put(t, DB_PUBLISHED, key, STAGE_KEYLEN, mark, 8, 0,
		    NULL);
	if (rc == STORE_OK && row != NULL)
		rc = published_count(st, store_txn_rd(t), key, row, &was,
		    &now);
	if (rc == STORE_OK && row != NULL)
		rc = apply_count(t, cb, key, &was, -1, row);
	if (rc == STORE_OK && row != NULL)
		rc = apply_count(t, cb, key, &now, 1, row);
	json_decref(own);
	return rc;
}

int
staging_counts_record(struct store_txn *t, uint64_t record, int sign)
{
	struct store	*st = store_txn_store(t);
	struct store_rd	*rd = store_txn_rd(t);
	struct event	 first = { 0 };
	uint64_t	*idx = NULL, rec;
	size_t		 n = 0;
	uint8_t		 key[STAGE_KEYLEN];
	int		 rc, dup;

	rc = store_record_events(st, rd, record, &idx, &n);
	if (rc == STORE_OK && n > 0)
		rc = store_event(st, rd, idx[0], &first);
	free(idx);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && n == 0))
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	/* Its issue names the staged row it was published from, if any. */
	if (first.has_source) {
		stage_key(first.source, first.page, first.row, key);
		if (published_get(st, rd, key, &rec, &dup) && !dup &&
		    rec == record)
			rc = counts_apply(t, NULL, key, NULL, sign);
	}
	event_clear(&first);
	return rc;
}

/* What a recount keeps between rows: the page it is on. */
struct recount {
	struct store			*st;
	struct store_rd			*rd;
	int				 page;	/* one page only */
	struct staging_page_count	 pg;
	uint8_t				 at[PAGE_KEYLEN];
	int				 have;
	staging_page_fn			*fn;
	void				*arg;
	int				 stopped;
};

/* Hands the page counted so far to the caller. */
static int
recount_flush(struct recount *r)
{
	if (!r->have)
		return STORE_OK;
	r->have = 0;
	if (r->fn(r->arg, &r->pg) != 0) {
		r->stopped = 1;
		return STORE_STOP;
	}
	return STORE_OK;
}

static int
recount_row(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct recount		*r = arg;
	struct staging_count	 c;
	json_error_t		 jerr;
	json_t			*row;
	const char		*s;
	int			 rc;

	if (k->len != STAGE_KEYLEN && r->page)
		return STORE_STOP;
	if (k->len != STAGE_KEYLEN)
		return store_fail(r->st, STORE_ECORRUPT, "a staging key is "
		    "malformed");
	if (r->have && memcmp(r->at, k->data, PAGE_KEYLEN) != 0) {
		rc = recount_flush(r);
		if (rc != STORE_OK)
			return rc;
	}
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(r->st, STORE_ECORRUPT, "a staged row does "
		    "not parse: %s", jerr.text);
	rc = staging_row_count(r->st, r->rd, k->data, row, &c);
	if (rc == STORE_OK && !r->have) {
		memset(&r->pg, 0, sizeof(r->pg));
		memcpy(r->at, k->data, PAGE_KEYLEN);
		page_id(r->at, r->pg.id, sizeof(r->pg.id));
		s = json_string_value(json_object_get(row, "source"));
		snprintf(r->pg.source, sizeof(r->pg.source), "%s",
		    s != NULL ? s : "");
		r->have = 1;
	}
	if (rc == STORE_OK)
		staging_count_add(&r->pg.c, &c, 1);
	json_decref(row);
	return rc;
}

int
staging_counts_recount(struct store *st, const char *page,
    staging_page_fn *fn, void *arg)
{
	struct recount	 r;
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.st = st;
	r.page = page != NULL;
	r.fn = fn;
	r.arg = arg;
	rc = store_rd_begin(st, &r.rd);
	if (rc != STORE_OK)
		return rc;
	rc = staged_each(st, r.rd, page, recount_row, &r);
	if (rc == STORE_OK && !r.stopped)
		rc = recount_flush(&r);
	store_rd_end(r.rd);
	return rc == STORE_STOP ? STORE_OK : rc;
}

/* What staging_counts_pages() hands on from the counts database. */
struct kept {
	staging_page_fn	*fn;
	void		*arg;
};

static int
kept_page(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct kept			*x = arg;
	struct staging_page_count	 pg;

	if (k->len != PAGE_KEYLEN)
		return STORE_OK;	/* the version */
	entry_decode(v, &pg);
	page_id(k->data, pg.id, sizeof(pg.id));
	return x->fn(x->arg, &pg) != 0 ? STORE_STOP : STORE_OK;
}

/* Whether rd sees whole counts. */
static int
counts_whole(struct store_rd *rd)
{
	struct store_val	 v;

	return store_get(rd, DB_COUNTS, COUNTS_VERSION_KEY,
	    strlen(COUNTS_VERSION_KEY), &v) == STORE_OK &&
	    v.len == strlen(COUNTS_VERSION) &&
	    memcmp(v.data, COUNTS_VERSION, v.len) == 0;
}

/* Builds the counts of a registry made before them, in one write. */
static int
counts_build(struct store *st)
{
	struct store_txn	*t;
	int			 rc;

	rc = store_wr_begin_wait(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = staging_counts_ready(t);
	if (rc != STORE_OK) {
		store_wr_abort(t);
		return rc;
	}
	return store_wr_commit(t, NULL);
}

int
staging_counts_pages(struct store *st, staging_page_fn *fn, void *arg)
{
	struct kept	 x = { fn, arg };
	struct store_rd	*rd;
	int		 rc, whole;

	rc = store_rd_begin(st, &rd);
	if (rc != STORE_OK)
		return rc;
	whole = counts_whole(rd);
	if (!whole) {
		store_rd_end(rd);
		/* Read-only, it cannot build them: the rows tell. */
		if ((store_flags(st) & STORE_RDONLY) ||
		    !store_has_db(st, DB_COUNTS))
			return staging_counts_recount(st, NULL, fn, arg);
		rc = counts_build(st);
		if (rc != STORE_OK)
			return rc;
		rc = store_rd_begin(st, &rd);
		if (rc != STORE_OK)
			return rc;
	}
	rc = store_each(rd, DB_COUNTS, NULL, 0, 0, kept_page, &x);
	store_rd_end(rd);
	return rc;
}
