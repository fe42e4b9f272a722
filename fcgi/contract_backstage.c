/*
 * The backstage contract (seed 000): a Django admin API, answered as
 * Django's JsonResponse escapes (non-ASCII as \uXXXX), compact as SPEC
 * gives its bodies.
 *
 *   POST /backstage/login_admin/             super admin login, token
 *   POST /backstage/admin_add_user_info/     add a user      {"flag":1,...}
 *   POST /backstage/admin_change_user_info/  change a user   {"flag":1,...}
 *   GET  /backstage/admin_get_one_user_info/?id=   {"data":[zero or one]}
 *   GET  /backstage/get_user_information/    every stat 0/1 user {"data":[...]}
 *   GET  /backstage/admin_delete_user_info/?id=    {"flag":1,...}
 *   GET  /users_stop_run/                    the caller stops its run
 *
 * Every path works with and without its trailing slash.  `stat` is the
 * role (ROLES_BACKSTAGE: 0 general, 1 admin, 2 super admin).  The token
 * comes in a `token` header (HTTP_TOKEN), as the original's pages send
 * it, or wherever else a token may come from; the `username` and `id`
 * headers those pages send with it are ignored.  Only a super admin's
 * session passes the admin routes, as in the original.
 */
#include <string.h>

#include "config.h"
#include "json.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "text.h"
#include "timefmt.h"
#include "user.h"
#include "userrec.h"

#define BS_TYPE		"application/json"
/*
 * Django's JsonResponse escapes as json.dumps() does (non-ASCII as \uXXXX);
 * the separators are compact, as SPEC gives the bodies ("exactly
 * {"message":"error","flag":-1}"); JSON_SPACED would give Django's
 * default ", " and ": ".
 */
#define BS_JSON		JSON_PY


/* The original's bodies for a refused login and a refused caller. */
#define BODY_LOGIN_FAIL	"{\"message\":\"error\",\"flag\":-1}"
#define BODY_NO_LOGIN	"{\"message\":\"\\u60a8\\u8fd8\\u6ca1\\u6709\\u767b" \
	"\\u5f55\\uff0c\\u8bf7\\u8fdb\\u884c\\u767b\\u5f55\\u8fdb\\u884c\\u83b7" \
	"\\u53d6\\u6570\\u636e\\u4fe1\\u606f\\uff01\"}"
#define BODY_NO_RIGHT	"{\"message\":\"\\u60a8\\u6ca1\\u6709\\u6743\\u9650" \
	"\\uff01\"}"

/* Failure shapes: the login's own body, or the admin routes' bodies. */
enum bs_shape { BS_LOGIN, BS_ADMIN };

/* HTTP 200 throughout, as Django answered; 503 for outages. */
static const short bs_status[] = {
	[UG_OK] = 200, [UG_EINVAL] = 200, [UG_ELIMIT] = 200, [UG_EAUTH] = 200,
	[UG_ETOKEN] = 200, [UG_EDENIED] = 200, [UG_ENOTFOUND] = 200,
	[UG_EEXISTS] = 200, [UG_EBUSY] = 503, [UG_EDB] = 503,
	[UG_EINTERNAL] = 500,
};

/* Why a value was refused, in the contract's words. */
static const char *
reason_text(enum ug_reason why)
{
	switch (why) {
	case UR_NONE:		break;
	case UR_REQUIRED:	return "必须填写";
	case UR_EMPTY:		return "不能为空";
	case UR_TOO_LONG:	return "太长";
	case UR_BAD_TEXT:	return "含有无效字符";
	case UR_BAD_VALUE:	return "的值无效";
	case UR_NOT_NUMBER:	return "必须是数字";
	case UR_OUT_OF_RANGE:	return "超出范围";
	case UR_TAKEN:		return "已存在";
	case UR_UNKNOWN_ROLE:	return "必须是 0、1 或 2";
	case UR_WRONG_PASSWORD:	return "不正确";
	case UR_SELF:		return "不能对自己执行此操作";
	case UR_LEVEL:		return "超出您的权限";
	case UR_LAST_SUPER:	return "不能移除最后一个超级管理员";
	case UR_NOT_FOUND:	return "不存在";
	case UR_READ_ONLY:	return "不能修改";
	case UR_TOO_MANY:	return "尝试次数过多，请稍后再试";
	}
	return "无效";
}

