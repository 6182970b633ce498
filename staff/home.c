/*
 * home.c: the staff console's first page (see cs.h): how far each volume
 * and page has come from OCR to the registry, and how precise OCR was by
 * field, from what reviewers changed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "asker.h"
#include "cs.h"
#include "field.h"
#include "html.h"
#include "progress.h"
#include "request.h"
#include "timefmt.h"

void
cs_pct(struct buf *h, int part, int whole)
{
	if (whole == 0)
		buf_str(h, "—");
	else
		buf_fmt(h, "%.1f %%", 100.0 * part / whole);
}

/* Precision of "accepted", by month of import. */
static void
precision_table(struct buf *h, const struct progress *p)
{
	struct staging_count	 m;
	char			 months[64][8];
	size_t			 i, j, n = 0;

	for (i = 0; i < p->nvolumes && n < 64; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(months[j], p->volumes[i].month) == 0)
				break;
		if (j == n)
			memcpy(months[n++], p->volumes[i].month, 8);
	}
	buf_str(h, "<h2>Độ chính xác đo được của OCR</h2><p>Ô OCR chấp nhận "
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
		buf_str(h, "<tr><td>");
		html_esc(h, months[j]);
		buf_fmt(h, "</td><td>%d</td><td>%d</td><td>", m.accepted,
		    m.accepted_changed);
		cs_pct(h, m.accepted_changed, m.accepted);
		buf_fmt(h, "</td><td>%d</td><td>", m.flagged);
		cs_pct(h, m.confirmed, m.confirmed + m.set);
		buf_str(h, "</td></tr>");
	}
	buf_str(h, "</tbody></table>");
}

/* The witnesses' table, filled by asker_states(). */
struct wtable {
	struct buf	 rows;
	size_t		 n, refused;
};

static int
witness_row(const struct asker_state *s, void *arg)
{
	struct wtable	*t = arg;
	struct buf	*h = &t->rows;
	char		 at[32];

	t->n++;
	t->refused += s->state == ASKER_REFUSED;
	if (time_iso(s->at, at, sizeof(at)) != 0)
		snprintf(at, sizeof(at), "?");
	buf_fmt(h, "<tr class=\"%s\"><td>", s->state == ASKER_REFUSED ?
	    "error" : s->state == ASKER_DOWN ? "warn" : "");
	html_esc(h, s->name);
	buf_fmt(h, "</td><td>%s</td><td>%llu</td><td>%s</td><td>",
	    s->state == ASKER_OK ? "đã ký xác nhận" : s->state ==
	    ASKER_DOWN ? "không trả lời" : "TỪ CHỐI",
	    (unsigned long long)s->size, at);
	html_esc(h, s->msg);
	buf_str(h, "</td></tr>");
	return STORE_OK;
}

/*
 * The witnesses the log asks to cosign, from what each last said: a
 * refusal (a split view, a rollback, a wrong key) is shown first and
 * loudly, since the log's integrity is at stake.
 */
static void
witnesses_table(struct buf *h, struct store *st)
{
	struct wtable	 t = { { 0 }, 0, 0 };
	struct store_rd	*rd;

	if (store_rd_begin(st, &rd) != STORE_OK)
		return;
	if (asker_states(rd, witness_row, &t) != STORE_OK)
		t.n = 0;
	store_rd_end(rd);
	if (t.refused > 0)
		buf_fmt(h, "<p class=\"error\" role=\"alert\">%zu nhân chứng "
		    "(witness) đã TỪ CHỐI điểm kiểm tra của sổ: họ giữ một "
		    "cây khác của cùng sổ này, hoặc không nhận khóa của sổ. "
		    "Báo ngay cho người quản trị.</p>", t.refused);
	if (t.n > 0) {
		buf_str(h, "<h2>Nhân chứng</h2><table class=\"witnesses\">"
		    "<thead><tr><th>Nhân chứng</th><th>Lần cuối</th>"
		    "<th>Kích thước đã ký</th><th>Lúc</th><th>Chi tiết</th>"
		    "</tr></thead><tbody>");
		if (t.rows.p != NULL)
			buf_add(h, t.rows.p, t.rows.len);
		buf_str(h, "</tbody></table>");
	}
	free(t.rows.p);
}

