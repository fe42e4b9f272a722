/*
 * What user.c and userrec.c share inside lib/: the steps every change
 * of a user goes through.  Not for adapters.
 */
#ifndef UG_USER_INT_H
#define UG_USER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "user.h"

struct config;
struct db;

/* login_failures kinds: per name, per address, registrations per address. */
#define FAIL_BY_NAME		1
#define FAIL_BY_ADDR		2
#define FAIL_BY_REGISTER	3

/* A user as the privilege rules see it. */
struct target {
	uint64_t	 id;
	int		 level;
	int		 role_id;
};

/* Looks up the user ref names; FOR UPDATE if lock (in a transaction). */
enum ug_err	 user_target_get(struct db *, const struct user_ref *, int lock,
		    struct target *);
/* The level of a role; UG_EINVAL if there is no such role. */
enum ug_err	 user_role_level(struct db *, int role_id, int *level);
/* First in a transaction that may leave fewer super admins. */
enum ug_err	 user_guard_supers(struct db *);
/* UG_EDENIED if t is the last super admin that can still log in. */
enum ug_err	 user_not_last_super(struct db *, const struct target *);
/* Counts one event of kind for s in its window; *count is the new count. */
enum ug_err	 user_throttle_take(struct db *, const struct config *, int kind,
		    const char *s, size_t len, long long *count);

/*
 * Counts a password attempt for name (and addr) before it is checked:
 * UG_EAUTH past either limit, an error if it cannot be counted.
 */
enum ug_err	 user_throttle_reserve(struct db *, const struct config *,
		    struct ustr name, const char *addr);
/* The password was right: forgives the name, gives the address back. */
void		 user_throttle_release(struct db *, struct ustr name,
		    const char *addr);

#endif
