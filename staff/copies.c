/*
 * copies.c: the staff console's certified copies: the graduates'
 * requests, each beside the records that may be theirs, approved (a copy
 * issued, copy/request.h) or refused with a reason the graduate reads.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs.h"
#include "log.h"
#include "records.h"
#include "request.h"
#include "timefmt.h"

static const char *
state_label(const char *s)
{
	if (s != NULL && strcmp(s, "approved") == 0)
		return "đã cấp";
	if (s != NULL && strcmp(s, "refused") == 0)
		return "đã từ chối";
	return "chờ duyệt";
}

enum MHD_Result
cs_route_copies(struct ctx *x)
{
	struct buf	 h = { 0 };
	json_t		*list, *o;
	const char	*state, *only = cs_arg(x, "state");
	char		 t[32];
	size_t		 i, shown = 0;

	if (copyreq_list(x->c->st, &list) != STORE_OK)
		return cs_message(x, MHD_HTTP_SERVICE_UNAVAILABLE, "Lỗi",
		    store_errmsg(x->c->st));
	cs_head(x, &h, "Yêu cầu cấp bản sao");
	buf_str(&h, "<h1>Yêu cầu cấp bản sao</h1><p><a href=\"/copies\">"
	    "Tất cả</a> · <a href=\"/copies?state=pending\">Chờ duyệt</a></p>"
	    "<table class=\"requests\"><thead><tr><th>Số</th><th>Gửi lúc "
	    "(UTC)</th><th>Họ và tên</th><th>Ngày sinh</th><th>Năm TN</th>"
	    "<th>Tình trạng</th></tr></thead><tbody>");
	json_array_foreach(list, i, o) {
		state = json_string_value(json_object_get(o, "state"));
		if (only != NULL && (state == NULL || strcmp(only, state) != 0))
			continue;
		time_iso(json_integer_value(json_object_get(o, "created")), t,
		    sizeof(t));
		buf_fmt(&h, "<tr><td><a href=\"/copy-request?n=%"
		    JSON_INTEGER_FORMAT "\" aria-label=\"Yêu cầu số %"
		    JSON_INTEGER_FORMAT "\">%" JSON_INTEGER_FORMAT "</a></td>"
		    "<td>", json_integer_value(json_object_get(o, "id")),
		    json_integer_value(json_object_get(o, "id")),
		    json_integer_value(json_object_get(o, "id")));
		html_esc(&h, t);
		buf_str(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(o,
		    "full_name")));
		buf_str(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(o,
		    "date_of_birth")));
		buf_str(&h, "</td><td>");
		html_esc(&h, json_string_value(json_object_get(o, "year")));
		buf_str(&h, "</td><td>");
		html_esc(&h, state_label(state));
		buf_str(&h, "</td></tr>");
		shown++;
	}
	buf_str(&h, "</tbody></table>");
	if (shown == 0)
		buf_str(&h, "<p role=\"status\">Không có yêu cầu nào.</p>");
	json_decref(list);
	cs_foot(&h);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}

/* One field of a candidate, marked when it differs from the request. */
static void
compare(struct buf *h, const char *label, const char *have,
    const char *asked)
{
	int	 differs = asked != NULL && asked[0] != '\0' &&
		    (have == NULL || strcmp(have, asked) != 0);

	buf_str(h, differs ? "<dt class=\"differs\">" : "<dt>");
	html_esc(h, label);
	buf_str(h, "</dt><dd>");
	html_esc(h, have);
	if (differs) {
		buf_str(h, " <strong class=\"differs\">≠ yêu cầu: ");
		html_esc(h, asked);
		buf_str(h, "</strong>");
	}
	buf_str(h, "</dd>");
}

/* What the graduate said in request req (number id), and once decided,
 * when, by whom and how. */
