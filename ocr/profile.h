/*
 * profile.h: a layout profile pins what the page header would say.
 *
 * Where a ledger's header row is unreadable (torn, stamped over, written in
 * an unusual hand) staff describe the volume once in a small JSON file:
 *
 *	{"columns": ["seq", "full_name", "date_of_birth", "signature"],
 *	 "ledger_year": 1994}
 *
 * "columns" lists the field key of every ruled column from left to right
 * ("ignore" for a column to skip); "ledger_year" is the graduation year,
 * used to resolve two-digit years of birth.  Both are optional.
 */
#ifndef SOGOC_OCR_PROFILE_H
#define SOGOC_OCR_PROFILE_H

#include <stddef.h>

#include "field.h"

#define PROFILE_MAX_COLUMNS	32

struct profile {
	int		 ncolumns;	/* 0: map columns by reading the header */
	enum field	 columns[PROFILE_MAX_COLUMNS];	/* FIELD_UNKNOWN:
							   ignore */
	int		 ledger_year;	/* 0 when unknown */
};

/*
 * Reads the profile at path into *out.  Returns 0, or -1 with a message
 * naming the problem (and, for JSON errors, the line) in err.
 */
int		 profile_load(const char *path, struct profile *out, char *err,
		    size_t errsz);

#endif /* SOGOC_OCR_PROFILE_H */
