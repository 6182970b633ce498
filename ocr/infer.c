/*
 * infer.c: name the columns a page's header did not, from what their cells
 * hold (see infer.h).
 *
 * Each unnamed column is tried against every field no other column has:
 * the share of its inked sample cells whose reading is plainly a value of
 * that field (a listed sex, ethnicity or classification, a written date,
 * a name with a known family name, ...), and, for the numbers that count,
 * the share of neighbouring samples that are the entry after the one
 * above.  A column is named when one field fits three quarters of its
 * cells or more and clearly more than any other (a place "Hà Nam" has a
 * family name too); the row number must be the first column, where it
 * wins over an entry number, and notes must lie right of the name.  Two
 * columns that claim one field both stay unnamed: a wrong column is worse
 * than a missing one, since every value in it would be somebody's data
 * under the wrong key.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "infer.h"
#include "fold.h"
#include "serial.h"
#include "syllable.h"
#include "validate.h"

/* Share of inked samples that must fit a field. */
#define INFER_FIT	0.75

/* Share of neighbouring samples that must count, for counting fields. */
#define INFER_COUNT	0.6

/* Fewest inked samples to name a column by its values. */
#define INFER_MINCELLS	3

/* The best field's share must beat the next one's by this much. */
#define INFER_MARGIN	0.25

static int
is_counting(enum field f)
{
	return f == FIELD_SEQ || f == FIELD_SERIAL_NO ||
	    f == FIELD_REGISTER_NO;
}

/* Digits in s, and the length of its last run of digits. */
static void
digits_of(const char *s, int *ndigits, int *lastrun)
{
	int	 run = 0;

	*ndigits = 0;
	*lastrun = 0;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			(*ndigits)++;
			run++;
			*lastrun = run;
		} else
			run = 0;
	}
}

/* Does folded text start with one of the words in list? */
static int
starts_with_any(const char *fold, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strncmp(fold, list[i], strlen(list[i])) == 0)
			return 1;
	return 0;
}

/* Does folded text hold one of the words in list? */
static int
holds_any(const char *fold, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strstr(fold, list[i]) != NULL)
			return 1;
	return 0;
}

/*
 * Is value (normalised as f) plainly a value of f?  raw is the reading.
 * Shapes that tell the counting fields apart: a row number is a small
 * integer (a dot after it allowed), a serial ends in six digits or more
 * and holds no slash or hyphen, an entry number ends in five digits or
 * fewer or holds a slash.
 */
static int
plainly(enum field f, const char *raw, const struct norm *n)
{
	static const char *const schools[] = {
		"thpt", "pt", "truong", "bttt", "gdtx", "ttgdtx", "thcs"
	};
	static const char *const notes[] = {
		"caplai", "bansao", "thuhoi", "huybo", "qd", "dacap"
	};
	const char *value = n->value;
	char	*fold;
	int	 nd, last, ok = 0;

	switch (f) {
	case FIELD_SEX:
	case FIELD_ETHNICITY:
	case FIELD_CLASSIFICATION:
		/* as listed: "Khá" is near "Kháng", but is not it */
		return n->exact;
	case FIELD_DATE_OF_BIRTH:
		/* a year alone could be any number */
		return strpbrk(raw, "/-.") != NULL;
	case FIELD_FULL_NAME:
		return strchr(value, ' ') != NULL &&
		    norm_known_surname(value);
	case FIELD_PLACE_OF_BIRTH:
		return norm_known_province(value);
	case FIELD_SEQ:
		digits_of(value, &nd, &last);
		return nd == (int)strlen(value) && nd <= 5;
	case FIELD_SERIAL_NO:
		digits_of(value, &nd, &last);
		return last >= 6 && strpbrk(value, "/-") == NULL;
	case FIELD_REGISTER_NO:
		digits_of(value, &nd, &last);
		return nd > 0 && (last <= 5 || strchr(value, '/') != NULL);
	case FIELD_SCHOOL:
	case FIELD_NOTES:
		fold = norm_fold(value);
		if (fold == NULL)
			return -1;
		ok = f == FIELD_SCHOOL ?
		    starts_with_any(fold, schools,
		    sizeof(schools) / sizeof(schools[0])) :
		    holds_any(fold, notes, sizeof(notes) / sizeof(notes[0]));
		free(fold);
		return ok;
	default:
		return 0;
	}
}

/*
 * How well column c fits field f: the share of its inked samples that
 * plainly hold a value of f (counting fields: only when neighbours count
 * too), 0 when it does not fit, -1 when out of memory.  *inked is set to
 * the number of inked samples.
 */
