/*
 * cmd_registry.c: the registry commands of sogoc (keygen, import, staged,
 * confirm, set, publish, lookup, correct, revoke, reissue, copy, requests,
 * checkpoint, proof, export, backup, audit, keys).  Each parses its
 * arguments and calls the registry module; nothing here touches LMDB or
 * OpenSSL directly.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit.h"
#include "log.h"
#include "cmd.h"
#include "field.h"
#include "note.h"
#include "proof.h"
#include "receipt.h"
#include "records.h"
#include "console.h"
#include "issue.h"
#include "request.h"
#include "server.h"
#include "serveconf.h"
#include "sharecount.h"
#include "staging.h"
#include "store.h"

#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_FATAL	3
#define EXIT_CHANGED	4	/* check-receipt --online: not true now */

#define KEYFILE_MAX	4096

/* Options every registry command understands. */
struct common {
	const char	*db;
	const char	*key;
	size_t		 mapsize;
};

#define COMMON_LONGOPTS \
	{ "db",		required_argument,	NULL, 'd' }, \
	{ "map-size",	required_argument,	NULL, 'M' }, \
	{ "help",	no_argument,		NULL, 'h' }

struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
	const char	*usage;
};

static const struct command *find_command(const char *);
static void	 publish_progress(void *, size_t, size_t);
static int	 copy_signing_of(const struct serve_config *,
		    struct copy_signing *);

static void
common_init(struct common *c)
{
	const char	*v;

	memset(c, 0, sizeof(*c));
	v = getenv("SOGOC_DB");
	c->db = v != NULL && v[0] != '\0' ? v : "sogoc.db";
	v = getenv("SOGOC_KEY");
	c->key = v != NULL && v[0] != '\0' ? v : NULL;
}

static int
usage_of(const char *name, FILE *fp)
{
	const struct command	*cmd = find_command(name);

	fprintf(fp, "%s", cmd->usage);
	fprintf(fp, "\n  -d, --db DIR     the registry (default ./sogoc.db, "
	    "or $SOGOC_DB)\n  -h, --help       this help\n");
	return fp == stdout ? 0 : EXIT_USAGE;
}

/*
 * Handles an option every command shares.  Returns 1 when handled, 0 when
 * ch is not one, -1 on a bad value (reported).
 */
static int
common_opt(struct common *c, int ch, const char *cmdname, int *exitnow)
{
	char		*end;
	unsigned long	 v;

	*exitnow = -1;
	switch (ch) {
	case 'd':
		c->db = optarg;
		return 1;
	case 'k':
		c->key = optarg;
		return 1;
	case 'M':
		errno = 0;
		v = strtoul(optarg, &end, 10);
		if (errno != 0 || *end != '\0' || v < 1 || v > 1048576) {
			warnx("--map-size: \"%s\" is not a size in MiB "
			    "(1 to 1048576)", optarg);
			*exitnow = EXIT_USAGE;
			return -1;
		}
		c->mapsize = (size_t)v << 20;
		return 1;
	case 'h':
		*exitnow = usage_of(cmdname, stdout);
		return -1;
	case '?':
	default:
		*exitnow = usage_of(cmdname, stderr);
		return -1;
	}
}

static struct store *
open_store(const struct common *c, int flags)
{
	struct store	*st;
	char		 err[512];

	if (store_open(c->db, flags, c->mapsize, &st, err, sizeof(err)) !=
	    STORE_OK) {
		warnx("%s", err);
		return NULL;
	}
	return st;
}

/* Exit status of a failed registry call, with its message. */
static int
fail(struct store *st, int rc)
{
	warnx("%s", store_errmsg(st));
	return rc == STORE_ENOMEM || rc == STORE_EIO ? EXIT_FATAL : EXIT_FAIL;
}

static const char *
who(void)
{
	const char	*u = getenv("SOGOC_USER");

	if (u == NULL || u[0] == '\0')
		u = getenv("USER");
	if (u == NULL || u[0] == '\0')
		u = getenv("LOGNAME");
	return u != NULL && u[0] != '\0' ? u : "unknown";
}

/*
 * Reads a signer key file, refusing one that others can read.  Returns
 * the signer or NULL after a message.
 */
static struct note_signer *
load_signer(const char *path)
{
	struct note_signer	*s = NULL;
	struct stat		 sb;
	char			 buf[KEYFILE_MAX + 1];
	ssize_t			 n;
	int			 fd, rc;

	if (path == NULL) {
		warnx("this command changes the log: give the signing key "
		    "with --key FILE (or $SOGOC_KEY)");
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		warn("%s", path);
		return NULL;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		warnx("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (sb.st_mode & 077) {
		warnx("%s: the signing key is readable by others (mode %04o); "
		    "run chmod 600 %s", path, (unsigned)(sb.st_mode & 07777),
		    path);
		close(fd);
		return NULL;
	}
	n = read(fd, buf, KEYFILE_MAX + 1);
	close(fd);
	if (n < 0 || n > KEYFILE_MAX) {
		warnx("%s: %s", path, n < 0 ? strerror(errno) :
		    "too large for a key");
		explicit_bzero(buf, sizeof(buf));
		return NULL;
	}
	buf[n] = '\0';
	rc = note_signer_new(buf, &s);
	explicit_bzero(buf, sizeof(buf));
	if (rc != NOTE_OK) {
		warnx("%s: not a signer key: %s", path, note_strerror(rc));
		return NULL;
	}
	return s;
}

/* Reads verifier keys, one per line ('#' comments), appending to *v. */
static int
load_verifiers(const char *path, struct note_verifier ***v, size_t *nv)
{
	struct note_verifier	**nvv, *one;
	FILE			*fp;
	char			*line = NULL, *p;
	size_t			 cap = 0, lineno = 0, got = 0;
	ssize_t			 len;
	int			 rc = 0;

	fp = fopen(path, "r");
	if (fp == NULL) {
		warn("%s", path);
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		if (strncmp(p, "PRIVATE+KEY", 11) == 0) {
			warnx("%s:%zu: this is a signer (private) key; audit "
			    "needs the verifier key", path, lineno);
			rc = -1;
			break;
		}
		if (note_verifier_new(p, &one) != NOTE_OK) {
			warnx("%s:%zu: not a verifier key", path, lineno);
			rc = -1;
			break;
		}
		nvv = reallocarray(*v, *nv + 1, sizeof(**v));
		if (nvv == NULL) {
			note_verifier_free(one);
			rc = -1;
			break;
		}
		*v = nvv;
		(*v)[(*nv)++] = one;
		got++;
	}
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	fclose(fp);
	if (rc == 0 && got == 0) {
		warnx("%s: no verifier key in it", path);
		rc = -1;
	}
	return rc;
}

static int
parse_u64(const char *s, uint64_t *v, const char *what)
{
	char			*end;
	unsigned long long	 x;

	errno = 0;
	if (s[0] < '0' || s[0] > '9') {
		warnx("%s: \"%s\" is not a number", what, s);
		return -1;
	}
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0') {
		warnx("%s: \"%s\" is not a number", what, s);
		return -1;
	}
	*v = x;
	return 0;
}

static void
print_json(json_t *o)
{
	char	*s = json_dumps(o, JSON_COMPACT);

	if (s != NULL)
		printf("%s\n", s);
	free(s);
}

