/*
 * test_tile.c: registry/tile.c against the C2SP tlog-tiles examples
 * (paths, the tiles of sizes 70,000 and 256), the stored indexes that
 * Go's tlog.StoredHashIndex gives (design16.md section 1), widths of
 * small and boundary sizes, entry bundles well formed and hostile, and
 * tile_subtree() against merkle_root() of the same leaves.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cm.h"

#include "merkle.h"
#include "tile.h"

#define H	MERKLE_HASH_LEN

static void
test_paths(void **state)
{
	static const struct {
		int		 level;
		uint64_t	 n;
		unsigned int	 w;
		const char	*want;
	} c[] = {
		{ 0, 0, 256, "tile/0/000" },
		{ 0, 273, 112, "tile/0/273.p/112" },
		{ 1, 1, 17, "tile/1/001.p/17" },
		{ 2, 0, 1, "tile/2/000.p/1" },
		{ 1, 0, 1, "tile/1/000.p/1" },
		{ 0, 1234067, 256, "tile/0/x001/x234/067" },
		{ 0, 5, 256, "tile/0/005" },
		{ 0, 999, 256, "tile/0/999" },
		{ 0, 1000, 256, "tile/0/x001/000" },
		{ 0, 1000000, 255, "tile/0/x001/x000/000.p/255" },
		{ 63, 0, 256, "tile/63/000" },
		{ TILE_ENTRIES, 1234067, 256, "tile/entries/x001/x234/067" },
		{ TILE_ENTRIES, 273, 112, "tile/entries/273.p/112" },
		{ 0, UINT64_MAX, 256,
		    "tile/0/x018/x446/x744/x073/x709/x551/615" },
	};
	static const struct {
		int		 level;
		unsigned int	 w;
		size_t		 bufsz;
	} bad[] = {
		{ 64, 256, TILE_PATH_MAX }, { -2, 256, TILE_PATH_MAX },
		{ 0, 0, TILE_PATH_MAX }, { 0, 257, TILE_PATH_MAX },
		{ 0, 256, 10 }, { 0, 255, 12 }, { TILE_ENTRIES, 256, 14 },
	};
	char		 buf[TILE_PATH_MAX];
	size_t		 i;
	int		 rc;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(c); i++) {
		rc = tile_path(c[i].level, c[i].n, c[i].w, buf, sizeof(buf));
		CHECK(rc == TILE_OK && strcmp(buf, c[i].want) == 0,
		    "row %zu: rc %d path '%s', want '%s'\n", i, rc, buf,
		    c[i].want);
	}
	for (i = 0; i < NELEM(bad); i++) {
		rc = tile_path(bad[i].level, 1000, bad[i].w, buf,
		    bad[i].bufsz);
		CHECK(rc == TILE_EINVAL && buf[0] == '\0',
		    "bad row %zu: rc %d path '%s'\n", i, rc, buf);
	}
	assert_int_equal(cm_failures, 0);
}

static void
test_widths(void **state)
{
	static const struct {
		uint64_t	 size;
		int		 levels;
		uint64_t	 full[3];
		unsigned int	 w[3];
	} c[] = {
		{ 0, 0, { 0, 0, 0 }, { 0, 0, 0 } },
		{ 1, 1, { 0, 0, 0 }, { 1, 0, 0 } },
		{ 255, 1, { 0, 0, 0 }, { 255, 0, 0 } },
		/* the spec: 0/000 and 1/000.p/1 */
		{ 256, 2, { 1, 0, 0 }, { 0, 1, 0 } },
		{ 257, 2, { 1, 0, 0 }, { 1, 1, 0 } },
		{ 65535, 2, { 255, 0, 0 }, { 255, 255, 0 } },
		{ 65536, 3, { 256, 1, 0 }, { 0, 0, 1 } },
		/* the spec: 0/000..0/272, 0/273.p/112, 1/000, 1/001.p/17,
		   2/000.p/1 */
		{ 70000, 3, { 273, 1, 0 }, { 112, 17, 1 } },
		{ 16777216, 4, { 65536, 256, 1 }, { 0, 0, 0 } },
	};
	size_t		 i;
	int		 l;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(c); i++) {
		CHECK(tile_levels(c[i].size) == c[i].levels,
		    "size %llu: %d levels\n", (unsigned long long)c[i].size,
		    tile_levels(c[i].size));
		for (l = 0; l < 3; l++)
			CHECK(tile_full(c[i].size, l) == c[i].full[l] &&
			    tile_width(c[i].size, l) == c[i].w[l],
			    "size %llu level %d: %llu full, width %u\n",
			    (unsigned long long)c[i].size, l,
			    (unsigned long long)tile_full(c[i].size, l),
			    tile_width(c[i].size, l));
		CHECK(tile_full(c[i].size, TILE_ENTRIES) == c[i].full[0] &&
		    tile_width(c[i].size, TILE_ENTRIES) == c[i].w[0],
		    "size %llu: bundles\n", (unsigned long long)c[i].size);
	}
	CHECK(tile_full(UINT64_MAX, 8) == 0 && tile_width(UINT64_MAX, 8) == 0,
	    "level 8 of a 64-bit size\n");
	CHECK(tile_levels(UINT64_MAX) == 8, "levels of UINT64_MAX\n");
	assert_int_equal(cm_failures, 0);
}

