/*
 * gen.c: sogoc-gen, the fixture generator.  It renders synthetic pages of a
 * Vietnamese diploma-issuance ledger (so goc cap van bang, SPEC section 2)
 * with the ground truth a perfect OCR run must reproduce (SPEC section 3).
 *
 * A page is drawn with cairo and pango on two layers, paper and ink, so that
 * ink can fade unevenly without touching the paper; stamps and signatures
 * are multiplied on top.  The page then goes to Leptonica for what a scanner
 * does to it: skew, blur, noise, a quarter turn, and the file format; or,
 * with --capture, to capture.c for a phone's photograph or a book scanner's
 * image of the open ledger.  Every random choice comes from one splitmix64
 * stream (rng.h) seeded by --seed, so the same seed and the same installed
 * fonts give the same pages.
 */
#include "config.h"

#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <glib.h>
#include <csv.h>
#include <jansson.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include "field.h"
#include "capture.h"
#include "handdraw.h"
#include "rng.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define MAXROWS		30	/* data rows on a page (SPEC: 10-30) */
#define MAXRULED	(MAXROWS + 4)
#define MAXPAGES	50
#define STAIN_GX	12	/* stain grid over the page */
#define STAIN_GY	9
#define MAXEXTRA	2	/* --layout extra: unknown columns */
#define MAXCOLS		(FIELD_COUNT + MAXEXTRA)

enum era {
	ERA_TYPEWRITTEN = 0,
	ERA_PRINTED,
	ERA_C21,
	ERA_COUNT
};

enum format {
	FMT_PNG = 0,
	FMT_JPEG,
	FMT_TIFF_G4,
	FMT_TIFF_MULTI,
	FMT_COUNT
};

static const char *const era_names[ERA_COUNT] = {
	"typewritten", "printed", "c21"
};

static const char *const format_names[FMT_COUNT] = {
	"png", "jpeg", "tiff-g4", "tiff-multi"
};

/* ---------------------------------------------------------------------- */
/* Vietnamese content.  Every literal here is NFC. */

static const char *const surnames[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
	"Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh",
	"Trịnh", "Đoàn", "Lương", "Mai", "Tô", "Cao", "Lâm", "Hà", "Tạ",
	"Chu", "Kiều", "Vương", "Thái", "Quách", "Đào", "Trương", "Lưu"
};
/* Roughly how common each surname is, in tenths of a percent. */
static const int surname_weights[] = {
	380, 110, 95, 70, 50, 45, 45, 40, 35, 25, 25, 20, 15, 15, 12, 10,
	10, 10, 8, 8, 8, 6, 6, 6, 6, 5, 5, 5, 5, 5, 4, 5, 5, 4
};

static const char *const middles_m[] = {
	"Văn", "Hữu", "Đức", "Minh", "Quốc", "Gia", "Xuân", "Thanh", "Công",
	"Đình", "Trọng", "Ngọc", "Bá", "Quang", "Anh", "Tuấn", "Mạnh",
	"Hoàng", "Duy", "Trung", "Thành", "Tiến"
};

static const char *const middles_f[] = {
	"Ngọc", "Thanh", "Minh", "Thu", "Xuân", "Kim", "Mỹ", "Hồng",
	"Phương", "Bảo", "Khánh", "Diệu", "Thùy", "Như", "Hải", "Quỳnh"
};

static const char *const givens_m[] = {
	"An", "Bình", "Cường", "Dũng", "Đạt", "Khoa", "Tuấn", "Hùng", "Hải",
	"Long", "Minh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung",
	"Việt", "Huy", "Hiếu", "Khánh", "Lâm", "Nghĩa", "Phúc", "Quang",
	"Tài", "Thành", "Toàn", "Vinh", "Vũ", "Đức", "Hoàng", "Kiên", "Lộc",
	"Thịnh", "Tùng", "Định", "Khải", "Hưng", "Chiến", "Dương", "Tú"
};

static const char *const givens_f[] = {
	"Hà", "Hạnh", "Hương", "Linh", "Nguyệt", "Quỳnh", "Thủy", "Uyên",
	"Yến", "Lan", "Mai", "Hoa", "Trang", "Thảo", "Nhung", "Hằng",
	"Ngân", "Phương", "Thu", "Vân", "Anh", "Dung", "Giang", "Huyền",
	"Loan", "Ly", "My", "Nga", "Oanh", "Tâm", "Thư", "Trâm", "Tuyết",
	"Vy", "Xuân", "Diệp", "Ngọc", "Thoa", "Hiền", "Lụa", "Châu", "Nhi"
};

/* The 63 provinces; the five cities under central authority come first. */
#define NCITIES	5
static const char *const provinces[] = {
	"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh",
	"An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
	"Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước",
	"Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
	"Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
	"Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
	"Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
	"Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
	"Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
	"Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
	"Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
	"Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
	"Vĩnh Long", "Vĩnh Phúc", "Yên Bái"
};

static const char *const districts[] = {
	"Nghi Lộc", "Yên Thành", "Quỳnh Lưu", "Đông Anh", "Thủy Nguyên",
	"Châu Thành", "Bình Chánh", "Hoài Nhơn", "Tiên Du", "Gia Lâm",
	"Hậu Lộc", "Đức Thọ", "Phù Cát", "Diễn Châu", "Kim Sơn", "Hải Hậu",
	"Tam Nông", "Cai Lậy", "Núi Thành", "Điện Bàn", "Krông Pắc",
	"Phong Điền", "Lục Ngạn", "Văn Giang", "Thạch Hà", "Cẩm Xuyên",
	"Tĩnh Gia", "Hoằng Hóa", "Vĩnh Bảo", "Mỹ Hào"
};

static const char *const communes[] = {
	"Nghi Phong", "Tân Lập", "Hòa Bình", "Phú Mỹ", "Yên Sở", "Xuân Lâm",
	"Quỳnh Đôi", "Thanh Liêm", "An Hòa", "Đông Hưng", "Vĩnh Tường",
	"Hưng Đạo", "Tân Phú", "Long Hưng", "Bình Minh", "Thạch Kim",
	"Cẩm Bình", "Hải Đường", "Diễn Kỷ", "Thọ Xuân", "Phước Hòa",
	"Mỹ Thạnh", "Tân Thành", "Đại Đồng", "Kim Liên", "Nam Giang"
};

static const char *const school_names[] = {
	"Nguyễn Trãi", "Chu Văn An", "Lê Quý Đôn", "Trần Phú", "Lê Hồng Phong",
	"Phan Bội Châu", "Nguyễn Du", "Trần Hưng Đạo", "Lý Thường Kiệt",
	"Quang Trung", "Nguyễn Huệ", "Hùng Vương", "Lê Lợi", "Ngô Quyền",
	"Phan Đình Phùng", "Nguyễn Bỉnh Khiêm", "Trần Quốc Tuấn",
	"Hoàng Hoa Thám", "Võ Thị Sáu", "Nguyễn Thị Minh Khai",
	"Lương Thế Vinh", "Phan Châu Trinh", "Huỳnh Thúc Kháng",
	"Nguyễn Đình Chiểu", "Trần Đại Nghĩa", "Nguyễn Khuyến",
	"Lê Thánh Tông", "Đinh Tiên Hoàng", "Bà Triệu", "Nguyễn Văn Cừ",
	"Tô Hiến Thành", "Mạc Đĩnh Chi"
};

/* The 54 ethnic groups, largest first, in their common spelling. */
static const char *const ethnicities[] = {
	"Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông",
	"Dao", "Gia Rai", "Ê Đê", "Ba Na", "Xơ Đăng", "Sán Chay", "Cơ Ho",
	"Chăm", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Stiêng",
	"Khơ mú", "Bru Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
	"Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào",
	"La Chí", "Kháng", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự",
	"Ngái", "Chứt", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Si La",
	"Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu"
};

static const char *const classes[] = {
	"Xuất sắc", "Giỏi", "Khá", "Trung bình"
};

static const char *const serial_prefixes[] = {
	"A", "B", "C", "QB", "TN", "", "AB", "BT"
};

static const char *const fonts_mono[] = {
	"FreeMono", "Liberation Mono", "DejaVu Sans Mono", "Noto Sans Mono"
};

/* Times-like faces come first: most offices print in Times New Roman. */
static const char *const fonts_print[] = {
	"Liberation Serif", "Liberation Serif", "FreeSerif", "Noto Serif",
	"DejaVu Serif", "Liberation Sans", "DejaVu Sans", "Noto Sans"
};

/*
 * --header: what has happened to the header row.  --layout: how the
 * table departs from the era's usual one.  Both are drawn from their own
 * random stream (gen.vrng), so a page with them has the same rows and
 * cells as the page of the same seed without them.
 */
enum header_kind {
	HEAD_PLAIN = 0,
	HEAD_FADED,		/* the labels faded, the rules not */
	HEAD_TORN,		/* some labels torn or stained away */
	HEAD_TWO_LEVEL,		/* group labels over merged cells */
	HEAD_COUNT
};

enum layout_kind {
	LAYOUT_PLAIN = 0,
	LAYOUT_EXTRA,		/* columns the SPEC does not know */
	LAYOUT_ORDER,		/* known columns in another order */
	LAYOUT_WRAP,		/* names and schools on two lines */
	LAYOUT_COUNT
};

static const char *const header_names[] = {
	"plain", "faded", "torn", "two-level", "random"
};

static const char *const layout_names[] = {
	"plain", "extra", "order", "wrap", "random"
};

/* Columns of no SPEC field: their cells are drawn, never in the truth. */
static const char *const extra_labels[] = {
	"Điểm TB", "Lớp", "Tổng điểm"
};

/* ---------------------------------------------------------------------- */
/* Header labels per field and era (SPEC section 2); "\n" forces a break. */

struct labels {
	enum field	 key;
	const char	*tw[4];		/* typewritten */
	const char	*pr[4];		/* printed */
	const char	*c21[2];
};

static const struct labels label_table[] = {
	{ FIELD_SEQ, { "TT", "STT" }, { "STT", "TT", "Số TT" },
	    { "Số TT" } },
	{ FIELD_FULL_NAME, { "Họ và tên", "Họ tên" },
	    { "Họ và tên", "Họ tên", "Họ và tên\nngười học" },
	    { "Họ và tên người học" } },
	{ FIELD_DATE_OF_BIRTH, { "Ngày sinh", "Ngày, tháng,\nnăm sinh" },
	    { "Ngày sinh", "Ngày tháng\nnăm sinh" },
	    { "Ngày tháng năm sinh" } },
	{ FIELD_PLACE_OF_BIRTH, { "Nơi sinh" }, { "Nơi sinh" },
	    { "Nơi sinh" } },
	{ FIELD_SEX, { "Nam/Nữ", "Nam\nNữ" },
	    { "Giới tính", "Nam/Nữ", "Nam\nNữ" }, { "Giới tính" } },
	{ FIELD_ETHNICITY, { "Dân tộc" }, { "Dân tộc" }, { "Dân tộc" } },
	{ FIELD_SCHOOL, { "Trường", "Hội đồng thi" },
	    { "Học sinh trường", "Trường", "Hội đồng thi" },
	    { "Học sinh trường" } },
	{ FIELD_CLASSIFICATION, { "Xếp loại" },
	    { "Xếp loại", "Xếp loại tốt nghiệp" },
	    { "Xếp loại tốt nghiệp" } },
	{ FIELD_SERIAL_NO, { "Số hiệu", "Số bằng" },
	    { "Số hiệu văn bằng", "Số hiệu", "Số bằng" },
	    { "Số hiệu văn bằng" } },
	{ FIELD_REGISTER_NO, { "Số vào sổ" },
	    { "Số vào sổ", "Số vào sổ gốc cấp văn bằng" },
	    { "Số vào sổ gốc cấp văn bằng" } },
	{ FIELD_NOTES, { "Ghi chú" }, { "Ghi chú" }, { "Ghi chú" } },
	{ FIELD_SIGNATURE, { "Ký nhận" },
	    { "Ký nhận", "Người nhận ký", "Ký nhận bằng" },
	    { "Người nhận văn bằng ký và ghi rõ họ tên" } },
};

/* ---------------------------------------------------------------------- */

struct cell {
	char		*text;		/* as printed */
	char		*value;		/* normalised (SPEC section 2) */
};

struct row {
	struct cell	 f[FIELD_COUNT];
	char		*drawn[FIELD_COUNT];	/* as drawn, when not the
						   text (--layout wrap) */
	char		*extra[MAXEXTRA];	/* unknown columns' cells */
	int		 sign;		/* someone signed for the diploma */
	int		 hand;		/* written by hand (--hand) */
};

struct column {
	enum field	 key;		/* FIELD_UNKNOWN for an extra */
	int		 extra;		/* 1-based index into row.extra */
	int		 xkind;		/* an extra's extra_labels index */
	int		 group;		/* 1-based two-level group, 0 none */
	char		*label;		/* as printed, may hold "\n" */
	PangoAlignment	 align;
	int		 wrap;		/* data may wrap onto more lines */
	double		 slack;		/* width preference, per volume */
	int		 x, w;		/* pixels, set by layout */
};

struct page {
	int		 no;		/* 1-based within the file */
	struct row	 rows[MAXROWS];
	int		 nrows;
	int		 nempty;	/* ruled rows left empty below */
	double		 skew;		/* degrees, clockwise positive */
	int		 stamp;
	int		 width, height;	/* of the written image */
	struct capture_page cap;	/* where it landed, when captured */
};

/* Where things go on the page, in pixels. */
struct layout {
	double		 body_px;
	double		 head_px;
	double		 lh;		/* line height of body text */
	double		 pad_x, pad_y;
	int		 x0, y0, x1;	/* table left, top, right */
	int		 head_h, num_h;
	int		 group_h;	/* upper level of a two-level header */
	int		 rowh[MAXRULED];
	int		 nruled;
	int		 y1;		/* table bottom */
};

struct gen {
	struct rng	 rng;
	uint64_t	 seed;
	enum era	 era;
	int		 damage;
	int		 dpi;
	enum format	 format;
	enum capture	 capture;
	int		 quality;	/* JPEG quality, 0: by damage */
	int		 rotate;
	int		 rows;
	int		 no_row_rules;	/* rule the columns, not the rows */
	int		 npages;
	const char	*font;
	const char	*out;

	/* the volume: what every page of one file shares */
	int		 year;
	int		 prov;
	char		*authority;
	char		*title;
	char		*subtitle;
	char		*decision;	/* NULL when not printed */
	int		 motto;		/* national motto top right */
	int		 footer;	/* page number at the bottom */
	int		 page_base;	/* volume pages before this file */
	int		 bold_header;
	struct column	 cols[MAXCOLS];
	int		 ncols;
	struct rng	 vrng;		/* --header and --layout's stream */
	enum header_kind header;
	enum layout_kind layout;
	char		*groups[2];	/* two-level group labels */
	int		 date_fmt;
	long		 seq_next;
	int		 seq_dot;
	const char	*serial_prefix;
	int		 serial_sep;
	int		 serial_digits;
	long		 serial_next;
	int		 reg_fmt;
	long		 reg_next;
	int		 seq_break;	/* --seq-break row, 0 none */
	double		 hand;		/* --hand: share of rows by hand */
	struct rng	 hrng;		/* its own stream: pages without it
					   stay as they were */
	struct hand_writer writer;	/* the page's hand */
	int		 school_main;
	double		 ink;		/* gray level of the ink, 0 black */
	double		 rule_w;	/* inner ruling width, pixels */
	double		 border_w;

