/*
 * console.c: the staff console's HTTP side (see console.h): the server,
 * requests and their forms, the route table and the checks every request
 * passes; answers and the pages' frame are in answers.c, sign-in in
 * signin.c, the progress page in home.c, the other routes' handlers in
 * review.c, importer.c, registrar.c, admin.c, copies.c and keying.c.  The listener, the
 * security headers, the form collector, the same-origin rule and the
 * route lookup are http/'s, shared with the public service.
 *
 * Its routes are one table, routes[] below (path, methods, least role,
 * handler), checked in dispatch() alone:
 *   anyone     /static/console.css, /static/console.js, /favicon.ico,
 *              /login (GET, POST), /metrics
 *   reviewer   / /page /img/page /img/cell /import (GET, POST)
 *              /import/status; POST /logout /review /publish /key /upload
 *   registrar  /records /copies /copy-request/pdf /record/credential;
 *              /record and
 *              /copy-request (GET, POST)
 *   admin      /users (GET, POST)
 * All are answered with no-store caching (but the static files) and a
 * strict CSP.  A POST must carry the session's CSRF token and come from
 * this console (http/origin.h).
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "account.h"
#include "console.h"
#include "cs.h"
#include "form.h"
#include "guard.h"
#include "jobs.h"
#include "listen.h"
#include "log.h"
#include "media.h"
#include "origin.h"
#include "server.h"
#include "ratelimit.h"
#include "route.h"
#include "session.h"
#include "upload.h"

#define FORM_MAX	(64 * 1024)	/* bytes of a form, in all */
#define FORM_VALUE	16384		/* bytes of one value */
#define LOGIN_BURST	30	/* sign-ins at once from one address, */
#define LOGIN_RATE	0.5	/* then a second */

extern const char	 console_css[], console_js[];

/* --- the form -------------------------------------------------------- */

/* A part of a file in a form: written when this may be an upload. */
static void
post_file(void *cls, struct http_form *f, const char *filename,
    const char *data, uint64_t off, size_t size)
{
	struct req	*r = cls;

	if (!r->upload || r->up_err[0] != '\0')
		return;
	if (r->up == NULL) {
		/* No file is written for a forged or signed-out form. */
		if (!r->have_s || !session_csrf_ok(&r->s, http_form_last(f,
		    "csrf")) || r->c->scans == NULL) {
			snprintf(r->up_err, sizeof(r->up_err), "the upload "
			    "was refused (sign in again, and reload the "
			    "page)");
			return;
		}
		r->up = upload_begin(r->c->scans, r->s.name, r->up_err,
		    sizeof(r->up_err));
		if (r->up == NULL)
			return;
	}
	if (upload_chunk(r->up, filename, data, off, size, r->up_err,
	    sizeof(r->up_err)) != 0)
		log_msg(LOG_NOTICE, "staff upload refused: %s", r->up_err);
}

/* A form value (POST) or query argument (GET); NULL when absent. */
const char *
cs_arg(struct ctx *x, const char *key)
{
	if (x->post)
		return http_form_get(x->r->form, key);
	return MHD_lookup_connection_value(x->conn, MHD_GET_ARGUMENT_KIND,
	    key);
}

/* Whether every value of the request is UTF-8 text without controls. */
int
cs_args_valid(struct ctx *x)
{
	return !x->post || http_form_text(x->r->form);
}

static void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	http_form_free(r->form);
	upload_abort(r->up);
	free(r);
}

static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	req_free(*con_cls);
	*con_cls = NULL;
}

/* --- dispatch -------------------------------------------------------- */

static enum MHD_Result
route_css(struct ctx *x)
{
	return cs_answer(x, MHD_HTTP_OK, "text/css; charset=utf-8",
	    strdup(console_css), strlen(console_css), 1, NULL, NULL);
}

static enum MHD_Result
route_js(struct ctx *x)
{
	return cs_answer(x, MHD_HTTP_OK, "text/javascript; charset=utf-8",
	    strdup(console_js), strlen(console_js), 1, NULL, NULL);
}

