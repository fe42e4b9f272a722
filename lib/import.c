#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "db.h"
#include "import.h"
#include "log.h"
#include "password.h"
#include "role.h"
#include "text.h"
#include "user.h"
#include "userfield.h"

/* --- the reader --------------------------------------------------------- */

/* A growing cell (one value being read). */
struct cell {
	char	*s;
	size_t	 len, cap;
	int	 quoted;
	int	 is_null;
	int	 too_long;
};

struct cells {
	struct cell	*c;
	size_t		 n, cap;
};

static int
cell_put(struct cell *c, char ch)
{
	char	*p;
	size_t	 ncap;

	if (c->len >= IMP_MAX_FIELD) {
		c->too_long = 1;
		return 0;
	}
	if (c->len + 1 >= c->cap) {
		ncap = c->cap ? c->cap * 2 : 32;
		if ((p = realloc(c->s, ncap)) == NULL)
			return -1;
		c->s = p;
		c->cap = ncap;
	}
	c->s[c->len++] = ch;
	c->s[c->len] = '\0';
	return 0;
}

/* A new empty cell at the end of cs; NULL if out of memory. */
static struct cell *
cells_next(struct cells *cs)
{
	struct cell	*p;
	size_t		 ncap;

	if (cs->n == cs->cap) {
		ncap = cs->cap ? cs->cap * 2 : 16;
		if ((p = reallocarray(cs->c, ncap, sizeof(*p))) == NULL)
			return NULL;
		cs->c = p;
		cs->cap = ncap;
	}
	p = &cs->c[cs->n++];
	memset(p, 0, sizeof(*p));
	return p;
}

static void
cells_clear(struct cells *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++)
		free(cs->c[i].s);
	cs->n = 0;
}

/* Every cell ends up with a string, even an empty one. */
static int
cells_seal(struct cells *cs)
{
	size_t	 i;

	for (i = 0; i < cs->n; i++)
		if (cs->c[i].s == NULL && (cs->c[i].s = calloc(1, 1)) == NULL)
			return -1;
	return 0;
}

/*
 * One CSV record (RFC 4180, as sqlite3 -csv and most exporters write
 * it) from d[*pos]: quoted fields may hold commas, newlines and doubled
 * quotes; an unquoted empty field is NULL (sqlite3 writes NULL so).
 * *line counts the newlines consumed.  0, or -1 out of memory.
 */
static int
csv_record(const char *d, size_t len, size_t *pos, unsigned long *line,
    struct cells *cs, const char **bad)
{
	size_t		 p = *pos;
	struct cell	*c;

