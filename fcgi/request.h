/*
 * One request, from its CGI parameters to its response.  The transport
 * (FastCGI through libfcgi, or plain CGI on stdin/stdout) is hidden
 * behind struct req_io, so routing and the contracts see one thing.
 *
 * Ownership: everything decoded lives in the worker's arena and dies at
 * arena_reset() after the response; parameter strings point into the
 * transport's environment and are used only while the request runs.
 */
#ifndef UG_REQUEST_H
#define UG_REQUEST_H

#include <stddef.h>
#include <sys/uio.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "role.h"
#include "user.h"

struct config;
struct contract;
struct db;
struct route;

#define REQ_IOV_MAX	4

struct req_io {
	const char	*(*param)(void *, const char *name);
	/* Reads up to len bytes; returns count, 0 at end, -1 on error. */
	long		 (*read)(void *, char *, size_t len);
	/* Writes all of len bytes; 0 or -1. */
	int		 (*write)(void *, const char *, size_t len);
	void		*ctx;
	/* Optional: the whole NAME=VALUE array, read in one pass. */
	char		**(*envp)(void *);
	/*
	 * 1 for plain CGI, where the path below the script comes as
	 * PATH_INFO.  Under FastCGI the route is SCRIPT_NAME alone: a
	 * PHP-style fastcgi_split_path_info must not let
	 * /login.php/admin/... reach another contract's route.
	 */
	int		 cgi;
	/*
	 * Optional: writes all of n pieces (at most REQ_IOV_MAX) at once,
	 * as one write to the peer where it can; 0 or -1.  Without it each
	 * piece goes to write.
	 */
	int		 (*writev)(void *, const struct iovec *, int n);
	/*
	 * Optional: as writev, for the answer's last pieces, which it
	 * ends (one write for the last bytes and the transport's end of
	 * the answer, where it can); nothing is written after it.
	 */
	int		 (*write_last)(void *, const struct iovec *, int n);
};

struct request {
	const struct req_io	*io;
	const struct config	*cfg;
	struct db		*db;
	struct arena		*arena;
	struct form_limits	 limits;

	/* From the CGI parameters. */
	const char		*method;
	const char		*path;
	const char		*query;
	const char		*content_type;
	const char		*remote_addr;
	const char		*authorization;
	const char		*cookie;
	const char		*origin;	/* HTTP_ORIGIN, "" if none */
	int			 https;
	size_t			 content_length;

	/* Decoded input. */
	struct form		 qs;		/* the query string */
	struct form		 body;		/* the body's fields */

	/* The caller, once a route's access rule has resolved a token. */
	struct actor		 actor;
	int			 authed;
	const char		*token;		/* as presented, if any */
	size_t			 token_len;
	enum token_src {
		TOKEN_NONE, TOKEN_AUTHORIZATION, TOKEN_HEADER, TOKEN_FIELD,
		TOKEN_COOKIE
	}			 token_src;	/* where it was found */

	/* What the router chose (NULL before, or when nothing matched). */
	const struct contract	*contract;
	const struct route	*route;

	/* The response. */
	int			 status;
	const char		*resp_type;
	struct buf		*out;		/* body bytes not yet sent */
	struct buf		 headers;	/* extra header lines */
	int			 headers_sent;
	int			 write_failed;
};

/* Sets up r for one request on io; out is the worker's reusable buffer. */
void	 request_init(struct request *, const struct req_io *,
	    const struct config *, struct db *, struct arena *, struct buf *out);
/* Releases what request_init and the handlers took. */
void	 request_free(struct request *);

/* Decodes the query string (limits first). */
enum ug_err	 request_decode_query(struct request *);
/* Reads and decodes the body (limits first). */
enum ug_err	 request_decode_body(struct request *);

/* A field from the body, else NULL. */
const struct field	*req_body(const struct request *, const char *);
/* A field from the body, else from the query string. */
const struct field	*req_field(const struct request *, const char *);
/* A string field of the body as a ustr; s NULL if absent or not a string. */
struct ustr		 req_body_str(const struct request *, const char *);

/*
 * Finds the token the client presented, in this order: Authorization
 * ("Bearer T", or a bare well-formed T; any other scheme is passed
 * over), the CGI parameter header_param when not NULL (say HTTP_TOKEN,
 * backstage's "token" header; empty counts as absent), a token field in
 * the body or query, and -- only when cookie_ok -- the session cookie.
 * Returns 1 and sets r->token, or 0 if there is none.
 */
int	 request_find_token(struct request *, const char *header_param,
	    int cookie_ok);
/*
 * 1 if r may act on a browser's cookie: it has no Origin (same-origin
 * GET, older browsers; SameSite=Strict keeps cross-site requests from
 * carrying the cookie at all), or its Origin is r's own
 * (scheme://HTTP_HOST) or listed in cors_origins.  0 for a cross-site
 * request that carried the cookie anyway.
 */
int	 request_origin_trusted(const struct request *);

/*
 * Response helpers.  Status, type and headers must be set before the
 * first flush.  Every answer carries Cache-Control: no-store,
 * X-Content-Type-Options: nosniff and a Content-Security-Policy that
 * allows nothing: bodies are data, never pages to render.
 */
void	 reply_status(struct request *, int status);
void	 reply_type(struct request *, const char *);
/*
 * Adds "name: value".  Refuses (-1, nothing added, logged) a name that
 * is not an HTTP token and a value holding CR, LF or NUL, so no header
 * can be injected; 0 otherwise.
 */
int	 reply_header(struct request *, const char *name, const char *value);
/*
 * Hands the browser the session token as the session cookie (the
 * configured name, Path=/, HttpOnly, SameSite=Strict, Secure behind
 * HTTPS or with cookie_secure = yes), for max_age seconds.  0 or -1.
 */
int	 reply_cookie(struct request *, const char *token, size_t len,
	    long max_age);
/* Tells the browser to drop the session cookie (logout).  0 or -1. */
int	 reply_cookie_clear(struct request *);
/*
 * Sends the headers (once) and whatever body is buffered.  A head too
 * big for the stack is built on the heap; if even that fails, a bare
 * 500 goes out rather than nothing.
 */
void	 reply_flush(struct request *);
/*
 * The last flush of an answer: when nothing of it is out yet, the head
 * carries its Content-Length, so nginx passes it on as it is rather than
 * in chunks.
 */
void	 reply_end(struct request *);
/*
 * A list's writer calls this after each row: once the buffered body
 * reaches REPLY_STREAM_AT it is sent, so a long list streams in pieces
 * of about that size and memory stays flat, while a list of a hundred
 * users (6 to 30 KB) goes out whole, with its length.
 */
#define REPLY_STREAM_AT	65536
static inline void
reply_stream(struct request *r)
{
	if (r->out->len >= REPLY_STREAM_AT)
		reply_flush(r);
}
/* Replaces any unsent body with s. */
void	 reply_text(struct request *, int status, const char *type,
	    const char *s);

/* The reason phrase for a status code. */
const char	*http_reason(int status);

#endif
