/*
 * fetch.c: the HTTP client over libcurl (fetch.h): one easy handle per
 * request, set up by one function so that every request has the same
 * limits (schemes, no redirects, caps, timeouts), and a multi handle for
 * many GETs, whose connection cache keeps the connections alive between
 * them.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "fetch.h"

/* A growing body with a cap. */
struct sink {
	char	*p;
	size_t	 len, max;
	int	 over, nomem;
};

static const struct fetch_limits no_limits;	/* the defaults */
static pthread_once_t	 fetch_once = PTHREAD_ONCE_INIT;
static CURLcode		 fetch_init_rc;

static void
fetch_init(void)
{
	fetch_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
fetch_global_init(void)
{
	if (pthread_once(&fetch_once, fetch_init) != 0 ||
	    fetch_init_rc != CURLE_OK)
		return -1;
	return 0;
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
	if (p == NULL) {
		s->nomem = 1;
		return 0;
	}
	s->p = p;
	memcpy(s->p + s->len, data, len);
	s->len += len;
	s->p[s->len] = '\0';
	return len;
}

/* The body s gathered, or an empty one: NULL only when out of memory. */
static char *
sink_take(struct sink *s, size_t *len)
{
	char	*p = s->p != NULL ? s->p : calloc(1, 1);

	*len = s->len;
	s->p = NULL;
	s->len = 0;
	return p;
}

/* Only these two schemes are ever asked. */
static int
url_ok(const char *url)
{
	return strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0;
}

/*
 * A handle that GETs url into s within lim, as fetch.h promises every
 * request: http and https only, no redirects, timeouts, libcurl's words
 * in cerr (CURL_ERROR_SIZE).  NULL with why in err.
 */
static CURL *
easy_new(const char *url, const struct fetch_limits *lim, struct sink *s,
    const char *agent, char *cerr, char *err, size_t errsz)
{
	CURL	*h;

	if (!url_ok(url)) {
		snprintf(err, errsz, "%s: only http:// and https:// URLs",
		    url);
		return NULL;
	}
	if (fetch_global_init() != 0 || (h = curl_easy_init()) == NULL) {
		snprintf(err, errsz, "libcurl cannot start");
		return NULL;
	}
	cerr[0] = '\0';
	if (lim == NULL)
		lim = &no_limits;
	s->max = lim->max != 0 ? lim->max : SIZE_MAX - 1;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, lim->connect_ms > 0 ?
	    lim->connect_ms : FETCH_CONNECT_MS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, lim->total_ms > 0 ?
	    lim->total_ms : FETCH_TOTAL_MS);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
	return h;
}

/* Why rc ended the request to url, into err; a FETCH_E* code. */
static int
why(CURLcode rc, const struct sink *s, const char *url, const char *cerr,
    char *err, size_t errsz)
{
	if (s->over) {
		snprintf(err, errsz, "%s: the answer is too long (more than "
		    "%zu bytes)", url, s->max);
		return FETCH_ETOOBIG;
	}
	if (s->nomem) {
		snprintf(err, errsz, "%s: out of memory", url);
		return FETCH_ENOMEM;
	}
	snprintf(err, errsz, "%s: %s", url, cerr[0] != '\0' ? cerr :
	    curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return FETCH_ETIMEOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return FETCH_ECONNECT;
	case CURLE_OUT_OF_MEMORY:
		return FETCH_ENOMEM;
	default:
		return FETCH_EFAIL;
	}
}

