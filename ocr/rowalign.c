/*
 * rowalign.c: rows whose cells are not one band of one page (see
 * rowalign.h).
 *
 * Five signs, each enough:
 *
 * - One table has one header: a column map that names a field twice is
 *   two tables side by side in one grid (a spread read as one page), and
 *   every row of it joins the entries of two pages.
 * - A table's rules cross every column it has: a column between two
 *   field columns that no ruled line crosses is the gutter between two
 *   tables, whose rows may line up here and there.
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
 *   (sheet.c's sheet_split_unruled()): neither says anything.
 * - A rule bends smoothly; two tables' rules do not meet.  Where an
 *   edge's rule moves further than tol between neighbouring stretches of
 *   field columns and no thin line of ink joins the two, the line is two
 *   rules.
 *
 * Each edge is taken where the cell's own column shows it, stretch by
 * stretch, not where the grid's straight line lies: a straightened page
 * is not quite flat (near the table's far edge, by the spine its rules
 * lie a few pixels off the grid's lines, and bends too steep for the
 * mask's opening show only in the ink), and a rule that is this row's,
 * only displaced, must not mark it.
 */
#include "config.h"

#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "grid.h"
#include "rowalign.h"

#define RULED		0.60f	/* a rule runs over this much of a cell */
#define UNRULED		0.25f	/* ... and no rule over less than this */
#define SEG		8	/* a stretch of a rule is this many tol wide */

/*
 * A stretch of a column, the rules at its sides left out, in which a
 * grid line's rule is looked for: narrow enough that a rule bent by a
 * curl or what straightening left of a perspective is nearly level in
 * it.
 */
struct seg {
	int	 x0, x1;	/* columns [x0, x1) */
	int	 col;		/* the grid column */
};

/* Where a grid line's rule lies in one stretch, and how much of it. */
struct local {
	int	 y;		/* the rule's middle, as found */
	int	 at;		/* ... or where it is expected: a neighbour's */
	float	 cover;		/* share of the stretch's width it covers */
};

/* The stretches of one page's columns, the same on every grid line. */
struct rules {
	struct seg	*seg;
	int		 nseg;
	int		*first;	/* column i's stretches: first[i] to [i + 1] */
	struct local	*loc;	/* nseg per grid line */
	unsigned char	*jump;	/* per grid line: its rule does not meet */
};

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
 * The number of columns x in [x0, x1) in which the rule mask holds a
 * pixel within t rows of y.
 */
