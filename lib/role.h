/*
 * Roles and the privilege rules every contract shares.
 *
 * Roles live in the roles table (seeded by db/001_schema.sql with
 * adminsys's ids); each has a level, and the rules compare levels only:
 * a caller may create, change, lock or delete only users strictly below
 * its own level, except a super admin, who may act on anyone.  Nobody
 * deletes, locks or demotes themselves; the last super admin can never
 * be removed, locked or demoted (user.c checks that one in the database).
 */
#ifndef UG_ROLE_H
#define UG_ROLE_H

#include <stdint.h>

#include "err.h"

/* Seeded role ids. */
#define ROLE_SUPER		1
#define ROLE_USER_ADMIN		6
#define ROLE_SHOP_ADMIN		7
#define ROLE_PERM_ADMIN		9
#define ROLE_USER		10
#define ROLE_GUEST		11

/* Seeded levels. */
#define LEVEL_SUPER		100
#define LEVEL_ADMIN		50
#define LEVEL_USER		10
#define LEVEL_GUEST		0
/* The operator at the command line, above every role. */
#define LEVEL_OPERATOR		1000

/* Who is acting: from a session, or the operator (id 0). */
struct actor {
	uint64_t	 id;
	int		 role_id;
	int		 level;
};

enum authz_op {
	AUTHZ_CREATE,		/* create a user at target level */
	AUTHZ_CHANGE,		/* change fields other than role or lock */
	AUTHZ_LOCK,		/* lock or disable */
	AUTHZ_DELETE,
	AUTHZ_DEMOTE		/* move to a lower level */
};

/* 1 if level counts as an administrator for every contract. */
int		 role_is_admin_level(int level);

/*
 * UG_OK if actor may do op to a user with target_id (0 when creating)
 * and target_level.  UG_EDENIED otherwise.
 */
enum ug_err	 authz_check(const struct actor *, enum authz_op,
		    uint64_t target_id, int target_level);

/* Maps a role code ("admin", "user", ...) or decimal id to an id; -1. */
int		 role_parse(const char *);

#endif
