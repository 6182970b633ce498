/*
 * importer.c: the staff console's imports: a folder of scans on the
 * server, or files uploaded, read by OCR into staged rows (see jobs.h,
 * upload.h).
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <jansson.h>
#include <microhttpd.h>

#include "cs.h"
#include "log.h"
#include "jobs.h"
#include "staging.h"
#include "upload.h"

struct folders {
	struct buf	*h;
	int		 n;
};

static void
folder_option(void *arg, const char *folder, int n)
{
	struct folders	*fo = arg;

	buf_str(fo->h, "<option value=\"");
	html_esc(fo->h, folder);
	buf_str(fo->h, "\">");
	html_esc(fo->h, folder);
	buf_fmt(fo->h, " (%d tệp)</option>", n);
	fo->n++;
}

static void
job_html(struct buf *h, const struct job_status *js)
{
	buf_fmt(h, "<section class=\"job\" data-job=\"%d\"><h2>Nhập ", js->id);
	html_esc(h, js->folder);
	buf_str(h, "</h2><progress id=\"jobbar\" max=\"");
	buf_fmt(h, "%d\" value=\"%d\"></progress><p id=\"jobtext\" "
	    "role=\"status\">", js->pages_total > 0 ? js->pages_total : 1,
	    js->pages_done);
	if (js->state == JOB_RUNNING)
		buf_fmt(h, "Đang đọc: %d/%d trang, %ld dòng, %ld ô cần "
		    "duyệt.", js->pages_done, js->pages_total, js->rows,
		    js->flagged);
	else if (js->state == JOB_DONE)
		buf_fmt(h, "Xong: %d trang, %zu dòng đưa vào hàng chờ, %zu "
		    "dòng cần duyệt, %zu trang OCR không đọc được cần nhập "
		    "tay. <a href=\"/\">Xem tiến độ</a>.", js->pages_done,
		    js->added, js->review, js->keypages);
	else
		buf_str(h, "Không nhập được; không có gì thay đổi.");
	buf_str(h, "</p>");
	/* Mostly handwriting: OCR's readings would only mislead. */
	if (js->state == JOB_DONE && js->suggest_double)
		buf_fmt(h, "<p class=\"warn\" id=\"handwritten\">Sổ viết "
		    "tay: %zu/%zu dòng là chữ viết tay. Nên nhập hai lần "
		    "(hai người nhập mù từng ô cần duyệt): nhập lại thư mục "
		    "này với ô «Nhập hai lần».</p>", js->hand, js->read);
	if (js->msg[0] != '\0') {
		buf_str(h, js->state == JOB_FAILED ? "<p role=\"alert\" "
		    "class=\"error\">" : "<p class=\"warn\">Tệp bỏ qua: ");
		html_esc(h, js->msg);
		buf_str(h, "</p>");
	}
	buf_str(h, "</section>");
}

static json_t *
job_json(const struct job_status *js)
{
	return json_pack("{s:i, s:i, s:s, s:i, s:i, s:I, s:I, s:I, s:I, s:I, "
	    "s:s, s:I, s:b}",
	    "job", js->id, "workers", js->workers, "state",
	    js->state == JOB_RUNNING ? "running" :
	    js->state == JOB_DONE ? "done" : "failed", "pages_done",
	    js->pages_done, "pages_total", js->pages_total, "rows",
	    (json_int_t)js->rows, "flagged", (json_int_t)js->flagged,
	    "added", (json_int_t)js->added, "review", (json_int_t)js->review,
	    "keypages", (json_int_t)js->keypages, "message", js->msg,
	    "hand", (json_int_t)js->hand,
	    "suggest_double_key", js->suggest_double);
}

