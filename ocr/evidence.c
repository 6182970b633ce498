/*
 * evidence.c: what a page says about itself, and how far each value is
 * trusted.  Numbers that count down a column vouch for each other (and a
 * break in the count says where rows were lost); a school or place that
 * repeats with other marks says its marks were hard to read; years of
 * birth cluster; rows whose ink looks handwritten go to people.
 * reading_conf() turns a cell's readings and that evidence into a
 * confidence and a status.  The constants are calibrated on generated
 * ledgers (docs/ocr.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "fold.h"
#include "grid.h"
#include "page.h"
#include "profile.h"
#include "rowalign.h"
#include "serial.h"
#include "sheet.h"
#include "syllable.h"

void
reading_clear(struct reading *rd)
{
	int	 m;

	for (m = 0; m < NPASSES; m++) {
		recog_result_clear(&rd->res[m]);
		norm_clear(&rd->norm[m]);
	}
}

/* Whether the inked field cells of a row look handwritten (hand_row). */
static int
row_hand(const struct cell *cells, const struct reading *rds,
    const enum field *cols, int ncols, int writer)
{
	float	 sc[PROFILE_MAX_COLUMNS];
	int	 i, n = 0;

	for (i = 0; i < ncols; i++)
		if (cols[i] != FIELD_UNKNOWN && cols[i] != FIELD_SIGNATURE &&
		    cells[i].has_ink)
			sc[n++] = rds[i].hscore;
	return hand_row(sc, n, writer);
}

/*
 * Which rows are handwritten: each on its own, then, where three rows or
 * more are, each other row again knowing that a hand filled the page.
 */
void
evidence_hands(struct page_read *out, const struct cell *cells,
    const int *rowband, const struct reading *rds, const enum field *cols,
    int ncols, int nrows)
{
	int	 k, n = 0, pass;

	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < nrows; k++)
			if (!out->rows[k].hand && (pass == 0 || n >= 3)) {
				out->rows[k].hand = row_hand(
				    &cells[rowband[k] * ncols],
				    &rds[k * ncols], cols, ncols, pass);
				n += pass == 0 && out->rows[k].hand;
			}
}

/*
 * Consecutive numbers down a column (seq, serial_no, register_no) are
 * evidence: find the offset that most rows share between the number read
 * and the row index, and mark each reading that fits it or contradicts it.
 * A reading where the models disagree but one of them fits is switched to
 * that one.
 */
/*
 * Consecutive numbers down a column (seq, serial_no, register_no) are
 * evidence: a reading that is exactly the entry after the row above, or
 * the entry before the row below, is very unlikely to be a misreading.
 * Gaps (a spoiled blank form) only cost the rows on either side of them.
 * A reading where the passes disagree but one of them fits is switched to
 * that one.
 */
/* Does a have the shape of b: equal but that any digit matches any digit? */
static int
same_shape(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (*a != *b && !(*a >= '0' && *a <= '9' && *b >= '0' &&
		    *b <= '9'))
			return 0;
	return *a == *b;
}

/*
 * The shape most rows of the column share ("A 9999999", "99-THPT/999"), or
 * NULL when no shape has a majority.  A serial or entry number keeps its
 * shape down a page, so a reading of another shape that still fits its
 * neighbour ("B67384" under "B67383", both missing a zero) is not trusted.
 */
static const char *
common_shape(struct reading **col, int nrows)
{
	const char	*v, *best = NULL;
	int		 i, j, n, bestn = 0, known = 0;

	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL || !col[i]->norm[col[i]->pick].valid)
			continue;
		known++;
		v = col[i]->norm[col[i]->pick].value;
		for (n = 0, j = 0; j < nrows; j++)
			if (col[j] != NULL && same_shape(v,
			    col[j]->norm[col[j]->pick].value))
				n++;
		if (n > bestn) {
			bestn = n;
			best = v;
		}
	}
	return bestn * 2 > known ? best : NULL;
}

