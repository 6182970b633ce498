/*
 * tmpstore.h: for the cmocka tests that need a real registry: one in a
 * temporary directory per test, removed after it, and files written in
 * it.  Include it once, in the test's own file, after cmocka.h.
 */
#ifndef SOGOC_TESTS_TMPSTORE_H
#define SOGOC_TESTS_TMPSTORE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmtree.h"
#include "store.h"

/* The upper modules' databases to open too (store_open()'s schemas). */
#ifndef TMPSTORE_DBS
#define TMPSTORE_DBS	NULL
#endif

struct fixture {
	char		 dir[64];
	struct store	*st;
	char		 err[512];
};

/* A new registry of 64 MiB at most in $TMPDIR (or /tmp) as *state. */
static int
setup(void **state)
{
	struct fixture	*f;
	const char	*tmp = getenv("TMPDIR");

	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/sogoc-test.XXXXXX",
	    tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 32 ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL ||
	    store_open(f->dir, STORE_CREATE, (size_t)64 << 20, TMPSTORE_DBS,
	    &f->st, f->err, sizeof(f->err)) != STORE_OK) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	rmtree(f->dir);
	free(f);
	return 0;
}

/* Writes text into the fixture's directory as name; the path in buf. */
static inline const char *
put_file(struct fixture *f, const char *name, const char *text, size_t len,
    char *buf, size_t sz)
{
	FILE	*fp;
	int	 n;

	n = snprintf(buf, sz, "%s/%s", f->dir, name);
	assert_true(n > 0 && (size_t)n < sz);
	fp = fopen(buf, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* Sets the fields of the issue event of record i (tmp_records()). */
typedef void	 tmp_fill_fn(struct event *ev, int i);

/*
 * A new log key named name, and the issue events of records 1 to n in
 * f's registry, each filled by fill, committed and signed with it: the
 * signer, which the caller frees (note_signer_free()).
 */
static inline struct note_signer *
tmp_records(struct fixture *f, const char *name, int n, tmp_fill_fn *fill)
{
	struct note_signer	*signer;
	struct store_txn	*t;
	struct event		 ev;
	uint64_t		 idx;
	char			*skey, *vkey;
	int			 i;

	assert_int_equal(note_keygen(name, &skey, &vkey), NOTE_OK);
	assert_int_equal(note_signer_new(skey, &signer), NOTE_OK);
	free(skey);
	free(vkey);
	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	for (i = 1; i <= n; i++) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = EVENT_ISSUE;
		ev.record = (uint64_t)i;
		ev.time = 1763942400;
		fill(&ev, i);
		assert_int_equal(store_append(t, &ev, &idx), STORE_OK);
		event_clear(&ev);
	}
	assert_int_equal(store_wr_commit(t, signer), STORE_OK);
	return signer;
}

#endif /* SOGOC_TESTS_TMPSTORE_H */
