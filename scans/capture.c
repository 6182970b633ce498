/*
 * capture.c: what the device that captures a ledger page does to the page
 * sogoc-gen drew.  A flatbed scanner blurs and adds sensor noise (gen.c
 * adds the skew and the file format).  A phone held over a desk sees the
 * page in perspective on the darker desk, lit unevenly, and its camera
 * adds noise, smooths it away and sharpens.  A book scanner over an open
 * bound ledger sees each page curl down into the spine, lines bending,
 * the gutter in shadow between the two facing pages.
 *
 * The photo and the book are one inverse mapping.  The pages lie on a
 * flat "canvas", side by side in a book, each curled towards its spine;
 * each pixel of the output is traced back through a homography (the
 * camera) to the canvas, from there through the curl to a point of the
 * page that gen.c drew, which is sampled bilinearly.  Every random choice
 * comes from the caller's rng, in a fixed order.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "capture.h"
#include "rng.h"

#define BG_GX		16	/* grid of the background's tone */
#define BG_GY		12
#define CELL		8	/* pixels per cell of the photo's shadow map */
#define DEG		(M_PI / 180)

const char *const capture_names[CAPTURE_COUNT] = {
	"scan", "photo", "book", "spread", "spread-flat"
};

/* One page on the canvas. */
struct sheet {
	const l_uint32	*data;
	int		 wpl, pw, ph;
	double		 edge;		/* canvas x of the page's spine edge */
	int		 side;		/* +1: the page lies right of edge */
	double		 top;		/* canvas y of the page's top */
	double		 zone;		/* width of the curl, from the spine */
	double		 tilt;		/* tan of the slope at the spine */
	double		 mag;		/* magnification at the spine - 1 */
	double		 sag;		/* vertical shift at the spine, px */
	double		 shade;		/* gutter shadow's depth, 0-1 */
	double		 shade_w;	/* ... and width, px */
	double		 block;		/* edges of the other leaves, px */
	double		*P;		/* P[d]: canvas distance of page
					   column d from the edge, d 0..pw */
	double		*Q;		/* Q[q]: page column at distance q */
	int		 nq;
	double		 pwid;		/* P[pw] */
};

/* The canvas, the camera over it and the light. */
struct scene {
	struct sheet	 sh[2];
	int		 nsheets;
	int		 book;		/* the gutter is dark, not the desk */
	double		 gutter;	/* canvas x between two sheets */
	double		 gutter_tone;
	double		 H[9];		/* output pixel -> canvas */
	int		 w, h;		/* output size */
	double		 bg[3];		/* background colour, 0-1 */
	double		 tone[BG_GY + 1][BG_GX + 1];
	int		 wood;
	double		 grain_k, grain_a, grain_w, grain_t, grain_ph;
	double		 vig, grad, gdx, gdy, lcx, lcy;
	double		 blob_a, blob_x, blob_y, blob_r;
	double		 cast[3], expo;
	float		*shadow;	/* photo: the page's shadow, by cell */
	int		 sw, shh;
	double		 shadow_a;
};

/* ---------------------------------------------------------------------- */
/* Scanner noise, shared with gen.c's flatbed. */

/*
 * [1 2 1] / 4 of three pixels, all four 8-bit lanes at once: two lanes sit
 * in the low byte of each 16-bit half, where the sum cannot overflow.
 */
static inline uint32_t
mix121(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t	 lo, hi;

	lo = (a & 0x00ff00ff) + 2 * (b & 0x00ff00ff) + (c & 0x00ff00ff) +
	    0x00020002;
	hi = ((a >> 8) & 0x00ff00ff) + 2 * ((b >> 8) & 0x00ff00ff) +
	    ((c >> 8) & 0x00ff00ff) + 0x00020002;
	return ((lo >> 2) & 0x00ff00ff) | (((hi >> 2) & 0x00ff00ff) << 8);
}

/* A [1 2 1] / 4 blur, horizontally and vertically, in place. */
int
capture_blur121(PIX *pix)
{
	l_uint32	*data, *line, *prev, *cur;
	int		 w, h, wpl, x, y;

	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	wpl = pixGetWpl(pix);
	data = pixGetData(pix);
	if (w < 2 || h < 2)
		return 0;
	prev = malloc((size_t)w * sizeof(*prev));
	cur = malloc((size_t)w * sizeof(*cur));
	if (prev == NULL || cur == NULL) {
		free(prev);
		free(cur);
		return -1;
	}
	for (y = 0; y < h; y++) {
		line = data + (size_t)y * wpl;
		memcpy(cur, line, (size_t)w * sizeof(*cur));
		line[0] = mix121(cur[0], cur[0], cur[1]);
		for (x = 1; x < w - 1; x++)
			line[x] = mix121(cur[x - 1], cur[x], cur[x + 1]);
		line[w - 1] = mix121(cur[w - 2], cur[w - 1], cur[w - 1]);
	}
	memcpy(prev, data, (size_t)w * sizeof(*prev));
	for (y = 0; y < h; y++) {
		line = data + (size_t)y * wpl;
		memcpy(cur, line, (size_t)w * sizeof(*cur));
		if (y < h - 1)
			for (x = 0; x < w; x++)
				line[x] = mix121(prev[x], cur[x],
				    line[wpl + x]);
		else
			for (x = 0; x < w; x++)
				line[x] = mix121(prev[x], cur[x], cur[x]);
		memcpy(prev, cur, (size_t)w * sizeof(*prev));
	}
	free(prev);
	free(cur);
	return 0;
}

