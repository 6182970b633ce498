/*
 * cmd_stage.c: the commands of the staging area: import (OCR JSONL or a
 * typed CSV, and --publish), staged, confirm, set and publish.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd_int.h"
#include "note.h"
#include "staging.h"
#include "store.h"


/* What sogoc import was asked to do. */
struct import_opts {
	struct staging_volume	 vol;
	const char		*sources;
	uint64_t		 batch;
	int			 fmt;		/* 'C', 'J' or 0: by the name */
	int			 publish;
};

/* --csv or --jsonl: the format of import's files, in the int at arg. */
static int
format_opt(void *arg, int ch, const char *name)
{
	(void)name;
	*(int *)arg = ch;
	return -1;
}

/* --year into the volume at arg (a year past 9999 is none). */
static int
year_opt(void *arg, int ch, const char *name)
{
	struct staging_volume	*vol = arg;
	uint64_t		 y;

	(void)ch;
	(void)name;
	if (parse_u64(optarg, &y, "--year") != 0)
		return EXIT_USAGE;
	vol->year = y > 9999 ? 0 : (int)y;
	return -1;
}

/*
 * import's options into c and o; optind ends past them.  Returns -1 to go
 * on, else the exit status.
 */
static int
import_args(int argc, char **argv, struct common *c, struct import_opts *o)
{
	const struct cmd_opt	 opts[] = {
		OPT_SWITCH("csv", 'C', &o->fmt, format_opt),
		OPT_SWITCH("jsonl", 'J', &o->fmt, format_opt),
		OPT_STR("type", 't', &o->vol.type),
		OPT_FN("year", 'y', &o->vol, year_opt),
		OPT_STR("authority", 'a', &o->vol.authority),
		OPT_STR("decision", 'D', &o->vol.decision),
		OPT_STR("decision-date", 'T', &o->vol.decision_date),
		OPT_STR("sources", 's', &o->sources),
		OPT_FLAG("double-key", '2', &o->vol.double_key),
		OPT_FLAG("publish", 'P', &o->publish),
		OPT_COMMON("key", 'k'),
		OPT_COUNT("batch", 'b', &o->batch),
		OPT_END
	};
	int			 rc;

	rc = cmd_getopt(argc, argv, "t:y:a:s:k:d:h", opts, c);
	if (rc >= 0)
		return rc;
	if (optind == argc)
		return usage_of(argv[0], stderr);
	return -1;
}

/* A typed CSV straight into the log: 0 or the exit status. */
static int
import_publish(struct store *st, const char *path,
    const struct import_opts *o, const struct note_signer *signer)
{
	struct staging_import_stats	 s;
	struct staging_publish_stats	 ps;
	int				 tty = isatty(STDERR_FILENO), r;

	r = staging_import_csv_publish(st, path, &o->vol, who(), signer,
	    (size_t)o->batch, &s, &ps, publish_progress, &tty);
	if (tty)
		fputc('\n', stderr);
	if (r != STORE_OK) {
		r = fail(st, r);
		warnx("%s: %s", path, ps.published ? "stopped part way; what "
		    "was published is signed, run the import again to finish" :
		    "nothing was published from it");
		return r;
	}
	fprintf(stderr, "sogoc: %s: %zu rows: %zu records published, %zu "
	    "rows already published, %zu the same person's record as an "
	    "earlier row; log size %" PRIu64 "\n", path, s.rows,
	    ps.published, s.published, ps.duplicates, ps.size);
	return 0;
}

/* OCR rows or a typed CSV into staging: 0 or the exit status. */
static int
import_stage(struct store *st, const char *path,
    const struct import_opts *o)
{
	struct staging_import_stats	 s;
	int				 r;

	if (o->fmt == 'C' || (o->fmt == 0 && ends_with(path, ".csv")))
		r = staging_import_csv(st, path, &o->vol, who(), &s);
	else
		r = staging_import_jsonl(st, path, stdin, o->sources,
		    &o->vol, who(), &s);
	if (r != STORE_OK) {
		r = fail(st, r);
		warnx("%s: nothing was imported from it", path);
		return r;
	}
	fprintf(stderr, "sogoc: %s: %zu rows: %zu new, %zu restaged, %zu "
	    "unchanged, %zu kept (decided by a person), %zu already "
	    "published; %zu wait for review; %zu pages to key by hand\n",
	    path, s.rows, s.added, s.replaced, s.unchanged, s.kept,
	    s.published, s.review, s.keypages);
	if (staging_mostly_hand(&s) && !o->vol.double_key)
		fprintf(stderr, "sogoc: %s: %zu of %zu rows are handwritten: "
		    "consider double keying (import again with --double-key: "
		    "two reviewers key each flagged field blind)\n", path,
		    s.hand, s.rows);
	return 0;
}

