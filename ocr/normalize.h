/*
 * normalize.h: turn the raw text Tesseract read from one ledger cell into the
 * normalised value of SPEC section 2, and say whether that value is valid.
 *
 * Normalisers never fail on bad OCR text: a misread field is data, carried
 * with valid = 0 so the caller can flag it for review.  They fail (return
 * non-zero) only on allocation failure or invalid arguments.
 */
#ifndef SOGOC_OCR_NORMALIZE_H
#define SOGOC_OCR_NORMALIZE_H

#include <stddef.h>

#include "field.h"

/* What the caller knows about the ledger, for context-dependent fields. */
struct norm_ctx {
	int	 ledger_year;	/* graduation year, 0 when unknown */
};

struct norm {
	char	*value;		/* normalised value, NUL-terminated, malloc'd */
	int	 valid;		/* passed the field's validator */
	int	 exact;		/* raw text needed no repair beyond NFC and
				   white space (an edit-distance match to a
				   closed list, a fixed Ð, ... clear it) */
	long	 number;	/* seq, and the trailing number of serial_no and
				   register_no; -1 when there is none */
};

#define NORM_OK		0
#define NORM_ENOMEM	1
#define NORM_EINVAL	2

/*
 * Normalises raw (UTF-8, possibly invalid or empty) for field f into *out.
 * On success out->value is always set (to "" for an empty cell, which is
 * valid) and must be released with norm_clear().  Returns NORM_OK or an
 * error code; on error *out is cleared.
 */
int		 normalize_field(enum field f, const char *raw,
		    const struct norm_ctx *ctx, struct norm *out);

/*
 * Returns 1 when an invalid value of f is certainly wrong (a date, sex, a
 * closed list), 0 when validity is a plausibility judgement (names, places,
 * serial formats) that a person typing or reviewing the value may overrule.
 */
int		 normalize_strict(enum field f);

/* Frees what normalize_field() allocated; accepts a zeroed or cleared norm. */
void		 norm_clear(struct norm *n);

/*
 * Normalises Vietnamese text: replaces invalid UTF-8 by nothing, maps the
 * Icelandic Ð/ð (U+00D0/U+00F0) to Đ/đ (U+0110/U+0111), collapses white
 * space, trims, and composes to NFC.  Returns a malloc'd string or NULL on
 * allocation failure.
 */
char		*norm_text(const char *raw);

/*
 * Folds text for matching: removes diacritics, maps Đ/đ to d, lowercases,
 * and keeps only ASCII letters and digits.  Returns a malloc'd string or
 * NULL on allocation failure.
 */
char		*norm_fold(const char *raw);

/*
 * Returns 1 when word (one UTF-8 syllable, NFC, any case) is a well-formed
 * Vietnamese syllable: a known onset, a known rhyme, at most one tone mark,
 * and the sắc/nặng-only rule for rhymes ending in p, t, c, ch.
 */
int		 norm_viet_syllable(const char *word);

/*
 * Parses a date of birth written as d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy,
 * dd/mm/yy, m/yyyy or yyyy into ISO 8601 (YYYY-MM-DD, YYYY-MM or YYYY) in
 * out.  Two-digit years resolve to the century that makes the person 10 to
 * 60 years old in ledger_year (or in 2000 when that is 0).  Returns 1 when
 * raw is a real calendar date, else 0 with out set to "".
 */
int		 norm_date(const char *raw, int ledger_year, char *out,
		    size_t outsz);

/*
 * Returns 1 when the first word of name (NFC, any case) is a common
 * Vietnamese family name.  Rare family names exist, so this is evidence for
 * confidence, not validity.
 */
int		 norm_known_surname(const char *name);

/*
 * Returns 1 when place (NFC, any case) is, or ends with, a province or
 * centrally-run city of Viet Nam since 1990 ("Nghệ An", "xã X, huyện Y,
 * tỉnh Nghệ An", "TP. Hồ Chí Minh").  Evidence, not validity.
 */
int		 norm_known_province(const char *place);

/*
 * Returns 1 when raw, the text OCR read in a serial number's cell, runs its
 * letters into its digits with no space or hyphen between, and its last
 * letter is one OCR also reads for a digit (G 6, O D Q 0, I L 1, S 5, B 8,
 * Z 2): "TNG476798" may be "TN6476798", "AB6101075" "A86101075".  The
 * column cannot settle which (every row is read alike), so such a reading
 * is not evidence enough to accept.  0 otherwise, and for NULL.
 */
int		 norm_serial_boundary(const char *raw);

/*
 * Returns 1 when place (NFC, any case) holds a word that one misread tone
 * mark makes from a common place word and that places themselves rarely
 * hold ("Cấm" for "Cẩm"): every pass reads the mark alike, so the value
 * goes to review.  Evidence, not validity; 0 for NULL.
 */
int		 norm_place_suspect(const char *place);

/*
 * Levenshtein distance between two UTF-8 strings, counted in code points.
 */
size_t		 norm_distance(const char *a, const char *b);

/*
 * Is b the entry after a: equal but for one run of digits whose value in
 * b is one more than in a ("A 0123456" -> "A 0123457", "05-THPT/1868" ->
 * "05-THPT/1869", "99" -> "100")?  Returns 1 or 0.
 */
int		 norm_consecutive(const char *a, const char *b);

#endif /* SOGOC_OCR_NORMALIZE_H */
