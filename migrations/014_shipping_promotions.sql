-- Issue 25: shipping methods, promotions and their redemptions.

-- Exactly one default whenever there is a method: the unique index admits at most one, and
-- the store's writes (the table locked, judged as in memory) never leave none.
CREATE TABLE shipping_methods (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  free_from_cents bigint CHECK (free_from_cents >= 0),
  delivery_days integer NOT NULL CHECK (delivery_days >= 0),
  active boolean NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  CHECK (active OR NOT is_default)
);
CREATE UNIQUE INDEX shipping_methods_one_default ON shipping_methods ((true)) WHERE is_default;

-- A code is stored as typed and unique whatever its case (codes are ASCII letters, digits, - and _,
-- so upper() means the same here as toUpperCase() in the memory store).
CREATE TABLE promotions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('percent', 'fixed', 'free_shipping')),
  value bigint,
  min_subtotal_cents bigint NOT NULL DEFAULT 0 CHECK (min_subtotal_cents >= 0),
  starts_at timestamptz,
  ends_at timestamptz,
  max_uses integer CHECK (max_uses >= 1),
  max_uses_per_customer integer CHECK (max_uses_per_customer >= 1),
  active boolean NOT NULL,
  -- Claimed and not given back. Not bounded by max_uses here: an admin may lower the limit below it.
  uses integer NOT NULL DEFAULT 0 CHECK (uses >= 0),
  created_at timestamptz NOT NULL,
  CHECK (
    (kind = 'percent' AND value BETWEEN 1 AND 100) OR
    (kind = 'fixed' AND value >= 1) OR
    (kind = 'free_shipping' AND value IS NULL)
  ),
  CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
CREATE UNIQUE INDEX promotions_code_upper ON promotions (upper(code));

-- One customer's uses of one code, as a row that a claim's INSERT … ON CONFLICT DO UPDATE
-- locks and judges at its latest version (a count of redemptions would be read from the
-- statement's snapshot, blind to a claim committed while it waited for the promotion's lock).
CREATE TABLE promotion_customer_uses (
  promotion_id text NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  uses integer NOT NULL CHECK (uses >= 0),
  PRIMARY KEY (promotion_id, user_id)
);

-- One use per order, kept when given back (released_at) so an accountant can follow it; the
-- order's id is the key, so one order claims a code at most once. No foreign key to orders: the
-- checkout inserts the order and claims its code in one statement, and the key is its own.
CREATE TABLE promotion_redemptions (
  order_id text PRIMARY KEY,
  promotion_id text NOT NULL REFERENCES promotions (id),
  user_id text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);
CREATE INDEX promotion_redemptions_promotion ON promotion_redemptions (promotion_id);
