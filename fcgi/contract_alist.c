/*
 * The AList contract (seed 004, SPEC "alist" and "What the originals
 * do"): AList v3's admin user API, its login with TOTP two-factor, and
 * what its web page calls on load.  Every answer is AList's envelope
 * {"code":…,"message":…,"data":…} with HTTP 200 (503 while the database
 * is down), written as Go's encoding/json writes it (JSON_GO).
 *
 *   GET  /api/public/settings            a minimal settings object
 *   GET  /api/public/archive_extensions  []
 *   POST /api/auth/login                 {username,password,otp_code}
 *   POST /api/auth/login/hash            the same, password as AList's digest
 *   GET  /api/auth/logout                ends the caller's session
 *   GET  /api/me                         the caller's record and "otp"
 *   POST /api/auth/2fa/generate          a new secret and its QR code
 *   POST /api/auth/2fa/verify            {code,secret}: two-factor on
 *   GET  /api/admin/user/list            ?page=&per_page= {content,total}
 *   GET  /api/admin/user/get             ?id=
 *   POST /api/admin/user/create          general users only
 *   POST /api/admin/user/update          omitted keys stay as they are
 *   POST /api/admin/user/cancel_2fa      ?id=
 *   POST /api/admin/user/delete          ?id=
 *   POST /api/admin/user/del_cache       ?username=  (no cache: success)
 *   GET  /api/admin/user/sshkey/list     ?uid=  an empty page
 *
 * The token comes in Authorization as it is (or after "Bearer "); the
 * configured alist_admin_token (its SHA-256) acts as the super admin
 * here and nowhere else.
 */
#include <stdio.h>
#include <string.h>

#include "autoconf.h"
#include "config.h"
#include "json.h"
#include "prehash.h"
#include "qrpng.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "session.h"
#include "text.h"
#include "token.h"
#include "totp.h"
#include "twofactor.h"
#include "user.h"
#include "userrec.h"

#define JSON_TYPE	"application/json; charset=utf-8"

/* The most rows one page gives; a larger per_page is this many. */
#define PER_PAGE_MAX	1000
/* Pixels per QR module: about AList's 400 x 400 for an otpauth URL. */
#define QR_SCALE	8

/* AList's role numbers. */
#define AL_GENERAL	0
#define AL_GUEST	1
#define AL_ADMIN	2

/* HTTP status per ug_err: 200 with the code in the body, as gin's c.JSON. */
static const short al_status[] = {
	[UG_OK] = 200, [UG_EINVAL] = 200, [UG_ELIMIT] = 200, [UG_EAUTH] = 200,
	[UG_ETOKEN] = 200, [UG_EDENIED] = 200, [UG_ENOTFOUND] = 200,
	[UG_EEXISTS] = 200, [UG_EBUSY] = 503, [UG_EDB] = 503,
	[UG_EINTERNAL] = 500,
};

/* The body's code per ug_err, and the message where one fits every route. */
static const struct {
	int		 code;
	const char	*msg;
} al_err[] = {
	[UG_OK] = { 200, "success" },
	[UG_EINVAL] = { 400, "invalid request" },
	[UG_ELIMIT] = { 400, "request too large" },
	[UG_EAUTH] = { 400, "password is incorrect" },
	[UG_ETOKEN] = { 401, "token is invalidated" },
	[UG_EDENIED] = { 403, "You are not an admin" },
	[UG_ENOTFOUND] = { 500, "failed get old user: record not found" },
	[UG_EEXISTS] = { 400, "username is already taken" },
	[UG_EBUSY] = { 503, "server busy, try again" },
	[UG_EDB] = { 503, "database unavailable" },
	[UG_EINTERNAL] = { 500, "internal error" },
};

/* The envelope of a failure: code and message, data null. */
static void
fail_msg(struct request *r, int status, int code, const char *msg)
{
	struct jw	 w;

	reply_text(r, status, JSON_TYPE, "");
	jw_init(&w, r->out, JSON_GO);
	jw_obj(&w);
	jw_keylit(&w, "code");
	jw_int(&w, code);
	jw_keylit(&w, "message");
	jw_strz(&w, msg);
	jw_keylit(&w, "data");
	jw_null(&w);
	jw_end(&w);
}

/* A failure in AList's words, HTTP 200. */
static void
refuse(struct request *r, int code, const char *msg)
{
	fail_msg(r, 200, code, msg);
}

