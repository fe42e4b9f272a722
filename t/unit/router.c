/*
 * Unit tests of fcgi/router.c and the response helpers of fcgi/request.c,
 * driven through a fake transport with no server and no database: route
 * matching (exact and slash-optional paths, selectors, methods and 405),
 * access rules, where the token comes from, the path under FastCGI and
 * CGI, CORS, the response head (D7) and the session cookie.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "request.h"
#include "role.h"
#include "router.h"
#include "tap.h"

#define TOK	"0123456789abcdef0123456789abcdef"
#define TOK2	"fedcba9876543210fedcba9876543210"

struct fake {
	const char	*env[16];	/* NAME=VALUE */
	struct buf	 sent;
};

static const char *
f_param(void *ctx, const char *name)
{
	struct fake	*f = ctx;
	size_t		 i, nl = strlen(name);

	for (i = 0; f->env[i] != NULL; i++)
		if (strncmp(f->env[i], name, nl) == 0 && f->env[i][nl] == '=')
			return f->env[i] + nl + 1;
	return NULL;
}

static long
f_read(void *ctx, char *p, size_t len)
{
	return 0;
}

static int
f_write(void *ctx, const char *p, size_t len)
{
	return buf_add(&((struct fake *)ctx)->sent, p, len);
}

static struct config	 cfg;
static struct fake	 fk;
static struct req_io	 io = { f_param, f_read, f_write, &fk, NULL, 0, NULL,
    NULL };
static struct arena	 arena;
static struct buf	 out;
static struct request	 r;

/* Starts a request with the NULL-terminated parameters given. */
static void
start(int cgi, ...)
{
	va_list		 ap;
	const char	*e;
	size_t		 n = 0;

	va_start(ap, cgi);
	while ((e = va_arg(ap, const char *)) != NULL && n < 15)
		fk.env[n++] = e;
	va_end(ap);
	fk.env[n] = NULL;
	buf_reset(&fk.sent);
	io.cgi = cgi;
	arena_reset(&arena);
	request_init(&r, &io, &cfg, NULL, &arena, &out);
}

/* Ends the request: flushes it, and frees what it took. */
static const char *
finish(void)
{
	reply_flush(&r);
	request_free(&r);
	return fk.sent.data != NULL ? fk.sent.data : "";
}

static int
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* A test contract in the shape backstage or proxypool will have. */
static void
h_ok(struct request *rq)
{
	reply_text(rq, 200, "application/json", "{\"ok\":1}");
}

static void
h_list(struct request *rq)
{
	reply_text(rq, 200, "application/json", "{\"list\":1}");
}

static void
t_fail(struct request *rq, enum ug_err e)
{
	reply_text(rq, router_status(rq, e), "application/json",
	    rq->route->shape ? "{\"shape\":1}" : "{\"shape\":0}");
}

static void
t_nomatch(struct request *rq, int status)
{
	reply_text(rq, status, "application/json", "{\"nomatch\":1}");
}

static const struct route t_routes[] = {
	{ M_GET | M_POST, "/api/items/", { -1, -1 }, ACCESS_ANY, h_list, 0 },
	{ M_POST, "/api/add", { -1, -1 }, ACCESS_ANY, h_ok, 1 },
	{ M_DELETE, "/api/add", { -1, -1 }, ACCESS_ANY, h_ok, 1 },
	{ M_GET, "/api/admin", { -1, -1 }, ACCESS_ROLES(ROLE_BIT(ROLE_SUPER) |
	    ROLE_BIT(ROLE_USER_ADMIN)), h_ok, 0 },
};
static const short t_status[] = { [UG_OK] = 200, [UG_EINVAL] = 422,
	[UG_ETOKEN] = 401 };
static const struct contract t_contract = {
	.id = CONTRACT_PROXYPOOL, .routes = t_routes,
	.nroutes = sizeof(t_routes) / sizeof(t_routes[0]),
	.flags = CT_SLASH_OPTIONAL | CT_METHOD_405 | CT_COOKIE_AUTH,
	.token_param = "HTTP_TOKEN", .select = NULL, .status = t_status,
	.nstatus = sizeof(t_status) / sizeof(t_status[0]), .fail = t_fail,
	.nomatch = t_nomatch,
};
static const struct contract *const contracts[] = { &contract_loginphp,
	&t_contract };

