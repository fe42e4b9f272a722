#include <string.h>
#include <strings.h>

#include "httpauth.h"
#include "token.h"

const char *
http_cookie(const char *h, size_t hlen, const char *name, size_t *vlen)
{
	const char	*end = h + hlen, *semi;
	size_t		 nl = strlen(name), pl, len;

	while (h < end) {
		while (h < end && (*h == ' ' || *h == '\t' || *h == ';'))
			h++;
		if ((semi = memchr(h, ';', (size_t)(end - h))) == NULL)
			semi = end;
		pl = (size_t)(semi - h);
		if (pl > nl && memcmp(h, name, nl) == 0 && h[nl] == '=') {
			/* The value is h[nl + 1 .. nl + len]. */
			len = pl - nl - 1;
			while (len > 0 && (h[nl + len] == ' ' ||
			    h[nl + len] == '\t'))
				len--;
			*vlen = len;
			return h + nl + 1;
		}
		h = semi;
	}
	return NULL;
}

const char *
http_auth_token(const char *a, size_t alen, size_t *tlen)
{
	const char	*end = a + alen;

	while (a < end && *a == ' ')
		a++;
	while (end > a && end[-1] == ' ')
		end--;
	if ((size_t)(end - a) > 7 && strncasecmp(a, "Bearer ", 7) == 0) {
		a += 7;
		while (a < end && *a == ' ')
			a++;
		*tlen = (size_t)(end - a);
		return a;
	}
	/* Bare: only a token, never another scheme's credentials. */
	if (!token_well_formed(a, (size_t)(end - a)))
		return NULL;
	*tlen = (size_t)(end - a);
	return a;
}

/* 1 if c may appear in a cookie value (RFC 6265 cookie-octet). */
static int
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

int
http_set_cookie(struct buf *out, const char *name, const char *val,
    size_t vlen, const struct cookie_attr *at)
{
	const char	*path = at->path != NULL ? at->path : "/";
	size_t		 i;

	for (i = 0; i < vlen; i++)
		if (!cookie_octet((unsigned char)val[i]))
			return -1;
	for (i = 0; path[i] != '\0'; i++)
		if ((unsigned char)path[i] < 0x20 || path[i] == ';' ||
		    (unsigned char)path[i] >= 0x7f)
			return -1;
	if (name[0] == '\0' || strcspn(name, "=;, \t\r\n\"") != strlen(name) ||
	    at->max_age < 0)
		return -1;
	buf_adds(out, name);
	buf_addc(out, '=');
	buf_add(out, val, vlen);
	buf_addlit(out, "; Path=");
	buf_adds(out, path);
	buf_addlit(out, "; Max-Age=");
	buf_addi(out, at->max_age);
	buf_addlit(out, "; HttpOnly; SameSite=Strict");
	if (at->secure)
		buf_addlit(out, "; Secure");
	return out->oom ? -1 : 0;
}
