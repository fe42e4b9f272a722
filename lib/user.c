#include <string.h>
#include <sys/random.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "session.h"
#include "text.h"
#include "user.h"

#define FAIL_BY_NAME	1
#define FAIL_BY_ADDR	2

enum ug_err
user_name_check(const struct config *cfg, const char *s, size_t len)
{
	if (s == NULL || len == 0 || len > USERNAME_MAX_BYTES)
		return UG_EINVAL;
	/* Invisible characters and blanks at the ends make look-alike
	 * names. */
	if (!text_name_ok(s, len))
		return UG_EINVAL;
	if (utf8_chars(s, len) > (size_t)cfg->max_username)
		return UG_EINVAL;
	return UG_OK;
}

/* Counts of recent failures for this name and this address. */
static enum ug_err
fail_counts(struct db *db, const struct config *cfg, struct ustr name,
    const char *addr, long long *by_name, long long *by_addr)
{
	static const char	*sql =
	    "SELECT kind, count FROM login_failures WHERE "
	    "((kind = 1 AND subject = ?) OR (kind = 2 AND subject = ?)) "
	    "AND window_start > NOW(3) - INTERVAL ? SECOND";
	struct db_val		 p[3];
	struct db_col		 c[2] = { DB_COL_INT(), DB_COL_INT() };
	struct db_cursor	 cur;
	enum ug_err		 e;
	int			 rc;

	*by_name = *by_addr = 0;
	p[0] = DB_STR(name.s, name.len);
	p[1] = DB_CSTR(addr ? addr : "");
	p[2] = DB_INT(cfg->login_fail_window);
	if ((e = db_select(db, sql, p, 3, c, 2, &cur)) != UG_OK)
		return e;
	while ((rc = db_fetch(&cur)) == 1) {
		if (c[0].i == FAIL_BY_NAME)
			*by_name = c[1].i;
		else
			*by_addr = c[1].i;
	}
	db_done(&cur);
	return rc < 0 ? UG_EDB : UG_OK;
}

/* Counts one failure against the name and the address. */
static void
fail_record(struct db *db, const struct config *cfg, struct ustr name,
    const char *addr)
{
	/* A window that has run out starts again at 1. */
	static const char	*sql =
	    "INSERT INTO login_failures (kind, subject, window_start, count) "
	    "VALUES (?, ?, NOW(3), 1) ON DUPLICATE KEY UPDATE "
	    "count = IF(window_start < NOW(3) - INTERVAL ? SECOND, 1, count + 1), "
	    "window_start = IF(count = 1, NOW(3), window_start)";
	static const char	*sql_gc =
	    "DELETE FROM login_failures WHERE "
	    "window_start < NOW(3) - INTERVAL ? SECOND LIMIT 1000";
	struct db_val		 p[3];
	unsigned		 r = 1;

	p[0] = DB_INT(FAIL_BY_NAME);
	p[1] = DB_STR(name.s, name.len);
	p[2] = DB_INT(cfg->login_fail_window);
	(void)db_exec(db, sql, p, 3, NULL, NULL);
	if (addr != NULL && addr[0] != '\0') {
		p[0] = DB_INT(FAIL_BY_ADDR);
		p[1] = DB_CSTR(addr);
		(void)db_exec(db, sql, p, 3, NULL, NULL);
	}
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r) &&
	    r % 64 == 0) {
		p[0] = DB_INT(cfg->login_fail_window);
		(void)db_exec(db, sql_gc, p, 1, NULL, NULL);
	}
}

