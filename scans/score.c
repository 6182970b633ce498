/*
 * score.c: sogoc-score, measures OCR output (the JSON lines of SPEC
 * section 3) against the ground truth that sogoc-gen wrote beside each
 * fixture image.
 *
 * An OCR row is matched to a truth row by file, page and row number; the
 * file is the truth file whose name without extension equals the OCR
 * source's.  Fields are compared byte for byte after both sides are put in
 * NFC.  The numbers that matter are the promise of SPEC section 3, that an
 * accepted field is almost never wrong (accepted precision), and how much
 * of the ledger is accepted at all (coverage).
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "field.h"

#define MAXWRONG	50	/* wrong accepted fields listed without -v */

struct stats {
	long		 fields;	/* truth fields */
	long		 correct;	/* OCR value equals truth value */
	long		 accepted;	/* truth fields the OCR accepted */
	long		 acc_correct;	/* ... and got right */
	long		 extra;		/* accepted fields of no truth column */
};

struct trow {
	int		 file;
	long		 page;
	long		 row;
	char		*value[FIELD_COUNT];	/* NFC; NULL: no such column */
	int		 matched;
};

struct tfile {
	char		*path;
	char		*stem;		/* path without ".json" */
	const char	*base;		/* points into stem */
	long		 rows;
	long		 matched;
	long		 spurious;
	struct stats	 st;
};

struct score {
	struct tfile	*files;
	int		 nfiles;
	struct trow	*rows;
	long		 nrows;
	long		 rowcap;
	json_t		*index;		/* "file/page/row" -> row */
	json_t		*sources;	/* source -> file, or -1 */
	struct stats	 st;
	struct stats	 bykey[FIELD_COUNT];
	long		 ocr_rows;
	long		 ocr_keypages;	/* "status":"key" lines: their rows
					   count as not found */
	long		 matched;
	long		 spurious;
	long		 duplicate;
	long		 wrong;		/* wrong accepted fields */
	int		 verbose;
	FILE		*dump;		/* --dump: one line per scored field */
	json_t		*wrong_list;	/* first MAXWRONG, for --json */
};

static void
usage(FILE *fp, int full)
{
	fprintf(fp,
"usage: sogoc-score [--min-precision P] [--min-coverage C]\n"
"                   [--min-row-recall R] [--min-accuracy A] [--json]\n"
"                   [--verbose] [--dump FILE] [--ocr FILE] TRUTH.json ...\n");
	if (!full)
		return;
	fprintf(fp,
"\n"
"Scores OCR output (JSON lines, SPEC section 3; standard input unless\n"
"--ocr) against the ground truth written by sogoc-gen.  An OCR row counts\n"
"for the truth file whose name without extension is the name of its\n"
"source without extension, and for the same page and row.\n"
"\n"
"  row recall          truth rows that have an OCR row\n"
"  field accuracy      truth fields whose OCR value is right\n"
"  accepted precision  accepted fields that are right (accepted fields of\n"
"                      columns the truth does not have count as wrong),\n"
"                      with the 95%% Wilson lower bound of that share\n"
"  coverage            truth fields that the OCR accepted\n"
"\n"
"Thresholds are fractions (0.99) or percentages (99, 99%%).  A metric\n"
"with nothing to measure (n/a) fails its threshold, except precision\n"
"when nothing was accepted.  Wrong accepted fields are listed on standard\n"
"error, the first %d unless --verbose.  Exit status: 0 when every\n"
"threshold is met, 1 when one is not, 2 on bad usage or input.\n"
"\n"
"--dump FILE writes one tab-separated line per scored field: source,\n"
"page, row, key, 1 if right, 1 if accepted (for calibration).\n",
	    MAXWRONG);
}

static char *
xstrdup(const char *s)
{
	char	*p;

	p = strdup(s);
	if (p == NULL)
		err(2, NULL);
	return p;
}

