/*
 * copyweb_html.c: the pages of copy requests on the public service (see
 * cw.h): the request form, the private status page with its share
 * codes, and the pages that say no; in Vietnamese and English.  What a
 * graduate sent is shown only on their own status page, the national ID
 * but its last three digits hidden.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "copyweb.h"
#include "cw.h"
#include "date.h"
#include "html.h"
#include "pubhtml.h"
#include "request.h"
#include "share.h"
#include "sv.h"

const char *const cw_msgs[2][M_COUNT] = {
	{
		"Yêu cầu cấp bản sao văn bằng từ sổ gốc",
		"Điền thông tin như trên văn bằng. Cán bộ Sở đối chiếu với sổ "
		"gốc và danh tính của bạn, rồi cấp bản sao có chữ ký số.",
		"Thông tin bạn gửi chỉ cán bộ Sở và người giữ đường dẫn riêng "
		"của yêu cầu được xem.",
		"Gửi yêu cầu", "English",
		"Vui lòng sửa các ô được đánh dấu bên dưới.",
		"Yêu cầu cấp bản sao số",
		"Đã nhận yêu cầu.",
		"Hãy lưu lại địa chỉ của trang này: đó là đường dẫn riêng để "
		"theo dõi yêu cầu và tải bản sao. Ai có đường dẫn này đều xem "
		"được yêu cầu.",
		"Số yêu cầu", "Tình trạng",
		"Đang chờ cán bộ kiểm tra", "Đã cấp bản sao",
		"Không cấp bản sao", "Lý do", "Thông tin đã gửi",
		"Số bản sao", "Tải bản sao (PDF có chữ ký số)",
		"Mã chia sẻ", "Mã", "Địa chỉ cho nhà tuyển dụng",
		"Hiệu lực đến", "Đã mở", "chưa lần nào", "Gia hạn",
		"Thu hồi mã này", "Tạo mã chia sẻ mới", "Tạo mã",
		"còn hiệu lực", "đã hết hạn", "đã thu hồi",
		"Không có yêu cầu nào ở địa chỉ này. Kiểm tra lại đường dẫn.",
		"Văn bằng được chia sẻ",
		"Không có mã chia sẻ này. Kiểm tra lại mã.",
		"Mã chia sẻ này đã hết hạn ngày",
		"Người tốt nghiệp đã thu hồi mã chia sẻ này ngày",
		"Trích lục từ sổ gốc, do người tốt nghiệp chia sẻ.",
		"Bản sao số",
		"Máy chủ này hiện không nhận yêu cầu. Vui lòng thử lại sau.",
		"Không thực hiện được:", "Ngày cấp",
		"Ngày cuối mới",
		"Tôi hiểu rằng mã đã thu hồi không dùng lại được",
		"Đã gia hạn mã chia sẻ.", "Đã thu hồi mã chia sẻ.",
		"Đã tạo mã chia sẻ mới.", "Các ô có dấu * là bắt buộc.",
		"Biểu mẫu này không đến từ trang của Sở nên bị từ chối.",
		"Biểu mẫu quá dài: tối đa 16 KiB.",
		"Mã in trên bản sao (mã QR)",
		"không hết hạn: ai cầm bản sao cũng kiểm tra được",
		"Quá nhiều yêu cầu",
		"Bạn đã gửi nhiều yêu cầu liền nhau. Vui lòng thử lại sau",
		"Hiện có quá nhiều yêu cầu đang chờ duyệt. Vui lòng thử lại "
		"sau vài ngày.",
		"Tải văn bằng số cho ví điện tử (SD-JWT VC)",
		"Mọi thông tin trên văn bằng nằm trong tệp, nhưng ví của bạn "
		"chỉ cho người kiểm tra xem những gì bạn chọn; dân tộc và nơi "
		"sinh đừng chia sẻ nếu không cần. Văn bằng bị thu hồi hay "
		"chỉnh sửa thì tệp này hết giá trị.",
		"Khóa công khai của ví (JWK), nếu ví yêu cầu",
	},
	{
		"Request a certified copy from the original register",
		"Fill in the details as on the diploma. The department's staff "
		"check them against the register and your identity, then issue "
		"a digitally signed copy.",
		"What you send is seen only by the department's staff and by "
		"whoever holds the request's private link.",
		"Send the request", "Tiếng Việt",
		"Please correct the fields marked below.",
		"Copy request no.",
		"Your request was received.",
		"Keep the address of this page: it is the private link to "
		"follow the request and download the copy. Anyone with the "
		"link can see the request.",
		"Request number", "State",
		"Waiting for the staff to check it", "Copy issued",
		"Refused", "Reason", "What you sent",
		"Copy number", "Download the copy (digitally signed PDF)",
		"Share codes", "Code", "Address for employers",
		"Valid until", "Opened", "not yet", "Extend",
		"Withdraw this code", "Make a new share code", "Make it",
		"valid", "expired", "withdrawn",
		"There is no request at this address. Check the link.",
		"A shared diploma",
		"There is no such share code. Check the code.",
		"This share code expired on",
		"The graduate withdrew this share code on",
		"An extract of the original register, shared by the graduate.",
		"Copy no.",
		"This server does not take requests just now. Please try "
		"again later.",
		"That could not be done:", "Issued on",
		"New last day",
		"I understand a withdrawn code cannot be used again",
		"The share code was extended.", "The share code was withdrawn.",
		"A new share code was made.", "Fields marked * are required.",
		"This form did not come from the department's pages, so it "
		"was refused.",
		"The form is too long: at most 16 KiB.",
		"Code printed on the copy (its QR code)",
		"never expires: whoever holds the copy can check it",
		"Too many requests",
		"You sent many requests in a row. Please try again in",
		"Too many requests are waiting for the staff just now. Please "
		"try again in a few days.",
		"Download the diploma for a digital wallet (SD-JWT VC)",
		"The file holds every field of the diploma, but your wallet "
		"shows a verifier only what you choose; do not share "
		"ethnicity or place of birth unless you must. It stops being "
		"valid if the diploma is revoked or corrected.",
		"Your wallet's public key (JWK), if it asks for one",
	},
};

/* The request form's fields: label, input attributes, hint, error. */
const struct cw_field cw_form[CRF_COUNT] = {
	{ { "Họ và tên", "Full name" },
	  "required maxlength=\"120\" autocomplete=\"name\"", { NULL, NULL },
	  { "Nhập họ và tên như trên văn bằng (tối đa 120 ký tự).",
	    "Enter the full name as on the diploma (at most 120 "
	    "characters)." } },
	{ { "Ngày sinh", "Date of birth" },
	  "required maxlength=\"20\" autocomplete=\"bday\"",
	  { "ngày/tháng/năm, ví dụ 12/5/1980",
	    "day/month/year, e.g. 12/5/1980" },
	  { "Nhập ngày sinh có thật: ngày/tháng/năm, ví dụ 12/5/1980.",
	    "Enter a real date of birth: day/month/year, e.g. "
	    "12/5/1980." } },
	{ { "Năm tốt nghiệp", "Graduation year" },
	  "required inputmode=\"numeric\" maxlength=\"4\"", { NULL, NULL },
	  { "Nhập năm tốt nghiệp, từ 1975 đến nay.",
	    "Enter the year of graduation, from 1975 to this year." } },
	{ { "Trường", "School" }, "maxlength=\"200\"", { NULL, NULL },
	  { "Tên trường tối đa 200 ký tự.", "At most 200 characters." } },
	{ { "Số hiệu văn bằng (nếu biết)", "Serial number (if known)" },
	  "maxlength=\"40\" autocomplete=\"off\"", { NULL, NULL },
	  { "Số hiệu này không khớp với họ tên, ngày sinh và năm tốt "
	    "nghiệp trong sổ gốc. Kiểm tra lại, hoặc để trống.",
	    "This serial number does not match the name, date of birth "
	    "and year in the register. Check it, or leave it empty." } },
	{ { "Số định danh cá nhân (CCCD)", "National ID number" },
	  "required inputmode=\"numeric\" maxlength=\"20\" "
	  "autocomplete=\"off\"",
	  { "để cán bộ đối chiếu danh tính", "for the staff to check your "
	    "identity" },
	  { "Số định danh gồm 12 chữ số (hoặc 9 chữ số trên CMND cũ).",
	    "12 digits (or 9 on an old identity card)." } },
	{ { "Số điện thoại hoặc email", "Telephone or e-mail" },
	  "required maxlength=\"120\"", { NULL, NULL },
	  { "Nhập số điện thoại hoặc địa chỉ email.",
	    "Enter a telephone number or an e-mail address." } },
	{ { "Mục đích sử dụng", "Purpose" }, "maxlength=\"300\"",
	  { NULL, NULL },
	  { "Tối đa 300 ký tự.", "At most 300 characters." } },
	{ { "Số bản sao", "Number of copies" },
	  "type=\"number\" min=\"1\" max=\"10\"", { NULL, NULL },
	  { "Từ 1 đến 10 bản.", "From 1 to 10." } },
	{ { "Mã chia sẻ có hiệu lực đến", "Share code valid until" },
	  "type=\"date\"",
	  { "mặc định 30 ngày; tối đa 366 ngày",
	    "30 days if left empty; at most 366 days" },
	  { "Chọn một ngày từ ngày mai đến tối đa 366 ngày tới.",
	    "Choose a day from tomorrow to 366 days on." } },
};

