/*
 * infer.h: name the columns a page's header did not, from what their
 * cells hold.
 *
 * A faded, torn or stained header loses labels while the cells below
 * still read well (issue 14).  Given one reading of the first few data
 * cells of every column the header left unnamed, infer_columns() names a
 * column only when its contents say so plainly: dates, a closed list (sex,
 * ethnicity, classification), numbers that count down the page in the
 * shape of a row number, serial or entry number, names with a known
 * family name, places ending in a province, schools, notes.  The era's
 * usual order settles what contents cannot: the row number is the first
 * column, notes lie right of the name.  A column that fits nothing, or
 * two things, or a field another column already has, stays unnamed: a
 * column of marks ("Điểm TB") is never a row number.
 */
#ifndef SOGOC_OCR_INFER_H
#define SOGOC_OCR_INFER_H

#include "field.h"

/* Cells sampled per column, from the first data row down. */
#define INFER_MAXSAMPLE	12

struct infer_column {
	/* One reading of each sampled cell, top to bottom; NULL for a
	   cell without ink.  Borrowed: infer_columns() keeps none. */
	const char	*text[INFER_MAXSAMPLE];
	int		 nsample;
};

/*
 * Completes cols (ncols columns, FIELD_UNKNOWN where the header named
 * nothing, FIELD_SIGNATURE and named fields left alone) from the samples
 * in in[ncols].  Sets inferred[i] to 1 for each column named here, 0 for
 * the others.  ledger_year (0 when unknown) resolves two-digit years.
 * Returns the number of columns named, or -1 when out of memory (cols and
 * inferred are then as they were given, and all 0).  Thread-safe: no
 * state outside its arguments.
 */
int		 infer_columns(const struct infer_column *in, enum field *cols,
		    int ncols, int ledger_year, int *inferred);

/*
 * Would a field of f be accepted on its own cell's evidence, whatever
 * column it sat in?  Yes for values that only f can hold: a listed sex,
 * ethnicity or classification, a date, a name with a known family name,
 * a place ending in a known province (evidence.c's reading_conf() checks
 * each).  No for numbers that count (the count is the column's evidence,
 * and serial, entry and row numbers share shapes), schools and notes.
 */
int		 infer_own_evidence(enum field f);

#endif /* SOGOC_OCR_INFER_H */
