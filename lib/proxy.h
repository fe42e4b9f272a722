/*
 * The proxy pool's list (proxypool's /iplist): rows an operator imports
 * and clears, which the contract lists.  Every value is checked before a
 * row is written.
 */
#ifndef UG_PROXY_H
#define UG_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "userfield.h"

struct db;

/* A proxy as it is written: s NULL for a value not given. */
struct proxy_in {
	const char	*ip;		/* IPv4 or IPv6 */
	size_t		 ip_len;
	long long	 port;		/* 1..65535 */
	const char	*httptype;	/* http, https, socks4, socks5 */
	size_t		 httptype_len;
	const char	*address;	/* where it is, up to 255 characters */
	size_t		 address_len;
	const char	*isp;		/* up to 64 */
	size_t		 isp_len;
	const char	*spend;		/* seconds, a decimal number, or NULL */
	size_t		 spend_len;
	const char	*createtime;	/* "YYYY-MM-DD HH:MM:SS[.mmm]" or NULL */
	size_t		 createtime_len;
};

/* As a row is read back: texts NUL-terminated, NULL when absent. */
struct proxy_row {
	uint64_t	 id;
	const char	*ip;
	long long	 port;
	const char	*httptype;
	const char	*address;
	const char	*isp;
	const char	*spend;		/* the number as text, or NULL */
	const char	*createtime;	/* "YYYY-MM-DD HH:MM:SS.mmm" */
};

/* Checks p without writing: UG_OK, or UG_EINVAL with the field and why. */
enum ug_err	 proxy_check(const struct proxy_in *, struct ug_detail *);
/* Writes p (a proxy already there by ip, port and type is replaced). */
enum ug_err	 proxy_put(struct db *, const struct proxy_in *,
		    struct ug_detail *);
/* Empties the list; *n is how many went. */
enum ug_err	 proxy_clear(struct db *, uint64_t *n);
/* Calls fn for every proxy in id order, streaming (as user_list). */
enum ug_err	 proxy_list(struct db *,
		    int (*fn)(void *, const struct proxy_row *), void *arg);

#endif
