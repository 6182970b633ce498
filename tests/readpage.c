/*
 * readpage.c: reads one image with page_read() alone, as `sogoc ocr`
 * would if it did not split two-page spreads, and writes its rows as
 * JSON Lines: the test of tests/ocr_spread.sh that a spread read as one
 * page still makes no accepted field from a row that joins two people.
 *
 *	readpage IMAGE SOURCE-NAME
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include <leptonica/allheaders.h>

#include "image.h"
#include "output.h"
#include "page.h"
#include "recog.h"

int
main(int argc, char **argv)
{
	struct page_read	 pr;
	struct image		*img;
	struct recog		*r;
	char			 msg[256];
	PIX			*pix;
	int			 rc;

	if (argc != 3)
		errx(2, "usage: readpage IMAGE SOURCE-NAME");
	setMsgSeverity(L_SEVERITY_NONE);
	if (image_open(argv[1], &img, msg, sizeof(msg)) != IMAGE_OK ||
	    image_read_page(img, 0, &pix, msg, sizeof(msg)) != IMAGE_OK)
		errx(1, "%s: %s", argv[1], msg);
	image_close(img);
	if (recog_new(NULL, &r, msg, sizeof(msg)) != RECOG_OK)
		errx(1, "%s", msg);
	rc = page_read(r, pix, NULL, 0, &pr, msg, sizeof(msg));
	pixDestroy(&pix);
	recog_free(r);
	if (rc != PAGE_OK)
		errx(1, "%s: %s", argv[1], msg);
	rc = output_jsonl(stdout, argv[2], 1, &pr);
	page_read_clear(&pr);
	return rc == 0 ? 0 : 1;
}
