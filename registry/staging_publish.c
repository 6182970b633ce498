/*
 * staging_publish.c: publishing ready rows as issue events.  Every ready
 * row is checked against the registry and the others before anything is
 * written (a serial number already another person's is an error); then the
 * rows are appended in batches, each batch a transaction with its own
 * signed checkpoint, so a crash between batches leaves a consistent log and
 * publishing again finishes the work.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grow.h"
#include "fold.h"
#include "staging.h"
#include "staging_int.h"

/* A ready row: its staging key, for the write pass. */
struct ready {
	uint8_t	 key[STAGE_KEYLEN];
	char	*serial;	/* serial key, NULL when none */
	char	*person;	/* folded name | date of birth */
	size_t	 order;
};

static int
ready_cmp(const void *a, const void *b)
{
	const struct ready	*x = a, *y = b;
	int			 c;

	if (x->serial == NULL || y->serial == NULL)
		return (x->serial == NULL) - (y->serial == NULL);
	c = strcmp(x->serial, y->serial);
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
ready_order_cmp(const void *a, const void *b)
{
	const struct ready	*x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/*
 * A ledger whose notes say the diploma was revoked or cancelled (thu hồi,
 * hủy bỏ) is published as it stands: revoked.
 */
int
notes_revoke(struct event *ev, const char *notes)
{
	char	*fold;
	int	 rc = EVENT_OK;

	if (notes == NULL || notes[0] == '\0')
		return EVENT_OK;
	fold = norm_fold(notes);
	if (fold == NULL)
		return EVENT_ENOMEM;
	if (strstr(fold, "thuhoi") != NULL || strstr(fold, "huybo") != NULL) {
		ev->revoked = 1;
		rc = event_set_attr(ev, EVENT_REASON, "noted in the ledger");
	}
	free(fold);
	return rc;
}

/* Fills ev from a staged row and the volume of its source. */
static int
row_event(struct store *st, json_t *row, json_t *vol, const uint8_t *key,
    const char *by, struct event *ev)
{
	static const struct {
		const char	*json;
		enum event_attr	 attr;
	} va[] = {
		{ "authority", EVENT_AUTHORITY },
		{ "type", EVENT_TYPE },
		{ "decision", EVENT_DECISION },
		{ "decision_date", EVENT_DECISION_DATE },
	};
	json_t		*fo;
	const char	*k, *s;
	char		 y[16];
	size_t		 i;
	enum field	 f;
	int		 rc;

	ev->kind = EVENT_ISSUE;
	ev->time = (int64_t)time(NULL);
	for (i = 0; i < sizeof(va) / sizeof(va[0]); i++) {
		s = json_string_value(json_object_get(vol, va[i].json));
		if (s != NULL && event_set_attr(ev, va[i].attr, s) != EVENT_OK)
			return store_fail(st, STORE_EINPUT, "the volume's %s "
			    "cannot be recorded", va[i].json);
	}
	snprintf(y, sizeof(y), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(vol, "year")));
	if (event_set_attr(ev, EVENT_YEAR, y) != EVENT_OK ||
	    (by != NULL && event_set_attr(ev, EVENT_BY, by) != EVENT_OK))
		return store_fail(st, STORE_EINPUT, "\"%s\" cannot be "
		    "recorded as who published", by ? by : "");
	ev->has_source = 1;
	memcpy(ev->source, key, 32);
	ev->page = (uint32_t)(store_get_u64(key + 32) >> 32);
	ev->row = (uint32_t)store_get_u64(key + 32);
	if (notes_revoke(ev, row_value(row, FIELD_NOTES)) != EVENT_OK)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		f = field_from_key(k);
		if (!event_field_allowed(f))
			continue;
		s = json_string_value(json_object_get(fo, "value"));
		rc = event_set_value(ev, f, s ? s : "");
		if (rc != EVENT_OK)
			return store_fail(st, rc == EVENT_ENOMEM ?
			    STORE_ENOMEM : STORE_EINPUT, "%s: %s", k,
			    event_strerror(rc));
	}
	if (event_new_salts(ev) != EVENT_OK)
		return store_fail(st, STORE_ENOMEM, "no random salts");
	return STORE_OK;
}

/* Entries in database db, for counts. */
static size_t
db_entries(struct store *st, struct store_rd *txn, const struct store_db *db)
{
	size_t	 n;

	(void)st;
	if (store_count(txn, db, &n) != STORE_OK)
		return 0;
	return n;
}