	for (;;) {
		if ((c = cells_next(cs)) == NULL)
			return -1;
		if (p < len && d[p] == '"') {
			c->quoted = 1;
			p++;
			for (;;) {
				if (p >= len) {
					*bad = "a quote that is never closed";
					goto out;
				}
				if (d[p] == '"') {
					if (p + 1 < len && d[p + 1] == '"') {
						if (cell_put(c, '"') == -1)
							return -1;
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (d[p] == '\n')
					(*line)++;
				if (cell_put(c, d[p++]) == -1)
					return -1;
			}
			if (p < len && d[p] == '\r' && p + 1 < len &&
			    d[p + 1] == '\n')
				p++;
			if (p < len && d[p] != ',' && d[p] != '\n') {
				*bad = "text after a closing quote";
				while (p < len && d[p] != ',' && d[p] != '\n')
					p++;
			}
		} else {
			while (p < len && d[p] != ',' && d[p] != '\n') {
				if (d[p] == '\r' && (p + 1 == len ||
				    d[p + 1] == '\n')) {
					p++;
					continue;
				}
				if (d[p] == '"' && *bad == NULL)
					*bad = "a quote inside an unquoted value";
				if (cell_put(c, d[p++]) == -1)
					return -1;
			}
			c->is_null = c->len == 0;
		}
		if (c->too_long)
			*bad = "a value longer than 64 KiB";
		if (p < len && d[p] == ',') {
			p++;
			continue;
		}
		break;
	}
out:
	if (p < len && d[p] == '\n') {
		p++;
		(*line)++;
	}
	*pos = p;
	return 0;
}

/*
 * One TSV record from d[*pos], as mariadb -B and SELECT ... INTO
 * OUTFILE write it: tabs between values, backslash escapes (\t \n \r
 * \\ \0), NULL written "NULL" (-B) or "\N" (OUTFILE).
 */
static int
tsv_record(const char *d, size_t len, size_t *pos, unsigned long *line,
    struct cells *cs, const char **bad)
{
	size_t		 p = *pos, start;
	struct cell	*c;
	char		 ch;

	for (;;) {
		if ((c = cells_next(cs)) == NULL)
			return -1;
		start = p;
		while (p < len && d[p] != '\t' && d[p] != '\n') {
			ch = d[p++];
			if (ch == '\r' && (p == len || d[p] == '\n'))
				continue;
			if (ch == '\\' && p < len && d[p] != '\n') {
				ch = d[p++];
				if (ch == 'N' && p - start == 2 && (p == len ||
				    d[p] == '\t' || d[p] == '\n' || d[p] == '\r'))
					c->is_null = 1;
				ch = ch == 't' ? '\t' : ch == 'n' ? '\n' :
				    ch == 'r' ? '\r' : ch == '0' ? '\0' : ch;
			}
			if (cell_put(c, ch) == -1)
				return -1;
		}
		if (c->len == 4 && memcmp(c->s, "NULL", 4) == 0 &&
		    p - start == 4)
			c->is_null = 1;
		if (c->too_long)
			*bad = "a value longer than 64 KiB";
		if (p < len && d[p] == '\t') {
			p++;
			continue;
		}
		break;
	}
	if (p < len && d[p] == '\n') {
		p++;
		(*line)++;
	}
	*pos = p;
	return 0;
}

static int
rec_push(struct imp_file *f, size_t *cap, const struct imp_rec *r)
{
	struct imp_rec	*p;
	size_t		 ncap;

	if (f->nrec >= IMP_MAX_ROWS)
		return -1;
	if (f->nrec == *cap) {
		ncap = *cap ? *cap * 2 : 64;
		if ((p = reallocarray(f->rec, ncap, sizeof(*p))) == NULL)
			return -1;
		f->rec = p;
		*cap = ncap;
	}
	f->rec[f->nrec++] = *r;
	return 0;
}

/* The cells of one record as key/values under the header's names. */
static int
rec_from_cells(struct imp_file *f, size_t *cap, unsigned long line,
    const char *bad, struct cells *cs)
{
	struct imp_rec	 r;
	size_t		 i;

	memset(&r, 0, sizeof(r));
	r.line = line;
	r.bad = bad;
	if (bad == NULL && cs->n != f->nhdr)
		r.bad = cs->n < f->nhdr ? "fewer values than the header has "
		    "columns" : "more values than the header has columns";
	if (r.bad == NULL) {
		if ((r.kv = calloc(cs->n, sizeof(*r.kv))) == NULL)
			return -1;
		for (i = 0; i < cs->n; i++) {
			r.kv[i].k = f->hdr[i];
			r.kv[i].klen = f->hdr_len[i];
			r.kv[i].v = cs->c[i].s;
			r.kv[i].vlen = cs->c[i].len;
			r.kv[i].is_null = cs->c[i].is_null;
			cs->c[i].s = NULL;	/* the record owns it now */
		}
		r.n = cs->n;
	}
	if (rec_push(f, cap, &r) == -1) {
		for (i = 0; i < r.n; i++)
			free(r.kv[i].v);
		free(r.kv);
		return -1;
	}
	return 0;
}

static int
parse_delimited(const char *d, size_t len, size_t p, struct imp_file *f,
    char *err, size_t errsz)
{
	struct cells	 cs = { NULL, 0, 0 };
	unsigned long	 line = 1, start;
	const char	*bad = NULL;
	size_t		 cap = 0, i;
	int		 rc = -1, tsv = f->format == IMP_TSV;

	if ((tsv ? tsv_record : csv_record)(d, len, &p, &line, &cs, &bad) ==
	    -1 || cells_seal(&cs) == -1)
		goto nomem;
	if (bad != NULL || cs.n > IMP_MAX_COLS || (cs.n == 1 && cs.c[0].len ==
	    0)) {
		snprintf(err, errsz, "line 1: not a header row%s%s",
		    bad ? ": " : "", bad ? bad : "");
		goto done;
	}
	f->nhdr = cs.n;
	if ((f->hdr = calloc(cs.n, sizeof(*f->hdr))) == NULL ||
	    (f->hdr_len = calloc(cs.n, sizeof(*f->hdr_len))) == NULL)
		goto nomem;
	for (i = 0; i < cs.n; i++) {
		f->hdr[i] = cs.c[i].s;
		f->hdr_len[i] = cs.c[i].len;
		cs.c[i].s = NULL;
	}
	cells_clear(&cs);
	while (p < len) {
		start = line;
		bad = NULL;
		if ((tsv ? tsv_record : csv_record)(d, len, &p, &line, &cs,
		    &bad) == -1 || cells_seal(&cs) == -1)
			goto nomem;
		/* A blank line is no record. */
		if (!(bad == NULL && cs.n == 1 && cs.c[0].len == 0 &&
		    !cs.c[0].quoted) &&
		    rec_from_cells(f, &cap, start, bad, &cs) == -1)
			goto nomem;
		cells_clear(&cs);
	}
	rc = 0;
	goto done;
nomem:
	snprintf(err, errsz, "out of memory, or more than %lu rows",
	    IMP_MAX_ROWS);
done:
	cells_clear(&cs);
	free(cs.c);
	return rc;
}

/* A JSON value as the text a column would hold; -1 for arrays/objects. */
static int
json_text(const cJSON *v, struct imp_kv *kv)
{
	char	 num[64];
	double	 x;

	kv->is_null = 0;
	if (cJSON_IsString(v))
		return (kv->v = strdup(v->valuestring)) == NULL ? -2 :
		    ((kv->vlen = strlen(kv->v)), 0);
	if (cJSON_IsNull(v)) {
		kv->is_null = 1;
		snprintf(num, sizeof(num), "%s", "");
	} else if (cJSON_IsBool(v))
		snprintf(num, sizeof(num), "%d", cJSON_IsTrue(v) ? 1 : 0);
	else if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
		/* In range first: the cast of a larger double is undefined. */
		if (x > -9e15 && x < 9e15 && x == (double)(long long)x)
			snprintf(num, sizeof(num), "%lld", (long long)x);
		else
			snprintf(num, sizeof(num), "%.17g", x);
	} else
		num[0] = '\0';		/* an array or object: refused */
	if ((kv->v = strdup(num)) == NULL)
		return -2;
	kv->vlen = strlen(num);
	return cJSON_IsArray(v) || cJSON_IsObject(v) ? -1 : 0;
}

/* One JSON object per line; blank lines are skipped. */
static int
parse_jsonl(const char *d, size_t len, size_t p, struct imp_file *f,
    char *err, size_t errsz)
{
	const char	*nl;
	const cJSON	*it;
	cJSON		*o;
	struct imp_rec	 r;
	unsigned long	 line = 1;
	size_t		 cap = 0, l, i, n;
	int		 t;

	for (; p < len; line++) {
		nl = memchr(d + p, '\n', len - p);
		l = nl ? (size_t)(nl - (d + p)) : len - p;
		memset(&r, 0, sizeof(r));
		r.line = line;
		for (i = 0; i < l && isspace((unsigned char)d[p + i]); i++)
			;
		if (i == l) {
			p += l + 1;
			continue;
		}
		o = cJSON_ParseWithLength(d + p, l);
		p += l + 1;
		if (o == NULL || !cJSON_IsObject(o))
			r.bad = "not a JSON object";
		else {
			n = (size_t)cJSON_GetArraySize(o);
			if (n > IMP_MAX_COLS)
				r.bad = "too many keys";
			else if (n > 0 && (r.kv = calloc(n, sizeof(*r.kv))) ==
			    NULL)
				goto nomem_rec;
			i = 0;
			for (it = o->child; r.bad == NULL && it != NULL &&
			    i < n; it = it->next, i++) {
				if ((r.kv[i].k = strdup(it->string)) == NULL)
					goto nomem_rec;
				r.kv[i].klen = strlen(it->string);
				r.n = i + 1;
				if ((t = json_text(it, &r.kv[i])) == -2)
					goto nomem_rec;
				if (t == -1)
					r.bad = "a value that is an array or "
					    "an object";
				else if (r.kv[i].vlen > IMP_MAX_FIELD)
					r.bad = "a value longer than 64 KiB";
			}
		}
		cJSON_Delete(o);
		o = NULL;
		if (rec_push(f, &cap, &r) == -1)
			goto nomem_rec;
	}
	return 0;
nomem_rec:
	cJSON_Delete(o);
	for (i = 0; i < r.n; i++) {
		free((char *)r.kv[i].k);
		free(r.kv[i].v);
	}
	free(r.kv);
	snprintf(err, errsz, "out of memory, or more than %lu rows",
	    IMP_MAX_ROWS);
	return -1;
}

int
imp_parse(const char *d, size_t len, enum imp_format fmt, struct imp_file *f,
    char *err, size_t errsz)
{
	size_t	 p = 0, i;

	memset(f, 0, sizeof(*f));
	if (len > IMP_MAX_BYTES) {
		snprintf(err, errsz, "the file is larger than %lu MiB",
		    IMP_MAX_BYTES >> 20);
		return -1;
	}
	/* A byte-order mark, as some Windows tools write one. */
	if (len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	if (fmt == IMP_AUTO) {
		for (i = p; i < len && isspace((unsigned char)d[i]); i++)
			;
		if (i < len && d[i] == '{')
			fmt = IMP_JSONL;
		else {
			for (i = p; i < len && d[i] != '\n' && d[i] != '\t'; i++)
				;
			fmt = i < len && d[i] == '\t' ? IMP_TSV : IMP_CSV;
		}
	}
	f->format = fmt;
	if (fmt == IMP_JSONL)
		return parse_jsonl(d, len, p, f, err, errsz);
	if (p >= len) {
		snprintf(err, errsz, "the file is empty: no header row");
		return -1;
	}
	return parse_delimited(d, len, p, f, err, errsz);
}

void
imp_file_free(struct imp_file *f)
{
	size_t	 i, j;

	for (i = 0; i < f->nrec; i++) {
		for (j = 0; j < f->rec[i].n; j++) {
			if (f->format == IMP_JSONL)
				free((char *)f->rec[i].kv[j].k);
			free(f->rec[i].kv[j].v);
		}
		free(f->rec[i].kv);
	}
	free(f->rec);
	for (i = 0; i < f->nhdr; i++)
		free(f->hdr[i]);
	free(f->hdr);
	free(f->hdr_len);
	memset(f, 0, sizeof(*f));
}

/* --- the presets -------------------------------------------------------- */

typedef int	(*role_fn)(const char *, size_t);

struct imp_preset {
	const char		*name;
	const struct imp_col	*cols;
	role_fn			 role;
	int			 hash;		/* enum pw_legacy, or -1: guess */
};

/* A small integer, or -1. */
static int
small_int(const char *s, size_t len)
{
	uint64_t	 v;

	return parse_u64(s, len, INT32_MAX, &v) == 0 ? (int)v : -1;
}

/* login.php's Authority: Y an administrator, N a general user. */
static int
role_loginphp(const char *s, size_t len)
{
	if (str_is(s, len, "Y") || str_is(s, len, "y"))
		return ROLE_USER_ADMIN;
	if (str_is(s, len, "N") || str_is(s, len, "n"))
		return ROLE_USER;
	return -1;
}

/* backstage's stat is the role: 0 general, 1 admin, 2 super admin. */
static int
role_backstage(const char *s, size_t len)
{
	static const int	 map[] = { ROLE_USER, ROLE_USER_ADMIN,
				    ROLE_SUPER };
	int			 v = small_int(s, len);

	return v >= 0 && v < 3 ? map[v] : -1;
}

/* adminsys's role_id is ours (the roles table was seeded from it). */
static int
role_adminsys(const char *s, size_t len)
{
	return small_int(s, len);
}

/* proxypool's role_id: 1 super admin, 2 admin, 3 normal user. */
static int
role_proxypool(const char *s, size_t len)
{
	static const int	 map[] = { -1, ROLE_SUPER, ROLE_USER_ADMIN,
				    ROLE_USER };
	int			 v = small_int(s, len);

	return v >= 1 && v < 4 ? map[v] : -1;
}

/* AList's role: 0 general, 1 guest, 2 admin (all powers: super admin). */
static int
role_alist(const char *s, size_t len)
{
	static const int	 map[] = { ROLE_USER, ROLE_GUEST, ROLE_SUPER };
	int			 v = small_int(s, len);

	return v >= 0 && v < 3 ? map[v] : -1;
}

/* Ours: a role code (admin, user, ...) or id. */
static int
role_ours(const char *s, size_t len)
{
	char	 b[32];

	if (len == 0 || len >= sizeof(b) || memchr(s, '\0', len) != NULL)
		return -1;
	memcpy(b, s, len);
	b[len] = '\0';
	return role_parse(b);
}

/* login.php's users table. */
static const struct imp_col cols_loginphp[] = {
	{ "id", IMPT_IGNORE },
	{ "username", UF_USERNAME },
	{ "password", IMPT_PASSWORD },
	{ "Authority", IMPT_ROLE },
	{ "openid", UF_OPENID },
	{ "wechat_name", UF_WECHAT_NAME },
	{ "ipconfig", UF_IPCONFIG },
	{ "count", UF_COUNT },
	{ NULL, 0 }
};

/* Django's userInformation model. */
static const struct imp_col cols_backstage[] = {
	{ "id", IMPT_IGNORE },
	{ "username", UF_USERNAME },
	{ "password", IMPT_PASSWORD },
	{ "ipconfig", UF_IPCONFIG },
	{ "stat", IMPT_ROLE },
	{ "count", UF_COUNT },
	{ "create_at", UF_CREATED },
	{ NULL, 0 }
};

/* The Java admin subsystem's user table. */
static const struct imp_col cols_adminsys[] = {
	{ "user_id", IMPT_IGNORE },
	{ "username", UF_USERNAME },
	{ "password", IMPT_PASSWORD },
	{ "role_id", IMPT_ROLE },
	{ "nickname", UF_NICKNAME },
	{ "gender", UF_GENDER },
	{ "email", UF_EMAIL },
	{ "phone", UF_PHONE },
	{ "zip_code", UF_ZIP_CODE },
	{ "location", UF_LOCATION },
	{ "age", UF_AGE },
	{ "country", UF_COUNTRY },
	{ "detail_address", UF_DETAIL_ADDRESS },
	{ "identity", UF_IDENTITY },
	{ "active", UF_ACTIVE },
	{ "code", UF_CODE },
	{ "created", UF_CREATED },
	{ "updated", IMPT_IGNORE },
	{ NULL, 0 }
};

/* The Flask proxy pool's user table (SQLAlchemy model User). */
static const struct imp_col cols_proxypool[] = {
	{ "id", IMPT_IGNORE },
	{ "username", UF_USERNAME },
	{ "password_hash", IMPT_PASSWORD },
	{ "createtime", UF_CREATED },
	{ "locked", UF_LOCKED },
	{ "description", UF_DESCRIPTION },
	{ "avatar", UF_AVATAR },
	{ "role_id", IMPT_ROLE },
	{ NULL, 0 }
};

/* AList v3's x_users (GORM model User). */
static const struct imp_col cols_alist[] = {
	{ "id", IMPT_IGNORE },
	{ "username", UF_USERNAME },
	{ "pwd_hash", IMPT_PASSWORD },
	{ "salt", IMPT_SALT },
	{ "password", IMPT_PLAINPW },
	{ "base_path", UF_BASE_PATH },
	{ "role", IMPT_ROLE },
	{ "disabled", UF_DISABLED },
	{ "permission", UF_PERMISSION },
	{ "otp_secret", IMPT_OTP },
	{ "sso_id", UF_SSO_ID },
	{ "authn", IMPT_IGNORE },
	{ NULL, 0 }
};

/* Ours: every field by its own name (imp_target_parse). */
static const struct imp_col cols_csv[] = {
	{ "id", IMPT_IGNORE },
	{ NULL, 0 }
};

static const struct imp_preset presets[] = {
	{ "loginphp", cols_loginphp, role_loginphp, -1 },
	{ "backstage", cols_backstage, role_backstage, PWL_PLAIN },
	{ "adminsys", cols_adminsys, role_adminsys, -1 },
	{ "proxypool", cols_proxypool, role_proxypool, -1 },
	{ "alist", cols_alist, role_alist, PWL_ALIST },
	{ "csv", cols_csv, role_ours, -1 },
};
#define NPRESETS	(sizeof(presets) / sizeof(presets[0]))

const struct imp_preset *
imp_preset_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NPRESETS; i++)
		if (strcmp(presets[i].name, name) == 0)
			return &presets[i];
	return NULL;
}

