/*
 * publish.c: the work after each publish (publish.h): ask the witnesses,
 * then write the tiles, under the publisher's one lock.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "policy.h"
#include "publish.h"
#include "tiles.h"

struct publisher {
	pthread_mutex_t	 lock;		/* held for a whole run */
	char		*tiles;		/* NULL: none */
	struct policy	 witnesses;
	long		 timeout_ms;
	asker_post_fn	*post;
	void		*postarg;
};

int
publisher_new(const char *tiles, const char *witnesses, unsigned int timeout,
    asker_post_fn *post, void *postarg, struct publisher **out, char *err,
    size_t errsz)
{
	struct publisher	*p;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL || (tiles != NULL && (p->tiles = strdup(tiles)) ==
	    NULL)) {
		free(p);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (witnesses != NULL && policy_load(witnesses, &p->witnesses, err,
	    errsz) != 0) {
		free(p->tiles);
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->lock, NULL);
	p->timeout_ms = (long)timeout * 1000;
	p->post = post;
	p->postarg = postarg;
	*out = p;
	return 0;
}

void
publisher_free(struct publisher *p)
{
	if (p == NULL)
		return;
	pthread_mutex_destroy(&p->lock);
	policy_clear(&p->witnesses);
	free(p->tiles);
	free(p);
}

int
publisher_active(const struct publisher *p)
{
	return p != NULL && (p->tiles != NULL || p->witnesses.n > 0);
}

/* Asks the witnesses and says what each did. */
static int
ask(struct publisher *p, struct store *st, uint64_t size)
{
	struct asker_result	 res[POLICY_MAX];
	char			 err[512];
	size_t			 i, ok = 0;
	int			 rc;

	rc = asker_ask(st, p->witnesses.w, p->witnesses.n, p->timeout_ms,
	    p->post, p->postarg, res, err, sizeof(err));
	if (rc != STORE_OK) {
		log_msg(LOG_ERR, "ERROR: the witnesses were not asked to "
		    "cosign size %" PRIu64 ": %s", size, err);
		return -1;
	}
	for (i = 0; i < p->witnesses.n; i++) {
		if (res[i].state == ASKER_OK) {
			ok++;
			continue;
		}
		log_msg(res[i].state == ASKER_REFUSED ? LOG_ERR : LOG_WARNING,
		    "%s: witness %s (%s) %s: %s", res[i].state ==
		    ASKER_REFUSED ? "ERROR" : "WARNING", p->witnesses.w[i].name,
		    p->witnesses.w[i].url, res[i].state == ASKER_REFUSED ?
		    "REFUSED the log's checkpoint" : "did not cosign",
		    res[i].msg);
	}
	log_msg(LOG_INFO, "%zu of %zu witnesses cosigned the checkpoint",
	    ok, p->witnesses.n);
	return 0;
}

/* Brings the tiles up to the log. */
static int
tiles(struct publisher *p, struct store *st, uint64_t size)
{
	struct tiles_stats	 ts;
	char			 msg[768];

	if (tiles_sync(st, p->tiles, 0, &ts, msg, sizeof(msg)) == TILES_OK)
		return 0;
	log_msg(LOG_WARNING, "WARNING: the log's tiles in %s are not at size "
	    "%" PRIu64 ": %s.  What was published stands; the next publish "
	    "or `sogoc tiles --out %s` brings them up to date", p->tiles,
	    size, msg, p->tiles);
	return -1;
}

int
publisher_hook(struct store *st, uint64_t old, uint64_t size, void *arg)
{
	struct publisher	*p = arg;
	int			 rc = 0;

	(void)old;
	pthread_mutex_lock(&p->lock);
	if (p->witnesses.n > 0 && ask(p, st, size) != 0)
		rc = -1;
	if (p->tiles != NULL && tiles(p, st, size) != 0)
		rc = -1;
	pthread_mutex_unlock(&p->lock);
	return rc;
}