static void
test_hash_index(void **state)
{
	/* Go 0.7.0 tlog.StoredHashIndex(8L, 256N + k), design16.md 1. */
	static const struct {
		int		 level;
		uint64_t	 n;
		unsigned int	 k;
		uint64_t	 want;
	} c[] = {
		{ 0, 0, 0, 0 }, { 0, 0, 1, 1 }, { 0, 0, 255, 502 },
		{ 0, 1, 0, 511 }, { 1, 0, 0, 510 }, { 1, 0, 1, 1021 },
		{ 0, 273, 111, 139989 }, { 1, 1, 16, 139772 },
		{ 2, 0, 0, 131070 },
	};
	size_t		 i;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(c); i++)
		CHECK(tile_hash_index(c[i].level, c[i].n, c[i].k) == c[i].want,
		    "row %zu: %llu\n", i, (unsigned long long)
		    tile_hash_index(c[i].level, c[i].n, c[i].k));
	assert_int_equal(merkle_stored_count(70000), 139994);
	assert_int_equal(cm_failures, 0);
}

static void
test_bundle_roundtrip(void **state)
{
	static uint8_t	 big[TILE_ENTRY_MAX + 1];
	static uint8_t	 b[3 * 2 + 5 + TILE_ENTRY_MAX];
	struct tile_entry e[3];
	size_t		 off = 0, where;

	(void)state;
	memset(big, 'a', sizeof(big));
	assert_int_equal(tile_bundle_put(b + off, "hello", 5), TILE_OK);
	off += TILE_BUNDLE_ENTRY_SIZE(5);
	assert_int_equal(tile_bundle_put(b + off, NULL, 0), TILE_OK);
	off += TILE_BUNDLE_ENTRY_SIZE(0);
	assert_int_equal(tile_bundle_put(b + off, big, TILE_ENTRY_MAX),
	    TILE_OK);
	off += TILE_BUNDLE_ENTRY_SIZE(TILE_ENTRY_MAX);
	assert_int_equal(off, sizeof(b));
	assert_int_equal(b[0], 0);
	assert_int_equal(b[1], 5);
	assert_int_equal(b[9], 0xff);
	assert_int_equal(b[10], 0xff);
	assert_int_equal(tile_bundle_parse(b, off, 3, e, &where), TILE_OK);
	assert_int_equal(where, 3);
	assert_int_equal(e[0].len, 5);
	assert_memory_equal(e[0].data, "hello", 5);
	assert_int_equal(e[1].len, 0);
	assert_int_equal(e[2].len, TILE_ENTRY_MAX);
	assert_ptr_equal(e[2].data, b + 11);
	assert_int_equal(tile_bundle_put(b, big, TILE_ENTRY_MAX + 1),
	    TILE_ETOOBIG);
	assert_int_equal(b[0], 0);	/* nothing written */
}

