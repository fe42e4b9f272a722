/*
 * Unit tests of lib/config.c.  SYSCONFDIR and DBDIR are compile-time
 * paths, so nothing here depends on them: config_load is always given an
 * explicit file, written under /tmp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"

extern char	**environ;

static char	 err[512];

/* Writes text to a new temporary file; its name into path. */
static int
write_conf(const char *text, char *path, size_t pathsz)
{
	int	 fd;
	size_t	 len = strlen(text);

	snprintf(path, pathsz, "/tmp/ug-unit-config-XXXXXX");
	if ((fd = mkstemp(path)) == -1) {
		diag("mkstemp: cannot create %s", path);
		return -1;
	}
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* Loads text as a config file into c (after defaults); config_load's result. */
static int
load_text(struct config *c, const char *text)
{
	char	 path[64];
	int	 rc;

	config_defaults(c);
	err[0] = '\0';
	if (write_conf(text, path, sizeof(path)) == -1)
		return -2;
	rc = config_load(c, path, err, sizeof(err));
	unlink(path);
	return rc;
}

/* config_set on a fresh default config; returns its result. */
static int
set1(const char *key, const char *val, struct config *c)
{
	err[0] = '\0';
	return config_set(c, key, val, err, sizeof(err));
}

/* No USERGATE_* variable from the caller's environment may leak in. */
static void
clean_env(void)
{
	char	 name[256];
	size_t	 i, n;

again:
	for (i = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "USERGATE_", 9) == 0) {
			n = strcspn(environ[i], "=");
			if (n >= sizeof(name))
				continue;
			memcpy(name, environ[i], n);
			name[n] = '\0';
			unsetenv(name);
			goto again;
		}
}

