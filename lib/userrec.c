#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "log.h"
#include "password.h"
#include "prehash.h"
#include "session.h"
#include "text.h"
#include "user.h"
#include "user_int.h"
#include "userrec.h"

/*
 * The statements are made once from the field table, so that a field
 * added to the table is read, listed and patched without another line;
 * their addresses stay fixed, which the statement cache keys on.
 */
#define REC_FIXED	3	/* u.id, r.level, otp */
#define REC_NCOLS	(REC_FIXED + UF_NFIELDS)
#define TIME_CAP	32

static struct {
	char	 get_id[2048];
	char	 get_name[2048];
	char	 list[2048];
	char	 patch[4096];
	unsigned npatch;	/* parameters of patch */
	int	 ok;
} sql;
static pthread_once_t	 sql_once = PTHREAD_ONCE_INIT;

static const char	*sql_count =
    "SELECT COUNT(*) FROM users u JOIN roles r ON r.role_id = u.role_id "
    "WHERE r.level BETWEEN ? AND ?";

/* A field the patch statement can set: everything but the read-only. */
static int
patchable(int f)
{
	return user_fields[f].cls != UFC_READ;
}

static int
cat(char *dst, size_t cap, size_t *len, const char *s)
{
	size_t	 n = strlen(s);

	if (*len + n >= cap)
		return -1;
	memcpy(dst + *len, s, n + 1);
	*len += n;
	return 0;
}

/* Every field, as a mask of (1u << field). */
#define ALL_FIELDS	((uint32_t)((1ull << UF_NFIELDS) - 1))

/* What a list reads its users from, in key order (after the columns). */
static const char	 list_from[] = " FROM users u STRAIGHT_JOIN roles r ON "
    "r.role_id = u.role_id WHERE r.level BETWEEN ? AND ? "
    "ORDER BY u.id LIMIT ?, ?";

/* The fixed columns, then those of the fields in mask, in field order. */
static int
build_columns(char *dst, size_t cap, size_t *len, uint32_t mask)
{
	char	 col[128];
	int	 f;

	/* An empty secret (as AList's table has them) is no two-factor. */
	if (cat(dst, cap, len, "SELECT u.id, r.level, "
	    "IFNULL(u.otp_secret, '') <> ''") == -1)
		return -1;
	for (f = 0; f < UF_NFIELDS; f++) {
		if (!(mask & (1u << f)))
			continue;
		if (user_fields[f].type == UFT_TIME)
			snprintf(col, sizeof(col), ", CAST(u.%s AS CHAR)",
			    user_fields[f].column);
		else
			snprintf(col, sizeof(col), ", u.%s",
			    user_fields[f].column);
		if (cat(dst, cap, len, col) == -1)
			return -1;
	}
	return 0;
}

static void
build_sql(void)
{
	char	 part[256];
	size_t	 n;
	int	 f;

	n = 0;
	if (build_columns(sql.get_id, sizeof(sql.get_id), &n,
	    ALL_FIELDS) == -1 ||
	    cat(sql.get_id, sizeof(sql.get_id), &n, " FROM users u JOIN roles r "
	    "ON r.role_id = u.role_id WHERE u.id = ?") == -1)
		return;
	n = 0;
	if (build_columns(sql.get_name, sizeof(sql.get_name), &n,
	    ALL_FIELDS) == -1 ||
	    cat(sql.get_name, sizeof(sql.get_name), &n, " FROM users u JOIN "
	    "roles r ON r.role_id = u.role_id WHERE u.username = ?") == -1)
		return;
	/* STRAIGHT_JOIN: users in key order, no sort (as the brief list). */
	n = 0;
	if (build_columns(sql.list, sizeof(sql.list), &n, ALL_FIELDS) == -1 ||
	    cat(sql.list, sizeof(sql.list), &n, list_from) == -1)
		return;
	/* col = IF(set?, value, col) for every field, then the password. */
	n = 0;
	if (cat(sql.patch, sizeof(sql.patch), &n, "UPDATE users SET ") == -1)
		return;
	for (f = 0; f < UF_NFIELDS; f++) {
		if (!patchable(f))
			continue;
		snprintf(part, sizeof(part), "%s = IF(?, ?, %s), ",
		    user_fields[f].column, user_fields[f].column);
		if (cat(sql.patch, sizeof(sql.patch), &n, part) == -1)
			return;
		sql.npatch += 2;
	}
	if (cat(sql.patch, sizeof(sql.patch), &n, "password_hash = "
	    "IF(?, ?, password_hash) WHERE id = ?") == -1)
		return;
	sql.npatch += 3;
	sql.ok = 1;
}

