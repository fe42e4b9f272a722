#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <png.h>
#include <qrencode.h>

#include "qrpng.h"

#define QUIET	4	/* modules of white around the symbol */

static void
png_to_buf(png_structp png, png_bytep data, png_size_t len)
{
	buf_add(png_get_io_ptr(png), data, len);
}

static void
png_no_flush(png_structp png)
{
	(void)png;
}

/*
 * The PNG of qr: one bit a pixel, black modules on white.  Kept apart
 * from the caller so that longjmp from libpng leaves only this frame.
 */
static int
encode_png(const QRcode *qr, int scale, struct buf *png_out)
{
	png_structp		 png;
	png_infop		 info = NULL;
	unsigned char		*row = NULL;
	int			 size, x, y, mx, my;
	volatile int		 ok = -1;

	size = (qr->width + 2 * QUIET) * scale;
	if ((row = calloc(1, (size_t)size / 8 + 1)) == NULL)
		return -1;
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL,
	    NULL)) == NULL || (info = png_create_info_struct(png)) == NULL)
		goto done;
	if (setjmp(png_jmpbuf(png)))
		goto done;
	png_set_write_fn(png, png_out, png_to_buf, png_no_flush);
	png_set_IHDR(png, info, (png_uint_32)size, (png_uint_32)size, 1,
	    PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < size; y++) {
		my = y / scale - QUIET;
		memset(row, 0xff, (size_t)size / 8 + 1);
		for (x = 0; x < size; x++) {
			mx = x / scale - QUIET;
			/* The low bit of each module's byte says black. */
			if (mx >= 0 && my >= 0 && mx < qr->width &&
			    my < qr->width && (qr->data[my * qr->width + mx] & 1))
				row[x / 8] &= (unsigned char)~(0x80 >> (x % 8));
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	ok = 0;
done:
	png_destroy_write_struct(&png, info != NULL ? &info : NULL);
	free(row);
	return ok;
}

int
qrpng_data_url(const char *text, size_t len, int scale, struct buf *out)
{
	static const char	 prefix[] = "data:image/png;base64,";
	char			 s[QRPNG_TEXT_MAX + 1];
	struct buf		 png;
	QRcode			*qr;
	size_t			 n;
	int			 rc = -1;

	if (len == 0 || len > QRPNG_TEXT_MAX || memchr(text, '\0', len) ||
	    scale < 1 || scale > 16)
		return -1;
	memcpy(s, text, len);
	s[len] = '\0';
	if ((qr = QRcode_encodeString8bit(s, 0, QR_ECLEVEL_M)) == NULL)
		return -1;
	buf_init(&png);
	if (encode_png(qr, scale, &png) == 0 && !png.oom) {
		n = BASE64_ENCODE_RAW_LENGTH(png.len);
		if (buf_add(out, prefix, sizeof(prefix) - 1) == 0 &&
		    buf_reserve(out, n + 1) == 0) {
			base64_encode_raw(out->data + out->len, png.len,
			    (const uint8_t *)png.data);
			out->len += n;
			out->data[out->len] = '\0';
			rc = 0;
		}
	}
	buf_free(&png);
	QRcode_free(qr);
	return rc;
}
