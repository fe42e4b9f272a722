/*
 * The adminsys contract (seed 001, 后台管理子系统): a Java Spring back end
 * whose admin pages log in by user_id and page through and edit users.
 *
 *   /admin/login                 {"code":1,…,"data":{"role":{…}}} + cookie
 *   /admin/getUserListWithLimit  {"code":1,…,"data":{"user_list":[…],
 *                                "list_size":N}}
 *   /admin/updateUserInfo        {"code":1,"message":"success","data":{}}
 *
 * Every failure is {"code":0,"message":"fail","data":{}}, HTTP 200 (503
 * while the database is down).  GET and POST on all three, fields from
 * the body (form, multipart or JSON) or else the query string, as
 * Spring's @RequestParam and @RequestBody took them.  The login answers
 * no token, so it sets the session cookie, which list and update then
 * accept (as they accept Authorization and a token field).
 */
#include <string.h>

#include "config.h"
#include "json.h"
#include "prehash.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "text.h"
#include "token.h"
#include "user.h"
#include "userrec.h"

/* What Spring's message converter sent with a JSON answer. */
#define AS_TYPE		"application/json;charset=UTF-8"

#define AS_FAIL		"{\"code\":0,\"message\":\"fail\",\"data\":{}}"
#define AS_OK_EMPTY	"{\"code\":1,\"message\":\"success\",\"data\":{}}"


/* Positions past this are not numbers a pager sends. */
#define POS_MAX		1000000000000ULL

/* One failure shape for every route. */
enum as_shape { AS_PLAIN };

/* Spring answered 200 with the fail body; outages are told (503). */
static const short as_status[] = {
	[UG_OK] = 200, [UG_EINVAL] = 200, [UG_ELIMIT] = 200, [UG_EAUTH] = 200,
	[UG_ETOKEN] = 200, [UG_EDENIED] = 200, [UG_ENOTFOUND] = 200,
	[UG_EEXISTS] = 200, [UG_EBUSY] = 503, [UG_EDB] = 503,
	[UG_EINTERNAL] = 500,
};

/* The renderer: the one fail body, with the table's status for e. */
static void
as_fail(struct request *r, enum ug_err e)
{
	reply_text(r, router_status(r, e), AS_TYPE, AS_FAIL);
}

/* A method these paths do not take: Spring's 405 (Allow set), our body. */
static void
as_nomatch(struct request *r, int status)
{
	reply_text(r, status, AS_TYPE, AS_FAIL);
}

/*
 * A scalar field from the body, else the query: s NULL if absent, and
 * *bad set if it is there but not a string or number (an object, an
 * array, true).  A JSON null reads as present and empty.
 */
static struct ustr
field(const struct request *r, const char *name, int *bad)
{
	const struct field	*f = req_field(r, name);
	struct ustr		 u = { NULL, 0 };

	if (f == NULL)
		return u;
	if (f->type == FIELD_STR || f->type == FIELD_NUM ||
	    f->type == FIELD_NULL) {
		u.s = f->val;
		u.len = f->type == FIELD_NULL ? 0 : f->val_len;
	} else
		*bad = 1;
	return u;
}

/* A decimal field as a number up to max; 0, or -1 if absent or not one. */
static int
field_u64(const struct request *r, const char *name, uint64_t max,
    uint64_t *v)
{
	int		 bad = 0;
	struct ustr	 u = field(r, name, &bad);

	if (bad || u.s == NULL || parse_u64(u.s, u.len, max, v) == -1)
		return -1;
	return 0;
}

/*
 * /admin/login: user_id (the numeric id) and password, for an
 * admin-level user only.  The answer is the caller's role row; the
 * session goes into the cookie, as the body has no room for a token.
 */
