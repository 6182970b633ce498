/*
 * sogoc.c: the sogoc command.  It parses arguments and dispatches to the
 * modules; each subcommand is a small static function here.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "batch.h"
#include "cmd.h"
#include "cmd_user.h"
#include "cmdopt.h"
#include "keypage.h"
#include "output.h"
#include "page.h"
#include "profile.h"
#include "store.h"
#include "strv.h"

#define EXIT_PARTIAL	1	/* some inputs could not be read */
#define EXIT_USAGE	2
#define EXIT_FATAL	3

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sogoc <command> [options]\n"
	    "\n"
	    "Digitise and serve a province's diploma ledgers (so goc).\n"
	    "\n"
	    "commands:\n"
	    "  ocr           read scanned ledger pages into JSON Lines rows\n");
	cmd_registry_list(fp);
	fprintf(fp,
	    "  user          staff accounts of the console\n"
	    "  help          show this help, or `sogoc help COMMAND`\n"
	    "  version       print the version\n"
	    "\n"
	    "Run `sogoc COMMAND --help` for a command's options; "
	    "man sogoc(1) for more.\n");
}

static void
ocr_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sogoc ocr [--jsonl] [--jobs N] [--profile FILE] "
	    "[--crops DIR]\n"
	    "                 [--tessdata DIR] [--quiet] FILE|DIR...\n"
	    "\n"
	    "Read the ruled table of every page of the scanned ledgers given\n"
	    "(PNG, JPEG, TIFF incl. multi-page, BMP, PNM, PDF; a directory\n"
	    "stands for the images in it) and write one JSON object per data\n"
	    "row to standard output, in page order (see sogoc-ocr(1)).\n"
	    "\n"
	    "  --jsonl          JSON Lines output (the default and only format)\n"
	    "  -j, --jobs N     worker threads (default: number of cores)\n"
	    "  -p, --profile F  layout profile pinning the columns (JSON)\n"
	    "  -c, --crops DIR  save the cell image of every field to review,\n"
	    "                   and the page image of every page to key\n"
	    "  --tessdata DIR   where the Tesseract models are\n"
	    "  -q, --quiet      no progress bar and no summary\n"
	    "  -h, --help       this help\n"
	    "\n"
	    "A page that cannot be read as a ledger table is written as one\n"
	    "line with \"status\":\"key\", a page for staff to key by hand,\n"
	    "and named on standard error with the reason.\n"
	    "\n"
	    "Exit status: 0 when every input was read (pages to key by hand\n"
	    "included), 1 when some were not (each is named on standard\n"
	    "error), 2 on usage errors, 3 when nothing could be done.\n");
}

/* A growable list of input paths. */
struct paths {
	char	**v;
	int	  n;
	int	  cap;
};

static void
paths_add(struct paths *p, const char *s)
{
	char	**nv;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		nv = reallocarray(p->v, p->cap, sizeof(*p->v));
		if (nv == NULL)
			err(EXIT_FATAL, NULL);
		p->v = nv;
	}
	p->v[p->n] = strdup(s);
	if (p->v[p->n] == NULL)
		err(EXIT_FATAL, NULL);
	p->n++;
}

static void
paths_free(struct paths *p)
{
	strv_free(p->v, (size_t)p->n);
}

/* Adds arg, or the scans directly inside it when it is a directory. */
static void
add_input(struct paths *p, const char *arg)
{
	struct dirent	**names;
	struct stat	  st;
	char		  path[4096];
	int		  i, n, r;

	if (stat(arg, &st) != 0 || !S_ISDIR(st.st_mode)) {
		paths_add(p, arg);	/* errors are reported in order */
		return;
	}
	n = batch_scan_dir(arg, &names);
	if (n < 0) {
		paths_add(p, arg);
		return;
	}
	for (i = 0; i < n; i++) {
		r = snprintf(path, sizeof(path), "%s%s%s", arg,
		    arg[strlen(arg) - 1] == '/' ? "" : "/", names[i]->d_name);
		if (r < 0 || (size_t)r >= sizeof(path))
			warnx("%s/%s: path too long, skipped", arg,
			    names[i]->d_name);
		else
			paths_add(p, path);
		free(names[i]);
	}
	free(names);
}