static void
mount(void)
{
	router_free();
	if (router_init_with(&cfg, contracts, 2) == -1)
		abort();
}

static void
test_match(void)
{
	struct match	 m;
	const char	*s;

	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/items/", NULL);
	router_match(&r, &m);
	ok(m.route == &t_routes[0], "exact path with its slash");
	finish();
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/items", NULL);
	router_match(&r, &m);
	ok(m.route == &t_routes[0], "slash-optional: without the slash");
	finish();
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/add/", NULL);
	router_match(&r, &m);
	ok(m.route == &t_routes[1], "slash-optional: with one slash more");
	finish();
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/add//", NULL);
	router_match(&r, &m);
	ok(m.route == NULL && m.contract == NULL, "two slashes more: no path");
	finish();
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/api/ad", NULL);
	router_match(&r, &m);
	ok(m.route == NULL && m.contract == NULL, "a prefix of a path is no path");
	finish();
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/login.php/", NULL);
	router_match(&r, &m);
	ok(m.contract == NULL, "login.php's paths are exact");
	finish();
	start(0, "REQUEST_METHOD=DELETE", "SCRIPT_NAME=/api/add", NULL);
	router_match(&r, &m);
	ok(m.route == &t_routes[2], "the same path, another method");
	finish();

	/* The method is not the route's: 405 with Allow, in the contract's body. */
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/add", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 405 Method Not Allowed\r\n"), "405");
	ok(has(s, "\r\nAllow: POST, DELETE\r\n"), "Allow lists the methods");
	ok(has(s, "{\"nomatch\":1}"), "405 in the contract's shape");
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/nowhere", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 404 Not Found\r\n") && has(s, "not found\n"),
	    "no contract's path: 404");

	/* login.php: the selector, any method, "0" when nothing matches. */
	start(0, "REQUEST_METHOD=PUT", "SCRIPT_NAME=/login.php",
	    "QUERY_STRING=mode=3&operating=2", NULL);
	router_match(&r, &m);
	ok(m.route != NULL && m.route->sel[0] == 3 && m.route->sel[1] == 2,
	    "login.php: mode=3&operating=2");
	finish();
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/login.php",
	    "QUERY_STRING=mode=3&operating=9", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 200 OK\r\n") && has(s, "\r\n\r\n0") &&
	    has(s, "Content-Type: text/html; charset=UTF-8\r\n"),
	    "login.php: an unknown operating answers 0, as PHP did");
	start(0, "REQUEST_METHOD=POST", "SCRIPT_NAME=/login.php",
	    "QUERY_STRING=mode=2&mode=2", NULL);
	router_match(&r, &m);
	ok(m.qe != UG_OK && m.route == NULL, "a query that fails to decode selects nothing");
	finish();

	/* A route's handler runs when there is no access rule. */
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/items", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "{\"list\":1}"), "handler ran");
	/* An access rule with no token: the contract's renderer and status. */
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/admin", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 401 ") && has(s, "{\"shape\":0}"),
	    "no token: rendered by the contract, its status for UG_ETOKEN");
}

static void
test_path(void)
{
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/login.php",
	    "PATH_INFO=/admin/updateUserInfo", NULL);
	ok(strcmp(r.path, "/login.php") == 0,
	    "FastCGI: SCRIPT_NAME, whatever PATH_INFO says (D12)");
	finish();
	start(1, "REQUEST_METHOD=GET", "SCRIPT_NAME=/cgi-bin/usergate",
	    "PATH_INFO=/login.php", NULL);
	ok(strcmp(r.path, "/login.php") == 0, "CGI: PATH_INFO when set");
	finish();
	start(1, "REQUEST_METHOD=GET", "SCRIPT_NAME=/login.php", NULL);
	ok(strcmp(r.path, "/login.php") == 0, "CGI: else SCRIPT_NAME");
	finish();
}

