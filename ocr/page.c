/*
 * page.c: read the data rows of one ledger page (see page.h).
 *
 * The steps, in order: a grey image in which red stamps fade away (the red
 * channel), background normalisation so that yellowed or unevenly lit paper
 * becomes white, thresholds for ink and for the rules, skew, the grid, text
 * orientation from the text alone (rules removed), the header, then each
 * cell.  Cells are read up to three times (two models, two sizes);
 * normalisation, validation and what the page says about itself (numbers
 * that count, names that repeat) decide how much each value is trusted.
 * docs/ocr.md has the rules and what they were measured to mean.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "grid.h"
#include "hand.h"
#include "header.h"
#include "infer.h"
#include "fold.h"
#include "serial.h"
#include "syllable.h"
#include "validate.h"
#include "page.h"
#include "profile.h"
#include "recog.h"
#include "rowalign.h"
#include "straighten.h"

/* Everything known about one page while it is being read. */
struct sheet {
	PIX		*norm;		/* 8 bpp, white paper, rules removed */
	PIX		*bin;		/* 1 bpp, ink = 1, rules removed */
	struct grid	 grid;
	int		 dpi;
};

/* One cell of the grid. */
struct cell {
	int		 box[4];	/* inside the rules */
	int		 ink[4];	/* bounding box of ink, page coords */
	int		 has_ink;
};

/*
 * The readings each cell gets: both models at the scan's size, and the
 * fast model on the cell enlarged by half.  The models make different
 * mistakes, and so does one model at two sizes (a small serif "i" read as
 * "ỉ" at one size is right at the other); a value all three agree on is
 * far more often right than any one of them.
 */
static const struct pass {
	enum recog_model	 model;
	float			 scale;
} passes[] = {
	{ RECOG_FAST, 1.0f },
	{ RECOG_BEST, 1.0f },
	{ RECOG_FAST, 1.5f },
};
#define NPASSES	((int)(sizeof(passes) / sizeof(passes[0])))

/* One recognised cell, before confidence is assigned. */
struct reading {
	struct recog_result	 res[NPASSES];
	struct norm		 norm[NPASSES];
	int			 pick;		/* pass whose reading is used */
	int			 agree;		/* all normalised values equal */
	int			 votes;		/* passes that agree with pick */
	int			 npass;		/* passes run */
	int			 variant;	/* the page spells it otherwise too */
	int			 outlier;	/* year far from the page's */
	int			 in_seq;	/* fits the column's sequence */
	int			 off_seq;	/* contradicts a clear sequence */
	int			 broken;	/* below a break in the count,
						   off its row's place */
	int			 split;		/* its own readings write the
						   rest of the number
						   otherwise */
	struct hand_cell	 hand;		/* the ink's shape */
	float			 hscore;	/* looks handwritten, 0..1 */
};

static const char *
field_whitelist(enum field f)
{
	switch (f) {
	case FIELD_SEQ:
		return "0123456789";
	case FIELD_DATE_OF_BIRTH:
		return "0123456789/.-";
	case FIELD_SERIAL_NO:
		return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -";
	default:
		return NULL;
	}
}

static int
set_err(char *err, size_t errsz, const char *msg, int code)
{
	if (err != NULL && errsz > 0)
		(void)snprintf(err, errsz, "%s", msg);
	return code;
}

static void
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
static PIX *
turn(PIX *pix, int rotation)
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
static int
build_sheet(PIX *gray, int dpi, int rotation, struct sheet *s, float *skew)
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
		turned = turn(rot, rotation);
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
static int
text_is_vertical(const struct sheet *s)
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
static PIX *
cell_ink(const struct sheet *s, const struct cell *c)
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
static void
locate_cell(const struct sheet *s, int band, int col, struct cell *c)
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
	kept = cell_ink(s, c);
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
static PIX *
cell_image(const struct sheet *s, const struct cell *c)
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
static PIX *
cell_crop(const struct sheet *s, const struct cell *c)
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

static int
cmp_int(const void *a, const void *b)
{
	int	 x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Reads the header band; returns the number of fields mapped. */
static int
read_header(struct recog *r, const struct sheet *s, int band,
    enum field *cols, int ncols)
{
	struct recog_result	 res;
	struct cell		 c;
	double			 score[PROFILE_MAX_COLUMNS], sc;
	enum field		 f;
	PIX			*img;
	int			 i, j, n = 0;

	for (i = 0; i < ncols; i++) {
		cols[i] = FIELD_UNKNOWN;
		score[i] = 0;
		locate_cell(s, band, i, &c);
		if (!c.has_ink)
			continue;
		img = cell_image(s, &c);
		if (img == NULL)
			continue;
		if (recog_cell(r, RECOG_BEST, img, s->dpi, 1, NULL, &res) ==
		    RECOG_OK) {
			f = header_match(res.text, &sc);
			/* Not the text: a data row may be read here. */
			if (getenv("SOGOC_DEBUG") != NULL)
				fprintf(stderr, "header band %d col %d: %zu "
				    "bytes read -> %s %.2f\n", band, i,
				    strlen(res.text), f == FIELD_UNKNOWN ? "?" :
				    field_key(f), sc);
			if (f != FIELD_UNKNOWN) {
				cols[i] = f;
				score[i] = sc;
			}
		}
		recog_result_clear(&res);
		pixDestroy(&img);
	}
	/* A field named twice keeps its better-matching column. */
	for (i = 0; i < ncols; i++)
		for (j = i + 1; j < ncols; j++)
			if (cols[i] != FIELD_UNKNOWN && cols[i] == cols[j]) {
				if (score[j] > score[i])
					cols[i] = FIELD_UNKNOWN;
				else
					cols[j] = FIELD_UNKNOWN;
			}
	for (i = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE)
			n++;
	return n;
}

/* Is band a row of column numbers "(1) (2) ..." printed under the header? */
static int
is_number_row(struct recog *r, const struct sheet *s, int band, int ncols)
{
	struct recog_result	 res;
	struct cell		 c;
	PIX			*img;
	int			 i, inked = 0, numbered = 0;
	const char		*p;

	for (i = 0; i < ncols; i++) {
		locate_cell(s, band, i, &c);
		if (!c.has_ink)
			continue;
		inked++;
		img = cell_image(s, &c);
		if (img == NULL)
			continue;
		if (recog_cell(r, RECOG_FAST, img, s->dpi, 0, "()0123456789",
		    &res) == RECOG_OK) {
			for (p = res.text; *p != '\0'; p++)
				if (strchr("()0123456789 ", *p) == NULL)
					break;
			if (*p == '\0' && res.text[0] != '\0' &&
			    strlen(res.text) <= 5)
				numbered++;
		}
		recog_result_clear(&res);
		pixDestroy(&img);
	}
	return inked >= 2 && numbered * 4 >= inked * 3;
}

static void
reading_clear(struct reading *rd)
{
	int	 m;

	for (m = 0; m < NPASSES; m++) {
		recog_result_clear(&rd->res[m]);
		norm_clear(&rd->norm[m]);
	}
}

static int
short_field(enum field f)
{
	return f == FIELD_SEX || f == FIELD_ETHNICITY ||
	    f == FIELD_CLASSIFICATION || f == FIELD_SEQ;
}

/* How much the cell's ink and readings look like a hand's. */
static int
hand_of(const struct sheet *s, const struct cell *c, struct reading *rd)
{
	PIX	*ink;
	int	 rc;

	ink = cell_ink(s, c);
	if (ink == NULL)
		return PAGE_ENOMEM;
	rc = hand_measure(ink, &rd->hand);
	pixDestroy(&ink);
	if (rc != 0)
		return PAGE_ENOMEM;
	rd->hscore = hand_score(&rd->hand, rd->res[RECOG_FAST].mean_conf,
	    rd->res[RECOG_BEST].mean_conf, rd->agree);
	return PAGE_OK;
}

/* Whether the inked field cells of a row look handwritten (hand_row). */
static int
row_hand(const struct cell *cells, const struct reading *rds,
    const enum field *cols, int ncols, int writer)
{
	float	 sc[PROFILE_MAX_COLUMNS];
	int	 i, n = 0;

	for (i = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE &&
		    cells[i].has_ink)
			sc[n++] = rds[i].hscore;
	return hand_row(sc, n, writer);
}

/*
 * Which rows are handwritten: each on its own, then, where three rows or
 * more are, each other row again knowing that a hand filled the page.
 */
static void
page_hands(struct page_read *out, const struct cell *cells,
    const int *rowband, const struct reading *rds, const enum field *cols,
    int ncols, int nrows)
{
	int	 k, n = 0, pass;

	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < nrows; k++)
			if (!out->rows[k].hand && (pass == 0 || n >= 3)) {
				out->rows[k].hand = row_hand(
				    &cells[rowband[k] * ncols],
				    &rds[k * ncols], cols, ncols, pass);
				n += pass == 0 && out->rows[k].hand;
			}
}

