/*
 * hand.c: tell handwritten cells from printed ones (see hand.h).
 *
 * Type sets every letter upright, in one stroke width, on one baseline,
 * one piece per letter; a hand leans, joins its letters, and varies all
 * of that from word to word.  None of these alone separates the two (a
 * print hand is upright and unjoined; a bold face has thick strokes), so
 * each adds to a score, and the recognisers' low confidence adds too.
 * The weights were chosen on generated pages (docs/ocr.md, "Handwriting")
 * to call no printed row handwritten at any damage level.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "hand.h"

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/*
 * The shear (as a tangent, right positive) under which the ink's columns
 * are most uneven: strokes stand upright then, and pile into few columns.
 * Each ink pixel is moved by the shear, not the image: a cell holds a
 * few thousand of them, and 25 shears of the image cost far more.
 */
static float
slant_of(PIX *bin)
{
	l_uint32	*data, *line;
	int		*xs = NULL, *ys = NULL, *hist = NULL, *off = NULL;
	int		 w, h, wpl, x, y, k, i, n = 0, cap, b, bestk = 0;
	double		 best = -1, sum;

	w = pixGetWidth(bin);
	h = pixGetHeight(bin);
	wpl = pixGetWpl(bin);
	data = pixGetData(bin);
	cap = 4096;
	xs = malloc(cap * sizeof(*xs));
	ys = malloc(cap * sizeof(*ys));
	b = (int)(0.6 * h) + 2;
	hist = calloc((size_t)(w + 2 * b), sizeof(*hist));
	off = calloc((size_t)h, sizeof(*off));
	if (xs == NULL || ys == NULL || hist == NULL || off == NULL)
		goto out;
	for (y = 0; y < h; y++) {
		line = data + y * wpl;
		for (x = 0; x < w; x++) {
			if (line[x >> 5] == 0) {
				x |= 31;
				continue;
			}
			if (!GET_DATA_BIT(line, x))
				continue;
			if (n == cap) {
				int	*nx, *ny;

				cap *= 2;
				nx = realloc(xs, cap * sizeof(*xs));
				if (nx != NULL)
					xs = nx;
				ny = realloc(ys, cap * sizeof(*ys));
				if (ny != NULL)
					ys = ny;
				if (nx == NULL || ny == NULL)
					goto out;
			}
			xs[n] = x;
			ys[n] = h - 1 - y;	/* height above the bottom */
			n++;
		}
	}
	for (k = -12; k <= 12; k++) {
		memset(hist, 0, (size_t)(w + 2 * b) * sizeof(*hist));
		for (y = 0; y < h; y++)
			off[y] = b - (int)lround(k * 0.05 * y);
		for (i = 0; i < n; i++)
			hist[xs[i] + off[ys[i]]]++;
		for (sum = 0, i = 0; i < w + 2 * b; i++)
			sum += (double)hist[i] * hist[i];
		/* a tie goes to the upright: type's own shear is none */
		if (sum > best * 1.0001 || (sum >= best && abs(k) <
		    abs(bestk))) {
			best = sum;
			bestk = k;
		}
	}
out:
	free(xs);
	free(ys);
	free(hist);
	free(off);
	return bestk * 0.05f;
}

