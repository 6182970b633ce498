/*
 * profile.h: a layout profile pins what the page header would say.
 *
 * Where a ledger's header row is unreadable (torn, stamped over, written in
 * an unusual hand) staff describe the volume once in a small JSON file:
 *
 *	{"columns": ["seq", "full_name", "date_of_birth", "signature"],
 *	 "ledger_year": 1994, "serial_series": ["AB"]}
 *
 * "columns" lists the field key of every ruled column from left to right
 * ("ignore" for a column to skip); "ledger_year" is the graduation year,
 * used to resolve two-digit years of birth; "serial_series" the letters
 * the volume's blank forms print before their serial numbers ("" for
 * none), which say where a serial's letters end when the scan does not
 * ("AB6101075" is AB and 6101075, not A and 86101075).  All are optional.
 */
#ifndef SOGOC_OCR_PROFILE_H
#define SOGOC_OCR_PROFILE_H

#include <stddef.h>

#include "field.h"

#define PROFILE_MAX_COLUMNS	32
#define PROFILE_MAX_SERIES	8	/* serial series per volume */
#define PROFILE_SERIES_LEN	6	/* letters in a series */

struct profile {
	int		 ncolumns;	/* 0: map columns by reading the header */
	enum field	 columns[PROFILE_MAX_COLUMNS];	/* FIELD_UNKNOWN:
							   ignore */
	int		 ledger_year;	/* 0 when unknown */
	int		 nseries;	/* 0: the series are not known */
	char		 series[PROFILE_MAX_SERIES][PROFILE_SERIES_LEN + 1];
					/* upper-case ASCII letters */
};

/*
 * Does the profile name the letters of serial value (as normalised: its
 * letters, then its digits) as one of the volume's series?  0 when prof
 * is NULL or names none.
 */
int		 profile_series_known(const struct profile *prof,
		    const char *value);

/*
 * Reads the profile at path into *out.  Returns 0, or -1 with a message
 * naming the problem (and, for JSON errors, the line) in err.
 */
int		 profile_load(const char *path, struct profile *out, char *err,
		    size_t errsz);

#endif /* SOGOC_OCR_PROFILE_H */