/* SOGOC_DEBUG_HAND: the measures of each cell, for calibration. */
static void
hand_debug(int row, enum field f, const struct reading *rd)
{
	fprintf(stderr, "hand\t%d\t%s\t%d\t%.1f\t%.3f\t%.2f\t%.2f\t%.0f"
	    "\t%.0f\t%.0f\t%d\t%.2f\n", row + 1, field_key(f),
	    rd->hand.measured, rd->hand.slant, rd->hand.stroke,
	    rd->hand.aligned, rd->hand.pieces, rd->hand.height,
	    rd->res[RECOG_FAST].mean_conf, rd->res[RECOG_BEST].mean_conf,
	    rd->agree, rd->hscore);
}

/* Recognises one inked cell in every pass and normalises. */
static int
read_cell(struct recog *r, const struct sheet *s, const struct cell *c,
    enum field f, const struct norm_ctx *ctx, int multiline,
    struct reading *rd)
{
	PIX	*img, *big;
	int	 m, k, n, rc = PAGE_OK;

	memset(rd, 0, sizeof(*rd));
	img = cell_image(s, c);
	if (img == NULL)
		return PAGE_ENOMEM;
	for (m = 0; m < NPASSES && rc == PAGE_OK; m++) {
		/*
		 * Short values from a closed set (sex, ethnicity,
		 * classification) and row numbers gain little from a third
		 * reading once the first two agree on a valid value.
		 */
		if (m == 2 && short_field(f) && rd->norm[0].valid &&
		    rd->norm[0].exact && strcmp(rd->norm[0].value,
		    rd->norm[1].value) == 0)
			break;
		rd->npass = m + 1;
		big = passes[m].scale != 1.0f ? pixScale(img, passes[m].scale,
		    passes[m].scale) : pixClone(img);
		if (big == NULL) {
			rc = PAGE_ENOMEM;
			break;
		}
		if (recog_cell(r, passes[m].model, big,
		    (int)(s->dpi * passes[m].scale), multiline,
		    field_whitelist(f), &rd->res[m]) != RECOG_OK)
			rc = PAGE_EOCR;
		else if (normalize_field(f, rd->res[m].text, ctx,
		    &rd->norm[m]) != NORM_OK)
			rc = PAGE_ENOMEM;
		pixDestroy(&big);
	}
	pixDestroy(&img);
	if (rc != PAGE_OK)
		return rc;
	/*
	 * Use the value most passes read, preferring valid ones; between
	 * equals, the larger model.
	 */
	rd->pick = RECOG_BEST;
	rd->votes = 0;
	for (m = 0; m < rd->npass; m++) {
		for (n = 0, k = 0; k < rd->npass; k++)
			n += strcmp(rd->norm[m].value, rd->norm[k].value) == 0;
		if (n > rd->votes || (n == rd->votes &&
		    rd->norm[m].valid && !rd->norm[rd->pick].valid)) {
			rd->votes = n;
			rd->pick = m;
		}
	}
	if (rd->votes == 1 && rd->norm[RECOG_BEST].valid)
		rd->pick = RECOG_BEST;
	rd->agree = rd->votes == rd->npass;
	return PAGE_OK;
}

/*
 * Consecutive numbers down a column (seq, serial_no, register_no) are
 * evidence: find the offset that most rows share between the number read
 * and the row index, and mark each reading that fits it or contradicts it.
 * A reading where the models disagree but one of them fits is switched to
 * that one.
 */
/*
 * Consecutive numbers down a column (seq, serial_no, register_no) are
 * evidence: a reading that is exactly the entry after the row above, or
 * the entry before the row below, is very unlikely to be a misreading.
 * Gaps (a spoiled blank form) only cost the rows on either side of them.
 * A reading where the passes disagree but one of them fits is switched to
 * that one.
 */
/* Does a have the shape of b: equal but that any digit matches any digit? */
static int
same_shape(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (*a != *b && !(*a >= '0' && *a <= '9' && *b >= '0' &&
		    *b <= '9'))
			return 0;
	return *a == *b;
}

/*
 * The shape most rows of the column share ("A 9999999", "99-THPT/999"), or
 * NULL when no shape has a majority.  A serial or entry number keeps its
 * shape down a page, so a reading of another shape that still fits its
 * neighbour ("B67384" under "B67383", both missing a zero) is not trusted.
 */
static const char *
common_shape(struct reading **col, int nrows)
{
	const char	*v, *best = NULL;
	int		 i, j, n, bestn = 0, known = 0;

	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL || !col[i]->norm[col[i]->pick].valid)
			continue;
		known++;
		v = col[i]->norm[col[i]->pick].value;
		for (n = 0, j = 0; j < nrows; j++)
			if (col[j] != NULL && same_shape(v,
			    col[j]->norm[col[j]->pick].value))
				n++;
		if (n > bestn) {
			bestn = n;
			best = v;
		}
	}
	return bestn * 2 > known ? best : NULL;
}

/* The values of the digit runs of v, at most max of them; returns how many. */
static int
digit_runs(const char *v, long *runs, int max)
{
	int	 n = 0;

	while (*v != '\0' && n < max) {
		if (*v < '0' || *v > '9') {
			v++;
			continue;
		}
		runs[n] = 0;
		for (; *v >= '0' && *v <= '9'; v++)
			if (runs[n] < 100000000L)
				runs[n] = runs[n] * 10 + (*v - '0');
		n++;
	}
	return n;
}

/*
 * Entry numbers only grow down a page: a gap (a spoiled blank form) makes
 * them jump forward, never back.  Two neighbours misread alike ("…493",
 * "…494" among "…402" … "…406") fit each other, but not the page: their
 * offset from the row index is out of order with the rest.  The longest
 * run of rows whose offsets never decrease is kept; the rows outside it
 * lose the sequence's support.  When there are several longest runs (four
 * rows right and four misread alike, each as long as the other with the
 * rows below), the page cannot say which to believe: only the rows that
 * every longest run holds keep the support.
 */
/*
 * Which digit run of the column's numbers counts: the one that differs
 * between neighbours that fit each other ("04-THPT/1892": the second).
 * Returns -1 when no two neighbours fit.
 */
