/*
 * Unit tests of lib/user.c, lib/session.c and lib/db.c against a real
 * database.  Without USERGATE_CONFIG it skips (plain make check has no
 * database); t/66-store.t runs it with the configuration of a private
 * stack, whose users table it may change at will.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "prehash.h"
#include "proxy.h"
#include "role.h"
#include "session.h"
#include "token.h"
#include "totp.h"
#include "twofactor.h"
#include "user.h"
#include "userrec.h"
#include "tap.h"

static const struct actor	 operator = { 0, 0, LEVEL_OPERATOR };
static struct config		 cfg;
static struct db		*db;

static struct ustr
us(const char *s)
{
	struct ustr	 u = { s, strlen(s) };

	return u;
}

static enum ug_err
add(const char *name, const char *pw, int role, uint64_t *id)
{
	struct user_new	 u = { us(name), us(pw), role };

	return user_create(db, &cfg, &operator, &u, id);
}

static enum ug_err
login(const char *name, const char *pw, int session, struct login_res *res)
{
	struct login_req	 lq;

	memset(&lq, 0, sizeof(lq));
	lq.name = us(name);
	lq.password = us(pw);
	lq.client_addr = "192.0.2.1";
	lq.count = 1;
	lq.session = session;
	return user_login(db, &cfg, &lq, res);
}

static long long
one_int(const char *sql, const struct db_val *p, unsigned n)
{
	struct db_col	 c[1] = { DB_COL_INT() };
	int		 found;

	if (db_select_one(db, sql, p, n, c, 1, &found) != UG_OK || !found)
		return -1;
	return c[0].i;
}

/*
 * Another connection kills the test's own: its id, or -1 if none could
 * be made (the test then stops).
 */
static long long
kill_own_connection(void)
{
	struct db	*other;
	struct db_val	 p[1];
	long long	 me = one_int("SELECT CONNECTION_ID()", NULL, 0);

	ok(me > 0, "the connection's id");
	if ((other = db_new(&cfg)) == NULL)
		return -1;
	p[0] = DB_UINT(me);
	is_int(db_exec(other, "KILL CONNECTION ?", p, 1, NULL, NULL), UG_OK,
	    "another connection kills this one");
	db_free(other);
	return me;
}

/* db_tx: a function that fails after writing leaves nothing behind. */
static enum ug_err
tx_then_fail(struct db *d, void *arg)
{
	static const char	*sql =
	    "UPDATE users SET count = 999 WHERE username = 'txuser'";
	enum ug_err		 e;

	if ((e = db_exec(d, sql, NULL, 0, NULL, NULL)) != UG_OK)
		return e;
	return UG_EDENIED;
}

