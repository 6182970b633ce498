/*
 * test_policy.c: the witnesses file (tlog/policy.h): good files with
 * comments, blank lines and CRLF; and every malformed line refused with
 * its number, leaving the policy empty.
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

#include "note.h"
#include "policy.h"

/* Witness keys (%1$s, %2$s) and a log key (%3$s) made for the test. */
static char	*wk1, *wk2, *logk;

static int
keys(void **state)
{
	char	*skey;

	(void)state;
	if (note_keygen_type("w1.example", NOTE_TYPE_COSIG, &skey, &wk1) != 0)
		return -1;
	free(skey);
	if (note_keygen_type("w2.example", NOTE_TYPE_COSIG, &skey, &wk2) != 0)
		return -1;
	free(skey);
	if (note_keygen("log.example", &skey, &logk) != 0)
		return -1;
	free(skey);
	return 0;
}

static int
nokeys(void **state)
{
	(void)state;
	free(wk1);
	free(wk2);
	free(logk);
	return 0;
}

struct pcase {
	const char	*what;
	const char	*fmt;		/* %1$s %2$s witness keys, %3$s log */
	int		 rc;
	size_t		 n;		/* witnesses when rc is 0 */
	const char	*err;		/* in the message when rc is -1 */
};

static const struct pcase cases[] = {
	{ "two witnesses, comments, blank lines, CRLF",
	  "# ours\n\nwitness a %1$s https://w1.example/w\r\n"
	  "  witness\tb %2$s http://10.0.0.2:8080  \n# end", 0, 2, NULL },
	{ "empty", "", 0, 0, NULL },
	{ "no URL", "witness a %1$s\n", -1, 0, "line 1" },
	{ "an ftp URL", "witness a %1$s ftp://w1\n", -1, 0, "http" },
	{ "a URL with no host", "witness a %1$s https:///x\n", -1, 0,
	  "host" },
	{ "a log's key", "witness a %3$s https://w1\n", -1, 0, "0x04" },
	{ "a key cut short", "witness a w1.example+1234 https://w1\n", -1, 0,
	  "key" },
	{ "one name twice", "witness a %1$s https://w1\n"
	  "witness a %2$s https://w2\n", -1, 0, "line 2" },
	{ "one key twice", "witness a %1$s https://w1\n"
	  "witness b %1$s https://w2\n", -1, 0, "twice" },
	{ "a log line", "log %3$s https://l\n", -1, 0, "not a witness line" },
	{ "a fourth field", "witness a %1$s https://w1 extra\n", -1, 0,
	  "more than" },
	{ "the keyword misspelt", "witnes a %1$s https://w1\n", -1, 0,
	  "line 1" },
};

static void
test_cases(void **state)
{
	struct policy	 p;
	char		*text, err[512];
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(asprintf(&text, cases[i].fmt, wk1, wk2, logk) >= 0);
		err[0] = '\0';
		rc = policy_parse(text, strlen(text), &p, err, sizeof(err));
		if (rc != cases[i].rc || (rc == 0 && p.n != cases[i].n) ||
		    (rc != 0 && (p.n != 0 ||
		    strstr(err, cases[i].err) == NULL)))
			fail_msg("%s: rc %d, %zu witnesses, \"%s\"",
			    cases[i].what, rc, p.n, err);
		if (rc == 0 && p.n == 2) {
			assert_string_equal(p.w[1].name, "b");
			assert_string_equal(p.w[1].url,
			    "http://10.0.0.2:8080");
			assert_string_equal(p.w[0].vkey, wk1);
		}
		policy_clear(&p);
		free(text);
	}
}

/* A NUL byte, and one witness more than POLICY_MAX. */
static void
test_limits(void **state)
{
	struct policy	 p;
	char		*text, *skey, *vk, err[512], line[600];
	size_t		 i, len = 0;
	int		 rc;

	(void)state;
	assert_int_equal(policy_parse("witness\0", 8, &p, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "NUL"));
	text = calloc(POLICY_MAX + 1, sizeof(line));
	assert_non_null(text);
	for (i = 0; i <= POLICY_MAX; i++) {
		snprintf(line, sizeof(line), "w%zu.example", i);
		assert_int_equal(note_keygen_type(line, NOTE_TYPE_COSIG,
		    &skey, &vk), NOTE_OK);
		len += (size_t)snprintf(text + len, sizeof(line),
		    "witness w%zu %s https://w%zu\n", i, vk, i);
		free(skey);
		free(vk);
	}
	rc = policy_parse(text, len, &p, err, sizeof(err));
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, "more than 32"));
	assert_int_equal(p.n, 0);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, keys, nokeys);
}