static int
counting_run(struct reading **col, int nrows)
{
	long	 runs[8], a[8];
	int	 i, n, k, which = -1, best = 0;
	int	 votes[8] = { 0 };

	for (i = 0; i + 1 < nrows; i++) {
		if (col[i] == NULL || col[i + 1] == NULL ||
		    !col[i]->in_seq || !col[i + 1]->in_seq)
			continue;
		n = digit_runs(col[i]->norm[col[i]->pick].value, runs, 8);
		if (n != digit_runs(col[i + 1]->norm[col[i + 1]->pick].value,
		    a, 8))
			continue;
		for (k = 0; k < n; k++)
			if (runs[k] != a[k]) {
				votes[k]++;
				break;
			}
	}
	for (k = 0; k < 8; k++)
		if (votes[k] > best) {
			best = votes[k];
			which = k;
		}
	return which;
}

/*
 * The counting number of a row's reading (the run that counts, see
 * counting_run()); 0 when the reading has no such run.
 */
static int
count_of(const struct reading *rd, int which, long *num)
{
	long	 runs[8];

	if (rd == NULL || which < 0 || !rd->norm[rd->pick].valid ||
	    digit_runs(rd->norm[rd->pick].value, runs, 8) <= which)
		return 0;
	*num = runs[which];
	return 1;
}

static void
monotonic_evidence(struct reading **col, int nrows)
{
	long	 runs[8], *off;
	int	*len, *use, *tail, *cnt, i, j, which, best = 0;

	which = counting_run(col, nrows);
	if (which < 0)
		return;
	off = calloc(nrows, sizeof(*off));
	len = calloc(nrows, sizeof(*len));
	use = calloc(nrows, sizeof(*use));
	tail = calloc(nrows, sizeof(*tail));
	cnt = calloc(nrows + 1, sizeof(*cnt));
	if (off == NULL || len == NULL || use == NULL || tail == NULL ||
	    cnt == NULL)
		goto out;
	for (i = 0; i < nrows; i++) {
		use[i] = col[i] != NULL && col[i]->in_seq &&
		    digit_runs(col[i]->norm[col[i]->pick].value, runs, 8) >
		    which;
		if (use[i])
			off[i] = runs[which] - i;
	}
	/* Longest non-decreasing subsequence of the offsets, O(n^2). */
	best = 0;
	for (i = 0; i < nrows; i++) {
		if (!use[i])
			continue;
		len[i] = 1;
		for (j = 0; j < i; j++)
			if (use[j] && off[j] <= off[i] && len[j] + 1 > len[i])
				len[i] = len[j] + 1;
		if (len[i] > best)
			best = len[i];
	}
	/* The longest run starting at each row, from the bottom up. */
	for (i = nrows - 1; i >= 0; i--) {
		if (!use[i])
			continue;
		tail[i] = 1;
		for (j = i + 1; j < nrows; j++)
			if (use[j] && off[i] <= off[j] && tail[j] + 1 > tail[i])
				tail[i] = tail[j] + 1;
	}
	/*
	 * A row is in some longest run when the runs ending and starting at
	 * it add up to the longest; it is in every one when no other such
	 * row stands at the same place in a run.
	 */
	for (i = 0; i < nrows; i++)
		if (use[i] && len[i] + tail[i] - 1 == best)
			cnt[len[i]]++;
	for (i = 0; i < nrows; i++)
		if (col[i] != NULL && col[i]->in_seq && !(use[i] &&
		    len[i] + tail[i] - 1 == best && cnt[len[i]] == 1)) {
			col[i]->in_seq = 0;
			col[i]->off_seq = 1;
		}
out:
	free(off);
	free(len);
	free(use);
	free(tail);
	free(cnt);
}

/*
 * The sequence switches a reading to pass m: its votes are then those of
 * m's value, so that a value only one pass read, chosen because it fits
 * the column, is never taken for the cell's own majority.
 */
static void
repick(struct reading *rd, int m)
{
	int	 k;

	rd->pick = m;
	for (rd->votes = 0, k = 0; k < rd->npass; k++)
		rd->votes += strcmp(rd->norm[k].value, rd->norm[m].value) == 0;
}

/*
 * A number with its counting run (see counting_run()) written as one '#',
 * without spaces (OCR adds and drops them around marks), and with the
 * hyphens, dots and slashes dropped when bare is set: "3239/THPT-2018" is
 * "#/THPT-2018", bare "#THPT2018".  Returns how many marks it kept.  Two rows of a
 * column have the same skeleton, so a reading that writes it with other
 * marks is about the same marks in every row.  Marks at either end are
 * left out: a speck beside a number is read as one ("34/"), while the
 * marks a scan loses sit between its parts.
 */
static int
skeleton(const char *v, int which, int bare, char *out, size_t outsz)
{
	const char	*end;
	size_t		 n = 0;
	int		 run = -1, in = 0, marks = 0;

	while (*v != '\0' && strchr("-./ ", *v) != NULL)
		v++;
	for (end = v + strlen(v); end > v && strchr("-./ ", end[-1]) != NULL;
	    end--)
		;
	for (; v < end && n + 1 < outsz; v++) {
		if (*v >= '0' && *v <= '9') {
			if (!in)
				run++;
			in = 1;
			if (run != which)
				out[n++] = *v;
			else if (v + 1 == end || v[1] < '0' || v[1] > '9')
				out[n++] = '#';
			continue;
		}
		in = 0;
		if (*v == ' ' || (bare && strchr("-./", *v) != NULL))
			continue;
		marks += strchr("-./", *v) != NULL;
		out[n++] = *v;
	}
	out[n] = '\0';
	return marks;
}

/*
 * A hyphen, a dot or a slash is what a coarse scan loses, alike in every
 * row, and the column's common shape then holds the misread ("3239/
 * THPT2018" for "3239/THPT-2018" down a page).  The marks must be seen in
 * the cell: when any reading of the column writes the rest of a number
 * (all but its counting run) with more marks than the one kept for a row
 * (one pass saw the hyphen, the others did not), the column vouches for
 * none of its rows written that way.  A reading with fewer marks says
 * nothing against one that has them, and only a reading that got its own
 * row's number right counts: one that read a digit as a dot ("96-THPT/
 * .972") did not see a mark.
 */
static void
marks_evidence(struct reading **col, int nrows)
{
	char	 a[64], abare[64], b[64], bbare[64];
	long	 runs[8], num;
	int	 i, j, n, which, ma;

	which = counting_run(col, nrows);
	if (which < 0)
		return;
	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL || !col[i]->in_seq)
			continue;
		ma = skeleton(col[i]->norm[col[i]->pick].value, which, 0, a,
		    sizeof(a));
		skeleton(col[i]->norm[col[i]->pick].value, which, 1, abare,
		    sizeof(abare));
		/*
		 * The sequence vouches for the digits that count, never for
		 * the rest of a number: "BT555814" read "BTI555814" by two
		 * passes of three, alike in every row, counts down the page
		 * as well as the truth does.  So no valid reading of the
		 * row's own cell may write the rest otherwise, marks and
		 * spaces aside.
		 */
		for (n = 0; n < col[i]->npass && !col[i]->split; n++) {
			if (n == col[i]->pick || !col[i]->norm[n].valid ||
			    col[i]->norm[n].value[0] == '\0')
				continue;
			skeleton(col[i]->norm[n].value, which, 1, b,
			    sizeof(b));
			col[i]->split = strcmp(abare, b) != 0;
		}
		for (j = 0; j < nrows && !col[i]->variant; j++)
			for (n = 0; col[j] != NULL && n < col[j]->npass; n++) {
				if (!col[j]->norm[n].valid ||
				    !count_of(col[j], which, &num) ||
				    digit_runs(col[j]->norm[n].value, runs, 8) <=
				    which || runs[which] != num)
					continue;
				if (skeleton(col[j]->norm[n].value, which, 0, b,
				    sizeof(b)) <= ma)
					continue;
				skeleton(col[j]->norm[n].value, which, 1,
				    bbare, sizeof(bbare));
				if (strcmp(abare, bbare) == 0 &&
				    strcmp(a, b) != 0) {
					col[i]->variant = 1;
					break;
				}
			}
	}
}

