/*
 * sheet.c: find the ledger's sheet in a page image before any text is
 * read.  The steps, in order: the page off the desk and uncurled
 * (straighten.c), a grey image in which red stamps fade away (the red
 * channel), background normalisation so that yellowed or unevenly lit
 * paper becomes white, thresholds for ink and for the rules, skew, the
 * grid, text orientation from the text alone (rules removed); then, for
 * the page reader, each cell's box and ink, and the split of bands that
 * hold several unruled entries.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "grid.h"
#include "page.h"
#include "sheet.h"
#include "straighten.h"

void
sheet_clear(struct sheet *s)
{
	pixDestroy(&s->norm);
	pixDestroy(&s->bin);
	grid_clear(&s->grid);
}

/* A grey image in which red (stamps) is as light as the paper. */
static PIX *
to_gray(PIX *pix)
{
	if (pixGetDepth(pix) == 32)
		return pixGetRGBComponent(pix, COLOR_RED);
	if (pixGetDepth(pix) == 8 && pixGetColormap(pix) == NULL)
		return pixClone(pix);
	return pixConvertTo8(pix, 0);
}

/*
 * White paper, the ink as a 1 bpp image, and a second, more permissive
 * binarisation for the rules: printed ruling is often thin and light grey,
 * and vanishes under the threshold that is right for text.  Long straight
 * runs are then picked out of it by morphology, which ignores the noise
 * that a permissive threshold lets in.
 */
static int
normalise(PIX *gray, PIX **pnorm, PIX **pbin, PIX **plines)
{
	PIX	*norm;
	l_int32	 thresh = 160, tl;

	*pbin = NULL;
	if (plines != NULL)
		*plines = NULL;
	norm = pixBackgroundNorm(gray, NULL, NULL, 10, 15, 60, 40, 255, 2, 2);
	if (norm == NULL)
		norm = pixClone(gray);
	if (pixSplitDistributionFgBg(norm, 0.1, 2, &thresh, NULL, NULL,
	    NULL) != 0)
		thresh = 160;
	/*
	 * Otsu splits the two largest populations of dark and light, and on
	 * a page where dark blue signatures are the darkest ink that split
	 * falls below faint typewritten text.  The paper is white (255)
	 * after normalisation, so anything well below it is ink; specks of
	 * noise that this lets in are removed by size later.
	 */
	if (thresh < 200)
		thresh = 200;
	if (thresh > 225)
		thresh = 225;
	*pbin = pixThresholdToBinary(norm, thresh);
	*pnorm = norm;
	if (plines != NULL) {
		tl = thresh + (255 - thresh) * 3 / 5;
		if (tl > 235)
			tl = 235;
		*plines = pixThresholdToBinary(norm, tl);
		if (*plines == NULL)
			return -1;
	}
	return *pbin == NULL ? -1 : 0;
}

/* Rotates grey by quarter turns as Leptonica's orientation says. */
PIX *
sheet_turn(PIX *pix, int rotation)
{
	switch (rotation) {
	case 90:
		return pixRotate90(pix, 1);
	case 180:
		return pixRotate180(NULL, pix);
	case 270:
		return pixRotate90(pix, -1);
	default:
		return pixClone(pix);
	}
}

/*
 * Straightens gray (skew, then the quarter turn given) and builds the
 * sheet: normalised grey and ink with the rules removed, and the grid.
 */
