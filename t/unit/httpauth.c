/*
 * Unit tests of lib/httpauth.c.  Every header is a heap copy of exactly
 * its length with no NUL after it, so a sanitizer build catches a read
 * past the length given.
 */
#include <stdlib.h>
#include <string.h>

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

static void
test_token(void)
{
	token_is(L("Bearer abc"), "abc", "auth: Bearer T");
	token_is(L("bearer abc"), "abc", "auth: bearer in any case");
	token_is(L("BEARER   abc"), "abc", "auth: spaces after Bearer");
	token_is(L("abc"), "abc", "auth: a bare token");
	token_is(L("  abc"), "abc", "auth: leading spaces");
	token_is(L("Bearer "), "", "auth: Bearer and nothing is an empty token");
	token_is(L("Bearer"), "Bearer", "auth: Bearer without a space is a token");
	token_is(L("Basic eA=="), "Basic eA==", "auth: another scheme is the token");
	token_is(L(""), NULL, "auth: no header");
	token_is(L("Bear"), "Bear", "auth: shorter than Bearer");
}

int
main(void)
{
	test_cookie();
	test_token();
	free(copy);
	return done_testing();
}
