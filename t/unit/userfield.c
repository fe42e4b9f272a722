/*
 * Unit tests of lib/userfield.c: every text field at its limit and one
 * past, the values each field takes, and AList's base path cleaning.
 */
#include <string.h>

#include "userfield.h"
#include "tap.h"

static char	 big[4 * 1100];

/* n copies of the UTF-8 character c (1 to 4 bytes) in big. */
static size_t
fill(const char *c, size_t n)
{
	size_t	 cl = strlen(c), i;

	for (i = 0; i < n; i++)
		memcpy(big + i * cl, c, cl);
	return n * cl;
}

static void
test_limits(void)
{
	int	 f;
	size_t	 n;

	for (f = 0; f < UF_NFIELDS; f++) {
		const struct uf_def *d = &user_fields[f];

		if (d->type != UFT_TEXT || d->check != NULL || f == UF_USERNAME)
			continue;
		n = fill("\xf0\x9f\x98\x80", d->max);
		is_int(uf_check_text(f, big, n), UR_NONE,
		    "text at its limit of 4-byte characters");
		n = fill("\xf0\x9f\x98\x80", d->max + 1);
		is_int(uf_check_text(f, big, n), UR_TOO_LONG,
		    "one character past the limit");
		n = fill("a", d->max + 1);
		is_int(uf_check_text(f, big, n), UR_TOO_LONG,
		    "one ASCII character past the limit");
		is_int(uf_check_text(f, "", 0), UR_NONE, "empty text is text");
		is_int(uf_check_text(f, "a\x01", 2), UR_BAD_TEXT, "a control character");
		is_int(uf_check_text(f, "a\xff", 2), UR_BAD_TEXT, "invalid UTF-8");
		is_int(uf_check_text(f, "a\0b", 3), UR_BAD_TEXT, "a NUL");
	}
}

