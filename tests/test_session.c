/*
 * test_session.c: the session table with a clock of its own: tokens and
 * their shape, lookups of wrong and malformed tokens, idle and maximum-age
 * expiry, CSRF tokens, signing out one session or all of an account's, a
 * full table and the eviction of expired sessions, and four threads at
 * once.
 */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "session.h"

#define T0	((time_t)1764000000)

static int
setup(void **state)
{
	*state = session_table_new();
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	session_table_free(*state);
	return 0;
}

static int
b64url_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
assert_token_shape(const char *s)
{
	size_t	 i;

	assert_int_equal(strlen(s), SESSION_TOKEN_LEN);
	for (i = 0; i < SESSION_TOKEN_LEN; i++)
		if (!b64url_char((unsigned char)s[i]))
			fail_msg("token %s: '%c' is not base64url", s, s[i]);
}

static void
test_create_get(void **state)
{
	struct session_table	*t = *state;
	struct session_info	 info, got;
	char			 tok[SESSION_TOKEN_LEN + 1];

	assert_int_equal(session_create(t, "an.nguyen", ROLE_REGISTRAR, T0,
	    tok, &info), SESSION_OK);
	assert_token_shape(tok);
	assert_token_shape(info.csrf);
	assert_string_not_equal(tok, info.csrf);
	assert_string_equal(info.name, "an.nguyen");
	assert_int_equal(info.role, ROLE_REGISTRAR);
	assert_int_equal(info.created, T0);
	assert_int_equal(session_get(t, tok, T0 + 5, &got), SESSION_OK);
	assert_string_equal(got.name, "an.nguyen");
	assert_int_equal(got.role, ROLE_REGISTRAR);
	assert_string_equal(got.csrf, info.csrf);
	assert_int_equal(got.created, T0);
	assert_int_equal(session_get(t, tok, T0 + 6, NULL), SESSION_OK);
	assert_int_equal(session_count(t, T0 + 6), 1);
	/* Names no account can have make no session. */
	assert_int_equal(session_create(t, "", ROLE_ADMIN, T0, tok, &info),
	    SESSION_ENOTFOUND);
	assert_int_equal(session_create(t, NULL, ROLE_ADMIN, T0, tok, &info),
	    SESSION_ENOTFOUND);
	assert_int_equal(session_create(t,
	    "abcdefghijklmnopqrstuvwxyz0123456", ROLE_ADMIN, T0, tok, &info),
	    SESSION_ENOTFOUND);
	assert_int_equal(session_count(t, T0 + 6), 1);
}

static void
test_wrong_tokens(void **state)
{
	struct session_table	*t = *state;
	struct session_info	 info;
	char			 tok[SESSION_TOKEN_LEN + 1], bad[64];
	size_t			 i;
	static const char	 swaps[] = "+/=. \n\x80";

	assert_int_equal(session_create(t, "binh", ROLE_REVIEWER, T0, tok,
	    &info), SESSION_OK);
	assert_int_equal(session_get(t, NULL, T0, &info), SESSION_ENOTFOUND);
	assert_int_equal(session_get(t, "", T0, &info), SESSION_ENOTFOUND);
	/* Its own CSRF token is not a session token. */
	assert_int_equal(session_get(t, info.csrf, T0, NULL),
	    SESSION_ENOTFOUND);
	/* Every one-symbol change is another (unknown) token. */
	for (i = 0; i < SESSION_TOKEN_LEN; i++) {
		memcpy(bad, tok, sizeof(tok));
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		assert_int_equal(session_get(t, bad, T0, NULL),
		    SESSION_ENOTFOUND);
	}
	/* Too short, too long. */
	memcpy(bad, tok, sizeof(tok));
	bad[SESSION_TOKEN_LEN - 1] = '\0';
	assert_int_equal(session_get(t, bad, T0, NULL), SESSION_ENOTFOUND);
	memcpy(bad, tok, SESSION_TOKEN_LEN);
	bad[SESSION_TOKEN_LEN] = 'A';
	bad[SESSION_TOKEN_LEN + 1] = '\0';
	assert_int_equal(session_get(t, bad, T0, NULL), SESSION_ENOTFOUND);
	bad[SESSION_TOKEN_LEN] = '=';
	assert_int_equal(session_get(t, bad, T0, NULL), SESSION_ENOTFOUND);
	/* Symbols outside the base64url alphabet. */
	for (i = 0; swaps[i] != '\0'; i++) {
		memcpy(bad, tok, sizeof(tok));
		bad[7] = swaps[i];
		assert_int_equal(session_get(t, bad, T0, NULL),
		    SESSION_ENOTFOUND);
	}
	/* Ending an unknown or malformed token changes nothing. */
	session_end(t, "nonsense");
	session_end(t, NULL);
	session_end(t, info.csrf);
	assert_int_equal(session_get(t, tok, T0, NULL), SESSION_OK);
}

