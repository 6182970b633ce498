/*
 * test_utf8.c: utf8_valid, which checks every parameter the service is
 * asked and every string it writes by hand.  Its ASCII fast path reads
 * eight bytes at a time, so each case is tried at every offset from the
 * start (and so from the word's edge), and random strings are compared
 * with a reference that asks utf8proc about every character.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include <utf8proc.h>

#include "utf8.h"

/*
 * The reference, written apart from utf8_valid's own loop: utf8proc
 * decodes the whole string at once (refusing bad, overlong, surrogate
 * and out-of-range sequences), and Unicode's general category Cc, not a
 * hand-written range, says which code points are controls.  A NUL is
 * refused whatever the flags.  Inputs here are at most 128 bytes.
 */
static int
reference(const char *s, size_t len, int flags)
{
	utf8proc_int32_t	 cp[256];
	utf8proc_ssize_t	 n, i;

	n = utf8proc_decompose((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, cp, (utf8proc_ssize_t)NELEM(cp), 0);
	assert_true(n <= (utf8proc_ssize_t)NELEM(cp));
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (cp[i] == 0)
			return 0;
		if ((flags & UTF8_NO_CONTROLS) &&
		    utf8proc_category(cp[i]) == UTF8PROC_CATEGORY_CC)
			return 0;
	}
	return 1;
}

static const struct {
	const char	*s;
	size_t		 len;
	int		 valid, plain;	/* with flags 0, with NO_CONTROLS */
} cases[] = {
	{ "", 0, 1, 1 },
	{ "abcdefgh", 8, 1, 1 },
	{ "abcdefghijklmnopqrstuvwxyz0123456789", 36, 1, 1 },
	{ "Nguyễn Văn Đức", 19, 1, 1 },
	{ "abcdefg\0", 8, 0, 0 },
	{ "abc\0efghijk", 11, 0, 0 },
	{ "abcdefg\n", 8, 1, 0 },
	{ "abcdefg\t12345678", 16, 1, 0 },
	{ "abcdefg\x7f", 8, 1, 0 },
	{ "abcdefg\x1f", 8, 1, 0 },
	{ "abcdefg\x20", 8, 1, 1 },
	{ "abcdefg\x7e", 8, 1, 1 },
	{ "abcdefg\xc2\x85", 9, 1, 0 },		/* C1 control NEL */
	{ "abcdefg\xc2\xa0", 9, 1, 1 },		/* no-break space */
	{ "abcdefgh\xff", 9, 0, 0 },
	{ "abcdefgh\xc3", 9, 0, 0 },		/* cut short */
	{ "abcdefgh\xc0\xaf", 10, 0, 0 },	/* overlong */
	{ "abcdefgh\xed\xa0\x80", 11, 0, 0 },	/* surrogate */
	{ "abcdefgh\xf4\x90\x80\x80", 12, 0, 0 },	/* past U+10FFFF */
	{ "\xe2\x80\x94 abcdefgh", 12, 1, 1 },
	{ "\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 8, 1, 1 },
};

static void
test_cases(void **state)
{
	char	 buf[64];
	size_t	 i, pad;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		for (pad = 0; pad < 16; pad++) {
			memset(buf, 'x', pad);
			memcpy(buf + pad, cases[i].s, cases[i].len);
			if (utf8_valid(buf, pad + cases[i].len, 0) !=
			    cases[i].valid)
				fail_msg("case %zu at offset %zu: valid is "
				    "not %d", i, pad, cases[i].valid);
			if (utf8_valid(buf, pad + cases[i].len,
			    UTF8_NO_CONTROLS) != cases[i].plain)
				fail_msg("case %zu at offset %zu: without "
				    "controls is not %d", i, pad,
				    cases[i].plain);
		}
}

/* Every byte value at every position of a word. */
static void
test_each_byte(void **state)
{
	char	 buf[24];
	size_t	 pos;
	int	 b, f;

	(void)state;
	for (pos = 0; pos < 16; pos++)
		for (b = 0; b < 256; b++) {
			memset(buf, 'a', sizeof(buf));
			buf[pos] = (char)b;
			for (f = 0; f <= UTF8_NO_CONTROLS; f++)
				if (utf8_valid(buf, sizeof(buf), f) !=
				    reference(buf, sizeof(buf), f))
					fail_msg("byte %#x at %zu (flags %d)",
					    b, pos, f);
		}
}

static void
test_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "~", "\n", "\x7f", "\x1f", "\x01", "đ", "—",
		"\xf0\x9f\x98\x80", "\xc2\x85", "\xff", "\xc3", "\x80",
		"\xed\xa0\x80", "\xc2\x80", "\xc2\x9f", "abcdefgh", "12345678",
		"\0"
	};
	char	 s[128];
	size_t	 len, k;
	int	 round, f;

	(void)state;
	srand(3629);
	for (round = 0; round < 100000; round++) {
		len = 0;
		while (len < 100 && rand() % 12 != 0) {
			k = (size_t)rand() % NELEM(pieces);
			/* The last piece is one NUL byte. */
			memcpy(s + len, pieces[k], k == NELEM(pieces) - 1 ? 1 :
			    strlen(pieces[k]));
			len += k == NELEM(pieces) - 1 ? 1 : strlen(pieces[k]);
		}
		for (f = 0; f <= UTF8_NO_CONTROLS; f++)
			if (utf8_valid(s, len, f) != reference(s, len, f))
				fail_msg("round %d (flags %d): %d, not %d",
				    round, f, utf8_valid(s, len, f),
				    reference(s, len, f));
	}
}