/*
 * A count that breaks is not trusted past the break (issue 14): once a
 * number of the column does not read (a blank or unreadable cell, a value
 * its validator refuses, an impossible row number), the numbers
 * below it may count among themselves and still all be misread alike
 * ("5", "6", "7" read for 15, 16, 17).  Below the first break a number
 * keeps the sequence's support only when it fits its row's place, the
 * offset between number and row that the trusted numbers above the break
 * had.  A break before any trusted number breaks nothing: there is no
 * place yet to fit.  A row number smaller than its row's place on the page
 * (row 15 numbered 5) is impossible, since every row above took a number,
 * and is itself a break; the place counts only rows whose number cell
 * holds ink, so that a stray band taken for a row does not move it.
 */
static void
break_evidence(struct reading **col, int nrows, int is_seq)
{
	long	 num, base = 0;
	int	 i, which, known = 0, broken = 0, place = 0;

	which = counting_run(col, nrows);
	if (which < 0 && is_seq)
		which = 0;
	if (which < 0)
		return;
	for (i = 0; i < nrows; i++) {
		struct reading	*rd = col[i];
		int		 has;

		place += rd != NULL;
		has = rd != NULL && rd->norm[rd->pick].value[0] != '\0' &&
		    count_of(rd, which, &num);
		if (has && is_seq && num < place) {
			rd->in_seq = 0;
			rd->off_seq = 2;	/* impossible: a break */
		}
		if (!broken) {
			if (has && rd->in_seq) {
				base = num - i;
				known = 1;
			} else if (known && (!has || rd->off_seq == 2))
				broken = 1;
			continue;
		}
		if (has && rd->in_seq && num - i != base) {
			rd->in_seq = 0;
			rd->broken = 1;
		}
	}
}

static void
sequence_evidence(struct reading **col, int nrows, int check_shape)
{
	const struct norm	*up, *down, *n;
	const char		*shape = NULL;
	int			 i, m, fits = 0, known = 0;

	if (check_shape) {
		shape = common_shape(col, nrows);
		if (shape == NULL)
			return;
	}
	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL)
			continue;
		/*
		 * A neighbour vouches only when every reading of it agrees:
		 * two rows misread the same way ("…493", "…494" for "…403",
		 * "…404") must not vouch for each other.
		 */
		up = i > 0 && col[i - 1] != NULL && col[i - 1]->votes >= 2 &&
		    col[i - 1]->norm[col[i - 1]->pick].valid ?
		    &col[i - 1]->norm[col[i - 1]->pick] : NULL;
		down = i + 1 < nrows && col[i + 1] != NULL &&
		    col[i + 1]->votes >= 2 &&
		    col[i + 1]->norm[col[i + 1]->pick].valid ?
		    &col[i + 1]->norm[col[i + 1]->pick] : NULL;
		known++;
		for (m = -1; m < col[i]->npass; m++) {
			/* The pick first, then the other passes. */
			n = &col[i]->norm[m < 0 ? col[i]->pick : m];
			if (!n->valid || n->value[0] == '\0')
				continue;
			if (shape != NULL && !same_shape(n->value, shape))
				continue;
			if ((up != NULL &&
			    norm_consecutive(up->value, n->value)) ||
			    (down != NULL && norm_consecutive(n->value,
			    down->value))) {
				if (m >= 0)
					repick(col[i], m);
				col[i]->in_seq = 1;
				fits++;
				break;
			}
		}
	}
	/* Where the column clearly counts, a row that does not is suspect. */
	if (fits >= 3 && fits * 2 >= known) {
		monotonic_evidence(col, nrows);
		for (i = 0; i < nrows; i++)
			if (col[i] != NULL && !col[i]->in_seq)
				col[i]->off_seq = 1;
	}
	break_evidence(col, nrows, !check_shape);
	marks_evidence(col, nrows);
}

/*
 * A school or a place repeats down a page.  When two readings give the
 * same value but for its diacritics ("Mạc Đĩnh Chi", "Mạc Đĩnh Chỉ"), the
 * page itself says that the marks were hard to read there, so neither
 * spelling is trusted, however many rows agree on it.  Every reading
 * counts, not only the one each row kept: a tone mark misread alike in
 * most rows of a coarse scan ("Chiếu" for "Chiểu" in 19 rows of 25) is
 * outvoted in every row, and only the few readings that saw the right
 * mark say that the column's majority is not to be trusted (issue 14).
 */
static void
spelling_evidence(struct reading **col, int nrows)
{
	char	**fold;
	int	  i, j, m, n;

	fold = calloc(nrows > 0 ? (size_t)nrows * NPASSES : 1,
	    sizeof(*fold));
	if (fold == NULL)
		return;
	for (i = 0; i < nrows; i++)
		for (m = 0; col[i] != NULL && m < col[i]->npass; m++)
			if (col[i]->norm[m].valid)
				fold[i * NPASSES + m] =
				    norm_fold(col[i]->norm[m].value);
	for (i = 0; i < nrows; i++) {
		const char *f, *v;

		if (col[i] == NULL || fold[i * NPASSES + col[i]->pick] == NULL)
			continue;
		f = fold[i * NPASSES + col[i]->pick];
		v = col[i]->norm[col[i]->pick].value;
		if (f[0] == '\0')
			continue;
		for (j = 0; j < nrows && !col[i]->variant; j++)
			for (n = 0; col[j] != NULL && n < col[j]->npass; n++)
				if (fold[j * NPASSES + n] != NULL &&
				    strcmp(fold[j * NPASSES + n], f) == 0 &&
				    strcmp(col[j]->norm[n].value, v) != 0) {
					col[i]->variant = 1;
					break;
				}
	}
	for (i = 0; i < nrows * NPASSES; i++)
		free(fold[i]);
	free(fold);
}

/*
 * The graduates on one page were born within a few years of each other.
 * A year of birth far from the page's median ("1989" among the 1980s of
 * a class, a 0 read as a 9) is more likely misread than a late student,
 * so it goes to review; a person checks the rare real one.
 */
static void
year_evidence(struct reading **col, int nrows)
{
	int	*years, n = 0, i, y, med;

	years = calloc(nrows > 0 ? nrows : 1, sizeof(*years));
	if (years == NULL)
		return;
	for (i = 0; i < nrows; i++)
		if (col[i] != NULL && col[i]->norm[col[i]->pick].valid &&
		    strlen(col[i]->norm[col[i]->pick].value) >= 4)
			years[n++] = atoi(col[i]->norm[col[i]->pick].value);
	if (n >= 5) {
		qsort(years, n, sizeof(*years), cmp_int);
		med = years[n / 2];
		for (i = 0; i < nrows; i++) {
			if (col[i] == NULL ||
			    !col[i]->norm[col[i]->pick].valid)
				continue;
			y = atoi(col[i]->norm[col[i]->pick].value);
			if (y < med - 4 || y > med + 4)
				col[i]->outlier = 1;
		}
	}
	free(years);
}

