/*
 * test_http.c: the shared HTTP layer (http/): the one same-origin rule
 * both servers apply to a POST, the form collector's limits and hostile
 * values, the token buckets, and the route table's answers (403 for a
 * role below the row's, 404 for no row, 405 for a method the row does
 * not take).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cm.h"

#include "form.h"
#include "origin.h"
#include "ratelimit.h"
#include "route.h"

#define HOST	"registry.example:8443"

static const struct {
	const char	*site, *origin, *referer, *host;
	int		 ok;
} origins[] = {
	/* No page at all: a program. */
	{ NULL, NULL, NULL, HOST, 1 },
	{ NULL, NULL, NULL, NULL, 1 },
	/* Origin: exactly this host, over http or https. */
	{ NULL, "https://" HOST, NULL, HOST, 1 },
	{ NULL, "http://" HOST, NULL, HOST, 1 },
	{ NULL, "https://evil.example", NULL, HOST, 0 },
	{ NULL, "https://registry.example", NULL, HOST, 0 },	/* port */
	{ NULL, "https://registry.example:8444", NULL, HOST, 0 },
	{ NULL, "https://" HOST ".evil.example", NULL, HOST, 0 },
	{ NULL, "https://" HOST "@evil.example", NULL, HOST, 0 },
	{ NULL, "https://" HOST "/", NULL, HOST, 0 },
	{ NULL, "ftp://" HOST, NULL, HOST, 0 },
	{ NULL, "//" HOST, NULL, HOST, 0 },
	{ NULL, HOST, NULL, HOST, 0 },
	{ NULL, "null", NULL, HOST, 0 },
	{ NULL, "", NULL, HOST, 0 },
	{ NULL, "https://" HOST, NULL, NULL, 0 },	/* no Host */
	{ NULL, "https://", NULL, "", 0 },
	/* Origin decides before Referer. */
	{ NULL, "null", "https://" HOST "/copy", HOST, 0 },
	{ NULL, "https://evil.example", "https://" HOST "/", HOST, 0 },
	/* Referer, when there is no Origin: a path may follow. */
	{ NULL, NULL, "https://" HOST "/r/abc?lang=en", HOST, 1 },
	{ NULL, NULL, "https://" HOST, HOST, 1 },
	{ NULL, NULL, "https://" HOST "/", HOST, 1 },
	{ NULL, NULL, "https://evil.example/" HOST, HOST, 0 },
	{ NULL, NULL, "https://" HOST ".evil.example/", HOST, 0 },
	{ NULL, NULL, "https://registry.example/", HOST, 0 },
	{ NULL, NULL, "https://" HOST "?x", HOST, 0 },
	{ NULL, NULL, "", HOST, 0 },
	/* Sec-Fetch-Site decides, whatever else is said. */
	{ "same-origin", NULL, NULL, HOST, 1 },
	{ "none", NULL, NULL, HOST, 1 },
	{ "same-origin", "null", NULL, HOST, 1 },
	{ "same-site", NULL, NULL, HOST, 0 },
	{ "cross-site", NULL, NULL, HOST, 0 },
	{ "cross-site", "https://" HOST, "https://" HOST "/", HOST, 0 },
	{ "same-site", "https://" HOST, NULL, HOST, 0 },
	{ "Same-Origin", NULL, NULL, HOST, 0 },
	{ "", NULL, NULL, HOST, 0 },
	{ "same-origin ", NULL, NULL, HOST, 0 },
};

static void
test_origin(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
		if (http_origin_ok(origins[i].site, origins[i].origin,
		    origins[i].referer, origins[i].host) == origins[i].ok)
			continue;
		print_error("row %zu: site %s origin %s referer %s host %s\n",
		    i, origins[i].site ? origins[i].site : "-",
		    origins[i].origin ? origins[i].origin : "-",
		    origins[i].referer ? origins[i].referer : "-",
		    origins[i].host ? origins[i].host : "-");
		fail();
	}
}

static const struct http_form_limits lim = { 100, 4, 8 };

static void
add(struct http_form *f, const char *key, const char *val, uint64_t off)
{
	http_form_add(f, key, val, off, strlen(val));
}

