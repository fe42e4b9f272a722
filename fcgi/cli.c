#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "db.h"
#include "import.h"
#include "log.h"
#include "migrate.h"
#include "password.h"
#include "proxy.h"
#include "role.h"
#include "text.h"
#include "token.h"
#include "user.h"

/* The operator at the command line is above every role. */
static const struct actor operator = { 0, 0, LEVEL_OPERATOR };

static struct db *
open_db(const struct config *cfg)
{
	struct db	*db;

	if (db_library_init() == -1 || (db = db_new(cfg)) == NULL) {
		fprintf(stderr, "usergate: out of memory\n");
		return NULL;
	}
	if (db_connect(db) != UG_OK) {
		fprintf(stderr, "usergate: cannot connect to the database "
		    "(see the log above)\n");
		db_free(db);
		return NULL;
	}
	return db;
}

int
cli_migrate(const struct config *cfg, int argc, char **argv)
{
	struct db	*db;
	int		 applied = 0;
	enum ug_err	 e;

	if ((db = open_db(cfg)) == NULL)
		return 1;
	e = migrate_run(db, cfg->migrations_dir, &applied);
	db_free(db);
	if (e != UG_OK) {
		fprintf(stderr, "usergate: migrate failed: %s\n", ug_strerror(e));
		return 1;
	}
	printf("migrate: %d applied, schema up to date\n", applied);
	return 0;
}

/*
 * The new password: USERGATE_PASSWORD if set (then unset, so children
 * never see it), else the first line of stdin.  Never from argv, where
 * every user of the machine could read it.
 */
static int
read_password(char *out, size_t outsz)
{
	const char	*env = getenv("USERGATE_PASSWORD");
	size_t		 n;

	if (env != NULL) {
		if (strlen(env) >= outsz)
			return -1;
		memcpy(out, env, strlen(env) + 1);
		unsetenv("USERGATE_PASSWORD");
		return 0;
	}
	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(out, (int)outsz, stdin) == NULL)
		return -1;
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == outsz - 1)
		return -1;		/* longer than PASSWORD_MAX */
	out[n] = '\0';
	return 0;
}

static int
list_row(void *arg, const struct user_brief *u)
{
	printf("%llu\t%.*s\t%d\t%.*s\n", (unsigned long long)u->id,
	    (int)u->username_len, u->username, u->role_id,
	    u->wechat_name ? (int)u->wechat_name_len : 1,
	    u->wechat_name ? u->wechat_name : "-");
	return 0;
}

static int
usage_user(void)
{
	fprintf(stderr,
	    "usage: usergate user add NAME [--role ROLE]\n"
	    "       usergate user passwd NAME\n"
	    "       usergate user role NAME ROLE\n"
	    "       usergate user lock|unlock NAME\n"
	    "       usergate user list\n"
	    "ROLE: admin, user_admin, shop_admin, role_admin, user, guest "
	    "or a role id.\n"
	    "The password is read from USERGATE_PASSWORD or the first line "
	    "of stdin.\n");
	return 2;
}

