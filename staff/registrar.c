/*
 * registrar.c: the staff console's registrar pages: finding a record, its
 * history with who did what, a correction or revocation (see records.h).
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
#include "sdjwt.h"

enum MHD_Result
cs_route_records(struct ctx *x)
{
	struct buf	 h = { 0 };
	const char	*serial = cs_arg(x, "serial");
	const char	*name = cs_arg(x, "name");
	const char	*dob = cs_arg(x, "dob");
	uint64_t	*recs = NULL;
	json_t		*o;
	size_t		 n = 0, i;
	int		 rc = STORE_ENOTFOUND, asked;

	asked = (serial != NULL && serial[0] != '\0') ||
	    (name != NULL && name[0] != '\0');
	if (!cs_args_valid(x))
		asked = 0;
	if (asked)
		rc = serial != NULL && serial[0] != '\0' ?
		    records_find(x->c->st, serial, NULL, NULL, &recs, &n) :
		    records_find(x->c->st, NULL, name, dob ? dob : "", &recs,
		    &n);
	cs_head(x, &h, "Tra cứu hồ sơ");
	buf_str(&h, "<h1>Tra cứu hồ sơ</h1><form method=\"get\" "
	    "action=\"/records\" class=\"find\"><label for=\"serial\">Số hiệu "
	    "văn bằng</label><input id=\"serial\" name=\"serial\" value=\"");
	html_esc(&h, serial);
	buf_str(&h, "\"><p>hoặc</p><label for=\"name\">Họ và tên</label>"
	    "<input id=\"name\" name=\"name\" lang=\"vi\" value=\"");
	html_esc(&h, name);
	buf_str(&h, "\"><label for=\"dob\">Ngày sinh</label><input "
	    "id=\"dob\" name=\"dob\" value=\"");
	html_esc(&h, dob);
	buf_str(&h, "\"><button>Tìm</button></form>");
	if (asked && rc != STORE_OK)
		buf_str(&h, "<p role=\"status\">Không tìm thấy hồ sơ nào."
		    "</p>");
	for (i = 0; i < n; i++) {
		if (records_json(x->c->st, recs[i], &o) != STORE_OK)
			continue;
		buf_fmt(&h, "<p><a href=\"/record?n=%" PRIu64 "\">Hồ sơ %"
		    PRIu64 "</a>: ", recs[i], recs[i]);
		html_esc(&h, json_string_value(json_object_get(json_object_get(
		    o, "fields"), "full_name")));
		buf_str(&h, ", ");
		html_esc(&h, json_string_value(json_object_get(json_object_get(
		    o, "fields"), "serial_no")));
		buf_str(&h, "</p>");
		json_decref(o);
	}
	free(recs);
	cs_foot(&h);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}

/* An event's kind in words, or its name when it has none. */
static const char *
kind_label(const char *k)
{
	const char	*w = event_kind_words(k);

	return w != NULL ? w : k;
}

/* A record's events, as the registry lists them, in a table. */
static void
history(struct buf *h, json_t *events)
{
	json_t		*ev;
	size_t		 i;

	buf_str(h, "<h2>Lịch sử</h2><table class=\"history\"><thead>"
	    "<tr><th>Thời điểm (UTC)</th><th>Việc</th><th>Quyết định</th>"
	    "<th>Lý do</th><th>Người ghi</th></tr></thead><tbody>");
	json_array_foreach(events, i, ev) {
		buf_str(h, "<tr><td>");
		html_esc(h, json_string_value(json_object_get(ev, "time")));
		buf_str(h, "</td><td>");
		html_esc(h, kind_label(json_string_value(json_object_get(ev,
		    "kind"))));
		buf_str(h, "</td><td>");
		html_esc(h, json_string_value(json_object_get(ev,
		    "decision")));
		if (json_object_get(ev, "decision_date") != NULL) {
			buf_str(h, " (");
			html_esc(h, json_string_value(json_object_get(ev,
			    "decision_date")));
			buf_str(h, ")");
		}
		buf_str(h, "</td><td>");
		html_esc(h, json_string_value(json_object_get(ev, "reason")));
		buf_str(h, "</td><td>");
		html_esc(h, json_string_value(json_object_get(ev, "by")));
		buf_str(h, "</td></tr>");
	}
	buf_str(h, "</tbody></table>");
}

