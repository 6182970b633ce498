/*
 * test_staging.c: the staging area (registry/staging.h) on a real registry
 * in a temporary directory, table by table: a reviewer's decisions on a
 * field (confirm, set, illegible, a field the row lacks, a row that does
 * not exist, a field changed meanwhile), double keying (two reviewers
 * agree, disagree, the same one twice, a third settles), confirming a
 * whole row, publishing (a repeated person, a serial number already
 * another person's, refused before anything is written), the one-step
 * import --publish (and its file changing under it), and hostile JSONL and CSV files (invalid UTF-8,
 * missing fields, an oversized line, duplicate keys and rows), each
 * leaving the store as it was.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "records.h"
#include "staging.h"
#include "tmpstore.h"

/* Made once with note.GenerateKey (Go, x/mod 0.7.0), as test_note.c. */
#define SKEY "PRIVATE+KEY+go.example/log+3255461c+" \
	"AeRYfOTItNoeqj0xLfGLKyUApQXdJf6K1D7Bu1Dc0C/5"

#define ROW(r, name, dob, dobst, serial, serst) \
	"{\"source\":\"scan.png\",\"page\":1,\"row\":" #r ",\"fields\":{" \
	"\"full_name\":{\"value\":\"" name "\",\"conf\":0.99," \
	"\"status\":\"accepted\"},\"date_of_birth\":{\"value\":\"" dob "\"," \
	"\"conf\":0.5,\"status\":\"" dobst "\"},\"serial_no\":{\"value\":\"" \
	serial "\",\"conf\":0.9,\"status\":\"" serst "\"}}}\n"

/* One row with its date of birth to review. */
#define ONE_REVIEW	ROW(1, "Lê Văn Tám", "1980-05-12", "review", \
	"Q0000001", "accepted")

static struct staging_volume vol = { NULL, "THPT", 1998, NULL, NULL, 0 };

/* Imports JSONL text (the scan it names is made), as by "a". */
static int
import_jsonl(struct fixture *f, const char *text, size_t len,
    const struct staging_volume *v)
{
	struct staging_import_stats	 s;
	char				 path[128], scan[128];

	put_file(f, "scan.png", "scan", 4, scan, sizeof(scan));
	put_file(f, "in.jsonl", text, len, path, sizeof(path));
	return staging_import_jsonl(f->st, path, NULL, f->dir, v, "a", &s);
}

static int
import_csv(struct fixture *f, const char *name, const char *text)
{
	struct staging_import_stats	 s;
	char				 path[128];

	put_file(f, name, text, strlen(text), path, sizeof(path));
	return staging_import_csv(f->st, path, &vol, "a", &s);
}

static int
collect(void *arg, const char *id, json_t *row)
{
	json_t	*ids = arg;

	(void)row;
	json_array_append_new(ids, json_string(id));
	return 0;
}

/* The ids of the staged rows (published too when all), in key order. */
static json_t *
staged(struct fixture *f, int all)
{
	json_t	*ids = json_array();

	assert_int_equal(staging_list(f->st, all, collect, ids), STORE_OK);
	return ids;
}

/* The n-th staged row's id into buf. */
static void
row_id_of(struct fixture *f, size_t n, char *buf, size_t sz)
{
	json_t	*ids = staged(f, 1);

	assert_true(json_array_size(ids) > n);
	snprintf(buf, sz, "%s", json_string_value(json_array_get(ids, n)));
	json_decref(ids);
}

/* A new registry with ONE_REVIEW staged in volume v; its row's id in
 * id.  The caller teardown()s it. */
static struct fixture *
one_review(const struct staging_volume *v, char *id, size_t idsz)
{
	struct fixture	*f;

	assert_int_equal(setup((void **)&f), 0);
	assert_int_equal(import_jsonl(f, ONE_REVIEW, strlen(ONE_REVIEW), v),
	    STORE_OK);
	row_id_of(f, 0, id, idsz);
	return f;
}

static size_t
nstaged(struct fixture *f)
{
	json_t	*ids = staged(f, 1);
	size_t	 n = json_array_size(ids);

	json_decref(ids);
	return n;
}