/* The values of the digit runs of v, at most max of them; returns how many. */
static int
digit_runs(const char *v, long *runs, int max)
{
	int	 n = 0;

	while (*v != '\0' && n < max) {
		if (*v < '0' || *v > '9') {
			v++;
			continue;
		}
		runs[n] = 0;
		for (; *v >= '0' && *v <= '9'; v++)
			if (runs[n] < 100000000L)
				runs[n] = runs[n] * 10 + (*v - '0');
		n++;
	}
	return n;
}

/*
 * Entry numbers only grow down a page: a gap (a spoiled blank form) makes
 * them jump forward, never back.  Two neighbours misread alike ("…493",
 * "…494" among "…402" … "…406") fit each other, but not the page: their
 * offset from the row index is out of order with the rest.  The longest
 * run of rows whose offsets never decrease is kept; the rows outside it
 * lose the sequence's support.  When there are several longest runs (four
 * rows right and four misread alike, each as long as the other with the
 * rows below), the page cannot say which to believe: only the rows that
 * every longest run holds keep the support.
 */
/*
 * Which digit run of the column's numbers counts: the one that differs
 * between neighbours that fit each other ("04-THPT/1892": the second).
 * Returns -1 when no two neighbours fit.
 */
static int
counting_run(struct reading **col, int nrows)
{
	long	 runs[8], a[8];
	int	 i, n, k, which = -1, best = 0;
	int	 votes[8] = { 0 };

	for (i = 0; i + 1 < nrows; i++) {
		if (col[i] == NULL || col[i + 1] == NULL ||
		    !col[i]->in_seq || !col[i + 1]->in_seq)
			continue;
		n = digit_runs(col[i]->norm[col[i]->pick].value, runs, 8);
		if (n != digit_runs(col[i + 1]->norm[col[i + 1]->pick].value,
		    a, 8))
			continue;
		for (k = 0; k < n; k++)
			if (runs[k] != a[k]) {
				votes[k]++;
				break;
			}
	}
	for (k = 0; k < 8; k++)
		if (votes[k] > best) {
			best = votes[k];
			which = k;
		}
	return which;
}

/*
 * The counting number of a row's reading (the run that counts, see
 * counting_run()); 0 when the reading has no such run.
 */
static int
count_of(const struct reading *rd, int which, long *num)
{
	long	 runs[8];

	if (rd == NULL || which < 0 || !rd->norm[rd->pick].valid ||
	    digit_runs(rd->norm[rd->pick].value, runs, 8) <= which)
		return 0;
	*num = runs[which];
	return 1;
}

static void
monotonic_evidence(struct reading **col, int nrows)
{
	long	 runs[8], *off;
	int	*len, *use, *tail, *cnt, i, j, which, best = 0;

	which = counting_run(col, nrows);
	if (which < 0)
		return;
	off = calloc(nrows, sizeof(*off));
	len = calloc(nrows, sizeof(*len));
	use = calloc(nrows, sizeof(*use));
	tail = calloc(nrows, sizeof(*tail));
	cnt = calloc(nrows + 1, sizeof(*cnt));
	if (off == NULL || len == NULL || use == NULL || tail == NULL ||
	    cnt == NULL)
		goto out;
	for (i = 0; i < nrows; i++) {
		use[i] = col[i] != NULL && col[i]->in_seq &&
		    digit_runs(col[i]->norm[col[i]->pick].value, runs, 8) >
		    which;
		if (use[i])
			off[i] = runs[which] - i;
	}
	/* Longest non-decreasing subsequence of the offsets, O(n^2). */
	best = 0;
	for (i = 0; i < nrows; i++) {
		if (!use[i])
			continue;
		len[i] = 1;
		for (j = 0; j < i; j++)
			if (use[j] && off[j] <= off[i] && len[j] + 1 > len[i])
				len[i] = len[j] + 1;
		if (len[i] > best)
			best = len[i];
	}
	/* The longest run starting at each row, from the bottom up. */
	for (i = nrows - 1; i >= 0; i--) {
		if (!use[i])
			continue;
		tail[i] = 1;
		for (j = i + 1; j < nrows; j++)
			if (use[j] && off[i] <= off[j] && tail[j] + 1 > tail[i])
				tail[i] = tail[j] + 1;
	}
	/*
	 * A row is in some longest run when the runs ending and starting at
	 * it add up to the longest; it is in every one when no other such
	 * row stands at the same place in a run.
	 */
	for (i = 0; i < nrows; i++)
		if (use[i] && len[i] + tail[i] - 1 == best)
			cnt[len[i]]++;
	for (i = 0; i < nrows; i++)
		if (col[i] != NULL && col[i]->in_seq && !(use[i] &&
		    len[i] + tail[i] - 1 == best && cnt[len[i]] == 1)) {
			col[i]->in_seq = 0;
			col[i]->off_seq = 1;
		}
out:
	free(off);
	free(len);
	free(use);
	free(tail);
	free(cnt);
}