static void
said_list(struct buf *h, json_t *req, uint64_t id, int pending)
{
	static const char *const shown[][2] = {
		{ "full_name", "Họ và tên" },
		{ "date_of_birth", "Ngày sinh" },
		{ "year", "Năm tốt nghiệp" },
		{ "school", "Trường" },
		{ "serial_no", "Số hiệu văn bằng" },
		{ "national_id", "Số định danh (CCCD)" },
		{ "contact", "Liên hệ" },
		{ "purpose", "Mục đích" },
		{ "share_until", "Mã chia sẻ đến ngày" },
	};
	char		 t[160];
	size_t		 i;

	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		buf_str(h, "<dt>");
		html_esc(h, shown[i][1]);
		buf_str(h, "</dt><dd>");
		html_esc(h, json_string_value(json_object_get(req,
		    shown[i][0])));
		buf_str(h, "</dd>");
	}
	buf_fmt(h, "<dt>Số bản sao</dt><dd>%" JSON_INTEGER_FORMAT "</dd>",
	    json_integer_value(json_object_get(req, "copies")));
	time_iso(json_integer_value(json_object_get(req, "created")), t,
	    sizeof(t));
	buf_str(h, "<dt>Gửi lúc (UTC)</dt><dd>");
	html_esc(h, t);
	buf_str(h, "</dd>");
	if (!pending) {
		time_iso(json_integer_value(json_object_get(req, "decided")), t,
		    sizeof(t));
		buf_str(h, "<dt>Quyết định lúc (UTC)</dt><dd>");
		html_esc(h, t);
		buf_str(h, "</dd><dt>Người quyết định</dt><dd>");
		html_esc(h, json_string_value(json_object_get(req, "by")));
		buf_str(h, "</dd>");
		if (json_object_get(req, "reason") != NULL) {
			buf_str(h, "<dt>Lý do từ chối</dt><dd>");
			html_esc(h, json_string_value(json_object_get(req,
			    "reason")));
			buf_str(h, "</dd>");
		}
		if (json_object_get(req, "copy_no") != NULL) {
			buf_str(h, "<dt>Bản sao số</dt><dd>");
			html_esc(h, json_string_value(json_object_get(req,
			    "copy_no")));
			buf_fmt(h, " · <a href=\"/copy-request/pdf?n=%"
			    PRIu64 "\" download>PDF</a> · <a href=\"/record?n=%"
			    JSON_INTEGER_FORMAT "\">hồ sơ</a></dd>", id,
			    json_integer_value(json_object_get(req,
			    "record")));
		}
	}
}

/*
 * Record rn beside request req, field by field, in the approval form
 * when can (checked when it is the chosen one, which a lone open match
 * is by default).
 */
static void
candidate(struct ctx *x, struct buf *h, json_t *req, uint64_t rn, int can,
    uint64_t chosen)
{
	json_t		*rec, *f;
	const char	*st;
	int		 fi, revoked;

	if (records_json(x->c->st, rn, &rec) != STORE_OK)
		return;
	f = json_object_get(rec, "fields");
	st = json_string_value(json_object_get(rec, "status"));
	revoked = st != NULL && strcmp(st, "revoked") == 0;
	buf_str(h, "<fieldset class=\"candidate\"><legend>");
	if (can)
		buf_fmt(h, "<input type=\"radio\" name=\"record\" "
		    "id=\"rec%" PRIu64 "\" value=\"%" PRIu64 "\" "
		    "required%s><label for=\"rec%" PRIu64 "\">",
		    rn, rn, revoked ? " disabled" :
		    chosen == rn ? " checked" : "", rn);
	buf_fmt(h, "Hồ sơ %" PRIu64 "%s", rn, st != NULL &&
	    strcmp(st, "revoked") == 0 ? " (đã thu hồi)" : "");
	buf_str(h, can ? "</label></legend>" : "</legend>");
	buf_str(h, "<dl class=\"record\">");
	compare(h, "Họ và tên", json_string_value(json_object_get(f,
	    "full_name")), json_string_value(json_object_get(req,
	    "full_name")));
	compare(h, "Ngày sinh", json_string_value(json_object_get(f,
	    "date_of_birth")), json_string_value(json_object_get(req,
	    "date_of_birth")));
	compare(h, "Năm tốt nghiệp", json_string_value(
	    json_object_get(rec, "year")), json_string_value(
	    json_object_get(req, "year")));
	compare(h, "Số hiệu văn bằng", json_string_value(
	    json_object_get(f, "serial_no")), json_string_value(
	    json_object_get(req, "serial_no")));
	compare(h, "Trường", json_string_value(json_object_get(f,
	    "school")), json_string_value(json_object_get(req,
	    "school")));
	for (fi = FIELD_PLACE_OF_BIRTH; fi < FIELD_SIGNATURE; fi++)
		if (fi != FIELD_SCHOOL && fi != FIELD_SERIAL_NO)
			compare(h, field_label(fi), json_string_value(
			    json_object_get(f, field_key(fi))), NULL);
	buf_fmt(h, "</dl><p><a href=\"/record?n=%" PRIu64 "\">Lịch "
	    "sử hồ sơ</a></p></fieldset>", rn);
	json_decref(rec);
}

/*
 * The page of request id: why (NULL: none) is what a form could not do,
 * chosen (0: none) the record chosen in it, ticked its identity box.
 */
