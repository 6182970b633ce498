/*
 * cmd_user.c: sogoc user, the staff accounts of the registry (add, passwd,
 * list, disable, enable, unlock, role).  It parses the arguments, reads a
 * password from a private file or the terminal, and calls the staff
 * module; nothing here touches LMDB or OpenSSL directly.
 */
#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "account.h"
#include "cmd.h"
#include "cmd_user.h"
#include "cmdopt.h"
#include "store.h"
#include "timefmt.h"

#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_FATAL	3

/* Options, and which of them were given. */
#define OPT_ROLE	0x1
#define OPT_PWFILE	0x2
#define OPT_JSON	0x4

/* A password and its newline, and one byte to notice a longer one. */
#define PWBUF		(ACCOUNT_PASSWORD_MAX + 2)

struct opts {
	const char	*db;
	const char	*role;
	const char	*pwfile;
	int		 json;
	unsigned int	 given;
};

struct subcommand {
	const char	*name;
	int		(*fn)(const struct opts *, char **);
	int		 nargs;		/* after the subcommand's name */
	unsigned int	 allow;		/* the OPT_* it takes */
};

static int	 user_add(const struct opts *, char **);
static int	 user_passwd(const struct opts *, char **);
static int	 user_list(const struct opts *, char **);
static int	 user_disable(const struct opts *, char **);
static int	 user_enable(const struct opts *, char **);
static int	 user_unlock(const struct opts *, char **);
static int	 user_role(const struct opts *, char **);

static const struct subcommand subcommands[] = {
	{ "add",	user_add,	1,	OPT_ROLE | OPT_PWFILE },
	{ "passwd",	user_passwd,	1,	OPT_PWFILE },
	{ "list",	user_list,	0,	OPT_JSON },
	{ "disable",	user_disable,	1,	0 },
	{ "enable",	user_enable,	1,	0 },
	{ "unlock",	user_unlock,	1,	0 },
	{ "role",	user_role,	2,	0 },
};

int
cmd_user_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sogoc user add NAME --role ROLE [--password-file FILE]\n"
	    "       sogoc user passwd NAME [--password-file FILE]\n"
	    "       sogoc user list [--json]\n"
	    "       sogoc user disable NAME\n"
	    "       sogoc user enable NAME\n"
	    "       sogoc user unlock NAME\n"
	    "       sogoc user role NAME ROLE\n"
	    "\n"
	    "Manage the staff accounts of the registry's staff console.  A\n"
	    "ROLE is reviewer, registrar or admin, each allowed what the ones\n"
	    "before it are.  A NAME is up to %d characters a-z, 0-9, '.', '_'\n"
	    "and '-', starting with a letter.  A password has at least %d\n"
	    "characters; it is read from FILE (its first line; the file must\n"
	    "be private, mode 0600), or asked twice on the terminal, or read\n"
	    "as one line from standard input.\n"
	    "\n"
	    "  -r, --role ROLE           the new account's role\n"
	    "  -p, --password-file FILE  read the password from FILE\n"
	    "  -j, --json                list: one JSON object per account\n"
	    "  -d, --db DIR              the registry (default ./sogoc.db, "
	    "or $SOGOC_DB)\n"
	    "  -h, --help                this help\n",
	    ACCOUNT_NAME_MAX, ACCOUNT_PASSWORD_MIN);
	return fp == stdout ? 0 : EXIT_USAGE;
}

static struct store *
open_store(const struct opts *o, int flags)
{
	struct store	*st;
	char		 err[512];

	if (store_open(o->db, flags, 0, cmd_dbs, &st, err, sizeof(err)) !=
	    STORE_OK) {
		warnx("%s", err);
		return NULL;
	}
	return st;
}

static volatile sig_atomic_t	 got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/*
 * Reads one line from fd into buf (PWBUF bytes), without its line end.
 * Returns 0; 1 at end of file before any byte; -1 on an error or a line
 * too long for a password (reported, what is read is wiped).
 */