static int
sql_ready(void)
{
	pthread_once(&sql_once, build_sql);
	if (!sql.ok)
		log_err("user records: statements do not fit (a usergate bug)");
	return sql.ok;
}

/* The fields bound to columns, in column order after the fixed ones. */
struct rec_cols {
	unsigned char	 f[UF_NFIELDS];
	unsigned	 n;
};

/*
 * Binds the columns of the fields in mask, in field order after the
 * fixed ones, into rec's own buffer; the fields not in mask read as
 * NULL ("" and 0) from now on, so that a fetch fills only the others.
 */
static void
bind_rec(struct user_rec *rec, struct db_col *c, uint32_t mask,
    struct rec_cols *rc)
{
	size_t	 off = 0, cap;
	int	 f;

	memset(c, 0, sizeof(*c) * REC_NCOLS);
	c[0].type = c[1].type = c[2].type = DBT_INT;
	rc->n = 0;
	for (f = 0; f < UF_NFIELDS; f++) {
		struct db_col	*col = &c[REC_FIXED + rc->n];
		struct user_val	*v = &rec->v[f];

		if (!(mask & (1u << f))) {
			v->is_null = 1;
			v->i = 0;
			v->s = "";
			v->len = 0;
			continue;
		}
		rc->f[rc->n++] = (unsigned char)f;
		switch (user_fields[f].type) {
		case UFT_TEXT:
		case UFT_TIME:
			cap = user_fields[f].type == UFT_TIME ? TIME_CAP :
			    user_fields[f].cap + 1;
			col->type = DBT_STR;
			col->buf = rec->buf + off;
			col->cap = cap;
			off += cap;
			break;
		default:
			col->type = DBT_INT;
			break;
		}
	}
}

_Static_assert(USER_REC_BUF >= 4 * (255 + 128 + 64 * 7 + 255 * 4 + 32 + 16 +
    1 + 1 + 1024 * 3) + 2 * 32 + UF_NFIELDS, "USER_REC_BUF holds a record");

/* After a fetch: the bound fields' values as the record presents them. */
static void
fill_rec(struct user_rec *rec, const struct db_col *c,
    const struct rec_cols *rc)
{
	unsigned	 k;

	rec->id = (uint64_t)c[0].i;
	rec->level = (int)c[1].i;
	rec->otp = c[2].i != 0;
	for (k = 0; k < rc->n; k++) {
		const struct db_col	*col = &c[REC_FIXED + k];
		struct user_val		*v = &rec->v[rc->f[k]];

		v->is_null = col->is_null;
		v->i = col->i;
		v->s = col->buf;
		v->len = col->buf != NULL && !col->is_null ? col->len : 0;
	}
}

void
user_rec_copy(struct user_rec *dst, const struct user_rec *src)
{
	uintptr_t	 lo = (uintptr_t)src->buf, p;
	int		 f;

	memcpy(dst, src, sizeof(*dst));
	for (f = 0; f < UF_NFIELDS; f++) {
		p = (uintptr_t)src->v[f].s;
		if (p >= lo && p < lo + sizeof(src->buf))
			dst->v[f].s = dst->buf + (p - lo);
	}
}

enum ug_err
user_get(struct db *db, const struct user_ref *ref, struct user_rec *rec)
{
	struct db_col	 c[REC_NCOLS];
	struct rec_cols	 rc;
	struct db_val	 p[1];
	enum ug_err	 e;
	int		 found;

	if (!sql_ready())
		return UG_EINTERNAL;
	bind_rec(rec, c, ALL_FIELDS, &rc);
	if (ref->name.s != NULL)
		p[0] = DB_STR(ref->name.s, ref->name.len);
	else
		p[0] = DB_UINT(ref->id);
	if ((e = db_select_one(db, ref->name.s != NULL ? sql.get_name :
	    sql.get_id, p, 1, c, REC_NCOLS, &found)) != UG_OK)
		return e;
	if (!found)
		return UG_ENOTFOUND;
	fill_rec(rec, c, &rc);
	return UG_OK;
}

