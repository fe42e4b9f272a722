/*
 * The digests legacy user stores kept, computed from a password so that
 * a wrapped legacy hash (password.h) can be checked at login.  Each
 * writes lowercase hex and a NUL; nettle does the hashing.
 *
 *	md5		md5(password) -- login.php's md5(), adminsys
 *	werkzeug	PBKDF2-HMAC-<sha1|sha256|sha512>(password, salt,
 *			iterations), the digest's own length -- Werkzeug's
 *			"pbkdf2:<hash>:<iterations>$<salt>$<hex>"
 *	alist		sha256(sha256(password "-https://github.com/alist-org/
 *			alist") "-" salt) -- AList v3's pwd_hash
 */
#ifndef UG_LEGACY_H
#define UG_LEGACY_H

#include <stddef.h>

#define LEGACY_MD5_HEX		32
#define LEGACY_SHA256_HEX	64
#define LEGACY_HEX_MAX		128	/* sha512 */
/* Werkzeug's iteration counts run to 10^6; more is refused as hostile. */
#define LEGACY_PBKDF2_MAX_ITER	10000000UL

enum legacy_prf { LEGACY_SHA1, LEGACY_SHA256, LEGACY_SHA512 };

/* out: LEGACY_MD5_HEX + 1 bytes. */
void	 legacy_md5_hex(const char *pw, size_t len, char *out);
/* out: LEGACY_HEX_MAX + 1 bytes; returns the hex length. */
size_t	 legacy_pbkdf2_hex(enum legacy_prf, const char *pw, size_t len,
	    const char *salt, size_t saltlen, unsigned long iter, char *out);
/* out: LEGACY_SHA256_HEX + 1 bytes. */
void	 legacy_alist_hex(const char *pw, size_t len, const char *salt,
	    size_t saltlen, char *out);
/* Its PRF by Werkzeug's name ("sha256"); -1 if not one we compute. */
int	 legacy_prf_parse(const char *s, size_t len);
const char *legacy_prf_name(enum legacy_prf);

#endif
