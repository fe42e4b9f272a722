#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "httpauth.h"
#include "log.h"
#include "request.h"
#include "text.h"
#include "token.h"

/* The CGI parameters a request uses, in the order of struct cgi_vars. */
static const struct {
	const char	*name;
	size_t		 len;
} cgi_names[] = {
#define V(s)	{ s, sizeof(s) - 1 }
	V("REQUEST_METHOD"), V("PATH_INFO"), V("SCRIPT_NAME"),
	V("QUERY_STRING"), V("CONTENT_TYPE"), V("CONTENT_LENGTH"),
	V("REMOTE_ADDR"), V("HTTP_AUTHORIZATION"), V("HTTP_COOKIE"), V("HTTPS"),
	V("HTTP_ORIGIN")
#undef V
};
enum { CGI_METHOD, CGI_PATH_INFO, CGI_SCRIPT_NAME, CGI_QUERY, CGI_CTYPE,
    CGI_CLEN, CGI_REMOTE_ADDR, CGI_AUTHORIZATION, CGI_COOKIE, CGI_HTTPS,
    CGI_ORIGIN, CGI_NVARS };

/*
 * Fills v[] with the parameters (missing ones as "").  With an envp
 * array it is one pass over the parameters rather than a scan of them
 * per name, which matters at tens of thousands of requests a second.
 */
static void
read_params(const struct req_io *io, const char **v)
{
	char	**env, *e;
	size_t	 i;

	for (i = 0; i < CGI_NVARS; i++)
		v[i] = NULL;
	if (io->envp != NULL && (env = io->envp(io->ctx)) != NULL) {
		for (; (e = *env) != NULL; env++)
			for (i = 0; i < CGI_NVARS; i++)
				/*
				 * strncmp stops at e's end, so e[len] is
				 * read only once e is at least len long.
				 */
				if (e[0] == cgi_names[i].name[0] &&
				    v[i] == NULL &&
				    strncmp(e, cgi_names[i].name,
				    cgi_names[i].len) == 0 &&
				    e[cgi_names[i].len] == '=') {
					v[i] = e + cgi_names[i].len + 1;
					break;
				}
	} else
		for (i = 0; i < CGI_NVARS; i++)
			v[i] = io->param(io->ctx, cgi_names[i].name);
	for (i = 0; i < CGI_NVARS; i++)
		if (v[i] == NULL)
			v[i] = "";
}

void
request_init(struct request *r, const struct req_io *io,
    const struct config *cfg, struct db *db, struct arena *arena,
    struct buf *out)
{
	const char	*v[CGI_NVARS], *cl;
	uint64_t	 n;

	memset(r, 0, sizeof(*r));
	r->io = io;
	r->cfg = cfg;
	r->db = db;
	r->arena = arena;
	r->limits.max_fields = (size_t)cfg->max_fields;
	r->limits.max_field_len = (size_t)cfg->max_field_len;
	r->limits.max_depth = (size_t)cfg->max_depth;
	r->out = out;
	buf_reset(out);
	buf_init(&r->headers);
	r->status = 200;
	r->resp_type = "text/plain; charset=UTF-8";

	read_params(io, v);
	r->method = v[CGI_METHOD];
	/*
	 * Under nginx SCRIPT_NAME is the whole path; under a CGI server the
	 * path below the script arrives as PATH_INFO.  Only there: behind
	 * nginx, PATH_INFO is whatever fastcgi_split_path_info made of the
	 * URL, and routing on it would sidestep nginx's locations (D12).
	 */
	r->path = io->cgi && v[CGI_PATH_INFO][0] != '\0' ? v[CGI_PATH_INFO] :
	    v[CGI_SCRIPT_NAME];
	r->query = v[CGI_QUERY];
	r->content_type = v[CGI_CTYPE];
	r->remote_addr = v[CGI_REMOTE_ADDR];
	r->authorization = v[CGI_AUTHORIZATION];
	r->cookie = v[CGI_COOKIE];
	r->origin = v[CGI_ORIGIN];
	r->https = strcasecmp(v[CGI_HTTPS], "on") == 0;
	cl = v[CGI_CLEN];
	/* A length we cannot read is treated as over every limit. */
	if (cl[0] == '\0')
		r->content_length = 0;
	else if (parse_u64(cl, strlen(cl), UINT32_MAX, &n) == 0)
		r->content_length = (size_t)n;
	else
		r->content_length = SIZE_MAX;
	form_init(&r->qs, arena, &r->limits);
	form_init(&r->body, arena, &r->limits);
}

void
request_free(struct request *r)
{
	buf_free(&r->headers);
}

enum ug_err
request_decode_query(struct request *r)
{
	size_t	 len = strlen(r->query);

	if (len > (size_t)r->cfg->max_body)
		return UG_ELIMIT;
	return form_parse_urlencoded(&r->qs, r->query, len);
}

