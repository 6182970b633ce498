/*
 * batch.c: the worker pool behind `sogoc ocr` (see batch.h).
 */
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <leptonica/allheaders.h>

#include "batch.h"
#include "image.h"
#include "page.h"
#include "keypage.h"
#include "recog.h"
#include "spread.h"

/* One page read: a whole image, or one half of a two-page spread. */
struct part {
	int		 rc;		/* PAGE_* or -1 for an image error */
	char		 err[256];
	struct page_read pr;
	int		 key;		/* a page to key by hand: kp */
	struct keypage	 kp;
};

/*
 * One image of an input.  Its pages are numbered when they are delivered,
 * in order, so a spread's two pages take two numbers whichever worker
 * read them and when.
 */
struct task {
	int		 input;		/* index into paths */
	int		 page;		/* 0-based */
	int		 done;
	int		 nparts;	/* 1, or 2 for a spread */
	struct part	 part[2];
};

struct pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct task		*tasks;
	int			 ntasks;
	int			 next;		/* next task to hand out */
	int			 stop;
	struct image		**images;
	const struct batch_opts	*opts;
	int			 init_failed;
	char			 init_err[256];
};

struct worker {
	pthread_t	 thread;
	struct pool	*pool;
};

/*
 * A page the reader could not read as a table, or from which it got far
 * fewer rows than the page holds, becomes a page to key by hand (SPEC
 * section 3: it reaches staff, never only an error line).  The rows of
 * a page read so partially are not written: a table read that badly
 * cannot vouch for them, and staff key the page whole.  pix is the page
 * read: a whole image (h NULL) or the half h of a spread, cut out.
 */
static void
key_part(struct pool *p, PIX *pix, struct part *t,
    const struct spread_half *h)
{
	struct keypage	*k = &t->kp;
	int		 i, nread = 0;

	/* A row without a field (a profile ignoring every column) is no
	 * entry anyone could use. */
	for (i = 0; t->rc == PAGE_OK && i < t->pr.nrows; i++)
		if (t->pr.rows[i].nfields > 0)
			nread++;
	memset(k, 0, sizeof(*k));
	switch (t->rc) {
	case PAGE_OK:
		/* Out of memory: no estimate, so the rows read stand. */
		k->rotation = t->pr.rotation;
		k->skew = t->pr.skew;
		(void)keypage_estimate(pix, k, 1);
		if (!keypage_too_few(nread, k->rows))
			return;
		k->why = KEY_WHY_TOO_FEW;
		k->rows_read = nread;
		if (nread == 0)
			(void)snprintf(k->error, sizeof(k->error), "no row "
			    "could be read from the table");
		else
			(void)snprintf(k->error, sizeof(k->error), "only %d "
			    "of about %d rows could be read", nread, k->rows);
		page_read_clear(&t->pr);
		break;
	case PAGE_ENOTABLE:
		k->why = KEY_WHY_NO_TABLE;
		break;
	case PAGE_ENOHEADER:
		k->why = KEY_WHY_NO_HEADER;
		break;
	case PAGE_EPROFILE:
		k->why = KEY_WHY_PROFILE;
		break;
	default:
		return;		/* out of memory, Tesseract: an error */
	}
	if (t->rc != PAGE_OK) {
		(void)keypage_estimate(pix, k, 0);
		(void)snprintf(k->error, sizeof(k->error), "%s", t->err);
	}
	t->key = 1;
	if (h != NULL) {
		k->half = h->side;
		memcpy(k->region, h->box, sizeof(k->region));
	}
	if (p->opts->keep_crops)
		k->image = page_straighten(pix, k->rotation, k->skew);
}

/* Reads one half of a spread into pt, its failure named by the half. */
static void
read_half(struct pool *p, struct recog *r, PIX *pix,
    const struct spread_half *h, struct part *pt)
{
	char	 err[sizeof(pt->err) - 40];
	PIX	*cut;

	cut = spread_cut(pix, h->box);
	if (cut == NULL) {
		pt->rc = PAGE_ENOMEM;
		(void)snprintf(err, sizeof(err), "out of memory");
	} else
		pt->rc = page_read(r, cut, p->opts->profile,
		    p->opts->keep_crops, &pt->pr, err, sizeof(err));
	/* Truncation only shortens the message. */
	if (pt->rc != PAGE_OK)
		(void)snprintf(pt->err, sizeof(pt->err), "the %s page of a "
		    "two-page spread: %s", spread_side_name(h->side), err);
	if (cut != NULL)
		key_part(p, cut, pt, h);
	pixDestroy(&cut);
	if (pt->rc != PAGE_OK || pt->key)
		return;
	pt->pr.half = h->side;
	memcpy(pt->pr.region, h->box, sizeof(pt->pr.region));
}

