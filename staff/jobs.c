/*
 * jobs.c: imports run from the console (see jobs.h).
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "jobs.h"
#include "locked.h"
#include "output.h"
#include "strv.h"

#define JOBS_KEPT	16	/* statuses remembered */
#define JOB_FILES_MAX	5000

struct jobs {
	struct store		*st;
	char			*scans;
	int			 workers;	/* OCR threads of an import */
	pthread_mutex_t		 lock;
	pthread_t		 thread;
	int			 running;	/* a thread to join */
	int			 next_id;
	struct job_status	 kept[JOBS_KEPT];	/* by id % JOBS_KEPT */
	/* The running job's inputs. */
	char			**paths;
	int			 npaths;
	struct staging_volume	 vol;
	char			*vol_strs[4];
	char			 by[64];
	int			 id;
	FILE			*rows;
};

struct jobs *
jobs_new(struct store *st, const char *scans, unsigned int workers)
{
	struct jobs	*j;
	struct stat	 sb;
	long		 n;

	if (stat(scans, &sb) != 0)
		return NULL;
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		return NULL;
	}
	j = locked_new(sizeof(*j), offsetof(struct jobs, lock));
	if (j == NULL)
		return NULL;
	j->st = st;
	j->scans = strdup(scans);
	j->next_id = 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	j->workers = workers > 0 && workers <= 256 ? (int)workers :
	    n > 0 && n <= 256 ? (int)n : 1;
	if (j->scans == NULL) {
		jobs_free(j);
		errno = ENOMEM;
		return NULL;
	}
	return j;
}

static void
job_inputs_free(struct jobs *j)
{
	int	 i;

	strv_free(j->paths, (size_t)j->npaths);
	j->paths = NULL;
	j->npaths = 0;
	for (i = 0; i < 4; i++) {
		free(j->vol_strs[i]);
		j->vol_strs[i] = NULL;
	}
	if (j->rows != NULL)
		fclose(j->rows);
	j->rows = NULL;
}

void
jobs_free(struct jobs *j)
{
	if (j == NULL)
		return;
	if (j->running)
		pthread_join(j->thread, NULL);
	job_inputs_free(j);
	free(j->scans);
	locked_free(j, sizeof(*j), offsetof(struct jobs, lock), 0);
}

static struct job_status *
job_of(struct jobs *j, int id)
{
	struct job_status	*s = &j->kept[id % JOBS_KEPT];

	return s->id == id ? s : NULL;
}

static int
job_page(void *arg, const char *source, int page, const struct page_read *pr)
{
	struct jobs	*j = arg;

	return output_jsonl(j->rows, source, page, pr);
}

/* A page to key by hand is staged as one (staging.h) like the rows. */
static int
job_key(void *arg, const char *source, int page, const struct keypage *k)
{
	struct jobs	*j = arg;

	return output_key_jsonl(j->rows, source, page, k);
}

static void
job_error(void *arg, const char *source, int page, const char *msg)
{
	struct jobs		*j = arg;
	struct job_status	*s;
	const char		*name = strrchr(source, '/');
	size_t			 n;

	pthread_mutex_lock(&j->lock);
	s = job_of(j, j->id);
	if (s != NULL) {
		s->files_failed++;
		n = strlen(s->msg);
		if (n + 1 < sizeof(s->msg))
			snprintf(s->msg + n, sizeof(s->msg) - n, "%s%s%s%.0d: "
			    "%s", n > 0 ? "; " : "", name ? name + 1 : source,
			    page > 0 ? " page " : "", page, msg);
	}
	pthread_mutex_unlock(&j->lock);
}

static void
job_progress(void *arg, const struct batch_stats *bs)
{
	struct jobs		*j = arg;
	struct job_status	*s;

	pthread_mutex_lock(&j->lock);
	s = job_of(j, j->id);
	if (s != NULL) {
		s->pages_done = bs->pages_done;
		s->pages_total = bs->pages_total;
		s->rows = bs->rows;
		s->flagged = bs->flagged;
	}
	pthread_mutex_unlock(&j->lock);
}

