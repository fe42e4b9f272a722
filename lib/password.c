#include "autoconf.h"

#include <ctype.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <crypt.h>

#include "legacy.h"
#include "password.h"
#include "text.h"

_Static_assert(PASSWORD_MAX < CRYPT_MAX_PASSPHRASE_SIZE,
    "PASSWORD_MAX must fit libxcrypt");

_Static_assert(PASSWORD_HASH_MAX >= CRYPT_OUTPUT_SIZE - 1,
    "a libxcrypt hash must fit the column");

static struct {
	const char	*prefix;	/* "$y$", "$2b$", "$6$" */
	unsigned long	 cost;
	char		 policy[64];	/* a setting up to its salt */
	size_t		 policy_len;
	char		 dummy[PASSWORD_HASH_MAX];
	sem_t		 slots;
	int		 wait;
} pw;

/*
 * yescrypt's memory in huge pages.  libxcrypt maps a fresh 16 MiB for
 * each hash (plain mmap, no madvise) and unmaps it after; where the
 * kernel gives huge pages only to memory that asks (transparent_hugepage
 * "madvise", common in VMs and on Ubuntu), that is 4,100 page faults and
 * a 16 MiB unmap a hash: over a third of the CPU went to the kernel.
 * usergate defines mmap(2), which libcrypt's calls reach before the C
 * library's (the C library's own calls do not come here), and asks for
 * huge pages for the anonymous maps of 2 MiB or more made while this
 * thread is inside crypt_rn; any other map is the plain system call.
 * Measured on 2 cores: 148 -> 205 hashes/s, logins 109 -> 166/s.  Under
 * "always" the advice changes nothing, under "never" the kernel ignores
 * it.  64-bit only (where SYS_mmap is mmap itself), and not in sanitizer
 * builds: their runtimes intercept mmap themselves.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define HUGE_HASH_MEMORY	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define HUGE_HASH_MEMORY	0
#endif
#endif
#ifndef HUGE_HASH_MEMORY
#define HUGE_HASH_MEMORY	1
#endif

#if HUGE_HASH_MEMORY && defined(MADV_HUGEPAGE) && defined(SYS_mmap) && \
    defined(__LP64__)
/*
 * Volatile: crypt.h declares crypt_rn a leaf (no calls back into this
 * file), which would let the compiler drop the store before it.
 */
static __thread volatile int	 hashing;

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void	*p;

	/* syscall(2) reads each argument as a long. */
	p = (void *)syscall(SYS_mmap, addr, (long)len, (long)prot, (long)flags,
	    (long)fd, (long)off);
	if (hashing && p != MAP_FAILED && (flags & MAP_ANONYMOUS) &&
	    len >= (size_t)2 << 20)
		(void)madvise(p, len, MADV_HUGEPAGE);
	return p;
}
#define HASHING(on)	(hashing = (on))
#define HUGE_HASHING	1
#else
#define HASHING(on)	((void)0)
#define HUGE_HASHING	0
#endif

int
password_huge_memory(void)
{
	return HUGE_HASHING;
}

/* crypt_rn, its memory in huge pages where the kernel has them. */
static char *
crypt_huge(const char *pass, const char *setting, struct crypt_data *cd)
{
	char	*out;

	HASHING(1);
	out = crypt_rn(pass, setting, cd, sizeof(*cd));
	HASHING(0);
	return out;
}

static int
make_setting(char *out, size_t outsz)
{
	return crypt_gensalt_rn(pw.prefix, pw.cost, NULL, 0, out, (int)outsz)
	    == NULL ? -1 : 0;
}

/*
 * The length of the part of a setting or hash that names the method and
 * its cost, not the salt: "$y$j9T$", "$2b$12$", "$6$rounds=N$", or "$6$"
 * (sha512crypt at its default cost).  0 for a method we do not issue.
 */
static size_t
policy_part(const char *s)
{
	const char	*p;
	int		 dollars = 0;

	if (strncmp(s, "$2b$", 4) == 0)
		return strlen(s) >= 7 ? 7 : 0;
	if (strncmp(s, "$6$", 3) == 0 && strncmp(s + 3, "rounds=", 7) != 0)
		return 3;
	if (strncmp(s, "$6$", 3) != 0 && strncmp(s, "$y$", 3) != 0)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (*p == '$' && ++dollars == 3)
			return (size_t)(p - s) + 1;
	return 0;
}

