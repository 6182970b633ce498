/*
 * tile.c: C2SP tlog-tiles arithmetic and formats (tile.h): tile paths,
 * which tiles a tree size has, tile hash to stored hash, entry bundles
 * and the root of a run of tile hashes.  No I/O and no state.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "merkle.h"
#include "tile.h"

const char *
tile_strerror(int rc)
{
	switch (rc) {
	case TILE_OK:
		return "no error";
	case TILE_EINVAL:
		return "tile level, index or width out of range";
	case TILE_ESHORT:
		return "entry bundle cut short";
	case TILE_ELONG:
		return "entry bundle has bytes after its last entry";
	case TILE_ETOOBIG:
		return "entry longer than 65,535 bytes";
	case TILE_EHASH:
		return "hashing failed";
	default:
		return "unknown tile error";
	}
}

/*
 * N as the spec writes it: 3-digit groups, most significant first, each
 * but the last after an 'x' (so a reader can tell a directory from a
 * file by its name).  Returns the bytes snprintf would write, < 0 on
 * error.
 */
static int
index_path(uint64_t n, char *buf, size_t bufsz)
{
	unsigned int	 g[8];
	size_t		 ng = 0, off = 0, i;
	int		 w;

	do {
		g[ng++] = (unsigned int)(n % 1000);
		n /= 1000;
	} while (n > 0);
	for (i = ng; i-- > 0; ) {
		w = snprintf(buf + off, bufsz - off, i > 0 ? "x%03u/" : "%03u",
		    g[i]);
		if (w < 0 || (size_t)w >= bufsz - off)
			return -1;
		off += (size_t)w;
	}
	return (int)off;
}

int
tile_path(int level, uint64_t n, unsigned int w, char *buf, size_t bufsz)
{
	char		 lv[8];
	size_t		 off;
	int		 r;

	if (bufsz == 0)
		return TILE_EINVAL;
	buf[0] = '\0';
	if ((level != TILE_ENTRIES && (level < 0 || level > TILE_MAX_LEVEL)) ||
	    w == 0 || w > TILE_WIDTH)
		return TILE_EINVAL;
	if (level == TILE_ENTRIES)
		r = snprintf(lv, sizeof(lv), "entries");
	else
		r = snprintf(lv, sizeof(lv), "%d", level);
	if (r < 0 || (size_t)r >= sizeof(lv))
		return TILE_EINVAL;
	r = snprintf(buf, bufsz, "tile/%s/", lv);
	if (r < 0 || (size_t)r >= bufsz)
		goto toosmall;
	off = (size_t)r;
	r = index_path(n, buf + off, bufsz - off);
	if (r < 0)
		goto toosmall;
	off += (size_t)r;
	if (w < TILE_WIDTH) {
		r = snprintf(buf + off, bufsz - off, ".p/%u", w);
		if (r < 0 || (size_t)r >= bufsz - off)
			goto toosmall;
	}
	return TILE_OK;
toosmall:
	buf[0] = '\0';
	return TILE_EINVAL;
}

/* The number of hashes at level: size >> 8 * level (0 above 7). */
static uint64_t
level_count(uint64_t size, int level)
{
	if (level == TILE_ENTRIES)
		level = 0;
	if (level < 0 || level * TILE_HEIGHT >= 64)
		return 0;
	return size >> (TILE_HEIGHT * level);
}

uint64_t
tile_full(uint64_t size, int level)
{
	return level_count(size, level) / TILE_WIDTH;
}

unsigned int
tile_width(uint64_t size, int level)
{
	return (unsigned int)(level_count(size, level) % TILE_WIDTH);
}

int
tile_levels(uint64_t size)
{
	int		 l = 0;

	while (level_count(size, l) > 0)
		l++;
	return l;
}

uint64_t
tile_hash_index(int level, uint64_t n, unsigned int k)
{
	return merkle_stored_index(TILE_HEIGHT * level,
	    n * TILE_WIDTH + k);
}

int
tile_bundle_put(uint8_t *out, const void *entry, size_t len)
{
	if (len > TILE_ENTRY_MAX)
		return TILE_ETOOBIG;
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	if (len > 0)
		memcpy(out + 2, entry, len);
	return TILE_OK;
}

int
tile_bundle_parse(const uint8_t *buf, size_t len, unsigned int w,
    struct tile_entry *out, size_t *where)
{
	size_t		 off = 0, el;
	unsigned int	 i;

	if (where != NULL)
		*where = 0;
	if (w == 0 || w > TILE_WIDTH)
		return TILE_EINVAL;
	for (i = 0; i < w; i++) {
		if (where != NULL)
			*where = i;
		if (len - off < 2)
			return TILE_ESHORT;
		el = (size_t)buf[off] << 8 | buf[off + 1];
		off += 2;
		if (len - off < el)
			return TILE_ESHORT;
		out[i].data = buf + off;
		out[i].len = el;
		off += el;
	}
	if (where != NULL)
		*where = w;
	if (off != len)
		return TILE_ELONG;
	return TILE_OK;
}

int
tile_subtree(const uint8_t h[][MERKLE_HASH_LEN], size_t n, uint8_t *out)
{
	uint8_t		 work[TILE_WIDTH][MERKLE_HASH_LEN];
	size_t		 i;

	memset(out, 0, MERKLE_HASH_LEN);
	if (n == 0 || n > TILE_WIDTH || (n & (n - 1)) != 0)
		return TILE_EINVAL;
	memcpy(work, h, n * MERKLE_HASH_LEN);
	/* Pairs upwards in place: a perfect subtree needs no split. */
	for (; n > 1; n /= 2)
		for (i = 0; i < n / 2; i++)
			if (merkle_node_hash(work[2 * i], work[2 * i + 1],
			    work[i]) != MERKLE_OK) {
				memset(out, 0, MERKLE_HASH_LEN);
				return TILE_EHASH;
			}
	memcpy(out, work[0], MERKLE_HASH_LEN);
	return TILE_OK;
}