/*
 * Where a serial's letters end, when no space or hyphen shows it and the
 * last letter is one OCR also reads for a digit (norm_serial_boundary()):
 * "TNG476798" for "TN6476798" was read alike by every pass, in every row,
 * so the count and the column's shape vouched for the misread.  Only the
 * cell can settle it: a reading of the value that writes a space or a
 * hyphen after the letters does, and so does the profile's list of the
 * volume's series.  A serial is letters, then digits (SPEC section 2):
 * one read without letters has had them read as digits ("08632908" for
 * "QB632908", every pass alike on a typewritten photo), and nothing in
 * the cell can say which.  Returns 1 when nothing settles it.
 */
static int
serial_boundary_unsure(const struct reading *rd, const struct profile *prof)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m;

	/*
	 * Staff who name the volume's series (profile.h) settle it: the
	 * value's letters are one of them ("" for a volume whose serials
	 * are digits only).  A value whose letters are none of them ("TNG"
	 * where the forms print "TN", "08" where they print "QB") is a
	 * misread.
	 */
	if (prof != NULL && prof->nseries > 0)
		return !profile_series_known(prof, v);
	if (v[0] < 'A' || v[0] > 'Z')
		return 1;

	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, v) == 0 &&
		    !norm_serial_boundary(rd->res[m].text))
			return 0;
	return 1;
}

/* How many readings give the value kept, written exactly as listed. */
static int
exact_votes(const struct reading *rd)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m, n = 0;

	for (m = 0; m < rd->npass; m++)
		n += strcmp(rd->norm[m].value, v) == 0 && rd->norm[m].exact;
	return n;
}

/*
 * Does every reading that differs from the one kept fail its field's
 * validator?  Such readings name no other value for the cell.
 */
static int
rivals_invalid(const struct reading *rd)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m;

	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, v) != 0 && rd->norm[m].valid)
			return 0;
	return 1;
}

/*
 * The confidence of a reading, and whether it is accepted.  The constants
 * are calibrated on generated ledgers (docs/ocr.md): "accepted" is given
 * only where the measured error rate is well below one in a hundred.
 */
static float
reading_conf(enum field f, const struct reading *rd,
    const struct profile *prof, int *accepted, const char **why)
{
	const struct norm	*n = &rd->norm[rd->pick];
	float			 cmin = 1;
	int			 m;

	*accepted = 0;
	*why = NULL;
	/* Tesseract's confidence in the readings that gave the value. */
	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, n->value) == 0 &&
		    rd->res[m].min_conf / 100.0f < cmin)
			cmin = rd->res[m].min_conf / 100.0f;
	if (!n->valid) {
		*why = OCR_WHY_INVALID;
		return 0.05f + 0.25f * cmin;
	}
	/* Ink that reads as nothing (a stroke, a stamp's edge) is unknown. */
	if (n->value[0] == '\0') {
		*why = OCR_WHY_UNREADABLE;
		return 0.30f;
	}
	if (rd->off_seq || rd->broken) {
		*why = OCR_WHY_SEQ_BROKEN;
		return 0.10f + 0.30f * cmin;
	}
	if (rd->in_seq) {
		/*
		 * Fits its neighbours: the sequence vouches for the number
		 * that counts, but only the cell can vouch for the rest.
		 * The column's agreement with itself (its neighbours, its
		 * common shape) supports a reading and is never the reason
		 * for it (issue 14): most readings of the cell itself must
		 * give this value, none of them may write the rest of the
		 * number otherwise, no reading of the column may write
		 * its marks otherwise (marks_evidence()), and a serial's
		 * letters must be seen to end where its digits begin
		 * (serial_boundary_unsure()).
		 */
		*accepted = rd->votes >= 2 && !rd->variant && !rd->split;
		if (*accepted && f == FIELD_SERIAL_NO &&
		    serial_boundary_unsure(rd, prof)) {
			*accepted = 0;
			*why = OCR_WHY_LETTER_DIGIT;
		} else if (!*accepted)
			*why = rd->variant ? OCR_WHY_SPELLING :
			    rd->split ? OCR_WHY_DISAGREE :
			    OCR_WHY_COLUMN_ONLY;
		return *accepted ? 0.99f + 0.009f * cmin :
		    0.80f + 0.15f * cmin;
	}
	if (rd->votes < 2) {
		*why = OCR_WHY_DISAGREE;
		return 0.20f + 0.40f * cmin;
	}
	/*
	 * Row numbers, serials and entry numbers count down the page (SPEC
	 * section 2); one that fits neither neighbour is not trusted on the
	 * readings' agreement alone: the same digit misread ("2081" as
	 * "2981") fools every reading alike.
	 */
	if (f == FIELD_SEQ || f == FIELD_SERIAL_NO || f == FIELD_REGISTER_NO) {
		*why = OCR_WHY_UNCOUNTED;
		return 0.60f + 0.30f * cmin;
	}
	if (rd->variant || rd->outlier) {
		*why = rd->variant ? OCR_WHY_SPELLING : OCR_WHY_YEAR;
		return 0.60f + 0.20f * cmin;
	}
	/*
	 * A closed list: two readings of three agreeing on a listed value,
	 * written exactly as listed by the reading kept or by two readings
	 * of the cell ("Kinh", "Kinh", "Kính": the cell shows no mark twice,
	 * and no listed name is written "Kính").
	 */
	if (f == FIELD_SEX || f == FIELD_ETHNICITY ||
	    f == FIELD_CLASSIFICATION) {
		*accepted = n->exact || exact_votes(rd) >= 2;
		if (!*accepted)
			*why = OCR_WHY_UNLISTED;
		return 0.985f + 0.014f * cmin;
	}
	/*
	 * Free text and dates need every reading to agree: measured on the
	 * calibration pages, a two-to-one majority there is wrong several
	 * times as often (docs/ocr.md).  A reading that is no date at all
	 * ("20/19/79": a 0 read as a 9 makes month 19) is a failed reading,
	 * not a rival value: two readings of the cell on one date and the
	 * third on none are as good as three on one (docs/ocr.md).
	 */
	if (!rd->agree && !(f == FIELD_DATE_OF_BIRTH && rivals_invalid(rd))) {
		*why = OCR_WHY_DISAGREE;
		return 0.50f + 0.40f * cmin;
	}
	/* A misread tone often makes another valid word: "Trân" for "Trần". */
	if ((f == FIELD_FULL_NAME && !norm_known_surname(n->value)) ||
	    (f == FIELD_PLACE_OF_BIRTH && (!norm_known_province(n->value) ||
	    norm_place_suspect(n->value)))) {
		/* Likewise "Đông Tháp": the province must be known. */
		*why = OCR_WHY_UNKNOWN;
		return 0.70f + 0.20f * cmin;
	}
	if (cmin >= 0.60f) {
		*accepted = 1;
		return 0.97f + 0.029f * cmin;
	}
	*why = OCR_WHY_LOW_CONF;
	return 0.80f + 0.15f * cmin;
}

static int
field_read_set(struct field_read *fr, enum field f, const char *value,
    const char *text)
{
	fr->field = f;
	fr->value = strdup(value);
	if (fr->value == NULL)
		return PAGE_ENOMEM;
	if (text != NULL && strcmp(text, value) != 0) {
		fr->text = strdup(text);
		if (fr->text == NULL)
			return PAGE_ENOMEM;
	}
	return PAGE_OK;
}