static inline uint32_t
clamp255(int v)
{
	if (v < 0)
		return 0;
	if (v > 255)
		return 255;
	return (uint32_t)v;
}

/*
 * Sensor noise, roughly Gaussian with sigma in gray levels, the same on
 * all three channels, in place.  Draws come from a table of 4096 values
 * made from the seed, five pixels to one 64-bit random number.
 */
void
capture_noise(struct rng *r, PIX *pix, double sigma)
{
	enum { TAB = 4096 };
	int		 tab[TAB];
	l_uint32	*data, *line, v;
	uint64_t	 rn = 0;
	double		 n;
	int		 w, h, wpl, x, y, i, d, left = 0;

	for (i = 0; i < TAB; i++) {
		/* sum of three uniforms, variance 1/4 */
		n = (rng_unit(r) + rng_unit(r) +
		    rng_unit(r) - 1.5) * 2 * sigma;
		tab[i] = (int)(n < 0 ? n - 0.5 : n + 0.5);
	}
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	wpl = pixGetWpl(pix);
	data = pixGetData(pix);
	for (y = 0; y < h; y++) {
		line = data + (size_t)y * wpl;
		for (x = 0; x < w; x++) {
			if (left == 0) {
				rn = rng_next(r);
				left = 5;
			}
			d = tab[rn & (TAB - 1)];
			rn >>= 12;
			left--;
			v = line[x];
			line[x] = clamp255((int)(v >> 24) + d) << 24 |
			    clamp255((int)((v >> 16) & 0xff) + d) << 16 |
			    clamp255((int)((v >> 8) & 0xff) + d) << 8;
		}
	}
}


/* ---------------------------------------------------------------------- */
/* Geometry. */

/*
 * The homography H taking each src[i] to dst[i] (H[8] = 1): Gaussian
 * elimination with partial pivoting of the usual 8 x 8 system.  Returns -1
 * when the points are degenerate.
 */
static int
homography(const double src[4][2], const double dst[4][2], double H[9])
{
	double	 A[8][9], t;
	int	 i, j, k, p;

	for (i = 0; i < 4; i++) {
		const double	 x = src[i][0], y = src[i][1];
		const double	 X = dst[i][0], Y = dst[i][1];
		double		*a = A[2 * i], *b = A[2 * i + 1];

		a[0] = x; a[1] = y; a[2] = 1; a[3] = 0; a[4] = 0; a[5] = 0;
		a[6] = -x * X; a[7] = -y * X; a[8] = X;
		b[0] = 0; b[1] = 0; b[2] = 0; b[3] = x; b[4] = y; b[5] = 1;
		b[6] = -x * Y; b[7] = -y * Y; b[8] = Y;
	}
	for (k = 0; k < 8; k++) {
		p = k;
		for (i = k + 1; i < 8; i++)
			if (fabs(A[i][k]) > fabs(A[p][k]))
				p = i;
		if (fabs(A[p][k]) < 1e-12)
			return -1;
		for (j = 0; j < 9; j++) {
			t = A[k][j];
			A[k][j] = A[p][j];
			A[p][j] = t;
		}
		for (i = 0; i < 8; i++) {
			if (i == k)
				continue;
			t = A[i][k] / A[k][k];
			for (j = k; j < 9; j++)
				A[i][j] -= t * A[k][j];
		}
	}
	for (k = 0; k < 8; k++)
		H[k] = A[k][8] / A[k][k];
	H[8] = 1;
	return 0;
}

/* The corners of a w x h rectangle at the origin: TL, TR, BR, BL. */
static void
corners_of(double w, double h, double q[4][2])
{
	q[0][0] = 0;
	q[0][1] = 0;
	q[1][0] = w;
	q[1][1] = 0;
	q[2][0] = w;
	q[2][1] = h;
	q[3][0] = 0;
	q[3][1] = h;
}

static void
hmap(const double H[9], double x, double y, double *X, double *Y)
{
	double	 w;

	w = H[6] * x + H[7] * y + H[8];
	*X = (H[0] * x + H[1] * y + H[2]) / w;
	*Y = (H[3] * x + H[4] * y + H[5]) / w;
}

/* How far the curl has risen at d pixels from the spine: 1 there, 0 flat. */
static double
curl_at(const struct sheet *s, double d)
{
	double	 t;

	if (s->zone <= 0 || d >= s->zone)
		return 0;
	t = (s->zone - d) / s->zone;
	return t * t;
}

