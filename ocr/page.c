/*
 * page.c: read the data rows of one ledger page (see page.h).
 *
 * sheet.c finds the sheet (straightened, normalised, its grid); here the
 * header maps the columns to fields (or a profile does), the bands that
 * hold data are found, and each cell is read up to three times (two
 * models, two sizes) and normalised (text/).  evidence.c then weighs what
 * the page says about itself (numbers that count, names that repeat) and
 * decides how much each value is trusted.  docs/ocr.md has the rules and
 * what they were measured to mean.
 */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "evidence.h"
#include "grid.h"
#include "hand.h"
#include "header.h"
#include "infer.h"
#include "validate.h"
#include "page.h"
#include "profile.h"
#include "recog.h"
#include "rowalign.h"
#include "sheet.h"

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
_Static_assert(sizeof(passes) / sizeof(passes[0]) == NPASSES,
    "struct reading holds one reading a pass");

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
		sheet_locate_cell(s, band, i, &c);
		if (!c.has_ink)
			continue;
		img = sheet_cell_image(s, &c);
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
		sheet_locate_cell(s, band, i, &c);
		if (!c.has_ink)
			continue;
		inked++;
		img = sheet_cell_image(s, &c);
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

	ink = sheet_cell_ink(s, c);
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
	img = sheet_cell_image(s, c);
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
			sheet_locate_cell(s, b, i, &c);
			if (!c.has_ink)
				continue;
			img = sheet_cell_image(s, &c);
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

PIX *
page_straighten(PIX *pix, int rotation, float skew)
{
	PIX	*gray, *rot, *turned;

	gray = sheet_flat_gray(pix);
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
	turned = sheet_turn(rot, rotation);
	pixDestroy(&rot);
	return turned;
}

/* A page while it is read: its sheet, its columns and its data rows. */
struct layout {
	struct sheet	 s;
	enum field	 cols[PROFILE_MAX_COLUMNS];
	int		 inferred[PROFILE_MAX_COLUMNS];
	int		 ncols;
	int		 first;		/* first band under the header */
	int		 dpi;
	int		 rotation;
	float		 skew;
	struct cell	*cells;		/* every band's, nbands * ncols */
	int		*rowband;	/* the band of each data row */
	int		 nrows;
	int		 medh;		/* median height of a cell's ink */
	struct reading	*rds;		/* nrows * ncols */
	unsigned char	*misaligned;	/* rows not one band of one person */
};

static void
layout_clear(struct layout *L)
{
	int	 k;

	if (L->rds != NULL)
		for (k = 0; k < L->nrows * L->ncols; k++)
			reading_clear(&L->rds[k]);
	free(L->rds);
	free(L->misaligned);
	free(L->cells);
	free(L->rowband);
	sheet_clear(&L->s);
}

/* The scan's resolution: a photo's file says 72 dpi, or nothing. */
static int
page_dpi(PIX *gray)
{
	int	 dpi;

	dpi = pixGetXRes(gray);
	if (dpi < 100 || dpi > 1200)
		dpi = pixGetWidth(gray) > pixGetHeight(gray) ?
		    (int)(pixGetWidth(gray) / 11.69 + 0.5) :
		    (int)(pixGetHeight(gray) / 11.69 + 0.5);
	return dpi;
}

/* SOGOC_DEBUG: the grid's rules. */
static void
grid_debug(const struct grid *g)
{
	int	 i;

	fprintf(stderr, "grid: %d rows:", g->ny);
	for (i = 0; i < g->ny; i++)
		fprintf(stderr, " %d", g->ys[i]);
	fprintf(stderr, "\ngrid: %d cols:", g->nx);
	for (i = 0; i < g->nx; i++)
		fprintf(stderr, " %d", g->xs[i]);
	fprintf(stderr, "\n");
}

/*
 * Finds the ruled table on the page, turned the way its text and header
 * read, and maps its columns to fields.
 */
static int
find_table(struct recog *r, PIX *pix, const struct profile *prof,
    struct layout *L, char *err, size_t errsz)
{
	PIX	*gray;
	int	 rc, tried180 = 0;

