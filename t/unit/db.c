/*
 * Unit tests of lib/db.c's retry rules: what an error means, and what
 * may run once more on a fresh connection.  The rules that matter most
 * here are the refusals: a write that reached the server, and anything
 * in a transaction, never runs twice.
 */
#include <errmsg.h>
#include <mysqld_error.h>

#include "db.h"
#include "tap.h"

int
main(void)
{
	static const unsigned	 lost[] = { CR_SERVER_GONE_ERROR,
				    CR_SERVER_LOST, CR_CONN_HOST_ERROR,
				    CR_CONNECTION_ERROR, ER_CONNECTION_KILLED,
				    ER_SERVER_SHUTDOWN };
	size_t			 i;

	for (i = 0; i < sizeof(lost) / sizeof(lost[0]); i++)
		is_int(db_err_class(lost[i]), DBE_LOST, "a lost connection");
	is_int(db_err_class(ER_DUP_ENTRY), DBE_DUP, "duplicate key");
	is_int(db_err_class(ER_LOCK_DEADLOCK), DBE_CONFLICT,
	    "deadlock (and Galera's certification failure) is a conflict");
	is_int(db_err_class(ER_LOCK_WAIT_TIMEOUT), DBE_CONFLICT,
	    "lock wait timeout is a conflict");
	is_int(db_err_class(CR_COMMANDS_OUT_OF_SYNC), DBE_BUG,
	    "commands out of sync is a bug, not a lost connection");
	is_int(db_err_class(ER_NO_SUCH_TABLE), DBE_OTHER, "no such table");
	is_int(db_err_class(0), DBE_OTHER, "no error");

	/* Outside a transaction, on a lost connection. */
	ok(db_may_repeat(CR_SERVER_LOST, DB_STAGE_CONNECT, 0, 0),
	    "a write that never connected may run");
	ok(db_may_repeat(CR_SERVER_GONE_ERROR, DB_STAGE_PREPARE, 0, 0),
	    "a write that failed to prepare may run");
	ok(!db_may_repeat(CR_SERVER_LOST, DB_STAGE_EXECUTE, 0, 0),
	    "a write lost after it was sent (2013) never runs again");
	ok(!db_may_repeat(CR_SERVER_GONE_ERROR, DB_STAGE_EXECUTE, 0, 0),
	    "a write lost at execute (2006) never runs again");
	ok(db_may_repeat(CR_SERVER_LOST, DB_STAGE_EXECUTE, 1, 0),
	    "a read lost after it was sent runs again");
	/* Inside a transaction, nothing. */
	ok(!db_may_repeat(CR_SERVER_LOST, DB_STAGE_EXECUTE, 1, 1),
	    "in a transaction a read does not run again");
	ok(!db_may_repeat(CR_SERVER_LOST, DB_STAGE_PREPARE, 0, 1),
	    "in a transaction a prepare does not run again");
	/* Only a lost connection is a reason. */
	ok(!db_may_repeat(ER_LOCK_DEADLOCK, DB_STAGE_EXECUTE, 1, 0),
	    "a deadlock is db_tx's to retry, not a statement's");
	ok(!db_may_repeat(CR_COMMANDS_OUT_OF_SYNC, DB_STAGE_EXECUTE, 1, 0),
	    "out of sync is never healed by running again");
	ok(!db_may_repeat(ER_DUP_ENTRY, DB_STAGE_EXECUTE, 0, 0),
	    "a duplicate is an answer");
	return done_testing();
}
