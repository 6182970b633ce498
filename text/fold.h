/*
 * fold.h: Unicode clean-up and folding of OCR text (text/fold.c).
 *
 * The public calls (norm_text, norm_fold, norm_distance) return malloc'd
 * strings the caller frees, or a count; they never fail on bad input
 * (invalid UTF-8 is dropped) and return NULL only when memory runs out.
 * Every call here is thread-safe: no state is kept between calls.
 *
 * The text_* calls at the end are the code-point helpers the other files
 * of text/ share; they are not meant for callers outside text/.
 */
#ifndef SOGOC_TEXT_FOLD_H
#define SOGOC_TEXT_FOLD_H

#include <stddef.h>
#include <stdint.h>

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
 * Levenshtein distance between two UTF-8 strings, counted in code points.
 */
size_t		 norm_distance(const char *a, const char *b);

/* Helpers shared by the files of text/. */

/* A growable array of code points; start it zeroed, free(v) when done. */
struct text_cpbuf {
	int32_t	*v;
	size_t	 n;
	size_t	 cap;
};

/* Appends c to b; returns 0, or -1 when memory runs out. */
int		 text_cpbuf_push(struct text_cpbuf *b, int32_t c);

/*
 * Decodes the code point at *s and advances *s past it.  Bytes that do not
 * start a valid UTF-8 sequence are skipped, and *bad (may be NULL) is set.
 * Returns -1 at the terminating NUL.
 */
int32_t		 text_next_cp(const char **s, int *bad);

/* v[0..n) as malloc'd UTF-8 in NFC, or NULL when memory runs out. */
char		*text_encode_nfc(const int32_t *v, size_t n);

/*
 * norm_text(), and *repaired (may be NULL) set when the text needed more
 * than NFC and white-space clean-up.
 */
char		*text_clean(const char *raw, int *repaired);

/*
 * Writes the fold of s (as norm_fold()) into buf of sz bytes, always
 * NUL-terminated when sz > 0, and returns the length the whole fold needs,
 * like snprintf().
 */
size_t		 text_fold_into(const char *s, char *buf, size_t sz);

/*
 * Writes the letters, marks and digits of s, lowercased with their
 * diacritics, into buf; returns the length needed, like text_fold_into().
 */
size_t		 text_lower_into(const char *s, char *buf, size_t sz);

#endif /* SOGOC_TEXT_FOLD_H */
