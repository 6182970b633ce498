/*
 * merkle.c: RFC 6962 / RFC 9162 Merkle tree hashing, proofs over stored
 * subtree hashes, and proof verification (see merkle.h).
 *
 * Generation splits a range [lo, hi) at the largest power of two below its
 * width, as RFC 6962 section 2.1 defines the tree; a range that is a
 * complete aligned subtree is one stored hash, so only the right edge of the
 * tree is ever computed from its parts.  Verification follows the iterative
 * algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2 literally, including
 * the check that the proof is consumed exactly.
 */
#include "config.h"

#include <string.h>

#include "merkle.h"
#include "sha256.h"

/*
 * The largest tree the functions that read stored hashes take: its proofs
 * fit MERKLE_MAX_PROOF and its stored indexes a uint64_t, and split() needs
 * a width of at most 2^63.  Anything larger is a caller's bug, refused.
 */
#define MAX_SIZE	((uint64_t)1 << 63)

int
merkle_leaf_hash(const void *data, size_t len, uint8_t *out)
{
	static const uint8_t	 zero = 0x00;

	return sha256_2(&zero, 1, data, len, out) == 0 ? MERKLE_OK :
	    MERKLE_EHASH;
}

int
merkle_node_hash(const uint8_t *left, const uint8_t *right, uint8_t *out)
{
	uint8_t	 buf[1 + 2 * MERKLE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH_LEN);
	memcpy(buf + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	return sha256_2(buf, sizeof(buf), NULL, 0, out) == 0 ? MERKLE_OK :
	    MERKLE_EHASH;
}

uint64_t
merkle_stored_index(int level, uint64_t n)
{
	uint64_t	 i = 0;
	int		 l;

	/*
	 * The n-th hash at level L is stored right after the last leaf of
	 * its subtree and the hashes that leaf completes below L: so count
	 * the hashes stored up to and including leaf (n + 1) * 2^L - 1.
	 */
	for (l = level; l > 0; l--)
		n = 2 * n + 1;
	for (; n > 0; n >>= 1)
		i += n;
	return i + (uint64_t)level;
}

uint64_t
merkle_stored_count(uint64_t size)
{
	uint64_t	 c = 0;

	/* Leaf k stores 1 + (number of trailing ones of k) hashes. */
	for (; size > 0; size >>= 1)
		c += size;
	return c;
}

/* Largest power of two strictly below n (n > 1). */
static uint64_t
split(uint64_t n)
{
	uint64_t	 k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

/* Level of [lo, hi) when it is a complete aligned subtree, else -1. */
static int
perfect(uint64_t lo, uint64_t hi)
{
	uint64_t	 w = hi - lo;
	int		 level = 0;

	if (w == 0 || (w & (w - 1)) != 0 || lo % w != 0)
		return -1;
	while (w > 1) {
		w >>= 1;
		level++;
	}
	return level;
}

/* The slot of key k in a table of 2^bits slots (Fibonacci hashing). */
static size_t
slot(uint64_t k, int bits)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

/* Bits of the cache's tables' sizes. */
#define TOP_BITS	16
#define EDGE_BITS	12
_Static_assert(MERKLE_CACHE_TOP == 1 << TOP_BITS, "a power of two");
_Static_assert(MERKLE_CACHE_EDGE == 1 << EDGE_BITS, "a power of two");

/* Stored hash idx of level into out, through cache c (NULL: none). */
static int
stored_hash(uint64_t idx, int level, merkle_read_fn rd, void *arg,
    struct merkle_cache *c, uint8_t *out)
{
	size_t	 i = 0;

	if (c != NULL && level >= MERKLE_CACHE_LEVEL) {
		i = slot(idx, TOP_BITS);
		if (c->top_idx[i] == idx + 1) {
			memcpy(out, c->top[i], MERKLE_HASH_LEN);
			return MERKLE_OK;
		}
	}
	if (rd(arg, idx, out) != 0)
		return MERKLE_EREAD;
	if (c != NULL && level >= MERKLE_CACHE_LEVEL) {
		memcpy(c->top[i], out, MERKLE_HASH_LEN);
		c->top_idx[i] = idx + 1;
	}
	return MERKLE_OK;
}

/* Hash of the leaves [lo, hi), from stored hashes, through cache c
 * (NULL: none). */
static int
range_hash(uint64_t lo, uint64_t hi, merkle_read_fn rd, void *arg,
    struct merkle_cache *c, uint8_t *out)
{
	uint8_t		 l[MERKLE_HASH_LEN], r[MERKLE_HASH_LEN];
	uint64_t	 k;
	size_t		 i = 0;
	int		 level, rc;

	level = perfect(lo, hi);
	if (level >= 0)
		return stored_hash(merkle_stored_index(level, lo >> level),
		    level, rd, arg, c, out);
	/* An incomplete subtree ends a tree: computed once per size. */
	if (c != NULL) {
		i = slot(lo ^ hi * 0xff51afd7ed558ccdull, EDGE_BITS);
		if (c->edge_hi[i] == hi && c->edge_lo[i] == lo) {
			memcpy(out, c->edge[i], MERKLE_HASH_LEN);
			return MERKLE_OK;
		}
	}
	k = split(hi - lo);
	rc = range_hash(lo, lo + k, rd, arg, c, l);
	if (rc == MERKLE_OK)
		rc = range_hash(lo + k, hi, rd, arg, c, r);
	if (rc == MERKLE_OK)
		rc = merkle_node_hash(l, r, out);
	if (rc != MERKLE_OK)
		return rc;
	if (c != NULL) {
		memcpy(c->edge[i], out, MERKLE_HASH_LEN);
		c->edge_lo[i] = lo;
		c->edge_hi[i] = hi;
	}
	return MERKLE_OK;
}

int
merkle_append(uint64_t size, const uint8_t *leaf, merkle_read_fn rd,
    void *arg, uint8_t out[][MERKLE_HASH_LEN], size_t *nout)
{
	uint8_t		 left[MERKLE_HASH_LEN];
	uint64_t	 n = size;
	int		 level = 0;

	*nout = 0;
	if (size >= MAX_SIZE)
		return MERKLE_EINVAL;
	memcpy(out[(*nout)++], leaf, MERKLE_HASH_LEN);
	/* Each trailing one of size is a left sibling now completed. */
	while (n & 1) {
		if (rd(arg, merkle_stored_index(level, n - 1), left) != 0)
			return MERKLE_EREAD;
		if (merkle_node_hash(left, out[*nout - 1], out[*nout]) !=
		    MERKLE_OK)
			return MERKLE_EHASH;
		(*nout)++;
		n >>= 1;
		level++;
	}
	return MERKLE_OK;
}

int
merkle_root(uint64_t size, merkle_read_fn rd, void *arg, uint8_t *out)
{
	if (size > MAX_SIZE)
		return MERKLE_EINVAL;
	if (size == 0)
		return sha256_2("", 0, NULL, 0, out) == 0 ? MERKLE_OK :
		    MERKLE_EHASH;
	return range_hash(0, size, rd, arg, NULL, out);
}

/* RFC 6962 PATH(m, D[lo:hi]), appended to proof. */
static int
path(uint64_t m, uint64_t lo, uint64_t hi, merkle_read_fn rd, void *arg,
    struct merkle_cache *c, uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	uint64_t	 k;
	int		 rc;

	if (hi - lo <= 1)
		return MERKLE_OK;
	k = split(hi - lo);
	if (m < k) {
		rc = path(m, lo, lo + k, rd, arg, c, proof, n);
		if (rc == MERKLE_OK)
			rc = range_hash(lo + k, hi, rd, arg, c,
			    proof[(*n)++]);
	} else {
		rc = path(m - k, lo + k, hi, rd, arg, c, proof, n);
		if (rc == MERKLE_OK)
			rc = range_hash(lo, lo + k, rd, arg, c, proof[(*n)++]);
	}
	return rc;
}

int
merkle_prove_inclusion(uint64_t index, uint64_t size, merkle_read_fn rd,
    void *arg, uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	return merkle_prove_inclusion_cached(index, size, rd, arg, NULL,
	    proof, n);
}

int
merkle_prove_inclusion_cached(uint64_t index, uint64_t size,
    merkle_read_fn rd, void *arg, struct merkle_cache *c,
    uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	*n = 0;
	if (index >= size || size > MAX_SIZE)
		return MERKLE_EINVAL;
	return path(index, 0, size, rd, arg, c, proof, n);
}

/* RFC 6962 SUBPROOF(m, D[lo:hi], b), appended to proof. */
static int
subproof(uint64_t m, uint64_t lo, uint64_t hi, int b, merkle_read_fn rd,
    void *arg, uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	uint64_t	 k;
	int		 rc;

	if (m == hi - lo) {
		if (b)
			return MERKLE_OK;
		return range_hash(lo, hi, rd, arg, NULL, proof[(*n)++]);
	}
	k = split(hi - lo);
	if (m <= k) {
		rc = subproof(m, lo, lo + k, b, rd, arg, proof, n);
		if (rc == MERKLE_OK)
			rc = range_hash(lo + k, hi, rd, arg, NULL,
			    proof[(*n)++]);
	} else {
		rc = subproof(m - k, lo + k, hi, 0, rd, arg, proof, n);
		if (rc == MERKLE_OK)
			rc = range_hash(lo, lo + k, rd, arg, NULL,
			    proof[(*n)++]);
	}
	return rc;
}

int
merkle_prove_consistency(uint64_t old, uint64_t size, merkle_read_fn rd,
    void *arg, uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	*n = 0;
	if (old == 0 || old > size || size > MAX_SIZE)
		return MERKLE_EINVAL;
	if (old == size)
		return MERKLE_OK;
	return subproof(old, 0, size, 1, rd, arg, proof, n);
}

/*
 * One level of RFC 9162's proof checks (2.1.3.2 for inclusion, 2.1.4.2
 * for consistency) with the sibling hash p: sr climbs with it, on the
 * side fn and sn say, and fr (NULL when the check keeps none) climbs
 * only where p is on its left.  MERKLE_EPROOF when the proof is longer
 * than the path (sn already 0).
 */
static int
climb(const uint8_t *p, uint8_t *fr, uint8_t *sr, uint64_t *fn,
    uint64_t *sn)
{
	if (*sn == 0)
		return MERKLE_EPROOF;
	if ((*fn & 1) || *fn == *sn) {
		if ((fr != NULL && merkle_node_hash(p, fr, fr) != MERKLE_OK) ||
		    merkle_node_hash(p, sr, sr) != MERKLE_OK)
			return MERKLE_EHASH;
		while (*fn != 0 && !(*fn & 1)) {
			*fn >>= 1;
			*sn >>= 1;
		}
	} else if (merkle_node_hash(sr, p, sr) != MERKLE_OK)
		return MERKLE_EHASH;
	*fn >>= 1;
	*sn >>= 1;
	return MERKLE_OK;
}

int
merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t *leaf,
    const uint8_t proof[][MERKLE_HASH_LEN], size_t n, const uint8_t *root)
{
	uint8_t		 r[MERKLE_HASH_LEN];
	uint64_t	 fn = index, sn = size - 1;
	size_t		 i;
	int		 rc;

	if (index >= size)
		return MERKLE_EINVAL;
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (i = 0; i < n; i++) {
		rc = climb(proof[i], NULL, r, &fn, &sn);
		if (rc != MERKLE_OK)
			return rc;
	}
	if (sn != 0 || memcmp(r, root, MERKLE_HASH_LEN) != 0)
		return MERKLE_EPROOF;
	return MERKLE_OK;
}

int
merkle_verify_consistency(uint64_t old, uint64_t size,
    const uint8_t *old_root, const uint8_t *new_root,
    const uint8_t proof[][MERKLE_HASH_LEN], size_t n)
{
	uint8_t		 fr[MERKLE_HASH_LEN], sr[MERKLE_HASH_LEN];
	uint64_t	 fn, sn;
	size_t		 i = 0;
	int		 rc;

	/* Every tree extends the empty one: such a proof proves nothing. */
	if (old == 0 || old > size)
		return MERKLE_EINVAL;
	if (old == size)
		return n == 0 && memcmp(old_root, new_root,
		    MERKLE_HASH_LEN) == 0 ? MERKLE_OK : MERKLE_EPROOF;
	if (n == 0)
		return MERKLE_EPROOF;
	fn = old - 1;
	sn = size - 1;
	/* When old is a power of two, the old root starts the path. */
	if ((old & (old - 1)) == 0) {
		memcpy(fr, old_root, MERKLE_HASH_LEN);
		memcpy(sr, old_root, MERKLE_HASH_LEN);
	} else {
		memcpy(fr, proof[0], MERKLE_HASH_LEN);
		memcpy(sr, proof[0], MERKLE_HASH_LEN);
		i = 1;
	}
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < n; i++) {
		rc = climb(proof[i], fr, sr, &fn, &sn);
		if (rc != MERKLE_OK)
			return rc;
	}
	if (sn != 0 || memcmp(fr, old_root, MERKLE_HASH_LEN) != 0 ||
	    memcmp(sr, new_root, MERKLE_HASH_LEN) != 0)
		return MERKLE_EPROOF;
	return MERKLE_OK;
}