/* A refusal without a field's detail, by what went wrong. */
static const char *
err_text(enum ug_err e)
{
	switch (e) {
	case UG_EINVAL:		return "请求格式错误";
	case UG_ELIMIT:		return "请求超出限制";
	case UG_EAUTH:		return "认证失败";
	case UG_ETOKEN:		return "您还没有登录";
	case UG_EDENIED:	return "您没有权限！";
	case UG_ENOTFOUND:	return "用户不存在";
	case UG_EEXISTS:	return "用户名已存在";
	case UG_EBUSY:
	case UG_EDB:		return "服务暂时不可用，请稍后再试";
	default:		break;
	}
	return "服务器内部错误";
}

/* {"flag":0,"message":msg}, with status for e. */
static void
flag0(struct request *r, enum ug_err e, const char *msg, size_t len)
{
	struct jw	 w;

	reply_text(r, router_status(r, e), BS_TYPE, "");
	jw_init(&w, r->out, BS_JSON);
	jw_obj(&w);
	jw_keylit(&w, "flag");
	jw_int(&w, 0);
	jw_keylit(&w, "message");
	jw_str(&w, msg, len);
	jw_end(&w);
}

/*
 * A refusal from the core: {"flag":0,"message":reason}, the reason
 * naming the field as this contract calls it ("stat" for the role).
 */
static void
refuse(struct request *r, enum ug_err e, const struct ug_detail *d)
{
	char		 msg[256];
	struct buf	 b;
	const char	*field, *text;

	if (d == NULL || d->reason == UR_NONE || d->field == NULL ||
	    e == UG_EDB || e == UG_EBUSY || e == UG_EINTERNAL) {
		text = err_text(e);
		flag0(r, e, text, strlen(text));
		return;
	}
	field = strcmp(d->field, "role") == 0 ? "stat" : d->field;
	buf_init_fixed(&b, msg, sizeof(msg));
	if (strcmp(field, "id") == 0 && d->reason == UR_NOT_FOUND)
		buf_adds(&b, "用户不存在");
	else if (strcmp(field, "username") == 0 && d->reason == UR_TAKEN)
		buf_adds(&b, "用户名已存在");
	else if (strcmp(field, "ipconfig") == 0 && d->reason == UR_BAD_VALUE)
		buf_adds(&b, "ipconfig 不是有效的 IPv4 或 IPv6 地址");
	/* The NULs that could make one bad never get past the decoder. */
	else if (strcmp(field, "password") == 0 && d->reason == UR_BAD_VALUE)
		buf_adds(&b, "password 太长");
	else if (strcmp(field, "stat") == 0 && (d->reason == UR_BAD_VALUE ||
	    d->reason == UR_UNKNOWN_ROLE))
		buf_adds(&b, "stat 必须是 0、1 或 2");
	else {
		buf_adds(&b, field);
		buf_addc(&b, ' ');
		buf_adds(&b, reason_text(d->reason));
	}
	if (b.oom)
		b.len = 0;
	flag0(r, e, msg, b.len);
}

/* A refusal of field for why, found by the adapter itself. */
static void
refuse_field(struct request *r, const char *field, enum ug_reason why)
{
	struct ug_detail	 d = { field, why };

	refuse(r, UG_EINVAL, &d);
}

/*
 * The renderer, for the router's refusals (decoding, limits, access)
 * and the handlers' own: the login's one failure body whatever the
 * cause; no token at all, "not logged in"; a token that is not a live
 * super admin's session, "no permission" (the original's check of the
 * token's presence, then of a super admin behind it); anything else
 * {"flag":0,"message":...}.
 */
static void
bs_fail(struct request *r, enum ug_err e)
{
	int	 none;

	if (r->route->shape == BS_LOGIN) {
		reply_text(r, router_status(r, e), BS_TYPE, BODY_LOGIN_FAIL);
		return;
	}
	/* A cookie another site's page sent is no token either. */
	none = r->token_src == TOKEN_NONE || (r->token_src == TOKEN_COOKIE &&
	    !request_origin_trusted(r));
	if (e == UG_ETOKEN && none)
		reply_text(r, router_status(r, e), BS_TYPE, BODY_NO_LOGIN);
	else if (e == UG_ETOKEN || e == UG_EDENIED)
		reply_text(r, router_status(r, e), BS_TYPE, BODY_NO_RIGHT);
	else
		refuse(r, e, NULL);
}

/* A path of the contract that takes another method. */
static void
bs_nomatch(struct request *r, int status)
{
	reply_text(r, status, BS_TYPE, "{\"flag\":0,\"message\":"
	    "\"\\u4e0d\\u652f\\u6301\\u7684\\u8bf7\\u6c42\\u65b9\\u6cd5\"}");
}

/*
 * A field's text: 1 with *u set; 0 if absent or a JSON null; -1 if it
 * is a JSON object, array or boolean.  A JSON number is its text, as
 * a script may post {"id": 8, "stat": 0}.
 */