struct rec_each {
	struct user_rec	*rec;
	struct rec_cols	 cols;
	int		(*fn)(void *, const struct user_rec *);
	void		*arg;
};

static int
rec_row(void *arg, const struct db_col *c)
{
	struct rec_each	*re = arg;

	fill_rec(re->rec, c, &re->cols);
	return re->fn(re->arg, re->rec);
}

/*
 * The list statement for the fields in mask, made once per mask and
 * kept (its address is the statement cache's key); NULL when the few
 * masks it keeps are taken, and the caller lists every field instead.
 */
#define LIST_MASKS	8
static struct {
	uint32_t	 mask;
	char		 sql[2048];
} list_sql[LIST_MASKS];
static unsigned		 nlist_sql;
static pthread_mutex_t	 list_sql_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *
list_sql_for(uint32_t mask)
{
	const char	*found = NULL;
	size_t		 n = 0;
	unsigned	 i;

	pthread_mutex_lock(&list_sql_lock);
	for (i = 0; i < nlist_sql && found == NULL; i++)
		if (list_sql[i].mask == mask)
			found = list_sql[i].sql;
	if (found == NULL && nlist_sql < LIST_MASKS) {
		char	*dst = list_sql[nlist_sql].sql;
		size_t	 cap = sizeof(list_sql[nlist_sql].sql);

		if (build_columns(dst, cap, &n, mask) == 0 &&
		    cat(dst, cap, &n, list_from) == 0) {
			list_sql[nlist_sql].mask = mask;
			found = dst;
			nlist_sql++;
		}
	}
	pthread_mutex_unlock(&list_sql_lock);
	return found;
}

enum ug_err
user_list(struct db *db, const struct user_query *q, uint64_t *total,
    int (*fn)(void *, const struct user_rec *), void *arg)
{
	struct user_rec		 rec;
	struct rec_each		 re = { .rec = &rec, .fn = fn, .arg = arg };
	uint32_t		 mask = ALL_FIELDS;
	const char		*list = sql.list;
	struct db_col		 c[REC_NCOLS];
	struct db_col		 cc[1] = { DB_COL_INT() };
	struct db_val		 p[4];
	enum ug_err		 e;
	int			 found;

	if (!sql_ready())
		return UG_EINTERNAL;
	p[0] = DB_INT(q->level_min);
	p[1] = DB_INT(q->level_max);
	if (total != NULL) {
		if ((e = db_select_one(db, sql_count, p, 2, cc, 1, &found)) !=
		    UG_OK)
			return e;
		*total = found ? (uint64_t)cc[0].i : 0;
	}
	p[2] = DB_UINT(q->offset);
	p[3] = DB_UINT(q->limit > 0 ? q->limit : UINT64_MAX);
	if (q->fields != 0 && (q->fields & ALL_FIELDS) != ALL_FIELDS &&
	    (list = list_sql_for(q->fields & ALL_FIELDS)) != NULL)
		mask = q->fields & ALL_FIELDS;
	else
		list = sql.list;
	bind_rec(&rec, c, mask, &re.cols);
	return db_each(db, list, p, 4, c, REC_FIXED + re.cols.n, rec_row, &re);
}

enum ug_err
user_count(struct db *db, const struct user_query *q, uint64_t *total)
{
	struct db_col	 cc[1] = { DB_COL_INT() };
	struct db_val	 p[2];
	enum ug_err	 e;
	int		 found;

	p[0] = DB_INT(q->level_min);
	p[1] = DB_INT(q->level_max);
	if ((e = db_select_one(db, sql_count, p, 2, cc, 1, &found)) != UG_OK)
		return e;
	*total = found ? (uint64_t)cc[0].i : 0;
	return UG_OK;
}