static int
covered(const struct grid *g, int x0, int x1, int y, int t)
{
	l_uint32	*data, *line;
	int		 h, wpl, x, yy, on = 0;

	h = pixGetHeight(g->mask);
	data = pixGetData(g->mask);
	wpl = pixGetWpl(g->mask);
	inside(g->mask, &x0, &x1, 0);
	for (x = x0; x < x1; x++)
		for (yy = y - t; yy <= y + t; yy++) {
			if (yy < 0 || yy >= h)
				continue;
			line = data + (size_t)yy * wpl;
			if (GET_DATA_BIT(line, x)) {
				on++;
				break;
			}
		}
	return on;
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

/*
 * Cuts columns 0 to nc of g, less 2 tol at each side (the vertical
 * rules), into stretches about SEG tol wide.  Returns 0, or -1 when out
 * of memory.
 */
static int
cut(const struct grid *g, int nc, int tol, struct rules *r)
{
	int	 i, k, n, w, x0, x1, total = 0;

	for (i = 0; i < nc; i++) {
		w = g->xs[i + 1] - g->xs[i] - 4 * tol;
		total += w > SEG * tol ? w / (SEG * tol) : 1;
	}
	r->seg = calloc(total, sizeof(*r->seg));
	r->first = calloc(nc + 1, sizeof(*r->first));
	if (r->seg == NULL || r->first == NULL)
		return -1;
	for (i = 0; i < nc; i++) {
		r->first[i] = r->nseg;
		x0 = g->xs[i] + 2 * tol;
		x1 = g->xs[i + 1] - 2 * tol;
		w = x1 - x0;
		n = w > SEG * tol ? w / (SEG * tol) : 1;
		for (k = 0; k < n; k++) {
			r->seg[r->nseg].x0 = w > 0 ? x0 + w * k / n : x0;
			r->seg[r->nseg].x1 = w > 0 ? x0 + w * (k + 1) / n : x0;
			r->seg[r->nseg].col = i;
			r->nseg++;
		}
	}
	r->first[nc] = r->nseg;
	return 0;
}

/*
 * Where the rule of grid line j lies in stretch s: the y within a
 * quarter of the shorter band beside the line (another band's rule is a
 * whole band away) at which the rule mask covers most of the stretch,
 * within tol / 2 rows.  The middle of the run of rows that reach the
 * best cover is taken, so that the mask's thickness does not bias it.
 */
static void
locate(const struct grid *g, int tol, const struct seg *s, int j,
    struct local *out)
{
	float	 c, best = -1;
	int	 h = 0, w, y, y0 = 0, y1 = 0, n = s->x1 - s->x0;

	if (j > 0)
		h = g->ys[j] - g->ys[j - 1];
	if (j + 1 < g->ny && (h == 0 || g->ys[j + 1] - g->ys[j] < h))
		h = g->ys[j + 1] - g->ys[j];
	w = h / 4 > tol ? h / 4 : tol;
	for (y = g->ys[j] - w; y <= g->ys[j] + w; y++) {
		c = n > 0 ? (float)covered(g, s->x0, s->x1, y, tol / 2) / n :
		    0;
		if (c > best) {
			best = c;
			y0 = y1 = y;
		} else if (c == best && y1 == y - 1)
			y1 = y;
	}
	out->y = out->at = (y0 + y1) / 2;
	out->cover = best;
}

/* Whether (x, y) is ink or rule: bin holds the ink, the mask the rules. */
static int
dark(const struct grid *g, PIX *bin, int x, int y)
{
	if (x < 0 || y < 0 || x >= pixGetWidth(bin) ||
	    y >= pixGetHeight(bin) || x >= pixGetWidth(g->mask) ||
	    y >= pixGetHeight(g->mask))
		return 0;
	return GET_DATA_BIT(pixGetData(bin) + (size_t)y * pixGetWpl(bin),
	    x) || GET_DATA_BIT(pixGetData(g->mask) +
	    (size_t)y * pixGetWpl(g->mask), x);
}

/*
 * Follows a rule from (xa, *y) to xb (either way): a thin line of ink
 * followed column by column, its middle moving at most two rows a
 * column, with gaps of at most 2 tol (a vertical rule crossing it, where
 * the ink is not thin) bridged level.  Leaves *y where it ends; returns
 * the columns in which it was seen, or -1 when it was lost.  The mask's
 * opening keeps only the level parts of a rule; where straightening
 * left a rule bent steeply (at a table's far edge, near a spine) the
 * bend is still in the ink.  Two tables' rules are not joined by one.
 */
static int
follow(const struct grid *g, PIX *bin, int tol, int xa, int xb, int *y)
{
	int	 x, d, best, bd, a, b, c, miss = 0, seen = 0,
		 dir = xb >= xa ? 1 : -1;

	for (x = xa; x != xb + dir; x += dir) {
		best = -1;
		bd = 3;
		for (d = -2; d <= 2; d++) {
			if (!dark(g, bin, x, *y + d))
				continue;
			for (a = *y + d; a > *y + d - 2 * tol &&
			    dark(g, bin, x, a - 1); a--)
				;
			for (b = *y + d; b < *y + d + 2 * tol &&
			    dark(g, bin, x, b + 1); b++)
				;
			c = (a + b) / 2;
			if (b - a + 1 < 2 * tol && abs(c - *y) < bd) {
				bd = abs(c - *y);
				best = c;
			}
		}
		if (best < 0) {
			if (++miss > 2 * tol)
				return -1;
			continue;
		}
		miss = 0;
		seen++;
		*y = best;
	}
	return seen;
}

/* Whether a rule runs from (xa, ya) to (xb, yb): follow() joins them. */
static int
connected(const struct grid *g, PIX *bin, int tol, int xa, int ya, int xb,
    int yb)
{
	int	 y = ya;

	return follow(g, bin, tol, xa, xb, &y) >= 0 && abs(y - yb) <= tol / 2;
}

/*
 * Settles line j: where a stretch does not show the rule it is expected
 * at the nearest one that does (else on the grid's line), and the line
 * jumps where two stretches of field columns that show it, next to each
 * other but for stretches that do not (or that are not fields': a
 * signature's long stroke looks like a rule), lie more than tol apart
 * with no rule joining them: a rule bends smoothly (a curl, what
 * straightening left of a perspective), two tables' rules do not meet.
 */
static void
settle(const struct grid *g, PIX *bin, struct rules *r,
    const enum field *cols, int tol, int j)
{
	struct local	*l = r->loc + (size_t)j * r->nseg;
	const struct seg *a, *b;
	int		 s, k, d, best, prev = -1;

	for (s = 0; s < r->nseg; s++) {
		if (l[s].cover >= RULED && is_field(cols[r->seg[s].col])) {
			if (prev >= 0) {
				a = &r->seg[prev];
				b = &r->seg[s];
				d = l[s].y - l[prev].y;
				if ((d > tol || d < -tol) && !connected(g, bin,
				    tol, (a->x0 + a->x1) / 2, l[prev].y,
				    (b->x0 + b->x1) / 2, l[s].y))
					r->jump[j] = 1;
			}
			prev = s;
			continue;
		}
		if (l[s].cover >= RULED)
			continue;
		l[s].at = g->ys[j];
		for (k = 0, best = -1; k < r->nseg; k++) {
			d = k > s ? k - s : s - k;
			if (l[k].cover >= RULED && (best < 0 || d < best)) {
				best = d;
				l[s].at = l[k].y;
			}
		}
	}
}

/* The share of column i's width over which line j's rule lies. */
static float
col_cover(const struct rules *r, int i, int j)
{
	const struct local	*l = r->loc + (size_t)j * r->nseg;
	float			 on = 0;
	int			 s, n = 0;

	for (s = r->first[i]; s < r->first[i + 1]; s++) {
		on += l[s].cover * (r->seg[s].x1 - r->seg[s].x0);
		n += r->seg[s].x1 - r->seg[s].x0;
	}
	return n > 0 ? on / n : 1.0f;
}

/* Whether some column shows line j's rule: the page rules that line. */
static int
is_ruled(const struct rules *r, int nc, int j)
{
	int	 i;

	for (i = 0; i < nc; i++)
		if (col_cover(r, i, j) >= RULED)
			return 1;
	return 0;
}

/*
 * Whether a rule runs through the inside of cell i between lines j and
 * j + 1, more than tol from either: a rule over most of the cell's width
 * at a constant height below its top edge, taken stretch by stretch
 * where the column shows it, so that a bent cell is followed.
 */
static int
rule_inside(const struct grid *g, const struct rules *r, int tol, int i,
    int j)
{
	const struct local	*t = r->loc + (size_t)j * r->nseg;
	const struct local	*b = r->loc + (size_t)(j + 1) * r->nseg;
	int			 s, d, h = -1, on, n;

	for (s = r->first[i]; s < r->first[i + 1]; s++)
		if (h < 0 || b[s].at - t[s].at < h)
			h = b[s].at - t[s].at;
	for (d = tol + 1; d < h - tol; d++) {
		on = n = 0;
		for (s = r->first[i]; s < r->first[i + 1]; s++) {
			on += covered(g, r->seg[s].x0, r->seg[s].x1,
			    t[s].at + d, 0);
			n += r->seg[s].x1 - r->seg[s].x0;
		}
		if (n > 0 && on >= RULED * n)
			return 1;
	}
	return 0;
}

/* Where line j's rule is, or is expected, in the middle of column i. */
static int
col_at(const struct rules *r, int i, int j)
{
	return r->loc[(size_t)j * r->nseg +
	    (r->first[i] + r->first[i + 1]) / 2].at;
}

/*
 * Whether line j's rule, bent out of the mask over column i, is in the
 * ink: followed from the nearest stretch that shows it (left, else
 * right) across the column, seen over most of its width.
 */
static int
traced(const struct grid *g, PIX *bin, int tol, const struct rules *r,
    int i, int j)
{
	const struct local	*l = r->loc + (size_t)j * r->nseg;
	int			 s, y, x0 = g->xs[i], x1 = g->xs[i + 1], seen;

	for (s = r->first[i] - 1; s >= 0; s--)
		if (l[s].cover >= RULED)
			break;
	if (s < 0) {
		for (s = r->first[i + 1]; s < r->nseg; s++)
			if (l[s].cover >= RULED)
				break;
		if (s >= r->nseg)
			return 0;
		x0 = g->xs[i + 1];
		x1 = g->xs[i];
	}
	y = l[s].y;
	if (follow(g, bin, tol, (r->seg[s].x0 + r->seg[s].x1) / 2, x0,
	    &y) < 0)
		return 0;
	seen = follow(g, bin, tol, x0, x1, &y);
	return seen >= RULED * (g->xs[i + 1] - g->xs[i]);
}

/*
 * Whether field cell i of the band between lines j and j + 1 is not this
 * band's: where the page rules an edge, the cell lacks it and its
 * writing runs across the line, or it lacks both; an edge's rule jumps;
 * or a rule runs through its inside.  Each edge is taken where the
 * cell's own column shows it, not where the grid's straight line lies.
 */
static int
cell_drifts(const struct grid *g, PIX *bin, int tol, const struct rules *r,
    int nc, int i, int j)
{
	int	 m0, m1, x0 = g->xs[i], x1 = g->xs[i + 1];

	m0 = is_ruled(r, nc, j) && col_cover(r, i, j) < UNRULED &&
	    !traced(g, bin, tol, r, i, j);
	m1 = is_ruled(r, nc, j + 1) && col_cover(r, i, j + 1) < UNRULED &&
	    !traced(g, bin, tol, r, i, j + 1);
	if (m0 && m1)
		return 1;
	if (m0 && ink_across(bin, x0, x1, col_at(r, i, j), tol, 2 * tol) >=
	    2)
		return 1;
	if (m1 && ink_across(bin, x0, x1, col_at(r, i, j + 1), tol,
	    2 * tol) >= 2)
		return 1;
	if (r->jump[j] || r->jump[j + 1])
		return 1;
	return rule_inside(g, r, tol, i, j);
}

/*
 * Whether a column between two field columns shows no rule (neither in
 * the mask nor followed in the ink) on nine in ten of the lines that
 * some column rules: the gutter between two tables read as one grid (a
 * spread whose split failed).  Their rows may line up here and there,
 * and a band that both tables' rules bound joins two people whose
 * fields the header named once each, some from each table.  A table's
 * rules run across every column it has.
 */
static int
gutter(const struct grid *g, PIX *bin, int tol, const struct rules *r,
    const enum field *cols, int nc)
{
	int	 i, j, k, left, right, ruled, seen;

	for (i = 1; i + 1 < nc; i++) {
		for (k = 0, left = right = 0; k < nc; k++) {
			left |= k < i && is_field(cols[k]);
			right |= k > i && is_field(cols[k]);
		}
		if (!left || !right)
			continue;
		for (j = 0, ruled = seen = 0; j < g->ny; j++) {
			if (!is_ruled(r, nc, j))
				continue;
			ruled++;
			seen += col_cover(r, i, j) >= UNRULED ||
			    traced(g, bin, tol, r, i, j);
		}
		if (ruled >= 4 && seen * 10 < ruled)
			return 1;
	}
	return 0;
}

/* Finds every grid line's rule stretch by stretch.  0, or -1 (memory). */
static int
rules_find(const struct grid *g, PIX *bin, const enum field *cols, int nc,
    int tol, struct rules *r)
{
	int	 j, s;

	if (cut(g, nc, tol, r) != 0)
		return -1;
	r->loc = calloc((size_t)g->ny * r->nseg + 1, sizeof(*r->loc));
	r->jump = calloc(g->ny, sizeof(*r->jump));
	if (r->loc == NULL || r->jump == NULL)
		return -1;
	for (j = 0; j < g->ny; j++) {
		for (s = 0; s < r->nseg; s++)
			locate(g, tol, &r->seg[s], j,
			    &r->loc[(size_t)j * r->nseg + s]);
		settle(g, bin, r, cols, tol, j);
	}
	return 0;
}

static void
rules_free(struct rules *r)
{
	free(r->seg);
	free(r->first);
	free(r->loc);
	free(r->jump);
}

int
rowalign_check(const struct grid *g, PIX *bin, int dpi, const int *bands,
    int nrows, const enum field *cols, int ncols, unsigned char *bad)
{
	struct rules	 r = { 0 };
	int		 i, j, k, b, nc, look, twice = 0, blind = 0, n = 0,
			 tol;

	/*
	 * How far a rule may lie from the next stretch's, or from a rule
	 * inside the band: the mask's growth and what deskewing leaves, not
	 * the grid's typical thickness, which a bent line makes as wide as
	 * its bend.
	 */
	tol = dpi / 40 > 4 ? dpi / 40 : 4;
	for (i = 0; i < ncols; i++)
		for (j = i + 1; j < ncols; j++)
			if (is_field(cols[i]) && cols[i] == cols[j])
				twice = 1;
	nc = ncols < g->nx - 1 ? ncols : g->nx - 1;
	look = g->mask != NULL && nc > 0 && g->ny > 1;
	/* Unable to look for want of memory, nothing is vouched for. */
	if (look && rules_find(g, bin, cols, nc, tol, &r) != 0)
		blind = 1;
	else if (look && gutter(g, bin, tol, &r, cols, nc))
		twice = 1;
	for (k = 0; k < nrows; k++) {
		b = bands[k];
		bad[k] = twice || blind;
		for (i = 0; look && !bad[k] && b + 1 < g->ny && i < nc; i++)
			if (is_field(cols[i]))
				bad[k] = cell_drifts(g, bin, tol, &r, nc, i,
				    b);
		n += bad[k];
	}
	rules_free(&r);
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
