#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "log.h"

#define DB_STMT_CACHE	96
#define DB_MAX_PARAMS	64
#define DB_MAX_COLS	40
/* Tries of a transaction the server aborted for a conflict. */
#define DB_TX_TRIES	5

struct stmt_slot {
	const char	*sql;
	MYSQL_STMT	*st;
};

struct db {
	const struct config	*cfg;
	MYSQL			*m;
	int			 in_tx;
	int			 tx_lost;	/* the connection died in one */
	unsigned		 last_err;	/* the server's last error */
	struct stmt_slot	 cache[DB_STMT_CACHE];
	unsigned		 ncache;
	unsigned		 evict;		/* next slot to reuse when full */
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
	/*
	 * A transaction that loses its connection is over: nothing more of
	 * it may run, in autocommit on a new connection least of all, until
	 * the caller rolls back.
	 */
	if (db->in_tx)
		db->tx_lost = 1;
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

enum db_errclass
db_err_class(unsigned err)
{
	switch (err) {
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_CONN_HOST_ERROR:
	case CR_CONNECTION_ERROR:
	case CR_SERVER_LOST_EXTENDED:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
		return DBE_LOST;
	case ER_DUP_ENTRY:
		return DBE_DUP;
	/*
	 * InnoDB's deadlock and lock wait timeout, and Galera's
	 * certification failure (reported as a deadlock): the transaction
	 * did not happen and may simply be run again.
	 */
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		return DBE_CONFLICT;
	case CR_COMMANDS_OUT_OF_SYNC:
		return DBE_BUG;
	}
	return DBE_OTHER;
}

int
db_may_repeat(unsigned err, enum db_stage stage, int idempotent, int in_tx)
{
	if (in_tx || db_err_class(err) != DBE_LOST)
		return 0;
	/*
	 * Before execution nothing reached the server.  After it, a lost
	 * connection (2013 is also the read timeout) says nothing about
	 * whether the statement ran: only a read may run twice.
	 */
	return stage != DB_STAGE_EXECUTE || idempotent;
}

/*
 * 1 if the server has closed an idle connection (a restart, a kill,
 * wait_timeout): its socket is readable although no answer is due.
 * Found before a write is sent, so that no write is ever sent into a
 * dead connection and has to be guessed about afterwards.  A read needs
 * no such look (a poll each, two on every list): run() repeats it on a
 * fresh connection if the old one turns out dead.
 */
static int
conn_stale(struct db *db)
{
	struct pollfd	 pfd;

	pfd.fd = (int)mysql_get_socket(db->m);
	pfd.events = POLLIN | POLLRDHUP;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return 1;
	return poll(&pfd, 1, 0) != 0;
}

static enum ug_err
map_err(struct db *db, MYSQL_STMT *st, unsigned err, const char *what)
{
	enum db_errclass	 cl = db_err_class(err);

	db->last_err = err;
	if (cl == DBE_DUP)
		return UG_EEXISTS;
	log_err("database: %s: %s (%u)", what, st != NULL ?
	    mysql_stmt_error(st) : db->m != NULL ? mysql_error(db->m) :
	    "no connection", err);
	if (cl == DBE_LOST || cl == DBE_BUG)
		db_disconnect(db);
	/* Out of sync is a usergate bug: reported, never retried. */
	return cl == DBE_BUG ? UG_EINTERNAL : UG_EDB;
}

enum ug_err
db_connect(struct db *db)
{
	const struct config	*c = db->cfg;
	unsigned int		 ct = (unsigned)c->db_connect_timeout;
	unsigned int		 rt = (unsigned)c->db_read_timeout;
	unsigned int		 wt = (unsigned)c->db_write_timeout;
	/*
	 * Under Galera a read waits until the node has applied what the
	 * cluster committed before it (wsrep_sync_wait = 1): a request that
	 * follows a login on another node finds its session.
	 */
	const char		*init = c->db_galera ?
	    "SET time_zone = '+00:00', wsrep_sync_wait = 1, "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'" :
	    "SET time_zone = '+00:00', "
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
		return map_err(db, NULL, mysql_errno(db->m), "ping");
	return UG_OK;
}

/*
 * The cached statement for sql, preparing it on first use; with
 * check_stale, on a connection known to be alive (conn_stale).  When
 * the cache is full the oldest entry makes room, round robin: a worker
 * never ends up refusing statements for the rest of its life.
 */
static enum ug_err
stmt_get(struct db *db, const char *sql, int check_stale, MYSQL_STMT **out)
{
	MYSQL_STMT	*st;
	unsigned	 i, err, slot;
	enum ug_err	 e;

	if (check_stale && db->m != NULL && !db->in_tx && conn_stale(db)) {
		log_warn("database: the server closed an idle connection; "
		    "reconnecting");
		db_disconnect(db);
	}
	if ((e = db_connect(db)) != UG_OK)
		return e;
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			*out = db->cache[i].st;
			return UG_OK;
		}
	if ((st = mysql_stmt_init(db->m)) == NULL)
		return map_err(db, NULL, mysql_errno(db->m), "stmt_init");
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		err = mysql_stmt_errno(st);
		db->last_err = err;
		log_err("database: prepare \"%.60s\": %s", sql,
		    mysql_stmt_error(st));
		mysql_stmt_close(st);
		if (db_err_class(err) == DBE_LOST)
			db_disconnect(db);
		return UG_EDB;
	}
	if (db->ncache < DB_STMT_CACHE)
		slot = db->ncache++;
	else {
		slot = db->evict;
		db->evict = (db->evict + 1) % DB_STMT_CACHE;
		mysql_stmt_close(db->cache[slot].st);
	}
	db->cache[slot].sql = sql;
	db->cache[slot].st = st;
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
 * A statement that lost its connection after it was sent may still be
 * running on the server: a write waiting for a lock goes on after the
 * client has given up (the read timeout) and then commits.  Kill that
 * server thread from a fresh connection, so that the outage answered
 * is what happened.  Best effort: the statement may have finished.
 */
