/*
 * sheet.h: finding the ledger's sheet in a page image (ocr/sheet.c): the
 * page off the desk and uncurled, in grey with red stamps faded, its
 * background evened out, its skew and quarter turn undone, the ruled
 * grid, and each cell's box and ink.
 *
 * Every call works on the images and the struct sheet it is given and
 * keeps no state: calls on different sheets may run on many threads.
 * Images returned are new; the caller frees them with pixDestroy().
 * Calls that return int give PAGE_OK or a PAGE_E code (page.h).
 */
#ifndef SOGOC_OCR_SHEET_H
#define SOGOC_OCR_SHEET_H

#include "field.h"
#include "grid.h"

struct Pix;

/* Everything known about one page while it is being read. */
struct sheet {
	struct Pix	*norm;		/* 8 bpp, white paper, rules removed */
	struct Pix	*bin;		/* 1 bpp, ink = 1, rules removed */
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
 * The page in grey, off the desk and uncurled when it was photographed or
 * bound (straighten.h); a flatbed scan's grey as it is.  NULL when memory
 * runs out.
 */
struct Pix	*sheet_flat_gray(struct Pix *pix);

/* pix turned by rotation (0, 90, 180 or 270 degrees), or NULL. */
struct Pix	*sheet_turn(struct Pix *pix, int rotation);

/*
 * Straightens gray (skew, written to *skew, then the quarter turn given)
 * and builds *s: normalised grey and ink with the rules removed, and the
 * grid.  PAGE_ENOTABLE when no ruled table is found.  Free *s with
 * sheet_clear(), also after a failure.
 */
int		 sheet_build(struct Pix *gray, int dpi, int rotation,
		    struct sheet *s, float *skew);

/* Frees what sheet_build() made; s may be zeroed. */
void		 sheet_clear(struct sheet *s);

/*
 * Returns 1 when the text runs up the page rather than across it (a page
 * scanned sideways), else 0.
 */
int		 sheet_text_vertical(const struct sheet *s);

/*
 * Splits the bands that hold several entries of a ledger that rules its
 * columns but not every row (s->grid gains rows).  Returns 0, or -1 when
 * memory runs out.
 */
int		 sheet_split_unruled(struct sheet *s, int first,
		    const enum field *cols, int ncols);

/* Finds the box inside the rules of cell (band, col), and its ink, in *c. */
void		 sheet_locate_cell(const struct sheet *s, int band, int col,
		    struct cell *c);

/* The cell's ink, 1 bpp, specks removed, or NULL. */
struct Pix	*sheet_cell_ink(const struct sheet *s, const struct cell *c);

/* The image Tesseract reads: the cell's ink, padded with white; or NULL. */
struct Pix	*sheet_cell_image(const struct sheet *s, const struct cell *c);

/* The whole cell, for a reviewer to look at; or NULL. */
struct Pix	*sheet_cell_crop(const struct sheet *s, const struct cell *c);

#endif /* SOGOC_OCR_SHEET_H */
