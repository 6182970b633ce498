/*
 * monitor_fetch.c: what the monitor fetches (monitor.h): one GET of a
 * path under the log's URL, a tile of an exact length, a bundle parsed
 * strictly, and a window of bundles and their level-0 tiles fetched ahead
 * (fetch_many(): io->parallel kept-alive connections, gzip welcome; or
 * io->parallel threads of io->get), which the run then takes in order as
 * if it had fetched each itself (the same checks, counts and messages).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "monitor_int.h"

/* The URL of path under the log's into url (MON_URL_MAX bytes): 0, -1. */
static int
make_url(const struct mon_run *r, const char *path, char *url)
{
	size_t	 ul = strlen(r->log->url);
	int	 n;

	n = snprintf(url, MON_URL_MAX, "%s%s%s", r->log->url,
	    ul > 0 && r->log->url[ul - 1] == '/' ? "" : "/", path);
	return n < 0 || n >= MON_URL_MAX ? -1 : 0;
}

/* The GET itself: io's get, else fetch_get(). */
static int
do_get(const struct mon_run *r, const char *url, size_t max, char **body,
    size_t *len, long *status, char *err, size_t errsz)
{
	if (r->io->get != NULL)
		return r->io->get(r->io->get_arg, url, max, body, len, status,
		    err, errsz);
	return fetch_get(url, max, body, len, status, err, errsz);
}

/*
 * The answer fetched ahead for path, now the caller's: one over the cap
 * max it is asked for with is an error, as fetch_get() would give.
 */
static struct mon_pre *
take_pre(struct mon_run *r, const char *path, size_t max)
{
	size_t	 i;

	for (i = 0; i < r->npre; i++)
		if (!r->pre[i].taken && strcmp(r->pre[i].path, path) == 0) {
			r->pre[i].taken = 1;
			if (r->pre[i].rc == 0 && r->pre[i].len > max) {
				r->pre[i].rc = -1;
				snprintf(r->pre[i].err, sizeof(r->pre[i].err),
				    "%.300s: the answer is too long",
				    r->pre[i].url);
			}
			return &r->pre[i];
		}
	return NULL;
}

int
mon_get(struct mon_run *r, const char *path, size_t max, char **body,
    size_t *len)
{
	struct mon_pre	*p;
	char		 url[MON_URL_MAX], err[MON_ERR_MAX];
	long		 status;
	int		 n;

	if (make_url(r, path, url) != 0)
		return mon_fail(r, MONITOR_EFETCH, "URL too long: %s", path);
	r->res->requests++;
	p = take_pre(r, path, max);
	if (p != NULL) {
		n = p->rc;
		*body = p->body;
		*len = p->len;
		status = p->status;
		memcpy(err, p->err, sizeof(err));
		p->body = NULL;
	} else
		n = do_get(r, url, max, body, len, &status, err, sizeof(err));
	if (n != 0)
		return mon_fail(r, MONITOR_EFETCH, "%s", err);
	r->res->bytes += *len;
	if (status != 200) {
		free(*body);
		*body = NULL;
		return mon_fail(r, MONITOR_EFETCH, "GET %s: HTTP status %ld",
		    url, status);
	}
	return MONITOR_OK;
}

/* Fetches tile (L, n) of width w: exactly w hashes, else EBAD. */
int
mon_get_tile(struct mon_run *r, int L, uint64_t n, unsigned int w,
    char **body, char *path, size_t pathsz)
{
	size_t	 len;
	int	 rc;

	if (tile_path(L, n, w, path, pathsz) != TILE_OK)
		return mon_fail(r, MONITOR_ELOCAL, "no path for tile %d/%llu",
		    L, (unsigned long long)n);
	rc = mon_get(r, path, MON_TILE_MAX, body, &len);
	if (rc != MONITOR_OK)
		return rc;
	if (len != (size_t)w * MERKLE_HASH_LEN) {
		free(*body);
		*body = NULL;
		return mon_fail(r, MONITOR_EBAD, "%s has %zu bytes, not %u",
		    path, len, w * MERKLE_HASH_LEN);
	}
	return MONITOR_OK;
}

/* Parses the bundle path names, of w entries, strictly. */
static int
parse_bundle(struct mon_run *r, const char *path, const char *body,
    size_t len, unsigned int w, struct tile_entry *e)
{
	size_t	 where = 0;

	switch (tile_bundle_parse((const uint8_t *)body, len, w, e, &where)) {
	case TILE_OK:
		return MONITOR_OK;
	case TILE_ESHORT:
		return mon_fail(r, MONITOR_EBAD, "%s cut short: it ends in "
		    "entry %zu of %u", path, where, w);
	case TILE_ELONG:
		return mon_fail(r, MONITOR_EBAD, "%s has bytes after its %u "
		    "entries", path, w);
	default:
		return mon_fail(r, MONITOR_EBAD, "%s is not a bundle of %u "
		    "entries", path, w);
	}
}

int
mon_get_bundle(struct mon_run *r, uint64_t n, unsigned int w, char **body,
    struct tile_entry *e, char *path, size_t pathsz)
{
	size_t	 len;
	int	 rc;

