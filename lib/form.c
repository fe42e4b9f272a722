#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "form.h"
#include "text.h"

void
form_init(struct form *fm, struct arena *a, const struct form_limits *lim)
{
	fm->f = NULL;
	fm->n = 0;
	fm->arena = a;
	fm->lim = lim;
}

const struct field *
form_get(const struct form *fm, const char *name)
{
	size_t	 i, len = strlen(name);

	for (i = 0; i < fm->n; i++)
		if (fm->f[i].name_len == len &&
		    memcmp(fm->f[i].name, name, len) == 0)
			return &fm->f[i];
	return NULL;
}

/*
 * Appends a decoded field.  name and val must already be arena copies.
 * A repeated name is refused: PHP keeps the last, Flask the first, and a
 * proxy in front may have checked either, so neither is safe to guess.
 */
static enum ug_err
form_add(struct form *fm, const char *name, size_t nlen, const char *val,
    size_t vlen, enum field_type type)
{
	size_t	 i;

	if (nlen > fm->lim->max_field_len || vlen > fm->lim->max_field_len)
		return UG_ELIMIT;
	if (fm->n >= fm->lim->max_fields)
		return UG_ELIMIT;
	if (memchr(name, '\0', nlen) != NULL || memchr(val, '\0', vlen) != NULL)
		return UG_EINVAL;
	for (i = 0; i < fm->n; i++)
		if (fm->f[i].name_len == nlen &&
		    memcmp(fm->f[i].name, name, nlen) == 0)
			return UG_EINVAL;
	if (fm->f == NULL) {
		fm->f = arena_alloc(fm->arena,
		    fm->lim->max_fields * sizeof(*fm->f));
		if (fm->f == NULL)
			return UG_EINTERNAL;
	}
	fm->f[fm->n].name = name;
	fm->f[fm->n].name_len = nlen;
	fm->f[fm->n].val = val;
	fm->f[fm->n].val_len = vlen;
	fm->f[fm->n].type = type;
	fm->n++;
	return UG_OK;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes s[0..len) into a new arena string.  '+' is a space.
 * A '%' not followed by two hex digits is malformed.
 */
static enum ug_err
url_decode(struct arena *a, const char *s, size_t len, size_t max,
    const char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, j = 0;
	int	 hi, lo;

	/* Each decoded byte takes at least one input byte: cheap cap first. */
	if (len > 3 * max)
		return UG_ELIMIT;
	if ((d = arena_alloc(a, len + 1)) == NULL)
		return UG_EINTERNAL;
	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			d[j++] = ' ';
		else if (s[i] == '%') {
			if (len - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return UG_EINVAL;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			d[j++] = s[i];
	}
	d[j] = '\0';
	if (j > max)
		return UG_ELIMIT;
	*out = d;
	*outlen = j;
	return UG_OK;
}

enum ug_err
form_parse_urlencoded(struct form *fm, const char *s, size_t len)
{
	const char	*p = s, *end = s + len, *amp, *eq, *name, *val;
	size_t		 nlen, vlen;
	enum ug_err	 e;

	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {		/* "a=1&&b=2": empty pair */
			p++;
			continue;
		}
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (fm->n >= fm->lim->max_fields)
			return UG_ELIMIT;
		if ((e = url_decode(fm->arena, p, (size_t)(eq - p),
		    fm->lim->max_field_len, &name, &nlen)) != UG_OK)
			return e;
		if (eq < amp)
			e = url_decode(fm->arena, eq + 1, (size_t)(amp - eq - 1),
			    fm->lim->max_field_len, &val, &vlen);
		else {
			val = "";
			vlen = 0;
		}
		if (e != UG_OK)
			return e;
		if (nlen == 0)
			return UG_EINVAL;
		if ((e = form_add(fm, name, nlen, val, vlen, FIELD_STR)) != UG_OK)
			return e;
		p = amp < end ? amp + 1 : end;
	}
	return UG_OK;
}

int
form_media_type(const char *ctype, char *out, size_t outsz)
{
	size_t	 i = 0, n;

	if (ctype == NULL)
		ctype = "";
	while (*ctype == ' ' || *ctype == '\t')
		ctype++;
	n = strcspn(ctype, "; \t");
	if (n >= outsz)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)ctype[i]);
	out[n] = '\0';
	return 0;
}

/*
 * Finds parameter pname (e.g. "boundary", "name") in a header value of
 * the form 'type; a=b; c="d"'.  Returns 0 and the value's span, or -1.
 * A quoted value ends at the next quote; browsers percent-encode quotes
 * in field names (RFC 7578), so no escapes are needed.
 */
