/*
 * Unit tests of lib/legacy.c (the digests, against vectors computed by
 * Python's hashlib and Werkzeug) and of the wraps in lib/password.c:
 * each scheme stored, verified, refused when wrong, never holding the
 * digest, reported for rehashing, and recognised by a resumed import.
 * yescrypt at cost 1 keeps it fast.
 */
#include <stdlib.h>
#include <string.h>

#include "legacy.h"
#include "password.h"
#include "tap.h"

#define S(lit)	(lit), sizeof(lit) - 1

static int
verify(const char *pw, const char *hash)
{
	int	 okv = -7;

	if (password_verify(pw, strlen(pw), hash, &okv) != UG_OK)
		return -1;
	return okv;
}

/* Stores old, then checks every property a wrap must have. */
static void
wrap_case(const char *what, const struct pw_old *o, const char *pw,
    const char *prefix, const char *digest)
{
	char	 h[PASSWORD_HASH_MAX + 1];
	int	 same = -1;

	ok(password_legacy_check(o) == UG_OK, "%s: well formed", what);
	if (password_legacy_store(o, h) != UG_OK) {
		ok(0, "%s: stored", what);
		return;
	}
	ok(strncmp(h, prefix, strlen(prefix)) == 0, "%s: %s...", what, prefix);
	ok(password_storable(h, strlen(h)), "%s: storable", what);
	ok(digest == NULL || strstr(h, digest) == NULL,
	    "%s: the digest is not in it", what);
	ok(password_needs_rehash(h), "%s: to be rehashed at login", what);
	is_int(verify(pw, h), 1, "right password verifies");
	is_int(verify("wrong", h), 0, "wrong one does not");
	ok(password_legacy_same(h, o, &same) == UG_OK && same == 1,
	    "%s: an earlier import of it is recognised", what);
}