static void
test_defaults(void)
{
	struct config	 c;
	int		 i, all;

	is_int(config_defaults(&c), 0, "config_defaults returns 0");
	is_str(c.listen, strlen(c.listen), "", "default listen is empty");
	is_int(c.listen_mode, 0660, "default listen_mode 0660");
	is_int(c.threads, 8, "default threads 8");
	is_str(c.user, strlen(c.user), "www-data", "default user www-data");
	is_str(c.log, strlen(c.log), "syslog", "default log syslog");
	is_str(c.log_level, strlen(c.log_level), "info", "default log_level info");
	is_str(c.db_host, strlen(c.db_host), "localhost", "default db_host localhost");
	is_int(c.db_port, 3306, "default db_port 3306");
	is_str(c.db_socket, strlen(c.db_socket), "", "default db_socket empty");
	is_str(c.db_user, strlen(c.db_user), "usergate", "default db_user usergate");
	is_str(c.db_password, strlen(c.db_password), "", "default db_password empty");
	is_str(c.db_name, strlen(c.db_name), "usergate", "default db_name usergate");
	is_int(c.db_connect_timeout, 3, "default db_connect_timeout 3");
	is_int(c.db_read_timeout, 10, "default db_read_timeout 10");
	is_int(c.db_write_timeout, 10, "default db_write_timeout 10");
	ok(c.migrations_dir != NULL && c.migrations_dir[0] != '\0',
	    "default migrations_dir is set (DBDIR)");
	is_str(c.password_scheme, strlen(c.password_scheme), "yescrypt",
	    "default password_scheme yescrypt");
	is_int(c.password_cost, 0, "default password_cost 0");
	is_int(c.hash_concurrency, 0, "default hash_concurrency 0");
	is_int(c.hash_wait, 10, "default hash_wait 10");
	is_int(c.session_ttl, 86400, "default session_ttl 86400");
	is_int(c.session_idle, 7200, "default session_idle 7200");
	is_int(c.alist_session_ttl, 172800, "default alist_session_ttl 48 h");
	is_int(c.alist_session_idle, 0, "default alist_session_idle 0 (none)");
	ok(c.alist_admin_token != NULL && c.alist_admin_token[0] == '\0',
	    "default alist_admin_token empty");
	is_str(c.cookie_name, strlen(c.cookie_name), "usergate_session",
	    "default cookie_name usergate_session");
	is_str(c.cookie_secure, strlen(c.cookie_secure), "auto",
	    "default cookie_secure auto");
	is_int(c.login_fail_user, 5, "default login_fail_user 5");
	is_int(c.login_fail_addr, 100, "default login_fail_addr 100");
	is_int(c.login_fail_window, 900, "default login_fail_window 900");
	is_int(c.max_body, 65536, "default max_body 65536");
	is_int(c.max_fields, 64, "default max_fields 64");
	is_int(c.max_field_len, 8192, "default max_field_len 8192");
	is_int(c.max_depth, 8, "default max_depth 8");
	is_int(c.max_username, 64, "default max_username 64");
	for (i = 0, all = 1; i < CONTRACT_MAX; i++)
		if (c.contract_on[i] != 1)
			all = 0;
	ok(all, "default contract_on all 1");
	for (i = 0, all = 1; i < CONTRACT_MAX; i++)
		if (c.contract_prefix[i] == NULL || c.contract_prefix[i][0] != '\0')
			all = 0;
	ok(all, "default contract prefixes all empty");
	is_int(c.loginphp_db_error_status, 503, "default loginphp_db_error_status 503");
	is_int(c.proxypool_regist, 1, "default proxypool_regist 1");
	err[0] = '\0';
	is_int(config_validate(&c, err, sizeof(err)), 0, "defaults validate");
	config_free(&c);
	ok(c.listen == NULL && c.db_password == NULL && c.contract_prefix[0] == NULL,
	    "config_free clears the string pointers");
	config_free(&c);
	ok(1, "config_free twice is harmless");

	is_str(contract_name(CONTRACT_LOGINPHP), strlen(contract_name(CONTRACT_LOGINPHP)),
	    "loginphp", "contract_name(CONTRACT_LOGINPHP)");
	is_str(contract_name(CONTRACT_ALIST), strlen(contract_name(CONTRACT_ALIST)),
	    "alist", "contract_name(CONTRACT_ALIST)");
	is_str(contract_name(CONTRACT_MAX), strlen(contract_name(CONTRACT_MAX)),
	    "?", "contract_name(CONTRACT_MAX) is ?");
}

