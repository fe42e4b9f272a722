/*
 * The proxy-pool site's user API (seed 003): a Flask app whose Vue
 * front end and scripts post JSON, keep the token from /login's answer
 * and send it back, as it is, in Authorization.
 *
 *   POST /login          {"Authorization":"<token>"}
 *   POST /regist         {"message":"创建成功"}        (proxypool_regist)
 *   GET  /userlist       {"data":[user…]}   yourself, or every normal user
 *   GET  /adminlist      {"data":[user…]}   every admin (super admin only)
 *   POST /adduser        {"message":"创建成功"}        usertype 2 or 3
 *   GET  /about          {"data":{avatar, description, permission, …}}
 *   POST /delete         {"message":"用户已删除"}
 *   POST /upwd           {"message":"修改成功"}        own, with oldpwd
 *   POST /admin/upwd     {"message":"修改成功"}        another's
 *   POST /lock           {"message":"执行完成"}        userlock true/false
 *   GET  /upavatar       {"message":"<new avatar>"}
 *   POST /description    {"message":"修改成功"}
 *   GET  /iplist         {"data":[proxy…]}
 *   *    /updatespend    410 (struck out in the seed)
 *
 * Every route takes GET and POST, as the original's did; fields come
 * from the body (Flask's request.json; forms too).  Failures are
 * {"message":…} (the token check's {"error":…}) with the original's
 * statuses; bodies are written as Flask's jsonify writes them: ASCII
 * with \u escapes, keys sorted, a newline at the end.
 */
#include <string.h>
#include <sys/random.h>

#include "config.h"
#include "json.h"
#include "proxy.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "text.h"
#include "timefmt.h"
#include "user.h"
#include "userrec.h"

#define PP_TYPE		"application/json"

/* The original's texts. */
#define T_INCOMPLETE	"参数不完整"
#define T_BAD		"参数错误"		/* ours: a value we cannot take */
#define T_NOUSER	"账号密码不存在"
#define T_LOCKED	"账号已锁定"
#define T_EXISTS	"用户已经存在"
#define T_DIFFER	"密码不同"
#define T_CREATED	"创建成功"
#define T_DELETED	"用户已删除"
#define T_CHANGED	"修改成功"
#define T_DONE		"执行完成"
#define T_NOCREATE	"无权限创建"
#define T_CLOSED	"注册已关闭"		/* ours: proxypool_regist = no */
#define T_TOOMANY	"注册过于频繁"		/* ours: the per-address count */
#define T_GONE		"接口已停用"		/* ours: /updatespend */
#define T_DBDOWN	"数据库不可用"		/* ours: an outage */
#define T_INTERNAL	"服务器错误"

/*
 * The failure shapes: per route, what a refusal (UG_EDENIED, and an
 * unknown user, which the original answered alike where it did not
 * crash) says, and with which status.
 */
enum pp_shape { PP_LOGIN, PP_REGIST, PP_USERLIST, PP_ADMINLIST, PP_ADD,
    PP_DELETE, PP_UPWD, PP_LOCK, PP_DESC, PP_USER };
static const struct {
	short		 status;
	const char	*text;
} pp_refusal[] = {
	[PP_LOGIN] = { 401, T_NOUSER },
	[PP_REGIST] = { 403, T_NOCREATE },
	[PP_USERLIST] = { 403, "无权限" },
	[PP_ADMINLIST] = { 403, "无权访问" },
	[PP_ADD] = { 403, "无权限访问" },
	[PP_DELETE] = { 403, "无权限删除" },
	[PP_UPWD] = { 403, "修改失败" },
	[PP_LOCK] = { 404, "无权限执行" },
	[PP_DESC] = { 403, "修改失败" },
	[PP_USER] = { 403, "无权限" },
};

