/*
 * media.h: the images reviewers look at, cut from the scans themselves.
 *
 * A staged row keeps its source file's path and SHA-256, and how OCR
 * straightened the page (rotation, skew); its fields keep their cell's box
 * on the straightened page.  The page is read again, straightened the same
 * way, and kept in a small cache, so a cell crop or the page costs a cut
 * and an encoding.  A file that changed since it was read (another
 * SHA-256) is refused rather than shown with the wrong boxes.
 */
#ifndef SOGOC_STAFF_MEDIA_H
#define SOGOC_STAFF_MEDIA_H

#include <stddef.h>
#include <stdint.h>

struct media;

struct media	*media_new(void);
void		 media_free(struct media *m);

/* What identifies one page's image. */
struct media_page {
	const char	*path;		/* the source file */
	const uint8_t	*sha;		/* its SHA-256 when it was read */
	int		 page;		/* 1-based, as OCR numbered it */
	int		 rotation;
	double		 skew;
	/*
	 * A page cut from a two-page spread: the file's page (1-based)
	 * that holds it and its box x, y, w, h there; image_page 0 when
	 * the page is a whole image, page of the file.
	 */
	int		 image_page;
	int		 region[4];
};

/*
 * The straightened page scaled to width pixels wide as a JPEG (*out
 * malloc'd, *len bytes); its full size into *w, *h (may be NULL).  0, or
 * -1 with why in err.
 */
int		 media_page_jpeg(struct media *m, const struct media_page *p,
		    int width, uint8_t **out, size_t *len, int *w, int *h,
		    char *err, size_t errsz);

/* The straightened page's size, reading it into the cache if need be. */
int		 media_page_size(struct media *m, const struct media_page *p,
		    int *w, int *h, char *err, size_t errsz);

/* The cell box[4] (x, y, w, h) of the page, padded, as a PNG. */
int		 media_cell_png(struct media *m, const struct media_page *p,
		    const int *box, uint8_t **out, size_t *len, char *err,
		    size_t errsz);

#endif /* SOGOC_STAFF_MEDIA_H */