static int
read_line(int fd, const char *what, char *buf)
{
	size_t	 n = 0;
	ssize_t	 r;
	char	 c;
	int	 any = 0, toolong = 0;

	for (;;) {
		r = read(fd, &c, 1);
		if (r == -1 && errno == EINTR && got_signal == 0)
			continue;
		if (r == -1) {
			if (got_signal == 0)
				warn("%s", what);
			explicit_bzero(buf, PWBUF);
			return -1;
		}
		if (r == 0 || c == '\n')
			break;
		any = 1;
		if (n + 1 < PWBUF)
			buf[n++] = c;
		else
			toolong = 1;
	}
	explicit_bzero(&c, sizeof(c));
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	if (toolong) {
		warnx("%s: a password may have at most %d bytes", what,
		    ACCOUNT_PASSWORD_MAX);
		explicit_bzero(buf, PWBUF);
		return -1;
	}
	return !any && r == 0 ? 1 : 0;
}

/* Reads the first line of a password file that only its owner can read. */
static int
read_pwfile(const char *path, char *buf)
{
	struct stat	 sb;
	int		 fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		warn("%s", path);
		return -1;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		warnx("%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if (sb.st_mode & 077) {
		warnx("%s: the password file is open to others (mode %04o); "
		    "run chmod 600 %s", path, (unsigned)(sb.st_mode & 07777),
		    path);
		close(fd);
		return -1;
	}
	rc = read_line(fd, path, buf);
	close(fd);
	if (rc == 1) {
		warnx("%s: empty; the password is its first line", path);
		return -1;
	}
	return rc;
}

