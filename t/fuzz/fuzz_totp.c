/*
 * Fuzz target: the base32 decoder and the code check of lib/totp.c, what
 * AList's 2FA enrolment reads from a client (the secret it posts back to
 * /api/auth/2fa/verify, the code at login).  The input is split at its
 * first NUL: a secret, then a code.
 *
 *	- base32_decode never writes past the buffer it is given, and what
 *	  it decodes, encoded again, decodes to the same bytes;
 *	- a secret that totp_secret_ok accepts decodes to 10..64 bytes;
 *	- totp_check accepts only six digits, and only a step within one of
 *	  now's, newer than the last one used.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "totp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data, *code = "";
	unsigned char	 out[TOTP_KEY_MAX + 8], again[TOTP_KEY_MAX + 8];
	char		 enc[2 * sizeof(out) + 8];
	size_t		 slen = size, clen = 0, i;
	long		 n, m;
	uint64_t	 step, now = 1700000000;

	for (i = 0; i < size; i++)
		if (data[i] == '\0') {
			slen = i;
			code = in + i + 1;
			clen = size - i - 1;
			break;
		}
	memset(out, 0xa5, sizeof(out));
	n = base32_decode(in, slen, out, TOTP_KEY_MAX);
	FUZZ_CHECK(n >= -1 && n <= TOTP_KEY_MAX);
	for (i = TOTP_KEY_MAX; i < sizeof(out); i++)
		FUZZ_CHECK(out[i] == 0xa5);
	if (n > 0) {
		base32_encode(out, (size_t)n, enc, sizeof(enc));
		m = base32_decode(enc, strlen(enc), again, sizeof(again));
		FUZZ_CHECK(m == n && memcmp(out, again, (size_t)n) == 0);
	}
	if (totp_secret_ok(in, slen))
		FUZZ_CHECK(n >= 10 && n <= TOTP_KEY_MAX);
	step = totp_check(in, slen, code, clen, (time_t)now, 0);
	if (step != 0) {
		FUZZ_CHECK(clen == TOTP_DIGITS);
		for (i = 0; i < clen; i++)
			FUZZ_CHECK(code[i] >= '0' && code[i] <= '9');
		FUZZ_CHECK(step + 1 >= now / TOTP_STEP &&
		    step <= now / TOTP_STEP + 1);
		FUZZ_CHECK(totp_check(in, slen, code, clen, (time_t)now, step) !=
		    step);
	}
	return 0;
}
