/*
 * tsaserver.c: a stand-in RFC 3161 time-stamping authority for the tests
 * of certified copies: OpenSSL's TS_RESP_CTX behind libmicrohttpd.  It
 * answers each POST of an application/timestamp-query as the first word
 * of MODEFILE (read again for every query, so a test switches it without
 * a restart) says:
 *
 *   good     a token over the query, as a real authority would
 *   garbage  200 and bytes that are no time-stamp response
 *   nonce    a well-signed token, but over another nonce
 *   imprint  a well-signed token, but over another message imprint
 *   reject   status rejection, no token
 *   error    HTTP 500
 *   huge     200 and a megabyte
 *   slow     a good token, after 12 seconds
 *
 *   tsaserver PORT KEY CERT MODEFILE
 *
 * Prints "ready" once it listens; runs until killed.  One thread, since a
 * TS_RESP_CTX is not to be shared.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

#define QUERY_MAX	8192

static TS_RESP_CTX	*ctx;
static const char	*modefile;
static int		 rejecting;	/* the mode is "reject" */

struct query {
	unsigned char	 b[QUERY_MAX];
	size_t		 len;
	int		 toobig;
};

/* The first word of the mode file; "good" when it cannot be read. */
static void
mode(char *m, size_t sz)
{
	FILE	*fp = fopen(modefile, "r");

	snprintf(m, sz, "good");
	if (fp != NULL) {
		if (fgets(m, (int)sz, fp) == NULL)
			snprintf(m, sz, "good");
		m[strcspn(m, " \n")] = '\0';
		fclose(fp);
	}
}

/* The query q as mode m wants it answered: changed for "nonce" and
 * "imprint", so the token is well signed but not over what was asked. */
static BIO *
query_bio(struct query *q, const char *m)
{
	const unsigned char	*p = q->b;
	unsigned char		*der = NULL, md[32];
	TS_REQ			*req;
	ASN1_INTEGER		*n;
	BIO			*bio;
	int			 len;

	if (strcmp(m, "nonce") != 0 && strcmp(m, "imprint") != 0)
		return BIO_new_mem_buf(q->b, (int)q->len);
	req = d2i_TS_REQ(NULL, &p, (long)q->len);
	if (req == NULL)
		return BIO_new_mem_buf(q->b, (int)q->len);
	if (strcmp(m, "nonce") == 0) {
		n = ASN1_INTEGER_new();
		ASN1_INTEGER_set(n, 42);
		TS_REQ_set_nonce(req, n);
		ASN1_INTEGER_free(n);
	} else {
		memset(md, 0x5a, sizeof(md));
		TS_MSG_IMPRINT_set_msg(TS_REQ_get_msg_imprint(req), md,
		    sizeof(md));
	}
	len = i2d_TS_REQ(req, &der);
	TS_REQ_free(req);
	bio = BIO_new(BIO_s_mem());
	if (bio != NULL && len > 0)
		BIO_write(bio, der, len);
	OPENSSL_free(der);
	return bio;
}

/*
 * Each token's serial number; in "reject" mode, no serial and a status
 * of rejection instead, in words with markup and a line break, as a
 * hostile authority might send.
 */
static ASN1_INTEGER *
serial(TS_RESP_CTX *c, void *data)
{
	static long	 count;
	ASN1_INTEGER	*n;

	if (*(int *)data) {
		TS_RESP_CTX_set_status_info(c, TS_STATUS_REJECTION,
		    "policy <b>refused</b>\nforged line");
		return NULL;
	}
	n = ASN1_INTEGER_new();
	if (n != NULL && !ASN1_INTEGER_set(n, ++count)) {
		ASN1_INTEGER_free(n);
		n = NULL;
	}
	return n;
}

/* The answer to q in *out (malloc'd): its HTTP status. */
static unsigned int
answer(struct query *q, unsigned char **out, size_t *outlen)
{
	TS_RESP		*resp;
	BIO		*in;
	char		 m[32];
	int		 len;

	mode(m, sizeof(m));
	*out = NULL;
	*outlen = 0;
	if (strcmp(m, "error") == 0)
		return 500;
	if (strcmp(m, "huge") == 0) {
		*out = calloc(1, 1 << 20);
		*outlen = *out != NULL ? 1 << 20 : 0;
		return 200;
	}
	if (strcmp(m, "slow") == 0)
		sleep(12);
	if (strcmp(m, "garbage") == 0) {
		*out = (unsigned char *)strdup("<html>Service Unavailable"
		    "</html>\n");
		*outlen = *out != NULL ? strlen((char *)*out) : 0;
		return 200;
	}
	rejecting = strcmp(m, "reject") == 0;
	in = query_bio(q, m);
	resp = in != NULL ? TS_RESP_create_response(ctx, in) : NULL;
	BIO_free(in);
	len = resp != NULL ? i2d_TS_RESP(resp, out) : -1;
	TS_RESP_free(resp);
	if (len <= 0)
		return 500;
	*outlen = (size_t)len;
	return 200;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct query		*q = *con_cls;
	struct MHD_Response	*r;
	unsigned char		*out;
	size_t			 outlen;
	unsigned int		 st;
	enum MHD_Result		 ret;

	(void)cls;
	(void)url;
	(void)version;
	if (strcmp(method, "POST") != 0)
		return MHD_NO;
	if (q == NULL) {
		if ((q = calloc(1, sizeof(*q))) == NULL)
			return MHD_NO;
		*con_cls = q;
		return MHD_YES;
	}
	if (*size > 0) {
		if (*size > sizeof(q->b) - q->len)
			q->toobig = 1;
		else {
			memcpy(q->b + q->len, data, *size);
			q->len += *size;
		}
		*size = 0;
		return MHD_YES;
	}
	st = q->toobig ? 413 : answer(q, &out, &outlen);
	if (q->toobig || st != 200)
		r = MHD_create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
	else
		r = MHD_create_response_from_buffer(outlen, out,
		    MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
	    "application/timestamp-reply");
	ret = MHD_queue_response(conn, st, r);
	MHD_destroy_response(r);
	return ret;
}

static void
done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

static void *
load(const char *path, int key)
{
	FILE	*fp = fopen(path, "r");
	void	*v;

	if (fp == NULL)
		err(1, "%s", path);
	v = key ? (void *)PEM_read_PrivateKey(fp, NULL, NULL, NULL) :
	    (void *)PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (v == NULL)
		errx(1, "%s: not PEM", path);
	return v;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon	*d;
	long			 port;

	if (argc != 5)
		errx(2, "usage: tsaserver PORT KEY CERT MODEFILE");
	port = strtol(argv[1], NULL, 10);
	if (port < 1 || port > 65535)
		errx(2, "%s: not a port", argv[1]);
	modefile = argv[4];
	ctx = TS_RESP_CTX_new();
	if (ctx == NULL ||
	    !TS_RESP_CTX_set_signer_key(ctx, load(argv[2], 1)) ||
	    !TS_RESP_CTX_set_signer_cert(ctx, load(argv[3], 0)) ||
	    !TS_RESP_CTX_set_def_policy(ctx, OBJ_txt2obj("1.3.6.1.4.1.99999.1",
	    1)) || !TS_RESP_CTX_add_md(ctx, EVP_sha256()) ||
	    !TS_RESP_CTX_set_signer_digest(ctx, EVP_sha256()))
		errx(1, "the time-stamping context");
	TS_RESP_CTX_set_serial_cb(ctx, serial, &rejecting);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port,
	    NULL, NULL, handle, NULL, MHD_OPTION_NOTIFY_COMPLETED, done, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		errx(1, "cannot listen on port %ld", port);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