static void
test_access(void)
{
	struct access	 any = ACCESS_ANY, user = ACCESS_USER;
	struct access	 admin = ACCESS_LEVEL(LEVEL_ADMIN);
	struct access	 super = ACCESS_LEVEL(LEVEL_SUPER);
	struct access	 set = ACCESS_ROLES(ROLE_BIT(ROLE_SUPER) |
			    ROLE_BIT(ROLE_USER_ADMIN));
	struct actor	 su = { 1, ROLE_SUPER, LEVEL_SUPER };
	struct actor	 ua = { 2, ROLE_USER_ADMIN, LEVEL_ADMIN };
	struct actor	 shop = { 3, ROLE_SHOP_ADMIN, LEVEL_ADMIN };
	struct actor	 u = { 4, ROLE_USER, LEVEL_USER };
	struct actor	 odd = { 5, 40, LEVEL_SUPER };

	ok(access_allows(&any, &u) && access_allows(&user, &u),
	    "access: any and user admit a general user");
	ok(access_allows(&admin, &shop) && !access_allows(&admin, &u),
	    "access: level 50 admits a shop admin, not a user");
	ok(access_allows(&super, &su) && !access_allows(&super, &ua),
	    "access: level 100 is the super admin only");
	ok(access_allows(&set, &su) && access_allows(&set, &ua),
	    "access: the set admits super and user admin");
	ok(!access_allows(&set, &shop) && !access_allows(&set, &u),
	    "access: the set leaves out a shop admin of the same level");
	ok(!access_allows(&set, &odd), "access: a role id past the set's bits");
}

static void
test_token(void)
{
	start(0, "HTTP_AUTHORIZATION=Basic YWRtaW46cHc=",
	    "QUERY_STRING=token=" TOK, NULL);
	request_decode_query(&r);
	ok(request_find_token(&r, NULL, 0) && r.token_len == 32 &&
	    memcmp(r.token, TOK, 32) == 0,
	    "Authorization: Basic falls through to the field (D11)");
	finish();
	start(0, "HTTP_AUTHORIZATION=Bearer " TOK2, "QUERY_STRING=token=" TOK,
	    NULL);
	request_decode_query(&r);
	ok(request_find_token(&r, NULL, 0) && memcmp(r.token, TOK2, 32) == 0,
	    "Bearer wins over the field");
	finish();
	start(0, "HTTP_TOKEN=" TOK2, "QUERY_STRING=token=" TOK, NULL);
	request_decode_query(&r);
	ok(request_find_token(&r, "HTTP_TOKEN", 0) &&
	    memcmp(r.token, TOK2, 32) == 0, "the contract's token header");
	finish();
	start(0, "HTTP_TOKEN=" TOK2, "QUERY_STRING=token=" TOK, NULL);
	request_decode_query(&r);
	ok(request_find_token(&r, NULL, 0) && memcmp(r.token, TOK, 32) == 0,
	    "another contract ignores that header");
	finish();
	start(0, "HTTP_COOKIE=usergate_session=" TOK, NULL);
	request_decode_query(&r);
	ok(!request_find_token(&r, NULL, 0),
	    "the cookie is no credential where the contract does not opt in");
	finish();
	start(0, "HTTP_COOKIE=usergate_session=" TOK, NULL);
	request_decode_query(&r);
	ok(request_find_token(&r, NULL, 1) && memcmp(r.token, TOK, 32) == 0 &&
	    r.token_src == TOKEN_COOKIE, "the cookie where the contract opts in");
	finish();

	/* A cookie sent by another site's page (CSRF). */
	start(0, "HTTP_HOST=admin.example", NULL);
	ok(request_origin_trusted(&r), "origin: none is trusted");
	finish();
	start(0, "HTTP_HOST=admin.example", "HTTP_ORIGIN=http://admin.example",
	    NULL);
	ok(request_origin_trusted(&r), "origin: the request's own");
	finish();
	start(0, "HTTP_HOST=admin.example", "HTTPS=on",
	    "HTTP_ORIGIN=http://admin.example", NULL);
	ok(!request_origin_trusted(&r), "origin: http page, https request");
	finish();
	start(0, "HTTP_HOST=admin.example:8443", "HTTPS=on",
	    "HTTP_ORIGIN=https://admin.example:8443", NULL);
	ok(request_origin_trusted(&r), "origin: own, with a port, https");
	finish();
	start(0, "HTTP_HOST=admin.example", "HTTP_ORIGIN=http://evil.example",
	    NULL);
	ok(!request_origin_trusted(&r), "origin: another site");
	finish();
	start(0, "HTTP_HOST=admin.example", "HTTP_ORIGIN=http://admin.example.evil",
	    NULL);
	ok(!request_origin_trusted(&r), "origin: a longer name");
	finish();
	start(0, "HTTP_ORIGIN=http://admin.example", NULL);
	ok(!request_origin_trusted(&r), "origin: no Host to compare with");
	finish();
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/admin",
	    "HTTP_HOST=admin.example", "HTTP_ORIGIN=http://evil.example",
	    "HTTP_COOKIE=usergate_session=" TOK, NULL);
	router_handle(&r);
	ok(has(finish(), "Status: 401 "),
	    "a cross-site cookie is no credential, before any database");
}