static void *
job_run(void *arg)
{
	struct jobs			*j = arg;
	struct batch_opts		 bo = { j->workers, NULL, 0, NULL };
	struct batch_cb			 cb = { job_page, job_error,
					    job_progress, j, job_key };
	struct batch_stats		 bs;
	struct staging_import_stats	 is;
	struct job_status		*s;
	char				 err[512] = "";
	size_t				 n;
	int				 rc, state = JOB_FAILED;

	memset(&bs, 0, sizeof(bs));
	memset(&is, 0, sizeof(is));
	rc = batch_run(j->paths, j->npaths, &bo, &cb, &bs, err, sizeof(err));
	if (rc == BATCH_OK && bs.rows == 0 && bs.pages_key == 0)
		snprintf(err, sizeof(err), "no row could be read from any "
		    "page; nothing was staged");
	else if (rc == BATCH_OK && fflush(j->rows) == 0 && !ferror(j->rows)) {
		rewind(j->rows);
		rc = staging_import_jsonl(j->st, "-", j->rows, NULL, &j->vol,
		    j->by, &is);
		if (rc == STORE_OK)
			state = JOB_DONE;
		else
			snprintf(err, sizeof(err), "nothing was staged: %s",
			    store_errmsg(j->st));
	} else if (err[0] == '\0')
		snprintf(err, sizeof(err), "the rows could not be kept");
	pthread_mutex_lock(&j->lock);
	s = job_of(j, j->id);
	if (s != NULL) {
		s->state = state;
		s->added = is.added + is.replaced;
		s->review = is.review;
		s->keypages = is.keypages;
		s->hand = is.hand;
		s->read = is.rows;
		s->suggest_double = staging_mostly_hand(&is) &&
		    !j->vol.double_key;
		/* The files skipped stay named after the failure. */
		if (state == JOB_FAILED) {
			n = strlen(s->msg);
			snprintf(s->msg + n, sizeof(s->msg) - n, "%s%s",
			    n > 0 ? "; " : "", err);
		}
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/*
 * Whether folder names a folder inside the scans folder: no "..", and
 * each part of it a folder, not a link to one elsewhere.
 */
static int
folder_ok(const struct jobs *j, const char *folder)
{
	struct stat	 sb;
	const char	*p;
	char		 path[4400];
	size_t		 i;
	int		 n;

	if (folder[0] == '/' || strlen(folder) >= 256)
		return 0;
	for (p = folder; *p != '\0'; p++)
		if (*p < ' ' || *p == '\\')
			return 0;
	if (strcmp(folder, "..") == 0 || strncmp(folder, "../", 3) == 0 ||
	    strstr(folder, "/../") != NULL || (strlen(folder) >= 3 &&
	    strcmp(folder + strlen(folder) - 3, "/..") == 0))
		return 0;
	for (i = 1; folder[0] != '\0'; i++) {
		if (folder[i] != '/' && folder[i] != '\0')
			continue;
		n = snprintf(path, sizeof(path), "%s/%.*s", j->scans, (int)i,
		    folder);
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    lstat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return 0;
		if (folder[i] == '\0')
			break;
	}
	return 1;
}

/*
 * The scans directly inside dir, as batch_scan_dir() gives them, less any
 * that is not a regular file: a link in the scans folder (to /etc, or to
 * another department's scans) is neither listed nor read.
 */
static int
scans_list(const char *dir, struct dirent ***names)
{
	struct stat	 sb;
	char		 path[4400];
	int		 i, k, n;

	n = batch_scan_dir(dir, names);
	for (i = 0, k = 0; i < n; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir,
		    (*names)[i]->d_name) < (int)sizeof(path) &&
		    lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			(*names)[k++] = (*names)[i];
		else
			free((*names)[i]);
	}
	return n < 0 ? n : k;
}

static int
folder_scans(const char *dir)
{
	struct dirent	**names;
	int		  i, n;

	n = scans_list(dir, &names);
	for (i = 0; i < n; i++)
		free(names[i]);
	if (n >= 0)
		free(names);
	return n;
}

static void
walk(struct jobs *j, const char *rel, int depth,
    void (*fn)(void *, const char *, int), void *arg)
{
	struct dirent	*d;
	struct stat	 sb;
	DIR		*dp;
	char		 full[4096], sub[256];
	int		 n;

	snprintf(full, sizeof(full), "%s/%s", j->scans, rel);
	n = folder_scans(full);
	if (n > 0)
		fn(arg, rel, n);
	if (depth == 0 || (dp = opendir(full)) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", strcmp(rel, ".") ?
		    rel : "", strcmp(rel, ".") ? "/" : "", d->d_name) >=
		    (int)sizeof(sub))
			continue;
		snprintf(full, sizeof(full), "%s/%s", j->scans, sub);
		/* Folders, not links to them. */
		if (lstat(full, &sb) == 0 && S_ISDIR(sb.st_mode))
			walk(j, sub, depth - 1, fn, arg);
	}
	closedir(dp);
}