/* The rows collect_ready() gathers. */
struct ready_ctx {
	struct store	*st;
	struct store_rd	*txn;
	const uint8_t	*only;
	struct ready	*r;
	size_t		 n, cap;
};

/*
 * One entry of the ready queue for collect_ready() (store_each()): kept,
 * unless its serial number is a record of another person.
 */
static int
ready_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct ready_ctx	*x = arg;
	struct store		*st = x->st;
	struct ready		*r;
	uint64_t		 rec;
	size_t			 sl, pl;
	char			 ida[64], sbuf[128];
	const char		*p = v->data;
	int			 rc, same;

	sl = strnlen(p, v->len);
	pl = sl < v->len ? strnlen(p + sl + 1, v->len - sl - 1) : 0;
	if (k->len != STAGE_KEYLEN || sl >= v->len || sl + 1 + pl >= v->len)
		return store_fail(st, STORE_ECORRUPT, "an entry of the ready "
		    "queue is malformed");
	/* One page: its source's SHA-256 and the page number. */
	if (x->only != NULL && memcmp(k->data, x->only, PAGE_KEYLEN) != 0)
		return STORE_OK;
	if (grow(&x->r, &x->cap, x->n, sizeof(*x->r), 1024) != 0)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	r = &x->r[x->n];
	memset(r, 0, sizeof(*r));
	memcpy(r->key, k->data, STAGE_KEYLEN);
	r->order = x->n;
	r->serial = sl > 0 ? strndup(p, sl) : NULL;
	r->person = strndup(p + sl + 1, pl);
	snprintf(sbuf, sizeof(sbuf), "%.*s", (int)(v->len - sl - pl - 2),
	    p + sl + pl + 2);
	x->n++;
	if (r->person == NULL || (sl > 0 && r->serial == NULL))
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (r->serial == NULL ||
	    store_by_serial(st, x->txn, r->serial, &rec) != STORE_OK)
		return STORE_OK;
	rc = record_same_person(st, x->txn, rec, r->person, &same);
	if (rc == STORE_OK && !same) {
		row_id(r->key, ida, sizeof(ida));
		rc = store_fail(st, STORE_ECONFLICT, "row %s: serial number "
		    "%s is already record %" PRIu64 ", issued to another "
		    "person; fix the row with `sogoc set`", ida, sbuf, rec);
	}
	return rc;
}

/*
 * The check pass: reads the ready queue (no staged JSON) and refuses a
 * serial number the registry or another ready row gives another person.
 */
static int
collect_ready(struct store *st, const uint8_t *only, struct ready **out,
    size_t *nout, struct staging_publish_stats *stats)
{
	struct ready_ctx x = { st, NULL, only, NULL, 0, 0 };
	struct ready	*r;
	size_t		 n, i, staged, done, ready;
	char		 ida[64], idb[64];
	int		 rc;

	*out = NULL;
	*nout = 0;
	rc = store_rd_begin(st, &x.txn);
	if (rc != STORE_OK)
		return rc;
	staged = db_entries(st, x.txn, DB_STAGING);
	done = db_entries(st, x.txn, DB_PUBLISHED);
	ready = db_entries(st, x.txn, DB_READY);
	stats->waiting = staged > done + ready ? staged - done - ready : 0;
	rc = store_each(x.txn, DB_READY, NULL, 0, 0, ready_one, &x);
	r = x.r;
	n = x.n;
	if (rc != STORE_OK)
		goto out;
	/* Two ready rows may give one serial number to two people. */
	if (n > 1)
		qsort(r, n, sizeof(*r), ready_cmp);
	for (i = 1; i < n; i++) {
		if (r[i].serial == NULL || r[i - 1].serial == NULL ||
		    strcmp(r[i].serial, r[i - 1].serial) != 0 ||
		    strcmp(r[i].person, r[i - 1].person) == 0)
			continue;
		row_id(r[i - 1].key, ida, sizeof(ida));
		row_id(r[i].key, idb, sizeof(idb));
		rc = store_fail(st, STORE_ECONFLICT, "rows %s and %s give "
		    "serial number %s to two different people; fix one with "
		    "`sogoc set`", ida, idb, r[i].serial);
		goto out;
	}
	if (n > 1)
		qsort(r, n, sizeof(*r), ready_order_cmp);
	rc = STORE_OK;
out:
	store_rd_end(x.txn);
	if (rc != STORE_OK) {
		for (i = 0; i < n; i++) {
			free(r[i].serial);
			free(r[i].person);
		}
		free(r);
		return rc;
	}
	*out = r;
	*nout = n;
	return STORE_OK;
}

