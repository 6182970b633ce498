/*
 * staging_counts.c: what a staged row adds to its page's figures (rows,
 * published, held, fields to review, OCR's precision), the one function
 * that says it, and the count of every page from its rows
 * (staging_counts.h).
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

#define PAGE_KEYLEN		36	/* SHA-256, u32 page */

/* The figures, one by one. */
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

	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		s = json_string_value(json_object_get(fo, "status"));
		if (s == NULL)
			continue;
		if (staging_unsettled(s))
			c->unsettled++;
		/* Values keyed by hand were never OCR's: no part of its. */
		if (json_is_true(json_object_get(row, "by_hand")))
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
	uint64_t	*idx = NULL, last;
	size_t		 n = 0;
	int		 rc;

	*changed = 0;
	rc = store_record_events(st, rd, rec, &idx, &n);
	free(idx);
	if (rc == STORE_ENOTFOUND || (rc == STORE_OK && n < 2))
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
	w = row_blocker(row);
	if (pub)
		c->published = 1;
	else if (w != NULL && strcmp(w, "fields to review") != 0)
		c->held = 1;
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
	uint8_t		 only[STAGE_KEYLEN];
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.st = st;
	r.page = page != NULL;
	r.fn = fn;
	r.arg = arg;
	rc = store_rd_begin(st, &r.rd);
	if (rc != STORE_OK)
		return rc;
	if (page != NULL) {
		rc = page_prefix(st, r.rd, page, only);
		if (rc == STORE_OK)
			rc = store_each(r.rd, DB_STAGING, only, STAGE_KEYLEN,
			    PAGE_KEYLEN, recount_row, &r);
	} else
		rc = store_each(r.rd, DB_STAGING, NULL, 0, 0, recount_row, &r);
	if (rc == STORE_OK && !r.stopped)
		rc = recount_flush(&r);
	store_rd_end(r.rd);
	return rc == STORE_STOP ? STORE_OK : rc;
}
