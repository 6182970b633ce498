/*
 * progress.c: digitisation progress and measured precision (progress.h).
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "progress.h"
#include "records.h"
#include "staging.h"

struct reader {
	struct store	*st;
	struct store_rd	*txn;		/* counts a record's events */
	struct progress	*p;
	json_t		*sources;	/* hex -> source JSON */
	size_t		 cap_pages, cap_volumes;
	int		 failed;
};

int
progress_unsettled(const char *s)
{
	return strcmp(s, "review") == 0 || strcmp(s, "keyed") == 0 ||
	    strcmp(s, "disputed") == 0;
}

static int
keep_source(void *arg, const char *hex, json_t *src)
{
	struct reader	*r = arg;
	char		 h12[13];

	snprintf(h12, sizeof(h12), "%.12s", hex);
	json_object_set(r->sources, h12, src);
	return 0;
}

/* The volume of source hex12, added when first seen. */
static size_t
volume_of(struct reader *r, const char *hex12)
{
	struct progress_volume	*v, *nv;
	json_t			*src, *vol;
	const char		*s, *type, *auth;
	char			 label[256];
	size_t			 i;

	src = json_object_get(r->sources, hex12);
	vol = json_object_get(src, "volume");
	type = json_string_value(json_object_get(vol, "type"));
	auth = json_string_value(json_object_get(vol, "authority"));
	snprintf(label, sizeof(label), "%s %lld%s%s", type ? type : "?",
	    (long long)json_integer_value(json_object_get(vol, "year")),
	    auth ? " · " : "", auth ? auth : "");
	for (i = 0; i < r->p->nvolumes; i++)
		if (strcmp(r->p->volumes[i].label, label) == 0)
			return i;
	if (r->p->nvolumes == r->cap_volumes) {
		r->cap_volumes = r->cap_volumes ? r->cap_volumes * 2 : 16;
		nv = reallocarray(r->p->volumes, r->cap_volumes, sizeof(*nv));
		if (nv == NULL) {
			r->failed = 1;
			return SIZE_MAX;
		}
		r->p->volumes = nv;
	}
	v = &r->p->volumes[r->p->nvolumes];
	memset(v, 0, sizeof(*v));
	snprintf(v->hex, sizeof(v->hex), "%s", hex12);
	snprintf(v->label, sizeof(v->label), "%s", label);
	snprintf(v->month, sizeof(v->month), "%.7s",
	    (s = json_string_value(json_object_get(src, "imported"))) ? s :
	    "");
	v->double_key = json_is_true(json_object_get(vol, "double_key"));
	return r->p->nvolumes++;
}

static void
count_fields(struct reader *r, json_t *row, struct progress_count *c)
{
	json_t		*fo, *rec = NULL, *now;
	const char	*k, *s, *was, *v, *cur;
	uint64_t	 n, *idx = NULL;
	size_t		 nev = 0;

	/* Values keyed by hand were never OCR's: no part of its figures. */
	if (json_is_true(json_object_get(row, "by_hand"))) {
		json_object_foreach(json_object_get(row, "fields"), k, fo) {
			s = json_string_value(json_object_get(fo, "status"));
			if (s != NULL && progress_unsettled(s))
				c->unsettled++;
		}
		return;
	}
	/* Only a record changed since its issue needs reading whole. */
	n = (uint64_t)json_integer_value(json_object_get(row, "record"));
	if (n > 0 && r->txn != NULL && store_record_events(r->st, r->txn, n,
	    &idx, &nev) == STORE_OK && nev > 1 &&
	    records_json(r->st, n, &rec) != STORE_OK)
		rec = NULL;
	free(idx);
	now = json_object_get(rec, "fields");
	json_object_foreach(json_object_get(row, "fields"), k, fo) {
		s = json_string_value(json_object_get(fo, "status"));
		if (s == NULL)
			continue;
		was = json_string_value(json_object_get(fo, "was_status"));
		if (progress_unsettled(s))
			c->unsettled++;
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
			cur = json_string_value(json_object_get(now, k));
			if (now != NULL && v != NULL && cur != NULL &&
			    strcmp(v, cur) != 0)
				c->accepted_changed++;
		}
	}
	json_decref(rec);
}

