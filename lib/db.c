#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "log.h"

#define DB_STMT_CACHE	96
#define DB_MAX_PARAMS	40
#define DB_MAX_COLS	40

struct stmt_slot {
	const char	*sql;
	MYSQL_STMT	*st;
};

struct db {
	const struct config	*cfg;
	MYSQL			*m;
	int			 in_tx;
	struct stmt_slot	 cache[DB_STMT_CACHE];
	unsigned		 ncache;
};

int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

void
db_library_end(void)
{
	mysql_library_end();
}

struct db *
db_new(const struct config *cfg)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	return db;
}

static void
db_disconnect(struct db *db)
{
	unsigned	 i;

	for (i = 0; i < db->ncache; i++)
		mysql_stmt_close(db->cache[i].st);
	db->ncache = 0;
	if (db->m != NULL)
		mysql_close(db->m);
	db->m = NULL;
	db->in_tx = 0;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
	mysql_thread_end();
}

static int
conn_lost(unsigned err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	    err == CR_CONN_HOST_ERROR || err == CR_CONNECTION_ERROR ||
	    err == CR_SERVER_LOST_EXTENDED || err == ER_CONNECTION_KILLED ||
	    err == ER_SERVER_SHUTDOWN || err == CR_COMMANDS_OUT_OF_SYNC;
}

static enum ug_err
map_err(struct db *db, unsigned err, const char *what)
{
	if (err == ER_DUP_ENTRY)
		return UG_EEXISTS;
	log_err("database: %s: %s (%u)", what,
	    db->m ? mysql_error(db->m) : "no connection", err);
	if (conn_lost(err))
		db_disconnect(db);
	return UG_EDB;
}

enum ug_err
db_connect(struct db *db)
{
	const struct config	*c = db->cfg;
	unsigned int		 ct = (unsigned)c->db_connect_timeout;
	unsigned int		 rt = (unsigned)c->db_read_timeout;
	unsigned int		 wt = (unsigned)c->db_write_timeout;
	const char		*init = "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

	if (db->m != NULL)
		return UG_OK;
	if ((db->m = mysql_init(NULL)) == NULL)
		return UG_EINTERNAL;
	mysql_options(db->m, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(db->m, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_options(db->m, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_options(db->m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->m, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->m, c->db_host, c->db_user,
	    c->db_password, c->db_name, (unsigned)c->db_port,
	    c->db_socket[0] ? c->db_socket : NULL, CLIENT_FOUND_ROWS) == NULL) {
		log_err("database: connect: %s", mysql_error(db->m));
		mysql_close(db->m);
		db->m = NULL;
		return UG_EDB;
	}
	return UG_OK;
}

enum ug_err
db_ping(struct db *db)
{
	enum ug_err	 e;

	if ((e = db_connect(db)) != UG_OK)
		return e;
	if (mysql_ping(db->m) != 0)
		return map_err(db, mysql_errno(db->m), "ping");
	return UG_OK;
}

/* The cached statement for sql, preparing it on first use. */
static enum ug_err
stmt_get(struct db *db, const char *sql, MYSQL_STMT **out)
{
	MYSQL_STMT	*st;
	unsigned	 i, err;
	enum ug_err	 e;

	if ((e = db_connect(db)) != UG_OK)
		return e;
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			*out = db->cache[i].st;
			return UG_OK;
		}
	if (db->ncache == DB_STMT_CACHE) {
		log_err("database: statement cache full");
		return UG_EINTERNAL;
	}
	if ((st = mysql_stmt_init(db->m)) == NULL)
		return map_err(db, mysql_errno(db->m), "stmt_init");
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		err = mysql_stmt_errno(st);
		log_err("database: prepare \"%.60s\": %s", sql,
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		if (conn_lost(err))
			db_disconnect(db);
		return UG_EDB;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	*out = st;
	return UG_OK;
}

static void
bind_params(MYSQL_BIND *b, const struct db_val *p, unsigned n)
{
	unsigned	 i;

	memset(b, 0, sizeof(*b) * n);
	for (i = 0; i < n; i++) {
		switch (p[i].type) {
		case DBT_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBT_STR:
		case DBT_BLOB:
			b[i].buffer_type = p[i].type == DBT_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)p[i].s;
			b[i].buffer_length = (unsigned long)p[i].len;
			break;
		case DBT_INT:
		case DBT_UINT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&p[i].i;
			b[i].is_unsigned = p[i].type == DBT_UINT;
			break;
		}
	}
}

/*
 * Prepares (from cache), binds and executes.  On a lost connection
 * outside a transaction, reconnects and tries once more.
 */
static enum ug_err
run(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    MYSQL_STMT **out)
{
	MYSQL_BIND	 b[DB_MAX_PARAMS];
	MYSQL_STMT	*st = NULL;
	enum ug_err	 e;
	unsigned	 err;
	int		 attempt;

	if (n > DB_MAX_PARAMS)
		return UG_EINTERNAL;
	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = stmt_get(db, sql, &st)) != UG_OK) {
			if (e == UG_EDB && !db->in_tx && db->m == NULL &&
			    attempt == 0)
				continue;
			return e;
		}
		bind_params(b, p, n);
		if (mysql_stmt_bind_param(st, b) != 0)
			return map_err(db, mysql_stmt_errno(st), "bind");
		if (mysql_stmt_execute(st) == 0) {
			*out = st;
			return UG_OK;
		}
		err = mysql_stmt_errno(st);
		if (!conn_lost(err) || db->in_tx || attempt > 0)
			return map_err(db, err, "execute");
		log_warn("database: connection lost (%u), reconnecting", err);
		db_disconnect(db);
	}
	return UG_EDB;
}

