/*
 * Two-factor login (AList's 2FA) for any user of the store: a TOTP
 * secret (totp.h) is enrolled once the user's app proves it has it, is
 * then demanded by user_login() (login_req.otp_code), and can be cleared
 * by an admin.  The secret is kept in the store, never in an answer.
 */
#ifndef UG_TWOFACTOR_H
#define UG_TWOFACTOR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "role.h"
#include "user.h"
#include "userfield.h"

struct db;

/*
 * Turns two-factor on for user id with secret, if code is right for it
 * now; that code is then used up.  UG_EINVAL for a secret that is none,
 * UG_EAUTH for a wrong code (d names the field).
 */
enum ug_err	 twofactor_enable(struct db *, uint64_t id, struct ustr secret,
		    struct ustr code, struct ug_detail *d);
/* Turns it off for the user ref names, if actor may change that user. */
enum ug_err	 twofactor_clear(struct db *, const struct actor *,
		    const struct user_ref *);

#endif