static void
test_set(void)
{
	struct config	 c;

	config_defaults(&c);

	is_int(set1("no_such_key", "1", &c), -1, "config_set: unknown key is -1");
	ok(strstr(err, "no_such_key") != NULL, "config_set: message names the key (%s)", err);
	is_int(set1("Threads", "4", &c), -1, "config_set: keys are case-sensitive");
	is_int(set1("", "4", &c), -1, "config_set: empty key is -1");

	/* Integers: bounds exactly, one over, junk. */
	is_int(set1("threads", "1", &c), 0, "threads 1 (min) accepted");
	is_int(c.threads, 1, "threads is 1");
	is_int(set1("threads", "1024", &c), 0, "threads 1024 (max) accepted");
	is_int(c.threads, 1024, "threads is 1024");
	is_int(set1("threads", "0", &c), -1, "threads 0 (min-1) is -1");
	ok(strstr(err, "threads") != NULL, "out-of-range message names the key (%s)", err);
	is_int(set1("threads", "1025", &c), -1, "threads 1025 (max+1) is -1");
	is_int(c.threads, 1024, "threads unchanged after a refused value");
	is_int(set1("threads", "-1", &c), -1, "threads -1 is -1");
	is_int(set1("threads", "", &c), -1, "threads empty is -1");
	is_int(set1("threads", "4x", &c), -1, "threads 4x is -1");
	is_int(set1("threads", " 4", &c), -1, "threads ' 4' is -1");
	is_int(set1("threads", "99999999999999999999999", &c), -1,
	    "threads huge is -1");
	is_int(set1("db_port", "0", &c), 0, "db_port 0 accepted");
	is_int(set1("db_port", "65535", &c), 0, "db_port 65535 accepted");
	is_int(set1("db_port", "65536", &c), -1, "db_port 65536 is -1");
	is_int(set1("max_body", "1024", &c), 0, "max_body 1024 (min) accepted");
	is_int(set1("max_body", "1023", &c), -1, "max_body 1023 is -1");
	is_int(set1("max_body", "16777216", &c), 0, "max_body 16777216 (max) accepted");
	is_int(c.max_body, 16777216, "max_body is 16777216");
	is_int(set1("max_body", "16777217", &c), -1, "max_body 16777217 is -1");
	is_int(set1("password_cost", "31", &c), 0, "password_cost 31 accepted");
	is_int(set1("password_cost", "32", &c), -1, "password_cost 32 is -1");
	is_int(set1("session_ttl", "59", &c), -1, "session_ttl 59 is -1");
	is_int(set1("session_ttl", "60", &c), 0, "session_ttl 60 accepted");

	/* Booleans. */
	is_int(set1("proxypool_regist", "no", &c), 0, "bool no accepted");
	is_int(c.proxypool_regist, 0, "bool no is 0");
	is_int(set1("proxypool_regist", "yes", &c), 0, "bool yes accepted");
	is_int(c.proxypool_regist, 1, "bool yes is 1");
	set1("proxypool_regist", "off", &c);
	is_int(c.proxypool_regist, 0, "bool off is 0");
	set1("proxypool_regist", "true", &c);
	is_int(c.proxypool_regist, 1, "bool true is 1");
	set1("proxypool_regist", "false", &c);
	is_int(c.proxypool_regist, 0, "bool false is 0");
	set1("proxypool_regist", "on", &c);
	is_int(c.proxypool_regist, 1, "bool on is 1");
	set1("proxypool_regist", "0", &c);
	is_int(c.proxypool_regist, 0, "bool 0 is 0");
	set1("proxypool_regist", "1", &c);
	is_int(c.proxypool_regist, 1, "bool 1 is 1");
	is_int(set1("proxypool_regist", "maybe", &c), -1, "bool maybe is -1");
	is_int(set1("proxypool_regist", "", &c), -1, "bool empty is -1");
	is_int(set1("proxypool_regist", "2", &c), -1, "bool 2 is -1");
	is_int(set1("backstage", "no", &c), 0, "contract switch backstage = no");
	is_int(c.contract_on[CONTRACT_BACKSTAGE], 0, "contract_on[BACKSTAGE] is 0");
	is_int(c.contract_on[CONTRACT_LOGINPHP], 1, "contract_on[LOGINPHP] still 1");

	/* Modes. */
	is_int(set1("listen_mode", "0600", &c), 0, "mode 0600 accepted");
	is_int(c.listen_mode, 0600, "mode is 0600");
	is_int(set1("listen_mode", "0660", &c), 0, "mode 0660 accepted");
	is_int(c.listen_mode, 0660, "mode is 0660");
	is_int(set1("listen_mode", "666", &c), 0, "mode 666 accepted as octal");
	is_int(c.listen_mode, 0666, "mode is 0666");
	is_int(set1("listen_mode", "0777", &c), 0, "mode 0777 (max) accepted");
	is_int(set1("listen_mode", "01000", &c), -1, "mode 01000 is -1");
	is_int(set1("listen_mode", "0680", &c), -1, "mode with digit 8 is -1");
	is_int(set1("listen_mode", "", &c), -1, "mode empty is -1");
	is_int(set1("listen_mode", "rw", &c), -1, "mode rw is -1");
	is_int(set1("listen_mode", "-1", &c), -1, "mode -1 is -1");
	is_int(c.listen_mode, 0777, "mode unchanged after refused values");

	/* Strings, replaced (the old copy freed: see the sanitizer build). */
	is_int(set1("cookie_name", "sid", &c), 0, "string set");
	is_int(set1("cookie_name", "sid2", &c), 0, "string set again");
	is_str(c.cookie_name, strlen(c.cookie_name), "sid2", "string replaced");
	is_int(set1("alist_prefix", "/alist", &c), 0, "contract prefix set");
	is_str(c.contract_prefix[CONTRACT_ALIST],
	    strlen(c.contract_prefix[CONTRACT_ALIST]), "/alist",
	    "contract_prefix[ALIST] is /alist");
	config_free(&c);
}

