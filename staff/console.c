/*
 * console.c: the staff console's HTTP side (see console.h).
 *
 * Routes, all answered with no-store caching and a strict CSP:
 *   GET  /login, POST /login, POST /logout
 *   GET  /                      volumes and pages, with progress
 *   GET  /page?id=HEX:PAGE      the review screen of one page
 *   GET  /img/page?id=HEX:PAGE  the straightened page (JPEG)
 *   GET  /img/cell?id=HEX:PAGE:ROW&f=FIELD   one cell (PNG)
 *   POST /review                one field confirmed, set or illegible
 *   POST /publish               a page with nothing flagged, published
 *   GET  /import, POST /import, GET /import/status?job=N
 *   GET  /records?serial= | ?name=&dob=, GET /record?n=N
 *   POST /record                a correction or revocation (registrar)
 *   GET  /static/console.css, /static/console.js
 * A POST must carry the session's CSRF token and, when the browser says
 * where it comes from (Origin), come from this console.
 */

#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
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
#include "field.h"
#include "html.h"
#include "jobs.h"
#include "log.h"
#include "media.h"
#include "progress.h"
#include "upload.h"
#include "records.h"
#include "session.h"
#include "staging.h"
#include "utf8.h"

#define COOKIE		"sogoc_staff"
#define FORM_MAX	(64 * 1024)	/* bytes of a form, in all */
#define FORM_FIELDS	24
#define PAGE_WIDTH	1600		/* pixels of the page image */

extern const char	 console_css[], console_js[];

struct console {
	struct MHD_Daemon	*d;
	struct store		*st;
	const struct note_signer *signer;
	struct session_table	*sessions;
	struct media		*media;
	struct jobs		*jobs;
	char			*scans;		/* where uploads go */
	char			*public_url;
	int			 secure;
	pthread_mutex_t		 wlock;	/* one change at a time, so that
					   store_errmsg is ours */
};

/* A request's form, gathered from the body by the post processor. */
struct req {
	struct console		*c;
	struct MHD_PostProcessor *pp;
	size_t			 body;
	uint64_t		 limit;		/* bytes the body may have */
	int			 too_big;
	/* An upload (POST /upload): its files go to disk as they come,
	 * once the session and its CSRF token, sent first, check out. */
	int			 upload;
	int			 have_s;
	struct session_info	 s;
	struct upload		*up;
	char			 up_err[512];
	int			 bad_type;
	int			 n;
	char			*key[FORM_FIELDS];
	char			*val[FORM_FIELDS];
};

/* What the handler knows of a request. */
struct ctx {
	struct console		*c;
	struct MHD_Connection	*conn;
	struct req		*r;
	const char		*url;
	int			 post;
	int			 json;		/* the client wants JSON */
	int			 signed_in;
	struct session_info	 s;
	char			 token[SESSION_TOKEN_LEN + 1];
};

static const char *const field_label[FIELD_COUNT] = {
	"STT", "Họ và tên", "Ngày sinh", "Nơi sinh", "Giới tính", "Dân tộc",
	"Trường", "Xếp loại", "Số hiệu văn bằng", "Số vào sổ", "Ghi chú",
	"Chữ ký",
};

static const char *const role_label[] = {
	"", "người duyệt (reviewer)", "cán bộ quản lý văn bằng (registrar)",
	"quản trị (admin)",
};

/* --- answers --------------------------------------------------------- */

static struct MHD_Response *
response(const char *type, void *body, size_t len,
    enum MHD_ResponseMemoryMode mode, int cache)
{
	static const char *const headers[][2] = {
		{ "Content-Security-Policy", "default-src 'none'; "
		    "img-src 'self'; style-src 'self'; script-src 'self'; "
		    "connect-src 'self'; form-action 'self'; "
		    "frame-ancestors 'none'; base-uri 'none'" },
		{ "X-Content-Type-Options", "nosniff" },
		{ "X-Frame-Options", "DENY" },
		{ "Referrer-Policy", "same-origin" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
	};
	struct MHD_Response	*resp;
	size_t			 i;

	resp = MHD_create_response_from_buffer(len, body, mode);
	if (resp == NULL)
		return NULL;
	if (MHD_add_response_header(resp, "Content-Type", type) != MHD_YES ||
	    MHD_add_response_header(resp, "Cache-Control", cache ?
	    "private, max-age=3600" : "no-store") != MHD_YES)
		goto fail;
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (MHD_add_response_header(resp, headers[i][0],
		    headers[i][1]) != MHD_YES)
			goto fail;
	return resp;
fail:
	MHD_destroy_response(resp);
	return NULL;
}

static enum MHD_Result
answer(struct ctx *x, unsigned int status, const char *type, void *body,
    size_t len, int cache, const char *hname, const char *hvalue)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;

	if (body == NULL)
		return MHD_NO;
	resp = response(type, body, len, MHD_RESPMEM_MUST_FREE, cache);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	if (hname != NULL &&
	    MHD_add_response_header(resp, hname, hvalue) != MHD_YES) {
		MHD_destroy_response(resp);
		return MHD_NO;
	}
	ret = MHD_queue_response(x->conn, status, resp);
	MHD_destroy_response(resp);
	if (status >= 500)
		log_msg(LOG_ERR, "staff %s %u", x->url, status);
	return ret;
}

static enum MHD_Result
send_html(struct ctx *x, unsigned int status, struct html *h)
{
	if (h->err) {
		free(h->p);
		return MHD_NO;
	}
	return answer(x, status, "text/html; charset=utf-8", h->p, h->len, 0,
	    NULL, NULL);
}

static enum MHD_Result
send_json(struct ctx *x, unsigned int status, json_t *o)
{
	char	*s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return answer(x, status, "application/json", s, s ? strlen(s) : 0, 0,
	    NULL, NULL);
}

static enum MHD_Result
redirect(struct ctx *x, const char *to, const char *cookie)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	static char		 empty[] = "";

	resp = response("text/plain", empty, 0, MHD_RESPMEM_PERSISTENT, 0);
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

static void
head(struct ctx *x, struct html *h, const char *title)
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
		    "Nhập bản quét</a><a href=\"/records\">Tra cứu hồ sơ</a>"
		    "</nav><form method=\"post\" action=\"/logout\" "
		    "class=\"who\"><span>");
		html_esc(h, x->s.name);
		html_raw(h, " · ");
		html_esc(h, role_label[x->s.role]);
		html_raw(h, "</span><input type=\"hidden\" name=\"csrf\" "
		    "value=\"");
		html_esc(h, x->s.csrf);
		html_raw(h, "\"><button>Đăng xuất</button></form>");
	}
	html_raw(h, "</header><main>");
}

static void
foot(struct html *h)
{
	html_raw(h, "</main></body></html>\n");
}

