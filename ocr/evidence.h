/*
 * evidence.h: how far each value the page reader read is trusted
 * (ocr/evidence.c): what a column says about its cells (numbers that
 * count down the page, spellings and marks that repeat, years of birth
 * that cluster, rows written by hand), and the rules that turn a cell's
 * readings and that evidence into a confidence and a status.
 *
 * The page reader owns the readings; these calls mark them (the flags of
 * struct reading) or read them, and keep no state: calls on different
 * pages may run on many threads.  docs/ocr.md has the rules and what they
 * were measured to mean.
 */
#ifndef SOGOC_OCR_EVIDENCE_H
#define SOGOC_OCR_EVIDENCE_H

#include "field.h"
#include "hand.h"
#include "recog.h"
#include "validate.h"

struct cell;
struct page_read;
struct profile;

/* Readings of each cell: the passes of page.c's passes[]. */
#define NPASSES		3

/* One recognised cell, before confidence is assigned. */
struct reading {
	struct recog_result	 res[NPASSES];
	struct norm		 norm[NPASSES];
	int			 pick;		/* pass whose reading is used */
	int			 agree;		/* all normalised values equal */
	int			 votes;		/* passes that agree with pick */
	int			 npass;		/* passes run */
	int			 variant;	/* the page spells it otherwise too */
	int			 outlier;	/* year far from the page's */
	int			 in_seq;	/* fits the column's sequence */
	int			 off_seq;	/* contradicts a clear sequence */
	int			 broken;	/* below a break in the count,
						   off its row's place */
	int			 split;		/* its own readings write the
						   rest of the number
						   otherwise */
	struct hand_cell	 hand;		/* the ink's shape */
	float			 hscore;	/* looks handwritten, 0..1 */
};

/* Frees the readings' texts and values; rd may be zeroed. */
void		 reading_clear(struct reading *rd);

/*
 * A column of numbers that count (seq; with check_shape, serial and
 * register numbers): sets in_seq, off_seq, broken, split and may change
 * pick in col[0..nrows) (NULL for a blank cell).
 */
void		 evidence_sequence(struct reading **col, int nrows,
		    int check_shape);

/* A school or place column: sets variant where the marks vary. */
void		 evidence_spelling(struct reading **col, int nrows);

/* A date of birth column: sets outlier on years far from the page's. */
void		 evidence_year(struct reading **col, int nrows);

/*
 * Sets out->rows[k].hand for the rows written by hand, from the cells'
 * hscore: each row on its own, then again knowing a hand filled the page.
 */
void		 evidence_hands(struct page_read *out, const struct cell *cells,
		    const int *rowband, const struct reading *rds,
		    const enum field *cols, int ncols, int nrows);

/*
 * Marks in misaligned[0..nrows) the rows that the seq column shows are
 * not in their places (rowalign_seq()).  Returns 0, or -1 when memory
 * runs out.
 */
int		 evidence_seq_places(const enum field *cols, int ncols,
		    const struct cell *cells, const int *rowband,
		    struct reading *rds, int nrows, unsigned char *misaligned);

/*
 * The confidence of the reading kept for field f, 0..1; *accepted says
 * whether it is accepted, and *why (static, NULL when accepted) the
 * OCR_WHY_ reason it goes to review.
 */
float		 reading_conf(enum field f, const struct reading *rd,
		    const struct profile *prof, int *accepted,
		    const char **why);

#endif /* SOGOC_OCR_EVIDENCE_H */