static void
run_task(struct pool *p, struct recog *r, struct task *t)
{
	struct spread_half	 half[2];
	struct part		 tmp;
	PIX			*pix = NULL;
	int			 rc, i;

	t->nparts = 1;
	rc = image_read_page(p->images[t->input], t->page, &pix,
	    t->part[0].err, sizeof(t->part[0].err));
	if (rc != IMAGE_OK) {
		t->part[0].rc = -1;
		return;
	}
	rc = spread_find(pix, half);
	if (rc == 2) {
		t->nparts = 2;
		for (i = 0; i < 2; i++)
			read_half(p, r, pix, &half[i], &t->part[i]);
		/*
		 * A spread upside down has its left page on the image's
		 * right: both halves were turned half round to read.
		 */
		if (t->part[0].rc == PAGE_OK && t->part[1].rc == PAGE_OK &&
		    t->part[0].pr.rotation == 180 &&
		    t->part[1].pr.rotation == 180) {
			tmp = t->part[0];
			t->part[0] = t->part[1];
			t->part[1] = tmp;
		}
	} else if (rc < 0) {
		t->part[0].rc = PAGE_ENOMEM;
		(void)snprintf(t->part[0].err, sizeof(t->part[0].err),
		    "out of memory");
	} else {
		t->part[0].rc = page_read(r, pix, p->opts->profile,
		    p->opts->keep_crops, &t->part[0].pr, t->part[0].err,
		    sizeof(t->part[0].err));
		key_part(p, pix, &t->part[0], NULL);
	}
	for (i = 0; i < t->nparts; i++) {
		t->part[i].pr.image_page = t->page + 1;
		t->part[i].kp.image_page = t->page + 1;
	}
	pixDestroy(&pix);
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct pool	*p = w->pool;
	struct recog	*r = NULL;
	char		 err[256];
	int		 i;

	if (recog_new(p->opts->tessdata, &r, err, sizeof(err)) != RECOG_OK) {
		pthread_mutex_lock(&p->lock);
		if (!p->init_failed) {
			p->init_failed = 1;
			(void)snprintf(p->init_err, sizeof(p->init_err), "%s",
			    err);
		}
		p->stop = 1;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&p->lock);
		if (p->stop || p->next >= p->ntasks) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		run_task(p, r, &p->tasks[i]);
		pthread_mutex_lock(&p->lock);
		p->tasks[i].done = 1;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
	}
	recog_free(r);
	return NULL;
}

static void
count_page(struct batch_stats *st, const struct page_read *pr)
{
	int	 k;

	st->rows += pr->nrows;
	for (k = 0; k < pr->nrows; k++)
		st->fields += pr->rows[k].nfields;
	st->flagged += pr->nflagged;
}

/*
 * Hands one page read to the callbacks as page number page of source, a
 * file of pages images (named so in errors when counted is set, else as
 * the whole file).
 */
static int
deliver(const struct batch_cb *cb, const char *source, struct part *pt,
    int page, int pages, int counted, int *failed, struct batch_stats *st,
    char *err, size_t errsz)
{
	int	 rc = BATCH_OK;

	if (pt->key && cb->key != NULL) {
		st->pages_key++;
		/* A half of a spread is named by its page too. */
		pt->kp.pages = counted && pages < 2 ? 2 : pages;
		if (cb->key(cb->arg, source, page, &pt->kp) != 0) {
			rc = BATCH_ECALLBACK;
			(void)snprintf(err, errsz, "cannot write the output");
		}
	} else if (pt->rc != PAGE_OK || pt->key) {
		st->pages_failed++;
		if (!*failed) {
			*failed = 1;
			st->inputs_failed++;
		}
		if (cb->error != NULL)
			cb->error(cb->arg, source, counted ? page : 0,
			    pt->key ? pt->kp.error : pt->err);
	} else {
		count_page(st, &pt->pr);
		if (cb->page != NULL && cb->page(cb->arg, source, page,
		    &pt->pr) != 0) {
			rc = BATCH_ECALLBACK;
			(void)snprintf(err, errsz, "cannot write the output");
		}
	}
	st->pages_done++;
	if (cb->progress != NULL)
		cb->progress(cb->arg, st);
	return rc;
}

/*
 * Opens every input first, the page count driving the progress bar (one
 * that fails is reported and marked in failed), and lists a task for each
 * page.  Returns 0, or -1 when memory runs out.
 */
static int
open_inputs(struct pool *p, char *const *paths, int npaths,
    const struct batch_cb *cb, int *failed, struct batch_stats *st)
{
	char	 msg[256];
	int	 i, k, n;

	for (i = 0; i < npaths; i++) {
		if (image_open(paths[i], &p->images[i], msg, sizeof(msg)) !=
		    IMAGE_OK) {
			st->inputs_failed++;
			failed[i] = 1;
			if (cb->error != NULL)
				cb->error(cb->arg, paths[i], 0, msg);
			continue;
		}
		p->ntasks += image_page_count(p->images[i]);
	}
	st->pages_total = p->ntasks;
	p->tasks = calloc(p->ntasks > 0 ? p->ntasks : 1, sizeof(*p->tasks));
	if (p->tasks == NULL)
		return -1;
	for (i = 0, k = 0; i < npaths; i++) {
		if (p->images[i] == NULL)
			continue;
		for (n = 0; n < image_page_count(p->images[i]); n++, k++) {
			p->tasks[k].input = i;
			p->tasks[k].page = n;
		}
	}
	return 0;
}

