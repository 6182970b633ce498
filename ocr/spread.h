/*
 * spread.h: find whether one image holds two facing pages of an open
 * ledger (a two-page spread) and where the gutter between them runs, so
 * that each page is read as a page of its own.
 *
 * Only the split is decided here: straightening each page (perspective,
 * curl) is the page reader's.  Pure functions of the image; thread safe.
 */
#ifndef SOGOC_OCR_SPREAD_H
#define SOGOC_OCR_SPREAD_H

struct Pix;

#define SPREAD_LEFT	1	/* the half left of the gutter */
#define SPREAD_RIGHT	2

struct spread_half {
	int	 side;		/* SPREAD_LEFT or SPREAD_RIGHT */
	int	 box[4];	/* x, y, w, h of the half in the image */
};

/*
 * Looks for a gutter in pix (any depth): a band dark from the top of the
 * image to its bottom, or a band without ink between two ruled tables,
 * near the middle of an image wider than tall.  Returns 2 and fills
 * half[0] (left) and half[1] (right) when the image is a spread; 1 when
 * it is one page (half[0] is then the whole image, side 0); -1 when out
 * of memory.
 */
int		 spread_find(struct Pix *pix, struct spread_half half[2]);

/*
 * A new image of the part box of pix (a half of spread_find()), its
 * resolution kept; NULL when out of memory.
 */
struct Pix	*spread_cut(struct Pix *pix, const int box[4]);

/* "left", "right", or NULL for a whole image. */
const char	*spread_side_name(int side);

#endif /* SOGOC_OCR_SPREAD_H */
