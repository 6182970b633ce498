/*
 * capture.h: what the device that captures a ledger page does to the page
 * that sogoc-gen drew: a flatbed scanner's blur and sensor noise, a phone
 * camera over a desk, a book scanner over an open bound ledger.
 *
 * Every function draws its random choices from the caller's rng, in a
 * fixed order, so the same seed gives the same image.  Nothing here is
 * thread safe beyond that: one rng, one caller.
 */
#ifndef SCANS_CAPTURE_H
#define SCANS_CAPTURE_H

#include <leptonica/allheaders.h>

#include "rng.h"

enum capture {
	CAPTURE_SCAN = 0,	/* flatbed: gen.c's skew, blur and noise */
	CAPTURE_PHOTO,		/* a phone over the page on a desk */
	CAPTURE_BOOK,		/* one page of an open book, curled */
	CAPTURE_SPREAD,		/* both facing pages of an open book */
	CAPTURE_SPREAD_FLAT,	/* two flat scans side by side, a gutter */
	CAPTURE_COUNT
};

enum capture_spine {
	CAPTURE_SPINE_NONE = 0,
	CAPTURE_SPINE_LEFT,
	CAPTURE_SPINE_RIGHT
};

/* What the capture did to one page, for the ground truth. */
struct capture_page {
	double			 corners[4][2];	/* TL TR BR BL, output px */
	double			 keystone;	/* degrees, photo */
	double			 rotation;	/* degrees clockwise, photo */
	double			 curl;		/* px a line bends, book */
	enum capture_spine	 spine;
};

struct capture_out {
	PIX			*pix;		/* the caller frees it */
	int			 quality;	/* JPEG quality to write */
	int			 dpi;		/* resolution to record */
	struct capture_page	 page[2];
};

extern const char *const capture_names[CAPTURE_COUNT];

/*
 * A phone photograph of page (32 bpp RGB, not changed): the page in
 * perspective, whole, on a darker desk, in uneven light, with the
 * camera's noise and sharpening, in a frame of 8 to 12 Mpx.  damage 0-2
 * sets how poor the light and the camera are.  Fills out (out->page[0]);
 * returns 0, or -1 when out of memory (out->pix is then NULL).
 */
int	 capture_photo(struct rng *r, PIX *page, int damage,
	    struct capture_out *out);

/*
 * An open bound book under a book scanner: npages 1 (one page, its spine
 * on a side drawn from r) or 2 (pages[0] on the left, pages[1] on the
 * right, a dark gutter between), each page curling down towards the
 * spine with its lines bending, the gutter's shadow, slight perspective.
 * The pages were drawn at dpi.  Fills out (out->page[0 .. npages - 1]);
 * returns 0, or -1 when out of memory.
 */
int	 capture_book(struct rng *r, PIX *const *pages, int npages, int dpi,
	    int damage, struct capture_out *out);

/*
 * Moves the corners of npages pages of out to where they land when the
 * w x h image is turned quads quarter turns clockwise (pixRotateOrth).
 */
void	 capture_turn(struct capture_out *out, int npages, int quads, int w,
	    int h);

/* A [1 2 1] / 4 blur of a 32 bpp image, in place; -1 when out of memory. */
int	 capture_blur121(PIX *pix);

/* Sensor noise of about sigma gray levels on a 32 bpp image, in place. */
void	 capture_noise(struct rng *r, PIX *pix, double sigma);

#endif /* SCANS_CAPTURE_H */