void
user_patch_text(struct user_patch *p, enum user_field f, const char *s,
    size_t len)
{
	p->set |= UP_BIT(f);
	p->v[f].is_null = s == NULL;
	p->v[f].s = s;
	p->v[f].len = s != NULL ? len : 0;
}

void
user_patch_int(struct user_patch *p, enum user_field f, long long i)
{
	p->set |= UP_BIT(f);
	p->v[f].is_null = 0;
	p->v[f].i = i;
}

static enum ug_err
refuse(struct ug_detail *d, enum ug_err e, const char *field,
    enum ug_reason why)
{
	if (d != NULL) {
		d->field = field;
		d->reason = why;
	}
	return e;
}

/* A patch after validation, with what validation worked out. */
struct checked {
	struct user_patch	 p;
	int			 new_level;	/* if the role is set */
	char			 path[1024 + 1];	/* a cleaned base_path */
	char			 digest[PREHASH_DIGEST_MAX + 1]; /* lowercased */
};

/*
 * Every value of in, checked against its field before anything else
 * happens: read-only fields, NULLs where none may be, texts, numbers,
 * the role (it must exist).  out is in with base_path cleaned.
 */
static enum ug_err
patch_check(struct db *db, const struct config *cfg,
    const struct user_patch *in, struct checked *out, struct ug_detail *d)
{
	const struct uf_def	*def;
	const struct user_val	*v;
	enum ug_reason		 why;
	enum ug_err		 e;
	int			 f;

	out->p = *in;
	out->new_level = 0;
	for (f = 0; f < UF_NFIELDS; f++) {
		if (!(in->set & UP_BIT(f)))
			continue;
		def = &user_fields[f];
		v = &in->v[f];
		if (def->cls == UFC_READ)
			return refuse(d, UG_EINVAL, def->name, UR_READ_ONLY);
		if (v->is_null) {
			if (!def->nullable)
				return refuse(d, UG_EINVAL, def->name,
				    UR_REQUIRED);
			continue;
		}
		if (def->type != UFT_TEXT) {
			if ((why = uf_check_int(f, v->i)) != UR_NONE)
				return refuse(d, UG_EINVAL, def->name, why);
			continue;
		}
		if (v->s == NULL)
			return refuse(d, UG_EINVAL, def->name, UR_REQUIRED);
		if (f == UF_USERNAME) {
			if (user_name_check(cfg, v->s, v->len) != UG_OK)
				return refuse(d, UG_EINVAL, def->name,
				    v->len == 0 ? UR_EMPTY : UR_BAD_TEXT);
			continue;
		}
		if ((why = uf_check_text(f, v->s, v->len)) != UR_NONE)
			return refuse(d, UG_EINVAL, def->name, why);
		if (f == UF_BASE_PATH) {
			size_t	 n = v->len;

			memcpy(out->path, v->s, n);
			out->path[n] = '\0';
			if (uf_base_path_clean(out->path, &n) != UR_NONE)
				return refuse(d, UG_EINVAL, def->name,
				    UR_BAD_VALUE);
			out->p.v[f].s = out->path;
			out->p.v[f].len = n;
		}
	}
	if (in->set & UP_BIT(UF_ROLE)) {
		e = user_role_level(db, (int)in->v[UF_ROLE].i, &out->new_level);
		if (e == UG_EINVAL)
			return refuse(d, e, "role", UR_UNKNOWN_ROLE);
		if (e != UG_OK)
			return e;
	}
	if (in->password.s != NULL && (in->password.len == 0 ||
	    in->password.len > PASSWORD_MAX ||
	    memchr(in->password.s, '\0', in->password.len) != NULL))
		return refuse(d, UG_EINVAL, "password", in->password.len == 0 ?
		    UR_EMPTY : UR_BAD_VALUE);
	if (in->password.s != NULL && in->password_prehash != PREHASH_NONE &&
	    (in->password_prehash != PREHASH_MD5 ||
	    prehash_normalize(PREHASH_MD5, in->password.s, in->password.len,
	    out->digest) == -1))
		return refuse(d, UG_EINVAL, "password", UR_BAD_VALUE);
	return UG_OK;
}

