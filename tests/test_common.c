/*
 * test_common.c: common/'s small helpers that many modules now share:
 * hex (hex.h), UTC time stamps (timefmt.h), OpenSSL's error queue
 * (cryptoerr.h), enum name tables (names.h), mutex-guarded heap
 * objects (locked.h) and arrays of strings (strv.h).  Each is used where a wrong answer would be written into
 * a signed document or a key, so the edges are tested, not just one case.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include <openssl/err.h>
#include <openssl/evp.h>

#include "b64.h"
#include "buf.h"
#include "cryptoerr.h"
#include "grow.h"
#include "hex.h"
#include "locked.h"
#include "names.h"
#include "strv.h"
#include "timefmt.h"

static void
test_hex_roundtrip(void **state)
{
	uint8_t		 b[256], back[256];
	char		 s[513];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	memset(s, 'x', sizeof(s));
	assert_int_equal(hex_encode(b, sizeof(b), s), 512);
	assert_int_equal(s[512], 'x');	/* no terminator written */
	assert_memory_equal(s, "000102", 6);
	assert_memory_equal(s + 506, "fdfeff", 6);
	assert_int_equal(hex_decode(s, sizeof(b), back), 0);
	assert_memory_equal(b, back, sizeof(b));
	assert_int_equal(hex_encode(b, 0, s), 0);
}

/* base64url: RFC 4648's test vectors, no padding, one spelling only. */
static void
test_b64url(void **state)
{
	static const struct {
		const char	*in, *out;
	} v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "\xfb\xff", "-_8" },
	};
	static const char *const bad[] = {
		"Zg==", "Zm9vY", "Zh", "+_8", "/_8", "Zm 9", "Zm9v=",
	};
	uint8_t	 got[16];
	char	 enc[16];
	size_t	 i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(*v); i++) {
		assert_int_equal(b64url_encode(v[i].in, strlen(v[i].in), enc,
		    sizeof(enc)), (int)strlen(v[i].out));
		assert_string_equal(enc, v[i].out);
		assert_int_equal(b64url_decode(v[i].out, strlen(v[i].out), got,
		    sizeof(got), &n), 0);
		assert_int_equal(n, strlen(v[i].in));
		assert_memory_equal(got, v[i].in, n);
	}
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (b64url_decode(bad[i], strlen(bad[i]), got, sizeof(got),
		    &n) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(b64url_encode("foo", 3, enc, 4), -1);
}

static void
test_hex_decode_bad(void **state)
{
	static const struct {
		const char	*in;
		int		 want;
		uint8_t		 out[2];
	} t[] = {
		{ "00ff", 0, { 0x00, 0xff } },
		{ "ABcd", 0, { 0xab, 0xcd } },
		{ "0g00", -1, { 0 } },
		{ "g000", -1, { 0 } },
		{ "00 0", -1, { 0 } },
		{ "000\n", -1, { 0 } },
		{ "-100", -1, { 0 } },
		{ "0x00", -1, { 0 } },
		{ "\xc3\xa1" "00", -1, { 0 } },
	};
	uint8_t		 out[2];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(hex_decode(t[i].in, 2, out), t[i].want);
		if (t[i].want == 0)
			assert_memory_equal(out, t[i].out, 2);
	}
}

static void
test_time(void **state)
{
	static const struct {
		int64_t		 t;
		const char	*want;
	} t[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ 1796601599, "2026-12-06T23:59:59Z" },
		{ -86400, "1969-12-31T00:00:00Z" },
		{ 253402300799, "9999-12-31T23:59:59Z" },
	};
	char		 buf[TIME_ISO_LEN], small[8];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(time_iso(t[i].t, buf, sizeof(buf)), 0);
		assert_string_equal(buf, t[i].want);
	}
	/* Too small a buffer, and no calendar date: "?", not garbage. */
	assert_int_equal(time_iso(0, small, sizeof(small)), -1);
	assert_string_equal(small, "?");
	assert_int_equal(time_iso(INT64_MAX, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "?");
	assert_int_equal(time_utc(86400 * 365, "%d/%m/%Y", buf, sizeof(buf)),
	    0);
	assert_string_equal(buf, "01/01/1971");
}

/* Queues n OpenSSL errors by asking for digests that do not exist. */
static void
queue_errors(int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		assert_null(EVP_MD_fetch(NULL, "no-such-digest", NULL));
	assert_int_not_equal(ERR_peek_error(), 0);
}