/* Seconds since the epoch as d/m/yyyy HH:MM in Viet Nam. */
void
cw_vn_time(int64_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	share_local(t, &tm);
	snprintf(buf, sz, "%d/%d/%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* The same as YYYY-MM-DD, for a date input. */
void
cw_vn_iso_date(int64_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	share_local(t, &tm);
	strftime(buf, sz, "%Y-%m-%d", &tm);
}

enum MHD_Result
cw_send_page(struct MHD_Connection *conn, unsigned int status, struct buf *h,
    const char *route, double t0)
{
	buf_str(h, "</main></body></html>\n");
	if (h->err) {
		free(h->p);
		return MHD_NO;
	}
	return sv_reply(conn, status, "text/html; charset=utf-8", h->p, route,
	    t0);
}

/* A page of one message, in a box of the class cls. */
enum MHD_Result
cw_message_page(struct MHD_Connection *conn, unsigned int status, int en,
    const char *title, const char *cls, const char *text, const char *more,
    const char *route, double t0)
{
	struct buf	 h = { 0 }, t = { 0 };

	html_esc(&t, title);
	pubhtml_open(&h, en ? "en" : "vi", t.err ? "" : t.p, NULL);
	free(t.p);
	buf_str(&h, "<h1>");
	html_esc(&h, title);
	buf_str(&h, "</h1><section class=\"result ");
	buf_str(&h, cls);
	buf_str(&h, "\" role=\"status\" id=\"result\"><p>");
	html_esc(&h, text);
	if (more != NULL) {
		buf_str(&h, " ");
		html_esc(&h, more);
	}
	buf_str(&h, "</p></section>");
	return cw_send_page(conn, status, &h, route, t0);
}

/* The request form, with what was typed and what is wrong with it. */
enum MHD_Result
cw_form_page(struct MHD_Connection *conn, unsigned int status, int en,
    const struct cw *cw, int bad, double t0)
{
	struct buf	 h = { 0 }, t = { 0 };
	const char	*const *m = cw_msgs[en];
	int		 f;

	if (bad >= 0) {
		html_esc(&t, m[M_FIX]);
		buf_str(&t, " — ");
	}
	html_esc(&t, m[M_TITLE]);
	pubhtml_open(&h, en ? "en" : "vi", t.err ? "" : t.p, en ?
	    "/copy?lang=vi" : "/copy?lang=en");
	free(t.p);
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_TITLE]);
	buf_str(&h, "</h1>");
	if (bad >= 0) {
		buf_str(&h, "<section class=\"result notfound\" "
		    "role=\"status\" id=\"result\"><p>");
		html_esc(&h, m[M_FIX]);
		buf_str(&h, "</p></section>");
	}
	buf_str(&h, "<p>");
	html_esc(&h, m[M_INTRO]);
	buf_str(&h, "</p><p class=\"hint\">");
	html_esc(&h, m[M_PRIVACY]);
	buf_str(&h, "</p>");
	pubhtml_form(&h, "post", "/copy", en);
	buf_str(&h, "<p class=\"hint\">");
	html_esc(&h, m[M_REQUIRED]);
	buf_str(&h, "</p>");
	for (f = 0; f < CRF_COUNT; f++)
		pubhtml_field(&h, copyreq_field_key(f), cw_form[f].label[en],
		    strncmp(cw_form[f].attrs, "required", 8) == 0,
		    cw_form[f].attrs, cw != NULL ? cw->v[f] : NULL, f == bad ?
		    cw_form[f].err[en] : NULL, cw_form[f].hint[en]);
	buf_str(&h, "<button type=\"submit\">");
	html_esc(&h, m[M_SUBMIT]);
	buf_str(&h, "</button></form>");
	return cw_send_page(conn, status, &h, "copy", t0);
}

