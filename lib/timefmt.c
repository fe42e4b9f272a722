#include <string.h>

#include "buf.h"
#include "timefmt.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(int y, int m)
{
	static const int	 d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* n decimal digits at s as a number, or -1 if any is not a digit. */
static int
digits(const char *s, size_t n)
{
	int	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
timefmt_parse(const char *s, size_t len, struct ug_time *t)
{
	size_t	 i, nf;
	int	 f;

	/* "YYYY-MM-DD HH:MM:SS" is 19 bytes; ".f" .. ".ffffff" may follow. */
	if (len < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':')
		return -1;
	t->year = digits(s, 4);
	t->mon = digits(s + 5, 2);
	t->day = digits(s + 8, 2);
	t->hour = digits(s + 11, 2);
	t->min = digits(s + 14, 2);
	t->sec = digits(s + 17, 2);
	t->ms = 0;
	if (t->year < 1 || t->mon < 1 || t->mon > 12 || t->day < 1 ||
	    t->day > mdays(t->year, t->mon) || t->hour < 0 || t->hour > 23 ||
	    t->min < 0 || t->min > 59 || t->sec < 0 || t->sec > 59)
		return -1;
	if (len == 19)
		return 0;
	nf = len - 20;
	if (s[19] != '.' || nf < 1 || nf > 6 || digits(s + 20, nf) < 0)
		return -1;
	/* The first three digits are the milliseconds; "5" is 500. */
	for (i = 0, f = 0; i < 3; i++)
		f = f * 10 + (i < nf ? s[20 + i] - '0' : 0);
	t->ms = f;
	return 0;
}

int
timefmt_from_unix(int64_t secs, struct ug_time *t)
{
	int64_t	 days, rem, z, era, doe, yoe, doy, mp, y;

	if (secs < 0 || secs > INT64_C(253402300799))	/* 9999-12-31 */
		return -1;
	days = secs / 86400;
	rem = secs % 86400;
	/* Howard Hinnant's civil_from_days, for days since 1970-01-01. */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	t->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	t->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	t->year = (int)(y + (t->mon <= 2));
	t->hour = (int)(rem / 3600);
	t->min = (int)(rem / 60 % 60);
	t->sec = (int)(rem % 60);
	t->ms = 0;
	return 0;
}

int
timefmt_weekday(const struct ug_time *t)
{
	static const int	 off[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int			 y = t->year - (t->mon < 3);

	/* Sakamoto's method on the proleptic Gregorian calendar. */
	return (y + y / 4 - y / 100 + y / 400 + off[t->mon - 1] + t->day) % 7;
}

/* Writes v as exactly n digits at p (v fits: the callers' fields do). */
static char *
put(char *p, int v, int n)
{
	int	 i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* "YYYY-MM-DD?HH:MM:SS" with sep between date and time; 19 bytes. */
static char *
put_datetime(char *p, const struct ug_time *t, char sep)
{
	p = put(p, t->year, 4);
	*p++ = '-';
	p = put(p, t->mon, 2);
	*p++ = '-';
	p = put(p, t->day, 2);
	*p++ = sep;
	p = put(p, t->hour, 2);
	*p++ = ':';
	p = put(p, t->min, 2);
	*p++ = ':';
	return put(p, t->sec, 2);
}

size_t
timefmt_django(const struct ug_time *t, char *out)
{
	char	*p = put_datetime(out, t, 'T');

	/* isoformat() drops a zero fraction; Django cuts it to ms. */
	if (t->ms != 0) {
		*p++ = '.';
		p = put(p, t->ms, 3);
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - out);
}

size_t
timefmt_sql(const struct ug_time *t, char *out)
{
	char	*p = put_datetime(out, t, ' ');

	*p = '\0';
	return (size_t)(p - out);
}

size_t
timefmt_rfc1123(const struct ug_time *t, char *out)
{
	static const char	 wd[] = "SunMonTueWedThuFriSat";
	static const char	 mn[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char			*p = out;

	memcpy(p, wd + 3 * timefmt_weekday(t), 3);
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	p = put(p, t->day, 2);
	*p++ = ' ';
	memcpy(p, mn + 3 * (t->mon - 1), 3);
	p += 3;
	*p++ = ' ';
	p = put(p, t->year, 4);
	*p++ = ' ';
	p = put(p, t->hour, 2);
	*p++ = ':';
	p = put(p, t->min, 2);
	*p++ = ':';
	p = put(p, t->sec, 2);
	memcpy(p, " GMT", 5);
	return (size_t)(p + 4 - out);
}

/* Two digits at s as a number; the caller has checked they are digits. */
#define D2(s)	(((s)[0] - '0') * 10 + ((s)[1] - '0'))
#define DIGIT(c)	((unsigned)((c) - '0') <= 9)

/*
 * 1 if s[0..len) is a real time in the store's own shape, "YYYY-MM-DD
 * HH:MM:SS" or that and ".fff": what timefmt_parse accepts, checked
 * position by position, as a list does it once a row.
 */
static int
store_shape(const char *s, size_t len)
{
	int	 y, m, d;

	if ((len != 19 && (len != 23 || s[19] != '.' || !DIGIT(s[20]) ||
	    !DIGIT(s[21]) || !DIGIT(s[22]))) || s[4] != '-' || s[7] != '-' ||
	    s[10] != ' ' || s[13] != ':' || s[16] != ':')
		return 0;
	if (!DIGIT(s[0]) || !DIGIT(s[1]) || !DIGIT(s[2]) || !DIGIT(s[3]) ||
	    !DIGIT(s[5]) || !DIGIT(s[6]) || !DIGIT(s[8]) || !DIGIT(s[9]) ||
	    !DIGIT(s[11]) || !DIGIT(s[12]) || !DIGIT(s[14]) ||
	    !DIGIT(s[15]) || !DIGIT(s[17]) || !DIGIT(s[18]))
		return 0;
	y = D2(s) * 100 + D2(s + 2);
	m = D2(s + 5);
	d = D2(s + 8);
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m) &&
	    D2(s + 11) <= 23 && D2(s + 14) <= 59 && D2(s + 17) <= 59;
}

size_t
timefmt_store_django(const char *s, size_t len, char *out)
{
	struct ug_time	 t;
	char		*p = out + 19;

	if (!store_shape(s, len))
		return timefmt_parse(s, len, &t) == 0 ? timefmt_django(&t, out) :
		    0;
	memcpy(out, s, 19);
	out[10] = 'T';
	if (len == 23 && memcmp(s + 20, "000", 3) != 0) {
		memcpy(p, s + 19, 4);
		p += 4;
	}
	*p++ = 'Z';
	*p = '\0';
	return (size_t)(p - out);
}

size_t
timefmt_store_sql(const char *s, size_t len, char *out)
{
	struct ug_time	 t;

	if (!store_shape(s, len))
		return timefmt_parse(s, len, &t) == 0 ? timefmt_sql(&t, out) : 0;
	memcpy(out, s, 19);
	out[19] = '\0';
	return 19;
}

void
timefmt_store_json(struct buf *b, const char *s, size_t len,
    size_t (*fmt)(const char *, size_t, char *))
{
	char	 ts[TIMEFMT_MAX];
	size_t	 n;

	if (s == NULL || (n = fmt(s, len, ts)) == 0) {
		buf_addlit(b, "null");
		return;
	}
	buf_addc(b, '"');
	buf_add(b, ts, n);
	buf_addc(b, '"');
}
