/*
 * copyweb.c: copy requests and share codes on the public service (see
 * copyweb.h).
 *
 * What a graduate sends is theirs and goes back only to the holder of
 * the private link; what an employer sees through a share code is the
 * receipt the verify API gives, never ethnicity or place of birth.  A
 * link or code that is not one, malformed or guessed, gets the same
 * answer.  Nothing here logs a parameter.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "asklimit.h"
#include "client.h"
#include "copyweb.h"
#include "date.h"
#include "html.h"
#include "issue.h"
#include "page.h"
#include "receipt.h"
#include "records.h"
#include "request.h"
#include "share.h"
#include "sv.h"

#define VALUE_MAX	4096		/* bytes of one form value */

enum route {
	R_FORM = 0,	/* /copy */
	R_API,		/* /api/v1/copy-requests */
	R_API_STATUS,	/* /api/v1/copy-requests/LINK */
	R_STATUS,	/* /r/LINK */
	R_PDF,		/* /r/LINK/copy.pdf */
	R_SHARE,	/* /c/CODE */
	R_RECEIPT,	/* /c/CODE/receipt.json */
	R_NONE
};

/* Form values beyond the request's: what a status page's forms send. */
enum { X_ACTION = CRF_COUNT, X_CODE, X_UNTIL, X_LANG, X_SURE, X_COUNT };

struct cw {
	enum route	 route;
	const char	*public_url;	/* "" when not set */
	struct asklimit	*al;		/* what is asked, or NULL */
	const struct client_proxies *proxies; /* who asks it */
	char		 arg[128];	/* LINK or CODE */
	char		*body;
	size_t		 len;
	int		 toolarge;
	char		*v[X_COUNT];	/* a form's values */
};

enum msg {
	M_TITLE, M_INTRO, M_PRIVACY, M_SUBMIT, M_OTHER, M_FIX,
	M_STATUS_TITLE, M_SENT, M_KEEP_LINK, M_NUMBER, M_STATE,
	M_PENDING, M_APPROVED, M_REFUSED, M_REASON, M_ASKED, M_COPY_NO,
	M_DOWNLOAD, M_CODES, M_CODE, M_CODE_URL, M_UNTIL, M_OPENS,
	M_NEVER, M_EXTEND, M_WITHDRAW, M_NEW_CODE, M_CREATE, M_ST_OPEN,
	M_ST_EXPIRED, M_ST_WITHDRAWN, M_NO_REQUEST, M_SHARE_TITLE,
	M_NO_CODE, M_EXPIRED, M_WITHDRAWN, M_SHARE_NOTE, M_ISSUED,
	M_CANNOT, M_BAD_ACTION, M_ISSUED_ON, M_NEW_END, M_SURE,
	M_DONE_EXTEND, M_DONE_WITHDRAW, M_DONE_NEW, M_REQUIRED, M_FOREIGN,
	M_TOO_LARGE, M_COPY_CODE, M_FOREVER, M_BUSY, M_BUSY_MORE, M_FULL,
	M_COUNT
};

static const char *const msgs[2][M_COUNT] = {
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
	},
};

/* The request form's fields: label, input attributes, hint, error. */
static const struct {
	const char	*label[2];
	const char	*attrs;
	const char	*hint[2];
	const char	*err[2];
} form[CRF_COUNT] = {
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

static const char *const xkeys[X_COUNT - CRF_COUNT] = {
	"action", "code", "until", "lang", "sure"
};

static enum MHD_Result refuse(struct MHD_Connection *, enum route,
		    unsigned int, const char *, enum msg, double);

static enum route
route_of(const char *url, char *arg, size_t argsz)
{
	const char	*p, *slash;
	size_t		 n;

	arg[0] = '\0';
	if (strcmp(url, "/copy") == 0)
		return R_FORM;
	if (strcmp(url, "/api/v1/copy-requests") == 0)
		return R_API;
	if (strncmp(url, "/api/v1/copy-requests/", 22) == 0) {
		p = url + 22;
		if ((n = strlen(p)) == 0 || n >= argsz || strchr(p, '/'))
			return R_NONE;
		memcpy(arg, p, n + 1);
		return R_API_STATUS;
	}
	if (strncmp(url, "/r/", 3) == 0 || strncmp(url, "/c/", 3) == 0) {
		p = url + 3;
		slash = strchr(p, '/');
		n = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || n >= argsz)
			return R_NONE;
		memcpy(arg, p, n);
		arg[n] = '\0';
		if (url[1] == 'r')
			return slash == NULL ? R_STATUS :
			    strcmp(slash, "/copy.pdf") == 0 ? R_PDF : R_NONE;
		return slash == NULL ? R_SHARE :
		    strcmp(slash, "/receipt.json") == 0 ? R_RECEIPT : R_NONE;
	}
	return R_NONE;
}

int
copyweb_owns(const char *url)
{
	/* The prefixes are ours: what is under them and not a route is
	 * answered 404 by copyweb_handle(). */
	return strcmp(url, "/copy") == 0 ||
	    strncmp(url, "/api/v1/copy-requests", 21) == 0 ||
	    strncmp(url, "/r/", 3) == 0 || strncmp(url, "/c/", 3) == 0;
}

int
copyweb_asks(const char *url, const char *method)
{
	char	 arg[128];
	enum route r = route_of(url, arg, sizeof(arg));

	return strcmp(method, "POST") == 0 && (r == R_FORM || r == R_API);
}

static const char *
route_name(enum route r)
{
	return r == R_SHARE || r == R_RECEIPT ? "share" : "copy";
}

void
copyweb_done(void *p)
{
	struct cw	*cw = p;
	int		 i;

	if (cw == NULL)
		return;
	free(cw->body);
	for (i = 0; i < X_COUNT; i++)
		free(cw->v[i]);
	free(cw);
}