enum ug_err
user_login(struct db *db, const struct config *cfg, const struct login_req *rq,
    struct login_res *res)
{
	static const char	*sql_get =
	    "SELECT u.id, u.password_hash, u.role_id, r.level, u.disabled, "
	    "u.locked FROM users u JOIN roles r ON r.role_id = u.role_id "
	    "WHERE u.username = ?";
	static const char	*sql_ok =
	    "UPDATE users SET count = count + ?, "
	    "password_hash = COALESCE(?, password_hash) WHERE id = ?";
	static const char	*sql_clear =
	    "DELETE FROM login_failures WHERE kind = 1 AND subject = ?";
	char			 hash[PASSWORD_HASH_MAX], newhash[PASSWORD_HASH_MAX];
	struct db_val		 p[3];
	struct db_col		 c[6] = { DB_COL_INT(), DB_COL_STR(hash),
				    DB_COL_INT(), DB_COL_INT(), DB_COL_INT(),
				    DB_COL_INT() };
	long long		 by_name, by_addr;
	int			 found, ok, rehash;
	enum ug_err		 e;

	memset(res, 0, sizeof(*res));
	/* Nothing that cannot be a user or a password reaches the store. */
	if (user_name_check(cfg, rq->name.s, rq->name.len) != UG_OK ||
	    rq->password.s == NULL || rq->password.len == 0 ||
	    rq->password.len > PASSWORD_MAX)
		return UG_EAUTH;

	if ((e = fail_counts(db, cfg, rq->name, rq->client_addr, &by_name,
	    &by_addr)) != UG_OK)
		return e;
	if (by_name >= cfg->login_fail_user || by_addr >= cfg->login_fail_addr) {
		log_info("login throttled for a name or address (%s)",
		    rq->client_addr ? rq->client_addr : "-");
		return UG_EAUTH;
	}

	p[0] = DB_STR(rq->name.s, rq->name.len);
	if ((e = db_select_one(db, sql_get, p, 1, c, 6, &found)) != UG_OK)
		return e;
	/* The same hashing work whether or not the user exists. */
	if ((e = password_verify(rq->password.s, rq->password.len,
	    found ? hash : NULL, &ok)) != UG_OK)
		return e;
	if (!found || !ok || c[4].i != 0 || c[5].i != 0) {
		fail_record(db, cfg, rq->name, rq->client_addr);
		return UG_EAUTH;
	}
	if (c[3].i < rq->min_level)
		return UG_EAUTH;

	res->id = (uint64_t)c[0].i;
	res->role_id = (int)c[2].i;
	res->level = (int)c[3].i;

	/* Upgrade a hash made under an older policy, now that we have it. */
	rehash = password_needs_rehash(hash) &&
	    password_hash(rq->password.s, rq->password.len, newhash) == UG_OK;
	if (rq->count || rehash) {
		p[0] = DB_INT(rq->count ? 1 : 0);
		p[1] = rehash ? DB_CSTR(newhash) : DB_NULL();
		p[2] = DB_UINT(res->id);
		if ((e = db_exec(db, sql_ok, p, 3, NULL, NULL)) != UG_OK)
			return e;
	}
	if (by_name > 0) {
		p[0] = DB_STR(rq->name.s, rq->name.len);
		(void)db_exec(db, sql_clear, p, 1, NULL, NULL);
	}
	if (rq->session)
		return session_create(db, cfg, res->id, rq->client_addr,
		    res->token);
	return UG_OK;
}

/* The level of a role, or UG_EINVAL if there is no such role. */
static enum ug_err
role_level(struct db *db, int role_id, int *level)
{
	static const char	*sql = "SELECT level FROM roles WHERE role_id = ?";
	struct db_val		 p[1] = { DB_INT(role_id) };
	struct db_col		 c[1] = { DB_COL_INT() };
	enum ug_err		 e;
	int			 found;

	if (role_id < 0)
		return UG_EINVAL;
	if ((e = db_select_one(db, sql, p, 1, c, 1, &found)) != UG_OK)
		return e;
	if (!found)
		return UG_EINVAL;
	*level = (int)c[0].i;
	return UG_OK;
}

