/*
 * output.c: JSON Lines and review crops (see output.h).
 *
 * JSON is built with jansson, which refuses invalid UTF-8; the normalisers
 * already guarantee valid NFC text, so a refusal here is a bug and the row
 * is written with the offending value replaced by "" and status review
 * rather than lost.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>
#include <leptonica/allheaders.h>

#include "keypage.h"
#include "output.h"
#include "page.h"

/*
 * A file name is bytes, JSON is UTF-8: invalid bytes of a name become
 * U+FFFD so that the row is still written and still says where it came
 * from.  Returns a new json string or NULL on allocation failure.
 */
static json_t *
source_json(const char *source)
{
	const utf8proc_uint8_t	*p = (const utf8proc_uint8_t *)source;
	utf8proc_int32_t	 c;
	utf8proc_ssize_t	 n;
	json_t			*j;
	char			*buf, *w;

	j = json_string(source);
	if (j != NULL)
		return j;
	buf = malloc(strlen(source) * 3 + 1);
	if (buf == NULL)
		return NULL;
	for (w = buf; *p != '\0'; p += n) {
		n = utf8proc_iterate(p, -1, &c);
		if (n <= 0 || c == 0) {
			memcpy(w, "\xef\xbf\xbd", 3);
			w += 3;
			n = 1;
		} else {
			memcpy(w, p, (size_t)n);
			w += n;
		}
	}
	*w = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

static json_t *
field_json(const struct field_read *fr)
{
	json_t	*o, *v;
	double	 conf;

	o = json_object();
	if (o == NULL)
		return NULL;
	v = json_string(fr->value);
	if (v == NULL)
		v = json_string("");
	json_object_set_new(o, "value", v);
	if (fr->text != NULL && (v = json_string(fr->text)) != NULL)
		json_object_set_new(o, "text", v);
	/* Two decimals: more would claim a precision we do not have. */
	conf = (int)(fr->conf * 100 + 0.5) / 100.0;
	if (conf > 1)
		conf = 1;
	json_object_set_new(o, "conf", json_real(conf));
	json_object_set_new(o, "status", json_string(fr->accepted ?
	    "accepted" : "review"));
	/* Every review says why (SPEC section 3); the codes are ASCII. */
	if (!fr->accepted)
		json_object_set_new(o, "why", json_string(fr->why != NULL ?
		    fr->why : "other"));
	/* Where the cell is, for the registry's provenance and review. */
	if (fr->box[2] > 0 && fr->box[3] > 0)
		json_object_set_new(o, "box", json_pack("[iiii]", fr->box[0],
		    fr->box[1], fr->box[2], fr->box[3]));
	return o;
}

/* dir/name into path; 0, or -1 when it does not fit. */
static int
join_path(char *path, size_t pathsz, const char *dir, const char *name)
{
	int	 r = snprintf(path, pathsz, "%s/%s", dir, name);

	return r < 0 || (size_t)r >= pathsz ? -1 : 0;
}

/* Writes o as one compact line to fp; 0 or -1. */
static int
put_line(FILE *fp, json_t *o)
{
	char	*line;
	int	 rc = 0;

	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(3));
	if (line == NULL)
		return -1;
	if (fputs(line, fp) == EOF || fputc('\n', fp) == EOF)
		rc = -1;
	free(line);
	return rc;
}

/*
 * How the page was straightened, which box refers to: its rotation and
 * skew, and for a page cut from a two-page spread (half 1 left, 2 right;
 * 0 a whole image, which adds nothing) the image it is in, and where.
 */
static void
set_place(json_t *o, int rotation, float skew, int image_page, int half,
    const int region[4])
{
	json_object_set_new(o, "rotation", json_integer(rotation));
	json_object_set_new(o, "skew", json_real(round(skew * 100) / 100));
	if (half == 0)
		return;
	json_object_set_new(o, "image_page", json_integer(image_page));
	json_object_set_new(o, "half", json_string(half == 1 ? "left" :
	    "right"));
	json_object_set_new(o, "region", json_pack("[iiii]", region[0],
	    region[1], region[2], region[3]));
}

int
output_jsonl(FILE *fp, const char *source, int page,
    const struct page_read *pr)
{
	json_t	*row, *fields, *src;
	int	 k, j, rc = 0;

	for (k = 0; k < pr->nrows && rc == 0; k++) {
		const struct row_read *rr = &pr->rows[k];

		row = json_object();
		fields = json_object();
		src = source_json(source);
		if (row == NULL || fields == NULL || src == NULL) {
			json_decref(row);
			json_decref(fields);
			json_decref(src);
			return -1;
		}
		json_object_set_new(row, "source", src);
		json_object_set_new(row, "page", json_integer(page));
		json_object_set_new(row, "row", json_integer(rr->row));
		for (j = 0; j < rr->nfields; j++)
			json_object_set_new(fields,
			    field_key(rr->fields[j].field),
			    field_json(&rr->fields[j]));
		json_object_set_new(row, "fields", fields);
		/* Added to SPEC section 3, after the fields so that the
		 * line still opens as it always did: only when true. */
		if (rr->hand)
			json_object_set_new(row, "hand", json_true());
		/* absent when every column was named by its label */
		if (pr->columns_inferred)
			json_object_set_new(row, "columns",
			    json_string("inferred"));
		set_place(row, pr->rotation, pr->skew, pr->image_page,
		    pr->half, pr->region);
		rc = put_line(fp, row);
		json_decref(row);
	}
	if (fflush(fp) != 0)
		rc = -1;
	return rc;
}

