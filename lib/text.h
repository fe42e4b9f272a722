/*
 * Byte-string helpers with explicit lengths: UTF-8 validation, strict
 * number parsing (no atoi: every byte must be a digit, no overflow),
 * hex, and a comparison whose time does not depend on where the inputs
 * differ.
 */
#ifndef UG_TEXT_H
#define UG_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
int	 utf8_valid(const char *s, size_t len);
/* Number of code points in valid UTF-8. */
size_t	 utf8_chars(const char *s, size_t len);
/* 1 if s has a control character (C0, DEL) or is not valid UTF-8. */
int	 text_unsafe(const char *s, size_t len);
/*
 * 1 if s[0..len) may be a user name as far as its characters go: valid,
 * non-empty UTF-8 with no character of the general categories Cc, Cf,
 * Zl or Zp anywhere (C0 and C1 controls, zero-width and bidirectional
 * format characters, line and paragraph separators) and no space
 * separator (Zs: ASCII space, no-break space, ideographic space, ...) at
 * either end.  Length limits are the caller's.
 */
int	 text_name_ok(const char *s, size_t len);

/* Strict decimal: 0 and *out on success, -1 if empty, signed, junk or too big. */
int	 parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out);
/* As parse_u64 but an optional leading '-' is accepted. */
int	 parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);

/* Writes 2*len lowercase hex chars and a NUL into out (2*len+1 bytes). */
void	 hex_encode(const unsigned char *in, size_t len, char *out);
/* 1 if s is exactly len lowercase hex characters. */
int	 is_lower_hex(const char *s, size_t len);

/* 0 if equal; time depends only on len. */
int	 ct_memcmp(const void *a, const void *b, size_t len);

/*
 * The first occurrence of needle in hay, or NULL.  For the short needles
 * of protocol parsing (a multipart delimiter, CRLF): memchr for the first
 * byte, then memcmp, without memmem's per-call set-up.  At most
 * hlen * nlen byte comparisons, and hlen is bounded by max_body.
 */
const char	*mem_find(const char *hay, size_t hlen, const char *needle,
		    size_t nlen);

/* 1 if the counted string s equals the C string lit, whole. */
int	 str_is(const char *s, size_t len, const char *lit);

#endif
