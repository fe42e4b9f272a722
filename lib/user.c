#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "prehash.h"
#include "session.h"
#include "text.h"
#include "totp.h"
#include "user.h"
#include "user_int.h"
#include "userrec.h"

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

/*
 * Login throttling counts attempts before any hashing: an attempt
 * reserves its place in the name's and the address's windows at once,
 * in one atomic upsert each that also reads the new count back
 * (LAST_INSERT_ID(expr) makes the server return it), so N guesses in
 * flight at the same time are N counts and never pass the limit
 * together.  A right password gives its reservation back.
 */
enum ug_err
user_throttle_take(struct db *db, const struct config *cfg, int kind,
    const char *s, size_t len, long long *count)
{
	/* A window that has run out starts again at 1. */
	static const char	*sql =
	    "INSERT INTO login_failures (kind, subject, window_start, count) "
	    "VALUES (?, ?, NOW(3), 1) ON DUPLICATE KEY UPDATE "
	    "count = LAST_INSERT_ID(IF(window_start < NOW(3) - "
	    "INTERVAL ? SECOND, 1, count + 1)), "
	    "window_start = IF(count = 1, NOW(3), window_start)";
	struct db_val		 p[3];
	uint64_t		 id = 0;
	enum ug_err		 e;

	p[0] = DB_INT(kind);
	p[1] = DB_STR(s, len);
	p[2] = DB_INT(cfg->login_fail_window);
	if ((e = db_exec(db, sql, p, 3, NULL, &id)) != UG_OK)
		return e;
	/* A new row reports no id: its count is 1. */
	*count = id == 0 ? 1 : (long long)id;
	return UG_OK;
}

/*
 * Gives back a reservation of kind for s.  An error here only leaves a
 * count too high, which is the safe side.
 */
static enum ug_err
throttle_give_back(struct db *db, int kind, const char *s, size_t len)
{
	static const char	*sql =
	    "UPDATE login_failures SET count = count - 1 "
	    "WHERE kind = ? AND subject = ? AND count > 0";
	struct db_val		 p[2];

	p[0] = DB_INT(kind);
	p[1] = DB_STR(s, len);
	return db_exec(db, sql, p, 2, NULL, NULL);
}

/*
 * Reserves this attempt against the name and the address.  UG_EAUTH if
 * either is over its limit; the refused attempt then gives its places
 * back, so that the counts stay the attempts that reached the password
 * check (at most the limits).  Any error while counting refuses the
 * login too (it fails closed), as the error.
 */
enum ug_err
user_throttle_reserve(struct db *db, const struct config *cfg, struct ustr name,
    const char *addr)
{
	static const char	*sql_gc =
	    "DELETE FROM login_failures WHERE "
	    "window_start < NOW(3) - INTERVAL ? SECOND "
	    "ORDER BY window_start LIMIT 1000";
	struct db_val		 p[1];
	long long		 by_name, by_addr = 0;
	unsigned		 r = 1;
	int			 has_addr = addr != NULL && addr[0] != '\0';
	enum ug_err		 e;

	if ((e = user_throttle_take(db, cfg, FAIL_BY_NAME, name.s, name.len,
	    &by_name)) != UG_OK)
		return e;
	if (has_addr && (e = user_throttle_take(db, cfg, FAIL_BY_ADDR, addr,
	    strlen(addr), &by_addr)) != UG_OK)
		return e;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) == (ssize_t)sizeof(r) &&
	    r % 64 == 0) {
		p[0] = DB_INT(cfg->login_fail_window);
		(void)db_exec(db, sql_gc, p, 1, NULL, NULL);
	}
	if (by_name > cfg->login_fail_user || by_addr > cfg->login_fail_addr) {
		log_info("login throttled for a name or address (%s)",
		    addr ? addr : "-");
		(void)throttle_give_back(db, FAIL_BY_NAME, name.s, name.len);
		if (has_addr)
			(void)throttle_give_back(db, FAIL_BY_ADDR, addr,
			    strlen(addr));
		return UG_EAUTH;
	}
	return UG_OK;
}

/*
 * The password was right: the name's failures are forgiven and the
 * address's reservation is given back.
 */
