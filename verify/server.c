/*
 * server.c: the verification service (see server.h).
 *
 * Each request is answered whole in the access handler from one LMDB read
 * transaction; only the answers that never change are made once, at the
 * start.  The log line of a request names its route, status and time,
 * never its parameters, which are personal data.  The listener, the
 * security headers and the rate limiter are http/'s, shared with the
 * staff console.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "asklimit.h"
#include "client.h"
#include "copyweb.h"
#include "credweb.h"
#include "listen.h"
#include "log.h"
#include "metrics.h"
#include "pubhtml.h"
#include "proof.h"
#include "ratelimit.h"
#include "receipt.h"
#include "receiptpage.h"
#include "reply.h"
#include "server.h"
#include "sv.h"
#include "utf8.h"

/* New copy requests an address may send: 20 at once, then one a
 * minute. */
#define COPY_ASKS_RATE	(1.0 / 60)
#define COPY_ASKS_BURST	20

/* What every request handler shares. */
struct server {
	struct store		*st;
	struct ratelimit	*rl;
	struct ratelimit	*asks;		/* new copy requests */
	struct asklimit		*al;		/* by what is asked */
	struct metrics		*m;
	/* Answers that never change, made once and queued on any number of
	 * connections (libmicrohttpd counts their references). */
	struct MHD_Response	*notfound, *healthz, *css;
	struct MHD_Daemon	*d;
	struct MHD_Daemon	*md;		/* metrics-listen, or NULL */
	const char		*public_url;	/* may be NULL */
	const char		*witnesses;	/* their file, or NULL */
	const struct client_proxies *proxies;	/* trusted, or NULL */
	struct cred_issuer	*cred;		/* may be NULL */
};

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct metrics	*server_metrics;
/* The server this process runs, for server_metrics_text(NULL) from the
 * staff console's threads; running_mu keeps it from being freed under
 * them. */
static pthread_mutex_t	 running_mu = PTHREAD_MUTEX_INITIALIZER;
static struct server	*server_running;
static int		 server_access_log;

static enum metrics_route
route_of(const char *route)
{
	int	 r;

	for (r = 0; r < ROUTE_COUNT; r++)
		if (strcmp(route, metrics_route_name(r)) == 0)
			return (enum metrics_route)r;
	return ROUTE_OTHER;
}

/* A response of body (len bytes, freed or not as mode says) with the
 * content type and the public site's security headers (reply.h); NULL
 * when out of memory. */
struct MHD_Response *
sv_response(const char *type, char *body, size_t len,
    enum MHD_ResponseMemoryMode mode)
{
	return http_response(HTTP_SITE_PUBLIC, type, body, len, mode, NULL);
}

/* Queues resp (the caller still destroys it), counts and logs it. */
enum MHD_Result
sv_queue(struct MHD_Connection *conn, unsigned int status,
    struct MHD_Response *resp, const char *route, double t0)
{
	enum MHD_Result	 ret;

	ret = MHD_queue_response(conn, status, resp);
	if (ret != MHD_YES) {
		log_msg(LOG_ERR, "%s %u: could not be queued", route, status);
		return ret;
	}
	metrics_count(server_metrics, route_of(route), status,
	    (now_ms() - t0) / 1e3);
	if (server_access_log || status >= 500)
		log_msg(status >= 500 ? LOG_ERR : LOG_INFO, "%s %u %.2f ms",
		    route, status, now_ms() - t0);
	return ret;
}

/* An answer of body (malloc'd, freed here) with one more header, hname:
 * hvalue, unless hname is NULL. */
enum MHD_Result
sv_reply_headers(struct MHD_Connection *conn, unsigned int status,
    const char *type, char *body, const char *route, double t0,
    const char *hname, const char *hvalue)
{
	if (body == NULL)
		return MHD_NO;
	return sv_reply_bytes(conn, status, type, body, strlen(body), route,
	    t0, hname, hvalue);
}

