/*
 * staging_review.c: listing the staged rows, people's decisions on them
 * (review, confirm, set, illegible), double keying of a handwritten volume
 * (two reviewers blind, a third to settle a dispute), and keying a page
 * OCR could not read by hand.  Each decision is one write transaction that
 * keeps the ready queue in step.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "validate.h"
#include "staging.h"
#include "staging_int.h"

int
staging_list(struct store *st, int all,
    int (*fn)(void *, const char *, json_t *), void *arg)
{
	return staging_list_page(st, NULL, all, fn, arg);
}

/* What list_one() needs from staging_list_page(). */
struct list_ctx {
	struct store	*st;
	struct store_rd	*txn;
	int		 page, all;
	int		(*fn)(void *, const char *, json_t *);
	void		*arg;
};

/* One staged entry for staging_list_page() (store_each()). */
static int
list_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct list_ctx	*x = arg;
	json_t		*row;
	json_error_t	 jerr;
	uint64_t	 rec;
	char		 id[64];
	int		 rc, dup;

	if (k->len != STAGE_KEYLEN && x->page)
		return STORE_STOP;
	if (k->len != STAGE_KEYLEN)
		return store_fail(x->st, STORE_ECORRUPT, "a staging key is "
		    "malformed");
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(x->st, STORE_ECORRUPT, "a staged row does "
		    "not parse: %s", jerr.text);
	if (published_get(x->st, x->txn, k->data, &rec, &dup)) {
		if (!x->all) {
			json_decref(row);
			return STORE_OK;
		}
		json_object_set_new(row, dup ? "duplicate_of" : "record",
		    json_integer((json_int_t)rec));
	}
	/* A page keyed by hand is done with: its rows are listed. */
	if (!x->all && json_object_get(json_object_get(row, "to_key"),
	    "keyed") != NULL) {
		json_decref(row);
		return STORE_OK;
	}
	row_id(k->data, id, sizeof(id));
	if (row_blocker(row) != NULL)
		json_object_set_new(row, "waiting",
		    json_string(row_blocker(row)));
	rc = x->fn(x->arg, id, row);
	json_decref(row);
	return rc != 0 ? STORE_STOP : STORE_OK;
}

int
staging_list_page(struct store *st, const char *page, int all,
    int (*fn)(void *, const char *, json_t *), void *arg)
{
	struct list_ctx	 x = { st, NULL, page != NULL, all, fn, arg };
	int		 rc;

	rc = store_rd_begin(st, &x.txn);
	if (rc != STORE_OK)
		return rc;
	rc = staged_each(st, x.txn, page, list_one, &x);
	store_rd_end(x.txn);
	return rc;
}

/* A person's decision on a staged row (staging_decide, staging_review). */
struct decision {
	enum field	 field;		/* FIELD_UNKNOWN: every review field */
	const char	*value;		/* NULL: confirmed as it is */
	const char	*seen;		/* the value the person saw, or NULL */
	const char	*seen_status;	/* and its status */
	int		 illegible;	/* the cell cannot be read */
	const char	*by;
	int		 review;	/* from staging_review: a double-keyed
					   volume's fields are keyed blind */
	int		 double_key;	/* the row's volume is (decide sets) */
	const char	**result;	/* the field's status afterwards */
};

/*
 * A person's value for field f, normalised into *n as the ledger's would
 * be; minus the STORE_* code of a refusal (norm_clear(n) after 0).
 */
static int
person_value(struct store *st, enum field f, const char *value, int year,
    struct norm *n)
{
	struct norm_ctx	 ctx = { year };

	if (!event_field_allowed(f)) {
		store_fail(st, STORE_EINPUT, "%s is not recorded in the "
		    "registry", field_key(f));
		return -STORE_EINPUT;
	}
	if (!utf8_valid(value, strlen(value), UTF8_NO_CONTROLS) ||
	    normalize_field(f, value, &ctx, n) != NORM_OK) {
		store_fail(st, STORE_EINPUT, "\"%s\" is not valid UTF-8 text",
		    value);
		return -STORE_EINPUT;
	}
	if ((!n->valid && normalize_strict(f)) ||
	    strlen(n->value) > EVENT_VALUE_MAX) {
		store_fail(st, STORE_EINPUT, "\"%s\" is not a valid %s", value,
		    field_key(f));
		norm_clear(n);
		return -STORE_EINPUT;
	}
	return 0;
}

