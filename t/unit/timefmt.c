/* Unit tests of lib/timefmt.c: parsing the store's text, and each format. */
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "timefmt.h"

/* Parses s and checks the three formats of it. */
static void
fmt(const char *s, const char *django, const char *sql, const char *rfc)
{
	struct ug_time	 t;
	char		 out[TIMEFMT_MAX];
	size_t		 n;

	if (!ok(timefmt_parse(s, strlen(s), &t) == 0, "parse %s", s))
		return;
	n = timefmt_django(&t, out);
	is_str(out, n, django, "Django ISO 8601");
	ok(out[n] == '\0', "NUL-terminated");
	n = timefmt_sql(&t, out);
	is_str(out, n, sql, "YYYY-MM-DD HH:MM:SS");
	n = timefmt_rfc1123(&t, out);
	is_str(out, n, rfc, "RFC 1123");
	/* The store's text, straight: the same bytes. */
	n = timefmt_store_django(s, strlen(s), out);
	is_str(out, n, django, "from the store's text: Django");
	ok(out[n] == '\0', "NUL-terminated");
	n = timefmt_store_sql(s, strlen(s), out);
	is_str(out, n, sql, "from the store's text: YYYY-MM-DD HH:MM:SS");
	ok(out[n] == '\0', "NUL-terminated");
}

static void
bad(const char *s, const char *why)
{
	struct ug_time	 t;
	char		 out[TIMEFMT_MAX];

	ok(timefmt_parse(s, strlen(s), &t) == -1, "refused: %s", why);
	ok(timefmt_store_django(s, strlen(s), out) == 0 &&
	    timefmt_store_sql(s, strlen(s), out) == 0,
	    "refused from the store's text too: %s", why);
}

static void
unix_is(long long secs, const char *rfc)
{
	struct ug_time	 t;
	char		 out[TIMEFMT_MAX];
	size_t		 n;

	if (!ok(timefmt_from_unix(secs, &t) == 0, "from_unix %lld", secs))
		return;
	n = timefmt_rfc1123(&t, out);
	is_str(out, n, rfc, "from_unix as RFC 1123");
}