/* A reviewer's decision and what must come of it. */
struct review_case {
	const char	*what;
	const char	*row;		/* NULL: the staged row's id */
	enum field	 f;
	const char	*value;
	int		 illegible;
	const char	*seen;		/* NULL: not checked */
	const char	*seen_status;
	int		 rc;
	const char	*result;	/* status after, when rc is OK */
	const char	*stored;	/* value after, when rc is OK */
};

static const struct review_case review_cases[] = {
	{ "confirm", NULL, FIELD_DATE_OF_BIRTH, NULL, 0, NULL, NULL,
	    STORE_OK, "confirmed", "1980-05-12" },
	{ "set, written another way", NULL, FIELD_DATE_OF_BIRTH, "3/4/1981",
	    0, NULL, NULL, STORE_OK, "set", "1981-04-03" },
	{ "set as it stands: a confirmation", NULL, FIELD_DATE_OF_BIRTH,
	    "12/5/1980", 0, NULL, NULL, STORE_OK, "confirmed", "1980-05-12" },
	{ "illegible", NULL, FIELD_DATE_OF_BIRTH, NULL, 1, NULL, NULL,
	    STORE_OK, "illegible", "" },
	{ "an invalid date", NULL, FIELD_DATE_OF_BIRTH, "31/2/1980", 0, NULL,
	    NULL, STORE_EINPUT, NULL, NULL },
	{ "a field the row lacks", NULL, FIELD_SCHOOL, NULL, 0, NULL, NULL,
	    STORE_EINPUT, NULL, NULL },
	{ "illegible, a field the row lacks", NULL, FIELD_SCHOOL, NULL, 1,
	    NULL, NULL, STORE_EINPUT, NULL, NULL },
	{ "a row that does not exist", "000000000000:1:9",
	    FIELD_DATE_OF_BIRTH, NULL, 0, NULL, NULL, STORE_ENOTFOUND, NULL,
	    NULL },
	{ "a row id that is not one", "x", FIELD_DATE_OF_BIRTH, NULL, 0,
	    NULL, NULL, STORE_EINPUT, NULL, NULL },
	{ "seen as it is", NULL, FIELD_DATE_OF_BIRTH, NULL, 0, "1980-05-12",
	    "review", STORE_OK, "confirmed", "1980-05-12" },
	{ "changed meanwhile", NULL, FIELD_DATE_OF_BIRTH, NULL, 0,
	    "1980-05-13", "review", STORE_ECONFLICT, NULL, NULL },
};

/* The value and status of field f of row id, looked up in the list. */
struct lookup {
	const char	*id;
	enum field	 f;
	char		 value[64], status[16];
	int		 found;
};

static int
lookup_one(void *arg, const char *id, json_t *row)
{
	struct lookup	*l = arg;
	json_t		*fo;
	const char	*s;

	if (strcmp(id, l->id) != 0)
		return 0;
	fo = json_object_get(json_object_get(row, "fields"), field_key(l->f));
	s = json_string_value(json_object_get(fo, "value"));
	snprintf(l->value, sizeof(l->value), "%s", s != NULL ? s : "");
	s = json_string_value(json_object_get(fo, "status"));
	snprintf(l->status, sizeof(l->status), "%s", s != NULL ? s : "");
	l->found = 1;
	return 1;
}

static void
field_of(struct fixture *f, const char *id, enum field fld,
    struct lookup *l)
{
	memset(l, 0, sizeof(*l));
	l->id = id;
	l->f = fld;
	assert_int_equal(staging_list(f->st, 1, lookup_one, l), STORE_OK);
	assert_true(l->found);
}

static void
test_review(void **state)
{
	const struct review_case	*c;
	struct fixture			*f;
	struct lookup			 l;
	const char			*result;
	char				 id[64];
	size_t				 i;
	int				 rc;

	(void)state;
	for (i = 0; i < sizeof(review_cases) / sizeof(review_cases[0]); i++) {
		c = &review_cases[i];
		f = one_review(&vol, id, sizeof(id));
		result = NULL;
		rc = staging_review(f->st, c->row != NULL ? c->row : id, c->f,
		    c->value, c->illegible, c->seen, c->seen_status, "b",
		    &result);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->what, rc,
			    c->rc, store_errmsg(f->st));
		field_of(f, id, FIELD_DATE_OF_BIRTH, &l);
		if (c->rc == STORE_OK) {
			assert_string_equal(result, c->result);
			assert_string_equal(l.status, c->result);
			assert_string_equal(l.value, c->stored);
		} else {
			/* A refusal changes nothing. */
			assert_string_equal(l.status, "review");
			assert_string_equal(l.value, "1980-05-12");
		}
		teardown((void **)&f);
	}
}

