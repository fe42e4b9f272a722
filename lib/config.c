#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "text.h"

enum key_type { KEY_STR, KEY_INT, KEY_BOOL, KEY_MODE };

struct key {
	const char	*name;
	enum key_type	 type;
	size_t		 off;
	const char	*def;
	long		 min;
	long		 max;
};

#define S(n, d)		{ #n, KEY_STR, offsetof(struct config, n), d, 0, 0 }
#define I(n, d, lo, hi)	{ #n, KEY_INT, offsetof(struct config, n), #d, lo, hi }
#define B(n, d)		{ #n, KEY_BOOL, offsetof(struct config, n), #d, 0, 1 }
#define CON(c, n, p) \
	{ n, KEY_BOOL, offsetof(struct config, contract_on) + c * sizeof(int), \
	    "1", 0, 1 }, \
	{ n "_prefix", KEY_STR, offsetof(struct config, contract_prefix) + \
	    c * sizeof(char *), p, 0, 0 }

/* The original's avatar list was gravatar's; these are served by nginx. */
#define PROXYPOOL_AVATARS \
	"/avatars/1.svg /avatars/2.svg /avatars/3.svg /avatars/4.svg " \
	"/avatars/5.svg /avatars/6.svg /avatars/7.svg /avatars/8.svg"
/* The original's column default (models.py). */
#define PROXYPOOL_DESCRIPTION \
	"\xe6\x88\x91\xe4\xb8\x8d\xe6\x98\xaf\xe8\x8b\xb1\xe9\x9b\x84" \
	"\xef\xbc\x8c\xe6\x88\x91\xe5\x8f\xaa\xe5\x81\x9a\xe6\x88\x91" \
	"\xe6\x83\xb3\xe5\x81\x9a\xe7\x9a\x84\xe4\xba\x8b\xef\xbc\x8c" \
	"\xe4\xbf\x9d\xe6\x8a\xa4\xe6\x88\x91\xe6\x83\xb3\xe8\xa6\x81" \
	"\xe4\xbf\x9d\xe6\x8a\xa4\xe7\x9a\x84\xe4\xba\xba\xe8\x80\x8c" \
	"\xe5\xb7\xb2\xe3\x80\x82"