/*
 * utf8_printable: what the log writes of text from outside (issue 13,
 * finding 12: an upload's file name with ESC or VT forged log lines).
 */
static void
test_printable(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} pcases[] = {
		{ "plain", "plain" },
		{ "Nguyễn Văn Ân", "Nguyễn Văn Ân" },
		{ "a\nsogoc: staff admin signed in", "a\\x0asogoc: staff admin "
		    "signed in" },
		{ "\x1b[2Jcleared", "\\x1b[2Jcleared" },
		{ "v\vt\tr\r", "v\\x0bt\\x09r\\x0d" },
		{ "del\x7f", "del\\x7f" },
		{ "c1\xc2\x9b", "c1\\xc2\\x9b" },
		{ "bad\xff\xfe", "bad\\xff\\xfe" },
		{ "cut\xe1\xbb", "cut\\xe1\\xbb" },
		{ "back\\slash\\x41", "back\\\\slash\\\\x41" },
		{ "ls\xe2\x80\xa8ps\xe2\x80\xa9", "ls\\xe2\\x80\\xa8ps\\xe2\\x80\\xa9" },
		{ "rlo\xe2\x80\xaegnp.exe", "rlo\\xe2\\x80\\xaegnp.exe" },
		{ "zw\xe2\x80\x8bj\xef\xbb\xbf", "zw\\xe2\\x80\\x8bj\\xef\\xbb\\xbf" },
		{ "", "" },
	};
	char	 out[64], small[8];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++)
		assert_string_equal(utf8_printable(pcases[i].in, out,
		    sizeof(out)), pcases[i].out);
	/* Cut at a whole character or escape, never inside one. */
	assert_string_equal(utf8_printable("abcdefgh", small, sizeof(small)),
	    "abcdefg");
	assert_string_equal(utf8_printable("abcd\x1b", small, sizeof(small)),
	    "abcd");
	assert_string_equal(utf8_printable("abcdeễ", small, sizeof(small)),
	    "abcde");
	assert_string_equal(utf8_printable("x", small, 1), "");
}

CM_MAIN(
	cmocka_unit_test(test_cases),
	cmocka_unit_test(test_each_byte),
	cmocka_unit_test(test_random),
	cmocka_unit_test(test_printable)
)
