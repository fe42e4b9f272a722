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
#define PASSWORD_HASH_MAX	384	/* CRYPT_OUTPUT_SIZE */

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

#endif
