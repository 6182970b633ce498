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

int
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