int
main(void)
{
	struct ug_time	 t;

	/* The seeds' own examples. */
	fmt("2022-11-21 03:18:39.328", "2022-11-21T03:18:39.328Z",
	    "2022-11-21 03:18:39", "Mon, 21 Nov 2022 03:18:39 GMT");
	fmt("2022-10-21 22:18:35.000", "2022-10-21T22:18:35Z",
	    "2022-10-21 22:18:35", "Fri, 21 Oct 2022 22:18:35 GMT");
	fmt("2019-06-28 11:35:19", "2019-06-28T11:35:19Z",
	    "2019-06-28 11:35:19", "Fri, 28 Jun 2019 11:35:19 GMT");
	fmt("2019-07-05 19:09:16.5", "2019-07-05T19:09:16.500Z",
	    "2019-07-05 19:09:16", "Fri, 05 Jul 2019 19:09:16 GMT");

	/* Fractions: milliseconds kept, the rest dropped, never rounded. */
	fmt("2022-11-21 03:18:39.001", "2022-11-21T03:18:39.001Z",
	    "2022-11-21 03:18:39", "Mon, 21 Nov 2022 03:18:39 GMT");
	fmt("2022-11-21 03:18:39.999999", "2022-11-21T03:18:39.999Z",
	    "2022-11-21 03:18:39", "Mon, 21 Nov 2022 03:18:39 GMT");
	fmt("2022-11-21T03:18:39.000400", "2022-11-21T03:18:39Z",
	    "2022-11-21 03:18:39", "Mon, 21 Nov 2022 03:18:39 GMT");

	/* Calendar edges. */
	fmt("2000-02-29 23:59:59.999", "2000-02-29T23:59:59.999Z",
	    "2000-02-29 23:59:59", "Tue, 29 Feb 2000 23:59:59 GMT");
	fmt("2024-02-29 00:00:00", "2024-02-29T00:00:00Z",
	    "2024-02-29 00:00:00", "Thu, 29 Feb 2024 00:00:00 GMT");
	fmt("1970-01-01 00:00:00", "1970-01-01T00:00:00Z",
	    "1970-01-01 00:00:00", "Thu, 01 Jan 1970 00:00:00 GMT");
	fmt("2038-01-19 03:14:08", "2038-01-19T03:14:08Z",
	    "2038-01-19 03:14:08", "Tue, 19 Jan 2038 03:14:08 GMT");
	fmt("9999-12-31 23:59:59.999", "9999-12-31T23:59:59.999Z",
	    "9999-12-31 23:59:59", "Fri, 31 Dec 9999 23:59:59 GMT");
	fmt("0001-01-01 00:00:00", "0001-01-01T00:00:00Z",
	    "0001-01-01 00:00:00", "Mon, 01 Jan 0001 00:00:00 GMT");

	bad("1900-02-29 00:00:00", "29 February of a century year");
	bad("2023-02-29 00:00:00", "29 February of a common year");
	bad("2023-04-31 00:00:00", "31 April");
	bad("2023-13-01 00:00:00", "month 13");
	bad("2023-00-01 00:00:00", "month 0");
	bad("2023-01-00 00:00:00", "day 0");
	bad("0000-01-01 00:00:00", "year 0 (MariaDB's zero date)");
	bad("2023-01-01 24:00:00", "hour 24");
	bad("2023-01-01 00:60:00", "minute 60");
	bad("2023-01-01 00:00:60", "second 60");
	bad("2023-01-01 00:00:0", "too short");
	bad("2023-01-01 00:00:00.", "a dot and no digits");
	bad("2023-01-01 00:00:00.1234567", "seven fraction digits");
	bad("2023-01-01 00:00:00.12a", "a letter in the fraction");
	bad("2023-01-01 00:00:00Z", "a zone suffix");
	bad("2023/01/01 00:00:00", "slashes");
	bad("+023-01-01 00:00:00", "a sign in the year");
	bad("", "empty");
	ok(timefmt_parse("2023-01-01 00:00:00xyz", 19, &t) == 0 &&
	    t.sec == 0, "the length is explicit: bytes past it are not read");
	{
		char	 out[TIMEFMT_MAX];

		ok(timefmt_store_sql("2023-01-01 00:00:00.123", 19, out) == 19 &&
		    strcmp(out, "2023-01-01 00:00:00") == 0 &&
		    timefmt_store_django("2023-01-01 00:00:00.123", 19, out) == 20,
		    "from the store's text: the length is explicit too");
	}
	{
		struct buf	 b;

		buf_init(&b);
		timefmt_store_json(&b, "2022-10-21 22:18:35.000", 23,
		    timefmt_store_django);
		buf_addc(&b, ',');
		timefmt_store_json(&b, NULL, 0, timefmt_store_sql);
		buf_addc(&b, ',');
		timefmt_store_json(&b, "2023-02-29 00:00:00", 19,
		    timefmt_store_sql);
		buf_addc(&b, ',');
		timefmt_store_json(&b, "2019-06-28 11:35:19.5", 21,
		    timefmt_store_sql);
		is_str(b.data, b.len, "\"2022-10-21T22:18:35Z\",null,null,"
		    "\"2019-06-28 11:35:19\"",
		    "as JSON: a string, null for NULL and for no time");
		buf_free(&b);
	}

	/* From the epoch (Expires, logs). */
	unix_is(0, "Thu, 01 Jan 1970 00:00:00 GMT");
	unix_is(1562353756, "Fri, 05 Jul 2019 19:09:16 GMT");
	unix_is(951868799, "Tue, 29 Feb 2000 23:59:59 GMT");
	unix_is(951868800, "Wed, 01 Mar 2000 00:00:00 GMT");
	unix_is(2147483648LL, "Tue, 19 Jan 2038 03:14:08 GMT");
	unix_is(253402300799LL, "Fri, 31 Dec 9999 23:59:59 GMT");
	ok(timefmt_from_unix(-1, &t) == -1, "from_unix refuses before 1970");
	ok(timefmt_from_unix(253402300800LL, &t) == -1,
	    "from_unix refuses past 9999");
	return done_testing();
}