int
sheet_build(PIX *gray, int dpi, int rotation, struct sheet *s, float *skew)
{
	PIX	*norm = NULL, *bin = NULL, *lines = NULL, *rot, *turned;
	l_float32 angle = 0, conf = 0;
	int	 rc;

	memset(s, 0, sizeof(*s));
	s->dpi = dpi;
	if (normalise(gray, &norm, &bin, NULL) != 0)
		goto nomem;
	/*
	 * A sweep finer than pixFindSkew's default: on ruled pages its
	 * coarse 1-degree steps can lock onto the wrong side of zero.
	 */
	if (pixFindSkewSweepAndSearch(bin, &angle, &conf, 2, 1, 5.0f, 0.2f,
	    0.01f) == 0 && conf > 2.0 && fabsf(angle) >= 0.05f) {
		rot = pixRotate(gray, (float)(M_PI / 180.0) * angle,
		    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
		if (rot == NULL)
			goto nomem;
	} else {
		angle = 0;
		rot = pixClone(gray);
	}
	pixDestroy(&norm);
	pixDestroy(&bin);
	*skew = angle;
	if (rotation != 0) {
		turned = sheet_turn(rot, rotation);
		pixDestroy(&rot);
		rot = turned;
		if (rot == NULL)
			goto nomem;
	}
	rc = normalise(rot, &norm, &bin, &lines);
	pixDestroy(&rot);
	if (rc != 0)
		goto nomem;
	rc = grid_find(lines, dpi, &s->grid);
	pixDestroy(&lines);
	if (rc != GRID_OK) {
		pixDestroy(&norm);
		pixDestroy(&bin);
		return rc == GRID_ENOTABLE ? PAGE_ENOTABLE : PAGE_ENOMEM;
	}
	/* Remove the rules from both images. */
	pixSubtract(bin, bin, s->grid.mask);
	pixSetMasked(norm, s->grid.mask, 255);
	s->norm = norm;
	s->bin = bin;
	return PAGE_OK;
nomem:
	pixDestroy(&norm);
	pixDestroy(&bin);
	pixDestroy(&lines);
	return PAGE_ENOMEM;
}

/*
 * Is the text running up the page rather than across it (a page scanned
 * sideways)?  Smearing ink along the direction of writing merges letters
 * into words, and so removes far more connected components than smearing
 * across it, which only joins letters to their diacritics.  Which of the
 * two opposite turns is right is left to the header: it reads, or not.
 */
int
sheet_text_vertical(const struct sheet *s)
{
	PIX	*red, *d;
	BOXA	*b;
	int	 k, nh = 0, nv = 0;

	red = s->dpi >= 250 ? pixReduceRankBinary2(s->bin, 1, NULL) :
	    pixClone(s->bin);
	if (red == NULL)
		return 0;
	k = (s->dpi >= 250 ? s->dpi / 2 : s->dpi) / 25;
	if (k < 3)
		k = 3;
	d = pixDilateBrick(NULL, red, k, 1);
	if (d != NULL && (b = pixConnComp(d, NULL, 8)) != NULL) {
		nh = boxaGetCount(b);
		boxaDestroy(&b);
	}
	pixDestroy(&d);
	d = pixDilateBrick(NULL, red, 1, k);
	if (d != NULL && (b = pixConnComp(d, NULL, 8)) != NULL) {
		nv = boxaGetCount(b);
		boxaDestroy(&b);
	}
	pixDestroy(&d);
	pixDestroy(&red);
	if (getenv("SOGOC_DEBUG") != NULL)
		fprintf(stderr, "orientation: %d components smeared across, "
		    "%d smeared down\n", nh, nv);
	return nv * 4 < nh * 3;
}

/* The cell's ink, 1 bpp, specks removed: what a hand or type drew. */
PIX *
sheet_cell_ink(const struct sheet *s, const struct cell *c)
{
	BOX	*box;
	PIX	*clip, *kept;
	int	 spk;

	box = boxCreate(c->box[0], c->box[1], c->box[2], c->box[3]);
	clip = box != NULL ? pixClipRectangle(s->bin, box, NULL) : NULL;
	boxDestroy(&box);
	if (clip == NULL)
		return NULL;
	/* Specks of noise are smaller than any diacritic. */
	spk = s->dpi / 75 > 3 ? s->dpi / 75 : 3;
	kept = pixSelectBySize(clip, spk, spk, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	pixDestroy(&clip);
	return kept;
}

/* Finds the cell's box inside the rules and the ink within it. */
void
sheet_locate_cell(const struct sheet *s, int band, int col, struct cell *c)
{
	const struct grid	*g = &s->grid;
	BOX	*fg = NULL;
	PIX	*kept;
	l_int32	 n = 0, x, y, w, h;

	memset(c, 0, sizeof(*c));
	c->box[0] = g->xs[col] + 1;
	c->box[1] = g->ys[band] + 1;
	c->box[2] = g->xs[col + 1] - g->xs[col] - 1;
	c->box[3] = g->ys[band + 1] - g->ys[band] - 1;
	if (c->box[2] < 4 || c->box[3] < 4)
		return;
	kept = sheet_cell_ink(s, c);
	if (kept == NULL)
		return;
	pixCountPixels(kept, &n, NULL);
	if (n >= s->dpi / 8 && pixClipToForeground(kept, NULL, &fg) == 0 &&
	    fg != NULL) {
		boxGetGeometry(fg, &x, &y, &w, &h);
		c->ink[0] = c->box[0] + x;
		c->ink[1] = c->box[1] + y;
		c->ink[2] = w;
		c->ink[3] = h;
		c->has_ink = 1;
	}
	boxDestroy(&fg);
	pixDestroy(&kept);
}

/* The cell image that Tesseract reads: the ink, padded with white. */
PIX *
sheet_cell_image(const struct sheet *s, const struct cell *c)
{
	BOX	*box;
	PIX	*clip, *pad;
	int	 m, x0, y0, x1, y1, border;

	/*
	 * The whole width of the cell (its rules are painted white): a faint
	 * first or last letter may be missing from the binarised ink, and a
	 * crop to the ink alone would cut it off.  Vertically the ink and a
	 * quarter of its height, to keep the neighbours' descenders out.
	 */
	m = c->ink[3] / 4 > 3 ? c->ink[3] / 4 : 3;
	x0 = c->box[0];
	x1 = c->box[0] + c->box[2];
	y0 = c->ink[1] - m > c->box[1] ? c->ink[1] - m : c->box[1];
	y1 = c->ink[1] + c->ink[3] + m;
	if (x1 > c->box[0] + c->box[2])
		x1 = c->box[0] + c->box[2];
	if (y1 > c->box[1] + c->box[3])
		y1 = c->box[1] + c->box[3];
	box = boxCreate(x0, y0, x1 - x0, y1 - y0);
	if (box == NULL)
		return NULL;
	clip = pixClipRectangle(s->norm, box, NULL);
	boxDestroy(&box);
	if (clip == NULL)
		return NULL;
	border = s->dpi / 25 > 8 ? s->dpi / 25 : 8;
	pad = pixAddBorderGeneral(clip, border, border, border, border, 255);
	pixDestroy(&clip);
	if (pad != NULL)
		pixSetResolution(pad, s->dpi, s->dpi);
	return pad;
}

/* The whole cell, for a reviewer to look at. */
PIX *
sheet_cell_crop(const struct sheet *s, const struct cell *c)
{
	BOX	*box;
	PIX	*clip;

	box = boxCreate(c->box[0], c->box[1], c->box[2], c->box[3]);
	if (box == NULL)
		return NULL;
	clip = pixClipRectangle(s->norm, box, NULL);
	boxDestroy(&box);
	return clip;
}

/*
 * Text lines in one cell: runs of rows holding ink (specks removed), with
 * gaps smaller than a diacritic's lift merged.  Writes up to max line
 * centres to ctr and returns how many lines there are.
 */
static int
cell_lines(const struct sheet *s, int x0, int x1, int y0, int y1, int *ctr,
    int max)
{
	BOX	*box;
	PIX	*clip, *kept;
	NUMA	*na;
	l_int32	 v;
	int	 y, n = 0, start = -1, last = -1, gap, spk, h, minh, tall = 0;
	int	 st[64], en[64], k, nl = 0;

	if (x1 - x0 < 4 || y1 - y0 < 4)
		return 0;
	box = boxCreate(x0, y0, x1 - x0, y1 - y0);
	clip = box != NULL ? pixClipRectangle(s->bin, box, NULL) : NULL;
	boxDestroy(&box);
	if (clip == NULL)
		return 0;
	spk = s->dpi / 75 > 3 ? s->dpi / 75 : 3;
	kept = pixSelectBySize(clip, spk, spk, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	pixDestroy(&clip);
	if (kept == NULL)
		return 0;
	na = pixCountPixelsByRow(kept, NULL);
	pixDestroy(&kept);
	if (na == NULL)
		return 0;
	gap = s->dpi / 40 > 2 ? s->dpi / 40 : 2;
	h = numaGetCount(na);
	for (y = 0; y <= h; y++) {
		v = 0;
		if (y < h)
			numaGetIValue(na, y, &v);
		if (v > 0) {
			if (start < 0 || y - last > gap) {
				if (start >= 0 && nl < 64) {
					st[nl] = start;
					en[nl++] = last;
				}
				start = y;
			}
			last = y;
		}
	}
	if (start >= 0 && nl < 64) {
		st[nl] = start;
		en[nl++] = last;
	}
	numaDestroy(&na);
	/* A line is at least half as tall as the tallest: not a speck. */
	for (k = 0; k < nl; k++)
		if (en[k] - st[k] > tall)
			tall = en[k] - st[k];
	minh = tall / 2;
	for (k = 0; k < nl; k++)
		if (en[k] - st[k] >= minh && n < max)
			ctr[n++] = y0 + (st[k] + en[k]) / 2;
	return n;
}

/*
 * Some ledgers rule the columns but not every row.  A band that holds
 * several entries shows it in its counting column (seq, or else the full
 * name): numbers never wrap, so each text line there starts an entry.
 * Such bands are split halfway between those lines.  Bands of ruled pages
 * have one line there and are left alone.
 */
int
sheet_split_unruled(struct sheet *s, int first, const enum field *cols,
    int ncols)
{
	struct grid	*g = &s->grid;
	int		*ys, *hs, ny = 0, cap, b, i, k, n, anchor = -1, ctr[64];
	int		 nd, med = 0;

	for (i = 0; i < ncols; i++)
		if (cols[i] == FIELD_SEQ)
			anchor = i;
	if (anchor < 0 || first >= g->ny - 1)
		return 0;
	/*
	 * Where most rows are ruled, only a band well above the usual height
	 * is a candidate: a stamp's ring over one cell is not a second line.
	 */
	nd = g->ny - 1 - first;
	if (nd >= 4) {
		hs = malloc(nd * sizeof(*hs));
		if (hs == NULL)
			return -1;
		for (b = 0; b < nd; b++)
			hs[b] = g->ys[first + b + 1] - g->ys[first + b];
		qsort(hs, nd, sizeof(*hs), grid_cmp_int);
		med = hs[nd / 2];
		free(hs);
	}
	cap = g->ny + 64 * nd + 2;
	ys = malloc((size_t)cap * sizeof(*ys));
	if (ys == NULL)
		return -1;
	for (b = 0; b + 1 < g->ny; b++) {
		ys[ny++] = g->ys[b];
		if (b < first || (g->ys[b + 1] - g->ys[b]) * 2 < med * 3)
			continue;
		n = cell_lines(s, g->xs[anchor] + 2, g->xs[anchor + 1] - 1,
		    g->ys[b] + 2, g->ys[b + 1] - 1, ctr, 64);
		for (k = 0; k + 1 < n && ny + 2 < cap; k++)
			ys[ny++] = (ctr[k] + ctr[k + 1]) / 2;
	}
	ys[ny++] = g->ys[g->ny - 1];
	free(g->ys);
	g->ys = ys;
	g->ny = ny;
	return 0;
}

/*
 * The page in grey, off the desk and uncurled when it was photographed or
 * bound (straighten.h); a flatbed scan's grey as it is.
 */
PIX *
sheet_flat_gray(PIX *pix)
{
	PIX		*gray, *flat;
	unsigned	 what;

	gray = to_gray(pix);
	if (gray == NULL)
		return NULL;
	if (straighten_page(gray, &flat, &what) != STRAIGHTEN_OK) {
		pixDestroy(&gray);
		return NULL;
	}
	if (flat == NULL)
		return gray;
	pixDestroy(&gray);
	return flat;
}
