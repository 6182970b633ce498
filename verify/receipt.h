/*
 * receipt.h: the answer to an employer's question, and its offline check.
 *
 * An employer gives the serial number, full name and date of birth printed
 * on a diploma.  When all three match a record, the answer is a receipt:
 * the fields an employer may see with the salts that open their digests,
 * the record's latest event as the log holds it (its leaf), the inclusion
 * proof and the signed checkpoint, and every event of the record with its
 * own leaf and proof.  For the serial of a diploma since reissued (the old
 * paper), the receipt proves the reissue instead, with status "replaced".
 * Anyone with the department's verifier key can check a receipt later,
 * offline, without trusting the server (receipt_check.h).  Any mismatch is
 * simply "not found", indistinguishable from no record.
 */
#ifndef SOGOC_VERIFY_RECEIPT_H
#define SOGOC_VERIFY_RECEIPT_H

#include <stddef.h>

#include <jansson.h>

#include "note.h"
#include "receipt_check.h"
#include "store.h"

/* Fields a receipt discloses: never ethnicity, place of birth or notes. */
#define RECEIPT_FIELDS	((1u << FIELD_FULL_NAME) | \
	(1u << FIELD_DATE_OF_BIRTH) | (1u << FIELD_CLASSIFICATION) | \
	(1u << FIELD_SERIAL_NO) | (1u << FIELD_REGISTER_NO))

#define RECEIPT_OK		0
#define RECEIPT_NOTFOUND	1	/* no record matches all three */
#define RECEIPT_EINPUT		2	/* a parameter is malformed
					   (receipt_bad_input says which) */
#define RECEIPT_ESTORE		3	/* the registry failed (store_errmsg) */

/* Which of a question's parts are missing or malformed, as a mask. */
#define RECEIPT_BAD_SERIAL	0x1
#define RECEIPT_BAD_NAME	0x2
#define RECEIPT_BAD_DOB		0x4	/* also a date that does not exist */
unsigned int	 receipt_bad_input(const char *serial, const char *name,
		    const char *dob);

/*
 * Looks up the diploma with serial, name and dob (as typed: any case,
 * with or without diacritics; dates as d/m/yyyy or yyyy-mm-dd), or the
 * reissue that replaced serial on that person's diploma, and on a
 * match sets *out to its receipt as JSON text, written straight into a
 * buffer (jsonw.h): the caller frees it; *len, unless len is NULL, is its
 * length.  Reads in one read transaction, so it is safe from many threads
 * at once.
 */
int		 receipt_text(struct store *st, const char *serial,
		    const char *name, const char *dob, char **out,
		    size_t *len);

/*
 * The receipt of record's current state, as receipt_text() gives it, for
 * a share code (whoever holds one may see the record's receipt).
 */
int		 receipt_of_record(struct store *st, uint64_t record,
		    char **out, size_t *len);

/* The same receipt as a jansson object (json_decref it), for the page. */
int		 receipt_make(struct store *st, const char *serial,
		    const char *name, const char *dob, json_t **out);

#endif /* SOGOC_VERIFY_RECEIPT_H */
