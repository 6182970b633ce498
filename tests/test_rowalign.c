/*
 * test_rowalign.c: table-driven unit tests of ocr/rowalign.c.
 * rowalign_seq(): row numbers that show a row lost or made up above them
 * (every row below then stands in another person's place), and those
 * that do not (a single misread, a broken count, unread numbers).
 * rowalign_check(): drawn grids whose rules lie where straightening
 * leaves them (a column's rules a little low, joined to the rest by a
 * bend that only the ink shows; a column's rules bent out of the rule
 * mask), which are one band per row, and those that are not (two tables
 * side by side, a rule through a cell, an edge missing under writing).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cm.h"
#include <leptonica/allheaders.h>

#include "grid.h"
#include "rowalign.h"

#define MAXR		12

static const struct {
	const char	*name;
	int		 n;
	long		 seq[MAXR];	/* -1: no number agreed on */
	int		 first;		/* first row marked, -1 none */
} cases[] = {
	{ "a clean count", 6, { 21, 22, 23, 24, 25, 26 }, -1 },
	{ "a row lost above row 4", 6, { 21, 22, 23, 25, 26, 27 }, 3 },
	{ "a row made up above row 3", 6, { 21, 22, 22, 23, 24, 25 }, 2 },
	{ "two rows lost", 7, { 1, 2, 5, 6, 7, 8, 9 }, 2 },
	{ "unread numbers around a lost row", 7,
	    { 21, -1, 23, -1, 26, -1, 28 }, 4 },
	{ "a single misread number", 6, { 21, 22, 28, 24, 25, 26 }, -1 },
	{ "a single number one off", 6, { 21, 22, 24, 24, 25, 26 }, -1 },
	{ "a broken count ten ahead", 6, { 1, 2, 3, 14, 15, 16 }, -1 },
	{ "the last row one off", 5, { 1, 2, 3, 4, 6 }, -1 },
	{ "nothing read", 4, { -1, -1, -1, -1 }, -1 },
};