void
page_read_clear(struct page_read *pr)
{
	int	 i, j;

	if (pr == NULL)
		return;
	for (i = 0; i < pr->nrows; i++) {
		for (j = 0; j < pr->rows[i].nfields; j++) {
			free(pr->rows[i].fields[j].value);
			free(pr->rows[i].fields[j].text);
			pixDestroy(&pr->rows[i].fields[j].crop);
		}
		free(pr->rows[i].fields);
	}
	free(pr->rows);
	memset(pr, 0, sizeof(*pr));
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
static int
split_unruled(struct sheet *s, int first, const enum field *cols, int ncols)
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
		qsort(hs, nd, sizeof(*hs), cmp_int);
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
 * One reading (the larger model) of the first inked cells of each column
 * cols leaves unnamed, from band first down, for infer_columns().  res
 * holds the readings (ncols * INFER_MAXSAMPLE), cleared by the caller.
 */
static int
sample_columns(struct recog *r, const struct sheet *s, int first,
    const enum field *cols, int ncols, struct infer_column *in,
    struct recog_result *res)
{
	struct recog_result	*rr;
	struct cell		 c;
	PIX			*img;
	int			 i, b, k;

	for (i = 0; i < ncols; i++) {
		memset(&in[i], 0, sizeof(in[i]));
		if (cols[i] != FIELD_UNKNOWN)
			continue;
		for (b = first, k = 0; b < s->grid.ny - 1 &&
		    k < INFER_MAXSAMPLE; b++, k++) {
			in[i].nsample = k + 1;
			locate_cell(s, b, i, &c);
			if (!c.has_ink)
				continue;
			img = cell_image(s, &c);
			if (img == NULL)
				return PAGE_ENOMEM;
			rr = &res[i * INFER_MAXSAMPLE + k];
			if (recog_cell(r, RECOG_BEST, img, s->dpi, 1, NULL,
			    rr) != RECOG_OK) {
				pixDestroy(&img);
				return PAGE_EOCR;
			}
			pixDestroy(&img);
			in[i].text[k] = rr->text;
		}
	}
	return PAGE_OK;
}

/*
 * Names from their cells the columns whose labels did not read
 * (infer.h), marking them in inferred.  Returns the number named, or a
 * negative PAGE_ code.
 */
static int
infer_unnamed(struct recog *r, const struct sheet *s, int first,
    const struct profile *prof, enum field *cols, int ncols, int *inferred)
{
	struct infer_column	 in[PROFILE_MAX_COLUMNS];
	struct recog_result	*res;
	int			 i, n, rc;

	res = calloc((size_t)ncols * INFER_MAXSAMPLE, sizeof(*res));
	if (res == NULL)
		return -PAGE_ENOMEM;
	if (first < s->grid.ny - 1 && is_number_row(r, s, first, ncols))
		first++;
	rc = sample_columns(r, s, first, cols, ncols, in, res);
	n = rc != PAGE_OK ? -rc : infer_columns(in, cols, ncols,
	    prof != NULL ? prof->ledger_year : 0, inferred);
	for (i = 0; i < ncols * INFER_MAXSAMPLE; i++)
		recog_result_clear(&res[i]);
	free(res);
	return n == -1 && rc == PAGE_OK ? -PAGE_ENOMEM : n;
}

/* Fields named in cols, the signature column aside. */
static int
count_named(const enum field *cols, int ncols)
{
	int	 i, n = 0;

	for (i = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE)
			n++;
	return n;
}

/*
 * A header in two levels whose levels are ruled apart reads as two
 * bands: the group labels over the column labels.  The lower level names
 * the columns (it is what names the column under a group); a band under
 * the header counts as such a level when it names two fields or more
 * that the band above did not (a data row names at most a sex).
 * Returns 1 when band was such a level and merged into cols.
 */
static int
lower_level(struct recog *r, const struct sheet *s, int band,
    enum field *cols, int ncols)
{
	enum field	 low[PROFILE_MAX_COLUMNS];
	int		 i, j, fresh = 0;

	if (band >= s->grid.ny - 1 || read_header(r, s, band, low, ncols) < 2)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (low[i] == FIELD_UNKNOWN || low[i] == FIELD_SIGNATURE)
			continue;
		for (j = 0; j < ncols; j++)
			if (cols[j] == low[i])
				break;
		fresh += j == ncols;
	}
	if (fresh < 2)
		return 0;
	for (i = 0; i < ncols; i++) {
		if (low[i] == FIELD_UNKNOWN)
			continue;
		/* the field moves to the column its lower label names */
		for (j = 0; j < ncols; j++)
			if (j != i && cols[j] == low[i])
				cols[j] = FIELD_UNKNOWN;
		cols[i] = low[i];
	}
	return 1;
}

/*
 * Maps the columns: from the profile, or by reading the header, and what
 * the header leaves unnamed from the cells below it (infer.h), marked in
 * inferred.  A profile wins over both.
 */
static int
map_columns(struct recog *r, const struct sheet *s, const struct profile *prof,
    enum field *cols, int ncols, int *first_band, int *inferred, char *err,
    size_t errsz)
{
	char	 msg[160];
	int	 i, band, best = -1, bestn = 0, n, narrow = 0;
	enum field tmp[PROFILE_MAX_COLUMNS];

	for (i = 0; i < ncols; i++)
		inferred[i] = 0;
	if (prof != NULL && prof->ncolumns > 0) {
		if (prof->ncolumns != ncols) {
			(void)snprintf(msg, sizeof(msg), "the profile names "
			    "%d columns but the page has %d", prof->ncolumns,
			    ncols);
			return set_err(err, errsz, msg, PAGE_EPROFILE);
		}
		for (i = 0; i < ncols; i++)
			cols[i] = prof->columns[i];
		/* The header is still there; skip it if it reads as one. */
		*first_band = read_header(r, s, 0, tmp, ncols) >= 2 ? 1 : 0;
		return PAGE_OK;
	}
	/* The header is the first band, or the second under a title row. */
	for (i = 0; i < ncols; i++)
		cols[i] = FIELD_UNKNOWN;
	for (band = 0; band < 2 && band + 1 < s->grid.ny - 1; band++) {
		n = read_header(r, s, band, tmp, ncols);
		if (n > bestn) {
			bestn = n;
			best = band;
			memcpy(cols, tmp, ncols * sizeof(*cols));
		}
		if (n >= 3)
			break;
	}
	/*
	 * A header that names too little is read from the cells instead:
	 * the first band is taken as the header.
	 */
	*first_band = bestn >= 2 ? best + 1 : 1;
	if (bestn >= 2 && count_named(cols, ncols) < ncols &&
	    lower_level(r, s, *first_band, cols, ncols))
		(*first_band)++;
	/*
	 * "TT" and "STT" are too short to match reliably when OCR slips a
	 * letter, and a ledger's first column is its row number: a narrow
	 * unread first column is taken as seq.  Its values must then still
	 * count down the page to be accepted.
	 */
	for (i = 0; i < ncols; i++)
		if (cols[i] == FIELD_SEQ)
			break;
	if (i == ncols && ncols >= 3 && cols[0] == FIELD_UNKNOWN &&
	    (s->grid.xs[1] - s->grid.xs[0]) * 15 <
	    s->grid.xs[ncols] - s->grid.xs[0]) {
		cols[0] = FIELD_SEQ;
		/* with no header at all, that too is only inferred */
		narrow = bestn < 2;
	}
	for (i = 0; i < ncols; i++)
		if (cols[i] == FIELD_UNKNOWN)
			break;
	n = 0;
	if (i < ncols) {
		n = infer_unnamed(r, s, *first_band, prof, cols, ncols,
		    inferred);
		if (n < 0)
			return set_err(err, errsz, n == -PAGE_EOCR ?
			    "Tesseract failed on a cell" : "out of memory",
			    -n);
	}
	/* Too little named, by label and cells together, is no header. */
	if (bestn < 2 && (n == 0 || count_named(cols, ncols) < 3)) {
		for (i = 0; i < ncols; i++)
			inferred[i] = 0;
		return set_err(err, errsz, "the header row could not be read "
		    "(pin the columns with --profile)", PAGE_ENOHEADER);
	}
	inferred[0] |= narrow;
	return PAGE_OK;
}

