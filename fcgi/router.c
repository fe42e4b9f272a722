#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "request.h"
#include "router.h"
#include "session.h"
#include "text.h"

static const struct contract *const builtin[] = {
	&contract_loginphp,
	&contract_adminsys,
	&contract_proxypool,
	&contract_backstage,
	&contract_alist,
};

struct mounted {
	char			*path;		/* prefix + route path */
	size_t			 len;
	const struct route	*route;
	const struct contract	*contract;
};

static struct mounted	*table;
static size_t		 ntable;

/* What a browser may send cross-origin besides the simple headers. */
#define CORS_HEADERS	"Authorization, Content-Type, token, username, id"

int
router_init_with(const struct config *cfg, const struct contract *const *cs,
    size_t ncs)
{
	const struct contract	*c;
	const char		*prefix;
	size_t			 i, j, n = 0, pl, rl;

	for (i = 0; i < ncs; i++)
		n += cs[i]->nroutes;
	if ((table = calloc(n ? n : 1, sizeof(*table))) == NULL)
		return -1;
	for (i = 0; i < ncs; i++) {
		c = cs[i];
		if (!cfg->contract_on[c->id])
			continue;
		prefix = cfg->contract_prefix[c->id];
		pl = strlen(prefix);
		for (j = 0; j < c->nroutes; j++) {
			rl = strlen(c->routes[j].path);
			if ((table[ntable].path = malloc(pl + rl + 1)) == NULL)
				return -1;
			memcpy(table[ntable].path, prefix, pl);
			memcpy(table[ntable].path + pl, c->routes[j].path, rl + 1);
			table[ntable].len = pl + rl;
			table[ntable].route = &c->routes[j];
			table[ntable].contract = c;
			ntable++;
		}
	}
	return 0;
}

int
router_init(const struct config *cfg)
{
	return router_init_with(cfg, builtin,
	    sizeof(builtin) / sizeof(builtin[0]));
}

void
router_free(void)
{
	size_t	 i;

	for (i = 0; i < ntable; i++)
		free(table[i].path);
	free(table);
	table = NULL;
	ntable = 0;
}

unsigned
method_bit(const char *m)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} ms[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "PUT", M_PUT },
		{ "DELETE", M_DELETE }, { "PATCH", M_PATCH }, { "HEAD", M_HEAD },
		{ "OPTIONS", M_OPTIONS }
	};
	size_t	 i;

	for (i = 0; i < sizeof(ms) / sizeof(ms[0]); i++)
		if (strcmp(m, ms[i].name) == 0)
			return ms[i].bit;
	return M_OTHER;
}

void
router_methods(unsigned set, char *out, size_t n)
{
	static const char *const names[] = { "GET", "POST", "PUT", "DELETE",
	    "PATCH", "HEAD", "OPTIONS" };
	struct buf	 b;
	size_t		 i;

	buf_init_fixed(&b, out, n);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(set & (1u << i)))
			continue;
		if (b.len > 0)
			buf_addlit(&b, ", ");
		buf_adds(&b, names[i]);
	}
	if (b.oom && n > 0)
		out[0] = '\0';
}

int
access_allows(const struct access *a, const struct actor *who)
{
	if (!a->session)
		return 1;
	if (who->level < a->min_level)
		return 0;
	if (a->roles != 0 && (who->role_id < 0 || who->role_id > 31 ||
	    !(a->roles & ROLE_BIT(who->role_id))))
		return 0;
	return 1;
}

/*
 * 1 if the request path p[0..plen) is the mounted path m[0..mlen); with
 * slashopt, one trailing '/' more or less is the same path.
 */
static int
path_match(const char *m, size_t mlen, const char *p, size_t plen,
    int slashopt)
{
	if (plen == mlen)
		return memcmp(m, p, plen) == 0;
	if (!slashopt)
		return 0;
	if (plen + 1 == mlen && m[mlen - 1] == '/' && plen > 0)
		return memcmp(m, p, plen) == 0;
	if (plen == mlen + 1 && p[mlen] == '/')
		return memcmp(m, p, mlen) == 0;
	return 0;
}

/* Operators' probes: liveness without the database, readiness with it. */
static int
health(struct request *r)
{
	if (strcmp(r->path, "/healthz") == 0) {
		reply_text(r, 200, "text/plain; charset=UTF-8", "ok\n");
		return 1;
	}
	if (strcmp(r->path, "/readyz") == 0) {
		if (db_ping(r->db) == UG_OK)
			reply_text(r, 200, "text/plain; charset=UTF-8", "ready\n");
		else
			reply_text(r, 503, "text/plain; charset=UTF-8",
			    "database unavailable\n");
		return 1;
	}
	return 0;
}