/* Statuses per ug_err; the renderer refines EDENIED and ENOTFOUND. */
static const short pp_status[] = {
	[UG_OK] = 200, [UG_EINVAL] = 400, [UG_ELIMIT] = 413, [UG_EAUTH] = 401,
	[UG_ETOKEN] = 401, [UG_EDENIED] = 403, [UG_ENOTFOUND] = 403,
	[UG_EEXISTS] = 401, [UG_EBUSY] = 503, [UG_EDB] = 503,
	[UG_EINTERNAL] = 500,
};

/* Replaces the answer with {"key":"text"} and Flask's newline. */
static void
pp_answer(struct request *r, int status, const char *key, const char *text)
{
	struct jw	 w;

	reply_text(r, status, PP_TYPE, "");
	jw_init(&w, r->out, JSON_PY);
	jw_obj(&w);
	jw_key(&w, key);
	jw_strz(&w, text);
	jw_end(&w);
	buf_addc(r->out, '\n');
}

static void
pp_msg(struct request *r, int status, const char *text)
{
	pp_answer(r, status, "message", text);
}

/* The renderer: route r->route's answer to e. */
static void
pp_fail(struct request *r, enum ug_err e)
{
	int	 shape = r->route != NULL ? r->route->shape : PP_USER;

	switch (e) {
	case UG_ETOKEN:
		/* The original's login decorator: none, or one that fails. */
		if (r->token == NULL && (r->authorization == NULL ||
		    r->authorization[0] == '\0'))
			pp_answer(r, 401, "error", "401");
		else
			pp_answer(r, 401, "error", "认证失败");
		break;
	case UG_EDENIED:
	case UG_ENOTFOUND:
		pp_msg(r, pp_refusal[shape].status, pp_refusal[shape].text);
		break;
	case UG_EAUTH:
		pp_msg(r, 401, T_NOUSER);
		break;
	case UG_EEXISTS:
		pp_msg(r, shape == PP_REGIST ? 401 : 403, T_EXISTS);
		break;
	case UG_EINVAL:
	case UG_ELIMIT:
		pp_msg(r, router_status(r, e), T_BAD);
		break;
	case UG_EBUSY:
	case UG_EDB:
		pp_msg(r, 503, T_DBDOWN);
		break;
	default:
		pp_msg(r, 500, T_INTERNAL);
		break;
	}
}

/* No route: Flask's 404 and 405, in this API's shape. */
static void
pp_nomatch(struct request *r, int status)
{
	pp_msg(r, status, status == 405 ? "Method Not Allowed" : "Not Found");
}

/*
 * A required text field of the body: a JSON string or number (the Vue
 * app's v-model.number sends a number) as it is.  Absent, null or ""
 * is missing, as the original's all([...]) had it.
 */
static struct ustr
field(const struct request *r, const char *name)
{
	const struct field	*f = req_body(r, name);
	struct ustr		 u = { NULL, 0 };

	if (f != NULL && f->val_len > 0 &&
	    (f->type == FIELD_STR || f->type == FIELD_NUM)) {
		u.s = f->val;
		u.len = f->val_len;
	}
	return u;
}

static int
seed_types(const struct request *r)
{
	return strcmp(r->cfg->proxypool_types, "original") != 0;
}

/*
 * Per usertype (1 super admin, 2 admin, 3 normal user): the display
 * name and the permissions of the original's tables, as JSON already
 * escaped the way jsonify escapes them (a list writes them per row).
 * The seed shows a normal user's permission as "查"; the original's Vue
 * app reads arrays.
 */
static const struct {
	const char	*role;		/* 超级管理员, 管理员, 普通用户 */
	const char	*seed;		/* "添加,改,查,删", "添加,改,查", "查" */
	const char	*orig;		/* the original's arrays */
} ut_json[] = {
	[1] = { "\"\\u8d85\\u7ea7\\u7ba1\\u7406\\u5458\"",
	    "\"\\u6dfb\\u52a0,\\u6539,\\u67e5,\\u5220\"",
	    "[\"\\u6dfb\\u52a0\",\"\\u6539\",\"\\u67e5\",\"\\u5220\"]" },
	[2] = { "\"\\u7ba1\\u7406\\u5458\"",
	    "\"\\u6dfb\\u52a0,\\u6539,\\u67e5\"",
	    "[\"\\u6dfb\\u52a0\",\"\\u6539\",\"\\u67e5\"]" },
	[3] = { "\"\\u666e\\u901a\\u7528\\u6237\"", "\"\\u67e5\"",
	    "[\"\\u6539\"]" },
};