static void
test_users(void)
{
	struct login_res	 res, res2;
	struct actor		 a;
	struct user_ref		 ref;
	struct user_change	 ch = USER_CHANGE_NONE;
	uint64_t		 sid = 0, aid = 0, uid = 0;
	char			 hash[PASSWORD_HASH_MAX + 1], tok[TOKEN_LEN + 1];
	struct db_val		 p[1];
	struct db_col		 c[1] = { DB_COL_STR(hash) };
	int			 found;

	is_int(add("u_super", "superpw", ROLE_SUPER, &sid), UG_OK,
	    "user_create: a super admin");
	is_int(add("u_admin", "adminpw", ROLE_USER_ADMIN, &aid), UG_OK,
	    "user_create: a user admin");
	is_int(add("u_user", "userpw", ROLE_USER, &uid), UG_OK,
	    "user_create: a general user");
	is_int(add("U_USER", "x", ROLE_USER, NULL), UG_EEXISTS,
	    "user_create: names are unique case-insensitively");
	is_int(add("u_empty", "", ROLE_USER, NULL), UG_EINVAL,
	    "user_create: an empty password is refused");
	is_int(add("u_norole", "x", 12345, NULL), UG_EINVAL,
	    "user_create: an unknown role is refused");
	is_int(add(" u_blank", "x", ROLE_USER, NULL), UG_EINVAL,
	    "user_create: a leading blank is refused");

	/* The hierarchy, with a user admin acting. */
	a.id = aid;
	a.role_id = ROLE_USER_ADMIN;
	a.level = LEVEL_ADMIN;
	{
		struct user_new	 u = { us("u_by_admin"), us("pw"), ROLE_USER_ADMIN };

		is_int(user_create(db, &cfg, &a, &u, NULL), UG_EDENIED,
		    "user_create: a user admin cannot create its own level");
		u.role_id = ROLE_USER;
		is_int(user_create(db, &cfg, &a, &u, NULL), UG_OK,
		    "user_create: a user admin creates a general user");
	}
	ref.name = us("u_super");
	ref.id = 0;
	is_int(user_delete(db, &a, &ref), UG_EDENIED,
	    "user_delete: a user admin cannot delete a super admin");
	ref.name = us("u_admin");
	is_int(user_delete(db, &a, &ref), UG_EDENIED,
	    "user_delete: nobody deletes themselves");

	/* Logins. */
	is_int(login("u_user", "userpw", 0, &res), UG_OK, "user_login: right password");
	is_int((long long)res.id, (long long)uid, "user_login: the user's id");
	ok(!res.has_token, "user_login: no session unless asked");
	is_int(login("u_user", "wrong", 0, &res), UG_EAUTH, "user_login: wrong password");
	ok(!res.locked, "user_login: a wrong password is no lock");
	is_int(login("u_nobody", "x", 0, &res), UG_EAUTH, "user_login: unknown user");
	is_int(login("u_user", "", 0, &res), UG_EAUTH, "user_login: empty password");
	is_int(login("u_user", "userpw", 1, &res), UG_OK, "user_login with a session");
	ok(res.has_token && token_well_formed(res.token, strlen(res.token)),
	    "user_login: a well-formed token");
	is_int(session_check(db, &cfg, res.token, TOKEN_LEN, &a), UG_OK,
	    "session_check: the new token is valid");
	is_int((long long)a.id, (long long)uid, "session_check: it is the user's");
	is_int(a.level, LEVEL_USER, "session_check: at the user's level");
	{
		struct login_req	 lq;

		memset(&lq, 0, sizeof(lq));
		lq.name = us("u_user");
		lq.password = us("userpw");
		lq.session = 1;
		lq.session_min_level = LEVEL_ADMIN;
		is_int(user_login(db, &cfg, &lq, &res2), UG_OK,
		    "user_login: session_min_level above the user ...");
		ok(!res2.has_token, "... logs in without a session");
		lq.min_level = LEVEL_ADMIN;
		is_int(user_login(db, &cfg, &lq, &res2), UG_EAUTH,
		    "user_login: min_level above the user refuses");
	}

	/*
	 * A session's own lifetime (AList's: 48 h, no idle timeout): it
	 * outlives an idle spell that ends one with the global limits.
	 */
	{
		static const char	*sql_idle =
		    "UPDATE sessions SET last_used = NOW(3) - INTERVAL 3 HOUR, "
		    "created = NOW(3) - INTERVAL 3 HOUR WHERE user_id = ?";
		static const char	*sql_ttl =
		    "SELECT TIMESTAMPDIFF(HOUR, created, expires) FROM sessions "
		    "WHERE user_id = ? ORDER BY expires DESC LIMIT 1";
		struct login_req	 lq;
		struct login_res	 r_idle, r_glob;
		struct db_val		 sp[1] = { DB_UINT(uid) };
		struct db_col		 sc[1] = { DB_COL_INT() };

		found = 0;
		memset(&lq, 0, sizeof(lq));
		lq.name = us("u_user");
		lq.password = us("userpw");
		lq.session = 1;
		is_int(user_login(db, &cfg, &lq, &r_glob), UG_OK,
		    "user_login: a session with the global limits");
		lq.session_ttl = 48 * 3600;
		lq.session_idle = SESSION_NO_IDLE;
		is_int(user_login(db, &cfg, &lq, &r_idle), UG_OK,
		    "user_login: a session of 48 h with no idle limit");
		is_int(db_select_one(db, sql_ttl, sp, 1, sc, 1, &found), UG_OK,
		    "session_issue_for: its expiry reads back");
		ok(found && sc[0].i == 48, "session_issue_for: it expires in 48 h");
		is_int(db_exec(db, sql_idle, sp, 1, NULL, NULL), UG_OK,
		    "three idle hours pass");
		is_int(session_check(db, &cfg, r_idle.token, TOKEN_LEN, &a),
		    UG_OK, "session_check: no idle limit, still valid");
		is_int(session_check(db, &cfg, r_glob.token, TOKEN_LEN, &a),
		    UG_ETOKEN, "session_check: the global idle limit ended the other");
		is_int(session_check(db, &cfg, res.token, TOKEN_LEN, &a),
		    UG_ETOKEN, "session_check: and the first one");
		is_int(login("u_user", "userpw", 1, &res), UG_OK,
		    "user_login: a fresh session for the tests below");
	}

	/* D1: a session is issued only against the hash still stored. */
	p[0] = DB_UINT(uid);
	ok(db_select_one(db, "SELECT password_hash FROM users WHERE id = ?",
	    p, 1, c, 1, &found) == UG_OK && found, "read the stored hash");
	is_int(session_issue(db, &cfg, uid, hash, NULL, tok), UG_OK,
	    "session_issue: against the stored hash");
	is_int(session_issue(db, &cfg, uid, "$y$j9T$stale$stale", NULL, tok),
	    UG_EAUTH, "session_issue: against another hash is refused");

	/* A password change revokes every session. */
	ref.name = us("u_user");
	ch.password = us("newpw");
	is_int(user_update(db, &cfg, &operator, &ref, &ch), UG_OK,
	    "user_update: a new password");
	is_int(session_check(db, &cfg, res.token, TOKEN_LEN, &a), UG_ETOKEN,
	    "user_update: the old session is revoked");
	is_int(session_issue(db, &cfg, uid, hash, NULL, tok), UG_EAUTH,
	    "session_issue: the old hash no longer issues");
	is_int(login("u_user", "userpw", 0, &res), UG_EAUTH,
	    "user_login: the old password is refused");
	is_int(login("u_user", "newpw", 1, &res), UG_OK,
	    "user_login: the new password logs in");

	/* A lock revokes too, and an unlock revives nothing. */
	ch = (struct user_change)USER_CHANGE_NONE;
	ch.locked = 1;
	is_int(user_update(db, &cfg, &operator, &ref, &ch), UG_OK, "user_update: lock");
	is_int(session_check(db, &cfg, res.token, TOKEN_LEN, &a), UG_ETOKEN,
	    "lock: the session is revoked");
	is_int(login("u_user", "newpw", 0, &res2), UG_EAUTH, "lock: login refused");
	ok(res2.locked, "lock: the right password learns of the lock");
	is_int(login("u_user", "wrongpw", 0, &res2), UG_EAUTH,
	    "lock: a wrong password is refused");
	ok(!res2.locked, "lock: and learns nothing of it");
	ch.locked = 0;
	is_int(user_update(db, &cfg, &operator, &ref, &ch), UG_OK, "user_update: unlock");
	is_int(session_check(db, &cfg, res.token, TOKEN_LEN, &a), UG_ETOKEN,
	    "unlock: the revoked session stays revoked");
	is_int(session_revoke(db, "nothex", 6), UG_ETOKEN,
	    "session_revoke: a malformed token");

	/* The last super admin. */
	ref.name = us("u_super");
	ch = (struct user_change)USER_CHANGE_NONE;
	ch.role_id = ROLE_USER;
	is_int(user_update(db, &cfg, &operator, &ref, &ch), UG_EDENIED,
	    "user_update: the last super admin is not demoted");
	ch = (struct user_change)USER_CHANGE_NONE;
	ch.locked = 1;
	is_int(user_update(db, &cfg, &operator, &ref, &ch), UG_EDENIED,
	    "user_update: nor locked");
	is_int(user_delete(db, &operator, &ref), UG_EDENIED,
	    "user_delete: nor deleted");
	ref.name = us("u_nobody");
	is_int(user_delete(db, &operator, &ref), UG_ENOTFOUND,
	    "user_delete: an unknown user");
}

