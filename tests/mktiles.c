/*
 * mktiles.c: writes a registry's log as C2SP tiles for the monitor's
 * tests (tests/tlog_monitor.sh) and bench (bench/tlog_bench.sh):
 *
 *   mktiles DB OUTDIR
 *
 * The latest checkpoint, every full tile and bundle and the partial ones
 * of that size, from registry/tile.h's paths and the store's hashes and
 * events.  A stand-in for `sogoc tiles --out` (tlog/tiles.c, another
 * branch) until it is merged: plain writes, no fsync, no atomic renames.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "store.h"
#include "tile.h"

static const char	*out;

static void
put(const char *rel, const void *p, size_t len)
{
	char	 path[4096], *s;
	FILE	*fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", out, rel) >=
	    sizeof(path))
		errx(1, "path too long");
	for (s = path + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			err(1, "%s", path);
		*s = '/';
	}
	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(p, 1, len, fp) != len || fclose(fp) != 0)
		err(1, "%s", path);
}

static void
tile(struct store_hashes *h, int L, uint64_t n, unsigned int w)
{
	uint8_t	 buf[TILE_FULL_BYTES];
	char	 rel[TILE_PATH_MAX];
	unsigned int k;

	for (k = 0; k < w; k++)
		if (store_read_hash(h, tile_hash_index(L, n, k),
		    buf + (size_t)k * MERKLE_HASH_LEN) != 0)
			errx(1, "hash of tile %d/%llu", L,
			    (unsigned long long)n);
	if (tile_path(L, n, w, rel, sizeof(rel)) != TILE_OK)
		errx(1, "tile_path");
	put(rel, buf, (size_t)w * MERKLE_HASH_LEN);
}

static void
bundle(struct store *st, struct store_rd *rd, uint64_t n, unsigned int w)
{
	struct event	 ev;
	uint8_t		*buf = NULL;
	char		 rel[TILE_PATH_MAX], *leaf;
	size_t		 len = 0, ll;
	unsigned int	 k;

	for (k = 0; k < w; k++) {
		if (store_event(st, rd, n * TILE_WIDTH + k, &ev) != STORE_OK ||
		    event_leaf(&ev, &leaf, &ll) != 0)
			errx(1, "event %llu", (unsigned long long)(n *
			    TILE_WIDTH + k));
		event_clear(&ev);
		buf = realloc(buf, len + TILE_BUNDLE_ENTRY_SIZE(ll));
		if (buf == NULL || tile_bundle_put(buf + len, leaf, ll) !=
		    TILE_OK)
			errx(1, "bundle");
		len += TILE_BUNDLE_ENTRY_SIZE(ll);
		free(leaf);
	}
	if (tile_path(TILE_ENTRIES, n, w, rel, sizeof(rel)) != TILE_OK)
		errx(1, "tile_path");
	put(rel, buf, len);
	free(buf);
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_hashes	 h;
	char			 e[512], *note;
	uint64_t		 size, n;
	int			 L;

	if (argc != 3)
		errx(2, "usage: mktiles DB OUTDIR");
	out = argv[2];
	if (store_open(argv[1], STORE_RDONLY, 0, NULL, &st, e, sizeof(e)) !=
	    STORE_OK)
		errx(1, "%s", e);
	h.st = st;
	h.rc = 0;
	if (store_rd_begin(st, &h.rd) != STORE_OK ||
	    store_checkpoint(st, h.rd, 0, &note, &size) != STORE_OK)
		errx(1, "%s", store_errmsg(st));
	for (L = 0; L < tile_levels(size); L++) {
		for (n = 0; n < tile_full(size, L); n++)
			tile(&h, L, n, TILE_WIDTH);
		if (tile_width(size, L) > 0)
			tile(&h, L, n, tile_width(size, L));
	}
	for (n = 0; n < tile_full(size, 0); n++)
		bundle(st, h.rd, n, TILE_WIDTH);
	if (tile_width(size, 0) > 0)
		bundle(st, h.rd, n, tile_width(size, 0));
	put("checkpoint", note, strlen(note));
	free(note);
	store_rd_end(h.rd);
	store_close(st);
	return 0;
}
