/*
 * What every fuzz target shares: the libFuzzer entry point, a check that
 * aborts (so libFuzzer, or the replay driver under a sanitizer, reports
 * the input), and the properties every decoded form must have whatever
 * the input was:
 *
 *	- no more fields than max_fields, no name or value longer than
 *	  max_field_len, and no name or value longer than the input;
 *	- every name non-empty, no name repeated;
 *	- names and values NUL-terminated, with no NUL inside, and copies
 *	  (nothing points into the caller's input);
 *	- form_get() finds each field by its name.
 *
 * Everything is static and marked unused, like t/unit/tap.h, so each
 * target includes what it needs and stays warning-free under -Werror.
 */
#ifndef UG_FUZZ_H
#define UG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"

#define FUZZ_FN	static __attribute__((unused))

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The limits ordinary requests get (usergate's defaults). */
#define FUZZ_DEFAULT_LIMITS	{ 64, 8192, 8 }
/* Small limits, so that every boundary is cheap for the fuzzer to reach. */
#define FUZZ_SMALL_LIMITS	{ 4, 16, 3 }

#define FUZZ_CHECK(cond)	do {					\
	if (!(cond))							\
		fuzz_fail(__FILE__, __LINE__, #cond);			\
} while (0)

FUZZ_FN void	 fuzz_fail(const char *, int, const char *)
		    __attribute__((noreturn));

FUZZ_FN void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
	abort();
}

/* 1 if p lies within [base, base + len]. */
FUZZ_FN int
fuzz_within(const void *p, const void *base, size_t len)
{
	uintptr_t	 u = (uintptr_t)p, b = (uintptr_t)base;

	return u >= b && u <= b + len;
}

/* Checks the properties above of fm, decoded from in[0..inlen). */
FUZZ_FN void
fuzz_check_form(const struct form *fm, const void *in, size_t inlen)
{
	const struct form_limits	*lim = fm->lim;
	const struct field		*f;
	size_t				 i, j;

	FUZZ_CHECK(fm->n <= lim->max_fields);
	for (i = 0; i < fm->n; i++) {
		f = &fm->f[i];
		FUZZ_CHECK(f->name != NULL && f->val != NULL);
		FUZZ_CHECK(f->name_len >= 1);
		FUZZ_CHECK(f->name_len <= lim->max_field_len);
		FUZZ_CHECK(f->val_len <= lim->max_field_len);
		FUZZ_CHECK(f->name_len <= inlen);
		FUZZ_CHECK(f->val_len <= inlen);
		FUZZ_CHECK(f->name[f->name_len] == '\0');
		FUZZ_CHECK(f->val[f->val_len] == '\0');
		FUZZ_CHECK(memchr(f->name, '\0', f->name_len) == NULL);
		FUZZ_CHECK(memchr(f->val, '\0', f->val_len) == NULL);
		FUZZ_CHECK(!fuzz_within(f->name, in, inlen));
		FUZZ_CHECK(!fuzz_within(f->val, in, inlen) || f->val_len == 0);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(fm->f[j].name_len != f->name_len ||
			    memcmp(fm->f[j].name, f->name, f->name_len) != 0);
		/* form_get takes a C string: the name has no NUL, so it is one. */
		FUZZ_CHECK(form_get(fm, f->name) == f);
	}
}

/* Checks that a and b hold the same fields, in the same order. */
FUZZ_FN void
fuzz_same_form(const struct form *a, const struct form *b)
{
	size_t	 i;

	FUZZ_CHECK(a->n == b->n);
	for (i = 0; i < a->n; i++) {
		FUZZ_CHECK(a->f[i].name_len == b->f[i].name_len);
		FUZZ_CHECK(memcmp(a->f[i].name, b->f[i].name,
		    a->f[i].name_len) == 0);
		FUZZ_CHECK(a->f[i].val_len == b->f[i].val_len);
		FUZZ_CHECK(memcmp(a->f[i].val, b->f[i].val,
		    a->f[i].val_len) == 0);
		FUZZ_CHECK(a->f[i].type == b->f[i].type);
	}
}

/*
 * Splits s[0..len) at the first sep: the head is s[0..*hlen), the rest
 * follows sep.  Without a sep the head is everything and the rest empty.
 */
FUZZ_FN void
fuzz_split(const char *s, size_t len, char sep, size_t *hlen,
    const char **rest, size_t *rlen)
{
	const char	*p = memchr(s, sep, len);

	if (p == NULL) {
		*hlen = len;
		*rest = s + len;
		*rlen = 0;
		return;
	}
	*hlen = (size_t)(p - s);
	*rest = p + 1;
	*rlen = len - *hlen - 1;
}

/* A malloc'd NUL-terminated copy of s[0..len). */
FUZZ_FN char *
fuzz_strndup(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* A malloc'd copy of exactly s[0..len), so ASan sees a read past it. */
FUZZ_FN char *
fuzz_memdup(const void *s, size_t len)
{
	char	*p;

	if ((p = malloc(len > 0 ? len : 1)) == NULL)
		abort();
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

#endif