/*
 * Publishes one ready row inside t (record: the next record number), its
 * page's figures into cb.
 */
static int
publish_row(struct store_txn *t, struct counts_batch *cb, struct ready *r,
    uint64_t *record, json_t **volcache, uint8_t *volsha, const char *by,
    struct staging_publish_stats *stats)
{
	struct store	*st = store_txn_store(t);
	struct event	 ev = { 0 };
	struct store_val v;
	json_t		*row = NULL;
	json_error_t	 jerr;
	uint64_t	 rec = 0, idx;
	uint8_t		 mark[8];
	int		 rc, dup = 0;

	rc = store_get(store_txn_rd(t), DB_STAGING, r->key, STAGE_KEYLEN, &v);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_EIO, "reading staging: a ready row "
		    "is not staged");
	if (rc != STORE_OK)
		return rc;
	row = json_loadb(v.data, v.len, 0, &jerr);
	if (row == NULL)
		return store_fail(st, STORE_ECORRUPT, "a staged row does not "
		    "parse: %s", jerr.text);
	if (*volcache == NULL || memcmp(volsha, r->key, 32) != 0) {
		json_decref(*volcache);
		*volcache = NULL;
		rc = store_get(store_txn_rd(t), DB_SOURCES, r->key, 32, &v);
		if (rc == STORE_OK)
			*volcache = json_loadb(v.data, v.len, 0, &jerr);
		if (*volcache == NULL) {
			rc = store_fail(st, STORE_ECORRUPT, "the source of a "
			    "staged row is missing");
			goto out;
		}
		memcpy(volsha, r->key, 32);
	}
	/* The same person's row published before (a rescan): link it. */
	if (r->serial != NULL && store_by_serial(st, store_txn_rd(t),
	    r->serial, &rec) == STORE_OK) {
		dup = 1;
		stats->duplicates++;
	} else {
		rc = row_event(st, row, json_object_get(*volcache, "volume"),
		    r->key, by, &ev);
		if (rc != STORE_OK)
			goto out;
		ev.record = ++*record;
		rc = store_append(t, &ev, &idx);
		if (rc != STORE_OK)
			goto out;
		stats->published++;
	}
	/* The row leaves the ready queue and is marked published. */
	store_u64(dup ? rec | PUBLISHED_DUP : ev.record, mark);
	rc = counts_put_published(t, cb, r->key, mark, row);
	if (rc == STORE_OK)
		rc = store_del(t, DB_READY, r->key, STAGE_KEYLEN);
	if (rc == STORE_ENOTFOUND)
		rc = store_fail(st, STORE_EIO, "marking a row published: it "
		    "left the ready queue");
out:
	event_clear(&ev);
	json_decref(row);
	return rc;
}

int
staging_publish(struct store *st, const struct note_signer *signer,
    size_t batch, const char *page, const char *by,
    struct staging_publish_stats *stats,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct store_txn	*t;
	struct counts_batch	 cb;
	struct ready		*r = NULL;
	json_t			*vol = NULL;
	uint8_t			 volsha[32], only[STAGE_KEYLEN];
	uint64_t		 record;
	size_t			 n, i, j;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	if (batch == 0)
		batch = 10000;
	/* A wrong key or page is refused before any work. */
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = store_check_signer(t, signer);
	if (rc == STORE_OK && page != NULL)
		rc = page_prefix(st, store_txn_rd(t), page, only);
	store_wr_abort(t);
	if (rc != STORE_OK)
		return rc;
	rc = collect_ready(st, page != NULL ? only : NULL, &r, &n, stats);
	if (rc != STORE_OK)
		return rc;
	for (i = 0; i < n; i += batch) {
		rc = store_wr_begin(st, &t);
		if (rc == STORE_OK)
			rc = store_record_count(st, store_txn_rd(t), &record);
		memset(&cb, 0, sizeof(cb));
		for (j = i; rc == STORE_OK && j < n && j < i + batch; j++)
			rc = publish_row(t, &cb, &r[j], &record, &vol, volsha,
			    by, stats);
		if (rc == STORE_OK)
			rc = counts_flush(t, &cb);
		if (rc != STORE_OK) {
			store_wr_abort(t);
			break;
		}
		stats->size = store_txn_size(t);
		rc = store_wr_commit(t, signer);
		if (rc != STORE_OK)
			break;
		if (progress != NULL)
			progress(arg, j, n);
	}
	for (i = 0; i < n; i++) {
		free(r[i].serial);
		free(r[i].person);
	}
	free(r);
	json_decref(vol);
	return rc;
}