static void
csrf_input(struct ctx *x, struct html *h)
{
	html_raw(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(h, x->s.csrf);
	html_raw(h, "\">");
}

/* A page with a message only: errors, refusals. */
static enum MHD_Result
message(struct ctx *x, unsigned int status, const char *title,
    const char *text)
{
	struct html	 h = { 0 };

	if (x->json)
		return send_json(x, status, json_pack("{s:s, s:b}", "error",
		    text, "signin", status == MHD_HTTP_UNAUTHORIZED));
	head(x, &h, title);
	html_raw(&h, "<h1>");
	html_esc(&h, title);
	html_raw(&h, "</h1><p role=\"alert\" class=\"error\">");
	html_esc(&h, text);
	html_raw(&h, "</p><p><a href=\"/\">Về trang đầu</a></p>");
	foot(&h);
	return send_html(x, status, &h);
}

/* --- the form -------------------------------------------------------- */

/* A part of a file in a form: written when this may be an upload. */
static enum MHD_Result
post_file(struct req *r, const char *filename, const char *data,
    uint64_t off, size_t size)
{
	const char	*csrf = NULL;
	int		 i;

	if (!r->upload || r->up_err[0] != '\0')
		return MHD_YES;
	if (r->up == NULL) {
		for (i = 0; i < r->n; i++)
			if (strcmp(r->key[i], "csrf") == 0)
				csrf = r->val[i];
		/* No file is written for a forged or signed-out form. */
		if (!r->have_s || !session_csrf_ok(&r->s, csrf) ||
		    r->c->scans == NULL) {
			snprintf(r->up_err, sizeof(r->up_err), "the upload "
			    "was refused (sign in again, and reload the "
			    "page)");
			return MHD_YES;
		}
		r->up = upload_begin(r->c->scans, r->s.name, r->up_err,
		    sizeof(r->up_err));
		if (r->up == NULL)
			return MHD_YES;
	}
	if (upload_chunk(r->up, filename, data, off, size, r->up_err,
	    sizeof(r->up_err)) != 0)
		log_msg(LOG_NOTICE, "staff upload refused: %s", r->up_err);
	return MHD_YES;
}

static enum MHD_Result
post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *type, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct req	*r = cls;
	char		*nv;
	size_t		 have;

	(void)kind;
	(void)type;
	(void)enc;
	if (r->too_big)
		return MHD_YES;
	if (filename != NULL)
		return post_file(r, filename, data, off, size);
	if (off == 0 || r->n == 0 || strcmp(r->key[r->n - 1], key) != 0) {
		if (r->n == FORM_FIELDS) {
			r->too_big = 1;
			return MHD_YES;
		}
		r->key[r->n] = strdup(key);
		r->val[r->n] = strdup("");
		if (r->key[r->n] == NULL || r->val[r->n] == NULL) {
			r->too_big = 1;
			return MHD_YES;
		}
		r->n++;
	}
	have = strlen(r->val[r->n - 1]);
	if (have + size > 16384) {
		r->too_big = 1;
		return MHD_YES;
	}
	nv = realloc(r->val[r->n - 1], have + size + 1);
	if (nv == NULL) {
		r->too_big = 1;
		return MHD_YES;
	}
	memcpy(nv + have, data, size);
	nv[have + size] = '\0';
	r->val[r->n - 1] = nv;
	return MHD_YES;
}

/* A form value (POST) or query argument (GET); NULL when absent. */
static const char *
arg(struct ctx *x, const char *key)
{
	int	 i;

	if (x->post) {
		for (i = 0; i < x->r->n; i++)
			if (strcmp(x->r->key[i], key) == 0)
				return x->r->val[i];
		return NULL;
	}
	return MHD_lookup_connection_value(x->conn, MHD_GET_ARGUMENT_KIND,
	    key);
}

/* Whether every value of the request is UTF-8 text without controls. */
static int
args_valid(struct ctx *x)
{
	int	 i;

	for (i = 0; x->post && i < x->r->n; i++)
		if (!utf8_valid(x->r->val[i], strlen(x->r->val[i]),
		    UTF8_NO_CONTROLS))
			return 0;
	return 1;
}

static void
req_free(struct req *r)
{
	int	 i;

	if (r == NULL)
		return;
	if (r->pp != NULL)
		MHD_destroy_post_processor(r->pp);
	upload_abort(r->up);
	for (i = 0; i < r->n; i++) {
		free(r->key[i]);
		free(r->val[i]);
	}
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

	head(x, &h, "Đăng nhập");
	html_raw(&h, "<h1>Đăng nhập</h1>");
	if (why != NULL) {
		html_raw(&h, "<p role=\"alert\" class=\"error\" id=\"why\">");
		html_esc(&h, why);
		html_raw(&h, "</p>");
	}
	html_raw(&h, "<form method=\"post\" action=\"/login\" "
	    "class=\"login\"><input type=\"hidden\" name=\"next\" value=\"");
	html_esc(&h, local_next(arg(x, "next")));
	html_raw(&h, "\"><label for=\"name\">Tên tài khoản</label><input "
	    "id=\"name\" name=\"name\" autocomplete=\"username\" required "
	    "autocapitalize=\"none\" spellcheck=\"false\" value=\"");
	html_esc(&h, name);
	html_raw(&h, "\"><label for=\"password\">Mật khẩu</label><input "
	    "id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required><button>Đăng nhập"
	    "</button></form>");
	foot(&h);
	return send_html(x, status, &h);
}

static enum MHD_Result
route_login(struct ctx *x)
{
	struct account_info	 ai;
	char			 err[256], cookie[160], when[32];
	const char		*name = arg(x, "name"), *pw = arg(x, "password");
	struct tm		 tm;
	int			 rc;

	if (!x->post)
		return login_page(x, MHD_HTTP_OK, "", NULL);
	if (name == NULL || pw == NULL || name[0] == '\0')
		return login_page(x, MHD_HTTP_BAD_REQUEST, "", "Nhập tên tài "
		    "khoản và mật khẩu.");
	rc = account_login(x->c->st, name, pw, time(NULL), &ai, err,
	    sizeof(err));
	switch (rc) {
	case ACCOUNT_OK:
		break;
	case ACCOUNT_ELOCKED:
		localtime_r(&ai.locked_until, &tm);
		strftime(when, sizeof(when), "%H:%M", &tm);
		log_msg(LOG_WARNING, "staff sign-in refused: account locked");
		snprintf(err, sizeof(err), "Tài khoản tạm khóa sau nhiều lần "
		    "nhập sai mật khẩu; thử lại sau %s hoặc nhờ quản trị mở "
		    "khóa.", when);
		return login_page(x, MHD_HTTP_FORBIDDEN, name, err);
	case ACCOUNT_EDISABLED:
		return login_page(x, MHD_HTTP_FORBIDDEN, name, "Tài khoản "
		    "này đã bị vô hiệu hóa.");
	case ACCOUNT_ESTORE:
		log_msg(LOG_ERR, "staff sign-in: %s", err);
		return login_page(x, MHD_HTTP_INTERNAL_SERVER_ERROR, name,
		    "Không đọc được sổ đăng ký; thử lại sau.");
	default:
		log_msg(LOG_NOTICE, "staff sign-in refused: wrong name or "
		    "password");
		return login_page(x, MHD_HTTP_FORBIDDEN, name, "Sai tên tài "
		    "khoản hoặc mật khẩu.");
	}
	rc = session_create(x->c->sessions, ai.name, ai.role, time(NULL),
	    x->token, &x->s);
	if (rc != SESSION_OK)
		return login_page(x, MHD_HTTP_SERVICE_UNAVAILABLE, name,
		    "Quá nhiều phiên đăng nhập; thử lại sau.");
	snprintf(cookie, sizeof(cookie), COOKIE "=%s; Path=/; HttpOnly; "
	    "SameSite=Strict%s", x->token, x->c->secure ? "; Secure" : "");
	log_msg(LOG_INFO, "staff %s signed in", ai.name);
	return redirect(x, local_next(arg(x, "next")), cookie);
}

static enum MHD_Result
route_logout(struct ctx *x)
{
	session_end(x->c->sessions, x->token);
	log_msg(LOG_INFO, "staff %s signed out", x->s.name);
	return redirect(x, "/login", COOKIE "=; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=0");
}

/* --- progress -------------------------------------------------------- */

static void
pct(struct html *h, int part, int whole)
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
		pct(h, m.accepted_changed, m.accepted);
		html_fmt(h, "</td><td>%d</td><td>", m.flagged);
		pct(h, m.confirmed, m.confirmed + m.set);
		html_raw(h, "</td></tr>");
	}
	html_raw(h, "</tbody></table>");
}

static enum MHD_Result
route_home(struct ctx *x)
{
	struct progress	 p;
	struct html	 h = { 0 };
	size_t		 i;

	if (progress_read(x->c->st, NULL, &p) != STORE_OK)
		return message(x, MHD_HTTP_INTERNAL_SERVER_ERROR, "Lỗi",
		    "Không đọc được các trang đang chờ.");
	head(x, &h, "Tiến độ");
	html_raw(&h, "<h1>Tiến độ số hóa</h1>");
	if (p.npages == 0)
		html_raw(&h, "<p>Chưa có trang nào. <a href=\"/import\">Nhập "
		    "bản quét</a>.</p>");
	html_raw(&h, "<table class=\"volumes\"><thead><tr><th>Sổ</th>"
	    "<th>Trang đã đọc</th><th>Đã duyệt xong</th><th>Đã công bố</th>"
	    "<th>Ô OCR gắn cờ</th><th>Còn chờ</th><th>Đã sửa</th></tr>"
	    "</thead><tbody>");
	for (i = 0; i < p.nvolumes; i++) {
		struct progress_volume	*v = &p.volumes[i];

		html_raw(&h, "<tr><td>");
		html_esc(&h, v->label);
		if (v->double_key)
			html_raw(&h, " · nhập hai lần");
		html_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d</td></tr>", v->pages, v->pages_settled,
		    v->pages_published, v->c.flagged, v->c.unsettled,
		    v->c.set);
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
	foot(&h);
	progress_clear(&p);
	return send_html(x, MHD_HTTP_OK, &h);
}