/* Seconds since the epoch as d/m/yyyy HH:MM in Viet Nam. */
static void
vn_time(int64_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	share_local(t, &tm);
	snprintf(buf, sz, "%d/%d/%d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* The same as YYYY-MM-DD, for a date input. */
static void
vn_iso_date(int64_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	share_local(t, &tm);
	strftime(buf, sz, "%Y-%m-%d", &tm);
}

static int
is_en(struct MHD_Connection *conn, const struct cw *cw)
{
	const char	*l;

	l = cw != NULL && cw->v[X_LANG] != NULL ? cw->v[X_LANG] :
	    MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
	return l != NULL && strcmp(l, "en") == 0;
}

static enum MHD_Result
send_page(struct MHD_Connection *conn, unsigned int status, struct html *h,
    const char *route, double t0)
{
	html_raw(h, "</main></body></html>\n");
	if (h->err) {
		free(h->p);
		return MHD_NO;
	}
	return sv_reply(conn, status, "text/html; charset=utf-8", h->p, route,
	    t0);
}

/* A page of one message, in a box of the class cls. */
static enum MHD_Result
message_page(struct MHD_Connection *conn, unsigned int status, int en,
    const char *title, const char *cls, const char *text, const char *more,
    const char *route, double t0)
{
	struct html	 h = { 0 }, t = { 0 };

	html_esc(&t, title);
	page_open(&h, en ? "en" : "vi", t.err ? "" : t.p, NULL);
	free(t.p);
	html_raw(&h, "<h1>");
	html_esc(&h, title);
	html_raw(&h, "</h1><section class=\"result ");
	html_raw(&h, cls);
	html_raw(&h, "\" role=\"status\" id=\"result\"><p>");
	html_esc(&h, text);
	if (more != NULL) {
		html_raw(&h, " ");
		html_esc(&h, more);
	}
	html_raw(&h, "</p></section>");
	return send_page(conn, status, &h, route, t0);
}

/* The request form, with what was typed and what is wrong with it. */
static enum MHD_Result
form_page(struct MHD_Connection *conn, unsigned int status, int en,
    const struct cw *cw, int bad, double t0)
{
	struct html	 h = { 0 }, t = { 0 };
	const char	*const *m = msgs[en];
	int		 f;

	if (bad >= 0) {
		html_esc(&t, m[M_FIX]);
		html_raw(&t, " — ");
	}
	html_esc(&t, m[M_TITLE]);
	page_open(&h, en ? "en" : "vi", t.err ? "" : t.p, en ?
	    "/copy?lang=vi" : "/copy?lang=en");
	free(t.p);
	html_raw(&h, "<h1>");
	html_esc(&h, m[M_TITLE]);
	html_raw(&h, "</h1>");
	if (bad >= 0) {
		html_raw(&h, "<section class=\"result notfound\" "
		    "role=\"status\" id=\"result\"><p>");
		html_esc(&h, m[M_FIX]);
		html_raw(&h, "</p></section>");
	}
	html_raw(&h, "<p>");
	html_esc(&h, m[M_INTRO]);
	html_raw(&h, "</p><p class=\"hint\">");
	html_esc(&h, m[M_PRIVACY]);
	html_raw(&h, "</p><form method=\"post\" action=\"/copy\">"
	    "<input type=\"hidden\" name=\"lang\" value=\"");
	html_raw(&h, en ? "en" : "vi");
	html_raw(&h, "\">");
	html_raw(&h, "<p class=\"hint\">");
	html_esc(&h, m[M_REQUIRED]);
	html_raw(&h, "</p>");
	for (f = 0; f < CRF_COUNT; f++)
		page_field(&h, copyreq_field_key(f), form[f].label[en],
		    strncmp(form[f].attrs, "required", 8) == 0, form[f].attrs,
		    cw != NULL ? cw->v[f] : NULL, f == bad ? form[f].err[en] :
		    NULL, form[f].hint[en]);
	html_raw(&h, "<button type=\"submit\">");
	html_esc(&h, m[M_SUBMIT]);
	html_raw(&h, "</button></form>");
	return send_page(conn, status, &h, "copy", t0);
}

static const char *
state_word(const char *const *m, const char *state)
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
code_form(struct html *h, const char *link, int en, const char *action,
    const char *code, const char *datelabel, const char *date,
    const char *sure, const char *button)
{
	const char	*id = code != NULL ? code : "new";

	html_raw(h, "<form method=\"post\" action=\"/r/");
	html_esc(h, link);
	html_fmt(h, "\" class=\"%s\"><input type=\"hidden\" name=\"lang\" "
	    "value=\"%s\"><input type=\"hidden\" name=\"action\" "
	    "value=\"%s\">", action, en ? "en" : "vi", action);
	if (code != NULL) {
		html_raw(h, "<input type=\"hidden\" name=\"code\" value=\"");
		html_esc(h, code);
		html_raw(h, "\">");
	}
	if (datelabel != NULL) {
		html_fmt(h, "<label for=\"until-%s-", action);
		html_esc(h, id);
		html_raw(h, "\">");
		html_esc(h, datelabel);
		html_fmt(h, "</label><input type=\"date\" id=\"until-%s-",
		    action);
		html_esc(h, id);
		html_raw(h, "\" name=\"until\" required value=\"");
		html_esc(h, date);
		html_raw(h, "\">");
	}
	if (sure != NULL) {
		html_fmt(h, "<p><input type=\"checkbox\" name=\"sure\" "
		    "value=\"1\" required id=\"sure-%s-", action);
		html_esc(h, id);
		html_fmt(h, "\"> <label class=\"inline\" for=\"sure-%s-",
		    action);
		html_esc(h, id);
		html_raw(h, "\">");
		html_esc(h, sure);
		html_raw(h, "</label></p>");
	}
	html_raw(h, "<button type=\"submit\">");
	html_esc(h, button);
	html_raw(h, "</button></form>");
}

/* The share codes of an approved request, each with its forms. */
static void
codes_section(struct html *h, struct store *st, const char *public_url,
    const char *link, int en, json_t *codes, int64_t now)
{
	const char	*const *m = msgs[en];
	const char	*code;
	json_t		*info, *o;
	size_t		 i, j;
	char		 disp[SHARE_DISPLAY_LEN + 1], when[32], iso[16];
	enum share_state s;

	html_raw(h, "<h2>");
	html_esc(h, m[M_CODES]);
	html_raw(h, "</h2>");
	json_array_foreach(codes, i, o) {
		code = json_string_value(o);
		if (code == NULL || share_get(st, code, &info) != STORE_OK)
			continue;
		s = share_state(info, now);
		share_display(code, disp);
		/* Each code a section named by it, so that its buttons are
		 * told apart by those who hear the page. */
		html_raw(h, "<section class=\"code\" aria-labelledby=\"code-");
		html_esc(h, code);
		html_raw(h, "\"><h3 id=\"code-");
		html_esc(h, code);
		html_raw(h, "\">");
		html_esc(h, m[M_CODE]);
		html_raw(h, " ");
		html_esc(h, disp);
		html_raw(h, "</h3><dl><dt>");
		html_esc(h, m[M_CODE_URL]);
		html_raw(h, "</dt><dd><a href=\"/c/");
		html_esc(h, code);
		html_raw(h, "\">");
		html_esc(h, public_url);
		html_raw(h, "/c/");
		html_esc(h, code);
		html_raw(h, "</a></dd>");
		vn_time(json_integer_value(json_object_get(info, "expires")),
		    when, sizeof(when));
		page_row(h, m[M_UNTIL], when);
		page_row(h, m[M_STATE], m[s == SHARE_OPEN ? M_ST_OPEN :
		    s == SHARE_EXPIRED ? M_ST_EXPIRED : M_ST_WITHDRAWN]);
		html_raw(h, "<dt>");
		html_esc(h, m[M_OPENS]);
		html_raw(h, "</dt><dd>");
		if (json_integer_value(json_object_get(info, "opens")) == 0)
			html_esc(h, m[M_NEVER]);
		else {
			html_fmt(h, "%" JSON_INTEGER_FORMAT "×<ul>",
			    json_integer_value(json_object_get(info,
			    "opens")));
			json_array_foreach(json_object_get(info, "opened"), j,
			    o) {
				vn_time(json_integer_value(o), when,
				    sizeof(when));
				html_raw(h, "<li>");
				html_esc(h, when);
				html_raw(h, "</li>");
			}
			html_raw(h, "</ul>");
		}
		html_raw(h, "</dd></dl>");
		if (s != SHARE_WITHDRAWN) {
			vn_iso_date(json_integer_value(json_object_get(info,
			    "expires")), iso, sizeof(iso));
			code_form(h, link, en, "extend", code, m[M_NEW_END],
			    iso, NULL, m[M_EXTEND]);
			code_form(h, link, en, "withdraw", code, NULL, NULL,
			    m[M_SURE], m[M_WITHDRAW]);
		}
		html_raw(h, "</section>");
		json_decref(info);
	}
	if (json_array_size(codes) < 10 * COPYREQ_CODES_MAX) {
		html_raw(h, "<h3>");
		html_esc(h, m[M_NEW_CODE]);
		html_raw(h, "</h3>");
		vn_iso_date(now + COPYREQ_SHARE_DAYS * 86400, iso, sizeof(iso));
		code_form(h, link, en, "new", NULL, m[M_UNTIL], iso, NULL,
		    m[M_CREATE]);
	}
}

/* The private status page of a request; err: what a form could not do. */
static enum MHD_Result
status_page(struct store *st, struct MHD_Connection *conn,
    const struct cw *cw, unsigned int status, int en, json_t *req,
    const char *err, double t0)
{
	struct html	 h = { 0 }, t = { 0 }, o = { 0 };
	const char	*const *m = msgs[en];
	const char	*state, *id, *done, *link = cw->arg;
	char		 num[32], when[32], masked[32], copies[8], dob[16];
	char		 disp[SHARE_DISPLAY_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);

	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(req, "id")));
	state = json_string_value(json_object_get(req, "state"));
	html_esc(&t, state_word(m, state));
	html_raw(&t, " — ");
	html_esc(&t, m[M_STATUS_TITLE]);
	html_raw(&t, " ");
	html_esc(&t, num);
	html_raw(&o, "/r/");
	html_esc(&o, link);
	html_raw(&o, en ? "?lang=vi" : "?lang=en");
	page_open(&h, en ? "en" : "vi", t.err ? "" : t.p, o.err ? NULL : o.p);
	free(t.p);
	free(o.p);
	html_raw(&h, "<h1>");
	html_esc(&h, m[M_STATUS_TITLE]);
	html_raw(&h, " ");
	html_esc(&h, num);
	html_raw(&h, "</h1>");
	done = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "done");
	if (err != NULL) {
		html_raw(&h, "<section class=\"result revoked\" role=\"alert\" "
		    "id=\"result\"><p>");
		html_esc(&h, m[M_BAD_ACTION]);
		html_raw(&h, " ");
		html_esc(&h, err);
		html_raw(&h, "</p></section>");
	} else if (done != NULL && (strcmp(done, "extend") == 0 ||
	    strcmp(done, "withdraw") == 0 || strcmp(done, "new") == 0)) {
		/* What the form just did, said where the focus lands. */
		html_raw(&h, "<p class=\"done\" role=\"status\">");
		html_esc(&h, m[done[0] == 'e' ? M_DONE_EXTEND : done[0] ==
		    'w' ? M_DONE_WITHDRAW : M_DONE_NEW]);
		html_raw(&h, "</p>");
	}
	html_raw(&h, "<section class=\"result ");
	html_raw(&h, state != NULL && strcmp(state, "refused") == 0 ?
	    "revoked" : state != NULL && strcmp(state, "approved") == 0 ?
	    "valid" : "notfound");
	html_raw(&h, "\"");
	if (err == NULL)
		html_raw(&h, " role=\"status\" id=\"result\"");
	html_raw(&h, "><dl>");
	page_row(&h, m[M_NUMBER], num);
	page_row(&h, m[M_STATE], state_word(m, state));
	if (state != NULL && strcmp(state, "refused") == 0)
		page_row(&h, m[M_REASON], json_string_value(json_object_get(req,
		    "reason")));
	if (state != NULL && strcmp(state, "approved") == 0) {
		page_row(&h, m[M_COPY_NO], json_string_value(
		    json_object_get(req, "copy_no")));
		vn_time(json_integer_value(json_object_get(req, "decided")),
		    when, sizeof(when));
		page_row(&h, m[M_ISSUED_ON], when);
	}
	if ((id = json_string_value(json_object_get(req, "copy_code"))) !=
	    NULL) {
		share_display(id, disp);
		page_row(&h, m[M_COPY_CODE], disp);
	}
	html_raw(&h, "</dl>");
	if (state != NULL && strcmp(state, "approved") == 0) {
		html_raw(&h, "<p class=\"hint\">");
		html_esc(&h, m[M_COPY_CODE]);
		html_raw(&h, ": ");
		html_esc(&h, m[M_FOREVER]);
		html_raw(&h, ".</p><p><a href=\"/r/");
		html_esc(&h, link);
		html_raw(&h, "/copy.pdf\" download>");
		html_esc(&h, m[M_DOWNLOAD]);
		html_raw(&h, "</a></p>");
	}
	html_raw(&h, "</section>");
	if (state == NULL || strcmp(state, "pending") == 0) {
		html_raw(&h, "<p>");
		html_esc(&h, m[M_SENT]);
		html_raw(&h, " ");
		html_esc(&h, m[M_KEEP_LINK]);
		html_raw(&h, "</p>");
	}
	if (state != NULL && strcmp(state, "approved") == 0)
		codes_section(&h, st, cw->public_url, link, en,
		    json_object_get(req, "codes"), now);
	/* What they sent, the national ID but its last three digits
	 * hidden: the page may be seen over a shoulder. */
	html_raw(&h, "<h2>");
	html_esc(&h, m[M_ASKED]);
	html_raw(&h, "</h2><dl>");
	page_row(&h, form[CRF_FULL_NAME].label[en], json_string_value(
	    json_object_get(req, "full_name")));
	page_row(&h, form[CRF_DATE_OF_BIRTH].label[en], norm_date_dmy(
	    json_string_value(json_object_get(req, "date_of_birth")), dob,
	    sizeof(dob)));
	page_row(&h, form[CRF_YEAR].label[en], json_string_value(
	    json_object_get(req, "year")));
	page_row(&h, form[CRF_SCHOOL].label[en], json_string_value(
	    json_object_get(req, "school")));
	page_row(&h, en ? "Serial number" : "Số hiệu văn bằng",
	    json_string_value(json_object_get(req, "serial_no")));
	id = json_string_value(json_object_get(req, "national_id"));
	if (id != NULL && strlen(id) >= 3) {
		snprintf(masked, sizeof(masked), "•••••••%s",
		    id + strlen(id) - 3);
		page_row(&h, form[CRF_NATIONAL_ID].label[en], masked);
	}
	snprintf(copies, sizeof(copies), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(json_object_get(req, "copies")));
	page_row(&h, form[CRF_COPIES].label[en], copies);
	vn_time(json_integer_value(json_object_get(req, "created")), when,
	    sizeof(when));
	page_row(&h, en ? "Sent" : "Gửi lúc", when);
	html_raw(&h, "</dl>");
	return send_page(conn, status, &h, "copy", t0);
}