/* NFC copy of s, malloc'd; NULL when s is not valid UTF-8. */
static char *
nfc(const char *s)
{
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* The index key of a truth row, in buf. */
static const char *
row_key(char *buf, size_t sz, int file, long page, long row)
{
	int	 n;

	n = snprintf(buf, sz, "%d/%ld/%ld", file, page, row);
	if (n < 0 || (size_t)n >= sz)
		errx(2, "row key too long");
	return buf;
}

/* Path without its extension (the last dot after the last slash). */
static char *
strip_ext(const char *path)
{
	char	*s, *slash, *dot;

	s = xstrdup(path);
	slash = strrchr(s, '/');
	dot = strrchr(s, '.');
	if (dot != NULL && (slash == NULL || dot > slash) &&
	    dot != (slash == NULL ? s : slash + 1))
		*dot = '\0';
	return s;
}

static const char *
base_of(const char *path)
{
	const char	*slash;

	slash = strrchr(path, '/');
	return slash == NULL ? path : slash + 1;
}

/* How many trailing path components a and b share. */
static int
common_suffix(const char *a, const char *b)
{
	size_t	 i = strlen(a), j = strlen(b);
	int	 n = 0;

	for (;;) {
		if (i == 0 || j == 0)
			return (i == 0 || a[i - 1] == '/') &&
			    (j == 0 || b[j - 1] == '/') ? n + 1 : n;
		if (a[i - 1] != b[j - 1])
			return n;
		if (a[i - 1] == '/')
			n++;
		i--;
		j--;
	}
}

/*
 * Reports bad input at where (a truth file, or "FILE:LINE" of the OCR
 * rows), what (NOT_TRUTH or "") before the reason, and exits 2.
 */
static void __attribute__((format(printf, 3, 4), noreturn))
bad(const char *where, const char *what, const char *fmt, ...)
{
	va_list	 ap;
	char	 msg[512];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errx(2, "%s: %s%s", where, what, msg);
}

/* ---------------------------------------------------------------------- */
/* Truth. */

/* What bad() says of a truth file before the reason. */
#define NOT_TRUTH	"not a sogoc-gen truth file: "

/*
 * The number (at least 1) under key of a truth file's page or row o, and
 * into *part what it holds under name, of the given type; or exits.
 */
static long
numbered(const char *path, json_t *o, const char *key, const char *name,
    json_type type, json_t **part)
{
	json_t	*v;

	v = json_object_get(o, key);
	*part = json_object_get(o, name);
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    *part == NULL || json_typeof(*part) != type)
		bad(path, NOT_TRUTH, "a %s without \"%s\" or \"%s\"", key,
		    key, name);
	return (long)json_integer_value(v);
}

static void
load_truth(struct score *sc, const char *path)
{
	json_t		*root, *pages, *jp, *rows, *jr, *fields, *jf, *v;
	json_error_t	 jerr;
	struct tfile	*tf;
	struct trow	*tr;
	const char	*key;
	enum field	 f;
	size_t		 i, j;
	long		 page, row;
	const char	*k;
	char		 kbuf[64];
	int		 fi;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL && jerr.line < 1)
		errx(2, "%s", jerr.text);
	if (root == NULL)
		errx(2, "%s:%d: %s", path, jerr.line, jerr.text);
	pages = json_object_get(root, "pages");
	if (!json_is_object(root) || !json_is_array(pages))
		bad(path, NOT_TRUTH, "no \"pages\" array");

	fi = sc->nfiles;
	tf = reallocarray(sc->files, (size_t)sc->nfiles + 1, sizeof(*tf));
	if (tf == NULL)
		err(2, NULL);
	sc->files = tf;
	tf = &sc->files[sc->nfiles++];
	memset(tf, 0, sizeof(*tf));
	tf->path = xstrdup(path);
	tf->stem = strip_ext(path);
	tf->base = base_of(tf->stem);

	json_array_foreach(pages, i, jp) {
		page = numbered(path, jp, "page", "rows", JSON_ARRAY, &rows);
		json_array_foreach(rows, j, jr) {
			row = numbered(path, jr, "row", "fields", JSON_OBJECT,
			    &fields);
			if (sc->nrows == sc->rowcap) {
				sc->rowcap = sc->rowcap == 0 ? 256 :
				    sc->rowcap * 2;
				tr = reallocarray(sc->rows, (size_t)sc->rowcap,
				    sizeof(*tr));
				if (tr == NULL)
					err(2, NULL);
				sc->rows = tr;
			}
			tr = &sc->rows[sc->nrows];
			memset(tr, 0, sizeof(*tr));
			tr->file = fi;
			tr->page = page;
			tr->row = row;
			json_object_foreach(fields, key, jf) {
				f = field_from_key(key);
				if (f == FIELD_UNKNOWN)
					bad(path, NOT_TRUTH, "page %ld row "
					    "%ld: unknown field \"%s\"", page,
					    row, key);
				if (f == FIELD_SIGNATURE)
					continue;
				v = json_object_get(jf, "value");
				if (!json_is_string(v))
					bad(path, NOT_TRUTH, "a field "
					    "without a string \"value\"");
				tr->value[f] = nfc(json_string_value(v));
				if (tr->value[f] == NULL)
					bad(path, NOT_TRUTH, "invalid UTF-8");
			}
			k = row_key(kbuf, sizeof(kbuf), fi, page, row);
			if (json_object_get(sc->index, k) != NULL)
				bad(path, NOT_TRUTH, "page %ld row %ld appears "
				    "twice", page, row);
			if (json_object_set_new(sc->index, k,
			    json_integer(sc->nrows)) != 0)
				errx(2, "out of memory");
			sc->nrows++;
			tf->rows++;
		}
	}
	json_decref(root);
}