int
staging_keyed_by(json_t *fo, const char *by)
{
	json_t	*e;
	size_t	 i;

	const char	*k;

	json_array_foreach(json_object_get(fo, "keyed"), i, e)
		if ((k = json_string_value(json_object_get(e, "by"))) != NULL &&
		    strcmp(k, by) == 0)
			return 1;
	return 0;
}

/*
 * One blind keying of a field of a double-keyed volume: the first is
 * kept (status "keyed"); the second, by another reviewer, settles the
 * field when both agree ("set", or "illegible") and marks it "disputed"
 * when they do not, for a third reviewer.  Returns 1 or minus a STORE_*.
 */
static int
key_field(struct store *st, json_t *fo, const struct decision *d, int year,
    const char *id, const char *ts)
{
	struct norm	 n;
	json_t		*keyed, *e, *first;
	const char	*status = field_status(fo), *v0;
	char		*v;
	int		 rc, same;

	if (staging_keyed_by(fo, d->by))
		return -store_fail(st, STORE_EINPUT, "row %s: you have keyed "
		    "%s already; another reviewer keys it too, without "
		    "seeing yours", id, field_key(d->field));
	/* An empty cell is keyed as empty. */
	memset(&n, 0, sizeof(n));
	if (!d->illegible && (rc = person_value(st, d->field, d->value ?
	    d->value : "", year, &n)) != 0)
		return rc;
	v = strdup(d->illegible ? "" : n.value);
	norm_clear(&n);
	e = v != NULL ? json_pack("{s:s, s:s, s:s, s:b}", "by", d->by,
	    "value", v, "at", ts, "illegible", d->illegible) : NULL;
	if (e == NULL) {
		free(v);
		return -store_fail(st, STORE_ENOMEM, "out of memory");
	}
	keyed = json_object_get(fo, "keyed");
	if (strcmp(status, "review") == 0 || !json_is_array(keyed)) {
		json_object_set_new(fo, "keyed", json_pack("[o]", e));
		json_object_set_new(fo, "status", json_string("keyed"));
		*d->result = "keyed";
		free(v);
		return 1;
	}
	first = json_array_get(keyed, 0);
	v0 = json_string_value(json_object_get(first, "value"));
	same = v0 != NULL && strcmp(v0, v) == 0 &&
	    json_is_true(json_object_get(first, "illegible")) == d->illegible;
	json_array_append_new(keyed, e);
	if (same) {
		json_object_set(fo, "was", json_object_get(fo, "value"));
		json_object_set_new(fo, "value", json_string(v));
		*d->result = d->illegible ? "illegible" : "set";
		json_object_set_new(fo, "by", json_string(d->by));
		json_object_set_new(fo, "at", json_string(ts));
	} else
		*d->result = "disputed";
	json_object_set_new(fo, "status", json_string(*d->result));
	free(v);
	return 1;
}

/* Confirms every field of the row still under review: how many. */
static int
confirm_all(json_t *fields, const char *by, const char *ts)
{
	json_t		*fo;
	const char	*k, *s;
	int		 count = 0;

	json_object_foreach(fields, k, fo) {
		s = json_string_value(json_object_get(fo, "status"));
		if (s != NULL && strcmp(s, "review") == 0) {
			json_object_set_new(fo, "status",
			    json_string("confirmed"));
			json_object_set_new(fo, "by", json_string(by));
			json_object_set_new(fo, "at", json_string(ts));
			count++;
		}
	}
	return count;
}

/*
 * A person's value for field d->field of the row's fields (*fop, created
 * when the row had none): set, or a confirmation when it is the value as
 * it stands written another way, or back to what OCR accepted.  0, or
 * minus a STORE_* code; the caller stamps who and when.
 */
