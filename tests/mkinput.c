/*
 * mkinput.c: writes inputs that the end-to-end tests feed to `sogoc ocr`
 * and that are not worth committing: a PNG whose header declares 50,000 x
 * 50,000 pixels (with valid CRCs, so only the size is wrong), a white page
 * with no table, a PDF made from a scanned page, and photographs of what
 * is not a ledger: a letter (lines of words, no ruling, light falling off
 * to the corners, noise), a blank sheet, a sheet of text without rules,
 * and a round plate, each on a dark desk; and a page scaled (a 50-Mpx
 * photo).
 *
 *	mkinput huge OUT.png
 *	mkinput blank OUT.png
 *	mkinput letter OUT.jpg
 *	mkinput blanks OUT.tif		(two blank pages in one TIFF)
 *	mkinput pdf IN.png OUT.pdf
 *	mkinput sheet|text|plate OUT.jpg
 *	mkinput scale IN OUT.jpg FACTOR
 *	mkinput blankhalf IN.png OUT.png
 *	mkinput turnhalf IN.png OUT.png
 *	mkinput tiff2 FIRST.png SECOND.png OUT.tif
 *
 * blankhalf and turnhalf take a two-page spread (sogoc-gen --capture
 * spread-flat, its gutter in the middle): blankhalf paints the right page white from
 * just right of the gutter's shadow, a spread whose right page is
 * missing; turnhalf turns the right half of the image half round, a
 * page upside down in a spread.  tiff2 writes a two-page TIFF of two
 * images (grey, LZW), say a spread and then a single page.
 */
#include <err.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

static uint32_t
crc32(const unsigned char *p, size_t n)
{
	uint32_t	 c = 0xffffffffu;
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void
huge(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	unsigned char	 ihdr[4 + 4 + 13 + 4], iend[12];
	FILE		*fp;

	put32(ihdr, 13);
	memcpy(ihdr + 4, "IHDR", 4);
	put32(ihdr + 8, 50000);
	put32(ihdr + 12, 50000);
	ihdr[16] = 8;		/* bit depth */
	ihdr[17] = 0;		/* grey */
	ihdr[18] = ihdr[19] = ihdr[20] = 0;
	put32(ihdr + 21, crc32(ihdr + 4, 17));
	put32(iend, 0);
	memcpy(iend + 4, "IEND", 4);
	put32(iend + 8, crc32(iend + 4, 4));
	fp = fopen(path, "wb");
	if (fp == NULL)
		err(1, "%s", path);
	if (fwrite(sig, 1, sizeof(sig), fp) != sizeof(sig) ||
	    fwrite(ihdr, 1, sizeof(ihdr), fp) != sizeof(ihdr) ||
	    fwrite(iend, 1, sizeof(iend), fp) != sizeof(iend) ||
	    fclose(fp) != 0)
		err(1, "%s", path);
}

/* A new w x h image of depth bits a pixel, at ppi pixels an inch. */
static PIX *
new_pix(int w, int h, int depth, int ppi)
{
	PIX	*pix;

	pix = pixCreate(w, h, depth);
	if (pix == NULL)
		errx(1, "out of memory");
	pixSetResolution(pix, ppi, ppi);
	return pix;
}

/* Writes *pix to path in format (IFF_PNG, IFF_JFIF_JPEG), then frees it. */
static void
write_pix(PIX **pix, const char *path, int format)
{
	if (pixWrite(path, *pix, format) != 0)
		errx(1, "%s: cannot write", path);
	pixDestroy(pix);
}

static void
blank(const char *path)
{
	PIX	*pix;

	pix = new_pix(2339, 1654, 8, 200);
	pixSetAllArbitrary(pix, 255);
	write_pix(&pix, path, IFF_PNG);
}

/*
 * A photographed letter: LETTER_LINES lines of words (dark blocks of a
 * letter's size, in words; no ruling, no table) on a sheet that does not fill the
 * frame, light falling off towards the corners, noise, JPEG.  The same
 * image every time (a fixed generator).
 */
#define LETTER_LINES	20

static void
letter(const char *path)
{
	PIX		*pix;
	uint32_t	 r = 12345;
	int		 w = 3000, h = 2250, x, y, line, word, ww, v;
	double		 dx, dy, fall;

	pix = new_pix(w, h, 8, 72);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			/* The desk, then the sheet, lit from the middle. */
			v = x > 450 && x < 2550 && y > 120 && y < 2130 ? 235 :
			    70;
			dx = (x - w / 2.0) / w;
			dy = (y - h / 2.0) / h;
			fall = 1.0 - 0.9 * (dx * dx + dy * dy);
			r = r * 1103515245u + 12345u;
			v = (int)(v * fall) + (int)((r >> 16) % 17) - 8;
			pixSetPixel(pix, x, y, v < 0 ? 0 : v > 255 ? 255 : v);
		}
	for (line = 0; line < LETTER_LINES; line++) {
		y = 300 + line * 88;
		for (x = 560, word = 0; x < 2350; word++) {
			r = r * 1103515245u + 12345u;
			ww = 60 + (int)((r >> 16) % 180);
			if (x + ww > 2440)
				break;
			/* Letters, apart, as print is: not one long run. */
			for (v = 0; v + 14 <= ww; v += 22)
				pixRasterop(pix, x + v, y + (v % 3) * 2, 16,
				    30 - (v % 3) * 2, PIX_CLR, NULL, 0, 0);
			x += ww + 28;
		}
	}
	if (pixWriteJpeg(path, pix, 85, 0) != 0)
		errx(1, "%s: cannot write", path);
	pixDestroy(&pix);
}

