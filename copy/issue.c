/*
 * issue.c: issuing a certified copy (see issue.h).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "copy.h"
#include "copydb.h"
#include "cryptoerr.h"
#include "issue.h"
#include "log.h"
#include "records.h"
#include "sign.h"
#include "staging_counts.h"

#define COPY_PDF_MAX	(4 << 20)	/* bytes of a copy, far above one */

/* Says in err that the file at path is not what (a PEM key or
 * certificate), with OpenSSL's reasons, whose queue it empties. */
static void
pem_fail(const char *path, const char *what, char *err, size_t errsz)
{
	char	 why[256];

	(void)crypto_err(what, why, sizeof(why));
	snprintf(err, errsz, "%s: %s", path, why);
}

int
copy_signing_load(struct copy_signing *cs, const char *keyfile,
    const char *certfile, const char *chainfile, char *err, size_t errsz)
{
	struct stat	 sb;
	X509		*x;
	FILE		*fp;
	int		 fd;

	memset(cs, 0, sizeof(*cs));
	if (keyfile == NULL || certfile == NULL) {
		snprintf(err, errsz, "copies are signed with the department's "
		    "certificate: give copy-key and copy-cert");
		return -1;
	}
	if ((fd = open(keyfile, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &sb) == -1) {
		snprintf(err, errsz, "%s: %s", keyfile, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (sb.st_mode & 077) {
		close(fd);
		snprintf(err, errsz, "%s: others may read this private key "
		    "(mode %04o): run chmod 600 %s", keyfile,
		    (unsigned)(sb.st_mode & 07777), keyfile);
		return -1;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		close(fd);
		snprintf(err, errsz, "%s: %s", keyfile, strerror(errno));
		return -1;
	}
	cs->key = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (cs->key == NULL) {
		pem_fail(keyfile, "not a PEM private key", err, errsz);
		goto fail;
	}
	if ((fp = fopen(certfile, "r")) == NULL) {
		snprintf(err, errsz, "%s: %s", certfile, strerror(errno));
		goto fail;
	}
	cs->cert = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (cs->cert == NULL) {
		pem_fail(certfile, "not a PEM certificate", err, errsz);
		goto fail;
	}
	if (X509_check_private_key(cs->cert, cs->key) != 1) {
		crypto_clear();
		snprintf(err, errsz, "%s is not the key of the certificate %s",
		    keyfile, certfile);
		goto fail;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(cs->cert)) >= 0 ||
	    X509_cmp_current_time(X509_get0_notAfter(cs->cert)) <= 0) {
		snprintf(err, errsz, "%s is not valid today: a copy signed "
		    "with it would not be", certfile);
		goto fail;
	}
	if (chainfile != NULL) {
		if ((fp = fopen(chainfile, "r")) == NULL) {
			snprintf(err, errsz, "%s: %s", chainfile,
			    strerror(errno));
			goto fail;
		}
		cs->chain = sk_X509_new_null();
		while (cs->chain != NULL &&
		    (x = PEM_read_X509(fp, NULL, NULL, NULL)) != NULL)
			if (sk_X509_push(cs->chain, x) == 0)
				X509_free(x);
		crypto_clear();
		fclose(fp);
		if (cs->chain == NULL || sk_X509_num(cs->chain) == 0) {
			snprintf(err, errsz, "%s: no PEM certificate",
			    chainfile);
			goto fail;
		}
	}
	return 0;
fail:
	copy_signing_clear(cs);
	return -1;
}

/*
 * Whether a CRL of crls from cert's issuer lists cert: a copy signed with
 * a revoked certificate would carry its own refutation in its DSS.
 */
static int
revoked(STACK_OF(X509_CRL) *crls, X509 *cert)
{
	X509_REVOKED	*r;
	X509_CRL	*c;
	int		 i;

	for (i = 0; i < sk_X509_CRL_num(crls); i++) {
		c = sk_X509_CRL_value(crls, i);
		if (X509_NAME_cmp(X509_CRL_get_issuer(c),
		    X509_get_issuer_name(cert)) == 0 &&
		    X509_CRL_get0_by_cert(c, &r, cert) == 1)
			return 1;
	}
	return 0;
}

int
copy_signing_load_ltv(struct copy_signing *cs, const char *tsa_url,
    const char *tsa_ca, int optional, const char *crlfile, char *err,
    size_t errsz)
{
	STACK_OF(X509_CRL)	*crls = NULL;
	X509_CRL		*c;
	FILE			*fp;

	if (crlfile != NULL) {
		if ((fp = fopen(crlfile, "r")) == NULL) {
			snprintf(err, errsz, "%s: %s", crlfile,
			    strerror(errno));
			return -1;
		}
		crls = sk_X509_CRL_new_null();
		while (crls != NULL &&
		    (c = PEM_read_X509_CRL(fp, NULL, NULL, NULL)) != NULL)
			if (sk_X509_CRL_push(crls, c) == 0)
				X509_CRL_free(c);
		crypto_clear();
		fclose(fp);
		if (crls == NULL || sk_X509_CRL_num(crls) == 0) {
			sk_X509_CRL_free(crls);
			snprintf(err, errsz, "%s: no PEM CRL", crlfile);
			return -1;
		}
		if (revoked(crls, cs->cert)) {
			sk_X509_CRL_pop_free(crls, X509_CRL_free);
			snprintf(err, errsz, "%s revokes the department's "
			    "certificate (copy-cert): a copy signed with it "
			    "would not be valid", crlfile);
			return -1;
		}
	}
	if (tsa_url != NULL && copy_tsa_load(&cs->tsa, tsa_url, tsa_ca, err,
	    errsz) != 0) {
		sk_X509_CRL_pop_free(crls, X509_CRL_free);
		return -1;
	}
	cs->crls = crls;
	cs->tsa_optional = optional;
	return 0;
}

void
copy_signing_clear(struct copy_signing *cs)
{
	copy_tsa_clear(&cs->tsa);
	sk_X509_CRL_pop_free(cs->crls, X509_CRL_free);
	cs->crls = NULL;
	EVP_PKEY_free(cs->key);
	X509_free(cs->cert);
	sk_X509_pop_free(cs->chain, X509_free);
	cs->key = NULL;
	cs->cert = NULL;
	cs->chain = NULL;
}

void
copy_local_date(int64_t t, char *buf, size_t sz)
{
	struct tm	 tm;

	share_local(t, &tm);
	snprintf(buf, sz, "%d/%d/%d", tm.tm_mday, tm.tm_mon + 1,
	    tm.tm_year + 1900);
}

/* The next copy number of year, counted in the meta database. */
static int
next_copy_no(struct store_txn *t, int year, char *out, size_t sz)
{
	struct store		*st = store_txn_store(t);
	struct store_val	 v;
	uint8_t			 buf[8];
	char			 key[32];
	uint64_t		 n = 0;
	int			 rc;

	snprintf(key, sizeof(key), "copy_seq/%d", year);
	rc = store_get(store_txn_rd(t), DB_META, key, strlen(key), &v);
	if (rc == STORE_OK && v.len == 8)
		n = store_get_u64(v.data);
	else if (rc != STORE_ENOTFOUND)
		return rc == STORE_OK ? store_fail(st, STORE_ECORRUPT, "the "
		    "copy counter is damaged") : rc;
	store_u64(++n, buf);
	rc = store_put(t, DB_META, key, strlen(key), buf, sizeof(buf), 0,
	    NULL);
	if (rc != STORE_OK)
		return rc;
	snprintf(out, sz, "%" PRIu64 "/%d/BS", n, year);
	return STORE_OK;
}

/*
 * Renders and signs c into memory: *pdf malloc'd, res->pdflen bytes, the
 * PAdES level reached in res (and why it is B-B, when so).  Through a
 * file of our own in $TMPDIR, since Cairo and the signer work on files.
 */
static int
render(struct store *st, const struct copy *c, const struct copy_signing *cs,
    uint8_t **pdf, struct copy_result *res)
{
	const char	*dir = getenv("TMPDIR");
	struct copy_ltv	 ltv = { cs->tsa.url != NULL ? &cs->tsa : NULL,
			    cs->tsa_optional, cs->crls };
	char		 path[4096], err[512];
	struct stat	 sb;
	FILE		*fp = NULL;
	int		 fd, x, rc = STORE_EIO;

	*pdf = NULL;
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	if (snprintf(path, sizeof(path), "%s/sogoc-copy-XXXXXX", dir) >=
	    (int)sizeof(path) || (fd = mkstemp(path)) == -1)
		return store_fail(st, STORE_EIO, "cannot make a file in %s "
		    "for the copy: %s", dir, strerror(errno));
	close(fd);
	if (copy_pdf_write(&c->doc, path, err, sizeof(err)) != 0) {
		rc = store_fail(st, STORE_EIO, "the copy: %s", err);
		goto out;
	}
	x = copy_pdf_sign(path, cs->key, cs->cert, cs->chain, cs->signer,
	    &ltv, &res->level, err, sizeof(err));
	if (x != 0) {
		/* What the registrar does about it, too. */
		rc = store_fail(st, STORE_EIO, "the copy: %.300s%s", err,
		    x == COPY_SIGN_ETSA ? "; no copy was issued: try again "
		    "later, and if it persists the administrator checks "
		    "copy-tsa (or sets copy-tsa-optional = yes to issue "
		    "copies that stop verifying once the certificate "
		    "expires)" : "");
		goto out;
	}
	/* The config let it go out B-B: say so, never silently. */
	if (ltv.tsa != NULL && res->level == COPY_PADES_B_B) {
		snprintf(res->warning, sizeof(res->warning), "%s", err);
		log_msg(LOG_WARNING, "WARNING: copy %s goes out without a "
		    "time-stamp (copy-tsa-optional): %s", res->copy_no, err);
	}
	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &sb) == -1 ||
	    sb.st_size <= 0 || sb.st_size > COPY_PDF_MAX ||
	    (*pdf = malloc((size_t)sb.st_size)) == NULL ||
	    fread(*pdf, 1, (size_t)sb.st_size, fp) != (size_t)sb.st_size) {
		free(*pdf);
		*pdf = NULL;
		rc = store_fail(st, STORE_EIO, "the copy cannot be read back "
		    "from %s", path);
		goto out;
	}
	res->pdflen = (size_t)sb.st_size;
	rc = STORE_OK;
out:
	if (fp != NULL)
		fclose(fp);
	unlink(path);
	return rc;
}

