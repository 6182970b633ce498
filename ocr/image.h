/*
 * image.h: open one scanned input (PNG, JPEG, TIFF including multi-page
 * TIFF, BMP, PNM, or PDF) and hand out its pages as Leptonica images.
 *
 * Inputs come from staff folders and may be anything: an empty file, a
 * truncated PNG, a text file with an image name, a header that declares a
 * gigapixel image.  Every such case is refused here with a message that says
 * what is wrong, before any large allocation is made.
 */
#ifndef SOGOC_OCR_IMAGE_H
#define SOGOC_OCR_IMAGE_H

#include <stddef.h>

struct Pix;
struct image;

/* Largest accepted page: 30000 pixels a side and 200 megapixels. */
#define IMAGE_MAX_SIDE		30000
#define IMAGE_MAX_PIXELS	(200L * 1000 * 1000)
/* Resolution at which PDF pages are rendered. */
#define IMAGE_PDF_DPI		300

#define IMAGE_OK	0
#define IMAGE_EIO	1	/* cannot open or read the file */
#define IMAGE_EEMPTY	2	/* zero-byte file */
#define IMAGE_EFORMAT	3	/* not an image format we read */
#define IMAGE_ETOOBIG	4	/* declared size beyond the limits */
#define IMAGE_ECORRUPT	5	/* recognised format, data would not decode */
#define IMAGE_ENOMEM	6
#define IMAGE_ERANGE	7	/* page index out of range */

/*
 * Opens path and counts its pages.  On success *out must be released with
 * image_close().  On failure returns an IMAGE_E* code and writes a short
 * description of the problem (without the file name) to err.
 */
int		 image_open(const char *path, struct image **out, char *err,
		    size_t errsz);

/* Number of pages; at least 1 for an opened image. */
int		 image_page_count(const struct image *img);

/* Short name of the container format: "png", "jpeg", "tiff", "pdf", ... */
const char	*image_format_name(const struct image *img);

/*
 * Decodes page idx (0-based) into a new 8 or 32 bpp Pix (1 bpp pages are
 * converted to 8 bpp) with its resolution set (0 when the file gives none).
 * The caller owns *out and frees it with pixDestroy().  Returns IMAGE_OK or
 * an IMAGE_E* code with a description in err.
 */
int		 image_read_page(struct image *img, int idx, struct Pix **out,
		    char *err, size_t errsz);

/* Releases img; accepts NULL. */
void		 image_close(struct image *img);

/* Returns a static description of an IMAGE_E* code. */
const char	*image_strerror(int code);

#endif /* SOGOC_OCR_IMAGE_H */