static double
fit(const struct infer_column *c, enum field f, const struct norm_ctx *ctx,
    int *inked)
{
	struct norm	 n[INFER_MAXSAMPLE];
	int		 i, good = 0, pairs = 0, counted = 0, p, rc = 0;

	*inked = 0;
	memset(n, 0, sizeof(n));
	for (i = 0; i < c->nsample && i < INFER_MAXSAMPLE; i++) {
		if (c->text[i] == NULL)
			continue;
		(*inked)++;
		if (normalize_field(f, c->text[i], ctx, &n[i]) != NORM_OK) {
			rc = -1;
			break;
		}
		if (!n[i].valid || n[i].value[0] == '\0')
			continue;
		p = plainly(f, c->text[i], &n[i]);
		if (p < 0) {
			rc = -1;
			break;
		}
		good += p;
	}
	if (rc == 0 && is_counting(f))
		for (i = 0; i + 1 < c->nsample; i++) {
			if (n[i].value == NULL || n[i + 1].value == NULL ||
			    !n[i].valid || !n[i + 1].valid)
				continue;
			pairs++;
			counted += norm_consecutive(n[i].value,
			    n[i + 1].value);
		}
	for (i = 0; i < INFER_MAXSAMPLE; i++)
		norm_clear(&n[i]);
	if (rc != 0)
		return -1;
	if (*inked == 0)
		return 0;
	if (is_counting(f) && (pairs < 2 || counted < INFER_COUNT * pairs))
		return 0;
	return (double)good / *inked;
}

/*
 * The era's order, where contents cannot say: the row number is the
 * first column; notes lie right of the name (when the name is known).
 */
static int
order_allows(enum field f, int col, const enum field *cols, int ncols)
{
	int	 i;

	if (f == FIELD_SEQ)
		return col == 0;
	if (f == FIELD_NOTES)
		for (i = 0; i < ncols; i++)
			if (cols[i] == FIELD_FULL_NAME)
				return i < col;
	return 1;
}

/*
 * Notes are mostly blank: a column is notes when at least one cell reads
 * as a note and most are empty; three quarters of a few cells do not say
 * more than one note does.
 */
static int
notes_fit(const struct infer_column *c, double share, int inked)
{
	return share > 0 && inked * 2 <= c->nsample && inked >= 1;
}

int
infer_columns(const struct infer_column *in, enum field *cols, int ncols,
    int ledger_year, int *inferred)
{
	struct norm_ctx	 ctx;
	enum field	 pick[64], f;
	double		 best, second, s;
	int		 named[FIELD_COUNT], i, j, k, inked, n = 0;

	if (ncols > 64)
		ncols = 64;
	memset(&ctx, 0, sizeof(ctx));
	ctx.ledger_year = ledger_year;
	for (k = 0; k < FIELD_COUNT; k++)
		named[k] = 0;
	for (i = 0; i < ncols; i++) {
		inferred[i] = 0;
		if (cols[i] != FIELD_UNKNOWN)
			named[cols[i]] = 1;
	}
	for (i = 0; i < ncols; i++) {
		pick[i] = FIELD_UNKNOWN;
		if (cols[i] != FIELD_UNKNOWN)
			continue;
		best = 0;
		second = 0;
		for (k = 0; k < FIELD_SIGNATURE; k++) {
			f = (enum field)k;
			if (named[f] || !order_allows(f, i, cols, ncols))
				continue;
			s = fit(&in[i], f, &ctx, &inked);
			if (s < 0) {
				for (j = 0; j < ncols; j++)
					inferred[j] = 0;
				return -1;
			}
			if (f == FIELD_NOTES ? !notes_fit(&in[i], s, inked) :
			    inked < INFER_MINCELLS || s < INFER_FIT) {
				second = s > second ? s : second;
				continue;
			}
			/* the first column counting is the row number */
			if (f == FIELD_SEQ) {
				pick[i] = f;
				break;
			}
			if (s > best) {
				second = best;
				best = s;
				pick[i] = f;
			} else if (s > second)
				second = s;
		}
		/* contents that fit two fields say neither */
		if (pick[i] != FIELD_SEQ && best - second < INFER_MARGIN)
			pick[i] = FIELD_UNKNOWN;
	}
	/* A field claimed by two columns goes to neither. */
	for (i = 0; i < ncols; i++) {
		if (pick[i] == FIELD_UNKNOWN)
			continue;
		for (j = 0; j < ncols; j++)
			if (j != i && pick[j] == pick[i])
				break;
		if (j < ncols)
			continue;
		cols[i] = pick[i];
		inferred[i] = 1;
		n++;
	}
	return n;
}

int
infer_own_evidence(enum field f)
{
	return f == FIELD_SEX || f == FIELD_ETHNICITY ||
	    f == FIELD_CLASSIFICATION || f == FIELD_DATE_OF_BIRTH ||
	    f == FIELD_FULL_NAME || f == FIELD_PLACE_OF_BIRTH;
}
