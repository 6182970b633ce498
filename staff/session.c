/*
 * session.c: the table of signed-in staff (see session.h).
 *
 * SESSION_MAX slots, found by the SHA-256 of their token through a small
 * chained hash table; one mutex guards all of it, held only for lookups
 * and updates (the hashing and the random bytes are done outside).  The
 * token itself is never kept, so a dump of the process's memory does not
 * give the cookies away; the CSRF tokens are, since forms must show them.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "locked.h"
#include "session.h"
#include "sha256.h"
#include "token.h"

#define NBUCKETS	8192	/* a power of two, twice SESSION_MAX */
#define NONE		(-1)

struct session {
	uint8_t			 hash[SHA256_LEN]; /* of the token */
	int			 used;
	int			 next;	/* in its bucket, or the spares */
	time_t			 last;	/* last use */
	struct session_info	 info;
};

struct session_table {
	pthread_mutex_t		 mu;
	struct session		*s;	/* SESSION_MAX of them */
	int			 bucket[NBUCKETS];
	int			 spare;	/* first unused slot: a list */
	size_t			 n;	/* slots in use */
};

/* The hash of a well-formed token; -1 for anything else. */
static int
token_hash(const char *token, uint8_t *out)
{
	if (!token_valid(token, SESSION_TOKEN_LEN, TOKEN_B64URL))
		return -1;
	return sha256_2(token, SESSION_TOKEN_LEN, NULL, 0, out);
}

static size_t
bucket_of(const uint8_t *hash)
{
	return ((size_t)hash[0] << 8 | hash[1]) & (NBUCKETS - 1);
}

static int
expired(const struct session *s, time_t now)
{
	return now - s->last >= SESSION_IDLE ||
	    now - s->info.created >= SESSION_MAX_AGE;
}

struct session_table *
session_table_new(void)
{
	struct session_table	*t;
	int			 i;

	t = locked_new(sizeof(*t), offsetof(struct session_table, mu));
	if (t == NULL)
		return NULL;
	t->s = calloc(SESSION_MAX, sizeof(*t->s));
	if (t->s == NULL) {
		session_table_free(t);
		return NULL;
	}
	for (i = 0; i < NBUCKETS; i++)
		t->bucket[i] = NONE;
	for (i = 0; i < SESSION_MAX; i++)
		t->s[i].next = i + 1 < SESSION_MAX ? i + 1 : NONE;
	t->spare = 0;
	return t;
}

void
session_table_free(struct session_table *t)
{
	if (t == NULL)
		return;
	if (t->s != NULL)
		OPENSSL_cleanse(t->s, SESSION_MAX * sizeof(*t->s));
	free(t->s);
	locked_free(t, sizeof(*t), offsetof(struct session_table, mu), 0);
}

/* The slot of hash, or NONE; *prevp gets the one before it in the chain. */
static int
find(struct session_table *t, const uint8_t *hash, int *prevp)
{
	int	 i, prev = NONE;

	for (i = t->bucket[bucket_of(hash)]; i != NONE; i = t->s[i].next) {
		if (CRYPTO_memcmp(t->s[i].hash, hash, SHA256_LEN) == 0)
			break;
		prev = i;
	}
	if (prevp != NULL)
		*prevp = prev;
	return i;
}

/* Unlinks slot i (prev before it in its bucket) and frees it. */
static void
drop(struct session_table *t, int i, int prev)
{
	struct session	*s = &t->s[i];

	if (prev == NONE)
		t->bucket[bucket_of(s->hash)] = s->next;
	else
		t->s[prev].next = s->next;
	OPENSSL_cleanse(s, sizeof(*s));
	s->next = t->spare;
	t->spare = i;
	t->n--;
}

/* Drops slot i wherever it is in its bucket. */
static void
drop_slot(struct session_table *t, int i)
{
	int	 prev;

	if (find(t, t->s[i].hash, &prev) == i)
		drop(t, i, prev);
}

/* Drops every expired session; how many. */
static size_t
sweep(struct session_table *t, time_t now)
{
	size_t	 n = 0;
	int	 i;

	for (i = 0; i < SESSION_MAX; i++)
		if (t->s[i].used && expired(&t->s[i], now)) {
			drop_slot(t, i);
			n++;
		}
	return n;
}

int
session_create(struct session_table *t, const char *name,
    enum account_role role, time_t now, char token[SESSION_TOKEN_LEN + 1],
    struct session_info *info)
{
	struct session	*s;
	uint8_t		 hash[SHA256_LEN];
	char		 csrf[SESSION_TOKEN_LEN + 1];
	size_t		 b;
	int		 i;