int
cli_user(const struct config *cfg, int argc, char **argv)
{
	char			 pw[PASSWORD_MAX + 2];
	char			 err[256];
	struct db		*db;
	struct user_new		 u;
	struct user_ref		 ref;
	struct user_change	 ch = USER_CHANGE_NONE;
	enum ug_err		 e;
	int			 role = ROLE_USER, rc = 1;

	if (argc < 1)
		return usage_user();
	if (strcmp(argv[0], "list") == 0) {
		if (argc != 1)
			return usage_user();
		if ((db = open_db(cfg)) == NULL)
			return 1;
		printf("id\tusername\trole\twechat_name\n");
		e = user_list_brief(db, list_row, NULL);
		db_free(db);
		if (e != UG_OK)
			fprintf(stderr, "usergate: %s\n", ug_strerror(e));
		return e == UG_OK ? 0 : 1;
	}
	if (argc < 2)
		return usage_user();
	if (strcmp(argv[0], "add") == 0) {
		if (argc == 4 && strcmp(argv[2], "--role") == 0)
			role = role_parse(argv[3]);
		else if (argc != 2)
			return usage_user();
		if (role < 0) {
			fprintf(stderr, "usergate: unknown role %s\n", argv[3]);
			return 2;
		}
	} else if (strcmp(argv[0], "passwd") == 0) {
		if (argc != 2)
			return usage_user();
	} else if (strcmp(argv[0], "role") == 0) {
		if (argc != 3 || (ch.role_id = role_parse(argv[2])) < 0)
			return usage_user();
	} else if (strcmp(argv[0], "lock") == 0 ||
	    strcmp(argv[0], "unlock") == 0) {
		if (argc != 2)
			return usage_user();
		ch.locked = strcmp(argv[0], "lock") == 0;
	} else
		return usage_user();

	if (strcmp(argv[0], "add") == 0 || strcmp(argv[0], "passwd") == 0) {
		if (read_password(pw, sizeof(pw)) == -1 || pw[0] == '\0') {
			fprintf(stderr, "usergate: no password given, or an "
			    "empty or over-long one\n");
			return 1;
		}
	}
	if (password_init(cfg->password_scheme, cfg->password_cost,
	    cfg->hash_concurrency, cfg->hash_wait, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		return 1;
	}
	if ((db = open_db(cfg)) == NULL)
		return 1;
	if (strcmp(argv[0], "add") == 0) {
		u.name.s = argv[1];
		u.name.len = strlen(argv[1]);
		u.password.s = pw;
		u.password.len = strlen(pw);
		u.role_id = role;
		e = user_create(db, cfg, &operator, &u, NULL);
	} else {
		ref.name.s = argv[1];
		ref.name.len = strlen(argv[1]);
		ref.id = 0;
		if (strcmp(argv[0], "passwd") == 0) {
			ch.password.s = pw;
			ch.password.len = strlen(pw);
		}
		e = user_update(db, cfg, &operator, &ref, &ch);
	}
	explicit_bzero(pw, sizeof(pw));
	db_free(db);
	if (e == UG_OK) {
		printf("user %s: done\n", argv[1]);
		rc = 0;
	} else
		fprintf(stderr, "usergate: user %s: %s\n", argv[1],
		    e == UG_EINVAL ? "invalid name, password or role" :
		    ug_strerror(e));
	return rc;
}

static int
usage_import(void)
{
	fprintf(stderr,
	    "usage: usergate import --from SYSTEM [--dry-run] [--skip-bad]\n"
	    "           [--map LEGACY=OURS ...] [--hash SCHEME] "
	    "[--format csv|tsv|jsonl]\n"
	    "           [--batch ROWS] [--threads N] FILE|-\n"
	    "SYSTEM: %s\n"
	    "SCHEME (--from csv): plain, md5, crypt, werkzeug, alist\n"
	    "FILE: CSV or TSV with a header row, or JSON Lines; - for stdin.\n",
	    imp_preset_names());
	return 2;
}

/* The whole of path (or stdin for "-") into *buf; -1 with a message. */
static int
slurp_file(const char *path, char **buf, size_t *len)
{
	char	*p = NULL, *np;
	size_t	 n = 0, cap = 0;
	ssize_t	 r;
	int	 fd;

	if (strcmp(path, "-") == 0)
		fd = 0;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "usergate: import: %s: %s\n", path,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > IMP_MAX_BYTES + 1 ||
			    (np = realloc(p, cap)) == NULL) {
				fprintf(stderr, "usergate: import: %s: larger "
				    "than %lu MiB\n", path, IMP_MAX_BYTES >> 20);
				goto fail;
			}
			p = np;
		}
		if ((r = read(fd, p + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "usergate: import: %s: %s\n", path,
			    strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd != 0)
		close(fd);
	*buf = p;
	*len = n;
	return 0;
fail:
	if (fd != 0)
		close(fd);
	free(p);
	return -1;
}

static double
now_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress: a line kept up to date on a terminal, else one every 2 s. */
struct progress {
	int	 tty;
	double	 start, last;
	size_t	 shown;
};

static void
show_progress(void *arg, size_t done, size_t total)
{
	struct progress	*pg = arg;
	double		 t = now_seconds(), el = t - pg->start, rate;
	long		 left;

	if (done == pg->shown && done != total)
		return;
	if (!pg->tty && t - pg->last < 2.0 && done != total)
		return;
	if (done == total && pg->shown == total && total > 0)
		return;
	rate = el > 0 ? (double)done / el : 0;
	left = rate > 0 ? (long)((double)(total - done) / rate + 0.5) : -1;
	if (pg->tty)
		fprintf(stderr, "\rimport: %zu/%zu rows, %.0f rows/s, "
		    "%ld:%02ld left   ", done, total, rate,
		    left < 0 ? 0 : left / 60, left < 0 ? 0 : left % 60);
	else
		fprintf(stderr, "import: %zu/%zu rows, %.0f rows/s, "
		    "about %ld s left\n", done, total, rate, left < 0 ? 0 : left);
	if (pg->tty && done == total)
		fputc('\n', stderr);
	fflush(stderr);
	pg->last = t;
	pg->shown = done;
}

/* Bad rows by reason: the text before any " (" detail. */
static void
print_reasons(const struct imp_row *rows, size_t n)
{
	const char	*seen[32];
	size_t		 count[32], len[32], ns = 0, i, k, l;
	const char	*w;

	for (i = 0; i < n; i++) {
		if (rows[i].state != IR_BAD)
			continue;
		w = rows[i].why;
		l = strcspn(w, "(");
		while (l > 0 && w[l - 1] == ' ')
			l--;
		for (k = 0; k < ns && (len[k] != l ||
		    memcmp(seen[k], w, l) != 0); k++)
			;
		if (k == ns) {
			if (ns == 32)
				continue;
			seen[ns] = w;
			len[ns] = l;
			count[ns++] = 0;
		}
		count[k]++;
	}
	for (k = 0; k < ns; k++)
		printf("  %zu: %.*s\n", count[k], (int)len[k], seen[k]);
}

static void
print_summary(const struct imp_row *rows, size_t n, int dry_run)
{
	struct imp_stats	 st;
	size_t			 i, w = 0, to_write = 0;
	int			 first = 1;

	imp_stats(rows, n, &st);
	for (i = 0; i < n; i++)
		if (rows[i].state == IR_NEW)
			to_write++;
	for (i = 0; i < PWL_NSCHEMES; i++)
		w += st.wrapped[i];
	printf("import: %zu rows\n", st.rows);
	if (dry_run)
		printf("  would import: %zu\n", to_write);
	else {
		printf("  imported: %zu (kept as they were: %zu, wrapped: %zu",
		    st.imported, st.kept, w);
		for (i = 0; i < PWL_NSCHEMES; i++)
			if (st.wrapped[i] > 0) {
				printf("%s%s %zu", first ? " -- " : ", ",
				    password_legacy_name((enum pw_legacy)i),
				    st.wrapped[i]);
				first = 0;
			}
		printf(")\n");
	}
	printf("  already imported: %zu\n", st.already);
	printf("  bad rows: %zu\n", st.bad);
	print_reasons(rows, n);
}

int
cli_import(const struct config *cfg, int argc, char **argv)
{
	struct imp_opts	 o;
	struct imp_file	 f;
	struct imp_row	*rows = NULL;
	struct progress	 pg;
	const char	*path = NULL, *unused[16], *eq;
	char		*data = NULL, err[256];
	size_t		 len = 0, i, nbad = 0, nnew = 0, nu;
	enum imp_format	 fmt = IMP_AUTO;
	struct db	*db = NULL;
	enum ug_err	 e;
	uint64_t	 v;
	int		 t, rc = 1;

	memset(&o, 0, sizeof(o));
	memset(&f, 0, sizeof(f));
	o.hash = -1;
	o.batch = 500;
	for (i = 0; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--from") == 0 && i + 1 < (size_t)argc) {
			if ((o.preset = imp_preset_find(argv[++i])) == NULL)
				return usage_import();
		} else if (strcmp(argv[i], "--dry-run") == 0)
			o.dry_run = 1;
		else if (strcmp(argv[i], "--skip-bad") == 0)
			o.skip_bad = 1;
		else if (strcmp(argv[i], "--map") == 0 && i + 1 < (size_t)argc) {
			i++;
			if ((eq = strchr(argv[i], '=')) == NULL ||
			    eq == argv[i] || o.nmap == IMP_MAX_MAP ||
			    (t = imp_target_parse(eq + 1, strlen(eq + 1))) ==
			    -2) {
				fprintf(stderr, "usergate: import: --map %s: "
				    "not LEGACY=FIELD with a field of ours\n",
				    argv[i]);
				return 2;
			}
			/* The legacy name ends at '=': cut it there. */
			*(char *)eq = '\0';
			o.map[o.nmap].legacy = argv[i];
			o.map[o.nmap++].target = t;
		} else if (strcmp(argv[i], "--hash") == 0 &&
		    i + 1 < (size_t)argc) {
			i++;
			if ((o.hash = password_legacy_parse(argv[i],
			    strlen(argv[i]))) < 0)
				return usage_import();
		} else if (strcmp(argv[i], "--format") == 0 &&
		    i + 1 < (size_t)argc) {
			i++;
			if (strcmp(argv[i], "csv") == 0)
				fmt = IMP_CSV;
			else if (strcmp(argv[i], "tsv") == 0)
				fmt = IMP_TSV;
			else if (strcmp(argv[i], "jsonl") == 0)
				fmt = IMP_JSONL;
			else
				return usage_import();
		} else if ((strcmp(argv[i], "--batch") == 0 ||
		    strcmp(argv[i], "--threads") == 0) && i + 1 < (size_t)argc) {
			if (parse_u64(argv[i + 1], strlen(argv[i + 1]), 100000,
			    &v) == -1 || v == 0)
				return usage_import();
			if (strcmp(argv[i], "--batch") == 0)
				o.batch = (size_t)v;
			else
				o.threads = (int)v;
			i++;
		} else if (path == NULL && (argv[i][0] != '-' ||
		    strcmp(argv[i], "-") == 0))
			path = argv[i];
		else
			return usage_import();
	}
	if (o.preset == NULL || path == NULL)
		return usage_import();

	if (password_init(cfg->password_scheme, cfg->password_cost,
	    cfg->hash_concurrency, cfg->hash_wait, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		return 1;
	}
	if (slurp_file(path, &data, &len) == -1)
		return 1;
	if (imp_parse(data, len, fmt, &f, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: import: %s: %s\n", path, err);
		goto out;
	}
	if ((nu = imp_unused_columns(&o, &f, unused, 16)) > 0) {
		fprintf(stderr, "usergate: import: columns not imported:");
		for (i = 0; i < nu; i++)
			fprintf(stderr, " %s", unused[i]);
		fprintf(stderr, "%s\n", nu == 16 ? " ..." : "");
	}
	if (f.nrec > 0 && (rows = calloc(f.nrec, sizeof(*rows))) == NULL) {
		fprintf(stderr, "usergate: import: out of memory\n");
		goto out;
	}
	for (i = 0; i < f.nrec; i++)
		imp_row_make(cfg, &o, &f.rec[i], &rows[i]);
	if ((db = open_db(cfg)) == NULL)
		goto out;
	if ((e = imp_check(db, cfg, &o, rows, f.nrec)) != UG_OK) {
		fprintf(stderr, "usergate: import: checking against the store "
		    "failed: %s\n", ug_strerror(e));
		goto out;
	}
	for (i = 0; i < f.nrec; i++) {
		if (rows[i].state == IR_BAD) {
			fprintf(stderr, "line %lu: %s\n", rows[i].line,
			    rows[i].why);
			nbad++;
		} else if (rows[i].state == IR_NEW)
			nnew++;
	}
	if (o.dry_run || (nbad > 0 && !o.skip_bad)) {
		print_summary(rows, f.nrec, 1);
		if (nbad > 0 && !o.skip_bad)
			fprintf(stderr, "usergate: import: %zu bad row%s: "
			    "nothing was written (--skip-bad writes the good "
			    "rows)\n", nbad, nbad == 1 ? "" : "s");
		else
			printf("dry run: nothing was written\n");
		rc = nbad > 0 && !o.skip_bad ? 1 : 0;
		goto out;
	}
	memset(&pg, 0, sizeof(pg));
	pg.tty = isatty(2);
	pg.start = pg.last = now_seconds();
	e = imp_write(cfg, &o, rows, f.nrec, nnew > 0 ? show_progress : NULL,
	    &pg);
	print_summary(rows, f.nrec, 0);
	if (e != UG_OK) {
		fprintf(stderr, "usergate: import stopped: %s; the batches "
		    "written stay, and running the same import again resumes "
		    "it\n", ug_strerror(e));
		goto out;
	}
	rc = 0;
out:
	if (db != NULL)
		db_free(db);
	free(rows);
	imp_file_free(&f);
	if (data != NULL) {
		explicit_bzero(data, len);
		free(data);
	}
	return rc;
}

/* The columns of an iplist file; anything else is reported and skipped. */
static const char *const iplist_cols[] = { "ip", "port", "httptype",
    "address", "isp", "spend", "createtime", "id" };

/*
 * Record r as a proxy: 0, or -1 with why (IMP_WHY_MAX) saying what is
 * wrong.  The values point into the record.
 */
static int
iplist_row(const struct imp_rec *r, struct proxy_in *p, char *why)
{
	struct ug_detail	 d;
	const struct imp_kv	*kv;
	int64_t			 port;
	size_t			 i;

	memset(p, 0, sizeof(*p));
	if (r->bad != NULL) {
		snprintf(why, IMP_WHY_MAX, "%s", r->bad);
		return -1;
	}
	for (i = 0; i < r->n; i++) {
		kv = &r->kv[i];
		if (kv->is_null)
			continue;
		if (str_is(kv->k, kv->klen, "ip")) {
			p->ip = kv->v;
			p->ip_len = kv->vlen;
		} else if (str_is(kv->k, kv->klen, "port")) {
			if (parse_i64(kv->v, kv->vlen, 0, 65535, &port) == -1) {
				snprintf(why, IMP_WHY_MAX, "port: not a port "
				    "number");
				return -1;
			}
			p->port = port;
		} else if (str_is(kv->k, kv->klen, "httptype")) {
			p->httptype = kv->v;
			p->httptype_len = kv->vlen;
		} else if (str_is(kv->k, kv->klen, "address")) {
			p->address = kv->v;
			p->address_len = kv->vlen;
		} else if (str_is(kv->k, kv->klen, "isp")) {
			p->isp = kv->v;
			p->isp_len = kv->vlen;
		} else if (str_is(kv->k, kv->klen, "spend")) {
			p->spend = kv->v;
			p->spend_len = kv->vlen;
		} else if (str_is(kv->k, kv->klen, "createtime")) {
			p->createtime = kv->v;
			p->createtime_len = kv->vlen;
		}
	}
	if (proxy_check(p, &d) != UG_OK) {
		snprintf(why, IMP_WHY_MAX, "%s: %s", d.field != NULL ?
		    d.field : "row", ug_reason_text(d.reason));
		return -1;
	}
	return 0;
}

struct iplist_tx {
	const struct proxy_in	*p;
	size_t			 n;
};

/* Every proxy of the file, in one transaction. */
static enum ug_err
iplist_put_all(struct db *db, void *arg)
{
	struct iplist_tx	*it = arg;
	enum ug_err		 e;
	size_t			 i;

	for (i = 0; i < it->n; i++)
		if ((e = proxy_put(db, &it->p[i], NULL)) != UG_OK)
			return e;
	return UG_OK;
}

static int
usage_iplist(void)
{
	fprintf(stderr, "usage: usergate iplist import [--format csv|tsv|jsonl] "
	    "FILE|-\n"
	    "       usergate iplist clear\n"
	    "columns: ip, port, httptype (http, https, socks4, socks5), "
	    "address, isp, spend, createtime (YYYY-MM-DD HH:MM:SS)\n");
	return 2;
}

/*
 * usergate iplist import FILE|-: every row checked first, and if any is
 * bad, its line is named and nothing is written; else all of them in
 * one transaction (a proxy already listed, by ip, port and type, is
 * replaced).  usergate iplist clear: empties the pool.
 */
int
cli_iplist(const struct config *cfg, int argc, char **argv)
{
	struct imp_file		 f;
	struct iplist_tx	 it;
	struct proxy_in		*px = NULL;
	enum imp_format		 fmt = IMP_AUTO;
	const char		*path = NULL;
	char			*data = NULL, err[256], why[IMP_WHY_MAX];
	size_t			 len = 0, i, j, nbad = 0;
	struct db		*db = NULL;
	uint64_t		 n;
	enum ug_err		 e;
	int			 rc = 1, known;

	if (argc == 1 && strcmp(argv[0], "clear") == 0) {
		if ((db = open_db(cfg)) == NULL)
			return 1;
		e = proxy_clear(db, &n);
		db_free(db);
		if (e != UG_OK) {
			fprintf(stderr, "usergate: iplist clear: %s\n",
			    ug_strerror(e));
			return 1;
		}
		printf("iplist: %llu proxies removed\n", (unsigned long long)n);
		return 0;
	}
	if (argc < 2 || strcmp(argv[0], "import") != 0)
		return usage_iplist();
	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < (size_t)argc) {
			i++;
			if (strcmp(argv[i], "csv") == 0)
				fmt = IMP_CSV;
			else if (strcmp(argv[i], "tsv") == 0)
				fmt = IMP_TSV;
			else if (strcmp(argv[i], "jsonl") == 0)
				fmt = IMP_JSONL;
			else
				return usage_iplist();
		} else if (path == NULL && (argv[i][0] != '-' ||
		    strcmp(argv[i], "-") == 0))
			path = argv[i];
		else
			return usage_iplist();
	}
	if (path == NULL)
		return usage_iplist();
	memset(&f, 0, sizeof(f));
	if (slurp_file(path, &data, &len) == -1)
		return 1;
	if (imp_parse(data, len, fmt, &f, err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: iplist import: %s: %s\n", path, err);
		goto out;
	}
	for (i = 0; i < f.nhdr; i++) {
		known = 0;
		for (j = 0; j < sizeof(iplist_cols) / sizeof(iplist_cols[0]);
		    j++)
			known |= str_is(f.hdr[i], f.hdr_len[i], iplist_cols[j]);
		if (!known)
			fprintf(stderr, "usergate: iplist import: column "
			    "\"%s\" is not one of ours, not imported\n",
			    f.hdr[i]);
	}
	if (f.nrec > 0 && (px = calloc(f.nrec, sizeof(*px))) == NULL) {
		fprintf(stderr, "usergate: iplist import: out of memory\n");
		goto out;
	}
	for (i = 0; i < f.nrec; i++)
		if (iplist_row(&f.rec[i], &px[i], why) == -1) {
			fprintf(stderr, "line %lu: %s\n", f.rec[i].line, why);
			nbad++;
		}
	if (nbad > 0) {
		fprintf(stderr, "usergate: iplist import: %zu bad row%s: "
		    "nothing was written\n", nbad, nbad == 1 ? "" : "s");
		goto out;
	}
	if (f.nrec > 0) {
		if ((db = open_db(cfg)) == NULL)
			goto out;
		it.p = px;
		it.n = f.nrec;
		if ((e = db_tx(db, iplist_put_all, &it)) != UG_OK) {
			fprintf(stderr, "usergate: iplist import: %s; nothing "
			    "was written\n", ug_strerror(e));
			goto out;
		}
	}
	printf("iplist: %zu proxies imported\n", f.nrec);
	rc = 0;
out:
	if (db != NULL)
		db_free(db);
	free(px);
	imp_file_free(&f);
	free(data);
	return rc;
}

int
cli_check_config(const struct config *cfg, const char *path)
{
	char	 err[256];

	if (password_init(cfg->password_scheme, cfg->password_cost, 1, 1,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "usergate: %s\n", err);
		return 1;
	}
	config_dump(cfg, 1);
	printf("# %s: configuration OK\n", path ? path : CONFIG_DEFAULT_PATH);
	return 0;
}

/*
 * AList's scripts keep a permanent admin token and send it raw in
 * Authorization.  A new one is printed here, once, with the line for
 * usergate.conf: the configuration holds only its SHA-256, so a read
 * of the file logs nobody in.
 */
int
cli_alist_token(const struct config *cfg, int argc, char **argv)
{
	char	 t[ALIST_ADMIN_TOKEN_LEN + 1], a[TOKEN_LEN + 1], b[TOKEN_LEN + 1];
	char	 h[64 + 1];

	(void)cfg;
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "usage: usergate alist-token\n");
		return 2;
	}
	if (token_new(a) == -1 || token_new(b) == -1) {
		fprintf(stderr, "usergate: no randomness from the kernel\n");
		return 1;
	}
	snprintf(t, sizeof(t), "alist-%s%s", a, b);
	sha256_hex(t, strlen(t), h);
	printf("%s\n# in usergate.conf (the token itself is kept nowhere):\n"
	    "alist_admin_token = %s\n", t, h);
	explicit_bzero(t, sizeof(t));
	explicit_bzero(a, sizeof(a));
	explicit_bzero(b, sizeof(b));
	return 0;
}
