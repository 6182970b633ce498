/*
 * handdraw.c: handwritten entries in a printed ledger form (see handdraw.h).
 *
 * Each word is laid out in the writer's face with its marks taken off
 * (NFD, the combining marks dropped, đ written as d), drawn as an outline
 * filled and stroked with the pen (the stroke is the pen's pressure), in
 * its own slant, size and baseline; then each mark is drawn as a stroke
 * over (or, the dot below, under) its letter, in the same slant.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "handdraw.h"

#define MAXWORDS	24
#define MAXLETTERS	64

/* The marks a letter carries, as pen strokes. */
#define MK_ACUTE	0x001
#define MK_GRAVE	0x002
#define MK_HOOK		0x004
#define MK_TILDE	0x008
#define MK_DOT		0x010
#define MK_CIRC		0x020
#define MK_BREVE	0x040
#define MK_HORN		0x080
#define MK_BAR		0x100		/* đ, Đ */

/* Handwriting faces Debian packages (bootstrap.sh installs them). */
static const struct face {
	const char	*family;
	double		 slant_lo, slant_hi;	/* the face leans already */
	double		 size_lo, size_hi;
} faces[] = {
	{ "Dancing Script", -0.12, 0.12, 1.05, 1.25 },
	{ "Breip", -0.05, 0.30, 0.95, 1.15 },
};

struct letter {
	int		 index;		/* byte offset in the word's base */
	int		 marks;
	char		 c;		/* the base letter, ASCII or '?' */
};

struct word {
	char		 base[256];	/* the letters without marks */
	struct letter	 let[MAXLETTERS];
	int		 nlet;
	double		 size, slant, dy, press, alpha;
	double		 width;		/* at size, pixels */
};

int
hand_writer_new(struct rng *r, PangoLayout *pl, double px,
    struct hand_writer *w)
{
	PangoFontMap	 *fm;
	PangoFontFamily	**fams = NULL;
	const struct face *have[sizeof(faces) / sizeof(faces[0])];
	const struct face *f;
	size_t		  i;
	int		  j, n = 0, nhave = 0;

	fm = pango_context_get_font_map(pango_layout_get_context(pl));
	pango_font_map_list_families(fm, &fams, &n);
	for (i = 0; i < sizeof(faces) / sizeof(faces[0]); i++)
		for (j = 0; j < n; j++)
			if (strcmp(pango_font_family_get_name(fams[j]),
			    faces[i].family) == 0) {
				have[nhave++] = &faces[i];
				break;
			}
	g_free(fams);
	if (nhave == 0)
		return -1;
	f = have[rng_range(r, 0, nhave - 1)];
	w->family = f->family;
	if (rng_chance(r, 0.65)) {
		/* blue ballpoint */
		w->rgb[0] = rng_uniform(r, 0.05, 0.2);
		w->rgb[1] = rng_uniform(r, 0.1, 0.25);
		w->rgb[2] = rng_uniform(r, 0.45, 0.7);
	} else {
		w->rgb[0] = w->rgb[1] = w->rgb[2] = rng_uniform(r, 0.08,
		    0.2);
		w->rgb[2] += 0.04;
	}
	w->pen = fmax(1.0, px * rng_uniform(r, 0.025, 0.05));
	w->slant = rng_uniform(r, f->slant_lo, f->slant_hi);
	w->size = rng_uniform(r, f->size_lo, f->size_hi);
	return 0;
}

