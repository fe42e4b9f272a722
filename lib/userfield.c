#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "userfield.h"

static enum ug_reason
check_01(const char *s, size_t len)
{
	return len == 1 && (s[0] == '0' || s[0] == '1') ? UR_NONE :
	    UR_BAD_VALUE;
}

/* One '@' with something on each side, and no blank anywhere. */
static enum ug_reason
check_email(const char *s, size_t len)
{
	const char	*at = memchr(s, '@', len);
	size_t		 i;

	if (at == NULL || at == s || at == s + len - 1 ||
	    memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return UR_BAD_VALUE;
	for (i = 0; i < len; i++)
		if (s[i] == ' ')
			return UR_BAD_VALUE;
	return UR_NONE;
}

/* Digits with the usual separators: "+86 (010) 1234-5678". */
static enum ug_reason
check_phone(const char *s, size_t len)
{
	size_t	 i, digits = 0;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (strchr("+-() .", s[i]) == NULL || s[i] == '\0')
			return UR_BAD_VALUE;
	}
	return digits > 0 ? UR_NONE : UR_BAD_VALUE;
}

static enum ug_reason
check_zip(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    s[i] == ' ' || s[i] == '-'))
			return UR_BAD_VALUE;
	return UR_NONE;
}

enum ug_reason
uf_ip_address(const char *s, size_t len)
{
	char		 buf[INET6_ADDRSTRLEN + 1];
	unsigned char	 addr[sizeof(struct in6_addr)];

	if (len == 0 || len >= sizeof(buf))
		return UR_BAD_VALUE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1 ||
	    inet_pton(AF_INET6, buf, addr) == 1)
		return UR_NONE;
	return UR_BAD_VALUE;
}

static enum ug_reason
check_base_path(const char *s, size_t len)
{
	return len > 0 && s[0] == '/' ? UR_NONE : UR_BAD_VALUE;
}

