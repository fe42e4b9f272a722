/*
 * The database: one connection per worker thread, each with its own
 * cache of prepared statements (keyed by the address of the SQL text, so
 * callers pass string literals).  Every query is a prepared statement;
 * nothing from a request is ever pasted into SQL.
 *
 * A lost connection (2006, 2013, or no connection at all) is reopened on
 * the next call and its statements re-prepared, so a database restart
 * needs no usergate restart; an idle connection the server has closed is
 * noticed before anything is sent on it.  What meets a lost connection
 * is run once more on a fresh one only if that cannot apply it twice
 * (db_may_repeat): never a write that was sent, never in a transaction.
 * Multi-statement writes go through db_tx(), which runs the whole
 * transaction again when the server aborts it for a conflict.
 */
#ifndef UG_DB_H
#define UG_DB_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct config;
struct db;

enum db_type { DBT_NULL, DBT_STR, DBT_INT, DBT_UINT, DBT_BLOB };

/* A parameter: build with the DB_* macros. */
struct db_val {
	enum db_type	 type;
	const void	*s;
	size_t		 len;
	long long	 i;
};
#define DB_NULL()		((struct db_val){ DBT_NULL, NULL, 0, 0 })
#define DB_STR(p, n)		((struct db_val){ DBT_STR, (p), (n), 0 })
#define DB_CSTR(p)		((struct db_val){ DBT_STR, (p), strlen(p), 0 })
#define DB_OSTR(p, n)		((p) ? DB_STR(p, n) : DB_NULL())
#define DB_INT(v)		((struct db_val){ DBT_INT, NULL, 0, (long long)(v) })
#define DB_UINT(v)		((struct db_val){ DBT_UINT, NULL, 0, (long long)(v) })
#define DB_BLOB(p, n)		((struct db_val){ DBT_BLOB, (p), (n), 0 })

/*
 * A result column.  For DBT_STR/DBT_BLOB the caller supplies buf and cap
 * (one byte is kept for a NUL); a longer value is an error, never a
 * silent truncation.  After a fetch, is_null, len and i are set.
 */
struct db_col {
	enum db_type	 type;
	char		*buf;
	size_t		 cap;
	unsigned long	 len;
	long long	 i;
	char		 is_null;
	char		 trunc;
};
#define DB_COL_STR(b)	{ DBT_STR, (b), sizeof(b), 0, 0, 0, 0 }
#define DB_COL_INT()	{ DBT_INT, NULL, 0, 0, 0, 0, 0 }

/* An open result set: read with db_fetch, always close with db_done. */
struct db_cursor {
	struct db	*db;
	void		*stmt;
	struct db_col	*cols;
	unsigned	 ncols;
};

/* Library set-up and tear-down, once per process. */
int		 db_library_init(void);
void		 db_library_end(void);

/* A handle that connects on first use.  NULL only if out of memory. */
struct db	*db_new(const struct config *);
void		 db_free(struct db *);
/* Connects now; UG_EDB with the reason logged. */
enum ug_err	 db_connect(struct db *);
/* 0 if the server answers. */
enum ug_err	 db_ping(struct db *);

/* Runs a statement that returns no rows. */
enum ug_err	 db_exec(struct db *, const char *sql, const struct db_val *,
		    unsigned n, uint64_t *affected, uint64_t *insert_id);
/*
 * Runs a query and binds its result columns; after each fetch a string
 * column's buffer is NUL-terminated at its length.  Rows stream from the
 * server (nothing is buffered), so only one cursor per connection may be
 * open, and it must be closed before the next statement.
 */
enum ug_err	 db_select(struct db *, const char *sql, const struct db_val *,
		    unsigned n, struct db_col *, unsigned ncols,
		    struct db_cursor *);
/* 1 with a row in the columns, 0 at the end, -1 on error. */
int		 db_fetch(struct db_cursor *);
void		 db_done(struct db_cursor *);
/*
 * db_select that calls fn with the columns of each row, streaming; fn
 * returns 0 to go on, -1 to stop, which makes the result UG_EINTERNAL.
 */
enum ug_err	 db_each(struct db *, const char *sql, const struct db_val *,
		    unsigned n, struct db_col *, unsigned ncols,
		    int (*fn)(void *, const struct db_col *), void *arg);
/* db_select that reads at most one row: UG_OK with *found 0 or 1. */
enum ug_err	 db_select_one(struct db *, const char *sql,
		    const struct db_val *, unsigned n, struct db_col *,
		    unsigned ncols, int *found);

/* Transactions.  db_commit and db_rollback always leave autocommit on. */
enum ug_err	 db_begin(struct db *);
enum ug_err	 db_commit(struct db *);
void		 db_rollback(struct db *);

/*
 * Runs fn in a transaction and commits it; fn returns UG_OK or the
 * error that rolls it back.  A transaction the server aborts for a
 * conflict (deadlock, lock wait timeout, Galera's certification failure)
 * is run again whole, a few times with a random pause; fn must
 * therefore decide everything from what it reads inside.
 */
typedef enum ug_err	(*db_tx_fn)(struct db *, void *);
enum ug_err	 db_tx(struct db *, db_tx_fn fn, void *arg);

/* What a server or client error number means to usergate. */
enum db_errclass {
	DBE_OTHER,		/* the statement failed: report it */
	DBE_LOST,		/* the connection is gone */
	DBE_DUP,		/* a unique key is taken */
	DBE_CONFLICT,		/* deadlock or certification: run it again */
	DBE_BUG			/* commands out of sync: usergate's fault */
};
enum db_errclass	 db_err_class(unsigned err);

enum db_stage { DB_STAGE_CONNECT, DB_STAGE_PREPARE, DB_STAGE_EXECUTE };
/*
 * 1 if a statement that failed with err at stage may run once more on a
 * new connection: only outside a transaction, only on a lost connection,
 * and after execution only if it is a read.
 */
int		 db_may_repeat(unsigned err, enum db_stage, int idempotent,
		    int in_tx);

/* Runs a plain SQL script (migrations); statements end with ";\n". */
enum ug_err	 db_exec_script(struct db *, const char *sql, size_t len);

#endif