static const struct key keys[] = {
	S(listen, ""),
	{ "listen_mode", KEY_MODE, offsetof(struct config, listen_mode), "0660", 0, 0777 },
	S(listen_group, ""),
	I(threads, 8, 1, 1024),
	I(peer_timeout, 30, 1, 3600),
	S(user, "www-data"),
	S(log, "syslog"),
	S(log_level, "info"),
	S(trusted_proxy, ""),

	S(db_host, "localhost"),
	I(db_port, 3306, 0, 65535),
	S(db_socket, ""),
	S(db_user, "usergate"),
	S(db_password, ""),
	S(db_name, "usergate"),
	I(db_connect_timeout, 3, 1, 600),
	I(db_read_timeout, 10, 1, 3600),
	I(db_write_timeout, 10, 1, 3600),
	S(migrations_dir, DBDIR),
	B(db_galera, 0),

	S(password_scheme, "yescrypt"),
	I(password_cost, 0, 0, 31),
	I(hash_concurrency, 0, 0, 1024),
	I(hash_wait, 10, 1, 600),

	I(session_ttl, 86400, 60, 31536000),
	I(session_idle, 7200, 60, 31536000),
	S(cookie_name, "usergate_session"),
	S(cookie_secure, "auto"),

	I(login_fail_user, 5, 1, 1000000),
	I(login_fail_addr, 100, 1, 1000000),
	I(login_fail_window, 900, 1, 86400),

	I(max_body, 65536, 1024, 16777216),
	I(max_fields, 64, 1, 10000),
	I(max_field_len, 8192, 64, 1048576),
	I(max_depth, 8, 1, 64),
	I(max_username, 64, 1, 255),

	CON(CONTRACT_LOGINPHP, "loginphp", ""),
	CON(CONTRACT_BACKSTAGE, "backstage", ""),
	CON(CONTRACT_ADMINSYS, "adminsys", ""),
	CON(CONTRACT_PROXYPOOL, "proxypool", ""),
	CON(CONTRACT_ALIST, "alist", ""),
	I(loginphp_db_error_status, 503, 200, 503),
	B(proxypool_regist, 1),
	S(proxypool_types, "seed"),
	S(proxypool_avatars, PROXYPOOL_AVATARS),
	S(proxypool_description, PROXYPOOL_DESCRIPTION),
	B(adminsys_password_md5, 0),
	S(adminsys_window, "closed"),
	I(adminsys_max_window, 1000, 1, 1000000),
	B(alist_login_hash, 1),
	I(alist_session_ttl, 172800, 60, 31536000),
	I(alist_session_idle, 0, 0, 31536000),
	S(alist_admin_token, ""),
	S(cors_origins, ""),
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static const char *const contract_names[CONTRACT_MAX] = {
	"loginphp", "backstage", "adminsys", "proxypool", "alist"
};

const char *
contract_name(enum contract_id c)
{
	return (unsigned)c < CONTRACT_MAX ? contract_names[c] : "?";
}

static const struct key *
key_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
key_set(struct config *c, const struct key *k, const char *val,
    char *err, size_t errsz)
{
	char		*p = (char *)c + k->off, *s;
	int64_t		 v;
	uint64_t	 m;
	size_t		 len = strlen(val);
	size_t		 i;

	switch (k->type) {
	case KEY_STR:
		if ((s = strdup(val)) == NULL) {
			snprintf(err, errsz, "out of memory");
			return -1;
		}
		free(*(char **)p);
		*(char **)p = s;
		return 0;
	case KEY_BOOL:
		if (str_is(val, len, "1") || str_is(val, len, "yes") ||
		    str_is(val, len, "on") || str_is(val, len, "true"))
			v = 1;
		else if (str_is(val, len, "0") || str_is(val, len, "no") ||
		    str_is(val, len, "off") || str_is(val, len, "false"))
			v = 0;
		else {
			snprintf(err, errsz, "%s: expected yes or no, got \"%s\"",
			    k->name, val);
			return -1;
		}
		*(int *)p = (int)v;
		return 0;
	case KEY_INT:
		if (parse_i64(val, len, k->min, k->max, &v) == -1) {
			snprintf(err, errsz, "%s: expected an integer from %ld "
			    "to %ld, got \"%s\"", k->name, k->min, k->max, val);
			return -1;
		}
		*(int *)p = (int)v;
		return 0;
	case KEY_MODE:
		m = 0;
		for (i = 0; i < len; i++) {
			if (val[i] < '0' || val[i] > '7' || m > 0777)
				break;
			m = m * 8 + (uint64_t)(val[i] - '0');
		}
		if (len == 0 || i != len || m > (uint64_t)k->max) {
			snprintf(err, errsz, "%s: expected an octal mode, got "
			    "\"%s\"", k->name, val);
			return -1;
		}
		*(int *)p = (int)m;
		return 0;
	}
	return -1;
}

int
config_set(struct config *c, const char *key, const char *val, char *err,
    size_t errsz)
{
	const struct key	*k;

	if ((k = key_find(key)) == NULL) {
		snprintf(err, errsz, "unknown key \"%s\"", key);
		return -1;
	}
	return key_set(c, k, val, err, errsz);
}

int
config_defaults(struct config *c)
{
	char	 err[256];
	size_t	 i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NKEYS; i++)
		if (key_set(c, &keys[i], keys[i].def, err, sizeof(err)) == -1)
			return -1;
	return 0;
}

