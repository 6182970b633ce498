/*
 * publish.h: what follows a publish, so that others can see and check the
 * log: the witnesses of the log's config are asked to cosign the new
 * checkpoint (asker.h), then the tiles directory is brought up to it,
 * checkpoint last, so the checkpoint it serves carries the cosignatures
 * (tiles.h).  A store's commit hook (store_on_commit()) runs it after
 * every commit that appended events.
 *
 * The log is the truth: nothing here undoes or delays a commit that
 * returned.  A witness that is down or slow costs at most the config's
 * timeout and is a warning; one that refuses (a split view, a rollback,
 * a wrong key) is an error in the log, and stays on the console's home
 * page (asker_states()); tiles that could not be written are a warning
 * naming the directory, and the next publish or `sogoc tiles` repairs
 * them.  Messages go to log.h.
 *
 * A publisher is made once per program and may be shared by threads: its
 * lock is held for the whole of each run, so that two commits' hooks ask
 * the witnesses and write the tiles one after the other, the later one
 * seeing both commits.
 */
#ifndef SOGOC_TLOG_PUBLISH_H
#define SOGOC_TLOG_PUBLISH_H

#include "asker.h"
#include "store.h"

struct publisher;

/*
 * A publisher writing tiles into tiles (NULL: none) and asking the
 * witnesses listed in the file witnesses (NULL: none; policy.h), each
 * within timeout seconds.  0, or -1 with why in err (the witnesses file
 * is read and checked here).  Free it with publisher_free() once no store
 * has it as hook.
 */
int		 publisher_new(const char *tiles, const char *witnesses,
		    unsigned int timeout, asker_post_fn *post, void *postarg,
		    struct publisher **out, char *err, size_t errsz);
void		 publisher_free(struct publisher *p);

/* Whether p has anything to do (tiles or witnesses). */
int		 publisher_active(const struct publisher *p);

/*
 * The commit hook (store.h's store_commit_fn), arg the publisher: asks
 * the witnesses, then writes the tiles.  0, or -1 when the tiles could
 * not be written or the store failed.
 */
int		 publisher_hook(struct store *st, uint64_t old, uint64_t size,
		    void *arg);

#endif /* SOGOC_TLOG_PUBLISH_H */