int
cmd_import(int argc, char **argv)
{
	struct import_opts	 o;
	struct common		 c;
	struct store		*st;
	struct note_signer	*signer = NULL;
	int			 i, rc = 0, r;

	memset(&o, 0, sizeof(o));
	o.batch = 50000;
	r = import_args(argc, argv, &c, &o);
	if (r >= 0)
		return r;
	if (o.publish) {
		for (i = optind; i < argc; i++)
			if (o.fmt == 'J' || (o.fmt == 0 &&
			    !ends_with(argv[i], ".csv"))) {
				warnx("%s: --publish is for typed CSV ledgers; "
				    "OCR rows wait for review (sogoc staged, "
				    "then sogoc publish)", argv[i]);
				return EXIT_USAGE;
			}
		signer = load_signer(c.key);
		if (signer == NULL)
			return EXIT_FAIL;
	}
	st = open_store(&c, STORE_CREATE);
	if (st == NULL) {
		note_signer_free(signer);
		return EXIT_FAIL;
	}
	for (i = optind; i < argc; i++) {
		r = o.publish ? import_publish(st, argv[i], &o, signer) :
		    import_stage(st, argv[i], &o);
		if (r != 0)
			rc = r;
	}
	note_signer_free(signer);
	store_close(st);
	return rc;
}

struct staged_ui {
	int	 json;
	size_t	 n;
};

/* A page to key by hand, on one line: what, why, how many rows. */
static int
staged_keypage(const char *id, json_t *row)
{
	json_t		*tk = json_object_get(row, "to_key"), *kd;
	const char	*src = json_string_value(json_object_get(row, "source"));
	const char	*base = src != NULL ? strrchr(src, '/') : NULL;
	json_int_t	 n = json_integer_value(json_object_get(tk, "rows"));

	printf("%-22s %s page %" JSON_INTEGER_FORMAT ": ", id,
	    base != NULL ? base + 1 : src != NULL ? src : "?",
	    json_integer_value(json_object_get(row, "page")));
	kd = json_object_get(tk, "keyed");
	if (kd != NULL) {
		printf("keyed by hand by %s, %" JSON_INTEGER_FORMAT " rows\n",
		    json_string_value(json_object_get(kd, "by")),
		    json_integer_value(json_object_get(kd, "rows")));
		return 0;
	}
	printf("to key by hand (%s)", json_string_value(json_object_get(tk,
	    "error")));
	if (n > 0)
		printf(", ~%" JSON_INTEGER_FORMAT " rows", n);
	putchar('\n');
	return 0;
}

static int
staged_row(void *arg, const char *id, json_t *row)
{
	struct staged_ui	*ui = arg;
	json_t			*f;
	const char		*k, *s, *w;

	ui->n++;
	if (ui->json) {
		json_object_set_new(row, "id", json_string(id));
		print_json(row);
		return 0;
	}
	if (json_object_get(row, "to_key") != NULL)
		return staged_keypage(id, row);
	w = json_string_value(json_object_get(row, "waiting"));
	printf("%-22s %s p%" JSON_INTEGER_FORMAT " r%" JSON_INTEGER_FORMAT
	    "  %s\n", id, json_string_value(json_object_get(row, "source")),
	    json_integer_value(json_object_get(row, "page")),
	    json_integer_value(json_object_get(row, "row")),
	    w ? w : "ready to publish");
	json_object_foreach(json_object_get(row, "fields"), k, f) {
		s = json_string_value(json_object_get(f, "status"));
		if (s == NULL || strcmp(s, "review") != 0)
			continue;
		printf("    %-16s \"%s\"  conf %.2f\n", k,
		    json_string_value(json_object_get(f, "value")),
		    json_number_value(json_object_get(f, "conf")));
	}
	return 0;
}