static char *
trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static int
config_read_file(struct config *c, const char *path, int must_exist,
    char *err, size_t errsz)
{
	FILE	*f;
	char	 line[4096], msg[200], *k, *v, *eq;
	int	 lineno = 0, rc = 0;
	size_t	 vl;

	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT && !must_exist)
			return 0;
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errsz, "%s:%d: line too long", path, lineno);
			rc = -1;
			break;
		}
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errsz, "%s:%d: expected key = value",
			    path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		vl = strlen(v);
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
			v[vl - 1] = '\0';
			v++;
		}
		if (config_set(c, k, v, msg, sizeof(msg)) == -1) {
			snprintf(err, errsz, "%s:%d: %s", path, lineno, msg);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int
config_load(struct config *c, const char *path, char *err, size_t errsz)
{
	char		 env[128], msg[200];
	const char	*v;
	size_t		 i, j;

	if (config_read_file(c, path ? path : CONFIG_DEFAULT_PATH,
	    path != NULL, err, errsz) == -1)
		return -1;
	for (i = 0; i < NKEYS; i++) {
		j = (size_t)snprintf(env, sizeof(env), "USERGATE_%s",
		    keys[i].name);
		for (j = 9; env[j] != '\0'; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) == NULL)
			continue;
		if (key_set(c, &keys[i], v, msg, sizeof(msg)) == -1) {
			snprintf(err, errsz, "environment %s: %s", env, msg);
			return -1;
		}
	}
	return config_validate(c, err, errsz);
}

/* Separators between the origins of cors_origins. */
#define ORIGIN_SEP	" \t,"

/*
 * 1 if o[0..len) is an origin as browsers send it: http or https, a
 * host of letters, digits, '-', '.', '[', ']' or ':' (IPv6 and a port),
 * and nothing after it (no path, no wildcard).
 */
static int
origin_valid(const char *o, size_t len)
{
	size_t	 i, sl;

	if (len > 7 && memcmp(o, "http://", 7) == 0)
		sl = 7;
	else if (len > 8 && memcmp(o, "https://", 8) == 0)
		sl = 8;
	else
		return 0;
	for (i = sl; i < len; i++)
		if (!isalnum((unsigned char)o[i]) && o[i] != '-' &&
		    o[i] != '.' && o[i] != ':' && o[i] != '[' && o[i] != ']')
			return 0;
	return 1;
}

int
config_origin_listed(const struct config *c, const char *origin, size_t len)
{
	const char	*p = c->cors_origins;
	size_t		 n;

	while (*p != '\0') {
		p += strspn(p, ORIGIN_SEP);
		n = strcspn(p, ORIGIN_SEP);
		if (n > 0 && n == len && memcmp(p, origin, len) == 0)
			return 1;
		p += n;
	}
	return 0;
}

size_t
config_list_n(const char *list)
{
	size_t	 n = 0, k;

	while (*list != '\0') {
		list += strspn(list, ORIGIN_SEP);
		k = strcspn(list, ORIGIN_SEP);
		n += k > 0;
		list += k;
	}
	return n;
}

const char *
config_list_at(const char *list, size_t i, size_t *len)
{
	size_t	 k;

	while (*list != '\0') {
		list += strspn(list, ORIGIN_SEP);
		k = strcspn(list, ORIGIN_SEP);
		if (k > 0 && i-- == 0) {
			*len = k;
			return list;
		}
		list += k;
	}
	*len = 0;
	return NULL;
}

/* proxypool's keys: a type mode, avatar paths, a description. */
static int
proxypool_validate(const struct config *c, char *err, size_t errsz)
{
	const char	*a;
	size_t		 i, n, len;

	if (strcmp(c->proxypool_types, "seed") != 0 &&
	    strcmp(c->proxypool_types, "original") != 0) {
		snprintf(err, errsz, "proxypool_types: expected seed or "
		    "original, got \"%s\"", c->proxypool_types);
		return -1;
	}
	if ((n = config_list_n(c->proxypool_avatars)) == 0) {
		snprintf(err, errsz, "proxypool_avatars: at least one path "
		    "or URL");
		return -1;
	}
	for (i = 0; i < n; i++) {
		a = config_list_at(c->proxypool_avatars, i, &len);
		/* Stored in the avatar column (1024) and sent in JSON. */
		if (len > 1024 || !utf8_valid(a, len) || text_unsafe(a, len) ||
		    memchr(a, '"', len) != NULL) {
			snprintf(err, errsz, "proxypool_avatars: \"%.*s\" is "
			    "not a usable path", (int)(len > 64 ? 64 : len), a);
			return -1;
		}
	}
	len = strlen(c->proxypool_description);
	if (!utf8_valid(c->proxypool_description, len) ||
	    text_unsafe(c->proxypool_description, len) ||
	    utf8_chars(c->proxypool_description, len) > 1024) {
		snprintf(err, errsz, "proxypool_description: up to 1024 "
		    "characters of valid text");
		return -1;
	}
	return 0;
}

