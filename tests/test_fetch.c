/*
 * test_fetch.c: http/fetch.h against a small libmicrohttpd server in the
 * same process (a thread per connection, so that it can count the
 * connections open at once) and a socket that takes connections and
 * never answers: caps exceeded (plain and gzip that unfolds past the
 * cap), timeouts, 404 and 500, gzip asked and undone, redirects not
 * followed, POST with its content types, and many parallel GETs kept
 * alive on a bounded number of connections.
 */
#include "config.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <zlib.h>

#include "cm.h"

#include "fetch.h"

#define GZ_PLAIN	65536	/* bytes of the text /gz serves */
#define BOMB		(8u << 20)	/* bytes /bomb unfolds to */

/* What the server saw, under lock. */
static struct {
	pthread_mutex_t	 mu;
	int		 open, max_open, started, target_hits;
	char		 accept_enc[64];
} seen = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, "" };

static struct MHD_Daemon *srv;
static char		 base[64];	/* http://127.0.0.1:PORT */
static int		 mute_fd = -1;	/* listens, never accepts */
static char		 mute[64];
static uint8_t		*gz_text, *gz_bomb;
static char		 got_get;	/* a GET's context: its headers came */
static size_t		 gz_text_len, gz_bomb_len;

/* len bytes at in, gzipped into a malloc'd *out. */
static void
gzip(const uint8_t *in, size_t len, uint8_t **out, size_t *outlen)
{
	z_stream	 z = { 0 };
	uLong		 cap;

	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, (uLong)len);
	*out = malloc(cap);
	assert_non_null(*out);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = z.total_out;
	deflateEnd(&z);
}

static void
on_conn(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	pthread_mutex_lock(&seen.mu);
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		seen.started++;
		if (++seen.open > seen.max_open)
			seen.max_open = seen.open;
	} else
		seen.open--;
	pthread_mutex_unlock(&seen.mu);
}

/* A request's end: its POST body goes. */
static void
done(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode why)
{
	(void)cls;
	(void)c;
	(void)why;
	if (*ctx != &got_get)
		free(*ctx);
	*ctx = NULL;
}

static enum MHD_Result
answer(struct MHD_Connection *c, unsigned int status, const void *body,
    size_t len, const char *hname, const char *hvalue)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (hname != NULL)
		MHD_add_response_header(r, hname, hvalue);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* POST /echo: 201, "application/x-echo", the request's type and body. */
static enum MHD_Result
echo(struct MHD_Connection *c, const char *up, size_t *uplen, void **ctx)
{
	char		*acc = *ctx, *p;
	const char	*type;
	size_t		 have = acc != NULL ? strlen(acc) : 0;
	enum MHD_Result	 ret;

	if (acc == NULL) {
		/* The first call has the headers only. */
		*ctx = calloc(1, 1);
		return *ctx != NULL ? MHD_YES : MHD_NO;
	}
	if (*uplen != 0) {
		p = realloc(acc, have + *uplen + 1);
		assert_non_null(p);
		memcpy(p + have, up, *uplen);
		p[have + *uplen] = '\0';
		*ctx = p;
		*uplen = 0;
		return MHD_YES;
	}
	type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	p = malloc(strlen(acc) + 200);
	snprintf(p, strlen(acc) + 200, "%s\n%s", type ? type : "-", acc);
	ret = answer(c, 201, p, strlen(p), "Content-Type",
	    "application/x-echo");
	free(p);
	return ret;
}

/* /gz and /bomb: gzipped when the client asks for it. */
static enum MHD_Result
gz(struct MHD_Connection *c, int bomb)
{
	const char	*ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Accept-Encoding");

	pthread_mutex_lock(&seen.mu);
	snprintf(seen.accept_enc, sizeof(seen.accept_enc), "%s",
	    ae != NULL ? ae : "");
	pthread_mutex_unlock(&seen.mu);
	if (ae == NULL || strstr(ae, "gzip") == NULL)
		return answer(c, 200, "plain", 5, NULL, NULL);
	return bomb ? answer(c, 200, gz_bomb, gz_bomb_len, "Content-Encoding",
	    "gzip") : answer(c, 200, gz_text, gz_text_len, "Content-Encoding",
	    "gzip");
}