/* Asks for a line on the terminal on standard input, without echo. */
static int
read_tty(const char *prompt, char *buf)
{
	static const int	 sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction	 sa, old[4];
	struct termios		 t, noecho;
	size_t			 i;
	int			 rc;

	if (tcgetattr(STDIN_FILENO, &t) == -1) {
		warn("the terminal");
		return -1;
	}
	/* Without SA_RESTART, so that a ^C ends the read and the echo is
	 * back on before the signal takes the process away. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);
	noecho = t;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	noecho.c_lflag |= ICANON;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho) == -1) {
		warn("the terminal");
		rc = -1;
	} else {
		rc = read_line(STDIN_FILENO, "the terminal", buf);
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fprintf(stderr, "\n");
	}
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (got_signal != 0) {
		explicit_bzero(buf, PWBUF);
		raise(got_signal);
		return -1;
	}
	if (rc == 1) {
		warnx("no password given");
		return -1;
	}
	return rc;
}

/*
 * The password for account name, into buf (PWBUF bytes): from --password-
 * file, else asked twice on a terminal, else a line of standard input.
 * Checks it too; 0, or -1 after a message.
 */
static int
get_password(const struct opts *o, const char *name, char *buf)
{
	char	 again[PWBUF], prompt[128], err[256];
	int	 rc;

	if (o->pwfile != NULL)
		rc = read_pwfile(o->pwfile, buf);
	else if (isatty(STDIN_FILENO)) {
		snprintf(prompt, sizeof(prompt), "Password for %s: ", name);
		rc = read_tty(prompt, buf);
		if (rc == 0 && account_check_password(buf, err,
		    sizeof(err)) != 0) {
			warnx("%s", err);
			rc = -1;
		}
		if (rc == 0)
			rc = read_tty("Again: ", again);
		if (rc == 0 && strcmp(buf, again) != 0) {
			warnx("the two passwords differ; nothing was changed");
			rc = -1;
		}
		explicit_bzero(again, sizeof(again));
	} else {
		rc = read_line(STDIN_FILENO, "standard input", buf);
		if (rc == 1) {
			warnx("no password on standard input");
			rc = -1;
		}
	}
	if (rc == 0 && account_check_password(buf, err, sizeof(err)) != 0) {
		warnx("%s", err);
		rc = -1;
	}
	if (rc != 0)
		explicit_bzero(buf, PWBUF);
	return rc;
}

static int
check_name(const char *name)
{
	char	 err[256];

	if (account_check_name(name, err, sizeof(err)) != 0) {
		warnx("%s", err);
		return -1;
	}
	return 0;
}

static enum account_role
parse_role(const char *s)
{
	enum account_role	 r = account_role_parse(s);

	if (r == ROLE_NONE)
		warnx("\"%s\" is not a role: reviewer, registrar or admin", s);
	return r;
}

/* Exit status of a failed account call, with its message. */
static int
failed(const char *err)
{
	warnx("%s", err);
	return EXIT_FAIL;
}

static int
user_add(const struct opts *o, char **args)
{
	enum account_role	 role;
	struct store		*st;
	char			 pw[PWBUF], err[512];
	int			 rc;

	if (o->role == NULL) {
		warnx("add needs the account's role: --role reviewer, "
		    "registrar or admin");
		return EXIT_USAGE;
	}
	role = parse_role(o->role);
	if (role == ROLE_NONE)
		return EXIT_USAGE;
	if (check_name(args[0]) != 0)
		return EXIT_FAIL;
	/* Asked before the registry is opened, so that a person typing
	 * does not hold the writer's lock. */
	if (get_password(o, args[0], pw) != 0)
		return EXIT_FAIL;
	st = open_store(o, STORE_CREATE);
	if (st == NULL) {
		explicit_bzero(pw, sizeof(pw));
		return EXIT_FAIL;
	}
	rc = account_add(st, args[0], role, pw, err, sizeof(err));
	explicit_bzero(pw, sizeof(pw));
	store_close(st);
	if (rc != ACCOUNT_OK)
		return failed(err);
	fprintf(stderr, "sogoc: account %s added (%s)\n", args[0],
	    account_role_name(role));
	return 0;
}

static int
user_passwd(const struct opts *o, char **args)
{
	struct store	*st;
	char		 pw[PWBUF], err[512];
	int		 rc;

	if (check_name(args[0]) != 0)
		return EXIT_FAIL;
	if (get_password(o, args[0], pw) != 0)
		return EXIT_FAIL;
	st = open_store(o, 0);
	if (st == NULL) {
		explicit_bzero(pw, sizeof(pw));
		return EXIT_FAIL;
	}
	rc = account_passwd(st, args[0], pw, err, sizeof(err));
	explicit_bzero(pw, sizeof(pw));
	store_close(st);
	if (rc != ACCOUNT_OK)
		return failed(err);
	fprintf(stderr, "sogoc: password of %s changed\n", args[0]);
	return 0;
}

struct list_arg {
	int	 json;
	int	 nomem;
};

/* A time for JSON: null for 0 (never). */
static json_t *
json_time(time_t t)
{
	char	 buf[32];

	if (t == 0)
		return json_null();
	(void)time_iso(t, buf, sizeof(buf));
	return json_string(buf);
}

static int
print_account(void *arg, const struct account_info *a)
{
	struct list_arg	*l = arg;
	char		 last[32], *s;
	json_t		*o;

	if (l->json) {
		o = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o}",
		    "name", a->name, "role", account_role_name(a->role),
		    "disabled", a->disabled, "created", json_time(a->created),
		    "last_login", json_time(a->last_login),
		    "unlocked", json_time(a->unlocked));
		s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		if (s == NULL) {
			l->nomem = 1;
			return 1;
		}
		printf("%s\n", s);
		free(s);
		return 0;
	}
	if (a->last_login != 0)
		(void)time_iso(a->last_login, last, sizeof(last));
	else
		snprintf(last, sizeof(last), "never");
	printf("%-20s %-9s %-15s %s\n", a->name, account_role_name(a->role),
	    a->disabled ? "disabled" : "active", last);
	return 0;
}

static int
user_list(const struct opts *o, char **args)
{
	struct list_arg	 l = { o->json, 0 };
	struct store	*st;
	char		 err[512];
	int		 rc;

	(void)args;
	st = open_store(o, STORE_RDONLY);
	if (st == NULL)
		return EXIT_FAIL;
	rc = account_list(st, print_account, &l, err, sizeof(err));
	store_close(st);
	if (l.nomem)
		errx(EXIT_FATAL, "out of memory");
	if (rc != ACCOUNT_OK)
		return failed(err);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warn("standard output");
		return EXIT_FAIL;
	}
	return 0;
}

