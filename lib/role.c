#include <stdint.h>
#include <string.h>

#include "role.h"
#include "text.h"

static const struct {
	const char	*code;
	int		 id;
} role_codes[] = {
	{ "admin", ROLE_SUPER },
	{ "super", ROLE_SUPER },
	{ "user_admin", ROLE_USER_ADMIN },
	{ "shop_admin", ROLE_SHOP_ADMIN },
	{ "role_admin", ROLE_PERM_ADMIN },
	{ "user", ROLE_USER },
	{ "guest", ROLE_GUEST },
};

int
role_is_admin_level(int level)
{
	return level >= LEVEL_ADMIN;
}

enum ug_err
authz_check(const struct actor *a, enum authz_op op, uint64_t target_id,
    int target_level)
{
	int	 self = target_id != 0 && a->id == target_id;

	if (self && (op == AUTHZ_DELETE || op == AUTHZ_LOCK ||
	    op == AUTHZ_DEMOTE))
		return UG_EDENIED;
	if (a->level >= LEVEL_SUPER)
		return UG_OK;
	if (target_level < a->level)
		return UG_OK;
	return UG_EDENIED;
}

int
role_parse(const char *s)
{
	uint64_t	 v;
	size_t		 i;

	for (i = 0; i < sizeof(role_codes) / sizeof(role_codes[0]); i++)
		if (strcmp(s, role_codes[i].code) == 0)
			return role_codes[i].id;
	if (parse_u64(s, strlen(s), INT32_MAX, &v) == 0)
		return (int)v;
	return -1;
}
