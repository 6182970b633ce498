/*
 * hand.h: tell handwritten cells from printed ones.
 *
 * Entries written by hand into a printed ledger form are read badly by
 * Tesseract, and worse, sometimes read "well": all readings agree on a
 * wrong value.  A handwritten cell is therefore never accepted (issue
 * 14); staff key it.  This module measures the shape of a cell's ink
 * (slant, stroke width against letter height, and, for calibration only,
 * how well letters sit on one line and how many pieces the ink falls
 * into: on the generated pages these two did not separate hand from
 * type) and, with the readings' confidence, scores each cell; a row is called handwritten when half of
 * its inked cells or more score so, which keeps a printed page's odd cell (a
 * smudge, a stamp's edge) from being called handwriting.
 *
 * Pure functions of their arguments: safe from any thread.
 */
#ifndef SOGOC_OCR_HAND_H
#define SOGOC_OCR_HAND_H

struct Pix;

/* What the ink of one cell looks like. */
struct hand_cell {
	int	 measured;	/* enough ink to say anything */
	float	 slant;		/* dominant lean of the strokes, degrees,
				   right positive */
	float	 stroke;	/* stroke width / letter height */
	float	 aligned;	/* share of letters sitting on the line */
	float	 pieces;	/* connected pieces per letter height of
				   ink width */
	float	 height;	/* median piece height, pixels */
};

/*
 * Measures the 1 bpp ink bin (ink = 1, specks removed, the cell only) into
 * *out.  Returns 0, or -1 when out of memory (*out then says nothing).
 */
int	 hand_measure(struct Pix *bin, struct hand_cell *out);

/*
 * How much the cell looks handwritten, 0 (printed) to 1, from its ink and
 * the mean word confidences of the two models (0..100) and whether all
 * readings agreed.
 */
float	 hand_score(const struct hand_cell *hc, float conf_fast,
	    float conf_best, int agree);

/*
 * Whether a row whose n inked cells scored scores[] is handwritten: half
 * of them or more look so, or a third when writer is set (other rows of
 * the page are handwritten: one hand fills a page).
 */
int	 hand_row(const float *scores, int n, int writer);

#endif /* SOGOC_OCR_HAND_H */