int
config_validate(const struct config *c, char *err, size_t errsz)
{
	const char	*o;
	size_t		 on;
	int	 i;

	if (strcmp(c->password_scheme, "yescrypt") != 0 &&
	    strcmp(c->password_scheme, "bcrypt") != 0 &&
	    strcmp(c->password_scheme, "sha512crypt") != 0) {
		snprintf(err, errsz, "password_scheme: expected yescrypt, "
		    "bcrypt or sha512crypt, got \"%s\"", c->password_scheme);
		return -1;
	}
	/* Only the SHA-256 hex of the admin token, never the token. */
	on = strlen(c->alist_admin_token);
	if (on != 0 && (on != 64 || strspn(c->alist_admin_token,
	    "0123456789abcdef") != 64)) {
		snprintf(err, errsz, "alist_admin_token: expected the 64 "
		    "lowercase hex characters \"usergate alist-token\" prints");
		return -1;
	}
	if (strcmp(c->cookie_secure, "auto") != 0 &&
	    strcmp(c->cookie_secure, "yes") != 0 &&
	    strcmp(c->cookie_secure, "no") != 0) {
		snprintf(err, errsz, "cookie_secure: expected auto, yes or no");
		return -1;
	}
	if (c->cookie_name[0] == '\0' ||
	    strcspn(c->cookie_name, "=;, \t\r\n\"") != strlen(c->cookie_name)) {
		snprintf(err, errsz, "cookie_name: not a valid cookie name");
		return -1;
	}
	if (log_level_parse(c->log_level) == -1) {
		snprintf(err, errsz, "log_level: expected err, warning, info "
		    "or debug");
		return -1;
	}
	if (c->loginphp_db_error_status != 200 &&
	    c->loginphp_db_error_status != 503) {
		snprintf(err, errsz, "loginphp_db_error_status: 200 or 503");
		return -1;
	}
	if (strcmp(c->adminsys_window, "closed") != 0 &&
	    strcmp(c->adminsys_window, "offset_count") != 0) {
		snprintf(err, errsz, "adminsys_window: expected closed or "
		    "offset_count");
		return -1;
	}
	if (c->session_idle > c->session_ttl) {
		snprintf(err, errsz, "session_idle must not exceed session_ttl");
		return -1;
	}
	for (o = c->cors_origins; *o != '\0'; o += on) {
		o += strspn(o, ORIGIN_SEP);
		on = strcspn(o, ORIGIN_SEP);
		if (on > 0 && !origin_valid(o, on)) {
			snprintf(err, errsz, "cors_origins: \"%.*s\" is not an "
			    "origin (http[s]://host[:port], no path)", (int)on, o);
			return -1;
		}
	}
	if (proxypool_validate(c, err, errsz) == -1)
		return -1;
	for (i = 0; i < CONTRACT_MAX; i++) {
		const char *p = c->contract_prefix[i];
		size_t n = strlen(p);

		if (n > 0 && (p[0] != '/' || p[n - 1] == '/' ||
		    text_unsafe(p, n) || strchr(p, '?') != NULL)) {
			snprintf(err, errsz, "%s_prefix: must start with / and "
			    "not end with /", contract_names[i]);
			return -1;
		}
	}
	return 0;
}

void
config_free(struct config *c)
{
	size_t	 i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == KEY_STR) {
			free(*(char **)((char *)c + keys[i].off));
			*(char **)((char *)c + keys[i].off) = NULL;
		}
}

void
config_dump(const struct config *c, int fd)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < NKEYS; i++) {
		p = (const char *)c + keys[i].off;
		switch (keys[i].type) {
		case KEY_STR:
			dprintf(fd, "%s = %s\n", keys[i].name,
			    strcmp(keys[i].name, "db_password") == 0 &&
			    **(char *const *)p ? "********" : *(char *const *)p);
			break;
		case KEY_MODE:
			dprintf(fd, "%s = %04o\n", keys[i].name, *(const int *)p);
			break;
		default:
			dprintf(fd, "%s = %d\n", keys[i].name, *(const int *)p);
			break;
		}
	}
}
