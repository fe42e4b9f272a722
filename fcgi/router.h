/*
 * Routes as data.  Each contract is a table of routes and one adapter
 * file; the router matches a request to a route, decodes its input with
 * every limit, resolves the caller for the route's access rule, and only
 * then runs the handler.  Any refusal on the way is rendered by the
 * route's own fail function, in the contract's own shape.
 */
#ifndef UG_ROUTER_H
#define UG_ROUTER_H

#include <stddef.h>

#include "config.h"
#include "err.h"

struct request;

enum access {
	ACCESS_ANY,		/* no token needed */
	ACCESS_USER,		/* any valid session */
	ACCESS_ADMIN,		/* a session with an admin-level role */
	ACCESS_SUPER		/* a super admin's session */
};

struct route {
	const char	*method;	/* NULL: any method */
	const char	*path;		/* below the contract's prefix */
	int		 mode;		/* login.php's ?mode=, or -1 */
	int		 operating;	/* login.php's &operating=, or -1 */
	enum access	 access;
	void		(*handle)(struct request *);
	void		(*fail)(struct request *, enum ug_err);
};

struct contract {
	enum contract_id	 id;
	const struct route	*routes;
	size_t			 nroutes;
	/* The path is the contract's but no route matched. */
	void			(*nomatch)(struct request *);
};

extern const struct contract contract_loginphp;

/* Builds the table of mounted routes from the configuration; 0 or -1. */
int	 router_init(const struct config *);
void	 router_free(void);
/*
 * Decodes r's query string (the result in *qe) and finds the mounted
 * route for r's path, method, mode and operating.  Returns it, or NULL;
 * either way *cp is the last contract whose path matched, or NULL.
 * Runs no handler and touches no database.
 */
const struct route	*router_match(struct request *,
			    const struct contract **cp, enum ug_err *qe);
/* Serves one request from start to end (the response stays buffered). */
void	 router_handle(struct request *);

#endif
