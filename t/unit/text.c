/* Unit tests of lib/text.c. */
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "tap.h"

#define S(lit)	(lit), sizeof(lit) - 1

static void
test_utf8_valid(void)
{
	ok(utf8_valid(S("")), "utf8_valid: empty");
	ok(utf8_valid(S("hello, world")), "utf8_valid: ASCII");
	ok(utf8_valid(S("\x7f")), "utf8_valid: DEL is valid UTF-8");
	ok(utf8_valid(S("\xc2\x80")), "utf8_valid: 2-byte U+0080");
	ok(utf8_valid(S("\xc3\xa9t\xc3\xa9")), "utf8_valid: 2-byte é in text");
	ok(utf8_valid(S("\xdf\xbf")), "utf8_valid: 2-byte U+07FF");
	ok(utf8_valid(S("\xe0\xa0\x80")), "utf8_valid: 3-byte U+0800");
	ok(utf8_valid(S("\xe5\xbc\xa0\xe4\xb8\x89")), "utf8_valid: 3-byte 张三");
	ok(utf8_valid(S("\xed\x9f\xbf")), "utf8_valid: U+D7FF (below surrogates)");
	ok(utf8_valid(S("\xee\x80\x80")), "utf8_valid: U+E000 (above surrogates)");
	ok(utf8_valid(S("\xef\xbf\xbf")), "utf8_valid: U+FFFF");
	ok(utf8_valid(S("\xf0\x90\x80\x80")), "utf8_valid: 4-byte U+10000");
	ok(utf8_valid(S("\xf0\x9f\x98\x80")), "utf8_valid: 4-byte U+1F600");
	ok(utf8_valid(S("\xf4\x8f\xbf\xbf")), "utf8_valid: U+10FFFF");
	ok(utf8_valid(S("a\0b")), "utf8_valid: NUL is valid UTF-8");

	ok(!utf8_valid(S("\xc0\x80")), "utf8_valid: overlong C0 80 invalid");
	ok(!utf8_valid(S("\xc1\xbf")), "utf8_valid: overlong C1 BF invalid");
	ok(!utf8_valid(S("\xe0\x80\xaf")), "utf8_valid: overlong 3-byte invalid");
	ok(!utf8_valid(S("\xf0\x80\x80\xaf")), "utf8_valid: overlong 4-byte invalid");
	ok(!utf8_valid(S("\xed\xa0\x80")), "utf8_valid: surrogate ED A0 80 invalid");
	ok(!utf8_valid(S("\xed\xbf\xbf")), "utf8_valid: surrogate ED BF BF invalid");
	ok(!utf8_valid(S("\xf4\x90\x80\x80")), "utf8_valid: > U+10FFFF F4 90 80 80 invalid");
	ok(!utf8_valid(S("\xf5\x80\x80\x80")), "utf8_valid: F5 lead invalid");
	ok(!utf8_valid(S("\xff")), "utf8_valid: FF invalid");
	ok(!utf8_valid(S("\x80")), "utf8_valid: lone continuation invalid");
	ok(!utf8_valid(S("\xc3")), "utf8_valid: truncated 2-byte invalid");
	ok(!utf8_valid(S("ab\xe5\xbc")), "utf8_valid: truncated 3-byte at end invalid");
	ok(!utf8_valid(S("\xf0\x9f\x98")), "utf8_valid: truncated 4-byte invalid");
	ok(!utf8_valid(S("\xe5\xbc" "a")), "utf8_valid: 3-byte cut by ASCII invalid");
	/* The length is explicit: a valid sequence cut by len is invalid. */
	ok(!utf8_valid("\xe5\xbc\xa0", 2), "utf8_valid: sequence cut by len invalid");
	ok(utf8_valid("\xe5\xbc\xa0\xff", 3), "utf8_valid: byte past len not read");
}

static void
test_utf8_chars(void)
{
	is_int((long long)utf8_chars(S("")), 0, "utf8_chars: empty");
	is_int((long long)utf8_chars(S("abc")), 3, "utf8_chars: ASCII");
	is_int((long long)utf8_chars(S("\xe5\xbc\xa0\xe4\xb8\x89")), 2,
	    "utf8_chars: 张三 is 2");
	is_int((long long)utf8_chars(S("a\xc3\xa9\xf0\x9f\x98\x80z")), 4,
	    "utf8_chars: mixed 1/2/4-byte");
}