/* UG_EDENIED, with the reason, for op on t by a. */
static enum ug_err
may(const struct actor *a, enum authz_op op, const struct target *t,
    const char *field, struct ug_detail *d)
{
	if (authz_check(a, op, t->id, t->level) == UG_OK)
		return UG_OK;
	return refuse(d, UG_EDENIED, field, a->id == t->id ? UR_SELF :
	    UR_LEVEL);
}

/*
 * Whether a may apply c to t: each field by its class.  A user changes
 * its own UFC_SELF fields, and its own password with the old one; the
 * rest needs the hierarchy's leave to change t.
 */
static enum ug_err
patch_allowed(const struct actor *a, const struct target *t,
    const struct checked *c, struct ug_detail *d)
{
	const struct user_patch	*p = &c->p;
	int			 self = a->id != 0 && a->id == t->id, f;
	enum ug_err		 e;

	for (f = 0; f < UF_NFIELDS; f++) {
		if (!(p->set & UP_BIT(f)))
			continue;
		switch (user_fields[f].cls) {
		case UFC_SELF:
			if (self)
				break;
			/* FALLTHROUGH */
		case UFC_ADMIN:
			if ((e = may(a, AUTHZ_CHANGE, t, user_fields[f].name,
			    d)) != UG_OK)
				return e;
			break;
		case UFC_ROLE:
			if (p->v[f].i == t->role_id)
				break;
			if ((e = may(a, AUTHZ_CHANGE, t, "role", d)) != UG_OK)
				return e;
			if (c->new_level < t->level &&
			    (e = may(a, AUTHZ_DEMOTE, t, "role", d)) != UG_OK)
				return e;
			/* Nobody hands out a level they could not create. */
			if (authz_check(a, AUTHZ_CREATE, 0, c->new_level) !=
			    UG_OK)
				return refuse(d, UG_EDENIED, "role", UR_LEVEL);
			break;
		case UFC_LOCK:
			if ((e = may(a, p->v[f].i ? AUTHZ_LOCK : AUTHZ_CHANGE, t,
			    user_fields[f].name, d)) != UG_OK)
				return e;
			break;
		case UFC_READ:
			return refuse(d, UG_EINVAL, user_fields[f].name,
			    UR_READ_ONLY);
		}
	}
	if (p->password.s != NULL && p->old_password.s == NULL) {
		if (self && authz_check(a, AUTHZ_CHANGE, t->id, t->level) !=
		    UG_OK)
			return refuse(d, UG_EDENIED, "old_password",
			    UR_REQUIRED);
		if ((e = may(a, AUTHZ_CHANGE, t, "password", d)) != UG_OK)
			return e;
	}
	if (p->old_password.s != NULL && !self)
		return refuse(d, UG_EDENIED, "old_password", UR_SELF);
	return UG_OK;
}

/* 1 if the patch may leave fewer super admins who can log in. */
static int
removes_super(const struct checked *c)
{
	const struct user_patch	*p = &c->p;

	return ((p->set & UP_BIT(UF_LOCKED)) && p->v[UF_LOCKED].i) ||
	    ((p->set & UP_BIT(UF_DISABLED)) && p->v[UF_DISABLED].i) ||
	    ((p->set & UP_BIT(UF_ROLE)) && c->new_level < LEVEL_SUPER);
}

/* The parameters of the patch statement for c (and hash) on user id. */
static unsigned
patch_params(const struct checked *c, const char *hash, uint64_t id,
    struct db_val *p)
{
	const struct user_val	*v;
	unsigned		 n = 0;
	int			 f, on;

	for (f = 0; f < UF_NFIELDS; f++) {
		if (!patchable(f))
			continue;
		on = (c->p.set & UP_BIT(f)) != 0;
		v = &c->p.v[f];
		p[n++] = DB_INT(on);
		if (!on || v->is_null)
			p[n++] = DB_NULL();
		else if (user_fields[f].type == UFT_TEXT)
			p[n++] = DB_STR(v->s, v->len);
		else
			p[n++] = DB_INT(v->i);
	}
	p[n++] = DB_INT(hash != NULL);
	p[n++] = hash != NULL ? DB_CSTR(hash) : DB_NULL();
	p[n++] = DB_UINT(id);
	return n;
}