/* The request's state for the API: no personal data in it. */
static json_t *
status_json(struct store *st, const char *link, json_t *req)
{
	json_t		*o, *codes, *c, *info, *e, *opened;
	const char	*code, *state;
	size_t		 i, j;
	char		 ts[32], url[256], disp[SHARE_DISPLAY_LEN + 1];
	int64_t		 now = (int64_t)time(NULL);

	state = json_string_value(json_object_get(req, "state"));
	o = json_pack("{s:I, s:s}", "request", json_integer_value(
	    json_object_get(req, "id")), "state", state != NULL ? state :
	    "pending");
	if (o == NULL)
		return NULL;
	records_iso_time(json_integer_value(json_object_get(req, "created")),
	    ts, sizeof(ts));
	json_object_set_new(o, "created", json_string(ts));
	if (json_object_get(req, "decided") != NULL) {
		records_iso_time(json_integer_value(json_object_get(req,
		    "decided")), ts, sizeof(ts));
		json_object_set_new(o, "decided", json_string(ts));
	}
	if (json_object_get(req, "reason") != NULL)
		json_object_set(o, "reason", json_object_get(req, "reason"));
	if (state == NULL || strcmp(state, "approved") != 0)
		return o;
	json_object_set(o, "copy_no", json_object_get(req, "copy_no"));
	snprintf(url, sizeof(url), "/r/%s/copy.pdf", link);
	json_object_set_new(o, "copy_url", json_string(url));
	code = json_string_value(json_object_get(req, "copy_code"));
	if (code != NULL) {
		share_display(code, disp);
		snprintf(url, sizeof(url), "/c/%s", code);
		json_object_set_new(o, "copy_code", json_pack("{s:s, s:s}",
		    "code", disp, "url", url));
	}
	codes = json_array();
	json_object_set_new(o, "codes", codes);
	json_array_foreach(json_object_get(req, "codes"), i, c) {
		code = json_string_value(c);
		if (code == NULL || share_get(st, code, &info) != STORE_OK)
			continue;
		share_display(code, disp);
		snprintf(url, sizeof(url), "/c/%s", code);
		records_iso_time(json_integer_value(json_object_get(info,
		    "expires")), ts, sizeof(ts));
		e = json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", disp, "url",
		    url, "expires", ts, "state", share_state(info, now) ==
		    SHARE_OPEN ? "open" : share_state(info, now) ==
		    SHARE_EXPIRED ? "expired" : "withdrawn", "opens",
		    json_integer_value(json_object_get(info, "opens")));
		opened = json_array();
		json_array_foreach(json_object_get(info, "opened"), j, c) {
			records_iso_time(json_integer_value(c), ts, sizeof(ts));
			json_array_append_new(opened, json_string(ts));
		}
		json_object_set_new(e, "opened", opened);
		json_array_append_new(codes, e);
		json_decref(info);
	}
	return o;
}

