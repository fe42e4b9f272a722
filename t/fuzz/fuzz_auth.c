/*
 * Fuzz target: the credentials of a request, the Authorization header
 * and the session cookie (lib/httpauth.c), and how request_find_token
 * chooses among them and a token field in the query string.
 *
 * Input: byte 0 picks the cookie name; then the Authorization header, a
 * newline, the Cookie header, a newline, and the query string.
 *
 * Properties:
 *	- an Authorization token lies inside the header, and is either
 *	  non-empty after "Bearer " (the header's blanks trimmed) or the
 *	  whole trimmed header as a well-formed token; any other header
 *	  (Basic, another scheme, garbage) gives none;
 *	- a cookie value lies inside the header, follows "name=" at the
 *	  start of a cookie, holds no ';', ends with no blank, and equals
 *	  what a plain reference reading of the header finds;
 *	- request_find_token returns a token from the source that has
 *	  precedence: Authorization (when it gives one), then a token
 *	  field, then the cookie -- only when the contract allows cookies,
 *	  and only when it is token-sized.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "fuzz.h"
#include "httpauth.h"
#include "request.h"
#include "token.h"

static const char *const NAMES[] = { "usergate_session", "a", "sid", "s" };

struct params {
	const char	*auth;
	const char	*cookie;
	const char	*query;
};

static const char *
p_param(void *ctx, const char *name)
{
	struct params	*p = ctx;

	if (strcmp(name, "HTTP_AUTHORIZATION") == 0)
		return p->auth;
	if (strcmp(name, "HTTP_COOKIE") == 0)
		return p->cookie;
	if (strcmp(name, "QUERY_STRING") == 0)
		return p->query;
	return NULL;
}

static long
p_read(void *ctx, char *p, size_t len)
{
	return 0;
}

static int
p_write(void *ctx, const char *p, size_t len)
{
	return 0;
}

/*
 * The reference reading: split at ';', drop leading blanks, and the
 * first "name=" wins; trailing blanks are not part of the value.
 */
static const char *
ref_cookie(const char *h, size_t hlen, const char *name, size_t *vlen)
{
	size_t	 nl = strlen(name), i = 0, start, stop, end;

	while (i < hlen) {
		stop = i;
		while (stop < hlen && h[stop] != ';')
			stop++;
		start = i;
		while (start < stop && (h[start] == ' ' || h[start] == '\t'))
			start++;
		if (stop - start > nl && memcmp(h + start, name, nl) == 0 &&
		    h[start + nl] == '=') {
			end = stop;
			while (end > start + nl + 1 &&
			    (h[end - 1] == ' ' || h[end - 1] == '\t'))
				end--;
			*vlen = end - (start + nl + 1);
			return h + start + nl + 1;
		}
		i = stop + 1;
	}
	return NULL;
}