/* --- the review screen ----------------------------------------------- */

struct pagerows {
	json_t	*rows;		/* [ [id, row], ... ] */
};

static int
collect_row(void *arg, const char *id, json_t *row)
{
	struct pagerows	*pr = arg;

	json_array_append_new(pr->rows, json_pack("[s, O]", id, row));
	return 0;
}

/* Full SHA-256 of the source whose hex starts with hex (12 digits). */
struct findsrc {
	const char	*hex;
	uint8_t		 sha[32];
	int		 found;
	int		 double_key;	/* its volume is keyed twice blind */
};

static int
find_src(void *arg, const char *hex, json_t *src)
{
	struct findsrc	*f = arg;
	int		 i;

	if (strncmp(hex, f->hex, strlen(f->hex)) != 0)
		return 0;
	f->double_key = json_is_true(json_object_get(json_object_get(src,
	    "volume"), "double_key"));
	for (i = 0; i < 32; i++)
		sscanf(hex + 2 * i, "%2hhx", &f->sha[i]);
	f->found = 1;
	return 1;
}

/* The rows of page id and what media needs to show it. */
static int
page_rows(struct ctx *x, const char *id, json_t **rows,
    struct media_page *mp, struct findsrc *fs, char *hex)
{
	struct pagerows	 pr;
	json_t		*first;
	const char	*colon;

	*rows = NULL;
	colon = id != NULL ? strchr(id, ':') : NULL;
	if (colon == NULL || colon - id > 64)
		return -1;
	snprintf(hex, 65, "%.*s", (int)(colon - id), id);
	pr.rows = json_array();
	if (staging_list_page(x->c->st, id, 1, collect_row, &pr) !=
	    STORE_OK || json_array_size(pr.rows) == 0) {
		json_decref(pr.rows);
		return -1;
	}
	memset(fs, 0, sizeof(*fs));
	fs->hex = hex;
	staging_sources(x->c->st, find_src, fs);
	first = json_array_get(json_array_get(pr.rows, 0), 1);
	mp->path = json_string_value(json_object_get(first, "source"));
	mp->sha = fs->sha;
	mp->page = (int)json_integer_value(json_object_get(first, "page"));
	mp->rotation = (int)json_integer_value(json_object_get(first,
	    "rotation"));
	mp->skew = json_number_value(json_object_get(first, "skew"));
	*rows = pr.rows;
	return fs->found ? 0 : -1;
}

static void
box_pct(struct html *h, const int *b, int w, int hh)
{
	if (w <= 0 || hh <= 0)
		return;
	html_fmt(h, "%.2f,%.2f,%.2f,%.2f", 100.0 * b[0] / w,
	    100.0 * b[1] / hh, 100.0 * b[2] / w, 100.0 * b[3] / hh);
}

static int
json_box(json_t *fo, int *b)
{
	json_t	*a = json_object_get(fo, "box");
	int	 i;

	if (json_array_size(a) != 4)
		return -1;
	for (i = 0; i < 4; i++)
		b[i] = (int)json_integer_value(json_array_get(a, i));
	return 0;
}

