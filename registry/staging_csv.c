/*
 * staging_csv.c: import of a CSV ledger typed into a spreadsheet: libcsv
 * reads it cell by cell, the header row names the ledger's columns, and
 * each data row is normalised as typed text and staged through the
 * importer core (staging_import.c).  The bulk path (staging_fused.c)
 * reads the same way and keeps the raw cells instead.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "header.h"
#include "grow.h"
#include "sha256.h"
#include "utf8.h"
#include "fold.h"
#include "validate.h"
#include "staging.h"
#include "staging_int.h"

static void
csv_cell(void *s, size_t len, void *arg)
{
	struct csvst	*c = arg;
	char		**nc;
	size_t		 ncap;

	if (c->rc != STORE_OK)
		return;
	if (c->ncell == c->cap) {
		ncap = c->cap ? c->cap * 2 : 16;
		nc = reallocarray(c->cell, ncap, sizeof(*nc));
		if (nc == NULL) {
			c->rc = store_fail(c->st, STORE_ENOMEM, "out of memory");
			return;
		}
		c->cell = nc;
		c->cap = ncap;
	}
	c->cell[c->ncell] = strndup(s ? s : "", len);
	if (c->cell[c->ncell] == NULL) {
		c->rc = store_fail(c->st, STORE_ENOMEM, "out of memory");
		return;
	}
	if (strlen(c->cell[c->ncell]) != len ||
	    !utf8_valid(c->cell[c->ncell], len, 0))
		c->rc = store_fail(c->st, STORE_EINPUT, "%s: row %zu, column "
		    "%zu: not valid UTF-8 text (save the spreadsheet as "
		    "\"CSV UTF-8\")", c->path, c->record + 1, c->ncell + 1);
	c->ncell++;
}

static int
csv_header(struct csvst *c)
{
	enum field	 f;
	double		 score;
	size_t		 i, j;

	if (c->ncell > 64)
		return store_fail(c->st, STORE_EINPUT, "%s: more than 64 "
		    "columns", c->path);
	for (i = 0; i < c->ncell; i++) {
		f = field_from_key(c->cell[i]);
		if (f == FIELD_UNKNOWN) {
			f = header_match(c->cell[i], &score);
			if (score < 0.85)
				f = FIELD_UNKNOWN;
		}
		if (f == FIELD_UNKNOWN)
			return store_fail(c->st, STORE_EINPUT, "%s: column %zu "
			    "\"%s\" is not a ledger column (use a label of "
			    "the ledger, or a key: full_name, date_of_birth, "
			    "...)", c->path, i + 1, c->cell[i]);
		for (j = 0; j < i; j++)
			if (c->col[j] == f && f != FIELD_SIGNATURE)
				return store_fail(c->st, STORE_EINPUT, "%s: "
				    "columns %zu and %zu both mean %s",
				    c->path, j + 1, i + 1, field_key(f));
		c->col[i] = f;
		c->label[i] = c->cell[i];
		c->cell[i] = NULL;
		c->ncol = i + 1;
	}
	for (i = 0; i < c->ncol; i++)
		if (c->col[i] == FIELD_FULL_NAME)
			return STORE_OK;
	return store_fail(c->st, STORE_EINPUT, "%s: no full name column",
	    c->path);
}

/*
 * Whether a typed value is checked by its full normaliser: dates and closed
 * lists must be right, serial and entry numbers take their canonical form.
 * Free text a person typed (names, places, schools, notes) is only cleaned
 * (NFC, white space): a person vouches for it, and the plausibility checks
 * made for OCR would refuse real but unusual names.
 */
int
typed_normalise(enum field f)
{
	return normalize_strict(f) || f == FIELD_SERIAL_NO ||
	    f == FIELD_REGISTER_NO;
}

