-- Issue 28: an Idempotency-Key in progress and a payment claim belong to a live instance, not
-- to a time lease. Each instance holds a session-level advisory lock (first key 28, second its
-- instance number) for as long as it runs, on a connection of its own: PostgreSQL ends it with
-- that connection, so the claims of an instance that died are free at once, and those of a live
-- one are never taken over, however slow its request. Rows claimed before this migration (no
-- instance) keep their time lease.
ALTER TABLE idempotency_keys ADD COLUMN holder_instance integer;
ALTER TABLE orders ADD COLUMN payment_claim_instance integer;

-- OR REPLACE: `npm run db:reset` drops the tables, not the functions.
CREATE OR REPLACE FUNCTION instance_alive(instance integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND classid = 28 AND objid = instance::oid AND objsubid = 2
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  )
$$;