/* What the post processor hands over, kept in cw->v. */
static enum MHD_Result
form_value(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *type, const char *enc,
    const char *data, uint64_t off, size_t size)
{
	struct cw	*cw = cls;
	char		*p;
	size_t		 have;
	int		 i;

	(void)kind;
	(void)filename;
	(void)type;
	(void)enc;
	for (i = 0; i < X_COUNT; i++)
		if (strcmp(key, i < CRF_COUNT ? copyreq_field_key(i) :
		    xkeys[i - CRF_COUNT]) == 0)
			break;
	if (i == X_COUNT)
		return MHD_YES;		/* not ours: left alone */
	have = cw->v[i] != NULL && off > 0 ? strlen(cw->v[i]) : 0;
	if (have + size > VALUE_MAX) {
		cw->toolarge = 1;
		return MHD_YES;
	}
	p = realloc(have > 0 ? cw->v[i] : NULL, have + size + 1);
	if (p == NULL)
		return MHD_NO;
	if (have == 0 && cw->v[i] != NULL)
		free(cw->v[i]);		/* the same key again: the last */
	memcpy(p + have, data, size);
	p[have + size] = '\0';
	/* A NUL inside would cut the value short unseen: make it a control
	 * character, which the checks refuse by name. */
	while (strlen(p) < have + size)
		p[strlen(p)] = '\x01';
	cw->v[i] = p;
	return MHD_YES;
}

