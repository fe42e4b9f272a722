/*
 * Sessions.  A login issues a token (token.h); the sessions table keeps
 * its SHA-256 with the user, creation, expiry, last use and client
 * address.  A token is valid until its absolute expiry (session_ttl) and
 * while used at least every session_idle seconds, and only while its
 * user exists and is neither disabled nor locked.
 */
#ifndef UG_SESSION_H
#define UG_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "role.h"

struct config;
struct db;

/*
 * Issues a session for user_id, but only while verified_hash -- the
 * password hash the login checked -- is still the user's and the user is
 * neither locked nor disabled; UG_EAUTH if not.  token receives
 * TOKEN_LEN + 1 bytes.  Logins reach it through user_login() only.
 */
enum ug_err	 session_issue(struct db *, const struct config *,
		    uint64_t user_id, const char *verified_hash,
		    const char *client_addr, char *token);
/*
 * As session_issue, with the session's own lifetime: ttl seconds (0:
 * session_ttl) and an idle limit kept with it (0: session_idle, read at
 * each check; SESSION_NO_IDLE: none), for a contract whose clients keep
 * a token for days (AList's scripts).
 */
#define SESSION_NO_IDLE	(-1)
enum ug_err	 session_issue_for(struct db *, const struct config *,
		    uint64_t user_id, const char *verified_hash,
		    const char *client_addr, int ttl, int idle, char *token);
/*
 * Resolves a token to the acting user.  UG_ETOKEN for a malformed,
 * unknown, expired, idle or revoked token; UG_EDB if the store failed.
 */
enum ug_err	 session_check(struct db *, const struct config *,
		    const char *token, size_t len, struct actor *);
/* Ends one session (logout). */
enum ug_err	 session_revoke(struct db *, const char *token, size_t len);
/* Ends every session of a user (password, role, lock, delete). */
enum ug_err	 session_revoke_user(struct db *, uint64_t user_id);

#endif
