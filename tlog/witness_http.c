/*
 * witness_http.c: the witness's one route, POST /add-checkpoint, and the
 * collection of its body under a cap (see witness_http.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "buf.h"
#include "listen.h"
#include "log.h"
#include "reply.h"
#include "route.h"
#include "witness_http.h"

#define TEXT		"text/plain; charset=utf-8"
#define CONNS_MAX	256
#define PER_IP		32	/* a log's keep-alive connections, and some */

struct witness_http {
	struct MHD_Daemon	*d;
	struct witness		*w;
};

/* The route table: one row (http/route.h). */
struct wroute {
	struct http_route	 r;
};

static const struct wroute routes[] = {
	{ { "/add-checkpoint", 0, HTTP_POST, 0 } },
};

/* A request whose body is being read. */
struct wreq {
	struct buf	 body;
	int		 too_big;
};

/* A short text answer. */
static enum MHD_Result
reply_text(struct MHD_Connection *conn, int status, const char *msg,
    const char *hname, const char *hvalue)
{
	return http_reply_take(conn, (unsigned int)status, HTTP_SITE_PUBLIC,
	    TEXT, strdup(msg), strlen(msg), hname, hvalue);
}

/*
 * The first call of a request: its route and method, and a declared
 * length over the cap, answered at once; else its body's state.
 */
static enum MHD_Result
begin(struct MHD_Connection *conn, const char *url, const char *method,
    void **con_cls)
{
	const struct wroute	*rt;
	const char		*cl;
	struct wreq		*r;
	unsigned int		 code;

	rt = (const struct wroute *)http_route_find(routes,
	    sizeof(routes) / sizeof(routes[0]), sizeof(routes[0]), url);
	if (rt == NULL)
		return reply_text(conn, 404, "not found\n", NULL, NULL);
	code = http_route_check(&rt->r, http_method_bit(method), 0);
	if (code != 0)
		return reply_text(conn, (int)code, "POST only\n", "Allow",
		    http_route_allow(&rt->r));
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && (strlen(cl) > 9 ||
	    strtoul(cl, NULL, 10) > WITNESS_BODY_MAX))
		return reply_text(conn, 413, "body larger than 128 KiB\n",
		    NULL, NULL);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return MHD_NO;
	*con_cls = r;
	return MHD_YES;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct witness_http	*h = cls;
	struct witness_answer	 a;
	struct wreq		*r = *con_cls;
	time_t			 now;

	(void)version;
	if (r == NULL)
		return begin(conn, url, method, con_cls);
	if (*upload_data_size > 0) {
		/* Past the cap the rest is read and dropped (a chunked
		 * body has no length to refuse up front). */
		if (r->body.len + *upload_data_size > WITNESS_BODY_MAX)
			r->too_big = 1;
		else
			buf_add(&r->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->too_big)
		return reply_text(conn, 413, "body larger than 128 KiB\n",
		    NULL, NULL);
	if (r->body.err)
		return reply_text(conn, 500, "out of memory\n", NULL, NULL);
	now = time(NULL);
	witness_check(h->w, r->body.p != NULL ? r->body.p : "", r->body.len,
	    now > 0 ? (uint64_t)now : 1, &a);
	if (a.body == NULL)
		return reply_text(conn, 500, "out of memory\n", NULL, NULL);
	return http_reply_take(conn, (unsigned int)a.status, HTTP_SITE_PUBLIC,
	    a.type, a.body, a.len, NULL, NULL);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct wreq	*r = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (r == NULL)
		return;
	free(r->body.p);
	free(r);
	*con_cls = NULL;
}

struct witness_http *
witness_http_start(struct witness *w, const char *addr, uint16_t port,
    unsigned int threads, char *err, size_t errsz)
{
	struct witness_http	*h;
	struct http_listen	 l = {
		.addr = addr,
		.loopback = 1,
		.port = port,
		.threads = threads > 0 ? threads : 4,
		.timeout = 10,
		.per_ip = PER_IP,
		.max_conns = CONNS_MAX,
		.memory = 64 * 1024,
		.strict = 1,
		.log_prefix = "witness: ",
		.handler = handler,
		.completed = completed,
	};

	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	h->w = w;
	l.handler_cls = h;
	h->d = http_listen(&l, err, errsz);
	if (h->d == NULL) {
		free(h);
		return NULL;
	}
	return h;
}

void
witness_http_stop(struct witness_http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}