/* Writes text to path, created with mode and never overwritten. */
static int
write_new(const char *path, const char *text, mode_t mode)
{
	size_t	 len = strlen(text);
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd == -1) {
		warn("%s%s", path, errno == EEXIST ?
		    " (keys are never overwritten; use a new --out "
		    "directory)" : "");
		return -1;
	}
	if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    fsync(fd) == -1) {
		warn("%s", path);
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

static int
cmd_keygen(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name",	required_argument,	NULL, 'n' },
		{ "out",	required_argument,	NULL, 'o' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	const char	*name = NULL, *out = NULL;
	char		*skey = NULL, *vkey = NULL, sp[PATH_MAX], vp[PATH_MAX];
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "n:o:d:h", longopts, NULL)) != -1) {
		if (ch == 'n')
			name = optarg;
		else if (ch == 'o')
			out = optarg;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (name == NULL || out == NULL || optind != argc)
		return usage_of(argv[0], stderr);
	rc = note_keygen(name, &skey, &vkey);
	if (rc != NOTE_OK) {
		warnx("cannot make a key named \"%s\": %s", name,
		    note_strerror(rc));
		return EXIT_FAIL;
	}
	rc = EXIT_FAIL;
	if (mkdir(out, 0700) == -1 && errno != EEXIST) {
		warn("%s", out);
		goto done;
	}
	if (snprintf(sp, sizeof(sp), "%s/signer.key", out) >= (int)sizeof(sp) ||
	    snprintf(vp, sizeof(vp), "%s/verifier.pub", out) >=
	    (int)sizeof(vp)) {
		warnx("%s: path too long", out);
		goto done;
	}
	if (access(sp, F_OK) == 0 || access(vp, F_OK) == 0) {
		warnx("%s already holds a key; keys are never overwritten "
		    "(use a new --out directory)", out);
		goto done;
	}
	if (write_new(sp, skey, 0600) != 0)
		goto done;
	if (write_new(vp, vkey, 0644) != 0) {
		unlink(sp);
		goto done;
	}
	printf("%s\n", vkey);
	fprintf(stderr, "sogoc: signer key in %s (keep it secret), verifier "
	    "key in %s (publish it)\n", sp, vp);
	rc = 0;
done:
	explicit_bzero(skey, strlen(skey));
	free(skey);
	free(vkey);
	return rc;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "csv",		no_argument,		NULL, 'C' },
		{ "jsonl",		no_argument,		NULL, 'J' },
		{ "type",		required_argument,	NULL, 't' },
		{ "year",		required_argument,	NULL, 'y' },
		{ "authority",		required_argument,	NULL, 'a' },
		{ "decision",		required_argument,	NULL, 'D' },
		{ "decision-date",	required_argument,	NULL, 'T' },
		{ "sources",		required_argument,	NULL, 's' },
		{ "double-key",		no_argument,		NULL, '2' },
		{ "publish",		no_argument,		NULL, 'P' },
		{ "key",		required_argument,	NULL, 'k' },
		{ "batch",		required_argument,	NULL, 'b' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	struct staging_volume		 vol = { 0 };
	struct staging_import_stats	 s;
	struct staging_publish_stats	 ps;
	struct common			 c;
	struct store			*st;
	struct note_signer		*signer = NULL;
	const char			*sources = NULL;
	uint64_t			 y, batch = 50000;
	int				 ch, x, i, rc = 0, r, fmt = 0;
	int				 publish = 0, tty;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "t:y:a:s:k:d:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'P':
			publish = 1;
			break;
		case 'b':
			if (parse_u64(optarg, &batch, "--batch") != 0 ||
			    batch == 0)
				return EXIT_USAGE;
			break;
		case 'C':
			fmt = 'C';
			break;
		case 'J':
			fmt = 'J';
			break;
		case 't':
			vol.type = optarg;
			break;
		case 'y':
			if (parse_u64(optarg, &y, "--year") != 0)
				return EXIT_USAGE;
			vol.year = y > 9999 ? 0 : (int)y;
			break;
		case 'a':
			vol.authority = optarg;
			break;
		case 'D':
			vol.decision = optarg;
			break;
		case 'T':
			vol.decision_date = optarg;
			break;
		case 's':
			sources = optarg;
			break;
		case '2':
			vol.double_key = 1;
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0)
				return x;
		}
	}
	if (optind == argc)
		return usage_of(argv[0], stderr);
	if (publish) {
		for (i = optind; i < argc; i++)
			if (fmt == 'J' || (fmt == 0 &&
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
	tty = isatty(STDERR_FILENO);
	for (i = optind; i < argc; i++) {
		if (publish) {
			r = staging_import_csv_publish(st, argv[i], &vol,
			    who(), signer, (size_t)batch, &s, &ps,
			    publish_progress, &tty);
			if (tty)
				fputc('\n', stderr);
			if (r != STORE_OK) {
				rc = fail(st, r);
				warnx("%s: %s", argv[i], ps.published ?
				    "stopped part way; what was published is "
				    "signed, run the import again to finish" :
				    "nothing was published from it");
				continue;
			}
			fprintf(stderr, "sogoc: %s: %zu rows: %zu records "
			    "published, %zu rows already published, %zu "
			    "the same person's record as an earlier row; log "
			    "size %" PRIu64 "\n", argv[i], s.rows, ps.published,
			    s.published, ps.duplicates, ps.size);
			continue;
		}
		if (fmt == 'C' || (fmt == 0 && ends_with(argv[i], ".csv")))
			r = staging_import_csv(st, argv[i], &vol, who(), &s);
		else
			r = staging_import_jsonl(st, argv[i], stdin, sources,
			    &vol, who(), &s);
		if (r != STORE_OK) {
			rc = fail(st, r);
			warnx("%s: nothing was imported from it", argv[i]);
			continue;
		}
		fprintf(stderr, "sogoc: %s: %zu rows: %zu new, %zu restaged, "
		    "%zu unchanged, %zu kept (decided by a person), %zu "
		    "already published; %zu wait for review; %zu pages to "
		    "key by hand\n", argv[i], s.rows, s.added, s.replaced,
		    s.unchanged, s.kept, s.published, s.review, s.keypages);
		if (staging_mostly_hand(&s) && !vol.double_key)
			fprintf(stderr, "sogoc: %s: %zu of %zu rows are "
			    "handwritten: consider double keying (import "
			    "again with --double-key: two reviewers key each "
			    "flagged field blind)\n", argv[i], s.hand, s.rows);
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

static int
cmd_staged(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all",	no_argument,	NULL, 'a' },
		{ "json",	no_argument,	NULL, 'j' },
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct staged_ui	 ui = { 0, 0 };
	struct common		 c;
	struct store		*st;
	int			 ch, x, all = 0, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "ajd:h", longopts, NULL)) != -1) {
		if (ch == 'a')
			all = 1;
		else if (ch == 'j')
			ui.json = 1;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = staging_list(st, all, staged_row, &ui);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else if (!ui.json)
		fprintf(stderr, "sogoc: %zu staged rows%s\n", ui.n,
		    all ? "" : " not yet published");
	store_close(st);
	return rc;
}

static int
cmd_confirm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "page",	no_argument,	NULL, 'p' },
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	enum field	 f = FIELD_UNKNOWN;
	size_t		 n, total = 0;
	int		 ch, x, i, page = 0, rc = 0;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "pd:h", longopts, NULL)) != -1) {
		if (ch == 'p')
			page = 1;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
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

static int
cmd_set(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	enum field	 f;
	size_t		 n;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1)
		if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
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

static void
publish_progress(void *arg, size_t done, size_t total)
{
	if (*(int *)arg)
		fprintf(stderr, "\rsogoc: published %zu of %zu rows", done,
		    total);
}

/* The signer key of c and the registry opened to write: 0, or -1 with
 * nothing left open. */
static int
open_signed(struct common *c, struct note_signer **signer,
    struct store **st)
{
	*signer = load_signer(c->key);
	if (*signer == NULL)
		return -1;
	*st = open_store(c, 0);
	if (*st == NULL) {
		note_signer_free(*signer);
		*signer = NULL;
		return -1;
	}
	return 0;
}

static int
cmd_publish(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "key",	required_argument,	NULL, 'k' },
		{ "batch",	required_argument,	NULL, 'b' },
		{ "quiet",	no_argument,		NULL, 'q' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct staging_publish_stats	 s;
	struct common			 c;
	struct store			*st;
	struct note_signer		*signer;
	uint64_t			 batch = 10000;
	int				 ch, x, rc, tty, quiet = 0;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "k:b:qd:h", longopts, NULL)) !=
	    -1) {
		if (ch == 'b') {
			if (parse_u64(optarg, &batch, "--batch") != 0 ||
			    batch == 0)
				return EXIT_USAGE;
		} else if (ch == 'q')
			quiet = 1;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
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

/* Signs the heads a registry written before them lacks (store.h). */
static int
cmd_heads(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sign",	no_argument,		NULL, 's' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "key",	required_argument,	NULL, 'k' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common		 c;
	struct store		*st;
	struct note_signer	*signer;
	uint64_t		 n = 0;
	int			 ch, x, rc, sign = 0, all = 0;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "sak:d:h", longopts, NULL)) !=
	    -1) {
		if (ch == 's')
			sign = 1;
		else if (ch == 'a')
			all = 1;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc || !sign)
		return usage_of(argv[0], stderr);
	if (open_signed(&c, &signer, &st) != 0)
		return EXIT_FAIL;
	rc = store_heads_sign(st, signer, all, &n);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: %" PRIu64 " record heads signed\n", n);
	note_signer_free(signer);
	store_close(st);
	return rc;
}

