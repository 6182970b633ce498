/*
 * test_jsonw.c: the JSON the service writes by hand must be the JSON
 * jansson reads: every escape a string may need, UTF-8 kept, invalid
 * UTF-8 refused, base64 as b64_encode writes it, commas where they
 * belong, and thousands of random strings read back equal.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"
#include <jansson.h>

#include "b64.h"
#include "jsonw.h"

/* ["s"] written by jsonw, read by jansson: s again. */
static void
round_trip(const char *s)
{
	struct jsonw	 w;
	json_error_t	 e;
	json_t		*back;
	char		*text;

	jsonw_init(&w);
	jsonw_raw(&w, "[", 1);
	jsonw_string(&w, s);
	jsonw_raw(&w, "]", 1);
	text = jsonw_finish(&w, NULL);
	assert_non_null(text);
	back = json_loads(text, 0, &e);
	if (back == NULL)
		fail_msg("jsonw wrote invalid JSON (%s): %s", e.text, text);
	if (!json_is_string(json_array_get(back, 0)) ||
	    strcmp(json_string_value(json_array_get(back, 0)), s) != 0)
		fail_msg("jsonw changed the string: %s", text);
	json_decref(back);
	free(text);
}

static void
test_escapes(void **state)
{
	char	 s[16];
	int	 c;

	(void)state;
	for (c = 1; c < 0x20; c++) {
		snprintf(s, sizeof(s), "a%cb", c);
		round_trip(s);
	}
	round_trip("");
	round_trip("\"");
	round_trip("\\");
	round_trip("a\"b\\c/d\x7f");
	round_trip("— example/log AbC=\n");
	round_trip("Nguyễn Văn Đức \xf0\x9f\x98\x80");
}

static void
test_exact_text(void **state)
{
	struct jsonw	 w;
	char		*text;
	size_t		 len;

	(void)state;
	jsonw_init(&w);
	jsonw_raw(&w, "{", 1);
	jsonw_pair(&w, "a", "x\ny\"\x01");
	jsonw_key(&w, "n");
	jsonw_u64(&w, UINT64_MAX);
	jsonw_key(&w, "o");
	jsonw_raw(&w, "{", 1);
	jsonw_pair(&w, "k", "v");
	jsonw_raw(&w, "}", 1);
	jsonw_raw(&w, "}", 1);
	text = jsonw_finish(&w, &len);
	assert_string_equal(text, "{\"a\":\"x\\ny\\\"\\u0001\","
	    "\"n\":18446744073709551615,\"o\":{\"k\":\"v\"}}");
	assert_int_equal(len, strlen(text));
	free(text);
}

static void
test_b64(void **state)
{
	uint8_t		 bytes[100];
	char		 want[B64_ENCLEN(sizeof(bytes)) + 3], *text;
	struct jsonw	 w;
	size_t		 n, i;

	(void)state;
	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(i * 37 + 11);
	for (n = 0; n <= sizeof(bytes); n++) {
		jsonw_init(&w);
		jsonw_b64(&w, bytes, n);
		text = jsonw_finish(&w, NULL);
		want[0] = '"';
		b64_encode(bytes, n, want + 1, sizeof(want) - 1);
		strcat(want, "\"");
		assert_string_equal(text, want);
		free(text);
	}
}

/* Invalid UTF-8 is an error, and it sticks: nothing half-written comes
 * out. */
static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf8\x88\x80\x80"
	};
	struct jsonw	 w;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		jsonw_init(&w);
		jsonw_raw(&w, "{", 1);
		jsonw_pair(&w, "k", bad[i]);
		jsonw_pair(&w, "later", "fine");
		jsonw_raw(&w, "}", 1);
		assert_null(jsonw_finish(&w, NULL));
	}
}

/* Random strings of every awkward piece, in objects of several members. */
static void
test_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "0", "+", "/", "=", "\n", "\"", "\\", "\t", "\x01",
		"\x1f", " ", "đ", "Ư", "—", "\xf0\x9f\x98\x80", "\xc2\x80",
		"\x7f", "\r", "{", "}", ",", ":"
	};
	struct jsonw	 w;
	json_error_t	 e;
	json_t		*back;
	char		 s[4][256], key[8], *text;
	size_t		 len;
	int		 round, k;

	(void)state;
	srand(8259);
	for (round = 0; round < 3000; round++) {
		jsonw_init(&w);
		jsonw_raw(&w, "{", 1);
		for (k = 0; k < 4; k++) {
			len = 0;
			s[k][0] = '\0';
			while (len < 200 && rand() % 16 != 0) {
				const char *p = pieces[rand() %
				    (int)(sizeof(pieces) / sizeof(pieces[0]))];

				memcpy(s[k] + len, p, strlen(p) + 1);
				len += strlen(p);
			}
			snprintf(key, sizeof(key), "k%d", k);
			jsonw_pair(&w, key, s[k]);
		}
		jsonw_raw(&w, "}", 1);
		text = jsonw_finish(&w, NULL);
		assert_non_null(text);
		back = json_loads(text, JSON_REJECT_DUPLICATES, &e);
		if (back == NULL)
			fail_msg("invalid JSON (%s): %s", e.text, text);
		for (k = 0; k < 4; k++) {
			snprintf(key, sizeof(key), "k%d", k);
			assert_string_equal(json_string_value(
			    json_object_get(back, key)), s[k]);
		}
		json_decref(back);
		free(text);
	}
}

CM_MAIN(
	cmocka_unit_test(test_escapes),
	cmocka_unit_test(test_exact_text),
	cmocka_unit_test(test_b64),
	cmocka_unit_test(test_refused),
	cmocka_unit_test(test_random)
)