static void
put_role(struct jw *w, int usertype)
{
	jw_raw(w, ut_json[usertype].role, strlen(ut_json[usertype].role));
}

/* A usertype's permission as JSON, in the seed's type or the original's. */
static const char *
permission_json(int seed, int usertype)
{
	return seed ? ut_json[usertype].seed : ut_json[usertype].orig;
}

static void
put_permission(const struct request *r, struct jw *w, int usertype)
{
	const char	*p = permission_json(seed_types(r), usertype);

	jw_raw(w, p, strlen(p));
}

static int
usertype_of(const struct user_rec *u)
{
	return role_export(ROLES_PROXYPOOL, (int)u->v[UF_ROLE].i, u->level);
}

/* A shown value: the stored text, or the default when it is NULL. */
static void
put_text(struct jw *w, const struct user_val *v, const char *def,
    size_t deflen)
{
	if (v->is_null)
		jw_str(w, def, deflen);
	else
		jw_str(w, v->s, v->len);
}

struct list_state {
	struct request	*r;
	struct jw	 w;
};

/*
 * One user of a list, its keys in jsonify's (sorted) order: created is
 * the store's "YYYY-MM-DD HH:MM:SS.mmm" (NULL: null).
 */
static int
put_user(struct list_state *st, const char *name, size_t namelen,
    const char *created, size_t createdlen, int locked, int ut)
{
	struct jw	*w = &st->w;
	struct buf	*b = w->b;
	int		 seed = seed_types(st->r);

	/*
	 * The writer places the object; its keys, fixed, are written by
	 * hand (a list of 99 is 495 of them).
	 */
	if (jw_raw(w, "{\"createtime\":", 14) == -1)
		return -1;
	timefmt_store_json(b, created, createdlen, timefmt_store_sql);
	buf_addlit(b, ",\"permission\":");
	buf_adds(b, permission_json(seed, ut));
	buf_addlit(b, ",\"role\":");
	buf_adds(b, ut_json[ut].role);
	if (seed)
		buf_adds(b, locked ? ",\"status\":\"True\",\"username\":" :
		    ",\"status\":\"False\",\"username\":");
	else
		buf_adds(b, locked ? ",\"status\":true,\"username\":" :
		    ",\"status\":false,\"username\":");
	json_str(b, name, namelen, w->flags);
	buf_addc(b, '}');
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/* A row of the lean list. */
static int
brief_row(void *arg, const struct user_brief *u)
{
	return put_user(arg, u->username, u->username_len, u->created,
	    u->created_len, u->locked, role_export(ROLES_PROXYPOOL, u->role_id,
	    u->level));
}

/* {"data":[…]} of the users whose level is in [lo, hi], streamed. */
static void
list_levels(struct request *r, int lo, int hi)
{
	struct user_query	 q = { lo, hi, 0, 0, 0 };
	struct list_state	 st;
	enum ug_err		 e;

	st.r = r;
	reply_text(r, 200, PP_TYPE, "");
	jw_init(&st.w, r->out, JSON_PY);
	jw_obj(&st.w);
	jw_keylit(&st.w, "data");
	jw_arr(&st.w);
	if ((e = user_list_brief_q(r->db, &q, brief_row, &st)) != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			router_fail(r, e);
		return;
	}
	jw_end(&st.w);
	jw_end(&st.w);
	buf_addc(r->out, '\n');
}

/* POST /login: the token under the key the front end reads. */
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
	if (lq.name.s == NULL || lq.password.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK) {
		/* The lock is told only to whoever knows the password. */
		if (e == UG_EAUTH && res.locked)
			pp_msg(r, 401, T_LOCKED);
		else
			router_fail(r, e);
		return;
	}
	if (!res.has_token) {
		router_fail(r, UG_EINTERNAL);
		return;
	}
	pp_answer(r, 200, "Authorization", res.token);
}

