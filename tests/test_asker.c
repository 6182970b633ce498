/*
 * test_asker.c: the log asking its witnesses (tlog/asker.h) against fake
 * witnesses in the test, that keep a tree size and root as a witness does,
 * check the "old" size and the consistency proof the log sends, and
 * cosign; or answer as a broken, hostile or refusing witness would.  What
 * the log keeps is then read back: only cosignatures that verify, by the
 * witness asked, for the checkpoint sent; each witness's state; and a
 * down or refusing witness never fails the asking.
 */
#include "config.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "asker.h"
#include "b64.h"
#include "cosig.h"
#include "staging.h"
#include "store.h"

static const struct store_db *const tmpstore_dbs[] = { tlog_dbs, NULL };
#define TMPSTORE_DBS	tmpstore_dbs
#include "tmpstore.h"

#define SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"
#define HEAD "full_name,date_of_birth,serial_no\n"

static struct staging_volume vol = { NULL, "THPT", 1998, NULL, NULL, 0 };

/* How a fake witness answers. */
enum mode {
	GOOD,		/* as a witness should */
	DOWN,		/* no answer */
	GARBAGE,	/* 200 with no signature line */
	OTHER_KEY,	/* 200, cosigned by another key of the same name */
	FORGED,		/* 200, its key's line with a signature byte changed */
	REFUSE_422,
	UNKNOWN_404,
	BIG_409,	/* 409 naming a size above ours */
	BAD_409,	/* 409 without text/x.tlog.size */
};

/* A fake witness: its key, what it holds, how it answers. */
struct fake {
	struct note_signer	*s;
	struct note_signer	*other;
	char			*vkey;
	enum mode		 mode;
	uint64_t		 size;
	uint8_t			 root[MERKLE_HASH_LEN];
	int			 requests;
	uint64_t		 last_old;	/* the old size last sent */
	size_t			 last_nproof;
};

static void
fake_init(struct fake *w, const char *name, enum mode mode)
{
	char	*skey, *skey2, *vkey2;

	memset(w, 0, sizeof(*w));
	assert_int_equal(note_keygen_type(name, NOTE_TYPE_COSIG, &skey,
	    &w->vkey), NOTE_OK);
	assert_int_equal(note_signer_new_type(skey, NOTE_TYPE_COSIG, &w->s),
	    NOTE_OK);
	assert_int_equal(note_keygen_type(name, NOTE_TYPE_COSIG, &skey2,
	    &vkey2), NOTE_OK);
	assert_int_equal(note_signer_new_type(skey2, NOTE_TYPE_COSIG,
	    &w->other), NOTE_OK);
	free(skey);
	free(skey2);
	free(vkey2);
	w->mode = mode;
}

static void
fake_free(struct fake *w)
{
	note_signer_free(w->s);
	note_signer_free(w->other);
	free(w->vkey);
}

static int
reply(long *status, char **ctype, char **rbody, long st, const char *ct,
    const char *body)
{
	*status = st;
	*ctype = ct != NULL ? strdup(ct) : NULL;
	*rbody = strdup(body);
	return 0;
}

/* The witness's check of old, the proof and the checkpoint; 200 or not. */
static int
fake_check(struct fake *w, const char *body, long *status, char **ctype,
    char **rbody, const char **note, uint64_t *size, uint8_t *root)
{
	uint8_t		 proof[MERKLE_MAX_PROOF][MERKLE_HASH_LEN];
	const char	*p = body, *e;
	char		 buf[32], *origin, *nl;
	size_t		 n = 0, textlen, dlen;
	uint64_t	 old;

	assert_int_equal(strncmp(p, "old ", 4), 0);
	old = strtoull(p + 4, &nl, 10);
	assert_int_equal(*nl, '\n');
	for (p = nl + 1; *p != '\n'; p = e + 1) {
		e = strchr(p, '\n');
		assert_non_null(e);
		assert_int_equal(b64_decode(p, (size_t)(e - p), proof[n],
		    MERKLE_HASH_LEN, &dlen), 0);
		assert_int_equal(dlen, MERKLE_HASH_LEN);
		n++;
	}
	*note = p + 1;
	w->last_old = old;
	w->last_nproof = n;
	assert_int_equal(note_split(*note, strlen(*note), &textlen), NOTE_OK);
	assert_int_equal(checkpoint_parse(*note, textlen, &origin, size,
	    root), NOTE_OK);
	free(origin);
	if (old != w->size) {
		snprintf(buf, sizeof(buf), "%" PRIu64 "\n", w->size);
		return reply(status, ctype, rbody, 409, "text/x.tlog.size",
		    buf);
	}
	if (old > 0 && old < *size && merkle_verify_consistency(old, *size,
	    w->root, root, (const uint8_t (*)[MERKLE_HASH_LEN])proof, n) !=
	    MERKLE_OK)
		return reply(status, ctype, rbody, 422, "text/plain", "bad\n");
	return -1;
}

