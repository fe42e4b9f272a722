#include <stdint.h>

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
 * '"', '\\', every non-ASCII byte (validated, and in PHP mode escaped),
 * and in PHP mode '/'.  One table per mode keeps the scan to a load and
 * a test per byte.
 */
#define SPECIAL_COMMON	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1, \
			[0x80 ... 0xff] = 1
static const unsigned char special_plain[256] = { SPECIAL_COMMON };
static const unsigned char special_php[256] = { SPECIAL_COMMON, ['/'] = 1 };

int
json_str(struct buf *b, const char *str, size_t len, int flags)
{
	const unsigned char	*s = (const unsigned char *)str;
	const unsigned char	*special =
				    (flags & JSON_PHP) ? special_php : special_plain;
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
		case '/':  buf_add(b, "\\/", 2); i++; continue;
		case '\b': buf_add(b, "\\b", 2); i++; continue;
		case '\f': buf_add(b, "\\f", 2); i++; continue;
		case '\n': buf_add(b, "\\n", 2); i++; continue;
		case '\r': buf_add(b, "\\r", 2); i++; continue;
		case '\t': buf_add(b, "\\t", 2); i++; continue;
		default:
			break;
		}
		if (s[i] < 0x20) {
			json_u16(b, s[i]);
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			if (flags & JSON_PHP)
				json_u16(b, 0xfffd);
			else
				buf_add(b, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (!(flags & JSON_PHP))
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