static int
decide_set(struct store *st, json_t *fields, json_t **fop,
    const struct decision *d, int year)
{
	enum field	 f = d->field;
	json_t		*fo = *fop;
	struct norm	 n;
	const char	*s;
	int		 rc;

	rc = person_value(st, f, d->value, year, &n);
	if (rc != 0)
		return rc;
	/* The value as it stands, only written another way (a date
	 * as d/m/yyyy, text decomposed): a confirmation. */
	s = fo != NULL ? json_string_value(json_object_get(fo,
	    "value")) : NULL;
	if (d->review && s != NULL && strcmp(s, n.value) == 0 &&
	    strcmp(field_status(fo), "review") == 0) {
		norm_clear(&n);
		json_object_set_new(fo, "status",
		    json_string("confirmed"));
		*d->result = "confirmed";
		return 0;
	}
	if (fo == NULL) {
		fo = json_object();
		json_object_set_new(fields, field_key(f), fo);
		*fop = fo;
	} else if (json_object_get(fo, "value") != NULL)
		json_object_set(fo, "was", json_object_get(fo,
		    "value"));
	/* What OCR was sure of and a person changed: its precision. */
	if (strcmp(field_status(fo), "accepted") == 0 &&
	    strcmp(json_string_value(json_object_get(fo, "value")),
	    n.value) != 0) {
		json_object_set_new(fo, "was_status",
		    json_string("accepted"));
		json_object_set(fo, "accepted_value",
		    json_object_get(fo, "value"));
	}
	/* Changed back to what OCR had accepted: OCR was right. */
	s = json_string_value(json_object_get(fo, "accepted_value"));
	if (s != NULL && strcmp(field_status(fo), "accepted") != 0 &&
	    strcmp(s, n.value) == 0) {
		json_object_set_new(fo, "value", json_string(n.value));
		json_object_set_new(fo, "status",
		    json_string("accepted"));
		json_object_del(fo, "was_status");
		json_object_del(fo, "accepted_value");
		json_object_del(fo, "was");
		*d->result = "confirmed";
		norm_clear(&n);
		return 0;
	}
	json_object_set_new(fo, "value", json_string(n.value));
	json_object_set_new(fo, "status", json_string("set"));
	*d->result = "set";
	norm_clear(&n);
	return 0;
}

/*
 * Applies one decision to the row JSON; returns the fields decided, or
 * minus the STORE_* code of the error.
 */
static int
decide_row(struct store *st, json_t *row, const struct decision *d,
    int year, const char *id)
{
	enum field	 f = d->field;
	const char	*value = d->value, *by = d->by;
	json_t		*fields = json_object_get(row, "fields"), *fo;
	const char	*s;
	char		 ts[32];
	int		 count;

	now_iso(ts, sizeof(ts));
	if (f == FIELD_UNKNOWN)
		return confirm_all(fields, by, ts);
	fo = json_object_get(fields, field_key(f));
	if (d->double_key && fo != NULL &&
	    (strcmp(field_status(fo), "review") == 0 ||
	    strcmp(field_status(fo), "keyed") == 0))
		return key_field(st, fo, d, year, id, ts);
	if (d->double_key && fo != NULL &&
	    strcmp(field_status(fo), "disputed") == 0 &&
	    staging_keyed_by(fo, by))
		return -store_fail(st, STORE_EINPUT, "row %s: the two "
		    "keyings of %s differ; a third reviewer, not one who "
		    "keyed it, decides", id, field_key(f));
	/* Someone else decided this field since the person looked. */
	if (d->seen != NULL && (fo == NULL || (s = json_string_value(
	    json_object_get(fo, "value"))) == NULL || strcmp(s, d->seen) != 0 ||
	    strcmp(field_status(fo), d->seen_status) != 0)) {
		s = fo != NULL ? json_string_value(json_object_get(fo, "by")) :
		    NULL;
		return -store_fail(st, STORE_ECONFLICT, "row %s: %s was "
		    "changed by %s meanwhile; look at it again", id,
		    field_key(f), s != NULL ? s : "someone else");
	}
	if (d->illegible) {
		if (fo == NULL) {
			store_fail(st, STORE_EINPUT, "row %s has no %s",
			    id, field_key(f));
			return -STORE_EINPUT;
		}
		if (json_object_get(fo, "value") != NULL)
			json_object_set(fo, "was", json_object_get(fo,
			    "value"));
		json_object_set_new(fo, "value", json_string(""));
		json_object_set_new(fo, "status", json_string("illegible"));
		*d->result = "illegible";
	} else if (value == NULL) {
		if (fo == NULL) {
			store_fail(st, STORE_EINPUT, "row %s has no %s",
			    id, field_key(f));
			return -STORE_EINPUT;
		}
		s = json_string_value(json_object_get(fo, "value"));
		if (s == NULL || !value_valid(f, s, year)) {
			store_fail(st, STORE_EINPUT, "row %s: %s \"%s\" is not "
			    "valid, so it cannot be confirmed; set it with "
			    "`sogoc set %s %s VALUE`", id, field_key(f),
			    s ? s : "", id, field_key(f));
			return -STORE_EINPUT;
		}
		json_object_set_new(fo, "status", json_string("confirmed"));
		*d->result = "confirmed";
	} else {
		count = decide_set(st, fields, &fo, d, year);
		if (count != 0)
			return count;
	}
	json_object_set_new(fo, "by", json_string(by));
	json_object_set_new(fo, "at", json_string(ts));
	return 1;
}