static void
test_crypto_err(void **state)
{
	char	 err[512], tiny[12];

	(void)state;
	queue_errors(3);
	assert_int_equal(crypto_err("hashing", err, sizeof(err)), -1);
	assert_int_equal(strncmp(err, "hashing: error:", 15), 0);
	assert_non_null(strstr(err, "; "));	/* more than the first */
	assert_int_equal(ERR_peek_error(), 0);	/* the queue is empty */

	/* Nothing queued: it says so instead of a stale reason. */
	assert_int_equal(crypto_err("signing", err, sizeof(err)), -1);
	assert_string_equal(err, "signing: no reason given");

	/* Truncated to fit, still NUL-terminated, still emptied. */
	queue_errors(2);
	assert_int_equal(crypto_err("a long description", tiny,
	    sizeof(tiny)), -1);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	assert_int_equal(ERR_peek_error(), 0);

	queue_errors(1);
	assert_int_equal(crypto_err("x", NULL, 0), -1);
	assert_int_equal(ERR_peek_error(), 0);
	queue_errors(1);
	crypto_clear();
	assert_int_equal(ERR_peek_error(), 0);
}

static void
test_buf(void **state)
{
	struct buf	 b = BUF_INIT;
	char		 big[5000], *p;
	size_t		 len, i;

	(void)state;
	/* Nothing added: an empty string, not NULL. */
	p = buf_finish(&b, &len);
	assert_non_null(p);
	assert_string_equal(p, "");
	assert_int_equal(len, 0);
	free(p);

	buf_str(&b, "a");
	buf_add(&b, "bcd", 2);
	buf_u64(&b, 0);
	buf_u64(&b, UINT64_MAX);
	buf_fmt(&b, "|%s|%d", "x", -7);
	assert_string_equal(b.p, "abc018446744073709551615|x|-7");
	/* Longer than any fixed buffer a formatter might use, and growth
	 * past several doublings. */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 40; i++)
		buf_fmt(&b, "%s", big);
	assert_int_equal(b.len, 29 + 40 * (sizeof(big) - 1));
	assert_int_equal(b.p[b.len], '\0');
	assert_int_equal(b.p[b.len - 1], 'z');
	p = buf_finish(&b, &len);
	assert_int_equal(len, 29 + 40 * (sizeof(big) - 1));
	assert_null(b.p);
	free(p);

	/* After a failure every call does nothing, and finishing says so. */
	buf_str(&b, "kept");
	b.err = 1;
	buf_str(&b, "lost");
	buf_fmt(&b, "%d", 1);
	assert_string_equal(b.p, "kept");
	assert_null(buf_finish(&b, &len));
	assert_int_equal(len, 0);
	/* A length no buffer can hold fails instead of wrapping. */
	buf_add(&b, "x", SIZE_MAX - 1);
	assert_int_equal(b.err, 1);
	assert_null(buf_finish(&b, NULL));
}

/* A table with a nameless slot first, as account.c's roles have. */
static const char *const some_names[] = { NULL, "issue", "copy", "Copy" };

static void
test_names(void **state)
{
	static const struct {
		int		 i;
		const char	*name;	/* names_get's answer */
	} gets[] = {
		{ 0, NULL }, { 1, "issue" }, { 2, "copy" }, { 3, "Copy" },
		{ 4, NULL }, { -1, NULL }, { INT_MAX, NULL }, { INT_MIN, NULL },
	};
	static const struct {
		const char	*s;
		int		 i;	/* names_find's answer */
	} finds[] = {
		{ "issue", 1 }, { "copy", 2 }, { "Copy", 3 }, { NULL, -1 },
		{ "", -1 }, { "cop", -1 }, { "copy ", -1 }, { "issue\n", -1 },
		{ "ISSUE", -1 },
	};
	const char	*got;
	size_t		 k;

	(void)state;
	assert_int_equal(NAMES_LEN(some_names), 4);
	for (k = 0; k < NAMES_LEN(gets); k++) {
		got = names_get(some_names, NAMES_LEN(some_names),
		    gets[k].i);
		if (gets[k].name == NULL)
			assert_null(got);
		else
			assert_string_equal(got, gets[k].name);
	}
	for (k = 0; k < NAMES_LEN(finds); k++)
		assert_int_equal(names_find(some_names,
		    NAMES_LEN(some_names), finds[k].s), finds[k].i);
	/* An empty table names nothing and finds nothing. */
	assert_null(names_get(some_names, 0, 0));
	assert_int_equal(names_find(some_names, 0, "issue"), -1);
}

