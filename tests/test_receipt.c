/*
 * test_receipt.c: receipt_dump must write the same JSON as jansson's own
 * json_dumps, whatever the receipt holds: every escape JSON has, UTF-8 in
 * the signed note, members of unexpected types, and thousands of random
 * strings.  Equality is checked by loading the text back with jansson,
 * and the receipt must be left as it was.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "receipt.h"

/* receipt_dump(r) is valid JSON and equal to r. */
static void
same_json(json_t *r)
{
	json_error_t	 e;
	json_t		*back, *before;
	char		*text;

	before = json_deep_copy(r);
	assert_non_null(before);
	text = receipt_dump(r);
	assert_non_null(text);
	if (!json_equal(before, r))
		fail_msg("receipt_dump did not leave the receipt as it was");
	json_decref(before);
	back = json_loads(text, JSON_REJECT_DUPLICATES, &e);
	if (back == NULL)
		fail_msg("receipt_dump wrote invalid JSON (%s): %s", e.text,
		    text);
	if (!json_equal(back, r))
		fail_msg("receipt_dump changed the receipt: %s", text);
	json_decref(back);
	free(text);
}

static json_t *
sample(void)
{
	return json_pack("{s:I, s:s, s:[s,s], s:s, s:s, s:s, s:{s:{s:s,s:s}},"
	    " s:[{s:I,s:s}]}",
	    "index", (json_int_t)7, "leaf", "c29nb2MvZXZlbnQvdjEK",
	    "proof", "CtFYpKVIwXQ3ClR8hxUYxF/EUWIu/npSxdQHp8/cSk4=",
	    "7zTAkGasKvGhdyCoFNMvVm5zMslmovHaLBSnhs1pTRw=",
	    "checkpoint", "example/log\n8\nAAAA\n\n\xe2\x80\x94 example/log "
	    "abc=\n",
	    "tlog_proof", "c2sp.org/tlog-proof@v1\nindex 7\n\nexample/log\n",
	    "status", "valid",
	    "disclosed", "full_name", "salt", "AAAA", "value",
	    "Nguyễn \"Văn\" An\\",
	    "history", "index", (json_int_t)7, "kind", "issue");
}

static void
test_sample(void **state)
{
	json_t	*r = sample();

	(void)state;
	same_json(r);
	json_decref(r);
}

/* Every character JSON must escape, in every member written by hand. */
static void
test_escapes(void **state)
{
	static const char *const keys[] = {
		"leaf", "checkpoint", "tlog_proof"
	};
	char	 s[64];
	json_t	*r;
	size_t	 i;
	int	 c;

	(void)state;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		r = sample();
		for (c = 1; c < 0x20; c++) {
			snprintf(s, sizeof(s), "a%cb\"c\\d/e\x7f", c);
			json_object_set_new(r, keys[i], json_string(s));
			same_json(r);
		}
		json_decref(r);
	}
	r = sample();
	json_array_append_new(json_object_get(r, "proof"),
	    json_string("\"\\\n\t\x01 đ"));
	same_json(r);
	json_decref(r);
}

/* Members of other shapes, or missing, go through jansson unchanged. */
static void
test_odd_shapes(void **state)
{
	json_t	*r;

	(void)state;
	r = sample();
	json_object_set_new(r, "leaf", json_integer(3));
	json_object_set_new(r, "proof", json_pack("[s,i]", "x", 1));
	json_object_set_new(r, "checkpoint", json_null());
	json_object_del(r, "tlog_proof");
	same_json(r);
	json_decref(r);
	r = json_object();
	same_json(r);
	json_object_set_new(r, "leaf", json_string(""));
	same_json(r);
	json_object_set_new(r, "proof", json_array());
	same_json(r);
	json_decref(r);
	/* Only the members written by hand. */
	r = json_pack("{s:s, s:[]}", "checkpoint", "x", "proof");
	same_json(r);
	json_decref(r);
}

/* Random UTF-8 strings (jansson accepts only valid ones) everywhere. */
static void
test_random(void **state)
{
	static const char *const keys[] = {
		"leaf", "checkpoint", "tlog_proof", "status"
	};
	static const char *const pieces[] = {
		"a", "Z", "0", "+", "/", "=", "\n", "\"", "\\", "\t", "\x01",
		"\x1f", " ", "đ", "Ư", "—", "\xf0\x9f\x98\x80", "\xc2\x80"
	};
	char	 s[256];
	json_t	*r;
	size_t	 len, i;
	int	 round;

	(void)state;
	srand(6962);
	for (round = 0; round < 3000; round++) {
		r = sample();
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			len = 0;
			s[0] = '\0';
			while (len < 200 && rand() % 16 != 0) {
				const char *p = pieces[rand() %
				    (int)(sizeof(pieces) / sizeof(pieces[0]))];

				memcpy(s + len, p, strlen(p) + 1);
				len += strlen(p);
			}
			json_object_set_new(r, keys[i], json_string(s));
		}
		json_array_append_new(json_object_get(r, "proof"),
		    json_string(s));
		same_json(r);
		json_decref(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
