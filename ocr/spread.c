/*
 * spread.c: two facing pages in one image (see spread.h).
 *
 * An open ledger under a book scanner, or two pages laid on a flatbed,
 * gives one image wider than tall with the pages' gutter near its middle.
 * Read as one page, its ruled lines run on across the gutter and one
 * "row" joins the cells of two people (issue 14).  The gutter shows in
 * one of two ways, looked for on a reduced grey copy, column by column:
 *
 * - a dark band from the top of the image to its bottom (the binding's
 *   shadow, the cradle between the leaves), narrow, with paper close on
 *   both sides of it (a desk around a photographed page is dark too, but
 *   wide and with no paper beyond it);
 * - a band with no ink at all between two inked tables, where a single
 *   page's table would carry at least its horizontal rules across.
 *
 * A landscape page holding one table has neither: its table crosses the
 * middle, so it is never split.
 */
#include "config.h"

#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "spread.h"

#define WORK_WIDTH	1200	/* columns of the reduced copy */

/* Per column of the reduced copy: share of dark and of inked pixels. */
struct profile_cols {
	float	*dark;
	float	*ink;
	int	 w, h;
};

/* The grey level of paper: the 90th percentile of the image. */
static int
paper_level(PIX *g)
{
	NUMA		*hist;
	l_float32	 v;
	l_int32		 total = 0, acc = 0, i, n;
	int		 level = 255;

	hist = pixGetGrayHistogram(g, 1);
	if (hist == NULL)
		return 255;
	n = numaGetCount(hist);
	for (i = 0; i < n; i++) {
		numaGetFValue(hist, i, &v);
		total += (l_int32)v;
	}
	for (i = n - 1; i >= 0; i--) {
		numaGetFValue(hist, i, &v);
		acc += (l_int32)v;
		if (acc * 10 >= total) {
			level = i;
			break;
		}
	}
	numaDestroy(&hist);
	return level;
}

static void
profile_free(struct profile_cols *p)
{
	free(p->dark);
	free(p->ink);
}

/* The column profile of g (8 bpp); -1 when out of memory. */
static int
profile_make(PIX *g, struct profile_cols *p)
{
	l_uint32	*data, *line;
	int		 x, y, wpl, v, paper, dark, ink, *nd, *ni;

	p->w = pixGetWidth(g);
	p->h = pixGetHeight(g);
	p->dark = calloc(p->w, sizeof(*p->dark));
	p->ink = calloc(p->w, sizeof(*p->ink));
	nd = calloc(p->w, sizeof(*nd));
	ni = calloc(p->w, sizeof(*ni));
	if (p->dark == NULL || p->ink == NULL || nd == NULL || ni == NULL) {
		free(nd);
		free(ni);
		profile_free(p);
		return -1;
	}
	paper = paper_level(g);
	/* Shadow is far below the paper; ink (and rules) well below it. */
	dark = paper * 45 / 100;
	ink = paper * 75 / 100;
	data = pixGetData(g);
	wpl = pixGetWpl(g);
	for (y = 0; y < p->h; y++) {
		line = data + (size_t)y * wpl;
		for (x = 0; x < p->w; x++) {
			v = GET_DATA_BYTE(line, x);
			if (v < dark)
				nd[x]++;
			else if (v < ink)
				ni[x]++;
		}
	}
	for (x = 0; x < p->w; x++) {
		p->dark[x] = (float)nd[x] / p->h;
		p->ink[x] = (float)ni[x] / p->h;
	}
	free(nd);
	free(ni);
	return 0;
}

/* Whether some column in [a, b) has mostly paper: not shadow, not desk. */
static int
paper_near(const struct profile_cols *p, int a, int b)
{
	int	 x;

	if (a < 0)
		a = 0;
	if (b > p->w)
		b = p->w;
	for (x = a; x < b; x++)
		if (p->dark[x] < 0.3f)
			return 1;
	return 0;
}

/* Whether some column in [a, b) is inked as a table's columns are. */
static int
table_near(const struct profile_cols *p, int a, int b)
{
	int	 x, n = 0;

	if (a < 0)
		a = 0;
	if (b > p->w)
		b = p->w;
	for (x = a; x < b; x++)
		if (p->ink[x] >= 0.05f && p->dark[x] < 0.3f)
			n++;
	return n * 50 >= p->w;
}

