/*
 * merkle.h: the RFC 6962 / RFC 9162 Merkle tree of the registry's log.
 *
 * Leaf hash SHA-256(0x00 || data), node hash SHA-256(0x01 || left || right),
 * the root of the empty tree SHA-256("").  The tree is kept as its "stored
 * hashes": the hash of every complete subtree, numbered in the order they
 * come into being as leaves are appended (the numbering of Go's
 * golang.org/x/mod/sumdb/tlog, which is append-only and dense, so a store can
 * keep them under consecutive integer keys).  Leaf n appends the hashes with
 * stored indexes merkle_stored_count(n) .. merkle_stored_count(n + 1) - 1.
 *
 * Proof generation reads stored hashes through a callback, O(log n) reads
 * per proof; verification needs nothing but the proof.
 */
#ifndef SOGOC_REGISTRY_MERKLE_H
#define SOGOC_REGISTRY_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN		32
#define MERKLE_MAX_PROOF	64	/* hashes in any proof of a 2^63 tree */
#define MERKLE_MAX_APPEND	64	/* stored hashes one append creates */

#define MERKLE_OK		0
#define MERKLE_EINVAL		1	/* index or sizes out of range */
#define MERKLE_EPROOF		2	/* the proof does not verify */
#define MERKLE_EREAD		3	/* the hash reader failed */
#define MERKLE_EHASH		4	/* hashing failed (out of memory) */

/*
 * Reads the stored hash with stored index idx into out.  Returns 0, or
 * non-zero on failure (the caller keeps its own reason in arg).
 */
typedef int	(*merkle_read_fn)(void *arg, uint64_t idx, uint8_t *out);

/*
 * The leaf hash of data, and the node hash of two children, into out
 * (which may be one of the children): MERKLE_OK, or MERKLE_EHASH when
 * OpenSSL fails, with out zeroed.  A hash that was not made must not be
 * used, so the result must be checked.  Thread-safe.
 */
int		 merkle_leaf_hash(const void *data, size_t len, uint8_t *out)
		    __attribute__((warn_unused_result));
int		 merkle_node_hash(const uint8_t *left, const uint8_t *right,
		    uint8_t *out) __attribute__((warn_unused_result));

/* Stored index of the hash of the n-th complete subtree at level. */
uint64_t	 merkle_stored_index(int level, uint64_t n);

/* Number of stored hashes of a tree of size leaves. */
uint64_t	 merkle_stored_count(uint64_t size);

/*
 * Computes the stored hashes that appending leaf hash leaf to a tree of size
 * leaves creates: out[0] is leaf itself, then each newly completed parent.
 * out must have room for MERKLE_MAX_APPEND hashes; *nout gets how many.
 * They belong at stored indexes merkle_stored_count(size) onwards.
 */
int		 merkle_append(uint64_t size, const uint8_t *leaf,
		    merkle_read_fn rd, void *arg,
		    uint8_t out[][MERKLE_HASH_LEN], size_t *nout);

/* Root hash of the tree of the first size leaves (size 0 allowed). */
int		 merkle_root(uint64_t size, merkle_read_fn rd, void *arg,
		    uint8_t *out);

/*
 * Inclusion proof of leaf index in the tree of size leaves (RFC 9162
 * 2.1.3.1), deepest hash first.  proof must have room for MERKLE_MAX_PROOF
 * hashes; *n gets how many.
 */
int		 merkle_prove_inclusion(uint64_t index, uint64_t size,
		    merkle_read_fn rd, void *arg,
		    uint8_t proof[][MERKLE_HASH_LEN], size_t *n);

/*
 * What proofs read over and over, kept between them: stored hashes from
 * MERKLE_CACHE_LEVEL up (every proof crosses the top of the tree, and
 * proofs of one record after another share the levels below it), and
 * the hashes of incomplete subtrees along a tree's right edge, which each
 * proof of that size passing them would recompute from several stored
 * hashes.  Both are kept by key in slots of a fixed table (a key's slot
 * is a hash of it; a newcomer takes the slot), so the cache holds what
 * the last proofs needed, whatever their tree sizes.  Stored hashes never
 * change, so neither does anything computed from them: a cached hash is
 * right for good.  For a log of 1,000,000 leaves the hashes from level 6
 * up are about 31,000: the table has room for twice that (2.8 MB, most
 * of it untouched until used).  A cache serves one log (its stored
 * hashes) and one thread at a time: it has no lock.  Zero it first.
 */
#define MERKLE_CACHE_LEVEL	6	/* stored hashes kept: this level up */
#define MERKLE_CACHE_TOP	65536	/* slots of stored hashes; 2^k */
#define MERKLE_CACHE_EDGE	4096	/* slots of edge hashes; 2^k */
struct merkle_cache {
	uint64_t	 top_idx[MERKLE_CACHE_TOP];	/* stored index + 1;
							   0: empty */
	uint8_t		 top[MERKLE_CACHE_TOP][MERKLE_HASH_LEN];
	uint64_t	 edge_lo[MERKLE_CACHE_EDGE];
	uint64_t	 edge_hi[MERKLE_CACHE_EDGE];	/* 0: empty */
	uint8_t		 edge[MERKLE_CACHE_EDGE][MERKLE_HASH_LEN];
};

/* merkle_prove_inclusion(), reading through cache c (NULL: none). */
int		 merkle_prove_inclusion_cached(uint64_t index, uint64_t size,
		    merkle_read_fn rd, void *arg, struct merkle_cache *c,
		    uint8_t proof[][MERKLE_HASH_LEN], size_t *n);

/*
 * Consistency proof between the trees of old and size leaves (RFC 9162
 * 2.1.4.1), 0 < old <= size; empty when old == size.
 */
int		 merkle_prove_consistency(uint64_t old, uint64_t size,
		    merkle_read_fn rd, void *arg,
		    uint8_t proof[][MERKLE_HASH_LEN], size_t *n);

/*
 * Verify an inclusion proof of leaf hash leaf at index in the tree of size
 * leaves with the given root (RFC 9162 2.1.3.2; the whole proof must be
 * consumed).  Returns MERKLE_OK, MERKLE_EINVAL or MERKLE_EPROOF.
 */
int		 merkle_verify_inclusion(uint64_t index, uint64_t size,
		    const uint8_t *leaf, const uint8_t proof[][MERKLE_HASH_LEN],
		    size_t n, const uint8_t *root);

/*
 * Verify a consistency proof between old_root of the tree of old leaves and
 * new_root of the tree of size leaves (RFC 9162 2.1.4.2).  old == size needs
 * an empty proof and equal roots; old == 0 is refused (MERKLE_EINVAL), as
 * the transparency-dev verifier does: every tree extends the empty one.
 */
int		 merkle_verify_consistency(uint64_t old, uint64_t size,
		    const uint8_t *old_root, const uint8_t *new_root,
		    const uint8_t proof[][MERKLE_HASH_LEN], size_t n);

#endif /* SOGOC_REGISTRY_MERKLE_H */
