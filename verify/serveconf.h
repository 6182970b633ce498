/*
 * serveconf.h: the settings of `sogoc serve`, from its command line and from
 * a config file (sogoc-serve.conf(5)), checked in one place so that both
 * take the same values and refuse the same mistakes.
 */
#ifndef SOGOC_VERIFY_SERVECONF_H
#define SOGOC_VERIFY_SERVECONF_H

#include <stddef.h>
#include <stdint.h>

#include "server.h"

struct serve_config {
	struct server_opts	 o;
	char			*db;		/* registry directory, or NULL */
	int			 syslog;	/* log to syslog, not stderr */
	char			*addr;		/* owns o.addr */
	char			*metrics_addr;	/* owns o.metrics_addr */
	/* The trusted-proxy setting, parsed (client.h); owns o.proxies. */
	struct client_proxies	*proxies;
	/* The staff console's own (staff-trusted-proxy): another set, since
	 * the public side's proxy must never vouch for a sign-in. */
	struct client_proxies	*staff_proxies;
	/* The staff console (off unless staff-listen is set). */
	int			 staff;
	char			*staff_addr;	/* NULL: any */
	uint16_t		 staff_port;
	char			*key;		/* signing key file, or NULL */
	char			*scans;		/* import folder, or NULL */
	unsigned int		 ocr_jobs;	/* OCR workers of an import */
	char			*public_url;	/* for links to the public side */
	int			 secure_cookie;	/* behind TLS: Secure cookies */
	/* Certified copies: who signs them, with what (or NULL). */
	char			*copy_key;	/* PEM private key file */
	char			*copy_cert;	/* PEM certificate file */
	char			*copy_chain;	/* more certificates */
	char			*copy_signer;	/* the signer's name */
	char			*copy_signer_title;
	char			*copy_place;	/* where copies are issued */
	/* PAdES B-T/B-LT: the time-stamping authority, its CA, whether a
	 * copy may go out B-B when it fails, CRLs for the DSS. */
	char			*copy_tsa;	/* http(s) URL, or NULL */
	char			*copy_tsa_ca;	/* PEM CA certificates */
	int			 copy_tsa_optional;
	char			*copy_crl;	/* PEM CRLs, or NULL */
	char			*credential_key;	/* signs SD-JWT VCs
						   (PEM Ed25519), or NULL */
	char			*tiles;		/* the log's C2SP tiles
						   directory, or NULL */
	/* The witnesses the log asks after each publish (tlog/policy.h). */
	char			*witnesses;	/* their file, or NULL */
	unsigned int		 witness_timeout; /* seconds a witness has */
};

struct copy_signing;

/*
 * The signing of certified copies its copy-* settings and public-url say
 * (issue.h's copy_signing_load(), then who signs), into cs, whose strings
 * are c's.  0, or -1 with why in err; copy_signing_clear() cs after.
 */
int	serve_config_copy_signing(const struct serve_config *c,
	    struct copy_signing *cs, char *err, size_t errsz);

/* Fills c with the defaults (serve_config_clear() frees what it gets). */
void	serve_config_init(struct serve_config *c);
void	serve_config_clear(struct serve_config *c);

/*
 * Sets the setting key (a config file key, which is also the command
 * line's long option: "listen", "threads", "rate", "burst", "per-ip",
 * "timeout", "max-connections", "access-log", "log", "trusted-proxy",
 * "staff-trusted-proxy", "ocr-jobs",
 * "metrics-listen", "ask-limit", "db", and for the staff console
 * "staff-listen", "key", "scans", "public-url", "secure-cookie", and for
 * certified copies "copy-key",
 * "copy-cert", "copy-chain", "copy-signer", "copy-signer-title",
 * "copy-place", "copy-tsa", "copy-tsa-ca", "copy-tsa-optional",
 * "copy-crl", "credential-key", the Ed25519 key file that signs the
 * diplomas' SD-JWT VCs and the status list, "tiles", the directory every publish brings the log's
 * C2SP tiles up to date in, and for the log's witnesses "witnesses",
 * "witness-timeout") to value.  Returns 0, or -1 with why in err
 * (errsz bytes).
 */
int	serve_config_set(struct serve_config *c, const char *key,
	    const char *value, char *err, size_t errsz);

/*
 * Reads the config file path ("[serve]" and key = value lines, '#'
 * comments) into c.  An unreadable file, a syntax error, another group,
 * an unknown key or a bad value is an error naming it; c may then be
 * partly set.  Returns 0 or -1 with why in err.
 */
int	serve_config_load(struct serve_config *c, const char *path, char *err,
	    size_t errsz);

#endif /* SOGOC_VERIFY_SERVECONF_H */