/*
 * The renderer.  No token at all is AList's guest, which usergate keeps
 * disabled; a token that resolves to nobody is "invalidated".
 */
static void
al_fail(struct request *r, enum ug_err e)
{
	const char	*msg;

	if ((size_t)e >= sizeof(al_err) / sizeof(al_err[0]))
		e = UG_EINTERNAL;
	msg = al_err[e].msg;
	if (e == UG_ETOKEN && r->token == NULL &&
	    r->authorization[strspn(r->authorization, " ")] == '\0')
		msg = "Guest user is disabled, login please";
	fail_msg(r, router_status(r, e), al_err[e].code, msg);
}

/* Off the routes, gin answers its own text 404. */
static void
al_nomatch(struct request *r, int status)
{
	reply_text(r, 404, "text/plain; charset=utf-8", "404 page not found");
	(void)status;
}

/* The head of a success envelope; the caller writes data and closes it. */
static void
ok_begin(struct request *r, struct jw *w)
{
	reply_text(r, 200, JSON_TYPE, "");
	jw_init(w, r->out, JSON_GO);
	jw_obj(w);
	jw_keylit(w, "code");
	jw_int(w, 200);
	jw_keylit(w, "message");
	jw_strlit(w, "success");
	jw_keylit(w, "data");
}

/* {"code":200,"message":"success","data":null} */
static void
ok_null(struct request *r)
{
	struct jw	 w;

	ok_begin(r, &w);
	jw_null(&w);
	jw_end(&w);
}

/* A refusal from a record call, in AList's codes; d names the field. */
static void
fail_detail(struct request *r, enum ug_err e, const struct ug_detail *d)
{
	char	 msg[160];
	int	 code;

	if (e == UG_EDB || e == UG_EBUSY || e == UG_EINTERNAL ||
	    d->field == NULL || d->reason == UR_NONE) {
		router_fail(r, e);
		return;
	}
	switch (e) {
	case UG_ENOTFOUND:
		router_fail(r, e);
		return;
	case UG_EDENIED:
		code = 403;
		break;
	default:
		code = 400;
		break;
	}
	snprintf(msg, sizeof(msg), "%s %s", d->field, ug_reason_text(d->reason));
	refuse(r, code, msg);
}

/*
 * Credentials of this contract's own: the permanent admin token that
 * AList's scripts send raw in Authorization (alist_admin_token holds its
 * SHA-256).  It acts as a super admin that is no user (id 0): the
 * hierarchy's self rules do not apply, the last super admin still stays.
 */
static int
al_credential(struct request *r, struct actor *a)
{
	const char	*want = r->cfg->alist_admin_token;
	char		 h[64 + 1];
	size_t		 len = strlen(r->authorization), i;
	unsigned	 diff = 0;

	if (want[0] == '\0' || len != ALIST_ADMIN_TOKEN_LEN)
		return 0;
	sha256_hex(r->authorization, len, h);
	for (i = 0; i < 64; i++)
		diff |= (unsigned)(h[i] ^ want[i]);
	if (diff != 0)
		return 0;
	a->id = 0;
	a->role_id = ROLE_SUPER;
	a->level = LEVEL_SUPER;
	return 1;
}

/*
 * An integer field of the body: 1 and *v if present, 0 if absent or
 * null, -1 if it is not an integer (a JSON string is one only when a
 * form sent it, as every form value is a string).
 */
static int
int_field(const struct request *r, const char *name, long long *v)
{
	const struct field	*f = req_body(r, name);
	int64_t			 i;

	if (f == NULL || f->type == FIELD_NULL)
		return 0;
	if (f->type != FIELD_NUM && f->type != FIELD_STR)
		return -1;
	if (parse_i64(f->val, f->val_len, INT64_MIN, INT64_MAX, &i) == -1)
		return -1;
	*v = (long long)i;
	return 1;
}

/* A boolean field: 1 and *v if present, 0 if absent or null, -1 if not one. */
static int
bool_field(const struct request *r, const char *name, int *v)
{
	const struct field	*f = req_body(r, name);

	if (f == NULL || f->type == FIELD_NULL)
		return 0;
	if (f->type != FIELD_BOOL && f->type != FIELD_STR)
		return -1;
	if (str_is(f->val, f->val_len, "true") ||
	    (f->type == FIELD_STR && str_is(f->val, f->val_len, "1")))
		*v = 1;
	else if (str_is(f->val, f->val_len, "false") ||
	    (f->type == FIELD_STR && str_is(f->val, f->val_len, "0")))
		*v = 0;
	else
		return -1;
	return 1;
}

