#include <string.h>

#include <nettle/md5.h>
#include <nettle/sha2.h>

#include "config.h"
#include "db.h"
#include "prehash.h"
#include "text.h"

/* What AList's web page appends before hashing (its hash.go). */
#define ALIST_SUFFIX	"-https://github.com/alist-org/alist"

static size_t
digest_len(enum prehash s)
{
	return s == PREHASH_MD5 ? 2 * MD5_DIGEST_SIZE :
	    s == PREHASH_ALIST ? 2 * SHA256_DIGEST_SIZE : 0;
}

unsigned
prehash_in_use(const struct config *cfg)
{
	unsigned	 m = 0;

	if (cfg->contract_on[CONTRACT_ADMINSYS] && cfg->adminsys_password_md5)
		m |= 1u << PREHASH_MD5;
	if (cfg->contract_on[CONTRACT_ALIST] && cfg->alist_login_hash)
		m |= 1u << PREHASH_ALIST;
	return m;
}

size_t
prehash_digest(enum prehash s, const char *pw, size_t len, char *out)
{
	unsigned char		 d[SHA256_DIGEST_SIZE];
	struct md5_ctx		 m;
	struct sha256_ctx	 h;

	out[0] = '\0';
	switch (s) {
	case PREHASH_MD5:
		md5_init(&m);
		md5_update(&m, len, (const uint8_t *)pw);
		md5_digest(&m, MD5_DIGEST_SIZE, d);
		hex_encode(d, MD5_DIGEST_SIZE, out);
		break;
	case PREHASH_ALIST:
		sha256_init(&h);
		sha256_update(&h, len, (const uint8_t *)pw);
		sha256_update(&h, sizeof(ALIST_SUFFIX) - 1,
		    (const uint8_t *)ALIST_SUFFIX);
		sha256_digest(&h, SHA256_DIGEST_SIZE, d);
		hex_encode(d, SHA256_DIGEST_SIZE, out);
		break;
	default:
		return 0;
	}
	explicit_bzero(d, sizeof(d));
	return digest_len(s);
}

int
prehash_normalize(enum prehash s, const char *d, size_t len, char *out)
{
	size_t	 i, n = digest_len(s);
	char	 c;

	if (n == 0 || len != n)
		return -1;
	for (i = 0; i < n; i++) {
		c = d[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

enum ug_err
prehash_make(unsigned mask, const char *pw, size_t len,
    struct prehash_set *set)
{
	char		 dig[PREHASH_DIGEST_MAX + 1];
	enum ug_err	 e = UG_OK;
	int		 s;

	set->mask = 0;
	for (s = 1; s < PREHASH_NSCHEMES && e == UG_OK; s++) {
		if (!(mask & (1u << s)))
			continue;
		prehash_digest(s, pw, len, dig);
		if ((e = password_hash(dig, strlen(dig), set->hash[s])) ==
		    UG_OK)
			set->mask |= 1u << s;
	}
	explicit_bzero(dig, sizeof(dig));
	return e;
}

enum ug_err
prehash_store(struct db *db, uint64_t id, const struct prehash_set *set,
    int replace)
{
	static const char	*sql_del =
	    "DELETE FROM password_verifiers WHERE user_id = ?";
	static const char	*sql_put =
	    "REPLACE INTO password_verifiers (user_id, scheme, hash) "
	    "VALUES (?, ?, ?)";
	struct db_val		 p[3];
	enum ug_err		 e;
	int			 s;

	p[0] = DB_UINT(id);
	if (replace && (e = db_exec(db, sql_del, p, 1, NULL, NULL)) != UG_OK)
		return e;
	for (s = 1; s < PREHASH_NSCHEMES; s++) {
		if (!(set->mask & (1u << s)))
			continue;
		p[1] = DB_INT(s);
		p[2] = DB_CSTR(set->hash[s]);
		if ((e = db_exec(db, sql_put, p, 3, NULL, NULL)) != UG_OK)
			return e;
	}
	return UG_OK;
}

void
prehash_clear(struct prehash_set *set)
{
	explicit_bzero(set, sizeof(*set));
}