static void
test_text_unsafe(void)
{
	ok(!text_unsafe(S("")), "text_unsafe: empty is safe");
	ok(!text_unsafe(S("alice bob ~!")), "text_unsafe: printable ASCII safe");
	ok(!text_unsafe(S("\xe5\xbc\xa0\xe4\xb8\x89")), "text_unsafe: UTF-8 safe");
	ok(text_unsafe(S("a\nb")), "text_unsafe: LF");
	ok(text_unsafe(S("a\tb")), "text_unsafe: TAB");
	ok(text_unsafe(S("\x01")), "text_unsafe: 0x01");
	ok(text_unsafe(S("\x1f")), "text_unsafe: 0x1f");
	ok(!text_unsafe(S(" ")), "text_unsafe: 0x20 safe");
	ok(text_unsafe(S("a\0b")), "text_unsafe: NUL");
	ok(text_unsafe(S("a\x7f")), "text_unsafe: DEL");
	ok(text_unsafe(S("a\xff")), "text_unsafe: invalid UTF-8");
	ok(text_unsafe(S("\xc0\x80")), "text_unsafe: overlong NUL");
}

static void
test_parse_u64(void)
{
	uint64_t	 v;


	is_int(parse_u64(S(""), 100, &v), -1, "parse_u64: empty rejected");
	is_int(parse_u64(S("+1"), 100, &v), -1, "parse_u64: +1 rejected");
	is_int(parse_u64(S("-1"), 100, &v), -1, "parse_u64: -1 rejected");
	is_int(parse_u64(S(" 1"), 100, &v), -1, "parse_u64: leading space rejected");
	is_int(parse_u64(S("1 "), 100, &v), -1, "parse_u64: trailing space rejected");
	is_int(parse_u64(S("1a"), 100, &v), -1, "parse_u64: 1a rejected");
	is_int(parse_u64(S("0x10"), 100, &v), -1, "parse_u64: hex rejected");
	is_int(parse_u64("1\0" "2", 3, 100, &v), -1, "parse_u64: embedded NUL rejected");

	ok(parse_u64(S("0"), 100, &v) == 0 && v == 0, "parse_u64: 0");
	ok(parse_u64(S("42"), 100, &v) == 0 && v == 42, "parse_u64: 42");
	ok(parse_u64(S("007"), 100, &v) == 0 && v == 7, "parse_u64: leading zeros");
	ok(parse_u64("123", 2, 100, &v) == 0 && v == 12,
	    "parse_u64: reads only len bytes");
	ok(parse_u64(S("100"), 100, &v) == 0 && v == 100,
	    "parse_u64: exactly max accepted");
	is_int(parse_u64(S("101"), 100, &v), -1, "parse_u64: max+1 rejected");
	ok(parse_u64(S("65535"), 65535, &v) == 0 && v == 65535,
	    "parse_u64: max 65535 exactly");
	is_int(parse_u64(S("65536"), 65535, &v), -1, "parse_u64: 65536 > 65535");
	ok(parse_u64(S("18446744073709551615"), UINT64_MAX, &v) == 0 &&
	    v == UINT64_MAX, "parse_u64: UINT64_MAX exactly");
	is_int(parse_u64(S("18446744073709551616"), UINT64_MAX, &v), -1,
	    "parse_u64: UINT64_MAX+1 overflows");
	is_int(parse_u64(S("99999999999999999999"), UINT64_MAX, &v), -1,
	    "parse_u64: 20 nines overflow");
	is_int(parse_u64(S("184467440737095516150"), UINT64_MAX, &v), -1,
	    "parse_u64: 21 digits rejected");
	ok(parse_u64(S("0"), 0, &v) == 0 && v == 0, "parse_u64: 0 with max 0");

	/* A single digit bigger than a small max. */
	v = 0;
	is_int(parse_u64(S("7"), 5, &v), -1, "parse_u64: 7 with max 5 rejected");
	is_int(parse_u64(S("1"), 0, &v), -1, "parse_u64: 1 with max 0 rejected");
	is_int(parse_u64(S("09"), 8, &v), -1, "parse_u64: 09 with max 8 rejected");
	ok(parse_u64(S("5"), 5, &v) == 0 && v == 5, "parse_u64: 5 with max 5");
	is_int(parse_u64(S("15"), 9, &v), -1, "parse_u64: 15 with max 9 rejected");
}