/*
 * The page's columns seen from above: a column d pixels from the spine
 * lies P[d] from it on the canvas, less than d where the page slopes down
 * into the spine.  Q inverts P at whole canvas pixels.
 */
static int
sheet_tables(struct sheet *s)
{
	double	 t;
	int	 d, q;

	s->P = malloc(((size_t)s->pw + 1) * sizeof(*s->P));
	if (s->P == NULL)
		return -1;
	s->P[0] = 0;
	for (d = 1; d <= s->pw; d++) {
		t = s->zone > 0 && d - 0.5 < s->zone ?
		    s->tilt * (s->zone - (d - 0.5)) / s->zone : 0;
		s->P[d] = s->P[d - 1] + 1 / sqrt(1 + t * t);
	}
	s->pwid = s->P[s->pw];
	s->nq = (int)ceil(s->pwid) + 2;
	s->Q = malloc((size_t)s->nq * sizeof(*s->Q));
	if (s->Q == NULL)
		return -1;
	d = 0;
	for (q = 0; q < s->nq; q++) {
		while (d < s->pw && s->P[d + 1] < q)
			d++;
		if (q >= s->pwid)
			s->Q[q] = s->pw + (q - s->pwid);
		else
			s->Q[q] = d + (q - s->P[d]) / (s->P[d + 1] - s->P[d]);
	}
	return 0;
}

/*
 * Traces canvas point (X, Y) to the page: its column u, row v and distance
 * d from the spine.  Returns -1 when the point is in the gutter (or, for a
 * flat page, left of it).
 */
static int
sheet_point(const struct sheet *s, double X, double Y, double *u, double *v,
    double *d)
{
	double	 q, f, c;
	int	 i;

	q = (X - s->edge) * s->side;
	if (q < 0)
		return -1;
	if (q >= s->pwid || (int)q + 1 >= s->nq)
		*d = s->pw + (q - s->pwid);
	else {
		i = (int)q;
		f = q - i;
		*d = s->Q[i] * (1 - f) + s->Q[i + 1] * f;
	}
	*u = s->side > 0 ? *d : s->pw - *d;
	c = curl_at(s, *d);
	*v = (Y - s->top - s->ph / 2.0 - s->sag * c) / (1 + s->mag * c) +
	    s->ph / 2.0;
	return 0;
}

/* The other way: page point (u, v) to the canvas. */
static void
sheet_place(const struct sheet *s, double u, double v, double *X, double *Y)
{
	double	 d, c, p;
	int	 i;

	d = s->side > 0 ? u : s->pw - u;
	d = fmax(0, fmin(s->pw, d));
	i = (int)d;
	p = i >= s->pw ? s->pwid : s->P[i] + (s->P[i + 1] - s->P[i]) * (d - i);
	*X = s->edge + s->side * p;
	c = curl_at(s, d);
	*Y = s->top + s->ph / 2.0 + (v - s->ph / 2.0) * (1 + s->mag * c) +
	    s->sag * c;
}

/* ---------------------------------------------------------------------- */
/* Drawing the output. */

static double
smooth(double t)
{
	return t * t * (3 - 2 * t);
}

/* The desk or the scanner's cradle at output pixel (x, y). */
static void
background(const struct scene *sc, int x, int y, double rgb[3])
{
	double	 fx, fy, t, m;
	int	 ix, iy, c;

	fx = (double)x / sc->w * BG_GX;
	fy = (double)y / sc->h * BG_GY;
	ix = fx >= BG_GX ? BG_GX - 1 : (int)fx;
	iy = fy >= BG_GY ? BG_GY - 1 : (int)fy;
	fx = smooth(fx - ix);
	fy = smooth(fy - iy);
	t = (sc->tone[iy][ix] * (1 - fx) + sc->tone[iy][ix + 1] * fx) *
	    (1 - fy) + (sc->tone[iy + 1][ix] * (1 - fx) +
	    sc->tone[iy + 1][ix + 1] * fx) * fy;
	if (sc->wood)
		t *= 1 + sc->grain_a * sin(sc->grain_k * (y + sc->grain_w *
		    sin(x * sc->grain_t + sc->grain_ph)));
	if (sc->shadow != NULL) {
		fx = (double)x / CELL;
		fy = (double)y / CELL;
		ix = (int)fx;
		iy = (int)fy;
		fx -= ix;
		fy -= iy;
		m = (sc->shadow[iy * sc->sw + ix] * (1 - fx) +
		    sc->shadow[iy * sc->sw + ix + 1] * fx) * (1 - fy) +
		    (sc->shadow[(iy + 1) * sc->sw + ix] * (1 - fx) +
		    sc->shadow[(iy + 1) * sc->sw + ix + 1] * fx) * fy;
		t *= 1 - sc->shadow_a * m;
	}
	for (c = 0; c < 3; c++)
		rgb[c] = sc->bg[c] * t;
}