enum MHD_Result
sv_reply_bytes(struct MHD_Connection *conn, unsigned int status,
    const char *type, void *body, size_t len, const char *route, double t0,
    const char *hname, const char *hvalue)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	resp = http_response_take(HTTP_SITE_PUBLIC, type, body, len, NULL,
	    hname, hvalue);
	if (resp == NULL)
		return MHD_NO;
	ret = sv_queue(conn, status, resp, route, t0);
	MHD_destroy_response(resp);
	return ret;
}

enum MHD_Result
sv_reply(struct MHD_Connection *conn, unsigned int status, const char *type,
    char *body, const char *route, double t0)
{
	return sv_reply_headers(conn, status, type, body, route, t0, NULL,
	    NULL);
}

enum MHD_Result
sv_reply_json(struct MHD_Connection *conn, unsigned int status, json_t *o,
    const char *route, double t0)
{
	char	*body = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	if (body == NULL)
		return MHD_NO;
	return sv_reply(conn, status, "application/json", body, route, t0);
}

enum MHD_Result
sv_reply_error(struct MHD_Connection *conn, unsigned int status,
    const char *msg, const char *route, double t0)
{
	return sv_reply_json(conn, status, json_pack("{s:s}", "error", msg),
	    route, t0);
}

static enum MHD_Result
route_verify(struct server *sv, struct MHD_Connection *conn, double t0)
{
	struct store	*st = sv->st;
	const char	*serial, *name, *dob;
	char		*body;
	unsigned int	 bad;
	int		 rc;

	serial = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "serial");
	name = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "name");
	dob = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "dob");
	rc = receipt_text(st, serial, name, dob, &body, NULL);
	switch (rc) {
	case RECEIPT_OK:
		return sv_reply(conn, MHD_HTTP_OK, "application/json", body,
		    "verify", t0);
	case RECEIPT_NOTFOUND:
		/* The same answer whichever of the three did not match. */
		return sv_queue(conn, MHD_HTTP_NOT_FOUND, sv->notfound,
		    "verify", t0);
	case RECEIPT_EINPUT:
		/* Say which: the asker knows what they typed. */
		bad = receipt_bad_input(serial, name, dob);
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST,
		    bad & RECEIPT_BAD_SERIAL ? "serial is required: UTF-8 "
		    "text of at most 64 bytes" : bad & RECEIPT_BAD_NAME ?
		    "name is required: UTF-8 text of at most 256 bytes" :
		    "dob is required: a date that exists, as d/m/yyyy or "
		    "yyyy-mm-dd", "verify", t0);
	}
	return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "the "
	    "registry cannot be read just now", "verify", t0);
}

_Static_assert(PUBHTML_BAD_SERIAL == RECEIPT_BAD_SERIAL &&
    PUBHTML_BAD_NAME == RECEIPT_BAD_NAME && PUBHTML_BAD_DOB == RECEIPT_BAD_DOB,
    "the page marks the parts receipt_bad_input finds");

/* s when it may go back into the form: UTF-8 text of a sane length. */
static const char *
echo(const char *s)
{
	return s != NULL && strlen(s) <= 1024 &&
	    utf8_valid(s, strlen(s), UTF8_NO_CONTROLS) ? s : NULL;
}

/* GET / : the form, and with a question, the answer above it. */
static enum MHD_Result
route_page(struct store *st, struct MHD_Connection *conn, double t0)
{
	const char	*serial, *name, *dob, *lang;
	json_t		*r = NULL;
	char		*html;
	unsigned int	 bad;
	int		 rc = RECEIPT_NOTFOUND, asked;

	serial = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "serial");
	name = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "name");
	dob = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "dob");
	lang = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "lang");
	asked = serial != NULL || name != NULL || dob != NULL;
	if (asked)
		rc = receipt_make(st, serial, name, dob, &r);
	if (rc == RECEIPT_ESTORE)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "the "
		    "registry cannot be read just now", "page", t0);
	/* Echo back what was typed, so that only the wrong part need be
	 * retyped, but never what is not UTF-8 text. */
	bad = rc == RECEIPT_EINPUT ? receipt_bad_input(serial, name, dob) : 0;
	serial = echo(serial);
	name = echo(name);
	dob = echo(dob);
	html = pubhtml_render(lang, serial, name, dob, r,
	    asked && rc == RECEIPT_NOTFOUND, bad);
	json_decref(r);
	if (html == NULL)
		return MHD_NO;
	return sv_reply(conn, MHD_HTTP_OK, "text/html; charset=utf-8", html,
	    "page", t0);
}

