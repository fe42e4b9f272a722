/*
 * The pieces of HTTP that carry a credential: the value of one cookie
 * in a Cookie header, the token in an Authorization header, and the
 * Set-Cookie value that hands a session to a browser.  Pure byte work
 * with explicit lengths: parsing allocates nothing and its results
 * point into the caller's header.
 */
#ifndef UG_HTTPAUTH_H
#define UG_HTTPAUTH_H

#include <stddef.h>

#include "buf.h"

/*
 * The value of cookie name in the Cookie header h[0..hlen), without
 * trailing blanks, or NULL.  The first cookie of that name wins.
 */
const char	*http_cookie(const char *h, size_t hlen, const char *name,
		    size_t *vlen);

/*
 * The token in an Authorization header a[0..alen): "Bearer T" (the
 * scheme in any case, T not empty; blanks around T skipped), or a bare
 * value that is a well-formed token (token_well_formed).  NULL for
 * anything else -- an empty header, "Basic ..." from nginx auth_basic,
 * another scheme -- so that the caller looks for the token elsewhere.
 */
const char	*http_auth_token(const char *a, size_t alen, size_t *tlen);

/* What a Set-Cookie carries besides the name and value. */
struct cookie_attr {
	const char	*path;		/* NULL: "/" */
	long		 max_age;	/* seconds; 0 deletes the cookie */
	int		 secure;	/* add Secure (the request came by HTTPS) */
};

/*
 * Appends the value of a Set-Cookie header to out:
 * "name=value; Path=/; Max-Age=N; HttpOnly; SameSite=Strict[; Secure]".
 * The value must be cookie-octets (RFC 6265: no blanks, '"', ',', ';',
 * '\\' or controls) and the path printable without ';'; -1 (nothing
 * appended) if not, else 0.  A max_age of 0 with an empty value clears
 * the cookie.
 */
int		 http_set_cookie(struct buf *out, const char *name,
		    const char *val, size_t vlen, const struct cookie_attr *);

#endif
