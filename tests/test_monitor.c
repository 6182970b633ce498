/*
 * test_monitor.c: the monitor (tlog/monitor.h) on a synthetic log of
 * 70,000 entries served from memory through monitor_io's get: a level-1
 * tile that becomes full is fetched and checked (tests/tlog_monitor.sh's
 * logs are too small to fill one), a rewritten one is refused, the root
 * from the edge tiles equals RFC 6962's over the leaves at the sizes that
 * matter, the state's bytes are strict, and a log with two keys (a
 * rotation) accepts a checkpoint by either and refuses one by neither,
 * and --recheck N fetches N old tiles (and their bundles) again.
 * The first two again with the bundles and tiles fetched 8 at a time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm.h"
#include "rmtree.h"

#include "monitor.h"
#include "note.h"
#include "store.h"
#include "tile.h"

#define NLEAVES		70000
#define PREFIX		"http://t/"
#define ORIGIN		"test.example/log"

static uint8_t		 leaf[NLEAVES][MERKLE_HASH_LEN];
static uint8_t		 lv1[NLEAVES / 256][MERKLE_HASH_LEN];
static uint8_t		 lv2[NLEAVES / 65536][MERKLE_HASH_LEN];

/* What the fake server serves: the log at size, signed by signer. */
static struct {
	uint64_t		 size;
	struct note_signer	*signer;
	const char		*flip;	/* a path served with a byte flipped */
	unsigned long		 gets;	/* GETs answered (from threads) */
} srv;

static void
entry(uint64_t i, char *buf, size_t *len)
{
	*len = (size_t)snprintf(buf, 32, "entry %llu", (unsigned long long)i);
}

/* RFC 6962 MTH over leaves [lo, hi), independent of tiles. */
static void
mth(uint64_t lo, uint64_t hi, uint8_t *out)
{
	uint8_t		 l[MERKLE_HASH_LEN], r[MERKLE_HASH_LEN];
	uint64_t	 k = 1;

	if (hi - lo == 1) {
		memcpy(out, leaf[lo], MERKLE_HASH_LEN);
		return;
	}
	while (2 * k < hi - lo)
		k *= 2;
	mth(lo, lo + k, l);
	mth(lo + k, hi, r);
	assert_int_equal(merkle_node_hash(l, r, out), MERKLE_OK);
}

static int
group_setup(void **state)
{
	char		 buf[32];
	size_t		 len;
	uint64_t	 i;

	(void)state;
	for (i = 0; i < NLEAVES; i++) {
		entry(i, buf, &len);
		if (merkle_leaf_hash(buf, len, leaf[i]) != MERKLE_OK)
			return -1;
	}
	for (i = 0; i < NLEAVES / 256; i++)
		if (tile_subtree((const uint8_t (*)[MERKLE_HASH_LEN])
		    leaf[256 * i], 256, lv1[i]) != TILE_OK)
			return -1;
	for (i = 0; i < NLEAVES / 65536; i++)
		if (tile_subtree((const uint8_t (*)[MERKLE_HASH_LEN])
		    lv1[256 * i], 256, lv2[i]) != TILE_OK)
			return -1;
	return 0;
}

/* The bytes of tile (L, n) of width w, or of bundle n (L -1). */
static char *
make(int L, uint64_t n, unsigned int w, size_t *len)
{
	uint8_t		(*h)[MERKLE_HASH_LEN] = L == 0 ? leaf : L == 1 ? lv1 :
			    lv2;
	char		*p, buf[32];
	size_t		 el;
	unsigned int	 k;

	p = malloc((size_t)w * 34 + 1);
	assert_non_null(p);
	*len = 0;
	for (k = 0; k < w; k++) {
		if (L == TILE_ENTRIES) {
			entry(n * 256 + k, buf, &el);
			assert_int_equal(tile_bundle_put((uint8_t *)p + *len,
			    buf, el), TILE_OK);
			*len += TILE_BUNDLE_ENTRY_SIZE(el);
		} else {
			memcpy(p + *len, h[n * 256 + k], MERKLE_HASH_LEN);
			*len += MERKLE_HASH_LEN;
		}
	}
	return p;
}

static char *
checkpoint(size_t *len)
{
	uint8_t	 root[MERKLE_HASH_LEN];
	char	*text, *note;

	mth(0, srv.size, root);
	assert_int_equal(checkpoint_format(ORIGIN, srv.size, root, &text),
	    NOTE_OK);
	assert_int_equal(note_sign(srv.signer, text, strlen(text), &note),
	    NOTE_OK);
	free(text);
	*len = strlen(note);
	return note;
}