enum ug_err
request_decode_body(struct request *r)
{
	char		*body;
	size_t		 got = 0;
	long		 n;

	/* Limits before any work: the length is known before a byte is read. */
	if (r->content_length > (size_t)r->cfg->max_body)
		return UG_ELIMIT;
	if (r->content_length == 0)
		return UG_OK;
	if ((body = arena_alloc(r->arena, r->content_length + 1)) == NULL)
		return UG_EINTERNAL;
	while (got < r->content_length) {
		n = r->io->read(r->io->ctx, body + got, r->content_length - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != r->content_length)
		return UG_EINVAL;	/* the client sent less than it said */
	body[got] = '\0';
	return form_parse_body(&r->body, r->content_type, body, got);
}

const struct field *
req_body(const struct request *r, const char *name)
{
	return form_get(&r->body, name);
}

struct ustr
req_body_str(const struct request *r, const char *name)
{
	const struct field	*f = form_get(&r->body, name);
	struct ustr		 u = { NULL, 0 };

	if (f != NULL && f->type == FIELD_STR) {
		u.s = f->val;
		u.len = f->val_len;
	}
	return u;
}

const struct field *
req_field(const struct request *r, const char *name)
{
	const struct field	*f;

	if ((f = form_get(&r->body, name)) != NULL)
		return f;
	return form_get(&r->qs, name);
}

int
request_find_token(struct request *r, const char *header_param, int cookie_ok)
{
	const struct field	*f;
	const char		*a, *c, *h;
	size_t			 len;

	if ((a = http_auth_token(r->authorization, strlen(r->authorization),
	    &len)) != NULL) {
		r->token = a;
		r->token_len = len;
		r->token_src = TOKEN_AUTHORIZATION;
		return 1;
	}
	/* Looked up only here: one contract's header, on its routes only. */
	if (header_param != NULL &&
	    (h = r->io->param(r->io->ctx, header_param)) != NULL &&
	    h[0] != '\0') {
		r->token = h;
		r->token_len = strlen(h);
		r->token_src = TOKEN_HEADER;
		return 1;
	}
	if ((f = req_field(r, "token")) != NULL && f->type == FIELD_STR) {
		r->token = f->val;
		r->token_len = f->val_len;
		r->token_src = TOKEN_FIELD;
		return 1;
	}
	/*
	 * A browser sends the cookie with any cross-site form post, so only
	 * a contract built around it may take it as a credential (CSRF).
	 */
	if (cookie_ok && (c = http_cookie(r->cookie, strlen(r->cookie),
	    r->cfg->cookie_name, &len)) != NULL && len == TOKEN_LEN) {
		r->token = c;
		r->token_len = len;
		r->token_src = TOKEN_COOKIE;
		return 1;
	}
	return 0;
}

int
request_origin_trusted(const struct request *r)
{
	const char	*o = r->origin, *host;
	size_t		 ol = strlen(o), sl;

	if (ol == 0)
		return 1;
	if (config_origin_listed(r->cfg, o, ol))
		return 1;
	if ((host = r->io->param(r->io->ctx, "HTTP_HOST")) == NULL ||
	    host[0] == '\0')
		return 0;
	sl = r->https ? 8 : 7;
	return ol == sl + strlen(host) &&
	    memcmp(o, r->https ? "https://" : "http://", sl) == 0 &&
	    strcasecmp(o + sl, host) == 0;
}

const char *
http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

void
reply_status(struct request *r, int status)
{
	r->status = status;
}

void
reply_type(struct request *r, const char *type)
{
	r->resp_type = type;
}

/* 1 if s is an HTTP header name (RFC 9110 token characters). */
static int
header_name_ok(const char *s)
{
	static const char	 tchar[] = "!#$%&'*+-.^_`|~";
	size_t			 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr(tchar, s[i]) != NULL))
			return 0;
	return i > 0;
}

int
reply_header(struct request *r, const char *name, const char *value)
{
	/* A C string holds no NUL; CR or LF would start a header of its own. */
	if (!header_name_ok(name) || strpbrk(value, "\r\n") != NULL) {
		log_err("refused response header %.64s", name);
		return -1;
	}
	buf_adds(&r->headers, name);
	buf_add(&r->headers, ": ", 2);
	buf_adds(&r->headers, value);
	buf_add(&r->headers, "\r\n", 2);
	return r->headers.oom ? -1 : 0;
}

/* Adds a Set-Cookie for the session cookie; see reply_cookie. */
static int
set_cookie(struct request *r, const char *val, size_t len, long max_age)
{
	struct cookie_attr	 at;
	struct buf		*h = &r->headers;
	size_t			 mark = h->len;

	at.path = "/";
	at.max_age = max_age;
	at.secure = strcmp(r->cfg->cookie_secure, "yes") == 0 ||
	    (strcmp(r->cfg->cookie_secure, "auto") == 0 && r->https);
	buf_addlit(h, "Set-Cookie: ");
	if (http_set_cookie(h, r->cfg->cookie_name, val, len, &at) == -1) {
		h->len = mark;	/* nothing half-written goes out */
		if (h->data != NULL)
			h->data[mark] = '\0';
		return -1;
	}
	return buf_addlit(h, "\r\n");
}