const char *
cw_state_word(const char *const *m, const char *state)
{
	if (state != NULL && strcmp(state, "approved") == 0)
		return m[M_APPROVED];
	if (state != NULL && strcmp(state, "refused") == 0)
		return m[M_REFUSED];
	return m[M_PENDING];
}

/*
 * A form of the status page: action, the code it is about (NULL: a new
 * one), a date input labelled datelabel (NULL: none) holding date, a box
 * to tick first (sure, NULL: none), and the button.
 */
static void
code_form(struct buf *h, const char *link, int en, const char *action,
    const char *code, const char *datelabel, const char *date,
    const char *sure, const char *button)
{
	const char	*id = code != NULL ? code : "new";

	buf_str(h, "<form method=\"post\" action=\"/r/");
	html_esc(h, link);
	buf_fmt(h, "\" class=\"%s\"><input type=\"hidden\" name=\"lang\" "
	    "value=\"%s\"><input type=\"hidden\" name=\"action\" "
	    "value=\"%s\">", action, en ? "en" : "vi", action);
	if (code != NULL) {
		buf_str(h, "<input type=\"hidden\" name=\"code\" value=\"");
		html_esc(h, code);
		buf_str(h, "\">");
	}
	if (datelabel != NULL) {
		buf_fmt(h, "<label for=\"until-%s-", action);
		html_esc(h, id);
		buf_str(h, "\">");
		html_esc(h, datelabel);
		buf_fmt(h, "</label><input type=\"date\" id=\"until-%s-",
		    action);
		html_esc(h, id);
		buf_str(h, "\" name=\"until\" required value=\"");
		html_esc(h, date);
		buf_str(h, "\">");
	}
	if (sure != NULL) {
		buf_fmt(h, "<p><input type=\"checkbox\" name=\"sure\" "
		    "value=\"1\" required id=\"sure-%s-", action);
		html_esc(h, id);
		buf_fmt(h, "\"> <label class=\"inline\" for=\"sure-%s-",
		    action);
		html_esc(h, id);
		buf_str(h, "\">");
		html_esc(h, sure);
		buf_str(h, "</label></p>");
	}
	buf_str(h, "<button type=\"submit\">");
	html_esc(h, button);
	buf_str(h, "</button></form>");
}