/* A field's status in words. */
static const char *
status_word(const char *st)
{
	static const char *const w[][2] = {
		{ "review", "cần duyệt" }, { "confirmed", "đã xác nhận" },
		{ "set", "đã sửa" }, { "illegible", "không đọc được" },
		{ "keyed", "đã nhập một lần, chờ lần thứ hai" },
		{ "disputed", "hai lần nhập khác nhau, chờ người thứ ba" },
		{ "accepted", "OCR chấp nhận" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (strcmp(st, w[i][0]) == 0)
			return w[i][1];
	return st;
}

/*
 * One field's form: the cell, what OCR read, the value to keep.  In a
 * double-keyed volume (dk) a flagged field is keyed blind: no OCR value,
 * an empty input; a reviewer who keyed it waits for the others.
 */
static void
cell_form(struct ctx *x, struct html *h, const char *rid, json_t *row,
    enum field f, json_t *fo, const int *rowbox, int w, int hh, int dk)
{
	const char	*v = json_string_value(json_object_get(fo, "value"));
	const char	*text = json_string_value(json_object_get(fo, "text"));
	const char	*st = json_string_value(json_object_get(fo, "status"));
	json_t		*e;
	char		 fid[96];
	size_t		 i;
	int		 b[4], blind, wait, done;

	wait = dk && progress_unsettled(st) && staging_keyed_by(fo, x->s.name);
	blind = dk && !wait && strcmp(st, "disputed") != 0 && progress_unsettled(st);
	done = !progress_unsettled(st) || wait;
	snprintf(fid, sizeof(fid), "v-%s-%s", rid, field_key(f));
	for (char *p = fid; *p != '\0'; p++)
		if (*p == ':')
			*p = '-';
	html_raw(h, "<form method=\"post\" action=\"/review\" class=\"cell");
	html_raw(h, done ? " done\"" : "\"");
	html_raw(h, " data-row=\"");
	box_pct(h, rowbox, w, hh);
	html_raw(h, "\" data-box=\"");
	if (json_box(fo, b) == 0)
		box_pct(h, b, w, hh);
	html_raw(h, "\">");
	csrf_input(x, h);
	html_raw(h, "<input type=\"hidden\" name=\"id\" value=\"");
	html_esc(h, rid);
	html_raw(h, "\"><input type=\"hidden\" name=\"field\" value=\"");
	html_raw(h, field_key(f));
	html_raw(h, "\"><input type=\"hidden\" name=\"seen\" value=\"");
	html_esc(h, blind ? "" : v);
	html_raw(h, "\"><input type=\"hidden\" name=\"seen_status\" "
	    "value=\"");
	html_esc(h, st);
	html_raw(h, "\"><img alt=\"Ảnh ô ");
	html_esc(h, field_label[f]);
	html_raw(h, "\" src=\"/img/cell?id=");
	html_urlesc(h, rid);
	html_raw(h, "&amp;f=");
	html_raw(h, field_key(f));
	html_raw(h, "\"><label for=\"");
	html_esc(h, fid);
	html_raw(h, "\">");
	html_esc(h, field_label[f]);
	html_fmt(h, " · dòng %d", (int)json_integer_value(json_object_get(row,
	    "row")));
	html_raw(h, blind ? " · nhập mù (không xem OCR)</label>" : "</label>");
	if (!blind && !wait) {
		html_raw(h, "<span class=\"ocr\">OCR: «");
		html_esc(h, text != NULL ? text : v);
		html_fmt(h, "» · độ tin cậy %.2f",
		    json_number_value(json_object_get(fo, "conf")));
		html_raw(h, "</span>");
	}
	if (strcmp(st, "disputed") == 0 && !wait) {
		html_raw(h, "<span class=\"ocr\">Hai lần nhập:");
		json_array_foreach(json_object_get(fo, "keyed"), i, e) {
			html_raw(h, i > 0 ? " · " : " ");
			html_esc(h, json_string_value(json_object_get(e,
			    "by")));
			html_raw(h, " «");
			html_esc(h, json_string_value(json_object_get(e,
			    "value")));
			html_raw(h, "»");
		}
		html_raw(h, "</span>");
	}
	html_raw(h, "<input name=\"value\" id=\"");
	html_esc(h, fid);
	html_raw(h, "\" value=\"");
	html_esc(h, blind || wait ? "" : v);
	html_raw(h, wait ? "\" readonly" : "\"");
	html_raw(h, " lang=\"vi\" autocomplete=\"off\" spellcheck=\"false\" "
	    "aria-describedby=\"");
	html_esc(h, fid);
	html_raw(h, "-msg\"><span class=\"msg\" id=\"");
	html_esc(h, fid);
	html_raw(h, "-msg\" role=\"status\">");
	if (wait)
		html_raw(h, "Bạn đã nhập ô này; chờ người khác.");
	else if (done) {
		html_raw(h, "Đã lưu: ");
		html_esc(h, status_word(st));
	}
	html_raw(h, "</span>");
	if (!wait)
		html_raw(h, "<button name=\"action\" value=\"save\">Lưu "
		    "(Enter)</button><button name=\"action\" "
		    "value=\"illegible\" class=\"minor\">Không đọc được (F2)"
		    "</button>");
	html_raw(h, "</form>");
}

static enum MHD_Result
route_page(struct ctx *x)
{
	struct media_page mp;
	struct findsrc	 fs;
	struct html	 h = { 0 };
	json_t		*rows, *e, *row, *fo;
	const char	*id = arg(x, "id"), *rid, *k;
	char		 hex[65], err[256];
	uint8_t		*jpg = NULL;
	size_t		 i, jl, left = 0, shown = 0, unpublished = 0;
	int		 w = 0, hh = 0, rb[4], b[4], f;

	if (page_rows(x, id, &rows, &mp, &fs, hex) != 0) {
		json_decref(rows);
		return message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
		    "Không có trang nào đang chờ với mã này.");
	}
	/* The page's size, for the boxes; it also warms the cache. */
	if (media_page_jpeg(x->c->media, &mp, PAGE_WIDTH, &jpg, &jl, &w, &hh,
	    err, sizeof(err)) != 0)
		w = hh = 0;
	free(jpg);
	head(x, &h, "Duyệt trang");
	html_raw(&h, "<h1>Duyệt trang ");
	html_esc(&h, strchr(id, ':') + 1);
	html_raw(&h, " · ");
	html_esc(&h, mp.path);
	html_raw(&h, "</h1>");
	if (arg(x, "published") != NULL) {
		html_raw(&h, "<p role=\"status\" class=\"ok\">Đã công bố ");
		html_esc(&h, arg(x, "published"));
		html_raw(&h, " hồ sơ vào sổ đăng ký.</p>");
	}
	if (w == 0) {
		html_raw(&h, "<p role=\"alert\" class=\"error\">Không hiện "
		    "được ảnh trang: ");
		html_esc(&h, err);
		html_raw(&h, "</p>");
	}
	html_raw(&h, "<div class=\"review\"><section class=\"cells\" "
	    "aria-label=\"Các ô cần duyệt\">");
	json_array_foreach(rows, i, e) {
		rid = json_string_value(json_array_get(e, 0));
		row = json_array_get(e, 1);
		if (json_object_get(row, "record") != NULL ||
		    json_object_get(row, "duplicate_of") != NULL)
			continue;
		unpublished++;
		/* The row's box: the union of its cells. */
		memset(rb, 0, sizeof(rb));
		json_object_foreach(json_object_get(row, "fields"), k, fo) {
			if (json_box(fo, b) != 0)
				continue;
			if (rb[2] == 0)
				memcpy(rb, b, sizeof(rb));
			else {
				int x1 = rb[0] + rb[2], y1 = rb[1] + rb[3];

				if (b[0] < rb[0])
					rb[0] = b[0];
				if (b[1] < rb[1])
					rb[1] = b[1];
				if (b[0] + b[2] > x1)
					x1 = b[0] + b[2];
				if (b[1] + b[3] > y1)
					y1 = b[1] + b[3];
				rb[2] = x1 - rb[0];
				rb[3] = y1 - rb[1];
			}
		}
		for (f = 0; f < FIELD_COUNT; f++) {
			const char	*s;

			fo = json_object_get(json_object_get(row, "fields"),
			    field_key((enum field)f));
			s = json_string_value(json_object_get(fo, "status"));
			if (s == NULL || (!progress_unsettled(s) &&
			    json_object_get(fo, "by") == NULL))
				continue;
			if (progress_unsettled(s))
				left++;
			shown++;
			cell_form(x, &h, rid, row, (enum field)f, fo, rb, w,
			    hh, fs.double_key);
		}
	}
	if (shown == 0)
		html_raw(&h, "<p>Trên trang này không có ô nào cần duyệt.</p>");
	html_raw(&h, "</section><section class=\"sheet\" aria-label=\"Ảnh "
	    "trang\"><div class=\"frame\"><img alt=\"Trang sổ gốc\" "
	    "src=\"/img/page?id=");
	html_urlesc(&h, id);
	html_raw(&h, "\"><div id=\"hlrow\" hidden></div><div id=\"hlcell\" "
	    "hidden></div></div></section></div>");
	html_raw(&h, "<form method=\"post\" action=\"/publish\" "
	    "class=\"publish\">");
	csrf_input(x, &h);
	html_raw(&h, "<input type=\"hidden\" name=\"page\" value=\"");
	html_esc(&h, id);
	html_fmt(&h, "\"><p>Còn <strong id=\"remaining\">%zu</strong> ô cần "
	    "duyệt trên trang này; %zu dòng chưa công bố.</p><button "
	    "id=\"publish\"%s>Công bố trang</button></form>", left,
	    unpublished, left > 0 || unpublished == 0 ? " disabled" : "");
	foot(&h);
	json_decref(rows);
	return send_html(x, MHD_HTTP_OK, &h);
}

static enum MHD_Result
route_img(struct ctx *x, int cell)
{
	struct media_page mp;
	struct findsrc	 fs;
	json_t		*rows, *e, *fo = NULL;
	const char	*id = arg(x, "id"), *f = arg(x, "f");
	char		 hex[65], pid[96], err[256];
	const char	*colon;
	uint8_t		*out = NULL;
	size_t		 len, i;
	int		 b[4], rc;

	if (id == NULL || (colon = strrchr(id, ':')) == NULL ||
	    strlen(id) > 90)
		return message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã trang.");
	snprintf(pid, sizeof(pid), "%.*s", cell ? (int)(colon - id) :
	    (int)strlen(id), id);
	if (page_rows(x, pid, &rows, &mp, &fs, hex) != 0) {
		json_decref(rows);
		return message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh",
		    "Không có trang nào đang chờ với mã này.");
	}
	if (cell) {
		json_array_foreach(rows, i, e)
			if (strcmp(json_string_value(json_array_get(e, 0)),
			    id) == 0)
				fo = json_object_get(json_object_get(
				    json_array_get(e, 1), "fields"),
				    f ? f : "");
		if (fo == NULL || json_box(fo, b) != 0) {
			json_decref(rows);
			return message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh",
			    "Dòng này không có ô đó.");
		}
		rc = media_cell_png(x->c->media, &mp, b, &out, &len, err,
		    sizeof(err));
	} else
		rc = media_page_jpeg(x->c->media, &mp, PAGE_WIDTH, &out, &len,
		    NULL, NULL, err, sizeof(err));
	json_decref(rows);
	if (rc != 0)
		return message(x, MHD_HTTP_NOT_FOUND, "Không có ảnh", err);
	return answer(x, MHD_HTTP_OK, cell ? "image/png" : "image/jpeg", out,
	    len, 1, NULL, NULL);
}

/* The staged page's fields left to settle, -1 when it cannot be read. */
static int
review_left(struct ctx *x, const char *page)
{
	struct progress	 p;
	int		 n;

	if (progress_read(x->c->st, page, &p) != STORE_OK)
		return -1;
	n = p.npages > 0 ? p.pages[0].c.unsettled : 0;
	progress_clear(&p);
	return n;
}

static unsigned int
store_status(int rc)
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

