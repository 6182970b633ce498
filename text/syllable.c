/*
 * syllable.c: what a Vietnamese word may be.  The syllable grammar
 * (onsets, rhymes, where the tone sits), the shape of a full name, the
 * shape of a place or school, and the lists of common family names and of
 * provinces that the page reader takes as evidence.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "fold.h"
#include "syllable.h"

/* Longest syllable, in letters, worth looking at ("nghiêng" has 7). */
#define SYL_MAX		10

/* Combining marks that Vietnamese uses. */
#define MARK_GRAVE	0x0300		/* huyền */
#define MARK_ACUTE	0x0301		/* sắc */
#define MARK_CIRC	0x0302
#define MARK_TILDE	0x0303		/* ngã */
#define MARK_BREVE	0x0306
#define MARK_HOOK	0x0309		/* hỏi */
#define MARK_HORN	0x031b
#define MARK_DOT	0x0323		/* nặng */

/* One syllable split into toneless lowercase letters and its tone. */
struct syl {
	int32_t	 let[SYL_MAX];
	size_t	 n;
	int32_t	 tone;		/* 0 or one of the five tone marks */
	size_t	 tonepos;	/* index in let of the toned letter */
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
		c = text_next_cp(&s, &bad);
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
		c = text_next_cp(&s, NULL);
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

int
norm_valid_name(const char *s)
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
	if (text_lower_into(buf, key, sizeof(key)) >= sizeof(key))
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
int
norm_valid_place(const char *s)
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
			c = text_next_cp(&q, NULL);
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
	if (n == 0 || text_lower_into(word, key, sizeof(key)) >= sizeof(key))
		return 0;
	for (i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++) {
		text_lower_into(surnames[i], cand, sizeof(cand));
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
		if (text_lower_into(provinces[i], cand, sizeof(cand)) <
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
	if (text_lower_into(last, key, sizeof(key)) >= sizeof(key) ||
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
