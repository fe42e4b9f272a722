#include <string.h>

#include "text.h"

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	uint32_t		 cp, min;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

int
text_unsafe(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return !utf8_valid(s, len);
}

int
parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t	 v = 0;
	size_t		 i;

	if (len == 0 || len > 20)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		d = (unsigned)(s[i] - '0');
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	uint64_t	 v;
	int64_t	 r;

	if (min > max)
		return -1;
	if (len > 0 && s[0] == '-') {
		if (parse_u64(s + 1, len - 1, (uint64_t)INT64_MAX + 1, &v) == -1)
			return -1;
		r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	} else {
		if (parse_u64(s, len, (uint64_t)INT64_MAX, &v) == -1)
			return -1;
		r = (int64_t)v;
	}
	if (r < min || r > max)
		return -1;
	*out = r;
	return 0;
}

void
hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

int
is_lower_hex(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
ct_memcmp(const void *a, const void *b, size_t len)
{
	const volatile unsigned char	*x = a, *y = b;
	unsigned char			 d = 0;
	size_t				 i;

	for (i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d != 0;
}

const char *
mem_find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char	*p = hay, *last;

	if (nlen == 0)
		return hay;
	if (hlen < nlen)
		return NULL;
	last = hay + (hlen - nlen);
	while (p <= last) {
		if ((p = memchr(p, needle[0], (size_t)(last - p) + 1)) == NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
		p++;
	}
	return NULL;
}

int
str_is(const char *s, size_t len, const char *lit)
{
	size_t	 n = strlen(lit);

	return n == len && memcmp(s, lit, n) == 0;
}