/*
 * The sequence switches a reading to pass m: its votes are then those of
 * m's value, so that a value only one pass read, chosen because it fits
 * the column, is never taken for the cell's own majority.
 */
static void
repick(struct reading *rd, int m)
{
	int	 k;

	rd->pick = m;
	for (rd->votes = 0, k = 0; k < rd->npass; k++)
		rd->votes += strcmp(rd->norm[k].value, rd->norm[m].value) == 0;
}

/*
 * A number with its counting run (see counting_run()) written as one '#',
 * without spaces (OCR adds and drops them around marks), and with the
 * hyphens, dots and slashes dropped when bare is set: "3239/THPT-2018" is
 * "#/THPT-2018", bare "#THPT2018".  Returns how many marks it kept.  Two rows of a
 * column have the same skeleton, so a reading that writes it with other
 * marks is about the same marks in every row.  Marks at either end are
 * left out: a speck beside a number is read as one ("34/"), while the
 * marks a scan loses sit between its parts.
 */
static int
skeleton(const char *v, int which, int bare, char *out, size_t outsz)
{
	const char	*end;
	size_t		 n = 0;
	int		 run = -1, in = 0, marks = 0;

	while (*v != '\0' && strchr("-./ ", *v) != NULL)
		v++;
	for (end = v + strlen(v); end > v && strchr("-./ ", end[-1]) != NULL;
	    end--)
		;
	for (; v < end && n + 1 < outsz; v++) {
		if (*v >= '0' && *v <= '9') {
			if (!in)
				run++;
			in = 1;
			if (run != which)
				out[n++] = *v;
			else if (v + 1 == end || v[1] < '0' || v[1] > '9')
				out[n++] = '#';
			continue;
		}
		in = 0;
		if (*v == ' ' || (bare && strchr("-./", *v) != NULL))
			continue;
		marks += strchr("-./", *v) != NULL;
		out[n++] = *v;
	}
	out[n] = '\0';
	return marks;
}

/*
 * A hyphen, a dot or a slash is what a coarse scan loses, alike in every
 * row, and the column's common shape then holds the misread ("3239/
 * THPT2018" for "3239/THPT-2018" down a page).  The marks must be seen in
 * the cell: when any reading of the column writes the rest of a number
 * (all but its counting run) with more marks than the one kept for a row
 * (one pass saw the hyphen, the others did not), the column vouches for
 * none of its rows written that way.  A reading with fewer marks says
 * nothing against one that has them, and only a reading that got its own
 * row's number right counts: one that read a digit as a dot ("96-THPT/
 * .972") did not see a mark.
 */
