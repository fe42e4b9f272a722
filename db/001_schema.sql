-- usergate schema, version 1: the one user store for every contract.
-- Applied by `usergate migrate`; each statement ends with ";" at the end
-- of a line.  Times are DATETIME(3) in UTC (the connection sets
-- time_zone = '+00:00').

CREATE TABLE IF NOT EXISTS roles (
  role_id     INT UNSIGNED NOT NULL PRIMARY KEY,
  name        VARCHAR(64)  NOT NULL,
  code        VARCHAR(64)  NOT NULL,
  description VARCHAR(255) NULL,
  level       INT          NOT NULL,
  created     DATETIME(3)  NULL,
  updated     DATETIME(3)  NULL,
  UNIQUE KEY roles_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- adminsys's ids; levels order them for the privilege rules.
INSERT IGNORE INTO roles (role_id, name, code, description, level) VALUES
  (1,  '超级管理员',     'admin',      '超级管理员，拥有所有权限', 100),
  (6,  '用户管理员',     'user_admin', '用户管理员，管理普通用户', 50),
  (7,  '店铺管理员',     'shop_admin', '店铺管理员', 50),
  (9,  '角色权限管理员', 'role_admin', '角色权限管理员', 50),
  (10, '普通用户',       'user',       '普通用户', 10),
  (11, '访客',           'guest',      '访客', 0);

-- Usernames compare case-insensitively but without PAD SPACE, so that
-- "Admin" is "admin" and "admin " is not.  openid is binary: WeChat
-- openids are case-sensitive.
CREATE TABLE IF NOT EXISTS users (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username       VARCHAR(255) CHARACTER SET utf8mb4
                 COLLATE utf8mb4_unicode_nopad_ci NOT NULL,
  password_hash  VARCHAR(384) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  role_id        INT UNSIGNED NOT NULL DEFAULT 10,
  disabled       TINYINT(1)   NOT NULL DEFAULT 0,
  locked         TINYINT(1)   NOT NULL DEFAULT 0,
  openid         VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  wechat_name    VARCHAR(64)  NULL,
  ipconfig       VARCHAR(64)  NULL,
  stat           VARCHAR(32)  NULL,
  count          INT UNSIGNED NOT NULL DEFAULT 0,
  nickname       VARCHAR(64)  NULL,
  gender         CHAR(1)      NULL,
  email          VARCHAR(255) NULL,
  phone          VARCHAR(32)  NULL,
  zip_code       VARCHAR(16)  NULL,
  location       VARCHAR(255) NULL,
  age            INT UNSIGNED NULL,
  country        VARCHAR(64)  NULL,
  detail_address VARCHAR(255) NULL,
  identity       VARCHAR(64)  NULL,
  code           VARCHAR(64)  NULL,
  active         CHAR(1)      NOT NULL DEFAULT '1',
  description    VARCHAR(1024) NULL,
  avatar         VARCHAR(1024) NULL,
  base_path      VARCHAR(1024) NOT NULL DEFAULT '/',
  permission     INT          NOT NULL DEFAULT 0,
  sso_id         VARCHAR(255) NOT NULL DEFAULT '',
  otp_secret     VARCHAR(64)  NULL,
  created        DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated        DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
                 ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY users_username (username),
  UNIQUE KEY users_openid (openid),
  KEY users_role (role_id),
  CONSTRAINT users_role_fk FOREIGN KEY (role_id) REFERENCES roles (role_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Only the SHA-256 of a token is kept.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash  BINARY(32)      NOT NULL PRIMARY KEY,
  user_id     BIGINT UNSIGNED NOT NULL,
  created     DATETIME(3)     NOT NULL,
  expires     DATETIME(3)     NOT NULL,
  last_used   DATETIME(3)     NOT NULL,
  client_addr VARCHAR(64)     NULL,
  KEY sessions_user (user_id),
  KEY sessions_expires (expires),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins per username (kind 1) and per client address (kind 2),
-- shared by every usergate instance on this database.
CREATE TABLE IF NOT EXISTS login_failures (
  kind         TINYINT UNSIGNED NOT NULL,
  subject      VARCHAR(255) CHARACTER SET utf8mb4
               COLLATE utf8mb4_unicode_nopad_ci NOT NULL,
  window_start DATETIME(3)  NOT NULL,
  count        INT UNSIGNED NOT NULL,
  PRIMARY KEY (kind, subject),
  KEY login_failures_window (window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