static enum ug_err
throttle_release(struct db *db, struct ustr name, const char *addr)
{
	static const char	*sql_name =
	    "DELETE FROM login_failures WHERE kind = 1 AND subject = ?";
	struct db_val		 p[1];
	enum ug_err		 e;

	p[0] = DB_STR(name.s, name.len);
	if ((e = db_exec(db, sql_name, p, 1, NULL, NULL)) != UG_OK ||
	    addr == NULL || addr[0] == '\0')
		return e;
	return throttle_give_back(db, FAIL_BY_ADDR, addr, strlen(addr));
}

/*
 * As throttle_release, on its own: an error only leaves a count too
 * high, which is the safe side.
 */
void
user_throttle_release(struct db *db, struct ustr name, const char *addr)
{
	(void)throttle_release(db, name, addr);
}

/* What a successful login writes, in one transaction. */
struct login_tx {
	const struct config	*cfg;
	const struct login_req	*rq;
	struct login_res	*res;
	const char		*hash;		/* the hash verified */
	const char		*newhash;	/* its upgrade, or NULL */
	int			 session;	/* issue a token */
	uint64_t		 otp_step;	/* the one-time code's step, or 0 */
	const struct prehash_set *vset;	/* verifiers still missing, or NULL */
};

/*
 * Counts the login and upgrades the hash, only if the hash verified is
 * still the user's and the user may log in; then issues the session
 * against the hash now stored.  The UPDATE locks the user's row, so a
 * concurrent password change, lock or delete is ordered with the whole
 * login, on one server and through Galera's certification alike.
 *
 * The throttle's release is in the same transaction: one commit for
 * the whole login, where each write on its own was one (and under
 * innodb_flush_log_at_trx_commit = 1 a commit is a flush of the log).
 * A login that fails here is not released: its attempt stays counted,
 * the safe side.
 */
static enum ug_err
login_commit(struct db *db, void *arg)
{
	static const char	*sql =
	    "UPDATE users SET count = count + ?, "
	    "password_hash = COALESCE(?, password_hash) WHERE id = ? AND "
	    "password_hash = ? AND disabled = 0 AND locked = 0";
	static const char	*sql_otp =
	    "UPDATE users SET otp_last_step = ? WHERE id = ? AND "
	    "otp_secret IS NOT NULL AND "
	    "(otp_last_step IS NULL OR otp_last_step < ?)";
	struct login_tx		*lt = arg;
	struct db_val		 p[4];
	uint64_t		 n = 0;
	enum ug_err		 e;

	p[0] = DB_INT(lt->rq->count ? 1 : 0);
	p[1] = lt->newhash != NULL ? DB_CSTR(lt->newhash) : DB_NULL();
	p[2] = DB_UINT(lt->res->id);
	p[3] = DB_CSTR(lt->hash);
	if ((e = db_exec(db, sql, p, 4, &n, NULL)) != UG_OK)
		return e;
	if (n != 1)
		return UG_EAUTH;	/* changed, locked or gone meanwhile */
	/* A one-time code is good once: a newer step than any used. */
	if (lt->otp_step != 0) {
		p[0] = DB_UINT(lt->otp_step);
		p[1] = DB_UINT(lt->res->id);
		p[2] = DB_UINT(lt->otp_step);
		if ((e = db_exec(db, sql_otp, p, 3, &n, NULL)) != UG_OK)
			return e;
		if (n != 1) {
			lt->res->otp_failed = 1;
			return UG_EAUTH;
		}
	}
	if (lt->vset != NULL &&
	    (e = prehash_store(db, lt->res->id, lt->vset, 0)) != UG_OK)
		return e;
	if (lt->session) {
		if ((e = session_issue_for(db, lt->cfg, lt->res->id,
		    lt->newhash != NULL ? lt->newhash : lt->hash,
		    lt->rq->client_addr, lt->rq->session_ttl,
		    lt->rq->session_idle, lt->res->token)) != UG_OK)
			return e;
		lt->res->has_token = 1;
	}
	return throttle_release(db, lt->rq->name, lt->rq->client_addr);
}