/* The event of copy res of record cur, signed as cs says, by by (may be
 * NULL): STORE_OK, or an error the store's message says. */
static int
copy_event(struct store *st, struct event *ev, const struct event *cur,
    const struct copy_signing *cs, const char *by,
    const struct copy_result *res)
{
	if (event_next(ev, cur, EVENT_COPY, res->time) != EVENT_OK)
		return store_fail(st, STORE_ENOMEM, "out of memory");
	if (event_set_attr(ev, EVENT_COPY_NO, res->copy_no) != EVENT_OK ||
	    event_set_attr(ev, EVENT_SIGNER, cs->signer) != EVENT_OK ||
	    (cs->signer_title != NULL && cs->signer_title[0] != '\0' &&
	    event_set_attr(ev, EVENT_SIGNER_TITLE, cs->signer_title) !=
	    EVENT_OK) || (by != NULL && event_set_attr(ev, EVENT_BY, by) !=
	    EVENT_OK))
		return store_fail(st, STORE_EINPUT, "the signer's name and "
		    "office must be short text without control characters");
	return STORE_OK;
}

int
copy_issue(struct store *st, const struct note_signer *signer,
    const struct copy_signing *cs, uint64_t record, const char *by,
    uint64_t request, copy_also_fn *also, void *arg,
    struct copy_result *res)
{
	struct store_txn	*t;
	struct copy_issue	 is;
	struct event		 cur = { 0 }, ev = { 0 };
	struct copy		 c;
	struct tm		 tm;
	uint8_t			*pdf = NULL, key[8];
	uint64_t		 curidx;
	/* Room for any d/m/yyyy copy_local_date() could write, which the
	 * compiler checks once it inlines it here. */
	char			 date[36], url[1024];
	char			 disp[SHARE_DISPLAY_LEN + 1];
	int			 rc, have_copy = 0;

