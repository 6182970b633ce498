/*
 * cmd_common.c: what every registry command of sogoc shares: the common
 * options (--db, --map-size, --help), opening the store with every
 * module's databases, the exit status of a failure, the signer and
 * verifier keys, numbers and JSON on the command line.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "account.h"
#include "asker.h"
#include "cmd_int.h"
#include "copydb.h"
#include "note.h"
#include "records.h"
#include "serveconf.h"
#include "store.h"


/* The defaults of c: $SOGOC_DB or sogoc.db, $SOGOC_KEY. */
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

/*
 * Handles an option every command shares.  Returns 1 when handled, 0 when
 * ch is not one, -1 on a bad value (reported).
 */
int
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

/* The options every registry command has, after its own. */
static const struct option common_longopts[] = {
	{ "db",		required_argument,	NULL, 'd' },
	{ "map-size",	required_argument,	NULL, 'M' },
	{ "help",	no_argument,		NULL, 'h' }
};

#define NCOMMON	(sizeof(common_longopts) / sizeof(common_longopts[0]))

/* An option not in a registry command's table: common_opt's. */
static int
common_other(void *arg, int ch, const char *cmdname)
{
	int	 x;

	return common_opt(arg, ch, cmdname, &x) >= 0 ? -1 : x;
}

/*
 * c's defaults (common_init), then getopt_long over argv with the options
 * of the table opts (NULL: none) and the common ones: each of opts is taken as its row says, the
 * others go to common_opt, which also answers --help and usage errors.
 * Returns -1 to go on (optind at the first operand), else the exit
 * status.
 */
int
cmd_getopt(int argc, char **argv, const char *shortopts,
    const struct cmd_opt *opts, struct common *c)
{
	struct option	 lo[LONGOPTS_MAX];

	common_init(c);
	cmdopt_longopts(opts, common_longopts, NCOMMON, lo);
	return cmdopt_loop(argc, argv, shortopts, lo, opts, common_other, c);
}

/*
 * The start of a command without operands that works on the store: its
 * options (cmd_getopt), then the store opened with flags into
 * *st.  Returns -1 to go on, else the exit status (nothing left open).
 */
int
cmd_start(int argc, char **argv, const char *shortopts,
    const struct cmd_opt *opts, struct common *c, int flags,
    struct store **st)
{
	int	 rc;

	rc = cmd_getopt(argc, argv, shortopts, opts, c);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return usage_of(argv[0], stderr);
	*st = open_store(c, flags);
	return *st != NULL ? -1 : EXIT_FAIL;
}

const struct store_db *const cmd_dbs[] = { copy_dbs, staff_dbs, tlog_dbs,
	NULL };