	/* per-page drawing state */
	double		 ppmm;
	int		 pw, ph;
	cairo_surface_t	*paper_s;
	cairo_t		*paper;
	cairo_surface_t	*ink_s;
	cairo_t		*inkcr;
	PangoLayout	*pl;
	double		 paper_rgb[3];
	double		 stain[STAIN_GY + 1][STAIN_GX + 1];
};

#define PICK(r, a)	((a)[rng_next(r) % NITEMS(a)])

/* ---------------------------------------------------------------------- */
/* Strings. */

static char *
xstrdup(const char *s)
{
	char	*p;

	p = strdup(s);
	if (p == NULL)
		err(1, NULL);
	return p;
}

static char * __attribute__((format(printf, 1, 2)))
xprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n, m;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(1, "vsnprintf failed");
	p = malloc((size_t)n + 1);
	if (p == NULL)
		err(1, NULL);
	va_start(ap, fmt);
	m = vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (m != n)
		errx(1, "vsnprintf changed its mind");
	return p;
}

/* Formats into a fixed buffer and dies on truncation. */
static void __attribute__((format(printf, 3, 4)))
bprintf(char *buf, size_t sz, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sz)
		errx(1, "internal buffer too small for \"%s\"", fmt);
}

/* Returns a malloc'd NFC copy of s, which must be valid UTF-8. */
static char *
nfc(const char *s)
{
	gchar	*g;
	char	*p;

	g = g_utf8_normalize(s, -1, G_NORMALIZE_NFC);
	if (g == NULL)
		errx(1, "invalid UTF-8: %s", s);
	p = xstrdup(g);
	g_free(g);
	return p;
}

static char *
upper(const char *s)
{
	gchar	*g;
	char	*p;

	g = g_utf8_strup(s, -1);
	p = nfc(g);
	g_free(g);
	return p;
}

static void
cell_set(struct row *r, enum field f, const char *text, const char *value)
{
	free(r->f[f].text);
	free(r->f[f].value);
	r->f[f].text = nfc(text);
	r->f[f].value = nfc(value);
}

/* ---------------------------------------------------------------------- */
/* The volume: columns, labels and numbering that all pages share. */

static const char *
label_pick(struct gen *g, enum field f)
{
	const struct labels	*l = NULL;
	const char *const	*set;
	size_t			 i, n, cap;

	for (i = 0; i < NITEMS(label_table); i++)
		if (label_table[i].key == f)
			l = &label_table[i];
	if (l == NULL)
		errx(1, "no label for field %d", (int)f);
	if (g->era == ERA_TYPEWRITTEN) {
		set = l->tw;
		cap = NITEMS(l->tw);
	} else if (g->era == ERA_PRINTED) {
		set = l->pr;
		cap = NITEMS(l->pr);
	} else {
		set = l->c21;
		cap = NITEMS(l->c21);
	}
	for (n = 0; n < cap && set[n] != NULL; n++)
		continue;
	return set[rng_next(&g->rng) % n];
}

static void
swap_cols(struct gen *g, enum field a, enum field b)
{
	int		 i, ia = -1, ib = -1;
	struct column	 t;

	for (i = 0; i < g->ncols; i++) {
		if (g->cols[i].key == a)
			ia = i;
		if (g->cols[i].key == b)
			ib = i;
	}
	if (ia < 0 || ib < 0)
		return;
	t = g->cols[ia];
	g->cols[ia] = g->cols[ib];
	g->cols[ib] = t;
}

static void
add_col(struct gen *g, enum field f)
{
	struct column	*c = &g->cols[g->ncols++];

	memset(c, 0, sizeof(*c));
	c->key = f;
	c->slack = rng_uniform(&g->rng, 0.9, 1.25);
	switch (f) {
	case FIELD_FULL_NAME:
	case FIELD_PLACE_OF_BIRTH:
	case FIELD_SCHOOL:
	case FIELD_NOTES:
		c->align = PANGO_ALIGN_LEFT;
		break;
	default:
		c->align = PANGO_ALIGN_CENTER;
		break;
	}
	c->wrap = f == FIELD_PLACE_OF_BIRTH || f == FIELD_SCHOOL ||
	    f == FIELD_NOTES;
}

static void
volume_columns(struct gen *g)
{
	static const enum field	 tw[] = {
		FIELD_SEQ, FIELD_FULL_NAME, FIELD_DATE_OF_BIRTH,
		FIELD_PLACE_OF_BIRTH, FIELD_CLASSIFICATION, FIELD_SERIAL_NO,
		FIELD_REGISTER_NO, FIELD_SIGNATURE
	};
	static const enum field	 full[] = {
		FIELD_SEQ, FIELD_FULL_NAME, FIELD_DATE_OF_BIRTH,
		FIELD_PLACE_OF_BIRTH, FIELD_SEX, FIELD_ETHNICITY, FIELD_SCHOOL,
		FIELD_CLASSIFICATION, FIELD_SERIAL_NO, FIELD_REGISTER_NO,
		FIELD_SIGNATURE, FIELD_NOTES
	};
	struct rng	*r = &g->rng;
	size_t		 i;
	int		 sexpos, drop_place, drop_sign, notes;
	int		 drop_eth, drop_school, drop_notes;
	char		*lab;

	g->ncols = 0;
	if (g->era == ERA_TYPEWRITTEN) {
		sexpos = rng_chance(r, 0.4) ? rng_range(r, 0, 1) : -1;
		drop_place = rng_chance(r, 0.25);
		drop_sign = rng_chance(r, 0.15);
		notes = rng_chance(r, 0.25);
		for (i = 0; i < NITEMS(tw); i++) {
			if (tw[i] == FIELD_PLACE_OF_BIRTH && drop_place)
				continue;
			if (tw[i] == FIELD_SIGNATURE && drop_sign)
				continue;
			add_col(g, tw[i]);
			if (tw[i] == FIELD_FULL_NAME && sexpos == 0)
				add_col(g, FIELD_SEX);
			if (tw[i] == FIELD_DATE_OF_BIRTH && sexpos == 1)
				add_col(g, FIELD_SEX);
		}
		if (notes)
			add_col(g, FIELD_NOTES);
		if (rng_chance(r, 0.4))
			swap_cols(g, FIELD_SERIAL_NO, FIELD_REGISTER_NO);
	} else if (g->era == ERA_PRINTED) {
		drop_eth = rng_chance(r, 0.2);
		drop_school = rng_chance(r, 0.25);
		drop_notes = rng_chance(r, 0.15);
		drop_place = rng_chance(r, 0.1);
		for (i = 0; i < NITEMS(full); i++) {
			if ((full[i] == FIELD_ETHNICITY && drop_eth) ||
			    (full[i] == FIELD_SCHOOL && drop_school) ||
			    (full[i] == FIELD_NOTES && drop_notes) ||
			    (full[i] == FIELD_PLACE_OF_BIRTH && drop_place))
				continue;
			add_col(g, full[i]);
		}
		if (rng_chance(r, 0.3)) {
			/* sex right after the name */
			swap_cols(g, FIELD_SEX, FIELD_PLACE_OF_BIRTH);
			swap_cols(g, FIELD_SEX, FIELD_DATE_OF_BIRTH);
		}
		if (rng_chance(r, 0.3))
			swap_cols(g, FIELD_SERIAL_NO, FIELD_REGISTER_NO);
		if (rng_chance(r, 0.2))
			swap_cols(g, FIELD_SIGNATURE, FIELD_NOTES);
	} else {
		for (i = 0; i < NITEMS(full); i++)
			add_col(g, full[i]);
	}
	for (i = 0; i < (size_t)g->ncols; i++)
		g->cols[i].label = nfc(label_pick(g, g->cols[i].key));
	/* Some authorities print the whole header in capitals. */
	if (g->era != ERA_C21 && rng_chance(r, 0.25)) {
		for (i = 0; i < (size_t)g->ncols; i++) {
			lab = upper(g->cols[i].label);
			free(g->cols[i].label);
			g->cols[i].label = lab;
		}
	}
}

static void	 volume_variants(struct gen *);

static void
volume_init(struct gen *g)
{
	struct rng	*r = &g->rng;
	const char	*p;
	char		*pname;
	int		 ndigits;

	if (g->era == ERA_TYPEWRITTEN)
		g->year = rng_range(r, 1990, 2000);
	else if (g->era == ERA_PRINTED)
		g->year = rng_range(r, 2001, 2018);
	else
		g->year = rng_range(r, 2019, 2026);
	if (g->font == NULL) {
		if (g->era == ERA_TYPEWRITTEN)
			g->font = PICK(r, fonts_mono);
		else
			g->font = PICK(r, fonts_print);
	}
	g->prov = rng_range(r, 0, (int)NITEMS(provinces) - 1);
	pname = upper(provinces[g->prov]);
	g->authority = xprintf("SỞ GIÁO DỤC VÀ ĐÀO TẠO %s %s",
	    g->prov < NCITIES ? "THÀNH PHỐ" : "TỈNH", pname);
	free(pname);
	if (g->era == ERA_TYPEWRITTEN && rng_chance(r, 0.5))
		p = "SỔ GỐC CẤP BẰNG TỐT NGHIỆP PHỔ THÔNG TRUNG HỌC";
	else
		p = "SỔ GỐC CẤP BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG";
	g->title = xstrdup(p);
	g->subtitle = xprintf("Năm tốt nghiệp: %d", g->year);
	if (rng_chance(r, 0.5))
		g->decision = xprintf("(Kèm theo Quyết định công nhận tốt "
		    "nghiệp số %d/QĐ-SGDĐT ngày %d/%d/%d)",
		    rng_range(r, 100, 1999), rng_range(r, 1, 28),
		    rng_range(r, 6, 8), g->year);
	g->motto = rng_chance(r, 0.6);
	g->footer = rng_chance(r, 0.5);
	g->bold_header = g->era == ERA_TYPEWRITTEN ? rng_chance(r, 0.3) :
	    rng_chance(r, 0.8);

	volume_columns(g);
	volume_variants(g);

	if (g->era == ERA_TYPEWRITTEN)
		g->date_fmt = rng_range(r, 0, 2);
	else if (g->era == ERA_PRINTED)
		g->date_fmt = rng_range(r, 3, 5);
	else
		g->date_fmt = rng_chance(r, 0.7) ? 3 : 4;
	g->seq_dot = g->era == ERA_TYPEWRITTEN && rng_chance(r, 0.3);
	g->serial_prefix = PICK(r, serial_prefixes);
	g->serial_sep = g->serial_prefix[0] != '\0' && rng_chance(r, 0.6);
	ndigits = rng_chance(r, 0.5) ? 6 : 7;
	g->serial_digits = ndigits;
	g->serial_next = (long)rng_range(r, 1000, ndigits == 6 ? 900000 :
	    9000000);
	g->reg_fmt = rng_range(r, 0, 2);
	g->school_main = rng_range(r, 0, (int)NITEMS(school_names) - 1);
	g->ink = g->era == ERA_TYPEWRITTEN ? rng_uniform(r, 0.12, 0.25) :
	    rng_uniform(r, 0.02, 0.12);
}

/* Inserts column c at position at, moving the ones after it right. */
static void
insert_col(struct gen *g, int at, const struct column *c)
{
	if (g->ncols >= MAXCOLS)
		errx(1, "too many columns");
	memmove(&g->cols[at + 1], &g->cols[at],
	    (size_t)(g->ncols - at) * sizeof(*c));
	g->cols[at] = *c;
	g->ncols++;
}

/* Index of the column of field f, or -1. */
static int
col_of(const struct gen *g, enum field f)
{
	int	 i;

	for (i = 0; i < g->ncols; i++)
		if (g->cols[i].key == f)
			return i;
	return -1;
}

/*
 * --layout and --header's changes to the volume's columns, from their own
 * stream: unknown columns inserted between known ones, the known ones
 * shuffled (the row number stays first, signature and notes last),
 * names and schools that wrap, and the groups of a two-level header:
 * "Người được cấp văn bằng" over the person's columns that follow the
 * name, "Văn bằng" over serial and entry numbers when they are side by
 * side.
 */
static void
volume_variants(struct gen *g)
{
	static const enum field	 person[] = {
		FIELD_FULL_NAME, FIELD_DATE_OF_BIRTH, FIELD_PLACE_OF_BIRTH,
		FIELD_SEX, FIELD_ETHNICITY
	};
	struct rng	*r = &g->vrng;
	struct column	 c, t;
	int		 i, j, k, n, lo, hi, first, a, b, g1 = 0;
	size_t		 q;

	if (g->layout == LAYOUT_EXTRA) {
		n = rng_range(r, 1, MAXEXTRA);
		first = rng_range(r, 0, (int)NITEMS(extra_labels) - 1);
		for (k = 0; k < n; k++) {
			memset(&c, 0, sizeof(c));
			c.key = FIELD_UNKNOWN;
			c.extra = k + 1;
			c.xkind = (first + k) % (int)NITEMS(extra_labels);
			c.align = PANGO_ALIGN_CENTER;
			c.slack = rng_uniform(r, 0.9, 1.25);
			c.label = nfc(extra_labels[c.xkind]);
			/* after the name, before the last column */
			insert_col(g, rng_range(r, 2, g->ncols - 1), &c);
		}
	}
	if (g->layout == LAYOUT_ORDER) {
		lo = 1;
		hi = g->ncols;
		while (hi > lo && (g->cols[hi - 1].key == FIELD_SIGNATURE ||
		    g->cols[hi - 1].key == FIELD_NOTES))
			hi--;
		for (i = hi - 1; i > lo; i--) {
			j = rng_range(r, lo, i);
			t = g->cols[i];
			g->cols[i] = g->cols[j];
			g->cols[j] = t;
		}
		/* the name never stays second: the era's order is the test */
		if (g->cols[1].key == FIELD_FULL_NAME && hi - lo > 1) {
			t = g->cols[1];
			g->cols[1] = g->cols[hi - 1];
			g->cols[hi - 1] = t;
		}
	}
	if (g->layout == LAYOUT_WRAP)
		for (i = 0; i < g->ncols; i++)
			if (g->cols[i].key == FIELD_FULL_NAME ||
			    g->cols[i].key == FIELD_SCHOOL)
				g->cols[i].wrap = 1;
	if (g->header != HEAD_TWO_LEVEL)
		return;
	a = col_of(g, FIELD_FULL_NAME);
	if (a >= 0) {
		for (b = a + 1; b < g->ncols; b++) {
			for (q = 0; q < NITEMS(person); q++)
				if (g->cols[b].key == person[q])
					break;
			if (q == NITEMS(person))
				break;
		}
		if (b - a >= 2) {
			g->groups[g1++] = nfc(rng_chance(r, 0.5) ?
			    "Người được cấp văn bằng" : "Thông tin người học");
			for (i = a; i < b; i++)
				g->cols[i].group = g1;
		}
	}
	a = col_of(g, FIELD_SERIAL_NO);
	b = col_of(g, FIELD_REGISTER_NO);
	if (a >= 0 && b >= 0 && (a - b == 1 || b - a == 1)) {
		g->groups[g1++] = nfc("Văn bằng");
		g->cols[a].group = g1;
		g->cols[b].group = g1;
	}
}

