/*
 * test_cosig.c: witness keys and cosignature/v1 (registry/cosig.c).  The
 * vectors come from the C2SP specs (signed-note v1.0.0's example, the
 * example line of tlog-cosignature v1.0.1) and from tests/interop/cosig.go,
 * a cosigner written from the spec with Go's crypto/ed25519 only:
 *
 *   go run tests/interop/cosig.go keys witness.example.com/w1 0001..1f
 *   go run tests/interop/cosig.go sign witness.example.com/w1 0001..1f \
 *       1679315147 FILE          (FILE holding GO_TEXT)
 *
 * Ed25519 is deterministic, so our lines must equal Go's byte for byte.
 * Then every forged line must be refused or ignored as the spec says.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cm.h"

#include "b64.h"
#include "cosig.h"
#include "note.h"

#define EM "\xe2\x80\x94 "

/* signed-note v1.0.0, "Test vectors". */
#define SPEC_VKEY "example.com/foo+530d903a+" \
	"AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
#define SPEC_NOTE "This is an example message.\n\n" EM "example.com/foo " \
	"Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYj" \
	"OBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
/* tlog-cosignature v1.0.1, the example checkpoint's witness line. */
#define SPEC_COSIG EM "witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDo" \
	"e9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkB" \
	"IfZ+qnA==\n"

/* A log note made by Go's x/mod/sumdb/note (as in test_note.c). */
#define GO_VKEY "go.example/log+3255461c+" \
	"AYpFcr7V7ZdC0sFZ4iqYobXZ/OR/xJn7wH2XELIYqAnb"
#define GO_TEXT "go.example/log\n5\n" \
	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
#define GO_NOTE GO_TEXT "\n" EM "go.example/log MlVGHImVraK4GbLO5fRzDmErifBz" \
	"5jvQRv0FncG15enjtXzCXYNjTLQXWICTQxWcArt6CNi/Eiz/7Zi8KcgtdL2CkwA=\n"

/* cosig.go keys/sign, seeds 00..1f and 20..4b as hex, GO_TEXT. */
#define W1_SKEY "PRIVATE+KEY+witness.example.com/w1+a0059f11+" \
	"BAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define W1_VKEY "witness.example.com/w1+a0059f11+" \
	"BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define W1_LINE EM "witness.example.com/w1 oAWfEQAAAABkGFDLrmt9H1Oxk1/GHNz0g" \
	"enl72PvzVI3mL7qFCuz2lNLtC+xX5tiNuSanrLOKpIbttCKXbahgk/HtU+dE/9soVgi" \
	"CQ==\n"
#define W1_LINE_MAX EM "witness.example.com/w1 oAWfEX//////////Y3stXOzZ/O3H1" \
	"9OnCJnV1F+wwMTSPu2ngmwxqfaXqydwdUyWuM4RRvlWwOqvK14aOmCY/uv/ukRCCTV+" \
	"nMBrBg==\n"
/* The same at time 1679315148. */
#define W1_LINE_NEXT EM "witness.example.com/w1 oAWfEQAAAABkGFDMjHJFCSMkfEYY" \
	"Vs8vwF3hFGa3EWft30Lkl86du2vbQtsG9GhxvhnYzs3Pse4LsBuFPcaQQfmxFCMzt4R" \
	"kqaKRAg==\n"
/* Validly signed at time 0, which a witness must never use. */
#define W1_LINE_ZERO EM "witness.example.com/w1 oAWfEQAAAAAAAAAANAH95om1+ADD" \
	"WwnNLVLAN0+nboMP+W6PcMwa7DW8gmY0rIPlKdtoAgFinEZjPR6PCK2iq22eqd/OzRwb" \
	"AycBBA==\n"
#define W2_VKEY "witness.example.org/w2+bf7a3d4f+" \
	"BEEfZJWd4dGtBUdt7BsNvZ4O/9t4gah83CKF/zRiDMUI"
#define W2_LINE EM "witness.example.org/w2 v3o9TwAAAABlU/EAvTMs549K3co7mi+GH" \
	"RuAK/8YUt39mhVillIx4cSMbtVOEUE0sUDb90Rbpsg06H2wzaWb1FLGXu2VLkWGjud" \
	"dAA==\n"
/* W1's seed as a type 0x01 key, and a 0x04 vkey with that 0x01 id. */
#define W1_AS_LOG_SKEY "PRIVATE+KEY+witness.example.com/w1+1c55deb1+" \
	"AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define W1_AS_LOG_VKEY "witness.example.com/w1+1c55deb1+" \
	"AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
