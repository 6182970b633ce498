/*
 * cmd.h: the registry subcommands of sogoc, in cmd_registry.c.
 */
#ifndef SOGOC_SRC_CMD_H
#define SOGOC_SRC_CMD_H

#include <stdio.h>

struct store_db;

/*
 * Runs the registry command argv[0] (argc arguments) and returns its exit
 * status, or -1 when argv[0] is not a registry command.
 */
int	cmd_registry(int argc, char **argv);

/* Prints the usage of registry command name; 0 when it is one, else -1. */
int	cmd_registry_usage(const char *name, FILE *fp);

/* Prints one line per registry command for the main usage. */
void	cmd_registry_list(FILE *fp);

/*
 * The databases of the modules above the registry that sogoc opens with
 * it (store_open()'s schemas): every command opens them all, so that a
 * writer creates each one a reader may look for.
 */
extern const struct store_db *const cmd_dbs[];

#endif /* SOGOC_SRC_CMD_H */