static int
fake_post(void *arg, const char *url, const char *body, size_t len,
    size_t max, long timeout_ms, long *status, char **ctype, char **rbody,
    char *err, size_t errsz)
{
	struct fake	*ws = arg, *w = NULL;
	const char	*note;
	uint8_t		 root[MERKLE_HASH_LEN];
	uint64_t	 size;
	size_t		 textlen;
	char		*line;
	int		 i;

	(void)len;
	(void)max;
	(void)timeout_ms;
	/* The URL names the witness: "http://wN/". */
	i = url[8] - '0';
	w = &ws[i];
	w->requests++;
	assert_string_equal(url + 9, "/add-checkpoint");
	switch (w->mode) {
	case DOWN:
		snprintf(err, errsz, "connection refused");
		return -1;
	case REFUSE_422:
		return reply(status, ctype, rbody, 422, "text/plain", "no\n");
	case UNKNOWN_404:
		return reply(status, ctype, rbody, 404, "text/plain", "no\n");
	case BIG_409:
		return reply(status, ctype, rbody, 409, "text/x.tlog.size",
		    "1000\n");
	case BAD_409:
		return reply(status, ctype, rbody, 409, "text/plain", "1\n");
	default:
		break;
	}
	if (fake_check(w, body, status, ctype, rbody, &note, &size, root) ==
	    0)
		return 0;
	if (w->mode == GARBAGE)
		return reply(status, ctype, rbody, 200, "text/plain",
		    "hello\n");
	note_split(note, strlen(note), &textlen);
	assert_int_equal(cosig_sign(w->mode == OTHER_KEY ? w->other : w->s,
	    note, textlen, 1700000000, &line), NOTE_OK);
	w->size = size;
	memcpy(w->root, root, MERKLE_HASH_LEN);
	if (w->mode == FORGED) {
		/* A character of the signature, not of the id or time. */
		i = (int)strlen(line) - 6;
		line[i] = line[i] == 'A' ? 'B' : 'A';
	}
	*status = 200;
	*ctype = strdup("text/plain; charset=utf-8");
	*rbody = line;
	return 0;
}

/* Publishes the rows of csv (after HEAD) into f's registry. */
static void
publish(struct fixture *f, struct note_signer *signer, const char *rows)
{
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	char				 path[128], *csv;

	assert_int_equal(asprintf(&csv, "%s%s", HEAD, rows) > 0, 1);
	put_file(f, "l.csv", csv, strlen(csv), path, sizeof(path));
	free(csv);
	assert_int_equal(staging_import_csv_publish(f->st, path, &vol, "a",
	    signer, 1000, &is, &ps, NULL, NULL), STORE_OK);
}

/* The latest checkpoint as served, with its cosignatures. */
static char *
served(struct fixture *f)
{
	struct store_rd	*rd;
	char		*note;
	uint64_t	 got;

	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(store_checkpoint(f->st, rd, 0, &note, &got),
	    STORE_OK);
	store_rd_end(rd);
	return note;
}

/* How many of the fakes' keys verify on the served checkpoint. */
static size_t
cosigned(struct fixture *f, struct fake *ws, size_t n)
{
	struct note_verifier	*v[16];
	struct cosig_seen	 seen[16];
	size_t			 i, k = 0, textlen;
	char			*note = served(f);
	int			 rc;

	assert_true(n <= 16);
	for (i = 0; i < n; i++)
		assert_int_equal(note_verifier_new_type(ws[i].vkey,
		    NOTE_TYPE_COSIG, &v[i]), NOTE_OK);
	memset(seen, 0, sizeof(seen));
	rc = cosig_open(note, strlen(note), v, n, &textlen, seen);
	assert_true(rc == NOTE_OK || rc == NOTE_EUNKNOWN);
	for (i = 0; i < n; i++) {
		k += seen[i].verified;
		note_verifier_free(v[i]);
	}
	free(note);
	return k;
}

static void
ask(struct fixture *f, struct fake *ws, size_t n, struct asker_result *res)
{
	struct asker_witness	 w[16];
	char			 urls[16][16], names[16][8], err[256];
	size_t			 i;

	assert_true(n <= 10);	/* the URL names a witness by one digit */
	for (i = 0; i < n; i++) {
		snprintf(urls[i], sizeof(urls[i]), "http://w%zu/", i);
		snprintf(names[i], sizeof(names[i]), "w%zu", i);
		w[i].name = names[i];
		w[i].vkey = ws[i].vkey;
		w[i].url = urls[i];
	}
	assert_int_equal(asker_ask(f->st, w, n, 1000, fake_post, ws, res,
	    err, sizeof(err)), STORE_OK);
}

struct mode_case {
	enum mode	 mode;
	int		 state;
	long		 status;
};