static void
test_roles(void)
{
	struct role_row	 r;

	is_int(role_get(db, ROLE_SUPER, &r), UG_OK, "role_get: the super admin");
	is_str(r.code, strlen(r.code), "admin", "role_get: code admin");
	is_str(r.name, strlen(r.name), "\xe8\xb6\x85\xe7\xba\xa7\xe7\xae\xa1"
	    "\xe7\x90\x86\xe5\x91\x98", "role_get: its name");
	ok(r.has_description, "role_get: a description");
	is_str(r.created, strlen(r.created), "", "role_get: created NULL as empty");
	is_int(role_get(db, 4242, &r), UG_ENOTFOUND, "role_get: an unknown role");
}

static int
proxy_seen(void *arg, const struct proxy_row *r)
{
	char	*out = arg;
	size_t	 n = strlen(out);

	snprintf(out + n, 512 - n, "%s:%lld %s %s %s %.19s|", r->ip, r->port,
	    r->httptype, r->address ? r->address : "-", r->spend ? r->spend : "-",
	    r->createtime);
	return 0;
}

static void
test_proxies(void)
{
	struct proxy_in		 p;
	struct ug_detail	 d;
	char			 seen[512] = "";
	uint64_t		 n = 0;

	memset(&p, 0, sizeof(p));
	p.ip = "222.95.161.65";
	p.ip_len = strlen(p.ip);
	p.port = 8118;
	p.httptype = "http";
	p.httptype_len = 4;
	p.address = "\xe4\xb8\xad\xe5\x9b\xbd";
	p.address_len = 6;
	p.spend = "0.675501";
	p.spend_len = 8;
	p.createtime = "2019-07-05 19:09:16";
	p.createtime_len = 19;
	is_int(proxy_put(db, &p, &d), UG_OK, "proxy_put: a proxy");
	p.ip = "2001:db8::1";
	p.ip_len = strlen(p.ip);
	p.spend = NULL;
	p.createtime = NULL;
	p.address = NULL;
	is_int(proxy_put(db, &p, &d), UG_OK, "proxy_put: an IPv6 one, no spend");
	proxy_list(db, proxy_seen, seen);
	ok(strncmp(seen, "222.95.161.65:8118 http \xe4\xb8\xad\xe5\x9b\xbd "
	    "0.675501 2019-07-05 19:09:16|2001:db8::1:8118 http - - ", 86) == 0,
	    "proxy_list: both, in order, spend exactly as given");
	p.port = 0;
	is_int(proxy_put(db, &p, &d), UG_EINVAL, "proxy_put: port 0");
	is_str(d.field, strlen(d.field), "port", "... names the port");
	p.port = 80;
	p.httptype = "ftp";
	p.httptype_len = 3;
	is_int(proxy_put(db, &p, &d), UG_EINVAL, "proxy_put: an unknown type");
	p.httptype = "https";
	p.httptype_len = 5;
	p.spend = "1,5";
	p.spend_len = 3;
	is_int(proxy_check(&p, &d), UG_EINVAL, "proxy_check: 1,5 is no number");
	p.spend = "1e-3";
	p.spend_len = 4;
	is_int(proxy_check(&p, &d), UG_OK, "proxy_check: 1e-3 is");
	p.createtime = "2019-07-05T19:09:16";
	p.createtime_len = 19;
	is_int(proxy_check(&p, &d), UG_EINVAL, "proxy_check: a T in the time");
	is_int(proxy_clear(db, &n), UG_OK, "proxy_clear");
	is_int((long long)n, 2, "proxy_clear: both went");
}

static void
test_throttle(void)
{
	struct login_res	 res;
	int			 i;

	is_int(add("u_thr", "thrpw", ROLE_USER, NULL), UG_OK, "throttle: a user");
	for (i = 1; i <= cfg.login_fail_user; i++)
		is_int(login("u_thr", "bad", 0, &res), UG_EAUTH, "throttle: a failure");
	is_int(login("u_thr", "thrpw", 0, &res), UG_EAUTH,
	    "throttle: after login_fail_user failures, the right password too");
	is_int(login("U_THR", "thrpw", 0, &res), UG_EAUTH,
	    "throttle: in any case of the name");
	db_exec(db, "DELETE FROM login_failures", NULL, 0, NULL, NULL);
	for (i = 1; i < cfg.login_fail_user; i++)
		(void)login("u_thr", "bad", 0, &res);
	is_int(login("u_thr", "thrpw", 0, &res), UG_OK,
	    "throttle: one failure short of the limit, the right password passes");
	is_int(one_int("SELECT COUNT(*) FROM login_failures WHERE kind = 1",
	    NULL, 0), 0, "throttle: and clears the name's failures");
}

static void
test_db(void)
{
	char			 buf[5];
	struct db_col		 c[1] = { DB_COL_STR(buf) };
	struct db_cursor	 cur;
	long long		 me;
	uint64_t		 n = 0;

	/* D6: a value of exactly the buffer's capacity is NUL-terminated. */
	memset(buf, 'X', sizeof(buf));
	ok(db_select(db, "SELECT 'abcd'", NULL, 0, c, 1, &cur) == UG_OK &&
	    db_fetch(&cur) == 1, "db_fetch: a 4-byte value into 5 bytes");
	db_done(&cur);
	is_str(buf, strlen(buf), "abcd", "db_fetch: terminated at its length");

	is_int(db_tx(db, tx_then_fail, NULL), UG_EDENIED,
	    "db_tx: the function's error is the result");
	is_int(one_int("SELECT COUNT(*) FROM users WHERE count = 999", NULL, 0),
	    0, "db_tx: and what it wrote is rolled back");

	/*
	 * An idle connection the server has closed is noticed before a
	 * write is sent on it: the write runs on a fresh connection.
	 */
	if ((me = kill_own_connection()) == -1)
		return;
	is_int(db_exec(db, "UPDATE users SET count = count WHERE username = "
	    "'u_super'", NULL, 0, &n, NULL), UG_OK,
	    "a write after the kill goes through on a fresh connection");
	is_int((long long)n, 1, "... once");
	ok(one_int("SELECT CONNECTION_ID()", NULL, 0) != me, "a new connection");

	/* A read is not looked at first: it runs again on a fresh one. */
	if ((me = kill_own_connection()) == -1)
		return;
	is_int(one_int("SELECT COUNT(*) FROM users WHERE username = 'u_super'",
	    NULL, 0), 1, "a read after the kill runs again, on a fresh connection");
	ok(one_int("SELECT CONNECTION_ID()", NULL, 0) != me,
	    "... a new connection");
}

