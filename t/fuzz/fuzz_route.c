/*
 * Fuzz target: route lookup (router_match) from REQUEST_METHOD,
 * SCRIPT_NAME, PATH_INFO and the query's mode and operating, and the
 * answer a request gets when no handler runs (no route, or a query
 * that does not decode).  No database is involved: router_match runs
 * no handler.
 *
 * Input: byte 0 picks the mounting (login.php at /, under a prefix, or
 * switched off), how the parameters are read (one at a time, or the
 * whole NAME=VALUE array in one pass) and the transport (FastCGI or
 * plain CGI); then the method, SCRIPT_NAME,
 * PATH_INFO and the query string, separated by newlines; any further
 * lines are more NAME=VALUE entries, placed before those four.
 *
 * Properties:
 *	- each parameter is the first NAME=VALUE entry of its name, read
 *	  either way, and no read strays outside an entry;
 *	- the path routed is SCRIPT_NAME under FastCGI, whatever PATH_INFO
 *	  says (D12), and under CGI PATH_INFO when set, else SCRIPT_NAME;
 *	- the route chosen is the one a plain reading of the contracts'
 *	  tables (login.php's, adminsys's, backstage's, proxypool's)
 *	  chooses: the first whose mounted path is the path (for backstage,
 *	  one trailing '/' more or less too), whose methods hold the
 *	  request's, and, for login.php, whose mode and operating are
 *	  the query's strict decimal values (or any, where the table says -1);
 *	- the decoded query has the properties of every form (fuzz.h);
 *	- the answer without a handler is well formed: a Status line, a
 *	  blank line, the contract's failure body, or 404 off its paths.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "fuzz.h"
#include "request.h"
#include "router.h"

#define MAX_EXTRA	16

struct params {
	char		*env[MAX_EXTRA + 5];	/* NAME=VALUE, NULL-terminated */
	struct buf	 sent;
};

/* The first entry NAME=VALUE of env, as libfcgi's FCGX_GetParam finds it. */
static const char *
ref_env(char **env, const char *name)
{
	size_t	 nl = strlen(name);

	for (; *env != NULL; env++)
		if (strncmp(*env, name, nl) == 0 && (*env)[nl] == '=')
			return *env + nl + 1;
	return NULL;
}

static const char *
p_param(void *ctx, const char *name)
{
	return ref_env(((struct params *)ctx)->env, name);
}

static char **
p_envp(void *ctx)
{
	return ((struct params *)ctx)->env;
}

/* A malloc'd "name=val[0..len)", of exactly its size. */
static char *
entry(const char *name, const char *val, size_t len)
{
	size_t	 nl = strlen(name);
	char	*e;

	if ((e = malloc(nl + 1 + len + 1)) == NULL)
		abort();
	memcpy(e, name, nl);
	e[nl] = '=';
	memcpy(e + nl + 1, val, len);
	e[nl + 1 + len] = '\0';
	return e;
}

static long
p_read(void *ctx, char *p, size_t len)
{
	return 0;
}

static int
p_write(void *ctx, const char *p, size_t len)
{
	struct params	*pp = ctx;

	return buf_add(&pp->sent, p, len);
}

static struct config	 C;
static int		 mounted = -1;

/* Mounts the routes the way variant v says; the config stays for all. */
static void
mount(int v)
{
	char	 err[128];

	if (v == mounted)
		return;
	if (mounted == -1) {
		if (config_defaults(&C) == -1)
			abort();
		C.max_fields = 8;
		C.max_field_len = 64;
		/* The reference reading below models login.php's table only. */
		if (config_set(&C, "alist", "no", err, sizeof(err)) == -1)
			abort();
	} else
		router_free();
	if (config_set(&C, "loginphp", v == 2 ? "no" : "yes", err,
	    sizeof(err)) == -1 ||
	    config_set(&C, "loginphp_prefix", v == 1 ? "/legacy" : "", err,
	    sizeof(err)) == -1 || router_init(&C) == -1)
		abort();
	mounted = v;
}

/* The query field as a mode: strict decimal up to 1000, else -1. */
static int
ref_int(const struct form *qs, const char *name)
{
	const struct field	*f = form_get(qs, name);
	size_t			 i;
	long			 v = 0;

	if (f == NULL || f->val_len == 0 || f->val_len > 20)
		return -1;
	for (i = 0; i < f->val_len; i++) {
		if (f->val[i] < '0' || f->val[i] > '9')
			return -1;
		v = v * 10 + (f->val[i] - '0');
		if (v > 1000)
			return -1;
	}
	return (int)v;
}

/* The contracts the reference knows, as router.c mounts them. */
static const struct contract *const ref_contracts[] = {
	&contract_loginphp, &contract_adminsys, &contract_backstage,
	&contract_proxypool
};

/*
 * 1 if path is prefix + rpath; for a contract with CT_SLASH_OPTIONAL,
 * also with one trailing '/' more or less (not the empty path).
 */
static int
ref_path(const char *path, const char *prefix, const char *rpath,
    int slashopt)
{
	size_t	 pl = strlen(prefix), n = strlen(path), m = pl + strlen(rpath);

	if (strncmp(path, prefix, pl) != 0)
		return 0;
	if (strcmp(path + pl, rpath) == 0)
		return 1;
	if (!slashopt || n < pl)
		return 0;
	/* "/a" for "/a/" */
	if (n + 1 == m && n > 0 && rpath[0] != '\0' &&
	    rpath[strlen(rpath) - 1] == '/' &&
	    strncmp(path + pl, rpath, n - pl) == 0)
		return 1;
	/* "/a/" for "/a" */
	return n == m + 1 && path[n - 1] == '/' &&
	    strncmp(path + pl, rpath, n - pl - 1) == 0;
}

