/*
 * tile.h: the log as C2SP tlog-tiles (tlog-tiles.md at C2SP commit
 * 1cd32db, docs/registry.md): the paths of tiles and entry bundles, which
 * tiles a tree size has, which stored hash (merkle.h) each tile hash is,
 * the entry bundle format, and the root of a run of tile hashes.  Pure
 * arithmetic and formats: no I/O, no allocation, no store.  The writer
 * (tlog/tiles.c) and the monitor build on it.
 *
 * Tiles have height 8: a tile (L, N) holds up to 256 hashes, hash k being
 * MTH of leaves [(256N + k) * 256^L, (256N + k + 1) * 256^L): the complete
 * subtree at tree level 8L with index 256N + k.  A full tile has 256
 * hashes (8,192 bytes); the partial tile of a tree size s at level L has
 * tile_width(s, L) hashes and lives at "tile/L/N.p/W".  Entry bundles
 * ("tile/entries/N[.p/W]") hold the leaves of level-0 tile N, each as a
 * big-endian uint16 length and its bytes.
 *
 * Errors come back as TILE_* codes (tile_strerror() names them); nothing
 * is printed.  Every function is thread-safe: none keeps state.  Pointers
 * a parse returns point into the caller's buffer and live as long as it.
 */
#ifndef SOGOC_REGISTRY_TILE_H
#define SOGOC_REGISTRY_TILE_H

#include <stddef.h>
#include <stdint.h>

#include "merkle.h"

#define TILE_HEIGHT	8	/* tree levels per tile level */
#define TILE_WIDTH	256	/* hashes in a full tile, entries in a bundle */
#define TILE_FULL_BYTES	(TILE_WIDTH * MERKLE_HASH_LEN)	/* 8,192 */
#define TILE_MAX_LEVEL	63	/* the spec's L is 0..63 */
#define TILE_ENTRIES	(-1)	/* the "level" of entry bundles */
#define TILE_ENTRY_MAX	65535	/* bytes of one entry (uint16 length) */
#define TILE_PATH_MAX	80	/* tile_path() bytes, NUL included */

#define TILE_OK		0
#define TILE_EINVAL	1	/* level, index, width or buffer out of range */
#define TILE_ESHORT	2	/* a bundle ends inside a length or an entry */
#define TILE_ELONG	3	/* bytes are left after the last entry */
#define TILE_ETOOBIG	4	/* an entry longer than TILE_ENTRY_MAX */
#define TILE_EHASH	5	/* hashing failed (out of memory) */

/* A sentence naming error code rc (static; never NULL). */
const char	*tile_strerror(int rc);

/*
 * The path of tile (level, n) of width w, relative to the log's prefix,
 * into buf (bufsz bytes, TILE_PATH_MAX is always enough): "tile/L/N" for
 * a full tile (w == TILE_WIDTH), "tile/L/N.p/W" for a partial one (w 1 to
 * 255); level TILE_ENTRIES gives "tile/entries/N[.p/W]".  N is written in
 * 3-digit groups, each but the last prefixed with 'x': 1234067 is
 * "x001/x234/067", 5 is "005".  TILE_OK, or TILE_EINVAL when level is
 * not TILE_ENTRIES or 0..TILE_MAX_LEVEL, w is 0 or over TILE_WIDTH, or
 * buf is too small (then buf holds "").
 */
int		 tile_path(int level, uint64_t n, unsigned int w, char *buf,
		    size_t bufsz);

/*
 * Of a tree of size leaves, at level (TILE_ENTRIES counts as 0): the
 * number of full tiles (tiles 0 .. tile_full(size, level) - 1 are full),
 * and the width of the partial tile after them (0: there is none; then
 * no such tile may be served).  A level above 63 has none.
 */
uint64_t	 tile_full(uint64_t size, int level);
unsigned int	 tile_width(uint64_t size, int level);

/*
 * The number of tile levels a tree of size leaves has: levels 0 ..
 * tile_levels(size) - 1 each hold at least one hash (0 for size 0).
 */
int		 tile_levels(uint64_t size);

/*
 * The stored index (merkle.h) of hash k (0..255) of tile (level, n):
 * merkle_stored_index(8 * level, 256 * n + k).  level 0..TILE_MAX_LEVEL;
 * the caller keeps 256n + k within the tree.
 */
uint64_t	 tile_hash_index(int level, uint64_t n, unsigned int k);

/*
 * The bytes one entry of len bytes takes in a bundle (2 + len).
 * tile_bundle_put() writes it at out (room for 2 + len bytes): TILE_OK,
 * or TILE_ETOOBIG when len > TILE_ENTRY_MAX (nothing written).
 */
#define TILE_BUNDLE_ENTRY_SIZE(len)	((size_t)2 + (len))
int		 tile_bundle_put(uint8_t *out, const void *entry, size_t len);

/* One entry of a parsed bundle: points into the bundle's bytes. */
struct tile_entry {
	const uint8_t	*data;
	size_t		 len;
};

/*
 * Parses bundle buf (len bytes) strictly as exactly w entries (1 to
 * TILE_WIDTH): into out[0 .. w-1] (room for w).  TILE_OK; TILE_EINVAL
 * for w out of range; TILE_ESHORT when the bytes end inside entry
 * *where's length or bytes; TILE_ELONG when bytes are left after entry
 * w - 1 (*where then is w).  where may be NULL; on success it is w.
 */
int		 tile_bundle_parse(const uint8_t *buf, size_t len,
		    unsigned int w, struct tile_entry *out, size_t *where);

/*
 * The root of the 2^j hashes h[0 .. n-1] (n a power of two, 1 to
 * TILE_WIDTH) into out: for a full tile, the hash at tree level 8L + 8
 * that the level above holds (Go's tlog tileHash).  TILE_OK,
 * TILE_EINVAL when n is not a power of two in range, TILE_EHASH when
 * hashing failed (out zeroed).
 */
int		 tile_subtree(const uint8_t h[][MERKLE_HASH_LEN], size_t n,
		    uint8_t *out) __attribute__((warn_unused_result));

#endif /* SOGOC_REGISTRY_TILE_H */
