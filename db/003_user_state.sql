-- usergate schema, version 3: state of a user that contracts keep, the
-- verifiers of pre-hashed passwords, and the proxy pool's list.
--   otp_last_step  the TOTP step of the last one-time code accepted, so
--                  that no code is ever accepted twice (AList's 2FA)
--   run_stopped    when the user last stopped its run (backstage's
--                  /users_stop_run/); NULL while it runs

ALTER TABLE users ADD COLUMN IF NOT EXISTS
  otp_last_step BIGINT UNSIGNED NULL AFTER otp_secret;
ALTER TABLE users ADD COLUMN IF NOT EXISTS
  run_stopped DATETIME(3) NULL;

-- Verifiers of pre-hashed passwords (lib/prehash.h): for each scheme in
-- use (1 md5 hex, 2 AList's SHA-256), the current scheme's hash of the
-- digest a client of that scheme sends; never the digest itself.
CREATE TABLE IF NOT EXISTS password_verifiers (
  user_id BIGINT UNSIGNED  NOT NULL,
  scheme  TINYINT UNSIGNED NOT NULL,
  hash    VARCHAR(384) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (user_id, scheme),
  CONSTRAINT password_verifiers_user_fk FOREIGN KEY (user_id)
    REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- The proxy pool's list (proxypool's /iplist), filled and emptied by the
-- operator (usergate iplist import / clear).
CREATE TABLE IF NOT EXISTS proxies (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  ip         VARCHAR(64)  CHARACTER SET ascii NOT NULL,
  port       INT UNSIGNED NOT NULL,
  httptype   VARCHAR(16)  CHARACTER SET ascii NOT NULL,
  address    VARCHAR(255) NULL,
  isp        VARCHAR(64)  NULL,
  spend      DOUBLE       NULL,
  createtime DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY proxies_endpoint (ip, port, httptype)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
