#include <string.h>
#include <sys/random.h>

#include <nettle/hmac.h>
#include <nettle/sha1.h>

#include "text.h"
#include "totp.h"

static const char	 b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t
base32_encode(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	size_t		 i, o = 0;
	unsigned	 acc = 0, bits = 0;

	for (i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (o + 1 < outsz)
				out[o++] = b32[(acc >> bits) & 31];
		}
	}
	if (bits > 0 && o + 1 < outsz)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	if (outsz > 0)
		out[o] = '\0';
	return o;
}

long
base32_decode(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	size_t		 i, o = 0;
	unsigned	 acc = 0, bits = 0, v;
	char		 c;

	for (i = 0; i < len; i++) {
		c = in[i];
		if (c == ' ' || c == '-' || c == '=')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c >= 'A' && c <= 'Z')
			v = (unsigned)(c - 'A');
		else if (c >= '2' && c <= '7')
			v = (unsigned)(c - '2') + 26;
		else
			return -1;
		acc = ((acc << 5) | v) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outsz)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* What is left must be padding bits, and zero ones (no stray char). */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)o;
}

int
totp_secret_new(char *out)
{
	unsigned char	 key[TOTP_KEY_LEN];

	if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key))
		return -1;
	base32_encode(key, sizeof(key), out, TOTP_SECRET_LEN + 1);
	explicit_bzero(key, sizeof(key));
	return 0;
}

int
totp_secret_ok(const char *s, size_t len)
{
	unsigned char	 key[TOTP_KEY_MAX];
	long		 n;

	if (len == 0 || len > TOTP_SECRET_MAX)
		return 0;
	n = base32_decode(s, len, key, sizeof(key));
	explicit_bzero(key, sizeof(key));
	return n >= 10;
}

uint32_t
totp_code(const unsigned char *key, size_t len, uint64_t step)
{
	struct hmac_sha1_ctx	 ctx;
	unsigned char		 msg[8], mac[SHA1_DIGEST_SIZE];
	unsigned		 off;
	uint32_t		 bin;
	int			 i;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(step & 0xff);
		step >>= 8;
	}
	hmac_sha1_set_key(&ctx, len, key);
	hmac_sha1_update(&ctx, sizeof(msg), msg);
	hmac_sha1_digest(&ctx, sizeof(mac), mac);
	/* RFC 4226's dynamic truncation. */
	off = mac[sizeof(mac) - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) |
	    ((uint32_t)mac[off + 1] << 16) | ((uint32_t)mac[off + 2] << 8) |
	    mac[off + 3];
	explicit_bzero(&ctx, sizeof(ctx));
	return bin % 1000000;
}

uint64_t
totp_check(const char *secret, size_t slen, const char *code, size_t clen,
    time_t now, uint64_t last)
{
	unsigned char	 key[TOTP_KEY_MAX];
	uint64_t	 want, step, found = 0;
	long		 n;
	int		 d;

	if (clen != TOTP_DIGITS || now < TOTP_STEP ||
	    parse_u64(code, clen, 999999, &want) == -1)
		return 0;
	if (slen > TOTP_SECRET_MAX ||
	    (n = base32_decode(secret, slen, key, sizeof(key))) < 10)
		return 0;
	step = (uint64_t)now / TOTP_STEP;
	/* Every candidate is computed, so the time does not tell which. */
	for (d = -1; d <= 1; d++)
		if (totp_code(key, (size_t)n, step + (uint64_t)(int64_t)d) ==
		    want && step + (uint64_t)(int64_t)d > last && found == 0)
			found = step + (uint64_t)(int64_t)d;
	explicit_bzero(key, sizeof(key));
	return found;
}

/* Appends s[0..len) percent-encoded, all but RFC 3986's unreserved. */
static void
pct(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 c;
	size_t			 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

int
totp_url(struct buf *b, const char *issuer, const char *account, size_t alen,
    const char *secret)
{
	buf_addlit(b, "otpauth://totp/");
	pct(b, issuer, strlen(issuer));
	buf_addc(b, ':');
	pct(b, account, alen);
	buf_addlit(b, "?algorithm=SHA1&digits=6&issuer=");
	pct(b, issuer, strlen(issuer));
	buf_addlit(b, "&period=30&secret=");
	buf_adds(b, secret);
	return b->oom ? -1 : 0;
}
