/*
 * straighten.h: undo a camera's perspective and a bound page's curl before
 * the grid is looked for.
 *
 * A flatbed scan fills its image with paper; a phone photo or a book
 * scanner shows the page on a darker desk or cradle, in perspective, and a
 * bound page curls down into its spine so that its rules bend.  The page
 * is found as the largest light region lying inside the image, mapped onto
 * an upright rectangle from its four corners (a projective transform), and
 * the ruled table's horizontal rules, traced across the page, give the
 * vertical displacement that the curl left, which is then undone.
 *
 * The result depends on the image alone, so the same call on the same
 * image gives the same page: page_straighten() relies on this to cut the
 * crops that a reviewer sees from the page the values were read from.
 */
#ifndef SOGOC_OCR_STRAIGHTEN_H
#define SOGOC_OCR_STRAIGHTEN_H

struct Pix;

/* What was undone, for the caller's record (bits of *what). */
#define STRAIGHTEN_PERSPECTIVE	0x1	/* page mapped off a desk */
#define STRAIGHTEN_CURL		0x2	/* bent rules made straight */

#define STRAIGHTEN_OK		0
#define STRAIGHTEN_ENOMEM	1

/*
 * Straightens gray (8 bpp, no colormap).  When the image shows a page on
 * a darker background, *out is a new 8 bpp image of the page alone, flat
 * and upright, with gray's resolution, and *what says what was undone;
 * when it does not (a flatbed scan, or nothing like a page), *out is NULL
 * and *what 0, and the caller goes on with gray, untouched.  The caller
 * frees *out.  Reentrant: it keeps no state and may run on many threads.
 */
int		 straighten_page(struct Pix *gray, struct Pix **out,
		    unsigned *what);

#endif /* SOGOC_OCR_STRAIGHTEN_H */