int
main(void)
{
	char		 hex[LEGACY_HEX_MAX + 1], h[PASSWORD_HASH_MAX + 1];
	char		 err[256];
	struct pw_old	 o;
	int		 same;

	if (password_init("yescrypt", 1, 2, 5, err, sizeof(err)) == -1) {
		diag("%s", err);
		return 1;
	}

	legacy_md5_hex(S("123456"), hex);
	is_str(hex, strlen(hex), "e10adc3949ba59abbe56e057f20f883e",
	    "md5(123456) is adminsys's e10adc39...");
	is_int((int)legacy_pbkdf2_hex(LEGACY_SHA256, S("secret"), S("AbCd1234"),
	    150000, hex), 64, "pbkdf2-sha256: 64 hex");
	is_str(hex, strlen(hex), "4de3df716ba3de45478f987ab0f466e6ffab422d00ce2dd"
	    "898c4487c1d188722", "pbkdf2-sha256 as hashlib computes it");
	legacy_pbkdf2_hex(LEGACY_SHA1, S("pw"), S("salt"), 1000, hex);
	is_str(hex, strlen(hex), "ba95848a9b5ce11f1b43d7d167d8413daa5ed22b",
	    "pbkdf2-sha1");
	legacy_pbkdf2_hex(LEGACY_SHA512, S("pw"), S("salt"), 1000, hex);
	is_str(hex, strlen(hex), "dba2956d5d8f05e6f06dc9732ca6037d32a4fcbcdde4b3"
	    "5e62594b632d059275a4612b69ad28703b5340833cb47d99636d088ef65309684"
	    "ac39b5c45372b025e", "pbkdf2-sha512");
	legacy_alist_hex(S("123456"), S("Xk3mP9qRtY2wZ8aB"), hex);
	is_str(hex, strlen(hex), "f2d1c3f884fc32f2124a08f3074c8686cfc060b15081"
	    "02e45a672f8565b1e352", "AList's two salted SHA-256 steps");

	memset(&o, 0, sizeof(o));
	o.scheme = PWL_MD5;
	o.s = "E10ADC3949BA59ABBE56E057F20F883E";
	o.len = 32;
	wrap_case("md5 (upper-case hex)", &o, "123456", "$ugwrap$md5$$y$",
	    "e10adc3949ba59abbe56e057f20f883e");
	o.scheme = PWL_PLAIN;
	o.s = "plain-secret";
	o.len = strlen(o.s);
	wrap_case("plain", &o, "plain-secret", "$ugwrap$plain$$y$",
	    "plain-secret");
	o.scheme = PWL_WERKZEUG;
	o.s = "pbkdf2:sha256:150000$AbCd1234$4de3df716ba3de45478f987ab0f466e6ffab"
	    "422d00ce2dd898c4487c1d188722";
	o.len = strlen(o.s);
	wrap_case("werkzeug", &o, "secret",
	    "$ugwrap$pbkdf2-sha256$150000$AbCd1234$$y$",
	    "4de3df716ba3de45478f987ab0f466e6ffab422d00ce2dd898c4487c1d188722");
	o.scheme = PWL_ALIST;
	o.s = "f2d1c3f884fc32f2124a08f3074c8686cfc060b1508102e45a672f8565b1e352";
	o.len = strlen(o.s);
	o.salt = "Xk3mP9qRtY2wZ8aB";
	o.salt_len = strlen(o.salt);
	wrap_case("alist", &o, "123456", "$ugwrap$alist$Xk3mP9qRtY2wZ8aB$$y$",
	    o.s);

	/* A crypt string is kept as it is. */
	memset(&o, 0, sizeof(o));
	o.scheme = PWL_CRYPT;
	o.s = "$2y$10$abcdefghijklmnopqrstuuxD0vCwu/f2ahNVJLL35ZYA2xuiRyPH6";
	o.len = strlen(o.s);
	ok(password_legacy_store(&o, h) == UG_OK && strcmp(h, o.s) == 0,
	    "a $2y$ string is stored as it is");
	is_int(verify("123456", h), 1, "and verifies with its password");
	ok(password_needs_rehash(h), "and is upgraded at login");
	ok(password_legacy_same(h, &o, &same) == UG_OK && same == 1,
	    "the same string is an earlier import");

	/* What is refused. */
	o.s = "not-a-crypt";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "crypt: not a crypt string");
	o.s = "$2y$10$abcdefghijklmnopqrstuuxD0vCwu/f2ahNVJLL35ZYA2xuiR";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "crypt: a bcrypt string cut "
	    "short (a narrow legacy column)");
	o.s = "$6$salt$short";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "crypt: a short sha512crypt");
	o.s = "$zz$whatever";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "crypt: a method libxcrypt lacks");
	o.scheme = PWL_MD5;
	o.s = "e10adc3949ba59abbe56e057f20f883";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "md5: 31 hex");
	o.s = "g10adc3949ba59abbe56e057f20f883e";
	ok(password_legacy_check(&o) != UG_OK, "md5: not hex");
	o.scheme = PWL_WERKZEUG;
	o.s = "pbkdf2:sha256$AbCd1234$4de3df716ba3de45478f987ab0f466e6ffab422d00"
	    "ce2dd898c4487c1d188722";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK,
	    "werkzeug: no iterations (Werkzeug's default of the day) refused");
	o.s = "pbkdf2:md5:1000$salt$e10adc3949ba59abbe56e057f20f883e";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "werkzeug: an unknown PRF");
	o.s = "pbkdf2:sha256:0$salt$4de3df716ba3de45478f987ab0f466e6ffab422d00ce"
	    "2dd898c4487c1d188722";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "werkzeug: 0 iterations");
	o.s = "pbkdf2:sha256:99999999$salt$4de3df716ba3de45478f987ab0f466e6ffab4"
	    "22d00ce2dd898c4487c1d188722";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "werkzeug: hostile iterations");
	o.s = "pbkdf2:sha256:1000$salt$4de3";
	o.len = strlen(o.s);
	ok(password_legacy_check(&o) != UG_OK, "werkzeug: a short digest");
	o.scheme = PWL_ALIST;
	o.s = "f2d1c3f884fc32f2124a08f3074c8686cfc060b1508102e45a672f8565b1e352";
	o.len = strlen(o.s);
	o.salt = "a$b";
	o.salt_len = 3;
	ok(password_legacy_check(&o) != UG_OK, "alist: a '$' in the salt");
	o.scheme = PWL_PLAIN;
	o.s = "";
	o.len = 0;
	ok(password_legacy_check(&o) != UG_OK, "plain: empty");

	is_int(password_legacy_guess(S("$2y$10$x")), PWL_CRYPT, "guess: crypt");
	is_int(password_legacy_guess(S("e10adc3949ba59abbe56e057f20f883e")),
	    PWL_MD5, "guess: md5");
	is_int(password_legacy_guess(S("pbkdf2:sha256:1$s$"
	    "4de3df716ba3de45478f987ab0f466e6ffab422d00ce2dd898c4487c1d188722")),
	    PWL_WERKZEUG, "guess: werkzeug");
	is_int(password_legacy_guess(S("123456")), -1, "guess: plaintext is no "
	    "format");

	/* A wrap that is damaged verifies nothing, and costs a hash still. */
	is_int(verify("x", "$ugwrap$md5$"), 0, "a wrap with no inner hash");
	is_int(verify("x", "$ugwrap$nosuch$$y$j9T$a$b"), 0, "an unknown scheme");
	is_int(verify("x", "$ugwrap$pbkdf2-sha256$0$s$$y$j9T$a$b"), 0,
	    "iterations 0");
	return done_testing();
}