/*
 * Writes source percent-encoded into buf (see output_crop_name()) and
 * returns its length, or -1 when buf is too small.
 */
static int
source_name(char *buf, size_t bufsz, const char *source)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	 n = 0;
	const unsigned char *s;

	for (s = (const unsigned char *)source; *s != '\0'; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    (*s == '.' && n > 0)) {
			if (n + 1 >= bufsz)
				return -1;
			buf[n++] = (char)*s;
		} else {
			if (n + 3 >= bufsz)
				return -1;
			buf[n++] = '%';
			buf[n++] = hex[*s >> 4];
			buf[n++] = hex[*s & 15];
		}
	}
	if (n >= bufsz)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

int
output_key_jsonl(FILE *fp, const char *source, int page,
    const struct keypage *k)
{
	json_t	*o, *src;
	int	 rc;

	o = json_object();
	src = source_json(source);
	if (o == NULL || src == NULL) {
		json_decref(o);
		json_decref(src);
		return -1;
	}
	json_object_set_new(o, "source", src);
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "status", json_string("key"));
	json_object_set_new(o, "why", json_string(k->why));
	json_object_set_new(o, "error", json_string(k->error));
	json_object_set_new(o, "rows", json_integer(k->rows));
	if (k->rows_read > 0)
		json_object_set_new(o, "rows_read",
		    json_integer(k->rows_read));
	set_place(o, k->rotation, k->skew, k->image_page, k->half, k->region);
	rc = put_line(fp, o);
	json_decref(o);
	if (fflush(fp) != 0)
		rc = -1;
	return rc;
}

int
output_key_image(const char *dir, const char *source, int page,
    const struct keypage *k, char *err, size_t errsz)
{
	char	 name[1024], path[4096];

	if (k->image == NULL) {
		(void)snprintf(err, errsz, "no page image (out of memory)");
		return -1;
	}
	if (output_page_name(name, sizeof(name), source, page) != 0 ||
	    join_path(path, sizeof(path), dir, name) != 0) {
		(void)snprintf(err, errsz, "page image file name too long");
		return -1;
	}
	if (pixWrite(path, k->image, IFF_PNG) != 0) {
		(void)snprintf(err, errsz, "cannot write %s", path);
		return -1;
	}
	return 0;
}

int
output_crop_name(char *buf, size_t bufsz, const char *source, int page,
    int row, enum field f)
{
	int	 n, r;

	n = source_name(buf, bufsz, source);
	if (n < 0)
		return -1;
	r = snprintf(buf + n, bufsz - n, "#p%d-r%d-%s.png", page, row,
	    field_key(f));
	if (r < 0 || (size_t)r >= bufsz - n)
		return -1;
	return 0;
}

int
output_page_name(char *buf, size_t bufsz, const char *source, int page)
{
	int	 n, r;

	n = source_name(buf, bufsz, source);
	if (n < 0)
		return -1;
	r = snprintf(buf + n, bufsz - n, "#p%d.png", page);
	if (r < 0 || (size_t)r >= bufsz - n)
		return -1;
	return 0;
}

int
output_crops(const char *dir, const char *source, int page,
    const struct page_read *pr, char *err, size_t errsz)
{
	char	 name[1024], path[4096];
	int	 k, j, r, failures = 0;

	for (k = 0; k < pr->nrows; k++)
		for (j = 0; j < pr->rows[k].nfields; j++) {
			const struct field_read *fr = &pr->rows[k].fields[j];

			if (fr->crop == NULL)
				continue;
			r = output_crop_name(name, sizeof(name), source, page,
			    pr->rows[k].row, fr->field);
			if (r == 0)
				r = join_path(path, sizeof(path), dir, name);
			if (r != 0) {
				failures++;
				(void)snprintf(err, errsz, "crop file name "
				    "too long");
				continue;
			}
			if (pixWrite(path, fr->crop, IFF_PNG) != 0) {
				failures++;
				(void)snprintf(err, errsz, "cannot write %s",
				    path);
			}
		}
	return failures;
}

int
output_features(FILE *fp, const char *source, int page,
    const struct page_read *pr)
{
	int	 k, j;

	for (k = 0; k < pr->nrows; k++)
		for (j = 0; j < pr->rows[k].nfields; j++) {
			const struct field_read *f = &pr->rows[k].fields[j];

			fprintf(fp, "%s\t%d\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d"
			    "\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.3f\t%d\t%d\n",
			    source, page, pr->rows[k].row, field_key(f->field),
			    f->ev.inked, f->ev.agree, f->ev.valid[0],
			    f->ev.valid[1], f->ev.exact, f->ev.in_seq,
			    f->ev.off_seq, f->ev.pick, f->ev.min_conf[0],
			    f->ev.min_conf[1], f->ev.mean_conf[0],
			    f->ev.mean_conf[1], f->conf, f->accepted,
			    f->ev.votes);
		}
	return fflush(fp) == 0 ? 0 : -1;
}
