/*
 * The login.php contract (seed 002): POST /login.php?mode=M[&operating=O]
 * with form fields, answered with PHP's bodies and PHP's content type.
 *
 *   mode 0        openid lookup          1 / 0
 *   mode 1        bind openid            1 / 0
 *   mode 2        PC login               {"state":"1"[,"token":…]} / {"state":"0"}
 *   mode 3 op 1   list users (admin)     {"users":[…]} / {"0"}
 *   mode 3 op 2   add user (admin)       {"state":"1"} / {"state":"-1"}
 *   mode 3 op 3   delete user (admin)    {"state":"1"} / {"state":"-1"}
 *   mode 3 op 4   modify user (admin)    {"state":"1"} / {"state":"-1"}
 *
 * Fields come from the body, as $_POST had them; mode and operating
 * from the query string.  Any other mode or operating answers 0.
 */
#include <string.h>

#include "config.h"
#include "json.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "session.h"
#include "user.h"

/* What PHP sends when a script sets no Content-Type of its own. */
#define PHP_TYPE	"text/html; charset=UTF-8"

/* Stream the list in pieces of about this size. */
#define LIST_FLUSH	16384

static void
answer(struct request *r, enum ug_err e, const char *body)
{
	int	 status = 200;

	/* An outage is not the client's fault: say so to nginx and monitors. */
	if (e == UG_EDB || e == UG_EBUSY)
		status = r->cfg->loginphp_db_error_status;
	else if (e == UG_EINTERNAL)
		status = 500;
	reply_text(r, status, PHP_TYPE, body);
}

static void
fail_plain(struct request *r, enum ug_err e)
{
	answer(r, e, "0");
}

static void
fail_login(struct request *r, enum ug_err e)
{
	answer(r, e, "{\"state\":\"0\"}");
}

static void
fail_list(struct request *r, enum ug_err e)
{
	answer(r, e, "{\"0\"}");
}

static void
fail_admin(struct request *r, enum ug_err e)
{
	answer(r, e, "{\"state\":\"-1\"}");
}

static void
nomatch(struct request *r)
{
	answer(r, UG_OK, "0");
}

/* A required string field from the body, as a ustr; s NULL if absent. */
static struct ustr
field(const struct request *r, const char *name)
{
	const struct field	*f = req_body(r, name);
	struct ustr		 u = { NULL, 0 };

	if (f != NULL && f->type == FIELD_STR) {
		u.s = f->val;
		u.len = f->val_len;
	}
	return u;
}

/*
 * mode 0: does any user have this openid?  The mini program calls it at
 * every launch, and a changed WeChat name reaches the store this way.
 */
static void
openid_exists(struct request *r)
{
	struct ustr	 openid = field(r, "openid");
	struct ustr	 wname = field(r, "wechat_name");
	enum ug_err	 e;
	int		 exists;

	if (openid.s == NULL || wname.s == NULL) {
		fail_plain(r, UG_EINVAL);
		return;
	}
	if ((e = user_openid_lookup(r->db, openid, wname, &exists)) != UG_OK) {
		fail_plain(r, e);
		return;
	}
	answer(r, UG_OK, exists ? "1" : "0");
}

/* mode 1: with the right username and password, bind the openid. */
static void
openid_bind(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	struct ustr		 openid = field(r, "openid");
	enum ug_err		 e;

	lq.name = field(r, "username");
	lq.password = field(r, "password");
	lq.client_addr = r->remote_addr;
	if (openid.s == NULL || openid.len == 0 || openid.len > OPENID_MAX) {
		fail_plain(r, UG_EINVAL);
		return;
	}
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK ||
	    (e = user_bind_openid(r->db, res.id, openid,
	    field(r, "wechat_name"))) != UG_OK) {
		fail_plain(r, e);
		return;
	}
	answer(r, UG_OK, "1");
}

/* mode 2: PC login; only administrators get a token. */
static void
login(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	enum ug_err		 e;

	lq.name = field(r, "username");
	lq.password = field(r, "password");
	lq.client_addr = r->remote_addr;
	lq.count = 1;
	lq.session = 1;
	lq.session_min_level = LEVEL_ADMIN;
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK) {
		fail_login(r, e);
		return;
	}
	if (!res.has_token) {
		answer(r, UG_OK, "{\"state\":\"1\"}");
		return;
	}
	reply_text(r, 200, PHP_TYPE, "{\"state\":\"1\",\"token\":\"");
	buf_adds(r->out, res.token);
	buf_add(r->out, "\"}", 2);
}

struct list_state {
	struct request	*r;
	int		 n;
};

