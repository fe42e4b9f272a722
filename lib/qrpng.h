/*
 * A QR code as a PNG in a data URL ("data:image/png;base64,..."), the
 * way AList's 2FA enrolment shows the otpauth:// URL of a new secret.
 * The symbol is libqrencode's, the PNG libpng's and the base64 nettle's:
 * nothing of it is written by hand.
 */
#ifndef UG_QRPNG_H
#define UG_QRPNG_H

#include <stddef.h>

#include "buf.h"

/* Longest text accepted (a QR code holds at most 2953 bytes). */
#define QRPNG_TEXT_MAX	1024

/*
 * Appends the data URL of a PNG of text's QR code (error correction M,
 * scale pixels per module, a 4-module quiet zone) to out.  0, or -1 if
 * text is empty, too long, or has a NUL, or on failure.
 */
int	 qrpng_data_url(const char *text, size_t len, int scale,
	    struct buf *out);

#endif