/*
 * The graduation year of the volume a staged row came from, and whether
 * its fields are keyed twice blind.
 */
static int
source_year(struct store *st, struct store_rd *txn, const uint8_t *sha,
    int *double_key)
{
	struct store_val v;
	json_t		*o, *vol;
	int		 y = 0;

	(void)st;
	*double_key = 0;
	if (store_get(txn, DB_SOURCES, sha, 32, &v) != STORE_OK)
		return 0;
	o = json_loadb(v.data, v.len, 0, NULL);
	vol = json_object_get(o, "volume");
	y = (int)json_integer_value(json_object_get(vol, "year"));
	*double_key = json_is_true(json_object_get(vol, "double_key"));
	json_decref(o);
	return y;
}

static int	 decide(struct store *, const char *, int,
		    const struct decision *, size_t *);

int
staging_decide(struct store *st, const char *id, int page_only,
    enum field f, const char *value, const char *by, size_t *count)
{
	const char	*result;
	struct decision	 d = { f, value, NULL, NULL, 0, by, 0, 0, &result };

	return decide(st, id, page_only, &d, count);
}

int
staging_review(struct store *st, const char *id, enum field f,
    const char *value, int illegible, const char *seen,
    const char *seen_status, const char *by, const char **result)
{
	struct decision	 d = { f, value, seen, seen_status, illegible, by, 1,
			    0, result };
	size_t		 n;

	if (f == FIELD_UNKNOWN || (seen == NULL) != (seen_status == NULL))
		return store_fail(st, STORE_EINPUT, "a review names one "
		    "field and what was seen of it");
	return decide(st, id, 0, &d, &n);
}

/* What decide_one() applies, and what it did. */
struct decide_ctx {
	struct store		*st;
	struct store_txn	*t;
	const struct decision	*d;
	int			 year, page_only;
	size_t			*count;
	char			 rid[64];
};

/*
 * Applies the decision to one staged row of the page or the row asked for
 * (store_each() in the write transaction), replacing it in place.
 */
static int
decide_one(const struct store_val *k, const struct store_val *v, void *arg)
{
	struct decide_ctx	*x = arg;
	struct store		*st = x->st;
	uint8_t			 key[STAGE_KEYLEN];
	json_t			*row;
	json_error_t		 jerr;
	char			*dump;
	uint64_t		 rec;
	int			 rc, n, dup;

	if (k->len != STAGE_KEYLEN)
		return STORE_STOP;
	row_id(k->data, x->rid, sizeof(x->rid));
	if (published_get(st, store_txn_rd(x->t), k->data, &rec, &dup)) {
		if (x->page_only)
			return STORE_OK;
		return store_fail(st, STORE_ECONFLICT, "row %s was published "
		    "as record %" PRIu64 "; change it with `sogoc correct`",
		    x->rid, rec);
	}
	row = json_loadb(v->data, v->len, 0, &jerr);
	if (row == NULL)
		return store_fail(st, STORE_ECORRUPT, "row %s does not "
		    "parse: %s", x->rid, jerr.text);
	n = decide_row(st, row, x->d, x->year, x->rid);
	if (n < 0) {
		json_decref(row);
		return -n;
	}
	*x->count += (size_t)n;
	/* The key points into the map: copied before the writes. */
	memcpy(key, k->data, STAGE_KEYLEN);
	rc = ready_set(st, x->t, key, row, NULL, NULL);
	dump = rc == STORE_OK ? json_dumps(row, JSON_COMPACT) : NULL;
	json_decref(row);
	if (dump == NULL)
		return rc == STORE_OK ? store_fail(st, STORE_ENOMEM, "out of "
		    "memory") : rc;
	/* Replaced in place, so the walk goes on from here. */
	rc = counts_apply(x->t, NULL, key, NULL, -1);
	if (rc == STORE_OK)
		rc = store_put(x->t, DB_STAGING, key, STAGE_KEYLEN, dump,
		    strlen(dump), 0, NULL);
	free(dump);
	if (rc == STORE_OK)
		rc = counts_apply(x->t, NULL, key, NULL, 1);
	if (rc != STORE_OK)
		return rc;
	return x->page_only ? STORE_OK : STORE_STOP;
}