static int
header_param(const char *h, size_t hlen, const char *pname,
    const char **val, size_t *vlen)
{
	const char	*p = h, *end = h + hlen, *q;
	size_t		 plen = strlen(pname);

	/* Skip the leading type/disposition. */
	if ((p = memchr(p, ';', hlen)) == NULL)
		return -1;
	while (p < end) {
		p++;				/* past ';' */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		q = p;
		while (q < end && *q != '=' && *q != ';')
			q++;
		if (q < end && *q == '=' && (size_t)(q - p) == plen &&
		    strncasecmp(p, pname, plen) == 0) {
			q++;
			if (q < end && *q == '"') {
				const char *e = memchr(q + 1, '"',
				    (size_t)(end - q - 1));
				if (e == NULL)
					return -1;
				*val = q + 1;
				*vlen = (size_t)(e - q - 1);
				return 0;
			}
			p = q;
			while (q < end && *q != ';' && *q != ' ' && *q != '\t')
				q++;
			*val = p;
			*vlen = (size_t)(q - p);
			return 0;
		}
		/* Skip this parameter, honouring a quoted value. */
		while (q < end && *q != ';') {
			if (*q == '"') {
				const char *e = memchr(q + 1, '"',
				    (size_t)(end - q - 1));
				if (e == NULL)
					return -1;
				q = e;
			}
			q++;
		}
		p = q;
	}
	return -1;
}

/* Upper bound on one part's header block. */
#define PART_HEADERS_MAX	4096

enum ug_err
form_parse_multipart(struct form *fm, const char *body, size_t len,
    const char *ctype)
{
	const char	*bval, *p, *end = body + len, *hend, *next, *h, *eol;
	const char	*nval, *fval;
	char		 delim[80];	/* "\r\n--" + boundary (<= 70) */
	size_t		 blen, dlen, nlen, flen, nparts = 0;
	int		 is_file;
	enum ug_err	 e;

	if (ctype == NULL || header_param(ctype, strlen(ctype), "boundary",
	    &bval, &blen) == -1 || blen == 0 || blen > 70)
		return UG_EINVAL;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bval, blen);
	dlen = blen + 4;

	/* The first delimiter may open the body without a preceding CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		p = body + dlen - 2;
	else {
		if ((p = mem_find(body, len, delim, dlen)) == NULL)
			return UG_EINVAL;
		p += dlen;
	}
	for (;;) {
		/* p is just past a delimiter: "--" closes, CRLF opens a part. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return UG_OK;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return UG_EINVAL;
		p += 2;
		if (++nparts > fm->lim->max_fields)
			return UG_ELIMIT;
		/* The part runs to the next delimiter; its headers end inside. */
		next = mem_find(p, (size_t)(end - p), delim, dlen);
		if (next == NULL)
			return UG_EINVAL;
		hend = mem_find(p, (size_t)(next - p), "\r\n\r\n", 4);
		if (hend == NULL)
			return UG_EINVAL;
		if (hend - p > PART_HEADERS_MAX)
			return UG_ELIMIT;
		nval = NULL;
		nlen = 0;
		is_file = 0;
		for (h = p; h < hend + 2; h = eol + 2) {
			eol = mem_find(h, (size_t)(hend + 2 - h), "\r\n", 2);
			if (eol == NULL)
				break;
			if ((size_t)(eol - h) >= 20 &&
			    strncasecmp(h, "content-disposition:", 20) == 0) {
				if (header_param(h, (size_t)(eol - h), "name",
				    &nval, &nlen) == -1)
					return UG_EINVAL;
				if (header_param(h, (size_t)(eol - h),
				    "filename", &fval, &flen) == 0)
					is_file = 1;
			}
		}
		if (nval == NULL || nlen == 0)
			return UG_EINVAL;
		/* Uploaded files are not form fields ($_FILES, not $_POST). */
		if (!is_file) {
			const char	*n, *v;
			size_t		 vlen = (size_t)(next - hend - 4);

			if (nlen > fm->lim->max_field_len ||
			    vlen > fm->lim->max_field_len)
				return UG_ELIMIT;
			n = arena_strndup(fm->arena, nval, nlen);
			v = arena_strndup(fm->arena, hend + 4, vlen);
			if (n == NULL || v == NULL)
				return UG_EINTERNAL;
			if ((e = form_add(fm, n, nlen, v, vlen, FIELD_STR)) !=
			    UG_OK)
				return e;
		}
		p = next + dlen;
	}
}

/*
 * JSON values allowed in a body, anywhere in it, per max_fields: room for
 * the nested values a field may carry (which usergate ignores), and a
 * bound on what cJSON allocates for one request.
 */
#define JSON_NODES_PER_FIELD	16

/* Where a top-level member's number literal stands in the raw text. */
struct span {
	size_t	 off;
	size_t	 len;
};

/*
 * One pass over the raw JSON before cJSON sees it: nesting depth, raw
 * control characters in strings, NUL bytes and the \u0000 escape (which
 * cJSON would decode into a NUL and so silently truncate a name), and
 * the number of values anywhere in it, at most max_nodes: cJSON builds a
 * node of some 80 heap bytes per value, nested ones included, before
 * max_fields can be counted ({"a":[0,0,...]} costs 40 times its size).
 * It also notes where each top-level number value is, in order, so that
 * a number field keeps the text the client sent (cJSON keeps only a
 * double).
 */
static enum ug_err
json_prescan(const char *s, size_t len, size_t max_depth, size_t max_nodes,
    struct span *nums, size_t max_nums, size_t *nnums)
{
	size_t	 i, depth = 0, nodes = 1;	/* the top object */
	int	 in_str = 0, opened = 0;

