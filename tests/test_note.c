/*
 * test_note.c: signed notes and checkpoints.  A key pair and a note made
 * by Go's golang.org/x/mod/sumdb/note (the reference implementation) must
 * parse and verify here, and our signature must be byte-identical to Go's
 * (Ed25519 is deterministic); then every kind of forged or malformed key,
 * note and checkpoint must be refused with the right error.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "note.h"

/* Made once with note.GenerateKey and note.Sign (Go, x/mod 0.7.0). */
#define GO_SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"
#define GO_VKEY "go.example/log+3255461c+" \
	"AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb"
#define GO_TEXT "go.example/log\n5\n" \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
#define GO_SIG "\xe2\x80\x94 go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jv" \
	"QRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n"
#define GO_NOTE GO_TEXT "\n" GO_SIG

static struct note_verifier *
verifier(const char *vkey)
{
	struct note_verifier	*v;

	assert_int_equal(note_verifier_new(vkey, &v), NOTE_OK);
	return v;
}

static void
test_go_interop(void **state)
{
	struct note_signer	*s;
	struct note_verifier	*v;
	char			*vkey, *msg;
	size_t			 textlen, who = 99;

	(void)state;
	assert_int_equal(note_signer_new(GO_SKEY "\n", &s), NOTE_OK);
	assert_string_equal(note_signer_name(s), "go.example/log");
	assert_int_equal(note_signer_id(s), 0x3255461c);
	vkey = note_signer_vkey(s);
	assert_string_equal(vkey, GO_VKEY);
	v = verifier(GO_VKEY);
	assert_int_equal(note_open(GO_NOTE, strlen(GO_NOTE), &v, 1, &textlen,
	    &who), NOTE_OK);
	assert_int_equal(textlen, strlen(GO_TEXT));
	assert_int_equal(who, 0);
	assert_int_equal(note_sign(s, GO_TEXT, strlen(GO_TEXT), &msg),
	    NOTE_OK);
	assert_string_equal(msg, GO_NOTE);
	free(msg);
	free(vkey);
	note_signer_free(s);
	note_verifier_free(v);
}

static void
test_round_trip(void **state)
{
	struct note_signer	*s;
	struct note_verifier	*v[2];
	char			*skey, *vkey, *msg;
	size_t			 textlen, who;
	static const char	 text[] = "Số gốc\nline two\n";

	(void)state;
	assert_int_equal(note_keygen("sogd.example.vn/sogoc", &skey, &vkey),
	    NOTE_OK);
	assert_int_equal(note_signer_new(skey, &s), NOTE_OK);
	v[0] = verifier(GO_VKEY);
	v[1] = verifier(vkey);
	assert_int_equal(note_sign(s, text, strlen(text), &msg), NOTE_OK);
	assert_int_equal(note_open(msg, strlen(msg), v, 2, &textlen, &who),
	    NOTE_OK);
	assert_int_equal(who, 1);
	assert_int_equal(note_open(msg, strlen(msg), v, 1, &textlen, NULL),
	    NOTE_EUNKNOWN);
	free(msg);
	free(skey);
	free(vkey);
	/* Text a note cannot carry. */
	assert_int_equal(note_sign(s, "no newline", 10, &msg), NOTE_EFORMAT);
	assert_int_equal(note_sign(s, "a\n\nb\n", 5, &msg), NOTE_EFORMAT);
	assert_int_equal(note_sign(s, "tab\there\n", 9, &msg), NOTE_EFORMAT);
	assert_int_equal(note_keygen("bad name", &skey, &vkey), NOTE_EKEY);
	assert_int_equal(note_keygen("bad+name", &skey, &vkey), NOTE_EKEY);
	note_signer_free(s);
	note_verifier_free(v[0]);
	note_verifier_free(v[1]);
}

static void
test_bad_keys(void **state)
{
	static const char *const bad[] = {
		"",
		"go.example/log",
		"go.example/log+3255461c",
		"go.example/log+3255461d+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go.example/log+3255461C+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go.example/log+3255461+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go.example/log+3255461c+ApFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go.example/log+3255461c+AopFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb",
		"go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqA",
		"go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnc",
		"go.example/log+3255461c+AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb=",
	};
	struct note_verifier	*v;
	struct note_signer	*s;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = NULL;
		if (note_verifier_new(bad[i], &v) == NOTE_OK)
			print_error("accepted: %s\n", bad[i]);
		assert_null(v);
	}
	assert_int_not_equal(note_signer_new(GO_VKEY, &s), NOTE_OK);
	assert_int_not_equal(note_signer_new("PRIVATE+KEY+go.example/log+"
	    "3255461c+AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/6", &s),
	    NOTE_OK);
	assert_int_not_equal(note_signer_new("PRIVATE+KEY+other/log+"
	    "3255461c+AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5", &s),
	    NOTE_OK);
}