static void
check_auth(const char *a, size_t alen)
{
	const char	*t, *s = a, *e = a + alen;
	size_t		 tlen = 0;

	t = http_auth_token(a, alen, &tlen);
	while (s < e && *s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	if (t == NULL) {
		/* None only if neither reading applies. */
		FUZZ_CHECK(!token_well_formed(s, (size_t)(e - s)));
		if (e - s > 7 && strncasecmp(s, "Bearer ", 7) == 0) {
			s += 7;
			while (s < e && *s == ' ')
				s++;
			FUZZ_CHECK(s == e);
		}
		return;
	}
	FUZZ_CHECK(fuzz_within(t, a, alen));
	FUZZ_CHECK(tlen > 0 && t + tlen == e);
	FUZZ_CHECK(t[0] != ' ' && t[tlen - 1] != ' ');
	if (e - s > 7 && strncasecmp(s, "Bearer ", 7) == 0)
		FUZZ_CHECK(t >= s + 7);
	else
		FUZZ_CHECK(t == s && token_well_formed(t, tlen));
}

static void
check_cookie(const char *h, size_t hlen, const char *name)
{
	const char	*v, *rv;
	size_t		 vlen = 0, rlen = 0, nl = strlen(name);

	v = http_cookie(h, hlen, name, &vlen);
	rv = ref_cookie(h, hlen, name, &rlen);
	FUZZ_CHECK((v == NULL) == (rv == NULL));
	if (v == NULL)
		return;
	FUZZ_CHECK(v == rv && vlen == rlen);
	FUZZ_CHECK(fuzz_within(v, h, hlen) && vlen <= hlen - (size_t)(v - h));
	FUZZ_CHECK(v - h >= (long)nl + 1 && v[-1] == '=');
	FUZZ_CHECK(memcmp(v - 1 - nl, name, nl) == 0);
	FUZZ_CHECK(v - 1 - nl == h || v[-2 - (long)nl] == ' ' ||
	    v[-2 - (long)nl] == '\t' || v[-2 - (long)nl] == ';');
	FUZZ_CHECK(memchr(v, ';', vlen) == NULL);
	FUZZ_CHECK(vlen == 0 || (v[vlen - 1] != ' ' && v[vlen - 1] != '\t'));
}

static struct config *
cfg(void)
{
	static struct config	 c;
	static int		 done;

	if (!done) {
		if (config_defaults(&c) == -1)
			abort();
		done = 1;
	}
	c.max_fields = 8;
	c.max_field_len = 64;
	return &c;
}

/* Drives request_find_token with these headers as CGI parameters. */
static void
check_find(const char *auth, const char *cookie, const char *query,
    const char *name, int cookie_ok)
{
	struct params	 p = { auth, cookie, query };
	struct req_io	 io = { .param = p_param, .read = p_read,
	    .write = p_write, .ctx = &p };
	struct config	*c = cfg();
	struct request	 r;
	struct arena	 a;
	struct buf	 out;
	const struct field *f;
	const char	*ck, *at;
	size_t		 cklen = 0, atlen = 0;
	char		*saved = c->cookie_name;

	/* The configured default is put back after this request. */
	c->cookie_name = (char *)(uintptr_t)name;
	arena_init(&a, 1024);
	buf_init(&out);
	request_init(&r, &io, c, NULL, &a, &out);
	(void)request_decode_query(&r);
	f = form_get(&r.qs, "token");
	ck = http_cookie(cookie, strlen(cookie), name, &cklen);
	at = http_auth_token(auth, strlen(auth), &atlen);
	if (request_find_token(&r, NULL, cookie_ok)) {
		FUZZ_CHECK(r.token != NULL);
		if (at != NULL)
			FUZZ_CHECK(r.token == at && r.token_len == atlen);
		else if (f != NULL && f->type == FIELD_STR)
			FUZZ_CHECK(r.token == f->val &&
			    r.token_len == f->val_len);
		else
			FUZZ_CHECK(cookie_ok && r.token == ck &&
			    r.token_len == TOKEN_LEN && cklen == TOKEN_LEN);
	} else {
		FUZZ_CHECK(at == NULL && (f == NULL || f->type != FIELD_STR));
		FUZZ_CHECK(!cookie_ok || ck == NULL || cklen != TOKEN_LEN);
	}
	request_free(&r);
	buf_free(&out);
	arena_free(&a);
	c->cookie_name = saved;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s, *rest, *name;
	char		*auth, *cookie, *query;
	size_t		 len, alen, clen, qlen;

	if (size < 1)
		return 0;
	name = NAMES[data[0] % 4];
	s = (const char *)data + 1;
	len = size - 1;
	fuzz_split(s, len, '\n', &alen, &rest, &len);
	auth = fuzz_memdup(s, alen);
	s = rest;
	fuzz_split(s, len, '\n', &clen, &rest, &qlen);
	cookie = fuzz_memdup(s, clen);
	query = fuzz_strndup(rest, qlen);

	/* Exactly the bytes given, NULs and all. */
	check_auth(auth, alen);
	check_cookie(cookie, clen, name);
	free(auth);
	free(cookie);

	/* As CGI parameters, which are C strings. */
	s = (const char *)data + 1;
	len = size - 1;
	fuzz_split(s, len, '\n', &alen, &rest, &len);
	auth = fuzz_strndup(s, strnlen(s, alen));
	s = rest;
	fuzz_split(s, len, '\n', &clen, &rest, &qlen);
	cookie = fuzz_strndup(s, strnlen(s, clen));
	check_auth(auth, strlen(auth));
	check_cookie(cookie, strlen(cookie), name);
	check_find(auth, cookie, query, name, 1);
	check_find(auth, cookie, query, name, 0);
	free(auth);
	free(cookie);
	free(query);
	return 0;
}
