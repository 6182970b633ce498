/*
 * receiptpage.h: the public site's /receipt page, where an employer
 * checks a receipt file in the browser, and the department's keys at
 * /.well-known/sogoc/keys.
 *
 * The page carries its checker (verify/receipt.js, compiled in) and its
 * stylesheet inline, each allowed by its SHA-256 in the page's own
 * Content-Security-Policy, and the keys in the page, so that the page
 * saved to disk still checks with the network off.  The keys text is the
 * log's verifier keys ("log VKEY") then the witnesses of the witnesses
 * file ("witness NAME VKEY"), docs/receipt-page.md.
 *
 * Strings returned are malloc'd and the caller's; errors come back as
 * NULL (out of memory) or an int code with a message.  Thread-safe: the
 * hashes are computed once under pthread_once.
 */
#ifndef SOGOC_VERIFY_RECEIPTPAGE_H
#define SOGOC_VERIFY_RECEIPTPAGE_H

#include <stddef.h>

#include "store.h"

/* The checker script, verify/receipt.js (receipt_js.c, generated). */
extern const char	receiptpage_js[];

/*
 * The keys text into *out (malloc'd): every verifier key that signed the
 * log in st, then the witnesses of the file witnesses (NULL: none).
 * Returns 0, or -1 with why in err (errsz bytes; *out NULL).
 */
int		 receiptpage_keys(struct store *st, const char *witnesses,
		    char **out, char *err, size_t errsz);

/*
 * The page in lang ("en", else Vietnamese) with keys (the text above)
 * embedded, escaped; NULL when out of memory.
 */
char		*receiptpage_render(const char *lang, const char *keys);

/*
 * The Content-Security-Policy header of the page: its inline script and
 * style by their hashes, nothing else; static, NULL when the hashes
 * could not be computed.
 */
const char	*receiptpage_csp(void);

#endif /* SOGOC_VERIFY_RECEIPTPAGE_H */