int
cmd_staged(int argc, char **argv)
{
	struct staged_ui	 ui = { 0, 0 };
	struct common		 c;
	struct store		*st;
	int			 all = 0, rc;
	const struct cmd_opt	 opts[] = {
		OPT_FLAG("all", 'a', &all),
		OPT_FLAG("json", 'j', &ui.json),
		OPT_END
	};

	rc = cmd_start(argc, argv, "ajd:h", opts, &c, STORE_RDONLY,
	    &st);
	if (rc >= 0)
		return rc;
	rc = staging_list(st, all, staged_row, &ui);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else if (!ui.json)
		fprintf(stderr, "sogoc: %zu staged rows%s\n", ui.n,
		    all ? "" : " not yet published");
	store_close(st);
	return rc;
}

int
cmd_confirm(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	enum field	 f = FIELD_UNKNOWN;
	size_t		 n, total = 0;
	int		 i, page = 0, rc;
	const struct cmd_opt opts[] = {
		OPT_FLAG("page", 'p', &page),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "pd:h", opts, &c);
	if (rc >= 0)
		return rc;
	rc = 0;
	if (optind >= argc || (page && optind + 1 != argc))
		return usage_of(argv[0], stderr);
	for (i = optind + 1; i < argc; i++)
		if (field_from_key(argv[i]) == FIELD_UNKNOWN) {
			warnx("\"%s\" is not a field", argv[i]);
			return EXIT_USAGE;
		}
	st = open_store(&c, 0);
	if (st == NULL)
		return EXIT_FAIL;
	if (optind + 1 == argc)
		rc = staging_decide(st, argv[optind], page, FIELD_UNKNOWN,
		    NULL, who(), &total);
	for (i = optind + 1; rc == STORE_OK && i < argc; i++) {
		f = field_from_key(argv[i]);
		rc = staging_decide(st, argv[optind], 0, f, NULL, who(), &n);
		total += n;
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: %zu fields confirmed\n", total);
	store_close(st);
	return rc;
}

int
cmd_set(int argc, char **argv)
{
	struct common	 c;
	struct store	*st;
	enum field	 f;
	size_t		 n;
	int		 rc;

	rc = cmd_getopt(argc, argv, "d:h", NULL, &c);
	if (rc >= 0)
		return rc;
	if (optind + 3 != argc)
		return usage_of(argv[0], stderr);
	f = field_from_key(argv[optind + 1]);
	if (f == FIELD_UNKNOWN) {
		warnx("\"%s\" is not a field", argv[optind + 1]);
		return EXIT_USAGE;
	}
	st = open_store(&c, 0);
	if (st == NULL)
		return EXIT_FAIL;
	rc = staging_decide(st, argv[optind], 0, f, argv[optind + 2], who(),
	    &n);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	store_close(st);
	return rc;
}

int
cmd_publish(int argc, char **argv)
{
	struct staging_publish_stats	 s;
	struct common			 c;
	struct store			*st;
	struct note_signer		*signer;
	uint64_t			 batch = 10000;
	int				 rc, tty, quiet = 0;
	const struct cmd_opt		 opts[] = {
		OPT_COMMON("key", 'k'),
		OPT_COUNT("batch", 'b', &batch),
		OPT_FLAG("quiet", 'q', &quiet),
		OPT_END
	};

	rc = cmd_getopt(argc, argv, "k:b:qd:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return usage_of(argv[0], stderr);
	if (open_signed(&c, &signer, &st) != 0)
		return EXIT_FAIL;
	tty = !quiet && isatty(STDERR_FILENO);
	rc = staging_publish(st, signer, (size_t)batch, NULL, who(), &s,
	    publish_progress, &tty);
	if (tty)
		fputc('\n', stderr);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	if (!quiet || rc != 0)
		fprintf(stderr, "sogoc: %zu records published, %zu rows "
		    "already in the registry, %zu rows wait for review\n",
		    s.published, s.duplicates, s.waiting);
	note_signer_free(signer);
	store_close(st);
	return rc;
}