/* The light falling on output pixel (x, y), 1 at best. */
static double
light(const struct scene *sc, int x, int y)
{
	double	 hd, dx, dy, l, e;

	hd = hypot(sc->w, sc->h) / 2;
	dx = (x - sc->lcx) / hd;
	dy = (y - sc->lcy) / hd;
	l = (1 - sc->vig * (dx * dx + dy * dy)) *
	    (1 + sc->grad * (dx * sc->gdx + dy * sc->gdy));
	if (sc->blob_a > 0) {
		e = (hypot(x - sc->blob_x, y - sc->blob_y) / sc->blob_r);
		l *= 1 - sc->blob_a * exp(-e * e / 2);
	}
	return l * sc->expo;
}

/* Bilinear sample of the page at (u, v); taps off the page are bg. */
static void
sample(const struct sheet *s, double u, double v, const double bg[3],
    double rgb[3])
{
	double		 fx, fy, w;
	l_uint32	 px;
	int		 x0, y0, k, x, y, c;

	u -= 0.5;
	v -= 0.5;
	x0 = (int)floor(u);
	y0 = (int)floor(v);
	fx = u - x0;
	fy = v - y0;
	rgb[0] = rgb[1] = rgb[2] = 0;
	for (k = 0; k < 4; k++) {
		x = x0 + (k & 1);
		y = y0 + (k >> 1);
		w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
		if (x < 0 || y < 0 || x >= s->pw || y >= s->ph) {
			for (c = 0; c < 3; c++)
				rgb[c] += w * bg[c];
			continue;
		}
		px = s->data[(size_t)y * s->wpl + x];
		for (c = 0; c < 3; c++)
			rgb[c] += w * ((px >> (24 - 8 * c)) & 0xff) / 255.0;
	}
}

/* Output pixel (x, y) of the scene, 0-1 per channel. */
static void
scene_pixel(const struct scene *sc, int x, int y, double rgb[3])
{
	const struct sheet	*s;
	double			 X, Y, u, v, d, bg[3], k, t, e;
	int			 c;

	hmap(sc->H, x + 0.5, y + 0.5, &X, &Y);
	background(sc, x, y, bg);
	s = &sc->sh[sc->nsheets == 2 && X >= sc->gutter ? 1 : 0];
	k = 1;
	if (sheet_point(s, X, Y, &u, &v, &d) != 0) {
		if (sc->book)
			for (c = 0; c < 3; c++)
				bg[c] = sc->gutter_tone;
		memcpy(rgb, bg, sizeof(bg));
	} else if (u > -1 && u < s->pw + 1 && v > -1 && v < s->ph + 1) {
		sample(s, u, v, bg, rgb);
		/* the gutter's shadow, and the slope turned from the light */
		t = curl_at(s, d) > 0 ? s->tilt * sqrt(curl_at(s, d)) : 0;
		k = (1 - s->shade * exp(-d / s->shade_w)) *
		    (0.75 + 0.25 / sqrt(1 + t * t));
	} else if (d > s->pw && d < s->pw + s->block && v > 0 && v < s->ph) {
		/* the edges of the leaves below, past the outer edge */
		e = 0.55 + 0.15 * sin((d - s->pw) * 2.1);
		for (c = 0; c < 3; c++)
			rgb[c] = e * 0.9;
	} else
		memcpy(rgb, bg, sizeof(bg));
	k *= light(sc, x, y);
	for (c = 0; c < 3; c++)
		rgb[c] *= k * sc->cast[c];
}

static inline l_uint32
byte(double v)
{
	int	 i;

	i = (int)(v * 255 + 0.5);
	return i < 0 ? 0 : i > 255 ? 255 : (l_uint32)i;
}

static PIX *
scene_render(const struct scene *sc)
{
	PIX		*pix;
	l_uint32	*line;
	double		 rgb[3];
	int		 x, y, wpl;

	pix = pixCreate(sc->w, sc->h, 32);
	if (pix == NULL)
		return NULL;
	pixSetSpp(pix, 3);
	wpl = pixGetWpl(pix);
	for (y = 0; y < sc->h; y++) {
		line = pixGetData(pix) + (size_t)y * wpl;
		for (x = 0; x < sc->w; x++) {
			scene_pixel(sc, x, y, rgb);
			line[x] = byte(rgb[0]) << 24 | byte(rgb[1]) << 16 |
			    byte(rgb[2]) << 8;
		}
	}
	return pix;
}