/* No icon, and no error in the browser's console for it. */
static enum MHD_Result
route_favicon(struct ctx *x)
{
	return cs_answer(x, MHD_HTTP_NO_CONTENT, "image/x-icon", strdup(""), 0,
	    1, NULL, NULL);
}

/* The public service's metrics (server.h), for the monitoring system on
 * the department's network: no personal data, no sign-in. */
static enum MHD_Result
route_metrics(struct ctx *x)
{
	char	*text = server_metrics_text(NULL);

	if (text == NULL)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
		    "Không có dịch vụ công khai nào chạy cùng.");
	return cs_answer(x, MHD_HTTP_OK, "text/plain; version=0.0.4", text,
	    strlen(text), 0, NULL, NULL);
}

static enum MHD_Result
route_img_page(struct ctx *x)
{
	return cs_route_img(x, 0);
}

static enum MHD_Result
route_img_cell(struct ctx *x)
{
	return cs_route_img(x, 1);
}

_Static_assert(CONSOLE_GET == HTTP_GET && CONSOLE_POST == HTTP_POST,
    "console.h names the methods as route.h does");

#define GET	HTTP_GET
#define POST	HTTP_POST

/*
 * Every route, with the methods it takes and the least role that may use
 * it (ROLE_NONE: no sign-in).  dispatch() checks the role before the
 * handler runs, so a handler never answers someone its row does not
 * admit; a path not here is 404.
 */
static const struct route {
	struct http_route	 r;
	enum MHD_Result		(*fn)(struct ctx *);
} routes[] = {
	{ { "/static/console.css", 0, GET, ROLE_NONE }, route_css },
	{ { "/static/console.js", 0, GET, ROLE_NONE }, route_js },
	{ { "/favicon.ico", 0, GET, ROLE_NONE }, route_favicon },
	{ { "/login", 0, GET | POST, ROLE_NONE }, cs_route_login },
	{ { "/metrics", 0, GET, ROLE_NONE }, route_metrics },
	{ { "/logout", 0, POST, ROLE_REVIEWER }, cs_route_logout },
	{ { "/", 0, GET, ROLE_REVIEWER }, cs_route_home },
	{ { "/page", 0, GET, ROLE_REVIEWER }, cs_route_page },
	{ { "/img/page", 0, GET, ROLE_REVIEWER }, route_img_page },
	{ { "/img/cell", 0, GET, ROLE_REVIEWER }, route_img_cell },
	{ { "/review", 0, POST, ROLE_REVIEWER }, cs_route_review },
	{ { "/publish", 0, POST, ROLE_REVIEWER }, cs_route_publish },
	{ { "/key", 0, POST, ROLE_REVIEWER }, cs_route_key },
	{ { "/import", 0, GET | POST, ROLE_REVIEWER }, cs_route_import },
	{ { "/upload", 0, POST, ROLE_REVIEWER }, cs_route_upload },
	{ { "/import/status", 0, GET, ROLE_REVIEWER }, cs_route_import_status },
	/* Records and requests carry personal data. */
	{ { "/records", 0, GET, ROLE_REGISTRAR }, cs_route_records },
	{ { "/record", 0, GET | POST, ROLE_REGISTRAR }, cs_route_record },
	{ { "/record/credential", 0, POST, ROLE_REGISTRAR },
	    cs_route_credential },
	{ { "/copies", 0, GET, ROLE_REGISTRAR }, cs_route_copies },
	{ { "/copy-request", 0, GET | POST, ROLE_REGISTRAR },
	    cs_route_copy_request },
	{ { "/copy-request/pdf", 0, GET, ROLE_REGISTRAR }, cs_route_copy_pdf },
	{ { "/users", 0, GET | POST, ROLE_ADMIN }, cs_route_users },
};

#undef GET
#undef POST

const char *
console_route(size_t i, unsigned int *methods, int *role)
{
	if (i >= sizeof(routes) / sizeof(routes[0]))
		return NULL;
	*methods = routes[i].r.methods;
	*role = routes[i].r.role;
	return routes[i].r.path;
}

static const struct route *
route_find(const char *url)
{
	return (const struct route *)http_route_find(routes,
	    sizeof(routes) / sizeof(routes[0]), sizeof(routes[0]), url);
}