static void
marks_evidence(struct reading **col, int nrows)
{
	char	 a[64], abare[64], b[64], bbare[64];
	long	 runs[8], num;
	int	 i, j, n, which, ma;

	which = counting_run(col, nrows);
	if (which < 0)
		return;
	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL || !col[i]->in_seq)
			continue;
		ma = skeleton(col[i]->norm[col[i]->pick].value, which, 0, a,
		    sizeof(a));
		skeleton(col[i]->norm[col[i]->pick].value, which, 1, abare,
		    sizeof(abare));
		/*
		 * The sequence vouches for the digits that count, never for
		 * the rest of a number: "BT555814" read "BTI555814" by two
		 * passes of three, alike in every row, counts down the page
		 * as well as the truth does.  So no valid reading of the
		 * row's own cell may write the rest otherwise, marks and
		 * spaces aside.
		 */
		for (n = 0; n < col[i]->npass && !col[i]->split; n++) {
			if (n == col[i]->pick || !col[i]->norm[n].valid ||
			    col[i]->norm[n].value[0] == '\0')
				continue;
			skeleton(col[i]->norm[n].value, which, 1, b,
			    sizeof(b));
			col[i]->split = strcmp(abare, b) != 0;
		}
		for (j = 0; j < nrows && !col[i]->variant; j++)
			for (n = 0; col[j] != NULL && n < col[j]->npass; n++) {
				if (!col[j]->norm[n].valid ||
				    !count_of(col[j], which, &num) ||
				    digit_runs(col[j]->norm[n].value, runs, 8) <=
				    which || runs[which] != num)
					continue;
				if (skeleton(col[j]->norm[n].value, which, 0, b,
				    sizeof(b)) <= ma)
					continue;
				skeleton(col[j]->norm[n].value, which, 1,
				    bbare, sizeof(bbare));
				if (strcmp(abare, bbare) == 0 &&
				    strcmp(a, b) != 0) {
					col[i]->variant = 1;
					break;
				}
			}
	}
}

/*
 * A count that breaks is not trusted past the break (issue 14): once a
 * number of the column does not read (a blank or unreadable cell, a value
 * its validator refuses, an impossible row number), the numbers
 * below it may count among themselves and still all be misread alike
 * ("5", "6", "7" read for 15, 16, 17).  Below the first break a number
 * keeps the sequence's support only when it fits its row's place, the
 * offset between number and row that the trusted numbers above the break
 * had.  A break before any trusted number breaks nothing: there is no
 * place yet to fit.  A row number smaller than its row's place on the page
 * (row 15 numbered 5) is impossible, since every row above took a number,
 * and is itself a break; the place counts only rows whose number cell
 * holds ink, so that a stray band taken for a row does not move it.
 */
static void
break_evidence(struct reading **col, int nrows, int is_seq)
{
	long	 num, base = 0;
	int	 i, which, known = 0, broken = 0, place = 0;

	which = counting_run(col, nrows);
	if (which < 0 && is_seq)
		which = 0;
	if (which < 0)
		return;
	for (i = 0; i < nrows; i++) {
		struct reading	*rd = col[i];
		int		 has;

		place += rd != NULL;
		has = rd != NULL && rd->norm[rd->pick].value[0] != '\0' &&
		    count_of(rd, which, &num);
		if (has && is_seq && num < place) {
			rd->in_seq = 0;
			rd->off_seq = 2;	/* impossible: a break */
		}
		if (!broken) {
			if (has && rd->in_seq) {
				base = num - i;
				known = 1;
			} else if (known && (!has || rd->off_seq == 2))
				broken = 1;
			continue;
		}
		if (has && rd->in_seq && num - i != base) {
			rd->in_seq = 0;
			rd->broken = 1;
		}
	}
}

void
evidence_sequence(struct reading **col, int nrows, int check_shape)
{
	const struct norm	*up, *down, *n;
	const char		*shape = NULL;
	int			 i, m, fits = 0, known = 0;

	if (check_shape) {
		shape = common_shape(col, nrows);
		if (shape == NULL)
			return;
	}
	for (i = 0; i < nrows; i++) {
		if (col[i] == NULL)
			continue;
		/*
		 * A neighbour vouches only when every reading of it agrees:
		 * two rows misread the same way ("…493", "…494" for "…403",
		 * "…404") must not vouch for each other.
		 */
		up = i > 0 && col[i - 1] != NULL && col[i - 1]->votes >= 2 &&
		    col[i - 1]->norm[col[i - 1]->pick].valid ?
		    &col[i - 1]->norm[col[i - 1]->pick] : NULL;
		down = i + 1 < nrows && col[i + 1] != NULL &&
		    col[i + 1]->votes >= 2 &&
		    col[i + 1]->norm[col[i + 1]->pick].valid ?
		    &col[i + 1]->norm[col[i + 1]->pick] : NULL;
		known++;
		for (m = -1; m < col[i]->npass; m++) {
			/* The pick first, then the other passes. */
			n = &col[i]->norm[m < 0 ? col[i]->pick : m];
			if (!n->valid || n->value[0] == '\0')
				continue;
			if (shape != NULL && !same_shape(n->value, shape))
				continue;
			if ((up != NULL &&
			    norm_consecutive(up->value, n->value)) ||
			    (down != NULL && norm_consecutive(n->value,
			    down->value))) {
				if (m >= 0)
					repick(col[i], m);
				col[i]->in_seq = 1;
				fits++;
				break;
			}
		}
	}
	/* Where the column clearly counts, a row that does not is suspect. */
	if (fits >= 3 && fits * 2 >= known) {
		monotonic_evidence(col, nrows);
		for (i = 0; i < nrows; i++)
			if (col[i] != NULL && !col[i]->in_seq)
				col[i]->off_seq = 1;
	}
	break_evidence(col, nrows, !check_shape);
	marks_evidence(col, nrows);
}

