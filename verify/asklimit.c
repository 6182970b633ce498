/*
 * asklimit.c: token buckets keyed by what is asked (see asklimit.h),
 * and for a range by who asks it, on ratelimit.c's tables: the keys are
 * the registry's own index keys, so that every spelling the lookup takes
 * as one is one bucket.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asklimit.h"
#include "client.h"
#include "date.h"
#include "fold.h"
#include "ratelimit.h"
#include "store.h"

struct asklimit {
	struct ratelimit	*person, *serial, *range;
};

struct asklimit *
asklimit_new(void)
{
	struct asklimit	*al;

	al = calloc(1, sizeof(*al));
	if (al == NULL)
		return NULL;
	al->person = ratelimit_new(ASK_ONE_RATE, ASK_ONE_BURST);
	al->serial = ratelimit_new(ASK_ONE_RATE, ASK_ONE_BURST);
	al->range = ratelimit_new(ASK_RANGE_RATE, ASK_RANGE_BURST);
	if (al->person == NULL || al->serial == NULL || al->range == NULL) {
		asklimit_free(al);
		return NULL;
	}
	return al;
}

void
asklimit_free(struct asklimit *al)
{
	if (al == NULL)
		return;
	ratelimit_free(al->person);
	ratelimit_free(al->serial);
	ratelimit_free(al->range);
	free(al);
}

/* The range of the folded serial s (len bytes): without its last
 * ASK_RANGE_DROP digits, as many as it ends with. */
static size_t
range_len(const char *s, size_t len)
{
	size_t	 n = len;

	while (n > 0 && len - n < ASK_RANGE_DROP && s[n - 1] >= '0' &&
	    s[n - 1] <= '9')
		n--;
	return n;
}

/*
 * Takes a token of the range of the folded serial s (slen bytes) for
 * the network of client: its bucket is keyed by the network's length,
 * the network, then the range.
 */
static unsigned int
take_range(struct asklimit *al, const struct client_key *client,
    const char *s, size_t slen, double now)
{
	struct client_key	 net = { { 0 }, 0 };
	uint8_t			*key;
	size_t			 rlen = range_len(s, slen);
	unsigned int		 wait;

	if (client != NULL)
		client_key_net(client, &net);
	key = malloc(1 + net.len + rlen);
	if (key == NULL)
		return 1;	/* asked again in a second */
	key[0] = (uint8_t)net.len;
	memcpy(key + 1, net.b, net.len);
	memcpy(key + 1 + net.len, s, rlen);
	wait = ratelimit_take(al->range, key, 1 + net.len + rlen, now);
	free(key);
	return wait;
}

unsigned int
asklimit_take(struct asklimit *al, const struct client_key *client,
    const char *serial, const char *name, const char *dob, double now)
{
	char		 iso[16], *s = NULL, *f = NULL;
	uint8_t		*key = NULL;
	size_t		 klen;
	unsigned int	 wait = 0;

	if (al == NULL)
		return 0;
	if (serial != NULL && (s = store_serial_key(serial)) != NULL &&
	    s[0] == '\0') {
		free(s);
		s = NULL;
	}
	/* The asker's own bucket first: a network past its allowance
	 * spends nobody else's. */
	if (s != NULL)
		wait = take_range(al, client, s, strlen(s), now);
	if (wait == 0 && name != NULL && dob != NULL && norm_date(dob, 0, iso,
	    sizeof(iso)) && (f = norm_fold(name)) != NULL && f[0] != '\0' &&
	    store_name_key(name, iso, 0, &key, &klen) == STORE_OK)
		wait = ratelimit_take(al->person, key, klen, now);
	if (wait == 0 && s != NULL)
		wait = ratelimit_take(al->serial, s, strlen(s), now);
	free(key);
	free(f);
	free(s);
	return wait;
}
