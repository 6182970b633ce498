/*
 * guard.c: the sign-in back-off (see guard.h).
 *
 * A pair (a name and an address) and a name's bucket are found by a keyed
 * hash, the key drawn at random when the guard is made, so that nobody
 * can choose names that crowd one part of a table.  Each pair also keeps
 * the hash of its name alone, which is how guard_clear() and guard_held()
 * find every pair of a name.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "guard.h"
#include "locked.h"
#include "ratelimit.h"
#include "sha256.h"

#define PROBES		16	/* slots a pair or a name may sit in */
#define KNOWN_SECONDS	((time_t)GUARD_KNOWN_DAYS * 86400)

struct pair {
	uint64_t	 key;		/* 0: free */
	uint64_t	 name;
	unsigned int	 failures;
	time_t		 first;		/* the first failure counted */
	time_t		 last;		/* the latest failure */
	time_t		 until;		/* no try before */
	time_t		 known_until;	/* signed in from here: known */
};

/* A name's wrong passwords from anywhere, as a token bucket. */
struct bucket {
	uint64_t		 name;	/* 0: free (or the overflow) */
	struct ratelimit_bucket	 tb;	/* GUARD_NAME_PER_HOUR */
	time_t			 first;	/* first taken since full, 0:
					   full */
};

struct guard {
	pthread_mutex_t	 lock;
	uint8_t		 seed[32];
	struct pair	 slot[GUARD_SLOTS];
	struct bucket	 names[GUARD_NAMES];
	struct bucket	 overflow;	/* names that found no room */
};

static void
bucket_fill(struct bucket *b, uint64_t name, time_t now)
{
	b->name = name;
	ratelimit_bucket_fill(&b->tb, GUARD_NAME_BURST, (double)now);
	b->first = 0;
}

struct guard *
guard_new(void)
{
	struct guard	*g;

	g = locked_new(sizeof(*g), offsetof(struct guard, lock));
	if (g == NULL)
		return NULL;
	if (RAND_bytes(g->seed, sizeof(g->seed)) != 1) {
		guard_free(g);
		return NULL;
	}
	bucket_fill(&g->overflow, 0, 0);
	return g;
}

void
guard_free(struct guard *g)
{
	/* Wiped: the seed keys the hashes of names and addresses. */
	locked_free(g, sizeof(*g), offsetof(struct guard, lock), 1);
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

	if (sha256_2(g->seed, sizeof(g->seed), name, strlen(name), d) != 0 ||
	    (addr != NULL && sha256_2(d, sizeof(d), addr, alen, d) != 0))
		return 1;	/* every name alike, as said above */
	return u64_of(d);
}

/* Brings b's tokens up to now; whether it is full. */
static int
bucket_refill(struct bucket *b, time_t now)
{
	if (ratelimit_bucket_refill(&b->tb, GUARD_NAME_PER_HOUR / 3600.0,
	    GUARD_NAME_BURST, (double)now)) {
		b->first = 0;
		return 1;
	}
	return 0;
}

/* Whether p may give way to another pair: neither held, nor known, nor
 * counting failures that could still lead to a hold. */
static int
pair_idle(const struct pair *p, time_t now)
{
	return p->key == 0 || (p->until <= now && p->known_until <= now &&
	    p->last + GUARD_WAIT_MAX <= now);
}

/* The pair of key, or NULL; with make, a slot for it: a free or idle one
 * of its probes (the one idle longest), or NULL when all are in use. */
static struct pair *
pair_of(struct guard *g, uint64_t key, uint64_t name, int make, time_t now)
{
	struct pair	*p, *idle = NULL;
	int		 i;

	for (i = 0; i < PROBES; i++) {
		p = &g->slot[(key + (uint64_t)i) % GUARD_SLOTS];
		if (p->key == key)
			return p;
		if (pair_idle(p, now) && (idle == NULL || p->key == 0 ||
		    (idle->key != 0 && p->last < idle->last)))
			idle = p;
	}
	if (!make || idle == NULL)
		return NULL;
	memset(idle, 0, sizeof(*idle));
	idle->key = key;
	idle->name = name;
	return idle;
}

/* The bucket of name: its own, or with make a full one it may take, or
 * the overflow; without make and none of its own, the overflow too
 * (NULL when the overflow is full: nothing to hold back). */
