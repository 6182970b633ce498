/*
 * rowalign.c: rows whose cells are not one band of one page (see
 * rowalign.h).
 *
 * Three signs, each enough:
 *
 * - One table has one header: a column map that names a field twice is
 *   two tables side by side in one grid (a spread read as one page), and
 *   every row of it joins the entries of two pages.
 * - A rule bounds a row and never runs through it: a rule (most of a
 *   field cell's width) inside a band means the band holds parts of two
 *   rows, or is not paper but a gutter's shadow.
 * - A rule bounds a row across all its cells.  At each edge of a row
 *   (the rule above it, the rule below) the share of each cell's width
 *   that the rule mask covers is measured.  Where the page rules that
 *   edge (most of some column's width), a field cell that lacks it
 *   (under a quarter) and whose writing runs unbroken across the line,
 *   or that lacks both edges, lies in another band: the edge is a rule
 *   of another table, or of a line that bent away.  A rule that faded
 *   over a cell whose writing stays clear of it is only faded (heavily
 *   damaged scans break rules over whole cells), and an edge ruled over
 *   no column is a split the page reader made between unruled entries
 *   (page.c's split_unruled()): neither says anything.
 */
#include "config.h"

#include <leptonica/allheaders.h>

#include "grid.h"
#include "rowalign.h"

#define RULED		0.60f	/* a rule runs over this much of a cell */
#define UNRULED		0.25f	/* ... and no rule over less than this */

static int
is_field(enum field f)
{
	return f != FIELD_UNKNOWN && f != FIELD_SIGNATURE;
}

/* Narrows the columns (x0, x1) of a cell by m, the rules, within pix. */
static void
inside(PIX *pix, int *x0, int *x1, int m)
{
	*x0 += m;
	*x1 -= m;
	if (*x0 < 0)
		*x0 = 0;
	if (*x1 > pixGetWidth(pix))
		*x1 = pixGetWidth(pix);
}

/*
 * The share of columns x in (x0, x1), the rules at either side left out,
 * in which the rule mask holds a pixel within t rows of y.
 */
static float
coverage(const struct grid *g, int x0, int x1, int y, int t, int m)
{
	l_uint32	*data, *line;
	int		 h, wpl, x, yy, n = 0, on = 0;

	h = pixGetHeight(g->mask);
	data = pixGetData(g->mask);
	wpl = pixGetWpl(g->mask);
	inside(g->mask, &x0, &x1, m);
	for (x = x0; x < x1; x++) {
		n++;
		for (yy = y - t; yy <= y + t; yy++) {
			if (yy < 0 || yy >= h)
				continue;
			line = data + (size_t)yy * wpl;
			if (GET_DATA_BIT(line, x)) {
				on++;
				break;
			}
		}
	}
	return n > 0 ? (float)on / n : 1.0f;
}

/*
 * Columns in (x0, x1), the rules left out, in which bin's ink runs
 * unbroken from y - h to y + h: writing that crosses the line y.  What
 * is left of a faded rule lies along the line, not across it.
 */
static int
ink_across(PIX *bin, int x0, int x1, int y, int h, int m)
{
	l_uint32	*data;
	int		 ht, wpl, x, yy, n = 0;

	ht = pixGetHeight(bin);
	data = pixGetData(bin);
	wpl = pixGetWpl(bin);
	inside(bin, &x0, &x1, m);
	if (y - h < 0 || y + h >= ht)
		return 0;
	for (x = x0; x < x1; x++) {
		for (yy = y - h; yy <= y + h; yy++)
			if (!GET_DATA_BIT(data + (size_t)yy * wpl, x))
				break;
		if (yy > y + h)
			n++;
	}
	return n;
}

/* The most any column's width is covered by a rule at y. */
static float
ruled_most(const struct grid *g, int tol, int y, int ncols)
{
	float	 c, most = 0;
	int	 i;

	for (i = 0; i < ncols && i + 1 < g->nx; i++) {
		c = coverage(g, g->xs[i], g->xs[i + 1], y, tol, 2 * tol);
		if (c > most)
			most = c;
	}
	return most;
}

