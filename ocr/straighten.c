/*
 * straighten.c: a photographed or bound page made flat and upright before
 * the grid is looked for (see straighten.h).
 *
 * Two steps, each only when the image asks for it.  The page: on a copy
 * about a thousand pixels across, the paper is split from the desk by its
 * lightness; the largest light region that lies inside the image (a
 * flatbed scan's paper reaches its edges, and then nothing is done) gives
 * four corners, the points furthest towards each corner of the image, and
 * Leptonica's projective transform maps them onto an upright rectangle.
 * The curl: a bound page bends down into its spine, and its horizontal
 * rules bend with it.  They are found where they are straight (the part of
 * the page away from the spine), traced across the page, and at each
 * column their vertical displacement is fitted as a line in the height
 * (the page's curl is a lift and a stretch about its middle, and what the
 * projective step left of a perspective is nearly so too); the page is
 * then resampled column by column.  Leptonica's dewarp models textlines
 * with one polynomial across the page, which fits a curl confined to the
 * spine's side poorly; the rules are better evidence, and a table has
 * them.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "straighten.h"

#define SMALL_SIDE	1000	/* long side of the copy searched */
#define STEP		3	/* pixels between a rule's samples */
#define BIN		16	/* pixels a column bin of the model */
#define SMOOTH		9	/* bins in the model's running mean */
#define MIN_RULES	3	/* rules needed to model a bin */
#define MIN_SHIFT	2.5	/* pixels worth undoing */
#define STRIPS		8	/* strips the rules are looked for in */
#define MAX_SEEDS	200	/* rules looked for in one strip */

/* One horizontal rule traced across the page. */
struct rule {
	float	*y;		/* y at x = i * STEP, NAN if unseen */
	int	 x0, x1;	/* first and last sample seen */
	float	 ref;		/* where it lies when straight */
};

/*
 * The median grey of the outer twentieth of small all round (*desk) and
 * the grey that a tenth of small is lighter than (*paper).
 */
static int
levels(PIX *small, int *desk, int *paper)
{
	l_uint32 *line;
	int	 w = pixGetWidth(small), h = pixGetHeight(small), wpl, x, y,
		 m, v, n = 0, k;
	long	 border[256] = { 0 }, all[256] = { 0 }, nb = 0;

	line = pixGetData(small);
	wpl = pixGetWpl(small);
	m = (w < h ? w : h) / 20 + 1;
	for (y = 0; y < h; y++, line += wpl)
		for (x = 0; x < w; x++) {
			v = GET_DATA_BYTE(line, x);
			all[v]++;
			n++;
			if (x < m || y < m || x >= w - m || y >= h - m) {
				border[v]++;
				nb++;
			}
		}
	if (n == 0 || nb == 0)
		return -1;
	for (k = 0, x = 0; k < 256 && x * 2 < nb; k++)
		x += border[k];
	*desk = k - 1;
	for (k = 255, y = 0; k > 0 && y * 10 < n; k--)
		y += all[k];
	*paper = k + 1;
	return 0;
}

/*
 * The corners of the region set in filled (bw by bh, 1 bpp): the pixels
 * furthest along x+y, x-y and their opposites, in q (top left, top right,
 * bottom right, bottom left).
 */
static void
corners(PIX *filled, int bw, int bh, double q[4][2])
{
	l_uint32	*line;
	double		 ext[4];
	int		 i, x, y, wpl;

	for (i = 0; i < 4; i++)
		ext[i] = -1e9;
	line = pixGetData(filled);
	wpl = pixGetWpl(filled);
	for (y = 0; y < bh; y++, line += wpl)
		for (x = 0; x < bw; x++) {
			double s, d;

			if (!GET_DATA_BIT(line, x))
				continue;
			s = x + y;
			d = x - y;
			if (-s > ext[0]) {
				ext[0] = -s;
				q[0][0] = x;
				q[0][1] = y;
			}
			if (d > ext[1]) {
				ext[1] = d;
				q[1][0] = x;
				q[1][1] = y;
			}
			if (s > ext[2]) {
				ext[2] = s;
				q[2][0] = x;
				q[2][1] = y;
			}
			if (-d > ext[3]) {
				ext[3] = -d;
				q[3][0] = x;
				q[3][1] = y;
			}
		}
}