struct ocr_ui {
	int		 bar;		/* draw a progress bar */
	int		 quiet;
	const char	*crops;
	struct timespec	 start;
	int		 drawn;		/* a bar is on the terminal */
	int		 crop_failures;
	FILE		*features;	/* SOGOC_FEATURES: calibration data */
};

static double
elapsed(const struct timespec *start)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) +
	    (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void
bar_erase(struct ocr_ui *ui)
{
	if (ui->drawn) {
		fputs("\r\033[K", stderr);
		ui->drawn = 0;
	}
}

static int
ocr_page(void *arg, const char *source, int page, const struct page_read *pr)
{
	struct ocr_ui	*ui = arg;
	char		 msg[256];
	int		 n;

	if (output_jsonl(stdout, source, page, pr) != 0)
		return -1;
	if (ui->features != NULL &&
	    output_features(ui->features, source, page, pr) != 0)
		return -1;
	if (ui->crops != NULL) {
		n = output_crops(ui->crops, source, page, pr, msg,
		    sizeof(msg));
		if (n > 0) {
			bar_erase(ui);
			warnx("%s: page %d: %d review images not saved: %s",
			    source, page, n, msg);
			ui->crop_failures += n;
		}
	}
	return 0;
}

/* A page to key by hand: its line, its image, and a word on stderr. */
static int
ocr_key(void *arg, const char *source, int page, const struct keypage *k)
{
	struct ocr_ui	*ui = arg;
	char		 msg[256], est[32] = "";

	if (output_key_jsonl(stdout, source, page, k) != 0)
		return -1;
	bar_erase(ui);
	if (k->rows > 0)
		(void)snprintf(est, sizeof(est), ", ~%d rows", k->rows);
	if (k->pages > 1)
		warnx("%s: page %d: %s; a page to key by hand%s", source, page,
		    k->error, est);
	else
		warnx("%s: %s; a page to key by hand%s", source, k->error,
		    est);
	if (ui->crops != NULL && output_key_image(ui->crops, source, page, k,
	    msg, sizeof(msg)) != 0) {
		warnx("%s: page %d: page image not saved: %s", source, page,
		    msg);
		ui->crop_failures++;
	}
	return 0;
}

static void
ocr_error(void *arg, const char *source, int page, const char *msg)
{
	struct ocr_ui	*ui = arg;

	bar_erase(ui);
	if (page > 0)
		warnx("%s: page %d: %s", source, page, msg);
	else
		warnx("%s: %s", source, msg);
}

static void
ocr_progress(void *arg, const struct batch_stats *st)
{
	struct ocr_ui	*ui = arg;
	char		 bar[31], eta[32];
	double		 t, left;
	int		 i, fill, width = 30;

	if (!ui->bar || st->pages_total == 0)
		return;
	fill = (int)((long)width * st->pages_done / st->pages_total);
	for (i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[width] = '\0';
	t = elapsed(&ui->start);
	if (st->pages_done > 0 && st->pages_done < st->pages_total) {
		left = t / st->pages_done *
		    (st->pages_total - st->pages_done);
		(void)snprintf(eta, sizeof(eta), "ETA %d:%02d",
		    (int)left / 60, (int)left % 60);
	} else
		(void)snprintf(eta, sizeof(eta), "%d:%02d", (int)t / 60,
		    (int)t % 60);
	fprintf(stderr, "\r\033[K[%s] %d/%d pages, %ld rows, %ld flagged, %s",
	    bar, st->pages_done, st->pages_total, st->rows, st->flagged, eta);
	fflush(stderr);
	ui->drawn = 1;
}

static long
ncores(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

/* What sogoc ocr's options fill. */
struct ocr_args {
	struct batch_opts	*opts;
	struct profile		*prof;
	struct ocr_ui		*ui;
};

/* --jobs N, 1 to 256, into the batch_opts at arg. */
static int
jobs_opt(void *arg, int ch, const char *name)
{
	struct batch_opts	*opts = arg;
	char			*end;
	long			 v;

	(void)ch;
	(void)name;
	errno = 0;
	v = strtol(optarg, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 256)
		errx(EXIT_USAGE, "--jobs: expected a number from 1 to 256, "
		    "got \"%s\"", optarg);
	opts->jobs = (int)v;
	return -1;
}

/* --profile FILE, read into the ocr_args at arg. */
static int
profile_opt(void *arg, int ch, const char *name)
{
	struct ocr_args	*a = arg;
	char		 msg[256];

	(void)ch;
	(void)name;
	if (profile_load(optarg, a->prof, msg, sizeof(msg)) != 0)
		errx(EXIT_USAGE, "%s: bad profile: %s", optarg, msg);
	a->opts->profile = a->prof;
	return -1;
}

/* --crops DIR, an existing directory, into the ocr_args at arg. */
static int
crops_opt(void *arg, int ch, const char *name)
{
	struct ocr_args	*a = arg;
	struct stat	 sb;

	(void)ch;
	(void)name;
	if (stat(optarg, &sb) != 0 || !S_ISDIR(sb.st_mode))
		errx(EXIT_USAGE, "--crops: %s is not a directory", optarg);
	a->ui->crops = optarg;
	a->opts->keep_crops = 1;
	return -1;
}

/* --help and the options sogoc ocr does not have: its usage. */
static int
ocr_other(void *arg, int ch, const char *cmdname)
{
	(void)arg;
	(void)cmdname;
	ocr_usage(ch == 'h' ? stdout : stderr);
	return ch == 'h' ? 0 : EXIT_USAGE;
}

/*
 * sogoc ocr's options into opts, prof and ui; optind ends past them.
 * Returns -1 to go on, else the exit status (0 after --help).
 */
static int
ocr_args(int argc, char **argv, struct batch_opts *opts,
    struct profile *prof, struct ocr_ui *ui)
{
	struct ocr_args		 a = { opts, prof, ui };
	const struct cmd_opt	 opts_of[] = {
		/* JSON Lines are what sogoc ocr writes anyway. */
		{ "jsonl", no_argument, 'J', ARG_NONE, NULL, NULL },
		OPT_FN("jobs", 'j', opts, jobs_opt),
		OPT_FN("profile", 'p', &a, profile_opt),
		OPT_FN("crops", 'c', &a, crops_opt),
		OPT_STR("tessdata", 'T', &opts->tessdata),
		OPT_FLAG("quiet", 'q', &ui->quiet),
		OPT_HELP,
		OPT_END
	};
	int			 rc;

	optind = 1;
	rc = cmdopt_getopt(argc, argv, "j:p:c:qh", opts_of, ocr_other, NULL);
	if (rc >= 0)
		return rc;
	if (optind == argc) {
		warnx("ocr: no input files");
		ocr_usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* The closing line of a batch, on stderr. */
static void
ocr_summary(const struct batch_stats *st, const struct ocr_ui *ui)
{
	fprintf(stderr, "sogoc ocr: %d of %d pages read from %d inputs (%d "
	    "not readable), %d to key by hand, %ld rows, %ld fields, %ld "
	    "flagged for review (%.1f%%), %.1f s\n",
	    st->pages_done - st->pages_failed - st->pages_key,
	    st->pages_total, st->inputs, st->inputs_failed, st->pages_key,
	    st->rows, st->fields, st->flagged, st->fields > 0 ?
	    100.0 * st->flagged / st->fields : 0.0, elapsed(&ui->start));
}

static int
cmd_ocr(int argc, char **argv)
{
	struct batch_opts	 opts;
	struct batch_cb		 cb;
	struct batch_stats	 st;
	struct profile		 prof;
	struct ocr_ui		 ui;
	struct paths		 in;
	char			 msg[256];
	int			 i, rc;

	memset(&opts, 0, sizeof(opts));
	memset(&ui, 0, sizeof(ui));
	memset(&in, 0, sizeof(in));
	opts.jobs = (int)ncores();
	rc = ocr_args(argc, argv, &opts, &prof, &ui);
	if (rc >= 0)
		return rc;
	for (i = optind; i < argc; i++)
		add_input(&in, argv[i]);
	if (in.n == 0)
		errx(EXIT_PARTIAL, "no scans found in the given directories");

	setMsgSeverity(L_SEVERITY_NONE);
	ui.bar = !ui.quiet && isatty(STDERR_FILENO);
	if (getenv("SOGOC_FEATURES") != NULL &&
	    (ui.features = fopen(getenv("SOGOC_FEATURES"), "a")) == NULL)
		err(EXIT_USAGE, "SOGOC_FEATURES: %s", getenv("SOGOC_FEATURES"));
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	cb.page = ocr_page;
	cb.error = ocr_error;
	cb.progress = ocr_progress;
	cb.key = ocr_key;
	cb.arg = &ui;
	rc = batch_run(in.v, in.n, &opts, &cb, &st, msg, sizeof(msg));
	bar_erase(&ui);
	paths_free(&in);
	if (ui.features != NULL)
		fclose(ui.features);
	if (rc != BATCH_OK)
		errx(EXIT_FATAL, "%s", msg);
	if (!ui.quiet)
		ocr_summary(&st, &ui);
	return st.inputs_failed > 0 || ui.crop_failures > 0 ?
	    EXIT_PARTIAL : 0;
}

/*
 * One Tesseract per thread is far faster than OpenMP inside each one, and
 * Tesseract's OpenMP runtime reads OMP_THREAD_LIMIT when the library is
 * loaded, before main: so set it and start again.
 */
static void
limit_openmp(char **argv)
{
	const char	*v = getenv("OMP_THREAD_LIMIT");

	if (v != NULL && strcmp(v, "1") == 0)
		return;
	if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
		return;
	execv("/proc/self/exe", argv);
	/* Not fatal: only slower. */
}

#ifdef SOGOC_FAULT_INJECTION
/*
 * Writes one write step of the store to the trace file fd points to; not
 * what is not a step (n 0).
 */
static void
fault_trace_line(long n, const char *what, void *arg)
{
	if (n > 0)
		dprintf(*(int *)arg, "%ld %s\n", n, what);
}

/*
 * A test build lists the store's write steps ("N what", one a line) in
 * the file SOGOC_FAULT_TRACE names, for tests/store_fault.sh: the program
 * writes it, not the library (store.h).
 */
static void
fault_trace_env(void)
{
	static int	 fd;
	const char	*path = getenv("SOGOC_FAULT_TRACE");

	if (path == NULL || path[0] == '\0')
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1)
		err(EXIT_USAGE, "SOGOC_FAULT_TRACE: %s", path);
	store_fault_trace(fault_trace_line, &fd);
}
#endif

int
main(int argc, char **argv)
{
	const char	*cmd;
	int		 rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
#ifdef SOGOC_FAULT_INJECTION
	fault_trace_env();
#endif
	rc = cmd_registry(argc - 1, argv + 1);
	if (rc != -1)
		return rc;
	if (strcmp(cmd, "user") == 0)
		return cmd_user(argc - 1, argv + 1);
	if (strcmp(cmd, "ocr") == 0) {
		limit_openmp(argv);
		return cmd_ocr(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("sogoc %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		if (argc > 2 && strcmp(argv[2], "ocr") == 0)
			ocr_usage(stdout);
		else if (argc > 2 && strcmp(argv[2], "user") == 0)
			cmd_user_usage(stdout);
		else if (argc < 3 || cmd_registry_usage(argv[2], stdout) != 0)
			usage(stdout);
		return 0;
	}
	warnx("unknown command \"%s\"", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
