/* Unit tests of lib/json.c: exact output bytes of json_str. */
#include <string.h>

#include "buf.h"
#include "json.h"
#include "tap.h"

/* Encodes s[0..len) with flags and compares the whole output with exp. */
static void
enc(const char *s, size_t len, int flags, const char *exp, const char *name)
{
	struct buf	 b;
	int		 rc;

	buf_init(&b);
	rc = json_str(&b, s, len, flags);
	is_int(rc, 0, "json_str returns 0");
	is_str(b.data, b.len, exp, name);
	buf_free(&b);
}

#define ENC(lit, flags, exp, name)	enc((lit), sizeof(lit) - 1, flags, exp, name)

int
main(void)
{
	struct buf	 b;

	ENC("", 0, "\"\"", "empty string");
	ENC("", JSON_PHP, "\"\"", "empty string, PHP");
	ENC("alice", 0, "\"alice\"", "plain ASCII");
	ENC("alice", JSON_PHP, "\"alice\"", "plain ASCII, PHP");

	/* '/' is escaped only for PHP. */
	ENC("a/b", 0, "\"a/b\"", "slash raw without JSON_PHP");
	ENC("a/b", JSON_PHP, "\"a\\/b\"", "slash as \\/ with JSON_PHP");
	ENC("/", JSON_PHP, "\"\\/\"", "lone slash with JSON_PHP");

	/* Non-ASCII: raw UTF-8, or \u escapes for PHP. */
	ENC("\xe5\xbc\xa0\xe4\xb8\x89", 0, "\"\xe5\xbc\xa0\xe4\xb8\x89\"",
	    "张三 raw UTF-8 without JSON_PHP");
	ENC("\xe5\xbc\xa0\xe4\xb8\x89", JSON_PHP, "\"\\u5f20\\u4e09\"",
	    "张三 as \\u5f20\\u4e09 with JSON_PHP");
	ENC("\xc3\xa9", JSON_PHP, "\"\\u00e9\"", "é as \\u00e9 with JSON_PHP");
	ENC("\xf0\x9f\x98\x80", JSON_PHP, "\"\\ud83d\\ude00\"",
	    "U+1F600 as a surrogate pair with JSON_PHP");
	ENC("\xf0\x9f\x98\x80", 0, "\"\xf0\x9f\x98\x80\"",
	    "U+1F600 raw without JSON_PHP");
	ENC("\xf4\x8f\xbf\xbf", JSON_PHP, "\"\\udbff\\udfff\"",
	    "U+10FFFF as \\udbff\\udfff with JSON_PHP");
	ENC("\xef\xbf\xbf", JSON_PHP, "\"\\uffff\"", "U+FFFF with JSON_PHP");

	/* Control characters. */
	ENC("a\nb", 0, "\"a\\nb\"", "newline as \\n");
	ENC("a\tb", 0, "\"a\\tb\"", "tab as \\t");
	ENC("\r\b\f", 0, "\"\\r\\b\\f\"", "CR, BS, FF as short escapes");
	ENC("\x01", 0, "\"\\u0001\"", "0x01 as \\u0001");
	ENC("\x1f", JSON_PHP, "\"\\u001f\"", "0x1f as \\u001f with JSON_PHP");
	enc("a\0b", 3, 0, "\"a\\u0000b\"", "NUL as \\u0000");
	ENC("\x7f", 0, "\"\x7f\"", "DEL passes raw");

	/* Quote and backslash. */
	ENC("say \"hi\"", 0, "\"say \\\"hi\\\"\"", "double quotes escaped");
	ENC("a\\b", 0, "\"a\\\\b\"", "backslash escaped");
	ENC("\\\"", JSON_PHP, "\"\\\\\\\"\"", "backslash and quote, PHP");
	ENC("'", 0, "\"'\"", "single quote raw");

	/* Invalid UTF-8 becomes U+FFFD. */
	ENC("a\xff" "b", JSON_PHP, "\"a\\ufffdb\"",
	    "0xff as \\ufffd with JSON_PHP");
	ENC("a\xff" "b", 0, "\"a\xef\xbf\xbd" "b\"",
	    "0xff as raw EF BF BD without JSON_PHP");
	ENC("\xc0\x80", JSON_PHP, "\"\\ufffd\\ufffd\"",
	    "overlong C0 80: one U+FFFD per byte");
	ENC("\xed\xa0\x80", 0, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"",
	    "surrogate ED A0 80 not passed raw");
	ENC("\xf4\x90\x80\x80", JSON_PHP,
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"", "above U+10FFFF replaced");
	ENC("x\xe5\xbc", JSON_PHP, "\"x\\ufffd\\ufffd\"",
	    "truncated sequence at end replaced");
	ENC("\xe5\xbc" "a", 0, "\"\xef\xbf\xbd\xef\xbf\xbd" "a\"",
	    "sequence cut by ASCII: ASCII kept");
	/* The length is explicit: a sequence cut by len is not read past. */
	enc("\xe5\xbc\xa0", 2, JSON_PHP, "\"\\ufffd\\ufffd\"",
	    "sequence cut by len replaced");

	/* Mixed. */
	ENC("\xe5\xbc\xa0/1\n", JSON_PHP, "\"\\u5f20\\/1\\n\"", "mixed, PHP");
	ENC("\xe5\xbc\xa0/1\n", 0, "\"\xe5\xbc\xa0/1\\n\"", "mixed, plain");

	/* json_str_or_null. */
	buf_init(&b);
	is_int(json_str_or_null(&b, NULL, 0, 0), 0, "json_str_or_null(NULL) returns 0");
	is_str(b.data, b.len, "null", "json_str_or_null(NULL) gives null");
	buf_reset(&b);
	is_int(json_str_or_null(&b, NULL, 5, JSON_PHP), 0,
	    "json_str_or_null(NULL, PHP) returns 0");
	is_str(b.data, b.len, "null", "json_str_or_null(NULL) with JSON_PHP gives null");
	buf_reset(&b);
	json_str_or_null(&b, "", 0, 0);
	is_str(b.data, b.len, "\"\"", "json_str_or_null(\"\") gives \"\"");
	buf_reset(&b);
	json_str_or_null(&b, "a/b", 3, JSON_PHP);
	is_str(b.data, b.len, "\"a\\/b\"", "json_str_or_null(string) encodes it");

	/* Appends rather than overwrites. */
	buf_reset(&b);
	buf_adds(&b, "{\"u\":");
	json_str(&b, "x", 1, 0);
	buf_addc(&b, ',');
	json_str_or_null(&b, NULL, 0, 0);
	buf_addc(&b, '}');
	is_str(b.data, b.len, "{\"u\":\"x\",null}", "json_str appends to the buf");
	ok(b.data[b.len] == '\0', "buf stays NUL-terminated");
	buf_free(&b);

	/* A long string (past the buf's first allocation). */
	{
		char	 in[1000], exp[2 * 1000 + 3], *e = exp;
		size_t	 i;

		*e++ = '"';
		for (i = 0; i < sizeof(in); i++) {
			in[i] = i % 2 ? '/' : 'a';
			if (i % 2) {
				*e++ = '\\';
				*e++ = '/';
			} else
				*e++ = 'a';
		}
		*e++ = '"';
		*e = '\0';
		enc(in, sizeof(in), JSON_PHP, exp, "1000 bytes, 500 escaped slashes");
	}

	return done_testing();
}
