/*
 * Unit tests of lib/form.c.  Every body is parsed from a heap copy of
 * exactly its length with no NUL after it, so a sanitizer build catches
 * any read past the length the decoders are given.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "tap.h"

/* Small limits, so that every boundary is cheap to reach. */
static const struct form_limits	 LIM = {
	.max_fields = 4, .max_field_len = 16, .max_depth = 3
};
static const struct form_limits	 BIG = {
	.max_fields = 64, .max_field_len = 8192, .max_depth = 8
};

static struct arena	 A;
static struct form	 F;

static void	 test_json_nodes(void);

enum kind { URL, MP, JSON, BODY };

static const char *
errname(enum ug_err e)
{
	static const char *const names[] = { "UG_OK", "UG_EINVAL",
	    "UG_ELIMIT", "UG_EAUTH", "UG_ETOKEN", "UG_EDENIED",
	    "UG_ENOTFOUND", "UG_EEXISTS", "UG_EBUSY", "UG_EDB",
	    "UG_EINTERNAL" };

	return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

static int
is_err(enum ug_err got, enum ug_err exp, const char *name)
{
	return is_str(errname(got), strlen(errname(got)), errname(exp), name);
}

/* Parses s[0..len) into the global form F, with a fresh arena. */
static enum ug_err
parse(enum kind k, const char *ctype, const char *s, size_t len,
    const struct form_limits *lim)
{
	char		*copy;
	enum ug_err	 e = UG_EINTERNAL;

	if ((copy = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(copy, s, len);
	arena_reset(&A);
	form_init(&F, &A, lim ? lim : &LIM);
	switch (k) {
	case URL:
		e = form_parse_urlencoded(&F, copy, len);
		break;
	case MP:
		e = form_parse_multipart(&F, copy, len, ctype);
		break;
	case JSON:
		e = form_parse_json(&F, copy, len);
		break;
	case BODY:
		e = form_parse_body(&F, ctype, copy, len);
		break;
	}
	/* Decoded fields must not point into the caller's buffer. */
	memset(copy, 'Z', len);
	free(copy);
	return e;
}

#define L(lit)			(lit), sizeof(lit) - 1
#define PURL(lit)		parse(URL, NULL, L(lit), NULL)
#define PURL_LIM(lit, lim)	parse(URL, NULL, L(lit), (lim))
#define PMP(ct, lit)		parse(MP, (ct), L(lit), NULL)
#define PJSON(lit)		parse(JSON, NULL, L(lit), NULL)
#define PJSON_LIM(lit, lim)	parse(JSON, NULL, L(lit), (lim))
#define PBODY(ct, lit)		parse(BODY, (ct), L(lit), NULL)

/* One test: F has a field name of type t whose value is val[0..vlen). */
static void
field_is_n(const char *name, const char *val, size_t vlen, enum field_type t,
    const char *tname)
{
	const struct field	*f = form_get(&F, name);
	int			 r;

	r = f != NULL && f->name_len == strlen(name) &&
	    f->name[f->name_len] == '\0' && f->type == t &&
	    f->val_len == vlen && memcmp(f->val, val, vlen) == 0 &&
	    f->val[vlen] == '\0';
	ok(r, "%s", tname);
	if (r)
		return;
	if (f == NULL) {
		fprintf(tap_out(), "#   no field \"%s\" (%zu fields)\n",
		    name, F.n);
		return;
	}
	fprintf(tap_out(), "#   type %d, expected %d\n", (int)f->type, (int)t);
	tap_dump("got", f->val, f->val_len);
	tap_dump("expected", val, vlen);
}

static void
field_is(const char *name, const char *val, enum field_type t,
    const char *tname)
{
	field_is_n(name, val, strlen(val), t, tname);
}

static void
test_urlencoded(void)
{
	enum ug_err	 e;

	e = PURL("a=1&b=2");
	is_err(e, UG_OK, "url: a=1&b=2");
	is_int((long long)F.n, 2, "url: two fields");
	field_is("a", "1", FIELD_STR, "url: a is 1");
	field_is("b", "2", FIELD_STR, "url: b is 2");
	ok(F.f[0].name[0] == 'a' && F.f[1].name[0] == 'b', "url: fields in order");

	is_err(PURL("a=hello+world"), UG_OK, "url: plus");
	field_is("a", "hello world", FIELD_STR, "url: plus is a space");
	is_err(PURL("a=%41%62%2b%2B%7e%7E"), UG_OK, "url: %XX");
	field_is("a", "Ab++~~", FIELD_STR, "url: %XX decoded, either case");
	is_err(PURL("a=%2B+%20"), UG_OK, "url: %2B and +");
	field_is("a", "+  ", FIELD_STR, "url: %2B is +, + is space");
	is_err(PURL("first+name=x&a%20b=y"), UG_OK, "url: encoded names");
	field_is("first name", "x", FIELD_STR, "url: + in a name is a space");
	field_is("a b", "y", FIELD_STR, "url: %20 in a name is a space");
	is_err(PURL("%e5%bc%a0=%E4%B8%89"), UG_OK, "url: UTF-8 percent-encoded");
	field_is("\xe5\xbc\xa0", "\xe4\xb8\x89", FIELD_STR, "url: 张=三");
	is_err(PURL("a==b"), UG_OK, "url: a==b");
	field_is("a", "=b", FIELD_STR, "url: value keeps a second =");
	is_err(PURL("a=%3D%26"), UG_OK, "url: encoded = and &");
	field_is("a", "=&", FIELD_STR, "url: %3D%26 is =&");

	/* Malformed percent escapes. */
	is_err(PURL("a=%"), UG_EINVAL, "url: lone % is UG_EINVAL");
	is_err(PURL("a=%4"), UG_EINVAL, "url: %4 at end is UG_EINVAL");
	is_err(PURL("a=%4&b=1"), UG_EINVAL, "url: %4& is UG_EINVAL");
	is_err(PURL("a=%zz"), UG_EINVAL, "url: %zz is UG_EINVAL");
	is_err(PURL("a=%4g"), UG_EINVAL, "url: %4g is UG_EINVAL");
	is_err(PURL("a=%%41"), UG_EINVAL, "url: %%41 is UG_EINVAL");
	is_err(PURL("a%=1"), UG_EINVAL, "url: % in a name is UG_EINVAL");
	is_err(PURL("a=1&b=%"), UG_EINVAL, "url: bad escape in a later pair");
	is_err(PURL("a=% 1"), UG_EINVAL, "url: %-space is UG_EINVAL");

	/* NUL bytes. */
	is_err(PURL("a=%00"), UG_EINVAL, "url: %00 is UG_EINVAL");
	is_err(PURL("a=x%00y"), UG_EINVAL, "url: %00 inside a value is UG_EINVAL");
	is_err(PURL("a%00b=1"), UG_EINVAL, "url: %00 in a name is UG_EINVAL");
	is_err(PURL("a=x\0y"), UG_EINVAL, "url: raw NUL in a value is UG_EINVAL");

	/* Empty pairs, empty values, names without '='. */
	is_err(PURL(""), UG_OK, "url: empty body");
	is_int((long long)F.n, 0, "url: empty body has no fields");
	is_err(PURL("a=1&&b=2"), UG_OK, "url: a=1&&b=2");
	is_int((long long)F.n, 2, "url: empty pair skipped");
	is_err(PURL("&a=1&"), UG_OK, "url: &a=1&");
	is_int((long long)F.n, 1, "url: leading and trailing & skipped");
	is_err(PURL("&&&"), UG_OK, "url: only &");
	is_int((long long)F.n, 0, "url: only & has no fields");
	is_err(PURL("flag"), UG_OK, "url: name without =");
	field_is("flag", "", FIELD_STR, "url: name without = has empty value");
	is_err(PURL("flag&b=1"), UG_OK, "url: flag&b=1");
	field_is("flag", "", FIELD_STR, "url: flag is empty");
	field_is("b", "1", FIELD_STR, "url: b still 1");
	is_err(PURL("a="), UG_OK, "url: a=");
	field_is("a", "", FIELD_STR, "url: a= has empty value");

	/* Empty names. */
	is_err(PURL("=1"), UG_EINVAL, "url: =1 (empty name) is UG_EINVAL");
	is_err(PURL("="), UG_EINVAL, "url: = is UG_EINVAL");
	is_err(PURL("a=1&=2"), UG_EINVAL, "url: a later empty name is UG_EINVAL");

	/* Repeated names. */
	is_err(PURL("a=1&a=2"), UG_EINVAL, "url: duplicate name is UG_EINVAL");
	is_err(PURL("a=1&a=1"), UG_EINVAL, "url: duplicate pair is UG_EINVAL");
	is_err(PURL("a=1&a"), UG_EINVAL, "url: duplicate without = is UG_EINVAL");
	is_err(PURL("a=1&%61=2"), UG_EINVAL, "url: duplicate after decoding is UG_EINVAL");
	is_err(PURL("a=1&A=2"), UG_OK, "url: names are case-sensitive");
	is_err(PURL("a=1&ab=2"), UG_OK, "url: a and ab are different names");

	/* Field count: max_fields is 4. */
	is_err(PURL("a=1&b=2&c=3&d=4"), UG_OK, "url: exactly max_fields");
	is_int((long long)F.n, 4, "url: four fields");
	is_err(PURL("a=1&b=2&c=3&d=4&"), UG_OK, "url: max_fields and a trailing &");
	is_err(PURL("a=1&b=2&c=3&d=4&e=5"), UG_ELIMIT, "url: max_fields+1 is UG_ELIMIT");
	is_err(PURL("a&b&c&d&e"), UG_ELIMIT, "url: max_fields+1 without = is UG_ELIMIT");

	/* Field length: max_field_len is 16, counted after decoding. */
	is_err(PURL("abcdefghijklmnop=1"), UG_OK, "url: 16-byte name OK");
	field_is("abcdefghijklmnop", "1", FIELD_STR, "url: 16-byte name kept whole");
	is_err(PURL("abcdefghijklmnopq=1"), UG_ELIMIT, "url: 17-byte name is UG_ELIMIT");
	is_err(PURL("abcdefghijklmnopq"), UG_ELIMIT, "url: 17-byte name without = is UG_ELIMIT");
	is_err(PURL("a=0123456789abcdef"), UG_OK, "url: 16-byte value OK");
	field_is("a", "0123456789abcdef", FIELD_STR, "url: 16-byte value kept whole");
	is_err(PURL("a=0123456789abcdefg"), UG_ELIMIT, "url: 17-byte value is UG_ELIMIT");
	is_err(PURL("a=%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41"), UG_OK,
	    "url: 16 decoded bytes from 48 encoded OK");
	field_is("a", "AAAAAAAAAAAAAAAA", FIELD_STR, "url: 16 decoded bytes");
	is_err(PURL("a=%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41%41"),
	    UG_ELIMIT, "url: 17 decoded bytes is UG_ELIMIT");
	is_err(PURL("%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61=1"), UG_OK,
	    "url: 16-byte encoded name OK");
	is_err(PURL("%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61=1"),
	    UG_ELIMIT, "url: 17-byte encoded name is UG_ELIMIT");
	is_err(PURL("a=++++++++++++++++"), UG_OK, "url: 16 pluses OK");
	is_err(PURL("a=+++++++++++++++++"), UG_ELIMIT, "url: 17 pluses is UG_ELIMIT");

	/* The length is explicit. */
	is_err(parse(URL, NULL, "a=1&b=2", 3, NULL), UG_OK, "url: only len bytes read");
	is_int((long long)F.n, 1, "url: one field within len");
	field_is("a", "1", FIELD_STR, "url: a=1 within len");
	is_err(parse(URL, NULL, "a=%41", 4, NULL), UG_EINVAL,
	    "url: an escape cut by len is UG_EINVAL");
}

#define CD(n)		"Content-Disposition: form-data; name=\"" n "\"\r\n"
#define PART(n, v)	"--XyZ\r\n" CD(n) "\r\n" v "\r\n"
#define END		"--XyZ--\r\n"
#define CT		"multipart/form-data; boundary=XyZ"

static void
test_multipart(void)
{
	char		 body[512], ct[128], bnd[80];
	size_t		 n;
	enum ug_err	 e;

	e = PMP(CT, PART("username", "alice") PART("password", "p@ss word") END);
	is_err(e, UG_OK, "mp: two fields");
	is_int((long long)F.n, 2, "mp: n is 2");
	field_is("username", "alice", FIELD_STR, "mp: username");
	field_is("password", "p@ss word", FIELD_STR, "mp: password");

	e = PMP("multipart/form-data; boundary=\"XyZ\"",
	    PART("username", "alice") END);
	is_err(e, UG_OK, "mp: quoted boundary");
	field_is("username", "alice", FIELD_STR, "mp: quoted boundary value");
	e = PMP("Multipart/Form-Data; charset=utf-8; BOUNDARY=XyZ",
	    PART("username", "alice") END);
	is_err(e, UG_OK, "mp: boundary after another parameter, any case");
	e = PMP("multipart/form-data;boundary=XyZ", PART("u", "x") END);
	is_err(e, UG_OK, "mp: no space after ;");
	e = PMP("multipart/form-data; boundary=XyZ; charset=utf-8",
	    PART("u", "x") END);
	is_err(e, UG_OK, "mp: unquoted boundary followed by ;");
	field_is("u", "x", FIELD_STR, "mp: boundary stops at ;");

	e = PMP(CT, "This is a preamble.\r\n" PART("u", "x") END "epilogue");
	is_err(e, UG_OK, "mp: preamble and epilogue ignored");
	field_is("u", "x", FIELD_STR, "mp: field after preamble");
	e = PMP(CT, PART("u", "x") "--XyZ--");
	is_err(e, UG_OK, "mp: closing delimiter without CRLF");
	e = PMP(CT, END);
	is_err(e, UG_OK, "mp: only a closing delimiter");
	is_int((long long)F.n, 0, "mp: no fields");

	e = PMP(CT, PART("text", "line1\r\nline2\r\n") PART("empty", "") END);
	is_err(e, UG_OK, "mp: CRLF inside a value, empty value");
	field_is("text", "line1\r\nline2\r\n", FIELD_STR, "mp: CRLFs kept in a value");
	field_is("empty", "", FIELD_STR, "mp: empty value");
	e = PMP(CT, PART("v", "a--XyZb\n--XyZ") END);
	is_err(e, UG_OK, "mp: boundary text not after CRLF is data");
	field_is("v", "a--XyZb\n--XyZ", FIELD_STR, "mp: value with boundary text");

	e = PMP(CT, "--XyZ\r\ncontent-disposition: form-data; name=u\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\nx\r\n" END);
	is_err(e, UG_OK, "mp: lowercase header, unquoted name, extra header");
	field_is("u", "x", FIELD_STR, "mp: unquoted name");
	e = PMP(CT, "--XyZ\r\nContent-Disposition: form-data; "
	    "filename=\"a; name=evil\"; name=\"real\"\r\n\r\nx\r\n" END);
	is_err(e, UG_OK, "mp: file part with a quoted ; in its filename");
	ok(form_get(&F, "real") == NULL && form_get(&F, "evil") == NULL,
	    "mp: ... is a file, no field");

	/* A file part is not a field. */
	e = PMP(CT, PART("u", "alice")
	    "--XyZ\r\nContent-Disposition: form-data; name=\"avatar\"; "
	    "filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
	    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\n"
	    PART("p", "secret") END);
	is_err(e, UG_OK, "mp: a file part");
	is_int((long long)F.n, 2, "mp: file part not counted");
	ok(form_get(&F, "avatar") == NULL, "mp: file part ignored");
	field_is("p", "secret", FIELD_STR, "mp: field after a file part");

	/* Boundary missing or unusable. */
	e = PMP("multipart/form-data", PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: no boundary is UG_EINVAL");
	e = PMP("multipart/form-data; boundary=", PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: empty boundary is UG_EINVAL");
	e = PMP("multipart/form-data; boundary=\"\"", PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: empty quoted boundary is UG_EINVAL");
	e = PMP("multipart/form-data; boundary=\"XyZ", PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: unterminated quoted boundary is UG_EINVAL");
	e = PMP(NULL, PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: NULL content type is UG_EINVAL");
	e = PMP("multipart/form-data; boundary=Other", PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: wrong boundary is UG_EINVAL");

	/* Boundary length: 70 is RFC 2046's maximum. */
	memset(bnd, 'b', 70);
	bnd[70] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", bnd);
	n = (size_t)snprintf(body, sizeof(body), "--%s\r\n" CD("u") "\r\nx\r\n--%s--",
	    bnd, bnd);
	is_err(parse(MP, ct, body, n, NULL), UG_OK, "mp: 70-byte boundary OK");
	field_is("u", "x", FIELD_STR, "mp: 70-byte boundary field");
	memset(bnd, 'b', 71);
	bnd[71] = '\0';
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%s", bnd);
	n = (size_t)snprintf(body, sizeof(body), "--%s\r\n" CD("u") "\r\nx\r\n--%s--",
	    bnd, bnd);
	is_err(parse(MP, ct, body, n, NULL), UG_EINVAL, "mp: 71-byte boundary is UG_EINVAL");

	/* Truncated or delimiter-less bodies. */
	e = PMP(CT, "--XyZ\r\n" CD("u") "\r\nalice");
	is_err(e, UG_EINVAL, "mp: truncated in a value is UG_EINVAL");
	e = PMP(CT, PART("u", "alice") "--XyZ");
	is_err(e, UG_EINVAL, "mp: last delimiter not closed is UG_EINVAL");
	e = PMP(CT, PART("u", "alice") "--XyZ-");
	is_err(e, UG_EINVAL, "mp: last delimiter half closed is UG_EINVAL");
	e = PMP(CT, PART("u", "alice") "--XyZ\r\n");
	is_err(e, UG_EINVAL, "mp: a part opened at the end is UG_EINVAL");
	e = PMP(CT, PART("u", "alice"));
	is_err(e, UG_EINVAL, "mp: no closing delimiter is UG_EINVAL");
	e = PMP(CT, "--XyZ\r\n" CD("u"));
	is_err(e, UG_EINVAL, "mp: truncated in the headers is UG_EINVAL");
	e = PMP(CT, "just some text, no delimiter");
	is_err(e, UG_EINVAL, "mp: no delimiter at all is UG_EINVAL");
	e = PMP(CT, "");
	is_err(e, UG_EINVAL, "mp: empty body is UG_EINVAL");
	e = PMP(CT, "--XyZ");
	is_err(e, UG_EINVAL, "mp: only an opening delimiter is UG_EINVAL");
	e = PMP(CT, "--XyZjunk\r\n" CD("u") "\r\nx\r\n" END);
	is_err(e, UG_EINVAL, "mp: junk after a delimiter is UG_EINVAL");
	e = parse(MP, CT, L(PART("u", "alice") END) - 9, NULL);
	is_err(e, UG_EINVAL, "mp: closing delimiter cut off by len is UG_EINVAL");

	/* Parts that are not fields. */
	e = PMP(CT, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n" END);
	is_err(e, UG_EINVAL, "mp: part without name is UG_EINVAL");
	e = PMP(CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n" END);
	is_err(e, UG_EINVAL, "mp: part without Content-Disposition is UG_EINVAL");
	e = PMP(CT, PART("", "x") END);
	is_err(e, UG_EINVAL, "mp: empty name is UG_EINVAL");
	e = PMP(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"u\r\n\r\nx\r\n" END);
	is_err(e, UG_EINVAL, "mp: unterminated quoted name is UG_EINVAL");
	e = PMP(CT, PART("u", "x") "--XyZ\r\nContent-Disposition: form-data; "
	    "filename=\"f\"\r\n\r\ndata\r\n" END);
	is_err(e, UG_EINVAL, "mp: file part without name is UG_EINVAL");
	e = PMP(CT, "--XyZ\r\n\r\nnameless\r\n" PART("u", "x") END);
	is_err(e, UG_EINVAL, "mp: part with no headers at all is UG_EINVAL");
	e = PMP(CT, "--XyZ\r\n" CD("a") "alice\r\n" PART("b", "bob") END);
	is_err(e, UG_EINVAL, "mp: part without blank line after headers is UG_EINVAL");

	/* Bad values. */
	e = PMP(CT, PART("u", "a\0b") END);
	is_err(e, UG_EINVAL, "mp: NUL byte inside a value is UG_EINVAL");
	e = PMP(CT, PART("u", "x") PART("u", "y") END);
	is_err(e, UG_EINVAL, "mp: duplicate name is UG_EINVAL");
	e = PMP(CT, PART("u", "x") PART("v", "y") END);
	is_err(e, UG_OK, "mp: two distinct names");

	/* Limits: max_fields 4, max_field_len 16. */
	e = PMP(CT, PART("a", "1") PART("b", "2") PART("c", "3") PART("d", "4") END);
	is_err(e, UG_OK, "mp: exactly max_fields");
	is_int((long long)F.n, 4, "mp: four fields");
	e = PMP(CT, PART("a", "1") PART("b", "2") PART("c", "3") PART("d", "4")
	    PART("e", "5") END);
	is_err(e, UG_ELIMIT, "mp: max_fields+1 is UG_ELIMIT");
	e = PMP(CT, PART("a", "0123456789abcdef") END);
	is_err(e, UG_OK, "mp: 16-byte value OK");
	field_is("a", "0123456789abcdef", FIELD_STR, "mp: 16-byte value kept whole");
	e = PMP(CT, PART("a", "0123456789abcdefg") END);
	is_err(e, UG_ELIMIT, "mp: 17-byte value is UG_ELIMIT");
	e = PMP(CT, PART("abcdefghijklmnop", "1") END);
	is_err(e, UG_OK, "mp: 16-byte name OK");
	e = PMP(CT, PART("abcdefghijklmnopq", "1") END);
	is_err(e, UG_ELIMIT, "mp: 17-byte name is UG_ELIMIT");
}

static void
test_json(void)
{
	enum ug_err	 e;

	e = PJSON("{\"s\":\"hello\",\"e\":\"\",\"u\":\"\\u5f20\\u4e09\"}");
	is_err(e, UG_OK, "json: strings");
	is_int((long long)F.n, 3, "json: three fields");
	field_is("s", "hello", FIELD_STR, "json: string");
	field_is("e", "", FIELD_STR, "json: empty string");
	field_is("u", "\xe5\xbc\xa0\xe4\xb8\x89", FIELD_STR, "json: \\u escapes to UTF-8");
	e = PJSON("{\"esc\":\"a\\\"b\\\\c\\/d\\n\"}");
	is_err(e, UG_OK, "json: escapes");
	field_is("esc", "a\"b\\c/d\n", FIELD_STR, "json: escapes decoded");
	e = PJSON("{\"\\u00e9\":\"x\"}");
	is_err(e, UG_OK, "json: escaped name");
	field_is("\xc3\xa9", "x", FIELD_STR, "json: name decoded");

	e = PJSON("{\"i\":42,\"neg\":-7,\"f\":1.5,\"e\":1e3}");
	is_err(e, UG_OK, "json: numbers");
	field_is("i", "42", FIELD_NUM, "json: 42 is FIELD_NUM \"42\"");
	field_is("neg", "-7", FIELD_NUM, "json: -7");
	field_is("f", "1.5", FIELD_NUM, "json: 1.5");
	field_is("e", "1e3", FIELD_NUM, "json: 1e3 keeps the text sent");
	e = PJSON("{\"z\":0,\"big\":9007199254740992}");
	is_err(e, UG_OK, "json: 0 and 2^53");
	field_is("z", "0", FIELD_NUM, "json: 0");
	field_is("big", "9007199254740992", FIELD_NUM, "json: 2^53 exactly");
	/* The decimal text of a number, not of its nearest double. */
	e = PJSON_LIM("{\"n\":0.1,\"id\":9007199254740993}", &BIG);
	is_err(e, UG_OK, "json: 0.1 and 2^53+1");
	field_is("n", "0.1", FIELD_NUM, "json: 0.1 stays 0.1");
	field_is("id", "9007199254740993", FIELD_NUM, "json: 2^53+1 keeps its digits");
	is_err(PJSON("{\"n\":0.1}"), UG_OK,
	    "json: 0.1 (3 bytes) is within max_field_len 16");

	e = PJSON("{\"t\":true,\"f\":false,\"n\":null}");
	is_err(e, UG_OK, "json: true, false, null");
	field_is("t", "true", FIELD_BOOL, "json: true is FIELD_BOOL \"true\"");
	field_is("f", "false", FIELD_BOOL, "json: false is FIELD_BOOL \"false\"");
	field_is("n", "", FIELD_NULL, "json: null is FIELD_NULL \"\"");
	e = PJSON("{\"o\":{\"x\":1},\"a\":[1,2],\"eo\":{},\"ea\":[]}");
	is_err(e, UG_OK, "json: nested");
	is_int((long long)F.n, 4, "json: nested members are not fields");
	field_is("o", "", FIELD_NESTED, "json: object is FIELD_NESTED");
	field_is("a", "", FIELD_NESTED, "json: array is FIELD_NESTED");
	field_is("eo", "", FIELD_NESTED, "json: empty object is FIELD_NESTED");
	field_is("ea", "", FIELD_NESTED, "json: empty array is FIELD_NESTED");
	ok(form_get(&F, "x") == NULL, "json: nested member x not a field");

	is_err(PJSON("{}"), UG_OK, "json: {}");
	is_int((long long)F.n, 0, "json: {} has no fields");
	is_err(PJSON(" \r\n\t{ \"a\" : 1 } \r\n\t "), UG_OK,
	    "json: white space around and inside");
	field_is("a", "1", FIELD_NUM, "json: a is 1");

	/* Depth: max_depth 3, the top object being 1. */
	is_err(PJSON("{\"a\":{\"b\":{\"c\":1}}}"), UG_OK, "json: depth 3 (max) OK");
	is_err(PJSON("{\"a\":{\"b\":{\"c\":{}}}}"), UG_ELIMIT,
	    "json: depth 4 (max+1) is UG_ELIMIT");
	is_err(PJSON("{\"a\":[[1]]}"), UG_OK, "json: depth 3 with arrays OK");
	is_err(PJSON("{\"a\":[[[1]]]}"), UG_ELIMIT, "json: depth 4 with arrays is UG_ELIMIT");
	is_err(PJSON("{\"a\":[[1]],\"b\":{\"c\":[]}}"), UG_OK,
	    "json: depth 3 twice OK");
	is_err(PJSON("{\"a\":\"[[[[{{{{\"}"), UG_OK, "json: brackets in strings do not count");
	is_err(PJSON("{\"[[[[\":\"}}}}\"}"), UG_OK, "json: brackets in names do not count");
	{
		static const struct form_limits	 one = { 4, 16, 1 };

		is_err(PJSON_LIM("{\"a\":1}", &one), UG_OK, "json: max_depth 1, flat OK");
		is_err(PJSON_LIM("{\"a\":[]}", &one), UG_ELIMIT,
		    "json: max_depth 1, nested is UG_ELIMIT");
	}

	test_json_nodes();

	/* NUL, however spelled. */
	is_err(PJSON("{\"a\":\"x\\u0000y\"}"), UG_EINVAL, "json: \\u0000 in a value is UG_EINVAL");
	is_err(PJSON("{\"a\":\"\\u0000\"}"), UG_EINVAL, "json: value \\u0000 is UG_EINVAL");
	is_err(PJSON("{\"a\\u0000b\":1}"), UG_EINVAL, "json: \\u0000 in a name is UG_EINVAL");
	is_err(PJSON("{\"a\":\"\\\\\\u0000\"}"), UG_EINVAL,
	    "json: \\\\ then \\u0000 is UG_EINVAL");
	e = PJSON("{\"a\":\"\\\\u0000\"}");
	is_err(e, UG_OK, "json: \\\\u0000 (escaped backslash) is fine");
	field_is("a", "\\u0000", FIELD_STR, "json: value is backslash u0000");
	is_err(PJSON("{\"a\":\"x\0y\"}"), UG_EINVAL, "json: raw NUL in a string is UG_EINVAL");
	is_err(PJSON("{\"a\":1}\0"), UG_EINVAL, "json: raw NUL after the object is UG_EINVAL");
	is_err(PJSON("{\"a\":\"\\u0001\"}"), UG_OK, "json: \\u0001 is allowed");

	/* Raw control characters in strings. */
	is_err(PJSON("{\"a\":\"x\ny\"}"), UG_EINVAL, "json: raw LF in a string is UG_EINVAL");
	is_err(PJSON("{\"a\":\"x\ty\"}"), UG_EINVAL, "json: raw TAB in a string is UG_EINVAL");
	is_err(PJSON("{\"a\":\"\x01\"}"), UG_EINVAL, "json: raw 0x01 in a string is UG_EINVAL");
	is_err(PJSON("{\"a\x1f\":1}"), UG_EINVAL, "json: raw 0x1f in a name is UG_EINVAL");

	/* Not one object. */
	is_err(PJSON("{\"a\":1}x"), UG_EINVAL, "json: trailing garbage is UG_EINVAL");
	is_err(PJSON("{\"a\":1} x"), UG_EINVAL, "json: garbage after space is UG_EINVAL");
	is_err(PJSON("{\"a\":1}{}"), UG_EINVAL, "json: two objects is UG_EINVAL");
	is_err(PJSON("{\"a\":1}}"), UG_EINVAL, "json: extra } is UG_EINVAL");
	is_err(PJSON("[1,2]"), UG_EINVAL, "json: top-level array is UG_EINVAL");
	is_err(PJSON("[{\"a\":1}]"), UG_EINVAL, "json: array of an object is UG_EINVAL");
	is_err(PJSON("\"a\""), UG_EINVAL, "json: top-level string is UG_EINVAL");
	is_err(PJSON("1"), UG_EINVAL, "json: top-level number is UG_EINVAL");
	is_err(PJSON("null"), UG_EINVAL, "json: top-level null is UG_EINVAL");
	is_err(PJSON(""), UG_EINVAL, "json: empty body is UG_EINVAL");
	is_err(PJSON("   "), UG_EINVAL, "json: only white space is UG_EINVAL");

	/* Invalid JSON. */
	is_err(PJSON("{"), UG_EINVAL, "json: { is UG_EINVAL");
	is_err(PJSON("{\"a\":}"), UG_EINVAL, "json: missing value is UG_EINVAL");
	is_err(PJSON("{a:1}"), UG_EINVAL, "json: unquoted name is UG_EINVAL");
	is_err(PJSON("{'a':1}"), UG_EINVAL, "json: single quotes are UG_EINVAL");
	is_err(PJSON("{\"a\":1,}"), UG_EINVAL, "json: trailing comma is UG_EINVAL");
	is_err(PJSON("{\"a\":tru}"), UG_EINVAL, "json: tru is UG_EINVAL");
	is_err(PJSON("{\"a\":\"x}"), UG_EINVAL, "json: unterminated string is UG_EINVAL");
	is_err(PJSON("{\"a\":\"x\\"), UG_EINVAL, "json: backslash at end is UG_EINVAL");
	is_err(PJSON("{\"a\":\"\\u00\"}"), UG_EINVAL, "json: short \\u is UG_EINVAL");
	is_err(PJSON("{\"a\":1 \"b\":2}"), UG_EINVAL, "json: missing comma is UG_EINVAL");
	is_err(PJSON("}"), UG_EINVAL, "json: lone } is UG_EINVAL");

	/* Names. */
	is_err(PJSON("{\"\":1}"), UG_EINVAL, "json: empty name is UG_EINVAL");
	is_err(PJSON("{\"a\":1,\"a\":2}"), UG_EINVAL, "json: duplicate name is UG_EINVAL");
	is_err(PJSON("{\"a\":1,\"\\u0061\":2}"), UG_EINVAL,
	    "json: duplicate after unescaping is UG_EINVAL");

	/* Limits: max_fields 4, max_field_len 16. */
	is_err(PJSON("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"), UG_OK, "json: exactly max_fields");
	is_err(PJSON("{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}"), UG_ELIMIT,
	    "json: max_fields+1 is UG_ELIMIT");
	is_err(PJSON("{\"a\":\"0123456789abcdef\"}"), UG_OK, "json: 16-byte value OK");
	field_is("a", "0123456789abcdef", FIELD_STR, "json: 16-byte value kept whole");
	is_err(PJSON("{\"a\":\"0123456789abcdefg\"}"), UG_ELIMIT,
	    "json: 17-byte value is UG_ELIMIT");
	is_err(PJSON("{\"a\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}"),
	    UG_OK, "json: 16 decoded bytes from escapes OK");
	is_err(PJSON("{\"a\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9x\"}"),
	    UG_ELIMIT, "json: 17 decoded bytes is UG_ELIMIT");
	is_err(PJSON("{\"abcdefghijklmnop\":1}"), UG_OK, "json: 16-byte name OK");
	is_err(PJSON("{\"abcdefghijklmnopq\":1}"), UG_ELIMIT, "json: 17-byte name is UG_ELIMIT");
	is_err(PJSON("{\"n\":1234567890123456}"), UG_OK, "json: 16-digit number OK");
	is_err(PJSON("{\"n\":12345678901234567}"), UG_ELIMIT,
	    "json: 17-digit number is UG_ELIMIT");

	/* The length is explicit. */
	e = parse(JSON, NULL, "{\"a\":1}garbage", 7, NULL);
	is_err(e, UG_OK, "json: only len bytes read");
	field_is("a", "1", FIELD_NUM, "json: a within len");
	e = parse(JSON, NULL, "{\"a\":1}", 6, NULL);
	is_err(e, UG_EINVAL, "json: object cut by len is UG_EINVAL");
	e = parse(JSON, NULL, "{\"a\":12}", 6, NULL);
	is_err(e, UG_EINVAL, "json: number cut by len is UG_EINVAL");
	e = parse(JSON, NULL, "{\"a\":\"\\u0041\"}", 10, NULL);
	is_err(e, UG_EINVAL, "json: escape cut by len is UG_EINVAL");
}

static void
test_body(void)
{
	enum ug_err	 e;

	e = PBODY(NULL, "a=1");
	is_err(e, UG_OK, "body: NULL type is urlencoded");
	field_is("a", "1", FIELD_STR, "body: NULL type field");
	e = PBODY("", "a=1");
	is_err(e, UG_OK, "body: empty type is urlencoded");
	field_is("a", "1", FIELD_STR, "body: empty type field");
	e = PBODY("application/x-www-form-urlencoded", "a=b+c");
	is_err(e, UG_OK, "body: urlencoded");
	field_is("a", "b c", FIELD_STR, "body: urlencoded field");
	e = PBODY("application/x-www-form-urlencoded; charset=UTF-8", "a=1");
	is_err(e, UG_OK, "body: urlencoded with charset");
	e = PBODY("application/json", "{\"a\":1}");
	is_err(e, UG_OK, "body: application/json");
	field_is("a", "1", FIELD_NUM, "body: JSON field");
	e = PBODY("application/json; charset=utf-8", "{\"a\":\"x\"}");
	is_err(e, UG_OK, "body: application/json; charset=utf-8");
	field_is("a", "x", FIELD_STR, "body: JSON with charset field");
	e = PBODY("Application/JSON;charset=UTF-8", "{\"a\":true}");
	is_err(e, UG_OK, "body: media type is case-insensitive");
	field_is("a", "true", FIELD_BOOL, "body: JSON, any case");
	e = PBODY(" application/json", "{\"a\":null}");
	is_err(e, UG_OK, "body: leading space in the type");
	e = PBODY("text/json", "{\"a\":1}");
	is_err(e, UG_OK, "body: text/json");
	e = PBODY("application/json", "a=1");
	is_err(e, UG_EINVAL, "body: urlencoded text sent as JSON is UG_EINVAL");
	e = PBODY(CT, PART("u", "x") END);
	is_err(e, UG_OK, "body: multipart");
	field_is("u", "x", FIELD_STR, "body: multipart field");
	e = PBODY("multipart/form-data", PART("u", "x") END);
	is_err(e, UG_EINVAL, "body: multipart without boundary is UG_EINVAL");

	e = PBODY("text/plain", "a=1");
	is_err(e, UG_EINVAL, "body: unknown type with a body is UG_EINVAL");
	e = PBODY("application/xml", "<a/>");
	is_err(e, UG_EINVAL, "body: application/xml is UG_EINVAL");
	e = PBODY("application/json-patch+json", "{}");
	is_err(e, UG_EINVAL, "body: a type that starts like JSON is UG_EINVAL");
	e = PBODY("text/plain", "");
	is_err(e, UG_OK, "body: unknown type with an empty body is UG_OK");
	is_int((long long)F.n, 0, "body: no fields");
	e = PBODY("application/x-www-form-urlencoded", "");
	is_err(e, UG_OK, "body: empty urlencoded body");
	{
		char	 ct[200];

		memset(ct, 'x', sizeof(ct) - 1);
		ct[sizeof(ct) - 1] = '\0';
		is_err(parse(BODY, ct, L(""), NULL), UG_EINVAL,
		    "body: a 199-byte media type is UG_EINVAL");
	}
}

static void
test_get(void)
{
	char	 mt[32];

	is_err(PURL("usern=1"), UG_OK, "get: usern=1");
	ok(form_get(&F, "usern") != NULL, "get: usern found");
	ok(form_get(&F, "username") == NULL, "get: username does not match usern");
	ok(form_get(&F, "user") == NULL, "get: user does not match usern");
	ok(form_get(&F, "USERN") == NULL, "get: case-sensitive");
	ok(form_get(&F, "") == NULL, "get: empty name");
	is_err(PURL("username=2"), UG_OK, "get: username=2");
	ok(form_get(&F, "usern") == NULL, "get: usern does not match username");
	ok(form_get(&F, "username") != NULL, "get: username found");
	is_err(PURL("usern=1&username=2"), UG_OK, "get: both");
	field_is("usern", "1", FIELD_STR, "get: usern is 1");
	field_is("username", "2", FIELD_STR, "get: username is 2");
	is_err(PURL(""), UG_OK, "get: empty form");
	ok(form_get(&F, "a") == NULL, "get: nothing in an empty form");

	ok(form_media_type("Text/HTML; charset=x", mt, sizeof(mt)) == 0 &&
	    strcmp(mt, "text/html") == 0, "media_type: lowercase type, no parameters");
	ok(form_media_type(NULL, mt, sizeof(mt)) == 0 && mt[0] == '\0',
	    "media_type: NULL is empty");
	ok(form_media_type(" \ta/b ;x", mt, sizeof(mt)) == 0 && strcmp(mt, "a/b") == 0,
	    "media_type: white space trimmed");
	ok(form_media_type("abc", mt, 4) == 0 && strcmp(mt, "abc") == 0,
	    "media_type: exactly fits");
	is_int(form_media_type("abcd", mt, 4), -1, "media_type: one too long is -1");
}

/*
 * {"a":[0,0,...]} with k elements, as a heap string of exactly its
 * length, parsed under lim.
 */
static enum ug_err
json_array(size_t k, const char *inner, const struct form_limits *lim)
{
	struct buf	 b;
	enum ug_err	 e;
	size_t		 i;

	buf_init(&b);
	buf_addlit(&b, "{\"a\":[");
	for (i = 0; i < k; i++) {
		if (i > 0)
			buf_addlit(&b, ", ");
		buf_add(&b, inner, strlen(inner));
	}
	buf_addlit(&b, "]}");
	if (b.oom)
		abort();
	e = parse(JSON, NULL, b.data, b.len, lim);
	buf_free(&b);
	return e;
}

/*
 * Values anywhere in a JSON body are counted before cJSON builds its
 * tree: at most max_fields * 16, the top object and each member and
 * element counting one.
 */
static void
test_json_nodes(void)
{
	/* LIM: 4 fields, so 64 values: the object, "a", and 62 more. */
	is_err(json_array(62, "0", &LIM), UG_OK, "json: 64 values (the limit) OK");
	is_err(json_array(63, "0", &LIM), UG_ELIMIT,
	    "json: 65 values is UG_ELIMIT");
	is_err(json_array(62, "\"s\"", &LIM), UG_OK,
	    "json: 64 values, strings, OK");
	is_err(json_array(63, "null", &LIM), UG_ELIMIT,
	    "json: 65 values, nulls, is UG_ELIMIT");
	/* Empty containers are one value each; [[],[]]: 1 + 1 + 2. */
	is_err(json_array(62, "[]", &LIM), UG_OK, "json: 62 empty arrays OK");
	is_err(json_array(31, "[0]", &LIM), UG_OK,
	    "json: 31 one-element arrays (64 values) OK");
	is_err(json_array(32, "[0]", &LIM), UG_ELIMIT,
	    "json: 32 one-element arrays (66 values) is UG_ELIMIT");
	/* BIG: 64 fields, 1024 values. */
	is_err(json_array(1022, "0", &BIG), UG_OK, "json: 1024 values OK");
	is_err(json_array(1023, "0", &BIG), UG_ELIMIT,
	    "json: 1025 values is UG_ELIMIT");
	is_err(json_array(100000, "0", &BIG), UG_ELIMIT,
	    "json: 100000 values is UG_ELIMIT");
	/* Commas in strings are not values. */
	is_err(PJSON("{\"a\":\",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
	    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\"}"),
	    UG_ELIMIT, "json: a value over max_field_len is still UG_ELIMIT");
	{
		static const struct form_limits	 wide = { 4, 256, 3 };

		is_err(PJSON_LIM("{\"a\":\",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
		    ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
		    "\",\"b\":1}", &wide), UG_OK,
		    "json: 100 commas in a string do not count");
		is_err(PJSON_LIM("{ \"a\" : [ ] , \"b\" : { } }", &wide),
		    UG_OK, "json: white space around empty containers");
	}
}

int
main(void)
{
	arena_init(&A, 4096);
	test_urlencoded();
	test_multipart();
	test_json();
	test_body();
	test_get();
	arena_free(&A);
	return done_testing();
}
