/*
 * handdraw.h: entries written by hand into a printed ledger form, for
 * sogoc-gen --hand.
 *
 * A writer (one per page) has a handwriting face, an ink (blue or black
 * ballpoint), a pen width and a slant; each cell and each word then
 * varies them: size, slant, baseline, pressure.  The handwriting faces
 * Debian ships cover only the Latin letters without Vietnamese marks, so
 * the letters are drawn from the face and every mark (tone marks, the
 * circumflex, breve and horn, the bar of đ) is a pen stroke of our own
 * above or below its letter, as a hand adds them after the word.
 * Everything random comes from the rng passed in.
 */
#ifndef SCANS_HAND_H
#define SCANS_HAND_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "rng.h"

struct hand_writer {
	const char	*family;	/* handwriting face */
	double		 rgb[3];	/* ink */
	double		 pen;		/* stroke width, pixels */
	double		 slant;		/* shear, x per unit of height */
	double		 size;		/* x size against the printed body */
};

/*
 * Picks a writer for text of about px pixels.  Returns -1 when no
 * handwriting face is installed (the generator says which packages).
 */
int	 hand_writer_new(struct rng *r, PangoLayout *pl, double px,
	    struct hand_writer *w);

/*
 * Writes text (NFC UTF-8) by hand with pl's context on cr, fitted into
 * the box (x, y, w, h): left-aligned (centred when centre is set), on one
 * line when it fits, else on as many as it needs.
 */
void	 hand_text(cairo_t *cr, PangoLayout *pl, struct rng *r,
	    const struct hand_writer *wr, const char *text, double px,
	    double x, double y, double w, double h, int centre);

#endif /* SCANS_HAND_H */