const char *
imp_preset_names(void)
{
	return "loginphp|backstage|adminsys|proxypool|alist|csv";
}

int
imp_target_parse(const char *s, size_t len)
{
	int	 f;

	if (str_is(s, len, "-"))
		return IMPT_IGNORE;
	if (str_is(s, len, "password") || str_is(s, len, "password_hash"))
		return IMPT_PASSWORD;
	if (str_is(s, len, "salt"))
		return IMPT_SALT;
	if (str_is(s, len, "role") || str_is(s, len, "role_id"))
		return IMPT_ROLE;
	if (str_is(s, len, "otp_secret"))
		return IMPT_OTP;
	if ((f = uf_find(s, len)) < 0 || f == UF_ROLE || f == UF_UPDATED)
		return -2;
	return f;
}

/* Where column k goes: --map first, then the preset, then (csv) ours. */
static int
target_of(const struct imp_opts *o, const char *k, size_t klen)
{
	const struct imp_col	*c;
	size_t			 i;
	int			 t;

	for (i = 0; i < o->nmap; i++)
		if (str_is(k, klen, o->map[i].legacy))
			return o->map[i].target;
	for (c = o->preset->cols; c->legacy != NULL; c++)
		if (str_is(k, klen, c->legacy))
			return c->target;
	if (o->preset->cols == cols_csv && (t = imp_target_parse(k, klen)) !=
	    -2)
		return t;
	return IMPT_IGNORE;
}