/*
 * The row numbers of the seq column, for rowalign_seq(): a number that at
 * least two readings of its cell agree on, else -1.  -1 when out of
 * memory.
 */
static int
seq_places(const enum field *cols, int ncols, const struct cell *cells,
    const int *rowband, struct reading *rds, int nrows,
    unsigned char *misaligned)
{
	long	*seq;
	int	 i, k;

	for (i = 0; i < ncols && cols[i] != FIELD_SEQ; i++)
		;
	if (i >= ncols || nrows < 3)
		return 0;
	seq = calloc(nrows, sizeof(*seq));
	if (seq == NULL)
		return -1;
	for (k = 0; k < nrows; k++) {
		seq[k] = -1;
		if (cells[rowband[k] * ncols + i].has_ink &&
		    rds[k * ncols + i].votes >= 2 &&
		    !count_of(&rds[k * ncols + i], 0, &seq[k]))
			seq[k] = -1;
	}
	(void)rowalign_seq(seq, nrows, misaligned);
	free(seq);
	return 0;
}

/*
 * The page in grey, off the desk and uncurled when it was photographed or
 * bound (straighten.h); a flatbed scan's grey as it is.
 */
static PIX *
flat_gray(PIX *pix)
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

PIX *
page_straighten(PIX *pix, int rotation, float skew)
{
	PIX	*gray, *rot, *turned;

	gray = flat_gray(pix);
	if (gray == NULL)
		return NULL;
	if (skew != 0) {
		rot = pixRotate(gray, (float)(M_PI / 180.0) * skew,
		    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
		pixDestroy(&gray);
		if (rot == NULL)
			return NULL;
	} else
		rot = gray;
	turned = turn(rot, rotation);
	pixDestroy(&rot);
	return turned;
}

int
page_read(struct recog *r, PIX *pix, const struct profile *prof,
    int keep_crops, struct page_read *out, char *err, size_t errsz)
{
	struct sheet	 s;
	struct norm_ctx	 ctx;
	enum field	 cols[PROFILE_MAX_COLUMNS];
	int		 inferred[PROFILE_MAX_COLUMNS];
	struct cell	*cells = NULL;
	struct reading	*rds = NULL, **colrd = NULL;
	int		*rowband = NULL, *heights = NULL;
	unsigned char	*misaligned = NULL;
	PIX		*gray;
	float		 skew = 0;
	int		 dpi, rc, rotation, ncols, nbands, first, b, i, k;
	int		 nrows = 0, nh = 0, medh, accepted, tried180 = 0, m;
	int		 nfield;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	memset(&ctx, 0, sizeof(ctx));
	if (prof != NULL)
		ctx.ledger_year = prof->ledger_year;
	gray = flat_gray(pix);
	if (gray == NULL)
		return set_err(err, errsz, "out of memory", PAGE_ENOMEM);
	/* a photo's file says 72 dpi, or nothing: the page's size tells */
	dpi = pixGetXRes(gray);
	if (dpi < 100 || dpi > 1200)
		dpi = pixGetWidth(gray) > pixGetHeight(gray) ?
		    (int)(pixGetWidth(gray) / 11.69 + 0.5) :
		    (int)(pixGetHeight(gray) / 11.69 + 0.5);

	rc = build_sheet(gray, dpi, 0, &s, &skew);
	rotation = 0;
	if (rc == PAGE_OK) {
		rotation = text_is_vertical(&s) ? 90 : 0;
		if (rotation != 0) {
			sheet_clear(&s);
			rc = build_sheet(gray, dpi, rotation, &s, &skew);
		}
	}
	for (;;) {
		if (rc != PAGE_OK) {
			pixDestroy(&gray);
			return set_err(err, errsz, rc == PAGE_ENOTABLE ?
			    "no ruled table found on the page" :
			    "out of memory", rc);
		}
		ncols = s.grid.nx - 1;
		if (getenv("SOGOC_DEBUG") != NULL) {
			fprintf(stderr, "grid: %d rows:", s.grid.ny);
			for (i = 0; i < s.grid.ny; i++)
				fprintf(stderr, " %d", s.grid.ys[i]);
			fprintf(stderr, "\ngrid: %d cols:", s.grid.nx);
			for (i = 0; i < s.grid.nx; i++)
				fprintf(stderr, " %d", s.grid.xs[i]);
			fprintf(stderr, "\n");
		}
		if (ncols > PROFILE_MAX_COLUMNS) {
			sheet_clear(&s);
			pixDestroy(&gray);
			return set_err(err, errsz, "the table has more than 32 "
			    "columns", PAGE_ENOTABLE);
		}
		rc = map_columns(r, &s, prof, cols, ncols, &first, inferred,
		    err, errsz);
		if (rc != PAGE_ENOHEADER || tried180)
			break;
		/* Upside down pages fool the orientation test at times. */
		tried180 = 1;
		sheet_clear(&s);
		rotation = (rotation + 180) % 360;
		rc = build_sheet(gray, dpi, rotation, &s, &skew);
		if (rc != PAGE_OK)
			rc = PAGE_ENOHEADER;
		if (rc == PAGE_ENOHEADER) {
			set_err(err, errsz, "the header row could not be read "
			    "(pin the columns with --profile)", rc);
			break;
		}
	}
	pixDestroy(&gray);
	if (rc != PAGE_OK) {
		sheet_clear(&s);
		return rc;
	}
	out->rotation = rotation;
	out->skew = skew;
	for (i = 0; i < ncols; i++)
		out->columns_inferred |= inferred[i];

	nbands = s.grid.ny - 1;
	if (first < nbands && is_number_row(r, &s, first, ncols))
		first++;
	if (split_unruled(&s, first, cols, ncols) != 0) {
		rc = PAGE_ENOMEM;
		goto out;
	}
	nbands = s.grid.ny - 1;

	rc = PAGE_ENOMEM;
	cells = calloc((size_t)nbands * ncols, sizeof(*cells));
	rowband = calloc(nbands, sizeof(*rowband));
	heights = calloc((size_t)nbands * ncols + 1, sizeof(*heights));
	if (cells == NULL || rowband == NULL || heights == NULL)
		goto out;

	/*
	 * Which bands hold data: ink in at least two field cells (one when
	 * the page maps a single field).  A blank row under the last entry
	 * often carries a speck, a stroke of a signature or a stamp's edge.
	 */
	for (i = 0, nfield = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE)
			nfield++;
	for (b = first; b < nbands; b++) {
		int data = 0;

		for (i = 0; i < ncols; i++) {
			struct cell *c = &cells[b * ncols + i];

			if (cols[i] == FIELD_UNKNOWN ||
			    cols[i] == FIELD_SIGNATURE)
				continue;
			locate_cell(&s, b, i, c);
			if (c->has_ink)
				data++;
		}
		if (data < 2 && data < nfield)
			continue;
		rowband[nrows++] = b;
		for (i = 0; i < ncols; i++)
			if (cells[b * ncols + i].has_ink)
				heights[nh++] = cells[b * ncols + i].ink[3];
	}
	qsort(heights, nh, sizeof(*heights), cmp_int);
	medh = nh > 0 ? heights[nh / 2] : 0;

	out->rows = calloc(nrows > 0 ? nrows : 1, sizeof(*out->rows));
	rds = calloc((size_t)(nrows > 0 ? nrows : 1) * ncols, sizeof(*rds));
	colrd = calloc(nrows > 0 ? nrows : 1, sizeof(*colrd));
	misaligned = calloc(nrows > 0 ? nrows : 1, sizeof(*misaligned));
	if (out->rows == NULL || rds == NULL || colrd == NULL ||
	    misaligned == NULL)
		goto out;
	/* A row is one person: cells of one band of one page (rowalign.h). */
	(void)rowalign_check(&s.grid, s.bin, dpi, rowband, nrows, cols, ncols,
	    misaligned);

	/* Recognise every inked field cell. */
	for (k = 0; k < nrows; k++) {
		b = rowband[k];
		for (i = 0; i < ncols; i++) {
			struct cell *c = &cells[b * ncols + i];

			if (cols[i] == FIELD_UNKNOWN ||
			    cols[i] == FIELD_SIGNATURE || !c->has_ink)
				continue;
			rc = read_cell(r, &s, c, cols[i], &ctx,
			    medh > 0 && c->ink[3] * 2 > medh * 3,
			    &rds[k * ncols + i]);
			if (rc == PAGE_OK)
				rc = hand_of(&s, c, &rds[k * ncols + i]);
			if (getenv("SOGOC_DEBUG_HAND") != NULL)
				hand_debug(k, cols[i], &rds[k * ncols + i]);
			if (rc != PAGE_OK)
				goto out;
		}
	}

	/*
	 * What the page says about itself, column by column: numbers that
	 * count down it, schools and places that repeat, years of birth
	 * that cluster.
	 */
	for (i = 0; i < ncols; i++) {
		for (k = 0; k < nrows; k++)
			colrd[k] = cells[rowband[k] * ncols + i].has_ink ?
			    &rds[k * ncols + i] : NULL;
		switch (cols[i]) {
		case FIELD_SEQ:
			sequence_evidence(colrd, nrows, 0);
			break;
		case FIELD_SERIAL_NO:
		case FIELD_REGISTER_NO:
			sequence_evidence(colrd, nrows, 1);
			break;
		case FIELD_SCHOOL:
		case FIELD_PLACE_OF_BIRTH:
			spelling_evidence(colrd, nrows);
			break;
		case FIELD_DATE_OF_BIRTH:
			year_evidence(colrd, nrows);
			break;
		default:
			break;
		}
	}

	page_hands(out, cells, rowband, rds, cols, ncols, nrows);
	/* Rows after a lost or made-up row are not in their places. */
	rc = PAGE_ENOMEM;
	if (seq_places(cols, ncols, cells, rowband, rds, nrows,
	    misaligned) != 0)
		goto out;
	for (k = 0; k < nrows; k++) {
		struct row_read *rr = &out->rows[k];

		rr->row = k + 1;
		rr->fields = calloc(ncols, sizeof(*rr->fields));
		if (rr->fields == NULL)
			goto out;
		out->nrows = k + 1;
		b = rowband[k];
		for (i = 0; i < ncols; i++) {
			struct cell	*c = &cells[b * ncols + i];
			struct reading	*rd = &rds[k * ncols + i];
			struct field_read *fr = &rr->fields[rr->nfields];

			if (cols[i] == FIELD_UNKNOWN ||
			    cols[i] == FIELD_SIGNATURE)
				continue;
			rr->nfields++;
			memcpy(fr->box, c->box, sizeof(fr->box));
			if (!c->has_ink) {
				if (field_read_set(fr, cols[i], "", NULL) !=
				    PAGE_OK)
					goto out;
				/*
				 * Only notes are often blank; elsewhere a
				 * blank cell in a row with data is more
				 * likely faded ink than no entry.
				 */
				/*
				 * A hand's faint note can pass for no ink:
				 * in a handwritten row a blank cell is
				 * keyed too.
				 */
				fr->accepted = cols[i] == FIELD_NOTES &&
				    !misaligned[k] && !inferred[i] &&
				    !rr->hand;
				fr->conf = fr->accepted ? 0.995f : 0.3f;
				fr->why = fr->accepted ? NULL :
				    rr->hand ? OCR_WHY_HANDWRITING :
				    misaligned[k] ? OCR_WHY_ROW_MISALIGNED :
				    cols[i] == FIELD_NOTES ? OCR_WHY_INFERRED :
				    OCR_WHY_EMPTY;
				if (!fr->accepted) {
					out->nflagged++;
					if (keep_crops)
						fr->crop = cell_crop(&s, c);
				}
				continue;
			}
			if (field_read_set(fr, cols[i],
			    rd->norm[rd->pick].value,
			    rd->res[rd->pick].text) != PAGE_OK)
				goto out;
			fr->conf = reading_conf(cols[i], rd, prof, &accepted,
			    &fr->why);
			/*
			 * A hand fools the readings into agreeing on wrong
			 * values: its cells go to people, whatever they
			 * read (issue 14).  Whatever its cell says, a field
			 * of a row that joins two bands may belong to
			 * another person.  A column named from its cells
			 * alone vouches for nothing: only values that their
			 * field alone can hold keep the status their own
			 * evidence gave.
			 */
			if (rr->hand) {
				accepted = 0;
				fr->why = OCR_WHY_HANDWRITING;
				fr->conf = fr->conf < 0.3f ? fr->conf : 0.3f;
			} else if (misaligned[k]) {
				accepted = 0;
				fr->why = OCR_WHY_ROW_MISALIGNED;
				if (fr->conf > 0.5f)
					fr->conf = 0.5f;
			} else if (accepted && inferred[i] &&
			    !infer_own_evidence(cols[i])) {
				accepted = 0;
				fr->why = OCR_WHY_INFERRED;
				if (fr->conf > 0.9f)
					fr->conf = 0.9f;
			}
			fr->accepted = accepted;
			fr->ev.inked = 1;
			fr->ev.agree = rd->agree;
			fr->ev.exact = rd->norm[rd->pick].exact;
			fr->ev.in_seq = rd->in_seq;
			fr->ev.off_seq = rd->off_seq;
			fr->ev.pick = rd->pick;
			fr->ev.votes = rd->votes;
			for (m = 0; m < 2; m++) {
				fr->ev.valid[m] = rd->norm[m].valid;
				fr->ev.min_conf[m] = rd->res[m].min_conf;
				fr->ev.mean_conf[m] = rd->res[m].mean_conf;
			}
			if (!accepted) {
				out->nflagged++;
				if (keep_crops)
					fr->crop = cell_crop(&s, c);
			}
		}
	}
	rc = PAGE_OK;
out:
	if (rds != NULL)
		for (k = 0; k < nrows * ncols; k++)
			reading_clear(&rds[k]);
	free(rds);
	free(colrd);
	free(misaligned);
	free(cells);
	free(rowband);
	free(heights);
	sheet_clear(&s);
	if (rc != PAGE_OK) {
		page_read_clear(out);
		if (rc == PAGE_ENOMEM)
			set_err(err, errsz, "out of memory", rc);
		else if (rc == PAGE_EOCR)
			set_err(err, errsz, "Tesseract failed on a cell", rc);
	}
	return rc;
}
