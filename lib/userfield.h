/*
 * The fields of a user, as data: one table (userfield.c) gives each its
 * name, column, type, limit, validator and class, and everything that
 * reads or writes a user record -- get, list, patch, registration -- is
 * driven by it.  The class decides who may change a field and what a
 * change revokes:
 *
 *	UFC_SELF	the user itself, or anyone who may change the user
 *	UFC_ADMIN	only someone who may change the user (never itself,
 *			unless a super admin)
 *	UFC_READ	never through a patch (id, count, times)
 *
 * Role, lock, disabled and password have rules of their own (user.h).
 *
 * Validation is pure: no database, no allocation.  A refusal names the
 * field and a reason (struct ug_detail) that an adapter turns into its
 * contract's message.
 */
#ifndef UG_USERFIELD_H
#define UG_USERFIELD_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum user_field {
	UF_USERNAME,
	UF_ROLE,		/* role_id */
	UF_DISABLED,
	UF_LOCKED,
	UF_OPENID,
	UF_WECHAT_NAME,
	UF_IPCONFIG,
	UF_COUNT,
	UF_NICKNAME,
	UF_GENDER,
	UF_EMAIL,
	UF_PHONE,
	UF_ZIP_CODE,
	UF_LOCATION,
	UF_AGE,
	UF_COUNTRY,
	UF_DETAIL_ADDRESS,
	UF_IDENTITY,
	UF_CODE,
	UF_ACTIVE,
	UF_DESCRIPTION,
	UF_AVATAR,
	UF_BASE_PATH,
	UF_PERMISSION,
	UF_SSO_ID,
	UF_CREATED,
	UF_UPDATED,
	UF_NFIELDS
};

enum uf_type {
	UFT_TEXT,		/* a string, NULL allowed where nullable */
	UFT_INT,		/* an integer in [min, max] */
	UFT_BOOL,		/* 0 or 1 */
	UFT_TIME		/* read only: "YYYY-MM-DD HH:MM:SS.mmm", UTC */
};

enum uf_class { UFC_SELF, UFC_ADMIN, UFC_ROLE, UFC_LOCK, UFC_READ };

/* Why a value was refused; ug_reason_text() says it in English. */
enum ug_reason {
	UR_NONE,
	UR_REQUIRED,		/* absent but needed */
	UR_EMPTY,		/* present but empty */
	UR_TOO_LONG,
	UR_BAD_TEXT,		/* invalid UTF-8, control or invisible chars */
	UR_BAD_VALUE,		/* not one of the values the field takes */
	UR_NOT_NUMBER,
	UR_OUT_OF_RANGE,
	UR_TAKEN,		/* a unique name is in use */
	UR_UNKNOWN_ROLE,
	UR_WRONG_PASSWORD,	/* a self-service change's old password */
	UR_SELF,		/* nobody does this to themselves */
	UR_LEVEL,		/* the caller's level does not reach */
	UR_LAST_SUPER,		/* the last super admin stays */
	UR_NOT_FOUND,
	UR_READ_ONLY,
	UR_TOO_MANY		/* too many of these from one address */
};

/* A refusal's detail: which field (its table name, or NULL) and why. */
struct ug_detail {
	const char	*field;
	enum ug_reason	 reason;
};

struct uf_def {
	const char	*name;		/* "nickname": the record's own name */
	const char	*column;	/* in the users table */
	enum uf_type	 type;
	enum uf_class	 cls;
	int		 nullable;
	size_t		 max;		/* characters for text */
	size_t		 cap;		/* bytes a value may take (max * 4) */
	long long	 min_i, max_i;	/* bounds for UFT_INT */
	/* Extra check of a text value that passed the common ones; UR_NONE. */
	enum ug_reason	(*check)(const char *, size_t);
};

/* The table, indexed by enum user_field. */
extern const struct uf_def	 user_fields[UF_NFIELDS];

/* The field named exactly name, or -1. */
int		 uf_find(const char *name, size_t len);

/*
 * Validates a text value for field f: length in characters, UTF-8 with
 * no controls, then the field's own check.  UR_NONE if it may be stored.
 */
enum ug_reason	 uf_check_text(enum user_field, const char *, size_t);
/* Validates an integer value for field f: UR_NONE or UR_OUT_OF_RANGE. */
enum ug_reason	 uf_check_int(enum user_field, long long);
/* Parses and validates a decimal integer for f. */
enum ug_reason	 uf_parse_int(enum user_field, const char *, size_t,
		    long long *);

/* The checks some contracts apply on their own. */
enum ug_reason	 uf_ip_address(const char *, size_t);
/* Normalises an AList base path in place: "/a//b/../c/" -> "/a/c"; *len. */
enum ug_reason	 uf_base_path_clean(char *, size_t *len);

const char	*ug_reason_text(enum ug_reason);

#endif