/* Two blank pages in one multi-page TIFF, as a scanner of a volume
 * writes the empty leaves at its end. */
static void
blanks(const char *path)
{
	PIX	*pix;

	pix = new_pix(1654, 2339, 1, 200);
	if (pixWriteTiff(path, pix, IFF_TIFF_G4, "w") != 0 ||
	    pixWriteTiff(path, pix, IFF_TIFF_G4, "a") != 0)
		errx(1, "%s: cannot write", path);
	pixDestroy(&pix);
}

/* The right half of a spread, blanked or turned half round. */
static void
half(const char *in, const char *out, int turn)
{
	PIX	*pix, *right, *rot;
	BOX	*box;
	int	 w, h, x;

	pix = pixRead(in);
	if (pix == NULL)
		errx(1, "%s: cannot read", in);
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	if (turn) {
		x = w / 2;
		box = boxCreate(x, 0, w - x, h);
		right = box != NULL ? pixClipRectangle(pix, box, NULL) : NULL;
		boxDestroy(&box);
		rot = right != NULL ? pixRotate180(NULL, right) : NULL;
		if (rot == NULL)
			errx(1, "out of memory");
		pixRasterop(pix, x, 0, w - x, h, PIX_SRC, rot, 0, 0);
		pixDestroy(&right);
		pixDestroy(&rot);
	} else {
		/* the gutter and its shadow: under 3% of the width */
		x = w / 2 + w / 33;
		pixRasterop(pix, x, 0, w - x, h, PIX_SET, NULL, 0, 0);
	}
	write_pix(&pix, out, IFF_PNG);
}

/* A two-page grey TIFF of two images. */
static void
tiff2(const char *a, const char *b, const char *out)
{
	const char	*in[2] = { a, b };
	PIX		*pix, *grey;
	int		 i;

	for (i = 0; i < 2; i++) {
		pix = pixRead(in[i]);
		if (pix == NULL)
			errx(1, "%s: cannot read", in[i]);
		grey = pixConvertTo8(pix, 0);
		if (grey == NULL)
			errx(1, "out of memory");
		pixCopyResolution(grey, pix);
		if (pixWriteTiff(out, grey, IFF_TIFF_LZW, i == 0 ? "w" : "a")
		    != 0)
			errx(1, "%s: cannot write", out);
		pixDestroy(&grey);
		pixDestroy(&pix);
	}
}

/* A one-page PDF holding the page image, as a scanner would write it. */
static void
pdf(const char *in, const char *out)
{
	PIX	*pix;
	int	 res;

	pix = pixRead(in);
	if (pix == NULL)
		errx(1, "%s: cannot read", in);
	res = pixGetXRes(pix) > 0 ? pixGetXRes(pix) : 300;
	if (pixConvertToPdf(pix, L_FLATE_ENCODE, 0, out, 0, 0, res, "ledger",
	    NULL, 0) != 0)
		errx(1, "%s: cannot write", out);
	pixDestroy(&pix);
}

