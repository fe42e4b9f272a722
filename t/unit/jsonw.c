/*
 * Unit tests of lib/json.c's escaping styles and the streaming writer.
 * The expected bytes are what each original encoder writes:
 *	PHP	json_encode($s)
 *	PY	json.dumps(s) (ensure_ascii), Django's JsonResponse, Flask's jsonify
 *	GO	json.Marshal(s) (Go 1.22+, HTML escaping on, as gin's c.JSON)
 */
#include <string.h>

#include "buf.h"
#include "json.h"
#include "tap.h"

static void
enc(const char *s, size_t len, int flags, const char *exp, const char *name)
{
	struct buf	 b;

	buf_init(&b);
	json_str(&b, s, len, flags);
	is_str(b.data, b.len, exp, name);
	buf_free(&b);
}

#define ENC(lit, flags, exp, name)	enc((lit), sizeof(lit) - 1, flags, exp, name)

/* One input in all four styles. */
#define ALL(lit, plain, php, py, go, what) do {				\
	ENC(lit, JSON_PLAIN, plain, what ", plain");			\
	ENC(lit, JSON_PHP, php, what ", PHP");				\
	ENC(lit, JSON_PY, py, what ", Python");				\
	ENC(lit, JSON_GO, go, what ", Go");				\
} while (0)

