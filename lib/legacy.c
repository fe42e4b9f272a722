#include <string.h>

#include <nettle/md5.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "legacy.h"
#include "text.h"

/* AList's StaticHashSalt; its steps join with "-" (alist_step). */
#define ALIST_STATIC_SALT	"https://github.com/alist-org/alist"

void
legacy_md5_hex(const char *pw, size_t len, char *out)
{
	struct md5_ctx	 c;
	uint8_t		 d[MD5_DIGEST_SIZE];

	md5_init(&c);
	md5_update(&c, len, (const uint8_t *)pw);
	md5_digest(&c, sizeof(d), d);
	hex_encode(d, sizeof(d), out);
	explicit_bzero(d, sizeof(d));
}

size_t
legacy_pbkdf2_hex(enum legacy_prf prf, const char *pw, size_t len,
    const char *salt, size_t saltlen, unsigned long iter, char *out)
{
	uint8_t		 d[SHA512_DIGEST_SIZE];
	size_t		 n;

	switch (prf) {
	case LEGACY_SHA1:
		n = SHA1_DIGEST_SIZE;
		pbkdf2_hmac_sha1(len, (const uint8_t *)pw, iter, saltlen,
		    (const uint8_t *)salt, n, d);
		break;
	case LEGACY_SHA512:
		n = SHA512_DIGEST_SIZE;
		pbkdf2_hmac_sha512(len, (const uint8_t *)pw, iter, saltlen,
		    (const uint8_t *)salt, n, d);
		break;
	default:
		n = SHA256_DIGEST_SIZE;
		pbkdf2_hmac_sha256(len, (const uint8_t *)pw, iter, saltlen,
		    (const uint8_t *)salt, n, d);
		break;
	}
	hex_encode(d, n, out);
	explicit_bzero(d, sizeof(d));
	return n * 2;
}

/* sha256 hex of a || "-" b: AList's one step, both steps share it. */
static void
alist_step(const char *a, size_t alen, const char *b, size_t blen, char *out)
{
	struct sha256_ctx	 c;
	uint8_t			 d[SHA256_DIGEST_SIZE];

	sha256_init(&c);
	sha256_update(&c, alen, (const uint8_t *)a);
	sha256_update(&c, 1, (const uint8_t *)"-");
	sha256_update(&c, blen, (const uint8_t *)b);
	sha256_digest(&c, sizeof(d), d);
	hex_encode(d, sizeof(d), out);
	explicit_bzero(d, sizeof(d));
}

void
legacy_alist_hex(const char *pw, size_t len, const char *salt, size_t saltlen,
    char *out)
{
	char	 stat[LEGACY_SHA256_HEX + 1];

	/* fmt.Sprintf("%s-%s", password, StaticHashSalt), then with salt. */
	alist_step(pw, len, ALIST_STATIC_SALT, sizeof(ALIST_STATIC_SALT) - 1,
	    stat);
	alist_step(stat, LEGACY_SHA256_HEX, salt, saltlen, out);
	explicit_bzero(stat, sizeof(stat));
}

int
legacy_prf_parse(const char *s, size_t len)
{
	if (str_is(s, len, "sha1"))
		return LEGACY_SHA1;
	if (str_is(s, len, "sha256"))
		return LEGACY_SHA256;
	if (str_is(s, len, "sha512"))
		return LEGACY_SHA512;
	return -1;
}

const char *
legacy_prf_name(enum legacy_prf p)
{
	return p == LEGACY_SHA1 ? "sha1" : p == LEGACY_SHA512 ? "sha512" :
	    "sha256";
}
