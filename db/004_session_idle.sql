-- usergate schema, version 4: a session's own idle limit.
--   idle  NULL: the configured session_idle; 0: no idle timeout; N: N
--         seconds.  AList's scripts cache their token for days without
--         using it (alist_session_idle = 0), while every other
--         contract's sessions keep the global idle timeout.

ALTER TABLE sessions ADD COLUMN IF NOT EXISTS
  idle INT UNSIGNED NULL AFTER last_used;