static void
test_form_values(void **state)
{
	struct http_form	*f;

	(void)state;
	assert_non_null(f = http_form_new(&lim));
	assert_null(http_form_get(f, "a"));
	add(f, "a", "first", 0);
	/* A value in parts; then the same key again is a second value. */
	add(f, "b", "12", 0);
	add(f, "b", "34", 2);
	add(f, "a", "again", 0);
	add(f, "empty", "", 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_OK);
	assert_string_equal(http_form_get(f, "a"), "first");
	assert_string_equal(http_form_last(f, "a"), "again");
	assert_string_equal(http_form_get(f, "b"), "1234");
	assert_string_equal(http_form_get(f, "empty"), "");
	assert_null(http_form_get(f, "A"));
	assert_int_equal(http_form_text(f), 1);
	http_form_free(f);
	http_form_free(NULL);
}

/* Values that are not text: a form's check refuses them. */
static const struct {
	const char	*v;
	size_t		 len;
} not_text[] = {
	{ "\xff", 1 },			/* not UTF-8 */
	{ "\xc3", 1 },			/* cut short */
	{ "\xc0\xaf", 2 },		/* overlong / */
	{ "\xed\xa0\x80", 3 },		/* a surrogate */
	{ "a\x01", 2 },
	{ "a\nb", 3 },
	{ "a\0b", 3 },			/* %00: not cut short unseen */
};

static void
test_form_encoding(void **state)
{
	struct http_form	*f;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(not_text) / sizeof(not_text[0]); i++) {
		assert_non_null(f = http_form_new(&lim));
		add(f, "ok", "Nguyễn", 0);
		assert_int_equal(http_form_text(f), 1);
		http_form_add(f, "bad", not_text[i].v, 0, not_text[i].len);
		if (http_form_text(f) != 0) {
			print_error("row %zu taken as text\n", i);
			fail();
		}
		assert_int_equal(strlen(http_form_get(f, "bad")),
		    not_text[i].len);
		http_form_free(f);
	}
}

static void
test_form_limits(void **state)
{
	struct http_form_limits	 small = { 16, 3, 5 };
	struct http_form	*f;
	int			 i;

	(void)state;
	/* A value over its limit, in one part or in two. */
	assert_non_null(f = http_form_new(&small));
	add(f, "a", "12345", 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_OK);
	add(f, "b", "123456", 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_TOO_BIG);
	/* Nothing more is taken. */
	add(f, "c", "x", 0);
	assert_null(http_form_get(f, "c"));
	http_form_free(f);
	assert_non_null(f = http_form_new(&small));
	add(f, "a", "123", 0);
	add(f, "a", "456", 3);
	assert_int_equal(http_form_state(f), HTTP_FORM_TOO_BIG);
	http_form_free(f);
	/* One value too many. */
	assert_non_null(f = http_form_new(&small));
	for (i = 0; i < 3; i++)
		add(f, "k", "v", 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_OK);
	add(f, "k", "v", 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_TOO_BIG);
	http_form_free(f);
	/* The body's bytes, counted as they come, parsed or not. */
	assert_non_null(f = http_form_new(&small));
	assert_int_equal(http_form_feed(f, "0123456789", 10), 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_OK);
	assert_int_equal(http_form_feed(f, "0123456", 7), 0);
	assert_int_equal(http_form_state(f), HTTP_FORM_TOO_BIG);
	http_form_free(f);
}

static void
test_bucket(void **state)
{
	struct ratelimit_bucket	 b;
	int			 i;

	(void)state;
	/* A burst of 3, then one every 2 s. */
	ratelimit_bucket_fill(&b, 3, 100);
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 100), 0);
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 100), 2);
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 101), 1);
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 102), 0);
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 102), 2);
	/* A long wait fills it to the burst, no more. */
	assert_int_equal(ratelimit_bucket_refill(&b, 0.5, 3, 1e6), 1);
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 1e6), 0);
	assert_int_not_equal(ratelimit_bucket_take(&b, 0.5, 3, 1e6), 0);
	/* A clock that goes back gives nothing and takes nothing ... */
	assert_int_equal(ratelimit_bucket_refill(&b, 0.5, 3, 10), 0);
	assert_int_not_equal(ratelimit_bucket_take(&b, 0.5, 3, 10), 0);
	assert_int_not_equal(ratelimit_bucket_take(&b, 0.5, 3, 1e6 + 1), 0);
	/* ... and the time it had stands. */
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 1e6 + 2), 0);
	/* A full bucket with the clock gone back still has its burst. */
	ratelimit_bucket_fill(&b, 3, 100);
	for (i = 0; i < 3; i++)
		assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 40), 0);
	assert_int_equal(ratelimit_bucket_take(&b, 0.5, 3, 40), 2);
}