enum ug_err
user_login(struct db *db, const struct config *cfg, const struct login_req *rq,
    struct login_res *res)
{
	/*
	 * The user, its verifiers' schemes (a mask) and, for a pre-hashed
	 * login, the verifier of that scheme.
	 */
	static const char	*sql_get =
	    "SELECT u.id, u.password_hash, u.role_id, r.level, u.disabled, "
	    "u.locked, u.otp_secret, u.otp_last_step, "
	    "(SELECT BIT_OR(1 << v.scheme) FROM password_verifiers v "
	    "WHERE v.user_id = u.id), "
	    "(SELECT v.hash FROM password_verifiers v WHERE v.user_id = u.id "
	    "AND v.scheme = ?) FROM users u "
	    "JOIN roles r ON r.role_id = u.role_id WHERE u.username = ?";
	char			 hash[PASSWORD_HASH_MAX + 1];
	char			 newhash[PASSWORD_HASH_MAX + 1];
	char			 vhash[PASSWORD_HASH_MAX + 1];
	char			 otp[TOTP_SECRET_MAX + 1];
	char			 digest[PREHASH_DIGEST_MAX + 1];
	struct prehash_set	 vset;
	struct db_val		 p[2];
	struct db_col		 c[10] = { DB_COL_INT(), DB_COL_STR(hash),
				    DB_COL_INT(), DB_COL_INT(), DB_COL_INT(),
				    DB_COL_INT(), DB_COL_STR(otp), DB_COL_INT(),
				    DB_COL_INT(), DB_COL_STR(vhash) };
	struct login_tx		 lt;
	struct ustr		 pw = rq->password;
	const char		*against;
	unsigned		 missing;
	int			 found, ok;
	enum ug_err		 e;

	memset(res, 0, sizeof(*res));
	/* Nothing that cannot be a user or a password reaches the store. */
	if (user_name_check(cfg, rq->name.s, rq->name.len) != UG_OK ||
	    pw.s == NULL || pw.len == 0 || pw.len > PASSWORD_MAX)
		return UG_EAUTH;
	if (rq->prehash != PREHASH_NONE) {
		/* A digest that has not the scheme's form matches nothing. */
		if (prehash_normalize(rq->prehash, pw.s, pw.len, digest) == -1)
			return UG_EAUTH;
		pw.s = digest;
		pw.len = strlen(digest);
	}

	/* Counted before the hash: the reservation is the failure record. */
	if ((e = user_throttle_reserve(db, cfg, rq->name, rq->client_addr)) !=
	    UG_OK)
		return e;

	p[0] = DB_INT(rq->prehash);
	p[1] = DB_STR(rq->name.s, rq->name.len);
	if ((e = db_select_one(db, sql_get, p, 2, c, 10, &found)) != UG_OK)
		return e;
	/*
	 * The same hashing work whether or not the user exists, and whether
	 * or not it has a verifier for the scheme.
	 */
	against = !found ? NULL : rq->prehash == PREHASH_NONE ? hash :
	    c[9].is_null ? NULL : vhash;
	if ((e = password_verify(pw.s, pw.len, against, &ok)) != UG_OK)
		return e;
	if (against == NULL || !ok)
		return UG_EAUTH;
	if (c[4].i != 0 || c[5].i != 0) {
		res->locked = c[4].i == 0;	/* locked, and not disabled */
		return UG_EAUTH;
	}
	memset(&lt, 0, sizeof(lt));
	/*
	 * With two-factor on, the password alone is not a login: the
	 * attempt stays counted (codes are guessed too) and the caller may
	 * say what is missing, now that the password is known right.
	 */
	if (!c[6].is_null && c[6].len > 0) {	/* "" is none (AList's) */
		lt.otp_step = totp_check(otp, c[6].len, rq->otp_code.s != NULL ?
		    rq->otp_code.s : "", rq->otp_code.len, time(NULL),
		    c[7].is_null ? 0 : (uint64_t)c[7].i);
		explicit_bzero(otp, sizeof(otp));
		if (lt.otp_step == 0) {
			res->otp_failed = 1;
			return UG_EAUTH;
		}
	}
	if (c[3].i < rq->min_level) {
		/* The password was right, though this contract refuses it. */
		user_throttle_release(db, rq->name, rq->client_addr);
		return UG_EAUTH;
	}

	res->id = (uint64_t)c[0].i;
	res->role_id = (int)c[2].i;
	res->level = (int)c[3].i;

