/*
 * media.c: page and cell images for review (see media.h).
 */

#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "image.h"
#include "locked.h"
#include "media.h"
#include "page.h"
#include "sha256.h"
#include "spread.h"

#define MEDIA_CACHED	4	/* pages kept straightened */
#define CELL_PAD	6	/* pixels around a cell's box */

struct cached {
	uint8_t		 sha[32];
	int		 page;
	int		 rotation;
	double		 skew;
	PIX		*pix;		/* straightened grey page */
	uint64_t	 used;
};

struct media {
	pthread_mutex_t	 lock;
	struct cached	 c[MEDIA_CACHED];
	uint64_t	 clock;
};

struct media *
media_new(void)
{
	return locked_new(sizeof(struct media), offsetof(struct media, lock));
}

void
media_free(struct media *m)
{
	int	 i;

	if (m == NULL)
		return;
	for (i = 0; i < MEDIA_CACHED; i++)
		pixDestroy(&m->c[i].pix);
	locked_free(m, sizeof(*m), offsetof(struct media, lock), 0);
}

/* Reads and straightens p's page, checking the file is the one read. */
static PIX *
load(const struct media_page *p, char *err, size_t errsz)
{
	struct image	*img;
	uint8_t		 sha[32];
	char		 why[256];
	PIX		*pix, *st, *cut;
	int		 idx;

	if (sha256_file(p->path, sha, err, errsz) != 0)
		return NULL;
	if (memcmp(sha, p->sha, 32) != 0) {
		snprintf(err, errsz, "%s has changed since it was read "
		    "(another SHA-256); its boxes no longer fit", p->path);
		return NULL;
	}
	if (image_open(p->path, &img, why, sizeof(why)) != IMAGE_OK) {
		snprintf(err, errsz, "%s: %s", p->path, why);
		return NULL;
	}
	idx = p->image_page > 0 ? p->image_page : p->page;
	if (image_read_page(img, idx - 1, &pix, why, sizeof(why)) !=
	    IMAGE_OK) {
		image_close(img);
		snprintf(err, errsz, "%s page %d: %s", p->path, idx, why);
		return NULL;
	}
	image_close(img);
	/* Half a spread: the boxes refer to that half, as OCR read it. */
	if (p->image_page > 0) {
		cut = spread_cut(pix, p->region);
		pixDestroy(&pix);
		if (cut == NULL) {
			snprintf(err, errsz, "%s page %d: the region OCR read "
			    "is not in the image", p->path, idx);
			return NULL;
		}
		pix = cut;
	}
	st = page_straighten(pix, p->rotation, (float)p->skew);
	pixDestroy(&pix);
	if (st == NULL)
		snprintf(err, errsz, "out of memory");
	return st;
}

/* A clone of p's straightened page, from the cache or read now. */
static PIX *
page_pix(struct media *m, const struct media_page *p, char *err,
    size_t errsz)
{
	struct cached	*c, *old = &m->c[0];
	PIX		*pix;
	int		 i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < MEDIA_CACHED; i++) {
		c = &m->c[i];
		if (c->pix != NULL && c->page == p->page &&
		    c->rotation == p->rotation && c->skew == p->skew &&
		    memcmp(c->sha, p->sha, 32) == 0) {
			c->used = ++m->clock;
			pix = pixClone(c->pix);
			pthread_mutex_unlock(&m->lock);
			return pix;
		}
		if (c->used < old->used)
			old = c;
	}
	pthread_mutex_unlock(&m->lock);
	/* Read outside the lock: it takes a while. */
	pix = load(p, err, errsz);
	if (pix == NULL)
		return NULL;
	pthread_mutex_lock(&m->lock);
	pixDestroy(&old->pix);
	memcpy(old->sha, p->sha, 32);
	old->page = p->page;
	old->rotation = p->rotation;
	old->skew = p->skew;
	old->pix = pixClone(pix);
	old->used = ++m->clock;
	pthread_mutex_unlock(&m->lock);
	return pix;
}

/* Leptonica's encoded bytes into a buffer of our own. */
static int
encoded(l_uint8 *data, size_t n, uint8_t **out, size_t *len, char *err,
    size_t errsz)
{
	*out = malloc(n > 0 ? n : 1);
	if (*out == NULL) {
		lept_free(data);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	memcpy(*out, data, n);
	*len = n;
	lept_free(data);
	return 0;
}

int
media_page_jpeg(struct media *m, const struct media_page *p, int width,
    uint8_t **out, size_t *len, int *w, int *h, char *err, size_t errsz)
{
	PIX	*pix, *small;
	l_uint8	*data = NULL;
	size_t	 n = 0;

	*out = NULL;
	pix = page_pix(m, p, err, errsz);
	if (pix == NULL)
		return -1;
	if (w != NULL)
		*w = pixGetWidth(pix);
	if (h != NULL)
		*h = pixGetHeight(pix);
	small = width > 0 && width < pixGetWidth(pix) ?
	    pixScaleToSize(pix, width, 0) : pixClone(pix);
	pixDestroy(&pix);
	if (small == NULL || pixWriteMemJpeg(&data, &n, small, 75, 0) != 0) {
		pixDestroy(&small);
		snprintf(err, errsz, "the page could not be encoded");
		return -1;
	}
	pixDestroy(&small);
	return encoded(data, n, out, len, err, errsz);
}

int
media_page_size(struct media *m, const struct media_page *p, int *w, int *h,
    char *err, size_t errsz)
{
	PIX	*pix;

	pix = page_pix(m, p, err, errsz);
	if (pix == NULL)
		return -1;
	*w = pixGetWidth(pix);
	*h = pixGetHeight(pix);
	pixDestroy(&pix);
	return 0;
}

int
media_cell_png(struct media *m, const struct media_page *p, const int *box,
    uint8_t **out, size_t *len, char *err, size_t errsz)
{
	BOX	*b;
	PIX	*pix, *cell;
	l_uint8	*data = NULL;
	size_t	 n = 0;
	int	 x, y, bw, bh;

	*out = NULL;
	pix = page_pix(m, p, err, errsz);
	if (pix == NULL)
		return -1;
	x = box[0] - CELL_PAD;
	y = box[1] - CELL_PAD;
	bw = box[2] + 2 * CELL_PAD;
	bh = box[3] + 2 * CELL_PAD;
	if (box[2] <= 0 || box[3] <= 0 || box[0] >= pixGetWidth(pix) ||
	    box[1] >= pixGetHeight(pix)) {
		pixDestroy(&pix);
		snprintf(err, errsz, "the cell's box is outside the page");
		return -1;
	}
	b = boxCreate(x < 0 ? 0 : x, y < 0 ? 0 : y, bw, bh);
	cell = b != NULL ? pixClipRectangle(pix, b, NULL) : NULL;
	boxDestroy(&b);
	pixDestroy(&pix);
	if (cell == NULL || pixWriteMemPng(&data, &n, cell, 0) != 0) {
		pixDestroy(&cell);
		snprintf(err, errsz, "the cell could not be cut");
		return -1;
	}
	pixDestroy(&cell);
	return encoded(data, n, out, len, err, errsz);
}
