#include "autoconf.h"

#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <crypt.h>

#include "password.h"
#include "text.h"

_Static_assert(PASSWORD_MAX < CRYPT_MAX_PASSPHRASE_SIZE,
    "PASSWORD_MAX must fit libxcrypt");

static struct {
	const char	*prefix;	/* "$y$", "$2b$", "$6$" */
	unsigned long	 cost;
	char		 policy[64];	/* a setting up to its salt */
	size_t		 policy_len;
	char		 dummy[PASSWORD_HASH_MAX];
	sem_t		 slots;
	int		 wait;
} pw;

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
	if (crypt_rn(rndhex, setting, cd, sizeof(*cd)) == NULL ||
	    cd->output[0] == '*') {
		free(cd);
		snprintf(err, errsz, "crypt failed for %s", scheme);
		return -1;
	}
	snprintf(pw.dummy, sizeof(pw.dummy), "%s", cd->output);
	free(cd);

	if (concurrency <= 0) {
		ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		concurrency = ncpu > 0 ? (int)ncpu : 1;
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
	if (crypt_rn(pass, setting, cd, sizeof(*cd)) == NULL ||
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
	return policy_part(hash) != pw.policy_len ||
	    strncmp(hash, pw.policy, pw.policy_len) != 0;
}