/*
 * The route a plain reading of the tables chooses, or NULL; *pathc is
 * the contract whose path it is, or NULL.
 */
static const struct route *
ref_match(const struct request *r, enum ug_err qe,
    const struct contract **pathc)
{
	const struct contract	*c;
	const struct route	*rt;
	const char		*prefix;
	size_t			 i, k;
	int			 mode, op;

	*pathc = NULL;
	mode = qe == UG_OK ? ref_int(&r->qs, "mode") : -1;
	op = qe == UG_OK ? ref_int(&r->qs, "operating") : -1;
	for (k = 0; k < sizeof(ref_contracts) / sizeof(ref_contracts[0]); k++) {
		c = ref_contracts[k];
		if (!C.contract_on[c->id])
			continue;
		prefix = C.contract_prefix[c->id];
		for (i = 0; i < c->nroutes; i++) {
			rt = &c->routes[i];
			if (!ref_path(r->path, prefix, rt->path,
			    (c->flags & CT_SLASH_OPTIONAL) != 0))
				continue;
			*pathc = c;
			if (!(rt->methods & method_bit(r->method)))
				continue;
			/* Only login.php has a selector (mode, operating). */
			if (c == &contract_loginphp &&
			    ((rt->sel[0] >= 0 && rt->sel[0] != mode) ||
			    (rt->sel[1] >= 0 && rt->sel[1] != op)))
				continue;
			return rt;
		}
		/* The contract whose path it is answers it, route or not. */
		if (*pathc != NULL)
			return NULL;
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params		 p;
	struct req_io		 io = { .param = p_param, .read = p_read,
	    .write = p_write, .ctx = &p };
	struct request		 r;
	struct arena		 a;
	struct buf		 out;
	const struct route	*rt, *want;
	const struct contract	*c;
	struct match		 m;
	static const char *const names[4] = { "REQUEST_METHOD", "SCRIPT_NAME",
	    "PATH_INFO", "QUERY_STRING" };
	const char		*s, *rest, *v[4];
	char			*part[4];
	size_t			 len, plen, i, n = 0;
	const struct contract	*pathc;
	enum ug_err		 qe;

	if (size < 1)
		return 0;
	mount(data[0] % 3);
	if (data[0] / 3 % 2)
		io.envp = p_envp;
	io.cgi = data[0] / 6 % 2;
	s = (const char *)data + 1;
	len = size - 1;
	memset(&p, 0, sizeof(p));
	for (i = 0; i < 4; i++) {
		fuzz_split(s, len, '\n', &plen, &rest, &len);
		part[i] = entry(names[i], s, strnlen(s, plen));
		s = rest;
	}
	while (len > 0 && n < MAX_EXTRA) {
		fuzz_split(s, len, '\n', &plen, &rest, &len);
		p.env[n++] = fuzz_strndup(s, strnlen(s, plen));
		s = rest;
	}
	for (i = 0; i < 4; i++)
		p.env[n + i] = part[i];
	p.env[n + 4] = NULL;
	for (i = 0; i < 4; i++)
		v[i] = ref_env(p.env, names[i]);
	buf_init(&p.sent);

	arena_init(&a, 1024);
	buf_init(&out);
	request_init(&r, &io, &C, NULL, &a, &out);
	FUZZ_CHECK(r.method == v[0]);
	FUZZ_CHECK(r.query == v[3]);
	FUZZ_CHECK(r.path == (io.cgi && v[2][0] != '\0' ? v[2] : v[1]));
	router_match(&r, &m);
	rt = m.route;
	c = m.contract;
	qe = m.qe;
	FUZZ_CHECK(r.route == rt && r.contract == c);
	FUZZ_CHECK(qe == UG_OK || qe == UG_EINVAL || qe == UG_ELIMIT);
	if (qe == UG_OK)
		fuzz_check_form(&r.qs, r.query, strlen(r.query));
	want = ref_match(&r, qe, &pathc);
	FUZZ_CHECK(rt == want);
	FUZZ_CHECK(c == pathc);

	/* What router_handle answers when no handler is to run. */
	if (rt == NULL || qe != UG_OK) {
		if (rt != NULL)
			router_fail(&r, qe);
		else if (c != NULL)
			c->nomatch(&r, 404);
		else
			reply_text(&r, 404, "text/plain; charset=UTF-8",
			    "not found\n");
		reply_flush(&r);
		FUZZ_CHECK(!p.sent.oom);
		FUZZ_CHECK(p.sent.len > 8 &&
		    memcmp(p.sent.data, "Status: ", 8) == 0);
		FUZZ_CHECK(memmem(p.sent.data, p.sent.len, "\r\n\r\n", 4) !=
		    NULL);
		FUZZ_CHECK(memmem(p.sent.data, p.sent.len,
		    "\r\nX-Content-Type-Options: nosniff\r\n", 35) != NULL);
		/* backstage's and adminsys's nomatch keep the status given. */
		if (c == NULL || ((c == &contract_backstage ||
		    c == &contract_adminsys) && rt == NULL))
			FUZZ_CHECK(memcmp(p.sent.data, "Status: 404 ", 12) == 0);
		/* proxypool's refusals have statuses of their own. */
		else if (c == &contract_proxypool)
			FUZZ_CHECK(memcmp(p.sent.data, "Status: 404 ", 12) == 0 ||
			    (rt != NULL && memcmp(p.sent.data, "Status: 4", 9) == 0));
		else
			FUZZ_CHECK(memcmp(p.sent.data, "Status: 200 ", 12) == 0);
	}
	request_free(&r);
	buf_free(&out);
	buf_free(&p.sent);
	arena_free(&a);
	for (i = 0; p.env[i] != NULL; i++)
		free(p.env[i]);
	return 0;
}