static void
login(struct request *r)
{
	struct login_req	 lq = { 0 };
	struct login_res	 res;
	struct role_row		 role;
	struct jw		 w;
	uint64_t		 id;
	enum ug_err		 e;
	int			 bad = 0;

	lq.password = field(r, "password", &bad);
	if (field_u64(r, "user_id", UINT64_MAX, &id) == -1 || id == 0 || bad ||
	    lq.password.s == NULL || lq.password.len == 0) {
		router_fail(r, UG_EINVAL);
		return;
	}
	lq.client_addr = r->remote_addr;
	lq.min_level = LEVEL_ADMIN;
	lq.count = 1;
	lq.session = 1;
	lq.session_min_level = LEVEL_ADMIN;
	lq.prehash = r->cfg->adminsys_password_md5 ? PREHASH_MD5 : PREHASH_NONE;
	if ((e = user_login_id(r->db, r->cfg, id, &lq, &res)) != UG_OK ||
	    (e = role_get(r->db, res.role_id, &role)) != UG_OK) {
		router_fail(r, e == UG_ENOTFOUND ? UG_EINTERNAL : e);
		return;
	}
	if (!res.has_token || reply_cookie(r, res.token, TOKEN_LEN,
	    r->cfg->session_ttl) == -1) {
		router_fail(r, UG_EINTERNAL);
		return;
	}
	explicit_bzero(res.token, sizeof(res.token));
	reply_text(r, 200, AS_TYPE, "");
	jw_init(&w, r->out, JSON_PLAIN);
	jw_obj(&w);
	jw_keylit(&w, "code");
	jw_int(&w, 1);
	jw_keylit(&w, "message");
	jw_strlit(&w, "success");
	jw_keylit(&w, "data");
	jw_obj(&w);
	jw_keylit(&w, "role");
	jw_obj(&w);
	jw_keylit(&w, "role_id");
	jw_int(&w, role.role_id);
	jw_keylit(&w, "name");
	jw_strz(&w, role.name);
	jw_keylit(&w, "code");
	jw_strz(&w, role.code);
	jw_keylit(&w, "description");
	jw_strz(&w, role.has_description ? role.description : NULL);
	jw_keylit(&w, "created");
	jw_strz(&w, role.created[0] != '\0' ? role.created : NULL);
	jw_keylit(&w, "updated");
	jw_strz(&w, role.updated[0] != '\0' ? role.updated : NULL);
	jw_end(&w);
	jw_end(&w);
	jw_end(&w);
	if (jw_finish(&w) == -1)
		router_fail(r, UG_EINTERNAL);
}

struct list_state {
	struct request	*r;
	uint64_t	 n;
};

/*
 * ,"key": then a text field of u as a JSON string, or null.  Inline, so
 * that each key, a literal, is copied by a few moves: a list of 100 is
 * 1,300 of them.
 */
static inline __attribute__((always_inline)) void
put_text(struct buf *b, const char *key, size_t klen, const struct user_rec *u,
    enum user_field f)
{
	const struct user_val	*v = &u->v[f];

	buf_add(b, key, klen);
	if (v->is_null)
		buf_addlit(b, "null");
	else
		json_str(b, v->s, v->len, JSON_PLAIN);
}
#define PUT_TEXT(b, lit, u, f)	put_text((b), lit, sizeof(lit) - 1, (u), (f))

/*
 * ,"key": then a time of u as "2019-06-28 11:35:19", or null.  The store
 * hands DATETIME(3) over as "YYYY-MM-DD HH:MM:SS.mmm": the seconds are
 * its first 19 bytes.
 */
static inline __attribute__((always_inline)) void
put_time(struct buf *b, const char *key, size_t klen, const struct user_rec *u,
    enum user_field f)
{
	const struct user_val	*v = &u->v[f];

	buf_add(b, key, klen);
	if (v->is_null || v->len < 19 || v->s[10] != ' ') {
		buf_addlit(b, "null");
		return;
	}
	buf_addc(b, '"');
	buf_add(b, v->s, 19);
	buf_addc(b, '"');
}
#define PUT_TIME(b, lit, u, f)	put_time((b), lit, sizeof(lit) - 1, (u), (f))

/*
 * One user, the seed's 17 keys in the seed's order and JSON types,
 * written by hand: the keys are fixed, and a list of 100 records is
 * 1,700 of them.
 */
