/*
 * syllable.h: Vietnamese syllables, names, family names, provinces and
 * places (text/syllable.c).
 *
 * Every call takes NUL-terminated UTF-8 (NFC, any case; NULL gives 0),
 * returns 1 or 0, allocates nothing and keeps no state, so all are
 * thread-safe.
 */
#ifndef SOGOC_TEXT_SYLLABLE_H
#define SOGOC_TEXT_SYLLABLE_H

/*
 * Returns 1 when word (one UTF-8 syllable, NFC, any case) is a well-formed
 * Vietnamese syllable: a known onset, a known rhyme, at most one tone mark,
 * and the sắc/nặng-only rule for rhymes ending in p, t, c, ch.
 */
int		 norm_viet_syllable(const char *word);

/*
 * Returns 1 when s (cleaned, not NULL) is a plausible full name: two to
 * seven syllables, each in title or upper case.
 */
int		 norm_valid_name(const char *s);

/*
 * Returns 1 when s (cleaned, not NULL) is a plausible place or school:
 * every word a syllable, a number, an all-caps abbreviation (THPT, TP,
 * ĐH) or a known non-syllable place word (Đắk, Pleiku).
 */
int		 norm_valid_place(const char *s);

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
 * Returns 1 when place (NFC, any case) holds a word that one misread tone
 * mark makes from a common place word and that places themselves rarely
 * hold ("Cấm" for "Cẩm"): every pass reads the mark alike, so the value
 * goes to review.  Evidence, not validity; 0 for NULL.
 */
int		 norm_place_suspect(const char *place);

#endif /* SOGOC_TEXT_SYLLABLE_H */
