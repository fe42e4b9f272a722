/*
 * User records: every field of a user (userfield.h) read whole, listed
 * in windows with a total, created with initial values, and changed
 * field by field -- all driven by the field table, with the privilege
 * rules, validation and session revocation decided here, by each
 * field's class, and never by an adapter.
 *
 *	user_get	one record by id or name
 *	user_list	a window of records in id order, streamed, with the
 *			total of the whole list known before the first row
 *	user_add	create, by an actor or (actor NULL) by registration
 *	user_patch	change any subset of fields in one transaction,
 *			including the user's own password with the old one
 */
#ifndef UG_USERREC_H
#define UG_USERREC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "role.h"
#include "user.h"
#include "userfield.h"

struct config;
struct db;

/* A field's value: a counted string (texts, times) or an integer. */
struct user_val {
	int		 is_null;
	const char	*s;		/* NUL-terminated when read from the store */
	size_t		 len;
	long long	 i;
};

/* Room for every text field of a record at its column's size. */
#define USER_REC_BUF	24576

struct user_rec {
	uint64_t	 id;
	int		 level;		/* of its role */
	int		 otp;		/* two-factor is on */
	struct user_val	 v[UF_NFIELDS];	/* v[UF_ROLE].i is the role id */
	char		 buf[USER_REC_BUF];
};

/*
 * Copies src into dst with its texts: a value held in src's buffer is
 * pointed at in dst's.  What a list's callback gets lives only for the
 * call (its buffer is the list's); a callback that keeps a record
 * copies it with this, never with memcpy.
 */
void		 user_rec_copy(struct user_rec *dst, const struct user_rec *src);

/* UG_ENOTFOUND if there is no such user. */
enum ug_err	 user_get(struct db *, const struct user_ref *,
		    struct user_rec *);

/*
 * Which records, in id order: those whose role's level is in
 * [level_min, level_max], skipping offset of them and returning at most
 * limit (0: no limit).  adminsys's left/right and AList's page/per_page
 * both map onto offset and limit.
 */
struct user_query {
	int		 level_min;
	int		 level_max;
	uint64_t	 offset;
	uint64_t	 limit;
	/*
	 * The fields a row needs, as (1u << field); 0: every field.  The
	 * others read as NULL: a list that shows a few fields leaves the
	 * store the rest (AList's list reads 7 of them).
	 */
	uint32_t	 fields;
};
#define USER_QUERY_ALL	{ LEVEL_GUEST, LEVEL_OPERATOR, 0, 0, 0 }

/*
 * Calls fn for each record of q, streaming; fn returns 0 to go on, -1
 * to stop (the result is then UG_EINTERNAL).  With total not NULL, the
 * number of records q would give without offset and limit is set before
 * fn is first called (so an adapter can write it ahead of the rows).
 */
enum ug_err	 user_list(struct db *, const struct user_query *,
		    uint64_t *total,
		    int (*fn)(void *, const struct user_rec *), void *arg);

/* The number of records q would give without offset and limit. */
enum ug_err	 user_count(struct db *, const struct user_query *,
		    uint64_t *total);

/*
 * Fields to set: set has the bit (1u << field) of every field given,
 * v[field] its value.  password (s NULL: unchanged) is the new one;
 * changing one's own needs old_password, which is verified first.
 */
struct user_patch {
	uint32_t	 set;
	struct user_val	 v[UF_NFIELDS];
	struct ustr	 password;
	struct ustr	 old_password;
	/*
	 * PREHASH_MD5: password is md5(password) as a front end posts it
	 * (adminsys_password_md5).  It is stored wrapped ($ugwrap$md5$,
	 * never as it came), with the md5 verifier; the plain password
	 * then logs in too and upgrades the hash.  0: the password itself.
	 */
	int		 password_prehash;
};
#define UP_BIT(f)	(1u << (f))
/* Every field (UF_NFIELDS stays below 32: a mask is a uint32_t). */
#define UF_ALL		((1u << UF_NFIELDS) - 1)

/* Sets a text field of p (s NULL: SQL NULL, where the field allows it). */
void		 user_patch_text(struct user_patch *, enum user_field,
		    const char *s, size_t len);
void		 user_patch_int(struct user_patch *, enum user_field,
		    long long);

/*
 * Creates user name with password and role_id and the fields of init
 * (may be NULL).  actor NULL is a registration: only a role below admin
 * level, and counted per client address (addr) against login_fail_addr.
 * UG_EEXISTS if the name is taken; UG_EINVAL, UG_EDENIED with *d saying
 * which field and why.  *id receives the new user's id if not NULL.
 */
enum ug_err	 user_add(struct db *, const struct config *,
		    const struct actor *, struct ustr name,
		    struct ustr password, int role_id,
		    const struct user_patch *init, const char *addr,
		    struct ug_detail *d, uint64_t *id);

/*
 * Applies p to the user ref names, if actor may: each field by its
 * class (userfield.h); role, lock and disabled by the hierarchy rules;
 * the last super admin stays one, unlocked and enabled; a new password,
 * role, lock or disable revokes the user's sessions.  All or nothing, in
 * one transaction.  UG_EINVAL, UG_EDENIED, UG_EEXISTS, UG_EAUTH (a wrong
 * old password) and UG_ENOTFOUND say what, *d which field and why.
 */
enum ug_err	 user_patch(struct db *, const struct config *,
		    const struct actor *, const struct user_ref *,
		    const struct user_patch *, struct ug_detail *d);

#endif