int
reply_cookie(struct request *r, const char *token, size_t len, long max_age)
{
	return set_cookie(r, token, len, max_age);
}

int
reply_cookie_clear(struct request *r)
{
	return set_cookie(r, "", 0, 0);
}

static void
send_bytes(struct request *r, const char *p, size_t len)
{
	if (r->write_failed || len == 0)
		return;
	if (r->io->write(r->io->ctx, p, len) == -1)
		r->write_failed = 1;	/* the client went away */
}

/*
 * The head (if any) and a piece of the body, in one write where the io
 * can; with last, they end the answer.
 */
static void
send_head_body(struct request *r, const char *h, size_t hlen, const char *b,
    size_t blen, int last)
{
	struct iovec	 iov[2];
	int		 n = 0;

	if (r->write_failed)
		return;
	if (hlen > 0) {
		iov[n].iov_base = (void *)(uintptr_t)h;
		iov[n++].iov_len = hlen;
	}
	if (blen > 0) {
		iov[n].iov_base = (void *)(uintptr_t)b;
		iov[n++].iov_len = blen;
	}
	if (last && r->io->write_last != NULL) {
		if (r->io->write_last(r->io->ctx, iov, n) == -1)
			r->write_failed = 1;
		return;
	}
	if (r->io->writev == NULL || n < 2) {
		send_bytes(r, h, hlen);
		send_bytes(r, b, blen);
		return;
	}
	if (r->io->writev(r->io->ctx, iov, n) == -1)
		r->write_failed = 1;
}

/*
 * Headers every answer carries: no cache may keep a credential or a user
 * list, and no browser may sniff a body into a page or frame it (a user
 * named "<script>" is served as text/html by login.php, as PHP did).
 */
#define FIXED_HEADERS	"Cache-Control: no-store\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"

/*
 * Writes the head into h, with a Content-Length when clen is not -1
 * (never on a 204, which has no body); 0, or -1 if h ran out of room.
 */
static int
build_head(struct request *r, struct buf *h, long long clen)
{
	buf_addlit(h, "Status: ");
	buf_addi(h, r->status);
	buf_addc(h, ' ');
	buf_adds(h, http_reason(r->status));
	buf_addlit(h, "\r\nContent-Type: ");
	buf_adds(h, r->resp_type);
	buf_addlit(h, "\r\n" FIXED_HEADERS);
	if (clen >= 0 && r->status != 204) {
		buf_addlit(h, "Content-Length: ");
		buf_addi(h, clen);
		buf_addlit(h, "\r\n");
	}
	if (r->headers.len > 0)
		buf_add(h, r->headers.data, r->headers.len);
	buf_addlit(h, "\r\n");
	return h->oom ? -1 : 0;
}

/*
 * Sends the head (once) and the body buffered; clen as build_head; with
 * last, the answer ends with them.
 */
static void
flush(struct request *r, long long clen, int last)
{
	static const char	 bare500[] = "Status: 500 Internal Server Error"
				    "\r\nContent-Type: text/plain\r\n\r\n";
	char			 head[1024];
	struct buf		 h, big;

	if (!r->headers_sent) {
		r->headers_sent = 1;
		/* The common head fits on the stack: no allocation per answer. */
		buf_init_fixed(&h, head, sizeof(head));
		if (build_head(r, &h, clen) == 0 && !r->out->oom) {
			send_head_body(r, h.data, h.len, r->out->data,
			    r->out->len, last);
			buf_reset(r->out);
			return;
		}
		if (!h.oom)
			send_bytes(r, h.data, h.len);
		else {
			buf_init(&big);
			if (!r->headers.oom && build_head(r, &big, clen) == 0)
				send_bytes(r, big.data, big.len);
			else {
				log_err("response head: out of memory");
				send_bytes(r, bare500, sizeof(bare500) - 1);
				buf_reset(r->out);
				r->write_failed = 1;
			}
			buf_free(&big);
		}
	}
	if (r->out->oom)
		r->write_failed = 1;
	else
		send_head_body(r, NULL, 0, r->out->data, r->out->len, last);
	buf_reset(r->out);
}

void
reply_flush(struct request *r)
{
	flush(r, -1, 0);
}

void
reply_end(struct request *r)
{
	flush(r, r->headers_sent || r->out->oom ? -1 : (long long)r->out->len,
	    1);
}

void
reply_text(struct request *r, int status, const char *type, const char *s)
{
	buf_reset(r->out);
	r->status = status;
	r->resp_type = type;
	buf_adds(r->out, s);
}
