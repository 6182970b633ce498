/*
 * serveconf.c: the settings of `sogoc serve` (see serveconf.h).  The file
 * is read with GLib's GKeyFile, the desktop-entry syntax most Linux
 * daemons' administrators know; every value then goes through the same
 * checks as the command line's.
 */
#include "config.h"

#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "client.h"
#include "issue.h"
#include "listen.h"
#include "serveconf.h"

/* The numeric settings, their ranges, and where they go. */
static const struct {
	const char	*key;
	unsigned long	 min, max;
	size_t		 off;
	int		 is_double;
} numbers[] = {
	{ "threads", 1, 256, offsetof(struct serve_config, o.threads), 0 },
	{ "rate", 0, 1000000, offsetof(struct serve_config, o.rate), 1 },
	{ "burst", 1, 1000000, offsetof(struct serve_config, o.burst), 1 },
	{ "per-ip", 1, 4096, offsetof(struct serve_config, o.per_ip), 0 },
	{ "timeout", 1, 3600, offsetof(struct serve_config, o.timeout), 0 },
	{ "max-connections", 1, 65536,
	  offsetof(struct serve_config, o.max_conns), 0 },
	{ "ocr-jobs", 1, 256, offsetof(struct serve_config, ocr_jobs), 0 },
	{ "witness-timeout", 1, 60,
	  offsetof(struct serve_config, witness_timeout), 0 },
};

void
serve_config_init(struct serve_config *c)
{
	long	 n;

	memset(c, 0, sizeof(*c));
	n = sysconf(_SC_NPROCESSORS_ONLN);
	c->o.port = 8080;
	/* A thread a core: each answers many connections (epoll), so more
	 * threads than cores only take turns. */
	c->o.threads = n > 0 && n <= 256 ? (unsigned int)n : n > 256 ? 256 : 1;
	c->o.timeout = 10;
	c->o.per_ip = 16;
	c->o.rate = 5;
	c->o.burst = 20;
	c->o.max_conns = 4096;
	/* Imports from the console read as `sogoc ocr` does: a worker a
	 * core. */
	c->ocr_jobs = c->o.threads;
	c->witness_timeout = 5;
}

void
serve_config_clear(struct serve_config *c)
{
	free(c->db);
	free(c->addr);
	free(c->metrics_addr);
	client_proxies_free(c->proxies);
	client_proxies_free(c->staff_proxies);
	free(c->staff_addr);
	free(c->key);
	free(c->scans);
	free(c->public_url);
	free(c->credential_key);
	free(c->copy_key);
	free(c->copy_cert);
	free(c->copy_chain);
	free(c->copy_signer);
	free(c->copy_signer_title);
	free(c->copy_place);
	free(c->copy_tsa);
	free(c->copy_tsa_ca);
	free(c->copy_crl);
	free(c->tiles);
	free(c->witnesses);
	memset(c, 0, sizeof(*c));
}

/* 1 for true, 0 for false, -1 for anything else. */
static int
boolean(const char *v)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "0") == 0)
		return 0;
	return -1;
}

/* The settings that are a string, a path or a URL: where each goes, and
 * what it is, for messages. */
static const struct {
	const char	*key;
	size_t		 off;
	const char	*what;
} strings[] = {
	{ "db", offsetof(struct serve_config, db),
	  "the registry's directory" },
	{ "key", offsetof(struct serve_config, key),
	  "the signing key's file" },
	{ "scans", offsetof(struct serve_config, scans),
	  "the folder of scans staff may import" },
	{ "public-url", offsetof(struct serve_config, public_url),
	  "the public service's URL, e.g. https://vb.example.vn" },
	{ "copy-key", offsetof(struct serve_config, copy_key),
	  "the private key file that signs certified copies" },
	{ "copy-cert", offsetof(struct serve_config, copy_cert),
	  "the department's certificate file for copies" },
	{ "copy-chain", offsetof(struct serve_config, copy_chain),
	  "a file of the certificates above copy-cert" },
	{ "copy-signer", offsetof(struct serve_config, copy_signer),
	  "the name of who signs copies" },
	{ "copy-signer-title",
	  offsetof(struct serve_config, copy_signer_title),
	  "the office of who signs copies" },
	{ "copy-place", offsetof(struct serve_config, copy_place),
	  "where copies are issued, e.g. Cà Mau" },
	{ "copy-tsa", offsetof(struct serve_config, copy_tsa),
	  "the time-stamping authority's URL, e.g. http://tsa.example.vn" },
	{ "copy-tsa-ca", offsetof(struct serve_config, copy_tsa_ca),
	  "the file of the CA certificates the time-stamps chain to" },
	{ "copy-crl", offsetof(struct serve_config, copy_crl),
	  "a file of PEM CRLs that copies carry for the long term" },
	{ "credential-key", offsetof(struct serve_config, credential_key),
	  "the Ed25519 private key file that signs SD-JWT VC diplomas" },
	{ "tiles", offsetof(struct serve_config, tiles),
	  "the directory of the log's C2SP tiles, e.g. /srv/sogoc/log" },
	{ "witnesses", offsetof(struct serve_config, witnesses),
	  "the file of witnesses the log asks to cosign" },
};

