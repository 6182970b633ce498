/*
 * page.h: read every data row of one ledger page.
 *
 * The page reader turns a scanned page into rows of fields: it finds the
 * page's orientation and skew, binarises it, finds the ruled grid, maps
 * columns to fields by reading the header (or from a profile), recognises
 * each cell, normalises and validates each value, uses what the page says
 * about itself (consecutive numbers down a column) as evidence, and gives
 * each field a confidence and a status.
 */
#ifndef SOGOC_OCR_PAGE_H
#define SOGOC_OCR_PAGE_H

#include <stddef.h>

#include "field.h"

struct Pix;
struct recog;
struct profile;

struct field_read {
	enum field	 field;
	char		*value;		/* normalised value; "" when empty */
	char		*text;		/* raw OCR text, NULL when it equals
					   value */
	float		 conf;		/* 0..1 */
	int		 accepted;	/* status "accepted", else "review" */
	const char	*why;		/* a review's reason, one of the
					   OCR_WHY_ codes (static); NULL
					   when accepted */
	int		 box[4];	/* cell x, y, w, h on the straightened
					   page */
	struct Pix	*crop;		/* cell image, kept for review fields
					   when asked for */
	/* The evidence behind conf, for calibration (docs/ocr.md). */
	struct {
		unsigned char	 inked, agree, valid[2], exact, in_seq,
				 off_seq, pick, votes;
		float		 min_conf[2], mean_conf[2];
	}		 ev;
};

/*
 * Why a field is "review" (SPEC section 3's "why", docs/ocr.md).  Each is
 * one rule of reading_conf() in evidence.c; the strings are part of the
 * output contract.
 */
#define OCR_WHY_EMPTY		"empty"		/* no ink in the cell */
#define OCR_WHY_UNREADABLE	"unreadable"	/* ink reads as nothing */
#define OCR_WHY_INVALID		"fails-validator"
#define OCR_WHY_DISAGREE	"models-disagree"
#define OCR_WHY_SEQ_BROKEN	"sequence-broken"
#define OCR_WHY_COLUMN_ONLY	"column-only"	/* only the column vouches */
#define OCR_WHY_UNCOUNTED	"not-in-sequence"
#define OCR_WHY_SPELLING	"spelling-varies"
#define OCR_WHY_YEAR		"year-outlier"
#define OCR_WHY_UNLISTED	"not-listed"
#define OCR_WHY_UNKNOWN		"unknown-name"	/* family name, province */
#define OCR_WHY_LOW_CONF	"low-confidence"
#define OCR_WHY_ROW_MISALIGNED	"row-misaligned"	/* not one band of one
							   page (rowalign.h) */
#define OCR_WHY_HANDWRITING	"handwriting"	/* the row is written by
						   hand: staff key it */
#define OCR_WHY_INFERRED	"column-inferred"	/* the header did not
						   name the column, its
						   cells did (infer.h) */
#define OCR_WHY_LETTER_DIGIT	"letter-or-digit"	/* a serial's last
						   letter may be its first
						   digit (G 6, B 8, ...) */

struct row_read {
	int			 row;		/* 1-based, header excluded */
	int			 hand;		/* written by hand (hand.h):
						   no field accepted */
	int			 nfields;
	struct field_read	*fields;	/* in column order */
};

struct page_read {
	int		 rotation;	/* degrees the page was turned */
	float		 skew;		/* degrees of skew corrected */
	int		 nrows;
	struct row_read	*rows;
	int		 nflagged;	/* fields with status review */
	/*
	 * Where the page lies in its input, set by the caller of page_read()
	 * (batch.c) and zero from page_read() itself: the 1-based page of
	 * the file it was cut from, and when that image held two facing
	 * pages (ocr/spread.h), which half (1 left, 2 right, 0 the whole
	 * image) and the half's box x, y, w, h in that image.  Boxes of
	 * fields refer to the half, straightened.
	 */
	int		 image_page;
	int		 half;
	int		 region[4];
	int		 columns_inferred;	/* some column was named
						   from its cells, not its
						   label (infer.h) */
};

#define PAGE_OK		0
#define PAGE_ENOTABLE	1	/* no ruled table on the page */
#define PAGE_ENOHEADER	2	/* header not recognised, no profile */
#define PAGE_EPROFILE	3	/* profile's columns do not fit the page */
#define PAGE_ENOMEM	4
#define PAGE_EOCR	5	/* Tesseract failed */

/*
 * Reads pix (any depth) with the recognisers in r.  prof may be NULL.  When
 * keep_crops is set, the cell image of every review field is kept in its
 * field_read.  On success *out is filled and must be released with
 * page_read_clear(); on failure a description is written to err.
 */
int		 page_read(struct recog *r, struct Pix *pix,
		    const struct profile *prof, int keep_crops,
		    struct page_read *out, char *err, size_t errsz);

/*
 * The page pix in grey, straightened as page_read() did (its rotation and
 * skew): the image the boxes of its fields refer to.  NULL when out of
 * memory.
 */
struct Pix	*page_straighten(struct Pix *pix, int rotation, float skew);

/* Frees everything in pr and zeroes it; accepts a zeroed page_read. */
void		 page_read_clear(struct page_read *pr);

#endif /* SOGOC_OCR_PAGE_H */
