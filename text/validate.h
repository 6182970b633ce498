/*
 * validate.h: turn the raw text Tesseract read from one ledger cell into
 * the normalised value of SPEC section 2, and say whether that value is
 * valid (text/validate.c).
 *
 * Normalisers never fail on bad OCR text: a misread field is data, carried
 * with valid = 0 so the caller can flag it for review.  They fail (return
 * non-zero) only on allocation failure or invalid arguments.  The caller
 * owns struct norm and frees its value with norm_clear().  Every call is
 * thread-safe: no state is kept between calls.
 */
#ifndef SOGOC_TEXT_VALIDATE_H
#define SOGOC_TEXT_VALIDATE_H

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

#endif /* SOGOC_TEXT_VALIDATE_H */