	memset(res, 0, sizeof(*res));
	res->record = record;
	res->time = (int64_t)time(NULL);
	if (cs->key == NULL || cs->cert == NULL || cs->signer == NULL ||
	    cs->signer[0] == '\0' || cs->public_url == NULL)
		return store_fail(st, STORE_EINPUT, "copies need a signing key "
		    "and certificate, the signer's name and the public "
		    "address (copy-key, copy-cert, copy-signer, public-url)");
	rc = records_begin(st, signer, record, &t, &cur, &curidx);
	if (rc != STORE_OK)
		return rc;
	if (cur.revoked) {
		rc = store_fail(st, STORE_ECONFLICT, "record %" PRIu64 " is "
		    "revoked: a revoked diploma has no certified copy", record);
		goto out;
	}
	share_local(res->time, &tm);
	rc = next_copy_no(t, tm.tm_year + 1900, res->copy_no,
	    sizeof(res->copy_no));
	if (rc != STORE_OK)
		goto out;
	/* The event: the record as it is, and the copy's particulars. */
	rc = copy_event(st, &ev, &cur, cs, by, res);
	if (rc != STORE_OK)
		goto out;
	/* A staged row's figures follow its record (staging_counts.h). */
	rc = staging_counts_record(t, record, -1);
	if (rc == STORE_OK)
		rc = store_append(t, &ev, &res->index);
	if (rc == STORE_OK)
		rc = staging_counts_record(t, record, 1);
	if (rc != STORE_OK)
		goto out;
	rc = share_add(t, record, res->index, request, SHARE_FOREVER,
	    res->code);
	if (rc != STORE_OK)
		goto out;
	/* The copy itself, as the log now has it. */
	share_display(res->code, disp);
	copy_local_date(res->time, date, sizeof(date));
	if (snprintf(url, sizeof(url), "%s/c/%s", cs->public_url, res->code) >=
	    (int)sizeof(url)) {
		rc = store_fail(st, STORE_EINPUT, "the public address is too "
		    "long");
		goto out;
	}
	memset(&is, 0, sizeof(is));
	is.copy_no = res->copy_no;
	is.date = date;
	is.place = cs->place;
	is.signer = cs->signer;
	is.signer_title = cs->signer_title;
	is.url = url;
	is.code = disp;
	rc = copy_of_record(st, store_txn_rd(t), record, &is, &c);
	if (rc != STORE_OK)
		goto out;
	have_copy = 1;
	rc = render(st, &c, cs, &pdf, res);
	if (rc != STORE_OK)
		goto out;
	store_u64(res->index, key);
	rc = store_put(t, DB_COPIES, key, sizeof(key), pdf, res->pdflen,
	    STORE_NOOVERWRITE, NULL);
	if (rc != STORE_OK)
		goto out;
	if (also != NULL)
		rc = also(t, arg, res);
out:
	if (have_copy)
		copy_clear(&c);
	free(pdf);
	event_clear(&cur);
	event_clear(&ev);
	if (rc == STORE_OK)
		return store_wr_commit(t, signer);
	store_wr_abort(t);
	return rc;
}

int
copy_fetch(struct store *st, uint64_t index, uint8_t **pdf, size_t *len)
{
	struct store_rd	*txn;
	struct store_val v;
	uint8_t		 key[8];
	int		 rc;

	*pdf = NULL;
	if (!store_has_db(st, DB_COPIES))
		return store_fail(st, STORE_ENOTFOUND, "no copy was issued");
	rc = store_rd_begin(st, &txn);
	if (rc != STORE_OK)
		return rc;
	store_u64(index, key);
	rc = store_get(txn, DB_COPIES, key, sizeof(key), &v);
	if (rc == STORE_OK && (*pdf = malloc(v.len)) != NULL) {
		memcpy(*pdf, v.data, v.len);
		*len = v.len;
	}
	store_rd_end(txn);
	if (rc == STORE_ENOTFOUND)
		return store_fail(st, STORE_ENOTFOUND, "no copy %" PRIu64,
		    index);
	if (rc != STORE_OK)
		return rc;
	return *pdf != NULL ? STORE_OK : store_fail(st, STORE_ENOMEM,
	    "out of memory");
}