static enum MHD_Result
route_review(struct ctx *x)
{
	const char	*id = arg(x, "id"), *fk = arg(x, "field");
	const char	*value = arg(x, "value"), *action = arg(x, "action");
	const char	*seen = arg(x, "seen"), *seen_st = arg(x, "seen_status");
	char		 msg[512], page[96], to[160];
	const char	*colon, *result = "";
	enum field	 f;
	int		 rc, ill, left;

	f = fk != NULL ? field_from_key(fk) : FIELD_UNKNOWN;
	ill = action != NULL && strcmp(action, "illegible") == 0;
	if (id == NULL || f == FIELD_UNKNOWN || seen == NULL ||
	    seen_st == NULL || (!ill && value == NULL) ||
	    (colon = strrchr(id, ':')) == NULL || colon - id > 80)
		return message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu", "Thiếu "
		    "mã dòng, tên ô hoặc giá trị.");
	/* Unchanged is a confirmation of what was shown (a blind keying,
	 * shown nothing, keys an empty cell so). */
	if (!ill && strcmp(value, seen) == 0)
		value = NULL;
	pthread_mutex_lock(&x->c->wlock);
	rc = staging_review(x->c->st, id, f, value, ill, seen, seen_st,
	    x->s.name, &result);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	pthread_mutex_unlock(&x->c->wlock);
	snprintf(page, sizeof(page), "%.*s", (int)(colon - id), id);
	if (rc == STORE_ECONFLICT)
		snprintf(msg, sizeof(msg), "Ô này vừa được người khác lưu "
		    "hoặc nhập; tải lại trang để xem giá trị mới.");
	else if (rc == STORE_EINPUT) {
		char	 why[400];

		snprintf(why, sizeof(why), "%.399s", msg);
		snprintf(msg, sizeof(msg), "Chưa lưu được ô %s (%s)",
		    field_label[f], why);
	}
	if (rc != STORE_OK)
		return message(x, store_status(rc), "Chưa lưu", msg);
	log_msg(LOG_INFO, "staff %s reviewed %s %s: %s", x->s.name, id, fk,
	    result);
	left = review_left(x, page);
	if (x->json)
		return send_json(x, MHD_HTTP_OK, json_pack("{s:b, s:s, s:s, "
		    "s:i}", "ok", 1, "status", result, "message",
		    strcmp(result, "keyed") == 0 ? "Đã nhập; chờ người thứ "
		    "hai nhập mù" : strcmp(result, "disputed") == 0 ? "Hai lần "
		    "nhập khác nhau; chờ người thứ ba quyết định" :
		    strcmp(result, "illegible") == 0 ? "Đã ghi: không đọc được" :
		    strcmp(result, "confirmed") == 0 ? "Đã xác nhận" : "Đã sửa",
		    "remaining", left));
	snprintf(to, sizeof(to), "/page?id=%s", page);
	return redirect(x, to, NULL);
}

static enum MHD_Result
route_publish(struct ctx *x)
{
	struct staging_publish_stats ps;
	const char	*page = arg(x, "page");
	char		 msg[512], to[160];
	int		 rc, left;

	if (page == NULL || strlen(page) > 80)
		return message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu mã trang.");
	if (x->c->signer == NULL)
		return message(x, MHD_HTTP_CONFLICT, "Chưa công bố được",
		    "Máy chủ này không có khóa ký (--key), nên không công bố "
		    "được; nhờ quản trị cấu hình.");
	left = review_left(x, page);
	if (left != 0)
		return message(x, left < 0 ? MHD_HTTP_NOT_FOUND :
		    MHD_HTTP_CONFLICT, "Chưa công bố được", left < 0 ?
		    "Không có trang nào đang chờ với mã này." : "Trang còn ô "
		    "cần duyệt; duyệt hết rồi mới công bố được.");
	pthread_mutex_lock(&x->c->wlock);
	rc = staging_publish(x->c->st, x->c->signer, 0, page, x->s.name, &ps,
	    NULL, NULL);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	pthread_mutex_unlock(&x->c->wlock);
	if (rc != STORE_OK)
		return message(x, store_status(rc), "Chưa công bố được", msg);
	log_msg(LOG_INFO, "staff %s published page %s: %zu records",
	    x->s.name, page, ps.published);
	snprintf(to, sizeof(to), "/page?id=%s&published=%zu", page,
	    ps.published);
	return redirect(x, to, NULL);
}

/* --- import ---------------------------------------------------------- */

struct folders {
	struct html	*h;
	int		 n;
};

static void
folder_option(void *arg, const char *folder, int n)
{
	struct folders	*fo = arg;

	html_raw(fo->h, "<option value=\"");
	html_esc(fo->h, folder);
	html_raw(fo->h, "\">");
	html_esc(fo->h, folder);
	html_fmt(fo->h, " (%d tệp)</option>", n);
	fo->n++;
}

static void
job_html(struct html *h, const struct job_status *js)
{
	html_fmt(h, "<section class=\"job\" data-job=\"%d\"><h2>Nhập ", js->id);
	html_esc(h, js->folder);
	html_raw(h, "</h2><progress id=\"jobbar\" max=\"");
	html_fmt(h, "%d\" value=\"%d\"></progress><p id=\"jobtext\" "
	    "role=\"status\">", js->pages_total > 0 ? js->pages_total : 1,
	    js->pages_done);
	if (js->state == JOB_RUNNING)
		html_fmt(h, "Đang đọc: %d/%d trang, %ld dòng, %ld ô cần "
		    "duyệt.", js->pages_done, js->pages_total, js->rows,
		    js->flagged);
	else if (js->state == JOB_DONE)
		html_fmt(h, "Xong: %d trang, %zu dòng đưa vào hàng chờ, %zu "
		    "dòng cần duyệt. <a href=\"/\">Xem tiến độ</a>.",
		    js->pages_done, js->added, js->review);
	else
		html_raw(h, "Không nhập được; không có gì thay đổi.");
	html_raw(h, "</p>");
	if (js->msg[0] != '\0') {
		html_raw(h, js->state == JOB_FAILED ? "<p role=\"alert\" "
		    "class=\"error\">" : "<p class=\"warn\">Tệp bỏ qua: ");
		html_esc(h, js->msg);
		html_raw(h, "</p>");
	}
	html_raw(h, "</section>");
}

static json_t *
job_json(const struct job_status *js)
{
	return json_pack("{s:i, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:s}",
	    "job", js->id, "state", js->state == JOB_RUNNING ? "running" :
	    js->state == JOB_DONE ? "done" : "failed", "pages_done",
	    js->pages_done, "pages_total", js->pages_total, "rows",
	    (json_int_t)js->rows, "flagged", (json_int_t)js->flagged,
	    "added", (json_int_t)js->added, "review", (json_int_t)js->review,
	    "message", js->msg);
}

/* The ledger volume's fields of an import form. */
static void
volume_inputs(struct html *h, const char *p)
{
	html_fmt(h, "<label for=\"%stype\">Loại văn bằng</label><input "
	    "id=\"%stype\" name=\"type\" required value=\"THPT\"><label "
	    "for=\"%syear\">Năm tốt nghiệp</label><input id=\"%syear\" "
	    "name=\"year\" required inputmode=\"numeric\" "
	    "pattern=\"[0-9]{4}\"><label for=\"%sauthority\">Cơ quan cấp"
	    "</label><input id=\"%sauthority\" name=\"authority\"><label "
	    "for=\"%sdecision\">Số quyết định công nhận tốt nghiệp</label>"
	    "<input id=\"%sdecision\" name=\"decision\"><label "
	    "for=\"%sdecision_date\">Ngày quyết định (YYYY-MM-DD)</label>"
	    "<input id=\"%sdecision_date\" name=\"decision_date\"><label "
	    "class=\"check\"><input type=\"checkbox\" name=\"double_key\" "
	    "value=\"1\"> Nhập hai lần, không xem OCR (sổ viết tay)</label>",
	    p, p, p, p, p, p, p, p, p, p);
}

static enum MHD_Result
import_page(struct ctx *x, unsigned int status, const char *why)
{
	struct job_status js;
	struct folders	 fo;
	struct html	 h = { 0 };
	const char	*job = arg(x, "job");

	head(x, &h, "Nhập bản quét");
	html_raw(&h, "<h1>Nhập bản quét</h1>");
	if (job != NULL && jobs_status(x->c->jobs, atoi(job), &js) == 0)
		job_html(&h, &js);
	if (why != NULL) {
		html_raw(&h, "<p role=\"alert\" class=\"error\">");
		html_esc(&h, why);
		html_raw(&h, "</p>");
	}
	html_raw(&h, "<div class=\"imports\"><form method=\"post\" "
	    "action=\"/import\" class=\"import\"><h2>Từ thư mục trên máy "
	    "chủ</h2>");
	csrf_input(x, &h);
	html_raw(&h, "<label for=\"folder\">Thư mục bản quét</label>"
	    "<select id=\"folder\" name=\"folder\" required>");
	fo.h = &h;
	fo.n = 0;
	jobs_folders(x->c->jobs, folder_option, &fo);
	html_raw(&h, "</select>");
	volume_inputs(&h, "");
	html_raw(&h, "<button>Bắt đầu đọc</button></form>");
	/* The token first: files are written only after it is checked. */
	html_raw(&h, "<form method=\"post\" action=\"/upload\" "
	    "enctype=\"multipart/form-data\" class=\"import\"><h2>Tải lên "
	    "từ máy này</h2>");
	csrf_input(x, &h);
	volume_inputs(&h, "u-");
	html_raw(&h, "<label for=\"u-files\">Ảnh quét (PNG, JPEG, TIFF, "
	    "PDF)</label><input id=\"u-files\" name=\"scans\" type=\"file\" "
	    "multiple required accept=\".png,.jpg,.jpeg,.tif,.tiff,.pdf,.bmp,"
	    ".pnm\"><button>Tải lên và đọc</button></form></div>");
	if (fo.n == 0)
		html_raw(&h, "<p>Thư mục bản quét của máy chủ chưa có ảnh "
		    "nào.</p>");
	foot(&h);
	return send_html(x, status, &h);
}