int
password_init(const char *scheme, int cost, int concurrency, int wait,
    char *err, size_t errsz)
{
	char		 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	unsigned char	 rnd[16];
	char		 rndhex[33];
	struct crypt_data *cd;
	long		 ncpu;

	if (strcmp(scheme, "yescrypt") == 0)
		pw.prefix = "$y$";
	else if (strcmp(scheme, "bcrypt") == 0)
		pw.prefix = "$2b$";
	else if (strcmp(scheme, "sha512crypt") == 0)
		pw.prefix = "$6$";
	else {
		snprintf(err, errsz, "unknown password scheme %s", scheme);
		return -1;
	}
	pw.cost = (unsigned long)cost;
	if (make_setting(setting, sizeof(setting)) == -1) {
		snprintf(err, errsz, "password_cost %d is not valid for %s",
		    cost, scheme);
		return -1;
	}
	pw.policy_len = policy_part(setting);
	if (pw.policy_len == 0 || pw.policy_len >= sizeof(pw.policy)) {
		snprintf(err, errsz, "unexpected crypt setting");
		return -1;
	}
	memcpy(pw.policy, setting, pw.policy_len);
	pw.policy[pw.policy_len] = '\0';

	/* The dummy hash is of a random password nobody can know. */
	if ((cd = calloc(1, sizeof(*cd))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	if (crypt_gensalt_rn(pw.prefix, pw.cost, NULL, 0, setting,
	    sizeof(setting)) == NULL || getentropy(rnd, sizeof(rnd)) == -1) {
		free(cd);
		snprintf(err, errsz, "no random source: %s", strerror(errno));
		return -1;
	}
	hex_encode(rnd, sizeof(rnd), rndhex);
	if (crypt_huge(rndhex, setting, cd) == NULL ||
	    cd->output[0] == '*') {
		free(cd);
		snprintf(err, errsz, "crypt failed for %s", scheme);
		return -1;
	}
	snprintf(pw.dummy, sizeof(pw.dummy), "%s", cd->output);
	free(cd);

	/*
	 * One slot per CPU and one more: a hash is held up now and then (its
	 * 16 MiB faulted in, the memory map's lock taken by another thread's
	 * mmap), and the spare keeps the cores hashing meanwhile.  Measured:
	 * 2-5% of idle CPU during a login storm with one per CPU, 1-2% with
	 * the spare.
	 */
	if (concurrency <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		concurrency = ncpu > 0 ? (int)ncpu + 1 : 1;
	}
	if (sem_init(&pw.slots, 0, (unsigned)concurrency) == -1) {
		snprintf(err, errsz, "sem_init: %s", strerror(errno));
		return -1;
	}
	pw.wait = wait > 0 ? wait : 10;
	return 0;
}

/*
 * Waits up to hash_wait seconds for a hashing slot: 0, or -1 when none
 * came.  The deadline is on the monotonic clock where the C library can
 * wait on it (glibc 2.30), so that a step of the wall clock neither
 * stretches nor cuts the wait.
 */
static int
slot_take(void)
{
	struct timespec	 ts;

#ifdef HAVE_SEM_CLOCKWAIT
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += pw.wait;
	while (sem_clockwait(&pw.slots, CLOCK_MONOTONIC, &ts) == -1)
#else
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += pw.wait;
	while (sem_timedwait(&pw.slots, &ts) == -1)
#endif
		if (errno != EINTR)
			return -1;
	return 0;
}

/* crypt_rn into a fresh crypt_data; the result copied to out. */
static enum ug_err
run_crypt(const char *pass, const char *setting, char *out)
{
	struct crypt_data	*cd;
	enum ug_err		 e = UG_OK;

	if (slot_take() == -1)
		return UG_EBUSY;
	if ((cd = calloc(1, sizeof(*cd))) == NULL) {
		sem_post(&pw.slots);
		return UG_EINTERNAL;
	}
	if (crypt_huge(pass, setting, cd) == NULL ||
	    cd->output[0] == '*')
		e = UG_EINVAL;		/* setting not understood */
	else
		snprintf(out, PASSWORD_HASH_MAX, "%s", cd->output);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	sem_post(&pw.slots);
	return e;
}

/* NUL-terminated copy of a counted password, refused if unusable. */
static enum ug_err
pw_copy(const char *p, size_t len, char *out)
{
	if (len == 0 || len > PASSWORD_MAX || memchr(p, '\0', len) != NULL)
		return UG_EINVAL;
	memcpy(out, p, len);
	out[len] = '\0';
	return UG_OK;
}

enum ug_err
password_hash(const char *p, size_t len, char *out)
{
	char		 pass[PASSWORD_MAX + 1];
	char		 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	enum ug_err	 e;

	if ((e = pw_copy(p, len, pass)) != UG_OK)
		return e;
	if (make_setting(setting, sizeof(setting)) == -1)
		e = UG_EINTERNAL;
	else
		e = run_crypt(pass, setting, out);
	explicit_bzero(pass, sizeof(pass));
	return e;
}

static enum ug_err	 verify_wrapped(const char *, size_t, const char *,
			    int *);

enum ug_err
password_verify(const char *p, size_t len, const char *hash, int *ok)
{
	char		 pass[PASSWORD_MAX + 1], out[PASSWORD_HASH_MAX];
	size_t		 hl;
	enum ug_err	 e;

	*ok = 0;
	if (pw_copy(p, len, pass) != UG_OK)
		return UG_OK;		/* can never match; nothing to hide */
	if (hash == NULL || hash[0] == '\0') {
		/* The same outcome as a stored hash that fails, below. */
		if ((e = run_crypt(pass, pw.dummy, out)) == UG_EINVAL)
			e = UG_OK;
	} else if (password_is_wrapped(hash)) {
		e = verify_wrapped(pass, len, hash, ok);
	} else {
		e = run_crypt(pass, hash, out);
		hl = strlen(hash);
		if (e == UG_OK && strlen(out) == hl &&
		    ct_memcmp(out, hash, hl) == 0)
			*ok = 1;
		if (e == UG_EINVAL)	/* a stored hash we cannot read */
			e = UG_OK;
	}
	explicit_bzero(pass, sizeof(pass));
	return e;
}

int
password_needs_rehash(const char *hash)
{
	/* A wrap is always replaced by a plain hash once it has verified. */
	if (password_is_wrapped(hash))
		return 1;
	return policy_part(hash) != pw.policy_len ||
	    strncmp(hash, pw.policy, pw.policy_len) != 0;
}

int
password_storable(const char *h, size_t len)
{
	size_t	 i;

	if (h == NULL || len == 0 || len > PASSWORD_HASH_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (h[i] < 0x21 || h[i] > 0x7e)
			return 0;
	return 1;
}

/* --- legacy stores ------------------------------------------------------ */

#define WRAP_TAG	"$ugwrap$"
#define WRAP_TAG_LEN	(sizeof(WRAP_TAG) - 1)
#define SALT_MAX	64

static const char *const legacy_names[PWL_NSCHEMES] = {
	"crypt", "plain", "md5", "werkzeug", "alist"
};

/* A wrap, or a Werkzeug string, taken apart (pointers into it). */
struct wrap {
	enum pw_legacy	 scheme;
	int		 prf;
	unsigned long	 iter;
	const char	*salt;
	size_t		 salt_len;
	const char	*inner;		/* the crypt string (wraps) or hex */
	size_t		 inner_len;
};

const char *
password_legacy_name(enum pw_legacy s)
{
	return (unsigned)s < PWL_NSCHEMES ? legacy_names[s] : "?";
}

int
password_legacy_parse(const char *s, size_t len)
{
	int	 i;

	for (i = 0; i < PWL_NSCHEMES; i++)
		if (str_is(s, len, legacy_names[i]))
			return i;
	return -1;
}

int
password_is_wrapped(const char *h)
{
	return strncmp(h, WRAP_TAG, WRAP_TAG_LEN) == 0;
}

/* A salt that can sit between two '$' of a stored hash. */
static int
salt_ok(const char *s, size_t len)
{
	size_t	 i;

	if (len > SALT_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == '$')
			return 0;
	return 1;
}

static int
is_hex(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

static size_t
prf_hex_len(int prf)
{
	return prf == LEGACY_SHA1 ? 40 : prf == LEGACY_SHA512 ? 128 : 64;
}

/* Strict decimal iterations, 1 to LEGACY_PBKDF2_MAX_ITER. */
static int
iter_parse(const char *s, size_t len, unsigned long *out)
{
	uint64_t	 v;

	if (len == 0 || len > 8 || s[0] == '0' ||
	    parse_u64(s, len, LEGACY_PBKDF2_MAX_ITER, &v) == -1 || v == 0)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

/*
 * Werkzeug's "pbkdf2:<prf>:<iterations>$<salt>$<hex>".  One without its
 * iterations took Werkzeug's default of the day, which nobody can know
 * now: refused.
 */
static int
werkzeug_parse(const char *s, size_t len, struct wrap *w)
{
	const char	*end = s + len, *a, *b, *c;

	if (len < 7 || memcmp(s, "pbkdf2:", 7) != 0)
		return -1;
	a = s + 7;
	if ((b = memchr(a, ':', (size_t)(end - a))) == NULL)
		return -1;
	if ((w->prf = legacy_prf_parse(a, (size_t)(b - a))) < 0)
		return -1;
	b++;
	if ((c = memchr(b, '$', (size_t)(end - b))) == NULL ||
	    iter_parse(b, (size_t)(c - b), &w->iter) == -1)
		return -1;
	w->salt = ++c;
	if ((c = memchr(c, '$', (size_t)(end - c))) == NULL)
		return -1;
	w->salt_len = (size_t)(c - w->salt);
	w->inner = c + 1;
	w->inner_len = (size_t)(end - w->inner);
	if (w->salt_len == 0 || !salt_ok(w->salt, w->salt_len) ||
	    w->inner_len != prf_hex_len(w->prf) || !is_hex(w->inner, w->inner_len))
		return -1;
	w->scheme = PWL_WERKZEUG;
	return 0;
}

/* A stored wrap, taken apart; -1 if it is not one we made. */
static int
wrap_parse(const char *h, struct wrap *w)
{
	const char	*p, *q;
	size_t		 n;

	memset(w, 0, sizeof(*w));
	if (!password_is_wrapped(h))
		return -1;
	p = h + WRAP_TAG_LEN;
	if ((q = strchr(p, '$')) == NULL)
		return -1;
	n = (size_t)(q - p);
	if (str_is(p, n, "plain"))
		w->scheme = PWL_PLAIN;
	else if (str_is(p, n, "md5"))
		w->scheme = PWL_MD5;
	else if (str_is(p, n, "alist"))
		w->scheme = PWL_ALIST;
	else if (n > 7 && memcmp(p, "pbkdf2-", 7) == 0 &&
	    (w->prf = legacy_prf_parse(p + 7, n - 7)) >= 0)
		w->scheme = PWL_WERKZEUG;
	else
		return -1;
	p = q + 1;
	if (w->scheme == PWL_WERKZEUG) {
		if ((q = strchr(p, '$')) == NULL ||
		    iter_parse(p, (size_t)(q - p), &w->iter) == -1)
			return -1;
		p = q + 1;
	}
	if (w->scheme == PWL_WERKZEUG || w->scheme == PWL_ALIST) {
		if ((q = strchr(p, '$')) == NULL)
			return -1;
		w->salt = p;
		w->salt_len = (size_t)(q - p);
		p = q + 1;
	}
	if (p[0] != '$')
		return -1;
	w->inner = p;
	w->inner_len = strlen(p);
	return 0;
}

/*
 * The legacy digest of password pw under w, as lowercase hex into out
 * (LEGACY_HEX_MAX + 1 bytes); for plain, the password itself.  -1 if
 * it cannot be a password.
 */
static int
wrap_digest(const struct wrap *w, const char *p, size_t len, char *out)
{
	switch (w->scheme) {
	case PWL_PLAIN:
		if (len == 0 || len > PASSWORD_MAX)
			return -1;
		memcpy(out, p, len);
		out[len] = '\0';
		return 0;
	case PWL_MD5:
		legacy_md5_hex(p, len, out);
		return 0;
	case PWL_WERKZEUG:
		legacy_pbkdf2_hex(w->prf, p, len, w->salt, w->salt_len,
		    w->iter, out);
		return 0;
	case PWL_ALIST:
		legacy_alist_hex(p, len, w->salt, w->salt_len, out);
		return 0;
	default:
		return -1;
	}
}

static enum ug_err
verify_wrapped(const char *pass, size_t len, const char *hash, int *ok)
{
	char		 dig[PASSWORD_MAX + LEGACY_HEX_MAX + 2];
	char		 out[PASSWORD_HASH_MAX];
	struct wrap	 w;
	enum ug_err	 e;

	if (wrap_parse(hash, &w) == -1 || wrap_digest(&w, pass, len, dig) ==
	    -1) {
		/* Unreadable: the cost of a failure all the same. */
		if ((e = run_crypt(pass, pw.dummy, out)) == UG_EINVAL)
			e = UG_OK;
		return e;
	}
	e = run_crypt(dig, w.inner, out);
	explicit_bzero(dig, sizeof(dig));
	if (e == UG_OK && strlen(out) == w.inner_len &&
	    ct_memcmp(out, w.inner, w.inner_len) == 0)
		*ok = 1;
	return e == UG_EINVAL ? UG_OK : e;
}

int
password_legacy_guess(const char *s, size_t len)
{
	struct wrap	 w;

	if (len > 0 && s[0] == '$')
		return PWL_CRYPT;
	if (werkzeug_parse(s, len, &w) == 0)
		return PWL_WERKZEUG;
	if (len == LEGACY_MD5_HEX && is_hex(s, len))
		return PWL_MD5;
	return -1;
}

/* Takes old apart into w (the legacy digest as hex in w->inner). */
static enum ug_err
old_parse(const struct pw_old *o, struct wrap *w)
{
	memset(w, 0, sizeof(*w));
	w->scheme = o->scheme;
	w->inner = o->s;
	w->inner_len = o->len;
	if (o->s == NULL || o->len == 0 || memchr(o->s, '\0', o->len) != NULL)
		return UG_EINVAL;
	switch (o->scheme) {
	case PWL_CRYPT:
		if (o->s[0] != '$' || !password_storable(o->s, o->len) ||
		    o->len >= CRYPT_OUTPUT_SIZE)
			return UG_EINVAL;
		return UG_OK;
	case PWL_PLAIN:
		return o->len <= PASSWORD_MAX ? UG_OK : UG_EINVAL;
	case PWL_MD5:
		return o->len == LEGACY_MD5_HEX && is_hex(o->s, o->len) ?
		    UG_OK : UG_EINVAL;
	case PWL_WERKZEUG:
		return werkzeug_parse(o->s, o->len, w) == 0 ? UG_OK : UG_EINVAL;
	case PWL_ALIST:
		if (o->len != LEGACY_SHA256_HEX || !is_hex(o->s, o->len) ||
		    (o->salt_len > 0 && o->salt == NULL) ||
		    !salt_ok(o->salt, o->salt_len))
			return UG_EINVAL;
		w->salt = o->salt;
		w->salt_len = o->salt_len;
		return UG_OK;
	default:
		return UG_EINVAL;
	}
}

/*
 * 1 if a crypt string ends in a hash of its method's length, in
 * crypt(3)'s alphabet: what checking the setting alone cannot tell (a
 * string cut short by a narrow legacy column, say).  Methods not listed
 * pass on their setting.
 */
static int
crypt_shape_ok(const char *s, size_t len)
{
	static const struct {
		const char	*prefix;
		size_t		 tail;	/* characters after the last '$' */
	} shapes[] = {
		{ "$2a$", 53 }, { "$2b$", 53 }, { "$2x$", 53 }, { "$2y$", 53 },
		{ "$1$", 22 }, { "$5$", 43 }, { "$6$", 86 }, { "$y$", 43 },
		{ "$gy$", 43 }, { "$7$", 43 }
	};
	const char	*last;
	size_t		 i, j, tail;

	if ((last = memrchr(s, '$', len)) == NULL)
		return 0;
	tail = len - (size_t)(last + 1 - s);
	for (j = 0; j < tail; j++)
		if (!isalnum((unsigned char)last[1 + j]) && last[1 + j] != '.' &&
		    last[1 + j] != '/')
			return 0;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		if (strncmp(s, shapes[i].prefix, strlen(shapes[i].prefix)) == 0)
			return tail == shapes[i].tail && (shapes[i].tail != 53 ||
			    len == 60);
	return tail > 0;
}

enum ug_err
password_legacy_check(const struct pw_old *o)
{
	struct wrap	 w;
	char		 z[CRYPT_OUTPUT_SIZE];
	int		 c;

	if (old_parse(o, &w) != UG_OK)
		return UG_EINVAL;
	if (o->scheme != PWL_CRYPT)
		return UG_OK;
	/* A method libxcrypt knows, with a setting it accepts ... */
	memcpy(z, o->s, o->len);
	z[o->len] = '\0';
	c = crypt_checksalt(z);
	if (c != CRYPT_SALT_OK && c != CRYPT_SALT_METHOD_LEGACY &&
	    c != CRYPT_SALT_TOO_CHEAP)
		return UG_EINVAL;
	/* ... and a hash of its length, not a setting or a cut one. */
	return crypt_shape_ok(o->s, o->len) ? UG_OK : UG_EINVAL;
}

/* The digest as a wrap holds it: lowercase hex, or the plaintext. */
static void
digest_text(const struct wrap *w, char *out)
{
	size_t	 i;

	memcpy(out, w->inner, w->inner_len);
	out[w->inner_len] = '\0';
	if (w->scheme != PWL_PLAIN)
		for (i = 0; i < w->inner_len; i++)
			if (out[i] >= 'A' && out[i] <= 'F')
				out[i] = (char)(out[i] - 'A' + 'a');
}

/* The wrap's head: "$ugwrap$md5$", with its parameters. */
static int
wrap_head(const struct wrap *w, char *out, size_t outsz)
{
	int	 n;

	switch (w->scheme) {
	case PWL_WERKZEUG:
		n = snprintf(out, outsz, WRAP_TAG "pbkdf2-%s$%lu$%.*s$",
		    legacy_prf_name(w->prf), w->iter, (int)w->salt_len,
		    w->salt);
		break;
	case PWL_ALIST:
		n = snprintf(out, outsz, WRAP_TAG "alist$%.*s$",
		    (int)w->salt_len, w->salt ? w->salt : "");
		break;
	default:
		n = snprintf(out, outsz, WRAP_TAG "%s$",
		    password_legacy_name(w->scheme));
		break;
	}
	return n < 0 || (size_t)n >= outsz ? -1 : n;
}

enum ug_err
password_legacy_store(const struct pw_old *o, char *out)
{
	char		 dig[PASSWORD_MAX + LEGACY_HEX_MAX + 2];
	char		 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	char		 inner[PASSWORD_HASH_MAX];
	struct wrap	 w;
	enum ug_err	 e;
	int		 n;

	if (password_legacy_check(o) != UG_OK)
		return UG_EINVAL;
	(void)old_parse(o, &w);
	if (o->scheme == PWL_CRYPT) {
		memcpy(out, o->s, o->len);
		out[o->len] = '\0';
		return UG_OK;
	}
	digest_text(&w, dig);
	if (make_setting(setting, sizeof(setting)) == -1)
		e = UG_EINTERNAL;
	else
		e = run_crypt(dig, setting, inner);
	explicit_bzero(dig, sizeof(dig));
	if (e != UG_OK)
		return e;
	if ((n = wrap_head(&w, out, PASSWORD_HASH_MAX + 1)) == -1 ||
	    (size_t)n + strlen(inner) > PASSWORD_HASH_MAX)
		return UG_EINVAL;
	memcpy(out + n, inner, strlen(inner) + 1);
	return password_storable(out, strlen(out)) ? UG_OK : UG_EINVAL;
}

enum ug_err
password_legacy_same(const char *stored, const struct pw_old *o, int *same)
{
	char		 dig[PASSWORD_MAX + LEGACY_HEX_MAX + 2];
	char		 head[PASSWORD_HASH_MAX + 1], out[PASSWORD_HASH_MAX];
	struct wrap	 w, sw;
	enum ug_err	 e;
	int		 n;

	*same = 0;
	if (password_legacy_check(o) != UG_OK)
		return UG_OK;
	(void)old_parse(o, &w);
	if (o->scheme == PWL_CRYPT) {
		*same = strlen(stored) == o->len &&
		    memcmp(stored, o->s, o->len) == 0;
		return UG_OK;
	}
	/* The same head (scheme, iterations, salt), then the same digest. */
	if (wrap_parse(stored, &sw) == -1 ||
	    (n = wrap_head(&w, head, sizeof(head))) == -1 ||
	    strncmp(stored, head, (size_t)n) != 0)
		return UG_OK;
	digest_text(&w, dig);
	e = run_crypt(dig, sw.inner, out);
	explicit_bzero(dig, sizeof(dig));
	if (e == UG_OK && strlen(out) == sw.inner_len &&
	    ct_memcmp(out, sw.inner, sw.inner_len) == 0)
		*same = 1;
	return e == UG_EINVAL ? UG_OK : e;
}