static void
test_parse_i64(void)
{
	int64_t	 v;

	ok(parse_i64(S("0"), -10, 10, &v) == 0 && v == 0, "parse_i64: 0");
	ok(parse_i64(S("-0"), -10, 10, &v) == 0 && v == 0, "parse_i64: -0");
	ok(parse_i64(S("-5"), -10, 10, &v) == 0 && v == -5, "parse_i64: -5");
	ok(parse_i64(S("-10"), -10, 10, &v) == 0 && v == -10,
	    "parse_i64: exactly min");
	is_int(parse_i64(S("-11"), -10, 10, &v), -1, "parse_i64: min-1 rejected");
	ok(parse_i64(S("10"), -10, 10, &v) == 0 && v == 10,
	    "parse_i64: exactly max");
	is_int(parse_i64(S("11"), -10, 10, &v), -1, "parse_i64: max+1 rejected");
	is_int(parse_i64(S("-1"), 0, 10, &v), -1,
	    "parse_i64: negative below min 0 rejected");
	is_int(parse_i64(S("3"), 5, 10, &v), -1,
	    "parse_i64: positive below min rejected");
	is_int(parse_i64(S("-"), -10, 10, &v), -1, "parse_i64: lone - rejected");
	is_int(parse_i64(S(""), -10, 10, &v), -1, "parse_i64: empty rejected");
	is_int(parse_i64(S("--1"), -10, 10, &v), -1, "parse_i64: --1 rejected");
	is_int(parse_i64(S("+1"), -10, 10, &v), -1, "parse_i64: +1 rejected");
	is_int(parse_i64(S("- 1"), -10, 10, &v), -1, "parse_i64: '- 1' rejected");
	is_int(parse_i64(S("-1a"), -10, 10, &v), -1, "parse_i64: -1a rejected");
	ok(parse_i64(S("-9223372036854775808"), INT64_MIN, INT64_MAX, &v) == 0 &&
	    v == INT64_MIN, "parse_i64: INT64_MIN exactly");
	is_int(parse_i64(S("-9223372036854775809"), INT64_MIN, INT64_MAX, &v),
	    -1, "parse_i64: INT64_MIN-1 rejected");
	is_int(parse_i64(S("-9223372036854775808"), INT64_MIN + 1, INT64_MAX,
	    &v), -1, "parse_i64: INT64_MIN below min INT64_MIN+1");
	ok(parse_i64(S("9223372036854775807"), INT64_MIN, INT64_MAX, &v) == 0 &&
	    v == INT64_MAX, "parse_i64: INT64_MAX exactly");
	is_int(parse_i64(S("9223372036854775808"), INT64_MIN, INT64_MAX, &v),
	    -1, "parse_i64: INT64_MAX+1 rejected");

	/* An all-negative range: a value above max must be refused. */
	ok(parse_i64(S("-7"), -10, -5, &v) == 0 && v == -7,
	    "parse_i64: -7 in [-10,-5]");
	is_int(parse_i64(S("5"), -10, -5, &v), -1,
	    "parse_i64: 5 above negative max rejected");
	is_int(parse_i64(S("-3"), -10, -5, &v), -1,
	    "parse_i64: -3 above max -5 rejected");
	is_int(parse_i64(S("-0"), -10, -1, &v), -1,
	    "parse_i64: -0 above max -1 rejected");
}

static void
test_hex(void)
{
	const unsigned char	 in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char			 out[2 * sizeof(in) + 1];

	memset(out, 'X', sizeof(out));
	hex_encode(in, sizeof(in), out);
	is_str(out, strlen(out), "00017f80abff", "hex_encode: lowercase, NUL-terminated");
	memset(out, 'X', sizeof(out));
	hex_encode(in, 0, out);
	is_int(out[0], '\0', "hex_encode: empty input gives empty string");

	ok(is_lower_hex(S("0123456789abcdef")), "is_lower_hex: all digits");
	ok(!is_lower_hex(S("0123456789ABCDEF")), "is_lower_hex: uppercase rejected");
	ok(!is_lower_hex(S("abcA")), "is_lower_hex: one uppercase rejected");
	ok(!is_lower_hex(S("abg")), "is_lower_hex: g rejected");
	ok(!is_lower_hex(S("ab ")), "is_lower_hex: space rejected");
	ok(!is_lower_hex("ab\0c", 4), "is_lower_hex: NUL rejected");
	ok(is_lower_hex("abZZ", 2), "is_lower_hex: reads only len bytes");
}