/* Delivers the pages in order as the workers complete them. */
static int
deliver_all(struct pool *p, char *const *paths, const struct batch_cb *cb,
    int *failed, int *numbered, struct batch_stats *st, char *err,
    size_t errsz)
{
	int	 k, n, rc = BATCH_OK;

	for (k = 0; k < p->ntasks && rc == BATCH_OK; k++) {
		struct task *t = &p->tasks[k];

		pthread_mutex_lock(&p->lock);
		while (!t->done && !p->init_failed)
			pthread_cond_wait(&p->cond, &p->lock);
		pthread_mutex_unlock(&p->lock);
		if (!t->done) {
			rc = BATCH_EINIT;
			(void)snprintf(err, errsz, "%s", p->init_err);
			break;
		}
		/* A spread is two pages of the input: one more to do. */
		st->pages_total += t->nparts - 1;
		for (n = 0; n < t->nparts && rc == BATCH_OK; n++)
			rc = deliver(cb, paths[t->input], &t->part[n],
			    ++numbered[t->input],
			    image_page_count(p->images[t->input]),
			    image_page_count(p->images[t->input]) > 1 ||
			    t->nparts > 1, &failed[t->input], st, err, errsz);
		for (n = 0; n < t->nparts; n++) {
			page_read_clear(&t->part[n].pr);
			keypage_clear(&t->part[n].kp);
		}
	}
	return rc;
}

int
batch_run(char *const *paths, int npaths, const struct batch_opts *opts,
    const struct batch_cb *cb, struct batch_stats *st, char *err,
    size_t errsz)
{
	struct pool	 p;
	struct worker	*workers = NULL;
	int		 i, k, n, nworkers = 0, rc = BATCH_ENOMEM, *failed;
	int		*numbered;

	memset(st, 0, sizeof(*st));
	memset(&p, 0, sizeof(p));
	st->inputs = npaths;
	p.opts = opts;
	p.images = calloc(npaths > 0 ? npaths : 1, sizeof(*p.images));
	failed = calloc(npaths > 0 ? npaths : 1, sizeof(*failed));
	numbered = calloc(npaths > 0 ? npaths : 1, sizeof(*numbered));
	if (p.images == NULL || failed == NULL || numbered == NULL)
		goto out_free;

	if (open_inputs(&p, paths, npaths, cb, failed, st) != 0)
		goto out_free;
	if (cb->progress != NULL)
		cb->progress(cb->arg, st);
	if (p.ntasks == 0) {
		rc = BATCH_OK;
		goto out_free;
	}

	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	nworkers = opts->jobs < p.ntasks ? opts->jobs : p.ntasks;
	if (nworkers < 1)
		nworkers = 1;
	workers = calloc(nworkers, sizeof(*workers));
	if (workers == NULL)
		goto out_sync;
	for (i = 0; i < nworkers; i++) {
		workers[i].pool = &p;
		if (pthread_create(&workers[i].thread, NULL, worker_main,
		    &workers[i]) != 0) {
			nworkers = i;
			break;
		}
	}
	rc = nworkers > 0 ? BATCH_OK : BATCH_ENOMEM;

	if (rc == BATCH_OK)
		rc = deliver_all(&p, paths, cb, failed, numbered, st, err,
		    errsz);

	pthread_mutex_lock(&p.lock);
	p.stop = 1;
	pthread_mutex_unlock(&p.lock);
	for (i = 0; i < nworkers; i++)
		pthread_join(workers[i].thread, NULL);
	if (rc == BATCH_OK && p.init_failed) {
		rc = BATCH_EINIT;
		(void)snprintf(err, errsz, "%s", p.init_err);
	}
	for (k = 0; k < p.ntasks; k++)
		for (n = 0; n < 2; n++) {
			page_read_clear(&p.tasks[k].part[n].pr);
			keypage_clear(&p.tasks[k].part[n].kp);
		}
out_sync:
	free(workers);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
out_free:
	if (rc == BATCH_ENOMEM)
		(void)snprintf(err, errsz, "out of memory");
	if (p.images != NULL)
		for (i = 0; i < npaths; i++)
			image_close(p.images[i]);
	free(p.images);
	free(p.tasks);
	free(failed);
	free(numbered);
	return rc;
}

int
batch_is_scan_name(const char *name)
{
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".tif",
	    ".tiff", ".pdf", ".bmp", ".pnm", ".pgm", ".ppm", ".pbm", NULL };
	size_t	 n = strlen(name), e;
	int	 i;

	if (name[0] == '.')
		return 0;
	for (i = 0; exts[i] != NULL; i++) {
		e = strlen(exts[i]);
		if (n > e && strcasecmp(name + n - e, exts[i]) == 0)
			return 1;
	}
	return 0;
}

static int
scan_filter(const struct dirent *d)
{
	return batch_is_scan_name(d->d_name);
}

static int
scan_sort(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

int
batch_scan_dir(const char *dir, struct dirent ***names)
{
	return scandir(dir, names, scan_filter, scan_sort);
}