static void
test_idle(void **state)
{
	struct session_table	*t = *state;
	struct session_info	 info;
	char			 tok[SESSION_TOKEN_LEN + 1];
	time_t			 now = T0;

	assert_int_equal(session_create(t, "chi", ROLE_ADMIN, now, tok,
	    &info), SESSION_OK);
	/* Each use keeps it alive for another SESSION_IDLE. */
	now += SESSION_IDLE - 1;
	assert_int_equal(session_get(t, tok, now, NULL), SESSION_OK);
	now += SESSION_IDLE - 1;
	assert_int_equal(session_get(t, tok, now, NULL), SESSION_OK);
	/* A clock that steps back does not make it older or younger. */
	assert_int_equal(session_get(t, tok, now - 100, NULL), SESSION_OK);
	assert_int_equal(session_count(t, now + SESSION_IDLE - 1), 1);
	assert_int_equal(session_count(t, now + SESSION_IDLE), 0);
	now += SESSION_IDLE;
	assert_int_equal(session_get(t, tok, now, &info), SESSION_EEXPIRED);
	assert_int_equal(session_get(t, tok, now, &info), SESSION_ENOTFOUND);
	assert_int_equal(session_count(t, T0), 0);
}

static void
test_max_age(void **state)
{
	struct session_table	*t = *state;
	char			 tok[SESSION_TOKEN_LEN + 1];
	time_t			 now;

	assert_int_equal(session_create(t, "dung", ROLE_REVIEWER, T0, tok,
	    NULL), SESSION_OK);
	/* Used every few minutes, it still ends at SESSION_MAX_AGE. */
	for (now = T0; now < T0 + SESSION_MAX_AGE; now += SESSION_IDLE / 2)
		assert_int_equal(session_get(t, tok, now, NULL), SESSION_OK);
	assert_int_equal(session_get(t, tok, T0 + SESSION_MAX_AGE - 1, NULL),
	    SESSION_OK);
	assert_int_equal(session_get(t, tok, T0 + SESSION_MAX_AGE, NULL),
	    SESSION_EEXPIRED);
	assert_int_equal(session_get(t, tok, T0 + SESSION_MAX_AGE, NULL),
	    SESSION_ENOTFOUND);
}

static void
test_csrf(void **state)
{
	struct session_table	*t = *state;
	struct session_info	 a, b, got, empty;
	char			 ta[SESSION_TOKEN_LEN + 1];
	char			 tb[SESSION_TOKEN_LEN + 1], bad[64];

	assert_int_equal(session_create(t, "em", ROLE_ADMIN, T0, ta, &a),
	    SESSION_OK);
	assert_int_equal(session_create(t, "em", ROLE_ADMIN, T0, tb, &b),
	    SESSION_OK);
	assert_int_equal(session_get(t, ta, T0, &got), SESSION_OK);
	assert_true(session_csrf_ok(&got, a.csrf));
	assert_true(session_csrf_ok(&got, got.csrf));
	/* Another session's, even of the same account. */
	assert_string_not_equal(a.csrf, b.csrf);
	assert_false(session_csrf_ok(&got, b.csrf));
	assert_false(session_csrf_ok(&got, ta));
	assert_false(session_csrf_ok(&got, NULL));
	assert_false(session_csrf_ok(NULL, a.csrf));
	assert_false(session_csrf_ok(&got, ""));
	memcpy(bad, a.csrf, sizeof(a.csrf));
	bad[SESSION_TOKEN_LEN - 1] = '\0';
	assert_false(session_csrf_ok(&got, bad));
	memcpy(bad, a.csrf, SESSION_TOKEN_LEN);
	bad[SESSION_TOKEN_LEN] = 'A';
	bad[SESSION_TOKEN_LEN + 1] = '\0';
	assert_false(session_csrf_ok(&got, bad));
	memcpy(bad, a.csrf, sizeof(a.csrf));
	bad[0] = bad[0] == 'x' ? 'y' : 'x';
	assert_false(session_csrf_ok(&got, bad));
	/* An info that holds no session matches nothing, not even "". */
	memset(&empty, 0, sizeof(empty));
	assert_false(session_csrf_ok(&empty, ""));
	memset(bad, 0, sizeof(bad));
	assert_false(session_csrf_ok(&empty, bad));
}

static void
test_end(void **state)
{
	struct session_table	*t = *state;
	char			 a[3][SESSION_TOKEN_LEN + 1];
	char			 b[2][SESSION_TOKEN_LEN + 1];
	char			 one[SESSION_TOKEN_LEN + 1];
	int			 i;

	assert_int_equal(session_create(t, "hoa", ROLE_REVIEWER, T0, one,
	    NULL), SESSION_OK);
	session_end(t, one);
	assert_int_equal(session_get(t, one, T0, NULL), SESSION_ENOTFOUND);
	session_end(t, one);
	for (i = 0; i < 3; i++)
		assert_int_equal(session_create(t, "khanh", ROLE_ADMIN, T0,
		    a[i], NULL), SESSION_OK);
	for (i = 0; i < 2; i++)
		assert_int_equal(session_create(t, "khanh.2", ROLE_ADMIN, T0,
		    b[i], NULL), SESSION_OK);
	assert_int_equal(session_count(t, T0), 5);
	session_end_account(t, "khanh");
	for (i = 0; i < 3; i++)
		assert_int_equal(session_get(t, a[i], T0, NULL),
		    SESSION_ENOTFOUND);
	for (i = 0; i < 2; i++)
		assert_int_equal(session_get(t, b[i], T0, NULL), SESSION_OK);
	assert_int_equal(session_count(t, T0), 2);
	session_end_account(t, "nobody");
	session_end_account(t, NULL);
	assert_int_equal(session_count(t, T0), 2);
}