	lt.cfg = cfg;
	lt.rq = rq;
	lt.res = res;
	lt.hash = hash;
	lt.session = rq->session && res->level >= rq->session_min_level;
	if (rq->prehash == PREHASH_NONE) {
		/* Upgrade a hash made under an older policy, now that we can. */
		if (password_needs_rehash(hash) && password_hash(pw.s, pw.len,
		    newhash) == UG_OK && password_storable(newhash,
		    strlen(newhash)))
			lt.newhash = newhash;
		/*
		 * The verifiers this password still lacks, for the schemes
		 * in use: the user can then log in with a digest, too.
		 */
		missing = prehash_in_use(cfg) & ~(unsigned)(c[8].is_null ? 0 :
		    c[8].i);
		if (missing != 0 && prehash_make(missing, pw.s, pw.len, &vset) == UG_OK)
			lt.vset = &vset;
	}
	if (!rq->count && lt.newhash == NULL && !lt.session && !lt.otp_step &&
	    lt.vset == NULL) {
		/* Nothing to write but the release. */
		user_throttle_release(db, rq->name, rq->client_addr);
		return UG_OK;
	}
	e = db_tx(db, login_commit, &lt);
	/* has_token only once the session is committed. */
	if (e != UG_OK)
		res->has_token = 0;
	prehash_clear(&vset);
	return e;
}

enum ug_err
user_login_id(struct db *db, const struct config *cfg, uint64_t id,
    const struct login_req *rq, struct login_res *res)
{
	static const char	*sql = "SELECT username FROM users WHERE id = ?";
	char			 name[USERNAME_MAX_BYTES + 1];
	struct db_val		 p[1] = { DB_UINT(id) };
	struct db_col		 c[1] = { DB_COL_STR(name) };
	struct login_req	 byname;
	long long		 n;
	enum ug_err		 e;
	int			 found, ok;

	memset(res, 0, sizeof(*res));
	if (rq->password.s == NULL || rq->password.len == 0 ||
	    rq->password.len > PASSWORD_MAX)
		return UG_EAUTH;
	if ((e = db_select_one(db, sql, p, 1, c, 1, &found)) != UG_OK)
		return e;
	if (found) {
		byname = *rq;
		byname.name.s = name;
		byname.name.len = c[0].len;
		return user_login(db, cfg, &byname, res);
	}
	/*
	 * No such id: what a wrong password costs, and counted against the
	 * address (there is no name to count it against).
	 */
	if (rq->client_addr != NULL && rq->client_addr[0] != '\0' &&
	    (e = user_throttle_take(db, cfg, FAIL_BY_ADDR, rq->client_addr,
	    strlen(rq->client_addr), &n)) != UG_OK)
		return e;
	if ((e = password_verify(rq->password.s, rq->password.len, NULL,
	    &ok)) != UG_OK)
		return e;
	return UG_EAUTH;
}

/* The level of a role, or UG_EINVAL if there is no such role. */
enum ug_err
user_role_level(struct db *db, int role_id, int *level)
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
	return user_add(db, cfg, a, u->name, u->password, u->role_id, NULL,
	    NULL, NULL, id);
}

