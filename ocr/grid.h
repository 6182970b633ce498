/*
 * grid.h: find the ruled table of a ledger page.
 *
 * A ledger page is a ruled table (SPEC section 2).  The rules are found by
 * morphology on the binarised, deskewed page: long thin horizontal and
 * vertical runs that text cannot make.  Their positions give the cell grid;
 * their pixels give a mask so the rules can be removed before recognition.
 */
#ifndef SOGOC_OCR_GRID_H
#define SOGOC_OCR_GRID_H

struct Pix;

struct grid {
	int		*ys;	/* horizontal rule centres, top to bottom */
	int		 ny;
	int		*xs;	/* vertical rule centres, left to right */
	int		 nx;
	int		 rule;	/* typical rule thickness in pixels */
	struct Pix	*mask;	/* 1 bpp, the rules' pixels, slightly grown */
};

#define GRID_OK		0
#define GRID_ENOTABLE	1	/* no ruled table of at least 2x2 cells */
#define GRID_ENOMEM	2

/*
 * Finds the grid in bin (1 bpp, ink = 1) scanned at dpi.  Bands taller than
 * 1.7 times the typical data row are split evenly, so that a faded rule
 * does not merge two rows.  On success *out must be released with
 * grid_clear().
 */
int		 grid_find(struct Pix *bin, int dpi, struct grid *out);

/* Frees what grid_find() allocated and zeroes g; accepts a zeroed grid. */
void		 grid_clear(struct grid *g);

/* Orders two ints for qsort(), ascending: the page's measures of pixels. */
int		 grid_cmp_int(const void *a, const void *b);

#endif /* SOGOC_OCR_GRID_H */
