/*
 * JSON output.  Responses are written straight into a buf rather than
 * built as a cJSON tree: lists stream row by row and nothing is
 * allocated per value.
 *
 * Each legacy backend escaped strings its own way, and its clients have
 * seen those bytes for years, so the style is a set of flags:
 *
 *	JSON_PLAIN	UTF-8 as it is; only '"', '\\' and controls escaped
 *	JSON_PHP	PHP json_encode(): '/' as "\/", non-ASCII as \uXXXX
 *	JSON_PY		Python json.dumps(ensure_ascii=True), as Django's
 *			JsonResponse and Flask's jsonify write it: non-ASCII
 *			and DEL as \uXXXX, '/' as it is
 *	JSON_GO		Go encoding/json (gin's c.JSON): UTF-8 as it is, but
 *			'<', '>', '&', U+2028 and U+2029 as \u003c ... \u2029
 *
 * \u escapes use lowercase hex and UTF-16 surrogate pairs above the BMP,
 * as all four do.  Invalid UTF-8 becomes U+FFFD (escaped in the styles
 * that escape non-ASCII or HTML, raw in JSON_PLAIN).
 */
#ifndef UG_JSON_H
#define UG_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSON_SLASH	0x01	/* '/' as "\/" */
#define JSON_ASCII	0x02	/* every non-ASCII character as \uXXXX */
#define JSON_DEL	0x04	/* DEL (0x7f) as \u007f */
#define JSON_HTML	0x08	/* < > & U+2028 U+2029 as \uXXXX */
/*
 * The writer only: Python's default separators ", " and ": ", as
 * json.dumps() without separators= writes them (Django's JsonResponse).
 */
#define JSON_SPACED	0x10

#define JSON_PLAIN	0
#define JSON_PHP	(JSON_SLASH | JSON_ASCII)
#define JSON_PY		(JSON_ASCII | JSON_DEL)
#define JSON_GO		JSON_HTML

/* Appends s[0..len) as a quoted JSON string in style flags; 0 or -1 (oom). */
int	 json_str(struct buf *, const char *s, size_t len, int flags);
/* As json_str, or the bare word null when s is NULL. */
int	 json_str_or_null(struct buf *, const char *s, size_t len, int flags);

/*
 * A streaming writer: values go straight into b, and the writer keeps
 * only the comma state of each open object or array, so a list can be
 * flushed to the client between rows (reply_flush empties b; the writer
 * carries on).  Misuse (a value where a key is due, an end with nothing
 * open, nesting past JW_MAXDEPTH) sets err, and jw_* return -1 from then
 * on; so does running out of memory (b->oom).  The caller checks once.
 *
 *	jw_init(&w, r->out, JSON_PY);
 *	jw_obj(&w);
 *	jw_key(&w, "flag"); jw_int(&w, 1);
 *	jw_key(&w, "data"); jw_arr(&w); ... jw_end(&w);
 *	jw_end(&w);
 */
#define JW_MAXDEPTH	32

struct jw {
	struct buf	*b;
	int		 flags;
	unsigned	 depth;
	uint32_t	 nonempty;	/* bit d: level d has a value */
	uint32_t	 isobj;		/* bit d: level d is an object */
	int		 want_value;	/* a key was written */
	int		 err;
};

void	 jw_init(struct jw *, struct buf *, int flags);
static inline int	 jw_obj(struct jw *);
static inline int	 jw_arr(struct jw *);
/* Closes the innermost object or array. */
static inline int	 jw_end(struct jw *);
/* An object key (a C string, escaped like any string). */
int	 jw_key(struct jw *, const char *);
/*
 * A key written as it is, for the hot path (a list row): lit must be a
 * string literal that needs no escaping in any style (letters, digits,
 * '_', '-').
 */
#define jw_keylit(w, lit)	jw_key_quoted((w), "\"" lit "\"", sizeof(lit) + 1)
/*
 * q[0..len) is a key already quoted and escaped; see jw_keylit.  Out of
 * line, one reservation for the comma, the key and the colon.
 */
int	 jw_key_quoted(struct jw *, const char *q, size_t len);
static inline int	 jw_str(struct jw *, const char *s, size_t len);
/* A C string; NULL writes null. */
int	 jw_strz(struct jw *, const char *);
/* A string literal that needs no escaping in any style, as it is. */
#define jw_strlit(w, lit)	jw_raw((w), "\"" lit "\"", sizeof(lit) + 1)
/* s[0..len), or null when s is NULL. */
static inline int	 jw_str_or_null(struct jw *, const char *s, size_t len);
int	 jw_int(struct jw *, long long);
int	 jw_uint(struct jw *, unsigned long long);
int	 jw_bool(struct jw *, int);
int	 jw_null(struct jw *);
/* Bytes the caller vouches are one valid JSON value in this style. */
static inline int	 jw_raw(struct jw *, const char *, size_t);
/* 0 if everything written is complete and well formed, else -1. */
int	 jw_finish(const struct jw *);

/*
 * The writer's core is inline, as buf_add is: a list row is a dozen
 * calls, and out of line they cost more than the row's escaping.
 */

/*
 * Before any value: the comma it needs, and whether a value may stand
 * here at all (inside an object only after a key; at the top only once).
 */
static inline int
jw_value(struct jw *w)
{
	uint32_t	 bit = 1u << w->depth;

	if (w->err || w->b->oom)
		return -1;
	if (w->isobj & bit) {
		if (!w->want_value) {
			w->err = 1;
			return -1;
		}
		w->want_value = 0;
		return 0;
	}
	if (w->nonempty & bit) {
		if (w->depth == 0) {	/* a second top-level value */
			w->err = 1;
			return -1;
		}
		if (w->flags & JSON_SPACED)
			buf_add(w->b, ", ", 2);
		else
			buf_addc(w->b, ',');
	}
	w->nonempty |= bit;
	return 0;
}

static inline int
jw_open(struct jw *w, char c, int obj)
{
	uint32_t	 bit;

	if (jw_value(w) == -1)
		return -1;
	if (w->depth + 1 >= JW_MAXDEPTH) {
		w->err = 1;
		return -1;
	}
	w->depth++;
	bit = 1u << w->depth;
	w->nonempty &= ~bit;
	if (obj)
		w->isobj |= bit;
	else
		w->isobj &= ~bit;
	return buf_addc(w->b, c);
}

static inline int
jw_obj(struct jw *w)
{
	return jw_open(w, '{', 1);
}

static inline int
jw_arr(struct jw *w)
{
	return jw_open(w, '[', 0);
}

static inline int
jw_end(struct jw *w)
{
	uint32_t	 bit = 1u << w->depth;

	if (w->err || w->depth == 0 || w->want_value) {
		w->err = 1;
		return -1;
	}
	w->depth--;
	/* The parent was marked when the object or array opened. */
	return buf_addc(w->b, (w->isobj & bit) ? '}' : ']');
}

static inline int
jw_str(struct jw *w, const char *s, size_t len)
{
	if (jw_value(w) == -1)
		return -1;
	return json_str(w->b, s, len, w->flags);
}

static inline int
jw_raw(struct jw *w, const char *s, size_t len)
{
	if (jw_value(w) == -1)
		return -1;
	return buf_add(w->b, s, len);
}

static inline int
jw_str_or_null(struct jw *w, const char *s, size_t len)
{
	if (s == NULL)
		return jw_raw(w, "null", 4);
	return jw_str(w, s, len);
}

#endif