/* Resolves the caller's session and checks the route's access rule. */
static enum ug_err
check_access(struct request *r, const struct contract *c,
    const struct route *rt)
{
	enum ug_err	 e;

	if (!rt->access.session)
		return UG_OK;
	if (c->credential != NULL && c->credential(r, &r->actor)) {
		r->authed = 1;
		return access_allows(&rt->access, &r->actor) ? UG_OK :
		    UG_EDENIED;
	}
	if (!request_find_token(r, c->token_param,
	    (c->flags & CT_COOKIE_AUTH) != 0))
		return UG_ETOKEN;
	/* A cookie another site's page made the browser send is no credential. */
	if (r->token_src == TOKEN_COOKIE && !request_origin_trusted(r))
		return UG_ETOKEN;
	if ((e = session_check(r->db, r->cfg, r->token, r->token_len,
	    &r->actor)) != UG_OK)
		return e;
	r->authed = 1;
	if (!access_allows(&rt->access, &r->actor))
		return UG_EDENIED;
	return UG_OK;
}

void
router_match(struct request *r, struct match *m)
{
	const struct route	*rt;
	const struct contract	*c;
	size_t			 i, plen = strlen(r->path), k;
	unsigned		 mb = method_bit(r->method);
	int			 sel[ROUTE_NSEL], have_sel = 0;

	memset(m, 0, sizeof(*m));
	r->contract = NULL;
	r->route = NULL;
	m->qe = request_decode_query(r);
	for (i = 0; i < ntable; i++) {
		c = table[i].contract;
		if (!path_match(table[i].path, table[i].len, r->path, plen,
		    (c->flags & CT_SLASH_OPTIONAL) != 0))
			continue;
		m->contract = r->contract = c;
		rt = table[i].route;
		m->path_methods |= rt->methods;
		if (!have_sel) {
			for (k = 0; k < ROUTE_NSEL; k++)
				sel[k] = -1;
			/* A query that did not decode selects nothing. */
			if (c->select != NULL && m->qe == UG_OK)
				c->select(r, sel);
			have_sel = 1;
		}
		for (k = 0; k < ROUTE_NSEL; k++)
			if (rt->sel[k] >= 0 && rt->sel[k] != sel[k])
				break;
		if (k < ROUTE_NSEL)
			continue;
		if (!(rt->methods & mb)) {
			m->allow |= rt->methods;
			continue;
		}
		if (m->route == NULL)
			m->route = r->route = rt;
	}
}

int
router_status(const struct request *r, enum ug_err e)
{
	const struct contract	*c = r->contract;

	if (c == NULL || c->status == NULL || (size_t)e >= c->nstatus ||
	    c->status[e] == 0)
		return 500;
	return c->status[e];
}

void
router_fail(struct request *r, enum ug_err e)
{
	r->contract->fail(r, e);
}

/*
 * CORS (cors_origins): a listed Origin gets the headers that let its
 * pages read the answer with credentials; any other gets none.  An
 * OPTIONS preflight on a mounted path is answered here, before any
 * decoding or credential, as browsers send it without either.
 * Returns 1 if the request was a preflight and is answered.
 */
static int
cors(struct request *r, const struct match *m)
{
	char	 methods[64];
	int	 listed;

	if (r->cfg->cors_origins[0] == '\0' || m->contract == NULL)
		return 0;
	reply_header(r, "Vary", "Origin");
	listed = r->origin[0] != '\0' &&
	    config_origin_listed(r->cfg, r->origin, strlen(r->origin));
	if (listed) {
		reply_header(r, "Access-Control-Allow-Origin", r->origin);
		reply_header(r, "Access-Control-Allow-Credentials", "true");
	}
	if (strcmp(r->method, "OPTIONS") != 0)
		return 0;
	if (listed) {
		router_methods((m->path_methods & ~(M_HEAD | M_OPTIONS |
		    M_OTHER)) | M_OPTIONS, methods, sizeof(methods));
		reply_header(r, "Access-Control-Allow-Methods", methods);
		reply_header(r, "Access-Control-Allow-Headers", CORS_HEADERS);
		reply_header(r, "Access-Control-Max-Age", "600");
	}
	reply_text(r, 204, "text/plain; charset=UTF-8", "");
	return 1;
}

void
router_handle(struct request *r)
{
	struct match	 m;
	char		 allow[64];
	enum ug_err	 e;

	if (health(r))
		return;
	router_match(r, &m);
	if (cors(r, &m))
		return;
	if (m.route == NULL) {
		if (m.contract == NULL) {
			reply_text(r, 404, "text/plain; charset=UTF-8",
			    "not found\n");
			return;
		}
		if ((m.contract->flags & CT_METHOD_405) && m.allow != 0) {
			router_methods(m.allow & ~M_OTHER, allow, sizeof(allow));
			reply_header(r, "Allow", allow);
			m.contract->nomatch(r, 405);
		} else
			m.contract->nomatch(r, 404);
		return;
	}
	if (m.qe != UG_OK) {
		router_fail(r, m.qe);
		return;
	}
	if ((e = request_decode_body(r)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	if ((e = check_access(r, m.contract, m.route)) != UG_OK) {
		router_fail(r, e);
		return;
	}
	m.route->handle(r);
}