	gray = sheet_flat_gray(pix);
	if (gray == NULL)
		return set_err(err, errsz, "out of memory", PAGE_ENOMEM);
	L->dpi = page_dpi(gray);
	rc = sheet_build(gray, L->dpi, 0, &L->s, &L->skew);
	L->rotation = 0;
	if (rc == PAGE_OK) {
		L->rotation = sheet_text_vertical(&L->s) ? 90 : 0;
		if (L->rotation != 0) {
			sheet_clear(&L->s);
			rc = sheet_build(gray, L->dpi, L->rotation, &L->s,
			    &L->skew);
		}
	}
	for (;;) {
		if (rc != PAGE_OK) {
			pixDestroy(&gray);
			return set_err(err, errsz, rc == PAGE_ENOTABLE ?
			    "no ruled table found on the page" :
			    "out of memory", rc);
		}
		L->ncols = L->s.grid.nx - 1;
		if (getenv("SOGOC_DEBUG") != NULL)
			grid_debug(&L->s.grid);
		if (L->ncols > PROFILE_MAX_COLUMNS) {
			sheet_clear(&L->s);
			pixDestroy(&gray);
			return set_err(err, errsz, "the table has more than 32 "
			    "columns", PAGE_ENOTABLE);
		}
		rc = map_columns(r, &L->s, prof, L->cols, L->ncols, &L->first,
		    L->inferred, err, errsz);
		if (rc != PAGE_ENOHEADER || tried180)
			break;
		/* Upside down pages fool the orientation test at times. */
		tried180 = 1;
		sheet_clear(&L->s);
		L->rotation = (L->rotation + 180) % 360;
		rc = sheet_build(gray, L->dpi, L->rotation, &L->s, &L->skew);
		if (rc != PAGE_OK)
			rc = PAGE_ENOHEADER;
		if (rc == PAGE_ENOHEADER) {
			set_err(err, errsz, "the header row could not be read "
			    "(pin the columns with --profile)", rc);
			break;
		}
	}
	pixDestroy(&gray);
	if (rc != PAGE_OK)
		sheet_clear(&L->s);
	return rc;
}

/*
 * Which bands hold data: ink in at least two field cells (one when the
 * page maps a single field).  A blank row under the last entry often
 * carries a speck, a stroke of a signature or a stamp's edge.  Also
 * measures the median height of the ink in those rows' cells.
 */
static int
find_rows(struct recog *r, struct layout *L)
{
	const enum field	*cols = L->cols;
	int			*heights;
	int			 ncols = L->ncols, nbands, nfield, nh = 0;
	int			 b, i;

	nbands = L->s.grid.ny - 1;
	if (L->first < nbands && is_number_row(r, &L->s, L->first, ncols))
		L->first++;
	if (sheet_split_unruled(&L->s, L->first, cols, ncols) != 0)
		return PAGE_ENOMEM;
	nbands = L->s.grid.ny - 1;
	L->cells = calloc((size_t)nbands * ncols, sizeof(*L->cells));
	L->rowband = calloc(nbands, sizeof(*L->rowband));
	heights = calloc((size_t)nbands * ncols + 1, sizeof(*heights));
	if (L->cells == NULL || L->rowband == NULL || heights == NULL) {
		free(heights);
		return PAGE_ENOMEM;
	}
	for (i = 0, nfield = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE)
			nfield++;
	for (b = L->first; b < nbands; b++) {
		struct cell	*row = &L->cells[b * ncols];
		int		 data = 0;

		for (i = 0; i < ncols; i++) {
			if (cols[i] == FIELD_UNKNOWN ||
			    cols[i] == FIELD_SIGNATURE)
				continue;
			sheet_locate_cell(&L->s, b, i, &row[i]);
			if (row[i].has_ink)
				data++;
		}
		if (data < 2 && data < nfield)
			continue;
		L->rowband[L->nrows++] = b;
		for (i = 0; i < ncols; i++)
			if (row[i].has_ink)
				heights[nh++] = row[i].ink[3];
	}
	qsort(heights, nh, sizeof(*heights), grid_cmp_int);
	L->medh = nh > 0 ? heights[nh / 2] : 0;
	free(heights);
	return PAGE_OK;
}

/* Recognises every inked field cell of the data rows. */
static int
read_rows(struct recog *r, struct layout *L, const struct norm_ctx *ctx,
    struct page_read *out)
{
	const enum field	*cols = L->cols;
	int			 ncols = L->ncols, nrows = L->nrows, i, k, rc;