/* The ledger volume's fields of an import form. */
static void
volume_inputs(struct buf *h, const char *p)
{
	buf_fmt(h, "<label for=\"%stype\">Loại văn bằng</label><input "
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
	struct buf	 h = { 0 };
	const char	*job = cs_arg(x, "job");

	cs_head(x, &h, "Nhập bản quét");
	buf_str(&h, "<h1>Nhập bản quét</h1>");
	if (job != NULL && jobs_status(x->c->jobs, atoi(job), &js) == 0)
		job_html(&h, &js);
	cs_notice(&h, why, NULL);
	buf_str(&h, "<div class=\"imports\"><form method=\"post\" "
	    "action=\"/import\" class=\"import\"><h2>Từ thư mục trên máy "
	    "chủ</h2>");
	cs_csrf_input(x, &h);
	buf_str(&h, "<label for=\"folder\">Thư mục bản quét</label>"
	    "<select id=\"folder\" name=\"folder\" required>");
	fo.h = &h;
	fo.n = 0;
	jobs_folders(x->c->jobs, folder_option, &fo);
	buf_str(&h, "</select>");
	volume_inputs(&h, "");
	buf_str(&h, "<button>Bắt đầu đọc</button></form>");
	/* The token first: files are written only after it is checked. */
	buf_str(&h, "<form method=\"post\" action=\"/upload\" "
	    "enctype=\"multipart/form-data\" class=\"import\"><h2>Tải lên "
	    "từ máy này</h2>");
	cs_csrf_input(x, &h);
	volume_inputs(&h, "u-");
	buf_str(&h, "<label for=\"u-files\">Ảnh quét (PNG, JPEG, TIFF, "
	    "PDF)</label><input id=\"u-files\" name=\"scans\" type=\"file\" "
	    "multiple required accept=\".png,.jpg,.jpeg,.tif,.tiff,.pdf,.bmp,"
	    ".pnm\"><button>Tải lên và đọc</button></form></div>");
	if (fo.n == 0)
		buf_str(&h, "<p>Thư mục bản quét của máy chủ chưa có ảnh "
		    "nào.</p>");
	cs_foot(&h);
	return cs_send_html(x, status, &h);
}

/* The volume an import form names, checked: 0, or -1 with why in err. */
static int
volume_of(struct ctx *x, struct staging_volume *vol, char *err,
    size_t errsz)
{
	const char	*year = cs_arg(x, "year");
	const char	**s[4] = { &vol->type, &vol->authority, &vol->decision,
			    &vol->decision_date };
	int		 i, rc;

	memset(vol, 0, sizeof(*vol));
	vol->type = cs_arg(x, "type");
	vol->year = year != NULL ? atoi(year) : 0;
	vol->authority = cs_arg(x, "authority");
	vol->decision = cs_arg(x, "decision");
	vol->decision_date = cs_arg(x, "decision_date");
	vol->double_key = cs_arg(x, "double_key") != NULL &&
	    strcmp(cs_arg(x, "double_key"), "1") == 0;
	for (i = 0; i < 4; i++)
		if (*s[i] != NULL && (*s[i])[0] == '\0')
			*s[i] = NULL;
	rc = staging_check_volume(x->c->st, vol);
	snprintf(err, errsz, "%s", store_errmsg(x->c->st));
	return rc == STORE_OK ? 0 : -1;
}

/*
 * Starts importing folder for the volume the form names.  An upload's
 * files (up, else NULL) are kept only when its import starts: refused
 * (another import runs), nothing of it stays on disk.
 */
static enum MHD_Result
start_import(struct ctx *x, const char *folder,
    const struct staging_volume *vol, struct upload *up)
{
	char	 err[512], to[64];
	int	 id;

	id = jobs_start(x->c->jobs, folder, vol, x->s.name, err, sizeof(err));
	if (id < 0) {
		upload_abort(up);
		return import_page(x, MHD_HTTP_CONFLICT, err);
	}
	upload_keep(up);
	log_msg(LOG_INFO, "staff %s started import %d", x->s.name, id);
	snprintf(to, sizeof(to), "/import?job=%d", id);
	return cs_redirect(x, to, NULL);
}

enum MHD_Result
cs_route_import(struct ctx *x)
{
	struct staging_volume vol;
	char		 err[512];
	const char	*folder = cs_arg(x, "folder");

	if (x->c->jobs == NULL)
		return cs_message(x, MHD_HTTP_CONFLICT, "Không nhập được",
		    "Máy chủ này không có thư mục bản quét (--scans).");
	if (!x->post)
		return import_page(x, MHD_HTTP_OK, NULL);
	if (volume_of(x, &vol, err, sizeof(err)) != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	return start_import(x, folder != NULL ? folder : "", &vol, NULL);
}

enum MHD_Result
cs_route_upload(struct ctx *x)
{
	struct staging_volume vol;
	struct upload	*up;
	char		 err[512], folder[256];
	int		 n, rc;

	if (x->c->jobs == NULL)
		return cs_message(x, MHD_HTTP_CONFLICT, "Không nhập được",
		    "Máy chủ này không có thư mục bản quét (--scans).");
	if (x->r->up_err[0] != '\0')
		return import_page(x, MHD_HTTP_BAD_REQUEST, x->r->up_err);
	if (x->r->up == NULL)
		return import_page(x, MHD_HTTP_BAD_REQUEST, "Chưa chọn tệp "
		    "nào để tải lên.");
	if (volume_of(x, &vol, err, sizeof(err)) != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	up = x->r->up;
	x->r->up = NULL;
	rc = upload_finish(up, folder, sizeof(folder), &n, err, sizeof(err));
	if (rc != 0)
		return import_page(x, MHD_HTTP_BAD_REQUEST, err);
	return start_import(x, folder, &vol, up);
}

enum MHD_Result
cs_route_import_status(struct ctx *x)
{
	struct job_status js;
	const char	*job = cs_arg(x, "job");

	if (x->c->jobs == NULL || job == NULL ||
	    jobs_status(x->c->jobs, atoi(job), &js) != 0)
		return cs_send_json(x, MHD_HTTP_NOT_FOUND, json_pack("{s:s}",
		    "error", "no such import"));
	return cs_send_json(x, MHD_HTTP_OK, job_json(&js));
}

