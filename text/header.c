/*
 * header.c: map the text of a ledger header cell to a canonical field.
 *
 * The cell text is folded (no diacritics, no case, letters only) and
 * compared with the labels that ledgers of SPEC section 2 and the forms of
 * Circular 21/2019/TT-BGDĐT use.  An exact folded match wins outright.
 * Otherwise the closest label by edit distance wins, provided it is close
 * enough and clearly closer than the labels of every other field: several
 * labels share words ("Số hiệu", "Số vào sổ", "Số TT"), and a column mapped
 * to the wrong field is worse than one left for a layout profile to pin.
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "fold.h"

/* Below this similarity a label is not a match. */
#define HEADER_MIN	0.75

/* The best field must beat every other field by this much. */
#define HEADER_MARGIN	0.05

/* A label this long (folded) also matches as a prefix of longer text. */
#define HEADER_PREFIX	6

/* Folded header text longer than this names no column. */
#define HEADER_MAXLEN	200

static const struct {
	const char	*text;
	enum field	 f;
} labels[] = {
	{ "TT", FIELD_SEQ },
	{ "STT", FIELD_SEQ },
	{ "Số TT", FIELD_SEQ },
	{ "Số thứ tự", FIELD_SEQ },
	{ "Thứ tự", FIELD_SEQ },

	{ "Họ và tên", FIELD_FULL_NAME },
	{ "Họ tên", FIELD_FULL_NAME },
	{ "Họ và tên người học", FIELD_FULL_NAME },
	{ "Họ và tên người được cấp văn bằng", FIELD_FULL_NAME },
	{ "Họ và tên học sinh", FIELD_FULL_NAME },
	{ "Họ và tên thí sinh", FIELD_FULL_NAME },

	{ "Ngày sinh", FIELD_DATE_OF_BIRTH },
	{ "Ngày tháng năm sinh", FIELD_DATE_OF_BIRTH },
	{ "Ngày, tháng, năm sinh", FIELD_DATE_OF_BIRTH },
	{ "Năm sinh", FIELD_DATE_OF_BIRTH },

	{ "Nơi sinh", FIELD_PLACE_OF_BIRTH },

	{ "Giới tính", FIELD_SEX },
	{ "Nam/Nữ", FIELD_SEX },
	{ "Nam Nữ", FIELD_SEX },
	{ "Nam", FIELD_SEX },
	{ "Nữ", FIELD_SEX },
	{ "Phái", FIELD_SEX },

	{ "Dân tộc", FIELD_ETHNICITY },

	{ "Học sinh trường", FIELD_SCHOOL },
	{ "Học sinh của trường", FIELD_SCHOOL },
	{ "Trường", FIELD_SCHOOL },
	{ "Hội đồng thi", FIELD_SCHOOL },
	{ "Trường/Hội đồng thi", FIELD_SCHOOL },

	{ "Xếp loại", FIELD_CLASSIFICATION },
	{ "Xếp loại tốt nghiệp", FIELD_CLASSIFICATION },
	{ "Loại tốt nghiệp", FIELD_CLASSIFICATION },
	{ "Xếp loại TN", FIELD_CLASSIFICATION },
	{ "Loại TN", FIELD_CLASSIFICATION },

	{ "Số hiệu văn bằng", FIELD_SERIAL_NO },
	{ "Số hiệu", FIELD_SERIAL_NO },
	{ "Số bằng", FIELD_SERIAL_NO },
	{ "Số hiệu bằng", FIELD_SERIAL_NO },

	{ "Số vào sổ gốc cấp văn bằng", FIELD_REGISTER_NO },
	{ "Số vào sổ", FIELD_REGISTER_NO },
	{ "Số vào sổ gốc", FIELD_REGISTER_NO },
	{ "Số vào sổ cấp bằng", FIELD_REGISTER_NO },
	{ "Số vào sổ cấp văn bằng", FIELD_REGISTER_NO },
	{ "Số vào sổ gốc cấp bằng", FIELD_REGISTER_NO },

	{ "Ghi chú", FIELD_NOTES },

	{ "Ký nhận", FIELD_SIGNATURE },
	{ "Người nhận văn bằng ký và ghi rõ họ tên", FIELD_SIGNATURE },
	{ "Người nhận văn bằng ký", FIELD_SIGNATURE },
	{ "Người nhận bằng ký", FIELD_SIGNATURE },
	{ "Người nhận ký", FIELD_SIGNATURE },
	{ "Chữ ký", FIELD_SIGNATURE },
	{ "Chữ ký người nhận", FIELD_SIGNATURE },
	{ "Ký tên", FIELD_SIGNATURE },
	{ "Ký và ghi rõ họ tên", FIELD_SIGNATURE },
};