static enum MHD_Result
request_page(struct ctx *x, uint64_t id, unsigned int status,
    const char *why, uint64_t chosen, int ticked)
{
	struct buf	 h = { 0 };
	json_t		*req, *rec;
	const char	*state, *st;
	uint64_t	*recs;
	size_t		 n, i, open;
	char		 t[160];
	int		 pending, can;

	if (copyreq_get(x->c->st, id, &req) != STORE_OK)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có yêu cầu",
		    "Không có yêu cầu với số này.");
	state = json_string_value(json_object_get(req, "state"));
	pending = state != NULL && strcmp(state, "pending") == 0;
	/* The title says which request, in what state, and any refusal. */
	snprintf(t, sizeof(t), "%sYêu cầu cấp bản sao số %" PRIu64 " (%s)",
	    why != NULL ? "Lỗi: " : "", id, state_label(state));
	cs_head(x, &h, t);
	buf_fmt(&h, "<h1>Yêu cầu cấp bản sao số %" PRIu64 "</h1>", id);
	cs_notice(&h, why, cs_arg(x, "done") != NULL ? "Đã ghi." : NULL);
	buf_str(&h, "<p class=\"status\">Tình trạng: <strong>");
	html_esc(&h, state_label(state));
	buf_str(&h, "</strong></p><div class=\"side\"><section><h2>Người "
	    "tốt nghiệp khai</h2><dl class=\"record\">");
	said_list(&h, req, id, pending);
	buf_str(&h, "</dl></section><section><h2>Hồ sơ trong sổ có thể "
	    "khớp</h2>");
	if (copyreq_candidates(x->c->st, req, &recs, &n) != STORE_OK) {
		recs = NULL;
		n = 0;
	}
	/* Those that may be chosen: a revoked diploma has no copy. */
	for (i = open = 0; i < n; i++)
		if (records_json(x->c->st, recs[i], &rec) == STORE_OK) {
			st = json_string_value(json_object_get(rec, "status"));
			if (st == NULL || strcmp(st, "revoked") != 0)
				open++;
			json_decref(rec);
		}
	can = pending && open > 0;
	if (n > 0 && open == 0 && pending)
		buf_str(&h, "<p role=\"status\">Mọi hồ sơ khớp đều đã bị thu "
		    "hồi: không cấp được bản sao.</p>");
	if (n == 0)
		buf_str(&h, "<p role=\"status\">Không có hồ sơ nào có số "
		    "hiệu, hoặc họ tên và ngày sinh, như yêu cầu.</p>");
	if (can && n > 0) {
		buf_str(&h, "<form method=\"post\" action=\"/copy-request\" "
		    "class=\"approve\">");
		cs_csrf_input(x, &h);
		buf_fmt(&h, "<input type=\"hidden\" name=\"n\" value=\"%"
		    PRIu64 "\"><input type=\"hidden\" name=\"action\" "
		    "value=\"approve\"><fieldset class=\"choose\"><legend>Chọn "
		    "hồ sơ của người yêu cầu</legend>", id);
	}
	for (i = 0; i < n; i++)
		candidate(x, &h, req, recs[i], can, open == 1 && chosen == 0 ?
		    recs[i] : chosen);
	free(recs);
	if (can && n > 0) {
		buf_fmt(&h, "</fieldset><p><input type=\"checkbox\" "
		    "id=\"identity\" name=\"identity\" value=\"1\" "
		    "required%s><label for=\"identity\" class=\"inline\">Tôi "
		    "đã đối chiếu danh tính người yêu cầu (CCCD) với hồ sơ đã "
		    "chọn</label></p>", ticked ? " checked" : "");
		if (x->c->copy == NULL || x->c->signer == NULL)
			buf_str(&h, "<p class=\"error\" id=\"nocert\">Máy chủ "
			    "này chưa có khóa ký sổ (--key) hoặc chứng thư số "
			    "ký bản sao (copy-key, copy-cert): chỉ có thể từ "
			    "chối.</p><button disabled "
			    "aria-describedby=\"nocert\">");
		else
			buf_str(&h, "<button>");
		buf_str(&h, "Duyệt và cấp bản sao</button></form>");
	}
	buf_str(&h, "</section></div>");
	if (pending) {
		buf_str(&h, "<h2>Từ chối</h2><form method=\"post\" "
		    "action=\"/copy-request\" class=\"refuse\">");
		cs_csrf_input(x, &h);
		buf_fmt(&h, "<input type=\"hidden\" name=\"n\" value=\"%"
		    PRIu64 "\"><input type=\"hidden\" name=\"action\" "
		    "value=\"refuse\"><label for=\"reason\">Lý do (người yêu "
		    "cầu sẽ đọc)</label><input id=\"reason\" name=\"reason\" "
		    "lang=\"vi\" required maxlength=\"500\"><button>Từ chối "
		    "yêu cầu</button></form>", id);
	} else if (pending)
		buf_str(&h, "<p>Chỉ cán bộ quản lý văn bằng (registrar) được "
		    "duyệt hay từ chối.</p>");
	json_decref(req);
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

