#include "err.h"

const char *
ug_strerror(enum ug_err e)
{
	switch (e) {
	case UG_OK:		return "success";
	case UG_EINVAL:		return "invalid request";
	case UG_ELIMIT:		return "request too large";
	case UG_EAUTH:		return "wrong username or password";
	case UG_ETOKEN:		return "not logged in";
	case UG_EDENIED:	return "permission denied";
	case UG_ENOTFOUND:	return "no such user";
	case UG_EEXISTS:	return "user already exists";
	case UG_EBUSY:		return "server busy";
	case UG_EDB:		return "database unavailable";
	case UG_EINTERNAL:	return "internal error";
	}
	return "unknown error";
}