/* Finds the one record that --serial or --record names. */
static int
one_record(struct store *st, const char *serial, uint64_t record,
    uint64_t *out)
{
	uint64_t	*recs;
	size_t		 n;
	int		 rc;

	if (serial == NULL) {
		*out = record;
		return STORE_OK;
	}
	rc = records_find(st, serial, NULL, NULL, &recs, &n);
	if (rc != STORE_OK)
		return rc;
	*out = recs[0];
	free(recs);
	return STORE_OK;
}

static int
cmd_lookup(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "serial",	required_argument,	NULL, 's' },
		{ "name",	required_argument,	NULL, 'n' },
		{ "dob",	required_argument,	NULL, 'b' },
		{ "record",	required_argument,	NULL, 'r' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL, *name = NULL, *dob = NULL;
	uint64_t	*recs = NULL, record = 0;
	size_t		 n = 0, i;
	json_t		*o;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "s:n:b:r:d:h", longopts, NULL)) !=
	    -1) {
		if (ch == 's')
			serial = optarg;
		else if (ch == 'n')
			name = optarg;
		else if (ch == 'b')
			dob = optarg;
		else if (ch == 'r') {
			if (parse_u64(optarg, &record, "--record") != 0)
				return EXIT_USAGE;
		} else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc || ((serial != NULL) + (name != NULL) +
	    (record != 0) != 1) || ((name == NULL) != (dob == NULL)))
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (record != 0) {
		recs = malloc(sizeof(*recs));
		if (recs == NULL)
			err(EXIT_FATAL, NULL);
		recs[0] = record;
		n = 1;
		rc = STORE_OK;
	} else
		rc = records_find(st, serial, name, dob, &recs, &n);
	for (i = 0; rc == STORE_OK && i < n; i++) {
		rc = records_json(st, recs[i], &o);
		if (rc == STORE_OK)
			print_json(o);
		json_decref(o);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	free(recs);
	store_close(st);
	return rc;
}

/* correct, revoke and reissue share everything but their checks. */
static int
change(int argc, char **argv, enum event_kind kind)
{
	static const struct option longopts[] = {
		{ "serial",		required_argument,	NULL, 's' },
		{ "record",		required_argument,	NULL, 'r' },
		{ "decision",		required_argument,	NULL, 'D' },
		{ "decision-date",	required_argument,	NULL, 'T' },
		{ "reason",		required_argument,	NULL, 'R' },
		{ "set",		required_argument,	NULL, 'S' },
		{ "new-serial",		required_argument,	NULL, 'N' },
		{ "key",		required_argument,	NULL, 'k' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	struct records_change	 ch = { 0 };
	struct common		 c;
	struct store		*st = NULL;
	struct note_signer	*signer = NULL;
	const char		*serial = NULL;
	uint64_t		 record = 0, index;
	enum field		 f;
	char			*eq;
	int			 o, x, rc;

	common_init(&c);
	ch.kind = kind;
	while ((o = getopt_long(argc, argv, "s:r:k:d:h", longopts, NULL)) !=
	    -1) {
		switch (o) {
		case 's':
			serial = optarg;
			break;
		case 'r':
			if (parse_u64(optarg, &record, "--record") != 0)
				return EXIT_USAGE;
			break;
		case 'D':
			ch.decision = optarg;
			break;
		case 'T':
			ch.decision_date = optarg;
			break;
		case 'R':
			ch.reason = optarg;
			break;
		case 'N':
			ch.set[FIELD_SERIAL_NO] = optarg;
			break;
		case 'S':
			eq = strchr(optarg, '=');
			if (eq == NULL || kind != EVENT_CORRECT) {
				warnx("--set takes FIELD=VALUE, and only "
				    "with correct");
				return EXIT_USAGE;
			}
			*eq = '\0';
			f = field_from_key(optarg);
			if (f == FIELD_UNKNOWN) {
				warnx("\"%s\" is not a field", optarg);
				return EXIT_USAGE;
			}
			ch.set[f] = eq + 1;
			break;
		default:
			if (common_opt(&c, o, argv[0], &x) < 0)
				return x;
		}
	}
	if (optind != argc || (serial == NULL) == (record == 0))
		return usage_of(argv[0], stderr);
	signer = load_signer(c.key);
	if (signer == NULL)
		return EXIT_FAIL;
	st = open_store(&c, 0);
	if (st == NULL) {
		note_signer_free(signer);
		return EXIT_FAIL;
	}
	ch.by = who();
	rc = one_record(st, serial, record, &record);
	if (rc == STORE_OK)
		rc = records_change(st, signer, record, &ch, &index);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: record %" PRIu64 ": %s logged as event "
		    "%" PRIu64 "\n", record, event_kind_name(kind), index);
	note_signer_free(signer);
	store_close(st);
	return rc;
}

static int
cmd_correct(int argc, char **argv)
{
	return change(argc, argv, EVENT_CORRECT);
}

static int
cmd_revoke(int argc, char **argv)
{
	return change(argc, argv, EVENT_REVOKE);
}

static int
cmd_reissue(int argc, char **argv)
{
	return change(argc, argv, EVENT_REISSUE);
}

static int
cmd_checkpoint(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size",	required_argument,	NULL, 'n' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	MDB_txn		*txn;
	uint64_t	 size = 0, got;
	char		*note = NULL;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "n:d:h", longopts, NULL)) != -1) {
		if (ch == 'n') {
			if (parse_u64(optarg, &size, "--size") != 0 ||
			    size == 0)
				return EXIT_USAGE;
		} else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = store_rd_begin(st, &txn);
	if (rc == STORE_OK) {
		rc = store_checkpoint(st, txn, size, &note, &got);
		mdb_txn_abort(txn);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fputs(note, stdout);
	free(note);
	store_close(st);
	return rc;
}

/* Parses --reveal's comma-separated field list into a mask. */
static int
parse_reveal(const char *s, uint32_t *mask)
{
	char		*dup, *p, *tok;
	enum field	 f;
	int		 rc = 0;

	*mask = 0;
	dup = strdup(s);
	if (dup == NULL)
		err(EXIT_FATAL, NULL);
	for (p = dup; p != NULL && rc == 0;) {
		tok = strsep(&p, ",");
		if (tok[0] == '\0')
			continue;
		f = field_from_key(tok);
		if (f == FIELD_UNKNOWN) {
			warnx("--reveal: \"%s\" is not a field", tok);
			rc = -1;
		} else
			*mask |= 1u << f;
	}
	free(dup);
	return rc;
}

static int
cmd_proof(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "serial",		required_argument,	NULL, 's' },
		{ "record",		required_argument,	NULL, 'r' },
		{ "index",		required_argument,	NULL, 'i' },
		{ "consistency",	required_argument,	NULL, 'c' },
		{ "size",		required_argument,	NULL, 'n' },
		{ "reveal",		required_argument,	NULL, 'v' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*serial = NULL;
	uint64_t	 record = 0, index = UINT64_MAX, old = 0, size = 0, li;
	uint32_t	 reveal = PROOF_DEFAULT;
	struct event	 ev;
	MDB_txn		*txn;
	json_t		*o = NULL;
	int		 ch, x, rc, modes;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "s:r:i:c:n:v:d:h", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			serial = optarg;
			break;
		case 'r':
			if (parse_u64(optarg, &record, "--record") != 0)
				return EXIT_USAGE;
			break;
		case 'i':
			if (parse_u64(optarg, &index, "--index") != 0)
				return EXIT_USAGE;
			break;
		case 'c':
			if (parse_u64(optarg, &old, "--consistency") != 0 ||
			    old == 0) {
				warnx("--consistency takes the old tree size "
				    "(at least 1)");
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (parse_u64(optarg, &size, "--size") != 0 ||
			    size == 0)
				return EXIT_USAGE;
			break;
		case 'v':
			if (parse_reveal(optarg, &reveal) != 0)
				return EXIT_USAGE;
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0)
				return x;
		}
	}
	modes = (serial != NULL) + (record != 0) + (index != UINT64_MAX) +
	    (old != 0);
	if (optind != argc || modes != 1)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (old != 0)
		rc = proof_consistency(st, old, size, &o);
	else {
		rc = STORE_OK;
		if (index == UINT64_MAX) {
			/* A record's proof is of its latest event. */
			rc = one_record(st, serial, record, &record);
			if (rc == STORE_OK)
				rc = store_rd_begin(st, &txn);
			if (rc == STORE_OK) {
				rc = store_record(st, txn, record, &ev, &li);
				event_clear(&ev);
				mdb_txn_abort(txn);
				index = li;
			}
		}
		if (rc == STORE_OK)
			rc = proof_inclusion(st, index, size, reveal, &o);
	}
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		print_json(o);
	json_decref(o);
	store_close(st);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "out",	required_argument,	NULL, 'o' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	const char	*out = NULL;
	size_t		 n;
	FILE		*fp = stdout;
	int		 ch, x, rc, format = RECORDS_JSONL;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "f:o:d:h", longopts, NULL)) !=
	    -1) {
		if (ch == 'f') {
			if (strcmp(optarg, "jsonl") == 0)
				format = RECORDS_JSONL;
			else if (strcmp(optarg, "csv") == 0)
				format = RECORDS_CSV;
			else {
				warnx("--format is jsonl or csv");
				return EXIT_USAGE;
			}
		} else if (ch == 'o')
			out = optarg;
		else if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	}
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (out != NULL) {
		fp = fopen(out, "wx");
		if (fp == NULL) {
			warn("%s", out);
			store_close(st);
			return EXIT_FAIL;
		}
	}
	rc = records_export(st, fp, format, &n);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	if (fflush(fp) != 0 || (out != NULL && fclose(fp) != 0)) {
		warn("%s", out ? out : "stdout");
		rc = EXIT_FATAL;
	}
	if (rc == 0)
		fprintf(stderr, "sogoc: %zu records exported\n", n);
	store_close(st);
	return rc;
}