enum ug_err
user_create(struct db *db, const struct config *cfg, const struct actor *a,
    const struct user_new *u, uint64_t *id)
{
	static const char	*sql =
	    "INSERT INTO users (username, password_hash, role_id) "
	    "VALUES (?, ?, ?)";
	char			 hash[PASSWORD_HASH_MAX];
	struct db_val		 p[3];
	enum ug_err		 e;
	int			 level;

	if ((e = user_name_check(cfg, u->name.s, u->name.len)) != UG_OK)
		return e;
	if (u->password.s == NULL || u->password.len == 0 ||
	    u->password.len > PASSWORD_MAX ||
	    memchr(u->password.s, '\0', u->password.len) != NULL)
		return UG_EINVAL;
	if ((e = role_level(db, u->role_id, &level)) != UG_OK)
		return e;
	if ((e = authz_check(a, AUTHZ_CREATE, 0, level)) != UG_OK)
		return e;
	/* Hash only once the request is known to be allowed. */
	if ((e = password_hash(u->password.s, u->password.len, hash)) != UG_OK)
		return e;
	p[0] = DB_STR(u->name.s, u->name.len);
	p[1] = DB_CSTR(hash);
	p[2] = DB_INT(u->role_id);
	return db_exec(db, sql, p, 3, NULL, id);
}

struct target {
	uint64_t	 id;
	int		 level;
	int		 role_id;
};

/* Looks up the user ref names; FOR UPDATE inside a transaction. */
static enum ug_err
target_get(struct db *db, const struct user_ref *ref, int lock,
    struct target *t)
{
	static const char	*by_name =
	    "SELECT u.id, u.role_id, r.level FROM users u "
	    "JOIN roles r ON r.role_id = u.role_id WHERE u.username = ?";
	static const char	*by_name_lock =
	    "SELECT u.id, u.role_id, r.level FROM users u "
	    "JOIN roles r ON r.role_id = u.role_id WHERE u.username = ? "
	    "FOR UPDATE";
	static const char	*by_id =
	    "SELECT u.id, u.role_id, r.level FROM users u "
	    "JOIN roles r ON r.role_id = u.role_id WHERE u.id = ?";
	static const char	*by_id_lock =
	    "SELECT u.id, u.role_id, r.level FROM users u "
	    "JOIN roles r ON r.role_id = u.role_id WHERE u.id = ? FOR UPDATE";
	struct db_val		 p[1];
	struct db_col		 c[3] = { DB_COL_INT(), DB_COL_INT(),
				    DB_COL_INT() };
	const char		*sql;
	enum ug_err		 e;
	int			 found;

	if (ref->name.s != NULL) {
		p[0] = DB_STR(ref->name.s, ref->name.len);
		sql = lock ? by_name_lock : by_name;
	} else {
		p[0] = DB_UINT(ref->id);
		sql = lock ? by_id_lock : by_id;
	}
	if ((e = db_select_one(db, sql, p, 1, c, 3, &found)) != UG_OK)
		return e;
	if (!found)
		return UG_ENOTFOUND;
	t->id = (uint64_t)c[0].i;
	t->role_id = (int)c[1].i;
	t->level = (int)c[2].i;
	return UG_OK;
}

/* UG_EDENIED if t is the last super admin that could still log in. */
static enum ug_err
not_last_super(struct db *db, const struct target *t)
{
	static const char	*sql =
	    "SELECT COUNT(*) FROM users WHERE role_id = 1 AND id <> ? "
	    "AND disabled = 0 AND locked = 0 FOR UPDATE";
	struct db_val		 p[1] = { DB_UINT(t->id) };
	struct db_col		 c[1] = { DB_COL_INT() };
	enum ug_err		 e;
	int			 found;

	if (t->role_id != ROLE_SUPER)
		return UG_OK;
	if ((e = db_select_one(db, sql, p, 1, c, 1, &found)) != UG_OK)
		return e;
	return found && c[0].i > 0 ? UG_OK : UG_EDENIED;
}