/* Looks up the user ref names; FOR UPDATE inside a transaction. */
enum ug_err
user_target_get(struct db *db, const struct user_ref *ref, int lock,
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

/*
 * Taken first by every transaction that may leave fewer super admins
 * (a delete, lock or demotion of one): two of them conflict on this row,
 * so one waits for the other on a single server and one is aborted and
 * retried under Galera, whose certification sees only written rows.
 * The last-super-admin check below is then never a write skew.
 */
enum ug_err
user_guard_supers(struct db *db)
{
	static const char	*sql =
	    "UPDATE guards SET bumped = bumped + 1 WHERE name = 'super_admins'";

	return db_exec(db, sql, NULL, 0, NULL, NULL);
}

/* UG_EDENIED if t is the last super admin that could still log in. */
enum ug_err
user_not_last_super(struct db *db, const struct target *t)
{
	static const char	*sql =
	    "SELECT COUNT(*) FROM users u JOIN roles r ON r.role_id = u.role_id "
	    "WHERE r.level >= ? AND u.id <> ? AND u.disabled = 0 "
	    "AND u.locked = 0 LOCK IN SHARE MODE";
	struct db_val		 p[2] = { DB_INT(LEVEL_SUPER), DB_UINT(t->id) };
	struct db_col		 c[1] = { DB_COL_INT() };
	enum ug_err		 e;
	int			 found;

	if (t->level < LEVEL_SUPER)
		return UG_OK;
	if ((e = db_select_one(db, sql, p, 2, c, 1, &found)) != UG_OK)
		return e;
	return found && c[0].i > 0 ? UG_OK : UG_EDENIED;
}

enum ug_err
user_update(struct db *db, const struct config *cfg, const struct actor *a,
    const struct user_ref *ref, const struct user_change *ch)
{
	struct user_patch	 p;

	/* The record's patch applies every rule; this is its short form. */
	memset(&p, 0, sizeof(p));
	p.password = ch->password;
	if (ch->role_id >= 0)
		user_patch_int(&p, UF_ROLE, ch->role_id);
	if (ch->locked >= 0)
		user_patch_int(&p, UF_LOCKED, ch->locked);
	return user_patch(db, cfg, a, ref, &p, NULL);
}

enum ug_err
user_role_of(struct db *db, const struct user_ref *ref, int *role_id,
    int *level)
{
	struct target	 t;
	enum ug_err	 e;

	if ((e = user_target_get(db, ref, 0, &t)) != UG_OK)
		return e;
	*role_id = t.role_id;
	*level = t.level;
	return UG_OK;
}

struct delete_tx {
	const struct actor	*a;
	const struct user_ref	*ref;
	struct target		 seen;
};

static enum ug_err
delete_in_tx(struct db *db, void *arg)
{
	static const char	*sql = "DELETE FROM users WHERE id = ?";
	struct delete_tx	*d = arg;
	struct db_val		 p[1];
	struct target		 t;
	enum ug_err		 e;

	if (d->seen.level >= LEVEL_SUPER && (e = user_guard_supers(db)) != UG_OK)
		return e;
	if ((e = user_target_get(db, d->ref, 1, &t)) != UG_OK)
		return e;
	if (t.level >= LEVEL_SUPER && d->seen.level < LEVEL_SUPER &&
	    (e = user_guard_supers(db)) != UG_OK)
		return e;
	if ((e = authz_check(d->a, AUTHZ_DELETE, t.id, t.level)) != UG_OK)
		return e;
	if ((e = user_not_last_super(db, &t)) != UG_OK)
		return e;
	/* Sessions go with the user (ON DELETE CASCADE). */
	p[0] = DB_UINT(t.id);
	return db_exec(db, sql, p, 1, NULL, NULL);
}

enum ug_err
user_delete(struct db *db, const struct actor *a, const struct user_ref *ref)
{
	struct delete_tx	 d;
	enum ug_err		 e;

	d.a = a;
	d.ref = ref;
	if ((e = user_target_get(db, ref, 0, &d.seen)) != UG_OK)
		return e;
	return db_tx(db, delete_in_tx, &d);
}

struct brief_each {
	int	(*fn)(void *, const struct user_brief *);
	void	*arg;
	int	 more;		/* the lock and creation time follow */
};

static int
brief_row(void *arg, const struct db_col *c)
{
	struct brief_each	*be = arg;
	struct user_brief	 b;

	b.id = (uint64_t)c[0].i;
	b.username = c[1].buf;
	b.username_len = c[1].len;
	b.wechat_name = c[2].is_null ? NULL : c[2].buf;
	b.wechat_name_len = c[2].is_null ? 0 : c[2].len;
	b.role_id = (int)c[3].i;
	b.level = (int)c[4].i;
	b.locked = be->more ? c[5].i != 0 : 0;
	b.created = be->more && !c[6].is_null ? c[6].buf : NULL;
	b.created_len = b.created != NULL ? c[6].len : 0;
	return be->fn(be->arg, &b);
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
	struct brief_each	 be = { fn, arg, 0 };

	return db_each(db, sql, NULL, 0, c, 5, brief_row, &be);
}

enum ug_err
user_list_brief_q(struct db *db, const struct user_query *q,
    int (*fn)(void *, const struct user_brief *), void *arg)
{
	/* STRAIGHT_JOIN as above: users in key order, the level filtered. */
	static const char	*sql =
	    "SELECT u.id, u.username, u.wechat_name, u.role_id, r.level, "
	    "u.locked, CAST(u.created AS CHAR) FROM users u STRAIGHT_JOIN "
	    "roles r ON r.role_id = u.role_id WHERE r.level BETWEEN ? AND ? "
	    "ORDER BY u.id LIMIT ?, ?";
	char			 name[USERNAME_MAX_BYTES + 1];
	char			 wname[WECHAT_NAME_MAX * 4 + 1];
	char			 created[32];
	struct db_col		 c[7] = { DB_COL_INT(), DB_COL_STR(name),
				    DB_COL_STR(wname), DB_COL_INT(),
				    DB_COL_INT(), DB_COL_INT(),
				    DB_COL_STR(created) };
	struct db_val		 p[4];
	struct brief_each	 be = { fn, arg, 1 };

	p[0] = DB_INT(q->level_min);
	p[1] = DB_INT(q->level_max);
	p[2] = DB_UINT(q->offset);
	p[3] = DB_UINT(q->limit > 0 ? q->limit : UINT64_MAX);
	return db_each(db, sql, p, 4, c, 7, brief_row, &be);
}

static int
openid_ok(const char *s, size_t len)
{
	return s != NULL && len > 0 && len <= OPENID_MAX && !text_unsafe(s, len);
}

/* A wechat_name as the store keeps it: valid UTF-8, no controls, short. */
static int
wechat_name_ok(struct ustr w)
{
	return utf8_chars(w.s, w.len) <= WECHAT_NAME_MAX &&
	    !text_unsafe(w.s, w.len);
}

enum ug_err
user_openid_lookup(struct db *db, struct ustr openid, struct ustr wname,
    int *exists)
{
	static const char	*sql =
	    "SELECT wechat_name FROM users WHERE openid = ?";
	/*
	 * Writes only when the name differs, byte for byte (the column's
	 * own collation would call "Bob" and "bob" equal), so a launch
	 * that changes nothing costs no write at all.
	 */
	static const char	*sql_set =
	    "UPDATE users SET wechat_name = ? WHERE openid = ? "
	    "AND NOT (wechat_name COLLATE utf8mb4_bin <=> ?)";
	char			 stored[WECHAT_NAME_MAX * 4 + 1];
	struct db_val		 p[3];
	struct db_col		 c[1] = { DB_COL_STR(stored) };
	enum ug_err		 e;

	*exists = 0;
	if (!openid_ok(openid.s, openid.len))
		return UG_EINVAL;
	if (wname.s != NULL && !wechat_name_ok(wname))
		return UG_EINVAL;
	p[0] = DB_STR(openid.s, openid.len);
	if ((e = db_select_one(db, sql, p, 1, c, 1, exists)) != UG_OK ||
	    !*exists)
		return e;
	/* An empty name is no name: it never clears the stored one. */
	if (wname.s == NULL || wname.len == 0 || (!c[0].is_null &&
	    c[0].len == wname.len && memcmp(stored, wname.s, wname.len) == 0))
		return UG_OK;
	p[0] = DB_STR(wname.s, wname.len);
	p[1] = DB_STR(openid.s, openid.len);
	p[2] = DB_STR(wname.s, wname.len);
	return db_exec(db, sql_set, p, 3, NULL, NULL);
}

struct bind_tx {
	uint64_t	 id;
	struct ustr	 openid;
	struct ustr	 wname;
};

static enum ug_err
bind_in_tx(struct db *db, void *arg)
{
	static const char	*sql_take =
	    "UPDATE users SET openid = NULL WHERE openid = ? AND id <> ?";
	static const char	*sql_give =
	    "UPDATE users SET openid = ?, wechat_name = COALESCE(?, wechat_name) "
	    "WHERE id = ?";
	struct bind_tx		*b = arg;
	struct db_val		 p[3];
	enum ug_err		 e;

	p[0] = DB_STR(b->openid.s, b->openid.len);
	p[1] = DB_UINT(b->id);
	if ((e = db_exec(db, sql_take, p, 2, NULL, NULL)) != UG_OK)
		return e;
	p[1] = DB_OSTR(b->wname.s, b->wname.len);
	p[2] = DB_UINT(b->id);
	return db_exec(db, sql_give, p, 3, NULL, NULL);
}

enum ug_err
user_bind_openid(struct db *db, uint64_t id, struct ustr openid,
    struct ustr wname)
{
	struct bind_tx	 b = { id, openid, wname };

	if (!openid_ok(openid.s, openid.len))
		return UG_EINVAL;
	/* A missing or empty name keeps the stored one. */
	if (wname.s != NULL && wname.len == 0)
		b.wname.s = NULL;
	else if (wname.s != NULL && !wechat_name_ok(wname))
		return UG_EINVAL;
	return db_tx(db, bind_in_tx, &b);
}

enum ug_err
user_stop_run(struct db *db, uint64_t id)
{
	static const char	*sql =
	    "UPDATE users SET run_stopped = NOW(3) WHERE id = ?";
	struct db_val		 p[1] = { DB_UINT(id) };

	return db_exec(db, sql, p, 1, NULL, NULL);
}