enum ug_err
db_exec(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    uint64_t *affected, uint64_t *insert_id)
{
	MYSQL_STMT	*st;
	enum ug_err	 e;

	if ((e = run(db, sql, p, n, &st)) != UG_OK)
		return e;
	if (affected != NULL)
		*affected = mysql_stmt_affected_rows(st);
	if (insert_id != NULL)
		*insert_id = mysql_stmt_insert_id(st);
	return UG_OK;
}

enum ug_err
db_select(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    struct db_col *cols, unsigned ncols, struct db_cursor *cur)
{
	MYSQL_BIND	 b[DB_MAX_COLS];
	MYSQL_STMT	*st;
	enum ug_err	 e;
	unsigned	 i;

	cur->db = db;
	cur->stmt = NULL;
	if (ncols > DB_MAX_COLS)
		return UG_EINTERNAL;
	if ((e = run(db, sql, p, n, &st)) != UG_OK)
		return e;
	if (mysql_stmt_field_count(st) != ncols) {
		log_err("database: \"%.60s\" returns %u columns, not %u", sql,
		    mysql_stmt_field_count(st), ncols);
		mysql_stmt_free_result(st);
		return UG_EINTERNAL;
	}
	memset(b, 0, sizeof(b[0]) * ncols);
	for (i = 0; i < ncols; i++) {
		struct db_col *c = &cols[i];

		b[i].is_null = (my_bool *)&c->is_null;
		b[i].error = (my_bool *)&c->trunc;
		b[i].length = &c->len;
		if (c->type == DBT_INT || c->type == DBT_UINT) {
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &c->i;
			b[i].is_unsigned = c->type == DBT_UINT;
		} else {
			b[i].buffer_type = c->type == DBT_BLOB ?
			    MYSQL_TYPE_BLOB : MYSQL_TYPE_STRING;
			b[i].buffer = c->buf;
			b[i].buffer_length = (unsigned long)(c->cap - 1);
		}
	}
	if (mysql_stmt_bind_result(st, b) != 0) {
		e = map_err(db, mysql_stmt_errno(st), "bind_result");
		if (db->m != NULL)
			mysql_stmt_free_result(st);
		return e;
	}
	cur->stmt = st;
	return UG_OK;
}