struct collect {
	int		 n;
	uint64_t	 first, last;
};

static int
collect_row(void *arg, const struct user_rec *r)
{
	struct collect	*c = arg;

	if (c->n++ == 0)
		c->first = r->id;
	c->last = r->id;
	return 0;
}

/* Keeps the first record of a list, copied. */
static int
keep_row(void *arg, const struct user_rec *r)
{
	user_rec_copy(arg, r);
	return -1;
}

/* What a list of some fields gave: the rows, and any field it should not have. */
struct fields_seen {
	int		 n;
	int		 named;		/* rows with a username */
	int		 extra;		/* rows with a field not asked for */
	long long	 count;		/* the sum of count */
};

static int
fields_row(void *arg, const struct user_rec *r)
{
	struct fields_seen	*fs = arg;

	fs->n++;
	if (!r->v[UF_USERNAME].is_null && r->v[UF_USERNAME].len > 0)
		fs->named++;
	if (!r->v[UF_ROLE].is_null || !r->v[UF_EMAIL].is_null ||
	    !r->v[UF_BASE_PATH].is_null || !r->v[UF_CREATED].is_null)
		fs->extra++;
	fs->count += r->v[UF_COUNT].i;
	return 0;
}

/* What the list shows of r_one (its text lives only during the call). */
static struct {
	int		 n;
	long long	 perm;
	int		 path_ok, ip_null, desc_null, level, ip_len;
} seen;

static int
seen_row(void *arg, const struct user_rec *r)
{
	(void)arg;
	if (r->v[UF_USERNAME].len != 5 ||
	    memcmp(r->v[UF_USERNAME].s, "r_one", 5) != 0)
		return 0;
	seen.n++;
	seen.perm = r->v[UF_PERMISSION].i;
	seen.path_ok = r->v[UF_BASE_PATH].len == 4 &&
	    memcmp(r->v[UF_BASE_PATH].s, "/a/b", 4) == 0;
	seen.ip_null = r->v[UF_IPCONFIG].is_null && r->v[UF_IPCONFIG].len == 0;
	seen.ip_len = (int)r->v[UF_IPCONFIG].len;
	seen.desc_null = r->v[UF_DESCRIPTION].is_null;
	seen.level = r->level;
	return 0;
}

static struct actor
actor_of(const char *name)
{
	struct user_rec	 rec;
	struct user_ref	 ref = { us(name), 0 };
	struct actor	 a = { 0, 0, 0 };

	if (user_get(db, &ref, &rec) == UG_OK) {
		a.id = rec.id;
		a.role_id = (int)rec.v[UF_ROLE].i;
		a.level = rec.level;
	}
	return a;
}