/* monitor_get_fn: the log at srv.size; 404 for any other path. */
static int
get(void *arg, const char *url, size_t max, char **body, size_t *len,
    long *status, char *err, size_t errsz)
{
	char		 path[TILE_PATH_MAX];
	uint64_t	 n;
	unsigned int	 w;
	int		 L;

	(void)arg;
	(void)err;
	(void)errsz;
	__atomic_fetch_add(&srv.gets, 1, __ATOMIC_RELAXED);
	assert_memory_equal(url, PREFIX, strlen(PREFIX));
	url += strlen(PREFIX);
	*status = 200;
	*body = NULL;
	if (strcmp(url, "checkpoint") == 0)
		*body = checkpoint(len);
	for (L = TILE_ENTRIES; *body == NULL && L < 3; L++)
		for (n = 0; *body == NULL && n <= tile_full(srv.size, L); n++) {
			w = n < tile_full(srv.size, L) ? 256 :
			    tile_width(srv.size, L);
			if (w > 0 && tile_path(L, n, w, path, sizeof(path)) ==
			    TILE_OK && strcmp(path, url) == 0)
				*body = make(L, n, w, len);
		}
	if (*body == NULL) {
		*status = 404;
		*body = strdup("");
		*len = 0;
	} else if (srv.flip != NULL && strcmp(srv.flip, url) == 0)
		(*body)[*len / 2] ^= 1;
	assert_true(*len <= max);
	return 0;
}

struct fx {
	char			 dir[64];
	struct store		*st;
	struct note_signer	*s1, *s2;
	struct note_verifier	*v[2];
	struct monitor_io	 io;
	struct monitor_log	 log;
	struct monitor_result	 res;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	char		*sk, *vk, err[256];
	int		 i;

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "%s", "/tmp/test_monitor.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(monitor_open(f->dir, STORE_CREATE, 64 << 20, &f->st,
	    err, sizeof(err)), STORE_OK);
	for (i = 0; i < 2; i++) {
		assert_int_equal(note_keygen(ORIGIN, &sk, &vk), NOTE_OK);
		assert_int_equal(note_signer_new(sk, i == 0 ? &f->s1 : &f->s2),
		    NOTE_OK);
		assert_int_equal(note_verifier_new(vk, &f->v[i]), NOTE_OK);
		free(sk);
		free(vk);
	}
	f->io.get = get;
	f->log.origin = ORIGIN;
	f->log.keys = f->v;
	f->log.nkeys = 1;
	f->log.url = PREFIX;
	srv.signer = f->s1;
	srv.flip = NULL;
	*state = f;
	return 0;
}

/* The same, with bundles and tiles fetched 8 at a time. */
static int
setup_parallel(void **state)
{
	setup(state);
	((struct fx *)*state)->io.parallel = 8;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	store_close(f->st);
	rmtree(f->dir);
	note_signer_free(f->s1);
	note_signer_free(f->s2);
	note_verifier_free(f->v[0]);
	note_verifier_free(f->v[1]);
	free(f);
	return 0;
}

static int
run(struct fx *f, uint64_t size)
{
	srv.size = size;
	srv.gets = 0;
	return monitor_run(f->st, &f->log, &f->io, &f->res);
}

/* 0 -> 65,700 fills tile 1/000, fetched and checked; then -> 70,000. */
static void
follow_levels(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(run(f, 65700), MONITOR_OK);
	assert_int_equal(f->res.size, 65700);
	/* Each answer asked for once, fetched ahead or not. */
	assert_int_equal(srv.gets, f->res.requests);
	assert_int_equal(run(f, 70000), MONITOR_OK);
	assert_int_equal(f->res.old, 65700);
	assert_int_equal(f->res.size, 70000);
	/* The checkpoint, bundles 256..273 and their level-0 tiles, the
	 * new partials of levels 1 and 2 (2/000.p/1 is unchanged). */
	assert_int_equal(f->res.requests, 1 + 18 + 18 + 1);
	assert_int_equal(srv.gets, f->res.requests);
	assert_int_equal(run(f, 70000), MONITOR_OK);
	assert_int_equal(f->res.requests, 1);
}

/* A rewritten level-1 tile, and then a level-1 partial, are refused. */
static void
level1_rewritten(void **state)
{
	struct fx		*f = *state;
	struct store_rd		*rd;
	struct store_val	 v;

	srv.flip = "tile/1/000";
	assert_int_equal(run(f, 65536), MONITOR_EBAD);
	assert_non_null(strstr(f->res.msg, "tile/1/000 rewritten"));
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_get(rd, &monitor_dbs[0], ORIGIN,
	    strlen(ORIGIN), &v), STORE_ENOTFOUND);
	store_rd_end(rd);
	srv.flip = "tile/1/001.p/17";
	assert_int_equal(run(f, 70000), MONITOR_EBAD);
	assert_non_null(strstr(f->res.msg, "tile/1/001.p/17 rewritten"));
	srv.flip = NULL;
	assert_int_equal(run(f, 70000), MONITOR_OK);
}