	if (tile_path(TILE_ENTRIES, n, w, path, pathsz) != TILE_OK)
		return mon_fail(r, MONITOR_ELOCAL, "no path for bundle");
	rc = mon_get(r, path, MON_BUNDLE_MAX(w), body, &len);
	if (rc == MONITOR_OK)
		rc = parse_bundle(r, path, *body, len, w, e);
	return rc;
}


struct pre_job {
	struct mon_run	*r;
	size_t		 next;
	pthread_mutex_t	 mu;
};

/* io->get's threads: each fetches slots until none is left. */
static void *
pre_worker(void *arg)
{
	struct pre_job	*j = arg;
	struct mon_pre	*p;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&j->mu);
		i = j->next++;
		pthread_mutex_unlock(&j->mu);
		if (i >= j->r->npre)
			return NULL;
		p = &j->r->pre[i];
		p->rc = do_get(j->r, p->url, p->max, &p->body, &p->len,
		    &p->status, p->err, sizeof(p->err));
	}
}

static void
pre_threads(struct mon_run *r, unsigned int win)
{
	struct pre_job	 j;
	pthread_t	 th[MON_WINDOW_MAX];
	size_t		 i, nth = 0;

	j.r = r;
	j.next = 0;
	pthread_mutex_init(&j.mu, NULL);
	for (i = 1; i < win && i < r->npre; i++)
		if (pthread_create(&th[nth], NULL, pre_worker, &j) == 0)
			nth++;
	pre_worker(&j);
	for (i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&j.mu);
}

/*
 * fetch_many() of the slots whose cap is max (bundles, or tiles): over
 * win kept-alive connections, gzip welcome.  A slot's answer longer than
 * its own cap is refused when taken (mon_get()).
 */
static void
pre_many(struct mon_run *r, size_t max, unsigned int win)
{
	struct fetch_item	 it[2 * MON_WINDOW_MAX];
	struct fetch_limits	 lim = { max, 0, 0 };
	struct mon_pre		*p, *slot[2 * MON_WINDOW_MAX];
	char			 err[MON_ERR_MAX];
	size_t			 i, n = 0;
	int			 rc;

	memset(it, 0, sizeof(it));
	for (i = 0; i < r->npre; i++)
		if ((r->pre[i].max > MON_TILE_MAX) == (max > MON_TILE_MAX)) {
			slot[n] = &r->pre[i];
			it[n++].url = r->pre[i].url;
		}
	if (n == 0)
		return;
	rc = fetch_many(it, n, win, &lim, NULL, err, sizeof(err));
	for (i = 0; i < n; i++) {
		p = slot[i];
		p->rc = rc == 0 && it[i].result == FETCH_OK ? 0 : -1;
		if (p->rc != 0)
			/* The URL's start is enough to name it. */
			snprintf(p->err, sizeof(p->err), "%.300s: %.160s",
			    p->url, rc != 0 ? err : it[i].err);
		p->status = it[i].status;
		p->body = it[i].body;
		p->len = it[i].len;
		it[i].body = NULL;
	}
	fetch_items_clear(it, n);
}

void
mon_prefetch_clear(struct mon_run *r)
{
	size_t	 i;

	for (i = 0; i < r->npre; i++)
		free(r->pre[i].body);
	r->npre = 0;
}

/*
 * Adds tile or bundle (L, n, w), asked for with cap max, to the window;
 * one without a path or URL is left out (mon_get() says why if asked).
 */
static void
pre_add(struct mon_run *r, int L, uint64_t n, unsigned int w, size_t max)
{
	struct mon_pre	*p = &r->pre[r->npre];

	memset(p, 0, sizeof(*p));
	if (tile_path(L, n, w, p->path, sizeof(p->path)) != TILE_OK ||
	    make_url(r, p->path, p->url) != 0)
		return;
	p->max = max;
	r->npre++;
}

int
mon_prefetch(struct mon_run *r, uint64_t n, uint64_t to)
{
	uint64_t	 end = (to + TILE_WIDTH - 1) / TILE_WIDTH;
	unsigned int	 win = r->io->parallel, w;

	if (win < 2)
		return MONITOR_OK;
	if (win > MON_WINDOW_MAX)
		win = MON_WINDOW_MAX;
	mon_prefetch_clear(r);
	if (r->pre == NULL) {
		r->pre = calloc(2 * MON_WINDOW_MAX, sizeof(*r->pre));
		if (r->pre == NULL)
			return mon_fail(r, MONITOR_ELOCAL, "out of memory");
	}
	for (; n < end && r->npre + 2 <= 2 * (size_t)win; n++) {
		w = n < tile_full(to, 0) ? TILE_WIDTH : tile_width(to, 0);
		pre_add(r, TILE_ENTRIES, n, w, MON_BUNDLE_MAX(w));
		if (w == TILE_WIDTH)
			pre_add(r, 0, n, TILE_WIDTH, MON_TILE_MAX);
	}
	r->pre_next = n;
	if (r->io->get != NULL) {
		pre_threads(r, win);
		return MONITOR_OK;
	}
	pre_many(r, MON_BUNDLE_MAX(TILE_WIDTH), win);
	pre_many(r, MON_TILE_MAX, win);
	return MONITOR_OK;
}
