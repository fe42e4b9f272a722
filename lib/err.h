/*
 * Error codes shared by the core.  Every lib/ function that can fail
 * returns one of these (UG_OK is 0); the front turns them into each
 * contract's own failure shape.  Caller faults and internal faults are
 * kept apart: UG_EINVAL .. UG_ETHROTTLED are the client's doing,
 * UG_EDB and UG_EINTERNAL are ours.
 */
#ifndef UG_ERR_H
#define UG_ERR_H

enum ug_err {
	UG_OK = 0,
	UG_EINVAL,	/* malformed or out-of-range input */
	UG_ELIMIT,	/* input over a configured limit */
	UG_EAUTH,	/* wrong credentials, unknown, locked or throttled user */
	UG_ETOKEN,	/* missing, malformed, expired or revoked token */
	UG_EDENIED,	/* authenticated, but not allowed to do this */
	UG_ENOTFOUND,	/* the object named does not exist */
	UG_EEXISTS,	/* a unique name or openid is taken */
	UG_EBUSY,	/* too many password hashes waiting */
	UG_EDB,		/* the database is unreachable or failed */
	UG_EINTERNAL	/* a bug or resource exhaustion on our side */
};

/* A short English reason for logs and contracts with a message field. */
const char	*ug_strerror(enum ug_err);

#endif