static int
cmd_backup(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	int		 ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1)
		if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	if (optind + 1 != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = records_backup(st, argv[optind]);
	if (rc != STORE_OK)
		rc = fail(st, rc);
	else
		fprintf(stderr, "sogoc: compacted copy of %s written to %s\n",
		    c.db, argv[optind]);
	store_close(st);
	return rc;
}

static void
audit_problem(void *arg, const char *msg)
{
	size_t	*shown = arg;

	if ((*shown)++ < 100)
		printf("FAIL %s\n", msg);
}

static int
cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pub",	required_argument,	NULL, 'p' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct audit_report	  r = { 0 };
	struct note_verifier	**v = NULL;
	struct common		  c;
	struct store		 *st;
	size_t			  nv = 0, i, shown = 0;
	int			  ch, x, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "p:d:h", longopts, NULL)) != -1) {
		if (ch == 'p') {
			if (load_verifiers(optarg, &v, &nv) != 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		} else if (common_opt(&c, ch, argv[0], &x) < 0) {
			rc = x;
			goto out;
		}
	}
	if (optind != argc || nv == 0) {
		if (nv == 0)
			warnx("audit needs the log's verifier key(s): --pub "
			    "FILE");
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL) {
		rc = EXIT_FATAL;
		goto out;
	}
	r.problem = audit_problem;
	r.arg = &shown;
	rc = audit_run(st, v, nv, &r);
	if (rc != STORE_OK) {
		warnx("audit could not run: %s", store_errmsg(st));
		rc = EXIT_FATAL;
	} else {
		if (shown > 100)
			printf("FAIL ... and %zu more problems\n", shown - 100);
		printf("%s: %" PRIu64 " events, %" PRIu64 " hashes, %" PRIu64
		    " checkpoints, %" PRIu64 " records, %" PRIu64 " heads; %zu "
		    "problems\n", r.problems ? "audit FAILED" : "audit passed",
		    r.events, r.hashes, r.checkpoints, r.records, r.heads,
		    r.problems);
		rc = r.problems ? EXIT_FAIL : 0;
	}
	store_close(st);
out:
	for (i = 0; i < nv; i++)
		note_verifier_free(v[i]);
	free(v);
	return rc;
}

static int
cmd_keys(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL,		0,		NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	MDB_txn		*txn;
	MDB_cursor	*cur;
	MDB_val		 k, v;
	int		 ch, x, rc, op = MDB_FIRST;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1)
		if (common_opt(&c, ch, argv[0], &x) < 0)
			return x;
	if (optind != argc)
		return usage_of(argv[0], stderr);
	st = open_store(&c, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK) {
		rc = fail(st, rc);
		goto out;
	}
	rc = mdb_cursor_open(txn, st->dbi[DB_KEYS], &cur);
	while (rc == 0 && mdb_cursor_get(cur, &k, &v, op) == 0) {
		op = MDB_NEXT;
		printf("%.*s", (int)k.mv_size, (char *)k.mv_data);
		if (v.mv_size == 8)
			printf("\t# first signed size %" PRIu64,
			    store_get_u64(v.mv_data));
		printf("\n");
	}
	if (rc == 0)
		mdb_cursor_close(cur);
	mdb_txn_abort(txn);
	rc = 0;
out:
	store_close(st);
	return rc;
}

static volatile sig_atomic_t	 serve_stop;

/* Lets the server hold want descriptors, as far as the hard limit allows:
 * with the usual soft limit of 1,024 a burst of clients would be refused
 * long before --max-connections. */
static void
raise_nofile(rlim_t want)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want ?
	    rl.rlim_max : want;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
		warnx("only %llu file descriptors: fewer connections than "
		    "--max-connections can be served",
		    (unsigned long long)rl.rlim_cur);
}

static void
serve_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

/*
 * Reads the config file of --config (-c) into cf first, wherever it is on
 * the command line, so that the other options override it; then rewinds
 * getopt.  0, or -1 after a message.
 */
static int
config_first(int argc, char **argv, const char *shortopts,
    const struct option *longopts, struct serve_config *cf)
{
	char	 err[512];
	int	 ch, rc = 0;

	opterr = 0;
	while (rc == 0 && (ch = getopt_long(argc, argv, shortopts, longopts,
	    NULL)) != -1)
		if (ch == 'c' && serve_config_load(cf, optarg, err,
		    sizeof(err)) != 0) {
			warnx("%s", err);
			rc = -1;
		}
	opterr = 1;
	optind = 0;
	return rc;
}