static int
list_row(void *arg, const struct user_brief *u)
{
	struct list_state	*st = arg;
	struct buf		*b = st->r->out;

	if (st->n++ > 0)
		buf_addc(b, ',');
	buf_addlit(b, "{\"username\":");
	json_str(b, u->username, u->username_len, JSON_PHP);
	buf_addlit(b, ",\"wechat_name\":");
	json_str_or_null(b, u->wechat_name, u->wechat_name_len, JSON_PHP);
	if (role_is_admin_level(u->level))
		buf_addlit(b, ",\"Authority\":\"Y\"}");
	else
		buf_addlit(b, ",\"Authority\":\"N\"}");
	if (b->len >= LIST_FLUSH)
		reply_flush(st->r);
	return st->r->write_failed ? -1 : 0;
}

/* mode 3 op 1: every user, streamed in id order. */
static void
list_users(struct request *r)
{
	struct list_state	 st = { r, 0 };
	enum ug_err		 e;

	reply_text(r, 200, PHP_TYPE, "{\"users\":[");
	e = user_list_brief(r->db, list_row, &st);
	if (e != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			fail_list(r, e);
		return;
	}
	buf_add(r->out, "]}", 2);
}

/* Authority Y/N as a role; -1 if it is anything else. */
static int
authority_role(struct ustr a)
{
	if (a.len == 1 && a.s[0] == 'Y')
		return ROLE_USER_ADMIN;
	if (a.len == 1 && a.s[0] == 'N')
		return ROLE_USER;
	return -1;
}

/* mode 3 op 2: add a user; Authority Y makes a user administrator. */
static void
add_user(struct request *r)
{
	struct user_new	 u;
	struct ustr	 auth = field(r, "Authority");
	enum ug_err	 e;

	u.name = field(r, "username");
	u.password = field(r, "password");
	if (auth.s == NULL || (u.role_id = authority_role(auth)) < 0) {
		fail_admin(r, UG_EINVAL);
		return;
	}
	if ((e = user_create(r->db, r->cfg, &r->actor, &u, NULL)) != UG_OK) {
		fail_admin(r, e);
		return;
	}
	answer(r, UG_OK, "{\"state\":\"1\"}");
}

/* mode 3 op 3: delete a user; an unknown user is not an error (seed). */
static void
delete_user(struct request *r)
{
	struct user_ref	 ref = { field(r, "username"), 0 };
	enum ug_err	 e;

	if (ref.name.s == NULL || ref.name.len == 0) {
		fail_admin(r, UG_EINVAL);
		return;
	}
	e = user_delete(r->db, &r->actor, &ref);
	if (e != UG_OK && e != UG_ENOTFOUND) {
		fail_admin(r, e);
		return;
	}
	answer(r, UG_OK, "{\"state\":\"1\"}");
}

/*
 * mode 3 op 4: change a user's password and/or Authority.  An empty
 * password means "unchanged", as an admin form that sends every field
 * does; Authority Y keeps an administrator's own role (a super admin
 * stays one), N makes an administrator a general user.
 */
static void
modify_user(struct request *r)
{
	struct user_ref		 ref = { field(r, "username"), 0 };
	struct user_change	 ch = USER_CHANGE_NONE;
	struct ustr		 pw = field(r, "password");
	struct ustr		 auth = field(r, "Authority");
	enum ug_err		 e;
	int			 want, role, level;

	if (ref.name.s == NULL || ref.name.len == 0) {
		fail_admin(r, UG_EINVAL);
		return;
	}
	if (pw.s != NULL && pw.len > 0)
		ch.password = pw;
	if (auth.s != NULL && auth.len > 0) {
		if ((want = authority_role(auth)) < 0) {
			fail_admin(r, UG_EINVAL);
			return;
		}
		if ((e = user_role_of(r->db, &ref, &role, &level)) != UG_OK) {
			fail_admin(r, e);
			return;
		}
		if (role_is_admin_level(level) != (want == ROLE_USER_ADMIN))
			ch.role_id = want;
	} else if (ch.password.s == NULL) {
		fail_admin(r, UG_EINVAL);	/* nothing to change */
		return;
	}
	if ((e = user_update(r->db, r->cfg, &r->actor, &ref, &ch)) != UG_OK) {
		fail_admin(r, e);
		return;
	}
	answer(r, UG_OK, "{\"state\":\"1\"}");
}

static const struct route routes[] = {
	{ NULL, "/login.php", 0, -1, ACCESS_ANY, openid_exists, fail_plain },
	{ NULL, "/login.php", 1, -1, ACCESS_ANY, openid_bind, fail_plain },
	{ NULL, "/login.php", 2, -1, ACCESS_ANY, login, fail_login },
	{ NULL, "/login.php", 3, 1, ACCESS_ADMIN, list_users, fail_list },
	{ NULL, "/login.php", 3, 2, ACCESS_ADMIN, add_user, fail_admin },
	{ NULL, "/login.php", 3, 3, ACCESS_ADMIN, delete_user, fail_admin },
	{ NULL, "/login.php", 3, 4, ACCESS_ADMIN, modify_user, fail_admin },
};

const struct contract contract_loginphp = {
	CONTRACT_LOGINPHP, routes, sizeof(routes) / sizeof(routes[0]), nomatch
};
