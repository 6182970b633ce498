/*
 * test_cosigs.c: the witnesses' cosignature lines the store keeps
 * (store_cosig_put()) and serves after the log's note
 * (store_checkpoint()): lines of the wrong shape or by another name, and
 * sizes with no checkpoint, are refused and leave the note as it was; kept
 * lines come after the log's signature, in key order, one per witness and
 * size, and the log's key still opens the note.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit.h"
#include "cosig.h"
#include "staging.h"
#include "store.h"
#include "tmpstore.h"

#define SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"
#define CSV "full_name,date_of_birth,serial_no\n" \
	"L\xc3\xaa V\xc4\x83n T\xc3\xa1m,12/5/1980,Q0000001\n" \
	"Ph\xe1\xba\xa1m Th\xe1\xbb\x8b Hoa,3/2/1981,Q0000002\n"

/* Witness keys (only their names and shapes matter to the store). */
#define W1 "w1.example+8d66cf3f+BAAA"
#define W2 "w2.example+11223344+BAAA"
#define SIG "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX" \
	"9x2D4GvL1mUK4k0BzcL1YDbfwhGGxp7FWJWRmhZ9iA="

static struct staging_volume vol = { NULL, "THPT", 1998, NULL, NULL, 0 };

/* A registry with checkpoints at sizes 1 and 2, and the log's key. */
static struct fixture *
published(struct note_verifier **v)
{
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	struct note_signer		*signer;
	struct fixture			*f;
	char				 path[128], *vkey;

	assert_int_equal(setup((void **)&f), 0);
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	put_file(f, "l.csv", CSV, strlen(CSV), path, sizeof(path));
	/* A batch a row: a checkpoint at each size. */
	assert_int_equal(staging_import_csv_publish(f->st, path, &vol, "a",
	    signer, 1, &is, &ps, NULL, NULL), STORE_OK);
	assert_int_equal(ps.size, 2);
	vkey = note_signer_vkey(signer);
	assert_non_null(vkey);
	assert_int_equal(note_verifier_new(vkey, v), NOTE_OK);
	free(vkey);
	note_signer_free(signer);
	return f;
}

static char *
checkpoint(struct fixture *f, uint64_t size)
{
	struct store_rd	*rd;
	char		*note;
	uint64_t	 got;

	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_checkpoint(f->st, rd, size, &note, &got),
	    STORE_OK);
	assert_int_equal(got, size == 0 ? 2 : size);
	store_rd_end(rd);
	return note;
}

static int
put(struct fixture *f, uint64_t size, const char *wvkey, const char *line)
{
	struct store_txn	*t;
	int			 rc;

	assert_int_equal(store_wr_begin(f->st, &t), STORE_OK);
	rc = store_cosig_put(t, size, wvkey, line);
	if (rc == STORE_OK)
		assert_int_equal(store_wr_commit(t, NULL), STORE_OK);
	else
		store_wr_abort(t);
	return rc;
}

struct bad_case {
	const char	*what;
	uint64_t	 size;
	const char	*wvkey;
	const char	*line;
	int		 rc;
};

static const struct bad_case bad_cases[] = {
	{ "no checkpoint of that size", 3, W1,
	    "\xe2\x80\x94 w1.example " SIG "\n", STORE_ENOTFOUND },
	{ "another witness's name", 1, W1,
	    "\xe2\x80\x94 w2.example " SIG "\n", STORE_EINPUT },
	{ "a name that only starts the same", 1, W1,
	    "\xe2\x80\x94 w1.example.evil " SIG "\n", STORE_EINPUT },
	{ "no newline", 1, W1, "\xe2\x80\x94 w1.example " SIG, STORE_EINPUT },
	{ "two lines", 1, W1, "\xe2\x80\x94 w1.example " SIG "\n"
	    "\xe2\x80\x94 w1.example " SIG "\n", STORE_EINPUT },
	{ "a hyphen for the dash", 1, W1, "- w1.example " SIG "\n",
	    STORE_EINPUT },
	{ "no signature", 1, W1, "\xe2\x80\x94 w1.example \n", STORE_EINPUT },
	{ "not base64", 1, W1, "\xe2\x80\x94 w1.example ab*cd\n",
	    STORE_EINPUT },
	{ "a key with no name", 1, "+8d66cf3f+BAAA",
	    "\xe2\x80\x94  " SIG "\n", STORE_EINPUT },
	{ "not a key", 1, "w1.example", "\xe2\x80\x94 w1.example " SIG "\n",
	    STORE_EINPUT },
};