static void
test_validate(void)
{
	struct config	 c;

#define BAD(key, val, name) do {					\
	config_defaults(&c);						\
	is_int(set1((key), (val), &c), 0, "  config_set " key);	\
	err[0] = '\0';							\
	is_int(config_validate(&c, err, sizeof(err)), -1, (name));	\
	ok(err[0] != '\0', "  with a message (%s)", err);		\
	config_free(&c);						\
} while (0)
#define GOOD(key, val, name) do {					\
	config_defaults(&c);						\
	is_int(set1((key), (val), &c), 0, "  config_set " key);	\
	err[0] = '\0';							\
	is_int(config_validate(&c, err, sizeof(err)), 0, (name));	\
	config_free(&c);						\
} while (0)

	BAD("password_scheme", "md5", "validate: password_scheme md5 refused");
	GOOD("password_scheme", "bcrypt", "validate: password_scheme bcrypt");
	GOOD("password_scheme", "sha512crypt", "validate: password_scheme sha512crypt");
	BAD("cookie_secure", "maybe", "validate: cookie_secure maybe refused");
	GOOD("cookie_secure", "yes", "validate: cookie_secure yes");
	GOOD("cookie_secure", "no", "validate: cookie_secure no");
	BAD("adminsys_window", "open", "validate: adminsys_window open refused");
	GOOD("adminsys_window", "offset_count",
	    "validate: adminsys_window offset_count");
	config_defaults(&c);
	is_int(set1("adminsys_max_window", "0", &c), -1,
	    "config_set: adminsys_max_window 0 refused");
	is_int(c.adminsys_max_window, 1000, "  default adminsys_max_window 1000");
	config_free(&c);
	BAD("cookie_name", "", "validate: empty cookie_name refused");
	BAD("cookie_name", "a;b", "validate: cookie_name with ; refused");
	BAD("cookie_name", "a b", "validate: cookie_name with space refused");
	BAD("log_level", "loud", "validate: log_level loud refused");
	GOOD("log_level", "debug", "validate: log_level debug");
	GOOD("alist_admin_token", "", "validate: no AList admin token");
	GOOD("alist_admin_token",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    "validate: an AList admin token's SHA-256");
	BAD("alist_admin_token",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
	    "validate: 63 hex characters refused");
	BAD("alist_admin_token",
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	    "validate: upper case refused");
	BAD("alist_admin_token", "alist-0123456789abcdef",
	    "validate: a token itself refused (only its hash is kept)");
	BAD("loginphp_db_error_status", "404",
	    "validate: loginphp_db_error_status 404 refused");
	GOOD("loginphp_db_error_status", "200",
	    "validate: loginphp_db_error_status 200");
	BAD("session_idle", "86401", "validate: session_idle > session_ttl refused");
	GOOD("session_idle", "86400", "validate: session_idle == session_ttl");
	BAD("backstage_prefix", "backstage/",
	    "validate: prefix backstage/ (no leading slash) refused");
	BAD("backstage_prefix", "backstage",
	    "validate: prefix backstage (no leading slash) refused");
	BAD("adminsys_prefix", "/x/", "validate: prefix /x/ (trailing slash) refused");
	BAD("adminsys_prefix", "/", "validate: prefix / refused");
	BAD("alist_prefix", "/a?b", "validate: prefix with ? refused");
	BAD("alist_prefix", "/a\nb", "validate: prefix with newline refused");
	BAD("alist_prefix", "/a\xff", "validate: prefix with invalid UTF-8 refused");
	GOOD("backstage_prefix", "/backstage", "validate: prefix /backstage");
	GOOD("backstage_prefix", "/a/b", "validate: prefix /a/b");
	GOOD("backstage_prefix", "", "validate: empty prefix");
	GOOD("cors_origins", "", "validate: no cors_origins");
	GOOD("cors_origins", "https://a.example, http://b.example:8080 "
	    "http://[::1]:3000", "validate: cors_origins, a list");
	BAD("cors_origins", "*", "validate: cors_origins * refused");
	BAD("cors_origins", "https://a.example/", "validate: an origin with a path");
	BAD("cors_origins", "a.example", "validate: an origin with no scheme");
	BAD("cors_origins", "ftp://a.example", "validate: an origin not http(s)");
	BAD("cors_origins", "https://", "validate: an origin with no host");
	BAD("cors_origins", "https://a.example;x", "validate: ; in an origin");
