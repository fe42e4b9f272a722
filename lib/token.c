#include <errno.h>
#include <unistd.h>
#include <sys/random.h>

#include <nettle/sha2.h>

#include "text.h"
#include "token.h"

int
token_new(char *out)
{
	unsigned char	 rnd[TOKEN_LEN / 2];
	ssize_t		 n;

	do
		n = getrandom(rnd, sizeof(rnd), 0);
	while (n == -1 && errno == EINTR);
	if (n != (ssize_t)sizeof(rnd))
		return -1;
	hex_encode(rnd, sizeof(rnd), out);
	return 0;
}

int
token_well_formed(const char *s, size_t len)
{
	return len == TOKEN_LEN && is_lower_hex(s, len);
}

void
token_hash(const char *s, size_t len, unsigned char *out)
{
	struct sha256_ctx	 ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)s);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void
sha256_hex(const void *s, size_t len, char *out)
{
	unsigned char	 d[SHA256_DIGEST_SIZE];

	token_hash(s, len, d);
	hex_encode(d, sizeof(d), out);
}
