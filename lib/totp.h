/*
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps,
 * six digits), as AList and every authenticator app use them, and the
 * base32 secrets (RFC 4648) that carry their keys.  HMAC-SHA1 is
 * nettle's.  Pure: the caller gives the time and keeps the last step
 * used, so that a code is never accepted twice.
 */
#ifndef UG_TOTP_H
#define UG_TOTP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

#define TOTP_STEP		30
#define TOTP_DIGITS		6
#define TOTP_KEY_LEN		20	/* 160 bits, as RFC 4226 advises */
#define TOTP_SECRET_LEN		32	/* base32 of TOTP_KEY_LEN bytes */
#define TOTP_KEY_MAX		64	/* the longest key a secret may carry */
#define TOTP_SECRET_MAX		104	/* base32 of TOTP_KEY_MAX */

/* Writes base32 (upper case, no padding) of in into out; returns its length. */
size_t		 base32_encode(const unsigned char *in, size_t len, char *out,
		    size_t outsz);
/*
 * Decodes base32 (either case; blanks and '=' padding ignored, as
 * authenticator apps display and accept it) into out; -1 on any other
 * byte, a length that is no whole number of bytes, or more than outsz.
 */
long		 base32_decode(const char *in, size_t len, unsigned char *out,
		    size_t outsz);

/* A new random secret: TOTP_SECRET_LEN characters and a NUL; 0 or -1. */
int		 totp_secret_new(char *out);
/* 1 if s is a secret usergate accepts (decodes to 10..TOTP_KEY_MAX bytes). */
int		 totp_secret_ok(const char *s, size_t len);

/* The code for key at step (time / TOTP_STEP). */
uint32_t	 totp_code(const unsigned char *key, size_t len, uint64_t step);

/*
 * Checks code (six ASCII digits) against secret at time now, one step
 * either side.  Returns the step it matched, which must be greater than
 * last (the last step accepted for this user, 0 for none) -- or 0 if it
 * matches nothing newer.
 */
uint64_t	 totp_check(const char *secret, size_t slen, const char *code,
		    size_t clen, time_t now, uint64_t last);

/*
 * Appends the otpauth:// URL an authenticator app scans:
 * otpauth://totp/ISSUER:ACCOUNT?algorithm=SHA1&digits=6&issuer=ISSUER&
 * period=30&secret=SECRET, issuer and account percent-encoded.
 */
int		 totp_url(struct buf *, const char *issuer, const char *account,
		    size_t alen, const char *secret);

#endif