static int
decide(struct store *st, const char *id, int page_only,
    const struct decision *d, size_t *count)
{
	struct decide_ctx	 x = { .st = st, .page_only = page_only,
				    .count = count };
	struct decision		 dd;
	int			 dk;
	enum field		 f = d->field;
	uint8_t			 key[STAGE_KEYLEN], sha[32];
	const char		*colon;
	char			*end;
	unsigned long		 page, rowno = 0;
	int			 rc;

	*count = 0;
	colon = strchr(id, ':');
	if (colon == NULL)
		return store_fail(st, STORE_EINPUT, "%s is not a row id "
		    "(HEX:PAGE:ROW, see `sogoc staged`)", id);
	errno = 0;
	page = strtoul(colon + 1, &end, 10);
	if (!page_only && *end == ':' && end[1] >= '0' && end[1] <= '9')
		rowno = strtoul(end + 1, &end, 10);
	if (errno != 0 || page == 0 || page > 100000 || *end != '\0' ||
	    (!page_only && (rowno == 0 || rowno > 10000)) ||
	    colon[1] < '0' || colon[1] > '9')
		return store_fail(st, STORE_EINPUT, "%s is not a %s id "
		    "(see `sogoc staged`)", id, page_only ? "page (HEX:PAGE)" :
		    "row (HEX:PAGE:ROW)");
	rc = store_wr_begin(st, &x.t);
	if (rc != STORE_OK)
		return rc;
	rc = find_source(st, store_txn_rd(x.t), id, (size_t)(colon - id), sha);
	if (rc != STORE_OK)
		goto fail;
	x.year = source_year(st, store_txn_rd(x.t), sha, &dk);
	dd = *d;
	dd.double_key = d->review && dk;
	x.d = &dd;
	stage_key(sha, (uint32_t)page, (uint32_t)rowno, key);
	/* The page's rows (its file and page), or the one row. */
	rc = store_each(store_txn_rd(x.t), DB_STAGING, key, STAGE_KEYLEN,
	    page_only ? 36 : STAGE_KEYLEN, decide_one, &x);
	if (rc != STORE_OK)
		goto fail;
	if (*count == 0 && !page_only && f == FIELD_UNKNOWN) {
		rc = store_fail(st, STORE_EINPUT, "row %s has no field under "
		    "review", id);
		goto fail;
	}
	if (x.rid[0] == '\0') {
		rc = store_fail(st, STORE_ENOTFOUND, "no staged %s %s",
		    page_only ? "page" : "row", id);
		goto fail;
	}
	return store_wr_commit(x.t, NULL);
fail:
	store_wr_abort(x.t);
	return rc;
}

/*
 * One keyed row of a page to key: its fields checked and normalised into
 * fo ({key: {value, status "set", by, at}}); each refusal is appended to
 * bad as [rowno, key, "invalid" | "missing"].  Returns 1 when the row
 * holds a value, 0 when it is blank, minus a STORE_* code on failure.
 */
static int
key_row(struct store *st, json_t *in, int year, size_t rowno,
    const char *by, const char *ts, json_t *fo, json_t *bad)
{
	static const enum field required[] = { FIELD_FULL_NAME,
	    FIELD_DATE_OF_BIRTH };
	struct norm	 n;
	const char	*k, *v;
	json_t		*o;
	enum field	 f;
	size_t		 i;
	int		 blank = 1, rc;

	if (!json_is_object(in))
		return -store_fail(st, STORE_EINPUT, "row %zu is not an "
		    "object of fields", rowno);
	json_object_foreach(in, k, o) {
		v = json_string_value(o);
		f = field_from_key(k);
		if (v == NULL || f == FIELD_UNKNOWN ||
		    !event_field_allowed(f))
			return -store_fail(st, STORE_EINPUT, "row %zu: \"%s\" "
			    "is not a field of the registry with a text value",
			    rowno, k);
		if (v[strspn(v, " \t")] != '\0')
			blank = 0;
	}
	if (blank)
		return 0;
	json_object_foreach(in, k, o) {
		v = json_string_value(o);
		if (v[strspn(v, " \t")] == '\0')
			continue;
		f = field_from_key(k);
		rc = person_value(st, f, v, year, &n);
		if (rc == -STORE_EINPUT) {
			json_array_append_new(bad, json_pack("[I, s, s]",
			    (json_int_t)rowno, k, "invalid"));
			continue;
		}
		if (rc != 0)
			return rc;
		o = json_pack("{s:s, s:s, s:s, s:s}", "value", n.value,
		    "status", "set", "by", by, "at", ts);
		norm_clear(&n);
		if (o == NULL)
			return -store_fail(st, STORE_ENOMEM, "out of memory");
		json_object_set_new(fo, k, o);
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		v = json_string_value(json_object_get(in,
		    field_key(required[i])));
		if (v == NULL || v[strspn(v, " \t")] == '\0')
			json_array_append_new(bad, json_pack("[I, s, s]",
			    (json_int_t)rowno, field_key(required[i]),
			    "missing"));
	}
	return 1;
}