/*
 * Returns the truth file for an OCR source, or -1 when there is none.
 * Several truth files of the same name are told apart by the longest run
 * of trailing directories they share with the source; a tie is an error.
 */
static int
source_file(struct score *sc, const char *source, const char *where)
{
	json_t		*known;
	char		*stem;
	int		 i, best = -1, bestn = -1, tie = 0, n;

	known = json_object_get(sc->sources, source);
	if (known != NULL)
		return (int)json_integer_value(known);
	stem = strip_ext(source);
	for (i = 0; i < sc->nfiles; i++) {
		if (strcmp(sc->files[i].base, base_of(stem)) != 0)
			continue;
		n = common_suffix(sc->files[i].stem, stem);
		if (n > bestn) {
			best = i;
			bestn = n;
			tie = 0;
		} else if (n == bestn)
			tie = 1;
	}
	free(stem);
	if (tie)
		errx(2, "%s: source \"%s\" matches several truth files "
		    "equally well", where, source);
	if (json_object_set_new(sc->sources, source, json_integer(best)) != 0)
		errx(2, "out of memory");
	return best;
}

/* ---------------------------------------------------------------------- */
/* OCR rows. */

static void
report_wrong(struct score *sc, const struct trow *tr, const char *key,
    const char *truth, const char *ocr)
{
	json_t	*j;

	sc->wrong++;
	if (sc->verbose || sc->wrong <= MAXWRONG)
		fprintf(stderr, "wrong accepted: %s page %ld row %ld %s: "
		    "truth \"%s\" ocr \"%s\"\n", sc->files[tr->file].path,
		    tr->page, tr->row, key, truth == NULL ? "(no column)" :
		    truth, ocr);
	if (sc->wrong <= MAXWRONG) {
		j = json_pack("{s:s,s:I,s:I,s:s,s:o,s:s}",
		    "truth_file", sc->files[tr->file].path,
		    "page", (json_int_t)tr->page, "row", (json_int_t)tr->row,
		    "key", key,
		    "truth", truth == NULL ? json_null() : json_string(truth),
		    "ocr", ocr);
		if (j != NULL)
			json_array_append_new(sc->wrong_list, j);
	}
}

static void
stats_add(struct stats *s, int correct, int accepted)
{
	s->fields++;
	s->correct += correct;
	s->accepted += accepted;
	s->acc_correct += correct && accepted;
}

/*
 * Checks every field of an OCR line before anything is counted: got[f]
 * its value (NULL when absent), acc[f] whether it was accepted.
 */