/*
 * Copies text without the column numbers that forms print under their
 * labels, "(3)" or "(12)", as OCR reads them ("(l)", "(I0)").
 */
static char *
strip_column_numbers(const char *text)
{
	const char	*p, *q;
	char		*out;
	size_t		 n = 0;

	out = malloc(strlen(text) + 1);
	if (out == NULL)
		return NULL;
	for (p = text; *p != '\0'; p++) {
		if (*p == '(') {
			q = p + 1;
			while (*q != '\0' && q - p <= 5 &&
			    strchr("0123456789lIiOo| ", *q) != NULL)
				q++;
			if (*q == ')' && q - p <= 5) {
				p = q;
				continue;
			}
		}
		out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}

/* Folds text for matching and drops digits, which no label has. */
static char *
header_fold(const char *text)
{
	char	*s, *f;
	size_t	 i, n = 0;

	s = strip_column_numbers(text);
	if (s == NULL)
		return NULL;
	f = norm_fold(s);
	free(s);
	if (f == NULL)
		return NULL;
	for (i = 0; f[i] != '\0'; i++)
		if (f[i] < '0' || f[i] > '9')
			f[n++] = f[i];
	f[n] = '\0';
	return f;
}

/*
 * Similarity of folded text t to folded label l: one minus the edit
 * distance over the longer length.  A long label that starts t (a label
 * with a trailing explanation, "Ngày sinh (ngày/tháng/năm)") scores
 * between 0.8 and 1, growing with the share of t the label covers; *rest
 * (may be NULL) then points to the text after it, else is NULL.
 */
static double
similarity(const char *t, const char *l, const char **rest)
{
	size_t	 tl, ll, max, d;
	double	 sim, pre;

	if (rest != NULL)
		*rest = NULL;
	tl = strlen(t);
	ll = strlen(l);
	max = tl > ll ? tl : ll;
	if (max == 0)
		return 0;
	d = norm_distance(t, l);
	sim = d >= max ? 0 : 1 - (double)d / (double)max;
	if (ll >= HEADER_PREFIX && tl > ll && strncmp(t, l, ll) == 0) {
		pre = 0.8 + 0.2 * (double)ll / (double)tl;
		if (pre > sim) {
			sim = pre;
			if (rest != NULL)
				*rest = t + ll;
		}
	}
	return sim;
}

/*
 * Returns 1 when rest, the text after a label matched as a prefix, names
 * or holds a long label of a field other than f: two header cells that OCR
 * read as one ("Ngày sinh Nơi sinh") name no single field.
 */
static int
names_other(const char *rest, enum field f)
{
	char	*l;
	size_t	 i;
	double	 s;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		if (labels[i].f == f)
			continue;
		l = norm_fold(labels[i].text);
		if (l == NULL)
			return 1;
		s = similarity(rest, l, NULL);
		if (s >= HEADER_MIN || (strlen(l) >= HEADER_PREFIX &&
		    strstr(rest, l) != NULL)) {
			free(l);
			return 1;
		}
		free(l);
	}
	return 0;
}