static void
test_head(void)
{
	char		 big[200];
	const char	*s;
	int		 i, rc = 0;

	/* D7: far more headers than the stack's head holds still go out. */
	start(0, NULL);
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 40; i++)
		rc |= reply_header(&r, "X-Big", big);
	is_int(rc, 0, "40 headers of 200 bytes accepted");
	reply_text(&r, 200, "application/json", "{}");
	s = finish();
	ok(fk.sent.len > 40 * 200 && has(s, "\r\n\r\n{}") &&
	    strncmp(s, "Status: 200 OK\r\n", 16) == 0,
	    "a head of 8 KiB is sent whole, then the body (D7)");

	start(0, NULL);
	ok(reply_header(&r, "X", "bad\r\nSet-Cookie: injected=1") == -1,
	    "CR LF in a value refused");
	ok(reply_header(&r, "X", "bad\nX: y") == -1, "LF in a value refused");
	ok(reply_header(&r, "X", "bad\r") == -1, "CR in a value refused");
	ok(reply_header(&r, "X Y", "v") == -1, "a blank in a name refused");
	ok(reply_header(&r, "X:Y", "v") == -1, "a colon in a name refused");
	ok(reply_header(&r, "", "v") == -1, "an empty name refused");
	ok(reply_header(&r, "X-Ok", "a: b; c") == 0, "an ordinary header kept");
	reply_text(&r, 201, "text/plain", "");
	s = finish();
	ok(!has(s, "injected") && !has(s, "bad"), "nothing refused went out");
	ok(has(s, "Status: 201 Created\r\n"), "201 has its reason");
	ok(has(s, "\r\nX-Content-Type-Options: nosniff\r\n"), "nosniff");
	ok(has(s, "\r\nContent-Security-Policy: default-src 'none'; "
	    "frame-ancestors 'none'\r\n"), "CSP");
	ok(has(s, "\r\nCache-Control: no-store\r\n"), "no-store");

	/* The statuses the next contracts use all have their reason. */
	ok(strcmp(http_reason(204), "No Content") == 0 &&
	    strcmp(http_reason(405), "Method Not Allowed") == 0 &&
	    strcmp(http_reason(410), "Gone") == 0 &&
	    strcmp(http_reason(422), "Unprocessable Entity") == 0 &&
	    strcmp(http_reason(429), "Too Many Requests") == 0 &&
	    strcmp(http_reason(402), "Payment Required") == 0,
	    "201 204 402 405 410 422 429");
}