/* Runs h, then fills ans from it (type when ans->type is wanted). */
static int
perform(CURL *h, struct sink *s, const char *url, const char *cerr,
    struct fetch_answer *ans, int want_type, char *err, size_t errsz)
{
	CURLcode	 rc;
	char		*ct = NULL;

	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		why(rc, s, url, cerr, err, errsz);
		free(s->p);
		s->p = NULL;
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ans->status);
	if (want_type && curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) ==
	    CURLE_OK && ct != NULL && (ans->type = strdup(ct)) == NULL) {
		free(s->p);
		s->p = NULL;
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	ans->body = sink_take(s, &ans->len);
	if (ans->body == NULL) {
		fetch_answer_clear(ans);
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	return 0;
}

int
fetch_get(const char *url, size_t max, char **body, size_t *len,
    long *status, char *err, size_t errsz)
{
	struct fetch_limits	 lim = { max, 0, FETCH_TOTAL_MS };
	struct fetch_answer	 ans = { 0 };
	struct sink		 s = { 0 };
	char			 cerr[CURL_ERROR_SIZE];
	CURL			*h;
	int			 rc;

	*body = NULL;
	*len = 0;
	*status = 0;
	h = easy_new(url, &lim, &s, "sogoc check-receipt", cerr, err, errsz);
	if (h == NULL)
		return -1;
	rc = perform(h, &s, url, cerr, &ans, 0, err, errsz);
	curl_easy_cleanup(h);
	if (rc != 0)
		return -1;
	*body = ans.body;
	*len = ans.len;
	*status = ans.status;
	return 0;
}

int
fetch_post(const char *url, const char *type, const void *body, size_t len,
    const struct fetch_limits *lim, struct fetch_answer *ans, char *err,
    size_t errsz)
{
	struct curl_slist	*hdrs = NULL, *l;
	struct sink		 s = { 0 };
	char			 cerr[CURL_ERROR_SIZE], line[256];
	CURL			*h;
	int			 rc = -1;

	memset(ans, 0, sizeof(*ans));
	if (strpbrk(type, "\r\n") != NULL || snprintf(line, sizeof(line),
	    "Content-Type: %s", type) >= (int)sizeof(line)) {
		snprintf(err, errsz, "a content type of one short line");
		return -1;
	}
	h = easy_new(url, lim, &s, "sogoc", cerr, err, errsz);
	if (h == NULL)
		return -1;
	/* No "Expect: 100-continue": its wait costs a second a POST. */
	l = curl_slist_append(hdrs, line);
	if (l != NULL)
		hdrs = l;
	l = l != NULL ? curl_slist_append(hdrs, "Expect:") : NULL;
	if (l == NULL) {
		snprintf(err, errsz, "out of memory");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	rc = perform(h, &s, url, cerr, ans, 1, err, errsz);
out:
	curl_easy_cleanup(h);
	curl_slist_free_all(hdrs);
	return rc;
}

/* fetch_many()'s state: the multi handle and one sink per item. */
struct batch {
	CURLM			*m;
	struct fetch_item	*items;
	struct sink		*sinks;
	CURL			**live;		/* item i's transfer */
	char			(*cerr)[CURL_ERROR_SIZE];
	const struct fetch_limits *lim;
	struct fetch_stats	*stats;
	size_t			 n, next, active;
};

/* Adds items to b's transfers while fewer than parallel run. */
static void
batch_fill(struct batch *b, size_t parallel)
{
	struct fetch_item	*it;
	CURL			*h;

	while (b->active < parallel && b->next < b->n) {
		it = &b->items[b->next];
		h = easy_new(it->url, b->lim, &b->sinks[b->next], "sogoc",
		    b->cerr[b->next], it->err, sizeof(it->err));
		if (h == NULL) {
			it->result = url_ok(it->url) ? FETCH_EFAIL :
			    FETCH_EURL;
			b->next++;
			continue;
		}
		/* A tile comes gzipped from most static hosts; say which
		 * codings we undo, so none other is sent. */
		curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip, identity");
		curl_easy_setopt(h, CURLOPT_PRIVATE, (void *)it);
		if (curl_multi_add_handle(b->m, h) != CURLM_OK) {
			curl_easy_cleanup(h);
			it->result = FETCH_ENOMEM;
			snprintf(it->err, sizeof(it->err), "out of memory");
		} else {
			b->live[b->next] = h;
			b->active++;
		}
		b->next++;
	}
}

/* The item of the finished transfer h, its answer or why not; returns
 * its index. */
static size_t
batch_done(struct batch *b, CURL *h, CURLcode rc)
{
	struct fetch_item	*it = NULL;
	struct sink		*s;
	curl_off_t		 wire = 0;
	long			 hdr = 0, conns = 0;
	size_t			 i;

	curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&it);
	i = (size_t)(it - b->items);
	s = &b->sinks[i];
	curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &wire);
	curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &hdr);
	curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &conns);
	if (b->stats != NULL) {
		b->stats->wire += (uint64_t)wire;
		b->stats->headers += (uint64_t)hdr;
		b->stats->connects += (uint64_t)conns;
	}
	if (rc != CURLE_OK) {
		it->result = why(rc, s, it->url, b->cerr[i], it->err,
		    sizeof(it->err));
		free(s->p);
		s->p = NULL;
		return i;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &it->status);
	it->body = sink_take(s, &it->len);
	if (it->body == NULL) {
		it->result = FETCH_ENOMEM;
		snprintf(it->err, sizeof(it->err), "out of memory");
		return i;
	}
	it->result = FETCH_OK;
	if (b->stats != NULL) {
		b->stats->bodies += it->len;
		b->stats->answers++;
	}
	return i;
}