/* Every rule for changing t as ch asks; new_level is the new role's. */
static enum ug_err
change_allowed(const struct actor *a, const struct target *t,
    const struct user_change *ch, int new_level)
{
	enum ug_err	 e;

	if ((e = authz_check(a, AUTHZ_CHANGE, t->id, t->level)) != UG_OK)
		return e;
	if (ch->locked == 1 &&
	    (e = authz_check(a, AUTHZ_LOCK, t->id, t->level)) != UG_OK)
		return e;
	if (ch->role_id >= 0 && ch->role_id != t->role_id) {
		if (new_level < t->level &&
		    (e = authz_check(a, AUTHZ_DEMOTE, t->id, t->level)) != UG_OK)
			return e;
		/* Nobody hands out a level they could not create. */
		if ((e = authz_check(a, AUTHZ_CREATE, 0, new_level)) != UG_OK)
			return e;
	}
	return UG_OK;
}

enum ug_err
user_update(struct db *db, const struct config *cfg, const struct actor *a,
    const struct user_ref *ref, const struct user_change *ch)
{
	static const char	*sql =
	    "UPDATE users SET password_hash = COALESCE(?, password_hash), "
	    "role_id = COALESCE(?, role_id), locked = COALESCE(?, locked) "
	    "WHERE id = ?";
	char			 hash[PASSWORD_HASH_MAX];
	struct db_val		 p[4];
	struct target		 t, t2;
	enum ug_err		 e;
	int			 new_level = 0, role_changes;

	if (ch->password.s != NULL && (ch->password.len == 0 ||
	    ch->password.len > PASSWORD_MAX ||
	    memchr(ch->password.s, '\0', ch->password.len) != NULL))
		return UG_EINVAL;
	if (ch->role_id >= 0 &&
	    (e = role_level(db, ch->role_id, &new_level)) != UG_OK)
		return e;
	if ((e = target_get(db, ref, 0, &t)) != UG_OK)
		return e;
	if ((e = change_allowed(a, &t, ch, new_level)) != UG_OK)
		return e;
	if (ch->password.s == NULL && ch->locked < 0 && (ch->role_id < 0 ||
	    ch->role_id == t.role_id))
		return UG_OK;		/* nothing to write */
	/* Hash outside the transaction: no row stays locked for it. */
	if (ch->password.s != NULL && (e = password_hash(ch->password.s,
	    ch->password.len, hash)) != UG_OK)
		return e;

	if ((e = db_begin(db)) != UG_OK)
		return e;
	if ((e = target_get(db, ref, 1, &t2)) != UG_OK)
		goto fail;
	if (t2.id != t.id || t2.level != t.level) {
		e = UG_ENOTFOUND;	/* changed under us: treat as gone */
		goto fail;
	}
	role_changes = ch->role_id >= 0 && ch->role_id != t.role_id;
	/* The last super admin who can log in stays one, and unlocked. */
	if (((role_changes && new_level < t.level) || ch->locked == 1) &&
	    (e = not_last_super(db, &t2)) != UG_OK)
		goto fail;
	p[0] = ch->password.s != NULL ? DB_CSTR(hash) : DB_NULL();
	p[1] = ch->role_id >= 0 ? DB_INT(ch->role_id) : DB_NULL();
	p[2] = ch->locked >= 0 ? DB_INT(ch->locked) : DB_NULL();
	p[3] = DB_UINT(t.id);
	if ((e = db_exec(db, sql, p, 4, NULL, NULL)) != UG_OK)
		goto fail;
	if ((ch->password.s != NULL || role_changes || ch->locked == 1) &&
	    (e = session_revoke_user(db, t.id)) != UG_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum ug_err
user_role_of(struct db *db, const struct user_ref *ref, int *role_id,
    int *level)
{
	struct target	 t;
	enum ug_err	 e;

	if ((e = target_get(db, ref, 0, &t)) != UG_OK)
		return e;
	*role_id = t.role_id;
	*level = t.level;
	return UG_OK;
}

enum ug_err
user_delete(struct db *db, const struct actor *a, const struct user_ref *ref)
{
	static const char	*sql = "DELETE FROM users WHERE id = ?";
	struct db_val		 p[1];
	struct target		 t;
	enum ug_err		 e;

	if ((e = db_begin(db)) != UG_OK)
		return e;
	if ((e = target_get(db, ref, 1, &t)) != UG_OK)
		goto fail;
	if ((e = authz_check(a, AUTHZ_DELETE, t.id, t.level)) != UG_OK)
		goto fail;
	if ((e = not_last_super(db, &t)) != UG_OK)
		goto fail;
	/* Sessions go with the user (ON DELETE CASCADE). */
	p[0] = DB_UINT(t.id);
	if ((e = db_exec(db, sql, p, 1, NULL, NULL)) != UG_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum ug_err
user_list_brief(struct db *db, int (*fn)(void *, const struct user_brief *),
    void *arg)
{
	/*
	 * STRAIGHT_JOIN: left to itself the optimiser drives from the small
	 * roles table and then sorts every user through a temporary table;
	 * users first, in primary-key order, streams with no sort at all.
	 */
	static const char	*sql =
	    "SELECT u.id, u.username, u.wechat_name, u.role_id, r.level "
	    "FROM users u STRAIGHT_JOIN roles r ON r.role_id = u.role_id "
	    "ORDER BY u.id";
	char			 name[USERNAME_MAX_BYTES + 1];
	char			 wname[WECHAT_NAME_MAX * 4 + 1];
	struct db_col		 c[5] = { DB_COL_INT(), DB_COL_STR(name),
				    DB_COL_STR(wname), DB_COL_INT(),
				    DB_COL_INT() };
	struct db_cursor	 cur;
	struct user_brief	 b;
	enum ug_err		 e;
	int			 rc;

	if ((e = db_select(db, sql, NULL, 0, c, 5, &cur)) != UG_OK)
		return e;
	while ((rc = db_fetch(&cur)) == 1) {
		b.id = (uint64_t)c[0].i;
		b.username = name;
		b.username_len = c[1].len;
		b.wechat_name = c[2].is_null ? NULL : wname;
		b.wechat_name_len = c[2].is_null ? 0 : c[2].len;
		b.role_id = (int)c[3].i;
		b.level = (int)c[4].i;
		if (fn(arg, &b) == -1) {
			rc = -2;
			break;
		}
	}
	db_done(&cur);
	if (rc == -1)
		return UG_EDB;
	return rc == -2 ? UG_EINTERNAL : UG_OK;
}

static int
openid_ok(const char *s, size_t len)
{
	return s != NULL && len > 0 && len <= OPENID_MAX && !text_unsafe(s, len);
}

enum ug_err
user_openid_exists(struct db *db, const char *s, size_t len, int *exists)
{
	static const char	*sql = "SELECT 1 FROM users WHERE openid = ?";
	struct db_val		 p[1];
	struct db_col		 c[1] = { DB_COL_INT() };

	*exists = 0;
	if (!openid_ok(s, len))
		return UG_EINVAL;
	p[0] = DB_STR(s, len);
	return db_select_one(db, sql, p, 1, c, 1, exists);
}

enum ug_err
user_bind_openid(struct db *db, uint64_t id, struct ustr openid,
    struct ustr wname)
{
	static const char	*sql_take =
	    "UPDATE users SET openid = NULL WHERE openid = ? AND id <> ?";
	static const char	*sql_give =
	    "UPDATE users SET openid = ?, wechat_name = COALESCE(?, wechat_name) "
	    "WHERE id = ?";
	struct db_val		 p[3];
	enum ug_err		 e;

	if (!openid_ok(openid.s, openid.len))
		return UG_EINVAL;
	if (wname.s != NULL && (utf8_chars(wname.s, wname.len) >
	    WECHAT_NAME_MAX || text_unsafe(wname.s, wname.len)))
		return UG_EINVAL;
	if ((e = db_begin(db)) != UG_OK)
		return e;
	p[0] = DB_STR(openid.s, openid.len);
	p[1] = DB_UINT(id);
	if ((e = db_exec(db, sql_take, p, 2, NULL, NULL)) != UG_OK)
		goto fail;
	p[1] = DB_OSTR(wname.s, wname.len);
	p[2] = DB_UINT(id);
	if ((e = db_exec(db, sql_give, p, 3, NULL, NULL)) != UG_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}
