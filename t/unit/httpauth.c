/*
 * Unit tests of lib/httpauth.c.  Every header is a heap copy of exactly
 * its length with no NUL after it, so a sanitizer build catches a read
 * past the length given.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "httpauth.h"
#include "tap.h"

static char	*copy;

/* A fresh exact-length copy of s[0..len); the previous one is freed. */
static const char *
exact(const char *s, size_t len)
{
	free(copy);
	if ((copy = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(copy, s, len);
	return copy;
}

#define L(lit)	(lit), sizeof(lit) - 1

static int
cookie_is(const char *h, size_t hlen, const char *name, const char *want,
    const char *tname)
{
	const char	*v;
	size_t		 vlen = 0;

	v = http_cookie(exact(h, hlen), hlen, name, &vlen);
	if (want == NULL)
		return ok(v == NULL, "%s", tname);
	return is_str(v, vlen, want, tname);
}

static int
token_is(const char *a, size_t alen, const char *want, const char *tname)
{
	const char	*t;
	size_t		 tlen = 0;

	t = http_auth_token(exact(a, alen), alen, &tlen);
	if (want == NULL)
		return ok(t == NULL, "%s", tname);
	return is_str(t, tlen, want, tname);
}

static void
test_cookie(void)
{
	cookie_is(L("sid=abc"), "sid", "abc", "cookie: the only one");
	cookie_is(L("a=1; sid=abc; b=2"), "sid", "abc", "cookie: in the middle");
	cookie_is(L("a=1;sid=abc"), "sid", "abc", "cookie: no space after ;");
	cookie_is(L(" \t;; sid=abc"), "sid", "abc", "cookie: leading blanks and ;");
	cookie_is(L("sid=abc \t; x=1"), "sid", "abc", "cookie: trailing blanks dropped");
	cookie_is(L("sid=a b"), "sid", "a b", "cookie: an inner blank kept");
	cookie_is(L("sid="), "sid", "", "cookie: empty value");
	cookie_is(L("sid=  "), "sid", "", "cookie: only blanks is empty");
	cookie_is(L("sid=1; sid=2"), "sid", "1", "cookie: the first wins");
	cookie_is(L("xsid=1; sidx=2; sid"), "sid", NULL,
	    "cookie: only the exact name");
	cookie_is(L("SID=1"), "sid", NULL, "cookie: names are case-sensitive");
	cookie_is(L("a=sid=1"), "sid", NULL, "cookie: not inside another value");
	cookie_is(L(""), "sid", NULL, "cookie: empty header");
	cookie_is(L(";;;"), "sid", NULL, "cookie: only separators");
	cookie_is(L("sid=abc"), "sid", "abc", "cookie: value at the very end");
	{
		const char	*v;
		size_t		 vlen = 0;

		v = http_cookie(exact(L("sid=a\0b; x=1")), 13, "sid", &vlen);
		ok(v != NULL && vlen == 3 && memcmp(v, "a\0b", 3) == 0,
		    "cookie: explicit length, a NUL is just a byte");
	}
}

#define TOK	"0123456789abcdef0123456789abcdef"

static void
test_token(void)
{
	token_is(L("Bearer abc"), "abc", "auth: Bearer T");
	token_is(L("bearer abc"), "abc", "auth: bearer in any case");
	token_is(L("BEARER   abc"), "abc", "auth: spaces after Bearer");
	token_is(L("Bearer abc  "), "abc", "auth: trailing blanks dropped");
	token_is(L(TOK), TOK, "auth: a bare well-formed token");
	token_is(L("  " TOK " "), TOK, "auth: blanks around a bare token");
	token_is(L("abc"), NULL, "auth: a bare value that is no token (D11)");
	token_is(L(TOK "0"), NULL, "auth: a bare value one longer than a token");
	token_is(L("0123456789ABCDEF0123456789ABCDEF"), NULL,
	    "auth: a bare token in upper case is not one");
	token_is(L("Bearer "), NULL, "auth: Bearer and nothing is no token");
	token_is(L("Bearer    "), NULL, "auth: Bearer and blanks is no token");
	token_is(L("Bearer"), NULL, "auth: Bearer without a space");
	token_is(L("Basic YWRtaW46cHc="), NULL,
	    "auth: Basic (nginx auth_basic) is not a token (D11)");
	token_is(L("Basic " TOK), NULL,
	    "auth: Basic with a token-looking value is not a token");
	token_is(L(""), NULL, "auth: no header");
	token_is(L("   "), NULL, "auth: only blanks");
	token_is(L("Bear"), NULL, "auth: shorter than Bearer");
}

static void
setc(const char *val, const char *path, long age, int secure,
    const char *want, const char *tname)
{
	struct buf		 b;
	struct cookie_attr	 at = { path, age, secure };
	int			 rc;

	buf_init(&b);
	rc = http_set_cookie(&b, "usergate_session", val, strlen(val), &at);
	if (want == NULL)
		ok(rc == -1 && b.len == 0, "%s", tname);
	else {
		is_int(rc, 0, "set-cookie returns 0");
		is_str(b.data, b.len, want, tname);
	}
	buf_free(&b);
}

static void
test_set_cookie(void)
{
	setc(TOK, NULL, 86400, 0, "usergate_session=" TOK
	    "; Path=/; Max-Age=86400; HttpOnly; SameSite=Strict",
	    "set-cookie: a session over HTTP");
	setc(TOK, "/admin", 7200, 1, "usergate_session=" TOK
	    "; Path=/admin; Max-Age=7200; HttpOnly; SameSite=Strict; Secure",
	    "set-cookie: behind HTTPS, a path");
	setc("", NULL, 0, 1, "usergate_session=; Path=/; Max-Age=0; HttpOnly; "
	    "SameSite=Strict; Secure", "set-cookie: clearing");
	setc("a;b", NULL, 1, 0, NULL, "set-cookie: ';' in the value refused");
	setc("a b", NULL, 1, 0, NULL, "set-cookie: a blank in the value refused");
	setc("a\r\nX: y", NULL, 1, 0, NULL, "set-cookie: CR LF refused");
	setc("a", "/x;Domain=evil", 1, 0, NULL, "set-cookie: ';' in the path refused");
	setc("a", "/x\n", 1, 0, NULL, "set-cookie: a control in the path refused");
	setc("a", NULL, -1, 0, NULL, "set-cookie: a negative Max-Age refused");
}

int
main(void)
{
	test_cookie();
	test_token();
	test_set_cookie();
	free(copy);
	return done_testing();
}
