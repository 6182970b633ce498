/*
 * fold.c: Unicode clean-up and folding of the text OCR reads: decoding
 * with utf8proc (dropping what cannot be decoded), norm_text's clean-up to
 * NFC, norm_fold's diacritic-free keys, the lowercased keys of the closed
 * lists, and a bounded edit distance.
 *
 * OCR text is untrusted: it may be invalid UTF-8, decomposed, mixed with
 * residue of the table rules, or simply huge.  Nothing here fails on it;
 * the only failure is running out of memory.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "fold.h"

/* Longest input, in code points, that norm_distance() compares exactly. */
#define DIST_CAP	1024

int
text_cpbuf_push(struct text_cpbuf *b, int32_t c)
{
	int32_t	*nv;
	size_t	 ncap;

	if (b->n == b->cap) {
		ncap = b->cap == 0 ? 64 : b->cap * 2;
		if (ncap > SIZE_MAX / 8 / sizeof(*nv))
			return -1;
		nv = realloc(b->v, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		b->v = nv;
		b->cap = ncap;
	}
	b->v[b->n++] = c;
	return 0;
}

/*
 * Decodes the code point at *s and advances *s past it.  Bytes that do not
 * start a valid UTF-8 sequence are skipped one at a time, and *bad (may be
 * NULL) is set.  Returns -1 at the terminating NUL.
 */
int32_t
text_next_cp(const char **s, int *bad)
{
	const utf8proc_uint8_t	*p;
	utf8proc_int32_t	 c;
	utf8proc_ssize_t	 len;

	for (;;) {
		p = (const utf8proc_uint8_t *)*s;
		if (*p == '\0')
			return -1;
		len = utf8proc_iterate(p, -1, &c);
		if (len > 0) {
			*s += len;
			return c;
		}
		(*s)++;
		if (bad != NULL)
			*bad = 1;
	}
}

static int
is_space_cp(int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	    c == 0x2028 || c == 0x2029)
		return 1;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Residue of the ruled table lines that OCR leaves at the ends of a cell. */
static int
is_junk_cp(int32_t c)
{
	switch (c) {
	case '|':
	case '_':
	case '[':
	case ']':
	case '!':
	case 0x00a6:		/* broken bar */
	case 0x2016:		/* double vertical line */
	case 0x2502:		/* box drawings light vertical */
		return 1;
	default:
		return 0;
	}
}

/*
 * Encodes v[0..n) as UTF-8 composed to NFC.  Returns a malloc'd string or
 * NULL on allocation failure.
 */
char *
text_encode_nfc(const int32_t *v, size_t n)
{
	utf8proc_uint8_t	*tmp, *nfc;
	utf8proc_ssize_t	 r;
	size_t			 i, len;

	if (n > SIZE_MAX / 4 - 1)
		return NULL;
	tmp = malloc(n * 4 + 1);
	if (tmp == NULL)
		return NULL;
	len = 0;
	for (i = 0; i < n; i++)
		len += (size_t)utf8proc_encode_char(v[i], tmp + len);
	tmp[len] = '\0';
	if (len == 0)
		return (char *)tmp;
	r = utf8proc_map(tmp, (utf8proc_ssize_t)len, &nfc,
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	free(tmp);
	if (r < 0)
		return NULL;
	return (char *)nfc;
}

/*
 * The work of norm_text(): *repaired is set when the text needed more than
 * NFC and white-space cleanup (dropped bytes or controls, a mapped Ð, table
 * residue stripped from the ends).
 */
/*
 * Whether raw is printable ASCII already as text_clean() leaves it: no
 * control, no space at either end or twice in a row, no table residue at
 * either end.  Such text is its own NFC and nothing in it is dropped or
 * mapped, so text_clean() may return a copy of it as it is.
 */
static int
ascii_clean(const char *raw)
{
	const unsigned char	*p = (const unsigned char *)raw;
	size_t			 n;

	for (n = 0; p[n] != '\0'; n++) {
		if (p[n] < 0x20 || p[n] > 0x7e)
			return 0;
		if (p[n] == ' ' && (n == 0 || p[n - 1] == ' '))
			return 0;
	}
	return n == 0 || (p[n - 1] != ' ' && !is_junk_cp(p[0]) &&
	    !is_junk_cp(p[n - 1]));
}

char *
text_clean(const char *raw, int *repaired)
{
	struct text_cpbuf	 b = { NULL, 0, 0 };
	const char	*s = raw;
	char		*out;
	int32_t		 c;
	size_t		 lo, hi;
	int		 bad = 0, space = 0, rep = 0;
	utf8proc_category_t	 cat;

	if (ascii_clean(raw))
		return strdup(raw);
	for (;;) {
		c = text_next_cp(&s, &bad);
		if (c < 0)
			break;
		if (c == CP_ETH_UC || c == CP_ETH) {
			c = c == CP_ETH_UC ? CP_D_STROKE_UC : CP_D_STROKE;
			rep = 1;
		}
		cat = utf8proc_category(c);
		if (is_space_cp(c) || cat == UTF8PROC_CATEGORY_ZL ||
		    cat == UTF8PROC_CATEGORY_ZP) {
			space = 1;
			continue;
		}
		if (cat == UTF8PROC_CATEGORY_CC) {
			/* A control character separates like a space. */
			space = 1;
			rep = 1;
			continue;
		}
		/* Zero-width joiners, BOM, soft hyphen: invisible. */
		if (cat == UTF8PROC_CATEGORY_CF)
			continue;
		if (cat == UTF8PROC_CATEGORY_CO ||
		    cat == UTF8PROC_CATEGORY_CN ||
		    cat == UTF8PROC_CATEGORY_CS) {
			rep = 1;
			continue;
		}
		if (space && b.n > 0 && text_cpbuf_push(&b, ' ') == -1)
			goto fail;
		space = 0;
		if (text_cpbuf_push(&b, c) == -1)
			goto fail;
	}
	lo = 0;
	hi = b.n;
	while (lo < hi && (is_junk_cp(b.v[lo]) || b.v[lo] == ' ')) {
		if (b.v[lo] != ' ')
			rep = 1;
		lo++;
	}
	while (hi > lo && (is_junk_cp(b.v[hi - 1]) || b.v[hi - 1] == ' ')) {
		if (b.v[hi - 1] != ' ')
			rep = 1;
		hi--;
	}
	/* b.v is NULL for an empty cell, and NULL + 0 is undefined. */
	out = text_encode_nfc(b.v == NULL ? NULL : b.v + lo, hi - lo);
	free(b.v);
	if (out != NULL && repaired != NULL && (rep || bad))
		*repaired = 1;
	return out;
fail:
	free(b.v);
	return NULL;
}

char *
norm_text(const char *raw)
{
	if (raw == NULL)
		return strdup("");
	return text_clean(raw, NULL);
}

/* Maps one code point of a fold decomposition to its ASCII key, or 0. */
static char
fold_char(int32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return (char)c;
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	switch (c) {
	case CP_D_STROKE:
	case CP_D_STROKE_UC:
	case CP_ETH:
	case CP_ETH_UC:
	case 0x0189:		/* Ɖ, African D */
	case 0x0256:		/* ɖ */
		return 'd';
	default:
		return 0;
	}
}

/*
 * Folds s into buf (size sz, always NUL-terminated when sz > 0) and
 * returns the length the whole fold needs, like snprintf().
 */
size_t
text_fold_into(const char *s, char *buf, size_t sz)
{
	utf8proc_int32_t	 d[32];
	utf8proc_ssize_t	 k, i;
	int32_t			 c;
	size_t			 n = 0;
	int			 bc;
	char			 ch;

	for (;;) {
		/* ASCII has no decomposition and folds to itself: skip
		 * utf8proc for the letters most names are made of. */
		if ((unsigned char)*s < 0x80) {
			if (*s == '\0')
				break;
			ch = fold_char(*s++);
			if (ch != 0) {
				if (n + 1 < sz)
					buf[n] = ch;
				n++;
			}
			continue;
		}
		c = text_next_cp(&s, NULL);
		if (c < 0)
			break;
		bc = UTF8PROC_BOUNDCLASS_START;
		k = utf8proc_decompose_char(c, d, 32, UTF8PROC_DECOMPOSE |
		    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK,
		    &bc);
		if (k < 0 || k > 32)
			continue;
		for (i = 0; i < k; i++) {
			ch = fold_char(d[i]);
			if (ch == 0)
				continue;
			if (n + 1 < sz)
				buf[n] = ch;
			n++;
		}
	}
	if (sz > 0)
		buf[n < sz ? n : sz - 1] = '\0';
	return n;
}

char *
norm_fold(const char *raw)
{
	char	*p, tmp[256];
	size_t	 len;

	if (raw == NULL)
		return strdup("");
	/* Most folds fit tmp: one pass, not one to measure and one to
	 * write. */
	len = text_fold_into(raw, tmp, sizeof(tmp));
	if (len < sizeof(tmp))
		return strdup(tmp);
	p = malloc(len + 1);
	if (p == NULL)
		return NULL;
	text_fold_into(raw, p, len + 1);
	return p;
}

/*
 * Writes the letters, marks and digits of s, lowercased but with their
 * diacritics, into buf; punctuation and spaces are dropped, so "Ê-đê" and
 * "ê đê" give the same key.  Returns the length needed, like
 * text_fold_into().
 */
size_t
text_lower_into(const char *s, char *buf, size_t sz)
{
	utf8proc_uint8_t	 enc[4];
	utf8proc_ssize_t	 k, i;
	utf8proc_category_t	 cat;
	int32_t			 c;
	size_t			 n = 0;

	for (;;) {
		c = text_next_cp(&s, NULL);
		if (c < 0)
			break;
		cat = utf8proc_category(c);
		if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_NO)
			continue;
		k = utf8proc_encode_char(utf8proc_tolower(c), enc);
		for (i = 0; i < k; i++) {
			if (n + 1 < sz)
				buf[n] = (char)enc[i];
			n++;
		}
	}
	if (sz > 0)
		buf[n < sz ? n : sz - 1] = '\0';
	return n;
}

/*
 * Decodes up to cap code points of s into v, dropping invalid bytes, and
 * returns how many s holds in all.
 */
static size_t
decode_upto(const char *s, int32_t *v, size_t cap)
{
	int32_t	 c;
	size_t	 n = 0;

	for (;;) {
		c = text_next_cp(&s, NULL);
		if (c < 0)
			break;
		if (n < cap)
			v[n] = c;
		n++;
	}
	return n;
}

size_t
norm_distance(const char *a, const char *b)
{
	int32_t	 va[DIST_CAP], vb[DIST_CAP];
	size_t	 r0[DIST_CAP + 1], r1[DIST_CAP + 1];
	size_t	*prev = r0, *cur = r1, *t;
	size_t	 na, nb, i, j, best, x;

	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	na = decode_upto(a, va, DIST_CAP);
	nb = decode_upto(b, vb, DIST_CAP);
	if (na > DIST_CAP || nb > DIST_CAP) {
		/*
		 * Too long to compare in bounded time: the longer length is
		 * an upper bound and is large enough to mean "different".
		 */
		if (strcmp(a, b) == 0)
			return 0;
		return na > nb ? na : nb;
	}
	for (j = 0; j <= nb; j++)
		prev[j] = j;
	for (i = 1; i <= na; i++) {
		cur[0] = i;
		for (j = 1; j <= nb; j++) {
			best = prev[j - 1] + (va[i - 1] == vb[j - 1] ? 0 : 1);
			x = prev[j] + 1;
			if (x < best)
				best = x;
			x = cur[j - 1] + 1;
			if (x < best)
				best = x;
			cur[j] = best;
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	return prev[nb];
}
