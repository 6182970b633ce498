/*
 * output.h: write what the page reader found, in the forms of SPEC
 * section 3: JSON Lines rows, and cell images for the review console.
 */
#ifndef SOGOC_OCR_OUTPUT_H
#define SOGOC_OCR_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "field.h"

struct keypage;
struct page_read;

/*
 * Writes one JSON object per row of pr to fp, one per line, and flushes.
 * Returns 0, or -1 when the output could not be written.
 */
int		 output_jsonl(FILE *fp, const char *source, int page,
		    const struct page_read *pr);

/*
 * Writes the line of a page to key by hand (keypage.h), SPEC section 3
 * extended: source, page, "status":"key", why, error, rows (the estimate,
 * 0: no idea), rows_read when some were, rotation and skew; no "row" and
 * no "fields", so a reader of rows passes it by.  Flushes.  Returns 0, or
 * -1 when the output could not be written.
 */
int		 output_key_jsonl(FILE *fp, const char *source, int page,
		    const struct keypage *k);

/*
 * Writes the straightened image of a page to key (k->image) as PNG under
 * dir, named by output_page_name().  Returns 0, or -1 with why in err.
 */
int		 output_key_image(const char *dir, const char *source,
		    int page, const struct keypage *k, char *err,
		    size_t errsz);

/*
 * Formats the file name of a whole page's image, as output_crop_name()
 * but "<source, percent-encoded>#p<page>.png".  0, or -1 when buf is too
 * small.
 */
int		 output_page_name(char *buf, size_t bufsz, const char *source,
		    int page);

/*
 * Writes the kept cell image of every review field of pr as PNG under dir,
 * named by output_crop_name().  Returns the number of images that could not
 * be written (0 on success) with the last problem in err.
 */
int		 output_crops(const char *dir, const char *source, int page,
		    const struct page_read *pr, char *err, size_t errsz);

/*
 * Formats the file name of a review crop:
 *	<source, percent-encoded>#p<page>-r<row>-<field>.png
 * where every byte of source outside [A-Za-z0-9._-], and a leading '.',
 * becomes %XX, so the name is unique, reversible, a single path component
 * and never a hidden file.  Returns 0, or
 * -1 when buf is too small.
 */
int		 output_crop_name(char *buf, size_t bufsz, const char *source,
		    int page, int row, enum field f);

/*
 * Writes the evidence behind each field's confidence as tab-separated
 * lines (source, page, row, key, then the features), for calibration.
 * Carries no field values.  Returns 0 or -1 on a write error.
 */
int		 output_features(FILE *fp, const char *source, int page,
		    const struct page_read *pr);

#endif /* SOGOC_OCR_OUTPUT_H */
