/*
 * Unit tests of lib/import.c's pure parts: the reader (CSV as sqlite3
 * and RFC 4180 write it, TSV as mariadb -B and INTO OUTFILE write it,
 * JSON Lines), with each record's line, and the presets' mapping of a
 * record onto a row: roles, fields, password formats and the refusals.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "import.h"
#include "role.h"
#include "tap.h"

#define S(lit)	(lit), sizeof(lit) - 1

static struct config	 cfg;

/* The value of column k in record r, or NULL. */
static const struct imp_kv *
val(const struct imp_rec *r, const char *k)
{
	size_t	 i;

	for (i = 0; i < r->n; i++)
		if (strlen(k) == r->kv[i].klen && memcmp(r->kv[i].k, k,
		    r->kv[i].klen) == 0)
			return &r->kv[i];
	return NULL;
}

static int
parse(const char *d, size_t len, struct imp_file *f)
{
	char	 err[256];

	if (imp_parse(d, len, IMP_AUTO, f, err, sizeof(err)) == -1) {
		diag("imp_parse: %s", err);
		return -1;
	}
	return 0;
}

/* The first record of text through preset sys, into *r. */
static void
row_of(const char *sys, const char *text, struct imp_row *r)
{
	struct imp_opts	 o;
	struct imp_file	 f;

	memset(&o, 0, sizeof(o));
	o.preset = imp_preset_find(sys);
	o.hash = -1;
	memset(r, 0, sizeof(*r));
	if (o.preset == NULL || parse(text, strlen(text), &f) == -1 ||
	    f.nrec == 0) {
		r->state = IR_BAD;
		snprintf(r->why, sizeof(r->why), "(no record)");
		return;
	}
	imp_row_make(&cfg, &o, &f.rec[0], r);
	/* The row points into the file: keep what the tests read. */
	r->name.s = NULL;
	r->old.s = NULL;
	memset(r->text, 0, sizeof(r->text));
	imp_file_free(&f);
}

