/*
 * date.h: dates of birth as ledgers write them (text/date.c).
 *
 * The calls write into the caller's buffer, allocate nothing beyond a
 * temporary copy and keep no state: all are thread-safe.
 */
#ifndef SOGOC_TEXT_DATE_H
#define SOGOC_TEXT_DATE_H

#include <stddef.h>

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
 * norm_date() on text already cleaned by text_clean(); *rep is set when
 * digits had to be repaired or the text was not in one of the written
 * forms.
 */
int		 norm_date_parse(const char *s, int ledger_year, char *out,
		    size_t outsz, int *rep);

/*
 * The digit c stands for, with the letters OCR reads for digits (O 0,
 * l I | 1, S 5, B 8; *rep set for those), or -1.
 */
int		 norm_date_digit(char c, int *rep);

/*
 * An ISO date as people in Viet Nam write it, on the verification page,
 * the console and the certified copy: 1980-05-12 as 12/5/1980, 1980-05 as
 * 5/1980.  Returns out when it wrote the date there; else (NULL, a bare
 * year, any other text, or out too small) iso itself, out left alone.
 */
const char	*norm_date_dmy(const char *iso, char *out, size_t outsz);

#endif /* SOGOC_TEXT_DATE_H */
