/*
 * The pieces of an HTTP request that carry a credential: the value of
 * one cookie in a Cookie header, and the token in an Authorization
 * header.  Pure byte parsing with explicit lengths: no allocation, and
 * the results point into the caller's header.
 */
#ifndef UG_HTTPAUTH_H
#define UG_HTTPAUTH_H

#include <stddef.h>

/*
 * The value of cookie name in the Cookie header h[0..hlen), without
 * trailing blanks, or NULL.  The first cookie of that name wins.
 */
const char	*http_cookie(const char *h, size_t hlen, const char *name,
		    size_t *vlen);

/*
 * The token in an Authorization header a[0..alen): "Bearer T" (any case)
 * or a bare "T", leading spaces skipped.  NULL if the header is empty;
 * the token itself may be empty.
 */
const char	*http_auth_token(const char *a, size_t alen, size_t *tlen);

#endif
