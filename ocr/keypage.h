/*
 * keypage.h: pages for staff to key by hand (SPEC section 3, issue 14).
 *
 * A page the reader cannot read as a ledger table (no ruled table, no
 * readable header, a profile that does not fit, or far fewer rows than
 * the page holds) is still a page of the volume: it goes to staff as a
 * page to key, with its reason and an estimate of how many entries it
 * holds, so that the form they key into starts with that many rows.
 * This file owns that estimate and the reason codes; it never reads a
 * field's text and so carries no personal data.
 */
#ifndef SOGOC_OCR_KEYPAGE_H
#define SOGOC_OCR_KEYPAGE_H

struct Pix;

/*
 * Why a page is to be keyed (the JSONL "why" of a "status":"key" line;
 * part of the output contract, docs/ocr.md).
 */
#define KEY_WHY_NO_TABLE	"no-table"	/* no ruled table found */
#define KEY_WHY_NO_HEADER	"no-header"	/* header not read */
#define KEY_WHY_PROFILE		"profile-mismatch"
#define KEY_WHY_TOO_FEW		"too-few-rows"	/* far fewer rows read
						   than the page holds */

/* What the pipeline can say of a page it could not read. */
struct keypage {
	const char	*why;		/* a KEY_WHY_ code (static) */
	char		 error[256];	/* the reader's message, no values */
	int		 rows;		/* entries the page seems to hold,
					   0: no idea */
	int		 rows_read;	/* rows the reader did find */
	int		 pages;		/* pages in the file */
	int		 rotation;	/* how the page was straightened: */
	float		 skew;		/* as page_straighten() takes them */
	int		 image_page;	/* a half of a spread (page.h): the */
	int		 half;		/* image's page, 1 left, 2 right (0 */
	int		 region[4];	/* the whole image), the half's box */
	struct Pix	*image;		/* the straightened page when crops
					   are kept, else NULL; owned */
};

/*
 * Estimates the entries on pix (any depth): the ruled bands that hold
 * ink, less the header, when a ruled table can be found; else the lines
 * of text a horizontal projection counts, less the title and header; 0
 * when neither says anything.  known: k->rotation and k->skew are how the
 * reader straightened the page, and the estimate is made so; else the
 * page's skew is measured into k->skew (rotation 0: the reader's turn is
 * unknown).  Fills k->rows.  Returns 0, or -1 when out of memory (k->rows
 * is then 0).  Thread-safe.
 */
int		 keypage_estimate(struct Pix *pix, struct keypage *k,
		    int known);

/*
 * Whether a page from which the reader got nread rows holds far more
 * entries than that by the estimate (est): too few to trust the reading
 * of the table, so the page is better keyed whole.  Conservative: a
 * page the estimate overcounts by a few (a two-level header, a title
 * row) is never taken.
 */
int		 keypage_too_few(int nread, int est);

/* Frees k's image; k stays usable. */
void		 keypage_clear(struct keypage *k);

#endif /* SOGOC_OCR_KEYPAGE_H */
