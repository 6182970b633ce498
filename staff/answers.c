/*
 * answers.c: the staff console's answers (see cs.h): a body with the
 * console's security headers (http/reply.h), a redirect, and the frame
 * every page shares (head with its navigation by role, notices, the CSRF
 * field, a page with a message only).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <jansson.h>
#include <microhttpd.h>

#include "account.h"
#include "cs.h"
#include "html.h"
#include "log.h"
#include "reply.h"
#include "store.h"

/* The console's security headers are http/reply.c's; its static files
 * may be cached an hour. */
#define CACHE_STATIC	"private, max-age=3600"

const char *const cs_role_label[ROLE_ADMIN + 1] = {
	"", "người duyệt (reviewer)", "cán bộ quản lý văn bằng (registrar)",
	"quản trị (admin)",
};

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
cs_send_html(struct ctx *x, unsigned int status, struct buf *h)
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

void
cs_head(struct ctx *x, struct buf *h, const char *title)
{
	buf_str(h, "<!DOCTYPE html>\n<html lang=\"vi\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	html_esc(h, title);
	buf_str(h, " — sogoc</title><link rel=\"stylesheet\" "
	    "href=\"/static/console.css\"><script src=\"/static/console.js\" "
	    "defer></script></head><body><header><a class=\"brand\" "
	    "href=\"/\">sogoc · sổ gốc</a>");
	if (x->signed_in) {
		buf_str(h, "<nav><a href=\"/\">Tiến độ</a><a href=\"/import\">"
		    "Nhập bản quét</a><a href=\"/records\">Tra cứu hồ sơ</a>");
		if (x->s.role >= ROLE_REGISTRAR)
			buf_str(h, "<a href=\"/copies\">Bản sao</a>");
		if (x->s.role >= ROLE_ADMIN)
			buf_str(h, "<a href=\"/users\">Tài khoản</a>");
		buf_str(h, "</nav><form method=\"post\" action=\"/logout\" "
		    "class=\"who\"><span>");
		html_esc(h, x->s.name);
		buf_str(h, " · ");
		html_esc(h, cs_role_label[x->s.role]);
		buf_str(h, "</span><input type=\"hidden\" name=\"csrf\" "
		    "value=\"");
		html_esc(h, x->s.csrf);
		buf_str(h, "\"><button>Đăng xuất</button></form>");
	}
	buf_str(h, "</header><main>");
}

void
cs_foot(struct buf *h)
{
	buf_str(h, "</main></body></html>\n");
}

void
cs_notice(struct buf *h, const char *error, const char *done)
{
	if (error == NULL && done == NULL)
		return;
	buf_str(h, error != NULL ? "<p role=\"alert\" class=\"error\">" :
	    "<p role=\"status\" class=\"ok\">");
	html_esc(h, error != NULL ? error : done);
	buf_str(h, "</p>");
}

void
cs_csrf_input(struct ctx *x, struct buf *h)
{
	buf_str(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(h, x->s.csrf);
	buf_str(h, "\">");
}

/* A page with a message only: errors, refusals. */
enum MHD_Result
cs_message(struct ctx *x, unsigned int status, const char *title,
    const char *text)
{
	struct buf	 h = { 0 };

	if (x->json)
		return cs_send_json(x, status, json_pack("{s:s, s:b}", "error",
		    text, "signin", status == MHD_HTTP_UNAUTHORIZED));
	cs_head(x, &h, title);
	buf_str(&h, "<h1>");
	html_esc(&h, title);
	buf_str(&h, "</h1>");
	cs_notice(&h, text, NULL);
	buf_str(&h, "<p><a href=\"/\">Về trang đầu</a></p>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
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