static void
test_records(void)
{
	struct user_rec		 rec;
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct user_patch	 p;
	struct user_query	 q = USER_QUERY_ALL;
	struct collect		 col;
	struct ug_detail	 d;
	struct actor		 me, adm;
	uint64_t		 id = 0, total = 0, all;
	char			 longtext[1100];
	int			 i;

	/* user_add with initial values, by an admin. */
	adm = actor_of("u_admin");
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_IPCONFIG, "47.107.174.18", 13);
	user_patch_text(&p, UF_DESCRIPTION, "hello", 5);
	user_patch_text(&p, UF_BASE_PATH, "/a//b/", 6);
	user_patch_int(&p, UF_PERMISSION, 256);
	is_int(user_add(db, &cfg, &adm, us("r_one"), us("onepw"), ROLE_USER, &p,
	    NULL, &d, &id), UG_OK, "user_add: with initial values");
	ref.id = id;
	is_int(user_get(db, &ref, &rec), UG_OK, "user_get by id");
	is_str(rec.v[UF_USERNAME].s, rec.v[UF_USERNAME].len, "r_one", "username");
	is_str(rec.v[UF_IPCONFIG].s, rec.v[UF_IPCONFIG].len, "47.107.174.18",
	    "ipconfig set at creation");
	is_str(rec.v[UF_BASE_PATH].s, rec.v[UF_BASE_PATH].len, "/a/b",
	    "base_path cleaned");
	is_int(rec.v[UF_PERMISSION].i, 256, "permission");
	is_int(rec.v[UF_ROLE].i, ROLE_USER, "role");
	is_int(rec.level, LEVEL_USER, "level");
	ok(rec.v[UF_NICKNAME].is_null, "an unset nickname is NULL");
	is_str(rec.v[UF_ACTIVE].s, rec.v[UF_ACTIVE].len, "1", "active defaults to 1");
	is_int(rec.v[UF_COUNT].i, 0, "count starts at 0");
	ok(rec.v[UF_CREATED].len == 23 && rec.v[UF_CREATED].s[10] == ' ' &&
	    rec.v[UF_CREATED].s[19] == '.', "created as YYYY-MM-DD HH:MM:SS.mmm");
	ok(!rec.otp, "no two-factor");

	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_IPCONFIG, "not-an-ip", 9);
	is_int(user_add(db, &cfg, &adm, us("r_two"), us("pw"), ROLE_USER, &p,
	    NULL, &d, NULL), UG_EINVAL, "user_add: a bad initial value");
	is_str(d.field, strlen(d.field), "ipconfig", "... names the field");
	is_int(d.reason, UR_BAD_VALUE, "... and the reason");
	ref.name = us("r_two");
	is_int(user_get(db, &ref, &rec), UG_ENOTFOUND, "... and writes nothing");
	is_int(user_add(db, &cfg, &adm, us("R_ONE"), us("pw"), ROLE_USER, NULL,
	    NULL, &d, NULL), UG_EEXISTS, "user_add: a taken name, any case");
	is_int(d.reason, UR_TAKEN, "... UR_TAKEN");
	is_int(user_add(db, &cfg, &adm, us("r_two"), us(""), ROLE_USER, NULL,
	    NULL, &d, NULL), UG_EINVAL, "user_add: an empty password");
	is_int(d.reason, UR_EMPTY, "... UR_EMPTY");
	is_int(user_add(db, &cfg, &adm, us("r_two"), us("pw"), ROLE_USER_ADMIN,
	    NULL, NULL, &d, NULL), UG_EDENIED, "user_add: not at one's own level");
	is_int(user_add(db, &cfg, &adm, us("r_two"), us("pw"), 4242, NULL,
	    NULL, &d, NULL), UG_EINVAL, "user_add: an unknown role");
	is_int(d.reason, UR_UNKNOWN_ROLE, "... UR_UNKNOWN_ROLE");

	/* Registration: no actor, general users only, counted per address. */
	is_int(user_add(db, &cfg, NULL, us("r_reg"), us("regpw"), ROLE_USER,
	    NULL, "198.51.100.7", &d, NULL), UG_OK, "user_add: a registration");
	is_int(user_add(db, &cfg, NULL, us("r_reg2"), us("pw"), ROLE_USER_ADMIN,
	    NULL, "198.51.100.7", &d, NULL), UG_EDENIED,
	    "user_add: nobody registers as an admin");

	/* The list: windows and totals. */
	all = 0;
	memset(&col, 0, sizeof(col));
	is_int(user_list(db, &q, &all, collect_row, &col), UG_OK, "user_list: all");
	is_int(col.n, (long long)all, "user_list: the total is what is listed");
	total = 0;
	is_int(user_count(db, &q, &total), UG_OK, "user_count");
	is_int((long long)total, (long long)all, "user_count: the list's total");
	q.offset = 1;
	q.limit = 2;
	memset(&col, 0, sizeof(col));
	is_int(user_list(db, &q, &total, collect_row, &col), UG_OK,
	    "user_list: a window");
	is_int(col.n, 2, "user_list: limit 2 gives 2");
	is_int((long long)total, (long long)all, "user_list: the total ignores the window");
	q.offset = all - 1;
	q.limit = 5;
	memset(&col, 0, sizeof(col));
	user_list(db, &q, NULL, collect_row, &col);
	is_int(col.n, 1, "user_list: a window past the end gives what exists");
	q.offset = all + 10;
	memset(&col, 0, sizeof(col));
	user_list(db, &q, NULL, collect_row, &col);
	is_int(col.n, 0, "user_list: a window beyond the end gives nothing");
	q.offset = 0;
	q.limit = 0;
	q.level_min = LEVEL_SUPER;
	memset(&col, 0, sizeof(col));
	user_list(db, &q, &total, collect_row, &col);
	is_int(col.n, 1, "user_list: by level, the one super admin");
	is_int((long long)total, 1, "user_list: total by level");
	{
		/* A callback's record outlives the list only as a copy. */
		static struct user_rec	 kept;
		const char		*s;

		memset(&kept, 0, sizeof(kept));
		q.limit = 1;
		(void)user_list(db, &q, NULL, keep_row, &kept);
		s = kept.v[UF_USERNAME].s;
		ok(s != NULL && s >= kept.buf && s < kept.buf + sizeof(kept.buf) &&
		    strcmp(s, "u_super") == 0,
		    "user_rec_copy: the texts are in the copy's own buffer");
		q.limit = 0;
	}
	/* Only the fields asked for; the others read as NULL. */
	q.level_min = LEVEL_GUEST;
	for (i = 0; i < 2; i++) {	/* the second time, the kept statement */
		q.fields = UP_BIT(UF_USERNAME) | UP_BIT(UF_PERMISSION) |
		    UP_BIT(UF_BASE_PATH);
		memset(&seen, 0, sizeof(seen));
		is_int(user_list(db, &q, NULL, seen_row, NULL), UG_OK,
		    "user_list: some fields");
		ok(seen.n == 1 && seen.perm == 256 && seen.path_ok,
		    "user_list: the fields asked for");
		ok(seen.ip_null && seen.desc_null && seen.level == LEVEL_USER,
		    "user_list: the others NULL, the level still there");
	}
	q.fields = 0;
	memset(&seen, 0, sizeof(seen));
	user_list(db, &q, NULL, seen_row, NULL);
	ok(seen.n == 1 && seen.ip_len == 13, "user_list: fields 0 is every field");

	/* Some fields only: those, and the others NULL. */
	{
		struct user_query	 fq = USER_QUERY_ALL;
		struct fields_seen	 fs, fs2;
		int			 k;

		for (k = 0; k < 2; k++) {	/* made once, then reused */
			memset(&fs, 0, sizeof(fs));
			fq.fields = UP_BIT(UF_USERNAME) | UP_BIT(UF_COUNT);
			is_int(user_list(db, &fq, &total, fields_row, &fs), UG_OK,
			    "user_list (fields): username and count");
			is_int(fs.n, (long long)all, "user_list (fields): every user");
			is_int(fs.named, fs.n, "user_list (fields): each named");
			is_int(fs.extra, 0, "user_list (fields): nothing else");
		}
		memset(&fs2, 0, sizeof(fs2));
		fq.fields = UF_ALL;
		user_list(db, &fq, NULL, fields_row, &fs2);
		is_int(fs2.count, fs.count, "user_list (fields): the same counts "
		    "as every field's list");
		ok(fs2.extra == fs2.n, "user_list (fields): UF_ALL reads all");
	}

	/* Patches: each class, by the user itself and by others. */
	me = actor_of("r_one");
	ref.name = us("r_one");
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_DESCRIPTION, "mine", 4);
	user_patch_text(&p, UF_AVATAR, "/avatar/1.png", 13);
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_OK,
	    "user_patch: one's own description and avatar");
	memset(&p, 0, sizeof(p));
	user_patch_int(&p, UF_PERMISSION, 1);
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_EDENIED,
	    "user_patch: not one's own permission");
	is_int(d.reason, UR_SELF, "... UR_SELF");
	memset(&p, 0, sizeof(p));
	user_patch_int(&p, UF_ROLE, ROLE_USER_ADMIN);
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_EDENIED,
	    "user_patch: not one's own promotion");
	memset(&p, 0, sizeof(p));
	user_patch_int(&p, UF_COUNT, 5);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_EINVAL,
	    "user_patch: count is read-only");
	is_int(d.reason, UR_READ_ONLY, "... UR_READ_ONLY");

	/* One's own password: only with the old one. */
	is_int(login("r_one", "onepw", 1, &(struct login_res){ 0 }), UG_OK,
	    "r_one logs in");
	memset(&p, 0, sizeof(p));
	p.password = us("twopw");
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_EDENIED,
	    "user_patch: one's own password needs the old one");
	is_str(d.field, strlen(d.field), "old_password", "... names old_password");
	p.old_password = us("wrong");
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_EAUTH,
	    "user_patch: a wrong old password");
	is_int(d.reason, UR_WRONG_PASSWORD, "... UR_WRONG_PASSWORD");
	p.old_password = us("onepw");
	is_int(user_patch(db, &cfg, &me, &ref, &p, &d), UG_OK,
	    "user_patch: the right old password");
	is_int(one_int("SELECT COUNT(*) FROM sessions s JOIN users u ON "
	    "u.id = s.user_id WHERE u.username = 'r_one'", NULL, 0), 0,
	    "user_patch: a new password revokes the sessions");
	is_int(login("r_one", "twopw", 0, &(struct login_res){ 0 }), UG_OK,
	    "the new password logs in");

	/* An admin patches a user below it: all of it or nothing. */
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_NICKNAME, "One", 3);
	user_patch_text(&p, UF_GENDER, "1", 1);
	user_patch_int(&p, UF_AGE, 17);
	user_patch_text(&p, UF_EMAIL, "bad-email", 9);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_EINVAL,
	    "user_patch: one bad field refuses the patch");
	is_str(d.field, strlen(d.field), "email", "... names it");
	ref.name = us("r_one");
	user_get(db, &ref, &rec);
	ok(rec.v[UF_NICKNAME].is_null, "... and nothing of it was written");
	user_patch_text(&p, UF_EMAIL, "one@example.com", 15);
	user_patch_text(&p, UF_USERNAME, "r_uno", 5);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_OK,
	    "user_patch: several fields and a rename");
	ref.name = us("r_uno");
	is_int(user_get(db, &ref, &rec), UG_OK, "renamed");
	is_str(rec.v[UF_NICKNAME].s, rec.v[UF_NICKNAME].len, "One", "nickname");
	is_int(rec.v[UF_AGE].i, 17, "age");
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_USERNAME, "U_ADMIN", 7);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_EEXISTS,
	    "user_patch: a rename onto a taken name");
	is_int(d.reason, UR_TAKEN, "... UR_TAKEN");
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_NICKNAME, NULL, 0);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_OK,
	    "user_patch: NULL clears a nullable field");
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_BASE_PATH, NULL, 0);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_EINVAL,
	    "user_patch: not a NOT NULL one");
	for (i = 0; i < 1025; i++)
		longtext[i] = 'd';
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_DESCRIPTION, longtext, 1025);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_EINVAL,
	    "user_patch: a description of 1,025 characters");
	is_int(d.reason, UR_TOO_LONG, "... UR_TOO_LONG");
	user_patch_text(&p, UF_DESCRIPTION, longtext, 1024);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_OK,
	    "user_patch: 1,024 characters");

	/* Disable and lock revoke; the last super admin is never disabled. */
	is_int(login("r_uno", "twopw", 1, &(struct login_res){ 0 }), UG_OK,
	    "r_uno logs in");
	memset(&p, 0, sizeof(p));
	user_patch_int(&p, UF_DISABLED, 1);
	is_int(user_patch(db, &cfg, &adm, &ref, &p, &d), UG_OK,
	    "user_patch: disable");
	is_int(login("r_uno", "twopw", 0, &(struct login_res){ 0 }), UG_EAUTH,
	    "a disabled user cannot log in");
	is_int(one_int("SELECT COUNT(*) FROM sessions s JOIN users u ON "
	    "u.id = s.user_id WHERE u.username = 'r_uno'", NULL, 0), 0,
	    "disabling revokes the sessions");
	ref.name = us("u_super");
	is_int(user_patch(db, &cfg, &operator, &ref, &p, &d), UG_EDENIED,
	    "user_patch: the last super admin is not disabled");
	is_int(d.reason, UR_LAST_SUPER, "... UR_LAST_SUPER");
	ref.name = us("u_nobody");
	is_int(user_patch(db, &cfg, &operator, &ref, &p, &d), UG_ENOTFOUND,
	    "user_patch: an unknown user");
}