static void
reader(void)
{
	struct imp_file		 f;
	const struct imp_kv	*v;

	/* CSV: quotes, doubled quotes, a newline inside, CRLF, NULL. */
	if (parse(S("username,password,note\r\n"
	    "a,\"p,w\",\"say \"\"hi\"\"\"\r\n"
	    "b,,\"two\nlines\"\r\n"
	    "\r\n"
	    "c,x,y\r\n"), &f) == 0) {
		is_int(f.format, IMP_CSV, "csv detected");
		is_int((long long)f.nrec, 3, "three records, the blank line none");
		v = val(&f.rec[0], "password");
		ok(v && v->vlen == 3 && memcmp(v->v, "p,w", 3) == 0,
		    "a comma inside quotes");
		v = val(&f.rec[0], "note");
		ok(v && strcmp(v->v, "say \"hi\"") == 0, "doubled quotes");
		ok(val(&f.rec[1], "password")->is_null, "an empty field is NULL");
		v = val(&f.rec[1], "note");
		ok(v && strcmp(v->v, "two\nlines") == 0, "a newline in quotes");
		is_int((long long)f.rec[2].line, 6,
		    "the line after a quoted newline and a blank line");
		imp_file_free(&f);
	}
	if (parse(S("u,p\n\"x,y\n"), &f) == 0) {
		ok(f.nrec == 1 && f.rec[0].bad != NULL, "an unclosed quote is "
		    "a bad record");
		imp_file_free(&f);
	}
	if (parse(S("u,p\nx\nx,y,z\n"), &f) == 0) {
		ok(f.nrec == 2 && f.rec[0].bad && f.rec[1].bad,
		    "too few and too many values");
		imp_file_free(&f);
	}

	/* TSV: escapes and both ways of writing NULL. */
	if (parse(S("username\tpassword\twechat_name\n"
	    "a\\tb\tNULL\t\\N\n"
	    "c\\\\d\tx\\ny\tNULLS\n"), &f) == 0) {
		is_int(f.format, IMP_TSV, "tsv detected");
		v = val(&f.rec[0], "username");
		ok(v && strcmp(v->v, "a\tb") == 0, "\\t is a tab");
		ok(val(&f.rec[0], "password")->is_null, "NULL (mariadb -B)");
		ok(val(&f.rec[0], "wechat_name")->is_null, "\\N (INTO OUTFILE)");
		v = val(&f.rec[1], "username");
		ok(v && strcmp(v->v, "c\\d") == 0, "\\\\ is a backslash");
		v = val(&f.rec[1], "password");
		ok(v && strcmp(v->v, "x\ny") == 0, "\\n is a newline");
		ok(!val(&f.rec[1], "wechat_name")->is_null, "NULLS is no NULL");
		imp_file_free(&f);
	}

	/* JSON Lines. */
	if (parse(S("{\"username\":\"a\",\"role\":2,\"disabled\":true,"
	    "\"x\":null,\"f\":1.5}\n\n[1]\n{\"username\":{}}\n"), &f) == 0) {
		is_int(f.format, IMP_JSONL, "json lines detected");
		is_int((long long)f.nrec, 3, "three records");
		ok(strcmp(val(&f.rec[0], "role")->v, "2") == 0, "a number");
		ok(strcmp(val(&f.rec[0], "disabled")->v, "1") == 0, "true is 1");
		ok(val(&f.rec[0], "x")->is_null, "null is NULL");
		ok(strcmp(val(&f.rec[0], "f")->v, "1.5") == 0, "a fraction");
		ok(f.rec[1].bad != NULL && f.rec[1].line == 3, "line 3: an array");
		ok(f.rec[2].bad != NULL, "a nested object");
		imp_file_free(&f);
	}
	ok(imp_parse("", 0, IMP_AUTO, &f, (char[64]){ 0 }, 64) == -1,
	    "an empty file has no header");
	if (parse(S("\xef\xbb\xbfusername,password\nz,p\n"), &f) == 0) {
		ok(val(&f.rec[0], "username") != NULL, "a byte-order mark is "
		    "skipped");
		imp_file_free(&f);
	}
}