/*
 * A school or a place repeats down a page.  When two readings give the
 * same value but for its diacritics ("Mạc Đĩnh Chi", "Mạc Đĩnh Chỉ"), the
 * page itself says that the marks were hard to read there, so neither
 * spelling is trusted, however many rows agree on it.  Every reading
 * counts, not only the one each row kept: a tone mark misread alike in
 * most rows of a coarse scan ("Chiếu" for "Chiểu" in 19 rows of 25) is
 * outvoted in every row, and only the few readings that saw the right
 * mark say that the column's majority is not to be trusted (issue 14).
 */
void
evidence_spelling(struct reading **col, int nrows)
{
	char	**fold;
	int	  i, j, m, n;

	fold = calloc(nrows > 0 ? (size_t)nrows * NPASSES : 1,
	    sizeof(*fold));
	if (fold == NULL)
		return;
	for (i = 0; i < nrows; i++)
		for (m = 0; col[i] != NULL && m < col[i]->npass; m++)
			if (col[i]->norm[m].valid)
				fold[i * NPASSES + m] =
				    norm_fold(col[i]->norm[m].value);
	for (i = 0; i < nrows; i++) {
		const char *f, *v;

		if (col[i] == NULL || fold[i * NPASSES + col[i]->pick] == NULL)
			continue;
		f = fold[i * NPASSES + col[i]->pick];
		v = col[i]->norm[col[i]->pick].value;
		if (f[0] == '\0')
			continue;
		for (j = 0; j < nrows && !col[i]->variant; j++)
			for (n = 0; col[j] != NULL && n < col[j]->npass; n++)
				if (fold[j * NPASSES + n] != NULL &&
				    strcmp(fold[j * NPASSES + n], f) == 0 &&
				    strcmp(col[j]->norm[n].value, v) != 0) {
					col[i]->variant = 1;
					break;
				}
	}
	for (i = 0; i < nrows * NPASSES; i++)
		free(fold[i]);
	free(fold);
}

/*
 * The graduates on one page were born within a few years of each other.
 * A year of birth far from the page's median ("1989" among the 1980s of
 * a class, a 0 read as a 9) is more likely misread than a late student,
 * so it goes to review; a person checks the rare real one.
 */
void
evidence_year(struct reading **col, int nrows)
{
	int	*years, n = 0, i, y, med;

	years = calloc(nrows > 0 ? nrows : 1, sizeof(*years));
	if (years == NULL)
		return;
	for (i = 0; i < nrows; i++)
		if (col[i] != NULL && col[i]->norm[col[i]->pick].valid &&
		    strlen(col[i]->norm[col[i]->pick].value) >= 4)
			years[n++] = atoi(col[i]->norm[col[i]->pick].value);
	if (n >= 5) {
		qsort(years, n, sizeof(*years), grid_cmp_int);
		med = years[n / 2];
		for (i = 0; i < nrows; i++) {
			if (col[i] == NULL ||
			    !col[i]->norm[col[i]->pick].valid)
				continue;
			y = atoi(col[i]->norm[col[i]->pick].value);
			if (y < med - 4 || y > med + 4)
				col[i]->outlier = 1;
		}
	}
	free(years);
}

