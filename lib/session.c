#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "config.h"
#include "db.h"
#include "session.h"
#include "token.h"

/* Refresh last_used at most this often: a write per request is waste. */
#define SESSION_TOUCH_EVERY	60

static int
one_in(unsigned n)
{
	unsigned	 r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r))
		return 0;
	return r % n == 0;
}

/* Expired rows are swept now and then by the logins that add rows. */
static void
session_gc(struct db *db)
{
	static const char	*sql =
	    "DELETE FROM sessions WHERE expires < NOW(3) "
	    "ORDER BY expires LIMIT 1000";

	if (one_in(64))
		(void)db_exec(db, sql, NULL, 0, NULL, NULL);
}

enum ug_err
session_issue(struct db *db, const struct config *cfg, uint64_t user_id,
    const char *verified_hash, const char *addr, char *token)
{
	return session_issue_for(db, cfg, user_id, verified_hash, addr, 0, 0,
	    token);
}

enum ug_err
session_issue_for(struct db *db, const struct config *cfg, uint64_t user_id,
    const char *verified_hash, const char *addr, int ttl, int idle,
    char *token)
{
	/*
	 * The row is made only if the hash the caller verified is still
	 * the user's and the user may still log in.  The read of users is
	 * a locking one (INSERT ... SELECT), so a password change, lock or
	 * delete committing meanwhile is either seen here or deletes this
	 * row after it: a login in flight never outlives a revocation.
	 */
	static const char	*sql =
	    "INSERT INTO sessions (token_hash, user_id, created, expires, "
	    "last_used, idle, client_addr) SELECT ?, id, NOW(3), "
	    "NOW(3) + INTERVAL ? SECOND, NOW(3), ?, ? FROM users "
	    "WHERE id = ? AND password_hash = ? AND disabled = 0 AND locked = 0";
	unsigned char		 h[TOKEN_HASH_LEN];
	struct db_val		 p[6];
	uint64_t		 n = 0;
	enum ug_err		 e;

	if (token_new(token) == -1)
		return UG_EINTERNAL;
	token_hash(token, TOKEN_LEN, h);
	p[0] = DB_BLOB(h, sizeof(h));
	p[1] = DB_INT(ttl > 0 ? ttl : cfg->session_ttl);
	/* NULL: the configured idle limit, as it is when the token is used. */
	p[2] = idle == SESSION_NO_IDLE ? DB_INT(0) : idle > 0 ? DB_INT(idle) :
	    DB_NULL();
	p[3] = DB_OSTR(addr, addr ? strlen(addr) : 0);
	p[4] = DB_UINT(user_id);
	p[5] = DB_CSTR(verified_hash);
	if ((e = db_exec(db, sql, p, 6, &n, NULL)) != UG_OK)
		return e;
	if (n != 1) {
		explicit_bzero(token, TOKEN_LEN + 1);
		return UG_EAUTH;
	}
	session_gc(db);
	return UG_OK;
}

enum ug_err
session_check(struct db *db, const struct config *cfg, const char *token,
    size_t len, struct actor *a)
{
	static const char	*sql_get =
	    "SELECT s.user_id, u.role_id, r.level, "
	    "TIMESTAMPDIFF(SECOND, s.last_used, NOW(3)) "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "JOIN roles r ON r.role_id = u.role_id "
	    "WHERE s.token_hash = ? AND s.expires > NOW(3) "
	    "AND (s.idle = 0 OR "
	    "s.last_used > NOW(3) - INTERVAL IFNULL(s.idle, ?) SECOND) "
	    "AND u.disabled = 0 AND u.locked = 0";
	/* Conditional: a burst of requests with one token writes it once. */
	static const char	*sql_touch =
	    "UPDATE sessions SET last_used = NOW(3) WHERE token_hash = ? "
	    "AND last_used < NOW(3) - INTERVAL ? SECOND";
	unsigned char		 h[TOKEN_HASH_LEN];
	struct db_val		 p[2];
	struct db_col		 c[4] = { DB_COL_INT(), DB_COL_INT(),
				    DB_COL_INT(), DB_COL_INT() };
	enum ug_err		 e;
	int			 found;

	if (!token_well_formed(token, len))
		return UG_ETOKEN;
	token_hash(token, len, h);
	p[0] = DB_BLOB(h, sizeof(h));
	p[1] = DB_INT(cfg->session_idle);
	if ((e = db_select_one(db, sql_get, p, 2, c, 4, &found)) != UG_OK)
		return e;
	if (!found)
		return UG_ETOKEN;
	a->id = (uint64_t)c[0].i;
	a->role_id = (int)c[1].i;
	a->level = (int)c[2].i;
	if (c[3].i >= SESSION_TOUCH_EVERY) {
		p[1] = DB_INT(SESSION_TOUCH_EVERY);
		(void)db_exec(db, sql_touch, p, 2, NULL, NULL);
	}
	return UG_OK;
}

enum ug_err
session_revoke(struct db *db, const char *token, size_t len)
{
	static const char	*sql = "DELETE FROM sessions WHERE token_hash = ?";
	unsigned char		 h[TOKEN_HASH_LEN];
	struct db_val		 p[1];

	if (!token_well_formed(token, len))
		return UG_ETOKEN;
	token_hash(token, len, h);
	p[0] = DB_BLOB(h, sizeof(h));
	return db_exec(db, sql, p, 1, NULL, NULL);
}

enum ug_err
session_revoke_user(struct db *db, uint64_t user_id)
{
	static const char	*sql = "DELETE FROM sessions WHERE user_id = ?";
	struct db_val		 p[1] = { DB_UINT(user_id) };

	return db_exec(db, sql, p, 1, NULL, NULL);
}
