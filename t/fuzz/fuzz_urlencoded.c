/*
 * Fuzz target: an application/x-www-form-urlencoded body, the way a
 * request reads it: request_init takes CONTENT_TYPE and CONTENT_LENGTH
 * from the parameters, request_decode_body reads the body in pieces and
 * form_parse_body chooses the decoder.
 *
 * Input: byte 0 picks the Content-Type spelling, byte 1 the size of each
 * read, byte 2 what CONTENT_LENGTH claims (the truth, one less, one more,
 * junk, or too much); the rest is the body the client sends.
 *
 * Properties, beyond those of every form (fuzz.h):
 *	- a claim longer than what is sent is refused (EINVAL), a claim that
 *	  cannot be read or is over max_body is refused (ELIMIT);
 *	- otherwise the fields are exactly those form_parse_urlencoded
 *	  decodes from the bytes claimed, however the reads were split.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "form.h"
#include "fuzz.h"
#include "request.h"

static const char *const CTYPES[] = {
	NULL,				/* no CONTENT_TYPE at all */
	"",
	"application/x-www-form-urlencoded",
	"Application/X-WWW-Form-URLEncoded ; charset=UTF-8",
};

struct client {
	const char	*ctype;
	char		 clen[32];
	const char	*body;
	size_t		 len;
	size_t		 off;
	size_t		 chunk;
};

static const char *
c_param(void *ctx, const char *name)
{
	struct client	*c = ctx;

	if (strcmp(name, "CONTENT_TYPE") == 0)
		return c->ctype;
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return c->clen;
	if (strcmp(name, "REQUEST_METHOD") == 0)
		return "POST";
	if (strcmp(name, "SCRIPT_NAME") == 0)
		return "/login.php";
	return NULL;
}

static long
c_read(void *ctx, char *p, size_t len)
{
	struct client	*c = ctx;
	size_t		 n = c->len - c->off;

	if (n > len)
		n = len;
	if (n > c->chunk)
		n = c->chunk;
	memcpy(p, c->body + c->off, n);
	c->off += n;
	return (long)n;
}

static int
c_write(void *ctx, const char *p, size_t len)
{
	return 0;
}

static struct config *
cfg(void)
{
	static struct config	 c;
	static int		 done;

	if (!done) {
		if (config_defaults(&c) == -1)
			abort();
		c.max_body = 2048;
		c.max_fields = 8;
		c.max_field_len = 64;
		done = 1;
	}
	return &c;
}

/* Writes n as decimal into s (at least 21 bytes). */
static void
fmt_size(char *s, size_t n)
{
	char	 t[24];
	size_t	 i = 0, j;

	do {
		t[i++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	for (j = 0; j < i; j++)
		s[j] = t[i - 1 - j];
	s[i] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct client	 c;
	struct req_io	 io = { .param = c_param, .read = c_read,
	    .write = c_write, .ctx = &c };
	struct request	 r;
	struct arena	 a;
	struct buf	 out;
	struct form	 ref;
	char		*body;
	size_t		 blen, claim = 0;
	enum ug_err	 e, eref;
	int		 how;

	if (size < 3)
		return 0;
	blen = size - 3;
	body = fuzz_memdup(data + 3, blen);
	memset(&c, 0, sizeof(c));
	c.ctype = CTYPES[data[0] % 4];
	c.chunk = (size_t)data[1] + 1;
	c.body = body;
	c.len = blen;
	how = data[2] % 5;
	switch (how) {
	case 0:
		claim = blen;
		break;
	case 1:
		claim = blen > 0 ? blen - 1 : 0;
		break;
	case 2:
		claim = blen + 1;
		break;
	}
	if (how == 3)
		memcpy(c.clen, "12x", 4);
	else if (how == 4)
		memcpy(c.clen, "99999999999999999999", 21);
	else
		fmt_size(c.clen, claim);

	arena_init(&a, 4096);
	buf_init(&out);
	request_init(&r, &io, cfg(), NULL, &a, &out);
	e = request_decode_body(&r);
	if (how >= 3 || claim > (size_t)cfg()->max_body)
		FUZZ_CHECK(e == UG_ELIMIT);
	else if (claim > blen)
		FUZZ_CHECK(e == UG_EINVAL);
	else {
		form_init(&ref, &a, &r.limits);
		eref = form_parse_urlencoded(&ref, body, claim);
		FUZZ_CHECK(e == eref);
		FUZZ_CHECK(c.off == claim);
		if (e == UG_OK) {
			fuzz_check_form(&r.body, body, claim);
			fuzz_same_form(&r.body, &ref);
		}
	}
	request_free(&r);
	buf_free(&out);
	arena_free(&a);
	free(body);
	return 0;
}
