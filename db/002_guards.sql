-- usergate schema, version 2: rows that transactions write to conflict
-- on purpose.  Every transaction that may leave fewer super admins
-- (a delete, lock or demotion of one) first bumps 'super_admins', so two
-- of them can never both pass the last-super-admin check: on one server
-- the second waits for the first; under Galera, whose certification
-- compares written rows only, one of them is aborted and retried.

CREATE TABLE IF NOT EXISTS guards (
  name   VARCHAR(32)     CHARACTER SET ascii NOT NULL PRIMARY KEY,
  bumped BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT IGNORE INTO guards (name) VALUES ('super_admins');
