-- usergate schema, version 3: state of a user that contracts keep.
--   otp_last_step  the TOTP step of the last one-time code accepted, so
--                  that no code is ever accepted twice (AList's 2FA)
--   run_stopped    when the user last stopped its run (backstage's
--                  /users_stop_run/); NULL while it runs

ALTER TABLE users ADD COLUMN IF NOT EXISTS
  otp_last_step BIGINT UNSIGNED NULL AFTER otp_secret;
ALTER TABLE users ADD COLUMN IF NOT EXISTS
  run_stopped DATETIME(3) NULL;
