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
#include "text.h"
#include "user.h"

/* What PHP sends when a script sets no Content-Type of its own. */
#define PHP_TYPE	"text/html; charset=UTF-8"


/* The failure shapes: one body per kind of route, as the seed has them. */
enum lp_shape { LP_PLAIN, LP_LOGIN, LP_LIST, LP_ADMIN };
static const char *const lp_fail_body[] = {
	[LP_PLAIN] = "0",
	[LP_LOGIN] = "{\"state\":\"0\"}",
	[LP_LIST] = "{\"0\"}",
	[LP_ADMIN] = "{\"state\":\"-1\"}",
};

/*
 * PHP answered 200 whatever happened; an outage is not the client's
 * fault, so it is told to nginx and monitors (loginphp_db_error_status,
 * 503 by default), and a bug on our side is a 500.
 */
static const short lp_status[] = {
	[UG_OK] = 200, [UG_EINVAL] = 200, [UG_ELIMIT] = 200, [UG_EAUTH] = 200,
	[UG_ETOKEN] = 200, [UG_EDENIED] = 200, [UG_ENOTFOUND] = 200,
	[UG_EEXISTS] = 200, [UG_EBUSY] = 503, [UG_EDB] = 503,
	[UG_EINTERNAL] = 500,
};

/* The renderer: route r->route's failure body for e. */
static void
lp_fail(struct request *r, enum ug_err e)
{
	int	 status = router_status(r, e);

	if (e == UG_EDB || e == UG_EBUSY)
		status = r->cfg->loginphp_db_error_status;
	reply_text(r, status, PHP_TYPE, lp_fail_body[r->route->shape]);
}

/* Any other mode or operating, or method: 0, as the original's fallthrough. */
static void
lp_nomatch(struct request *r, int status)
{
	reply_text(r, 200, PHP_TYPE, "0");
}

/* A success body. */
static void
ok(struct request *r, const char *body)
{
	reply_text(r, 200, PHP_TYPE, body);
}

/* A query field as a small number, or -1 if absent or not one. */
static int
query_int(const struct request *r, const char *name)
{
	const struct field	*f = form_get(&r->qs, name);
	uint64_t		 v;

	if (f == NULL || parse_u64(f->val, f->val_len, 1000, &v) == -1)
		return -1;
	return (int)v;
}

/* The selector: ?mode= and &operating= pick the route, not the path. */
static void
lp_select(const struct request *r, int *sel)
{
	sel[0] = query_int(r, "mode");
	sel[1] = query_int(r, "operating");
}

/*
 * mode 0: does any user have this openid?  The mini program calls it at
 * every launch, and a changed WeChat name reaches the store this way.
 */