/* The volume an import form names, checked: 0, or -1 with why in err. */
static int
volume_of(struct ctx *x, struct staging_volume *vol, char *err,
    size_t errsz)
{
	const char	*year = arg(x, "year");
	const char	**s[4] = { &vol->type, &vol->authority, &vol->decision,
			    &vol->decision_date };
	int		 i, rc;

	memset(vol, 0, sizeof(*vol));
	vol->type = arg(x, "type");
	vol->year = year != NULL ? atoi(year) : 0;
	vol->authority = arg(x, "authority");
	vol->decision = arg(x, "decision");
	vol->decision_date = arg(x, "decision_date");
	vol->double_key = arg(x, "double_key") != NULL &&
	    strcmp(arg(x, "double_key"), "1") == 0;
	for (i = 0; i < 4; i++)
		if (*s[i] != NULL && (*s[i])[0] == '\0')
			*s[i] = NULL;
	pthread_mutex_lock(&x->c->wlock);
	rc = staging_check_volume(x->c->st, vol);
	snprintf(err, errsz, "%s", store_errmsg(x->c->st));
	pthread_mutex_unlock(&x->c->wlock);
	return rc == STORE_OK ? 0 : -1;
}

/* Starts importing folder for the volume the form names. */
static enum MHD_Result
start_import(struct ctx *x, const char *folder,
    const struct staging_volume *vol)
{
	char	 err[512], to[64];
	int	 id;

	id = jobs_start(x->c->jobs, folder, vol, x->s.name, err, sizeof(err));
	if (id < 0)
		return import_page(x, MHD_HTTP_CONFLICT, err);
	log_msg(LOG_INFO, "staff %s started import %d", x->s.name, id);
	snprintf(to, sizeof(to), "/import?job=%d", id);
	return redirect(x, to, NULL);
}

static enum MHD_Result
route_import(struct ctx *x)
{
	struct staging_volume vol;
	char		 err[512];
	const char	*folder = arg(x, "folder");

	if (x->c->jobs == NULL)
		return message(x, MHD_HTTP_CONFLICT, "Không nhập được",
		    "Máy chủ này không có thư mục bản quét (--scans).");
	if (!x->post)
		return import_page(x, MHD_HTTP_OK, NULL);
	if (volume_of(x, &vol, err, sizeof(err)) != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	return start_import(x, folder != NULL ? folder : "", &vol);
}

static enum MHD_Result
route_upload(struct ctx *x)
{
	struct staging_volume vol;
	char		 err[512], folder[256];
	int		 n, rc;

	if (x->c->jobs == NULL)
		return message(x, MHD_HTTP_CONFLICT, "Không nhập được",
		    "Máy chủ này không có thư mục bản quét (--scans).");
	if (x->r->up_err[0] != '\0')
		return import_page(x, MHD_HTTP_BAD_REQUEST, x->r->up_err);
	if (x->r->up == NULL)
		return import_page(x, MHD_HTTP_BAD_REQUEST, "Chưa chọn tệp "
		    "nào để tải lên.");
	if (volume_of(x, &vol, err, sizeof(err)) != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	rc = upload_finish(x->r->up, folder, sizeof(folder), &n, err,
	    sizeof(err));
	x->r->up = NULL;
	if (rc != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	return start_import(x, folder, &vol);
}

static enum MHD_Result
route_import_status(struct ctx *x)
{
	struct job_status js;
	const char	*job = arg(x, "job");

	if (x->c->jobs == NULL || job == NULL ||
	    jobs_status(x->c->jobs, atoi(job), &js) != 0)
		return send_json(x, MHD_HTTP_NOT_FOUND, json_pack("{s:s}",
		    "error", "no such import"));
	return send_json(x, MHD_HTTP_OK, job_json(&js));
}

/* --- the registrar --------------------------------------------------- */

static enum MHD_Result
route_records(struct ctx *x)
{
	struct html	 h = { 0 };
	const char	*serial = arg(x, "serial"), *name = arg(x, "name");
	const char	*dob = arg(x, "dob");
	uint64_t	*recs = NULL;
	json_t		*o;
	size_t		 n = 0, i;
	int		 rc = STORE_ENOTFOUND, asked;

	asked = (serial != NULL && serial[0] != '\0') ||
	    (name != NULL && name[0] != '\0');
	if (!args_valid(x))
		asked = 0;
	if (asked)
		rc = serial != NULL && serial[0] != '\0' ?
		    records_find(x->c->st, serial, NULL, NULL, &recs, &n) :
		    records_find(x->c->st, NULL, name, dob ? dob : "", &recs,
		    &n);
	head(x, &h, "Tra cứu hồ sơ");
	html_raw(&h, "<h1>Tra cứu hồ sơ</h1><form method=\"get\" "
	    "action=\"/records\" class=\"find\"><label for=\"serial\">Số hiệu "
	    "văn bằng</label><input id=\"serial\" name=\"serial\" value=\"");
	html_esc(&h, serial);
	html_raw(&h, "\"><p>hoặc</p><label for=\"name\">Họ và tên</label>"
	    "<input id=\"name\" name=\"name\" lang=\"vi\" value=\"");
	html_esc(&h, name);
	html_raw(&h, "\"><label for=\"dob\">Ngày sinh</label><input "
	    "id=\"dob\" name=\"dob\" value=\"");
	html_esc(&h, dob);
	html_raw(&h, "\"><button>Tìm</button></form>");
	if (asked && rc != STORE_OK)
		html_raw(&h, "<p role=\"status\">Không tìm thấy hồ sơ nào.</p>");
	for (i = 0; i < n; i++) {
		if (records_json(x->c->st, recs[i], &o) != STORE_OK)
			continue;
		html_fmt(&h, "<p><a href=\"/record?n=%" PRIu64 "\">Hồ sơ %"
		    PRIu64 "</a>: ", recs[i], recs[i]);
		html_esc(&h, json_string_value(json_object_get(json_object_get(
		    o, "fields"), "full_name")));
		html_raw(&h, ", ");
		html_esc(&h, json_string_value(json_object_get(json_object_get(
		    o, "fields"), "serial_no")));
		html_raw(&h, "</p>");
		json_decref(o);
	}
	free(recs);
	foot(&h);
	return send_html(x, MHD_HTTP_OK, &h);
}

static const char *
kind_label(const char *k)
{
	if (strcmp(k, "issue") == 0)
		return "Cấp";
	if (strcmp(k, "correct") == 0)
		return "Chỉnh sửa";
	if (strcmp(k, "revoke") == 0)
		return "Thu hồi";
	if (strcmp(k, "reissue") == 0)
		return "Cấp lại";
	return k;
}

static enum MHD_Result
record_page(struct ctx *x, uint64_t rec, unsigned int status,
    const char *why)
{
	struct html	 h = { 0 };
	json_t		*o, *ev, *fields;
	const char	*s;
	size_t		 i;
	int		 f;

	if (records_json(x->c->st, rec, &o) != STORE_OK)
		return message(x, MHD_HTTP_NOT_FOUND, "Không có hồ sơ",
		    "Không có hồ sơ với số này.");
	fields = json_object_get(o, "fields");
	head(x, &h, "Hồ sơ");
	html_fmt(&h, "<h1>Hồ sơ %" PRIu64 ": ", rec);
	html_esc(&h, json_string_value(json_object_get(fields, "full_name")));
	html_raw(&h, "</h1>");
	if (why != NULL) {
		html_raw(&h, "<p role=\"alert\" class=\"error\">");
		html_esc(&h, why);
		html_raw(&h, "</p>");
	} else if (arg(x, "done") != NULL)
		html_raw(&h, "<p role=\"status\" class=\"ok\">Đã ghi vào sổ "
		    "đăng ký.</p>");
	s = json_string_value(json_object_get(o, "status"));
	html_raw(&h, "<p class=\"status\">Tình trạng: <strong>");
	html_raw(&h, s != NULL && strcmp(s, "revoked") == 0 ? "đã thu hồi" :
	    "còn hiệu lực");
	html_raw(&h, "</strong></p><dl class=\"record\">");
	for (f = FIELD_FULL_NAME; f < FIELD_SIGNATURE; f++) {
		s = json_string_value(json_object_get(fields,
		    field_key((enum field)f)));
		if (s == NULL)
			continue;
		html_raw(&h, "<dt>");
		html_esc(&h, field_label[f]);
		html_raw(&h, "</dt><dd>");
		html_esc(&h, s);
		html_raw(&h, "</dd>");
	}
	html_raw(&h, "</dl><h2>Lịch sử</h2><table class=\"history\"><thead>"
	    "<tr><th>Thời điểm (UTC)</th><th>Việc</th><th>Quyết định</th>"
	    "<th>Lý do</th><th>Người ghi</th></tr></thead><tbody>");
	json_array_foreach(json_object_get(o, "events"), i, ev) {
		html_raw(&h, "<tr><td>");
		html_esc(&h, json_string_value(json_object_get(ev, "time")));
		html_raw(&h, "</td><td>");
		html_esc(&h, kind_label(json_string_value(json_object_get(ev,
		    "kind"))));
		html_raw(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(ev,
		    "decision")));
		if (json_object_get(ev, "decision_date") != NULL) {
			html_raw(&h, " (");
			html_esc(&h, json_string_value(json_object_get(ev,
			    "decision_date")));
			html_raw(&h, ")");
		}
		html_raw(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(ev, "reason")));
		html_raw(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(ev, "by")));
		html_raw(&h, "</td></tr>");
	}
	html_raw(&h, "</tbody></table>");
	if (x->s.role >= ROLE_REGISTRAR) {
		html_raw(&h, "<h2>Chỉnh sửa hoặc thu hồi</h2><form "
		    "method=\"post\" action=\"/record\" class=\"change\">");
		csrf_input(x, &h);
		html_fmt(&h, "<input type=\"hidden\" name=\"n\" value=\"%"
		    PRIu64 "\"><label for=\"kind\">Việc</label><select "
		    "id=\"kind\" name=\"kind\"><option value=\"correct\">Chỉnh "
		    "sửa một trường</option><option value=\"revoke\">Thu hồi "
		    "văn bằng</option></select><label for=\"field\">Trường "
		    "(khi chỉnh sửa)</label><select id=\"field\" name=\"field\">",
		    rec);
		for (f = FIELD_FULL_NAME; f < FIELD_SIGNATURE; f++) {
			html_raw(&h, "<option value=\"");
			html_raw(&h, field_key((enum field)f));
			html_raw(&h, "\">");
			html_esc(&h, field_label[f]);
			html_raw(&h, "</option>");
		}
		html_raw(&h, "</select><label for=\"value\">Giá trị mới</label>"
		    "<input id=\"value\" name=\"value\" lang=\"vi\">"
		    "<label for=\"decision\">Số quyết định</label><input "
		    "id=\"decision\" name=\"decision\" required><label "
		    "for=\"decision_date\">Ngày quyết định (YYYY-MM-DD)</label>"
		    "<input id=\"decision_date\" name=\"decision_date\" "
		    "required><label for=\"reason\">Lý do</label><input "
		    "id=\"reason\" name=\"reason\" lang=\"vi\"><button>Ghi vào "
		    "sổ đăng ký</button></form>");
	}
	foot(&h);
	json_decref(o);
	return send_html(x, status, &h);
}