static int
parse_form(struct MHD_Connection *conn, struct cw *cw)
{
	struct MHD_PostProcessor	*pp;
	int				 ok;

	pp = MHD_create_post_processor(conn, 1024, form_value, cw);
	if (pp == NULL)
		return -1;
	ok = MHD_post_process(pp, cw->body != NULL ? cw->body : "",
	    cw->len) == MHD_YES;
	MHD_destroy_post_processor(pp);
	return ok ? 0 : -1;
}

/* A JSON request into cw->v; NULL, or what is wrong. */
static const char *
parse_json(struct cw *cw, char *why, size_t whysz)
{
	json_error_t	 jerr;
	json_t		*o, *x;
	const char	*k;
	int		 i;

	o = json_loadb(cw->body != NULL ? cw->body : "", cw->len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL) {
		snprintf(why, whysz, "the body is not JSON: %s", jerr.text);
		return why;
	}
	if (!json_is_object(o)) {
		json_decref(o);
		return "the body must be a JSON object";
	}
	json_object_foreach(o, k, x) {
		for (i = 0; i < CRF_COUNT; i++)
			if (strcmp(k, copyreq_field_key(i)) == 0)
				break;
		if (i == CRF_COUNT) {
			snprintf(why, whysz, "unknown member \"%.64s\"", k);
			json_decref(o);
			return why;
		}
		if (json_is_integer(x) && (i == CRF_YEAR || i == CRF_COPIES)) {
			char	 n[32];

			snprintf(n, sizeof(n), "%" JSON_INTEGER_FORMAT,
			    json_integer_value(x));
			cw->v[i] = strdup(n);
		} else if (json_is_string(x))
			cw->v[i] = strndup(json_string_value(x),
			    json_string_length(x));
		else {
			snprintf(why, whysz, "%s must be a string", k);
			json_decref(o);
			return why;
		}
		/* A string with a NUL in it is refused by name later. */
		if (cw->v[i] != NULL && json_is_string(x) &&
		    strlen(cw->v[i]) != json_string_length(x))
			cw->v[i][0] = '\x01';
	}
	json_decref(o);
	return NULL;
}

/* A token of what the form cw asks, for its client (asklimit_take()). */
static unsigned int
ask(struct MHD_Connection *conn, const struct cw *cw, double t0)
{
	struct client_key	 k;

	/* No peer address: k is empty, every such client's network. */
	(void)client_key_of(cw->proxies, conn, &k);
	return asklimit_take(cw->al, &k, cw->v[CRF_SERIAL_NO],
	    cw->v[CRF_FULL_NAME], cw->v[CRF_DATE_OF_BIRTH], t0 / 1e3);
}

/* POST /copy and POST /api/v1/copy-requests. */
static enum MHD_Result
submit(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    double t0)
{
	enum copyreq_field	 bad;
	uint64_t		 id;
	char			 link[COPYREQ_LINK_MAX], why[200], loc[128];
	char			 retry[16];
	const char		*err;
	unsigned int		 wait;
	int			 rc, en, api = cw->route == R_API;

	if (api && (err = parse_json(cw, why, sizeof(why))) != NULL)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, err, "copy",
		    t0);
	if (!api && parse_form(conn, cw) != 0)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "the form "
		    "cannot be read", "copy", t0);
	if (cw->toolarge)
		return refuse(conn, cw->route, MHD_HTTP_CONTENT_TOO_LARGE, "a "
		    "value is too long", M_TOO_LARGE, t0);
	en = is_en(conn, cw);
	/* A serial number given is looked up with the name and date of
	 * birth: a question like the verify API's, limited as it is, once
	 * the form is good (a form refused for a typo asks nothing). */
	if (cw->v[CRF_SERIAL_NO] != NULL && cw->v[CRF_SERIAL_NO][0] != '\0' &&
	    copyreq_check(st, (const char *const *)cw->v, (int64_t)time(NULL),
	    &bad) == STORE_OK && (wait = ask(conn, cw, t0)) > 0) {
		snprintf(retry, sizeof(retry), "%u", wait);
		return copyweb_busy(conn, api ? "/api/" : "/copy", retry,
		    "copy", t0);
	}
	rc = copyreq_submit(st, (const char *const *)cw->v, (int64_t)time(NULL),
	    &id, link, &bad);
	if (rc == STORE_OK && api) {
		snprintf(loc, sizeof(loc), "/r/%s", link);
		snprintf(why, sizeof(why), "/api/v1/copy-requests/%s", link);
		return sv_reply_json(conn, MHD_HTTP_CREATED, json_pack(
		    "{s:I, s:s, s:s, s:s}", "request", (json_int_t)id,
		    "state", "pending", "status_url", loc, "status_api", why),
		    "copy", t0);
	}
	if (rc == STORE_OK) {
		snprintf(loc, sizeof(loc), "/r/%s%s", link, en ? "?lang=en" :
		    "");
		return sv_reply_headers(conn, MHD_HTTP_SEE_OTHER,
		    "text/plain; charset=utf-8", strdup(loc), "copy", t0,
		    "Location", loc);
	}
	if (rc == STORE_EINPUT || rc == STORE_ENOTFOUND) {
		if (!api)
			return form_page(conn, rc == STORE_EINPUT ?
			    MHD_HTTP_BAD_REQUEST :
			    MHD_HTTP_UNPROCESSABLE_CONTENT, en, cw, (int)bad,
			    t0);
		return sv_reply_json(conn, rc == STORE_EINPUT ?
		    MHD_HTTP_BAD_REQUEST : MHD_HTTP_UNPROCESSABLE_CONTENT,
		    json_pack("{s:s, s:s}", "error", store_errmsg(st),
		    "field", copyreq_field_key(bad)), "copy", t0);
	}
	if (rc == STORE_EFULL)
		return refuse(conn, cw->route, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "too many requests wait for the staff; try again in a few "
		    "days", M_FULL, t0);
	if (api)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "requests cannot be taken just now", "copy", t0);
	return message_page(conn, MHD_HTTP_SERVICE_UNAVAILABLE, en,
	    msgs[en][M_TITLE], "notfound", msgs[en][M_CANNOT], NULL, "copy",
	    t0);
}