	token[0] = '\0';
	if (name == NULL || name[0] == '\0' ||
	    strlen(name) > ACCOUNT_NAME_MAX)
		return SESSION_ENOTFOUND;
	if (token_random(token, SESSION_TOKEN_LEN, TOKEN_B64URL) != 0 ||
	    token_random(csrf, SESSION_TOKEN_LEN, TOKEN_B64URL) != 0 ||
	    sha256_2(token, SESSION_TOKEN_LEN, NULL, 0, hash) != 0) {
		OPENSSL_cleanse(token, SESSION_TOKEN_LEN + 1);
		return SESSION_ENOMEM;
	}
	pthread_mutex_lock(&t->mu);
	/* Sessions that ran out go only when the room is needed. */
	if (t->spare == NONE && sweep(t, now) == 0) {
		pthread_mutex_unlock(&t->mu);
		OPENSSL_cleanse(token, SESSION_TOKEN_LEN + 1);
		OPENSSL_cleanse(csrf, sizeof(csrf));
		return SESSION_EFULL;
	}
	i = t->spare;
	s = &t->s[i];
	t->spare = s->next;
	memset(s, 0, sizeof(*s));
	memcpy(s->hash, hash, SHA256_LEN);
	s->used = 1;
	s->last = now;
	memcpy(s->info.name, name, strlen(name) + 1);
	s->info.role = role;
	memcpy(s->info.csrf, csrf, sizeof(csrf));
	s->info.created = now;
	b = bucket_of(hash);
	s->next = t->bucket[b];
	t->bucket[b] = i;
	t->n++;
	if (info != NULL)
		*info = s->info;
	pthread_mutex_unlock(&t->mu);
	OPENSSL_cleanse(csrf, sizeof(csrf));
	return SESSION_OK;
}

int
session_get(struct session_table *t, const char *token, time_t now,
    struct session_info *info)
{
	struct session	*s;
	uint8_t		 hash[SHA256_LEN];
	int		 i, prev, rc = SESSION_OK;

	if (token_hash(token, hash) != 0)
		return SESSION_ENOTFOUND;
	pthread_mutex_lock(&t->mu);
	i = find(t, hash, &prev);
	if (i == NONE) {
		rc = SESSION_ENOTFOUND;
	} else if (expired(&t->s[i], now)) {
		/* Said once, so the user hears why; then it is gone. */
		drop(t, i, prev);
		rc = SESSION_EEXPIRED;
	} else {
		s = &t->s[i];
		if (now > s->last)
			s->last = now;
		if (info != NULL)
			*info = s->info;
	}
	pthread_mutex_unlock(&t->mu);
	return rc;
}

int
session_csrf_ok(const struct session_info *info, const char *csrf)
{
	if (info == NULL || csrf == NULL ||
	    strnlen(info->csrf, sizeof(info->csrf)) != SESSION_TOKEN_LEN ||
	    strnlen(csrf, SESSION_TOKEN_LEN + 1) != SESSION_TOKEN_LEN)
		return 0;
	return CRYPTO_memcmp(info->csrf, csrf, SESSION_TOKEN_LEN) == 0;
}

void
session_end(struct session_table *t, const char *token)
{
	uint8_t	 hash[SHA256_LEN];
	int	 i, prev;

	if (token_hash(token, hash) != 0)
		return;
	pthread_mutex_lock(&t->mu);
	i = find(t, hash, &prev);
	if (i != NONE)
		drop(t, i, prev);
	pthread_mutex_unlock(&t->mu);
}

void
session_end_account(struct session_table *t, const char *name)
{
	int	 i;

	if (name == NULL)
		return;
	pthread_mutex_lock(&t->mu);
	for (i = 0; i < SESSION_MAX; i++)
		if (t->s[i].used && strcmp(t->s[i].info.name, name) == 0)
			drop_slot(t, i);
	pthread_mutex_unlock(&t->mu);
}

size_t
session_count(struct session_table *t, time_t now)
{
	size_t	 n = 0, seen = 0;
	int	 i;

	pthread_mutex_lock(&t->mu);
	for (i = 0; i < SESSION_MAX && seen < t->n; i++) {
		if (!t->s[i].used)
			continue;
		seen++;
		if (!expired(&t->s[i], now))
			n++;
	}
	pthread_mutex_unlock(&t->mu);
	return n;
}