static enum MHD_Result
route_record(struct ctx *x)
{
	struct records_change ch;
	const char	*n = arg(x, "n"), *kind = arg(x, "kind");
	const char	*fk = arg(x, "field"), *value = arg(x, "value");
	char		 msg[512], to[64], *end;
	uint64_t	 rec, idx;
	enum field	 f;
	int		 rc;

	errno = 0;
	rec = n != NULL ? strtoull(n, &end, 10) : 0;
	if (n == NULL || errno != 0 || *end != '\0' || rec == 0)
		return message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu số hồ sơ.");
	if (!x->post)
		return record_page(x, rec, MHD_HTTP_OK, NULL);
	if (x->s.role < ROLE_REGISTRAR)
		return message(x, MHD_HTTP_FORBIDDEN, "Không được phép",
		    "Chỉ cán bộ quản lý văn bằng (registrar) được chỉnh sửa "
		    "hay thu hồi văn bằng.");
	if (x->c->signer == NULL)
		return record_page(x, rec, MHD_HTTP_CONFLICT, "Máy chủ này "
		    "không có khóa ký (--key), nên không ghi được.");
	memset(&ch, 0, sizeof(ch));
	ch.decision = arg(x, "decision");
	ch.decision_date = arg(x, "decision_date");
	ch.reason = arg(x, "reason");
	ch.by = x->s.name;
	if (kind != NULL && strcmp(kind, "revoke") == 0)
		ch.kind = EVENT_REVOKE;
	else if (kind != NULL && strcmp(kind, "correct") == 0) {
		ch.kind = EVENT_CORRECT;
		f = fk != NULL ? field_from_key(fk) : FIELD_UNKNOWN;
		if (f <= FIELD_SEQ || f >= FIELD_SIGNATURE || value == NULL ||
		    value[0] == '\0')
			return record_page(x, rec, MHD_HTTP_BAD_REQUEST,
			    "Chọn trường và nhập giá trị mới.");
		ch.set[f] = value;
	} else
		return record_page(x, rec, MHD_HTTP_BAD_REQUEST, "Chọn chỉnh "
		    "sửa hoặc thu hồi.");
	if (ch.decision == NULL || ch.decision[0] == '\0' ||
	    ch.decision_date == NULL || ch.decision_date[0] == '\0')
		return record_page(x, rec, MHD_HTTP_BAD_REQUEST, "Cần số và "
		    "ngày của quyết định.");
	if (ch.kind == EVENT_REVOKE && (ch.reason == NULL ||
	    ch.reason[0] == '\0'))
		return record_page(x, rec, MHD_HTTP_BAD_REQUEST, "Thu hồi "
		    "cần ghi lý do.");
	pthread_mutex_lock(&x->c->wlock);
	rc = records_change(x->c->st, x->c->signer, rec, &ch, &idx);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	pthread_mutex_unlock(&x->c->wlock);
	if (rc != STORE_OK)
		return record_page(x, rec, store_status(rc), msg);
	log_msg(LOG_INFO, "staff %s recorded a %s of record %" PRIu64,
	    x->s.name, kind, rec);
	snprintf(to, sizeof(to), "/record?n=%" PRIu64 "&done=1", rec);
	return redirect(x, to, NULL);
}

/* --- dispatch -------------------------------------------------------- */

/* Whether a POST comes from this console, as far as the browser says. */
static int
same_origin(struct ctx *x)
{
	const char	*origin, *host;
	size_t		 n;

	origin = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND,
	    "Origin");
	if (origin == NULL)
		return 1;
	host = MHD_lookup_connection_value(x->conn, MHD_HEADER_KIND, "Host");
	if (host == NULL)
		return 0;
	if (strncmp(origin, "http://", 7) == 0)
		origin += 7;
	else if (strncmp(origin, "https://", 8) == 0)
		origin += 8;
	else
		return 0;
	n = strlen(host);
	return strncmp(origin, host, n) == 0 && origin[n] == '\0';
}