static void
parse_fields(json_t *fields, const char *where, const char **got, int *acc)
{
	json_t		*jf, *v, *st, *conf;
	const char	*key, *status;
	enum field	 f;
	double		 c;
	int		 i;

	for (i = 0; i < FIELD_COUNT; i++) {
		got[i] = NULL;
		acc[i] = 0;
	}
	json_object_foreach(fields, key, jf) {
		f = field_from_key(key);
		if (f == FIELD_UNKNOWN)
			bad(where, "", "unknown field \"%s\"", key);
		v = json_object_get(jf, "value");
		st = json_object_get(jf, "status");
		conf = json_object_get(jf, "conf");
		if (!json_is_object(jf) || !json_is_string(v))
			bad(where, "", "field \"%s\": \"value\" is missing or "
			    "not a string", key);
		status = json_string_value(st);
		if (status == NULL || (strcmp(status, "accepted") != 0 &&
		    strcmp(status, "review") != 0))
			bad(where, "", "field \"%s\": \"status\" must be "
			    "\"accepted\" or \"review\"", key);
		if (conf != NULL) {
			c = json_number_value(conf);
			if (!json_is_number(conf) || isnan(c) || c < 0 ||
			    c > 1)
				bad(where, "", "field \"%s\": \"conf\" must be "
				    "a number in [0,1]", key);
		}
		if (f == FIELD_SIGNATURE)
			continue;
		got[f] = json_string_value(v);
		acc[f] = strcmp(status, "accepted") == 0;
	}
}

/*
 * The truth row the OCR line (src, page, row) is of, marked matched; NULL
 * when the line is of no truth row or of one already scored (counted).
 */
static struct trow *
match_row(struct score *sc, json_t *src, json_t *jpage, json_t *jrow,
    const char *where, struct tfile **tfp)
{
	struct trow	*tr;
	struct tfile	*tf;
	json_t		*ix;
	char		 kbuf[64];
	int		 file;

	sc->ocr_rows++;
	file = source_file(sc, json_string_value(src), where);
	if (file < 0) {
		sc->spurious++;
		return NULL;
	}
	tf = &sc->files[file];
	ix = json_object_get(sc->index, row_key(kbuf, sizeof(kbuf), file,
	    (long)json_integer_value(jpage), (long)json_integer_value(jrow)));
	if (ix == NULL) {
		sc->spurious++;
		tf->spurious++;
		return NULL;
	}
	tr = &sc->rows[json_integer_value(ix)];
	if (tr->matched) {
		warnx("%s: page %ld row %ld of %s was already scored; "
		    "this one is ignored", where, tr->page, tr->row,
		    json_string_value(src));
		sc->duplicate++;
		return NULL;
	}
	tr->matched = 1;
	sc->matched++;
	tf->matched++;
	*tfp = tf;
	return tr;
}

/* Scores one parsed OCR line; where names it for error messages. */
static void
score_row(struct score *sc, json_t *o, const char *where)
{
	json_t		*src, *jpage, *jrow, *fields;
	struct trow	*tr;
	struct tfile	*tf = NULL;
	const char	*got[FIELD_COUNT];
	int		 acc[FIELD_COUNT], correct, i;
	char		*ov;

	if (!json_is_object(o))
		bad(where, "", "not a JSON object");
	src = json_object_get(o, "source");
	jpage = json_object_get(o, "page");
	jrow = json_object_get(o, "row");
	fields = json_object_get(o, "fields");
	if (!json_is_string(src) || json_string_length(src) == 0)
		bad(where, "", "\"source\" is missing or not a string");
	if (!json_is_integer(jpage) || json_integer_value(jpage) < 1)
		bad(where, "", "\"page\" is missing or not a positive integer");
	if (!json_is_integer(jrow) || json_integer_value(jrow) < 1)
		bad(where, "", "\"row\" is missing or not a positive integer");
	if (!json_is_object(fields))
		bad(where, "", "\"fields\" is missing or not an object");
	parse_fields(fields, where, got, acc);
	tr = match_row(sc, src, jpage, jrow, where, &tf);
	if (tr == NULL)
		return;
	for (i = 0; i < FIELD_COUNT; i++) {
		if (i == FIELD_SIGNATURE)
			continue;
		if (tr->value[i] == NULL) {
			/* an accepted field of a column the page lacks */
			if (got[i] != NULL && acc[i]) {
				sc->st.extra++;
				sc->bykey[i].extra++;
				tf->st.extra++;
				report_wrong(sc, tr, field_key(i), NULL,
				    got[i]);
			}
			continue;
		}
		correct = 0;
		if (got[i] != NULL) {
			ov = nfc(got[i]);
			if (ov == NULL)
				bad(where, "", "invalid UTF-8");
			correct = strcmp(ov, tr->value[i]) == 0;
			if (acc[i] && !correct)
				report_wrong(sc, tr, field_key(i),
				    tr->value[i], ov);
			free(ov);
			if (sc->dump != NULL)
				fprintf(sc->dump, "%s\t%ld\t%ld\t%s\t%d\t%d\n",
				    json_string_value(src),
				    (long)json_integer_value(jpage),
				    (long)json_integer_value(jrow),
				    field_key(i), correct, acc[i]);
		}
		stats_add(&sc->st, correct, got[i] != NULL && acc[i]);
		stats_add(&sc->bykey[i], correct, got[i] != NULL && acc[i]);
		stats_add(&tf->st, correct, got[i] != NULL && acc[i]);
	}
}