/* A double-keyed volume: who keys what, and the status after each. */
struct key_step {
	const char	*by;
	const char	*value;
	int		 rc;
	const char	*status;	/* after the step */
};

struct key_case {
	const char		*what;
	struct key_step		 step[4];
};

static const struct key_case key_cases[] = {
	{ "two reviewers agree", {
	    { "a", "1/2/1980", STORE_OK, "keyed" },
	    { "b", "1/2/1980", STORE_OK, "set" },
	    { NULL, NULL, 0, NULL } } },
	{ "two reviewers disagree, a third settles", {
	    { "a", "1/2/1980", STORE_OK, "keyed" },
	    { "b", "2/1/1980", STORE_OK, "disputed" },
	    { "a", "1/2/1980", STORE_EINPUT, "disputed" },
	    { "c", "2/1/1980", STORE_OK, "set" } } },
	{ "the same reviewer twice", {
	    { "a", "1/2/1980", STORE_OK, "keyed" },
	    { "a", "1/2/1980", STORE_EINPUT, "keyed" },
	    { NULL, NULL, 0, NULL } } },
};

static void
test_double_key(void **state)
{
	struct staging_volume	 dk = vol;
	const struct key_case	*c;
	const struct key_step	*s;
	struct fixture		*f;
	struct lookup		 l;
	const char		*result;
	char			 id[64];
	size_t			 i, j;
	int			 rc;

	(void)state;
	dk.double_key = 1;
	for (i = 0; i < sizeof(key_cases) / sizeof(key_cases[0]); i++) {
		c = &key_cases[i];
		f = one_review(&dk, id, sizeof(id));
		for (j = 0; j < 4 && c->step[j].by != NULL; j++) {
			s = &c->step[j];
			rc = staging_review(f->st, id, FIELD_DATE_OF_BIRTH,
			    s->value, 0, NULL, NULL, s->by, &result);
			if (rc != s->rc)
				fail_msg("%s, step %zu: rc %d, expected %d "
				    "(%s)", c->what, j, rc, s->rc,
				    store_errmsg(f->st));
			field_of(f, id, FIELD_DATE_OF_BIRTH, &l);
			if (strcmp(l.status, s->status) != 0)
				fail_msg("%s, step %zu: %s, expected %s",
				    c->what, j, l.status, s->status);
		}
		teardown((void **)&f);
	}
}

/* staging_decide confirms every field under review of a row. */
static void
test_decide(void **state)
{
	struct fixture	*f = *state;
	const char	*two = ROW(1, "Lê Văn Tám", "1980-05-12", "review",
	    "Q0000001", "review");
	struct lookup	 l;
	char		 id[64];
	size_t		 count = 0;

	assert_int_equal(import_jsonl(f, two, strlen(two), &vol), STORE_OK);
	row_id_of(f, 0, id, sizeof(id));
	assert_int_equal(staging_decide(f->st, id, 0, FIELD_UNKNOWN, NULL,
	    "b", &count), STORE_OK);
	assert_int_equal(count, 2);
	field_of(f, id, FIELD_SERIAL_NO, &l);
	assert_string_equal(l.status, "confirmed");
	/* Nothing left to confirm: refused. */
	assert_int_equal(staging_decide(f->st, id, 0, FIELD_UNKNOWN, NULL,
	    "b", &count), STORE_EINPUT);
	assert_int_not_equal(staging_decide(f->st, "0123456789ab:1:1", 0,
	    FIELD_UNKNOWN, NULL, "b", &count), STORE_OK);
}

/* Publishing: what two imports give, and what the log holds after. */
struct publish_case {
	const char	*what;
	const char	*first, *second;	/* JSONL, of two scans */
	int		 rc;
	size_t		 published, duplicates, waiting;
};