/* The share codes of an approved request, each with its forms. */
static void
codes_section(struct buf *h, struct store *st, const char *public_url,
    const char *link, int en, json_t *codes, int64_t now)
{
	const char	*const *m = cw_msgs[en];
	const char	*code;
	json_t		*info, *o;
	size_t		 i, j;
	char		 disp[SHARE_DISPLAY_LEN + 1], when[32], iso[16];
	enum share_state s;

	buf_str(h, "<h2>");
	html_esc(h, m[M_CODES]);
	buf_str(h, "</h2>");
	json_array_foreach(codes, i, o) {
		code = json_string_value(o);
		if (code == NULL || share_get(st, code, &info) != STORE_OK)
			continue;
		s = share_state(info, now);
		share_display(code, disp);
		/* Each code a section named by it, so that its buttons are
		 * told apart by those who hear the page. */
		buf_str(h, "<section class=\"code\" aria-labelledby=\"code-");
		html_esc(h, code);
		buf_str(h, "\"><h3 id=\"code-");
		html_esc(h, code);
		buf_str(h, "\">");
		html_esc(h, m[M_CODE]);
		buf_str(h, " ");
		html_esc(h, disp);
		buf_str(h, "</h3><dl><dt>");
		html_esc(h, m[M_CODE_URL]);
		buf_str(h, "</dt><dd><a href=\"/c/");
		html_esc(h, code);
		buf_str(h, "\">");
		html_esc(h, public_url);
		buf_str(h, "/c/");
		html_esc(h, code);
		buf_str(h, "</a></dd>");
		cw_vn_time(json_integer_value(json_object_get(info, "expires")),
		    when, sizeof(when));
		pubhtml_row(h, m[M_UNTIL], when);
		pubhtml_row(h, m[M_STATE], m[s == SHARE_OPEN ? M_ST_OPEN :
		    s == SHARE_EXPIRED ? M_ST_EXPIRED : M_ST_WITHDRAWN]);
		buf_str(h, "<dt>");
		html_esc(h, m[M_OPENS]);
		buf_str(h, "</dt><dd>");
		if (json_integer_value(json_object_get(info, "opens")) == 0)
			html_esc(h, m[M_NEVER]);
		else {
			buf_fmt(h, "%" JSON_INTEGER_FORMAT "×<ul>",
			    json_integer_value(json_object_get(info,
			    "opens")));
			json_array_foreach(json_object_get(info, "opened"), j,
			    o) {
				cw_vn_time(json_integer_value(o), when,
				    sizeof(when));
				buf_str(h, "<li>");
				html_esc(h, when);
				buf_str(h, "</li>");
			}
			buf_str(h, "</ul>");
		}
		buf_str(h, "</dd></dl>");
		if (s != SHARE_WITHDRAWN) {
			cw_vn_iso_date(json_integer_value(json_object_get(info,
			    "expires")), iso, sizeof(iso));
			code_form(h, link, en, "extend", code, m[M_NEW_END],
			    iso, NULL, m[M_EXTEND]);
			code_form(h, link, en, "withdraw", code, NULL, NULL,
			    m[M_SURE], m[M_WITHDRAW]);
		}
		buf_str(h, "</section>");
		json_decref(info);
	}
	if (json_array_size(codes) < 10 * COPYREQ_CODES_MAX) {
		buf_str(h, "<h3>");
		html_esc(h, m[M_NEW_CODE]);
		buf_str(h, "</h3>");
		cw_vn_iso_date(now + COPYREQ_SHARE_DAYS * 86400, iso,
		    sizeof(iso));
		code_form(h, link, en, "new", NULL, m[M_UNTIL], iso, NULL,
		    m[M_CREATE]);
	}
}