size_t
imp_unused_columns(const struct imp_opts *o, const struct imp_file *f,
    const char **names, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < f->nhdr && n < max; i++)
		if (target_of(o, f->hdr[i], f->hdr_len[i]) == IMPT_IGNORE &&
		    !str_is(f->hdr[i], f->hdr_len[i], "id") &&
		    !str_is(f->hdr[i], f->hdr_len[i], "user_id"))
			names[n++] = f->hdr[i];
	return n;
}

/* --- one row ------------------------------------------------------------- */

static void
bad(struct imp_row *r, const char *why, const char *field)
{
	if (r->state == IR_BAD)
		return;		/* the first reason stands */
	r->state = IR_BAD;
	if (field != NULL)
		snprintf(r->why, sizeof(r->why), "%s: %s", field, why);
	else
		snprintf(r->why, sizeof(r->why), "%s", why);
}

/* 0/1, true/false (any case), as exporters write booleans. */
static int
parse_bool(const char *s, size_t len)
{
	if (str_is(s, len, "0") || strncasecmp(s, "false", 6) == 0)
		return len == 1 || len == 5 ? 0 : -1;
	if (str_is(s, len, "1") || strncasecmp(s, "true", 5) == 0)
		return len == 1 || len == 4 ? 1 : -1;
	return -1;
}

static int
digits(const char *s, size_t n, int *v)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/*
 * A legacy time into the store's "YYYY-MM-DD HH:MM:SS.mmm": date and
 * time with ' ' or 'T' between, an optional fraction (any digits, cut
 * to milliseconds), and an optional "Z" or "+00:00".  Times without a
 * zone are taken as UTC.  1 if it is the zero date (no time), 0, -1.
 */
