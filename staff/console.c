/*
 * console.c: the staff console's HTTP side (see console.h): the server,
 * requests and their forms, sign-in, the checks every request passes, and
 * the progress page; the routes' handlers are in review.c, importer.c,
 * registrar.c, admin.c, copies.c and keying.c.  The listener, the
 * security headers, the form collector, the same-origin rule and the
 * route lookup are http/'s, shared with the public service.
 *
 * Its routes are one table, routes[] below (path, methods, least role,
 * handler), checked in dispatch() alone:
 *   anyone     /static/console.css, /static/console.js, /favicon.ico,
 *              /login (GET, POST), /metrics
 *   reviewer   / /page /img/page /img/cell /import (GET, POST)
 *              /import/status; POST /logout /review /publish /key /upload
 *   registrar  /records /copies /copy-request/pdf; /record and
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
#include "field.h"
#include "form.h"
#include "client.h"
#include "guard.h"
#include "html.h"
#include "jobs.h"
#include "listen.h"
#include "log.h"
#include "media.h"
#include "origin.h"
#include "progress.h"
#include "server.h"
#include "request.h"
#include "ratelimit.h"
#include "reply.h"
#include "route.h"
#include "session.h"
#include "upload.h"
#include "utf8.h"

#define COOKIE		"sogoc_staff"
#define FORM_MAX	(64 * 1024)	/* bytes of a form, in all */
#define FORM_VALUE	16384		/* bytes of one value */
#define LOGIN_BURST	30	/* sign-ins at once from one address, */
#define LOGIN_RATE	0.5	/* then a second */

extern const char	 console_css[], console_js[];

const char *const cs_role_label[ROLE_ADMIN + 1] = {
	"", "người duyệt (reviewer)", "cán bộ quản lý văn bằng (registrar)",
	"quản trị (admin)",
};

/* --- answers --------------------------------------------------------- */

/* The console's security headers are http/reply.c's; its static files
 * may be cached an hour. */
#define CACHE_STATIC	"private, max-age=3600"

enum MHD_Result
cs_answer(struct ctx *x, unsigned int status, const char *type, void *body,
    size_t len, int cache, const char *hname, const char *hvalue)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	resp = http_response_take(HTTP_SITE_CONSOLE, type, body, len, cache ?
	    CACHE_STATIC : NULL, hname, hvalue);
	if (resp == NULL)
		return MHD_NO;
	ret = MHD_queue_response(x->conn, status, resp);
	MHD_destroy_response(resp);
	if (status >= 500)
		log_msg(LOG_ERR, "staff %s %u", x->url, status);
	return ret;
}

enum MHD_Result
cs_send_html(struct ctx *x, unsigned int status, struct html *h)
{
	if (h->err) {
		free(h->p);
		return MHD_NO;
	}
	return cs_answer(x, status, "text/html; charset=utf-8", h->p, h->len, 0,
	    NULL, NULL);
}

enum MHD_Result
cs_send_json(struct ctx *x, unsigned int status, json_t *o)
{
	char	*s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return cs_answer(x, status, "application/json", s, s ? strlen(s) : 0, 0,
	    NULL, NULL);
}

