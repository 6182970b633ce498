/*
 * cmd_witness.c: `sogoc witness`, a C2SP tlog-witness server: its
 * options, its key, its store and logs file, and its signals (SIGHUP
 * rereads the logs file, SIGTERM and SIGINT stop it).  The work is
 * tlog/witness.c's.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_int.h"
#include "log.h"
#include "logsfile.h"
#include "listen.h"
#include "note.h"
#include "store.h"
#include "witness.h"
#include "witness_http.h"

struct wopts {
	const char	*listen, *key, *logs, *db;
	int		 syslog;
};

static int
witness_other(void *arg, int ch, const char *cmdname)
{
	(void)arg;
	(void)cmdname;
	return usage_of("witness", ch == 'h' ? stdout : stderr);
}

/* The options into o: -1 to go on, else the exit status. */
static int
witness_args(int argc, char **argv, struct wopts *o)
{
	const struct cmd_opt	 opts[] = {
		OPT_STR("listen", 'l', &o->listen),
		OPT_STR("key", 'k', &o->key),
		OPT_STR("logs", 'L', &o->logs),
		OPT_STR("db", 'd', &o->db),
		OPT_FLAG("syslog", 's', &o->syslog),
		OPT_HELP,
		OPT_END
	};
	int			 rc;

	memset(o, 0, sizeof(*o));
	o->db = "witness.db";
	optind = 0;
	rc = cmdopt_getopt(argc, argv, "l:k:L:d:sh", opts, witness_other,
	    NULL);
	if (rc >= 0)
		return rc;
	if (optind != argc || o->listen == NULL || o->key == NULL ||
	    o->logs == NULL)
		return usage_of("witness", stderr);
	return -1;
}

/*
 * Waits for a signal: SIGHUP rereads the logs file into w (a bad file
 * keeps the old list, said in the log); SIGTERM or SIGINT returns.
 * The signals are blocked in every thread, so sigwait() gets them all.
 */
static void
witness_wait(struct witness *w, const char *logs, const sigset_t *set)
{
	struct logsfile	*lf;
	char		 err[512];
	int		 sig;

	for (;;) {
		if (sigwait(set, &sig) != 0 || sig != SIGHUP)
			return;
		if (logsfile_read(logs, 0, &lf, err, sizeof(err)) !=
		    LOGSFILE_OK) {
			log_msg(LOG_ERR, "witness: SIGHUP: %s; the logs "
			    "listed before stay", err);
			continue;
		}
		log_msg(LOG_NOTICE, "witness: SIGHUP: %zu logs from %s",
		    lf->nlogs, logs);
		witness_set_logs(w, lf);
	}
}

/* The witness of o's key and logs on st: NULL after a message. */
static struct witness *
witness_of(const struct wopts *o, struct store *st)
{
	struct note_signer	*signer;
	struct logsfile		*lf;
	struct witness		*w;
	char			 err[512];

	signer = load_signer_type(o->key, NOTE_TYPE_COSIG);
	if (signer == NULL)
		return NULL;
	if (logsfile_read(o->logs, 0, &lf, err, sizeof(err)) != LOGSFILE_OK) {
		warnx("%s", err);
		note_signer_free(signer);
		return NULL;
	}
	if (witness_new(st, signer, lf, &w) != NOTE_OK) {
		warnx("out of memory");
		return NULL;
	}
	return w;
}

int
cmd_witness(int argc, char **argv)
{
	static const struct store_db *const dbs[] = { witness_dbs, NULL };
	struct wopts		 o;
	struct witness		*w = NULL;
	struct witness_http	*h = NULL;
	struct store		*st = NULL;
	sigset_t		 set;
	char			*addr = NULL, err[512];
	uint16_t		 port;
	int			 rc;

	rc = witness_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (http_listen_parse("--listen", o.listen, &addr, &port, err,
	    sizeof(err)) != 0) {
		warnx("%s", err);
		return EXIT_USAGE;
	}
	rc = EXIT_FAIL;
	log_open("sogoc witness", o.syslog);
	if (store_open_env(o.db, STORE_CREATE, 0, WITNESS_FORMAT, dbs, &st,
	    err, sizeof(err)) != STORE_OK) {
		warnx("%s", err);
		goto out;
	}
	w = witness_of(&o, st);
	if (w == NULL)
		goto out;
	/* Blocked before the server's threads start, which inherit it. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	h = witness_http_start(w, addr, port, 0, err, sizeof(err));
	if (h == NULL) {
		warnx("%s", err);
		rc = EXIT_FATAL;
		goto out;
	}
	log_msg(LOG_NOTICE, "witness: listening on %s:%u, store %s",
	    addr != NULL ? addr : "127.0.0.1", port, o.db);
	witness_wait(w, o.logs, &set);
	log_msg(LOG_NOTICE, "witness: stopping");
	rc = 0;
out:
	witness_http_stop(h);
	witness_free(w);
	store_close(st);
	free(addr);
	log_close();
	return rc;
}