/* After libcurl failed: the transfers still running are dropped, their
 * items left "not asked" or failed. */
static void
batch_abort(struct batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++) {
		if (b->live[i] == NULL)
			continue;
		curl_multi_remove_handle(b->m, b->live[i]);
		curl_easy_cleanup(b->live[i]);
		b->live[i] = NULL;
		b->items[i].result = FETCH_EFAIL;
		snprintf(b->items[i].err, sizeof(b->items[i].err), "%s: "
		    "libcurl failed", b->items[i].url);
	}
}

/* Runs b's transfers until every item has its result. */
static int
batch_run(struct batch *b, size_t parallel, char *err, size_t errsz)
{
	CURLMsg		*msg;
	CURL		*h;
	CURLMcode	 mc = CURLM_OK;
	int		 running = 0, left;

	batch_fill(b, parallel);
	while (b->active > 0) {
		mc = curl_multi_perform(b->m, &running);
		while (mc == CURLM_OK &&
		    (msg = curl_multi_info_read(b->m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			h = msg->easy_handle;
			b->live[batch_done(b, h, msg->data.result)] = NULL;
			curl_multi_remove_handle(b->m, h);
			curl_easy_cleanup(h);
			b->active--;
			batch_fill(b, parallel);
		}
		if (mc == CURLM_OK && running > 0)
			mc = curl_multi_poll(b->m, NULL, 0, 1000, NULL);
		if (mc != CURLM_OK) {
			snprintf(err, errsz, "libcurl: %s",
			    curl_multi_strerror(mc));
			return -1;
		}
	}
	return 0;
}

int
fetch_many(struct fetch_item *items, size_t n, size_t parallel,
    const struct fetch_limits *lim, struct fetch_stats *stats, char *err,
    size_t errsz)
{
	struct batch	 b = { 0 };
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < n; i++) {
		items[i].result = FETCH_EFAIL;
		items[i].status = 0;
		items[i].body = NULL;
		items[i].len = 0;
		snprintf(items[i].err, sizeof(items[i].err), "not asked");
	}
	if (fetch_global_init() != 0) {
		snprintf(err, errsz, "libcurl cannot start");
		return -1;
	}
	b.items = items;
	b.n = n;
	b.lim = lim;
	b.stats = stats;
	b.m = curl_multi_init();
	b.sinks = calloc(n + 1, sizeof(*b.sinks));
	b.live = calloc(n + 1, sizeof(*b.live));
	b.cerr = calloc(n + 1, sizeof(*b.cerr));
	if (b.m == NULL || b.sinks == NULL || b.live == NULL ||
	    b.cerr == NULL) {
		snprintf(err, errsz, "libcurl cannot start: out of memory");
		goto out;
	}
	if (parallel == 0)
		parallel = 1;
	/* As many connections as transfers, kept between them. */
	curl_multi_setopt(b.m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)parallel);
	curl_multi_setopt(b.m, CURLMOPT_MAXCONNECTS, (long)parallel);
	rc = batch_run(&b, parallel, err, errsz);
	if (rc != 0)
		batch_abort(&b);
out:
	for (i = 0; b.sinks != NULL && i < n; i++)
		free(b.sinks[i].p);
	if (b.m != NULL)
		curl_multi_cleanup(b.m);
	free(b.sinks);
	free(b.live);
	free(b.cerr);
	return rc;
}

void
fetch_items_clear(struct fetch_item *items, size_t n)
{
	size_t	 i;

	for (i = 0; items != NULL && i < n; i++) {
		free(items[i].body);
		items[i].body = NULL;
		items[i].len = 0;
		items[i].status = 0;
	}
}

void
fetch_answer_clear(struct fetch_answer *ans)
{
	if (ans == NULL)
		return;
	free(ans->type);
	free(ans->body);
	memset(ans, 0, sizeof(*ans));
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
