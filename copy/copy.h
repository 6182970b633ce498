/*
 * copy.h: a certified copy of one record of the registry: what it says,
 * gathered from the record's current state and its history, ready for
 * copy_pdf_write() (pdf.h).
 */
#ifndef SOGOC_COPY_COPY_H
#define SOGOC_COPY_COPY_H

#include <stdint.h>

#include <jansson.h>

#include "pdf.h"
#include "store.h"

/* Who issues the copy, and how it is found again. */
struct copy_issue {
	const char	*copy_no;
	const char	*date;		/* d/m/yyyy */
	const char	*place;
	const char	*signer;
	const char	*signer_title;	/* lines parted by " / " */
	const char	*url;		/* verification address, for the QR */
	const char	*code;		/* share code, may be NULL */
};

/* A copy's contents; its strings live as long as it does. */
struct copy {
	struct copy_doc		 doc;
	struct copy_field	 fields[16];
	const char		*notes[64];
	char			 title[256];
	char			*note_buf[64];	/* malloc'd, whole */
	char			 dob[16];
	char			 signer_title[256];
	json_t			*rec;
};

/*
 * Fills c with record's copy: every field as recorded now, and a note
 * for each correction, revocation and reissue with its decision.  It
 * reads in txn, or in a read transaction of its own when txn is NULL.
 * STORE_OK, or a STORE_* code (store_errmsg).  copy_clear() it.
 */
int	copy_of_record(struct store *st, struct store_rd *txn,
	    uint64_t record, const struct copy_issue *is, struct copy *c);
void	copy_clear(struct copy *c);

#endif /* SOGOC_COPY_COPY_H */