/* Above a status page: why a form of it was refused (err), or what it
 * did (done, from the redirect after it). */
static void
status_notice(struct buf *h, const char *const *m, const char *err,
    const char *done)
{
	if (err != NULL) {
		buf_str(h, "<section class=\"result revoked\" role=\"alert\" "
		    "id=\"result\"><p>");
		html_esc(h, m[M_BAD_ACTION]);
		buf_str(h, " ");
		html_esc(h, err);
		buf_str(h, "</p></section>");
	} else if (done != NULL && (strcmp(done, "extend") == 0 ||
	    strcmp(done, "withdraw") == 0 || strcmp(done, "new") == 0)) {
		/* What the form just did, said where the focus lands. */
		buf_str(h, "<p class=\"done\" role=\"status\">");
		html_esc(h, m[done[0] == 'e' ? M_DONE_EXTEND : done[0] ==
		    'w' ? M_DONE_WITHDRAW : M_DONE_NEW]);
		buf_str(h, "</p>");
	}
}

/* What they sent, the national ID but its last three digits hidden: the
 * page may be seen over a shoulder. */
static void
asked_section(struct buf *h, int en, json_t *req)
{
	const char	*id;
	char		 masked[32], copies[8], dob[16], when[32];

	buf_str(h, "<h2>");
	html_esc(h, cw_msgs[en][M_ASKED]);
	buf_str(h, "</h2><dl>");
	pubhtml_row(h, cw_form[CRF_FULL_NAME].label[en], json_string_value(
	    json_object_get(req, "full_name")));
	pubhtml_row(h, cw_form[CRF_DATE_OF_BIRTH].label[en], norm_date_dmy(
	    json_string_value(json_object_get(req, "date_of_birth")), dob,
	    sizeof(dob)));
	pubhtml_row(h, cw_form[CRF_YEAR].label[en], json_string_value(
	    json_object_get(req, "year")));
	pubhtml_row(h, cw_form[CRF_SCHOOL].label[en], json_string_value(
	    json_object_get(req, "school")));
	pubhtml_row(h, en ? "Serial number" : "Số hiệu văn bằng",
	    json_string_value(json_object_get(req, "serial_no")));
	id = json_string_value(json_object_get(req, "national_id"));
	if (id != NULL && strlen(id) >= 3) {
		snprintf(masked, sizeof(masked), "•••••••%s",
		    id + strlen(id) - 3);
		pubhtml_row(h, cw_form[CRF_NATIONAL_ID].label[en], masked);
	}
	snprintf(copies, sizeof(copies), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(req, "copies")));
	pubhtml_row(h, cw_form[CRF_COPIES].label[en], copies);
	cw_vn_time(json_integer_value(json_object_get(req, "created")), when,
	    sizeof(when));
	pubhtml_row(h, en ? "Sent" : "Gửi lúc", when);
	buf_str(h, "</dl>");
}