/*
 * Where a serial's letters end, when no space or hyphen shows it and the
 * last letter is one OCR also reads for a digit (norm_serial_boundary()):
 * "TNG476798" for "TN6476798" was read alike by every pass, in every row,
 * so the count and the column's shape vouched for the misread.  Only the
 * cell can settle it: a reading of the value that writes a space or a
 * hyphen after the letters does, and so does the profile's list of the
 * volume's series.  A serial is letters, then digits (SPEC section 2):
 * one read without letters has had them read as digits ("08632908" for
 * "QB632908", every pass alike on a typewritten photo), and nothing in
 * the cell can say which.  Returns 1 when nothing settles it.
 */
static int
serial_boundary_unsure(const struct reading *rd, const struct profile *prof)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m;

	/*
	 * Staff who name the volume's series (profile.h) settle it: the
	 * value's letters are one of them ("" for a volume whose serials
	 * are digits only).  A value whose letters are none of them ("TNG"
	 * where the forms print "TN", "08" where they print "QB") is a
	 * misread.
	 */
	if (prof != NULL && prof->nseries > 0)
		return !profile_series_known(prof, v);
	if (v[0] < 'A' || v[0] > 'Z')
		return 1;

	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, v) == 0 &&
		    !norm_serial_boundary(rd->res[m].text))
			return 0;
	return 1;
}

/* How many readings give the value kept, written exactly as listed. */
static int
exact_votes(const struct reading *rd)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m, n = 0;

	for (m = 0; m < rd->npass; m++)
		n += strcmp(rd->norm[m].value, v) == 0 && rd->norm[m].exact;
	return n;
}

/*
 * Does every reading that differs from the one kept fail its field's
 * validator?  Such readings name no other value for the cell.
 */
static int
rivals_invalid(const struct reading *rd)
{
	const char	*v = rd->norm[rd->pick].value;
	int		 m;

	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, v) != 0 && rd->norm[m].valid)
			return 0;
	return 1;
}

/*
 * reading_conf() of a reading that fits its neighbours: the sequence
 * vouches for the number that counts, but only the cell can vouch for the
 * rest.  The column's agreement with itself (its neighbours, its common
 * shape) supports a reading and is never the reason for it (issue 14):
 * most readings of the cell itself must give this value, none of them may
 * write the rest of the number otherwise, no reading of the column may
 * write its marks otherwise (marks_evidence()), and a serial's letters
 * must be seen to end where its digits begin (serial_boundary_unsure()).
 */
static float
in_seq_conf(enum field f, const struct reading *rd,
    const struct profile *prof, float cmin, int *accepted, const char **why)
{
	*accepted = rd->votes >= 2 && !rd->variant && !rd->split;
	if (*accepted && f == FIELD_SERIAL_NO &&
	    serial_boundary_unsure(rd, prof)) {
		*accepted = 0;
		*why = OCR_WHY_LETTER_DIGIT;
	} else if (!*accepted)
		*why = rd->variant ? OCR_WHY_SPELLING :
		    rd->split ? OCR_WHY_DISAGREE :
		    OCR_WHY_COLUMN_ONLY;
	return *accepted ? 0.99f + 0.009f * cmin : 0.80f + 0.15f * cmin;
}

/*
 * The confidence of a reading, and whether it is accepted.  The constants
 * are calibrated on generated ledgers (docs/ocr.md): "accepted" is given
 * only where the measured error rate is well below one in a hundred.
 */
