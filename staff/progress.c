/*
 * progress.c: digitisation progress and measured precision (progress.h):
 * the registry's figures per page (staging_counts.h), put into volumes
 * by the label of their source's volume.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "progress.h"
#include "staging.h"

struct reader {
	struct progress	*p;
	json_t		*sources;	/* hex -> source JSON */
	size_t		 cap_pages, cap_volumes;
	int		 failed;
};

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

/* One page's figures, into its volume's. */
static int
take_page(void *arg, const struct staging_page_count *spg)
{
	struct reader		*r = arg;
	struct progress		*p = r->p;
	struct progress_page	*pg, *np;
	char			 h12[13];

	if (p->npages == r->cap_pages) {
		r->cap_pages = r->cap_pages ? r->cap_pages * 2 : 64;
		np = reallocarray(p->pages, r->cap_pages, sizeof(*np));
		if (np == NULL) {
			r->failed = 1;
			return 1;
		}
		p->pages = np;
	}
	pg = &p->pages[p->npages];
	memset(pg, 0, sizeof(*pg));
	snprintf(pg->id, sizeof(pg->id), "%s", spg->id);
	snprintf(pg->source, sizeof(pg->source), "%s", spg->source);
	snprintf(h12, sizeof(h12), "%.12s", spg->id);
	pg->volume = volume_of(r, h12);
	if (r->failed)
		return 1;
	pg->c = spg->c;
	pg->to_key = spg->c.keyed ? 2 : spg->c.to_key ? 1 : 0;
	pg->key_rows = spg->c.key_rows;
	p->npages++;
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
	r.p = p;
	r.sources = json_object();
	if (r.sources == NULL)
		return STORE_ENOMEM;
	rc = staging_sources(st, keep_source, &r);
	if (rc == STORE_OK)
		rc = page != NULL ? staging_counts_recount(st, page, take_page,
		    &r) : staging_counts_pages(st, take_page, &r);
	json_decref(r.sources);
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
		staging_count_add(&v->c, &p->pages[i].c, 1);
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
