/*
 * grid.c: ruling-line detection and the cell grid (see grid.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "grid.h"

/* A run of projection values at or above a threshold: one rule. */
struct run {
	int	 start;
	int	 end;		/* inclusive */
};

int
grid_cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * Finds rules in a projection: runs of counts >= thr, with runs closer than
 * gap merged (a double or broken rule is one rule).  Writes centres to
 * *pos (malloc'd) and returns their number, or -1 on allocation failure.
 */
static int
find_runs(const int *count, int n, int thr, int gap, int **pos,
    int *thickness)
{
	struct run	*runs;
	int		 i, nr = 0, *p, tsum = 0;

	runs = calloc(n / 2 + 1, sizeof(*runs));
	if (runs == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (count[i] < thr)
			continue;
		if (nr > 0 && i - runs[nr - 1].end <= gap)
			runs[nr - 1].end = i;
		else {
			runs[nr].start = runs[nr].end = i;
			nr++;
		}
	}
	p = calloc(nr + 1, sizeof(*p));
	if (p == NULL) {
		free(runs);
		return -1;
	}
	for (i = 0; i < nr; i++) {
		p[i] = (runs[i].start + runs[i].end) / 2;
		tsum += runs[i].end - runs[i].start + 1;
	}
	if (thickness != NULL)
		*thickness = nr > 0 ? tsum / nr : 1;
	free(runs);
	*pos = p;
	return nr;
}

/* Projects a 1 bpp image onto rows (byrow) or columns within a box. */
static int *
project(PIX *pix, int byrow, int x0, int x1, int y0, int y1)
{
	l_uint32	*data, *line;
	int		*count, wpl, x, y, n;

	n = byrow ? pixGetHeight(pix) : pixGetWidth(pix);
	count = calloc(n, sizeof(*count));
	if (count == NULL)
		return NULL;
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = y0; y <= y1; y++) {
		line = data + (size_t)y * wpl;
		for (x = x0; x <= x1; x++)
			if (GET_DATA_BIT(line, x))
				count[byrow ? y : x]++;
	}
	return count;
}

static int
median_gap(const int *pos, int n)
{
	int	*gaps, i, m;

	if (n < 2)
		return 0;
	gaps = malloc((n - 1) * sizeof(*gaps));
	if (gaps == NULL)
		return 0;
	for (i = 0; i + 1 < n; i++)
		gaps[i] = pos[i + 1] - pos[i];
	qsort(gaps, n - 1, sizeof(*gaps), grid_cmp_int);
	m = gaps[(n - 1) / 2];
	free(gaps);
	return m;
}

/*
 * Adds the rules that faded: a band much taller than the typical data row
 * that holds a weaker horizontal run (a tenth of the table's width rather
 * than two fifths) is split there.  Rows of a printed ledger differ in
 * height, so a tall band alone is no evidence of a missing rule.
 */
static int
add_faded_rules(int **pys, int *pny, const int *count, int minrun, int gap)
{
	int	*ys = *pys, ny = *pny, *out, nout = 0, i, y, med, t, start;

	if (ny < 4)
		return 0;
	med = median_gap(ys + 1, ny - 1);
	if (med <= 0)
		return 0;
	out = malloc((size_t)(ny + (ys[ny - 1] - ys[0]) / (med / 2 + 1) + 2) *
	    sizeof(*out));
	if (out == NULL)
		return -1;
	out[nout++] = ys[0];
	for (i = 1; i < ny; i++) {
		if (i >= 2 && (ys[i] - ys[i - 1]) * 10 >= med * 17) {
			/* Look for weak runs away from the band's edges. */
			start = -1;
			for (y = ys[i - 1] + med / 2; y <= ys[i] - med / 2;
			    y++) {
				if (count[y] >= minrun && start < 0)
					start = y;
				if ((count[y] < minrun || y == ys[i] - med / 2) &&
				    start >= 0) {
					t = (start + y) / 2;
					if (t - out[nout - 1] > gap)
						out[nout++] = t;
					start = -1;
				}
			}
		}
		out[nout++] = ys[i];
	}
	free(ys);
	*pys = out;
	*pny = nout;
	return 0;
}

/*
 * How many of the horizontal rules at ys cross the column between x0 and
 * x1: the rule mask holds ink within t rows of the rule over at least
 * half of the column's middle half.
 */
static int
rules_crossing(PIX *hmask, int x0, int x1, const int *ys, int ny, int t)
{
	l_uint32	*data;
	int		 h, wpl, i, x, y, a, b, on, n = 0;

	h = pixGetHeight(hmask);
	data = pixGetData(hmask);
	wpl = pixGetWpl(hmask);
	a = x0 + (x1 - x0) / 4;
	b = x1 - (x1 - x0) / 4;
	if (b <= a)
		return ny;
	for (i = 0; i < ny; i++) {
		on = 0;
		for (x = a; x < b; x++)
			for (y = ys[i] - t; y <= ys[i] + t; y++)
				if (y >= 0 && y < h &&
				    GET_DATA_BIT(data + (size_t)y * wpl, x)) {
					on++;
					break;
				}
		n += 2 * on >= b - a;
	}
	return n;
}

