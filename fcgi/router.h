/*
 * Routes as data.  Each contract is one adapter file: a static table of
 * routes and a struct contract that says how its API is shaped (paths,
 * credentials, failure bodies and statuses).  The router matches a
 * request to a route, decodes its input with every limit, resolves the
 * caller for the route's access rule, and only then runs the handler.
 * Any refusal on the way is rendered by the contract's own renderer.
 * docs/DESIGN.md walks through a request and through writing a contract.
 */
#ifndef UG_ROUTER_H
#define UG_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "err.h"
#include "role.h"

struct request;

/* Request methods, as a set. */
#define M_GET		0x01
#define M_POST		0x02
#define M_PUT		0x04
#define M_DELETE	0x08
#define M_PATCH		0x10
#define M_HEAD		0x20
#define M_OPTIONS	0x40
#define M_OTHER		0x80		/* any method not named above */
#define M_ANY		0xff

/* The method set of a REQUEST_METHOD (M_OTHER for anything unknown). */
unsigned	 method_bit(const char *);

/*
 * Who may call a route.  Without session nobody needs a token; with it
 * the caller needs a valid session, a role of at least min_level, and,
 * when roles is not 0, a role id in that set (adminsys's "super admin
 * or user admin" leaves out shop and role admins of the same level).
 */
struct access {
	int		 session;
	int		 min_level;
	uint32_t	 roles;		/* ROLE_BIT(id) | ...; 0: any role */
};
#define ROLE_BIT(id)		(1u << (id))
#define ACCESS_ANY		{ 0, 0, 0 }
#define ACCESS_USER		{ 1, 0, 0 }
#define ACCESS_LEVEL(l)		{ 1, (l), 0 }
#define ACCESS_ROLES(set)	{ 1, 0, (set) }

/* 1 if the actor (with a valid session) passes the rule, else 0. */
int	 access_allows(const struct access *, const struct actor *);

/* Selector values: -1 in a route means "any". */
#define ROUTE_NSEL	2

struct route {
	unsigned	 methods;	/* M_GET | M_POST ..., or M_ANY */
	const char	*path;		/* below the contract's prefix */
	/* The contract's selector must give these (login.php: mode, operating). */
	int		 sel[ROUTE_NSEL];
	struct access	 access;
	void		(*handle)(struct request *);
	int		 shape;		/* the contract's failure shape for it */
};

/* Contract flags. */
#define CT_SLASH_OPTIONAL	0x1	/* "/a/" and "/a" are one path (Django) */
#define CT_COOKIE_AUTH		0x2	/* the session cookie is a credential */
#define CT_METHOD_405		0x4	/* a wrong method is 405, not 404 */

struct contract {
	enum contract_id	 id;
	const struct route	*routes;
	size_t			 nroutes;
	unsigned		 flags;
	/* A CGI parameter that carries the token too (HTTP_TOKEN), or NULL. */
	const char		*token_param;
	/*
	 * Reads the request's selector values (sel[] all -1 beforehand),
	 * called once, after the path matched and the query decoded; NULL
	 * when routes differ by path and method only.
	 */
	void			(*select)(const struct request *, int *sel);
	/* Status per ug_err (index: the error), 0 or past nstatus: 500. */
	const short		*status;
	size_t			 nstatus;
	/*
	 * The renderer of failures: the answer to error e for r->route
	 * (its shape), from the router (decode, limits, access) and from
	 * handlers alike.  Replaces any body buffered so far.
	 */
	void			(*fail)(struct request *, enum ug_err);
	/*
	 * The path is the contract's but no route took the request: status
	 * is 404, or 405 for CT_METHOD_405 (the Allow header is set).
	 */
	void			(*nomatch)(struct request *, int status);
	/*
	 * Optional: a credential of the contract's own (AList's permanent
	 * admin token), tried before any session on its routes: 1 with
	 * *actor set if r carries one that is good, else 0.
	 */
	int			(*credential)(struct request *, struct actor *);
};

extern const struct contract contract_loginphp;
extern const struct contract contract_adminsys;
extern const struct contract contract_proxypool;
extern const struct contract contract_backstage;
extern const struct contract contract_alist;

/* What router_match found. */
struct match {
	const struct route	*route;		/* NULL: no route */
	const struct contract	*contract;	/* whose path matched, or NULL */
	enum ug_err		 qe;		/* how the query string decoded */
	unsigned		 allow;		/* methods of routes that missed on method */
	unsigned		 path_methods;	/* methods of every route at the path */
};

/* Mounts the built-in contracts per the configuration; 0 or -1. */
int	 router_init(const struct config *);
/* Mounts the contracts given (tests); 0 or -1. */
int	 router_init_with(const struct config *,
	    const struct contract *const *, size_t);
void	 router_free(void);
/*
 * Decodes r's query string and finds the mounted route for r's path,
 * method and the contract's selector.  Sets r->contract and r->route.
 * Runs no handler and touches no database.
 */
void	 router_match(struct request *, struct match *);
/* Serves one request from start to end (the response stays buffered). */
void	 router_handle(struct request *);

/* The contract's status for e (its table; 500 if it has none). */
int	 router_status(const struct request *, enum ug_err);
/* Renders e through the contract's renderer for r's route. */
void	 router_fail(struct request *, enum ug_err);
/* Writes the methods of set as "GET, POST" into out (size n). */
void	 router_methods(unsigned set, char *out, size_t n);

#endif