#define TEXT(n, cl, nul, mx, chk) \
	{ #n, #n, UFT_TEXT, cl, nul, mx, (mx) * 4, 0, 0, chk }
#define INT(n, col, cl, lo, hi) \
	{ #n, col, UFT_INT, cl, 0, 0, 0, lo, hi, NULL }
#define BOOL(n, cl)	{ #n, #n, UFT_BOOL, cl, 0, 0, 0, 0, 1, NULL }
#define TIME(n)		{ #n, #n, UFT_TIME, UFC_READ, 0, 0, 0, 0, 0, NULL }

/* Limits are the columns' (db/001_schema.sql). */
const struct uf_def user_fields[UF_NFIELDS] = {
	[UF_USERNAME] =		TEXT(username, UFC_ADMIN, 0, 255, NULL),
	[UF_ROLE] =		INT(role, "role_id", UFC_ROLE, 0, INT32_MAX),
	[UF_DISABLED] =		BOOL(disabled, UFC_LOCK),
	[UF_LOCKED] =		BOOL(locked, UFC_LOCK),
	[UF_OPENID] =		TEXT(openid, UFC_ADMIN, 1, 128, NULL),
	[UF_WECHAT_NAME] =	TEXT(wechat_name, UFC_SELF, 1, 64, NULL),
	[UF_IPCONFIG] =		TEXT(ipconfig, UFC_ADMIN, 1, 64, uf_ip_address),
	[UF_COUNT] =		INT(count, "count", UFC_READ, 0, UINT32_MAX),
	[UF_NICKNAME] =		TEXT(nickname, UFC_SELF, 1, 64, NULL),
	[UF_GENDER] =		TEXT(gender, UFC_SELF, 1, 1, check_01),
	[UF_EMAIL] =		TEXT(email, UFC_SELF, 1, 255, check_email),
	[UF_PHONE] =		TEXT(phone, UFC_SELF, 1, 32, check_phone),
	[UF_ZIP_CODE] =		TEXT(zip_code, UFC_SELF, 1, 16, check_zip),
	[UF_LOCATION] =		TEXT(location, UFC_SELF, 1, 255, NULL),
	/* "A positive integer" (adminsys); no one is older. */
	[UF_AGE] =		INT(age, "age", UFC_SELF, 1, 150),
	[UF_COUNTRY] =		TEXT(country, UFC_SELF, 1, 64, NULL),
	[UF_DETAIL_ADDRESS] =	TEXT(detail_address, UFC_SELF, 1, 255, NULL),
	[UF_IDENTITY] =		TEXT(identity, UFC_SELF, 1, 64, NULL),
	[UF_CODE] =		TEXT(code, UFC_SELF, 1, 64, NULL),
	[UF_ACTIVE] =		TEXT(active, UFC_ADMIN, 0, 1, check_01),
	[UF_DESCRIPTION] =	TEXT(description, UFC_SELF, 1, 1024, NULL),
	[UF_AVATAR] =		TEXT(avatar, UFC_SELF, 1, 1024, NULL),
	[UF_BASE_PATH] =	TEXT(base_path, UFC_ADMIN, 0, 1024, check_base_path),
	[UF_PERMISSION] =	INT(permission, "permission", UFC_ADMIN, 0, INT32_MAX),
	[UF_SSO_ID] =		TEXT(sso_id, UFC_ADMIN, 0, 255, NULL),
	[UF_CREATED] =		TIME(created),
	[UF_UPDATED] =		TIME(updated),
};

int
uf_find(const char *name, size_t len)
{
	int	 i;

	for (i = 0; i < UF_NFIELDS; i++)
		if (str_is(name, len, user_fields[i].name))
			return i;
	return -1;
}

enum ug_reason
uf_check_text(enum user_field f, const char *s, size_t len)
{
	const struct uf_def	*d = &user_fields[f];

	if (d->type != UFT_TEXT)
		return UR_BAD_VALUE;
	if (len > d->cap || !utf8_valid(s, len))
		return len > d->cap ? UR_TOO_LONG : UR_BAD_TEXT;
	if (utf8_chars(s, len) > d->max)
		return UR_TOO_LONG;
	if (text_unsafe(s, len))
		return UR_BAD_TEXT;
	return d->check != NULL ? d->check(s, len) : UR_NONE;
}

enum ug_reason
uf_check_int(enum user_field f, long long v)
{
	const struct uf_def	*d = &user_fields[f];

	if (d->type != UFT_INT && d->type != UFT_BOOL)
		return UR_BAD_VALUE;
	return v < d->min_i || v > d->max_i ? UR_OUT_OF_RANGE : UR_NONE;
}

enum ug_reason
uf_parse_int(enum user_field f, const char *s, size_t len, long long *out)
{
	int64_t	 v;

	/* Wide enough to tell "too big" from "not a number". */
	if (parse_i64(s, len, INT64_MIN, INT64_MAX, &v) == -1)
		return UR_NOT_NUMBER;
	*out = (long long)v;
	return uf_check_int(f, *out);
}

/*
 * As AList cleans a base path (Go's path.Clean on a path made absolute):
 * repeated slashes fold, "." goes, ".." removes the element before it
 * and never climbs above "/", and no slash ends it but the root.
 */
enum ug_reason
uf_base_path_clean(char *p, size_t *len)
{
	size_t	 r = 0, w = 0, n = *len, start;

	if (n == 0 || p[0] != '/')
		return UR_BAD_VALUE;
	while (r < n) {
		while (r < n && p[r] == '/')
			r++;
		start = r;
		while (r < n && p[r] != '/')
			r++;
		if (r == start || (r - start == 1 && p[start] == '.'))
			continue;
		if (r - start == 2 && p[start] == '.' && p[start + 1] == '.') {
			while (w > 0 && p[w - 1] != '/')
				w--;
			if (w > 0)
				w--;	/* the slash before it */
			continue;
		}
		p[w++] = '/';
		memmove(p + w, p + start, r - start);
		w += r - start;
	}
	if (w == 0)
		p[w++] = '/';
	p[w] = '\0';
	*len = w;
	return UR_NONE;
}

const char *
ug_reason_text(enum ug_reason r)
{
	switch (r) {
	case UR_NONE:		return "ok";
	case UR_REQUIRED:	return "is required";
	case UR_EMPTY:		return "must not be empty";
	case UR_TOO_LONG:	return "is too long";
	case UR_BAD_TEXT:	return "is not valid text";
	case UR_BAD_VALUE:	return "has a value it cannot take";
	case UR_NOT_NUMBER:	return "is not a number";
	case UR_OUT_OF_RANGE:	return "is out of range";
	case UR_TAKEN:		return "is already taken";
	case UR_UNKNOWN_ROLE:	return "is not a known role";
	case UR_WRONG_PASSWORD:	return "is not the current password";
	case UR_SELF:		return "cannot be done to yourself";
	case UR_LEVEL:		return "is beyond your role";
	case UR_LAST_SUPER:	return "would leave no super admin";
	case UR_NOT_FOUND:	return "does not exist";
	case UR_READ_ONLY:	return "cannot be changed";
	case UR_TOO_MANY:	return "has been tried too often; try later";
	}
	return "is not valid";
}