float
reading_conf(enum field f, const struct reading *rd,
    const struct profile *prof, int *accepted, const char **why)
{
	const struct norm	*n = &rd->norm[rd->pick];
	float			 cmin = 1;
	int			 m;

	*accepted = 0;
	*why = NULL;
	/* Tesseract's confidence in the readings that gave the value. */
	for (m = 0; m < rd->npass; m++)
		if (strcmp(rd->norm[m].value, n->value) == 0 &&
		    rd->res[m].min_conf / 100.0f < cmin)
			cmin = rd->res[m].min_conf / 100.0f;
	if (!n->valid) {
		*why = OCR_WHY_INVALID;
		return 0.05f + 0.25f * cmin;
	}
	/* Ink that reads as nothing (a stroke, a stamp's edge) is unknown. */
	if (n->value[0] == '\0') {
		*why = OCR_WHY_UNREADABLE;
		return 0.30f;
	}
	if (rd->off_seq || rd->broken) {
		*why = OCR_WHY_SEQ_BROKEN;
		return 0.10f + 0.30f * cmin;
	}
	if (rd->in_seq)
		return in_seq_conf(f, rd, prof, cmin, accepted, why);
	if (rd->votes < 2) {
		*why = OCR_WHY_DISAGREE;
		return 0.20f + 0.40f * cmin;
	}
	/*
	 * Row numbers, serials and entry numbers count down the page (SPEC
	 * section 2); one that fits neither neighbour is not trusted on the
	 * readings' agreement alone: the same digit misread ("2081" as
	 * "2981") fools every reading alike.
	 */
	if (f == FIELD_SEQ || f == FIELD_SERIAL_NO || f == FIELD_REGISTER_NO) {
		*why = OCR_WHY_UNCOUNTED;
		return 0.60f + 0.30f * cmin;
	}
	if (rd->variant || rd->outlier) {
		*why = rd->variant ? OCR_WHY_SPELLING : OCR_WHY_YEAR;
		return 0.60f + 0.20f * cmin;
	}
	/*
	 * A closed list: two readings of three agreeing on a listed value,
	 * written exactly as listed by the reading kept or by two readings
	 * of the cell ("Kinh", "Kinh", "Kính": the cell shows no mark twice,
	 * and no listed name is written "Kính").
	 */
	if (f == FIELD_SEX || f == FIELD_ETHNICITY ||
	    f == FIELD_CLASSIFICATION) {
		*accepted = n->exact || exact_votes(rd) >= 2;
		if (!*accepted)
			*why = OCR_WHY_UNLISTED;
		return 0.985f + 0.014f * cmin;
	}
	/*
	 * Free text and dates need every reading to agree: measured on the
	 * calibration pages, a two-to-one majority there is wrong several
	 * times as often (docs/ocr.md).  A reading that is no date at all
	 * ("20/19/79": a 0 read as a 9 makes month 19) is a failed reading,
	 * not a rival value: two readings of the cell on one date and the
	 * third on none are as good as three on one (docs/ocr.md).
	 */
	if (!rd->agree && !(f == FIELD_DATE_OF_BIRTH && rivals_invalid(rd))) {
		*why = OCR_WHY_DISAGREE;
		return 0.50f + 0.40f * cmin;
	}
	/* A misread tone often makes another valid word: "Trân" for "Trần". */
	if ((f == FIELD_FULL_NAME && !norm_known_surname(n->value)) ||
	    (f == FIELD_PLACE_OF_BIRTH && (!norm_known_province(n->value) ||
	    norm_place_suspect(n->value)))) {
		/* Likewise "Đông Tháp": the province must be known. */
		*why = OCR_WHY_UNKNOWN;
		return 0.70f + 0.20f * cmin;
	}
	if (cmin >= 0.60f) {
		*accepted = 1;
		return 0.97f + 0.029f * cmin;
	}
	*why = OCR_WHY_LOW_CONF;
	return 0.80f + 0.15f * cmin;
}

/*
 * The row numbers of the seq column, for rowalign_seq(): a number that at
 * least two readings of its cell agree on, else -1.  -1 when out of
 * memory.
 */
int
evidence_seq_places(const enum field *cols, int ncols, const struct cell *cells,
    const int *rowband, struct reading *rds, int nrows,
    unsigned char *misaligned)
{
	long	*seq;
	int	 i, k;

	for (i = 0; i < ncols && cols[i] != FIELD_SEQ; i++)
		;
	if (i >= ncols || nrows < 3)
		return 0;
	seq = calloc(nrows, sizeof(*seq));
	if (seq == NULL)
		return -1;
	for (k = 0; k < nrows; k++) {
		seq[k] = -1;
		if (cells[rowband[k] * ncols + i].has_ink &&
		    rds[k * ncols + i].votes >= 2 &&
		    !count_of(&rds[k * ncols + i], 0, &seq[k]))
			seq[k] = -1;
	}
	(void)rowalign_seq(seq, nrows, misaligned);
	free(seq);
	return 0;
}