static enum MHD_Result
route(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *up, size_t *uplen,
    void **ctx)
{
	static char	 big[100000];
	char		 body[64];

	(void)cls;
	(void)version;
	if (strcmp(method, "POST") == 0)
		return echo(c, up, uplen, ctx);
	/* Answered on the second call, as sogoc's servers do: an answer
	 * queued with the headers makes libmicrohttpd close the
	 * connection, and keep-alive is what is tested. */
	if (*ctx == NULL) {
		*ctx = &got_get;
		return MHD_YES;
	}
	if (strncmp(url, "/n/", 3) == 0) {
		snprintf(body, sizeof(body), "item %s\n", url + 3);
		return answer(c, 200, body, strlen(body), NULL, NULL);
	}
	if (strcmp(url, "/big") == 0) {
		memset(big, 'x', sizeof(big));
		return answer(c, 200, big, sizeof(big), NULL, NULL);
	}
	if (strcmp(url, "/500") == 0)
		return answer(c, 500, "boom", 4, NULL, NULL);
	if (strcmp(url, "/gz") == 0 || strcmp(url, "/bomb") == 0)
		return gz(c, url[1] == 'b');
	if (strcmp(url, "/redirect") == 0)
		return answer(c, 302, "moved", 5, "Location", "/target");
	if (strcmp(url, "/target") == 0) {
		pthread_mutex_lock(&seen.mu);
		seen.target_hits++;
		pthread_mutex_unlock(&seen.mu);
		return answer(c, 200, "target", 6, NULL, NULL);
	}
	if (strcmp(url, "/slow") == 0) {
		sleep(2);
		return answer(c, 200, "late", 4, NULL, NULL);
	}
	return answer(c, 404, "no", 2, NULL, NULL);
}

/* A TCP socket bound to a free port of 127.0.0.1, its URL in u. */
static int
loopback(char *u, size_t usz)
{
	struct sockaddr_in	 sa = { 0 };
	socklen_t		 sl = sizeof(sa);
	int			 fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	snprintf(u, usz, "http://127.0.0.1:%u/", ntohs(sa.sin_port));
	return fd;
}