/* A duplicate key on a patch: the unique field it set. */
static const char *
dup_field(const struct user_patch *p)
{
	return (p->set & UP_BIT(UF_OPENID)) && !(p->set & UP_BIT(UF_USERNAME)) ?
	    "openid" : "username";
}

struct patch_tx {
	const struct actor	*a;
	const struct user_ref	*ref;
	const struct checked	*c;
	const char		*hash;	/* the new password's, or NULL */
	const struct prehash_set *vset;	/* its verifiers */
	struct target		 seen;
	struct ug_detail	*d;
};

static enum ug_err
patch_in_tx(struct db *db, void *arg)
{
	struct patch_tx		*pt = arg;
	const struct checked	*c = pt->c;
	struct db_val		 p[64];
	struct target		 t;
	unsigned		 n;
	enum ug_err		 e;
	int			 guarded = 0, revoke;

	if (removes_super(c) && pt->seen.level >= LEVEL_SUPER) {
		if ((e = user_guard_supers(db)) != UG_OK)
			return e;
		guarded = 1;
	}
	if ((e = user_target_get(db, pt->ref, 1, &t)) != UG_OK)
		return e == UG_ENOTFOUND ? refuse(pt->d, e, "id", UR_NOT_FOUND) :
		    e;
	if (t.id != pt->seen.id)
		return refuse(pt->d, UG_ENOTFOUND, "id", UR_NOT_FOUND);
	if (removes_super(c) && t.level >= LEVEL_SUPER && !guarded &&
	    (e = user_guard_supers(db)) != UG_OK)
		return e;
	/* The rules again, on the row as it is locked now. */
	if ((e = patch_allowed(pt->a, &t, c, pt->d)) != UG_OK)
		return e;
	if (removes_super(c) && (e = user_not_last_super(db, &t)) != UG_OK)
		return refuse(pt->d, e, "role", UR_LAST_SUPER);
	_Static_assert(sizeof(p) / sizeof(p[0]) >= 2 * UF_NFIELDS + 3,
	    "room for the patch's parameters");
	n = patch_params(c, pt->hash, t.id, p);
	if (n != sql.npatch)
		return UG_EINTERNAL;
	if ((e = db_exec(db, sql.patch, p, n, NULL, NULL)) != UG_OK)
		return e == UG_EEXISTS ? refuse(pt->d, e, dup_field(&c->p),
		    UR_TAKEN) : e;
	if (pt->hash != NULL &&
	    (e = prehash_store(db, t.id, pt->vset, 1)) != UG_OK)
		return e;
	revoke = pt->hash != NULL || removes_super(c) ||
	    ((c->p.set & UP_BIT(UF_ROLE)) && c->p.v[UF_ROLE].i != t.role_id) ||
	    ((c->p.set & UP_BIT(UF_LOCKED)) && c->p.v[UF_LOCKED].i) ||
	    ((c->p.set & UP_BIT(UF_DISABLED)) && c->p.v[UF_DISABLED].i);
	return revoke ? session_revoke_user(db, t.id) : UG_OK;
}

/* Verifies a self-service change's old password, counted as a login. */
static enum ug_err
old_password_ok(struct db *db, const struct config *cfg, uint64_t id,
    struct ustr old, struct ug_detail *d)
{
	static const char	*sql_get =
	    "SELECT username, password_hash FROM users WHERE id = ?";
	char			 name[USERNAME_MAX_BYTES + 1];
	char			 hash[PASSWORD_HASH_MAX + 1];
	struct db_col		 c[2] = { DB_COL_STR(name), DB_COL_STR(hash) };
	struct db_val		 p[1] = { DB_UINT(id) };
	struct ustr		 un;
	enum ug_err		 e;
	int			 found, ok = 0;

	if ((e = db_select_one(db, sql_get, p, 1, c, 2, &found)) != UG_OK)
		return e;
	if (!found)
		return refuse(d, UG_ENOTFOUND, "id", UR_NOT_FOUND);
	un.s = name;
	un.len = c[0].len;
	/* A stolen session must not become a way to guess the password. */
	if ((e = user_throttle_reserve(db, cfg, un, NULL)) != UG_OK)
		return e == UG_EAUTH ? refuse(d, e, "old_password",
		    UR_WRONG_PASSWORD) : e;
	if ((e = password_verify(old.s, old.len, hash, &ok)) != UG_OK)
		return e;
	if (!ok)
		return refuse(d, UG_EAUTH, "old_password", UR_WRONG_PASSWORD);
	user_throttle_release(db, un, NULL);
	return UG_OK;
}