/*
 * The form that downloads the diploma as an SD-JWT VC: a POST, since
 * each download is a new credential with its own status list index.
 */
static void
cred_form(struct buf *h, const char *const *m, const char *link)
{
	buf_str(h, "<form method=\"post\" action=\"/r/");
	html_esc(h, link);
	buf_str(h, "/credential\" class=\"credential\"><p class=\"hint\">");
	html_esc(h, m[M_CRED_HINT]);
	buf_str(h, "</p><label for=\"jwk\">");
	html_esc(h, m[M_CRED_JWK]);
	buf_str(h, "</label><textarea id=\"jwk\" name=\"jwk\" rows=\"3\" "
	    "maxlength=\"2048\"></textarea><button type=\"submit\">");
	html_esc(h, m[M_CRED]);
	buf_str(h, "</button></form>");
}

enum MHD_Result
cw_status_page(struct store *st, struct MHD_Connection *conn,
    const struct cw *cw, unsigned int status, int en, json_t *req,
    const char *err, double t0)
{
	struct buf	 h = { 0 }, t = { 0 }, o = { 0 };
	const char	*const *m = cw_msgs[en];
	const char	*state, *id, *link = cw->arg;
	char		 num[32], when[32];
	char		 disp[SHARE_DISPLAY_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);

	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(req, "id")));
	state = json_string_value(json_object_get(req, "state"));
	html_esc(&t, cw_state_word(m, state));
	buf_str(&t, " — ");
	html_esc(&t, m[M_STATUS_TITLE]);
	buf_str(&t, " ");
	html_esc(&t, num);
	buf_str(&o, "/r/");
	html_esc(&o, link);
	buf_str(&o, en ? "?lang=vi" : "?lang=en");
	pubhtml_open(&h, en ? "en" : "vi", t.err ? "" : t.p, o.err ? NULL :
	    o.p);
	free(t.p);
	free(o.p);
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_STATUS_TITLE]);
	buf_str(&h, " ");
	html_esc(&h, num);
	buf_str(&h, "</h1>");
	status_notice(&h, m, err, MHD_lookup_connection_value(conn,
	    MHD_GET_ARGUMENT_KIND, "done"));
	buf_str(&h, "<section class=\"result ");
	buf_str(&h, state != NULL && strcmp(state, "refused") == 0 ?
	    "revoked" : state != NULL && strcmp(state, "approved") == 0 ?
	    "valid" : "notfound");
	buf_str(&h, "\"");
	if (err == NULL)
		buf_str(&h, " role=\"status\" id=\"result\"");
	buf_str(&h, "><dl>");
	pubhtml_row(&h, m[M_NUMBER], num);
	pubhtml_row(&h, m[M_STATE], cw_state_word(m, state));
	if (state != NULL && strcmp(state, "refused") == 0)
		pubhtml_row(&h, m[M_REASON], json_string_value(
		    json_object_get(req, "reason")));
	if (state != NULL && strcmp(state, "approved") == 0) {
		pubhtml_row(&h, m[M_COPY_NO], json_string_value(
		    json_object_get(req, "copy_no")));
		cw_vn_time(json_integer_value(json_object_get(req, "decided")),
		    when, sizeof(when));
		pubhtml_row(&h, m[M_ISSUED_ON], when);
	}
	if ((id = json_string_value(json_object_get(req, "copy_code"))) !=
	    NULL) {
		share_display(id, disp);
		pubhtml_row(&h, m[M_COPY_CODE], disp);
	}
	buf_str(&h, "</dl>");
	if (state != NULL && strcmp(state, "approved") == 0) {
		buf_str(&h, "<p class=\"hint\">");
		html_esc(&h, m[M_COPY_CODE]);
		buf_str(&h, ": ");
		html_esc(&h, m[M_FOREVER]);
		buf_str(&h, ".</p><p><a href=\"/r/");
		html_esc(&h, link);
		buf_str(&h, "/copy.pdf\" download>");
		html_esc(&h, m[M_DOWNLOAD]);
		buf_str(&h, "</a></p>");
		if (cw->cred != NULL)
			cred_form(&h, m, link);
	}
	buf_str(&h, "</section>");
	if (state == NULL || strcmp(state, "pending") == 0) {
		buf_str(&h, "<p>");
		html_esc(&h, m[M_SENT]);
		buf_str(&h, " ");
		html_esc(&h, m[M_KEEP_LINK]);
		buf_str(&h, "</p>");
	}
	if (state != NULL && strcmp(state, "approved") == 0)
		codes_section(&h, st, cw->public_url, link, en,
		    json_object_get(req, "codes"), now);
	asked_section(&h, en, req);
	return cw_send_page(conn, status, &h, "copy", t0);
}