static int
list_row(void *arg, const struct user_rec *u)
{
	struct list_state	*st = arg;
	struct buf		*b = st->r->out;

	if (st->n++ > 0)
		buf_addc(b, ',');
	buf_addlit(b, "{\"user_id\":");
	buf_addu(b, u->id);
	PUT_TEXT(b, ",\"username\":", u, UF_USERNAME);
	PUT_TEXT(b, ",\"nickname\":", u, UF_NICKNAME);
	buf_addlit(b, ",\"password\":\"\"");
	PUT_TEXT(b, ",\"gender\":", u, UF_GENDER);
	PUT_TEXT(b, ",\"email\":", u, UF_EMAIL);
	PUT_TEXT(b, ",\"phone\":", u, UF_PHONE);
	PUT_TEXT(b, ",\"zip_code\":", u, UF_ZIP_CODE);
	PUT_TEXT(b, ",\"location\":", u, UF_LOCATION);
	/* The original's int: an age nobody gave is 0, as the seed shows. */
	buf_addlit(b, ",\"age\":");
	buf_addi(b, u->v[UF_AGE].is_null ? 0 : u->v[UF_AGE].i);
	PUT_TEXT(b, ",\"country\":", u, UF_COUNTRY);
	PUT_TEXT(b, ",\"detail_address\":", u, UF_DETAIL_ADDRESS);
	PUT_TEXT(b, ",\"identity\":", u, UF_IDENTITY);
	PUT_TEXT(b, ",\"active\":", u, UF_ACTIVE);
	PUT_TEXT(b, ",\"code\":", u, UF_CODE);
	PUT_TIME(b, ",\"updated\":", u, UF_UPDATED);
	PUT_TIME(b, ",\"created\":", u, UF_CREATED);
	buf_addc(b, '}');
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/*
 * left and right as a window of q, by adminsys_window: "closed", the
 * seed's 1-based [left, right], or "offset_count", the original's
 * LIMIT left, right.  -1 for a window that is none, or wider than
 * adminsys_max_window.
 */
static int
window(const struct request *r, struct user_query *q)
{
	uint64_t	 left, right, max = (uint64_t)r->cfg->adminsys_max_window;

	if (field_u64(r, "left", POS_MAX, &left) == -1 ||
	    field_u64(r, "right", POS_MAX, &right) == -1)
		return -1;
	if (strcmp(r->cfg->adminsys_window, "offset_count") == 0) {
		if (right == 0 || right > max)
			return -1;
		q->offset = left;
		q->limit = right;
		return 0;
	}
	if (left == 0 || right < left || right - left + 1 > max)
		return -1;
	q->offset = left - 1;
	q->limit = right - left + 1;
	return 0;
}

/* The fields list_row writes: the store sends no others. */
#define LIST_FIELDS	(UP_BIT(UF_USERNAME) | UP_BIT(UF_NICKNAME) | \
	UP_BIT(UF_GENDER) | UP_BIT(UF_EMAIL) | UP_BIT(UF_PHONE) | \
	UP_BIT(UF_ZIP_CODE) | UP_BIT(UF_LOCATION) | UP_BIT(UF_AGE) | \
	UP_BIT(UF_COUNTRY) | UP_BIT(UF_DETAIL_ADDRESS) | \
	UP_BIT(UF_IDENTITY) | UP_BIT(UF_ACTIVE) | UP_BIT(UF_CODE) | \
	UP_BIT(UF_UPDATED) | UP_BIT(UF_CREATED))

/* /admin/getUserListWithLimit: a window of every user, in id order. */
static void
list_users(struct request *r)
{
	struct user_query	 q = USER_QUERY_ALL;
	struct list_state	 st;
	enum ug_err		 e;

	q.fields = LIST_FIELDS;
	if (window(r, &q) == -1) {
		router_fail(r, UG_EINVAL);
		return;
	}
	st.r = r;
	st.n = 0;
	reply_text(r, 200, AS_TYPE, "");
	buf_addlit(r->out, "{\"code\":1,\"message\":\"success\",\"data\":"
	    "{\"user_list\":[");
	if ((e = user_list(r->db, &q, NULL, list_row, &st)) != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			router_fail(r, e);
		return;
	}
	buf_addlit(r->out, "],\"list_size\":");
	buf_addu(r->out, st.n);
	buf_addlit(r->out, "}}");
	/* Out of memory before anything went out: a 500, not half a body. */
	if (r->out->oom && !r->headers_sent)
		router_fail(r, UG_EINTERNAL);
}