/* Truth fields of rows the OCR never produced: missed, not accepted. */
static void
score_missed(struct score *sc)
{
	struct trow	*tr;
	long		 r;
	int		 i;

	for (r = 0; r < sc->nrows; r++) {
		tr = &sc->rows[r];
		if (tr->matched)
			continue;
		for (i = 0; i < FIELD_COUNT; i++) {
			if (tr->value[i] == NULL)
				continue;
			stats_add(&sc->st, 0, 0);
			stats_add(&sc->bykey[i], 0, 0);
			stats_add(&sc->files[tr->file].st, 0, 0);
		}
	}
}

static void
read_ocr(struct score *sc, FILE *fp, const char *name)
{
	json_error_t	 jerr;
	json_t		*o;
	char		*line = NULL, where[512];
	size_t		 cap = 0, i;
	ssize_t		 len;
	long		 lineno = 0;
	int		 n, blank;

	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		n = snprintf(where, sizeof(where), "%s:%ld", name, lineno);
		if (n < 0 || (size_t)n >= sizeof(where))
			errx(2, "file name too long: %s", name);
		blank = 1;
		for (i = 0; i < (size_t)len; i++)
			if (line[i] != ' ' && line[i] != '\t' &&
			    line[i] != '\r' && line[i] != '\n')
				blank = 0;
		if (blank)
			continue;
		if (memchr(line, '\0', (size_t)len) != NULL)
			bad(where, "", "NUL byte in line");
		o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (o == NULL)
			bad(where, "", "malformed JSON (column %d): %s",
			    jerr.column, jerr.text);
		/* A page to key by hand (SPEC section 3): no rows of its own. */
		if (json_is_object(o) && json_is_string(json_object_get(o,
		    "status")) && strcmp(json_string_value(json_object_get(o,
		    "status")), "key") == 0)
			sc->ocr_keypages++;
		else
			score_row(sc, o, where);
		json_decref(o);
	}
	if (ferror(fp))
		err(2, "%s", name);
	free(line);
}

/* ---------------------------------------------------------------------- */
/* Report. */

/* Ratio, or NaN when the denominator is 0. */
static double
ratio(long a, long b)
{
	return b == 0 ? NAN : (double)a / (double)b;
}

static double
precision(const struct stats *s)
{
	return ratio(s->acc_correct, s->accepted + s->extra);
}

/*
 * The 95% Wilson score lower bound of the precision: with few accepted
 * fields a perfect score says little, and the bound says how little (106
 * of 106 right bounds the precision only above 96.5%).  NaN when nothing
 * was accepted.
 */
static double
precision_lower(const struct stats *s)
{
	double	 n, p, z = 1.959964, c;

	n = (double)(s->accepted + s->extra);
	if (n == 0)
		return NAN;
	p = (double)s->acc_correct / n;
	c = p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n +
	    z * z / (4 * n * n));
	return c / (1 + z * z / n);
}

static json_t *
jratio(double r)
{
	return isnan(r) ? json_null() : json_real(round(r * 1e6) / 1e6);
}

static const char *
pct(double r, char *buf, size_t sz)
{
	int	 n;

	if (isnan(r))
		n = snprintf(buf, sz, "%s", "n/a");
	else
		n = snprintf(buf, sz, "%.2f%%", 100 * r);
	if (n < 0 || (size_t)n >= sz)
		errx(2, "number does not fit");
	return buf;
}

static json_t *
stats_json(const struct stats *s)
{
	return json_pack("{s:I,s:I,s:o,s:I,s:I,s:I,s:o,s:o}",
	    "fields", (json_int_t)s->fields,
	    "correct", (json_int_t)s->correct,
	    "accuracy", jratio(ratio(s->correct, s->fields)),
	    "accepted", (json_int_t)s->accepted,
	    "accepted_correct", (json_int_t)s->acc_correct,
	    "extra_accepted", (json_int_t)s->extra,
	    "precision", jratio(precision(s)),
	    "coverage", jratio(ratio(s->accepted, s->fields)));
}