#define W1_ID01_VKEY "witness.example.com/w1+1c55deb1+" \
	"BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"

static struct note_verifier *
key(const char *vkey)
{
	struct note_verifier	*v;

	assert_int_equal(note_verifier_new_type(vkey, 0, &v), NOTE_OK);
	return v;
}

static void
test_spec_vectors(void **state)
{
	struct note_verifier	*v;
	struct cosig_seen	 seen;
	char			*name;
	uint32_t		 id;
	uint64_t		 ts;
	size_t			 tl, who;

	(void)state;
	v = key(SPEC_VKEY);
	assert_int_equal(note_verifier_type(v), NOTE_TYPE_ED25519);
	assert_int_equal(note_open(SPEC_NOTE, strlen(SPEC_NOTE), &v, 1, &tl,
	    &who), NOTE_OK);
	assert_int_equal(tl, strlen("This is an example message.\n"));
	assert_int_equal(cosig_open(SPEC_NOTE, strlen(SPEC_NOTE), &v, 1, &tl,
	    &seen), NOTE_OK);
	assert_true(seen.verified);
	assert_int_equal(seen.ts, 0);
	note_verifier_free(v);
	assert_int_equal(cosig_line_parse(SPEC_COSIG, strlen(SPEC_COSIG),
	    &name, &id, &ts), NOTE_OK);
	assert_string_equal(name, "witness.example.com/w1");
	assert_int_equal(id, 0x8d66cf3f);
	assert_int_equal(ts, 1679315147);
	free(name);
}

static void
test_go_keys(void **state)
{
	struct note_signer	*s;
	struct note_verifier	*v;
	char			*vkey, *skey, *line;

	(void)state;
	assert_int_equal(note_signer_new_type(W1_SKEY "\n", NOTE_TYPE_COSIG,
	    &s), NOTE_OK);
	assert_int_equal(note_signer_id(s), 0xa0059f11);
	assert_int_equal(note_signer_type(s), NOTE_TYPE_COSIG);
	vkey = note_signer_vkey(s);
	assert_string_equal(vkey, W1_VKEY);
	free(vkey);
	v = key(W1_VKEY);
	assert_int_equal(note_verifier_type(v), NOTE_TYPE_COSIG);
	assert_int_equal(note_verifier_id(v), 0xa0059f11);
	note_verifier_free(v);
	note_signer_free(s);
	/* A fresh key pair reads back as the same key. */
	assert_int_equal(note_keygen_type("w.example/new", NOTE_TYPE_COSIG,
	    &skey, &vkey), NOTE_OK);
	assert_memory_equal(skey, "PRIVATE+KEY+w.example/new+", 26);
	assert_int_equal(note_signer_new_type(skey, NOTE_TYPE_COSIG, &s),
	    NOTE_OK);
	line = note_signer_vkey(s);
	assert_string_equal(line, vkey);
	free(line);
	note_signer_free(s);
	free(skey);
	free(vkey);
	assert_int_equal(note_keygen_type("w.example/x", 0x02, &skey, &vkey),
	    NOTE_EKEY);
}

static void
test_go_cosignatures(void **state)
{
	static const struct {
		uint64_t	 ts;
		const char	*line;
	} row[] = {
		{ 1679315147, W1_LINE },
		{ 1679315148, W1_LINE_NEXT },
		{ COSIG_MAX_TIME, W1_LINE_MAX },
	};
	struct note_signer	*s;
	char			*line;
	size_t			 i;

	(void)state;
	assert_int_equal(note_signer_new_type(W1_SKEY, NOTE_TYPE_COSIG, &s),
	    NOTE_OK);
	cm_failures = 0;
	for (i = 0; i < NELEM(row); i++) {
		assert_int_equal(cosig_sign(s, GO_TEXT, strlen(GO_TEXT),
		    row[i].ts, &line), NOTE_OK);
		CHECK(strcmp(line, row[i].line) == 0, "ts %llu: %s\n",
		    (unsigned long long)row[i].ts, line);
		free(line);
	}
	assert_int_equal(cm_failures, 0);
	/* Times a cosignature must not carry, texts it must not sign. */
	assert_int_equal(cosig_sign(s, GO_TEXT, strlen(GO_TEXT), 0, &line),
	    NOTE_EFORMAT);
	assert_int_equal(cosig_sign(s, GO_TEXT, strlen(GO_TEXT),
	    (uint64_t)COSIG_MAX_TIME + 1, &line), NOTE_EFORMAT);
	assert_int_equal(cosig_sign(s, "a\n\nb\n", 5, 1, &line),
	    NOTE_EFORMAT);
	assert_int_equal(cosig_sign(s, "a", 1, 1, &line), NOTE_EFORMAT);
	assert_null(line);
	note_signer_free(s);
}

