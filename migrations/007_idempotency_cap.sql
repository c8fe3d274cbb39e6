-- Issue 12: idempotency keys are bounded per user and in the whole table. Each key records
-- its owner (the user, the first part of the key) and a creation rank, so making way forgets
-- the oldest completed or expired keys of that owner, then of the table.
ALTER TABLE idempotency_keys ADD COLUMN owner text;
UPDATE idempotency_keys SET owner = split_part(key, ':', 1);
ALTER TABLE idempotency_keys ALTER COLUMN owner SET NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN owner SET DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN seq bigserial;
CREATE INDEX idempotency_keys_owner_seq ON idempotency_keys (owner, seq);
CREATE INDEX idempotency_keys_seq ON idempotency_keys (seq);
