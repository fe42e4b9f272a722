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

/* A closed range of code points. */
struct cp_range {
	uint32_t	 lo, hi;
};

/*
 * Never in a name (Unicode 15.0): the general categories Cc (C0, DEL and
 * the C1 controls), Cf (format characters: soft hyphen, zero-width
 * spaces and joiners, bidirectional marks and overrides, word joiner and
 * invisible operators, the byte-order mark, interlinear annotation, tag
 * characters, ...), Zl and Zp (U+2028, U+2029).  Each is invisible, or
 * reorders or hides what is shown around it, so a name holding one can
 * pass for another name in every list and log.  Sorted, disjoint.
 */
static const struct cp_range	 name_never[] = {
	{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
	{ 0x0600, 0x0605 }, { 0x061c, 0x061c }, { 0x06dd, 0x06dd },
	{ 0x070f, 0x070f }, { 0x0890, 0x0891 }, { 0x08e2, 0x08e2 },
	{ 0x180e, 0x180e }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
	{ 0x2060, 0x2064 }, { 0x2066, 0x206f }, { 0xfeff, 0xfeff },
	{ 0xfff9, 0xfffb }, { 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
	{ 0xe0001, 0xe0001 }, { 0xe0020, 0xe007f },
};

/*
 * Not at either end of a name: the space separators, Zs (ASCII space,
 * no-break space, Ogham space mark, the en quad to hair space, narrow
 * no-break, medium mathematical and ideographic spaces).  "admin" and
 * "admin" plus a blank look the same.  Sorted, disjoint.
 */
static const struct cp_range	 name_blank[] = {
	{ 0x0020, 0x0020 }, { 0x00a0, 0x00a0 }, { 0x1680, 0x1680 },
	{ 0x2000, 0x200a }, { 0x202f, 0x202f }, { 0x205f, 0x205f },
	{ 0x3000, 0x3000 },
};

/* 1 if cp is in one of the n sorted ranges r (a binary search). */
static int
cp_in(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/*
 * The code point at s[0..len) of valid UTF-8 (len > 0); *n is set to its
 * length in bytes.
 */
static uint32_t
utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	uint32_t	 cp;
	size_t		 k;

	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		*n = 3;
		cp = s[0] & 0x0f;
	} else {
		*n = 4;
		cp = s[0] & 0x07;
	}
	for (k = 1; k < *n && k < len; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	return cp;
}

int
text_name_ok(const char *str, size_t len)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i, n;
	uint32_t		 cp;

	if (len == 0 || !utf8_valid(str, len))
		return 0;
	for (i = 0; i < len; i += n) {
		cp = utf8_next(s + i, len - i, &n);
		if (cp_in(cp, name_never, sizeof(name_never) /
		    sizeof(name_never[0])))
			return 0;
		if ((i == 0 || i + n == len) && cp_in(cp, name_blank,
		    sizeof(name_blank) / sizeof(name_blank[0])))
			return 0;
	}
	return 1;
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
