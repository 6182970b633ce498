/*
 * admin.c: the staff console's accounts page, for admins: who has an
 * account, in which role, locked or disabled, last signed in; adding one,
 * and disabling, enabling, unlocking, changing the role or setting a new
 * password (see account.h).  A change ends the account's sessions.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs.h"
#include "guard.h"
#include "log.h"

struct listing {
	struct ctx	*x;
	struct buf	*h;
	time_t		 now;
};

static void
when(struct buf *h, time_t t)
{
	struct tm	 tm;
	char		 b[32];

	if (t == 0) {
		buf_str(h, "chưa bao giờ");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(b, sizeof(b), "%Y-%m-%d %H:%M UTC", &tm);
	html_esc(h, b);
}

/* A small form acting on one account. */
static void
act(struct ctx *x, struct buf *h, const char *name, const char *op,
    const char *label)
{
	buf_str(h, "<form method=\"post\" action=\"/users\" class=\"act\">");
	cs_csrf_input(x, h);
	buf_str(h, "<input type=\"hidden\" name=\"name\" value=\"");
	html_esc(h, name);
	buf_str(h, "\"><input type=\"hidden\" name=\"op\" value=\"");
	buf_str(h, op);
	buf_str(h, "\"><button class=\"minor\">");
	buf_str(h, label);
	buf_str(h, "</button></form>");
}

static int
row(void *arg, const struct account_info *ai)
{
	struct listing	*l = arg;
	struct buf	*h = l->h;
	unsigned int	 held;
	int		 many;

	buf_str(h, "<tr><td>");
	html_esc(h, ai->name);
	buf_str(h, "</td><td>");
	html_esc(h, cs_role_label[ai->role]);
	buf_str(h, "</td><td>");
	held = guard_held(l->x->c->guard, ai->name, l->now, ai->unlocked,
	    &many);
	if (ai->disabled)
		buf_str(h, "vô hiệu hóa");
	else if (many)
		buf_str(h, "bị thử mật khẩu từ nhiều nơi: chỉ máy quen đăng "
		    "nhập được");
	else if (held > 0)
		buf_fmt(h, "tạm chặn đăng nhập từ %u máy (nhập sai mật khẩu)",
		    held);
	else
		buf_str(h, "hoạt động");
	buf_str(h, "</td><td>");
	when(h, ai->last_login);
	buf_str(h, "</td><td>");
	if (strcmp(ai->name, l->x->s.name) != 0) {
		act(l->x, h, ai->name, ai->disabled ? "enable" : "disable",
		    ai->disabled ? "Cho hoạt động lại" : "Vô hiệu hóa");
		if (held > 0 || many)
			act(l->x, h, ai->name, "unlock", "Mở khóa");
	}
	buf_str(h, "</td></tr>");
	return 0;
}

static void
role_select(struct buf *h, const char *id)
{
	int	 r;

	buf_fmt(h, "<select id=\"%s\" name=\"role\">", id);
	for (r = ROLE_REVIEWER; r <= ROLE_ADMIN; r++) {
		buf_fmt(h, "<option value=\"%s\">",
		    account_role_name((enum account_role)r));
		html_esc(h, cs_role_label[r]);
		buf_str(h, "</option>");
	}
	buf_str(h, "</select>");
}

