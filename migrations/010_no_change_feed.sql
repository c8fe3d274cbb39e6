-- The instances no longer keep copies told of changes through LISTEN/NOTIFY: each caches what it
-- read for at most a second (DATABASE_CACHE_TTL_MS), so no write has to announce itself. What
-- 006 and 009 added for those copies goes: the notifying triggers, their functions, and the row
-- version that told a copy whether a notification was news.
DROP TRIGGER IF EXISTS products_changed ON products;
DROP TRIGGER IF EXISTS products_updated ON products;
DROP TRIGGER IF EXISTS products_truncated ON products;
DROP TRIGGER IF EXISTS sessions_truncated ON sessions;
DROP TRIGGER IF EXISTS users_truncated ON users;
DROP TRIGGER IF EXISTS sessions_ended ON sessions;
DROP TRIGGER IF EXISTS users_role_changed ON users;
DROP TRIGGER IF EXISTS products_version ON products;

DROP FUNCTION IF EXISTS products_notify();
DROP FUNCTION IF EXISTS tables_truncated_notify();
DROP FUNCTION IF EXISTS sessions_notify();
DROP FUNCTION IF EXISTS users_notify();
DROP FUNCTION IF EXISTS products_bump_version();

ALTER TABLE products DROP COLUMN IF EXISTS version;