static enum MHD_Result
wrong_method(struct ctx *x, const struct route *rt)
{
	static const char	 text[] = "Sai phương thức.\n";

	return cs_answer(x, MHD_HTTP_METHOD_NOT_ALLOWED,
	    "text/plain; charset=utf-8", strdup(text), sizeof(text) - 1, 0,
	    "Allow", http_route_allow(&rt->r));
}

/* What the form of x says before it is read further: 413, 415, 400 or
 * 0 to go on, with its answer in *ret. */
static int
form_refused(struct ctx *x, enum MHD_Result *ret)
{
	enum http_form_state	 st;

	st = http_form_state(x->r->form);
	if (st == HTTP_FORM_TOO_BIG)
		*ret = cs_message(x, MHD_HTTP_CONTENT_TOO_LARGE, "Quá lớn",
		    "Biểu mẫu quá lớn.");
	else if (st == HTTP_FORM_BAD_TYPE)
		*ret = cs_message(x, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "Sai yêu cầu", "Biểu mẫu phải gửi dạng "
		    "application/x-www-form-urlencoded hoặc "
		    "multipart/form-data.");
	else if (!cs_args_valid(x))
		*ret = cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Biểu mẫu có ký tự không hợp lệ (không phải UTF-8).");
	else if (x->post && !http_same_origin(x->conn))
		*ret = cs_message(x, MHD_HTTP_FORBIDDEN, "Bị từ chối",
		    "Yêu cầu không đến từ trang của bảng điều khiển này.");
	else
		return 0;
	return 1;
}

/* Whether a POST carries its session's CSRF token, in the form or (a
 * script's) in X-CSRF-Token. */
static int
csrf_ok(struct ctx *x)
{
	const char	*csrf;

	if (!x->post)
		return 1;
	csrf = cs_arg(x, "csrf");
	if (csrf == NULL)
		csrf = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND,
		    "X-CSRF-Token");
	return session_csrf_ok(&x->s, csrf);
}

/*
 * The one place where a request meets its route's row: the form's
 * checks and the origin first, then sign-in (a route of ROLE_NONE is
 * answered signed in or out), the CSRF token, 404, and the row's least
 * role and methods (http_route_check: 403, then 405).
 */
static enum MHD_Result
dispatch(struct ctx *x)
{
	static const char *const may[ROLE_ADMIN + 1] = { "", "", "Chỉ cán bộ "
	    "quản lý văn bằng (registrar) dùng được trang này.", "Chỉ quản "
	    "trị (admin) dùng được trang này." };
	const struct route	*rt = route_find(x->url);
	enum MHD_Result		 ret;
	unsigned int		 method = x->post ? HTTP_POST : HTTP_GET;
	int			 rc;

	if (form_refused(x, &ret))
		return ret;
	rc = cs_session_of(x->c, x->conn, x->token, &x->s);
	x->signed_in = rc == SESSION_OK;
	if (rt != NULL && rt->r.role == ROLE_NONE)
		return http_route_check(&rt->r, method, ROLE_NONE) == 0 ?
		    rt->fn(x) : wrong_method(x, rt);
	/* Signed out, even a page that does not exist leads to sign-in:
	 * what the console has is for staff to know. */
	if (!x->signed_in)
		return cs_to_login(x, rc == SESSION_EEXPIRED);
	if (!csrf_ok(x))
		return cs_message(x, MHD_HTTP_FORBIDDEN, "Bị từ chối",
		    "Biểu mẫu này đã cũ hoặc không đến từ phiên làm việc của "
		    "bạn; tải lại trang rồi thử lại.");
	if (rt == NULL)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
		    "Không có trang này.");
	switch (http_route_check(&rt->r, method, x->s.role)) {
	case 0:
		return rt->fn(x);
	case MHD_HTTP_FORBIDDEN:
		log_msg(LOG_NOTICE, "staff %s refused %s: needs the %s role",
		    x->s.name, rt->r.path, account_role_name(rt->r.role));
		return cs_message(x, MHD_HTTP_FORBIDDEN, "Không được phép",
		    may[rt->r.role]);
	default:
		return wrong_method(x, rt);
	}
}