static enum MHD_Result
dispatch(struct ctx *x)
{
	struct account_info ai;
	enum MHD_Result	 ret;
	const char	*cookie, *csrf;
	char		 why[256];
	int		 rc;

	if (strcmp(x->url, "/static/console.css") == 0)
		return answer(x, MHD_HTTP_OK, "text/css; charset=utf-8",
		    strdup(console_css), strlen(console_css), 1, NULL, NULL);
	if (strcmp(x->url, "/static/console.js") == 0)
		return answer(x, MHD_HTTP_OK, "text/javascript; charset=utf-8",
		    strdup(console_js), strlen(console_js), 1, NULL, NULL);
	/* No icon, and no error in the browser's console for it. */
	if (strcmp(x->url, "/favicon.ico") == 0)
		return answer(x, MHD_HTTP_NO_CONTENT, "image/x-icon",
		    strdup(""), 0, 1, NULL, NULL);
	if (x->r->too_big)
		return message(x, MHD_HTTP_CONTENT_TOO_LARGE, "Quá lớn",
		    "Biểu mẫu quá lớn.");
	if (x->r->bad_type)
		return message(x, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "Sai yêu cầu",
		    "Biểu mẫu phải gửi dạng application/x-www-form-urlencoded "
		    "hoặc multipart/form-data.");
	if (!args_valid(x))
		return message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Biểu mẫu có ký tự không hợp lệ (không phải UTF-8).");
	if (x->post && !same_origin(x))
		return message(x, MHD_HTTP_FORBIDDEN, "Bị từ chối",
		    "Yêu cầu không đến từ trang của bảng điều khiển này.");
	cookie = MHD_lookup_connection_value(x->conn, MHD_COOKIE_KIND,
	    COOKIE);
	rc = SESSION_ENOTFOUND;
	if (cookie != NULL && strlen(cookie) == SESSION_TOKEN_LEN) {
		memcpy(x->token, cookie, SESSION_TOKEN_LEN + 1);
		rc = session_get(x->c->sessions, x->token, time(NULL), &x->s);
	}
	/* An account disabled or changed since: its sessions end. */
	if (rc == SESSION_OK && (account_get(x->c->st, x->s.name, &ai, why,
	    sizeof(why)) != ACCOUNT_OK || ai.disabled ||
	    ai.role != x->s.role || ai.changed > x->s.created)) {
		session_end(x->c->sessions, x->token);
		rc = SESSION_EEXPIRED;
	}
	x->signed_in = rc == SESSION_OK;
	if (strcmp(x->url, "/login") == 0)
		return route_login(x);
	if (!x->signed_in) {
		if (x->post || x->json)
			return message(x, MHD_HTTP_UNAUTHORIZED, "Cần đăng nhập",
			    rc == SESSION_EEXPIRED ? "Phiên làm việc đã hết "
			    "hạn; đăng nhập lại (những gì chưa lưu cần nhập "
			    "lại)." : "Cần đăng nhập.");
		struct html	 nx = { 0 };
		const char	*id = arg(x, "id");

		/* Back to where they were: the path, and a page's id. */
		html_raw(&nx, "/login?next=");
		html_urlesc(&nx, local_next(x->url));
		if (strcmp(x->url, "/page") == 0 && id != NULL &&
		    strlen(id) < 64) {
			html_raw(&nx, "%3Fid%3D");
			html_urlesc(&nx, id);
		}
		ret = nx.err ? MHD_NO : redirect(x, nx.p, NULL);
		free(nx.p);
		return ret;
	}
	if (x->post) {
		csrf = arg(x, "csrf");
		if (csrf == NULL)
			csrf = MHD_lookup_connection_value(x->conn,
			    MHD_HEADER_KIND, "X-CSRF-Token");
		if (!session_csrf_ok(&x->s, csrf))
			return message(x, MHD_HTTP_FORBIDDEN, "Bị từ chối",
			    "Biểu mẫu này đã cũ hoặc không đến từ phiên làm "
			    "việc của bạn; tải lại trang rồi thử lại.");
	}
	if (strcmp(x->url, "/logout") == 0 && x->post)
		return route_logout(x);
	if (strcmp(x->url, "/") == 0 && !x->post)
		return route_home(x);
	if (strcmp(x->url, "/page") == 0 && !x->post)
		return route_page(x);
	if (strcmp(x->url, "/img/page") == 0 && !x->post)
		return route_img(x, 0);
	if (strcmp(x->url, "/img/cell") == 0 && !x->post)
		return route_img(x, 1);
	if (strcmp(x->url, "/review") == 0 && x->post)
		return route_review(x);
	if (strcmp(x->url, "/publish") == 0 && x->post)
		return route_publish(x);
	if (strcmp(x->url, "/import") == 0)
		return route_import(x);
	if (strcmp(x->url, "/upload") == 0 && x->post)
		return route_upload(x);
	if (strcmp(x->url, "/import/status") == 0 && !x->post)
		return route_import_status(x);
	if (strcmp(x->url, "/records") == 0 && !x->post)
		return route_records(x);
	if (strcmp(x->url, "/record") == 0)
		return route_record(x);
	return message(x, MHD_HTTP_NOT_FOUND, "Không có trang này",
	    "Không có trang này.");
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct ctx	 x;
	struct req	*r = *con_cls;
	const char	*type, *accept, *cookie;

	(void)version;
	if (r == NULL) {
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			return MHD_NO;
		*con_cls = r;
		r->c = cls;
		r->limit = FORM_MAX;
		if (strcmp(method, "POST") == 0 &&
		    strcmp(url, "/upload") == 0) {
			r->upload = 1;
			r->limit = UPLOAD_MAX + FORM_MAX;
			memset(&x, 0, sizeof(x));
			x.c = cls;
			x.conn = conn;
			cookie = MHD_lookup_connection_value(conn,
			    MHD_COOKIE_KIND, COOKIE);
			r->have_s = same_origin(&x) && cookie != NULL &&
			    strlen(cookie) == SESSION_TOKEN_LEN &&
			    session_get(x.c->sessions, cookie, time(NULL),
			    &r->s) == SESSION_OK &&
			    r->s.role >= ROLE_REVIEWER;
		}
		if (strcmp(method, "POST") == 0) {
			type = MHD_lookup_connection_value(conn,
			    MHD_HEADER_KIND, "Content-Type");
			r->pp = type != NULL ? MHD_create_post_processor(conn,
			    4096, post_iter, r) : NULL;
			if (r->pp == NULL)
				r->bad_type = 1;
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		r->body += *upload_data_size;
		if (r->body > r->limit)
			r->too_big = 1;
		else if (r->pp != NULL)
			MHD_post_process(r->pp, upload_data,
			    *upload_data_size);
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
		return message(&x, MHD_HTTP_METHOD_NOT_ALLOWED, "Sai yêu cầu",
		    "Chỉ GET và POST.");
	accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept");
	x.json = accept != NULL && strncmp(accept, "application/json", 16) ==
	    0;
	return dispatch(&x);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	 buf[256];

	(void)cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_msg(LOG_WARNING, "staff: %s", buf);
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
	pthread_mutex_destroy(&c->wlock);
	free(c->public_url);
	free(c->scans);
	free(c);
}

struct console *
console_start(struct store *st, const struct console_opts *o, char *err,
    size_t errsz)
{
	struct console		*c;
	struct sockaddr_in	 sa;
	unsigned int		 flags;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(o->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (o->addr != NULL && inet_pton(AF_INET, o->addr, &sa.sin_addr) !=
	    1) {
		snprintf(err, errsz, "%s is not an IPv4 address", o->addr);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL || pthread_mutex_init(&c->wlock, NULL) != 0) {
		free(c);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	c->st = st;
	c->signer = o->signer;
	c->secure = o->secure_cookie;
	c->sessions = session_table_new();
	c->media = media_new();
	c->public_url = o->public_url != NULL ? strdup(o->public_url) : NULL;
	if (c->sessions == NULL || c->media == NULL ||
	    (o->public_url != NULL && c->public_url == NULL)) {
		console_stop(c);
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	if (o->scans != NULL && ((c->scans = strdup(o->scans)) == NULL ||
	    (c->jobs = jobs_new(st, o->scans)) == NULL)) {
		snprintf(err, errsz, "scans folder %s: %s", o->scans,
		    strerror(errno));
		console_stop(c);
		return NULL;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY |
	    MHD_USE_ERROR_LOG;
	if (o->no_listen)
		flags |= MHD_USE_NO_LISTEN_SOCKET;
	c->d = MHD_start_daemon(flags, o->port, NULL, NULL, handler, c,
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, 2,
	    MHD_OPTION_CONNECTION_TIMEOUT, o->timeout > 0 ? o->timeout : 30,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, 32,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
	    MHD_OPTION_CONNECTION_LIMIT, 256,
	    MHD_OPTION_END);
	if (c->d == NULL) {
		console_stop(c);
		snprintf(err, errsz, "cannot listen on %s:%u (in use, or not "
		    "allowed)", o->addr ? o->addr : "127.0.0.1", o->port);
		return NULL;
	}
	return c;
}
