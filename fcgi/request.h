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

#include "buf.h"
#include "err.h"
#include "form.h"
#include "role.h"

struct config;
struct db;

struct req_io {
	const char	*(*param)(void *, const char *name);
	/* Reads up to len bytes; returns count, 0 at end, -1 on error. */
	long		 (*read)(void *, char *, size_t len);
	/* Writes all of len bytes; 0 or -1. */
	int		 (*write)(void *, const char *, size_t len);
	void		*ctx;
	/* Optional: the whole NAME=VALUE array, read in one pass. */
	char		**(*envp)(void *);
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

/*
 * Finds the token the client presented: Authorization ("Bearer T" or
 * "T"), a token field in the body or query, or the session cookie.
 * Returns 1 and sets r->token, or 0 if there is none.
 */
int	 request_find_token(struct request *);

/* Response helpers.  Status and type must be set before the first flush. */
void	 reply_status(struct request *, int status);
void	 reply_type(struct request *, const char *);
void	 reply_header(struct request *, const char *name, const char *value);
/* Sends the headers (once) and whatever body is buffered. */
void	 reply_flush(struct request *);
/* Replaces any unsent body with s. */
void	 reply_text(struct request *, int status, const char *type,
	    const char *s);

/* The reason phrase for a status code. */
const char	*http_reason(int status);

#endif
