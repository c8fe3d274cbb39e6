-- Functions are CREATE OR REPLACE: `npm run db:reset` drops the tables (and so the triggers), not them.
-- Every instance keeps the catalogue and recent sessions in memory (issue 11); these triggers
-- tell all of them, through LISTEN/NOTIFY, what changed. They fire on every write whoever makes
-- it (the API, a migration, psql), and a notification is delivered only if its transaction commits.
-- The channel carries the schema's name, so apps on different schemas of one database stay apart.

-- Bumped on every write of a row: a copy of the row can tell whether a notification is news.
ALTER TABLE products ADD COLUMN version bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION products_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END $$;

CREATE TRIGGER products_version BEFORE UPDATE ON products
  FOR EACH ROW EXECUTE FUNCTION products_bump_version();

-- Payload `p|<id>|<version>|<stock>|s` when only the stock moved (the listener applies it without
-- a read), `p|<id>|<version>|<stock>|r` when anything else changed (the listener re-reads the row),
-- `p|<id>|d` when the row is gone.
CREATE OR REPLACE FUNCTION products_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  channel text := 'store_changes_' || current_schema();
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify(channel, 'p|' || OLD.id || '|d');
    RETURN OLD;
  END IF;
  PERFORM pg_notify(channel, 'p|' || NEW.id || '|' || NEW.version || '|' || NEW.stock_qty || '|' ||
    CASE WHEN TG_OP = 'UPDATE'
          AND (to_jsonb(OLD) - 'stock_qty' - 'version') = (to_jsonb(NEW) - 'stock_qty' - 'version')
         THEN 's' ELSE 'r' END);
  RETURN NEW;
END $$;

CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION products_notify();

-- `*`: a whole table was emptied (TRUNCATE fires no row trigger): every copy starts again.
CREATE OR REPLACE FUNCTION tables_truncated_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('store_changes_' || current_schema(), '*');
  RETURN NULL;
END $$;

CREATE TRIGGER products_truncated AFTER TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION tables_truncated_notify();
CREATE TRIGGER sessions_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION tables_truncated_notify();
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION tables_truncated_notify();

-- `s|<token hash>`: a session ended (logout, expiry sweep, its user deleted).
CREATE OR REPLACE FUNCTION sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('store_changes_' || current_schema(), 's|' || OLD.token_hash);
  RETURN OLD;
END $$;

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_notify();

-- `u|<user id>`: what a cached session knows of its user (the admin flag) changed.
CREATE OR REPLACE FUNCTION users_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('store_changes_' || current_schema(), 'u|' || OLD.id);
  RETURN OLD;
END $$;

CREATE TRIGGER users_role_changed AFTER UPDATE OF is_admin OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION users_notify();