static void
test_locked(void **state)
{
	static const struct {
		size_t	 size, mutex_at;
		int	 ok;	/* made, or NULL with errno */
		int	 err;
	} cases[] = {
		{ sizeof(pthread_mutex_t), 0, 1, 0 },
		{ sizeof(pthread_mutex_t) + 100, 0, 1, 0 },
		{ sizeof(pthread_mutex_t) + 104, 104, 1, 0 },
		{ 4096, 4096 - sizeof(pthread_mutex_t), 1, 0 },
		/* The mutex would not fit, or its offset wraps round. */
		{ sizeof(pthread_mutex_t) - 1, 0, 0, EINVAL },
		{ 64, 64 - sizeof(pthread_mutex_t) + 8, 0, EINVAL },
		{ 64, SIZE_MAX - 2, 0, EINVAL },
		{ 0, 0, 0, EINVAL },
	};
	unsigned char	*p;
	size_t		 k, i, nz;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		errno = 0;
		p = locked_new(cases[k].size, cases[k].mutex_at);
		if (!cases[k].ok) {
			assert_null(p);
			assert_int_equal(errno, cases[k].err);
			continue;
		}
		assert_non_null(p);
		/* Zeroed outside the mutex, and the mutex works. */
		for (i = nz = 0; i < cases[k].size; i++)
			if ((i < cases[k].mutex_at || i >= cases[k].mutex_at +
			    sizeof(pthread_mutex_t)) && p[i] != 0)
				nz++;
		assert_int_equal(nz, 0);
		assert_int_equal(pthread_mutex_lock((pthread_mutex_t *)(p +
		    cases[k].mutex_at)), 0);
		assert_int_equal(pthread_mutex_unlock((pthread_mutex_t *)(p +
		    cases[k].mutex_at)), 0);
		memset(p, 0xa5, cases[k].mutex_at);
		locked_free(p, cases[k].size, cases[k].mutex_at, (int)(k & 1));
	}
	locked_free(NULL, 64, 0, 0);
	locked_free(NULL, 64, 0, 1);
}

/* strv_free() lets every string go: a leak fails this test under the
 * sanitizers' leak check, a double free at once. */
static void
test_strv(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 2, 17 };
	char			**v;
	size_t			 k, i;

	(void)state;
	strv_free(NULL, 0);
	strv_free(NULL, 5);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		v = calloc(sizes[k] + 1, sizeof(*v));
		assert_non_null(v);
		for (i = 0; i < sizes[k]; i++) {
			/* Every third slot empty, as a failed strdup leaves
			 * it. */
			if (i % 3 == 2)
				continue;
			v[i] = strdup("Nguyễn Văn Ân");
			assert_non_null(v[i]);
		}
		strv_free(v, sizes[k]);
	}
}

/*
 * grow() makes room at n == cap only, doubling from first; it leaves the
 * array and its room as they were when the room would overflow.
 */
static void
test_grow(void **state)
{
	uint64_t	*v = NULL, *was;
	size_t		 cap = 0, n;

	(void)state;
	for (n = 0; n < 1000; n++) {
		assert_int_equal(grow(&v, &cap, n, sizeof(*v), 4), 0);
		assert_true(cap > n);
		assert_true(cap == 4 || (cap & (cap - 1)) == 0);
		v[n] = n * 7;
	}
	assert_int_equal(cap, 1024);
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], n * 7);
	/* Room left: nothing moves. */
	was = v;
	assert_int_equal(grow(&v, &cap, 1000, sizeof(*v), 4), 0);
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 1024);
	/* Room that would overflow, or no first size: refused, kept. */
	cap = SIZE_MAX / 2 + 1;
	assert_int_equal(grow(&v, &cap, cap, sizeof(*v), 4), -1);
	assert_ptr_equal(v, was);
	assert_int_equal(cap, SIZE_MAX / 2 + 1);
	cap = 1024;
	assert_int_equal(grow(&v, &cap, 1024, SIZE_MAX / 1024, 4), -1);
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 1024);
	free(v);
	v = NULL;
	cap = 0;
	assert_int_equal(grow(&v, &cap, 0, sizeof(*v), 0), -1);
	assert_null(v);
	assert_int_equal(cap, 0);
}

CM_MAIN(
	cmocka_unit_test(test_hex_roundtrip),
	cmocka_unit_test(test_hex_decode_bad),
	cmocka_unit_test(test_b64url),
	cmocka_unit_test(test_time),
	cmocka_unit_test(test_crypto_err),
	cmocka_unit_test(test_buf),
	cmocka_unit_test(test_names),
	cmocka_unit_test(test_locked),
	cmocka_unit_test(test_strv),
	cmocka_unit_test(test_grow)
)
