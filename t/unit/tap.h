/*
 * A tiny header-only TAP producer for the unit tests.
 *
 *	ok(cond, fmt, ...)		 one test, named by a printf format
 *	is_str(got, gotlen, exp, name)	 got[0..gotlen) equals the C string exp
 *	is_int(got, exp, name)		 two integers are equal
 *	diag(fmt, ...)			 a "# " comment on stderr
 *	TODO("reason") ... END_TODO	 failures in between are expected
 *	return done_testing();		 prints 1..N; nonzero if anything failed
 *
 * Everything is static and marked unused, so a test includes what it
 * needs and stays warning-free under the project's -Werror flags.
 */
#ifndef UG_TAP_H
#define UG_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TAP_FN	static __attribute__((unused))

static int		 tap_n;		/* tests run */
static int		 tap_failed;	/* failures outside TODO */
static const char	*tap_todo;	/* non-NULL: expected failures */

#define TODO(reason)	do { tap_todo = (reason); } while (0)
#define END_TODO	do { tap_todo = NULL; } while (0)

TAP_FN void	 diag(const char *, ...) __attribute__((format(printf, 1, 2)));
TAP_FN int	 ok(int, const char *, ...) __attribute__((format(printf, 2, 3)));
TAP_FN int	 tap_vok(int, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

TAP_FN void
diag(const char *fmt, ...)
{
	va_list	 ap;

	fflush(stdout);
	fputs("# ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

TAP_FN int
tap_vok(int cond, const char *fmt, va_list ap)
{
	char	 name[1024];
	size_t	 i;

	vsnprintf(name, sizeof(name), fmt, ap);
	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	/* Keep the name on one line and free of TAP directives. */
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '\n')
			fputs("\\n", stdout);
		else if (name[i] == '#')
			fputs("\\#", stdout);
		else if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			printf("\\x%02x", (unsigned char)name[i]);
		else
			putchar(name[i]);
	if (tap_todo != NULL)
		printf(" # TODO %s", tap_todo);
	else if (!cond)
		tap_failed++;
	putchar('\n');
	fflush(stdout);
	return cond;
}

TAP_FN int
ok(int cond, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	tap_vok(cond, fmt, ap);
	va_end(ap);
	return cond;
}

/* Diagnostics of an expected (TODO) failure go to stdout, as Test::More does. */
TAP_FN FILE *
tap_out(void)
{
	fflush(stdout);
	return tap_todo != NULL ? stdout : stderr;
}

/* Prints s[0..len) on tap_out() with non-printable bytes as \xNN. */
TAP_FN void
tap_dump(const char *label, const char *s, size_t len)
{
	FILE	*o = tap_out();
	size_t	 i;

	fprintf(o, "#   %8s: ", label);
	if (s == NULL) {
		fputs("NULL\n", o);
		return;
	}
	fputc('"', o);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(o, "\\x%02x", c);
		else
			fputc(c, o);
	}
	fprintf(o, "\" (%zu bytes)\n", len);
}

TAP_FN int
is_str(const char *got, size_t gotlen, const char *exp, const char *name)
{
	size_t	 elen = strlen(exp);
	int	 r;

	r = got != NULL && gotlen == elen && memcmp(got, exp, elen) == 0;
	ok(r, "%s", name);
	if (!r) {
		tap_dump("got", got, gotlen);
		tap_dump("expected", exp, elen);
	}
	return r;
}

TAP_FN int
is_int(long long got, long long exp, const char *name)
{
	int	 r = got == exp;

	ok(r, "%s", name);
	if (!r)
		fprintf(tap_out(), "#        got: %lld\n#   expected: %lld\n",
		    got, exp);
	return r;
}

TAP_FN int
done_testing(void)
{
	printf("1..%d\n", tap_n);
	fflush(stdout);
	if (tap_failed)
		diag("failed %d of %d tests", tap_failed, tap_n);
	return tap_failed != 0;
}

#endif