	out->rows = calloc(nrows > 0 ? nrows : 1, sizeof(*out->rows));
	L->rds = calloc((size_t)(nrows > 0 ? nrows : 1) * ncols,
	    sizeof(*L->rds));
	L->misaligned = calloc(nrows > 0 ? nrows : 1,
	    sizeof(*L->misaligned));
	if (out->rows == NULL || L->rds == NULL || L->misaligned == NULL)
		return PAGE_ENOMEM;
	/* A row is one person: cells of one band of one page (rowalign.h). */
	(void)rowalign_check(&L->s.grid, L->s.bin, L->dpi, L->rowband, nrows,
	    cols, ncols, L->misaligned);
	for (k = 0; k < nrows; k++) {
		struct cell	*row = &L->cells[L->rowband[k] * ncols];

		for (i = 0; i < ncols; i++) {
			struct cell	*c = &row[i];
			struct reading	*rd = &L->rds[k * ncols + i];

			if (cols[i] == FIELD_UNKNOWN ||
			    cols[i] == FIELD_SIGNATURE || !c->has_ink)
				continue;
			rc = read_cell(r, &L->s, c, cols[i], ctx,
			    L->medh > 0 && c->ink[3] * 2 > L->medh * 3, rd);
			if (rc == PAGE_OK)
				rc = hand_of(&L->s, c, rd);
			if (getenv("SOGOC_DEBUG_HAND") != NULL)
				hand_debug(k, cols[i], rd);
			if (rc != PAGE_OK)
				return rc;
		}
	}
	return PAGE_OK;
}

/*
 * What the page says about itself, column by column: numbers that count
 * down it, schools and places that repeat, years of birth that cluster.
 */
static int
weigh_columns(struct layout *L)
{
	struct reading	**colrd;
	int		  ncols = L->ncols, nrows = L->nrows, i, k;

	colrd = calloc(nrows > 0 ? nrows : 1, sizeof(*colrd));
	if (colrd == NULL)
		return PAGE_ENOMEM;
	for (i = 0; i < ncols; i++) {
		for (k = 0; k < nrows; k++)
			colrd[k] = L->cells[L->rowband[k] * ncols + i].has_ink ?
			    &L->rds[k * ncols + i] : NULL;
		switch (L->cols[i]) {
		case FIELD_SEQ:
			evidence_sequence(colrd, nrows, 0);
			break;
		case FIELD_SERIAL_NO:
		case FIELD_REGISTER_NO:
			evidence_sequence(colrd, nrows, 1);
			break;
		case FIELD_SCHOOL:
		case FIELD_PLACE_OF_BIRTH:
			evidence_spelling(colrd, nrows);
			break;
		case FIELD_DATE_OF_BIRTH:
			evidence_year(colrd, nrows);
			break;
		default:
			break;
		}
	}
	free(colrd);
	return PAGE_OK;
}

/* Flags fr for review, with the cell's image when crops are kept. */
static void
flag_field(const struct layout *L, const struct cell *c,
    struct field_read *fr, int keep_crops, struct page_read *out)
{
	out->nflagged++;
	if (keep_crops)
		fr->crop = sheet_cell_crop(&L->s, c);
}

/* The field of a blank cell of data row k, column i. */
static int
blank_field(const struct layout *L, int k, int i, const struct row_read *rr,
    struct field_read *fr)
{
	enum field	 f = L->cols[i];

	if (field_read_set(fr, f, "", NULL) != PAGE_OK)
		return PAGE_ENOMEM;
	/*
	 * Only notes are often blank; elsewhere a blank cell in a row with
	 * data is more likely faded ink than no entry.
	 */
	/*
	 * A hand's faint note can pass for no ink: in a handwritten row a
	 * blank cell is keyed too.
	 */
	fr->accepted = f == FIELD_NOTES && !L->misaligned[k] &&
	    !L->inferred[i] && !rr->hand;
	fr->conf = fr->accepted ? 0.995f : 0.3f;
	fr->why = fr->accepted ? NULL :
	    rr->hand ? OCR_WHY_HANDWRITING :
	    L->misaligned[k] ? OCR_WHY_ROW_MISALIGNED :
	    f == FIELD_NOTES ? OCR_WHY_INFERRED :
	    OCR_WHY_EMPTY;
	return PAGE_OK;
}