static void
test_ct_memcmp(void)
{
	is_int(ct_memcmp("abcdef", "abcdef", 6), 0, "ct_memcmp: equal");
	ok(ct_memcmp("abcdef", "abcdeg", 6) != 0, "ct_memcmp: last byte differs");
	ok(ct_memcmp("xbcdef", "abcdef", 6) != 0, "ct_memcmp: first byte differs");
	ok(ct_memcmp("\x80", "\x00", 1) != 0, "ct_memcmp: high bit differs");
	is_int(ct_memcmp("abcX", "abcY", 3), 0, "ct_memcmp: only len bytes");
	is_int(ct_memcmp("a", "b", 0), 0, "ct_memcmp: len 0 is equal");
}

static void
test_str_is(void)
{
	ok(str_is(S("yes"), "yes"), "str_is: equal");
	ok(!str_is(S("yes"), "ye"), "str_is: literal is a prefix");
	ok(!str_is(S("ye"), "yes"), "str_is: s is a prefix");
	ok(!str_is(S("yes"), "YES"), "str_is: case-sensitive");
	ok(str_is("yesno", 3, "yes"), "str_is: counted, not NUL-terminated");
	ok(str_is("", 0, ""), "str_is: empty equals empty");
	ok(!str_is(S("a"), ""), "str_is: a is not empty");
	ok(!str_is("y\0s", 3, "y"), "str_is: embedded NUL not equal");
}

/*
 * The characters text_name_ok() refuses, written out again from the
 * Unicode 15.0 general categories (not copied from text.c): Cc, Cf, Zl,
 * Zp anywhere; Zs at either end.
 */
