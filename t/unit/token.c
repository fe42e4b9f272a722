/* Unit tests of lib/token.c. */
#include <string.h>

#include "text.h"
#include "token.h"
#include "tap.h"

int
main(void)
{
	char		 a[TOKEN_LEN + 1], b[TOKEN_LEN + 1], hex[65];
	unsigned char	 h[TOKEN_HASH_LEN];
	const char	*tok = "0123456789abcdef0123456789abcdef";

	memset(a, 'X', sizeof(a));
	memset(b, 'X', sizeof(b));
	is_int(token_new(a), 0, "token_new returns 0");
	is_int((long long)strlen(a), TOKEN_LEN, "token_new: 32 characters, NUL-terminated");
	ok(is_lower_hex(a, strlen(a)), "token_new: lowercase hex");
	ok(token_well_formed(a, strlen(a)), "token_new: token_well_formed accepts it");
	is_int(token_new(b), 0, "token_new returns 0 again");
	ok(strcmp(a, b) != 0, "token_new: two tokens differ");

	ok(token_well_formed(tok, 32), "token_well_formed: 32 lowercase hex");
	ok(!token_well_formed(tok, 31), "token_well_formed: 31 characters rejected");
	ok(!token_well_formed("0123456789abcdef0123456789abcdef0", 33),
	    "token_well_formed: 33 characters rejected");
	ok(!token_well_formed("", 0), "token_well_formed: empty rejected");
	ok(!token_well_formed("0123456789ABCDEF0123456789abcdef", 32),
	    "token_well_formed: uppercase rejected");
	ok(!token_well_formed("0123456789abcdef0123456789abcdeg", 32),
	    "token_well_formed: g rejected");
	ok(!token_well_formed("0123456789abcdef0123456789abcde\n", 32),
	    "token_well_formed: trailing newline rejected");
	ok(!token_well_formed("0123456789abcdef\0" "123456789abcdef", 32),
	    "token_well_formed: embedded NUL rejected");

	sha256_hex("abc", 3, hex);
	is_str(hex, strlen(hex),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256_hex(\"abc\"): FIPS 180-2 vector");
	sha256_hex("", 0, hex);
	is_str(hex, strlen(hex),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "sha256_hex(\"\"): empty-string vector");
	sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, hex);
	is_str(hex, strlen(hex),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "sha256_hex: 448-bit FIPS vector");
	sha256_hex("abcX", 3, hex);
	is_str(hex, strlen(hex),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256_hex: reads only len bytes");

	token_hash("abc", 3, h);
	hex_encode(h, sizeof(h), hex);
	is_str(hex, strlen(hex),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "token_hash(\"abc\") is raw SHA-256");

	return done_testing();
}