static int
csv_data(struct csvst *c)
{
	struct norm_ctx	 ctx = { c->vol->year };
	struct norm	 n;
	json_t		*fo, *row, *fv;
	uint8_t		 key[STAGE_KEYLEN];
	size_t		 i, blank = 1;
	uint32_t	 rowno = (uint32_t)(c->record - 1);
	char		 where[64], *v;
	int		 rc;

	for (i = 0; i < c->ncell; i++)
		if (c->cell[i][strspn(c->cell[i], " \t\r")] != '\0')
			blank = 0;
	if (blank)
		return STORE_OK;
	snprintf(where, sizeof(where), "row %zu", c->record);
	if (c->ncell != c->ncol)
		return store_fail(c->st, STORE_EINPUT, "%s: %s has %zu cells, "
		    "the header %zu", c->path, where, c->ncell, c->ncol);
	fo = json_object();
	row = json_pack("{s:s, s:i, s:I, s:o}", "source", c->path, "page", 1,
	    "row", (json_int_t)rowno, "fields", fo);
	if (row == NULL)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	for (i = 0; i < c->ncol; i++) {
		if (c->col[i] == FIELD_SEQ || c->col[i] == FIELD_SIGNATURE)
			continue;
		if (!typed_normalise(c->col[i])) {
			v = norm_text(c->cell[i]);
			fv = v ? json_pack("{s:s}", "value", v) : NULL;
			free(v);
		} else {
			if (normalize_field(c->col[i], c->cell[i], &ctx, &n) !=
			    NORM_OK) {
				json_decref(row);
				return store_fail(c->st, STORE_ENOMEM,
				    "out of memory");
			}
			if (!n.valid && normalize_strict(c->col[i])) {
				rc = store_fail(c->st, STORE_EINPUT, "%s: %s, "
				    "column \"%s\": \"%s\" is not a valid %s",
				    c->path, where, c->label[i], c->cell[i],
				    field_key(c->col[i]));
				norm_clear(&n);
				json_decref(row);
				return rc;
			}
			fv = json_pack("{s:s}", "value", n.value);
			norm_clear(&n);
		}
		if (fv == NULL) {
			json_decref(row);
			return store_fail(c->st, STORE_ENOMEM, "out of memory");
		}
		json_object_set_new(fo, field_key(c->col[i]), fv);
	}
	stage_key(c->sha, 1, rowno, key);
	rc = imp_row(c->imp, key, row, c->record);
	json_decref(row);
	return rc;
}

/* Keeps a data row's raw cells for the bulk path. */
static int
csv_keep(struct csvst *c)
{
	struct frows	*fr = c->fused;
	struct frow	*r;
	size_t		 i, blank = 1;

	for (i = 0; i < c->ncell; i++)
		if (c->cell[i][strspn(c->cell[i], " \t\r")] != '\0')
			blank = 0;
	if (blank)
		return STORE_OK;
	if (c->ncell != c->ncol)
		return store_fail(c->st, STORE_EINPUT, "%s: row %zu has %zu "
		    "cells, the header %zu", c->path, c->record, c->ncell,
		    c->ncol);
	if (grow(&fr->v, &fr->cap, fr->n, sizeof(*fr->v), 4096) != 0)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	r = &fr->v[fr->n++];
	memset(r, 0, sizeof(*r));
	r->rowno = (uint32_t)(c->record - 1);
	r->line = c->record;
	for (i = 0; i < c->ncol; i++) {
		if (c->col[i] == FIELD_SEQ || c->col[i] == FIELD_SIGNATURE)
			continue;
		r->val[c->col[i]] = c->cell[i];
		c->cell[i] = NULL;
	}
	/* The bulk path reads in chunks, not the whole file at once. */
	if (c->flush != NULL && fr->n >= c->chunk)
		return c->flush(c);
	return STORE_OK;
}

static void
csv_end(int term, void *arg)
{
	struct csvst	*c = arg;
	size_t		 i;

	(void)term;
	if (c->rc == STORE_OK) {
		c->record++;
		c->rc = c->record == 1 ? csv_header(c) :
		    c->fused != NULL ? csv_keep(c) : csv_data(c);
	}
	for (i = 0; i < c->ncell; i++)
		free(c->cell[i]);
	c->ncell = 0;
}