static char **
string_setting(struct serve_config *c, const char *key, const char **what)
{
	size_t	 i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		if (strcmp(key, strings[i].key) == 0) {
			*what = strings[i].what;
			return (char **)((char *)c + strings[i].off);
		}
	return NULL;
}

/* The settings that are true or false: where each goes, and whether
 * "true" sets it (0) or clears it (1). */
static const struct {
	const char	*key;
	size_t		 off;
	int		 invert;
} booleans[] = {
	{ "secure-cookie", offsetof(struct serve_config, secure_cookie), 0 },
	{ "ask-limit", offsetof(struct serve_config, o.no_ask_limit), 1 },
	{ "access-log", offsetof(struct serve_config, o.access_log), 0 },
	{ "copy-tsa-optional", offsetof(struct serve_config,
	  copy_tsa_optional), 0 },
};

/*
 * Each set_ function below takes key if it is one of its kind: 0 when
 * set, -1 with why in err when v is not a value of it; 1 when key is
 * not of its kind.
 */
static int
set_number(struct serve_config *c, const char *key, const char *v,
    char *err, size_t errsz)
{
	unsigned long	 n;
	size_t		 i;
	char		*end;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
		if (strcmp(key, numbers[i].key) != 0)
			continue;
		errno = 0;
		n = strtoul(v, &end, 10);
		if (v[0] < '0' || v[0] > '9' || errno != 0 || *end != '\0' ||
		    n < numbers[i].min || n > numbers[i].max) {
			snprintf(err, errsz, "%s takes a whole number from %lu "
			    "to %lu, not \"%s\"", key, numbers[i].min,
			    numbers[i].max, v);
			return -1;
		}
		if (numbers[i].is_double)
			*(double *)((char *)c + numbers[i].off) = (double)n;
		else
			*(unsigned int *)((char *)c + numbers[i].off) =
			    (unsigned int)n;
		return 0;
	}
	return 1;
}

static int
set_boolean(struct serve_config *c, const char *key, const char *v,
    char *err, size_t errsz)
{
	size_t	 i;
	int	 b;

	for (i = 0; i < sizeof(booleans) / sizeof(booleans[0]); i++) {
		if (strcmp(key, booleans[i].key) != 0)
			continue;
		b = boolean(v);
		if (b < 0) {
			snprintf(err, errsz, "%s takes true or false, not "
			    "\"%s\"", key, v);
			return -1;
		}
		*(int *)((char *)c + booleans[i].off) = booleans[i].invert ?
		    !b : b;
		return 0;
	}
	return 1;
}

/* The listeners, the log and the trusted proxies. */
static int
set_other(struct serve_config *c, const char *key, const char *v,
    char *err, size_t errsz)
{
	struct client_proxies *proxies;

	if (strcmp(key, "listen") == 0) {
		if (http_listen_parse(key, v, &c->addr, &c->o.port, err,
		    errsz) != 0)
			return -1;
		c->o.addr = c->addr;
		return 0;
	}
	if (strcmp(key, "metrics-listen") == 0) {
		if (http_listen_parse(key, v, &c->metrics_addr,
		    &c->o.metrics_port, err, errsz) != 0)
			return -1;
		c->o.metrics_addr = c->metrics_addr;
		return 0;
	}
	if (strcmp(key, "staff-listen") == 0) {
		if (http_listen_parse(key, v, &c->staff_addr, &c->staff_port,
		    err, errsz) != 0)
			return -1;
		c->staff = 1;
		return 0;
	}
	if (strcmp(key, "log") == 0) {
		if (strcmp(v, "stderr") != 0 && strcmp(v, "syslog") != 0) {
			snprintf(err, errsz, "log takes stderr or syslog, not "
			    "\"%s\"", v);
			return -1;
		}
		c->syslog = strcmp(v, "syslog") == 0;
		return 0;
	}
	if (strcmp(key, "trusted-proxy") == 0) {
		/* A later setting replaces the earlier (the command line
		 * the file's), as every other does. */
		if (client_proxies_parse(v, &proxies, err, errsz) != 0)
			return -1;
		client_proxies_free(c->proxies);
		c->proxies = proxies;
		c->o.proxies = proxies;
		return 0;
	}
	if (strcmp(key, "staff-trusted-proxy") == 0) {
		if (client_proxies_parse(v, &proxies, err, errsz) != 0)
			return -1;
		client_proxies_free(c->staff_proxies);
		c->staff_proxies = proxies;
		return 0;
	}
	return 1;
}