/*
 * A request's first call (headers only): its form, when a POST.  An
 * upload's files go to disk as they come, so only for a session
 * dispatch() would let through (CSRF is checked in the body, before the
 * first file).
 */
static enum MHD_Result
begin(struct console *c, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls)
{
	struct http_form_limits	 lim = { FORM_MAX, FORM_FIELDS, FORM_VALUE };
	struct req		*r;
	char			 token[SESSION_TOKEN_LEN + 1];

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return MHD_NO;
	*con_cls = r;
	r->c = c;
	/* Another method's body is only counted, for its limit. */
	if (strcmp(method, "POST") != 0) {
		lim.fields = 0;
		r->form = http_form_new(&lim);
		return r->form != NULL ? MHD_YES : MHD_NO;
	}
	if (strcmp(url, "/upload") == 0) {
		r->upload = 1;
		lim.body = UPLOAD_MAX + FORM_MAX;
		r->have_s = http_same_origin(conn) && cs_session_of(c, conn,
		    token, &r->s) == SESSION_OK &&
		    (int)r->s.role >= route_find(url)->r.role;
	}
	r->form = http_form_new(&lim);
	if (r->form == NULL)
		return MHD_NO;
	(void)http_form_attach(r->form, conn, post_file, r);
	return MHD_YES;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct ctx	 x;
	struct req	*r = *con_cls;
	const char	*accept;

	(void)version;
	if (r == NULL)
		return begin(cls, conn, url, method, con_cls);
	if (*upload_data_size > 0) {
		/* A malformed body is what it is: the form has what it
		 * could read, and its checks decide. */
		(void)http_form_feed(r->form, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&x, 0, sizeof(x));
	x.c = cls;
	x.conn = conn;
	x.r = r;
	x.url = url;
	if (strcmp(method, "POST") == 0)
		x.post = 1;
	else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return cs_message(&x, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "Sai yêu cầu", "Chỉ GET và POST.");
	accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");
	x.json = accept != NULL && strncmp(accept, "application/json", 16) ==
	    0;
	return dispatch(&x);
}

void
console_stop(struct console *c)
{
	if (c == NULL)
		return;
	if (c->d != NULL)
		MHD_stop_daemon(c->d);
	jobs_free(c->jobs);
	media_free(c->media);
	session_table_free(c->sessions);
	ratelimit_free(c->logins);
	guard_free(c->guard);
	free(c->public_url);
	free(c->scans);
	free(c);
}

struct console *
console_start(struct store *st, const struct console_opts *o, char *err,
    size_t errsz)
{
	struct http_listen	 l = {
		.addr = o->addr,
		.loopback = 1,
		.port = o->port,
		.threads = 2,
		.timeout = o->timeout > 0 ? o->timeout : 30,
		.per_ip = o->proxies != NULL ? 0 : CONSOLE_PER_IP,
		.max_conns = CONSOLE_CONNS_MAX,
		.memory = 128 * 1024,
		.log_prefix = "staff: ",
		.handler = handler,
		.completed = completed,
	};
	struct console		*c;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	c->st = st;
	c->signer = o->signer;
	c->copy = o->copy;
	c->cred = o->cred;
	c->secure = o->secure_cookie;
	c->proxies = o->proxies;
	c->sessions = session_table_new();
	c->logins = ratelimit_new(LOGIN_RATE, LOGIN_BURST);
	c->guard = guard_new();
	c->media = media_new();
	c->public_url = o->public_url != NULL ? strdup(o->public_url) : NULL;
	if (c->sessions == NULL || c->media == NULL || c->logins == NULL ||
	    c->guard == NULL ||
	    (o->public_url != NULL && c->public_url == NULL)) {
		console_stop(c);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (o->scans != NULL && ((c->scans = strdup(o->scans)) == NULL ||
	    (c->jobs = jobs_new(st, o->scans, o->ocr_jobs)) == NULL)) {
		snprintf(err, errsz, "scans folder %s: %s", o->scans,
		    strerror(errno));
		console_stop(c);
		return NULL;
	}
	l.handler_cls = c;
	c->d = http_listen(&l, err, errsz);
	if (c->d == NULL) {
		console_stop(c);
		return NULL;
	}
	return c;
}