#undef BAD
#undef GOOD
}

static void
test_origins(void)
{
	struct config	 c;

	config_defaults(&c);
	ok(!config_origin_listed(&c, "https://a.example", 17),
	    "origins: none listed by default");
	is_int(set1("cors_origins", " https://a.example,,http://b.example:8080 ",
	    &c), 0, "origins: set");
	ok(config_origin_listed(&c, "https://a.example", 17),
	    "origins: the first");
	ok(config_origin_listed(&c, "http://b.example:8080", 21),
	    "origins: the last, with a port");
	ok(!config_origin_listed(&c, "http://b.example", 16),
	    "origins: without the port is another origin");
	ok(!config_origin_listed(&c, "https://a.example.evil", 22),
	    "origins: a longer name is another origin");
	ok(!config_origin_listed(&c, "https://a.exampl", 16),
	    "origins: a prefix is another origin");
	ok(!config_origin_listed(&c, "", 0), "origins: empty is not listed");
	config_free(&c);
}

static void
test_lists(void)
{
	struct config	 c;
	const char	*a;
	size_t		 len;

	config_defaults(&c);
	is_int((long long)config_list_n(""), 0, "list: empty");
	is_int((long long)config_list_n(" , ,"), 0, "list: separators only");
	is_int((long long)config_list_n("/a.png, /b.png  /c.png"), 3,
	    "list: commas and blanks");
	a = config_list_at("/a.png, /b.png  /c.png", 2, &len);
	ok(a != NULL && len == 6 && memcmp(a, "/c.png", 6) == 0,
	    "list: the third item");
	ok(config_list_at("/a.png", 1, &len) == NULL && len == 0,
	    "list: past the end");
	is_int((long long)config_list_n(c.proxypool_avatars), 8,
	    "proxypool_avatars: eight by default");
	is_str(c.proxypool_types, strlen(c.proxypool_types), "seed",
	    "proxypool_types: seed by default");
	ok(strncmp(c.proxypool_description, "\xe6\x88\x91\xe4\xb8\x8d", 6) ==
	    0, "proxypool_description: the original's");
	ok(config_validate(&c, err, sizeof(err)) == 0, "the defaults validate");
	set1("proxypool_types", "original", &c);
	ok(config_validate(&c, err, sizeof(err)) == 0, "types original");
	set1("proxypool_types", "vue", &c);
	ok(config_validate(&c, err, sizeof(err)) == -1, "types vue refused");
	set1("proxypool_types", "seed", &c);
	set1("proxypool_avatars", " , ", &c);
	ok(config_validate(&c, err, sizeof(err)) == -1, "no avatars refused");
	set1("proxypool_avatars", "/a\".png", &c);
	ok(config_validate(&c, err, sizeof(err)) == -1, "a quote refused");
	set1("proxypool_avatars", "https://example.com/a.png", &c);
	ok(config_validate(&c, err, sizeof(err)) == 0, "a URL is an avatar");
	set1("proxypool_description", "bad\x01", &c);
	ok(config_validate(&c, err, sizeof(err)) == -1,
	    "a control character in the description refused");
	config_free(&c);
}

