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

/*
 * How each contract numbers roles (SPEC "One store, one identity"), in
 * one place so that no adapter maps them by hand:
 *
 *	ROLES_LOGINPHP	 Authority: 1 (Y) admin level, 0 (N) below
 *	ROLES_BACKSTAGE	 stat: 2 super admin, 1 admin level, 0 below
 *	ROLES_PROXYPOOL	 usertype: 1 super admin, 2 admin level, 3 below
 *	ROLES_ALIST	 role: 2 admin level (a super admin too), 0 general,
 *			 1 guest
 */
enum role_scheme { ROLES_LOGINPHP, ROLES_BACKSTAGE, ROLES_PROXYPOOL,
    ROLES_ALIST };

/* The contract's number for a user of role_id at level. */
int		 role_export(enum role_scheme, int role_id, int level);
/* The role id a contract's number stands for when it sets one; -1. */
int		 role_import(enum role_scheme, long long value);

struct db;

/* A row of the roles table, as adminsys's login shows it. */
struct role_row {
	int	 role_id;
	char	 name[64 * 4 + 1];
	char	 code[64 * 4 + 1];
	char	 description[255 * 4 + 1];
	int	 has_description;
	char	 created[32];	/* "YYYY-MM-DD HH:MM:SS.mmm" or "" (NULL) */
	char	 updated[32];
};

/* The row of role_id; UG_ENOTFOUND if there is none. */
enum ug_err	 role_get(struct db *, int role_id, struct role_row *);

#endif