static void
test_cookie(void)
{
	const char	*s;

	start(0, NULL);
	is_int(reply_cookie(&r, TOK, 32, 86400), 0, "reply_cookie");
	s = finish();
	ok(has(s, "\r\nSet-Cookie: usergate_session=" TOK "; Path=/; "
	    "Max-Age=86400; HttpOnly; SameSite=Strict\r\n"),
	    "Set-Cookie over HTTP: no Secure (cookie_secure = auto)");
	start(0, "HTTPS=on", NULL);
	reply_cookie(&r, TOK, 32, 7200);
	s = finish();
	ok(has(s, "; Max-Age=7200; HttpOnly; SameSite=Strict; Secure\r\n"),
	    "behind HTTPS: Secure");
	start(0, NULL);
	reply_cookie_clear(&r);
	s = finish();
	ok(has(s, "\r\nSet-Cookie: usergate_session=; Path=/; Max-Age=0;"),
	    "clearing the cookie");
	start(0, NULL);
	ok(reply_cookie(&r, "a;b", 3, 10) == -1, "a value that is no cookie");
	s = finish();
	ok(!has(s, "Set-Cookie"), "nothing half-written");
}

static void
test_cors(void)
{
	char		 err[128];
	const char	*s;

	if (config_set(&cfg, "cors_origins", "https://a.example, "
	    "http://b.example:8080", err, sizeof(err)) == -1)
		abort();
	start(0, "REQUEST_METHOD=OPTIONS", "SCRIPT_NAME=/api/add",
	    "HTTP_ORIGIN=https://a.example", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 204 No Content\r\n"), "preflight: 204");
	ok(has(s, "\r\nAccess-Control-Allow-Origin: https://a.example\r\n"),
	    "preflight: the listed origin");
	ok(has(s, "\r\nAccess-Control-Allow-Credentials: true\r\n"),
	    "preflight: credentials");
	ok(has(s, "\r\nAccess-Control-Allow-Methods: POST, DELETE, OPTIONS\r\n"),
	    "preflight: the path's methods");
	ok(has(s, "\r\nAccess-Control-Allow-Headers: Authorization, "
	    "Content-Type, token, username, id\r\n"), "preflight: headers");
	ok(has(s, "\r\nVary: Origin\r\n"), "preflight: Vary");
	start(0, "REQUEST_METHOD=OPTIONS", "SCRIPT_NAME=/api/add",
	    "HTTP_ORIGIN=https://evil.example", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "Status: 204 ") && !has(s, "Access-Control-"),
	    "preflight from an unlisted origin: no CORS headers");
	start(0, "REQUEST_METHOD=OPTIONS", "SCRIPT_NAME=/api/add",
	    "HTTP_ORIGIN=https://a.example.evil", NULL);
	router_handle(&r);
	s = finish();
	ok(!has(s, "Access-Control-"), "an origin that only starts like one");
	start(0, "REQUEST_METHOD=GET", "SCRIPT_NAME=/api/items",
	    "HTTP_ORIGIN=http://b.example:8080", NULL);
	router_handle(&r);
	s = finish();
	ok(has(s, "\r\nAccess-Control-Allow-Origin: http://b.example:8080\r\n")
	    && has(s, "{\"list\":1}") && !has(s, "Allow-Methods"),
	    "a request from a listed origin: its headers and the answer");
	ok(config_set(&cfg, "cors_origins", "", err, sizeof(err)) == 0,
	    "cors_origins back to empty");
	start(0, "REQUEST_METHOD=OPTIONS", "SCRIPT_NAME=/api/add",
	    "HTTP_ORIGIN=https://a.example", NULL);
	router_handle(&r);
	s = finish();
	ok(!has(s, "Access-Control-") && !has(s, "Vary") &&
	    has(s, "Status: 405 "), "without cors_origins OPTIONS is a method "
	    "like any other");
}

int
main(void)
{
	char	 err[128];

	if (config_defaults(&cfg) == -1 ||
	    config_set(&cfg, "proxypool", "yes", err, sizeof(err)) == -1)
		abort();
	arena_init(&arena, 4096);
	buf_init(&out);
	buf_init(&fk.sent);
	mount();
	test_match();
	test_path();
	test_access();
	test_token();
	test_head();
	test_cookie();
	test_cors();
	router_free();
	buf_free(&out);
	buf_free(&fk.sent);
	arena_free(&arena);
	config_free(&cfg);
	return done_testing();
}
