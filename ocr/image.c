/*
 * image.c: open scanned inputs and decode their pages (see image.h).
 *
 * Raster formats go through Leptonica, after its header reader has told us
 * the declared size so that a hostile header cannot make us allocate
 * gigabytes.  PDF pages are rendered with poppler-glib into a cairo surface
 * at IMAGE_PDF_DPI; poppler is not safe for concurrent use of one document,
 * and its global state is shared, so PDF rendering is serialised.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <poppler.h>
#include <zlib.h>

#include "image.h"

struct image {
	char		*path;
	int		 format;	/* Leptonica IFF_*, or -1 for PDF */
	int		 npages;
	PopplerDocument	*pdf;
};

#define FORMAT_PDF	(-1)

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *const image_errors[] = {
	"success",
	"cannot read file",
	"file is empty",
	"not a supported image format",
	"image is too large",
	"image data is corrupt or truncated",
	"out of memory",
	"page out of range",
};

const char *
image_strerror(int code)
{
	if (code < 0 || (size_t)code >= sizeof(image_errors) /
	    sizeof(image_errors[0]))
		return "unknown error";
	return image_errors[code];
}

static int
fail(int code, char *err, size_t errsz, const char *detail)
{
	if (err != NULL && errsz > 0) {
		if (detail != NULL)
			(void)snprintf(err, errsz, "%s", detail);
		else
			(void)snprintf(err, errsz, "%s", image_strerror(code));
	}
	return code;
}

static int
check_size(long w, long h, char *err, size_t errsz)
{
	char	 msg[160];

	if (w <= 0 || h <= 0)
		return fail(IMAGE_ECORRUPT, err, errsz,
		    "image header declares no pixels");
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    w * h > IMAGE_MAX_PIXELS) {
		(void)snprintf(msg, sizeof(msg), "image is %ldx%ld pixels, "
		    "beyond the limit of %d a side and %ld megapixels",
		    w, h, IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 1000000);
		return fail(IMAGE_ETOOBIG, err, errsz, msg);
	}
	return IMAGE_OK;
}

static int
is_pdf(const char *path)
{
	FILE	*fp;
	char	 magic[5];
	size_t	 n;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return 0;
	n = fread(magic, 1, sizeof(magic), fp);
	fclose(fp);
	return n == sizeof(magic) && memcmp(magic, "%PDF-", 5) == 0;
}

