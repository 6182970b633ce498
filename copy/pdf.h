/*
 * pdf.h: the certified copy of a ledger entry (bản sao văn bằng từ sổ
 * gốc) laid out as a PDF page.
 *
 * Cairo's PDF surface writes the page, Pango sets the Vietnamese text
 * (the fonts used are embedded, subset), and libqrencode gives the QR
 * code of the verification address, drawn as vector squares.  The
 * signature of the file is not made here.
 */
#ifndef SOGOC_COPY_PDF_H
#define SOGOC_COPY_PDF_H

#include <stddef.h>

struct copy_field {
	const char	*label;		/* Họ và tên, ... */
	const char	*value;
};

struct copy_doc {
	const char		*authority;	/* the issuing authority */
	const char		*title;		/* the diploma, e.g. "Bằng
						   tốt nghiệp THPT năm 2005" */
	const struct copy_field	*fields;	/* every field as recorded */
	size_t			 nfields;
	const char *const	*notes;		/* corrections, revocation */
	size_t			 nnotes;
	const char		*copy_no;	/* the copy's number */
	const char		*date;		/* its date, d/m/yyyy */
	const char		*place;		/* where issued, may be NULL */
	const char		*signer;	/* name of who signs */
	const char		*signer_title;	/* and their office */
	const char		*url;		/* verification address (QR) */
	const char		*code;		/* share code, may be NULL */
};

/*
 * Writes the copy d to path as a one-page A4 PDF.  0, or -1 with why in
 * err (errsz bytes).
 */
int	copy_pdf_write(const struct copy_doc *d, const char *path, char *err,
	    size_t errsz);

#endif /* SOGOC_COPY_PDF_H */
