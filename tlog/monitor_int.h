/*
 * monitor_int.h: what the files of the monitor (monitor.c, monitor_db.c)
 * share, private to tlog/.  A struct mon_run is one call of monitor_run()
 * and belongs to its thread.
 */
#ifndef SOGOC_TLOG_MONITOR_INT_H
#define SOGOC_TLOG_MONITOR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "monitor.h"

#define MON_URL_MAX	2048
#define MON_ERR_MAX	512
#define MON_WINDOW_MAX	32	/* bundles fetched ahead at most */
/* Caps of answers: room for twice a full tile (a longer tile is named
 * wrong, not cut off), and w entries of the longest. */
#define MON_TILE_MAX		(2 * TILE_FULL_BYTES)
#define MON_BUNDLE_MAX(w)	((size_t)(w) * \
				    TILE_BUNDLE_ENTRY_SIZE(TILE_ENTRY_MAX))

/* An answer fetched ahead (monitor_fetch.c), until mon_get() takes it. */
struct mon_pre {
	char		 path[TILE_PATH_MAX];
	char		 url[MON_URL_MAX];
	size_t		 max;
	char		*body;
	size_t		 len;
	long		 status;
	int		 rc;		/* the get's: 0 or -1 with err */
	int		 taken;
	char		 err[MON_ERR_MAX];
};

/* A full tile verified in this run, for the `tiles` database. */
struct mon_tile {
	int		 level;
	uint64_t	 n;
	uint8_t		 hash[MERKLE_HASH_LEN];
};

struct mon_run {
	struct store			*st;
	const struct monitor_log	*log;
	const struct monitor_io		*io;
	struct monitor_result		*res;
	struct monitor_state		*s;	/* extended in place */
	int				 known;	/* it had a state */
	uint64_t			 old_size;
	uint8_t				 old_root[MERKLE_HASH_LEN];
	char				*note;	/* new checkpoint */
	size_t				 notelen;
	struct mon_tile			*tiles;
	size_t				 ntiles, captiles;
	struct mon_pre			*pre;	/* the window */
	size_t				 npre;
	uint64_t			 pre_next;	/* bundle after it */
};

/* monitor.c: the message of a failure into r->res; returns code. */
int	 mon_fail(struct mon_run *r, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* monitor_fetch.c: GETs the log's path (at most max bytes), or takes it
 * from the window; only a 200 is MONITOR_OK. */
int	 mon_get(struct mon_run *r, const char *path, size_t max,
	    char **body, size_t *len);
/* GETs tile (L, n) of width w (path gets its name); w hashes exactly. */
int	 mon_get_tile(struct mon_run *r, int L, uint64_t n, unsigned int w,
	    char **body, char *path, size_t pathsz);
/* GETs entry bundle n of width w (path gets its name) and parses it
 * strictly into e (w entries pointing into *body, which the caller
 * frees, also on failure). */
int	 mon_get_bundle(struct mon_run *r, uint64_t n, unsigned int w,
	    char **body, struct tile_entry *e, char *path, size_t pathsz);

/* Fetches, on io->parallel threads, the bundles from n on in a tree of
 * size to, and the level-0 tiles they fill, into the window (the answers
 * not taken before are dropped); nothing when io->parallel < 2. */
int	 mon_prefetch(struct mon_run *r, uint64_t n, uint64_t to);
/* Frees the answers of the window not taken. */
void	 mon_prefetch_clear(struct mon_run *r);

/* monitor_db.c: the state of r->log from the store into r->s. */
int	 mon_load(struct mon_run *r);
/* One write transaction: r->s and the tiles of r, if the stored state
 * is still the one loaded. */
int	 mon_save(struct mon_run *r);
/* Fetches io->recheck of the stored full tiles again and compares. */
int	 mon_recheck(struct mon_run *r);

#endif /* SOGOC_TLOG_MONITOR_INT_H */