static void
test_ratelimit_keys(void **state)
{
	struct ratelimit	*rl;
	uint32_t		 k;
	int			 taken;

	(void)state;
	assert_non_null(rl = ratelimit_new(1.0 / 60, 5));
	/* Many addresses: each has its own burst (the table is fixed; a
	 * few may share a slot, never five of them). */
	for (k = 0; k < 5000; k++)
		assert_int_equal(ratelimit_take(rl, &k, sizeof(k), 10), 0);
	/* One address spends its own, and no more. */
	k = 7;
	for (taken = 1; ratelimit_take(rl, &k, sizeof(k), 10) == 0; taken++)
		assert_true(taken <= 5);
	assert_int_equal(ratelimit_take(rl, &k, sizeof(k), 10), 60);
	/* A minute later, one more; the clock going back gives none. */
	assert_int_equal(ratelimit_take(rl, &k, sizeof(k), 70), 0);
	assert_int_not_equal(ratelimit_take(rl, &k, sizeof(k), 0), 0);
	assert_int_not_equal(ratelimit_take(rl, &k, sizeof(k), 70), 0);
	ratelimit_free(rl);
	ratelimit_free(NULL);
}

enum { NONE, REVIEWER, REGISTRAR, ADMIN };

static const struct row {
	struct http_route	 r;
	int			 id;
} table[] = {
	{ { "/login", 0, HTTP_GET | HTTP_POST, NONE }, 1 },
	{ { "/", 0, HTTP_GET, REVIEWER }, 2 },
	{ { "/review", 0, HTTP_POST, REVIEWER }, 3 },
	{ { "/records", 0, HTTP_GET, REGISTRAR }, 4 },
	{ { "/users", 0, HTTP_GET | HTTP_POST, ADMIN }, 5 },
	{ { "/r/", 1, HTTP_GET | HTTP_POST, NONE }, 6 },
};

static const struct {
	const char	*method, *url;
	int		 role;
	unsigned int	 status;
	int		 id;
} asks[] = {
	{ "GET", "/login", NONE, 0, 1 },
	{ "POST", "/login", NONE, 0, 1 },
	{ "HEAD", "/", REVIEWER, 0, 2 },
	{ "GET", "/", NONE, 403, 2 },
	{ "POST", "/", REVIEWER, 405, 2 },
	{ "PUT", "/", ADMIN, 405, 2 },
	{ "get", "/", ADMIN, 405, 2 },
	{ "GET", "/review", REVIEWER, 405, 3 },
	{ "POST", "/review", REVIEWER, 0, 3 },
	{ "GET", "/records", REVIEWER, 403, 4 },
	/* The role is checked first: a page someone may not use says only
	 * that, whatever the method. */
	{ "DELETE", "/records", REVIEWER, 403, 4 },
	{ "GET", "/records", REGISTRAR, 0, 4 },
	{ "GET", "/records", ADMIN, 0, 4 },
	{ "POST", "/users", REGISTRAR, 403, 5 },
	{ "POST", "/users", ADMIN, 0, 5 },
	{ "GET", "/r/abc", NONE, 0, 6 },
	{ "GET", "/r/", NONE, 0, 6 },
	{ "GET", "/r", NONE, 404, 0 },
	{ "GET", "/users/", ADMIN, 404, 0 },
	{ "GET", "/Users", ADMIN, 404, 0 },
	{ "GET", "/login?x", NONE, 404, 0 },
	{ "GET", "", NONE, 404, 0 },
	{ "GET", "/nothing", ADMIN, 404, 0 },
};

static void
test_routes(void **state)
{
	const struct http_route	*rt;
	unsigned int		 status;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		rt = http_route_find(table, sizeof(table) / sizeof(table[0]),
		    sizeof(table[0]), asks[i].url);
		status = rt == NULL ? 404 : http_route_check(rt,
		    http_method_bit(asks[i].method), asks[i].role);
		if (status != asks[i].status || (rt != NULL &&
		    ((const struct row *)rt)->id != asks[i].id)) {
			print_error("%s %s as %d: %u\n", asks[i].method,
			    asks[i].url, asks[i].role, status);
			fail();
		}
	}
	assert_string_equal(http_route_allow(&table[1].r), "GET, HEAD");
	assert_string_equal(http_route_allow(&table[2].r), "POST");
	assert_string_equal(http_route_allow(&table[0].r), "GET, HEAD, POST");
}

CM_MAIN(
	cmocka_unit_test(test_origin),
	cmocka_unit_test(test_form_values),
	cmocka_unit_test(test_form_encoding),
	cmocka_unit_test(test_form_limits),
	cmocka_unit_test(test_bucket),
	cmocka_unit_test(test_ratelimit_keys),
	cmocka_unit_test(test_routes)
)