static void
kill_orphan(struct db *db, unsigned long thread)
{
	static const char	*sql = "KILL CONNECTION ?";
	MYSQL_BIND		 b[1];
	MYSQL_STMT		*st;
	long long		 id = (long long)thread;

	if (thread == 0 || db_connect(db) != UG_OK || stmt_get(db, sql, 0, &st)
	    != UG_OK)
		return;
	memset(b, 0, sizeof(b));
	b[0].buffer_type = MYSQL_TYPE_LONGLONG;
	b[0].buffer = &id;
	b[0].is_unsigned = 1;
	if (mysql_stmt_bind_param(st, b) == 0 && mysql_stmt_execute(st) == 0)
		log_warn("database: killed the server's thread %lu of a lost "
		    "statement", thread);
}

/*
 * Prepares (from cache), binds and executes.  What may run again on a
 * fresh connection is decided by db_may_repeat(): anything that never
 * reached the server, and reads; never a write that was sent, never
 * anything inside a transaction.
 */
static enum ug_err
run(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    int idempotent, MYSQL_STMT **out)
{
	MYSQL_BIND	 b[DB_MAX_PARAMS];
	MYSQL_STMT	*st = NULL;
	unsigned long	 thread;
	enum ug_err	 e;
	unsigned	 err;
	int		 attempt;

	if (n > DB_MAX_PARAMS)
		return UG_EINTERNAL;
	if (db->tx_lost)
		return UG_EDB;
	for (attempt = 0; attempt < 2; attempt++) {
		if ((e = stmt_get(db, sql, !idempotent, &st)) != UG_OK) {
			if (e == UG_EDB && db->m == NULL && attempt == 0 &&
			    db_may_repeat(db->last_err, DB_STAGE_PREPARE,
			    idempotent, db->in_tx))
				continue;
			return e;
		}
		if (mysql_stmt_param_count(st) != n) {
			log_err("database: \"%.60s\" takes %lu parameters, "
			    "not %u (a usergate bug)", sql,
			    mysql_stmt_param_count(st), n);
			return UG_EINTERNAL;
		}
		bind_params(b, p, n);
		if (mysql_stmt_bind_param(st, b) != 0)
			return map_err(db, st, mysql_stmt_errno(st), "bind");
		if (mysql_stmt_execute(st) == 0) {
			*out = st;
			return UG_OK;
		}
		err = mysql_stmt_errno(st);
		if (db_err_class(err) != DBE_LOST)
			return map_err(db, st, err, "execute");
		thread = mysql_thread_id(db->m);
		e = map_err(db, st, err, "execute");	/* disconnects */
		if (err == CR_SERVER_LOST)
			kill_orphan(db, thread);
		if (attempt > 0 || !db_may_repeat(err, DB_STAGE_EXECUTE,
		    idempotent, db->in_tx))
			return e;
		log_warn("database: connection lost (%u), running a read again",
		    err);
		/* The failed transaction, if any, is gone with the connection. */
	}
	return UG_EDB;
}

