/*
 * normalize.c: turn the raw text of one ledger cell into the normalised
 * value of SPEC section 2 and judge whether it is valid.
 *
 * OCR text is untrusted: it may be invalid UTF-8, decomposed, mixed with
 * residue of the table rules, or simply huge.  Everything here decodes with
 * utf8proc, drops what cannot be decoded, bounds every quadratic step, and
 * reports a misread as valid = 0 rather than as an error.  The only errors
 * are allocation failure and invalid arguments.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "normalize.h"

/* Longest input, in code points, that norm_distance() compares exactly. */
#define DIST_CAP	1024

/* Longest syllable, in letters, worth looking at ("nghiêng" has 7). */
#define SYL_MAX		10

/* Room for a folded or lowercased closed-list key. */
#define KEY_MAX		128

/* Combining marks that Vietnamese uses. */
#define MARK_GRAVE	0x0300		/* huyền */
#define MARK_ACUTE	0x0301		/* sắc */
#define MARK_CIRC	0x0302
#define MARK_TILDE	0x0303		/* ngã */
#define MARK_BREVE	0x0306
#define MARK_HOOK	0x0309		/* hỏi */
#define MARK_HORN	0x031b
#define MARK_DOT	0x0323		/* nặng */

/* Vietnamese letters that carry a modifier, lowercase. */
#define CP_A_BREVE	0x0103		/* ă */
#define CP_A_CIRC	0x00e2		/* â */
#define CP_E_CIRC	0x00ea		/* ê */
#define CP_O_CIRC	0x00f4		/* ô */
#define CP_O_HORN	0x01a1		/* ơ */
#define CP_U_HORN	0x01b0		/* ư */
#define CP_D_STROKE	0x0111		/* đ */
#define CP_D_STROKE_UC	0x0110		/* Đ */
#define CP_ETH		0x00f0		/* ð, read by Tesseract for đ */
#define CP_ETH_UC	0x00d0		/* Ð, read by Tesseract for Đ */

/* A growable array of code points. */
struct cpbuf {
	int32_t	*v;
	size_t	 n;
	size_t	 cap;
};

/* One syllable split into toneless lowercase letters and its tone. */
struct syl {
	int32_t	 let[SYL_MAX];
	size_t	 n;
	int32_t	 tone;		/* 0 or one of the five tone marks */
	size_t	 tonepos;	/* index in let of the toned letter */
};

/* A closed-list entry: the canonical spelling and the variants seen. */
struct closed {
	const char	*canon;
	const char	*alt[8];
};

/*
 * The 54 official ethnic groups, with the spellings seen in ledgers
 * (hyphenated forms of the 1979 list, older and alternative names).
 */
static const struct closed ethnic_list[] = {
	{ "Kinh", { "Việt", NULL } },
	{ "Tày", { NULL } },
	{ "Thái", { NULL } },
	{ "Mường", { NULL } },
	{ "Khmer", { "Khơ-me", "Khơ me", "Khơme", "Khmer Krom", NULL } },
	{ "Hoa", { NULL } },
	{ "Nùng", { NULL } },
	{ "Mông", { "H'Mông", "HMông", "Hmông", "H'mông", "Hmong", "Mèo",
	    NULL } },
	{ "Dao", { NULL } },
	{ "Gia Rai", { "Gia-rai", "Jrai", "Jarai", "Giơ-rai", NULL } },
	{ "Ê Đê", { "Ê-đê", "Êđê", "Ra-đê", "Rađê", NULL } },
	{ "Ba Na", { "Ba-na", "Bahnar", NULL } },
	{ "Sán Chay", { "Sán Chay (Cao Lan-Sán Chỉ)", "Cao Lan", "Sán Chỉ",
	    "Cao Lan-Sán Chỉ", NULL } },
	{ "Chăm", { "Chàm", "Chăm Pa", NULL } },
	{ "Cơ Ho", { "Cơ-ho", "K'Ho", "Koho", NULL } },
	{ "Xơ Đăng", { "Xơ-đăng", "Xê Đăng", "Sê Đăng", NULL } },
	{ "Sán Dìu", { "Sán Déo", NULL } },
	{ "Hrê", { "H'rê", "Hre", NULL } },
	{ "Ra Glai", { "Raglai", "Ra-glai", "Rắc Lây", NULL } },
	{ "Mnông", { "M'nông", "Mơ Nông", NULL } },
	{ "Thổ", { NULL } },
	{ "Stiêng", { "Xtiêng", "X'tiêng", "Xa Điêng", NULL } },
	{ "Khơ mú", { "Khơ-mú", "Khmú", "Xá Cẩu", NULL } },
	{ "Bru Vân Kiều", { "Bru-Vân Kiều", "Vân Kiều", "Bru", NULL } },
	{ "Cơ Tu", { "Cơ-tu", "Ca Tu", NULL } },
	{ "Giáy", { "Nhắng", NULL } },
	{ "Tà Ôi", { "Tà-ôi", "Pa Cô", NULL } },
	{ "Mạ", { NULL } },
	{ "Giẻ Triêng", { "Gié-Triêng", "Gié Triêng", "Giẻ-Triêng", NULL } },
	{ "Co", { "Cor", NULL } },
	{ "Chơ Ro", { "Chơ-ro", "Châu Ro", NULL } },
	{ "Xinh Mun", { "Xinh-mun", NULL } },
	{ "Hà Nhì", { "U Ni", "Xá U Ni", NULL } },
	{ "Chu Ru", { "Chu-ru", NULL } },
	{ "Lào", { NULL } },
	{ "Kháng", { NULL } },
	{ "La Chí", { NULL } },
	{ "Phù Lá", { NULL } },
	{ "La Hủ", { NULL } },
	{ "La Ha", { NULL } },
	{ "Pà Thẻn", { "Pà Hưng", NULL } },
	{ "Chứt", { NULL } },
	{ "Lự", { NULL } },
	{ "Lô Lô", { NULL } },
	{ "Mảng", { NULL } },
	{ "Cờ Lao", { "Co Lao", "Cơ Lao", NULL } },
	{ "Bố Y", { "Bố-y", "Chủng Chá", NULL } },
	{ "Cống", { NULL } },
	{ "Ngái", { NULL } },
	{ "Si La", { NULL } },
	{ "Pu Péo", { "Pu-péo", "Ka Pèo", NULL } },
	{ "Rơ Măm", { "Rơ-măm", NULL } },
	{ "Brâu", { "Brao", NULL } },
	{ "Ơ Đu", { "Ơ-đu", "Tày Hạt", NULL } },
};