static enum MHD_Result
route_checkpoint(struct store *st, struct MHD_Connection *conn, double t0)
{
	struct store_rd	*txn;
	uint64_t	 got;
	char		*note = NULL;
	int		 rc;

	rc = store_rd_begin(st, &txn);
	if (rc == STORE_OK) {
		rc = store_checkpoint(st, txn, 0, &note, &got);
		store_rd_end(txn);
	}
	if (rc == STORE_ENOTFOUND)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "nothing is "
		    "published yet", "checkpoint", t0);
	if (rc != STORE_OK)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "checkpoint", t0);
	return sv_reply(conn, MHD_HTTP_OK, "text/plain; charset=utf-8", note,
	    "checkpoint", t0);
}

/* Keys change seldom, but a rotation must reach employers within minutes. */
#define KEYS_CACHE	"public, max-age=300"

/*
 * GET /.well-known/sogoc/keys, and GET /receipt with them in the page:
 * as receiptpage.h says, cached for KEYS_CACHE.
 */
static enum MHD_Result
route_keys(struct server *sv, struct MHD_Connection *conn, int page,
    double t0)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	const char		*lang, *route = page ? "receipt" : "keys";
	char			*keys, *body, err[256];

	if (receiptpage_keys(sv->st, sv->witnesses, &keys, err,
	    sizeof(err)) != 0) {
		log_msg(LOG_ERR, "%s: %s", route, err);
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the keys cannot be read just now", route, t0);
	}
	if (!page)
		resp = http_response_take(HTTP_SITE_PUBLIC,
		    "text/plain; charset=utf-8", keys, strlen(keys),
		    KEYS_CACHE, NULL, NULL);
	else {
		lang = MHD_lookup_connection_value(conn,
		    MHD_GET_ARGUMENT_KIND, "lang");
		body = receiptpage_render(lang, keys);
		free(keys);
		resp = body == NULL ? NULL : http_response_take(
		    HTTP_SITE_PUBLIC_SCRIPTED, "text/html; charset=utf-8",
		    body, strlen(body), KEYS_CACHE, "Content-Security-Policy",
		    receiptpage_csp());
	}
	if (resp == NULL)
		return MHD_NO;
	ret = sv_queue(conn, MHD_HTTP_OK, resp, route, t0);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
route_consistency(struct store *st, struct MHD_Connection *conn, double t0)
{
	const char		*old;
	char			*end;
	unsigned long long	 n;
	json_t			*o;

	old = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "old");
	if (old == NULL || old[0] < '1' || old[0] > '9' ||
	    strlen(old) > 19)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "old must "
		    "be a tree size of a signed checkpoint", "consistency",
		    t0);
	n = strtoull(old, &end, 10);
	if (*end != '\0')
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "old must "
		    "be a tree size of a signed checkpoint", "consistency",
		    t0);
	if (proof_consistency(st, n, 0, &o) != STORE_OK)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no signed "
		    "checkpoint of that size", "consistency", t0);
	return sv_reply_json(conn, MHD_HTTP_OK, o, "consistency", t0);
}

/* Takes a token of the client's bucket in rl (NULL: no limit): the
 * seconds it must wait, 0 to go on. */
static unsigned int
take(struct server *sv, struct MHD_Connection *conn, struct ratelimit *rl,
    double t0)
{
	struct client_key	 k;

	if (rl == NULL || client_key_of(sv->proxies, conn, &k) != 0)
		return 0;
	return ratelimit_take(rl, k.b, k.len, t0 / 1e3);
}

/*
 * Takes a token of the buckets of what a question of / or the verify API
 * asks (asklimit.h): the seconds it must wait, 0 to go on.  A malformed
 * question is looked up nowhere, so it costs nothing.
 */