/*
 * Whether the band between the rules at y0 and y1 is not the band of
 * some field cell: where the page rules the band's edge (some column
 * has the rule), a field cell that lacks it and whose writing runs
 * across the line, or that lacks both of the band's rules, lies in
 * another band: a rule of another table, or of a line that bent away.
 * A rule that faded over a cell whose writing stays clear of it is only
 * a faded rule.
 */
static int
edges_drift(const struct grid *g, PIX *bin, int tol, int y0, int y1,
    const enum field *cols, int ncols)
{
	float	 c0, c1;
	int	 i, r0, r1, x0, x1;

	r0 = ruled_most(g, tol, y0, ncols) >= RULED;
	r1 = ruled_most(g, tol, y1, ncols) >= RULED;
	for (i = 0; i < ncols && i + 1 < g->nx; i++) {
		if (!is_field(cols[i]))
			continue;
		x0 = g->xs[i];
		x1 = g->xs[i + 1];
		c0 = r0 ? coverage(g, x0, x1, y0, tol, 2 * tol) : 1;
		c1 = r1 ? coverage(g, x0, x1, y1, tol, 2 * tol) : 1;
		if (c0 < UNRULED && c1 < UNRULED)
			return 1;
		if (c0 < UNRULED &&
		    ink_across(bin, x0, x1, y0, tol, 2 * tol) >= 2)
			return 1;
		if (c1 < UNRULED &&
		    ink_across(bin, x0, x1, y1, tol, 2 * tol) >= 2)
			return 1;
	}
	return 0;
}

/*
 * Whether a rule runs through the inside of a field cell of the band
 * between y0 and y1: the band then holds parts of two rows (a line that
 * bent across it, a rule of this page where the grid has another's), or
 * the cell is not paper at all but the gutter's shadow.
 */
static int
rule_inside(const struct grid *g, int tol, int y0, int y1,
    const enum field *cols, int ncols)
{
	int	 i, y;

	for (i = 0; i < ncols && i + 1 < g->nx; i++) {
		if (!is_field(cols[i]))
			continue;
		for (y = y0 + tol + 1; y < y1 - tol; y++)
			if (coverage(g, g->xs[i], g->xs[i + 1], y, 0,
			    2 * tol) >= RULED)
				return 1;
	}
	return 0;
}

int
rowalign_check(const struct grid *g, PIX *bin, int dpi, const int *bands,
    int nrows, const enum field *cols, int ncols, unsigned char *bad)
{
	int	 i, j, k, b, twice = 0, n = 0, tol;

	/*
	 * How far a rule may lie from the band's edge: the mask's growth
	 * and what deskewing leaves, not the grid's typical thickness,
	 * which a bent line makes as wide as its bend.
	 */
	tol = dpi / 40 > 4 ? dpi / 40 : 4;
	for (i = 0; i < ncols; i++)
		for (j = i + 1; j < ncols; j++)
			if (is_field(cols[i]) && cols[i] == cols[j])
				twice = 1;
	for (k = 0; k < nrows; k++) {
		b = bands[k];
		bad[k] = twice || (g->mask != NULL && b + 1 < g->ny &&
		    (edges_drift(g, bin, tol, g->ys[b], g->ys[b + 1], cols,
		    ncols) || rule_inside(g, tol, g->ys[b], g->ys[b + 1],
		    cols, ncols)));
		n += bad[k];
	}
	return n;
}

int
rowalign_seq(const long *seq, int nrows, unsigned char *bad)
{
	long	 base = 0, off, d;
	int	 k, j, have = 0, n = 0;

	for (k = 0; k < nrows; k++) {
		if (seq[k] < 0)
			continue;
		off = seq[k] - k;
		if (!have) {
			base = off;
			have = 1;
			continue;
		}
		d = off > base ? off - base : base - off;
		if (d == 0 || d > 3)
			continue;
		/* The next numbered row must agree: one misread is not a run. */
		for (j = k + 1; j < nrows && seq[j] < 0; j++)
			;
		if (j >= nrows || seq[j] - j != off)
			continue;
		for (j = k; j < nrows; j++) {
			n += !bad[j];
			bad[j] = 1;
		}
		break;
	}
	return n;
}