enum MHD_Result
cs_route_home(struct ctx *x)
{
	struct progress	 p;
	struct buf	 h = { 0 };
	size_t		 i, waiting;

	if (progress_read(x->c->st, NULL, &p) != STORE_OK)
		return cs_message(x, MHD_HTTP_INTERNAL_SERVER_ERROR, "Lỗi",
		    "Không đọc được các trang đang chờ.");
	cs_head(x, &h, "Tiến độ");
	buf_str(&h, "<h1>Tiến độ số hóa</h1>");
	witnesses_table(&h, x->c->st);
	if (x->s.role >= ROLE_REGISTRAR &&
	    copyreq_pending(x->c->st, &waiting) == STORE_OK && waiting > 0)
		buf_fmt(&h, "<p class=\"ok\" role=\"status\"><a "
		    "href=\"/copies?state=pending\">%zu yêu cầu cấp bản sao "
		    "đang chờ duyệt</a></p>", waiting);
	if (p.npages == 0)
		buf_str(&h, "<p>Chưa có trang nào. <a href=\"/import\">Nhập "
		    "bản quét</a>.</p>");
	buf_str(&h, "<table class=\"volumes\"><thead><tr><th>Sổ</th>"
	    "<th>Trang đã đọc</th><th>Đã duyệt xong</th><th>Đã công bố</th>"
	    "<th>Ô OCR gắn cờ</th><th>Còn chờ</th><th>Đã sửa</th><th>Trang "
	    "cần nhập tay</th></tr></thead><tbody>");
	for (i = 0; i < p.nvolumes; i++) {
		struct progress_volume	*v = &p.volumes[i];

		buf_str(&h, "<tr><td>");
		html_esc(&h, v->label);
		if (v->double_key)
			buf_str(&h, " · nhập hai lần");
		buf_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d</td><td>%d</td></tr>", v->pages,
		    v->pages_settled, v->pages_published, v->c.flagged,
		    v->c.unsettled, v->c.set, v->pages_to_key);
	}
	buf_str(&h, "</tbody></table><h2>Các trang</h2><table "
	    "class=\"pages\"><thead><tr><th>Trang</th><th>Dòng</th><th>Cần "
	    "duyệt</th><th>Đã sửa</th><th>Đã xác nhận</th><th>Đã công bố</th>"
	    "<th></th></tr></thead><tbody>");
	for (i = 0; i < p.npages; i++) {
		struct progress_page	*pg = &p.pages[i];

		buf_str(&h, "<tr><td>");
		html_esc(&h, pg->source);
		buf_str(&h, " · ");
		html_esc(&h, strrchr(pg->id, ':') + 1);
		if (pg->to_key == 2)
			buf_str(&h, " · đã nhập tay");
		/* OCR could not read it: staff key its rows by hand. */
		if (pg->to_key == 1) {
			buf_str(&h, "</td><td>");
			if (pg->key_rows > 0)
				buf_fmt(&h, "~%d ", pg->key_rows);
			buf_str(&h, "(cần nhập tay)</td><td>—</td><td>—</td>"
			    "<td>—</td><td>—</td><td><a class=\"tokey\" "
			    "href=\"/page?id=");
			html_urlesc(&h, pg->id);
			buf_str(&h, "\">Nhập tay</a></td></tr>");
			continue;
		}
		buf_fmt(&h, "</td><td>%d</td><td>%d</td><td>%d</td>"
		    "<td>%d</td><td>%d/%d</td><td><a href=\"/page?id=",
		    pg->c.rows, pg->c.unsettled, pg->c.set, pg->c.confirmed,
		    pg->c.published, pg->c.rows);
		html_urlesc(&h, pg->id);
		buf_str(&h, "\">");
		buf_str(&h, pg->c.unsettled > 0 ? "Duyệt" : pg->c.published <
		    pg->c.rows ? "Xem và công bố" : "Xem");
		buf_str(&h, "</a></td></tr>");
	}
	buf_str(&h, "</tbody></table>");
	precision_table(&h, &p);
	cs_foot(&h);
	progress_clear(&p);
	return cs_send_html(x, MHD_HTTP_OK, &h);
}
