/*
 * recog.h: recognise the text of one cleaned ledger cell with Tesseract.
 *
 * A struct recog holds one Tesseract instance per model and belongs to one
 * thread.  Two models that Debian ships are used: "vie" (small and fast)
 * and "Vietnamese" from tesseract-ocr-script-viet (larger network); where
 * they agree on a cell the reading is far more likely to be right than
 * either alone, which is the main evidence behind an "accepted" status.
 */
#ifndef SOGOC_OCR_RECOG_H
#define SOGOC_OCR_RECOG_H

#include <stddef.h>

struct Pix;
struct recog;

enum recog_model {
	RECOG_FAST = 0,		/* vie */
	RECOG_BEST,		/* Vietnamese (script) */
	RECOG_NMODELS
};

struct recog_result {
	char	*text;		/* UTF-8, lines joined by one space, trimmed */
	float	 min_conf;	/* lowest symbol confidence, 0..100 */
	float	 mean_conf;	/* mean word confidence, 0..100 */
	int	 nsym;		/* number of symbols read */
};

#define RECOG_OK	0
#define RECOG_EINIT	1	/* a model would not load */
#define RECOG_ENOMEM	2
#define RECOG_EFAIL	3	/* Tesseract failed on the image */

/*
 * Loads both models from datapath (NULL: Tesseract's default).  The caller
 * must have set OMP_THREAD_LIMIT=1 before the first call: one instance per
 * thread is far faster than OpenMP inside Tesseract.  Free with
 * recog_free().  On failure writes a description to err.
 */
int		 recog_new(const char *datapath, struct recog **out, char *err,
		    size_t errsz);

/* Releases r and its Tesseract instances; accepts NULL. */
void		 recog_free(struct recog *r);

/*
 * Reads cell (8 bpp, white background, padded) with model m.  multiline
 * selects block segmentation instead of a single text line.  whitelist,
 * when not NULL, restricts the characters; an empty reading under a
 * whitelist is retried without it.  dpi is the scan resolution.  On success
 * *out holds the reading, freed with recog_result_clear().
 */
int		 recog_cell(struct recog *r, enum recog_model m,
		    struct Pix *cell, int dpi, int multiline,
		    const char *whitelist, struct recog_result *out);

/* Frees the text of res and zeroes it; accepts a zeroed result. */
void		 recog_result_clear(struct recog_result *res);

#endif /* SOGOC_OCR_RECOG_H */
