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
 * for libxcrypt's default; concurrency 0 means one per CPU.  0 or -1 with
 * a message.  Call once before threads start.
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

/*
 * 1 if h[0..len) may be written as a stored hash: 1 to PASSWORD_HASH_MAX
 * printable ASCII characters.  Checked before every write, so that no
 * row ever holds a hash its readers cannot read back whole.
 */
int		 password_storable(const char *h, size_t len);

#endif
