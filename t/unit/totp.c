/*
 * Unit tests of lib/totp.c: RFC 6238's test vectors (SHA-1, appendix B),
 * RFC 4648's base32 vectors, the window and replay rules.
 */
#include <string.h>

#include <nettle/base64.h>

#include "buf.h"
#include "qrpng.h"
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
	/* The URL an authenticator app scans, as AList's library writes it. */
	{
		struct buf	 b;

		buf_init(&b);
		totp_url(&b, "Alist", "al ice@x", 8, "JBSWY3DPEHPK3PXP");
		is_str(b.data, b.len, "otpauth://totp/Alist:al%20ice%40x?"
		    "algorithm=SHA1&digits=6&issuer=Alist&period=30&"
		    "secret=JBSWY3DPEHPK3PXP", "totp_url");
		buf_free(&b);
	}
	/* The QR code: a PNG of the expected size in a data URL. */
	{
		struct buf			 b;
		struct base64_decode_ctx	 ctx;
		uint8_t				 png[8192];
		size_t				 pn = sizeof(png), w;
		const char			*u = "otpauth://totp/Alist:admin?"
		    "algorithm=SHA1&digits=6&issuer=Alist&period=30&"
		    "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

		buf_init(&b);
		is_int(qrpng_data_url(u, strlen(u), 4, &b), 0, "qrpng: a data URL");
		ok(strncmp(b.data, "data:image/png;base64,", 22) == 0,
		    "qrpng: of a PNG");
		base64_decode_init(&ctx);
		ok(base64_decode_update(&ctx, &pn, png, b.len - 22, b.data + 22) &&
		    base64_decode_final(&ctx), "qrpng: valid base64");
		ok(pn > 33 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0,
		    "qrpng: the PNG signature");
		w = (size_t)png[16] << 24 | (size_t)png[17] << 16 |
		    (size_t)png[18] << 8 | png[19];
		ok(w % 4 == 0 && w / 4 >= 21 + 8 && (w / 4 - 8 - 17) % 4 == 0,
		    "qrpng: a QR symbol's width, scaled, with its quiet zone");
		is_int(qrpng_data_url("", 0, 4, &b), -1, "qrpng: empty text");
		is_int(qrpng_data_url("a\0b", 3, 4, &b), -1, "qrpng: a NUL");
		buf_free(&b);
	}
	return done_testing();
}