static void
test_styles(void)
{
	ALL("a/b", "\"a/b\"", "\"a\\/b\"", "\"a/b\"", "\"a/b\"", "slash");
	ALL("\xe5\xbc\xa0", "\"\xe5\xbc\xa0\"", "\"\\u5f20\"", "\"\\u5f20\"",
	    "\"\xe5\xbc\xa0\"", "CJK");
	ALL("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"", "\"\\ud83d\\ude00\"",
	    "\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"", "above the BMP");
	ALL("<a href=x>&amp;</a>", "\"<a href=x>&amp;</a>\"",
	    "\"<a href=x>&amp;<\\/a>\"", "\"<a href=x>&amp;</a>\"",
	    "\"\\u003ca href=x\\u003e\\u0026amp;\\u003c/a\\u003e\"",
	    "HTML characters");
	ALL("\x7f", "\"\x7f\"", "\"\x7f\"", "\"\\u007f\"", "\"\x7f\"", "DEL");
	ALL("\xe2\x80\xa8\xe2\x80\xa9", "\"\xe2\x80\xa8\xe2\x80\xa9\"",
	    "\"\\u2028\\u2029\"", "\"\\u2028\\u2029\"", "\"\\u2028\\u2029\"",
	    "line and paragraph separators");
	ALL("\x01\b\f\n\r\t", "\"\\u0001\\b\\f\\n\\r\\t\"",
	    "\"\\u0001\\b\\f\\n\\r\\t\"", "\"\\u0001\\b\\f\\n\\r\\t\"",
	    "\"\\u0001\\b\\f\\n\\r\\t\"", "controls");
	ALL("\"\\", "\"\\\"\\\\\"", "\"\\\"\\\\\"", "\"\\\"\\\\\"",
	    "\"\\\"\\\\\"", "quote and backslash");
	ALL("a\xff", "\"a\xef\xbf\xbd\"", "\"a\\ufffd\"", "\"a\\ufffd\"",
	    "\"a\\ufffd\"", "invalid UTF-8");
	ALL("caf\xc3\xa9 'x'", "\"caf\xc3\xa9 'x'\"", "\"caf\\u00e9 'x'\"",
	    "\"caf\\u00e9 'x'\"", "\"caf\xc3\xa9 'x'\"", "Latin-1 range");
	enc("a\0b", 3, JSON_GO, "\"a\\u0000b\"", "NUL, Go");
}

static void
test_writer(void)
{
	struct buf	 b;
	struct jw	 w;

	buf_init(&b);
	jw_init(&w, &b, JSON_PY);
	jw_obj(&w);
	jw_key(&w, "flag");
	jw_int(&w, -1);
	jw_key(&w, "message");
	jw_strz(&w, "\xe9\x94\x99");
	jw_key(&w, "data");
	jw_arr(&w);
	jw_obj(&w);
	jw_key(&w, "id");
	jw_uint(&w, 18446744073709551615ULL);
	jw_key(&w, "ok");
	jw_bool(&w, 1);
	jw_key(&w, "no");
	jw_bool(&w, 0);
	jw_key(&w, "x");
	jw_null(&w);
	jw_end(&w);
	jw_obj(&w);
	jw_end(&w);
	jw_arr(&w);
	jw_end(&w);
	jw_str_or_null(&w, NULL, 0);
	jw_raw(&w, "{\"0\"}", 5);
	jw_end(&w);
	jw_end(&w);
	is_int(jw_finish(&w), 0, "writer: complete");
	is_str(b.data, b.len, "{\"flag\":-1,\"message\":\"\\u9519\",\"data\":"
	    "[{\"id\":18446744073709551615,\"ok\":true,\"no\":false,\"x\":null},"
	    "{},[],null,{\"0\"}]}", "writer: nested objects and arrays, commas");

	/* Streaming: the buf emptied between values, the state kept. */
	buf_reset(&b);
	jw_init(&w, &b, JSON_PHP);
	jw_arr(&w);
	jw_strz(&w, "a/");
	buf_reset(&b);
	jw_strz(&w, "b");
	jw_end(&w);
	is_str(b.data, b.len, ",\"b\"]", "writer: carries on after a flush");
	is_int(jw_finish(&w), 0, "writer: complete after a flush");

	/* Misuse is caught and sticks. */
	buf_reset(&b);
	jw_init(&w, &b, 0);
	jw_obj(&w);
	ok(jw_int(&w, 1) == -1, "writer: a value where a key is due");
	ok(jw_end(&w) == -1 && jw_finish(&w) == -1, "writer: the error sticks");

	jw_init(&w, &b, 0);
	jw_arr(&w);
	ok(jw_key(&w, "k") == -1, "writer: a key in an array");

	jw_init(&w, &b, 0);
	ok(jw_end(&w) == -1, "writer: an end with nothing open");

	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "k");
	ok(jw_end(&w) == -1, "writer: an end right after a key");

	jw_init(&w, &b, 0);
	jw_obj(&w);
	jw_key(&w, "k");
	ok(jw_key(&w, "l") == -1, "writer: two keys in a row");

	jw_init(&w, &b, 0);
	jw_int(&w, 1);
	ok(jw_int(&w, 2) == -1, "writer: two values at the top");

	jw_init(&w, &b, 0);
	jw_arr(&w);
	ok(jw_finish(&w) == -1, "writer: an open array is not complete");

	jw_init(&w, &b, 0);
	ok(jw_finish(&w) == -1, "writer: nothing written is not complete");

	/* Depth: JW_MAXDEPTH - 1 levels open, then one more refused. */
	{
		int	 i, rc = 0;

		buf_reset(&b);
		jw_init(&w, &b, 0);
		for (i = 0; i < JW_MAXDEPTH - 1; i++)
			rc |= jw_arr(&w);
		is_int(rc, 0, "writer: JW_MAXDEPTH - 1 levels");
		ok(jw_arr(&w) == -1, "writer: one level more is refused");
	}

	/* Python's default separators, as Django's JsonResponse writes them. */
	buf_reset(&b);
	jw_init(&w, &b, JSON_PY | JSON_SPACED);
	jw_obj(&w);
	jw_key(&w, "message");
	jw_strz(&w, "error");
	jw_key(&w, "flag");
	jw_int(&w, -1);
	jw_key(&w, "data");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_int(&w, 2);
	jw_end(&w);
	jw_end(&w);
	is_str(b.data, b.len, "{\"message\": \"error\", \"flag\": -1, "
	    "\"data\": [1, 2]}", "writer: JSON_SPACED separators");
	ENC("a/\xc3\xa9", JSON_SPACED, "\"a/\xc3\xa9\"",
	    "JSON_SPACED alone leaves strings plain");

	/* jw_keylit: the same bytes as jw_key, without the escaping work. */
	buf_reset(&b);
	jw_init(&w, &b, JSON_PHP);
	jw_obj(&w);
	jw_keylit(&w, "username");
	jw_strz(&w, "a");
	jw_keylit(&w, "Authority");
	jw_strlit(&w, "Y");
	jw_end(&w);
	is_str(b.data, b.len, "{\"username\":\"a\",\"Authority\":\"Y\"}",
	    "writer: jw_keylit");
	buf_reset(&b);
	jw_init(&w, &b, JSON_SPACED);
	jw_obj(&w);
	jw_keylit(&w, "a");
	jw_int(&w, 1);
	jw_keylit(&w, "b");
	jw_int(&w, 2);
	jw_end(&w);
	is_str(b.data, b.len, "{\"a\": 1, \"b\": 2}", "writer: jw_keylit, spaced");
	jw_init(&w, &b, 0);
	jw_arr(&w);
	ok(jw_keylit(&w, "k") == -1, "writer: jw_keylit in an array");

	/* Keys are escaped in the writer's style too. */
	buf_reset(&b);
	jw_init(&w, &b, JSON_PHP);
	jw_obj(&w);
	jw_key(&w, "a/b");
	jw_int(&w, 0);
	jw_end(&w);
	is_str(b.data, b.len, "{\"a\\/b\":0}", "writer: keys escaped");
	buf_free(&b);
}

int
main(void)
{
	test_styles();
	test_writer();
	return done_testing();
}