/* header_match() on the whole text. */
static enum field
match_whole(const char *text, double *score)
{
	double		 best[FIELD_COUNT], s, top, second;
	const char	*rest;
	char		*t, *l;
	size_t		 i;
	enum field	 f = FIELD_UNKNOWN;
	int		 k;

	if (score != NULL)
		*score = 0;
	if (text == NULL)
		return FIELD_UNKNOWN;
	t = header_fold(text);
	if (t == NULL)
		return FIELD_UNKNOWN;
	if (t[0] == '\0' || strlen(t) > HEADER_MAXLEN) {
		free(t);
		return FIELD_UNKNOWN;
	}
	for (k = 0; k < FIELD_COUNT; k++)
		best[k] = 0;
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		l = norm_fold(labels[i].text);
		if (l == NULL) {
			free(t);
			return FIELD_UNKNOWN;
		}
		if (strcmp(t, l) == 0) {
			free(l);
			free(t);
			if (score != NULL)
				*score = 1;
			return labels[i].f;
		}
		s = similarity(t, l, &rest);
		free(l);
		if (rest != NULL && names_other(rest, labels[i].f))
			s = 0;
		if (s > best[labels[i].f])
			best[labels[i].f] = s;
	}
	free(t);
	top = 0;
	second = 0;
	for (k = 0; k < FIELD_COUNT; k++) {
		if (best[k] > top) {
			second = top;
			top = best[k];
			f = (enum field)k;
		} else if (best[k] > second)
			second = best[k];
	}
	if (top < HEADER_MIN || top - second < HEADER_MARGIN)
		return FIELD_UNKNOWN;
	if (score != NULL)
		*score = top;
	return f;
}

/*
 * A header in two levels puts a group label over the labels of the
 * columns it spans ("Văn bằng" over "Số hiệu" and "Số vào sổ"); where
 * the two levels share a ruled band, one cell reads "Văn bằng Số hiệu".
 * The lower level names the column: when the whole text names nothing,
 * its trailing words are tried, longest first, and must match closely
 * (HEADER_SUFFIX) and hold a few letters, so that a group label ending
 * in a short word ("... Nam") names no column.  The words left out must
 * name nothing themselves: "Ngày sinh Nơi sinh" is two cells read as
 * one, not a group over a column (a group label may echo its column).
 */
#define HEADER_SUFFIX		0.9
#define HEADER_SUFFIX_LEN	4
/*
 * Two levels of a header fit in a few words; each trailing run is folded
 * afresh, so a cell longer than this (a stamp, a note read as the header)
 * is not searched, which keeps the cost linear in hostile text.
 */
#define HEADER_TWO_LEVEL_MAX	160

enum field
header_match(const char *text, double *score)
{
	const char	*p;
	char		*fold, *head;
	enum field	 f, g;
	double		 sc;
	size_t		 len;

	f = match_whole(text, score);
	if (f != FIELD_UNKNOWN || text == NULL ||
	    strlen(text) > HEADER_TWO_LEVEL_MAX)
		return f;
	for (p = strchr(text, ' '); p != NULL; p = strchr(p + 1, ' ')) {
		fold = header_fold(p + 1);
		if (fold == NULL)
			return FIELD_UNKNOWN;
		len = strlen(fold);
		free(fold);
		if (len < HEADER_SUFFIX_LEN)
			break;
		f = match_whole(p + 1, &sc);
		if (f == FIELD_UNKNOWN || sc < HEADER_SUFFIX)
			continue;
		head = malloc((size_t)(p - text) + 1);
		if (head == NULL)
			return FIELD_UNKNOWN;
		memcpy(head, text, (size_t)(p - text));
		head[p - text] = '\0';
		g = match_whole(head, NULL);
		free(head);
		if (g != FIELD_UNKNOWN && g != f)
			return FIELD_UNKNOWN;
		if (score != NULL)
			*score = sc;
		return f;
	}
	return FIELD_UNKNOWN;
}
