/*
 * cmd_cred.c: sogoc credential, a diploma as an SD-JWT VC for a wallet,
 * and the issuer's documents (status list token, issuer metadata, type
 * metadata) for those who publish them elsewhere or test with them.
 */
#include "config.h"

#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd_int.h"
#include "issuer.h"
#include "sdjwt.h"
#include "serveconf.h"
#include "store.h"

/* What sogoc credential was asked for. */
struct cred_opts {
	const char	*serial, *out, *jwk;
	uint64_t	 record;
	int		 status, issuer, type;
};

/* The wallet's JWK from path, malloc'd, or NULL (said why). */
static char *
read_jwk(const char *path)
{
	FILE	*fp;
	char	*s;
	size_t	 n;

	fp = fopen(path, "r");
	if (fp == NULL) {
		warn("%s", path);
		return NULL;
	}
	s = malloc(CRED_JWK_MAX + 2);
	if (s == NULL)
		err(EXIT_FATAL, NULL);
	n = fread(s, 1, CRED_JWK_MAX + 1, fp);
	fclose(fp);
	if (n > CRED_JWK_MAX) {
		warnx("%s: longer than a JWK", path);
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

/* Writes text to o->out (or stdout) with a newline. */
static int
emit(const struct cred_opts *o, const char *text)
{
	if (o->out != NULL)
		return write_new(o->out, text, 0600) == 0 ? 0 : EXIT_FAIL;
	if (puts(text) == EOF || fflush(stdout) != 0) {
		warn("stdout");
		return EXIT_FAIL;
	}
	return 0;
}

/* The document o asks for, or a new credential, into *text. */
static int
make(const struct common *c, struct cred_issuer *ci,
    const struct cred_opts *o, char **text)
{
	struct store	*st;
	uint64_t	 record, index;
	char		 e[512], *jwk = NULL;
	int		 rc, x;

	if (o->issuer)
		return cred_issuer_metadata(ci, text, e, sizeof(e)) == 0 ? 0 :
		    (warnx("%s", e), EXIT_FAIL);
	if (o->type)
		return cred_type_metadata(ci, text, e, sizeof(e)) == 0 ? 0 :
		    (warnx("%s", e), EXIT_FAIL);
	if (o->jwk != NULL && (jwk = read_jwk(o->jwk)) == NULL)
		return EXIT_FAIL;
	st = open_store(c, o->status ? STORE_RDONLY : 0);
	if (st == NULL) {
		free(jwk);
		return EXIT_FAIL;
	}
	rc = 0;
	if (o->status)
		x = cred_status_token(ci, st, (int64_t)time(NULL), text, e,
		    sizeof(e));
	else if ((x = one_record(st, o->serial, o->record, &record)) !=
	    STORE_OK) {
		rc = fail(st, x);
		x = 0;
	} else {
		x = cred_issue(ci, st, record, jwk, (int64_t)time(NULL), text,
		    &index, e, sizeof(e));
		if (x == 0)
			fprintf(stderr, "sogoc: record %" PRIu64 ": credential "
			    "%" PRIu64 " of the status list\n", record, index);
	}
	if (x != 0) {
		warnx("%s", e);
		rc = EXIT_FAIL;
	}
	store_close(st);
	free(jwk);
	return rc;
}

int
cmd_credential(int argc, char **argv)
{
	struct cred_opts	 o = { 0 };
	struct serve_config	 cf;
	struct common		 c;
	struct cred_issuer	*ci = NULL;
	char			 e[512], *text = NULL;
	const struct cmd_opt	 opts[] = {
		OPT_STR("serial", 's', &o.serial),
		OPT_U64("record", 'r', &o.record),
		OPT_STR("out", 'o', &o.out),
		OPT_STR("holder-jwk", 'j', &o.jwk),
		OPT_FLAG("status-list", 'L', &o.status),
		OPT_FLAG("issuer-metadata", 'I', &o.issuer),
		OPT_FLAG("type-metadata", 'T', &o.type),
		OPT_NONE("config", 'c'),
		OPT_FN("credential-key", 'S', &cf, config_opt),
		OPT_FN("public-url", 'S', &cf, config_opt),
		OPT_END
	};
	int			 rc;

	serve_config_init(&cf);
	rc = config_getopt(argc, argv, "s:r:o:j:c:d:h", opts, &c, &cf);
	if (rc >= 0) {
		serve_config_clear(&cf);
		return rc;
	}
	if (optind != argc || (o.serial != NULL) + (o.record != 0) +
	    o.status + o.issuer + o.type != 1 || (o.jwk != NULL &&
	    o.record == 0 && o.serial == NULL))
		rc = usage_of(argv[0], stderr);
	if (rc < 0 && (cf.credential_key == NULL || cf.public_url == NULL)) {
		warnx("give credential-key and public-url (sogoc-serve.conf)");
		rc = EXIT_USAGE;
	}
	if (rc < 0 && cred_issuer_new(cf.credential_key, cf.public_url, &ci, e,
	    sizeof(e)) != 0) {
		warnx("%s", e);
		rc = EXIT_FAIL;
	}
	if (rc < 0)
		rc = make(&c, ci, &o, &text);
	if (rc == 0)
		rc = emit(&o, text);
	if (text != NULL)
		explicit_bzero(text, strlen(text));
	free(text);
	cred_issuer_free(ci);
	serve_config_clear(&cf);
	return rc;
}