/* Splits one word (NFC) into its base letters and their marks. */
static void
word_split(const char *s, size_t len, struct word *wd)
{
	gchar		*nfd;
	const gchar	*p;
	gunichar	 c;
	size_t		 n = 0;
	int		 mk, l;
	char		 buf[8];

	wd->nlet = 0;
	wd->base[0] = '\0';
	nfd = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFD);
	if (nfd == NULL)
		return;
	for (p = nfd; *p != '\0'; p = g_utf8_next_char(p)) {
		c = g_utf8_get_char(p);
		mk = 0;
		switch (c) {
		case 0x300: mk = MK_GRAVE; break;
		case 0x301: mk = MK_ACUTE; break;
		case 0x303: mk = MK_TILDE; break;
		case 0x309: mk = MK_HOOK; break;
		case 0x323: mk = MK_DOT; break;
		case 0x302: mk = MK_CIRC; break;
		case 0x306: mk = MK_BREVE; break;
		case 0x31b: mk = MK_HORN; break;
		default: break;
		}
		if (mk != 0 || (c >= 0x300 && c <= 0x36f)) {
			if (wd->nlet > 0)
				wd->let[wd->nlet - 1].marks |= mk;
			continue;
		}
		if (c == 0x111 || c == 0x110) {
			mk = MK_BAR;
			c = c == 0x111 ? 'd' : 'D';
		}
		l = g_unichar_to_utf8(c, buf);
		if (n + (size_t)l + 1 > sizeof(wd->base) ||
		    wd->nlet == MAXLETTERS)
			break;
		wd->let[wd->nlet].index = (int)n;
		wd->let[wd->nlet].marks = mk;
		wd->let[wd->nlet].c = c < 128 ? (char)c : '?';
		wd->nlet++;
		memcpy(wd->base + n, buf, (size_t)l);
		n += (size_t)l;
		wd->base[n] = '\0';
	}
	g_free(nfd);
}

static void
set_face(PangoLayout *pl, const char *family, double px)
{
	PangoFontDescription	*fd;

	fd = pango_font_description_new();
	pango_font_description_set_family(fd, family);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(pl, -1);
	pango_layout_set_alignment(pl, PANGO_ALIGN_LEFT);
}

/* Height of the ink of s above the baseline, in the layout's face. */
static double
ink_above(PangoLayout *pl, const char *s)
{
	PangoRectangle	 ink;

	pango_layout_set_text(pl, s, -1);
	pango_layout_get_pixel_extents(pl, &ink, NULL);
	return (double)pango_layout_get_baseline(pl) / PANGO_SCALE - ink.y;
}

/* One mark over (under) a letter centred on cx whose ink tops at top. */
static void
draw_mark(cairo_t *cr, struct rng *r, int mk, double cx, double rx,
    double top, double e, double lw)
{
	double	 j = rng_uniform(r, -0.03, 0.03) * e;
	double	 k = rng_uniform(r, 0.8, 1.2) * e;

	cx += j;
	switch (mk) {
	case MK_CIRC:
		cairo_move_to(cr, cx - 0.15 * k, top - 0.08 * e);
		cairo_line_to(cr, cx, top - 0.26 * k);
		cairo_line_to(cr, cx + 0.15 * k, top - 0.08 * e);
		break;
	case MK_BREVE:
		cairo_move_to(cr, cx - 0.14 * k, top - 0.24 * k);
		cairo_curve_to(cr, cx - 0.1 * k, top - 0.06 * e,
		    cx + 0.1 * k, top - 0.06 * e, cx + 0.14 * k,
		    top - 0.24 * k);
		break;
	case MK_HORN:
		cairo_move_to(cr, rx - 0.04 * e, top + 0.04 * e);
		cairo_curve_to(cr, rx + 0.06 * k, top, rx + 0.1 * k,
		    top - 0.08 * k, rx + 0.08 * k, top - 0.16 * k);
		break;
	case MK_ACUTE:
		cairo_move_to(cr, cx - 0.05 * k, top - 0.07 * e);
		cairo_line_to(cr, cx + 0.1 * k, top - 0.28 * k);
		break;
	case MK_GRAVE:
		cairo_move_to(cr, cx - 0.1 * k, top - 0.28 * k);
		cairo_line_to(cr, cx + 0.05 * k, top - 0.07 * e);
		break;
	case MK_HOOK:
		cairo_move_to(cr, cx - 0.07 * k, top - 0.24 * k);
		cairo_curve_to(cr, cx + 0.02 * k, top - 0.34 * k,
		    cx + 0.14 * k, top - 0.2 * k, cx + 0.01 * k,
		    top - 0.13 * k);
		cairo_line_to(cr, cx + 0.01 * k, top - 0.07 * e);
		break;
	case MK_TILDE:
		cairo_move_to(cr, cx - 0.16 * k, top - 0.12 * e);
		cairo_curve_to(cr, cx - 0.1 * k, top - 0.24 * k,
		    cx - 0.04 * k, top - 0.2 * k, cx, top - 0.15 * k);
		cairo_curve_to(cr, cx + 0.04 * k, top - 0.1 * e,
		    cx + 0.1 * k, top - 0.08 * e, cx + 0.16 * k,
		    top - 0.2 * k);
		break;
	case MK_DOT:
		cairo_new_sub_path(cr);
		cairo_arc(cr, cx, 0.16 * e, lw * 0.9, 0, 2 * M_PI);
		cairo_fill(cr);
		return;
	default:
		return;
	}
	cairo_stroke(cr);
}