static int
text_of(const struct field *f, struct ustr *u)
{
	u->s = NULL;
	u->len = 0;
	if (f == NULL || f->type == FIELD_NULL)
		return 0;
	if (f->type != FIELD_STR && f->type != FIELD_NUM)
		return -1;
	u->s = f->val;
	u->len = f->val_len;
	return 1;
}

/* A body field as text, as Django's request.POST has it; see text_of. */
static int
body_text(const struct request *r, const char *name, struct ustr *u)
{
	return text_of(req_body(r, name), u);
}

/*
 * A user id from f: UR_NONE with *id set, or why it is none (absent,
 * not a decimal number).
 */
static enum ug_reason
id_of(const struct field *f, uint64_t *id)
{
	struct ustr	 u;
	int		 k;

	if ((k = text_of(f, &u)) == 0 || (k == 1 && u.len == 0))
		return UR_REQUIRED;
	if (k == -1 || parse_u64(u.s, u.len, INT64_MAX, id) == -1)
		return UR_NOT_NUMBER;
	return UR_NONE;
}

/* stat (0, 1, 2) as *stat and its role id; UR_NONE or UR_BAD_VALUE. */
static enum ug_reason
stat_role(struct ustr u, int *stat, int *role)
{
	uint64_t	 v;

	if (parse_u64(u.s, u.len, 2, &v) == -1 ||
	    (*role = role_import(ROLES_BACKSTAGE, (long long)v)) < 0)
		return UR_BAD_VALUE;
	*stat = (int)v;
	return UR_NONE;
}

/* {"flag":1,"message":msg}: msg is pre-escaped for the style. */
static void
flag1(struct request *r, const char *escaped)
{
	reply_text(r, 200, BS_TYPE, "{\"flag\":1,\"message\":\"");
	buf_adds(r->out, escaped);
	buf_addlit(r->out, "\"}");
}

/*
 * The login: super admins only (stat 2), counted as a login, with a
 * session; the body as the seed shows it, and the session cookie as
 * Django's session set it.
 */
static void
login_admin(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	struct jw		 w;
	enum ug_err		 e;

	if (body_text(r, "username", &lq.name) == -1 ||
	    body_text(r, "password", &lq.password) == -1) {
		router_fail(r, UG_EAUTH);
		return;
	}
	lq.client_addr = r->remote_addr;
	lq.min_level = LEVEL_SUPER;
	lq.count = 1;
	lq.session = 1;
	lq.session_min_level = LEVEL_SUPER;
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	if (!res.has_token) {
		router_fail(r, UG_EINTERNAL);
		return;
	}
	reply_cookie(r, res.token, TOKEN_LEN, r->cfg->session_ttl);
	reply_text(r, 200, BS_TYPE, "");
	jw_init(&w, r->out, BS_JSON);
	jw_obj(&w);
	jw_keylit(&w, "message");
	jw_strlit(&w, "success");
	jw_keylit(&w, "flag");
	jw_int(&w, 1);
	jw_keylit(&w, "code");
	jw_int(&w, 0);
	jw_keylit(&w, "token");
	jw_str(&w, res.token, TOKEN_LEN);
	/* The name as posted, as the original echoed it. */
	jw_keylit(&w, "username");
	jw_str(&w, lq.name.s, lq.name.len);
	jw_keylit(&w, "id");
	jw_uint(&w, res.id);
	jw_end(&w);
}

/*
 * ipconfig into p: absent leaves it as it is; "" is no address (NULL);
 * anything else is checked by the core (an IPv4 or IPv6 address).
 */
static int
ipconfig_into(struct request *r, struct user_patch *p)
{
	struct ustr	 ip;
	int		 k;

	if ((k = body_text(r, "ipconfig", &ip)) == -1) {
		refuse_field(r, "ipconfig", UR_BAD_VALUE);
		return -1;
	}
	if (k == 1)
		user_patch_text(p, UF_IPCONFIG, ip.len > 0 ? ip.s : NULL,
		    ip.len);
	return 0;
}

