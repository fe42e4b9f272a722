#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "request.h"
#include "router.h"
#include "session.h"
#include "text.h"

static const struct contract *const contracts[] = {
	&contract_loginphp,
};

struct mounted {
	char			*path;		/* prefix + route path */
	const struct route	*route;
	const struct contract	*contract;
};

static struct mounted	*table;
static size_t		 ntable;

int
router_init(const struct config *cfg)
{
	const struct contract	*c;
	const char		*prefix;
	size_t			 i, j, n = 0, pl, rl;

	for (i = 0; i < sizeof(contracts) / sizeof(contracts[0]); i++)
		n += contracts[i]->nroutes;
	if ((table = calloc(n, sizeof(*table))) == NULL)
		return -1;
	for (i = 0; i < sizeof(contracts) / sizeof(contracts[0]); i++) {
		c = contracts[i];
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
			table[ntable].route = &c->routes[j];
			table[ntable].contract = c;
			ntable++;
		}
	}
	return 0;
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

/* A query field as a small number, or -1 if absent or not one. */
static int
query_int(const struct request *r, const char *name)
{
	const struct field	*f = form_get(&r->qs, name);
	uint64_t		 v;

	if (f == NULL || parse_u64(f->val, f->val_len, 1000, &v) == -1)
		return -1;
	return (int)v;
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
check_access(struct request *r, enum access need)
{
	enum ug_err	 e;

	if (need == ACCESS_ANY)
		return UG_OK;
	if (!request_find_token(r))
		return UG_ETOKEN;
	if ((e = session_check(r->db, r->cfg, r->token, r->token_len,
	    &r->actor)) != UG_OK)
		return e;
	r->authed = 1;
	if (need == ACCESS_ADMIN && !role_is_admin_level(r->actor.level))
		return UG_EDENIED;
	if (need == ACCESS_SUPER && r->actor.level < LEVEL_SUPER)
		return UG_EDENIED;
	return UG_OK;
}

const struct route *
router_match(struct request *r, const struct contract **cp, enum ug_err *qe)
{
	const struct route	*rt;
	size_t			 i;
	int			 mode = -2, op = -2;

	*cp = NULL;
	*qe = request_decode_query(r);
	for (i = 0; i < ntable; i++) {
		if (strcmp(table[i].path, r->path) != 0)
			continue;
		*cp = table[i].contract;
		rt = table[i].route;
		if (rt->method != NULL && strcmp(rt->method, r->method) != 0)
			continue;
		if (rt->mode >= 0) {
			if (mode == -2) {
				mode = *qe == UG_OK ? query_int(r, "mode") : -1;
				op = *qe == UG_OK ? query_int(r, "operating") : -1;
			}
			if (rt->mode != mode ||
			    (rt->operating >= 0 && rt->operating != op))
				continue;
		}
		return rt;
	}
	return NULL;
}

void
router_handle(struct request *r)
{
	const struct route	*rt;
	const struct contract	*c;
	enum ug_err		 e, qe;

	if (health(r))
		return;
	if ((rt = router_match(r, &c, &qe)) == NULL) {
		if (c != NULL && c->nomatch != NULL)
			c->nomatch(r);
		else
			reply_text(r, 404, "text/plain; charset=UTF-8",
			    "not found\n");
		return;
	}
	if (qe != UG_OK) {
		rt->fail(r, qe);
		return;
	}
	if ((e = request_decode_body(r)) != UG_OK) {
		rt->fail(r, e);
		return;
	}
	if ((e = check_access(r, rt->access)) != UG_OK) {
		rt->fail(r, e);
		return;
	}
	rt->handle(r);
}