	*nnums = 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\0')
			return UG_EINVAL;
		if (in_str) {
			if (c < 0x20)
				return UG_EINVAL;
			if (c == '\\') {
				if (i + 1 >= len)
					return UG_EINVAL;
				if (s[i + 1] == 'u') {
					if (len - i < 6)
						return UG_EINVAL;
					if (memcmp(s + i + 2, "0000", 4) == 0)
						return UG_EINVAL;
				}
				i++;
			} else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		/*
		 * A value (an object member counts once, with its name) is
		 * the first thing in a container that is not its end, or
		 * follows a comma: one cJSON node each.
		 */
		if ((opened && c != '}' && c != ']') || c == ',') {
			if (++nodes > max_nodes)
				return UG_ELIMIT;
		}
		opened = 0;
		if (c == '"')
			in_str = 1;
		else if (c == '{' || c == '[') {
			if (++depth > max_depth)
				return UG_ELIMIT;
			opened = 1;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return UG_EINVAL;
			depth--;
		} else if (depth == 1 && (c == '-' || (c >= '0' && c <= '9'))) {
			size_t start = i;

			while (i + 1 < len && strchr("0123456789+-.eE", s[i + 1]) &&
			    s[i + 1] != '\0')
				i++;
			if (*nnums >= max_nums)
				return UG_ELIMIT;
			nums[*nnums].off = start;
			nums[*nnums].len = i - start + 1;
			(*nnums)++;
		}
	}
	return UG_OK;
}

enum ug_err
form_parse_json(struct form *fm, const char *s, size_t len)
{
	cJSON		*root, *it;
	const char	*end = NULL, *name, *val;
	struct span	*nums;
	size_t		 i, nlen, vlen, nnums, inum = 0;
	enum field_type	 t;
	enum ug_err	 e;

	nums = arena_alloc(fm->arena, fm->lim->max_fields * sizeof(*nums));
	if (nums == NULL)
		return UG_EINTERNAL;
	if ((e = json_prescan(s, len, fm->lim->max_depth,
	    fm->lim->max_fields * JSON_NODES_PER_FIELD, nums,
	    fm->lim->max_fields, &nnums)) != UG_OK)
		return e;
	root = cJSON_ParseWithLengthOpts(s, len, &end, 0);
	if (root == NULL)
		return UG_EINVAL;
	e = UG_OK;
	if (!cJSON_IsObject(root)) {
		e = UG_EINVAL;
		goto out;
	}
	/* Only white space may follow the object. */
	for (i = (size_t)(end - s); i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			e = UG_EINVAL;
			goto out;
		}
	for (it = root->child; it != NULL; it = it->next) {
		if (fm->n >= fm->lim->max_fields) {
			e = UG_ELIMIT;
			goto out;
		}
		nlen = strlen(it->string);
		if (cJSON_IsString(it)) {
			t = FIELD_STR;
			val = it->valuestring;
			vlen = strlen(val);
		} else if (cJSON_IsNumber(it)) {
			/* The k-th top-level number is the k-th literal seen. */
			if (inum >= nnums) {
				e = UG_EINVAL;
				goto out;
			}
			t = FIELD_NUM;
			val = s + nums[inum].off;
			vlen = nums[inum].len;
			inum++;
		} else if (cJSON_IsBool(it)) {
			t = FIELD_BOOL;
			val = cJSON_IsTrue(it) ? "true" : "false";
			vlen = strlen(val);
		} else if (cJSON_IsNull(it)) {
			t = FIELD_NULL;
			val = "";
			vlen = 0;
		} else {
			t = FIELD_NESTED;
			val = "";
			vlen = 0;
		}
		if (nlen > fm->lim->max_field_len ||
		    vlen > fm->lim->max_field_len) {
			e = UG_ELIMIT;
			goto out;
		}
		name = arena_strndup(fm->arena, it->string, nlen);
		val = arena_strndup(fm->arena, val, vlen);
		if (name == NULL || val == NULL) {
			e = UG_EINTERNAL;
			goto out;
		}
		if (nlen == 0) {
			e = UG_EINVAL;
			goto out;
		}
		if ((e = form_add(fm, name, nlen, val, vlen, t)) != UG_OK)
			goto out;
	}
out:
	cJSON_Delete(root);
	return e;
}

enum ug_err
form_parse_body(struct form *fm, const char *ctype, const char *body,
    size_t len)
{
	char	 mt[128];

	if (form_media_type(ctype, mt, sizeof(mt)) == -1)
		return UG_EINVAL;
	if (mt[0] == '\0' || strcmp(mt, "application/x-www-form-urlencoded") == 0)
		return form_parse_urlencoded(fm, body, len);
	if (strcmp(mt, "multipart/form-data") == 0)
		return form_parse_multipart(fm, body, len, ctype);
	if (strcmp(mt, "application/json") == 0 ||
	    strcmp(mt, "text/json") == 0)
		return form_parse_json(fm, body, len);
	/* A body we cannot read is an error; an empty one has no fields. */
	return len == 0 ? UG_OK : UG_EINVAL;
}
