/*
 * jobs.h: imports started from the console, run on a thread of their own.
 *
 * An import reads a folder of scans inside the console's scans folder
 * through the OCR pipeline (batch.h) and stages its rows for review
 * (staging.h), all or nothing, as `sogoc ocr | sogoc import` would.  One
 * import runs at a time; the last few are remembered with their outcome.
 * Only regular files and real folders under the scans folder are listed
 * or read, never what a link points to.
 *
 * jobs_start(), jobs_status() and jobs_folders() may be called from
 * several threads at once (the console's); jobs_new() and jobs_free()
 * from one, with no other call in progress.
 */
#ifndef SOGOC_STAFF_JOBS_H
#define SOGOC_STAFF_JOBS_H

#include <stddef.h>

#include "staging.h"
#include "store.h"

#define JOB_RUNNING	0
#define JOB_DONE	1
#define JOB_FAILED	2

struct job_status {
	int	 id;
	int	 state;
	int	 workers;		/* OCR threads reading it */
	char	 folder[256];		/* relative to the scans folder */
	char	 by[64];
	int	 pages_done, pages_total;
	long	 rows, flagged;
	int	 files_failed;		/* unreadable inputs, skipped */
	size_t	 added;			/* rows staged */
	size_t	 review;		/* of them, waiting for a person */
	size_t	 keypages;		/* pages OCR could not read, staged
					   to be keyed by hand */
	size_t	 hand, read;		/* rows OCR found handwritten, of
					   the rows read */
	int	 suggest_double;	/* mostly handwriting, and not
					   keyed blind: suggest it */
	char	 msg[512];		/* the failure, or the files skipped */
};

struct jobs;

/*
 * Imports from the folder scans into st, each read by workers OCR threads
 * (0: one a core, as `sogoc ocr` does).  NULL when out of memory or scans
 * is not a readable folder (errno).
 */
struct jobs	*jobs_new(struct store *st, const char *scans,
		    unsigned int workers);
/* Waits for a running import, then frees j (NULL is fine). */
void		 jobs_free(struct jobs *j);

/*
 * Calls fn with every folder under the scans folder (the folder itself is
 * "."; two levels deep) that holds scans, and how many.
 */
void		 jobs_folders(struct jobs *j,
		    void (*fn)(void *, const char *, int), void *arg);

/*
 * Starts importing folder (one of jobs_folders) into volume vol for by.
 * Returns the job's id, or -1 with why in err: another import runs, the
 * folder is not one of the scans folder's, or it holds no scans.
 */
int		 jobs_start(struct jobs *j, const char *folder,
		    const struct staging_volume *vol, const char *by,
		    char *err, size_t errsz);

/* The job id's status; -1 when there is none. */
int		 jobs_status(struct jobs *j, int id, struct job_status *out);

#endif /* SOGOC_STAFF_JOBS_H */
