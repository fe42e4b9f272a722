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
	is_int(role_parse(""), -1, "role_parse refuses empty");
	return done_testing();
}
