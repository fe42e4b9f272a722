#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "role.h"
#include "user.h"

/* The operator at the command line is above every role. */
static const struct actor operator = { 0, 0, LEVEL_OPERATOR };

static struct db *
open_db(const struct config *cfg)
{
	struct db	*db;

	if (db_library_init() == -1 || (db = db_new(cfg)) == NULL) {
		fprintf(stderr, "usergate: out of memory\n");
		return NULL;
	}
	if (db_connect(db) != UG_OK) {
		fprintf(stderr, "usergate: cannot connect to the database "
		    "(see the log above)\n");
		db_free(db);
		return NULL;
	}
	return db;
}

int
cli_migrate(const struct config *cfg, int argc, char **argv)
{
	struct db	*db;
	int		 applied = 0;
	enum ug_err	 e;

	if ((db = open_db(cfg)) == NULL)
		return 1;
	e = migrate_run(db, cfg->migrations_dir, &applied);
	db_free(db);
	if (e != UG_OK) {
		fprintf(stderr, "usergate: migrate failed: %s\n", ug_strerror(e));
		return 1;
	}
	printf("migrate: %d applied, schema up to date\n", applied);
	return 0;
}

/*
 * The new password: USERGATE_PASSWORD if set (then unset, so children
 * never see it), else the first line of stdin.  Never from argv, where
 * every user of the machine could read it.
 */
static int
read_password(char *out, size_t outsz)
{
	const char	*env = getenv("USERGATE_PASSWORD");
	size_t		 n;

	if (env != NULL) {
		if (strlen(env) >= outsz)
			return -1;
		memcpy(out, env, strlen(env) + 1);
		unsetenv("USERGATE_PASSWORD");
		return 0;
	}
	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(out, (int)outsz, stdin) == NULL)
		return -1;
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == outsz - 1)
		return -1;		/* longer than PASSWORD_MAX */
	out[n] = '\0';
	return 0;
}

static int
list_row(void *arg, const struct user_brief *u)
{
	printf("%llu\t%.*s\t%d\t%.*s\n", (unsigned long long)u->id,
	    (int)u->username_len, u->username, u->role_id,
	    u->wechat_name ? (int)u->wechat_name_len : 1,
	    u->wechat_name ? u->wechat_name : "-");
	return 0;
}

static int
usage_user(void)
{
	fprintf(stderr,
	    "usage: usergate user add NAME [--role ROLE]\n"
	    "       usergate user passwd NAME\n"
	    "       usergate user role NAME ROLE\n"
	    "       usergate user lock|unlock NAME\n"
	    "       usergate user list\n"
	    "ROLE: admin, user_admin, shop_admin, role_admin, user, guest "
	    "or a role id.\n"
	    "The password is read from USERGATE_PASSWORD or the first line "
	    "of stdin.\n");
	return 2;
}

int
cli_user(const struct config *cfg, int argc, char **argv)
{
	char			 pw[PASSWORD_MAX + 2];
	char			 err[256];
	struct db		*db;
	struct user_new		 u;
	struct user_ref		 ref;
	struct user_change	 ch = USER_CHANGE_NONE;
	enum ug_err		 e;
	int			 role = ROLE_USER, rc = 1;

	if (argc < 1)
		return usage_user();
	if (strcmp(argv[0], "list") == 0) {
		if (argc != 1)
			return usage_user();
		if ((db = open_db(cfg)) == NULL)
			return 1;
		printf("id\tusername\trole\twechat_name\n");
		e = user_list_brief(db, list_row, NULL);
		db_free(db);
		if (e != UG_OK)
			fprintf(stderr, "usergate: %s\n", ug_strerror(e));
		return e == UG_OK ? 0 : 1;
	}
	if (argc < 2)
		return usage_user();
	if (strcmp(argv[0], "add") == 0) {
		if (argc == 4 && strcmp(argv[2], "--role") == 0)
			role = role_parse(argv[3]);
		else if (argc != 2)
			return usage_user();
		if (role < 0) {
			fprintf(stderr, "usergate: unknown role %s\n", argv[3]);
			return 2;
		}
	} else if (strcmp(argv[0], "passwd") == 0) {
		if (argc != 2)
			return usage_user();
	} else if (strcmp(argv[0], "role") == 0) {
		if (argc != 3 || (ch.role_id = role_parse(argv[2])) < 0)
			return usage_user();
	} else if (strcmp(argv[0], "lock") == 0 ||
	    strcmp(argv[0], "unlock") == 0) {
		if (argc != 2)
			return usage_user();
		ch.locked = strcmp(argv[0], "lock") == 0;
	} else
		return usage_user();

	if (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "passwd") == 0) {
		if (read_password(pw, sizeof(pw)) == -1 || pw[0] == '\0') {
			fprintf(stderr, "usergate: no password given, or an "
			    "empty or over-long one\n");
			return 1;
		}
	}
	if (password_init(cfg->password_scheme, cfg->password_cost,
	    cfg->hash_concurrency, cfg->hash_wait, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		return 1;
	}
	if ((db = open_db(cfg)) == NULL)
		return 1;
	if (strcmp(argv[0], "add") == 0) {
		u.name.s = argv[1];
		u.name.len = strlen(argv[1]);
		u.password.s = pw;
		u.password.len = strlen(pw);
		u.role_id = role;
		e = user_create(db, cfg, &operator, &u, NULL);
	} else {
		ref.name.s = argv[1];
		ref.name.len = strlen(argv[1]);
		ref.id = 0;
		if (strcmp(argv[0], "passwd") == 0) {
			ch.password.s = pw;
			ch.password.len = strlen(pw);
		}
		e = user_update(db, cfg, &operator, &ref, &ch);
	}
	explicit_bzero(pw, sizeof(pw));
	db_free(db);
	if (e == UG_OK) {
		printf("user %s: done\n", argv[1]);
		rc = 0;
	} else
		fprintf(stderr, "usergate: user %s: %s\n", argv[1],
		    e == UG_EINVAL ? "invalid name, password or role" :
		    ug_strerror(e));
	return rc;
}

int
cli_check_config(const struct config *cfg, const char *path)
{
	char	 err[256];

	if (password_init(cfg->password_scheme, cfg->password_cost, 1, 1,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		return 1;
	}
	config_dump(cfg, 1);
	printf("# %s: configuration OK\n", path ? path : CONFIG_DEFAULT_PATH);
	return 0;
}