enum MHD_Result
copyweb_busy(struct MHD_Connection *conn, const char *url,
    const char *retry, const char *route, double t0)
{
	struct buf	 h = { 0 };
	const char	*const *m;
	int		 en = cw_is_en(conn, NULL);

	if (strncmp(url, "/api/", 5) == 0)
		return sv_reply_headers(conn, MHD_HTTP_TOO_MANY_REQUESTS,
		    "application/json", strdup("{\"error\":\"too many "
		    "requests; try again later\"}"), route, t0,
		    "Retry-After", retry);
	m = cw_msgs[en];
	pubhtml_open(&h, en ? "en" : "vi", m[M_BUSY], NULL);
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_BUSY]);
	buf_str(&h, "</h1><section class=\"result notfound\" "
	    "role=\"status\" id=\"result\"><p>");
	html_esc(&h, m[M_BUSY_MORE]);
	buf_str(&h, " ");
	html_esc(&h, retry);
	buf_str(&h, " s.</p></section></main></body></html>\n");
	if (h.err) {
		free(h.p);
		return MHD_NO;
	}
	return sv_reply_headers(conn, MHD_HTTP_TOO_MANY_REQUESTS,
	    "text/html; charset=utf-8", h.p, route, t0, "Retry-After",
	    retry);
}

/*
 * The page of share code code, open: its receipt (text, len bytes, freed
 * here) as an extract an employer reads, the copy the code came with and
 * how long the code lasts (info, the share's record: still the
 * caller's).
 */
enum MHD_Result
cw_share_page(struct MHD_Connection *conn, int en, const char *code,
    json_t *info, char *text, size_t len, double t0)
{
	const char	*const *m = cw_msgs[en];
	json_t		*r, *e;
	struct buf	 h = { 0 }, t = { 0 };
	char		 when[32], href[64];
	size_t		 i;

	r = json_loadb(text, len, 0, NULL);
	free(text);
	html_esc(&t, m[M_SHARE_TITLE]);
	snprintf(href, sizeof(href), "/c/%s?lang=%s", code, en ? "vi" : "en");
	pubhtml_open(&h, en ? "en" : "vi", t.err ? "" : t.p, href);
	free(t.p);
	buf_str(&h, "<h1>");
	html_esc(&h, m[M_SHARE_TITLE]);
	buf_str(&h, "</h1>");
	snprintf(href, sizeof(href), "/c/%s/receipt.json", code);
	if (r != NULL)
		pubhtml_result(&h, en ? "en" : "vi", r, href);
	buf_str(&h, "<dl>");
	/* The copy this code came with, as the log has it. */
	json_array_foreach(json_object_get(r, "history"), i, e)
		if (json_integer_value(json_object_get(e, "index")) ==
		    json_integer_value(json_object_get(info, "copy")))
			pubhtml_row(&h, m[M_ISSUED], json_string_value(
			    json_object_get(e, "copy_no")));
	if (json_integer_value(json_object_get(info, "expires")) ==
	    SHARE_FOREVER)
		pubhtml_row(&h, m[M_UNTIL], m[M_FOREVER]);
	else {
		cw_vn_time(json_integer_value(json_object_get(info, "expires")),
		    when, sizeof(when));
		pubhtml_row(&h, m[M_UNTIL], when);
	}
	buf_str(&h, "</dl><p class=\"hint\">");
	html_esc(&h, m[M_SHARE_NOTE]);
	buf_str(&h, "</p>");
	json_decref(r);
	return cw_send_page(conn, MHD_HTTP_OK, &h, "share", t0);
}