static void
openid_exists(struct request *r)
{
	struct ustr	 openid = req_body_str(r, "openid");
	struct ustr	 wname = req_body_str(r, "wechat_name");
	enum ug_err	 e;
	int		 exists;

	if (openid.s == NULL || wname.s == NULL) {
		router_fail(r, UG_EINVAL);
		return;
	}
	if ((e = user_openid_lookup(r->db, openid, wname, &exists)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok(r, exists ? "1" : "0");
}

/* mode 1: with the right username and password, bind the openid. */
static void
openid_bind(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	struct ustr		 openid = req_body_str(r, "openid");
	enum ug_err		 e;

	lq.name = req_body_str(r, "username");
	lq.password = req_body_str(r, "password");
	lq.client_addr = r->remote_addr;
	if (openid.s == NULL || openid.len == 0 || openid.len > OPENID_MAX) {
		router_fail(r, UG_EINVAL);
		return;
	}
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK ||
	    (e = user_bind_openid(r->db, res.id, openid,
	    req_body_str(r, "wechat_name"))) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok(r, "1");
}

/* mode 2: PC login; only administrators get a token. */
static void
login(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	struct jw		 w;
	enum ug_err		 e;

	lq.name = req_body_str(r, "username");
	lq.password = req_body_str(r, "password");
	lq.client_addr = r->remote_addr;
	lq.count = 1;
	lq.session = 1;
	lq.session_min_level = LEVEL_ADMIN;
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	if (!res.has_token) {
		ok(r, "{\"state\":\"1\"}");
		return;
	}
	ok(r, "");
	jw_init(&w, r->out, JSON_PHP);
	jw_obj(&w);
	jw_key(&w, "state");
	jw_strz(&w, "1");
	jw_key(&w, "token");
	jw_strz(&w, res.token);
	jw_end(&w);
}

struct list_state {
	struct request	*r;
	struct jw	 w;
};

static int
list_row(void *arg, const struct user_brief *u)
{
	struct list_state	*st = arg;
	struct jw		*w = &st->w;

	jw_obj(w);
	jw_keylit(w, "username");
	jw_str(w, u->username, u->username_len);
	jw_keylit(w, "wechat_name");
	jw_str_or_null(w, u->wechat_name, u->wechat_name_len);
	jw_keylit(w, "Authority");
	if (role_is_admin_level(u->level))
		jw_strlit(w, "Y");
	else
		jw_strlit(w, "N");
	jw_end(w);
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/* mode 3 op 1: every user, streamed in id order. */
static void
list_users(struct request *r)
{
	struct list_state	 st;
	enum ug_err		 e;

	st.r = r;
	ok(r, "");
	jw_init(&st.w, r->out, JSON_PHP);
	jw_obj(&st.w);
	jw_key(&st.w, "users");
	jw_arr(&st.w);
	e = user_list_brief(r->db, list_row, &st);
	if (e != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			router_fail(r, e);
		return;
	}
	jw_end(&st.w);
	jw_end(&st.w);
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
	struct ustr	 auth = req_body_str(r, "Authority");
	enum ug_err	 e;

	u.name = req_body_str(r, "username");
	u.password = req_body_str(r, "password");
	if (auth.s == NULL || (u.role_id = authority_role(auth)) < 0) {
		router_fail(r, UG_EINVAL);
		return;
	}
	if ((e = user_create(r->db, r->cfg, &r->actor, &u, NULL)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok(r, "{\"state\":\"1\"}");
}

/* mode 3 op 3: delete a user; an unknown user is not an error (seed). */
static void
delete_user(struct request *r)
{
	struct user_ref	 ref = { req_body_str(r, "username"), 0 };
	enum ug_err	 e;

	if (ref.name.s == NULL || ref.name.len == 0) {
		router_fail(r, UG_EINVAL);
		return;
	}
	e = user_delete(r->db, &r->actor, &ref);
	if (e != UG_OK && e != UG_ENOTFOUND) {
		router_fail(r, e);
		return;
	}
	ok(r, "{\"state\":\"1\"}");
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
	struct user_ref		 ref = { req_body_str(r, "username"), 0 };
	struct user_change	 ch = USER_CHANGE_NONE;
	struct ustr		 pw = req_body_str(r, "password");
	struct ustr		 auth = req_body_str(r, "Authority");
	enum ug_err		 e;
	int			 want, role, level;

	if (ref.name.s == NULL || ref.name.len == 0) {
		router_fail(r, UG_EINVAL);
		return;
	}
	if (pw.s != NULL && pw.len > 0)
		ch.password = pw;
	if (auth.s != NULL && auth.len > 0) {
		if ((want = authority_role(auth)) < 0) {
			router_fail(r, UG_EINVAL);
			return;
		}
		if ((e = user_role_of(r->db, &ref, &role, &level)) != UG_OK) {
			router_fail(r, e);
			return;
		}
		if (role_is_admin_level(level) != (want == ROLE_USER_ADMIN))
			ch.role_id = want;
	} else if (ch.password.s == NULL) {
		router_fail(r, UG_EINVAL);	/* nothing to change */
		return;
	}
	if ((e = user_update(r->db, r->cfg, &r->actor, &ref, &ch)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok(r, "{\"state\":\"1\"}");
}

/*
 * The API.  One path; ?mode= and &operating= (lp_select) choose the
 * route.  Any method, as PHP's $_POST script took any.
 */
#define ADMIN	ACCESS_LEVEL(LEVEL_ADMIN)

static const struct route routes[] = {
	/* methods  path         mode op  access      handler        failure */
	{ M_ANY, "/login.php", { 0, -1 }, ACCESS_ANY, openid_exists, LP_PLAIN },
	{ M_ANY, "/login.php", { 1, -1 }, ACCESS_ANY, openid_bind, LP_PLAIN },
	{ M_ANY, "/login.php", { 2, -1 }, ACCESS_ANY, login, LP_LOGIN },
	{ M_ANY, "/login.php", { 3, 1 }, ADMIN, list_users, LP_LIST },
	{ M_ANY, "/login.php", { 3, 2 }, ADMIN, add_user, LP_ADMIN },
	{ M_ANY, "/login.php", { 3, 3 }, ADMIN, delete_user, LP_ADMIN },
	{ M_ANY, "/login.php", { 3, 4 }, ADMIN, modify_user, LP_ADMIN },
};

/*
 * Exact paths; the token from Authorization, a field or the query,
 * never from the cookie: mode 3 is a plain form post that any site
 * could make a browser send (CSRF).  Always 200 but for outages.
 */
const struct contract contract_loginphp = {
	.id = CONTRACT_LOGINPHP,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.flags = 0,
	.token_param = NULL,
	.select = lp_select,
	.status = lp_status,
	.nstatus = sizeof(lp_status) / sizeof(lp_status[0]),
	.fail = lp_fail,
	.nomatch = lp_nomatch,
};