/* A random avatar of the configured list (not secret: no retry on EINTR). */
static struct ustr
random_avatar(const struct config *cfg)
{
	struct ustr	 u;
	unsigned	 x = 0;
	size_t		 n = config_list_n(cfg->proxypool_avatars);

	if (getrandom(&x, sizeof(x), GRND_NONBLOCK) != (ssize_t)sizeof(x))
		x = 0;
	u.s = config_list_at(cfg->proxypool_avatars, n ? x % n : 0, &u.len);
	return u;
}

/* The initial fields of a user made here: the default avatar and text. */
static void
initial_fields(const struct request *r, struct user_patch *p)
{
	struct ustr	 a = random_avatar(r->cfg);

	memset(p, 0, sizeof(*p));
	user_patch_text(p, UF_DESCRIPTION, r->cfg->proxypool_description,
	    strlen(r->cfg->proxypool_description));
	if (a.s != NULL)
		user_patch_text(p, UF_AVATAR, a.s, a.len);
}

/* A refusal of user_add (or user_patch) in this API's words. */
static void
add_failed(struct request *r, enum ug_err e, const struct ug_detail *d)
{
	if (e == UG_EDENIED && d->reason == UR_TOO_MANY)
		pp_msg(r, 429, T_TOOMANY);
	else if (e == UG_EDENIED)
		pp_msg(r, 403, T_NOCREATE);
	else
		router_fail(r, e);
}