/* Sets the role (ROLE_NONE: same) and disabled (-1: same) of an account. */
static int
set(const struct opts *o, const char *name, enum account_role role,
    int disabled, const char *done)
{
	struct store	*st;
	char		 err[512];
	int		 rc;

	if (check_name(name) != 0)
		return EXIT_FAIL;
	st = open_store(o, 0);
	if (st == NULL)
		return EXIT_FAIL;
	if (done != NULL)
		rc = account_set(st, name, role, disabled, err, sizeof(err));
	else
		rc = account_unlock(st, name, err, sizeof(err));
	store_close(st);
	if (rc != ACCOUNT_OK)
		return failed(err);
	fprintf(stderr, "sogoc: account %s %s\n", name,
	    done != NULL ? done : "unlocked");
	return 0;
}

static int
user_disable(const struct opts *o, char **args)
{
	return set(o, args[0], ROLE_NONE, 1, "disabled");
}

static int
user_enable(const struct opts *o, char **args)
{
	return set(o, args[0], ROLE_NONE, 0, "enabled");
}

static int
user_unlock(const struct opts *o, char **args)
{
	return set(o, args[0], ROLE_NONE, -1, NULL);
}

static int
user_role(const struct opts *o, char **args)
{
	enum account_role	 role = parse_role(args[1]);
	char			 done[32];

	if (role == ROLE_NONE)
		return EXIT_USAGE;
	snprintf(done, sizeof(done), "is now %s", account_role_name(role));
	return set(o, args[0], role, -1, done);
}

static const char *
opt_name(unsigned int opt)
{
	switch (opt) {
	case OPT_ROLE:
		return "--role";
	case OPT_PWFILE:
		return "--password-file";
	}
	return "--json";
}

/* --help and the options sogoc user does not have: its usage. */
static int
user_other(void *arg, int ch, const char *cmdname)
{
	(void)arg;
	(void)cmdname;
	return cmd_user_usage(ch == 'h' ? stdout : stderr);
}

int
cmd_user(int argc, char **argv)
{
	const struct subcommand	*sub = NULL;
	struct opts		 o;
	const struct cmd_opt	 opts[] = {
		OPT_STR("role", 'r', &o.role),
		OPT_STR("password-file", 'p', &o.pwfile),
		OPT_FLAG("json", 'j', &o.json),
		OPT_STR("db", 'd', &o.db),
		OPT_HELP,
		OPT_END
	};
	const char		*v;
	unsigned int		 bit;
	size_t			 i;
	int			 rc;

	memset(&o, 0, sizeof(o));
	v = getenv("SOGOC_DB");
	o.db = v != NULL && v[0] != '\0' ? v : "sogoc.db";
	/* Options may come before or after the subcommand and its names. */
	optind = 0;
	rc = cmdopt_getopt(argc, argv, "r:p:jd:h", opts, user_other, NULL);
	if (rc >= 0)
		return rc;
	o.given = (o.role != NULL ? OPT_ROLE : 0) |
	    (o.pwfile != NULL ? OPT_PWFILE : 0) | (o.json ? OPT_JSON : 0);
	if (optind >= argc)
		return cmd_user_usage(stderr);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (strcmp(argv[optind], subcommands[i].name) == 0)
			sub = &subcommands[i];
	if (sub == NULL) {
		warnx("\"%s\" is not a user command", argv[optind]);
		return cmd_user_usage(stderr);
	}
	for (bit = OPT_ROLE; bit <= OPT_JSON; bit <<= 1)
		if ((o.given & bit) && !(sub->allow & bit)) {
			warnx("user %s takes no %s", sub->name,
			    opt_name(bit));
			return EXIT_USAGE;
		}
	if (argc - optind - 1 != sub->nargs) {
		warnx("user %s takes %s", sub->name, sub->nargs == 0 ?
		    "no arguments" : sub->nargs == 1 ? "one NAME" :
		    "a NAME and a ROLE");
		return cmd_user_usage(stderr);
	}
	return sub->fn(&o, argv + optind + 1);
}