static unsigned int
ask(struct server *sv, struct MHD_Connection *conn, double t0)
{
	const char		*serial, *name, *dob;
	struct client_key	 k;

	/* No limits by what is asked (benchmarks): no question is read
	 * twice for them. */
	if (sv->al == NULL)
		return 0;
	serial = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "serial");
	name = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "name");
	dob = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "dob");
	if ((serial == NULL && name == NULL && dob == NULL) ||
	    receipt_bad_input(serial, name, dob) != 0)
		return 0;
	/* No peer address: k is empty, every such client's network. */
	(void)client_key_of(sv->proxies, conn, &k);
	return asklimit_take(sv->al, &k, serial, name, dob, t0 / 1e3);
}

/* The route name of a URL, for counting answers nobody computed. */
static const char *
route_of_url(const char *url)
{
	if (strcmp(url, "/api/v1/verify") == 0)
		return "verify";
	if (strcmp(url, "/checkpoint") == 0)
		return "checkpoint";
	if (strcmp(url, "/api/v1/proof/consistency") == 0)
		return "consistency";
	if (strcmp(url, "/") == 0)
		return "page";
	if (strcmp(url, "/receipt") == 0)
		return "receipt";
	if (strcmp(url, "/.well-known/sogoc/keys") == 0)
		return "keys";
	return "other";
}

/* Whether the request says a body follows. */
static int
has_body(struct MHD_Connection *conn)
{
	const char	*cl;

	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	return (cl != NULL && strspn(cl, "0") != strlen(cl)) ||
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct server			*sv = cls;
	struct store			*st = sv->st;
	double				 t0 = now_ms();
	unsigned int			 wait;
	char				*ok, retry[16];

	(void)version;
	if (*con_cls != NULL && *con_cls != (void *)1)
		return copyweb_handle(st, sv->public_url, sv->al, sv->proxies,
		    sv->cred, conn, url, method, upload, upload_size, con_cls,
		    t0);
	if (*con_cls == NULL && copyweb_owns(url)) {
		/* Copy requests and share codes: their token first, before
		 * any body is read. */
		wait = take(sv, conn, sv->rl, t0);
		/* Each request is kept for staff: few per address. */
		if (wait == 0 && copyweb_asks(url, method))
			wait = take(sv, conn, sv->asks, t0);
		if (wait > 0) {
			snprintf(retry, sizeof(retry), "%u", wait);
			return copyweb_busy(conn, url, retry, "copy", t0);
		}
		return copyweb_handle(st, sv->public_url, sv->al, sv->proxies,
		    sv->cred, conn, url, method, upload, upload_size, con_cls,
		    t0);
	}
	if (*con_cls == NULL) {
		*con_cls = (void *)1;
		/*
		 * First call, headers only.  What is refused is refused now:
		 * libmicrohttpd takes an answer only now or once the whole
		 * request is in, and a body we would refuse is not worth
		 * reading.  Everything else is answered on the next call.
		 */
		if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
			return sv_reply_headers(conn,
			    MHD_HTTP_METHOD_NOT_ALLOWED, "application/json",
			    strdup("{\"error\":\"only GET and HEAD\"}"),
			    "method", t0, "Allow", "GET, HEAD");
		if (has_body(conn))
			return sv_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE,
			    "no request body is accepted", "body", t0);
		return MHD_YES;
	}
	if (*upload_size != 0)
		return sv_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "no "
		    "request body is accepted", "body", t0);
	if (strcmp(url, "/healthz") == 0)
		return sv_queue(conn, MHD_HTTP_OK, sv->healthz, "healthz", t0);
	if (strcmp(url, "/style.css") == 0)
		return sv_queue(conn, MHD_HTTP_OK, sv->css, "other", t0);
	/* Everything else costs a token of the client's bucket. */
	if ((wait = take(sv, conn, sv->rl, t0)) > 0) {
		snprintf(retry, sizeof(retry), "%u", wait);
		ok = strdup("{\"error\":\"too many requests; try again "
		    "later\"}");
		return ok == NULL ? MHD_NO : sv_reply_headers(conn,
		    MHD_HTTP_TOO_MANY_REQUESTS, "application/json", ok,
		    route_of_url(url), t0, "Retry-After", retry);
	}
	/* And a question, a token of what it asks: a page of ours says
	 * so, as the copy form's does. */
	if ((strcmp(url, "/") == 0 || strcmp(url, "/api/v1/verify") == 0) &&
	    (wait = ask(sv, conn, t0)) > 0) {
		snprintf(retry, sizeof(retry), "%u", wait);
		return copyweb_busy(conn, url, retry, route_of_url(url), t0);
	}
	if (strcmp(url, "/") == 0)
		return route_page(st, conn, t0);
	if (strcmp(url, "/checkpoint") == 0)
		return route_checkpoint(st, conn, t0);
	if (strcmp(url, "/api/v1/verify") == 0)
		return route_verify(sv, conn, t0);
	if (strcmp(url, "/api/v1/proof/consistency") == 0)
		return route_consistency(st, conn, t0);
	if (strcmp(url, "/receipt") == 0)
		return route_keys(sv, conn, 1, t0);
	if (strcmp(url, "/.well-known/sogoc/keys") == 0)
		return route_keys(sv, conn, 0, t0);
	if (credweb_owns(url))
		return credweb_handle(sv->cred, st, conn, url, t0);
	return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page", "other",
	    t0);
}

