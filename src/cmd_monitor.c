/*
 * cmd_monitor.c: `sogoc monitor`, a ministry following every
 * department's log (tlog/monitor.h): it reads the logs file, runs the
 * monitor on each log (--jobs of them at once), prints one line per log
 * and turns the results into the exit status.
 */
#include "config.h"

#include <err.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_int.h"
#include "logsfile.h"
#include "monitor.h"
#include "store.h"

#define LOGS_MAX	1024
#define JOBS_MAX	64

struct mlogs {
	struct logsfile		*lf;
	struct monitor_log	 log[LOGS_MAX];
	struct monitor_result	 res[LOGS_MAX];
	int			 rc[LOGS_MAX];
	size_t			 n, next;
	struct store		*st;
	struct monitor_io	 io;
	pthread_mutex_t		 mu;
	double			 shown;
};

/* Reads the logs file (tlog/logsfile.h) into m: 0, or -1 after a
 * message. */
static int
logs_read(struct mlogs *m, const char *path)
{
	const struct logsfile_log	*l;
	char				 err[512];
	size_t				 i;

	if (logsfile_read(path, LOGSFILE_NEED_URL, &m->lf, err,
	    sizeof(err)) != LOGSFILE_OK) {
		warnx("%s: %s", path, err);
		return -1;
	}
	if (m->lf->nlogs == 0 || m->lf->nlogs > LOGS_MAX) {
		warnx("%s: %zu logs (1 to %d)", path, m->lf->nlogs, LOGS_MAX);
		return -1;
	}
	for (i = 0; i < m->lf->nlogs; i++) {
		l = &m->lf->logs[i];
		if (strlen(l->origin) > MONITOR_ORIGIN_MAX) {
			warnx("%s:%zu: an origin of over %d bytes", path,
			    l->line, MONITOR_ORIGIN_MAX);
			return -1;
		}
		m->log[i].origin = l->origin;
		m->log[i].keys = l->keys;
		m->log[i].nkeys = l->nkeys;
		m->log[i].url = l->url;
	}
	m->n = m->lf->nlogs;
	return 0;
}

/* A progress line on a terminal, at most twice a second. */
static void
progress(void *arg, const char *origin, uint64_t done, uint64_t total)
{
	struct mlogs	*m = arg;
	struct timespec	 ts;
	double		 now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec + ts.tv_nsec / 1e9;
	pthread_mutex_lock(&m->mu);
	if (now - m->shown >= 0.5 || done == total) {
		m->shown = now;
		fprintf(stderr, "\r%s: %llu of %llu entries verified ", origin,
		    (unsigned long long)done, (unsigned long long)total);
		if (done == total)
			fputc('\n', stderr);
	}
	pthread_mutex_unlock(&m->mu);
}

static void *
worker(void *arg)
{
	struct mlogs	*m = arg;
	size_t		 i;

	for (;;) {
		pthread_mutex_lock(&m->mu);
		i = m->next++;
		pthread_mutex_unlock(&m->mu);
		if (i >= m->n)
			return NULL;
		m->rc[i] = monitor_run(m->st, &m->log[i], &m->io, &m->res[i]);
	}
}

/* Runs the logs on jobs threads (this one included). */
static void
run_all(struct mlogs *m, uint64_t jobs)
{
	pthread_t	 th[JOBS_MAX];
	size_t		 i, n = 0;

	if (jobs > m->n)
		jobs = m->n;
	for (i = 1; i < jobs && i < JOBS_MAX; i++)
		if (pthread_create(&th[n], NULL, worker, m) == 0)
			n++;
	worker(m);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
}

/* Prints each log's line; the exit status of them all. */
static int
report(const struct mlogs *m)
{
	const struct monitor_result	*r;
	size_t				 i;
	int				 bad = 0, local = 0, fetch = 0;

	for (i = 0; i < m->n; i++) {
		r = &m->res[i];
		if (m->rc[i] == MONITOR_OK) {
			printf("OK %s %llu\n", m->log[i].origin,
			    (unsigned long long)r->size);
			fprintf(stderr, "%s: %llu new entries, %llu requests, "
			    "%llu bytes\n", m->log[i].origin,
			    (unsigned long long)(r->size - r->old),
			    (unsigned long long)r->requests,
			    (unsigned long long)r->bytes);
			continue;
		}
		printf("FAIL %s: %s%s\n", m->log[i].origin,
		    m->rc[i] == MONITOR_EFETCH ? "cannot fetch: " :
		    m->rc[i] == MONITOR_ELOCAL ? "monitor error: " : "",
		    r->msg);
		bad |= m->rc[i] == MONITOR_EBAD;
		local |= m->rc[i] == MONITOR_ELOCAL;
		fetch |= m->rc[i] == MONITOR_EFETCH;
	}
	return bad ? EXIT_FAIL : local ? EXIT_USAGE : fetch ? EXIT_FATAL : 0;
}

/* --recheck N|all into the uint64_t at dst. */
static int
recheck_opt(void *dst, int ch, const char *name)
{
	(void)ch;
	if (strcmp(optarg, "all") == 0) {
		*(uint64_t *)dst = MONITOR_RECHECK_ALL;
		return -1;
	}
	return parse_u64(optarg, dst, name) == 0 ? -1 : EXIT_USAGE;
}

int
cmd_monitor(int argc, char **argv)
{
	static struct mlogs	 m;
	struct common		 c;
	const char		*logs = NULL, *db = "monitor.db";
	uint64_t		 jobs = 4, conns = 8;
	char			 err[512];
	const struct cmd_opt	 opts[] = {
		OPT_STR("logs", 'l', &logs),
		OPT_STR("db", 'd', &db),
		OPT_COUNT("jobs", 'j', &jobs),
		OPT_COUNT("connections", 'c', &conns),
		OPT_FN("recheck", 'r', &m.io.recheck, recheck_opt),
		OPT_END
	};
	int			 rc;

	rc = cmd_getopt(argc, argv, "l:d:j:c:r:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || logs == NULL)
		return usage_of(argv[0], stderr);
	rc = EXIT_USAGE;
	if (logs_read(&m, logs) != 0)
		goto out;
	/* Threads write one at a time through the store's lock. */
	if (monitor_open(db, STORE_CREATE | STORE_SHARED, c.mapsize, &m.st,
	    err, sizeof(err)) != STORE_OK) {
		warnx("%s", err);
		goto out;
	}
	m.io.parallel = conns > 32 ? 32 : (unsigned int)conns;
	if (isatty(STDERR_FILENO)) {
		m.io.progress = progress;
		m.io.progress_arg = &m;
	}
	pthread_mutex_init(&m.mu, NULL);
	run_all(&m, jobs);
	pthread_mutex_destroy(&m.mu);
	rc = report(&m);
out:
	store_close(m.st);
	logsfile_free(m.lf);
	return rc;
}
