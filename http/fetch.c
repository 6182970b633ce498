/*
 * fetch.c: a bounded HTTP GET over libcurl (fetch.h).
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "fetch.h"

#define FETCH_TIMEOUT	20L	/* seconds for a whole answer */

struct sink {
	char	*p;
	size_t	 len, max;
	int	 over;
};

static pthread_once_t	 fetch_once = PTHREAD_ONCE_INIT;
static CURLcode		 fetch_init_rc;

static void
fetch_init(void)
{
	fetch_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static size_t
sink_write(char *data, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;
	size_t		 len = size * n;
	char		*p;

	/* Refusing a byte makes libcurl stop with CURLE_WRITE_ERROR. */
	if (len > s->max - s->len) {
		s->over = 1;
		return 0;
	}
	p = realloc(s->p, s->len + len + 1);
	if (p == NULL)
		return 0;
	s->p = p;
	memcpy(s->p + s->len, data, len);
	s->len += len;
	s->p[s->len] = '\0';
	return len;
}

int
fetch_get(const char *url, size_t max, char **body, size_t *len,
    long *status, char *err, size_t errsz)
{
	struct sink	 s = { NULL, 0, max, 0 };
	char		 cerr[CURL_ERROR_SIZE] = "";
	CURL		*h;
	CURLcode	 rc;

	*body = NULL;
	*len = 0;
	*status = 0;
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		snprintf(err, errsz, "%s: only http:// and https:// URLs",
		    url);
		return -1;
	}
	if (pthread_once(&fetch_once, fetch_init) != 0 ||
	    fetch_init_rc != CURLE_OK || (h = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "libcurl cannot start");
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, FETCH_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sogoc check-receipt");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK) {
		snprintf(err, errsz, "%s: %s", url, s.over ? "the answer is "
		    "too long" : cerr[0] != '\0' ? cerr :
		    curl_easy_strerror(rc));
		free(s.p);
		return -1;
	}
	if (s.p == NULL)
		s.p = calloc(1, 1);
	if (s.p == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	*body = s.p;
	*len = s.len;
	return 0;
}

char *
fetch_escape(const char *s)
{
	char	*e, *out;

	/* libcurl ignores the handle here (since 7.82). */
	e = curl_easy_escape(NULL, s, 0);
	if (e == NULL)
		return NULL;
	out = strdup(e);
	curl_free(e);
	return out;
}