/* A request is over: what copyweb kept for it goes. */
static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode why)
{
	(void)cls;
	(void)conn;
	(void)why;
	if (*con_cls != NULL && *con_cls != (void *)1)
		copyweb_done(*con_cls);
	*con_cls = NULL;
}

/* The text of sv's metrics (not NULL). */
static char *
metrics_of(struct server *sv)
{
	struct store_rd	*txn;
	uint64_t	 size = 0, got;
	char		*note;

	if (store_rd_begin(sv->st, &txn) == STORE_OK) {
		note = NULL;
		if (store_checkpoint(sv->st, txn, 0, &note, &got) == STORE_OK)
			size = got;
		free(note);
		store_rd_end(txn);
	}
	return metrics_text(sv->m, size);
}

char *
server_metrics_text(struct server *sv)
{
	char	*text = NULL;

	if (sv != NULL)
		return metrics_of(sv);
	pthread_mutex_lock(&running_mu);
	if (server_running != NULL)
		text = metrics_of(server_running);
	pthread_mutex_unlock(&running_mu);
	return text;
}

/* The metrics listener's one page; anything else is 404.  Its answers
 * are not counted: scraping would show in what it scrapes. */
static enum MHD_Result
metrics_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	unsigned int		 status = MHD_HTTP_OK;
	char			*body;

	(void)version;
	(void)upload;
	if (*con_cls == NULL) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
		body = strdup("only GET and HEAD\n");
	} else if (strcmp(url, "/metrics") != 0) {
		status = MHD_HTTP_NOT_FOUND;
		body = strdup("only /metrics here\n");
	} else
		body = metrics_of(cls);
	if (body == NULL)
		return MHD_NO;
	resp = http_response_take(HTTP_SITE_PUBLIC, status == MHD_HTTP_OK ?
	    "text/plain; version=0.0.4" : "text/plain", body, strlen(body),
	    NULL, NULL, NULL);
	if (resp == NULL)
		return MHD_NO;
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The metrics listener of o, if any: 0, or -1 with why in err. */
static int
metrics_start(struct server *sv, const struct server_opts *o, char *err,
    size_t errsz)
{
	struct http_listen	 l = {
		.addr = o->metrics_addr,
		.port = o->metrics_port,
		.timeout = o->timeout,
		.max_conns = 16,
		.memory = 8192,
		.strict = 1,
		.handler = metrics_handler,
		.handler_cls = sv,
	};
	char			 why[256];

	if (o->metrics_port == 0)
		return 0;
	sv->md = http_listen(&l, why, sizeof(why));
	if (sv->md == NULL) {
		snprintf(err, errsz, "%s%s", strncmp(why, "cannot", 6) == 0 ?
		    "metrics: " : "", why);
		return -1;
	}
	return 0;
}