static void
test_seq(void **state)
{
	unsigned char	 bad[MAXR];
	size_t		 i;
	int		 k, want, failures = 0;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		memset(bad, 0, sizeof(bad));
		(void)rowalign_seq(cases[i].seq, cases[i].n, bad);
		for (k = 0; k < cases[i].n; k++) {
			want = cases[i].first >= 0 && k >= cases[i].first;
			if (bad[k] != want) {
				print_error("%s: row %d marked %d, want %d\n",
				    cases[i].name, k + 1, bad[k], want);
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

/*
 * The drawn page: 800 x 330 at 200 dpi (a rule may lie 5 px from its
 * neighbour's), four field columns between the vertical rules at xs, four
 * rows of 60 px between the lines at ys.
 */
#define W	800
#define H	330
#define NX	5
#define NY	5
static const int xs[NX] = { 20, 220, 420, 620, 780 };
static const int ys[NY] = { 40, 100, 160, 220, 280 };
static const enum field cols[NX - 1] = { FIELD_FULL_NAME,
    FIELD_DATE_OF_BIRTH, FIELD_SCHOOL, FIELD_NOTES };

/* A line 3 px thick from (x0, y0) to (x1, y1), x0 < x1, into pix. */
static void
line(PIX *pix, int x0, int y0, int x1, int y1)
{
	int	 x, y, d;

	for (x = x0; x < x1; x++) {
		y = y0 + (y1 - y0) * (x - x0) / (x1 - x0);
		for (d = -1; d <= 1; d++)
			pixSetPixel(pix, x, y + d, 1);
	}
}

/* The vertical rules, and each line's rule from x0 to x1, level. */
static void
frame(PIX *mask, int x0, int x1)
{
	int	 i, y;

	for (i = 0; i < NX; i++)
		for (y = ys[0]; y <= ys[NY - 1]; y++) {
			pixSetPixel(mask, xs[i] - 1, y, 1);
			pixSetPixel(mask, xs[i], y, 1);
			pixSetPixel(mask, xs[i] + 1, y, 1);
		}
	for (i = 0; i < NY; i++)
		line(mask, x0, ys[i], x1, ys[i]);
}

static void
draw_level(PIX *mask, PIX *bin)
{
	(void)bin;
	frame(mask, xs[0], xs[NX - 1]);
}

/*
 * What straightening left at a photo's far edge (seed 40002, c21): the
 * last column's rules 8 px low, the bend joining them to the rest too
 * steep for the mask's opening, so only the ink shows it.
 */
static void
draw_low_column(PIX *mask, PIX *bin)
{
	int	 i;

	frame(mask, xs[0], 640);
	for (i = 0; i < NY; i++) {
		line(bin, 640, ys[i], 700, ys[i] + 8);
		line(mask, 700, ys[i] + 8, xs[NX - 1], ys[i] + 8);
	}
}

/* A book page's column by the spine: its rules bend 12 px, mask-less. */
static void
draw_bent_column(PIX *mask, PIX *bin)
{
	int	 i;

	frame(mask, xs[0], xs[NX - 2]);
	for (i = 0; i < NY; i++)
		line(bin, xs[NX - 2], ys[i], xs[NX - 1], ys[i] + 12);
}

/* A left table ruled to x, a right one from column 2 on, off px lower. */
static void
two_tables(PIX *mask, int x, int off)
{
	int	 i;

	frame(mask, xs[0], x);
	for (i = 0; i < NY; i++)
		line(mask, xs[2], ys[i] + off, xs[NX - 1], ys[i] + off);
}

/* Two tables side by side, the right one's rules 8 px lower. */
static void
draw_two_tables(PIX *mask, PIX *bin)
{
	(void)bin;
	two_tables(mask, xs[2], 8);
}

/* The same, the right table's rules bending to meet the left's. */
static void
draw_two_tables_bent(PIX *mask, PIX *bin)
{
	int	 i;

	frame(mask, xs[0], xs[2]);
	for (i = 0; i < NY; i++) {
		line(bin, xs[2], ys[i], xs[2] + 80, ys[i] + 20);
		line(mask, xs[2] + 80, ys[i] + 20, xs[NX - 1], ys[i] + 20);
	}
}

/*
 * Two tables side by side whose rows line up, the gutter between them
 * a column of its own that no rule crosses (a flat spread read as one
 * page, seed 73004): the header named the name from the left table and
 * the rest from the right, so no field is named twice.
 */
static const enum field gutter_cols[NX - 1] = { FIELD_FULL_NAME,
    FIELD_UNKNOWN, FIELD_SCHOOL, FIELD_NOTES };

static void
draw_gutter(PIX *mask, PIX *bin)
{
	(void)bin;
	two_tables(mask, xs[1], 0);
}

/* A rule through the middle of row 2's second cell. */
static void
draw_rule_inside(PIX *mask, PIX *bin)
{
	(void)bin;
	frame(mask, xs[0], xs[NX - 1]);
	line(mask, xs[1], ys[1] + 30, xs[2], ys[1] + 30);
}

/* Line 3's rule missing over the first cell, writing running across. */
static void
draw_edge_missing(PIX *mask, PIX *bin)
{
	int	 x, y;

	frame(mask, xs[0], xs[NX - 1]);
	for (x = xs[0] - 1; x < xs[1] - 1; x++)
		for (y = ys[2] - 1; y <= ys[2] + 1; y++)
			pixSetPixel(mask, x, y, 0);
	for (x = 60; x < 64; x++)
		for (y = ys[2] - 20; y <= ys[2] + 20; y++)
			pixSetPixel(bin, x, y, 1);
	for (x = 100; x < 104; x++)
		for (y = ys[2] - 20; y <= ys[2] + 20; y++)
			pixSetPixel(bin, x, y, 1);
}

static const struct {
	const char	*name;
	void		(*draw)(PIX *, PIX *);
	unsigned char	 want[NY - 1];
	const enum field *cols;
} pages[] = {
	{ "level rules", draw_level, { 0, 0, 0, 0 }, cols },
	{ "a column's rules low, joined in the ink", draw_low_column,
	    { 0, 0, 0, 0 }, cols },
	{ "a column's rules bent out of the mask", draw_bent_column,
	    { 0, 0, 0, 0 }, cols },
	{ "two tables side by side", draw_two_tables, { 1, 1, 1, 1 }, cols },
	{ "two tables, the right one's rules bent away", draw_two_tables_bent,
	    { 1, 1, 1, 1 }, cols },
	{ "a rule through a cell", draw_rule_inside, { 0, 1, 0, 0 }, cols },
	{ "an edge missing under writing", draw_edge_missing,
	    { 0, 1, 1, 0 }, cols },
	{ "two tables, a gutter between, rows lined up", draw_gutter,
	    { 1, 1, 1, 1 }, gutter_cols },
	{ "the same columns, one table", draw_level, { 0, 0, 0, 0 },
	    gutter_cols },
};

static void
test_check(void **state)
{
	struct grid	 g;
	PIX		*bin;
	unsigned char	 bad[NY - 1];
	int		 bands[NY - 1] = { 0, 1, 2, 3 }, gx[NX], gy[NY];
	size_t		 i;
	int		 k, failures = 0;

	(void)state;
	for (i = 0; i < NELEM(pages); i++) {
		memset(&g, 0, sizeof(g));
		memcpy(gx, xs, sizeof(gx));
		memcpy(gy, ys, sizeof(gy));
		g.xs = gx;
		g.nx = NX;
		g.ys = gy;
		g.ny = NY;
		g.rule = 3;
		g.mask = pixCreate(W, H, 1);
		bin = pixCreate(W, H, 1);
		assert_non_null(g.mask);
		assert_non_null(bin);
		pages[i].draw(g.mask, bin);
		memset(bad, 0, sizeof(bad));
		(void)rowalign_check(&g, bin, 200, bands, NY - 1,
		    pages[i].cols, NX - 1, bad);
		for (k = 0; k < NY - 1; k++)
			if (bad[k] != pages[i].want[k]) {
				print_error("%s: row %d marked %d, want %d\n",
				    pages[i].name, k + 1, bad[k],
				    pages[i].want[k]);
				failures++;
			}
		pixDestroy(&g.mask);
		pixDestroy(&bin);
	}
	assert_int_equal(failures, 0);
}

CM_MAIN(
	cmocka_unit_test(test_seq),
	cmocka_unit_test(test_check)
)