static int
open_pdf(struct image *img, char *err, size_t errsz)
{
	GError	*gerr = NULL;
	char	*abs, *uri;
	char	 msg[256];

	abs = realpath(img->path, NULL);
	if (abs == NULL)
		return fail(IMAGE_EIO, err, errsz, strerror(errno));
	uri = g_filename_to_uri(abs, NULL, NULL);
	free(abs);
	if (uri == NULL)
		return fail(IMAGE_EIO, err, errsz, "cannot form a file URI");
	pthread_mutex_lock(&pdf_lock);
	img->pdf = poppler_document_new_from_file(uri, NULL, &gerr);
	if (img->pdf != NULL)
		img->npages = poppler_document_get_n_pages(img->pdf);
	pthread_mutex_unlock(&pdf_lock);
	g_free(uri);
	if (img->pdf == NULL) {
		(void)snprintf(msg, sizeof(msg), "PDF would not open: %s",
		    gerr != NULL ? gerr->message : "unknown reason");
		if (gerr != NULL)
			g_error_free(gerr);
		return fail(IMAGE_ECORRUPT, err, errsz, msg);
	}
	if (img->npages < 1)
		return fail(IMAGE_ECORRUPT, err, errsz, "PDF has no pages");
	img->format = FORMAT_PDF;
	return IMAGE_OK;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Walks a PNG's chunks and checks every CRC up to IEND.  libpng would find
 * a truncated or damaged file too, but only after printing its own message
 * on stderr; this way the one message is ours and names the problem.
 */
static int
check_png(const char *path, char *err, size_t errsz)
{
	FILE		*fp;
	unsigned char	 hdr[8], buf[8192];
	uint32_t	 len, crc, want;
	size_t		 n, want_n;
	int		 rc = IMAGE_ECORRUPT, iend = 0;
	const char	*why = "truncated PNG (the file ends before IEND)";

	fp = fopen(path, "rb");
	if (fp == NULL)
		return fail(IMAGE_EIO, err, errsz, strerror(errno));
	if (fread(hdr, 1, 8, fp) != 8)
		goto out;
	while (!iend) {
		if (fread(hdr, 1, 8, fp) != 8)
			goto out;
		len = be32(hdr);
		if (len > 0x7fffffffu) {
			why = "corrupt PNG (impossible chunk length)";
			goto out;
		}
		iend = memcmp(hdr + 4, "IEND", 4) == 0;
		crc = crc32(0, hdr + 4, 4);
		while (len > 0) {
			want_n = len < sizeof(buf) ? len : sizeof(buf);
			n = fread(buf, 1, want_n, fp);
			if (n != want_n)
				goto out;
			crc = crc32(crc, buf, (uInt)n);
			len -= (uint32_t)n;
		}
		if (fread(buf, 1, 4, fp) != 4)
			goto out;
		want = be32(buf);
		if (crc != want) {
			why = "corrupt PNG (a chunk's checksum does not match)";
			goto out;
		}
	}
	rc = IMAGE_OK;
out:
	fclose(fp);
	if (rc != IMAGE_OK)
		return fail(rc, err, errsz, why);
	return IMAGE_OK;
}

#define SNIFF_OTHER	0
#define SNIFF_TIFF	1

static int
sniff(const char *path)
{
	FILE		*fp;
	unsigned char	 m[4];
	size_t		 n;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return SNIFF_OTHER;
	n = fread(m, 1, sizeof(m), fp);
	fclose(fp);
	if (n == 4 && ((memcmp(m, "II*", 4) == 0) ||
	    memcmp(m, "MM\0*", 4) == 0))
		return SNIFF_TIFF;
	return SNIFF_OTHER;
}

/*
 * A JPEG ends with an end-of-image marker (FF D9), possibly followed by a
 * little padding.  Without it the file was cut short, and libjpeg would
 * say so on stderr before failing; say it once, here.
 */
static int
check_jpeg(const char *path, char *err, size_t errsz)
{
	FILE		*fp;
	unsigned char	 buf[4096];
	long		 size, off;
	size_t		 n, i;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return fail(IMAGE_EIO, err, errsz, strerror(errno));
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
		fclose(fp);
		return fail(IMAGE_EIO, err, errsz, strerror(errno));
	}
	off = size > (long)sizeof(buf) ? size - (long)sizeof(buf) : 0;
	n = 0;
	if (fseek(fp, off, SEEK_SET) == 0)
		n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	for (i = n; i >= 2; i--)
		if (buf[i - 2] == 0xff && buf[i - 1] == 0xd9)
			return IMAGE_OK;
	return fail(IMAGE_ECORRUPT, err, errsz,
	    "truncated JPEG (no end-of-image marker)");
}