int
hand_measure(PIX *bin, struct hand_cell *out)
{
	BOXA	*boxa;
	PIX	*er;
	int	*hs, *body, n, i, j, nb = 0, npieces = 0, x0 = INT_MAX;
	int	 x1 = 0, med, tol, pairs = 0, al = 0;
	l_int32	 area = 0, inner = 0, bx, by, bw, bh, cx, cy, cw, ch;

	memset(out, 0, sizeof(*out));
	boxa = pixConnCompBB(bin, 8);
	if (boxa == NULL)
		return -1;
	n = boxaGetCount(boxa);
	hs = calloc(n + 1, sizeof(*hs));
	body = calloc(n + 1, sizeof(*body));
	if (hs == NULL || body == NULL) {
		free(hs);
		free(body);
		boxaDestroy(&boxa);
		return -1;
	}
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
		hs[i] = bh;
	}
	qsort(hs, n, sizeof(*hs), cmp_int);
	/* the letters' height: the tall half of the pieces, not the marks */
	med = n > 0 ? hs[n * 2 / 3] : 0;
	if (n == 0 || med < 6) {
		free(hs);
		free(body);
		boxaDestroy(&boxa);
		return 0;
	}
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh);
		if (bh * 10 < med * 4)
			continue;	/* a mark or a dot */
		npieces++;
		if (bx < x0)
			x0 = bx;
		if (bx + bw > x1)
			x1 = bx + bw;
		if (bh * 10 >= med * 6 && bh * 10 <= med * 16)
			body[nb++] = i;
	}
	/* Each letter against its nearest neighbour on its line. */
	tol = med / 10 > 1 ? med / 10 : 1;
	for (i = 0; i < nb; i++) {
		int	 best = -1, gap, bg = INT_MAX, ov;

		boxaGetBoxGeometry(boxa, body[i], &bx, &by, &bw, &bh);
		for (j = 0; j < nb; j++) {
			if (j == i)
				continue;
			boxaGetBoxGeometry(boxa, body[j], &cx, &cy, &cw, &ch);
			ov = (by + bh < cy + ch ? by + bh : cy + ch) -
			    (by > cy ? by : cy);
			if (ov * 2 < (bh < ch ? bh : ch))
				continue;
			gap = cx > bx ? cx - (bx + bw) : bx - (cx + cw);
			if (gap < 0)
				gap = 0;
			if (gap < bg) {
				bg = gap;
				best = j;
			}
		}
		if (best < 0 || bg > med)
			continue;
		boxaGetBoxGeometry(boxa, body[best], &cx, &cy, &cw, &ch);
		pairs++;
		al += abs((by + bh) - (cy + ch)) <= tol;
	}
	boxaDestroy(&boxa);
	free(hs);
	free(body);

	/* Stroke width: twice the ink over its outline. */
	pixCountPixels(bin, &area, NULL);
	er = pixErodeBrick(NULL, bin, 3, 3);
	if (er == NULL)
		return -1;
	pixCountPixels(er, &inner, NULL);
	pixDestroy(&er);
	if (area - inner <= 0 || npieces == 0)
		return 0;
	out->measured = 1;
	out->height = (float)med;
	out->stroke = 2.0f * area / (float)(area - inner) / med;
	out->pieces = (float)npieces * med / (float)(x1 - x0 > 1 ? x1 - x0 :
	    1);
	out->aligned = pairs > 0 ? (float)al / pairs : 1;
	out->slant = (float)(atan(slant_of(bin)) * 180 / M_PI);
	return 0;
}

static float
clamp01(float v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/*
 * Measured on generated pages (docs/ocr.md): a printed cell's strokes
 * lean less than 3 degrees in 95 of 100 cells, a hand's more than 14 in
 * 75; the models' mean word confidence is over 50 on 95 of 100 printed
 * cells and under 58 on 75 of 100 handwritten ones; a hand's strokes are
 * thinner against its letters (median 0.09 of their height, type 0.12).
 */
float
hand_score(const struct hand_cell *hc, float conf_fast, float conf_best,
    int agree)
{
	float	 lean, doubt, thin;

	if (!hc->measured)
		return 0;
	lean = clamp01((fabsf(hc->slant) - 4) / 8);
	doubt = clamp01((80 - fmaxf(conf_fast, conf_best)) / 40);
	thin = clamp01((0.105f - hc->stroke) / 0.02f);
	/*
	 * Without a lean nothing here is a hand's alone: a heavily damaged
	 * printed row reads as badly, and a thin typewriter face (FreeMono)
	 * has a pen's strokes.
	 */
	if (lean <= 0)
		return 0;
	return clamp01(0.6f * lean + 0.5f * doubt + 0.25f * thin +
	    (agree ? 0 : 0.15f));
}

int
hand_row(const float *scores, int n, int writer)
{
	int	 i, k = 0;

	/*
	 * On the calibration pages no printed row had more than a quarter
	 * of its cells score 0.4, no handwritten one fewer than three in
	 * five; half is between, and a hand's odd legible cell does not
	 * save it.  Where the page's hand is known, a third is enough: the
	 * writer's neater rows.
	 */
	for (i = 0; i < n; i++)
		k += scores[i] >= 0.4f;
	return n > 0 && (writer ? k * 3 >= n : k * 2 >= n);
}
