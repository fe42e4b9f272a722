/*
 * Unit tests of lib/password.c.  sha512crypt with 1000 rounds keeps most
 * of them fast; yescrypt and bcrypt are each tried once.  password_init
 * is called again to switch policy, which re-initialises its semaphore:
 * fine in a single-threaded test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "password.h"
#include "tap.h"

#define S(lit)	(lit), sizeof(lit) - 1

static char	 err[256];

static int
init(const char *scheme, int cost)
{
	err[0] = '\0';
	if (password_init(scheme, cost, 2, 5, err, sizeof(err)) == -1) {
		diag("password_init(%s, %d): %s", scheme, cost, err);
		return -1;
	}
	return 0;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Verifies pw against hash; returns *ok, or -1 if the call failed. */
static int
verify(const char *pw, size_t len, const char *hash)
{
	int	 okv = -7;

	if (password_verify(pw, len, hash, &okv) != UG_OK)
		return -1;
	return okv;
}

static void
test_init(void)
{
	err[0] = '\0';
	is_int(password_init("md5", 0, 2, 5, err, sizeof(err)), -1,
	    "password_init: unknown scheme md5 refused");
	ok(err[0] != '\0', "password_init: with a message (%s)", err);
	err[0] = '\0';
	is_int(password_init("bcrypt", 3, 2, 5, err, sizeof(err)), -1,
	    "password_init: bcrypt cost 3 refused");
	ok(err[0] != '\0', "password_init: with a message (%s)", err);
	err[0] = '\0';
	is_int(password_init("bcrypt", 32, 2, 5, err, sizeof(err)), -1,
	    "password_init: bcrypt cost 32 refused");
}