/* Opens msg against the nv keys; returns the code, seen filled. */
static int
open_with(const char *msg, const char *const *vkeys, size_t nv,
    struct cosig_seen *seen)
{
	struct note_verifier	*v[8];
	size_t			 i, tl;
	int			 rc;

	for (i = 0; i < nv; i++)
		v[i] = key(vkeys[i]);
	rc = cosig_open(msg, strlen(msg), v, nv, &tl, seen);
	if (rc == NOTE_OK)
		assert_int_equal(tl, strlen(GO_TEXT));
	for (i = 0; i < nv; i++)
		note_verifier_free(v[i]);
	return rc;
}

static void
test_open_mixed(void **state)
{
	static const char *const keys[] = {
		GO_VKEY, W1_VKEY, W2_VKEY, SPEC_VKEY,
	};
	static const char msg[] = GO_NOTE W2_LINE W1_LINE;
	struct cosig_seen	 seen[4];

	(void)state;
	assert_int_equal(open_with(msg, keys, 4, seen), NOTE_OK);
	assert_true(seen[0].verified && seen[0].ts == 0);
	assert_true(seen[1].verified && seen[1].ts == 1679315147);
	assert_true(seen[2].verified && seen[2].ts == 1700000000);
	assert_false(seen[3].verified);
	/* The witnesses alone (a client that trusts only them). */
	assert_int_equal(open_with(msg, keys + 1, 2, seen), NOTE_OK);
	assert_true(seen[0].verified && seen[1].verified);
	/* Nobody known. */
	assert_int_equal(open_with(msg, keys + 3, 1, seen), NOTE_EUNKNOWN);
	/* A key's second line is skipped, as in note_open(). */
	assert_int_equal(open_with(GO_NOTE W1_LINE W1_LINE_NEXT, keys, 2,
	    seen), NOTE_OK);
	assert_true(seen[1].ts == 1679315147);	/* the first line counts */
}

/* The bytes of line's signature (id first) into b (*n of them). */
static void
decode(const char *line, uint8_t *b, size_t *n)
{
	const char	*sp = strrchr(line, ' ');

	assert_non_null(sp);
	assert_int_equal(b64_decode(sp + 1, strlen(sp + 1) - 1, b, 128, n),
	    0);
}

/* GO_NOTE followed by the line "— name base64(b[0..n))". */
static char *
note_with(const char *name, const uint8_t *b, size_t n)
{
	char	 e[256], *out;
	size_t	 sz = strlen(GO_NOTE) + strlen(name) + sizeof(e) + 8;

	assert_true(b64_encode(b, n, e, sizeof(e)) > 0);
	out = malloc(sz);
	assert_non_null(out);
	assert_true((size_t)snprintf(out, sz, "%s" EM "%s %s\n", GO_NOTE,
	    name, e) < sz);
	return out;
}