/* The area of the quadrilateral q (the shoelace formula). */
static double
quad_area(double q[4][2])
{
	double	 area = 0;
	int	 i;

	for (i = 0; i < 4; i++)
		area += q[i][0] * q[(i + 1) % 4][1] -
		    q[(i + 1) % 4][0] * q[i][1];
	return fabs(area) / 2;
}

/*
 * The page on a darker background: its four corners (top left, top right,
 * bottom right, bottom left) in gray's pixels.  Returns 1 when the light
 * region reaches the image's edges or is not a four-cornered region (a
 * flatbed scan, or something else), 0 with q set, -1 out of memory.
 */
static int
find_page(PIX *gray, double q[4][2])
{
	PIX	*small = NULL, *mask = NULL, *comp = NULL, *filled = NULL;
	PIXA	*pixa = NULL;
	BOXA	*boxa = NULL;
	double	 area;
	float	 f;
	l_int32	 bx, by, bw, bh, cnt;
	int	 thresh, desk, paper;
	int	 w, h, sw, sh, i, best = -1, touch, rc = -1;
	long	 barea = 0;

	w = pixGetWidth(gray);
	h = pixGetHeight(gray);
	f = (float)SMALL_SIDE / (w > h ? w : h);
	small = f < 1 ? pixScaleAreaMap(gray, f, f) : pixClone(gray);
	if (f > 1)
		f = 1;
	if (small == NULL)
		goto out;
	sw = pixGetWidth(small);
	sh = pixGetHeight(small);
	/*
	 * The desk is what the image's border shows, the paper the lightest
	 * tenth of it; a flatbed scan shows paper all round.
	 */
	if (levels(small, &desk, &paper) != 0)
		goto out;
	rc = 1;
	if (paper - desk < 60)
		goto out;
	rc = -1;
	thresh = (desk + paper) / 2;
	/* 1 where light: the paper, and light things on the desk */
	mask = pixThresholdToBinary(small, thresh);
	if (mask == NULL)
		goto out;
	pixInvert(mask, mask);
	boxa = pixConnComp(mask, &pixa, 8);
	if (boxa == NULL)
		goto out;
	for (i = 0; i < boxaGetCount(boxa); i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		if ((long)bw * bh > barea) {
			barea = (long)bw * bh;
			best = i;
		}
	}
	rc = 1;
	if (best < 0 || barea * 5 < (long)sw * sh)
		goto out;
	boxaGetBoxGeometry(boxa, best, &bx, &by, &bw, &bh);
	touch = (bx <= 1) + (by <= 1) + (bx + bw >= sw - 1) +
	    (by + bh >= sh - 1);
	if (touch >= 2)
		goto out;
	rc = -1;
	comp = pixaGetPix(pixa, best, L_CLONE);
	/* the page with the ink on it, which is dark too */
	filled = comp != NULL ? pixHolesByFilling(comp, 4) : NULL;
	if (filled == NULL)
		goto out;
	pixOr(filled, filled, comp);
	corners(filled, bw, bh, q);
	/*
	 * A page is a four-cornered region: it fills the quadrilateral of
	 * its corners.  Anything else (a hand, a cup, a crumpled sheet) is
	 * left alone for the grid to accept or refuse.
	 */
	area = quad_area(q);
	rc = 1;
	if (pixCountPixels(filled, &cnt, NULL) != 0 || area < 1 ||
	    cnt < 0.93 * area || cnt > 1.07 * area)
		goto out;
	for (i = 0; i < 4; i++) {
		q[i][0] = (q[i][0] + bx + 0.5) / f;
		q[i][1] = (q[i][1] + by + 0.5) / f;
	}
	rc = 0;
out:
	pixDestroy(&small);
	pixDestroy(&mask);
	pixDestroy(&comp);
	pixDestroy(&filled);
	pixaDestroy(&pixa);
	boxaDestroy(&boxa);
	return rc;
}

