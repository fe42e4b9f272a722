/*
 * The user store: one users table for every contract (db/001_schema.sql).
 * Everything here applies the shared rules itself, so an adapter cannot
 * forget them: input validation, the privilege rules of role.h, session
 * revocation on password, role, lock and delete, login throttling, and
 * equal hashing work for unknown users and wrong passwords.
 */
#ifndef UG_USER_H
#define UG_USER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "role.h"
#include "token.h"

struct config;
struct db;

#define USERNAME_MAX_BYTES	1020	/* 255 characters of 4 bytes */
#define OPENID_MAX		128
#define WECHAT_NAME_MAX		64

/* A counted string; s == NULL means "not given". */
struct ustr {
	const char	*s;
	size_t		 len;
};

struct login_req {
	struct ustr	 name;
	struct ustr	 password;
	const char	*client_addr;	/* for throttling and the session */
	int		 min_level;	/* refuse roles below this level */
	int		 count;		/* count a successful login */
	int		 session;	/* issue a token ... */
	int		 session_min_level; /* ... to roles at this level or up */
	struct ustr	 otp_code;	/* the one-time code, if two-factor is on */
	int		 prehash;	/* password is this scheme's digest
					   (enum prehash; 0: the password) */
	int		 session_ttl;	/* seconds; 0: session_ttl */
	int		 session_idle;	/* 0: session_idle; SESSION_NO_IDLE */
};

struct login_res {
	uint64_t	 id;
	int		 role_id;
	int		 level;
	int		 has_token;	/* a session was issued */
	/*
	 * Set with UG_EAUTH only when the password was right and the user
	 * has two-factor on but the one-time code was missing, wrong, stale
	 * or used before: a contract may then ask for the code (AList's
	 * 402).  Every other refusal leaves it 0.
	 */
	int		 otp_failed;
	/*
	 * Set with UG_EAUTH only when the password was right but the user
	 * is locked: a contract whose original said so (proxypool's
	 * 账号已锁定) may, without telling a wrong password from a lock.
	 */
	int		 locked;
	char		 token[TOKEN_LEN + 1];
};

/*
 * Checks a username and password and, if asked, issues the session in
 * the same step: the session exists only if the password verified is
 * still the user's when it is written (a password change, lock or
 * delete in the meantime refuses the login).  UG_EAUTH for every kind of
 * refusal (unknown, wrong password, disabled, locked, throttled, below
 * min_level), so no caller can tell them apart; any error while
 * counting the attempt refuses it too.
 */
enum ug_err	 user_login(struct db *, const struct config *,
		    const struct login_req *, struct login_res *);

/*
 * user_login for the user whose id is id (adminsys logs in by user_id):
 * rq->name is ignored and the user's name stands in for it, so the
 * throttle and every rule are user_login's.  An unknown id costs the
 * same hashing work, counts against the client address, and is UG_EAUTH.
 */
enum ug_err	 user_login_id(struct db *, const struct config *, uint64_t id,
		    const struct login_req *, struct login_res *);

/* Validates a username as every contract must: UG_OK or UG_EINVAL. */
enum ug_err	 user_name_check(const struct config *, const char *, size_t);

struct user_new {
	struct ustr	 name;
	struct ustr	 password;
	int		 role_id;
};

/* Creates a user; UG_EEXISTS if the name is taken. */
enum ug_err	 user_create(struct db *, const struct config *,
		    const struct actor *, const struct user_new *,
		    uint64_t *id);

/* Which user: by name, or by id when name.s is NULL. */
struct user_ref {
	struct ustr	 name;
	uint64_t	 id;
};

struct user_change {
	struct ustr	 password;	/* s NULL: unchanged */
	int		 role_id;	/* -1: unchanged */
	int		 locked;	/* -1: unchanged, 0: unlock, 1: lock */
};
/* A change of nothing; set the fields that change. */
#define USER_CHANGE_NONE	{ { NULL, 0 }, -1, -1 }

/*
 * Applies ch to the user ref names, if the actor may.  A change that
 * changes nothing still checks that the user exists and may be changed.
 */
enum ug_err	 user_update(struct db *, const struct config *,
		    const struct actor *, const struct user_ref *,
		    const struct user_change *);
/* The role and level of a user; UG_ENOTFOUND if there is none. */
enum ug_err	 user_role_of(struct db *, const struct user_ref *, int *role_id,
		    int *level);
/* UG_ENOTFOUND if there is no such user. */
enum ug_err	 user_delete(struct db *, const struct actor *,
		    const struct user_ref *);

/* One row of the brief list. */
struct user_brief {
	uint64_t	 id;
	const char	*username;
	size_t		 username_len;
	const char	*wechat_name;	/* NULL if unset */
	size_t		 wechat_name_len;
	int		 role_id;
	int		 level;
	/* Only from user_list_brief_q (else 0 and NULL): */
	int		 locked;
	const char	*created;	/* "YYYY-MM-DD HH:MM:SS.mmm", or NULL */
	size_t		 created_len;
};

/*
 * Calls fn for every user in id order, streaming from the database;
 * fn returns 0 to go on, -1 to stop (the result is then UG_EINTERNAL).
 */
enum ug_err	 user_list_brief(struct db *,
		    int (*fn)(void *, const struct user_brief *), void *arg);
struct user_query;
/*
 * As user_list_brief, for the users of q (userrec.h: levels, offset,
 * limit), each with its lock and creation time too: a list that shows
 * no more than that (proxypool's) reads no more than that.
 */
enum ug_err	 user_list_brief_q(struct db *, const struct user_query *,
		    int (*fn)(void *, const struct user_brief *), void *arg);

/*
 * login.php's mode 0: sets *exists to whether some user has this openid,
 * and if so, and wname (the WeChat name the client has now) is given,
 * not empty and not the stored one, stores it.  UG_EINVAL, with nothing
 * written, for an openid or wname that is not valid.
 */
enum ug_err	 user_openid_lookup(struct db *, struct ustr openid,
		    struct ustr wname, int *exists);
/*
 * Gives user id the openid (and the wechat name, if given and not
 * empty; else the stored one stays), taking it from whoever held it.
 */
enum ug_err	 user_bind_openid(struct db *, uint64_t id, struct ustr openid,
		    struct ustr wechat_name);

/* Records that user id stopped its run now (backstage's /users_stop_run/). */
enum ug_err	 user_stop_run(struct db *, uint64_t id);

#endif
