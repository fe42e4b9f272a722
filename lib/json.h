/*
 * JSON output.  Responses are written straight into a buf rather than
 * built as a cJSON tree: lists stream row by row and nothing is
 * allocated per value.
 */
#ifndef UG_JSON_H
#define UG_JSON_H

#include <stddef.h>

#include "buf.h"

/*
 * JSON_PHP reproduces PHP's json_encode() defaults, which login.php's
 * clients have always seen: '/' as "\/" and every non-ASCII character as
 * a \uXXXX escape (UTF-16 surrogate pairs above the BMP).
 */
#define JSON_PHP	0x1

/* Appends s[0..len) as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
int	 json_str(struct buf *, const char *s, size_t len, int flags);
/* As json_str, or the bare word null when s is NULL. */
int	 json_str_or_null(struct buf *, const char *s, size_t len, int flags);

#endif