static int
open_raster(struct image *img, char *err, size_t errsz)
{
	FILE	*fp;
	l_int32	 format, w, h, bps, spp, cmap, res, n;
	int	 rc;

	if (findFileFormat(img->path, &format) != 0 ||
	    format == IFF_UNKNOWN) {
		/* Leptonica reads a TIFF's directory to name its kind. */
		if (sniff(img->path) == SNIFF_TIFF)
			return fail(IMAGE_ECORRUPT, err, errsz,
			    "truncated or corrupt TIFF (its directory is "
			    "unreadable)");
		return fail(IMAGE_EFORMAT, err, errsz,
		    "not a PNG, JPEG, TIFF, BMP, PNM or PDF file");
	}
	img->format = format;
	img->npages = 1;
	if (format >= IFF_TIFF && format <= IFF_TIFF_JPEG) {
		fp = fopen(img->path, "rb");
		if (fp == NULL)
			return fail(IMAGE_EIO, err, errsz, strerror(errno));
		n = 0;
		rc = tiffGetCount(fp, &n);
		fclose(fp);
		if (rc != 0 || n < 1)
			return fail(IMAGE_ECORRUPT, err, errsz,
			    "TIFF directory is unreadable");
		img->npages = n;
		if (readHeaderTiff(img->path, 0, &w, &h, &bps, &spp, &res,
		    &cmap, &format) != 0)
			return fail(IMAGE_ECORRUPT, err, errsz,
			    "TIFF header is unreadable");
	} else if (pixReadHeader(img->path, &format, &w, &h, &bps, &spp,
	    &cmap) != 0)
		return fail(IMAGE_ECORRUPT, err, errsz,
		    "image header is unreadable (truncated or corrupt file)");
	rc = check_size(w, h, err, errsz);
	if (rc == IMAGE_OK && format == IFF_PNG)
		rc = check_png(img->path, err, errsz);
	if (rc == IMAGE_OK && format == IFF_JFIF_JPEG)
		rc = check_jpeg(img->path, err, errsz);
	return rc;
}

int
image_open(const char *path, struct image **out, char *err, size_t errsz)
{
	struct image	*img;
	struct stat	 st;
	int		 rc;

	*out = NULL;
	if (stat(path, &st) != 0)
		return fail(IMAGE_EIO, err, errsz, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return fail(IMAGE_EIO, err, errsz, "is a directory");
	if (st.st_size == 0)
		return fail(IMAGE_EEMPTY, err, errsz, NULL);
	img = calloc(1, sizeof(*img));
	if (img == NULL)
		return fail(IMAGE_ENOMEM, err, errsz, NULL);
	img->path = strdup(path);
	if (img->path == NULL) {
		free(img);
		return fail(IMAGE_ENOMEM, err, errsz, NULL);
	}
	if (is_pdf(path))
		rc = open_pdf(img, err, errsz);
	else
		rc = open_raster(img, err, errsz);
	if (rc != IMAGE_OK) {
		image_close(img);
		return rc;
	}
	*out = img;
	return IMAGE_OK;
}

int
image_page_count(const struct image *img)
{
	return img->npages;
}

const char *
image_format_name(const struct image *img)
{
	switch (img->format) {
	case FORMAT_PDF:
		return "pdf";
	case IFF_PNG:
		return "png";
	case IFF_JFIF_JPEG:
		return "jpeg";
	case IFF_BMP:
		return "bmp";
	case IFF_PNM:
		return "pnm";
	default:
		if (img->format >= IFF_TIFF && img->format <= IFF_TIFF_JPEG)
			return "tiff";
		return "image";
	}
}

/* Copies a cairo ARGB32 surface, composited on white, into a 32 bpp Pix. */
static PIX *
pix_from_surface(cairo_surface_t *s)
{
	PIX		*pix;
	l_uint32	*line, *data;
	const uint8_t	*src;
	int		 w, h, stride, wpl, x, y;
	uint32_t	 argb;

	w = cairo_image_surface_get_width(s);
	h = cairo_image_surface_get_height(s);
	stride = cairo_image_surface_get_stride(s);
	src = cairo_image_surface_get_data(s);
	pix = pixCreate(w, h, 32);
	if (pix == NULL)
		return NULL;
	data = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < h; y++) {
		line = data + (size_t)y * wpl;
		for (x = 0; x < w; x++) {
			memcpy(&argb, src + (size_t)y * stride + 4 * x, 4);
			composeRGBPixel((argb >> 16) & 0xff, (argb >> 8) & 0xff,
			    argb & 0xff, line + x);
		}
	}
	return pix;
}

