/*
 * Configuration: one "key = value" file, '#' comments on their own
 * lines, each key overridable by the environment variable USERGATE_<KEY>
 * (upper case).  Keys are whitelisted in a table in config.c with their
 * type, default and bounds; an unknown key or an out-of-range value is
 * an error, never silently ignored.
 */
#ifndef UG_CONFIG_H
#define UG_CONFIG_H

#include <stddef.h>

#define CONFIG_DEFAULT_PATH	SYSCONFDIR "/usergate.conf"

enum contract_id {
	CONTRACT_LOGINPHP,
	CONTRACT_BACKSTAGE,
	CONTRACT_ADMINSYS,
	CONTRACT_PROXYPOOL,
	CONTRACT_ALIST,
	CONTRACT_MAX
};

struct config {
	/* serving */
	char	*listen;
	int	 listen_mode;
	char	*listen_group;	/* the unix socket's group; "": user's own */
	int	 threads;
	int	 peer_timeout;
	char	*user;
	char	*log;
	char	*log_level;
	char	*trusted_proxy;	/* reserved: REMOTE_ADDR is nginx's view */

	/* database */
	char	*db_host;
	int	 db_port;
	char	*db_socket;
	char	*db_user;
	char	*db_password;
	char	*db_name;
	int	 db_connect_timeout;
	int	 db_read_timeout;
	int	 db_write_timeout;
	char	*migrations_dir;
	int	 db_galera;	/* a Galera cluster: wsrep_sync_wait = 1 */

	/* passwords */
	char	*password_scheme;
	int	 password_cost;
	int	 hash_concurrency;
	int	 hash_wait;

	/* sessions */
	int	 session_ttl;
	int	 session_idle;
	char	*cookie_name;
	char	*cookie_secure;

	/* login throttling */
	int	 login_fail_user;
	int	 login_fail_addr;
	int	 login_fail_window;

	/* request limits, checked before any other work */
	int	 max_body;
	int	 max_fields;
	int	 max_field_len;
	int	 max_depth;
	int	 max_username;

	/* contracts: on/off and mount prefix */
	int	 contract_on[CONTRACT_MAX];
	char	*contract_prefix[CONTRACT_MAX];
	int	 loginphp_db_error_status;

	/* browsers on other origins: the origins listed, blank or comma separated */
	char	*cors_origins;
	int	 proxypool_regist;
	char	*proxypool_types;	/* "seed" or "original" (its Vue app's) */
	char	*proxypool_avatars;	/* a list, as cors_origins */
	char	*proxypool_description;	/* a registered user's, at first */
	int	 adminsys_password_md5;	/* adminsys posts md5(password) */
	char	*adminsys_window;	/* "closed" (the seed) or "offset_count" */
	int	 adminsys_max_window;	/* most rows one list answers */
	int	 alist_login_hash;	/* AList's /api/auth/login/hash */
	int	 alist_session_ttl;	/* AList's sessions: 48 h ... */
	int	 alist_session_idle;	/* ... and no idle timeout (0) */
	char	*alist_admin_token;	/* SHA-256 hex of scripts' token, or "" */
};

/* Fills every field with its default.  Never fails but for memory (-1). */
int	 config_defaults(struct config *);
/*
 * Reads path (NULL: CONFIG_DEFAULT_PATH, which may be missing), then the
 * environment.  0, or -1 with a message in err.
 */
int	 config_load(struct config *, const char *path, char *err, size_t errsz);
/* Sets one key from its text form; 0 or -1 with a message. */
int	 config_set(struct config *, const char *key, const char *val,
	    char *err, size_t errsz);
/* Cross-field checks after loading; 0 or -1 with a message. */
int	 config_validate(const struct config *, char *err, size_t errsz);
void	 config_free(struct config *);
/* Writes every key = value (db_password masked) to fd. */
void	 config_dump(const struct config *, int fd);

const char	*contract_name(enum contract_id);

/*
 * 1 if origin[0..len) is exactly one of cors_origins (scheme, host and
 * port as a browser sends them in Origin), else 0.
 */
int		 config_origin_listed(const struct config *, const char *origin,
		    size_t len);

/*
 * A list-valued key (items blank or comma separated): the number of
 * items, and item i (its length in *len), or NULL past the end.
 */
size_t		 config_list_n(const char *list);
const char	*config_list_at(const char *list, size_t i, size_t *len);

#endif