/*
 * ?id= as a user id: 0 and *id, or -1 having answered 400 as AList's
 * strconv does (a non-numeric or negative id).
 */
static int
query_id(struct request *r, const char *name, uint64_t *id)
{
	const struct field	*f = form_get(&r->qs, name);
	char			 msg[128];

	if (f != NULL && parse_u64(f->val, f->val_len, INT64_MAX, id) == 0)
		return 0;
	snprintf(msg, sizeof(msg), "strconv.ParseUint: parsing \"%.*s\": %s",
	    f != NULL ? (int)(f->val_len > 32 ? 32 : f->val_len) : 0,
	    f != NULL ? f->val : "", "invalid syntax");
	/* The echo is of the client's own bytes, escaped by the writer. */
	refuse(r, 400, msg);
	return -1;
}

/* The AList role of a record. */
static int
rec_role(const struct user_rec *u)
{
	return role_export(ROLES_ALIST, (int)u->v[UF_ROLE].i, u->level);
}

/* A locked user (another contract's lock) reads as disabled too. */
static int
rec_disabled(const struct user_rec *u)
{
	return u->v[UF_DISABLED].i != 0 || u->v[UF_LOCKED].i != 0;
}

/* A text field of a record as a JSON string; "" for NULL. */
static void
rec_str(struct buf *b, const struct user_rec *u, enum user_field f)
{
	json_str(b, u->v[f].is_null ? "" : u->v[f].s, u->v[f].len, JSON_GO);
}

/* The fields write_user reads: all a list asks the store for. */
#define REC_FIELDS	(UP_BIT(UF_USERNAME) | UP_BIT(UF_ROLE) | \
	UP_BIT(UF_DISABLED) | UP_BIT(UF_LOCKED) | UP_BIT(UF_BASE_PATH) | \
	UP_BIT(UF_PERMISSION) | UP_BIT(UF_SSO_ID))

/*
 * One user in the seed's shape and key order; with otp, /api/me's flag.
 * The writer places the object (its comma, its state); its keys, fixed,
 * are written by hand, the constant ones as one literal: a page of 100
 * is 900 of them.
 */
static void
write_user(struct jw *w, const struct user_rec *u, int otp)
{
	struct buf	*b = w->b;

	if (jw_raw(w, "{\"id\":", 6) == -1)
		return;
	buf_addu(b, u->id);
	buf_addlit(b, ",\"username\":");
	rec_str(b, u, UF_USERNAME);
	buf_addlit(b, ",\"Salt\":\"\",\"password\":\"\",\"base_path\":");
	rec_str(b, u, UF_BASE_PATH);
	buf_addlit(b, ",\"role\":");
	buf_addi(b, rec_role(u));
	if (rec_disabled(u))
		buf_addlit(b, ",\"disabled\":true,\"permission\":");
	else
		buf_addlit(b, ",\"disabled\":false,\"permission\":");
	buf_addi(b, u->v[UF_PERMISSION].i);
	buf_addlit(b, ",\"sso_id\":");
	rec_str(b, u, UF_SSO_ID);
	if (otp) {
		if (u->otp)
			buf_addlit(b, ",\"otp\":true");
		else
			buf_addlit(b, ",\"otp\":false");
	}
	buf_addc(b, '}');
}

struct first_state {
	struct user_rec	*rec;
	int		 found;
};

static int
first_row(void *arg, const struct user_rec *u)
{
	struct first_state	*st = arg;

	user_rec_copy(st->rec, u);
	st->found = 1;
	return 0;
}

/*
 * The caller's own record.  The admin token is AList's admin user: the
 * first super admin.  UG_ENOTFOUND if there is none (or it went).
 */
static enum ug_err
caller_rec(struct request *r, struct user_rec *u)
{
	struct user_query	 q = { LEVEL_SUPER, LEVEL_OPERATOR, 0, 1, 0 };
	struct first_state	 st = { u, 0 };
	struct user_ref		 ref = { { NULL, 0 }, r->actor.id };
	enum ug_err		 e;

	if (r->actor.id != 0)
		return user_get(r->db, &ref, u);
	if ((e = user_list(r->db, &q, NULL, first_row, &st)) != UG_OK)
		return e;
	return st.found ? UG_OK : UG_ENOTFOUND;
}