/* The marks of one letter; tone marks sit over a circumflex or breve. */
static void
draw_marks(cairo_t *cr, PangoLayout *pl, struct rng *r,
    const struct letter *lt, double e, double xh, double cap, double asc,
    double lw)
{
	PangoRectangle	 pos;
	double		 cx, lx, rx, top, tone;
	int		 m;

	pango_layout_index_to_pos(pl, lt->index, &pos);
	lx = (double)pos.x / PANGO_SCALE;
	rx = lx + (double)pos.width / PANGO_SCALE;
	cx = (lx + rx) / 2;
	if (lt->c >= 'A' && lt->c <= 'Z')
		top = -cap;
	else if (strchr("bdfhklt", lt->c) != NULL)
		top = -asc;
	else if (lt->c == 'i' || lt->c == 'j')
		top = -xh - 0.12 * e;
	else
		top = -xh;
	if (lt->marks & MK_BAR) {
		if (lt->c == 'D')
			cairo_move_to(cr, lx - 0.04 * e, -0.36 * e);
		else
			cairo_move_to(cr, rx - 0.24 * e, -0.62 * e);
		cairo_rel_line_to(cr, 0.24 * e * rng_uniform(r, 0.85, 1.2),
		    rng_uniform(r, -0.03, 0.03) * e);
		cairo_stroke(cr);
	}
	tone = top;
	for (m = MK_CIRC; m <= MK_HORN; m <<= 1)
		if (lt->marks & m) {
			draw_mark(cr, r, m, cx, rx, top, e, lw);
			if (m != MK_HORN) {
				/* a tone goes above it, a little right */
				tone = top - 0.22 * e;
				cx += 0.1 * e;
			}
		}
	for (m = MK_ACUTE; m <= MK_DOT; m <<= 1)
		if (lt->marks & m)
			draw_mark(cr, r, m, cx, rx, tone, e, lw);
}

/* Draws one word with its baseline's left end at (x, y). */
static void
draw_word(cairo_t *cr, PangoLayout *pl, struct rng *r,
    const struct hand_writer *wr, const struct word *wd, double x,
    double y, double tilt)
{
	cairo_matrix_t	 m;
	double		 e = wd->size, xh, cap, asc, base, lw;
	int		 i;

	set_face(pl, wr->family, e);
	xh = ink_above(pl, "xuvnm");
	cap = ink_above(pl, "HNT");
	asc = ink_above(pl, "lhk");
	pango_layout_set_text(pl, wd->base, -1);
	base = (double)pango_layout_get_baseline(pl) / PANGO_SCALE;
	lw = wr->pen * wd->press;
	cairo_save(cr);
	cairo_translate(cr, x, y + wd->dy);
	cairo_rotate(cr, tilt);
	cairo_matrix_init(&m, 1, 0, -wd->slant, 1, 0, 0);
	cairo_transform(cr, &m);
	cairo_set_source_rgba(cr, wr->rgb[0], wr->rgb[1], wr->rgb[2],
	    wd->alpha);
	cairo_set_line_width(cr, lw * 0.6);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_move_to(cr, 0, -base);
	pango_cairo_layout_path(cr, pl);
	cairo_fill_preserve(cr);
	cairo_stroke(cr);
	cairo_set_line_width(cr, lw);
	/* index_to_pos is from the layout's left, as drawn at x = 0 */
	for (i = 0; i < wd->nlet; i++)
		if (wd->let[i].marks != 0)
			draw_marks(cr, pl, r, &wd->let[i], e, xh, cap, asc,
			    lw);
	cairo_restore(cr);
}

