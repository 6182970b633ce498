/*
 * cmd_serve.c: sogoc serve, the wiring of the public service and the
 * staff console: settings, keys, the listeners, signals and shutdown.
 */
#include "config.h"

#include <sys/resource.h>

#include <err.h>
#include <getopt.h>
#include <string.h>

#include "cmd_int.h"
#include "console.h"
#include "issue.h"
#include "issuer.h"
#include "log.h"
#include "note.h"
#include "serveconf.h"
#include "sharecount.h"
#include "store.h"


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

/* serve --syslog: the config file's log = syslog. */
static int
syslog_opt(void *cf, int ch, const char *name)
{
	(void)ch;
	(void)name;
	return config_set(cf, "log", "syslog");
}

/*
 * The config file, then the command line over it, into c and cf.
 * Returns -1 to go on, else the exit status.
 */
static int
serve_args(int argc, char **argv, struct common *c, struct serve_config *cf)
{
	/* Each option is also the config file key of its name; the command
	 * line's --db comes after the file's. */
	const struct cmd_opt	 opts[] = {
		OPT_FN("listen", 'l', cf, config_opt),
		OPT_FN("threads", 't', cf, config_opt),
		OPT_FN("rate", 'r', cf, config_opt),
		OPT_FN("burst", 'b', cf, config_opt),
		OPT_FN("per-ip", 'S', cf, config_opt),
		OPT_FN("timeout", 'S', cf, config_opt),
		OPT_FN("max-connections", 'S', cf, config_opt),
		OPT_FN("trusted-proxy", 'S', cf, config_opt),
		OPT_FN("staff-trusted-proxy", 'S', cf, config_opt),
		OPT_FN("ocr-jobs", 'S', cf, config_opt),
		OPT_FN("credential-key", 'S', cf, config_opt),
		OPT_FN("metrics-listen", 'S', cf, config_opt),
		OPT_FN("ask-limit", 'S', cf, config_opt),
		OPT_FN("staff-listen", 'S', cf, config_opt),
		OPT_FN("key", 'S', cf, config_opt),
		OPT_FN("scans", 'S', cf, config_opt),
		COPY_SIGNING_OPTS(cf),
		OPT_SWITCH("access-log", 'B', cf, config_opt),
		OPT_SWITCH("secure-cookie", 'B', cf, config_opt),
		OPT_SWITCH("syslog", 'L', cf, syslog_opt),
		OPT_NONE("config", 'c'),
		OPT_FN("db", 'd', cf, config_opt),
		OPT_END
	};
	int			 rc;

	rc = config_getopt(argc, argv, "l:t:r:b:c:d:h", opts, c, cf);
	if (rc >= 0)
		return rc;
	if (optind != argc)
		return usage_of(argv[0], stderr);
	return -1;
}

/* What the staff console runs with, beside the store. */
struct staff_side {
	struct copy_signing	 cs;
	struct console		*console;
	struct sharecount	*counter;
};

/*
 * Starts the staff console of cf on st, signing with signer (NULL: it
 * cannot publish), and the share codes' counter.  Returns 0, or the exit
 * status after a message; ss holds what to stop either way.
 */
static int
staff_start(struct store *st, const struct serve_config *cf,
    const struct note_signer *signer, struct staff_side *ss)
{
	struct console_opts	 co;
	char			 err[512];

	memset(&co, 0, sizeof(co));
	co.addr = cf->staff_addr;
	co.port = cf->staff_port;
	co.timeout = cf->o.timeout;
	co.signer = signer;
	co.scans = cf->scans;
	co.public_url = cf->public_url;
	co.secure_cookie = cf->secure_cookie;
	co.proxies = cf->staff_proxies;
	co.ocr_jobs = cf->ocr_jobs;
	co.cred = cf->o.cred;
	if (cf->copy_key != NULL) {
		if (copy_signing_of(cf, &ss->cs) != 0)
			return EXIT_FAIL;
		co.copy = &ss->cs;
	}
	if (cf->staff_port == cf->o.port) {
		warnx("the staff console needs a port of its own, not the "
		    "public one (%u)", cf->o.port);
		return EXIT_FAIL;
	}
	/* Share codes' openings: counted in memory, written in batches,
	 * so that views never take the writer's lock. */
	if (sharecount_start(st, SHARECOUNT_INTERVAL_MS, &ss->counter) !=
	    STORE_OK) {
		log_msg(LOG_ERR, "%s", store_errmsg(st));
		return EXIT_FATAL;
	}
	ss->console = console_start(st, &co, err, sizeof(err));
	if (ss->console == NULL) {
		log_msg(LOG_ERR, "staff console: %s", err);
		return EXIT_FATAL;
	}
	log_msg(LOG_INFO, "staff console on %s:%u%s", cf->staff_addr ?
	    cf->staff_addr : "127.0.0.1", cf->staff_port, signer ? "" :
	    " (no --key: nothing can be published)");
	return 0;
}

/* Stops what staff_start() started, the console before the counter. */
static void
staff_stop(struct store *st, struct staff_side *ss)
{
	console_stop(ss->console);
	ss->console = NULL;
	/* After the last view: what is pending is written now. */
	if (ss->counter != NULL && sharecount_stop(ss->counter) != STORE_OK)
		log_msg(LOG_ERR, "share codes' latest openings were not "
		    "counted: %s", store_errmsg(st));
	ss->counter = NULL;
}

int
cmd_serve(int argc, char **argv)
{
	struct serve_config	 cf;
	struct staff_side	 ss;
	struct cred_issuer	*ci = NULL;
	struct note_signer	*signer = NULL;
	struct sigaction	 sa;
	struct common		 c;
	struct store		*st = NULL;
	char			 err[512];
	int			 rc;

	memset(&ss, 0, sizeof(ss));
	serve_config_init(&cf);
	rc = serve_args(argc, argv, &c, &cf);
	if (rc >= 0)
		goto out;
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
	if (cf.credential_key != NULL && (cf.public_url == NULL ||
	    cred_issuer_new(cf.credential_key, cf.public_url, &ci, err,
	    sizeof(err)) != 0)) {
		warnx("credential-key: %s", cf.public_url == NULL ? "the "
		    "issuer is public-url: set it too" : err);
		goto out;
	}
	cf.o.cred = ci;
	if (cf.staff) {
		rc = staff_start(st, &cf, signer, &ss);
		if (rc != 0)
			goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = serve_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	cf.o.public_url = cf.public_url;
	cf.o.witnesses = cf.witnesses;
	rc = server_run(st, &cf.o, &serve_stop, err, sizeof(err));
	if (rc != 0)
		log_msg(LOG_ERR, "%s", err);
	rc = rc == 0 ? 0 : EXIT_FATAL;
out:
	staff_stop(st, &ss);
	store_close(st);
	copy_signing_clear(&ss.cs);
	cred_issuer_free(ci);
	note_signer_free(signer);
	log_close();
	serve_config_clear(&cf);
	return rc;
}