/*
 * The form that downloads the record as an SD-JWT VC for the graduate's
 * wallet: a POST, as each download is a new credential with its own
 * status list index.
 */
static void
credential_form(struct ctx *x, struct buf *h, uint64_t rec)
{
	buf_str(h, "<h2>Văn bằng số (SD-JWT VC)</h2><form method=\"post\" "
	    "action=\"/record/credential\" class=\"credential\">");
	cs_csrf_input(x, h);
	buf_fmt(h, "<input type=\"hidden\" name=\"n\" value=\"%" PRIu64
	    "\"><label for=\"jwk\">Khóa công khai của ví (JWK), nếu có"
	    "</label><textarea id=\"jwk\" name=\"jwk\" rows=\"3\" "
	    "maxlength=\"2048\"></textarea><button>Tải văn bằng số cho "
	    "ví điện tử</button></form>", rec);
}

static enum MHD_Result
record_page(struct ctx *x, uint64_t rec, unsigned int status,
    const char *why)
{
	struct buf	 h = { 0 };
	json_t		*o, *fields;
	const char	*s;
	int		 f;

	if (records_json(x->c->st, rec, &o) != STORE_OK)
		return cs_message(x, MHD_HTTP_NOT_FOUND, "Không có hồ sơ",
		    "Không có hồ sơ với số này.");
	fields = json_object_get(o, "fields");
	cs_head(x, &h, "Hồ sơ");
	buf_fmt(&h, "<h1>Hồ sơ %" PRIu64 ": ", rec);
	html_esc(&h, json_string_value(json_object_get(fields, "full_name")));
	buf_str(&h, "</h1>");
	cs_notice(&h, why, cs_arg(x, "done") != NULL ? "Đã ghi vào sổ đăng "
	    "ký." : NULL);
	s = json_string_value(json_object_get(o, "status"));
	buf_str(&h, "<p class=\"status\">Tình trạng: <strong>");
	buf_str(&h, s != NULL && strcmp(s, "revoked") == 0 ? "đã thu hồi" :
	    "còn hiệu lực");
	buf_str(&h, "</strong></p><dl class=\"record\">");
	for (f = FIELD_FULL_NAME; f < FIELD_SIGNATURE; f++) {
		s = json_string_value(json_object_get(fields,
		    field_key((enum field)f)));
		if (s == NULL)
			continue;
		buf_str(&h, "<dt>");
		html_esc(&h, field_label(f));
		buf_str(&h, "</dt><dd>");
		html_esc(&h, s);
		buf_str(&h, "</dd>");
	}
	buf_str(&h, "</dl>");
	/* What an employer sees of it, on the public side. */
	if (x->c->public_url != NULL) {
		buf_str(&h, "<p><a href=\"");
		html_esc(&h, x->c->public_url);
		buf_str(&h, "/?serial=");
		html_urlesc(&h, json_string_value(json_object_get(fields,
		    "serial_no")));
		buf_str(&h, "&amp;name=");
		html_urlesc(&h, json_string_value(json_object_get(fields,
		    "full_name")));
		buf_str(&h, "&amp;dob=");
		html_urlesc(&h, json_string_value(json_object_get(fields,
		    "date_of_birth")));
		buf_str(&h, "\" rel=\"noreferrer\">Xem như nhà tuyển dụng "
		    "thấy (trang tra cứu công khai)</a></p>");
	}
	history(&h, json_object_get(o, "events"));
	buf_str(&h, "<h2>Chỉnh sửa hoặc thu hồi</h2><form "
	    "method=\"post\" action=\"/record\" class=\"change\">");
	cs_csrf_input(x, &h);
	buf_fmt(&h, "<input type=\"hidden\" name=\"n\" value=\"%"
	    PRIu64 "\"><label for=\"kind\">Việc</label><select "
	    "id=\"kind\" name=\"kind\"><option value=\"correct\">Chỉnh "
	    "sửa một trường</option><option value=\"revoke\">Thu hồi "
	    "văn bằng</option></select><label for=\"field\">Trường "
	    "(khi chỉnh sửa)</label><select id=\"field\" "
	    "name=\"field\">", rec);
	for (f = FIELD_FULL_NAME; f < FIELD_SIGNATURE; f++) {
		buf_str(&h, "<option value=\"");
		buf_str(&h, field_key((enum field)f));
		buf_str(&h, "\">");
		html_esc(&h, field_label(f));
		buf_str(&h, "</option>");
	}
	buf_str(&h, "</select><label for=\"value\">Giá trị mới</label>"
	    "<input id=\"value\" name=\"value\" lang=\"vi\">"
	    "<label for=\"decision\">Số quyết định</label><input "
	    "id=\"decision\" name=\"decision\" required><label "
	    "for=\"decision_date\">Ngày quyết định (YYYY-MM-DD)</label>"
	    "<input id=\"decision_date\" name=\"decision_date\" "
	    "required><label for=\"reason\">Lý do (công khai trong sổ: "
	    "không ghi thông tin cá nhân)</label><input "
	    "id=\"reason\" name=\"reason\" lang=\"vi\"><button>Ghi vào "
	    "sổ đăng ký</button></form>");
	if (x->c->cred != NULL)
		credential_form(x, &h, rec);
	cs_foot(&h);
	json_decref(o);
	return cs_send_html(x, status, &h);
}