/*
 * The best gutter among runs of columns for which is_gutter holds:
 * narrow, in the middle three fifths, with what must lie beside it
 * (paper, or a table) on both sides; the run nearest the middle wins.
 * Writes its first and last column + 1 and returns 1, or returns 0.
 */
static int
best_run(const struct profile_cols *p, int dark_band, int *x0, int *x1)
{
	int	 x, a, b, lo = p->w / 5, hi = p->w - p->w / 5, near;
	int	 found = 0, best = p->w, d, is;

	near = p->w / 10;

	for (x = lo; x < hi; x = b) {
		if (dark_band)
			is = p->dark[x] >= 0.9f;
		else
			is = p->dark[x] + p->ink[x] <= 0.004f;
		if (!is) {
			b = x + 1;
			continue;
		}
		a = x;
		for (b = x; b < hi; b++) {
			if (dark_band ? p->dark[b] < 0.9f :
			    p->dark[b] + p->ink[b] > 0.004f)
				break;
		}
		if (b - a > p->w / 12)
			continue;
		if (!dark_band && (b - a) * 100 < p->w)
			continue;
		if (dark_band ? !paper_near(p, a - near, a) ||
		    !paper_near(p, b, b + near) :
		    !table_near(p, a - 2 * near, a) ||
		    !table_near(p, b, b + 2 * near))
			continue;
		d = abs((a + b) / 2 - p->w / 2);
		if (d < best) {
			best = d;
			*x0 = a;
			*x1 = b;
			found = 1;
		}
	}
	return found;
}

int
spread_find(PIX *pix, struct spread_half half[2])
{
	struct profile_cols	 p;
	PIX			*g, *small;
	float			 f;
	int			 w, h, x0 = 0, x1 = 0, found, a, b;

	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	half[0].side = 0;
	half[0].box[0] = half[0].box[1] = 0;
	half[0].box[2] = w;
	half[0].box[3] = h;
	/* Two pages side by side are wider than tall, by far. */
	if (w * 100 < h * 115 || w < 200)
		return 1;
	if (pixGetDepth(pix) == 32)
		g = pixConvertRGBToLuminance(pix);
	else
		g = pixConvertTo8(pix, 0);
	if (g == NULL)
		return -1;
	f = w > WORK_WIDTH ? (float)WORK_WIDTH / w : 1.0f;
	small = f < 1 ? pixScaleAreaMap(g, f, f) : pixClone(g);
	pixDestroy(&g);
	if (small == NULL)
		return -1;
	if (profile_make(small, &p) != 0) {
		pixDestroy(&small);
		return -1;
	}
	pixDestroy(&small);
	found = best_run(&p, 1, &x0, &x1) || best_run(&p, 0, &x0, &x1);
	profile_free(&p);
	if (!found)
		return 1;
	/* Back to the image's columns, the gutter itself left out. */
	a = (int)(x0 / f);
	b = (int)(x1 / f + 0.999f);
	if (a < 1 || b > w - 1 || a >= b)
		return 1;
	half[0].side = SPREAD_LEFT;
	half[0].box[2] = a;
	half[1].side = SPREAD_RIGHT;
	half[1].box[0] = b;
	half[1].box[1] = 0;
	half[1].box[2] = w - b;
	half[1].box[3] = h;
	return 2;
}

PIX *
spread_cut(PIX *pix, const int box[4])
{
	BOX	*b;
	PIX	*cut;

	b = boxCreate(box[0], box[1], box[2], box[3]);
	if (b == NULL)
		return NULL;
	cut = pixClipRectangle(pix, b, NULL);
	boxDestroy(&b);
	if (cut != NULL)
		pixCopyResolution(cut, pix);
	return cut;
}

const char *
spread_side_name(int side)
{
	switch (side) {
	case SPREAD_LEFT:
		return "left";
	case SPREAD_RIGHT:
		return "right";
	default:
		return NULL;
	}
}
