/*
 * guard.c: the sign-in back-off (see guard.h).
 *
 * A pair is found by a keyed hash of the name and the address, the key
 * drawn at random when the guard is made, so that nobody can choose names
 * that crowd one part of the table.  Each pair also keeps the hash of its
 * name alone, which is how guard_clear() finds every pair of a name.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "guard.h"
#include "sha256.h"

#define PROBES	16	/* slots a pair may sit in */

struct pair {
	uint64_t	 key;		/* 0: free */
	uint64_t	 name;
	unsigned int	 failures;
	time_t		 first;		/* the first failure counted */
	time_t		 last;		/* the latest failure */
	time_t		 until;		/* no try before */
};

struct guard {
	pthread_mutex_t	 lock;
	uint8_t		 seed[32];
	struct pair	 slot[GUARD_SLOTS];
};

struct guard *
guard_new(void)
{
	struct guard	*g;

	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	if (RAND_bytes(g->seed, sizeof(g->seed)) != 1 ||
	    pthread_mutex_init(&g->lock, NULL) != 0) {
		free(g);
		return NULL;
	}
	return g;
}

void
guard_free(struct guard *g)
{
	if (g == NULL)
		return;
	pthread_mutex_destroy(&g->lock);
	explicit_bzero(g->seed, sizeof(g->seed));
	free(g);
}

static uint64_t
u64_of(const uint8_t *d)
{
	uint64_t	 h = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		h = h << 8 | d[i];
	return h != 0 ? h : 1;
}

/* The keyed hash of name, and of name with addr when addr is not NULL;
 * never 0.  (Out of memory, every name hashes alike: the guard then
 * counts failures for all names together, which errs on the safe side.) */
static uint64_t
hash(const struct guard *g, const char *name, const void *addr,
    size_t alen)
{
	uint8_t	 d[SHA256_LEN];

	sha256_2(g->seed, sizeof(g->seed), name, strlen(name), d);
	if (addr != NULL)
		sha256_2(d, sizeof(d), addr, alen, d);
	return u64_of(d);
}

/* The pair of key, or NULL; with make, a slot for it (the idlest one of
 * its probes when all are taken). */
static struct pair *
pair_of(struct guard *g, uint64_t key, uint64_t name, int make)
{
	struct pair	*p, *idle = NULL;
	int		 i;

	for (i = 0; i < PROBES; i++) {
		p = &g->slot[(key + (uint64_t)i) % GUARD_SLOTS];
		if (p->key == key)
			return p;
		if (idle == NULL || p->key == 0 ||
		    (idle->key != 0 && p->last < idle->last))
			idle = p;
	}
	if (!make)
		return NULL;
	memset(idle, 0, sizeof(*idle));
	idle->key = key;
	idle->name = name;
	return idle;
}

unsigned int
guard_wait(struct guard *g, const char *name, const void *addr, size_t alen,
    time_t now, time_t unlocked)
{
	struct pair	*p;
	unsigned int	 wait = 0;

	pthread_mutex_lock(&g->lock);
	p = pair_of(g, hash(g, name, addr, alen), 0, 0);
	if (p != NULL && unlocked != 0 && p->first <= unlocked)
		memset(p, 0, sizeof(*p));
	else if (p != NULL && p->until > now)
		wait = (unsigned int)(p->until - now);
	pthread_mutex_unlock(&g->lock);
	return wait;
}

void
guard_failed(struct guard *g, const char *name, const void *addr,
    size_t alen, time_t now)
{
	struct pair	*p;
	time_t		 wait;
	unsigned int	 over;

	pthread_mutex_lock(&g->lock);
	p = pair_of(g, hash(g, name, addr, alen), hash(g, name, NULL, 0), 1);
	if (p->failures == 0)
		p->first = now;
	if (p->failures < 1000)
		p->failures++;
	p->last = now;
	if (p->failures >= GUARD_FREE_TRIES) {
		over = p->failures - GUARD_FREE_TRIES;
		wait = over < 5 ? (time_t)GUARD_WAIT_FIRST << over :
		    GUARD_WAIT_MAX;
		p->until = now + (wait < GUARD_WAIT_MAX ? wait :
		    GUARD_WAIT_MAX);
	}
	pthread_mutex_unlock(&g->lock);
}

void
guard_passed(struct guard *g, const char *name, const void *addr,
    size_t alen)
{
	struct pair	*p;

	pthread_mutex_lock(&g->lock);
	p = pair_of(g, hash(g, name, addr, alen), 0, 0);
	if (p != NULL)
		memset(p, 0, sizeof(*p));
	pthread_mutex_unlock(&g->lock);
}

unsigned int
guard_held(struct guard *g, const char *name, time_t now, time_t unlocked)
{
	struct pair	*p;
	uint64_t	 h;
	unsigned int	 n = 0;
	size_t		 i;

	pthread_mutex_lock(&g->lock);
	h = hash(g, name, NULL, 0);
	for (i = 0; i < GUARD_SLOTS; i++) {
		p = &g->slot[i];
		if (p->key != 0 && p->name == h && p->until > now &&
		    p->first > unlocked)
			n++;
	}
	pthread_mutex_unlock(&g->lock);
	return n;
}

void
guard_clear(struct guard *g, const char *name)
{
	uint64_t	 h;
	size_t		 i;

	pthread_mutex_lock(&g->lock);
	h = hash(g, name, NULL, 0);
	for (i = 0; i < GUARD_SLOTS; i++)
		if (g->slot[i].key != 0 && g->slot[i].name == h)
			memset(&g->slot[i], 0, sizeof(g->slot[i]));
	pthread_mutex_unlock(&g->lock);
}