/* The profile fields updateUserInfo takes, by their names in the seed. */
static const struct {
	const char	*name;
	enum user_field	 f;
} upd_fields[] = {
	{ "nickname", UF_NICKNAME }, { "gender", UF_GENDER },
	{ "email", UF_EMAIL }, { "phone", UF_PHONE },
	{ "zip_code", UF_ZIP_CODE }, { "location", UF_LOCATION },
	{ "age", UF_AGE }, { "country", UF_COUNTRY },
	{ "detail_address", UF_DETAIL_ADDRESS }, { "identity", UF_IDENTITY },
	{ "code", UF_CODE },
};

/*
 * /admin/updateUserInfo: user_id picks the user (it never changes);
 * password is required and not empty (the seed); every other field
 * given is set, an empty one (or JSON null) clears a text field, an
 * absent one stays as it is.  The core validates every value before
 * anything is written, applies the hierarchy, hashes the password and
 * ends the user's sessions, all in one transaction.
 */
static void
update_user(struct request *r)
{
	struct user_patch	 p;
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct ug_detail	 d;
	struct ustr		 v;
	long long		 age;
	size_t			 i;
	enum ug_err		 e;
	int			 bad = 0;

	memset(&p, 0, sizeof(p));
	p.password = field(r, "password", &bad);
	/* A front end that posts md5(password) does so here too. */
	p.password_prehash = r->cfg->adminsys_password_md5 ? PREHASH_MD5 :
	    PREHASH_NONE;
	if (field_u64(r, "user_id", UINT64_MAX, &ref.id) == -1 ||
	    ref.id == 0 || bad || p.password.s == NULL ||
	    p.password.len == 0) {
		router_fail(r, UG_EINVAL);
		return;
	}
	for (i = 0; i < sizeof(upd_fields) / sizeof(upd_fields[0]); i++) {
		v = field(r, upd_fields[i].name, &bad);
		if (bad) {
			router_fail(r, UG_EINVAL);
			return;
		}
		if (v.s == NULL)
			continue;
		if (upd_fields[i].f != UF_AGE) {
			user_patch_text(&p, upd_fields[i].f,
			    v.len > 0 ? v.s : NULL, v.len);
			continue;
		}
		/* An empty age is none given: the store keeps its age. */
		if (v.len == 0)
			continue;
		if (uf_parse_int(UF_AGE, v.s, v.len, &age) != UR_NONE) {
			router_fail(r, UG_EINVAL);
			return;
		}
		user_patch_int(&p, UF_AGE, age);
	}
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		router_fail(r, e);
		return;
	}
	reply_text(r, 200, AS_TYPE, AS_OK_EMPTY);
}

/*
 * The API.  List and update need a super admin or a user admin (shop
 * and role admins log in, as the seed says, but may do neither).
 */
#define USER_ADMINS	ACCESS_ROLES(ROLE_BIT(ROLE_SUPER) | \
			    ROLE_BIT(ROLE_USER_ADMIN))

static const struct route routes[] = {
	/* methods         path                          sel       access */
	{ M_GET | M_POST, "/admin/login", { -1, -1 }, ACCESS_ANY,
	    login, AS_PLAIN },
	{ M_GET | M_POST, "/admin/getUserListWithLimit", { -1, -1 },
	    USER_ADMINS, list_users, AS_PLAIN },
	{ M_GET | M_POST, "/admin/updateUserInfo", { -1, -1 }, USER_ADMINS,
	    update_user, AS_PLAIN },
};

/*
 * Exact paths; the session cookie is a credential here (the login sets
 * it; the router takes it only from this origin or a listed one); a
 * wrong method is Spring's 405.
 */
const struct contract contract_adminsys = {
	.id = CONTRACT_ADMINSYS,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.flags = CT_COOKIE_AUTH | CT_METHOD_405,
	.token_param = NULL,
	.select = NULL,
	.status = as_status,
	.nstatus = sizeof(as_status) / sizeof(as_status[0]),
	.fail = as_fail,
	.nomatch = as_nomatch,
};