/* ---------------------------------------------------------------------- */
/* Row content. */

static int
days_in_month(int y, int m)
{
	static const int	 d[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static void
fill_name(struct gen *g, struct row *row, int female)
{
	struct rng	*r = &g->rng;
	char		 buf[160];
	const char	*sur, *mid1, *mid2, *given;
	int		 words, thi;

	sur = surnames[rng_weighted(r, surname_weights, NITEMS(surnames))];
	words = rng_chance(r, 0.04) ? 2 : rng_chance(r, 0.78) ? 3 : 4;
	given = female ? PICK(r, givens_f) : PICK(r, givens_m);
	thi = female && rng_chance(r, g->era == ERA_C21 ? 0.6 : 0.85);
	if (female)
		mid1 = thi ? "Thị" : PICK(r, middles_f);
	else
		mid1 = rng_chance(r, 0.45) ? "Văn" : PICK(r, middles_m);
	while (strcmp(mid1, given) == 0)
		given = female ? PICK(r, givens_f) : PICK(r, givens_m);
	do
		mid2 = female ? PICK(r, middles_f) : PICK(r, middles_m);
	while (strcmp(mid2, mid1) == 0 || strcmp(mid2, given) == 0);
	if (words == 2)
		bprintf(buf, sizeof(buf), "%s %s", sur, given);
	else if (words == 3)
		bprintf(buf, sizeof(buf), "%s %s %s", sur, mid1, given);
	else
		bprintf(buf, sizeof(buf), "%s %s %s %s", sur, mid1, mid2,
		    given);
	cell_set(row, FIELD_FULL_NAME, buf, buf);
}

static void
fill_dob(struct gen *g, struct row *row)
{
	struct rng	*r = &g->rng;
	char		 text[32], value[16];
	int		 age, y, m, d;

	if (rng_chance(r, 0.85))
		age = rng_range(r, 17, 19);
	else if (rng_chance(r, 0.65))
		age = rng_range(r, 20, 22);
	else
		age = rng_range(r, 23, 35);
	y = g->year - age;
	m = rng_range(r, 1, 12);
	d = rng_range(r, 1, days_in_month(y, m));
	/* Old ledgers sometimes knew only the year of birth. */
	if (g->era == ERA_TYPEWRITTEN && rng_chance(r, 0.015)) {
		bprintf(text, sizeof(text), "%d", y);
		bprintf(value, sizeof(value), "%d", y);
		cell_set(row, FIELD_DATE_OF_BIRTH, text, value);
		return;
	}
	switch (g->date_fmt) {
	case 0:
		bprintf(text, sizeof(text), "%d/%d/%02d", d, m, y % 100);
		break;
	case 1:
		bprintf(text, sizeof(text), "%02d/%02d/%02d", d, m, y % 100);
		break;
	case 2:
		bprintf(text, sizeof(text), "%02d-%02d-%04d", d, m, y);
		break;
	case 3:
		bprintf(text, sizeof(text), "%02d/%02d/%04d", d, m, y);
		break;
	case 4:
		bprintf(text, sizeof(text), "%d/%d/%04d", d, m, y);
		break;
	default:
		bprintf(text, sizeof(text), "%02d.%02d.%04d", d, m, y);
		break;
	}
	bprintf(value, sizeof(value), "%04d-%02d-%02d", y, m, d);
	cell_set(row, FIELD_DATE_OF_BIRTH, text, value);
}

static void
fill_place(struct gen *g, struct row *row)
{
	struct rng	*r = &g->rng;
	char		 buf[256];
	int		 p;

	p = rng_chance(r, 0.65) ? g->prov :
	    rng_range(r, 0, (int)NITEMS(provinces) - 1);
	if (rng_chance(r, 0.78)) {
		if (p == 4)
			bprintf(buf, sizeof(buf), "TP. Hồ Chí Minh");
		else
			bprintf(buf, sizeof(buf), "%s", provinces[p]);
	} else if (p < NCITIES) {
		bprintf(buf, sizeof(buf), "phường %s, quận %s, thành phố %s",
		    PICK(r, communes), PICK(r, districts), provinces[p]);
	} else {
		bprintf(buf, sizeof(buf), "xã %s, huyện %s, tỉnh %s",
		    PICK(r, communes), PICK(r, districts), provinces[p]);
	}
	cell_set(row, FIELD_PLACE_OF_BIRTH, buf, buf);
}

static void
fill_serial(struct gen *g, struct row *row)
{
	char	 buf[32], val[32];

	if (rng_chance(&g->rng, 0.04))
		g->serial_next += rng_range(&g->rng, 1, 25);
	bprintf(buf, sizeof(buf), "%s%s%0*ld", g->serial_prefix,
	    g->serial_sep ? " " : "", g->serial_digits, g->serial_next);
	/* The serial's value has no spaces: "A 0123456" is A0123456. */
	bprintf(val, sizeof(val), "%s%0*ld", g->serial_prefix,
	    g->serial_digits, g->serial_next);
	g->serial_next++;
	cell_set(row, FIELD_SERIAL_NO, buf, val);
}

static void
fill_register(struct gen *g, struct row *row)
{
	char	 buf[32];

	switch (g->reg_fmt) {
	case 0:
		bprintf(buf, sizeof(buf), "%ld", g->reg_next);
		break;
	case 1:
		bprintf(buf, sizeof(buf), "%ld/%d", g->reg_next, g->year);
		break;
	default:
		bprintf(buf, sizeof(buf), "%02d-THPT/%ld", g->year % 100,
		    g->reg_next);
		break;
	}
	g->reg_next++;
	cell_set(row, FIELD_REGISTER_NO, buf, buf);
}

static void
fill_notes(struct gen *g, struct row *row)
{
	struct rng	*r = &g->rng;
	char		 buf[96];

	buf[0] = '\0';
	if (rng_chance(r, 0.9)) {
		/* most rows have no note */
	} else {
		switch (rng_range(r, 0, 4)) {
		case 0:
			bprintf(buf, sizeof(buf), "Cấp lại");
			break;
		case 1:
			bprintf(buf, sizeof(buf), "Đã cấp bản sao");
			break;
		case 2:
			bprintf(buf, sizeof(buf),
			    "Thu hồi theo QĐ số %d/QĐ-SGDĐT",
			    rng_range(r, 2, 250));
			break;
		case 3:
			bprintf(buf, sizeof(buf), "Cấp lại ngày %d/%d/%d",
			    rng_range(r, 1, 28), rng_range(r, 1, 12),
			    g->year + rng_range(r, 1, 6));
			break;
		default:
			bprintf(buf, sizeof(buf), "Hủy bỏ");
			break;
		}
	}
	cell_set(row, FIELD_NOTES, buf, buf);
}

static void
fill_row(struct gen *g, struct row *row)
{
	static const int	 w_tw[] = { 0, 10, 35, 55 };
	static const int	 w_pr[] = { 2, 10, 35, 53 };
	struct rng		*r = &g->rng;
	char			 text[32], value[32], school[96];
	const char		*eth;
	size_t			 k;
	int			 female, s;

	memset(row, 0, sizeof(*row));
	female = rng_chance(r, 0.52);
	bprintf(value, sizeof(value), "%ld", g->seq_next);
	bprintf(text, sizeof(text), "%ld%s", g->seq_next,
	    g->seq_dot ? "." : "");
	g->seq_next++;
	cell_set(row, FIELD_SEQ, text, value);
	fill_name(g, row, female);
	fill_dob(g, row);
	fill_place(g, row);
	cell_set(row, FIELD_SEX, female ? "Nữ" : "Nam", female ? "Nữ" : "Nam");
	if (rng_chance(r, 0.9))
		eth = ethnicities[0];
	else if (rng_chance(r, 0.7))
		eth = ethnicities[rng_range(r, 1, 12)];
	else
		eth = ethnicities[rng_range(r, 13,
		    (int)NITEMS(ethnicities) - 1)];
	cell_set(row, FIELD_ETHNICITY, eth, eth);
	s = rng_chance(r, 0.85) ? g->school_main :
	    rng_range(r, 0, (int)NITEMS(school_names) - 1);
	bprintf(school, sizeof(school), "THPT %s", school_names[s]);
	cell_set(row, FIELD_SCHOOL, school, school);
	k = g->era == ERA_TYPEWRITTEN ? rng_weighted(r, w_tw, NITEMS(w_tw)) :
	    rng_weighted(r, w_pr, NITEMS(w_pr));
	cell_set(row, FIELD_CLASSIFICATION, classes[k], classes[k]);
	fill_serial(g, row);
	fill_register(g, row);
	fill_notes(g, row);
	row->sign = rng_chance(r, 0.92);
}

static void
row_clear(struct row *row)
{
	int	 i;

	for (i = 0; i < FIELD_COUNT; i++) {
		free(row->f[i].text);
		free(row->f[i].value);
		free(row->drawn[i]);
		row->f[i].text = NULL;
		row->f[i].value = NULL;
		row->drawn[i] = NULL;
	}
	for (i = 0; i < MAXEXTRA; i++) {
		free(row->extra[i]);
		row->extra[i] = NULL;
	}
}

/* ---------------------------------------------------------------------- */
/* Text measurement and drawing. */

static PangoFontDescription *
font_new(const char *family, double px, int bold)
{
	PangoFontDescription	*fd;

	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	return fd;
}

/*
 * Sets up g->pl for text in font family at px pixels, wrapped at width
 * pixels (or not when width <= 0), and returns its logical size.
 */
static void
text_setup(struct gen *g, const char *family, double px, int bold,
    const char *text, double width, PangoAlignment align, int *w, int *h)
{
	PangoFontDescription	*fd;
	PangoRectangle		 lr;

	fd = font_new(family, px, bold);
	pango_layout_set_font_description(g->pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_alignment(g->pl, align);
	pango_layout_set_wrap(g->pl, PANGO_WRAP_WORD);
	if (width > 0)
		pango_layout_set_width(g->pl, (int)(width * PANGO_SCALE));
	else
		pango_layout_set_width(g->pl, -1);
	pango_layout_set_text(g->pl, text, -1);
	pango_layout_get_pixel_extents(g->pl, NULL, &lr);
	if (w != NULL)
		*w = lr.width;
	if (h != NULL)
		*h = lr.height;
}

/* Width of the widest word of text (words split at spaces and breaks). */
static int
widest_word(struct gen *g, const char *family, double px, int bold,
    const char *text)
{
	char	 word[256];
	size_t	 i, n = 0;
	int	 w, best = 0;

	for (i = 0;; i++) {
		if (text[i] == ' ' || text[i] == '\n' || text[i] == '\0') {
			if (n > 0) {
				word[n] = '\0';
				text_setup(g, family, px, bold, word, 0,
				    PANGO_ALIGN_LEFT, &w, NULL);
				if (w > best)
					best = w;
			}
			n = 0;
			if (text[i] == '\0')
				break;
		} else if (n + 1 < sizeof(word))
			word[n++] = text[i];
	}
	return best;
}

/*
 * Draws g->pl at (x, y) on cr.  Typewritten pages are struck glyph by
 * glyph, each with its own baseline offset and darkness, and now and then
 * twice, as a worn typewriter does.
 */
static void
text_draw(struct gen *g, cairo_t *cr, double x, double y, double gray)
{
	PangoLayoutIter		*it;
	PangoLayoutRun		*run;
	PangoGlyphString	*one, *gs;
	PangoRectangle		 lr;
	double			 dy = 0, a = 1, dbl = 0, base;
	int			 i, xoff;

	if (g->era != ERA_TYPEWRITTEN) {
		cairo_set_source_rgb(cr, gray, gray, gray);
		cairo_move_to(cr, x, y);
		pango_cairo_show_layout(cr, g->pl);
		return;
	}
	one = pango_glyph_string_new();
	pango_glyph_string_set_size(one, 1);
	it = pango_layout_get_iter(g->pl);
	do {
		run = pango_layout_iter_get_run_readonly(it);
		if (run == NULL)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &lr);
		base = (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		gs = run->glyphs;
		xoff = lr.x;
		for (i = 0; i < gs->num_glyphs; i++) {
			if (i == 0 ||
			    gs->log_clusters[i] != gs->log_clusters[i - 1]) {
				dy = rng_uniform(&g->rng, -1.2, 1.2) *
				    g->dpi / 300.0;
				a = rng_uniform(&g->rng, 0.72, 1.0);
				dbl = rng_chance(&g->rng, 0.04) ?
				    rng_uniform(&g->rng, 0.8, 1.6) : 0;
			}
			one->glyphs[0] = gs->glyphs[i];
			one->log_clusters[0] = 0;
			cairo_set_source_rgba(cr, gray, gray, gray, a);
			cairo_move_to(cr, x + (double)xoff / PANGO_SCALE,
			    y + base + dy);
			pango_cairo_show_glyph_string(cr,
			    run->item->analysis.font, one);
			if (dbl > 0) {
				cairo_set_source_rgba(cr, gray, gray, gray,
				    a * 0.45);
				cairo_move_to(cr, x + dbl +
				    (double)xoff / PANGO_SCALE,
				    y + base + dy + dbl * 0.3);
				pango_cairo_show_glyph_string(cr,
				    run->item->analysis.font, one);
			}
			xoff += gs->glyphs[i].geometry.width;
		}
	} while (pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	pango_glyph_string_free(one);
}

/* Text centred horizontally on cx, top at y; returns its height. */
static int
text_centre(struct gen *g, const char *family, double px, int bold,
    const char *text, double cx, double y, double maxw)
{
	int	 w, h;

	text_setup(g, family, px, bold, text, maxw, PANGO_ALIGN_CENTER, &w,
	    &h);
	if (maxw > 0)
		text_draw(g, g->inkcr, cx - maxw / 2, y, g->ink);
	else
		text_draw(g, g->inkcr, cx - w / 2.0, y, g->ink);
	return h;
}

/* ---------------------------------------------------------------------- */
/* Layout: fit columns and rows to the page. */

static const char *
col_font(const struct gen *g)
{
	return g->font;
}

/* The text drawn in column c of row r. */
static const char *
col_text(const struct row *r, const struct column *c)
{
	if (c->extra > 0)
		return r->extra[c->extra - 1];
	if (c->key == FIELD_UNKNOWN)
		return NULL;
	if (r->drawn[c->key] != NULL)
		return r->drawn[c->key];
	return r->f[c->key].text;
}

/*
 * Shares the table width W among the columns, into wd.  Columns start at
 * their preferred width; when that is too wide, they give up width in an
 * order that hurts least: first the slack, then the columns that wrap
 * gracefully (place of birth, notes), then the signature column, and last,
 * only when not strict, the school, whose name should stay on one line.
 * Returns -1 when strict and that last step would be needed.
 */
static int
widths_share(const struct gen *g, const double *minw, const double *base,
    const double *pref, double W, int strict, double *wd)
{
	double		 sum = 0, excess, avail, floor[MAXCOLS], k;
	int		 i, stage;
	enum field	 f;

	for (i = 0; i < g->ncols; i++) {
		wd[i] = pref[i];
		sum += wd[i];
	}
	if (sum <= W) {
		for (i = 0; i < g->ncols; i++)
			wd[i] *= W / sum;
		return 0;
	}
	for (stage = 0; stage < 4; stage++) {
		excess = sum - W;
		if (excess <= 0.5)
			return 0;
		if (stage == 3 && strict)
			return -1;
		avail = 0;
		for (i = 0; i < g->ncols; i++) {
			f = g->cols[i].key;
			if (stage == 0)
				floor[i] = base[i];
			else if (stage == 1 && (f == FIELD_NOTES ||
			    f == FIELD_PLACE_OF_BIRTH))
				floor[i] = minw[i];
			else if (stage == 2 && f == FIELD_SIGNATURE)
				floor[i] = minw[i];
			else if (stage == 3)
				floor[i] = minw[i];
			else
				floor[i] = wd[i];
			if (floor[i] > wd[i])
				floor[i] = wd[i];
			avail += wd[i] - floor[i];
		}
		if (avail <= 0)
			continue;
		k = fmin(1, excess / avail);
		sum = 0;
		for (i = 0; i < g->ncols; i++) {
			wd[i] -= (wd[i] - floor[i]) * k;
			sum += wd[i];
		}
	}
	return sum - W > 0.5 ? -1 : 0;
}

/*
 * Tries to lay the table out with body text of px pixels between y0 and
 * ybottom.  Returns 0 and fills L when it fits, -1 when it does not.
 */
/*
 * Column i's least width (minw), the width its text wants (base) and what
 * it would take with its slack (pref), from its label and the page's rows.
 */
static void
col_want(struct gen *g, struct page *p, const struct layout *L, int i,
    double *minw, double *base, double *pref)
{
	struct column	*c = &g->cols[i];
	const char	*txt;
	double		 px = L->body_px, hp = L->head_px, pad = 2 * L->pad_x + 2;
	int		 j, w, wmax;

	*minw = widest_word(g, col_font(g), hp, g->bold_header, c->label) +
	    pad;
	/* a header label may wrap, but onto no more than 4 lines */
	text_setup(g, col_font(g), hp, g->bold_header, c->label, 0,
	    PANGO_ALIGN_LEFT, &w, NULL);
	*minw = fmax(*minw, w / 3.5 + pad);
	*pref = *minw;
	if (c->key == FIELD_SIGNATURE) {
		*pref = fmax(*pref, 30 * g->ppmm);
		*minw = fmax(*minw, 16 * g->ppmm);
	}
	if (c->key == FIELD_NOTES)
		*pref = fmax(*pref, 18 * g->ppmm);
	wmax = 0;
	for (j = 0; j < p->nrows; j++) {
		txt = col_text(&p->rows[j], c);
		if (txt == NULL || txt[0] == '\0')
			continue;
		if (c->wrap) {
			w = widest_word(g, col_font(g), px, 0, txt);
			*minw = fmax(*minw, w + pad);
		}
		text_setup(g, col_font(g), px, 0, txt, 0,
		    PANGO_ALIGN_LEFT, &w, NULL);
		/* a lone province name stays on one line */
		if (c->key == FIELD_PLACE_OF_BIRTH &&
		    strchr(txt, ',') == NULL)
			*minw = fmax(*minw, w + pad);
		text_setup(g, col_font(g), px, 0, txt, 0,
		    PANGO_ALIGN_LEFT, &w, NULL);
		if (w > wmax)
			wmax = w;
	}
	if (!c->wrap)
		*minw = fmax(*minw, wmax + pad);
	else if (c->key != FIELD_SCHOOL)
		wmax = (int)fmin(wmax, (c->key == FIELD_NOTES ? 32 :
		    42) * g->ppmm);
	*pref = fmax(*pref, wmax + pad);
	if (c->key == FIELD_SEQ)
		*pref = fmax(*pref, 8 * g->ppmm);
	*base = fmax(*minw, *pref);
	*pref = fmax(*base, *pref * c->slack);
}

/* The header row's height (with the group row and the c21 number row). */
static void
head_height(struct gen *g, struct layout *L)
{
	struct column	*c;
	int		 i, h, need = 0;

	for (i = 0; i < g->ncols; i++) {
		c = &g->cols[i];
		text_setup(g, col_font(g), L->head_px, g->bold_header,
		    c->label, c->w - 2 * L->pad_x, PANGO_ALIGN_CENTER, NULL,
		    &h);
		if (h > need)
			need = h;
	}
	L->head_h = (int)(need + 4 * L->pad_y + L->lh * 0.3);
	if (g->groups[0] != NULL) {
		L->group_h = (int)(L->lh * 1.1 + 2 * L->pad_y);
		L->head_h += L->group_h;
	}
	L->num_h = g->era == ERA_C21 ? (int)(L->lh * 0.85 + 2 * L->pad_y) : 0;
}

/* Each ruled row's height in L->rowh; the sum of them. */
static int
row_heights(struct gen *g, struct page *p, struct layout *L)
{
	struct column	*c;
	const char	*txt;
	int		 i, j, h, lines, need, total = 0;

	L->nruled = p->nrows + p->nempty;
	for (j = 0; j < L->nruled; j++) {
		lines = 1;
		for (i = 0; j < p->nrows && i < g->ncols; i++) {
			c = &g->cols[i];
			txt = col_text(&p->rows[j], c);
			if (!c->wrap || txt == NULL || txt[0] == '\0')
				continue;
			text_setup(g, col_font(g), L->body_px, 0, txt,
			    c->w - 2 * L->pad_x, c->align, NULL, &h);
			if ((int)(h / L->lh + 0.5) > lines)
				lines = (int)(h / L->lh + 0.5);
		}
		L->rowh[j] = (int)(lines * L->lh + 2 * L->pad_y + 1);
	}
	/* Pre-ruled forms (typewritten) have rows of one height. */
	if (g->era == ERA_TYPEWRITTEN) {
		need = 0;
		for (j = 0; j < L->nruled; j++)
			if (L->rowh[j] > need)
				need = L->rowh[j];
		for (j = 0; j < L->nruled; j++)
			L->rowh[j] = need;
	}
	for (j = 0; j < L->nruled; j++)
		total += L->rowh[j];
	return total;
}

/*
 * Tries to lay the table out with body text of px pixels between y0 and
 * ybottom.  Returns 0 and fills L when it fits, -1 when it does not.
 */
static int
layout_try(struct gen *g, struct page *p, double px, int strict, int x0,
    int x1, int y0, int ybottom, struct layout *L)
{
	double		 minw[MAXCOLS], pref[MAXCOLS];
	double		 base[MAXCOLS], wd[MAXCOLS];
	double		 smin = 0, W, extra;
	int		 i, j, h, x, total;

	memset(L, 0, sizeof(*L));
	L->body_px = px;
	L->head_px = px * (g->era == ERA_C21 ? 0.95 : 1.0);
	L->pad_x = px * 0.35;
	L->pad_y = px * 0.3;
	text_setup(g, col_font(g), px, 0, "Ậg", 0, PANGO_ALIGN_LEFT, NULL, &h);
	L->lh = h;
	L->x0 = x0;
	L->x1 = x1;
	L->y0 = y0;
	W = x1 - x0;

	for (i = 0; i < g->ncols; i++) {
		col_want(g, p, L, i, &minw[i], &base[i], &pref[i]);
		smin += minw[i];
	}
	if (smin > W)
		return -1;
	if (widths_share(g, minw, base, pref, W, strict, wd) != 0)
		return -1;
	x = x0;
	for (i = 0; i < g->ncols; i++) {
		g->cols[i].x = x;
		g->cols[i].w = i == g->ncols - 1 ? x1 - x : (int)wd[i];
		x += g->cols[i].w;
	}
	head_height(g, L);
	total = L->head_h + L->num_h + row_heights(g, p, L);
	if (y0 + total > ybottom)
		return -1;
	/* Spread what is left over the rows, up to a line each. */
	extra = (double)(ybottom - y0 - total) / L->nruled;
	extra = fmin(extra, L->lh * 0.9);
	for (j = 0; j < L->nruled; j++)
		L->rowh[j] += (int)extra;
	L->y1 = y0 + L->head_h + L->num_h;
	for (j = 0; j < L->nruled; j++)
		L->y1 += L->rowh[j];
	return 0;
}

/* Binary search for the largest body size that fits; -1 if none does. */
static double
layout_search(struct gen *g, struct page *p, int strict, int x0, int x1,
    int y0, int ybottom, struct layout *L)
{
	double	 lo, hi, mid, best = -1;
	int	 i;

	/* Body text between 6 and 12 points. */
	lo = 6.0 / 72.0 * g->dpi;
	hi = (g->era == ERA_C21 ? 11.0 : 12.0) / 72.0 * g->dpi;
	if (layout_try(g, p, hi, strict, x0, x1, y0, ybottom, L) == 0)
		return hi;
	if (layout_try(g, p, lo, strict, x0, x1, y0, ybottom, L) != 0)
		return -1;
	best = lo;
	for (i = 0; i < 8; i++) {
		mid = (lo + hi) / 2;
		if (layout_try(g, p, mid, strict, x0, x1, y0, ybottom, L) ==
		    0) {
			best = mid;
			lo = mid;
		} else
			hi = mid;
	}
	return best;
}

static void
layout_fit(struct gen *g, struct page *p, int x0, int x1, int y0,
    int ybottom, struct layout *L)
{
	double	 px;
	int	 strict;

	for (;;) {
		for (strict = 1; strict >= 0; strict--) {
			px = layout_search(g, p, strict, x0, x1, y0, ybottom,
			    L);
			if (px > 0) {
				if (layout_try(g, p, px, strict, x0, x1, y0,
				    ybottom, L) != 0)
					errx(1, "page %d: layout is not "
					    "repeatable", p->no);
				return;
			}
		}
		/* Drop empty and then data rows until the table fits. */
		if (p->nempty > 0)
			p->nempty--;
		else if (p->nrows > 1) {
			p->nrows--;
			row_clear(&p->rows[p->nrows]);
			warnx("page %d: dropped a row to fit", p->no);
		} else
			errx(1, "page %d: the table does not fit", p->no);
	}
}

/* ---------------------------------------------------------------------- */
/* Drawing. */

/*
 * A ruling line.  Heavy damage breaks some lines and fades pieces of them;
 * typewritten forms were ruled by hand and wobble a little.
 */
static void
rule(struct gen *g, double xa, double ya, double xb, double yb, double lw)
{
	struct rng	*r = &g->rng;
	cairo_t		*cr = g->inkcr;
	double		 len, pos, seg, nx, ny, dx, dy, off = 0, a;
	int		 broken, wobble;

	len = hypot(xb - xa, yb - ya);
	if (len < 1)
		return;
	dx = (xb - xa) / len;
	dy = (yb - ya) / len;
	nx = -dy;
	ny = dx;
	broken = g->damage >= 2 && rng_chance(r, 0.35);
	wobble = g->era == ERA_TYPEWRITTEN;
	cairo_set_line_width(cr, lw);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	if (!broken && !wobble) {
		cairo_set_source_rgb(cr, g->ink, g->ink, g->ink);
		cairo_move_to(cr, xa, ya);
		cairo_line_to(cr, xb, yb);
		cairo_stroke(cr);
		return;
	}
	for (pos = 0; pos < len; pos += seg) {
		seg = rng_uniform(r, 20, 160) * g->dpi / 300.0;
		if (pos + seg > len)
			seg = len - pos;
		a = 1;
		if (broken && rng_chance(r, 0.25))
			a = rng_uniform(r, 0.15, 0.6);
		cairo_set_source_rgba(cr, g->ink, g->ink, g->ink, a);
		cairo_move_to(cr, xa + dx * pos + nx * off,
		    ya + dy * pos + ny * off);
		if (wobble)
			off = fmax(-1.5, fmin(1.5, off +
			    rng_uniform(r, -0.4, 0.4)));
		cairo_line_to(cr, xa + dx * (pos + seg) + nx * off,
		    ya + dy * (pos + seg) + ny * off);
		cairo_stroke(cr);
		if (broken && rng_chance(r, 0.2))
			pos += rng_uniform(r, 2, 12) * g->dpi / 300.0;
	}
}

static void
draw_title(struct gen *g, struct page *p, int *ybottom_title, int *yfoot)
{
	double	 px = 11.0 / 72.0 * g->dpi, cx, y, top, lw;
	char	 buf[32];
	int	 h, hl = 0, hr = 0;

	top = rng_uniform(&g->rng, 7, 11) * g->ppmm;
	lw = g->pw * 0.36;
	/* authority top left, national motto top right */
	hl = text_centre(g, g->font, px, 1, g->authority,
	    14 * g->ppmm + lw / 2, top, lw);
	if (g->motto) {
		hr = text_centre(g, g->font, px, 1,
		    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", g->pw -
		    14 * g->ppmm - lw / 2, top, lw);
		hr += text_centre(g, g->font, px, 0,
		    "Độc lập - Tự do - Hạnh phúc", g->pw - 14 * g->ppmm -
		    lw / 2, top + hr, lw);
	}
	y = top + (hl > hr ? hl : hr) + 2.5 * g->ppmm;
	cx = g->pw / 2.0;
	h = text_centre(g, g->font, px * 1.35, 1, g->title, cx, y, 0);
	y += h;
	h = text_centre(g, g->font, px, 0, g->subtitle, cx, y, 0);
	y += h;
	if (g->decision != NULL) {
		h = text_centre(g, g->font, px * 0.9, 0, g->decision, cx, y,
		    0);
		y += h;
	}
	*ybottom_title = (int)(y + 3 * g->ppmm);
	/* room below for a skew of 3 degrees not to cut the table */
	*yfoot = (int)(g->ph - 13 * g->ppmm);
	if (g->footer) {
		bprintf(buf, sizeof(buf), "Trang %d", g->page_base + p->no);
		text_setup(g, g->font, px * 0.85, 0, buf, 0, PANGO_ALIGN_LEFT,
		    NULL, &h);
		text_draw(g, g->inkcr, g->pw / 2.0 - 6 * g->ppmm,
		    g->ph - 9 * g->ppmm - h, g->ink);
		*yfoot = (int)(g->ph - 11 * g->ppmm - h);
	}
}

static void
draw_cell_text(struct gen *g, const struct layout *L, const struct column *c,
    double top, double h, const char *text, double px, int bold,
    PangoAlignment align)
{
	int	 th;

	if (text == NULL || text[0] == '\0')
		return;
	text_setup(g, col_font(g), px, bold, text, c->w - 2 * L->pad_x,
	    align, NULL, &th);
	text_draw(g, g->inkcr, c->x + L->pad_x, top + (h - th) / 2.0, g->ink);
}

static void	 fade_rect(struct gen *, struct rng *, int, int, int, int,
		    double, double);
static void	 tear_header(struct gen *, const struct layout *);

/*
 * The upper level of a two-level header: each group's label centred over
 * its columns, ruled off below them.  Returns nothing; draws on the ink.
 */
static void
draw_groups(struct gen *g, const struct layout *L)
{
	struct column	 span;
	int		 k, i, a, b;

	for (k = 1; k <= 2 && g->groups[k - 1] != NULL; k++) {
		a = -1;
		b = -1;
		for (i = 0; i < g->ncols; i++)
			if (g->cols[i].group == k) {
				if (a < 0)
					a = i;
				b = i;
			}
		if (a < 0)
			continue;
		memset(&span, 0, sizeof(span));
		span.x = g->cols[a].x;
		span.w = g->cols[b].x + g->cols[b].w - span.x;
		draw_cell_text(g, L, &span, L->y0, L->group_h,
		    g->groups[k - 1], L->head_px, g->bold_header,
		    PANGO_ALIGN_CENTER);
		rule(g, span.x, L->y0 + L->group_h, span.x + span.w,
		    L->y0 + L->group_h, g->rule_w);
	}
}

static void
draw_table(struct gen *g, struct page *p, const struct layout *L)
{
	struct column	*c;
	const char	*txt;
	double		 y, lw = g->rule_w, top;
	char		 num[16];
	int		 i, j;

	/* header */
	for (i = 0; i < g->ncols; i++) {
		c = &g->cols[i];
		/* under a group, a label fills the lower level only */
		top = c->group > 0 ? L->group_h : 0;
		draw_cell_text(g, L, c, L->y0 + top, L->head_h - top,
		    c->label, L->head_px, g->bold_header, PANGO_ALIGN_CENTER);
	}
	y = L->y0 + L->head_h;
	if (L->num_h > 0) {
		for (i = 0; i < g->ncols; i++) {
			c = &g->cols[i];
			bprintf(num, sizeof(num), "(%d)", i + 1);
			draw_cell_text(g, L, c, y, L->num_h, num,
			    L->body_px * 0.85, 0, PANGO_ALIGN_CENTER);
		}
		y += L->num_h;
	}
	/* One writer filled in the page's entries (the form is blank). */
	if (g->hand > 0 && hand_writer_new(&g->hrng, g->pl, L->body_px,
	    &g->writer) != 0)
		errx(1, "--hand: no handwriting font installed (Debian: "
		    "fonts-dancingscript or fonts-breip)");
	for (j = 0; j < p->nrows; j++) {
		for (i = 0; i < g->ncols; i++) {
			c = &g->cols[i];
			if (c->key == FIELD_SIGNATURE)
				continue;
			txt = col_text(&p->rows[j], c);
			if (p->rows[j].hand && txt != NULL)
				hand_text(g->inkcr, g->pl, &g->hrng,
				    &g->writer, txt, L->body_px,
				    c->x + L->pad_x, y + 1,
				    c->w - 2 * L->pad_x, L->rowh[j] - 2,
				    c->align == PANGO_ALIGN_CENTER);
			else
				draw_cell_text(g, L, c, y, L->rowh[j], txt,
				    L->body_px, 0, c->align);
		}
		y += L->rowh[j];
	}
	/* typed labels fade; the printed form's rules do not */
	if (g->header == HEAD_FADED)
		fade_rect(g, &g->vrng, L->x0, L->y0, L->x1, L->y0 + L->head_h,
		    0.62, 0.9);

	/* ruling: horizontal lines, then the column separators */
	y = L->y0;
	rule(g, L->x0, y, L->x1, y, g->border_w);
	y += L->head_h;
	rule(g, L->x0, y, L->x1, y, lw * (g->era == ERA_TYPEWRITTEN ? 1 :
	    1.4));
	if (L->num_h > 0) {
		y += L->num_h;
		rule(g, L->x0, y, L->x1, y, lw);
	}
	for (j = 0; j < L->nruled; j++) {
		y += L->rowh[j];
		if (g->no_row_rules && j != L->nruled - 1)
			continue;
		rule(g, L->x0, y, L->x1, y, j == L->nruled - 1 ?
		    g->border_w : lw);
	}
	rule(g, L->x0, L->y0, L->x0, L->y1, g->border_w);
	for (i = 1; i < g->ncols; i++) {
		/* the merged cell of a group has no rule in its upper level */
		top = g->cols[i].group > 0 &&
		    g->cols[i].group == g->cols[i - 1].group ? L->group_h : 0;
		rule(g, g->cols[i].x, L->y0 + top, g->cols[i].x, L->y1, lw);
	}
	rule(g, L->x1, L->y0, L->x1, L->y1, g->border_w);
	if (g->groups[0] != NULL)
		draw_groups(g, L);
	if (g->header == HEAD_TORN)
		tear_header(g, L);
}

/*
 * --header torn: some header labels are gone, torn away with a piece of
 * the paper's edge: the ink inside the cell is cleared above a ragged
 * line, and the tear's edge shows as a thin grey line.  The table's
 * border and column rules survive, as they do when a page is repaired
 * with tape.  At least two labels go, at most half of them and one.
 */
static void
tear_header(struct gen *g, const struct layout *L)
{
	struct rng	*r = &g->vrng;
	cairo_t		*cr = g->inkcr;
	const struct column *c;
	int		 idx[MAXCOLS], m = 0, want, i, j, t;
	double		 x, x0, x1, ytop, ybot, step, yb;

	for (i = 0; i < g->ncols; i++)
		if (g->cols[i].key != FIELD_SIGNATURE)
			idx[m++] = i;
	want = rng_range(r, 2, m / 2 + 1);
	for (i = 0; i < want; i++) {
		j = rng_range(r, i, m - 1);
		t = idx[i];
		idx[i] = idx[j];
		idx[j] = t;
	}
	step = 2.5 * g->ppmm;
	for (i = 0; i < want; i++) {
		c = &g->cols[idx[i]];
		x0 = c->x + g->rule_w + 1;
		x1 = c->x + c->w - g->rule_w - 1;
		ytop = L->y0 + g->border_w + 1;
		ybot = L->y0 + L->head_h * rng_uniform(r, 0.75, 0.95);
		cairo_new_path(cr);
		cairo_move_to(cr, x0, ytop);
		cairo_line_to(cr, x1, ytop);
		for (x = x1; x > x0; x -= step) {
			yb = ybot + rng_uniform(r, -0.12, 0.12) * L->head_h;
			if (yb > L->y0 + L->head_h - 3)
				yb = L->y0 + L->head_h - 3;
			cairo_line_to(cr, x, yb);
		}
		cairo_line_to(cr, x0, ybot);
		cairo_close_path(cr);
		cairo_save(cr);
		cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
		cairo_fill(cr);
		cairo_restore(cr);
	}
}

/*
 * A scribbled signature: a run of Bezier strokes in blue ballpoint, about
 * as tall as two lines of writing, centred on the row (x, y, w, h).
 */
static void
draw_signature(struct gen *g, double x, double y, double w, double h,
    double lh)
{
	struct rng	*r = &g->rng;
	cairo_t		*cr = g->paper;
	double		 px, py, ex, amp, step, cx1, cy1, cx2, cy2, nx, ny;
	double		 blue;
	int		 i, n;

	blue = rng_uniform(r, 0.45, 0.75);
	if (h > 2.2 * lh) {
		y += (h - 2.2 * lh) / 2;
		h = 2.2 * lh;
	}
	cairo_save(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
	cairo_set_source_rgba(cr, rng_uniform(r, 0.05, 0.2),
	    rng_uniform(r, 0.1, 0.25), blue, rng_uniform(r, 0.75, 0.95));
	cairo_set_line_width(cr, rng_uniform(r, 1.3, 2.8) * g->dpi / 300.0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	px = x + w * rng_uniform(r, 0.05, 0.35);
	py = y + h * rng_uniform(r, 0.3, 0.7);
	ex = px + w * rng_uniform(r, 0.45, 1.05);
	amp = h * rng_uniform(r, 0.35, 0.9);
	n = rng_range(r, 3, 7);
	step = (ex - px) / n;
	cairo_move_to(cr, px, py);
	for (i = 0; i < n; i++) {
		nx = px + step * rng_uniform(r, 0.6, 1.4);
		ny = y + h / 2 + rng_uniform(r, -amp, amp) * 0.6;
		cx1 = px + rng_uniform(r, -0.6, 1.2) * step;
		cy1 = py + rng_uniform(r, -amp, amp);
		cx2 = nx + rng_uniform(r, -1.2, 0.6) * step;
		cy2 = ny + rng_uniform(r, -amp, amp);
		cairo_curve_to(cr, cx1, cy1, cx2, cy2, nx, ny);
		px = nx;
		py = ny;
	}
	if (rng_chance(r, 0.5)) {
		/* the flourish back under the name */
		cairo_curve_to(cr, px + step, py + amp * 0.8,
		    x + w * 0.3, y + h * 0.5 + amp,
		    x + w * rng_uniform(r, 0.0, 0.3),
		    y + h * rng_uniform(r, 0.55, 0.9));
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A round red office stamp, ring text and a star, multiplied on. */
static void
draw_stamp(struct gen *g, double cx, double cy)
{
	struct rng		*r = &g->rng;
	cairo_t			*cr = g->paper;
	PangoLayout		*pl;
	PangoFontDescription	*fd;
	const char		*s, *e;
	char			*ring, ch[8];
	double			 R, rt, total, scale, ang, a, px, rot;
	double			 cw[256];
	int			 n, i, w, h;

	R = rng_uniform(r, 16, 20) * g->ppmm;
	rot = rng_uniform(r, 0, 2 * M_PI);
	ring = xprintf("%s - ", g->authority);
	cairo_save(cr);
	/* keep the group, and the multiply, to the stamp's own square */
	cairo_rectangle(cr, cx - R - 4, cy - R - 4, 2 * R + 8, 2 * R + 8);
	cairo_clip(cr);
	cairo_push_group(cr);
	cairo_set_source_rgb(cr, rng_uniform(r, 0.8, 0.92),
	    rng_uniform(r, 0.05, 0.18), rng_uniform(r, 0.1, 0.2));
	cairo_set_line_width(cr, 0.7 * g->ppmm);
	cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.35 * g->ppmm);
	cairo_arc(cr, cx, cy, R * 0.68, 0, 2 * M_PI);
	cairo_stroke(cr);
	/* five-pointed star */
	for (i = 0; i < 10; i++) {
		a = -M_PI / 2 + rot + i * M_PI / 5;
		px = (i % 2 == 0 ? R * 0.3 : R * 0.12);
		if (i == 0)
			cairo_move_to(cr, cx + px * cos(a), cy + px * sin(a));
		else
			cairo_line_to(cr, cx + px * cos(a), cy + px * sin(a));
	}
	cairo_close_path(cr);
	cairo_fill(cr);

	/* ring text, evenly round the whole circle */
	pl = pango_cairo_create_layout(cr);
	px = R * 0.2;
	fd = font_new("DejaVu Sans", px, 1);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	rt = R * 0.84;
	n = 0;
	total = 0;
	for (s = ring; *s != '\0' && n < (int)NITEMS(cw); s = e) {
		e = g_utf8_next_char(s);
		pango_layout_set_text(pl, s, (int)(e - s));
		pango_layout_get_pixel_size(pl, &w, &h);
		cw[n++] = w;
		total += w;
	}
	scale = 2 * M_PI * rt / total;
	if (scale < 1) {
		fd = font_new("DejaVu Sans", px * scale, 1);
		pango_layout_set_font_description(pl, fd);
		pango_font_description_free(fd);
	}
	ang = rot;
	i = 0;
	for (s = ring; *s != '\0' && i < n; s = e, i++) {
		e = g_utf8_next_char(s);
		if ((size_t)(e - s) >= sizeof(ch))
			continue;
		memcpy(ch, s, (size_t)(e - s));
		ch[e - s] = '\0';
		a = ang + cw[i] / 2 * (2 * M_PI / total);
		pango_layout_set_text(pl, ch, -1);
		pango_layout_get_pixel_size(pl, &w, &h);
		cairo_save(cr);
		cairo_translate(cr, cx + rt * cos(a - M_PI / 2),
		    cy + rt * sin(a - M_PI / 2));
		cairo_rotate(cr, a);
		cairo_move_to(cr, -w / 2.0, -h / 2.0);
		pango_cairo_show_layout(cr, pl);
		cairo_restore(cr);
		ang += cw[i] * (2 * M_PI / total);
	}
	g_object_unref(pl);
	cairo_pop_group_to_source(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
	cairo_paint_with_alpha(cr, rng_uniform(r, 0.55, 0.85));
	cairo_restore(cr);
	free(ring);
}

/* Paper: a tint, and for damaged pages stains, blotches and dust. */
static void
draw_paper(struct gen *g)
{
	struct rng	*r = &g->rng;
	cairo_t		*cr = g->paper;
	cairo_pattern_t	*pat;
	double		 x, y, rad, a, f;
	int		 i, n, ix, iy;

	if (g->damage == 0) {
		g->paper_rgb[0] = g->paper_rgb[1] = g->paper_rgb[2] =
		    rng_uniform(r, 0.955, 0.99);
	} else if (g->damage == 1) {
		g->paper_rgb[0] = rng_uniform(r, 0.94, 0.98);
		g->paper_rgb[1] = g->paper_rgb[0] - rng_uniform(r, 0.01, 0.03);
		g->paper_rgb[2] = g->paper_rgb[1] - rng_uniform(r, 0.03, 0.07);
	} else {
		g->paper_rgb[0] = rng_uniform(r, 0.9, 0.95);
		g->paper_rgb[1] = g->paper_rgb[0] - rng_uniform(r, 0.02, 0.04);
		g->paper_rgb[2] = g->paper_rgb[1] - rng_uniform(r, 0.05, 0.1);
	}
	cairo_set_source_rgb(cr, g->paper_rgb[0], g->paper_rgb[1],
	    g->paper_rgb[2]);
	cairo_paint(cr);
	/*
	 * Uneven tone: a coarse grid of stain strengths, applied when the
	 * page is copied out (surface_to_pix), which is far cheaper than
	 * painting soft gradients over the whole page.
	 */
	memset(g->stain, 0, sizeof(g->stain));
	if (g->damage == 0)
		return;
	for (iy = 0; iy <= STAIN_GY; iy++)
		for (ix = 0; ix <= STAIN_GX; ix++) {
			f = rng_unit(r);
			g->stain[iy][ix] = f * f * f * (g->damage == 1 ? 0.07 :
			    0.15);
		}

	cairo_save(cr);
	cairo_set_operator(cr, CAIRO_OPERATOR_MULTIPLY);
	if (g->damage >= 2 && rng_chance(r, 0.6)) {
		/* a coffee ring */
		x = rng_uniform(r, 0.1, 0.9) * g->pw;
		y = rng_uniform(r, 0.2, 0.9) * g->ph;
		rad = rng_uniform(r, 14, 32) * g->ppmm;
		a = rng_uniform(r, 0.25, 0.45);
		pat = cairo_pattern_create_radial(x, y, 0, x, y, rad);
		cairo_pattern_add_color_stop_rgba(pat, 0, 0.65, 0.45, 0.2,
		    a * 0.15);
		cairo_pattern_add_color_stop_rgba(pat, 0.86, 0.65, 0.45, 0.2,
		    a * 0.25);
		cairo_pattern_add_color_stop_rgba(pat, 0.95, 0.55, 0.35, 0.15,
		    a);
		cairo_pattern_add_color_stop_rgba(pat, 1, 0.55, 0.35, 0.15, 0);
		cairo_set_source(cr, pat);
		cairo_arc(cr, x, y, rad, 0, 2 * M_PI);
		cairo_fill(cr);
		cairo_pattern_destroy(pat);
	}
	if (g->damage >= 2) {
		/* dust */
		cairo_set_source_rgba(cr, 0.2, 0.18, 0.15, 0.8);
		n = rng_range(r, 100, 400);
		for (i = 0; i < n; i++) {
			cairo_arc(cr, rng_uniform(r, 0, g->pw),
			    rng_uniform(r, 0, g->ph),
			    rng_uniform(r, 0.5, 2.2) * g->dpi / 300.0, 0,
			    2 * M_PI);
			cairo_fill(cr);
		}
	}
	cairo_restore(cr);
}

/*
 * Fades the ink layer unevenly: a coarse grid of random strengths,
 * interpolated, scales the (premultiplied) ink down.
 */
static void
fade_ink(struct gen *g, double fmin, double fmax)
{
	fade_rect(g, &g->rng, 0, 0, g->pw, g->ph, fmin, fmax);
}

/* fade_ink() on the rectangle x0..x1, y0..y1 only, drawing from r. */
static void
fade_rect(struct gen *g, struct rng *r, int x0, int y0, int x1, int y1,
    double fmin, double fmax)
{
	enum { GX = 10, GY = 8 };
	double		 grid[GY + 1][GX + 1], fx, fy, f, k;
	uint32_t	*px, v;
	unsigned char	*data;
	int		 stride, x, y, ix, iy, c;

	x0 = x0 < 0 ? 0 : x0;
	y0 = y0 < 0 ? 0 : y0;
	x1 = x1 > g->pw ? g->pw : x1;
	y1 = y1 > g->ph ? g->ph : y1;
	if (x1 <= x0 || y1 <= y0)
		return;
	for (iy = 0; iy <= GY; iy++)
		for (ix = 0; ix <= GX; ix++) {
			f = rng_unit(r);
			grid[iy][ix] = fmin + (fmax - fmin) * f * f;
		}
	cairo_surface_flush(g->ink_s);
	data = cairo_image_surface_get_data(g->ink_s);
	stride = cairo_image_surface_get_stride(g->ink_s);
	for (y = y0; y < y1; y++) {
		px = (uint32_t *)(void *)(data + (size_t)y * stride);
		fy = (double)(y - y0) / (y1 - y0) * GY;
		iy = (int)fy;
		if (iy >= GY)
			iy = GY - 1;
		fy -= iy;
		for (x = x0; x < x1; x++) {
			if (px[x] == 0)
				continue;
			fx = (double)(x - x0) / (x1 - x0) * GX;
			ix = (int)fx;
			if (ix >= GX)
				ix = GX - 1;
			fx -= ix;
			f = (grid[iy][ix] * (1 - fx) + grid[iy][ix + 1] * fx) *
			    (1 - fy) + (grid[iy + 1][ix] * (1 - fx) +
			    grid[iy + 1][ix + 1] * fx) * fy;
			k = 1 - f;
			v = 0;
			for (c = 0; c < 32; c += 8)
				v |= (uint32_t)(((px[x] >> c) & 0xff) * k) <<
				    c;
			px[x] = v;
		}
	}
	cairo_surface_mark_dirty(g->ink_s);
}

/* ---------------------------------------------------------------------- */
/* Scanner damage on the Leptonica image. */

/*
 * Copies the opaque cairo page into a new 32 bpp PIX, darkening it by the
 * stain grid on the way: brown stains take more blue than red.
 */
static PIX *
surface_to_pix(struct gen *g)
{
	static const double	 tint[3] = { 0.15, 0.3, 0.55 };
	PIX			*pix;
	l_uint32		*dst, *line;
	unsigned char		*data;
	uint32_t		*src, v;
	double			 fy, fx, d, row[STAIN_GX + 1];
	int			 stride, wpl, x, y, ix, iy, c, k[3];

	cairo_surface_flush(g->paper_s);
	data = cairo_image_surface_get_data(g->paper_s);
	stride = cairo_image_surface_get_stride(g->paper_s);
	pix = pixCreate(g->pw, g->ph, 32);
	if (pix == NULL)
		errx(1, "pixCreate failed");
	pixSetSpp(pix, 3);
	dst = pixGetData(pix);
	wpl = pixGetWpl(pix);
	for (y = 0; y < g->ph; y++) {
		src = (uint32_t *)(void *)(data + (size_t)y * stride);
		line = dst + (size_t)y * wpl;
		if (g->damage == 0) {
			for (x = 0; x < g->pw; x++)
				line[x] = (src[x] & 0xffffff) << 8;
			continue;
		}
		fy = (double)y / g->ph * STAIN_GY;
		iy = fy >= STAIN_GY ? STAIN_GY - 1 : (int)fy;
		fy -= iy;
		fy = fy * fy * (3 - 2 * fy);	/* smoothstep: no creases */
		for (ix = 0; ix <= STAIN_GX; ix++)
			row[ix] = g->stain[iy][ix] * (1 - fy) +
			    g->stain[iy + 1][ix] * fy;
		for (x = 0; x < g->pw; x++) {
			fx = (double)x / g->pw * STAIN_GX;
			ix = fx >= STAIN_GX ? STAIN_GX - 1 : (int)fx;
			fx -= ix;
			fx = fx * fx * (3 - 2 * fx);
			d = row[ix] * (1 - fx) + row[ix + 1] * fx;
			for (c = 0; c < 3; c++)
				k[c] = (int)(256 * (1 - d * (1 + tint[c])));
			v = src[x];
			line[x] = ((((v >> 16) & 0xff) * k[0] >> 8) << 24) |
			    ((((v >> 8) & 0xff) * k[1] >> 8) << 16) |
			    (((v & 0xff) * k[2] >> 8) << 8);
		}
	}
	return pix;
}

/* Binarises a page the way a bitonal scanner does. */
static PIX *
binarise(PIX *pix)
{
	PIX	*gray, *norm, *bin;

	gray = pixConvertRGBToLuminance(pix);
	if (gray == NULL)
		errx(1, "pixConvertRGBToLuminance failed");
	norm = pixBackgroundNormSimple(gray, NULL, NULL);
	if (norm == NULL)
		errx(1, "pixBackgroundNormSimple failed");
	bin = pixThresholdToBinary(norm, 150);
	if (bin == NULL)
		errx(1, "pixThresholdToBinary failed");
	pixDestroy(&gray);
	pixDestroy(&norm);
	return bin;
}

/* ---------------------------------------------------------------------- */
/* A page, start to finish. */

/*
 * --seq-break: the count of a page broken as the handwritten page
 * was read (issue 14, finding 4).  The seq cell of the given row is left
 * blank (a number that does not read), and every row below it prints a
 * number ten ahead of its place in the count, as if misread, while the
 * truth keeps the right entry numbers: numbers that count among
 * themselves but do not fit their rows.  Drawn after the rows are filled,
 * so the random stream, and every other cell, is that of the same seed
 * without the option.
 */
static void
break_count(struct gen *g, struct page *p)
{
	char	 text[32];
	int	 i;

	for (i = g->seq_break - 1; i < p->nrows; i++) {
		if (i == g->seq_break - 1) {
			free(p->rows[i].f[FIELD_SEQ].text);
			p->rows[i].f[FIELD_SEQ].text = nfc("");
			continue;
		}
		bprintf(text, sizeof(text), "%ld%s",
		    strtol(p->rows[i].f[FIELD_SEQ].value, NULL, 10) + 10,
		    g->seq_dot ? "." : "");
		free(p->rows[i].f[FIELD_SEQ].text);
		p->rows[i].f[FIELD_SEQ].text = nfc(text);
	}
}

/* An unknown column's cell: a mark, a class, a total of marks. */
static char *
extra_text(struct gen *g, int kind)
{
	struct rng	*r = &g->vrng;

	switch (kind) {
	case 0:
		return xprintf("%d,%d", rng_range(r, 5, 9), rng_range(r, 0, 9));
	case 1:
		return xprintf("12%c%d", "ABCD"[rng_range(r, 0, 3)],
		    rng_range(r, 1, 12));
	default:
		return xprintf("%d,%d", rng_range(r, 20, 48),
		    rng_chance(r, 0.5) ? 5 : 0);
	}
}

/*
 * --layout wrap: an entry of three words or more breaks onto a second
 * line at the space nearest its middle ("Nguyễn Văn" / "An").
 */
static char *
wrapped(const char *text)
{
	char	*w;
	size_t	 i, n, mid, best = 0, spaces = 0;

	n = strlen(text);
	mid = n / 2;
	for (i = 0; i < n; i++)
		if (text[i] == ' ') {
			spaces++;
			if (best == 0 || (i > mid ? i - mid : mid - i) <
			    (best > mid ? best - mid : mid - best))
				best = i;
		}
	if (spaces < 2)
		return NULL;
	w = xstrdup(text);
	w[best] = '\n';
	return w;
}

static void
page_fill(struct gen *g, struct page *p)
{
	struct row	*row;
	int		 i, k;

	p->nrows = g->rows > 0 ? g->rows : rng_range(&g->rng, 10, 30);
	p->nempty = rng_chance(&g->rng, 0.3) ? rng_range(&g->rng, 1, 3) : 0;
	for (i = 0; i < p->nrows; i++)
		fill_row(g, &p->rows[i]);
	for (i = 0; i < p->nrows && g->hand > 0; i++)
		p->rows[i].hand = rng_unit(&g->hrng) < g->hand;
	if (g->seq_break > 0)
		break_count(g, p);
	for (i = 0; i < p->nrows; i++) {
		row = &p->rows[i];
		for (k = 0; k < g->ncols; k++)
			if (g->cols[k].extra > 0)
				row->extra[g->cols[k].extra - 1] =
				    extra_text(g, g->cols[k].xkind);
		if (g->layout != LAYOUT_WRAP)
			continue;
		row->drawn[FIELD_FULL_NAME] =
		    wrapped(row->f[FIELD_FULL_NAME].text);
		row->drawn[FIELD_SCHOOL] = wrapped(row->f[FIELD_SCHOOL].text);
	}
}

/* Draws the page, paper and ink, as it lies flat before any capture. */
static PIX *
page_draw(struct gen *g, struct page *p)
{
	struct rng	*r = &g->rng;
	struct layout	 L;
	cairo_font_options_t *fo;
	struct column	*c;
	PIX		*pix;
	double		 y, sx, sy;
	int		 i, j, ytitle, yfoot, margin;

	g->paper_s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, g->pw,
	    g->ph);
	g->ink_s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, g->pw,
	    g->ph);
	if (cairo_surface_status(g->paper_s) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_status(g->ink_s) != CAIRO_STATUS_SUCCESS)
		errx(1, "cannot create a %dx%d cairo surface", g->pw, g->ph);
	g->paper = cairo_create(g->paper_s);
	g->inkcr = cairo_create(g->ink_s);
	g->pl = pango_cairo_create_layout(g->inkcr);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pango_layout_get_context(g->pl),
	    fo);
	pango_layout_context_changed(g->pl);
	cairo_font_options_destroy(fo);

	draw_paper(g);
	draw_title(g, p, &ytitle, &yfoot);
	margin = (int)(rng_uniform(r, 10, 15) * g->ppmm);
	layout_fit(g, p, margin, g->pw - margin, ytitle, yfoot, &L);
	draw_table(g, p, &L);
	if (g->damage == 1)
		fade_ink(g, 0, 0.18);
	else if (g->damage >= 2)
		fade_ink(g, 0.05, 0.5);
	cairo_set_source_surface(g->paper, g->ink_s, 0, 0);
	cairo_paint(g->paper);

	/* signatures, by hand, at every damage level */
	for (i = 0; i < g->ncols; i++) {
		c = &g->cols[i];
		if (c->key != FIELD_SIGNATURE)
			continue;
		y = L.y0 + L.head_h + L.num_h;
		for (j = 0; j < p->nrows; j++) {
			if (p->rows[j].sign)
				draw_signature(g, c->x, y, c->w, L.rowh[j],
				    L.lh);
			y += L.rowh[j];
		}
	}
	p->stamp = g->damage >= 1 && rng_chance(r, 0.5);
	if (p->stamp) {
		sx = rng_uniform(r, L.x0 + (L.x1 - L.x0) * 0.45, L.x1 - 10 *
		    g->ppmm);
		sy = rng_uniform(r, L.y0 + L.head_h, L.y1);
		draw_stamp(g, sx, sy);
	}

	g_object_unref(g->pl);
	g->pl = NULL;
	cairo_destroy(g->inkcr);
	cairo_surface_destroy(g->ink_s);
	pix = surface_to_pix(g);
	cairo_destroy(g->paper);
	cairo_surface_destroy(g->paper_s);
	g->inkcr = g->paper = NULL;
	g->ink_s = g->paper_s = NULL;
	return pix;
}

static void
blur(PIX *pix)
{
	if (capture_blur121(pix) != 0)
		errx(1, "out of memory blurring the page");
}

/* Turns the image quarter turns clockwise, as --rotate asks. */
static PIX *
turn(struct gen *g, PIX *pix)
{
	PIX	*rot;

	if (g->rotate == 0)
		return pix;
	rot = pixRotateOrth(pix, g->rotate / 90);
	if (rot == NULL)
		errx(1, "pixRotateOrth failed");
	pixDestroy(&pix);
	return rot;
}

/* A flatbed's skew of one page, drawn from the rng; replaces pix. */
static PIX *
scan_skew(struct gen *g, struct page *p, PIX *pix)
{
	struct rng	*r = &g->rng;
	PIX		*rot;

	if (g->damage == 1)
		p->skew = rng_uniform(r, -1.5, 1.5);
	else if (g->damage >= 2)
		p->skew = rng_uniform(r, -3, 3);
	else
		p->skew = 0;
	p->skew = round(p->skew * 100) / 100;
	if (p->skew != 0) {
		rot = pixRotate(pix, (l_float32)(p->skew * M_PI / 180),
		    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
		if (rot == NULL)
			errx(1, "pixRotate failed");
		pixDestroy(&pix);
		pix = rot;
	}
	return pix;
}

/* A flatbed's optics and sensor: blur and noise, in place. */
static void
scan_degrade(struct gen *g, PIX *pix)
{
	if (g->damage == 1)
		blur(pix);
	else if (g->damage >= 2) {
		blur(pix);
		if (g->dpi >= 300)
			blur(pix);
	}
	if (g->damage == 1)
		capture_noise(&g->rng, pix, 2.5);
	else if (g->damage >= 2)
		capture_noise(&g->rng, pix, 5.0);
}

/* What a flatbed scanner does to the page: skew, blur, noise, a turn. */
static PIX *
page_scan(struct gen *g, struct page *p, PIX *pix)
{
	pix = scan_skew(g, p, pix);
	scan_degrade(g, pix);
	pix = turn(g, pix);
	pixSetResolution(pix, g->dpi, g->dpi);
	p->width = pixGetWidth(pix);
	p->height = pixGetHeight(pix);
	return pix;
}

/*
 * Where corner k (TL TR BR BL) of a w x h page lands when the page is
 * turned deg degrees clockwise about its centre (pixRotate's sense) and
 * its image placed at (ox, oy).
 */
static void
flat_corner(double w, double h, double deg, double ox, double oy, int k,
    double *x, double *y)
{
	double	 a = deg * M_PI / 180, cx = w / 2, cy = h / 2, dx, dy;

	dx = (k == 1 || k == 2 ? w : 0) - cx;
	dy = (k >= 2 ? h : 0) - cy;
	*x = ox + cx + dx * cos(a) - dy * sin(a);
	*y = oy + cy + dx * sin(a) + dy * cos(a);
}

/*
 * Two facing pages of a volume laid flat on a scanner's glass, side by
 * side: each skewed as a flatbed scan skews it, a dark gutter between
 * them with the binding's shadow falling off onto each page, then the
 * scanner's blur and noise over the whole, and the turn.  No curl: the
 * fixture on which splitting a spread can be trusted before the curled
 * spreads are straightened.
 */
static PIX *
spread_flat(struct gen *g, struct page *pages)
{
	struct rng		*r = &g->rng;
	struct capture_out	 co;
	PIX			*pix, *pg;
	l_uint32		*line, v;
	double			 m, gap, sw, depth, f, t;
	int			 i, k, x, y, ox, W, H, wpl, gx0, gx1, c;

	m = rng_uniform(r, 0.01, 0.03) * g->pw;
	gap = rng_uniform(r, 0.008, 0.02) * g->pw;
	sw = rng_uniform(r, 0.01, 0.03) * g->pw;	/* shadow's width */
	depth = rng_uniform(r, 0.2, 0.5);		/* ... and depth */
	W = (int)lround(2 * m + 2 * g->pw + gap);
	H = (int)lround(2 * m + g->ph);
	pix = pixCreate(W, H, 32);
	if (pix == NULL)
		errx(1, "out of memory composing the spread");
	pixSetAllArbitrary(pix, 0xdcdcdc00);	/* the scanner's lid */
	gx0 = (int)lround(m + g->pw);
	gx1 = (int)lround(m + g->pw + gap);
	for (i = 0; i < 2; i++) {
		pg = page_draw(g, &pages[i]);
		pg = scan_skew(g, &pages[i], pg);
		ox = i == 0 ? (int)lround(m) : gx1;
		pixRasterop(pix, ox, (int)lround(m), g->pw, g->ph, PIX_SRC,
		    pg, 0, 0);
		pixDestroy(&pg);
		for (k = 0; k < 4; k++)
			flat_corner(g->pw, g->ph, pages[i].skew, ox, m, k,
			    &pages[i].cap.corners[k][0],
			    &pages[i].cap.corners[k][1]);
		pages[i].cap.spine = i == 0 ? CAPTURE_SPINE_RIGHT :
		    CAPTURE_SPINE_LEFT;
	}
	/* the gutter, dark, and the binding's shadow on either side */
	wpl = pixGetWpl(pix);
	for (y = 0; y < H; y++) {
		line = pixGetData(pix) + (size_t)y * wpl;
		for (x = gx0 - (int)sw; x < gx1 + (int)sw; x++) {
			if (x < 0 || x >= W)
				continue;
			if (x >= gx0 && x < gx1)
				f = 0.25;
			else {
				t = x < gx0 ? (gx0 - x) / sw : (x - gx1 + 1) /
				    sw;
				f = 1 - depth * (1 - t) * (1 - t);
			}
			v = line[x];
			c = (int)((v >> 24) * f);
			line[x] = (l_uint32)c << 24 |
			    (l_uint32)((int)(((v >> 16) & 0xff) * f)) << 16 |
			    (l_uint32)((int)(((v >> 8) & 0xff) * f)) << 8;
		}
	}
	scan_degrade(g, pix);
	pix = turn(g, pix);
	memset(&co, 0, sizeof(co));
	for (i = 0; i < 2; i++)
		co.page[i] = pages[i].cap;
	capture_turn(&co, 2, g->rotate / 90, W, H);
	for (i = 0; i < 2; i++)
		pages[i].cap = co.page[i];
	pixSetResolution(pix, g->dpi, g->dpi);
	for (i = 0; i < 2; i++) {
		pages[i].width = pixGetWidth(pix);
		pages[i].height = pixGetHeight(pix);
	}
	return pix;
}

/*
 * Draws the pages of one image and captures them as --capture says: a
 * phone photograph of one page, one page of an open book, or both pages
 * of the book's spread.  Returns the image; the pages learn where they
 * landed in it.
 */
static PIX *
pages_capture(struct gen *g, struct page *pages, int npages)
{
	struct capture_out	 co;
	PIX			*drawn[2] = { NULL, NULL };
	PIX			*pix;
	int			 i, rc, w, h;

	for (i = 0; i < npages; i++)
		drawn[i] = page_draw(g, &pages[i]);
	if (g->capture == CAPTURE_PHOTO)
		rc = capture_photo(&g->rng, drawn[0], g->damage, &co);
	else
		rc = capture_book(&g->rng, drawn, npages, g->dpi, g->damage,
		    &co);
	if (rc != 0)
		errx(1, "out of memory capturing the page");
	for (i = 0; i < npages; i++)
		pixDestroy(&drawn[i]);
	pix = co.pix;
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	capture_turn(&co, npages, g->rotate / 90, w, h);
	pix = turn(g, pix);
	pixSetResolution(pix, co.dpi, co.dpi);
	g->quality = co.quality;
	for (i = 0; i < npages; i++) {
		pages[i].cap = co.page[i];
		pages[i].skew = round(co.page[i].rotation * 100) / 100;
		pages[i].width = pixGetWidth(pix);
		pages[i].height = pixGetHeight(pix);
	}
	return pix;
}

/* ---------------------------------------------------------------------- */
/* Output. */

static void
write_image(struct gen *g, PIX *pix, int pageno)
{
	char	 path[PATH_MAX];
	PIX	*out;
	int	 rc;

	switch (g->format) {
	case FMT_PNG:
		bprintf(path, sizeof(path), "%s.png", g->out);
		/*
		 * zlib level 1: on a noisy page the default level takes
		 * seconds and saves a few percent.
		 */
		pixSetSpecial(pix, 10 + 1);
		rc = pixWrite(path, pix, IFF_PNG);
		break;
	case FMT_JPEG:
		bprintf(path, sizeof(path), "%s.jpg", g->out);
		rc = pixWriteJpeg(path, pix, g->quality > 0 ? g->quality :
		    g->damage == 0 ? 92 : 75, 0);
		break;
	case FMT_TIFF_G4:
		bprintf(path, sizeof(path), "%s.tif", g->out);
		out = binarise(pix);
		pixCopyResolution(out, pix);
		rc = pixWriteTiff(path, out, IFF_TIFF_G4, "w");
		pixDestroy(&out);
		break;
	default:
		bprintf(path, sizeof(path), "%s.tif", g->out);
		if (g->damage >= 2) {
			out = binarise(pix);
			pixSetResolution(out, g->dpi, g->dpi);
			rc = pixWriteTiff(path, out, IFF_TIFF_G4,
			    pageno == 1 ? "w" : "a");
		} else {
			out = pixConvertRGBToLuminance(pix);
			if (out == NULL)
				errx(1, "pixConvertRGBToLuminance failed");
			pixSetResolution(out, g->dpi, g->dpi);
			rc = pixWriteTiff(path, out, IFF_TIFF_LZW,
			    pageno == 1 ? "w" : "a");
		}
		pixDestroy(&out);
		break;
	}
	if (rc != 0)
		errx(1, "%s: cannot write the image", path);
}

static double
round1(double v)
{
	return round(v * 10) / 10;
}

/*
 * Where a captured page landed in the image: its corners (TL, TR, BR, BL,
 * pixels, after --rotate), the spread's half it is (before --rotate), its
 * spine's side, how far its lines bend, the photo's keystone and turn.
 * No cell boxes: the truth has none in any mode.
 */
static void
truth_capture(struct gen *g, const struct page *p, json_t *jp)
{
	static const char *const spines[] = { "none", "left", "right" };
	json_t	*corners, *pt;
	int	 k;

	if (g->capture == CAPTURE_SPREAD || g->capture == CAPTURE_SPREAD_FLAT)
		json_object_set_new(jp, "half",
		    json_string(p->no == 1 ? "left" : "right"));
	if (g->capture == CAPTURE_PHOTO) {
		json_object_set_new(jp, "keystone",
		    json_real(round(p->cap.keystone * 100) / 100));
		json_object_set_new(jp, "rotation",
		    json_real(round(p->cap.rotation * 100) / 100));
	} else {
		json_object_set_new(jp, "spine",
		    json_string(spines[p->cap.spine]));
		json_object_set_new(jp, "curl", json_real(round1(p->cap.curl)));
	}
	corners = json_array();
	for (k = 0; k < 4; k++) {
		pt = json_array();
		json_array_append_new(pt,
		    json_real(round1(p->cap.corners[k][0])));
		json_array_append_new(pt,
		    json_real(round1(p->cap.corners[k][1])));
		json_array_append_new(corners, pt);
	}
	json_object_set_new(jp, "corners", corners);
}

static json_t *
truth_page(struct gen *g, const struct page *p)
{
	json_t		*jp, *rows, *jr, *fields, *f;
	const struct cell *c;
	int		 i, j;

	jp = json_object();
	json_object_set_new(jp, "page", json_integer(p->no));
	json_object_set_new(jp, "skew", json_real(p->skew));
	json_object_set_new(jp, "stamp", json_boolean(p->stamp));
	json_object_set_new(jp, "empty_rows", json_integer(p->nempty));
	json_object_set_new(jp, "width", json_integer(p->width));
	json_object_set_new(jp, "height", json_integer(p->height));
	if (g->capture != CAPTURE_SCAN)
		truth_capture(g, p, jp);
	rows = json_array();
	for (j = 0; j < p->nrows; j++) {
		jr = json_object();
		json_object_set_new(jr, "row", json_integer(j + 1));
		if (p->rows[j].hand)
			json_object_set_new(jr, "hand", json_true());
		fields = json_object();
		for (i = 0; i < g->ncols; i++) {
			/* unknown columns are no field */
			if (g->cols[i].key == FIELD_SIGNATURE ||
			    g->cols[i].key == FIELD_UNKNOWN)
				continue;
			c = &p->rows[j].f[g->cols[i].key];
			f = json_object();
			json_object_set_new(f, "value",
			    json_string(c->value != NULL ? c->value : ""));
			json_object_set_new(f, "text",
			    json_string(c->text != NULL ? c->text : ""));
			json_object_set_new(fields, field_key(g->cols[i].key),
			    f);
		}
		json_object_set_new(jr, "fields", fields);
		json_array_append_new(rows, jr);
	}
	json_object_set_new(jp, "rows", rows);
	return jp;
}

static void
write_truth(struct gen *g, struct page *pages, int npages)
{
	json_t	*root, *cols, *heads, *jpages;
	char	 path[PATH_MAX], *lab, *q;
	int	 i;

	root = json_object();
	json_object_set_new(root, "generator", json_string("sogoc-gen"));
	json_object_set_new(root, "seed", json_integer((json_int_t)g->seed));
	json_object_set_new(root, "era", json_string(era_names[g->era]));
	json_object_set_new(root, "damage", json_integer(g->damage));
	json_object_set_new(root, "dpi", json_integer(g->dpi));
	json_object_set_new(root, "rotate", json_integer(g->rotate));
	json_object_set_new(root, "skew", json_real(pages[0].skew));
	json_object_set_new(root, "font", json_string(g->font));
	json_object_set_new(root, "format",
	    json_string(format_names[g->format]));
	/* absent for scans, so that their truth stays as it always was */
	if (g->capture != CAPTURE_SCAN)
		json_object_set_new(root, "capture",
		    json_string(capture_names[g->capture]));
	/* absent without --hand, as for captures */
	if (g->hand > 0)
		json_object_set_new(root, "hand", json_real(g->hand));
	json_object_set_new(root, "ledger_year", json_integer(g->year));
	json_object_set_new(root, "authority", json_string(g->authority));
	json_object_set_new(root, "title", json_string(g->title));
	cols = json_array();
	heads = json_array();
	/* absent when plain, so that other truths stay as they were */
	if (g->header != HEAD_PLAIN)
		json_object_set_new(root, "header",
		    json_string(header_names[g->header]));
	if (g->layout != LAYOUT_PLAIN)
		json_object_set_new(root, "layout",
		    json_string(layout_names[g->layout]));
	for (i = 0; i < g->ncols; i++) {
		/* as a layout profile names a column to skip */
		json_array_append_new(cols, json_string(g->cols[i].key ==
		    FIELD_UNKNOWN ? "ignore" : field_key(g->cols[i].key)));
		lab = xstrdup(g->cols[i].label);
		for (q = lab; *q != '\0'; q++)
			if (*q == '\n')
				*q = ' ';
		json_array_append_new(heads, json_string(lab));
		free(lab);
	}
	json_object_set_new(root, "columns", cols);
	json_object_set_new(root, "headers", heads);
	jpages = json_array();
	for (i = 0; i < npages; i++)
		json_array_append_new(jpages, truth_page(g, &pages[i]));
	json_object_set_new(root, "pages", jpages);
	bprintf(path, sizeof(path), "%s.json", g->out);
	if (json_dump_file(root, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6))
	    != 0)
		errx(1, "%s: cannot write the truth", path);
	json_decref(root);
}

/* ---------------------------------------------------------------------- */
/* Command line. */

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: sogoc-gen [--seed N] [--era typewritten|printed|c21|random]\n"
"                 [--damage 0|1|2] [--dpi 200|300]\n"
"                 [--format png|jpeg|tiff-g4|tiff-multi]\n"
"                 [--rotate 0|90|180|270|random] [--rows N] [--font FAMILY]\n"
"                 [--no-row-rules]\n"
"                 [--capture scan|photo|book|spread|spread-flat]\n"
"                 [--pages N] [--seq-break ROW] [--hand SHARE]\n"
"                 [--header faded|torn|two-level|random]\n"
"                 [--layout extra|order|wrap|random] --out PREFIX\n"
"\n"
"Renders a synthetic page of a Vietnamese diploma-issuance ledger to\n"
"PREFIX.png, PREFIX.jpg or PREFIX.tif, and its ground truth to PREFIX.json.\n"
"The same seed gives the same pages.\n"
"\n"
"  --seed N       random seed (default 1)\n"
"  --era E        ledger era (default random)\n"
"  --damage D     0 clean, 1 moderate, 2 heavy (default 0)\n"
"  --dpi N        200 or 300 (default 300; JPEG pages may pick 200)\n"
"  --format F     default png, or drawn from the damage level when the\n"
"                 damage is 1 or 2 (JPEG, bitonal Group 4 TIFF)\n"
"  --rotate R     quarter turns clockwise applied to the scan (default 0)\n"
"  --rows N       data rows per page, 1-%d (default random 10-30)\n"
"  --no-row-rules rule the columns and the header but not each row\n"
"  --font FAMILY  font family for all text (default by era)\n"
"  --capture C    how the page was captured: scan (default) a flatbed\n"
"                 scan; photo a phone photo of the whole page on a desk,\n"
"                 in perspective (up to 8 degrees of keystone), uneven\n"
"                 light, camera noise and sharpening, 9-12 Mpx; book one\n"
"                 page of an open bound ledger curling into its spine,\n"
"                 the gutter in shadow; spread both facing pages of the\n"
"                 book in one image (truth pages 1 left and 2 right);\n"
"                 spread-flat two flat scans of facing pages side by side\n"
"                 with a dark gutter, no curl (the scan's format rule).\n"
"                 JPEG unless --format says otherwise; the page is drawn\n"
"                 at --dpi (default 300) before the capture\n"
"  --pages N      pages in a tiff-multi file, 1-%d (default 3)\n"
"  --seq-break ROW  leave the row number of data row ROW blank and print\n"
"                 those below it ten ahead of their place (the truth\n"
"                 keeps the right numbers): a broken, misread count\n"
"  --hand SHARE   write that share (0 to 1) of the rows by hand, into the\n"
"                 printed form: every cell of such a row, its number too\n"
"                 (blank forms leave the numbers to the writer), in one\n"
"                 writer's hand per page (a handwriting face, blue or\n"
"                 black ballpoint; slant, size, baseline and pressure\n"
"                 varying per cell and word; Vietnamese marks drawn as\n"
"                 pen strokes); truth rows say \"hand\": true.  The rest\n"
"                 of the page is as without it.  --hand 1: all rows\n"
"  --header H     the header row: faded (its labels faint, the rules\n"
"                 not), torn (2 labels or more torn away), two-level\n"
"                 (group labels over merged cells: \"Người được cấp văn\n"
"                 bằng\" over the person's columns, \"Văn bằng\" over the\n"
"                 numbers); random picks one per seed.  The truth says\n"
"                 \"header\"\n"
"  --layout L     the table: extra (1-2 columns no field is, \"Điểm TB\",\n"
"                 \"Lớp\", \"Tổng điểm\", between known ones; \"ignore\" in\n"
"                 the truth's columns, absent from its rows), order (the\n"
"                 known columns shuffled, the row number first), wrap\n"
"                 (names and schools of 3 words or more on two lines);\n"
"                 random picks one per seed.  The truth says \"layout\".\n"
"                 Without --header and --layout, pages are as before;\n"
"                 with them, rows and cells stay those of the same seed\n"
"  --csv N        write N rows as a typed ledger to PREFIX.csv instead\n"
"                 (no image; prints the volume's --type and --year)\n"
"  --out PREFIX   output path without extension\n", MAXROWS, MAXPAGES);
}

/*
 * Writes n rows of one volume as a ledger typed into a spreadsheet: the
 * labels of the ledger in the header, each cell as it was printed.
 */
static int
write_csv(struct gen *g, long n)
{
	static const char *const labels[] = {
		"STT", "Họ và tên", "Ngày sinh", "Nơi sinh", "Giới tính",
		"Dân tộc", "Trường", "Xếp loại", "Số hiệu văn bằng",
		"Số vào sổ", "Ghi chú",
	};
	struct row	 row;
	char		*path;
	FILE		*fp;
	long		 i;
	int		 f;

	path = xprintf("%s.csv", g->out);
	fp = fopen(path, "w");
	if (fp == NULL)
		err(1, "%s", path);
	for (f = 0; f < FIELD_SIGNATURE; f++) {
		if (f > 0)
			fputc(',', fp);
		csv_fwrite(fp, labels[f], strlen(labels[f]));
	}
	fputs("\r\n", fp);
	for (i = 0; i < n; i++) {
		fill_row(g, &row);
		for (f = 0; f < FIELD_SIGNATURE; f++) {
			if (f > 0)
				fputc(',', fp);
			csv_fwrite(fp, row.f[f].text, strlen(row.f[f].text));
		}
		fputs("\r\n", fp);
		row_clear(&row);
	}
	if (fclose(fp) != 0)
		err(1, "%s", path);
	printf("--type THPT --year %d\n", g->year);
	free(path);
	return 0;
}

static long
parse_num(const char *opt, const char *s, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		warnx("%s: bad value \"%s\" (want %ld to %ld)", opt, s, lo,
		    hi);
		usage(stderr);
		exit(2);
	}
	return v;
}

static int
parse_word(const char *opt, const char *s, const char *const *words,
    int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	warnx("%s: bad value \"%s\"", opt, s);
	usage(stderr);
	exit(2);
}

/* Drops the font caches, so that leak checkers see only real leaks. */
static void
fonts_done(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}

/* Returns the installed family named name (any case), or NULL. */
static const char *
font_lookup(const char *name)
{
	PangoFontMap	 *fm;
	PangoFontFamily	**fams = NULL;
	const char	 *found = NULL;
	int		  i, n = 0;

	fm = pango_cairo_font_map_get_default();
	pango_font_map_list_families(fm, &fams, &n);
	for (i = 0; i < n; i++)
		if (strcasecmp(pango_font_family_get_name(fams[i]), name) ==
		    0)
			found = pango_font_family_get_name(fams[i]);
	g_free(fams);
	return found;
}

/* What the command line asked for, before the seed decides the rest. */
struct args {
	int	 era, rot, dpi, fmt, cap, head, lay;
	long	 csvrows;
};

/* A usage error: its message, the usage on stderr, and exit status 2. */
static int
bad_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static int
bad_usage(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	usage(stderr);
	return 2;
}

/*
 * One option into g and a.  Returns -1 to go on, else the exit status
 * (0 after --help).
 */
static int
parse_opt(int ch, struct gen *g, struct args *a)
{
	static const char *const eras[] = {
		"typewritten", "printed", "c21", "random"
	};
	static const char *const rots[] = {
		"0", "90", "180", "270", "random"
	};
	char	*end;

	switch (ch) {
	case 's':
		errno = 0;
		g->seed = strtoull(optarg, &end, 10);
		if (errno != 0 || end == optarg || *end != '\0' ||
		    optarg[0] == '-')
			return bad_usage("--seed: bad value \"%s\"", optarg);
		break;
	case 'e':
		a->era = parse_word("--era", optarg, eras, 4);
		break;
	case 'd':
		g->damage = (int)parse_num("--damage", optarg, 0, 2);
		break;
	case 'r':
		a->dpi = (int)parse_num("--dpi", optarg, 200, 300);
		if (a->dpi != 200 && a->dpi != 300)
			return bad_usage("--dpi: want 200 or 300");
		break;
	case 'f':
		a->fmt = parse_word("--format", optarg, format_names,
		    FMT_COUNT);
		break;
	case 't':
		a->rot = parse_word("--rotate", optarg, rots, 5);
		break;
	case 'n':
		g->rows = (int)parse_num("--rows", optarg, 1, MAXROWS);
		break;
	case 'R':
		g->no_row_rules = 1;
		break;
	case 'F':
		g->font = optarg;
		break;
	case 'p':
		g->npages = (int)parse_num("--pages", optarg, 1, MAXPAGES);
		break;
	case 'o':
		g->out = optarg;
		break;
	case 'B':
		g->seq_break = (int)parse_num("--seq-break", optarg, 1,
		    MAXROWS);
		break;
	case 'C':
		a->cap = parse_word("--capture", optarg, capture_names,
		    CAPTURE_COUNT);
		break;
	case 'H':
		a->head = parse_word("--header", optarg, header_names + 1,
		    HEAD_COUNT) + 1;
		break;
	case 'L':
		a->lay = parse_word("--layout", optarg, layout_names + 1,
		    LAYOUT_COUNT) + 1;
		break;
	case 'W':
		errno = 0;
		g->hand = strtod(optarg, &end);
		if (errno != 0 || end == optarg || *end != '\0' ||
		    !(g->hand >= 0 && g->hand <= 1))
			return bad_usage("--hand: bad value \"%s\" (want 0 "
			    "to 1)", optarg);
		break;
	case 'c':
		a->csvrows = parse_num("--csv", optarg, 1, 100000000);
		break;
	case 'h':
		usage(stdout);
		return 0;
	default:
		usage(stderr);
		return 2;
	}
	return -1;
}

/* The command line into g and a: -1 to go on, else the exit status. */
static int
parse_args(int argc, char *argv[], struct gen *g, struct args *a)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "era", required_argument, NULL, 'e' },
		{ "damage", required_argument, NULL, 'd' },
		{ "dpi", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "rotate", required_argument, NULL, 't' },
		{ "rows", required_argument, NULL, 'n' },
		{ "no-row-rules", no_argument, NULL, 'R' },
		{ "font", required_argument, NULL, 'F' },
		{ "pages", required_argument, NULL, 'p' },
		{ "seq-break", required_argument, NULL, 'B' },
		{ "capture", required_argument, NULL, 'C' },
		{ "hand", required_argument, NULL, 'W' },
		{ "header", required_argument, NULL, 'H' },
		{ "layout", required_argument, NULL, 'L' },
		{ "out", required_argument, NULL, 'o' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*fontarg;
	int		 ch, rc;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		rc = parse_opt(ch, g, a);
		if (rc >= 0)
			return rc;
	}
	if (optind != argc)
		return bad_usage("unexpected argument \"%s\"", argv[optind]);
	if (g->out == NULL || g->out[0] == '\0')
		return bad_usage("--out PREFIX is required");
	if (a->cap != CAPTURE_SCAN && a->fmt == FMT_TIFF_MULTI)
		return bad_usage("--capture %s writes one image: not "
		    "tiff-multi", capture_names[a->cap]);
	if (g->npages > 1 && a->fmt != FMT_TIFF_MULTI)
		return bad_usage("--pages needs --format tiff-multi");
	if (g->font != NULL) {
		fontarg = g->font;
		g->font = font_lookup(fontarg);
		if (g->font == NULL) {
			fonts_done();
			errx(2, "--font: no installed font family \"%s\"",
			    fontarg);
		}
	}
	return -1;
}