static void
test_load(void)
{
	struct config	 c;
	char		 path[64], line[8192];
	size_t		 n;
	int		 rc;

	rc = load_text(&c,
	    "# usergate test configuration\n"
	    "\n"
	    "   # an indented comment\n"
	    "threads = 4\n"
	    "\t\n"
	    "listen_mode=0600\n"
	    "  cookie_name   =   \"my_session\"  \n"
	    "db_password = a=b#c\n"
	    "db_socket =\n"
	    "log_level = \"\"\n"
	    "db_host = \"half\n"
	    "cookie_secure = yes\r\n"
	    "backstage_prefix = /backstage\n"
	    "adminsys = no\n"
	    "log_level = debug\n"
	    "max_body = 4096");
	is_int(rc, 0, "config_load: a good file");
	if (rc != 0)
		diag("%s", err);
	is_int(c.threads, 4, "file: threads = 4");
	is_int(c.listen_mode, 0600, "file: listen_mode=0600 without spaces");
	is_str(c.cookie_name, strlen(c.cookie_name), "my_session",
	    "file: quoted value, quotes and spaces removed");
	is_str(c.db_password, strlen(c.db_password), "a=b#c",
	    "file: value runs past a second = and a #");
	is_str(c.db_socket, strlen(c.db_socket), "", "file: empty value");
	is_str(c.db_host, strlen(c.db_host), "\"half",
	    "file: an unmatched quote is kept");
	is_str(c.cookie_secure, strlen(c.cookie_secure), "yes", "file: CRLF line");
	is_str(c.contract_prefix[CONTRACT_BACKSTAGE],
	    strlen(c.contract_prefix[CONTRACT_BACKSTAGE]), "/backstage",
	    "file: backstage_prefix");
	is_int(c.contract_on[CONTRACT_ADMINSYS], 0, "file: adminsys = no");
	is_str(c.log_level, strlen(c.log_level), "debug", "file: a later line wins");
	is_int(c.max_body, 4096, "file: last line without newline");
	is_int(c.max_fields, 64, "file: unset keys keep defaults");
	config_free(&c);

	rc = load_text(&c, "");
	is_int(rc, 0, "config_load: an empty file");
	is_int(c.threads, 8, "empty file: defaults");
	config_free(&c);

	rc = load_text(&c, "threads = 4\n# fine\nthis is not a pair\nthreads = 5\n");
	is_int(rc, -1, "config_load: a line without = is -1");
	ok(strstr(err, ":3:") != NULL, "  message has line number 3 (%s)", err);
	config_free(&c);

	rc = load_text(&c, "\n\nthreads = 0\n");
	is_int(rc, -1, "config_load: an out-of-range value is -1");
	ok(strstr(err, ":3:") != NULL && strstr(err, "threads") != NULL,
	    "  message has line 3 and the key (%s)", err);
	config_free(&c);

	rc = load_text(&c, "threads = 4\nbogus_key = 1\n");
	is_int(rc, -1, "config_load: an unknown key is -1");
	ok(strstr(err, ":2:") != NULL && strstr(err, "bogus_key") != NULL,
	    "  message has line 2 and the key (%s)", err);
	config_free(&c);

	rc = load_text(&c, "threads = 4 # four\n");
	is_int(rc, -1, "config_load: a trailing comment is part of the value");
	config_free(&c);

	rc = load_text(&c, "password_scheme = md5\n");
	is_int(rc, -1, "config_load: validates (password_scheme md5)");
	ok(strstr(err, "password_scheme") != NULL, "  message names it (%s)", err);
	config_free(&c);

	/* Line length: 4094 bytes and a newline fit, one more does not. */
	n = (size_t)snprintf(line, sizeof(line), "db_password = ");
	memset(line + n, 'x', 4094 - n);
	memcpy(line + 4094, "\nthreads = 3\n", sizeof("\nthreads = 3\n"));
	rc = load_text(&c, line);
	is_int(rc, 0, "config_load: a 4094-byte line");
	is_int((long long)strlen(c.db_password), (long long)(4094 - n),
	    "  its whole value read");
	is_int(c.threads, 3, "  and the next line");
	config_free(&c);
	memset(line + n, 'x', 4095 - n);
	memcpy(line + 4095, "\nthreads = 3\n", sizeof("\nthreads = 3\n"));
	rc = load_text(&c, line);
	is_int(rc, -1, "config_load: a 4095-byte line is too long");
	ok(strstr(err, ":1:") != NULL, "  message has line 1 (%s)", err);
	config_free(&c);

	/* An explicit path must exist. */
	config_defaults(&c);
	err[0] = '\0';
	is_int(config_load(&c, "/nonexistent/usergate-unit.conf", err, sizeof(err)),
	    -1, "config_load: missing explicit path is -1");
	ok(strstr(err, "/nonexistent/usergate-unit.conf") != NULL,
	    "  message names the path (%s)", err);
	config_free(&c);

	/* The environment wins over the file. */
	setenv("USERGATE_MAX_BODY", "2048", 1);
	setenv("USERGATE_BACKSTAGE_PREFIX", "/bs", 1);
	rc = load_text(&c, "max_body = 4096\nthreads = 2\n");
	is_int(rc, 0, "config_load with USERGATE_MAX_BODY=2048");
	is_int(c.max_body, 2048, "environment overrides the file");
	is_int(c.threads, 2, "file value kept where no variable is set");
	is_str(c.contract_prefix[CONTRACT_BACKSTAGE],
	    strlen(c.contract_prefix[CONTRACT_BACKSTAGE]), "/bs",
	    "USERGATE_BACKSTAGE_PREFIX sets backstage_prefix");
	config_free(&c);
	unsetenv("USERGATE_BACKSTAGE_PREFIX");

	setenv("USERGATE_MAX_BODY", "1", 1);
	rc = load_text(&c, "");
	is_int(rc, -1, "config_load: an out-of-range variable is -1");
	ok(strstr(err, "USERGATE_MAX_BODY") != NULL,
	    "  message names the variable (%s)", err);
	config_free(&c);
	unsetenv("USERGATE_MAX_BODY");

	setenv("USERGATE_ADMINSYS_PREFIX", "x/", 1);
	rc = load_text(&c, "");
	is_int(rc, -1, "config_load: a variable that fails validation is -1");
	config_free(&c);
	unsetenv("USERGATE_ADMINSYS_PREFIX");

	rc = load_text(&c, "max_body = 4096\n");
	is_int(c.max_body, 4096, "after unsetenv the file value is back");
	config_free(&c);

	/* config_dump masks the database password. */
	config_defaults(&c);
	set1("db_password", "hunter2", &c);
	if (write_conf("", path, sizeof(path)) == 0) {
		FILE	*f;
		char	 all[8192];
		size_t	 got = 0;

		if ((f = fopen(path, "r+")) != NULL) {
			config_dump(&c, fileno(f));
			rewind(f);
			got = fread(all, 1, sizeof(all) - 1, f);
			fclose(f);
		}
		all[got] = '\0';
		ok(strstr(all, "db_password = ********\n") != NULL,
		    "config_dump masks db_password");
		ok(strstr(all, "hunter2") == NULL, "config_dump never shows it");
		ok(strstr(all, "listen_mode = 0660\n") != NULL,
		    "config_dump shows listen_mode in octal");
		ok(strstr(all, "threads = 8\n") != NULL, "config_dump shows threads");
		unlink(path);
	}
	config_free(&c);
}

int
main(void)
{
	clean_env();
	test_defaults();
	test_set();
	test_validate();
	test_origins();
	test_lists();
	test_load();
	return done_testing();
}