static int
parse_time(const char *s, size_t len, char out[24])
{
	char	 b[96];
	int	 y, mo, d, h, mi, se, ms = 0, scale = 100;
	size_t	 p = 19;

	if (len == 19 && memcmp(s, "0000-00-00 00:00:00", 19) == 0)
		return 1;
	if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' &&
	    s[10] != 'T') || s[13] != ':' || s[16] != ':' ||
	    digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    digits(s + 17, 2, &se))
		return -1;
	if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 59)
		return -1;
	if (p < len && s[p] == '.') {
		for (p++; p < len && s[p] >= '0' && s[p] <= '9'; p++) {
			ms += (s[p] - '0') * scale;
			scale /= 10;
		}
		if (s[p - 1] == '.')
			return -1;
	}
	if (p < len && !str_is(s + p, len - p, "Z") &&
	    !str_is(s + p, len - p, "+00:00"))
		return -1;
	/* Room for what the compiler cannot tell is 23 characters. */
	snprintf(b, sizeof(b), "%04d-%02d-%02d %02d:%02d:%02d.%03d", y, mo, d,
	    h, mi, se, ms);
	memcpy(out, b, 24);
	out[23] = '\0';
	return 0;
}

/* One value for field f of the store. */
static void
put_field(struct imp_row *r, int f, struct imp_kv *kv)
{
	const struct uf_def	*u = &user_fields[f];
	enum ug_reason		 why;
	long long		 v;
	int			 b;

	if (f == UF_CREATED) {
		if ((b = parse_time(kv->v, kv->vlen, r->created)) == -1)
			bad(r, "not a date and time", u->name);
		else if (b == 0) {
			r->set |= 1u << f;
			r->text[f].s = r->created;
			r->text[f].len = strlen(r->created);
		}
		return;
	}
	switch (u->type) {
	case UFT_BOOL:
		if ((b = parse_bool(kv->v, kv->vlen)) < 0) {
			bad(r, "not 0 or 1", u->name);
			return;
		}
		r->num[f] = b;
		break;
	case UFT_INT:
		/* adminsys wrote 0 for an age nobody gave. */
		if (f == UF_AGE && str_is(kv->v, kv->vlen, "0"))
			return;
		if ((why = uf_parse_int((enum user_field)f, kv->v, kv->vlen,
		    &v)) != UR_NONE) {
			bad(r, ug_reason_text(why), u->name);
			return;
		}
		r->num[f] = v;
		break;
	default:
		if (f == UF_BASE_PATH && uf_base_path_clean(kv->v,
		    &kv->vlen) != UR_NONE) {
			bad(r, "not a path", u->name);
			return;
		}
		if ((why = uf_check_text((enum user_field)f, kv->v,
		    kv->vlen)) != UR_NONE) {
			bad(r, ug_reason_text(why), u->name);
			return;
		}
		r->text[f].s = kv->v;
		r->text[f].len = kv->vlen;
		break;
	}
	r->set |= 1u << f;
}

void
imp_row_make(const struct config *cfg, const struct imp_opts *o,
    const struct imp_rec *rec, struct imp_row *r)
{
	const struct imp_kv	*role = NULL, *pwd = NULL, *plain = NULL;
	const struct imp_kv	*salt = NULL;
	struct imp_kv		*kv;
	size_t			 i;
	int			 t, h;

	memset(r, 0, sizeof(*r));
	r->line = rec->line;
	r->state = IR_NEW;
	r->role_id = ROLE_USER;
	if (rec->bad != NULL) {
		bad(r, rec->bad, NULL);
		return;
	}
	for (i = 0; i < rec->n; i++) {
		kv = &rec->kv[i];
		t = target_of(o, kv->k, kv->klen);
		if (t == UF_USERNAME) {
			if (!kv->is_null) {
				r->name.s = kv->v;
				r->name.len = kv->vlen;
			}
			continue;
		}
		if (t == IMPT_IGNORE || kv->is_null)
			continue;
		if (t == IMPT_PASSWORD)
			pwd = kv;
		else if (t == IMPT_PLAINPW)
			plain = kv;
		else if (t == IMPT_SALT)
			salt = kv;
		else if (t == IMPT_ROLE)
			role = kv;
		else if (t == IMPT_OTP) {
			if (kv->vlen > 64 || text_unsafe(kv->v, kv->vlen))
				bad(r, "not an OTP secret", "otp_secret");
			r->otp.s = kv->v;
			r->otp.len = kv->vlen;
		} else if (kv->vlen > 0 && t >= 0 && t < UF_NFIELDS)
			put_field(r, t, kv);
	}
	if (r->name.s == NULL || r->name.len == 0) {
		bad(r, "no name", NULL);
		return;
	}
	if (user_name_check(cfg, r->name.s, r->name.len) != UG_OK) {
		bad(r, text_unsafe(r->name.s, r->name.len) ? "invalid UTF-8 "
		    "or a control character in the name" : "the name is too "
		    "long or has blanks at its ends", NULL);
		return;
	}
	if (role != NULL && role->vlen > 0 &&
	    (r->role_id = o->preset->role(role->v, role->vlen)) < 0)
		bad(r, "unknown role", NULL);

	/* The password: its hash, or (AList before v3.25) its plaintext. */
	if ((pwd == NULL || pwd->vlen == 0) && plain != NULL &&
	    plain->vlen > 0) {
		r->old.scheme = PWL_PLAIN;
		pwd = plain;
	} else if (pwd == NULL || pwd->vlen == 0) {
		bad(r, "no password", NULL);
		return;
	} else if (o->hash >= 0)
		r->old.scheme = (enum pw_legacy)o->hash;
	else if (o->preset->hash >= 0)
		r->old.scheme = (enum pw_legacy)o->preset->hash;
	else if ((h = password_legacy_guess(pwd->v, pwd->vlen)) >= 0)
		r->old.scheme = (enum pw_legacy)h;
	else {
		bad(r, o->preset->cols == cols_csv ? "a password in no known "
		    "format (--hash plain if it is a plaintext)" :
		    "a password in no known format", NULL);
		return;
	}
	r->old.s = pwd->v;
	r->old.len = pwd->vlen;
	if (r->old.scheme == PWL_ALIST && salt != NULL) {
		r->old.salt = salt->v;
		r->old.salt_len = salt->vlen;
	}
	if (password_legacy_check(&r->old) != UG_OK)
		bad(r, r->old.scheme == PWL_PLAIN ? "a password that is too "
		    "long or holds a NUL" : "a password in no known format",
		    NULL);
}

/* --- workers ------------------------------------------------------------- */

