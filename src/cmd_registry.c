/*
 * cmd_registry.c: the table of sogoc's registry commands, their usage
 * texts, and dispatch to them.  Each command parses its arguments and
 * calls the modules (cmd_*.c, cmd_int.h); none of them touches LMDB,
 * which only registry/store.c does, nor OpenSSL.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd_int.h"


struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*summary;
	const char	*usage;
};

static const struct command *find_command(const char *);

int
usage_of(const char *name, FILE *fp)
{
	const struct command	*cmd = find_command(name);

	fprintf(fp, "%s", cmd->usage);
	/* A command with a store of its own says what its --db is. */
	if (strstr(cmd->usage, "--db DIR") == NULL)
		fprintf(fp, "\n  -d, --db DIR     the registry (default "
		    "./sogoc.db, or $SOGOC_DB)\n");
	fprintf(fp, "%s  -h, --help       this help\n",
	    strstr(cmd->usage, "--db DIR") == NULL ? "" : "\n");
	return fp == stdout ? 0 : EXIT_USAGE;
}

static const struct command commands[] = {
	{ "keygen", cmd_keygen, "make a signing key pair for the log",
	  "usage: sogoc keygen [--witness] --name ORIGIN --out DIR\n\n"
	  "Write a new Ed25519 signer key (DIR/signer.key, mode 0600) and its\n"
	  "verifier key (DIR/verifier.pub) in the C2SP signed-note formats.\n"
	  "ORIGIN names the log in every checkpoint, e.g.\n"
	  "sogd.hanoi.gov.vn/sogoc.  Rotate by making a new key with the same\n"
	  "name in a new DIR; old verifier keys stay listed (sogoc keys).\n"
	  "With --witness, a witness's cosignature/v1 key (type 0x04) named\n"
	  "NAME instead, in DIR/witness.key and DIR/witness.pub (sogoc\n"
	  "witness).\n\n"
	  "  -n, --name ORIGIN   the log's name (the witness's with --witness)\n"
	  "  -o, --out DIR       where to write the two files\n"
	  "  -w, --witness       a witness key\n" },
	{ "import", cmd_import, "stage OCR rows (JSONL) or a typed CSV",
	  "usage: sogoc import --type TYPE --year YEAR [--authority A]\n"
	  "                    [--decision NO] [--decision-date YYYY-MM-DD]\n"
	  "                    [--sources DIR] [--csv|--jsonl] [--double-key]\n"
	  "                    [--publish --key FILE [--batch N]] FILE...\n\n"
	  "Stage the rows of `sogoc ocr --jsonl` output, or of a CSV whose\n"
	  "header names the ledger columns, with their provenance.  A file is\n"
	  "imported whole or not at all.  Importing a page again does not\n"
	  "duplicate its rows and keeps every decision a person made.\n\n"
	  "  -t, --type TYPE      diploma type of the volume (THPT, THCS, ...)\n"
	  "  -y, --year YEAR      its graduation year\n"
	  "  -a, --authority A    the issuing authority\n"
	  "  --decision NO        the graduation decision number\n"
	  "  --decision-date D    its date\n"
	  "  -s, --sources DIR    where the scans named in the JSONL are\n"
	  "  --double-key         in the staff console, each flagged field is\n"
	  "                       keyed blind by two reviewers (handwriting)\n"
	  "  --csv, --jsonl       the format (default: by the file name)\n"
	  "  --publish            a typed CSV straight into the log, signed\n"
	  "                       (needs --key; rows are checked first)\n"
	  "  -k, --key FILE       the signer key, with --publish\n"
	  "  --batch N            rows per signed checkpoint (50000)\n"
	  "  --map-size MIB       the registry's maximum size\n" },
	{ "staged", cmd_staged, "list rows waiting for review",
	  "usage: sogoc staged [--all] [--json]\n\n"
	  "List staged rows not yet published, with the fields to review,\n"
	  "and the pages to key by hand (id HEX:PAGE:0, keyed in the staff\n"
	  "console).\n\n"
	  "  -a, --all    also rows already published\n"
	  "  -j, --json   one JSON object per row\n" },
	{ "confirm", cmd_confirm, "confirm fields a person checked",
	  "usage: sogoc confirm ROW [FIELD...]\n"
	  "       sogoc confirm --page HEX:PAGE\n\n"
	  "Record that a person checked the values of a staged row (every\n"
	  "field under review, or the FIELDs named) against the scan, or of\n"
	  "every row of a page.  The person is $SOGOC_USER or $USER.\n" },
	{ "set", cmd_set, "set a field a person read from the scan",
	  "usage: sogoc set ROW FIELD VALUE\n\n"
	  "Record the value a person read for FIELD of a staged row.  It is\n"
	  "normalised and validated like OCR output (dates to YYYY-MM-DD).\n" },
	{ "publish", cmd_publish, "publish ready rows into the signed log",
	  "usage: sogoc publish --key FILE [--batch N] [--quiet]\n\n"
	  "Publish every staged row whose fields are all accepted, typed,\n"
	  "confirmed or set, as issue events of the log, and sign a\n"
	  "checkpoint after each batch.  A serial number already given to\n"
	  "another person stops the publish before anything is written.\n\n"
	  "  -k, --key FILE   the signer key (or $SOGOC_KEY)\n"
	  "  -b, --batch N    rows per transaction and checkpoint "
	  "(10000)\n"
	  "  -q, --quiet      no progress and no summary\n" },
	{ "lookup", cmd_lookup, "show records by serial, or name and birth",
	  "usage: sogoc lookup --serial S | --name NAME --dob DATE | "
	  "--record N\n\n"
	  "Print the staff view of the matching records as JSON: every field,\n"
	  "the status and the history of events.  Names match without\n"
	  "diacritics or case (Nguyen Van An finds Nguyễn Văn An).\n" },
	{ "correct", cmd_correct, "correct fields of a record (chỉnh sửa)",
	  "usage: sogoc correct (--serial S | --record N) --decision NO\n"
	  "                     --decision-date YYYY-MM-DD --set FIELD=VALUE... "
	  "--key FILE\n\n"
	  "Log a correction ordered by a decision.\n" },
	{ "revoke", cmd_revoke, "revoke a diploma (thu hồi / hủy bỏ)",
	  "usage: sogoc revoke (--serial S | --record N) --decision NO\n"
	  "                    --decision-date YYYY-MM-DD --reason TEXT "
	  "--key FILE\n\n"
	  "Log the revocation of a diploma.\n" },
	{ "reissue", cmd_reissue, "record a diploma reissued on a new form",
	  "usage: sogoc reissue (--serial S | --record N) --new-serial S2\n"
	  "                     --decision NO --decision-date YYYY-MM-DD "
	  "--key FILE\n\n"
	  "Log that the diploma was reissued with a new serial number.\n" },
	{ "copy", cmd_copy, "issue a certified copy (bản sao từ sổ gốc)",
	  "usage: sogoc copy (--serial S | --record N) --out FILE.pdf\n"
	  "                  [--config FILE] [--key FILE]\n"
	  "       sogoc copy --fetch INDEX --out FILE.pdf\n\n"
	  "Issue a certified copy of a record: log a copy event (its number,\n"
	  "the signer), make the copy's own code for its QR code (it never\n"
	  "expires), and write the PDF, signed with the department's\n"
	  "certificate.  The copy stays in the\n"
	  "registry; --fetch writes the copy of event INDEX again.  The\n"
	  "copy-* settings and public-url are those of sogoc-serve.conf(5).\n\n"
	  "  -o, --out FILE          where to write the PDF\n"
	  "  -c, --config FILE       read the settings from the serve config\n"
	  "  -k, --key FILE          the log's signer key\n"
	  "  --copy-key FILE         the certificate's private key (PEM)\n"
	  "  --copy-cert FILE        the department's certificate (PEM)\n"
	  "  --copy-chain FILE       the certificates above it (PEM)\n"
	  "  --copy-signer NAME      who signs, e.g. \"Nguyễn Văn Ký\"\n"
	  "  --copy-signer-title T   in what office, lines parted by \" / \"\n"
	  "  --copy-place PLACE      where, e.g. \"Cà Mau\"\n"
	  "  --copy-tsa URL          the time-stamping authority (PAdES B-T)\n"
	  "  --copy-tsa-ca FILE      the CA its time-stamps chain to (PEM)\n"
	  "  --copy-tsa-optional B   yes: a copy without a time-stamp when\n"
	  "                          the authority fails (B-B)\n"
	  "  --copy-crl FILE         CRLs the copies carry (PEM; B-LT)\n"
	  "  --public-url URL        the verification service's address\n" },
	{ "credential", cmd_credential,
	  "the diploma as an SD-JWT VC for a wallet",
	  "usage: sogoc credential (--serial S | --record N) [--holder-jwk FILE]\n"
	  "                        [--out FILE] [--config FILE]\n"
	  "       sogoc credential --status-list | --issuer-metadata |\n"
	  "                        --type-metadata\n\n"
	  "Issue the diploma as an SD-JWT VC (application/dc+sd-jwt) with every\n"
	  "field a selectively disclosable claim and the next index of the\n"
	  "status list, signed with credential-key; or print the signed status\n"
	  "list token, the JWT VC issuer metadata or the vct's type metadata.\n"
	  "credential-key and public-url are those of sogoc-serve.conf(5).\n\n"
	  "  -o, --out FILE            write it to a new FILE, not stdout\n"
	  "  -j, --holder-jwk FILE     the wallet's public JWK, bound as cnf\n"
	  "  -c, --config FILE         read the settings from the serve config\n"
	  "  --credential-key FILE     the issuer's Ed25519 key (PEM)\n"
	  "  --public-url URL          the issuer, https://host\n" },
	{ "requests", cmd_requests, "list or erase graduates' copy requests",
	  "usage: sogoc requests [--pending] [--json]\n"
	  "       sogoc requests --purge DAYS\n\n"
	  "List graduates' requests for certified copies, newest first:\n"
	  "number, when sent (UTC), state, graduation year, name; or with\n"
	  "--json every detail, one object a line.  --purge DAYS erases what\n"
	  "the graduate gave (name, date of birth, school, ID number, contact,\n"
	  "purpose) from the requests decided more than DAYS days ago; their\n"
	  "number, decision, copy and share codes stay, and go on working.\n\n"
	  "  -p, --pending   only those waiting for a decision\n"
	  "  -j, --json      one JSON object per request\n"
	  "  --purge DAYS    erase the personal data of old decided requests\n" },
	{ "checkpoint", cmd_checkpoint, "print a signed checkpoint",
	  "usage: sogoc checkpoint [--size N]\n\n"
	  "Print the latest signed checkpoint (C2SP tlog-checkpoint), or the\n"
	  "one signed when the log had N events.\n" },
	{ "proof", cmd_proof, "print an inclusion or consistency proof",
	  "usage: sogoc proof (--serial S | --record N | --index I) "
	  "[--reveal FIELDS] [--size N]\n"
	  "       sogoc proof --consistency OLD [--size N]\n\n"
	  "Print a JSON proof that a record's latest event is in the log (with\n"
	  "the disclosed fields: full_name,date_of_birth,serial_no unless\n"
	  "--reveal says otherwise; ethnicity and place of birth never), or\n"
	  "that the log at size OLD is a prefix of the log now.  --reveal by\n"
	  "adds who recorded the event and the salt of its leaf digest.\n" },
	{ "export", cmd_export, "export every record for the national database",
	  "usage: sogoc export [--format jsonl|csv] [--out FILE]\n\n"
	  "Write every record's current state, every field.\n" },
	{ "backup", cmd_backup, "write a hot, consistent backup of the registry",
	  "usage: sogoc backup --out DIR\n\n"
	  "Write a consistent, compacted copy of the registry (one snapshot,\n"
	  "while others keep reading and writing) into the new or empty\n"
	  "directory DIR, with MANIFEST.json: its tree size, its signed\n"
	  "checkpoint and the SHA-256 of its data.mdb.  DIR appears whole or\n"
	  "not at all.\n\n"
	  "  -o, --out DIR   where the backup goes (also the operand DIR)\n" },
	{ "restore", cmd_restore, "put a backup in place as the registry",
	  "usage: sogoc restore --from DIR [--force] [--check]\n\n"
	  "Check the backup in DIR (its manifest, data.mdb's SHA-256, its tree\n"
	  "size and checkpoint) and make it the registry --db.  An existing\n"
	  "registry is refused unless --force; then it is kept beside, as\n"
	  "DB.replaced-SECONDS.  Stop every sogoc using --db first.\n\n"
	  "  -f, --from DIR   the backup (sogoc backup --out DIR)\n"
	  "  -F, --force      replace an existing registry (kept beside)\n"
	  "  -c, --check      only check the backup; change nothing\n" },
	{ "upgrade", cmd_upgrade, "bring an older registry to this format",
	  "usage: sogoc upgrade [--backup DIR]\n\n"
	  "Upgrade the registry --db, written by an older sogoc, to this\n"
	  "sogoc's format (sogoc-registry/2) in one write transaction: the\n"
	  "databases and kept counts it lacks are added.  Other commands\n"
	  "read an older registry but refuse to write to it until then; every\n"
	  "command refuses a newer one.  Running it again does nothing.\n\n"
	  "  -b, --backup DIR   first write a backup into DIR (sogoc backup)\n" },
	{ "audit", cmd_audit, "recompute and check the whole registry",
	  "usage: sogoc audit --pub FILE...\n\n"
	  "Recompute every leaf and hash from the raw store, check every\n"
	  "checkpoint's signature and consistency, and replay the events\n"
	  "against the records and indexes.  Exit 0 only when all holds.\n\n"
	  "  -p, --pub FILE   verifier keys of the log, one per line\n" },
	{ "serve", cmd_serve, "serve the public verification API (and the "
	  "staff console)",
	  "usage: sogoc serve [--config FILE] [--listen ADDR:PORT] "
	  "[--threads N] ...\n"
	  "       [--staff-listen ADDR:PORT --key FILE --scans DIR]\n\n"
	  "Answer employers over HTTP (libmicrohttpd): the page at /, GET\n"
	  "/api/v1/verify?serial=&name=&dob= a receipt when all three match\n"
	  "(else the same \"not found\" whatever differed), GET /checkpoint\n"
	  "the signed checkpoint, GET /api/v1/proof/consistency?old=N, GET\n"
	  "/healthz, GET /receipt a page that checks a receipt in the browser\n"
	  "and GET /.well-known/sogoc/keys the keys it checks with.  Each\n"
	  "client address may make --burst requests at once\n"
	  "and --rate a second after that (429 with Retry-After beyond); the\n"
	  "questions about one diploma are limited across addresses too.\n"
	  "GET /metrics (Prometheus text) only on --metrics-listen, never on\n"
	  "the public port.  Stops cleanly on SIGTERM.  Every option\n"
	  "is also a key of the config file (sogoc-serve.conf(5)); the\n"
	  "command line wins.\n\n"
	  "  -c, --config FILE    settings under [serve], key = value\n"
	  "  -l, --listen A:P     address and port (default 0.0.0.0:8080)\n"
	  "  -t, --threads N      thread pool size (default: one a core)\n"
	  "  -r, --rate N         requests a second per address (default 5;\n"
	  "                       0 none)\n"
	  "  -b, --burst N        requests at once per address (default 20)\n"
	  "  --per-ip N           open connections per address (default 16)\n"
	  "  --timeout S          seconds a connection may idle (default 10)\n"
	  "  --max-connections N  connections at once (default 4096)\n"
	  "  --trusted-proxy LIST the reverse proxies (addresses, prefixes)\n"
	  "                       whose X-Forwarded-For or Forwarded names\n"
	  "                       the client\n"
	  "  --staff-trusted-proxy LIST  the same for the staff console\n"
	  "  --ocr-jobs N         OCR workers of a console import\n"
	  "                       (default: number of cores)\n"
	  "                       (default: none, each peer is the client)\n"
	  "  --metrics-listen A:P GET /metrics here (default: not served)\n"
	  "  --ask-limit false    no limits per diploma (benchmarks only)\n"
	  "  --access-log         a line per request: route, status, time\n"
	  "                       (never the parameters)\n"
	  "  --syslog             log to syslog (daemon), not stderr\n"
	  "\nThe staff console (off unless --staff-listen; never on the public\n"
	  "port): staff sign in with accounts made by `sogoc user add`, review\n"
	  "what OCR flagged, publish pages, correct and revoke records.\n\n"
	  "  --staff-listen A:P   the console's address and port (give an\n"
	  "                       address: 127.0.0.1 when alone)\n"
	  "  --key FILE           signing key, to publish and record changes\n"
	  "  --scans DIR          folder of scans staff may import from\n"
	  "  --public-url URL     the public side's address, for links\n"
	  "  --secure-cookie      the console is behind TLS (Secure cookies)\n" },
	{ "witness", cmd_witness, "cosign other logs' checkpoints (C2SP "
	  "tlog-witness)",
	  "usage: sogoc witness --listen ADDR:PORT --key FILE --logs FILE\n"
	  "                     [--db DIR] [--syslog]\n\n"
	  "Serve POST /add-checkpoint (C2SP tlog-witness v1.0.0): check each\n"
	  "log's new checkpoint against the last one cosigned for it, with its\n"
	  "consistency proof, and answer a cosignature/v1 line.  Refusals are\n"
	  "logged; SIGHUP rereads the logs file, SIGTERM stops.\n\n"
	  "  -l, --listen ADDR:PORT  where to listen (ADDR empty: 127.0.0.1)\n"
	  "  -k, --key FILE          the witness key (sogoc keygen --witness)\n"
	  "  -L, --logs FILE         the logs: '<origin> <vkey> [<url>]' lines\n"
	  "  -d, --db DIR            the witness's store (default ./witness.db)\n"
	  "  -s, --syslog            log to syslog, not stderr\n" },
	{ "check-receipt", cmd_check_receipt, "verify a receipt offline",
	  "usage: sogoc check-receipt --pub FILE [--witness KEY ... "
	  "[--quorum K]]\n"
	  "                           [--online URL] RECEIPT.json\n\n"
	  "Check a receipt from the verification API without the server: the\n"
	  "checkpoint's signature, the inclusion of the event and of each\n"
	  "history entry, and every other member against the signed leaves;\n"
	  "a member it cannot prove is refused by name, and so is a receipt\n"
	  "whose signed record head does not name its event as the record's\n"
	  "latest in the checkpoint's tree.  Print what was proved and the\n"
	  "tree size the answer holds as of.  --online asks\n"
	  "the service (sogoc serve) whether it still answers the same, with\n"
	  "a consistency proof from the receipt's tree.  Exit 0: verified\n"
	  "(and unchanged); 1: refused, or the service could not be asked;\n"
	  "4: verified, but the service answers otherwise now.\n\n"
	  "  -p, --pub FILE     verifier keys of the log, one per line\n"
	  "  -w, --witness KEY  a witness's cosignature key (its vkey, or a\n"
	  "                     file of them, one per line); repeatable\n"
	  "  -q, --quorum K     how many of the --witness keys must have\n"
	  "                     cosigned the receipt's checkpoint (default:\n"
	  "                     all of them)\n"
	  "  -o, --online URL   the verification service, e.g.\n"
	  "                     https://vanbang.example.gov.vn\n" },
	{ "heads", cmd_heads, "sign the record heads an older registry lacks",
	  "usage: sogoc heads --sign --key FILE [--all]\n\n"
	  "Every append signs its record's head (the record's latest event\n"
	  "as of that tree size), which a receipt needs.  A registry written\n"
	  "before heads existed has none: sign, at the latest checkpoint's\n"
	  "tree size, the head of every record whose head is missing or does\n"
	  "not name its latest event (--all: of every record).\n\n"
	  "  -s, --sign         sign them (the only action)\n"
	  "  -a, --all          every record, not only those without\n"
	  "  -k, --key FILE     the log's signing key\n" },
	{ "monitor", cmd_monitor, "follow other logs' tiles and check them",
	  "usage: sogoc monitor --logs FILE [--db DIR] [--jobs N] "
	  "[--connections N]\n"
	  "                     [--recheck N|all]\n\n"
	  "Follow each log of FILE (one a line: origin, verifier key, tiles\n"
	  "URL) as C2SP tlog-tiles: check its signed checkpoint, fetch the\n"
	  "entry bundles and tiles new since the last run, recompute the tree\n"
	  "and check it against the checkpoint and everything verified\n"
	  "before, then keep the new state.  One line per log: OK ORIGIN SIZE\n"
	  "or FAIL ORIGIN: what.  Exit 0: all consistent; 1: a log is\n"
	  "inconsistent (split view, rewritten tile, bad signature, smaller\n"
	  "tree); 2: usage or the monitor's own store; 3: only fetch errors.\n\n"
	  "  -l, --logs FILE    the logs to follow\n"
	  "  -d, --db DIR       the monitor's state (default ./monitor.db)\n"
	  "  -j, --jobs N       logs followed at once (default 4)\n"
	  "  -c, --connections N  GETs at once for one log's bundles and\n"
	  "                     tiles, kept alive (default 8, at most 32)\n"
	  "  -r, --recheck N    also fetch N old full tiles again (all: every\n"
	  "                     one) and compare with what was verified\n" },
	{ "tiles", cmd_tiles, "write the log as C2SP tiles for mirrors",
	  "usage: sogoc tiles --out DIR [--check]\n\n"
	  "Write the log as C2SP tlog-tiles into DIR (made when missing)\n"
	  "for a web server: DIR/checkpoint, the hash tiles DIR/tile/L/N,\n"
	  "the entry bundles DIR/tile/entries/N, partial ones with .p/W.\n"
	  "A tile already there is compared, never replaced: one that\n"
	  "differs is an error naming it.  A DIR holding another log's\n"
	  "checkpoint is refused.  With tiles = DIR in the config (serve's\n"
	  "--config, or the file $SOGOC_CONFIG names for the other\n"
	  "commands), every publish does this itself.\n\n"
	  "  -o, --out DIR   the tiles directory\n"
	  "  -C, --check     compare DIR with the log up to DIR's\n"
	  "                  checkpoint; write nothing (exit 1 naming\n"
	  "                  what differs)\n" },
	{ "keys", cmd_keys, "list the verifier keys that signed the log",
	  "usage: sogoc keys\n\n"
	  "Print every verifier key that has signed a checkpoint.\n" },
};

static const struct command *
find_command(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int
cmd_registry(int argc, char **argv)
{
	const struct command	*cmd = find_command(argv[0]);

	if (cmd == NULL)
		return -1;
	return cmd->fn(argc, argv);
}

int
cmd_registry_usage(const char *name, FILE *fp)
{
	if (find_command(name) == NULL)
		return -1;
	usage_of(name, fp);
	return 0;
}

void
cmd_registry_list(FILE *fp)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-13s %s\n", commands[i].name,
		    commands[i].summary);
}