/* Frees the scene, and the image too when rc says the capture failed. */
static int
scene_done(struct scene *sc, struct capture_out *out, int rc)
{
	int	 i;

	for (i = 0; i < 2; i++) {
		free(sc->sh[i].P);
		free(sc->sh[i].Q);
	}
	free(sc->shadow);
	if (rc != 0)
		pixDestroy(&out->pix);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* The scene's parts, drawn from the rng. */

static void
scene_sheet(struct sheet *s, PIX *page)
{
	s->data = pixGetData(page);
	s->wpl = pixGetWpl(page);
	s->pw = pixGetWidth(page);
	s->ph = pixGetHeight(page);
	s->shade_w = 1;
}

/* A tone grid around 1 by up to +-a, for the background. */
static void
scene_tone(struct rng *r, struct scene *sc, double a)
{
	int	 ix, iy;

	for (iy = 0; iy <= BG_GY; iy++)
		for (ix = 0; ix <= BG_GX; ix++)
			sc->tone[iy][ix] = 1 + rng_uniform(r, -a, a);
}

/* Vignetting, a gradient across, a colour cast; a shadow when damaged. */
static void
scene_light(struct rng *r, struct scene *sc, double vig, double grad,
    double blob_p)
{
	double	 a;

	sc->vig = vig;
	sc->grad = grad;
	a = rng_uniform(r, 0, 2 * M_PI);
	sc->gdx = cos(a);
	sc->gdy = sin(a);
	sc->lcx = sc->w * rng_uniform(r, 0.4, 0.6);
	sc->lcy = sc->h * rng_uniform(r, 0.4, 0.6);
	sc->expo = rng_uniform(r, 0.92, 1.02);
	sc->cast[0] = rng_uniform(r, 0.98, 1.03);
	sc->cast[1] = 1;
	sc->cast[2] = rng_uniform(r, sc->book ? 0.95 : 0.86, 1.0);
	if (rng_chance(r, blob_p)) {
		/* the shadow of the hand or the phone */
		sc->blob_a = rng_uniform(r, 0.15, 0.35);
		sc->blob_x = sc->w * rng_uniform(r, 0, 1);
		sc->blob_y = sc->h * rng_uniform(r, 0, 1);
		sc->blob_r = sc->w * rng_uniform(r, 0.12, 0.25);
	}
}

/* A desk: wood with its grain, grey laminate, a green blotter, black. */
static void
scene_desk(struct rng *r, struct scene *sc)
{
	static const double	 desks[][3] = {
		{ 0.36, 0.24, 0.15 }, { 0.27, 0.17, 0.10 },
		{ 0.30, 0.30, 0.32 }, { 0.14, 0.24, 0.19 },
		{ 0.10, 0.10, 0.11 }
	};
	double			 j;
	int			 k, c;

	k = rng_range(r, 0, 4);
	j = rng_uniform(r, 0.85, 1.15);
	for (c = 0; c < 3; c++)
		sc->bg[c] = desks[k][c] * j;
	sc->wood = k < 2;
	sc->grain_k = 2 * M_PI / rng_uniform(r, 7, 22);
	sc->grain_a = rng_uniform(r, 0.04, 0.1);
	sc->grain_w = rng_uniform(r, 5, 30);
	sc->grain_t = 2 * M_PI / rng_uniform(r, 400, 1500);
	sc->grain_ph = rng_uniform(r, 0, 2 * M_PI);
	scene_tone(r, sc, 0.08);
}

static int
inside_quad(const double q[4][2], double x, double y)
{
	double	 c;
	int	 i, j;

	for (i = 0; i < 4; i++) {
		j = (i + 1) % 4;
		c = (q[j][0] - q[i][0]) * (y - q[i][1]) -
		    (q[j][1] - q[i][1]) * (x - q[i][0]);
		if (c < 0)
			return 0;
	}
	return 1;
}

/*
 * The page's soft shadow on the desk: the page's quad moved by (dx, dy),
 * in cells of CELL pixels, box-blurred three times.
 */
static int
scene_shadow(struct scene *sc, const double q[4][2], double dx, double dy,
    int rad)
{
	float	*tmp;
	double	 sum;
	int	 x, y, i, pass, n;

	sc->sw = sc->w / CELL + 2;
	sc->shh = sc->h / CELL + 2;
	n = sc->sw * sc->shh;
	sc->shadow = calloc((size_t)n, sizeof(*sc->shadow));
	tmp = calloc((size_t)n, sizeof(*tmp));
	if (sc->shadow == NULL || tmp == NULL) {
		free(tmp);
		return -1;
	}
	for (y = 0; y < sc->shh; y++)
		for (x = 0; x < sc->sw; x++)
			sc->shadow[y * sc->sw + x] = (float)inside_quad(q,
			    x * CELL - dx, y * CELL - dy);
	for (pass = 0; pass < 3; pass++) {
		for (y = 0; y < sc->shh; y++)
			for (x = 0; x < sc->sw; x++) {
				sum = 0;
				for (i = -rad; i <= rad; i++)
					if (x + i >= 0 && x + i < sc->sw)
						sum += sc->shadow[y * sc->sw +
						    x + i];
				tmp[y * sc->sw + x] = (float)(sum /
				    (2 * rad + 1));
			}
		for (y = 0; y < sc->shh; y++)
			for (x = 0; x < sc->sw; x++) {
				sum = 0;
				for (i = -rad; i <= rad; i++)
					if (y + i >= 0 && y + i < sc->shh)
						sum += tmp[(y + i) * sc->sw +
						    x];
				sc->shadow[y * sc->sw + x] = (float)(sum /
				    (2 * rad + 1));
			}
	}
	free(tmp);
	return 0;
}

/*
 * What the camera's processing does after the optics: the lens's blur
 * (twice when damaged), sensor noise, the sharpening every phone and
 * scanner applies.  Replaces *pix; -1 when out of memory.
 */
static int
finish(struct rng *r, PIX **pix, int blurs, double sigma, int halfwidth,
    double fract)
{
	PIX	*sharp;
	int	 i;

	for (i = 0; i < blurs; i++)
		if (capture_blur121(*pix) != 0)
			return -1;
	capture_noise(r, *pix, sigma);
	sharp = pixUnsharpMasking(*pix, halfwidth, (l_float32)fract);
	if (sharp == NULL)
		return -1;
	pixSetSpp(sharp, 3);
	pixDestroy(pix);
	*pix = sharp;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* The captures. */

/*
 * The page's quad in a w x h frame: width f of the frame, moved by
 * (ox, oy), its side edges leaning kv degrees (top narrower when
 * positive), its top and bottom leaning kh degrees (right shorter when
 * positive), each corner moved by jit times the page width, turned rot
 * degrees clockwise.
 */
static void
photo_quad(double w, double h, double aspect, double f, double ox, double oy,
    double kv, double kh, const double jit[4][2], double rot, double q[4][2])
{
	double	 wp, hp, ev, eh, cx, cy, x, y;
	int	 i;

	wp = f * w;
	hp = wp / aspect;
	ev = hp * tan(fabs(kv) * DEG) / 2 * (kv >= 0 ? 1 : -1);
	eh = wp * tan(fabs(kh) * DEG) / 2 * (kh >= 0 ? 1 : -1);
	q[0][0] = -wp / 2 + ev;	q[0][1] = -hp / 2 - eh;
	q[1][0] = wp / 2 - ev;	q[1][1] = -hp / 2 + eh;
	q[2][0] = wp / 2 + ev;	q[2][1] = hp / 2 - eh;
	q[3][0] = -wp / 2 - ev;	q[3][1] = hp / 2 + eh;
	cx = w / 2 + ox;
	cy = h / 2 + oy;
	for (i = 0; i < 4; i++) {
		x = q[i][0] + jit[i][0] * wp;
		y = q[i][1] + jit[i][1] * wp;
		q[i][0] = cx + x * cos(rot * DEG) - y * sin(rot * DEG);
		q[i][1] = cy + x * sin(rot * DEG) + y * cos(rot * DEG);
	}
}

int
capture_photo(struct rng *r, PIX *page, int damage, struct capture_out *out)
{
	/* 9, 10 and 12 Mpx, 4:3, as phones shoot */
	static const int	 frames[][2] = {
		{ 3456, 2592 }, { 3648, 2736 }, { 4000, 3000 }
	};
	static const double	 qual[3][2] = {
		{ 84, 92 }, { 76, 86 }, { 64, 78 }
	};
	struct scene		 sc;
	struct sheet		*s;
	double			 q[4][2], rect[4][2], jit[4][2];
	double			 f, ox, oy, kv, kh, rot, m, a;
	int			 k, i, tries, fits, rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&sc, 0, sizeof(sc));
	damage = damage < 0 ? 0 : damage > 2 ? 2 : damage;
	k = rng_range(r, 0, 2);
	sc.w = frames[k][0];
	sc.h = frames[k][1];
	s = &sc.sh[0];
	sc.nsheets = 1;
	scene_sheet(s, page);
	s->side = 1;
	if (sheet_tables(s) != 0)
		goto out;

	f = rng_uniform(r, 0.76, 0.9);
	ox = rng_uniform(r, -0.04, 0.04) * sc.w;
	oy = rng_uniform(r, -0.04, 0.04) * sc.h;
	kv = rng_uniform(r, -8, 8);
	kh = rng_uniform(r, -3, 3);
	rot = rng_uniform(r, -4, 4);
	for (i = 0; i < 4; i++) {
		jit[i][0] = rng_uniform(r, -0.006, 0.006);
		jit[i][1] = rng_uniform(r, -0.006, 0.006);
	}
	/* the whole page in frame: shrink it until it is */
	m = 0.015 * sc.w;
	for (tries = 0; tries < 60; tries++) {
		photo_quad(sc.w, sc.h, (double)s->pw / s->ph, f, ox, oy, kv, kh,
		    jit, rot, q);
		fits = 1;
		for (i = 0; i < 4; i++)
			if (q[i][0] < m || q[i][0] > sc.w - m ||
			    q[i][1] < m || q[i][1] > sc.h - m)
				fits = 0;
		if (fits)
			break;
		f *= 0.97;
	}
	corners_of(s->pw, s->ph, rect);
	if (homography(q, rect, sc.H) != 0)
		goto out;

	scene_desk(r, &sc);
	scene_light(r, &sc, rng_uniform(r, 0.12 + 0.1 * damage,
	    0.25 + 0.1 * damage), rng_uniform(r, 0.03 + 0.06 * damage,
	    0.1 + 0.09 * damage), damage == 0 ? 0 : damage == 1 ? 0.2 : 0.6);
	sc.shadow_a = rng_uniform(r, 0.3, 0.55);
	a = rng_uniform(r, 0.004, 0.012) * sc.w;
	if (scene_shadow(&sc, q, -sc.gdx * a, -sc.gdy * a,
	    (int)(rng_uniform(r, 0.008, 0.02) * sc.w / CELL) + 1) != 0)
		goto out;

	out->pix = scene_render(&sc);
	if (out->pix == NULL)
		goto out;
	if (finish(r, &out->pix, damage >= 2 ? 2 : 1,
	    rng_uniform(r, 2.5, 3.5) + 1.7 * damage, damage >= 2 ? 3 : 2,
	    rng_uniform(r, 0.5, 0.9)) != 0)
		goto out;
	out->quality = (int)rng_uniform(r, qual[damage][0], qual[damage][1]);
	/* what phones write in the file: no physical resolution */
	out->dpi = 72;
	memcpy(out->page[0].corners, q, sizeof(q));
	out->page[0].keystone = fmax(fabs(kv), fabs(kh));
	out->page[0].rotation = rot;
	out->page[0].spine = CAPTURE_SPINE_NONE;
	rc = 0;
out:
	return scene_done(&sc, out, rc);
}

/* One page's curl towards its spine, drawn from r. */
static void
book_curl(struct rng *r, struct sheet *s, int damage)
{
	static const double	 mag[3][2] = {
		{ 0.04, 0.07 }, { 0.055, 0.09 }, { 0.07, 0.12 }
	};

	s->zone = rng_uniform(r, 0.22, 0.42) * s->pw;
	s->tilt = tan(rng_uniform(r, 15, 25 + 5 * damage) * DEG);
	s->mag = rng_uniform(r, mag[damage][0], mag[damage][1]);
	s->sag = rng_uniform(r, -0.025, 0.025) * s->ph;
	s->shade = rng_uniform(r, 0.55, 0.85);
	s->shade_w = rng_uniform(r, 0.015, 0.05) * s->pw;
	s->block = rng_uniform(r, 0.003, 0.008) * s->pw;
}

/*
 * The open book's sheets on the canvas: each page curled, the spine on
 * one side (or between the two pages), the canvas's size in *cw, *ch.
 * Returns 0, or -1 when a page's table cannot be found to curl it.
 */
static int
book_lay(struct rng *r, struct scene *sc, PIX *const *pages, int npages,
    int damage, double *cw, double *ch)
{
	struct sheet	*s;
	double		 gap, mo, mt = 0, j;
	int		 i, spine_right = 1;

	sc->nsheets = npages;
	sc->book = 1;
	if (npages == 1)
		spine_right = rng_chance(r, 0.5);
	for (i = 0; i < npages; i++) {
		s = &sc->sh[i];
		scene_sheet(s, pages[i]);
		book_curl(r, s, damage);
		if (sheet_tables(s) != 0)
			return -1;
		mt = fmax(mt, s->ph * s->mag / 2 + fabs(s->sag));
	}
	gap = rng_uniform(r, 0.006, 0.016) * sc->sh[0].pw;
	mo = rng_uniform(r, 0.02, 0.05) * sc->sh[0].pw;
	mt += rng_uniform(r, 0.02, 0.04) * sc->sh[0].ph;
	*ch = 2 * mt + sc->sh[0].ph;
	if (npages == 2) {
		sc->sh[0].side = -1;
		sc->sh[0].edge = mo + sc->sh[0].pwid;
		sc->gutter = sc->sh[0].edge + gap / 2;
		sc->sh[1].side = 1;
		sc->sh[1].edge = sc->gutter + gap / 2;
		*cw = sc->sh[1].edge + sc->sh[1].pwid + mo;
		*ch = fmax(*ch, 2 * mt + sc->sh[1].ph);
	} else if (spine_right) {
		sc->sh[0].side = -1;
		sc->sh[0].edge = mo + sc->sh[0].pwid;
		*cw = sc->sh[0].edge + gap;
	} else {
		sc->sh[0].side = 1;
		sc->sh[0].edge = gap;
		*cw = gap + sc->sh[0].pwid + mo;
	}
	for (i = 0; i < npages; i++) {
		/* facing pages are never quite level */
		j = npages == 2 ? rng_uniform(r, -0.004, 0.004) : 0;
		sc->sh[i].top = mt + j * sc->sh[i].ph;
	}
	return 0;
}

/*
 * The camera over the book: a little smaller (*scale), a little off
 * square.  q gets the canvas's corners in the picture, rect the canvas's
 * own; sc->H maps the picture to the canvas.  Returns 0 or -1.
 */
static int
book_camera(struct rng *r, struct scene *sc, double cw, double ch,
    double q[4][2], double rect[4][2], double *scale)
{
	double	 kv, e, j;
	int	 i;

	*scale = rng_uniform(r, 0.9, 1.0);
	sc->w = (int)lround(cw * *scale);
	sc->h = (int)lround(ch * *scale);
	kv = rng_uniform(r, -2, 2);
	e = sc->h * tan(fabs(kv) * DEG);
	q[0][0] = kv > 0 ? e : 0;		q[0][1] = 0;
	q[1][0] = sc->w - (kv > 0 ? e : 0);	q[1][1] = 0;
	q[2][0] = sc->w - (kv < 0 ? e : 0);	q[2][1] = sc->h;
	q[3][0] = kv < 0 ? e : 0;		q[3][1] = sc->h;
	for (i = 0; i < 4; i++) {
		/* each corner pulled in a little, never out of frame */
		j = rng_uniform(r, 0, 0.004) * sc->w;
		q[i][0] += i == 0 || i == 3 ? j : -j;
		j = rng_uniform(r, 0, 0.004) * sc->w;
		q[i][1] += i < 2 ? j : -j;
	}
	corners_of(cw, ch, rect);
	return homography(q, rect, sc->H);
}

/* Where each page's corners landed, through the camera: the truth. */
static int
book_truth(struct scene *sc, double q[4][2], double rect[4][2],
    double scale, int npages, struct capture_out *out)
{
	struct sheet	*s;
	double		 X, Y;
	int		 i, k;

	if (homography(rect, q, sc->H) != 0)
		return -1;
	for (i = 0; i < npages; i++) {
		s = &sc->sh[i];
		for (k = 0; k < 4; k++) {
			sheet_place(s, k == 1 || k == 2 ? s->pw : 0,
			    k >= 2 ? s->ph : 0, &X, &Y);
			hmap(sc->H, X, Y, &out->page[i].corners[k][0],
			    &out->page[i].corners[k][1]);
		}
		out->page[i].curl = scale * (s->ph / 2.0 * s->mag +
		    fabs(s->sag));
		out->page[i].spine = s->side < 0 ? CAPTURE_SPINE_RIGHT :
		    CAPTURE_SPINE_LEFT;
	}
	return 0;
}

int
capture_book(struct rng *r, PIX *const *pages, int npages, int dpi,
    int damage, struct capture_out *out)
{
	static const double	 qual[3][2] = {
		{ 88, 94 }, { 82, 90 }, { 72, 84 }
	};
	struct scene		 sc;
	double			 q[4][2], rect[4][2], cw, ch, sc_s, e;
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&sc, 0, sizeof(sc));
	damage = damage < 0 ? 0 : damage > 2 ? 2 : damage;
	if (npages < 1 || npages > 2)
		return -1;
	if (book_lay(r, &sc, pages, npages, damage, &cw, &ch) != 0 ||
	    book_camera(r, &sc, cw, ch, q, rect, &sc_s) != 0)
		goto out;

	/* a book scanner's black cradle and its even lamps */
	e = rng_uniform(r, 0.06, 0.22);
	sc.bg[0] = sc.bg[1] = sc.bg[2] = e;
	scene_tone(r, &sc, 0.05);
	sc.gutter_tone = rng_uniform(r, 0.03, 0.1);
	scene_light(r, &sc, rng_uniform(r, 0.04, 0.12),
	    rng_uniform(r, 0.02, 0.08 + 0.035 * damage), 0);

	out->pix = scene_render(&sc);
	if (out->pix == NULL)
		goto out;
	if (finish(r, &out->pix, damage >= 2 ? 2 : 1, 2 + 1.25 * damage,
	    rng_chance(r, 0.5) ? 1 : 2, rng_uniform(r, 0.3, 0.6)) != 0)
		goto out;
	out->quality = (int)rng_uniform(r, qual[damage][0], qual[damage][1]);
	out->dpi = (int)lround(dpi * sc_s);
	rc = book_truth(&sc, q, rect, sc_s, npages, out);
out:
	return scene_done(&sc, out, rc);
}

void
capture_turn(struct capture_out *out, int npages, int quads, int w, int h)
{
	double	 x;
	int	 i, k, n, t;

	for (n = 0; n < quads % 4; n++) {
		for (i = 0; i < npages; i++)
			for (k = 0; k < 4; k++) {
				x = out->page[i].corners[k][0];
				out->page[i].corners[k][0] = h -
				    out->page[i].corners[k][1];
				out->page[i].corners[k][1] = x;
			}
		t = w;
		w = h;
		h = t;
	}
}
