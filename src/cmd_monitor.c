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
#include "fetch.h"
#include "monitor.h"
#include "note.h"
#include "store.h"

#define LOGS_MAX	1024
#define JOBS_MAX	64

struct mlogs {
	struct monitor_log	 log[LOGS_MAX];
	struct monitor_result	 res[LOGS_MAX];
	int			 rc[LOGS_MAX];
	char			*line[LOGS_MAX];
	size_t			 n, next;
	struct store		*st;
	struct monitor_io	 io;
	pthread_mutex_t		 mu;
	double			 shown;
};

/* Splits the next white-space separated field off *p; NULL at the end. */
static char *
field(char **p)
{
	char	*f;

	*p += strspn(*p, " \t");
	if (**p == '\0')
		return NULL;
	f = *p;
	*p += strcspn(*p, " \t");
	if (**p != '\0')
		*(*p)++ = '\0';
	return f;
}

/* One line of the logs file, "<origin> <vkey> <url>", into m. */
static int
logs_line(struct mlogs *m, char *line, const char *path, size_t lineno)
{
	struct monitor_log	*l = &m->log[m->n];
	char			*p = line, *origin, *vkey, *url;

	origin = field(&p);
	if (origin == NULL || origin[0] == '#')
		return 0;
	vkey = field(&p);
	url = field(&p);
	if (vkey == NULL || url == NULL || field(&p) != NULL) {
		warnx("%s:%zu: not \"<origin> <verifier key> <tiles URL>\"",
		    path, lineno);
		return -1;
	}
	if (m->n == LOGS_MAX || strlen(origin) > MONITOR_ORIGIN_MAX) {
		warnx("%s:%zu: too many logs, or too long an origin", path,
		    lineno);
		return -1;
	}
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		warnx("%s:%zu: the tiles URL is not http(s)", path, lineno);
		return -1;
	}
	if (note_verifier_new(vkey, &l->key) != NOTE_OK) {
		warnx("%s:%zu: not a verifier key", path, lineno);
		return -1;
	}
	l->origin = origin;
	l->url = url;
	m->line[m->n++] = line;
	return 0;
}

/* Reads the logs file: 0, or -1 after a message. */
static int
logs_read(struct mlogs *m, const char *path)
{
	FILE	*fp;
	char	*line = NULL;
	size_t	 cap = 0, lineno = 0;
	ssize_t	 len;
	int	 rc = 0;

	fp = fopen(path, "r");
	if (fp == NULL) {
		warn("%s", path);
		return -1;
	}
	while (rc == 0) {
		len = getline(&line, &cap, fp);
		if (len == -1)
			break;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		rc = logs_line(m, line, path, lineno);
		if (m->n > 0 && m->line[m->n - 1] == line) {
			line = NULL;	/* the log keeps it */
			cap = 0;
		}
	}
	free(line);
	fclose(fp);
	if (rc == 0 && m->n == 0) {
		warnx("%s: no logs", path);
		rc = -1;
	}
	return rc;
}

static int
get(void *arg, const char *url, size_t max, char **body, size_t *len,
    long *status, char *err, size_t errsz)
{
	(void)arg;
	return fetch_get(url, max, body, len, status, err, errsz);
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
	const struct store_db	*const schemas[] = { monitor_dbs, NULL };
	const char		*logs = NULL, *db = "monitor.db";
	uint64_t		 jobs = 4;
	char			 err[512];
	const struct cmd_opt	 opts[] = {
		OPT_STR("logs", 'l', &logs),
		OPT_STR("db", 'd', &db),
		OPT_COUNT("jobs", 'j', &jobs),
		OPT_FN("recheck", 'r', &m.io.recheck, recheck_opt),
		OPT_END
	};
	size_t			 i;
	int			 rc;

	rc = cmd_getopt(argc, argv, "l:d:j:r:h", opts, &c);
	if (rc >= 0)
		return rc;
	if (optind != argc || logs == NULL)
		return usage_of(argv[0], stderr);
	if (logs_read(&m, logs) != 0)
		return EXIT_USAGE;
	/* Threads write one at a time through the store's lock. */
	rc = EXIT_USAGE;
	if (store_open(db, STORE_CREATE | STORE_SHARED, c.mapsize, schemas,
	    &m.st, err, sizeof(err)) != STORE_OK) {
		warnx("%s", err);
		goto out;
	}
	m.io.get = get;
	m.io.get_arg = &m;
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
	for (i = 0; i < m.n; i++) {
		note_verifier_free(m.log[i].key);
		free(m.line[i]);
	}
	return rc;
}
