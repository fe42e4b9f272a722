/*
 * Password hashing through libxcrypt.  One policy per process (scheme and
 * cost from the configuration); hashes made under another policy still
 * verify and are reported by password_needs_rehash() so that a login can
 * upgrade them.
 *
 * Hashing is deliberately expensive (yescrypt's default takes tens of MiB
 * and tens of milliseconds), so at most hash_concurrency hashes run at
 * once; a caller that cannot get a slot within hash_wait seconds gets
 * UG_EBUSY instead of piling up memory.
 */
#ifndef UG_PASSWORD_H
#define UG_PASSWORD_H

#include <stddef.h>

#include "err.h"

/* Bytes, checked before hashing: libxcrypt refuses 512 or more. */
#define PASSWORD_MAX		511
/*
 * The longest hash the store keeps (users.password_hash is VARCHAR(384));
 * a buffer for one is PASSWORD_HASH_MAX + 1 bytes.  What libxcrypt makes
 * is shorter (CRYPT_OUTPUT_SIZE counts its NUL).
 */
#define PASSWORD_HASH_MAX	384

/*
 * Sets the policy: scheme "yescrypt", "bcrypt" or "sha512crypt", cost 0
 * for libxcrypt's default; concurrency 0 means one per CPU and one
 * more.  0 or -1 with a message.  Call once before threads start.
 */
int		 password_init(const char *scheme, int cost, int concurrency,
		    int wait_seconds, char *err, size_t errsz);

/* Hashes pw into out (PASSWORD_HASH_MAX bytes).  UG_EINVAL if empty or
 * too long or has a NUL. */
enum ug_err	 password_hash(const char *pw, size_t len, char *out);

/*
 * Sets *ok to 1 if pw matches hash.  With hash NULL it checks against a
 * dummy hash of the current policy, so that an unknown user costs the
 * same as a wrong password, and *ok is 0.
 */
enum ug_err	 password_verify(const char *pw, size_t len, const char *hash,
		    int *ok);

/* 1 if hash was not made under the current policy. */
int		 password_needs_rehash(const char *hash);

/* 1 if this build asks for huge pages for a hash's memory (sanitizers: 0). */
int		 password_huge_memory(void);

/*
 * 1 if h[0..len) may be written as a stored hash: 1 to PASSWORD_HASH_MAX
 * printable ASCII characters.  Checked before every write, so that no
 * row ever holds a hash its readers cannot read back whole.
 */
int		 password_storable(const char *h, size_t len);

/*
 * Legacy stores.  A crypt(3) string libxcrypt reads is kept as it is
 * (and upgraded at the next login, like any hash of an older policy).
 * The weak forms are wrapped: the current scheme's hash of the legacy
 * digest, so that the digest itself is never at rest, with the legacy
 * scheme and its public parameters in front:
 *
 *	$ugwrap$plain$<crypt(password)>
 *	$ugwrap$md5$<crypt(md5 hex)>
 *	$ugwrap$pbkdf2-<sha1|sha256|sha512>$<iterations>$<salt>$<crypt(hex)>
 *	$ugwrap$alist$<salt>$<crypt(pwd_hash hex)>
 *
 * password_verify() computes the digest from the password given and
 * checks it through the wrap (one current-scheme hash, plus the legacy
 * digest's own cost: nothing for MD5 and AList, Werkzeug's iterations
 * for PBKDF2); password_needs_rehash() reports every wrap, so the login
 * that succeeds replaces it with a plain current hash.
 */
enum pw_legacy { PWL_CRYPT, PWL_PLAIN, PWL_MD5, PWL_WERKZEUG, PWL_ALIST,
	PWL_NSCHEMES };

/* What a legacy store kept for one user, as it came. */
struct pw_old {
	enum pw_legacy	 scheme;
	const char	*s;		/* the hash (or plaintext) */
	size_t		 len;
	const char	*salt;		/* AList's salt column */
	size_t		 salt_len;
};

/* Its name ("md5"); the scheme for a name, or -1. */
const char	*password_legacy_name(enum pw_legacy);
int		 password_legacy_parse(const char *, size_t);
/* The scheme a stored value looks like (crypt, Werkzeug, MD5 hex), or -1. */
int		 password_legacy_guess(const char *, size_t);
/* UG_OK if old is well formed for its scheme; no hashing. */
enum ug_err	 password_legacy_check(const struct pw_old *);
/*
 * The hash to store for old into out (PASSWORD_HASH_MAX + 1 bytes): a
 * crypt string as it is, anything else wrapped (one hash).
 */
enum ug_err	 password_legacy_store(const struct pw_old *, char *out);
/*
 * *same = 1 if stored is what password_legacy_store() makes of old
 * (an import that already ran): one hash for a wrap, none otherwise.
 */
enum ug_err	 password_legacy_same(const char *stored, const struct pw_old *,
		    int *same);
/* 1 if a stored hash is a wrap. */
int		 password_is_wrapped(const char *);

#endif
