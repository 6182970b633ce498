/*
 * field.h: the canonical ledger field keys of SPEC section 2.
 *
 * Every module that speaks about a column of the ledger (header mapping,
 * normalisers, the JSON writer, the fixture generator and its scorer) names
 * it with one of these values, so that the key strings live in one place.
 * The strings returned are static; every call is thread-safe.
 */
#ifndef SOGOC_TEXT_FIELD_H
#define SOGOC_TEXT_FIELD_H

enum field {
	FIELD_SEQ = 0,
	FIELD_FULL_NAME,
	FIELD_DATE_OF_BIRTH,
	FIELD_PLACE_OF_BIRTH,
	FIELD_SEX,
	FIELD_ETHNICITY,
	FIELD_SCHOOL,
	FIELD_CLASSIFICATION,
	FIELD_SERIAL_NO,
	FIELD_REGISTER_NO,
	FIELD_NOTES,
	FIELD_SIGNATURE,	/* recognised so it can be ignored */
	FIELD_COUNT,
	FIELD_UNKNOWN = -1
};

/*
 * Returns the JSON key of f ("seq", "full_name", ..., "signature"), or NULL
 * when f is out of range.  The string is static.
 */
const char	*field_key(enum field f);

/* The field's label in Vietnamese, as a ledger heads its column. */
const char	*field_label(enum field f);

/* Returns the field named by key, or FIELD_UNKNOWN. */
enum field	 field_from_key(const char *key);

#endif /* SOGOC_TEXT_FIELD_H */