static enum MHD_Result
users_page(struct ctx *x, unsigned int status, const char *ok,
    const char *why)
{
	struct listing	 l = { x, NULL, time(NULL) };
	struct buf	 h = { 0 };
	char		 err[256];

	l.h = &h;
	cs_head(x, &h, "Tài khoản");
	buf_str(&h, "<h1>Tài khoản cán bộ</h1>");
	cs_notice(&h, why, ok);
	buf_str(&h, "<table class=\"users\"><thead><tr><th>Tên</th>"
	    "<th>Vai trò</th><th>Tình trạng</th><th>Đăng nhập gần nhất</th>"
	    "<th></th></tr></thead><tbody>");
	if (account_list(x->c->st, row, &l, err, sizeof(err)) != ACCOUNT_OK) {
		buf_str(&h, "<tr><td colspan=\"5\" class=\"error\">");
		html_esc(&h, err);
		buf_str(&h, "</td></tr>");
	}
	buf_str(&h, "</tbody></table><div class=\"imports\"><form "
	    "method=\"post\" action=\"/users\" class=\"import\"><h2>Thêm tài "
	    "khoản</h2>");
	cs_csrf_input(x, &h);
	buf_str(&h, "<input type=\"hidden\" name=\"op\" value=\"add\">"
	    "<label for=\"a-name\">Tên tài khoản (a-z, 0-9, . _ -)</label>"
	    "<input id=\"a-name\" name=\"name\" required autocomplete=\"off\" "
	    "autocapitalize=\"none\" spellcheck=\"false\"><label "
	    "for=\"a-role\">Vai trò</label>");
	role_select(&h, "a-role");
	buf_str(&h, "<label for=\"a-pw\">Mật khẩu ban đầu (ít nhất 10 ký "
	    "tự)</label><input id=\"a-pw\" name=\"password\" type=\"password\" "
	    "autocomplete=\"new-password\" required><button>Thêm</button>"
	    "</form><form method=\"post\" action=\"/users\" class=\"import\">"
	    "<h2>Đổi vai trò hoặc mật khẩu</h2>");
	cs_csrf_input(x, &h);
	buf_str(&h, "<label for=\"c-name\">Tên tài khoản</label><input "
	    "id=\"c-name\" name=\"name\" required autocomplete=\"off\" "
	    "autocapitalize=\"none\" spellcheck=\"false\"><label "
	    "for=\"c-op\">Việc</label><select id=\"c-op\" name=\"op\">"
	    "<option value=\"role\">Đổi vai trò</option><option "
	    "value=\"passwd\">Đặt mật khẩu mới</option></select><label "
	    "for=\"c-role\">Vai trò mới</label>");
	role_select(&h, "c-role");
	buf_str(&h, "<label for=\"c-pw\">Mật khẩu mới</label><input "
	    "id=\"c-pw\" name=\"password\" type=\"password\" "
	    "autocomplete=\"new-password\"><button>Ghi</button></form></div>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

enum MHD_Result
cs_route_users(struct ctx *x)
{
	const char		*op = cs_arg(x, "op"), *name = cs_arg(x, "name");
	const char		*pw = cs_arg(x, "password");
	const char		*role = cs_arg(x, "role");
	enum account_role	 r;
	char			 err[256], done[128];
	int			 rc;

	if (!x->post)
		return users_page(x, MHD_HTTP_OK, NULL, NULL);
	if (op == NULL || name == NULL)
		return users_page(x, MHD_HTTP_BAD_REQUEST, NULL, "Thiếu tên "
		    "tài khoản hoặc việc cần làm.");
	if (strcmp(name, x->s.name) == 0 && strcmp(op, "passwd") != 0)
		return users_page(x, MHD_HTTP_CONFLICT, NULL, "Không tự vô "
		    "hiệu hóa, mở khóa hay đổi vai trò của chính mình; nhờ "
		    "quản trị khác.");
	r = role != NULL ? account_role_parse(role) : ROLE_NONE;
	if (strcmp(op, "add") == 0)
		rc = account_add(x->c->st, name, r, pw ? pw : "", err,
		    sizeof(err));
	else if (strcmp(op, "passwd") == 0)
		rc = account_passwd(x->c->st, name, pw ? pw : "", err,
		    sizeof(err));
	else if (strcmp(op, "role") == 0)
		rc = r == ROLE_NONE ? ACCOUNT_EINPUT : account_set(x->c->st,
		    name, r, -1, err, sizeof(err));
	else if (strcmp(op, "disable") == 0 || strcmp(op, "enable") == 0)
		rc = account_set(x->c->st, name, ROLE_NONE,
		    strcmp(op, "disable") == 0, err, sizeof(err));
	else if (strcmp(op, "unlock") == 0) {
		rc = account_unlock(x->c->st, name, err, sizeof(err));
		if (rc == ACCOUNT_OK)
			guard_clear(x->c->guard, name);
	}
	else {
		rc = ACCOUNT_EINPUT;
		snprintf(err, sizeof(err), "no such change");
	}
	if (rc == ACCOUNT_EINPUT && strcmp(op, "role") == 0 &&
	    r == ROLE_NONE)
		snprintf(err, sizeof(err), "choose a role");
	if (rc != ACCOUNT_OK)
		return users_page(x, rc == ACCOUNT_ENOTFOUND ?
		    MHD_HTTP_NOT_FOUND : rc == ACCOUNT_EEXIST ?
		    MHD_HTTP_CONFLICT : rc == ACCOUNT_ESTORE ?
		    MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_BAD_REQUEST,
		    NULL, err);
	/* Whatever changed, the account signs in again. */
	if (strcmp(op, "add") != 0 && strcmp(op, "unlock") != 0)
		session_end_account(x->c->sessions, name);
	log_msg(LOG_INFO, "staff %s: account %s: %s", x->s.name, name, op);
	snprintf(done, sizeof(done), "Đã ghi: %s · %s", name, op);
	return users_page(x, MHD_HTTP_OK, done, NULL);
}
