/*
 * asklimit.c: token buckets keyed by what is asked (see asklimit.h),
 * on ratelimit.c's tables: the keys are the registry's own index keys,
 * so that every spelling the lookup takes as one is one bucket.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "asklimit.h"
#include "normalize.h"
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

unsigned int
asklimit_take(struct asklimit *al, const char *serial, const char *name,
    const char *dob, double now)
{
	char		 iso[16], *s = NULL, *f = NULL;
	uint8_t		*key = NULL;
	size_t		 klen, slen;
	unsigned int	 wait = 0;

	if (al == NULL)
		return 0;
	if (name != NULL && dob != NULL && norm_date(dob, 0, iso,
	    sizeof(iso)) && (f = norm_fold(name)) != NULL && f[0] != '\0' &&
	    store_name_key(name, iso, 0, &key, &klen) == STORE_OK)
		wait = ratelimit_take(al->person, key, klen, now);
	if (wait == 0 && serial != NULL &&
	    (s = store_serial_key(serial)) != NULL && s[0] != '\0') {
		slen = strlen(s);
		wait = ratelimit_take(al->serial, s, slen, now);
		if (wait == 0)
			wait = ratelimit_take(al->range, s, range_len(s,
			    slen), now);
	}
	free(key);
	free(f);
	free(s);
	return wait;
}