static const struct publish_case publish_cases[] = {
	{ "two people",
	    ROW(1, "Lê Văn Tám", "1980-05-12", "accepted", "Q0000001",
	    "accepted") ROW(2, "Phạm Thị Hoa", "1981-02-03", "accepted",
	    "Q0000002", "accepted"), NULL, STORE_OK, 2, 0, 0 },
	{ "one waits for review",
	    ROW(1, "Lê Văn Tám", "1980-05-12", "accepted", "Q0000001",
	    "accepted") ROW(2, "Phạm Thị Hoa", "1981-02-03", "review",
	    "Q0000002", "accepted"), NULL, STORE_OK, 1, 0, 1 },
	{ "the same person scanned twice",
	    ROW(1, "Lê Văn Tám", "1980-05-12", "accepted", "Q0000001",
	    "accepted"),
	    ROW(1, "Lê Văn Tám", "1980-05-12", "accepted", "Q0000001",
	    "accepted"), STORE_OK, 1, 1, 0 },
	{ "one serial number, two people",
	    ROW(1, "Lê Văn Tám", "1980-05-12", "accepted", "Q0000001",
	    "accepted"),
	    ROW(1, "Phạm Thị Hoa", "1981-02-03", "accepted", "Q0000001",
	    "accepted"), STORE_ECONFLICT, 0, 0, 0 },
};

static void
test_publish(void **state)
{
	const struct publish_case	*c;
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	struct note_signer		*signer;
	struct fixture			*f;
	char				 path[128], scan[128], *second, *p;
	size_t				 i;
	int				 rc;

	(void)state;
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	for (i = 0; i < sizeof(publish_cases) / sizeof(publish_cases[0]);
	    i++) {
		c = &publish_cases[i];
		assert_int_equal(setup((void **)&f), 0);
		assert_int_equal(import_jsonl(f, c->first, strlen(c->first),
		    &vol), STORE_OK);
		if (c->second != NULL) {
			/* Another scan: another source, other rows. */
			put_file(f, "scn2.png", "scan2", 5, scan,
			    sizeof(scan));
			second = strdup(c->second);
			assert_non_null(second);
			for (p = second; (p = strstr(p, "scan.png")) != NULL;
			    p++)
				memcpy(p, "scn2", 4);
			put_file(f, "in2.jsonl", second, strlen(second), path,
			    sizeof(path));
			free(second);
			assert_int_equal(staging_import_jsonl(f->st, path,
			    NULL, f->dir, &vol, "a", &is), STORE_OK);
		}
		memset(&ps, 0, sizeof(ps));
		rc = staging_publish(f->st, signer, 1, NULL, "b", &ps, NULL,
		    NULL);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->what, rc,
			    c->rc, store_errmsg(f->st));
		if (rc == STORE_OK && (ps.published != c->published ||
		    ps.duplicates != c->duplicates ||
		    ps.waiting != c->waiting || ps.size != c->published))
			fail_msg("%s: %zu published, %zu duplicates, %zu "
			    "waiting, log size %" PRIu64, c->what,
			    ps.published, ps.duplicates, ps.waiting, ps.size);
		if (rc != STORE_OK)
			assert_int_equal(ps.published, 0);
		teardown((void **)&f);
	}
	note_signer_free(signer);
}

#define CSV_HEAD "full_name,date_of_birth,serial_no\n"

/* import --publish of a typed CSV: repeats, conflicts, run again. */
struct fused_case {
	const char	*what;
	const char	*csv;
	int		 rc;
	size_t		 published, duplicates;
};

