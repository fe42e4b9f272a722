#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "migrate.h"
#include "text.h"

#define MIGRATION_MAX_FILES	256
#define MIGRATION_MAX_SIZE	(1024 * 1024)

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The version number of "NNN_name.sql", or 0 if the name is not one. */
static unsigned
version_of(const char *name)
{
	size_t		 n = strspn(name, "0123456789"), len = strlen(name);
	uint64_t	 v;

	if (n == 0 || name[n] != '_' || len < 5 ||
	    strcmp(name + len - 4, ".sql") != 0)
		return 0;
	if (parse_u64(name, n, 1000000, &v) == -1)
		return 0;
	return (unsigned)v;
}

static enum ug_err
apply_file(struct db *db, const char *dir, const char *name, unsigned ver)
{
	static const char	*sql_rec =
	    "INSERT INTO schema_migrations (version, name, applied) "
	    "VALUES (?, ?, NOW(3))";
	char			 path[4096], *text = NULL;
	struct db_val		 p[2];
	FILE			*f;
	size_t			 len;
	enum ug_err		 e;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "re")) == NULL) {
		log_err("migrate: %s: %s", path, strerror(errno));
		return UG_EINTERNAL;
	}
	if ((text = malloc(MIGRATION_MAX_SIZE + 1)) == NULL) {
		fclose(f);
		return UG_EINTERNAL;
	}
	len = fread(text, 1, MIGRATION_MAX_SIZE + 1, f);
	fclose(f);
	if (len > MIGRATION_MAX_SIZE) {
		log_err("migrate: %s: too large", path);
		free(text);
		return UG_EINTERNAL;
	}
	e = db_exec_script(db, text, len);
	free(text);
	if (e != UG_OK)
		return e;
	p[0] = DB_UINT(ver);
	p[1] = DB_CSTR(name);
	if ((e = db_exec(db, sql_rec, p, 2, NULL, NULL)) != UG_OK)
		return e;
	log_info("migrate: applied %s", name);
	return UG_OK;
}

enum ug_err
migrate_run(struct db *db, const char *dir, int *applied)
{
	static const char	 create[] =
	    "CREATE TABLE IF NOT EXISTS schema_migrations (\n"
	    "  version INT UNSIGNED NOT NULL PRIMARY KEY,\n"
	    "  name    VARCHAR(255) NOT NULL,\n"
	    "  applied DATETIME(3)  NOT NULL\n"
	    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n";
	static const char	*sql_has =
	    "SELECT 1 FROM schema_migrations WHERE version = ?";
	char			*names[MIGRATION_MAX_FILES];
	struct db_val		 p[1];
	struct db_col		 c[1] = { DB_COL_INT() };
	struct dirent		*de;
	DIR			*d;
	size_t			 n = 0, i;
	enum ug_err		 e = UG_OK;
	int			 found;

	*applied = 0;
	if ((e = db_exec_script(db, create, sizeof(create) - 1)) != UG_OK)
		return e;
	if ((d = opendir(dir)) == NULL) {
		log_err("migrate: %s: %s", dir, strerror(errno));
		return UG_EINTERNAL;
	}
	while ((de = readdir(d)) != NULL && n < MIGRATION_MAX_FILES)
		if (version_of(de->d_name) != 0 &&
		    (names[n] = strdup(de->d_name)) != NULL)
			n++;
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n && e == UG_OK; i++) {
		p[0] = DB_UINT(version_of(names[i]));
		if ((e = db_select_one(db, sql_has, p, 1, c, 1, &found)) !=
		    UG_OK)
			break;
		if (found)
			continue;
		if ((e = apply_file(db, dir, names[i],
		    version_of(names[i]))) == UG_OK)
			(*applied)++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	return e;
}