/* --- what the web page reads before anything else ------------------------ */

/* GET /api/public/settings: enough for the page to start. */
static void
public_settings(struct request *r)
{
	static const char *const kv[][2] = {
		{ "allow_indexed", "false" },
		{ "allow_mounted", "false" },
		{ "announcement", "" },
		{ "audio_autoplay", "true" },
		{ "customize_body", "" },
		{ "customize_head", "" },
		{ "default_page_size", "30" },
		{ "favicon", "" },
		{ "hide_files", "" },
		{ "home_container", "max_width" },
		{ "home_icon", "\xf0\x9f\x8f\xa0" },
		{ "ldap_login_enabled", "false" },
		{ "logo", "" },
		{ "main_color", "#1890ff" },
		{ "pagination_type", "all" },
		{ "robots_txt", "User-agent: *\nAllow: /" },
		{ "search_index", "none" },
		{ "settings_layout", "list" },
		{ "site_title", "usergate" },
		{ "sso_login_enabled", "false" },
		{ "sso_login_platform", "" },
		{ "title", "usergate" },
		{ "version", "v" PACKAGE_VERSION " (usergate)" },
		{ "video_autoplay", "true" },
	};
	struct jw	 w;
	size_t		 i;

	ok_begin(r, &w);
	jw_obj(&w);
	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		jw_key(&w, kv[i][0]);
		jw_strz(&w, kv[i][1]);
	}
	jw_end(&w);
	jw_end(&w);
}

/* GET /api/public/archive_extensions: usergate serves no files. */
static void
archive_extensions(struct request *r)
{
	struct jw	 w;

	ok_begin(r, &w);
	jw_arr(&w);
	jw_end(&w);
	jw_end(&w);
}

/* --- login and the caller ------------------------------------------------ */

/*
 * Both logins.  A wrong password, an unknown, disabled or throttled user
 * give one answer (400); only a right password without the right code
 * gets AList's 402, which makes its page ask for the code.
 */
static void
do_login(struct request *r, int prehash)
{
	struct login_req	 lq;
	struct login_res	 res;
	struct jw		 w;
	enum ug_err		 e;

	memset(&lq, 0, sizeof(lq));
	lq.name = req_body_str(r, "username");
	lq.password = req_body_str(r, "password");
	lq.otp_code = req_body_str(r, "otp_code");
	lq.client_addr = r->remote_addr;
	lq.count = 1;
	lq.session = 1;
	lq.prehash = prehash;
	lq.session_ttl = r->cfg->alist_session_ttl;
	lq.session_idle = r->cfg->alist_session_idle == 0 ? SESSION_NO_IDLE :
	    r->cfg->alist_session_idle;
	if ((e = user_login(r->db, r->cfg, &lq, &res)) != UG_OK) {
		if (e == UG_EAUTH && res.otp_failed)
			refuse(r, 402, "Invalid 2FA code");
		else
			router_fail(r, e);
		return;
	}
	ok_begin(r, &w);
	jw_obj(&w);
	jw_keylit(&w, "token");
	jw_strz(&w, res.token);
	jw_end(&w);
	jw_end(&w);
	explicit_bzero(res.token, sizeof(res.token));
}

/* POST /api/auth/login: the password itself. */
static void
login(struct request *r)
{
	do_login(r, PREHASH_NONE);
}

/* POST /api/auth/login/hash: sha256(password + AList's suffix), hex. */
static void
login_hash(struct request *r)
{
	if (!r->cfg->alist_login_hash) {
		router_fail(r, UG_EAUTH);
		return;
	}
	do_login(r, PREHASH_ALIST);
}