/* Add a user: username, password, ipconfig, stat (absent: 0). */
static void
add_user(struct request *r)
{
	struct user_patch	 init;
	struct ug_detail	 d;
	struct ustr		 name, pw, stat;
	enum ug_err		 e;
	int			 role = ROLE_USER, sv, k;

	memset(&init, 0, sizeof(init));
	if (body_text(r, "username", &name) == -1) {
		refuse_field(r, "username", UR_BAD_VALUE);
		return;
	}
	if (body_text(r, "password", &pw) == -1) {
		refuse_field(r, "password", UR_BAD_VALUE);
		return;
	}
	if ((k = body_text(r, "stat", &stat)) == -1 ||
	    (k == 1 && stat.len > 0 && stat_role(stat, &sv, &role) !=
	    UR_NONE)) {
		refuse_field(r, "stat", UR_BAD_VALUE);
		return;
	}
	if (ipconfig_into(r, &init) == -1)
		return;
	if ((e = user_add(r->db, r->cfg, &r->actor, name, pw, role, &init,
	    r->remote_addr, &d, NULL)) != UG_OK) {
		refuse(r, e, &d);
		return;
	}
	flag1(r, "\\u521b\\u5efa\\u6210\\u529f");	/* 创建成功 */
}

/*
 * Change a user: id, and any of password, ipconfig, stat.  An absent
 * or empty password leaves it unchanged: the list shows every password
 * as "", and an edit form posts back what it was shown.  So does a
 * stat equal to the one the user is shown with (a shop admin stays
 * one, not a user admin).  The name is not changed here (the original
 * took none).
 */
static void
change_user(struct request *r)
{
	struct user_rec		 rec;
	struct user_patch	 p;
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct ug_detail	 d;
	struct ustr		 pw, stat;
	enum ug_reason		 why;
	enum ug_err		 e;
	int			 role = -1, sv = -1, k;

	memset(&p, 0, sizeof(p));
	if ((why = id_of(req_body(r, "id"), &ref.id)) != UR_NONE) {
		refuse_field(r, "id", why);
		return;
	}
	if ((k = body_text(r, "stat", &stat)) == -1 ||
	    (k == 1 && stat.len > 0 && stat_role(stat, &sv, &role) !=
	    UR_NONE)) {
		refuse_field(r, "stat", UR_BAD_VALUE);
		return;
	}
	if (body_text(r, "password", &pw) == -1) {
		refuse_field(r, "password", UR_BAD_VALUE);
		return;
	}
	if (pw.s != NULL && pw.len > 0)
		p.password = pw;
	if (ipconfig_into(r, &p) == -1)
		return;
	if (role >= 0) {
		if ((e = user_get(r->db, &ref, &rec)) != UG_OK) {
			if (e == UG_ENOTFOUND)
				refuse_field(r, "id", UR_NOT_FOUND);
			else
				refuse(r, e, NULL);
			return;
		}
		if (role_export(ROLES_BACKSTAGE, (int)rec.v[UF_ROLE].i,
		    rec.level) != sv)
			user_patch_int(&p, UF_ROLE, role);
	}
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		refuse(r, e, &d);
		return;
	}
	flag1(r, "\\u4fee\\u6539\\u6210\\u529f");	/* 修改成功 */
}

struct list_state {
	struct request	*r;
	struct jw	 w;
};

/* One row as the original's views wrote it; the password is "". */
static int
list_row(void *arg, const struct user_rec *u)
{
	struct list_state	*st = arg;
	struct jw		*w = &st->w;
	const struct user_val	*ip = &u->v[UF_IPCONFIG];
	const struct user_val	*c = &u->v[UF_CREATED];
	struct buf		*b = w->b;

	/*
	 * The writer places the object; its keys, fixed, are written by
	 * hand (a list of 100 is 600 of them).
	 */
	if (jw_raw(w, "{\"id\":", 6) == -1)
		return -1;
	buf_addu(b, u->id);
	buf_addlit(b, ",\"name\":");
	json_str(b, u->v[UF_USERNAME].s, u->v[UF_USERNAME].len, BS_JSON);
	buf_addlit(b, ",\"password\":\"\",\"ipconfig\":");
	json_str_or_null(b, ip->is_null ? NULL : ip->s, ip->len, BS_JSON);
	buf_addlit(b, ",\"count\":");
	buf_addi(b, u->v[UF_COUNT].i);
	buf_addlit(b, ",\"create_at\":");
	timefmt_store_json(b, c->is_null ? NULL : c->s, c->len,
	    timefmt_store_django);
	buf_addc(b, '}');
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/* Opens {"data": [ for a list. */
static void
list_open(struct request *r, struct list_state *st)
{
	st->r = r;
	reply_text(r, 200, BS_TYPE, "");
	jw_init(&st->w, r->out, BS_JSON);
	jw_obj(&st->w);
	jw_keylit(&st->w, "data");
	jw_arr(&st->w);
}

static void
list_close(struct list_state *st)
{
	jw_end(&st->w);
	jw_end(&st->w);
}

/* One user of stat 0 or 1 by ?id=, as a list of zero or one. */
static void
get_one(struct request *r)
{
	struct user_rec		 rec;
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct list_state	 st;
	enum ug_reason		 why;
	enum ug_err		 e;

	if ((why = id_of(form_get(&r->qs, "id"), &ref.id)) != UR_NONE) {
		refuse_field(r, "id", why);
		return;
	}
	e = user_get(r->db, &ref, &rec);
	if (e != UG_OK && e != UG_ENOTFOUND) {
		refuse(r, e, NULL);
		return;
	}
	list_open(r, &st);
	/* Super admins are never shown, as the original filtered them. */
	if (e == UG_OK && rec.level < LEVEL_SUPER)
		list_row(&st, &rec);
	list_close(&st);
}

/* The fields a row shows: the store sends no others. */
#define ROW_FIELDS	(UP_BIT(UF_USERNAME) | UP_BIT(UF_IPCONFIG) | \
	UP_BIT(UF_COUNT) | UP_BIT(UF_CREATED))

