/* cryptoerr.c: OpenSSL's error queue into one message (cryptoerr.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "cryptoerr.h"

int
crypto_err(const char *what, char *err, size_t errsz)
{
	unsigned long	 e;
	char		 reason[256];
	size_t		 len;
	int		 n, first = 1;

	if (err == NULL || errsz == 0) {
		crypto_clear();
		return -1;
	}
	n = snprintf(err, errsz, "%s: ", what);
	len = n < 0 ? 0 : (size_t)n >= errsz ? errsz - 1 : (size_t)n;
	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, reason, sizeof(reason));
		if (len + 1 < errsz) {
			n = snprintf(err + len, errsz - len, "%s%s",
			    first ? "" : "; ", reason);
			len = n < 0 ? len : len + (size_t)n >= errsz ?
			    errsz - 1 : len + (size_t)n;
		}
		first = 0;
	}
	if (first && len + 1 < errsz)
		(void)snprintf(err + len, errsz - len, "no reason given");
	return -1;
}

void
crypto_clear(void)
{
	ERR_clear_error();
}
