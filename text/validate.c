/*
 * validate.c: normalize_field(), the value of one ledger cell as SPEC
 * section 2 writes it, and each field's validator: entry numbers, the
 * closed lists (sex, the 54 ethnic groups, classification), serial and
 * register numbers, and the clean-up of specks and spaces OCR leaves.
 * Names, places and dates are judged by syllable.c and date.c.
 *
 * OCR text is untrusted: it may be invalid UTF-8, decomposed, mixed with
 * residue of the table rules, or simply huge.  Everything here decodes with
 * utf8proc, drops what cannot be decoded, bounds every quadratic step, and
 * reports a misread as valid = 0 rather than as an error.  The only errors
 * are allocation failure and invalid arguments.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "date.h"
#include "fold.h"
#include "syllable.h"
#include "validate.h"

/* Room for a folded or lowercased closed-list key. */
#define KEY_MAX		128

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

/* The j-th spelling of entry c (0 its canonical one), NULL past the
 * last. */
static const char *
spelling(const struct closed *c, size_t j)
{
	if (j == 0)
		return c->canon;
	return j <= sizeof(c->alt) / sizeof(c->alt[0]) ? c->alt[j - 1] : NULL;
}

/*
 * Finds key among the keys of list's spellings, lowercased or (folded)
 * folded: 1 with the entry's canonical spelling in *hit, 0 when none has
 * it, -1 when more than one entry has it (with first, the first entry
 * found is taken instead).
 */
static int
key_match(const struct closed *list, size_t n, const char *key, int folded,
    int first, const char **hit)
{
	char		 buf[KEY_MAX];
	const char	*name;
	size_t		 i, j;

	*hit = NULL;
	for (i = 0; i < n; i++)
		for (j = 0, name = list[i].canon; name != NULL;
		    name = spelling(&list[i], ++j)) {
			if (folded)
				text_fold_into(name, buf, sizeof(buf));
			else
				text_lower_into(name, buf, sizeof(buf));
			if (strcmp(key, buf) != 0)
				continue;
			if (*hit != NULL && *hit != list[i].canon) {
				*hit = NULL;
				return -1;
			}
			*hit = list[i].canon;
			if (first)
				return 1;
		}
	return *hit != NULL;
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
	if (text_lower_into(s, lk, sizeof(lk)) >= sizeof(lk))
		return NULL;
	flen = text_fold_into(s, fk, sizeof(fk));
	if (flen >= sizeof(fk) || flen == 0)
		return NULL;
	if (key_match(list, n, lk, 0, 1, &hit) == 1) {
		*exact = 1;
		return hit;
	}
	if (key_match(list, n, fk, 1, 0, &hit) != 0 || flen < 3)
		return hit;
	for (i = 0; i < n; i++) {
		for (j = 0, name = list[i].canon; name != NULL;
		    name = spelling(&list[i], ++j)) {
			lim = text_fold_into(name, buf, sizeof(buf)) >= 6 ?
			    2 : 1;
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
	out->value = strdup(v);
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
		dig = norm_date_digit(s[i], &rep);
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

static int
nf_name(char *s, struct norm *out)
{
	out->valid = norm_valid_name(s);
	return set_value(out, s, s);
}

static int
nf_date(char *s, const struct norm_ctx *ctx, struct norm *out)
{
	char	 iso[16];
	int	 rep = 0;

	if (!norm_date_parse(s, ctx != NULL ? ctx->ledger_year : 0, iso,
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
		text_fold_into(w, fk, sizeof(fk));
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
	struct text_cpbuf	 b = { NULL, 0, 0 };
	const char	*p;
	char		*up;
	size_t		 i, pre, nd;
	int32_t		 c;
	int		 rep = 0, dig, conf = 1;
	long		 v = 0;

	p = s;
	for (;;) {
		c = text_next_cp(&p, NULL);
		if (c < 0)
			break;
		if (text_cpbuf_push(&b, utf8proc_toupper(c)) == -1) {
			free(b.v);
			free(s);
			return NORM_ENOMEM;
		}
	}
	up = text_encode_nfc(b.v, b.n);
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

/*
 * A note never starts with punctuation: a speck or a stroke's end.  Specks
 * with spaces between them go too ("'' *"), so that the note left starts
 * with none and normalising it again keeps it as it is.
 */
static int
trim_leading_specks(char *s)
{
	size_t	 n = 0;

	while (s[n] != '\0' && (strchr(".,:;-'`\"^~*<>", s[n]) != NULL ||
	    (n > 0 && s[n] == ' ')))
		n++;
	if (n == 0)
		return 0;
	memmove(s, s + n, strlen(s + n) + 1);
	return 1;
}

/*
 * tighten()'s second pass, right to left: a space before a hyphen goes
 * when the hyphen, as the first pass left it, is joined to what follows
 * ("x - -y" became "x --y": now "x--y").  The first pass sees the text
 * after the hyphen as it was read, so without this a second normalising
 * would tighten further.  In place.
 */
static void
tighten_back(char *s)
{
	size_t	 n = strlen(s), r = n, w = n;

	/* s[w..n) is the output so far; s[w] the character after s[r]. */
	while (r > 0) {
		r--;
		if (s[r] == ' ' && r > 0 && w + 1 < n && s[w] == '-' &&
		    s[w + 1] != ' ')
			continue;
		s[--w] = s[r];
	}
	memmove(s, s + w, n - w + 1);
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
	tighten_back(s);
}

/* Letters, digits and / - . only: the register numbers ledgers use. */
static int
register_chars(const char *s)
{
	const char	*p = s;
	int32_t		 c;

	while (*p != '\0') {
		c = text_next_cp(&p, NULL);
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
		c = text_next_cp(&p, NULL);
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
		out->value = strdup("");
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
		out->valid = norm_valid_place(s);
		rc = set_value(out, s, s);
		break;
	case FIELD_NOTES:
		/* Free text, but made of words: not a stray stroke. */
		if (trim_leading_specks(s))
			out->exact = 0;
		tighten(s, 0);
		out->valid = norm_valid_place(s) && alnum_count(s) >= 2;
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