static int
read_pdf_page(struct image *img, int idx, PIX **out, char *err, size_t errsz)
{
	PopplerPage	*page;
	cairo_surface_t	*s;
	cairo_t		*cr;
	double		 pw, ph, scale;
	long		 w, h;
	int		 rc;

	pthread_mutex_lock(&pdf_lock);
	page = poppler_document_get_page(img->pdf, idx);
	if (page == NULL) {
		pthread_mutex_unlock(&pdf_lock);
		return fail(IMAGE_ECORRUPT, err, errsz,
		    "PDF page would not load");
	}
	poppler_page_get_size(page, &pw, &ph);
	scale = IMAGE_PDF_DPI / 72.0;
	w = (long)(pw * scale + 0.5);
	h = (long)(ph * scale + 0.5);
	rc = check_size(w, h, err, errsz);
	if (rc != IMAGE_OK) {
		g_object_unref(page);
		pthread_mutex_unlock(&pdf_lock);
		return rc;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)w, (int)h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	g_object_unref(page);
	pthread_mutex_unlock(&pdf_lock);
	cairo_surface_flush(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return fail(IMAGE_ENOMEM, err, errsz,
		    "cannot allocate the page raster");
	}
	*out = pix_from_surface(s);
	cairo_surface_destroy(s);
	if (*out == NULL)
		return fail(IMAGE_ENOMEM, err, errsz, NULL);
	pixSetResolution(*out, IMAGE_PDF_DPI, IMAGE_PDF_DPI);
	return IMAGE_OK;
}

int
image_read_page(struct image *img, int idx, PIX **out, char *err,
    size_t errsz)
{
	PIX	*pix, *pix8;
	l_int32	 w, h, bps, spp, res, cmap, format;
	int	 rc;

	*out = NULL;
	if (idx < 0 || idx >= img->npages)
		return fail(IMAGE_ERANGE, err, errsz, NULL);
	if (img->format == FORMAT_PDF)
		return read_pdf_page(img, idx, out, err, errsz);
	if (img->format >= IFF_TIFF && img->format <= IFF_TIFF_JPEG) {
		if (readHeaderTiff(img->path, idx, &w, &h, &bps, &spp, &res,
		    &cmap, &format) != 0)
			return fail(IMAGE_ECORRUPT, err, errsz,
			    "TIFF page header is unreadable");
		rc = check_size(w, h, err, errsz);
		if (rc != IMAGE_OK)
			return rc;
		pix = pixReadTiff(img->path, idx);
	} else
		pix = pixRead(img->path);
	if (pix == NULL)
		return fail(IMAGE_ECORRUPT, err, errsz, NULL);
	/* Colour is kept: the page reader uses it to drop red stamps. */
	if (pixGetDepth(pix) == 32 || (pixGetDepth(pix) == 8 &&
	    pixGetColormap(pix) == NULL)) {
		*out = pix;
		return IMAGE_OK;
	}
	pix8 = pixGetColormap(pix) != NULL ?
	    pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC) :
	    pixConvertTo8(pix, 0);
	if (pix8 != NULL && pixGetDepth(pix8) != 8 &&
	    pixGetDepth(pix8) != 32) {
		PIX *tmp = pixConvertTo8(pix8, 0);
		pixDestroy(&pix8);
		pix8 = tmp;
	}
	if (pix8 != NULL)
		pixCopyResolution(pix8, pix);
	pixDestroy(&pix);
	if (pix8 == NULL)
		return fail(IMAGE_ENOMEM, err, errsz, NULL);
	*out = pix8;
	return IMAGE_OK;
}

void
image_close(struct image *img)
{
	if (img == NULL)
		return;
	if (img->pdf != NULL) {
		pthread_mutex_lock(&pdf_lock);
		g_object_unref(img->pdf);
		pthread_mutex_unlock(&pdf_lock);
	}
	free(img->path);
	free(img);
}