/*
 * Every choice the command line left open, from the seed, in a fixed
 * order: the same seed and options make the same ledger, so nothing may
 * draw from g->rng out of this order.
 */
static void
choose(struct gen *g, struct args *a)
{
	int	 k, fmt = a->fmt, dpi = a->dpi;

	g->rng.s = g->seed;
	(void)rng_next(&g->rng);
	g->hrng.s = g->seed ^ 0x68616e6477726974ULL;	/* "handwrit" */
	g->era = a->era == 3 ?
	    (enum era)rng_range(&g->rng, 0, ERA_COUNT - 1) : (enum era)a->era;
	g->capture = (enum capture)a->cap;
	/* a stream of their own: the main one stays that of the seed */
	g->vrng.s = g->seed ^ UINT64_C(0x9e3779b97f4a7c15);
	(void)rng_next(&g->vrng);
	if (a->head == HEAD_COUNT)
		a->head = rng_range(&g->vrng, 1, HEAD_COUNT - 1);
	if (a->lay == LAYOUT_COUNT)
		a->lay = rng_range(&g->vrng, 1, LAYOUT_COUNT - 1);
	g->header = (enum header_kind)a->head;
	g->layout = (enum layout_kind)a->lay;
	/*
	 * Cameras write JPEG; scans draw their format, captures do not.  A
	 * flat spread is two scans, drawn as a scan.
	 */
	if (fmt < 0 && g->capture != CAPTURE_SCAN &&
	    g->capture != CAPTURE_SPREAD_FLAT)
		fmt = FMT_JPEG;
	if (fmt < 0) {
		k = rng_range(&g->rng, 0, 99);
		if (g->damage == 0)
			fmt = FMT_PNG;
		else if (g->damage == 1)
			fmt = k < 35 ? FMT_JPEG : FMT_PNG;
		else
			fmt = k < 30 ? FMT_JPEG : k < 60 ? FMT_TIFF_G4 :
			    FMT_PNG;
	}
	g->format = (enum format)fmt;
	k = rng_range(&g->rng, 0, 99);
	if (dpi == 0)
		dpi = (g->capture == CAPTURE_SCAN ||
		    g->capture == CAPTURE_SPREAD_FLAT) &&
		    g->format == FMT_JPEG && k < 60 ? 200 : 300;
	g->dpi = dpi;
	k = rng_range(&g->rng, 0, 3);
	g->rotate = a->rot == 4 ? k * 90 : a->rot * 90;
	if (g->npages == 0)
		g->npages = g->format == FMT_TIFF_MULTI ? 3 : 1;
	if (g->capture == CAPTURE_SPREAD || g->capture == CAPTURE_SPREAD_FLAT)
		g->npages = 2;
	g->ppmm = g->dpi / 25.4;
	g->pw = (int)lround(297 * g->ppmm);
	g->ph = (int)lround(210 * g->ppmm);

	volume_init(g);
	g->rule_w = rng_uniform(&g->rng, 0.1, 0.2) * g->ppmm;
	if (g->rule_w < 1)
		g->rule_w = 1;
	g->border_w = g->rule_w * rng_uniform(&g->rng, 1, 2.5);
	/* A single page is somewhere in the volume; a file starts it. */
	if (g->capture == CAPTURE_SPREAD || g->capture == CAPTURE_SPREAD_FLAT)
		/* an open book shows an even page on the left */
		g->page_base = 2 * rng_range(&g->rng, 0, 9) + 1;
	else
		g->page_base = g->npages == 1 && rng_chance(&g->rng, 0.5) ?
		    rng_range(&g->rng, 1, 20) : 0;
	g->seq_next = (long)g->page_base * 20 + 1;
	g->reg_next = (long)rng_range(&g->rng, 1, 2500);
}