static struct bucket *
bucket_of(struct guard *g, uint64_t name, int make, time_t now)
{
	struct bucket	*b, *free = NULL;
	int		 i, full;

	for (i = 0; i < PROBES; i++) {
		b = &g->names[(name + (uint64_t)i) % GUARD_NAMES];
		if (b->name == name) {
			bucket_refill(b, now);
			return b;
		}
		if (free == NULL && (b->name == 0 || bucket_refill(b, now)))
			free = b;
	}
	if (make && free != NULL) {
		bucket_fill(free, name, now);
		return free;
	}
	full = bucket_refill(&g->overflow, now);
	return make || !full ? &g->overflow : NULL;
}

/* Forgets what came before the admin's unlock (0: none). */
static void
unlocked_since(struct pair *p, struct bucket *b, time_t unlocked,
    time_t now)
{
	if (unlocked == 0)
		return;
	if (p != NULL && p->failures > 0 && p->first <= unlocked) {
		p->failures = 0;
		p->first = p->until = 0;
	}
	if (b != NULL && b->name != 0 && b->first != 0 &&
	    b->first <= unlocked)
		bucket_fill(b, b->name, now);
}

unsigned int
guard_wait(struct guard *g, const char *name, const void *addr, size_t alen,
    time_t now, time_t unlocked)
{
	struct pair	*p;
	struct bucket	*b;
	uint64_t	 nh;
	unsigned int	 wait = 0;

	pthread_mutex_lock(&g->lock);
	nh = hash(g, name, NULL, 0);
	p = pair_of(g, hash(g, name, addr, alen), nh, 0, now);
	b = bucket_of(g, nh, 0, now);
	unlocked_since(p, b, unlocked, now);
	if (p != NULL && p->until > now)
		wait = (unsigned int)(p->until - now);
	else if (b != NULL && b->tb.tokens < 1 &&
	    (p == NULL || p->known_until <= now))
		wait = (unsigned int)((1 - b->tb.tokens) * 3600 /
		    GUARD_NAME_PER_HOUR) + 1;
	pthread_mutex_unlock(&g->lock);
	return wait;
}

void
guard_failed(struct guard *g, const char *name, const void *addr,
    size_t alen, time_t now)
{
	struct pair	*p;
	struct bucket	*b;
	time_t		 wait;
	uint64_t	 nh;
	unsigned int	 over;

	pthread_mutex_lock(&g->lock);
	nh = hash(g, name, NULL, 0);
	p = pair_of(g, hash(g, name, addr, alen), nh, 1, now);
	if (p != NULL) {
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
	}
	b = bucket_of(g, nh, 1, now);
	if (b->first == 0)
		b->first = now;
	b->tb.tokens = b->tb.tokens >= 1 ? b->tb.tokens - 1 : 0;
	pthread_mutex_unlock(&g->lock);
}

void
guard_passed(struct guard *g, const char *name, const void *addr,
    size_t alen, time_t now)
{
	struct pair	*p;
	uint64_t	 nh;

	pthread_mutex_lock(&g->lock);
	nh = hash(g, name, NULL, 0);
	p = pair_of(g, hash(g, name, addr, alen), nh, 1, now);
	if (p != NULL) {
		p->failures = 0;
		p->first = p->until = 0;
		p->known_until = now + KNOWN_SECONDS;
	}
	pthread_mutex_unlock(&g->lock);
}

unsigned int
guard_held(struct guard *g, const char *name, time_t now, time_t unlocked,
    int *many)
{
	struct bucket	*b;
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
	b = bucket_of(g, h, 0, now);
	*many = b != NULL && b->name == h && b->tb.tokens < 1 &&
	    b->first > unlocked;
	pthread_mutex_unlock(&g->lock);
	return n;
}

void
guard_clear(struct guard *g, const char *name)
{
	struct pair	*p;
	uint64_t	 h;
	size_t		 i;

	pthread_mutex_lock(&g->lock);
	h = hash(g, name, NULL, 0);
	for (i = 0; i < GUARD_SLOTS; i++) {
		p = &g->slot[i];
		if (p->key != 0 && p->name == h) {
			p->failures = 0;
			p->first = p->until = p->last = 0;
		}
	}
	for (i = 0; i < GUARD_NAMES; i++)
		if (g->names[i].name == h)
			bucket_fill(&g->names[i], h, (time_t)g->names[i].tb.t);
	pthread_mutex_unlock(&g->lock);
}
