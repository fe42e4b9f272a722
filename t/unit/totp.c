/*
 * Unit tests of lib/totp.c: RFC 6238's test vectors (SHA-1, appendix B),
 * RFC 4648's base32 vectors, the window and replay rules.
 */
#include <string.h>

#include "totp.h"
#include "tap.h"

int
main(void)
{
	/* RFC 6238 B: the ASCII key "12345678901234567890", 8 digits there;
	 * the six-digit code is the same number mod 10^6. */
	static const struct { time_t t; uint32_t code8; } v[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 },
		{ 1111111111, 14050471 }, { 1234567890, 89005924 },
		{ 2000000000, 69279037 }, { 20000000000LL, 65353130 },
	};
	const unsigned char	*key = (const unsigned char *)"12345678901234567890";
	char			 s[TOTP_SECRET_MAX + 1], code[8], sec[TOTP_SECRET_LEN + 1];
	unsigned char		 out[64];
	size_t			 i;
	long			 n;
	uint64_t		 step;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		is_int(totp_code(key, 20, (uint64_t)v[i].t / TOTP_STEP),
		    v[i].code8 % 1000000, "RFC 6238 vector");

	/* RFC 4648 section 10. */
	n = (long)base32_encode((const unsigned char *)"foobar", 6, s, sizeof(s));
	is_str(s, (size_t)n, "MZXW6YTBOI", "base32 of foobar");
	n = (long)base32_encode((const unsigned char *)"f", 1, s, sizeof(s));
	is_str(s, (size_t)n, "MY", "base32 of f");
	n = base32_decode("MZXW6YTBOI", 10, out, sizeof(out));
	is_str((const char *)out, (size_t)n, "foobar", "decodes back");
	n = base32_decode("mzxw 6ytb oi======", 18, out, sizeof(out));
	is_str((const char *)out, (size_t)n, "foobar",
	    "lower case, blanks and padding as apps show them");
	is_int(base32_decode("MZXW1", 5, out, sizeof(out)), -1, "1 is not base32");
	is_int(base32_decode("M", 1, out, sizeof(out)), -1, "a stray character");
	is_int(base32_decode("MZ", 2, out, sizeof(out)), -1,
	    "nonzero padding bits");
	is_int(base32_decode("MZXW6YTBOI", 10, out, 5), -1, "past the buffer");

	/* The key of the vectors as a secret. */
	base32_encode(key, 20, s, sizeof(s));
	is_str(s, strlen(s), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "the RFC key in base32");
	ok(totp_secret_ok(s, strlen(s)), "a valid secret");
	ok(!totp_secret_ok("MZXW6", 5), "too short a key");
	ok(!totp_secret_ok("", 0), "empty");
	ok(totp_secret_new(sec) == 0 && strlen(sec) == TOTP_SECRET_LEN &&
	    totp_secret_ok(sec, strlen(sec)), "a new secret: 32 characters");

	/* The window: the code of the step before, now, and after. */
	step = 1234567890 / TOTP_STEP;
	snprintf(code, sizeof(code), "%06u", (unsigned)totp_code(key, 20, step));
	is_int((long long)totp_check(s, strlen(s), code, 6, 1234567890, 0),
	    (long long)step, "the current code matches its step");
	is_int((long long)totp_check(s, strlen(s), code, 6, 1234567890 + 30, 0),
	    (long long)step, "one step later it still does");
	is_int((long long)totp_check(s, strlen(s), code, 6, 1234567890 - 30, 0),
	    (long long)step, "one step earlier it does too");
	is_int((long long)totp_check(s, strlen(s), code, 6, 1234567890 + 60, 0),
	    0, "two steps later it is stale");
	is_int((long long)totp_check(s, strlen(s), code, 6, 1234567890, step),
	    0, "never twice: not at or before the last step used");
	is_int((long long)totp_check(s, strlen(s), "12345", 5, 1234567890, 0),
	    0, "five digits");
	is_int((long long)totp_check(s, strlen(s), "12345a", 6, 1234567890, 0),
	    0, "not digits");
	is_int((long long)totp_check("!!", 2, code, 6, 1234567890, 0), 0,
	    "a bad secret");
	return done_testing();
}
