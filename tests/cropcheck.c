/*
 * cropcheck.c: does a field's box, cut from the page that page_straighten()
 * gives (what the staff console shows a reviewer), show the cell that
 * `sogoc ocr --crops` cut while reading it?  For a photographed or curled
 * page both must come from the same straightened page, or the reviewer
 * looks at another cell than the value came from.
 *
 *	cropcheck IMAGE ROTATION SKEW X Y W H CROP.png
 *
 * Prints the share of the crop's ink that is dark at the same place of the
 * box cut from page_straighten()'s page, and exits 0 when it is at least
 * nine tenths, 1 when not, 2 on bad arguments or files.
 */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "page.h"

/* The grey that a tenth of pix is lighter than: the paper. */
static int
paper(PIX *pix)
{
	long	 hist[256] = { 0 }, n = 0, k;
	int	 x, y, v;

	for (y = 0; y < pixGetHeight(pix); y++)
		for (x = 0; x < pixGetWidth(pix); x++) {
			l_uint32 u;

			pixGetPixel(pix, x, y, &u);
			hist[u & 0xff]++;
			n++;
		}
	for (v = 255, k = 0; v > 0 && k * 10 < n; v--)
		k += hist[v];
	return v + 1;
}

int
main(int argc, char **argv)
{
	PIX	*pix, *page, *cut, *crop;
	BOX	*box;
	long	 ink = 0, hit = 0;
	int	 x, y, light;
	double	 share;

	if (argc != 9)
		errx(2, "usage: cropcheck IMAGE ROTATION SKEW X Y W H "
		    "CROP.png");
	pix = pixRead(argv[1]);
	crop = pixRead(argv[8]);
	if (pix == NULL || crop == NULL)
		errx(2, "cannot read %s or %s", argv[1], argv[8]);
	page = page_straighten(pix, atoi(argv[2]), (float)atof(argv[3]));
	if (page == NULL)
		errx(2, "out of memory");
	box = boxCreate(atoi(argv[4]), atoi(argv[5]), atoi(argv[6]),
	    atoi(argv[7]));
	cut = box != NULL ? pixClipRectangle(page, box, NULL) : NULL;
	if (cut == NULL)
		errx(2, "the box is outside the straightened page");
	if (pixGetWidth(cut) != pixGetWidth(crop) ||
	    pixGetHeight(cut) != pixGetHeight(crop) || pixGetDepth(crop) != 8)
		errx(1, "the crop is %dx%d, the box %dx%d",
		    pixGetWidth(crop), pixGetHeight(crop), pixGetWidth(cut),
		    pixGetHeight(cut));
	light = paper(cut);
	for (y = 0; y < pixGetHeight(crop); y++)
		for (x = 0; x < pixGetWidth(crop); x++) {
			l_uint32 a, b;

			pixGetPixel(crop, x, y, &a);
			if (a >= 128)
				continue;
			ink++;
			pixGetPixel(cut, x, y, &b);
			if ((int)b * 10 < light * 7)
				hit++;
		}
	if (ink == 0)
		errx(2, "the crop has no ink");
	share = (double)hit / ink;
	printf("%.3f of %ld ink pixels\n", share, ink);
	pixDestroy(&pix);
	pixDestroy(&page);
	pixDestroy(&cut);
	pixDestroy(&crop);
	boxDestroy(&box);
	return share >= 0.9 ? 0 : 1;
}