static void
print_table(const struct score *sc)
{
	const struct stats	*s = &sc->st;
	const struct tfile	*tf;
	char			 a[16], b[16], c[16], d[16];
	int			 i;

	printf("truth files %d, truth rows %ld, OCR rows %ld, pages to key "
	    "by hand %ld\n\n", sc->nfiles, sc->nrows, sc->ocr_rows,
	    sc->ocr_keypages);
	printf("row recall          %8s  (%ld of %ld rows; %ld spurious, "
	    "%ld duplicate)\n", pct(ratio(sc->matched, sc->nrows), a,
	    sizeof(a)), sc->matched, sc->nrows, sc->spurious, sc->duplicate);
	printf("field accuracy      %8s  (%ld of %ld fields)\n",
	    pct(ratio(s->correct, s->fields), a, sizeof(a)), s->correct,
	    s->fields);
	printf("accepted precision  %8s  (%ld of %ld accepted",
	    pct(precision(s), a, sizeof(a)), s->acc_correct,
	    s->accepted + s->extra);
	if (s->extra > 0)
		printf(", %ld of no truth column", s->extra);
	printf("; 95%% lower bound %s)\n",
	    pct(precision_lower(s), a, sizeof(a)));
	printf("coverage            %8s  (%ld of %ld fields accepted)\n\n",
	    pct(ratio(s->accepted, s->fields), a, sizeof(a)), s->accepted,
	    s->fields);

	printf("%-16s %7s %9s %8s %9s %9s\n", "key", "fields", "accuracy",
	    "accepted", "precision", "coverage");
	for (i = 0; i < FIELD_COUNT; i++) {
		s = &sc->bykey[i];
		if (s->fields == 0 && s->extra == 0)
			continue;
		printf("%-16s %7ld %9s %8ld %9s %9s\n", field_key(i),
		    s->fields, pct(ratio(s->correct, s->fields), a,
		    sizeof(a)), s->accepted + s->extra,
		    pct(precision(s), b, sizeof(b)),
		    pct(ratio(s->accepted, s->fields), c, sizeof(c)));
	}
	printf("\n%-28s %5s %9s %7s %9s %9s %9s %8s\n", "truth file", "rows",
	    "recall", "fields", "accuracy", "precision", "coverage",
	    "spurious");
	for (i = 0; i < sc->nfiles; i++) {
		tf = &sc->files[i];
		s = &tf->st;
		printf("%-28s %5ld %9s %7ld %9s %9s %9s %8ld\n", tf->path,
		    tf->rows, pct(ratio(tf->matched, tf->rows), a, sizeof(a)),
		    s->fields, pct(ratio(s->correct, s->fields), b,
		    sizeof(b)), pct(precision(s), c, sizeof(c)),
		    pct(ratio(s->accepted, s->fields), d, sizeof(d)),
		    tf->spurious);
	}
}

