/*
 * recog.c: Tesseract C API wrapper for single ledger cells (see recog.h).
 *
 * Tesseract is driven without its own page layout analysis: the page reader
 * has already found the cell, removed the ruling and padded it with white,
 * so a single-line (or single-block) segmentation is both faster and more
 * accurate than letting Tesseract look for columns.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "recog.h"

struct recog {
	TessBaseAPI	*api[RECOG_NMODELS];
};

static const char *const model_lang[RECOG_NMODELS] = {
	"vie",
	"Vietnamese",
};

int
recog_new(const char *datapath, struct recog **out, char *err, size_t errsz)
{
	struct recog	*r;
	int		 i;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return RECOG_ENOMEM;
	for (i = 0; i < RECOG_NMODELS; i++) {
		r->api[i] = TessBaseAPICreate();
		if (r->api[i] == NULL) {
			recog_free(r);
			return RECOG_ENOMEM;
		}
		/* Tesseract's chatter would interleave with our stderr. */
		TessBaseAPISetVariable(r->api[i], "debug_file", "/dev/null");
		if (TessBaseAPIInit2(r->api[i], datapath, model_lang[i],
		    OEM_LSTM_ONLY) != 0) {
			if (err != NULL && errsz > 0)
				(void)snprintf(err, errsz, "cannot load the "
				    "Tesseract model \"%s\" (is %s installed?)",
				    model_lang[i], i == RECOG_FAST ?
				    "tesseract-ocr-vie" :
				    "tesseract-ocr-script-viet");
			recog_free(r);
			return RECOG_EINIT;
		}
		TessBaseAPISetVariable(r->api[i], "debug_file", "/dev/null");
		/* Cells are dark on light; the inverted retry only costs. */
		TessBaseAPISetVariable(r->api[i], "tessedit_do_invert", "0");
	}
	*out = r;
	return RECOG_OK;
}

void
recog_free(struct recog *r)
{
	int	 i;

	if (r == NULL)
		return;
	for (i = 0; i < RECOG_NMODELS; i++)
		if (r->api[i] != NULL) {
			TessBaseAPIEnd(r->api[i]);
			TessBaseAPIDelete(r->api[i]);
		}
	free(r);
}

void
recog_result_clear(struct recog_result *res)
{
	if (res == NULL)
		return;
	free(res->text);
	memset(res, 0, sizeof(*res));
}

/* Joins Tesseract's lines with single spaces and trims. */
static char *
tidy_text(const char *s)
{
	char	*out, *p;
	int	 space = 0;

	out = malloc(strlen(s) + 1);
	if (out == NULL)
		return NULL;
	p = out;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' ||
		    *s == '\f') {
			space = (p != out);
			continue;
		}
		if (space)
			*p++ = ' ';
		space = 0;
		*p++ = *s;
	}
	*p = '\0';
	return out;
}

static int
run_once(TessBaseAPI *api, struct Pix *cell, int dpi, int multiline,
    const char *whitelist, struct recog_result *out)
{
	TessResultIterator	*it;
	char			*raw;
	float			 c, sum = 0;
	int			 nword = 0;

	memset(out, 0, sizeof(*out));
	TessBaseAPISetVariable(api, "tessedit_char_whitelist",
	    whitelist != NULL ? whitelist : "");
	TessBaseAPISetPageSegMode(api, multiline ? PSM_SINGLE_BLOCK :
	    PSM_SINGLE_LINE);
	TessBaseAPISetImage2(api, cell);
	TessBaseAPISetSourceResolution(api, dpi > 0 ? dpi : 300);
	if (TessBaseAPIRecognize(api, NULL) != 0) {
		TessBaseAPIClear(api);
		return RECOG_EFAIL;
	}
	raw = TessBaseAPIGetUTF8Text(api);
	out->text = tidy_text(raw != NULL ? raw : "");
	TessDeleteText(raw);
	if (out->text == NULL) {
		TessBaseAPIClear(api);
		return RECOG_ENOMEM;
	}
	out->min_conf = 100;
	it = TessBaseAPIGetIterator(api);
	if (it != NULL) {
		TessPageIterator *pi = TessResultIteratorGetPageIterator(it);

		do {
			c = TessResultIteratorConfidence(it, RIL_SYMBOL);
			if (c < out->min_conf)
				out->min_conf = c;
			out->nsym++;
			if (TessPageIteratorIsAtBeginningOf(pi, RIL_WORD)) {
				sum += TessResultIteratorConfidence(it,
				    RIL_WORD);
				nword++;
			}
		} while (TessPageIteratorNext(pi, RIL_SYMBOL));
		TessResultIteratorDelete(it);
	}
	if (out->nsym == 0 || out->text[0] == '\0') {
		out->min_conf = 0;
		out->nsym = 0;
	}
	out->mean_conf = nword > 0 ? sum / nword : 0;
	TessBaseAPIClear(api);
	return RECOG_OK;
}

int
recog_cell(struct recog *r, enum recog_model m, struct Pix *cell, int dpi,
    int multiline, const char *whitelist, struct recog_result *out)
{
	int	 rc;

	if (m < 0 || m >= RECOG_NMODELS)
		return RECOG_EFAIL;
	rc = run_once(r->api[m], cell, dpi, multiline, whitelist, out);
	if (rc != RECOG_OK || whitelist == NULL || out->text[0] != '\0')
		return rc;
	/* A whitelist can make the LSTM return nothing at all. */
	recog_result_clear(out);
	return run_once(r->api[m], cell, dpi, multiline, NULL, out);
}