/* Splits text into words, each with its own hand; returns how many. */
static int
words_of(PangoLayout *pl, struct rng *r, const struct hand_writer *wr,
    const char *text, double px, struct word *wds)
{
	const char	*p = text, *q;
	double		 cell_size, cell_slant;
	PangoRectangle	 lr;
	int		 n = 0;

	cell_size = px * wr->size * rng_uniform(r, 0.9, 1.1);
	cell_slant = wr->slant + rng_uniform(r, -0.07, 0.07);
	while (*p != '\0' && n < MAXWORDS) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\n'; q++)
			;
		word_split(p, (size_t)(q - p), &wds[n]);
		wds[n].size = cell_size * rng_uniform(r, 0.92, 1.08);
		wds[n].slant = cell_slant + rng_uniform(r, -0.05, 0.05);
		wds[n].dy = rng_uniform(r, -0.07, 0.07) * px;
		wds[n].press = rng_uniform(r, 0.6, 1.4);
		wds[n].alpha = rng_uniform(r, 0.8, 1.0);
		set_face(pl, wr->family, wds[n].size);
		pango_layout_set_text(pl, wds[n].base, -1);
		pango_layout_get_pixel_extents(pl, NULL, &lr);
		wds[n].width = lr.width;
		n++;
		p = q;
	}
	return n;
}

void
hand_text(cairo_t *cr, PangoLayout *pl, struct rng *r,
    const struct hand_writer *wr, const char *text, double px, double x,
    double y, double w, double h, int centre)
{
	struct word	*wds;
	double		 sc = 1, sp, lh, tot, top, lx, tilt;
	int		 n, i, k, nl, start[MAXWORDS + 1];

	if (text == NULL || text[0] == '\0' || w < 4 || h < 4)
		return;
	wds = calloc(MAXWORDS, sizeof(*wds));
	if (wds == NULL)
		return;
	n = words_of(pl, r, wr, text, px, wds);
	sp = 0.32 * px * wr->size;
	/* The slant leans the tops out, the pen widens every stroke. */
	w -= fabs(wr->slant) * px + 2 * wr->pen;
	if (w < 4)
		w = 4;
	/* One line, squeezed a little if need be; else as many as needed. */
	for (tot = 0, i = 0; i < n; i++)
		tot += wds[i].width + (i > 0 ? sp : 0);
	nl = 1;
	start[0] = 0;
	if (tot > w && tot * 0.8 <= w)
		sc = w / tot;
	else if (tot > w) {
		sc = 0.85;
		for (lx = 0, i = 0; i < n; i++) {
			if (lx > 0 && lx + sp * sc + wds[i].width * sc > w) {
				start[nl++] = i;
				lx = 0;
			}
			lx += (lx > 0 ? sp * sc : 0) + wds[i].width * sc;
		}
	}
	start[nl] = n;
	/* A word wider than the cell (a date, a serial) is written smaller. */
	for (k = 0, tot = 0; k < nl; k++) {
		for (lx = 0, i = start[k]; i < start[k + 1]; i++)
			lx += wds[i].width + (i > start[k] ? sp : 0);
		tot = fmax(tot, lx);
	}
	if (tot * sc > w)
		sc = w / tot;
	lh = 1.1 * px * wr->size * sc;
	if (nl * lh > h) {
		sc *= h / (nl * lh);
		lh = h / nl;
	}
	top = y + (h - nl * lh) / 2;
	tilt = rng_uniform(r, -0.02, 0.02);
	for (k = 0; k < nl; k++) {
		for (tot = 0, i = start[k]; i < start[k + 1]; i++)
			tot += (wds[i].width + (i > start[k] ? sp : 0)) * sc;
		lx = x + (centre ? (w - tot) / 2 : rng_uniform(r, 0,
		    fmax(0, fmin(0.3 * px, w - tot))));
		for (i = start[k]; i < start[k + 1]; i++) {
			wds[i].size *= sc;
			wds[i].dy += (lx - x) * tilt;
			draw_word(cr, pl, r, wr, &wds[i], lx,
			    top + lh * (k + 0.78), tilt);
			lx += (wds[i].width + sp) * sc;
		}
	}
	free(wds);
}