enum ug_err
db_exec(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    uint64_t *affected, uint64_t *insert_id)
{
	MYSQL_STMT	*st;
	enum ug_err	 e;

	if ((e = run(db, sql, p, n, 0, &st)) != UG_OK)
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
	cur->cols = cols;
	cur->ncols = ncols;
	if (ncols > DB_MAX_COLS)
		return UG_EINTERNAL;
	/* A read (a SELECT ... FOR UPDATE runs in a transaction, never twice). */
	if ((e = run(db, sql, p, n, 1, &st)) != UG_OK)
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
		e = map_err(db, st, mysql_stmt_errno(st), "bind_result");
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
	unsigned	 i;
	int		 rc;

	if (st == NULL)
		return -1;
	rc = mysql_stmt_fetch(st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		map_err(db, st, mysql_stmt_errno(st), "fetch");
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
	/*
	 * Connector/C writes a NUL only when the value is shorter than the
	 * buffer; a value of exactly cap - 1 bytes would be left open.
	 */
	for (i = 0; i < cur->ncols; i++)
		if (cur->cols[i].buf != NULL)
			cur->cols[i].buf[cur->cols[i].is_null ? 0 :
			    cur->cols[i].len] = '\0';
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
db_each(struct db *db, const char *sql, const struct db_val *p, unsigned n,
    struct db_col *cols, unsigned ncols,
    int (*fn)(void *, const struct db_col *), void *arg)
{
	struct db_cursor	 cur;
	enum ug_err		 e;
	int			 rc;

	if ((e = db_select(db, sql, p, n, cols, ncols, &cur)) != UG_OK)
		return e;
	while ((rc = db_fetch(&cur)) == 1)
		if (fn(arg, cols) == -1) {
			rc = -2;
			break;
		}
	db_done(&cur);
	if (rc == -1)
		return UG_EDB;
	return rc == -2 ? UG_EINTERNAL : UG_OK;
}

enum ug_err
db_select_one(struct db *db, const char *sql, const struct db_val *p,
    unsigned n, struct db_col *cols, unsigned ncols, int *found)
{
	struct db_cursor	 cur;
	enum ug_err		 e;
	int			 rc;

	*found = 0;
	if ((e = db_select(db, sql, p, n, cols, ncols, &cur)) != UG_OK)
		return e;
	rc = db_fetch(&cur);
	db_done(&cur);
	if (rc < 0)
		return UG_EDB;
	*found = rc == 1;
	return UG_OK;
}

enum ug_err
db_begin(struct db *db)
{
	static const char	 begin[] = "START TRANSACTION";
	enum ug_err		 e;

	db->tx_lost = 0;
	if (db->m != NULL && conn_stale(db))
		db_disconnect(db);
	if ((e = db_connect(db)) != UG_OK)
		return e;
	/*
	 * START TRANSACTION, and COMMIT or ROLLBACK end it: the connection
	 * stays in autocommit, so a transaction is one round trip shorter
	 * than with SET autocommit = 0 before and = 1 after.
	 */
	if (mysql_real_query(db->m, begin, sizeof(begin) - 1) != 0) {
		/* Nothing of the transaction was sent: one fresh try. */
		map_err(db, NULL, mysql_errno(db->m), "begin");
		if ((e = db_connect(db)) != UG_OK)
			return e;
		if (mysql_real_query(db->m, begin, sizeof(begin) - 1) != 0)
			return map_err(db, NULL, mysql_errno(db->m), "begin");
	}
	db->in_tx = 1;
	return UG_OK;
}

enum ug_err
db_commit(struct db *db)
{
	enum ug_err	 e = UG_OK;

	if (db->tx_lost || db->m == NULL) {
		db->tx_lost = 0;
		return UG_EDB;
	}
	if (mysql_commit(db->m) != 0) {
		e = map_err(db, NULL, mysql_errno(db->m), "commit");
		if (db->m != NULL)
			mysql_rollback(db->m);
	}
	db->in_tx = 0;
	return e;
}

void
db_rollback(struct db *db)
{
	if (db->m != NULL)
		mysql_rollback(db->m);
	db->in_tx = 0;
	db->tx_lost = 0;
}

/* A pause of a few milliseconds, longer each try, never in step. */
static void
tx_backoff(int attempt)
{
	struct timespec	 ts;
	unsigned	 r = 0;

	(void)getrandom(&r, sizeof(r), GRND_NONBLOCK);
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(1 + r % (5u << attempt)) * 1000000L;
	nanosleep(&ts, NULL);
}

enum ug_err
db_tx(struct db *db, db_tx_fn fn, void *arg)
{
	enum ug_err	 e;
	int		 attempt;

	for (attempt = 0; attempt < DB_TX_TRIES; attempt++) {
		db->last_err = 0;
		if ((e = db_begin(db)) != UG_OK)
			return e;
		if ((e = fn(db, arg)) == UG_OK)
			e = db_commit(db);
		else
			db_rollback(db);
		if (e != UG_EDB || db_err_class(db->last_err) != DBE_CONFLICT)
			return e;
		log_info("database: transaction aborted for a conflict (%u), "
		    "try %d of %d", db->last_err, attempt + 1, DB_TX_TRIES);
		tx_backoff(attempt);
	}
	return UG_EDB;
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