/* The settings of text (string_setting()); every key left is one. */
static int
set_string(struct serve_config *c, const char *key, const char *v,
    char *err, size_t errsz)
{
	const char	*what;
	char		**sp;
	size_t		 n;

	if ((strcmp(key, "public-url") == 0 || strcmp(key, "copy-tsa") == 0) &&
	    strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
		snprintf(err, errsz, "%s takes an address, https://host or "
		    "http://host, not \"%s\"", key, v);
		return -1;
	}
	if ((sp = string_setting(c, key, &what)) == NULL) {
		snprintf(err, errsz, "there is no setting \"%s\"", key);
		return -1;
	}
	if (v[0] == '\0') {
		snprintf(err, errsz, "%s takes %s", key, what);
		return -1;
	}
	free(*sp);
	*sp = strdup(v);
	if (*sp == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	/* Links are the address and a path: https://host/ is https://host. */
	if (sp == &c->public_url)
		for (n = strlen(*sp); n > 8 && (*sp)[n - 1] == '/'; n--)
			(*sp)[n - 1] = '\0';
	return 0;
}

int
serve_config_set(struct serve_config *c, const char *key, const char *v,
    char *err, size_t errsz)
{
	int	 rc;

	rc = set_number(c, key, v, err, errsz);
	if (rc == 1)
		rc = set_boolean(c, key, v, err, errsz);
	if (rc == 1)
		rc = set_other(c, key, v, err, errsz);
	if (rc == 1)
		rc = set_string(c, key, v, err, errsz);
	return rc;
}

int
serve_config_copy_signing(const struct serve_config *c,
    struct copy_signing *cs, char *err, size_t errsz)
{
	if (copy_signing_load(cs, c->copy_key, c->copy_cert, c->copy_chain,
	    err, errsz) != 0)
		return -1;
	if (c->copy_tsa == NULL && (c->copy_tsa_ca != NULL ||
	    c->copy_crl != NULL)) {
		snprintf(err, errsz, "copy-tsa-ca and copy-crl go with "
		    "copy-tsa, the time-stamping authority");
		copy_signing_clear(cs);
		return -1;
	}
	if (copy_signing_load_ltv(cs, c->copy_tsa, c->copy_tsa_ca,
	    c->copy_tsa_optional, c->copy_crl, err, errsz) != 0) {
		copy_signing_clear(cs);
		return -1;
	}
	cs->signer = c->copy_signer;
	cs->signer_title = c->copy_signer_title;
	cs->place = c->copy_place;
	cs->public_url = c->public_url;
	if (cs->signer == NULL || cs->public_url == NULL) {
		snprintf(err, errsz, "a copy names its signer and leads to the "
		    "public service: give copy-signer and public-url");
		copy_signing_clear(cs);
		return -1;
	}
	return 0;
}

int
serve_config_load(struct serve_config *c, const char *path, char *err,
    size_t errsz)
{
	GKeyFile	 *kf;
	GError		 *ge = NULL;
	gchar		**groups = NULL, **keys = NULL, *v;
	char		  why[256];
	gsize		  i;
	int		  rc = -1;

	kf = g_key_file_new();
	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &ge)) {
		snprintf(err, errsz, "%s: %s", path, ge->message);
		goto out;
	}
	groups = g_key_file_get_groups(kf, NULL);
	for (i = 0; groups[i] != NULL; i++)
		if (strcmp(groups[i], "serve") != 0) {
			snprintf(err, errsz, "%s: unknown section [%s] (the "
			    "settings go under [serve])", path, groups[i]);
			goto out;
		}
	keys = g_key_file_get_keys(kf, "serve", NULL, NULL);
	for (i = 0; keys != NULL && keys[i] != NULL; i++) {
		/* The raw value: no GLib escapes, no lists. */
		v = g_key_file_get_value(kf, "serve", keys[i], NULL);
		if (v == NULL || serve_config_set(c, keys[i], v, why,
		    sizeof(why)) != 0) {
			snprintf(err, errsz, "%s: %s", path, v == NULL ?
			    "unreadable value" : why);
			g_free(v);
			goto out;
		}
		g_free(v);
	}
	rc = 0;
out:
	if (ge != NULL)
		g_error_free(ge);
	g_strfreev(keys);
	g_strfreev(groups);
	g_key_file_free(kf);
	return rc;
}