/* The code of secret at step, as an authenticator app shows it. */
static void
code_at(const char *secret, uint64_t step, char *out)
{
	unsigned char	 key[TOTP_KEY_MAX];
	long		 n = base32_decode(secret, strlen(secret), key, sizeof(key));

	snprintf(out, 7, "%06u", (unsigned)totp_code(key, (size_t)n, step));
}

static void
test_twofactor(void)
{
	struct login_req	 lq;
	struct login_res	 res;
	struct ug_detail	 d;
	struct user_ref		 ref = { { "u_2fa", 5 }, 0 };
	uint64_t		 id = 0, step = (uint64_t)time(NULL) / TOTP_STEP;
	char			 secret[TOTP_SECRET_LEN + 1], code[8], next[8];
	char			 wrong[8];

	is_int(add("u_2fa", "tfapw", ROLE_USER, &id), UG_OK, "2fa: a user");
	ok(totp_secret_new(secret) == 0, "2fa: a new secret");
	code_at(secret, step, code);
	code_at(secret, step + 1, next);
	memcpy(wrong, code, sizeof(wrong));
	wrong[5] = (char)('0' + (wrong[5] - '0' + 1) % 10);
	is_int(twofactor_enable(db, id, us(secret), us(wrong), &d), UG_EAUTH,
	    "2fa: a wrong code does not enable it");
	is_int(twofactor_enable(db, id, us("not base32!"), us(code), &d),
	    UG_EINVAL, "2fa: nor a secret that is none");
	is_int(twofactor_enable(db, id, us(secret), us(code), &d), UG_OK,
	    "2fa: the right code enables it");
	memset(&lq, 0, sizeof(lq));
	lq.name = us("u_2fa");
	lq.password = us("tfapw");
	lq.session = 1;
	is_int(user_login(db, &cfg, &lq, &res), UG_EAUTH,
	    "2fa: the password alone is refused");
	ok(res.otp_failed, "2fa: ... saying the code is missing");
	lq.password = us("wrong");
	lq.otp_code = us(next);
	is_int(user_login(db, &cfg, &lq, &res), UG_EAUTH, "2fa: a wrong password");
	ok(!res.otp_failed, "2fa: ... says nothing about the code");
	lq.password = us("tfapw");
	lq.otp_code = us(code);
	is_int(user_login(db, &cfg, &lq, &res), UG_EAUTH,
	    "2fa: the code used to enable it is used up");
	ok(res.otp_failed, "2fa: ... as a code failure");
	lq.otp_code = us(next);
	is_int(user_login(db, &cfg, &lq, &res), UG_OK, "2fa: a fresh code logs in");
	ok(res.has_token, "2fa: with a session");
	is_int(user_login(db, &cfg, &lq, &res), UG_EAUTH,
	    "2fa: the same code never twice");
	ok(res.otp_failed, "2fa: ... a code failure");
	db_exec(db, "DELETE FROM login_failures", NULL, 0, NULL, NULL);
	is_int(twofactor_clear(db, &operator, &ref), UG_OK, "2fa: cleared");
	db_exec(db, "UPDATE users SET otp_secret = '' WHERE username = 'u_2fa'",
	    NULL, 0, NULL, NULL);
	lq.otp_code.s = NULL;
	lq.otp_code.len = 0;
	is_int(user_login(db, &cfg, &lq, &res), UG_OK,
	    "2fa: an empty secret (AList's tables have them) is none");
	lq.otp_code.s = NULL;
	lq.otp_code.len = 0;
	is_int(user_login(db, &cfg, &lq, &res), UG_OK,
	    "2fa: cleared, the password alone logs in");
	is_int(user_stop_run(db, id), UG_OK, "user_stop_run");
	ok(one_int("SELECT run_stopped IS NOT NULL FROM users WHERE "
	    "username = 'u_2fa'", NULL, 0) == 1, "user_stop_run: recorded");
}

