/*
 * test_grid.c: table-driven unit tests of ocr/grid.c's grid_find() on
 * drawn pages: the columns it finds on a plain ruled table, and on one
 * beside a dark edge that binarisation turns into a solid vertical band
 * (the shadow of a spread's gutter left at the side of a cut half, seed
 * 241001 of the bench's flat spreads): the strip between the band and
 * the table's border is not a column.  Tables whose rules faded over
 * their first column, or whose rows are not ruled, keep every column.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cm.h"
#include <leptonica/allheaders.h>

#include "grid.h"

/* The drawn page: 1000 x 600 at 300 dpi, rules 3 px thick. */
#define W	1000
#define H	600
#define NX	4
#define NY	8
static const int xs[NX] = { 150, 300, 600, 900 };
static const int ys[NY] = { 100, 160, 220, 280, 340, 400, 460, 520 };

/* Black from x0 to x1 (exclusive) over the rows y0 to y1. */
static void
fill(PIX *pix, int x0, int x1, int y0, int y1)
{
	int	 x, y;

	for (y = y0; y <= y1; y++)
		for (x = x0; x < x1; x++)
			pixSetPixel(pix, x, y, 1);
}

/*
 * The table: every vertical rule, and the horizontal rules for which
 * ruled[i] holds, each from x0 to the table's right border.
 */
static void
table(PIX *pix, const int *ruled, int x0)
{
	int	 i;

	for (i = 0; i < NX; i++)
		fill(pix, xs[i] - 1, xs[i] + 2, ys[0], ys[NY - 1]);
	for (i = 0; i < NY; i++)
		if (ruled[i])
			fill(pix, x0, xs[NX - 1] + 2, ys[i] - 1, ys[i] + 1);
}

static const int all[NY] = { 1, 1, 1, 1, 1, 1, 1, 1 };
/* Only the top, the header's foot and the foot: entries not ruled. */
static const int unruled[NY] = { 1, 1, 0, 0, 0, 0, 0, 1 };
/* The rules that still cross the first column where five faded over it. */
static const int whole[NY] = { 1, 0, 1, 0, 0, 1, 0, 0 };

#define LEFT	1	/* a shadow 40 px wide at the page's left edge */
#define RIGHT	2	/* ... at its right edge */

static const struct {
	const char	*name;
	const int	*ruled;		/* the rules drawn across the table */
	int		 faded;		/* the others drawn from column 2 on */
	int		 shadow;	/* LEFT | RIGHT */
} pages[] = {
	{ "a plain table", all, 0, 0 },
	{ "a gutter's shadow at the left", all, 0, LEFT },
	{ "a gutter's shadow at the right", all, 0, RIGHT },
	{ "shadows at both sides", all, 0, LEFT | RIGHT },
	{ "rules faded over the first column", whole, 1, 0 },
	{ "entries not ruled", unruled, 0, 0 },
	{ "entries not ruled, a shadow at the left", unruled, 0, LEFT },
};

static void
draw(PIX *pix, size_t i)
{
	int	 k;

	if (pages[i].shadow & LEFT)
		fill(pix, 0, 40, 0, H - 1);
	if (pages[i].shadow & RIGHT)
		fill(pix, W - 40, W, 0, H - 1);
	table(pix, pages[i].ruled, xs[0] - 1);
	for (k = 0; pages[i].faded && k < NY; k++)
		if (!pages[i].ruled[k])
			fill(pix, xs[1], xs[NX - 1] + 2, ys[k] - 1, ys[k] + 1);
}

/* Every page's columns are the table's: NX rules, each where drawn. */
static void
test_columns(void **state)
{
	struct grid	 g;
	PIX		*pix;
	size_t		 i;
	int		 k, failures = 0;

	(void)state;
	for (i = 0; i < NELEM(pages); i++) {
		pix = pixCreate(W, H, 1);
		assert_non_null(pix);
		pixSetResolution(pix, 300, 300);
		draw(pix, i);
		if (grid_find(pix, 300, &g) != GRID_OK) {
			print_error("%s: no grid\n", pages[i].name);
			failures++;
			pixDestroy(&pix);
			continue;
		}
		if (g.nx != NX) {
			print_error("%s: %d vertical rules, want %d (first at "
			    "%d)\n", pages[i].name, g.nx, NX, g.xs[0]);
			failures++;
		} else
			for (k = 0; k < NX; k++)
				if (abs(g.xs[k] - xs[k]) > 2) {
					print_error("%s: rule %d at %d, want "
					    "%d\n", pages[i].name, k, g.xs[k],
					    xs[k]);
					failures++;
				}
		grid_clear(&g);
		pixDestroy(&pix);
	}
	assert_int_equal(failures, 0);
}

CM_MAIN(
	cmocka_unit_test(test_columns)
)