/* A text given to a parser, and the code the parser must return. */
struct text_case {
	const char	*text;
	int		 want;
};

static void
test_bad_notes(void **state)
{
	static const struct text_case cases[] = {
		{ GO_NOTE, NOTE_OK },
		{ "go.example/log\n6\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		  "=\n\n" GO_SIG, NOTE_EBADSIG },
		{ GO_TEXT "\n\xe2\x80\x94 go.example/log MlVGHImVraK4GbLO5fRzDm"
		  "ErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8Kcg"
		  "tdL2CkwB=\n", NOTE_EFORMAT },
		{ GO_TEXT "\n\xe2\x80\x94 go.example/log MlVGHImVraK4GbLO5fRzDm"
		  "ErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8Kcg"
		  "tdL2CkwE=\n", NOTE_EBADSIG },
		{ GO_TEXT GO_SIG, NOTE_EFORMAT },		/* no blank line */
		{ GO_TEXT "\n" "- go.example/log MlVGHImVraK4GbLO5fRzDmErifBz5jv"
		  "QRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA="
		  "\n", NOTE_EFORMAT },				/* no em dash */
		{ GO_TEXT "\n" "\xe2\x80\x94 go.example/log MlVGHImVraK4GbLO5fR"
		  "zDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8"
		  "KcgtdL2CkwA=", NOTE_EFORMAT },		/* no final newline */
		{ "go.example/log\r\n5\n\n" GO_SIG, NOTE_EFORMAT },
		{ GO_TEXT "\n\xe2\x80\x94 other.example/log MlVGHImVraK4GbLO5fR"
		  "zDmErifBz5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8"
		  "KcgtdL2CkwA=\n", NOTE_EUNKNOWN },		/* unknown key */
		{ GO_NOTE GO_SIG, NOTE_OK },			/* repeated */
		{ "\n" GO_SIG, NOTE_EFORMAT },			/* empty text */
	};
	struct note_verifier	*v;
	size_t			 i, textlen;
	int			 rc;

	(void)state;
	v = verifier(GO_VKEY);
	for (i = 0; i < NELEM(cases); i++) {
		rc = note_open(cases[i].text, strlen(cases[i].text), &v, 1,
		    &textlen, NULL);
		if (rc != cases[i].want)
			print_error("case %zu: got %d, want %d\n", i, rc,
			    cases[i].want);
		assert_int_equal(rc, cases[i].want);
	}
	note_verifier_free(v);
}

static void
test_many_signatures(void **state)
{
	struct note_verifier	*v;
	char			*msg, *p;
	size_t			 i, len, textlen;
	static const char	 other[] = "\xe2\x80\x94 x.example/y "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAA\n";

	(void)state;
	v = verifier(GO_VKEY);
	len = strlen(GO_NOTE) + 101 * strlen(other) + 1;
	msg = malloc(len);
	assert_non_null(msg);
	p = msg + snprintf(msg, len, "%s", GO_NOTE);
	for (i = 0; i < 101; i++)
		p += snprintf(p, len - (size_t)(p - msg), "%s", other);
	assert_int_equal(note_open(msg, strlen(msg), &v, 1, &textlen, NULL),
	    NOTE_EFORMAT);
	free(msg);
	note_verifier_free(v);
}

/* Signatures by other keys are ignored, however long (post-quantum). */
static void
test_long_foreign_signature(void **state)
{
	struct note_verifier	*v;
	char			*msg, *p;
	size_t			 i, len, textlen;

	(void)state;
	v = verifier(GO_VKEY);
	len = strlen(GO_NOTE) + 64 + 4000 + 2;
	msg = malloc(len);
	assert_non_null(msg);
	p = msg + snprintf(msg, len, "%s\xe2\x80\x94 pq.example/witness ",
	    GO_NOTE);
	for (i = 0; i < 4000; i++)
		*p++ = 'A';
	*p++ = '\n';
	*p = '\0';
	assert_int_equal(note_open(msg, strlen(msg), &v, 1, &textlen, NULL),
	    NOTE_OK);
	assert_int_equal(textlen, strlen(GO_TEXT));
	free(msg);
	note_verifier_free(v);
}

/* No line of a text to sign may read as a signature line. */
static void
test_sign_refuses_signature_lines(void **state)
{
	struct note_signer	*s;
	char			*msg = NULL;
	static const char	 text[] = "origin\n\xe2\x80\x94 forged line\n";

	(void)state;
	assert_int_equal(note_signer_new(GO_SKEY, &s), NOTE_OK);
	assert_int_equal(note_sign(s, text, strlen(text), &msg),
	    NOTE_EFORMAT);
	assert_null(msg);
	note_signer_free(s);
}

/* A leaf hash, base64, for record heads. */
#define H_LEAF	"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

static void
test_checkpoints(void **state)
{
	static const struct {
		const char	*text;
		int		 want;
		uint64_t	 size;
	} cases[] = {
		{ GO_TEXT, NOTE_OK, 5 },
		{ "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", NOTE_OK,
		  0 },
		{ "o\n18446744073709551615\n"
		  "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", NOTE_OK,
		  UINT64_MAX },
		{ "o\n7\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
		  "extension line\n", NOTE_OK, 7 },
		{ "o\n05\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		  NOTE_EFORMAT, 0 },
		{ "o\n-5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		  NOTE_EFORMAT, 0 },
		{ "o\n18446744073709551616\n"
		  "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", NOTE_EFORMAT,
		  0 },
		{ "o\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==\n",
		  NOTE_EFORMAT, 0 },			/* 31 bytes */
		{ "o\n5\n", NOTE_EFORMAT, 0 },		/* no root */
		{ "\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		  NOTE_EFORMAT, 0 },			/* empty origin */
		{ "o\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\nx\n",
		  NOTE_EFORMAT, 0 },			/* empty extension */
		/* A record head is never a checkpoint, even of a log whose
		 * origin is a number; nor issue heads. */
		{ ISSUE_TYPE "\n5\n" H_LEAF "\n", NOTE_EFORMAT, 0 },
		{ HEAD_TYPE "\n7\n12\n1\n4\n"
		  "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n2\n",
		  NOTE_EFORMAT, 0 },
		{ HEAD_TYPE "\n5\n" H_LEAF "\n", NOTE_EFORMAT, 0 }, /* origin */
	};
	uint8_t		 root[32];
	uint64_t	 size;
	char		*origin;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = checkpoint_parse(cases[i].text, strlen(cases[i].text),
		    &origin, &size, root);
		if (rc != cases[i].want)
			print_error("case %zu: got %d\n", i, rc);
		assert_int_equal(rc, cases[i].want);
		if (rc == NOTE_OK)
			assert_true(size == cases[i].size);
		free(origin);
	}
	assert_int_equal(checkpoint_format("go.example/log", 5, root, &origin),
	    NOTE_OK);
	free(origin);
}

/* Record heads (note.h): the format round trip, and every malformed or
 * confusable text refused. */
static void
test_heads(void **state)
{
	static const struct text_case cases[] = {
		{ HEAD_TYPE "\no\n12\n3\n11\n" H_LEAF "\n2\n", NOTE_OK },
		{ HEAD_TYPE "\no\n1\n1\n0\n" H_LEAF "\n1\n", NOTE_OK },
		/* a checkpoint, with or without extension lines */
		{ "o\n12\n" H_LEAF "\n", NOTE_EFORMAT },
		{ "o\n12\n" H_LEAF "\n3\n11\n" H_LEAF "\n2\n", NOTE_EFORMAT },
		{ "sogoc/record-head/v2\no\n12\n3\n11\n" H_LEAF "\n2\n",
		  NOTE_EFORMAT },			/* another type */
		{ HEAD_TYPE "\no\n12\n3\n11\n" H_LEAF "\n", NOTE_EFORMAT },
		{ HEAD_TYPE "\no\n12\n3\n11\n" H_LEAF "\n2\nx\n",
		  NOTE_EFORMAT },			/* a line too many */
		{ HEAD_TYPE "\n\n12\n3\n11\n" H_LEAF "\n2\n", NOTE_EFORMAT },
		{ HEAD_TYPE "\no\n012\n3\n11\n" H_LEAF "\n2\n",
		  NOTE_EFORMAT },			/* leading zero */
		{ HEAD_TYPE "\no\n12\n+3\n11\n" H_LEAF "\n2\n",
		  NOTE_EFORMAT },
		{ HEAD_TYPE "\no\n12\n3\n12\n" H_LEAF "\n2\n",
		  NOTE_EFORMAT },			/* index past tree */
		{ HEAD_TYPE "\no\n12\n3\n11\n" H_LEAF "\n0\n",
		  NOTE_EFORMAT },			/* no events */
		{ HEAD_TYPE "\no\n12\n3\n1\n" H_LEAF "\n3\n",
		  NOTE_EFORMAT },			/* events > leaves */
		{ HEAD_TYPE "\no\n12\n3\n11\n"
		  "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuA==\n2\n",
		  NOTE_EFORMAT },			/* 31 bytes */
		{ HEAD_TYPE "\no\n12\n3\n11\n" H_LEAF "\n2", NOTE_EFORMAT },
		/* issue heads: records 3 to 5 at leaves 9 to 11 */
		{ ISSUE_TYPE "\no\n12\n3\n5\n9\n", NOTE_OK },
		{ ISSUE_TYPE "\no\n12\n3\n5\n10\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n12\n5\n3\n9\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n12\n0\n3\n9\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n12\n3\n5\n9\n" H_LEAF "\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n12\n3\n5\n", NOTE_EFORMAT },
		{ HEAD_TYPE "\no\n12\n3\n5\n9\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n12\n3\n11\n" H_LEAF "\n2\n", NOTE_EFORMAT },
		{ ISSUE_TYPE "\no\n18446744073709551615\n1\n"
		  "18446744073709551615\n0\n", NOTE_OK },	/* just fits */
		{ ISSUE_TYPE "\no\n18446744073709551615\n1\n"
		  "18446744073709551615\n1\n", NOTE_EFORMAT },	/* past it */
	};
	struct note_head	 h = { .size = 12, .record = 3, .index = 11,
				    .events = 2 }, got;
	uint64_t		 idx;
	char			*text, *origin;
	size_t			 i;
	int			 rc;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		origin = NULL;
		rc = head_parse(cases[i].text, strlen(cases[i].text), &origin,
		    &got);
		if (rc != cases[i].want)
			print_error("case %zu: got %d\n", i, rc);
		assert_int_equal(rc, cases[i].want);
		assert_true(rc == NOTE_OK || origin == NULL);
		free(origin);
	}
	memset(h.leaf, 0xab, sizeof(h.leaf));
	assert_int_equal(head_format("go.example/log", &h, &text), NOTE_OK);
	assert_int_equal(head_parse(text, strlen(text), &origin, &got),
	    NOTE_OK);
	assert_string_equal(origin, "go.example/log");
	assert_true(got.size == 12 && got.record == 3 && got.index == 11 &&
	    got.events == 2);
	assert_memory_equal(got.leaf, h.leaf, sizeof(h.leaf));
	free(origin);
	free(text);
	assert_int_equal(head_format("", &h, &text), NOTE_EFORMAT);
	/* Issue heads name the issue of each record they cover. */
	h.range = 1;
	h.record = 3;
	h.last = 5;
	h.index = 9;
	assert_int_equal(head_format("go.example/log", &h, &text), NOTE_OK);
	assert_int_equal(head_parse(text, strlen(text), &origin, &got),
	    NOTE_OK);
	assert_true(got.range && got.events == 1);
	assert_true(head_covers(&got, 4, &idx) && idx == 10);
	assert_true(head_covers(&got, 5, &idx) && idx == 11);
	assert_false(head_covers(&got, 2, &idx));
	assert_false(head_covers(&got, 6, &idx));
	free(origin);
	free(text);
}

CM_MAIN(
	cmocka_unit_test(test_go_interop),
	cmocka_unit_test(test_round_trip),
	cmocka_unit_test(test_bad_keys),
	cmocka_unit_test(test_bad_notes),
	cmocka_unit_test(test_many_signatures),
	cmocka_unit_test(test_long_foreign_signature),
	cmocka_unit_test(test_sign_refuses_signature_lines),
	cmocka_unit_test(test_checkpoints),
	cmocka_unit_test(test_heads)
)
