/*
 * Fuzz target: multipart/form-data bodies, boundary and part headers
 * included.  Input: the Content-Type header value, a newline, then the
 * body.
 *
 * Properties, beyond those of every form (fuzz.h):
 *	- form_parse_body with that Content-Type gives the same answer when
 *	  its media type is multipart/form-data;
 *	- every name and value is a verbatim piece of the input (multipart
 *	  decodes nothing);
 *	- what decodes under small limits decodes the same under the
 *	  default ones, and a malformed body is malformed under both;
 *	- the decoded fields, written out again as a multipart body of our
 *	  own, decode to the same fields.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "fuzz.h"

static const struct form_limits	 SMALL = FUZZ_SMALL_LIMITS;
static const struct form_limits	 DEFLT = FUZZ_DEFAULT_LIMITS;

#define RT_BOUNDARY	"fuzz-rt-8d1f2c"
#define RT_CTYPE	"multipart/form-data; boundary=" RT_BOUNDARY

/*
 * Writes fm as a multipart body with our boundary; 0, or -1 if a field
 * cannot be written that way (a name with a quote or a line break, one
 * too long for a part's header block, or a value holding our boundary:
 * like a browser, we would have to choose another; a value that opens
 * with "--" and the boundary would close the part before it began).
 */
static int
rewrite(const struct form *fm, struct buf *b)
{
	const struct field	*f;
	size_t			 i;

	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		if (strpbrk(f->name, "\"\r\n") != NULL || f->name_len > 4000 ||
		    memmem(f->val, f->val_len, "--" RT_BOUNDARY,
		    sizeof("--" RT_BOUNDARY) - 1) != NULL)
			return -1;
		buf_adds(b, "--" RT_BOUNDARY "\r\n"
		    "Content-Disposition: form-data; name=\"");
		buf_add(b, f->name, f->name_len);
		buf_adds(b, "\"\r\n\r\n");
		buf_add(b, f->val, f->val_len);
		buf_adds(b, "\r\n");
	}
	buf_adds(b, "--" RT_BOUNDARY "--\r\n");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct form	 small, big, disp, again;
	struct buf	 rt;
	const char	*rest;
	char		*ctype, *body, mt[128];
	size_t		 clen, blen, i;
	enum ug_err	 es, eb, ed;

	fuzz_split((const char *)data, size, '\n', &clen, &rest, &blen);
	ctype = fuzz_strndup((const char *)data, clen);
	body = fuzz_memdup(rest, blen);
	arena_init(&a, 4096);
	form_init(&small, &a, &SMALL);
	form_init(&big, &a, &DEFLT);
	form_init(&disp, &a, &DEFLT);
	es = form_parse_multipart(&small, body, blen, ctype);
	eb = form_parse_multipart(&big, body, blen, ctype);
	FUZZ_CHECK(es == UG_OK || es == UG_EINVAL || es == UG_ELIMIT);
	FUZZ_CHECK(eb == UG_OK || eb == UG_EINVAL || eb == UG_ELIMIT);
	if (es == UG_OK) {
		fuzz_check_form(&small, body, blen);
		FUZZ_CHECK(eb == UG_OK);
		fuzz_same_form(&small, &big);
	}
	if (es == UG_EINVAL)
		FUZZ_CHECK(eb == UG_EINVAL);

	/* The dispatcher agrees when the media type is multipart. */
	if (form_media_type(ctype, mt, sizeof(mt)) == 0 &&
	    strcmp(mt, "multipart/form-data") == 0) {
		ed = form_parse_body(&disp, ctype, body, blen);
		FUZZ_CHECK(ed == eb);
		if (ed == UG_OK)
			fuzz_same_form(&disp, &big);
	}

	if (eb == UG_OK) {
		fuzz_check_form(&big, body, blen);
		for (i = 0; i < big.n; i++) {
			FUZZ_CHECK(memmem(body, blen, big.f[i].val,
			    big.f[i].val_len) != NULL);
			/* A name comes from a part's headers. */
			FUZZ_CHECK(memmem(body, blen, big.f[i].name,
			    big.f[i].name_len) != NULL);
		}
		buf_init(&rt);
		if (rewrite(&big, &rt) == 0 && !rt.oom) {
			form_init(&again, &a, &DEFLT);
			FUZZ_CHECK(form_parse_multipart(&again, rt.data, rt.len,
			    RT_CTYPE) == UG_OK);
			fuzz_same_form(&big, &again);
		}
		buf_free(&rt);
	}
	arena_free(&a);
	free(body);
	free(ctype);
	return 0;
}