static int
cmd_serve(int argc, char **argv)
{
	/* Every setting is also a config file key of the same name. */
	static const struct option longopts[] = {
		{ "listen",		required_argument,	NULL, 'l' },
		{ "threads",		required_argument,	NULL, 't' },
		{ "rate",		required_argument,	NULL, 'r' },
		{ "burst",		required_argument,	NULL, 'b' },
		{ "per-ip",		required_argument,	NULL, 'S' },
		{ "timeout",		required_argument,	NULL, 'S' },
		{ "max-connections",	required_argument,	NULL, 'S' },
		{ "trusted-proxy",	required_argument,	NULL, 'S' },
		{ "staff-trusted-proxy", required_argument,	NULL, 'S' },
		{ "ocr-jobs",		required_argument,	NULL, 'S' },
		{ "metrics-listen",	required_argument,	NULL, 'S' },
		{ "ask-limit",		required_argument,	NULL, 'S' },
		{ "staff-listen",	required_argument,	NULL, 'S' },
		{ "key",		required_argument,	NULL, 'S' },
		{ "scans",		required_argument,	NULL, 'S' },
		{ "public-url",		required_argument,	NULL, 'S' },
		{ "copy-key",		required_argument,	NULL, 'S' },
		{ "copy-cert",		required_argument,	NULL, 'S' },
		{ "copy-chain",		required_argument,	NULL, 'S' },
		{ "copy-signer",	required_argument,	NULL, 'S' },
		{ "copy-signer-title",	required_argument,	NULL, 'S' },
		{ "copy-place",		required_argument,	NULL, 'S' },
		{ "access-log",		no_argument,		NULL, 'B' },
		{ "secure-cookie",	no_argument,		NULL, 'B' },
		{ "syslog",		no_argument,		NULL, 'L' },
		{ "config",		required_argument,	NULL, 'c' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	static const char	 shortopts[] = "l:t:r:b:c:d:h";
	struct serve_config	 cf;
	struct console_opts	 co;
	struct copy_signing	 cs = { 0 };
	struct console		*console = NULL;
	struct sharecount	*counter = NULL;
	struct note_signer	*signer = NULL;
	struct sigaction	 sa;
	struct common		 c;
	struct store		*st;
	const char		*key, *val;
	char			 err[512];
	int			 ch, x, idx, rc = EXIT_USAGE;

	common_init(&c);
	serve_config_init(&cf);
	if (config_first(argc, argv, shortopts, longopts, &cf) != 0)
		goto out;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, &idx)) !=
	    -1) {
		key = NULL;
		val = optarg;
		switch (ch) {
		case 'l':
			key = "listen";
			break;
		case 't':
			key = "threads";
			break;
		case 'r':
			key = "rate";
			break;
		case 'b':
			key = "burst";
			break;
		case 'S':
			key = longopts[idx].name;
			break;
		case 'B':
			key = longopts[idx].name;
			val = "true";
			break;
		case 'L':
			key = "log";
			val = "syslog";
			break;
		case 'c':
			break;
		case 'd':
			/* The command line's --db after the file's. */
			key = "db";
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0) {
				rc = x;
				goto out;
			}
		}
		if (key != NULL && serve_config_set(&cf, key, val, err,
		    sizeof(err)) != 0) {
			warnx("--%s", err);
			goto out;
		}
	}
	if (optind != argc) {
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	if (cf.db != NULL)
		c.db = cf.db;
	rc = EXIT_FAIL;
	log_open("sogoc serve", cf.syslog);
	raise_nofile(cf.o.max_conns + (cf.staff ? CONSOLE_CONNS_MAX : 0) +
	    64);
	if (cf.key != NULL && !cf.staff) {
		warnx("--key is for the staff console: give --staff-listen");
		goto out;
	}
	if (cf.key != NULL && (signer = load_signer(cf.key)) == NULL)
		goto out;
	/* The console writes; the command line may write between. */
	st = open_store(&c, cf.staff ? STORE_SHARED : STORE_RDONLY);
	if (st == NULL)
		goto out;
	if (cf.staff) {
		memset(&co, 0, sizeof(co));
		co.addr = cf.staff_addr;
		co.port = cf.staff_port;
		co.timeout = cf.o.timeout;
		co.signer = signer;
		co.scans = cf.scans;
		co.public_url = cf.public_url;
		co.secure_cookie = cf.secure_cookie;
		co.proxies = cf.staff_proxies;
		co.ocr_jobs = cf.ocr_jobs;
		if (cf.copy_key != NULL) {
			if (copy_signing_of(&cf, &cs) != 0) {
				store_close(st);
				goto out;
			}
			co.copy = &cs;
		}
		if (cf.staff_port == cf.o.port) {
			warnx("the staff console needs a port of its own, not "
			    "the public one (%u)", cf.o.port);
			store_close(st);
			goto out;
		}
		/* Share codes' openings: counted in memory, written in
		 * batches, so that views never take the writer's lock. */
		if (sharecount_start(st, SHARECOUNT_INTERVAL_MS, &counter) !=
		    STORE_OK) {
			log_msg(LOG_ERR, "%s", store_errmsg(st));
			store_close(st);
			rc = EXIT_FATAL;
			goto out;
		}
		console = console_start(st, &co, err, sizeof(err));
		if (console == NULL) {
			log_msg(LOG_ERR, "staff console: %s", err);
			sharecount_stop(counter);
			store_close(st);
			rc = EXIT_FATAL;
			goto out;
		}
		log_msg(LOG_INFO, "staff console on %s:%u%s", cf.staff_addr ?
		    cf.staff_addr : "127.0.0.1", cf.staff_port, signer ? "" :
		    " (no --key: nothing can be published)");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = serve_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	cf.o.public_url = cf.public_url;
	rc = server_run(st, &cf.o, &serve_stop, err, sizeof(err));
	if (rc != 0)
		log_msg(LOG_ERR, "%s", err);
	console_stop(console);
	/* After the last view: what is pending is written now. */
	if (sharecount_stop(counter) != STORE_OK)
		log_msg(LOG_ERR, "share codes' latest openings were not "
		    "counted: %s", store_errmsg(st));
	store_close(st);
	rc = rc == 0 ? 0 : EXIT_FATAL;
out:
	copy_signing_clear(&cs);
	note_signer_free(signer);
	log_close();
	serve_config_clear(&cf);
	return rc;
}

/* The signing of copies from cf: 0, or -1 after a message. */
static int
copy_signing_of(const struct serve_config *cf, struct copy_signing *cs)
{
	char	 err[512];

	if (serve_config_copy_signing(cf, cs, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return -1;
	}
	return 0;
}

/* Writes len bytes of pdf to path whole, or not at all. */
static int
write_whole(const char *path, const uint8_t *pdf, size_t len)
{
	char	 tmp[4096];
	FILE	*fp;
	int	 ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		warnx("%s: the name is too long", path);
		return -1;
	}
	fp = fopen(tmp, "wb");
	if (fp == NULL) {
		warn("%s", tmp);
		return -1;
	}
	ok = fwrite(pdf, 1, len, fp) == len;
	ok = fflush(fp) == 0 && fsync(fileno(fp)) == 0 && ok;
	ok = fclose(fp) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		warn("%s", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
cmd_copy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "serial",		required_argument,	NULL, 's' },
		{ "record",		required_argument,	NULL, 'r' },
		{ "out",		required_argument,	NULL, 'o' },
		{ "fetch",		required_argument,	NULL, 'F' },
		{ "config",		required_argument,	NULL, 'c' },
		{ "key",		required_argument,	NULL, 'k' },
		{ "copy-key",		required_argument,	NULL, 'S' },
		{ "copy-cert",		required_argument,	NULL, 'S' },
		{ "copy-chain",		required_argument,	NULL, 'S' },
		{ "copy-signer",	required_argument,	NULL, 'S' },
		{ "copy-signer-title",	required_argument,	NULL, 'S' },
		{ "copy-place",		required_argument,	NULL, 'S' },
		{ "public-url",		required_argument,	NULL, 'S' },
		COMMON_LONGOPTS,
		{ NULL,			0,			NULL, 0 }
	};
	static const char	 shortopts[] = "s:r:o:c:k:d:h";
	struct serve_config	 cf;
	struct copy_signing	 cs = { 0 };
	struct copy_result	 res;
	struct common		 c;
	struct store		*st = NULL;
	struct note_signer	*signer = NULL;
	const char		*serial = NULL, *out = NULL;
	uint64_t		 record = 0, fetch = 0;
	uint8_t			*pdf = NULL;
	size_t			 len;
	char			 err[512];
	char			 disp[SHARE_DISPLAY_LEN + 1];
	int			 ch, x, idx, rc = EXIT_USAGE;

	common_init(&c);
	serve_config_init(&cf);
	if (config_first(argc, argv, shortopts, longopts, &cf) != 0)
		goto out;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, &idx)) !=
	    -1) {
		switch (ch) {
		case 's':
			serial = optarg;
			break;
		case 'r':
			if (parse_u64(optarg, &record, "--record") != 0)
				goto out;
			break;
		case 'o':
			out = optarg;
			break;
		case 'F':
			if (parse_u64(optarg, &fetch, "--fetch") != 0)
				goto out;
			break;
		case 'c':
			break;
		case 'k':
			free(cf.key);
			cf.key = strdup(optarg);
			break;
		case 'S':
			if (serve_config_set(&cf, longopts[idx].name, optarg,
			    err, sizeof(err)) != 0) {
				warnx("--%s", err);
				goto out;
			}
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0) {
				rc = x;
				goto out;
			}
		}
	}
	if (optind != argc || out == NULL || (fetch != 0) == (serial != NULL ||
	    record != 0) || (fetch == 0 && (serial == NULL) == (record == 0))) {
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	if (cf.db != NULL)
		c.db = cf.db;
	rc = EXIT_FAIL;
	if (fetch != 0) {
		st = open_store(&c, STORE_RDONLY);
		if (st == NULL)
			goto out;
		if ((x = copy_fetch(st, fetch, &pdf, &len)) != STORE_OK)
			rc = fail(st, x);
		else if (write_whole(out, pdf, len) == 0)
			rc = 0;
		goto out;
	}
	if ((signer = load_signer(cf.key != NULL ? cf.key : c.key)) == NULL ||
	    copy_signing_of(&cf, &cs) != 0)
		goto out;
	st = open_store(&c, 0);
	if (st == NULL)
		goto out;
	x = one_record(st, serial, record, &record);
	if (x == STORE_OK)
		x = copy_issue(st, signer, &cs, record, who(), 0, NULL, NULL,
		    &res);
	if (x == STORE_OK)
		x = copy_fetch(st, res.index, &pdf, &len);
	if (x != STORE_OK) {
		rc = fail(st, x);
		goto out;
	}
	share_display(res.code, disp);
	fprintf(stderr, "sogoc: record %" PRIu64 ": copy %s logged as event "
	    "%" PRIu64 "; its code %s (on its QR code, for good)\n", record,
	    res.copy_no, res.index, disp);
	if (write_whole(out, pdf, len) != 0) {
		warnx("the copy is kept in the registry: sogoc copy --fetch %"
		    PRIu64 " --out FILE writes it", res.index);
		goto out;
	}
	rc = 0;
out:
	free(pdf);
	copy_signing_clear(&cs);
	note_signer_free(signer);
	store_close(st);
	serve_config_clear(&cf);
	return rc;
}