/* POST /regist: anyone, as a normal user, when the operator allows it. */
static void
regist(struct request *r)
{
	struct ustr		 name = field(r, "username");
	struct ustr		 pw = field(r, "password");
	struct ustr		 pw1 = field(r, "password1");
	struct user_patch	 init;
	struct ug_detail	 d;
	enum ug_err		 e;

	if (!r->cfg->proxypool_regist) {
		pp_msg(r, 403, T_CLOSED);
		return;
	}
	if (name.s == NULL || pw.s == NULL || pw1.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if (pw.len != pw1.len || memcmp(pw.s, pw1.s, pw.len) != 0) {
		pp_msg(r, 401, T_DIFFER);
		return;
	}
	initial_fields(r, &init);
	if ((e = user_add(r->db, r->cfg, NULL, name, pw, ROLE_USER, &init,
	    r->remote_addr, &d, NULL)) != UG_OK) {
		add_failed(r, e, &d);
		return;
	}
	pp_msg(r, 200, T_CREATED);
}

/* GET /userlist: a normal user sees itself; admins every normal user. */
static void
userlist(struct request *r)
{
	struct user_ref		 self = { { NULL, 0 }, r->actor.id };
	struct user_rec		 u;
	struct list_state	 st;
	enum ug_err		 e;

	if (role_is_admin_level(r->actor.level)) {
		list_levels(r, LEVEL_GUEST, LEVEL_ADMIN - 1);
		return;
	}
	if ((e = user_get(r->db, &self, &u)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	st.r = r;
	reply_text(r, 200, PP_TYPE, "");
	jw_init(&st.w, r->out, JSON_PY);
	jw_obj(&st.w);
	jw_keylit(&st.w, "data");
	jw_arr(&st.w);
	put_user(&st, u.v[UF_USERNAME].s, u.v[UF_USERNAME].len,
	    u.v[UF_CREATED].is_null ? NULL : u.v[UF_CREATED].s,
	    u.v[UF_CREATED].len, !u.v[UF_LOCKED].is_null &&
	    u.v[UF_LOCKED].i != 0, usertype_of(&u));
	jw_end(&st.w);
	jw_end(&st.w);
	buf_addc(r->out, '\n');
}

/* GET /adminlist: the admins, for the super admin (the route's rule). */
static void
adminlist(struct request *r)
{
	list_levels(r, LEVEL_ADMIN, LEVEL_SUPER - 1);
}

/* POST /adduser: usertype 2 or 3, below the creator's own level. */
static void
adduser(struct request *r)
{
	struct ustr		 name = field(r, "username");
	struct ustr		 pw = field(r, "password");
	struct ustr		 ut = field(r, "usertype");
	struct user_patch	 init;
	struct ug_detail	 d;
	uint64_t		 v;
	enum ug_err		 e;
	int			 role;

	if (name.s == NULL || pw.s == NULL || ut.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if (parse_u64(ut.s, ut.len, 100, &v) == -1 ||
	    (role = role_import(ROLES_PROXYPOOL, (long long)v)) < 0) {
		pp_msg(r, 400, T_BAD);
		return;
	}
	if (role == ROLE_SUPER) {		/* the original's rule */
		pp_msg(r, 403, T_NOCREATE);
		return;
	}
	initial_fields(r, &init);
	if ((e = user_add(r->db, r->cfg, &r->actor, name, pw, role, &init,
	    r->remote_addr, &d, NULL)) != UG_OK) {
		add_failed(r, e, &d);
		return;
	}
	pp_msg(r, 200, T_CREATED);
}

/* GET /about: the caller's card. */
static void
about(struct request *r)
{
	struct user_ref	 self = { { NULL, 0 }, r->actor.id };
	struct user_rec	 u;
	struct jw	 w;
	struct ustr	 a;
	const char	*desc = r->cfg->proxypool_description;
	enum ug_err	 e;
	int		 ut;
	size_t		 n;

	if ((e = user_get(r->db, &self, &u)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ut = usertype_of(&u);
	/* A user made elsewhere has none yet: one of the list, by its id. */
	n = config_list_n(r->cfg->proxypool_avatars);
	a.s = config_list_at(r->cfg->proxypool_avatars, n ? u.id % n : 0,
	    &a.len);
	reply_text(r, 200, PP_TYPE, "");
	jw_init(&w, r->out, JSON_PY);
	jw_obj(&w);
	jw_keylit(&w, "data");
	jw_obj(&w);
	jw_keylit(&w, "avatar");
	put_text(&w, &u.v[UF_AVATAR], a.s, a.len);
	jw_keylit(&w, "description");
	put_text(&w, &u.v[UF_DESCRIPTION], desc, strlen(desc));
	jw_keylit(&w, "permission");
	put_permission(r, &w, ut);
	jw_keylit(&w, "role");
	put_role(&w, ut);
	jw_keylit(&w, "username");
	jw_str(&w, u.v[UF_USERNAME].s, u.v[UF_USERNAME].len);
	jw_end(&w);
	jw_end(&w);
	buf_addc(r->out, '\n');
}

/* POST /delete: by username, under the hierarchy. */
static void
delete_user(struct request *r)
{
	struct user_ref	 ref = { field(r, "username"), 0 };
	enum ug_err	 e;

	if (ref.name.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if ((e = user_delete(r->db, &r->actor, &ref)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	pp_msg(r, 200, T_DELETED);
}

/* user_patch's refusals on a route whose failure is its refusal text. */
static void
patch_failed(struct request *r, enum ug_err e)
{
	/* A wrong old password is a refusal here, never a logout (401). */
	router_fail(r, e == UG_EAUTH ? UG_EDENIED : e);
}

/* POST /upwd: one's own password, with the old one. */
static void
upwd(struct request *r)
{
	struct user_ref		 ref = { field(r, "username"), 0 };
	struct user_patch	 p;
	struct ug_detail	 d;
	enum ug_err		 e;

	memset(&p, 0, sizeof(p));
	p.old_password = field(r, "oldpwd");
	p.password = field(r, "newpwd");
	if (ref.name.s == NULL || p.old_password.s == NULL ||
	    p.password.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	/* Another's name with an old password: the core refuses (not self). */
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		patch_failed(r, e);
		return;
	}
	pp_msg(r, 200, T_CHANGED);
}

/* POST /admin/upwd: another's password, no old one, by the hierarchy. */
static void
admin_upwd(struct request *r)
{
	struct user_ref		 ref = { field(r, "username"), 0 };
	struct user_patch	 p;
	struct ug_detail	 d;
	enum ug_err		 e;

	memset(&p, 0, sizeof(p));
	p.password = field(r, "newpwd");
	if (ref.name.s == NULL || p.password.s == NULL) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		patch_failed(r, e);
		return;
	}
	pp_msg(r, 200, T_CHANGED);
}

/*
 * userlock as the Vue app sends it (a JSON boolean, the switch's new
 * state) or as scripts do: 1/0, "true"/"false", "True"/"False".
 * 1, 0, or -1 for anything else.
 */
static int
lock_value(const struct field *f)
{
	static const char *const yes[] = { "true", "True", "1" };
	static const char *const no[] = { "false", "False", "0" };
	size_t	 i;

	if (f == NULL || (f->type != FIELD_BOOL && f->type != FIELD_NUM &&
	    f->type != FIELD_STR))
		return -1;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (str_is(f->val, f->val_len, yes[i]))
			return 1;
		if (str_is(f->val, f->val_len, no[i]))
			return 0;
	}
	return -1;
}

/* POST /lock: lock (sessions end at once) or unlock a user below. */
static void
lock_user(struct request *r)
{
	struct user_ref		 ref = { field(r, "username"), 0 };
	const struct field	*f = req_body(r, "userlock");
	struct user_patch	 p;
	struct ug_detail	 d;
	enum ug_err		 e;
	int			 lock;

	if (ref.name.s == NULL || f == NULL || f->type == FIELD_NULL ||
	    (f->type == FIELD_STR && f->val_len == 0)) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	if ((lock = lock_value(f)) < 0) {
		pp_msg(r, 400, T_BAD);
		return;
	}
	memset(&p, 0, sizeof(p));
	user_patch_int(&p, UF_LOCKED, lock);
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		patch_failed(r, e);
		return;
	}
	pp_msg(r, 200, T_DONE);
}

/* GET /upavatar: a new random avatar for the caller, which /about shows. */
static void
upavatar(struct request *r)
{
	struct user_ref		 self = { { NULL, 0 }, r->actor.id };
	struct user_patch	 p;
	struct ug_detail	 d;
	struct ustr		 a = random_avatar(r->cfg);
	char			 path[1024 + 1];
	enum ug_err		 e;

	if (a.s == NULL || a.len >= sizeof(path)) {
		router_fail(r, UG_EINTERNAL);
		return;
	}
	memcpy(path, a.s, a.len);
	path[a.len] = '\0';
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_AVATAR, path, a.len);
	if ((e = user_patch(r->db, r->cfg, &r->actor, &self, &p, &d)) !=
	    UG_OK) {
		router_fail(r, e);
		return;
	}
	pp_msg(r, 200, path);
}

/* POST /description: one's own (or, by the hierarchy, a user's below). */
static void
description(struct request *r)
{
	struct user_ref		 ref = { field(r, "username"), 0 };
	const struct field	*f = req_body(r, "description");
	struct user_patch	 p;
	struct ug_detail	 d;
	enum ug_err		 e;

	if (ref.name.s == NULL || f == NULL || (f->type != FIELD_STR &&
	    f->type != FIELD_NUM)) {
		pp_msg(r, 401, T_INCOMPLETE);
		return;
	}
	memset(&p, 0, sizeof(p));
	user_patch_text(&p, UF_DESCRIPTION, f->val, f->val_len);
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		patch_failed(r, e);
		return;
	}
	pp_msg(r, 200, T_CHANGED);
}

/* One proxy, its keys in jsonify's order; spend a number, as stored. */
static int
proxy_row(void *arg, const struct proxy_row *p)
{
	struct list_state	*st = arg;
	struct jw		*w = &st->w;
	struct ug_time		 t;
	char			 ts[TIMEFMT_MAX];

	jw_obj(w);
	jw_keylit(w, "address");
	jw_strz(w, p->address);
	jw_keylit(w, "createtime");
	if (timefmt_parse(p->createtime, strlen(p->createtime), &t) == 0)
		jw_str(w, ts, timefmt_rfc1123(&t, ts));
	else
		jw_null(w);
	jw_keylit(w, "httptype");
	jw_strz(w, p->httptype);
	jw_keylit(w, "id");
	jw_uint(w, p->id);
	jw_keylit(w, "ip");
	jw_strz(w, p->ip);
	jw_keylit(w, "isp");
	jw_strz(w, p->isp);
	jw_keylit(w, "port");
	jw_int(w, p->port);
	jw_keylit(w, "spend");
	if (p->spend != NULL)
		jw_raw(w, p->spend, strlen(p->spend));
	else
		jw_null(w);
	jw_end(w);
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/* GET /iplist: the pool the operator imported. */
static void
iplist(struct request *r)
{
	struct list_state	 st;
	enum ug_err		 e;

	st.r = r;
	reply_text(r, 200, PP_TYPE, "");
	jw_init(&st.w, r->out, JSON_PY);
	jw_obj(&st.w);
	jw_keylit(&st.w, "data");
	jw_arr(&st.w);
	if ((e = proxy_list(r->db, proxy_row, &st)) != UG_OK) {
		if (!r->headers_sent)
			router_fail(r, e);
		return;
	}
	jw_end(&st.w);
	jw_end(&st.w);
	buf_addc(r->out, '\n');
}

/* /updatespend: struck out in the seed. */
static void
gone(struct request *r)
{
	pp_msg(r, 410, T_GONE);
}

#define GP	(M_GET | M_POST)
#define USER	ACCESS_USER
#define ADMIN	ACCESS_LEVEL(LEVEL_ADMIN)
#define SUPER	ACCESS_LEVEL(LEVEL_SUPER)

static const struct route routes[] = {
	/* methods path           sel        access      handler      failure */
	{ GP, "/login",		{ -1, -1 }, ACCESS_ANY, login,	     PP_LOGIN },
	{ GP, "/regist",	{ -1, -1 }, ACCESS_ANY, regist,	     PP_REGIST },
	{ GP, "/userlist",	{ -1, -1 }, USER,	userlist,    PP_USERLIST },
	{ GP, "/adminlist",	{ -1, -1 }, SUPER,	adminlist,   PP_ADMINLIST },
	{ GP, "/adduser",	{ -1, -1 }, ADMIN,	adduser,     PP_ADD },
	{ GP, "/about",		{ -1, -1 }, USER,	about,	     PP_USER },
	{ GP, "/delete",	{ -1, -1 }, ADMIN,	delete_user, PP_DELETE },
	{ GP, "/upwd",		{ -1, -1 }, USER,	upwd,	     PP_UPWD },
	{ GP, "/admin/upwd",	{ -1, -1 }, ADMIN,	admin_upwd,  PP_UPWD },
	{ GP, "/lock",		{ -1, -1 }, ADMIN,	lock_user,   PP_LOCK },
	{ GP, "/upavatar",	{ -1, -1 }, USER,	upavatar,    PP_USER },
	{ GP, "/description",	{ -1, -1 }, USER,	description, PP_DESC },
	{ GP, "/iplist",	{ -1, -1 }, USER,	iplist,	     PP_USER },
	{ M_ANY, "/updatespend", { -1, -1 }, ACCESS_ANY, gone,	     PP_USER },
};

/*
 * Exact paths; the token from Authorization as the front end sends it
 * (bare, or Bearer), never from a cookie; a wrong method is 405.
 */
const struct contract contract_proxypool = {
	.id = CONTRACT_PROXYPOOL,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.flags = CT_METHOD_405,
	.token_param = NULL,
	.select = NULL,
	.status = pp_status,
	.nstatus = sizeof(pp_status) / sizeof(pp_status[0]),
	.fail = pp_fail,
	.nomatch = pp_nomatch,
};
