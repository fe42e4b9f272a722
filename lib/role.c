#include <stdint.h>
#include <string.h>

#include "db.h"
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

int
role_export(enum role_scheme s, int role_id, int level)
{
	switch (s) {
	case ROLES_LOGINPHP:
		return role_is_admin_level(level);
	case ROLES_BACKSTAGE:
		return level >= LEVEL_SUPER ? 2 : role_is_admin_level(level);
	case ROLES_PROXYPOOL:
		return level >= LEVEL_SUPER ? 1 :
		    role_is_admin_level(level) ? 2 : 3;
	case ROLES_ALIST:
		if (role_is_admin_level(level))
			return 2;
		return role_id == ROLE_GUEST || level <= LEVEL_GUEST ? 1 : 0;
	}
	return -1;
}

int
role_import(enum role_scheme s, long long v)
{
	static const int	 loginphp[] = { ROLE_USER, ROLE_USER_ADMIN };
	static const int	 backstage[] = { ROLE_USER, ROLE_USER_ADMIN,
				    ROLE_SUPER };
	static const int	 proxypool[] = { -1, ROLE_SUPER, ROLE_USER_ADMIN,
				    ROLE_USER };
	static const int	 alist[] = { ROLE_USER, ROLE_GUEST,
				    ROLE_USER_ADMIN };

	if (v < 0 || v > 3)
		return -1;
	switch (s) {
	case ROLES_LOGINPHP:
		return v < 2 ? loginphp[v] : -1;
	case ROLES_BACKSTAGE:
		return v < 3 ? backstage[v] : -1;
	case ROLES_PROXYPOOL:
		return proxypool[v];
	case ROLES_ALIST:
		return v < 3 ? alist[v] : -1;
	}
	return -1;
}

enum ug_err
role_get(struct db *db, int role_id, struct role_row *r)
{
	static const char	*sql =
	    "SELECT role_id, name, code, description, CAST(created AS CHAR), "
	    "CAST(updated AS CHAR) FROM roles WHERE role_id = ?";
	struct db_val		 p[1] = { DB_INT(role_id) };
	struct db_col		 c[6] = { DB_COL_INT(), DB_COL_STR(r->name),
				    DB_COL_STR(r->code),
				    DB_COL_STR(r->description),
				    DB_COL_STR(r->created),
				    DB_COL_STR(r->updated) };
	enum ug_err		 e;
	int			 found;

	if ((e = db_select_one(db, sql, p, 1, c, 6, &found)) != UG_OK)
		return e;
	if (!found)
		return UG_ENOTFOUND;
	r->role_id = (int)c[0].i;
	r->has_description = !c[3].is_null;
	return UG_OK;
}