/* POST /record/credential: record n as an SD-JWT VC, for the graduate. */
enum MHD_Result
cs_route_credential(struct ctx *x)
{
	const char	*n = cs_arg(x, "n"), *jwk = cs_arg(x, "jwk");
	char		 err[256], *text = NULL, *end;
	uint64_t	 rec, idx;

	errno = 0;
	rec = n != NULL ? strtoull(n, &end, 10) : 0;
	if (n == NULL || errno != 0 || *end != '\0' || rec == 0)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu số hồ sơ.");
	if (x->c->cred == NULL)
		return record_page(x, rec, MHD_HTTP_CONFLICT, "Máy chủ này "
		    "không có khóa cấp văn bằng số (credential-key).");
	if (cred_issue(x->c->cred, x->c->st, rec, jwk != NULL &&
	    jwk[0] != '\0' ? jwk : NULL, (int64_t)time(NULL), &text, &idx,
	    err, sizeof(err)) != 0)
		return record_page(x, rec, MHD_HTTP_CONFLICT, err);
	log_msg(LOG_INFO, "staff %s issued credential %" PRIu64 " of record "
	    "%" PRIu64, x->s.name, idx, rec);
	return cs_answer(x, MHD_HTTP_OK, CRED_MEDIA_TYPE, text, strlen(text),
	    0, "Content-Disposition", "attachment; filename=\""
	    "van-bang.dc-sd-jwt\"");
}

enum MHD_Result
cs_route_record(struct ctx *x)
{
	struct records_change ch;
	const char	*n = cs_arg(x, "n"), *kind = cs_arg(x, "kind");
	const char	*fk = cs_arg(x, "field"), *value = cs_arg(x, "value");
	char		 msg[512], to[64], *end;
	uint64_t	 rec, idx;
	enum field	 f;
	int		 rc;

	errno = 0;
	rec = n != NULL ? strtoull(n, &end, 10) : 0;
	if (n == NULL || errno != 0 || *end != '\0' || rec == 0)
		return cs_message(x, MHD_HTTP_BAD_REQUEST, "Sai yêu cầu",
		    "Thiếu số hồ sơ.");
	if (!x->post)
		return record_page(x, rec, MHD_HTTP_OK, NULL);
	if (x->c->signer == NULL)
		return record_page(x, rec, MHD_HTTP_CONFLICT, "Máy chủ này "
		    "không có khóa ký (--key), nên không ghi được.");
	memset(&ch, 0, sizeof(ch));
	ch.decision = cs_arg(x, "decision");
	ch.decision_date = cs_arg(x, "decision_date");
	ch.reason = cs_arg(x, "reason");
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
	rc = records_change(x->c->st, x->c->signer, rec, &ch, &idx);
	snprintf(msg, sizeof(msg), "%s", store_errmsg(x->c->st));
	if (rc != STORE_OK)
		return record_page(x, rec, cs_store_status(rc), msg);
	log_msg(LOG_INFO, "staff %s recorded a %s of record %" PRIu64,
	    x->s.name, kind, rec);
	snprintf(to, sizeof(to), "/record?n=%" PRIu64 "&done=1", rec);
	return cs_redirect(x, to, NULL);
}