/* The pages drawn and written, with their truth. */
static void
draw_pages(struct gen *g)
{
	struct page	*pages;
	PIX		*pix;
	int		 i, k;

	pages = calloc((size_t)g->npages, sizeof(*pages));
	if (pages == NULL)
		err(1, NULL);
	if (g->capture == CAPTURE_SCAN) {
		for (i = 0; i < g->npages; i++) {
			pages[i].no = i + 1;
			page_fill(g, &pages[i]);
			pix = page_draw(g, &pages[i]);
			pix = page_scan(g, &pages[i], pix);
			write_image(g, pix, i + 1);
			pixDestroy(&pix);
		}
	} else {
		/* one image: one page, or the spread's two */
		for (i = 0; i < g->npages; i++) {
			pages[i].no = i + 1;
			page_fill(g, &pages[i]);
		}
		pix = g->capture == CAPTURE_SPREAD_FLAT ?
		    spread_flat(g, pages) : pages_capture(g, pages, g->npages);
		write_image(g, pix, 1);
		pixDestroy(&pix);
	}
	write_truth(g, pages, g->npages);
	for (i = 0; i < g->npages; i++)
		for (k = 0; k < pages[i].nrows; k++)
			row_clear(&pages[i].rows[k]);
	free(pages);
}

int
main(int argc, char *argv[])
{
	struct gen	 g;
	struct args	 a = { .era = 3, .fmt = -1 };
	int		 i, rc;

	memset(&g, 0, sizeof(g));
	g.seed = 1;
	g.npages = 0;
	rc = parse_args(argc, argv, &g, &a);
	if (rc >= 0)
		return rc;
	setMsgSeverity(L_SEVERITY_ERROR);
	choose(&g, &a);
	if (a.csvrows > 0)
		write_csv(&g, a.csvrows);
	else
		draw_pages(&g);
	for (i = 0; i < g.ncols; i++)
		free(g.cols[i].label);
	free(g.groups[0]);
	free(g.groups[1]);
	free(g.authority);
	free(g.title);
	free(g.subtitle);
	free(g.decision);
	fonts_done();
	return 0;
}