/* The field of an inked cell of data row k, column i: value and trust. */
static int
inked_field(const struct layout *L, int k, int i, const struct row_read *rr,
    const struct profile *prof, struct field_read *fr)
{
	const struct reading	*rd = &L->rds[k * L->ncols + i];
	enum field		 f = L->cols[i];
	int			 accepted, m;

	if (field_read_set(fr, f, rd->norm[rd->pick].value,
	    rd->res[rd->pick].text) != PAGE_OK)
		return PAGE_ENOMEM;
	fr->conf = reading_conf(f, rd, prof, &accepted, &fr->why);
	/*
	 * A hand fools the readings into agreeing on wrong values: its cells
	 * go to people, whatever they read (issue 14).  Whatever its cell
	 * says, a field of a row that joins two bands may belong to another
	 * person.  A column named from its cells alone vouches for nothing:
	 * only values that their field alone can hold keep the status their
	 * own evidence gave.
	 */
	if (rr->hand) {
		accepted = 0;
		fr->why = OCR_WHY_HANDWRITING;
		fr->conf = fr->conf < 0.3f ? fr->conf : 0.3f;
	} else if (L->misaligned[k]) {
		accepted = 0;
		fr->why = OCR_WHY_ROW_MISALIGNED;
		if (fr->conf > 0.5f)
			fr->conf = 0.5f;
	} else if (accepted && L->inferred[i] && !infer_own_evidence(f)) {
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
	return PAGE_OK;
}

/* Writes each data row's fields, with their confidence and status. */
static int
emit_rows(const struct layout *L, const struct profile *prof,
    int keep_crops, struct page_read *out)
{
	int	 ncols = L->ncols, i, k, rc;

	for (k = 0; k < L->nrows; k++) {
		struct row_read *rr = &out->rows[k];

		rr->row = k + 1;
		rr->fields = calloc(ncols, sizeof(*rr->fields));
		if (rr->fields == NULL)
			return PAGE_ENOMEM;
		out->nrows = k + 1;
		for (i = 0; i < ncols; i++) {
			const struct cell *c =
			    &L->cells[L->rowband[k] * ncols + i];
			struct field_read *fr = &rr->fields[rr->nfields];

			if (L->cols[i] == FIELD_UNKNOWN ||
			    L->cols[i] == FIELD_SIGNATURE)
				continue;
			rr->nfields++;
			memcpy(fr->box, c->box, sizeof(fr->box));
			rc = c->has_ink ? inked_field(L, k, i, rr, prof, fr) :
			    blank_field(L, k, i, rr, fr);
			if (rc != PAGE_OK)
				return rc;
			if (!fr->accepted)
				flag_field(L, c, fr, keep_crops, out);
		}
	}
	return PAGE_OK;
}

int
page_read(struct recog *r, PIX *pix, const struct profile *prof,
    int keep_crops, struct page_read *out, char *err, size_t errsz)
{
	struct layout	 L;
	struct norm_ctx	 ctx;
	int		 rc, i;

	memset(out, 0, sizeof(*out));
	memset(&L, 0, sizeof(L));
	memset(&ctx, 0, sizeof(ctx));
	if (prof != NULL)
		ctx.ledger_year = prof->ledger_year;
	rc = find_table(r, pix, prof, &L, err, errsz);
	if (rc != PAGE_OK) {
		layout_clear(&L);
		return rc;
	}
	out->rotation = L.rotation;
	out->skew = L.skew;
	for (i = 0; i < L.ncols; i++)
		out->columns_inferred |= L.inferred[i];

	rc = find_rows(r, &L);
	if (rc == PAGE_OK)
		rc = read_rows(r, &L, &ctx, out);
	if (rc == PAGE_OK)
		rc = weigh_columns(&L);
	if (rc == PAGE_OK) {
		evidence_hands(out, L.cells, L.rowband, L.rds, L.cols,
		    L.ncols, L.nrows);
		/* Rows after a lost or made-up row are not in their places. */
		if (evidence_seq_places(L.cols, L.ncols, L.cells, L.rowband,
		    L.rds, L.nrows, L.misaligned) != 0)
			rc = PAGE_ENOMEM;
	}
	if (rc == PAGE_OK)
		rc = emit_rows(&L, prof, keep_crops, out);
	layout_clear(&L);
	if (rc != PAGE_OK) {
		page_read_clear(out);
		if (rc == PAGE_ENOMEM)
			set_err(err, errsz, "out of memory", rc);
		else if (rc == PAGE_EOCR)
			set_err(err, errsz, "Tesseract failed on a cell", rc);
	}
	return rc;
}
