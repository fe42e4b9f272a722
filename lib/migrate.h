/*
 * Versioned schema migrations: dir holds NNN_name.sql files; each is
 * applied once, in order, and recorded in schema_migrations.  Running
 * again applies nothing: migrate is idempotent.
 */
#ifndef UG_MIGRATE_H
#define UG_MIGRATE_H

#include "err.h"

struct db;

/* Applies what is pending; *applied gets how many.  Logs each file. */
enum ug_err	 migrate_run(struct db *, const char *dir, int *applied);

#endif
