/*
 * rowalign.h: a row is one person.  Finds the rows of a page whose cells
 * do not come from one band of one page, so that none of their fields is
 * accepted (OCR_WHY_ROW_MISALIGNED, page.h).
 *
 * A ruled row is bounded above and below by rules that run across every
 * one of its cells.  When the grid is not one page's (two facing pages
 * read as one image, a curled page whose lines drift), a "row" is cut
 * between rules of different tables: its top or bottom is a rule in some
 * cells and nothing at all in others.  Pure function; thread safe.
 */
#ifndef SOGOC_OCR_ROWALIGN_H
#define SOGOC_OCR_ROWALIGN_H

#include "field.h"

struct grid;
struct Pix;

/*
 * Checks the data rows of grid g, found at dpi on a page whose ink (rules
 * removed, 1 bpp) is bin: row k lies in band bands[k] (between
 * g->ys[bands[k]] and the next rule), its cells in the columns cols[0 ..
 * ncols) (FIELD_UNKNOWN and FIELD_SIGNATURE columns are not looked at).
 * Sets bad[k] to 1 when row k is not one band of one table, else 0;
 * each cell's edges are taken where its own column shows its rules, so
 * a rule displaced or bent by what straightening left is still the
 * row's.  bin is only read.  When memory runs out every row is set
 * (nothing is vouched for).  Returns the number of rows set.
 */
int		 rowalign_check(const struct grid *g, struct Pix *bin,
		    int dpi, const int *bands, int nrows,
		    const enum field *cols, int ncols, unsigned char *bad);

/*
 * Rows whose row number no longer fits their place: seq[k] is the number
 * read in row k (at least two readings agreeing), or -1.  Where a run of
 * two or more rows numbered one to three away from where the rows above
 * had them begins (a row lost or made up above it: every row below is
 * then another person's place), that row and all below it get bad[k] =
 * 1.  A single misread number moves nothing; a count that jumps further
 * is a broken count (evidence.c's sequence-broken), not a lost row.  Returns
 * the number of rows set.
 */
int		 rowalign_seq(const long *seq, int nrows, unsigned char *bad);

#endif /* SOGOC_OCR_ROWALIGN_H */