enum ug_err
user_patch(struct db *db, const struct config *cfg, const struct actor *a,
    const struct user_ref *ref, const struct user_patch *in,
    struct ug_detail *d)
{
	struct checked		 c;
	struct patch_tx		 pt;
	struct prehash_set	 vset;
	char			 hash[PASSWORD_HASH_MAX + 1];
	enum ug_err		 e;

	if (d != NULL) {
		d->field = NULL;
		d->reason = UR_NONE;
	}
	if (!sql_ready())
		return UG_EINTERNAL;
	/* Limits and values first, then the rules, and only then a hash. */
	if ((e = patch_check(db, cfg, in, &c, d)) != UG_OK)
		return e;
	memset(&pt, 0, sizeof(pt));
	pt.a = a;
	pt.ref = ref;
	pt.c = &c;
	pt.d = d;
	if ((e = user_target_get(db, ref, 0, &pt.seen)) != UG_OK)
		return e == UG_ENOTFOUND ? refuse(d, e, "id", UR_NOT_FOUND) : e;
	if ((e = patch_allowed(a, &pt.seen, &c, d)) != UG_OK)
		return e;
	if (c.p.set == 0 && c.p.password.s == NULL)
		return UG_OK;		/* nothing to write */
	if (c.p.old_password.s != NULL && (e = old_password_ok(db, cfg,
	    pt.seen.id, c.p.old_password, d)) != UG_OK)
		return e;
	if (c.p.password.s != NULL && c.p.password_prehash == PREHASH_MD5) {
		/*
		 * Only the digest is known: the password hash wraps it, and
		 * its md5 verifier is the current hash of it.  The other
		 * schemes' verifiers come at the first plain login.
		 */
		struct pw_old	 old = { PWL_MD5, c.digest, strlen(c.digest),
				    NULL, 0 };

		memset(&vset, 0, sizeof(vset));
		if ((e = password_legacy_store(&old, hash)) != UG_OK)
			return e;
		if (prehash_in_use(cfg) & (1u << PREHASH_MD5)) {
			if ((e = password_hash(c.digest, strlen(c.digest),
			    vset.hash[PREHASH_MD5])) != UG_OK)
				return e;
			vset.mask = 1u << PREHASH_MD5;
		}
		if (!password_storable(hash, strlen(hash)))
			return UG_EINTERNAL;
		pt.hash = hash;
		pt.vset = &vset;
	} else if (c.p.password.s != NULL) {
		if ((e = password_hash(c.p.password.s, c.p.password.len,
		    hash)) != UG_OK)
			return e;
		if (!password_storable(hash, strlen(hash)))
			return UG_EINTERNAL;
		pt.hash = hash;
		if ((e = prehash_make(prehash_in_use(cfg), c.p.password.s,
		    c.p.password.len, &vset)) != UG_OK)
			return e;
		pt.vset = &vset;
	}
	e = db_tx(db, patch_in_tx, &pt);
	explicit_bzero(hash, sizeof(hash));
	prehash_clear(&vset);
	return e;
}

struct add_tx {
	struct ustr		 name;
	const char		*hash;
	int			 role_id;
	const struct checked	*c;	/* initial values, or NULL */
	const struct prehash_set *vset;	/* the password's verifiers */
	uint64_t		 id;
};