struct store *
open_store(const struct common *c, int flags)
{
	struct store	*st;
	char		 err[512];

	if (store_open(c->db, flags, c->mapsize, cmd_dbs, &st, err,
	    sizeof(err)) != STORE_OK) {
		warnx("%s", err);
		return NULL;
	}
	/* Every writer keeps the log's tiles up, if the config has them. */
	if (!(flags & STORE_RDONLY) && publish_attach(st) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* Exit status of a failed registry call, with its message. */
int
fail(struct store *st, int rc)
{
	warnx("%s", store_errmsg(st));
	return rc == STORE_ENOMEM || rc == STORE_EIO ? EXIT_FATAL : EXIT_FAIL;
}

const char *
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
struct note_signer *
load_signer(const char *path)
{
	return load_signer_type(path, NOTE_TYPE_ED25519);
}

struct note_signer *
load_signer_type(const char *path, int type)
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
	rc = note_signer_new_type(buf, type, &s);
	explicit_bzero(buf, sizeof(buf));
	if (rc != NOTE_OK) {
		warnx("%s: not a signer key of a %s: %s", path,
		    type == NOTE_TYPE_COSIG ? "witness" : "log",
		    note_strerror(rc));
		return NULL;
	}
	return s;
}

/* Appends one to the list *v of *nv keys: 0, or -1 (one freed). */
static int
add_verifier(struct note_verifier ***v, size_t *nv, struct note_verifier *one)
{
	struct note_verifier	**nvv;

	nvv = reallocarray(*v, *nv + 1, sizeof(**v));
	if (nvv == NULL) {
		note_verifier_free(one);
		return -1;
	}
	*v = nvv;
	(*v)[(*nv)++] = one;
	return 0;
}

/*
 * The key of a line of a keys file of type (NOTE_TYPE_*), or NULL to skip
 * the line: a bare key, or a line of the keys a department publishes at
 * /.well-known/sogoc/keys, "log VKEY" (a log key) or "witness NAME VKEY"
 * (a witness's).
 */
static char *
key_of_line(char *p, int type)
{
	char	*sp;

	if (strncmp(p, "log ", 4) == 0)
		return type == NOTE_TYPE_COSIG ? NULL : p + 4;
	if (strncmp(p, "witness ", 8) != 0)
		return p;
	if (type != NOTE_TYPE_COSIG)
		return NULL;
	sp = strchr(p + 8, ' ');
	return sp != NULL ? sp + 1 : p;
}

/* Reads verifier keys, one per line ('#' comments), appending to *v. */
int
load_verifiers(const char *path, struct note_verifier ***v, size_t *nv)
{
	return load_verifiers_type(path, NOTE_TYPE_ED25519, v, nv);
}

/* load_verifiers() of keys of the given NOTE_TYPE_*. */
int
load_verifiers_type(const char *path, int type, struct note_verifier ***v,
    size_t *nv)
{
	struct note_verifier	*one;
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
			warnx("%s:%zu: this is a signer (private) key; give "
			    "the verifier key", path, lineno);
			rc = -1;
			break;
		}
		p = key_of_line(p, type);
		if (p == NULL)
			continue;
		if (note_verifier_new_type(p, type, &one) != NOTE_OK) {
			warnx("%s:%zu: not a %s verifier key", path, lineno,
			    type == NOTE_TYPE_COSIG ? "witness (cosignature)" :
			    "log");
			rc = -1;
			break;
		}
		if (add_verifier(v, nv, one) != 0) {
			rc = -1;
			break;
		}
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

/* --pub FILE into the keyring at arg: -1 to go on, or EXIT_USAGE. */
int
keyring_opt(void *arg, int ch, const char *name)
{
	struct keyring	*kr = arg;

	(void)ch;
	(void)name;
	return load_verifiers(optarg, &kr->v, &kr->n) != 0 ? EXIT_USAGE : -1;
}

/* --witness VKEY or FILE into the keyring at arg: -1, or EXIT_USAGE. */
int
witness_opt(void *arg, int ch, const char *name)
{
	struct keyring		*kr = arg;
	struct note_verifier	*one;

	(void)ch;
	(void)name;
	if (note_verifier_new_type(optarg, NOTE_TYPE_COSIG, &one) == NOTE_OK)
		return add_verifier(&kr->v, &kr->n, one) != 0 ? EXIT_FATAL :
		    -1;
	if (strchr(optarg, '/') == NULL && strchr(optarg, '+') != NULL) {
		warnx("--witness %s: not a witness (cosignature) key", optarg);
		return EXIT_USAGE;
	}
	return load_verifiers_type(optarg, NOTE_TYPE_COSIG, &kr->v, &kr->n) !=
	    0 ? EXIT_USAGE : -1;
}

void
keyring_clear(struct keyring *kr)
{
	size_t	 i;

	for (i = 0; i < kr->n; i++)
		note_verifier_free(kr->v[i]);
	free(kr->v);
	kr->v = NULL;
	kr->n = 0;
}

void
print_json(json_t *o)
{
	char	*s = json_dumps(o, JSON_COMPACT);

	if (s != NULL)
		printf("%s\n", s);
	free(s);
}

/* Writes text to path, created with mode and never overwritten. */
int
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

int
ends_with(const char *s, const char *suffix)
{
	size_t	 n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

void
publish_progress(void *arg, size_t done, size_t total)
{
	if (*(int *)arg)
		fprintf(stderr, "\rsogoc: published %zu of %zu rows", done,
		    total);
}

/* The signer key of c and the registry opened to write: 0, or -1 with
 * nothing left open. */
int
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

/* The signing of copies from cf: 0, or -1 after a message. */
int
copy_signing_of(const struct serve_config *cf, struct copy_signing *cs)
{
	char	 err[512];

	if (serve_config_copy_signing(cf, cs, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return -1;
	}
	return 0;
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

/*
 * serve's and copy's start: c's defaults, the config file of --config into
 * cf, then the options over it (cmd_getopt), then the registry the config
 * names, if it does, into c.  Returns -1 to go on, else the exit status.
 */
int
config_getopt(int argc, char **argv, const char *shortopts,
    const struct cmd_opt *opts, struct common *c, struct serve_config *cf)
{
	struct option	 lo[LONGOPTS_MAX];
	int		 rc;

	common_init(c);
	cmdopt_longopts(opts, common_longopts, NCOMMON, lo);
	if (config_first(argc, argv, shortopts, lo, cf) != 0)
		return EXIT_USAGE;
	rc = cmdopt_loop(argc, argv, shortopts, lo, opts, common_other, c);
	if (rc == -1 && cf->db != NULL)
		c->db = cf->db;
	if (rc == -1 && publish_use(cf) != 0)
		rc = EXIT_USAGE;
	return rc;
}

/* Sets config key to val in cf: -1 to go on, or EXIT_USAGE after the
 * message. */
int
config_set(struct serve_config *cf, const char *key, const char *val)
{
	char	 err[512];

	if (serve_config_set(cf, key, val, err, sizeof(err)) != 0) {
		warnx("--%s", err);
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * An option of serve or copy that is also the config key of its long
 * name: 'B' a switch (set to true), the others with their value.
 */
int
config_opt(void *cf, int ch, const char *name)
{
	return config_set(cf, name, ch == 'B' ? "true" : optarg);
}

/* Finds the one record that --serial or --record names. */
int
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