static void
test_refused(void **state)
{
	struct note_verifier	*v;
	struct fixture		*f;
	char			*before, *after;
	size_t			 i;
	int			 rc;

	(void)state;
	f = published(&v);
	before = checkpoint(f, 1);
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		rc = put(f, bad_cases[i].size, bad_cases[i].wvkey,
		    bad_cases[i].line);
		if (rc != bad_cases[i].rc)
			fail_msg("%s: rc %d, expected %d", bad_cases[i].what,
			    rc, bad_cases[i].rc);
	}
	after = checkpoint(f, 1);
	assert_string_equal(before, after);
	free(before);
	free(after);
	note_verifier_free(v);
	teardown((void **)&f);
}

static void
test_kept(void **state)
{
	struct note_verifier	*v;
	struct fixture		*f;
	const char		*l1 = "\xe2\x80\x94 w1.example " SIG "\n";
	const char		*l1b = "\xe2\x80\x94 w1.example AAAA" SIG "\n";
	const char		*l2 = "\xe2\x80\x94 w2.example " SIG "\n";
	char			*plain, *note, *want;
	size_t			 textlen, signer;

	(void)state;
	f = published(&v);
	plain = checkpoint(f, 2);
	/* w2 first, then w1, then w1 again for the same size: replaced. */
	assert_int_equal(put(f, 2, W2, l2), STORE_OK);
	assert_int_equal(put(f, 2, W1, l1), STORE_OK);
	assert_int_equal(put(f, 2, W1, l1b), STORE_OK);
	note = checkpoint(f, 2);
	assert_int_equal(asprintf(&want, "%s%s%s", plain, l1b, l2) > 0, 1);
	assert_string_equal(note, want);
	assert_int_equal(note_open(note, strlen(note), &v, 1, &textlen,
	    &signer), NOTE_OK);
	free(note);
	free(want);
	/* Size 1 has none of them; the latest (0) is size 2's. */
	note = checkpoint(f, 1);
	assert_null(strstr(note, "w1.example"));
	free(note);
	note = checkpoint(f, 0);
	assert_non_null(strstr(note, l2));
	free(note);
	free(plain);
	note_verifier_free(v);
	teardown((void **)&f);
}

static void
count_problem(void *arg, const char *msg)
{
	size_t	*n = arg;

	if (strstr(msg, "does not verify") == NULL &&
	    strstr(msg, "is not a witness's key") == NULL)
		fail_msg("%s", msg);
	(*n)++;
}

/* The audit checks every kept line: a real cosignature passes, a line of
 * the right shape but no valid signature is a problem. */
static void
test_audit(void **state)
{
	struct note_verifier	*v;
	struct note_signer	*w;
	struct audit_report	 r;
	struct fixture		*f;
	size_t			 problems = 0, textlen;
	char			*skey, *vkey, *note, *line;

	(void)state;
	f = published(&v);
	assert_int_equal(note_keygen_type("w3.example", NOTE_TYPE_COSIG, &skey,
	    &vkey), NOTE_OK);
	assert_int_equal(note_signer_new_type(skey, NOTE_TYPE_COSIG, &w),
	    NOTE_OK);
	note = checkpoint(f, 2);
	assert_int_equal(note_split(note, strlen(note), &textlen), NOTE_OK);
	assert_int_equal(cosig_sign(w, note, textlen, 1700000000, &line),
	    NOTE_OK);
	assert_int_equal(put(f, 2, vkey, line), STORE_OK);
	memset(&r, 0, sizeof(r));
	r.problem = count_problem;
	r.arg = &problems;
	assert_int_equal(audit_run(f->st, &v, 1, &r), STORE_OK);
	assert_int_equal(r.cosigs, 1);
	assert_int_equal(problems, 0);
	/* The same line filed for size 1: it signs size 2's checkpoint. */
	assert_int_equal(put(f, 1, vkey, line), STORE_OK);
	/* And a line under a key that is not one (W1 is a made-up key). */
	assert_int_equal(put(f, 2, W1, "\xe2\x80\x94 w1.example " SIG "\n"),
	    STORE_OK);
	assert_int_equal(audit_run(f->st, &v, 1, &r), STORE_OK);
	assert_int_equal(r.cosigs, 3);
	assert_int_equal(problems, 2);
	free(note);
	free(line);
	free(skey);
	free(vkey);
	note_signer_free(w);
	note_verifier_free(v);
	teardown((void **)&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_kept),
		cmocka_unit_test(test_audit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