static double
dist(const double a[2], const double b[2])
{
	return hypot(a[0] - b[0], a[1] - b[1]);
}

/*
 * The page inside corners q mapped onto an upright rectangle as wide and
 * high as its edges on average, less a thin border where the desk may
 * still show (a dark edge would pass for a rule).
 */
static PIX *
unproject(PIX *gray, const double q[4][2])
{
	PIX	*full, *page;
	PTA	*src, *dst;
	BOX	*box;
	double	 W, H;
	int	 i, m;

	W = (dist(q[0], q[1]) + dist(q[3], q[2])) / 2;
	H = (dist(q[0], q[3]) + dist(q[1], q[2])) / 2;
	m = (int)(fmax(W, H) / 100) + 2;
	src = ptaCreate(4);
	dst = ptaCreate(4);
	if (src == NULL || dst == NULL) {
		ptaDestroy(&src);
		ptaDestroy(&dst);
		return NULL;
	}
	for (i = 0; i < 4; i++)
		ptaAddPt(src, (float)q[i][0], (float)q[i][1]);
	ptaAddPt(dst, 0, 0);
	ptaAddPt(dst, (float)W, 0);
	ptaAddPt(dst, (float)W, (float)H);
	ptaAddPt(dst, 0, (float)H);
	full = pixProjectivePtaGray(gray, dst, src, 255);
	ptaDestroy(&src);
	ptaDestroy(&dst);
	if (full == NULL)
		return NULL;
	if (W > pixGetWidth(full))
		W = pixGetWidth(full);
	if (H > pixGetHeight(full))
		H = pixGetHeight(full);
	box = boxCreate(m, m, (int)W - 2 * m, (int)H - 2 * m);
	page = box != NULL ? pixClipRectangle(full, box, NULL) : NULL;
	boxDestroy(&box);
	pixDestroy(&full);
	return page;
}