/*
 * Drops the outer columns that (almost) no horizontal rule crosses: a
 * table's rules cross every column it has, so such a "column" lies
 * outside the table, between its border and a dark edge that the
 * binarisation made a vertical rule of (the shadow of a spread's gutter
 * beside a cut half, a page's edge).  Read as a column it takes a
 * field's label, and every row of the page is then misaligned.
 */
static void
drop_outer_unruled(struct grid *g, PIX *hmask, int t)
{
	while (g->nx > 2 && 4 * rules_crossing(hmask, g->xs[0], g->xs[1],
	    g->ys, g->ny, t) < g->ny) {
		memmove(g->xs, g->xs + 1, (g->nx - 1) * sizeof(*g->xs));
		g->nx--;
	}
	while (g->nx > 2 && 4 * rules_crossing(hmask, g->xs[g->nx - 2],
	    g->xs[g->nx - 1], g->ys, g->ny, t) < g->ny)
		g->nx--;
}

void
grid_clear(struct grid *g)
{
	if (g == NULL)
		return;
	free(g->ys);
	free(g->xs);
	pixDestroy(&g->mask);
	memset(g, 0, sizeof(*g));
}

int
grid_find(PIX *bin, int dpi, struct grid *out)
{
	PIX	*hmask = NULL, *vmask = NULL;
	int	*count = NULL, w, h, hlen, vlen, gap, i, max, rc;
	int	 x0, x1, y0, y1, th = 1, tv = 1;

	memset(out, 0, sizeof(*out));
	if (dpi <= 0)
		dpi = 300;
	w = pixGetWidth(bin);
	h = pixGetHeight(bin);
	hlen = w / 25 > 30 ? w / 25 : 30;
	vlen = h / 25 > 30 ? h / 25 : 30;
	gap = dpi / 60 > 2 ? dpi / 60 : 2;
	rc = GRID_ENOMEM;

	hmask = pixOpenBrick(NULL, bin, hlen, 1);
	vmask = pixOpenBrick(NULL, bin, 1, vlen);
	if (hmask == NULL || vmask == NULL)
		goto out;

	/* First pass: long horizontal rules anywhere on the page. */
	count = project(hmask, 1, 0, w - 1, 0, h - 1);
	if (count == NULL)
		goto out;
	for (max = 0, i = 0; i < h; i++)
		if (count[i] > max)
			max = count[i];
	rc = GRID_ENOTABLE;
	if (max < w / 5)
		goto out;
	rc = GRID_ENOMEM;
	out->ny = find_runs(count, h, max / 4, gap, &out->ys, &th);
	free(count);
	count = NULL;
	if (out->ny < 0)
		goto out;
	rc = GRID_ENOTABLE;
	if (out->ny < 2)
		goto out;

	/* Vertical rules must span most of the table's height. */
	y0 = out->ys[0];
	y1 = out->ys[out->ny - 1];
	rc = GRID_ENOMEM;
	count = project(vmask, 0, 0, w - 1, y0, y1);
	if (count == NULL)
		goto out;
	free(out->xs);
	out->nx = find_runs(count, w, (y1 - y0) * 2 / 5, gap, &out->xs, &tv);
	free(count);
	count = NULL;
	if (out->nx < 0)
		goto out;
	rc = GRID_ENOTABLE;
	if (out->nx < 2)
		goto out;

	/* Second pass: horizontal rules must span most of the table. */
	x0 = out->xs[0];
	x1 = out->xs[out->nx - 1];
	rc = GRID_ENOMEM;
	count = project(hmask, 1, x0, x1, 0, h - 1);
	if (count == NULL)
		goto out;
	free(out->ys);
	out->ys = NULL;
	out->ny = find_runs(count, h, (x1 - x0) * 2 / 5, gap, &out->ys, &th);
	if (out->ny < 0)
		goto out;
	rc = GRID_ENOTABLE;
	if (out->ny < 3)
		goto out;
	rc = GRID_ENOMEM;
	if (add_faded_rules(&out->ys, &out->ny, count, (x1 - x0) / 10,
	    gap) != 0)
		goto out;
	free(count);
	count = NULL;
	drop_outer_unruled(out, hmask, th + gap);

	out->rule = th > tv ? th : tv;
	out->mask = pixOr(NULL, hmask, vmask);
	if (out->mask == NULL)
		goto out;
	pixDilateBrick(out->mask, out->mask, 3, 3);
	rc = GRID_OK;
out:
	free(count);
	pixDestroy(&hmask);
	pixDestroy(&vmask);
	if (rc != GRID_OK)
		grid_clear(out);
	return rc;
}
