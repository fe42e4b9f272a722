#include <string.h>

#include "db.h"
#include "proxy.h"
#include "text.h"

static enum ug_err
bad(struct ug_detail *d, const char *field, enum ug_reason why)
{
	if (d != NULL) {
		d->field = field;
		d->reason = why;
	}
	return UG_EINVAL;
}

/* A decimal number as MariaDB's DOUBLE takes it: 12, 0.675501, 1e-3. */
static int
is_decimal(const char *s, size_t len)
{
	size_t	 i = 0, digits = 0;

	if (len == 0 || len > 32)
		return 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == len)
			return 0;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	return i == len;
}

/* "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1 to 6 digits. */
static int
is_datetime(const char *s, size_t len)
{
	static const char	 shape[] = "dddd-dd-dd dd:dd:dd";
	size_t			 i;

	if (len < sizeof(shape) - 1 || len > sizeof(shape) - 1 + 7)
		return 0;
	for (i = 0; i < sizeof(shape) - 1; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return 0;
	if (i == len)
		return 1;
	if (s[i++] != '.' || i == len)
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
text_ok(const char *s, size_t len, size_t max)
{
	return utf8_valid(s, len) && !text_unsafe(s, len) &&
	    utf8_chars(s, len) <= max;
}

enum ug_err
proxy_check(const struct proxy_in *p, struct ug_detail *d)
{
	if (p->ip == NULL)
		return bad(d, "ip", UR_REQUIRED);
	if (uf_ip_address(p->ip, p->ip_len) != UR_NONE)
		return bad(d, "ip", UR_BAD_VALUE);
	if (p->port < 1 || p->port > 65535)
		return bad(d, "port", UR_OUT_OF_RANGE);
	if (p->httptype == NULL)
		return bad(d, "httptype", UR_REQUIRED);
	if (!str_is(p->httptype, p->httptype_len, "http") &&
	    !str_is(p->httptype, p->httptype_len, "https") &&
	    !str_is(p->httptype, p->httptype_len, "socks4") &&
	    !str_is(p->httptype, p->httptype_len, "socks5"))
		return bad(d, "httptype", UR_BAD_VALUE);
	if (p->address != NULL && !text_ok(p->address, p->address_len, 255))
		return bad(d, "address", UR_BAD_TEXT);
	if (p->isp != NULL && !text_ok(p->isp, p->isp_len, 64))
		return bad(d, "isp", UR_BAD_TEXT);
	if (p->spend != NULL && !is_decimal(p->spend, p->spend_len))
		return bad(d, "spend", UR_NOT_NUMBER);
	if (p->createtime != NULL && !is_datetime(p->createtime,
	    p->createtime_len))
		return bad(d, "createtime", UR_BAD_VALUE);
	return UG_OK;
}

enum ug_err
proxy_put(struct db *db, const struct proxy_in *p, struct ug_detail *d)
{
	static const char	*sql =
	    "REPLACE INTO proxies (ip, port, httptype, address, isp, spend, "
	    "createtime) VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, NOW(3)))";
	struct db_val		 v[7];
	enum ug_err		 e;

	if ((e = proxy_check(p, d)) != UG_OK)
		return e;
	v[0] = DB_STR(p->ip, p->ip_len);
	v[1] = DB_INT(p->port);
	v[2] = DB_STR(p->httptype, p->httptype_len);
	v[3] = DB_OSTR(p->address, p->address_len);
	v[4] = DB_OSTR(p->isp, p->isp_len);
	v[5] = DB_OSTR(p->spend, p->spend_len);
	v[6] = DB_OSTR(p->createtime, p->createtime_len);
	return db_exec(db, sql, v, 7, NULL, NULL);
}

enum ug_err
proxy_clear(struct db *db, uint64_t *n)
{
	static const char	*sql = "DELETE FROM proxies";

	return db_exec(db, sql, NULL, 0, n, NULL);
}

struct proxy_each {
	int	(*fn)(void *, const struct proxy_row *);
	void	*arg;
};

static int
proxy_row(void *arg, const struct db_col *c)
{
	struct proxy_each	*pe = arg;
	struct proxy_row	 r;

	r.id = (uint64_t)c[0].i;
	r.ip = c[1].buf;
	r.port = c[2].i;
	r.httptype = c[3].buf;
	r.address = c[4].is_null ? NULL : c[4].buf;
	r.isp = c[5].is_null ? NULL : c[5].buf;
	r.spend = c[6].is_null ? NULL : c[6].buf;
	r.createtime = c[7].buf;
	return pe->fn(pe->arg, &r);
}

enum ug_err
proxy_list(struct db *db, int (*fn)(void *, const struct proxy_row *),
    void *arg)
{
	/* spend as text: the number exactly as it was given (0.675501). */
	static const char	*sql =
	    "SELECT id, ip, port, httptype, address, isp, CAST(spend AS CHAR), "
	    "CAST(createtime AS CHAR) FROM proxies ORDER BY id";
	char			 ip[65], type[17], addr[255 * 4 + 1];
	char			 isp[64 * 4 + 1], spend[40], ct[32];
	struct db_col		 c[8] = { DB_COL_INT(), DB_COL_STR(ip),
				    DB_COL_INT(), DB_COL_STR(type),
				    DB_COL_STR(addr), DB_COL_STR(isp),
				    DB_COL_STR(spend), DB_COL_STR(ct) };
	struct proxy_each	 pe = { fn, arg };

	return db_each(db, sql, NULL, 0, c, 8, proxy_row, &pe);
}
