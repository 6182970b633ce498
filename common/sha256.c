/*
 * sha256.c: SHA-256 with a fetched digest and a per-thread context (see
 * sha256.h), freed when its thread ends.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "cryptoerr.h"
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
		crypto_clear();
		memset(out, 0, SHA256_LEN);
		return -1;
	}
	return 0;
}

int
sha256_file(const char *path, uint8_t *out, char *err, size_t errsz)
{
	EVP_MD_CTX	*ctx;
	FILE		*fp;
	uint8_t		 buf[65536];
	size_t		 n;
	int		 rc = -1;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err, errsz, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		snprintf(err, errsz, "SHA-256 unavailable");
		goto out;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (EVP_DigestUpdate(ctx, buf, n) != 1)
			break;
	if (ferror(fp) || !feof(fp) ||
	    EVP_DigestFinal_ex(ctx, out, NULL) != 1) {
		snprintf(err, errsz, "cannot read %s", path);
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	fclose(fp);
	return rc;
}
