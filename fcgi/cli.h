/*
 * Operator subcommands.  Each takes the loaded configuration and its own
 * arguments, prints to stdout/stderr and returns the exit status.
 */
#ifndef UG_CLI_H
#define UG_CLI_H

struct config;

int	 cli_migrate(const struct config *, int argc, char **argv);
int	 cli_user(const struct config *, int argc, char **argv);
int	 cli_import(const struct config *, int argc, char **argv);
int	 cli_iplist(const struct config *, int argc, char **argv);
/* Prints a new AList admin token once, and the hash to configure. */
int	 cli_alist_token(const struct config *, int argc, char **argv);
int	 cli_check_config(const struct config *, const char *path);

#endif