static int
cmd_requests(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pending",	no_argument,		NULL, 'p' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "purge",	required_argument,	NULL, 'P' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct common	 c;
	struct store	*st;
	json_t		*list, *o;
	const char	*state;
	char		 when[32], *line;
	uint64_t	 days = 0;
	size_t		 i, n;
	int		 ch, x, pending = 0, json = 0, purge = 0, rc;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "pjd:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			pending = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'P':
			if (parse_u64(optarg, &days, "--purge") != 0 ||
			    days > 36500)
				return EXIT_USAGE;
			purge = 1;
			break;
		default:
			if (common_opt(&c, ch, argv[0], &x) < 0)
				return x;
		}
	}
	if (optind != argc || (purge && (pending || json)))
		return usage_of(argv[0], stderr);
	st = open_store(&c, purge ? 0 : STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	if (purge) {
		rc = copyreq_purge(st, (int64_t)time(NULL) -
		    (int64_t)days * 86400, &n);
		if (rc == STORE_OK)
			fprintf(stderr, "sogoc: the personal data of %zu "
			    "request%s decided more than %" PRIu64 " days ago "
			    "erased\n", n, n == 1 ? "" : "s", days);
		else
			rc = fail(st, rc);
		store_close(st);
		return rc;
	}
	rc = copyreq_list(st, &list);
	if (rc != STORE_OK) {
		rc = fail(st, rc);
		store_close(st);
		return rc;
	}
	json_array_foreach(list, i, o) {
		state = json_string_value(json_object_get(o, "state"));
		if (pending && (state == NULL || strcmp(state, "pending") != 0))
			continue;
		if (json) {
			line = json_dumps(o, JSON_COMPACT);
			if (line != NULL)
				printf("%s\n", line);
			free(line);
			continue;
		}
		records_iso_time(json_integer_value(json_object_get(o,
		    "created")), when, sizeof(when));
		printf("%" JSON_INTEGER_FORMAT "\t%s\t%s\t%s\t%s\n",
		    json_integer_value(json_object_get(o, "id")), when,
		    state != NULL ? state : "?",
		    json_string_value(json_object_get(o, "year")) != NULL ?
		    json_string_value(json_object_get(o, "year")) : "",
		    json_string_value(json_object_get(o, "full_name")) != NULL ?
		    json_string_value(json_object_get(o, "full_name")) :
		    "(erased)");
	}
	json_decref(list);
	store_close(st);
	return 0;
}

/* The receipt's disclosed value of field key, or NULL. */
static const char *
receipt_value(json_t *r, const char *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(r, obj), key), "value"));
}

/* What a receipt that checked says, and as of when (receipt_check.h). */
static void
print_receipt(json_t *r, const struct receipt_facts *f)
{
	const char	*serial, *dec, *date, *why, *now;
	json_t		*ev = json_object_get(r, "event");
	int		 replaced = strcmp(f->status, "replaced") == 0;

	now = receipt_value(r, "disclosed", "serial_no");
	serial = replaced ? receipt_value(r, "replaced", "serial_no") : now;
	dec = json_string_value(json_object_get(ev, "decision"));
	date = json_string_value(json_object_get(ev, "decision_date"));
	why = json_string_value(json_object_get(ev, "reason"));
	printf("receipt verified: %s is %s", serial != NULL ? serial :
	    "the diploma", f->status);
	if (replaced)
		printf(": reissued as %s", now != NULL ? now : "?");
	if ((replaced || strcmp(f->status, "revoked") == 0) && dec != NULL)
		printf("%sdecision %s%s%s", replaced ? ", " : ": ", dec,
		    date != NULL ? " of " : "", date != NULL ? date : "");
	if (strcmp(f->status, "revoked") == 0 && why != NULL)
		printf(", reason: %s", why);
	printf("\nproved: %s\n", f->proved);
	/* The head, of the checkpoint's size, proves the event the
	 * record's latest there: the status holds as of that size. */
	printf("as of: tree size %" PRIu64 " of %s, where the log's signed "
	    "head of the record names this event its latest; its event is of "
	    "%s\n", f->size, f->origin, f->time[0] != '\0' ? f->time :
	    "(no time)");
	printf("note: a change after tree size %" PRIu64 " (a revocation, "
	    "correction or reissue) is not in the receipt: ask with --online "
	    "URL\n", f->size);
}

