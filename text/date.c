/*
 * date.c: dates of birth as ledgers write them (d/m/yyyy, dd.mm.yy,
 * m/yyyy, yyyy, with the digits OCR misreads) turned into ISO 8601, and
 * only real calendar dates accepted; and ISO dates written back as
 * d/m/yyyy for people to read.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fold.h"

/* Raw date text split into up to three digit groups; see norm_date_parse(). */
struct dgroups {
	int	 val[3];
	size_t	 len[3];
	char	 sep[2];
	size_t	 n;
};

int
norm_date_digit(char c, int *rep)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	*rep = 1;
	switch (c) {
	case 'O':
	case 'o':
		return 0;
	case 'l':
	case 'I':
	case '|':
		return 1;
	case 'S':
		return 5;
	case 'B':
		return 8;
	default:
		return -1;
	}
}

static int
date_groups(const char *s, struct dgroups *g, int *rep)
{
	int	 dig, lrep;
	char	 sep;

	g->n = 0;
	for (;;) {
		while (*s == ' ')
			s++;
		if (g->n == 3)
			return -1;
		g->val[g->n] = 0;
		g->len[g->n] = 0;
		for (;;) {
			lrep = 0;
			dig = norm_date_digit(*s, &lrep);
			if (dig < 0)
				break;
			if (lrep)
				*rep = 1;
			if (g->len[g->n] == 8)
				return -1;
			g->val[g->n] = g->val[g->n] * 10 + dig;
			g->len[g->n]++;
			s++;
		}
		if (g->len[g->n] == 0)
			return -1;
		g->n++;
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return 0;
		sep = *s;
		if (sep != '/' && sep != '-' && sep != '.')
			return -1;
		if (g->n < 3)
			g->sep[g->n - 1] = sep;
		s++;
		while (*s == ' ')
			s++;
		if (*s == '\0' && sep == '.') {
			/* A full stop closing the date. */
			*rep = 1;
			return 0;
		}
	}
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && leap(y))
		return 29;
	return mdays[m - 1];
}

/*
 * The work of norm_date() on cleaned text; *rep is set when digits had to
 * be repaired or the text was not in one of the written forms.
 */
int
norm_date_parse(const char *s, int ledger_year, char *out, size_t outsz,
    int *rep)
{
	struct dgroups	 g;
	int		 d = 0, m = 0, y, ref, r;

	if (out == NULL || outsz == 0)
		return 0;
	out[0] = '\0';
	if (date_groups(s, &g, rep) == -1)
		return 0;
	if (g.n == 3 && g.sep[0] != g.sep[1])
		*rep = 1;
	switch (g.n) {
	case 1:
		if (g.len[0] == 4) {
			y = g.val[0];
		} else if (g.len[0] == 8) {
			/* ddmmyyyy whose separators OCR lost. */
			*rep = 1;
			d = g.val[0] / 1000000;
			m = g.val[0] / 10000 % 100;
			y = g.val[0] % 10000;
		} else
			return 0;
		break;
	case 2:
		if (g.len[0] == 4 && g.len[1] <= 2) {
			/* Already YYYY-MM. */
			y = g.val[0];
			m = g.val[1];
			break;
		}
		if (g.len[0] > 2 || g.len[1] != 4)
			return 0;
		m = g.val[0];
		y = g.val[1];
		break;
	default:
		if (g.len[0] == 4 && g.len[1] <= 2 && g.len[2] <= 2) {
			/* Already YYYY-MM-DD. */
			y = g.val[0];
			m = g.val[1];
			d = g.val[2];
			break;
		}
		if (g.len[0] > 2 || g.len[1] > 2 ||
		    (g.len[2] != 4 && g.len[2] != 2))
			return 0;
		d = g.val[0];
		m = g.val[1];
		y = g.val[2];
		if (g.len[2] == 2) {
			/* The century that makes the pupil 10 to 60. */
			ref = ledger_year > 0 ? ledger_year : 2000;
			if (ref - (1900 + y) >= 10 && ref - (1900 + y) <= 60)
				y += 1900;
			else if (ref - (2000 + y) >= 10 &&
			    ref - (2000 + y) <= 60)
				y += 2000;
			else
				return 0;
		}
		break;
	}
	if (y < 1900 || y > 2030)
		return 0;
	if (ledger_year > 0 && y > ledger_year)
		return 0;
	if (g.n == 1 && g.len[0] == 4) {
		r = snprintf(out, outsz, "%04d", y);
	} else {
		if (m < 1 || m > 12)
			return 0;
		if (g.n == 2)
			r = snprintf(out, outsz, "%04d-%02d", y, m);
		else {
			if (d < 1 || d > days_in(y, m))
				return 0;
			r = snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
		}
	}
	if (r < 0 || (size_t)r >= outsz) {
		out[0] = '\0';
		return 0;
	}
	return 1;
}

int
norm_date(const char *raw, int ledger_year, char *out, size_t outsz)
{
	char	*s;
	int	 rep = 0, ok;

	if (out == NULL || outsz == 0)
		return 0;
	out[0] = '\0';
	if (raw == NULL)
		return 0;
	s = text_clean(raw, NULL);
	if (s == NULL)
		return 0;
	ok = norm_date_parse(s, ledger_year, out, outsz, &rep);
	free(s);
	return ok;
}

const char *
norm_date_dmy(const char *iso, char *out, size_t outsz)
{
	static const char	 shape[] = "dddd-dd-dd";
	size_t			 n, i;
	int			 r;

	if (iso == NULL || out == NULL)
		return iso;
	n = strlen(iso);
	if (n != 7 && n != 10)
		return iso;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? iso[i] < '0' || iso[i] > '9' :
		    iso[i] != '-')
			return iso;
	if (n == 7)
		r = snprintf(out, outsz, "%d/%.4s", atoi(iso + 5), iso);
	else
		r = snprintf(out, outsz, "%d/%d/%.4s", atoi(iso + 8),
		    atoi(iso + 5), iso);
	if (r < 0 || (size_t)r >= outsz)
		return iso;
	return out;
}
