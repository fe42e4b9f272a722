/*
 * Pre-hashed passwords (SPEC "Pre-hashed passwords").  Some clients send
 * a digest instead of the password: AList's web page the SHA-256 hex of
 * the password and "-https://github.com/alist-org/alist", some adminsys
 * front ends md5(password).  For each such scheme in use, the store keeps
 * a verifier of that digest beside the password hash -- itself hashed
 * with the current scheme, never the digest as it came -- made whenever
 * a password is set, or verified in plain by a login.  A login that
 * presents the digest (login_req.prehash) is checked against it.
 */
#ifndef UG_PREHASH_H
#define UG_PREHASH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "password.h"

struct config;
struct db;

enum prehash {
	PREHASH_NONE = 0,	/* the password itself */
	PREHASH_MD5 = 1,	/* md5(password), hex */
	PREHASH_ALIST = 2,	/* sha256(password + AList's suffix), hex */
	PREHASH_NSCHEMES
};

#define PREHASH_DIGEST_MAX	64	/* hex characters */

/* The schemes the configuration uses, as a mask of (1u << scheme). */
unsigned	 prehash_in_use(const struct config *);

/* Writes scheme's lowercase hex digest of pw into out (65 bytes); its length. */
size_t		 prehash_digest(enum prehash, const char *pw, size_t len,
		    char *out);

/*
 * Copies a digest a client sent into out (65 bytes) in lowercase; 0, or
 * -1 if it is not hex of the scheme's length.
 */
int		 prehash_normalize(enum prehash, const char *d, size_t len,
		    char *out);

/* The verifiers of one password: one current-scheme hash per scheme. */
struct prehash_set {
	unsigned	 mask;
	char		 hash[PREHASH_NSCHEMES][PASSWORD_HASH_MAX + 1];
};

/*
 * Makes the verifiers of pw for the schemes in mask (each costs one
 * password hash).  set->mask says which were made.
 */
enum ug_err	 prehash_make(unsigned mask, const char *pw, size_t len,
		    struct prehash_set *set);
/*
 * Stores set's verifiers for user_id; with replace, every other verifier
 * of the user goes (its password changed).  In the caller's transaction.
 */
enum ug_err	 prehash_store(struct db *, uint64_t user_id,
		    const struct prehash_set *set, int replace);
void		 prehash_clear(struct prehash_set *);

#endif