static const struct { uint32_t lo, hi; const char *what; } NEVER[] = {
	{ 0x0000, 0x001f, "C0 controls" }, { 0x007f, 0x009f, "DEL, C1" },
	{ 0x00ad, 0x00ad, "soft hyphen" },
	{ 0x0600, 0x0605, "Arabic number signs" },
	{ 0x061c, 0x061c, "Arabic letter mark" },
	{ 0x06dd, 0x06dd, "Arabic end of ayah" },
	{ 0x070f, 0x070f, "Syriac abbreviation mark" },
	{ 0x0890, 0x0891, "Arabic pound, piastre marks" },
	{ 0x08e2, 0x08e2, "Arabic disputed end of ayah" },
	{ 0x180e, 0x180e, "Mongolian vowel separator" },
	{ 0x200b, 0x200f, "zero-width space .. RLM" },
	{ 0x2028, 0x202e, "LS, PS, bidi embeddings and overrides" },
	{ 0x2060, 0x2064, "word joiner .. invisible plus" },
	{ 0x2066, 0x206f, "bidi isolates .. nominal digit shapes" },
	{ 0xfeff, 0xfeff, "BOM" }, { 0xfff9, 0xfffb, "interlinear annotation" },
	{ 0x110bd, 0x110bd, "Kaithi number sign" },
	{ 0x110cd, 0x110cd, "Kaithi number sign above" },
	{ 0x13430, 0x1343f, "Egyptian hieroglyph format controls" },
	{ 0x1bca0, 0x1bca3, "shorthand format controls" },
	{ 0x1d173, 0x1d17a, "musical symbol beams" },
	{ 0xe0001, 0xe0001, "language tag" }, { 0xe0020, 0xe007f, "tags" },
};
static const struct { uint32_t lo, hi; const char *what; } BLANK[] = {
	{ 0x0020, 0x0020, "space" }, { 0x00a0, 0x00a0, "no-break space" },
	{ 0x1680, 0x1680, "Ogham space mark" },
	{ 0x2000, 0x200a, "en quad .. hair space" },
	{ 0x202f, 0x202f, "narrow no-break space" },
	{ 0x205f, 0x205f, "medium mathematical space" },
	{ 0x3000, 0x3000, "ideographic space" },
};
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Writes cp as UTF-8 into out; returns its length. */
static size_t
enc(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static int
in_never(uint32_t cp)
{
	size_t	 i;

	for (i = 0; i < NELEM(NEVER); i++)
		if (cp >= NEVER[i].lo && cp <= NEVER[i].hi)
			return 1;
	return 0;
}

static int
in_blank(uint32_t cp)
{
	size_t	 i;

	for (i = 0; i < NELEM(BLANK); i++)
		if (cp >= BLANK[i].lo && cp <= BLANK[i].hi)
			return 1;
	return 0;
}

/*
 * cp inside "a?b", then at the start "?ab" and the end "ab?": refused
 * exactly where the tables say.  Surrogates are not characters and are
 * skipped.
 */
static void
name_cp(uint32_t cp, const char *what)
{
	char	 b[8];
	size_t	 n;

	if (cp >= 0xd800 && cp <= 0xdfff)
		return;
	b[0] = 'a';
	n = enc(cp, b + 1);
	b[n + 1] = 'b';
	ok(text_name_ok(b, n + 2) == !in_never(cp),
	    "text_name_ok: U+%04X (%s) inside: %s", (unsigned)cp, what,
	    in_never(cp) ? "refused" : "allowed");
	n = enc(cp, b);
	b[n] = 'a';
	b[n + 1] = 'b';
	ok(text_name_ok(b, n + 2) == (!in_never(cp) && !in_blank(cp)),
	    "text_name_ok: U+%04X (%s) first: %s", (unsigned)cp, what,
	    in_never(cp) || in_blank(cp) ? "refused" : "allowed");
	b[0] = 'a';
	b[1] = 'b';
	n = enc(cp, b + 2);
	ok(text_name_ok(b, n + 2) == (!in_never(cp) && !in_blank(cp)),
	    "text_name_ok: U+%04X (%s) last: %s", (unsigned)cp, what,
	    in_never(cp) || in_blank(cp) ? "refused" : "allowed");
}

static void
test_text_name_ok(void)
{
	size_t	 i;

	/* Every range: its first and last, and one outside each side. */
	for (i = 0; i < NELEM(NEVER); i++) {
		if (NEVER[i].lo > 0)
			name_cp(NEVER[i].lo - 1, "one before");
		name_cp(NEVER[i].lo, NEVER[i].what);
		name_cp(NEVER[i].hi, NEVER[i].what);
		name_cp(NEVER[i].hi + 1, "one after");
	}
	for (i = 0; i < NELEM(BLANK); i++) {
		name_cp(BLANK[i].lo - 1, "one before");
		name_cp(BLANK[i].lo, BLANK[i].what);
		name_cp(BLANK[i].hi, BLANK[i].what);
		name_cp(BLANK[i].hi + 1, "one after");
	}
	/* The review's look-alikes (x_basic.pl, unit.c). */
	ok(!text_name_ok(S("admin\xc2\xa0")), "text_name_ok: admin NBSP");
	ok(!text_name_ok(S("\xe3\x80\x80" "admin")),
	    "text_name_ok: ideographic space admin");
	ok(!text_name_ok(S("ro\xc2\x85ot")), "text_name_ok: ro NEL ot");
	ok(!text_name_ok(S("\xe2\x80\xae" "toor")), "text_name_ok: RLO toor");
	ok(!text_name_ok(S("root\xe2\x80\x8bx")), "text_name_ok: root ZWSP x");
	ok(!text_name_ok(S("admin\xef\xbb\xbf")), "text_name_ok: admin BOM");
	ok(!text_name_ok(S("admin ")), "text_name_ok: admin space");
	ok(!text_name_ok(S(" ")), "text_name_ok: a lone space");
	ok(!text_name_ok(S("\xc2\xa0")), "text_name_ok: a lone NBSP");
	ok(!text_name_ok("a\0b", 3), "text_name_ok: NUL inside");
	/* What stays allowed. */
	ok(text_name_ok(S("a")), "text_name_ok: one letter");
	ok(text_name_ok(S("Jean Luc")), "text_name_ok: a space inside");
	ok(text_name_ok(S("\xe5\xbc\xa0\xe4\xb8\x89")), "text_name_ok: CJK");
	ok(text_name_ok(S("Jos\xc3\xa9")), "text_name_ok: precomposed accent");
	ok(text_name_ok(S("Jose\xcc\x81")), "text_name_ok: combining accent");
	ok(text_name_ok(S("\xf0\x9f\x98\x80")), "text_name_ok: an emoji");
	/* Not UTF-8, or nothing. */
	ok(!text_name_ok(S("")), "text_name_ok: empty");
	ok(!text_name_ok(S("a\xff")), "text_name_ok: invalid UTF-8");
	ok(!text_name_ok(S("\xc0\xa0")), "text_name_ok: overlong NBSP");
	ok(!text_name_ok(S("ab\xe2\x80")), "text_name_ok: truncated at the end");
	ok(!text_name_ok(S("\xed\xa0\x80")), "text_name_ok: a surrogate");
}

int
main(void)
{
	test_utf8_valid();
	test_utf8_chars();
	test_text_unsafe();
	test_text_name_ok();
	test_parse_u64();
	test_parse_i64();
	test_hex();
	test_ct_memcmp();
	test_str_is();
	return done_testing();
}