int
db_fetch(struct db_cursor *cur)
{
	MYSQL_STMT	*st = cur->stmt;
	struct db	*db = cur->db;
	int		 rc;

	if (st == NULL)
		return -1;
	rc = mysql_stmt_fetch(st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		map_err(db, mysql_stmt_errno(st), "fetch");
		/* If the connection survived, leave the statement reusable. */
		if (db->m != NULL)
			mysql_stmt_free_result(st);
		cur->stmt = NULL;
		return -1;
	}
	if (rc == MYSQL_DATA_TRUNCATED) {
		log_err("database: a column is longer than its buffer");
		return -1;
	}
	return 1;
}

void
db_done(struct db_cursor *cur)
{
	MYSQL_STMT	*st = cur->stmt;

	if (st == NULL)
		return;
	/*
	 * Drain what is left of the result so the connection is free for
	 * the next statement.  Not mysql_stmt_reset(): that costs a round
	 * trip (COM_STMT_RESET) and is only needed for long data or cursors,
	 * which usergate does not use.
	 */
	mysql_stmt_free_result(st);
	cur->stmt = NULL;
}

enum ug_err
db_select_one(struct db *db, const char *sql, const struct db_val *p,
    unsigned n, struct db_col *cols, unsigned ncols, int *found)
{
	struct db_cursor	 cur;
	enum ug_err		 e;
	unsigned		 i;
	int			 rc;

	*found = 0;
	if ((e = db_select(db, sql, p, n, cols, ncols, &cur)) != UG_OK)
		return e;
	rc = db_fetch(&cur);
	db_done(&cur);
	if (rc < 0)
		return UG_EDB;
	if (rc == 1) {
		*found = 1;
		for (i = 0; i < ncols; i++)
			if (cols[i].buf != NULL)
				cols[i].buf[cols[i].is_null ? 0 : cols[i].len] = '\0';
	}
	return UG_OK;
}

enum ug_err
db_begin(struct db *db)
{
	enum ug_err	 e;

	if ((e = db_connect(db)) != UG_OK)
		return e;
	if (mysql_autocommit(db->m, 0) != 0) {
		/* A stale connection: one fresh try, as run() does. */
		map_err(db, mysql_errno(db->m), "begin");
		if ((e = db_connect(db)) != UG_OK)
			return e;
		if (mysql_autocommit(db->m, 0) != 0)
			return map_err(db, mysql_errno(db->m), "begin");
	}
	db->in_tx = 1;
	return UG_OK;
}

enum ug_err
db_commit(struct db *db)
{
	enum ug_err	 e = UG_OK;

	if (db->m == NULL)
		return UG_EDB;
	if (mysql_commit(db->m) != 0) {
		e = map_err(db, mysql_errno(db->m), "commit");
		if (db->m != NULL)
			mysql_rollback(db->m);
	}
	if (db->m != NULL)
		mysql_autocommit(db->m, 1);
	db->in_tx = 0;
	return e;
}

void
db_rollback(struct db *db)
{
	if (db->m != NULL) {
		mysql_rollback(db->m);
		mysql_autocommit(db->m, 1);
	}
	db->in_tx = 0;
}

enum ug_err
db_exec_script(struct db *db, const char *sql, size_t len)
{
	const char	*p = sql, *end = sql + len, *semi;
	enum ug_err	 e;

	if ((e = db_connect(db)) != UG_OK)
		return e;
	while (p < end) {
		/* A statement ends with ';' at the end of a line. */
		semi = p;
		for (;;) {
			semi = memchr(semi, ';', (size_t)(end - semi));
			if (semi == NULL || semi + 1 == end || semi[1] == '\n')
				break;
			semi++;
		}
		if (semi == NULL)
			semi = end;
		/* Skip blank space and "--" comment lines before it. */
		for (;;) {
			while (p < semi && (*p == ' ' || *p == '\n' ||
			    *p == '\t' || *p == '\r'))
				p++;
			if (semi - p < 2 || p[0] != '-' || p[1] != '-')
				break;
			while (p < semi && *p != '\n')
				p++;
		}
		if (p < semi && mysql_real_query(db->m, p,
		    (unsigned long)(semi - p)) != 0) {
			log_err("database: migration statement \"%.80s\": %s", p,
			    mysql_error(db->m));
			return UG_EDB;
		}
		p = semi < end ? semi + 1 : end;
	}
	return UG_OK;
}
