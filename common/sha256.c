/*
 * sha256.c: SHA-256 with a fetched digest and a per-thread context (see
 * sha256.h), freed when its thread ends.
 */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "sha256.h"

static EVP_MD		*sha256_md;
static pthread_key_t	 sha256_key;
static int		 sha256_keyok;
static pthread_once_t	 sha256_once = PTHREAD_ONCE_INIT;

/* A thread's context goes with the thread. */
static void
sha256_ctx_free(void *ctx)
{
	EVP_MD_CTX_free(ctx);
}

static void
sha256_init(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	sha256_keyok = pthread_key_create(&sha256_key, sha256_ctx_free) == 0;
}

int
sha256_2(const void *a, size_t alen, const void *b, size_t blen,
    uint8_t *out)
{
	EVP_MD_CTX	*ctx = NULL;

	pthread_once(&sha256_once, sha256_init);
	if (sha256_keyok) {
		ctx = pthread_getspecific(sha256_key);
		if (ctx == NULL) {
			ctx = EVP_MD_CTX_new();
			if (ctx != NULL &&
			    pthread_setspecific(sha256_key, ctx) != 0) {
				EVP_MD_CTX_free(ctx);
				ctx = NULL;
			}
		}
	}
	if (sha256_md == NULL || ctx == NULL ||
	    EVP_DigestInit_ex2(ctx, sha256_md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (blen > 0 && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out, NULL) != 1) {
		while (ERR_get_error() != 0)
			continue;
		memset(out, 0, SHA256_LEN);
		return -1;
	}
	return 0;
}