static int
cmp_float(const void *a, const void *b)
{
	float	 x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/*
 * Follows the rule through (x, y) on bin in direction dir, writing the
 * centre of the rule at every STEP it is seen into r->y.  A rule is a run
 * of ink across the column no thicker than a rule near where the rule so
 * far says it goes; gaps (a vertical rule crossing, a stroke of a
 * signature, a faded stretch) are bridged up to a limit, past which the
 * table has ended.
 */
static void
trace(PIX *bin, struct rule *r, int x, float y, int thick, int dir)
{
	l_uint32 *data = pixGetData(bin);
	float	 slope = 0, py;
	int	 wpl = pixGetWpl(bin), w = pixGetWidth(bin),
		 h = pixGetHeight(bin), win = thick + 3, miss = 0,
		 maxmiss = w / 30 / STEP + 2, i, yy, a, b, best, bd, c;

	for (i = x / STEP + dir; i >= 0 && i * STEP < w; i += dir) {
		py = y + slope * STEP * (1 + miss);
		best = -1;
		bd = win + 1;
		for (yy = (int)py - win; yy <= (int)py + win; yy++) {
			if (yy < 0 || yy >= h ||
			    !GET_DATA_BIT(data + yy * wpl, i * STEP))
				continue;
			/* the whole run through yy */
			for (a = yy; a > 0 && a > yy - 3 * thick &&
			    GET_DATA_BIT(data + (a - 1) * wpl, i * STEP); a--)
				;
			for (b = yy; b < h - 1 && b < yy + 3 * thick &&
			    GET_DATA_BIT(data + (b + 1) * wpl, i * STEP); b++)
				;
			yy = b;
			if (b - a + 1 > 2 * thick + 2)
				continue;
			c = (a + b) / 2;
			if (abs(c - (int)py) < bd) {
				bd = abs(c - (int)py);
				best = c;
			}
		}
		if (best < 0) {
			if (++miss > maxmiss)
				break;
			continue;
		}
		slope = 0.6f * slope + 0.4f * (best - y) / (STEP * (1 + miss));
		y = (float)best;
		miss = 0;
		r->y[i] = y;
		if (i < r->x0)
			r->x0 = i;
		if (i > r->x1)
			r->x1 = i;
	}
}

/*
 * The rules crossing the strip [x0, x1) of hor (long horizontal runs):
 * bands of rows at least half inked across it.  Writes their centres to
 * ys and thicknesses to th, at most MAX_SEEDS; returns their number.
 */
static int
strip_rules(PIX *hor, int x0, int x1, float *ys, int *th)
{
	l_uint32 *line = pixGetData(hor);
	int	 wpl = pixGetWpl(hor), h = pixGetHeight(hor), n = 0, run = 0,
		 x, y, c;

	for (y = 0; y < h; y++, line += wpl) {
		for (x = x0, c = 0; x < x1; x++)
			c += GET_DATA_BIT(line, x);
		if (c * 2 >= x1 - x0) {
			run++;
			continue;
		}
		if (run > 0 && n < MAX_SEEDS) {
			ys[n] = y - (run + 1) / 2.0f;
			th[n++] = run;
		}
		run = 0;
	}
	return n;
}

/*
 * The horizontal rules of the page's table, found in the vertical strip
 * that most cross (where they are straight: away from a spine) and traced
 * from there both ways.  Returns their number (0 when there is no table
 * to speak of), -1 out of memory; *prules is the caller's to free.
 */
static int
find_rules(PIX *bin, struct rule **prules)
{
	PIX		*hor;
	struct rule	*rules;
	float		 ys[MAX_SEEDS];
	int		 th[MAX_SEEDS], w = pixGetWidth(bin), sw = w / STRIPS,
			 nx = w / STEP + 1, s, best = 0, bestn = -1, n, k, i,
			 x;

	*prules = NULL;
	hor = pixOpenBrick(NULL, bin, w / 60 > 30 ? w / 60 : 30, 1);
	if (hor == NULL)
		return -1;
	for (s = 0; s < STRIPS; s++) {
		n = strip_rules(hor, s * sw, (s + 1) * sw, ys, th);
		if (n > bestn) {
			bestn = n;
			best = s;
		}
	}
	n = strip_rules(hor, best * sw, (best + 1) * sw, ys, th);
	pixDestroy(&hor);
	rules = calloc(n + 1, sizeof(*rules));
	if (rules == NULL)
		return -1;
	x = (best * sw + sw / 2) / STEP;
	for (k = 0; k < n; k++) {
		rules[k].y = malloc(nx * sizeof(*rules[k].y));
		if (rules[k].y == NULL) {
			while (k-- > 0)
				free(rules[k].y);
			free(rules);
			return -1;
		}
		for (i = 0; i < nx; i++)
			rules[k].y[i] = NAN;
		rules[k].y[x] = ys[k];
		rules[k].x0 = rules[k].x1 = x;
		trace(bin, &rules[k], x * STEP, ys[k], th[k], -1);
		trace(bin, &rules[k], x * STEP, ys[k], th[k], 1);
	}
	*prules = rules;
	return n;
}

/* The median of v[0..n), n > 0; v is reordered. */
static float
median(float *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_float);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * The first guess of a bin's model, a + b * y, from one point per rule
 * (the median of its samples in the bin), by Siegel's repeated median:
 * for each rule the median slope to every other, the median of those.
 * Where a trace slipped off its rule onto a signature's stroke, or on
 * to the next rule, its point lies tens of pixels off; a least-squares
 * fit would follow it, the repeated median ignores up to half such.
 * ws holds 4 nr + BIN floats.  Returns the rules seen in the bin.
 */
static int
guess_bin(const struct rule *rules, int nr, int i0, int i1, float *ws,
    double *pa, double *pb)
{
	float	*ys = ws, *ds = ws + nr, *med = ws + 2 * nr, *sl = ws + 3 * nr;
	int	 k, l, i, n, m, np = 0;

	for (k = 0; k < nr; k++) {
		for (i = i0, n = 0; i < i1; i++)
			if (!isnan(rules[k].y[i]))
				sl[n++] = rules[k].y[i] - rules[k].ref;
		if (n == 0)
			continue;
		ys[np] = rules[k].ref;
		ds[np++] = median(sl, n);
	}
	if (np < MIN_RULES)
		return np;
	for (k = 0, m = 0; k < np; k++) {
		for (l = 0, n = 0; l < np; l++)
			if (ys[l] != ys[k])
				sl[n++] = (ds[l] - ds[k]) / (ys[l] - ys[k]);
		if (n > 0)
			med[m++] = median(sl, n);
	}
	if (m == 0)
		return 0;
	*pb = median(med, m);
	for (k = 0; k < np; k++)
		sl[k] = ds[k] - *pb * ys[k];
	*pa = median(sl, np);
	return np;
}

/*
 * The curl model: at each column bin, the displacement a + b * y of a
 * straight line at height y.  Guessed robustly (guess_bin()), then
 * fitted by least squares on the samples within 2 pixels of the guess
 * (a trace that slipped onto a line of text or a signature is left
 * out).  Returns 0 when fewer than MIN_RULES rules are seen in the bin.
 */
static int
fit_bin(const struct rule *rules, int nr, int i0, int i1, float *ws,
    double *pa, double *pb)
{
	double	 sx = 0, sy = 0, sxx = 0, sxy = 0, a = 0, b = 0, d, y;
	int	 k, i, n = 0, seen, nrules = 0;

	if (guess_bin(rules, nr, i0, i1, ws, &a, &b) < MIN_RULES)
		return 0;
	for (k = 0; k < nr; k++) {
		seen = 0;
		for (i = i0; i < i1; i++) {
			if (isnan(rules[k].y[i]))
				continue;
			y = rules[k].ref;
			d = rules[k].y[i] - y;
			if (fabs(d - a - b * y) > 2)
				continue;
			sx += y;
			sy += d;
			sxx += y * y;
			sxy += y * d;
			n++;
			seen = 1;
		}
		nrules += seen;
	}
	if (nrules < MIN_RULES || sxx * n - sx * sx <= 0)
		return 0;
	b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
	a = (sy - b * sx) / n;
	*pa = a;
	*pb = b;
	return 1;
}

/*
 * A running mean over SMOOTH bins: a page curls smoothly, and what bin
 * fits differ by beyond that is a trace's noise.
 */
static int
smooth(double *v, int n)
{
	double	*c, sum;
	int	 i, k, lo, hi;

	c = malloc((n + 1) * sizeof(*c));
	if (c == NULL)
		return -1;
	c[0] = 0;
	for (i = 0; i < n; i++)
		c[i + 1] = c[i] + v[i];
	for (i = 0; i < n; i++) {
		lo = i - SMOOTH / 2 < 0 ? 0 : i - SMOOTH / 2;
		hi = i + SMOOTH / 2 + 1 > n ? n : i + SMOOTH / 2 + 1;
		sum = c[hi] - c[lo];
		k = hi - lo;
		v[i] = sum / k;
	}
	free(c);
	return 0;
}

/*
 * Resamples page so that the rules are straight: the pixel at (x, y) of
 * the result is page's at (x, y + a(x) + b(x) * y), a and b interpolated
 * between bin centres, y held within [y0, y1], the rules' span: beyond
 * it nothing was seen, and a line's slope is no guide far from where it
 * was fitted.
 */
static PIX *
uncurl(PIX *page, const double *a, const double *b, int nb, double y0,
    double y1)
{
	PIX	*out;
	l_uint32 *sd, *dd;
	double	 t, ax, bx, sy, f;
	int	 w = pixGetWidth(page), h = pixGetHeight(page), swpl, dwpl,
		 x, y, j, yi, v0, v1;

	out = pixCreate(w, h, 8);
	if (out == NULL)
		return NULL;
	pixCopyResolution(out, page);
	sd = pixGetData(page);
	dd = pixGetData(out);
	swpl = pixGetWpl(page);
	dwpl = pixGetWpl(out);
	for (x = 0; x < w; x++) {
		t = (x - BIN / 2.0) / BIN;
		j = (int)floor(t);
		if (j < 0) {
			j = 0;
			t = 0;
		} else if (j >= nb - 1) {
			j = nb - 2 < 0 ? 0 : nb - 2;
			t = nb > 1 ? 1 : 0;
		} else
			t -= j;
		ax = nb > 1 ? a[j] * (1 - t) + a[j + 1] * t : a[0];
		bx = nb > 1 ? b[j] * (1 - t) + b[j + 1] * t : b[0];
		for (y = 0; y < h; y++) {
			sy = y + ax + bx * (y < y0 ? y0 : y > y1 ? y1 : y);
			yi = (int)floor(sy);
			f = sy - yi;
			v0 = yi >= 0 && yi < h ?
			    GET_DATA_BYTE(sd + yi * swpl, x) : 255;
			v1 = yi + 1 >= 0 && yi + 1 < h ?
			    GET_DATA_BYTE(sd + (yi + 1) * swpl, x) : 255;
			SET_DATA_BYTE(dd + y * dwpl, x,
			    (int)(v0 * (1 - f) + v1 * f + 0.5));
		}
	}
	return out;
}

/*
 * Undoes the curl of page when its rules bend by more than MIN_SHIFT.
 * Returns 0 with *out NULL when they do not (or there are too few), 0 with
 * *out set when they did, -1 out of memory.
 */
static int
flatten(PIX *page, PIX **out)
{
	PIX		*norm, *bin;
	struct rule	*rules = NULL;
	float		*tmp = NULL, *ws = NULL;
	double		*a = NULL, *b = NULL, shift = 0, y0 = 1e9,
			 y1 = -1e9;
	int		 nr, k, i, n, span = 0, nb, ok = 0, j, last, rc = -1,
			 nx;

	*out = NULL;
	norm = pixBackgroundNorm(page, NULL, NULL, 10, 15, 60, 40, 255, 2, 2);
	if (norm == NULL)
		return -1;
	bin = pixThresholdToBinary(norm, 200);
	pixDestroy(&norm);
	if (bin == NULL)
		return -1;
	nr = find_rules(bin, &rules);
	pixDestroy(&bin);
	if (nr < 0)
		return -1;
	nx = pixGetWidth(page) / STEP + 1;
	tmp = malloc(nx * sizeof(*tmp));
	ws = malloc((4 * (size_t)nr + BIN) * sizeof(*ws));
	nb = (pixGetWidth(page) + BIN - 1) / BIN;
	a = calloc(nb, sizeof(*a));
	b = calloc(nb, sizeof(*b));
	if (tmp == NULL || ws == NULL || a == NULL || b == NULL)
		goto done;
	rc = 0;
	/* Each rule's straight height: its median (the flat part is most). */
	for (k = 0; k < nr; k++) {
		if (rules[k].x1 - rules[k].x0 > span)
			span = rules[k].x1 - rules[k].x0;
		for (i = 0, n = 0; i < nx; i++)
			if (!isnan(rules[k].y[i]))
				tmp[n++] = rules[k].y[i];
		qsort(tmp, n, sizeof(*tmp), cmp_float);
		rules[k].ref = n > 0 ? tmp[n / 2] : 0;
	}
	/* Short traces are cell text or a rule cut off, not the table's. */
	for (k = 0; k < nr; k++)
		if ((rules[k].x1 - rules[k].x0) * 10 < span * 7)
			for (i = 0; i < nx; i++)
				rules[k].y[i] = NAN;
		else {
			y0 = fmin(y0, rules[k].ref);
			y1 = fmax(y1, rules[k].ref);
		}
	last = -1;
	for (j = 0; j < nb; j++) {
		if (!fit_bin(rules, nr, j * BIN / STEP,
		    ((j + 1) * BIN + STEP - 1) / STEP < nx ?
		    ((j + 1) * BIN + STEP - 1) / STEP : nx, ws, &a[j], &b[j]))
			continue;
		ok++;
		/* bins left of the first fit take its model */
		for (i = last + 1; i < j; i++) {
			a[i] = last >= 0 ? a[last] : a[j];
			b[i] = last >= 0 ? b[last] : b[j];
		}
		last = j;
		for (i = 0; i < 2; i++) {
			double d = fabs(a[j] + b[j] * (i ? y1 : y0));

			if (d > shift)
				shift = d;
		}
	}
	if (ok * 2 < nb || shift < MIN_SHIFT)
		goto done;
	for (i = last + 1; i < nb; i++) {
		a[i] = a[last];
		b[i] = b[last];
	}
	if (smooth(a, nb) != 0 || smooth(b, nb) != 0) {
		rc = -1;
		goto done;
	}
	*out = uncurl(page, a, b, nb, y0, y1);
	if (*out == NULL)
		rc = -1;
done:
	for (k = 0; k < nr; k++)
		free(rules[k].y);
	free(rules);
	free(tmp);
	free(ws);
	free(a);
	free(b);
	return rc;
}

/*
 * Undoes the bend of page's horizontal rules and then that of its vertical
 * ones (the same on the page turned a quarter: a corner found in a gutter's
 * shadow tilts the columns, and a tilted column is a bent rule turned).
 * *page is replaced when it changes; *what gains STRAIGHTEN_CURL.
 */
static int
flatten_both(PIX **page, unsigned *what)
{
	PIX	*flat, *turned;
	int	 pass;

	for (pass = 0; pass < 2; pass++) {
		turned = pass == 0 ? pixClone(*page) : pixRotate90(*page, 1);
		if (turned == NULL)
			return -1;
		if (flatten(turned, &flat) != 0) {
			pixDestroy(&turned);
			return -1;
		}
		pixDestroy(&turned);
		if (flat == NULL)
			continue;
		turned = pass == 0 ? pixClone(flat) : pixRotate90(flat, -1);
		pixDestroy(&flat);
		if (turned == NULL)
			return -1;
		pixCopyResolution(turned, *page);
		pixDestroy(page);
		*page = turned;
		*what |= STRAIGHTEN_CURL;
	}
	return 0;
}

int
straighten_page(PIX *gray, PIX **out, unsigned *what)
{
	PIX	*page;
	double	 q[4][2];
	int	 rc;

	*out = NULL;
	*what = 0;
	rc = find_page(gray, q);
	if (rc != 0)
		return rc < 0 ? STRAIGHTEN_ENOMEM : STRAIGHTEN_OK;
	page = unproject(gray, q);
	if (page == NULL)
		return STRAIGHTEN_ENOMEM;
	pixCopyResolution(page, gray);
	*what = STRAIGHTEN_PERSPECTIVE;
	if (flatten_both(&page, what) != 0) {
		pixDestroy(&page);
		*what = 0;
		return STRAIGHTEN_ENOMEM;
	}
	*out = page;
	return STRAIGHTEN_OK;
}