static void
test_bundle_hostile(void **state)
{
	/* "ab", "" and "xyz": 2+2, 2+0, 2+3 = 11 bytes */
	static const uint8_t good[] = { 0, 2, 'a', 'b', 0, 0, 0, 3, 'x', 'y',
	    'z', 0 /* one byte over, only for the ELONG rows */ };
	static const uint8_t lenbig[] = { 0xff, 0xff, 'a' };
	static const struct {
		const uint8_t	*b;
		size_t		 len;
		unsigned int	 w;
		int		 rc;
		size_t		 where;
	} c[] = {
		{ good, 11, 3, TILE_OK, 3 },
		{ good, 0, 1, TILE_ESHORT, 0 },		/* nothing at all */
		{ good, 1, 1, TILE_ESHORT, 0 },		/* half a length */
		{ good, 3, 1, TILE_ESHORT, 0 },		/* entry cut short */
		{ good, 10, 3, TILE_ESHORT, 2 },	/* last one short */
		{ good, 11, 4, TILE_ESHORT, 3 },	/* fewer than w */
		{ good, 12, 3, TILE_ELONG, 3 },		/* a byte left over */
		{ good, 11, 2, TILE_ELONG, 2 },		/* more than w */
		{ good, 4, 1, TILE_OK, 1 },
		{ good, 11, 0, TILE_EINVAL, 0 },
		{ good, 11, 257, TILE_EINVAL, 0 },
		{ lenbig, 3, 1, TILE_ESHORT, 0 },	/* length past end */
	};
	struct tile_entry e[TILE_WIDTH + 1];
	size_t		 i, where;
	int		 rc;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(c); i++) {
		where = 99;
		rc = tile_bundle_parse(c[i].b, c[i].len, c[i].w, e, &where);
		CHECK(rc == c[i].rc && where == c[i].where,
		    "row %zu: rc %d (%s) at %zu, want %d at %zu\n", i, rc,
		    tile_strerror(rc), where, c[i].rc, c[i].where);
	}
	assert_int_equal(cm_failures, 0);
	assert_int_equal(tile_bundle_parse(good, 11, 3, e, NULL), TILE_OK);
	assert_memory_equal(e[2].data, "xyz", 3);
}

/* An in-memory tree's stored hashes, for tile_subtree against merkle_root. */
struct memtree {
	uint8_t		 h[2 * TILE_WIDTH][H];
	uint64_t	 n;
};

static int
memtree_read(void *arg, uint64_t idx, uint8_t *out)
{
	const struct memtree *t = arg;

	if (idx >= t->n)
		return -1;
	memcpy(out, t->h[idx], H);
	return 0;
}

static void
test_subtree(void **state)
{
	uint8_t		 leaves[TILE_WIDTH][H], add[MERKLE_MAX_APPEND][H];
	uint8_t		 got[H], want[H];
	static struct memtree t;
	size_t		 nadd, j, n;
	char		 data[16];
	uint64_t	 i;

	(void)state;
	t.n = 0;
	for (i = 0; i < TILE_WIDTH; i++) {
		snprintf(data, sizeof(data), "leaf %u", (unsigned int)i);
		assert_int_equal(merkle_leaf_hash(data, strlen(data),
		    leaves[i]), MERKLE_OK);
		assert_int_equal(merkle_append(i, leaves[i], memtree_read,
		    &t, add, &nadd), MERKLE_OK);
		for (j = 0; j < nadd; j++)
			memcpy(t.h[t.n++], add[j], H);
	}
	for (n = 1; n <= TILE_WIDTH; n *= 2) {
		assert_int_equal(merkle_root(n, memtree_read, &t, want),
		    MERKLE_OK);
		assert_int_equal(tile_subtree(leaves, n, got), TILE_OK);
		assert_memory_equal(got, want, H);
	}
	/* the level-8 hash a level-1 tile holds for leaves 0..255 */
	assert_memory_equal(got, t.h[tile_hash_index(1, 0, 0)], H);
	assert_int_equal(tile_subtree(leaves, 3, got), TILE_EINVAL);
	assert_int_equal(tile_subtree(leaves, 0, got), TILE_EINVAL);
	assert_int_equal(tile_subtree(leaves, 512, got), TILE_EINVAL);
}

CM_MAIN(
	cmocka_unit_test(test_paths),
	cmocka_unit_test(test_widths),
	cmocka_unit_test(test_hash_index),
	cmocka_unit_test(test_bundle_roundtrip),
	cmocka_unit_test(test_bundle_hostile),
	cmocka_unit_test(test_subtree),
)