/* POST /r/LINK: extend, withdraw or add a share code. */
static enum MHD_Result
act(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    json_t *req, uint64_t id, double t0)
{
	const char	*a, *err = NULL;
	char		 code[SHARE_CODE_LEN + 1], loc[160];
	int64_t		 now = (int64_t)time(NULL), end = 0;
	json_t		*codes, *again;
	size_t		 i;
	int		 en, rc, mine = 0;

	if (parse_form(conn, cw) != 0 || cw->toolarge)
		return sv_reply_error(conn, MHD_HTTP_BAD_REQUEST, "the form "
		    "cannot be read", "copy", t0);
	en = is_en(conn, cw);
	a = cw->v[X_ACTION] != NULL ? cw->v[X_ACTION] : "";
	if (strcmp(a, "new") != 0 && strcmp(a, "extend") != 0 &&
	    strcmp(a, "withdraw") != 0)
		err = en ? "there is no such action" : "không có thao tác này";
	else if (strcmp(a, "withdraw") != 0 && share_end_of_day(
	    cw->v[X_UNTIL], now, &end) != 0)
		err = form[CRF_SHARE_UNTIL].err[en];
	else if (strcmp(a, "withdraw") == 0 && cw->v[X_SURE] == NULL)
		err = msgs[en][M_SURE];
	else if (strcmp(a, "new") != 0) {
		/* Only a code of this request. */
		codes = json_object_get(req, "codes");
		if (share_canon(cw->v[X_CODE], code) == 0)
			json_array_foreach(codes, i, again)
				if (json_string_value(again) != NULL &&
				    strcmp(json_string_value(again), code) == 0)
					mine = 1;
		if (!mine)
			err = msgs[en][M_NO_CODE];
	}
	if (err == NULL) {
		rc = strcmp(a, "new") == 0 ? copyreq_add_code(st, id, end,
		    code) : share_update(st, code, id, end,
		    strcmp(a, "withdraw") == 0, now);
		if (rc == STORE_ECONFLICT || rc == STORE_EINPUT)
			err = store_errmsg(st);
		else if (rc != STORE_OK)
			err = msgs[en][M_CANNOT];
	}
	if (err == NULL) {
		snprintf(loc, sizeof(loc), "/r/%s?done=%s%s", cw->arg, a,
		    en ? "&lang=en" : "");
		return sv_reply_headers(conn, MHD_HTTP_SEE_OTHER,
		    "text/plain; charset=utf-8", strdup(loc), "copy", t0,
		    "Location", loc);
	}
	return status_page(st, conn, cw, MHD_HTTP_BAD_REQUEST, en, req, err,
	    t0);
}

/* GET and POST of /r/LINK, /r/LINK/copy.pdf, /api/v1/copy-requests/LINK */
static enum MHD_Result
by_link(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    double t0)
{
	json_t		*req;
	uint64_t	 id;
	uint8_t		*pdf;
	size_t		 len;
	const char	*state, *no;
	char		 disp[160];
	int		 en = is_en(conn, NULL), rc;
	enum MHD_Result	 ret;

	rc = copyreq_by_link(st, cw->arg, &req, &id);
	if (rc != STORE_OK && rc != STORE_ENOTFOUND)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "copy", t0);
	if (rc == STORE_ENOTFOUND && cw->route == R_STATUS)
		return message_page(conn, MHD_HTTP_NOT_FOUND, en,
		    msgs[en][M_STATUS_TITLE], "notfound",
		    msgs[en][M_NO_REQUEST], NULL, "copy", t0);
	if (rc == STORE_ENOTFOUND)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such "
		    "request", "copy", t0);
	if (cw->route == R_API_STATUS)
		ret = sv_reply_json(conn, MHD_HTTP_OK, status_json(st, cw->arg,
		    req), "copy", t0);
	else if (cw->route == R_STATUS && cw->body != NULL)
		ret = act(st, conn, cw, req, id, t0);
	else if (cw->route == R_STATUS)
		ret = status_page(st, conn, cw, MHD_HTTP_OK, en, req, NULL,
		    t0);
	else {
		state = json_string_value(json_object_get(req, "state"));
		if (state == NULL || strcmp(state, "approved") != 0 ||
		    copy_fetch(st, (uint64_t)json_integer_value(
		    json_object_get(req, "copy")), &pdf, &len) != STORE_OK)
			ret = sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no "
			    "copy was issued for this request", "copy", t0);
		else {
			no = json_string_value(json_object_get(req,
			    "copy_no"));
			snprintf(disp, sizeof(disp), "attachment; filename=\""
			    "ban-sao-%s.pdf\"", no != NULL ? no : "");
			for (char *p = disp + 30; *p != '\0'; p++)
				if (*p == '/')
					*p = '-';
			ret = sv_reply_bytes(conn, MHD_HTTP_OK,
			    "application/pdf", pdf, len, "copy", t0,
			    "Content-Disposition", disp);
		}
	}
	json_decref(req);
	return ret;
}