static void
test_sha512(void)
{
	char	 h[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	char		*big;
	int		 okv;
	enum ug_err	 e;

	is_int(init("sha512crypt", 1000), 0, "password_init(sha512crypt, 1000)");

	memset(h, 0, sizeof(h));
	is_int(password_hash(S("correct horse"), h), UG_OK, "password_hash: OK");
	ok(starts(h, "$6$rounds=1000$"), "password_hash: sha512crypt 1000 rounds (%s)", h);
	is_int(password_hash(S("correct horse"), h2), UG_OK, "password_hash again");
	ok(strcmp(h, h2) != 0, "password_hash: a fresh salt each time");

	is_int(verify(S("correct horse"), h), 1, "password_verify: right password");
	is_int(verify(S("correct horse"), h2), 1, "password_verify: second hash");
	is_int(verify(S("correct horsE"), h), 0, "password_verify: wrong password");
	is_int(verify(S("correct hors"), h), 0, "password_verify: a prefix is wrong");
	is_int(verify(S("correct horse "), h), 0, "password_verify: an extension is wrong");
	is_int(verify("correct horse!", 13, h), 1,
	    "password_verify: reads only len bytes");

	okv = -7;
	is_int(password_verify(S("correct horse"), NULL, &okv), UG_OK,
	    "password_verify: NULL hash gives UG_OK");
	is_int(okv, 0, "password_verify: NULL hash gives ok=0");
	okv = -7;
	is_int(password_verify(S("correct horse"), "", &okv), UG_OK,
	    "password_verify: empty hash gives UG_OK");
	is_int(okv, 0, "password_verify: empty hash gives ok=0");
	okv = -7;
	is_int(password_verify(S("correct horse"), "xyz", &okv), UG_OK,
	    "password_verify: garbage hash xyz gives UG_OK");
	is_int(okv, 0, "password_verify: garbage hash xyz gives ok=0");
	okv = -7;
	is_int(password_verify(S("x"), "*", &okv), UG_OK,
	    "password_verify: locked hash * gives UG_OK");
	is_int(okv, 0, "password_verify: locked hash * gives ok=0");
	okv = -7;
	is_int(password_verify(S("x"), "$6$rounds=1000$", &okv), UG_OK,
	    "password_verify: truncated hash gives UG_OK");
	is_int(okv, 0, "password_verify: truncated hash gives ok=0");
	okv = -7;
	is_int(password_verify("", 0, h, &okv), UG_OK,
	    "password_verify: empty password gives UG_OK");
	is_int(okv, 0, "password_verify: empty password gives ok=0");
	okv = -7;
	is_int(password_verify("correct\0horse", 13, h, &okv), UG_OK,
	    "password_verify: password with NUL gives UG_OK");
	is_int(okv, 0, "password_verify: password with NUL gives ok=0");

	/* Unusable passwords are refused before hashing. */
	is_int(password_hash("", 0, h2), UG_EINVAL, "password_hash: empty is UG_EINVAL");
	is_int(password_hash("ab\0cd", 5, h2), UG_EINVAL,
	    "password_hash: embedded NUL is UG_EINVAL");
	is_int(password_hash("\0", 1, h2), UG_EINVAL,
	    "password_hash: lone NUL is UG_EINVAL");
	is_int(password_hash(S("x"), h2), UG_OK, "password_hash: one byte is fine");

	/* PASSWORD_MAX exactly, and one over. */
	if ((big = malloc(PASSWORD_MAX + 2)) == NULL)
		abort();
	memset(big, 'p', PASSWORD_MAX + 1);
	big[PASSWORD_MAX + 1] = '\0';
	/* libxcrypt takes at most CRYPT_MAX_PASSPHRASE_SIZE - 1 = 511 bytes. */
	is_int(password_hash(big, 511, h2), UG_OK, "password_hash: 511 bytes OK");
	is_int(verify(big, 511, h2), 1, "password_verify: 511 bytes matches");
	big[510] = 'q';
	is_int(verify(big, 511, h2), 0,
	    "password_verify: 511 bytes, last byte differs");
	big[510] = 'p';
	is_int(password_hash(big, 512, h2), UG_EINVAL,
	    "password_hash: 512 bytes (over PASSWORD_MAX) refused");
	e = password_hash(big, PASSWORD_MAX, h2);
	is_int(e, UG_OK, "password_hash: PASSWORD_MAX bytes OK");
	ok(e == UG_OK && verify(big, PASSWORD_MAX, h2) == 1,
	    "password_verify: PASSWORD_MAX bytes matches its hash");
	/* An unknown user must look exactly like a wrong password. */
	okv = -7;
	is_int(password_verify(big, 600, h, &okv), UG_OK,
	    "password_verify: 600 bytes against a real hash gives UG_OK");
	is_int(okv, 0, "password_verify: 600 bytes against a real hash gives ok=0");
	okv = -7;
	is_int(password_verify(big, 600, NULL, &okv), UG_OK,
	    "password_verify: 600 bytes against NULL hash gives UG_OK");
	is_int(okv, 0, "password_verify: 600 bytes against NULL hash gives ok=0");
	is_int(password_hash(big, PASSWORD_MAX + 1, h2), UG_EINVAL,
	    "password_hash: PASSWORD_MAX+1 bytes is UG_EINVAL");
	okv = -7;
	is_int(password_verify(big, PASSWORD_MAX + 1, h, &okv), UG_OK,
	    "password_verify: PASSWORD_MAX+1 bytes gives UG_OK");
	is_int(okv, 0, "password_verify: PASSWORD_MAX+1 bytes gives ok=0");
	free(big);
}

static void
test_rehash(void)
{
	char	 h1000[PASSWORD_HASH_MAX], h2000[PASSWORD_HASH_MAX];
	char	 hdef[PASSWORD_HASH_MAX], hb4[PASSWORD_HASH_MAX];
	char	 hy[PASSWORD_HASH_MAX];

	init("sha512crypt", 1000);
	is_int(password_hash(S("secret"), h1000), UG_OK, "hash under sha512crypt/1000");
	is_int(password_needs_rehash(h1000), 0,
	    "needs_rehash: hash of the current policy is 0");
	ok(password_needs_rehash("") == 1, "needs_rehash: empty hash is 1");
	ok(password_needs_rehash("xyz") == 1, "needs_rehash: garbage is 1");
	ok(password_needs_rehash("$6$") == 1, "needs_rehash: bare $6$ is 1");

	is_int(init("sha512crypt", 2000), 0, "password_init(sha512crypt, 2000)");
	is_int(password_needs_rehash(h1000), 1,
	    "needs_rehash: 1000 rounds under a 2000 policy is 1");
	is_int(verify(S("secret"), h1000), 1,
	    "password_verify: an old-policy hash still verifies");
	is_int(password_hash(S("secret"), h2000), UG_OK, "hash under sha512crypt/2000");
	is_int(password_needs_rehash(h2000), 0,
	    "needs_rehash: 2000 rounds under a 2000 policy is 0");

	/* Cost 0: libxcrypt's default (5000 rounds, written as plain "$6$"). */
	is_int(init("sha512crypt", 0), 0, "password_init(sha512crypt, 0)");
	is_int(password_hash(S("secret"), hdef), UG_OK, "hash under sha512crypt/default");
	ok(starts(hdef, "$6$") && !starts(hdef, "$6$rounds="),
	    "default sha512crypt hash has no rounds= (%s)", hdef);
	is_int(password_needs_rehash(hdef), 0,
	    "needs_rehash: default-cost hash under default policy is 0");
	is_int(password_needs_rehash(h1000), 1,
	    "needs_rehash: 1000 rounds under the default policy is 1");
	is_int(password_needs_rehash(h2000), 1,
	    "needs_rehash: 2000 rounds under the default policy is 1");
	init("sha512crypt", 1000);
	is_int(password_needs_rehash(hdef), 1,
	    "needs_rehash: default-cost hash under a 1000 policy is 1");

	/* bcrypt. */
	is_int(init("bcrypt", 4), 0, "password_init(bcrypt, 4)");
	is_int(password_hash(S("secret"), hb4), UG_OK, "password_hash under bcrypt");
	ok(starts(hb4, "$2b$04$"), "bcrypt hash starts with $2b$04$ (%s)", hb4);
	ok(starts(hb4, "$2b$"), "bcrypt hash starts with $2b$");
	is_int(verify(S("secret"), hb4), 1, "bcrypt: right password");
	is_int(verify(S("secreT"), hb4), 0, "bcrypt: wrong password");
	is_int(password_needs_rehash(hb4), 0, "needs_rehash: bcrypt/4 under bcrypt/4 is 0");
	is_int(password_needs_rehash(h1000), 1, "needs_rehash: sha512crypt under bcrypt is 1");
	is_int(verify(S("secret"), h1000), 1,
	    "password_verify: sha512crypt hash verifies under bcrypt policy");
	is_int(init("bcrypt", 5), 0, "password_init(bcrypt, 5)");
	is_int(password_needs_rehash(hb4), 1, "needs_rehash: bcrypt/4 under bcrypt/5 is 1");

	/* yescrypt with libxcrypt's default cost. */
	is_int(init("yescrypt", 0), 0, "password_init(yescrypt, 0)");
	is_int(password_hash(S("secret"), hy), UG_OK, "password_hash under yescrypt");
	ok(starts(hy, "$y$"), "yescrypt hash starts with $y$ (%s)", hy);
	is_int(verify(S("secret"), hy), 1, "yescrypt: right password");
	is_int(verify(S("Secret"), hy), 0, "yescrypt: wrong password");
	is_int(verify(S("secret"), NULL), 0, "yescrypt: NULL hash gives ok=0");
	is_int(password_needs_rehash(hy), 0, "needs_rehash: yescrypt under yescrypt is 0");
	is_int(password_needs_rehash(hb4), 1, "needs_rehash: bcrypt under yescrypt is 1");
	is_int(password_needs_rehash(hdef), 1, "needs_rehash: sha512crypt under yescrypt is 1");
	is_int(verify(S("secret"), hb4), 1,
	    "password_verify: bcrypt hash verifies under yescrypt policy");
}

/* D14: what may be written as a stored hash. */
static void
test_storable(void)
{
	char	 h[PASSWORD_HASH_MAX + 2];

	memset(h, 'a', sizeof(h));
	is_int(password_storable(h, PASSWORD_HASH_MAX), 1,
	    "storable: exactly the column's 384 characters");
	is_int(password_storable(h, PASSWORD_HASH_MAX + 1), 0,
	    "storable: one more is refused");
	is_int(password_storable(h, 0), 0, "storable: empty is refused");
	is_int(password_storable("$y$j9T$a b", 10), 0, "storable: a blank is refused");
	is_int(password_storable("$y$\n", 4), 0, "storable: a newline is refused");
	is_int(password_storable("$y$\x80", 4), 0, "storable: non-ASCII is refused");
}

/* A counter of /proc/vmstat; -1 if there is none. */
static long
vmstat(const char *name)
{
	char	 line[128];
	size_t	 n = strlen(name);
	long	 v = -1;
	FILE	*f;

	if ((f = fopen("/proc/vmstat", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, n) == 0 && line[n] == ' ')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/*
 * yescrypt's 16 MiB are asked for in huge pages (password.c, mmap):
 * the kernel's huge-page faults (or fallbacks, when it has none free)
 * grow by the region's 2 MiB pieces during one hash.
 */
static void
test_huge_memory(void)
{
	char	 h[PASSWORD_HASH_MAX + 1], mode[128] = "";
	long	 before, after;
	FILE	*f;

	if ((f = fopen("/sys/kernel/mm/transparent_hugepage/enabled",
	    "r")) != NULL) {
		if (fgets(mode, sizeof(mode), f) == NULL)
			mode[0] = '\0';
		fclose(f);
	}
	if (!password_huge_memory()) {
		diag("huge pages not tried: a sanitizer build maps as its "
		    "runtime does");
		return;
	}
	if (mode[0] == '\0' || strstr(mode, "[never]") != NULL ||
	    vmstat("thp_fault_alloc") == -1) {
		diag("huge pages not tried: the kernel has none (%.*s)",
		    (int)strcspn(mode, "\n"), mode);
		return;
	}
	is_int(init("yescrypt", 0), 0, "password_init(yescrypt, 0)");
	before = vmstat("thp_fault_alloc") + vmstat("thp_fault_fallback");
	is_int(password_hash(S("secret"), h), UG_OK, "password_hash under yescrypt");
	after = vmstat("thp_fault_alloc") + vmstat("thp_fault_fallback");
	ok(after - before >= 4, "yescrypt's memory faulted in huge pages: "
	    "%ld huge-page faults (transparent_hugepage %.*s)", after - before,
	    (int)strcspn(mode, "\n"), mode);
}

int
main(void)
{
	test_storable();
	test_init();
	test_sha512();
	test_rehash();
	test_huge_memory();
	return done_testing();
}
