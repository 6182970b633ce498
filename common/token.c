/*
 * token.c: random secrets written as text (see token.h).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

#include "cryptoerr.h"
#include "token.h"

int
token_random(char *out, size_t len, const char *alphabet)
{
	uint8_t		 b[64];
	size_t		 i, mask;

	out[0] = '\0';
	mask = strlen(alphabet) - 1;
	if ((mask != 31 && mask != 63) || len > sizeof(b))
		return -1;
	if (RAND_bytes(b, (int)len) != 1) {
		crypto_clear();
		return -1;
	}
	/* A power-of-two alphabet: the low bits of a byte are unbiased. */
	for (i = 0; i < len; i++)
		out[i] = alphabet[b[i] & mask];
	out[len] = '\0';
	OPENSSL_cleanse(b, len);
	return 0;
}

int
token_valid(const char *s, size_t len, const char *alphabet)
{
	size_t	 i;

	if (s == NULL)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\0' || strchr(alphabet, s[i]) == NULL)
			return 0;
	return s[len] == '\0';
}
