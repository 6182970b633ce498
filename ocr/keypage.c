/*
 * keypage.c: how many entries a page the reader could not read holds
 * (see keypage.h).
 *
 * The estimate is made on a copy of the page scaled to at most WORK_SIDE
 * pixels: it counts bands and lines, not letters, and must cost little
 * beside the reading of a page.  Two ways, the first that works:
 *
 * - a ruled table (grid.c on the deskewed page): its bands that hold
 *   ink, less the first (the header).  Blank ruled rows at the foot of a
 *   page hold no entry, so they do not count.
 * - lines of text: the rows of the page holding ink, rules and large
 *   blobs (a desk's edge, a photo) removed, counted as runs of a
 *   horizontal projection in narrow strips, less the title and header.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "grid.h"
#include "keypage.h"
#include "page.h"

#define WORK_SIDE	2400	/* pixels of the long side measured */
#define ROWS_MAX	60	/* an estimate above this is no estimate */

/* The inked bands of a ruled table in bin, less the header; -1: none. */
static int
table_rows(PIX *bin, PIX *lines, int dpi)
{
	struct grid	 g;
	BOX		*b;
	l_int32		 n;
	int		 i, x0, x1, h, inked = 0, rule;

	memset(&g, 0, sizeof(g));
	if (grid_find(lines, dpi, &g) != GRID_OK)
		return -1;
	if (g.ny < 3 || g.nx < 2) {
		grid_clear(&g);
		return -1;
	}
	x0 = g.xs[0];
	x1 = g.xs[g.nx - 1];
	rule = g.rule > 0 ? g.rule : 2;
	pixSubtract(bin, bin, g.mask);
	for (i = 0; i + 1 < g.ny; i++) {
		h = g.ys[i + 1] - g.ys[i] - 2 * rule;
		if (h <= 2 || x1 - x0 <= 2)
			continue;
		b = boxCreate(x0, g.ys[i] + rule, x1 - x0, h);
		n = 0;
		if (b != NULL && pixCountPixelsInRect(bin, b, &n, NULL) == 0 &&
		    n > 30 && n > (l_int32)((x1 - x0) * h / 200))
			inked++;
		boxDestroy(&b);
	}
	if (getenv("SOGOC_DEBUG") != NULL)
		fprintf(stderr, "keypage: grid %d x %d, %d inked bands\n",
		    g.ny, g.nx, inked);
	grid_clear(&g);
	return inked > 1 ? inked - 1 : 0;
}

/* Runs of at least minh rows of na at or above thr (gaps under maxgap
 * bridged): the lines of text of one strip. */
static int
count_lines(NUMA *na, int thr, int minh, int maxgap)
{
	l_float32	 v;
	int		 i, n = numaGetCount(na), run = 0, gap = 0, lines = 0;

	for (i = 0; i <= n; i++) {
		v = 0;
		if (i < n)
			numaGetFValue(na, i, &v);
		if (i < n && v >= thr) {
			run += gap + 1;
			gap = 0;
			continue;
		}
		if (run > 0 && i < n && gap < maxgap) {
			gap++;
			continue;
		}
		if (run >= minh)
			lines++;
		run = gap = 0;
	}
	return lines;
}

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

#define STRIPS	8

/*
 * Lines of text in bin (rules and large blobs removed), less a header.
 * Counted in vertical strips, each narrow enough that a photographed
 * page's tilt and keystone do not merge its lines, and the median taken
 * over the strips that hold text (the desk around a photo holds none).
 */