/* GET /api/auth/logout: this token ends; the admin token is permanent. */
static void
logout(struct request *r)
{
	enum ug_err	 e;

	if (r->token != NULL &&
	    (e = session_revoke(r->db, r->token, r->token_len)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok_null(r);
}

/* GET /api/me: the caller's record and whether two-factor is on. */
static void
me(struct request *r)
{
	struct user_rec	 u;
	struct jw	 w;
	enum ug_err	 e;

	if ((e = caller_rec(r, &u)) != UG_OK) {
		router_fail(r, e == UG_ENOTFOUND ? UG_ETOKEN : e);
		return;
	}
	ok_begin(r, &w);
	write_user(&w, &u, 1);
	jw_end(&w);
}

/*
 * POST /api/auth/2fa/generate: a new secret and the QR code of its
 * otpauth:// URL.  As AList, nothing is stored until verify proves the
 * app has it.
 */
static void
twofa_generate(struct request *r)
{
	struct user_rec	 u;
	struct buf	 url, qr;
	struct jw	 w;
	char		 secret[TOTP_SECRET_LEN + 1];
	char		 urlmem[QRPNG_TEXT_MAX];
	enum ug_err	 e;

	if ((e = caller_rec(r, &u)) != UG_OK) {
		router_fail(r, e == UG_ENOTFOUND ? UG_ETOKEN : e);
		return;
	}
	if (rec_role(&u) == AL_GUEST) {
		refuse(r, 403, "Guest user can not generate 2FA code");
		return;
	}
	buf_init_fixed(&url, urlmem, sizeof(urlmem));
	buf_init(&qr);
	if (totp_secret_new(secret) == -1 ||
	    totp_url(&url, "Alist", u.v[UF_USERNAME].s,
	    u.v[UF_USERNAME].len, secret) == -1 || url.oom ||
	    qrpng_data_url(url.data, url.len, QR_SCALE, &qr) == -1) {
		buf_free(&qr);
		router_fail(r, UG_EINTERNAL);
		return;
	}
	ok_begin(r, &w);
	jw_obj(&w);
	jw_keylit(&w, "qr");
	jw_str(&w, qr.data, qr.len);
	jw_keylit(&w, "secret");
	jw_strz(&w, secret);
	jw_end(&w);
	jw_end(&w);
	buf_free(&qr);
	explicit_bzero(secret, sizeof(secret));
}

/* POST /api/auth/2fa/verify {code, secret}: two-factor on from now. */
static void
twofa_verify(struct request *r)
{
	struct user_rec		 u;
	struct ug_detail	 d = { NULL, UR_NONE };
	enum ug_err		 e;

	if ((e = caller_rec(r, &u)) != UG_OK) {
		router_fail(r, e == UG_ENOTFOUND ? UG_ETOKEN : e);
		return;
	}
	if (rec_role(&u) == AL_GUEST) {
		refuse(r, 403, "Guest user can not generate 2FA code");
		return;
	}
	e = twofactor_enable(r->db, u.id, req_body_str(r, "secret"),
	    req_body_str(r, "code"), &d);
	if (e == UG_EINVAL || e == UG_EAUTH) {
		refuse(r, 400, "Invalid 2FA code");
		return;
	}
	if (e != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok_null(r);
}

/* --- the admin user API (seed 004) --------------------------------------- */

struct list_state {
	struct request	*r;
	struct jw	*w;
	uint64_t	 n;		/* rows the store gave */
	uint64_t	 per;		/* rows to show; 0: all */
};

static int
list_row(void *arg, const struct user_rec *u)
{
	struct list_state	*st = arg;

	/* The row past the page only says that there are more. */
	if (st->per > 0 && st->n >= st->per) {
		st->n++;
		return 0;
	}
	st->n++;
	write_user(st->w, u, 0);
	reply_stream(st->r);
	return st->r->write_failed ? -1 : 0;
}

/*
 * A paging parameter as AList's PageReq binds it: absent is 0, a number
 * below 1 is "none" (page 1, every row); -1 having answered 400 if it is
 * not a number.
 */
static int
page_param(struct request *r, const char *name, uint64_t *v)
{
	const struct field	*f = form_get(&r->qs, name);
	char			 msg[128];
	int64_t			 i;

	*v = 0;
	if (f == NULL || f->val_len == 0)
		return 0;
	if (parse_i64(f->val, f->val_len, INT64_MIN, INT64_MAX, &i) == -1) {
		snprintf(msg, sizeof(msg), "strconv.ParseInt: parsing "
		    "\"%.*s\": invalid syntax", (int)(f->val_len > 32 ? 32 :
		    f->val_len), f->val);
		refuse(r, 400, msg);
		return -1;
	}
	*v = i > 0 ? (uint64_t)i : 0;
	return 0;
}

/* GET /api/admin/user/list?page=&per_page=: every user without them. */
static void
list_users(struct request *r)
{
	struct user_query	 q = USER_QUERY_ALL;
	struct list_state	 st;
	struct jw		 w;
	uint64_t		 page, per, total = 0;
	enum ug_err		 e;

	if (page_param(r, "page", &page) == -1 ||
	    page_param(r, "per_page", &per) == -1)
		return;
	if (page == 0)
		page = 1;
	if (per > PER_PAGE_MAX)
		per = PER_PAGE_MAX;
	/* Past any possible row: an empty page, without overflow. */
	if (per > 0 && page - 1 > UINT64_MAX / 2 / per)
		page = UINT64_MAX / 2 / per;
	/*
	 * One row more than the page: the total comes after the rows in
	 * AList's shape, and when the page holds the end of the list it is
	 * known without counting (a list that fits one page, as the web
	 * page asks for it, costs one statement).
	 */
	q.offset = per > 0 ? (page - 1) * per : 0;
	q.limit = per > 0 ? per + 1 : 0;
	q.fields = REC_FIELDS;
	st.r = r;
	st.w = &w;
	st.n = 0;
	st.per = per;
	ok_begin(r, &w);
	jw_obj(&w);
	jw_keylit(&w, "content");
	jw_arr(&w);
	e = user_list(r->db, &q, NULL, list_row, &st);
	if (e == UG_OK) {
		if (per == 0)
			total = st.n;
		else if (st.n > 0 && st.n <= per)
			total = q.offset + st.n;
		else
			e = user_count(r->db, &q, &total);
	}
	if (e != UG_OK) {
		/* Once bytes are out the status is sent; the body just ends. */
		if (!r->headers_sent)
			router_fail(r, e);
		return;
	}
	jw_end(&w);
	jw_keylit(&w, "total");
	jw_uint(&w, total);
	jw_end(&w);
	jw_end(&w);
}

/* GET /api/admin/user/get?id= */
static void
get_user(struct request *r)
{
	struct user_ref	 ref = { { NULL, 0 }, 0 };
	struct user_rec	 u;
	struct jw	 w;
	enum ug_err	 e;

	if (query_id(r, "id", &ref.id) == -1)
		return;
	if ((e = user_get(r->db, &ref, &u)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok_begin(r, &w);
	write_user(&w, &u, 0);
	jw_end(&w);
}

/*
 * The fields create and update share, into p: base_path (made absolute
 * first, as AList's FixAndCleanPath; the core cleans it), permission,
 * sso_id, and disabled when want_disabled.  0, or -1 having answered.
 */
static int
common_fields(struct request *r, struct user_patch *p)
{
	const struct field	*f;
	struct ustr		 bp = req_body_str(r, "base_path");
	struct ustr		 sso = req_body_str(r, "sso_id");
	long long		 perm;
	char			*abs;
	int			 n;

	if ((f = req_body(r, "base_path")) != NULL && f->type != FIELD_STR &&
	    f->type != FIELD_NULL) {
		refuse(r, 400, "base_path is not a string");
		return -1;
	}
	if (bp.s != NULL) {
		if (bp.len == 0 || bp.s[0] != '/') {
			if ((abs = arena_alloc(r->arena, bp.len + 2)) == NULL) {
				router_fail(r, UG_EINTERNAL);
				return -1;
			}
			abs[0] = '/';
			memcpy(abs + 1, bp.s, bp.len);
			abs[bp.len + 1] = '\0';
			bp.s = abs;
			bp.len++;
		}
		user_patch_text(p, UF_BASE_PATH, bp.s, bp.len);
	}
	if ((n = int_field(r, "permission", &perm)) == -1) {
		refuse(r, 400, "permission is not a number");
		return -1;
	}
	if (n == 1)
		user_patch_int(p, UF_PERMISSION, perm);
	if ((f = req_body(r, "sso_id")) != NULL && f->type != FIELD_STR &&
	    f->type != FIELD_NULL) {
		refuse(r, 400, "sso_id is not a string");
		return -1;
	}
	if (sso.s != NULL)
		user_patch_text(p, UF_SSO_ID, sso.s, sso.len);
	return 0;
}

/* POST /api/admin/user/create: only general users, as AList. */
static void
create_user(struct request *r)
{
	struct user_patch	 p;
	struct ug_detail	 d = { NULL, UR_NONE };
	struct ustr		 name = req_body_str(r, "username");
	struct ustr		 pw = req_body_str(r, "password");
	long long		 role = AL_GENERAL;
	enum ug_err		 e;
	int			 dis, n;

	memset(&p, 0, sizeof(p));
	if (int_field(r, "role", &role) == -1) {
		refuse(r, 400, "role is not a number");
		return;
	}
	if (role == AL_ADMIN || role == AL_GUEST) {
		refuse(r, 400, "admin or guest user can not be created");
		return;
	}
	if (role != AL_GENERAL) {
		refuse(r, 400, "role is not a known role");
		return;
	}
	if (name.s == NULL || name.len == 0) {
		refuse(r, 400, "username can not be empty");
		return;
	}
	if (pw.s == NULL || pw.len == 0) {
		refuse(r, 400, "password can not be empty");
		return;
	}
	if (common_fields(r, &p) == -1)
		return;
	if ((n = bool_field(r, "disabled", &dis)) == -1) {
		refuse(r, 400, "disabled is not a boolean");
		return;
	}
	if (n == 1)
		user_patch_int(&p, UF_DISABLED, dis);
	if ((e = user_add(r->db, r->cfg, &r->actor, name, pw, ROLE_USER, &p,
	    r->remote_addr, &d, NULL)) != UG_OK) {
		fail_detail(r, e, &d);
		return;
	}
	ok_null(r);
}

/*
 * POST /api/admin/user/update: the page posts back every key it was
 * shown; a key omitted or posted back unchanged changes nothing, a
 * password of "" keeps the password (and the two-factor secret).
 */
static void
update_user(struct request *r)
{
	struct user_patch	 p;
	struct ug_detail	 d = { NULL, UR_NONE };
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct user_rec		 u;
	struct ustr		 name = req_body_str(r, "username");
	struct ustr		 pw = req_body_str(r, "password");
	long long		 id, role;
	enum ug_err		 e;
	int			 dis, n;

	memset(&p, 0, sizeof(p));
	if ((n = int_field(r, "id", &id)) != 1 || id < 0) {
		refuse(r, 400, n == 0 ? "id is required" :
		    "id is not a valid id");
		return;
	}
	ref.id = (uint64_t)id;
	if ((e = user_get(r->db, &ref, &u)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	if ((n = int_field(r, "role", &role)) == -1) {
		refuse(r, 400, "role is not a number");
		return;
	}
	if (n == 1 && role != rec_role(&u)) {
		refuse(r, 400, "role can not be changed");
		return;
	}
	if ((n = bool_field(r, "disabled", &dis)) == -1) {
		refuse(r, 400, "disabled is not a boolean");
		return;
	}
	if (n == 1 && dis && rec_role(&u) == AL_ADMIN) {
		refuse(r, 400, "admin user can not be disabled");
		return;
	}
	if (n == 1 && dis != rec_disabled(&u)) {
		user_patch_int(&p, UF_DISABLED, dis);
		/* Enabling here lifts another contract's lock too. */
		if (!dis && u.v[UF_LOCKED].i != 0)
			user_patch_int(&p, UF_LOCKED, 0);
	}
	if (name.s != NULL && !(name.len == u.v[UF_USERNAME].len &&
	    memcmp(name.s, u.v[UF_USERNAME].s, name.len) == 0))
		user_patch_text(&p, UF_USERNAME, name.s, name.len);
	if (common_fields(r, &p) == -1)
		return;
	if (pw.s != NULL && pw.len > 0)
		p.password = pw;
	if ((e = user_patch(r->db, r->cfg, &r->actor, &ref, &p, &d)) !=
	    UG_OK) {
		fail_detail(r, e, &d);
		return;
	}
	ok_null(r);
}

/* POST /api/admin/user/cancel_2fa?id=: the user's secret goes. */
static void
cancel_2fa(struct request *r)
{
	struct user_ref	 ref = { { NULL, 0 }, 0 };
	enum ug_err	 e;

	if (query_id(r, "id", &ref.id) == -1)
		return;
	if ((e = twofactor_clear(r->db, &r->actor, &ref)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok_null(r);
}

/* POST /api/admin/user/delete?id=: never an admin or the guest. */
static void
delete_user(struct request *r)
{
	struct user_ref	 ref = { { NULL, 0 }, 0 };
	struct user_rec	 u;
	enum ug_err	 e;

	if (query_id(r, "id", &ref.id) == -1)
		return;
	if ((e = user_get(r->db, &ref, &u)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	if (rec_role(&u) != AL_GENERAL) {
		refuse(r, 500, "cannot delete admin or guest");
		return;
	}
	if ((e = user_delete(r->db, &r->actor, &ref)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	ok_null(r);
}

/* POST /api/admin/user/del_cache?username=: there is no cache to drop. */
static void
del_cache(struct request *r)
{
	const struct field	*f = form_get(&r->qs, "username");
	struct user_ref		 ref = { { NULL, 0 }, 0 };
	struct user_rec		 u;
	enum ug_err		 e;

	if (f == NULL || f->val_len == 0) {
		refuse(r, 500, "failed find user: record not found");
		return;
	}
	ref.name.s = f->val;
	ref.name.len = f->val_len;
	if ((e = user_get(r->db, &ref, &u)) != UG_OK) {
		if (e == UG_ENOTFOUND)
			refuse(r, 500, "failed find user: record not found");
		else
			router_fail(r, e);
		return;
	}
	ok_null(r);
}

/* GET /api/admin/user/sshkey/list?uid=: usergate keeps no SSH keys. */
static void
sshkey_list(struct request *r)
{
	struct jw	 w;

	ok_begin(r, &w);
	jw_obj(&w);
	jw_keylit(&w, "content");
	jw_arr(&w);
	jw_end(&w);
	jw_keylit(&w, "total");
	jw_int(&w, 0);
	jw_end(&w);
	jw_end(&w);
}

/*
 * The API.  AList's role 2 is every admin-level role; its admin routes
 * take any of them (the core's hierarchy decides what each may do).
 */
#define USER	ACCESS_USER
#define ADMIN	ACCESS_LEVEL(LEVEL_ADMIN)
#define NOSEL	{ -1, -1 }

static const struct route routes[] = {
	/* methods  path                               access  handler */
	{ M_GET, "/api/public/settings", NOSEL, ACCESS_ANY, public_settings, 0 },
	{ M_GET, "/api/public/archive_extensions", NOSEL, ACCESS_ANY,
	    archive_extensions, 0 },
	{ M_POST, "/api/auth/login", NOSEL, ACCESS_ANY, login, 0 },
	{ M_POST, "/api/auth/login/hash", NOSEL, ACCESS_ANY, login_hash, 0 },
	{ M_GET | M_POST, "/api/auth/logout", NOSEL, USER, logout, 0 },
	{ M_GET, "/api/me", NOSEL, USER, me, 0 },
	{ M_POST, "/api/auth/2fa/generate", NOSEL, USER, twofa_generate, 0 },
	{ M_POST, "/api/auth/2fa/verify", NOSEL, USER, twofa_verify, 0 },
	{ M_GET, "/api/admin/user/list", NOSEL, ADMIN, list_users, 0 },
	{ M_GET, "/api/admin/user/get", NOSEL, ADMIN, get_user, 0 },
	{ M_POST, "/api/admin/user/create", NOSEL, ADMIN, create_user, 0 },
	{ M_POST, "/api/admin/user/update", NOSEL, ADMIN, update_user, 0 },
	{ M_POST, "/api/admin/user/cancel_2fa", NOSEL, ADMIN, cancel_2fa, 0 },
	{ M_POST, "/api/admin/user/delete", NOSEL, ADMIN, delete_user, 0 },
	{ M_POST, "/api/admin/user/del_cache", NOSEL, ADMIN, del_cache, 0 },
	{ M_GET, "/api/admin/user/sshkey/list", NOSEL, ADMIN, sshkey_list, 0 },
};

/*
 * Exact paths, as gin's router; the token from Authorization (raw or
 * Bearer) or a token field, never a cookie: AList's page keeps its token
 * in localStorage and sends the header itself.
 */
const struct contract contract_alist = {
	.id = CONTRACT_ALIST,
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.flags = 0,
	.token_param = NULL,
	.select = NULL,
	.status = al_status,
	.nstatus = sizeof(al_status) / sizeof(al_status[0]),
	.fail = al_fail,
	.nomatch = al_nomatch,
	.credential = al_credential,
};