/* Every user of stat 0 or 1, in id order, streamed. */
static void
list_users(struct request *r)
{
	struct user_query	 q = { LEVEL_GUEST, LEVEL_SUPER - 1, 0, 0,
				    ROW_FIELDS };
	struct list_state	 st;
	enum ug_err		 e;

	list_open(r, &st);
	if ((e = user_list(r->db, &q, NULL, list_row, &st)) != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			refuse(r, e, NULL);
		return;
	}
	list_close(&st);
}

/* Delete the user ?id= names, under the core's rules. */
static void
delete_user(struct request *r)
{
	struct user_ref	 ref = { { NULL, 0 }, 0 };
	enum ug_reason	 why;
	enum ug_err	 e;

	if ((why = id_of(form_get(&r->qs, "id"), &ref.id)) != UR_NONE) {
		refuse_field(r, "id", why);
		return;
	}
	if ((e = user_delete(r->db, &r->actor, &ref)) != UG_OK) {
		struct ug_detail d = { "id", e == UG_ENOTFOUND ? UR_NOT_FOUND :
		    ref.id == r->actor.id ? UR_SELF : UR_LEVEL };

		refuse(r, e, &d);
		return;
	}
	flag1(r, "\\u5220\\u9664\\u6210\\u529f");	/* 删除成功 */
}

/* The caller stops its run: recorded in its own field, not in stat. */
static void
stop_run(struct request *r)
{
	enum ug_err	 e;

	if ((e = user_stop_run(r->db, r->actor.id)) != UG_OK) {
		refuse(r, e, NULL);
		return;
	}
	/* {"info":"停止运行"} */
	reply_text(r, 200, BS_TYPE,
	    "{\"info\":\"\\u505c\\u6b62\\u8fd0\\u884c\"}");
}

/* The API: Django's paths; the trailing slash is optional. */
#define SUPER	ACCESS_LEVEL(LEVEL_SUPER)
#define NOSEL	{ -1, -1 }

static const struct route routes[] = {
	/* method  path                                 access  handler   failure */
	{ M_POST, "/backstage/login_admin/", NOSEL, ACCESS_ANY, login_admin,
	    BS_LOGIN },
	{ M_POST, "/backstage/admin_add_user_info/", NOSEL, SUPER, add_user,
	    BS_ADMIN },
	{ M_POST, "/backstage/admin_change_user_info/", NOSEL, SUPER,
	    change_user, BS_ADMIN },
	{ M_GET, "/backstage/admin_get_one_user_info/", NOSEL, SUPER, get_one,
	    BS_ADMIN },
	{ M_GET, "/backstage/get_user_information/", NOSEL, SUPER, list_users,
	    BS_ADMIN },
	{ M_GET, "/backstage/admin_delete_user_info/", NOSEL, SUPER,
	    delete_user, BS_ADMIN },
	{ M_GET, "/users_stop_run/", NOSEL, ACCESS_USER, stop_run, BS_ADMIN },
};

/*
 * Django paths (slash optional); the token from the `token` header too;
 * the session cookie is a credential, as Django's session was (the
 * router refuses one that another site's page sent); a wrong method is
 * a 405 with Allow.
 */
const struct contract contract_backstage = {
	.id = CONTRACT_BACKSTAGE,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.flags = CT_SLASH_OPTIONAL | CT_COOKIE_AUTH | CT_METHOD_405,
	.token_param = "HTTP_TOKEN",
	.select = NULL,
	.status = bs_status,
	.nstatus = sizeof(bs_status) / sizeof(bs_status[0]),
	.fail = bs_fail,
	.nomatch = bs_nomatch,
};