enum MHD_Result
cs_redirect(struct ctx *x, const char *to, const char *cookie)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	static char		 empty[] = "";

	resp = http_response(HTTP_SITE_CONSOLE, "text/plain", empty, 0,
	    MHD_RESPMEM_PERSISTENT, NULL);
	if (resp == NULL)
		return MHD_NO;
	if (MHD_add_response_header(resp, "Location", to) != MHD_YES ||
	    (cookie != NULL && MHD_add_response_header(resp, "Set-Cookie",
	    cookie) != MHD_YES)) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(x->conn, MHD_HTTP_SEE_OTHER, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* --- pages ----------------------------------------------------------- */

void
cs_head(struct ctx *x, struct html *h, const char *title)
{
	html_raw(h, "<!DOCTYPE html>\n<html lang=\"vi\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	html_esc(h, title);
	html_raw(h, " — sogoc</title><link rel=\"stylesheet\" "
	    "href=\"/static/console.css\"><script src=\"/static/console.js\" "
	    "defer></script></head><body><header><a class=\"brand\" "
	    "href=\"/\">sogoc · sổ gốc</a>");
	if (x->signed_in) {
		html_raw(h, "<nav><a href=\"/\">Tiến độ</a><a href=\"/import\">"
		    "Nhập bản quét</a><a href=\"/records\">Tra cứu hồ sơ</a>");
		if (x->s.role >= ROLE_REGISTRAR)
			html_raw(h, "<a href=\"/copies\">Bản sao</a>");
		if (x->s.role >= ROLE_ADMIN)
			html_raw(h, "<a href=\"/users\">Tài khoản</a>");
		html_raw(h, "</nav><form method=\"post\" action=\"/logout\" "
		    "class=\"who\"><span>");
		html_esc(h, x->s.name);
		html_raw(h, " · ");
		html_esc(h, cs_role_label[x->s.role]);
		html_raw(h, "</span><input type=\"hidden\" name=\"csrf\" "
		    "value=\"");
		html_esc(h, x->s.csrf);
		html_raw(h, "\"><button>Đăng xuất</button></form>");
	}
	html_raw(h, "</header><main>");
}

void
cs_foot(struct html *h)
{
	html_raw(h, "</main></body></html>\n");
}

void
cs_notice(struct html *h, const char *error, const char *done)
{
	if (error == NULL && done == NULL)
		return;
	html_raw(h, error != NULL ? "<p role=\"alert\" class=\"error\">" :
	    "<p role=\"status\" class=\"ok\">");
	html_esc(h, error != NULL ? error : done);
	html_raw(h, "</p>");
}

void
cs_csrf_input(struct ctx *x, struct html *h)
{
	html_raw(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(h, x->s.csrf);
	html_raw(h, "\">");
}

/* A page with a message only: errors, refusals. */
enum MHD_Result
cs_message(struct ctx *x, unsigned int status, const char *title,
    const char *text)
{
	struct html	 h = { 0 };

	if (x->json)
		return cs_send_json(x, status, json_pack("{s:s, s:b}", "error",
		    text, "signin", status == MHD_HTTP_UNAUTHORIZED));
	cs_head(x, &h, title);
	html_raw(&h, "<h1>");
	html_esc(&h, title);
	html_raw(&h, "</h1>");
	cs_notice(&h, text, NULL);
	html_raw(&h, "<p><a href=\"/\">Về trang đầu</a></p>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

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

/* --- sign-in --------------------------------------------------------- */

/* Only a path of this console: no scheme, no host, no "//". */
static const char *
local_next(const char *next)
{
	const char	*p;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) > 512)
		return "/";
	/* Printable ASCII only: browsers drop tabs and turn \\ into /. */
	for (p = next; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~' || *p == '\\')
			return "/";
	return next;
}

static enum MHD_Result
login_page(struct ctx *x, unsigned int status, const char *name,
    const char *why)
{
	struct html	 h = { 0 };

	cs_head(x, &h, "Đăng nhập");
	html_raw(&h, "<h1>Đăng nhập</h1>");
	cs_notice(&h, why, NULL);
	html_raw(&h, "<form method=\"post\" action=\"/login\" "
	    "class=\"login\"><input type=\"hidden\" name=\"next\" value=\"");
	html_esc(&h, local_next(cs_arg(x, "next")));
	html_raw(&h, "\"><label for=\"name\">Tên tài khoản</label><input "
	    "id=\"name\" name=\"name\" autocomplete=\"username\" required "
	    "autocapitalize=\"none\" spellcheck=\"false\" value=\"");
	html_esc(&h, name);
	html_raw(&h, "\"><label for=\"password\">Mật khẩu</label><input "
	    "id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required><button>Đăng nhập"
	    "</button></form>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

/* A typed account name fit for the log: only a name an account could
 * have (a password typed in the wrong box is not written down). */
static const char *
log_name(const char *name)
{
	char	 ignored[8];

	return name != NULL && account_check_name(name, ignored,
	    sizeof(ignored)) == 0 ? name : "(not an account name)";
}

static enum MHD_Result
route_login(struct ctx *x)
{
	struct account_info	 ai;
	struct timespec		 ts;
	char			 err[256], cookie[160], from[CLIENT_TEXT_MAX];
	const char		*name = cs_arg(x, "name");
	const char		*pw = cs_arg(x, "password");
	struct client_key	 k;
	time_t			 now = time(NULL), unlocked;
	unsigned int		 wait;
	int			 rc;

	if (!x->post)
		return login_page(x, MHD_HTTP_OK, "", NULL);
	/* Behind a trusted proxy, the client it names (client.h). */
	client_key_of(x->c->proxies, x->conn, &k);
	client_key_text(&k, from, sizeof(from));
	/* Each try costs an scrypt: a bound per address, across accounts. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (k.len > 0 && (wait = ratelimit_take(x->c->logins, k.b, k.len,
	    ts.tv_sec + ts.tv_nsec / 1e9)) > 0) {
		log_msg(LOG_WARNING, "staff sign-in refused: too many from %s",
		    from);
		snprintf(err, sizeof(err), "Quá nhiều lần đăng nhập từ máy "
		    "này; thử lại sau %u giây.", wait);
		return login_page(x, MHD_HTTP_TOO_MANY_REQUESTS, name, err);
	}
	if (name == NULL || pw == NULL || name[0] == '\0')
		return login_page(x, MHD_HTTP_BAD_REQUEST, "", "Nhập tên tài "
		    "khoản và mật khẩu.");
	/* Held back after wrong passwords for this name from this address,
	 * whether or not the account exists (guard.h). */
	unlocked = account_get(x->c->st, name, &ai, err, sizeof(err)) ==
	    ACCOUNT_OK ? ai.unlocked : 0;
	if ((wait = guard_wait(x->c->guard, name, k.b, k.len, now,
	    unlocked)) > 0) {
		log_msg(LOG_WARNING, "staff sign-in as %s from %s held back "
		    "%u s after wrong passwords", log_name(name), from, wait);
		snprintf(err, sizeof(err), "Đã nhập sai mật khẩu nhiều lần cho "
		    "tài khoản này; thử lại sau %u phút, hoặc nhờ quản trị mở "
		    "khóa.", (wait + 59) / 60);
		return login_page(x, MHD_HTTP_TOO_MANY_REQUESTS, name, err);
	}
	rc = account_login(x->c->st, name, pw, now, &ai, err, sizeof(err));
	switch (rc) {
	case ACCOUNT_OK:
		guard_passed(x->c->guard, name, k.b, k.len, now);
		break;
	case ACCOUNT_EDISABLED:
		return login_page(x, MHD_HTTP_FORBIDDEN, name, "Tài khoản "
		    "này đã bị vô hiệu hóa.");
	case ACCOUNT_ESTORE:
		log_msg(LOG_ERR, "staff sign-in: %s", err);
		return login_page(x, MHD_HTTP_INTERNAL_SERVER_ERROR, name,
		    "Không đọc được sổ đăng ký; thử lại sau.");
	default:
		guard_failed(x->c->guard, name, k.b, k.len, now);
		log_msg(LOG_NOTICE, "staff sign-in as %s from %s refused: "
		    "wrong name or password", log_name(name), from);
		return login_page(x, MHD_HTTP_FORBIDDEN, name, "Sai tên tài "
		    "khoản hoặc mật khẩu.");
	}
	rc = session_create(x->c->sessions, ai.name, ai.role, now, x->token,
	    &x->s);
	if (rc != SESSION_OK)
		return login_page(x, MHD_HTTP_SERVICE_UNAVAILABLE, name,
		    "Quá nhiều phiên đăng nhập; thử lại sau.");
	snprintf(cookie, sizeof(cookie), COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s", x->token, x->c->secure ? "; Secure" : "");
	log_msg(LOG_INFO, "staff %s signed in from %s", ai.name, from);
	return cs_redirect(x, local_next(cs_arg(x, "next")), cookie);
}

static enum MHD_Result
route_logout(struct ctx *x)
{
	session_end(x->c->sessions, x->token);
	log_msg(LOG_INFO, "staff %s signed out", x->s.name);
	return cs_redirect(x, "/login", COOKIE "=; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=0");
}

/* --- progress -------------------------------------------------------- */

void
cs_pct(struct html *h, int part, int whole)
{
	if (whole == 0)
		html_raw(h, "—");
	else
		html_fmt(h, "%.1f %%", 100.0 * part / whole);
}

/* Precision of "accepted", by month of import. */
static void
precision_table(struct html *h, const struct progress *p)
{
	struct progress_count	 m;
	char			 months[64][8];
	size_t			 i, j, n = 0;

	for (i = 0; i < p->nvolumes && n < 64; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(months[j], p->volumes[i].month) == 0)
				break;
		if (j == n)
			memcpy(months[n++], p->volumes[i].month, 8);
	}
	html_raw(h, "<h2>Độ chính xác đo được của OCR</h2><p>Ô OCR chấp nhận "
	    "mà sau đó người duyệt hay cán bộ quản lý đã sửa: tỉ lệ lỗi thật "
	    "của «chấp nhận» trên sổ của Sở.</p><table class=\"precision\">"
	    "<thead><tr><th>Tháng nhập</th><th>Ô OCR chấp nhận</th><th>Bị sửa "
	    "sau đó</th><th>Tỉ lệ</th><th>Ô cần duyệt</th><th>OCR đã đọc đúng"
	    "</th></tr></thead><tbody>");
	for (j = 0; j < n; j++) {
		memset(&m, 0, sizeof(m));
		for (i = 0; i < p->nvolumes; i++)
			if (strcmp(months[j], p->volumes[i].month) == 0) {
				m.accepted += p->volumes[i].c.accepted;
				m.accepted_changed +=
				    p->volumes[i].c.accepted_changed;
				m.flagged += p->volumes[i].c.flagged;
				m.confirmed += p->volumes[i].c.confirmed;
				m.set += p->volumes[i].c.set;
			}
		html_raw(h, "<tr><td>");
		html_esc(h, months[j]);
		html_fmt(h, "</td><td>%d</td><td>%d</td><td>", m.accepted,
		    m.accepted_changed);
		cs_pct(h, m.accepted_changed, m.accepted);
		html_fmt(h, "</td><td>%d</td><td>", m.flagged);
		cs_pct(h, m.confirmed, m.confirmed + m.set);
		html_raw(h, "</td></tr>");
	}
	html_raw(h, "</tbody></table>");
}

static enum MHD_Result
route_home(struct ctx *x)
{
	struct progress	 p;
	struct html	 h = { 0 };
	size_t		 i, waiting;

	if (progress_read(x->c->st, NULL, &p) != STORE_OK)
		return cs_message(x, MHD_HTTP_INTERNAL_SERVER_ERROR, "Lỗi",
		    "Không đọc được các trang đang chờ.");
	cs_head(x, &h, "Tiến độ");
	html_raw(&h, "<h1>Tiến độ số hóa</h1>");
	if (x->s.role >= ROLE_REGISTRAR &&
	    copyreq_pending(x->c->st, &waiting) == STORE_OK && waiting > 0)
		html_fmt(&h, "<p class=\"ok\" role=\"status\"><a "
		    "href=\"/copies?state=pending\">%zu yêu cầu cấp bản sao "
		    "đang chờ duyệt</a></p>", waiting);
	if (p.npages == 0)
		html_raw(&h, "<p>Chưa có trang nào. <a href=\"/import\">Nhập "
		    "bản quét</a>.</p>");
	html_raw(&h, "<table class=\"volumes\"><thead><tr><th>Sổ</th>"
	    "<th>Trang đã đọc</th><th>Đã duyệt xong</th><th>Đã công bố</th>"
	    "<th>Ô OCR gắn cờ</th><th>Còn chờ</th><th>Đã sửa</th><th>Trang "
	    "cần nhập tay</th></tr></thead><tbody>");
	for (i = 0; i < p.nvolumes; i++) {
		struct progress_volume	*v = &p.volumes[i];

		html_raw(&h, "<tr><td>");
		html_esc(&h, v->label);
		if (v->double_key)
			html_raw(&h, " · nhập hai lần");
		html_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d</td><td>%d</td></tr>", v->pages,
		    v->pages_settled, v->pages_published, v->c.flagged,
		    v->c.unsettled, v->c.set, v->pages_to_key);
	}
	html_raw(&h, "</tbody></table><h2>Các trang</h2><table "
	    "class=\"pages\"><thead><tr><th>Trang</th><th>Dòng</th><th>Cần "
	    "duyệt</th><th>Đã sửa</th><th>Đã xác nhận</th><th>Đã công bố</th>"
	    "<th></th></tr></thead><tbody>");
	for (i = 0; i < p.npages; i++) {
		struct progress_page	*pg = &p.pages[i];

		html_raw(&h, "<tr><td>");
		html_esc(&h, pg->source);
		html_raw(&h, " · ");
		html_esc(&h, strrchr(pg->id, ':') + 1);
		if (pg->to_key == 2)
			html_raw(&h, " · đã nhập tay");
		/* OCR could not read it: staff key its rows by hand. */
		if (pg->to_key == 1) {
			html_raw(&h, "</td><td>");
			if (pg->key_rows > 0)
				html_fmt(&h, "~%d ", pg->key_rows);
			html_raw(&h, "(cần nhập tay)</td><td>—</td><td>—</td>"
			    "<td>—</td><td>—</td><td><a class=\"tokey\" "
			    "href=\"/page?id=");
			html_urlesc(&h, pg->id);
			html_raw(&h, "\">Nhập tay</a></td></tr>");
			continue;
		}
		html_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d/%d</td><td><a href=\"/page?id=",
		    pg->c.rows, pg->c.unsettled, pg->c.set, pg->c.confirmed,
		    pg->c.published, pg->c.rows);
		html_urlesc(&h, pg->id);
		html_raw(&h, "\">");
		html_raw(&h, pg->c.unsettled > 0 ? "Duyệt" : pg->c.published <
		    pg->c.rows ? "Xem và công bố" : "Xem");
		html_raw(&h, "</a></td></tr>");
	}
	html_raw(&h, "</tbody></table>");
	precision_table(&h, &p);
	cs_foot(&h);
	progress_clear(&p);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}

unsigned int
cs_store_status(int rc)
{
	switch (rc) {
	case STORE_EINPUT:
		return MHD_HTTP_BAD_REQUEST;
	case STORE_ENOTFOUND:
		return MHD_HTTP_NOT_FOUND;
	case STORE_ECONFLICT:
	case STORE_EBUSY:
		return MHD_HTTP_CONFLICT;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
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
	{ { "/login", 0, GET | POST, ROLE_NONE }, route_login },
	{ { "/metrics", 0, GET, ROLE_NONE }, route_metrics },
	{ { "/logout", 0, POST, ROLE_REVIEWER }, route_logout },
	{ { "/", 0, GET, ROLE_REVIEWER }, route_home },
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

/* Not signed in: to the sign-in page, and back to where they were. */
static enum MHD_Result
to_login(struct ctx *x, int expired)
{
	struct html	 nx = { 0 };
	const char	*id = cs_arg(x, "id");
	enum MHD_Result	 ret;

	if (x->post || x->json)
		return cs_message(x, MHD_HTTP_UNAUTHORIZED, "Cần đăng nhập",
		    expired ? "Phiên làm việc đã hết hạn; đăng nhập lại (những "
		    "gì chưa lưu cần nhập lại)." : "Cần đăng nhập.");
	/* The path, and a page's id. */
	html_raw(&nx, "/login?next=");
	html_urlesc(&nx, local_next(x->url));
	if (strcmp(x->url, "/page") == 0 && id != NULL && strlen(id) < 64) {
		html_raw(&nx, "%3Fid%3D");
		html_urlesc(&nx, id);
	}
	ret = nx.err ? MHD_NO : cs_redirect(x, nx.p, NULL);
	free(nx.p);
	return ret;
}

/*
 * The session of the request's cookie: SESSION_OK with its token (room
 * for SESSION_TOKEN_LEN + 1) and what it is in *s; SESSION_ENOTFOUND; or
 * SESSION_EEXPIRED, also for an account disabled or changed since, whose
 * sessions end here.
 */
static int
session_of(struct console *c, struct MHD_Connection *conn, char *token,
    struct session_info *s)
{
	struct account_info	 ai;
	const char		*cookie;
	char			 why[256];
	int			 rc = SESSION_ENOTFOUND;

	cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE);
	if (cookie != NULL && strlen(cookie) == SESSION_TOKEN_LEN) {
		memcpy(token, cookie, SESSION_TOKEN_LEN + 1);
		rc = session_get(c->sessions, token, time(NULL), s);
	}
	if (rc == SESSION_OK && (account_get(c->st, s->name, &ai, why,
	    sizeof(why)) != ACCOUNT_OK || ai.disabled || ai.role != s->role ||
	    ai.changed > s->created)) {
		session_end(c->sessions, token);
		rc = SESSION_EEXPIRED;
	}
	return rc;
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
	rc = session_of(x->c, x->conn, x->token, &x->s);
	x->signed_in = rc == SESSION_OK;
	if (rt != NULL && rt->r.role == ROLE_NONE)
		return http_route_check(&rt->r, method, ROLE_NONE) == 0 ?
		    rt->fn(x) : wrong_method(x, rt);
	/* Signed out, even a page that does not exist leads to sign-in:
	 * what the console has is for staff to know. */
	if (!x->signed_in)
		return to_login(x, rc == SESSION_EEXPIRED);
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
		r->have_s = http_same_origin(conn) && session_of(c, conn,
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
