/*
 * Request field decoding: query strings, application/x-www-form-urlencoded,
 * multipart/form-data and application/json bodies all become one flat list
 * of named fields, the way PHP's $_POST, Django's request.POST and Flask's
 * request.json present them to the legacy code.
 *
 * Every decoder takes an explicit length, never reads past it, and checks
 * the limits (field count, name and value length, JSON nesting, and the
 * values anywhere in a JSON body: at most 16 per max_fields) as it goes.  Decoded names and values are NUL-terminated copies in the
 * caller's arena; a decoded NUL byte, a repeated name or a malformed
 * encoding is rejected, not truncated or guessed at.
 */
#ifndef UG_FORM_H
#define UG_FORM_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum field_type {
	FIELD_STR,		/* a string (every form field) */
	FIELD_NUM,		/* a JSON number, as its decimal text */
	FIELD_BOOL,		/* a JSON true/false, as "true"/"false" */
	FIELD_NULL,		/* a JSON null, value "" */
	FIELD_NESTED		/* a JSON object or array, value "" */
};

struct field {
	const char	*name;
	size_t		 name_len;
	const char	*val;
	size_t		 val_len;
	enum field_type	 type;
};

struct form_limits {
	size_t	 max_fields;
	size_t	 max_field_len;	/* for a decoded name and a decoded value */
	size_t	 max_depth;	/* JSON nesting, the top object being 1 */
};

struct form {
	struct field			*f;
	size_t				 n;
	struct arena			*arena;
	const struct form_limits	*lim;
};

/* Prepares an empty form; memory comes from arena. */
void	 form_init(struct form *, struct arena *, const struct form_limits *);

enum ug_err	 form_parse_urlencoded(struct form *, const char *, size_t);
/* ctype is the whole Content-Type header, which carries the boundary. */
enum ug_err	 form_parse_multipart(struct form *, const char *, size_t,
		    const char *ctype);
enum ug_err	 form_parse_json(struct form *, const char *, size_t);
/* Chooses the decoder by ctype (NULL or "" means urlencoded). */
enum ug_err	 form_parse_body(struct form *, const char *ctype,
		    const char *, size_t);

/* The field named exactly name, or NULL. */
const struct field	*form_get(const struct form *, const char *name);

/* Splits a Content-Type into its lowercase media type; 0 or -1. */
int	 form_media_type(const char *ctype, char *out, size_t outsz);

#endif