static void
test_forged(void **state)
{
	static const char *const both[] = { GO_VKEY, W1_VKEY };
	struct note_verifier	*v;
	struct cosig_seen	 seen[2];
	uint8_t			 b[128], nb[128];
	size_t			 n, nn;
	char			*msg, *name;
	uint32_t		 id;
	uint64_t		 ts;

	(void)state;
	decode(W1_LINE, b, &n);
	assert_int_equal(n, 76);
	/* Wrong id, wrong name: not W1's line, ignored. */
	b[3] ^= 1;
	msg = note_with("witness.example.com/w1", b, n);
	assert_int_equal(open_with(msg, both, 2, seen), NOTE_OK);
	assert_false(seen[1].verified);
	assert_int_equal(open_with(msg, both + 1, 1, seen), NOTE_EUNKNOWN);
	free(msg);
	b[3] ^= 1;
	msg = note_with("witness.example.com/w9", b, n);
	assert_int_equal(open_with(msg, both + 1, 1, seen), NOTE_EUNKNOWN);
	free(msg);
	/* Time 0 (a valid signature); the time of another signature. */
	assert_int_equal(open_with(GO_NOTE W1_LINE_ZERO, both, 2, seen),
	    NOTE_EBADSIG);
	assert_int_equal(cosig_line_parse(W1_LINE_ZERO, strlen(W1_LINE_ZERO),
	    &name, &id, &ts), NOTE_EFORMAT);
	memcpy(nb, b, n);
	nb[11]++;	/* time 1679315148 over 1679315147's signature */
	msg = note_with("witness.example.com/w1", nb, n);
	assert_int_equal(open_with(msg, both, 2, seen), NOTE_EBADSIG);
	free(msg);
	decode(W1_LINE_NEXT, nb, &nn);
	memcpy(nb + 4, b + 4, 8);
	msg = note_with("witness.example.com/w1", nb, nn);
	assert_int_equal(open_with(msg, both, 2, seen), NOTE_EBADSIG);
	free(msg);
	/* A bit of the signature, of the text. */
	memcpy(nb, b, n);
	nb[40] ^= 0x10;
	msg = note_with("witness.example.com/w1", nb, n);
	assert_int_equal(open_with(msg, both, 2, seen), NOTE_EBADSIG);
	free(msg);
	msg = strdup(GO_NOTE W1_LINE);
	msg[15] = '6';
	assert_int_equal(open_with(msg, both + 1, 1, seen), NOTE_EBADSIG);
	free(msg);
	/* A 0x04 vkey whose id is over type 0x01 is no key. */
	assert_int_equal(note_verifier_new_type(W1_ID01_VKEY, 0, &v),
	    NOTE_EKEY);
	assert_null(v);
}

static void
test_type_confusion(void **state)
{
	static const char *const w1log[] = { W1_AS_LOG_VKEY };
	static const char *const w1[] = { W1_VKEY };
	struct note_signer	*s;
	struct note_verifier	*v;
	struct cosig_seen	 seen[1];
	uint8_t			 b[128];
	size_t			 n;
	char			*msg, *line;

	(void)state;
	/* Each type's key where the other is asked for. */
	assert_int_equal(note_verifier_new(W1_VKEY, &v), NOTE_EKEY);
	assert_int_equal(note_verifier_new_type(GO_VKEY, NOTE_TYPE_COSIG, &v),
	    NOTE_EKEY);
	assert_int_equal(note_signer_new(W1_SKEY, &s), NOTE_EKEY);
	assert_int_equal(note_signer_new_type(W1_AS_LOG_SKEY, NOTE_TYPE_COSIG,
	    &s), NOTE_EKEY);
	assert_int_equal(note_signer_new(W1_AS_LOG_SKEY, &s), NOTE_OK);
	assert_int_equal(cosig_sign(s, GO_TEXT, strlen(GO_TEXT), 1, &line),
	    NOTE_EKEY);
	/* W1's seed signing as a log: a 0x01 line, not W1's cosignature. */
	assert_int_equal(note_sign(s, GO_TEXT, strlen(GO_TEXT), &msg),
	    NOTE_OK);
	note_signer_free(s);
	assert_int_equal(open_with(msg, w1, 1, seen), NOTE_EUNKNOWN);
	assert_int_equal(open_with(msg, w1log, 1, seen), NOTE_OK);
	/* ... and with W1's 0x04 id in front: a 64-byte signature. */
	decode(strstr(msg, EM), b, &n);
	free(msg);
	b[0] = 0xa0; b[1] = 0x05; b[2] = 0x9f; b[3] = 0x11;
	msg = note_with("witness.example.com/w1", b, n);
	assert_int_equal(open_with(msg, w1, 1, seen), NOTE_EBADSIG);
	free(msg);
	/* A cosignature under W1's 0x01 id: 72 bytes where 64 belong. */
	decode(W1_LINE, b, &n);
	b[0] = 0x1c; b[1] = 0x55; b[2] = 0xde; b[3] = 0xb1;
	msg = note_with("witness.example.com/w1", b, n);
	assert_int_equal(open_with(msg, w1log, 1, seen), NOTE_EBADSIG);
	free(msg);
	assert_int_equal(note_signer_new_type(W1_SKEY, NOTE_TYPE_COSIG, &s),
	    NOTE_OK);
	assert_int_equal(note_sign(s, GO_TEXT, strlen(GO_TEXT), &msg),
	    NOTE_EKEY);
	note_signer_free(s);
}