static json_t *
report_json(const struct score *sc)
{
	const struct stats	*s = &sc->st;
	const struct tfile	*tf;
	json_t			*o, *bykey, *byfile, *f;
	int			 i;

	o = json_object();
	json_object_set_new(o, "truth_files", json_integer(sc->nfiles));
	json_object_set_new(o, "truth_rows", json_integer(sc->nrows));
	json_object_set_new(o, "ocr_rows", json_integer(sc->ocr_rows));
	json_object_set_new(o, "ocr_keypages",
	    json_integer(sc->ocr_keypages));
	json_object_set_new(o, "matched_rows", json_integer(sc->matched));
	json_object_set_new(o, "spurious_rows", json_integer(sc->spurious));
	json_object_set_new(o, "duplicate_rows",
	    json_integer(sc->duplicate));
	json_object_set_new(o, "row_recall",
	    jratio(ratio(sc->matched, sc->nrows)));
	json_object_set_new(o, "fields", json_integer(s->fields));
	json_object_set_new(o, "correct", json_integer(s->correct));
	json_object_set_new(o, "field_accuracy",
	    jratio(ratio(s->correct, s->fields)));
	json_object_set_new(o, "accepted", json_integer(s->accepted));
	json_object_set_new(o, "accepted_correct",
	    json_integer(s->acc_correct));
	json_object_set_new(o, "extra_accepted", json_integer(s->extra));
	json_object_set_new(o, "accepted_precision", jratio(precision(s)));
	json_object_set_new(o, "precision_lower_bound",
	    jratio(precision_lower(s)));
	json_object_set_new(o, "coverage",
	    jratio(ratio(s->accepted, s->fields)));
	bykey = json_object();
	for (i = 0; i < FIELD_COUNT; i++) {
		if (sc->bykey[i].fields == 0 && sc->bykey[i].extra == 0)
			continue;
		json_object_set_new(bykey, field_key(i),
		    stats_json(&sc->bykey[i]));
	}
	json_object_set_new(o, "by_key", bykey);
	byfile = json_array();
	for (i = 0; i < sc->nfiles; i++) {
		tf = &sc->files[i];
		f = stats_json(&tf->st);
		json_object_set_new(f, "truth", json_string(tf->path));
		json_object_set_new(f, "rows", json_integer(tf->rows));
		json_object_set_new(f, "matched_rows",
		    json_integer(tf->matched));
		json_object_set_new(f, "row_recall",
		    jratio(ratio(tf->matched, tf->rows)));
		json_object_set_new(f, "spurious_rows",
		    json_integer(tf->spurious));
		json_array_append_new(byfile, f);
	}
	json_object_set_new(o, "by_file", byfile);
	json_object_set_new(o, "wrong_accepted", json_integer(sc->wrong));
	json_object_set_new(o, "wrong_accepted_list",
	    json_incref(sc->wrong_list));
	return o;
}

/* ---------------------------------------------------------------------- */

/* A threshold: 0.99, 99 or 99% all mean ninety-nine percent. */
static double
parse_threshold(const char *opt, const char *s)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == '%' && end[1] == '\0')
		v /= 100;
	else if (end == s || *end != '\0')
		v = NAN;
	else if (v > 1)
		v /= 100;
	if (errno != 0 || isnan(v) || v < 0 || v > 1) {
		warnx("%s: bad threshold \"%s\"", opt, s);
		usage(stderr, 0);
		exit(2);
	}
	return v;
}

struct threshold {
	const char	*name;
	const char	*opt;
	double		 min;	/* NaN: not asked for */
	double		 got;
	int		 vacuous_ok;	/* an undefined value passes */
};

static void
free_score(struct score *sc)
{
	long	 r;
	int	 i;

	for (r = 0; r < sc->nrows; r++)
		for (i = 0; i < FIELD_COUNT; i++)
			free(sc->rows[r].value[i]);
	free(sc->rows);
	for (i = 0; i < sc->nfiles; i++) {
		free(sc->files[i].path);
		free(sc->files[i].stem);
	}
	free(sc->files);
	json_decref(sc->index);
	json_decref(sc->sources);
	json_decref(sc->wrong_list);
}

/* What the command line asked for besides the thresholds. */
struct opts {
	const char	*ocr;
	int		 asjson;
};

/*
 * The options into sc, th and o; optind ends past them.  Returns -1 to go
 * on, else the exit status (0 after --help).
 */
static int
parse_args(int argc, char *argv[], struct score *sc, struct threshold *th,
    struct opts *o)
{
	static const struct option longopts[] = {
		{ "min-precision", required_argument, NULL, 'p' },
		{ "min-coverage", required_argument, NULL, 'c' },
		{ "min-row-recall", required_argument, NULL, 'r' },
		{ "min-accuracy", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "ocr", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "dump", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			sc->dump = fopen(optarg, "w");
			if (sc->dump == NULL)
				err(2, "%s", optarg);
			break;
		case 'p':
			th[0].min = parse_threshold("--min-precision", optarg);
			break;
		case 'c':
			th[1].min = parse_threshold("--min-coverage", optarg);
			break;
		case 'r':
			th[2].min = parse_threshold("--min-row-recall",
			    optarg);
			break;
		case 'a':
			th[3].min = parse_threshold("--min-accuracy", optarg);
			break;
		case 'j':
			o->asjson = 1;
			break;
		case 'o':
			o->ocr = optarg;
			break;
		case 'v':
			sc->verbose = 1;
			break;
		case 'h':
			usage(stdout, 1);
			return 0;
		default:
			usage(stderr, 0);
			return 2;
		}
	}
	if (optind == argc) {
		warnx("no truth file given");
		usage(stderr, 0);
		return 2;
	}
	return -1;
}