/*
 * A pool of threads that take jobs 0..njobs-1 in turn; each has its own
 * database connection if it needs one.  The first error stops them all.
 */
struct pool {
	const struct config	*cfg;
	int			 nthreads;
	int			 use_db;
	size_t			 njobs;
	size_t			 next;		/* atomic */
	size_t			 done;		/* atomic: rows done */
	int			 running;	/* atomic */
	int			 stop;		/* atomic */
	enum ug_err		 err;
	char			 errmsg[160];
	pthread_mutex_t		 mu;
	enum ug_err		(*job)(struct pool *, struct db *, size_t);
	void			*arg;
};

static void
pool_fail(struct pool *pl, enum ug_err e, const char *msg)
{
	pthread_mutex_lock(&pl->mu);
	if (pl->err == UG_OK) {
		pl->err = e;
		snprintf(pl->errmsg, sizeof(pl->errmsg), "%s", msg);
	}
	pthread_mutex_unlock(&pl->mu);
	__atomic_store_n(&pl->stop, 1, __ATOMIC_SEQ_CST);
}

static void *
pool_main(void *arg)
{
	struct pool	*pl = arg;
	struct db	*db = NULL;
	size_t		 j;
	enum ug_err	 e;

	if (pl->use_db && (db = db_new(pl->cfg)) == NULL)
		pool_fail(pl, UG_EINTERNAL, "out of memory");
	while (!__atomic_load_n(&pl->stop, __ATOMIC_SEQ_CST)) {
		j = __atomic_fetch_add(&pl->next, 1, __ATOMIC_SEQ_CST);
		if (j >= pl->njobs)
			break;
		if ((e = pl->job(pl, db, j)) != UG_OK) {
			pool_fail(pl, e, ug_strerror(e));
			break;
		}
	}
	if (db != NULL)
		db_free(db);
	__atomic_fetch_sub(&pl->running, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int
pool_threads(const struct config *cfg, const struct imp_opts *o)
{
	long	 n;

	if (o->threads > 0)
		return o->threads;
	if (cfg->hash_concurrency > 0)
		return cfg->hash_concurrency;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* Runs the pool to its end, reporting progress of total rows. */
static enum ug_err
pool_run(struct pool *pl, size_t total, imp_progress_fn progress, void *arg)
{
	pthread_t		*th;
	struct timespec		 ts = { 0, 200 * 1000000L };
	int			 i, started = 0;

	if ((th = calloc((size_t)pl->nthreads, sizeof(*th))) == NULL)
		return UG_EINTERNAL;
	pthread_mutex_init(&pl->mu, NULL);
	pl->running = pl->nthreads;
	for (i = 0; i < pl->nthreads; i++) {
		if (pthread_create(&th[i], NULL, pool_main, pl) != 0) {
			__atomic_fetch_sub(&pl->running, pl->nthreads - i,
			    __ATOMIC_SEQ_CST);
			if (started == 0)
				pool_fail(pl, UG_EINTERNAL, "no thread");
			break;
		}
		started++;
	}
	while (__atomic_load_n(&pl->running, __ATOMIC_SEQ_CST) > 0) {
		nanosleep(&ts, NULL);
		if (progress != NULL)
			progress(arg, __atomic_load_n(&pl->done,
			    __ATOMIC_SEQ_CST), total);
	}
	for (i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	pthread_mutex_destroy(&pl->mu);
	return pl->err;
}

/* --- checking against the store ------------------------------------------ */

struct stored {
	size_t		 idx;
	int		 level;
	char		*hash;
};

struct check_ctx {
	struct imp_row	*rows;
	struct stored	*st;
};

/* Is the stored user this very row, imported by an earlier run? */
static enum ug_err
check_job(struct pool *pl, struct db *db, size_t j)
{
	struct check_ctx	*c = pl->arg;
	struct stored		*s = &c->st[j];
	struct imp_row		*r = &c->rows[s->idx];
	enum ug_err		 e;
	int			 same = 0;

	(void)db;
	if ((e = password_legacy_same(s->hash, &r->old, &same)) != UG_OK)
		return e;
	if (same)
		r->state = IR_DONE;
	else if (s->level >= LEVEL_SUPER)
		bad(r, "the name of a super admin of the store, who is never "
		    "overwritten", NULL);
	else
		bad(r, "the name is already in the store", NULL);
	__atomic_fetch_add(&pl->done, 1, __ATOMIC_SEQ_CST);
	return UG_OK;
}

/* The lines of rows whose key is also on an earlier line. */
static enum ug_err
mark_dups(struct db *db, const char *sql, struct imp_row *rows,
    const char *what)
{
	struct db_col		 c[2] = { DB_COL_INT(), DB_COL_INT() };
	struct db_cursor	 cur;
	size_t			*later = NULL, *first = NULL, n = 0, cap = 0, i;
	size_t			*p;
	char			 why[IMP_WHY_MAX];
	enum ug_err		 e;
	int			 rc;

	if ((e = db_select(db, sql, NULL, 0, c, 2, &cur)) != UG_OK)
		return e;
	while ((rc = db_fetch(&cur)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((p = reallocarray(later, cap, sizeof(*p))) == NULL)
				break;
			later = p;
			if ((p = reallocarray(first, cap, sizeof(*p))) == NULL)
				break;
			first = p;
		}
		later[n] = (size_t)c[0].i;
		first[n++] = (size_t)c[1].i;
	}
	db_done(&cur);
	e = rc == -1 ? UG_EDB : rc == 1 ? UG_EINTERNAL : UG_OK;
	for (i = 0; e == UG_OK && i < n; i++) {
		snprintf(why, sizeof(why), "the %s is also on line %lu", what,
		    rows[first[i]].line);
		bad(&rows[later[i]], why, NULL);
	}
	free(later);
	free(first);
	return e;
}

static enum ug_err
load_names(struct db *db, struct imp_row *rows, size_t n)
{
	static const char	*sql_make =
	    "CREATE TEMPORARY TABLE IF NOT EXISTS import_names ("
	    "idx BIGINT UNSIGNED NOT NULL PRIMARY KEY, "
	    "username VARCHAR(255) CHARACTER SET utf8mb4 "
	    "COLLATE utf8mb4_unicode_nopad_ci NOT NULL, "
	    "openid VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, "
	    "KEY (username), KEY (openid)) ENGINE=InnoDB";
	static const char	*sql_clear = "DELETE FROM import_names";
	static const char	*sql_add =
	    "INSERT INTO import_names (idx, username, openid) VALUES (?, ?, ?)";
	struct db_val		 p[3];
	size_t			 i;
	enum ug_err		 e;

	if ((e = db_exec(db, sql_make, NULL, 0, NULL, NULL)) != UG_OK ||
	    (e = db_exec(db, sql_clear, NULL, 0, NULL, NULL)) != UG_OK)
		return e;
	if ((e = db_begin(db)) != UG_OK)
		return e;
	for (i = 0; i < n; i++) {
		if (rows[i].state != IR_NEW)
			continue;
		p[0] = DB_UINT(i);
		p[1] = DB_STR(rows[i].name.s, rows[i].name.len);
		p[2] = rows[i].set & (1u << UF_OPENID) ?
		    DB_STR(rows[i].text[UF_OPENID].s,
		    rows[i].text[UF_OPENID].len) : DB_NULL();
		if ((e = db_exec(db, sql_add, p, 3, NULL, NULL)) != UG_OK) {
			db_rollback(db);
			return e;
		}
	}
	return db_commit(db);
}

static enum ug_err
check_roles(struct db *db, struct imp_row *rows, size_t n)
{
	static const char	*sql = "SELECT role_id FROM roles";
	struct db_col		 c[1] = { DB_COL_INT() };
	struct db_cursor	 cur;
	long long		 ids[64];
	size_t			 nid = 0, i, k;
	enum ug_err		 e;
	int			 rc;

	if ((e = db_select(db, sql, NULL, 0, c, 1, &cur)) != UG_OK)
		return e;
	while ((rc = db_fetch(&cur)) == 1)
		if (nid < sizeof(ids) / sizeof(ids[0]))
			ids[nid++] = c[0].i;
	db_done(&cur);
	if (rc == -1)
		return UG_EDB;
	for (i = 0; i < n; i++) {
		if (rows[i].state != IR_NEW)
			continue;
		for (k = 0; k < nid && ids[k] != rows[i].role_id; k++)
			;
		if (k == nid)
			bad(&rows[i], "unknown role", NULL);
	}
	return UG_OK;
}

enum ug_err
imp_check(struct db *db, const struct config *cfg, const struct imp_opts *o,
    struct imp_row *rows, size_t n)
{
	static const char	*sql_dup_name =
	    "SELECT b.idx, MIN(a.idx) FROM import_names a JOIN import_names b "
	    "ON b.username = a.username AND b.idx > a.idx GROUP BY b.idx";
	static const char	*sql_dup_openid =
	    "SELECT b.idx, MIN(a.idx) FROM import_names a JOIN import_names b "
	    "ON b.openid = a.openid AND b.idx > a.idx GROUP BY b.idx";
	static const char	*sql_stored =
	    "SELECT a.idx, u.password_hash, r.level FROM import_names a "
	    "JOIN users u ON u.username = a.username "
	    "JOIN roles r ON r.role_id = u.role_id ORDER BY a.idx";
	static const char	*sql_openid =
	    "SELECT a.idx FROM import_names a JOIN users u "
	    "ON u.openid = a.openid WHERE u.username <> a.username";
	static const char	*sql_drop = "DROP TEMPORARY TABLE import_names";
	char			 hash[PASSWORD_HASH_MAX + 1];
	struct db_col		 c[3] = { DB_COL_INT(), DB_COL_STR(hash),
				    DB_COL_INT() };
	struct db_cursor	 cur;
	struct stored		*st = NULL, *sp;
	struct check_ctx	 cx;
	struct pool		 pl;
	size_t			 nst = 0, cap = 0, i;
	enum ug_err		 e;
	int			 rc;

	if ((e = check_roles(db, rows, n)) != UG_OK ||
	    (e = load_names(db, rows, n)) != UG_OK)
		return e;
	if ((e = mark_dups(db, sql_dup_name, rows, "name")) != UG_OK ||
	    (e = mark_dups(db, sql_dup_openid, rows, "openid")) != UG_OK)
		goto out;

	/* Names already in the store: an earlier run of this file, or not. */
	if ((e = db_select(db, sql_stored, NULL, 0, c, 3, &cur)) != UG_OK)
		goto out;
	while ((rc = db_fetch(&cur)) == 1) {
		if ((size_t)c[0].i >= n || rows[c[0].i].state != IR_NEW)
			continue;
		if (nst == cap) {
			cap = cap ? cap * 2 : 64;
			if ((sp = reallocarray(st, cap, sizeof(*sp))) == NULL) {
				rc = -2;
				break;
			}
			st = sp;
		}
		st[nst].idx = (size_t)c[0].i;
		st[nst].level = (int)c[2].i;
		if ((st[nst].hash = strdup(hash)) == NULL) {
			rc = -2;
			break;
		}
		nst++;
	}
	db_done(&cur);
	if (rc != 0) {
		e = rc == -1 ? UG_EDB : UG_EINTERNAL;
		goto out;
	}
	if ((e = db_select(db, sql_openid, NULL, 0, c, 1, &cur)) != UG_OK)
		goto out;
	while ((rc = db_fetch(&cur)) == 1)
		if ((size_t)c[0].i < n)
			bad(&rows[c[0].i], "the openid is already in the store",
			    NULL);
	db_done(&cur);
	if (rc == -1) {
		e = UG_EDB;
		goto out;
	}
	/* One hash per stored user to tell a resumed run from a clash. */
	if (nst > 0) {
		memset(&pl, 0, sizeof(pl));
		cx.rows = rows;
		cx.st = st;
		pl.cfg = cfg;
		pl.nthreads = pool_threads(cfg, o);
		pl.njobs = nst;
		pl.job = check_job;
		pl.arg = &cx;
		e = pool_run(&pl, nst, NULL, NULL);
	}
out:
	(void)db_exec(db, sql_drop, NULL, 0, NULL, NULL);
	for (i = 0; i < nst; i++)
		free(st[i].hash);
	free(st);
	return e;
}

/* --- writing ------------------------------------------------------------- */

/* The store's columns in the order of sql_insert's parameters. */
static const enum user_field insert_fields[] = {
	UF_DISABLED, UF_LOCKED, UF_OPENID, UF_WECHAT_NAME, UF_IPCONFIG,
	UF_COUNT, UF_NICKNAME, UF_GENDER, UF_EMAIL, UF_PHONE, UF_ZIP_CODE,
	UF_LOCATION, UF_AGE, UF_COUNTRY, UF_DETAIL_ADDRESS, UF_IDENTITY,
	UF_CODE, UF_ACTIVE, UF_DESCRIPTION, UF_AVATAR, UF_BASE_PATH,
	UF_PERMISSION, UF_SSO_ID, UF_CREATED
};
#define NINSERT	(sizeof(insert_fields) / sizeof(insert_fields[0]))

/* A field not given takes the column's own default. */
static const char *sql_insert =
    "INSERT INTO users (username, password_hash, role_id, disabled, locked, "
    "openid, wechat_name, ipconfig, count, nickname, gender, email, phone, "
    "zip_code, location, age, country, detail_address, identity, code, "
    "active, description, avatar, base_path, permission, sso_id, created, "
    "otp_secret) VALUES (?, ?, ?, COALESCE(?, 0), COALESCE(?, 0), ?, ?, ?, "
    "COALESCE(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, '1'), ?, ?, "
    "COALESCE(?, '/'), COALESCE(?, 0), COALESCE(?, ''), "
    "COALESCE(?, NOW(3)), ?)";

struct write_ctx {
	struct imp_row	*rows;
	size_t		*todo;		/* indexes of the rows to write */
	size_t		 ntodo;
	size_t		 batch;
};

struct batch_tx {
	struct imp_row	*rows;
	size_t		*idx;
	size_t		 n;
};

static enum ug_err
batch_in_tx(struct db *db, void *arg)
{
	struct batch_tx		*b = arg;
	struct db_val		 p[3 + NINSERT + 1];
	struct imp_row		*r;
	size_t			 i, k;
	enum user_field		 f;
	enum ug_err		 e;

	for (i = 0; i < b->n; i++) {
		r = &b->rows[b->idx[i]];
		p[0] = DB_STR(r->name.s, r->name.len);
		p[1] = DB_CSTR(r->hash);
		p[2] = DB_INT(r->role_id);
		for (k = 0; k < NINSERT; k++) {
			f = insert_fields[k];
			if (!(r->set & (1u << f)))
				p[3 + k] = DB_NULL();
			else if (user_fields[f].type == UFT_INT ||
			    user_fields[f].type == UFT_BOOL)
				p[3 + k] = DB_INT(r->num[f]);
			else
				p[3 + k] = DB_STR(r->text[f].s, r->text[f].len);
		}
		p[3 + NINSERT] = DB_OSTR(r->otp.s, r->otp.len);
		if ((e = db_exec(db, sql_insert, p, 3 + NINSERT + 1, NULL,
		    NULL)) != UG_OK)
			return e;
	}
	return UG_OK;
}

/* One batch: its hashes, then one transaction. */
static enum ug_err
write_job(struct pool *pl, struct db *db, size_t j)
{
	struct write_ctx	*w = pl->arg;
	struct batch_tx		 b;
	struct imp_row		*r;
	size_t			 i, lo = j * w->batch;
	enum ug_err		 e;

	b.rows = w->rows;
	b.idx = w->todo + lo;
	b.n = w->ntodo - lo < w->batch ? w->ntodo - lo : w->batch;
	for (i = 0; i < b.n; i++) {
		if (__atomic_load_n(&pl->stop, __ATOMIC_SEQ_CST))
			return UG_OK;
		r = &w->rows[b.idx[i]];
		if (r->hash == NULL &&
		    (r->hash = malloc(PASSWORD_HASH_MAX + 1)) == NULL)
			return UG_EINTERNAL;
		if ((e = password_legacy_store(&r->old, r->hash)) != UG_OK)
			return e;
		__atomic_fetch_add(&pl->done, 1, __ATOMIC_SEQ_CST);
	}
	if ((e = db_tx(db, batch_in_tx, &b)) != UG_OK)
		return e;
	for (i = 0; i < b.n; i++) {
		r = &w->rows[b.idx[i]];
		r->state = IR_WRITTEN;
		/* Nothing of it is needed any more. */
		explicit_bzero(r->hash, PASSWORD_HASH_MAX + 1);
	}
	return UG_OK;
}

enum ug_err
imp_write(const struct config *cfg, const struct imp_opts *o,
    struct imp_row *rows, size_t n, imp_progress_fn progress, void *arg)
{
	struct write_ctx	 w;
	struct pool		 pl;
	size_t			 i;
	enum ug_err		 e;

	memset(&w, 0, sizeof(w));
	w.rows = rows;
	w.batch = o->batch > 0 ? o->batch : 500;
	if ((w.todo = calloc(n ? n : 1, sizeof(*w.todo))) == NULL)
		return UG_EINTERNAL;
	for (i = 0; i < n; i++)
		if (rows[i].state == IR_NEW)
			w.todo[w.ntodo++] = i;
	memset(&pl, 0, sizeof(pl));
	pl.cfg = cfg;
	pl.use_db = 1;
	pl.nthreads = pool_threads(cfg, o);
	pl.njobs = (w.ntodo + w.batch - 1) / w.batch;
	pl.job = write_job;
	pl.arg = &w;
	e = pool_run(&pl, w.ntodo, progress, arg);
	if (progress != NULL)
		progress(arg, pl.done, w.ntodo);
	for (i = 0; i < n; i++) {
		free(rows[i].hash);
		rows[i].hash = NULL;
	}
	free(w.todo);
	return e;
}

void
imp_stats(const struct imp_row *rows, size_t n, struct imp_stats *st)
{
	size_t	 i;

	memset(st, 0, sizeof(*st));
	st->rows = n;
	for (i = 0; i < n; i++) {
		switch (rows[i].state) {
		case IR_WRITTEN:
			st->imported++;
			if (rows[i].old.scheme == PWL_CRYPT)
				st->kept++;
			else
				st->wrapped[rows[i].old.scheme]++;
			break;
		case IR_DONE:
			st->already++;
			break;
		case IR_BAD:
			st->bad++;
			break;
		default:
			break;
		}
	}
}
