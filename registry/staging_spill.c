/*
 * staging_spill.c: the spill file of `sogoc import --publish`.  The first
 * pass normalises and checks every row of the CSV; what the second pass
 * needs to publish a row (its number among the data rows and its
 * normalised values) goes here, so the second pass neither reads the CSV
 * again nor normalises it twice, and a file changed meanwhile cannot
 * matter.  The file is created in the registry's directory (the disk the
 * user chose for the registry, not a /tmp that may be in memory) and
 * unlinked at once: nothing is left behind after success, refusal, or a
 * crash.  A record is three little-endian u32 (row number, a bit per
 * field present, payload length) and the payload: the present values in
 * field order, each ended by a NUL.  Errors are STORE_* codes with the
 * message set by store_fail().  A spill is one caller's: not thread-safe.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "staging_int.h"

/* A row's values, all of them, cannot be longer (libcsv has no limit). */
#define SPILL_ROW_MAX	(UINT32_C(1) << 30)

static void
le32(uint32_t v, uint8_t *p)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t
get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
spill_open(struct store *st, struct spill *sp)
{
	char	 path[4096];
	int	 fd, n;

	memset(sp, 0, sizeof(*sp));
	n = snprintf(path, sizeof(path), "%s/import-spill.XXXXXX",
	    store_dir(st));
	if (n < 0 || (size_t)n >= sizeof(path))
		return store_fail(st, STORE_EINPUT, "%s: path too long",
		    store_dir(st));
	fd = mkstemp(path);
	if (fd == -1)
		return store_fail(st, STORE_EIO, "%s: %s", path,
		    strerror(errno));
	/* Unlinked at once: the file lives only while it is open. */
	if (unlink(path) != 0) {
		n = errno;
		close(fd);
		return store_fail(st, STORE_EIO, "%s: %s", path, strerror(n));
	}
	sp->fp = fdopen(fd, "w+b");
	if (sp->fp == NULL) {
		n = errno;
		close(fd);
		return store_fail(st, STORE_EIO, "%s: %s", path, strerror(n));
	}
	/* Large writes and reads: the file is read and written in order. */
	setvbuf(sp->fp, NULL, _IOFBF, 1 << 20);
	return STORE_OK;
}

int
spill_put(struct store *st, struct spill *sp, const struct frow *r,
    int values)
{
	uint8_t		 h[12];
	uint32_t	 mask = 0;
	size_t		 len = 0, l;
	int		 f;

	for (f = 0; values && f < FIELD_COUNT; f++)
		if (r->val[f] != NULL) {
			mask |= UINT32_C(1) << f;
			len += strlen(r->val[f]) + 1;
		}
	if (len >= SPILL_ROW_MAX)
		return store_fail(st, STORE_EINPUT, "row %zu is too long",
		    r->line);
	le32(r->rowno, h);
	le32(mask, h + 4);
	le32((uint32_t)len, h + 8);
	if (fwrite(h, sizeof(h), 1, sp->fp) != 1)
		goto fail;
	for (f = 0; f < FIELD_COUNT; f++) {
		if ((mask & UINT32_C(1) << f) == 0)
			continue;
		l = strlen(r->val[f]) + 1;
		if (fwrite(r->val[f], 1, l, sp->fp) != l)
			goto fail;
	}
	sp->rows++;
	return STORE_OK;
fail:
	return store_fail(st, STORE_EIO, "writing the import's spill file: "
	    "%s", strerror(errno));
}

int
spill_rewind(struct store *st, struct spill *sp)
{
	if (fflush(sp->fp) != 0 || fseeko(sp->fp, 0, SEEK_SET) != 0)
		return store_fail(st, STORE_EIO, "the import's spill file: "
		    "%s", strerror(errno));
	sp->left = sp->rows;
	return STORE_OK;
}

/* Room for len more bytes in fr's arena. */
static int
spill_room(struct store *st, struct frows *fr, size_t len)
{
	char	*na;
	size_t	 cap;

	if (fr->acap - fr->alen >= len)
		return STORE_OK;
	cap = fr->acap ? fr->acap : 1 << 20;
	while (cap - fr->alen < len)
		cap *= 2;
	na = realloc(fr->arena, cap);
	if (na == NULL)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	fr->arena = na;
	fr->acap = cap;
	return STORE_OK;
}

/* Appends a row to fr, its values' offsets in its val[] for now. */
static int
spill_row(struct store *st, struct spill *sp, struct frows *fr)
{
	struct frow	*r;
	uint8_t		 h[12];
	uint32_t	 mask, len;
	size_t		 at;
	int		 f, rc;

	if (grow(&fr->v, &fr->cap, fr->n, sizeof(*fr->v), 4096) != 0)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (fread(h, sizeof(h), 1, sp->fp) != 1)
		goto short_read;
	mask = get_le32(h + 4);
	len = get_le32(h + 8);
	if (len >= SPILL_ROW_MAX || (FIELD_COUNT < 32 &&
	    mask >> FIELD_COUNT != 0))
		return store_fail(st, STORE_EIO, "the import's spill file "
		    "is damaged");
	rc = spill_room(st, fr, len);
	if (rc != STORE_OK)
		return rc;
	if (len > 0 && fread(fr->arena + fr->alen, len, 1, sp->fp) != 1)
		goto short_read;
	r = &fr->v[fr->n++];
	memset(r, 0, sizeof(*r));
	r->rowno = get_le32(h);
	at = fr->alen;
	for (f = 0; f < FIELD_COUNT; f++) {
		if ((mask & UINT32_C(1) << f) == 0)
			continue;
		if (at >= fr->alen + len)
			return store_fail(st, STORE_EIO, "the import's spill "
			    "file is damaged");
		/* An offset until the arena stops moving. */
		r->val[f] = (char *)(uintptr_t)(at + 1);
		at += strnlen(fr->arena + at, fr->alen + len - at) + 1;
	}
	if (at != fr->alen + len)
		return store_fail(st, STORE_EIO, "the import's spill file is "
		    "damaged");
	fr->alen += len;
	return STORE_OK;
short_read:
	return store_fail(st, STORE_EIO, "reading the import's spill file: "
	    "%s", ferror(sp->fp) ? strerror(errno) : "too short");
}

int
spill_get(struct store *st, struct spill *sp, struct frows *fr, size_t n)
{
	size_t	 i;
	int	 f, rc;

	fr->n = 0;
	fr->alen = 0;
	for (i = 0; i < n && sp->left > 0; i++, sp->left--) {
		rc = spill_row(st, sp, fr);
		if (rc != STORE_OK)
			return rc;
	}
	for (i = 0; i < fr->n; i++)
		for (f = 0; f < FIELD_COUNT; f++)
			if (fr->v[i].val[f] != NULL)
				fr->v[i].val[f] = fr->arena +
				    ((uintptr_t)fr->v[i].val[f] - 1);
	return STORE_OK;
}

void
spill_close(struct spill *sp)
{
	if (sp->fp != NULL)
		fclose(sp->fp);
	memset(sp, 0, sizeof(*sp));
}