/*
 * A 4000 x 3000 photograph of a dark desk with, on it, a light sheet a
 * little turned and in perspective: blank ("sheet"), or with lines of
 * text-like blocks and no rules ("text"); or a light round plate with
 * dark rings ("plate").
 */
static void
photo(const char *kind, const char *path)
{
	static const double	 q[4][2] = {
		{ 520, 430 }, { 3480, 330 }, { 3560, 2640 }, { 430, 2560 }
	};
	PIX		*pix;
	l_uint32	*line;
	double		 c, r;
	int		 x, y, k, in, v, wpl;

	pix = new_pix(4000, 3000, 8, 72);
	line = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < 3000; y++, line += wpl)
		for (x = 0; x < 4000; x++) {
			v = 60 + (x * 7 + y * 3) % 11;
			if (strcmp(kind, "plate") == 0) {
				r = hypot(x - 2000, y - 1500);
				if (r < 1300)
					v = fmod(r, 200) < 12 ? 40 : 225;
				SET_DATA_BYTE(line, x, v);
				continue;
			}
			for (k = 0, in = 1; k < 4; k++) {
				c = (q[(k + 1) % 4][0] - q[k][0]) *
				    (y - q[k][1]) - (q[(k + 1) % 4][1] -
				    q[k][1]) * (x - q[k][0]);
				if (c < 0)
					in = 0;
			}
			if (in) {
				v = 230 - (x + y) / 400;
				/* words: blocks 30 px high, gaps between */
				if (strcmp(kind, "text") == 0 &&
				    x > 800 && x < 3200 && y > 700 &&
				    y < 2300 && (y / 30) % 3 == 0 &&
				    (x / 70) % 5 != 4 && (x * 13 + y) % 7 < 4)
					v = 30;
			}
			SET_DATA_BYTE(line, x, v);
		}
	write_pix(&pix, path, IFF_JFIF_JPEG);
}

/*
 * in scaled by factor, as a camera of more megapixels would see it; prints
 * the new width and height.
 */
static void
scale(const char *in, const char *out, const char *factor)
{
	PIX	*pix, *big;
	double	 f = atof(factor);

	pix = pixRead(in);
	if (pix == NULL)
		errx(1, "%s: cannot read", in);
	if (f <= 0 || f > 8)
		errx(2, "bad factor %s", factor);
	big = pixScale(pix, (float)f, (float)f);
	if (big == NULL)
		errx(1, "out of memory");
	pixSetResolution(big, 72, 72);
	if (pixWrite(out, big, IFF_JFIF_JPEG) != 0)
		errx(1, "%s: cannot write", out);
	printf("%d %d\n", pixGetWidth(big), pixGetHeight(big));
	pixDestroy(&pix);
	pixDestroy(&big);
}

int
main(int argc, char **argv)
{
	if (argc == 4 && (strcmp(argv[1], "blankhalf") == 0 ||
	    strcmp(argv[1], "turnhalf") == 0)) {
		half(argv[2], argv[3], argv[1][0] == 't');
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "tiff2") == 0) {
		tiff2(argv[2], argv[3], argv[4]);
		return 0;
	}
	if (argc == 5 && strcmp(argv[1], "scale") == 0) {
		scale(argv[2], argv[3], argv[4]);
		return 0;
	}
	if (argc == 3 && (strcmp(argv[1], "sheet") == 0 ||
	    strcmp(argv[1], "text") == 0 || strcmp(argv[1], "plate") == 0)) {
		photo(argv[1], argv[2]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "pdf") == 0) {
		pdf(argv[2], argv[3]);
		return 0;
	}
	if (argc != 3)
		errx(2, "usage: mkinput huge|blank OUT.png | letter OUT.jpg | "
		    "blanks OUT.tif | pdf|blankhalf|turnhalf IN.png OUT | "
		    "tiff2 A B OUT.tif | sheet|text|plate OUT.jpg | "
		    "scale IN OUT.jpg FACTOR");
	if (strcmp(argv[1], "huge") == 0)
		huge(argv[2]);
	else if (strcmp(argv[1], "blank") == 0)
		blank(argv[2]);
	else if (strcmp(argv[1], "letter") == 0)
		letter(argv[2]);
	else if (strcmp(argv[1], "blanks") == 0)
		blanks(argv[2]);
	else
		errx(2, "unknown kind \"%s\"", argv[1]);
	return 0;
}
