/*
 * pdf.c: the certified copy as a PDF page (see pdf.h).
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "pdf.h"

/* A4 in points, and the margins. */
#define PAGE_W		595.28
#define PAGE_H		841.89
#define MARGIN		56.0
#define TEXT_W		(PAGE_W - 2 * MARGIN)
#define QR_SIZE		96.0

#define FONT		"Noto Serif"

/*
 * Sets text (UTF-8, plain: no markup) at x, y in width w with the font
 * description font and alignment; returns its height.
 */
static double
text(cairo_t *cr, const char *s, const char *font, double x, double y,
    double w, PangoAlignment align)
{
	PangoLayout		*l;
	PangoFontDescription	*fd;
	int			 pw, ph;

	l = pango_cairo_create_layout(cr);
	fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, &pw, &ph);
	g_object_unref(l);
	return (double)ph / PANGO_SCALE;
}

/* The QR code of s, size points wide, its top left at x, y. */
static int
qr(cairo_t *cr, const char *s, double x, double y, double size)
{
	QRcode		*q;
	double		 m;
	int		 i, j, quiet = 4;

	q = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (q == NULL)
		return -1;
	m = size / (q->width + 2 * quiet);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < q->width; i++)
		for (j = 0; j < q->width; j++)
			if (q->data[i * q->width + j] & 1)
				cairo_rectangle(cr, x + (j + quiet) * m,
				    y + (i + quiet) * m, m, m);
	cairo_fill(cr);
	QRcode_free(q);
	return 0;
}

int
copy_pdf_write(const struct copy_doc *d, const char *path, char *err,
    size_t errsz)
{
	cairo_surface_t	*sf;
	cairo_t		*cr;
	cairo_status_t	 st;
	char		 line[1024];
	double		 y, h, lw = 170;
	size_t		 i;

	sf = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	/* A classic xref table, which sign.c extends (a later Cairo may
	 * write object streams otherwise). */
	cairo_pdf_surface_restrict_to_version(sf, CAIRO_PDF_VERSION_1_5);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errsz, "%s: %s", path, cairo_status_to_string(
		    cairo_surface_status(sf)));
		cairo_surface_destroy(sf);
		return -1;
	}
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE,
	    "BẢN SAO VĂN BẰNG TỪ SỔ GỐC");
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR,
	    "sogoc");
	cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 0, 0, 0);

	/* The heading: the authority left, the national motto right. */
	y = MARGIN;
	h = text(cr, d->authority ? d->authority : "", FONT " Bold 10",
	    MARGIN, y, TEXT_W / 2 - 8, PANGO_ALIGN_CENTER);
	text(cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - "
	    "Hạnh phúc", FONT " Bold 10", MARGIN + TEXT_W / 2, y, TEXT_W / 2,
	    PANGO_ALIGN_CENTER);
	y += (h > 30 ? h : 30) + 28;
	y += text(cr, "BẢN SAO VĂN BẰNG TỪ SỔ GỐC", FONT " Bold 16", MARGIN,
	    y, TEXT_W, PANGO_ALIGN_CENTER) + 4;
	if (d->title != NULL)
		y += text(cr, d->title, FONT " 12", MARGIN, y, TEXT_W,
		    PANGO_ALIGN_CENTER);
	y += 24;

	/* Every field of the entry, as the ledger records it now. */
	for (i = 0; i < d->nfields; i++) {
		text(cr, d->fields[i].label, FONT " 11", MARGIN, y, lw,
		    PANGO_ALIGN_LEFT);
		h = text(cr, d->fields[i].value, FONT " Bold 11", MARGIN + lw,
		    y, TEXT_W - lw, PANGO_ALIGN_LEFT);
		y += (h > 15 ? h : 15) + 5;
	}
	if (d->nnotes > 0) {
		y += 8;
		y += text(cr, "Ghi chú của sổ gốc:", FONT " Italic 10", MARGIN,
		    y, TEXT_W, PANGO_ALIGN_LEFT) + 2;
		for (i = 0; i < d->nnotes; i++)
			y += text(cr, d->notes[i], FONT " 10", MARGIN + 12, y,
			    TEXT_W - 12, PANGO_ALIGN_LEFT) + 2;
	}

	/* The copy's number and date, the signer; the QR code left. */
	y += 28;
	snprintf(line, sizeof(line), "Số bản sao: %s", d->copy_no ?
	    d->copy_no : "");
	text(cr, line, FONT " 11", MARGIN, y, TEXT_W / 2, PANGO_ALIGN_LEFT);
	snprintf(line, sizeof(line), "%s%sngày %s", d->place ? d->place :
	    "", d->place ? ", " : "", d->date ? d->date : "");
	text(cr, line, FONT " Italic 11", MARGIN + TEXT_W / 2, y, TEXT_W / 2,
	    PANGO_ALIGN_CENTER);
	y += 20;
	snprintf(line, sizeof(line), "%s\n\n\n\n%s", d->signer_title ?
	    d->signer_title : "", d->signer ? d->signer : "");
	text(cr, line, FONT " Bold 11", MARGIN + TEXT_W / 2, y, TEXT_W / 2,
	    PANGO_ALIGN_CENTER);
	if (d->url != NULL) {
		if (qr(cr, d->url, MARGIN, y, QR_SIZE) != 0) {
			cairo_destroy(cr);
			cairo_surface_destroy(sf);
			snprintf(err, errsz, "the address is too long for a QR "
			    "code");
			return -1;
		}
		snprintf(line, sizeof(line), "Kiểm tra bản sao: %s%s%s",
		    d->url, d->code ? "\nMã chia sẻ: " : "", d->code ?
		    d->code : "");
		text(cr, line, FONT " 8", MARGIN, y + QR_SIZE + 4,
		    TEXT_W / 2 - 8, PANGO_ALIGN_LEFT);
	}
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errsz, "%s: %s", path,
		    cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
