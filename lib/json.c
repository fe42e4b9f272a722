#include <stdint.h>
#include <string.h>

#include "json.h"

static int
json_u16(struct buf *b, unsigned v)
{
	static const char	 hex[] = "0123456789abcdef";
	char			 e[6] = { '\\', 'u', hex[(v >> 12) & 0xf],
				    hex[(v >> 8) & 0xf], hex[(v >> 4) & 0xf],
				    hex[v & 0xf] };

	return buf_add(b, e, sizeof(e));
}

/* Decodes one UTF-8 sequence at s; returns its length, or 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t		 n, k;
	uint32_t	 c, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; c = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; c = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * Which bytes end a run that can be copied as it is: control characters,
 * '"', '\\' and every non-ASCII byte (validated, and escaped in some
 * styles).  Styles with flags also stop at the bytes a flag may escape;
 * the slow path then decides.  A table keeps the scan to a load and a
 * test per byte.
 */
#define SPECIAL_COMMON	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, \
			[0x80 ... 0xff] = 1
static const unsigned char special_plain[256] = { SPECIAL_COMMON };
static const unsigned char special_flags[256] = { SPECIAL_COMMON,
	['/'] = 1, ['<'] = 1, ['>'] = 1, ['&'] = 1, [0x7f] = 1 };

/* 1 if the ASCII byte c is escaped as \u00XX in style flags. */
static int
ascii_escaped(unsigned char c, int flags)
{
	if (c < 0x20)
		return 1;
	if (c == 0x7f)
		return (flags & JSON_DEL) != 0;
	if (c == '<' || c == '>' || c == '&')
		return (flags & JSON_HTML) != 0;
	return 0;
}

int
json_str(struct buf *b, const char *str, size_t len, int flags)
{
	const unsigned char	*s = (const unsigned char *)str;
	const unsigned char	*special = (flags & (JSON_SLASH | JSON_ASCII |
				    JSON_DEL | JSON_HTML)) ? special_flags :
				    special_plain;
	size_t			 i = 0, run, n;
	uint32_t		 cp;

	buf_reserve(b, len + 2);
	buf_addc(b, '"');
	while (i < len) {
		/* Copy the longest run that needs no escaping in one go. */
		for (run = i; run < len && !special[s[run]]; run++)
			;
		if (run > i) {
			buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		switch (s[i]) {
		case '"':  buf_add(b, "\\\"", 2); i++; continue;
		case '\\': buf_add(b, "\\\\", 2); i++; continue;
		case '\b': buf_add(b, "\\b", 2); i++; continue;
		case '\f': buf_add(b, "\\f", 2); i++; continue;
		case '\n': buf_add(b, "\\n", 2); i++; continue;
		case '\r': buf_add(b, "\\r", 2); i++; continue;
		case '\t': buf_add(b, "\\t", 2); i++; continue;
		case '/':
			if (flags & JSON_SLASH)
				buf_add(b, "\\/", 2);
			else
				buf_addc(b, '/');
			i++;
			continue;
		default:
			break;
		}
		if (s[i] < 0x80) {
			if (ascii_escaped(s[i], flags))
				json_u16(b, s[i]);
			else
				buf_addc(b, (char)s[i]);
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			if (flags & (JSON_ASCII | JSON_HTML))
				json_u16(b, 0xfffd);
			else
				buf_add(b, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (!(flags & JSON_ASCII) && !((flags & JSON_HTML) &&
		    (cp == 0x2028 || cp == 0x2029)))
			buf_add(b, s + i, n);
		else if (cp < 0x10000)
			json_u16(b, cp);
		else {
			cp -= 0x10000;
			json_u16(b, 0xd800 | (cp >> 10));
			json_u16(b, 0xdc00 | (cp & 0x3ff));
		}
		i += n;
	}
	return buf_addc(b, '"');
}

int
json_str_or_null(struct buf *b, const char *s, size_t len, int flags)
{
	if (s == NULL)
		return buf_add(b, "null", 4);
	return json_str(b, s, len, flags);
}

void
jw_init(struct jw *w, struct buf *b, int flags)
{
	w->b = b;
	w->flags = flags;
	w->depth = 0;
	w->nonempty = 0;
	w->isobj = 0;
	w->want_value = 0;
	w->err = 0;
}

/*
 * Places a key: -1 (the writer's error) where none may stand, else
 * whether a comma goes before it.  Its value is wanted next.
 */
static int
key_place(struct jw *w)
{
	uint32_t	 bit = 1u << w->depth;
	int		 comma;

	if (w->err || !(w->isobj & bit) || w->want_value) {
		w->err = 1;
		return -1;
	}
	comma = (w->nonempty & bit) != 0;
	w->nonempty |= bit;
	w->want_value = 1;
	return comma;
}

int
jw_key_quoted(struct jw *w, const char *q, size_t len)
{
	struct buf	*b = w->b;
	int		 spaced = (w->flags & JSON_SPACED) != 0, comma;
	char		*p;

	if ((comma = key_place(w)) == -1)
		return -1;
	/* ", " before, ": " after, at most. */
	if ((b->oom || b->cap - b->len <= len + 4) &&
	    buf_reserve(b, len + 4) == -1)
		return -1;
	p = b->data + b->len;
	if (comma) {
		*p++ = ',';
		if (spaced)
			*p++ = ' ';
	}
	memcpy(p, q, len);
	p += len;
	*p++ = ':';
	if (spaced)
		*p++ = ' ';
	*p = '\0';
	b->len = (size_t)(p - b->data);
	return 0;
}

int
jw_key(struct jw *w, const char *k)
{
	size_t	 sep = (w->flags & JSON_SPACED) ? 2 : 1;
	int	 comma;

	if ((comma = key_place(w)) == -1)
		return -1;
	if (comma)
		buf_add(w->b, ", ", sep);
	json_str(w->b, k, strlen(k), w->flags);
	return buf_add(w->b, ": ", sep);
}

int
jw_strz(struct jw *w, const char *s)
{
	if (s == NULL)
		return jw_null(w);
	return jw_str(w, s, strlen(s));
}

int
jw_int(struct jw *w, long long v)
{
	if (jw_value(w) == -1)
		return -1;
	return buf_addi(w->b, v);
}

int
jw_uint(struct jw *w, unsigned long long v)
{
	if (jw_value(w) == -1)
		return -1;
	return buf_addu(w->b, v);
}

int
jw_bool(struct jw *w, int v)
{
	if (jw_value(w) == -1)
		return -1;
	return v ? buf_add(w->b, "true", 4) : buf_add(w->b, "false", 5);
}

int
jw_null(struct jw *w)
{
	if (jw_value(w) == -1)
		return -1;
	return buf_add(w->b, "null", 4);
}

int
jw_finish(const struct jw *w)
{
	if (w->err || w->b->oom || w->depth != 0 || w->want_value ||
	    !(w->nonempty & 1u))
		return -1;
	return 0;
}
