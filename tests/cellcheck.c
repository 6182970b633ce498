/*
 * cellcheck.c: the review console's cell image of a page cut from a
 * two-page spread is the cell the value came from (tests/ocr_spread.sh).
 * Asks the console's media code (staff/media.c) for the cell box of page
 * PAGE, as sogoc ocr's row gave it (image_page, region, box; the page
 * neither turned nor deskewed), and compares its middle, pixel for pixel,
 * with the grey (red channel) of the scan at region + box.
 *
 *	cellcheck IMAGE PAGE IMAGE_PAGE RX RY RW RH BX BY BW BH
 */
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "media.h"
#include "sha256.h"

int
main(int argc, char **argv)
{
	struct media_page	 p = { 0 };
	struct media		*m;
	uint8_t			 sha[32], *png;
	size_t			 len;
	char			 msg[256];
	PIX			*scan, *grey, *cell, *want, *got;
	BOX			*b;
	int			 i, box[4], px, py, same;

	if (argc != 12)
		errx(2, "usage: cellcheck IMAGE PAGE IMAGE_PAGE RX RY RW RH "
		    "BX BY BW BH");
	setMsgSeverity(L_SEVERITY_NONE);
	if (sha256_file(argv[1], sha, msg, sizeof(msg)) != 0)
		errx(2, "%s", msg);
	p.path = argv[1];
	p.sha = sha;
	p.page = atoi(argv[2]);
	p.image_page = atoi(argv[3]);
	for (i = 0; i < 4; i++) {
		p.region[i] = atoi(argv[4 + i]);
		box[i] = atoi(argv[8 + i]);
	}
	m = media_new();
	if (m == NULL)
		errx(2, "out of memory");
	if (media_cell_png(m, &p, box, &png, &len, msg, sizeof(msg)) != 0)
		errx(1, "the console cannot show the cell: %s", msg);
	media_free(m);
	cell = pixReadMem(png, len);
	free(png);
	scan = pixRead(argv[1]);
	if (cell == NULL || scan == NULL)
		errx(2, "cannot read the images");
	grey = pixGetDepth(scan) == 32 ?
	    pixGetRGBComponent(scan, COLOR_RED) : pixConvertTo8(scan, 0);
	/* The console pads the box alike on every side. */
	px = (pixGetWidth(cell) - box[2]) / 2;
	py = (pixGetHeight(cell) - box[3]) / 2;
	b = boxCreate(p.region[0] + box[0], p.region[1] + box[1], box[2],
	    box[3]);
	want = pixClipRectangle(grey, b, NULL);
	boxDestroy(&b);
	b = boxCreate(px, py, box[2], box[3]);
	got = pixClipRectangle(cell, b, NULL);
	boxDestroy(&b);
	if (want == NULL || got == NULL)
		errx(1, "the cell is not where the box says");
	same = 0;
	pixEqual(want, got, &same);
	pixDestroy(&want);
	pixDestroy(&got);
	pixDestroy(&grey);
	pixDestroy(&scan);
	pixDestroy(&cell);
	if (!same)
		errx(1, "the console's cell is not the scan at region + box");
	return 0;
}
