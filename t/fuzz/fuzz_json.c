/*
 * Fuzz target: JSON request bodies (form_parse_json: the pre-scan for
 * depth, NULs and number literals, then cJSON).  The input is the body.
 *
 * Properties, beyond those of every form (fuzz.h):
 *	- each field's value matches its type: a number is a JSON number
 *	  literal found verbatim in the input, a boolean "true" or "false",
 *	  null and nested values "";
 *	- what decodes under small limits decodes the same under the
 *	  default ones, and a malformed body is malformed under both;
 *	- the decoded fields, written out again as JSON, decode to the same
 *	  fields with the same types.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "fuzz.h"

static const struct form_limits	 SMALL = FUZZ_SMALL_LIMITS;
static const struct form_limits	 DEFLT = FUZZ_DEFAULT_LIMITS;

/* Appends s[0..len) as a JSON string literal. */
static void
add_string(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i;
	unsigned char		 c;

	buf_addc(b, '"');
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c < 0x20) {
			buf_adds(b, "\\u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		} else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

static void
rewrite(const struct form *fm, struct buf *b)
{
	const struct field	*f;
	size_t			 i;

	buf_addc(b, '{');
	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		if (i > 0)
			buf_addc(b, ',');
		add_string(b, f->name, f->name_len);
		buf_addc(b, ':');
		switch (f->type) {
		case FIELD_STR:
			add_string(b, f->val, f->val_len);
			break;
		case FIELD_NUM:
		case FIELD_BOOL:
			buf_add(b, f->val, f->val_len);
			break;
		case FIELD_NULL:
			buf_adds(b, "null");
			break;
		case FIELD_NESTED:
			buf_adds(b, "{}");
			break;
		}
	}
	buf_addc(b, '}');
}

static void
check_types(const struct form *fm, const char *in, size_t len)
{
	const struct field	*f;
	size_t			 i;

	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		switch (f->type) {
		case FIELD_STR:
			break;
		case FIELD_NUM:
			FUZZ_CHECK(f->val_len >= 1);
			FUZZ_CHECK(f->val[0] == '-' ||
			    (f->val[0] >= '0' && f->val[0] <= '9'));
			FUZZ_CHECK(strspn(f->val, "0123456789+-.eE") ==
			    f->val_len);
			FUZZ_CHECK(memmem(in, len, f->val, f->val_len) != NULL);
			break;
		case FIELD_BOOL:
			FUZZ_CHECK(strcmp(f->val, "true") == 0 ||
			    strcmp(f->val, "false") == 0);
			break;
		case FIELD_NULL:
		case FIELD_NESTED:
			FUZZ_CHECK(f->val_len == 0);
			break;
		default:
			FUZZ_CHECK(!"a known field type");
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	 a;
	struct form	 small, big, disp, again;
	struct buf	 rt;
	char		*in;
	enum ug_err	 es, eb, ed;

	in = fuzz_memdup(data, size);
	arena_init(&a, 4096);
	form_init(&small, &a, &SMALL);
	form_init(&big, &a, &DEFLT);
	form_init(&disp, &a, &DEFLT);
	es = form_parse_json(&small, in, size);
	eb = form_parse_json(&big, in, size);
	FUZZ_CHECK(es == UG_OK || es == UG_EINVAL || es == UG_ELIMIT);
	FUZZ_CHECK(eb == UG_OK || eb == UG_EINVAL || eb == UG_ELIMIT);
	if (es == UG_OK) {
		fuzz_check_form(&small, in, size);
		check_types(&small, in, size);
		FUZZ_CHECK(eb == UG_OK);
		fuzz_same_form(&small, &big);
	}
	if (es == UG_EINVAL)
		FUZZ_CHECK(eb == UG_EINVAL);
	ed = form_parse_body(&disp, "application/json; charset=utf-8", in,
	    size);
	FUZZ_CHECK(ed == eb);
	if (eb == UG_OK) {
		fuzz_check_form(&big, in, size);
		check_types(&big, in, size);
		fuzz_same_form(&big, &disp);
		buf_init(&rt);
		rewrite(&big, &rt);
		FUZZ_CHECK(!rt.oom);
		form_init(&again, &a, &DEFLT);
		FUZZ_CHECK(form_parse_json(&again, rt.data, rt.len) == UG_OK);
		fuzz_same_form(&big, &again);
		buf_free(&rt);
	}
	arena_free(&a);
	free(in);
	return 0;
}