static int
parse_id(const char *s, uint64_t *v)
{
	char	*end;

	errno = 0;
	*v = s != NULL && s[0] >= '1' && s[0] <= '9' ? strtoull(s, &end, 10) :
	    0;
	return *v == 0 || errno != 0 || *end != '\0' ? -1 : 0;
}

enum MHD_Result
cs_route_copy_request(struct ctx *x)
{
	struct copy_result	 res;
	const char		*a = cs_arg(x, "action"), *why = NULL;
	char			 msg[512], to[64];
	uint64_t		 id, rec = 0;
	int			 rc, ticked;

	if (parse_id(cs_arg(x, "n"), &id) != 0)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu số yêu cầu.");
	if (!x->post)
		return request_page(x, id, MHD_HTTP_OK, NULL, 0, 0);
	/* What was chosen comes back with the refusal, to try again. */
	ticked = cs_arg(x, "identity") != NULL;
	if (parse_id(cs_arg(x, "record"), &rec) != 0)
		rec = 0;
	if (!cs_args_valid(x))
		why = "Biểu mẫu có ký tự không hợp lệ.";
	else if (a != NULL && strcmp(a, "refuse") == 0)
		rc = copyreq_refuse(x->c->st, id, cs_arg(x, "reason"),
		    x->s.name);
	else if (a == NULL || strcmp(a, "approve") != 0)
		why = "Chọn duyệt hoặc từ chối.";
	else if (rec == 0)
		why = "Chọn hồ sơ của người yêu cầu.";
	else if (!ticked)
		why = "Đánh dấu rằng đã đối chiếu danh tính trước khi duyệt.";
	else if (x->c->signer == NULL || x->c->copy == NULL)
		return request_page(x, id, MHD_HTTP_CONFLICT, "Máy chủ này "
		    "không có khóa ký sổ (--key) hoặc chứng thư số ký bản sao "
		    "(copy-key, copy-cert), nên không cấp được.", rec, ticked);
	else
		rc = copyreq_approve(x->c->st, x->c->signer, x->c->copy, id,
		    rec, x->s.name, &res);
	if (why != NULL)
		return request_page(x, id, MHD_HTTP_BAD_REQUEST, why, rec,
		    ticked);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	if (rc != STORE_OK)
		return request_page(x, id, cs_store_status(rc), msg, rec,
		    ticked);
	log_msg(LOG_INFO, "staff %s %s copy request %" PRIu64, x->s.name,
	    strcmp(a, "refuse") == 0 ? "refused" : "approved", id);
	snprintf(to, sizeof(to), "/copy-request?n=%" PRIu64 "&done=1", id);
	return cs_redirect(x, to, NULL);
}

enum MHD_Result
cs_route_copy_pdf(struct ctx *x)
{
	json_t		*req;
	const char	*no;
	uint8_t		*pdf = NULL;
	size_t		 len;
	uint64_t	 id;
	char		 name[96], *p;
	int		 rc;

	if (parse_id(cs_arg(x, "n"), &id) != 0 ||
	    copyreq_get(x->c->st, id, &req) != STORE_OK)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có yêu cầu",
		    "Không có yêu cầu với số này.");
	rc = json_object_get(req, "copy") == NULL ? STORE_ENOTFOUND :
	    copy_fetch(x->c->st, (uint64_t)json_integer_value(
	    json_object_get(req, "copy")), &pdf, &len);
	/* Named by its number, 7/2026/BS as ban-sao-7-2026-BS.pdf. */
	snprintf(name, sizeof(name), "attachment; filename=\"ban-sao-%s.pdf\"",
	    (no = json_string_value(json_object_get(req, "copy_no"))) != NULL ?
	    no : "");
	for (p = name; *p != '\0'; p++)
		if (*p == '/')
			*p = '-';
	json_decref(req);
	if (rc != STORE_OK)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Chưa có bản sao",
		    "Yêu cầu này chưa được cấp bản sao.");
	return cs_answer(x, MHD_HTTP_OK, "application/pdf", pdf, len, 0,
	    "Content-Disposition", name);
}