static void
test_truncated(void **state)
{
	static const char *const w1[] = { W1_VKEY };
	static const size_t cut[] = { 1, 2, 3, 4, 8, 60, 100, 104, 105 };
	struct cosig_seen	 seen[1];
	char			 msg[512], *name;
	size_t			 i, l, base = strlen(GO_NOTE);
	uint32_t		 id;
	uint64_t		 ts;
	int			 rc;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(cut); i++) {
		/* The line without its newline and cut[i] more bytes. */
		l = strlen(W1_LINE) - 1 - cut[i];
		snprintf(msg, sizeof(msg), "%s%.*s\n", GO_NOTE, (int)l,
		    W1_LINE);
		rc = open_with(msg, w1, 1, seen);
		/* Cut at a base64 quantum the id can survive: EBADSIG. */
		CHECK(rc == NOTE_EFORMAT || rc == NOTE_EBADSIG,
		    "cut %zu: %d\n", cut[i], rc);
		CHECK(cosig_line_parse(msg + base, l, &name, &id, &ts) ==
		    NOTE_EFORMAT, "cut %zu parsed\n", cut[i]);
	}
	assert_int_equal(cm_failures, 0);
	/* No newline at the end of the note; a line break in the line. */
	snprintf(msg, sizeof(msg), "%s%.*s", GO_NOTE,
	    (int)strlen(W1_LINE) - 1, W1_LINE);
	assert_int_equal(open_with(msg, w1, 1, seen), NOTE_EFORMAT);
	assert_int_equal(cosig_line_parse(W1_LINE W1_LINE, strlen(W1_LINE)
	    * 2, &name, &id, &ts), NOTE_EFORMAT);
	assert_int_equal(cosig_line_parse(W1_LINE, strlen(W1_LINE), &name,
	    &id, &ts), NOTE_OK);
	free(name);
}

static void
test_add_sigs(void **state)
{
	static const char *const keys[] = { GO_VKEY, W1_VKEY, W2_VKEY };
	static const char *const bad[] = {
		"",
		W1_LINE "x",
		"- witness.example.com/w1 oAWf\n",
		EM "witness example.com/w1 oAWfEQ==\n",
		EM "witness.example.com/w1 oAWf*Q==\n",
		EM "witness.example.com/w1\n",
		"\n",
		W1_LINE "\n",
	};
	struct cosig_seen	 seen[3];
	char			*out, many[120 * 128];
	size_t			 i, n;

	(void)state;
	assert_int_equal(note_add_sigs(GO_NOTE, strlen(GO_NOTE),
	    W1_LINE W2_LINE, strlen(W1_LINE W2_LINE), &out), NOTE_OK);
	assert_string_equal(out, GO_NOTE W1_LINE W2_LINE);
	assert_int_equal(open_with(out, keys, 3, seen), NOTE_OK);
	assert_true(seen[0].verified && seen[1].verified && seen[2].verified);
	free(out);
	cm_failures = 0;
	for (i = 0; i < NELEM(bad); i++) {
		out = NULL;
		CHECK(note_add_sigs(GO_NOTE, strlen(GO_NOTE), bad[i],
		    strlen(bad[i]), &out) == NOTE_EFORMAT, "added %zu\n", i);
		CHECK(out == NULL, "out %zu\n", i);
	}
	assert_int_equal(cm_failures, 0);
	/* Not a signed note; more than 100 signatures. */
	assert_int_equal(note_add_sigs(GO_TEXT, strlen(GO_TEXT), W1_LINE,
	    strlen(W1_LINE), &out), NOTE_EFORMAT);
	for (i = 0, n = 0; i < 100; i++) {
		memcpy(many + n, W1_LINE, strlen(W1_LINE));
		n += strlen(W1_LINE);
	}
	assert_int_equal(note_add_sigs(GO_NOTE, strlen(GO_NOTE), many,
	    n - strlen(W1_LINE), &out), NOTE_OK);
	free(out);
	assert_int_equal(note_add_sigs(GO_NOTE, strlen(GO_NOTE), many, n,
	    &out), NOTE_EFORMAT);
}

CM_MAIN(
	cmocka_unit_test(test_spec_vectors),
	cmocka_unit_test(test_go_keys),
	cmocka_unit_test(test_go_cosignatures),
	cmocka_unit_test(test_open_mixed),
	cmocka_unit_test(test_forged),
	cmocka_unit_test(test_type_confusion),
	cmocka_unit_test(test_truncated),
	cmocka_unit_test(test_add_sigs)
)
