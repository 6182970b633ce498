/*
 * cmd_int.h: what sogoc's registry commands (src/cmd_*.c) share, private
 * to src/.  The commands run in the one thread of the command line and
 * exit on usage errors; they are not thread-safe.
 */
#ifndef SOGOC_SRC_CMD_INT_H
#define SOGOC_SRC_CMD_INT_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "cmdopt.h"

struct copy_signing;
struct note_signer;
struct note_verifier;
struct serve_config;
struct store;

#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_FATAL	3
#define EXIT_CHANGED	4	/* check-receipt --online: not true now */

#define KEYFILE_MAX	4096

/* Options every registry command understands. */
struct common {
	const char	*db;
	const char	*key;
	size_t		 mapsize;
};

/* The signing of copies, options of serve and copy and config file keys
 * (config_opt into the serve_config cf). */
#define COPY_SIGNING_OPTS(cf) \
	OPT_FN("public-url", 'S', cf, config_opt), \
	OPT_FN("copy-key", 'S', cf, config_opt), \
	OPT_FN("copy-cert", 'S', cf, config_opt), \
	OPT_FN("copy-chain", 'S', cf, config_opt), \
	OPT_FN("copy-signer", 'S', cf, config_opt), \
	OPT_FN("copy-signer-title", 'S', cf, config_opt), \
	OPT_FN("copy-place", 'S', cf, config_opt), \
	OPT_FN("copy-tsa", 'S', cf, config_opt), \
	OPT_FN("copy-tsa-ca", 'S', cf, config_opt), \
	OPT_FN("copy-tsa-optional", 'S', cf, config_opt), \
	OPT_FN("copy-crl", 'S', cf, config_opt)

/* The verifier keys of --pub FILE (keyring_opt), freed by keyring_clear. */
struct keyring {
	struct note_verifier	**v;
	size_t			  n;
};

/* cmd_common.c */
int		 common_opt(struct common *c, int ch, const char *cmdname,
		    int *exitnow);
int		 cmd_getopt(int argc, char **argv, const char *shortopts,
		    const struct cmd_opt *opts, struct common *c);
int		 cmd_start(int argc, char **argv, const char *shortopts,
		    const struct cmd_opt *opts, struct common *c, int flags,
		    struct store **st);
struct store	*open_store(const struct common *c, int flags);
int		 fail(struct store *st, int rc);
const char	*who(void);
struct note_signer	*load_signer(const char *path);
/* load_signer() of a key of the given NOTE_TYPE_* (a witness's: 0x04). */
struct note_signer	*load_signer_type(const char *path, int type);
int		 load_verifiers(const char *path, struct note_verifier ***v,
		    size_t *nv);
int		 load_verifiers_type(const char *path, int type,
		    struct note_verifier ***v, size_t *nv);
int		 keyring_opt(void *arg, int ch, const char *name);
int		 witness_opt(void *arg, int ch, const char *name);
void		 keyring_clear(struct keyring *kr);
void		 print_json(json_t *o);
int		 write_new(const char *path, const char *text, mode_t mode);
int		 ends_with(const char *s, const char *suffix);
void		 publish_progress(void *arg, size_t done, size_t total);
int		 open_signed(struct common *c, struct note_signer **signer,
		    struct store **st);
int		 copy_signing_of(const struct serve_config *cf,
		    struct copy_signing *cs);
int		 config_getopt(int argc, char **argv, const char *shortopts,
		    const struct cmd_opt *opts, struct common *c,
		    struct serve_config *cf);
int		 config_set(struct serve_config *cf, const char *key,
		    const char *val);
int		 config_opt(void *cf, int ch, const char *name);
int		 one_record(struct store *st, const char *serial,
		    uint64_t record, uint64_t *out);

/* cmd_registry.c: the usage of command name, on fp; the exit status. */
int		 usage_of(const char *name, FILE *fp);

/* The commands: each takes its argv (argv[0] its name), returns its exit
 * status. */
int		 cmd_import(int argc, char **argv);
int		 cmd_staged(int argc, char **argv);
int		 cmd_confirm(int argc, char **argv);
int		 cmd_set(int argc, char **argv);
int		 cmd_publish(int argc, char **argv);
int		 cmd_heads(int argc, char **argv);
int		 cmd_lookup(int argc, char **argv);
int		 cmd_correct(int argc, char **argv);
int		 cmd_revoke(int argc, char **argv);
int		 cmd_reissue(int argc, char **argv);
int		 cmd_keygen(int argc, char **argv);
int		 cmd_witness(int argc, char **argv);
int		 cmd_checkpoint(int argc, char **argv);
int		 cmd_proof(int argc, char **argv);
int		 cmd_export(int argc, char **argv);
int		 cmd_backup(int argc, char **argv);
int		 cmd_restore(int argc, char **argv);
int		 cmd_upgrade(int argc, char **argv);
int		 cmd_audit(int argc, char **argv);
int		 cmd_keys(int argc, char **argv);
int		 cmd_serve(int argc, char **argv);
int		 cmd_copy(int argc, char **argv);
int		 cmd_credential(int argc, char **argv);
int		 cmd_requests(int argc, char **argv);
int		 cmd_check_receipt(int argc, char **argv);
int		 cmd_monitor(int argc, char **argv);
int		 cmd_tiles(int argc, char **argv);

/*
 * cmd_tiles.c: what writers do after each publish (tiles = DIR and
 * witnesses = FILE of a config): publish_use() takes them from cf (0, or
 * -1 after a message when the witnesses file is wrong), else the config
 * file $SOGOC_CONFIG names gives them; publish_attach() installs the
 * commit hook on a store opened to write: 0, or -1 after a message.
 */
struct serve_config;
int		 publish_use(const struct serve_config *cf);
int		 publish_attach(struct store *st);

#endif /* SOGOC_SRC_CMD_INT_H */