static int
cmd_check_receipt(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pub",	required_argument,	NULL, 'p' },
		{ "online",	required_argument,	NULL, 'o' },
		COMMON_LONGOPTS,
		{ NULL,		0,			NULL, 0 }
	};
	struct note_verifier	**v = NULL;
	struct receipt_facts	  f;
	struct common		  c;
	json_error_t		  jerr;
	json_t			 *r = NULL;
	const char		 *online = NULL;
	size_t			  nv = 0, i;
	char			  msg[1024];
	int			  ch, x, rc = EXIT_USAGE;

	common_init(&c);
	while ((ch = getopt_long(argc, argv, "p:o:d:h", longopts, NULL)) !=
	    -1) {
		if (ch == 'p') {
			if (load_verifiers(optarg, &v, &nv) != 0)
				goto out;
		} else if (ch == 'o')
			online = optarg;
		else if (common_opt(&c, ch, argv[0], &x) < 0) {
			rc = x;
			goto out;
		}
	}
	if (optind + 1 != argc || nv == 0) {
		rc = usage_of(argv[0], stderr);
		goto out;
	}
	r = strcmp(argv[optind], "-") == 0 ?
	    json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr) :
	    json_load_file(argv[optind], JSON_REJECT_DUPLICATES, &jerr);
	if (r == NULL) {
		warnx("%s: not a receipt: %s", argv[optind], jerr.text);
		rc = EXIT_FAIL;
		goto out;
	}
	if (receipt_verify(r, v, nv, &f, msg, sizeof(msg)) != 0) {
		printf("receipt REFUSED: %s\n", msg);
		rc = EXIT_FAIL;
		goto out;
	}
	print_receipt(r, &f);
	rc = 0;
	if (online == NULL)
		goto out;
	switch (receipt_online(r, &f, online, v, nv, msg, sizeof(msg))) {
	case RECEIPT_SAME:
		printf("online: %s\n", msg);
		break;
	case RECEIPT_CHANGED:
		printf("online: %s\n", msg);
		rc = EXIT_CHANGED;
		break;
	default:
		printf("online: cannot ask %s: %s\n", online, msg);
		rc = EXIT_FAIL;
	}
out:
	json_decref(r);
	for (i = 0; i < nv; i++)
		note_verifier_free(v[i]);
	free(v);
	return rc;
}