static const struct fused_case fused_cases[] = {
	{ "two people", CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Phạm Thị Hoa,3/2/1981,Q0000002\n", STORE_OK, 2, 0 },
	{ "a repeated row", CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Phạm Thị Hoa,3/2/1981,Q0000002\n"
	    "Lê Văn Tám,12/5/1980,Q0000001\n", STORE_OK, 2, 1 },
	{ "a repeated row, the serial written another way",
	    CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Lê Văn Tám,12/5/1980,q 0000001\n", STORE_OK, 1, 1 },
	{ "one serial number, two people",
	    CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Phạm Thị Hoa,3/2/1981,Q0000002\n"
	    "Đỗ Văn Nam,3/2/1981,Q0000001\n", STORE_ECONFLICT, 0, 0 },
	{ "a bad date on the last row",
	    CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Phạm Thị Hoa,31/2/1981,Q0000002\n", STORE_EINPUT, 0, 0 },
	{ "no data rows", CSV_HEAD, STORE_EINPUT, 0, 0 },
};

static void
test_import_publish(void **state)
{
	const struct fused_case		*c;
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	struct note_signer		*signer;
	struct fixture			*f;
	char				 path[128];
	size_t				 i;
	int				 rc;

	(void)state;
	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	/* A batch a row (repeats found in the log) and one batch (in it). */
	for (i = 0; i < 2 * sizeof(fused_cases) / sizeof(fused_cases[0]);
	    i++) {
		c = &fused_cases[i / 2];
		assert_int_equal(setup((void **)&f), 0);
		put_file(f, "l.csv", c->csv, strlen(c->csv), path,
		    sizeof(path));
		rc = staging_import_csv_publish(f->st, path, &vol, "a",
		    signer, i % 2 ? 1000 : 1, &is, &ps, NULL, NULL);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->what, rc,
			    c->rc, store_errmsg(f->st));
		assert_int_equal(ps.published, c->published);
		assert_int_equal(ps.duplicates, c->duplicates);
		if (rc == STORE_OK) {
			/* Again: everything is there already. */
			assert_int_equal(staging_import_csv_publish(f->st,
			    path, &vol, "a", signer, 1, &is, &ps, NULL, NULL),
			    STORE_OK);
			assert_int_equal(ps.published, 0);
			assert_int_equal(is.published, c->published +
			    c->duplicates);
		}
		teardown((void **)&f);
	}
	note_signer_free(signer);
}

/* The progress callback of test_file_changed: the file grows. */
static void
grow(void *arg, size_t done, size_t total)
{
	FILE	*fp;

	(void)total;
	if (done != 1)
		return;
	fp = fopen(arg, "ab");
	assert_non_null(fp);
	assert_true(fputs("Trần Văn Ba,1/1/1980,Q0000009\n", fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

/*
 * A file that changes once checked does not matter: the second pass
 * publishes the rows the first read (and hashed), from its spill file.
 */
static void
test_file_changed(void **state)
{
	struct fixture			*f = *state;
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	struct note_signer		*signer;
	const char			*csv = CSV_HEAD
	    "Lê Văn Tám,12/5/1980,Q0000001\n"
	    "Phạm Thị Hoa,3/2/1981,Q0000002\n"
	    "Đỗ Văn Nam,3/2/1981,Q0000003\n";
	char				 path[128];

	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	put_file(f, "l.csv", csv, strlen(csv), path, sizeof(path));
	assert_int_equal(staging_import_csv_publish(f->st, path, &vol, "a",
	    signer, 1, &is, &ps, grow, path), STORE_OK);
	assert_int_equal(ps.published, 3);
	assert_int_equal(is.rows, 3);
	/*
	 * Imported again, the grown file is another source: its first three
	 * rows are the same people's records, the fourth is new.
	 */
	assert_int_equal(staging_import_csv_publish(f->st, path, &vol, "a",
	    signer, 1, &is, &ps, NULL, NULL), STORE_OK);
	assert_int_equal(ps.published, 1);
	assert_int_equal(ps.duplicates, 3);
	note_signer_free(signer);
}

/* A hostile or malformed import: refused, nothing staged. */
struct hostile_case {
	const char	*what;
	int		 csv;		/* else JSONL */
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
	int		 rc;
	size_t		 rows;		/* staged after */
};

#define LINE(fields) "{\"source\":\"scan.png\",\"page\":1,\"row\":1," \
	"\"fields\":{" fields "}}\n"
#define NAME_OK "\"full_name\":{\"value\":\"Lê Văn Tám\",\"conf\":0.9," \
	"\"status\":\"review\"}"

static const struct hostile_case hostile_cases[] = {
	{ "a good line", 0, LINE(NAME_OK), 0, STORE_OK, 1 },
	{ "not JSON", 0, "{\"source\":\n", 0, STORE_EINPUT, 0 },
	{ "invalid UTF-8", 0, LINE("\"full_name\":{\"value\":\"L\xff\","
	    "\"conf\":0.9,\"status\":\"review\"}"), 0, STORE_EINPUT, 0 },
	{ "no fields", 0, LINE(""), 0, STORE_EINPUT, 0 },
	{ "no source", 0, "{\"page\":1,\"row\":1,\"fields\":{" NAME_OK
	    "}}\n", 0, STORE_EINPUT, 0 },
	{ "a row number of 0", 0, "{\"source\":\"scan.png\",\"page\":1,"
	    "\"row\":0,\"fields\":{" NAME_OK "}}\n", 0, STORE_EINPUT, 0 },
	{ "an unknown field", 0, LINE("\"shoe_size\":{\"value\":\"9\","
	    "\"conf\":0.9,\"status\":\"review\"}"), 0, STORE_EINPUT, 0 },
	{ "no status", 0, LINE("\"full_name\":{\"value\":\"A\","
	    "\"conf\":0.9}"), 0, STORE_EINPUT, 0 },
	{ "a confidence above 1", 0, LINE("\"full_name\":{\"value\":\"A\","
	    "\"conf\":2,\"status\":\"review\"}"), 0, STORE_EINPUT, 0 },
	{ "an accepted date that is not one", 0,
	    LINE(NAME_OK ",\"date_of_birth\":{\"value\":\"1980-02-31\","
	    "\"conf\":0.9,\"status\":\"accepted\"}"), 0, STORE_EINPUT, 0 },
	{ "a duplicate key", 0, LINE(NAME_OK "," NAME_OK), 0, STORE_EINPUT,
	    0 },
	{ "a good line, then a bad one", 0, LINE(NAME_OK) "[]\n", 0,
	    STORE_EINPUT, 0 },
	{ "the same row twice", 0, LINE(NAME_OK) LINE(NAME_OK), 0, STORE_OK,
	    1 },
	{ "a scan that is not there", 0, "{\"source\":\"nothere.png\","
	    "\"page\":1,\"row\":1,\"fields\":{" NAME_OK "}}\n", 0,
	    STORE_EINPUT, 0 },
	{ "a NUL in a line", 0, "{\"source\":\"scan.png\"\0}\n", 21,
	    STORE_EINPUT, 0 },
	{ "blank lines only", 0, "\n \n\t\n", 0, STORE_EINPUT, 0 },
	{ "a CSV", 1, CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n", 0,
	    STORE_OK, 1 },
	{ "a CSV, invalid UTF-8", 1, CSV_HEAD "L\xc3,12/5/1980,Q1\n", 0,
	    STORE_EINPUT, 0 },
	{ "a CSV, a cell missing", 1, CSV_HEAD "Lê Văn Tám,12/5/1980\n", 0,
	    STORE_EINPUT, 0 },
	{ "a CSV, an unknown column", 1, "full_name,shoe_size\nA,9\n", 0,
	    STORE_EINPUT, 0 },
	{ "a CSV, no name column", 1, "date_of_birth\n12/5/1980\n", 0,
	    STORE_EINPUT, 0 },
	{ "a CSV, a quote not closed", 1, CSV_HEAD "\"Lê Văn Tám,12/5/1980,"
	    "Q1\n", 0, STORE_EINPUT, 0 },
	{ "a CSV, a bad date", 1, CSV_HEAD "Lê Văn Tám,31/2/1980,Q1\n", 0,
	    STORE_EINPUT, 0 },
	{ "a CSV, the same row twice", 1, CSV_HEAD "Lê Văn Tám,12/5/1980,"
	    "Q0000001\nLê Văn Tám,12/5/1980,Q0000001\n", 0, STORE_OK, 2 },
	{ "a CSV, one serial number for two people", 1, CSV_HEAD
	    "Lê Văn Tám,12/5/1980,Q0000001\nPhạm Thị Hoa,3/2/1981,"
	    "Q0000001\n", 0, STORE_ECONFLICT, 0 },
	{ "a CSV, a header only", 1, CSV_HEAD, 0, STORE_EINPUT, 0 },
	{ "a CSV, empty", 1, "", 0, STORE_EINPUT, 0 },
};

static void
test_hostile(void **state)
{
	const struct hostile_case	*c;
	struct fixture			*f;
	size_t				 i, len;
	int				 rc;

	(void)state;
	for (i = 0; i < sizeof(hostile_cases) / sizeof(hostile_cases[0]);
	    i++) {
		c = &hostile_cases[i];
		len = c->len != 0 ? c->len : strlen(c->text);
		assert_int_equal(setup((void **)&f), 0);
		if (c->csv) {
			assert_true(len == strlen(c->text));
			rc = import_csv(f, "l.csv", c->text);
		} else
			rc = import_jsonl(f, c->text, len, &vol);
		if (rc != c->rc)
			fail_msg("%s: rc %d, expected %d (%s)", c->what, rc,
			    c->rc, store_errmsg(f->st));
		if (nstaged(f) != c->rows)
			fail_msg("%s: %zu rows staged, expected %zu", c->what,
			    nstaged(f), c->rows);
		teardown((void **)&f);
	}
}

/* A line over 1 MiB is refused, whatever it holds. */
static void
test_long_line(void **state)
{
	struct fixture	*f = *state;
	size_t		 n = (1 << 20) + 64, pre;
	char		*line;

	line = malloc(n + 1);
	assert_non_null(line);
	pre = (size_t)snprintf(line, n, "{\"source\":\"scan.png\",\"page\":1,"
	    "\"row\":1,\"x\":\"");
	memset(line + pre, 'a', n - pre - 3);
	memcpy(line + n - 3, "\"}\n", 3);
	assert_int_equal(import_jsonl(f, line, n, &vol), STORE_EINPUT);
	assert_non_null(strstr(store_errmsg(f->st), "longer than"));
	assert_int_equal(nstaged(f), 0);
	free(line);
}

/* records_begin(): which signer and record open a write, and that a
 * refusal leaves no write open (the next one would wait for ever). */
static void
test_records_begin(void **state)
{
	static const char csv[] = CSV_HEAD "Lê Văn Tám,12/5/1980,Q0000001\n";
	struct staging_publish_stats	 ps;
	struct staging_import_stats	 is;
	struct note_signer		*signer, *other, *who;
	struct store_txn		*t;
	struct event			 cur;
	struct fixture			*f = *state;
	uint64_t			 idx;
	char				 path[128], *skey, *vkey;
	size_t				 i;
	static const struct {
		int		 signer;	/* 0 none, 1 the log's, 2 other */
		uint64_t	 record;
		int		 rc;
	} cases[] = {
		{ 1, 1, STORE_OK }, { 0, 1, STORE_EKEY }, { 2, 1, STORE_EKEY },
		{ 1, 2, STORE_ENOTFOUND }, { 1, 0, STORE_ENOTFOUND },
		{ 1, UINT64_MAX, STORE_ENOTFOUND }, { 1, 1, STORE_OK },
	};

	assert_int_equal(note_signer_new(SKEY, &signer), NOTE_OK);
	assert_int_equal(note_keygen("other.example/log", &skey, &vkey),
	    NOTE_OK);
	assert_int_equal(note_signer_new(skey, &other), NOTE_OK);
	put_file(f, "l.csv", csv, strlen(csv), path, sizeof(path));
	assert_int_equal(staging_import_csv_publish(f->st, path, &vol, "a",
	    signer, 1, &is, &ps, NULL, NULL), STORE_OK);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		who = cases[i].signer == 0 ? NULL : cases[i].signer == 1 ?
		    signer : other;
		memset(&cur, 0, sizeof(cur));
		idx = 99;
		if (records_begin(f->st, who, cases[i].record, &t, &cur,
		    &idx) != cases[i].rc)
			fail_msg("case %zu: %s", i, store_errmsg(f->st));
		if (cases[i].rc != STORE_OK) {
			assert_null(t);
			continue;
		}
		assert_non_null(t);
		assert_int_equal(idx, 0);
		assert_string_equal(cur.field[FIELD_FULL_NAME].value,
		    "Lê Văn Tám");
		assert_false(cur.revoked);
		store_wr_abort(t);
		event_clear(&cur);
	}
	note_signer_free(other);
	note_signer_free(signer);
	explicit_bzero(skey, strlen(skey));
	free(skey);
	free(vkey);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review),
		cmocka_unit_test(test_double_key),
		cmocka_unit_test_setup_teardown(test_decide, setup, teardown),
		cmocka_unit_test(test_publish),
		cmocka_unit_test(test_import_publish),
		cmocka_unit_test_setup_teardown(test_file_changed, setup,
		    teardown),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test_setup_teardown(test_long_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_records_begin, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