static enum ug_err
add_in_tx(struct db *db, void *arg)
{
	static const char	*sql_ins =
	    "INSERT INTO users (username, password_hash, role_id) "
	    "VALUES (?, ?, ?)";
	struct add_tx		*at = arg;
	struct db_val		 p[64];
	unsigned		 n;
	enum ug_err		 e;

	p[0] = DB_STR(at->name.s, at->name.len);
	p[1] = DB_CSTR(at->hash);
	p[2] = DB_INT(at->role_id);
	if ((e = db_exec(db, sql_ins, p, 3, NULL, &at->id)) != UG_OK)
		return e;
	if ((e = prehash_store(db, at->id, at->vset, 0)) != UG_OK)
		return e;
	if (at->c == NULL || at->c->p.set == 0)
		return UG_OK;
	n = patch_params(at->c, NULL, at->id, p);
	if (n != sql.npatch)
		return UG_EINTERNAL;
	return db_exec(db, sql.patch, p, n, NULL, NULL);
}

enum ug_err
user_add(struct db *db, const struct config *cfg, const struct actor *a,
    struct ustr name, struct ustr password, int role_id,
    const struct user_patch *init, const char *addr, struct ug_detail *d,
    uint64_t *id)
{
	static const struct user_patch	 none;
	struct checked			 c;
	struct add_tx			 at;
	struct prehash_set		 vset;
	char				 hash[PASSWORD_HASH_MAX + 1];
	long long			 n;
	enum ug_err			 e;
	int				 level;

	if (d != NULL) {
		d->field = NULL;
		d->reason = UR_NONE;
	}
	if (!sql_ready())
		return UG_EINTERNAL;
	if (name.s == NULL)
		return refuse(d, UG_EINVAL, "username", UR_REQUIRED);
	if (user_name_check(cfg, name.s, name.len) != UG_OK)
		return refuse(d, UG_EINVAL, "username", name.len == 0 ?
		    UR_EMPTY : name.len > USERNAME_MAX_BYTES ||
		    utf8_chars(name.s, name.len) > (size_t)cfg->max_username ?
		    UR_TOO_LONG : UR_BAD_TEXT);
	if (password.s == NULL)
		return refuse(d, UG_EINVAL, "password", UR_REQUIRED);
	if (password.len == 0 || password.len > PASSWORD_MAX ||
	    memchr(password.s, '\0', password.len) != NULL)
		return refuse(d, UG_EINVAL, "password", password.len == 0 ?
		    UR_EMPTY : UR_BAD_VALUE);
	if ((e = patch_check(db, cfg, init != NULL ? init : &none, &c, d)) !=
	    UG_OK)
		return e;
	if (c.p.set & (UP_BIT(UF_USERNAME) | UP_BIT(UF_ROLE)))
		return refuse(d, UG_EINVAL, "role", UR_BAD_VALUE);
	if ((e = user_role_level(db, role_id, &level)) != UG_OK)
		return e == UG_EINVAL ? refuse(d, e, "role", UR_UNKNOWN_ROLE) :
		    e;
	if (a != NULL) {
		if (authz_check(a, AUTHZ_CREATE, 0, level) != UG_OK)
			return refuse(d, UG_EDENIED, "role", UR_LEVEL);
	} else {
		/* Anyone may register, as a general user, a few times. */
		if (role_is_admin_level(level))
			return refuse(d, UG_EDENIED, "role", UR_LEVEL);
		if (addr != NULL && addr[0] != '\0') {
			if ((e = user_throttle_take(db, cfg, FAIL_BY_REGISTER,
			    addr, strlen(addr), &n)) != UG_OK)
				return e;
			if (n > cfg->login_fail_addr)
				return refuse(d, UG_EDENIED, "username",
				    UR_TOO_MANY);
		}
	}
	/* Hash only once the request is known to be allowed. */
	if ((e = password_hash(password.s, password.len, hash)) != UG_OK)
		return e;
	if (!password_storable(hash, strlen(hash)))
		return UG_EINTERNAL;
	if ((e = prehash_make(prehash_in_use(cfg), password.s, password.len,
	    &vset)) != UG_OK)
		return e;
	memset(&at, 0, sizeof(at));
	at.name = name;
	at.hash = hash;
	at.role_id = role_id;
	at.c = &c;
	at.vset = &vset;
	e = db_tx(db, add_in_tx, &at);
	explicit_bzero(hash, sizeof(hash));
	prehash_clear(&vset);
	if (e == UG_EEXISTS)
		return refuse(d, e, "username", UR_TAKEN);
	if (e == UG_OK && id != NULL)
		*id = at.id;
	return e;
}