static const struct mode_case mode_cases[] = {
	{ GOOD, ASKER_OK, 200 },
	{ DOWN, ASKER_DOWN, 0 },
	{ GARBAGE, ASKER_DOWN, 200 },
	{ OTHER_KEY, ASKER_DOWN, 200 },
	{ FORGED, ASKER_DOWN, 200 },
	{ REFUSE_422, ASKER_REFUSED, 422 },
	{ UNKNOWN_404, ASKER_REFUSED, 404 },
	{ BIG_409, ASKER_REFUSED, 409 },
	{ BAD_409, ASKER_DOWN, 409 },
};
#define NMODES	(sizeof(mode_cases) / sizeof(mode_cases[0]))

/* Every kind of witness at once: only the good one's line is kept. */
static void
test_modes(void **state)
{
	struct asker_result	 res[NMODES];
	struct note_signer	*signer;
	struct fake		 ws[NMODES];
	struct fixture		*f;
	size_t			 i;

	(void)state;
	assert_int_equal(setup((void **)&f), 0);
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	publish(f, signer, "L\xc3\xaa V\xc4\x83n T\xc3\xa1m,12/5/1980,"
	    "Q0000001\n");
	for (i = 0; i < NMODES; i++)
		fake_init(&ws[i], "w.example", mode_cases[i].mode);
	ask(f, ws, NMODES, res);
	for (i = 0; i < NMODES; i++) {
		if (res[i].state != mode_cases[i].state ||
		    res[i].status != mode_cases[i].status)
			fail_msg("mode %d: state %d status %ld (%s)",
			    mode_cases[i].mode, res[i].state, res[i].status,
			    res[i].msg);
	}
	assert_int_equal(cosigned(f, ws, NMODES), 1);
	for (i = 0; i < NMODES; i++)
		fake_free(&ws[i]);
	note_signer_free(signer);
	teardown((void **)&f);
}

/*
 * A witness that holds an older size is sent a consistency proof from
 * it; one that says (409) it holds another size is asked again from there.
 */
static void
test_catch_up(void **state)
{
	struct asker_result	 res[2];
	struct note_signer	*signer;
	struct fake		 ws[2];
	struct fixture		*f;

	(void)state;
	assert_int_equal(setup((void **)&f), 0);
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	fake_init(&ws[0], "w0.example", GOOD);
	fake_init(&ws[1], "w1.example", GOOD);
	publish(f, signer, "A,1/1/1980,Q1\nB,1/1/1980,Q2\nC,1/1/1980,Q3\n");
	ask(f, ws, 1, res);			/* only w0 sees size 3 */
	assert_int_equal(res[0].state, ASKER_OK);
	assert_int_equal(ws[0].size, 3);
	assert_int_equal(ws[0].last_old, 0);
	publish(f, signer, "D,1/1/1980,Q4\nE,1/1/1980,Q5\n");
	/* w1 has its own size 3 from elsewhere; the log believes it has 0 */
	ws[1].size = 3;
	memcpy(ws[1].root, ws[0].root, MERKLE_HASH_LEN);
	ws[0].requests = ws[1].requests = 0;
	ask(f, ws, 2, res);
	if (res[0].state != ASKER_OK || res[1].state != ASKER_OK)
		fail_msg("w0: %s; w1: %s", res[0].msg, res[1].msg);
	/* w0: one request from its kept size 3, with a proof */
	assert_int_equal(ws[0].requests, 1);
	assert_int_equal(ws[0].last_old, 3);
	assert_true(ws[0].last_nproof > 0);
	/* w1: a 409 naming 3, then again from 3 */
	assert_int_equal(ws[1].requests, 2);
	assert_int_equal(ws[1].last_old, 3);
	assert_int_equal(ws[0].size, 5);
	assert_int_equal(ws[1].size, 5);
	assert_int_equal(cosigned(f, ws, 2), 2);
	fake_free(&ws[0]);
	fake_free(&ws[1]);
	note_signer_free(signer);
	teardown((void **)&f);
}

/* The states kept, for the console. */
static int
count_state(const struct asker_state *s, void *arg)
{
	size_t	*n = arg;

	if (s->state == ASKER_REFUSED)
		assert_non_null(strstr(s->msg, "422"));
	else
		assert_int_equal(s->size, 1);
	(*n)++;
	return STORE_OK;
}

static void
test_states(void **state)
{
	struct asker_result	 res[2];
	struct note_signer	*signer;
	struct store_rd		*rd;
	struct fake		 ws[2];
	struct fixture		*f;
	size_t			 n = 0;

	(void)state;
	assert_int_equal(setup((void **)&f), 0);
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	fake_init(&ws[0], "w0.example", GOOD);
	fake_init(&ws[1], "w1.example", REFUSE_422);
	publish(f, signer, "A,1/1/1980,Q1\n");
	ask(f, ws, 2, res);
	assert_int_equal(store_rd_begin(f->st, &rd), STORE_OK);
	assert_int_equal(asker_states(rd, count_state, &n), STORE_OK);
	store_rd_end(rd);
	assert_int_equal(n, 2);
	fake_free(&ws[0]);
	fake_free(&ws[1]);
	note_signer_free(signer);
	teardown((void **)&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_catch_up),
		cmocka_unit_test(test_states),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