/* The truth files, then the OCR output (ocr, or stdin for NULL or "-"). */
static void
load_all(struct score *sc, char *truth[], int ntruth, const char *ocr)
{
	FILE	*fp;
	int	 i;

	/* jansson objects are the hash tables here */
	sc->index = json_object();
	sc->sources = json_object();
	sc->wrong_list = json_array();
	for (i = 0; i < ntruth; i++)
		load_truth(sc, truth[i]);
	if (ocr == NULL || strcmp(ocr, "-") == 0)
		read_ocr(sc, stdin, "<stdin>");
	else {
		fp = fopen(ocr, "r");
		if (fp == NULL)
			err(2, "%s", ocr);
		read_ocr(sc, fp, ocr);
		fclose(fp);
	}
	score_missed(sc);
	if (sc->wrong > MAXWRONG && !sc->verbose)
		fprintf(stderr, "... and %ld more wrong accepted fields "
		    "(--verbose lists them all)\n", sc->wrong - MAXWRONG);
}

/*
 * Each threshold given against what was measured: a line on stderr for
 * each one missed, whose option names go into failed.  Whether any was.
 */
static int
check_thresholds(struct score *sc, struct threshold *th, json_t *failed)
{
	char	 a[16], b[16];
	int	 i, fail = 0;

	th[0].got = precision(&sc->st);
	th[1].got = ratio(sc->st.accepted, sc->st.fields);
	th[2].got = ratio(sc->matched, sc->nrows);
	th[3].got = ratio(sc->st.correct, sc->st.fields);
	for (i = 0; i < 4; i++) {
		if (isnan(th[i].min))
			continue;
		if (isnan(th[i].got) ? th[i].vacuous_ok :
		    th[i].got + 1e-12 >= th[i].min)
			continue;
		fail = 1;
		fprintf(stderr, "sogoc-score: %s %s is below %s %s\n",
		    th[i].name, pct(th[i].got, a, sizeof(a)), th[i].opt,
		    pct(th[i].min, b, sizeof(b)));
		json_array_append_new(failed, json_string(th[i].opt + 2));
	}
	return fail;
}

/* The report as JSON on stdout; takes failed. */
static void
print_json(struct score *sc, const struct threshold *th, json_t *failed,
    int fail)
{
	json_t	*rep, *jt;
	int	 i;

	rep = report_json(sc);
	jt = json_object();
	for (i = 0; i < 4; i++)
		if (!isnan(th[i].min))
			json_object_set_new(jt, th[i].opt + 2,
			    json_real(th[i].min));
	json_object_set_new(rep, "thresholds", jt);
	json_object_set_new(rep, "failed", failed);
	json_object_set_new(rep, "pass", json_boolean(!fail));
	if (json_dumpf(rep, stdout, JSON_INDENT(1) |
	    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) != 0)
		errx(2, "cannot write the report");
	putchar('\n');
	json_decref(rep);
}

int
main(int argc, char *argv[])
{
	struct threshold th[4] = {
		{ "accepted precision", "--min-precision", NAN, NAN, 1 },
		{ "coverage", "--min-coverage", NAN, NAN, 0 },
		{ "row recall", "--min-row-recall", NAN, NAN, 0 },
		{ "field accuracy", "--min-accuracy", NAN, NAN, 0 },
	};
	struct score	 sc;
	struct opts	 o = { NULL, 0 };
	json_t		*failed;
	int		 rc, fail;

	memset(&sc, 0, sizeof(sc));
	rc = parse_args(argc, argv, &sc, th, &o);
	if (rc >= 0)
		return rc;
	load_all(&sc, argv + optind, argc - optind, o.ocr);
	failed = json_array();
	fail = check_thresholds(&sc, th, failed);
	if (o.asjson)
		print_json(&sc, th, failed, fail);
	else {
		print_table(&sc);
		json_decref(failed);
	}
	free_score(&sc);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(2, "stdout");
	if (sc.dump != NULL && fclose(sc.dump) != 0)
		err(2, "--dump");
	return fail;
}