/* GET /c/CODE and /c/CODE/receipt.json. */
static enum MHD_Result
share(struct store *st, struct MHD_Connection *conn, struct cw *cw,
    const char *method, double t0)
{
	const char	*const *m;
	json_t		*info = NULL, *r = NULL, *e;
	char		 code[SHARE_CODE_LEN + 1], when[32], href[64];
	char		*text = NULL;
	struct html	 h = { 0 }, t = { 0 };
	int64_t		 now = (int64_t)time(NULL);
	enum share_state s;
	size_t		 len, i;
	int		 en = is_en(conn, NULL), rc;
	int		 json = cw->route == R_RECEIPT;

	m = msgs[en];
	rc = share_canon(cw->arg, code) != 0 ? STORE_ENOTFOUND :
	    json || strcmp(method, "GET") != 0 ? share_get(st, code, &info) :
	    share_open(st, code, now, &info);
	if (rc == STORE_ENOTFOUND)
		return json ? sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no "
		    "such share code", "share", t0) : message_page(conn,
		    MHD_HTTP_NOT_FOUND, en, m[M_SHARE_TITLE], "notfound",
		    m[M_NO_CODE], NULL, "share", t0);
	if (rc != STORE_OK)
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "share", t0);
	s = share_state(info, now);
	if (s != SHARE_OPEN) {
		vn_time(json_integer_value(json_object_get(info, s ==
		    SHARE_EXPIRED ? "expires" : "withdrawn")), when,
		    sizeof(when));
		json_decref(info);
		if (json)
			return sv_reply_error(conn, MHD_HTTP_GONE, s ==
			    SHARE_EXPIRED ? "the share code has expired" :
			    "the share code was withdrawn", "share", t0);
		return message_page(conn, MHD_HTTP_GONE, en, m[M_SHARE_TITLE],
		    "revoked", m[s == SHARE_EXPIRED ? M_EXPIRED :
		    M_WITHDRAWN], when, "share", t0);
	}
	rc = receipt_of_record(st, (uint64_t)json_integer_value(
	    json_object_get(info, "record")), &text, &len);
	if (rc != RECEIPT_OK) {
		json_decref(info);
		return sv_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "the registry cannot be read just now", "share", t0);
	}
	if (json) {
		json_decref(info);
		return sv_reply(conn, MHD_HTTP_OK, "application/json", text,
		    "share", t0);
	}
	r = json_loadb(text, len, 0, NULL);
	free(text);
	html_esc(&t, m[M_SHARE_TITLE]);
	snprintf(href, sizeof(href), "/c/%s?lang=%s", code, en ? "vi" : "en");
	page_open(&h, en ? "en" : "vi", t.err ? "" : t.p, href);
	free(t.p);
	html_raw(&h, "<h1>");
	html_esc(&h, m[M_SHARE_TITLE]);
	html_raw(&h, "</h1>");
	snprintf(href, sizeof(href), "/c/%s/receipt.json", code);
	if (r != NULL)
		page_result(&h, en ? "en" : "vi", r, href);
	html_raw(&h, "<dl>");
	/* The copy this code came with, as the log has it. */
	json_array_foreach(json_object_get(r, "history"), i, e)
		if (json_integer_value(json_object_get(e, "index")) ==
		    json_integer_value(json_object_get(info, "copy")))
			page_row(&h, m[M_ISSUED], json_string_value(
			    json_object_get(e, "copy_no")));
	if (json_integer_value(json_object_get(info, "expires")) ==
	    SHARE_FOREVER)
		page_row(&h, m[M_UNTIL], m[M_FOREVER]);
	else {
		vn_time(json_integer_value(json_object_get(info, "expires")),
		    when, sizeof(when));
		page_row(&h, m[M_UNTIL], when);
	}
	html_raw(&h, "</dl><p class=\"hint\">");
	html_esc(&h, m[M_SHARE_NOTE]);
	html_raw(&h, "</p>");
	json_decref(r);
	json_decref(info);
	return send_page(conn, MHD_HTTP_OK, &h, "share", t0);
}

/*
 * Whether a POST came from a page of ours, or from no page at all (a
 * program).  Browsers say where a request comes from in Sec-Fetch-Site;
 * older ones only in Origin, which our pages' Referrer-Policy makes
 * "null" for a form of ours as for a sandboxed page of anyone's: so
 * "null" is refused, and such a browser must be a recent one.
 */
static int
same_origin(struct MHD_Connection *conn)
{
	const char	*site, *origin, *host, *p;

	site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "Sec-Fetch-Site");
	if (site != NULL)
		return strcmp(site, "same-origin") == 0 ||
		    strcmp(site, "none") == 0;
	origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
	if (origin == NULL)
		return 1;
	host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	p = strstr(origin, "://");
	return host != NULL && p != NULL && strcmp(p + 3, host) == 0;
}

