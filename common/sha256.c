/*
 * sha256.c: SHA-256 with a fetched digest and a per-thread context (see
 * sha256.h).  The context is never freed: one small allocation per thread
 * for the life of the process.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "sha256.h"

static EVP_MD		*sha256_md;
static pthread_once_t	 sha256_once = PTHREAD_ONCE_INIT;
static _Thread_local EVP_MD_CTX *sha256_ctx;

static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

int
sha256_2(const void *a, size_t alen, const void *b, size_t blen,
    uint8_t *out)
{
	pthread_once(&sha256_once, sha256_fetch);
	if (sha256_ctx == NULL)
		sha256_ctx = EVP_MD_CTX_new();
	if (sha256_md == NULL || sha256_ctx == NULL ||
	    EVP_DigestInit_ex2(sha256_ctx, sha256_md, NULL) != 1 ||
	    EVP_DigestUpdate(sha256_ctx, a, alen) != 1 ||
	    (blen > 0 && EVP_DigestUpdate(sha256_ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(sha256_ctx, out, NULL) != 1) {
		while (ERR_get_error() != 0)
			continue;
		memset(out, 0, SHA256_LEN);
		return -1;
	}
	return 0;
}