/*
 * Reads the whole CSV file fp through libcsv, calling back per cell and
 * per record into c; c->rc carries the first error a callback met.
 */
int
csv_read(struct csvst *c, FILE *fp)
{
	struct csv_parser	 p;
	char			 buf[65536];
	size_t			 n;
	int			 rc = STORE_OK, bad = 0;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) !=
	    0)
		return store_fail(c->st, STORE_ENOMEM, "out of memory");
	/* A UTF-8 byte order mark from a spreadsheet is not a cell. */
	n = fread(buf, 1, 3, fp);
	if (n != 3 || memcmp(buf, "\xef\xbb\xbf", 3) != 0)
		bad = csv_parse(&p, buf, n, csv_cell, csv_end, c) != n;
	while (!bad && c->rc == STORE_OK) {
		n = fread(buf, 1, sizeof(buf), fp);
		if (n == 0)
			break;
		bad = csv_parse(&p, buf, n, csv_cell, csv_end, c) != n;
	}
	if (!bad && c->rc == STORE_OK)
		bad = csv_fini(&p, csv_cell, csv_end, c) != 0;
	if (c->rc != STORE_OK)
		rc = c->rc;
	else if (bad)
		rc = store_fail(c->st, STORE_EINPUT, "%s: row %zu: %s",
		    c->path, c->record + 1, csv_error(&p) == CSV_EPARSE ?
		    "a quote is not closed, or stands inside a cell "
		    "(write \"\" for a quote inside a quoted cell)" :
		    csv_strerror(csv_error(&p)));
	else if (ferror(fp))
		rc = store_fail(c->st, STORE_EINPUT, "%s: read error",
		    c->path);
	csv_free(&p);
	return rc;
}

/* Frees what parsing left in c: the current record's cells, the labels. */
void
csv_done(struct csvst *c)
{
	size_t	 i;

	for (i = 0; i < c->ncell; i++)
		free(c->cell[i]);
	free(c->cell);
	for (i = 0; i < c->ncol; i++)
		free(c->label[i]);
}

int
staging_import_csv(struct store *st, const char *path,
    const struct staging_volume *vol, const char *by,
    struct staging_import_stats *stats)
{
	struct importer		 imp;
	struct csvst		 c = { 0 };
	json_t			*s = NULL;
	uint8_t			 sha[32];
	char			 err[256];
	FILE			*fp = NULL;
	int			 rc;

	memset(stats, 0, sizeof(*stats));
	memset(&imp, 0, sizeof(imp));
	rc = staging_check_volume(st, vol);
	if (rc != STORE_OK)
		return rc;
	if (sha256_file(path, sha, err, sizeof(err)) != 0)
		return store_fail(st, STORE_EINPUT, "%s", err);
	fp = fopen(path, "rb");
	if (fp == NULL)
		return store_fail(st, STORE_EINPUT, "%s: %s", path,
		    strerror(errno));
	c.st = st;
	c.vol = vol;
	c.imp = &imp;
	c.sha = sha;
	c.path = path;
	rc = imp_begin(&imp, st, path, stats);
	if (rc == STORE_OK)
		rc = csv_read(&c, fp);
	if (rc != STORE_OK)
		goto out;
	if (stats->rows == 0) {
		rc = store_fail(st, STORE_EINPUT, "%s: no data rows", path);
		goto out;
	}
	s = source_json(path, "csv", vol, by);
	if (s == NULL) {
		rc = store_fail(st, STORE_ENOMEM, "out of memory");
		goto out;
	}
	rc = imp_source(&imp, sha, s);
	if (rc == STORE_OK)
		rc = imp_finish(&imp, path);
out:
	imp_free(&imp);
	csv_done(&c);
	json_decref(s);
	fclose(fp);
	return rc;
}
