-- Money and quantities can pass 2^31 (22 units of a 1,000,000 € product): bigint everywhere
-- they are stored. The application reads int8 back as a JS number; the HTTP edge bounds
-- every amount well below 2^53, so no value loses precision.
ALTER TABLE products
  ALTER COLUMN price_cents TYPE bigint,
  ALTER COLUMN stock_qty TYPE bigint;
ALTER TABLE cart_items ALTER COLUMN quantity TYPE bigint;
ALTER TABLE orders
  ALTER COLUMN total_cents TYPE bigint,
  ALTER COLUMN refunded_cents TYPE bigint;
ALTER TABLE payments ALTER COLUMN amount_cents TYPE bigint;
ALTER TABLE invoices
  ALTER COLUMN total_cents TYPE bigint,
  ALTER COLUMN total_excl_vat_cents TYPE bigint,
  ALTER COLUMN vat_cents TYPE bigint;

-- A payment claim is a lease with its end written by the claimer, so an instance that dies
-- mid-charge frees the order when the lease lapses, on the same clock as every other rule.
ALTER TABLE orders ADD COLUMN payment_claimed_until timestamptz;
ALTER TABLE orders DROP COLUMN payment_claimed_at;

-- Expired sessions are swept by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX login_failures_at ON login_failures (at);

-- Search text is derived in the row from per-field folded forms, so an update writes only
-- the folded form of the field it changes: two edits of name and description never mix.
ALTER TABLE products ADD COLUMN description_key text;
UPDATE products SET description_key = substr(search_text, length(name_key) + 2);
ALTER TABLE products ALTER COLUMN description_key SET NOT NULL;
ALTER TABLE products DROP COLUMN search_text;
ALTER TABLE products ADD COLUMN search_text text GENERATED ALWAYS AS (name_key || E'\n' || description_key) STORED;

-- An in-progress key belongs to the request that claimed it: only that one completes or
-- abandons it, even after its lease lapsed and a retry took the key over.
ALTER TABLE idempotency_keys ADD COLUMN holder text NOT NULL DEFAULT '';

-- Names sort by code point (COLLATE "C"), as the memory store does, whatever the server's locale.
DROP INDEX products_name_order;
CREATE INDEX products_name_order ON products (name_key COLLATE "C", seq);