static int
content_is(struct MHD_Connection *conn, const char *type)
{
	const char	*ct;
	size_t		 n = strlen(type);

	ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	return ct != NULL && strncasecmp(ct, type, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

enum MHD_Result
copyweb_busy(struct MHD_Connection *conn, const char *url,
    const char *retry, const char *route, double t0)
{
	struct html	 h = { 0 };
	const char	*const *m;
	int		 en = is_en(conn, NULL);

	if (strncmp(url, "/api/", 5) == 0)
		return sv_reply_headers(conn, MHD_HTTP_TOO_MANY_REQUESTS,
		    "application/json", strdup("{\"error\":\"too many "
		    "requests; try again later\"}"), route, t0,
		    "Retry-After", retry);
	m = msgs[en];
	page_open(&h, en ? "en" : "vi", m[M_BUSY], NULL);
	html_raw(&h, "<h1>");
	html_esc(&h, m[M_BUSY]);
	html_raw(&h, "</h1><section class=\"result notfound\" "
	    "role=\"status\" id=\"result\"><p>");
	html_esc(&h, m[M_BUSY_MORE]);
	html_raw(&h, " ");
	html_esc(&h, retry);
	html_raw(&h, " s.</p></section></main></body></html>\n");
	if (h.err) {
		free(h.p);
		return MHD_NO;
	}
	return sv_reply_headers(conn, MHD_HTTP_TOO_MANY_REQUESTS,
	    "text/html; charset=utf-8", h.p, route, t0, "Retry-After",
	    retry);
}

/* A refusal: JSON for the API, a page for a person (message m). */
static enum MHD_Result
refuse(struct MHD_Connection *conn, enum route r, unsigned int status,
    const char *json, enum msg m, double t0)
{
	int	 en = is_en(conn, NULL);

	if (r == R_API || r == R_API_STATUS)
		return sv_reply_error(conn, status, json, "copy", t0);
	return message_page(conn, status, en, msgs[en][M_TITLE], "notfound",
	    msgs[en][m], NULL, "copy", t0);
}

/* The first call: what is refused is refused before any body is read. */
static enum MHD_Result
first(struct store *st, struct MHD_Connection *conn, const char *url,
    const char *method, void **con_cls, double t0)
{
	struct cw	*cw;
	const char	*cl, *allow;
	enum route	 r;
	char		 arg[128];
	int		 post, may_post;

	r = route_of(url, arg, sizeof(arg));
	if (r == R_NONE)
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page",
		    "other", t0);
	post = strcmp(method, "POST") == 0;
	may_post = r == R_FORM || r == R_API || r == R_STATUS;
	allow = r == R_API ? "POST" : may_post ? "GET, HEAD, POST" :
	    "GET, HEAD";
	if ((!post || !may_post) && (r == R_API || (strcmp(method, "GET") !=
	    0 && strcmp(method, "HEAD") != 0)))
		return sv_reply_headers(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "application/json", strdup("{\"error\":\"method not "
		    "allowed\"}"), route_name(r), t0, "Allow", allow);
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!post && ((cl != NULL && strspn(cl, "0") != strlen(cl)) ||
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL))
		return sv_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "no "
		    "request body is accepted", route_name(r), t0);
	if (post && cl != NULL && (strlen(cl) > 9 ||
	    strtoul(cl, NULL, 10) > COPYWEB_BODY_MAX))
		return refuse(conn, r, MHD_HTTP_CONTENT_TOO_LARGE, "a request "
		    "is at most 16 KiB", M_TOO_LARGE, t0);
	/* A body comes with its length.  libmicrohttpd 0.9.75 cannot read
	 * a chunk line longer than its buffer (a 20 KB chunk extension)
	 * and answers that with a 500 of its own; no browser sends a form
	 * chunked. */
	if (post && MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		return sv_reply_error(conn, MHD_HTTP_LENGTH_REQUIRED, "send "
		    "the body with a Content-Length, not chunked",
		    route_name(r), t0);
	if (post && !content_is(conn, r == R_API ? "application/json" :
	    "application/x-www-form-urlencoded"))
		return sv_reply_error(conn, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    r == R_API ? "send application/json" : "send the form as "
		    "application/x-www-form-urlencoded", "copy", t0);
	if (post && !same_origin(conn))
		return refuse(conn, r, MHD_HTTP_FORBIDDEN, "a form of another "
		    "site", M_FOREIGN, t0);
	if (post && st->rdonly)
		return refuse(conn, r, MHD_HTTP_SERVICE_UNAVAILABLE, "this "
		    "server does not take requests", M_CANNOT, t0);
	cw = calloc(1, sizeof(*cw));
	if (cw == NULL)
		return MHD_NO;
	cw->route = r;
	memcpy(cw->arg, arg, sizeof(arg));
	if (post && (cw->body = malloc(1)) == NULL) {
		free(cw);
		return MHD_NO;
	}
	*con_cls = cw;
	return MHD_YES;
}

enum MHD_Result
copyweb_handle(struct store *st, const char *public_url, struct asklimit *al,
    const struct client_proxies *proxies, struct MHD_Connection *conn,
    const char *url, const char *method, const char *upload,
    size_t *upload_size, void **con_cls, double t0)
{
	struct cw	*cw = *con_cls;
	enum MHD_Result	 ret;
	char		*p;

	if (cw == NULL) {
		ret = first(st, conn, url, method, con_cls, t0);
		if ((cw = *con_cls) != NULL) {
			cw->public_url = public_url != NULL ? public_url : "";
			cw->al = al;
			cw->proxies = proxies;
		}
		return ret;
	}
	if (*upload_size != 0) {
		/* A body past the limit is read and dropped. */
		if (cw->body == NULL || cw->len + *upload_size >
		    COPYWEB_BODY_MAX)
			cw->toolarge = 1;
		else {
			p = realloc(cw->body, cw->len + *upload_size + 1);
			if (p == NULL)
				return MHD_NO;
			memcpy(p + cw->len, upload, *upload_size);
			cw->len += *upload_size;
			p[cw->len] = '\0';
			cw->body = p;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (cw->toolarge)
		return refuse(conn, cw->route, MHD_HTTP_CONTENT_TOO_LARGE, "a "
		    "request is at most 16 KiB", M_TOO_LARGE, t0);
	switch (cw->route) {
	case R_FORM:
		if (cw->body != NULL)
			return submit(st, conn, cw, t0);
		return form_page(conn, MHD_HTTP_OK, is_en(conn, NULL), NULL,
		    -1, t0);
	case R_API:
		return submit(st, conn, cw, t0);
	case R_API_STATUS:
	case R_STATUS:
	case R_PDF:
		return by_link(st, conn, cw, t0);
	case R_SHARE:
	case R_RECEIPT:
		return share(st, conn, cw, method, t0);
	default:
		return sv_reply_error(conn, MHD_HTTP_NOT_FOUND, "no such page",
		    "other", t0);
	}
}