static void
add(struct progress_count *to, const struct progress_count *c)
{
	to->rows += c->rows;
	to->published += c->published;
	to->held += c->held;
	to->unsettled += c->unsettled;
	to->flagged += c->flagged;
	to->confirmed += c->confirmed;
	to->set += c->set;
	to->illegible += c->illegible;
	to->accepted += c->accepted;
	to->accepted_changed += c->accepted_changed;
}

static int
count_row(void *arg, const char *id, json_t *row)
{
	struct reader		*r = arg;
	struct progress		*p = r->p;
	struct progress_page	*pg, *np;
	struct progress_count	 c;
	json_t			*tk;
	const char		*colon = strrchr(id, ':'), *w;
	char			 pid[32], h12[13];

	snprintf(pid, sizeof(pid), "%.*s", (int)(colon - id), id);
	pg = p->npages > 0 ? &p->pages[p->npages - 1] : NULL;
	if (pg == NULL || strcmp(pg->id, pid) != 0) {
		if (p->npages == r->cap_pages) {
			r->cap_pages = r->cap_pages ? r->cap_pages * 2 : 64;
			np = reallocarray(p->pages, r->cap_pages,
			    sizeof(*np));
			if (np == NULL) {
				r->failed = 1;
				return 1;
			}
			p->pages = np;
		}
		pg = &p->pages[p->npages];
		memset(pg, 0, sizeof(*pg));
		snprintf(pg->id, sizeof(pg->id), "%s", pid);
		snprintf(pg->source, sizeof(pg->source), "%s",
		    json_string_value(json_object_get(row, "source")));
		snprintf(h12, sizeof(h12), "%.12s", id);
		pg->volume = volume_of(r, h12);
		if (r->failed)
			return 1;
		p->npages++;
	}
	/* A page to key is a page, not a row. */
	tk = json_object_get(row, "to_key");
	if (tk != NULL) {
		pg->to_key = json_object_get(tk, "keyed") != NULL ? 2 : 1;
		pg->key_rows = (int)json_integer_value(json_object_get(tk,
		    "rows"));
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.rows = 1;
	w = json_string_value(json_object_get(row, "waiting"));
	if (json_object_get(row, "record") != NULL ||
	    json_object_get(row, "duplicate_of") != NULL)
		c.published = 1;
	else if (w != NULL && strcmp(w, "fields to review") != 0)
		c.held = 1;
	count_fields(r, row, &c);
	add(&pg->c, &c);
	return 0;
}

int
progress_read(struct store *st, const char *page, struct progress *p)
{
	struct reader		 r;
	struct progress_volume	*v;
	size_t			 i;
	int			 rc;

	memset(p, 0, sizeof(*p));
	memset(&r, 0, sizeof(r));
	r.st = st;
	r.p = p;
	r.sources = json_object();
	if (r.sources == NULL)
		return STORE_ENOMEM;
	if (store_rd_begin(st, &r.txn) != STORE_OK)
		r.txn = NULL;
	rc = staging_sources(st, keep_source, &r);
	if (rc == STORE_OK)
		rc = page != NULL ? staging_list_page(st, page, 1, count_row,
		    &r) : staging_list(st, 1, count_row, &r);
	json_decref(r.sources);
	if (r.txn != NULL)
		store_rd_end(r.txn);
	if (rc == STORE_OK && r.failed)
		rc = STORE_ENOMEM;
	if (rc != STORE_OK) {
		progress_clear(p);
		return rc;
	}
	for (i = 0; i < p->npages; i++) {
		v = &p->volumes[p->pages[i].volume];
		v->pages++;
		if (p->pages[i].to_key == 1) {
			v->pages_to_key++;
			continue;
		}
		if (p->pages[i].c.unsettled == 0)
			v->pages_settled++;
		if (p->pages[i].c.published == p->pages[i].c.rows)
			v->pages_published++;
		add(&v->c, &p->pages[i].c);
	}
	return STORE_OK;
}

void
progress_clear(struct progress *p)
{
	free(p->pages);
	free(p->volumes);
	memset(p, 0, sizeof(*p));
}
