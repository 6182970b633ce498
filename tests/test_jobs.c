/*
 * test_jobs.c: imports started from the console (staff/jobs.h), raced on
 * purpose: two threads start imports at the same moment, a thousand
 * times, as two reviewers' POST /import would.  Each folder holds one
 * file that is no image, so each import fails at once and the next start
 * must join and free it; before the fix two starts freed the same inputs
 * (a double free, finding 1 of issue 13).  Also: links in the scans
 * folder are neither listed nor imported.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cm.h"

#include "tmpstore.h"
#include "jobs.h"

#define PAIRS	1000

struct racer {
	struct jobs		*j;
	pthread_barrier_t	*go;
	const char		*folder;
	int			 ids[PAIRS];
	char			 err[256];
	int			 refused;
};

static void
write_file(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* scans/a/x.png and scans/b/y.png, neither an image. */
static void
make_scans(const char *dir, char *scans, size_t sz)
{
	char	 p[512];

	snprintf(scans, sz, "%s/scans", dir);
	assert_int_equal(mkdir(scans, 0700), 0);
	snprintf(p, sizeof(p), "%s/a", scans);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/a/x.png", scans);
	write_file(p, "not an image\n");
	snprintf(p, sizeof(p), "%s/b", scans);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/b/y.png", scans);
	write_file(p, "not an image either\n");
}

/* Waits until no import runs; fails the test after 10 s. */
static void
settle(struct jobs *j, int id)
{
	struct job_status	 js;
	int			 i;

	for (i = 0; i < 10000; i++) {
		if (jobs_status(j, id, &js) != 0 || js.state != JOB_RUNNING)
			return;
		usleep(1000);
	}
	fail_msg("import %d still running after 10 s", id);
}

static void *
race(void *arg)
{
	struct racer		*r = arg;
	struct staging_volume	 vol = { NULL, "THPT", 1998, NULL, NULL, 0 };
	int			 i;

	for (i = 0; i < PAIRS; i++) {
		pthread_barrier_wait(r->go);
		r->ids[i] = jobs_start(r->j, r->folder, &vol, "racer", r->err,
		    sizeof(r->err));
		if (r->ids[i] < 0)
			r->refused++;
		pthread_barrier_wait(r->go);	/* both started */
		pthread_barrier_wait(r->go);	/* the main thread settled */
	}
	return NULL;
}

static void
test_starts_raced(void **state)
{
	struct fixture		*f = *state;
	struct racer		 a, b;
	struct job_status	 js;
	pthread_barrier_t	 go;
	pthread_t		 ta, tb;
	struct jobs		*j;
	char			 scans[256];
	int			 i, started = 0;

	make_scans(f->dir, scans, sizeof(scans));
	j = jobs_new(f->st, scans, 3);
	assert_non_null(j);
	assert_int_equal(pthread_barrier_init(&go, NULL, 3), 0);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	a.j = b.j = j;
	a.go = b.go = &go;
	a.folder = "a";
	b.folder = "b";
	assert_int_equal(pthread_create(&ta, NULL, race, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, race, &b), 0);
	for (i = 0; i < PAIRS; i++) {
		pthread_barrier_wait(&go);
		pthread_barrier_wait(&go);
		/* At least one of the two started, and never the same id. */
		assert_true(a.ids[i] > 0 || b.ids[i] > 0);
		assert_true(a.ids[i] != b.ids[i]);
		if (a.ids[i] > 0) {
			settle(j, a.ids[i]);
			started++;
		}
		if (b.ids[i] > 0) {
			settle(j, b.ids[i]);
			started++;
		}
		pthread_barrier_wait(&go);
	}
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_barrier_destroy(&go);
	/* A refusal says why: another import ran. */
	if (a.refused > 0)
		assert_non_null(strstr(a.err, "is running"));
	assert_int_equal(started + a.refused + b.refused, 2 * PAIRS);
	/* The last import failed, naming the file that is no image. */
	i = a.ids[PAIRS - 1] > 0 ? a.ids[PAIRS - 1] : b.ids[PAIRS - 1];
	assert_int_equal(jobs_status(j, i, &js), 0);
	assert_int_equal(js.state, JOB_FAILED);
	assert_int_equal(js.files_failed, 1);
	/* Read by the workers asked for (ocr-jobs). */
	assert_int_equal(js.workers, 3);
	jobs_free(j);
}

struct folders {
	char	 seen[8][64];
	int	 n;
};

static void
seen(void *arg, const char *folder, int n)
{
	struct folders	*fs = arg;

	(void)n;
	if (fs->n < 8)
		snprintf(fs->seen[fs->n++], sizeof(fs->seen[0]), "%s",
		    folder);
}

/* A link in the scans folder, to a folder or a file, is not followed. */
static void
test_links_not_followed(void **state)
{
	struct fixture		*f = *state;
	struct staging_volume	 vol = { NULL, "THPT", 1998, NULL, NULL, 0 };
	struct folders		 fs;
	struct job_status	 js;
	struct jobs		*j;
	char			 scans[256], p[512], q[512], err[256];
	int			 i, id;

	make_scans(f->dir, scans, sizeof(scans));
	/* Outside the scans folder: a folder of scans, and one scan. */
	snprintf(p, sizeof(p), "%s/elsewhere", f->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/elsewhere/secret.png", f->dir);
	write_file(p, "someone else's\n");
	snprintf(p, sizeof(p), "%s/elsewhere", f->dir);
	snprintf(q, sizeof(q), "%s/linked", scans);
	assert_int_equal(symlink(p, q), 0);
	snprintf(p, sizeof(p), "%s/elsewhere/secret.png", f->dir);
	snprintf(q, sizeof(q), "%s/a/link.png", scans);
	assert_int_equal(symlink(p, q), 0);
	j = jobs_new(f->st, scans, 0);
	assert_non_null(j);
	memset(&fs, 0, sizeof(fs));
	jobs_folders(j, seen, &fs);
	for (i = 0; i < fs.n; i++)
		assert_null(strstr(fs.seen[i], "linked"));
	assert_int_equal(fs.n, 2);	/* a and b */
	assert_int_equal(jobs_start(j, "linked", &vol, "t", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "not a folder inside"));
	/* a/ holds x.png and a link: only x.png is read. */
	id = jobs_start(j, "a", &vol, "t", err, sizeof(err));
	assert_true(id > 0);
	settle(j, id);
	assert_int_equal(jobs_status(j, id, &js), 0);
	assert_int_equal(js.files_failed, 1);
	assert_null(strstr(js.msg, "link.png"));
	assert_non_null(strstr(js.msg, "x.png"));
	/* By default a worker a core, as sogoc ocr reads. */
	assert_int_equal(js.workers, (int)sysconf(_SC_NPROCESSORS_ONLN));
	jobs_free(j);
}

CM_MAIN(
	cmocka_unit_test_setup_teardown(test_starts_raced, setup,
	    teardown),
	cmocka_unit_test_setup_teardown(test_links_not_followed,
	    setup, teardown)
)
