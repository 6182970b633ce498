/*
 * batch.h: read a batch of scanned inputs with a pool of worker threads.
 *
 * Each worker owns one pair of Tesseract instances (struct recog).  Pages are
 * handed out one at a time; results are delivered to the caller in input
 * and page order, from the calling thread, as soon as every earlier page is
 * done, so output streams and nothing already written waits on later work.
 */
#ifndef SOGOC_OCR_BATCH_H
#define SOGOC_OCR_BATCH_H

#include <stddef.h>

struct keypage;
struct page_read;
struct profile;

struct batch_opts {
	int			 jobs;		/* worker threads, >= 1 */
	const struct profile	*profile;	/* may be NULL */
	int			 keep_crops;	/* keep review cell images */
	const char		*tessdata;	/* NULL: Tesseract's default */
};

struct batch_stats {
	int	 inputs;		/* files given */
	int	 inputs_failed;		/* files, or pages of them, unread */
	int	 pages_total;		/* pages in the readable files */
	int	 pages_done;
	int	 pages_failed;
	int	 pages_key;		/* pages to key by hand */
	long	 rows;
	long	 fields;
	long	 flagged;
};

struct batch_cb {
	/* One page read; pr stays valid only during the call. */
	int	(*page)(void *arg, const char *source, int page,
		    const struct page_read *pr);
	/* An input or page could not be read (page 0: the whole file). */
	void	(*error)(void *arg, const char *source, int page,
		    const char *msg);
	/* Called after every page with the running totals. */
	void	(*progress)(void *arg, const struct batch_stats *st);
	void	*arg;
	/*
	 * A page to key by hand (keypage.h): read, but not as a table, or
	 * with far fewer rows than it holds; k stays valid only during the
	 * call, and page counts from 1 even in a one-page file.  NULL: such
	 * a page goes to error instead, as an unreadable one.
	 */
	int	(*key)(void *arg, const char *source, int page,
		    const struct keypage *k);
};

#define BATCH_OK	0
#define BATCH_EINIT	1	/* Tesseract would not start */
#define BATCH_ENOMEM	2
#define BATCH_ECALLBACK	3	/* the page callback returned non-zero */

/*
 * Reads paths[0..npaths) and reports through cb.  Errors about single inputs
 * go to cb->error and are counted in *st; the return value is for failures
 * of the batch itself, with a description in err.
 */
int		 batch_run(char *const *paths, int npaths,
		    const struct batch_opts *opts, const struct batch_cb *cb,
		    struct batch_stats *st, char *err, size_t errsz);

struct dirent;

/* Whether a file name is one of a scan (.png, .jpg, .tif, .pdf, ...). */
int		 batch_is_scan_name(const char *name);

/*
 * The scans directly inside dir, in natural order (p2 before p10), as
 * scandir(3) gives them: *names and each entry are malloc'd.  Returns
 * their number, or -1 with errno set.
 */
int		 batch_scan_dir(const char *dir, struct dirent ***names);

#endif /* SOGOC_OCR_BATCH_H */
