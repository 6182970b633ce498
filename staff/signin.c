/*
 * signin.c: signing in and out of the staff console (see cs.h): the
 * sign-in page and form, its limits (a bucket per address, the guard of
 * wrong passwords per name and address, guard.h), the session of a
 * request's cookie, and the way back to where a signed-out request was
 * going.  A password is never logged, nor a typed name that could not be
 * an account's.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <microhttpd.h>

#include "account.h"
#include "client.h"
#include "cs.h"
#include "guard.h"
#include "html.h"
#include "log.h"
#include "ratelimit.h"
#include "session.h"

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
	struct buf	 h = { 0 };

	cs_head(x, &h, "Đăng nhập");
	buf_str(&h, "<h1>Đăng nhập</h1>");
	cs_notice(&h, why, NULL);
	buf_str(&h, "<form method=\"post\" action=\"/login\" "
	    "class=\"login\"><input type=\"hidden\" name=\"next\" value=\"");
	html_esc(&h, local_next(cs_arg(x, "next")));
	buf_str(&h, "\"><label for=\"name\">Tên tài khoản</label><input "
	    "id=\"name\" name=\"name\" autocomplete=\"username\" required "
	    "autocapitalize=\"none\" spellcheck=\"false\" value=\"");
	html_esc(&h, name);
	buf_str(&h, "\"><label for=\"password\">Mật khẩu</label><input "
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

enum MHD_Result
cs_route_login(struct ctx *x)
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

enum MHD_Result
cs_route_logout(struct ctx *x)
{
	session_end(x->c->sessions, x->token);
	log_msg(LOG_INFO, "staff %s signed out", x->s.name);
	return cs_redirect(x, "/login", COOKIE "=; Path=/; HttpOnly; "
	    "SameSite=Strict; Max-Age=0");
}

/*
 * The session of the request's cookie: SESSION_OK with its token (room
 * for SESSION_TOKEN_LEN + 1) and what it is in *s; SESSION_ENOTFOUND; or
 * SESSION_EEXPIRED, also for an account disabled or changed since, whose
 * sessions end here.
 */
int
cs_session_of(struct console *c, struct MHD_Connection *conn, char *token,
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

/* Not signed in: to the sign-in page, and back to where they were. */
enum MHD_Result
cs_to_login(struct ctx *x, int expired)
{
	struct buf	 nx = { 0 };
	const char	*id = cs_arg(x, "id");
	enum MHD_Result	 ret;

	if (x->post || x->json)
		return cs_message(x, MHD_HTTP_UNAUTHORIZED, "Cần đăng nhập",
		    expired ? "Phiên làm việc đã hết hạn; đăng nhập lại (những "
		    "gì chưa lưu cần nhập lại)." : "Cần đăng nhập.");
	/* The path, and a page's id. */
	buf_str(&nx, "/login?next=");
	html_urlesc(&nx, local_next(x->url));
	if (strcmp(x->url, "/page") == 0 && id != NULL && strlen(id) < 64) {
		buf_str(&nx, "%3Fid%3D");
		html_urlesc(&nx, id);
	}
	ret = nx.err ? MHD_NO : cs_redirect(x, nx.p, NULL);
	free(nx.p);
	return ret;
}