static void
presets(void)
{
	struct imp_row	 r;

	row_of("loginphp", "username,password,Authority\n"
	    "a,e10adc3949ba59abbe56e057f20f883e,Y\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_MD5 &&
	    r.role_id == ROLE_USER_ADMIN, "loginphp: md5, Authority Y");
	row_of("loginphp", "username,password,Authority\na,$2y$10$abcdefghij"
	    "klmnopqrstuuxD0vCwu/f2ahNVJLL35ZYA2xuiRyPH6,N\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_CRYPT &&
	    r.role_id == ROLE_USER, "loginphp: a crypt string, Authority N");
	row_of("loginphp", "username,password,Authority\na,$2y$10$abcdefghij"
	    "klmnopqrstuuxD0vCwu/f2ahNVJLL35ZYA2xuiRy,N\n", &r);
	ok(r.state == IR_BAD, "loginphp: a bcrypt string cut short");
	row_of("csv", "username,password\na,secret\n", &r);
	ok(r.state == IR_BAD && strstr(r.why, "--hash plain") != NULL,
	    "csv: a plaintext needs --hash plain");
	row_of("loginphp", "username,password,Authority\na,123456,N\n", &r);
	ok(r.state == IR_BAD && strcmp(r.why, "a password in no known format")
	    == 0, "loginphp: plaintext is no format it had");
	row_of("loginphp", "username,password,Authority\na,"
	    "e10adc3949ba59abbe56e057f20f883e,X\n", &r);
	ok(r.state == IR_BAD && strcmp(r.why, "unknown role") == 0,
	    "loginphp: Authority X");
	row_of("backstage", "username,password,stat,count,create_at\n"
	    "a,123456,2,22,2022-11-21T03:18:39.328Z\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_PLAIN &&
	    r.role_id == ROLE_SUPER && r.num[UF_COUNT] == 22 &&
	    strcmp(r.created, "2022-11-21 03:18:39.328") == 0,
	    "backstage: plaintext, stat 2, count, create_at");
	row_of("backstage", "username,password,stat\na,p,3\n", &r);
	ok(r.state == IR_BAD, "backstage: stat 3 is no role");
	row_of("backstage", "username,password,create_at\na,p,yesterday\n", &r);
	ok(r.state == IR_BAD && strstr(r.why, "create") != NULL,
	    "backstage: a bad time names its field");
	row_of("adminsys", "username,password,role_id,gender,age\n"
	    "a,e10adc3949ba59abbe56e057f20f883e,7,1,0\n", &r);
	ok(r.state == IR_NEW && r.role_id == 7 &&
	    !(r.set & (1u << UF_AGE)) && (r.set & (1u << UF_GENDER)),
	    "adminsys: role_id as it is, age 0 is none");
	row_of("adminsys", "username,password,gender\na,"
	    "e10adc3949ba59abbe56e057f20f883e,2\n", &r);
	ok(r.state == IR_BAD && strncmp(r.why, "gender", 6) == 0,
	    "adminsys: gender 2 is refused by name");
	row_of("proxypool", "username,password_hash,role_id,locked\n"
	    "a,pbkdf2:sha256:150000$abcdefgh$4de3df716ba3de45478f987ab0f466e6"
	    "ffab422d00ce2dd898c4487c1d188722,2,1\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_WERKZEUG &&
	    r.role_id == ROLE_USER_ADMIN && r.num[UF_LOCKED] == 1,
	    "proxypool: werkzeug, role_id 2, locked");
	row_of("proxypool", "username,password_hash,role_id\na,x,4\n", &r);
	ok(r.state == IR_BAD, "proxypool: role_id 4");
	row_of("alist", "username,pwd_hash,salt,role,base_path,permission\n"
	    "a,f2d1c3f884fc32f2124a08f3074c8686cfc060b1508102e45a672f8565b1e352,"
	    "Xk3m,1,/x/../y/,256\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_ALIST &&
	    r.role_id == ROLE_GUEST && r.num[UF_PERMISSION] == 256,
	    "alist: the pair, role 1 the guest, permission");
	row_of("alist", "username,pwd_hash,password\na,,plain\n", &r);
	ok(r.state == IR_NEW && r.old.scheme == PWL_PLAIN,
	    "alist: an old plaintext password column");
	row_of("csv", "username,password,role,nickname\na,"
	    "e10adc3949ba59abbe56e057f20f883e,guest,N\n", &r);
	ok(r.state == IR_NEW && r.role_id == ROLE_GUEST &&
	    (r.set & (1u << UF_NICKNAME)), "csv: our own names");

	row_of("csv", "username,password\n,e10adc3949ba59abbe56e057f20f883e\n",
	    &r);
	ok(r.state == IR_BAD && strcmp(r.why, "no name") == 0, "no name");
	row_of("csv", "username,password\n\xc3\x28,"
	    "e10adc3949ba59abbe56e057f20f883e\n", &r);
	ok(r.state == IR_BAD && strstr(r.why, "UTF-8") != NULL,
	    "invalid UTF-8 in a name");
	row_of("csv", "username,password\na,\n", &r);
	ok(r.state == IR_BAD && strcmp(r.why, "no password") == 0,
	    "an empty password");
	row_of("csv", "username,password\n a,"
	    "e10adc3949ba59abbe56e057f20f883e\n", &r);
	ok(r.state == IR_BAD, "a name with a leading blank");
}

int
main(void)
{
	if (config_defaults(&cfg) == -1)
		return 1;
	reader();
	presets();
	ok(imp_preset_find("nosuch") == NULL, "no such system");
	is_int(imp_target_parse(S("nickname")), UF_NICKNAME, "--map to a field");
	is_int(imp_target_parse(S("-")), IMPT_IGNORE, "--map to nothing");
	is_int(imp_target_parse(S("nosuch")), -2, "--map to no field");
	config_free(&cfg);
	return done_testing();
}