static const struct closed class_list[] = {
	{ "Xuất sắc", { "XS", "X.S", NULL } },
	{ "Giỏi", { NULL } },
	{ "Khá", { NULL } },
	{ "Trung bình", { "TB", "T.B", "Tr.bình", "Tr. bình", NULL } },
};

static const struct closed sex_list[] = {
	{ "Nam", { NULL } },
	{ "Nữ", { NULL } },
};

/* Vietnamese onsets, longest first so that "ngh" wins over "ng". */
static const struct {
	const char	*s;
	size_t		 nlet;
} onsets[] = {
	{ "ngh", 3 },
	{ "ng", 2 }, { "nh", 2 }, { "gh", 2 }, { "gi", 2 }, { "kh", 2 },
	{ "ch", 2 }, { "ph", 2 }, { "th", 2 }, { "tr", 2 }, { "qu", 2 },
	{ "b", 1 }, { "c", 1 }, { "d", 1 }, { "đ", 1 }, { "g", 1 },
	{ "h", 1 }, { "k", 1 }, { "l", 1 }, { "m", 1 }, { "n", 1 },
	{ "p", 1 }, { "r", 1 }, { "s", 1 }, { "t", 1 }, { "v", 1 },
	{ "x", 1 },
};

/* Vietnamese rhymes without tone, grouped by nucleus. */
static const char *const rhymes[] = {
	"a", "ai", "ao", "au", "ay", "ac", "ach", "am", "an", "ang", "anh",
	"ap", "at",
	"ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
	"âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
	"e", "ec", "em", "en", "eng", "eo", "ep", "et",
	"ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu",
	"i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu",
	"iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
	"o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong",
	"oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao",
	"oap", "oat", "oay",
	"oăc", "oăm", "oăn", "oăng", "oăt",
	"oe", "oen", "oeo", "oet",
	"ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt",
	"ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
	"u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut",
	"uân", "uâng", "uât", "uây",
	"uê", "uêch", "uênh",
	"uôc", "uôi", "uôm", "uôn", "uông", "uôt",
	"uơ",
	"uy", "uya", "uych", "uyên", "uyêt", "uynh", "uyp", "uyt", "uyu",
	"ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu",
	"ươ", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
	"y", "yêm", "yên", "yêng", "yêt", "yêu",
};

static char *
xstrdup(const char *s)
{
	char	*p;
	size_t	 len;

	len = strlen(s);
	p = malloc(len + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, len + 1);
	return p;
}

