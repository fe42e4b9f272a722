/*
 * Session tokens: 128 bits from the kernel as 32 lowercase hex
 * characters, the format every legacy contract shows.  Only their
 * SHA-256 is ever stored, so a read of the sessions table yields
 * nothing that logs anybody in.
 */
#ifndef UG_TOKEN_H
#define UG_TOKEN_H

#include <stddef.h>

#define TOKEN_LEN	32
#define TOKEN_HASH_LEN	32
/* AList's permanent admin token: "alist-" and 64 hex characters. */
#define ALIST_ADMIN_TOKEN_LEN	(6 + 2 * TOKEN_LEN)

/* Fills out (TOKEN_LEN + 1 bytes); 0, or -1 if the kernel gives no randomness. */
int	 token_new(char *out);
/* 1 if s is exactly TOKEN_LEN lowercase hex characters. */
int	 token_well_formed(const char *s, size_t len);
/* SHA-256 of s[0..len) into out (TOKEN_HASH_LEN bytes). */
void	 token_hash(const char *s, size_t len, unsigned char *out);
/* SHA-256 of arbitrary bytes, as 64 hex characters and a NUL. */
void	 sha256_hex(const void *s, size_t len, char *out);

#endif
