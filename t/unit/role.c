/*
 * Unit tests of lib/role.c: the privilege rules every contract shares,
 * as a matrix of actor level x target level x operation x self.
 */
#include <stdint.h>

#include "role.h"
#include "tap.h"

static const char *const op_names[] = {
	"create", "change", "lock", "delete", "demote"
};

/* What the rules in role.h say, written out independently. */
static int
expected(int actor_level, int target_level, enum authz_op op, int self)
{
	if (self && (op == AUTHZ_DELETE || op == AUTHZ_LOCK ||
	    op == AUTHZ_DEMOTE))
		return 0;
	if (actor_level >= LEVEL_SUPER)
		return 1;
	return target_level < actor_level;
}

int
main(void)
{
	static const int	 levels[] = { LEVEL_GUEST, LEVEL_USER,
				    LEVEL_ADMIN, LEVEL_SUPER, LEVEL_OPERATOR };
	struct actor		 a;
	size_t			 i, j;
	int			 op, self, want, got;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		for (j = 0; j < sizeof(levels) / sizeof(levels[0]) - 1; j++)
			for (op = AUTHZ_CREATE; op <= AUTHZ_DEMOTE; op++)
				for (self = 0; self <= 1; self++) {
					/* Creating has no target to be. */
					if (self && op == AUTHZ_CREATE)
						continue;
					/* Acting on yourself is at your level. */
					if (self && levels[j] != levels[i])
						continue;
					a.id = 7;
					a.role_id = 0;
					a.level = levels[i];
					want = expected(levels[i], levels[j], op, self);
					got = authz_check(&a, op, op == AUTHZ_CREATE ?
					    0 : self ? 7 : 8, levels[j]) == UG_OK;
					ok(got == want, "level %d %s %s level %d: %s",
					    levels[i], op_names[op], self ? "itself at" :
					    "a user at", levels[j], want ? "allowed" :
					    "denied");
				}

	/* The operator (id 0) is nobody's self. */
	a.id = 0;
	a.level = LEVEL_OPERATOR;
	ok(authz_check(&a, AUTHZ_DELETE, 1, LEVEL_SUPER) == UG_OK,
	    "the operator deletes a super admin");
	ok(role_is_admin_level(LEVEL_ADMIN) && !role_is_admin_level(LEVEL_USER),
	    "admin level starts at 50");
	is_int(role_parse("admin"), ROLE_SUPER, "role_parse admin");
	is_int(role_parse("user_admin"), ROLE_USER_ADMIN, "role_parse user_admin");
	is_int(role_parse("10"), ROLE_USER, "role_parse a decimal id");
	is_int(role_parse("Admin"), -1, "role_parse is exact");
	is_int(role_parse("-1"), -1, "role_parse refuses a sign");
	/* Each contract's numbers (SPEC "One store, one identity"). */
	is_int(role_export(ROLES_LOGINPHP, ROLE_SHOP_ADMIN, LEVEL_ADMIN), 1,
	    "loginphp: a shop admin is Y");
	is_int(role_export(ROLES_LOGINPHP, ROLE_USER, LEVEL_USER), 0,
	    "loginphp: a general user is N");
	is_int(role_export(ROLES_BACKSTAGE, ROLE_SUPER, LEVEL_SUPER), 2,
	    "backstage: a super admin is stat 2");
	is_int(role_export(ROLES_BACKSTAGE, ROLE_PERM_ADMIN, LEVEL_ADMIN), 1,
	    "backstage: any level-50 role is stat 1");
	is_int(role_export(ROLES_BACKSTAGE, ROLE_GUEST, LEVEL_GUEST), 0,
	    "backstage: below admin is stat 0");
	is_int(role_import(ROLES_BACKSTAGE, 0), ROLE_USER, "backstage: stat 0");
	is_int(role_import(ROLES_BACKSTAGE, 1), ROLE_USER_ADMIN, "backstage: stat 1");
	is_int(role_import(ROLES_BACKSTAGE, 2), ROLE_SUPER, "backstage: stat 2");
	is_int(role_import(ROLES_BACKSTAGE, 3), -1, "backstage: stat 3");
	is_int(role_export(ROLES_PROXYPOOL, ROLE_SUPER, LEVEL_SUPER), 1,
	    "proxypool: a super admin is usertype 1");
	is_int(role_export(ROLES_PROXYPOOL, ROLE_USER_ADMIN, LEVEL_ADMIN), 2,
	    "proxypool: an admin is 2");
	is_int(role_export(ROLES_PROXYPOOL, ROLE_USER, LEVEL_USER), 3,
	    "proxypool: a normal user is 3");
	is_int(role_import(ROLES_PROXYPOOL, 2), ROLE_USER_ADMIN, "proxypool: 2");
	is_int(role_import(ROLES_PROXYPOOL, 3), ROLE_USER, "proxypool: 3");
	is_int(role_import(ROLES_PROXYPOOL, 0), -1, "proxypool: 0 is none");
	is_int(role_import(ROLES_PROXYPOOL, 4), -1, "proxypool: 4 is none");
	is_int(role_export(ROLES_ALIST, ROLE_SUPER, LEVEL_SUPER), 2,
	    "alist: a super admin is role 2");
	is_int(role_export(ROLES_ALIST, ROLE_SHOP_ADMIN, LEVEL_ADMIN), 2,
	    "alist: a level-50 role is role 2");
	is_int(role_export(ROLES_ALIST, ROLE_USER, LEVEL_USER), 0,
	    "alist: a general user is role 0");
	is_int(role_export(ROLES_ALIST, ROLE_GUEST, LEVEL_GUEST), 1,
	    "alist: the guest is role 1");
	is_int(role_import(ROLES_ALIST, 0), ROLE_USER, "alist: 0");
	is_int(role_import(ROLES_ALIST, 1), ROLE_GUEST, "alist: 1");
	is_int(role_import(ROLES_ALIST, 2), ROLE_USER_ADMIN,
	    "alist: 2 is an admin, never a super admin");
	is_int(role_import(ROLES_ALIST, -1), -1, "alist: -1");
	is_int(role_import(ROLES_LOGINPHP, 1), ROLE_USER_ADMIN, "loginphp: Y");
	is_int(role_parse(""), -1, "role_parse refuses empty");
	return done_testing();
}
