/*
 * usergate: one FastCGI binary for the user-account APIs of five legacy
 * systems.  How it runs is decided by how it is started:
 *
 *   fd 0 is a listening socket (spawn-fcgi, systemd)  FastCGI there
 *   usergate serve --listen ADDR                      FastCGI on ADDR
 *   neither                                           one CGI request
 *
 * and the operator's subcommands: migrate, user, check-config, version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoconf.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "router.h"
#include "server.h"

static void
usage(void)
{
	fprintf(stderr,
	    "usage: usergate [-c FILE] [COMMAND]\n"
	    "commands:\n"
	    "  serve [--listen ADDR]   serve FastCGI on ADDR (/path.sock or "
	    "127.0.0.1:PORT)\n"
	    "  migrate                 create or upgrade the schema\n"
	    "  user add|passwd|role|list ...\n"
	    "  import --from SYSTEM [--dry-run] [--skip-bad] ... FILE|-\n"
	    "                          import a legacy user table (import "
	    "--help)\n"
	    "  iplist import FILE|-    fill the proxy pool of proxypool's "
	    "/iplist (CSV, TSV, JSON Lines)\n"
	    "  iplist clear            empty it\n"
	    "  check-config            validate the configuration and print it\n"
	    "  alist-token             print a new AList admin token and its "
	    "hash\n"
	    "  version\n"
	    "With no command: FastCGI on fd 0 if it is a listening socket, "
	    "else one CGI request.\n");
}

static int
serve(struct config *cfg, const char *listen)
{
	int		 fd, rc;

	if (listen != NULL && listen[0] != '\0') {
		if ((fd = server_listen(cfg, listen)) == -1)
			return 1;
	} else if (fd_is_listening(0))
		fd = 0;
	else {
		log_err("nothing to listen on: give --listen or start under "
		    "spawn-fcgi");
		return 1;
	}
	if (server_drop_privileges(cfg) == -1)
		return 1;
	if (server_prepare(cfg) == -1)
		return 1;
	rc = server_run(cfg, fd);
	router_free();
	db_library_end();
	return rc;
}

int
main(int argc, char **argv)
{
	struct config	 cfg;
	const char	*path = getenv("USERGATE_CONFIG");
	const char	*cmd, *listen = NULL;
	char		 err[512];
	int		 i, rc, cli;

	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		path = argv[2];
		argc -= 2;
		argv += 2;
	}
	cmd = argc > 1 ? argv[1] : NULL;
	if (cmd != NULL && (strcmp(cmd, "version") == 0 ||
	    strcmp(cmd, "--version") == 0)) {
		printf("usergate %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (cmd != NULL && (strcmp(cmd, "help") == 0 ||
	    strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)) {
		usage();
		return 0;
	}
	if (config_defaults(&cfg) == -1) {
		fprintf(stderr, "usergate: out of memory\n");
		return 1;
	}
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		config_free(&cfg);
		return 1;
	}
	/* The operator's commands always report on the terminal. */
	cli = cmd != NULL && strcmp(cmd, "serve") != 0;
	if (log_open(cli ? "stderr" : cfg.log,
	    log_level_parse(cfg.log_level)) == -1) {
		fprintf(stderr, "usergate: log %s: cannot open\n", cfg.log);
		config_free(&cfg);
		return 1;
	}

	if (cmd == NULL) {
		/* spawn-fcgi and systemd pass the socket as fd 0. */
		if (fd_is_listening(0))
			rc = serve(&cfg, NULL);
		else if (geteuid() == 0) {
			log_err("refusing to answer a CGI request as root");
			rc = 1;
		} else if (server_prepare(&cfg) == -1)
			rc = 1;
		else {
			rc = server_cgi(&cfg);
			router_free();
			db_library_end();
		}
	} else if (strcmp(cmd, "serve") == 0) {
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
				listen = argv[++i];
			else {
				usage();
				config_free(&cfg);
				return 2;
			}
		}
		rc = serve(&cfg, listen ? listen : cfg.listen);
	} else if (strcmp(cmd, "migrate") == 0)
		rc = cli_migrate(&cfg, argc - 2, argv + 2);
	else if (strcmp(cmd, "user") == 0)
		rc = cli_user(&cfg, argc - 2, argv + 2);
	else if (strcmp(cmd, "import") == 0)
		rc = cli_import(&cfg, argc - 2, argv + 2);
	else if (strcmp(cmd, "iplist") == 0)
		rc = cli_iplist(&cfg, argc - 2, argv + 2);
	else if (strcmp(cmd, "alist-token") == 0)
		rc = cli_alist_token(&cfg, argc - 2, argv + 2);
	else if (strcmp(cmd, "check-config") == 0)
		rc = cli_check_config(&cfg, path);
	else {
		usage();
		rc = 2;
	}
	config_free(&cfg);
	log_close();
	return rc;
}
