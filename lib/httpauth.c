#include <string.h>
#include <strings.h>

#include "httpauth.h"

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

	if (alen == 0)
		return NULL;
	if (alen >= 7 && strncasecmp(a, "Bearer ", 7) == 0)
		a += 7;
	while (a < end && *a == ' ')
		a++;
	*tlen = (size_t)(end - a);
	return a;
}