static int
cmp_tok(const void *a, const void *b)
{
	return memcmp(a, b, SESSION_TOKEN_LEN);
}

static void
test_full(void **state)
{
	struct session_table	*t = *state;
	char			(*tok)[SESSION_TOKEN_LEN + 1];
	char			 extra[SESSION_TOKEN_LEN + 1];
	struct session_info	 info;
	time_t			 late = T0 + 1000;
	size_t			 i;

	tok = calloc(SESSION_MAX, sizeof(*tok));
	assert_non_null(tok);
	/* The first 100 go idle first. */
	for (i = 0; i < SESSION_MAX; i++) {
		assert_int_equal(session_create(t, "lan", ROLE_REVIEWER,
		    i < 100 ? T0 : late, tok[i], &info), SESSION_OK);
		assert_token_shape(tok[i]);
	}
	assert_int_equal(session_count(t, late), SESSION_MAX);
	assert_int_equal(session_create(t, "minh", ROLE_ADMIN, late, extra,
	    &info), SESSION_EFULL);
	assert_string_equal(extra, "");
	/* Every token different. */
	qsort(tok, SESSION_MAX, sizeof(*tok), cmp_tok);
	for (i = 1; i < SESSION_MAX; i++)
		assert_true(memcmp(tok[i - 1], tok[i], SESSION_TOKEN_LEN) != 0);
	/* Once the first 100 are expired, they make room. */
	assert_int_equal(session_create(t, "minh", ROLE_ADMIN,
	    T0 + SESSION_IDLE, extra, &info), SESSION_OK);
	assert_int_equal(session_count(t, T0 + SESSION_IDLE),
	    SESSION_MAX - 100 + 1);
	assert_int_equal(session_get(t, extra, T0 + SESSION_IDLE, NULL),
	    SESSION_OK);
	for (i = 0; i < 99; i++)
		assert_int_equal(session_create(t, "ngoc", ROLE_ADMIN,
		    T0 + SESSION_IDLE, tok[0], NULL), SESSION_OK);
	assert_int_equal(session_create(t, "ngoc", ROLE_ADMIN,
	    T0 + SESSION_IDLE, tok[0], NULL), SESSION_EFULL);
	/* Signing out makes room too. */
	session_end(t, extra);
	assert_int_equal(session_create(t, "ngoc", ROLE_ADMIN,
	    T0 + SESSION_IDLE, extra, NULL), SESSION_OK);
	/* All of them expired at once: a whole table again. */
	for (i = 0; i < SESSION_MAX; i++)
		assert_int_equal(session_create(t, "oanh", ROLE_REVIEWER,
		    late + SESSION_MAX_AGE, tok[i], NULL), SESSION_OK);
	assert_int_equal(session_count(t, late + SESSION_MAX_AGE),
	    SESSION_MAX);
	free(tok);
}

#define THREADS		4
#define ROUNDS		3000

struct worker {
	struct session_table	*t;
	int			 id;
	int			 failures;
};

static void *
work(void *arg)
{
	struct worker		*w = arg;
	struct session_info	 info, got;
	char			 tok[8][SESSION_TOKEN_LEN + 1];
	char			 name[16];
	int			 i, j;

	snprintf(name, sizeof(name), "w%d", w->id);
	for (i = 0; i < ROUNDS; i++) {
		j = i % 8;
		if (i >= 8) {
			if (session_get(w->t, tok[j], T0, &got) != SESSION_OK ||
			    strcmp(got.name, name) != 0)
				w->failures++;
			session_end(w->t, tok[j]);
			if (session_get(w->t, tok[j], T0, NULL) !=
			    SESSION_ENOTFOUND)
				w->failures++;
		}
		if (session_create(w->t, name, ROLE_REVIEWER, T0, tok[j],
		    &info) != SESSION_OK)
			w->failures++;
	}
	session_end_account(w->t, name);
	return NULL;
}

static void
test_threads(void **state)
{
	struct session_table	*t = *state;
	struct worker		 w[THREADS];
	pthread_t		 th[THREADS];
	int			 i;

	for (i = 0; i < THREADS; i++) {
		w[i].t = t;
		w[i].id = i;
		w[i].failures = 0;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(session_count(t, T0), 0);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_get),
		T(test_wrong_tokens),
		T(test_idle),
		T(test_max_age),
		T(test_csrf),
		T(test_end),
		T(test_full),
		T(test_threads),
	};

	session_table_free(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
