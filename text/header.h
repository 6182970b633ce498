/*
 * header.h: map the text of a ledger header cell to a canonical field.
 *
 * Labels vary across eras and authorities in wording, case, line breaks and
 * diacritics (SPEC section 2), and arrive through OCR, so matching is done on
 * folded text with a tolerance for small misreadings.  header_match()
 * keeps no state and allocates nothing that outlives the call: it is
 * thread-safe.
 */
#ifndef SOGOC_TEXT_HEADER_H
#define SOGOC_TEXT_HEADER_H

#include "field.h"

/*
 * Returns the field that the header cell text names, or FIELD_UNKNOWN when
 * it names none.  *score (may be NULL) is set to a similarity in [0,1]: 1
 * for an exact folded match of a known label, lower for fuzzy ones, 0 when
 * nothing matched.  FIELD_SIGNATURE is returned for the signature column.
 * Text that names nothing as a whole is matched by its trailing words, the
 * lower level of a two-level header ("Văn bằng Số hiệu" names serial_no).
 */
enum field	 header_match(const char *text, double *score);

#endif /* SOGOC_TEXT_HEADER_H */