static int
text_rows(PIX *bin, int dpi)
{
	PIX	*hl, *vl, *text, *small, *strip;
	BOX	*b;
	NUMA	*na;
	l_int32	 w, h;
	int	 i, n, counts[STRIPS], nc = 0, sw, minh, maxgap;

	w = pixGetWidth(bin);
	h = pixGetHeight(bin);
	hl = pixOpenBrick(NULL, bin, w / 25 > 1 ? w / 25 : 2, 1);
	vl = pixOpenBrick(NULL, bin, 1, h / 25 > 1 ? h / 25 : 2);
	text = pixCopy(NULL, bin);
	if (hl == NULL || vl == NULL || text == NULL) {
		pixDestroy(&hl);
		pixDestroy(&vl);
		pixDestroy(&text);
		return -1;
	}
	pixSubtract(text, text, hl);
	pixSubtract(text, text, vl);
	pixDestroy(&hl);
	pixDestroy(&vl);
	/* Words only: no specks, nothing taller than a few lines. */
	small = pixSelectBySize(text, 0, dpi / 2, 8, L_SELECT_HEIGHT,
	    L_SELECT_IF_LTE, NULL);
	pixDestroy(&text);
	if (small == NULL)
		return -1;
	text = pixSelectBySize(small, 3, 3, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	pixDestroy(&small);
	if (text == NULL)
		return -1;
	sw = w / STRIPS;
	minh = dpi / 25 > 3 ? dpi / 25 : 3;
	maxgap = dpi / 100 > 1 ? dpi / 100 : 1;
	for (i = 0; i < STRIPS && sw > 0; i++) {
		b = boxCreate(i * sw, 0, sw, h);
		strip = b != NULL ? pixClipRectangle(text, b, NULL) : NULL;
		boxDestroy(&b);
		na = strip != NULL ? pixCountPixelsByRow(strip, NULL) : NULL;
		pixDestroy(&strip);
		if (na == NULL)
			continue;
		/* A word or two across the strip makes a line. */
		n = count_lines(na, sw / 50 > 2 ? sw / 50 : 2, minh, maxgap);
		numaDestroy(&na);
		if (n >= 3)
			counts[nc++] = n;
	}
	pixDestroy(&text);
	if (getenv("SOGOC_DEBUG") != NULL)
		for (i = 0; i < nc; i++)
			fprintf(stderr, "keypage: strip: %d lines\n",
			    counts[i]);
	if (nc == 0)
		return 0;
	qsort(counts, nc, sizeof(*counts), cmp_int);
	/* A ledger's title block and header take four lines or so. */
	n = counts[nc / 2];
	return n > 12 ? n - 4 : n > 2 ? n - 1 : n;
}

int
keypage_estimate(PIX *pix, struct keypage *k, int known)
{
	PIX		*gray, *small, *norm, *bin = NULL, *lines = NULL, *r;
	l_float32	 angle = 0, conf = 0, scale;
	l_int32		 w, h;
	int		 dpi, n, rc = -1;

	k->rows = 0;
	if (!known)
		k->rotation = 0;
	if (!known)
		k->skew = 0;
	gray = page_straighten(pix, k->rotation, k->skew);
	if (gray == NULL)
		return -1;
	w = pixGetWidth(gray);
	h = pixGetHeight(gray);
	scale = (w > h ? w : h) > WORK_SIDE ?
	    (l_float32)WORK_SIDE / (w > h ? w : h) : 1.0f;
	small = scale < 1 ? pixScale(gray, scale, scale) :
	    pixClone(gray);
	pixDestroy(&gray);
	if (small == NULL)
		return -1;
	/* As page.c measures it: the long side of an A4 sheet. */
	w = pixGetWidth(small);
	h = pixGetHeight(small);
	dpi = (int)((w > h ? w : h) / 11.69 + 0.5);
	norm = pixBackgroundNorm(small, NULL, NULL, 10, 15, 60, 40, 255, 2,
	    2);
	pixDestroy(&small);
	if (norm == NULL)
		return -1;
	bin = pixThresholdToBinary(norm, 200);
	lines = pixThresholdToBinary(norm, 233);
	pixDestroy(&norm);
	if (bin == NULL || lines == NULL)
		goto out;
	/* The reader's straightening, when it got that far, is better. */
	if (!known && pixFindSkewSweepAndSearch(bin, &angle, &conf, 2, 1,
	    5.0f, 0.2f, 0.01f) == 0 && conf > 2.0 && fabsf(angle) >= 0.05f) {
		k->skew = angle;
		r = pixRotate(bin, (float)(M_PI / 180.0) * angle,
		    L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
		pixDestroy(&bin);
		bin = r;
		r = pixRotate(lines, (float)(M_PI / 180.0) * angle,
		    L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
		pixDestroy(&lines);
		lines = r;
		if (bin == NULL || lines == NULL)
			goto out;
	}
	/* A "table" of one or two bands is a frame, not the ledger's. */
	n = table_rows(bin, lines, dpi);
	if (n < 2)
		n = text_rows(bin, dpi);
	k->rows = n < 0 ? 0 : n > ROWS_MAX ? 0 : n;
	rc = n < 0 ? -1 : 0;
out:
	pixDestroy(&bin);
	pixDestroy(&lines);
	return rc;
}

int
keypage_too_few(int nread, int est)
{
	if (nread <= 0)
		return 1;
	return est - nread >= 5 && nread * 2 < est;
}

void
keypage_clear(struct keypage *k)
{
	pixDestroy(&k->image);
}