static int
cpbuf_push(struct cpbuf *b, int32_t c)
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
static int32_t
next_cp(const char **s, int *bad)
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
static char *
encode_nfc(const int32_t *v, size_t n)
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
static char *
text_clean(const char *raw, int *repaired)
{
	struct cpbuf	 b = { NULL, 0, 0 };
	const char	*s = raw;
	char		*out;
	int32_t		 c;
	size_t		 lo, hi;
	int		 bad = 0, space = 0, rep = 0;
	utf8proc_category_t	 cat;

	for (;;) {
		c = next_cp(&s, &bad);
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
		if (space && b.n > 0 && cpbuf_push(&b, ' ') == -1)
			goto fail;
		space = 0;
		if (cpbuf_push(&b, c) == -1)
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
	out = encode_nfc(b.v == NULL ? NULL : b.v + lo, hi - lo);
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
		return xstrdup("");
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
static size_t
fold_into(const char *s, char *buf, size_t sz)
{
	utf8proc_int32_t	 d[32];
	utf8proc_ssize_t	 k, i;
	int32_t			 c;
	size_t			 n = 0;
	int			 bc;
	char			 ch;

	for (;;) {
		c = next_cp(&s, NULL);
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
	char	*p;
	size_t	 len;

	if (raw == NULL)
		return xstrdup("");
	len = fold_into(raw, NULL, 0);
	p = malloc(len + 1);
	if (p == NULL)
		return NULL;
	fold_into(raw, p, len + 1);
	return p;
}

/*
 * Writes the letters, marks and digits of s, lowercased but with their
 * diacritics, into buf; punctuation and spaces are dropped, so "Ê-đê" and
 * "ê đê" give the same key.  Returns the length needed, like fold_into().
 */
static size_t
lower_into(const char *s, char *buf, size_t sz)
{
	utf8proc_uint8_t	 enc[4];
	utf8proc_ssize_t	 k, i;
	utf8proc_category_t	 cat;
	int32_t			 c;
	size_t			 n = 0;

	for (;;) {
		c = next_cp(&s, NULL);
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
		c = next_cp(&s, NULL);
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

/* Returns the Vietnamese letter for base + modifier mark, or -1. */
static int32_t
letter_with(int32_t base, int32_t mark)
{
	if (mark == MARK_CIRC) {
		if (base == 'a')
			return CP_A_CIRC;
		if (base == 'e')
			return CP_E_CIRC;
		if (base == 'o')
			return CP_O_CIRC;
	} else if (mark == MARK_BREVE) {
		if (base == 'a')
			return CP_A_BREVE;
	} else if (mark == MARK_HORN) {
		if (base == 'o')
			return CP_O_HORN;
		if (base == 'u')
			return CP_U_HORN;
	}
	return -1;
}

static int
is_vowel(int32_t c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
	case CP_A_BREVE: case CP_A_CIRC: case CP_E_CIRC: case CP_O_CIRC:
	case CP_O_HORN: case CP_U_HORN:
		return 1;
	default:
		return 0;
	}
}

static int
has_modifier(int32_t c)
{
	return c == CP_A_BREVE || c == CP_A_CIRC || c == CP_E_CIRC ||
	    c == CP_O_CIRC || c == CP_O_HORN || c == CP_U_HORN;
}

static int
is_front(int32_t c)
{
	return c == 'i' || c == 'e' || c == CP_E_CIRC || c == 'y';
}

static int
is_tone(int32_t m)
{
	return m == MARK_GRAVE || m == MARK_ACUTE || m == MARK_TILDE ||
	    m == MARK_HOOK || m == MARK_DOT;
}

/*
 * Splits word into toneless lowercase letters and its tone.  Returns 0, or
 * -1 when word holds anything but Latin letters with Vietnamese marks, more
 * than one tone, or more than SYL_MAX letters.
 */
static int
syl_parse(const char *word, struct syl *sy)
{
	utf8proc_int32_t	 d[8];
	int32_t			 base[SYL_MAX], mod[SYL_MAX], c, lc;
	utf8proc_ssize_t	 k, i;
	const char		*s = word;
	size_t			 j;
	int			 bad = 0, bc;

	sy->n = 0;
	sy->tone = 0;
	sy->tonepos = 0;
	for (;;) {
		c = next_cp(&s, &bad);
		if (bad)
			return -1;
		if (c < 0)
			break;
		bc = UTF8PROC_BOUNDCLASS_START;
		k = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &bc);
		if (k < 1 || k > 8)
			return -1;
		for (i = 0; i < k; i++) {
			if (d[i] >= 0x0300 && d[i] <= 0x036f) {
				if (sy->n == 0)
					return -1;
				if (is_tone(d[i])) {
					if (sy->tone != 0)
						return -1;
					sy->tone = d[i];
					sy->tonepos = sy->n - 1;
				} else if (d[i] == MARK_CIRC ||
				    d[i] == MARK_BREVE || d[i] == MARK_HORN) {
					if (mod[sy->n - 1] != 0)
						return -1;
					mod[sy->n - 1] = d[i];
				} else
					return -1;
				continue;
			}
			lc = utf8proc_tolower(d[i]);
			if (!((lc >= 'a' && lc <= 'z') || lc == CP_D_STROKE))
				return -1;
			if (sy->n == SYL_MAX)
				return -1;
			base[sy->n] = lc;
			mod[sy->n] = 0;
			sy->n++;
		}
	}
	if (sy->n == 0)
		return -1;
	for (j = 0; j < sy->n; j++) {
		if (mod[j] == 0) {
			sy->let[j] = base[j];
			continue;
		}
		sy->let[j] = letter_with(base[j], mod[j]);
		if (sy->let[j] == -1)
			return -1;
	}
	return 0;
}

/* Encodes letters v[0..n) as UTF-8 into buf (at least n * 4 + 1 bytes). */
static void
letters_utf8(const int32_t *v, size_t n, char *buf)
{
	size_t	 i, len = 0;

	for (i = 0; i < n; i++)
		len += (size_t)utf8proc_encode_char(v[i],
		    (utf8proc_uint8_t *)buf + len);
	buf[len] = '\0';
}

static int
is_rhyme(const char *r)
{
	size_t	 i;

	for (i = 0; i < sizeof(rhymes) / sizeof(rhymes[0]); i++)
		if (strcmp(r, rhymes[i]) == 0)
			return 1;
	return 0;
}

/*
 * Where the tone may sit in the rhyme r[0..m), relative to r.  The main
 * vowel carries it: the last vowel with a modifier if any; else the only
 * vowel; else before a final consonant the last vowel; else the middle of
 * three vowels or the first of two, where oa, oe and uy take it on either
 * vowel (the old "hoà" and the new "hòa" styles are both in use).
 */
static int
tone_place_ok(const int32_t *r, size_t m, size_t t)
{
	size_t	 nv;
	int	 modpos = -1;

	for (nv = 0; nv < m && is_vowel(r[nv]); nv++)
		if (has_modifier(r[nv]))
			modpos = (int)nv;
	if (t >= nv)
		return 0;
	if (modpos >= 0)
		return t == (size_t)modpos;
	if (nv == 1)
		return t == 0;
	if (nv < m)
		return t == nv - 1;
	if (nv == 2) {
		if ((r[0] == 'o' && (r[1] == 'a' || r[1] == 'e')) ||
		    (r[0] == 'u' && r[1] == 'y'))
			return 1;
		return t == 0;
	}
	return t == nv / 2;
}

int
norm_viet_syllable(const char *word)
{
	struct syl	 sy;
	const int32_t	*r;
	char		 full[SYL_MAX * 4 + 1], key[SYL_MAX * 4 + 3];
	const char	*onset = "";
	size_t		 ol = 0, m, i, len;
	int		 ok;

	if (word == NULL || syl_parse(word, &sy) == -1)
		return 0;
	letters_utf8(sy.let, sy.n, full);
	for (i = 0; i < sizeof(onsets) / sizeof(onsets[0]); i++) {
		len = strlen(onsets[i].s);
		if (strncmp(full, onsets[i].s, len) == 0) {
			onset = onsets[i].s;
			ol = onsets[i].nlet;
			break;
		}
	}
	/* "gi" before a vowel is an onset; in gì, gìn the i is the rhyme. */
	if (strcmp(onset, "gi") == 0 && (sy.n < 3 || !is_vowel(sy.let[2]))) {
		onset = "g";
		ol = 1;
	}
	if (ol >= sy.n || !is_vowel(sy.let[ol]))
		return 0;
	r = sy.let + ol;
	m = sy.n - ol;
	letters_utf8(r, m, key + 1);

	/* Spelling rules: c/k, g/gh, ng/ngh, qu, gi and the iê/yê split. */
	if ((strcmp(onset, "k") == 0 || strcmp(onset, "gh") == 0 ||
	    strcmp(onset, "ngh") == 0) && !is_front(r[0]))
		return 0;
	if ((strcmp(onset, "c") == 0 || strcmp(onset, "ng") == 0) &&
	    is_front(r[0]))
		return 0;
	if (strcmp(onset, "g") == 0 && is_front(r[0]) && r[0] != 'i')
		return 0;
	if (strcmp(onset, "gi") == 0 && (r[0] == 'i' || r[0] == 'y'))
		return 0;
	if (strcmp(onset, "qu") == 0) {
		if (r[0] == 'u' || r[0] == CP_U_HORN || r[0] == 'o')
			return 0;
		key[0] = 'u';
		ok = is_rhyme(key + 1) || is_rhyme(key);
		key[0] = 'o';
		ok = ok || is_rhyme(key);
	} else if (strcmp(onset, "gi") == 0 && r[0] == CP_E_CIRC) {
		key[0] = 'i';	/* gi + iêng is written giêng */
		ok = is_rhyme(key);
	} else {
		ok = is_rhyme(key + 1);
		if (ok && r[0] == 'y' && m > 1 && r[1] == CP_E_CIRC && ol > 0)
			ok = 0;	/* yê only without an onset: yên, not tyên */
		if (ok && r[0] == 'i' && m > 1 && r[1] == CP_E_CIRC && ol == 0)
			ok = 0;	/* iê needs an onset: tiên, but yên */
	}
	if (!ok)
		return 0;

	/* Rhymes closed by p, t, c, ch take only sắc or nặng. */
	if (r[m - 1] == 'p' || r[m - 1] == 't' || r[m - 1] == 'c' ||
	    (m >= 2 && r[m - 2] == 'c' && r[m - 1] == 'h')) {
		if (sy.tone != MARK_ACUTE && sy.tone != MARK_DOT)
			return 0;
	}
	if (sy.tone != 0) {
		if (sy.tonepos < ol)
			return 0;
		if (!tone_place_ok(r, m, sy.tonepos - ol))
			return 0;
	}
	return 1;
}

/* Splits raw date text into up to three digit groups; see date_parse(). */
struct dgroups {
	int	 val[3];
	size_t	 len[3];
	char	 sep[2];
	size_t	 n;
};

static int
date_digit(char c, int *rep)
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
			dig = date_digit(*s, &lrep);
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
static int
date_parse(const char *s, int ledger_year, char *out, size_t outsz, int *rep)
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
	ok = date_parse(s, ledger_year, out, outsz, &rep);
	free(s);
	return ok;
}

void
norm_clear(struct norm *n)
{
	if (n == NULL)
		return;
	free(n->value);
	n->value = NULL;
	n->valid = 0;
	n->exact = 0;
	n->number = -1;
}

/* Letter case of one word: how a name or place word may be written. */
enum wcase {
	WC_LOWER,
	WC_TITLE,
	WC_UPPER,
	WC_MIXED
};

static enum wcase
word_case(const char *w, size_t len)
{
	const char	*s = w, *end = w + len;
	int32_t		 c;
	size_t		 i = 0;
	int		 up = 0, low = 0, first_up = 0;

	while (s < end) {
		c = next_cp(&s, NULL);
		if (c < 0)
			break;
		if (utf8proc_isupper(c)) {
			up++;
			if (i == 0)
				first_up = 1;
		} else if (utf8proc_islower(c))
			low++;
		i++;
	}
	if (up == 0)
		return WC_LOWER;
	if (low == 0)
		return WC_UPPER;
	if (first_up && up == 1)
		return WC_TITLE;
	return WC_MIXED;
}

/* Returns 1 when w[0..len) is a Vietnamese syllable. */
static int
word_syllable(const char *w, size_t len)
{
	char	 buf[SYL_MAX * 8 + 1];

	if (len == 0 || len >= sizeof(buf))
		return 0;
	memcpy(buf, w, len);
	buf[len] = '\0';
	return norm_viet_syllable(buf);
}

static int
valid_name(const char *s)
{
	const char	*p = s, *w;
	size_t		 words = 0, len;
	enum wcase	 wc;

	while (*p != '\0') {
		w = p;
		while (*p != '\0' && *p != ' ')
			p++;
		len = (size_t)(p - w);
		words++;
		if (words > 7)
			return 0;
		if (!word_syllable(w, len))
			return 0;
		wc = word_case(w, len);
		if (wc != WC_TITLE && wc != WC_UPPER)
			return 0;
		if (*p == ' ')
			p++;
	}
	return words >= 2;
}

static int
is_word_sep(char c)
{
	return c == ' ' || c == '-' || c == ',' || c == '.' || c == '/' ||
	    c == '(' || c == ')' || c == ';' || c == ':';
}

/*
 * Vowel-less abbreviations of up to three ASCII letters in any case: Tp,
 * Tx, Tt, tp (thành phố, thị xã, thị trấn).  They cannot be syllables.
 */
static int
noun_abbr(const char *w, size_t len)
{
	size_t	 i;
	char	 c;

	if (len == 0 || len > 3)
		return 0;
	for (i = 0; i < len; i++) {
		c = w[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c < 'a' || c > 'z' || strchr("aeiouy", c) != NULL)
			return 0;
	}
	return 1;
}

/*
 * Does the word w (len bytes, any case) spell one of the n words of list
 * (lower case) when lower-cased?
 */
static int
word_in(const char *w, size_t len, const char *const *list, size_t n)
{
	char	 buf[32], key[32];
	size_t	 i;

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, w, len);
	buf[len] = '\0';
	if (lower_into(buf, key, sizeof(key)) >= sizeof(key))
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/*
 * The next word of *p, which is moved past it: its start in *w and its
 * length in *len.  Returns 0 at the end of the text.
 */
static int
next_word(const char **p, const char **w, size_t *len)
{
	while (**p != '\0' && is_word_sep(**p))
		(*p)++;
	if (**p == '\0')
		return 0;
	*w = *p;
	while (**p != '\0' && !is_word_sep(**p))
		(*p)++;
	*len = (size_t)(*p - *w);
	return 1;
}

/*
 * Place names that are not Vietnamese syllables but appear in places of
 * birth and school names: those of the Central Highlands, and "Kạn" of
 * Bắc Kạn, the official spelling of a province, whose k before a breaks
 * the c/k rule (the place validator refused every place in that province).
 */
static int
place_word(const char *w, size_t len)
{
	static const char *const words[] = {
		"đắk", "đăk", "lắk", "lăk", "kon", "plei", "pleiku", "krông",
		"búk", "ea", "jút", "yang", "kbang", "ayun", "drắk", "h'leo",
		"kơ", "glei", "rlấp", "m'drắk", "k'bang", "kar", "kạn",
	};

	return word_in(w, len, words, sizeof(words) / sizeof(words[0]));
}

/*
 * A place or school: every word is a syllable, a number or an all-caps
 * abbreviation (THPT, TP, BTVH, GDTX, TTGDTX, ĐH).
 */
static int
valid_place(const char *s)
{
	const char	*p = s, *w, *q;
	size_t		 words = 0, len, ncp;
	int		 digits, abbr;
	int32_t		 c;
	enum wcase	 wc;

	while (next_word(&p, &w, &len)) {
		words++;
		digits = 1;
		abbr = 1;
		ncp = 0;
		q = w;
		while (q < p) {
			c = next_cp(&q, NULL);
			if (c < 0)
				break;
			ncp++;
			if (c < '0' || c > '9')
				digits = 0;
			if (!((c >= 'A' && c <= 'Z') || c == CP_D_STROKE_UC))
				abbr = 0;
		}
		if (digits)
			continue;
		if (abbr && ncp <= 6)
			continue;
		if (noun_abbr(w, len) || place_word(w, len))
			continue;
		if (!word_syllable(w, len))
			return 0;
		wc = word_case(w, len);
		if (wc == WC_MIXED)
			return 0;
	}
	return words > 0;
}

/*
 * Matches s against a closed list.  A match of the lowercased letters
 * (diacritics kept, punctuation and spaces ignored) is exact; then a match
 * of the folded text; then, for input of three or more folded letters, the
 * entry within edit distance 1 (2 for names of six letters or more) when
 * no other entry is as close.  Returns the canonical spelling or NULL, and
 * sets *exact.
 */
static const char *
closed_match(const struct closed *list, size_t n, const char *s, int *exact)
{
	char		 lk[KEY_MAX], fk[KEY_MAX], buf[KEY_MAX];
	const char	*name, *hit = NULL;
	size_t		 i, j, d, lim, best = SIZE_MAX, flen;
	int		 tie = 0;

	*exact = 0;
	if (lower_into(s, lk, sizeof(lk)) >= sizeof(lk))
		return NULL;
	flen = fold_into(s, fk, sizeof(fk));
	if (flen >= sizeof(fk) || flen == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		for (j = 0; j < 9; j++) {
			name = j == 0 ? list[i].canon : list[i].alt[j - 1];
			if (name == NULL)
				break;
			lower_into(name, buf, sizeof(buf));
			if (strcmp(lk, buf) == 0) {
				*exact = 1;
				return list[i].canon;
			}
		}
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < 9; j++) {
			name = j == 0 ? list[i].canon : list[i].alt[j - 1];
			if (name == NULL)
				break;
			fold_into(name, buf, sizeof(buf));
			if (strcmp(fk, buf) == 0) {
				if (hit != NULL && hit != list[i].canon)
					return NULL;
				hit = list[i].canon;
			}
		}
	}
	if (hit != NULL || flen < 3)
		return hit;
	for (i = 0; i < n; i++) {
		for (j = 0; j < 9; j++) {
			name = j == 0 ? list[i].canon : list[i].alt[j - 1];
			if (name == NULL)
				break;
			lim = fold_into(name, buf, sizeof(buf)) >= 6 ? 2 : 1;
			d = norm_distance(fk, buf);
			if (d > lim)
				continue;
			if (d < best) {
				best = d;
				hit = list[i].canon;
				tie = 0;
			} else if (d == best && hit != list[i].canon)
				tie = 1;
		}
	}
	return tie ? NULL : hit;
}

/* Sets out->value to a copy of v, or takes s when v is s. */
static int
set_value(struct norm *out, char *s, const char *v)
{
	if (v == s) {
		out->value = s;
		return NORM_OK;
	}
	free(s);
	out->value = xstrdup(v);
	return out->value == NULL ? NORM_ENOMEM : NORM_OK;
}

static int
nf_seq(char *s, struct norm *out)
{
	char	 buf[32];
	size_t	 len, i, nd = 0;
	long	 v = 0;
	int	 rep = 0, dig, r;

	len = strlen(s);
	if (len > 0 && (s[len - 1] == '.' || s[len - 1] == ')'))
		len--;
	for (i = 0; i < len; i++) {
		dig = date_digit(s[i], &rep);
		if (dig < 0)
			return set_value(out, s, s);
		if (nd == 0 && dig == 0 && i + 1 < len)
			continue;	/* leading zero */
		if (nd < 10)
			v = v * 10 + dig;
		nd++;
	}
	if (len == 0 || nd > 9)
		return set_value(out, s, s);
	r = snprintf(buf, sizeof(buf), "%ld", v);
	if (r < 0 || (size_t)r >= sizeof(buf))
		return set_value(out, s, s);
	out->number = v;
	out->valid = v >= 1 && v <= 9999;
	if (rep)
		out->exact = 0;
	return set_value(out, s, buf);
}

/*
 * Vietnamese family names are a small closed set: these cover all but a
 * tiny share of the population, including the common ones of the
 * northern and Central Highlands minorities.  A name whose first word is
 * not among them is more likely a misread tone ("Nguyên", "Trân") than a
 * rare family name, so the page reader sends it to review.
 */
static const char *const surnames[] = {
	"Âu", "Bạch", "Bàn", "Bế", "Bùi", "Cà", "Cầm", "Cao", "Chảo", "Châu",
	"Chế", "Chu", "Chung", "Cù", "Cung", "Diệp", "Doãn", "Dương", "Đái",
	"Đàm", "Đào", "Đặng", "Điểu", "Đinh", "Đoàn", "Đồng", "Đổng", "Đỗ",
	"Đường", "Giang", "Giàng", "Giáp", "Hà", "Hàn", "Hầu", "Hồ", "Hoa",
	"Hoàng", "Hồng", "Hứa", "Huỳnh", "Kha", "Khổng", "Khúc", "Khương",
	"Khưu", "Kiều", "Kim", "La", "Lã", "Lạc", "Lại", "Lâm", "Lăng", "Lành",
	"Lầu", "Lê", "Lèo", "Lò", "Lỗ", "Lù", "Lục", "Lữ", "Lưu", "Lương",
	"Lường", "Lý", "Lỳ", "Ma", "Mã", "Mạc", "Mạch", "Mai", "Mẫn", "Mông",
	"Mùa", "Ngô", "Nghiêm", "Nguyễn", "Nhâm", "Nhan", "Ninh", "Nông",
	"Ông", "Phạm", "Phan", "Phí", "Phó", "Phùng", "Phương", "Quách",
	"Quan", "Quản", "Quàng", "Sầm", "Sình", "Sơn", "Sùng", "Tạ", "Tăng",
	"Tào", "Thạch", "Thái", "Thân", "Thào", "Tiêu", "Tiết", "Tô", "Tôn",
	"Tống", "Tòng", "Trà", "Trác", "Trang", "Trần", "Triệu", "Trịnh",
	"Trình", "Trương", "Từ", "Uông", "Ung", "Văn", "Vàng", "Vi", "Vì",
	"Viên", "Võ", "Vũ", "Vương", "Xa",
};

int
norm_known_surname(const char *name)
{
	char	 word[64], key[64], cand[64];
	size_t	 i, n;

	if (name == NULL)
		return 0;
	for (n = 0; name[n] != '\0' && name[n] != ' ' && n + 1 < sizeof(word);
	    n++)
		word[n] = name[n];
	word[n] = '\0';
	if (n == 0 || lower_into(word, key, sizeof(key)) >= sizeof(key))
		return 0;
	for (i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++) {
		lower_into(surnames[i], cand, sizeof(cand));
		if (strcmp(key, cand) == 0)
			return 1;
	}
	return 0;
}

/*
 * Provinces and centrally-run cities, today's 63 and those of earlier
 * boundaries that ledgers since 1990 name (Hà Tây, Hà Sơn Bình, Nghĩa
 * Bình, Bình Trị Thiên, ...).
 */
static const char *const provinces[] = {
	"An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bạc Liêu",
	"Bắc Giang", "Bắc Kạn", "Bắc Cạn", "Bắc Ninh", "Bắc Thái", "Bến Tre",
	"Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận",
	"Bình Trị Thiên", "Cà Mau", "Cao Bằng", "Cần Thơ", "Cửu Long",
	"Đà Nẵng", "Đắk Lắk", "Đắc Lắc", "Đắk Nông", "Điện Biên",
	"Đồng Nai", "Đồng Tháp", "Gia Lai", "Gia Lai - Kon Tum", "Hà Bắc",
	"Hà Giang", "Hà Nam", "Hà Nam Ninh", "Hà Nội", "Hà Sơn Bình",
	"Hà Tây", "Hà Tĩnh", "Hà Tuyên", "Hải Dương", "Hải Hưng",
	"Hải Phòng", "Hậu Giang", "Hòa Bình", "Hoà Bình", "Hoàng Liên Sơn",
	"Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Khánh Hoà", "Kiên Giang",
	"Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
	"Minh Hải", "Nam Định", "Nam Hà", "Nghệ An", "Nghệ Tĩnh",
	"Nghĩa Bình", "Ninh Bình", "Ninh Thuận", "Phú Khánh", "Phú Thọ",
	"Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Nam - Đà Nẵng",
	"Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sài Gòn", "Sông Bé",
	"Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
	"Thanh Hóa", "Thanh Hoá", "Thừa Thiên Huế", "Thừa Thiên - Huế",
	"Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
	"Vĩnh Phú", "Yên Bái",
};

static int
is_province_key(const char *key)
{
	char	 cand[128];
	size_t	 i;

	for (i = 0; i < sizeof(provinces) / sizeof(provinces[0]); i++)
		if (lower_into(provinces[i], cand, sizeof(cand)) <
		    sizeof(cand) && strcmp(key, cand) == 0)
			return 1;
	return 0;
}

int
norm_known_province(const char *place)
{
	/* Keys drop spaces and dots: "thành phố" is "thànhphố". */
	static const char *const lead[] = { "tỉnh", "thànhphố", "tp", NULL };
	const char	*p, *last;
	char		 key[128];
	size_t		 i, n;

	if (place == NULL)
		return 0;
	/* The last part of "xã X, huyện Y, tỉnh Z". */
	last = place;
	for (p = place; *p != '\0'; p++)
		if (*p == ',')
			last = p + 1;
	if (lower_into(last, key, sizeof(key)) >= sizeof(key) ||
	    key[0] == '\0')
		return 0;
	if (is_province_key(key))
		return 1;
	for (i = 0; lead[i] != NULL; i++) {
		n = strlen(lead[i]);
		if (strncmp(key, lead[i], n) == 0 && is_province_key(key + n))
			return 1;
	}
	return 0;
}

int
norm_place_suspect(const char *place)
{
	/*
	 * Made by one misread mark from a common place word, and rare in
	 * places themselves: "Cấm" for "Cẩm" (Cẩm Xuyên, Cẩm Phả, Cẩm
	 * Giàng), the hook read as an acute by every pass on 200-dpi and
	 * damaged scans (docs/ocr.md).
	 */
	static const char *const words[] = { "cấm" };
	const char	*p = place, *w;
	size_t		 len;

	if (place == NULL)
		return 0;
	while (next_word(&p, &w, &len))
		if (word_in(w, len, words, sizeof(words) / sizeof(words[0])))
			return 1;
	return 0;
}

static int
nf_name(char *s, struct norm *out)
{
	out->valid = valid_name(s);
	return set_value(out, s, s);
}

static int
nf_date(char *s, const struct norm_ctx *ctx, struct norm *out)
{
	char	 iso[16];
	int	 rep = 0;

	if (!date_parse(s, ctx != NULL ? ctx->ledger_year : 0, iso,
	    sizeof(iso), &rep))
		return set_value(out, s, s);
	out->valid = 1;
	if (rep)
		out->exact = 0;
	return set_value(out, s, iso);
}

/* The value of a closed-list field: canon when matched, else s, invalid. */
static int
closed_result(char *s, const char *canon, int exact, struct norm *out)
{
	if (canon == NULL)
		return set_value(out, s, s);
	out->valid = 1;
	if (!exact)
		out->exact = 0;
	return set_value(out, s, canon);
}

static int
nf_closed(char *s, const struct closed *list, size_t n, struct norm *out)
{
	const char	*canon;
	int		 exact;

	canon = closed_match(list, n, s, &exact);
	return closed_result(s, canon, exact, out);
}

static int
nf_class(char *s, struct norm *out)
{
	const char	*canon, *sp;
	char		 w[32], fk[32];
	size_t		 len;
	int		 exact;

	canon = closed_match(class_list,
	    sizeof(class_list) / sizeof(class_list[0]), s, &exact);
	sp = strchr(s, ' ');
	if (canon == NULL && sp != NULL && (size_t)(sp - s) < sizeof(w)) {
		/* "Loại giỏi", "Loại: Khá" */
		len = (size_t)(sp - s);
		memcpy(w, s, len);
		w[len] = '\0';
		fold_into(w, fk, sizeof(fk));
		if (strcmp(fk, "loai") == 0)
			canon = closed_match(class_list, sizeof(class_list) /
			    sizeof(class_list[0]), sp + 1, &exact);
	}
	return closed_result(s, canon, exact, out);
}

/* The digit that an OCR confusion in a serial number stands for, or -1. */
static int
serial_digit(char c, int *rep)
{
	if (c >= '0' && c <= '9')
		return c;
	*rep = 1;
	switch (c) {
	case 'O':
	case 'D':
		return '0';
	case 'I':
	case 'L':
	case '|':
		return '1';
	case 'S':
		return '5';
	case 'B':
		return '8';
	default:
		return -1;
	}
}

/*
 * Serial numbers: up to six letters, an optional space or hyphen, then five
 * to nine digits; or the digits alone.  The printed form is kept, except
 * that the letters are uppercased and misread digits repaired.
 */
static int
nf_serial(char *s, struct norm *out)
{
	struct cpbuf	 b = { NULL, 0, 0 };
	const char	*p;
	char		*up;
	size_t		 i, pre, nd;
	int32_t		 c;
	int		 rep = 0, dig, conf = 1;
	long		 v = 0;

	p = s;
	for (;;) {
		c = next_cp(&p, NULL);
		if (c < 0)
			break;
		if (cpbuf_push(&b, utf8proc_toupper(c)) == -1) {
			free(b.v);
			free(s);
			return NORM_ENOMEM;
		}
	}
	up = encode_nfc(b.v, b.n);
	free(b.v);
	free(s);
	if (up == NULL)
		return NORM_ENOMEM;
	out->value = up;

	for (pre = 0; up[pre] >= 'A' && up[pre] <= 'Z'; pre++)
		if (serial_digit(up[pre], &rep) < 0)
			conf = 0;
	rep = 0;
	if (pre > 6)
		return NORM_OK;
	i = pre;
	if (pre > 0) {
		if (up[i] == ' ')
			i++;
		if (up[i] == '-') {
			i++;
			if (up[i] == ' ')
				i++;
		}
	}
	for (nd = 0; up[i + nd] != '\0'; nd++)
		if (serial_digit(up[i + nd], &rep) < 0)
			return NORM_OK;
	if (nd < 5 || nd > 9)
		return NORM_OK;
	for (; up[i] != '\0'; i++) {
		dig = serial_digit(up[i], &rep);
		up[i] = (char)dig;
		v = v * 10 + (dig - '0');
	}
	out->valid = 1;
	out->number = v;
	/*
	 * "O123456" reads as series O, but may be 0123456 misread: keep the
	 * literal reading and leave it to review.
	 */
	if (rep || (pre > 0 && conf && up[pre] >= '0' && up[pre] <= '9'))
		out->exact = 0;
	return NORM_OK;
}

/*
 * Letters OCR reads for a digit, and so writes at the end of a serial's
 * letters when the first digit takes a letter's shape: "TNG476798" for
 * "TN6476798".  Pages print these letters in series too (AB, QB).
 */
static int
digit_like(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	return c != '\0' && strchr("GODQILSBZ", c) != NULL;
}

int
norm_serial_boundary(const char *raw)
{
	const char	*p = raw;
	size_t		 n = 0;

	if (raw == NULL)
		return 0;
	while (*p == ' ' || *p == '|' || *p == '.' || *p == ',')
		p++;
	while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z'))
		n++;
	return n > 0 && p[n] >= '0' && p[n] <= '9' && digit_like(p[n - 1]);
}

static int
is_alnum_cp(int32_t c)
{
	utf8proc_category_t	 cat = utf8proc_category(c);

	/* Not modifier letters: "ˆ" (U+02C6) is a speck, not a letter. */
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO &&
	    cat != UTF8PROC_CATEGORY_LM) ||
	    (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/*
 * Specks of noise and the ends of rules come out of OCR as punctuation at
 * the ends of a cell.  Strips them (in place) from fields where the ledger
 * never ends with one; returns 1 when something was stripped.
 */
static int
trim_specks(char *s)
{
	static const char *const specks[] = { ".", ",", ":", ";", "-", "'",
	    "`", "\"", "^", "~", "*", "<", ">", "\xc2\xbb", "\xc2\xab",
	    "\xe2\x81\x84", "\xe2\x80\x94", "\xe2\x80\x93",
	    "\xe2\x80\x98", "\xe2\x80\x99", NULL };
	size_t	 n, k, len;
	int	 i, hit, any = 0;

	do {
		hit = 0;
		n = strlen(s);
		for (i = 0; specks[i] != NULL; i++) {
			k = strlen(specks[i]);
			if (n >= k && memcmp(s + n - k, specks[i], k) == 0) {
				s[n - k] = '\0';
				hit = 1;
				break;
			}
			if (n >= k && memcmp(s, specks[i], k) == 0) {
				memmove(s, s + k, n - k + 1);
				hit = 1;
				break;
			}
		}
		len = strlen(s);
		while (len > 0 && s[len - 1] == ' ')
			s[--len] = '\0';
		while (s[0] == ' ')
			memmove(s, s + 1, strlen(s));
		any |= hit;
	} while (hit && s[0] != '\0');
	return any;
}

/* A note never starts with punctuation: a speck or a stroke's end. */
static int
trim_leading_specks(char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0' && strchr(".,:;-'`\"^~*<>", s[n]) != NULL)
		n++;
	while (n > 0 && s[n] == ' ')
		n++;
	if (n == 0)
		return 0;
	memmove(s, s + n, strlen(s + n) + 1);
	return 1;
}

/*
 * OCR puts a space after a slash or a hyphen where the ledger has none:
 * "87/ QĐ-SGDĐT", "00- THPT/1505".  Removes a space next to a slash, and
 * one on a single side of a hyphen ("Bà Rịa - Vũng Tàu" keeps both).  With
 * digits set, spaces between two digits go too ("1 787").  In place.
 */
static void
tighten(char *s, int digits)
{
	char	*r, *w;

	for (r = w = s; *r != '\0'; r++) {
		if (*r == ' ' && w > s) {
			char prev = w[-1], next = r[1];

			if (prev == '/' || next == '/')
				continue;
			if (prev == '-' && w - 1 > s && w[-2] != ' ')
				continue;
			if (next == '-' && r[2] != ' ' && r[2] != '\0')
				continue;
			if (digits && prev >= '0' && prev <= '9' &&
			    next >= '0' && next <= '9')
				continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* Letters, digits and / - . only: the register numbers ledgers use. */
static int
register_chars(const char *s)
{
	const char	*p = s;
	int32_t		 c;

	while (*p != '\0') {
		c = next_cp(&p, NULL);
		if (c < 0)
			return 0;
		if (c == '/' || c == '-' || c == '.' || c == ' ')
			continue;
		if (!is_alnum_cp(c))
			return 0;
	}
	return 1;
}

/* Removes every space; only for ASCII values, where that keeps NFC. */
static void
drop_spaces(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++)
		if (*s != ' ')
			*w++ = *s;
	*w = '\0';
}

static size_t
alnum_count(const char *s)
{
	const char	*p = s;
	size_t		 n = 0;
	int32_t		 c;

	while (*p != '\0') {
		c = next_cp(&p, NULL);
		if (c < 0)
			break;
		if (is_alnum_cp(c))
			n++;
	}
	return n;
}

static int
nf_register(char *s, struct norm *out)
{
	const char	*p;
	size_t		 nd = 0;
	long		 v = 0;

	if (trim_specks(s))
		out->exact = 0;
	tighten(s, 1);
	if (!register_chars(s))
		return set_value(out, s, s);

	for (p = s; *p != '\0' && (*p < '0' || *p > '9'); p++)
		;
	for (; *p >= '0' && *p <= '9'; p++, nd++)
		if (nd < 9)
			v = v * 10 + (*p - '0');
	if (nd >= 1 && nd <= 9) {
		out->valid = 1;
		out->number = v;
	}
	return set_value(out, s, s);
}

int
normalize_strict(enum field f)
{
	return f == FIELD_DATE_OF_BIRTH || f == FIELD_SEX ||
	    f == FIELD_ETHNICITY || f == FIELD_CLASSIFICATION;
}

int
normalize_field(enum field f, const char *raw, const struct norm_ctx *ctx,
    struct norm *out)
{
	char	*s;
	int	 rep = 0, rc;

	if (out == NULL)
		return NORM_EINVAL;
	out->value = NULL;
	out->valid = 0;
	out->exact = 0;
	out->number = -1;
	if (raw == NULL || (int)f < 0 || f >= FIELD_COUNT)
		return NORM_EINVAL;
	if (f == FIELD_SIGNATURE) {
		/* The signature column is read only to be ignored. */
		out->value = xstrdup("");
		if (out->value == NULL)
			return NORM_ENOMEM;
		out->valid = 1;
		out->exact = 1;
		return NORM_OK;
	}
	s = text_clean(raw, &rep);
	if (s == NULL)
		return NORM_ENOMEM;
	out->exact = !rep;
	if (s[0] == '\0') {
		out->value = s;
		out->valid = 1;
		return NORM_OK;
	}
	switch (f) {
	case FIELD_SEQ:
		rc = nf_seq(s, out);
		break;
	case FIELD_FULL_NAME:
		rc = nf_name(s, out);
		break;
	case FIELD_DATE_OF_BIRTH:
		rc = nf_date(s, ctx, out);
		break;
	case FIELD_PLACE_OF_BIRTH:
	case FIELD_SCHOOL:
		if (trim_specks(s))
			out->exact = 0;
		out->valid = valid_place(s);
		rc = set_value(out, s, s);
		break;
	case FIELD_NOTES:
		/* Free text, but made of words: not a stray stroke. */
		if (trim_leading_specks(s))
			out->exact = 0;
		tighten(s, 0);
		out->valid = valid_place(s) && alnum_count(s) >= 2;
		rc = set_value(out, s, s);
		break;
	case FIELD_SEX:
		rc = nf_closed(s, sex_list,
		    sizeof(sex_list) / sizeof(sex_list[0]), out);
		break;
	case FIELD_ETHNICITY:
		rc = nf_closed(s, ethnic_list,
		    sizeof(ethnic_list) / sizeof(ethnic_list[0]), out);
		break;
	case FIELD_CLASSIFICATION:
		rc = nf_class(s, out);
		break;
	case FIELD_SERIAL_NO:
		if (trim_specks(s))
			out->exact = 0;
		tighten(s, 0);
		rc = nf_serial(s, out);
		/*
		 * The value is the serial without spaces ("A 0123456" is
		 * A0123456, as the registry looks it up): a narrow printed
		 * space is the one thing in it OCR cannot be sure of.
		 */
		if (rc == NORM_OK && out->valid)
			drop_spaces(out->value);
		break;
	case FIELD_REGISTER_NO:
		rc = nf_register(s, out);
		break;
	default:
		out->valid = 1;
		rc = set_value(out, s, s);
		break;
	}
	if (rc != NORM_OK)
		norm_clear(out);
	return rc;
}

/*
 * Is b the entry after a: equal but for one run of digits whose value in b
 * is one more than in a ("A 0123456" -> "A 0123457", "05-THPT/1868" ->
 * "05-THPT/1869", "99" -> "100")?  Works for any layout of serial or entry
 * number without knowing it.
 */
int
norm_consecutive(const char *a, const char *b)
{
	size_t	 i = 0, ia, ib, ea, eb;
	long	 na = 0, nb = 0;

	while (a[i] != '\0' && a[i] == b[i])
		i++;
	if (a[i] == '\0' && b[i] == '\0')
		return 0;
	/* Back to the start of the digit run that differs. */
	while (i > 0 && a[i - 1] >= '0' && a[i - 1] <= '9')
		i--;
	ia = ib = i;
	for (ea = ia; a[ea] >= '0' && a[ea] <= '9' && ea - ia < 12; ea++)
		na = na * 10 + (a[ea] - '0');
	for (eb = ib; b[eb] >= '0' && b[eb] <= '9' && eb - ib < 12; eb++)
		nb = nb * 10 + (b[eb] - '0');
	if (ea == ia || eb == ib)
		return 0;
	/* The rest must match, and leading zeros keep their width. */
	if (strcmp(a + ea, b + eb) != 0)
		return 0;
	if (ea - ia != eb - ib && a[ia] == '0')
		return 0;
	return nb == na + 1;
}