static enum ug_err
login_digest(const char *name, enum prehash scheme, const char *digest)
{
	struct login_req	 lq;
	struct login_res	 res;

	memset(&lq, 0, sizeof(lq));
	lq.name = us(name);
	lq.password = us(digest);
	lq.prehash = scheme;
	return user_login(db, &cfg, &lq, &res);
}

static void
test_prehash(void)
{
	struct user_patch	 p;
	struct user_ref		 ref = { { "u_pre", 5 }, 0 };
	struct ug_detail	 d;
	struct login_res	 res;
	char			 dig[PREHASH_DIGEST_MAX + 1], up[PREHASH_DIGEST_MAX + 1];
	size_t			 i;

	prehash_digest(PREHASH_MD5, "123456", 6, dig);
	is_str(dig, strlen(dig), "e10adc3949ba59abbe56e057f20f883e",
	    "prehash: md5 of 123456 (adminsys's e10adc39...)");
	prehash_digest(PREHASH_ALIST, "123456", 6, dig);
	is_str(dig, strlen(dig),
	    "e166b45e39301021e897e3a6713e11171893217ad2901cf28c2c09c8d54e55d9",
	    "prehash: AList's sha256 of 123456 and its suffix");

	cfg.adminsys_password_md5 = 1;
	is_int((long long)prehash_in_use(&cfg),
	    (1 << PREHASH_MD5) | (1 << PREHASH_ALIST), "prehash: both in use");
	is_int(add("u_pre", "123456", ROLE_USER, NULL), UG_OK, "prehash: a user");
	is_int(one_int("SELECT COUNT(*) FROM password_verifiers v JOIN users u "
	    "ON u.id = v.user_id WHERE u.username = 'u_pre'", NULL, 0), 2,
	    "prehash: a verifier per scheme in use, made with the password");
	is_int(one_int("SELECT COUNT(*) FROM password_verifiers WHERE hash LIKE "
	    "'%e10adc3949ba59abbe56e057f20f883e%' OR hash LIKE '%e166b45e%'",
	    NULL, 0), 0, "prehash: no digest is kept as it came");
	is_int(login_digest("u_pre", PREHASH_ALIST, dig), UG_OK,
	    "prehash: AList's digest logs in");
	for (i = 0; dig[i] != '\0'; i++)
		up[i] = (char)(dig[i] >= 'a' && dig[i] <= 'f' ? dig[i] - 32 : dig[i]);
	up[i] = '\0';
	is_int(login_digest("u_pre", PREHASH_ALIST, up), UG_OK,
	    "prehash: in upper case too");
	is_int(login_digest("u_pre", PREHASH_MD5,
	    "e10adc3949ba59abbe56e057f20f883e"), UG_OK, "prehash: md5 logs in");
	is_int(login_digest("u_pre", PREHASH_MD5, "123456"), UG_EAUTH,
	    "prehash: the password where a digest belongs is refused");
	is_int(login_digest("u_pre", PREHASH_MD5,
	    "e10adc3949ba59abbe56e057f20f883f"), UG_EAUTH,
	    "prehash: a wrong digest is refused");
	is_int(login_digest("u_pre", PREHASH_ALIST,
	    "e10adc3949ba59abbe56e057f20f883e"), UG_EAUTH,
	    "prehash: one scheme's digest is not another's");

	/* A new password replaces the verifiers. */
	memset(&p, 0, sizeof(p));
	p.password = us("654321");
	is_int(user_patch(db, &cfg, &operator, &ref, &p, &d), UG_OK,
	    "prehash: a new password");
	is_int(login_digest("u_pre", PREHASH_MD5,
	    "e10adc3949ba59abbe56e057f20f883e"), UG_EAUTH,
	    "prehash: the old password's digest no longer logs in");
	prehash_digest(PREHASH_MD5, "654321", 6, dig);
	is_int(login_digest("u_pre", PREHASH_MD5, dig), UG_OK,
	    "prehash: the new one's does");

	/* A user without a verifier gets one at its next plain login. */
	db_exec(db, "DELETE FROM password_verifiers", NULL, 0, NULL, NULL);
	is_int(login_digest("u_pre", PREHASH_MD5, dig), UG_EAUTH,
	    "prehash: no verifier yet, the digest is refused");
	is_int(login("u_pre", "654321", 0, &res), UG_OK, "prehash: a plain login");
	is_int(login_digest("u_pre", PREHASH_MD5, dig), UG_OK,
	    "prehash: ... and then the digest logs in");
	cfg.adminsys_password_md5 = 0;
	db_exec(db, "DELETE FROM login_failures", NULL, 0, NULL, NULL);
}