void
server_stop(struct server *sv)
{
	if (sv == NULL)
		return;
	pthread_mutex_lock(&running_mu);
	if (server_running == sv)
		server_running = NULL;
	pthread_mutex_unlock(&running_mu);
	if (sv->md != NULL)
		MHD_stop_daemon(sv->md);
	if (sv->d != NULL)
		MHD_stop_daemon(sv->d);
	if (server_metrics == sv->m)
		server_metrics = NULL;
	if (sv->notfound != NULL)
		MHD_destroy_response(sv->notfound);
	if (sv->healthz != NULL)
		MHD_destroy_response(sv->healthz);
	if (sv->css != NULL)
		MHD_destroy_response(sv->css);
	ratelimit_free(sv->rl);
	ratelimit_free(sv->asks);
	asklimit_free(sv->al);
	metrics_free(sv->m);
	free(sv);
}

struct server *
server_start(struct store *st, const struct server_opts *o, char *err,
    size_t errsz)
{
	static char		 notfound[] = "{\"status\":\"not_found\"}";
	static char		 healthz[] = "ok\n";
	struct http_listen	 l = {
		.addr = o->addr,
		.port = o->port,
		.threads = o->threads,
		.timeout = o->timeout,
		/* A proxy's clients all come from its address. */
		.per_ip = o->proxies != NULL ? 0 : o->per_ip,
		.max_conns = o->max_conns,
		.memory = 16384,
		/* HTTP/1.1 without Host, or a space in a URL, is refused: no
		 * real client sends them. */
		.strict = 1,
		.no_listen = o->no_listen,
		.handler = handler,
		.completed = completed,
	};
	struct server		*sv;

	sv = calloc(1, sizeof(*sv));
	if (sv == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	sv->st = st;
	sv->public_url = o->public_url;
	sv->witnesses = o->witnesses;
	sv->proxies = o->proxies;
	sv->cred = o->cred;
	server_access_log = o->access_log;
	sv->rl = o->rate > 0 ? ratelimit_new(o->rate, o->burst) : NULL;
	sv->asks = ratelimit_new(COPY_ASKS_RATE, COPY_ASKS_BURST);
	sv->al = o->no_ask_limit ? NULL : asklimit_new();
	sv->m = metrics_new();
	server_metrics = sv->m;
	sv->notfound = sv_response("application/json", notfound,
	    sizeof(notfound) - 1, MHD_RESPMEM_PERSISTENT);
	sv->healthz = sv_response("text/plain", healthz, sizeof(healthz) - 1,
	    MHD_RESPMEM_PERSISTENT);
	sv->css = sv_response("text/css; charset=utf-8", (char *)pubhtml_css(),
	    strlen(pubhtml_css()), MHD_RESPMEM_PERSISTENT);
	if ((o->rate > 0 && sv->rl == NULL) || sv->asks == NULL ||
	    (!o->no_ask_limit && sv->al == NULL) || sv->m == NULL ||
	    sv->notfound == NULL || sv->healthz == NULL || sv->css == NULL) {
		server_stop(sv);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	l.handler_cls = sv;
	sv->d = http_listen(&l, err, errsz);
	if (sv->d == NULL) {
		server_stop(sv);
		return NULL;
	}
	if (metrics_start(sv, o, err, errsz) != 0) {
		server_stop(sv);
		return NULL;
	}
	pthread_mutex_lock(&running_mu);
	server_running = sv;
	pthread_mutex_unlock(&running_mu);
	return sv;
}

int
server_add_connection(struct server *sv, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	return MHD_add_connection(sv->d, fd, sa, salen) == MHD_YES ? 0 : -1;
}

int
server_run(struct store *st, const struct server_opts *o,
    volatile sig_atomic_t *stop, char *err, size_t errsz)
{
	struct server	*sv;

	sv = server_start(st, o, err, errsz);
	if (sv == NULL)
		return -1;
	log_msg(LOG_INFO, "listening on %s:%u, %u threads",
	    o->addr ? o->addr : "0.0.0.0", o->port, o->threads);
	if (o->metrics_port != 0)
		log_msg(LOG_INFO, "metrics on %s:%u", o->metrics_addr ?
		    o->metrics_addr : "0.0.0.0", o->metrics_port);
	while (!*stop)
		usleep(100000);
	server_stop(sv);
	log_msg(LOG_INFO, "stopped");
	return 0;
}