int
staging_key_page(struct store *st, const char *page, json_t *rows,
    const char *by, size_t *count, json_t **bad)
{
	struct store_txn	*t;
	struct store_val	 v;
	uint8_t			 key[STAGE_KEYLEN], rk[STAGE_KEYLEN];
	json_t			*entry = NULL, *in, *row, *fo, *done;
	char			 ts[32];
	size_t			 i, n = 0;
	int			 rc, dk, year;

	*count = 0;
	*bad = json_array();
	if (*bad == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (!json_is_array(rows) || json_array_size(rows) > 1000)
		return store_fail(st, STORE_EINPUT, "the rows of a page are a "
		    "list of at most 1000");
	now_iso(ts, sizeof(ts));
	rc = store_wr_begin(st, &t);
	if (rc != STORE_OK)
		return rc;
	rc = page_prefix(st, store_txn_rd(t), page, key);
	if (rc != STORE_OK)
		goto fail;
	rc = store_get(store_txn_rd(t), DB_STAGING, key, STAGE_KEYLEN, &v);
	entry = rc == STORE_OK ? json_loadb(v.data, v.len, 0, NULL) : NULL;
	if (json_object_get(entry, "to_key") == NULL) {
		rc = store_fail(st, STORE_ENOTFOUND, "%s is not a page to key "
		    "by hand", page);
		goto fail;
	}
	if (json_object_get(json_object_get(entry, "to_key"), "keyed") !=
	    NULL) {
		rc = store_fail(st, STORE_ECONFLICT, "page %s was keyed "
		    "meanwhile", page);
		goto fail;
	}
	year = source_year(st, store_txn_rd(t), key, &dk);
	json_array_foreach(rows, i, in) {
		row = json_pack("{s:O, s:O, s:I, s:b, s:{}}", "source",
		    json_object_get(entry, "source"), "page",
		    json_object_get(entry, "page"), "row", (json_int_t)(n + 1),
		    "by_hand", 1, "fields");
		if (row == NULL) {
			rc = store_fail(st, STORE_ENOMEM, "out of memory");
			goto fail;
		}
		copy_straightening(entry, row);
		fo = json_object_get(row, "fields");
		rc = key_row(st, in, year, i + 1, by, ts, fo, *bad);
		if (rc <= 0 || json_array_size(*bad) > 0) {
			json_decref(row);
			if (rc < 0) {
				rc = -rc;
				goto fail;
			}
			continue;
		}
		n++;
		stage_key(key, (uint32_t)(store_get_u64(key + 32) >> 32),
		    (uint32_t)n, rk);
		rc = put_json(st, t, NULL, rk, row, STORE_NOOVERWRITE);
		if (rc == STORE_OK)
			rc = ready_set(st, t, rk, row, NULL, NULL);
		json_decref(row);
		if (rc != STORE_OK)
			goto fail;
	}
	if (json_array_size(*bad) > 0) {
		rc = store_fail(st, STORE_EINPUT, "%zu values were refused; "
		    "nothing was stored", json_array_size(*bad));
		goto fail;
	}
	/* The page leaves the queue; its rows say who keyed them. */
	done = json_pack("{s:s, s:s, s:I}", "by", by, "at", ts, "rows",
	    (json_int_t)n);
	if (done == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto fail;
	}
	json_object_set_new(json_object_get(entry, "to_key"), "keyed", done);
	rc = put_json(st, t, NULL, key, entry, 0);
	if (rc != STORE_OK)
		goto fail;
	json_decref(entry);
	*count = n;
	return store_wr_commit(t, NULL);
fail:
	json_decref(entry);
	store_wr_abort(t);
	return rc;
}
