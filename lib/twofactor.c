#include <string.h>
#include <time.h>

#include "db.h"
#include "totp.h"
#include "twofactor.h"
#include "user_int.h"

enum ug_err
twofactor_enable(struct db *db, uint64_t id, struct ustr secret,
    struct ustr code, struct ug_detail *d)
{
	static const char	*sql =
	    "UPDATE users SET otp_secret = ?, otp_last_step = ? WHERE id = ?";
	struct db_val		 p[3];
	uint64_t		 step, n = 0;
	enum ug_err		 e;

	if (secret.s == NULL || !totp_secret_ok(secret.s, secret.len)) {
		if (d != NULL) {
			d->field = "secret";
			d->reason = UR_BAD_VALUE;
		}
		return UG_EINVAL;
	}
	step = totp_check(secret.s, secret.len, code.s != NULL ? code.s : "",
	    code.len, time(NULL), 0);
	if (step == 0) {
		if (d != NULL) {
			d->field = "code";
			d->reason = UR_BAD_VALUE;
		}
		return UG_EAUTH;
	}
	p[0] = DB_STR(secret.s, secret.len);
	p[1] = DB_UINT(step);
	p[2] = DB_UINT(id);
	if ((e = db_exec(db, sql, p, 3, &n, NULL)) != UG_OK)
		return e;
	return n == 1 ? UG_OK : UG_ENOTFOUND;
}

enum ug_err
twofactor_clear(struct db *db, const struct actor *a,
    const struct user_ref *ref)
{
	static const char	*sql =
	    "UPDATE users SET otp_secret = NULL, otp_last_step = NULL "
	    "WHERE id = ?";
	struct db_val		 p[1];
	struct target		 t;
	enum ug_err		 e;

	if ((e = user_target_get(db, ref, 0, &t)) != UG_OK)
		return e;
	if ((e = authz_check(a, AUTHZ_CHANGE, t.id, t.level)) != UG_OK)
		return e;
	p[0] = DB_UINT(t.id);
	return db_exec(db, sql, p, 1, NULL, NULL);
}