static int
setup(void **state)
{
	const union MHD_DaemonInfo *di;
	uint8_t			*plain;
	size_t			 i;

	(void)state;
	plain = malloc(BOMB);
	assert_non_null(plain);
	for (i = 0; i < GZ_PLAIN; i++)
		plain[i] = "tile hash \n"[i % 11];
	gzip(plain, GZ_PLAIN, &gz_text, &gz_text_len);
	memset(plain, 0, BOMB);
	gzip(plain, BOMB, &gz_bomb, &gz_bomb_len);
	free(plain);
	srv = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    route, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_conn, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
	assert_non_null(srv);
	di = MHD_get_daemon_info(srv, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(di);
	snprintf(base, sizeof(base), "http://127.0.0.1:%u", di->port);
	/* Connections complete in the backlog; nobody reads them. */
	mute_fd = loopback(mute, sizeof(mute));
	assert_int_equal(listen(mute_fd, 16), 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	MHD_stop_daemon(srv);
	close(mute_fd);
	free(gz_text);
	free(gz_bomb);
	return 0;
}

/* base followed by path, in a static buffer of n. */
static const char *
url(const char *path, int n)
{
	static char	 u[4][128];

	snprintf(u[n], sizeof(u[n]), "%s%s", base, path);
	return u[n];
}

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* GET keeps its behaviour: any status is an answer, with its body. */
static void
test_get_status(void **state)
{
	static const struct {
		const char	*path;
		long		 status;
		const char	*body;
	} cases[] = {
		{ "/n/1", 200, "item 1\n" },
		{ "/nothing", 404, "no" },
		{ "/500", 500, "boom" },
		{ "/gz", 200, "plain" },	/* no Accept-Encoding sent */
	};
	char	 err[256], *body;
	size_t	 i, len;
	long	 status;

	(void)state;
	cm_failures = 0;
	for (i = 0; i < NELEM(cases); i++) {
		CHECK(fetch_get(url(cases[i].path, 0), 4096, &body, &len,
		    &status, err, sizeof(err)) == 0, "%s: %s", cases[i].path,
		    err);
		CHECK(status == cases[i].status && body != NULL &&
		    len == strlen(cases[i].body) &&
		    strcmp(body, cases[i].body) == 0, "%s: %ld %s",
		    cases[i].path, status, body ? body : "(null)");
		free(body);
	}
	assert_int_equal(cm_failures, 0);
}

/* Answers longer than the cap are refused, gzip counted unfolded. */
static void
test_caps(void **state)
{
	struct fetch_limits	 lim = { 1000, 0, 0 };
	struct fetch_answer	 ans;
	struct fetch_item	 it[3] = { { 0 } };
	char			 err[256], *body;
	size_t			 len;
	long			 status;

	(void)state;
	assert_int_equal(fetch_get(url("/big", 0), 99999, &body, &len,
	    &status, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));
	assert_null(body);
	assert_int_equal(fetch_get(url("/big", 0), 100000, &body, &len,
	    &status, err, sizeof(err)), 0);
	assert_int_equal(len, 100000);
	free(body);
	lim.max = 10;
	assert_int_equal(fetch_post(url("/echo", 0), "text/plain",
	    "0123456789", 10, &lim, &ans, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too long"));
	assert_null(ans.body);
	/* 8 MiB of zeros come as a few KiB of gzip: the cap still holds. */
	lim.max = 1u << 20;
	it[0].url = url("/big", 0);
	it[1].url = url("/bomb", 1);
	it[2].url = url("/gz", 2);
	assert_int_equal(fetch_many(it, 3, 2, &lim, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(it[0].result, FETCH_OK);
	assert_int_equal(it[1].result, FETCH_ETOOBIG);
	assert_null(it[1].body);
	assert_non_null(strstr(it[1].err, "too long"));
	assert_int_equal(it[2].result, FETCH_OK);
	fetch_items_clear(it, 3);
	assert_true(gz_bomb_len < 64 * 1024);
}

/* A server that takes the connection and never answers; one too slow. */
static void
test_timeouts(void **state)
{
	struct fetch_limits	 lim = { 4096, 1000, 500 };
	struct fetch_answer	 ans;
	struct fetch_item	 it[3] = { { 0 } };
	char			 err[256];
	double			 t0;

	(void)state;
	t0 = now();
	assert_int_equal(fetch_post(mute, "text/plain", "x", 1, &lim, &ans,
	    err, sizeof(err)), -1);
	assert_true(now() - t0 < 1.5);
	assert_non_null(strstr(err, "imed out"));
	it[0].url = mute;
	it[1].url = url("/slow", 1);
	it[2].url = url("/n/7", 2);
	t0 = now();
	assert_int_equal(fetch_many(it, 3, 3, &lim, NULL, err, sizeof(err)),
	    0);
	assert_true(now() - t0 < 1.5);
	assert_int_equal(it[0].result, FETCH_ETIMEOUT);
	assert_int_equal(it[1].result, FETCH_ETIMEOUT);
	assert_int_equal(it[2].result, FETCH_OK);
	assert_string_equal(it[2].body, "item 7\n");
	fetch_items_clear(it, 3);
}

/* Many GETs ask for gzip and get the text back, wire bytes counted. */
static void
test_gzip(void **state)
{
	struct fetch_limits	 lim = { GZ_PLAIN, 0, 0 };
	struct fetch_stats	 st = { 0 };
	struct fetch_item	 it = { 0 };
	char			 err[256];
	size_t			 i;

	(void)state;
	it.url = url("/gz", 0);
	assert_int_equal(fetch_many(&it, 1, 1, &lim, &st, err, sizeof(err)),
	    0);
	assert_int_equal(it.result, FETCH_OK);
	assert_string_equal(seen.accept_enc, "gzip, identity");
	assert_int_equal(it.len, GZ_PLAIN);
	for (i = 0; i < GZ_PLAIN; i++)
		if (it.body[i] != "tile hash \n"[i % 11])
			fail_msg("byte %zu of the gunzipped text differs", i);
	assert_int_equal(st.wire, gz_text_len);
	assert_int_equal(st.bodies, GZ_PLAIN);
	assert_true(st.headers > 0);
	assert_int_equal(st.answers, 1);
	fetch_items_clear(&it, 1);
}

/* A redirect is an answer, never followed; other schemes never asked. */
static void
test_no_redirect(void **state)
{
	struct fetch_item	 it[3] = { { 0 } };
	char			 err[256], *body;
	size_t			 len;
	long			 status;

	(void)state;
	assert_int_equal(fetch_get(url("/redirect", 0), 4096, &body, &len,
	    &status, err, sizeof(err)), 0);
	assert_int_equal(status, 302);
	assert_string_equal(body, "moved");
	free(body);
	it[0].url = url("/redirect", 0);
	it[1].url = "file:///etc/passwd";
	it[2].url = "ftp://127.0.0.1/";
	assert_int_equal(fetch_many(it, 3, 2, NULL, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(it[0].result, FETCH_OK);
	assert_int_equal(it[0].status, 302);
	assert_int_equal(it[1].result, FETCH_EURL);
	assert_int_equal(it[2].result, FETCH_EURL);
	assert_int_equal(seen.target_hits, 0);
	fetch_items_clear(it, 3);
	assert_int_equal(fetch_get("file:///etc/passwd", 4096, &body, &len,
	    &status, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only http"));
}

/* POST: the body and type go, the status, type and body come back. */
static void
test_post(void **state)
{
	struct fetch_limits	 lim = { 4096, 0, 0 };
	struct fetch_answer	 ans;
	struct fetch_item	 it = { 0 };
	char			 err[256], closed[64];

	(void)state;
	assert_int_equal(fetch_post(url("/echo", 0), "text/x.tlog.size",
	    "old 7\n", 6, &lim, &ans, err, sizeof(err)), 0);
	assert_int_equal(ans.status, 201);
	assert_string_equal(ans.type, "application/x-echo");
	assert_int_equal(ans.len, strlen("text/x.tlog.size\nold 7\n"));
	assert_string_equal(ans.body, "text/x.tlog.size\nold 7\n");
	fetch_answer_clear(&ans);
	assert_null(ans.body);
	/* A type that would smuggle a header is refused before sending. */
	assert_int_equal(fetch_post(url("/echo", 0), "text/plain\r\nX: y",
	    "x", 1, &lim, &ans, err, sizeof(err)), -1);
	/* A port nobody listens on. */
	close(loopback(closed, sizeof(closed)));
	assert_int_equal(fetch_post(closed, "text/plain", "x", 1, &lim, &ans,
	    err, sizeof(err)), -1);
	assert_null(ans.body);
	it.url = closed;
	assert_int_equal(fetch_many(&it, 1, 1, &lim, NULL, err, sizeof(err)),
	    0);
	assert_int_equal(it.result, FETCH_ECONNECT);
}

/* 300 GETs, 4 at a time, over at most 4 kept-alive connections. */
static void
test_many(void **state)
{
	enum { N = 300, PAR = 4 };
	struct fetch_item	*it;
	struct fetch_stats	 st = { 0 };
	char			(*u)[96], want[32], err[256];
	size_t			 i;

	(void)state;
	it = calloc(N, sizeof(*it));
	u = calloc(N, sizeof(*u));
	assert_true(it != NULL && u != NULL);
	for (i = 0; i < N; i++) {
		snprintf(u[i], sizeof(u[i]), "%s/n/%zu", base, i);
		it[i].url = u[i];
	}
	usleep(200000);		/* earlier tests' connections close */
	pthread_mutex_lock(&seen.mu);
	seen.started = seen.max_open = seen.open = 0;
	pthread_mutex_unlock(&seen.mu);
	assert_int_equal(fetch_many(it, N, PAR, NULL, &st, err, sizeof(err)),
	    0);
	cm_failures = 0;
	for (i = 0; i < N; i++) {
		snprintf(want, sizeof(want), "item %zu\n", i);
		CHECK(it[i].result == FETCH_OK && it[i].status == 200 &&
		    strcmp(it[i].body, want) == 0, "item %zu: %s", i,
		    it[i].err);
	}
	assert_int_equal(cm_failures, 0);
	assert_int_equal(st.answers, N);
	if (st.connects < 1 || st.connects > PAR)
		fail_msg("%" PRIu64 " connections for %d at once", st.connects,
		    PAR);
	pthread_mutex_lock(&seen.mu);
	print_message("# %d GETs, %d at once: %" PRIu64 " connections, "
	    "the server saw %d, at most %d open; %" PRIu64 " body bytes\n",
	    N, PAR, st.connects, seen.started, seen.max_open, st.bodies);
	/* Bounded, but parallel: more than one open at a time. */
	assert_true(seen.started <= PAR);
	assert_true(seen.max_open <= PAR && seen.max_open >= 2);
	pthread_mutex_unlock(&seen.mu);
	fetch_items_clear(it, N);
	free(it);
	free(u);
}

/* One thread's share of test_threads: 40 GETs, 3 at a time. */
static void *
many_in_thread(void *arg)
{
	struct fetch_item	 it[40];
	char			 u[40][96], err[256];
	size_t			 i, ok = 0;

	(void)arg;
	memset(it, 0, sizeof(it));
	for (i = 0; i < 40; i++) {
		snprintf(u[i], sizeof(u[i]), "%s/n/%zu", base, i);
		it[i].url = u[i];
	}
	if (fetch_many(it, 40, 3, NULL, NULL, err, sizeof(err)) == 0)
		for (i = 0; i < 40; i++)
			ok += it[i].result == FETCH_OK &&
			    it[i].status == 200;
	fetch_items_clear(it, 40);
	return (void *)(uintptr_t)ok;
}

/* fetch.h says every call is safe from many threads at once. */
static void
test_threads(void **state)
{
	pthread_t	 t[4];
	void		*ok;
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, many_in_thread,
		    NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ok), 0);
		assert_int_equal((uintptr_t)ok, 40);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_status),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_no_redirect),
		cmocka_unit_test(test_post),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_threads),
	};

	(void)cm_failures;
	return cmocka_run_group_tests(tests, setup, teardown);
}