static const struct command commands[] = {
	{ "keygen", cmd_keygen, "make a signing key pair for the log",
	  "usage: sogoc keygen --name ORIGIN --out DIR\n\n"
	  "Write a new Ed25519 signer key (DIR/signer.key, mode 0600) and its\n"
	  "verifier key (DIR/verifier.pub) in the C2SP signed-note formats.\n"
	  "ORIGIN names the log in every checkpoint, e.g.\n"
	  "sogd.hanoi.gov.vn/sogoc.  Rotate by making a new key with the same\n"
	  "name in a new DIR; old verifier keys stay listed (sogoc keys).\n\n"
	  "  -n, --name ORIGIN   the log's name\n"
	  "  -o, --out DIR       where to write the two files\n" },
	{ "import", cmd_import, "stage OCR rows (JSONL) or a typed CSV",
	  "usage: sogoc import --type TYPE --year YEAR [--authority A]\n"
	  "                    [--decision NO] [--decision-date YYYY-MM-DD]\n"
	  "                    [--sources DIR] [--csv|--jsonl] [--double-key]\n"
	  "                    [--publish --key FILE [--batch N]] FILE...\n\n"
	  "Stage the rows of `sogoc ocr --jsonl` output, or of a CSV whose\n"
	  "header names the ledger columns, with their provenance.  A file is\n"
	  "imported whole or not at all.  Importing a page again does not\n"
	  "duplicate its rows and keeps every decision a person made.\n\n"
	  "  -t, --type TYPE      diploma type of the volume (THPT, THCS, ...)\n"
	  "  -y, --year YEAR      its graduation year\n"
	  "  -a, --authority A    the issuing authority\n"
	  "  --decision NO        the graduation decision number\n"
	  "  --decision-date D    its date\n"
	  "  -s, --sources DIR    where the scans named in the JSONL are\n"
	  "  --double-key         in the staff console, each flagged field is\n"
	  "                       keyed blind by two reviewers (handwriting)\n"
	  "  --csv, --jsonl       the format (default: by the file name)\n"
	  "  --publish            a typed CSV straight into the log, signed\n"
	  "                       (needs --key; rows are checked first)\n"
	  "  -k, --key FILE       the signer key, with --publish\n"
	  "  --batch N            rows per signed checkpoint (50000)\n"
	  "  --map-size MIB       the registry's maximum size\n" },
	{ "staged", cmd_staged, "list rows waiting for review",
	  "usage: sogoc staged [--all] [--json]\n\n"
	  "List staged rows not yet published, with the fields to review,\n"
	  "and the pages to key by hand (id HEX:PAGE:0, keyed in the staff\n"
	  "console).\n\n"
	  "  -a, --all    also rows already published\n"
	  "  -j, --json   one JSON object per row\n" },
	{ "confirm", cmd_confirm, "confirm fields a person checked",
	  "usage: sogoc confirm ROW [FIELD...]\n"
	  "       sogoc confirm --page HEX:PAGE\n\n"
	  "Record that a person checked the values of a staged row (every\n"
	  "field under review, or the FIELDs named) against the scan, or of\n"
	  "every row of a page.  The person is $SOGOC_USER or $USER.\n" },
	{ "set", cmd_set, "set a field a person read from the scan",
	  "usage: sogoc set ROW FIELD VALUE\n\n"
	  "Record the value a person read for FIELD of a staged row.  It is\n"
	  "normalised and validated like OCR output (dates to YYYY-MM-DD).\n" },
	{ "publish", cmd_publish, "publish ready rows into the signed log",
	  "usage: sogoc publish --key FILE [--batch N] [--quiet]\n\n"
	  "Publish every staged row whose fields are all accepted, typed,\n"
	  "confirmed or set, as issue events of the log, and sign a\n"
	  "checkpoint after each batch.  A serial number already given to\n"
	  "another person stops the publish before anything is written.\n\n"
	  "  -k, --key FILE   the signer key (or $SOGOC_KEY)\n"
	  "  -b, --batch N    rows per transaction and checkpoint "
	  "(10000)\n"
	  "  -q, --quiet      no progress and no summary\n" },
	{ "lookup", cmd_lookup, "show records by serial, or name and birth",
	  "usage: sogoc lookup --serial S | --name NAME --dob DATE | "
	  "--record N\n\n"
	  "Print the staff view of the matching records as JSON: every field,\n"
	  "the status and the history of events.  Names match without\n"
	  "diacritics or case (Nguyen Van An finds Nguyễn Văn An).\n" },
	{ "correct", cmd_correct, "correct fields of a record (chỉnh sửa)",
	  "usage: sogoc correct (--serial S | --record N) --decision NO\n"
	  "                     --decision-date YYYY-MM-DD --set FIELD=VALUE... "
	  "--key FILE\n\n"
	  "Log a correction ordered by a decision.\n" },
	{ "revoke", cmd_revoke, "revoke a diploma (thu hồi / hủy bỏ)",
	  "usage: sogoc revoke (--serial S | --record N) --decision NO\n"
	  "                    --decision-date YYYY-MM-DD --reason TEXT "
	  "--key FILE\n\n"
	  "Log the revocation of a diploma.\n" },
	{ "reissue", cmd_reissue, "record a diploma reissued on a new form",
	  "usage: sogoc reissue (--serial S | --record N) --new-serial S2\n"
	  "                     --decision NO --decision-date YYYY-MM-DD "
	  "--key FILE\n\n"
	  "Log that the diploma was reissued with a new serial number.\n" },
	{ "copy", cmd_copy, "issue a certified copy (bản sao từ sổ gốc)",
	  "usage: sogoc copy (--serial S | --record N) --out FILE.pdf\n"
	  "                  [--config FILE] [--key FILE]\n"
	  "       sogoc copy --fetch INDEX --out FILE.pdf\n\n"
	  "Issue a certified copy of a record: log a copy event (its number,\n"
	  "the signer), make the copy's own code for its QR code (it never\n"
	  "expires), and write the PDF, signed with the department's\n"
	  "certificate.  The copy stays in the\n"
	  "registry; --fetch writes the copy of event INDEX again.  The\n"
	  "copy-* settings and public-url are those of sogoc-serve.conf(5).\n\n"
	  "  -o, --out FILE          where to write the PDF\n"
	  "  -c, --config FILE       read the settings from the serve config\n"
	  "  -k, --key FILE          the log's signer key\n"
	  "  --copy-key FILE         the certificate's private key (PEM)\n"
	  "  --copy-cert FILE        the department's certificate (PEM)\n"
	  "  --copy-chain FILE       the certificates above it (PEM)\n"
	  "  --copy-signer NAME      who signs, e.g. \"Nguyễn Văn Ký\"\n"
	  "  --copy-signer-title T   in what office, lines parted by \" / \"\n"
	  "  --copy-place PLACE      where, e.g. \"Cà Mau\"\n"
	  "  --public-url URL        the verification service's address\n" },
	{ "requests", cmd_requests, "list or erase graduates' copy requests",
	  "usage: sogoc requests [--pending] [--json]\n"
	  "       sogoc requests --purge DAYS\n\n"
	  "List graduates' requests for certified copies, newest first:\n"
	  "number, when sent (UTC), state, graduation year, name; or with\n"
	  "--json every detail, one object a line.  --purge DAYS erases what\n"
	  "the graduate gave (name, date of birth, school, ID number, contact,\n"
	  "purpose) from the requests decided more than DAYS days ago; their\n"
	  "number, decision, copy and share codes stay, and go on working.\n\n"
	  "  -p, --pending   only those waiting for a decision\n"
	  "  -j, --json      one JSON object per request\n"
	  "  --purge DAYS    erase the personal data of old decided requests\n" },
	{ "checkpoint", cmd_checkpoint, "print a signed checkpoint",
	  "usage: sogoc checkpoint [--size N]\n\n"
	  "Print the latest signed checkpoint (C2SP tlog-checkpoint), or the\n"
	  "one signed when the log had N events.\n" },
	{ "proof", cmd_proof, "print an inclusion or consistency proof",
	  "usage: sogoc proof (--serial S | --record N | --index I) "
	  "[--reveal FIELDS] [--size N]\n"
	  "       sogoc proof --consistency OLD [--size N]\n\n"
	  "Print a JSON proof that a record's latest event is in the log (with\n"
	  "the disclosed fields: full_name,date_of_birth,serial_no unless\n"
	  "--reveal says otherwise; ethnicity and place of birth never), or\n"
	  "that the log at size OLD is a prefix of the log now.\n" },
	{ "export", cmd_export, "export every record for the national database",
	  "usage: sogoc export [--format jsonl|csv] [--out FILE]\n\n"
	  "Write every record's current state, every field.\n" },
	{ "backup", cmd_backup, "write a compacted copy of the registry",
	  "usage: sogoc backup DIR\n\n"
	  "Write a consistent, compacted copy of the registry into the new or\n"
	  "empty directory DIR, while others keep reading and writing.\n" },
	{ "audit", cmd_audit, "recompute and check the whole registry",
	  "usage: sogoc audit --pub FILE...\n\n"
	  "Recompute every leaf and hash from the raw store, check every\n"
	  "checkpoint's signature and consistency, and replay the events\n"
	  "against the records and indexes.  Exit 0 only when all holds.\n\n"
	  "  -p, --pub FILE   verifier keys of the log, one per line\n" },
	{ "serve", cmd_serve, "serve the public verification API (and the "
	  "staff console)",
	  "usage: sogoc serve [--config FILE] [--listen ADDR:PORT] "
	  "[--threads N] ...\n"
	  "       [--staff-listen ADDR:PORT --key FILE --scans DIR]\n\n"
	  "Answer employers over HTTP (libmicrohttpd): the page at /, GET\n"
	  "/api/v1/verify?serial=&name=&dob= a receipt when all three match\n"
	  "(else the same \"not found\" whatever differed), GET /checkpoint\n"
	  "the signed checkpoint, GET /api/v1/proof/consistency?old=N, GET\n"
	  "/healthz.  Each client address may make --burst requests at once\n"
	  "and --rate a second after that (429 with Retry-After beyond); the\n"
	  "questions about one diploma are limited across addresses too.\n"
	  "GET /metrics (Prometheus text) only on --metrics-listen, never on\n"
	  "the public port.  Stops cleanly on SIGTERM.  Every option\n"
	  "is also a key of the config file (sogoc-serve.conf(5)); the\n"
	  "command line wins.\n\n"
	  "  -c, --config FILE    settings under [serve], key = value\n"
	  "  -l, --listen A:P     address and port (default 0.0.0.0:8080)\n"
	  "  -t, --threads N      thread pool size (default 4)\n"
	  "  -r, --rate N         requests a second per address (default 5;\n"
	  "                       0 none)\n"
	  "  -b, --burst N        requests at once per address (default 20)\n"
	  "  --per-ip N           open connections per address (default 16)\n"
	  "  --timeout S          seconds a connection may idle (default 10)\n"
	  "  --max-connections N  connections at once (default 4096)\n"
	  "  --trusted-proxy LIST the reverse proxies (addresses, prefixes)\n"
	  "                       whose X-Forwarded-For or Forwarded names\n"
	  "                       the client\n"
	  "  --staff-trusted-proxy LIST  the same for the staff console\n"
	  "  --ocr-jobs N         OCR workers of a console import\n"
	  "                       (default: number of cores)\n"
	  "                       (default: none, each peer is the client)\n"
	  "  --metrics-listen A:P GET /metrics here (default: not served)\n"
	  "  --ask-limit false    no limits per diploma (benchmarks only)\n"
	  "  --access-log         a line per request: route, status, time\n"
	  "                       (never the parameters)\n"
	  "  --syslog             log to syslog (daemon), not stderr\n"
	  "\nThe staff console (off unless --staff-listen; never on the public\n"
	  "port): staff sign in with accounts made by `sogoc user add`, review\n"
	  "what OCR flagged, publish pages, correct and revoke records.\n\n"
	  "  --staff-listen A:P   the console's address and port (give an\n"
	  "                       address: 127.0.0.1 when alone)\n"
	  "  --key FILE           signing key, to publish and record changes\n"
	  "  --scans DIR          folder of scans staff may import from\n"
	  "  --public-url URL     the public side's address, for links\n"
	  "  --secure-cookie      the console is behind TLS (Secure cookies)\n" },
	{ "check-receipt", cmd_check_receipt, "verify a receipt offline",
	  "usage: sogoc check-receipt --pub FILE [--online URL] "
	  "RECEIPT.json\n\n"
	  "Check a receipt from the verification API without the server: the\n"
	  "checkpoint's signature, the inclusion of the event and of each\n"
	  "history entry, and every other member against the signed leaves;\n"
	  "a member it cannot prove is refused by name, and so is a receipt\n"
	  "whose signed record head does not name its event as the record's\n"
	  "latest in the checkpoint's tree.  Print what was proved and the\n"
	  "tree size the answer holds as of.  --online asks\n"
	  "the service (sogoc serve) whether it still answers the same, with\n"
	  "a consistency proof from the receipt's tree.  Exit 0: verified\n"
	  "(and unchanged); 1: refused, or the service could not be asked;\n"
	  "4: verified, but the service answers otherwise now.\n\n"
	  "  -p, --pub FILE     verifier keys of the log, one per line\n"
	  "  -o, --online URL   the verification service, e.g.\n"
	  "                     https://vanbang.example.gov.vn\n" },
	{ "heads", cmd_heads, "sign the record heads an older registry lacks",
	  "usage: sogoc heads --sign --key FILE [--all]\n\n"
	  "Every append signs its record's head (the record's latest event\n"
	  "as of that tree size), which a receipt needs.  A registry written\n"
	  "before heads existed has none: sign, at the latest checkpoint's\n"
	  "tree size, the head of every record whose head is missing or does\n"
	  "not name its latest event (--all: of every record).\n\n"
	  "  -s, --sign         sign them (the only action)\n"
	  "  -a, --all          every record, not only those without\n"
	  "  -k, --key FILE     the log's signing key\n" },
	{ "keys", cmd_keys, "list the verifier keys that signed the log",
	  "usage: sogoc keys\n\n"
	  "Print every verifier key that has signed a checkpoint.\n" },
};

static const struct command *
find_command(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
cmd_registry(int argc, char **argv)
{
	const struct command	*cmd = find_command(argv[0]);

	if (cmd == NULL)
		return -1;
	return cmd->fn(argc, argv);
}

int
cmd_registry_usage(const char *name, FILE *fp)
{
	if (find_command(name) == NULL)
		return -1;
	usage_of(name, fp);
	return 0;
}

void
cmd_registry_list(FILE *fp)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-11s%s\n", commands[i].name,
		    commands[i].summary);
}