static void
test_values(void)
{
	long long	 v;

	is_int(uf_check_text(UF_GENDER, "0", 1), UR_NONE, "gender 0");
	is_int(uf_check_text(UF_GENDER, "1", 1), UR_NONE, "gender 1");
	is_int(uf_check_text(UF_GENDER, "2", 1), UR_BAD_VALUE, "gender 2");
	is_int(uf_check_text(UF_GENDER, "", 0), UR_BAD_VALUE, "gender empty");
	is_int(uf_check_text(UF_GENDER, "10", 2), UR_TOO_LONG, "gender 10");
	is_int(uf_check_text(UF_ACTIVE, "1", 1), UR_NONE, "active 1");
	is_int(uf_check_text(UF_ACTIVE, "y", 1), UR_BAD_VALUE, "active y");

	is_int(uf_check_text(UF_EMAIL, "a@b.c", 5), UR_NONE, "an email");
	is_int(uf_check_text(UF_EMAIL, "ab.c", 4), UR_BAD_VALUE, "no @");
	is_int(uf_check_text(UF_EMAIL, "@b.c", 4), UR_BAD_VALUE, "nothing before @");
	is_int(uf_check_text(UF_EMAIL, "a@", 2), UR_BAD_VALUE, "nothing after @");
	is_int(uf_check_text(UF_EMAIL, "a@b@c", 5), UR_BAD_VALUE, "two @");
	is_int(uf_check_text(UF_EMAIL, "a b@c", 5), UR_BAD_VALUE, "a blank");

	is_int(uf_check_text(UF_PHONE, "+86 (010) 1234-5678", 19), UR_NONE,
	    "a phone number");
	is_int(uf_check_text(UF_PHONE, "-- ()", 5), UR_BAD_VALUE, "no digit");
	is_int(uf_check_text(UF_PHONE, "12a4", 4), UR_BAD_VALUE, "a letter");
	is_int(uf_check_text(UF_ZIP_CODE, "SW1A 1AA", 8), UR_NONE, "a UK postcode");
	is_int(uf_check_text(UF_ZIP_CODE, "100-0001", 8), UR_NONE, "a JP postcode");
	is_int(uf_check_text(UF_ZIP_CODE, "1000/1", 6), UR_BAD_VALUE, "a slash");

	is_int(uf_check_text(UF_IPCONFIG, "47.107.174.18", 13), UR_NONE, "IPv4");
	is_int(uf_check_text(UF_IPCONFIG, "2001:db8::1", 11), UR_NONE, "IPv6");
	is_int(uf_check_text(UF_IPCONFIG, "256.1.1.1", 9), UR_BAD_VALUE,
	    "an IPv4 octet over 255");
	is_int(uf_check_text(UF_IPCONFIG, "1.2.3", 5), UR_BAD_VALUE, "three octets");
	is_int(uf_check_text(UF_IPCONFIG, "example.com", 11), UR_BAD_VALUE,
	    "a host name");
	is_int(uf_check_text(UF_IPCONFIG, "", 0), UR_BAD_VALUE, "empty");

	is_int(uf_parse_int(UF_AGE, "1", 1, &v), UR_NONE, "age 1");
	is_int(uf_parse_int(UF_AGE, "150", 3, &v), UR_NONE, "age 150");
	is_int(v, 150, "age parsed");
	is_int(uf_parse_int(UF_AGE, "0", 1, &v), UR_OUT_OF_RANGE, "age 0");
	is_int(uf_parse_int(UF_AGE, "151", 3, &v), UR_OUT_OF_RANGE, "age 151");
	is_int(uf_parse_int(UF_AGE, "-1", 2, &v), UR_OUT_OF_RANGE, "age -1");
	is_int(uf_parse_int(UF_AGE, "1.5", 3, &v), UR_NOT_NUMBER, "age 1.5");
	is_int(uf_parse_int(UF_AGE, "", 0, &v), UR_NOT_NUMBER, "age empty");
	is_int(uf_parse_int(UF_AGE, "99999999999999999999", 20, &v),
	    UR_NOT_NUMBER, "age past 64 bits");
	is_int(uf_parse_int(UF_PERMISSION, "2147483647", 10, &v), UR_NONE,
	    "permission at INT32_MAX");
	is_int(uf_parse_int(UF_PERMISSION, "2147483648", 10, &v), UR_OUT_OF_RANGE,
	    "permission past INT32_MAX");
	is_int(uf_check_int(UF_LOCKED, 2), UR_OUT_OF_RANGE, "locked 2");
	is_int(uf_check_int(UF_NICKNAME, 1), UR_BAD_VALUE, "an integer for a text");
	is_int(uf_check_text(UF_AGE, "1", 1), UR_BAD_VALUE, "a text for an integer");

	is_int(uf_find("nickname", 8), UF_NICKNAME, "uf_find: a whole name");
	is_int(uf_find("nick", 4), -1, "uf_find: never a prefix");
	is_int(uf_find("nicknamex", 9), -1, "uf_find: never longer");
	is_int(uf_find("role", 4), UF_ROLE, "uf_find: role");
}

static void
path(const char *in, const char *want)
{
	char	 b[256];
	size_t	 n = strlen(in);

	memcpy(b, in, n + 1);
	if (uf_base_path_clean(b, &n) != UR_NONE) {
		ok(0, "base path %s: refused", in);
		return;
	}
	is_str(b, n, want, want);
}

static void
test_paths(void)
{
	char	 b[8] = "a/b";
	size_t	 n = 3;

	path("/", "/");
	path("//", "/");
	path("/a/", "/a");
	path("/a//b", "/a/b");
	path("/a/./b/.", "/a/b");
	path("/a/b/..", "/a");
	path("/a/../../b", "/b");
	path("/..", "/");
	path("/a/b/../../..", "/");
	path("/a..b/c", "/a..b/c");
	path("/\xe4\xb8\xad\xe6\x96\x87/x", "/\xe4\xb8\xad\xe6\x96\x87/x");
	is_int(uf_base_path_clean(b, &n), UR_BAD_VALUE, "a relative path is refused");
	is_int(uf_check_text(UF_BASE_PATH, "a", 1), UR_BAD_VALUE,
	    "base_path must be absolute");
}

int
main(void)
{
	test_limits();
	test_values();
	test_paths();
	is_int(strcmp(ug_reason_text(UR_TOO_LONG), "is too long"), 0,
	    "reasons have English texts");
	return done_testing();
}
