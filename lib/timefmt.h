/*
 * Times as the legacy contracts wrote them.  The store keeps every
 * timestamp as DATETIME(3) in UTC and hands it over as text
 * "YYYY-MM-DD HH:MM:SS[.fff]"; these functions parse that once and write
 * it in each contract's format.  No time zones, no locale, no libc
 * time functions with hidden state: UTC throughout.
 */
#ifndef UG_TIMEFMT_H
#define UG_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* Room for any output below, NUL included. */
#define TIMEFMT_MAX	32

struct ug_time {
	int	 year;		/* 1 .. 9999 */
	int	 mon;		/* 1 .. 12 */
	int	 day;		/* 1 .. days in that month */
	int	 hour, min, sec;	/* 0..23, 0..59, 0..59 */
	int	 ms;		/* 0 .. 999 */
};

/*
 * Parses "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1 to 6
 * digits (milliseconds kept, the rest dropped, as DATETIME(3) has none);
 * a 'T' may stand for the blank.  0, or -1 if s[0..len) is anything
 * else or not a real date.
 */
int	 timefmt_parse(const char *s, size_t len, struct ug_time *);
/* The UTC time of seconds since the epoch (>= 0); 0 or -1. */
int	 timefmt_from_unix(int64_t secs, struct ug_time *);

/*
 * Each writer fills out (TIMEFMT_MAX bytes), NUL-terminates it and
 * returns the length.
 *
 * timefmt_django: Django's JSON encoder on an aware UTC datetime,
 *	"2022-11-21T03:18:39.328Z", or "2022-10-21T22:18:35Z" when the
 *	milliseconds are 0.
 * timefmt_sql: "2019-06-28 11:35:19" (str() of a naive datetime).
 * timefmt_rfc1123: "Fri, 05 Jul 2019 19:09:16 GMT" (HTTP dates, and
 *	Flask's encoding of a datetime).
 */
size_t	 timefmt_django(const struct ug_time *, char *out);
size_t	 timefmt_sql(const struct ug_time *, char *out);
size_t	 timefmt_rfc1123(const struct ug_time *, char *out);

/*
 * The same two from the store's own text, as a list hands it over row by
 * row: where s is "YYYY-MM-DD HH:MM:SS" or that and ".fff" (DATETIME(3)
 * as it reads), the output is copied from it byte by byte, with no
 * parsing and no arithmetic; anything else goes through timefmt_parse.
 * The output's length, or 0 if s is not a time.
 */
size_t	 timefmt_store_django(const char *s, size_t len, char *out);
size_t	 timefmt_store_sql(const char *s, size_t len, char *out);

struct buf;
/*
 * Appends the store's time text s (NULL: SQL NULL) to b as a JSON string
 * in fmt's format (one of the two above), or null if it is no time.  A
 * time needs no escaping.
 */
void	 timefmt_store_json(struct buf *, const char *s, size_t len,
	    size_t (*fmt)(const char *, size_t, char *));

/* 0 = Sunday .. 6 = Saturday. */
int	 timefmt_weekday(const struct ug_time *);

#endif