/* user_login_id: the id stands for the name; the rules are user_login's. */
static void
test_login_id(void)
{
	struct login_req	 lq;
	struct login_res	 res;
	struct db_val		 p[1];
	uint64_t		 id = 0;
	long long		 before;

	is_int(add("u_byid", "byidpw", ROLE_USER_ADMIN, &id), UG_OK,
	    "login_id: a user admin");
	memset(&lq, 0, sizeof(lq));
	lq.name = us("someone else");	/* ignored */
	lq.password = us("byidpw");
	lq.client_addr = "192.0.2.77";
	lq.session = 1;
	lq.session_min_level = LEVEL_ADMIN;
	is_int(user_login_id(db, &cfg, id, &lq, &res), UG_OK,
	    "login_id: the right password");
	ok(res.id == id && res.role_id == ROLE_USER_ADMIN && res.has_token,
	    "login_id: that user, its role and a session");
	lq.password = us("wrong");
	is_int(user_login_id(db, &cfg, id, &lq, &res), UG_EAUTH,
	    "login_id: a wrong password");
	p[0] = DB_CSTR("u_byid");
	is_int(one_int("SELECT count FROM login_failures WHERE kind = 1 AND "
	    "subject = ?", p, 1), 1, "login_id: counted against the name");
	/* A login's release is in its transaction, with the session. */
	p[0] = DB_CSTR("192.0.2.77");
	before = one_int("SELECT count FROM login_failures WHERE kind = 2 AND "
	    "subject = ?", p, 1);
	lq.password = us("byidpw");
	is_int(user_login_id(db, &cfg, id, &lq, &res), UG_OK,
	    "login_id: the right password again");
	is_int(one_int("SELECT count FROM login_failures WHERE kind = 2 AND "
	    "subject = ?", p, 1), before,
	    "login_id: the login gives the address's place back");
	p[0] = DB_CSTR("u_byid");
	is_int(one_int("SELECT COUNT(*) FROM login_failures WHERE kind = 1 AND "
	    "subject = ?", p, 1), 0, "login_id: ... and forgives the name");
	p[0] = DB_CSTR("192.0.2.77");
	is_int(user_login_id(db, &cfg, id + 1000000, &lq, &res), UG_EAUTH,
	    "login_id: an unknown id");
	is_int(one_int("SELECT count FROM login_failures WHERE kind = 2 AND "
	    "subject = ?", p, 1), before + 1,
	    "login_id: an unknown id counts against the address");
	lq.min_level = LEVEL_SUPER;
	is_int(user_login_id(db, &cfg, id, &lq, &res), UG_EAUTH,
	    "login_id: below min_level");
	lq.min_level = 0;
	lq.password = us("");
	is_int(user_login_id(db, &cfg, id, &lq, &res), UG_EAUTH,
	    "login_id: an empty password");
	db_exec(db, "DELETE FROM login_failures", NULL, 0, NULL, NULL);
}

struct bq_seen {
	int	 n, admins, locked, created_ok;
};

static int
bq_row(void *arg, const struct user_brief *b)
{
	struct bq_seen	*s = arg;

	if (b->username_len < 3 || memcmp(b->username, "bq_", 3) != 0)
		return 0;
	s->n++;
	s->admins += b->level >= LEVEL_ADMIN;
	s->locked += b->locked;
	s->created_ok += b->created != NULL && b->created_len >= 19 &&
	    b->created[4] == '-' && b->created[10] == ' ';
	return 0;
}

/* user_list_brief_q: the levels asked for, with lock and creation time. */
static void
test_brief_q(void)
{
	struct user_query	 users = { LEVEL_GUEST, LEVEL_ADMIN - 1, 0, 0, 0 };
	struct user_query	 admins = { LEVEL_ADMIN, LEVEL_SUPER - 1, 0, 0, 0 };
	struct user_query	 one = { LEVEL_GUEST, LEVEL_ADMIN - 1, 0, 1, 0 };
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct user_change	 ch = USER_CHANGE_NONE;
	struct bq_seen		 s;
	uint64_t		 id;

	ok(add("bq_u1", "pw", ROLE_USER, &id) == UG_OK &&
	    add("bq_u2", "pw", ROLE_USER, NULL) == UG_OK &&
	    add("bq_a1", "pw", ROLE_USER_ADMIN, NULL) == UG_OK,
	    "brief_q: users made");
	ref.name = us("bq_u1");
	ch.locked = 1;
	ok(user_update(db, &cfg, &operator, &ref, &ch) == UG_OK,
	    "brief_q: one locked");
	memset(&s, 0, sizeof(s));
	is_int(user_list_brief_q(db, &users, bq_row, &s), UG_OK,
	    "brief_q: below admin level");
	ok(s.n == 2 && s.admins == 0, "brief_q: the two users, no admin");
	is_int(s.locked, 1, "brief_q: the lock");
	is_int(s.created_ok, 2, "brief_q: creation times");
	memset(&s, 0, sizeof(s));
	is_int(user_list_brief_q(db, &admins, bq_row, &s), UG_OK,
	    "brief_q: admins");
	ok(s.n == 1 && s.admins == 1 && s.locked == 0, "brief_q: the admin");
	memset(&s, 0, sizeof(s));
	is_int(user_list_brief_q(db, &one, bq_row, &s), UG_OK, "brief_q: limit");
	ok(s.n <= 1, "brief_q: at most one row");
}

int
main(void)
{
	const char	*path = getenv("USERGATE_CONFIG");
	char		 err[256];

	if (path == NULL) {
		printf("1..0 # SKIP needs a database (t/66-store.t runs it)\n");
		return 0;
	}
	if (config_defaults(&cfg) == -1 ||
	    config_load(&cfg, path, err, sizeof(err)) == -1 ||
	    log_open("stderr", LOG_ERR) == -1 ||
	    password_init(cfg.password_scheme, 4, 1, 10, err, sizeof(err)) == -1 ||
	    db_library_init() == -1 || (db = db_new(&cfg)) == NULL) {
		printf("Bail out! set-up: %s\n", err);
		return 1;
	}
	test_users();
	test_brief_q();
	test_roles();
	test_proxies();
	test_throttle();
	test_records();
	test_twofactor();
	test_prehash();
	test_login_id();
	test_db();
	db_free(db);
	db_library_end();
	config_free(&cfg);
	return done_testing();
}
