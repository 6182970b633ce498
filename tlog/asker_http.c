/*
 * asker_http.c: the witnesses' requests over HTTP (asker.h's
 * asker_post_http), through the project's one HTTP client, http/fetch.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "asker.h"
#include "fetch.h"

int
asker_post_http(void *arg, const char *url, const char *body, size_t len,
    size_t max, long timeout_ms, long *status, char **ctype, char **rbody,
    char *err, size_t errsz)
{
	struct fetch_limits	 lim;
	struct fetch_answer	 ans;

	(void)arg;
	memset(&lim, 0, sizeof(lim));
	lim.max = max;
	lim.total_ms = timeout_ms;
	/* A witness that does not even accept the connection in a second
	 * or two is down: leave the rest of the time to the answer. */
	lim.connect_ms = timeout_ms < 2000 ? timeout_ms : 2000;
	if (fetch_post(url, "text/plain; charset=utf-8", body, len, &lim,
	    &ans, err, errsz) != 0)
		return -1;
	*status = ans.status;
	*ctype = ans.type;
	*rbody = ans.body;
	/* Now the caller's. */
	ans.type = ans.body = NULL;
	fetch_answer_clear(&ans);
	return 0;
}