void
jobs_folders(struct jobs *j, void (*fn)(void *, const char *, int),
    void *arg)
{
	walk(j, ".", 2, fn, arg);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

/* Takes the n scans names[] of dir (freeing them), the volume and by as
 * the next import's inputs; -1 with why in err. */
static int
job_inputs_set(struct jobs *j, const char *dir, struct dirent **names,
    int n, const struct staging_volume *vol, const char *by, char *err,
    size_t errsz)
{
	char	 path[4096];
	int	 i;

	job_inputs_free(j);
	j->paths = calloc((size_t)n, sizeof(*j->paths));
	for (i = 0; i < n; i++) {
		if (j->paths != NULL && snprintf(path, sizeof(path), "%s/%s",
		    dir, names[i]->d_name) < (int)sizeof(path))
			j->paths[j->npaths++] = strdup(path);
		free(names[i]);
	}
	free(names);
	j->vol_strs[0] = dup_or_null(vol->authority);
	j->vol_strs[1] = dup_or_null(vol->type);
	j->vol_strs[2] = dup_or_null(vol->decision);
	j->vol_strs[3] = dup_or_null(vol->decision_date);
	j->vol = (struct staging_volume){ j->vol_strs[0], j->vol_strs[1],
	    vol->year, j->vol_strs[2], j->vol_strs[3], vol->double_key };
	snprintf(j->by, sizeof(j->by), "%s", by);
	j->rows = tmpfile();
	for (i = 0; j->paths != NULL && i < j->npaths; i++)
		if (j->paths[i] == NULL)
			break;
	if (j->paths == NULL || i < j->npaths || j->npaths < n ||
	    j->rows == NULL || j->vol.type == NULL) {
		snprintf(err, errsz, j->vol.type == NULL && j->paths != NULL ?
		    "the volume needs a diploma type" : "out of memory or "
		    "no temporary file");
		job_inputs_free(j);
		return -1;
	}
	return 0;
}

int
jobs_start(struct jobs *j, const char *folder,
    const struct staging_volume *vol, const char *by, char *err,
    size_t errsz)
{
	struct dirent		**names = NULL;
	struct job_status	 *s;
	char			  dir[4096];
	int			  i, n, id = -1;

	if (!folder_ok(j, folder)) {
		snprintf(err, errsz, "\"%s\" is not a folder inside the scans "
		    "folder", folder);
		return -1;
	}
	n = snprintf(dir, sizeof(dir), "%s/%s", j->scans, folder);
	if (n < 0 || (size_t)n >= sizeof(dir) ||
	    (n = scans_list(dir, &names)) < 0) {
		snprintf(err, errsz, "%s cannot be read: %s", folder,
		    strerror(errno));
		return -1;
	}
	if (n == 0 || n > JOB_FILES_MAX) {
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		snprintf(err, errsz, n == 0 ? "%s holds no scans (PNG, JPEG, "
		    "TIFF, PDF)" : "%s holds more than 5000 scans: import it "
		    "in parts", folder);
		return -1;
	}
	/*
	 * From the check that no import runs to the new thread's start, one
	 * lock: two requests at once must not both join and free the last
	 * import.  Joining under it cannot wait on us, since the last thing
	 * an import's thread does under the lock is to set its outcome.
	 */
	pthread_mutex_lock(&j->lock);
	s = j->running ? job_of(j, j->id) : NULL;
	if (s != NULL && s->state == JOB_RUNNING) {
		snprintf(err, errsz, "an import of %s by %s is running; wait "
		    "for it to finish", s->folder, s->by);
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		goto out;
	}
	if (j->running) {
		pthread_join(j->thread, NULL);
		j->running = 0;
	}
	if (job_inputs_set(j, dir, names, n, vol, by, err, errsz) != 0)
		goto out;
	id = j->next_id++;
	j->id = id;
	s = &j->kept[id % JOBS_KEPT];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->state = JOB_RUNNING;
	s->workers = j->workers;
	snprintf(s->folder, sizeof(s->folder), "%s", folder);
	snprintf(s->by, sizeof(s->by), "%s", by);
	if (pthread_create(&j->thread, NULL, job_run, j) != 0) {
		s->state = JOB_FAILED;
		snprintf(s->msg, sizeof(s->msg), "no thread for the import");
		job_inputs_free(j);
		snprintf(err, errsz, "no thread for the import");
		id = -1;
		goto out;
	}
	j->running = 1;
out:
	pthread_mutex_unlock(&j->lock);
	return id;
}

int
jobs_status(struct jobs *j, int id, struct job_status *out)
{
	struct job_status	*s;
	int			 rc = -1;

	pthread_mutex_lock(&j->lock);
	s = id > 0 ? job_of(j, id) : NULL;
	if (s != NULL) {
		*out = *s;
		rc = 0;
	}
	pthread_mutex_unlock(&j->lock);
	return rc;
}
