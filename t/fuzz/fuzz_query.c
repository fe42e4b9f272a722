/*
 * Fuzz target: the query string decoder (form_parse_urlencoded, which
 * request_decode_query uses on QUERY_STRING).  The input is the query.
 *
 * Beyond the properties of every form (fuzz.h):
 *	- what decodes under small limits decodes the same under the
 *	  default ones (limits refuse, they never change a value);
 *	- a decoded form, percent-encoded again, decodes to the same form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "fuzz.h"

static const struct form_limits	 SMALL = FUZZ_SMALL_LIMITS;
static const struct form_limits	 DEFLT = FUZZ_DEFAULT_LIMITS;

/* Encodes every byte but [A-Za-z0-9] as %XX, joins with '&'. */
static void
encode(const struct form *fm, struct buf *b)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const struct field	*f;
	size_t			 i, k;
	int			 part;

	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		if (i > 0)
			buf_addc(b, '&');
		for (part = 0; part < 2; part++) {
			const unsigned char *s = (const unsigned char *)
			    (part == 0 ? f->name : f->val);
			size_t n = part == 0 ? f->name_len : f->val_len;

			if (part == 1)
				buf_addc(b, '=');
			for (k = 0; k < n; k++) {
				if ((s[k] >= 'a' && s[k] <= 'z') ||
				    (s[k] >= 'A' && s[k] <= 'Z') ||
				    (s[k] >= '0' && s[k] <= '9'))
					buf_addc(b, (char)s[k]);
				else {
					buf_addc(b, '%');
					buf_addc(b, hex[s[k] >> 4]);
					buf_addc(b, hex[s[k] & 15]);
				}
			}
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct form	 small, big, again;
	struct buf	 enc;
	char		*in;
	enum ug_err	 es, eb;

	in = fuzz_memdup(data, size);
	arena_init(&a, 4096);
	form_init(&small, &a, &SMALL);
	form_init(&big, &a, &DEFLT);
	es = form_parse_urlencoded(&small, in, size);
	eb = form_parse_urlencoded(&big, in, size);
	FUZZ_CHECK(es == UG_OK || es == UG_EINVAL || es == UG_ELIMIT);
	FUZZ_CHECK(eb == UG_OK || eb == UG_EINVAL || eb == UG_ELIMIT);
	if (es == UG_OK) {
		fuzz_check_form(&small, in, size);
		FUZZ_CHECK(eb == UG_OK);
		fuzz_same_form(&small, &big);
	}
	/*
	 * Larger limits pass every check the small ones pass, so the same
	 * malformed field is reached and refused.
	 */
	if (es == UG_EINVAL)
		FUZZ_CHECK(eb == UG_EINVAL);
	if (eb == UG_OK) {
		fuzz_check_form(&big, in, size);
		buf_init(&enc);
		encode(&big, &enc);
		FUZZ_CHECK(!enc.oom);
		form_init(&again, &a, &DEFLT);
		FUZZ_CHECK(form_parse_urlencoded(&again,
		    enc.data != NULL ? enc.data : "", enc.len) == UG_OK);
		fuzz_same_form(&big, &again);
		buf_free(&enc);
	}
	arena_free(&a);
	free(in);
	return 0;
}