/* --recheck 10 fetches 10 old tiles, and the bundle of each level-0 one. */
static void
recheck_some(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(run(f, 70000), MONITOR_OK);
	f->io.recheck = 10;
	assert_int_equal(run(f, 70000), MONITOR_OK);
	/* 273 level-0 tiles and 1 of level 1 are kept: at most one of the
	 * 10 has no bundle. */
	assert_in_range(f->res.requests, 1 + 10 + 9, 1 + 10 + 10);
	f->io.recheck = MONITOR_RECHECK_ALL;
	assert_int_equal(run(f, 70000), MONITOR_OK);
	assert_int_equal(f->res.requests, 1 + 274 + 273);
}

/* Two keys: a checkpoint by either is the log's; by neither is not. */
static void
key_rotation(void **state)
{
	struct fx	*f = *state;

	srv.signer = f->s2;
	assert_int_equal(run(f, 300), MONITOR_EBAD);
	assert_non_null(strstr(f->res.msg, "not signed by the log's key"));
	f->log.nkeys = 2;
	assert_int_equal(run(f, 300), MONITOR_OK);
	srv.signer = f->s1;
	assert_int_equal(run(f, 600), MONITOR_OK);
}

/* The state of size from the tiles alone, as a run would keep it. */
static void
state_of(uint64_t size, struct monitor_state *s)
{
	uint8_t		(*h)[MERKLE_HASH_LEN];
	int		 L;

	memset(s, 0, sizeof(*s));
	s->size = size;
	s->levels = tile_levels(size);
	mth(0, size, s->root);
	for (L = 0; L < s->levels; L++) {
		h = L == 0 ? leaf : L == 1 ? lv1 : lv2;
		s->w[L] = tile_width(size, L);
		memcpy(s->edge[L], h[tile_full(size, L) * 256],
		    (size_t)s->w[L] * MERKLE_HASH_LEN);
	}
	s->note = "n\n";
	s->notelen = 2;
}

static int
same_edges(const struct monitor_state *a, const struct monitor_state *b)
{
	int	 L;

	if (a->levels != b->levels)
		return 0;
	for (L = 0; L < a->levels; L++)
		if (a->w[L] != b->w[L] || memcmp(a->edge[L], b->edge[L],
		    (size_t)a->w[L] * MERKLE_HASH_LEN) != 0)
			return 0;
	return 1;
}

/* The root from the edges is RFC 6962's; the bytes are strict. */
static void
state_bytes(void **state)
{
	static struct monitor_state	 s, d;
	static const uint64_t		 sizes[] = { 1, 2, 3, 255, 256, 257,
					     511, 65535, 65536, 65537, 70000 };
	uint8_t				 root[MERKLE_HASH_LEN], *enc;
	size_t				 i, len;
	char				 msg[128];

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(sizes); i++) {
		state_of(sizes[i], &s);
		assert_int_equal(monitor_state_root(&s, root), MONITOR_OK);
		CHECK(memcmp(root, s.root, sizeof(root)) == 0,
		    "size %llu: root", (unsigned long long)sizes[i]);
		assert_int_equal(monitor_state_encode(&s, &enc, &len),
		    MONITOR_OK);
		CHECK(monitor_state_decode(enc, len, &d, msg, sizeof(msg)) ==
		    MONITOR_OK && d.size == s.size && d.notelen == 2 &&
		    same_edges(&d, &s), "size %llu: round trip",
		    (unsigned long long)sizes[i]);
		CHECK(monitor_state_decode(enc, len - 1, &d, msg,
		    sizeof(msg)) != MONITOR_OK, "size %llu: cut short",
		    (unsigned long long)sizes[i]);
		enc = realloc(enc, len + 1);
		assert_non_null(enc);
		enc[len] = 0;
		CHECK(monitor_state_decode(enc, len + 1, &d, msg,
		    sizeof(msg)) != MONITOR_OK, "size %llu: a byte after",
		    (unsigned long long)sizes[i]);
		enc[0] = 2;
		CHECK(monitor_state_decode(enc, len, &d, msg, sizeof(msg)) !=
		    MONITOR_OK, "size %llu: version 2",
		    (unsigned long long)sizes[i]);
		enc[0] = 1;
		enc[1 + 8 + MERKLE_HASH_LEN] ^= 1;	/* level 0's width */
		CHECK(monitor_state_decode(enc, len, &d, msg, sizeof(msg)) !=
		    MONITOR_OK, "size %llu: another width",
		    (unsigned long long)sizes[i]);
		free(enc);
	}
	assert_int_equal(cm_failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(follow_levels, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(level1_rewritten, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(key_rotation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(recheck_some, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(follow_levels, setup_parallel,
		    teardown),
		cmocka_unit_test_setup_teardown(level1_rewritten,
		    setup_parallel, teardown),
		cmocka_unit_test(state_bytes),
	};

	(void)cm_failures;
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
